//! Small text helpers shared by the fuse modules: names folded to a
//! comparable key (folding and words are `sitrep_text::fold`'s), singular forms, dates as day numbers,
//! numbers for people to read, and a deterministic hash.

pub(crate) use sitrep_text::fold::fold_char;
pub use sitrep_text::fold::{each_word, fold, strip_possessive, words};
use sitrep_text::lists::list;
use foldhash::HashSet;
use std::sync::LazyLock;

/// A key under which spelling variants of a name meet: folded, possessive
/// and punctuation removed, spaces dropped, and runs of one letter squeezed
/// ("Kim Jong-Un" = "Kim Jong Un" = "kimjongun"; "Zelenskyy" = "Zelensky").
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for w in words(name) {
        for c in fold(w).chars() {
            if out.ends_with(c) && c.is_alphabetic() {
                continue;
            }
            out.push(c);
        }
    }
    out
}

pub use sitrep_lang::morph::singular;

/// Whether a word is written like an acronym: 2–6 characters, all capital
/// letters or digits, at least two capitals ("NIS", "UN", "F16A" but not "G7").
pub fn is_acronym(s: &str) -> bool {
    let n = s.chars().count();
    (2..=6).contains(&n)
        && s.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && s.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// Words too common to tell sentences or subjects apart.
pub fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(w)
}

/// The words of [`is_stopword`], from `data/lang/en/words.txt`.
static STOPWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| list(crate::WORDS, "stopwords").into_iter().collect());

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The root of `x`'s set in a union-find forest (with path halving).
pub(crate) fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Join the sets of `a` and `b`; the lower root stays the root, so the
/// result does not depend on the order of the unions.
pub(crate) fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// The `YYYY-MM-DD` date of a day number (the inverse of
/// [`days_from_civil`], Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The days an ISO 8601 time value covers, as day numbers (first, last):
/// a date or date-time is one day, a month or year all of its days, a
/// quarter its three months, a period `a/b` from the start of `a` to the
/// end of `b`. Durations, weeks and anything unreadable give `None`.
pub fn day_range(value: &str) -> Option<(i64, i64)> {
    if let Some((a, b)) = value.split_once('/') {
        let (start, _) = day_range(a)?;
        let (_, end) = day_range(b)?;
        return (start <= end).then_some((start, end));
    }
    let v = value.get(..10).filter(|_| value.as_bytes().get(10) == Some(&b'T')).unwrap_or(value);
    let mut parts = v.split('-');
    let year: i64 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    match (parts.next(), parts.next(), parts.next()) {
        (None, None, None) => Some((days_from_civil(year, 1, 1), days_from_civil(year, 12, 31))),
        (Some(q), None, None) if q.starts_with('Q') => {
            let q: u32 = q[1..].parse().ok().filter(|q| (1..=4).contains(q))?;
            let first = (q - 1) * 3 + 1;
            let last = first + 2;
            Some((days_from_civil(year, first, 1), days_from_civil(year, last, days_in_month(year, last))))
        }
        (Some(w), None, None) if w.starts_with('W') => {
            // ISO week: week 1 holds the year's first Thursday.
            let w: i64 = w[1..].parse().ok().filter(|w| (1..=53).contains(w))?;
            let jan4 = days_from_civil(year, 1, 4);
            let weekday = (jan4 + 3).rem_euclid(7); // 0 = Monday (day 0 is a Thursday)
            let monday = jan4 - weekday + (w - 1) * 7;
            Some((monday, monday + 6))
        }
        (Some(m), None, None) => {
            let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
            Some((days_from_civil(year, m, 1), days_from_civil(year, m, days_in_month(year, m))))
        }
        (Some(m), Some(d), None) => {
            let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
            let d: u32 = d.parse().ok().filter(|d| (1..=days_in_month(year, m)).contains(d))?;
            let day = days_from_civil(year, m, d);
            Some((day, day))
        }
        _ => None,
    }
}

/// Whether `s` is a `YYYY-MM-DD` date.
pub fn is_date(s: &str) -> bool {
    s.len() == 10 && day_range(s).is_some_and(|(a, b)| a == b)
}

/// A number as people write it: thousands separated by commas, at most two
/// decimals, no trailing zeros ("288,000,000", "2,000", "0.5", "-3").
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return if v > 0.0 { "∞".into() } else if v < 0.0 { "-∞".into() } else { "?".into() };
    }
    let neg = v < 0.0;
    let rounded = (v.abs() * 100.0).round() / 100.0;
    let int = rounded.trunc();
    let frac = ((rounded - int) * 100.0).round() as u64;
    let mut out = sitrep_text::numbers::grouped(&format!("{int:.0}"), ",");
    if frac > 0 {
        let f = format!("{frac:02}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    if neg && out != "0" {
        out.insert(0, '-');
    }
    out
}

/// A 64-bit FNV-1a hash finished with the SplitMix64 mixer: stable across
/// runs and platforms, so results never depend on a random seed.
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// The SplitMix64 finaliser.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_read_from_the_data_file() {
        assert!(["the", "said", "per", "no"].iter().all(|w| is_stopword(w)));
        assert!(!is_stopword("troops") && !is_stopword("The"), "lower-case words only");
    }

    #[test]
    fn name_keys_meet_across_spellings() {
        assert_eq!(name_key("Kim Jong Un"), name_key("Kim Jong-un"));
        assert_eq!(name_key("Kim Jong-Un"), name_key("kim jong un"));
        assert_eq!(name_key("Volodymyr Zelenskyy"), name_key("Volodymyr Zelensky"));
        assert_eq!(name_key("Emmanuel Macrón"), name_key("Emmanuel Macron"));
        assert_eq!(name_key("Russia's"), "rusia");
        assert_ne!(name_key("Kim Jong Un"), name_key("Kim Yo Jong"));
    }

    #[test]
    fn civil_days_round_trip() {
        for (y, m, d) in [(2024, 2, 29), (1970, 1, 1), (2023, 3, 23), (1999, 12, 31)] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), format!("{y:04}-{m:02}-{d:02}"));
        }
    }

    #[test]
    fn singulars() {
        for (p, s) in [
            ("casualties", "casualty"),
            ("losses", "loss"),
            ("troops", "troop"),
            ("servicemen", "serviceman"),
            ("forces", "force"),
            ("status", "status"),
            ("dead", "dead"),
            ("churches", "church"),
        ] {
            assert_eq!(singular(p), s, "{p}");
        }
    }

    #[test]
    fn day_ranges() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(day_range("2024-10-18"), Some((20014, 20014)));
        assert_eq!(day_range("2024-02"), Some((19754, 19782)));
        assert_eq!(day_range("2024-10-18T14:00"), Some((20014, 20014)));
        let (a, b) = day_range("2024").unwrap();
        assert_eq!(b - a, 365);
        assert_eq!(day_range("2024-Q4").map(|(a, b)| b - a), Some(91));
        assert_eq!(day_range("2024-W46"), Some((days_from_civil(2024, 11, 11), days_from_civil(2024, 11, 17))));
        assert_eq!(day_range("2026-W01"), Some((days_from_civil(2025, 12, 29), days_from_civil(2026, 1, 4))));
        assert_eq!(day_range("2024-10-01/2024-12"), Some((19997, 20088)));
        for bad in ["P3D", "2024-W54", "2024-13", "2024-02-30", "", "abcd", "2024-10-18/2024-10-01"] {
            assert_eq!(day_range(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(format_number(288_000_000.0), "288,000,000");
        assert_eq!(format_number(2000.0), "2,000");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(1.257), "1.26");
        assert_eq!(format_number(-3.0), "-3");
        assert_eq!(format_number(999.999), "1,000");
        assert_eq!(format_number(f64::INFINITY), "∞");
    }

    #[test]
    fn acronyms() {
        assert!(is_acronym("NIS"));
        assert!(!is_acronym("G7"));
        assert!(is_acronym("NATO"));
        assert!(!is_acronym("Nato"));
        assert!(!is_acronym("A"));
    }
}
