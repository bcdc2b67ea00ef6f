//! How firmly a claim is made, from the hedges around its figure.

use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;
use super::lexicon::MODALITY;
use super::{weakest, Sentence};
use sitrep_core::{ClaimSource, Modality, Quote, SourceKind};

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/claims-modality.txt");

/// Words that open a conditional sentence.
static CONDITIONAL_OPENERS: Words = LazyLock::new(|| list(WORDS, "conditional_openers"));
/// Modal verbs that are also the name of a month when capitalised ("May").
static MONTH_MODALS: Words = LazyLock::new(|| list(WORDS, "month_modals"));

/// The modality of what a sentence says at bytes `start..end`: a condition
/// in the same clause, a denial or modal verb within the hedge's reach
/// ([`Sentence::scope`]); hearsay or an estimate anywhere
/// in the sentence or in the quote's cue; hearsay when the source is
/// anonymous or a news outlet; an estimate when the figure is approximate.
pub fn of(ctx: &Sentence, start: usize, end: usize, quote: Option<&Quote>, source: &ClaimSource, approx: bool) -> Modality {
    let mut m = Modality::Asserted;
    let first_word = (0..ctx.toks.len()).find(|&i| ctx.toks[i].is_word());
    if first_word.is_some_and(|i| CONDITIONAL_OPENERS.contains(&ctx.lower[i].as_str())) {
        return Modality::Hypothetical;
    }
    let (lo, hi) = ctx.clause(start);
    let clause = ctx.tokens_in(lo, hi.max(end));
    let (lo, hi) = ctx.scope(start);
    let scope = ctx.tokens_in(lo, hi.max(end));
    for i in 0..ctx.toks.len() {
        let words: Vec<&str> = ctx.lower[i..(i + 4).min(ctx.lower.len())].iter().map(String::as_str).collect();
        let Some((_, class)) = MODALITY.at(&words, 0) else { continue };
        if class == Modality::Possible && MONTH_MODALS.contains(&ctx.lower[i].as_str()) && ctx.word(i) != ctx.lower[i] {
            continue; // the month of May
        }
        let in_clause = clause.contains(&i);
        let applies = match class {
            Modality::Hypothetical => in_clause,
            Modality::Denied | Modality::Possible => scope.contains(&i),
            _ => true,
        };
        if applies {
            m = weakest(m, class);
        }
    }
    if let Some(cue) = quote.and_then(|q| q.cue.as_deref()) {
        let lower = cue.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        if let Some((_, class)) = (!words.is_empty()).then(|| MODALITY.at(&words, 0)).flatten() {
            m = weakest(m, class);
        }
    }
    if matches!(source.kind, SourceKind::Anonymous | SourceKind::Media) {
        m = weakest(m, Modality::Reported);
    }
    if approx {
        m = weakest(m, Modality::Estimated);
    }
    m
}
