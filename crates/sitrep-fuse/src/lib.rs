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

/// The word lists of fuse's rules (`data/lang/en/words.txt`).
pub(crate) const WORDS: &str = include_str!("../data/lang/en/words.txt");

use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

use sitrep_core::report::{Agreement, Report, Story, Topic, TopicClaim, Verdict};
use sitrep_core::{Document, Layers, SourceKind};

/// The version of what fusion computes from a story's documents. A store
/// keeps each story's fused result with the version that made it and fuses
/// the story again when it differs: **bump it in every change that alters
/// fusion output** (a rule, a threshold, a field of the result).
pub const FUSE_VERSION: u32 = 3;

/// Fuse annotated documents into a report and apply the analyst's
/// corrections to it: what every reader of a store shows (the CLI's
/// reports and `sitrep serve`), so corrections survive each re-fusion.
///
/// Copies are found across all the documents ([`dedup::group`] over each
/// document's [`dedup::Fingerprint`]), the documents are clustered into
/// stories with copies joined first ([`stories::cluster`], from each
/// document's small [`stories::Member`]), each story is fused on its own
/// ([`fuse_story`], given its copies: [`story_copies`]) and corrected
/// ([`correct_story`]), and the stories are put together ([`Assembly`]) —
/// the same steps a store runs incrementally, so a stored fusion equals
/// this one.
pub fn fuse_corrected(docs: &[Document], corrections: &[sitrep_core::overrides::Override]) -> Report {
    let copies = dedup::copies(docs);
    let duplicate_of: Vec<Option<usize>> = copies.iter().map(|c| c.as_ref().map(|c| c.of)).collect();
    let members: Vec<stories::Member> = docs.par_iter().map(stories::member).collect();
    let clusters = stories::cluster(&members, &duplicate_of);
    drop(members);
    let parts: Vec<Report> = clusters
        .members
        .par_iter()
        .map(|m| {
            let story: Vec<Document> = m.iter().map(|&d| docs[d].clone()).collect();
            correct_story(fuse_story(&story, &story_copies(|d| copies.get(d)?.as_ref(), m)), corrections)
        })
        .collect();
    let mut whole = Assembly::default();
    for d in docs {
        whole.tally.document(d.outlet.as_deref(), d.published.as_deref());
    }
    for part in parts {
        whole.add(part);
    }
    whole.finish(corrections)
}

/// The copies among a story's documents (`members`, indices into the
/// corpus, ascending), as indices into the story: `copy_of` tells a
/// corpus document's copy (by index into the corpus), and a copy is
/// always in its original's story. An original outside the story (which
/// clustering never makes) counts as none.
pub fn story_copies<'a>(copy_of: impl Fn(usize) -> Option<&'a dedup::Copy>, members: &[usize]) -> Vec<Option<dedup::Copy>> {
    members
        .iter()
        .map(|&d| {
            let c = copy_of(d)?;
            let of = members.binary_search(&c.of).ok()?;
            Some(dedup::Copy { of, evidence: c.evidence.clone() })
        })
        .collect()
}

/// Fuse annotated documents into a report.
pub fn fuse(docs: &[Document]) -> Report {
    fuse_corrected(docs, &[])
}

/// A whole report put together story by story, stories in report order
/// (largest first): each section is the stories' sections one after the
/// other, the summary counts every document (fed to `tally`) and sums the
/// stories' independent documents and topics, and the corrections' outcomes
/// are merged (a correction is applied when some story applied it).
#[derive(Debug, Default)]
pub struct Assembly {
    pub tally: summary::Tally,
    report: Report,
    outcomes: Vec<Vec<sitrep_core::overrides::Applied>>,
}

impl Assembly {
    /// Add the next story's (corrected) report.
    pub fn add(&mut self, part: Report) {
        self.tally.summary(&part.summary);
        let r = &mut self.report;
        r.stories.extend(part.stories);
        r.documents.extend(part.documents);
        r.topics.extend(part.topics);
        r.checks.extend(part.checks);
        r.timeline.extend(part.timeline);
        r.entities.extend(part.entities);
        r.quotes.extend(part.quotes);
        self.outcomes.push(part.overrides);
    }

    /// The whole report.
    pub fn finish(self, corrections: &[sitrep_core::overrides::Override]) -> Report {
        let mut report = self.report;
        report.summary = self.tally.finish();
        report.overrides = overrides::merge(corrections, &self.outcomes);
        report
    }
}

/// A story's report with the analyst's corrections applied (those whose
/// targets are in other stories are listed as not applied).
pub fn correct_story(mut report: Report, corrections: &[sitrep_core::overrides::Override]) -> Report {
    if !corrections.is_empty() {
        overrides::apply(&mut report, corrections);
    }
    report
}

/// Whether fusing a story ([`fuse_story`]) reads claim `claim` of `doc`:
/// it reads the numeric claims (topics, verdicts, checks) and, when no
/// document of the story has a publication year, every claim's time (the
/// story's year is then its claims'). So the claims of a document with a
/// publication year that this refuses can be left out (those kept in their
/// order) and the report is the same: most claims are statements, and a
/// loader that leaves them out holds far less for a large story
/// (`Store::documents_for`).
pub fn reads_claim(doc: &Document, claim: &sitrep_core::Claim) -> bool {
    topics::is_numeric(claim) || doc.published.as_deref().and_then(topics::year).is_none()
}

/// Fuse the documents of one story (in corpus order), with the copies
/// among them (indices into `docs`, from [`story_copies`]), into the
/// story's report: its one [`Story`], documents, topics with verdicts,
/// checks, timeline, entities and quotes, and the summary counted over
/// them. Pure: the result depends on these documents and copies alone
/// (entities are resolved among them), so a store keeps it until they
/// change.
pub fn fuse_story(docs: &[Document], copies: &[Option<dedup::Copy>]) -> Report {
    let profiles: Vec<stories::Profile> = docs.par_iter().map(stories::profile).collect();
    fuse_story_profiled(docs, copies, &profiles)
}

/// [`fuse_story`] given each document's story profile
/// ([`stories::profile`], in the order of `docs`), as a store keeps them,
/// so that they are not computed again; the same report. Profiles that do
/// not match the documents one for one are computed again.
pub fn fuse_story_profiled(docs: &[Document], copies: &[Option<dedup::Copy>], profiles: &[stories::Profile]) -> Report {
    if profiles.len() != docs.len() {
        return fuse_story(docs, copies);
    }
    let label = stories::label(docs, profiles);
    let copies = inside(docs.len(), copies);
    let duplicate_of: Vec<Option<usize>> = copies.iter().map(|c| c.as_ref().map(|c| c.of)).collect();
    let resolved = entities::resolve(docs);
    let quotes = summary::quotes(docs, &duplicate_of, &resolved);
    story_report(docs, &copies, label, resolved, quotes)
}

/// [`fuse_story_profiled`] taking the documents and profiles, each part
/// freed once the last step reading it is done ([`fuse_story_layered`]
/// over the documents' own layers). The same report, from less memory for
/// a large story: the steps run in another order, each on what it reads.
/// Each topic is given to `keep` as it is made, with the claims it cites
/// ([`Cited`]), and the report holds what `keep` made of it instead
/// ([`Fused`]).
pub fn fuse_story_owned<T: Send>(
    mut docs: Vec<Document>,
    copies: &[Option<dedup::Copy>],
    profiles: Vec<stories::Profile>,
    keep: impl Fn(Topic, &Cited<'_>) -> T + Sync,
) -> Fused<T> {
    let profiles: Vec<Option<stories::Profile>> =
        if profiles.len() == docs.len() { profiles.into_iter().map(Some).collect() } else { vec![None; docs.len()] };
    let mut layers: Vec<Document> = docs.iter_mut().map(|d| d.split_off(Layers::BODY)).collect();
    fuse_story_layered(docs, &mut layers, copies, profiles, keep)
}

/// Where a story's documents' layers come from in [`fuse_story_layered`]:
/// each [`fill`](StoryLayers::fill) moves the layers asked for of every
/// document of the story, in its order, into `docs` (which hold their
/// metadata); [`each_part`](StoryLayers::each_part) lends them a part of
/// the story at a time. No layer is filled twice, nor lent once filled,
/// so a source may give its own away.
pub trait StoryLayers {
    /// Fill these layers of `docs` (the story's documents, in order):
    /// [`fill_seeing`](StoryLayers::fill_seeing) with nothing seen.
    fn fill(&mut self, layers: Layers, docs: &mut [Document]) {
        self.fill_seeing(layers, Layers::NONE, docs, |_, _| ());
    }

    /// [`fill`](StoryLayers::fill) `layers` of `docs`, each document first
    /// given to `see` with its place, holding the layers `seen` too (which
    /// are lent, not filled: they can be lent again): what `see` made of
    /// each, in order (the default for one that could not be read). Only a
    /// part of the story holds the layers seen at once.
    fn fill_seeing<R: Send + Default>(&mut self, layers: Layers, seen: Layers, docs: &mut [Document], see: impl Fn(usize, &Document) -> R + Sync + Send) -> Vec<R>;

    /// Give `each` the story's documents a part at a time, the parts on
    /// every core, each document with its place in the story and holding
    /// (at least) these layers, with the state `init` made for the thread;
    /// what `each` makes of every part, in any order. Only a part's
    /// documents are held at once.
    fn each_part<S, R: Send>(&mut self, layers: Layers, init: impl Fn() -> S + Sync + Send, each: impl Fn(&mut S, &[(usize, &Document)]) -> R + Sync + Send) -> Vec<R>;

    /// Each document's timeline reading ([`timeline::Reading::read`]) with
    /// its place, in any order: read from the documents' texts, sentences
    /// and times a part at a time ([`StoryLayers::each_part`]). A source
    /// that keeps the readings it made before may give those back instead
    /// ([`timeline::Reading::restore`]): reading the documents again
    /// gives the same.
    fn readings(&mut self, reading: &timeline::Reading) -> Vec<(usize, timeline::Read)> {
        let read = self.each_part(Layers::TEXT.and(Layers::SENTENCES).and(Layers::TIMES), timeline::Seen::default, |seen, part| {
            part.iter().map(|&(d, doc)| (d, reading.read(seen, d, doc))).collect::<Vec<_>>()
        });
        read.into_iter().flatten().collect()
    }
}

/// Documents holding their layers, one for each of the story's, in order:
/// each layer moved out when asked for.
impl StoryLayers for Vec<Document> {
    fn fill_seeing<R: Send + Default>(&mut self, layers: Layers, _: Layers, docs: &mut [Document], see: impl Fn(usize, &Document) -> R + Sync + Send) -> Vec<R> {
        docs.par_iter_mut()
            .zip(self.par_iter_mut())
            .enumerate()
            .map(|(p, (d, from))| {
                let made = see(p, from);
                d.take_layers(from, layers);
                made
            })
            .collect()
    }

    fn each_part<S, R: Send>(&mut self, _: Layers, init: impl Fn() -> S + Sync + Send, each: impl Fn(&mut S, &[(usize, &Document)]) -> R + Sync + Send) -> Vec<R> {
        /// Documents in a part.
        const PART: usize = 128;
        let docs: Vec<(usize, &Document)> = self.iter().enumerate().collect();
        docs.par_chunks(PART).map_init(init, |state, part| each(state, part)).collect()
    }
}

/// [`fuse_story_owned`] from the story's documents' metadata (`docs`, in
/// corpus order) and a source of their layers, read a few at a time, each
/// freed once the last step reading it is done: the entities first (the
/// label, the resolved entities and the story's capital; their descriptors
/// and mentions dropped then); then the claims, each document's text and
/// quantities seen as they are read ([`StoryLayers::fill_seeing`]: its
/// checks, where its claims' paragraphs break ([`topics::Breaks`]) and its
/// claims' figures taken, the text and quantities dropped) and, when the
/// claims name events, read again a part at a time ([`topics::Naming`]);
/// the topics are grouped from those ([`topics::group_with`]), and each
/// topic, as it is assessed, given to `keep` with the claims it cites
/// (their sentences taken out first: the topic holds them), the report
/// holding what `keep` makes of it instead of the topic ([`Fused`]); once
/// the claims are dropped, the timeline reads each document's text,
/// sentences and times a part of the story at a time
/// ([`StoryLayers::each_part`], [`timeline::Reading`]), its entries made
/// then; the quotes last, the texts seen again as they are read (the
/// sentences of the timeline's entries taken), moved into the report
/// instead of copied (a copy's, never listed, dropped). So a large story
/// never holds its texts, sentences and times whole, nor its topics, nor
/// its quotes or its timeline beside its claims, nor its entities'
/// descriptors beside either (on a story of 102,557 generated articles the
/// heap peaked at 1,261 MB with its segments, against 1,607 MB when the
/// texts were held beside the claims and what the timeline read beside
/// both; with the timeline after the topics, the story's capital found
/// before the places are dropped and the entities looked up flat, the
/// largest story of a million rose 535 MiB over the memory resident when
/// its fusion began, against 659 MiB).
/// `profiles` has each document's story profile, `None` for one to
/// compute again (from its entities and text, read a part at a time
/// first).
pub fn fuse_story_layered<T: Send>(
    mut docs: Vec<Document>,
    source: &mut (impl StoryLayers + Send),
    copies: &[Option<dedup::Copy>],
    mut profiles: Vec<Option<stories::Profile>>,
    keep: impl Fn(Topic, &Cited<'_>) -> T + Sync,
) -> Fused<T> {
    profiles.resize(docs.len(), None);
    // A profile missing is made again from its document's entities and
    // text, read a part at a time.
    if profiles.iter().any(Option::is_none) {
        let missing: Vec<bool> = profiles.iter().map(Option::is_none).collect();
        let made = source.each_part(Layers::ENTITIES.and(Layers::TEXT), || (), |_, part| {
            part.iter().filter(|(d, _)| missing[*d]).map(|&(d, doc)| (d, stories::profile_apart(&docs[d], doc))).collect::<Vec<_>>()
        });
        for (d, p) in made.into_iter().flatten() {
            profiles[d] = Some(p);
        }
    }
    source.fill(Layers::ENTITIES, &mut docs);
    let profiles: Vec<stories::Profile> = profiles.into_iter().map(Option::unwrap_or_default).collect();
    let copies = inside(docs.len(), copies);
    let duplicate_of: Vec<Option<usize>> = copies.iter().map(|c| c.as_ref().map(|c| c.of)).collect();
    let (label, resolved) = rayon::join(|| stories::label(&docs, &profiles), || entities::resolve(&docs));
    drop(profiles);
    // Nothing after this reads an entity's descriptors or its mentions
    // (the topics read the places and how often each is mentioned: the
    // story's capital, found now), only its id and name (a claim's source).
    let all: Vec<usize> = (0..docs.len()).collect();
    let capital = topics::story_capital(&docs, &all);
    // What is kept is made again rather than cut down in place: it then
    // lies in pages of its own, and the pages the whole entities took go
    // back to the system (cut down in place, the kept parts held on to
    // most of them).
    docs.par_iter_mut().for_each(|d| {
        let kept = |e: &sitrep_core::Entity| sitrep_core::Entity {
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind,
            mentions: Vec::new(),
            descriptors: Vec::new(),
        };
        d.entities = d.entities.iter().map(kept).collect();
    });
    let ids: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
    // The claims and quantities are read with the texts, each text seen and
    // dropped a part of the story at a time: what the checks and topics
    // read of it (each document's checks, its claims' paragraphs) is taken
    // as it is read.
    let seen = source.fill_seeing(Layers::CLAIMS, Layers::TEXT.and(Layers::QUANTITIES), &mut docs, |p, doc| Seen {
        checks: checks::check_as(&ids[p], doc),
        breaks: topics::Breaks::of(doc),
        figures: doc.claims.iter().map(|c| agreement::figure(doc, c)).collect(),
    });
    drop(ids);
    // Of a document's entities, nothing after this reads but the id and
    // name of one a claim names as its source: the others go.
    docs.par_iter_mut().for_each(|d| {
        let Document { entities, claims, .. } = d;
        let source = |e: &sitrep_core::Entity| claims.iter().any(|c| c.source.entity.as_deref() == Some(e.id.as_str()));
        entities.retain(source);
        entities.shrink_to_fit();
    });
    // The events the claims name are looked for in the texts, read again
    // a part at a time (most stories name none).
    let words = topics::Naming::new(topics::event_words(&docs, &all));
    let naming = if words.is_empty() {
        words
    } else {
        let counted = source.each_part(Layers::TEXT, || (), |_, part| {
            let mut n = words.clone();
            part.iter().for_each(|(_, doc)| n.count(&doc.text));
            n
        });
        counted.into_iter().fold(words, topics::Naming::add)
    };
    let mut checks = Vec::new();
    let (mut breaks, mut figures) = (Vec::with_capacity(seen.len()), Vec::with_capacity(seen.len()));
    for s in seen {
        checks.extend(s.checks);
        breaks.push(s.breaks);
        figures.push(s.figures);
    }
    // The claims' sentences are taken out of them: the topics take them
    // from here, with their figures, and `keep` is shown the claims without them.
    let said: Vec<Vec<(String, Option<String>)>> = docs
        .par_iter_mut()
        .zip(figures)
        .map(|(d, figures)| {
            let mut figures = figures.into_iter();
            d.claims.iter_mut().map(|c| (std::mem::take(&mut c.text), figures.next().flatten())).collect()
        })
        .collect();
    let id = story_id(&docs);
    let texts = topics::Texts::new(breaks, naming, capital);
    let kept = story_topics(&docs, &duplicate_of, &resolved, &id, &texts, Some(said), keep);
    drop(texts);
    docs.par_iter_mut().for_each(|d| d.drop_layers(Layers::BODY));
    let (heads, topics): (Vec<TopicHead>, Vec<T>) = kept.into_iter().unzip();
    // The timeline once the claims and topics are freed (beside them, its
    // entries and their sentences were held through the topics): each
    // document's text, sentences and times read a part at a time, and the
    // entries made from what was read (its words given numbers).
    let reading = timeline::Reading::new(&docs, &timeline_order(&docs));
    let read = source.readings(&reading);
    let entries = reading.entries(&docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), read);
    // The quotes last: their summaries take more than the documents' quotes
    // (each names its document and speaker). They are read with the texts
    // again, the sentences of the timeline's entries taken as each is seen.
    let spans = entries.spans(docs.len());
    let sentences = source.fill_seeing(Layers::QUOTES, Layers::TEXT, &mut docs, |p, doc| {
        spans[p].iter().map(|s| doc.text.get(s.clone()).unwrap_or_default().to_string()).collect::<Vec<String>>()
    });
    drop(spans);
    let timeline = entries.told_from(sentences);
    let quotes = summary::take_quotes(&mut docs, &duplicate_of, &resolved);
    let entities = resolved.into_entities();
    let parts = Parts { label, id, heads, topics: Vec::new(), checks, timeline, quotes, entities };
    Fused { report: tail(&docs, &copies, &duplicate_of, parts), topics }
}

/// What the layered fusion takes of a document's text as it reads the
/// claims ([`fuse_story_layered`]).
#[derive(Default)]
struct Seen {
    checks: Vec<sitrep_core::report::Check>,
    breaks: topics::Breaks,
    /// The text of the quantity each of its claims states (the topics
    /// show it; the quantities are not held).
    figures: Vec<Option<String>>,
}

/// A story fused by [`fuse_story_owned`]: its report without its topics
/// (`topics` empty; the story lists their ids), and what the caller's
/// `keep` made of each topic, in the report's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Fused<T> {
    /// The story's report, as [`fuse_story`] makes it, but for its topics.
    pub report: Report,
    /// What `keep` made of each topic, in the order of the story's topics.
    pub topics: Vec<T>,
}

impl Fused<Topic> {
    /// The report with its topics, when `keep` kept each topic whole.
    pub fn whole(self) -> Report {
        let Fused { mut report, topics } = self;
        report.topics = topics;
        report
    }
}

/// The claims of a story's documents, as a topic cites them: shown to the
/// `keep` of [`fuse_story_owned`] with each topic. In the layered fusion
/// their sentences are taken out (`text` empty: the topic holds each
/// claim's sentence), so a store can keep them with the topic and list a
/// topic's claims without looking each one up among its document's.
pub struct Cited<'a> {
    docs: &'a [Document],
    /// The documents by id, made when a `keep` first asks (one that keeps
    /// the topic alone never does).
    by_id: std::sync::OnceLock<HashMap<&'a str, &'a Document>>,
}

impl<'a> Cited<'a> {
    fn new(docs: &'a [Document]) -> Cited<'a> {
        Cited { docs, by_id: std::sync::OnceLock::new() }
    }

    /// The claims `topic` cites, in its order. A cited claim its document
    /// does not hold (which fusion never makes) is left out.
    pub fn of(&self, topic: &Topic) -> Vec<&'a sitrep_core::Claim> {
        let by_id = self.by_id.get_or_init(|| self.docs.iter().map(|d| (d.id.as_str(), d)).collect());
        topic.claims.iter().filter_map(|tc| by_id.get(tc.doc.as_str())?.claims.iter().find(|c| c.id == tc.claim)).collect()
    }
}

/// One entry per document of a story of `n`, each pointing inside the story.
fn inside(n: usize, copies: &[Option<dedup::Copy>]) -> Vec<Option<dedup::Copy>> {
    (0..n).map(|d| copies.get(d).cloned().flatten().filter(|c| c.of < n && c.of != d)).collect()
}

/// A story's report from its documents, their copies (from [`inside`]),
/// label, resolved entities and quotes.
fn story_report(
    docs: &[Document],
    copies: &[Option<dedup::Copy>],
    label: String,
    resolved: entities::Resolved,
    quotes: Vec<sitrep_core::report::QuoteSummary>,
) -> Report {
    let duplicate_of: Vec<Option<usize>> = copies.iter().map(|c| c.as_ref().map(|c| c.of)).collect();
    let all: Vec<usize> = (0..docs.len()).collect();
    let id = story_id(docs);
    let kept = story_topics(docs, &duplicate_of, &resolved, &id, &topics::Texts::of(docs, &all), None, |t, _| t);
    let (heads, topics) = kept.into_iter().unzip();
    let checks = docs.par_iter().flat_map_iter(checks::check).collect();
    let timeline = story_timeline(docs);
    let parts = Parts { label, id, heads, topics, checks, timeline, quotes, entities: resolved.into_entities() };
    tail(docs, copies, &duplicate_of, parts)
}

/// The parts of a story's report computed from what its documents hold
/// beyond their metadata.
struct Parts {
    label: String,
    id: String,
    /// The story's topics in order, and the topics themselves (empty when
    /// given to the caller as they were made).
    heads: Vec<TopicHead>,
    topics: Vec<Topic>,
    checks: Vec<sitrep_core::report::Check>,
    timeline: Vec<sitrep_core::report::TimelineEntry>,
    quotes: Vec<sitrep_core::report::QuoteSummary>,
    entities: Vec<sitrep_core::report::EntitySummary>,
}

/// A story's id, from its founder.
fn story_id(docs: &[Document]) -> String {
    let (_, founder) = stories::founder(docs.iter().map(|d| (d.id.as_str(), d.published.as_deref())));
    stories::story_id(&founder)
}

/// A story's timeline, its documents taken by publication date.
fn story_timeline(docs: &[Document]) -> Vec<sitrep_core::report::TimelineEntry> {
    timeline::build(docs, &timeline_order(docs))
}

/// The order the timeline takes a story's documents in: by publication date.
fn timeline_order(docs: &[Document]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| {
        let p = docs[i].published.as_deref().filter(|p| text::is_date(p));
        (p.is_none(), p, i)
    });
    order
}

/// A story's report from its parts and its documents' metadata (ids,
/// dates, outlets, titles, urls), which are all this reads of them.
fn tail(docs: &[Document], copies: &[Option<dedup::Copy>], duplicate_of: &[Option<usize>], parts: Parts) -> Report {
    let Parts { label, id, heads, topics, checks, timeline, quotes, entities } = parts;
    let mut dated: Vec<&Document> = docs.iter().collect();
    dated.par_sort_by(|a, b| (a.published.is_none(), &a.published, &a.id).cmp(&(b.published.is_none(), &b.published, &b.id)));
    let dates = dated.iter().filter_map(|d| d.published.as_deref()).filter(|p| text::is_date(p));
    let story = Story {
        id: id.clone(),
        label,
        documents: dated.iter().map(|d| d.id.clone()).collect(),
        topics: heads.iter().map(|h| h.id.clone()).collect(),
        independent_documents: duplicate_of.iter().filter(|d| d.is_none()).count(),
        first_published: dates.clone().min().map(String::from),
        last_published: dates.max().map(String::from),
    };
    let mut documents = summary::documents(docs, copies);
    for d in &mut documents {
        d.story = Some(id.clone());
    }
    Report {
        summary: summary::summarise(docs, &story, heads.iter().map(|h| h.agreement)),
        stories: vec![story],
        documents,
        topics,
        checks,
        timeline,
        quotes,
        entities,
        overrides: Vec::new(),
    }
}

/// What orders a story's topics, and what its story and summary read of
/// each: its id and agreement.
struct TopicHead {
    id: String,
    label: String,
    independent_sources: usize,
    claims: usize,
    agreement: Agreement,
}

/// The topics of one story, largest first, with ids derived from the story
/// and the frame, each given to `keep` as it is assessed (with the claims
/// it cites) and held as what `keep` made of it. A story told by one
/// original document has no cross-source topic. The claims' sentences are
/// their own `text`, or when given (`said[d][c]`, taken out of the
/// claims) each moved into its topic (the groups share no claim).
fn story_topics<T: Send>(
    docs: &[Document],
    duplicate_of: &[Option<usize>],
    resolved: &entities::Resolved,
    story: &str,
    texts: &topics::Texts,
    said: Option<Vec<Vec<(String, Option<String>)>>>,
    keep: impl Fn(Topic, &Cited<'_>) -> T + Sync,
) -> Vec<(TopicHead, T)> {
    let all: Vec<usize> = (0..docs.len()).collect();
    let groups = topics::group_with(docs, &all, texts);
    let ids: Vec<String> = groups.iter().map(|g| topic_id(story, &g.key.joined())).collect();
    let said: Vec<agreement::Said> = match said {
        None => vec![agreement::Said::InClaims; groups.len()],
        Some(mut said) => groups
            .iter()
            .map(|g| {
                let mut take = |&(d, c): &(usize, usize)| said.get_mut(d).and_then(|s| s.get_mut(c)).map(std::mem::take).unwrap_or_default();
                agreement::Said::Given(g.members.iter().map(&mut take).collect())
            })
            .collect(),
    };
    let cited = Cited::new(docs);
    // Each topic's verdicts on their own (a large story has thousands),
    // and each kept as it is made: a large story's topics, held together,
    // took hundreds of megabytes.
    let assess = |((g, id), said): ((&topics::Group, &String), agreement::Said)| {
        let mut t = agreement::assess_said(docs, duplicate_of, resolved, g, said);
        t.id = id.clone();
        t.story = story.to_string();
        t.part_of = g.part_of.map(|p| ids[p].clone());
        single_document(&mut t);
        let head = TopicHead {
            id: t.id.clone(),
            label: t.label.clone(),
            independent_sources: t.independent_sources,
            claims: t.claims.len(),
            agreement: t.agreement,
        };
        (head, keep(t, &cited))
    };
    // A large topic is assessed alone (on every core within it), the
    // others side by side: two of a large story's largest topics made at
    // once held both (tens of megabytes each, 99,000 claims in the largest
    // story of a million).
    let (alone, together): (Vec<_>, Vec<_>) = groups.iter().zip(&ids).zip(said).partition(|((g, _), _)| g.members.len() > ALONE_CLAIMS);
    let mut kept: Vec<(TopicHead, T)> = alone.into_iter().map(&assess).collect();
    kept.par_extend(together.into_par_iter().map(&assess));
    kept.sort_by(|(a, _), (b, _)| {
        b.independent_sources
            .cmp(&a.independent_sources)
            .then(b.claims.cmp(&a.claims))
            .then(a.label.cmp(&b.label))
            .then(a.id.cmp(&b.id))
    });
    kept
}

/// Claims of a topic that [`story_topics`] assesses alone.
const ALONE_CLAIMS: usize = 10_000;

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

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::report::{CopyEvidence, CopyKind};

    /// Documents `d0`, `d1`, … of these (publication day, text) pairs, an
    /// empty day for an undated one, annotated.
    fn annotated<const N: usize>(texts: [(&str, &str); N]) -> Vec<Document> {
        texts
            .iter()
            .enumerate()
            .map(|(i, (day, t))| {
                let published = (!day.is_empty()).then(|| day.to_string());
                let mut d = Document { id: format!("d{i}"), published, text: t.to_string(), ..Default::default() };
                sitrep_annotate::annotate(&mut d);
                d
            })
            .collect()
    }

    fn copy(of: usize) -> Option<dedup::Copy> {
        Some(dedup::Copy { of, evidence: CopyEvidence { kind: CopyKind::Duplicate, in_order: 1.0, sentences: 3, quotes: 0 } })
    }

    #[test]
    fn a_storys_copies_point_inside_the_story() {
        // Corpus: 0 original, 2 copies 0, 3 copies 1 (another story), 4 copies 2.
        let corpus = vec![None, None, copy(0), copy(1), copy(2)];
        let copy_of = |d: usize| corpus.get(d)?.as_ref();
        let local = story_copies(copy_of, &[0, 2, 4]);
        assert_eq!(local.iter().map(|c| c.as_ref().map(|c| c.of)).collect::<Vec<_>>(), vec![None, Some(0), Some(1)]);
        // An original outside the story, or a member outside the corpus, is no copy.
        assert_eq!(story_copies(copy_of, &[3, 9]).iter().filter(|c| c.is_some()).count(), 0);
    }

    #[test]
    fn stored_profiles_give_the_same_report() {
        let texts = [
            "Firefighters in Oskarvale said on Tuesday that the blaze near Lake Tarmo had burned 4,000 hectares.",
            "The Tarmo fire grew to 5,200 hectares by Wednesday, the Oskarvale fire service said.",
        ];
        let docs = annotated(texts.map(|t| ("2025-06-03", t)));
        let copies = [None, None];
        let whole = serde_json::to_string(&fuse_story(&docs, &copies)).unwrap();
        assert!(!fuse_story(&docs, &copies).stories[0].label.is_empty(), "the label is read from the profiles");
        // Profiles read back from their bytes, as a store keeps them.
        let stored: Vec<stories::Profile> =
            docs.iter().map(|d| stories::Profile::from_bytes(&stories::profile(d).to_bytes()).unwrap()).collect();
        assert_eq!(serde_json::to_string(&fuse_story_profiled(&docs, &copies, &stored)).unwrap(), whole);
        // Profiles that do not match the documents one for one are computed again.
        assert_eq!(serde_json::to_string(&fuse_story_profiled(&docs, &copies, &stored[..1])).unwrap(), whole);
    }

    #[test]
    fn claims_fusion_does_not_read_can_be_left_out() {
        let texts = [
            ("2024-03-04", "Officials in Brenmoor said 120 homes were flooded on Monday. The river is still rising, they said."),
            ("2024-03-05", "The Brenmoor council said 150 homes were flooded. Volunteers are handing out sandbags."),
            ("", "About 130 homes in Brenmoor were flooded, the mayor said. Schools will stay shut."),
        ];
        let docs = annotated(texts);
        let copies = [None, None, None];
        let whole = serde_json::to_string(&fuse_story(&docs, &copies)).unwrap();
        let statements = |d: &Document| d.claims.iter().filter(|c| !topics::is_numeric(c)).count();
        assert!(docs.iter().all(|d| statements(d) > 0), "every document has a statement claim");
        let mut projected = docs.clone();
        for d in &mut projected {
            let kept: Vec<sitrep_core::Claim> = d.claims.iter().filter(|c| reads_claim(d, c)).cloned().collect();
            d.claims = kept;
        }
        // The dated documents lose their statements, the undated one keeps its.
        assert_eq!(projected.iter().map(statements).collect::<Vec<_>>(), vec![0, 0, statements(&docs[2])]);
        assert_eq!(serde_json::to_string(&fuse_story(&projected, &copies)).unwrap(), whole);
        // Without any publication year the claims' times give the story's year: all are read.
        let undated: Vec<Document> = docs.iter().cloned().map(|d| Document { published: None, ..d }).collect();
        assert!(undated.iter().all(|d| d.claims.iter().all(|c| reads_claim(d, c))));
    }

    #[test]
    fn the_owned_fusion_gives_the_same_report() {
        let texts = [
            "\"We have never seen the water this high,\" said Mayor Ilsa Brenn of Harrowby on Monday. About 300 homes were flooded.",
            "\"We have never seen the water this high,\" said Mayor Ilsa Brenn of Harrowby on Monday. About 300 homes were flooded.",
            "Harrowby officials said 340 homes were flooded. \"The pumps are running day and night,\" said Ilsa Brenn.",
        ];
        let docs = annotated(texts.map(|t| ("2025-02-10", t)));
        let copies = [None, copy(0), None];
        let profiles: Vec<stories::Profile> = docs.iter().map(stories::profile).collect();
        let whole = fuse_story_profiled(&docs, &copies, &profiles);
        assert!(whole.quotes.iter().any(|q| q.doc == "d0") && whole.quotes.iter().any(|q| q.doc == "d2"), "{:?}", whole.quotes);
        assert!(whole.quotes.iter().all(|q| q.doc != "d1"), "a copy's quotes are not listed");
        let whole = serde_json::to_string(&whole).unwrap();
        assert_eq!(serde_json::to_string(&fuse_story_owned(docs.clone(), &copies, profiles.clone(), |t, _| t).whole()).unwrap(), whole);
        // Profiles that do not match the documents one for one are computed again.
        assert_eq!(serde_json::to_string(&fuse_story_owned(docs, &copies, profiles[..1].to_vec(), |t, _| t).whole()).unwrap(), whole);
    }

    #[test]
    fn the_owned_fusion_of_a_generated_story_gives_the_same_report() {
        // A generated story: dated reports of one flood, each with figures
        // (topics, checks), named people and places (entities, quotes) and
        // dated events (timeline), some of them copies.
        let towns = ["Harrowby", "Kellmoor", "Ostrand"];
        let texts: Vec<(String, String)> = (0..24)
            .map(|i| {
                let town = towns[i % towns.len()];
                let day = 10 + i % 5;
                let text = format!(
                    "Floods in {town} forced {} families from their homes on March {day}, the regional council said. \
                     \"The river rose faster than anyone expected,\" said Mayor Ilsa Brenn, who asked for {} pumps. \
                     Of the {} homes in the district, {} were flooded, or {}%. On March {}, engineers will inspect the dam.",
                    400 + 10 * (i % 4),
                    20 + i % 3,
                    1000,
                    250,
                    25,
                    day + 7,
                );
                (format!("2025-03-{day:02}"), text)
            })
            .collect();
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, (day, t))| {
                let mut d = Document { id: format!("g{i:02}"), published: Some(day.clone()), outlet: Some(format!("Wire {}", i % 4)), text: t.clone(), ..Default::default() };
                sitrep_annotate::annotate(&mut d);
                d
            })
            .collect();
        let copies: Vec<Option<dedup::Copy>> = (0..docs.len()).map(|i| if i % 6 == 5 { copy(i - 1) } else { None }).collect();
        let whole = fuse_story(&docs, &copies);
        assert!(!whole.topics.is_empty() && !whole.timeline.is_empty() && !whole.quotes.is_empty() && !whole.entities.is_empty(), "{whole:?}");
        assert!(docs.iter().any(|d| !d.quantities.is_empty() && !d.times.is_empty() && !d.sentences.is_empty()));
        let profiles: Vec<stories::Profile> = docs.iter().map(stories::profile).collect();
        let owned = fuse_story_owned(docs.clone(), &copies, profiles, |t, cited| {
            let claims = cited.of(&t).into_iter().cloned().collect::<Vec<_>>();
            (t, claims)
        });
        // The topics kept as they were made, in the report's order: the same report.
        let (topics, cited): (Vec<_>, Vec<_>) = owned.topics.into_iter().unzip();
        let report = Fused { report: owned.report, topics }.whole();
        assert_eq!(serde_json::to_string(&report).unwrap(), serde_json::to_string(&whole).unwrap());
        // Each topic's claims, one for one, as its documents hold them but for their sentences.
        assert_eq!(cited.len(), whole.topics.len());
        for (topic, claims) in whole.topics.iter().zip(&cited) {
            assert_eq!(claims.len(), topic.claims.len(), "topic {}", topic.id);
            for (tc, c) in topic.claims.iter().zip(claims) {
                let held = docs.iter().find(|d| d.id == tc.doc).and_then(|d| d.claims.iter().find(|k| k.id == tc.claim)).expect("the cited claim");
                assert_eq!(c, &sitrep_core::Claim { text: String::new(), ..held.clone() });
                assert_eq!(held.text, tc.text);
            }
        }
    }

    /// Documents' layers that note what each fill asks for.
    struct Noted {
        held: Vec<Document>,
        asked: Vec<Layers>,
        lent: Vec<Layers>,
    }

    /// The layered fusion of `docs`, their layers lent by a [`Noted`]
    /// (returned with what it noted), with these profiles.
    fn fuse_noted(docs: &[Document], profiles: Vec<Option<stories::Profile>>) -> (Fused<Topic>, Noted) {
        let mut metadata = docs.to_vec();
        let held: Vec<Document> = metadata.iter_mut().map(|d| d.split_off(Layers::BODY)).collect();
        let mut noted = Noted { held, asked: Vec::new(), lent: Vec::new() };
        let fused = fuse_story_layered(metadata, &mut noted, &[], profiles, |t, _| t);
        (fused, noted)
    }

    /// Every document's profile, as stored.
    fn profiles_of(docs: &[Document]) -> Vec<Option<stories::Profile>> {
        docs.iter().map(|d| Some(stories::profile(d))).collect()
    }

    impl StoryLayers for Noted {
        fn fill(&mut self, layers: Layers, docs: &mut [Document]) {
            self.asked.push(layers);
            self.held.fill(layers, docs);
        }

        fn fill_seeing<R: Send + Default>(&mut self, layers: Layers, seen: Layers, docs: &mut [Document], see: impl Fn(usize, &Document) -> R + Sync + Send) -> Vec<R> {
            self.asked.push(layers);
            self.lent.push(seen);
            self.held.fill_seeing(layers, seen, docs, see)
        }

        fn each_part<S, R: Send>(&mut self, layers: Layers, init: impl Fn() -> S + Sync + Send, each: impl Fn(&mut S, &[(usize, &Document)]) -> R + Sync + Send) -> Vec<R> {
            // Never a layer already given away.
            assert!(self.asked.iter().all(|&a| [Layers::TEXT, Layers::ENTITIES, Layers::SENTENCES, Layers::TIMES].iter().all(|&l| !(a.has(l) && layers.has(l)))));
            self.lent.push(layers);
            self.held.each_part(layers, init, each)
        }
    }

    #[test]
    fn the_layered_fusion_reads_each_layer_once_and_gives_the_same_report() {
        let texts = [
            "\"We have never seen the water this high,\" said Mayor Ilsa Brenn of Harrowby on Monday. About 300 homes were flooded on Feb. 9.",
            "Harrowby officials said 340 homes were flooded. \"The pumps are running day and night,\" said Ilsa Brenn.",
        ];
        let docs = annotated(texts.map(|t| ("2025-02-10", t)));
        let whole = serde_json::to_string(&fuse_story(&docs, &[])).unwrap();
        let profiles: Vec<stories::Profile> = docs.iter().map(stories::profile).collect();
        // With every profile, and with one to compute again (its text read with the entities).
        for given in [vec![Some(profiles[0].clone()), Some(profiles[1].clone())], vec![Some(profiles[0].clone()), None]] {
            let (fused, noted) = fuse_noted(&docs, given.clone());
            assert_eq!(serde_json::to_string(&fused.whole()).unwrap(), whole);
            // Each layer the topics, checks, cited claims and quotes read
            // moved into the documents once; the texts, quantities,
            // sentences and times never: the texts and quantities are seen
            // as the claims are read, the timeline then reads the texts,
            // sentences and times a part at a time, and the texts are seen
            // again as the quotes are read (the timeline's sentences).
            for one in [Layers::ENTITIES, Layers::QUOTES, Layers::CLAIMS] {
                assert_eq!(noted.asked.iter().filter(|l| l.has(one)).count(), 1, "{one:?} in {:?}", noted.asked);
            }
            assert!(noted.asked.iter().all(|l| [Layers::METADATA, Layers::TEXT, Layers::QUANTITIES, Layers::SENTENCES, Layers::TIMES].iter().all(|&n| !l.has(n))));
            // A profile to compute again reads the entities and texts a part at a time first.
            let timeline = Layers::TEXT.and(Layers::SENTENCES).and(Layers::TIMES);
            let seen = Layers::TEXT.and(Layers::QUANTITIES);
            let lent = if given.contains(&None) { vec![Layers::ENTITIES.and(Layers::TEXT), seen, timeline, Layers::TEXT] } else { vec![seen, timeline, Layers::TEXT] };
            assert_eq!(noted.lent, lent);
        }
    }

    #[test]
    fn the_layered_fusion_looks_for_the_events_the_claims_name_in_the_texts_again() {
        let texts = [
            "Cyclone Freddy killed 300 people in Malawi, officials said on Monday. It is the deadliest storm since Hurricane Andrew, which killed 65 people in 1992.",
            "Officials in Malawi said Cyclone Freddy killed 326 people.\nThe storm is the deadliest since Hurricane Andrew killed 65 people in 1992.",
            "Cyclone Freddy has killed 310 people, the disaster agency said on Tuesday.",
        ];
        let docs = annotated(texts.map(|t| ("2023-03-14", t)));
        assert!(docs.iter().flat_map(|d| &d.claims).any(|c| c.frame.event.is_some()), "a claim names an event");
        let whole = serde_json::to_string(&fuse_story(&docs, &[])).unwrap();
        let (fused, noted) = fuse_noted(&docs, profiles_of(&docs));
        assert_eq!(serde_json::to_string(&fused.whole()).unwrap(), whole);
        // Seen as the claims are read, then lent again to look for the
        // events, before the timeline reads them.
        assert_eq!(noted.lent[..3], [Layers::TEXT.and(Layers::QUANTITIES), Layers::TEXT, Layers::TEXT.and(Layers::SENTENCES).and(Layers::TIMES)]);
    }

    #[test]
    fn the_layered_fusion_finds_the_story_capital_before_it_drops_the_places() {
        let texts = [
            "Strikes spread across Chile on Monday. In Santiago, the union counted 150,000 marchers, and Chile's police counted 90,000.",
            "In the capital, the union counted 140,000 marchers. Chile has seen weeks of strikes, and Santiago's port is shut.",
        ];
        let docs = annotated(texts.map(|t| ("2025-03-04", t)));
        assert!(docs.iter().flat_map(|d| &d.claims).any(|c| c.frame.place.as_deref() == Some(sitrep_lang::frames::CAPITAL)), "a claim is placed in the capital");
        let all: Vec<usize> = (0..docs.len()).collect();
        assert_eq!(topics::story_capital(&docs, &all).as_deref(), Some("santiago"));
        let whole = fuse_story(&docs, &[]);
        // The figure in "the capital" joins those in Santiago.
        let joined = whole.topics.iter().any(|t| t.claims.iter().any(|c| c.doc == "d0") && t.claims.iter().any(|c| c.doc == "d1"));
        assert!(joined, "{:#?}", whole.topics);
        let (fused, _) = fuse_noted(&docs, profiles_of(&docs));
        assert_eq!(serde_json::to_string(&fused.whole()).unwrap(), serde_json::to_string(&whole).unwrap());
    }

    #[test]
    fn copies_that_do_not_fit_the_story_are_ignored_not_a_panic() {
        let docs: Vec<Document> = ["a", "b"].iter().map(|id| Document { id: id.to_string(), text: "Rain fell.".into(), ..Default::default() }).collect();
        for copies in [vec![], vec![copy(5), copy(1)], vec![None, copy(0), copy(0)]] {
            let r = fuse_story(&docs, &copies);
            assert_eq!(r.documents.len(), 2);
            assert!(r.documents[0].duplicate_of.is_none());
        }
        let r = fuse_story(&docs, &[None, copy(0)]);
        assert_eq!(r.documents[1].duplicate_of.as_deref(), Some("a"));
        assert_eq!(r.stories[0].independent_documents, 1);
    }
}
