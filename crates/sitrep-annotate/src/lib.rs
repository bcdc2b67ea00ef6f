//! sitrep's annotate stage: pure functions from a document's text to its
//! annotations.
//!
//! The stages run in order, each reading the text and what the earlier ones
//! found: [`sentences`] → [`entities`] → [`quotes`] (speakers are linked to
//! entities).

pub mod entities;
pub mod quotes;
pub mod sentences;
pub mod times;
pub mod tokens;

use sitrep_core::Document;

/// Fill a document's annotation lists from its text.
pub fn annotate(doc: &mut Document) {
    let sentences = sentences::split(&doc.text);
    doc.entities = entities::find(&doc.text, &sentences);
    doc.quotes = quotes::find(&doc.text, &sentences, &doc.entities);
    doc.times = times::find(&doc.text, &sentences, doc.published.as_deref());
}
