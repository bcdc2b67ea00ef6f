//! What the handlers share: the fused report of the store (replaced whole
//! after each ingest) with the indexes its pages are made from, a pool of
//! read connections for search, and the configuration.
//!
//! Every index is built once when a report is fused, so a page or answer
//! asked for the first time costs about the size of what it shows (one
//! page of claims), not the size of the report.

use crate::Config;
use sitrep_core::report::{DocumentSummary, EntitySummary, Report, Topic};
use sitrep_core::overrides::Override;
use sitrep_core::Document;
use sitrep_store::{Store, StoreError};
use axum::body::Bytes;
use axum::http::HeaderValue;
use rayon::prelude::*;
use sitrep_report::{source_kind_label, source_name};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// One fused state of the store; never changed once built.
pub(crate) struct Snapshot {
    /// Counts the fuses since start (1 is the first).
    pub generation: u64,
    /// The whole fused report, every story.
    pub report: Report,
    /// Every stored document, in ingest order.
    pub docs: Vec<Document>,
    doc_index: HashMap<String, usize>,
    /// Document id → its index in `report.documents`.
    summary_index: HashMap<String, usize>,
    /// Each story's report, narrowed to it.
    stories: HashMap<String, Report>,
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
}

/// Responses of one snapshot by URI, bounded in total size (emptied when
/// full). A URI's slot is made once: requests that ask for it while its
/// response is being made wait for that one instead of making it again.
#[derive(Default)]
struct Cache {
    map: HashMap<String, Arc<Slot>>,
    bytes: usize,
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

/// Bytes of responses one snapshot keeps at most.
const CACHE_BYTES: usize = 256 << 20;

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
        TopicFacts { sources, kinds, modalities, outlets, notes, corrections }
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
    /// corrections applied.
    fn load(db: &Path, generation: u64) -> Result<Snapshot, StoreError> {
        let store = Store::open_existing(db)?;
        let docs = store.documents().collect::<Result<Vec<_>, _>>()?;
        let overrides = store.overrides()?;
        Ok(Snapshot::new(docs, &overrides, generation))
    }

    fn new(docs: Vec<Document>, overrides: &[Override], generation: u64) -> Snapshot {
        let report = sitrep_fuse::fuse_corrected(&docs, overrides);
        let mut doc_index = HashMap::with_capacity(docs.len());
        for (i, d) in docs.iter().enumerate() {
            doc_index.entry(d.id.clone()).or_insert(i);
        }
        let summary_index: HashMap<String, usize> = report.documents.iter().enumerate().map(|(i, d)| (d.id.clone(), i)).collect();
        let stories = report.stories.iter().filter_map(|s| Some((s.id.clone(), report.narrowed(&s.id)?))).collect();
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
            doc_index,
            summary_index,
            stories,
            topic_index,
            facts,
            entity_index,
            claims_by_source,
            quotes_by_speaker,
            cache: Mutex::default(),
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
        let mut c = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = c.map.get(uri) {
            return Arc::clone(s);
        }
        if c.bytes + uri.len() > CACHE_BYTES {
            c.map.clear();
            c.bytes = 0;
        }
        c.bytes += uri.len();
        let s = Arc::new(Slot::new());
        c.map.insert(uri.to_string(), Arc::clone(&s));
        s
    }

    /// Count `bytes` more held by the cache (a response just made); the
    /// cache is emptied first when it would grow past its bound.
    pub fn held(&self, bytes: usize) {
        let mut c = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if c.bytes + bytes > CACHE_BYTES {
            c.map.clear();
            c.bytes = 0;
        }
        c.bytes += bytes;
    }

    /// Whether the response to `uri` is made already.
    pub fn is_cached(&self, uri: &str) -> bool {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner).map.get(uri).is_some_and(|s| s.initialized())
    }

    /// The stored document with this id.
    pub fn doc(&self, id: &str) -> Option<&Document> {
        self.doc_index.get(id).map(|&i| &self.docs[i])
    }

    /// A story's report, narrowed to it.
    pub fn story(&self, id: &str) -> Option<&Report> {
        self.stories.get(id)
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
    /// Responses made afresh at once: one per core, so a burst of new
    /// URIs queues here instead of holding every worker thread, and
    /// answers from the cache never wait behind them.
    pub makers: tokio::sync::Semaphore,
    /// The permits of `makers`.
    pub cores: usize,
    /// The generation of each report as it is swapped in.
    pub swapped: tokio::sync::watch::Receiver<u64>,
}

impl AppState {
    /// Open and fuse the store, and start the thread that fuses it again
    /// after each ingest.
    pub fn open(config: Config) -> std::io::Result<AppState> {
        let first = Snapshot::load(&config.db, 1).map_err(std::io::Error::other)?;
        let snapshot = Arc::new(RwLock::new(Arc::new(first)));
        let (tx, rx) = channel();
        let (swap_tx, swapped) = tokio::sync::watch::channel(1);
        let db = config.db.clone();
        let shared = Arc::clone(&snapshot);
        std::thread::Builder::new().name("sitrep-fuse".into()).spawn(move || refuse_loop(&db, &shared, &rx, &swap_tx))?;
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let makers = tokio::sync::Semaphore::new(cores);
        Ok(AppState { config, snapshot, pool: Mutex::default(), refuse: Mutex::new(tx), write: Mutex::default(), makers, cores, swapped })
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

/// Fuse the store again each time it is told it changed; requests that
/// arrive during a fuse are served by the next one.
fn refuse_loop(db: &Path, shared: &RwLock<Arc<Snapshot>>, rx: &Receiver<()>, swapped: &tokio::sync::watch::Sender<u64>) {
    while rx.recv().is_ok() {
        while rx.try_recv().is_ok() {}
        let generation = shared.read().unwrap_or_else(PoisonError::into_inner).generation + 1;
        match in_background(|| Snapshot::load(db, generation)) {
            Ok(next) => {
                *shared.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(next);
                swapped.send_replace(generation);
            }
            Err(e) => eprintln!("sitrep serve: cannot read the store again: {e}"),
        }
    }
}
