//! Analyst corrections applied to a fused report.
//!
//! [`apply`] runs after [`crate::fuse`], on every fusion, so a correction
//! outlives re-fusion, re-annotation and new ingests. Corrections apply in
//! the order they were made (by override id), each to the report the
//! earlier ones left. A topic whose claims a correction changed is judged
//! again by [`crate::agreement::assess`] (fuse stays the one owner of the
//! verdicts): its claims are rebuilt as documents of their own, so the
//! same intervals, windows and source rules decide. A correction whose
//! target is gone is reported as not applied.
//!
//! Topics are found by id, else by the claims they held when the
//! correction was made (the override's anchors); claims by their
//! [`claim_key`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use sitrep_lang::frames::Behaviour;
use sitrep_core::overrides::{claim_key, Anchor, Applied, Correction, Override};
use sitrep_core::report::{Agreement, DocumentSummary, Report, Topic, TopicClaim};
use sitrep_core::{Claim, ClaimSource, Document, Quantity, SourceKind};

use crate::topics::{Group, Key};

/// The key of a claim of a topic (see [`claim_key`]).
pub fn key_of(c: &TopicClaim) -> String {
    claim_key(&c.doc, &c.text, c.quantity_text.as_deref())
}

/// The stable key of a document's claim (see [`claim_key`]).
pub fn doc_claim_key(d: &Document, c: &Claim) -> String {
    let figure = c.quantity.and_then(|q| d.quantities.get(q)).map(|q| q.text.as_str());
    claim_key(&d.id, &c.text, figure)
}

/// A claim named as its key, or as DOC#cN (the annotator's id), resolved
/// to its key in `report`.
fn claim_ref(report: &Report, docs: &[Document], given: &str) -> Result<String, String> {
    let in_topics = || report.topics.iter().flat_map(|t| &t.claims);
    if in_topics().any(|c| key_of(c) == given) {
        return Ok(given.to_string());
    }
    let by_id = given.rsplit_once('#').and_then(|(doc, id)| {
        let d = docs.iter().find(|d| d.id == doc)?;
        let c = d.claims.iter().find(|c| c.id == id)?;
        Some(doc_claim_key(d, c))
    });
    match by_id {
        Some(key) if in_topics().any(|c| key_of(c) == key) => Ok(key),
        Some(_) => Err(format!("claim {given} is in no topic (only numeric claims in topics can be corrected)")),
        None => Err(format!("no claim {given} (see `sitrep claims`: the first column is the key)")),
    }
}

/// A new correction checked against the current report of `docs`, its
/// claims named by key: targets must exist now (later they may go, and
/// are then reported as not applied). What `sitrep correct` and
/// `POST /api/corrections` both accept.
pub fn check(correction: Correction, report: &Report, docs: &[Document]) -> Result<Correction, String> {
    let topic = |id: String| -> Result<String, String> {
        if report.topics.iter().any(|t| t.id == id) {
            Ok(id)
        } else {
            Err(format!("no topic {id} (see `sitrep topics`)"))
        }
    };
    let source = |name: String| -> Result<String, String> {
        let known = report.topics.iter().flat_map(|t| &t.claims).any(|c| c.source.as_deref().is_some_and(|s| s.trim().eq_ignore_ascii_case(name.trim())));
        if known {
            Ok(name)
        } else {
            Err(format!("no claim has the source “{name}” (see `sitrep claims`)"))
        }
    };
    Ok(match correction {
        Correction::MergeTopics { into, from } => Correction::MergeTopics { into: topic(into)?, from: topic(from)? },
        Correction::SplitTopic { topic: t, claims } => {
            Correction::SplitTopic { topic: topic(t)?, claims: claims.iter().map(|c| claim_ref(report, docs, c)).collect::<Result<_, _>>()? }
        }
        Correction::MoveClaim { claim, topic: t } => Correction::MoveClaim { claim: claim_ref(report, docs, &claim)?, topic: topic(t)? },
        Correction::RenameSource { from, to } => Correction::RenameSource { from: source(from)?, to },
        Correction::MergeSources { into, from } => Correction::MergeSources { into, from: source(from)? },
        Correction::RejectClaim { claim } => Correction::RejectClaim { claim: claim_ref(report, docs, &claim)? },
        Correction::ExcludeOutlet { outlet } => {
            if !report.documents.iter().any(|d| d.outlet.as_deref().is_some_and(|o| o.trim().eq_ignore_ascii_case(outlet.trim()))) {
                return Err(format!("no document is from the outlet “{outlet}”"));
            }
            Correction::ExcludeOutlet { outlet }
        }
    })
}

/// The topics a correction names, with the claim keys they hold in
/// `report`: stored with it to find them again when their ids change.
pub fn anchors(correction: &Correction, report: &Report) -> Vec<Anchor> {
    correction
        .topics()
        .into_iter()
        .filter_map(|id| report.topics.iter().find(|t| t.id == id))
        .map(|t| Anchor { topic: t.id.clone(), claims: t.claims.iter().map(key_of).collect() })
        .collect()
}

/// Apply `overrides` to `report`, judge the changed topics again, and
/// record (in `report.overrides`, and returned) how each one fared.
pub fn apply(report: &mut Report, overrides: &[Override]) -> Vec<Applied> {
    let mut ordered: Vec<&Override> = overrides.iter().collect();
    ordered.sort_by_key(|o| o.id);
    let mut changed: BTreeSet<String> = BTreeSet::new();
    let mut applied = Vec::with_capacity(ordered.len());
    for o in ordered {
        let outcome = apply_one(report, o);
        if let Ok(topics) = &outcome {
            changed.extend(topics.iter().cloned());
        }
        applied.push(Applied {
            id: o.id,
            correction: o.correction.clone(),
            author: o.author.clone(),
            at: o.at.clone(),
            note: o.note.clone(),
            applied: outcome.is_ok(),
            reason: outcome.as_ref().err().cloned(),
            topics: outcome.unwrap_or_default(),
        });
    }
    let documents: HashMap<&str, &DocumentSummary> = report.documents.iter().map(|d| (d.id.as_str(), d)).collect();
    let judged: Vec<Option<Topic>> = report.topics.iter().map(|t| changed.contains(&t.id).then(|| reassess(t, &documents))).collect();
    for (t, new) in report.topics.iter_mut().zip(judged) {
        if let Some(new) = new {
            *t = new;
        }
    }
    drop_empty_topics(report);
    let count = |a: Agreement| report.topics.iter().filter(|t| t.agreement == a).count();
    let (consistent, conflicting, single) = (count(Agreement::Consistent), count(Agreement::Conflicting), count(Agreement::Single));
    report.summary.consistent_topics = consistent;
    report.summary.conflicting_topics = conflicting;
    report.summary.single_source_topics = single;
    report.overrides = applied.clone();
    applied
}

/// The outcome of each correction over a report applied story by story
/// (`outcomes`: what [`apply`] recorded in each story): applied when some
/// story applied it, with the topics it changed there; else why not (the
/// first story's reason).
pub fn merge(corrections: &[Override], outcomes: &[Vec<Applied>]) -> Vec<Applied> {
    let mut ordered: Vec<&Override> = corrections.iter().collect();
    ordered.sort_by_key(|o| o.id);
    ordered
        .into_iter()
        .map(|o| {
            let mine: Vec<&Applied> = outcomes.iter().filter_map(|story| story.iter().find(|a| a.id == o.id)).collect();
            let applied = mine.iter().any(|a| a.applied);
            Applied {
                id: o.id,
                correction: o.correction.clone(),
                author: o.author.clone(),
                at: o.at.clone(),
                note: o.note.clone(),
                applied,
                reason: (!applied).then(|| mine.iter().find_map(|a| a.reason.clone()).unwrap_or_else(|| "the store has no stories".into())),
                topics: mine.iter().filter(|a| a.applied).flat_map(|a| a.topics.iter().cloned()).collect(),
            }
        })
        .collect()
}

/// Apply one correction; the ids of the topics it changed, or why it could
/// not be applied.
fn apply_one(report: &mut Report, o: &Override) -> Result<Vec<String>, String> {
    match &o.correction {
        Correction::MergeTopics { into, from } => {
            let i = find_topic(report, o, into)?;
            let f = find_topic(report, o, from)?;
            if i == f {
                return Err(format!("topics {into} and {from} are already one"));
            }
            let claims = std::mem::take(&mut report.topics[f].claims);
            report.topics[i].claims.extend(claims);
            let (into_id, from_id) = (report.topics[i].id.clone(), report.topics[f].id.clone());
            for t in &mut report.topics {
                if t.part_of.as_deref() == Some(from_id.as_str()) {
                    t.part_of = (t.id != into_id).then(|| into_id.clone());
                }
            }
            Ok(vec![into_id])
        }
        Correction::SplitTopic { topic, claims } => {
            let t = find_topic(report, o, topic)?;
            let wanted: HashSet<&str> = claims.iter().map(String::as_str).collect();
            let (leaving, staying): (Vec<TopicClaim>, Vec<TopicClaim>) =
                std::mem::take(&mut report.topics[t].claims).into_iter().partition(|c| wanted.contains(key_of(c).as_str()));
            report.topics[t].claims = staying;
            if leaving.is_empty() {
                return Err(format!("none of the claims to split off are in topic {topic} any more"));
            }
            let old = &report.topics[t];
            let new = Topic { id: format!("{}-{}", old.id, o.id), label: format!("{} (split)", old.label), claims: leaving, ..old.clone() };
            let ids = vec![old.id.clone(), new.id.clone()];
            if let Some(s) = report.stories.iter_mut().find(|s| s.id == new.story) {
                let at = s.topics.iter().position(|x| *x == old.id).map_or(s.topics.len(), |p| p + 1);
                s.topics.insert(at, new.id.clone());
            }
            report.topics.insert(t + 1, new);
            Ok(ids)
        }
        Correction::MoveClaim { claim, topic } => {
            let to = find_topic(report, o, topic)?;
            let (from, c) = find_claim(report, claim)?;
            if from == to {
                return Err(format!("claim {claim} is already in topic {topic}"));
            }
            let moved = report.topics[from].claims.remove(c);
            report.topics[to].claims.push(moved);
            Ok(vec![report.topics[from].id.clone(), report.topics[to].id.clone()])
        }
        Correction::RenameSource { from, to } | Correction::MergeSources { into: to, from } => rename_source(report, from, to),
        Correction::RejectClaim { claim } => {
            let (t, c) = find_claim(report, claim)?;
            report.topics[t].claims.remove(c);
            Ok(vec![report.topics[t].id.clone()])
        }
        Correction::ExcludeOutlet { outlet } => exclude_outlet(report, outlet),
    }
}

/// Same name, ignoring case and surrounding space.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The topic with this id, else the one holding most of the claims it held
/// when the correction was made.
fn find_topic(report: &Report, o: &Override, id: &str) -> Result<usize, String> {
    if let Some(i) = report.topics.iter().position(|t| t.id == id) {
        return Ok(i);
    }
    let anchored: HashSet<&str> = o.anchors.iter().filter(|a| a.topic == id).flat_map(|a| a.claims.iter().map(String::as_str)).collect();
    report
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.claims.iter().filter(|c| anchored.contains(key_of(c).as_str())).count(), i))
        .filter(|&(n, _)| n > 0)
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, i)| i)
        .ok_or_else(|| format!("topic {id} no longer exists"))
}

/// The topic and position of the claim with this key.
fn find_claim(report: &Report, key: &str) -> Result<(usize, usize), String> {
    report
        .topics
        .iter()
        .enumerate()
        .find_map(|(t, topic)| topic.claims.iter().position(|c| key_of(c) == key).map(|c| (t, c)))
        .ok_or_else(|| format!("claim {key} is in no topic any more"))
}

fn rename_source(report: &mut Report, from: &str, to: &str) -> Result<Vec<String>, String> {
    let mut topics = Vec::new();
    for t in &mut report.topics {
        let mut hit = false;
        for c in t.claims.iter_mut().filter(|c| c.source.as_deref().is_some_and(|s| same_name(s, from))) {
            c.source = Some(to.to_string());
            hit = true;
        }
        if hit {
            topics.push(t.id.clone());
        }
    }
    if topics.is_empty() {
        return Err(format!("no claim has the source “{from}” any more"));
    }
    Ok(topics)
}

/// Take the documents of an outlet out of the report: their claims,
/// checks, quotes, timeline entries and the document list.
fn exclude_outlet(report: &mut Report, outlet: &str) -> Result<Vec<String>, String> {
    let gone: HashSet<String> =
        report.documents.iter().filter(|d| d.outlet.as_deref().is_some_and(|o| same_name(o, outlet))).map(|d| d.id.clone()).collect();
    if gone.is_empty() {
        return Err(format!("no document is from “{outlet}” any more"));
    }
    let mut topics = Vec::new();
    for t in &mut report.topics {
        let before = t.claims.len();
        t.claims.retain(|c| !gone.contains(&c.doc));
        if t.claims.len() != before {
            topics.push(t.id.clone());
        }
    }
    report.documents.retain(|d| !gone.contains(&d.id));
    report.summary.documents = report.documents.len();
    report.summary.outlets.retain(|o| !same_name(o, outlet));
    for s in &mut report.stories {
        s.documents.retain(|d| !gone.contains(d));
    }
    report.checks.retain(|c| !gone.contains(&c.doc));
    report.quotes.retain(|q| !gone.contains(&q.doc));
    report.timeline.retain(|e| !gone.contains(&e.doc));
    for e in &mut report.timeline {
        e.docs.retain(|d| !gone.contains(d));
    }
    for e in &mut report.entities {
        e.docs.retain(|d| !gone.contains(d));
    }
    report.entities.retain(|e| !e.docs.is_empty());
    Ok(topics)
}

/// Remove topics left without claims, from the story lists and from
/// `part_of` too.
fn drop_empty_topics(report: &mut Report) {
    let empty: HashSet<String> = report.topics.iter().filter(|t| t.claims.is_empty()).map(|t| t.id.clone()).collect();
    if empty.is_empty() {
        return;
    }
    report.topics.retain(|t| !empty.contains(&t.id));
    for t in &mut report.topics {
        if t.part_of.as_ref().is_some_and(|p| empty.contains(p)) {
            t.part_of = None;
        }
    }
    for s in &mut report.stories {
        s.topics.retain(|t| !empty.contains(t));
    }
}

/// Judge a changed topic again with [`crate::agreement::assess`]: each of
/// its documents is rebuilt from the report (outlet, date, title) with the
/// topic's claims, so the sources, intervals and times are those the claims
/// show now (a renamed source counts as the name it was given).
fn reassess(topic: &Topic, documents: &HashMap<&str, &DocumentSummary>) -> Topic {
    let mut docs: Vec<Document> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut duplicate_of: Vec<Option<usize>> = Vec::new();
    let mut members = Vec::with_capacity(topic.claims.len());
    for tc in &topic.claims {
        let d = *index.entry(tc.doc.as_str()).or_insert_with(|| {
            let summary = documents.get(tc.doc.as_str());
            docs.push(Document {
                id: tc.doc.clone(),
                title: summary.and_then(|s| s.title.clone()),
                published: summary.and_then(|s| s.published.clone()),
                outlet: summary.and_then(|s| s.outlet.clone()),
                ..Default::default()
            });
            duplicate_of.push(tc.duplicate.then_some(0));
            docs.len() - 1
        });
        let doc = &mut docs[d];
        if tc.source_kind == SourceKind::Author && doc.outlet.is_some() {
            // The outlet speaks under the name the claim shows (renamed or not).
            doc.outlet = tc.source.clone();
        }
        let quantity = tc.quantity_text.as_ref().map(|text| {
            doc.quantities.push(Quantity { text: text.clone(), ..Default::default() });
            doc.quantities.len() - 1
        });
        doc.claims.push(Claim {
            id: tc.claim.clone(),
            start: tc.start,
            end: tc.end,
            text: tc.text.clone(),
            quantity,
            value: tc.value,
            low: tc.low,
            high: tc.high,
            bound: tc.bound,
            unit: tc.unit.clone(),
            per: tc.per.clone(),
            per_each: None,
            subject: topic.label.clone(),
            source: ClaimSource { name: tc.source.clone(), entity: None, kind: tc.source_kind },
            modality: tc.modality,
            time: tc.time.clone(),
            time_kind: Default::default(),
            frame: topic.frame.clone(),
        });
        members.push((d, doc.claims.len() - 1));
    }
    let group = Group {
        key: Key::default(),
        frame: topic.frame.clone(),
        behaviour: match topic.behaviour.as_str() {
            "total" => Behaviour::Total,
            "occasion" => Behaviour::Occasion,
            _ => Behaviour::Level,
        },
        label: topic.label.clone(),
        unit: topic.unit.clone(),
        per: topic.per.clone(),
        members,
        part_of: None,
    };
    let resolved = crate::entities::resolve(&docs);
    let mut t = crate::agreement::assess(&docs, &duplicate_of, &resolved, &group);
    t.id = topic.id.clone();
    t.story = topic.story.clone();
    t.part_of = topic.part_of.clone();
    crate::single_document(&mut t);
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::overrides::Anchor;
    use sitrep_core::report::{Story, Verdict};
    use sitrep_core::{Bound, Modality};

    /// A story of two topics: three sources count boats, two count
    /// crossings, and one of the boat counts is far off.
    fn fixture() -> Report {
        let claim = |doc: &str, source: &str, value: f64, text: &str| TopicClaim {
            doc: doc.into(),
            claim: "c1".into(),
            value: Some(value),
            low: None,
            high: None,
            bound: Some(Bound::Exact),
            unit: None,
            per: None,
            source: Some(source.into()),
            spelling: None,
            language: None,
            source_kind: SourceKind::Organization,
            modality: Modality::Asserted,
            time: Some("2025-03-01".into()),
            text: text.into(),
            start: 0,
            end: text.len(),
            quantity_text: Some(format!("{value}")),
            duplicate: false,
            verdict: Verdict::Single,
            against: vec![],
        };
        let topic = |id: &str, label: &str, claims: Vec<TopicClaim>| Topic {
            id: id.into(),
            story: "s1".into(),
            label: label.into(),
            frame: Default::default(),
            unit: None,
            per: None,
            part_of: None,
            behaviour: "level".into(),
            claims,
            independent_sources: 0,
            range: Default::default(),
            agreement: Agreement::Single,
            notes: vec![],
        };
        let boats = topic(
            "tboats",
            "boats counted",
            vec![
                claim("a", "Harbour Office", 40.0, "The harbour office counted 40 boats."),
                claim("b", "Coast Watch", 40.0, "Coast Watch saw 40 boats."),
                claim("c", "Pier Union", 90.0, "The union said 90 boats sailed."),
            ],
        );
        let vessels = topic("tvessels", "vessels counted", vec![claim("d", "Port Radio", 41.0, "Port Radio logged 41 vessels.")]);
        let documents = ["a", "b", "c", "d"]
            .iter()
            .map(|d| DocumentSummary { id: d.to_string(), outlet: Some(format!("Outlet {d}")), ..Default::default() })
            .collect();
        let mut report = Report {
            stories: vec![Story { id: "s1".into(), topics: vec!["tboats".into(), "tvessels".into()], ..Default::default() }],
            documents,
            topics: vec![boats, vessels],
            ..Default::default()
        };
        // Judged as fuse would before any correction.
        let docs: HashMap<&str, &DocumentSummary> = HashMap::new();
        report.topics = report.topics.iter().map(|t| reassess(t, &docs)).collect();
        report
    }

    fn over(id: i64, correction: Correction) -> Override {
        Override { id, correction, author: "ana".into(), at: "2025-03-02T10:00:00Z".into(), note: None, anchors: vec![] }
    }

    fn topic<'a>(r: &'a Report, id: &str) -> &'a Topic {
        r.topics.iter().find(|t| t.id == id).expect("topic")
    }

    #[test]
    fn the_fixture_is_judged_like_fuse() {
        let r = fixture();
        assert_eq!(topic(&r, "tboats").agreement, Agreement::Conflicting);
        assert_eq!(topic(&r, "tvessels").agreement, Agreement::Single);
    }

    #[test]
    fn rejecting_the_outlier_makes_the_topic_consistent() {
        let mut r = fixture();
        let key = key_of(&topic(&r, "tboats").claims[2]);
        let applied = apply(&mut r, &[over(1, Correction::RejectClaim { claim: key })]);
        assert!(applied[0].applied, "{applied:?}");
        let t = topic(&r, "tboats");
        assert_eq!((t.claims.len(), t.agreement), (2, Agreement::Consistent));
        assert!(t.claims.iter().all(|c| c.verdict == Verdict::Agrees));
        assert_eq!(r.summary.conflicting_topics, 0);
        assert_eq!(r.overrides, applied);
    }

    #[test]
    fn merging_topics_moves_claims_and_drops_the_merged_one() {
        let mut r = fixture();
        let applied = apply(&mut r, &[over(1, Correction::MergeTopics { into: "tboats".into(), from: "tvessels".into() })]);
        assert!(applied[0].applied);
        assert_eq!(r.topics.len(), 1);
        assert_eq!(r.stories[0].topics, vec!["tboats".to_string()]);
        let t = topic(&r, "tboats");
        assert_eq!((t.claims.len(), t.independent_sources), (4, 4));
        assert!(t.claims.iter().any(|c| c.source.as_deref() == Some("Port Radio") && c.verdict == Verdict::Agrees));
    }

    #[test]
    fn a_correction_whose_target_is_gone_is_kept_as_not_applied() {
        let mut r = fixture();
        let applied = apply(
            &mut r,
            &[
                over(2, Correction::RejectClaim { claim: "zz#k00000000".into() }),
                over(1, Correction::MergeTopics { into: "tgone".into(), from: "tvessels".into() }),
                over(3, Correction::ExcludeOutlet { outlet: "Nowhere Daily".into() }),
                over(4, Correction::RenameSource { from: "Nobody".into(), to: "X".into() }),
            ],
        );
        assert_eq!(applied.iter().map(|a| a.id).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
        assert!(applied.iter().all(|a| !a.applied && a.reason.is_some()), "{applied:?}");
        assert_eq!(r.topics, fixture().topics, "nothing changed");
    }

    #[test]
    fn a_topic_is_found_again_by_its_anchor_when_its_id_changed() {
        let mut r = fixture();
        let anchors = vec![Anchor { topic: "told".into(), claims: vec![key_of(&topic(&r, "tvessels").claims[0])] }];
        let o = Override { anchors, ..over(1, Correction::MergeTopics { into: "tboats".into(), from: "told".into() }) };
        assert!(apply(&mut r, &[o])[0].applied);
        assert_eq!(r.topics.len(), 1);
    }

    #[test]
    fn merged_sources_count_once_and_renamed_ones_show_their_new_name() {
        let mut r = fixture();
        apply(
            &mut r,
            &[
                over(1, Correction::MergeSources { into: "Harbour Office".into(), from: "coast watch".into() }),
                over(2, Correction::RenameSource { from: "Pier Union".into(), to: "Dock Workers' Union".into() }),
            ],
        );
        let t = topic(&r, "tboats");
        assert_eq!(t.independent_sources, 2);
        assert!(t.claims.iter().any(|c| c.source.as_deref() == Some("Dock Workers' Union")));
    }

    #[test]
    fn split_move_and_exclude() {
        let mut r = fixture();
        let union = key_of(&topic(&r, "tboats").claims[2]);
        let radio = key_of(&topic(&r, "tvessels").claims[0]);
        let applied = apply(
            &mut r,
            &[
                over(1, Correction::SplitTopic { topic: "tboats".into(), claims: vec![union] }),
                over(2, Correction::MoveClaim { claim: radio, topic: "tboats".into() }),
                over(3, Correction::ExcludeOutlet { outlet: "outlet b".into() }),
            ],
        );
        assert!(applied.iter().all(|a| a.applied), "{applied:?}");
        let ids: Vec<&str> = r.topics.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, vec!["tboats", "tboats-1"], "the emptied topic goes, the split one follows its origin");
        assert_eq!(r.stories[0].topics, vec!["tboats".to_string(), "tboats-1".to_string()]);
        assert_eq!(topic(&r, "tboats").claims.len(), 2, "Harbour Office and Port Radio; Coast Watch is excluded");
        assert_eq!(topic(&r, "tboats").agreement, Agreement::Consistent);
        assert!(r.documents.iter().all(|d| d.id != "b"));
    }
}
