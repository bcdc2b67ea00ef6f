//! Which times in a text date an event (English): a point in time with a
//! value, not the start of a state ("occupied since August") nor a time
//! modifying a noun ("the June treaty"). The claims annotator dates its
//! claims with it and fuse's timeline its sentences ([`of_sentence`]).
//!
//! The document's times are sorted by position, so every lookup is a
//! binary search to the sentence and a walk over its own times.

use sitrep_core::{Span, TimeExpr, TimeKind};
use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;

const WORDS: &str = include_str!("../../sitrep-annotate/data/lang/en/dating.txt");
/// Words before a time that make it the start of a state ("since August").
static STATE_START: Words = LazyLock::new(|| list(WORDS, "state_start"));
/// Determiners before a time that may make it modify the noun after it.
static DETERMINERS: Words = LazyLock::new(|| list(WORDS, "determiners"));
/// Words opening a clause whose times date when a state began ("since").
static STATE_CLAUSE: Words = LazyLock::new(|| list(WORDS, "state_clause"));
/// Words that may follow a time without it modifying them.
static FUNCTION_WORDS: Words = LazyLock::new(|| list(WORDS, "function_words"));

/// The times of a document that lie inside `span`.
pub fn within(times: &[TimeExpr], span: Span) -> &[TimeExpr] {
    let a = times.partition_point(|t| t.start < span.start);
    let b = a + times[a..].partition_point(|t| t.end <= span.end);
    &times[a..b]
}

/// The word right before byte `at` (letters only), lower-cased.
fn word_before(text: &str, at: usize) -> String {
    let head = text.get(..at).unwrap_or("").trim_end();
    let start = head.trim_end_matches(char::is_alphabetic).len();
    head[start..].to_lowercase()
}

/// The text right after byte `at`, up to the next word boundary.
fn word_after(text: &str, at: usize) -> &str {
    let tail = text.get(at..).unwrap_or("");
    let rest = tail.trim_start();
    let end = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
    if tail.len() == rest.len() {
        "" // glued to the expression: "June's", "2024-era"
    } else {
        &rest[..end]
    }
}

/// Whether a time expression dates an event: a point in time with a value,
/// not the start of a state ("since August") nor a modifier of the noun
/// after it ("the June treaty", "its 2023 budget"), a quarter or half
/// excepted ("third-quarter profit" is the quarter's).
pub fn dates_an_event(text: &str, t: &TimeExpr) -> bool {
    if t.value.is_none() || matches!(t.kind, TimeKind::Duration | TimeKind::Set) {
        return false;
    }
    let before = word_before(text, t.start);
    if STATE_START.contains(&before.as_str()) || in_since_clause(text, t.start) {
        return false;
    }
    let determiner = DETERMINERS.contains(&before.as_str());
    let after = word_after(text, t.end);
    let noun = after.chars().next().is_some_and(char::is_lowercase) && !is_function_word(after);
    !(determiner && noun && !matches!(t.kind, TimeKind::Quarter))
}

/// "killed since the troops entered combat in December": a time inside a
/// clause opened by "since" dates when a state began.
fn in_since_clause(text: &str, at: usize) -> bool {
    const REACH: usize = 8;
    let head = text.get(..at).unwrap_or("");
    let clause = head.rsplit([',', ';', ':', '(', ')', '.', '—']).next().unwrap_or("");
    clause.split_whitespace().rev().take(REACH).any(|w| STATE_CLAUSE.iter().any(|c| w.eq_ignore_ascii_case(c)))
}

/// Words that may follow a time without it modifying them: "in June and",
/// "the week before last".
fn is_function_word(w: &str) -> bool {
    FUNCTION_WORDS.contains(&w)
}

/// The times that date what a sentence reports, for the timeline: the first
/// time that dates a past event, and every expected time (a forecast, plan
/// or deadline) in it.
pub fn of_sentence<'t>(text: &str, times: &'t [TimeExpr], sentence: Span) -> (Option<&'t TimeExpr>, Vec<&'t TimeExpr>) {
    let dating: Vec<&TimeExpr> = within(times, sentence).iter().filter(|t| dates_an_event(text, t)).collect();
    let event = dating.iter().copied().find(|t| !t.expected);
    let expected = dating.into_iter().filter(|t| t.expected).collect();
    (event, expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The time "June" in `text`, valued as a month.
    fn june(text: &str) -> TimeExpr {
        let start = text.find("June").expect("the text names June");
        TimeExpr { start, end: start + 4, text: "June".into(), value: Some("2025-06".into()), kind: TimeKind::Month, expected: false }
    }

    #[test]
    fn the_lists_of_the_data_file_tell_events_from_modifiers_and_states() {
        // A state's start ([state_start]), a noun modifier after a determiner ([determiners]).
        // A time inside a clause the [state_clause] word opens dates a state too.
        for text in ["troops held the town since June.", "prices rose from June.", "their June offensive failed.", "Fares have doubled Since the port shut in June."] {
            assert!(!dates_an_event(text, &june(text)), "{text}");
        }
        // A function word after the time ([function_words]) keeps it an event's date.
        for text in ["the June and July talks failed.", "the army struck in June.", "the June before last was dry."] {
            assert!(dates_an_event(text, &june(text)), "{text}");
        }
    }
}
