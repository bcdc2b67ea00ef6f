//! No input takes a run down: each probe is a small generated input run
//! through the binary, which must give a clear error line or a correct
//! document, and store or print the rest of the batch.

use assert_cmd::Command;
use serde_json::{json, Value};
use std::path::Path;

fn sitrep() -> Command {
    Command::cargo_bin("sitrep").unwrap()
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout).lines().map(|l| serde_json::from_str(l).expect("each output line is JSON")).collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

fn article(i: usize) -> String {
    format!("Council meets\n\nThe council of district {i} met on Monday and approved {} new school places, the mayor said.\n", 100 + i)
}

/// The texts that made quote annotation panic, among a thousand good ones:
/// every one of them is stored.
#[test]
fn a_thousand_documents_and_the_former_panics_are_all_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut feed: Vec<String> = (0..1000).map(|i| json!({"id": format!("d{i}"), "text": article(i)}).to_string()).collect();
    feed.insert(500, json!({"id": "and-said", "text": "And said: \"We are ready.\""}).to_string());
    feed.push(json!({"id": "empty-link", "text": "The ministry, , said it was over."}).to_string());
    let path = write(dir.path(), "feed.jsonl", (feed.join("\n") + "\n").as_bytes());
    let db = dir.path().join("s.db");
    let out = sitrep().args(["ingest", "--db", db.to_str().unwrap(), &path]).assert().success().get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ingested 1002 new"), "{stderr}");
}

/// Under an address-space limit, a document too large for the memory left
/// is one error line; the small one is still read and the process does not abort.
#[cfg(target_os = "linux")]
#[test]
fn a_document_over_the_memory_limit_is_an_error_line_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "big.txt", "The council met. ".repeat(600_000).as_bytes());
    let small = write(dir.path(), "small.txt", article(1).as_bytes());
    let bin = assert_cmd::cargo::cargo_bin("sitrep");
    let script = format!("ulimit -v 1200000 && exec '{}' extract '{big}' '{small}'", bin.display());
    let out = std::process::Command::new("sh").args(["-c", &script]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("big.txt: the document is larger than") && stderr.contains("address-space limit (ulimit -v)"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(lines(&out.stdout)[0]["id"], small);
}

#[test]
fn names_and_titles_cannot_forge_lines_or_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = write(dir.path(), "a\nsitrep: error: forged.txt", b"");
    let out = sitrep().args(["extract", &name]).assert().code(1).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("a\\nsitrep: error: forged.txt: file is empty"), "{stderr}");

    let page = "<html><head><title>Spoof\u{1b}]0;owned\u{7}\u{1b}[2J</title></head><body><p>The council met on Monday and approved the budget for the new school year after a long debate.</p></body></html>";
    let html = write(dir.path(), "page.html", page.as_bytes());
    let out = sitrep().args(["numbers", &html]).assert().success().get_output().stdout.clone();
    let shown = String::from_utf8_lossy(&out);
    let out = sitrep().args(["entities", &html]).assert().success().get_output().stdout.clone();
    let shown = shown + String::from_utf8_lossy(&out);
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'), "{shown:?}");
}

#[test]
fn the_walk_skips_pipes_and_links_and_ends_link_loops() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("corpus");
    std::fs::create_dir(&d).unwrap();
    let a = write(&d, "a.txt", article(1).as_bytes());
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", d.join("up")).unwrap();
        std::os::unix::fs::symlink(".", d.join("self")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", d.join("zero.txt")).unwrap();
        assert!(std::process::Command::new("mkfifo").arg(d.join("pipe.txt")).status().unwrap().success());
    }
    let out = sitrep().args(["extract", d.to_str().unwrap()]).timeout(std::time::Duration::from_secs(60)).assert().success().get_output().clone();
    assert_eq!(lines(&out.stdout).iter().map(|d| d["id"].as_str().unwrap()).collect::<Vec<_>>(), [a.as_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.lines().all(|l| l.starts_with("sitrep: warning: ")), "{stderr}");
    assert_eq!(stderr.matches("symbolic link").count(), 3, "{stderr}");
    assert!(stderr.contains("pipe.txt: skipped: not a regular file (a named pipe)"), "{stderr}");
    let out = sitrep().args(["extract", "--follow", d.to_str().unwrap()]).timeout(std::time::Duration::from_secs(60)).assert().success().get_output().clone();
    let ids: Vec<Value> = lines(&out.stdout).iter().map(|d| d["id"].clone()).collect();
    assert_eq!(ids.len(), 1, "the loop through `up` reads corpus/ once: {ids:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("zero.txt: skipped: not a regular file (a character device)"), "{stderr}");
    assert!(stderr.contains("a directory already read"), "{stderr}");
}

#[test]
fn a_bom_on_standard_input_keeps_the_first_line() {
    let feed = format!("\u{feff}{}\n{}\n", json!({"id": "one", "text": "First."}), json!({"id": "two", "text": "Second."}));
    let out = sitrep().args(["extract", "--jsonl", "-"]).write_stdin(feed).assert().success().get_output().stdout.clone();
    assert_eq!(lines(&out).iter().map(|d| d["id"].as_str().unwrap().to_string()).collect::<Vec<_>>(), ["one", "two"]);
}

#[test]
fn a_bomb_in_a_compressed_feed_is_one_error_and_the_feed_goes_on() {
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(format!("{}\n{{\"id\":\"bomb\",\"text\":\"", json!({"id": "before", "text": "First."})).as_bytes()).unwrap();
    for _ in 0..24 {
        gz.write_all(&vec![b'a'; 1 << 20]).unwrap();
    }
    gz.write_all(format!("\"}}\n{}\n", json!({"id": "after", "text": "Last."})).as_bytes()).unwrap();
    let feed = write(dir.path(), "feed.jsonl.gz", &gz.finish().unwrap());
    let out = sitrep().args(["extract", &feed]).assert().code(1).get_output().clone();
    assert_eq!(lines(&out.stdout).iter().map(|d| d["id"].as_str().unwrap().to_string()).collect::<Vec<_>>(), ["before", "after"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim(), format!("sitrep: error: {feed}:2: the line is larger than 16.0 MiB (--max-doc-bytes raises the limit)"));
}

#[test]
fn a_short_article_and_wide_text_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let html = write(dir.path(), "short.html", b"<p>The council approved the budget on Tuesday.</p>");
    let text = "The council approved the budget on Tuesday after a long debate.\n";
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let wide = write(dir.path(), "wide.txt", &utf16);
    let out = sitrep().args(["extract", &html, &wide]).assert().success().get_output().stdout.clone();
    let docs = lines(&out);
    assert_eq!(docs[0]["text"], "The council approved the budget on Tuesday.");
    assert_eq!(docs[1]["text"], text.trim());
}

#[test]
fn quotes_json_prints_only_documents_with_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let quoted = write(dir.path(), "q.txt", b"\"We are ready,\" the mayor said on Monday.\n");
    let plain = write(dir.path(), "p.txt", b"Council meets\n\nThe council met on Monday and approved 102 new school places.\n");
    let out = sitrep().args(["quotes", "--json", &quoted, &plain]).assert().success().get_output().stdout.clone();
    assert_eq!(lines(&out).iter().map(|d| d["id"].as_str().unwrap()).collect::<Vec<_>>(), [quoted.as_str()]);
    let out = sitrep().args(["quotes", "--json", "--speaker", "nobody", &quoted, &plain]).assert().success().get_output().stdout.clone();
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
}

#[test]
fn search_takes_plain_words_and_refuses_a_flood_of_terms() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let db = db.to_str().unwrap();
    let feed = [
        json!({"id": "a", "text": "The U.S. envoy met Zelenskyy's aides; the deployment was discussed."}),
        json!({"id": "b", "text": "Troops were deployed to the border."}),
    ];
    let path = write(dir.path(), "f.jsonl", feed.iter().map(|l| format!("{l}\n")).collect::<String>().as_bytes());
    sitrep().args(["ingest", "--db", db, &path]).assert().success();
    for (query, want) in [("U.S.", vec!["a"]), ("Zelenskyy's", vec!["a"]), ("deploy*", vec!["a", "b"])] {
        let out = sitrep().args(["search", "--db", db, "--json", query]).assert().success().get_output().stdout.clone();
        let mut ids: Vec<String> = lines(&out).iter().map(|h| h["doc"].as_str().unwrap().to_string()).collect();
        ids.sort();
        assert_eq!(ids, want, "{query}");
    }
    let flood = (0..15_000).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
    let out = sitrep().args(["search", "--db", db, &flood]).timeout(std::time::Duration::from_secs(30)).assert().code(1).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("sitrep: error: bad search query \"w0 w1 w2") && stderr.len() < 200, "{stderr}");
}

#[test]
fn a_report_out_name_without_a_known_format_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let out_txt = dir.path().join("report.txt");
    let out = sitrep()
        .args(["report", "--db", db.to_str().unwrap(), "--out", out_txt.to_str().unwrap()])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("report.txt") && stderr.contains(".html") && stderr.contains(".json"), "{stderr}");
    assert!(!out_txt.exists());
}
