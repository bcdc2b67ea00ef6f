//! A story's documents as fusion reads them, kept in segments (schema step
//! 17, table `story_docs`): fusing a story again reads its segments
//! instead of looking each document up in the annotation tables.
//!
//! A segment's documents are bytes of sitrep's own (`crate::wire`: JSON
//! took as long to read back as the annotation tables), each after its
//! length, packed (an LZ4 block: [`unpack`]). The store only keeps the
//! segments: which documents a segment holds is its `members` (each
//! document's key, annotator version and content hash, 48 bytes:
//! [`member_id`]), so a reader takes from it only the documents
//! whose stored version it still fuses, and the CLI's `fusion` module
//! decides how a story is cut and what is written again. A segment is
//! written and deleted with its story's row, in the same transaction
//! ([`Store::write_stories`]).

use rusqlite::{params, OptionalExtension};
use sitrep_core::{Document, Layers};

use crate::{Store, StoreError};

/// Bytes of a member's identity ([`member_id`]).
pub const MEMBER_BYTES: usize = 48;

/// A document's identity in a segment: its key and annotator version
/// (little-endian) and its content hash (the first 32 bytes; a shorter
/// hash padded with zeros). A stored document with the same identity has
/// the same annotations, so the same document as fusion reads it.
pub fn member_id(key: i64, annotator: i64, hash: &[u8]) -> [u8; MEMBER_BYTES] {
    let mut id = [0; MEMBER_BYTES];
    id[..8].copy_from_slice(&key.to_le_bytes());
    id[8..16].copy_from_slice(&annotator.to_le_bytes());
    let n = hash.len().min(32);
    id[16..16 + n].copy_from_slice(&hash[..n]);
    id
}

/// A segment of a story's documents as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSegment {
    /// Its row's key (what a story's re-fusion keeps: [`Segments::kept`]).
    pub key: i64,
    /// Its members' identities, [`MEMBER_BYTES`] each, in key order.
    pub members: Vec<u8>,
    /// The documents, packed, in the order of `members` (`crate::wire`,
    /// each after its length).
    docs: Vec<u8>,
}

impl StoredSegment {
    /// Its members' identities ([`member_id`]), in order.
    pub fn member_ids(&self) -> impl Iterator<Item = &[u8]> {
        self.members.chunks_exact(MEMBER_BYTES)
    }

    /// The documents unpacked (one a member, each decoded on demand), or
    /// why they cannot be: not packed, or not one document a member.
    pub fn unpack(&self) -> std::io::Result<SegmentDocs> {
        unpack_documents(&self.members, &self.docs)
    }
}

/// The documents of a segment with these members (identities) and packed
/// documents, unpacked.
fn unpack_documents(members: &[u8], docs: &[u8]) -> std::io::Result<SegmentDocs> {
    if !members.len().is_multiple_of(MEMBER_BYTES) {
        return Err(damaged("the segment's members are not whole"));
    }
    let bytes = unpack(docs)?;
    // Each document: its length (u32, little-endian), then its bytes.
    let mut ranges = Vec::with_capacity(members.len() / MEMBER_BYTES);
    let mut at = 0;
    while at < bytes.len() {
        let len = bytes.get(at..at + 4).map(|b| u32::from_le_bytes(b.try_into().expect("four bytes")) as usize);
        let end = len.and_then(|l| (at + 4).checked_add(l)).filter(|&e| e <= bytes.len()).ok_or_else(|| damaged("a document runs past the segment"))?;
        ranges.push(at + 4..end);
        at = end;
    }
    if ranges.len() != members.len() / MEMBER_BYTES {
        return Err(damaged("the segment does not hold one document a member"));
    }
    Ok(SegmentDocs { bytes, ranges })
}

/// A segment's documents unpacked: they are an LZ4 block after its
/// length (u32, little-endian; `lz4_flex::block::compress_prepend_size`),
/// which unpacks four times faster than the frames the reports are
/// packed in (their readers stream them). A length beyond what the block
/// can hold (LZ4 packs at most 255 bytes in one) is damage, not a reason
/// to allocate it.
fn unpack(packed: &[u8]) -> std::io::Result<Vec<u8>> {
    let len = packed.get(..4).map_or(0, |b| u32::from_le_bytes(b.try_into().expect("four bytes")) as usize);
    if packed.len() < 4 || len > packed.len().saturating_mul(255) {
        return Err(damaged("the segment is not packed"));
    }
    lz4_flex::block::decompress_size_prepended(packed).map_err(|e| damaged(&e.to_string()))
}

fn damaged(message: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message.to_string())
}

/// A stored segment's documents unpacked, each decoded on demand (on any
/// thread: decoding is most of the cost of reading a segment).
#[derive(Debug)]
pub struct SegmentDocs {
    bytes: Vec<u8>,
    /// Each document's bytes.
    ranges: Vec<std::ops::Range<usize>>,
}

impl SegmentDocs {
    /// Documents in the segment.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// The `i`th document, or why it cannot be read.
    pub fn document(&self, i: usize) -> std::io::Result<Document> {
        self.document_layers(i, Layers::ALL)
    }

    /// The `i`th document with only these `layers`, or why it cannot be
    /// read. A document that reads with some layers reads with any
    /// (`Layers::NONE` is the cheapest check).
    pub fn document_layers(&self, i: usize, layers: Layers) -> std::io::Result<Document> {
        crate::wire::read_layers(self.bytes(i)?, layers).map_err(|crate::wire::Bad(why)| damaged(why))
    }

    /// The `i`th document's bytes as the segment holds them (what
    /// [`SegmentDoc::Bytes`] packs into another segment as they are), or
    /// why there are none.
    pub fn bytes(&self, i: usize) -> std::io::Result<&[u8]> {
        let range = self.ranges.get(i).ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no such document in the segment"))?;
        Ok(&self.bytes[range.clone()])
    }
}

/// A document of a segment to pack ([`NewSegment::of_docs`]).
#[derive(Debug, Clone, Copy)]
pub enum SegmentDoc<'a> {
    /// The document, written as segments hold documents.
    Decoded(&'a Document),
    /// The bytes a segment holds of it ([`SegmentDocs::bytes`]), read
    /// from it once (so known to be a document): taken as they are, not
    /// decoded and written again. The same document's bytes are the same
    /// in every segment: a document reads and writes to the same bytes.
    Bytes(&'a [u8]),
}

/// A segment to store: its members' identities and documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSegment {
    members: Vec<u8>,
    /// Packed ([`unpack`]).
    docs: Vec<u8>,
}

impl NewSegment {
    /// The segment of these documents (each with its identity,
    /// [`member_id`]), packed.
    pub fn of<'a>(docs: impl IntoIterator<Item = (&'a [u8; MEMBER_BYTES], &'a Document)>) -> NewSegment {
        NewSegment::of_docs(docs.into_iter().map(|(id, doc)| (id, SegmentDoc::Decoded(doc))))
    }

    /// The segment of these documents (each with its identity), each
    /// written or taken as the bytes of another segment, packed.
    pub fn of_docs<'a>(docs: impl IntoIterator<Item = (&'a [u8; MEMBER_BYTES], SegmentDoc<'a>)>) -> NewSegment {
        let mut members = Vec::new();
        let mut bytes = Vec::new();
        for (id, doc) in docs {
            members.extend_from_slice(id);
            let at = bytes.len();
            bytes.extend_from_slice(&[0; 4]);
            match doc {
                SegmentDoc::Decoded(doc) => crate::wire::write(&mut bytes, doc),
                SegmentDoc::Bytes(doc) => bytes.extend_from_slice(doc),
            }
            // A document is far below 4 GB (ingest caps it).
            let len = u32::try_from(bytes.len() - at - 4).expect("a document under 4 GB");
            bytes[at..at + 4].copy_from_slice(&len.to_le_bytes());
        }
        NewSegment { members, docs: lz4_flex::block::compress_prepend_size(&bytes) }
    }

    /// Its members' identities, [`MEMBER_BYTES`] each.
    pub fn members(&self) -> &[u8] {
        &self.members
    }

    /// Its documents as stored (packed).
    pub fn docs(&self) -> &[u8] {
        &self.docs
    }

    /// Its documents unpacked, as [`StoredSegment::unpack`] gives a
    /// stored one's.
    pub fn unpack(&self) -> std::io::Result<SegmentDocs> {
        unpack_documents(&self.members, &self.docs)
    }
}

/// A document as fusion reads it, with only the claims `keep_claim` keeps
/// and the quantities those cite (as [`Store::documents_for`] reads it
/// back once stored), packed as the documents of a segment of one: what
/// ingest keeps beside its fusion input for its first fusion
/// ([`InputBytes::document`](crate::InputBytes::document), read by
/// [`Store::fusion_documents`]).
pub fn pack_for_fusion(doc: &Document, keep_claim: fn(&Document, &sitrep_core::Claim) -> bool) -> Vec<u8> {
    NewSegment::of(std::iter::once((&[0; MEMBER_BYTES], &crate::read::as_read_for(doc, keep_claim)))).docs
}

/// What a story's fusion writes of its segments: the stored ones it keeps
/// (by row key; the story's others are deleted), the new ones, and the
/// readings it made of stored ones, to keep beside them (their bytes one
/// after the other in `reading_bytes`: one allocation, not one a
/// segment, held until the story is written).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segments {
    pub kept: Vec<i64>,
    pub new: Vec<NewSegment>,
    pub readings: Vec<SegmentReadings>,
    pub reading_bytes: Vec<u8>,
}

/// What fusion read of a stored segment's documents for a story's
/// timeline (schema step 21, table `segment_readings`), kept so that the
/// next fusion of a story holding the segment reads it instead of the
/// documents' texts, sentences and times: made by fuse version `version`,
/// with `anchor` the publication date that dated the segment's undated
/// documents (empty when it has none), its bytes `bytes` of
/// [`Segments::reading_bytes`]. The bytes are the CLI's (each
/// document's `sitrep_fuse::timeline::Read::to_bytes`, in the segment's
/// order). A reading goes with its segment (`ON DELETE CASCADE`), whose
/// documents never change: it is never stale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegmentReadings {
    pub segment: i64,
    pub version: u32,
    pub anchor: String,
    pub bytes: std::ops::Range<usize>,
}

impl Store {
    /// The stored segments of the story with this id (none for a story
    /// not fused since schema step 17), in the order they were written.
    pub fn story_segments(&self, story: &str) -> Result<Vec<StoredSegment>, StoreError> {
        let mut segments = Vec::new();
        self.each_story_segment(story, |s| segments.push(s))?;
        Ok(segments)
    }

    /// The stored segments with these keys (as [`StoredSegment::key`]
    /// gives them), in their order: an error when one is gone.
    pub fn segments(&self, keys: &[i64]) -> Result<Vec<StoredSegment>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT key, members, docs FROM story_docs WHERE key = ?1").map_err(|e| self.err(e))?;
        keys.iter()
            .map(|k| stmt.query_row([k], |r| Ok(StoredSegment { key: r.get(0)?, members: r.get(1)?, docs: r.get(2)? })).map_err(|e| self.err(e)))
            .collect()
    }

    /// [`Store::story_segments`], each given to `f` as soon as it is read
    /// (so it can be decoded while the next is read, and none waits for
    /// the others in memory).
    pub fn each_story_segment(&self, story: &str, mut f: impl FnMut(StoredSegment)) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT key, members, docs FROM story_docs WHERE story = ?1 ORDER BY key").map_err(|e| self.err(e))?;
        let mut rows = stmt.query([story]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let segment = (|| Ok::<_, rusqlite::Error>(StoredSegment { key: r.get(0)?, members: r.get(1)?, docs: r.get(2)? }))();
            f(segment.map_err(|e| self.err(e))?);
        }
        Ok(())
    }

    /// The documents with these keys kept as their first fusion reads them
    /// (`fusion_docs`, [`pack_for_fusion`]), each as a segment of one
    /// (whose identity tells which version of the document it holds), in
    /// the order of the keys; a document without one is left out.
    pub fn fusion_documents(&self, keys: &[i64]) -> Result<Vec<StoredSegment>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT doc, member, docs FROM fusion_docs WHERE doc = ?1").map_err(|e| self.err(e))?;
        // One read transaction: not a lock taken and the file checked per look-up.
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let mut found = Vec::new();
        for &key in keys {
            let row = stmt
                .query_row([key], |r| Ok(StoredSegment { key: r.get(0)?, members: r.get(1)?, docs: r.get(2)? }))
                .optional()
                .map_err(|e| self.err(e))?;
            found.extend(row);
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(found)
    }

    /// Store these new segments of the story `story` at once, in a
    /// transaction of their own, before the story is fused (a large story's
    /// new segments are then read from the store, as its kept ones are,
    /// instead of held through its fusion): their keys, in order, for the
    /// story's [`Segments::kept`]. A segment is a cache, so one stored for
    /// a story that is then not written (an error, a kill) does no harm:
    /// the next fusion of the story keeps it if its members are a cut's,
    /// and deletes it if not.
    pub fn put_segments(&self, story: &str, segments: &[NewSegment]) -> Result<Vec<i64>, StoreError> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let keys = insert(&tx, story, segments).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(keys)
    }

    /// The readings kept of the segments with these keys by fuse version
    /// `version` ([`SegmentReadings`]): by segment, its anchor and bytes
    /// unpacked. A segment with none, or with damaged ones, is left out
    /// (its documents are read again).
    pub fn segment_readings(&self, keys: &[i64], version: u32) -> Result<std::collections::HashMap<i64, (String, Vec<u8>)>, StoreError> {
        let mut stmt =
            self.conn.prepare_cached("SELECT anchor, readings FROM segment_readings WHERE segment = ?1 AND version = ?2").map_err(|e| self.err(e))?;
        let mut found = std::collections::HashMap::new();
        for &key in keys {
            let row: Option<(String, Vec<u8>)> = stmt.query_row(params![key, version], |r| Ok((r.get(0)?, r.get(1)?))).optional().map_err(|e| self.err(e))?;
            if let Some((anchor, Ok(bytes))) = row.map(|(a, packed)| (a, unpack(&packed))) {
                found.insert(key, (anchor, bytes));
            }
        }
        Ok(found)
    }

    /// Read the documents kept for their first fusion ahead, as the
    /// fusion inputs are: a refresh of many new documents reads them story
    /// by story, in no order of the file, where the read-ahead reads them
    /// in the order they were written.
    pub fn warm_fusion_documents(&self) {
        self.warm("fusion_docs", "docs");
    }

    /// Delete the segments of stories the store does not hold: those
    /// [`Store::put_segments`] stored for a story that was then not
    /// written (an error, a kill) and that a later clustering no longer
    /// makes. A refresh that wrote every story calls it.
    pub fn forget_orphan_segments(&self) -> Result<usize, StoreError> {
        self.conn.execute("DELETE FROM story_docs WHERE story NOT IN (SELECT id FROM stories)", []).map_err(|e| self.err(e))
    }

    /// Forget the documents kept for their first fusion: a refresh that
    /// fused every story has them in its stories' segments.
    pub fn forget_fusion_documents(&self) -> Result<(), StoreError> {
        self.conn.execute("DELETE FROM fusion_docs", []).map_err(|e| self.err(e))?;
        Ok(())
    }
}

/// Replace the segments of story `story` with `segments` in the open
/// transaction: the stored ones not kept are deleted, the new ones added.
pub(crate) fn write(tx: &rusqlite::Transaction<'_>, story: &str, segments: &Segments) -> rusqlite::Result<()> {
    let kept = format!("[{}]", segments.kept.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
    tx.prepare_cached("DELETE FROM story_docs WHERE story = ?1 AND key NOT IN (SELECT value FROM json_each(?2))")?.execute(params![story, kept])?;
    insert(tx, story, &segments.new)?;
    // A reading of a segment deleted meanwhile (by a story written before
    // it in this transaction) is not kept.
    let mut keep = tx.prepare_cached(
        "INSERT OR REPLACE INTO segment_readings (segment, version, anchor, readings)
         SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM story_docs WHERE key = ?1)",
    )?;
    for r in &segments.readings {
        if let Some(bytes) = segments.reading_bytes.get(r.bytes.clone()) {
            keep.execute(params![r.segment, r.version, r.anchor, lz4_flex::block::compress_prepend_size(bytes)])?;
        }
    }
    Ok(())
}

/// Add these new segments of story `story` in the open transaction: their
/// keys, in order.
fn insert(tx: &rusqlite::Transaction<'_>, story: &str, segments: &[NewSegment]) -> rusqlite::Result<Vec<i64>> {
    let mut insert = tx.prepare_cached("INSERT INTO story_docs (story, members, docs) VALUES (?1, ?2, ?3)")?;
    segments
        .iter()
        .map(|s| {
            insert.execute(params![story, s.members, s.docs])?;
            Ok(tx.last_insert_rowid())
        })
        .collect()
}

/// Delete the segments of story `story` (gone) in the open transaction.
pub(crate) fn delete(tx: &rusqlite::Transaction<'_>, story: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM story_docs WHERE story = ?1")?.execute([story])?;
    Ok(())
}
