//! Time expressions: dates, months, years, weeks, quarters, periods,
//! durations and recurrences, normalised to ISO 8601 against the
//! publication date.
//!
//! [`find`] tokenises the text once (`lex.rs`), takes the longest expression
//! at each token left to right (`parse.rs`), then anchors every expression
//! (`resolve.rs`) to the publication date, using the tense of its clause
//! (`tense.rs`) to read year-less dates and weekdays: a past-tense "on
//! October 11" in an article of 31 October 2024 is 2024-10-11, a future
//! "by January 20" in November 2024 is 2025-01-20. Named days ("Christmas",
//! "Easter Monday") come from `data/lang/en/holidays.tsv`.
//!
//! A range between two calendar points runs from point to point (TIMEX3,
//! Recognizers-Text): "from 2014 to 2018" is 2014-01-01/2018-01-01, from
//! the start of the first to the start of the second, "to the end of 2018"
//! ends on its last day (`docs/schema.md`).
//!
//! Spans follow TIMEX3: "on Wednesday" → "Wednesday", "since the 2022
//! invasion" → "2022"; "last month", "two weeks ago", "the past two decades"
//! are whole. A bare four-digit number is a year only where the words around
//! it make it one ("in 2023", "the 2022 invasion", "March 2024"), so "12,000
//! troops" or "2000 soldiers" are not years.

mod anaphora;
mod clock;
mod holidays;
mod lex;
mod parse;
mod resolve;
mod tense;

use lex::{Kw, Lex, Tk, Tok, Unit};
use anaphora::Quarter;
use resolve::{Point, Tense};

use sitrep_core::{Document, Span, TimeExpr, TimeKind};
use sitrep_text::analysis::Analysis;

/// How many sentences back an anaphoric expression looks for the time it
/// counts from ("On Oct. 28 ... Three days later, ..."); past that it
/// counts from the publication date.
const FOCUS_SENTENCES: usize = 3;

/// Every time expression in `text`, sorted and non-overlapping, with UTF-8
/// byte offsets. `published` (`YYYY-MM-DD`) anchors relative expressions;
/// without it the latest full date written in the text does, and with
/// neither their value is null.
pub fn find(text: &str, sentences: &[Span], published: Option<&str>) -> Vec<TimeExpr> {
    find_in(text, sentences, published, None)
}

/// [`find`] for a text in a known language (ISO 639-1, as
/// `Document::language`): the grammar reads the language's word file
/// (`data/lang/<code>/times.txt`) where it has one, else English's.
pub fn find_in(text: &str, sentences: &[Span], published: Option<&str>, language: Option<&str>) -> Vec<TimeExpr> {
    find_analysed(&Analysis::with_sentences(text, sentences), published, language)
}

/// The time stage of [`crate::annotate`]: fills `Document::times`,
/// against the document's publication date, in its language.
pub struct Stage;

impl crate::Annotator for Stage {
    fn annotate(&self, text: &Analysis, doc: &mut Document) {
        doc.times = find_analysed(text, doc.published.as_deref(), doc.language.as_deref());
    }
}

/// [`find_in`] over a text read already, its atoms shared with the other stages.
fn find_analysed(a: &Analysis, published: Option<&str>, language: Option<&str>) -> Vec<TimeExpr> {
    let (text, sentences) = (a.text(), a.sentences());
    let words = lex::words(language);
    let toks = lex::tokenize(text, a.atoms().iter().copied(), words);
    let published_year = published.and_then(resolve::parse_ymd).map(|d| chrono::Datelike::year(&d));
    let parser = parse::Parser { text, toks: &toks, words, published_year };
    let mut hits = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match parser.parse(i) {
            Some((j, sem)) if j > i => {
                // "losing 200 men a day": the day is the unit of the rate the
                // quantity before it states (its `per`), not a time of its own.
                if !(matches!(sem, parse::Sem::Set(_)) && parser.counted_rate(i)) {
                    hits.push((i, j, sem));
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    let hits = weekdays_of_weeks(&toks, hits);
    let anchor = published.and_then(resolve::parse_ymd).or_else(|| {
        hits.iter()
            .filter_map(|(_, _, sem)| match sem {
                parse::Sem::Cal(c) => resolve::explicit_date(c),
                _ => None,
            })
            .max()
    });
    // The times the text has named so far that later anaphors may count
    // from, with the index of their sentence.
    let mut focus: Vec<(usize, Point)> = Vec::new();
    let mut out = Vec::with_capacity(hits.len());
    for (i, j, sem) in hits {
        let (start, end) = (toks[i].start, toks[j - 1].end);
        let sent_index = sentences.partition_point(|s| s.end <= start);
        let sent = sentence_tokens(&toks, sentences, start);
        let deadline = led_by(&toks, i, &[Kw::By, Kw::Until, Kw::Before]);
        let later = matches!(toks[i].kind, Tk::Word(Lex::Kw(Kw::Later)));
        // "Wednesday's ruling": a time named as an event already known.
        let possessive = matches!(toks.get(j).map(|t| t.kind), Some(Tk::Punct('\'' | '’')))
            && toks.get(j + 1).is_some_and(|t| text[t.start..t.end].eq_ignore_ascii_case("s"));
        // "since March 3", "since year-end": the start of a state lies in the past.
        // "depuis le 20 novembre": an article may stand between them.
        let since = led_by(&toks, i, &[Kw::Since])
            || i > 1 && words.since_articles.has(&text[toks[i - 1].start..toks[i - 1].end]) && led_by(&toks, i - 1, &[Kw::Since]);
        let sem = match sem {
            parse::Sem::Cal(c) if since => parse::Sem::Cal(c.pointing(parse::Dir::Past)),
            sem => sem,
        };
        // "created an office, effective Feb. 1": the announcement's tense
        // is not the date's.
        let effective = i > 0 && words.effective.has(&text[toks[i - 1].start..toks[i - 1].end]);
        let tense = if resolve::needs_tense(&sem) && since {
            Tense::Past
        } else if resolve::needs_tense(&sem) && !possessive && !effective {
            tense::tense_at(words, text, &toks, sent, (i, j), false)
        } else {
            Tense::Unknown
        };
        let in_focus = |unit: Unit, quarter: Quarter| {
            let near = || focus.iter().rev().take_while(|(s, _)| sent_index.saturating_sub(*s) <= FOCUS_SENTENCES);
            let is_quarter = |p: &&(usize, Point)| matches!(p.1, Point::Quarter(..));
            let found = match quarter {
                Quarter::Any => focus.iter().rev().find(is_quarter),
                Quarter::Near => near().find(is_quarter),
                Quarter::No => None,
            };
            // A season is no quarter: "the quarter" after "last spring"
            // counts from a date or month, not from the season.
            let fits = |p: &Point| (p.grain() as u8) <= (unit as u8) && !(unit == Unit::Quarter && matches!(p, Point::Season(..)));
            found.or_else(|| near().find(|(_, p)| fits(p))).map(|&(_, p)| p)
        };
        let r = resolve::resolve(&sem, anchor, tense, &in_focus);
        let first = r.point.and_then(Point::first_day);
        // A time after the publication date has not happened yet; a deadline
        // or "later this year" in a clause that looks ahead has not either.
        let expected = anchor.zip(first).is_some_and(|(a, f)| f > a)
            || (deadline || later)
                && r.point.is_some()
                && tense::tense_at(words, text, &toks, sent, (i, j), true) != Tense::Past;
        let moves = !matches!(&sem, parse::Sem::Anaphor(a) if !a.moves_focus());
        if let Some(p) = r.point {
            if moves && sets_focus(&toks, i, j, r.kind) {
                focus.push((sent_index, p));
            }
        }
        out.push(TimeExpr {
            start,
            end,
            text: text[start..end].to_string(),
            value: r.value,
            kind: r.kind,
            expected,
        });
    }
    out
}

/// A hit and its meaning, by token range.
type TokHit = (usize, usize, parse::Sem);

/// Joins a bare weekday to a day or week counted right beside it: "Saturday
/// 3 days from now", "two months from today on Tuesday", "the first week of
/// October on Friday" name that weekday of the week the count reaches.
fn weekdays_of_weeks(toks: &[Tok], hits: Vec<TokHit>) -> Vec<TokHit> {
    use parse::{Cal, Dir, Sem};
    let weekday = |s: &Sem| match s {
        Sem::Cal(Cal::Weekday { wd, dir: Dir::Context }) => Some(*wd),
        _ => None,
    };
    let counted = |s: &Sem| matches!(s, Sem::Shift(..) | Sem::WeekOf(..) | Sem::Cal(Cal::Week { .. }));
    let mut out: Vec<TokHit> = Vec::with_capacity(hits.len());
    let mut it = hits.into_iter().peekable();
    while let Some(h) = it.next() {
        let joined = match it.peek() {
            // "Saturday 3 days from now"
            Some(n) if n.0 == h.1 && counted(&n.2) => weekday(&h.2).map(|wd| (n.1, wd, n.2.clone())),
            // "two months from today on Tuesday"
            Some(n) if n.0 == h.1 + 1 && counted(&h.2) && matches!(toks[h.1].kind, Tk::Word(Lex::Kw(Kw::On))) => {
                weekday(&n.2).map(|wd| (n.1, wd, h.2.clone()))
            }
            _ => None,
        };
        match joined {
            Some((end, wd, sem)) => {
                it.next();
                out.push((h.0, end, Sem::WeekdayOf(Box::new(sem), wd)));
            }
            None => out.push(h),
        }
    }
    out
}

/// Whether the expression at tokens `i..j` comes right after one of the
/// prepositions `kws` ("by December", "until the end of the year").
fn led_by(toks: &[Tok], i: usize, kws: &[Kw]) -> bool {
    i > 0 && matches!(toks[i - 1].kind, Tk::Word(Lex::Kw(k)) if kws.contains(&k))
}

/// Whether an expression at tokens `i..j` of kind `kind` is a time later
/// anaphors may count from: a point in time that dates what its clause
/// says, not the start of a state ("since August"), a deadline ("by
/// December") or a modifier of a noun ("the June treaty").
fn sets_focus(toks: &[Tok], i: usize, j: usize, kind: TimeKind) -> bool {
    if !matches!(
        kind,
        TimeKind::Date | TimeKind::Datetime | TimeKind::Month | TimeKind::Year | TimeKind::Week | TimeKind::Quarter
    ) {
        return false;
    }
    let leads = [Kw::Since, Kw::By, Kw::Until, Kw::Before, Kw::After, Kw::Through];
    if led_by(toks, i, &leads) || led_by(toks, phrase_start(toks, i), &leads) {
        return false;
    }
    // "its third-quarter loss" is the quarter the report is about.
    kind == TimeKind::Quarter || !is_modifier(toks, i, j)
}

/// Where the noun phrase of a time at token `i` starts, taking in a
/// determiner and up to two lower-case words before it: "a flat second
/// quarter", "the bloody 2022 invasion".
fn phrase_start(toks: &[Tok], i: usize) -> usize {
    let mut k = i;
    while k > 0 && i - k < 2 && matches!(toks[k - 1].kind, Tk::Word(Lex::Other)) && !toks[k - 1].cap {
        k -= 1;
    }
    match k.checked_sub(1) {
        Some(d) if matches!(toks[d].kind, Tk::Word(Lex::Kw(Kw::The | Kw::A | Kw::Possessive))) => d,
        _ => i,
    }
}

/// "the June treaty", "the 2022 invasion", "its 2023 budget": a time after a
/// determiner and before a lower-case word modifies a noun.
fn is_modifier(toks: &[Tok], i: usize, j: usize) -> bool {
    let det = i > 0 && matches!(toks[i - 1].kind, Tk::Word(Lex::Kw(Kw::The | Kw::Possessive | Kw::A)));
    let noun = toks.get(j).is_some_and(|t| matches!(t.kind, Tk::Word(Lex::Other)) && !t.cap);
    det && noun
}

/// The token range of the sentence holding byte `at`, or all tokens when
/// no sentence holds it.
fn sentence_tokens(toks: &[lex::Tok], sentences: &[Span], at: usize) -> (usize, usize) {
    let k = sentences.partition_point(|s| s.end <= at);
    match sentences.get(k) {
        Some(s) if s.start <= at => {
            let a = toks.partition_point(|t| t.start < s.start);
            let b = toks.partition_point(|t| t.start < s.end);
            (a, b)
        }
        _ => (0, toks.len()),
    }
}
