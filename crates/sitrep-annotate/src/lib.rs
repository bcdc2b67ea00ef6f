//! sitrep's annotate stage: pure functions from a document's text to its
//! annotations.
//!
//! The text is read once into a [`sitrep_text::analysis::Analysis`] (its
//! sentences and the token streams several stages share), then the
//! [`PIPELINE`]'s stages, each an [`Annotator`], run in order, each reading
//! it and what the earlier ones found: [`Sentences`] (the spans kept on the document) → [`entities`] → [`quotes`] (speakers are linked to
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
use sitrep_text::analysis::Analysis;

/// The version of the annotations [`annotate`] produces. Bump it in every
/// change that alters annotation output (a lexicon entry, a rule, a fix):
/// the store keeps it with each document's annotations, and documents
/// annotated by an older version are annotated again (`sitrep reannotate`,
/// or when `sitrep ingest` meets them).
pub const ANNOTATOR_VERSION: u32 = 13;

/// One stage of the pipeline: reads the document's text, read once for
/// every stage, and what the stages before it put in the document, and
/// fills its own annotation list.
pub trait Annotator {
    /// Fill this stage's annotations of `doc`, whose text `text` holds.
    fn annotate(&self, text: &Analysis, doc: &mut Document);
}

/// The first stage: keeps the sentence spans the text was read with on the
/// document ([`Document::sentences`]), so the readers of stored documents
/// (fuse's timeline) need not split the text again.
pub struct Sentences;

impl Annotator for Sentences {
    fn annotate(&self, text: &Analysis, doc: &mut Document) {
        doc.sentences = text.sentences().to_vec();
    }
}

/// The stages, in the order they run.
pub const PIPELINE: [&dyn Annotator; 6] =
    [&Sentences, &entities::Stage, &quotes::Stage, &quantities::Stage, &times::Stage, &claims::Stage];

/// Fill a document's annotation lists from its text: reads the text once
/// into an [`Analysis`] and runs the [`PIPELINE`] over it.
pub fn annotate(doc: &mut Document) {
    // The stages write into `doc` while they read its text: they read a copy.
    let text = doc.text.clone();
    let analysis = Analysis::new(&text);
    for stage in PIPELINE {
        stage.annotate(&analysis, doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pipeline over the shared text gives what the stages' own entry
    /// points give, each reading the text by itself.
    #[test]
    fn pipeline_matches_the_stages_run_alone() {
        let text = "Port director Mara Velde said on Tuesday that 3,400 containers were stuck in Lorvik.\n\n\
                    \"We expect the backlog to clear by March 2,\" she told reporters. The ministry counted 12 ships waiting last week.";
        let mut doc = Document { text: text.into(), published: Some("2025-02-12".into()), ..Default::default() };
        annotate(&mut doc);
        let sentences = sentences::split(text);
        let mut alone = Document { text: text.into(), published: doc.published.clone(), ..Default::default() };
        alone.sentences = sentences.clone();
        alone.entities = entities::find(text, &sentences);
        alone.quotes = quotes::find(text, &sentences, &alone.entities);
        alone.quantities = quantities::find(text, &sentences);
        alone.times = times::find(text, &sentences, alone.published.as_deref());
        alone.claims = claims::find(&alone, &sentences);
        assert_eq!(doc, alone);
        assert_eq!(doc.sentences.len(), 3);
        assert!(!doc.entities.is_empty() && !doc.quotes.is_empty() && !doc.quantities.is_empty() && !doc.times.is_empty());
    }

    #[test]
    fn pipeline_on_empty_text() {
        let mut doc = Document::default();
        annotate(&mut doc);
        assert!(doc.sentences.is_empty() && doc.entities.is_empty() && doc.quantities.is_empty() && doc.claims.is_empty());
    }
}
