//! sitrep's fuse stage: one report from many annotated documents.
//!
//! [`fuse`] is pure and deterministic: the same documents give the same
//! [`Report`], byte for byte once serialised, whatever order they come in
//! for the stories and topics. Per-document work (profiles, cross-checks,
//! dated sentences) and per-story work (topics and verdicts) run in
//! parallel with rayon; everything that crosses documents is ordered
//! explicitly, never by hash-map iteration.
//!
//! The steps, one module each:
//!
//! - [`dedup`]: near-duplicates, syndicated and rewritten copies (keys
//!   from a sketch of word pairs, sentences and quotes; then the words both
//!   texts have in the same order);
//! - [`entities`]: entities resolved across documents;
//! - [`stories`]: documents clustered into the stories they follow;
//!   claims are compared only inside a story;
//! - [`topics`]: a story's numeric claims grouped by their frame;
//! - [`agreement`]: sources, intervals and a verdict for every claim;
//! - [`checks`]: arithmetic cross-checks inside a document;
//! - [`timeline`]: dated events merged across documents;
//! - [`summary`]: the document list, quotes and the corpus at a glance.

pub mod agreement;
pub mod checks;
pub mod dedup;
pub mod entities;
mod lexicon;
pub mod overrides;
pub mod stories;
pub mod summary;
pub mod text;
pub mod snapshot;
pub mod timeline;
pub mod topics;

/// The word lists of fuse's rules (`data/words.txt`).
pub(crate) const WORDS: &str = include_str!("../data/words.txt");

use rayon::prelude::*;
use std::collections::BTreeSet;

use sitrep_core::report::{Agreement, Report, Story, Topic, TopicClaim, Verdict};
use sitrep_core::{Document, SourceKind};

/// Fuse annotated documents into a report and apply the analyst's
/// corrections to it: what every reader of a store shows (the CLI's
/// reports and `sitrep serve`), so corrections survive each re-fusion.
pub fn fuse_corrected(docs: &[Document], corrections: &[sitrep_core::overrides::Override]) -> Report {
    let mut report = fuse(docs);
    if !corrections.is_empty() {
        overrides::apply(&mut report, corrections);
    }
    report
}

/// Fuse annotated documents into a report.
pub fn fuse(docs: &[Document]) -> Report {
    let copies = dedup::copies(docs);
    let duplicate_of: Vec<Option<usize>> = copies.iter().map(|c| c.as_ref().map(|c| c.of)).collect();
    let resolved = entities::resolve(docs);
    let profiles: Vec<stories::Profile> = docs.par_iter().map(stories::profile).collect();
    let clusters = stories::cluster(docs, &profiles, &duplicate_of);

    let per_story: Vec<Vec<Topic>> = clusters
        .members
        .par_iter()
        .enumerate()
        .map(|(s, members)| story_topics(docs, &duplicate_of, &resolved, members, &clusters.ids[s]))
        .collect();

    let stories: Vec<Story> = clusters
        .members
        .iter()
        .enumerate()
        .map(|(s, members)| {
            let mut dated: Vec<&Document> = members.iter().map(|&d| &docs[d]).collect();
            dated.sort_by(|a, b| (a.published.is_none(), &a.published, &a.id).cmp(&(b.published.is_none(), &b.published, &b.id)));
            let dates = dated.iter().filter_map(|d| d.published.as_deref()).filter(|p| text::is_date(p));
            Story {
                id: clusters.ids[s].clone(),
                label: clusters.labels[s].clone(),
                documents: dated.iter().map(|d| d.id.clone()).collect(),
                topics: per_story[s].iter().map(|t| t.id.clone()).collect(),
                independent_documents: members.iter().filter(|&&d| duplicate_of[d].is_none()).count(),
                first_published: dates.clone().min().map(String::from),
                last_published: dates.max().map(String::from),
            }
        })
        .collect();
    let topics: Vec<Topic> = per_story.into_iter().flatten().collect();

    let checks = docs.par_iter().flat_map_iter(checks::check).collect();

    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| {
        let p = docs[i].published.as_deref().filter(|p| text::is_date(p));
        (p.is_none(), p, i)
    });
    let timeline = timeline::build(docs, &order);

    let mut documents = summary::documents(docs, &copies);
    for (d, summary) in documents.iter_mut().enumerate() {
        summary.story = Some(clusters.ids[clusters.of_doc[d]].clone());
    }
    Report {
        summary: summary::summarise(docs, &duplicate_of, stories.first(), &topics),
        stories,
        documents,
        topics,
        checks,
        timeline,
        quotes: summary::quotes(docs, &duplicate_of, &resolved),
        entities: resolved.entities,
        overrides: Vec::new(),
    }
}

/// The topics of one story, largest first, with ids derived from the story
/// and the frame. A story told by one original document has no
/// cross-source topic.
fn story_topics(
    docs: &[Document],
    duplicate_of: &[Option<usize>],
    resolved: &entities::Resolved,
    members: &[usize],
    story: &str,
) -> Vec<Topic> {
    let groups = topics::group(docs, members);
    let ids: Vec<String> = groups.iter().map(|g| topic_id(story, &g.key.joined())).collect();
    let mut topics: Vec<Topic> = groups
        .iter()
        .zip(&ids)
        .map(|(g, id)| {
            let mut t = agreement::assess(docs, duplicate_of, resolved, g);
            t.id = id.clone();
            t.story = story.to_string();
            t.part_of = g.part_of.map(|p| ids[p].clone());
            single_document(&mut t);
            t
        })
        .collect();
    topics.sort_by(|a, b| {
        b.independent_sources
            .cmp(&a.independent_sources)
            .then(b.claims.len().cmp(&a.claims.len()))
            .then(a.label.cmp(&b.label))
            .then(a.id.cmp(&b.id))
    });
    topics
}

/// A topic told by one original document is not a cross-source topic: it
/// stays `single`, unless two sources the document names contradict each
/// other (a police count and a union count in one report).
pub(crate) fn single_document(t: &mut Topic) {
    let originals: BTreeSet<&str> = t.claims.iter().filter(|c| !c.duplicate).map(|c| c.doc.as_str()).collect();
    if originals.len() > 1 {
        return;
    }
    let named = |c: &TopicClaim| c.source_kind != SourceKind::Author && c.source.is_some();
    let named_dispute = t
        .claims
        .iter()
        .any(|c| c.verdict == Verdict::Outlier && named(c) && c.against.iter().any(|&j| t.claims.get(j).is_some_and(named)));
    if !named_dispute {
        t.agreement = Agreement::Single;
        // One article is one voice: the sources it quotes corroborate
        // nothing another outlet has not also reported.
        t.independent_sources = t.independent_sources.min(1);
    }
}

/// A topic id stable across re-fusion: a hash of its story and frame key.
fn topic_id(story: &str, key: &str) -> String {
    format!("t{:010x}", text::hash_str(&format!("{story}\u{1f}{key}")) >> 24)
}
