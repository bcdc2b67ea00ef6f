//! Dated events across documents.
//!
//! Every time expression of kind date, date-time or month, and of kind year
//! when its sentence has an event verb (`data/event_verbs.txt`), dates the
//! sentence it is in, if that sentence reports an event: at least
//! [`MIN_WORDS`] words, an event verb or a past-tense word ("-ed"), and not
//! publication boilerplate ("Published ...", "Updated ...", a line that is
//! mostly the date itself).
//!
//! Sentences with the same date whose content words (stopwords dropped,
//! singular, diacritics folded) overlap by Jaccard similarity ≥ 0.25 are one
//! event; documents are taken earliest published first, so `doc` is the
//! first document that reported it and `docs` lists every one. Entries are
//! sorted by date, then text.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use sitrep_annotate::sentences;
use sitrep_core::report::TimelineEntry;
use sitrep_core::{Document, TimeKind};

use crate::lexicon::is_event_verb;
use crate::text::{day_range, fold, is_date, is_stopword, singular, words};

pub const MIN_WORDS: usize = 5;
const SAME_EVENT: f64 = 0.25;
const BOILERPLATE_OPENINGS: [&str; 7] =
    ["published", "updated", "posted", "last updated", "first published", "copyright", "©"];

struct Dated {
    date: String,
    doc: usize,
    start: usize,
    end: usize,
    words: BTreeSet<String>,
}

fn content_words(sentence: &str) -> BTreeSet<String> {
    words(sentence)
        .into_iter()
        .map(fold)
        .filter(|w| w.chars().count() >= 3 && !is_stopword(w))
        .map(|w| singular(&w))
        .collect()
}

fn reports_event(sentence: &str, time_text: &str, kind: TimeKind) -> bool {
    let lower = fold(sentence.trim_start());
    if BOILERPLATE_OPENINGS.iter().any(|b| lower.starts_with(b)) {
        return false;
    }
    let ws = words(sentence);
    if ws.len() < MIN_WORDS || time_text.len() * 2 > sentence.len() {
        return false;
    }
    let lowered: Vec<String> = ws.iter().map(|w| fold(w)).collect();
    let has_event_verb = lowered.iter().any(|w| is_event_verb(w));
    match kind {
        TimeKind::Year => has_event_verb,
        _ => has_event_verb || lowered.iter().any(|w| w.len() > 4 && w.ends_with("ed")),
    }
}

/// The timeline date of a time expression, if it is one of the kept kinds.
fn date_of(kind: TimeKind, value: &str) -> Option<String> {
    let v = match kind {
        TimeKind::Datetime => value.get(..10)?,
        TimeKind::Date | TimeKind::Month | TimeKind::Year => value,
        _ => return None,
    };
    let ok = match kind {
        TimeKind::Date | TimeKind::Datetime => is_date(v),
        TimeKind::Month => v.len() == 7 && day_range(v).is_some(),
        _ => v.len() == 4 && day_range(v).is_some(),
    };
    ok.then(|| v.to_string())
}

fn dated_sentences(d: usize, doc: &Document) -> Vec<Dated> {
    if doc.times.is_empty() {
        return Vec::new();
    }
    let spans = sentences::split(&doc.text);
    let mut out: Vec<Dated> = Vec::new();
    for t in &doc.times {
        let Some(date) = t.value.as_deref().and_then(|v| date_of(t.kind, v)) else { continue };
        let Some(span) = spans.iter().find(|s| s.start <= t.start && t.start < s.end) else { continue };
        let sentence = span.slice(&doc.text);
        if sentence.is_empty() || !reports_event(sentence, &t.text, t.kind) {
            continue;
        }
        if out.iter().any(|o| o.date == date && o.start == span.start) {
            continue;
        }
        out.push(Dated { date, doc: d, start: span.start, end: span.end, words: content_words(sentence) });
    }
    out
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let common = a.intersection(b).count();
    let union = a.len() + b.len() - common;
    if union == 0 {
        1.0
    } else {
        common as f64 / union as f64
    }
}

/// Build the timeline. `order` lists document indices earliest published
/// first.
pub fn build(docs: &[Document], order: &[usize]) -> Vec<TimelineEntry> {
    let dated: Vec<Vec<Dated>> = order.par_iter().map(|&d| dated_sentences(d, &docs[d])).collect();
    let mut by_date: BTreeMap<String, Vec<Dated>> = BTreeMap::new();
    for item in dated.into_iter().flatten() {
        by_date.entry(item.date.clone()).or_default().push(item);
    }
    let mut entries: Vec<TimelineEntry> = by_date
        .into_par_iter()
        .flat_map_iter(|(date, items)| {
            let mut events: Vec<(Dated, Vec<usize>)> = Vec::new();
            for item in items {
                match events.iter_mut().find(|(e, _)| jaccard(&e.words, &item.words) >= SAME_EVENT) {
                    Some((_, ds)) => {
                        if !ds.contains(&item.doc) {
                            ds.push(item.doc);
                        }
                    }
                    None => {
                        let d = item.doc;
                        events.push((item, vec![d]));
                    }
                }
            }
            events.into_iter().map(move |(e, ds)| {
                let doc = &docs[e.doc];
                TimelineEntry {
                    date: date.clone(),
                    text: doc.text.get(e.start..e.end).unwrap_or_default().to_string(),
                    doc: doc.id.clone(),
                    start: e.start,
                    end: e.end,
                    docs: ds.into_iter().map(|d| docs[d].id.clone()).collect(),
                }
            })
        })
        .collect();
    entries.sort_by(|a, b| (&a.date, &a.text, &a.doc, a.start).cmp(&(&b.date, &b.text, &b.doc, b.start)));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_sentences() {
        assert!(reports_event("The treaty was ratified on 4 December by parliament.", "4 December", TimeKind::Date));
        assert!(!reports_event("Published 18 October 2024.", "18 October 2024", TimeKind::Date));
        assert!(!reports_event("Updated: 18 October 2024, 10:02 local time in Seoul", "18 October 2024", TimeKind::Date));
        assert!(!reports_event("In 2024 the economy is large and slow.", "2024", TimeKind::Year));
        assert!(reports_event("In 2019 the two leaders met at the border.", "2019", TimeKind::Year));
    }

    #[test]
    fn dates_of_kept_kinds() {
        assert_eq!(date_of(TimeKind::Datetime, "2024-10-18T09:00").as_deref(), Some("2024-10-18"));
        assert_eq!(date_of(TimeKind::Month, "2024-10").as_deref(), Some("2024-10"));
        assert_eq!(date_of(TimeKind::Year, "2024").as_deref(), Some("2024"));
        assert_eq!(date_of(TimeKind::Date, "2024-10"), None);
        assert_eq!(date_of(TimeKind::Duration, "P3D"), None);
        assert_eq!(date_of(TimeKind::Week, "2024-W43"), None);
    }
}
