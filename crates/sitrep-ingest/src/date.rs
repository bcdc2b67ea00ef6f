//! Publication dates as pages write them: ISO 8601 stamps in meta tags,
//! RFC 2822 in HTTP and WARC headers, and prose forms near the top of an
//! article ("Published: 31 Oct. 2024", "November 24, 2024 22:33",
//! "Thursday 24 October 2024").

use chrono::NaiveDate;
use regex::Regex;
use sitrep_text::lists::list;
use std::sync::LazyLock;

/// Month names with their numbers (`data/lang/en/words/date.txt`), read once.
static MONTHS: LazyLock<Vec<(&str, u32)>> = LazyLock::new(|| {
    list(include_str!("../data/lang/en/words/date.txt"), "months")
        .into_iter()
        .filter_map(|l| {
            let (name, n) = l.split_once(' ')?;
            Some((name, n.trim().parse().ok()?))
        })
        .collect()
});

/// The month names as a case-insensitive regex group, longest first so a
/// full name is preferred to its abbreviation.
static MONTH: LazyLock<String> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTHS.iter().map(|&(n, _)| n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let names: Vec<String> = names.into_iter().map(regex::escape).collect();
    format!("((?i:{}))", names.join("|"))
});

static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?:\b|T)").unwrap());
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+{}\.?,?\s+((?:19|20)\d\d)\b", *MONTH)).unwrap()
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b{}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", *MONTH)).unwrap()
});
static NUMERIC_DMY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b").unwrap());
static NUMERIC_MDY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b").unwrap());

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    MONTHS.iter().find(|&&(n, _)| n == lower).map(|&(_, m)| m)
}

fn ymd(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m, d.parse().ok()?)
}

/// Find the first date written anywhere in `s`.
pub fn find_date(s: &str) -> Option<NaiveDate> {
    let mut best: Option<(usize, NaiveDate)> = None;
    let mut consider = |at: usize, date: Option<NaiveDate>| {
        if let Some(date) = date {
            if best.is_none_or(|(b, _)| at < b) {
                best = Some((at, date));
            }
        }
    };
    if let Some(c) = ISO.captures(s) {
        consider(c.get(0)?.start(), c[2].parse().ok().and_then(|m| ymd(&c[1], m, &c[3])));
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(s) {
        consider(c.get(0)?.start(), month_number(&c[2]).and_then(|m| ymd(&c[3], m, &c[1])));
    }
    if let Some(c) = MONTH_DAY_YEAR.captures(s) {
        consider(c.get(0)?.start(), month_number(&c[1]).and_then(|m| ymd(&c[3], m, &c[2])));
    }
    if let Some(c) = NUMERIC_DMY.captures(s) {
        consider(c.get(0)?.start(), c[2].parse().ok().and_then(|m| ymd(&c[3], m, &c[1])));
    }
    if let Some(c) = NUMERIC_MDY.captures(s) {
        consider(c.get(0)?.start(), c[1].parse().ok().and_then(|m| ymd(&c[3], m, &c[2])));
    }
    best.map(|(_, d)| d)
}

/// Parse a date value and format it as `YYYY-MM-DD`.
pub fn normalize(s: &str) -> Option<String> {
    find_date(s).map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn forms_seen_in_news() {
        let cases = [
            ("2024-10-23T08:12:44Z", "2024-10-23"),
            ("2024-10-23", "2024-10-23"),
            ("Published: 31 Oct. 2024", "2024-10-31"),
            ("November 24, 2024 22:33", "2024-11-24"),
            ("Thursday, October 24th, 2024", "2024-10-24"),
            ("Wed, 23 Oct 2024 08:12:44 GMT", "2024-10-23"),
            ("Updated Sept. 3, 2024 at 5:00 p.m.", "2024-09-03"),
            ("24.10.2024", "2024-10-24"),
            ("10/24/2024", "2024-10-24"),
            ("2024/10/24 09:15", "2024-10-24"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn no_date_or_impossible_date() {
        assert_eq!(normalize("12,000 troops by December"), None);
        assert_eq!(normalize("31 February 2024"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn every_month_has_a_name_and_abbreviations_read_in_any_case() {
        assert!((1..=12).all(|m| super::MONTHS.iter().any(|&(_, n)| n == m)));
        assert_eq!(normalize("SEPT 3, 2024").as_deref(), Some("2024-09-03"));
        assert_eq!(normalize("3 sep. 2024").as_deref(), Some("2024-09-03"));
        assert_eq!(normalize("3 Septem 2024"), None, "no prefix of a name but its abbreviations");
    }

    #[test]
    fn the_earliest_date_in_the_line_wins() {
        assert_eq!(normalize("Posted 2 Nov 2024, updated 2024-11-05").as_deref(), Some("2024-11-02"));
    }
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = super::normalize(&s);
        }

        #[test]
        fn iso_round_trips(y in 1990i32..2040, m in 1u32..=12, d in 1u32..=28) {
            let s = format!("{y:04}-{m:02}-{d:02}");
            prop_assert_eq!(super::normalize(&s), Some(s.clone()));
        }
    }
}
