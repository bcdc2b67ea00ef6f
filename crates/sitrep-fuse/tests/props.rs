//! Properties of `fuse` on random small corpora: it never panics (offsets
//! out of range, NaN figures, empty texts, unknown times), and reordering
//! the documents changes neither the topics (label, agreement, claims) nor
//! the checks nor the set of corpus entities.

use proptest::prelude::*;
use sitrep_core::report::Report;
use sitrep_core::{Bound, Claim, ClaimSource, ClaimTime, Document, Entity, EntityKind, Mention, Modality, SourceKind, TimeExpr, TimeKind};

const WORDS: [&str; 10] = ["troops", "North", "Korean", "sent", "killed", "pay", "Russia", "flood", "Kim", "evacuated"];

fn claim() -> impl Strategy<Value = Claim> {
    (
        prop::option::of(prop_oneof![-1e9..1e9f64, Just(f64::NAN), Just(f64::INFINITY)]),
        prop::sample::select(vec![Bound::Exact, Bound::Approx, Bound::AtLeast, Bound::AtMost, Bound::Range]),
        prop::sample::select(vec![None, Some("person".to_string()), Some("USD".to_string()), Some("percent".to_string())]),
        prop::sample::select(vec![None, Some("month".to_string()), Some("year".to_string())]),
        prop::sample::select(vec![None, Some("soldier".to_string())]),
        prop::collection::vec(prop::sample::select(WORDS.to_vec()), 0..4),
        prop::sample::select(vec![None, Some("NIS".to_string()), Some("the Pentagon".to_string())]),
        prop::sample::select(vec![None, Some("2024-10-18".to_string()), Some("2024-12".to_string()), Some("P3D".to_string()), Some("bad".to_string())]),
        0usize..400,
        prop::sample::select(vec![Modality::Asserted, Modality::Hypothetical, Modality::Possible]),
    )
        .prop_map(|(value, bound, unit, per, per_each, subject, source, time, start, modality)| Claim {
            id: format!("c{start}"),
            start,
            end: start + 10,
            text: "x".into(),
            quantity: Some(start % 3),
            value,
            low: value.map(|v| v - 1.0),
            high: None,
            bound: Some(bound),
            unit,
            per,
            per_each,
            subject: subject.join(" "),
            source: ClaimSource { entity: source.as_ref().map(|_| "e1".into()), name: source, kind: SourceKind::Government },
            modality,
            time,
            time_kind: ClaimTime::Event,
            frame: Default::default(),
        })
}

fn document() -> impl Strategy<Value = Document> {
    (
        prop::collection::vec(prop::sample::select(WORDS.to_vec()), 0..60),
        prop::collection::vec(claim(), 0..4),
        prop::sample::select(vec![None, Some("2024-10-18".to_string()), Some("2024-13-40".to_string())]),
        prop::sample::select(vec!["Kim Jong Un", "Kim Jong-un", "NIS", "Russia", ""]),
        0usize..300,
    )
        .prop_map(|(words, claims, published, name, at)| {
            let text = words.join(" ") + ". ";
            Document {
                id: String::new(),
                source: "p".into(),
                text,
                published: published.clone(),
                outlet: Some("Outlet".into()),
                entities: vec![Entity {
                    id: "e1".into(),
                    name: name.into(),
                    kind: EntityKind::Person,
                    mentions: vec![Mention { start: at, end: at + 3, text: name.into() }],
                    descriptors: vec![],
                }],
                times: vec![TimeExpr { start: at, end: at + 4, text: "then".into(), value: published, kind: TimeKind::Date, expected: false }],
                claims,
                ..Default::default()
            }
        })
}

fn corpus() -> impl Strategy<Value = Vec<Document>> {
    prop::collection::vec(document(), 0..8).prop_map(|mut docs| {
        for (i, d) in docs.iter_mut().enumerate() {
            d.id = format!("d{i}");
        }
        docs
    })
}

/// What must not depend on document order.
fn order_free(r: &Report) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut topics: Vec<String> = r
        .topics
        .iter()
        .map(|t| {
            let mut claims: Vec<String> = t.claims.iter().map(|c| format!("{}/{}", c.doc, c.claim)).collect();
            claims.sort();
            format!("{}|{:?}|{}|{}", t.label, t.agreement, t.independent_sources, claims.join(","))
        })
        .collect();
    topics.sort();
    let mut checks: Vec<String> = r.checks.iter().map(|c| format!("{}|{:?}|{:?}", c.doc, c.claims, c.status)).collect();
    checks.sort();
    let mut entities: Vec<String> = r.entities.iter().map(|e| format!("{}|{}", e.name, e.mentions)).collect();
    entities.sort();
    (topics, checks, entities)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn fuse_never_panics_and_ignores_order(docs in corpus()) {
        // Distinct texts, so that no document is a copy of another and
        // duplicate folding (which depends on input order for ties) stays out.
        let docs: Vec<Document> = docs.into_iter().enumerate().map(|(i, mut d)| { d.text = format!("{i} {}", d.text); d.published = None; d }).collect();
        let report = sitrep_fuse::fuse(&docs);
        prop_assert_eq!(report.documents.len(), docs.len());
        let mut reversed = docs.clone();
        reversed.reverse();
        let other = sitrep_fuse::fuse(&reversed);
        prop_assert_eq!(order_free(&report), order_free(&other));
    }
}
