//! End-to-end tests of the `sitrep` binary: exit statuses, error lines and
//! the handling of bad inputs in a batch.

use assert_cmd::Command;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

fn sitrep() -> Command {
    Command::cargo_bin("sitrep").unwrap()
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

const ARTICLE: &str = "Troops reach the front\n\nSeoul's spy agency said on Friday that the first units had reached the front line in the Kursk region after weeks of training in the Far East.\n\nThe agency gave no figure for the second group.\n";

#[test]
fn extract_without_inputs_reads_the_demo_corpus() {
    let out = sitrep().arg("extract").assert().success().get_output().stdout.clone();
    let docs = lines(&out);
    assert!(docs.len() >= 10, "demo corpus has {} documents", docs.len());
    for doc in &docs {
        for key in ["id", "source", "title", "byline", "published", "outlet", "language", "text", "entities", "quotes", "quantities", "times", "claims"] {
            assert!(doc.get(key).is_some(), "{} lacks {key}", doc["id"]);
        }
        assert!(doc["text"].as_str().unwrap().len() > 200, "{} has little text", doc["id"]);
    }
}

#[test]
fn bad_inputs_are_reported_one_line_each_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let empty = write(d, "empty.txt", b"");
    let binary = write(d, "photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    let invalid_utf8 = write(d, "latin.txt", b"Headline here\n\nThe minister said the caf\xe9 \xff\xfe had closed on Monday after the talks.\n");
    let jsonl = write(
        d,
        "feed.jsonl",
        b"{\"id\":\"one\",\"text\":\"First.\"}\n{\"id\":\"two\",\"text\":\"Second.\"}\n{\"id\": \"three\", \"text\": \n{\"id\":\"four\",\"text\":\"Fourth.\"}\n",
    );
    let good = write(d, "good.txt", ARTICLE.as_bytes());
    let warc = {
        let page = "<html><body><article><p>The ministry said the first units had arrived in the port city on Tuesday after a long voyage.</p></article></body></html>";
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{page}");
        let record = |uri: &str| {
            format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-11-05T08:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
                http.len()
            )
        };
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(record("https://a.example/1").as_bytes()).unwrap();
        gz.write_all(record("https://a.example/2").as_bytes()).unwrap();
        let bytes = gz.finish().unwrap();
        write(d, "cut.warc.gz", &bytes[..bytes.len() - 12])
    };
    let missing = d.join("nope.txt").to_str().unwrap().to_string();

    let assert = sitrep()
        .arg("extract")
        .args([&empty, &binary, &invalid_utf8, &jsonl, &warc, &missing, &good])
        .assert()
        .code(1);
    let out = assert.get_output();
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    let errors: Vec<&str> = stderr.lines().collect();
    let has = |needle: &str, what: &str| {
        assert!(errors.iter().any(|l| l.contains(needle) && l.contains(what)), "no error line for {needle} ({what}) in:\n{stderr}")
    };
    has(&empty, "empty");
    has(&binary, "binary");
    has(&format!("{jsonl}:3"), "invalid JSON");
    has(&warc, "gzip");
    has(&missing, "no such file");
    assert_eq!(errors.len(), 5, "one line per bad input:\n{stderr}");

    let docs = lines(&out.stdout);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [invalid_utf8.as_str(), "one", "two", "four", "https://a.example/1", good.as_str()]);
    assert!(docs[0]["text"].as_str().unwrap().contains("caf\u{fffd} \u{fffd}\u{fffd} had closed") || docs[0]["text"].as_str().unwrap().contains("café"));
    assert_eq!(docs[4]["published"], "2024-11-05", "the WARC date is the fallback date");
}

#[test]
fn a_50_megabyte_single_line_file_is_over_the_document_limit_unless_raised() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = String::with_capacity(50 << 20);
    while line.len() < 50 << 20 {
        line.push_str("abcdefghijklmnopqrstuvwxyz");
    }
    let big = write(dir.path(), "big.txt", line.as_bytes());
    let small = write(dir.path(), "small.txt", b"The council met on Monday.\n");
    let out = sitrep().args(["extract", &big, &small]).assert().code(1).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, format!("sitrep: error: {big}: the document is larger than 16.0 MiB (--max-doc-bytes raises the limit)\n"));
    assert_eq!(lines(&out.stdout)[0]["id"], small, "the other input is still read");
    let out = sitrep().args(["extract", "--max-doc-bytes", "64M", &big]).assert().success().get_output().stdout.clone();
    let docs = lines(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], big);
}

#[test]
fn jsonl_text_is_kept_byte_for_byte() {
    let text = "  Two  spaces,\ttabs\r\nand a \u{201c}curly\u{201d} quote.  ";
    let input = serde_json::json!({"id": "x", "text": text, "published": "2024-10-23", "url": "https://www.news.example/a"});
    let out = sitrep().args(["extract", "--jsonl", "-"]).write_stdin(format!("{input}\n")).assert().success().get_output().stdout.clone();
    let docs = lines(&out);
    assert_eq!(docs[0]["text"], text);
    assert_eq!(docs[0]["published"], "2024-10-23");
    assert_eq!(docs[0]["outlet"], "news.example");
}

#[test]
fn stdin_without_jsonl_is_one_text_document_and_published_fills_in() {
    let out = sitrep()
        .args(["extract", "--published", "2024-10-25", "-"])
        .write_stdin(ARTICLE)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let docs = lines(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], "-");
    assert_eq!(docs[0]["published"], "2024-10-25");
    assert!(docs[0]["text"].as_str().unwrap().contains("Kursk region"));
}

#[test]
fn lang_forces_the_language_and_its_number_pack() {
    let text = "Vlada je dala 3,5 mld. korun na obnovu a poslala 2.500 vojaku.";
    let out = sitrep().args(["extract", "--lang", "cs", "-"]).write_stdin(text).assert().success().get_output().stdout.clone();
    let docs = lines(&out);
    assert_eq!(docs[0]["language"], "cs");
    let q = &docs[0]["quantities"][0];
    assert_eq!((q["text"].as_str(), q["value"].as_f64(), q["unit"].as_str()), (Some("3,5 mld. korun"), Some(3.5e9), Some("CZK")));
    sitrep().args(["extract", "--lang", "Czech"]).assert().code(2);
}

#[test]
fn directories_are_read_recursively_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    write(dir.path(), "b.txt", ARTICLE.as_bytes());
    write(&dir.path().join("sub"), "a.txt", ARTICLE.as_bytes());
    write(dir.path(), ".hidden.txt", ARTICLE.as_bytes());
    let out = sitrep().args(["extract", dir.path().to_str().unwrap()]).assert().success().get_output().stdout.clone();
    let ids: Vec<String> = lines(&out).iter().map(|d| d["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids[0].ends_with("b.txt") && ids[1].ends_with("a.txt"), "{ids:?}");
}

#[test]
fn usage_errors_exit_with_status_2() {
    sitrep().args(["extract", "--published", "yesterday"]).assert().code(2);
    sitrep().args(["extract", "--no-such-flag"]).assert().code(2);
    sitrep().arg("no-such-command").assert().code(2);
}

#[test]
fn help_describes_every_command() {
    let out = sitrep().arg("--help").assert().success().get_output().stdout.clone();
    let help = String::from_utf8(out).unwrap();
    assert!(help.contains("extract"));
    let out = sitrep().args(["extract", "--help"]).assert().success().get_output().stdout.clone();
    let help = String::from_utf8(out).unwrap();
    for needle in ["--jsonl", "--published", "WARC", "JSON Lines", "exit status"] {
        assert!(help.contains(needle), "extract --help lacks {needle}");
    }
}

const QUOTED: &str = "Port strike enters second week\n\n\"We will not go back until the night shifts are paid properly,\" said Maria Ortiz, a spokeswoman for the dockworkers' union.\n\nThe port authority said talks would resume on Wednesday.\n";

#[test]
fn quotes_filters_by_speaker() {
    let out = sitrep().args(["quotes", "--json", "--speaker", "ORTIZ", "-"]).write_stdin(QUOTED).assert().success().get_output().stdout.clone();
    let docs = lines(&out);
    let quotes = docs[0]["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    assert!(quotes[0]["text"].as_str().unwrap().contains("We will not go back"));
    assert_eq!(quotes[0]["direct"], true);
    assert_eq!(quotes[0]["speaker_entity"], "Maria Ortiz");

    let out = sitrep().args(["quotes", "--json", "--speaker", "nobody", "-"]).write_stdin(QUOTED).assert().success().get_output().stdout.clone();
    assert!(lines(&out).is_empty(), "a document with no quote left prints no line");

    let out = sitrep().args(["quotes", "-"]).write_stdin(QUOTED).assert().success().get_output().stdout.clone();
    let table = String::from_utf8(out).unwrap();
    assert!(table.contains("Maria Ortiz") && table.contains("direct"), "{table}");
}

#[test]
fn entities_lists_people_with_descriptors() {
    let out = sitrep().args(["entities", "--json", "-"]).write_stdin(QUOTED).assert().success().get_output().stdout.clone();
    let docs = lines(&out);
    let ortiz = docs[0]["entities"].as_array().unwrap().iter().find(|e| e["name"] == "Maria Ortiz").expect("Maria Ortiz is an entity");
    assert_eq!(ortiz["kind"], "person");
    let out = sitrep().args(["entities", "-"]).write_stdin(QUOTED).assert().success().get_output().stdout.clone();
    let table = String::from_utf8(out).unwrap();
    assert!(table.contains("Maria Ortiz") && table.contains("person"), "{table}");
}

const FIGURES: &str = "Ferry fares climb again\n\nThe operator said up to 4,000 commuters a day would pay $12 per ticket from March, while fuel costs rose by 8 per cent.\n";

#[test]
fn numbers_lists_quantities_with_bounds_units_and_rates() {
    let out = sitrep().args(["numbers", "--json", "-"]).write_stdin(FIGURES).assert().success().get_output().stdout.clone();
    let docs = lines(&out);
    let qs = docs[0]["quantities"].as_array().unwrap();
    let commuters = qs.iter().find(|q| q["text"] == "up to 4,000").expect("the bounded count is found");
    assert_eq!(commuters["bound"], "at_most");
    assert_eq!(commuters["high"], 4000.0);
    assert_eq!(commuters["unit"], "person");
    assert_eq!(commuters["per"], "day");
    assert_eq!(commuters["counted"], "commuters");
    let fare = qs.iter().find(|q| q["text"] == "$12").expect("the fare is found");
    assert_eq!(fare["unit"], "USD");
    assert_eq!(fare["per_each"], "ticket");
    assert!(qs.iter().any(|q| q["text"] == "8 per cent" && q["unit"] == "percent"), "{qs:?}");

    let out = sitrep().args(["numbers", "-"]).write_stdin(FIGURES).assert().success().get_output().stdout.clone();
    let table = String::from_utf8(out).unwrap();
    for needle in ["up to 4,000", "at_most ≤ 4000", "person", "per day", "commuters", "per ticket", "USD"] {
        assert!(table.contains(needle), "the table lacks {needle}:\n{table}");
    }
}
