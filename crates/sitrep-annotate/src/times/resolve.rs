//! Anchoring: from what an expression means and the anchor date (the
//! publication date) to an ISO 8601 value and its kind.

use chrono::{Datelike, Days, Months, NaiveDate};
use sitrep_core::TimeKind;

use super::anaphora::{Ana, Quarter};
use super::holidays;
use super::lex::Unit;
use super::parse::{Cal, Dir, Edge, MonthRef, Sem, REL_YEAR_BASE};

/// The tense of the clause around an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Future,
    /// No marker: year-less dates take the reading closest to the anchor,
    /// weekdays the past one (news reports what happened).
    Unknown,
}

/// A resolved calendar unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Point {
    Day(NaiveDate),
    Month(i32, u32),
    Year(i32),
    Decade(i32),
    Quarter(i32, u32),
    Half(i32, u32),
    Season(i32, u32),
    Week(i32, u32),
    /// A run of days, first and last.
    Days(NaiveDate, NaiveDate),
    /// First year of the century.
    Century(i32),
}

const SEASONS: [&str; 4] = ["SP", "SU", "FA", "WI"];

/// Parse `YYYY-MM-DD`.
pub(crate) fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = s.get(0..4)?.parse().ok()?;
    let m = s.get(5..7)?.parse().ok()?;
    let d = s.get(8..10)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The full date a calendar expression names without help from an anchor.
pub(crate) fn explicit_date(c: &Cal) -> Option<NaiveDate> {
    match *c {
        Cal::Day {
            y: Some(y), m, d, ..
        } if y < REL_YEAR_BASE / 2 => NaiveDate::from_ymd_opt(y, m, d),
        _ => None,
    }
}

/// Whether resolving `sem` depends on the tense of its clause.
pub(crate) fn needs_tense(sem: &Sem) -> bool {
    let cal = |c: &Cal| {
        matches!(
            c,
            Cal::Day {
                y: None,
                dir: Dir::Context,
                ..
            } | Cal::Month {
                y: None,
                dir: Dir::Context,
                ..
            } | Cal::Quarter {
                y: None,
                dir: Dir::Context,
                ..
            } | Cal::Season {
                y: None,
                dir: Dir::Context,
                ..
            } | Cal::Weekday {
                dir: Dir::Context,
                ..
            } | Cal::MonthDay {
                dir: Dir::Context,
                ..
            } | Cal::Weekend { dir: Dir::Context }
                | Cal::DayOnWeekday { .. }
                | Cal::Holiday {
                    y: None,
                    dir: Dir::Context,
                    ..
                }
                | Cal::NthWeekday {
                    of: MonthRef::Abs(None, _),
                    ..
                }
        )
    };
    match sem {
        Sem::Cal(c) => cal(c),
        Sem::Period(a, b, _) => cal(a) || cal(b),
        Sem::InFuture(..) => true,
        Sem::Shift(c, ..)
        | Sem::WeekOf(c, _)
        | Sem::WeekendOf(c)
        | Sem::Run(c, ..)
        | Sem::Clock(Some(c), _) => cal(c),
        Sem::WeekdayOf(s, _) => needs_tense(s),
        _ => false,
    }
}

impl Point {
    /// The unit a point is measured in: a day, week, month, quarter, year, ...
    pub(crate) fn grain(self) -> Unit {
        match self {
            Point::Day(_) => Unit::Day,
            Point::Days(a, b) if a == b => Unit::Day,
            Point::Days(..) | Point::Week(..) => Unit::Week,
            Point::Month(..) => Unit::Month,
            Point::Quarter(..) | Point::Half(..) | Point::Season(..) => Unit::Quarter,
            Point::Year(_) => Unit::Year,
            Point::Decade(_) => Unit::Decade,
            Point::Century(_) => Unit::Century,
        }
    }

    /// The first day of the point.
    pub(crate) fn first_day(self) -> Option<NaiveDate> {
        bounds(self).map(|(s, _)| s)
    }
}

/// What an expression resolves to: its ISO value and kind, and the
/// calendar point it names (for the focus and for telling the future).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub value: Option<String>,
    pub kind: TimeKind,
    /// The point named; for a period, the run of its days.
    pub point: Option<Point>,
}

impl Resolved {
    fn of(p: Option<Point>, kind: TimeKind) -> Self {
        Resolved {
            value: p.map(|p| format_point(p).0),
            kind,
            point: p,
        }
    }

    fn text(value: Option<String>, kind: TimeKind) -> Self {
        Resolved {
            value,
            kind,
            point: None,
        }
    }
}

/// The unit of `unit` that holds day `d`.
fn unit_point(d: NaiveDate, unit: Unit) -> Point {
    match unit {
        Unit::Week | Unit::Fortnight => {
            let w = d.iso_week();
            Point::Week(w.year(), w.week())
        }
        Unit::Month => Point::Month(d.year(), d.month()),
        Unit::Quarter => Point::Quarter(d.year(), d.month0() / 3 + 1),
        Unit::Year => Point::Year(d.year()),
        Unit::Decade => Point::Decade(d.year() - d.year().rem_euclid(10)),
        Unit::Century => Point::Century(d.year() - d.year().rem_euclid(100)),
        _ => Point::Day(d),
    }
}

/// The point of the same kind as `like` that holds day `d`.
fn point_like(d: NaiveDate, like: Point) -> Point {
    match like {
        Point::Half(..) => Point::Half(d.year(), d.month0() / 6 + 1),
        Point::Season(..) => {
            // Seasons start in March, June, September and December.
            let m = (d.month() + 9) % 12;
            let y = if d.month() <= 2 { d.year() - 1 } else { d.year() };
            Point::Season(y, m / 3)
        }
        Point::Days(..) => Point::Day(d),
        p => unit_point(d, p.grain()),
    }
}

/// An anaphoric expression from the point in `focus` (the publication date
/// when nothing is in focus).
fn anaphor(a: Ana, focus: Option<Point>, anchor: Option<NaiveDate>) -> Option<Point> {
    let base = focus.or(anchor.map(Point::Day))?;
    let start = base.first_day()?;
    match a {
        Ana::Same(u) => Some(unit_point(start, u)),
        Ana::Rel(u, n) => shift(start, u, n).map(|d| unit_point(d, u)),
        // As precise as the focus, but not finer than the count unless it
        // counts days or weeks from a day: "three days later" is a day, "a
        // month later" a month, "a year earlier" a year (the same quarter
        // when a quarter is in focus).
        Ana::Shift(u, n) => shift(start, u, n).map(|d| match base {
            Point::Quarter(..) | Point::Half(..) => point_like(d, base),
            Point::Day(_) if matches!(u, Unit::Day | Unit::Week) => Point::Day(d),
            _ if (base.grain() as u8) >= (u as u8) => point_like(d, base),
            _ => unit_point(d, u),
        }),
        Ana::Ago(u, n) => match focus {
            Some(p @ (Point::Quarter(..) | Point::Half(..))) => {
                shift(start, u, n).map(|d| point_like(d, p))
            }
            _ => shift(anchor?, u, n).map(|d| unit_point(d, u)),
        },
        Ana::Weekday(wd, n) => {
            let from = match focus {
                Some(Point::Day(d)) => d,
                _ => anchor?,
            };
            let fw = from.weekday().number_from_monday() as i64;
            let days = if n > 0 {
                (wd as i64 - fw - 1).rem_euclid(7) + 1
            } else {
                -((fw - wd as i64 - 1).rem_euclid(7) + 1)
            };
            from.checked_add_signed(chrono::TimeDelta::try_days(days)?)
                .map(Point::Day)
        }
    }
}

/// The ISO value and kind of an expression, and the point it names; the
/// value is None when it needs an anchor and there is none, or names no
/// real date. `focus(unit, quarter)` is the time in focus no coarser than
/// `unit` (or the quarter in focus, as `quarter` says), for anaphors.
pub(crate) fn resolve(
    sem: &Sem,
    anchor: Option<NaiveDate>,
    tense: Tense,
    focus: &dyn Fn(Unit, Quarter) -> Option<Point>,
) -> Resolved {
    match sem {
        Sem::Anaphor(a) => {
            let p = anaphor(*a, focus(a.unit(), a.quarter()), anchor);
            let kind = match p.map(Point::grain) {
                Some(Unit::Week) => TimeKind::Week,
                Some(Unit::Month) => TimeKind::Month,
                Some(Unit::Quarter) => match p {
                    Some(Point::Quarter(..)) => TimeKind::Quarter,
                    _ => TimeKind::Period,
                },
                Some(Unit::Year) => TimeKind::Year,
                Some(Unit::Decade | Unit::Century) => TimeKind::Period,
                _ => TimeKind::Date,
            };
            Resolved::of(p, kind)
        }
        Sem::Clock(day, clock) => {
            let d = match day {
                Some(c) => point(c, anchor, tense),
                None => focus(Unit::Day, Quarter::No).or(anchor.map(Point::Day)),
            };
            let d = match d {
                Some(Point::Day(d)) => Some(d),
                _ => None,
            };
            Resolved {
                value: d.map(|d| format!("{}T{}", d.format("%Y-%m-%d"), clock.iso())),
                kind: TimeKind::Datetime,
                point: d.map(Point::Day),
            }
        }
        _ => resolve_plain(sem, anchor, tense),
    }
}

/// `resolve` for expressions that do not depend on the focus.
fn resolve_plain(sem: &Sem, anchor: Option<NaiveDate>, tense: Tense) -> Resolved {
    match sem {
        Sem::Duration(v) => Resolved::text(Some(v.clone()), TimeKind::Duration),
        Sem::Set(v) => Resolved::text(Some(v.clone()), TimeKind::Set),
        Sem::Shift(base, months, days) => {
            let v = point(base, anchor, tense)
                .and_then(bounds)
                .and_then(|(start, _)| {
                    shift(shift(start, Unit::Month, *months)?, Unit::Day, *days)
                });
            Resolved::of(v.map(Point::Day), TimeKind::Date)
        }
        Sem::Run(c, unit, n) => {
            let weeks = *unit == Unit::Day && *n > 0 && n % 7 == 0;
            let start = weeks.then(|| week_start(c, anchor, tense)).flatten();
            let v = start.map(Point::Day).or_else(|| point(c, anchor, tense)).and_then(bounds).and_then(|(s, e)| {
                if *n < 0 {
                    let s = shift(e.succ_opt()?, *unit, *n)?;
                    return Some(Point::Days(s, e));
                }
                let e = shift(s, *unit, *n)?.pred_opt()?;
                Some(Point::Days(s, e))
            });
            Resolved::of(v, TimeKind::Period)
        }
        Sem::WeekendOf(c) => {
            // Saturday and Sunday with the day: Monday and Tuesday take the
            // weekend before them, Wednesday to Friday the one after.
            let v = point(c, anchor, tense).and_then(bounds).and_then(|(day, _)| {
                let wd = i64::from(day.weekday().number_from_monday());
                let sat = day.checked_add_signed(chrono::TimeDelta::try_days(if wd <= 2 { -(wd + 1) } else { 6 - wd })?)?;
                let sun = sat.succ_opt()?;
                Some(Point::Days(day.min(sat), day.max(sun)))
            });
            Resolved::of(v, TimeKind::Period)
        }
        Sem::WeekOf(c, last) => {
            // As ISO weeks do for years: the first week is the one holding
            // the period's first Thursday, the last the one holding its last;
            // a named day's week ("Christmas week") is the one holding it.
            let v = point(c, anchor, tense).and_then(bounds).and_then(|(s, e)| {
                let day = if matches!(c, Cal::Holiday { .. }) {
                    s
                } else if *last {
                    e.checked_sub_days(Days::new(3))?
                } else {
                    s.checked_add_days(Days::new(3))?
                };
                Some(unit_point(day, Unit::Week))
            });
            Resolved::of(v, TimeKind::Week)
        }
        Sem::InFuture(v, c) => match tense {
            Tense::Future => Resolved::of(point(c, anchor, tense), TimeKind::Date),
            _ => Resolved::text(Some(v.clone()), TimeKind::Duration),
        },
        Sem::Cal(c) => {
            let kind = cal_kind(c);
            match point(c, anchor, tense) {
                Some(p) => Resolved::of(Some(p), kind),
                // With nothing to take the year from, a day or month keeps
                // its year unknown (TIMEX3's "XXXX"), so that "19 January"
                // is still told from "31 January".
                None => Resolved::text(
                    match (c, anchor) {
                        (Cal::Day { y: None, m, d, .. }, None) => Some(format!("XXXX-{m:02}-{d:02}")),
                        (Cal::Month { y: None, m, .. }, None) => Some(format!("XXXX-{m:02}")),
                        _ => None,
                    },
                    kind,
                ),
            }
        }
        Sem::Period(a, b, edges) => {
            let v = point(a, anchor, tense).and_then(bounds).and_then(|(s, e)| {
                let s = match edges[0] {
                    Edge::Start => s,
                    Edge::Mid => middle(s, e)?,
                    Edge::End => e.succ_opt()?,
                };
                // An end that depends on context ("to Friday", "to March") is
                // the first such time from the start on.
                let pb = if needs_tense(&Sem::Cal(*b)) {
                    point(b, Some(s), Tense::Future)
                } else {
                    point(b, anchor, tense)
                };
                let (bs, be) = bounds(pb?)?;
                let e = match edges[1] {
                    Edge::Start => bs,
                    Edge::Mid => middle(bs, be)?,
                    Edge::End => be,
                };
                (s <= e).then_some(Point::Days(s, e))
            });
            Resolved::of(v, TimeKind::Period)
        }
        Sem::WeekdayOf(s, wd) => {
            let day = resolve_plain(s, anchor, tense).point.and_then(Point::first_day).and_then(|d| {
                let offset = i64::from(*wd) - i64::from(d.weekday().number_from_monday());
                d.checked_add_signed(chrono::TimeDelta::try_days(offset)?)
            });
            Resolved::of(day.map(Point::Day), TimeKind::Date)
        }
        // Resolved against the focus in `resolve`.
        Sem::Anaphor(_) | Sem::Clock(..) => Resolved::text(None, TimeKind::Date),
    }
}

/// The middle day of the days from `s` to `e`: the 16th of a 31-day
/// month, 2 July of a year.
fn middle(s: NaiveDate, e: NaiveDate) -> Option<NaiveDate> {
    s.checked_add_days(Days::new(((e - s).num_days() / 2).try_into().ok()?))
}

/// `n` days, months or years after `d` (before when negative).
fn shift(d: NaiveDate, unit: Unit, n: i32) -> Option<NaiveDate> {
    let months = |k: i32| {
        if k >= 0 {
            d.checked_add_months(Months::new(k as u32))
        } else {
            d.checked_sub_months(Months::new(k.unsigned_abs()))
        }
    };
    match unit {
        Unit::Day => d.checked_add_signed(chrono::TimeDelta::try_days(n as i64)?),
        Unit::Week => d.checked_add_signed(chrono::TimeDelta::try_weeks(n as i64)?),
        Unit::Fortnight => d.checked_add_signed(chrono::TimeDelta::try_weeks(2 * n as i64)?),
        Unit::Month => months(n),
        Unit::Quarter => months(n.checked_mul(3)?),
        Unit::Year => months(n.checked_mul(12)?),
        Unit::Decade => months(n.checked_mul(120)?),
        _ => None,
    }
}

pub(crate) fn cal_kind(c: &Cal) -> TimeKind {
    match c {
        Cal::Day { .. }
        | Cal::Weekday { .. }
        | Cal::MonthDay { .. }
        | Cal::DayOnWeekday { .. }
        | Cal::DayOfRel { .. }
        | Cal::WeekdayOfWeek { .. }
        | Cal::Offset { .. }
        | Cal::Holiday { .. }
        | Cal::NthWeekday { .. } => TimeKind::Date,
        Cal::Century(_) | Cal::Weekend { .. } => TimeKind::Period,
        Cal::Month { .. } => TimeKind::Month,
        Cal::Year(_) => TimeKind::Year,
        Cal::Decade(_) | Cal::Half { .. } | Cal::Season { .. } => TimeKind::Period,
        Cal::Quarter { .. } => TimeKind::Quarter,
        Cal::Week { .. } => TimeKind::Week,
        Cal::Rel { unit, .. } => match unit {
            Unit::Day => TimeKind::Date,
            Unit::Week | Unit::Fortnight => TimeKind::Week,
            Unit::Month => TimeKind::Month,
            Unit::Quarter => TimeKind::Quarter,
            _ => TimeKind::Year,
        },
    }
}

fn format_point(p: Point) -> (String, TimeKind) {
    match p {
        Point::Day(d) => (d.format("%Y-%m-%d").to_string(), TimeKind::Date),
        Point::Month(y, m) => (format!("{y:04}-{m:02}"), TimeKind::Month),
        Point::Year(y) => (format!("{y:04}"), TimeKind::Year),
        Point::Decade(y) => (format!("{y:04}-01-01/{:04}-12-31", y + 9), TimeKind::Period),
        Point::Quarter(y, q) => (format!("{y:04}-Q{q}"), TimeKind::Quarter),
        Point::Half(y, h) => (format!("{y:04}-H{h}"), TimeKind::Period),
        Point::Season(y, s) => (
            format!("{y:04}-{}", SEASONS[s as usize % 4]),
            TimeKind::Period,
        ),
        Point::Week(y, w) => (format!("{y:04}-W{w:02}"), TimeKind::Week),
        Point::Days(a, b) => (
            format!("{}/{}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
            TimeKind::Period,
        ),
        Point::Century(y) => (
            format!("{y:04}-01-01/{:04}-12-31", y + 99),
            TimeKind::Period,
        ),
    }
}

/// First and last day of a point.
fn bounds(p: Point) -> Option<(NaiveDate, NaiveDate)> {
    let ymd = NaiveDate::from_ymd_opt;
    let month_end = |y: i32, m: u32| {
        ymd(y, m, 1)
            .and_then(|d| d.checked_add_months(Months::new(1)))
            .and_then(|d| d.pred_opt())
    };
    match p {
        Point::Day(d) => Some((d, d)),
        Point::Month(y, m) => Some((ymd(y, m, 1)?, month_end(y, m)?)),
        Point::Year(y) => Some((ymd(y, 1, 1)?, ymd(y, 12, 31)?)),
        Point::Decade(y) => Some((ymd(y, 1, 1)?, ymd(y + 9, 12, 31)?)),
        Point::Quarter(y, q) => Some((ymd(y, 3 * q - 2, 1)?, month_end(y, 3 * q)?)),
        Point::Half(y, h) => Some((ymd(y, 6 * h - 5, 1)?, month_end(y, 6 * h)?)),
        Point::Season(y, s) => {
            let first = 3 + 3 * s;
            let start = ymd(y, first, 1)?;
            let end = start.checked_add_months(Months::new(3))?.pred_opt()?;
            Some((start, end))
        }
        Point::Days(a, b) => Some((a, b)),
        Point::Century(y) => Some((ymd(y, 1, 1)?, ymd(y + 99, 12, 31)?)),
        Point::Week(y, w) => {
            let start = NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon)?;
            Some((start, start.checked_add_days(Days::new(6))?))
        }
    }
}

/// The year a partial expression with a relative year ("June last year") means.
fn year_of(y: Option<i32>, anchor: Option<NaiveDate>) -> Result<Option<i32>, ()> {
    match y {
        Some(y) if y >= REL_YEAR_BASE / 2 => anchor
            .map(|a| Some(a.year() + (y - REL_YEAR_BASE)))
            .ok_or(()),
        y => Ok(y),
    }
}

/// How many days of distance a reading that goes against the tense of its
/// clause costs: tense cues are noisy, so a date a week ahead in a past-tense
/// sentence still reads as a week ahead rather than almost a year back.
const AGAINST_TENSE_DAYS: f64 = 150.0;

/// How much a day back counts against a day ahead when choosing a reading.
const PAST_WEIGHT: f64 = 0.75;

/// Pick the year for a year-less position within a year: `pos` and `apos`
/// (the anchor's) count units of which there are `per_year` in a year
/// (days as month * 32 + day: 384; months: 12; quarters and seasons: 4).
/// "last"/"next" take the previous/next occurrence; otherwise the reading
/// closest to the anchor wins (days back weigh half), with a penalty for
/// going against the tense.
fn pick_year(anchor: NaiveDate, pos: u32, apos: u32, per_year: u32, dir: Dir, tense: Tense) -> i32 {
    let y = anchor.year();
    match dir {
        Dir::This => y,
        Dir::Last | Dir::Past => {
            if pos < apos {
                y
            } else {
                y - 1
            }
        }
        Dir::Next | Dir::Coming => {
            if pos > apos {
                y
            } else {
                y + 1
            }
        }
        // Quarters and seasons are coarse: the anchor's year unless the tense
        // points the other way.
        Dir::Context if per_year <= 4 => match tense {
            Tense::Past if pos > apos => y - 1,
            Tense::Future if pos < apos => y + 1,
            _ => y,
        },
        Dir::Context => {
            let unit_days = 365.25 / per_year as f64;
            let cost = |k: i32| {
                let delta = pos as i64 - apos as i64 + k as i64 * per_year as i64;
                let against = match tense {
                    Tense::Past => delta > 0,
                    Tense::Future => delta < 0,
                    Tense::Unknown => false,
                };
                // News mostly reports what happened: the past side is nearer.
                let weight = if delta < 0 { PAST_WEIGHT } else { 1.0 };
                delta.abs() as f64 * unit_days * weight
                    + if against { AGAINST_TENSE_DAYS } else { 0.0 }
            };
            let mut best = 0;
            for k in [-1, 1] {
                if cost(k) < cost(best) {
                    best = k;
                }
            }
            y + best
        }
    }
}

/// What reading `day` for a year-less or month-less date costs against
/// the anchor `a`: its distance in days (days back weigh less), plus a
/// penalty when it goes against the tense of its clause.
fn day_cost(a: NaiveDate, day: NaiveDate, tense: Tense) -> f64 {
    let delta = (day - a).num_days();
    let against = match tense {
        Tense::Past => delta > 0,
        Tense::Future => delta < 0,
        Tense::Unknown => false,
    };
    let weight = if delta < 0 { PAST_WEIGHT } else { 1.0 };
    delta.abs() as f64 * weight + if against { AGAINST_TENSE_DAYS } else { 0.0 }
}

/// The first day of a run of whole weeks named by a year-less date ("the
/// week beginning February 4"): a week starts on a Monday (or, in American
/// usage, a Sunday), so the reading of the year before, of, or after the
/// anchor's where the date is one and that the tense of the clause allows
/// wins, the nearest as for any date; none when no reading fits.
fn week_start(c: &Cal, anchor: Option<NaiveDate>, tense: Tense) -> Option<NaiveDate> {
    let (Cal::Day { y: None, m, d, dir: Dir::Context }, Some(a)) = (*c, anchor) else {
        return None;
    };
    (a.year() - 1..=a.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
        .filter(|day| matches!(day.weekday(), chrono::Weekday::Mon | chrono::Weekday::Sun))
        .filter(|&day| match tense {
            Tense::Past => day <= a,
            Tense::Future => day >= a,
            Tense::Unknown => true,
        })
        .min_by(|x, y| day_cost(a, *x, tense).total_cmp(&day_cost(a, *y, tense)))
}

fn point(c: &Cal, anchor: Option<NaiveDate>, tense: Tense) -> Option<Point> {
    match *c {
        Cal::Day { y, m, d, dir } => {
            let y = match year_of(y, anchor).ok()? {
                Some(y) => y,
                None => {
                    let a = anchor?;
                    pick_year(a, m * 32 + d, a.month() * 32 + a.day(), 384, dir, tense)
                }
            };
            NaiveDate::from_ymd_opt(y, m, d).map(Point::Day)
        }
        Cal::Month { y, m, dir } => {
            let y = match year_of(y, anchor).ok()? {
                Some(y) => y,
                None => {
                    let a = anchor?;
                    pick_year(a, m, a.month(), 12, dir, tense)
                }
            };
            Some(Point::Month(y, m))
        }
        Cal::Year(y) => Some(Point::Year(y)),
        Cal::Decade(y) => Some(Point::Decade(y)),
        Cal::Quarter { y, q, dir } => {
            let y = match year_of(y, anchor).ok()? {
                Some(y) => y,
                None => {
                    let a = anchor?;
                    let cur = (a.month() - 1) / 3 + 1;
                    pick_year(a, q, cur, 4, dir, tense)
                }
            };
            Some(Point::Quarter(y, q))
        }
        Cal::Half { y, h } => Some(Point::Half(
            year_of(y, anchor).ok()?.or(anchor.map(|a| a.year()))?,
            h,
        )),
        Cal::Week { y, w } => {
            let y = year_of(y, anchor)
                .ok()?
                .or(anchor.map(|a| a.iso_week().year()))?;
            NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon).map(|_| Point::Week(y, w))
        }
        Cal::Season { y, s, dir } => {
            let y = match year_of(y, anchor).ok()? {
                Some(y) => y,
                None => {
                    let a = anchor?;
                    let cur = match a.month() {
                        3..=5 => 0,
                        6..=8 => 1,
                        9..=11 => 2,
                        _ => 3,
                    };
                    // Winter started in December of the year before.
                    let y = pick_year(a, s, cur, 4, dir, tense);
                    if cur == 3 && a.month() <= 2 && !matches!(dir, Dir::Next | Dir::Coming) {
                        y - 1
                    } else {
                        y
                    }
                }
            };
            Some(Point::Season(y, s))
        }
        Cal::Weekday { wd, dir } => {
            let a = anchor?;
            let aw = a.weekday().number_from_monday() as i64;
            let wd = wd as i64;
            let back = (aw - wd).rem_euclid(7);
            let fwd = (wd - aw).rem_euclid(7);
            // "last Wednesday" is the Wednesday of last week, "next Friday"
            // the Friday of next week (weeks from Monday).
            let offset = match dir {
                Dir::Last => wd - aw - 7,
                Dir::Next => wd - aw + 7,
                Dir::Past => -(if back == 0 { 7 } else { back }),
                Dir::Coming => {
                    if fwd == 0 {
                        7
                    } else {
                        fwd
                    }
                }
                Dir::This => wd - aw,
                Dir::Context => match tense {
                    Tense::Future => fwd,
                    Tense::Past | Tense::Unknown => -back,
                },
            };
            a.checked_add_signed(chrono::TimeDelta::try_days(offset)?)
                .map(Point::Day)
        }
        Cal::Century(n) => Some(Point::Century((n - 1) * 100)),
        Cal::MonthDay { d, dir } => {
            let a = anchor?;
            let shift = match (dir, tense) {
                (Dir::Last, _) | (Dir::Context, Tense::Past) if d > a.day() => -1,
                (Dir::Next, _) | (Dir::Context, Tense::Future) if d < a.day() => 1,
                _ => 0,
            };
            let first = a.with_day(1)?;
            let month = if shift < 0 {
                first.checked_sub_months(Months::new(1))?
            } else {
                first.checked_add_months(Months::new(shift as u32))?
            };
            month.with_day(d).map(Point::Day)
        }
        Cal::DayOnWeekday { wd, d } => {
            let a = anchor?;
            let first = a.with_day(1)?;
            // Each weekday falls on a given day of the month at least once
            // in 14 months: look that far each way, cost as for years.
            (-14i32..=14)
                .filter_map(|k| {
                    let m = if k < 0 {
                        first.checked_sub_months(Months::new(k.unsigned_abs()))?
                    } else {
                        first.checked_add_months(Months::new(k as u32))?
                    };
                    let day = m.with_day(d)?;
                    (day.weekday().number_from_monday() == wd).then_some(day)
                })
                .min_by(|x, y| day_cost(a, *x, tense).total_cmp(&day_cost(a, *y, tense)))
                .map(Point::Day)
        }
        Cal::DayOfRel { d, n } => {
            let first = anchor?.with_day(1)?;
            let month = if n < 0 {
                first.checked_sub_months(Months::new(n.unsigned_abs()))?
            } else {
                first.checked_add_months(Months::new(n as u32))?
            };
            month.with_day(d).map(Point::Day)
        }
        Cal::Weekend { dir } => {
            let a = anchor?;
            let aw = a.weekday().number_from_monday() as i64;
            // Saturday of the anchor's week.
            let sat = a.checked_add_signed(chrono::TimeDelta::try_days(6 - aw)?)?;
            let weeks = match dir {
                Dir::Last | Dir::Past => -1,
                Dir::Next | Dir::Coming => 1,
                Dir::This => 0,
                Dir::Context => match tense {
                    Tense::Past if aw < 6 => -1,
                    _ => 0,
                },
            };
            let sat = sat.checked_add_signed(chrono::TimeDelta::try_weeks(weeks)?)?;
            Some(Point::Days(sat, sat.succ_opt()?))
        }
        Cal::WeekdayOfWeek { wd, n } => {
            let a = anchor?;
            let aw = a.weekday().number_from_monday() as i64;
            let offset = 7 * n as i64 + wd as i64 - aw;
            a.checked_add_signed(chrono::TimeDelta::try_days(offset)?)
                .map(Point::Day)
        }
        Cal::NthWeekday { n, wd, of } => {
            let a = anchor;
            let (y, m) = match of {
                MonthRef::Abs(Some(y), m) => (year_of(Some(y), a).ok()??, m),
                MonthRef::Abs(None, m) => {
                    let a = a?;
                    (pick_year(a, m, a.month(), 12, Dir::Context, tense), m)
                }
                MonthRef::Rel(r) => {
                    let a = a?;
                    let total = a.year() * 12 + a.month0() as i32 + r;
                    (total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
                }
            };
            let wd = chrono::Weekday::try_from(u8::try_from(wd.checked_sub(1)?).ok()?).ok()?;
            NaiveDate::from_weekday_of_month_opt(y, m, wd, u8::try_from(n).ok()?).map(Point::Day)
        }
        Cal::Holiday { h, y, dir } => {
            let y = match year_of(y, anchor).ok()? {
                Some(y) => y,
                None => {
                    let a = anchor?;
                    let this = holidays::date(h, a.year())?;
                    pick_year(
                        a,
                        this.month() * 32 + this.day(),
                        a.month() * 32 + a.day(),
                        384,
                        dir,
                        tense,
                    )
                }
            };
            holidays::date(h, y).map(Point::Day)
        }
        Cal::Offset { unit, n } => {
            let a = anchor?;
            let d = match unit {
                Unit::Day => a.checked_add_signed(chrono::TimeDelta::try_days(n as i64)?)?,
                Unit::Month if n >= 0 => a.checked_add_months(Months::new(n as u32))?,
                Unit::Year if n >= 0 => a.checked_add_months(Months::new(12 * n as u32))?,
                _ => return None,
            };
            Some(Point::Day(d))
        }
        Cal::Rel { unit, n } => {
            let a = anchor?;
            match unit {
                Unit::Day => a
                    .checked_add_signed(chrono::TimeDelta::try_days(n as i64)?)
                    .map(Point::Day),
                Unit::Week | Unit::Fortnight => {
                    let d = a.checked_add_signed(chrono::TimeDelta::try_weeks(n as i64)?)?;
                    let w = d.iso_week();
                    Some(Point::Week(w.year(), w.week()))
                }
                Unit::Month => {
                    let total = a.year() * 12 + a.month0() as i32 + n;
                    Some(Point::Month(
                        total.div_euclid(12),
                        total.rem_euclid(12) as u32 + 1,
                    ))
                }
                Unit::Quarter => {
                    let total = a.year() * 4 + (a.month0() / 3) as i32 + n;
                    Some(Point::Quarter(
                        total.div_euclid(4),
                        total.rem_euclid(4) as u32 + 1,
                    ))
                }
                Unit::Year => Some(Point::Year(a.year() + n)),
                Unit::Decade => Some(Point::Decade((a.year() / 10 + n) * 10)),
                Unit::Century | Unit::Second | Unit::Minute | Unit::Hour => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        parse_ymd(s)
    }

    /// The value of `sem` with nothing in focus.
    fn value(sem: &Sem, anchor: Option<NaiveDate>, tense: Tense) -> Option<String> {
        resolve(sem, anchor, tense, &|_, _| None).value
    }

    #[test]
    fn year_less_dates_follow_tense() {
        let c = Sem::Cal(Cal::Day {
            y: None,
            m: 1,
            d: 20,
            dir: Dir::Context,
        });
        assert_eq!(
            value(&c, d("2024-11-15"), Tense::Future).as_deref(),
            Some("2025-01-20")
        );
        assert_eq!(
            value(&c, d("2024-10-15"), Tense::Past).as_deref(),
            Some("2024-01-20")
        );
        // Tense cues are weak evidence: a past-tense date days ahead stays ahead.
        let c = Sem::Cal(Cal::Day {
            y: None,
            m: 11,
            d: 6,
            dir: Dir::Context,
        });
        assert_eq!(
            value(&c, d("2024-10-30"), Tense::Past).as_deref(),
            Some("2024-11-06")
        );
        let c = Sem::Cal(Cal::Day {
            y: None,
            m: 10,
            d: 11,
            dir: Dir::Context,
        });
        assert_eq!(
            value(&c, d("2024-10-31"), Tense::Past).as_deref(),
            Some("2024-10-11")
        );
    }

    #[test]
    fn weekdays_look_back_in_the_past_and_ahead_in_the_future() {
        let c = Sem::Cal(Cal::Weekday {
            wd: 3,
            dir: Dir::Context,
        });
        // 2024-10-31 is a Thursday.
        assert_eq!(
            value(&c, d("2024-10-31"), Tense::Past).as_deref(),
            Some("2024-10-30")
        );
        assert_eq!(
            value(&c, d("2024-10-31"), Tense::Future).as_deref(),
            Some("2024-11-06")
        );
    }

    #[test]
    fn nothing_resolves_without_an_anchor_but_absolute_points() {
        let rel = Sem::Cal(Cal::Rel {
            unit: Unit::Month,
            n: -1,
        });
        let r = resolve(&rel, None, Tense::Unknown, &|_, _| None);
        assert_eq!((r.value, r.kind), (None, TimeKind::Month));
        let y = Sem::Cal(Cal::Year(2023));
        assert_eq!(value(&y, None, Tense::Unknown).as_deref(), Some("2023"));
    }

    #[test]
    fn malformed_publication_dates_are_no_anchor() {
        for s in [
            "",
            "2024",
            "2024-13-01",
            "2024-02-30",
            "abcd-ef-gh",
            "2024-1-1",
        ] {
            assert_eq!(parse_ymd(s), None, "{s}");
        }
    }
}
