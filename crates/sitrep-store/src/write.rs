//! Writing documents: one transaction per [`Batch`], or a series of
//! bounded transactions per [`Writer`].

use crate::fusion::{insert_inputs, InputBytes};
use crate::{spans, Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use sitrep_core::Document;
use std::path::Path;

/// What [`Batch::put`] or [`Writer::put`] did with a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Put {
    /// The id was new: the document and its annotations were written.
    Inserted,
    /// The id was stored with the same content and annotations of the same
    /// (or a newer) annotator version: nothing was written.
    Unchanged,
    /// The id was stored with other content: the old document and all its
    /// annotations were removed and the new ones written in its place (it
    /// keeps its position in ingest order).
    Replaced,
    /// The id was stored with the same content but annotations of an older
    /// annotator version: its metadata and annotations were rewritten (it
    /// keeps its position in ingest order).
    Reannotated,
    /// The same content is stored under this other id: nothing was written.
    /// This wins over [`Put::Replaced`], so a store never holds one content
    /// twice.
    SameContentAs(String),
}

/// A write transaction; see [`Store::batch`](crate::Store::batch).
///
/// Dropping a batch without calling [`Batch::commit`] rolls back everything
/// it put.
pub struct Batch<'s> {
    tx: Transaction<'s>,
    path: &'s Path,
}

/// How much a [`Writer`] puts in one transaction: it commits when either
/// limit is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    /// Documents per transaction (every put counts, written or not).
    pub docs: usize,
    /// Bytes of title and text of the documents written per transaction.
    pub bytes: usize,
}

impl Default for Chunk {
    /// 1,000 documents or 32 MiB of text, whichever comes first.
    fn default() -> Chunk {
        Chunk { docs: 1000, bytes: 32 << 20 }
    }
}

/// Writes documents in a series of transactions of at most one [`Chunk`]
/// each; see [`Store::writer`](crate::Store::writer).
///
/// Every chunk is committed whole or not at all, so a writer that is killed
/// loses at most the chunk in flight, and a document is never half-stored.
/// Dropping a writer without [`Writer::finish`] rolls back the open chunk
/// (the chunks committed before it stay).
pub struct Writer<'s> {
    store: &'s mut Store,
    chunk: Chunk,
    annotator: u32,
    /// Puts and bytes written in the open transaction, if one is open.
    open: Option<(usize, usize)>,
    /// The fusion inputs of the documents written in the open transaction
    /// (document key, fuse version, input), written when it is committed
    /// (`insert_inputs`: a table at a time, so each table's rows of a
    /// chunk lie together).
    inputs: Vec<(i64, u32, InputBytes)>,
}

/// The content hash of a document: BLAKE3 over its title (with a marker for
/// "no title", and its length, so title and text cannot run into each other)
/// and its text.
pub(crate) fn content_hash(doc: &Document) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    match &doc.title {
        Some(t) => {
            h.update(&[1]);
            h.update(&(t.len() as u64).to_le_bytes());
            h.update(t.as_bytes());
        }
        None => {
            h.update(&[0]);
        }
    }
    h.update(doc.text.as_bytes());
    *h.finalize().as_bytes()
}

/// A serde unit enum as the string it serialises to (`"person"`, `"at_least"`).
pub(crate) fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("the core enums serialise to strings, got {other:?}"),
    }
}

impl<'s> Batch<'s> {
    pub(crate) fn new(tx: Transaction<'s>, path: &'s Path) -> Batch<'s> {
        Batch { tx, path }
    }

    /// Store `doc` and its annotations, made by annotator version
    /// `annotator`, unless they are already there; see [`Put`] for the
    /// outcomes.
    pub fn put(&mut self, doc: &Document, annotator: u32) -> Result<Put, StoreError> {
        put(&self.tx, doc, annotator).map(|(put, _)| put).map_err(|e| StoreError::sqlite(self.path, e))
    }

    /// Make everything put so far permanent.
    pub fn commit(self) -> Result<(), StoreError> {
        let path = self.path;
        self.tx.commit().map_err(|e| StoreError::sqlite(path, e))
    }
}

impl<'s> Writer<'s> {
    pub(crate) fn new(store: &'s mut Store, chunk: Chunk, annotator: u32) -> Writer<'s> {
        let chunk = Chunk { docs: chunk.docs.max(1), bytes: chunk.bytes.max(1) };
        Writer { store, chunk, annotator, open: None, inputs: Vec::new() }
    }

    /// Store `doc` and its annotations like [`Batch::put`], in the open
    /// chunk (one is begun when none is open); the chunk is committed once
    /// it is full.
    pub fn put(&mut self, doc: &Document) -> Result<Put, StoreError> {
        self.put_made(doc, None)
    }

    /// Store `doc` like [`Writer::put`] and, when it is written, its
    /// fusion input `input` (made from it by fuse version `version`) in the
    /// same transaction: a kill never leaves it without its input, and the
    /// next refresh does not read it back to make one.
    pub fn put_with_input(&mut self, doc: &Document, input: &InputBytes, version: u32) -> Result<Put, StoreError> {
        self.put_made(doc, Some((input, version)))
    }

    fn put_made(&mut self, doc: &Document, input: Option<(&InputBytes, u32)>) -> Result<Put, StoreError> {
        let (docs, bytes) = match self.open {
            Some(n) => n,
            None => {
                self.store.conn.execute_batch("BEGIN IMMEDIATE").map_err(|e| self.store.err(e))?;
                self.open = Some((0, 0));
                (0, 0)
            }
        };
        let (outcome, key) = put(&self.store.conn, doc, self.annotator).map_err(|e| self.store.err(e))?;
        if let Some(key) = key {
            // An input for the document's earlier content in this chunk is no longer its input.
            self.inputs.retain(|i| i.0 != key);
            if let Some((input, version)) = input {
                self.inputs.push((key, version, input.clone()));
            }
        }
        let written = match outcome {
            Put::Inserted | Put::Replaced | Put::Reannotated => doc.title.as_ref().map_or(0, String::len) + doc.text.len(),
            Put::Unchanged | Put::SameContentAs(_) => 0,
        };
        let (docs, bytes) = (docs + 1, bytes + written);
        self.open = Some((docs, bytes));
        if docs >= self.chunk.docs || bytes >= self.chunk.bytes {
            self.commit()?;
        }
        Ok(outcome)
    }

    /// Like [`Store::known`](crate::Store::known), but seeing what this
    /// writer has put in its open chunk too.
    pub fn known(&self, doc: &Document) -> Result<Option<Put>, StoreError> {
        known(&self.store.conn, doc, self.annotator).map_err(|e| self.store.err(e))
    }

    /// Commit the open chunk, if any.
    pub fn commit(&mut self) -> Result<(), StoreError> {
        if self.open.take().is_some() {
            let inputs = std::mem::take(&mut self.inputs);
            if let Err(e) = insert_inputs(&self.store.conn, &inputs) {
                // The chunk goes whole or not at all.
                let _ = self.store.conn.execute_batch("ROLLBACK");
                return Err(self.store.err(e));
            }
            self.store.conn.execute_batch("COMMIT").map_err(|e| self.store.err(e))?;
        }
        Ok(())
    }

    /// Commit the open chunk and end the writer.
    pub fn finish(mut self) -> Result<(), StoreError> {
        self.commit()
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        self.inputs.clear();
        if self.open.take().is_some() {
            // Nothing to report to: a failed rollback leaves the transaction
            // to SQLite, which discards it when the connection closes.
            let _ = self.store.conn.execute_batch("ROLLBACK");
        }
    }
}

/// What the store holds for a document's id and content.
enum Found {
    /// The id with the same content, annotated by this annotator or a newer one.
    Unchanged,
    /// The id with the same content, annotated by an older annotator.
    Stale(i64),
    /// The content under another id.
    SameContentAs(String),
    /// The id with other content.
    Changed(i64),
    New,
}

fn find(conn: &Connection, doc: &Document, hash: &[u8; 32], annotator: u32) -> rusqlite::Result<Found> {
    let existing: Option<(i64, Vec<u8>, i64)> = conn
        .prepare_cached("SELECT key, hash, annotator FROM documents WHERE id = ?1")?
        .query_row([&doc.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    if let Some((key, old, version)) = &existing {
        if old[..] == hash[..] {
            return Ok(if *version >= i64::from(annotator) { Found::Unchanged } else { Found::Stale(*key) });
        }
    }
    let same: Option<String> = conn
        .prepare_cached("SELECT id FROM documents WHERE hash = ?1")?
        .query_row([&hash[..]], |r| r.get(0))
        .optional()?;
    Ok(match (same, existing) {
        (Some(other), _) => Found::SameContentAs(other),
        (None, Some((key, ..))) => Found::Changed(key),
        (None, None) => Found::New,
    })
}

/// What putting `doc` would do when it writes nothing: [`Put::Unchanged`]
/// or [`Put::SameContentAs`]; `None` when it would write.
pub(crate) fn known(conn: &Connection, doc: &Document, annotator: u32) -> rusqlite::Result<Option<Put>> {
    Ok(match find(conn, doc, &content_hash(doc), annotator)? {
        Found::Unchanged => Some(Put::Unchanged),
        Found::SameContentAs(other) => Some(Put::SameContentAs(other)),
        Found::Stale(_) | Found::Changed(_) | Found::New => None,
    })
}

/// Put `doc` inside the transaction open on `conn`; with the outcome, the
/// document's key when it is written (its fusion input is then to be
/// written: it has none).
fn put(conn: &Connection, doc: &Document, annotator: u32) -> rusqlite::Result<(Put, Option<i64>)> {
    let hash = content_hash(doc);
    let byline = serde_json::to_string(&doc.byline).expect("strings always serialise");
    let key = match find(conn, doc, &hash, annotator)? {
        Found::Unchanged => return Ok((Put::Unchanged, None)),
        Found::SameContentAs(other) => return Ok((Put::SameContentAs(other), None)),
        Found::Stale(key) => {
            conn.prepare_cached(
                "UPDATE documents SET source = ?2, url = ?3, byline = ?4, published = ?5, outlet = ?6, language = ?7,
                        annotator = ?8, sentences = ?9, ingested_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE key = ?1",
            )?
            .execute(params![
                key,
                doc.source,
                doc.url,
                byline,
                doc.published,
                doc.outlet,
                doc.language,
                annotator,
                spans::encode(&doc.sentences)
            ])?;
            for table in ["entities", "quote_rows", "quantity_rows", "time_rows", "claim_rows", "fusion_inputs"] {
                // Mentions go with their entities (ON DELETE CASCADE).
                conn.prepare_cached(&format!("DELETE FROM {table} WHERE doc = ?1"))?.execute([key])?;
            }
            put_annotations(conn, key, doc)?;
            return Ok((Put::Reannotated, Some(key)));
        }
        Found::Changed(key) => {
            conn.prepare_cached("DELETE FROM documents WHERE key = ?1")?.execute([key])?;
            Some(key)
        }
        Found::New => None,
    };
    let new_key: i64 = conn
        .prepare_cached(
            "INSERT INTO documents (key, id, source, url, title, byline, published, outlet, language, text, hash, annotator, sentences,
                                    ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
             RETURNING key",
        )?
        .query_row(
            params![
                key,
                doc.id,
                doc.source,
                doc.url,
                doc.title,
                byline,
                doc.published,
                doc.outlet,
                doc.language,
                doc.text,
                &hash[..],
                annotator,
                spans::encode(&doc.sentences)
            ],
            |r| r.get(0),
        )?;
    put_annotations(conn, new_key, doc)?;
    Ok((if key.is_some() { Put::Replaced } else { Put::Inserted }, Some(new_key)))
}

/// The text to store for a span: none when it is the span's slice of the
/// document text (the readers take it from there), else the text itself.
fn span_text<'a>(doc: &Document, start: usize, end: usize, text: &'a str) -> Option<&'a str> {
    (doc.text.get(start..end) != Some(text)).then_some(text)
}

fn put_annotations(tx: &Connection, key: i64, doc: &Document) -> rusqlite::Result<()> {
    let mut ent = tx.prepare_cached(
        "INSERT INTO entities (doc, idx, id, name, kind, descriptors) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut men = tx.prepare_cached(
        r#"INSERT INTO mention_rows (doc, entity, idx, start, "end", text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"#,
    )?;
    for (i, e) in doc.entities.iter().enumerate() {
        let descriptors = serde_json::to_string(&e.descriptors).expect("strings always serialise");
        ent.execute(params![key, i, e.id, e.name, e.kind.as_str(), descriptors])?;
        for (j, m) in e.mentions.iter().enumerate() {
            men.execute(params![key, i, j, m.start, m.end, span_text(doc, m.start, m.end, &m.text)])?;
        }
    }
    let mut quote = tx.prepare_cached(
        r#"INSERT INTO quote_rows (doc, idx, start, "end", text, direct, speaker, speaker_name, cue)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"#,
    )?;
    for (i, q) in doc.quotes.iter().enumerate() {
        quote.execute(params![key, i, q.start, q.end, span_text(doc, q.start, q.end, &q.text), q.direct, q.speaker, q.speaker_name, q.cue])?;
    }
    let mut quantity = tx.prepare_cached(
        r#"INSERT INTO quantity_rows (doc, idx, start, "end", text, kind, value, low, high, bound, unit, per, per_each, counted)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"#,
    )?;
    for (i, q) in doc.quantities.iter().enumerate() {
        quantity.execute(params![
            key,
            i,
            q.start,
            q.end,
            span_text(doc, q.start, q.end, &q.text),
            q.kind,
            q.value,
            q.low,
            q.high,
            q.bound.as_str(),
            q.unit,
            q.per,
            q.per_each,
            q.counted
        ])?;
    }
    let mut time = tx.prepare_cached(
        r#"INSERT INTO time_rows (doc, idx, start, "end", text, value, kind, expected) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"#,
    )?;
    for (i, t) in doc.times.iter().enumerate() {
        time.execute(params![key, i, t.start, t.end, span_text(doc, t.start, t.end, &t.text), t.value, enum_str(&t.kind), t.expected])?;
    }
    let mut claim = tx.prepare_cached(
        r#"INSERT INTO claim_rows (doc, idx, id, start, "end", text, quantity, value, low, high, bound, unit, per, per_each,
                               subject, source_name, source_entity, source_kind, modality, time, time_kind, frame)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)"#,
    )?;
    for (i, c) in doc.claims.iter().enumerate() {
        claim.execute(params![
            key,
            i,
            c.id,
            c.start,
            c.end,
            span_text(doc, c.start, c.end, &c.text),
            c.quantity,
            c.value,
            c.low,
            c.high,
            c.bound.map(|b| b.as_str()),
            c.unit,
            c.per,
            c.per_each,
            c.subject,
            c.source.name,
            c.source.entity,
            enum_str(&c.source.kind),
            c.modality.as_str(),
            c.time,
            c.time_kind.as_str(),
            (!c.frame.is_empty()).then(|| serde_json::to_string(&c.frame)).transpose().map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?
        ])?;
    }
    Ok(())
}
