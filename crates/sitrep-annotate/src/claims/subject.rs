//! What a claim is about: a short noun phrase for the measured thing.
//!
//! For a figure that counts something, the counted noun and what the
//! sentence says happened to it: "North Korean soldiers arrived in Russia",
//! "soldiers moved to Vladivostok". When the counted noun is not followed
//! by a predicate, the words before the figure stand in ("decided to
//! dispatch soldiers"). Money takes the money word of its clause ("pay per
//! soldier"); a share takes what it is a share of.

use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;
use super::lexicon::CLAUSE_WORDS;
use super::Sentence;
use crate::tokens::Shape;
use sitrep_core::Quantity;

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/claims-subject.txt");

/// Auxiliaries, adverbs and articles dropped from a predicate.
static FILLER: Words = LazyLock::new(|| list(WORDS, "filler"));

/// Whether a word is an auxiliary, adverb or article dropped from subjects.
pub fn is_filler(word: &str) -> bool {
    FILLER.contains(&word)
}

/// Prepositions and conjunctions that do not start a subject ("with 1.28
/// million active soldiers" is about active soldiers).
static LEADING_PREPOSITIONS: Words = LazyLock::new(|| list(WORDS, "leading_prepositions"));

/// Words where a predicate ends: attribution and time words.
static PREDICATE_END: Words = LazyLock::new(|| list(WORDS, "predicate_end"));

/// Words that name money in a clause, with the form used in subjects
/// (`[money_words]`: a word, then its form).
static MONEY_WORDS: LazyLock<Vec<(&'static str, &'static str)>> =
    LazyLock::new(|| list(WORDS, "money_words").into_iter().filter_map(|l| l.split_once(' ')).collect());

const MAX_PREDICATE: usize = 5;

/// The subject of a numeric claim.
pub fn of_quantity(ctx: &Sentence, q: &Quantity) -> String {
    let (lo, hi) = ctx.clause(q.start);
    let counted_end = q.counted.as_deref().and_then(|c| find_after(ctx.text, q.end, hi, c));
    let (head, noun_head) = match (&q.counted, q.kind.as_str()) {
        (Some(c), _) => (c.clone(), true),
        (None, "money") => (money_word(ctx, lo, hi).map_or_else(|| "amount".to_string(), |w| w.to_string()), false),
        (None, "percentage" | "fraction") => ("share".to_string(), false),
        (None, _) => (String::new(), true),
    };
    let head = match &q.per_each {
        Some(each) if !head.is_empty() && !head.contains(each.as_str()) => format!("{head} per {each}"),
        _ => head,
    };
    let mut after = predicate(ctx, counted_end.unwrap_or(q.end), hi);
    if let Some(each) = &q.per_each {
        // "$2,000 per soldier each month": the denominator is in the head already.
        after = after.split(' ').filter(|w| !w.eq_ignore_ascii_case(each)).collect::<Vec<_>>().join(" ");
    }
    let subject = if !after.is_empty() {
        match verb_before(ctx, lo, q.start) {
            Some(verb) if noun_head => join(&join(&head, verb), &after),
            _ => join(&head, &after),
        }
    } else if noun_head {
        join(&before(ctx, lo, q.start), &head)
    } else {
        head
    };
    if subject.is_empty() {
        q.text.clone()
    } else {
        subject
    }
}

/// The gist of a quote: its first words, cut at a clause end.
pub fn gist(quote: &str) -> String {
    const MAX_WORDS: usize = 12;
    let trimmed = quote.trim_matches(|c: char| !c.is_alphanumeric());
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    let mut out = words[..words.len().min(MAX_WORDS)].join(" ");
    if words.len() > MAX_WORDS {
        out = out.trim_end_matches(|c: char| !c.is_alphanumeric()).to_string();
        out.push('…');
    }
    out
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a} {b}"),
    }
}

/// Where `needle` ends when it starts within a few bytes after `from`.
fn find_after(text: &str, from: usize, limit: usize, needle: &str) -> Option<usize> {
    let window = text.get(from..limit.max(from))?;
    let at = window.find(needle)?;
    (at <= 40).then_some(from + at + needle.len())
}

/// Content words from byte `from` to a predicate end or the clause end:
/// "have now arrived in Russia" → "arrived in Russia".
fn predicate(ctx: &Sentence, from: usize, hi: usize) -> String {
    let mut words = Vec::new();
    for i in ctx.tokens_in(from, hi) {
        let t = &ctx.toks[i];
        if t.shape == Shape::Number || PREDICATE_END.contains(&ctx.lower[i].as_str()) {
            break;
        }
        if t.shape == Shape::Punct {
            if CLAUSE_WORDS.possessive.has(ctx.word(i)) {
                words.push(ctx.word(i));
            }
            continue;
        }
        if FILLER.contains(&ctx.lower[i].as_str()) {
            continue;
        }
        words.push(ctx.word(i));
        if words.len() == MAX_PREDICATE {
            break;
        }
    }
    glue(&words)
}

/// Irregular past forms that say what happened to what is counted.
static IRREGULAR_PAST: Words = LazyLock::new(|| list(WORDS, "irregular_past"));

/// Whether a lower-case word looks like a past form ("killed", "sent").
pub fn is_past_form(w: &str) -> bool {
    sitrep_lang::morph::is_regular_past(w) || IRREGULAR_PAST.contains(&w)
}

/// The verb right before a figure ("killed" in "the quake killed around 130
/// people"), so that the subject keeps what happened to what is counted.
fn verb_before<'t>(ctx: &Sentence<'t>, lo: usize, at: usize) -> Option<&'t str> {
    let i = ctx.tokens_in(lo, at).rev().find(|&i| ctx.toks[i].shape != Shape::Punct && !FILLER.contains(&ctx.lower[i].as_str()))?;
    let w = ctx.lower[i].as_str();
    (is_past_form(w) && ctx.toks[i].shape == Shape::Lower && !PREDICATE_END.contains(&w)).then(|| ctx.word(i))
}

/// The last content words before the figure in its clause: "decided to
/// dispatch" in "North Korea has decided to dispatch roughly 12,000 soldiers".
fn before(ctx: &Sentence, lo: usize, at: usize) -> String {
    let range = ctx.tokens_in(lo, at);
    let mut words: Vec<&str> = range
        .rev()
        .filter(|&i| ctx.toks[i].shape != Shape::Punct && !FILLER.contains(&ctx.lower[i].as_str()))
        .take(3)
        .map(|i| ctx.word(i))
        .collect();
    words.reverse();
    while words.first().is_some_and(|w| LEADING_PREPOSITIONS.contains(&w.to_lowercase().as_str())) {
        words.remove(0);
    }
    glue(&words)
}

/// Words joined by spaces, possessive "'s" glued to its noun.
fn glue(words: &[&str]) -> String {
    let mut out = String::new();
    for w in words {
        if !out.is_empty() && !CLAUSE_WORDS.possessive.has(w) {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn money_word(ctx: &Sentence, lo: usize, hi: usize) -> Option<&'static str> {
    let clause = ctx.tokens_in(lo, hi);
    let in_sentence = 0..ctx.toks.len();
    clause.chain(in_sentence).find_map(|i| MONEY_WORDS.iter().find(|(w, _)| *w == ctx.lower[i]).map(|(_, s)| *s))
}
