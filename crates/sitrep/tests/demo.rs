//! Snapshot tests of `sitrep extract` over the demo corpus: for each
//! document, its metadata and clean text, and a digest of its entities and
//! quotes. A change in any stage shows up here as a reviewable diff.

use assert_cmd::Command;
use serde_json::{json, Value};

fn demo_documents() -> Vec<Value> {
    let out = Command::cargo_bin("sitrep").unwrap().arg("extract").assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// A file-name-safe snapshot name for a document id.
fn snapshot_name(id: &str) -> String {
    id.rsplit('/').next().unwrap().chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect()
}

#[test]
fn demo_corpus_extraction() {
    for doc in demo_documents() {
        let name = snapshot_name(doc["id"].as_str().unwrap());
        let meta = json!({
            "id": doc["id"], "source": doc["source"], "url": doc["url"], "title": doc["title"],
            "byline": doc["byline"], "published": doc["published"], "outlet": doc["outlet"],
            "language": doc["language"],
        });
        insta::assert_snapshot!(format!("{name}-text"), format!("{meta:#}\n\n{}", doc["text"].as_str().unwrap()));
    }
}

#[test]
fn demo_corpus_annotations() {
    for doc in demo_documents() {
        let name = snapshot_name(doc["id"].as_str().unwrap());
        let text = doc["text"].as_str().unwrap();
        let mut lines = Vec::new();
        for e in doc["entities"].as_array().unwrap() {
            let descriptors: Vec<&str> = e["descriptors"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
            lines.push(format!(
                "entity {} {:?} ×{} {descriptors:?}",
                e["kind"].as_str().unwrap(),
                e["name"].as_str().unwrap(),
                e["mentions"].as_array().unwrap().len()
            ));
            for m in e["mentions"].as_array().unwrap() {
                let (s, t) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
                assert_eq!(&text[s..t], m["text"].as_str().unwrap(), "mention offsets point at their text");
            }
        }
        for q in doc["quotes"].as_array().unwrap() {
            let (s, t) = (q["start"].as_u64().unwrap() as usize, q["end"].as_u64().unwrap() as usize);
            assert_eq!(&text[s..t], q["text"].as_str().unwrap(), "quote offsets point at their text");
            lines.push(format!(
                "quote {} [{}] {} ({}): {}",
                if q["direct"].as_bool().unwrap() { "direct" } else { "reported" },
                q["speaker"].as_str().unwrap_or("-"),
                q["speaker_name"].as_str().unwrap_or("(none)"),
                q["cue"].as_str().unwrap_or(""),
                q["text"].as_str().unwrap()
            ));
        }
        insta::assert_snapshot!(format!("{name}-annotations"), lines.join("\n"));
    }
}
