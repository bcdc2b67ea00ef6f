//! A large synthetic report (deterministic), for the scale test and the
//! render benchmark.

use sitrep_core::report::*;
use sitrep_core::{Bound, EntityKind, Modality, SourceKind};

/// A report on `docs` documents: 20 topics sharing `docs` claims, a
/// timeline entry per two documents, an entity per three, a quote each.
pub fn report(docs: usize) -> Report {
    let mut seed: u64 = 0x5eed;
    let mut rnd = move |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n.max(1)
    };
    let date = |i: usize| format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
    let documents: Vec<DocumentSummary> = (0..docs)
        .map(|i| DocumentSummary {
            id: format!("doc-{i}"),
            title: Some(format!("Report number {i} on the deployment")),
            outlet: Some(format!("Outlet {}", i % 300)),
            published: Some(date(i)),
            url: Some(format!("https://outlet{}.example/story/{i}", i % 300)),
            duplicate_of: (i % 10 == 9).then(|| format!("doc-{}", i - 1)),
            story: Some("s1".into()),
            copy: None,
        })
        .collect();
    let bounds = [Bound::Exact, Bound::Approx, Bound::AtLeast, Bound::AtMost, Bound::Range];
    let modalities = [Modality::Asserted, Modality::Estimated, Modality::Reported, Modality::Possible, Modality::Denied];
    let topics: Vec<Topic> = (0..20)
        .map(|t| {
            let claims: Vec<TopicClaim> = (0..docs / 20)
                .map(|k| {
                    let i = k * 20 + t;
                    let v = 1_000.0 * (1 + rnd(100)) as f64 * if t % 3 == 1 { 10f64.powi(rnd(3) as i32) } else { 1.0 };
                    let bound = bounds[rnd(5) as usize];
                    let text = format!("Officials said {v} troops were involved, according to report {i}.");
                    TopicClaim {
                        doc: format!("doc-{i}"),
                        claim: format!("c{k}"),
                        value: Some(v),
                        low: matches!(bound, Bound::AtLeast | Bound::Range).then_some(v * 0.9),
                        high: matches!(bound, Bound::AtMost | Bound::Range).then_some(v * 1.1),
                        bound: Some(bound),
                        unit: Some("person".into()),
                        per: None,
                        source: Some(format!("Source {}", rnd(150))),
                        spelling: None,
                        language: None,
                        source_kind: SourceKind::Government,
                        modality: modalities[rnd(5) as usize],
                        time: Some(date(i)),
                        end: text.len(),
                        text,
                        start: 0,
                        quantity_text: Some(format!("{v}")),
                        duplicate: i % 10 == 9,
                        verdict: if k % 7 == 3 { Verdict::Outlier } else { Verdict::Agrees },
                        against: vec![],
                    }
                })
                .collect();
            Topic {
                id: format!("t{t}"),
                story: "s1".into(),
                label: format!("Topic {t}"),
                frame: Default::default(),
                part_of: None,
                behaviour: "total".into(),
                unit: Some("person".into()),
                per: None,
                independent_sources: claims.len(),
                claims,
                range: Range { low: Some(1_000.0), high: Some(10_000_000.0) },
                agreement: if t % 2 == 1 { Agreement::Conflicting } else { Agreement::Consistent },
                notes: vec![Note { kind: if t % 2 == 1 { NoteKind::Differs } else { NoteKind::Agree }, claims: vec![0], against: if t % 2 == 1 { vec![1] } else { vec![] } }],
            }
        })
        .collect();
    let timeline = (0..docs / 2)
        .map(|i| {
            let text = format!("Event {i} happened.");
            TimelineEntry { date: date(i), precision: Precision::Day, expected: i % 7 == 0, when: String::new(), end: text.len(), text, doc: format!("doc-{i}"), start: 0, docs: (i..i + 12).map(|d| format!("doc-{d}")).collect() }
        })
        .collect();
    let entities = (0..docs / 3)
        .map(|i| EntitySummary {
            name: format!("Entity {i}"),
            kind: if i % 2 == 1 { EntityKind::Person } else { EntityKind::Organization },
            aliases: vec![format!("E{i}")],
            docs: (i..i + 20).map(|d| format!("doc-{d}")).collect(),
            mentions: rnd(500) as usize,
            roles: vec!["official".into()],
        })
        .collect();
    let quotes = (0..docs)
        .map(|i| {
            let text = format!("Quote number {i}.");
            QuoteSummary { doc: format!("doc-{i}"), speaker: Some(format!("Speaker {}", rnd(400))), end: text.len(), text, direct: i % 2 == 1, start: 0 }
        })
        .collect();
    let checks = (0..docs / 50)
        .map(|i| Check {
            kind: "arithmetic".into(),
            doc: format!("doc-{i}"),
            claims: vec!["c1".into(), "c2".into()],
            expression: format!("{i} × 2 = {}", i * 2),
            computed: (i * 2) as f64,
            stated: (i * 2 + i % 3) as f64,
            status: if i % 3 == 1 { CheckStatus::Holds } else { CheckStatus::Fails },
        })
        .collect();
    let stories = vec![Story {
        id: "s1".into(),
        label: "A large synthetic story".into(),
        documents: (0..docs).map(|i| format!("doc-{i}")).collect(),
        topics: topics.iter().map(|t| t.id.clone()).collect(),
        independent_documents: docs - docs / 10,
        first_published: Some("2024-01-01".into()),
        last_published: Some("2024-12-28".into()),
    }];
    Report {
        stories,
        summary: Summary {
            story: Some("A large synthetic story".into()),
            documents: docs,
            independent_documents: docs - docs / 10,
            outlets: (0..300.min(docs)).map(|o| format!("Outlet {o}")).collect(),
            first_published: Some("2024-01-01".into()),
            last_published: Some("2024-12-28".into()),
            consistent_topics: 10,
            conflicting_topics: 10,
            single_source_topics: 0,
        },
        documents,
        topics,
        checks,
        timeline,
        entities,
        quotes,
        overrides: Vec::new(),
    }
}
