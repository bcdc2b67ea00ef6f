//! Reliability tests of `sitrep ingest` and `sitrep search`: idempotent
//! re-ingest, crash safety under `kill -9`, refusal of files that are not
//! sitrep databases, and search.

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
    let line = stderr.lines().last().unwrap_or("");
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

/// Wait until `path` exists, at most `limit`.
fn wait_for(path: &Path, limit: Duration) -> bool {
    let start = Instant::now();
    while !path.exists() {
        if start.elapsed() > limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    true
}

#[test]
fn a_killed_ingest_leaves_the_database_as_it_was_and_a_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let first = dir.path().join("first.jsonl");
    write_jsonl(&first, &(0..5).map(|i| json!({"id": format!("early-{i}"), "text": article(10_000 + i)})).collect::<Vec<_>>());
    ingest(&db, &[path_str(&first)]).success();

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
    let distinct = 5 + 1000;

    let bin: PathBuf = assert_cmd::cargo::cargo_bin("sitrep");
    let mut child = std::process::Command::new(&bin)
        .args(["ingest", "--db", path_str(&db), path_str(&big)])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    assert!(wait_for(&wal, Duration::from_secs(20)), "no WAL file appeared");
    std::thread::sleep(Duration::from_millis(150));
    // Searching does not wait for the running ingest, and sees only what was committed.
    let out = sitrep().args(["search", "--json", "workers", "--db", path_str(&db)]).assert().success().get_output().stdout.clone();
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 5);
    assert!(child.try_wait().unwrap().is_none(), "the ingest finished before it could be killed");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let check = |expected: usize| {
        let conn = Connection::open(&db).unwrap();
        let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok");
        let (docs, ids, hashes): (usize, usize, usize) = conn
            .query_row("SELECT count(*), count(DISTINCT id), count(DISTINCT hash) FROM documents", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!((docs, ids, hashes), (expected, expected, expected));
        let bare: usize = conn
            .query_row(
                "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.doc = d.key)
                    OR NOT EXISTS (SELECT 1 FROM quotes q WHERE q.doc = d.key)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(bare, 0, "documents without their annotations");
    };
    check(5);

    let out = ingest(&db, &[path_str(&big)]).success().get_output().stderr.clone();
    assert_eq!(summary(&out), [1000, 0, 250, 250, 0]);
    check(distinct);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.len().unwrap(), distinct);
    assert!(store.documents().all(|d| d.is_ok_and(|d| !d.entities.is_empty() && !d.quotes.is_empty())));
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
