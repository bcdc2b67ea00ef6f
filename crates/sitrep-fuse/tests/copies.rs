//! Fixture-driven tests of syndicated copies: each `tests/copies/NAME.json`
//! holds invented documents (`id`, `published`, `text`) and the copies they
//! must give (`[copy id, original id]`), no more and no fewer. Every case
//! is also run in reverse input order, and all cases together.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde::Deserialize;
use sitrep_core::Document;
use sitrep_fuse::dedup::copies;

#[derive(Deserialize)]
struct Case {
    name: String,
    docs: Vec<Doc>,
    copies: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct Doc {
    id: String,
    published: Option<String>,
    text: String,
}

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/copies");
    let mut paths: Vec<_> = fs::read_dir(&dir).expect("fixtures").map(|e| e.expect("entry").path()).collect();
    paths.sort();
    paths
        .iter()
        .map(|p| serde_json::from_str(&fs::read_to_string(p).expect("read")).expect("fixture parses"))
        .collect()
}

/// The `(copy, original)` id pairs `copies` finds among `docs`.
fn found(docs: &[&Doc]) -> BTreeSet<(String, String)> {
    let documents: Vec<Document> = docs
        .iter()
        .map(|d| Document { id: d.id.clone(), published: d.published.clone(), text: d.text.clone(), ..Default::default() })
        .collect();
    copies(&documents)
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (documents[i].id.clone(), documents[c.of].id.clone())))
        .collect()
}

#[test]
fn each_case_gives_its_copies_in_any_order() {
    let cases = cases();
    assert!(cases.len() >= 3);
    for case in &cases {
        let expected: BTreeSet<_> = case.copies.iter().cloned().collect();
        let mut docs: Vec<&Doc> = case.docs.iter().collect();
        assert_eq!(found(&docs), expected, "{}", case.name);
        docs.reverse();
        assert_eq!(found(&docs), expected, "{} (reversed)", case.name);
    }
}

#[test]
fn cases_together_give_no_other_copies() {
    let cases = cases();
    let docs: Vec<&Doc> = cases.iter().flat_map(|c| &c.docs).collect();
    let expected: BTreeSet<_> = cases.iter().flat_map(|c| c.copies.iter().cloned()).collect();
    assert_eq!(found(&docs), expected);
}
