//! sitrep's data model.
//!
//! A [`Document`] is one news article: its metadata, its cleaned `text`, and
//! the annotation lists that the annotate stage fills. Every annotation points
//! back into `text` with UTF-8 byte offsets (`start` inclusive, `end`
//! exclusive), so any answer sitrep gives can be traced to the exact bytes it
//! came from.
//!
//! The types are plain data: they serialise with serde into the JSON shape
//! printed by `sitrep extract` (see `docs/schema.md`).

use serde::{Deserialize, Serialize};

/// A byte range into a document's `text`, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// The text this span covers, or `""` when the span does not fall on
    /// character boundaries of `text`.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// One article with its metadata, cleaned text and annotations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The JSON Lines `id`, or the path (or WARC record URI) the document came from.
    pub id: String,
    /// Where the document was read: a path as given, `path#record` for a
    /// record inside an archive, or `-` for standard input.
    pub source: String,
    /// The page URL when the input gives one.
    #[serde(default)]
    pub url: Option<String>,
    pub title: Option<String>,
    #[serde(default)]
    pub byline: Vec<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    pub outlet: Option<String>,
    /// ISO 639-1 code of the text's language, when it can be told.
    pub language: Option<String>,
    /// The article body. All offsets of the annotations index into it.
    pub text: String,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub quantities: Vec<Quantity>,
    #[serde(default)]
    pub times: Vec<TimeExpr>,
    #[serde(default)]
    pub claims: Vec<Claim>,
}

/// What kind of thing an entity names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    /// Nationalities and other collectives: "North Koreans", "Ukrainian forces".
    Group,
    Other,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Group => "group",
            EntityKind::Other => "other",
        }
    }
}

/// One occurrence of an entity in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A person, organization, place or group named in a document, with all of
/// its mentions and the roles the text gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Unique within the document, e.g. `"e3"`.
    pub id: String,
    /// The fullest name the document uses.
    pub name: String,
    pub kind: EntityKind,
    pub mentions: Vec<Mention>,
    /// Appositive roles and affiliations as written ("a senior fellow at RAND").
    #[serde(default)]
    pub descriptors: Vec<String>,
}

/// A quotation or a piece of reported speech.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// True when the words are in quotation marks.
    pub direct: bool,
    /// The id of the speaking entity, when the speaker is one.
    pub speaker: Option<String>,
    /// The speaker as the text names it ("a Western diplomat" included).
    pub speaker_name: Option<String>,
    /// The speech cue ("said", "according to", ":").
    pub cue: Option<String>,
}

/// A number, amount, rate or range found in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `number`, `money`, `percentage`, `range`, `dimension`, ...
    pub kind: String,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub unit: Option<String>,
}

/// A time expression normalised against the publication date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// ISO 8601 value: `2024-10-23`, `2024-10`, `2024-W43`, `P3D`, ...
    pub value: Option<String>,
}

/// How firmly a claim is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    Asserted,
    Estimated,
    Reported,
    Possible,
    Hypothetical,
    Denied,
}

/// A quantity or statement, what it measures, who said it and how firmly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// What the claim measures or is about ("North Korean troops in Russia").
    pub subject: Option<String>,
    /// The entity id of the source, if known.
    pub source: Option<String>,
    pub source_name: Option<String>,
    pub certainty: Certainty,
    /// Index into the document's `quantities`, when the claim is numeric.
    pub quantity: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_serialises_with_the_fixed_keys() {
        let doc = Document {
            id: "a".into(),
            source: "a.txt".into(),
            text: "Hello.".into(),
            ..Default::default()
        };
        let v = serde_json::to_value(&doc).unwrap();
        for key in [
            "id", "source", "title", "byline", "published", "outlet", "language", "text",
            "entities", "quotes", "quantities", "times", "claims",
        ] {
            assert!(v.get(key).is_some(), "missing key {key}");
        }
        assert!(v["title"].is_null());
        assert_eq!(v["byline"], serde_json::json!([]));
    }

    #[test]
    fn span_slice_is_safe_off_char_boundaries() {
        let text = "né";
        assert_eq!(Span::new(0, 2).slice(text), "");
        assert_eq!(Span::new(0, 3).slice(text), "né");
        assert_eq!(Span::new(5, 9).slice(text), "");
    }

    #[test]
    fn entity_kind_uses_lowercase_names() {
        let s = serde_json::to_string(&EntityKind::Organization).unwrap();
        assert_eq!(s, "\"organization\"");
        assert_eq!(EntityKind::Group.as_str(), "group");
    }
}
