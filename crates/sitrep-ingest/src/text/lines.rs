//! Splitting a page into paragraph units and measuring their shape.
//!
//! A scraped page mostly has one paragraph per line; hard-wrapped pages break
//! a paragraph over several lines. A unit is one or more consecutive input
//! lines: on a page wrapped at a fixed width (see [`wrap_width`]), a line
//! joins the one before it when that one is filled to the wrap width.
//! Otherwise every non-blank line is a unit of its own.

use std::borrow::Cow;

/// One paragraph of the page: trimmed input lines plus shape features.
#[derive(Debug)]
pub struct Unit<'a> {
    /// The trimmed input lines joined by `\n` (usually just one line).
    pub text: Cow<'a, str>,
    /// Number of words (whitespace-separated tokens containing a letter or digit).
    pub words: usize,
    /// Ends with sentence-final punctuation (before any closing quotes or brackets).
    pub terminal: bool,
    /// A blank line (or the start of the page) comes right before it.
    pub blank_before: bool,
}

/// Split `raw` into units. Blank lines separate units and are not kept.
pub fn units(raw: &str) -> Vec<Unit<'_>> {
    let wrap_width = wrap_width(raw);
    let mut out: Vec<Unit<'_>> = Vec::new();
    let mut after_blank = true;
    for line in trimmed_lines(raw) {
        if line.is_empty() {
            after_blank = true;
            continue;
        }
        match out.last_mut() {
            Some(prev) if !after_blank && wrap_width.is_some_and(|w| continues(prev, w)) => {
                let text = prev.text.to_mut();
                text.push('\n');
                text.push_str(line);
                prev.words += word_count(line);
                prev.terminal = is_terminal(line);
            }
            _ => out.push(Unit {
                text: Cow::Borrowed(line),
                words: word_count(line),
                terminal: is_terminal(line),
                blank_before: after_blank,
            }),
        }
        after_blank = false;
    }
    out
}

/// Trimmed lines (a leading byte-order mark dropped too).
fn trimmed_lines(raw: &str) -> impl Iterator<Item = &str> {
    raw_lines(raw).map(|l| l.trim().trim_start_matches('\u{feff}').trim_start())
}

/// Lines split on `\n`, `\r\n` and lone `\r`.
fn raw_lines(raw: &str) -> impl Iterator<Item = &str> {
    raw.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .flat_map(|l| l.split('\r'))
}

/// Widest line a hard-wrapped page is wrapped at.
const MAX_WRAP_WIDTH: usize = 100;

/// The width a page is hard-wrapped at, if it is: no line is wider than
/// [`MAX_WRAP_WIDTH`] and at least 40% of the lines (and three or more)
/// come within a quarter of the widest one.
fn wrap_width(raw: &str) -> Option<usize> {
    let width = trimmed_lines(raw).map(|l| l.chars().count()).max()?;
    if width > MAX_WRAP_WIDTH {
        return None;
    }
    let (mut lines, mut full) = (0usize, 0usize);
    for line in trimmed_lines(raw).filter(|l| !l.is_empty()) {
        lines += 1;
        full += usize::from(line.chars().count() * 4 >= width * 3);
    }
    (full >= 3 && full * 5 >= lines * 2).then_some(width)
}

/// On a page wrapped at `width`, does the next line carry on the paragraph
/// `prev`? Yes if `prev`'s last line was filled to within a quarter of the
/// wrap width.
fn continues(prev: &Unit<'_>, width: usize) -> bool {
    let last = prev.text.rsplit('\n').next().unwrap_or_default();
    last.chars().count() * 4 >= width * 3
}

/// Whitespace-separated tokens that contain a letter or a digit.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Characters that may follow the final punctuation of a sentence.
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '*'];

/// Does `s` end like a sentence (`.`, `!`, `?`, `…`, possibly inside quotes)?
pub fn is_terminal(s: &str) -> bool {
    s.trim_end()
        .trim_end_matches(CLOSERS)
        .ends_with(['.', '!', '?', '…'])
}

/// Does `s` end with a full stop (or an ellipsis) rather than `?`/`!`?
pub fn ends_with_period(s: &str) -> bool {
    s.trim_end().trim_end_matches(CLOSERS).ends_with(['.', '…'])
}

/// Share of words that start with an upper-case letter, among words that
/// start with a letter.
pub fn capitalised_share(s: &str) -> f32 {
    let (mut upper, mut lettered) = (0usize, 0usize);
    for w in s.split_whitespace() {
        if let Some(c) = w.chars().find(|c| c.is_alphanumeric()) {
            if c.is_alphabetic() {
                lettered += 1;
                upper += usize::from(c.is_uppercase());
            }
        }
    }
    if lettered == 0 {
        0.0
    } else {
        upper as f32 / lettered as f32
    }
}

/// Strip a list bullet (`- `, `• `, `* `, `1. `, `2) `) from the start of `s`.
pub fn strip_bullet(s: &str) -> Option<&str> {
    for bullet in ["- ", "– ", "— ", "• ", "* ", "· ", "▪ ", "► "] {
        if let Some(rest) = s.strip_prefix(bullet) {
            return Some(rest.trim_start());
        }
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &s[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(rest.trim_start());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_never_joined() {
        let raw = "A headline without a full stop that runs on a while\nnews\nA body line.";
        assert_eq!(units(raw).len(), 3);
    }

    #[test]
    fn one_line_per_paragraph_and_blank_separated_pages() {
        let u = units("Title\r\nFirst para.\n\n\nSecond para.\rThird");
        let texts: Vec<&str> = u.iter().map(|u| u.text.as_ref()).collect();
        assert_eq!(texts, ["Title", "First para.", "Second para.", "Third"]);
    }

    #[test]
    fn hard_wrapped_lines_join_their_paragraph() {
        let raw = "Harbour board extends night ferry\n\n\
                   The harbour board voted on Thursday to extend the\n\
                   night ferry to the outer islands from next spring,\n\
                   a decision that islanders had sought for years.\n\n\
                   The first sailings are due in April, officials said\n\
                   at a meeting in the town hall on Thursday evening.";
        let u = units(raw);
        assert_eq!(u.len(), 3);
        assert_eq!(u[1].text.lines().count(), 3);
        assert!(u[1].terminal);
        assert_eq!(u[1].words, 26);
        assert_eq!(u[2].text.lines().count(), 2);
    }

    #[test]
    fn shapes() {
        assert!(is_terminal("He said “no.”"));
        assert!(is_terminal("Why now?"));
        assert!(!is_terminal("A heading"));
        assert!(!ends_with_period("Why now?"));
        assert_eq!(strip_bullet("- item"), Some("item"));
        assert_eq!(strip_bullet("12. item"), Some("item"));
        assert_eq!(strip_bullet("2024. item"), None);
        assert_eq!(strip_bullet("-item"), None);
        assert!(capitalised_share("The Quiet Harbour") > 0.9);
        assert!(capitalised_share("a quiet harbour in Maine") < 0.5);
        assert_eq!(word_count("a – b 12"), 3);
    }
}
