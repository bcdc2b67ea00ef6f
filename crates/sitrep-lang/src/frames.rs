//! The frame vocabulary: which words name a measure ("killed", "deployed"),
//! who or what is counted ("soldiers" → troops), and the markers that tie a
//! figure to the whole, a part, a date or another event.
//!
//! Everything here is data (`crates/sitrep-annotate/data/frames/*.tsv`,
//! each file headed by its source); the keys are language-neutral, so a
//! language pack that maps its own words to them yields frames that join
//! the English ones. The claims annotator reads frames with it; fuse asks
//! it how a measure behaves over time ([`measure`]) and what it is a part
//! of.

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

/// The place of a figure "in the capital": the story's capital, for fuse to name.
pub const CAPITAL: &str = "@capital";

/// The counted key of a figure that counts the names on a list ("the names
/// of 338 people", "388 names"): a key of `data/frames/counted.tsv`.
pub const ROSTER: &str = "names";

/// How a measure's figures relate over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Behaviour {
    /// A running total that only grows (deaths, arrests): figures at
    /// different dates are one topic, a later figure replaces an earlier one.
    Total,
    /// A level that rises and falls (troops present, people missing).
    Level,
    /// Counted anew at each occasion (a day of protest, an election):
    /// figures of different days are different topics.
    Occasion,
}

/// A measure of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// The language-neutral key ("killed").
    pub key: &'static str,
    pub behaviour: Behaviour,
    /// The measure this one is part of ("killed" → "casualties").
    pub part_of: Option<&'static str>,
    /// Whoever does what the measure says owns what is counted ("North
    /// Korea sent 11,000 troops": the troops are North Korean).
    pub owner: bool,
    /// A bare figure of the measure counts people.
    pub counts_people: bool,
    /// The kinds of figure the measure can have ("count", "money",
    /// "percent", a dimension such as "area").
    pub takes: Vec<&'static str>,
    /// How a headline names the measure, `{who}` standing for what is counted.
    pub label: &'static str,
}

/// What kind of thing a counted noun names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// People of a kind ("soldiers", "protesters").
    Person,
    /// People in general ("people", "residents"): a more specific count of
    /// people may stand in for it.
    People,
    /// Things, animals, places, documents.
    Thing,
}

/// A counted noun of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// The language-neutral key ("troops").
    pub key: &'static str,
    pub kind: Kind,
    /// The measure the noun itself names ("protesters" → "participated").
    pub implies: Option<&'static str>,
    /// The unit a count of them is in ("person", "building").
    pub unit: Option<&'static str>,
    /// Measures that mean another one for them (police "mobilised" are deployed).
    remap: Vec<(&'static str, &'static str)>,
}

impl Counted {
    /// The measure `measure` means for what is counted, when it means another one.
    pub fn remap(&self, measure: &str) -> Option<&'static str> {
        self.remap.iter().find(|(from, _)| *from == measure).map(|(_, to)| *to)
    }
}

/// A marker tag of `data/frames/markers.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Marker {
    Whole,
    Part,
    AsOf,
    Period,
    Start,
    Tally,
    Event,
    Locative,
    Origin,
    Agent,
    Record,
    Single,
    Increment,
    Count,
    Rise,
    Confirm,
    Compare,
    Roster,
}

/// Written forms keyed by their first word: the other words and the value.
struct Forms<T> {
    by_first: HashMap<&'static str, Vec<(Vec<&'static str>, T)>>,
}

impl<T: Copy> Forms<T> {
    fn new() -> Self {
        Forms { by_first: HashMap::new() }
    }

    /// Add a form ("took+part"), keeping the first value a form was given.
    fn add(&mut self, form: &'static str, value: T) {
        let mut words = form.split('+');
        let first = words.next().unwrap_or_default();
        let rest: Vec<&'static str> = words.collect();
        let list = self.by_first.entry(first).or_default();
        if !list.iter().any(|(r, _)| *r == rest) {
            list.push((rest, value));
            list.sort_by_key(|(r, _)| std::cmp::Reverse(r.len()));
        }
    }

    /// The longest form starting at `words[i]`: its length in words and value.
    fn at(&self, words: &[&str], i: usize) -> Option<(usize, T)> {
        let list = self.by_first.get(words.get(i)?)?;
        list.iter().find_map(|(rest, v)| {
            let tail = words.get(i + 1..i + 1 + rest.len())?;
            (tail == rest.as_slice()).then_some((1 + rest.len(), *v))
        })
    }
}

struct Vocabulary {
    measures: Vec<Measure>,
    measure_forms: Forms<usize>,
    counted: Vec<Counted>,
    counted_forms: Forms<usize>,
    /// Each marker tag with its forms.
    markers: HashMap<Marker, Forms<()>>,
    /// Physical unit id → its dimension.
    dimensions: HashMap<&'static str, &'static str>,
}

fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect())
}

fn opt(field: &'static str) -> Option<&'static str> {
    (field != "-").then_some(field)
}

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let mut measures = Vec::new();
    let mut measure_forms = Forms::new();
    for row in rows(include_str!("../../sitrep-annotate/data/frames/measures.tsv")) {
        let [key, behaviour, part_of, owner, counts, takes, label, words] = row[..] else {
            panic!("data/frames/measures.tsv: a line needs 8 tab-separated fields: {row:?}")
        };
        let behaviour = match behaviour {
            "total" => Behaviour::Total,
            "level" => Behaviour::Level,
            "occasion" => Behaviour::Occasion,
            other => panic!("data/frames/measures.tsv: unknown behaviour {other:?}"),
        };
        for w in words.split_whitespace() {
            measure_forms.add(w, measures.len());
        }
        let takes = takes.split(',').collect();
        measures.push(Measure { key, behaviour, part_of: opt(part_of), owner: owner == "owner", counts_people: counts == "person", takes, label });
    }
    let mut counted = Vec::new();
    let mut counted_forms = Forms::new();
    for row in rows(include_str!("../../sitrep-annotate/data/frames/counted.tsv")) {
        let [key, kind, implies, unit, remap, words] = row[..] else {
            panic!("data/frames/counted.tsv: a line needs 6 tab-separated fields: {row:?}")
        };
        let remap = if remap == "-" {
            Vec::new()
        } else {
            remap.split_whitespace().filter_map(|p| p.split_once('>')).collect()
        };
        let kind = match kind {
            "person" => Kind::Person,
            "people" => Kind::People,
            "thing" => Kind::Thing,
            other => panic!("data/frames/counted.tsv: unknown kind {other:?}"),
        };
        // "-": a key only other languages' packs name (English has no word
        // of its own for it, or one that means something else).
        for w in words.split_whitespace().filter(|&w| w != "-") {
            counted_forms.add(w, counted.len());
        }
        counted.push(Counted { key, kind, implies: opt(implies), unit: opt(unit), remap });
    }
    let mut markers: HashMap<Marker, Forms<()>> = HashMap::new();
    for row in rows(include_str!("../../sitrep-annotate/data/frames/markers.tsv")) {
        let marker = match row[0] {
            "whole" => Marker::Whole,
            "part" => Marker::Part,
            "asof" => Marker::AsOf,
            "period" => Marker::Period,
            "start" => Marker::Start,
            "tally" => Marker::Tally,
            "event" => Marker::Event,
            "locative" => Marker::Locative,
            "origin" => Marker::Origin,
            "agent" => Marker::Agent,
            "record" => Marker::Record,
            "single" => Marker::Single,
            "increment" => Marker::Increment,
            "count" => Marker::Count,
            "rise" => Marker::Rise,
            "confirm" => Marker::Confirm,
            "compare" => Marker::Compare,
            "roster" => Marker::Roster,
            other => panic!("data/frames/markers.tsv: unknown tag {other:?}"),
        };
        // A form may carry several tags ("in": period and locative).
        let forms = markers.entry(marker).or_insert_with(Forms::new);
        for form in &row[1..] {
            forms.add(form, ());
        }
    }
    for m in &measures {
        if let Some(p) = m.part_of {
            assert!(measures.iter().any(|o| o.key == p), "data/frames/measures.tsv: {} is part of unknown {p}", m.key);
        }
    }
    let dimensions = rows(include_str!("../../sitrep-annotate/data/frames/dimensions.tsv")).filter_map(|r| Some((*r.first()?, *r.get(1)?))).collect();
    Vocabulary { measures, measure_forms, counted, counted_forms, markers, dimensions }
});

/// The kind of a figure in `unit` for a measure's `takes`: "count" for
/// people, things and plain numbers, "money" for a currency, "percent", or
/// the dimension of a physical unit ("area", "speed"; "other" when unknown).
pub fn figure_kind(unit: Option<&str>, money: bool) -> &'static str {
    match unit {
        _ if money => "money",
        None | Some("person") | Some("building") => "count",
        Some("percent") => "percent",
        Some(u) => VOCABULARY.dimensions.get(u).copied().unwrap_or("other"),
    }
}

impl Measure {
    /// Whether the measure can have a figure of this kind.
    pub fn takes(&self, kind: &str) -> bool {
        self.takes.contains(&kind)
    }
}

/// The measure with this key.
pub fn measure(key: &str) -> Option<&'static Measure> {
    VOCABULARY.measures.iter().find(|m| m.key == key)
}

/// The measure named at `words[i]` (lower-case words), with its length in words.
pub fn measure_at(words: &[&str], i: usize) -> Option<(usize, &'static Measure)> {
    let v = &*VOCABULARY;
    v.measure_forms.at(words, i).map(|(n, m)| (n, &v.measures[m]))
}

/// The counted noun `word` (lower case) names.
pub fn counted(word: &str) -> Option<&'static Counted> {
    let v = &*VOCABULARY;
    v.counted_forms.at(&[word], 0).map(|(_, c)| &v.counted[c])
}

/// The counted noun with this key.
pub fn counted_key(key: &str) -> Option<&'static Counted> {
    VOCABULARY.counted.iter().find(|c| c.key == key)
}

/// The marker of kind `tag` starting at `words[i]`, with its length in words.
pub fn marker_at(words: &[&str], i: usize, tag: Marker) -> Option<usize> {
    VOCABULARY.markers.get(&tag)?.at(words, i).map(|(n, ())| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_are_read_with_their_behaviour() {
        let (n, m) = measure_at(&["killed"], 0).unwrap();
        assert_eq!((n, m.key, m.behaviour, m.part_of), (1, "killed", Behaviour::Total, Some("casualties")));
        let (n, m) = measure_at(&["took", "part", "in"], 0).unwrap();
        assert_eq!((n, m.key), (2, "participated"));
        let (n, m) = measure_at(&["damaged", "or", "destroyed"], 0).unwrap();
        assert_eq!((n, m.key), (3, "destroyed"));
        assert_eq!(measure_at(&["damaged"], 0).unwrap().1.key, "damaged");
        assert!(measure("deployed").unwrap().owner);
        assert_eq!(measure("participated").unwrap().behaviour, Behaviour::Occasion);
        assert!(measure_at(&["the"], 0).is_none());
        assert!(measure("burned").unwrap().takes(figure_kind(Some("acre"), false)));
        assert!(!measure("deployed").unwrap().takes(figure_kind(Some("mph"), false)));
        assert!(measure("pay").unwrap().takes(figure_kind(Some("USD"), true)));
    }

    #[test]
    fn counted_nouns_fold_to_keys() {
        assert_eq!(counted("soldiers").unwrap().key, "troops");
        assert_eq!(counted("servicemen").unwrap().key, "troops");
        assert_eq!(counted("people").unwrap().kind, Kind::People);
        assert_eq!(counted("protesters").unwrap().implies, Some("participated"));
        assert_eq!(counted("buildings").unwrap().key, "structures");
        assert!(counted("the").is_none());
        assert_eq!(counted("police").unwrap().remap("participated"), Some("deployed"));
        assert_eq!(counted("people").unwrap().remap("participated"), None);
        assert_eq!(counted_key("generals").map(|c| c.kind), Some(Kind::Person), "a key only the packs name");
        assert!(counted("-").is_none(), "\"-\" is no word");
    }

    #[test]
    fn markers_match_whole_forms() {
        assert_eq!(marker_at(&["as", "of", "monday"], 0, Marker::AsOf), Some(2));
        assert_eq!(marker_at(&["in", "all"], 0, Marker::Whole), Some(2));
        assert_eq!(marker_at(&["in", "paris"], 0, Marker::Whole), None);
        assert_eq!(marker_at(&["in", "paris"], 0, Marker::Locative), Some(1));
        assert_eq!(marker_at(&["nationwide"], 0, Marker::Whole), Some(1));
    }
}
