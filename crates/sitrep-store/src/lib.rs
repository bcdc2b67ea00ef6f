//! sitrep's store: documents and their annotations in one SQLite file.
//!
//! A [`Store`] keeps every [`Document`] the pipeline produced so that a
//! corpus is ingested once, grows incrementally, and can be read back whole
//! (by the report), searched ([`Store::search`], SQLite FTS5) or queried with
//! plain SQL (the tables are described in `docs/database.md`).
//!
//! # Opening
//!
//! [`Store::open`] creates the file when it is missing and brings its schema
//! up to date. It refuses, with an error naming the file, anything that is
//! not a sitrep store: a file that is not SQLite, a corrupt database, an
//! SQLite database of another program (checked with `PRAGMA
//! application_id`), or a store written by a newer sitrep.
//!
//! # Writing
//!
//! Every document is put with the version of the annotator that made its
//! annotations (`sitrep_annotate::ANNOTATOR_VERSION`). Writes go through a
//! [`Batch`], one transaction:
//!
//! ```
//! # fn main() -> Result<(), sitrep_store::StoreError> {
//! # let dir = tempfile::tempdir().unwrap();
//! # let path = dir.path().join("sitrep.db");
//! use sitrep_core::Document;
//! use sitrep_store::{Put, Store};
//!
//! let mut store = Store::open(&path)?;
//! let doc = Document { id: "a".into(), source: "a.txt".into(), text: "Troops moved.".into(), ..Default::default() };
//! let mut batch = store.batch()?;
//! assert_eq!(batch.put(&doc, 1)?, Put::Inserted);
//! assert_eq!(batch.put(&doc, 1)?, Put::Unchanged);
//! batch.commit()?;
//! assert_eq!(store.len()?, 1);
//! // The same document from a newer annotator replaces the annotations.
//! let mut batch = store.batch()?;
//! assert_eq!(batch.put(&doc, 2)?, Put::Reannotated);
//! # Ok(()) }
//! ```
//!
//! A batch dropped without [`Batch::commit`] rolls back, so an interrupted
//! batch leaves the database as it was before the batch began. A
//! [`Writer`] ([`Store::writer`]) writes a stream of documents in bounded
//! transactions of one [`Chunk`] each, so a long ingest that is killed
//! keeps every chunk it committed and loses only the chunk in flight.
//!
//! Documents are identified by their `id` and their content, a BLAKE3 hash
//! of `title` and text (see [`Put`]): putting the same document again is a
//! no-op, a changed document replaces the old one, and a document whose
//! content is already stored under another id is not stored twice.
//! [`Store::known`] tells, before a document is annotated, whether putting
//! it would write nothing, so unchanged documents need not be annotated.
//!
//! # Reading
//!
//! [`Store::documents`] yields every document in ingest order exactly as it
//! was put; [`Store::search`] runs an FTS5 query over titles and texts;
//! [`Store::stale`] yields the documents annotated by an older annotator,
//! to be annotated again.
//!
//! # Overrides and snapshots
//!
//! Analyst corrections ([`Store::add_override`], [`Store::overrides`],
//! [`Store::remove_override`]) and saved states of the fused report
//! ([`Store::save_snapshot`], [`Store::snapshot`], [`Store::snapshots`])
//! live in two small tables beside the documents; new ingests and
//! re-annotation never touch them.

mod error;
mod fusion;
mod overrides;
mod read;
mod schema;
mod search;
mod segments;
mod wire;
mod spans;
mod write;

pub use error::StoreError;
pub use fusion::{digest, report_json, ClusterState, CopyOf, CopyPair, CopyUpdate, Dirty, FusionInput, FusionInputRef, InputBytes, NewInput, NewTopic, Packed, PairFound, PackWriter, StoredReport, StoredStory, StoredTopic, TopicRow, WasPosted};
pub use schema::VERSION as SCHEMA_VERSION;
pub use read::{CitedClaim, Documents};
pub use segments::{member_id, pack_for_fusion, NewSegment, SegmentDoc, SegmentDocs, SegmentReadings, Segments, StoredSegment, MEMBER_BYTES};
pub use search::{quoted_start, Found, Hit, Index, Matcher, Ranked, MAX_QUERY_BYTES, MAX_QUERY_WORDS};
pub use write::{Batch, Chunk, Put, Writer};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};

#[doc(inline)]
pub use sitrep_core::Document;

/// An open sitrep database.
///
/// The connection runs in WAL mode with `synchronous=NORMAL` and foreign
/// keys on; statements are prepared once and cached.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

/// SQLite's page cache per connection (`PRAGMA cache_size`: negative, in
/// KiB), 64 MB, filled only as pages are read. SQLite's default of 2 MB
/// holds no more than the top levels of the large tables' B-trees: every
/// other page a look-up or an insert touches is read again from the
/// system, in a system call: at 1,000,000 articles, annotating and
/// storing them took 1,420 s with the default and 1,032 s with this
/// cache (docs/database.md). [`Store::limit_page_cache`] with it gives a
/// limited connection its full cache back.
pub const PAGE_CACHE_KIB: u32 = 65536;
const PAGE_CACHE: i64 = -(PAGE_CACHE_KIB as i64);

/// How long a writer waits for another process's lock before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

impl Store {
    /// Open the store at `path`, creating the file when it is missing, and
    /// apply the schema migrations it lacks.
    ///
    /// Errors name the file: [`StoreError::NotSqlite`],
    /// [`StoreError::Corrupt`], [`StoreError::Foreign`] (an SQLite database
    /// that is not sitrep's), [`StoreError::TooNew`] (a schema newer than
    /// this build knows) or [`StoreError::Sqlite`] (cannot create or lock
    /// the file). A database that is refused is not modified.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        let conn = Connection::open(path).map_err(|e| StoreError::sqlite(path, e))?;
        let mut store = Store { conn, path: path.to_path_buf() };
        store.init()?;
        Ok(store)
    }

    /// Like [`Store::open`], but a missing file is [`StoreError::Missing`]
    /// instead of a new, empty store: for commands that only read.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(StoreError::Missing { path: path.to_path_buf() });
        }
        Store::open(path)
    }

    /// Hold at most `kib` KiB of SQLite's pages in this connection's cache
    /// (`PRAGMA cache_size`; [`PAGE_CACHE_KIB`] when opened, what it is given
    /// back with): a connection of several that read one share each of
    /// scattered rows, or one that scans a table, reads each page about
    /// once, and would otherwise fill its own cache as large.
    pub fn limit_page_cache(&self, kib: u32) -> Result<(), StoreError> {
        self.conn.execute_batch(&format!("PRAGMA cache_size = -{kib};")).map_err(|e| self.err(e))
    }

    /// Free the pages this connection's cache holds (`PRAGMA
    /// shrink_memory`; it reads them again as it needs them): up to 64 MB
    /// that a step which read much (every input of a corpus, a large
    /// story's segments) leaves behind and the next step does not read.
    pub fn empty_page_cache(&self) -> Result<(), StoreError> {
        self.conn.execute_batch("PRAGMA shrink_memory;").map_err(|e| self.err(e))
    }

    /// The path the store was opened with.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The number of documents stored.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.conn
            .prepare_cached("SELECT count(*) FROM documents")
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .map_err(|e| self.err(e))
    }

    /// True when no document is stored.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }

    /// Start a write transaction. Nothing it puts is visible to others, or
    /// kept, until [`Batch::commit`]; dropping the batch rolls it back.
    pub fn batch(&mut self) -> Result<Batch<'_>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        Ok(Batch::new(tx, &self.path))
    }

    /// Write a stream of documents, made by annotator version `annotator`,
    /// in transactions of at most one `chunk` each; see [`Writer`].
    pub fn writer(&mut self, chunk: Chunk, annotator: u32) -> Writer<'_> {
        Writer::new(self, chunk, annotator)
    }

    /// What putting `doc` (annotated by version `annotator`) would do when
    /// it would write nothing: `Some(`[`Put::Unchanged`]`)` or
    /// `Some(`[`Put::SameContentAs`]`)`; `None` when it would write. Only
    /// the id, title and text are looked at, so a document can be checked
    /// before it is annotated. Reads the last committed state.
    pub fn known(&self, doc: &Document, annotator: u32) -> Result<Option<Put>, StoreError> {
        write::known(&self.conn, doc, annotator).map_err(|e| self.err(e))
    }

    /// The number of documents whose annotations are older than annotator
    /// version `annotator`.
    pub fn count_stale(&self, annotator: u32) -> Result<usize, StoreError> {
        self.conn
            .prepare_cached("SELECT count(*) FROM documents WHERE annotator < ?1")
            .and_then(|mut s| s.query_row([annotator], |r| r.get(0)))
            .map_err(|e| self.err(e))
    }

    /// The documents whose annotations are older than annotator version
    /// `annotator`, with their metadata and text but no annotations (they
    /// are to be annotated again), read in chunks.
    pub fn stale(&self, annotator: u32) -> Documents<'_> {
        Documents::stale(self, annotator)
    }

    /// Every document, in the order it was first ingested (a replaced
    /// document keeps its place), exactly as it was put. Documents are read
    /// in chunks, so memory stays bounded.
    pub fn documents(&self) -> Documents<'_> {
        Documents::new(self)
    }

    /// Run an FTS5 query (`kursk`, `"troops arrived"`, `nis OR pentagon`,
    /// `title:treaty`, `deploy*`) over titles and texts; best matches first
    /// (BM25, a title match counting four times a text match), at most
    /// `limit`. Words are matched after Porter stemming and without
    /// diacritics. A query FTS5 cannot parse is [`StoreError::Query`].
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
        search::search(self, query, limit)
    }

    /// The best `limit` matches of a query as [`Store::search`] ranks them,
    /// without their snippets, and what the query matches: a caller that
    /// holds the documents' texts already cuts each snippet with
    /// [`Matcher::hit`] (as `search` does after reading the text).
    pub fn search_ranked(&self, query: &str, limit: usize) -> Result<(Vec<Ranked>, Matcher), StoreError> {
        let (found, matcher) = search::ranked(self, query, limit)?;
        Ok((found.into_iter().map(|(_, r)| r).collect(), matcher))
    }

    /// The best `limit` matches of a query among `docs`, the documents
    /// `index` was made of ([`Index::new`]): a query of plain words is
    /// ranked on the index, as FTS5's BM25 ranks it over those documents,
    /// without reading the store's index; any other (operators, a phrase,
    /// a prefix, a word of several tokens such as "U.S.") is ranked by
    /// FTS5 over the whole store, as [`Store::search_ranked`] does.
    pub fn search_in(&self, index: &Index, docs: &[sitrep_core::Document], query: &str, limit: usize) -> Result<Found, StoreError> {
        search::ranked_in(self, index, docs, query, limit)
    }

    /// The key of the last document stored (0 when none): a document
    /// stored later has a larger one.
    pub fn last_key(&self) -> Result<i64, StoreError> {
        self.last_key_sql().map_err(|e| self.err(e))
    }

    fn last_key_sql(&self) -> rusqlite::Result<i64> {
        self.conn.prepare_cached("SELECT coalesce(max(key), 0) FROM documents")?.query_row([], |r| r.get(0))
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, e)
    }

    /// Check that the file is (or can become) a sitrep store, set the
    /// connection up and migrate.
    fn init(&mut self) -> Result<(), StoreError> {
        self.conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| self.err(e))?;
        self.conn.set_prepared_statement_cache_capacity(64);
        let app_id: i32 =
            self.conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| self.err(e))?;
        let objects: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if app_id != schema::APPLICATION_ID && !(app_id == 0 && objects == 0) {
            let reason = if app_id == 0 {
                "an SQLite database of another program: it has tables but no sitrep application id".to_string()
            } else {
                format!("an SQLite database of another program: application id {app_id:#010x}")
            };
            return Err(StoreError::Foreign { path: self.path.clone(), reason });
        }
        // The journal mode is persistent and cannot change inside a transaction.
        let _mode: String =
            self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(|e| self.err(e))?;
        self.conn
            .execute_batch(&format!("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = {PAGE_CACHE};"))
            .map_err(|e| self.err(e))?;
        self.migrate(&schema::migrations())
    }

    /// Apply the migration steps the database lacks, all in one transaction:
    /// `steps[i]` takes version `i` to `i + 1`. An up-to-date store is only
    /// read, so opening it never waits for another process's write.
    fn migrate(&mut self, steps: &[String]) -> Result<(), StoreError> {
        let known = steps.len() as i64;
        if self.version(known)? == known {
            return Ok(());
        }
        let path = self.path.clone();
        let err = |e| StoreError::sqlite(&path, e);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        // Another process may have migrated between the check and the lock.
        let version = version_of(&tx, &path, known)?;
        for (i, step) in steps.iter().enumerate().skip(version as usize) {
            tx.execute_batch(step).map_err(err)?;
            tx.execute("UPDATE schema_version SET version = ?1", [i as i64 + 1]).map_err(err)?;
        }
        tx.execute_batch(&format!("PRAGMA application_id = {}", schema::APPLICATION_ID)).map_err(err)?;
        tx.commit().map_err(err)
    }

    fn version(&self, known: i64) -> Result<i64, StoreError> {
        version_of(&self.conn, &self.path, known)
    }
}

/// The schema version of the database (0 for a new one), checked to be one
/// this build can work with: not negative, not above `known`.
fn version_of(conn: &Connection, path: &Path, known: i64) -> Result<i64, StoreError> {
    let err = |e| StoreError::sqlite(path, e);
    let has_table: bool = conn
        .query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(err)?
        > 0;
    let version: i64 = if has_table {
        conn.query_row("SELECT version FROM schema_version", [], |r| r.get(0)).optional().map_err(err)?.ok_or_else(
            || StoreError::Foreign { path: path.to_path_buf(), reason: "its schema_version table is empty".into() },
        )?
    } else {
        let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(err)?;
        if app_id == schema::APPLICATION_ID {
            return Err(StoreError::Foreign {
                path: path.to_path_buf(),
                reason: "it has sitrep's application id but no schema_version table".into(),
            });
        }
        0
    };
    if version < 0 {
        return Err(StoreError::Foreign { path: path.to_path_buf(), reason: format!("its schema version is {version}") });
    }
    if version > known {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, known });
    }
    Ok(version)
}

#[cfg(test)]
mod tests;
