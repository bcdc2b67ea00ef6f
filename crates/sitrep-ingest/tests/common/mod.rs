//! Shared by the fixture-driven tests: reading fixture pairs and comparing an
//! extractor's output with what a `NAME.json` expects.
//!
//! Every key of a `NAME.json` is optional: the fields it names are compared
//! exactly; `text_contains` / `text_excludes` list substrings that must (not)
//! occur in the text.

use serde_json::Value;
use std::path::Path;

/// Every `NAME.EXT` page of `tests/fixtures/DIR` with its parsed `NAME.json`,
/// in name order.
pub fn fixtures(dir: &str, ext: &str) -> Vec<(String, String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(dir);
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|page| {
            let name = page.file_stem().unwrap().to_string_lossy().into_owned();
            let input = std::fs::read_to_string(page).expect("fixture page");
            let json = std::fs::read_to_string(page.with_extension("json"))
                .unwrap_or_else(|_| panic!("{name}.json is missing"));
            let want = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}.json: {e}"));
            (name, input, want)
        })
        .collect()
}

/// One line per difference between the extracted `fields` (name and value)
/// plus `text` and the expectations `want`.
pub fn compare(name: &str, fields: &[(&str, Value)], text: &str, want: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    for (field, got) in fields.iter().chain([&("text", Value::from(text))]) {
        if let Some(w) = want.get(field) {
            if w != got {
                errors.push(format!("{name}: {field}: want {w}, got {got}"));
            }
        }
    }
    let list = |key: &str| -> Vec<&str> {
        want.get(key).and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
    };
    for s in list("text_contains") {
        if !text.contains(s) {
            errors.push(format!("{name}: text lacks {s:?}"));
        }
    }
    for s in list("text_excludes") {
        if text.contains(s) {
            errors.push(format!("{name}: text still has {s:?}"));
        }
    }
    errors
}
