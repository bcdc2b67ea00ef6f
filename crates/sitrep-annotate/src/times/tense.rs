//! The tense of the clause around a time expression, from the nearest tense
//! marker in its sentence: future auxiliaries and phrases ("will", "'ll",
//! "is expected to", "plans to") against past forms ("was", "said", "-ed").

use super::lex::{Kw, Lex, Tk, Tok};
use super::resolve::Tense;

/// Markers of the future: auxiliaries and verbs of intent or schedule, and
/// prepositions of a deadline ("by December", "until January 20").
fn future_word(w: &str) -> bool {
    matches!(
        w,
        "will"
            | "ll"
            | "shall"
            | "wo"
            | "expected"
            | "scheduled"
            | "plans"
            | "plan"
            | "planning"
            | "soon"
            | "planned"
            | "due"
            | "intends"
            | "aims"
            | "until"
            | "till"
            | "before"
            | "by"
            | "through"
            | "would"
    )
}

/// Modals that look ahead when a time is a deadline ("could reach 12,000 by
/// December") but say little about which Wednesday a clause means ("could
/// be located Wednesday").
fn modal(w: &str) -> bool {
    matches!(w, "could" | "might" | "may")
}

/// Irregular past forms common in news, besides regular "-ed" forms.
fn past_word(w: &str) -> bool {
    matches!(
        w,
        "was"
            | "were"
            | "had"
            | "did"
            | "said"
            | "told"
            | "went"
            | "came"
            | "began"
            | "sent"
            | "met"
            | "took"
            | "gave"
            | "made"
            | "left"
            | "saw"
            | "fought"
            | "held"
            | "became"
            | "got"
            | "found"
            | "brought"
            | "thought"
            | "knew"
            | "spoke"
            | "wrote"
            | "ran"
            | "won"
            | "lost"
            | "paid"
            | "fell"
            | "rose"
            | "struck"
            | "hit"
            | "led"
            | "sold"
            | "bought"
            | "kept"
            | "put"
            | "set"
            | "grew"
            | "drew"
            | "threw"
            | "flew"
            | "shot"
            | "sank"
            | "spent"
            | "built"
            | "stood"
            | "heard"
            | "felt"
            | "meant"
            | "withdrew"
            | "sought"
            | "taught"
            | "caught"
            | "chose"
            | "broke"
            | "drove"
            | "forgot"
            | "arose"
            | "fled"
            | "ago"
            | "last"
            | "earlier"
            | "yesterday"
            | "previously"
            | "since"
            | "already"
    )
}

/// Regular past forms: "-ed" words that are not common adjectives.
fn regular_past(w: &str) -> bool {
    w.len() > 4
        && w.ends_with("ed")
        && !matches!(
            w,
            "united"
                | "based"
                | "armed"
                | "alleged"
                | "advanced"
                | "limited"
                | "related"
                | "needed"
                | "speed"
                | "indeed"
                | "hundred"
                | "expected"
                | "scheduled"
                | "planned"
        )
}

/// The tense for the expression at tokens `expr` (start inclusive, end
/// exclusive) inside the sentence at tokens `sent`: the nearest marker wins.
/// With `modals` (asking whether a time is expected), "could", "may" and
/// "might" count as looking ahead and report verbs do not count.
pub(crate) fn tense_at(
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
            ["be", "been", "being", "is", "are", "am"]
                .iter()
                .any(|b| pw.eq_ignore_ascii_case(b))
        };
        // "the reduced dividend", "its revised forecast": a participle after
        // a determiner is an adjective.
        let attributive = i > 0 && matches!(toks[i - 1].kind, Tk::Word(Lex::Kw(Kw::The | Kw::A | Kw::Possessive)));
        let deadline = matches!(lex, Lex::Kw(Kw::By | Kw::Before | Kw::Until | Kw::Through));
        // "were planning to", "was expected to": the future of the past.
        let before_future = toks.get(i + 1).is_some_and(|n| {
            let nw = &text[n.start..n.end];
            nw.len() <= 12 && future_word(&nw.to_ascii_lowercase())
        });
        // "due to" after a noun is a cause ("a loss due to the strike"); after
        // "is", "are", "was" it is a schedule ("are due to arrive").
        let cause = w == "due"
            && !(i > 0 && {
                let p = &toks[i - 1];
                let pw = text[p.start..p.end].to_ascii_lowercase();
                matches!(pw.as_str(), "is" | "are" | "was" | "were" | "be" | "s")
            });
        // "expected losses", "a planned visit": an adjective before a noun
        // tells no tense; "is expected to", "expected next week" do.
        let adjective = matches!(w, "expected" | "planned" | "scheduled")
            && toks.get(i + 1).is_some_and(|n| {
                let nw = text[n.start..n.end].to_ascii_lowercase();
                matches!(n.kind, Tk::Word(Lex::Other))
                    && !matches!(nw.as_str(), "to" | "soon" | "shortly" | "for")
            });
        // "would have", "could not": a past, or no tense.
        let would_have = matches!(w, "would" | "could" | "might" | "may")
            && toks.get(i + 1).is_some_and(|n| {
                let nw = &text[n.start..n.end];
                ["have", "not", "never"].iter().any(|x| nw.eq_ignore_ascii_case(x))
            });
        // The verb of a report ("... by the end of the year, officials
        // said") is not the tense of the reported clause: it tells the tense
        // only of a time that dates the report itself ("said Tuesday", "told
        // reporters on Tuesday", "On Tuesday, officials said"), and never
        // what a clause expects.
        let report = matches!(w, "said" | "says" | "told" | "added" | "announced" | "stated" | "warned")
            && (modals || !dates_report(toks, sent, expr, i));
        let tense = if cause || adjective || would_have || report {
            continue;
        } else if future_word(w) || modals && modal(w) {
            // Deadline prepositions only look ahead right before the expression,
            // and only when nothing else in the clause tells the tense.
            if deadline {
                if i + 1 == expr.0 {
                    weak = Some(Tense::Future);
                }
                continue;
            }
            Tense::Future
        } else if (past_word(w) || regular_past(w) && !attributive) && !after_be && !before_future {
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
    use super::super::lex::tokenize;
    use super::*;

    fn tense_of(sentence: &str, expr: &str) -> Tense {
        let toks = tokenize(sentence);
        let start = sentence.find(expr).unwrap_or(0);
        let end = start + expr.len();
        let a = toks.iter().position(|t| t.start >= start).unwrap_or(0);
        let b = toks
            .iter()
            .position(|t| t.start >= end)
            .unwrap_or(toks.len());
        tense_at(sentence, &toks, (0, toks.len()), (a, b), false)
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
