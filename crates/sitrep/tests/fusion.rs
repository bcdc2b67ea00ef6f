//! Stored, incremental fusion: whatever path a store took to its documents
//! (ingests in several runs, removals, corrections, a fusion killed with
//! SIGKILL and run again), its stored fusion reads exactly like a fusion
//! from scratch of the same documents (`sitrep_fuse::fuse_corrected`).
//! The articles are written for this test.

use assert_cmd::Command;
use rusqlite::Connection;
use serde_json::{json, Value};
use sitrep_core::Document;
use sitrep_store::Store;
use std::path::Path;
use std::time::{Duration, Instant};

fn run(db: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("sitrep").unwrap().args(args).arg("--db").arg(db).output().unwrap()
}

fn sitrep(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "sitrep {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// An article of one of three situations; `i` varies its figures, places
/// and date.
fn article(i: usize) -> Value {
    let places = ["Harbourton", "Eastmere", "Lowfield", "Brackenridge"];
    let place = places[i % places.len()];
    let (n, day) = (1000 + i * 7, 1 + i % 27);
    let text = match i % 3 {
        0 => format!(
            "Port workers walk out in {place}\n\nMore than {n} dock workers in {place} stopped work on Monday, the \
             Dockworkers' Union said, in a dispute over shift pay that has idled {s} ships. \"We will stay out \
             until the offer changes,\" said Maren Ostby, the union's regional secretary.",
            s = 3 + i % 40
        ),
        1 => format!(
            "Floodwater cuts off villages along the Aldane\n\nThe Aldane river burst its banks near {place}, forcing \
             about {n} residents from their homes, the regional emergency office said. Rescue boats reached \
             {s} villages and the levee inspector Tomas Virel warned of more rain.",
            s = 2 + i % 9
        ),
        _ => format!(
            "Wildfire spreads through the Korrin hills\n\nA wildfire in the Korrin hills above {place} has burned \
             {n} hectares, the forestry service said, and {s} fire crews were sent to hold the ridge line. \
             Fire chief Ilse Marrow said winds would ease by the weekend.",
            s = 10 + i % 30
        ),
    };
    json!({"id": format!("a{i}"), "text": text, "published": format!("2025-03-{day:02}"), "url": format!("https://news{}.example/{i}", i % 5)})
}

fn feed(dir: &Path, name: &str, range: std::ops::Range<usize>) -> String {
    let path = dir.join(name);
    let body: String = range.map(|i| format!("{}\n", article(i))).collect();
    std::fs::write(&path, body).unwrap();
    path.to_str().unwrap().to_string()
}

/// The store's documents fused from scratch with its corrections, as
/// `sitrep report --format json` prints a report to a pipe (compact).
fn from_scratch(db: &Path) -> String {
    let store = Store::open(db).unwrap();
    let docs: Vec<Document> = store.documents().collect::<Result<_, _>>().unwrap();
    let report = sitrep_fuse::fuse_corrected(&docs, &store.overrides().unwrap());
    serde_json::to_string(&report).unwrap() + "\n"
}

fn assert_same_as_from_scratch(db: &Path, when: &str) {
    let stored = sitrep(db, &["report", "--format", "json"]);
    let scratch = from_scratch(db);
    assert!(stored == scratch, "{when}: the stored fusion differs from a fusion from scratch:\n{stored}\n---\n{scratch}");
}

#[test]
fn ingests_removals_and_corrections_fuse_like_a_fusion_from_scratch() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let first = feed(dir.path(), "first.jsonl", 0..24);
    sitrep(&db, &["ingest", &first]);
    assert_same_as_from_scratch(&db, "after the first ingest");
    let stories: Vec<Value> = sitrep(&db, &["stories", "--json"]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(stories.len(), 3, "{stories:#?}");

    let second = feed(dir.path(), "second.jsonl", 24..40);
    let out = run(&db, &["ingest", &second]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("fused 3 stories (3 fused again, 0 gone)"), "{stderr}");
    assert_same_as_from_scratch(&db, "after the second ingest");
    // Ingesting nothing new fuses nothing again.
    let out = run(&db, &["ingest", &second]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("fused"), "{}", String::from_utf8_lossy(&out.stderr));

    // A story's id stays when it grows, so `--story` keeps working.
    let again: Vec<Value> = sitrep(&db, &["stories", "--json"]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let ids = |s: &[Value]| -> Vec<String> {
        let mut v: Vec<String> = s.iter().map(|s| s["id"].as_str().unwrap().to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&stories), ids(&again));

    // Removing every wildfire article but one re-fuses only that story.
    let gone: Vec<String> = (0..40).filter(|i| i % 3 == 2 && *i != 2).map(|i| format!("a{i}")).collect();
    let mut args = vec!["remove"];
    args.extend(gone.iter().map(String::as_str));
    args.push("nope");
    let out = run(&db, &args);
    assert_eq!(out.status.code(), Some(1), "an unknown id fails the run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("removed {} documents", gone.len())) && stderr.contains("1 fused again"), "{stderr}");
    assert_same_as_from_scratch(&db, "after a removal");

    // Uncorrected, claims --topic reads the stored topic and looks its
    // claims up: they are the claims `claims` lists in that topic (read
    // from their documents), in the topic's order, and --limit stops them.
    let topic: Value = serde_json::from_str(sitrep(&db, &["topics", "--json", "--limit", "1"]).lines().next().unwrap()).unwrap();
    let id = topic["id"].as_str().unwrap();
    let parsed = |out: String| -> Vec<Value> { out.lines().map(|l| serde_json::from_str(l).unwrap()).collect() };
    let listed = parsed(sitrep(&db, &["claims", "--json", "--topic", id]));
    let cited: Vec<(&Value, &Value)> = topic["claims"].as_array().unwrap().iter().map(|c| (&c["doc"], &c["claim"])).collect();
    assert_eq!(listed.iter().map(|c| (&c["doc"], &c["id"])).collect::<Vec<_>>(), cited);
    let mut of_topic: Vec<String> = parsed(sitrep(&db, &["claims", "--json"])).into_iter().filter(|c| c["topic"] == id).map(|c| c.to_string()).collect();
    let mut listed_once: Vec<String> = listed.iter().map(Value::to_string).collect();
    of_topic.sort();
    listed_once.sort();
    assert_eq!(listed_once, of_topic);
    assert_eq!(parsed(sitrep(&db, &["claims", "--json", "--topic", id, "--limit", "1"])), listed[..1]);
    // The claims kept with the topic, damaged, are an error line naming the
    // topic, not a panic nor claims left out.
    let conn = Connection::open(&db).unwrap();
    let kept: Vec<u8> = conn.query_row("SELECT claims FROM story_topics WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    for damaged in [&kept[..kept.len() / 2], &b"{}"[..]] {
        conn.execute("UPDATE story_topics SET claims = ?1 WHERE id = ?2", rusqlite::params![damaged, id]).unwrap();
        let out = run(&db, &["claims", "--json", "--topic", id]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains("sitrep: error:") && err.contains(id) && !err.contains("panicked"), "{err}");
    }
    conn.execute("UPDATE story_topics SET claims = ?1 WHERE id = ?2", rusqlite::params![kept, id]).unwrap();

    // Corrections apply at read time, story by story.
    sitrep(&db, &["correct", "exclude-outlet", "news1.example", "--by", "ana"]);
    let claim = topic["claims"][0]["doc"].as_str().unwrap().to_string() + "#" + topic["claims"][0]["claim"].as_str().unwrap();
    let _ = run(&db, &["correct", "reject-claim", &claim, "--by", "ana"]);
    assert_same_as_from_scratch(&db, "with corrections");

    // Topics are limited unless --all; claims --topic reads one topic.
    let all = sitrep(&db, &["topics", "--json", "--all"]).lines().count();
    assert!(all > 2, "{all}");
    assert_eq!(sitrep(&db, &["topics", "--json", "--limit", "2"]).lines().count(), 2);
    let claims: Vec<Value> = sitrep(&db, &["claims", "--json", "--topic", id]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!claims.is_empty() && claims.iter().all(|c| c["topic"] == id), "{claims:#?}");

    // The claims table stops at its limit and says so; JSON Lines stream
    // every claim unless limited.
    let every = sitrep(&db, &["claims", "--json"]).lines().count();
    assert!(every > 3, "{every}");
    assert_eq!(sitrep(&db, &["claims", "--json", "--limit", "3"]).lines().count(), 3);
    let limited = run(&db, &["claims", "--limit", "2"]);
    let note = String::from_utf8_lossy(&limited.stderr);
    assert!(limited.status.success() && note.contains("the first 2 claims are listed"), "{note}");
    let all = run(&db, &["claims", "--all"]);
    assert!(all.status.success() && !String::from_utf8_lossy(&all.stderr).contains("claims are listed"));
    assert!(String::from_utf8_lossy(&all.stdout).len() > String::from_utf8_lossy(&limited.stdout).len());
}

#[test]
fn inputs_stored_without_their_profile_names_get_them_once_and_fuse_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    sitrep(&db, &["ingest", &feed(dir.path(), "first.jsonl", 0..18)]);
    let sql = |q: &str| -> i64 { Connection::open(&db).unwrap().query_row(q, [], |r| r.get(0)).unwrap() };
    assert_eq!(sql("SELECT count(*) FROM fusion_names"), 18, "made with each input at ingest");
    // As a store made before schema version 11 holds them: no names, and
    // the stories to fuse again.
    Connection::open(&db)
        .unwrap()
        .execute_batch(
            "PRAGMA foreign_keys = ON; DELETE FROM fusion_names; UPDATE fusion_state SET names_missing = 1;
             DELETE FROM stories; UPDATE fusion_state SET fused = generation - 1;",
        )
        .unwrap();
    let out = Command::cargo_bin("sitrep").unwrap().args(["stories", "--db"]).arg(&db).env("SITREP_TRACE", "1").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.contains("profile names made for 18 documents"), "{stderr}");
    assert_eq!((sql("SELECT count(*) FROM fusion_names"), sql("SELECT names_missing FROM fusion_state")), (18, 0));
    assert_same_as_from_scratch(&db, "after the names were made from the stored profiles");
    // A document whose names are missing all the same has its profile
    // computed again: the same stories.
    Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA foreign_keys = ON; DELETE FROM fusion_names WHERE doc % 2 = 0; DELETE FROM stories; UPDATE fusion_state SET fused = generation - 1;")
        .unwrap();
    assert_same_as_from_scratch(&db, "with names missing");
}

/// Batches stored with `--no-fuse` leave the stored fusion behind, and
/// `sitrep fuse` brings it up to date once: the fusion of a store fused
/// after every batch, and of a fusion from scratch. A removal left unfused
/// is fused by the next reading command, which says so.
#[test]
fn batches_stored_without_fusing_are_fused_once_like_batches_fused_each_time() {
    let dir = tempfile::tempdir().unwrap();
    let (later, each) = (dir.path().join("later.db"), dir.path().join("each.db"));
    let batches = [feed(dir.path(), "one.jsonl", 0..12), feed(dir.path(), "two.jsonl", 12..30)];
    for batch in &batches {
        let out = run(&later, &["ingest", "--no-fuse", batch]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && !stderr.contains("fused") && stderr.contains("sitrep fuse --db"), "{stderr}");
        sitrep(&each, &["ingest", batch]);
    }
    let out = run(&later, &["fuse"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.contains("fused 3 stories (3 fused again, 0 gone)"), "{stderr}");
    let out = run(&later, &["fuse"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.contains("is up to date") && !stderr.contains("fused"), "{stderr}");
    // Storing nothing new into a store fused says nothing of the fusion.
    let out = run(&later, &["ingest", "--no-fuse", &batches[1]]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !stderr.contains("fus"), "{stderr}");
    assert_eq!(sitrep(&later, &["report", "--format", "json"]), sitrep(&each, &["report", "--format", "json"]));
    assert_same_as_from_scratch(&later, "after two batches fused once");

    let out = run(&later, &["remove", "--no-fuse", "a3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.contains("removed 1 documents") && stderr.contains("sitrep fuse --db") && !stderr.contains("fused"), "{stderr}");
    // The reading command that fuses it says so.
    let out = run(&later, &["stories"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.contains("fused 3 stories (1 fused again, 0 gone)"), "{stderr}");
    assert_same_as_from_scratch(&later, "after a removal fused by a reading command");

    let out = run(&dir.path().join("none.db"), &["fuse"]);
    assert_eq!(out.status.code(), Some(1), "a missing database fails the run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such database"));
    assert!(!dir.path().join("none.db").exists(), "fuse creates no database");
}

/// The number of documents committed to the store at `db`.
fn committed(db: &Path) -> usize {
    Connection::open(db).and_then(|c| c.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))).unwrap_or(0)
}

#[test]
fn a_fusion_killed_midway_is_finished_by_the_next_command_and_matches_a_fusion_from_scratch() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    sitrep(&db, &["ingest", &feed(dir.path(), "first.jsonl", 0..30)]);
    let big = feed(dir.path(), "big.jsonl", 30..2400);
    let bin = assert_cmd::cargo::cargo_bin("sitrep");
    let mut child = std::process::Command::new(&bin)
        .args(["ingest", "--db", db.to_str().unwrap(), &big])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it as soon as every document is stored: fusion is under way.
    let start = Instant::now();
    while committed(&db) < 2400 {
        assert!(child.try_wait().unwrap().is_none(), "the ingest finished before it could be killed");
        assert!(start.elapsed() < Duration::from_secs(300), "the ingest did not finish storing in five minutes");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let conn = Connection::open(&db).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    // Each stored story is whole: its topics are those its entry lists.
    let mut stmt = conn.prepare("SELECT key, id, story FROM stories").unwrap();
    let stories: Vec<(i64, String, Vec<u8>)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    for (key, id, entry) in stories {
        // Packed, like every stored part of a story.
        let entry: Value = serde_json::from_slice(&sitrep_store::report_json(&entry).unwrap()).unwrap();
        let topics: Vec<String> = conn
            .prepare("SELECT id FROM story_topics WHERE story = ?1 ORDER BY idx")
            .unwrap()
            .query_map([key], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let listed: Vec<String> = entry["topics"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
        assert_eq!(topics, listed, "story {id} is half-stored");
    }
    drop(stmt);
    drop(conn);
    // The next reading command finishes the fusion.
    assert_same_as_from_scratch(&db, "after a killed fusion");
    let (generation, fused): (i64, i64) =
        Connection::open(&db).unwrap().query_row("SELECT generation, fused FROM fusion_state", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(generation, fused);
}

/// A reprint of article `of` under another id and outlet, dated `day`, with
/// a line of its own added (so its content differs from every other).
fn reprint(of: usize, id: &str, day: u32) -> Value {
    let mut a = article(of);
    let text = a["text"].as_str().unwrap().to_string() + &format!("\n\nThis article first appeared in a partner publication ({id}).");
    a["id"] = json!(id);
    a["text"] = json!(text);
    a["published"] = json!(format!("2025-03-{day:02}"));
    a["url"] = json!(format!("https://reprints.example/{id}"));
    a
}

fn write_feed(dir: &Path, name: &str, items: &[Value]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, items.iter().map(|v| format!("{v}\n")).collect::<String>()).unwrap();
    path.to_str().unwrap().to_string()
}

/// The stored comparisons of copy detection: (verdict rows that found a
/// copy, evidence rows, rows naming a document not stored).
fn copy_pairs(db: &Path) -> (i64, i64, i64) {
    let conn = Connection::open(db).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    (
        count("SELECT count(*) FROM copy_pairs WHERE full = 0 AND copy = 1"),
        count("SELECT count(*) FROM copy_pairs WHERE full = 1"),
        count("SELECT count(*) FROM copy_pairs WHERE a NOT IN (SELECT key FROM documents) OR b NOT IN (SELECT key FROM documents)"),
    )
}

#[test]
fn stored_copy_comparisons_give_the_copies_of_comparing_every_pair_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let mut first: Vec<Value> = (0..12).map(article).collect();
    first.extend([reprint(0, "r0", 20), reprint(4, "r4", 21)]);
    sitrep(&db, &["ingest", &write_feed(dir.path(), "first.jsonl", &first)]);
    assert_same_as_from_scratch(&db, "after the first ingest");
    let (verdicts, evidence, orphans) = copy_pairs(&db);
    assert!(verdicts >= 2 && evidence >= 2 && orphans == 0, "{verdicts} {evidence} {orphans}");

    // A reprint of article 0 dated like it (the 1st) and longer becomes the
    // original of its group: the evidence against it is new, the rest is
    // taken from the store, and the result is a fusion from scratch.
    let second = vec![reprint(0, "early", 1), reprint(4, "r4b", 22), article(12)];
    sitrep(&db, &["ingest", &write_feed(dir.path(), "second.jsonl", &second)]);
    assert_same_as_from_scratch(&db, "after the second ingest");
    let report: Value = serde_json::from_str(&sitrep(&db, &["report", "--format", "json"])).unwrap();
    let copies: Vec<(String, String)> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| Some((d["id"].as_str()?.to_string(), d["duplicate_of"].as_str()?.to_string())))
        .collect();
    assert!(copies.len() >= 4, "{copies:?}");

    // Removing a document takes its comparisons with it.
    let out = run(&db, &["remove", "early"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_same_as_from_scratch(&db, "after a removal");
    assert_eq!(copy_pairs(&db).2, 0);
}

/// The stored copies (copy id, original id, evidence) and the number of
/// copy keys posted, documents not yet matched, and postings of documents
/// not stored.
fn copy_state(db: &Path) -> (Vec<(String, String, String)>, i64, i64, i64) {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT d.id, o.id, c.kind || ' ' || c.in_order || ' ' || c.sentences || ' ' || c.quotes
             FROM copy_of c JOIN documents d ON d.key = c.doc JOIN documents o ON o.key = c.original ORDER BY d.id",
        )
        .unwrap();
    let copies = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    // A key's postings are one row: its documents' keys, packed (i64 little-endian).
    let mut stmt = conn.prepare("SELECT docs FROM copy_keys").unwrap();
    let posted: Vec<i64> = stmt
        .query_map([], |r| r.get::<_, Vec<u8>>(0))
        .unwrap()
        .flat_map(|docs| docs.unwrap().chunks_exact(8).map(|c| i64::from_le_bytes(c.try_into().unwrap())).collect::<Vec<_>>())
        .collect();
    let stored: std::collections::HashSet<i64> = conn.prepare("SELECT key FROM documents").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    (copies, posted.len() as i64, count("SELECT count(*) FROM copy_dirty"), posted.iter().filter(|d| !stored.contains(d)).count() as i64)
}

#[test]
fn copies_matched_a_change_at_a_time_are_those_of_a_store_matched_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("i.db");
    let mut items: Vec<Value> = (0..30).map(article).collect();
    items.extend([reprint(0, "r0", 20), reprint(4, "r4", 21), reprint(4, "r4b", 23)]);
    sitrep(&db, &["ingest", &write_feed(dir.path(), "start.jsonl", &items)]);
    // Each step changes a few documents of many: only what they touch is
    // matched again (the postings follow), and the copies are those of a
    // new store given the same documents at once.
    let mut changed = reprint(7, "r7", 2);
    changed["text"] = json!(article(8)["text"].as_str().unwrap().to_string() + "\n\nThe figures were corrected on Friday.");
    let steps: Vec<(&str, Vec<Value>)> = vec![
        ("an earlier reprint", vec![reprint(4, "early4", 1)]),
        ("a reprint of a reprint", vec![reprint(0, "r0b", 24), reprint(7, "r7", 25)]),
        ("a reprint rewritten as another article", vec![changed]),
        ("removed originals", vec![]),
    ];
    for (k, (what, new)) in steps.into_iter().enumerate() {
        if new.is_empty() {
            sitrep(&db, &["remove", "a4", "early4", "a0"]);
            items.retain(|v| !["a4", "early4", "a0"].contains(&v["id"].as_str().unwrap()));
        } else {
            sitrep(&db, &["ingest", &write_feed(dir.path(), &format!("step{k}.jsonl"), &new)]);
            for v in new {
                items.retain(|i| i["id"] != v["id"]);
                items.push(v);
            }
        }
        assert_same_as_from_scratch(&db, what);
        let fresh = dir.path().join(format!("fresh{k}.db"));
        sitrep(&fresh, &["ingest", &write_feed(dir.path(), &format!("all{k}.jsonl"), &items)]);
        let (copies, keys, dirty, orphans) = copy_state(&db);
        assert_eq!((dirty, orphans), (0, 0), "{what}");
        assert!(copies.len() >= 2, "{what}: {copies:?}");
        let (fresh_copies, fresh_keys, _, _) = copy_state(&fresh);
        assert_eq!((copies, keys), (fresh_copies, fresh_keys), "{what}");
    }
}

/// Article `i` with a line every article of the test carries (a sentence
/// shared by more documents than a key pairs with its first members) and
/// one naming it, under id `id`, dated `day`.
fn footed(i: usize, id: &str, day: u32) -> Value {
    let mut a = article(i);
    let text = a["text"].as_str().unwrap().to_string()
        + &format!("\n\nReaders will find every regional harbour bulletin archived online by morning.\n\nFiled as {id}.");
    a["id"] = json!(id);
    a["text"] = json!(text);
    a["published"] = json!(format!("2025-03-{day:02}"));
    a
}

#[test]
fn documents_leaving_or_joining_a_crowded_key_match_the_copies_of_a_store_matched_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    // Twenty articles under one shared sentence, and reprints of three.
    let mut items: Vec<Value> = (0..20).map(|i| footed(i, &format!("f{i}"), 2 + i as u32)).collect();
    items.extend([footed(3, "f3r", 24), footed(3, "f3s", 25), footed(9, "f9r", 26), footed(14, "f14r", 27)]);
    sitrep(&db, &["ingest", &write_feed(dir.path(), "start.jsonl", &items)]);
    assert_same_as_from_scratch(&db, "after the first ingest");
    // The key's first members are the first in hub order (a hash of the
    // id, `dedup::Ranks::hub`).
    let hub = |id: &str| (sitrep_fuse::text::hash_str(id), id.to_string());
    let mut ids: Vec<String> = items.iter().map(|v| v["id"].as_str().unwrap().to_string()).collect();
    ids.sort_by_key(|id| hub(id));
    let kept = ["f3", "f3r", "f3s"];
    let late: Vec<&str> = ids.iter().rev().map(String::as_str).filter(|id| !kept.contains(id)).take(2).collect();
    // A new id before every one left after the removals below, and the
    // first one left then.
    let left: Vec<&String> = ids[1..].iter().filter(|id| !late.contains(&id.as_str()) && id.as_str() != "f3").collect();
    let early = (0..).map(|n| format!("f5e{n}")).find(|id| hub(id) < hub(left[0])).unwrap();
    // Removing the key's first member moves the next ones up; removing
    // late ones moves none; an original removed leaves its reprints to
    // find each other; new documents join before and after the first
    // members, and the new first members go.
    let steps: Vec<(&str, Vec<&str>, Vec<Value>)> = vec![
        ("the first member removed", vec![ids[0].as_str()], vec![]),
        ("late members removed", late.clone(), vec![]),
        ("an original removed", vec!["f3"], vec![]),
        ("members joining", vec![], vec![footed(5, &early, 1), footed(11, "f11r", 28), footed(7, "f7r", 2)]),
        ("new first members removed", vec![early.as_str(), left[0].as_str()], vec![]),
    ];
    for (k, (what, gone, new)) in steps.into_iter().enumerate() {
        if gone.is_empty() {
            sitrep(&db, &["ingest", &write_feed(dir.path(), &format!("step{k}.jsonl"), &new)]);
            items.extend(new);
        } else {
            let mut args = vec!["remove"];
            args.extend(&gone);
            sitrep(&db, &args);
            items.retain(|v| !gone.contains(&v["id"].as_str().unwrap()));
        }
        assert_same_as_from_scratch(&db, what);
        let fresh = dir.path().join(format!("fresh{k}.db"));
        sitrep(&fresh, &["ingest", &write_feed(dir.path(), &format!("all{k}.jsonl"), &items)]);
        let (copies, keys, dirty, orphans) = copy_state(&db);
        assert_eq!((dirty, orphans), (0, 0), "{what}");
        let (fresh_copies, fresh_keys, _, _) = copy_state(&fresh);
        assert_eq!((copies, keys), (fresh_copies, fresh_keys), "{what}");
    }
    // The reprints of the removed original are still copies, of one original.
    let (copies, ..) = copy_state(&db);
    let original = |id: &str| copies.iter().find(|c| c.0 == id).map(|c| c.1.clone());
    assert!(original("f3r").is_some() && original("f3r") == original("f3s"), "{copies:?}");
}

/// The first members kept of each crowded key, as ids.
fn heads(db: &Path) -> Vec<(i64, Vec<String>)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT key, docs FROM copy_heads ORDER BY key").unwrap();
    let rows: Vec<(i64, Vec<u8>)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    let id = |key: i64| -> String { conn.query_row("SELECT id FROM documents WHERE key = ?1", [key], |r| r.get(0)).unwrap() };
    rows.into_iter().map(|(k, docs)| (k, docs.chunks(8).map(|b| id(i64::from_le_bytes(b.try_into().unwrap()))).collect())).collect()
}

#[test]
fn a_store_whose_crowded_keys_were_headed_by_precedence_is_matched_again_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let mut items: Vec<Value> = (0..12).map(|i| footed(i, &format!("f{i}"), 2 + i as u32)).collect();
    items.extend([footed(3, "f3r", 20), footed(7, "f7r", 21)]);
    let feed = write_feed(dir.path(), "all.jsonl", &items);
    sitrep(&db, &["ingest", &feed]);
    let fresh = heads(&db);
    assert!(!fresh.is_empty(), "the shared sentence is crowded");
    // A store of schema 18, whose heads were taken by precedence (here:
    // the two earliest documents by date).
    let conn = Connection::open(&db).unwrap();
    let first: Vec<u8> = ["f0", "f1"]
        .iter()
        .flat_map(|id| conn.query_row("SELECT key FROM documents WHERE id = ?1", [id], |r| r.get::<_, i64>(0)).unwrap().to_le_bytes())
        .collect();
    conn.execute("UPDATE copy_heads SET docs = ?1", [&first]).unwrap();
    conn.execute("UPDATE schema_version SET version = 18", []).unwrap();
    drop(conn);
    // The next command migrates it, matches the whole corpus again and
    // keeps the heads in hub order, as a new store does.
    sitrep(&db, &["stories"]);
    assert_eq!(heads(&db), fresh);
    let again = dir.path().join("again.db");
    sitrep(&again, &["ingest", &feed]);
    assert_eq!(copy_state(&db), copy_state(&again));
    assert_same_as_from_scratch(&db, "after the migration");
}

/// Per stored story: its size and the members its segments hold.
fn segment_members(db: &Path) -> Vec<(i64, i64)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT s.size, (SELECT coalesce(sum(length(members)), 0) / 48 FROM story_docs g WHERE g.story = s.id) FROM stories s ORDER BY s.id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn stories_fused_again_read_their_stored_segments_and_fuse_like_a_fusion_from_scratch() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    sitrep(&db, &["ingest", &feed(dir.path(), "first.jsonl", 0..30)]);
    let held = segment_members(&db);
    assert_eq!(held.len(), 3);
    assert!(held.iter().all(|&(size, members)| size == members), "each story's segments hold its members once: {held:?}");
    let conn = Connection::open(&db).unwrap();
    let stray: i64 = conn.query_row("SELECT count(*) FROM story_docs WHERE story NOT IN (SELECT id FROM stories)", [], |r| r.get(0)).unwrap();
    assert_eq!(stray, 0);

    // One story's segment damaged, another's members changed (a document
    // it says it holds is not the stored one): they are read from the
    // annotation tables, and written again.
    let rows: Vec<(i64, Vec<u8>)> = conn.prepare("SELECT key, members FROM story_docs ORDER BY key").unwrap().query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    conn.execute("UPDATE story_docs SET docs = x'04224d1800' WHERE key = ?1", [rows[0].0]).unwrap();
    let mut members = rows[1].1.clone();
    members[8] ^= 1; // the first member's annotator version
    conn.execute("UPDATE story_docs SET members = ?1 WHERE key = ?2", rusqlite::params![members, rows[1].0]).unwrap();
    drop(conn);
    let out = run(&db, &["ingest", &feed(dir.path(), "second.jsonl", 30..45)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.contains("fused 3 stories (3 fused again, 0 gone)"), "{stderr}");
    assert_same_as_from_scratch(&db, "after fusing again from stored segments");
    let held = segment_members(&db);
    assert!(held.iter().all(|&(size, members)| size == members), "{held:?}");
    let conn = Connection::open(&db).unwrap();
    let damaged: i64 = conn.query_row("SELECT count(*) FROM story_docs WHERE docs = x'04224d1800'", [], |r| r.get(0)).unwrap();
    assert_eq!(damaged, 0, "the damaged segment is written again");

    // Removing a story's documents leaves no segment of them.
    let gone: Vec<String> = (0..45).filter(|i| i % 3 == 0).map(|i| format!("a{i}")).collect();
    let mut args = vec!["remove"];
    args.extend(gone.iter().map(String::as_str));
    sitrep(&db, &args);
    assert_same_as_from_scratch(&db, "after a story's documents are removed");
    let held = segment_members(&db);
    assert_eq!(held.len(), 2, "{held:?}");
    let rows: i64 = conn.query_row("SELECT count(*) FROM story_docs WHERE story NOT IN (SELECT id FROM stories)", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 0);

    // What a story fused again reads of its kept documents is their
    // segment: a title changed there (and nowhere else) is what its report
    // shows once a new document makes it fuse again.
    let story: String = conn.query_row("SELECT story FROM story_docs ORDER BY key LIMIT 1", [], |r| r.get(0)).unwrap();
    let segment = Store::open(&db).unwrap().story_segments(&story).unwrap().remove(0);
    let held = segment.unpack().unwrap();
    let mut docs: Vec<Document> = (0..held.len()).map(|i| held.document(i).unwrap()).collect();
    docs[0].title = Some("A title only the segment holds".into());
    let ids: Vec<[u8; sitrep_store::MEMBER_BYTES]> = segment.member_ids().map(|m| m.try_into().unwrap()).collect();
    let changed = sitrep_store::NewSegment::of(ids.iter().zip(&docs));
    conn.execute("UPDATE story_docs SET docs = ?1 WHERE key = ?2", rusqlite::params![changed.docs(), segment.key]).unwrap();
    drop(conn);
    // A document of the same situation (article numbers 300 apart).
    let joining = docs[0].id.trim_start_matches('a').parse::<usize>().unwrap() + 300;
    sitrep(&db, &["ingest", &feed(dir.path(), "third.jsonl", joining..joining + 1)]);
    assert!(sitrep(&db, &["report", "--format", "json"]).contains("A title only the segment holds"));
}

#[test]
fn a_story_larger_than_a_batch_fuses_from_its_segments_like_a_fusion_from_scratch() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    // One story of 1,100 floods: more than a batch of stories holds, so it
    // is fused alone, its new segments stored first and its documents read
    // from its segments a few layers at a time.
    let items: Vec<Value> = (0..1100).map(|i| article(3 * i + 1)).collect();
    sitrep(&db, &["ingest", &write_feed(dir.path(), "floods.jsonl", &items)]);
    assert_eq!(segment_members(&db), vec![(1100, 1100)]);
    assert_same_as_from_scratch(&db, "after a large story's first fusion");
    // A flood more: the story is fused again from its kept segments and
    // its last one made again.
    let out = run(&db, &["ingest", &write_feed(dir.path(), "more.jsonl", &[article(3 * 1100 + 1)])]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.contains("fused 1 stories (1 fused again, 0 gone)"), "{stderr}");
    assert_same_as_from_scratch(&db, "after a large story gains a document");
    assert_eq!(segment_members(&db), vec![(1101, 1101)]);
}

#[test]
fn a_damaged_segment_of_a_large_story_is_written_again_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    // One story of 300 floods (about 128 members a segment).
    let floods: Vec<usize> = (0..300).map(|i| 3 * i + 1).collect();
    let items: Vec<Value> = floods.iter().map(|&i| article(i)).collect();
    sitrep(&db, &["ingest", &write_feed(dir.path(), "floods.jsonl", &items)]);
    let conn = Connection::open(&db).unwrap();
    let rows: Vec<i64> = conn.prepare("SELECT key FROM story_docs ORDER BY key").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert!(rows.len() >= 2, "{} segments", rows.len());
    // The first segment damaged; a flood added changes only the last.
    conn.execute("UPDATE story_docs SET docs = x'00' WHERE key = ?1", [rows[0]]).unwrap();
    sitrep(&db, &["ingest", &write_feed(dir.path(), "more.jsonl", &[article(3 * 300 + 1)])]);
    assert_same_as_from_scratch(&db, "after a story with a damaged segment is fused again");
    let damaged: i64 = conn.query_row("SELECT count(*) FROM story_docs WHERE docs = x'00'", [], |r| r.get(0)).unwrap();
    assert_eq!(damaged, 0, "the damaged segment is written again");
    let kept: i64 = conn.query_row("SELECT count(*) FROM story_docs WHERE key IN (SELECT value FROM json_each(?1))", [serde_json::to_string(&rows[1..rows.len() - 1]).unwrap()], |r| r.get(0)).unwrap();
    assert_eq!(kept as usize, rows.len() - 2, "the segments between are kept as stored");
    assert_eq!(segment_members(&db), vec![(301, 301)]);
}

/// Stored segments and the fuse version and byte length of the timeline
/// readings kept of each (`None`: none kept), by segment key.
fn readings_kept(db: &Path) -> Vec<(i64, Option<(i64, i64)>)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT g.key, r.version, length(r.readings) FROM story_docs g LEFT JOIN segment_readings r ON r.segment = g.key ORDER BY g.key")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, Option<i64>>(1)?.zip(r.get::<_, Option<i64>>(2)?)))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn a_story_fused_again_reads_the_timeline_readings_kept_of_its_segments_and_fuses_like_a_fusion_from_scratch() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    // One story of 1,100 port strikes (more than a batch: fused alone, its
    // segments stored before it is fused), every tenth undated and telling a year-less
    // day: it takes the year that puts it on or before the story's latest
    // publication date.
    let strike = |i: usize| {
        let mut a = article(3 * i);
        if i % 10 == 4 {
            a.as_object_mut().unwrap().remove("published");
            let text = format!("{} Pickets first formed at the gates on March 3, the union said.", a["text"].as_str().unwrap());
            a["text"] = json!(text);
        }
        a
    };
    let items: Vec<Value> = (0..1100).map(strike).collect();
    sitrep(&db, &["ingest", &write_feed(dir.path(), "strikes.jsonl", &items)]);
    assert_eq!(segment_members(&db), vec![(1100, 1100)]);
    assert_same_as_from_scratch(&db, "after the first fusion");
    let first = readings_kept(&db);
    assert!(first.len() >= 3 && first.iter().all(|(_, r)| r.is_some()), "each segment's readings kept: {first:?}");

    // A strike more, published a year later: the undated documents' March 3
    // moves a year, so the segments holding them are read again; the
    // others' readings are kept as they were.
    let mut later = article(3 * 1100);
    later["published"] = json!("2026-04-01");
    sitrep(&db, &["ingest", &write_feed(dir.path(), "later.jsonl", &[later])]);
    assert_same_as_from_scratch(&db, "after a later strike moved the undated documents' year");
    assert!(readings_kept(&db).iter().all(|(_, r)| r.is_some()));

    // What the next fusion reads of a kept segment's timeline is its
    // readings: a segment's made to say its documents date nothing, they
    // leave the story's timeline.
    let conn = Connection::open(&db).unwrap();
    let (segment, members): (i64, i64) =
        conn.query_row("SELECT key, length(members) / 48 FROM story_docs ORDER BY key LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    let nothing = vec![0u8; members as usize];
    let mut packed = (nothing.len() as u32).to_le_bytes().to_vec();
    packed.extend(lz4_flex::block::compress(&nothing));
    let saved: Vec<u8> = conn.query_row("SELECT readings FROM segment_readings WHERE segment = ?1", [segment], |r| r.get(0)).unwrap();
    conn.execute("UPDATE segment_readings SET readings = ?1 WHERE segment = ?2", rusqlite::params![packed, segment]).unwrap();
    let told = |db: &Path| -> usize {
        let report: Value = serde_json::from_str(&sitrep(db, &["report", "--format", "json"])).unwrap();
        report["timeline"].as_array().unwrap().iter().map(|e| e["docs"].as_array().map_or(0, Vec::len)).sum()
    };
    let before = told(&db);
    sitrep(&db, &["ingest", &write_feed(dir.path(), "more.jsonl", &[strike(1101)])]);
    let after = told(&db);
    assert!(after + (members as usize) / 2 < before, "{before} documents on the timeline, then {after}");
    // Damaged readings are made again from the documents.
    conn.execute("UPDATE segment_readings SET readings = x'00' WHERE segment = ?1", [segment]).unwrap();
    sitrep(&db, &["ingest", &write_feed(dir.path(), "again.jsonl", &[strike(1102)])]);
    assert_same_as_from_scratch(&db, "after damaged readings were made again");
    let remade: Vec<u8> = conn.query_row("SELECT readings FROM segment_readings WHERE segment = ?1", [segment], |r| r.get(0)).unwrap();
    assert_eq!(remade, saved, "the readings made again are those first kept");

    // A segment's readings go with it.
    sitrep(&db, &["remove", "a6"]);
    let stray: i64 = conn.query_row("SELECT count(*) FROM segment_readings WHERE segment NOT IN (SELECT key FROM story_docs)", [], |r| r.get(0)).unwrap();
    assert_eq!(stray, 0);
}
