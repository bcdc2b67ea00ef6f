//! Writing documents: one transaction per [`Batch`].

use crate::StoreError;
use rusqlite::{params, OptionalExtension, Transaction};
use sitrep_core::Document;
use std::path::Path;

/// What [`Batch::put`] did with a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Put {
    /// The id was new: the document and its annotations were written.
    Inserted,
    /// The id was stored with the same content: nothing was written.
    Unchanged,
    /// The id was stored with other content: the old document and all its
    /// annotations were removed and the new ones written in its place (it
    /// keeps its position in ingest order).
    Replaced,
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

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::sqlite(self.path, e)
    }

    /// Store `doc` and its annotations, unless it is already there; see
    /// [`Put`] for the outcomes.
    pub fn put(&mut self, doc: &Document) -> Result<Put, StoreError> {
        self.put_inner(doc).map_err(|e| self.err(e))
    }

    /// Make everything put so far permanent.
    pub fn commit(self) -> Result<(), StoreError> {
        let path = self.path;
        self.tx.commit().map_err(|e| StoreError::sqlite(path, e))
    }

    fn put_inner(&mut self, doc: &Document) -> rusqlite::Result<Put> {
        let hash = content_hash(doc);
        let tx = &self.tx;
        let existing: Option<(i64, Vec<u8>)> = tx
            .prepare_cached("SELECT key, hash FROM documents WHERE id = ?1")?
            .query_row([&doc.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((_, old)) = &existing {
            if old[..] == hash[..] {
                return Ok(Put::Unchanged);
            }
        }
        let same: Option<String> = tx
            .prepare_cached("SELECT id FROM documents WHERE hash = ?1")?
            .query_row([&hash[..]], |r| r.get(0))
            .optional()?;
        if let Some(other) = same {
            return Ok(Put::SameContentAs(other));
        }
        let replaced = existing.is_some();
        let key = match existing {
            Some((key, _)) => {
                tx.prepare_cached("DELETE FROM documents WHERE key = ?1")?.execute([key])?;
                Some(key)
            }
            None => None,
        };
        let byline = serde_json::to_string(&doc.byline).expect("strings always serialise");
        let key: i64 = tx
            .prepare_cached(
                "INSERT INTO documents (key, id, source, url, title, byline, published, outlet, language, text, hash, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
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
                    &hash[..]
                ],
                |r| r.get(0),
            )?;
        self.put_annotations(key, doc)?;
        Ok(if replaced { Put::Replaced } else { Put::Inserted })
    }

    fn put_annotations(&self, key: i64, doc: &Document) -> rusqlite::Result<()> {
        let tx = &self.tx;
        let mut ent = tx.prepare_cached(
            "INSERT INTO entities (doc, idx, id, name, kind, descriptors) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut men = tx.prepare_cached(
            r#"INSERT INTO mentions (doc, entity, idx, start, "end", text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"#,
        )?;
        for (i, e) in doc.entities.iter().enumerate() {
            let descriptors = serde_json::to_string(&e.descriptors).expect("strings always serialise");
            ent.execute(params![key, i, e.id, e.name, e.kind.as_str(), descriptors])?;
            for (j, m) in e.mentions.iter().enumerate() {
                men.execute(params![key, i, j, m.start, m.end, m.text])?;
            }
        }
        let mut quote = tx.prepare_cached(
            r#"INSERT INTO quotes (doc, idx, start, "end", text, direct, speaker, speaker_name, cue)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"#,
        )?;
        for (i, q) in doc.quotes.iter().enumerate() {
            quote.execute(params![key, i, q.start, q.end, q.text, q.direct, q.speaker, q.speaker_name, q.cue])?;
        }
        let mut quantity = tx.prepare_cached(
            r#"INSERT INTO quantities (doc, idx, start, "end", text, kind, value, low, high, bound, unit, per, per_each, counted)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"#,
        )?;
        for (i, q) in doc.quantities.iter().enumerate() {
            quantity.execute(params![
                key,
                i,
                q.start,
                q.end,
                q.text,
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
            r#"INSERT INTO times (doc, idx, start, "end", text, value, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"#,
        )?;
        for (i, t) in doc.times.iter().enumerate() {
            time.execute(params![key, i, t.start, t.end, t.text, t.value, enum_str(&t.kind)])?;
        }
        let mut claim = tx.prepare_cached(
            r#"INSERT INTO claims (doc, idx, id, start, "end", text, quantity, value, low, high, bound, unit, per, per_each,
                                   subject, source_name, source_entity, source_kind, modality, time, frame)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"#,
        )?;
        for (i, c) in doc.claims.iter().enumerate() {
            claim.execute(params![
                key,
                i,
                c.id,
                c.start,
                c.end,
                c.text,
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
                (!c.frame.is_empty()).then(|| serde_json::to_string(&c.frame)).transpose().map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?
            ])?;
        }
        Ok(())
    }
}
