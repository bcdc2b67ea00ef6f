//! The story at a glance, the document list and the quotes.

use std::collections::BTreeMap;
use rayon::prelude::*;

use sitrep_core::report::{Agreement, DocumentSummary, QuoteSummary, Story, Summary};
use sitrep_core::{Document, Quote};

use crate::dedup::Copy;
use crate::entities::Resolved;
use crate::text::is_date;

/// The documents in input order, each with the original it copies and why.
pub fn documents(docs: &[Document], copies: &[Option<Copy>]) -> Vec<DocumentSummary> {
    docs.par_iter()
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
        .flat_map(|(i, d)| d.quotes.iter().map(move |q| quote(i, &d.id, q.clone(), resolved)))
        .collect()
}

/// [`quotes`], moved out of the documents (their quotes left empty).
pub fn take_quotes(docs: &mut [Document], duplicate_of: &[Option<usize>], resolved: &Resolved) -> Vec<QuoteSummary> {
    // Into a list made once, a document at a time, each document's quotes
    // freed as its summaries are made: a large story quotes a million
    // times, and gathered on every core (in a list per part, then joined)
    // its summaries were held twice over for a moment (the largest story
    // of a million: 175 MB of heap above its quotes then, 135 MB now).
    let original = |i: usize| duplicate_of.get(i).is_some_and(Option::is_none);
    let n = docs.iter().enumerate().filter(|&(i, _)| original(i)).map(|(_, d)| d.quotes.len()).sum();
    let mut summaries = Vec::with_capacity(n);
    for (i, d) in docs.iter_mut().enumerate().filter(|&(i, _)| original(i)) {
        let id = &d.id;
        summaries.extend(std::mem::take(&mut d.quotes).into_iter().map(|q| quote(i, id, q, resolved)));
    }
    summaries
}

/// A quote of document `doc` (`id`), its speaker named as resolved.
fn quote(doc: usize, id: &str, q: Quote, resolved: &Resolved) -> QuoteSummary {
    QuoteSummary {
        doc: id.to_string(),
        speaker: q.speaker.as_deref().and_then(|s| resolved.of(doc, s)).map(|e| e.name.clone()).or(q.speaker_name),
        text: q.text,
        direct: q.direct,
        start: q.start,
        end: q.end,
    }
}

/// Count, date and outlet figures of a set of documents, gathered one
/// document and one story at a time, so a whole corpus can be summed up
/// without holding it (the store reads it row by row).
#[derive(Debug, Clone, Default)]
pub struct Tally {
    outlets: BTreeMap<String, usize>,
    first: Option<String>,
    last: Option<String>,
    documents: usize,
    story: Option<String>,
    independent: usize,
    consistent: usize,
    conflicting: usize,
    single: usize,
}

impl Tally {
    /// Count one document by its outlet and publication date.
    pub fn document(&mut self, outlet: Option<&str>, published: Option<&str>) {
        self.documents += 1;
        if let Some(o) = outlet.map(str::trim).filter(|o| !o.is_empty()) {
            *self.outlets.entry(o.to_string()).or_default() += 1;
        }
        if let Some(p) = published.filter(|p| is_date(p)) {
            if self.first.as_deref().is_none_or(|f| p < f) {
                self.first = Some(p.to_string());
            }
            if self.last.as_deref().is_none_or(|l| p > l) {
                self.last = Some(p.to_string());
            }
        }
    }

    /// Count one story's independent documents and topics (the first story
    /// counted names the summary).
    pub fn story(&mut self, label: &str, independent: usize, topics: impl Iterator<Item = Agreement>) {
        self.story.get_or_insert_with(|| label.to_string());
        self.add(independent, topics);
    }

    /// Count a story already summed up (a story's own [`Summary`]).
    pub fn summary(&mut self, s: &Summary) {
        if let Some(label) = &s.story {
            self.story.get_or_insert_with(|| label.clone());
        }
        self.independent += s.independent_documents;
        self.consistent += s.consistent_topics;
        self.conflicting += s.conflicting_topics;
        self.single += s.single_source_topics;
    }

    fn add(&mut self, independent: usize, agreements: impl Iterator<Item = Agreement>) {
        self.independent += independent;
        for a in agreements {
            match a {
                Agreement::Consistent => self.consistent += 1,
                Agreement::Conflicting => self.conflicting += 1,
                Agreement::Single => self.single += 1,
            }
        }
    }

    /// The summary: outlets most documents first.
    pub fn finish(self) -> Summary {
        let mut outlets: Vec<(String, usize)> = self.outlets.into_iter().collect();
        outlets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Summary {
            story: self.story,
            documents: self.documents,
            independent_documents: self.independent,
            outlets: outlets.into_iter().map(|(o, _)| o).collect(),
            first_published: self.first,
            last_published: self.last,
            consistent_topics: self.consistent,
            conflicting_topics: self.conflicting,
            single_source_topics: self.single,
        }
    }
}

/// Count, date and outlet figures of one story's documents (and the
/// agreement of each of its topics).
pub fn summarise(docs: &[Document], story: &Story, topics: impl Iterator<Item = Agreement>) -> Summary {
    let mut tally = Tally::default();
    for d in docs {
        tally.document(d.outlet.as_deref(), d.published.as_deref());
    }
    tally.story(&story.label, story.independent_documents, topics);
    tally.finish()
}
