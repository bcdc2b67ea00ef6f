//! The tense of the clause around a time expression, from the nearest tense
//! marker in its sentence: future auxiliaries and phrases ("will", "'ll",
//! "is expected to", "plans to") against past forms ("was", "said", "-ed").

use super::lex::{Kw, Lex, Tk, Tok, Words};
use super::resolve::Tense;

/// Regular past forms: "-ed" words that are not common adjectives.
fn regular_past(words: &Words, w: &str) -> bool {
    sitrep_lang::morph::is_regular_past(w) && !words.not_past.has(w)
}

/// The tense for the expression at tokens `expr` (start inclusive, end
/// exclusive) inside the sentence at tokens `sent`: the nearest marker wins.
/// With `modals` (asking whether a time is expected), "could", "may" and
/// "might" count as looking ahead and report verbs do not count.
pub(crate) fn tense_at(
    words: &Words,
    text: &str,
    toks: &[Tok],
    sent: (usize, usize),
    expr: (usize, usize),
    modals: bool,
) -> Tense {
    // The clause: the sentence cut at semicolons.
    let semi = |t: &Tok| matches!(t.kind, Tk::Punct(';'));
    let lo = (sent.0..expr.0.min(sent.1))
        .rev()
        .find(|&k| semi(&toks[k]))
        .map_or(sent.0, |k| k + 1);
    let hi = (expr.1..sent.1).find(|&k| semi(&toks[k])).unwrap_or(sent.1);
    let sent = (lo, hi);
    let mut best: Option<(usize, Tense)> = None;
    let mut weak = None;
    let mut lower = String::new();
    for (i, t) in toks.iter().enumerate().take(sent.1).skip(sent.0) {
        if i >= expr.0 && i < expr.1 {
            continue;
        }
        let Tk::Word(lex) = t.kind else { continue };
        let raw = &text[t.start..t.end];
        if raw.len() > 12 {
            continue;
        }
        lower.clear();
        lower.extend(raw.chars().map(|c| c.to_ascii_lowercase()));
        let w = lower.as_str();
        // "will be held", "is heard": a participle after "be" carries no tense.
        let after_be = i > 0 && {
            let p = &toks[i - 1];
            let pw = &text[p.start..p.end];
            words.be_participle.has(pw)
        };
        // "the reduced dividend", "its revised forecast": a participle after
        // a determiner is an adjective.
        let attributive = i > 0 && matches!(toks[i - 1].kind, Tk::Word(Lex::Kw(Kw::The | Kw::A | Kw::Possessive)));
        let deadline = matches!(lex, Lex::Kw(Kw::By | Kw::Before | Kw::Until | Kw::Through));
        // "were planning to", "was expected to": the future of the past.
        let before_future = toks.get(i + 1).is_some_and(|n| {
            let nw = &text[n.start..n.end];
            nw.len() <= 12 && words.future.has(nw)
        });
        // "due to" after a noun is a cause ("a loss due to the strike"); after
        // "is", "are", "was" it is a schedule ("are due to arrive").
        let cause = words.due.has(w)
            && !(i > 0 && {
                let p = &toks[i - 1];
                words.be_due.has(&text[p.start..p.end])
            });
        // "expected losses", "a planned visit": an adjective before a noun
        // tells no tense; "is expected to", "expected next week" do.
        let adjective = words.schedule_adjectives.has(w)
            && toks.get(i + 1).is_some_and(|n| {
                matches!(n.kind, Tk::Word(Lex::Other)) && !words.schedule_verb_after.has(&text[n.start..n.end])
            });
        // "would have", "could not": a past, or no tense.
        let would_have = words.conditionals.has(w) && toks.get(i + 1).is_some_and(|n| words.conditional_after.has(&text[n.start..n.end]));
        // The verb of a report ("... by the end of the year, officials
        // said") is not the tense of the reported clause: it tells the tense
        // only of a time that dates the report itself ("said Tuesday", "told
        // reporters on Tuesday", "On Tuesday, officials said"), and never
        // what a clause expects.
        let report = words.report_verbs.has(w) && (modals || !dates_report(toks, sent, expr, i));
        let tense = if cause || adjective || would_have || report {
            continue;
        } else if words.future.has(w) || modals && words.modals.has(w) {
            // Deadline prepositions only look ahead right before the expression,
            // and only when nothing else in the clause tells the tense.
            if deadline {
                if i + 1 == expr.0 {
                    weak = Some(Tense::Future);
                }
                continue;
            }
            Tense::Future
        } else if (words.past.has(w) || regular_past(words, w) && !attributive) && !after_be && !before_future {
            Tense::Past
        } else {
            continue;
        };
        let dist = if i < expr.0 {
            expr.0 - i
        } else {
            i + 1 - expr.1
        };
        if best.is_none_or(|(d, _)| dist < d) {
            best = Some((dist, tense));
        }
    }
    best.map(|(_, t)| t).or(weak).unwrap_or(Tense::Unknown)
}

/// Whether the report verb at token `verb` governs the time at tokens
/// `expr` of the clause `clause`: the time follows the verb closely, right
/// after it or after "on" and at most a short object ("said Tuesday", "said
/// on Tuesday", "told reporters on Tuesday", "announced the drills on
/// Monday"), or the time opens the clause the verb ends ("On Tuesday, the
/// minister said").
fn dates_report(toks: &[Tok], clause: (usize, usize), expr: (usize, usize), verb: usize) -> bool {
    if verb < expr.0 {
        let gap = expr.0 - verb - 1;
        return gap == 0 || gap <= 3 && matches!(toks[expr.0 - 1].kind, Tk::Word(Lex::Kw(Kw::On)));
    }
    let opens = expr.0 == clause.0 || expr.0 == clause.0 + 1 && matches!(toks[clause.0].kind, Tk::Word(Lex::Kw(_)));
    opens && matches!(toks.get(expr.1).map(|t| t.kind), Some(Tk::Punct(',')))
}

#[cfg(test)]
mod tests {
    use super::super::lex::{tokenize, words};
    use super::*;

    fn tense_of(sentence: &str, expr: &str) -> Tense {
        let words = words(None);
        let toks = tokenize(sentence, sitrep_text::tokens::Atoms::new(sentence), words);
        let start = sentence.find(expr).unwrap_or(0);
        let end = start + expr.len();
        let a = toks.iter().position(|t| t.start >= start).unwrap_or(0);
        let b = toks
            .iter()
            .position(|t| t.start >= end)
            .unwrap_or(toks.len());
        tense_at(words, sentence, &toks, (0, toks.len()), (a, b), false)
    }

    #[test]
    fn nearest_marker_decides() {
        assert_eq!(
            tense_of("The troops arrived on Friday.", "Friday"),
            Tense::Past
        );
        assert_eq!(
            tense_of("The talks will resume on Friday.", "Friday"),
            Tense::Future
        );
        assert_eq!(
            tense_of(
                "He said the vote is expected to take place in March.",
                "March"
            ),
            Tense::Future
        );
        assert_eq!(
            tense_of("The summit takes place in March.", "March"),
            Tense::Unknown
        );
        assert_eq!(
            tense_of("Officials want a deal by December.", "December"),
            Tense::Future
        );
    }

    #[test]
    fn a_report_verb_dates_only_the_time_it_governs() {
        // The time is in the reported clause: its own verb tells the tense.
        assert_eq!(
            tense_of("The ferry will sail again on Friday, the harbour master said.", "Friday"),
            Tense::Future
        );
        assert_eq!(
            tense_of("The mayor said the bridge reopens to traffic in August after repairs.", "August"),
            Tense::Unknown
        );
        // The time dates the report.
        assert_eq!(
            tense_of("The harbour master said Friday the ferry will sail again.", "Friday"),
            Tense::Past
        );
        assert_eq!(
            tense_of("The harbour master told crews on Friday the ferry will sail.", "Friday"),
            Tense::Past
        );
        assert_eq!(
            tense_of("On Friday, the harbour master said the ferry will sail.", "Friday"),
            Tense::Past
        );
    }

    #[test]
    fn participles_that_tell_no_tense() {
        // A passive present: "heard" is not a past form here.
        assert_eq!(
            tense_of("The appeal is heard in May before the full court.", "May"),
            Tense::Unknown
        );
        // An adjective before its noun.
        assert_eq!(
            tense_of("The increased grant is payable on Jan. 5.", "Jan. 5"),
            Tense::Unknown
        );
    }
}
