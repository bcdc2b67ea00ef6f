//! Sentence boundaries for news text.
//!
//! One left-to-right pass over the text. A sentence ends at:
//! - a blank line, or a line break that is not a hard wrap inside a sentence
//!   (a heading, a dateline or a byline line ends where its line ends; a line
//!   break followed by a lowercase word continues the sentence);
//! - `.`, `!`, `?`, `…` or `...`, together with the closing quotes and
//!   brackets that follow it, when whitespace comes next and the next word does
//!   not start in lowercase, unless the period closes an abbreviation.
//!
//! Abbreviations: titles and ranks ("Dr.", "Lt. Gen.", "(Ret.)"), "No. 2",
//! month names ("Jan."), initials ("J. R. R. Tolkien") never end a sentence.
//! Dotted initialisms and company suffixes ("U.S.", "Inc.", "etc.") end one
//! only when the next word is a typical sentence opener ("... in the U.S. The
//! next day"). Decimals ("1.28"), thousands ("12,000") and decimal commas
//! ("98,3") never split since the period is not followed by whitespace.
//! Tokenised text ("shares fell 5 % .") works as well: a lone period is a
//! sentence end.

use crate::lists::{list, Words};
use std::borrow::Cow;
use std::sync::LazyLock;
use sitrep_core::Span;

/// The word lists of this module.
const WORDS: &str = include_str!("../data/lang/en/abbreviations.txt");

/// Words that are always followed by a period that does not end the sentence
/// (case-sensitive, without the period).
static NEVER_FINAL: Words = LazyLock::new(|| list(WORDS, "never_final"));

/// Abbreviations that may also end a sentence; they do when the next word is
/// a typical sentence opener.
static MAYBE_FINAL: Words = LazyLock::new(|| list(WORDS, "maybe_final"));

/// Capitalised words that typically open a sentence, used to decide whether
/// "U.S." or "Inc." closes one.
static OPENERS: Words = LazyLock::new(|| list(WORDS, "openers"));

/// Whether `word` (without its period) is an abbreviation written with a
/// period: a title or rank ("Dr", "Gen", "Ret"), "No", a month, a company
/// suffix ("Inc", "Corp").
pub fn is_abbreviation(word: &str) -> bool {
    NEVER_FINAL.contains(&word) || MAYBE_FINAL.contains(&word)
}

/// The sentences of `text`: `stored`, the spans [`split`] gave when the
/// text was annotated, or, when none were kept (a document annotated before
/// they were) or they do not fit the text (in order, apart, on character
/// boundaries), the text split again.
pub fn stored_or_split<'s>(text: &str, stored: &'s [Span]) -> Cow<'s, [Span]> {
    let mut at = 0;
    let fits = !stored.is_empty()
        && stored.iter().all(|s| {
            let ok = at <= s.start && s.start <= s.end && text.get(s.start..s.end).is_some();
            at = s.end;
            ok
        });
    if fits {
        Cow::Borrowed(stored)
    } else {
        Cow::Owned(split(text))
    }
}

/// Split `text` into sentences (byte spans, trimmed of surrounding space).
pub fn split(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                if line_break_ends(text, i) {
                    push_trimmed(text, start, i, &mut out);
                    start = i + 1;
                }
                i += 1;
            }
            b'.' | b'!' | b'?' => {
                // Run of terminal punctuation ("?!", "...").
                let mut j = i;
                while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?') {
                    j += 1;
                }
                let end = absorb_closers(text, j);
                if is_boundary(text, i, j, end) {
                    push_trimmed(text, start, end, &mut out);
                    start = end;
                }
                i = end.max(i + 1);
            }
            0xE2 if text[i..].starts_with('…') => {
                let j = i + '…'.len_utf8();
                let end = absorb_closers(text, j);
                if next_word_starts_sentence(text, end) {
                    push_trimmed(text, start, end, &mut out);
                    start = end;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// Whether the line break at byte `i` ends a sentence: always after a blank
/// line or before one, otherwise unless the next line continues in lowercase
/// (a hard-wrapped paragraph).
fn line_break_ends(text: &str, i: usize) -> bool {
    let rest = &text[i + 1..];
    let next = rest.trim_start_matches([' ', '\t', '\r']);
    match next.chars().next() {
        None | Some('\n') => true,
        Some(c) => {
            let prev = text[..i].trim_end_matches([' ', '\t', '\r']);
            if prev.is_empty() || prev.ends_with('\n') {
                return true;
            }
            // A wrapped line continues with a lowercase word after a line that
            // does not end in terminal punctuation.
            !c.is_lowercase() || prev.ends_with(['.', '!', '?', ':', '"', '”'])
        }
    }
}

/// Skip closing quotes and brackets right after terminal punctuation.
fn absorb_closers(text: &str, mut j: usize) -> usize {
    while let Some(c) = text[j..].chars().next() {
        if matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›') {
            j += c.len_utf8();
        } else {
            break;
        }
    }
    j
}

/// Whether the terminal punctuation `text[i..j]` (closers up to `end`) ends
/// a sentence.
fn is_boundary(text: &str, i: usize, j: usize, end: usize) -> bool {
    // Must be followed by whitespace or the end of the text.
    match text[end..].chars().next() {
        None => return true,
        Some(c) if !c.is_whitespace() => return false,
        _ => {}
    }
    let punct = &text[i..j];
    if punct != "." {
        // "!", "?", "...", "?!": ends unless the next word is lowercase
        // ("'Why?' he asked").
        return next_word_starts_sentence(text, end);
    }
    let word = word_before(text, i);
    if word.is_empty() {
        // Tokenised text: "fell 5 % ." — a lone period.
        return true;
    }
    if NEVER_FINAL.contains(&word) {
        return false;
    }
    let next_lower = next_word_is_lowercase(text, end);
    if next_lower {
        return false;
    }
    // Initials: "J." in "J. R. R. Tolkien".
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return false;
        }
    }
    // Dotted initialisms ("U.S", "a.m") and company suffixes.
    if MAYBE_FINAL.contains(&word) || is_dotted_initialism(word) {
        return next_word_is_opener(text, end);
    }
    true
}

/// The word ending at byte `i`, without leading opening punctuation
/// ("(Ret" → "Ret").
fn word_before(text: &str, i: usize) -> &str {
    let head = &text[..i];
    let start = head.rfind(char::is_whitespace).map_or(0, |p| p + head[p..].chars().next().map_or(1, char::len_utf8));
    head[start..].trim_start_matches(['(', '[', '"', '\'', '“', '‘', '«'])
}

fn is_dotted_initialism(word: &str) -> bool {
    // "U.S", "U.K", "e.g", "Ph.D": at least one inner period, pieces short.
    word.contains('.') && word.split('.').all(|p| !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
}

fn next_word(text: &str, end: usize) -> &str {
    let rest = text[end..].trim_start();
    let rest = rest.trim_start_matches(['"', '\'', '“', '‘', '(', '[', '«']);
    let stop = rest.find(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-').unwrap_or(rest.len());
    &rest[..stop]
}

fn next_word_is_lowercase(text: &str, end: usize) -> bool {
    next_word(text, end).chars().next().is_some_and(char::is_lowercase)
}

fn next_word_is_opener(text: &str, end: usize) -> bool {
    let w = next_word(text, end);
    w.is_empty() || OPENERS.contains(&w)
}

fn next_word_starts_sentence(text: &str, end: usize) -> bool {
    match text[end..].chars().next() {
        None => true,
        Some(c) if c.is_whitespace() => !next_word_is_lowercase(text, end),
        _ => false,
    }
}

/// The longest sentence kept whole, in bytes. News sentences stay far below
/// it; a longer run (a list, a table, a page without punctuation) is cut
/// at the last clause mark or space before the limit, so that the stages
/// which read a figure's or a quote's whole sentence stay linear in the
/// length of the text.
const MAX_SENTENCE: usize = 1_000;

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return;
    }
    let (mut from, to) = (start + lead, start + lead + trimmed.len());
    while to - from > MAX_SENTENCE {
        let mut limit = from + MAX_SENTENCE;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &text[from..limit];
        let cut = [", ", "; "]
            .iter()
            .filter_map(|mark| window.rfind(mark))
            .max()
            .map(|i| i + 1)
            .filter(|&i| i > MAX_SENTENCE / 2)
            .or_else(|| window.rfind(char::is_whitespace).filter(|&i| i > 0))
            .unwrap_or(window.len());
        let piece = text[from..from + cut].trim_end();
        out.push(Span::new(from, from + piece.len()));
        let rest = &text[from + cut..to];
        from = to - rest.trim_start().len();
    }
    out.push(Span::new(from, to));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        split(text).iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn stored_spans_are_read_when_they_fit_the_text() {
        let text = "The ferry left at noon. It docked in Halvik two hours later.";
        let spans = split(text);
        assert!(matches!(stored_or_split(text, &spans), Cow::Borrowed(s) if s == spans.as_slice()));
        // None kept: split again.
        assert_eq!(stored_or_split(text, &[]).as_ref(), spans.as_slice());
        // Spans of another text: past its end, reversed, overlapping, inside a character.
        for bad in [
            vec![Span { start: 0, end: 400 }],
            vec![Span { start: 5, end: 2 }],
            vec![Span { start: 0, end: 10 }, Span { start: 5, end: 12 }],
        ] {
            assert_eq!(stored_or_split(text, &bad).as_ref(), spans.as_slice(), "{bad:?}");
        }
        let accented = "Café opened. Then it closed.";
        assert_eq!(stored_or_split(accented, &[Span { start: 0, end: 4 }]).as_ref(), split(accented).as_slice());
    }

    #[test]
    fn an_overlong_run_is_cut_at_clause_marks_or_spaces() {
        let run = "12,000 troops moved north, ".repeat(200);
        let spans = split(&run);
        assert!(spans.len() > 5, "{}", spans.len());
        for (a, b) in spans.iter().zip(&spans[1..]) {
            assert!(a.end <= b.start && b.start - a.end <= 1, "{a:?} {b:?}");
        }
        assert!(spans.iter().all(|s| s.end - s.start <= MAX_SENTENCE && s.slice(&run).ends_with(',')));
        let words = "word ".repeat(400) + &"é".repeat(900);
        let spans = split(&words);
        assert!(spans.iter().all(|s| s.end - s.start <= MAX_SENTENCE && words.is_char_boundary(s.start)));
        assert_eq!(spans.last().unwrap().end, words.len());
    }

    #[test]
    fn titles_initials_and_numbers_do_not_split() {
        let t = "Lt. Gen. (Ret.) Chun In-bum spoke to Dr. Mary J. R. Smith on Jan. 5. Prices rose 1.28 percent to 12,000 won, or 98,3 in other notation. Mr. Lee ranked No. 2 in the U.S. Army.";
        assert_eq!(
            sents(t),
            vec![
                "Lt. Gen. (Ret.) Chun In-bum spoke to Dr. Mary J. R. Smith on Jan. 5.",
                "Prices rose 1.28 percent to 12,000 won, or 98,3 in other notation.",
                "Mr. Lee ranked No. 2 in the U.S. Army.",
            ]
        );
    }

    #[test]
    fn initialisms_end_a_sentence_before_an_opener() {
        let t = "Troops left the U.S. The next day they landed. Shares of Acme Inc. rose.";
        assert_eq!(sents(t), vec!["Troops left the U.S.", "The next day they landed.", "Shares of Acme Inc. rose."]);
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_the_sentence() {
        let t = "\"We are ready.\" He left. (It rained.) \"Why?\" she asked. Then what?";
        assert_eq!(sents(t), vec!["\"We are ready.\"", "He left.", "(It rained.)", "\"Why?\" she asked.", "Then what?"]);
    }

    #[test]
    fn headings_and_lines_end_sentences() {
        let t = "SEOUL SAYS TROOPS ARRIVED\nBy Jane Doe\n\nThe troops — about 3,000 — arrived... Officials said so.\nA wrapped line that\ncontinues here.";
        assert_eq!(
            sents(t),
            vec![
                "SEOUL SAYS TROOPS ARRIVED",
                "By Jane Doe",
                "The troops — about 3,000 — arrived...",
                "Officials said so.",
                "A wrapped line that\ncontinues here.",
            ]
        );
    }

    #[test]
    fn tokenised_text_splits_on_lone_periods_and_lines() {
        let t = "the firm 's profits rose 4 % . U.S. Senator Jane Porter 's staff left .\nGENEVA 2024-03-14";
        assert_eq!(
            sents(t),
            vec!["the firm 's profits rose 4 % .", "U.S. Senator Jane Porter 's staff left .", "GENEVA 2024-03-14"]
        );
    }

    #[test]
    fn ellipsis_inside_a_sentence_does_not_split() {
        let t = "He paused … and went on. It was … Over.";
        assert_eq!(sents(t), vec!["He paused … and went on.", "It was …", "Over."]);
    }
}
