//! A small corpus of invented articles through the whole annotate stage and
//! then fuse: the topics, verdicts, copies and checks an analyst expects.

use serde_json::Value;
use sitrep_core::report::{Agreement, CheckStatus, Report, Topic};
use sitrep_core::Document;

fn corpus() -> (Vec<Document>, Report) {
    let raw: Vec<Value> = serde_json::from_str(include_str!("pipeline/quake-corpus.json")).expect("fixture parses");
    let docs: Vec<Document> = raw
        .iter()
        .map(|r| {
            let mut d = Document {
                id: r["id"].as_str().expect("id").into(),
                outlet: r["outlet"].as_str().map(Into::into),
                published: r["published"].as_str().map(Into::into),
                text: r["text"].as_str().expect("text").into(),
                ..Default::default()
            };
            sitrep_annotate::annotate(&mut d);
            d
        })
        .collect();
    let report = sitrep_fuse::fuse(&docs);
    (docs, report)
}

/// The topic holding the claim of document `doc` whose quantity reads `text`.
fn topic_of<'r>(docs: &[Document], report: &'r Report, doc: &str, text: &str) -> &'r Topic {
    report
        .topics
        .iter()
        .find(|t| {
            t.claims.iter().any(|c| {
                c.doc == doc && {
                    let d = docs.iter().find(|d| d.id == doc).expect("doc");
                    let claim = d.claims.iter().find(|k| k.id == c.claim).expect("claim");
                    claim.quantity.is_some_and(|q| d.quantities[q].text == text)
                }
            })
        })
        .unwrap_or_else(|| panic!("no topic holds {doc}: {text:?}; topics: {:#?}", report.topics))
}

#[test]
fn the_quake_corpus_fuses_as_an_analyst_expects() {
    let (docs, report) = corpus();
    let deaths = topic_of(&docs, &report, "ridge", "At least 120");
    assert_eq!(deaths.id, topic_of(&docs, &report, "valley", "450").id, "the toll figures share a topic");
    assert_eq!(deaths.id, topic_of(&docs, &report, "plains", "around 130").id);
    assert_eq!(deaths.agreement, Agreement::Conflicting, "450 and around 130 within days: {:#?}", deaths.notes);

    let displaced = topic_of(&docs, &report, "ridge", "About 4,000");
    assert_eq!(displaced.id, topic_of(&docs, &report, "valley", "Nearly 4,200").id);
    assert_ne!(displaced.id, deaths.id, "the displaced are not the dead");
    assert_eq!(displaced.agreement, Agreement::Consistent, "{:#?}", displaced.notes);
    assert_eq!(displaced.independent_sources, 2, "the copy does not count: {:#?}", displaced.claims);

    let pay = topic_of(&docs, &report, "ridge", "$300");
    assert_eq!(pay.per.as_deref(), Some("month"));
    assert_ne!(pay.id, topic_of(&docs, &report, "ridge", "$300,000").id, "a total is not a rate per family");

    let mountain = report.documents.iter().find(|d| d.id == "mountain").expect("listed");
    assert_eq!(mountain.duplicate_of.as_deref(), Some("ridge"));
    assert!(
        report.checks.iter().any(|c| c.doc == "ridge" && c.status == CheckStatus::Holds),
        "1,000 families × $300 a month = $300,000 a month: {:#?}",
        report.checks
    );
}

/// A topic judged again after a correction that changes nothing (every
/// source renamed to itself) comes out as fuse judged it: the overrides
/// module rebuilds claims faithfully enough for agreement to decide alike.
#[test]
fn judging_a_topic_again_without_a_change_gives_fuse_verdicts() {
    use sitrep_core::overrides::{Correction, Override};
    let (_, report) = corpus();
    let mut sources: Vec<String> = report.topics.iter().flat_map(|t| t.claims.iter().filter_map(|c| c.source.clone())).collect();
    sources.sort();
    sources.dedup();
    let overrides: Vec<Override> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| Override {
            id: i as i64 + 1,
            correction: Correction::RenameSource { from: s.clone(), to: s.clone() },
            author: "test".into(),
            at: "2025-01-01T00:00:00Z".into(),
            note: None,
            anchors: vec![],
        })
        .collect();
    let mut again = report.clone();
    let applied = sitrep_fuse::overrides::apply(&mut again, &overrides);
    assert!(applied.iter().all(|a| a.applied));
    for (a, b) in report.topics.iter().zip(&again.topics) {
        let verdicts = |t: &Topic| t.claims.iter().map(|c| (c.doc.clone(), c.claim.clone(), c.verdict, c.against.clone())).collect::<Vec<_>>();
        assert_eq!(verdicts(a), verdicts(b), "{}", a.label);
        assert_eq!((a.agreement, a.independent_sources, &a.notes, a.range), (b.agreement, b.independent_sources, &b.notes, b.range), "{}", a.label);
    }
    assert_eq!(report.summary, again.summary);
}
