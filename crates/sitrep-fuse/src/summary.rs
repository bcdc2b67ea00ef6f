//! The story at a glance, the document list and the quotes.

use std::collections::BTreeMap;

use sitrep_core::report::{Agreement, DocumentSummary, QuoteSummary, Story, Summary, Topic};
use sitrep_core::Document;

use crate::dedup::Copy;
use crate::entities::Resolved;
use crate::text::is_date;

/// The documents in input order, each with the original it copies and why.
pub fn documents(docs: &[Document], copies: &[Option<Copy>]) -> Vec<DocumentSummary> {
    docs.iter()
        .zip(copies)
        .map(|(d, copy)| DocumentSummary {
            id: d.id.clone(),
            title: d.title.clone(),
            outlet: d.outlet.clone(),
            published: d.published.clone(),
            url: d.url.clone(),
            duplicate_of: copy.as_ref().map(|c| docs[c.of].id.clone()),
            copy: copy.as_ref().map(|c| c.evidence.clone()),
            story: None,
        })
        .collect()
}

/// The quotes of original documents, speakers named as resolved.
pub fn quotes(docs: &[Document], duplicate_of: &[Option<usize>], resolved: &Resolved) -> Vec<QuoteSummary> {
    docs.iter()
        .enumerate()
        .filter(|(i, _)| duplicate_of.get(*i).is_some_and(Option::is_none))
        .flat_map(|(i, d)| {
            d.quotes.iter().map(move |q| QuoteSummary {
                doc: d.id.clone(),
                speaker: q
                    .speaker
                    .as_deref()
                    .and_then(|id| resolved.of(i, id))
                    .map(|e| e.name.clone())
                    .or_else(|| q.speaker_name.clone()),
                text: q.text.clone(),
                direct: q.direct,
                start: q.start,
                end: q.end,
            })
        })
        .collect()
}

/// Count, date and outlet figures of the corpus.
pub fn summarise(
    docs: &[Document],
    duplicate_of: &[Option<usize>],
    largest: Option<&Story>,
    topics: &[Topic],
) -> Summary {
    let mut outlets: BTreeMap<&str, usize> = BTreeMap::new();
    for d in docs {
        if let Some(o) = d.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            *outlets.entry(o).or_default() += 1;
        }
    }
    let mut outlets: Vec<(&str, usize)> = outlets.into_iter().collect();
    outlets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let dates = docs.iter().filter_map(|d| d.published.as_deref()).filter(|p| is_date(p));
    let count = |a: Agreement| topics.iter().filter(|t| t.agreement == a).count();
    Summary {
        story: largest.map(|s| s.label.clone()),
        documents: docs.len(),
        independent_documents: duplicate_of.iter().filter(|d| d.is_none()).count(),
        outlets: outlets.into_iter().map(|(o, _)| o.to_string()).collect(),
        first_published: dates.clone().min().map(String::from),
        last_published: dates.max().map(String::from),
        consistent_topics: count(Agreement::Consistent),
        conflicting_topics: count(Agreement::Conflicting),
        single_source_topics: count(Agreement::Single),
    }
}
