//! The fused view of a corpus: what the fuse stage computes from many
//! documents and the report stage renders.
//!
//! Serialised, this is the JSON of `sitrep report --format json`. Every
//! claim, timeline entry and quote names the document it came from (`doc`,
//! the document id) and the byte span of its sentence in that document's
//! text, so every line of a report can be traced back.

use crate::{Bound, EntityKind, Frame, Modality, SourceKind};
use serde::{Deserialize, Serialize};

/// Everything a situation report says about a corpus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub summary: Summary,
    /// The stories of the corpus, largest first: documents clustered by the
    /// developing situation they follow. Claims are compared only inside a
    /// story.
    pub stories: Vec<Story>,
    pub documents: Vec<DocumentSummary>,
    pub topics: Vec<Topic>,
    pub checks: Vec<Check>,
    pub timeline: Vec<TimelineEntry>,
    pub entities: Vec<EntitySummary>,
    pub quotes: Vec<QuoteSummary>,
    /// The analyst corrections applied to the report, and those whose
    /// target no longer exists (see `overrides.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<crate::overrides::Applied>,
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

/// A developing situation followed by a cluster of documents (a
/// deployment, a disaster, a protest movement).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Stable across re-fusion: derived from the story's founding document.
    pub id: String,
    /// The names and terms its documents share most ("North Korea, Kursk").
    pub label: String,
    /// Ids of its documents, earliest first.
    pub documents: Vec<String>,
    /// Ids of its topics, in report order.
    pub topics: Vec<String>,
    /// Documents left after copies are folded into their original.
    pub independent_documents: usize,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

impl Story {
    /// The summary of this story: `documents` counts its documents,
    /// `outlets` are its outlets (most documents first) and `agreements`
    /// the agreement of each of its topics.
    pub fn summary(&self, documents: usize, outlets: Vec<String>, agreements: impl IntoIterator<Item = Agreement>) -> Summary {
        let mut summary = Summary {
            story: Some(self.label.clone()),
            documents,
            independent_documents: self.independent_documents,
            outlets,
            first_published: self.first_published.clone(),
            last_published: self.last_published.clone(),
            ..Summary::default()
        };
        for a in agreements {
            *match a {
                Agreement::Consistent => &mut summary.consistent_topics,
                Agreement::Conflicting => &mut summary.conflicting_topics,
                Agreement::Single => &mut summary.single_source_topics,
            } += 1;
        }
        summary
    }
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
    /// The id of the story the document belongs to.
    #[serde(default)]
    pub story: Option<String>,
    /// Why this document is a copy of `duplicate_of` (absent for originals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<CopyEvidence>,
}

/// How a copy matches its original. The texts are compared on their
/// content words outside direct quotes (see `sitrep-fuse`'s `dedup`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyEvidence {
    pub kind: CopyKind,
    /// Share of the shorter text's content words found in the same order
    /// in the other text (0–1, rounded down to two decimals).
    pub in_order: f64,
    /// Sentences the two texts share word for word (after normalisation).
    pub sentences: usize,
    /// Direct quotes the two texts share.
    pub quotes: usize,
}

/// What kind of copy a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CopyKind {
    /// The same text give or take a few words: each text has at least 80%
    /// of its words in order in the other.
    Duplicate,
    /// The shorter text is (80% or more) inside the longer one, in order: a
    /// trimmed copy, or one with paragraphs added.
    Excerpt,
    /// A reworded copy: at least half of the shorter text's words, and
    /// nearly all the words the texts share, in the same order.
    Rewrite,
    /// In the group through another copy, without matching the original
    /// directly.
    Indirect,
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

/// Claims about the same measured thing (the same frame) in one story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    /// Unique across the report and stable across re-fusion: derived from
    /// the story and the frame.
    pub id: String,
    /// The id of the story the topic belongs to.
    pub story: String,
    /// A short headline from the frame: "North Korean troops deployed".
    pub label: String,
    /// What the topic's claims measure (the slots its claims agree on).
    pub frame: Frame,
    pub unit: Option<String>,
    pub per: Option<String>,
    /// The topic this one is a part of: a county of a state, killed of
    /// casualties, the troops in one region of all deployed.
    pub part_of: Option<String>,
    /// How the measure's figures relate over time: `total` (a running
    /// total), `level` or `occasion`.
    pub behaviour: String,
    pub claims: Vec<TopicClaim>,
    /// Distinct sources after folding duplicate documents and repeated
    /// attributions (one agency story reprinted five times counts once).
    pub independent_sources: usize,
    pub range: Range,
    pub agreement: Agreement,
    /// What fuse found, as typed findings over the topic's claims; the report
    /// only renders them.
    pub notes: Vec<Note>,
}

/// What fuse decided about one claim of a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A firm claim that no firm claim of another source about the same
    /// time contradicts, and that another source confirms.
    Agrees,
    /// The only firm figure about its time: nothing to compare it with.
    Single,
    /// A firm claim that cannot hold together with the claims in `against`.
    Outlier,
    /// An earlier figure replaced by a later one (a running total that
    /// rose, a count revised up or down).
    Revised,
    /// About another time than the figures it would be compared with.
    OtherTime,
    /// Possible, hypothetical or denied: a member of the topic, left out of
    /// the comparison.
    Hedged,
    /// From a document that copies another one: not counted.
    Copy,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Agrees => "agrees",
            Verdict::Single => "single",
            Verdict::Outlier => "outlier",
            Verdict::Revised => "revised",
            Verdict::OtherTime => "other_time",
            Verdict::Hedged => "hedged",
            Verdict::Copy => "copy",
        }
    }
}

/// What a note says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// The sources of `claims` agree.
    Agree,
    /// The source of `claims` differs from the sources of `against`.
    Differs,
    /// `claims` were replaced by the later figures in `against`.
    Revised,
    /// `claims` differ but are about different times, so are not compared.
    OtherTime,
    /// `claims` are hedged (possible, hypothetical, denied), not compared.
    Hedged,
    /// `claims` come from copies and are not counted.
    Copies,
    /// Only the source of `claims` gives a firm figure.
    Single,
}

/// A typed finding over a topic's claims; `claims` and `against` are indices
/// into the topic's `claims`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub kind: NoteKind,
    pub claims: Vec<usize>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub against: Vec<usize>,
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
    /// The source's name; for the outlet's own claims (`source_kind`
    /// `author`), the outlet.
    pub source: Option<String>,
    /// How a document in another language writes the source's name, when
    /// it differs from `source` ("Wolodymyr Selenskyj" for "Volodymyr
    /// Zelensky"); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spelling: Option<String>,
    /// The language of the claim's sentence (ISO 639-1) when it is not
    /// English; absent for English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
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
    /// What fuse decided about the claim.
    pub verdict: Verdict,
    /// For an outlier, the claims (indices into the topic's `claims`) it
    /// cannot hold together with; for a revised figure, the later ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub against: Vec<usize>,
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

impl Report {
    /// The story with this id, else the first whose label contains `query`
    /// (case-insensitive).
    pub fn find_story(&self, query: &str) -> Option<&Story> {
        let q = query.to_lowercase();
        self.stories.iter().find(|s| s.id == query).or_else(|| self.stories.iter().find(|s| s.label.to_lowercase().contains(&q)))
    }

    /// The report narrowed to one story: its documents, topics, checks,
    /// timeline, entities and quotes, the summary counted over them; the
    /// list of stories stays whole so the others can be named. `None` when
    /// no story has this id.
    pub fn narrowed(&self, story: &str) -> Option<Report> {
        let s = self.stories.iter().find(|s| s.id == story)?;
        let docs: std::collections::HashSet<&str> = s.documents.iter().map(String::as_str).collect();
        let documents: Vec<DocumentSummary> = self.documents.iter().filter(|d| docs.contains(d.id.as_str())).cloned().collect();
        let topics: Vec<Topic> = self.topics.iter().filter(|t| t.story == story).cloned().collect();
        let mut outlets: Vec<String> = self.summary.outlets.iter().filter(|o| documents.iter().any(|d| d.outlet.as_deref() == Some(o.as_str()))).cloned().collect();
        outlets.dedup();
        let summary = s.summary(documents.len(), outlets, topics.iter().map(|t| t.agreement));
        let entities = self
            .entities
            .iter()
            .filter_map(|e| {
                let in_story: Vec<String> = e.docs.iter().filter(|d| docs.contains(d.as_str())).cloned().collect();
                (!in_story.is_empty()).then(|| EntitySummary { docs: in_story, ..e.clone() })
            })
            .collect();
        Some(Report {
            summary,
            stories: self.stories.clone(),
            documents,
            topics,
            checks: self.checks.iter().filter(|c| docs.contains(c.doc.as_str())).cloned().collect(),
            timeline: self
                .timeline
                .iter()
                .filter(|t| docs.contains(t.doc.as_str()) || t.docs.iter().any(|d| docs.contains(d.as_str())))
                .cloned()
                .collect(),
            entities,
            quotes: self.quotes.iter().filter(|q| docs.contains(q.doc.as_str())).cloned().collect(),
            overrides: self.overrides.clone(),
        })
    }
}
