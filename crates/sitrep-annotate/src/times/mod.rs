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
//! "Easter Monday") come from `data/times/holidays.tsv`.
//!
//! Spans follow TIMEX3: "on Wednesday" → "Wednesday", "since the 2022
//! invasion" → "2022"; "last month", "two weeks ago", "the past two decades"
//! are whole. A bare four-digit number is a year only where the words around
//! it make it one ("in 2023", "the 2022 invasion", "March 2024"), so "12,000
//! troops" or "2000 soldiers" are not years.

mod holidays;
mod lex;
mod parse;
mod resolve;
mod tense;

use resolve::Tense;

use sitrep_core::{Span, TimeExpr};

/// Every time expression in `text`, sorted and non-overlapping, with UTF-8
/// byte offsets. `published` (`YYYY-MM-DD`) anchors relative expressions;
/// without it the latest full date written in the text does, and with
/// neither their value is null.
pub fn find(text: &str, sentences: &[Span], published: Option<&str>) -> Vec<TimeExpr> {
    let toks = lex::tokenize(text);
    let parser = parse::Parser { text, toks: &toks };
    let mut hits = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match parser.parse(i) {
            Some((j, sem)) if j > i => {
                hits.push((i, j, sem));
                i = j;
            }
            _ => i += 1,
        }
    }
    let anchor = published.and_then(resolve::parse_ymd).or_else(|| {
        hits.iter()
            .filter_map(|(_, _, sem)| match sem {
                parse::Sem::Cal(c) => resolve::explicit_date(c),
                _ => None,
            })
            .max()
    });
    let mut out = Vec::with_capacity(hits.len());
    for (i, j, sem) in hits {
        let tense = if resolve::needs_tense(&sem) {
            let sent = sentence_tokens(&toks, sentences, toks[i].start);
            tense::tense_at(text, &toks, sent, (i, j))
        } else {
            Tense::Unknown
        };
        let (value, kind) = resolve::resolve(&sem, anchor, tense);
        let (start, end) = (toks[i].start, toks[j - 1].end);
        out.push(TimeExpr {
            start,
            end,
            text: text[start..end].to_string(),
            value,
            kind,
        });
    }
    out
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
