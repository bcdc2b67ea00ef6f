//! sitrep's annotate stage: pure functions from a document's text to its
//! annotations.

use sitrep_core::Document;

/// Fill a document's annotation lists from its text.
pub fn annotate(doc: &mut Document) {
    let _ = doc;
}
