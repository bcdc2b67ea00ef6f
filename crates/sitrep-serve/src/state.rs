//! What the handlers share: the fused report of the store (replaced whole
//! after each ingest) with the indexes its pages are made from, a pool of
//! read connections for search, and the configuration.
//!
//! Every index is built once when a report is fused, so a page or answer
//! asked for the first time costs about the size of what it shows (one
//! page of claims), not the size of the report.

use crate::Config;
use sitrep_core::report::{Check, DocumentSummary, EntitySummary, QuoteSummary, Report, Summary, TimelineEntry, Topic};
use sitrep_core::overrides::Override;
use sitrep_core::Document;
use sitrep_store::{Index, Store, StoreError};
use axum::body::Bytes;
use axum::http::HeaderValue;
use rayon::prelude::*;
use sitrep_report::{source_kind_label, source_name};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};

/// One fused state of the store; never changed once built.
pub(crate) struct Snapshot {
    /// Counts the fuses since start (1 is the first).
    pub generation: u64,
    /// The whole fused report, every story.
    pub report: Report,
    /// Every stored document, in ingest order.
    pub docs: Vec<Document>,
    /// The stems of `docs`, to rank searches of plain words.
    pub index: Index,
    doc_index: HashMap<String, usize>,
    /// Document id → its index in `report.documents`.
    summary_index: HashMap<String, usize>,
    /// Each story as indexes into `report` (what `Report::narrowed` would
    /// copy), by story id.
    stories: HashMap<String, StoryIdx>,
    /// Document id → the index of its story in `report.stories`.
    doc_story: HashMap<String, usize>,
    /// Topic id → its index in `report.topics`.
    topic_index: HashMap<String, usize>,
    /// What each topic's page lists besides its claims, by topic index.
    facts: Vec<TopicFacts>,
    /// Names of the report's people, organisations and places → their
    /// index in `report.entities`.
    entity_index: HashMap<String, usize>,
    /// Source name → the claims it makes: (topic index, claim index), in
    /// the report's order.
    claims_by_source: HashMap<String, Vec<(usize, usize)>>,
    /// Speaker → the indexes of their quotes in `report.quotes`.
    quotes_by_speaker: HashMap<String, Vec<usize>>,
    /// Responses already made from this snapshot, by URI.
    cache: Mutex<Cache>,
    /// The store's answers to searches against this snapshot, by query
    /// (its words as written, one space apart) and number of hits asked.
    searches: Mutex<HashMap<(String, usize), Arc<Searched>>>,
}

/// The hits of one search that this snapshot holds, with their snippets,
/// and how many more the store holds that it does not yet; or why the
/// query could not run. Made once: identical searches asked while it is
/// being made wait for it.
pub(crate) type Searched = OnceLock<Result<(Vec<sitrep_store::Hit>, usize), String>>;

/// Most searches a snapshot keeps the store's answers to; past it they are
/// dropped and made again when asked.
const SEARCHES_KEPT: usize = 512;

/// Responses of one snapshot by URI, bounded in total size. A URI's slot
/// is made once: requests that ask for it while its response is being made
/// wait for that one instead of making it again. When `map` is full it
/// becomes `old` (and the previous `old` is dropped); a URI asked for again
/// comes back from `old` into `map`, so the pages readers keep asking for
/// stay while URIs asked for once (a new filter, a new search) go.
#[derive(Default)]
struct Cache {
    map: HashMap<String, Arc<Slot>>,
    old: HashMap<String, Arc<Slot>>,
    /// Bytes held by `map` (URIs and responses).
    bytes: usize,
}

impl Cache {
    /// The slot of `uri`, new, kept or brought back from `old`.
    fn slot(&mut self, uri: &str) -> Arc<Slot> {
        if let Some(s) = self.map.get(uri) {
            return Arc::clone(s);
        }
        let (key, s) = self.old.remove_entry(uri).unwrap_or_else(|| (uri.to_string(), Arc::new(Slot::new())));
        self.room(key.len() + s.get().map_or(0, |r| r.body.len()));
        self.map.insert(key, Arc::clone(&s));
        s
    }

    /// Make room for `more` bytes in `map`.
    fn room(&mut self, more: usize) {
        if self.bytes + more > CACHE_BYTES {
            self.old = std::mem::take(&mut self.map);
            self.bytes = 0;
        }
        self.bytes += more;
    }
}

/// The response to one URI, once made.
pub(crate) type Slot = tokio::sync::OnceCell<Cached>;

/// A response kept whole: status, content type and body.
#[derive(Clone)]
pub(crate) struct Cached {
    pub status: u16,
    pub content_type: HeaderValue,
    pub body: Bytes,
}

/// Bytes of responses one snapshot keeps in the cache's newer half (so at
/// most twice this in all): the warmed pages (about 400, most under
/// 100 KiB) fit several times over.
const CACHE_BYTES: usize = 64 << 20;

/// What a topic's page and JSON list besides its claims, worked out once
/// per report.
pub(crate) struct TopicFacts {
    /// The distinct source names, in case-insensitive order (the source
    /// filter's choices).
    pub sources: Vec<String>,
    /// The distinct source kinds and modalities of its claims, sorted.
    pub kinds: Vec<&'static str>,
    pub modalities: Vec<&'static str>,
    /// The distinct outlets of its claims' documents, sorted.
    pub outlets: Vec<String>,
    /// Its notes as sentences.
    pub notes: Vec<String>,
    /// The corrections applied to it: indexes in `report.overrides`.
    pub corrections: Vec<usize>,
    /// `sources` as HTML `<option>`s, none selected, made once when a page
    /// first needs them (a topic may have hundreds of sources, and its page
    /// lists them in three menus).
    pub source_options: OnceLock<String>,
}

impl TopicFacts {
    fn of(t: &Topic, report: &Report, summary_index: &HashMap<String, usize>) -> TopicFacts {
        let mut sources: Vec<String> = t.claims.iter().map(|c| source_name(c).to_string()).collect::<HashSet<_>>().into_iter().collect();
        sources.sort_by_cached_key(|s| (s.to_lowercase(), s.clone()));
        let mut kinds: Vec<&'static str> = t.claims.iter().map(|c| source_kind_label(c.source_kind)).collect();
        kinds.sort_unstable();
        kinds.dedup();
        let mut modalities: Vec<&'static str> = t.claims.iter().map(|c| c.modality.as_str()).collect();
        modalities.sort_unstable();
        modalities.dedup();
        let outlets = t.claims.iter().filter_map(|c| report.documents[*summary_index.get(&c.doc)?].outlet.as_deref()).collect::<HashSet<_>>();
        let mut outlets: Vec<String> = outlets.into_iter().map(str::to_string).collect();
        outlets.sort_by_cached_key(|s| (s.to_lowercase(), s.clone()));
        let notes = t.notes.iter().map(|n| sitrep_report::note_text(t, n)).collect();
        let corrections = report.overrides.iter().enumerate().filter(|(_, a)| a.applied && a.topics.contains(&t.id)).map(|(i, _)| i).collect();
        TopicFacts { sources, kinds, modalities, outlets, notes, corrections, source_options: OnceLock::new() }
    }
}

/// One story of the report as the indexes of its parts in the report: a
/// story's pages and JSON read the report's own data instead of a narrowed
/// copy of it (which, for a story holding most documents, doubled the
/// server's memory).
struct StoryIdx {
    /// The story's summary, as `Report::narrowed` makes it.
    summary: Summary,
    /// Its topics as HTML `<option>`s, made once when a page first needs
    /// them (each topic page's correction menus list the story's other
    /// topics).
    topic_options: OnceLock<String>,
    documents: Vec<usize>,
    topics: Vec<usize>,
    checks: Vec<usize>,
    timeline: Vec<usize>,
    entities: Vec<usize>,
    quotes: Vec<usize>,
}

impl StoryIdx {
    /// Every story of the report, by id, and each document's story.
    fn all(report: &Report) -> (HashMap<String, StoryIdx>, HashMap<String, usize>) {
        let mut doc_story: HashMap<String, usize> = HashMap::new();
        for (si, s) in report.stories.iter().enumerate() {
            for d in &s.documents {
                doc_story.entry(d.clone()).or_insert(si);
            }
        }
        let n = report.stories.len();
        let of = |doc: &str| doc_story.get(doc).copied();
        let mut by: Vec<[Vec<usize>; 6]> = (0..n).map(|_| Default::default()).collect();
        for (i, d) in report.documents.iter().enumerate() {
            if let Some(s) = of(&d.id) {
                by[s][0].push(i);
            }
        }
        let story_at: HashMap<&str, usize> = report.stories.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        for (i, t) in report.topics.iter().enumerate() {
            if let Some(&s) = story_at.get(t.story.as_str()) {
                by[s][1].push(i);
            }
        }
        for (i, c) in report.checks.iter().enumerate() {
            if let Some(s) = of(&c.doc) {
                by[s][2].push(i);
            }
        }
        // A timeline entry or an entity belongs to every story one of its
        // documents is in.
        let mut seen: Vec<usize> = Vec::new();
        for (i, t) in report.timeline.iter().enumerate() {
            seen.clear();
            seen.extend(std::iter::once(t.doc.as_str()).chain(t.docs.iter().map(String::as_str)).filter_map(of));
            seen.sort_unstable();
            seen.dedup();
            for &s in &seen {
                by[s][3].push(i);
            }
        }
        for (i, e) in report.entities.iter().enumerate() {
            seen.clear();
            seen.extend(e.docs.iter().filter_map(|d| of(d)));
            seen.sort_unstable();
            seen.dedup();
            for &s in &seen {
                by[s][4].push(i);
            }
        }
        for (i, q) in report.quotes.iter().enumerate() {
            if let Some(s) = of(&q.doc) {
                by[s][5].push(i);
            }
        }
        let stories = report
            .stories
            .iter()
            .zip(by)
            .map(|(s, [documents, topics, checks, timeline, entities, quotes])| {
                let outlets: HashSet<&str> = documents.iter().filter_map(|&d| report.documents[d].outlet.as_deref()).collect();
                let mut outlets: Vec<String> = report.summary.outlets.iter().filter(|o| outlets.contains(o.as_str())).cloned().collect();
                outlets.dedup();
                let summary = s.summary(documents.len(), outlets, topics.iter().map(|&t| report.topics[t].agreement));
                (s.id.clone(), StoryIdx { summary, topic_options: OnceLock::new(), documents, topics, checks, timeline, entities, quotes })
            })
            .collect();
        (stories, doc_story)
    }
}

/// Some items of one of the report's lists, by index; serialized as the
/// list of them.
#[derive(Clone, Copy)]
pub(crate) struct Picked<'a, T> {
    all: &'a [T],
    at: &'a [usize],
}

impl<'a, T> Picked<'a, T> {
    pub fn len(&self) -> usize {
        self.at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'a T> + Clone + 'a {
        let all = self.all;
        self.at.iter().map(move |&i| &all[i])
    }
}

impl<T: serde::Serialize> serde::Serialize for Picked<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// A story of a snapshot: its summary and its parts of the report.
#[derive(Clone, Copy)]
pub(crate) struct StoryRef<'a> {
    pub id: &'a str,
    idx: &'a StoryIdx,
    snap: &'a Snapshot,
}

impl<'a> StoryRef<'a> {
    pub fn summary(&self) -> &'a Summary {
        &self.idx.summary
    }

    /// The story's label.
    pub fn label(&self) -> &'a str {
        self.idx.summary.story.as_deref().unwrap_or("Story")
    }

    pub fn documents(&self) -> Picked<'a, DocumentSummary> {
        Picked { all: &self.snap.report.documents, at: &self.idx.documents }
    }

    pub fn topics(&self) -> Picked<'a, Topic> {
        Picked { all: &self.snap.report.topics, at: &self.idx.topics }
    }

    pub fn checks(&self) -> Picked<'a, Check> {
        Picked { all: &self.snap.report.checks, at: &self.idx.checks }
    }

    pub fn timeline(&self) -> Picked<'a, TimelineEntry> {
        Picked { all: &self.snap.report.timeline, at: &self.idx.timeline }
    }

    /// Its people, organisations and places (with their documents in every
    /// story: [`StoryRef::json`] keeps only this story's).
    pub fn entities(&self) -> Picked<'a, EntitySummary> {
        Picked { all: &self.snap.report.entities, at: &self.idx.entities }
    }

    pub fn quotes(&self) -> Picked<'a, QuoteSummary> {
        Picked { all: &self.snap.report.quotes, at: &self.idx.quotes }
    }

    /// The story's topics as HTML `<option>`s, made by `make` the first
    /// time they are asked for in this report.
    pub fn topic_options(&self, make: impl FnOnce() -> String) -> &'a str {
        self.idx.topic_options.get_or_init(make)
    }

    /// Whether a document is in this story.
    pub fn has_doc(&self, doc: &str) -> bool {
        self.snap.doc_story.get(doc).is_some_and(|&s| self.snap.report.stories[s].id == self.id)
    }

    /// The story as JSON of the shape of a `Report` narrowed to it.
    pub fn json(self) -> StoryJson<'a> {
        let r = &self.snap.report;
        StoryJson {
            summary: self.summary(),
            stories: &r.stories,
            documents: self.documents(),
            topics: self.topics(),
            checks: self.checks(),
            timeline: self.timeline(),
            entities: StoryEntities(self),
            quotes: self.quotes(),
            overrides: &r.overrides,
        }
    }
}

/// A story as `Report::narrowed` would serialize it (the same fields in
/// the same order).
#[derive(serde::Serialize)]
pub(crate) struct StoryJson<'a> {
    summary: &'a Summary,
    stories: &'a [sitrep_core::report::Story],
    documents: Picked<'a, DocumentSummary>,
    topics: Picked<'a, Topic>,
    checks: Picked<'a, Check>,
    timeline: Picked<'a, TimelineEntry>,
    entities: StoryEntities<'a>,
    quotes: Picked<'a, QuoteSummary>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    overrides: &'a [sitrep_core::overrides::Applied],
}

/// A story's entities, each with only its documents in the story.
pub(crate) struct StoryEntities<'a>(StoryRef<'a>);

impl serde::Serialize for StoryEntities<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let story = self.0;
        s.collect_seq(story.entities().iter().map(|e| EntitySummary { docs: e.docs.iter().filter(|d| story.has_doc(d)).cloned().collect(), ..e.clone() }))
    }
}

/// A topic with what its page lists besides its claims.
#[derive(Clone, Copy)]
pub(crate) struct TopicRef<'a> {
    pub topic: &'a Topic,
    pub facts: &'a TopicFacts,
}

impl Snapshot {
    /// Read every document of the store and fuse them, with the stored
    /// corrections applied; an error instead when they would not fit in
    /// the memory left ([`room_for`]).
    fn load(db: &Path, generation: u64) -> std::io::Result<Snapshot> {
        let store = Store::open_existing(db).map_err(std::io::Error::other)?;
        room_for(db, store.len().map_err(std::io::Error::other)?)?;
        // Read first: a document stored while the others are read has a
        // later key, so a search still finds it in the store.
        let last_key = store.last_key().map_err(std::io::Error::other)?;
        let docs = store.documents().collect::<Result<Vec<_>, _>>().map_err(std::io::Error::other)?;
        let overrides = store.overrides().map_err(std::io::Error::other)?;
        Ok(Snapshot::new(docs, &overrides, generation, last_key))
    }

    /// The snapshot of `docs`, read from the store when its last document
    /// key was `last_key`.
    fn new(docs: Vec<Document>, overrides: &[Override], generation: u64, last_key: i64) -> Snapshot {
        // The search index is made while the report is fused.
        let (report, index) = rayon::join(|| sitrep_fuse::fuse_corrected(&docs, overrides), || Index::new(&docs, last_key));
        let mut doc_index = HashMap::with_capacity(docs.len());
        for (i, d) in docs.iter().enumerate() {
            doc_index.entry(d.id.clone()).or_insert(i);
        }
        let summary_index: HashMap<String, usize> = report.documents.iter().enumerate().map(|(i, d)| (d.id.clone(), i)).collect();
        let (stories, doc_story) = StoryIdx::all(&report);
        let topic_index = report.topics.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect();
        let facts = report.topics.par_iter().map(|t| TopicFacts::of(t, &report, &summary_index)).collect();
        let mut entity_index = HashMap::with_capacity(report.entities.len());
        for (i, e) in report.entities.iter().enumerate() {
            entity_index.entry(e.name.clone()).or_insert(i);
        }
        let mut claims_by_source: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (ti, t) in report.topics.iter().enumerate() {
            for (ci, c) in t.claims.iter().enumerate() {
                if let Some(s) = c.source.as_deref() {
                    claims_by_source.entry(s.to_string()).or_default().push((ti, ci));
                }
            }
        }
        let mut quotes_by_speaker: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, q) in report.quotes.iter().enumerate() {
            if let Some(s) = q.speaker.as_deref() {
                quotes_by_speaker.entry(s.to_string()).or_default().push(i);
            }
        }
        Snapshot {
            generation,
            report,
            docs,
            index,
            doc_index,
            summary_index,
            stories,
            doc_story,
            topic_index,
            facts,
            entity_index,
            claims_by_source,
            quotes_by_speaker,
            cache: Mutex::default(),
            searches: Mutex::default(),
        }
    }

    /// Whether the report has a person, organisation or place of this name.
    pub fn is_entity(&self, name: &str) -> bool {
        self.entity_index.contains_key(name)
    }

    /// The person, organisation or place of this name.
    pub fn entity(&self, name: &str) -> Option<&EntitySummary> {
        self.entity_index.get(name).map(|&i| &self.report.entities[i])
    }

    /// The claims whose source is one of `names`, in the report's order,
    /// at most `max`: (topic, claim).
    pub fn claims_of<'a>(&'a self, names: &[&str], max: usize) -> Vec<(&'a Topic, &'a sitrep_core::report::TopicClaim)> {
        let mut at: Vec<(usize, usize)> = names.iter().filter_map(|n| self.claims_by_source.get(*n)).flatten().copied().collect();
        at.sort_unstable();
        at.dedup();
        at.into_iter().take(max).map(|(t, c)| (&self.report.topics[t], &self.report.topics[t].claims[c])).collect()
    }

    /// The quotes whose speaker is one of `names`, in the report's order,
    /// at most `max`.
    pub fn quotes_of(&self, names: &[&str], max: usize) -> Vec<&sitrep_core::report::QuoteSummary> {
        let mut at: Vec<usize> = names.iter().filter_map(|n| self.quotes_by_speaker.get(*n)).flatten().copied().collect();
        at.sort_unstable();
        at.dedup();
        at.into_iter().take(max).map(|i| &self.report.quotes[i]).collect()
    }

    /// The slot of `uri`'s response in this snapshot's cache (empty until
    /// the response is made).
    pub fn slot(&self, uri: &str) -> Arc<Slot> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner).slot(uri)
    }

    /// Count `bytes` more held by the cache (a response just made); the
    /// newer half is made the older one first when it would grow past its
    /// bound.
    pub fn held(&self, bytes: usize) {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner).room(bytes);
    }

    /// The slot of a search's answer in this snapshot (empty until made).
    pub fn searched(&self, query: &str, limit: usize) -> Arc<Searched> {
        let mut kept = self.searches.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (query.split_whitespace().collect::<Vec<_>>().join(" "), limit);
        if !kept.contains_key(&key) && kept.len() >= SEARCHES_KEPT {
            kept.clear();
        }
        Arc::clone(kept.entry(key).or_default())
    }

    /// Whether the response to `uri` is made already.
    pub fn is_cached(&self, uri: &str) -> bool {
        let c = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        c.map.get(uri).or_else(|| c.old.get(uri)).is_some_and(|s| s.initialized())
    }

    /// The stored document with this id.
    pub fn doc(&self, id: &str) -> Option<&Document> {
        self.doc_index.get(id).map(|&i| &self.docs[i])
    }

    /// A story: its summary and its parts of the report.
    pub fn story(&self, id: &str) -> Option<StoryRef<'_>> {
        let (id, idx) = self.stories.get_key_value(id)?;
        Some(StoryRef { id, idx, snap: self })
    }

    /// The topic with this id.
    pub fn topic(&self, id: &str) -> Option<TopicRef<'_>> {
        self.topic_index.get(id).map(|&i| TopicRef { topic: &self.report.topics[i], facts: &self.facts[i] })
    }

    /// How the report lists a document (its story, the original it copies).
    pub fn summary(&self, doc: &str) -> Option<&DocumentSummary> {
        self.summary_index.get(doc).map(|&i| &self.report.documents[i])
    }
}

/// The state every handler is given.
pub(crate) struct AppState {
    pub config: Config,
    snapshot: Arc<RwLock<Arc<Snapshot>>>,
    /// Read connections for search, taken and put back.
    pool: Mutex<Vec<Store>>,
    /// Tells the fusing thread the store changed.
    refuse: Mutex<Sender<()>>,
    /// One ingest writes at a time.
    pub write: Mutex<()>,
    /// Responses made afresh from the report in memory at once (on the
    /// async workers): one per core, so a burst of new URIs queues here.
    pub makers: tokio::sync::Semaphore,
    /// Responses that read the store (on blocking threads) at once: one per
    /// core, in a lane of their own.
    pub readers: tokio::sync::Semaphore,
    /// The permits of `makers` and of `readers`.
    pub cores: usize,
    /// The generation of each report as it is swapped in.
    pub swapped: tokio::sync::watch::Receiver<u64>,
}

impl AppState {
    /// Open and fuse the store, and start the thread that fuses it again
    /// after each ingest.
    pub fn open(config: Config) -> std::io::Result<AppState> {
        let first = Snapshot::load(&config.db, 1)?;
        let snapshot = Arc::new(RwLock::new(Arc::new(first)));
        let (tx, rx) = channel();
        let (swap_tx, swapped) = tokio::sync::watch::channel(1);
        let db = config.db.clone();
        let shared = Arc::clone(&snapshot);
        std::thread::Builder::new().name("sitrep-fuse".into()).spawn(move || refuse_loop(&db, &shared, &rx, &swap_tx))?;
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let (makers, readers) = (tokio::sync::Semaphore::new(cores), tokio::sync::Semaphore::new(cores));
        Ok(AppState { config, snapshot, pool: Mutex::default(), refuse: Mutex::new(tx), write: Mutex::default(), makers, readers, cores, swapped })
    }

    /// The last complete report.
    pub fn now(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Ask for the store to be fused again (coalesced with other requests
    /// that arrive while a fuse runs).
    pub fn changed(&self) {
        let _ = self.refuse.lock().unwrap_or_else(PoisonError::into_inner).send(());
    }

    /// Run `f` with a read connection to the store.
    pub fn with_store<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T, StoreError> {
        let taken = self.pool.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let store = match taken {
            Some(s) => s,
            None => Store::open_existing(&self.config.db)?,
        };
        let out = f(&store);
        self.pool.lock().unwrap_or_else(PoisonError::into_inner).push(store);
        Ok(out)
    }
}

/// Run `f` on the threads for the work no reader waits on (annotating an
/// ingest, fusing the store again), at a lower CPU priority than the
/// threads that answer readers, so pages stay quick while it runs (on the
/// calling thread when those threads cannot be started).
pub(crate) fn in_background<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| rayon::ThreadPoolBuilder::new().thread_name(|i| format!("sitrep-bg-{i}")).start_handler(|_| lower_priority()).build().ok());
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}

/// Lower the calling thread's CPU priority (nice 10; Linux sets it per
/// thread). Elsewhere it does nothing.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its integer arguments; `who` 0 is the
    // calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// Hand the memory freed by a report that was replaced back to the system
/// (glibc keeps it in its heaps otherwise). Elsewhere it does nothing.
fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only reads its integer argument.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Memory a served store takes per document: the documents, their fused
/// report and its indexes (measured: 11,000 generated articles of about
/// 3 KB, 722 MB at peak once served, 65 KB an article).
const SERVED_BYTES_PER_DOCUMENT: u64 = 64 << 10;

/// An error naming the store when serving its `documents` (held in memory
/// whole, with their fused report) would take more memory than is left:
/// under a limit the process runs under (`ulimit -v`, a control group),
/// else the system's available memory. A store too large to serve is one
/// error line, not a process the system kills half-way through reading.
fn room_for(db: &Path, documents: usize) -> std::io::Result<()> {
    let need = documents as u64 * SERVED_BYTES_PER_DOCUMENT;
    let left = sitrep_ingest::limits::memory_headroom().map(|(_, left)| left).or_else(available_memory);
    match left {
        Some(left) if need > left => Err(std::io::Error::other(format!(
            "{}: sitrep serve holds every document and their fused report in memory, about {} for {documents} documents, and {} is left; \
             the reading commands (stories, topics, claims, timeline, report --story) read the stored fusion instead",
            db.display(),
            sitrep_ingest::limits::human(need),
            sitrep_ingest::limits::human(left)
        ))),
        _ => Ok(()),
    }
}

/// The system's available memory (`MemAvailable` of `/proc/meminfo`), when known.
fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb * 1024)
}

/// Fuse the store again each time it is told it changed; requests that
/// arrive during a fuse are served by the next one.
fn refuse_loop(db: &Path, shared: &RwLock<Arc<Snapshot>>, rx: &Receiver<()>, swapped: &tokio::sync::watch::Sender<u64>) {
    while rx.recv().is_ok() {
        while rx.try_recv().is_ok() {}
        let generation = shared.read().unwrap_or_else(PoisonError::into_inner).generation + 1;
        match in_background(|| Snapshot::load(db, generation)) {
            Ok(next) => {
                let old = std::mem::replace(&mut *shared.write().unwrap_or_else(PoisonError::into_inner), Arc::new(next));
                swapped.send_replace(generation);
                // The old report is freed here unless a reader still holds it.
                drop(old);
                give_back();
            }
            Err(e) => eprintln!("sitrep serve: cannot read the store again: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_too_large_for_the_memory_left_is_an_error_naming_it() {
        let db = Path::new("big.db");
        assert!(room_for(db, 10).is_ok(), "ten documents fit");
        // More documents than any machine's memory holds at 64 KB each.
        let e = room_for(db, usize::MAX / (64 << 10)).unwrap_err().to_string();
        assert!(e.starts_with("big.db: sitrep serve holds every document") && e.contains("is left"), "{e}");
    }

    #[test]
    fn a_search_is_kept_by_its_words_and_the_hits_asked() {
        let snap = Snapshot::new(Vec::new(), &[], 1, 0);
        let a = snap.searched("river  weir", 20);
        assert!(Arc::ptr_eq(&a, &snap.searched(" river weir ", 20)), "the same words share one answer");
        assert!(!Arc::ptr_eq(&a, &snap.searched("river weir", 100)));
        assert!(!Arc::ptr_eq(&a, &snap.searched("weir river", 20)));
        for i in 0..SEARCHES_KEPT {
            snap.searched(&format!("w{i}"), 20);
        }
        assert!(!Arc::ptr_eq(&a, &snap.searched("river weir", 20)), "past the bound the kept answers go");
    }

    #[test]
    fn the_cache_keeps_what_is_asked_again_and_drops_the_rest() {
        let mut c = Cache::default();
        let (a, b) = (c.slot("/a"), c.slot("/b"));
        assert!(Arc::ptr_eq(&a, &c.slot("/a")));
        // Full: the next URI moves both to the older half, and asking for
        // one again brings it back.
        c.room(CACHE_BYTES - c.bytes);
        c.slot("/c");
        assert!(Arc::ptr_eq(&a, &c.slot("/a")));
        // Full again: what was not asked for since is dropped.
        c.room(CACHE_BYTES - c.bytes);
        c.slot("/d");
        assert!(Arc::ptr_eq(&a, &c.slot("/a")));
        assert!(!Arc::ptr_eq(&b, &c.slot("/b")));
    }
}
