//! Stories end to end: two unrelated stories ingested together come out as
//! two stories, and `--story` narrows every reading command to one of them.
//! The fixtures (`tests/fixtures/stories/`) are invented articles: a dam
//! breach in a river valley and a dock strike, two articles each.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;

fn sitrep(db: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("sitrep").unwrap().args(args).arg("--db").arg(db).output().unwrap();
    assert!(out.status.success(), "sitrep {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn lines(s: &str) -> Vec<Value> {
    s.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn ingested() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stories.db");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stories");
    sitrep(&db, &["ingest", fixtures.to_str().unwrap()]);
    (dir, db)
}

fn doc_ids(story: &Value) -> HashSet<String> {
    story["documents"].as_array().unwrap().iter().map(|d| Path::new(d.as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned()).collect()
}

#[test]
fn two_unrelated_stories_stay_apart() {
    let (_dir, db) = ingested();
    let stories = lines(&sitrep(&db, &["stories", "--json"]));
    assert_eq!(stories.len(), 2, "{stories:#?}");
    let sets: Vec<HashSet<String>> = stories.iter().map(doc_ids).collect();
    let flood: HashSet<String> = ["flood-1.txt", "flood-2.txt"].map(String::from).into();
    let strike: HashSet<String> = ["strike-1.txt", "strike-2.txt"].map(String::from).into();
    assert!(sets.contains(&flood) && sets.contains(&strike), "{sets:?}");
    // Labels name what the documents share.
    let labels: Vec<&str> = stories.iter().map(|s| s["label"].as_str().unwrap()).collect();
    assert!(labels.iter().any(|l| l.contains("Aldane")) && labels.iter().any(|l| l.contains("Brenna") || l.contains("Kessler")), "{labels:?}");
}

#[test]
fn story_narrows_topics_claims_and_the_report() {
    let (_dir, db) = ingested();
    let stories = lines(&sitrep(&db, &["stories", "--json"]));
    let strike = stories.iter().find(|s| s["label"].as_str().unwrap().contains("Aldane")).unwrap();
    let id = strike["id"].as_str().unwrap();
    let mine: HashSet<&str> = strike["topics"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert!(!mine.is_empty(), "the strike story has topics");

    // By id and by a word of the label: the same topics, only the story's.
    for chosen in [id, "aldane"] {
        let topics = lines(&sitrep(&db, &["topics", "--json", "--story", chosen]));
        let got: HashSet<&str> = topics.iter().map(|t| t["id"].as_str().unwrap()).collect();
        assert_eq!(got, mine, "--story {chosen}");
        assert!(topics.iter().all(|t| t["story"] == id));
    }
    let claims = lines(&sitrep(&db, &["claims", "--json", "--story", id]));
    assert!(!claims.is_empty());
    assert!(claims.iter().all(|c| c["doc"].as_str().unwrap().contains("strike")), "claims of another story");

    let text = sitrep(&db, &["report", "--format", "json", "--story", id]);
    // Written from the stored JSON without parsing it, the text is the
    // report serialised (compact when not written to a terminal, indented
    // with --pretty), every story listed.
    let parsed: sitrep_core::report::Report = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_string(&parsed).unwrap() + "\n", text);
    let pretty = sitrep(&db, &["report", "--format", "json", "--pretty", "--story", id]);
    assert_eq!(serde_json::to_string_pretty(&parsed).unwrap() + "\n", pretty);
    assert_eq!(parsed.stories.len(), 2);
    let report: Value = serde_json::from_str(&text).unwrap();
    let docs: HashSet<&str> = report["documents"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d.contains("strike")), "{docs:?}");

    // Without --story, the JSON report holds both stories.
    let whole: Value = serde_json::from_str(&sitrep(&db, &["report", "--format", "json"])).unwrap();
    assert_eq!(whole["stories"].as_array().unwrap().len(), 2);
    assert_eq!(whole["documents"].as_array().unwrap().len(), 4);
}

#[test]
fn the_dossier_shows_one_story_and_lists_the_other() {
    let (_dir, db) = ingested();
    let stories = lines(&sitrep(&db, &["stories", "--json"]));
    let html = sitrep(&db, &["report", "--format", "html"]);
    assert!(html.contains("The corpus tells 1 more story"), "the other story is not listed");
    // The story shown is the first listed (the largest); the other is offered by its command.
    let (shown, other) = (stories[0]["id"].as_str().unwrap(), stories[1]["id"].as_str().unwrap());
    assert!(html.contains(&format!("sitrep report --story {other}")));
    assert!(!html.contains(&format!("sitrep report --story {shown}")));
    let md = sitrep(&db, &["report", "--format", "md", "--story", other]);
    assert!(md.contains(&format!("`sitrep report --story {shown}`")), "{md}");
}

#[test]
fn an_unknown_story_is_an_error() {
    let (_dir, db) = ingested();
    let out = Command::cargo_bin("sitrep").unwrap().args(["topics", "--story", "no-such-story", "--db"]).arg(&db).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no story matches"));
}

#[test]
fn a_story_read_from_its_stored_parts_is_the_story_fused_from_scratch() {
    let (_dir, db) = ingested();
    let store = sitrep_store::Store::open(&db).unwrap();
    let docs: Vec<sitrep_core::Document> = store.documents().collect::<Result<_, _>>().unwrap();
    drop(store);
    let fused = sitrep_fuse::fuse(&docs);
    assert_eq!(fused.stories.len(), 2);
    for story in &fused.stories {
        let one = fused.narrowed(&story.id).unwrap();
        assert!(!one.topics.is_empty() && !one.quotes.is_empty(), "{}: the story has topics and quotes", story.id);
        // The JSON, its topics spliced back from their rows: byte for byte.
        let json = sitrep(&db, &["report", "--format", "json", "--story", &story.id]);
        assert!(json == serde_json::to_string(&one).unwrap() + "\n", "{}: the stored story's JSON differs", story.id);
        let pretty = sitrep(&db, &["report", "--format", "json", "--pretty", "--story", &story.id]);
        assert!(pretty == serde_json::to_string_pretty(&one).unwrap() + "\n", "{}: the stored story's indented JSON differs", story.id);
        // The dossier, its quotes read as the stored groups, not the quotes.
        let html = sitrep(&db, &["report", "--format", "html", "--story", &story.id]);
        assert!(html == sitrep_report::html(&one), "{}: the stored story's dossier differs", story.id);
    }
}
