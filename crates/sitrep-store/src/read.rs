//! Reading documents back, in chunks: one query per table per chunk, merged
//! by document key, so loading a corpus costs a few table scans rather than
//! a query per document.

use crate::{spans, Store, StoreError};
use rusqlite::types::Type;
use rusqlite::{OptionalExtension, Row};
use sitrep_core::{Claim, ClaimSource, Document, Entity, Mention, Quantity, Quote, TimeExpr};

/// Documents read per chunk: one read transaction and seven queries each.
const CHUNK: i64 = 1024;

/// Documents of a store, read in chunks: every document in ingest order
/// ([`Store::documents`]) or the stale ones without their annotations
/// ([`Store::stale`]).
///
/// Yields an error (and then stops) when a chunk cannot be read.
pub struct Documents<'s> {
    store: &'s Store,
    /// Where the next chunk starts: `(annotator, key)` for the stale
    /// documents (in that order), `(0, key)` for all.
    next: (i64, i64),
    /// `Some(version)` to read the documents annotated before `version`.
    stale: Option<u32>,
    buf: std::vec::IntoIter<Document>,
    done: bool,
    /// The keys still to read, when reading chosen documents
    /// ([`Store::documents_by_key`]).
    keys: Option<std::vec::IntoIter<i64>>,
    /// For a reader of some claims only ([`Store::documents_for`]): the
    /// claims kept, and of the quantities only those they cite.
    keep_claim: Option<fn(&Document, &Claim) -> bool>,
}

impl<'s> Documents<'s> {
    pub(crate) fn new(store: &'s Store) -> Documents<'s> {
        Documents { store, next: (0, i64::MIN), stale: None, buf: Vec::new().into_iter(), done: false, keys: None, keep_claim: None }
    }

    pub(crate) fn by_key(store: &'s Store, mut keys: Vec<i64>) -> Documents<'s> {
        keys.sort_unstable();
        keys.dedup();
        Documents { keys: Some(keys.into_iter()), ..Documents::new(store) }
    }

    pub(crate) fn stale(store: &'s Store, annotator: u32) -> Documents<'s> {
        Documents { stale: Some(annotator), next: (i64::MIN, i64::MIN), ..Documents::new(store) }
    }

    /// Read the next chunk of stale documents (metadata and text only) into
    /// `buf`, walking the `documents_annotator` index: documents rewritten
    /// meanwhile by another connection are not met again.
    fn load_stale(&mut self, annotator: u32) -> rusqlite::Result<()> {
        let conn = &self.store.conn;
        let rows: Vec<(i64, i64, Document)> = conn
            .prepare_cached(
                "SELECT key, id, source, url, title, byline, published, outlet, language, text, sentences, annotator
                 FROM documents WHERE annotator < ?1 AND (annotator, key) > (?2, ?3)
                 ORDER BY annotator, key LIMIT ?4",
            )?
            .query_map(rusqlite::params![annotator, self.next.0, self.next.1, CHUNK], |r| {
                Ok((r.get(11)?, r.get(0)?, document(r)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        match rows.last() {
            Some(&(version, key, _)) => self.next = (version, key),
            None => self.done = true,
        }
        self.buf = rows.into_iter().map(|(_, _, d)| d).collect::<Vec<_>>().into_iter();
        Ok(())
    }

    /// Read the next chunk into `buf`; an empty chunk ends the iteration.
    fn load(&mut self) -> rusqlite::Result<()> {
        if let Some(annotator) = self.stale {
            return self.load_stale(annotator);
        }
        let conn = &self.store.conn;
        let tx = conn.unchecked_transaction()?;
        // The annotation rows of the chunk's documents: a key range when
        // reading all, the chosen keys (a JSON array) otherwise.
        let (mut docs, rows_of, range): (Vec<(i64, Document)>, &str, [String; 2]) = match &mut self.keys {
            Some(keys) => {
                let chunk: Vec<i64> = keys.by_ref().take(CHUNK as usize).collect();
                let list = format!("[{}]", chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
                let docs = conn
                    .prepare_cached(
                        "SELECT key, id, source, url, title, byline, published, outlet, language, text, sentences
                         FROM documents WHERE key IN (SELECT value FROM json_each(?1)) ORDER BY key",
                    )?
                    .query_map([&list], |r| Ok((r.get(0)?, document(r)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                if chunk.is_empty() {
                    self.done = true;
                    return Ok(());
                }
                (docs, "doc IN (SELECT value FROM json_each(?1)) AND ?2 IS NOT NULL", [list, String::new()])
            }
            None => {
                let docs: Vec<(i64, Document)> = conn
                    .prepare_cached(
                        "SELECT key, id, source, url, title, byline, published, outlet, language, text, sentences
                         FROM documents WHERE key >= ?1 ORDER BY key LIMIT ?2",
                    )?
                    .query_map([self.next.1, CHUNK], |r| Ok((r.get(0)?, document(r)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                let (Some(lo), Some(hi)) = (docs.first().map(|d| d.0), docs.last().map(|d| d.0)) else {
                    self.done = true;
                    return Ok(());
                };
                self.next.1 = hi.saturating_add(1);
                (docs, "doc BETWEEN CAST(?1 AS INTEGER) AND CAST(?2 AS INTEGER)", [lo.to_string(), hi.to_string()])
            }
        };
        let at = |docs: &[(i64, Document)], key: i64| -> rusqlite::Result<usize> {
            docs.binary_search_by_key(&key, |d| d.0).map_err(|_| bad(0, format!("no document with key {key}")))
        };

        let mut stmt = conn.prepare_cached(&format!("SELECT doc, id, name, kind, descriptors FROM entities WHERE {rows_of} ORDER BY doc, idx"))?;
        let mut rows = stmt.query([&range[0], &range[1]])?;
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
            &format!(r#"SELECT doc, entity, start, "end", text FROM mention_rows WHERE {rows_of} ORDER BY doc, entity, idx"#),
        )?;
        let mut rows = stmt.query([&range[0], &range[1]])?;
        while let Some(r) = rows.next()? {
            let i = at(&docs, r.get(0)?)?;
            let entity: usize = r.get(1)?;
            let (start, end) = (r.get(2)?, r.get(3)?);
            let text = span_text(&docs[i].1, r, 4, start, end)?;
            let e = docs[i].1.entities.get_mut(entity).ok_or_else(|| bad(1, format!("no entity {entity}")))?;
            e.mentions.push(Mention { start, end, text });
        }

        let mut stmt = conn.prepare_cached(
            &format!(r#"SELECT doc, start, "end", text, direct, speaker, speaker_name, cue
               FROM quote_rows WHERE {rows_of} ORDER BY doc, idx"#),
        )?;
        let mut rows = stmt.query([&range[0], &range[1]])?;
        while let Some(r) = rows.next()? {
            let i = at(&docs, r.get(0)?)?;
            let (start, end) = (r.get(1)?, r.get(2)?);
            let text = span_text(&docs[i].1, r, 3, start, end)?;
            docs[i].1.quotes.push(Quote {
                start,
                end,
                text,
                direct: r.get(4)?,
                speaker: r.get(5)?,
                speaker_name: r.get(6)?,
                cue: r.get(7)?,
            });
        }

        let mut stmt = conn.prepare_cached(
            &format!(r#"SELECT doc, start, "end", text, kind, value, low, high, bound, unit, per, per_each, counted
               FROM quantity_rows WHERE {rows_of} ORDER BY doc, idx"#),
        )?;
        let mut rows = stmt.query([&range[0], &range[1]])?;
        while let Some(r) = rows.next()? {
            let i = at(&docs, r.get(0)?)?;
            let (start, end) = (r.get(1)?, r.get(2)?);
            let text = span_text(&docs[i].1, r, 3, start, end)?;
            let (value, low, high): (Option<f64>, Option<f64>, Option<f64>) = (r.get(5)?, r.get(6)?, r.get(7)?);
            docs[i].1.quantities.push(Quantity {
                start,
                end,
                text,
                kind: r.get(4)?,
                value,
                low,
                high,
                bound: parse_enum(r, 8)?,
                unit: r.get(9)?,
                per: r.get(10)?,
                per_each: r.get(11)?,
                counted: r.get(12)?,
                // Only a vague amount has no figure at all (docs/schema.md).
                vague: value.is_none() && low.is_none() && high.is_none(),
            });
        }

        let mut stmt = conn.prepare_cached(
            &format!(r#"SELECT doc, start, "end", text, value, kind, expected FROM time_rows WHERE {rows_of} ORDER BY doc, idx"#),
        )?;
        let mut rows = stmt.query([&range[0], &range[1]])?;
        while let Some(r) = rows.next()? {
            let i = at(&docs, r.get(0)?)?;
            let (start, end) = (r.get(1)?, r.get(2)?);
            let text = span_text(&docs[i].1, r, 3, start, end)?;
            docs[i].1.times.push(TimeExpr {
                start,
                end,
                text,
                value: r.get(4)?,
                kind: parse_enum(r, 5)?,
                expected: r.get(6)?,
            });
        }

        let mut stmt = conn.prepare_cached(
            &format!(r#"SELECT doc, id, start, "end", text, quantity, value, low, high, bound, unit, per, per_each,
                      subject, source_name, source_entity, source_kind, modality, time, time_kind, frame
               FROM claim_rows WHERE {rows_of} ORDER BY doc, idx"#),
        )?;
        let mut rows = stmt.query([&range[0], &range[1]])?;
        while let Some(r) = rows.next()? {
            let i = at(&docs, r.get(0)?)?;
            let text = span_text(&docs[i].1, r, 4, r.get(2)?, r.get(3)?)?;
            let claim = claim(r, text)?;
            if self.keep_claim.is_none_or(|keep| keep(&docs[i].1, &claim)) {
                docs[i].1.claims.push(claim);
            }
        }
        tx.commit()?;
        for (_, d) in &mut docs {
            if self.keep_claim.is_some() {
                cited_quantities_only(d);
            }
            shrink(d);
        }
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

/// Give back the room the lists of `doc` grew into beyond their length
/// (each was filled one row at a time, so up to half of one is spare):
/// a reader of a large story holds every document's lists at once.
fn shrink(doc: &mut Document) {
    for e in &mut doc.entities {
        e.mentions.shrink_to_fit();
    }
    doc.entities.shrink_to_fit();
    doc.quotes.shrink_to_fit();
    doc.quantities.shrink_to_fit();
    doc.times.shrink_to_fit();
    doc.claims.shrink_to_fit();
}

/// `doc` as [`Store::documents_for`] reads it back once stored: only the
/// claims `keep_claim` keeps (asked in their order, of the document holding
/// those kept before) and the quantities they cite.
pub(crate) fn as_read_for(doc: &Document, keep_claim: fn(&Document, &Claim) -> bool) -> Document {
    let mut read = doc.clone();
    for claim in std::mem::take(&mut read.claims) {
        if keep_claim(&read, &claim) {
            read.claims.push(claim);
        }
    }
    cited_quantities_only(&mut read);
    read
}

/// Leave out the quantities no claim of `doc` cites: those after the last
/// one cited are dropped, those before it emptied (a default quantity,
/// which holds nothing on the heap), so each claim's `quantity` is the
/// stored one and still points at its quantity (a store keeps it with the
/// topics that cite the claim).
fn cited_quantities_only(doc: &mut Document) {
    let cited: Vec<usize> = doc.claims.iter().filter_map(|c| c.quantity).filter(|&q| q < doc.quantities.len()).collect();
    doc.quantities.truncate(cited.iter().max().map_or(0, |&q| q + 1));
    let mut keep = vec![false; doc.quantities.len()];
    for q in cited {
        keep[q] = true;
    }
    for (q, kept) in doc.quantities.iter_mut().zip(keep) {
        if !kept {
            *q = Quantity::default();
        }
    }
}

/// A claim from a row whose columns 1..=20 are those of `claim_rows`
/// (`id` to `frame`, as [`Documents`] reads them), with its sentence.
fn claim(r: &Row<'_>, text: String) -> rusqlite::Result<Claim> {
    let bound: Option<String> = r.get(9)?;
    Ok(Claim {
        id: r.get(1)?,
        start: r.get(2)?,
        end: r.get(3)?,
        text,
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
        time_kind: parse_enum(r, 19)?,
        frame: match r.get::<_, Option<String>>(20)? {
            Some(f) => serde_json::from_str(&f).map_err(|e| bad(20, e.to_string()))?,
            None => Default::default(),
        },
    })
}

/// A stored claim with what names it: the id of its document and the text
/// of its figure (the quantity it states), from which its key is made
/// (`sitrep_core::overrides::claim_key`).
#[derive(Debug, Clone, PartialEq)]
pub struct CitedClaim {
    /// The id of the claim's document.
    pub doc: String,
    /// The claim as [`Store::documents`] reads it.
    pub claim: Claim,
    /// The text of the claim's quantity, when it states one.
    pub figure: Option<String>,
}

impl Store {
    /// The documents with these keys, in key order, as
    /// [`Store::documents_by_key`] reads them, but with only the claims
    /// `keep_claim` keeps (in their order) and the quantities those cite
    /// (the others emptied, or dropped after the last one cited, so each
    /// claim's `quantity` is the stored one): for a reader
    /// that reads no other claim and no quantity but through a claim, such
    /// as fusion, which holds far less (most claims are statements).
    pub fn documents_for(&self, keys: Vec<i64>, keep_claim: fn(&Document, &Claim) -> bool) -> Documents<'_> {
        Documents { keep_claim: Some(keep_claim), ..Documents::by_key(self, keys) }
    }

    /// The claims cited as (document id, claim id), in that order: `None`
    /// for one that is not stored. Each is one indexed look-up that reads
    /// the claim's row, its sentence and figure (slices of its document's
    /// text, cut in SQL as the `claims` and `quantities` views do), not the
    /// document's other annotations, so the cost follows the claims asked
    /// for, not the size of their story.
    pub fn cited_claims(&self, cited: &[(&str, &str)]) -> Result<Vec<Option<CitedClaim>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                r#"SELECT d.id, c.id, c.start, c."end",
                          coalesce(c.text, CAST(substr(CAST(d.text AS BLOB), c.start + 1, c."end" - c.start) AS TEXT)),
                          c.quantity, c.value, c.low, c.high, c.bound, c.unit, c.per,
                          c.per_each, c.subject, c.source_name, c.source_entity, c.source_kind, c.modality, c.time,
                          c.time_kind, c.frame,
                          coalesce(q.text, CAST(substr(CAST(d.text AS BLOB), q.start + 1, q."end" - q.start) AS TEXT))
                   FROM documents d JOIN claim_rows c ON c.doc = d.key
                   LEFT JOIN quantity_rows q ON q.doc = c.doc AND q.idx = c.quantity
                   WHERE d.id = ?1 AND c.id = ?2"#,
            )
            .map_err(|e| self.err(e))?;
        let read = |r: &Row<'_>| -> rusqlite::Result<CitedClaim> { Ok(CitedClaim { doc: r.get(0)?, claim: claim(r, r.get(4)?)?, figure: r.get(21)? }) };
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let found = cited
            .iter()
            .map(|(doc, id)| stmt.query_row([doc, id], read).optional().map_err(|e| self.err(e)))
            .collect::<Result<Vec<_>, _>>()?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(found)
    }

    /// The keys of the documents with these ids, in their order (`None`
    /// for one not stored), looked up in the order of the ids, so that
    /// neighbouring look-ups share the pages they read.
    pub fn document_keys(&self, ids: &[&str]) -> Result<Vec<Option<i64>>, StoreError> {
        // One read transaction: not a lock taken and the file checked per look-up.
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let mut stmt = self.conn.prepare_cached("SELECT key FROM documents WHERE id = ?1").map_err(|e| self.err(e))?;
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| ids[i]);
        let mut keys: Vec<Option<i64>> = vec![None; ids.len()];
        let mut last: Option<(&str, Option<i64>)> = None;
        for i in order {
            keys[i] = match last {
                Some((id, key)) if id == ids[i] => key,
                _ => stmt.query_row([ids[i]], |r| r.get(0)).optional().map_err(|e| self.err(e))?,
            };
            last = Some((ids[i], keys[i]));
        }
        drop(stmt);
        tx.commit().map_err(|e| self.err(e))?;
        Ok(keys)
    }

    /// The id and label of every topic of the story `story` (its id), in
    /// the story's order; the topics' JSON (their claims) is not read.
    pub fn topic_heads(&self, story: &str) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT t.id, t.label FROM stories s JOIN story_topics t ON t.story = s.key WHERE s.id = ?1 ORDER BY t.idx")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([story], |r| Ok((r.get(0)?, r.get(1)?))).map_err(|e| self.err(e))?.collect::<Result<Vec<_>, _>>();
        rows.map_err(|e| self.err(e))
    }
}

/// The metadata, text and sentence spans of a `documents` row (columns 1..=10).
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
        sentences: match r.get::<_, Option<Vec<u8>>>(10)? {
            Some(blob) => spans::decode(&blob).ok_or_else(|| bad(10, "the sentence spans are damaged".into()))?,
            None => Vec::new(),
        },
        ..Default::default()
    })
}

/// A span's text: the one stored in `column`, else (NULL) the span's slice
/// of the document text.
fn span_text(doc: &Document, r: &Row<'_>, column: usize, start: usize, end: usize) -> rusqlite::Result<String> {
    match r.get::<_, Option<String>>(column)? {
        Some(text) => Ok(text),
        None => doc
            .text
            .get(start..end)
            .map(str::to_string)
            .ok_or_else(|| bad(column, format!("the span {start}..{end} is not a slice of the document text"))),
    }
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
