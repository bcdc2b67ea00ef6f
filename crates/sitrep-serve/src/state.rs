//! What the handlers share: the fused report of the store (replaced whole
//! after each ingest), a pool of read connections for search, and the
//! configuration.

use crate::Config;
use sitrep_core::report::{DocumentSummary, Report, Topic};
use sitrep_core::overrides::Override;
use sitrep_core::Document;
use sitrep_store::{Store, StoreError};
use axum::body::Bytes;
use axum::http::HeaderValue;
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
    /// Names of the report's people, organisations and places.
    entity_names: HashSet<String>,
    /// Responses already made from this snapshot, by URI.
    cache: Mutex<Cache>,
}

/// Responses of one snapshot, bounded in total size (emptied when full).
#[derive(Default)]
struct Cache {
    map: HashMap<String, Cached>,
    bytes: usize,
}

/// A response kept whole: status, content type and body.
#[derive(Clone)]
pub(crate) struct Cached {
    pub status: u16,
    pub content_type: HeaderValue,
    pub body: Bytes,
}

/// Bytes of responses one snapshot keeps at most.
const CACHE_BYTES: usize = 256 << 20;

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
        let summary_index = report.documents.iter().enumerate().map(|(i, d)| (d.id.clone(), i)).collect();
        let stories = report.stories.iter().filter_map(|s| Some((s.id.clone(), report.narrowed(&s.id)?))).collect();
        let topic_index = report.topics.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect();
        let entity_names = report.entities.iter().map(|e| e.name.clone()).collect();
        Snapshot { generation, report, docs, doc_index, summary_index, stories, topic_index, entity_names, cache: Mutex::default() }
    }

    /// Whether the report has a person, organisation or place of this name.
    pub fn is_entity(&self, name: &str) -> bool {
        self.entity_names.contains(name)
    }

    /// The response made earlier from this snapshot for `uri`.
    pub fn cached(&self, uri: &str) -> Option<Cached> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner).map.get(uri).cloned()
    }

    /// Keep a response for `uri`.
    pub fn keep(&self, uri: String, res: Cached) {
        let mut c = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if c.bytes + res.body.len() > CACHE_BYTES {
            c.map.clear();
            c.bytes = 0;
        }
        c.bytes += res.body.len();
        if let Some(old) = c.map.insert(uri, res) {
            c.bytes -= old.body.len();
        }
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
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topic_index.get(id).map(|&i| &self.report.topics[i])
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
}

impl AppState {
    /// Open and fuse the store, and start the thread that fuses it again
    /// after each ingest.
    pub fn open(config: Config) -> std::io::Result<AppState> {
        let first = Snapshot::load(&config.db, 1).map_err(std::io::Error::other)?;
        let snapshot = Arc::new(RwLock::new(Arc::new(first)));
        let (tx, rx) = channel();
        let db = config.db.clone();
        let shared = Arc::clone(&snapshot);
        std::thread::Builder::new().name("sitrep-fuse".into()).spawn(move || refuse_loop(&db, &shared, &rx))?;
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let makers = tokio::sync::Semaphore::new(cores);
        Ok(AppState { config, snapshot, pool: Mutex::default(), refuse: Mutex::new(tx), write: Mutex::default(), makers })
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

/// Fuse the store again each time it is told it changed; requests that
/// arrive during a fuse are served by the next one.
fn refuse_loop(db: &Path, shared: &RwLock<Arc<Snapshot>>, rx: &Receiver<()>) {
    while rx.recv().is_ok() {
        while rx.try_recv().is_ok() {}
        let generation = shared.read().unwrap_or_else(PoisonError::into_inner).generation + 1;
        match Snapshot::load(db, generation) {
            Ok(next) => *shared.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(next),
            Err(e) => eprintln!("sitrep serve: cannot read the store again: {e}"),
        }
    }
}
