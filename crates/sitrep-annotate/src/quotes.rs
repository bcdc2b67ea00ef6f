//! Quotes and reported speech.

use sitrep_core::{Entity, Quote, Span};

/// Find the quotes of `text` and link their speakers to `entities`.
pub fn find(text: &str, sentences: &[Span], entities: &[Entity]) -> Vec<Quote> {
    let _ = (text, sentences, entities);
    Vec::new()
}
