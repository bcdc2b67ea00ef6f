//! Fixture-driven tests of the scraped-text cleaner.
//!
//! Each `tests/fixtures/text/NAME.txt` is a scraped page written for this
//! project (one page per boilerplate rule); `NAME.json` states what
//! `text::clean` must give. Every key is optional: `title` (string or null),
//! `byline` (list), `published` (string or null) and `text` are compared
//! exactly; `text_contains` / `text_excludes` list substrings that must (not)
//! occur in the text.

use serde_json::Value;
use sitrep_ingest::text::clean;
use std::path::Path;

fn check(name: &str, page: &str, want: &Value) -> Vec<String> {
    let got = clean(page);
    let mut errors = Vec::new();
    let mut expect = |field: &str, got: Value| {
        if let Some(w) = want.get(field) {
            if *w != got {
                errors.push(format!("{name}: {field}: want {w}, got {got}"));
            }
        }
    };
    expect("title", got.title.clone().into());
    expect("byline", got.byline.clone().into());
    expect("published", got.published.clone().into());
    expect("text", got.text.clone().into());
    let list = |key: &str| -> Vec<String> {
        want.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    for s in list("text_contains") {
        if !got.text.contains(&s) {
            errors.push(format!("{name}: text lacks {s:?}"));
        }
    }
    for s in list("text_excludes") {
        if got.text.contains(&s) {
            errors.push(format!("{name}: text still has {s:?}"));
        }
    }
    errors
}

#[test]
fn text_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/text");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    pages.sort();
    assert!(
        pages.len() >= 15,
        "expected a fixture per rule, found {}",
        pages.len()
    );
    let mut errors = Vec::new();
    for page in &pages {
        let name = page
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(page).expect("fixture page");
        let json = std::fs::read_to_string(page.with_extension("json"))
            .unwrap_or_else(|_| panic!("{name}.json is missing"));
        let want: Value =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}.json: {e}"));
        errors.extend(check(&name, &text, &want));
    }
    assert!(
        errors.is_empty(),
        "{} fixture mismatches:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
