//! The fused view of a corpus: what the fuse stage computes from many
//! documents and the report stage renders.
//!
//! Serialised, this is the JSON of `sitrep report --format json`. Every
//! claim, timeline entry and quote names the document it came from (`doc`,
//! the document id) and the byte span of its sentence in that document's
//! text, so every line of a report can be traced back.

use crate::{Bound, EntityKind, Modality, SourceKind};
use serde::{Deserialize, Serialize};

/// Everything a situation report says about a corpus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub summary: Summary,
    pub documents: Vec<DocumentSummary>,
    pub topics: Vec<Topic>,
    pub checks: Vec<Check>,
    pub timeline: Vec<TimelineEntry>,
    pub entities: Vec<EntitySummary>,
    pub quotes: Vec<QuoteSummary>,
}

/// The story at a glance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// A label for the story: the most shared key entities or title words.
    pub story: Option<String>,
    /// Number of documents read.
    pub documents: usize,
    /// Number of documents left after near-duplicates and syndicated copies
    /// are folded into their original.
    pub independent_documents: usize,
    /// Distinct outlets, most documents first.
    pub outlets: Vec<String>,
    /// Earliest and latest publication date (`YYYY-MM-DD`).
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    /// Number of topics by agreement.
    pub consistent_topics: usize,
    pub conflicting_topics: usize,
    pub single_source_topics: usize,
}

/// One document as the report lists it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// The id of the document this one is a near-duplicate or syndicated
    /// copy of; null for originals.
    pub duplicate_of: Option<String>,
}

/// Whether the claims of a topic can all be true at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Agreement {
    /// Every pair of claims about the same time overlaps once bounds and
    /// approximation are taken into account.
    Consistent,
    /// At least two claims about the same time cannot both hold.
    Conflicting,
    /// Only one independent source makes claims on the topic.
    Single,
}

/// The closed interval a topic's claims span; null on an open side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Range {
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// Claims about the same measured thing, from every document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    /// Stable within a report, e.g. `"t1"`.
    pub id: String,
    /// What is measured: "North Korean troops sent to Russia".
    pub label: String,
    pub unit: Option<String>,
    pub per: Option<String>,
    pub claims: Vec<TopicClaim>,
    /// Distinct sources after folding duplicate documents and repeated
    /// attributions (one agency story reprinted five times counts once).
    pub independent_sources: usize,
    pub range: Range,
    pub agreement: Agreement,
    /// One line per finding, naming sources: "NIS (up to 12,000) and the
    /// Pentagon (around 11,000) agree"; "unnamed sources (as many as 100,000)
    /// differ from ...".
    pub notes: Vec<String>,
}

/// A claim as it appears inside a topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicClaim {
    /// Document id.
    pub doc: String,
    /// Claim id within the document.
    pub claim: String,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub bound: Option<Bound>,
    pub unit: Option<String>,
    pub per: Option<String>,
    /// The source's name, null when unattributed.
    pub source: Option<String>,
    pub source_kind: SourceKind,
    pub modality: Modality,
    /// When the claim holds (ISO 8601), else the publication date.
    pub time: Option<String>,
    /// The sentence, and its byte span in the document's text.
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The quantity as written ("up to 12,000").
    pub quantity_text: Option<String>,
    /// True when the document is a duplicate of another one in the topic.
    pub duplicate: bool,
}

/// How an arithmetic cross-check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    /// The implied figure is within tolerance of the stated one.
    Holds,
    /// It is not.
    Fails,
}

/// A figure implied by other figures of the same document, compared with
/// the one the document states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// `arithmetic`.
    pub kind: String,
    pub doc: String,
    /// The claim ids involved, the stated total last.
    pub claims: Vec<String>,
    /// Human-readable: "12,000 × 2,000 USD/month × 12 = 288,000,000 USD ≈ 280,000,000 USD stated".
    pub expression: String,
    pub computed: f64,
    pub stated: f64,
    pub status: CheckStatus,
}

/// A dated event, or something expected at a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// When, to the precision of `precision`: a day `YYYY-MM-DD` (a week is
    /// given by its Monday), a month `YYYY-MM` (a quarter by its first
    /// month), a year `YYYY`.
    pub date: String,
    #[serde(default)]
    pub precision: Precision,
    /// A forecast, plan or deadline ("could reach 12,000 by December"):
    /// expected at `date`, not something that happened.
    #[serde(default)]
    pub expected: bool,
    /// The words that date it in `text`: "on Monday", "three days later".
    #[serde(default)]
    pub when: String,
    /// The sentence that reports it.
    pub text: String,
    /// The document `text` is from: the one that dates it most precisely,
    /// the earliest published among those.
    pub doc: String,
    pub start: usize,
    pub end: usize,
    /// Every document that reports the same event, earliest published first.
    pub docs: Vec<String>,
}

/// How precisely a timeline entry is dated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    #[default]
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::Year => "year",
        }
    }
}

/// An entity resolved across documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntitySummary {
    pub name: String,
    pub kind: EntityKind,
    /// Other spellings used across the corpus ("Kim Jong-un", "Kim").
    pub aliases: Vec<String>,
    /// Ids of the documents that name it.
    pub docs: Vec<String>,
    /// Total mentions across the corpus.
    pub mentions: usize,
    /// Roles and affiliations the texts give it.
    pub roles: Vec<String>,
}

/// A quote as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteSummary {
    pub doc: String,
    /// The speaker's resolved name, or as the text names it.
    pub speaker: Option<String>,
    pub text: String,
    pub direct: bool,
    pub start: usize,
    pub end: usize,
}
