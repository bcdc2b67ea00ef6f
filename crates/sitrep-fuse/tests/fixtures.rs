//! Fixture-driven tests: each `tests/fixtures/NAME.json` is a list of
//! annotated documents (invented text, annotations written as the annotate
//! stage would) and `tests/fixtures/NAME.expected.json` states what the
//! report must say about them: duplicates, topics with their agreement and
//! independent sources, checks with their status, merged timeline entries.
//! The whole report is also kept as an insta snapshot.

use std::fs;
use std::path::Path;

use serde::Deserialize;
use sitrep_core::report::{Agreement, CheckStatus, Report};
use sitrep_core::Document;

#[derive(Deserialize)]
struct Expected {
    duplicates: Vec<(String, String)>,
    topics: Vec<ExpectedTopic>,
    checks: Vec<(Vec<String>, CheckStatus)>,
    timeline: Vec<(String, Vec<String>)>,
    entities: Vec<(String, Vec<String>)>,
}

#[derive(Deserialize)]
struct ExpectedTopic {
    label: String,
    claims: Vec<String>,
    agreement: Agreement,
    independent_sources: usize,
}

fn fixtures() -> Vec<(String, Vec<Document>, Expected)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json") && !n.ends_with(".expected.json"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let stem = n.trim_end_matches(".json").to_string();
            let docs = serde_json::from_str(&fs::read_to_string(dir.join(&n)).unwrap()).unwrap();
            let exp = serde_json::from_str(&fs::read_to_string(dir.join(format!("{stem}.expected.json"))).unwrap())
                .unwrap_or_else(|e| panic!("{stem}.expected.json: {e}"));
            (stem, docs, exp)
        })
        .collect()
}

fn check_expected(name: &str, report: &Report, exp: &Expected) {
    let dups: Vec<(String, String)> = report
        .documents
        .iter()
        .filter_map(|d| Some((d.id.clone(), d.duplicate_of.clone()?)))
        .collect();
    assert_eq!(dups, exp.duplicates, "{name}: duplicates");
    assert_eq!(report.topics.len(), exp.topics.len(), "{name}: topic count: {:#?}", report.topics.iter().map(|t| &t.label).collect::<Vec<_>>());
    for (t, e) in report.topics.iter().zip(&exp.topics) {
        let claims: Vec<String> = t.claims.iter().map(|c| format!("{}/{}", c.doc, c.claim)).collect();
        let mut sorted = claims.clone();
        sorted.sort();
        assert_eq!((t.label.as_str(), sorted), (e.label.as_str(), e.claims.clone()), "{name}: topic {}", t.id);
        assert_eq!(t.agreement, e.agreement, "{name}: agreement of {} ({:?})", t.label, t.notes);
        assert_eq!(t.independent_sources, e.independent_sources, "{name}: sources of {}", t.label);
    }
    let checks: Vec<(Vec<String>, CheckStatus)> =
        report.checks.iter().map(|c| (c.claims.iter().map(|id| format!("{}/{id}", c.doc)).collect(), c.status)).collect();
    assert_eq!(checks, exp.checks, "{name}: checks");
    let timeline: Vec<(String, Vec<String>)> = report.timeline.iter().map(|t| (t.date.clone(), t.docs.clone())).collect();
    assert_eq!(timeline, exp.timeline, "{name}: timeline");
    for (entity, docs) in &exp.entities {
        let e = report.entities.iter().find(|e| &e.name == entity).unwrap_or_else(|| panic!("{name}: no entity {entity}"));
        assert_eq!(&e.docs, docs, "{name}: documents of {entity}");
    }
}

#[test]
fn fixtures_give_the_expected_report() {
    for (name, docs, exp) in fixtures() {
        let report = sitrep_fuse::fuse(&docs);
        insta::assert_json_snapshot!(name.clone(), report);
        check_expected(&name, &report, &exp);
    }
}

#[test]
fn same_input_gives_byte_identical_json() {
    for (name, docs, _) in fixtures() {
        let a = serde_json::to_string(&sitrep_fuse::fuse(&docs)).unwrap();
        let b = serde_json::to_string(&sitrep_fuse::fuse(&docs)).unwrap();
        assert_eq!(a, b, "{name}");
    }
}
