//! Times of day: "3 p.m.", "15:30 GMT", "noon", "shortly after midnight",
//! "9 a.m.", "3 p.m. local time".
//!
//! A time of day is on the day written right after it ("3 p.m. on
//! Friday"), else on the day in focus (the last day the text named, as in
//! "Friday at 3 p.m.", else the publication date); the day stays an
//! expression of its own. The value is an ISO 8601 date-time at the minute
//! ("2024-10-28T15:00"). A part of the day ("Tuesday night", "yesterday
//! morning") keeps the value of its day, as TimeBank annotates it.

use super::lex::{Kw, Lex, Tk};
use std::sync::LazyLock;

use sitrep_text::lists::{list, Words};
use super::parse::{Cal, Hit, Parser, Sem};

/// A time within a day: hours (0–23) and minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Clock(pub u32, pub u32);

impl Clock {
    /// The time part of an ISO value, after the "T".
    pub(crate) fn iso(self) -> String {
        format!("{:02}:{:02}", self.0, self.1)
    }
}

/// Whether a calendar expression names a single day: one that resolves to
/// a date.
pub(crate) fn is_day(c: &Cal) -> bool {
    super::resolve::cal_kind(c) == sitrep_core::TimeKind::Date
}

/// Time-zone words kept in the span: "GMT", "UTC" (`data/lang/en/zones.txt`).
static ZONES: Words = LazyLock::new(|| list(include_str!("../../data/lang/en/zones.txt"), "zones"));

impl Parser<'_> {
    /// "a.m.", "p.m.", "am", "pm" at `i`: the token after and whether it is p.m.
    fn meridiem(&self, i: usize) -> Option<(usize, bool)> {
        // "3am3x" in a link is no time.
        let ends = |k: usize| self.toks.get(k).is_none_or(|t| t.gap || matches!(t.kind, Tk::Punct(_)));
        if let Some(pm) = self.words.meridiem(self.raw(i)).filter(|_| ends(i + 1)) {
            return Some((self.dot(i + 1), pm));
        }
        // Written with dots, "a.m." is the letters and dots read together.
        if !self.punct(i + 1, '.') {
            return None;
        }
        let dotted = format!("{}.{}.", self.raw(i), self.raw(i + 2));
        self.words.meridiem(&dotted).map(|pm| (self.dot(i + 3), pm))
    }

    /// A time of day at `i` without a day: "3 p.m.", "15:30", "9.30pm",
    /// "noon", and a time zone after it. The token after it and the time.
    fn clock_time(&self, i: usize) -> Option<(usize, Clock)> {
        let (e, h, m) = match self.tk(i)? {
            Tk::Word(Lex::Clock(h)) => (i + 1, h, 0),
            Tk::NumStr => {
                let raw = self.raw(i);
                let (a, b) = raw.split_once(':').or_else(|| {
                    // "9.30pm": a dot only with a meridiem after it.
                    self.meridiem(i + 1).and(raw.split_once('.'))
                })?;
                let (h, m) = (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?);
                if a.len() > 2 || b.len() != 2 || h > 23 || m > 59 {
                    return None;
                }
                match self.meridiem(i + 1) {
                    Some((e, pm)) if (1..=12).contains(&h) => (e, h % 12 + 12 * u32::from(pm), m),
                    Some(_) => return None,
                    None => (i + 1, h, m),
                }
            }
            Tk::Num { v, len: 1..=2 } if (1..=12).contains(&v) => {
                let (e, pm) = self.meridiem(i + 1)?;
                (e, v % 12 + 12 * u32::from(pm), 0)
            }
            _ => return None,
        };
        let e = if ZONES.contains(&self.raw(e)) {
            e + 1
        } else if self.words.local.has(self.raw(e)) && self.words.time_noun.has(self.raw(e + 1)) {
            e + 2
        } else {
            e
        };
        Some((e, Clock(h, m)))
    }

    /// A time of day starting at `i`, with its lead ("shortly after") and
    /// the day after it ("on Friday", ", Oct. 28").
    pub(super) fn clock(&self, i: usize) -> Option<Hit> {
        let is = |k: usize, w: &str| self.raw(k).eq_ignore_ascii_case(w);
        // "shortly after midnight", "just before 9 a.m."
        let lead = ["shortly", "just", "soon"].iter().any(|w| is(i, w))
            && matches!(self.lex(i + 1), Some(Lex::Kw(Kw::After | Kw::Before)));
        let t = if lead { i + 2 } else { i };
        let (e, clock) = self.clock_time(t)?;
        // "at 3 p.m. on Friday", "9 a.m. Monday", "noon, Oct. 28": the day
        // after gives the date, and stays an expression of its own.
        let k = if self.kw(e, Kw::On) || self.punct(e, ',') {
            e + 1
        } else {
            e
        };
        let day = match self.core(k) {
            Some((_, Sem::Cal(c))) if is_day(&c) => Some(c),
            _ => None,
        };
        Some((e, Sem::Clock(day, clock)))
    }
}
