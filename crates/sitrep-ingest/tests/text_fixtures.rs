//! Fixture-driven tests of the scraped-text cleaner.
//!
//! Each `tests/fixtures/text/NAME.txt` is a scraped page written for this
//! project (one page per boilerplate rule); `NAME.json` states what
//! `text::clean` must give (see `common`): `title`, `byline`, `published`,
//! `outlet`, `text`, `text_contains`, `text_excludes`.

mod common;

use serde_json::Value;
use sitrep_ingest::text::clean;

fn check(name: &str, page: &str, want: &Value) -> Vec<String> {
    let got = clean(page);
    let fields = [
        ("title", got.title.clone().into()),
        ("byline", got.byline.clone().into()),
        ("published", got.published.clone().into()),
        ("outlet", got.outlet.clone().into()),
    ];
    common::compare(name, &fields, &got.text, want)
}

#[test]
fn text_fixtures() {
    let pages = common::fixtures("text", "txt");
    assert!(pages.len() >= 15, "expected a fixture per rule, found {}", pages.len());
    let errors: Vec<String> = pages.iter().flat_map(|(name, page, want)| check(name, page, want)).collect();
    assert!(errors.is_empty(), "{} fixture mismatches:\n{}", errors.len(), errors.join("\n"));
}
