//! Anaphoric time expressions: times that count from a time named earlier
//! in the text (the focus) rather than from the publication date.
//!
//! "On Oct. 28 the Pentagon ... Three days later, ..." is 31 October, not
//! three days after the article; "that day", "the same week", "later that
//! year", "the following Monday", "the previous year", "the day before",
//! "a year earlier", "the year-earlier quarter", and the bare "the quarter"
//! or "the end of the month" all refer back. Deictic expressions ("two
//! weeks ago", "last month", "next week", "this year") keep counting from
//! the publication date; `mod.rs` keeps the focus as it reads the text.

use super::lex::{Kw, Lex, Tk, Unit};
use super::parse::{Hit, Parser, Sem};

/// What an anaphoric expression means relative to the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ana {
    /// The unit holding the focus: "that day", "the same week", "the quarter".
    Same(Unit),
    /// `n` units from the unit holding the focus: "the following year",
    /// "the previous day", "the next morning", "the week before".
    Rel(Unit, i32),
    /// The focus moved by `n` units, at the focus's own grain: "three days
    /// later", "a year earlier", "the year-earlier quarter".
    Shift(Unit, i32),
    /// `n` units before the publication date, unless a quarter (or half) is
    /// in focus, which it then moves: "a year ago" in a quarterly report is
    /// the same quarter a year before.
    Ago(Unit, i32),
    /// The first weekday `wd` after (`1`) or before (`-1`) the focus day:
    /// "the following Monday", "the previous Friday".
    Weekday(u32, i32),
}

/// Whether an anaphor counts from the last quarter the text named rather
/// than from the last time: quarterly reports compare a quarter with the
/// same quarter "a year earlier", whatever dates come between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quarter {
    /// The last time named.
    No,
    /// A quarter named in the last few sentences, else the last time: "a
    /// year earlier".
    Near,
    /// The last quarter named however far back: "the quarter", "the
    /// year-ago period".
    Any,
}

impl Ana {
    /// The coarsest grain a focus may have for this expression to use it:
    /// "that day" needs a day, "later that year" anything within a year.
    pub(crate) fn unit(self) -> Unit {
        match self {
            Ana::Same(u) | Ana::Rel(u, _) | Ana::Shift(u, _) | Ana::Ago(u, _) => u,
            Ana::Weekday(..) => Unit::Day,
        }
    }

    /// How the expression prefers a quarter in focus over other times.
    pub(crate) fn quarter(self) -> Quarter {
        match self {
            Ana::Same(Unit::Quarter) | Ana::Rel(Unit::Quarter, _) | Ana::Ago(..) => Quarter::Any,
            Ana::Shift(Unit::Year, _) => Quarter::Near,
            _ => Quarter::No,
        }
    }

    /// Whether the time it names moves the focus on: "three days later"
    /// does, a comparison with "a year earlier" does not.
    pub(crate) fn moves_focus(self) -> bool {
        !matches!(self, Ana::Ago(..) | Ana::Shift(_, ..=-1))
    }
}

/// The calendar units an anaphor can name.
fn anaphor_unit(u: Unit) -> bool {
    matches!(
        u,
        Unit::Day | Unit::Week | Unit::Month | Unit::Quarter | Unit::Year
    )
}

impl Parser<'_> {
    /// A singular calendar unit at `i` ("day", "week", ...) or a part of the
    /// day (which names its day): the unit and the token after it.
    fn unit_word(&self, i: usize) -> Option<(usize, Unit)> {
        match self.lex(i)? {
            Lex::Unit(u) if anaphor_unit(u) && !self.raw(i).ends_with('s') => Some((i + 1, u)),
            Lex::PartOfDay => Some((i + 1, Unit::Day)),
            _ => None,
        }
    }

    /// The longest anaphoric expression starting at `i`.
    pub(super) fn anaphor(&self, i: usize) -> Option<Hit> {
        let hit = |(e, a): (usize, Ana)| (e, Sem::Anaphor(a));
        let lex = self.lex(i)?;
        match lex {
            // "earlier that day", "later the same week", "later in the year"
            Lex::Kw(Kw::Earlier | Kw::Later) => {
                let k = if self.kw(i + 1, Kw::In) && self.kw(i + 2, Kw::The) {
                    i + 3
                } else {
                    i + 1
                };
                if k == i + 3 {
                    return self.unit_word(k).map(|(e, u)| hit((e, Ana::Same(u))));
                }
                self.that_unit(k).map(hit)
            }
            Lex::Kw(Kw::That) => self.that_unit(i).map(hit),
            Lex::Kw(Kw::The) => self.after_the_anaphor(i + 1).map(hit),
            // "year-earlier", "year-ago" as an adjective: "year-earlier sales".
            Lex::Unit(Unit::Year) => self.year_earlier(i).map(hit),
            _ => None,
        }
    }

    /// "that day", "the same week" at `i`.
    fn that_unit(&self, i: usize) -> Option<(usize, Ana)> {
        let k = if self.kw(i, Kw::That) {
            i + 1
        } else if self.kw(i, Kw::The) && self.kw(i + 1, Kw::Same) {
            i + 2
        } else {
            return None;
        };
        let (e, u) = self.unit_word(k)?;
        // "that day's vote" is a modifier but still that day; "that week-long
        // visit" is not a week.
        if self.is_hyphen(e) && self.tight(e) {
            return None;
        }
        Some((e, Ana::Same(u)))
    }

    /// After "the": "the same day", "the following year", "the previous
    /// Friday", "the next morning", "the day before", "the year-earlier
    /// quarter", "the quarter".
    fn after_the_anaphor(&self, i: usize) -> Option<(usize, Ana)> {
        if self.kw(i, Kw::Same) {
            return self.that_unit(i - 1);
        }
        // "the comparable year-ago quarter"
        if self.words.comparable.has(self.raw(i)) {
            return self.year_earlier(i + 1);
        }
        if let Some(hit) = self.year_earlier(i) {
            return Some(hit);
        }
        let step = match self.lex(i)? {
            // "the latest quarter": the one in focus.
            Lex::Kw(Kw::Previous) if self.words.latest.has(self.raw(i)) => Some(0),
            Lex::Kw(Kw::Following) => Some(1),
            Lex::Kw(Kw::Previous) => Some(-1),
            // "the next day", "the next morning" (not "the next week", which
            // counts from the publication date).
            Lex::Kw(Kw::Next) => {
                return match self.lex(i + 1)? {
                    Lex::Unit(Unit::Day) if self.raw(i + 1).len() == 3 => {
                        Some((i + 2, Ana::Rel(Unit::Day, 1)))
                    }
                    Lex::PartOfDay => Some((i + 2, Ana::Rel(Unit::Day, 1))),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(n) = step {
            if let Some(Lex::Weekday(wd)) = self.lex(i + 1) {
                return (n != 0).then_some((i + 2, Ana::Weekday(wd, n)));
            }
            let (e, u) = self.unit_word(i + 1)?;
            return Some((e, if n == 0 { Ana::Same(u) } else { Ana::Rel(u, n) }));
        }
        let (e, u) = self.unit_word(i)?;
        if self.lex(i) == Some(Lex::PartOfDay) {
            return None;
        }
        // "the day before", "the week after": with nothing after them they
        // count from the focus; "the day before the vote" names no date.
        if let Some(Lex::Kw(k @ (Kw::Before | Kw::After))) = self.lex(e) {
            // "the day before, ...", "the day before he met ..."
            let bare = matches!(self.tk(e + 1), None | Some(Tk::Punct(_)))
                || self.clause_word(e + 1)
                || self.words.pronouns.has(self.raw(e + 1));
            if bare && u != Unit::Quarter {
                return Some((e + 1, Ana::Rel(u, if k == Kw::Before { -1 } else { 1 })));
            }
            return None;
        }
        self.bare_unit(i, e, u)
    }

    /// "the quarter", "the week", "the day" standing alone for the unit in
    /// focus: after a time preposition, and not the head of a longer noun
    /// phrase ("the day of the attack", "the year's end", "the week-long
    /// visit", "the month that followed").
    fn bare_unit(&self, i: usize, e: usize, u: Unit) -> Option<(usize, Ana)> {
        let the = i - 1;
        let prep = the
            .checked_sub(1)
            .and_then(|p| self.lex(p))
            .is_some_and(|l| {
                matches!(
                    l,
                    Lex::Kw(Kw::In | Kw::During | Kw::On | Kw::Through | Kw::Since)
                )
            })
            || the
                .checked_sub(1)
                .is_some_and(|p| ["for", "over", "throughout"].iter().any(|w| self.raw(p).eq_ignore_ascii_case(w)));
        if !prep {
            return None;
        }
        let free = match self.tk(e) {
            None => true,
            Some(Tk::Punct(c)) => matches!(c, '.' | ',' | ';' | ')' | '?' | '!' | '"' | '”' | ':'),
            _ => self.clause_word(e),
        };
        // "the day" alone is too often "the order of the day".
        (free && u != Unit::Day).then_some((e, Ana::Same(u)))
    }

    /// A word that ends the noun phrase before it: "and", "or", "when", ...
    fn clause_word(&self, i: usize) -> bool {
        matches!(self.lex(i), Some(Lex::Kw(Kw::And | Kw::Or | Kw::Than | Kw::To)))
            || ["when", "because", "but", "as", "while", "compared", "versus"]
                .iter()
                .any(|w| self.raw(i).eq_ignore_ascii_case(w))
    }

    /// "year-earlier", "year-ago", "year-earlier quarter", "year-ago period",
    /// "year-earlier third quarter" at `i`: the focus a year before.
    fn year_earlier(&self, i: usize) -> Option<(usize, Ana)> {
        if self.lex(i) != Some(Lex::Unit(Unit::Year))
            || self.raw(i).ends_with('s')
            || !(self.is_hyphen(i + 1) && self.tight(i + 1) && self.tight(i + 2))
            || !matches!(self.lex(i + 2), Some(Lex::Kw(Kw::Earlier | Kw::Ago)))
        {
            return None;
        }
        let mut e = i + 3;
        // "year-earlier third quarter", "year-ago period", "year-earlier quarter"
        let ord = matches!(self.tk(e), Some(Tk::Word(Lex::Ord(1..=4)) | Tk::Ord(1..=4)));
        let k = if ord { e + 1 } else { e };
        match self.lex(k) {
            Some(Lex::Unit(Unit::Quarter | Unit::Month | Unit::Year | Unit::Week))
                if !self.raw(k).ends_with('s') =>
            {
                e = k + 1
            }
            _ if self.words.period.has(self.raw(k)) => e = k + 1,
            // "the year-earlier nine months": a span of its own.
            Some(Lex::Num(_)) | None if matches!(self.tk(k), Some(Tk::Word(Lex::Num(_)) | Tk::Num { .. })) => {
                return None
            }
            _ => {}
        }
        Some((e, Ana::Ago(Unit::Year, -1)))
    }
}
