//! Metadata lines: bylines ("By X and Y", "Author: X") and date lines
//! ("Published: 31 Oct. 2024, 16:55", "November 24, 2024 22:33"), alone or
//! joined by separators ("By X | 3 March 2024").
//!
//! The label tables (byline, date and update labels, month and weekday
//! names, outlet-name words) are general English news-site vocabulary
//! written for this project, in `data/lang/en/words/text-meta.txt`.

use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;
use super::vocab;
use crate::date::find_date;
use chrono::NaiveDate;

/// What a metadata line states.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// Author names, in order.
    pub names: Vec<String>,
    /// The date the line gives.
    pub date: Option<NaiveDate>,
    /// The date is an update stamp ("Updated: …"), not the publication date.
    pub updated: bool,
}

/// Longest line read as metadata, in bytes.
const MAX_META_LEN: usize = 200;

/// Read `s` as a metadata line: every segment between separators is a byline,
/// a date or a time. `None` if any segment is something else.
pub fn parse(s: &str) -> Option<Meta> {
    if s.len() > MAX_META_LEN {
        return None;
    }
    let mut meta = Meta::default();
    let mut any = false;
    for seg in s
        .split(['|', '·', '•'])
        .map(str::trim)
        .filter(|seg| !seg.is_empty())
    {
        if let Some(names) = byline(seg) {
            meta.names.extend(names);
            meta.date = meta.date.or_else(|| find_date(seg));
        } else if is_date_segment(seg) {
            if meta.date.is_none() {
                meta.date = find_date(seg);
                meta.updated = is_update_label(seg);
            }
        } else if let Some((date, names)) = date_then_byline(seg) {
            meta.names.extend(names);
            meta.date = meta.date.or(Some(date));
        } else {
            return None;
        }
        any = true;
    }
    (any && (!meta.names.is_empty() || meta.date.is_some())).then_some(meta)
}

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/text-meta.txt");

/// What may stand before an outlet's name on a line of its own, lower case:
/// a footer dash ("- Eastbridge Wire"), a copyright, a partner credit
/// ("with the Korea Daily").
static OUTLET_LABELS: Words = LazyLock::new(|| list(WORDS, "outlet_labels"));

/// The longest outlet name read, in words.
const MAX_OUTLET_WORDS: usize = 6;

/// Section labels that make "World News" a heading rather than an outlet.
static SECTION_WORDS: Words = LazyLock::new(|| list(WORDS, "section_words"));

/// The head a section word makes a heading of ("World News").
static SECTION_HEADS: Words = LazyLock::new(|| list(WORDS, "section_heads"));

/// Lower-case words an outlet's name may hold ("Voice of America").
static NAME_JOINERS: Words = LazyLock::new(|| list(WORDS, "name_joiners"));

/// The footer phrase after an outlet's name ("All rights reserved").
static RIGHTS_RESERVED: Words = LazyLock::new(|| list(WORDS, "rights_reserved"));

/// The article dropped from the start of a labelled outlet's name.
static LEADING_ARTICLES: Words = LazyLock::new(|| list(WORDS, "leading_articles"));

/// Read `s` as a line naming the outlet: "- Eastbridge Wire", "© 2024 The
/// Valley Courier. All rights reserved.", "with the Korea Daily", the name
/// before a section or a footer's links ("Granite Herald - World",
/// "Northgate Review © 2024 | Privacy Policy"), or the bare name ("The
/// Harbour Times"). The name is a few capitalised words whose last is an
/// outlet word.
pub fn outlet(s: &str) -> Option<String> {
    if s.len() > MAX_META_LEN {
        return None;
    }
    let s = s.trim();
    let s = s.split(['|', '·', '•']).next()?;
    let s = s.split(" - ").next()?;
    let s = match s.find('©') {
        Some(i) if i > 0 => &s[..i],
        _ => s,
    };
    let mut t = s.trim();
    let mut labelled = false;
    while let Some(label) = OUTLET_LABELS.iter().find(|l| t.len() > l.len() && t.is_char_boundary(l.len()) && t[..l.len()].eq_ignore_ascii_case(l)) {
        t = t[label.len()..].trim_start();
        labelled = true;
    }
    // "© 2024 X", "X. All rights reserved."
    t = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == ',');
    let lower = t.to_ascii_lowercase();
    if let Some(i) = RIGHTS_RESERVED.iter().filter_map(|p| lower.find(p)).min() {
        t = &t[..i];
    }
    let t = t.trim().trim_end_matches(['.', ',', ';', '|']).trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    let last = words.last()?.to_lowercase();
    let shaped = (1..=MAX_OUTLET_WORDS).contains(&words.len())
        && vocab::is_outlet_word(&last)
        && words.iter().enumerate().all(|(k, w)| {
            let lower = w.to_lowercase();
            w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.' | '&'))
                && (w.starts_with(char::is_uppercase) || NAME_JOINERS.contains(&lower.as_str()))
                && (k + 1 == words.len() || !vocab::is_ui(&lower))
        });
    // A bare name needs two words at least ("Daily" alone is no outlet).
    let section = words.len() == 2 && SECTION_HEADS.contains(&last.as_str()) && SECTION_WORDS.contains(&words[0].to_lowercase().as_str());
    (shaped && !section && (labelled || words.len() >= 2)).then(|| LEADING_ARTICLES.iter().find_map(|a| t.strip_prefix(a)).unwrap_or(t).to_string())
}

/// "Posted on March 3, 2024 by Ada Brooke": a date segment, then a byline.
fn date_then_byline(seg: &str) -> Option<(NaiveDate, Vec<String>)> {
    let at = seg
        .as_bytes()
        .windows(4)
        .position(|w| w.eq_ignore_ascii_case(b" by "))?;
    let (date, rest) = (&seg[..at], &seg[at + 1..]);
    if !is_date_segment(date) {
        return None;
    }
    Some((find_date(date)?, byline(rest)?))
}

/// Labels that introduce a byline, lower case.
static BYLINE_LABELS: Words = LazyLock::new(|| list(WORDS, "byline_labels"));

/// The names of a byline segment, or `None` if it is not one.
fn byline(seg: &str) -> Option<Vec<String>> {
    let label = BYLINE_LABELS.iter().find(|l| {
        seg.is_char_boundary(l.len())
            && seg
                .get(..l.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(l))
    })?;
    names(&seg[label.len()..])
}

/// The names in the rest of a byline ("Jane Roe and Joe Bloggs [desk@x]").
fn names(rest: &str) -> Option<Vec<String>> {
    let end = rest
        .find(['[', '(', '<', '/', '—', '–', '@'])
        .unwrap_or(rest.len());
    let end = rest[..end].find(" - ").unwrap_or(end);
    let rest = rest[..end]
        .trim()
        .trim_end_matches([',', '.', ';', ':', '-']);
    let mut out: Vec<String> = Vec::new();
    for piece in split_names(rest) {
        let piece = piece.trim().trim_matches([',', '.', ';', ':']).trim();
        let name = before_connector(piece);
        if name.is_empty() || is_role(name) || name.contains(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if !is_name(name) {
            return None;
        }
        // A lone word after a name is an outlet or a place ("…, Reuters").
        if out.is_empty() || name.contains(' ') {
            out.push(name.to_string());
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Lower-case words that end a name in a byline ("Jane Roe in Kyiv").
static CONNECTORS: Words = LazyLock::new(|| list(WORDS, "connectors"));

/// `piece` up to the first connector word.
fn before_connector(piece: &str) -> &str {
    let mut start = 0;
    for word in piece.split(' ') {
        if CONNECTORS.contains(&word) && start > 0 {
            return piece[..start].trim_end();
        }
        start += word.len() + 1;
    }
    piece
}

/// Split "A, B and C" / "A & B" into pieces.
fn split_names(s: &str) -> impl Iterator<Item = &str> {
    s.split([',', '&']).flat_map(|p| {
        let mut parts = Vec::new();
        let mut rest = p;
        while let Some(i) = find_and(rest) {
            parts.push(&rest[..i]);
            rest = &rest[i + 5..];
        }
        parts.push(rest);
        parts
    })
}

/// Byte offset of a stand-alone " and " in any case.
fn find_and(s: &str) -> Option<usize> {
    s.as_bytes()
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b" and "))
}

fn is_role(piece: &str) -> bool {
    piece
        .split_whitespace()
        .any(|w| vocab::is_role(&w.to_lowercase()))
}

/// Does `piece` look like a personal name: one to five capitalised words
/// (name particles allowed), no digits, no UI words?
pub fn is_name(piece: &str) -> bool {
    let words: Vec<&str> = piece.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && words
            .iter()
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
        && words.iter().all(|w| {
            let lower = w.to_lowercase();
            let first_upper = w.chars().next().is_some_and(char::is_uppercase);
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
                && (first_upper || vocab::is_particle(&lower))
                && !vocab::is_ui(&lower)
                && !is_month_or_weekday(&lower)
        })
}

/// Is `seg` made only of date and time words, with at least one digit?
fn is_date_segment(seg: &str) -> bool {
    seg.chars().any(|c| c.is_ascii_digit())
        && seg
            .split(|c: char| c.is_whitespace() || c == ',')
            .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|t| !t.is_empty())
            .all(is_date_token)
}

/// Words that label a date line, lower case.
static DATE_LABELS: Words = LazyLock::new(|| list(WORDS, "date_labels"));

fn is_date_token(t: &str) -> bool {
    let lower = t.to_lowercase();
    t.chars().any(|c| c.is_ascii_digit())
        || is_month_or_weekday(&lower)
        || DATE_LABELS.contains(&lower.as_str())
        // time zones: GMT, UTC, KST, EDT …
        || ((2..=4).contains(&t.len()) && t.chars().all(|c| c.is_ascii_uppercase()))
}

fn is_update_label(seg: &str) -> bool {
    static UPDATE_LABELS: Words = LazyLock::new(|| list(WORDS, "update_labels"));
    let lower = seg.trim_start().to_lowercase();
    UPDATE_LABELS.iter().any(|l| lower.starts_with(l))
}

/// Month and weekday names and their usual abbreviations, lower case.
fn is_month_or_weekday(lower: &str) -> bool {
    static NAMES: Words = LazyLock::new(|| list(WORDS, "names"));
    NAMES.contains(&lower.trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_lines() {
        assert_eq!(outlet("- Eastbridge Wire").as_deref(), Some("Eastbridge Wire"));
        assert_eq!(outlet("© 2024 The Valley Courier. All rights reserved.").as_deref(), Some("The Valley Courier"));
        assert_eq!(outlet("with the Korea Daily").as_deref(), Some("Korea Daily"));
        assert_eq!(outlet("Harbour Post").as_deref(), Some("Harbour Post"));
        assert_eq!(outlet("- Ada Brooke"), None);
        assert_eq!(outlet("Times Square flooded"), None);
        assert_eq!(outlet("Daily"), None);
        assert_eq!(outlet("Read the latest news"), None);
        assert_eq!(outlet("Granite Coast Herald - World").as_deref(), Some("Granite Coast Herald"));
        assert_eq!(outlet("Northgate Review © 2024 | Privacy Policy | Terms").as_deref(), Some("Northgate Review"));
        assert_eq!(outlet("World News | Asia"), None);
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn bylines() {
        assert_eq!(byline("By Ada Brooke"), Some(vec!["Ada Brooke".into()]));
        assert_eq!(
            byline("By Ada Brooke and Lin Wei-ting [desk@paper.example]"),
            Some(vec!["Ada Brooke".into(), "Lin Wei-ting".into()])
        );
        assert_eq!(
            byline("Written by A. Okafor, Mia de la Cruz & Tom Hale"),
            Some(vec![
                "A. Okafor".into(),
                "Mia de la Cruz".into(),
                "Tom Hale".into()
            ])
        );
        assert_eq!(
            byline("Author: Ines Falk, Staff Writer"),
            Some(vec!["Ines Falk".into()])
        );
        assert_eq!(
            byline("BY ROSA VANCE AND ELI MOSS"),
            Some(vec!["ROSA VANCE".into(), "ELI MOSS".into()])
        );
        assert_eq!(
            byline("By Jane Roe in Kyiv and Sam Low, Reuters"),
            Some(vec!["Jane Roe".into(), "Sam Low".into()])
        );
        assert_eq!(byline("By Tuesday, the river had risen two metres"), None);
        assert_eq!(byline("By the end of the week"), None);
        assert_eq!(byline("Bypass road reopens"), None);
    }

    #[test]
    fn date_lines() {
        let m = parse("Published: 31 Oct. 2024, 16:55").unwrap();
        assert_eq!((m.date, m.updated), (d(2024, 10, 31), false));
        let m = parse("Updated: 2 Nov. 2024, 09:10").unwrap();
        assert_eq!((m.date, m.updated), (d(2024, 11, 2), true));
        assert_eq!(
            parse("November 24, 2024 22:33").unwrap().date,
            d(2024, 11, 24)
        );
        assert_eq!(
            parse("Published 14 Nov 2024 | 07:45 GMT").unwrap().date,
            d(2024, 11, 14)
        );
        assert_eq!(
            parse("Thursday 24 October 2024").unwrap().date,
            d(2024, 10, 24)
        );
    }

    #[test]
    fn byline_and_date_on_one_line() {
        let m = parse("By Ada Brooke | March 3, 2024").unwrap();
        assert_eq!(m.names, ["Ada Brooke"]);
        assert_eq!(m.date, d(2024, 3, 3));
        let m = parse("Posted on March 4, 2024 by Ada Brooke").unwrap();
        assert_eq!(m.names, ["Ada Brooke"]);
        assert_eq!(m.date, d(2024, 3, 4));
        let m = parse("Posted by Ada Brooke on March 4, 2024").unwrap();
        assert_eq!(
            (m.names.as_slice(), m.date),
            (["Ada Brooke".to_string()].as_slice(), d(2024, 3, 4))
        );
    }

    #[test]
    fn prose_with_a_date_is_not_metadata() {
        assert_eq!(
            parse("The ferry sank on March 3, 2024 near the pier."),
            None
        );
        assert_eq!(parse("Home | World | Asia"), None);
        assert_eq!(parse("12:30"), None);
    }
}
