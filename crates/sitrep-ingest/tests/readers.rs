//! Fixture-driven reader tests: every file in `tests/fixtures/readers/` is
//! read and extracted, and the documents and errors it yields are compared
//! with a reviewed snapshot (`tests/snapshots/`).

use serde_json::{json, Value};
use sitrep_ingest::{read, to_document, Input, ReadOptions};
use std::path::Path;

/// Every document (metadata and text) and every error one input yields.
fn outcome(path: &Path) -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rel = path.strip_prefix(dir).unwrap().to_path_buf();
    let items: Vec<Value> = read(vec![Input::Path(rel)], ReadOptions::default())
        .map(|item| match item {
            Ok(raw) => {
                let doc = to_document(raw);
                json!({
                    "id": doc.id, "source": doc.source, "url": doc.url, "title": doc.title,
                    "byline": doc.byline, "published": doc.published, "outlet": doc.outlet,
                    "language": doc.language, "text": doc.text,
                })
            }
            Err(e) => json!({"error": e.to_string()}),
        })
        .collect();
    json!(items)
}

#[test]
fn reader_fixtures() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    insta::glob!("fixtures/readers/*", |path| {
        insta::assert_json_snapshot!(outcome(path));
    });
}
