//! Dated events across documents, and what is expected when.
//!
//! A sentence that reports an event gives one entry, at the time that
//! dates the event it reports ([`event_times`]: the first time in the
//! sentence that dates an event; not the start of a state, "since August",
//! nor a noun's modifier, "the June treaty"), if that time is a day, week,
//! month, quarter, or a year with an event verb (`data/lang/en/event_verbs.txt`),
//! and the sentence reads as an event: at least [`MIN_WORDS`] words, an
//! event verb or a past-tense word ("-ed"), not publication boilerplate
//! ("Published ...", "Updated ..."). Its forecasts, plans and deadlines
//! ("could reach 12,000 by December") give entries marked `expected`,
//! listed apart.
//!
//! The same event told by several documents, or twice by one, is one entry.
//! Two sentences tell the same event when their dates overlap (a day inside
//! a month counts) and their content words (stopwords dropped, singular,
//! diacritics folded) overlap by a weighted Jaccard similarity of at least
//! [`SAME_EVENT`], each word weighted by how rare it is among the dated
//! sentences (words every sentence of a story shares tell events apart
//! least). Sentences with the same date and precision are merged first,
//! then entries dated only to a week, month, quarter or year join the one
//! more precise entry inside their period that they match best. A
//! chronology line ("Nov. 9 – Putin signs the law") still alone then joins
//! the same-day report it matches best at a lower bar
//! ([`SAME_EVENT_CHRONOLOGY`]): it is a terse summary of an event told at
//! length elsewhere. Words meet across verb endings and the nouns made from
//! verbs ("signature", "signed"). An entry keeps the most precise date,
//! with the sentence of the earliest published document that gives it and
//! tells it with a verb, and lists every document. Documents are taken
//! earliest published first; entries are sorted by date, events first.
//!
//! A document without a publication date (a scraped page) and without a
//! full date in its text leaves its year-less days and months without a
//! year ("October 11" is `XXXX-10-11`); on the timeline they take the year
//! that puts them nearest on or before the latest publication date of the
//! corpus ([`with_year`]): the page reports what had happened by then.

use foldhash::{HashMap, HashSet};
use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use sitrep_text::lists::{list, Words};

use rayon::prelude::*;
use sitrep_lang::dating::of_sentence as event_times;
use sitrep_lang::morph::{is_regular_past, verb_stem};
use sitrep_text::sentences;
use sitrep_core::report::{Precision, TimelineEntry};
use sitrep_core::{Document, Span, TimeExpr, TimeKind};

use crate::dedup::{read_varint, varint};
use crate::lexicon::is_event_verb;
use crate::text::{day_range, each_word, fold, is_stopword, singular};

pub const MIN_WORDS: usize = 5;
/// The weighted share of the shorter report's content words that two
/// reports of one event have in common.
pub const SAME_EVENT: f64 = 0.24;
/// The same share when one of the two is a chronology line: a line of four
/// or five content words ("Putin signs the ratification law") that shares
/// one rare word with a same-day report tells the same event.
pub const SAME_EVENT_CHRONOLOGY: f64 = 0.12;
/// Openings of a page's publication lines (`data/lang/en/words.txt`).
static BOILERPLATE_OPENINGS: Words = LazyLock::new(|| list(crate::WORDS, "boilerplate_openings"));
/// Strong clause boundaries (`data/lang/en/words.txt`).
static CLAUSE_OPENERS: Words = LazyLock::new(|| list(crate::WORDS, "clause_openers"));

/// A sentence with the time that dates it.
#[derive(Debug, PartialEq)]
struct Dated {
    date: String,
    precision: Precision,
    expected: bool,
    /// The days the date covers.
    days: (i64, i64),
    when: String,
    /// Index of the document in `order`, and the sentence's span.
    rank: usize,
    doc: usize,
    start: usize,
    end: usize,
    /// Content words, as sorted ids.
    words: Vec<u32>,
    /// The weight of `words` ([`Weights::sum`]).
    weight: f64,
    /// A chronology line ("Nov. 9 – Putin signs the law"): a terse summary
    /// of an event its document or another tells at length.
    chronology: bool,
    /// No verb tells what happened ("June 19: date of the treaty"): such a
    /// line dates an event but is the last choice to tell it.
    verbless: bool,
}

/// What the dated sentences read of each word, remembered by the thread
/// that reads a share of a story's documents: a story repeats its words
/// across thousands of sentences, and folding and stemming each again
/// costs more than the rest of reading them.
#[derive(Debug, Default)]
pub struct Seen {
    /// A word as written → the content word it stands for, if any.
    content: HashMap<String, Option<Arc<str>>>,
    /// A word as written → whether it is an event verb, and a regular past form.
    verbs: HashMap<String, (bool, bool)>,
    /// The content words of readings given back from bytes
    /// ([`Reading::restore`]), each held once.
    words: HashSet<Arc<str>>,
}

impl Seen {
    /// The content word `w` stands for: folded, singular, stemmed; none for
    /// a stopword or a word of fewer than three characters.
    fn content(&mut self, w: &str) -> Option<Arc<str>> {
        remembered(&mut self.content, w, |folded| {
            (folded.chars().count() >= 3 && !is_stopword(folded)).then(|| Arc::from(verb_stem(&singular(folded))))
        })
    }

    /// Whether the word `w` is an event verb, and a regular past form ("-ed").
    fn verb(&mut self, w: &str) -> (bool, bool) {
        remembered(&mut self.verbs, w, |folded| (is_event_verb(folded), is_regular_past(folded)))
    }
}

/// What `make` gives for the word `w` folded, made the first time `w` is
/// met and remembered in `seen`.
fn remembered<T: Clone>(seen: &mut HashMap<String, T>, w: &str, make: impl FnOnce(&str) -> T) -> T {
    if let Some(v) = seen.get(w) {
        return v.clone();
    }
    let v = make(&fold(w));
    seen.insert(w.to_string(), v.clone());
    v
}

/// The content words of a sentence, sorted, once each.
fn content_words(sentence: &str, seen: &mut Seen) -> Vec<Arc<str>> {
    // "12,000" is one word.
    let b = sentence.as_bytes();
    let joined: String = sentence
        .char_indices()
        .filter(|&(i, c)| {
            !(c == ',' && i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        })
        .map(|(_, c)| c)
        .collect();
    let mut out: Vec<Arc<str>> = each_word(&joined).filter_map(|w| seen.content(w)).collect();
    out.sort();
    out.dedup();
    out
}

fn is_boilerplate(sentence: &str) -> bool {
    // Folding is character by character, so the folded opening of the
    // sentence, as long as the longest opening, is what the whole folded
    // sentence starts with: the rest of a long sentence is not folded.
    let longest = BOILERPLATE_OPENINGS.iter().map(|b| b.len()).max().unwrap_or(0);
    let mut lower = String::with_capacity(longest + 4);
    for c in sentence.trim_start().chars() {
        if lower.len() >= longest {
            break;
        }
        crate::text::fold_char(c, &mut lower);
    }
    BOILERPLATE_OPENINGS.iter().any(|b| lower.starts_with(b))
}

/// A chronology line, the date then a colon or dash: "Nov. 6 – The upper
/// house approves it."
fn is_chronology(sentence: &str, time_text: &str) -> bool {
    sentence.strip_prefix(time_text).is_some_and(|rest| rest.trim_start().starts_with([':', '–', '—', '-']))
}

/// Whether a sentence of `count` words (whose [`verbs`] are `verbs`, read
/// only when needed) reports an event dated by `time_text`.
fn reports_event(sentence: &str, count: usize, time_text: &str, kind: TimeKind, verbs: impl FnOnce() -> (bool, bool)) -> bool {
    if is_boilerplate(sentence) {
        return false;
    }
    if count < MIN_WORDS || time_text.len() * 2 > sentence.len() {
        return false;
    }
    if is_chronology(sentence, time_text) && kind != TimeKind::Year {
        return true;
    }
    let (has_event_verb, past) = verbs();
    match kind {
        TimeKind::Year => has_event_verb,
        _ => has_event_verb || past,
    }
}

/// Whether a sentence holds an event verb, and a past form ("-ed").
fn verbs(sentence: &str, seen: &mut Seen) -> (bool, bool) {
    each_word(sentence).fold((false, false), |(event, past), w| {
        let (e, p) = seen.verb(w);
        (event || e, past || p)
    })
}

/// The timeline date of a time expression and its precision, if it is one
/// of the kept kinds: a week is dated by its Monday, a quarter by its first
/// month.
fn date_of(t: &TimeExpr, anchor: Option<&str>) -> Option<(String, Precision, (i64, i64))> {
    let value = t.value.as_deref()?;
    let borrowed = anchor.and_then(|a| with_year(value, a));
    let value = borrowed.as_deref().unwrap_or(value);
    let days = day_range(value)?;
    let (date, precision) = match t.kind {
        TimeKind::Date | TimeKind::Datetime => (value.get(..10)?.to_string(), Precision::Day),
        TimeKind::Week => (crate::text::civil_from_days(days.0), Precision::Week),
        TimeKind::Month if value.len() == 7 => (value.to_string(), Precision::Month),
        TimeKind::Quarter => (crate::text::civil_from_days(days.0).get(..7)?.to_string(), Precision::Quarter),
        TimeKind::Year if value.len() == 4 => (value.to_string(), Precision::Year),
        _ => return None,
    };
    Some((date, precision, days))
}

/// A year-less day or month ("XXXX-10-11", "XXXX-08") given the year that
/// puts it nearest on or before `anchor` (`YYYY-MM-DD`); None for any other
/// value.
fn with_year(value: &str, anchor: &str) -> Option<String> {
    let rest = value.strip_prefix("XXXX-")?;
    let year: i32 = anchor.get(..4)?.parse().ok()?;
    let same = anchor.get(5..5 + rest.len())?;
    let year = if rest <= same { year } else { year - 1 };
    Some(format!("{year:04}-{rest}"))
}

/// Where a sentence's clause holding byte `at` starts, at a strong
/// boundary ("; ", " — ", ", adding", ", while", ", but", ...): "... have
/// arrived, the office said, adding that the total could reach 12,000 by
/// December" gives "adding that the total could reach 12,000 by December".
fn clause_of(text: &str, span: Span, at: usize) -> Span {
    let head = text.get(span.start..at).unwrap_or("");
    let cut = CLAUSE_OPENERS
        .iter()
        .filter_map(|o| head.rfind(o).map(|i| i + o.len() - o.trim_start_matches([',', ';', ' ', '—', '–']).len()))
        .max();
    match cut {
        Some(i) => {
            let rest = &head[i..];
            let skip = rest.len() - rest.trim_start().len();
            Span::new(span.start + i + skip, span.end)
        }
        None => span,
    }
}

/// The text of a sentence without its time expressions: two reports of
/// one event often date it differently ("on Friday", "Oct. 18"), and
/// their dates are compared on their own.
fn undated(text: &str, times: &[TimeExpr], span: Span) -> String {
    let mut out = String::with_capacity(span.end - span.start);
    let mut at = span.start;
    let first = times.partition_point(|t| t.start < span.start);
    for t in times[first..].iter().take_while(|t| t.end <= span.end) {
        out.push_str(text.get(at..t.start).unwrap_or(""));
        out.push(' ');
        at = t.end;
    }
    out.push_str(text.get(at..span.end).unwrap_or(""));
    out
}

/// The dated sentences of one document: `(words, Dated)` with the words
/// not yet given ids.
/// `anchor` is, for an undated document, the latest publication date of
/// the story, which dates its year-less times.
fn dated_sentences(rank: usize, d: usize, doc: &Document, anchor: Option<&str>, seen: &mut Seen) -> Vec<(Vec<Arc<str>>, Dated)> {
    if doc.times.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for &span in sentences::stored_or_split(&doc.text, &doc.sentences).iter() {
        let sentence = span.slice(&doc.text);
        if sentence.is_empty() {
            continue;
        }
        let (event, expected) = event_times(&doc.text, &doc.times, span);
        if event.is_none() && expected.is_empty() {
            continue;
        }
        // The sentence's words counted and its verbs read once, and only
        // for a sentence with a time.
        let count = each_word(sentence).count();
        let mut read: Option<(bool, bool)> = None;
        let mut verbs_of = |seen: &mut Seen| *read.get_or_insert_with(|| verbs(sentence, seen));
        let event = event.filter(|t| reports_event(sentence, count, &t.text, t.kind, || verbs_of(seen)));
        let expected = expected.into_iter().filter(|_| !is_boilerplate(sentence) && count >= MIN_WORDS);
        let mut dates: Vec<String> = Vec::new();
        for t in event.into_iter().chain(expected) {
            let Some((date, precision, days)) = date_of(t, anchor) else { continue };
            if dates.contains(&date) {
                continue;
            }
            dates.push(date.clone());
            let verbless = verbs_of(seen) == (false, false);
            // A forecast is told by the clause that holds it.
            let span = if t.expected { clause_of(&doc.text, span, t.start) } else { span };
            out.push((
                content_words(&undated(&doc.text, &doc.times, span), seen),
                Dated {
                    date,
                    precision,
                    expected: t.expected,
                    days,
                    when: t.text.clone(),
                    rank,
                    doc: d,
                    start: span.start,
                    end: span.end,
                    words: Vec::new(),
                    weight: 0.0,
                    chronology: is_chronology(sentence, &t.text),
                    verbless,
                },
            ));
        }
    }
    out
}

/// Word weights: the log-inverse of the share of dated sentences that hold
/// each word, plus one.
struct Weights(Vec<f64>);

impl Weights {
    /// The weight of the words two sorted sets share, over the weight of
    /// the lighter set: a short chronology line ("Oct. 23: Seoul says over
    /// 3,000 have arrived") matches the long lead that tells the same.
    /// Each report's weight is kept ([`Dated::weight`]): a large story
    /// compares each report many times.
    fn similarity(&self, a: &Dated, b: &Dated) -> f64 {
        let (mut i, mut j, mut common) = (0, 0, 0.0);
        while let (Some(&x), Some(&y)) = (a.words.get(i), b.words.get(j)) {
            match x.cmp(&y) {
                std::cmp::Ordering::Equal => {
                    common += self.0[x as usize];
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
            }
        }
        let lighter = a.weight.min(b.weight);
        if lighter == 0.0 {
            1.0
        } else {
            common / lighter
        }
    }

    /// The weight of a set of words.
    fn sum(&self, s: &[u32]) -> f64 {
        s.iter().map(|&x| self.0[x as usize]).sum::<f64>()
    }
}

/// An event being assembled: its best-dated report and everything merged in.
struct Event {
    best: usize,
    members: Vec<usize>,
}

/// The event among `candidates` that `item` matches best, if any does.
fn best_match(items: &[Dated], weights: &Weights, events: &[Event], candidates: &[usize], item: &Dated) -> Option<usize> {
    candidates
        .iter()
        .map(|&e| {
            let sim = events[e]
                .members
                .iter()
                .map(|&m| weights.similarity(&items[m], item))
                .fold(0.0, f64::max);
            (e, sim)
        })
        .filter(|&(_, sim)| sim >= SAME_EVENT)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(e, _)| e)
}

/// The reports of one bucket (`members`: same date and precision) joined
/// into events, as a union-find forest over places in `members`: reports
/// that match at [`SAME_EVENT`] are one event, and so are reports that
/// match a report of it; then a chronology line still alone joins the one
/// report it matches best at [`SAME_EVENT_CHRONOLOGY`] (only the best, so
/// that it bridges no two events).
///
/// The same forest as comparing every pair, without comparing every pair:
/// reports with the same words are one event at once (their similarity is
/// 1), and a report is compared only with the reports holding one of its
/// [`Prefix`] words, which every report it matches as the lighter of the
/// two holds. A bucket of thousands of reports of one day costs what its
/// rare words share, not the square of its size.
fn join_bucket(items: &[Dated], weights: &Weights, members: &[usize]) -> Vec<usize> {
    let n = members.len();
    let item = |a: usize| &items[members[a]];
    let mut root: Vec<usize> = (0..n).collect();
    // A report without weight matches every report (similarity 1).
    if let Some(e) = (0..n).find(|&a| item(a).weight == 0.0) {
        for a in 0..n {
            crate::text::union(&mut root, a, e);
        }
        return root;
    }
    // The first report with each set of words stands for those after it.
    let mut first: HashMap<&[u32], usize> = HashMap::default();
    let mut distinct: Vec<usize> = Vec::new();
    for a in 0..n {
        match first.get(item(a).words.as_slice()) {
            Some(&f) => crate::text::union(&mut root, a, f),
            None => {
                first.insert(&item(a).words, a);
                distinct.push(a);
            }
        }
    }
    let mut holding: HashMap<u32, Vec<usize>> = HashMap::default();
    for &a in &distinct {
        for &w in &item(a).words {
            holding.entry(w).or_default().push(a);
        }
    }
    // The last report `b` was compared with, so each pair is compared once per side.
    let mut seen: Vec<usize> = vec![usize::MAX; n];
    for &a in &distinct {
        for w in Prefix::of(weights, item(a), SAME_EVENT).0 {
            for &b in &holding[&w] {
                if b == a || seen[b] == a {
                    continue;
                }
                seen[b] = a;
                let (ra, rb) = (crate::text::find(&mut root, a), crate::text::find(&mut root, b));
                if ra != rb && weights.similarity(item(a), item(b)) >= SAME_EVENT {
                    root[ra.max(rb)] = ra.min(rb);
                }
            }
        }
    }
    let roots: Vec<usize> = (0..n).map(|a| crate::text::find(&mut root, a)).collect();
    let mut sizes: HashMap<usize, usize> = HashMap::default();
    for &r in &roots {
        *sizes.entry(r).or_default() += 1;
    }
    let alone: Vec<usize> = (0..n).filter(|&a| item(a).chronology && sizes[&roots[a]] == 1).collect();
    if alone.is_empty() {
        return root;
    }
    // The reports holding each word among their prefix words at the lower
    // bar: those a chronology line matches as the heavier of the two.
    let mut rare: HashMap<u32, Vec<usize>> = HashMap::default();
    for &b in &distinct {
        for w in Prefix::of(weights, item(b), SAME_EVENT_CHRONOLOGY).0 {
            rare.entry(w).or_default().push(b);
        }
    }
    for a in alone {
        let lighter = Prefix::of(weights, item(a), SAME_EVENT_CHRONOLOGY).0.into_iter().filter_map(|w| holding.get(&w));
        let heavier = item(a).words.iter().filter_map(|w| rare.get(w));
        let mut candidates: Vec<usize> = lighter.chain(heavier).flatten().copied().filter(|&b| b != a).collect();
        candidates.sort_unstable();
        candidates.dedup();
        // The first of the best, as when every report is compared in order.
        let mut best: Option<(f64, usize)> = None;
        for b in candidates {
            let sim = weights.similarity(item(a), item(b));
            if sim >= SAME_EVENT_CHRONOLOGY && best.is_none_or(|(s, _)| sim > s) {
                best = Some((sim, b));
            }
        }
        if let Some((_, b)) = best {
            crate::text::union(&mut root, a, b);
        }
    }
    root
}

/// The heaviest (rarest) words of a report that leave out less than a
/// share `bar` of its weight: a report sharing no prefix word with it
/// shares less than `bar` of its weight, so cannot reach `bar` with it when
/// it is the lighter of the two (similarity is over the lighter's weight).
/// A margin of a billionth keeps rounding from dropping a word.
struct Prefix(Vec<u32>);

impl Prefix {
    fn of(weights: &Weights, item: &Dated, bar: f64) -> Prefix {
        let mut words = item.words.clone();
        words.sort_by(|&x, &y| weights.0[y as usize].total_cmp(&weights.0[x as usize]).then(x.cmp(&y)));
        let bound = bar * item.weight * (1.0 - 1e-9);
        let mut left_out = 0.0;
        while let Some(&w) = words.last() {
            if left_out + weights.0[w as usize] >= bound {
                break;
            }
            left_out += weights.0[w as usize];
            words.pop();
        }
        Prefix(words)
    }
}

/// Build the timeline. `order` lists document indices earliest published
/// first.
pub fn build(docs: &[Document], order: &[usize]) -> Vec<TimelineEntry> {
    let reading = Reading::new(docs, order);
    let read: Vec<(usize, Read)> = order.par_iter().map_init(Seen::default, |seen, &d| (d, reading.read(seen, d, &docs[d]))).collect();
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    reading.entries(&ids, read).told(docs)
}

/// What the timeline reads of each of a story's documents, one document at
/// a time ([`Reading::read`]: its text, sentences and times), so that a
/// large story's can be read a part at a time and dropped, before its
/// entries are made ([`Reading::entries`]).
#[derive(Debug, Clone)]
pub struct Reading {
    /// Each document's place in the order (earliest published first).
    rank: Vec<usize>,
    /// The latest publication date, which dates an undated document's times.
    latest: Option<String>,
    /// Whether each document has no publication date.
    undated: Vec<bool>,
}

/// A document's sentences that date an event, as [`Reading::read`] found them.
#[derive(Debug, PartialEq)]
pub struct Read(Vec<(Vec<Arc<str>>, Dated)>);

impl Read {
    /// The reading as bytes to keep, after `out` ([`Reading::restore`]
    /// gives it back): per dated sentence its content words, date,
    /// precision, flags, days, time text and span. `None` for a reading
    /// whose numbers do not fit (a span past 4 GB).
    pub fn to_bytes(&self, out: &mut Vec<u8>) -> Option<()> {
        let small = |n: usize| u32::try_from(n).ok();
        let string = |out: &mut Vec<u8>, s: &str| -> Option<()> {
            varint(out, small(s.len())?);
            out.extend_from_slice(s.as_bytes());
            Some(())
        };
        varint(out, small(self.0.len())?);
        for (words, d) in &self.0 {
            varint(out, small(words.len())?);
            for w in words {
                string(out, w)?;
            }
            string(out, &d.date)?;
            out.push(precision_byte(d.precision));
            out.push(u8::from(d.expected) | u8::from(d.chronology) << 1 | u8::from(d.verbless) << 2);
            out.extend_from_slice(&d.days.0.to_le_bytes());
            out.extend_from_slice(&d.days.1.to_le_bytes());
            string(out, &d.when)?;
            varint(out, small(d.start)?);
            varint(out, small(d.end)?);
        }
        Some(())
    }
}

impl Reading {
    /// The reading of a story's documents (`docs`, their metadata is enough)
    /// taken in `order`, earliest published first.
    pub fn new(docs: &[Document], order: &[usize]) -> Reading {
        let mut rank = vec![0; docs.len()];
        for (r, &d) in order.iter().enumerate() {
            rank[d] = r;
        }
        Reading {
            rank,
            latest: docs.iter().filter_map(|d| d.published.as_deref()?.get(..10)).max().map(str::to_string),
            undated: docs.iter().map(|d| d.published.is_none()).collect(),
        }
    }

    /// The dated sentences of document `d` of the story, `doc` holding its
    /// text, sentences and times (its metadata need not be there); `seen`
    /// remembers words across the documents a thread reads.
    pub fn read(&self, seen: &mut Seen, d: usize, doc: &Document) -> Read {
        let anchor = self.latest.as_deref().filter(|_| self.undated[d]);
        Read(dated_sentences(self.rank[d], d, doc, anchor, seen))
    }

    /// The publication date that dates document `d`'s year-less times: the
    /// story's latest, for an undated document; `None` for a dated one
    /// (its reading depends on nothing but the document).
    pub fn anchor(&self, d: usize) -> Option<&str> {
        self.latest.as_deref().filter(|_| self.undated.get(d).copied().unwrap_or(false))
    }

    /// The reading of document `d` that [`Read::to_bytes`] wrote at the
    /// start of `bytes` (moved past it), as [`Reading::read`] makes it for
    /// the document now: its place in this story's order is its own. Each
    /// content word is held once in `seen`. `None` for bytes it cannot
    /// have written.
    pub fn restore(&self, seen: &mut Seen, d: usize, bytes: &mut &[u8]) -> Option<Read> {
        fn take<'b>(bytes: &mut &'b [u8], n: usize) -> Option<&'b [u8]> {
            let (head, rest) = (bytes.get(..n)?, bytes.get(n..)?);
            *bytes = rest;
            Some(head)
        }
        fn string<'b>(bytes: &mut &'b [u8]) -> Option<&'b str> {
            let n = read_varint(bytes)? as usize;
            std::str::from_utf8(take(bytes, n)?).ok()
        }
        fn day(bytes: &mut &[u8]) -> Option<i64> {
            Some(i64::from_le_bytes(take(bytes, 8)?.try_into().ok()?))
        }
        let rank = *self.rank.get(d)?;
        let items = read_varint(bytes)? as usize;
        let mut out = Vec::with_capacity(items.min(bytes.len()));
        for _ in 0..items {
            let n = read_varint(bytes)? as usize;
            let mut words = Vec::with_capacity(n.min(bytes.len()));
            for _ in 0..n {
                let w = string(bytes)?;
                let held = match seen.words.get(w) {
                    Some(held) => held.clone(),
                    None => {
                        let held: Arc<str> = Arc::from(w);
                        seen.words.insert(held.clone());
                        held
                    }
                };
                words.push(held);
            }
            let date = string(bytes)?.to_string();
            let precision = precision_of_byte(*take(bytes, 1)?.first()?)?;
            let flags = *take(bytes, 1)?.first()?;
            let days = (day(bytes)?, day(bytes)?);
            let when = string(bytes)?.to_string();
            let (start, end) = (read_varint(bytes)? as usize, read_varint(bytes)? as usize);
            let dated = Dated {
                date,
                precision,
                expected: flags & 1 != 0,
                days,
                when,
                rank,
                doc: d,
                start,
                end,
                words: Vec::new(),
                weight: 0.0,
                chronology: flags & 2 != 0,
                verbless: flags & 4 != 0,
            };
            out.push((words, dated));
        }
        Some(Read(out))
    }

    /// The timeline's entries from every document's reading (`read`, in
    /// any order, by document) and their ids, without the texts
    /// ([`Entries::told`] adds them): the documents need not hold their
    /// texts meanwhile.
    pub fn entries(&self, ids: &[&str], mut read: Vec<(usize, Read)>) -> Entries {
        read.sort_by_key(|(d, _)| self.rank[*d]);
        entries(ids, read.into_iter().map(|(_, r)| r.0).collect())
    }
}

/// A timeline's entries without their texts, each with its day and the
/// place of the document that tells it ([`Reading::entries`]).
#[derive(Debug)]
pub struct Entries(Vec<(i64, usize, TimelineEntry)>);

impl Entries {
    /// The timeline: each entry with its sentence, from its document's
    /// text (`docs`, the story's documents, holding them), in order.
    pub fn told(self, docs: &[Document]) -> Vec<TimelineEntry> {
        self.told_by(|d, e| docs.get(d).and_then(|d| d.text.get(e.start..e.end)).unwrap_or_default().to_string())
    }

    /// Where the sentences of each document's entries are in its text
    /// (`n` documents, by place), in the order [`Entries::told_from`]
    /// takes them: a caller reading the texts a part at a time takes them
    /// as it reads.
    pub fn spans(&self, n: usize) -> Vec<Vec<std::ops::Range<usize>>> {
        let mut spans = vec![Vec::new(); n];
        for (_, d, e) in &self.0 {
            if let Some(s) = spans.get_mut(*d) {
                s.push(e.start..e.end);
            }
        }
        spans
    }

    /// [`Entries::told`], each entry's sentence from `sentences`: each
    /// document's, as [`Entries::spans`] lists them (an empty string
    /// where the text has none there).
    pub fn told_from(self, sentences: Vec<Vec<String>>) -> Vec<TimelineEntry> {
        let mut sentences: Vec<std::vec::IntoIter<String>> = sentences.into_iter().map(Vec::into_iter).collect();
        self.told_by(|d, _| sentences.get_mut(d).and_then(Iterator::next).unwrap_or_default())
    }

    /// The timeline, each entry given its sentence by `sentence` (from its
    /// document's place and the entry), in order.
    fn told_by(self, mut sentence: impl FnMut(usize, &TimelineEntry) -> String) -> Vec<TimelineEntry> {
        let mut entries: Vec<(i64, TimelineEntry)> = self
            .0
            .into_iter()
            .map(|(day, d, mut e)| {
                e.text = sentence(d, &e);
                (day, e)
            })
            .collect();
        entries.par_sort_by(|(a_day, a), (b_day, b)| {
            (a.expected, a_day, std::cmp::Reverse(a.precision), &a.text, &a.doc, a.start).cmp(&(
                b.expected,
                b_day,
                std::cmp::Reverse(b.precision),
                &b.text,
                &b.doc,
                b.start,
            ))
        });
        entries.into_iter().map(|(_, e)| e).collect()
    }
}

/// A precision as one byte ([`Read::to_bytes`]).
fn precision_byte(p: Precision) -> u8 {
    match p {
        Precision::Day => 0,
        Precision::Week => 1,
        Precision::Month => 2,
        Precision::Quarter => 3,
        Precision::Year => 4,
    }
}

/// The precision [`precision_byte`] made this byte of.
fn precision_of_byte(b: u8) -> Option<Precision> {
    Some(match b {
        0 => Precision::Day,
        1 => Precision::Week,
        2 => Precision::Month,
        3 => Precision::Quarter,
        4 => Precision::Year,
        _ => return None,
    })
}

/// The entries of the timeline from the dated sentences of its documents,
/// in their order, and the documents' ids.
fn entries(doc_ids: &[&str], found: Vec<Vec<(Vec<Arc<str>>, Dated)>>) -> Entries {
    // Word ids and weights.
    let mut ids: HashMap<Arc<str>, u32> = HashMap::default();
    let mut df: Vec<f64> = Vec::new();
    let mut items: Vec<Dated> = Vec::new();
    for (ws, mut item) in found.into_iter().flatten() {
        item.words = ws
            .into_iter()
            .map(|w| {
                let next = ids.len() as u32;
                let id = *ids.entry(w).or_insert(next);
                if id as usize == df.len() {
                    df.push(0.0);
                }
                df[id as usize] += 1.0;
                id
            })
            .collect();
        item.words.sort_unstable();
        items.push(item);
    }
    let n = items.len().max(1) as f64;
    let weights = Weights(df.iter().map(|&f| (n / f).ln() + 1.0).collect());
    for item in &mut items {
        item.weight = weights.sum(&item.words);
    }

    // Same date, same precision: one bucket each, merged in document order.
    let mut buckets: BTreeMap<(bool, &str, Precision), Vec<usize>> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        buckets.entry((item.expected, item.date.as_str(), item.precision)).or_default().push(i);
    }
    // Within a bucket, reports that match are one event, and so are
    // reports that match a report of it.
    // The buckets are joined on every core (a large story has thousands),
    // then numbered in their order.
    let joined: Vec<(Vec<usize>, Vec<usize>)> = buckets
        .into_values()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|members| {
            let root = join_bucket(&items, &weights, &members);
            (members, root)
        })
        .collect();
    let mut events: Vec<Event> = Vec::new();
    for (members, mut root) in joined {
        let first = events.len();
        let mut slot: HashMap<usize, usize> = HashMap::default();
        for (a, &i) in members.iter().enumerate() {
            let r = crate::text::find(&mut root, a);
            match slot.get(&r) {
                Some(&e) => events[e].members.push(i),
                None => {
                    slot.insert(r, events.len());
                    events.push(Event { best: i, members: vec![i] });
                }
            }
        }
        debug_assert!(events.len() >= first);
    }

    // A report dated only to a period joins the more precise event inside
    // that period it matches best. Coarsest last, so a year entry can join
    // a month entry that took in a day.
    let mut order_by_span: Vec<usize> = (0..events.len()).collect();
    order_by_span.sort_by_key(|&e| {
        let it = &items[events[e].best];
        (std::cmp::Reverse(it.days.1 - it.days.0), it.days.0)
    });
    let mut alive = vec![true; events.len()];
    let mut finer: BTreeMap<(bool, i64), Vec<usize>> = BTreeMap::new();
    for (e, ev) in events.iter().enumerate() {
        let it = &items[ev.best];
        finer.entry((it.expected, it.days.0)).or_default().push(e);
    }
    for &e in order_by_span.iter().rev() {
        let it = &items[events[e].best];
        if it.precision == Precision::Day {
            continue;
        }
        let span = it.days.1 - it.days.0;
        let inside: Vec<usize> = finer
            .range((it.expected, it.days.0)..=(it.expected, it.days.1))
            .flat_map(|(_, es)| es.iter().copied())
            .filter(|&f| {
                let o = &items[events[f].best];
                f != e && alive[f] && o.days.1 <= it.days.1 && o.days.1 - o.days.0 < span
            })
            .collect();
        let members = events[e].members.clone();
        let target = members
            .iter()
            .filter_map(|&m| best_match(&items, &weights, &events, &inside, &items[m]))
            .next();
        if let Some(f) = target {
            events[f].members.extend(members);
            alive[e] = false;
        }
    }

    // Each entry on its own (an event of a large story is told by thousands).
    let entries: Vec<(i64, usize, TimelineEntry)> = events
        .into_par_iter()
        .zip(alive)
        .filter(|(_, alive)| *alive)
        .map(|(ev, _)| {
            let mut members = ev.members;
            members.sort_by_key(|&m| (items[m].rank, items[m].start));
            let best = members
                .iter()
                .copied()
                .min_by_key(|&m| (items[m].precision, items[m].verbless, items[m].rank, items[m].start))
                .unwrap_or(ev.best);
            let it = &items[best];
            // Each document once, in the order of its first report (an
            // event of a large story is told by thousands).
            let mut listed: HashSet<usize> = HashSet::default();
            let ds: Vec<usize> = members.iter().map(|&m| items[m].doc).filter(|&d| listed.insert(d)).collect();
            (
                it.days.0,
                it.doc,
                TimelineEntry {
                    date: it.date.clone(),
                    precision: it.precision,
                    expected: it.expected,
                    when: it.when.clone(),
                    text: String::new(),
                    doc: doc_ids[it.doc].to_string(),
                    start: it.start,
                    end: it.end,
                    docs: ds.into_iter().map(|d| doc_ids[d].to_string()).collect(),
                },
            )
        })
        .collect();
    Entries(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words;

    #[test]
    fn boilerplate_is_read_from_the_folded_opening_alone() {
        let whole = |s: &str| BOILERPLATE_OPENINGS.iter().any(|b| fold(s.trim_start()).starts_with(b));
        let long = "x".repeat(500);
        for s in [
            "Published 3 March 2025, the report was read widely.",
            "  PUBLISHED: 4 March",
            "Ùpdated hourly",
            "Updated",
            "Update",
            "The flood was published widely.",
            "ßtraße Posted on Monday",
            "",
            "Œuvre",
            long.as_str(),
        ] {
            assert_eq!(is_boilerplate(s), whole(s), "{s:?}");
        }
        assert!(is_boilerplate("  PUBLISHED: 4 March") && !is_boilerplate("The flood was published widely."));
    }

    #[test]
    fn a_reading_kept_as_bytes_is_given_back_as_it_was_read() {
        let docs = vec![
            doc("a", "2025-03-04", "Crews reopened the bridge on Monday after the flood. The council will vote on repairs by April 30, 2025."),
            Document { published: None, ..doc("b", "2025-03-05", "On March 3 the river burst its banks and forced 300 families out.") },
            doc("c", "2025-03-06", "No date is named here at all, the mayor said."),
        ];
        let reading = Reading::new(&docs, &[0, 1, 2]);
        assert_eq!(reading.anchor(1), Some("2025-03-06"), "an undated document takes the latest date");
        assert_eq!(reading.anchor(0), None);
        let mut seen = Seen::default();
        let read: Vec<Read> = docs.iter().enumerate().map(|(d, doc)| reading.read(&mut seen, d, doc)).collect();
        assert!(read[0].0.len() >= 2 && !read[1].0.is_empty() && read[2].0.is_empty(), "{read:?}");
        let mut bytes = Vec::new();
        read.iter().for_each(|r| r.to_bytes(&mut bytes).unwrap());
        let mut at = bytes.as_slice();
        let mut again = Seen::default();
        let restored: Vec<Read> = (0..docs.len()).map(|d| reading.restore(&mut again, d, &mut at).unwrap()).collect();
        assert!(at.is_empty());
        assert_eq!(restored, read);
        // A content word two readings share is held once.
        assert_eq!(again.words.len(), restored.iter().flat_map(|r| r.0.iter().flat_map(|(w, _)| w.iter().cloned())).collect::<HashSet<_>>().len());
        // Bytes cut short, or of another shape, give nothing back.
        for end in 0..bytes.len() {
            let mut cut = &bytes[..end];
            let whole: Option<Vec<Read>> = (0..docs.len()).map(|d| reading.restore(&mut again, d, &mut cut)).collect();
            assert!(whole.is_none(), "cut at {end}");
        }
        let mut odd: &[u8] = &[1, 0, 0, 7];
        assert!(reading.restore(&mut again, 0, &mut odd).is_none());
    }

    fn t(value: &str, kind: TimeKind) -> TimeExpr {
        TimeExpr { start: 0, end: 1, text: "x".into(), value: Some(value.into()), kind, expected: false }
    }

    fn doc(id: &str, published: &str, text: &str) -> Document {
        let mut d = Document { id: id.into(), published: Some(published.into()), text: text.into(), ..Default::default() };
        sitrep_annotate::annotate(&mut d);
        d
    }

    fn timeline(docs: &[Document]) -> Vec<TimelineEntry> {
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by_key(|&i| docs[i].published.clone());
        build(docs, &order)
    }

    #[test]
    fn one_entry_per_event_across_documents() {
        let docs = [
            doc("a", "2024-10-30", "The army said on Monday that 40 villages along the river had been evacuated."),
            doc("b", "2024-10-29", "Some 40 riverside villages were evacuated on Oct. 28, the army said."),
            doc("c", "2024-11-02", "The army evacuated 40 villages on the river in October, and the harvest was lost."),
            doc("d", "2024-10-29", "Separately, the port authority reopened the northern terminal on Oct. 28 after repairs."),
        ];
        let tl = timeline(&docs);
        let evacuation: Vec<_> = tl.iter().filter(|e| e.text.contains("villages")).collect();
        assert_eq!(evacuation.len(), 1, "{tl:#?}");
        let e = evacuation[0];
        assert_eq!((e.date.as_str(), e.precision), ("2024-10-28", Precision::Day));
        assert_eq!(e.docs, ["b", "a", "c"], "earliest published first");
        assert_eq!(e.doc, "b");
        assert!(tl.iter().any(|e| e.text.contains("terminal") && e.docs == ["d"]), "a different event the same day stays apart");
    }

    #[test]
    fn forecasts_are_listed_apart_and_relative_days_count_from_their_anchor() {
        let docs = [doc(
            "a",
            "2024-10-30",
            "The first convoy left the capital on Oct. 2. Three days later, it reached the coast with grain. \
             Engineers said on Tuesday that the dam could be repaired by December.",
        )];
        let tl = timeline(&docs);
        let dated: Vec<(&str, bool, &str)> = tl.iter().map(|e| (e.date.as_str(), e.expected, e.when.as_str())).collect();
        assert!(dated.contains(&("2024-10-05", false, "Three days later")), "{dated:?}");
        assert!(dated.contains(&("2024-10-29", false, "Tuesday")), "{dated:?}");
        assert!(dated.contains(&("2024-12", true, "December")), "{dated:?}");
        assert!(!dated.contains(&("2024-12", false, "December")), "a forecast is no event: {dated:?}");
        let forecast = tl.iter().find(|e| e.expected).expect("a forecast");
        assert_eq!(forecast.text, "Engineers said on Tuesday that the dam could be repaired by December.");
        assert!(tl.iter().position(|e| e.expected) > tl.iter().position(|e| !e.expected), "events come first");
    }

    #[test]
    fn an_undated_page_takes_its_year_from_the_corpus() {
        let mut page = Document { id: "p".into(), text: "Rebels shelled the river port of Kessa on March 3, the mayor said.".into(), ..Default::default() };
        sitrep_annotate::annotate(&mut page);
        assert!(page.times.iter().any(|t| t.value.as_deref() == Some("XXXX-03-03")), "{:?}", page.times);
        let docs = [doc("a", "2025-02-20", "Aid convoys reached the northern valley on Feb. 18, officials said."), page];
        let tl = timeline(&docs);
        assert!(tl.iter().any(|e| e.date == "2024-03-03" && e.docs == ["p"]), "March 3 nearest before 20 Feb 2025: {tl:#?}");
        assert_eq!(with_year("XXXX-02", "2025-02-20").as_deref(), Some("2025-02"));
        assert_eq!(with_year("XXXX-12-31", "2025-02-20").as_deref(), Some("2024-12-31"));
        assert_eq!(with_year("2023-05-01", "2025-02-20"), None, "a value with a year keeps it");
    }

    #[test]
    fn a_sentence_with_several_dates_is_one_entry() {
        let docs = [doc(
            "a",
            "2024-11-14",
            "The signing on Saturday followed a vote in the upper house on Wednesday and an earlier vote in late October.",
        )];
        let tl = timeline(&docs);
        assert_eq!(tl.len(), 1, "{tl:#?}");
        assert_eq!(tl[0].date, "2024-11-09");
    }

    fn reports_event_alone(sentence: &str, time_text: &str, kind: TimeKind) -> bool {
        reports_event(sentence, words(sentence).len(), time_text, kind, || verbs(sentence, &mut Seen::default()))
    }

    #[test]
    fn event_sentences() {
        assert!(reports_event_alone("Nov. 6 – The upper house approves it.", "Nov. 6", TimeKind::Date));
        assert!(!reports_event_alone("Nov. 6 is when the upper house sits.", "Nov. 6", TimeKind::Date));
        assert!(reports_event_alone("The treaty was ratified on 4 December by parliament.", "4 December", TimeKind::Date));
        assert!(!reports_event_alone("Published 18 October 2024.", "18 October 2024", TimeKind::Date));
        assert!(!reports_event_alone("Updated: 18 October 2024, 10:02 local time in Seoul", "18 October 2024", TimeKind::Date));
        assert!(!reports_event_alone("In 2024 the economy is large and slow.", "2024", TimeKind::Year));
        assert!(reports_event_alone("In 2019 the two leaders met at the border.", "2019", TimeKind::Year));
    }

    #[test]
    fn dates_of_kept_kinds() {
        let date = |v: &str, k| date_of(&t(v, k), None).map(|(d, p, _)| (d, p));
        assert_eq!(date("2024-10-18T09:00", TimeKind::Datetime), Some(("2024-10-18".into(), Precision::Day)));
        assert_eq!(date("2024-10", TimeKind::Month), Some(("2024-10".into(), Precision::Month)));
        assert_eq!(date("2024", TimeKind::Year), Some(("2024".into(), Precision::Year)));
        assert_eq!(date("2024-W45", TimeKind::Week), Some(("2024-11-04".into(), Precision::Week)));
        assert_eq!(date("2024-Q3", TimeKind::Quarter), Some(("2024-07".into(), Precision::Quarter)));
        assert_eq!(date("P3D", TimeKind::Duration), None);
        assert_eq!(date("2024-10-01/2024-10-03", TimeKind::Period), None);
    }

    #[test]
    fn civil_days_round_trip() {
        for s in ["1970-01-01", "2024-02-29", "2024-11-04", "1999-12-31"] {
            let (d, _) = day_range(s).unwrap();
            assert_eq!(crate::text::civil_from_days(d), s);
        }
    }

    #[test]
    fn forecasts_are_told_by_their_clause() {
        let text = "Some 3,000 have arrived, the office said, adding that the total could reach 12,000 by December.";
        let at = text.find("December").unwrap();
        let c = clause_of(text, Span::new(0, text.len()), at);
        assert_eq!(&text[c.start..c.end], "adding that the total could reach 12,000 by December.");
        let text = "Up to 12,000: the total expected by December.";
        let c = clause_of(text, Span::new(0, text.len()), text.find("December").unwrap());
        assert_eq!(c, Span::new(0, text.len()));
    }

    #[test]
    fn a_chronology_line_joins_the_report_of_its_day() {
        let docs = [
            doc(
                "a",
                "2024-03-12",
                "The governor signed the flood relief law on Saturday after a week of debate. \
                 Engineers inspected the eastern levee on Saturday and found two breaches.",
            ),
            doc(
                "b",
                "2024-03-14",
                "How the bill passed:\nMarch 2 – The assembly votes 61 to 20.\nMarch 9 – Governor's signature on the relief bill.",
            ),
        ];
        let tl = timeline(&docs);
        let day: Vec<_> = tl.iter().filter(|e| e.date == "2024-03-09").collect();
        assert_eq!(day.len(), 2, "the signing once, the inspection apart: {tl:#?}");
        let signing = day.iter().find(|e| e.text.contains("relief law")).expect("the signing");
        assert_eq!(signing.docs, ["a", "b"]);
        assert!(day.iter().any(|e| e.text.contains("levee") && e.docs == ["a"]), "{day:#?}");
    }

    #[test]
    fn verb_endings_meet() {
        assert_eq!(verb_stem("signature"), verb_stem("signed"));
        assert_eq!(verb_stem("ratification"), verb_stem("ratified"));
        assert_eq!(verb_stem("ratify"), verb_stem("ratifying"));
        assert_eq!(verb_stem("evacuation"), verb_stem("evacuates"));
        assert_eq!(verb_stem("deployment"), verb_stem("deploying"));
        assert_eq!(verb_stem("nation"), "nation");
        assert_eq!(verb_stem("signs"), verb_stem("signed"));
        assert_eq!(verb_stem("signing"), "sign");
        assert_eq!(verb_stem("arrived"), verb_stem("arrives"));
        assert_eq!(verb_stem("news"), "news");
    }

    /// Every pair compared, as the timeline did before [`join_bucket`]
    /// bounded its comparisons: the forest it must equal.
    fn every_pair(items: &[Dated], weights: &Weights) -> Vec<usize> {
        let n = items.len();
        let mut root: Vec<usize> = (0..n).collect();
        for a in 0..n {
            for b in a + 1..n {
                if weights.similarity(&items[a], &items[b]) >= SAME_EVENT {
                    crate::text::union(&mut root, a, b);
                }
            }
        }
        let roots: Vec<usize> = (0..n).map(|a| crate::text::find(&mut root, a)).collect();
        for a in 0..n {
            if !items[a].chronology || roots.iter().filter(|&&r| r == roots[a]).count() > 1 {
                continue;
            }
            let mut best: Option<(f64, usize)> = None;
            for b in (0..n).filter(|&b| b != a) {
                let sim = weights.similarity(&items[a], &items[b]);
                if sim >= SAME_EVENT_CHRONOLOGY && best.is_none_or(|(s, _)| sim > s) {
                    best = Some((sim, b));
                }
            }
            if let Some((_, b)) = best {
                crate::text::union(&mut root, a, b);
            }
        }
        (0..n).map(|a| crate::text::find(&mut root, a)).collect()
    }

    fn report(weights: &Weights, words: &[u32], chronology: bool) -> Dated {
        Dated {
            date: String::new(),
            precision: Precision::Day,
            expected: false,
            days: (0, 0),
            when: String::new(),
            rank: 0,
            doc: 0,
            start: 0,
            end: 0,
            words: words.to_vec(),
            weight: weights.sum(words),
            chronology,
            verbless: false,
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        #[test]
        fn a_bucket_joins_as_when_every_pair_is_compared(
            // Weights as the timeline makes them (at least 1), often equal.
            weights in proptest::collection::vec(proptest::sample::select(vec![1.0, 1.0, 1.5, 2.2, 3.0, 4.7, 6.1]), 14),
            reports in proptest::collection::vec((proptest::collection::btree_set(0u32..14, 0..7), proptest::bool::weighted(0.3)), 1..40),
        ) {
            let weights = Weights(weights);
            let items: Vec<Dated> = reports.iter().map(|(ws, c)| report(&weights, &ws.iter().copied().collect::<Vec<_>>(), *c)).collect();
            let members: Vec<usize> = (0..items.len()).collect();
            let mut root = join_bucket(&items, &weights, &members);
            let joined: Vec<usize> = (0..items.len()).map(|a| crate::text::find(&mut root, a)).collect();
            proptest::prop_assert_eq!(joined, every_pair(&items, &weights));
        }
    }

    #[test]
    fn reports_sharing_only_common_words_are_not_compared_apart_from_their_rare_ones() {
        // Words 0 and 1 are in every report; 2.. are rare.
        let weights = Weights(vec![1.0, 1.0, 5.0, 5.0, 5.0, 5.0]);
        let p = Prefix::of(&weights, &report(&weights, &[0, 1, 2, 3], false), SAME_EVENT);
        // 24% of 12 is 2.88: both common words (2) can be left out, not a rare one.
        assert_eq!(p.0, [2, 3]);
        let p = Prefix::of(&weights, &report(&weights, &[0, 1, 2], false), SAME_EVENT);
        assert_eq!(p.0, [2, 0], "24% of 7 is 1.68: one common word only can be left out");
    }

    #[test]
    fn rare_shared_words_weigh_more() {
        let w = Weights(vec![0.1, 0.1, 3.0, 3.0, 1.0]);
        let report = |words: &[u32]| report(&w, words, false);
        let sim = |a: &[u32], b: &[u32]| w.similarity(&report(a), &report(b));
        assert!(sim(&[0, 1, 2], &[0, 1, 3]) < 0.1);
        assert!(sim(&[0, 2], &[1, 2]) > 0.8);
        // A short report inside a long one matches it.
        assert_eq!(sim(&[2], &[0, 1, 2, 3, 4]), 1.0);
        assert_eq!(sim(&[], &[]), 1.0);
    }
}
