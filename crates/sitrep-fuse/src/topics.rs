//! Numeric claims of one story grouped by their frame.
//!
//! Each claim's frame (read by annotate from the figure's clause) becomes a
//! [`Key`]: unit, time and thing denominators, measure, who is counted, the
//! group they belong to, the place, another event and the period counted.
//! Claims with equal keys form a topic. Then, in this order:
//!
//! 1. **Empty slots** match the story's main frame: a claim that does not
//!    say what is measured, who is counted, whose they are or which day
//!    joins the topic that differs from it only by filling that slot, the
//!    one with the most documents when several do ("around 1,100 North
//!    Korean troops" joins "North Korean troops deployed"). A general word
//!    for people ("people", "individuals") is an empty slot for who is
//!    counted.
//!    A claim that states a figure joins the topic stating that figure
//!    most often; an undated document's occasion figures take together
//!    the day whose figures they repeat most often. Without that figure, it
//!    joins the fullest topic only within a factor of ten of that topic's
//!    median figure (losses of 45,000 are not casualties counted in the
//!    thousands), and never when it is marked a part and names no place
//!    ("the latest rotation includes 600 engineers" is not the total).
//! 2. **Events**: a year or a named event cited for comparison (an earlier
//!    hurricane) keeps its figures apart; a name that most of the story's
//!    documents use is the story's own event, not another one, and a name
//!    seen beside a year is that year.
//! 3. **Places**: a topic that names a place joins the topic without one
//!    when its figures are of the same size (a figure for the whole that
//!    says where the whole is: "12,000 troops in the Kursk region"); a
//!    clearly smaller one is a part (`part_of`): a county of a state, one
//!    city's crowd of a nationwide protest. A place's topic that names no
//!    group is weighed against the fullest place-less topic naming one.
//! 4. **Parts of measures**: killed and wounded are parts of casualties
//!    (the vocabulary's `part_of`), linked when both topics exist.
//!
//! Every step works on keys through ordered maps, never by comparing all
//! pairs of topics, so grouping a story costs O(n log n).

use foldhash::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use rayon::prelude::*;

use sitrep_lang::frames::{self, Behaviour, Kind};
use sitrep_core::{Claim, Document, Frame};

use crate::agreement::interval;
use crate::lexicon::{capital_of, country_of_capital};
use crate::text::{civil_from_days, day_range, fold, words};

/// Claims about one frame in one story, as (document index, claim index).
#[derive(Debug, Clone)]
pub struct Group {
    pub key: Key,
    /// The frame the topic's claims share, with display names.
    pub frame: Frame,
    pub behaviour: Behaviour,
    pub label: String,
    pub unit: Option<String>,
    pub per: Option<String>,
    pub members: Vec<(usize, usize)>,
    /// The group (index into the returned list) this one is a part of.
    pub part_of: Option<usize>,
}

/// What a claim measures, every slot a normalised key ("" when empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub unit: String,
    pub per: String,
    pub per_each: String,
    pub measure: String,
    /// "+" for an increment ("an additional 3,000"), else "".
    pub increment: String,
    pub counted: String,
    pub group: String,
    pub place: String,
    pub event: String,
    pub period: String,
}

impl Key {
    /// The key as one string, for stable topic ids.
    pub fn joined(&self) -> String {
        [&self.unit, &self.per, &self.per_each, &self.measure, &self.increment, &self.counted, &self.group, &self.place, &self.event, &self.period]
            .map(String::as_str)
            .join("|")
    }
}

/// The slots an empty value of which matches the main frame, in the order
/// they are filled.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Measure,
    Counted,
    Group,
    Period,
    Place,
}

impl Slot {
    fn get(self, k: &Key) -> &str {
        match self {
            Slot::Measure => &k.measure,
            Slot::Counted => &k.counted,
            Slot::Group => &k.group,
            Slot::Period => &k.period,
            Slot::Place => &k.place,
        }
    }

    fn blank(self, k: &Key) -> Key {
        let mut b = k.clone();
        match self {
            Slot::Measure => b.measure.clear(),
            Slot::Counted => b.counted.clear(),
            Slot::Group => b.group.clear(),
            Slot::Period => b.period.clear(),
            Slot::Place => b.place.clear(),
        }
        b
    }
}

/// Whether a claim states a figure.
pub fn is_numeric(c: &Claim) -> bool {
    [c.value, c.low, c.high].iter().flatten().any(|v| v.is_finite())
}

/// The key of what a thing denominator counts ("soldier" → "troops").
pub fn per_each_key(per_each: Option<&str>) -> String {
    let Some(last) = per_each.and_then(|p| words(p).last().map(|w| fold(w))) else { return String::new() };
    frames::counted(&last).map_or(last, |c| c.key.to_string())
}

/// A numeric claim being grouped: its document and place there, its key
/// (its place in [`Keys`]), whether it is marked as a part, and the larger
/// places around its own.
struct Item {
    doc: usize,
    claim: usize,
    key: usize,
    part: bool,
    within: Vec<String>,
}

/// The keys of the claims being grouped, each held once and known by its
/// place: a large story has hundreds of thousands of numeric claims and a
/// few thousand keys, and a key held by each claim (ten strings, 240 bytes
/// and their text) was most of what grouping a large story's topics held.
#[derive(Default)]
struct Keys(indexmap::IndexSet<Key, foldhash::fast::RandomState>);

impl Keys {
    /// The place of `key`, added if new.
    fn id(&mut self, key: Key) -> usize {
        self.0.insert_full(key).0
    }

    /// The key at `id`.
    fn get(&self, id: usize) -> &Key {
        &self.0[id]
    }

    /// How many keys there are (each at a place below this).
    fn len(&self) -> usize {
        self.0.len()
    }

    /// The place of the key at `id` with `change` made to it.
    fn changed(&mut self, id: usize, change: impl FnOnce(&mut Key)) -> usize {
        let mut key = self.get(id).clone();
        change(&mut key);
        self.id(key)
    }
}

/// Numeric claims whose keys are made at once (on every core) before they
/// are stored in [`Keys`].
const KEYS_AT_ONCE: usize = 1 << 14;

/// Longest common prefix, in characters.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Whether two group names are spellings of one ("north korea"/"north
/// korean", "ukraine"/"ukrainian"): as many words, each pair sharing a
/// prefix of at least 4 characters and 80% of the shorter word.
fn same_group(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    wa.len() == wb.len()
        && wa.iter().zip(&wb).all(|(x, y)| {
            let shorter = x.chars().count().min(y.chars().count());
            let p = common_prefix(x, y);
            x == y || p >= 4 && p * 5 >= shorter * 4
        })
}

/// Each group name of the story mapped to the shortest spelling it meets,
/// a capital to its country ("pyongyang" → "north korea").
fn group_names(items: &[(usize, usize, &Frame)]) -> BTreeMap<String, String> {
    let mut all: Vec<String> = items
        .iter()
        .filter_map(|(_, _, f)| f.group.as_deref())
        .map(|g| {
            let g = fold(g);
            country_of_capital(&g).map_or(g, str::to_string)
        })
        .collect();
    all.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    all.dedup();
    let mut canon: Vec<String> = Vec::new();
    let mut map = BTreeMap::new();
    for g in all {
        let target = match canon.iter().find(|c| same_group(c, &g)) {
            Some(c) => c.clone(),
            None => {
                canon.push(g.clone());
                g.clone()
            }
        };
        map.insert(g, target);
    }
    map
}

fn group_key(names: &BTreeMap<String, String>, group: Option<&str>) -> String {
    let Some(g) = group else { return String::new() };
    let g = fold(g);
    let g = country_of_capital(&g).map_or(g, str::to_string);
    names.get(&g).cloned().unwrap_or(g)
}

/// Figures this close (a share of the larger) are the same figure.
const SAME_FIGURE: f64 = 0.01;

/// The entries of `sorted` (sorted by `fig`) whose figure is the same as
/// `v`, found by binary search: topics of a large story hold thousands.
fn same_figures<T>(sorted: &[T], fig: impl Fn(&T) -> f64 + Copy, v: f64) -> impl Iterator<Item = &T> {
    let (a, b) = (v * (1.0 - SAME_FIGURE), v / (1.0 - SAME_FIGURE));
    let (lo, hi) = (a.min(b), a.max(b));
    let from = sorted.partition_point(|e| fig(e) < lo);
    sorted[from..].iter().take_while(move |e| fig(e) <= hi).filter(move |e| (v - fig(e)).abs() <= SAME_FIGURE * v.abs().max(fig(e).abs()))
}

/// The years before the story's own year from which a year names another event.
const OTHER_EVENT_YEARS: i64 = 2;

/// The story's own year: the commonest year of its documents' publication
/// dates, else of its claims' dates.
fn story_year(docs: &[Document], story: &[usize]) -> Option<i64> {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for &d in story {
        if let Some(y) = docs[d].published.as_deref().and_then(year) {
            *counts.entry(y).or_default() += 1;
        }
    }
    if counts.is_empty() {
        for &d in story {
            for c in &docs[d].claims {
                if let Some(y) = c.time.as_deref().filter(|t| t.len() == 10).and_then(year) {
                    *counts.entry(y).or_default() += 1;
                }
            }
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0))).map(|(y, _)| y)
}

/// The year a date (`YYYY-...`) is of.
pub(crate) fn year(date: &str) -> Option<i64> {
    date.get(..4).and_then(|y| y.parse::<i64>().ok())
}

/// The country a story's figures happen in: the country its claims name as
/// their place most often (folded), when no other place is named more than
/// twice as often (a state of one country that shares its name with another
/// country, "Georgia", is no home when the story is about other states).
fn home_country(items: &[(usize, usize, &Frame)]) -> Option<String> {
    let mut n: BTreeMap<String, usize> = BTreeMap::new();
    for (_, _, f) in items {
        if let Some(p) = f.place.as_deref().map(fold) {
            *n.entry(p).or_default() += 1;
        }
    }
    let most = n.values().copied().max()?;
    n.into_iter()
        .filter(|(p, k)| capital_of(p).is_some() && k * 2 >= most)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(p, _)| p)
}

/// The capital of the country a story's documents name most (folded), when
/// they name it too: where "in the capital" is. It reads their places and
/// how often each is mentioned.
pub fn story_capital(docs: &[Document], story: &[usize]) -> Option<String> {
    let mut mentions: BTreeMap<String, usize> = BTreeMap::new();
    for &d in story {
        for e in docs[d].entities.iter().filter(|e| e.kind == sitrep_core::EntityKind::Place) {
            *mentions.entry(fold(&e.name)).or_default() += e.mentions.len();
        }
    }
    let mut countries: Vec<(&String, &usize)> = mentions.iter().filter(|(n, _)| capital_of(n).is_some()).collect();
    countries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let capital = fold(capital_of(countries.first()?.0)?);
    mentions.contains_key(&capital).then_some(capital)
}

/// The events a story's claims cite, each mapped to one key: a year well
/// before the story's own, else a name seen beside such a year is that
/// year, else a name most of the story's documents do not use; the story's
/// own event and its own years are no other event ("").
fn event_keys(docs: &[Document], story: &[usize], items: &[(usize, usize, &Frame)], texts: &Texts) -> BTreeMap<String, String> {
    let own = story_year(docs, story);
    let earlier = |y: &str| match (y.parse::<i64>(), own) {
        (Ok(y), Some(own)) => y <= own - OTHER_EVENT_YEARS,
        _ => false,
    };
    let mut name_year: BTreeMap<String, String> = BTreeMap::new();
    let mut all: BTreeSet<String> = BTreeSet::new();
    for (_, _, f) in items {
        let Some(e) = f.event.as_deref() else { continue };
        all.insert(e.to_string());
        if let Some((name, year)) = e.split_once('|') {
            if !name.is_empty() && earlier(year) {
                name_year.entry(name.to_string()).or_insert_with(|| year.to_string());
            }
        }
    }
    // Names that are neither a year nor empty: the story's own event when
    // most of its documents name it, looked up for all of them at once.
    let mut map = BTreeMap::new();
    let mut named: Vec<(&str, &str)> = Vec::new();
    for e in &all {
        let (name, year) = e.split_once('|').unwrap_or((e.as_str(), ""));
        let key = if earlier(year) {
            year.to_string()
        } else if let Some(y) = name_year.get(name) {
            y.clone()
        } else if name.is_empty() {
            String::new()
        } else {
            named.push((e, name));
            continue;
        };
        map.insert(e.clone(), key);
    }
    let names: Vec<&str> = named.iter().map(|&(_, name)| name).collect();
    let own = story_events(&texts.naming, story.len(), &names);
    for ((e, name), own) in named.into_iter().zip(own) {
        map.insert(e.to_string(), if own { String::new() } else { name.to_string() });
    }
    map
}

/// Whether most of a story's documents (`documents` of them) name each
/// event: then it is the story's own. An event is named by its most
/// distinctive word ([`event_word`]), which `naming` counted in the texts.
fn story_events(naming: &Naming, documents: usize, names: &[&str]) -> Vec<bool> {
    names.iter().map(|name| naming.documents(event_word(name)) * 2 >= documents).collect()
}

/// An event's most distinctive word: the rarest word of its name.
fn event_word(name: &str) -> &str {
    name.split(' ').max_by_key(|w| sitrep_lang::frequency::rank(w).unwrap_or(u32::MAX)).unwrap_or(name)
}

/// The words the grouping of a story's claims may look for in its texts
/// ([`Naming`]): the most distinctive word of each event its numeric
/// claims name, sorted.
pub fn event_words(docs: &[Document], story: &[usize]) -> Vec<String> {
    let words: BTreeSet<&str> = story
        .iter()
        .flat_map(|&d| docs[d].claims.iter().filter(|c| is_numeric(c)))
        .filter_map(|c| c.frame.event.as_deref())
        .map(|e| e.split_once('|').map_or(e, |(name, _)| name))
        .filter(|name| !name.is_empty())
        .map(event_word)
        .collect();
    words.into_iter().map(String::from).collect()
}

/// In how many documents' texts each of some words is (folded): what
/// the grouping reads of a story's texts to tell its own event from
/// others. Each text is folded once for all the words (a large story
/// cites many events and has many documents).
#[derive(Debug, Clone, Default)]
pub struct Naming {
    /// The words, and the documents counted that hold each.
    words: Vec<(String, usize)>,
}

impl Naming {
    /// No document counted yet, for these words.
    pub fn new(words: impl IntoIterator<Item = String>) -> Naming {
        Naming { words: words.into_iter().map(|w| (w, 0)).collect() }
    }

    /// Whether there is no word to look for.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Count one more document's text.
    pub fn count(&mut self, text: &str) {
        if self.words.is_empty() {
            return;
        }
        let text = fold(text);
        for (w, n) in &mut self.words {
            *n += usize::from(text.contains(w.as_str()));
        }
    }

    /// The counts of `other` (the same words, other documents) added.
    pub fn add(mut self, other: Naming) -> Naming {
        for ((_, n), (_, m)) in self.words.iter_mut().zip(other.words) {
            *n += m;
        }
        self
    }

    /// The documents counted whose texts hold `word` (none for a word not looked for).
    fn documents(&self, word: &str) -> usize {
        self.words.iter().find(|(w, _)| w == word).map_or(0, |(_, n)| *n)
    }
}

/// Where a document's text breaks lines, at its claims' starts and ends:
/// each of them that falls on a character of the text (at most its
/// length), with the line breaks before it, by offset. So whether two
/// claims are in one paragraph is known without the text.
#[derive(Debug, Clone, Default)]
pub struct Breaks(Vec<(usize, u32)>);

impl Breaks {
    /// A document's breaks, from its text and claims.
    pub fn of(doc: &Document) -> Breaks {
        let mut at: Vec<usize> = doc.claims.iter().flat_map(|c| [c.start, c.end]).filter(|&p| doc.text.is_char_boundary(p)).collect();
        at.sort_unstable();
        at.dedup();
        let bytes = doc.text.as_bytes();
        let (mut lines, mut from) = (0u32, 0usize);
        Breaks(
            at.into_iter()
                .map(|p| {
                    lines += bytes[from..p].iter().filter(|&&b| b == b'\n').count() as u32;
                    from = p;
                    (p, lines)
                })
                .collect(),
        )
    }

    /// Whether the text from `a` to `b` (each a claim's start or end) is
    /// in one paragraph: both fall on a character, `a` not after `b`, and
    /// no line break between (as `text.get(a..b)` holding no `'\n'`).
    fn one_paragraph(&self, a: usize, b: usize) -> bool {
        let lines = |p: usize| self.0.binary_search_by_key(&p, |&(at, _)| at).ok().map(|i| self.0[i].1);
        a <= b && matches!((lines(a), lines(b)), (Some(x), Some(y)) if x == y)
    }
}

/// What the grouping reads of a story's texts and places ([`group_with`]):
/// each document's [`Breaks`] (by place in the documents), the [`Naming`]
/// of the story's [`event_words`] and the [`story_capital`]. A caller
/// reading a large story a part at a time gathers them as it reads, and
/// need not hold the texts nor the places while the claims are grouped.
#[derive(Debug, Clone, Default)]
pub struct Texts {
    breaks: Vec<Breaks>,
    naming: Naming,
    capital: Option<String>,
}

impl Texts {
    /// What the grouping of the documents of `story` reads of their texts,
    /// from the documents (holding their texts and claims).
    pub fn of(docs: &[Document], story: &[usize]) -> Texts {
        let mut breaks = vec![Breaks::default(); docs.len()];
        for &d in story {
            breaks[d] = Breaks::of(&docs[d]);
        }
        let mut naming = Naming::new(event_words(docs, story));
        for &d in story {
            naming.count(&docs[d].text);
        }
        Texts { breaks, naming, capital: story_capital(docs, story) }
    }

    /// Gathered apart: each document's breaks, by place, the story's
    /// documents' naming of its [`event_words`], and its [`story_capital`].
    pub fn new(breaks: Vec<Breaks>, naming: Naming, capital: Option<String>) -> Texts {
        Texts { breaks, naming, capital }
    }

    /// Whether from `a` to `b` is one paragraph in document `d`'s text ([`Breaks::one_paragraph`]).
    fn one_paragraph(&self, d: usize, a: usize, b: usize) -> bool {
        self.breaks.get(d).is_some_and(|br| br.one_paragraph(a, b))
    }
}

/// How far a figure may stand from a topic's median figure and still join
/// it by filling a slot it left empty: an order of magnitude.
const ORDER: f64 = 10.0;

/// Group the numeric claims of the documents of one story.
pub fn group(docs: &[Document], story: &[usize]) -> Vec<Group> {
    group_with(docs, story, &Texts::of(docs, story))
}

/// [`group`], given what it reads of the documents' texts (`texts`, of
/// these documents and story): the documents need not hold their texts.
pub fn group_with(docs: &[Document], story: &[usize], texts: &Texts) -> Vec<Group> {
    let numeric: Vec<(usize, usize, &Frame)> = story
        .iter()
        .flat_map(|&d| docs[d].claims.iter().enumerate().filter(|(_, c)| is_numeric(c)).map(move |(i, c)| (d, i, &c.frame)))
        .collect();
    let names = group_names(&numeric);
    let events = event_keys(docs, story, &numeric, texts);
    let year = story_year(docs, story);
    let capital = texts.capital.clone();
    let home = home_country(&numeric);
    // A day or month whose year the text left unknown is in the story's year.
    let in_story_year = |p: &str| match (p.strip_prefix("XXXX"), year) {
        (Some(rest), Some(y)) => format!("{y:04}{rest}"),
        _ => p.to_string(),
    };
    // Each claim's key on its own (a large story has a million claims), a
    // share at a time, each key then held once.
    let key_of = |&(d, i, f): &(usize, usize, &Frame)| {
        let c = &docs[d].claims[i];
        // A general word for people, or a noun that names the measure
        // itself ("30 deaths" killed, "800,000 demonstrators" taking
        // part), says no more about who is counted than the measure does.
        let generic = f.generic
            || f.counted.as_deref().and_then(frames::counted_key).is_some_and(|k| {
                k.kind == Kind::People || k.implies.is_some() && k.implies == f.measure.as_deref()
            });
        (
            Key {
                unit: c.unit.clone().unwrap_or_default(),
                per: c.per.clone().unwrap_or_default(),
                per_each: per_each_key(c.per_each.as_deref()),
                measure: f.measure.clone().unwrap_or_default(),
                increment: if f.increment { "+".into() } else { String::new() },
                counted: if generic { String::new() } else { f.counted.clone().unwrap_or_default() },
                group: group_key(&names, f.group.as_deref()),
                place: match f.place.as_deref() {
                    Some(sitrep_lang::frames::CAPITAL) => capital.clone().unwrap_or_default(),
                    // The country the story happens in is the whole, not a part of it.
                    Some(p) if home.as_deref() == Some(fold(p).as_str()) => String::new(),
                    p => p.map(fold).unwrap_or_default(),
                },
                event: f.event.as_ref().and_then(|e| events.get(e)).cloned().unwrap_or_default(),
                period: f.period.as_deref().map(in_story_year).unwrap_or_default(),
            },
            f.within.iter().map(|w| fold(w)).collect::<Vec<String>>(),
        )
    };
    let mut keys = Keys::default();
    let mut items: Vec<Item> = Vec::with_capacity(numeric.len());
    for share in numeric.chunks(KEYS_AT_ONCE) {
        let made: Vec<(Key, Vec<String>)> = share.par_iter().map(key_of).collect();
        for (&(doc, claim, f), (key, within)) in share.iter().zip(made) {
            items.push(Item { doc, claim, key: keys.id(key), part: f.part, within });
        }
    }

    // A figure whose frame names neither a measure nor what it counts is
    // compared with nothing: "63 kilometres" and "590 km", or a share of a
    // stock's price and a share of a company, have only a unit in common.
    for it in &mut items {
        let k = keys.get(it.key);
        if k.measure.is_empty() && k.counted.is_empty() && k.unit != "person" {
            let own = format!("#{}#{}", docs[it.doc].id, docs[it.doc].claims[it.claim].id);
            it.key = keys.changed(it.key, |k| k.counted = own);
        }
    }
    occasion_places(docs, texts, &mut items, &mut keys);
    repeated_places(docs, &mut items, &mut keys);
    occasion_periods(docs, texts, &mut items, &mut keys, &in_story_year);
    undated_days(docs, &mut items, &mut keys);

    // By the key's place first, then ordered: a large story has a million
    // claims and thousands of keys, and a key compares slot by slot (a key
    // changed since leaves its place empty).
    let mut by_id: Vec<Vec<usize>> = vec![Vec::new(); keys.len()];
    for (i, item) in items.iter().enumerate() {
        by_id[item.key].push(i);
    }
    let mut by_key: BTreeMap<Key, Vec<usize>> =
        by_id.into_iter().enumerate().filter(|(_, members)| !members.is_empty()).map(|(k, members)| (keys.get(k).clone(), members)).collect();
    let docs_of = |members: &[usize]| members.iter().map(|&i| items[i].doc).collect::<BTreeSet<_>>().len();

    // 1. Empty slots: a claim joins the topic that fills the slot and holds
    // the same figure (the same count reported elsewhere names the same
    // occasion), else the fullest topic that fills it. A claim without a
    // place joins a place's topic only on the same figure.
    let figure = |i: usize| {
        let c = &docs[items[i].doc].claims[items[i].claim];
        c.value.or(c.low).or(c.high).filter(|v| v.is_finite())
    };
    // The figures of a topic, sorted, so that "holds the same figure" is a
    // binary search, not a scan (topics of a large story hold thousands).
    let sorted_figures = |members: &[usize]| {
        let mut v: Vec<f64> = members.iter().filter_map(|&j| figure(j)).collect();
        v.sort_by(f64::total_cmp);
        v
    };
    // How many of `figs` are the same figure as claim `i`'s, counted up to two.
    let matches = |figs: &[f64], i: usize| figure(i).map_or(0, |v| same_figures(figs, |&w| w, v).take(2).count());
    // Whether claim `i`'s figure is within a factor of ten of the median of
    // a topic's sorted figures `figs`: a figure that leaves a slot empty and
    // is ten times larger or smaller than what a topic counts ("losses of
    // 45,000" beside casualties of 3,000 and 4,000) is not that count.
    let of_its_size = |figs: &[f64], i: usize| match (figure(i), figs.get(figs.len() / 2)) {
        (Some(v), Some(&m)) if m > 0.0 && v > 0.0 => v <= m * ORDER && v * ORDER >= m,
        _ => true,
    };
    // Slots of what is measured filled so far: a claim that leaves several
    // of them empty ("1,200 a day", beside "Russian troops killed: 1,000 a
    // day") joins a topic that fills them all.
    let mut done: Vec<Slot> = Vec::new();
    for slot in [Slot::Measure, Slot::Counted, Slot::Group, Slot::Period, Slot::Place] {
        // Only looked up, never walked in order: hashed, not ordered (a
        // large story has tens of thousands of keys, each listed per subset).
        let mut filled: HashMap<Key, Vec<Key>> = HashMap::default();
        // A topic only of figures marked as parts ("1,000 of them were
        // children") stands in for no whole.
        // A frameless figure's own topic ("#doc#claim") takes nobody in.
        // A place's part ("including 80,000 in Paris") is a whole for its place.
        let stands_in = |k: &Key, m: &[usize]| !k.place.is_empty() || !m.iter().all(|&i| items[i].part);
        for (k, _) in by_key.iter().filter(|(k, m)| !slot.get(k).is_empty() && !k.counted.starts_with('#') && stands_in(k, m)) {
            let earlier: Vec<Slot> = done.iter().copied().filter(|s| !s.get(k).is_empty()).collect();
            for subset in 0..1u32 << earlier.len() {
                let mut blanked = slot.blank(k);
                for (b, s) in earlier.iter().enumerate() {
                    if subset & 1 << b != 0 {
                        blanked = s.blank(&blanked);
                    }
                }
                // Each subset blanks other slots, so `k` is listed once per entry.
                filled.entry(blanked).or_default().push(k.clone());
            }
        }
        if matches!(slot, Slot::Measure | Slot::Counted | Slot::Group) {
            done.push(slot);
        }
        // Moves borrow their keys (a large story moves thousands of claims
        // among a few topics): `from` of a copy of the map's keys, `to` of `filled`.
        let current: Vec<Key> = by_key.keys().cloned().collect();
        let mut moves: Vec<(&Key, usize, &Key)> = Vec::new();
        let mut size: HashMap<&Key, (usize, Vec<f64>)> = HashMap::default();
        for k in current.iter().filter(|k| slot.get(k).is_empty()) {
            let Some(targets) = filled.get(k) else { continue };
            let members = &by_key[k];
            for t in targets {
                size.entry(t).or_insert_with(|| (docs_of(&by_key[t]), sorted_figures(&by_key[t])));
            }
            // Target `a` before `b`: more documents, then the smaller key.
            let docs_in: Vec<usize> = targets.iter().map(|t| size[t].0).collect();
            let bigger = |a: &usize, b: &usize| docs_in[*a].cmp(&docs_in[*b]).then(targets[*b].cmp(&targets[*a]));
            let fullest = (0..targets.len()).max_by(bigger);
            // Every target's figures in one sorted list, so that a claim's
            // figure is looked up once, not once in each of (often many) targets.
            let mut all: Vec<(f64, usize)> =
                targets.iter().enumerate().flat_map(|(n, t)| size[t].1.iter().map(move |&v| (v, n))).collect();
            all.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut counts = vec![0usize; targets.len()];
            let mut touched: Vec<usize> = Vec::new();
            // The target that states a figure most often, found once per
            // figure: a topic's claims often repeat one figure thousands of times.
            let mut found: HashMap<u64, Option<usize>> = HashMap::default();
            let own = if matches!(slot, Slot::Place) { sorted_figures(members) } else { Vec::new() };
            for &i in members {
                // The topic that states the figure most often: a figure
                // repeated by several sources names its occasion better
                // than one stray mention in a larger topic.
                let matching = figure(i).and_then(|v| {
                    *found.entry(v.to_bits()).or_insert_with(|| {
                        for &(_, n) in same_figures(&all, |e| e.0, v) {
                            if counts[n] == 0 {
                                touched.push(n);
                            }
                            counts[n] += 1;
                        }
                        let most = touched.iter().copied().max_by(|&a, &b| counts[a].cmp(&counts[b]).then_with(|| bigger(&a, &b)));
                        for n in touched.drain(..) {
                            counts[n] = 0;
                        }
                        most
                    })
                });
                // A part that names its measure but no place ("the latest
                // deployment includes 2,000 soldiers") is not the whole: it
                // fills who or whose only from a topic that states the same
                // figure. (One naming no measure says too little for its
                // marker to mean a part: "2,100 are still out of their homes".)
                let part = items[i].part && keys.get(items[i].key).place.is_empty() && !matches!(slot, Slot::Measure);
                let target = match slot {
                    // Another claim of its own topic states the figure too.
                    Slot::Place => matching.filter(|_| matches(&own, i) < 2),
                    // A length of time ("in a single day" P1D, "over the
                    // past week" P1W) names no occasion: the same figure
                    // without it is not counted over it.
                    Slot::Period => matching.filter(|&n| !targets[n].period.starts_with('P')),
                    _ if part => matching,
                    _ => matching.or(fullest.filter(|&n| of_its_size(&size[&targets[n]].1, i))),
                };
                if let Some(n) = target {
                    moves.push((k, i, &targets[n]));
                }
            }
        }
        // Each topic loses its moved claims in one pass (a topic of a large
        // story may lose thousands).
        let mut leaving: BTreeMap<&Key, Vec<usize>> = BTreeMap::new();
        for &(from, i, _) in &moves {
            leaving.entry(from).or_default().push(i);
        }
        let mut emptied: Vec<Key> = Vec::new();
        for (from, mut gone) in leaving {
            gone.sort_unstable();
            if let Some(list) = by_key.get_mut(from) {
                list.retain(|j| gone.binary_search(j).is_err());
                if list.is_empty() {
                    emptied.push(from.clone());
                }
            }
        }
        for k in emptied {
            by_key.remove(&k);
        }
        for (_, i, to) in moves {
            match by_key.get_mut(to) {
                Some(list) => list.push(i),
                None => {
                    by_key.insert(to.clone(), vec![i]);
                }
            }
        }
        for list in by_key.values_mut() {
            list.sort_unstable();
        }
    }

    // 3. Places: the same size as the place-less topic is the whole, smaller is a part.
    // A topic's size: the upper quartile of its figures, so that a few
    // smaller figures that joined it do not shrink the whole.
    // A topic's sizes, sorted: a place-less topic's are kept while places
    // join it, so that a base of thousands of claims weighed against
    // thousands of places is not gathered and sorted again for each.
    let sizes = |members: &[usize]| -> Vec<f64> {
        let mut v: Vec<f64> = members
            .iter()
            .filter_map(|&i| interval(&docs[items[i].doc].claims[items[i].claim]))
            .filter_map(|(lo, hi)| if hi.is_finite() { Some((lo.max(0.0) + hi) / 2.0) } else if lo.is_finite() { Some(lo) } else { None })
            .collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let magnitude = |sizes: &[f64]| sizes.get(sizes.len() * 3 / 4).copied();
    const SAME_SIZE: f64 = 0.75;
    let mut base_sizes: HashMap<Key, Vec<f64>> = HashMap::default();
    let placed: Vec<Key> = by_key.keys().filter(|k| !k.place.is_empty()).cloned().collect();
    for k in placed {
        let base = placeless(&by_key, &k, &docs_of);
        let Some(base_members) = by_key.get(&base) else { continue };
        let members = &by_key[&k];
        // One figure marked as a part ("8,000 of them ... in Kursk") makes the place a part.
        let marked_part = members.iter().any(|&i| items[i].part);
        // Weighed against another group's topic (it names none itself), a
        // place's topic is that whole only when their figures are of one
        // size both ways: "freed three prisoners" beside "two hostages" is
        // not a larger whole said where.
        let guessed = base.group != k.group;
        let own = sizes(members);
        let of_base = base_sizes.entry(base.clone()).or_insert_with(|| sizes(base_members));
        let same_size = match (magnitude(&own), magnitude(of_base)) {
            (Some(a), Some(b)) => a >= SAME_SIZE * b && (!guessed || b >= SAME_SIZE * a),
            _ => false,
        };
        if same_size && !marked_part {
            *of_base = merged(std::mem::take(of_base), own);
            let moved = by_key.remove(&k).unwrap_or_default();
            by_key.entry(base).or_default().extend(moved);
        }
    }

    let keys: Vec<Key> = by_key.keys().cloned().collect();
    let index: BTreeMap<&Key, usize> = keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut groups: Vec<Group> = keys
        .iter()
        .map(|k| {
            let members = &by_key[k];
            let first = &docs[items[members[0]].doc].claims[items[members[0]].claim];
            let frame = display_frame(docs, &items, members, k);
            Group {
                key: k.clone(),
                label: label(&frame, k),
                frame,
                behaviour: frames::measure(&k.measure).map_or(Behaviour::Level, |m| m.behaviour),
                unit: first.unit.clone(),
                per: first.per.clone(),
                members: members.iter().map(|&i| (items[i].doc, items[i].claim)).collect(),
                part_of: None,
            }
        })
        .collect();
    // 3, 4. Parts: a place of the place-less topic (or of a place it lies
    // within), a measure of the measure it is part of.
    for (g, k) in keys.iter().enumerate() {
        let mut whole = None;
        if !k.place.is_empty() {
            let within: BTreeSet<&str> =
                by_key[k].iter().flat_map(|&i| items[i].within.iter().map(String::as_str)).collect();
            whole = within
                .iter()
                .find_map(|w| index.get(&Key { place: w.to_string(), ..k.clone() }).copied())
                .or_else(|| {
                    // Another group's topic holds it as a part only when it is clearly smaller.
                    let base = placeless(&by_key, k, &docs_of);
                    let mut smaller = || {
                        let of_base = by_key.get(&base).and_then(|m| magnitude(base_sizes.entry(base.clone()).or_insert_with(|| sizes(m))));
                        matches!((magnitude(&sizes(&by_key[k])), of_base), (Some(a), Some(b)) if a < b)
                    };
                    (base.group == k.group || smaller()).then(|| index.get(&base).copied()).flatten()
                });
        }
        if whole.is_none() && !k.increment.is_empty() {
            whole = index.get(&Key { increment: String::new(), ..k.clone() }).copied();
        }
        if whole.is_none() {
            if let Some(p) = frames::measure(&k.measure).and_then(|m| m.part_of) {
                whole = index.get(&Key { measure: p.to_string(), ..k.clone() }).copied();
            }
        }
        groups[g].part_of = whole.filter(|&w| w != g);
    }
    groups
}

/// Two sorted lists of figures as one sorted list.
fn merged(a: Vec<f64>, b: Vec<f64>) -> Vec<f64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        let next = if x.total_cmp(y).is_le() { a.next() } else { b.next() };
        out.extend(next);
    }
    out.extend(a);
    out.extend(b);
    out
}

/// The key of the place-less topic a topic of a place is weighed against:
/// the same key without the place; for a place's topic that names no group
/// ("troops killed in the Tibesti region") and has no such topic, the
/// fullest place-less one that names a group (the keys that differ from it
/// only from the group on lie together in the ordered map).
fn placeless(by_key: &BTreeMap<Key, Vec<usize>>, k: &Key, docs_of: &dyn Fn(&[usize]) -> usize) -> Key {
    let base = Key { place: String::new(), ..k.clone() };
    if !k.group.is_empty() || by_key.contains_key(&base) {
        return base;
    }
    let same = |o: &Key| (&o.unit, &o.per, &o.per_each, &o.measure, &o.increment, &o.counted) == (&k.unit, &k.per, &k.per_each, &k.measure, &k.increment, &k.counted);
    by_key
        .range(&base..)
        .take_while(|(o, _)| same(o))
        .filter(|(o, _)| !o.group.is_empty() && o.place.is_empty() && o.event == k.event && o.period == k.period)
        .max_by(|a, b| docs_of(a.1).cmp(&docs_of(b.1)).then(b.0.cmp(a.0)))
        .map_or(base, |(o, _)| o.clone())
}

/// The place of an occasion's figure whose sentence names none: the place of
/// the figure before it in its paragraph with the same measure ("In Lyon,
/// police counted 21,000 marchers. The unions claimed 60,000."). A paragraph
/// of a crowd report is about one city; a figure marked as the whole
/// ("nationwide") is not the city's.
fn occasion_places(docs: &[Document], texts: &Texts, items: &mut [Item], keys: &mut Keys) {
    let occasion = |k: &Key| frames::measure(&k.measure).is_some_and(|m| m.behaviour == Behaviour::Occasion);
    for n in 1..items.len() {
        let item = &items[n];
        let (doc, key) = (&docs[item.doc], keys.get(item.key));
        let claim = &doc.claims[item.claim];
        if !occasion(key) || !key.place.is_empty() || claim.frame.whole {
            continue;
        }
        let before = items[..n].iter().rev().take_while(|o| o.doc == item.doc).find(|o| {
            let c = &doc.claims[o.claim];
            keys.get(o.key).measure == key.measure && c.start <= claim.start && texts.one_paragraph(item.doc, c.end.min(claim.start), claim.start)
        });
        if let Some(place) = before.map(|o| keys.get(o.key).place.clone()).filter(|p| !p.is_empty()) {
            items[n].key = keys.changed(items[n].key, |k| k.place = place);
        }
    }
}

/// The place of a figure whose clause names none, when its document stated
/// the same figure of the same measure earlier with a place: the nearest
/// such ("Thirty people died in Buncombe County ..." then "At least 30
/// people have been confirmed dead"). A figure marked as the whole keeps none.
fn repeated_places(docs: &[Document], items: &mut [Item], keys: &mut Keys) {
    for n in 1..items.len() {
        let item = &items[n];
        let (doc, key) = (&docs[item.doc], keys.get(item.key));
        let claim = &doc.claims[item.claim];
        let Some(v) = claim.value.filter(|v| v.is_finite()) else { continue };
        if !key.place.is_empty() || claim.frame.whole || key.counted.starts_with('#') {
            continue;
        }
        let same = |k: &Key| k.unit == key.unit && k.per == key.per && k.measure == key.measure && k.event == key.event && k.period == key.period;
        let before = items[..n].iter().rev().take_while(|o| o.doc == item.doc).find(|o| {
            let k = keys.get(o.key);
            !k.place.is_empty() && same(k) && doc.claims[o.claim].value == Some(v) && doc.claims[o.claim].start < claim.start
        });
        if let Some((place, within)) = before.map(|o| (keys.get(o.key).place.clone(), o.within.clone())) {
            items[n].key = keys.changed(items[n].key, |k| k.place = place);
            items[n].within = within;
        }
    }
}

/// The day a figure counted per occasion is about, when its clause does not
/// say: the day its sentence names, else the day the figure before it in
/// its document (else after it) with the same measure is about, else its
/// document's publication date, taken as the day before when only that day
/// has figures (a report published the morning after).
fn occasion_periods(docs: &[Document], texts: &Texts, items: &mut [Item], keys: &mut Keys, in_year: &dyn Fn(&str) -> String) {
    let occasion = |k: &Key| frames::measure(&k.measure).is_some_and(|m| m.behaviour == Behaviour::Occasion);
    let known: BTreeSet<(String, String)> =
        items.iter().map(|i| keys.get(i.key)).filter(|k| occasion(k) && !k.period.is_empty()).map(|k| (k.measure.clone(), k.period.clone())).collect();
    let mut fill: Vec<(usize, String)> = Vec::new();
    let key = |item: &Item| keys.get(item.key);
    for (n, item) in items.iter().enumerate() {
        if !occasion(key(item)) || !key(item).period.is_empty() {
            continue;
        }
        let doc = &docs[item.doc];
        let time = doc.claims[item.claim].time.as_deref().filter(|t| t.len() == 10);
        // A day the claim's sentence names, not its document's date.
        if let Some(t) = time.filter(|t| Some(*t) != doc.published.as_deref()) {
            fill.push((n, in_year(t)));
            continue;
        }
        // Only within the claim's paragraph: another paragraph may be about another day.
        let claim = &doc.claims[item.claim];
        let paragraph = |o: &&Item| {
            let c = &doc.claims[o.claim];
            let (a, b) = if c.start < claim.start { (c.end, claim.start) } else { (claim.end, c.start) };
            texts.one_paragraph(item.doc, a.min(b), b.max(a))
        };
        let same = |o: &&Item| o.doc == item.doc && key(o).measure == key(item).measure && !key(o).period.is_empty() && paragraph(o);
        // A figure set against one before it in its own sentence that names
        // no day ("counted 735,000, against 650,000 on January 19") is about
        // the day compared with, not the paragraph's.
        let compared = |m: usize| {
            let c = &doc.claims[items[m].claim];
            items[..m].iter().rev().take_while(|o| o.doc == item.doc && doc.claims[o.claim].start == c.start).any(|o| key(o).measure == key(&items[m]).measure && key(o).period.is_empty())
        };
        // A figure after it in its own sentence is most often a comparison
        // ("87,000 took to the streets — up from 80,000 on Jan. 19").
        let later = |o: &&Item| same(o) && doc.claims[o.claim].start != claim.start;
        // Items are in document order: look only among the document's own.
        let near = items[..n]
            .iter()
            .enumerate()
            .rev()
            .take_while(|(_, o)| o.doc == item.doc)
            .find(|(m, o)| same(o) && !compared(*m))
            .map(|(_, o)| o)
            .or_else(|| items.iter().enumerate().skip(n + 1).take_while(|(_, o)| o.doc == item.doc).find(|(m, o)| later(o) && !compared(*m)).map(|(_, o)| o));
        if let Some(o) = near {
            fill.push((n, key(o).period.clone()));
            continue;
        }
        let Some((day, _)) = time.and_then(day_range) else { continue };
        let at = |d: i64| civil_from_days(d);
        let has = |p: &str| known.contains(&(key(item).measure.clone(), p.to_string()));
        let period = if has(&at(day)) || !has(&at(day - 1)) { at(day) } else { at(day - 1) };
        fill.push((n, period));
    }
    for (n, p) in fill {
        items[n].key = keys.changed(items[n].key, |k| k.period = p);
    }
}

/// How many of an undated document's figures must repeat one day's figures
/// to date the document's other figures by that day.
const MIN_DAY_VOTES: usize = 2;

/// The day of an undated document's occasion figures that name none: the
/// day whose figures (of the same measure, in other documents) the
/// document's own figures repeat most often. An article without a date
/// reports one day; its figures are voted on together, so that one figure
/// that happens to equal another day's ("3.5 million", claimed on two days)
/// does not carry it off alone.
fn undated_days(docs: &[Document], items: &mut [Item], keys: &mut Keys) {
    let occasion = |k: &Key| frames::measure(&k.measure).is_some_and(|m| m.behaviour == Behaviour::Occasion);
    let figure = |it: &Item| {
        let c = &docs[it.doc].claims[it.claim];
        c.value.or(c.low).or(c.high).filter(|v| v.is_finite())
    };
    // Figures of each (measure, day) by document.
    let mut days: BTreeMap<(&str, &str), Vec<(f64, usize)>> = BTreeMap::new();
    for it in items.iter() {
        let k = keys.get(it.key);
        if let Some(v) = figure(it).filter(|_| occasion(k) && !k.period.is_empty()) {
            days.entry((&k.measure, &k.period)).or_default().push((v, it.doc));
        }
    }
    for figs in days.values_mut() {
        figs.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    // Each day's figures that an undated document repeats, by value: a figure
    // the document states twice ("2 million", "more than 2 million") is one vote.
    let mut votes: BTreeMap<(usize, &str), BTreeMap<&str, Vec<f64>>> = BTreeMap::new();
    for it in items.iter().filter(|it| docs[it.doc].published.is_none()) {
        let k = keys.get(it.key);
        let Some(v) = figure(it).filter(|_| occasion(k) && k.period.is_empty()) else { continue };
        for ((measure, day), figs) in days.range((k.measure.as_str(), "")..) {
            if *measure != k.measure {
                break;
            }
            if same_figures(figs, |f| f.0, v).any(|&(_, d)| d != it.doc) {
                votes.entry((it.doc, measure)).or_default().entry(day).or_default().push(v);
            }
        }
    }
    // The day most figures vote for, when no other day ties with it and at
    // least two figures do: one round figure ("2 million") is said on many
    // days, and a figure that alone repeats another day's still joins that
    // day's topic by itself.
    let chosen: BTreeMap<(usize, String), String> = votes
        .into_iter()
        .filter_map(|((doc, measure), by_day)| {
            let v: BTreeMap<&str, usize> = by_day
                .into_iter()
                .map(|(day, mut figs)| {
                    figs.sort_by(f64::total_cmp);
                    figs.dedup_by(|a, b| (*a - *b).abs() <= SAME_FIGURE * a.abs().max(b.abs()));
                    (day, figs.len())
                })
                .collect();
            let best = *v.values().max().filter(|&&n| n >= MIN_DAY_VOTES)?;
            let mut top = v.into_iter().filter(|(_, n)| *n == best);
            let (day, _) = top.next()?;
            top.next().is_none().then(|| ((doc, measure.to_string()), day.to_string()))
        })
        .collect();
    for it in items.iter_mut() {
        let key = keys.get(it.key);
        if !key.period.is_empty() {
            continue;
        }
        if let Some(day) = chosen.get(&(it.doc, key.measure.clone())) {
            it.key = keys.changed(it.key, |k| k.period = day.clone());
        }
    }
}

/// The frame a topic's claims share, with each slot shown as its claims
/// most often write it.
fn display_frame(docs: &[Document], items: &[Item], members: &[usize], k: &Key) -> Frame {
    let frames: Vec<&Frame> = members.iter().map(|&i| &docs[items[i].doc].claims[items[i].claim].frame).collect();
    let most = |get: &dyn Fn(&Frame) -> Option<&str>, key: &str| -> Option<String> {
        if key.is_empty() {
            return None;
        }
        let mut n: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &frames {
            if let Some(v) = get(f) {
                *n.entry(v).or_default() += 1;
            }
        }
        n.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(v, _)| v.to_string()).or_else(|| Some(key.to_string()))
    };
    Frame {
        counted: (!k.counted.is_empty()).then(|| k.counted.clone()),
        generic: false,
        group: most(&|f| f.group.as_deref(), &k.group),
        measure: (!k.measure.is_empty()).then(|| k.measure.clone()),
        place: most(&|f| f.place.as_deref(), &k.place),
        within: Vec::new(),
        whole: false,
        part: false,
        increment: !k.increment.is_empty(),
        event: (!k.event.is_empty()).then(|| k.event.clone()),
        period: (!k.period.is_empty()).then(|| k.period.clone()),
    }
}

/// A short headline from a topic's frame: "North Korean troops deployed",
/// "People killed in Buncombe County", "Pay per North Korean troop a month".
pub fn label(frame: &Frame, k: &Key) -> String {
    let mut who: Vec<String> = Vec::new();
    if let Some(g) = &frame.group {
        who.push(g.clone());
    }
    let names_measure = frames::counted_key(&k.counted).is_some_and(|c| c.implies == Some(k.measure.as_str()));
    let thing = if !k.per_each.is_empty() {
        k.per_each.clone()
    } else if !k.counted.is_empty() && !names_measure && !k.counted.starts_with('#') {
        k.counted.clone()
    } else if k.unit == "person" {
        "people".to_string()
    } else {
        String::new()
    };
    if !thing.is_empty() {
        who.push(thing);
    }
    let who = who.join(" ");
    let mut out = match frames::measure(&k.measure) {
        Some(m) if who.is_empty() => m.label.replace(" of {who}", "").replace(" to {who}", "").replace(" in {who}", "").replace("{who}", ""),
        Some(m) if !k.per_each.is_empty() => m.label.replace(" of {who}", " per {who}").replace("{who}", &who),
        Some(m) => m.label.replace("{who}", &who),
        None if !who.is_empty() => who,
        None => match k.unit.as_str() {
            "" => "Figures".to_string(),
            "percent" => "Share".to_string(),
            u => format!("Amounts in {u}"),
        },
    };
    out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if !k.increment.is_empty() {
        out = format!("additional {out}");
    }
    if let Some(p) = &frame.place {
        out.push_str(" in ");
        out.push_str(p);
    }
    if !k.per.is_empty() {
        out.push_str(&format!(" per {}", k.per));
    }
    if let Some(e) = &frame.event {
        out.push_str(&format!(" ({e})"));
    }
    if let Some(p) = &frame.period {
        out.push_str(&format!(" on {p}"));
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_most_documents_name_is_the_storys_own() {
        let texts = [
            "Storm Quillon flattened barns near Edda; Storm Varrow in 2019 did less.",
            "Crews cleared roads after Storm Quillon.",
            "QUILLON's winds reached 140 km/h.",
            "Farmers counted their losses on Tuesday.",
        ];
        let docs: Vec<Document> = texts.iter().map(|t| Document { text: t.to_string(), ..Default::default() }).collect();
        let all: Vec<usize> = (0..docs.len()).collect();
        // Three of four documents name "quillon" (folded), one "varrow";
        // the rarest word of a name is the one looked for.
        let naming = |story: &[usize]| {
            let mut naming = Naming::new(["quillon", "varrow"].map(String::from));
            for &d in story {
                naming.count(&docs[d].text);
            }
            naming
        };
        assert_eq!(story_events(&naming(&all), all.len(), &["storm quillon", "storm varrow", "quillon"]), vec![true, false, true]);
        assert_eq!(story_events(&naming(&all[1..]), 3, &["storm varrow"]), vec![false]);
        assert!(story_events(&naming(&all), all.len(), &[]).is_empty());
        // Counted in parts, the same.
        assert_eq!(naming(&all[..2]).add(naming(&all[2..])).words, naming(&all).words);
    }

    /// A document with one claim of `value` a day and the given frame.
    fn daily(id: &str, value: f64, frame: serde_json::Value) -> Document {
        let claim = serde_json::json!({
            "id": "c1", "start": 0, "end": 10, "text": "x", "quantity": 0, "value": value, "bound": "approx",
            "unit": "person", "per": "day", "subject": "x", "source": {"kind": "author"}, "modality": "asserted",
            "frame": frame,
        });
        Document { id: id.into(), source: id.into(), claims: vec![serde_json::from_value(claim).unwrap()], ..Default::default() }
    }

    #[test]
    fn a_claim_leaving_several_slots_empty_joins_the_topic_that_fills_them() {
        let docs = vec![
            daily("a", 1_000.0, serde_json::json!({"counted": "troops", "group": "Russian", "measure": "casualties"})),
            daily("b", 1_200.0, serde_json::json!({"measure": "casualties"})),
            daily("c", 1_100.0, serde_json::json!({"counted": "troops", "group": "Russian", "measure": "casualties"})),
        ];
        let groups = group(&docs, &[0, 1, 2]);
        assert_eq!(groups.len(), 1, "{:?}", groups.iter().map(|g| g.key.joined()).collect::<Vec<_>>());
        // A part never stands in for the whole it belongs to.
        let docs = vec![
            daily("a", 4_000.0, serde_json::json!({"counted": "people", "generic": true, "measure": "displaced"})),
            daily("b", 1_000.0, serde_json::json!({"counted": "children", "measure": "displaced", "part": true})),
        ];
        assert_eq!(group(&docs, &[0, 1]).len(), 2);
    }

    #[test]
    fn a_part_naming_no_place_is_not_the_whole() {
        let total = |id: &str, v: f64| daily(id, v, serde_json::json!({"counted": "engineers", "group": "Kenyan", "measure": "deployed"}));
        let docs = vec![
            total("a", 4_000.0),
            total("b", 4_200.0),
            // "The latest rotation includes 600 engineers."
            daily("c", 600.0, serde_json::json!({"counted": "engineers", "measure": "deployed", "part": true})),
        ];
        let groups = group(&docs, &[0, 1, 2]);
        assert_eq!(groups.len(), 2, "{:?}", groups.iter().map(|g| g.key.joined()).collect::<Vec<_>>());
        // The same part stating a figure the whole's topic states joins it.
        let docs = vec![total("a", 4_000.0), total("b", 4_200.0), daily("c", 4_200.0, serde_json::json!({"counted": "engineers", "measure": "deployed", "part": true}))];
        assert_eq!(group(&docs, &[0, 1, 2]).len(), 1);
    }

    #[test]
    fn a_figure_ten_times_off_does_not_fill_a_slot() {
        let hurt = |id: &str, v: f64| daily(id, v, serde_json::json!({"counted": "troops", "group": "Chadian", "measure": "casualties"}));
        // "losses of 52,000" whose clause names no nation, beside a
        // nation's casualties of 2,000 to 3,000.
        let docs = vec![hurt("a", 2_000.0), hurt("b", 3_000.0), daily("c", 52_000.0, serde_json::json!({"counted": "troops", "measure": "casualties"}))];
        assert_eq!(group(&docs, &[0, 1, 2]).len(), 2);
        // Of the same size, it joins them.
        let docs = vec![hurt("a", 2_000.0), hurt("b", 3_000.0), daily("c", 2_500.0, serde_json::json!({"counted": "troops", "measure": "casualties"}))];
        assert_eq!(group(&docs, &[0, 1, 2]).len(), 1);
    }

    #[test]
    fn a_place_naming_no_group_is_weighed_against_the_topic_naming_one() {
        let hurt = |id: &str, v: f64| daily(id, v, serde_json::json!({"counted": "troops", "group": "Chadian", "measure": "casualties"}));
        let placed = |id: &str, v: f64| daily(id, v, serde_json::json!({"counted": "troops", "measure": "casualties", "place": "Tibesti"}));
        // Of the same size: the whole, said where it is.
        let docs = vec![hurt("a", 3_000.0), hurt("b", 3_200.0), placed("c", 3_100.0)];
        assert_eq!(group(&docs, &[0, 1, 2]).len(), 1);
        // Clearly smaller: a part of it.
        let docs = vec![hurt("a", 3_000.0), hurt("b", 3_200.0), placed("c", 400.0)];
        let groups = group(&docs, &[0, 1, 2]);
        assert_eq!(groups.len(), 2);
        assert!(groups.iter().any(|g| g.key.place == "tibesti" && g.part_of.is_some()), "{:?}", groups.iter().map(|g| (g.key.joined(), g.part_of)).collect::<Vec<_>>());
        // Clearly larger: neither that group's whole nor a part of it
        // ("freed three prisoners in Doha" beside "two hostages").
        let docs = vec![hurt("a", 2.0), hurt("b", 2.0), placed("c", 3.0)];
        let groups = group(&docs, &[0, 1, 2]);
        assert_eq!(groups.len(), 2);
        assert!(groups.iter().all(|g| g.part_of.is_none()), "{:?}", groups.iter().map(|g| (g.key.joined(), g.part_of)).collect::<Vec<_>>());
    }

    /// A document with one crowd figure a claim, each with its period ("" for none).
    fn crowds(id: &str, published: Option<&str>, figures: &[(f64, &str)]) -> Document {
        let claims = figures
            .iter()
            .enumerate()
            .map(|(n, (value, period))| {
                let mut frame = serde_json::json!({"counted": "participants", "measure": "participated"});
                if !period.is_empty() {
                    frame["period"] = serde_json::json!(period);
                }
                let claim = serde_json::json!({
                    "id": format!("c{n}"), "start": 0, "end": 10, "text": "x", "quantity": n, "value": value, "bound": "approx",
                    "unit": "person", "subject": "x", "source": {"kind": "author"}, "modality": "asserted", "frame": frame,
                });
                serde_json::from_value(claim).unwrap()
            })
            .collect();
        Document { id: id.into(), source: id.into(), published: published.map(str::to_string), claims, ..Default::default() }
    }

    #[test]
    fn an_undated_document_reports_the_day_its_figures_repeat() {
        let docs = vec![
            crowds("a", Some("2023-05-02"), &[(410_000.0, "2023-05-02"), (1_300_000.0, "2023-05-02")]),
            crowds("b", Some("2023-05-10"), &[(1_300_000.0, "2023-05-09"), (520_000.0, "2023-05-09"), (95_000.0, "2023-05-09")]),
            // Two of its figures are the 2 May figures, one the 9 May one: all three are of 2 May.
            crowds("c", None, &[(410_000.0, ""), (1_300_000.0, ""), (63_000.0, "")]),
        ];
        let groups = group(&docs, &[0, 1, 2]);
        let of = |doc: usize, claim: usize| groups.iter().find(|g| g.members.contains(&(doc, claim))).map(|g| g.key.period.clone());
        for claim in 0..3 {
            assert_eq!(of(2, claim).as_deref(), Some("2023-05-02"), "{:?}", groups.iter().map(|g| g.key.joined()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_length_of_time_takes_in_no_undated_figure() {
        let lost = |id: &str, v: f64, period: &str| {
            daily(id, v, serde_json::json!({"counted": "troops", "group": "Chadian", "measure": "casualties", "period": period}))
        };
        let plain = |id: &str, v: f64| daily(id, v, serde_json::json!({"counted": "troops", "group": "Chadian", "measure": "casualties"}));
        let period_of = |docs: &[Document]| {
            let groups = group(docs, &[0, 1, 2]);
            groups.iter().find(|g| g.members.contains(&(1, 0))).map(|g| g.key.period.clone())
        };
        // A month names an occasion: the same figure without a period is of it.
        let docs = vec![lost("a", 1_000.0, "2024-12"), plain("b", 1_000.0), plain("c", 3_000.0)];
        assert_eq!(period_of(&docs).as_deref(), Some("2024-12"));
        // "Over the past week" is a length of time: the same figure is another count.
        let docs = vec![lost("a", 1_000.0, "P1W"), plain("b", 1_000.0), plain("c", 3_000.0)];
        assert_eq!(period_of(&docs).as_deref(), Some(""));
    }

    #[test]
    fn one_repeated_figure_dates_only_itself() {
        let docs = vec![
            crowds("a", Some("2023-05-02"), &[(2_000_000.0, "2023-05-02"), (410_000.0, "2023-05-02")]),
            // Only its round "2 million" repeats the 2 May figures: its 450,000 is of another day.
            crowds("c", None, &[(2_000_000.0, ""), (450_000.0, "")]),
        ];
        let groups = group(&docs, &[0, 1]);
        let of = |doc: usize, claim: usize| groups.iter().find(|g| g.members.contains(&(doc, claim))).map(|g| g.key.period.clone());
        assert_eq!(of(1, 0).as_deref(), Some("2023-05-02"));
        assert_eq!(of(1, 1).as_deref(), Some(""));
        // Nor does it when the document states that figure twice.
        let docs = vec![
            crowds("a", Some("2023-05-02"), &[(2_000_000.0, "2023-05-02"), (410_000.0, "2023-05-02")]),
            crowds("c", None, &[(2_000_000.0, ""), (450_000.0, ""), (2_000_000.0, "")]),
        ];
        let groups = group(&docs, &[0, 1]);
        let of = |doc: usize, claim: usize| groups.iter().find(|g| g.members.contains(&(doc, claim))).map(|g| g.key.period.clone());
        assert_eq!(of(1, 1).as_deref(), Some(""));
    }

    #[test]
    fn a_noun_naming_the_measure_is_no_narrower_count() {
        // "450,000 marchers in Lyon" and "450,000 people took part in Lyon on
        // 23 March": marchers are the people who took part.
        let docs = vec![
            daily("a", 450_000.0, serde_json::json!({"counted": "participants", "measure": "participated", "place": "Lyon"})),
            daily("b", 450_000.0, serde_json::json!({"counted": "people", "generic": true, "measure": "participated", "place": "Lyon", "period": "2023-03-23"})),
        ];
        let groups = group(&docs, &[0, 1]);
        assert_eq!(groups.len(), 1, "{:?}", groups.iter().map(|g| g.key.joined()).collect::<Vec<_>>());
        assert_eq!(groups[0].key.counted, "");
        // "12 children" killed are not all who were killed.
        let docs = vec![daily("a", 12.0, serde_json::json!({"counted": "children", "measure": "killed"}))];
        assert_eq!(group(&docs, &[0])[0].key.counted, "children");
    }

    #[test]
    fn a_crowd_figure_is_counted_where_its_paragraph_is() {
        let text = "In Lyon, police counted 21,000 marchers. The unions claimed 60,000.\nNationwide, 900,000 marched. Another 5,000 marched.";
        let at = |s: &str| text.find(s).unwrap();
        let claim = |id: &str, value: f64, sentence: &str, frame: serde_json::Value| {
            let claim = serde_json::json!({
                "id": id, "start": at(sentence), "end": at(sentence) + sentence.len(), "text": sentence, "quantity": 0, "value": value,
                "bound": "exact", "unit": "person", "subject": "x", "source": {"kind": "author"}, "modality": "asserted", "frame": frame,
            });
            serde_json::from_value(claim).unwrap()
        };
        let marched = serde_json::json!({"counted": "participants", "measure": "participated"});
        let doc = Document {
            id: "a".into(),
            text: text.into(),
            claims: vec![
                claim("c1", 21_000.0, "In Lyon, police counted 21,000 marchers.", serde_json::json!({"counted": "participants", "measure": "participated", "place": "Lyon"})),
                claim("c2", 60_000.0, "The unions claimed 60,000.", marched.clone()),
                claim("c3", 900_000.0, "Nationwide, 900,000 marched.", serde_json::json!({"counted": "participants", "measure": "participated", "whole": true})),
                claim("c4", 5_000.0, "Another 5,000 marched.", marched),
            ],
            ..Default::default()
        };
        let groups = group(&[doc], &[0]);
        let place = |claim: usize| groups.iter().find(|g| g.members.contains(&(0, claim))).map(|g| g.key.place.clone());
        assert_eq!(place(1).as_deref(), Some("lyon"));
        // Another paragraph, and the whole, are not Lyon's.
        assert_eq!(place(2).as_deref(), Some(""));
        assert_eq!(place(3).as_deref(), Some(""));
    }

    #[test]
    fn a_comparison_later_in_the_sentence_lends_no_day() {
        // "87,000 marched — up from 80,000 on 19 January": one sentence.
        let docs = vec![crowds("a", Some("2023-02-01"), &[(87_000.0, ""), (80_000.0, "2023-01-19")])];
        let groups = group(&docs, &[0]);
        let of = |claim: usize| groups.iter().find(|g| g.members.contains(&(0, claim))).map(|g| g.key.period.clone());
        assert_eq!(of(1).as_deref(), Some("2023-01-19"));
        assert_ne!(of(0), of(1));
    }

    #[test]
    fn a_figure_set_against_an_undated_one_lends_its_paragraph_no_day() {
        let text = "Police counted 65,000 marchers, against 52,000 on 7 March. The unions claimed 240,000.";
        let at = |s: &str| text.find(s).unwrap();
        let claim = |id: &str, value: f64, sentence: &str, frame: serde_json::Value| {
            let claim = serde_json::json!({
                "id": id, "start": at(sentence), "end": at(sentence) + sentence.len(), "text": sentence, "quantity": 0, "value": value,
                "bound": "exact", "unit": "person", "subject": "x", "source": {"kind": "author"}, "modality": "asserted", "frame": frame, "time": "2023-03-16",
            });
            serde_json::from_value(claim).unwrap()
        };
        let marched = serde_json::json!({"counted": "participants", "measure": "participated"});
        let first = "Police counted 65,000 marchers, against 52,000 on 7 March.";
        let doc = Document {
            id: "a".into(),
            text: text.into(),
            published: Some("2023-03-16".into()),
            claims: vec![
                claim("c1", 65_000.0, first, marched.clone()),
                claim("c2", 52_000.0, first, serde_json::json!({"counted": "participants", "measure": "participated", "period": "2023-03-07"})),
                claim("c3", 240_000.0, "The unions claimed 240,000.", marched),
            ],
            ..Default::default()
        };
        let groups = group(&[doc], &[0]);
        let of = |claim: usize| groups.iter().find(|g| g.members.contains(&(0, claim))).map(|g| g.key.period.clone());
        assert_eq!(of(1).as_deref(), Some("2023-03-07"));
        // The unions' figure is of the day the paragraph reports, not the day compared with.
        assert_eq!(of(2).as_deref(), Some("2023-03-16"));
        assert_eq!(of(0), of(2));
    }

    #[test]
    fn a_figure_repeated_without_its_place_keeps_the_place() {
        let text = "Twelve people died in Kent County. Later, at least 12 people were confirmed dead. And 12 are missing.";
        let at = |s: &str| text.find(s).unwrap();
        let claim = |id: &str, sentence: &str, frame: serde_json::Value| {
            let claim = serde_json::json!({
                "id": id, "start": at(sentence), "end": at(sentence) + sentence.len(), "text": sentence, "quantity": 0, "value": 12.0,
                "bound": "exact", "unit": "person", "subject": "x", "source": {"kind": "author"}, "modality": "asserted", "frame": frame,
            });
            serde_json::from_value(claim).unwrap()
        };
        let doc = Document {
            id: "a".into(),
            text: text.into(),
            claims: vec![
                claim("c1", "Twelve people died in Kent County.", serde_json::json!({"counted": "people", "generic": true, "measure": "killed", "place": "Kent County"})),
                claim("c2", "Later, at least 12 people were confirmed dead.", serde_json::json!({"counted": "people", "generic": true, "measure": "killed"})),
                claim("c3", "And 12 are missing.", serde_json::json!({"counted": "people", "generic": true, "measure": "missing"})),
            ],
            ..Default::default()
        };
        // Other documents' place-less tolls, one of them 12 too: without its
        // place the figure would stay with them.
        let other = |id: &str, v: f64| daily(id, v, serde_json::json!({"counted": "people", "generic": true, "measure": "killed"}));
        let docs = [doc, other("b", 12.0), other("c", 80.0), other("d", 85.0), other("e", 90.0)];
        let docs: Vec<Document> = docs.into_iter().map(|mut d| { d.claims.iter_mut().for_each(|c| c.per = None); d }).collect();
        let groups = group(&docs, &[0, 1, 2, 3, 4]);
        let place = |claim: usize| groups.iter().find(|g| g.members.contains(&(0, claim))).map(|g| g.key.place.clone());
        assert_eq!(place(1).as_deref(), Some("kent county"), "{:?}", groups.iter().map(|g| g.key.joined()).collect::<Vec<_>>());
        // The same figure of another measure is not the county's.
        assert_eq!(place(2).as_deref(), Some(""));
    }

    #[test]
    fn group_names_meet_their_variants() {
        assert!(same_group("north korea", "north korean"));
        assert!(same_group("ukraine", "ukrainian"));
        assert!(!same_group("austria", "australia"));
        assert!(!same_group("korea", "north korea"));
    }

    #[test]
    fn per_each_folds_to_counted_keys() {
        assert_eq!(per_each_key(Some("soldier")), "troops");
        assert_eq!(per_each_key(Some("North Korean soldiers")), "troops");
        assert_eq!(per_each_key(None), "");
    }

    #[test]
    fn labels_read_as_headlines() {
        let k = Key { unit: "person".into(), measure: "deployed".into(), counted: "troops".into(), group: "north korea".into(), ..Default::default() };
        let f = Frame { group: Some("North Korean".into()), ..Default::default() };
        assert_eq!(label(&f, &k), "North Korean troops deployed");
        let k = Key { unit: "USD".into(), per: "month".into(), per_each: "troops".into(), measure: "pay".into(), group: "north korea".into(), ..Default::default() };
        assert_eq!(label(&f, &k), "Pay per North Korean troops per month");
        let k = Key { unit: "person".into(), measure: "killed".into(), place: "buncombe county".into(), ..Default::default() };
        let f = Frame { place: Some("Buncombe County".into()), ..Default::default() };
        assert_eq!(label(&f, &k), "People killed in Buncombe County");
    }
}
