//! When a claim holds, and when the event a sentence reports happened.
//!
//! A claim takes the time of the event it states, read from the clause that
//! holds its figure or quote: in "More than 3,000 have arrived, the office
//! said on Wednesday, adding that the total could reach 12,000 by December"
//! the 3,000 is dated Wednesday and the 12,000 is `expected` in December.
//! A time in another clause of the sentence does not leak in, except one
//! that heads the sentence ("Last Thursday, lawmakers said ...") or dates
//! its report ("said on Monday"), which dates everything the sentence says.
//! Times that do not date an event are never used: the start of a state
//! ("occupied since August"), a time modifying a noun ("the June treaty",
//! "the 2022 invasion"), durations and recurrences.
//!
//! The document's times are sorted by position, so every lookup is a binary
//! search to the sentence and a walk over its own times: linear in the
//! length of the document overall.

use foldhash::HashSet;
use std::sync::LazyLock;

use sitrep_text::lists::{list, Words};

use sitrep_core::{ClaimTime, Document, Span, TimeExpr};
// Which times date an event is shared with fuse's timeline (sitrep-lang).
pub use sitrep_lang::dating::{dates_an_event, of_sentence};
use sitrep_lang::dating::within;

/// Words that open a clause happening at the time just before it ("when").
static WHEN_OPENERS: Words = LazyLock::new(|| list(super::WORDS, "when_openers"));
/// First words of a short opening adverbial phrase ("On Oct. 28, ...").
static OPENING_ADVERBIALS: Words = LazyLock::new(|| list(super::WORDS, "opening_adverbials"));

/// Verbs whose time is the time of the report: "said on Monday"
/// (`data/lang/en/report_verbs.txt`).
static REPORT_VERBS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/lang/en/report_verbs.txt").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
});

/// How many words may stand between a report verb and its time: "told
/// reporters on Monday".
const REPORT_REACH: usize = 3;

/// A claim's time and what it is: the time its clause or sentence states,
/// else the publication date (`report`).
pub(super) fn of(doc: &Document, ctx: &super::Sentence, at: usize) -> (Option<String>, ClaimTime) {
    match of_claim(&doc.text, &doc.times, ctx.span, ctx.clause(at), at) {
        Some((t, kind)) => (t.value.clone(), kind),
        None => (doc.published.clone(), ClaimTime::Report),
    }
}

/// The kind of claim time a dating expression gives.
fn kind_of(t: &TimeExpr) -> ClaimTime {
    if t.expected {
        ClaimTime::Expected
    } else {
        ClaimTime::Event
    }
}

/// The time of a claim whose figure or quote starts at byte `at` inside
/// `sentence`, whose clause is `clause` (byte range): the time in that
/// clause nearest the figure, else the time heading the sentence or dating
/// its report verb. None when the sentence states no time for it.
pub fn of_claim<'t>(text: &str, times: &'t [TimeExpr], sentence: Span, clause: (usize, usize), at: usize) -> Option<(&'t TimeExpr, ClaimTime)> {
    let here = within(times, sentence);
    let dating = || here.iter().filter(|t| dates_an_event(text, t));
    let own = dating()
        .filter(|t| clause.0 <= t.start && t.end <= clause.1)
        .min_by_key(|t| if t.start >= at { t.start - at } else { at - t.end });
    let t = own
        .or_else(|| dating().rfind(|t| t.end <= clause.0).filter(|t| when_clause(text, t.end, at)))
        .or_else(|| dating().find(|t| heads_sentence(text, sentence, t) || dates_report(text, t)))?;
    Some((t, kind_of(t)))
}

/// "... released last Friday, when the NIS said 1,500 had landed": a
/// clause opened by "when" right after a time happened at that time; the
/// figure at `at` is inside it.
fn when_clause(text: &str, time_end: usize, at: usize) -> bool {
    let between = text.get(time_end..at).unwrap_or("");
    let opened = between.trim_start_matches([',', ' ']);
    let opens = WHEN_OPENERS.iter().any(|w| opened.get(..w.len()).is_some_and(|o| o.eq_ignore_ascii_case(w)) && opened[w.len()..].starts_with(' '));
    opens && !between.contains([';', '.'])
}

/// "Last Thursday, lawmakers said ...", "On Oct. 28 the Pentagon
/// estimated ...", "In Brussels on the same day, ...": a time at the head
/// of its sentence, after at most a preposition, or in a short opening
/// adverbial phrase set off by a comma (not "Units that moved on Monday,").
fn heads_sentence(text: &str, sentence: Span, t: &TimeExpr) -> bool {
    const OPENING_WORDS: usize = 6;
    let lead = text.get(sentence.start..t.start).unwrap_or("").trim();
    if lead.is_empty() || lead.split_whitespace().count() == 1 && lead.chars().all(char::is_alphabetic) && lead.len() <= 6 {
        return true;
    }
    let rest = text.get(t.end..sentence.end).unwrap_or("");
    let opening_ends = rest.trim_start().starts_with(',');
    let first = lead.split_whitespace().next().unwrap_or("").to_lowercase();
    let adverbial = OPENING_ADVERBIALS.contains(&first.as_str());
    adverbial && opening_ends && !lead.contains(',') && lead.split_whitespace().count() + 1 < OPENING_WORDS
}

/// "said on Wednesday", "told reporters on Monday", "on Monday said": a
/// time that dates a report verb next to it.
fn dates_report(text: &str, t: &TimeExpr) -> bool {
    let head = text.get(..t.start).unwrap_or("");
    let before: Vec<&str> = head.rsplit(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).take(REPORT_REACH + 1).collect();
    // The words between must stay inside the clause: no comma or stop.
    for (reach, w) in before.iter().enumerate() {
        let bare = w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
        if REPORT_VERBS.contains(bare.as_str()) {
            return !w.ends_with([',', '.', ';']);
        }
        if w.ends_with([',', '.', ';', ':']) || reach == REPORT_REACH {
            break;
        }
    }
    let tail = text.get(t.end..).unwrap_or("");
    tail.split_whitespace().next().is_some_and(|w| REPORT_VERBS.contains(w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::TimeKind;

    fn t(text: &str, phrase: &str, kind: TimeKind, expected: bool) -> TimeExpr {
        let start = text.find(phrase).expect("phrase in text");
        TimeExpr { start, end: start + phrase.len(), text: phrase.into(), value: Some("2024-10-28".into()), kind, expected }
    }

    #[test]
    fn a_when_clause_and_an_opening_adverbial_date_their_sentence() {
        let text = "The plan came out last Friday, when the office said 300 had left.";
        let end = text.find(" last Friday").unwrap() + " last Friday".len();
        assert!(when_clause(text, end, text.find("300").unwrap()));
        let other = "The plan came out last Friday, and the office said 300 had left.";
        assert!(!when_clause(other, end, other.find("300").unwrap()));
        assert!(OPENING_ADVERBIALS.contains(&"during") && !OPENING_ADVERBIALS.contains(&"when"));
    }

    #[test]
    fn since_and_modifiers_do_not_date_events() {
        let text = "Forces have held the area since August under the June treaty, signed in June and kept.";
        assert!(!dates_an_event(text, &t(text, "August", TimeKind::Month, false)));
        let june = text.find("June treaty").unwrap();
        let modifier = TimeExpr { start: june, end: june + 4, text: "June".into(), value: Some("2024-06".into()), kind: TimeKind::Month, expected: false };
        assert!(!dates_an_event(text, &modifier));
        let signed = text.rfind("June").unwrap();
        let event = TimeExpr { start: signed, end: signed + 4, text: "June".into(), value: Some("2024-06".into()), kind: TimeKind::Month, expected: false };
        assert!(dates_an_event(text, &event));
    }

    #[test]
    fn opening_phrases_and_when_clauses_date_the_sentence() {
        let text = "In Brussels on the same day, officials said units had moved.";
        assert!(heads_sentence(text, Span::new(0, text.len()), &t(text, "the same day", TimeKind::Date, false)));
        let text = "Units that moved on Monday, officials said, were many.";
        assert!(!heads_sentence(text, Span::new(0, text.len()), &t(text, "Monday", TimeKind::Date, false)));
        let text = "The figure came out last Friday, when the agency said 1,500 had landed.";
        let friday = t(text, "last Friday", TimeKind::Date, false);
        assert!(when_clause(text, friday.end, text.find("1,500").unwrap()));
        assert!(!when_clause(text, friday.end, friday.end));
    }

    #[test]
    fn times_in_since_clauses_start_states() {
        let text = "At least 100 died since the troops entered combat in December, officials said.";
        assert!(!dates_an_event(text, &t(text, "December", TimeKind::Month, false)));
        let text = "Since then, the troops entered combat. In December, officials said 100 died.";
        assert!(dates_an_event(text, &t(text, "December", TimeKind::Month, false)));
    }

    #[test]
    fn report_verbs_date_their_sentence() {
        let text = "Troops arrived, officials said on Monday, and told reporters on Friday more would come.";
        assert!(dates_report(text, &t(text, "Monday", TimeKind::Date, false)));
        assert!(dates_report(text, &t(text, "Friday", TimeKind::Date, false)));
        let text = "Troops arrived on Monday near the border.";
        assert!(!dates_report(text, &t(text, "Monday", TimeKind::Date, false)));
    }

    #[test]
    fn lookups_stay_inside_the_sentence() {
        let text = "One. Two on Monday. Three.";
        let times = vec![t(text, "Monday", TimeKind::Date, false)];
        assert_eq!(within(&times, Span::new(0, 4)).len(), 0);
        assert_eq!(within(&times, Span::new(5, 19)).len(), 1);
        assert_eq!(within(&times, Span::new(20, 26)).len(), 0);
    }
}
