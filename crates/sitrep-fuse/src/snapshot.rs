//! "What changed": the state of a fused report as a snapshot records it,
//! and the difference between two states (new figures, revised figures,
//! new conflicts, new sources). Pure functions of their inputs; the store
//! keeps snapshots and the CLI and `sitrep serve` render the changes.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use sitrep_core::overrides::{Changes, ClaimState, Override, NewConflict, NewFigure, NewSource, Revision, TopicState};
use sitrep_core::report::{Agreement, Report, Verdict};
use sitrep_core::Document;

use crate::overrides::key_of;

/// The state to compare a story with for "what changed since `day`": the
/// corrected report of its documents (`docs`, as its report lists them)
/// published before it (undated documents count as before). `day` is
/// YYYY-MM-DD ([`crate::text::is_date`]). Each story is compared with its
/// own earlier documents, so a story's "before" does not depend on how the
/// rest of the earlier corpus would have been clustered, and a reader
/// needs one story's documents at a time.
pub fn before<'a>(docs: impl IntoIterator<Item = &'a Document>, overrides: &[Override], day: &str) -> Vec<TopicState> {
    let earlier: Vec<Document> = docs.into_iter().filter(|d| d.published.as_deref().is_none_or(|p| p < day)).cloned().collect();
    state(&crate::fuse_corrected(&earlier, overrides))
}

/// The topics of a report with their claims, as a snapshot records them.
pub fn state(report: &Report) -> Vec<TopicState> {
    report
        .topics
        .iter()
        .map(|t| TopicState {
            id: t.id.clone(),
            story: t.story.clone(),
            label: t.label.clone(),
            unit: t.unit.clone(),
            per: t.per.clone(),
            agreement: t.agreement,
            range: t.range,
            claims: t
                .claims
                .iter()
                .map(|c| ClaimState {
                    key: key_of(c),
                    doc: c.doc.clone(),
                    source: c.source.clone(),
                    figure: c.quantity_text.clone(),
                    value: c.value,
                    verdict: c.verdict,
                })
                .collect(),
        })
        .collect()
}

/// The earlier topics, looked up by id and by claim key.
struct Earlier<'a> {
    before: &'a [TopicState],
    /// The first topic with each id.
    by_id: HashMap<&'a str, usize>,
    /// For each claim key, the topics holding it, once per claim.
    by_key: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Earlier<'a> {
    fn new(before: &'a [TopicState]) -> Self {
        let (mut by_id, mut by_key) = (HashMap::new(), HashMap::<&str, Vec<usize>>::new());
        for (i, b) in before.iter().enumerate() {
            by_id.entry(b.id.as_str()).or_insert(i);
            for c in &b.claims {
                by_key.entry(c.key.as_str()).or_default().push(i);
            }
        }
        Earlier { before, by_id, by_key }
    }

    /// The earlier topic `t` continues: the one with its id, else the one
    /// sharing most of its claims, the least id among equals (a story's id,
    /// and so its topics' ids, change when an earlier document joins it).
    /// Looked up, not scanned: a snapshot of a large corpus holds hundreds
    /// of thousands of topics.
    fn matching(&self, t: &TopicState) -> Option<&'a TopicState> {
        if let Some(&i) = self.by_id.get(t.id.as_str()) {
            return Some(&self.before[i]);
        }
        let keys: HashSet<&str> = t.claims.iter().map(|c| c.key.as_str()).collect();
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for i in keys.iter().filter_map(|k| self.by_key.get(k)).flatten() {
            *shared.entry(*i).or_default() += 1;
        }
        shared
            .into_iter()
            .map(|(i, n)| (n, &self.before[i]))
            .max_by(|x, y| x.0.cmp(&y.0).then(y.1.id.cmp(&x.1.id)))
            .map(|(_, b)| b)
    }
}

/// What changed from `before` to `after`: figures (claims) not there
/// before, topics whose range moved, topics in conflict that were not, and
/// sources a story hears that it did not. Copies are not new figures.
pub fn changes(before: &[TopicState], after: &[TopicState]) -> Changes {
    let known: HashSet<&str> = before.iter().flat_map(|t| t.claims.iter().map(|c| c.key.as_str())).collect();
    let mut out = Changes::default();
    let mut heard: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for b in before {
        heard.entry(b.story.as_str()).or_default().extend(b.claims.iter().filter_map(|c| c.source.as_deref()));
    }
    let mut sources: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    let earlier = Earlier::new(before);
    for t in after {
        let old = earlier.matching(t);
        for c in t.claims.iter().filter(|c| !known.contains(c.key.as_str()) && c.verdict != Verdict::Copy) {
            out.new_figures.push(NewFigure { topic: t.id.clone(), label: t.label.clone(), claim: c.clone() });
        }
        if let Some(old) = old.filter(|o| o.range != t.range) {
            out.revised_figures.push(Revision {
                topic: t.id.clone(),
                label: t.label.clone(),
                unit: t.unit.clone(),
                per: t.per.clone(),
                before: old.range,
                after: t.range,
            });
        }
        if t.agreement == Agreement::Conflicting && old.is_none_or(|o| o.agreement != Agreement::Conflicting) {
            let outliers: BTreeSet<String> = t.claims.iter().filter(|c| c.verdict == Verdict::Outlier).filter_map(|c| c.source.clone()).collect();
            out.new_conflicts.push(NewConflict { topic: t.id.clone(), label: t.label.clone(), outliers: outliers.into_iter().collect() });
        }
        let story_before: BTreeSet<&str> = [t.story.as_str()]
            .into_iter()
            .chain(old.map(|o| o.story.as_str()))
            .flat_map(|s| heard.get(s).into_iter().flatten().copied())
            .collect();
        for c in t.claims.iter().filter(|c| c.verdict != Verdict::Copy) {
            if let Some(s) = c.source.as_deref().filter(|s| !story_before.contains(s)) {
                let topics = sources.entry((t.story.as_str(), s)).or_default();
                if !topics.contains(&t.id) {
                    topics.push(t.id.clone());
                }
            }
        }
    }
    out.new_sources = sources
        .into_iter()
        .map(|((story, source), topics)| NewSource { story: story.to_string(), source: source.to_string(), topics })
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::report::Range;

    fn claim(key: &str, source: &str, value: f64, verdict: Verdict) -> ClaimState {
        ClaimState { key: key.into(), doc: key.into(), source: Some(source.into()), figure: None, value: Some(value), verdict }
    }

    fn topic(id: &str, story: &str, agreement: Agreement, claims: Vec<ClaimState>) -> TopicState {
        let values = claims.iter().filter_map(|c| c.value);
        let range = Range { low: values.clone().reduce(f64::min), high: values.reduce(f64::max) };
        TopicState { id: id.into(), story: story.into(), label: format!("label {id}"), unit: None, per: None, agreement, range, claims }
    }

    #[test]
    fn nothing_changes_between_equal_states() {
        let s = vec![topic("t1", "s1", Agreement::Single, vec![claim("a#k1", "Mayor", 5.0, Verdict::Single)])];
        assert!(changes(&s, &s).is_empty());
    }

    #[test]
    fn a_later_topic_continues_the_one_with_its_id_else_the_one_sharing_most_claims() {
        let c = |key: &str| claim(key, "Mayor", 1.0, Verdict::Single);
        let before = vec![
            topic("t3", "s1", Agreement::Single, vec![c("a#k1"), c("b#k1")]),
            topic("t2", "s1", Agreement::Single, vec![c("a#k1"), c("b#k1")]),
            topic("t1", "s1", Agreement::Single, vec![c("a#k1")]),
            topic("t4", "s1", Agreement::Single, vec![c("z#k1")]),
        ];
        let earlier = Earlier::new(&before);
        let id = |t: &TopicState| earlier.matching(t).map(|b| b.id.clone());
        // Its own id first, whatever it shares.
        assert_eq!(id(&topic("t4", "s2", Agreement::Single, vec![c("a#k1"), c("b#k1")])).as_deref(), Some("t4"));
        // Else most shared claims, the least id among equals.
        assert_eq!(id(&topic("t9", "s2", Agreement::Single, vec![c("a#k1"), c("b#k1")])).as_deref(), Some("t2"));
        assert_eq!(id(&topic("t9", "s2", Agreement::Single, vec![c("z#k1"), c("y#k1")])).as_deref(), Some("t4"));
        // A claim an earlier topic holds twice counts twice.
        let twice = vec![topic("t7", "s1", Agreement::Single, vec![c("a#k1"), c("a#k1")]), topic("t6", "s1", Agreement::Single, vec![c("a#k1"), c("x#k1")])];
        let earlier = Earlier::new(&twice);
        assert_eq!(earlier.matching(&topic("t9", "s2", Agreement::Single, vec![c("a#k1"), c("b#k1")])).map(|b| b.id.as_str()), Some("t7"));
        assert!(earlier.matching(&topic("t9", "s2", Agreement::Single, vec![c("q#k1")])).is_none());
    }

    #[test]
    fn new_figures_revisions_conflicts_and_sources() {
        let before = vec![topic("t1", "s1", Agreement::Single, vec![claim("a#k1", "Mayor", 5.0, Verdict::Single)])];
        // The story was founded anew (its id changed): t1 is now t9.
        let after = vec![
            topic(
                "t9",
                "s2",
                Agreement::Conflicting,
                vec![claim("a#k1", "Mayor", 5.0, Verdict::Agrees), claim("b#k1", "Police", 50.0, Verdict::Outlier), claim("c#k1", "Copy", 5.0, Verdict::Copy)],
            ),
            topic("t2", "s2", Agreement::Single, vec![claim("b#k2", "Police", 3.0, Verdict::Single)]),
        ];
        let c = changes(&before, &after);
        let new: Vec<&str> = c.new_figures.iter().map(|f| f.claim.key.as_str()).collect();
        assert_eq!(new, vec!["b#k1", "b#k2"]);
        assert_eq!(c.revised_figures.len(), 1);
        assert_eq!((c.revised_figures[0].before.high, c.revised_figures[0].after.high), (Some(5.0), Some(50.0)));
        assert_eq!(c.new_conflicts.len(), 1);
        assert_eq!(c.new_conflicts[0].outliers, vec!["Police".to_string()]);
        assert_eq!(c.new_sources.len(), 1);
        assert_eq!((c.new_sources[0].source.as_str(), c.new_sources[0].topics.clone()), ("Police", vec!["t9".to_string(), "t2".to_string()]));
    }
}
