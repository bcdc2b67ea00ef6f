//! Named entities.

use sitrep_core::{Entity, Span};

/// Find the named entities of `text`.
pub fn find(text: &str, sentences: &[Span]) -> Vec<Entity> {
    let _ = (text, sentences);
    Vec::new()
}
