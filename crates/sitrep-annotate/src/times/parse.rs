//! The time grammar: from a token position, the longest time expression that
//! starts there and what it means before it is anchored to a date.
//!
//! Spans follow TIMEX3: leading prepositions ("on", "in", "since", "by") are
//! left out, determiners and modifiers that change the meaning are kept
//! ("last month", "the third quarter", "two weeks ago", "nearly two years").

use super::anaphora::Ana;
use super::clock::Clock;
use super::holidays;
use super::lex::{Kw, Lex, Tk, Tok, Unit, Words};

/// Which way a year-less or relative expression points from the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    /// From the tense of the sentence.
    Context,
    /// "last": strictly before the anchor's own period.
    Last,
    /// "next": strictly after.
    Next,
    /// "this": the anchor's own period.
    This,
    /// "this past", "previous": the nearest one before the anchor; as
    /// `Last` but for weekdays, where "last Friday" is the Friday of last week.
    Past,
    /// "coming", "upcoming": the nearest one after the anchor.
    Coming,
}

/// A calendar point or interval, possibly incomplete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cal {
    Day {
        y: Option<i32>,
        m: u32,
        d: u32,
        dir: Dir,
    },
    Month {
        y: Option<i32>,
        m: u32,
        dir: Dir,
    },
    Year(i32),
    /// First year of the decade.
    Decade(i32),
    Quarter {
        y: Option<i32>,
        q: u32,
        dir: Dir,
    },
    Half {
        y: Option<i32>,
        h: u32,
    },
    Season {
        y: Option<i32>,
        s: u32,
        dir: Dir,
    },
    Weekday {
        wd: u32,
        dir: Dir,
    },
    /// `n` units from the anchor, at the unit's grain (day, week, month,
    /// quarter, year).
    Rel {
        unit: Unit,
        n: i32,
    },
    /// ISO week `w` of year `y` (the anchor's year when None).
    Week {
        y: Option<i32>,
        w: u32,
    },
    /// The `n`th century: "the 21st century".
    Century(i32),
    /// A day of the anchor's month (or the one before or after, by tense).
    MonthDay {
        d: u32,
        dir: Dir,
    },
    /// A day of the month that falls on a weekday: "Monday the 13th" is
    /// the 13th of the month nearest the anchor where it is a Monday.
    DayOnWeekday {
        wd: u32,
        d: u32,
    },
    /// Day `d` of the month `n` months from the anchor's: "the 15th of
    /// next month".
    DayOfRel {
        d: u32,
        n: i32,
    },
    /// Saturday and Sunday of a week.
    Weekend {
        dir: Dir,
    },
    /// A weekday of the week `n` weeks from the anchor's.
    WeekdayOfWeek {
        wd: u32,
        n: i32,
    },
    /// The day `n` units (days, months, years) after the anchor.
    Offset {
        unit: Unit,
        n: i32,
    },
    /// A named day ("Christmas"), by its index in the holiday table.
    Holiday {
        h: u16,
        y: Option<i32>,
        dir: Dir,
    },
    /// The `n`th weekday `wd` of a month.
    NthWeekday {
        n: u32,
        wd: u32,
        of: MonthRef,
    },
}

impl Cal {
    /// The point read `to` the anchor where the words left the way to the
    /// context: "since December 3" is the last December 3.
    pub(crate) fn pointing(self, to: Dir) -> Cal {
        match self {
            Cal::Day { y, m, d, dir: Dir::Context } => Cal::Day { y, m, d, dir: to },
            Cal::Month { y, m, dir: Dir::Context } => Cal::Month { y, m, dir: to },
            Cal::Weekday { wd, dir: Dir::Context } => Cal::Weekday { wd, dir: to },
            Cal::Holiday { h, y, dir: Dir::Context } => Cal::Holiday { h, y, dir: to },
            c => c,
        }
    }
}

/// Where in its point an end of a period lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edge {
    /// The instant the point starts: its first day.
    Start,
    /// Its middle day ("mid-March", "the middle of 2007").
    Mid,
    /// The instant it ends: after its last day as a start ("from the end of
    /// 2007" starts on 2008-01-01), its last day as an end.
    End,
}

/// The edges of a range between two calendar points: from the start of
/// the first to the start of the second.
const POINT_TO_POINT: [Edge; 2] = [Edge::Start, Edge::Start];

/// A month named absolutely (year optional) or relative to the anchor's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MonthRef {
    Abs(Option<i32>, u32),
    Rel(i32),
}

/// What an expression means.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Sem {
    Cal(Cal),
    /// An ISO 8601 duration, already written.
    Duration(String),
    /// A recurrence with its period, already written.
    Set(String),
    /// From one point to another, each end at the edge of its point the
    /// words name: a range "from 2014 to 2018" runs from the start of
    /// 2014 to the start of 2018, "to the end of 2018" to its end, "from
    /// mid-March" from its middle day.
    Period(Cal, Cal, [Edge; 2]),
    /// "in two weeks": the point when the clause looks ahead, else the duration.
    InFuture(String, Cal),
    /// The day some months then some days from the start of a point:
    /// "two days after Christmas", "a month and 21 days ago".
    Shift(Cal, i32, i32),
    /// The week holding the last (true) or first day of a point.
    WeekOf(Cal, bool),
    /// The weekend a day makes long, with the day: "Thanksgiving weekend",
    /// "the weekend of Halloween".
    WeekendOf(Cal),
    /// `n` units (days, months, years) from the start of a point on; when
    /// `n` is negative, `-n` units up to its end ("the last three months
    /// of 2024").
    Run(Cal, Unit, i32),
    /// A time counted from the time in focus: "three days later", "that day".
    Anaphor(Ana),
    /// A time of day, on a given day or the day in focus.
    Clock(Option<Cal>, Clock),
    /// A weekday (1 = Monday) of the week that holds a day or week:
    /// "Saturday 3 days from now", "the first week of October on Friday".
    WeekdayOf(Box<Sem>, u32),
}

pub(crate) struct Parser<'a> {
    pub text: &'a str,
    pub toks: &'a [Tok],
    /// The words of the document's language.
    pub words: &'a Words,
    /// The year of publication, around which a two-digit year is read.
    pub published_year: Option<i32>,
}

/// A parse: the token index after the expression and its meaning.
pub(crate) type Hit = (usize, Sem);

/// The count read for "a few" before a unit of time ("a few weeks ago"):
/// a vague small number, placed at three.
const FEW: f64 = 3.0;

fn longer(a: Option<Hit>, b: Option<Hit>) -> Option<Hit> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// `n` units `u` from the anchor (`ago`) or from the time in focus.
fn shifted(n: i32, u: Unit, ago: bool) -> Option<Sem> {
    let (unit, n) = match u {
        Unit::Fortnight => (Unit::Week, n * 2),
        Unit::Decade => (Unit::Year, n * 10),
        Unit::Century => (Unit::Year, n * 100),
        Unit::Second | Unit::Minute | Unit::Hour => return None,
        u => (u, n),
    };
    Some(match (ago, unit) {
        // "a year ago" in a quarterly report: the quarter in focus a year before.
        (true, Unit::Year) => Sem::Anaphor(Ana::Ago(unit, n)),
        (true, _) => Sem::Cal(Cal::Rel { unit, n }),
        // "three days later", "a year earlier": from the time in focus.
        (false, _) => Sem::Anaphor(Ana::Shift(unit, n)),
    })
}

impl<'a> Parser<'a> {
    pub(super) fn tk(&self, i: usize) -> Option<Tk> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub(super) fn lex(&self, i: usize) -> Option<Lex> {
        match self.tk(i) {
            Some(Tk::Word(l)) => Some(l),
            _ => None,
        }
    }

    pub(super) fn kw(&self, i: usize, k: Kw) -> bool {
        self.lex(i) == Some(Lex::Kw(k))
    }

    pub(super) fn punct(&self, i: usize, c: char) -> bool {
        self.tk(i) == Some(Tk::Punct(c))
    }

    /// Token `i` is glued to the one before it (no whitespace).
    pub(super) fn tight(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.gap)
    }

    pub(super) fn raw(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .map(|t| &self.text[t.start..t.end])
            .unwrap_or("")
    }

    pub(super) fn is_hyphen(&self, i: usize) -> bool {
        matches!(self.tk(i), Some(Tk::Punct('-' | '‐' | '–')))
    }

    /// Skip an optional "." after an abbreviation.
    pub(super) fn dot(&self, i: usize) -> usize {
        if self.punct(i, '.') && self.tight(i) {
            i + 1
        } else {
            i
        }
    }

    /// The longest expression starting at token `i`.
    pub fn parse(&self, i: usize) -> Option<Hit> {
        if !self.can_start(i) {
            return None;
        }
        let mut best = self.core(i);
        best = longer(best, self.range(i));
        best = longer(best, self.duration(i));
        best = longer(best, self.set(i));
        best = longer(best, self.anaphor(i));
        best = longer(best, self.clock(i));
        best = longer(best, self.after_next(i));
        best = longer(best, self.half_of_decade(i));
        if !self.words.ago_before.is_empty() {
            best = longer(best, self.ago_before(i));
        }
        best.map(|(e, sem)| match sem {
            Sem::Cal(Cal::Rel { unit: Unit::Week, n }) => self.days_of_week(e, n).unwrap_or((e, sem)),
            Sem::Cal(_) => (self.open_end(e), sem),
            sem => (e, sem),
        })
    }

    /// "the week after next", "the weekend after the next", "the year
    /// after next": two weeks (weekends, months, years) from the anchor's.
    fn after_next(&self, i: usize) -> Option<Hit> {
        if !self.kw(i, Kw::The) || !self.kw(i + 2, Kw::After) {
            return None;
        }
        let k = if self.kw(i + 3, Kw::The) { i + 4 } else { i + 3 };
        // "the week after next month" is a week after a month.
        if !self.kw(k, Kw::Next)
            || matches!(self.lex(k + 1), Some(Lex::Unit(_) | Lex::Month { .. } | Lex::Weekday(_) | Lex::Kw(Kw::Weekend)))
        {
            return None;
        }
        let sem = match self.lex(i + 1)? {
            // The Saturday of the week after next, and the Sunday after it.
            Lex::Kw(Kw::Weekend) => Sem::WeekendOf(Cal::WeekdayOfWeek { wd: 6, n: 2 }),
            Lex::Unit(unit @ (Unit::Week | Unit::Month | Unit::Quarter | Unit::Year)) if !self.raw(i + 1).ends_with('s') => {
                Sem::Cal(Cal::Rel { unit, n: 2 })
            }
            _ => return None,
        };
        Some((k + 1, sem))
    }

    /// "the first half of the 1990s", "the last half of the '80s": five
    /// years from the start of a decade, or up to its end.
    fn half_of_decade(&self, i: usize) -> Option<Hit> {
        let j = if self.kw(i, Kw::The) { i + 1 } else { i };
        let first = match self.lex(j)? {
            Lex::Ord(1) => true,
            Lex::Ord(2) | Lex::Kw(Kw::Last) => false,
            _ => return None,
        };
        if !self.kw(j + 1, Kw::Half) || !self.kw(j + 2, Kw::Of) || !self.kw(j + 3, Kw::The) {
            return None;
        }
        let (e, c @ Cal::Decade(_)) = self.after_the(j + 4)? else {
            return None;
        };
        Some((e, Sem::Run(c, Unit::Year, if first { 5 } else { -5 })))
    }

    /// After a week named relative to the anchor ending at `e` ("next
    /// week", "this week"), the days it narrows to: "next week on Tuesday"
    /// is the Tuesday of next week, "this week from Tuesday to Thursday"
    /// and "next week between Wednesday and Friday" those days of it.
    fn days_of_week(&self, e: usize, n: i32) -> Option<Hit> {
        let in_week = |c: Cal| match c {
            Cal::Weekday { wd, dir: Dir::Context } => Some(Cal::WeekdayOfWeek { wd, n }),
            _ => None,
        };
        if self.kw(e, Kw::On) {
            let (k, c) = self.calendar(e + 1)?;
            return Some((k, Sem::Cal(in_week(c)?)));
        }
        match self.range(e)? {
            (k, Sem::Period(a, b, mid)) => Some((k, Sem::Period(in_week(a)?, in_week(b)?, mid))),
            _ => None,
        }
    }

    /// After a calendar expression ending at `e`, an open end it keeps as
    /// its own words: "2018 or later", "May and earlier", "2010 onwards".
    /// The value stays the named time, the words tell the open side.
    fn open_end(&self, e: usize) -> usize {
        let words = self.words;
        if words.onward.has(self.raw(e)) {
            e + 1
        } else if words.open_end_join.has(self.raw(e)) && words.open_end.has(self.raw(e + 1)) {
            e + 2
        } else {
            e
        }
    }

    /// Whether an expression can start at token `i`: most words and all
    /// punctuation cannot, which keeps the scan fast.
    fn can_start(&self, i: usize) -> bool {
        match self.tk(i) {
            Some(Tk::Punct(_)) | None => false,
            Some(Tk::Word(Lex::Other)) => {
                let raw = self.raw(i);
                raw.len() == 1
                    || self.words.starters.has(raw)
                    || holidays::starts_name(raw)
                    || !self.words.ago_before.is_empty() && self.ago_cue(i).is_some()
            }
            _ => true,
        }
    }

    /// Calendar expressions with their modifiers, relative expressions.
    pub(super) fn core(&self, i: usize) -> Option<Hit> {
        let mut best = self.modified(i);
        best = longer(best, self.week_of(i));
        best = longer(best, self.weekend_of(i));
        best = longer(best, self.year_end(i));
        best = longer(best, self.relative(i));
        best = longer(best, self.rest_of(i));
        best = longer(best, self.calendar(i).map(|(j, c)| (j, Sem::Cal(c))));
        match best {
            Some((e, Sem::Cal(c))) if !self.words.last_after.is_empty() || !self.words.next_after.is_empty() => Some(self.cue_after(e, c)),
            best => best,
        }
    }

    /// A calendar point ending at `e` with a word after it that says which
    /// way it lies ("lundi dernier", "el martes pasado", "août dernier"):
    /// the nearest one before (or after) the anchor, the word in the span.
    fn cue_after(&self, e: usize, c: Cal) -> Hit {
        let dir = if self.words.last_after.has(self.raw(e)) {
            Dir::Past
        } else if self.words.next_after.has(self.raw(e)) {
            Dir::Coming
        } else {
            return (e, Sem::Cal(c));
        };
        match c.pointing(dir) {
            p if p != c => (e + 1, Sem::Cal(p)),
            _ => (e, Sem::Cal(c)),
        }
    }

    /// After which token the phrase of "ago" that comes before a length
    /// ends, when one starts at `i` ("vor", "il y a").
    fn ago_cue(&self, i: usize) -> Option<usize> {
        let same = |k: usize, w: &str| {
            let raw = self.raw(k);
            raw.eq_ignore_ascii_case(w) || !raw.is_ascii() && raw.to_lowercase() == w
        };
        self.words
            .ago_before
            .iter()
            .find(|phrase| phrase.iter().enumerate().all(|(t, w)| same(i + t, w)))
            .map(|phrase| i + phrase.len())
    }

    /// A length after a phrase of "ago" that comes before it: "vor drei
    /// Tagen", "il y a 3 jours", "hace 2 semanas", "há 5 anos".
    fn ago_before(&self, i: usize) -> Option<Hit> {
        let k = self.ago_cue(i)?;
        let (e, n, u) = self.count_unit(k)?;
        if n.fract() != 0.0 {
            return None;
        }
        let sem = shifted(-(n as i32), u, true)?;
        Some((e, sem))
    }

    /// "the rest of the week", "remainder of this year", "rest of the
    /// month": from the anchor to the end of its week, month, quarter or year.
    fn rest_of(&self, i: usize) -> Option<Hit> {
        let j = if self.kw(i, Kw::The) { i + 1 } else { i };
        if !self.words.rest.has(self.raw(j)) {
            return None;
        }
        let k = if self.kw(j + 1, Kw::Of) { j + 2 } else { j + 1 };
        let k = if matches!(self.lex(k), Some(Lex::Kw(Kw::The | Kw::This | Kw::Current))) {
            k + 1
        } else {
            k
        };
        let Some(Lex::Unit(unit @ (Unit::Week | Unit::Month | Unit::Quarter | Unit::Year))) =
            self.lex(k)
        else {
            return None;
        };
        if self.raw(k).ends_with('s') {
            return None;
        }
        let today = Cal::Rel {
            unit: Unit::Day,
            n: 0,
        };
        Some((
            k + 1,
            Sem::Period(today, Cal::Rel { unit, n: 0 }, [Edge::Start, Edge::End]),
        ))
    }

    /// "early/late/mid X", "the end/beginning/middle of X", "earlier/later this X":
    /// the value of X.
    fn modified(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let the = self.kw(j, Kw::The);
        if the {
            j += 1;
        }
        let inner = match self.lex(j)? {
            Lex::Kw(Kw::Early | Kw::Late | Kw::Mid | Kw::Earlier | Kw::Later) => {
                let k = if self.is_hyphen(j + 1) { j + 2 } else { j + 1 };
                // "the late 1970s", "mid-2025", "late October", "earlier this month".
                if matches!(self.lex(j), Some(Lex::Kw(Kw::Earlier | Kw::Later)))
                    && !self.kw(k, Kw::This)
                {
                    // "a year earlier" is handled by `relative`; "earlier in the week" here.
                    // "earlier in the week" is an anaphor (`anaphora.rs`).
                    return None;
                }
                k
            }
            Lex::Kw(Kw::End | Kw::Beginning | Kw::Start | Kw::Middle) if self.kw(j + 1, Kw::Of) => {
                let k = j + 2;
                // "the end of the year", "end of month": the anchor's.
                let u0 = if self.kw(k, Kw::The) { k + 1 } else { k };
                // The month or year in focus: "... in October. At the end of
                // the month, ..." is the end of October.
                if let Some(Lex::Unit(
                    u @ (Unit::Week | Unit::Month | Unit::Year | Unit::Quarter),
                )) = self.lex(u0)
                {
                    if !self.raw(u0).ends_with('s') {
                        return Some((u0 + 1, Sem::Anaphor(Ana::Same(u))));
                    }
                }
                k
            }
            _ => return None,
        };
        let (k, sem) = self.core_inner(inner)?;
        Some((k, sem))
    }

    fn core_inner(&self, i: usize) -> Option<Hit> {
        longer(
            self.relative(i),
            self.calendar(i).map(|(j, c)| (j, Sem::Cal(c))),
        )
    }

    /// A number written in digits or words: "3", "2.5", "twenty-five", "a".
    pub fn number(&self, i: usize) -> Option<(usize, f64)> {
        match self.tk(i)? {
            Tk::Num { v, .. } => Some((i + 1, v as f64)),
            Tk::NumStr => {
                let raw = self.raw(i);
                let ok = raw.bytes().filter(|&b| b == b'.').count() == 1
                    && raw.bytes().all(|b| b.is_ascii_digit() || b == b'.');
                if ok {
                    raw.parse().ok().map(|v| (i + 1, v))
                } else {
                    None
                }
            }
            Tk::Word(Lex::Num(v)) => {
                // "twenty-five", "twenty five"
                if v >= 20 && v % 10 == 0 {
                    let k = if self.is_hyphen(i + 1) { i + 2 } else { i + 1 };
                    if let Some(Lex::Num(u)) = self.lex(k) {
                        if u < 10 {
                            return Some((k + 1, (v + u) as f64));
                        }
                    }
                }
                if self.kw(i + 1, Kw::Hundred) {
                    return Some((i + 2, v as f64 * 100.0));
                }
                Some((i + 1, v as f64))
            }
            Tk::Word(Lex::Kw(Kw::A)) => Some((i + 1, 1.0)),
            _ => None,
        }
    }

    /// Whether a bare "few" at `i` counts units: after a word that places
    /// them ("the past few days", "the next few weeks") or before "ago"
    /// ("few months ago"); "few days pass without shelling" counts nothing.
    fn few_counts(&self, i: usize) -> bool {
        let placed = i > 0
            && matches!(
                self.lex(i - 1),
                Some(Lex::Kw(Kw::Past | Kw::Last | Kw::Next | Kw::Coming | Kw::Previous | Kw::Following))
            );
        placed || matches!(self.lex(i + 1), Some(Lex::Unit(_))) && self.kw(i + 2, Kw::Ago)
    }

    /// A count with an optional "and a half" / "½" after the unit is handled by the caller.
    fn count_unit(&self, i: usize) -> Option<(usize, f64, Unit)> {
        // "a couple of"
        let (j, n) = if self.kw(i, Kw::Couple) && self.kw(i + 1, Kw::Of) {
            (i + 2, 2.0)
        } else if self.kw(i, Kw::A) && self.kw(i + 1, Kw::Couple) && self.kw(i + 2, Kw::Of) {
            (i + 3, 2.0)
        } else if self.kw(i, Kw::A) && self.kw(i + 1, Kw::Few) {
            // "a few weeks ago": a small count, read as three.
            (i + 2, FEW)
        } else if self.kw(i, Kw::Few) && self.few_counts(i) {
            (i + 1, FEW)
        } else if self.kw(i, Kw::Half) && self.kw(i + 1, Kw::A) {
            (i + 2, 0.5)
        } else if self.kw(i, Kw::Half) || self.kw(i, Kw::A) && self.kw(i + 1, Kw::Half) {
            (if self.kw(i, Kw::A) { i + 2 } else { i + 1 }, 0.5)
        } else if self.kw(i, Kw::Whole)
            && matches!(self.lex(i + 1), Some(Lex::Unit(_)))
            && !self.raw(i + 1).ends_with('s')
        {
            (i + 1, 1.0)
        } else if self.kw(i, Kw::Whole)
            && self.is_hyphen(i + 1)
            && self.tight(i + 1)
            && matches!(self.lex(i + 2), Some(Lex::Unit(_)))
        {
            (i + 2, 1.0)
        } else if self.words.another.has(self.raw(i)) {
            (i + 1, 1.0)
        } else {
            self.number(i)?
        };
        // "two more weeks", "an additional year", "the 2 next days"
        let lead = ["next", "previous", "upcoming", "coming", "past", "following"];
        let j = if matches!(self.lex(j + 1), Some(Lex::Unit(_)))
            && (self.raw(j + 1).ends_with('s') || !lead.iter().any(|w| self.raw(j).eq_ignore_ascii_case(w)))
            && [
                "more",
                "additional",
                "further",
                "full",
                "straight",
                "consecutive",
                "next",
                "previous",
                "upcoming",
                "coming",
                "past",
                "following",
            ]
            .iter()
            .any(|w| self.raw(j).eq_ignore_ascii_case(w))
        {
            j + 1
        } else {
            j
        };
        // "1 night", "two nights": days; "3 h": hours.
        let digits = matches!(self.tk(i), Some(Tk::Num { .. }));
        let w = self.raw(j);
        if self.words.nights.has(w) {
            return Some((j + 1, n, Unit::Day));
        }
        if digits && w == "h" && j == i + 1 {
            return Some((j + 1, n, Unit::Hour));
        }
        // "2 1/2 years"
        let (j, n) = if self.tk(j) == Some(Tk::NumStr) && self.raw(j) == "1/2" {
            (j + 1, n + 0.5)
        } else {
            (j, n)
        };
        match self.lex(j)? {
            // "one second", "30 second" (not "a second attack")
            Lex::Ord(2)
                if self.words.second_unit.has(self.raw(j))
                    && n == 1.0
                    && matches!(self.tk(i), Some(Tk::Num { .. } | Tk::Word(Lex::Num(_)))) =>
            {
                Some((j + 1, n, Unit::Second))
            }
            Lex::Unit(u) => {
                // "two and a half years" / "a year and a half" / "an hour and half"
                if self.kw(j + 1, Kw::And) && self.kw(j + 2, Kw::A) && self.kw(j + 3, Kw::Half) {
                    return Some((j + 4, n + 0.5, u));
                }
                // "a year and a quarter"
                if self.kw(j + 1, Kw::And)
                    && self.kw(j + 2, Kw::A)
                    && self.words.quarter_fraction.has(self.raw(j + 3))
                    && !self.raw(j).ends_with('s')
                {
                    return Some((j + 4, n + 0.25, u));
                }
                if self.kw(j + 1, Kw::And)
                    && self.kw(j + 2, Kw::Half)
                    && !matches!(self.lex(j + 3), Some(Lex::Unit(_)))
                {
                    return Some((j + 3, n + 0.5, u));
                }
                Some((j + 1, n, u))
            }
            // "3日前", "2년 전": a date mark counts its unit before "ago".
            Lex::DatePart(u) if matches!(self.lex(j + 1), Some(Lex::Kw(Kw::Ago | Kw::Later))) => Some((j + 1, n, u)),
            Lex::Kw(Kw::And) if self.kw(j + 1, Kw::A) && self.kw(j + 2, Kw::Half) => {
                match self.lex(j + 3)? {
                    Lex::Unit(u) => Some((j + 4, n + 0.5, u)),
                    _ => None,
                }
            }
            Lex::Kw(Kw::And) if self.kw(j + 1, Kw::Half) => match self.lex(j + 2)? {
                Lex::Unit(u) => Some((j + 3, n + 0.5, u)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Durations: "three days", "the past two decades", "nearly two years",
    /// "16-hour", "a minute and a half".
    fn duration(&self, i: usize) -> Option<Hit> {
        // "nearing its third year", "in their second week": how long something
        // has lasted.
        if self.kw(i, Kw::Possessive) {
            if let Some(Tk::Word(Lex::Ord(n)) | Tk::Ord(n)) = self.tk(i + 1) {
                if let Some(Lex::Unit(u @ (Unit::Day | Unit::Week | Unit::Month | Unit::Year))) =
                    self.lex(i + 2)
                {
                    // not "their third day-long meeting"
                    if !self.raw(i + 2).ends_with('s') && !self.is_hyphen(i + 3) {
                        return Some((i + 3, Sem::Duration(iso_duration(n as f64, u)?)));
                    }
                }
            }
        }
        // "for the year ended March 31", "the year ending June 30, 2024": a
        // twelve-month reporting period, whose end is a date of its own.
        if self.kw(i, Kw::The)
            && self.lex(i + 1) == Some(Lex::Unit(Unit::Year))
            && !self.raw(i + 1).ends_with('s')
            && self.words.period_ended.has(self.raw(i + 2))
            && self.calendar(i + 3).is_some()
        {
            return Some((i + 2, Sem::Duration(iso_duration(1.0, Unit::Year)?)));
        }
        // "the week beginning February 4"
        if self.kw(i, Kw::The)
            && self.lex(i + 1) == Some(Lex::Unit(Unit::Week))
            && !self.raw(i + 1).ends_with('s')
        {
            if let Some(hit) = self.starting(i + 2, 1, Unit::Week) {
                return Some(hit);
            }
        }
        let mut j = i;
        // "the past/last/next/first N units"
        let mut lead = false;
        if self.kw(j, Kw::The) {
            j += 1;
            lead = true;
        }
        if matches!(
            self.lex(j),
            Some(Lex::Kw(
                Kw::Past | Kw::Last | Kw::Next | Kw::Coming | Kw::Previous | Kw::Following
            ))
        ) || matches!(self.lex(j), Some(Lex::Ord(1)))
        {
            j += 1;
            lead = true;
        } else if lead {
            j = i;
            lead = false;
        }
        if !lead {
            // "nearly", "at least", "more than", "less than"
            if matches!(self.lex(j), Some(Lex::Kw(Kw::Approx))) {
                j += 1;
            } else if (self.kw(j, Kw::At) && self.kw(j + 1, Kw::Least))
                || (matches!(self.lex(j), Some(Lex::Kw(Kw::More | Kw::Less)))
                    && self.kw(j + 1, Kw::Than))
            {
                j += 2;
            }
        }
        // "16-hour", "two-week": an adjective.
        if let Some((k, n)) = self.number(j) {
            if self.is_hyphen(k) && self.tight(k) && self.tight(k + 1) && !self.kw(j, Kw::A) {
                if let Some(Lex::Unit(u)) = self.lex(k + 1) {
                    // "a 6-year-old": an age; "three-quarters": a fraction.
                    let age = self.is_hyphen(k + 2) && self.words.age.has(self.raw(k + 3));
                    if age || u == Unit::Quarter && self.raw(k + 1).ends_with('s') {
                        return None;
                    }
                    return Some((k + 2, Sem::Duration(iso_duration(n, u)?)));
                }
            }
        }
        // "day-long", "year-long"
        if let Some(Lex::Unit(u)) = self.lex(j) {
            if self.is_hyphen(j + 1) && self.kw(j + 2, Kw::Long) && self.tight(j + 1) {
                return Some((j + 3, Sem::Duration(iso_duration(1.0, u)?)));
            }
            // "the last decade", "the next decade": the decade before or after the anchor's.
            if lead && u == Unit::Decade && !self.raw(j).ends_with('s') {
                match self.lex(j - 1) {
                    Some(Lex::Kw(Kw::Last | Kw::Previous)) => {
                        return Some((
                            j + 1,
                            Sem::Cal(Cal::Rel {
                                unit: Unit::Decade,
                                n: -1,
                            }),
                        ))
                    }
                    Some(Lex::Kw(Kw::Next | Kw::Coming | Kw::Following)) => {
                        return Some((
                            j + 1,
                            Sem::Cal(Cal::Rel {
                                unit: Unit::Decade,
                                n: 1,
                            }),
                        ))
                    }
                    _ => {}
                }
            }
            // "the past decade", "the past century": one unit.
            if lead
                && self.raw(j).len() > 2
                && !self.raw(j).ends_with('s')
                && matches!(u, Unit::Decade | Unit::Century)
            {
                return Some((j + 1, Sem::Duration(iso_duration(1.0, u)?)));
            }
        }
        let (mut k, n, u) = self.count_unit(j)?;
        let mut parts = vec![(n, u)];
        // "1 hour and 30 minutes", "2 years, 3 months"
        loop {
            let sep = if self.kw(k, Kw::And) || self.punct(k, ',') {
                k + 1
            } else {
                k
            };
            let Some((k2, n2, u2)) = self.count_unit(sep) else {
                break;
            };
            let last = parts[parts.len() - 1].1;
            if (u2 as u8) >= (last as u8) || self.kw(sep, Kw::A) {
                break;
            }
            // "over the past 4 weeks and 5 days ago": the second count is a point of its own.
            if matches!(
                self.lex(k2),
                Some(Lex::Kw(Kw::Ago | Kw::Earlier | Kw::Later))
            ) || self.counted_from_now(k2).is_some()
            {
                break;
            }
            parts.push((n2, u2));
            k = k2;
        }
        // "two weeks ago" / "a year earlier" (also "a week or so ago") are
        // points, not durations; "two hours later" stays the duration it
        // counts, as no day can be placed from it; "a quarter of the budget"
        // is a fraction; "five years old" an age.
        let sub_day = matches!(parts[0].1, Unit::Second | Unit::Minute | Unit::Hour);
        let point = matches!(
            self.lex(self.or_so(k)),
            Some(Lex::Kw(Kw::Ago | Kw::Earlier | Kw::Later))
        ) || self.counted_from_now(k).is_some();
        if point && !sub_day
            || parts[0].1 == Unit::Quarter && self.kw(k, Kw::Of)
            || self.words.age.has(self.raw(k))
        {
            return None;
        }
        let dur = iso_compound(&parts)?;
        // "the first six months of 2024", "the last three weeks of this
        // year": that many units from the start of the point, or up to its end.
        if lead && parts.len() == 1 && parts[0].0.fract() == 0.0 && parts[0].0 >= 1.0 && self.kw(k, Kw::Of) {
            let first = matches!(self.lex(j - 1), Some(Lex::Ord(1)));
            if first || self.kw(j - 1, Kw::Last) {
                if let Some((e, Sem::Cal(c))) = self.core_inner(k + 1) {
                    let n = parts[0].0 as i32;
                    return Some((e, Sem::Run(c, parts[0].1, if first { n } else { -n })));
                }
            }
        }
        // "three days starting from next Monday", "a week starting tomorrow"
        if parts.len() == 1 && parts[0].0.fract() == 0.0 && parts[0].0 >= 1.0 {
            if let Some(hit) = self.starting(k, parts[0].0 as i32, parts[0].1) {
                return Some(hit);
            }
        }
        // "1,000 soldiers a day", "$2,000 a month", "twice a week": a rate.
        if !lead && j == i && self.kw(i, Kw::A) && parts.len() == 1 && i > 0 {
            let p = &self.toks[i - 1];
            let rate = self.counted_rate(i) || matches!(p.kind, Tk::Word(Lex::Other)) && self.words.repetitions.has(self.raw(i - 1));
            if rate {
                return Some((k, Sem::Set(dur)));
            }
        }
        // "in two weeks": a date when the clause looks ahead.
        if !lead
            && j == i
            && i > 0
            && self.words.in_future.has(self.raw(i - 1))
            && parts.len() == 1
            && parts[0].0.fract() == 0.0
        {
            let (n, u) = (parts[0].0 as i32, parts[0].1);
            let offset = match u {
                Unit::Day => Some((Unit::Day, n)),
                Unit::Week => Some((Unit::Day, 7 * n)),
                Unit::Fortnight => Some((Unit::Day, 14 * n)),
                Unit::Month => Some((Unit::Month, n)),
                Unit::Year => Some((Unit::Year, n)),
                _ => None,
            };
            if let Some((unit, n)) = offset {
                return Some((k, Sem::InFuture(dur, Cal::Offset { unit, n })));
            }
        }
        Some((k, Sem::Duration(dur)))
    }

    /// Whether the "a" at `i` follows a count shortly before in the same
    /// phrase ("1,000 soldiers a day", "$2,000 a month"): the unit of a rate.
    pub(super) fn counted_rate(&self, i: usize) -> bool {
        self.kw(i, Kw::A)
            && (i.saturating_sub(3)..i)
                .rev()
                .take_while(|&q| !matches!(self.tk(q), Some(Tk::Punct(_))))
                .any(|q| {
                    matches!(
                        self.tk(q),
                        Some(Tk::Num { .. } | Tk::NumStr | Tk::Word(Lex::Num(_) | Lex::Kw(Kw::Hundred)))
                    )
                })
    }

    /// Recurrences: "every week", "each month", "daily", "every Tuesday".
    fn set(&self, i: usize) -> Option<Hit> {
        match self.lex(i)? {
            // "its quarterly dividend", "the daily briefing": after a
            // determiner and before a noun, the word classifies the noun.
            Lex::Every(_)
                if i > 0
                    && matches!(self.lex(i - 1), Some(Lex::Kw(Kw::The | Kw::A | Kw::Possessive)))
                    && matches!(self.tk(i + 1), Some(Tk::Word(Lex::Other)))
                    && !self.toks[i + 1].cap =>
            {
                None
            }
            Lex::Every(u) => Some((i + 1, Sem::Set(iso_duration(1.0, u)?))),
            Lex::Kw(Kw::Every | Kw::Each) => {
                if let Some((k, n, u)) = self.count_unit(i + 1) {
                    return Some((k, Sem::Set(iso_duration(n, u)?)));
                }
                match self.lex(i + 1)? {
                    Lex::Unit(u) => Some((i + 2, Sem::Set(iso_duration(1.0, u)?))),
                    Lex::Weekday(_) => {
                        let k = if self.lex(i + 2) == Some(Lex::PartOfDay) {
                            i + 3
                        } else {
                            i + 2
                        };
                        Some((k, Sem::Set("P1W".into())))
                    }
                    Lex::Month {
                        ambiguous: false, ..
                    } => Some((i + 2, Sem::Set("P1Y".into()))),
                    Lex::Season(_) => Some((i + 2, Sem::Set("P1Y".into()))),
                    Lex::PartOfDay => Some((i + 2, Sem::Set("P1D".into()))),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// "from X to Y", "between X and Y", "X through Y", "2014-2018".
    fn range(&self, i: usize) -> Option<Hit> {
        if self.tk(i) == Some(Tk::NumStr) {
            let raw = self.raw(i);
            if let Some((a, b)) = raw.split_once('-') {
                if let (Ok(a), Ok(b)) = (a.parse::<i32>(), b.parse::<i32>()) {
                    if a.to_string().len() == 4
                        && b.to_string().len() == 4
                        && (1000..=2200).contains(&a)
                        && a < b
                        && b <= 2200
                    {
                        return Some((i + 1, Sem::Period(Cal::Year(a), Cal::Year(b), POINT_TO_POINT)));
                    }
                }
                // "5/1-5/7/2020", "10/1-11/7", "5/1/2019-5/7/2020": two
                // slashed dates joined by a hyphen; a year written on the
                // second side only holds for the first too.
                if let (Some(x), Some(y)) = (slashed_date(a, self.published_year), slashed_date(b, self.published_year)) {
                    let x = match (x, y) {
                        (Cal::Day { y: None, m, d, dir }, Cal::Day { y: Some(yb), .. }) => Cal::Day {
                            y: Some(yb),
                            m,
                            d,
                            dir,
                        },
                        (x, _) => x,
                    };
                    return Some((i + 1, Sem::Period(x, y, POINT_TO_POINT)));
                }
            }
        }
        // "Oct. 11-13", "October 11-13, 2024"
        if let Some(Lex::Month { m, abbr, ambiguous }) = self.lex(i) {
            let j = if abbr { self.dot(i + 1) } else { i + 1 };
            if self.tk(j) == Some(Tk::NumStr) && (!ambiguous || self.toks[i].cap) {
                if let Some((a, b)) = self.raw(j).split_once('-') {
                    if let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) {
                        if valid_md(m, a) && valid_md(m, b) && a < b {
                            let (e, y) = match self.trailing_year(j + 1) {
                                Some((e, y)) => (e, Some(y)),
                                None => (j + 1, None),
                            };
                            let day = |d| Cal::Day {
                                y,
                                m,
                                d,
                                dir: Dir::Context,
                            };
                            return Some((e, Sem::Period(day(a), day(b), POINT_TO_POINT)));
                        }
                    }
                }
            }
        }
        // "9-12 June", "9-12 June 2024"
        if let Some((a, b)) = self.raw(i).split_once('-') {
            let k = if self.kw(i + 1, Kw::Of) { i + 2 } else { i + 1 };
            if let (Tk::NumStr, Some(Lex::Month { m, abbr, ambiguous }), Ok(a), Ok(b)) =
                (self.tk(i)?, self.lex(k), a.parse::<u32>(), b.parse::<u32>())
            {
                // "1-3 may change": an ambiguous month needs its capital.
                if valid_md(m, a)
                    && valid_md(m, b)
                    && a < b
                    && a.to_string().len() <= 2
                    && (!ambiguous || self.toks[k].cap)
                {
                    let e = if abbr { self.dot(k + 1) } else { k + 1 };
                    let (e, y) = match self.trailing_year(e) {
                        Some((e, y)) => (e, Some(y)),
                        None => (e, None),
                    };
                    let day = |d| Cal::Day {
                        y,
                        m,
                        d,
                        dir: Dir::Context,
                    };
                    return Some((e, Sem::Period(day(a), day(b), POINT_TO_POINT)));
                }
            }
        }
        let (start, join) = match self.lex(i) {
            Some(Lex::Kw(Kw::From)) => (i + 1, &[Kw::To, Kw::Until, Kw::Through][..]),
            Some(Lex::Kw(Kw::Between)) => (i + 1, &[Kw::And][..]),
            _ => (i, &[Kw::To, Kw::Until, Kw::Through][..]),
        };
        // "2014~2018": the wave dash of East Asian and chat text joins a range too.
        let joined = |j: usize| {
            join.iter().any(|&k| self.kw(j, k))
                || self.is_hyphen(j)
                || matches!(self.tk(j), Some(Tk::Punct('~' | '～' | '〜'))) && self.tight(j) && self.tight(j + 1)
        };
        // "from 4 to January 22", "9 to 12 of June", "the ninth and the seventeenth of April"
        let bare = {
            let s0 = if self.kw(start, Kw::The) {
                start + 1
            } else {
                start
            };
            self.day_at(s0).filter(|&(e, _)| joined(e))
        };
        // "from Tue to Thur", "between mon and wed": weekdays abbreviated
        // (lower case, without a dot) that a range joins.
        if start == i + 1 {
            if let Some(Lex::Weekday(wa)) = self.lex(start) {
                let j = self.dot(start + 1);
                if joined(j) {
                    if let Some(Lex::Weekday(wb)) = self.lex(j + 1) {
                        let weekday = |wd| Cal::Weekday { wd, dir: Dir::Context };
                        // A dot after a lower-case end is the sentence's ("from tue to thur.").
                        let e = if self.toks[j + 1].cap && self.raw(j + 1).len() <= 4 { self.dot(j + 2) } else { j + 2 };
                        return Some((e, Sem::Period(weekday(wa), weekday(wb), POINT_TO_POINT)));
                    }
                }
            }
        }
        // "1∼2월", "3～5日": numbers joined before the date mark both share.
        if let (Some(Tk::Num { v, .. }), Some(Lex::DatePart(_))) = (self.tk(i), self.lex(i + 3)) {
            let tilde = matches!(self.tk(i + 1), Some(Tk::Punct('~' | '～' | '〜' | '∼')));
            if tilde || self.is_hyphen(i + 1) {
                if let Some((e, b)) = self.date_parts(i + 2) {
                    let a = match b {
                        Cal::Month { y: None, m, dir } if (1..m).contains(&v) => Some(Cal::Month { y: None, m: v, dir }),
                        Cal::MonthDay { d, dir } if (1..d).contains(&v) => Some(Cal::MonthDay { d: v, dir }),
                        _ => None,
                    };
                    // One mark counts both numbers: "1∼2월" names January
                    // and February whole, not a range up to February.
                    if let Some(a) = a {
                        return Some((e, Sem::Period(a, b, [Edge::Start, Edge::End])));
                    }
                }
            }
        }
        let (j, a) = match bare {
            Some((e, d)) => (
                e,
                Sem::Cal(Cal::MonthDay {
                    d,
                    dir: Dir::Context,
                }),
            ),
            None => self.end_point(start)?,
        };
        if !joined(j) {
            return None;
        }
        let sep = j + 1;
        // "November 19 to 20": the second day shares the first one's month.
        let second_bare = match a {
            Sem::Cal(Cal::Day { y, m, d: d0, .. }) => {
                let s1 = if self.kw(sep, Kw::The) { sep + 1 } else { sep };
                self.day_at(s1)
                    .filter(|&(e, _)| {
                        !matches!(self.lex(e), Some(Lex::Month { .. } | Lex::Kw(Kw::Of)))
                    })
                    .and_then(|(e, d)| {
                        // "from April 27 to the 3rd": into the next month.
                        let (y, m) = if d < d0 {
                            month_step((y, m), 1)
                        } else {
                            (y, m)
                        };
                        valid_md(m, d).then_some((e, d, y, m))
                    })
                    .map(|(e, d, y, m)| {
                        let (e, y) = match self.trailing_year(e) {
                            Some((e2, y2)) => (e2, Some(y2)),
                            None => (e, y),
                        };
                        (
                            e,
                            Sem::Cal(Cal::Day {
                                y,
                                m,
                                d,
                                dir: Dir::Context,
                            }),
                        )
                    })
            }
            _ => None,
        };
        // "from 4 to 22 this month", "4 till 23 of next month"
        let second_bare = second_bare.or_else(|| {
            let Sem::Cal(Cal::MonthDay { .. }) = a else {
                return None;
            };
            let s1 = if self.kw(sep, Kw::The) { sep + 1 } else { sep };
            let (e, d) = self.day_at(s1)?;
            let e = if self.kw(e, Kw::Of) { e + 1 } else { e };
            let (e, n) = self.rel_month(e)?;
            Some((e, Sem::Cal(Cal::DayOfRel { d, n })))
        });
        let (k, b) = match second_bare {
            Some(hit) => hit,
            None => self.end_point(sep)?,
        };
        let (Sem::Cal(a), Sem::Cal(mut b)) = (a, b) else {
            return None;
        };
        // "2019-Q1", "2024-H2": a year and a part of it written tight
        // together name the part of that year, not a range.
        if let (Cal::Year(y), true) = (a, self.is_hyphen(j) && self.tight(j) && self.tight(sep)) {
            match b {
                Cal::Quarter { y: None, q, dir } => return Some((k, Sem::Cal(Cal::Quarter { y: Some(y), q, dir }))),
                Cal::Half { y: None, h } => return Some((k, Sem::Cal(Cal::Half { y: Some(y), h }))),
                _ => {}
            }
        }
        // "from April to June in 2017": the year after the range is the second end's.
        let mut k = k;
        if self.kw(k, Kw::In) {
            if let Some(year) = self.year_at(k + 1) {
                let yearless = |c: &Cal| {
                    matches!(
                        c,
                        Cal::Month { y: None, .. }
                            | Cal::Day { y: None, .. }
                            | Cal::MonthDay { .. }
                    )
                };
                if yearless(&a) {
                    match &mut b {
                        Cal::Month { y: y @ None, .. } | Cal::Day { y: y @ None, .. } => {
                            *y = Some(year);
                            k += 2;
                        }
                        _ => {}
                    }
                }
            }
        }
        // Plain "X to Y" needs a full calendar expression first, or a day
        // before a day written day first: "9 to 12 June".
        let day_first_end = matches!(a, Cal::MonthDay { .. })
            && matches!(b, Cal::Day { .. } | Cal::DayOfRel { .. })
            && self.day_at(sep).is_some();
        if start == i
            && !day_first_end
            && !matches!(a, Cal::Day { .. } | Cal::Month { .. } | Cal::Year(_))
        {
            return None;
        }
        // The first end takes what it leaves out from the second.
        let a = match (a, b) {
            (
                Cal::MonthDay { d, .. },
                Cal::Day {
                    y, m, d: d1, dir, ..
                },
            ) => {
                // "from the 27th to April 3": from the month before.
                let (y, m) = if d > d1 {
                    month_step((y, m), -1)
                } else {
                    (y, m)
                };
                if !valid_md(m, d) {
                    return None;
                }
                Cal::Day { y, m, d, dir }
            }
            // "from 27 to 3 next month": from the month before when it must.
            (Cal::MonthDay { d, .. }, Cal::DayOfRel { d: d1, n }) => Cal::DayOfRel {
                d,
                n: n - i32::from(d > d1),
            },
            (Cal::MonthDay { .. }, _) => return None,
            (
                Cal::Day {
                    y: None,
                    m,
                    d,
                    dir: dir @ Dir::Context,
                },
                Cal::Day { y: Some(y), .. } | Cal::Month { y: Some(y), .. },
            ) => Cal::Day {
                y: Some(y - i32::from(m > b_month(&b).unwrap_or(12))),
                m,
                d,
                dir,
            },
            (
                Cal::Month {
                    y: None,
                    m,
                    dir: dir @ Dir::Context,
                },
                Cal::Day { y: Some(y), .. } | Cal::Month { y: Some(y), .. },
            ) => Cal::Month {
                y: Some(y - i32::from(m > b_month(&b).unwrap_or(12))),
                m,
                dir,
            },
            (a, _) => a,
        };
        Some((k, Sem::Period(a, b, [self.edge(start), self.edge(sep)])))
    }

    /// The edge of its point an end of a range at `i` names: the middle
    /// ("mid-2007", "the middle of September"), the end ("the end of
    /// 2008"), else the start ("2014", "the start of 2008").
    fn edge(&self, i: usize) -> Edge {
        let j = if self.kw(i, Kw::The) { i + 1 } else { i };
        if self.kw(j, Kw::Mid) || self.kw(j, Kw::Middle) && self.kw(j + 1, Kw::Of) {
            Edge::Mid
        } else if self.kw(j, Kw::End) && self.kw(j + 1, Kw::Of) {
            Edge::End
        } else {
            Edge::Start
        }
    }

    /// "the last week of October", "first week of 2015": the ISO week that
    /// holds the first or last day of a period; "the third week of March":
    /// the one that holds its 15th (day 1 + 7 per week after the first).
    fn week_of(&self, i: usize) -> Option<Hit> {
        let j = if self.kw(i, Kw::The) { i + 1 } else { i };
        let n = match self.tk(j)? {
            Tk::Word(Lex::Kw(Kw::Last)) => 0,
            Tk::Word(Lex::Ord(n)) | Tk::Ord(n) if (1..=5).contains(&n) => n,
            _ => return None,
        };
        if self.lex(j + 1) != Some(Lex::Unit(Unit::Week))
            || self.raw(j + 1).ends_with('s')
            || !self.kw(j + 2, Kw::Of)
        {
            return None;
        }
        let (e, Sem::Cal(c)) = self.core_inner(j + 3)? else {
            return None;
        };
        if n <= 1 {
            return Some((e, Sem::WeekOf(c, n == 0)));
        }
        let Cal::Month { y, m, dir } = c else {
            return None;
        };
        let d = 7 * (n - 1) + 1;
        valid_md(m, d).then_some((e, Sem::WeekOf(Cal::Day { y, m, d, dir }, false)))
    }

    /// "Thanksgiving weekend", "the Labor Day 2021 weekend", "the weekend of
    /// Halloween", "the weekend of March 2": the weekend a named day or a
    /// date falls on or next to; "Christmas week": the week holding the day.
    fn weekend_of(&self, i: usize) -> Option<Hit> {
        let j = if self.kw(i, Kw::The) { i + 1 } else { i };
        // Cheap tests first: this runs at every token that may start a time.
        if !self.kw(j, Kw::Weekend) && !holidays::starts_name(self.raw(j)) {
            return None;
        }
        if self.kw(j, Kw::Weekend) && self.kw(j + 1, Kw::Of) {
            let (e, c) = self.calendar(j + 2)?;
            return matches!(c, Cal::Holiday { .. } | Cal::Day { .. }).then_some((e, Sem::WeekendOf(c)));
        }
        let (e, c) = self.calendar(j)?;
        if !matches!(c, Cal::Holiday { .. }) {
            return None;
        }
        // "Christmas week", "Thanksgiving week": the week that holds the day.
        if self.lex(e) == Some(Lex::Unit(Unit::Week)) && !self.raw(e).ends_with('s') {
            return Some((e + 1, Sem::WeekOf(c, false)));
        }
        self.kw(e, Kw::Weekend).then_some((e + 1, Sem::WeekendOf(c)))
    }

    /// "year-end", "year end", "the fiscal year-end": the last day of the
    /// year, the one before the anchor or after it by the tense ("since
    /// year-end", "by year-end").
    fn year_end(&self, i: usize) -> Option<Hit> {
        let j = if self.kw(i, Kw::The) { i + 1 } else { i };
        let j = if self.kw(j, Kw::Fiscal) { j + 1 } else { j };
        let year = self.lex(j) == Some(Lex::Unit(Unit::Year)) && self.raw(j).len() == 4;
        let e = if self.is_hyphen(j + 1) && self.tight(j + 1) && self.tight(j + 2) { j + 2 } else { j + 1 };
        (year && self.kw(e, Kw::End) && !self.kw(e + 1, Kw::Of)).then_some((
            e + 1,
            Sem::Cal(Cal::Day {
                y: None,
                m: 12,
                d: 31,
                dir: Dir::Context,
            }),
        ))
    }

    /// "starting (on|from) X" / "beginning (on) X" at `k` after `n` units:
    /// the run of days from X.
    fn starting(&self, k: usize, n: i32, u: Unit) -> Option<Hit> {
        if !self.words.starting.has(self.raw(k)) {
            return None;
        }
        let x = if self.kw(k + 1, Kw::On) || self.kw(k + 1, Kw::From) {
            k + 2
        } else {
            k + 1
        };
        let (e, Sem::Cal(c)) = self.core(x)? else {
            return None;
        };
        let (unit, n) = match u {
            Unit::Day => (Unit::Day, n),
            Unit::Week => (Unit::Day, 7 * n),
            Unit::Fortnight => (Unit::Day, 14 * n),
            Unit::Month | Unit::Year => (u, n),
            _ => return None,
        };
        Some((e, Sem::Run(c, unit, n)))
    }

    /// One end of a range: a time expression, or "now", "date" ("to date"),
    /// "the present", "current date" for the anchor.
    fn end_point(&self, i: usize) -> Option<Hit> {
        let today = Sem::Cal(Cal::Rel {
            unit: Unit::Day,
            n: 0,
        });
        let words = self.words;
        if words.now.has(self.raw(i)) {
            return Some((i + 1, today));
        }
        if words.present.has(self.raw(i)) && words.present_day.has(self.raw(i + 1))
            || self.kw(i, Kw::The) && words.the_present.has(self.raw(i + 1))
        {
            return Some((i + 2, today));
        }
        self.core(i)
    }

    /// "today", "last month", "this year", "next week", "two weeks ago",
    /// "a year earlier", "last Friday", "last November", "Tuesday night".
    fn relative(&self, i: usize) -> Option<Hit> {
        let Some(lex) = self.lex(i) else {
            return self.ago(i);
        };
        match lex {
            Lex::Kw(Kw::Today) => Some((
                i + 1,
                Sem::Cal(Cal::Rel {
                    unit: Unit::Day,
                    n: 0,
                }),
            )),
            Lex::Kw(Kw::Tonight) => Some((
                i + 1,
                Sem::Cal(Cal::Rel {
                    unit: Unit::Day,
                    n: 0,
                }),
            )),
            Lex::Kw(Kw::Yesterday) => {
                let k = if self.lex(i + 1) == Some(Lex::PartOfDay) {
                    i + 2
                } else {
                    i + 1
                };
                Some((
                    k,
                    Sem::Cal(Cal::Rel {
                        unit: Unit::Day,
                        n: -1,
                    }),
                ))
            }
            Lex::Kw(Kw::Tomorrow) => {
                let k = if self.lex(i + 1) == Some(Lex::PartOfDay) {
                    i + 2
                } else {
                    i + 1
                };
                Some((
                    k,
                    Sem::Cal(Cal::Rel {
                        unit: Unit::Day,
                        n: 1,
                    }),
                ))
            }
            Lex::Kw(Kw::The) => {
                // "the day before yesterday", "the day after tomorrow"
                if self.lex(i + 1) == Some(Lex::Unit(Unit::Day)) {
                    let before = self.kw(i + 2, Kw::Before) && self.kw(i + 3, Kw::Yesterday);
                    let after = self.kw(i + 2, Kw::After) && self.kw(i + 3, Kw::Tomorrow);
                    if before || after {
                        return Some((
                            i + 4,
                            Sem::Cal(Cal::Rel {
                                unit: Unit::Day,
                                n: if before { -2 } else { 2 },
                            }),
                        ));
                    }
                }
                // "the coming week", "the past year", "the current quarter"
                // ("the following year" and "the previous month" count from
                // the focus: `anaphora.rs`).
                if matches!(
                    self.lex(i + 1),
                    Some(Lex::Kw(Kw::Coming | Kw::Past | Kw::Current))
                ) {
                    if let Some(Lex::Unit(u)) = self.lex(i + 2) {
                        if self.raw(i + 2).ends_with('s')
                            || matches!(u, Unit::Decade | Unit::Century)
                        {
                            return None;
                        }
                        let n = match self.lex(i + 1) {
                            Some(Lex::Kw(Kw::Past)) => -1,
                            Some(Lex::Kw(Kw::Current)) => 0,
                            _ => 1,
                        };
                        return self.unit_rel(i + 3, u, n);
                    }
                }
                None
            }
            // "on following Friday": without "the" (an anaphor, `anaphora.rs`),
            // the Friday of next week, as "next Friday".
            Lex::Kw(Kw::Following) if !(i > 0 && self.kw(i - 1, Kw::The)) => match self.lex(i + 1)? {
                Lex::Weekday(wd) => Some((i + 2, Sem::Cal(Cal::Weekday { wd, dir: Dir::Next }))),
                _ => None,
            },
            Lex::Kw(
                k @ (Kw::Last
                | Kw::Next
                | Kw::This
                | Kw::Past
                | Kw::Previous
                | Kw::Coming
                | Kw::Current),
            ) => {
                let n = match k {
                    Kw::Last | Kw::Past | Kw::Previous => -1,
                    Kw::Next | Kw::Coming => 1,
                    _ => 0,
                };
                let dir = match k {
                    Kw::Last => Dir::Last,
                    Kw::Next => Dir::Next,
                    Kw::Past | Kw::Previous => Dir::Past,
                    Kw::Coming => Dir::Coming,
                    _ => Dir::This,
                };
                // "this past spring", "this coming Friday", "this calendar year"
                let j = if k == Kw::This && (self.kw(i + 1, Kw::Past) || self.kw(i + 1, Kw::Coming)) {
                    i + 2
                } else {
                    i + 1
                };
                let dir = match (j == i + 2, self.lex(i + 1)) {
                    (true, Some(Lex::Kw(Kw::Past))) => Dir::Past,
                    (true, _) => Dir::Coming,
                    (false, _) => dir,
                };
                // "지난 3일", "지난 8월", "오는 5일": a date after a word of last or next.
                if let Some((e, c)) = self.date_parts(j) {
                    let c = match c {
                        Cal::MonthDay { d, .. } => Cal::MonthDay { d, dir: if n < 0 { Dir::Last } else if n > 0 { Dir::Next } else { Dir::Context } },
                        c => c.pointing(dir),
                    };
                    return Some((e, Sem::Cal(c)));
                }
                let j = if matches!(self.lex(j), Some(Lex::Kw(Kw::Calendar | Kw::Fiscal))) {
                    j + 1
                } else {
                    j
                };
                match self.lex(j)? {
                    Lex::Unit(Unit::Week)
                        if matches!(self.lex(j + 1), Some(Lex::Weekday(_)))
                            && self.raw(j + 1).len() > 4 =>
                    {
                        let Some(Lex::Weekday(wd)) = self.lex(j + 1) else {
                            return None;
                        };
                        Some((j + 2, Sem::Cal(Cal::WeekdayOfWeek { wd, n })))
                    }
                    Lex::Unit(u) if !self.raw(j).ends_with('s') => self.unit_rel(j + 1, u, n),
                    Lex::Kw(Kw::Weekend) => Some((j + 1, Sem::Cal(Cal::Weekend { dir }))),
                    Lex::Weekday(wd) => {
                        // "this Friday, 5/12": the date says which Friday.
                        let after = if self.raw(j).len() <= 4 {
                            self.dot(j + 1)
                        } else {
                            j + 1
                        };
                        if let Some(hit) = self.date_after_weekday(after) {
                            return Some((hit.0, Sem::Cal(hit.1)));
                        }
                        let k = if self.lex(j + 1) == Some(Lex::PartOfDay) {
                            j + 2
                        } else {
                            j + 1
                        };
                        Some((k, Sem::Cal(Cal::Weekday { wd, dir })))
                    }
                    Lex::PartOfDay if k == Kw::Last || k == Kw::This => Some((
                        j + 1,
                        Sem::Cal(Cal::Rel {
                            unit: Unit::Day,
                            n: if k == Kw::Last { -1 } else { 0 },
                        }),
                    )),
                    Lex::Month {
                        ambiguous: true, ..
                    } if !self.toks[j].cap => None,
                    Lex::Month { m, abbr, .. } => {
                        let e = if abbr { self.dot(j + 1) } else { j + 1 };
                        // "last Oct. 23"
                        match self.day_at(e) {
                            Some((e2, d))
                                if valid_md(m, d)
                                    && !matches!(self.lex(e2), Some(Lex::Unit(_))) =>
                            {
                                Some((e2, Sem::Cal(Cal::Day { y: None, m, d, dir })))
                            }
                            _ => Some((e, Sem::Cal(Cal::Month { y: None, m, dir }))),
                        }
                    }
                    Lex::Season(s) => Some((j + 1, Sem::Cal(Cal::Season { y: None, s, dir }))),
                    _ => holidays::at(self.text, self.toks, j)
                        .map(|(e, h)| (e, Sem::Cal(Cal::Holiday { h, y: None, dir }))),
                }
            }
            Lex::Rel(unit, n) => {
                // "昨年10月", "올해 1월": a month (or day) of a year named from the anchor's.
                if unit == Unit::Year {
                    let k = i + 1;
                    let y = Some(REL_YEAR_BASE + n);
                    match self.date_parts(k) {
                        Some((e, Cal::Month { y: None, m, dir })) => return Some((e, Sem::Cal(Cal::Month { y, m, dir }))),
                        Some((e, Cal::Day { y: None, m, d, dir })) => return Some((e, Sem::Cal(Cal::Day { y, m, d, dir }))),
                        _ => {}
                    }
                }
                self.unit_rel(i + 1, unit, n)
            }
            // "la semaine dernière", "el mes pasado", "l'anno scorso"
            Lex::Unit(u) if !self.words.last_after.is_empty() && self.words.last_after.has(self.raw(i + 1)) => self.unit_rel(i + 2, u, -1),
            Lex::Unit(u) if !self.words.next_after.is_empty() && self.words.next_after.has(self.raw(i + 1)) => self.unit_rel(i + 2, u, 1),
            _ => self.ago(i),
        }
    }

    /// A date written with a mark after each number, year first ("2024年11月3日",
    /// "2024년 11월", "11月3日", "3일"): the year, month and day its marks
    /// name; a day alone is a day of the anchor's month (or the one before
    /// or after, by tense). Not a length before "ago" ("3日前").
    fn date_parts(&self, i: usize) -> Option<(usize, Cal)> {
        let part = |k: usize| match (self.tk(k), self.lex(k + 1)) {
            (Some(Tk::Num { v, .. }), Some(Lex::DatePart(u))) if !matches!(self.lex(k + 2), Some(Lex::Kw(Kw::Ago | Kw::Later))) => Some((v, u)),
            _ => None,
        };
        let (v, u) = part(i)?;
        let (y, k) = match u {
            Unit::Year if (1000..=2200).contains(&v) => (Some(v as i32), i + 2),
            Unit::Year => return None,
            _ => (None, i),
        };
        let month = part(k).filter(|&(m, u)| u == Unit::Month && (1..=12).contains(&m));
        let Some((m, _)) = month else {
            return match (y, u) {
                (Some(y), _) => Some((k, Cal::Year(y))),
                (None, Unit::Day) if (1..=31).contains(&v) => Some((i + 2, Cal::MonthDay { d: v, dir: Dir::Context })),
                _ => None,
            };
        };
        match part(k + 2) {
            Some((d, Unit::Day)) if valid_md(m, d) => Some((k + 4, Cal::Day { y, m, d, dir: Dir::Context })),
            _ => Some((k + 2, Cal::Month { y, m, dir: Dir::Context })),
        }
    }

    /// After "last week" etc.: "of" is not followed, the value is the unit's grain.
    fn unit_rel(&self, j: usize, u: Unit, n: i32) -> Option<Hit> {
        let unit = match u {
            // "next fortnight": the two weeks after this one; "last
            // fortnight": the two before it.
            Unit::Fortnight if n != 0 => {
                let (a, b) = if n > 0 { (2 * n - 1, 2 * n) } else { (2 * n, 2 * n + 1) };
                let week = |n| Cal::Rel { unit: Unit::Week, n };
                return Some((j, Sem::Period(week(a), week(b), [Edge::Start, Edge::End])));
            }
            Unit::Fortnight | Unit::Second | Unit::Minute | Unit::Hour | Unit::Century => {
                return None
            }
            u => u,
        };
        if unit == Unit::Decade {
            return None;
        }
        Some((j, Sem::Cal(Cal::Rel { unit, n })))
    }

    /// "two weeks ago", "a year earlier", "nearly four years ago", "three days later".
    fn ago(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        if matches!(self.lex(j), Some(Lex::Kw(Kw::Approx))) {
            j += 1;
        } else if matches!(self.lex(j), Some(Lex::Kw(Kw::More | Kw::Less)))
            && self.kw(j + 1, Kw::Than)
        {
            j += 2;
        }
        if let Some(hit) = self.counted_weekday(j) {
            return Some(hit);
        }
        let (k, n, u) = self.count_unit(j)?;
        // "one month and 21 days ago", "2 years, 3 months later": a day.
        let mut parts = vec![(n, u)];
        let mut k = k;
        loop {
            let sep = if self.kw(k, Kw::And) || self.punct(k, ',') {
                k + 1
            } else {
                k
            };
            match self.count_unit(sep) {
                Some((k2, n2, u2))
                    if (u2 as u8) < (parts[parts.len() - 1].1 as u8) && !self.kw(sep, Kw::A) =>
                {
                    parts.push((n2, u2));
                    k = k2;
                }
                _ => break,
            }
        }
        let k = self.or_so(k);
        // "three weeks from now", "two days after today", "2 weeks before Christmas"
        let shift = |sign: i32| -> Option<(i32, i32)> {
            let (mut months, mut days) = (0i32, 0i32);
            for &(n, u) in &parts {
                if n.fract() != 0.0 {
                    return None;
                }
                let n = n as i32;
                match u {
                    Unit::Day => days += n,
                    Unit::Week => days += 7 * n,
                    Unit::Fortnight => days += 14 * n,
                    Unit::Month => months += n,
                    Unit::Quarter => months += 3 * n,
                    Unit::Year => months += 12 * n,
                    _ => return None,
                }
            }
            Some((sign * months, sign * days))
        };
        let today = Cal::Rel {
            unit: Unit::Day,
            n: 0,
        };
        if let Some(e) = self.counted_from_now(k) {
            let (months, days) = shift(1)?;
            return Some((e, Sem::Shift(today, months, days)));
        }
        if let Some(Lex::Kw(kw @ (Kw::Before | Kw::After | Kw::From))) = self.lex(k) {
            if let Some((e, Sem::Cal(base))) = self.core(k + 1) {
                let (months, days) = shift(if kw == Kw::Before { -1 } else { 1 })?;
                return Some((e, Sem::Shift(base, months, days)));
            }
        }
        if parts.len() > 1 {
            let sign = match self.lex(k)? {
                Lex::Kw(Kw::Ago | Kw::Earlier) => -1,
                Lex::Kw(Kw::Later) => 1,
                _ => return None,
            };
            let (months, days) = shift(sign)?;
            return Some((k + 1, Sem::Shift(today, months, days)));
        }
        let sign = match self.lex(k)? {
            Lex::Kw(Kw::Ago | Kw::Earlier | Kw::Before) => -1.0,
            Lex::Kw(Kw::Later | Kw::After) => 1.0,
            _ => return None,
        };
        let ago = self.kw(k, Kw::Ago);
        // "two days before" / "a week after" with nothing after them count
        // from the focus; "two days before the vote" names no date.
        if matches!(self.lex(k), Some(Lex::Kw(Kw::Before | Kw::After)))
            && !matches!(self.tk(k + 1), None | Some(Tk::Punct('.' | ',' | ';')))
        {
            return None;
        }
        if n.fract() != 0.0 {
            return None;
        }
        Some((k + 1, shifted((n * sign) as i32, u, ago)?))
    }

    /// "two Sundays from now", "three Mondays later": the `n`th of that
    /// weekday after the anchor (the plural as the singular).
    fn counted_weekday(&self, j: usize) -> Option<Hit> {
        let (k, n) = self.number(j)?;
        if n.fract() != 0.0 || !(1.0..=52.0).contains(&n) {
            return None;
        }
        let raw = self.raw(k);
        let wd = match self.lex(k) {
            Some(Lex::Weekday(wd)) => wd,
            _ => match self.words.classify(raw.strip_suffix('s')?) {
                Lex::Weekday(wd) if raw.len() > 6 => wd,
                _ => return None,
            },
        };
        let e = self.counted_from_now(k + 1).or_else(|| self.kw(k + 1, Kw::Later).then_some(k + 2))?;
        let first = Cal::Weekday { wd, dir: Dir::Coming };
        Some((e, Sem::Shift(first, 0, 7 * (n as i32 - 1))))
    }

    /// Past an "or so" at `k` ("a week or so ago"): the token after it, else `k`.
    fn or_so(&self, k: usize) -> usize {
        if self.kw(k, Kw::Or) && self.words.or_so.has(self.raw(k + 1)) {
            k + 2
        } else {
            k
        }
    }

    /// "from now", "from today", "hence" after a count: the token after it.
    fn counted_from_now(&self, k: usize) -> Option<usize> {
        if self.kw(k, Kw::From) && matches!(self.lex(k + 1), Some(Lex::Kw(Kw::Now | Kw::Today))) {
            return Some(k + 2);
        }
        self.words.hence.has(self.raw(k)).then_some(k + 1)
    }

    /// Absolute and year-less calendar expressions.
    fn calendar(&self, i: usize) -> Option<(usize, Cal)> {
        let t = self.toks.get(i)?;
        if let Some((e, h)) = holidays::at(self.text, self.toks, i) {
            return Some(match self.trailing_year(e) {
                Some((e2, y)) => (
                    e2,
                    Cal::Holiday {
                        h,
                        y: Some(y),
                        dir: Dir::Context,
                    },
                ),
                None => (
                    e,
                    Cal::Holiday {
                        h,
                        y: None,
                        dir: Dir::Context,
                    },
                ),
            });
        }
        match t.kind {
            Tk::Word(Lex::Kw(Kw::The)) => self.after_the(i + 1),
            Tk::Word(Lex::Kw(Kw::Fiscal | Kw::Calendar)) => {
                let y = self.year_at(i + 1)?;
                Some((i + 2, Cal::Year(y)))
            }
            Tk::Word(Lex::Month { m, abbr, ambiguous }) => {
                self.month_first(i, m, abbr, ambiguous, t.cap)
            }
            Tk::Word(Lex::Weekday(wd)) => self.weekday(i, wd),
            Tk::Word(Lex::Num(_))
                if i > 0
                    && matches!(
                        self.lex(i - 1),
                        Some(Lex::Kw(
                            Kw::In
                                | Kw::Since
                                | Kw::Of
                                | Kw::From
                                | Kw::Until
                                | Kw::By
                                | Kw::Before
                                | Kw::After
                                | Kw::During
                        ))
                    )
                    && self.spelled_year(i).is_some() =>
            {
                self.spelled_year(i).map(|(e, y)| (e, Cal::Year(y)))
            }
            Tk::Word(Lex::Ord(_)) | Tk::Ord(_)
                if matches!(self.lex(i + 1), Some(Lex::Weekday(_))) =>
            {
                self.nth_weekday(i)
            }
            Tk::Word(Lex::Ord(_)) | Tk::Ord(_) | Tk::Word(Lex::Num(20 | 30)) => self
                .day_first(i)
                .or_else(|| self.day_after_day(i))
                .or_else(|| self.spelled_date(i)),
            Tk::Word(Lex::Num(_)) => self.spelled_date(i),
            Tk::Word(Lex::Season(s)) => {
                // "summer 2024", "the winter of 1994"
                let k = if self.kw(i + 1, Kw::Of) { i + 2 } else { i + 1 };
                let (e, y) = match self.year_at(k) {
                    Some(y) => (k + 1, y),
                    None => self.spelled_year(k)?,
                };
                Some((
                    e,
                    Cal::Season {
                        y: Some(y),
                        s,
                        dir: Dir::Context,
                    },
                ))
            }
            Tk::Num { .. } if matches!(self.lex(i + 1), Some(Lex::DatePart(_))) => self.date_parts(i),
            Tk::Num { v, len } => self.numeric(i, v, len),
            Tk::NumStr => self.numeric_date(i),
            Tk::Decade(y) => Some((i + 1, Cal::Decade(y as i32))),
            // "in the nineties" is in `after_the`; "in nineties" here.
            // (not "in their early twenties": an age)
            Tk::Word(Lex::Decade(y))
                if i > 0 && matches!(self.lex(i - 1), Some(Lex::Kw(Kw::In | Kw::Since))) =>
            {
                Some((i + 1, Cal::Decade(y as i32)))
            }
            // "week 10", "week 27 of 2017", "week 27 of last year"
            Tk::Word(Lex::Unit(Unit::Week)) if self.raw(i).len() == 4 => {
                let Some(Tk::Num { v: w @ 1..=53, .. }) = self.tk(i + 1) else {
                    return None;
                };
                let y = if self.kw(i + 2, Kw::Of) {
                    self.year_at(i + 3)
                        .map(|y| (i + 4, y))
                        .or_else(|| self.relative_year(i + 3).map(|(e, n)| (e, REL_YEAR_BASE + n)))
                } else {
                    self.year_at(i + 2).map(|y| (i + 3, y))
                };
                match y {
                    Some((e, y)) => Some((e, Cal::Week { y: Some(y), w })),
                    None => Some((i + 2, Cal::Week { y: None, w })),
                }
            }
            Tk::Word(Lex::Other) => {
                // "Q3 2024", "H1 2025", "2019 q3" is in `numeric`.
                let raw = self.raw(i);
                let q = raw.eq_ignore_ascii_case("q");
                let h = raw.eq_ignore_ascii_case("h");
                if (q || h) && self.tight(i + 1) {
                    if let Some(Tk::Num { v, len: 1 }) = self.tk(i + 1) {
                        let y = self.year_at(i + 2).or_else(|| {
                            if self.is_hyphen(i + 2) {
                                self.year_at(i + 3)
                            } else {
                                None
                            }
                        });
                        let end = match y {
                            Some(_) if self.is_hyphen(i + 2) => i + 4,
                            Some(_) => i + 3,
                            None => i + 2,
                        };
                        if q && (1..=4).contains(&v) {
                            return Some((
                                end,
                                Cal::Quarter {
                                    y,
                                    q: v,
                                    dir: Dir::Context,
                                },
                            ));
                        }
                        if h && (1..=2).contains(&v) && y.is_some() {
                            return Some((end, Cal::Half { y, h: v }));
                        }
                    }
                }
                None
            }
            _ => None,
        }
    }

    /// A year written in words at token `i`: "nineteen ninety-six",
    /// "seventeen hundred thirty three", "two thousand and fifteen".
    fn spelled_year(&self, i: usize) -> Option<(usize, i32)> {
        let Some(Lex::Num(a)) = self.lex(i) else {
            return None;
        };
        if (a == 1 || a == 2) && self.kw(i + 1, Kw::Thousand) {
            let k = if self.kw(i + 2, Kw::And) {
                i + 3
            } else {
                i + 2
            };
            // "one thousand seven hundred and eighty nine"
            if let (1, Some(Lex::Num(h @ 1..=9)), true) = (a, self.lex(k), self.kw(k + 1, Kw::Hundred)) {
                let r = if self.kw(k + 2, Kw::And) { k + 3 } else { k + 2 };
                let base = 1000 + 100 * h as i32;
                return match self.number(r) {
                    Some((e, n)) if matches!(self.tk(r), Some(Tk::Word(Lex::Num(_)))) && n < 100.0 => {
                        Some((e, base + n as i32))
                    }
                    _ => Some((k + 2, base)),
                };
            }
            return match self.number(k) {
                Some((e, n)) if matches!(self.tk(k), Some(Tk::Word(Lex::Num(_)))) && n < 100.0 => {
                    Some((e, 1000 * a as i32 + n as i32))
                }
                _ => Some((i + 2, 1000 * a as i32)),
            };
        }
        if !(10..=20).contains(&a) {
            return None;
        }
        if self.kw(i + 1, Kw::Hundred) {
            let k = if self.kw(i + 2, Kw::And) {
                i + 3
            } else {
                i + 2
            };
            return match self.number(k) {
                Some((e, n)) if matches!(self.tk(k), Some(Tk::Word(Lex::Num(_)))) && n < 100.0 => {
                    Some((e, 100 * a as i32 + n as i32))
                }
                _ => Some((i + 2, 100 * a as i32)),
            };
        }
        match self.number(i + 1) {
            Some((e, n))
                if matches!(self.tk(i + 1), Some(Tk::Word(Lex::Num(_))))
                    && (10.0..100.0).contains(&n) =>
            {
                Some((e, 100 * a as i32 + n as i32))
            }
            _ => None,
        }
    }

    /// A day of the month written as a cardinal word at `i`: "nine",
    /// "twenty five", "twenty-five".
    fn spelled_day(&self, i: usize) -> Option<(usize, u32)> {
        if !matches!(self.tk(i), Some(Tk::Word(Lex::Num(_)))) {
            return None;
        }
        let (e, n) = self.number(i)?;
        ((1.0..=31.0).contains(&n) && n.fract() == 0.0).then_some((e, n as u32))
    }

    /// A date read out in words, day first: "twenty five January nineteen
    /// eighty six", "nine of May 2021". Only with its year: a cardinal
    /// before a month is otherwise a count ("five January deadlines").
    fn spelled_date(&self, i: usize) -> Option<(usize, Cal)> {
        let (k, d) = self.spelled_day(i)?;
        let k = if self.kw(k, Kw::Of) { k + 1 } else { k };
        let Some(Lex::Month { m, abbr, .. }) = self.lex(k) else {
            return None;
        };
        let e = if abbr { self.dot(k + 1) } else { k + 1 };
        let (e, y) = self.trailing_year(e)?;
        valid_md(m, d).then_some((e, Cal::Day { y: Some(y), m, d, dir: Dir::Context }))
    }

    /// A year written in digits at token `i` (1000..=2200, four digits), or
    /// "'24"-style two digits after an apostrophe.
    fn year_at(&self, i: usize) -> Option<i32> {
        match self.tk(i)? {
            Tk::Num { v, len: 4 } if (1000..=2200).contains(&v) => Some(v as i32),
            _ => None,
        }
    }

    /// ", 2024" or " 2024" or " of 2024" after a month or day.
    fn trailing_year(&self, i: usize) -> Option<(usize, i32)> {
        if let Some(y) = self.year_at(i) {
            return Some((i + 1, y));
        }
        if let Some(hit) = self.spelled_year(i) {
            return Some(hit);
        }
        if self.punct(i, ',') || self.kw(i, Kw::Of) {
            if let Some(y) = self.year_at(i + 1) {
                return Some((i + 2, y));
            }
            return self.spelled_year(i + 1);
        }
        None
    }

    /// "January this year" / "June last year": the year offset.
    fn relative_year(&self, i: usize) -> Option<(usize, i32)> {
        let n = match self.lex(i)? {
            Lex::Kw(Kw::This) => 0,
            Lex::Kw(Kw::Last) => -1,
            Lex::Kw(Kw::Next) => 1,
            _ => return None,
        };
        (self.lex(i + 1) == Some(Lex::Unit(Unit::Year)) && !self.raw(i + 1).ends_with('s'))
            .then_some((i + 2, n))
    }

    /// A day of the month at token `i`: "11", "11th", "eleventh".
    fn day_at(&self, i: usize) -> Option<(usize, u32)> {
        match self.tk(i)? {
            Tk::Num { v, len: 1..=2 } | Tk::Ord(v) if (1..=31).contains(&v) => Some((i + 1, v)),
            Tk::Word(Lex::Ord(v)) if (1..=31).contains(&v) => Some((i + 1, v)),
            // "twenty-second", "thirty first"
            Tk::Word(Lex::Num(t @ (20 | 30))) => {
                let k = if self.is_hyphen(i + 1) { i + 2 } else { i + 1 };
                match self.lex(k) {
                    Some(Lex::Ord(u)) if u < 10 && t + u <= 31 => Some((k + 1, t + u)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn month_first(
        &self,
        i: usize,
        m: u32,
        abbr: bool,
        ambiguous: bool,
        cap: bool,
    ) -> Option<(usize, Cal)> {
        if let Some(hit) = self.mixed_date(i) {
            return Some(hit);
        }
        let j = self.dot(i + 1);
        let abbr_dotted = abbr && j > i + 1;
        // "Oct. 11, 2024", "October 11th", "October 11 2024"
        // "October, 1st", "June the 28th" (not "in March the second brigade"
        // or "in March the 2nd Brigade")
        let j = if self.punct(j, ',')
            && matches!(self.tk(j + 1), Some(Tk::Ord(_) | Tk::Word(Lex::Ord(_))))
            || self.kw(j, Kw::The)
                && matches!(self.tk(j + 1), Some(Tk::Ord(_)))
                && !matches!(self.tk(j + 2), Some(Tk::Word(Lex::Other)))
        {
            j + 1
        } else {
            j
        };
        // "January twenty five nineteen eighty six": a day in words, with its year.
        if let Some((k, d)) = self.spelled_day(j) {
            if let Some((e, y)) = self.trailing_year(k).filter(|_| valid_md(m, d)) {
                return Some((e, Cal::Day { y: Some(y), m, d, dir: Dir::Context }));
            }
        }
        if let Some((k, d)) = self.day_at(j) {
            // "May 2" but not "May 20,000": a day is not followed by more digits.
            if self.tk(k).is_some_and(|t| matches!(t, Tk::NumStr)) && self.tight(k) {
                return None;
            }
            // "October 11-13": the first day.
            if let Some((k2, y)) = self.trailing_year(k) {
                return Some((
                    k2,
                    Cal::Day {
                        y: Some(y),
                        m,
                        d,
                        dir: Dir::Context,
                    },
                ));
            }
            if let Some((k2, n)) = self.relative_year(k) {
                return Some((
                    k2,
                    Cal::Day {
                        y: Some(REL_YEAR_BASE + n),
                        m,
                        d,
                        dir: Dir::Context,
                    },
                ));
            }
            if !ambiguous || cap || abbr_dotted {
                return Some((
                    k,
                    Cal::Day {
                        y: None,
                        m,
                        d,
                        dir: Dir::Context,
                    },
                ));
            }
            return None;
        }
        // "October 2024", "Oct. 2024", "October of 2024", "October, 2024"
        if let Some((k, y)) = self.trailing_year(j) {
            return Some((
                k,
                Cal::Month {
                    y: Some(y),
                    m,
                    dir: Dir::Context,
                },
            ));
        }
        if let Some((k, n)) = self.relative_year(j) {
            return Some((
                k,
                Cal::Month {
                    y: Some(REL_YEAR_BASE + n),
                    m,
                    dir: Dir::Context,
                },
            ));
        }
        // A month alone: a full name written with a capital, an ambiguous
        // one only after a time preposition.
        // "mid-March", "late-May": the word before the hyphen.
        let prev = i.checked_sub(1).and_then(|p| {
            let q = p.checked_sub(1);
            match q {
                Some(q)
                    if self.is_hyphen(p)
                        && matches!(self.lex(q), Some(Lex::Kw(Kw::Mid | Kw::Early | Kw::Late))) =>
                {
                    self.lex(q)
                }
                _ => self.lex(p),
            }
        });
        let time_prep = matches!(
            prev,
            Some(Lex::Kw(
                Kw::In
                    | Kw::Since
                    | Kw::By
                    | Kw::Until
                    | Kw::Early
                    | Kw::Late
                    | Kw::Mid
                    | Kw::During
                    | Kw::Before
                    | Kw::After
                    | Kw::Of
                    | Kw::From
                    | Kw::To
                    | Kw::Through
                    | Kw::Between
                    | Kw::And
                    | Kw::Or
            ))
        );
        // "and may at its discretion": a verb. After "and"/"or" an ambiguous
        // month needs its capital, and a lower-case word after it reads as a verb.
        let after_and = matches!(prev, Some(Lex::Kw(Kw::And | Kw::Or)));
        let next_is_word = matches!(self.tk(i + 1), Some(Tk::Word(_))) && !self.toks[i + 1].cap;
        if ambiguous && !(time_prep && (cap || !next_is_word && !after_and)) {
            return None;
        }
        if abbr && !abbr_dotted && !cap {
            return None;
        }
        // "Jan Kavan", "August Wilson": a month word before a capitalised
        // name is a given name, unless a time preposition leads it ("in May
        // Putin said").
        let before_name = !abbr_dotted
            && matches!(self.tk(i + 1), Some(Tk::Word(Lex::Other)))
            && self.toks[i + 1].cap;
        if before_name && (!time_prep || after_and) {
            return None;
        }
        // "$DEC", "#Oct": a ticker or tag, not a month.
        if i > 0 && !self.toks[i].gap && matches!(self.tk(i - 1), Some(Tk::Punct('$' | '#' | '@')))
        {
            return None;
        }
        if !cap && !time_prep {
            return None;
        }
        Some((
            if abbr_dotted { j } else { i + 1 },
            Cal::Month {
                y: None,
                m,
                dir: Dir::Context,
            },
        ))
    }

    /// "Friday", "Friday, Oct. 23", "Tuesday night", "Monday the 15th".
    fn weekday(&self, i: usize, wd: u32) -> Option<(usize, Cal)> {
        let raw = self.raw(i);
        let short = raw.len() <= 4;
        let t = &self.toks[i];
        // Short forms ("Sun", "Sat", "Wed") only written as abbreviations.
        if short
            && !(t.cap
                && (self.punct(i + 1, '.')
                    || self.punct(i + 1, ',')
                    || matches!(self.tk(i + 1), Some(Tk::Ord(_)))))
        {
            return None;
        }
        let j = if short { self.dot(i + 1) } else { i + 1 };
        let k = if self.punct(j, ',') { j + 1 } else { j };
        // "Monday 13th"
        if let Some(Tk::Ord(d)) = self.tk(k) {
            if !matches!(self.lex(k + 1), Some(Lex::Month { .. } | Lex::Kw(Kw::Of))) {
                return (1..=31)
                    .contains(&d)
                    .then_some((k + 1, Cal::DayOnWeekday { wd, d }));
            }
        }
        if let Some(hit) = self.date_after_weekday(j) {
            return Some(hit);
        }
        // "Monday the 15th" (not "Sunday the first shells fell")
        if self.kw(j, Kw::The) {
            if let Some((e, d)) = self.day_at(j + 1) {
                let spelled_before_noun = matches!(self.tk(j + 1), Some(Tk::Word(_)))
                    && matches!(self.tk(e), Some(Tk::Word(Lex::Other)));
                if !matches!(self.tk(j + 1), Some(Tk::Num { .. })) && !spelled_before_noun {
                    return Some((e, Cal::DayOnWeekday { wd, d }));
                }
            }
        }
        let e = if self.lex(j) == Some(Lex::PartOfDay) {
            j + 1
        } else {
            j
        };
        // "Tuesday next week", "Sunday of last week"
        let w = if self.kw(e, Kw::Of) { e + 1 } else { e };
        let n = match self.lex(w) {
            Some(Lex::Kw(Kw::Next | Kw::Coming | Kw::Following)) => Some(1),
            Some(Lex::Kw(Kw::Last | Kw::Past | Kw::Previous)) => Some(-1),
            Some(Lex::Kw(Kw::This)) => Some(0),
            _ => None,
        };
        if let Some(n) = n {
            if self.lex(w + 1) == Some(Lex::Unit(Unit::Week)) && !self.raw(w + 1).ends_with('s') {
                return Some((w + 2, Cal::WeekdayOfWeek { wd, n }));
            }
        }
        Some((
            e,
            Cal::Weekday {
                wd,
                dir: Dir::Context,
            },
        ))
    }

    /// A full date right after a weekday at `j`: "Friday, June 14",
    /// "Fri 6/14", "Friday (June 14)".
    fn date_after_weekday(&self, j: usize) -> Option<(usize, Cal)> {
        let paren = self.punct(j, '(');
        let glued = self.is_hyphen(j) && self.tight(j) && self.tight(j + 1);
        let k = if paren || glued || self.punct(j, ',') {
            j + 1
        } else {
            j
        };
        let (e, c @ Cal::Day { .. }) = self.calendar(k)? else {
            return None;
        };
        match paren {
            true if self.punct(e, ')') => Some((e + 1, c)),
            true => None,
            false => Some((e, c)),
        }
    }

    /// "the first Friday of next month", "the third Tuesday in November",
    /// "the second Sunday of May 2024", "third Tuesday".
    fn nth_weekday(&self, i: usize) -> Option<(usize, Cal)> {
        let n = match self.tk(i)? {
            Tk::Word(Lex::Ord(n)) | Tk::Ord(n) if (1..=5).contains(&n) => n,
            _ => return None,
        };
        let Some(Lex::Weekday(wd)) = self.lex(i + 1) else {
            return None;
        };
        let j = i + 2;
        if !(self.kw(j, Kw::Of) || self.kw(j, Kw::In)) {
            return Some((
                j,
                Cal::NthWeekday {
                    n,
                    wd,
                    of: MonthRef::Rel(0),
                },
            ));
        }
        let k = j + 1;
        // "of next month", "in this month", "of the month"
        let rel = match self.lex(k) {
            Some(Lex::Kw(Kw::Next)) => Some((k + 1, 1)),
            Some(Lex::Kw(Kw::Last | Kw::Previous)) => Some((k + 1, -1)),
            Some(Lex::Kw(Kw::This | Kw::The)) => Some((k + 1, 0)),
            _ => None,
        };
        if let Some((u, r)) = rel {
            if self.lex(u) == Some(Lex::Unit(Unit::Month)) && !self.raw(u).ends_with('s') {
                return Some((
                    u + 1,
                    Cal::NthWeekday {
                        n,
                        wd,
                        of: MonthRef::Rel(r),
                    },
                ));
            }
        }
        if let Some(Lex::Month { m, abbr, .. }) = self.lex(k) {
            let e = if abbr { self.dot(k + 1) } else { k + 1 };
            return Some(match self.trailing_year(e) {
                Some((e2, y)) => (
                    e2,
                    Cal::NthWeekday {
                        n,
                        wd,
                        of: MonthRef::Abs(Some(y), m),
                    },
                ),
                None => (
                    e,
                    Cal::NthWeekday {
                        n,
                        wd,
                        of: MonthRef::Abs(None, m),
                    },
                ),
            });
        }
        Some((
            j,
            Cal::NthWeekday {
                n,
                wd,
                of: MonthRef::Rel(0),
            },
        ))
    }

    /// "11 October", "11th of October 2024", "the 4th of July".
    fn day_first(&self, i: usize) -> Option<(usize, Cal)> {
        let (dend, d) = self.day_at(i)?;
        // "the 15th of next month", "the 3rd day of last month"
        let day_word = self.lex(dend) == Some(Lex::Unit(Unit::Day)) && self.raw(dend).len() == 3;
        let of = if day_word { dend + 1 } else { dend };
        if self.kw(of, Kw::Of) {
            if let Some((e, n)) = self.rel_month(of + 1) {
                return Some((e, Cal::DayOfRel { d, n }));
            }
        }
        let mut j = dend;
        if self.kw(j, Kw::Of) {
            j += 1;
        }
        let Some(Lex::Month { m, ambiguous, abbr }) = self.lex(j) else {
            // "the first quarter", "the second half of 2025", "on the 27th",
            // "18 and 19 June"
            return self
                .ordinal_period(i)
                .or_else(|| self.bare_day(i, dend, d))
                .or_else(|| self.day_before_day(dend, d));
        };
        if ambiguous
            && !self.toks[j].cap
            && j == dend
            && !matches!(self.tk(i), Some(Tk::Num { .. } | Tk::Ord(_)))
        {
            return None;
        }
        let k = if abbr { self.dot(j + 1) } else { j + 1 };
        if let Some((e, y)) = self.trailing_year(k) {
            return Some((
                e,
                Cal::Day {
                    y: Some(y),
                    m,
                    d,
                    dir: Dir::Context,
                },
            ));
        }
        Some((
            k,
            Cal::Day {
                y: None,
                m,
                d,
                dir: Dir::Context,
            },
        ))
    }

    /// "on the 27th.", "for the 27", "by the twenty-second,", "on 29th -": a
    /// day of the month alone, after a time preposition (and "the", unless
    /// written as an ordinal) and before the end of its phrase; not "from
    /// the 11th Corps" or "the 11th floor".
    fn bare_day(&self, i: usize, e: usize, d: u32) -> Option<(usize, Cal)> {
        let the = i > 0 && self.kw(i - 1, Kw::The);
        let p = i.checked_sub(if the { 2 } else { 1 })?;
        let prep = matches!(
            self.lex(p),
            Some(Lex::Kw(
                Kw::On | Kw::By | Kw::Until | Kw::Since | Kw::From | Kw::Before | Kw::After | Kw::To
            ))
        ) || self.words.day_lead.has(self.raw(p));
        let ordinal = matches!(self.tk(i), Some(Tk::Ord(_)));
        // "on the 27th, ...", "on the 27th was ...", not "the 11th floor"
        let verb = self.words.day_verbs.has(self.raw(e));
        let end = !self.is_hyphen(e)
            && (verb
                || matches!(
                    self.tk(e),
                    None | Some(Tk::Punct(_)) | Some(Tk::Word(Lex::Kw(_) | Lex::PartOfDay))
                ));
        (prep && (the || ordinal) && end).then_some((
            e,
            Cal::MonthDay {
                d,
                dir: Dir::Context,
            },
        ))
    }

    /// "18 and 19 June", "3, 4 or 5 May": a day ending at `e` whose month
    /// comes after the next day.
    fn day_before_day(&self, e: usize, d: u32) -> Option<(usize, Cal)> {
        if !(self.kw(e, Kw::And) || self.kw(e, Kw::Or) || self.punct(e, ',') || self.punct(e, '&')) {
            return None;
        }
        let (k, _) = self.day_at(e + 1)?;
        let k = if self.kw(k, Kw::Of) { k + 1 } else { k };
        let Some(Lex::Month { m, ambiguous, .. }) = self.lex(k) else {
            return self.day_before_day(k, d).filter(|_| self.punct(e, ','));
        };
        (valid_md(m, d) && (!ambiguous || self.toks[k].cap)).then_some((
            e,
            Cal::Day {
                y: None,
                m,
                d,
                dir: Dir::Context,
            },
        ))
    }

    /// "April 24 and 25", "Oct. 3, 4 and 5": a day at `i` whose month came
    /// before the day before it.
    fn day_after_day(&self, i: usize) -> Option<(usize, Cal)> {
        let (e, d) = self.day_at(i)?;
        let mut k = i.checked_sub(1)?;
        if !(self.kw(k, Kw::And) || self.kw(k, Kw::Or) || self.punct(k, ',') || self.punct(k, '&')) {
            return None;
        }
        // Back over the days listed before: "3, 4 and 5".
        loop {
            k = k.checked_sub(1)?;
            if !matches!(self.tk(k), Some(Tk::Num { len: 1..=2, .. } | Tk::Ord(_))) {
                return None;
            }
            let before = k.checked_sub(1)?;
            if self.punct(before, ',') && matches!(self.tk(before.checked_sub(1)?), Some(Tk::Num { len: 1..=2, .. } | Tk::Ord(_))) {
                k = before;
                continue;
            }
            break;
        }
        let mut p = k.checked_sub(1)?;
        if self.punct(p, '.') {
            p = p.checked_sub(1)?;
        }
        let Some(Lex::Month { m, .. }) = self.lex(p) else {
            return None;
        };
        if !valid_md(m, d) || matches!(self.lex(e), Some(Lex::Unit(_) | Lex::Other)) && !self.toks[e].cap {
            return None;
        }
        let (e, y) = match self.trailing_year(e) {
            Some((e, y)) => (e, Some(y)),
            None => (e, None),
        };
        Some((
            e,
            Cal::Day {
                y,
                m,
                d,
                dir: Dir::Context,
            },
        ))
    }

    /// "this month", "next month", "last month" at `i`: the token after it
    /// and the offset from the anchor's month.
    fn rel_month(&self, i: usize) -> Option<(usize, i32)> {
        let n = match self.lex(i)? {
            Lex::Kw(Kw::This | Kw::Current) => 0,
            Lex::Kw(Kw::Next | Kw::Coming) => 1,
            Lex::Kw(Kw::Last | Kw::Previous) => -1,
            _ => return None,
        };
        (self.lex(i + 1) == Some(Lex::Unit(Unit::Month)) && self.raw(i + 1).len() == 5)
            .then_some((i + 2, n))
    }

    /// "first quarter", "third-quarter", "second half of 2025", "first week of 2015".
    fn ordinal_period(&self, i: usize) -> Option<(usize, Cal)> {
        let n = match self.tk(i)? {
            Tk::Word(Lex::Ord(n)) | Tk::Ord(n) => n,
            // "the last half of 1989"
            Tk::Word(Lex::Kw(Kw::Last)) if self.kw(i + 1, Kw::Half) => 2,
            _ => return None,
        };
        let j = if self.is_hyphen(i + 1) { i + 2 } else { i + 1 };
        let (e, kind) = match self.lex(j) {
            Some(Lex::Unit(Unit::Quarter))
                if (1..=4).contains(&n) && !self.raw(j).ends_with('s') =>
            {
                (j + 1, 0)
            }
            Some(Lex::Kw(Kw::Half)) if (1..=2).contains(&n) => (j + 1, 1),
            Some(Lex::Unit(Unit::Week)) if (1..=53).contains(&n) && !self.raw(j).ends_with('s') => {
                (j + 1, 2)
            }
            Some(Lex::Unit(Unit::Century)) if (1..=30).contains(&n) && !self.is_hyphen(i + 1) => {
                return Some((j + 1, Cal::Century(n as i32)));
            }
            _ => return None,
        };
        // "of 2024", "2024", "of two thousand and twenty"
        let of = if self.kw(e, Kw::Of) { e + 1 } else { e };
        let y = self
            .year_at(of)
            .map(|y| (of + 1, y))
            .or_else(|| self.spelled_year(of).filter(|_| of > e));
        let (e, y) = match y {
            Some((e, y)) => (e, Some(y)),
            None => match self.relative_year(if self.kw(e, Kw::Of) { e + 1 } else { e }) {
                Some((e2, n)) => (e2, Some(REL_YEAR_BASE + n)),
                None => (e, None),
            },
        };
        match kind {
            0 => Some((
                e,
                Cal::Quarter {
                    y,
                    q: n,
                    dir: Dir::Context,
                },
            )),
            1 => y.map(|_| (e, Cal::Half { y, h: n })),
            _ => y.map(|_| (e, Cal::Week { y, w: n })),
        }
    }

    /// After "the": "the 1990s", "the third quarter", "the 4th of July",
    /// "the year 2000", "the winter of 1994".
    fn after_the(&self, i: usize) -> Option<(usize, Cal)> {
        match self.tk(i)? {
            Tk::Decade(y) => Some((i + 1, Cal::Decade(y as i32))),
            Tk::Word(Lex::Decade(y)) => Some((i + 1, Cal::Decade(y as i32))),
            // "the nineteen seventies", "the eighteen nineties": the century in words.
            Tk::Word(Lex::Num(c @ 10..=20)) => match self.lex(i + 1) {
                Some(Lex::Decade(y)) if y < 2000 => Some((i + 2, Cal::Decade((c * 100 + y % 100) as i32))),
                _ if c == 20 => self.day_first(i),
                _ => None,
            },
            Tk::Word(Lex::Kw(Kw::Weekend)) => Some((i + 1, Cal::Weekend { dir: Dir::Context })),
            Tk::Word(Lex::Kw(Kw::Early | Kw::Late | Kw::Mid)) => None,
            // "the third-quarter results": the adjective alone.
            Tk::Word(Lex::Ord(_)) | Tk::Ord(_) if self.is_hyphen(i + 1) => None,
            Tk::Word(Lex::Ord(_)) | Tk::Ord(_)
                if matches!(self.lex(i + 1), Some(Lex::Weekday(_))) =>
            {
                self.nth_weekday(i)
            }
            Tk::Word(Lex::Ord(_)) | Tk::Ord(_) | Tk::Word(Lex::Num(30)) => self.day_first(i),
            // "for the 27."
            Tk::Num { v: 1..=31, len: 1..=2 } => self.day_first(i),
            // "the last half of 1989"
            Tk::Word(Lex::Kw(Kw::Last)) => self.ordinal_period(i),
            Tk::Word(Lex::Unit(Unit::Year)) => match self.year_at(i + 1) {
                Some(y) => Some((i + 2, Cal::Year(y))),
                None => self.spelled_year(i + 1).map(|(e, y)| (e, Cal::Year(y))),
            },
            Tk::Word(Lex::Season(s)) => self.calendar(i).or(Some((
                i + 1,
                Cal::Season {
                    y: None,
                    s,
                    dir: Dir::Context,
                },
            ))),
            _ => None,
        }
    }

    /// Whether a bare four-digit number at `i` reads as a year: a time
    /// preposition, month or season before it makes any year from 1000 to
    /// 2200 one; a determiner before it or a clause end after it makes one
    /// from 1900 to 2100.
    fn year_context_ok(&self, i: usize) -> bool {
        let Some(Tk::Num { v, len: 4 }) = self.tk(i) else {
            return false;
        };
        let prev = i.checked_sub(1).and_then(|p| self.tk(p));
        let strong = matches!(
            prev,
            Some(Tk::Word(Lex::Kw(
                Kw::In
                    | Kw::Since
                    | Kw::By
                    | Kw::Until
                    | Kw::From
                    | Kw::To
                    | Kw::Through
                    | Kw::Between
                    | Kw::Early
                    | Kw::Late
                    | Kw::Mid
                    | Kw::During
                    | Kw::Before
                    | Kw::After
                    | Kw::Of
                    | Kw::Fiscal
                    | Kw::Calendar
            ))) | Some(Tk::Word(
                Lex::Month { .. } | Lex::Season(_) | Lex::Unit(Unit::Year)
            ))
        ) || i.checked_sub(1).is_some_and(|p| {
            self.words.circa.has(self.raw(p))
                || self.is_hyphen(p) && p.checked_sub(1).is_some_and(|q| self.kw(q, Kw::Mid))
        });
        if strong {
            return true;
        }
        if !(1900..=2100).contains(&v)
            || prev.is_some_and(|p| matches!(p, Tk::Punct('$' | '€' | '£' | '#' | '¥')))
        {
            return false;
        }
        // "1994 and 1995", "2022 or 2023"
        let after_year = i >= 2
            && matches!(self.lex(i - 1), Some(Lex::Kw(Kw::And | Kw::Or)))
            && self.year_at(i - 2).is_some();
        // "the company's 1989 results", "a 1996 law", "both 1990 and 1991"
        let possessive = i >= 2
            && self.raw(i - 1).eq_ignore_ascii_case("s")
            && matches!(self.tk(i - 2), Some(Tk::Punct('\'' | '’')));
        let before_word = matches!(self.tk(i + 1), Some(Tk::Word(_)));
        let weak_prev = after_year
            || possessive
            || matches!(prev, Some(Tk::Word(Lex::Kw(Kw::A)))) && before_word
            || self.words.both.has(self.raw(i.wrapping_sub(1)))
            || matches!(
                prev,
                Some(Tk::Word(Lex::Kw(
                    Kw::The
                        | Kw::Possessive
                        | Kw::This
                        | Kw::That
                        | Kw::End
                        | Kw::Beginning
                        | Kw::Start
                        | Kw::Approx
                )))
            );
        let next = self.tk(i + 1);
        let clause_end = match next {
            None => true,
            Some(Tk::Punct(c)) => matches!(c, '.' | ',' | ';' | ')' | '?' | '!' | '"' | '”' | ':'),
            Some(Tk::Word(Lex::Kw(Kw::And | Kw::Or | Kw::To | Kw::Through | Kw::Until))) => true,
            _ => false,
        };
        weak_prev || clause_end && !matches!(prev, Some(Tk::Word(Lex::Kw(Kw::At | Kw::A))))
    }

    /// Digits: a year in context, "2019 q3", "2016 , nov".
    /// Digits and a month name joined by "-" or "/" without spaces:
    /// "05-Aug-2016", "2019/aug/01", "Nov/2", "Dec/2018".
    fn mixed_date(&self, i: usize) -> Option<(usize, Cal)> {
        let sep = |k: usize| match self.tk(k) {
            Some(Tk::Punct(c @ ('-' | '/'))) if self.tight(k) && self.tight(k + 1) => Some(c),
            _ => None,
        };
        let month = |k: usize| match self.lex(k) {
            Some(Lex::Month { m, .. }) => Some(m),
            _ => None,
        };
        let num = |k: usize| match self.tk(k) {
            Some(Tk::Num { v, len }) => Some((v, len)),
            _ => None,
        };
        let day = |m: u32, y: Option<i32>, d: u32| {
            (valid_md(m, d)).then_some(Cal::Day {
                y,
                m,
                d,
                dir: Dir::Context,
            })
        };
        match (num(i), month(i)) {
            (Some((a, la)), None) => {
                let s1 = sep(i + 1)?;
                let m = month(i + 2)?;
                if sep(i + 3) != Some(s1) {
                    return None;
                }
                let (b, lb) = num(i + 4)?;
                match (la, lb) {
                    (1 | 2, 4) => day(m, Some(b as i32), a).map(|c| (i + 5, c)),
                    (4, 1 | 2) => day(m, Some(a as i32), b).map(|c| (i + 5, c)),
                    _ => None,
                }
            }
            (None, Some(m)) => {
                sep(i + 1)?;
                let (b, lb) = num(i + 2)?;
                // not the start of a longer run of digits ("Nov/2/2016" is not
                // handled), but the first side of a range ("Dec/2018-May/2019")
                if sep(i + 3).is_some_and(|c| c != '-' || month(i + 4).is_none()) {
                    return None;
                }
                match lb {
                    1 | 2 => day(m, None, b).map(|c| (i + 3, c)),
                    4 if (1000..=2200).contains(&b) => Some((
                        i + 3,
                        Cal::Month {
                            y: Some(b as i32),
                            m,
                            dir: Dir::Context,
                        },
                    )),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn numeric(&self, i: usize, v: u32, len: u8) -> Option<(usize, Cal)> {
        if let Some(hit) = self.mixed_date(i) {
            return Some(hit);
        }
        // "11 / 2016", "2016 - 11": a month and a year around a spaced separator.
        if matches!(self.tk(i + 1), Some(Tk::Punct('/' | '-')))
            && !matches!(self.tk(i + 3), Some(Tk::Punct('/' | '-' | '.' | ':')))
        {
            let month_year = match (len, self.tk(i + 2)) {
                (1 | 2, Some(Tk::Num { v: y, len: 4 })) => Some((v, y)),
                (4, Some(Tk::Num { v: m, len: 1 | 2 })) => Some((m, v)),
                _ => None,
            };
            if let Some((m, y)) = month_year {
                if (1..=12).contains(&m)
                    && (1900..=2100).contains(&y)
                    && !(self.tight(i + 1) && self.tight(i + 2))
                {
                    return Some((
                        i + 3,
                        Cal::Month {
                            y: Some(y as i32),
                            m,
                            dir: Dir::Context,
                        },
                    ));
                }
            }
        }
        // "20200701": a compact ISO date.
        if len == 8 {
            let (y, m, d) = ((v / 10_000) as i32, v / 100 % 100, v % 100);
            return ((1900..=2100).contains(&y) && valid_md(m, d)).then_some((
                i + 1,
                Cal::Day {
                    y: Some(y),
                    m,
                    d,
                    dir: Dir::Context,
                },
            ));
        }
        if len == 4 && (1000..=2200).contains(&v) {
            let y = v as i32;
            // "2019 q3", "2016H2"
            let q = self.raw(i + 1).eq_ignore_ascii_case("q");
            if (q || self.raw(i + 1).eq_ignore_ascii_case("h")) && self.tight(i + 2) {
                match self.tk(i + 2) {
                    Some(Tk::Num { v: n @ 1..=4, len: 1 }) if q => {
                        return Some((
                            i + 3,
                            Cal::Quarter {
                                y: Some(y),
                                q: n,
                                dir: Dir::Context,
                            },
                        ));
                    }
                    Some(Tk::Num { v: n @ 1..=2, len: 1 }) => {
                        return Some((i + 3, Cal::Half { y: Some(y), h: n }));
                    }
                    _ => {}
                }
            }
            // "the 1988 third quarter", "fiscal 2024 second half"
            if let Some((e, c)) = self.ordinal_period(i + 1) {
                match c {
                    Cal::Quarter { y: None, q, dir } => {
                        return Some((e, Cal::Quarter { y: Some(y), q, dir }));
                    }
                    Cal::Half { y: None, h } => return Some((e, Cal::Half { y: Some(y), h })),
                    _ => {}
                }
            }
            // "2016, Nov" / "2016 November"
            let k = if self.punct(i + 1, ',') { i + 2 } else { i + 1 };
            if let Some(Lex::Month {
                m,
                ambiguous: false,
                abbr,
            }) = self.lex(k)
            {
                return Some((
                    if abbr { self.dot(k + 1) } else { k + 1 },
                    Cal::Month {
                        y: Some(y),
                        m,
                        dir: Dir::Context,
                    },
                ));
            }
            if self.year_context_ok(i) {
                return Some((i + 1, Cal::Year(y)));
            }
            return None;
        }
        // "11 October", "April 24 and 25"
        if (1..=2).contains(&len) {
            return self.day_first(i).or_else(|| self.day_after_day(i));
        }
        None
    }

    /// "2024-10-11", "10/11/2024", "13.5.2015", "3/2015", "2016/11".
    fn numeric_date(&self, i: usize) -> Option<(usize, Cal)> {
        let raw = self.raw(i);
        // "08/12,2015": a comma before the year of a slashed date.
        if let Some((md, y)) = raw.split_once(',') {
            let short = md.split('/').count() == 2 && md.split('/').all(|p| p.len() <= 2);
            return match slashed_date(md, self.published_year) {
                Some(Cal::Day { y: None, m, d, dir }) if short && (y.len() == 2 || y.len() == 4) => {
                    let y = two_digit_year(y, y.parse().ok()?, self.published_year);
                    Some((i + 1, Cal::Day { y: Some(y), m, d, dir }))
                }
                _ => None,
            };
        }
        let sep = raw.bytes().find(|b| !b.is_ascii_digit())?;
        if !matches!(sep, b'-' | b'/' | b'.')
            || raw.bytes().any(|b| !b.is_ascii_digit() && b != sep)
        {
            return None;
        }
        let parts: Vec<&str> = raw.split(sep as char).collect();
        let num = |s: &str| s.parse::<u32>().ok();
        let cal = match parts.as_slice() {
            [a, b, c] => {
                let (x, y, z) = (num(a)?, num(b)?, num(c)?);
                if a.len() == 4 {
                    Cal::Day {
                        y: Some(x as i32),
                        m: y,
                        d: z,
                        dir: Dir::Context,
                    }
                } else if c.len() == 4 || c.len() == 2 && sep != b'.' {
                    let year = two_digit_year(c, z, self.published_year);
                    // US order by default; day first when the first cannot be a month
                    // or the separator is a dot.
                    if sep == b'.' || x > 12 {
                        Cal::Day {
                            y: Some(year),
                            m: y,
                            d: x,
                            dir: Dir::Context,
                        }
                    } else {
                        Cal::Day {
                            y: Some(year),
                            m: x,
                            d: y,
                            dir: Dir::Context,
                        }
                    }
                } else {
                    return None;
                }
            }
            [a, b] if sep != b'.' => {
                let (x, y) = (num(a)?, num(b)?);
                // "4/22", "10/1", "22/04": a year-less date, unless it reads as a
                // fraction ("1/2", "3/4") or "24/7", or a count follows it.
                // "on 4-22": a hyphen joins a month and day after "on".
                let on = i > 0 && self.kw(i - 1, Kw::On);
                let short_date = (sep == b'/' || sep == b'-' && on)
                    && a.len() <= 2
                    && b.len() <= 2
                    && (a.len() + b.len() >= 3)
                    && !(x == 24 && y == 7)
                    && !matches!(
                        self.tk(i + 1),
                        Some(Tk::Word(Lex::Unit(_))) | Some(Tk::Punct('%'))
                    )
                    && !matches!(
                        i.checked_sub(1).and_then(|p| self.tk(p)),
                        Some(Tk::Punct('$' | '€' | '£'))
                    );
                if short_date {
                    let (m, d) = if x > 12 { (y, x) } else { (x, y) };
                    if valid_md(m, d) {
                        return Some((
                            i + 1,
                            Cal::Day {
                                y: None,
                                m,
                                d,
                                dir: Dir::Context,
                            },
                        ));
                    }
                    return None;
                }
                if a.len() == 4 && b.len() <= 2 && (1..=12).contains(&y) {
                    Cal::Month {
                        y: Some(x as i32),
                        m: y,
                        dir: Dir::Context,
                    }
                } else if b.len() == 4 && a.len() <= 2 && (1..=12).contains(&x) {
                    Cal::Month {
                        y: Some(y as i32),
                        m: x,
                        dir: Dir::Context,
                    }
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        match cal {
            Cal::Day {
                y: Some(y), m, d, ..
            } if (1000..=2200).contains(&y) && valid_md(m, d) => Some((i + 1, cal)),
            Cal::Month { y: Some(y), .. } if (1000..=2200).contains(&y) => Some((i + 1, cal)),
            _ => None,
        }
    }
}

/// A date written "m/d" or "m/d/y" (day first when the first number cannot
/// be a month), the year of two or four digits (read around the year of
/// publication `published`); None for anything else.
fn slashed_date(s: &str, published: Option<i32>) -> Option<Cal> {
    let parts: Vec<&str> = s.split('/').collect();
    let num = |p: &str| (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok()).flatten();
    let (a, b, y) = match parts.as_slice() {
        [a, b] => (*a, *b, None),
        [a, b, y] if y.len() == 2 || y.len() == 4 => (*a, *b, Some(two_digit_year(y, num(y)?, published))),
        _ => return None,
    };
    if a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (x, z) = (num(a)?, num(b)?);
    let (m, d) = if x > 12 { (z, x) } else { (x, z) };
    valid_md(m, d).then_some(Cal::Day { y, m, d, dir: Dir::Context })
}

/// How many years after the year of publication a two-digit year may lie:
/// "3/18/49" in an article of 2024 is 1949, "12/1/30" is 2030.
const TWO_DIGIT_AHEAD: i32 = 20;

/// A year written with two digits ("'49", "3/18/49"): in a window of a
/// century around the year of publication `published`, from 79 years
/// before it to [`TWO_DIGIT_AHEAD`] after; with no publication date, in
/// the century that puts it at most 50 years after 2000. Four digits as
/// written.
fn two_digit_year(written: &str, v: u32, published: Option<i32>) -> i32 {
    match (written.len(), published) {
        (2, Some(p)) => {
            let y = p - p.rem_euclid(100) + v as i32;
            if y > p + TWO_DIGIT_AHEAD {
                y - 100
            } else if y <= p + TWO_DIGIT_AHEAD - 100 {
                y + 100
            } else {
                y
            }
        }
        (2, None) if v <= 49 => 2000 + v as i32,
        (2, None) => 1900 + v as i32,
        _ => v as i32,
    }
}

/// Years at or above this are offsets from the anchor's year ("June last
/// year"): `REL_YEAR_BASE + n`.
pub(crate) const REL_YEAR_BASE: i32 = 100_000;

/// The month of a day or month expression.
fn b_month(c: &Cal) -> Option<u32> {
    match *c {
        Cal::Day { m, .. } | Cal::Month { m, .. } => Some(m),
        _ => None,
    }
}

/// The month `step` (±1) from month `m` of year `y`, the year following
/// when it is known.
fn month_step((y, m): (Option<i32>, u32), step: i32) -> (Option<i32>, u32) {
    let total = m as i32 - 1 + step;
    (
        y.map(|y| y + total.div_euclid(12)),
        total.rem_euclid(12) as u32 + 1,
    )
}

fn valid_md(m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// `n` units as an ISO 8601 duration: `P3D`, `P2W`, `PT90M`, `P2.5Y`.
pub(crate) fn iso_duration(n: f64, u: Unit) -> Option<String> {
    iso_compound(&[(n, u)])
}

/// Several counts of units, largest first, as one ISO 8601 duration:
/// `PT1H30M`, `P2Y3M`.
pub(crate) fn iso_compound(parts: &[(f64, Unit)]) -> Option<String> {
    // Y M W D | H M S
    let mut f = [0f64; 7];
    for &(n, u) in parts {
        if !(n.is_finite() && n > 0.0 && n < 1e6) {
            return None;
        }
        match u {
            Unit::Century => f[0] += 100.0 * n,
            Unit::Decade => f[0] += 10.0 * n,
            Unit::Year => f[0] += n,
            Unit::Quarter => f[1] += 3.0 * n,
            Unit::Month => f[1] += n,
            Unit::Fortnight => f[2] += 2.0 * n,
            Unit::Week => f[2] += n,
            Unit::Day => f[3] += n,
            Unit::Hour => f[4] += n,
            Unit::Minute => f[5] += n,
            Unit::Second => f[6] += n,
        }
    }
    let num = |n: f64| {
        if n.fract() == 0.0 {
            format!("{}", n as u64)
        } else {
            format!("{n}")
        }
    };
    let mut out = String::from("P");
    for (v, l) in f[..4].iter().zip(['Y', 'M', 'W', 'D']) {
        if *v > 0.0 {
            out.push_str(&num(*v));
            out.push(l);
        }
    }
    if f[4..].iter().any(|v| *v > 0.0) {
        out.push('T');
        for (v, l) in f[4..].iter().zip(['H', 'M', 'S']) {
            if *v > 0.0 {
                out.push_str(&num(*v));
                out.push(l);
            }
        }
    }
    (out.len() > 1).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::two_digit_year;

    #[test]
    fn two_digit_years_slide_with_the_year_of_publication() {
        assert_eq!(two_digit_year("49", 49, Some(2024)), 1949, "past the window's 20 years ahead");
        assert_eq!(two_digit_year("44", 44, Some(2024)), 2044);
        assert_eq!(two_digit_year("10", 10, Some(1998)), 2010);
        assert_eq!(two_digit_year("19", 19, Some(1998)), 1919);
        assert_eq!(two_digit_year("49", 49, None), 2049, "without a date the fixed cut at 50");
        assert_eq!(two_digit_year("50", 50, None), 1950);
        assert_eq!(two_digit_year("2049", 2049, Some(1998)), 2049, "four digits as written");
    }
}
