//! Reading documents back, in chunks: one query per table per chunk, merged
//! by document key, so loading a corpus costs a few table scans rather than
//! a query per document.

use crate::{Store, StoreError};
use rusqlite::types::Type;
use rusqlite::Row;
use sitrep_core::{Claim, ClaimSource, Document, Entity, Mention, Quantity, Quote, TimeExpr};

/// Documents read per chunk: one read transaction and seven queries each.
const CHUNK: i64 = 1024;

/// The documents of a store in ingest order; see [`Store::documents`].
///
/// Yields an error (and then stops) when a chunk cannot be read.
pub struct Documents<'s> {
    store: &'s Store,
    next_key: i64,
    buf: std::vec::IntoIter<Document>,
    done: bool,
}

impl<'s> Documents<'s> {
    pub(crate) fn new(store: &'s Store) -> Documents<'s> {
        Documents { store, next_key: i64::MIN, buf: Vec::new().into_iter(), done: false }
    }

    /// Read the next chunk into `buf`; an empty chunk ends the iteration.
    fn load(&mut self) -> rusqlite::Result<()> {
        let conn = &self.store.conn;
        let tx = conn.unchecked_transaction()?;
        let mut docs: Vec<(i64, Document)> = conn
            .prepare_cached(
                "SELECT key, id, source, url, title, byline, published, outlet, language, text
                 FROM documents WHERE key >= ?1 ORDER BY key LIMIT ?2",
            )?
            .query_map([self.next_key, CHUNK], |r| Ok((r.get(0)?, document(r)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let (Some(lo), Some(hi)) = (docs.first().map(|d| d.0), docs.last().map(|d| d.0)) else {
            self.done = true;
            return Ok(());
        };
        self.next_key = hi.saturating_add(1);
        let range = [lo, hi];
        let at = |docs: &[(i64, Document)], key: i64| -> rusqlite::Result<usize> {
            docs.binary_search_by_key(&key, |d| d.0).map_err(|_| bad(0, format!("no document with key {key}")))
        };

        let mut stmt = conn.prepare_cached(
            "SELECT doc, id, name, kind, descriptors FROM entities WHERE doc BETWEEN ?1 AND ?2 ORDER BY doc, idx",
        )?;
        let mut rows = stmt.query(range)?;
        while let Some(r) = rows.next()? {
            let i = at(&docs, r.get(0)?)?;
            let descriptors: String = r.get(4)?;
            docs[i].1.entities.push(Entity {
                id: r.get(1)?,
                name: r.get(2)?,
                kind: parse_enum(r, 3)?,
                mentions: Vec::new(),
                descriptors: serde_json::from_str(&descriptors).map_err(|e| bad(4, e.to_string()))?,
            });
        }

        let mut stmt = conn.prepare_cached(
            r#"SELECT doc, entity, start, "end", text FROM mentions WHERE doc BETWEEN ?1 AND ?2 ORDER BY doc, entity, idx"#,
        )?;
        let mut rows = stmt.query(range)?;
        while let Some(r) = rows.next()? {
            let i = at(&docs, r.get(0)?)?;
            let entity: usize = r.get(1)?;
            let e = docs[i].1.entities.get_mut(entity).ok_or_else(|| bad(1, format!("no entity {entity}")))?;
            e.mentions.push(Mention { start: r.get(2)?, end: r.get(3)?, text: r.get(4)? });
        }

        let mut stmt = conn.prepare_cached(
            r#"SELECT doc, start, "end", text, direct, speaker, speaker_name, cue
               FROM quotes WHERE doc BETWEEN ?1 AND ?2 ORDER BY doc, idx"#,
        )?;
        let mut rows = stmt.query(range)?;
        while let Some(r) = rows.next()? {
            let i = at(&docs, r.get(0)?)?;
            docs[i].1.quotes.push(Quote {
                start: r.get(1)?,
                end: r.get(2)?,
                text: r.get(3)?,
                direct: r.get(4)?,
                speaker: r.get(5)?,
                speaker_name: r.get(6)?,
                cue: r.get(7)?,
            });
        }

        let mut stmt = conn.prepare_cached(
            r#"SELECT doc, start, "end", text, kind, value, low, high, bound, unit, per, per_each, counted
               FROM quantities WHERE doc BETWEEN ?1 AND ?2 ORDER BY doc, idx"#,
        )?;
        let mut rows = stmt.query(range)?;
        while let Some(r) = rows.next()? {
            let i = at(&docs, r.get(0)?)?;
            docs[i].1.quantities.push(Quantity {
                start: r.get(1)?,
                end: r.get(2)?,
                text: r.get(3)?,
                kind: r.get(4)?,
                value: r.get(5)?,
                low: r.get(6)?,
                high: r.get(7)?,
                bound: parse_enum(r, 8)?,
                unit: r.get(9)?,
                per: r.get(10)?,
                per_each: r.get(11)?,
                counted: r.get(12)?,
            });
        }

        let mut stmt = conn.prepare_cached(
            r#"SELECT doc, start, "end", text, value, kind FROM times WHERE doc BETWEEN ?1 AND ?2 ORDER BY doc, idx"#,
        )?;
        let mut rows = stmt.query(range)?;
        while let Some(r) = rows.next()? {
            let i = at(&docs, r.get(0)?)?;
            docs[i].1.times.push(TimeExpr {
                start: r.get(1)?,
                end: r.get(2)?,
                text: r.get(3)?,
                value: r.get(4)?,
                kind: parse_enum(r, 5)?,
            });
        }

        let mut stmt = conn.prepare_cached(
            r#"SELECT doc, id, start, "end", text, quantity, value, low, high, bound, unit, per, per_each,
                      subject, source_name, source_entity, source_kind, modality, time, frame
               FROM claims WHERE doc BETWEEN ?1 AND ?2 ORDER BY doc, idx"#,
        )?;
        let mut rows = stmt.query(range)?;
        while let Some(r) = rows.next()? {
            let i = at(&docs, r.get(0)?)?;
            let bound: Option<String> = r.get(9)?;
            docs[i].1.claims.push(Claim {
                id: r.get(1)?,
                start: r.get(2)?,
                end: r.get(3)?,
                text: r.get(4)?,
                quantity: r.get(5)?,
                value: r.get(6)?,
                low: r.get(7)?,
                high: r.get(8)?,
                bound: match bound {
                    Some(b) => Some(enum_from_str(&b).map_err(|e| bad(9, e))?),
                    None => None,
                },
                unit: r.get(10)?,
                per: r.get(11)?,
                per_each: r.get(12)?,
                subject: r.get(13)?,
                source: ClaimSource { name: r.get(14)?, entity: r.get(15)?, kind: parse_enum(r, 16)? },
                modality: parse_enum(r, 17)?,
                time: r.get(18)?,
                frame: match r.get::<_, Option<String>>(19)? {
                    Some(f) => serde_json::from_str(&f).map_err(|e| bad(19, e.to_string()))?,
                    None => Default::default(),
                },
            });
        }
        tx.commit()?;
        self.buf = docs.into_iter().map(|(_, d)| d).collect::<Vec<_>>().into_iter();
        Ok(())
    }
}

impl Iterator for Documents<'_> {
    type Item = Result<Document, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(doc) = self.buf.next() {
                return Some(Ok(doc));
            }
            if self.done {
                return None;
            }
            if let Err(e) = self.load() {
                self.done = true;
                return Some(Err(self.store.err(e)));
            }
        }
    }
}

/// The metadata and text of a `documents` row (columns 1..=9).
fn document(r: &Row<'_>) -> rusqlite::Result<Document> {
    let byline: String = r.get(5)?;
    Ok(Document {
        id: r.get(1)?,
        source: r.get(2)?,
        url: r.get(3)?,
        title: r.get(4)?,
        byline: serde_json::from_str(&byline).map_err(|e| bad(5, e.to_string()))?,
        published: r.get(6)?,
        outlet: r.get(7)?,
        language: r.get(8)?,
        text: r.get(9)?,
        ..Default::default()
    })
}

/// A stored value that does not fit the data model.
fn bad(column: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, Type::Text, message.into())
}

/// A core enum from the string it serialises to (`"person"`, `"at_least"`).
fn enum_from_str<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, String> {
    use serde::de::{value::StrDeserializer, IntoDeserializer};
    let de: StrDeserializer<'_, serde::de::value::Error> = s.into_deserializer();
    T::deserialize(de).map_err(|e| format!("{s:?}: {e}"))
}

fn parse_enum<T: serde::de::DeserializeOwned>(r: &Row<'_>, column: usize) -> rusqlite::Result<T> {
    let s: String = r.get(column)?;
    enum_from_str(&s).map_err(|e| bad(column, e))
}
