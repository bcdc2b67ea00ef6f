//! sitrep's annotate stage: pure functions from a document's text to its
//! annotations.
//!
//! The stages run in order, each reading the text and what the earlier ones
//! found: [`sentences`] → [`entities`] → [`quotes`] (speakers are linked to
//! entities) → [`quantities`] → [`times`] (normalised against the
//! publication date) → [`claims`] (figures and statements with their
//! source, modality, subject and time).

pub mod claims;
pub mod entities;
pub mod lang;
pub mod quantities;
pub mod quotes;
pub mod times;

// The text layer and the language data live in their own crates; their
// old paths stay for the modules that use them.
pub use sitrep_lang::{frames, frequency};
pub use sitrep_text::{sentences, tokens};

use sitrep_core::Document;

/// The version of the annotations [`annotate`] produces. Bump it in every
/// change that alters annotation output (a lexicon entry, a rule, a fix):
/// the store keeps it with each document's annotations, and documents
/// annotated by an older version are annotated again (`sitrep reannotate`,
/// or when `sitrep ingest` meets them).
pub const ANNOTATOR_VERSION: u32 = 9;

/// Fill a document's annotation lists from its text.
pub fn annotate(doc: &mut Document) {
    let sentences = sentences::split(&doc.text);
    doc.entities = entities::find(&doc.text, &sentences);
    doc.quotes = quotes::find(&doc.text, &sentences, &doc.entities);
    doc.quantities = quantities::find_in(&doc.text, &sentences, doc.language.as_deref());
    doc.times = times::find_in(&doc.text, &sentences, doc.published.as_deref(), doc.language.as_deref());
    doc.claims = claims::find(doc, &sentences);
}
