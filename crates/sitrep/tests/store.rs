//! Reliability tests of `sitrep ingest`, `sitrep reannotate` and `sitrep
//! search`: idempotent re-ingest, chunks that survive `kill -9` whole and a
//! re-run that resumes, stale annotations redone, refusal of files that are
//! not sitrep databases, and search.

use assert_cmd::Command;
use rusqlite::Connection;
use serde_json::{json, Value};
use sitrep_core::Document;
use sitrep_store::Store;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn sitrep() -> Command {
    Command::cargo_bin("sitrep").unwrap()
}

/// The numbers of the ingest summary line: new, replaced, unchanged,
/// duplicate content, failed.
fn summary(stderr: &[u8]) -> [usize; 5] {
    let stderr = String::from_utf8_lossy(stderr);
    // The fusion that follows an ingest has a line of its own after it.
    let line = stderr.lines().rfind(|l| l.starts_with("ingested ")).unwrap_or("");
    assert!(line.starts_with("ingested "), "no summary line in {stderr:?}");
    let nums: Vec<usize> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    nums.try_into().unwrap_or_else(|n| panic!("summary {line:?} has numbers {n:?}"))
}

fn ingest(db: &Path, inputs: &[&str]) -> assert_cmd::assert::Assert {
    sitrep().arg("ingest").arg("--db").arg(db).args(inputs).assert()
}

/// A short article of my own words; `i` varies the figures and the place.
fn article(i: usize) -> String {
    let places = ["Harbourton", "Eastmere", "Lowfield", "Brackenridge", "Southport"];
    let place = places[i % places.len()];
    format!(
        "Port workers walk out in {place}\n\nMore than {n} dock workers in {place} stopped work on Monday, the \
         Dockworkers' Union said, in a dispute over shift pay that has idled {ships} ships.\n\n\
         \"We will stay out until the offer changes,\" said Maren Ostby, the union's regional secretary. \
         The port authority said talks would resume on Thursday.",
        n = 1000 + i * 7,
        ships = 3 + i % 40,
    )
}

fn write_jsonl(path: &Path, lines: &[Value]) {
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(path, body).unwrap();
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn reingesting_is_a_no_op_and_changes_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let feed = dir.path().join("feed.jsonl");
    write_jsonl(&feed, &[json!({"id": "a", "text": article(1)}), json!({"id": "b", "text": article(2)})]);
    let out = ingest(&db, &[path_str(&feed)]).success().get_output().stderr.clone();
    assert_eq!(summary(&out), [2, 0, 0, 0, 0]);
    let out = ingest(&db, &[path_str(&feed)]).success().get_output().stderr.clone();
    assert_eq!(summary(&out), [0, 0, 2, 0, 0]);
    assert!(String::from_utf8_lossy(&out).ends_with(&format!("into {}\n", db.display())));

    // b changes, c is a copy of a under another id, d is new.
    write_jsonl(
        &feed,
        &[
            json!({"id": "a", "text": article(1)}),
            json!({"id": "b", "text": article(3)}),
            json!({"id": "c", "text": article(1)}),
            json!({"id": "d", "text": article(4)}),
        ],
    );
    let out = ingest(&db, &[path_str(&feed)]).success().get_output().stderr.clone();
    assert_eq!(summary(&out), [1, 1, 1, 1, 0]);
    let store = Store::open(&db).unwrap();
    let ids: Vec<String> = store.documents().map(|d| d.unwrap().id).collect();
    assert_eq!(ids, ["a", "b", "d"]);
}

#[test]
fn a_document_changed_and_changed_back_in_one_chunk_ends_as_its_last_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let feed = dir.path().join("feed.jsonl");
    write_jsonl(&feed, &[json!({"id": "a", "text": article(1)}), json!({"id": "b", "text": article(2)})]);
    ingest(&db, &[path_str(&feed)]).success();
    // a is corrected, then the correction is withdrawn; b's content moves to
    // c and then back: the store held a and b as they were when the run
    // began, but not when the later lines are written.
    write_jsonl(
        &feed,
        &[
            json!({"id": "a", "text": article(3)}),
            json!({"id": "a", "text": article(1)}),
            json!({"id": "b", "text": article(4)}),
            json!({"id": "c", "text": article(2)}),
        ],
    );
    let out = ingest(&db, &[path_str(&feed)]).success().get_output().stderr.clone();
    assert_eq!(summary(&out), [1, 3, 0, 0, 0]);
    let texts: Vec<(String, String)> = stored(&db).into_iter().map(|d| (d.id, d.text)).collect();
    assert_eq!(texts, [("a".into(), article(1)), ("b".into(), article(4)), ("c".into(), article(2))]);
    assert!(stored(&db).iter().all(|d| !d.quotes.is_empty()), "a document was stored without its annotations");
}

#[test]
fn the_demo_corpus_round_trips_through_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = ingest(&db, &[]).success().get_output().stderr.clone();
    let extracted: Vec<Document> = String::from_utf8(sitrep().arg("extract").assert().success().get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(summary(&out), [extracted.len(), 0, 0, 0, 0]);
    let store = Store::open(&db).unwrap();
    let stored: Vec<Document> = store.documents().collect::<Result<_, _>>().unwrap();
    assert_eq!(stored.len(), extracted.len());
    for (s, e) in stored.iter().zip(&extracted) {
        assert_eq!(s, e, "{} differs after the round trip", e.id);
    }
}

#[test]
fn bad_inputs_are_reported_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let feed = dir.path().join("feed.jsonl");
    std::fs::write(
        &feed,
        format!("{}\n{{\"id\": \"broken\", \n{}\n", json!({"id": "a", "text": article(1)}), json!({"id": "b", "text": article(2)})),
    )
    .unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let out = ingest(&db, &[path_str(&feed), path_str(&empty)]).code(1).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("sitrep: error: ")).collect();
    assert_eq!(errors.len(), 2, "{stderr}");
    assert!(errors.iter().any(|l| l.contains("feed.jsonl:2")), "{stderr}");
    assert!(errors.iter().any(|l| l.contains("empty.txt")), "{stderr}");
    assert_eq!(summary(&out.stderr), [2, 0, 0, 0, 2]);
    assert_eq!(Store::open(&db).unwrap().len().unwrap(), 2);
}

/// The number of documents committed to the store at `db`.
fn committed(db: &Path) -> usize {
    Connection::open(db)
        .and_then(|c| c.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)))
        .unwrap_or(0)
}

/// Every document of the store at `db`, in ingest order.
fn stored(db: &Path) -> Vec<Document> {
    Store::open(db).unwrap().documents().collect::<Result<_, _>>().unwrap()
}

/// `sitrep ingest --chunk 25` of `input` into `db`, killed with SIGKILL once
/// at least `at_least` documents are committed; then the store passes
/// `integrity_check` and every document in it is whole: equal, annotations
/// and all, to the same document in `clean`.
fn kill_mid_ingest(db: &Path, input: &Path, at_least: usize, clean: &[Document]) -> usize {
    let bin: PathBuf = assert_cmd::cargo::cargo_bin("sitrep");
    let mut child = std::process::Command::new(&bin)
        .args(["ingest", "--chunk", "25", "--db", path_str(db), path_str(input)])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while committed(db) < at_least {
        assert!(child.try_wait().unwrap().is_none(), "the ingest finished before it could be killed");
        assert!(start.elapsed() < Duration::from_secs(120), "no chunk was committed in two minutes");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let conn = Connection::open(db).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')", []).unwrap();
    let docs = stored(db);
    for doc in &docs {
        let whole = clean.iter().find(|c| c.id == doc.id).unwrap_or_else(|| panic!("{} is not in the clean run", doc.id));
        assert_eq!(doc, whole, "{} is half-stored", doc.id);
    }
    docs.len()
}

#[test]
fn a_killed_ingest_keeps_its_chunks_whole_and_a_rerun_matches_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.jsonl");
    write_jsonl(&first, &(0..5).map(|i| json!({"id": format!("early-{i}"), "text": article(10_000 + i)})).collect::<Vec<_>>());
    // 1500 lines, 1000 distinct contents: every third line repeats an
    // earlier line's content, half of them under the same id, half under
    // another.
    let big = dir.path().join("big.jsonl");
    let lines: Vec<Value> = (0..1500)
        .map(|i| {
            if i % 3 == 2 {
                let earlier = i - 2;
                let id = if i % 2 == 0 { format!("doc-{earlier}") } else { format!("copy-{i}") };
                json!({"id": id, "text": article(earlier)})
            } else {
                json!({"id": format!("doc-{i}"), "text": article(i)})
            }
        })
        .collect();
    write_jsonl(&big, &lines);

    let clean = dir.path().join("clean.db");
    ingest(&clean, &[path_str(&first)]).success();
    let out = ingest(&clean, &[path_str(&big)]).success().get_output().stderr.clone();
    assert_eq!(summary(&out), [1000, 0, 250, 250, 0]);
    let clean_docs = stored(&clean);
    assert_eq!(clean_docs.len(), 1005);

    let db = dir.path().join("s.db");
    ingest(&db, &[path_str(&first)]).success();
    let kept = kill_mid_ingest(&db, &big, 5 + 50, &clean_docs);
    // Searching does not wait for an ingest, and sees what was committed.
    let out = sitrep().args(["search", "--json", "--limit", "2000", "workers", "--db", path_str(&db)]).assert().success();
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout).lines().count(), kept);
    // A second run resumes: what the first committed is unchanged, not annotated again.
    let kept_again = kill_mid_ingest(&db, &big, kept + 50, &clean_docs);
    assert!(kept_again >= kept + 50);

    let out = ingest(&db, &[path_str(&big)]).success().get_output().stderr.clone();
    let [new, replaced, unchanged, same, failed] = summary(&out);
    assert_eq!((new, replaced, failed), (1005 - kept_again, 0, 0));
    assert!(new > 0, "the second kill came after the last chunk");
    assert_eq!(new + unchanged + same, 1500);
    assert_eq!(stored(&db), clean_docs, "the resumed store differs from the clean run");
}

#[test]
fn chunk_sizes_must_be_whole_numbers_above_zero() {
    for bad in [["--chunk", "0"], ["--chunk-mb", "0"], ["--chunk", "ten"]] {
        sitrep().arg("ingest").args(bad).arg("x.jsonl").assert().code(2).stderr(predicates::str::contains("above 0"));
    }
}

/// Make the store at `db` look written by an older annotator: version 0,
/// the claims and quotes of every document gone.
fn age(db: &Path) {
    Connection::open(db)
        .unwrap()
        .execute_batch("UPDATE documents SET annotator = 0; DELETE FROM claim_rows; DELETE FROM quote_rows;")
        .unwrap();
}

#[test]
fn stale_annotations_are_redone_by_reannotate_and_by_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    ingest(&db, &[]).success();
    let fresh = stored(&db);
    assert!(fresh.iter().all(|d| !d.claims.is_empty()));
    age(&db);

    // An ingest of other documents notices, and leaves them to reannotate.
    let feed = dir.path().join("feed.jsonl");
    write_jsonl(&feed, &[json!({"id": "a", "text": article(1)})]);
    let out = ingest(&db, &[path_str(&feed)]).success().get_output().stderr.clone();
    let stderr = String::from_utf8_lossy(&out);
    assert!(
        stderr.contains(&format!("{} stored documents have annotations of an older sitrep", fresh.len())),
        "{stderr}"
    );
    assert_eq!(summary(&out), [1, 0, 0, 0, 0]);

    let out = sitrep().args(["reannotate", "--chunk", "3", "--db", path_str(&db)]).assert().success().get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with(&format!("reannotated {} documents", fresh.len())), "{stderr}");
    let docs = stored(&db);
    assert_eq!(docs[..fresh.len()], fresh[..], "re-annotated documents differ from a fresh ingest");
    let out = sitrep().args(["reannotate", "--db", path_str(&db)]).assert().success().get_output().clone();
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("reannotated 0 documents"));

    // With --no-fuse they are annotated again and the fusion is left to `sitrep fuse`.
    age(&db);
    let out = sitrep().args(["reannotate", "--no-fuse", "--db", path_str(&db)]).assert().success().get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with(&format!("reannotated {} documents", docs.len())) && stderr.contains("sitrep fuse --db") && !stderr.contains("fused"), "{stderr}");
    let out = sitrep().args(["fuse", "--db", path_str(&db)]).assert().success().get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("fused "), "{stderr}");
    assert_eq!(stored(&db), docs, "re-annotated without fusing, the documents are those of a fresh ingest");

    // An ingest that meets a stale document annotates it again.
    age(&db);
    let out = ingest(&db, &[path_str(&feed)]).success().get_output().stderr.clone();
    let stderr = String::from_utf8_lossy(&out);
    assert!(stderr.lines().rfind(|l| l.starts_with("ingested ")).unwrap().contains("0 failed, 1 re-annotated into"), "{stderr}");
    assert!(stderr.contains(&format!("{} stored documents have annotations", fresh.len())), "{stderr}");
    assert_eq!(stored(&db).last(), docs.last());

    sitrep().args(["reannotate", "--db", path_str(&dir.path().join("none.db"))]).assert().code(1).stderr(predicates::str::contains("no such database"));
}

#[test]
fn files_that_are_not_sitrep_databases_are_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    write_jsonl(&feed, &[json!({"id": "a", "text": article(1)})]);

    let junk = dir.path().join("junk.db");
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
    std::fs::write(&junk, &bytes).unwrap();
    let foreign = dir.path().join("foreign.db");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE recipes (name TEXT, steps TEXT);").unwrap();

    for db in [&junk, &foreign] {
        for cmd in [vec!["ingest", path_str(&feed)], vec!["search", "workers"]] {
            let out = sitrep().args(&cmd).arg("--db").arg(db).assert().code(1).get_output().clone();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(stderr.starts_with(&format!("sitrep: error: {}: not a sitrep database", db.display())), "{stderr}");
        }
    }
    assert_eq!(std::fs::read(&junk).unwrap(), bytes);
    let tables: i64 = Connection::open(&foreign)
        .unwrap()
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1, "the foreign database was changed");
}

#[test]
fn search_finds_a_word_with_a_marked_snippet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let feed = dir.path().join("feed.jsonl");
    write_jsonl(
        &feed,
        &[
            json!({"id": "strike", "title": "Dock strike", "published": "2024-03-04", "text": article(1)}),
            json!({"id": "budget", "text": "The council passed its budget on Tuesday after a long debate over libraries."}),
        ],
    );
    ingest(&db, &[path_str(&feed)]).success();

    let out = sitrep().args(["search", "--json", "resume", "--db", path_str(&db)]).assert().success().get_output().stdout.clone();
    let hits: Vec<Value> = String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["doc"], "strike");
    assert_eq!(hits[0]["published"], "2024-03-04");
    let snippet = hits[0]["snippet"].as_str().unwrap();
    let mark = &hits[0]["marks"][0];
    let (start, end) = (mark["start"].as_u64().unwrap() as usize, mark["end"].as_u64().unwrap() as usize);
    assert_eq!(&snippet[start..end], "resume");

    let table = sitrep().args(["search", "libraries", "--db", path_str(&db)]).assert().success().get_output().stdout.clone();
    let table = String::from_utf8(table).unwrap();
    assert!(table.contains("[libraries]") && table.contains("budget"), "{table}");

    sitrep().args(["search", "\"unclosed", "--db", path_str(&db)]).assert().code(1).stderr(predicates::str::contains("bad search query"));

    let missing = dir.path().join("missing.db");
    sitrep().args(["search", "x", "--db", path_str(&missing)]).assert().code(1).stderr(predicates::str::contains("no such database"));
    assert!(!missing.exists());
}
