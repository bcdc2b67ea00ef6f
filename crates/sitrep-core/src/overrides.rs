//! Analyst corrections and snapshots of a fused report.
//!
//! A [`Correction`] is an analyst's fix of what fusion decided (two topics
//! are one, a claim belongs elsewhere, a source is misnamed, a claim is
//! wrong, an outlet is not to be trusted). It is stored as an [`Override`]
//! with who made it and when, and applied after every fusion, so it
//! survives re-fusion, re-annotation and new ingests. A correction whose
//! target no longer exists is kept and reported as not applied
//! ([`Applied`]), never dropped.
//!
//! Targets are named by ids that survive re-fusion: topic ids (a hash of the
//! story and the frame) and **claim keys** ([`claim_key`]: the document id
//! with a hash of the claim's sentence and figure as written), which do not
//! depend on the order the annotator numbers a document's claims in. Since a
//! story's id comes from its founding document, a topic's id changes when a
//! new ingest brings an earlier document into the story; an override
//! therefore also keeps the claim keys each topic it names held when it was
//! made ([`Anchor`]), and the topic is found again by them.
//!
//! A [`Snapshot`] records, for "what changed" questions, the topics of a
//! fused report with their claims, verdicts and sources, the sitrep version
//! that made it and a hash of the corpus; [`Changes`] is what differs
//! between two of them.

use crate::report::{Agreement, Range, Verdict};
use serde::{Deserialize, Serialize};

/// One analyst correction of a fused report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Correction {
    /// The claims of topic `from` belong to topic `into`; `from` goes.
    MergeTopics { into: String, from: String },
    /// The listed claims (claim keys) leave `topic` into a new topic.
    SplitTopic { topic: String, claims: Vec<String> },
    /// The claim (a claim key) belongs to `topic`.
    MoveClaim { claim: String, topic: String },
    /// The source named `from` is rightly named `to`.
    RenameSource { from: String, to: String },
    /// The source `from` is the same source as `into`.
    MergeSources { into: String, from: String },
    /// The claim (a claim key) is wrong: it leaves the report.
    RejectClaim { claim: String },
    /// The documents of this outlet leave the report.
    ExcludeOutlet { outlet: String },
}

impl Correction {
    /// The topic ids the correction names.
    pub fn topics(&self) -> Vec<&str> {
        match self {
            Correction::MergeTopics { into, from } => vec![into, from],
            Correction::SplitTopic { topic, .. } | Correction::MoveClaim { topic, .. } => vec![topic],
            _ => vec![],
        }
    }

    /// One line saying what the correction does.
    pub fn describe(&self) -> String {
        match self {
            Correction::MergeTopics { into, from } => format!("merge topic {from} into {into}"),
            Correction::SplitTopic { topic, claims } => format!("split {} claim(s) out of topic {topic}", claims.len()),
            Correction::MoveClaim { claim, topic } => format!("move claim {claim} to topic {topic}"),
            Correction::RenameSource { from, to } => format!("rename source “{from}” to “{to}”"),
            Correction::MergeSources { into, from } => format!("merge source “{from}” into “{into}”"),
            Correction::RejectClaim { claim } => format!("reject claim {claim}"),
            Correction::ExcludeOutlet { outlet } => format!("exclude outlet “{outlet}”"),
        }
    }
}

/// The claims a topic held when a correction named it, to find it again
/// when its id has changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub topic: String,
    /// Claim keys ([`claim_key`]).
    pub claims: Vec<String>,
}

/// A stored correction: who made it, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// Assigned by the store, increasing.
    pub id: i64,
    pub correction: Correction,
    pub author: String,
    /// When it was made, RFC 3339 (UTC).
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The topics the correction names, with their claims at the time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<Anchor>,
}

/// How an override fared on a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// The override's id.
    pub id: i64,
    pub correction: Correction,
    pub author: String,
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub applied: bool,
    /// Why it was not applied (its target no longer exists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The topics it changed (ids after the change).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
}

/// A claim's key, stable across re-annotation, re-fusion and new ingests:
/// the document id, `#`, and a hash of the sentence and the figure as
/// written. Two claims of one document share a key only when the same
/// sentence states the same figure twice.
pub fn claim_key(doc: &str, sentence: &str, figure: Option<&str>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in sentence.trim().bytes().chain([0x1f]).chain(figure.unwrap_or("").bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{doc}#k{:08x}", h >> 32)
}

/// A claim as a snapshot records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimState {
    /// [`claim_key`].
    pub key: String,
    pub doc: String,
    pub source: Option<String>,
    /// The figure as written ("up to 12,000").
    pub figure: Option<String>,
    pub value: Option<f64>,
    pub verdict: Verdict,
}

/// A topic as a snapshot records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicState {
    pub id: String,
    pub story: String,
    pub label: String,
    pub unit: Option<String>,
    pub per: Option<String>,
    pub agreement: Agreement,
    pub range: Range,
    pub claims: Vec<ClaimState>,
}

/// A saved state of the fused report, to ask later what changed since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub name: String,
    /// When it was saved, RFC 3339 (UTC).
    pub saved_at: String,
    /// The sitrep version that fused the report.
    pub version: String,
    /// BLAKE3 over the sorted content hashes of the stored documents (hex).
    pub corpus_hash: String,
    pub documents: usize,
    pub topics: Vec<TopicState>,
}

/// A figure new since the earlier state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewFigure {
    pub topic: String,
    pub label: String,
    pub claim: ClaimState,
}

/// A topic whose range of figures moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub topic: String,
    pub label: String,
    pub unit: Option<String>,
    pub per: Option<String>,
    pub before: Range,
    pub after: Range,
}

/// A topic now in conflict that was not before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewConflict {
    pub topic: String,
    pub label: String,
    /// The sources of its outlying figures.
    pub outliers: Vec<String>,
}

/// A source heard on a story that was not before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSource {
    pub story: String,
    pub source: String,
    /// The topics it speaks on.
    pub topics: Vec<String>,
}

/// What changed between two states of a report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    pub new_figures: Vec<NewFigure>,
    pub revised_figures: Vec<Revision>,
    pub new_conflicts: Vec<NewConflict>,
    pub new_sources: Vec<NewSource>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.new_figures.is_empty() && self.revised_figures.is_empty() && self.new_conflicts.is_empty() && self.new_sources.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrections_serialise_tagged_by_kind() {
        let c = Correction::MergeTopics { into: "t1".into(), from: "t2".into() };
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v, serde_json::json!({"kind": "merge_topics", "into": "t1", "from": "t2"}));
        let back: Correction = serde_json::from_value(serde_json::json!({"kind": "exclude_outlet", "outlet": "X"})).unwrap();
        assert_eq!(back, Correction::ExcludeOutlet { outlet: "X".into() });
        assert_eq!(c.topics(), vec!["t1", "t2"]);
    }

    #[test]
    fn claim_keys_depend_on_sentence_and_figure_only() {
        let a = claim_key("d1", "Officials counted 40 boats.", Some("40"));
        assert_eq!(a, claim_key("d1", " Officials counted 40 boats. ", Some("40")));
        assert_ne!(a, claim_key("d1", "Officials counted 40 boats.", Some("41")));
        assert_ne!(a, claim_key("d2", "Officials counted 40 boats.", Some("40")));
        assert!(a.starts_with("d1#k") && a.len() == "d1#k".len() + 8, "{a}");
    }
}

/// What a "what changed" question compares the current report with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Baseline {
    /// A saved snapshot, and whether the corpus is the one it was taken of.
    Snapshot { snapshot: String, saved_at: String, version: String, corpus_hash: String, corpus_unchanged: bool },
    /// The report of the documents published before this day (YYYY-MM-DD).
    Since { since: String },
}
