//! sitrep's fuse stage: one report from many annotated documents.
//!
//! [`fuse`] is pure and deterministic: the same documents in the same order
//! give the same [`Report`], byte for byte once serialised. Per-document
//! work (fingerprints, subjects, cross-checks, dated sentences) runs in
//! parallel with rayon; everything that crosses documents is ordered
//! explicitly, never by hash-map iteration.
//!
//! The steps, one module each:
//!
//! - [`dedup`]: near-duplicates and syndicated copies (MinHash + LSH, then
//!   exact Jaccard and containment);
//! - [`entities`]: entities resolved across documents;
//! - [`topics`]: numeric claims grouped by what they measure;
//! - [`agreement`]: intervals, the time rule, sources, agreement and notes;
//! - [`checks`]: arithmetic cross-checks inside a document;
//! - [`timeline`]: dated events merged across documents;
//! - [`summary`]: the document list, quotes and the story at a glance.

pub mod agreement;
pub mod checks;
pub mod dedup;
pub mod entities;
mod lexicon;
pub mod summary;
pub mod text;
pub mod timeline;
pub mod topics;

use rayon::prelude::*;
use sitrep_core::report::Report;
use sitrep_core::Document;

/// Fuse annotated documents into a report.
pub fn fuse(docs: &[Document]) -> Report {
    let duplicate_of = dedup::duplicates(docs);
    let resolved = entities::resolve(docs);

    let mut topics: Vec<_> = topics::group(docs, &duplicate_of)
        .par_iter()
        .map(|g| agreement::assess(docs, &duplicate_of, &resolved, g))
        .collect();
    topics.sort_by(|a, b| {
        b.independent_sources
            .cmp(&a.independent_sources)
            .then(b.claims.len().cmp(&a.claims.len()))
            .then(a.label.cmp(&b.label))
    });
    for (i, t) in topics.iter_mut().enumerate() {
        t.id = format!("t{}", i + 1);
    }

    let checks = docs.par_iter().flat_map_iter(checks::check).collect();

    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| {
        let p = docs[i].published.as_deref().filter(|p| text::is_date(p));
        (p.is_none(), p, i)
    });
    let timeline = timeline::build(docs, &order);

    Report {
        summary: summary::summarise(docs, &duplicate_of, &resolved.entities, &topics),
        documents: summary::documents(docs, &duplicate_of),
        topics,
        checks,
        timeline,
        quotes: summary::quotes(docs, &duplicate_of, &resolved),
        entities: resolved.entities,
    }
}
