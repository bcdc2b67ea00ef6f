//! The story at a glance, the document list and the quotes.

use std::collections::BTreeMap;

use sitrep_core::report::{
    Agreement, DocumentSummary, EntitySummary, QuoteSummary, Summary, Topic,
};
use sitrep_core::Document;

use crate::entities::Resolved;
use crate::text::{fold, is_date, is_stopword, words};

/// How many entities name the story.
const STORY_ENTITIES: usize = 3;

/// The documents in input order, each with the original it copies.
pub fn documents(docs: &[Document], duplicate_of: &[Option<usize>]) -> Vec<DocumentSummary> {
    docs.iter()
        .zip(duplicate_of)
        .map(|(d, dup)| DocumentSummary {
            id: d.id.clone(),
            title: d.title.clone(),
            outlet: d.outlet.clone(),
            published: d.published.clone(),
            url: d.url.clone(),
            duplicate_of: dup.map(|o| docs[o].id.clone()),
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

/// The story label: the label of the topic with the most independent
/// sources (at least two), else the entities named by the most documents
/// (then most mentioned), else the commonest content words of the titles.
fn story(docs: &[Document], entities: &[EntitySummary], topics: &[Topic]) -> Option<String> {
    let main = topics
        .iter()
        .filter(|t| t.independent_sources >= 2)
        .max_by(|a, b| a.independent_sources.cmp(&b.independent_sources).then(a.claims.len().cmp(&b.claims.len())).then(b.id.cmp(&a.id)));
    if let Some(t) = main {
        let mut label = t.label.clone();
        if let Some(first) = label.get(..1) {
            label = first.to_uppercase() + &label[1..];
        }
        return Some(label);
    }
    let mut ranked: Vec<&EntitySummary> = entities.iter().collect();
    ranked.sort_by(|a, b| {
        b.docs.len().cmp(&a.docs.len()).then(b.mentions.cmp(&a.mentions)).then(a.name.cmp(&b.name))
    });
    let names: Vec<&str> = ranked.iter().take(STORY_ENTITIES).map(|e| e.name.as_str()).collect();
    if !names.is_empty() {
        return Some(names.join(", "));
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for t in docs.iter().filter_map(|d| d.title.as_deref()) {
        for w in words(t) {
            let w = fold(w);
            if w.chars().count() >= 4 && !is_stopword(&w) {
                *counts.entry(w).or_default() += 1;
            }
        }
    }
    let mut top: Vec<(String, usize)> = counts.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let label: Vec<String> = top.into_iter().take(STORY_ENTITIES).map(|(w, _)| w).collect();
    (!label.is_empty()).then(|| label.join(" "))
}

/// Count, date and outlet figures of the corpus.
pub fn summarise(
    docs: &[Document],
    duplicate_of: &[Option<usize>],
    entities: &[EntitySummary],
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
        story: story(docs, entities, topics),
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
