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

pub mod overrides;
pub mod report;

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
    /// The text's sentence spans, in order, as the annotate stage split
    /// them (empty for a document annotated before they were kept: readers
    /// split the text themselves then).
    #[serde(default)]
    pub sentences: Vec<Span>,
}

/// A set of a [`Document`]'s layers: its metadata (id, source, url,
/// title, byline, date, outlet, language), its text, and each annotation
/// list. A reader of stored documents reads only the layers it is asked
/// for, so a story's fusion holds one step's layers at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layers(u8);

impl Layers {
    /// No layer.
    pub const NONE: Layers = Layers(0);
    pub const TEXT: Layers = Layers(1);
    pub const ENTITIES: Layers = Layers(1 << 1);
    pub const QUOTES: Layers = Layers(1 << 2);
    pub const QUANTITIES: Layers = Layers(1 << 3);
    pub const TIMES: Layers = Layers(1 << 4);
    pub const CLAIMS: Layers = Layers(1 << 5);
    pub const SENTENCES: Layers = Layers(1 << 6);
    pub const METADATA: Layers = Layers(1 << 7);
    /// The text and every annotation list: all but the metadata.
    pub const BODY: Layers = Layers(0x7f);
    /// Every layer.
    pub const ALL: Layers = Layers(0xff);

    /// These layers and `other`'s.
    pub const fn and(self, other: Layers) -> Layers {
        Layers(self.0 | other.0)
    }

    /// These layers but `other`'s.
    pub const fn without(self, other: Layers) -> Layers {
        Layers(self.0 & !other.0)
    }

    /// Whether every layer of `other` is in these.
    pub const fn has(self, other: Layers) -> bool {
        self.0 & other.0 == other.0
    }
}

impl Document {
    /// Move `layers` of `from` into this document (what it held of them is
    /// dropped); `from` keeps them empty.
    pub fn take_layers(&mut self, from: &mut Document, layers: Layers) {
        fn take<T: Default>(to: &mut T, from: &mut T, yes: bool) {
            if yes {
                *to = std::mem::take(from);
            }
        }
        if layers.has(Layers::METADATA) {
            let Document { id, source, url, title, byline, published, outlet, language, .. } = from;
            take(&mut self.id, id, true);
            take(&mut self.source, source, true);
            take(&mut self.url, url, true);
            take(&mut self.title, title, true);
            take(&mut self.byline, byline, true);
            take(&mut self.published, published, true);
            take(&mut self.outlet, outlet, true);
            take(&mut self.language, language, true);
        }
        take(&mut self.text, &mut from.text, layers.has(Layers::TEXT));
        take(&mut self.entities, &mut from.entities, layers.has(Layers::ENTITIES));
        take(&mut self.quotes, &mut from.quotes, layers.has(Layers::QUOTES));
        take(&mut self.quantities, &mut from.quantities, layers.has(Layers::QUANTITIES));
        take(&mut self.times, &mut from.times, layers.has(Layers::TIMES));
        take(&mut self.claims, &mut from.claims, layers.has(Layers::CLAIMS));
        take(&mut self.sentences, &mut from.sentences, layers.has(Layers::SENTENCES));
    }

    /// `layers` moved out into a document of their own (the rest of it
    /// empty); this one keeps them empty.
    pub fn split_off(&mut self, layers: Layers) -> Document {
        let mut taken = Document::default();
        taken.take_layers(self, layers);
        taken
    }

    /// Drop `layers` (each left empty).
    pub fn drop_layers(&mut self, layers: Layers) {
        self.take_layers(&mut Document::default(), layers);
    }
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

/// How a quantity's stated figure bounds the true one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// "3,000", "1.28 million".
    #[default]
    Exact,
    /// "around", "about", "roughly", "some", "nearly", "an estimated", and
    /// vague amounts ("thousands", "dozens"; see [`Quantity::vague`]).
    Approx,
    /// "over", "more than", "at least", "upwards of": `low` is set, `high` is null.
    AtLeast,
    /// "up to", "as many as", "no more than", "fewer than": `high` is set, `low` is null.
    AtMost,
    /// "between 10,000 and 12,000", "10,000–12,000", "from X to Y".
    Range,
}

impl Bound {
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::Exact => "exact",
            Bound::Approx => "approx",
            Bound::AtLeast => "at_least",
            Bound::AtMost => "at_most",
            Bound::Range => "range",
        }
    }
}

/// A number, amount, rate or range found in the text.
///
/// `value` is the stated figure (the midpoint for a range); `low` and `high`
/// are the bounds the text states, `null` on an open side and both `null`
/// for an exact or approximate figure: "up to 12,000" is `{value: 12000,
/// low: null, high: 12000, bound: "at_most"}`, "about 3,000" is `{value:
/// 3000, low: null, high: null, bound: "approx"}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Quantity {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `number`, `money`, `percentage`, `count` (people or things counted),
    /// `dimension`, `fraction`, `ordinal`.
    pub kind: String,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub bound: Bound,
    /// ISO 4217 code for money ("USD", "KRW"), `percent`, `person` for
    /// counts of people, or a physical unit id (`km`, `t`, `km2`, ...).
    pub unit: Option<String>,
    /// Time denominator of a rate: `day`, `week`, `month`, `year`.
    pub per: Option<String>,
    /// Thing denominator of a rate: "soldier" in "$2,000 per soldier per month".
    pub per_each: Option<String>,
    /// What is counted or measured, as written: "North Korean troops".
    pub counted: Option<String>,
    /// A vague amount ("thousands", "tens of thousands", "dozens", "several
    /// hundred"): it states an order of magnitude, not a figure, so `value`,
    /// `low` and `high` are all null and it is never plotted or compared as
    /// a range; the text says how much. Every other quantity has a `value`,
    /// so the store keeps no column for it.
    #[serde(default)]
    pub vague: bool,
}

/// The grain of a time expression's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeKind {
    /// `2024-10-11`
    Date,
    /// `2024-10`
    Month,
    /// `2024`
    Year,
    /// `2024-W43`
    Week,
    /// `2024-Q3`
    Quarter,
    /// `2024-10-11T14:00`
    Datetime,
    /// An interval between two points: `2024-10-01/2024-12-31`.
    Period,
    /// `P3Y`, `P2W`, `PT90M`
    Duration,
    /// A recurring time: "every week", "daily" (`P1W`, `P1D`).
    Set,
}

/// A time expression normalised against the publication date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// ISO 8601 value: `2024-10-23`, `2024-10`, `2024-W43`, `P3D`, ...;
    /// null when the expression cannot be resolved.
    pub value: Option<String>,
    pub kind: TimeKind,
    /// The time is one something is expected, planned or due at, not one
    /// at which it happened: after the publication date ("next week"), or
    /// a deadline or "later this year" in a clause that looks ahead ("could
    /// reach 12,000 by December").
    #[serde(default)]
    pub expected: bool,
}

/// How firmly a claim is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as fact.
    Asserted,
    /// "estimated", "an estimated", "around", an assessment.
    Estimated,
    /// Attributed to others: "reportedly", "according to", "is said to".
    Reported,
    /// "could", "may", "might", "possibly".
    Possible,
    /// Under a condition: "if the final count reaches 12,000, ...".
    Hypothetical,
    /// Denied or negated: "denied sending", "did not".
    Denied,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Estimated => "estimated",
            Modality::Reported => "reported",
            Modality::Possible => "possible",
            Modality::Hypothetical => "hypothetical",
            Modality::Denied => "denied",
        }
    }
}

/// What kind of source a claim is attributed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Person,
    Organization,
    /// Governments, ministries, militaries, intelligence services, officials.
    Government,
    /// News outlets and agencies.
    Media,
    /// "unnamed sources", "a Western diplomat", "officials".
    Anonymous,
    /// No attribution in the text: the outlet or author asserts it.
    Author,
}

/// Who a claim is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSource {
    /// The source as named ("South Korea's National Intelligence Service",
    /// "unnamed sources"), or the outlet for `author` claims.
    pub name: Option<String>,
    /// The entity id of the source, when it is a named entity.
    pub entity: Option<String>,
    pub kind: SourceKind,
}

/// A quantity or statement, what it measures, who said it and how firmly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Unique within the document, e.g. `"c3"`.
    pub id: String,
    /// The sentence that makes the claim.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Index into the document's `quantities`, when the claim is numeric.
    pub quantity: Option<usize>,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub bound: Option<Bound>,
    pub unit: Option<String>,
    pub per: Option<String>,
    pub per_each: Option<String>,
    /// What is measured or claimed: "North Korean troops sent to Russia".
    pub subject: String,
    pub source: ClaimSource,
    pub modality: Modality,
    /// When the claim holds (ISO 8601): the time of the event or state it
    /// states, from its clause or sentence; the target date of a forecast;
    /// else the publication date. `time_kind` says which.
    pub time: Option<String>,
    #[serde(default)]
    pub time_kind: ClaimTime,
    /// What a numeric claim measures, read from the figure's clause; empty
    /// for statement claims.
    #[serde(default, skip_serializing_if = "Frame::is_empty")]
    pub frame: Frame,
}

/// What a claim's `time` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimTime {
    /// The time of the event or state the claim states, written in its
    /// clause or heading its sentence ("said on Monday that ...").
    #[default]
    Event,
    /// The target date of a forecast, plan or deadline: "could reach 12,000
    /// by December" holds, if at all, in December. Not an event.
    Expected,
    /// No time is stated: the publication date, when the report was made.
    Report,
}

impl ClaimTime {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimTime::Event => "event",
            ClaimTime::Expected => "expected",
            ClaimTime::Report => "report",
        }
    }
}

/// What a figure measures, read from the clause that states it: who or what
/// is counted, the measure, where, and which event. Every slot is a
/// language-neutral key (from the frame vocabulary), `None` when the clause
/// does not say: an empty slot matches whatever the story's main frame says.
///
/// "About 8,000 North Korean soldiers are in the Kursk region" reads as
/// `{counted: "troops", group: "North Korean", measure: "deployed", place:
/// "Kursk"}`; "the Camp Fire killed 85 people in 2018", cited in an article
/// about another fire, as `{counted: "people", measure: "killed", event: "2018"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Frame {
    /// Who or what is counted ("troops", "people", "structures", "shells").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted: Option<String>,
    /// `counted` is a general word for people ("people", "individuals") that
    /// a more specific count of people ("protesters") may stand in for.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub generic: bool,
    /// The nation or group the counted belong to, as the text names it
    /// ("North Korean" in "North Korean soldiers").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// What happened to what is counted ("deployed", "killed", "participated").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// Where, the most specific place the clause names ("Buncombe County").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Larger places the text names around `place` ("North Carolina").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub within: Vec<String>,
    /// The clause marks the figure as the whole ("nationwide", "in all").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub whole: bool,
    /// The clause marks the figure as part of a larger one ("including 80,000
    /// in Paris", "8,000 of them", "in Paris alone").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub part: bool,
    /// The figure is an increment, not a total: "an additional 3,000
    /// troops", "10,000 more", "the second wave of 1,500".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub increment: bool,
    /// Another event the figure belongs to, cited for comparison (an earlier
    /// hurricane, fire or war): its name or year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The period the figure counts when the clause names one apart from the
    /// date a running total was read (ISO 8601): the day of a protest, the
    /// month of a monthly loss, a single day's record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

impl Frame {
    /// True when no slot is filled.
    pub fn is_empty(&self) -> bool {
        *self == Frame::default()
    }
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
