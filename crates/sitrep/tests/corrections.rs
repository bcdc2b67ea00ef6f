//! Analyst corrections and "what changed", end to end. The fixtures
//! (`tests/fixtures/corrections/`) are invented articles on a valley
//! wildfire: three in a first ingest, three more in a second, one of them
//! published before all others, so the story is founded anew and its
//! topic ids change between the two ingests.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corrections")
}

/// Run sitrep in the fixture directory (so document ids are `first/…`).
fn run(db: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("sitrep").unwrap().current_dir(fixtures()).args(args).arg("--db").arg(db).output().unwrap()
}

fn sitrep(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "sitrep {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn lines(s: &str) -> Vec<Value> {
    s.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn report(db: &Path) -> Value {
    serde_json::from_str(&sitrep(db, &["report", "--format", "json"])).unwrap()
}

fn topic<'a>(report: &'a Value, label: &str) -> &'a Value {
    report["topics"].as_array().unwrap().iter().find(|t| t["label"].as_str().unwrap().contains(label)).unwrap_or_else(|| panic!("no topic {label}"))
}

fn figures(t: &Value) -> Vec<f64> {
    let mut v: Vec<f64> = t["claims"].as_array().unwrap().iter().filter_map(|c| c["value"].as_f64()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// First ingest; merge the two building counts, reject the volunteer
/// group's figure; the topic ids and the rejected key.
fn corrected_first_ingest(db: &Path) -> (String, String, String) {
    sitrep(db, &["ingest", "first"]);
    let r = report(db);
    let homes = topic(&r, "Homes destroyed")["id"].as_str().unwrap().to_string();
    let structures = topic(&r, "Structures burned")["id"].as_str().unwrap().to_string();
    assert_eq!(topic(&r, "People displaced")["agreement"], "conflicting");
    let claims = lines(&sitrep(db, &["claims", "--json", "--source", "volunteer"]));
    let key = claims.iter().find(|c| !c["topic"].is_null()).expect("the volunteer figure is in a topic")["key"].as_str().unwrap().to_string();
    let out = sitrep(db, &["correct", "merge-topics", &homes, &structures, "--by", "ana", "--note", "one count of buildings"]);
    assert!(out.contains("(applied)"), "{out}");
    let out = sitrep(db, &["correct", "reject-claim", &key, "--by", "ana"]);
    assert!(out.contains("(applied)"), "{out}");
    (homes, structures, key)
}

fn assert_both_applied(db: &Path, key: &str) {
    let r = report(db);
    let homes = topic(&r, "Homes destroyed");
    assert_eq!(figures(homes), vec![40.0, 42.0], "the building counts are one topic");
    assert!(r["topics"].as_array().unwrap().iter().all(|t| !t["label"].as_str().unwrap().contains("Structures burned")));
    let displaced = topic(&r, "People displaced");
    assert!(!figures(displaced).contains(&9000.0), "the rejected figure is gone");
    assert_ne!(displaced["agreement"], "conflicting", "and with it the conflict");
    let overrides = r["overrides"].as_array().unwrap();
    assert_eq!(overrides.len(), 2);
    for o in overrides {
        assert_eq!((o["applied"].as_bool(), o["author"].as_str()), (Some(true), Some("ana")), "{o}");
    }
    assert_eq!(overrides[0]["correction"]["kind"], "merge_topics");
    assert_eq!(overrides[0]["note"], "one count of buildings");
    // The other commands load through the same place.
    let topics = lines(&sitrep(db, &["topics", "--json"]));
    assert!(topics.iter().all(|t| !t["label"].as_str().unwrap().contains("Structures burned")));
    let claims = lines(&sitrep(db, &["claims", "--json"]));
    assert!(claims.iter().all(|c| c["key"] != key), "claims leaves the rejected claim out");
    // claims --topic lists the corrected topics' claims.
    let homes_id = homes["id"].as_str().unwrap();
    let merged = lines(&sitrep(db, &["claims", "--json", "--topic", homes_id]));
    let mut values: Vec<f64> = merged.iter().filter_map(|c| c["value"].as_f64()).collect();
    values.sort_by(f64::total_cmp);
    assert_eq!(values, vec![40.0, 42.0], "both building counts are the merged topic's");
    assert!(merged.iter().all(|c| c["topic"] == homes_id));
    let listed = lines(&sitrep(db, &["claims", "--json", "--topic", displaced["id"].as_str().unwrap()]));
    assert!(!listed.is_empty() && listed.iter().all(|c| c["key"] != key), "the rejected claim is in no topic");
    let html = sitrep(db, &["report", "--format", "html"]);
    assert!(html.contains("corrected"), "the dossier marks corrected topics");
}

#[test]
fn corrections_survive_new_ingests_and_refusion() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let (homes, _, key) = corrected_first_ingest(&db);
    assert_both_applied(&db, &key);

    sitrep(&db, &["ingest", "second"]);
    let r = report(&db);
    assert_eq!(r["documents"].as_array().unwrap().len(), 6);
    assert_ne!(topic(&r, "Homes destroyed")["id"], homes.as_str(), "an earlier document founded the story anew");
    assert_both_applied(&db, &key);

    // Listed, and removable: without the rejection the conflict is back.
    let listed = lines(&sitrep(&db, &["correct", "--list", "--json"]));
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|a| a["applied"] == true), "both are listed as applied: {listed:?}");
    let id = listed[1]["id"].as_i64().unwrap().to_string();
    sitrep(&db, &["correct", "--remove", &id]);
    assert_eq!(topic(&report(&db), "People displaced")["agreement"], "conflicting");
    assert!(!run(&db, &["correct", "--remove", &id]).status.success(), "already removed");
}

#[test]
fn a_correction_of_nothing_is_refused_and_a_vanished_target_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    sitrep(&db, &["ingest", "first"]);
    for args in [
        &["correct", "merge-topics", "tnothere", "tnorhere"][..],
        &["correct", "reject-claim", "first/valley-herald.txt#k00000000"],
        &["correct", "exclude-outlet", "No Such Outlet"],
        &["correct"],
        &["correct", "--list", "exclude-outlet", "Ridge Post"],
    ] {
        let out = run(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    // An outlet excluded, then its document replaced by one from another
    // outlet: the correction stays, listed as not applied.
    sitrep(&db, &["correct", "exclude-outlet", "Ridge Post"]);
    let r = report(&db);
    assert!(r["documents"].as_array().unwrap().iter().all(|d| d["outlet"] != "Ridge Post"));
    // The same document id (first/ridge-post.txt) with new content replaces it.
    std::fs::create_dir(dir.path().join("first")).unwrap();
    let text = std::fs::read_to_string(fixtures().join("first/ridge-post.txt")).unwrap().replace("Ridge Post", "Summit Post").replace("dry winds", "hot, dry winds");
    std::fs::write(dir.path().join("first/ridge-post.txt"), text).unwrap();
    let out = Command::cargo_bin("sitrep").unwrap().current_dir(dir.path()).args(["ingest", "first/ridge-post.txt", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 replaced"), "{}", String::from_utf8_lossy(&out.stderr));
    let listed = lines(&sitrep(&db, &["correct", "--list", "--json"]));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["applied"], false);
    assert!(listed[0]["reason"].as_str().unwrap().contains("Ridge Post"), "{}", listed[0]);
}

#[test]
fn what_changed_over_two_ingests() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    sitrep(&db, &["ingest", "first"]);
    let saved = sitrep(&db, &["snapshot", "save", "monday"]);
    assert!(saved.contains("3 documents"), "{saved}");
    let same: Value = serde_json::from_str(&sitrep(&db, &["changes", "--snapshot", "monday", "--json"])).unwrap();
    assert_eq!(same["from"]["corpus_unchanged"], true);
    for kind in ["new_figures", "revised_figures", "new_conflicts", "new_sources"] {
        assert!(same["changes"][kind].as_array().unwrap().is_empty(), "{kind}: {same}");
    }

    sitrep(&db, &["ingest", "second"]);
    for from in [&["--snapshot", "monday"][..], &["--since", "2025-03-05"]] {
        let c: Value = serde_json::from_str(&sitrep(&db, &[&["changes", "--json"][..], from].concat())).unwrap();
        let c = &c["changes"];
        let new: Vec<f64> = c["new_figures"].as_array().unwrap().iter().filter_map(|f| f["claim"]["value"].as_f64()).collect();
        for v in [4600.0, 4700.0, 2000.0, 2100.0] {
            assert!(new.contains(&v), "{from:?}: {v} is new: {new:?}");
        }
        assert!(!new.contains(&4200.0), "{from:?}: an old figure is not new");
        let sources: Vec<&str> = c["new_sources"].as_array().unwrap().iter().map(|s| s["source"].as_str().unwrap()).collect();
        assert!(sources.iter().any(|s| s.contains("forestry")), "{from:?}: {sources:?}");
        assert!(!sources.iter().any(|s| s.contains("sheriff")), "{from:?}: the sheriff was heard before");
        let conflicts: Vec<&str> = c["new_conflicts"].as_array().unwrap().iter().map(|t| t["label"].as_str().unwrap()).collect();
        assert!(conflicts.contains(&"Burned"), "{from:?}: {conflicts:?}");
        let revised: Vec<&str> = c["revised_figures"].as_array().unwrap().iter().map(|t| t["label"].as_str().unwrap()).collect();
        assert!(revised.contains(&"Burned"), "{from:?}: {revised:?}");
    }
    let table = sitrep(&db, &["changes", "--snapshot", "monday"]);
    assert!(table.contains("corpus changed") && table.contains("new figure") && table.contains("new source"), "{table}");
    let listed = lines(&sitrep(&db, &["snapshot", "list", "--json"]));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run(&db, &["changes", "--since", "last week"]).status.code(), Some(2));
    assert!(!run(&db, &["changes", "--snapshot", "sunday"]).status.success());
}
