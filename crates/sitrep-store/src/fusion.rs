//! Stored fusion (schema step 4): per document the input clustering reads,
//! per story its fused result and its topics, and whether they are up to
//! date. The store only keeps them: `sitrep-fuse` computes them and the
//! CLI's `fusion` module decides what to fuse again.

use rusqlite::{params, OptionalExtension};

use crate::{Documents, Store, StoreError};

/// What clustering reads of one stored document.
#[derive(Debug, Clone, PartialEq)]
pub struct FusionInput {
    /// The document's key (its place in ingest order).
    pub key: i64,
    pub id: String,
    pub published: Option<String>,
    /// The length of its text in bytes (its precedence among copies).
    pub length: i64,
    /// The stored profile bytes.
    pub profile: Vec<u8>,
    /// The stored fingerprint bytes (copy detection).
    pub fingerprint: Vec<u8>,
    /// The document's content hash and the annotator version of its
    /// annotations: what its story's fused result depends on.
    pub hash: Vec<u8>,
    pub annotator: i64,
}

/// A document's fusion input as read, borrowed from the row
/// ([`Store::each_fusion_input`]); the fields of [`FusionInput`] but the
/// fingerprint (a table of its own: [`Store::each_fingerprint`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FusionInputRef<'a> {
    pub key: i64,
    pub id: &'a str,
    pub published: Option<&'a str>,
    pub length: i64,
    pub profile: &'a [u8],
    pub hash: &'a [u8],
    pub annotator: i64,
}

/// A document's fusion input to store, by the document's id.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInput {
    pub id: String,
    pub input: InputBytes,
}

/// A document's fusion input made beside it, to store with it
/// ([`Writer::put_with_input`](crate::Writer::put_with_input)): the length
/// of its text, its story profile, the profile's names and its copy
/// fingerprint (as bytes), and the document as fusion reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputBytes {
    pub length: usize,
    pub profile: Vec<u8>,
    pub fingerprint: Vec<u8>,
    /// The profile's names alone (what fusing a story reads of it).
    pub names: Vec<u8>,
    /// The document as fusion reads it, packed
    /// ([`pack_for_fusion`](crate::pack_for_fusion)), read by its first
    /// fusion (`fusion_docs`, schema step 18); empty: none kept, fusion
    /// reads the document from the annotation tables.
    pub document: Vec<u8>,
}

/// Store the fusion inputs of the documents with these keys (each made by
/// fuse version `version`) in the transaction open on `conn`, with each
/// document's id, date, hash and annotator version as stored; a key
/// without a document is skipped. The documents have no input (deleted
/// with their old rows, or before). The rows are written a table at a
/// time, so the rows of a chunk of documents lie together in each table's
/// pages, which a refresh reads in key order.
pub(crate) fn insert_inputs(conn: &rusqlite::Connection, inputs: &[(i64, u32, InputBytes)]) -> rusqlite::Result<()> {
    let mut made = Vec::with_capacity(inputs.len());
    let mut insert = conn.prepare_cached(
        "INSERT INTO fusion_inputs (doc, version, length, profile, id, published, hash, annotator)
         SELECT key, ?2, ?3, ?4, id, published, hash, annotator FROM documents WHERE key = ?1
         RETURNING annotator, hash",
    )?;
    for (key, version, input) in inputs {
        let length = i64::try_from(input.length).unwrap_or(i64::MAX);
        let stored: Option<(i64, Vec<u8>)> = insert.query_row(params![key, version, length, input.profile], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
        if let Some((annotator, hash)) = stored {
            made.push((*key, input, crate::member_id(*key, annotator, &hash)));
        }
    }
    let mut prints = conn.prepare_cached("INSERT INTO fusion_prints (doc, fingerprint) VALUES (?1, ?2)")?;
    for (key, input, _) in &made {
        prints.execute(params![key, input.fingerprint])?;
    }
    let mut names = conn.prepare_cached("INSERT INTO fusion_names (doc, names) VALUES (?1, ?2)")?;
    for (key, input, _) in &made {
        names.execute(params![key, input.names])?;
    }
    for (key, input, member) in made.iter().filter(|(_, input, _)| !input.document.is_empty()) {
        conn.prepare_cached("INSERT INTO fusion_docs (doc, member, docs) VALUES (?1, ?2, ?3)")?.execute(params![key, &member[..], input.document])?;
    }
    Ok(())
}

/// A comparison of two documents' copy fingerprints, as stored (by
/// document key): the verdict of a candidate pair, or the evidence of a
/// copy against its original.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyPair {
    /// The first document of a candidate pair (`a < b`), or the copy.
    pub a: i64,
    /// The second document of a candidate pair, or the original.
    pub b: i64,
    /// What was found.
    pub found: PairFound,
}

/// What a [`CopyPair`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum PairFound {
    /// Whether the candidate pair makes a copy.
    Verdict(bool),
    /// The evidence of a copy: its kind (as its JSON name), the share of
    /// words in order, and the sentences and quotes shared.
    Evidence { kind: String, in_order: f64, sentences: i64, quotes: i64 },
}

/// A document whose copies are to be matched again.
#[derive(Debug, Clone, PartialEq)]
pub struct Dirty {
    /// Its key.
    pub doc: i64,
    /// The fingerprint bytes its copy keys are posted from (`None` when
    /// none are).
    pub posted: Option<Vec<u8>>,
    /// Its precedence when those keys were posted (`None` when not known:
    /// nothing is posted, or it was marked before schema step 14).
    pub was: Option<WasPosted>,
}

/// The precedence among copies of a document whose posted keys are to be
/// taken out, as its fusion input had it: id, date and text length.
#[derive(Debug, Clone, PartialEq)]
pub struct WasPosted {
    pub id: String,
    pub published: Option<String>,
    pub length: i64,
}

/// A copy found, as stored: the copy, its original (document keys) and
/// the evidence (as in [`PairFound::Evidence`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CopyOf {
    pub doc: i64,
    pub original: i64,
    pub kind: String,
    pub in_order: f64,
    pub sentences: i64,
    pub quotes: i64,
}

/// What a match of copies changes besides the comparisons and the
/// postings added ([`Store::put_copy_pairs`]): the postings of the copy
/// keys taken out (keys as the fingerprint's `u64`), the copies found, and
/// the documents matched.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CopyUpdate {
    /// The whole corpus was matched: every posting, copy and dirty mark is
    /// replaced (`unposted`, `uncopied` and `matched` are not read).
    pub whole: bool,
    /// Postings `(key, document)` to take out.
    pub unposted: Vec<(u64, i64)>,
    /// Documents that are no longer the copies stored.
    pub uncopied: Vec<i64>,
    /// Copies to store (replacing those of the same documents).
    pub copies: Vec<CopyOf>,
    /// The dirty documents matched: their marks are taken out.
    pub matched: Vec<i64>,
    /// The first members of keys (document keys; none: the key's row goes),
    /// replacing those kept (all of them when `whole`).
    pub heads: Vec<(u64, Vec<i64>)>,
}

/// Keys whose profile names [`Store::profile_names`] reads in one query.
const PROFILE_CHUNK: usize = 1024;

/// Copy keys whose postings [`Store::put_copy_pairs`] writes in one
/// statement (two parameters each: SQLite allows 32,766).
const POSTINGS_PER_STATEMENT: usize = 128;

/// Document keys packed as a row holds them (`copy_keys.docs`,
/// `copy_heads.docs`): `i64` little-endian, one after another.
fn packed_keys(docs: &[i64]) -> Vec<u8> {
    docs.iter().flat_map(|d| d.to_le_bytes()).collect()
}

/// The document keys of [`packed_keys`]' bytes (a partial last one is
/// not one).
fn unpacked_keys(bytes: &[u8]) -> Vec<i64> {
    bytes.chunks_exact(8).map(|c| i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])).collect()
}

/// The documents posted under copy key `key`, ascending (none when no row).
fn read_postings(conn: &rusqlite::Connection, key: u64) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT docs FROM copy_keys WHERE key = ?1")?;
    let docs: Option<Vec<u8>> = stmt.query_row([key as i64], |r| r.get(0)).optional()?;
    Ok(docs.map(|b| unpacked_keys(&b)).unwrap_or_default())
}

/// Rewrite copy key `key`'s row: its documents as `change` leaves them,
/// ascending and each once (no row when none is left).
fn amend_postings(conn: &rusqlite::Connection, key: u64, change: impl FnOnce(&mut Vec<i64>)) -> rusqlite::Result<()> {
    let mut docs = read_postings(conn, key)?;
    change(&mut docs);
    docs.sort_unstable();
    docs.dedup();
    if docs.is_empty() {
        conn.prepare_cached("DELETE FROM copy_keys WHERE key = ?1")?.execute([key as i64])?;
    } else {
        conn.prepare_cached("INSERT OR REPLACE INTO copy_keys (key, docs) VALUES (?1, ?2)")?.execute(params![key as i64, packed_keys(&docs)])?;
    }
    Ok(())
}

/// Insert the rows of keys not posted yet (key, packed documents), many to
/// a statement, and empty `rows`.
fn insert_postings(conn: &rusqlite::Connection, rows: &mut Vec<(i64, Vec<u8>)>) -> rusqlite::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = |n: usize| format!("INSERT INTO copy_keys (key, docs) VALUES {}", vec!["(?, ?)"; n].join(", "));
    let params = rows.iter().flat_map(|(k, d)| [k as &dyn rusqlite::ToSql, d as &dyn rusqlite::ToSql]);
    if rows.len() == POSTINGS_PER_STATEMENT {
        conn.prepare_cached(&sql(rows.len()))?.execute(rusqlite::params_from_iter(params))?;
    } else {
        conn.prepare(&sql(rows.len()))?.execute(rusqlite::params_from_iter(params))?;
    }
    rows.clear();
    Ok(())
}

/// Connections that read a table ahead at once ([`Store::warm`]): the
/// fusion inputs of a million documents, read with the page cache
/// dropped, took 14.1 to 14.3 s with four and 10.2 to 11.1 s with eight.
const WARMERS: i64 = 8;

/// A story's fused result to store.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredStory {
    pub id: String,
    /// Documents.
    pub size: usize,
    /// The founding document's date (`~` when undated) and id: with `size`,
    /// the order of stories (largest first, then by founder).
    pub founder: (String, String),
    /// Its label (what `--story` matches besides the id).
    pub label: String,
    /// The hash of the members and the fuse version that made the result.
    pub hash: Vec<u8>,
    /// The story's entry of the report (JSON), packed.
    pub story: Packed,
    /// The story's fused report with an empty topics array, packed
    /// ([`StoredReport::of`]): its topics are `topics`, stored once and
    /// spliced in where the report is read ([`Store::story_report_reader`]).
    pub report: StoredReport,
    /// What the dossier shows of the report's quotes (JSON), packed.
    pub quote_groups: Packed,
    /// Its topics in report order.
    pub topics: Vec<NewTopic>,
    /// Its documents as fusion read them: the stored segments kept and the
    /// new ones (`crate::segments`).
    pub segments: crate::Segments,
}

/// A topic of a [`StoredStory`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewTopic {
    pub id: String,
    pub label: String,
    /// The topic (compact JSON), packed.
    pub topic: Packed,
    /// What `sitrep topics` prints of it (JSON).
    pub listing: String,
    /// What the HTML dossier shows of it (JSON), packed.
    pub dossier: Packed,
    /// The claims it cites, in its order, without their sentences (JSON
    /// lines of `sitrep_core::Claim`, `text` empty), packed.
    pub claims: Packed,
}

/// JSON as the store keeps a report or a topic: packed in an LZ4 frame
/// that records its length ([`pack`]). Made by the caller, so what it
/// holds until the row is written (a large story's report and topics are
/// hundreds of megabytes of JSON) is the packed bytes, and a story's
/// topics can be packed on as many cores as they are serialised on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed(Vec<u8>);

impl Packed {
    /// `json` packed.
    pub fn json(json: &str) -> Packed {
        Packed(pack(json.as_bytes()))
    }

    /// `value`'s compact JSON (`serde_json::to_string`'s bytes), packed as
    /// it is written: the JSON is never held whole.
    pub fn json_of<T: serde::Serialize>(value: &T) -> Packed {
        let mut packer = Packer::new(None);
        serde_json::to_writer(&mut packer, value).expect("values of the data model serialise");
        Packed(packer.finish())
    }

    /// The packed bytes, as the store keeps them ([`report_json`] reads
    /// the JSON back).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// `items` as JSON lines (each value's compact JSON, then a newline),
    /// packed as they are written: how a topic's claims are kept
    /// ([`NewTopic::claims`]). Their JSON is never held whole (a large
    /// topic's is tens of megabytes, made while the story's claims are).
    pub fn lines<T: serde::Serialize>(items: &[T]) -> Packed {
        let mut packer = PackWriter::new();
        for item in items {
            serde_json::to_writer(&mut packer, item).expect("values of the data model serialise");
            // Writing into memory fails only where allocation would.
            std::io::Write::write_all(&mut packer, b"\n").expect("packing into memory");
        }
        packer.finish()
    }
}

/// A story's report as the store keeps it: packed, with the places of its
/// empty topics array (where the topics' rows are spliced in) and of its
/// quotes array (left out of the bare report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReport {
    packed: Packed,
    topics_at: usize,
    quotes: std::ops::Range<usize>,
}

impl StoredReport {
    /// The report `json` (compact JSON, as `serde_json::to_string` writes
    /// it) packed, or what is wrong with it: it must be one JSON object
    /// with an empty topics array before a quotes array.
    pub fn of(json: &str) -> Result<StoredReport, String> {
        let (topics_at, quotes) = report_parts(json)?;
        Ok(StoredReport { packed: Packed::json(json), topics_at, quotes })
    }

    /// The report its writer packed as it was serialised, with the places
    /// its writer gives of its empty topics array (the `[`) and of its
    /// quotes array; what is wrong when the places do not fit it.
    pub fn written(writer: PackWriter, topics_at: usize, quotes: std::ops::Range<usize>) -> Result<StoredReport, String> {
        let len = writer.0.written;
        if !(topics_at + 2 <= quotes.start && quotes.start + 2 <= quotes.end && quotes.end <= len) {
            return Err("the report's parts do not fit it".into());
        }
        Ok(StoredReport { packed: Packed(with_length(writer.0.finish(), len)), topics_at, quotes })
    }
}

/// Packs JSON as it is written into it, in pieces of any size, so a large
/// story's report or topic (hundreds of megabytes of JSON) is never held
/// whole: made into a [`StoredReport`] by [`StoredReport::written`], its
/// frame given the length then ([`with_length`]), as [`pack`] gives it; or
/// [finished](PackWriter::finish) as JSON lines, the same bytes as
/// [`Packed::lines`] of the items whose lines were written (a caller may
/// make a large topic's lines on several cores and write them in order).
pub struct PackWriter(Packer);

impl PackWriter {
    /// A writer of a report or of JSON lines.
    pub fn new() -> PackWriter {
        PackWriter(Packer::new(None))
    }

    /// The JSON lines written, packed.
    pub fn finish(self) -> Packed {
        Packed(self.0.finish())
    }
}

impl Default for PackWriter {
    fn default() -> PackWriter {
        PackWriter::new()
    }
}

impl std::io::Write for PackWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An LZ4 frame written without its content's length given that length:
/// the descriptor's flag set, the eight bytes (little-endian) after its
/// flags and block bytes, and its checksum (the second byte of the
/// xxHash32 of the descriptor) made again. The frame is what packing the
/// content with its length makes ([`pack`]).
fn with_length(mut frame: Vec<u8>, len: usize) -> Vec<u8> {
    const FLAGS: usize = 4;
    const SIZE_FLAG: u8 = 0x08;
    if frame.len() < FLAGS + 3 || frame[FLAGS] & SIZE_FLAG != 0 {
        return frame;
    }
    frame[FLAGS] |= SIZE_FLAG;
    frame.splice(FLAGS + 2..FLAGS + 2, (len as u64).to_le_bytes());
    let check = FLAGS + 2 + 8;
    frame[check] = (twox_hash::XxHash32::oneshot(0, &frame[FLAGS..check]) >> 8) as u8;
    frame
}

/// An LZ4 frame ([`pack`]) written into memory a piece at a time, the bytes
/// written counted. Writes are gathered into pieces of [`GATHER`] bytes
/// (serde_json writes a report a token at a time: the frame encoder's own
/// bookkeeping on each was 7% of re-fusing every story of 100,000
/// articles), so the frame is the same whatever pieces its content came in.
struct Packer {
    frame: lz4_flex::frame::FrameEncoder<Vec<u8>>,
    written: usize,
    /// Bytes written and not yet given to the frame, fewer than [`GATHER`].
    pending: Vec<u8>,
}

/// Bytes a [`Packer`] gathers before it gives them to the frame.
const GATHER: usize = 16 * 1024;

impl Packer {
    /// A frame that records its length, when given.
    fn new(len: Option<usize>) -> Packer {
        let info = lz4_flex::frame::FrameInfo::new().content_size(len.map(|n| n as u64));
        Packer { frame: lz4_flex::frame::FrameEncoder::with_frame_info(info, Vec::new()), written: 0, pending: Vec::new() }
    }

    fn finish(mut self) -> Vec<u8> {
        // Writing into memory fails only where allocation would.
        std::io::Write::write_all(&mut self.frame, &self.pending).expect("packing into memory");
        self.frame.finish().expect("packing into memory")
    }
}

impl std::io::Write for Packer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // The frame is given exactly GATHER bytes at a time, however the
        // bytes were written: the frame's bytes depend on where its writes
        // cut the content, and so are the same for the same content.
        let mut rest = buf;
        while !rest.is_empty() {
            if self.pending.capacity() == 0 {
                self.pending.reserve_exact(GATHER);
            }
            let (now, later) = rest.split_at(rest.len().min(GATHER - self.pending.len()));
            self.pending.extend_from_slice(now);
            rest = later;
            if self.pending.len() == GATHER {
                self.frame.write_all(&self.pending)?;
                self.pending.clear();
            }
        }
        self.written += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A stored topic: its story, id, label and JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTopic {
    pub story: String,
    pub id: String,
    pub label: String,
    pub topic: String,
}

/// A stored topic as [`Store::each_topic`] reads it, borrowed from the row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TopicRow<'a> {
    /// The story's id.
    pub story: &'a str,
    pub id: &'a str,
    pub label: &'a str,
    /// What `sitrep topics` prints of it (JSON).
    pub listing: &'a str,
    /// The topic's JSON (empty unless asked for).
    pub topic: &'a [u8],
}

/// The byte ranges of the values of a JSON object's fields, by key (the
/// key's bytes as written, without its quotes); `None` when `json` is not
/// one object. Strings are skipped a run at a time, so a report of
/// hundreds of megabytes is scanned at memory speed.
fn field_values(json: &[u8]) -> Option<Vec<(&[u8], std::ops::Range<usize>)>> {
    let mut out = Vec::new();
    let (mut depth, mut i) = (0usize, 0usize);
    let (mut key, mut value, mut expect_key) = (None, None, false);
    while i < json.len() {
        match json[i] {
            b'"' => {
                let start = i + 1;
                i = start;
                loop {
                    i += json.get(i..)?.iter().position(|&b| b == b'"' || b == b'\\')?;
                    if json[i] == b'"' {
                        break;
                    }
                    i += 2;
                }
                if depth == 1 && std::mem::take(&mut expect_key) {
                    key = Some(&json[start..i]);
                }
            }
            b @ (b'{' | b'[') => {
                if depth == 0 {
                    if b != b'{' || !out.is_empty() || key.is_some() {
                        return None;
                    }
                    expect_key = true;
                }
                depth += 1;
            }
            b'}' | b']' | b',' if depth == 1 => {
                if let (Some(k), Some(v)) = (key.take(), value.take()) {
                    out.push((k, v..i));
                }
                if json[i] == b',' {
                    expect_key = true;
                } else {
                    // The object's end: only blanks may follow it.
                    return json[i + 1..].iter().all(u8::is_ascii_whitespace).then_some(out);
                }
            }
            b'}' | b']' => depth = depth.checked_sub(1)?,
            b':' if depth == 1 => value = Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where a story's report keeps its parts: the byte of its (empty) topics
/// array and the bytes of its quotes array, or why it cannot be stored.
fn report_parts(report: &str) -> Result<(usize, std::ops::Range<usize>), String> {
    let fields = field_values(report.as_bytes()).ok_or("the report is not one JSON object")?;
    let field = |name: &[u8]| fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone());
    let topics = field(b"topics").filter(|v| &report.as_bytes()[v.clone()] == b"[]").ok_or("the report has no empty topics array")?;
    let quotes = field(b"quotes").filter(|v| report.as_bytes()[v.clone()].starts_with(b"[")).ok_or("the report has no quotes array")?;
    if topics.end > quotes.start {
        return Err("the report's topics do not come before its quotes".into());
    }
    Ok((topics.start, quotes))
}

/// A part of a stored story's report as [`StoryReader`] reads it.
enum Part {
    /// Bytes `from..to` of the stored report.
    Report(u64, u64),
    /// The topic row with this key.
    Topic(i64),
    /// The comma between two topics.
    Comma,
}

/// The first bytes of an LZ4 frame (its magic number, little-endian), with
/// which every stored report, topic and topic column starts: the rows
/// written before they were packed went with schema version 15 (which
/// drops the stored stories), so a column without them is damaged.
const LZ4_MAGIC: [u8; 4] = [0x04, 0x22, 0x4d, 0x18];

/// A story's report, or a topic (and what the dossier shows of it), as the
/// store keeps it: packed in an LZ4 frame (a report packs to a seventh to
/// an eleventh of its bytes, a topic to a quarter or less, and a large story's report and topics are hundreds
/// of megabytes written again at each re-fusion and read by each `report
/// --story` and `claims --topic`).
///
/// The frame records the JSON's length, so a report's parts' places are
/// checked against it before it is decoded.
fn pack(json: &[u8]) -> Vec<u8> {
    let mut packer = Packer::new(Some(json.len()));
    // Writing into memory fails only where allocation would.
    std::io::Write::write_all(&mut packer, json).expect("packing into memory");
    packer.finish()
}

/// The JSON of a stored report or topic column, unpacked ([`pack`]); an
/// error for bytes that are not a whole packed frame.
pub fn report_json(stored: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut json = Vec::new();
    Ok(unpacked(stored, &mut json)?.to_vec())
}

/// The JSON of a stored column's bytes ([`pack`]), decoded into `scratch`.
fn unpacked<'a>(stored: &'a [u8], scratch: &'a mut Vec<u8>) -> std::io::Result<&'a [u8]> {
    if !stored.starts_with(&LZ4_MAGIC) {
        return Err(not_packed());
    }
    scratch.clear();
    std::io::Read::read_to_end(&mut lz4_flex::frame::FrameDecoder::new(stored), scratch)?;
    Ok(scratch)
}

/// The error of a stored column that is not packed ([`LZ4_MAGIC`]).
fn not_packed() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, "the stored column is not packed")
}

/// A stored topic column's JSON, read from its BLOB as it is decoded ([`pack`]).
fn topic_reader<'c>(blob: rusqlite::blob::Blob<'c>) -> std::io::Result<Box<dyn std::io::Read + 'c>> {
    let mut head = [0; 4];
    let n = blob.read_at(&mut head, 0).map_err(std::io::Error::other)?;
    if head[..n] != LZ4_MAGIC {
        return Err(not_packed());
    }
    Ok(Box::new(lz4_flex::frame::FrameDecoder::new(blob)))
}

/// A stored report's bytes ([`pack`]), read from a place on: decoded from
/// the start, so places are asked for in order (as [`StoryReader`]'s parts
/// are), the bytes before one decoded and passed over.
struct Source<'c> {
    frame: lz4_flex::frame::FrameDecoder<rusqlite::blob::Blob<'c>>,
    /// Bytes of the report decoded so far.
    at: u64,
}

impl<'c> Source<'c> {
    /// The report in this BLOB and its length, as its frame's header
    /// records it: the magic number, a flags byte whose bit 3 says the
    /// length follows the next byte, eight bytes little-endian.
    fn of(blob: rusqlite::blob::Blob<'c>) -> std::io::Result<(Source<'c>, u64)> {
        let mut head = [0; 14];
        let n = blob.read_at(&mut head, 0).map_err(std::io::Error::other)?;
        if !head[..n].starts_with(&LZ4_MAGIC) {
            return Err(not_packed());
        }
        if n < head.len() || head[4] & 0x08 == 0 {
            return Err(std::io::Error::other("the stored report is packed without its length"));
        }
        let len = u64::from_le_bytes(head[6..14].try_into().expect("eight bytes"));
        Ok((Source { frame: lz4_flex::frame::FrameDecoder::new(blob), at: 0 }, len))
    }

    /// Read bytes from byte `from` of the report on into `buf`.
    fn read_from(&mut self, from: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::io::Read;
        if from < self.at {
            return Err(std::io::Error::other("a packed report is read in order"));
        }
        if from > self.at {
            let passed = std::io::copy(&mut self.frame.by_ref().take(from - self.at), &mut std::io::sink())?;
            self.at += passed;
            if self.at < from {
                return Ok(0);
            }
        }
        let n = self.frame.read(buf)?;
        self.at += n as u64;
        Ok(n)
    }
}

/// A stored story's report read in its parts, each through SQLite's
/// incremental BLOB I/O: the stored report's bytes with its topics' rows
/// spliced in, one topic open at a time.
struct StoryReader<'c> {
    conn: &'c rusqlite::Connection,
    report: Source<'c>,
    parts: std::collections::VecDeque<Part>,
    topic: Option<Box<dyn std::io::Read + 'c>>,
}

impl std::io::Read for StoryReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        while let Some(part) = self.parts.front_mut() {
            let n = match part {
                Part::Report(from, to) => {
                    let want = buf.len().min(usize::try_from(*to - *from).unwrap_or(usize::MAX));
                    if want == 0 {
                        0
                    } else {
                        let n = self.report.read_from(*from, &mut buf[..want])?;
                        if n == 0 {
                            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the stored report is shorter than its parts"));
                        }
                        *from += n as u64;
                        n
                    }
                }
                Part::Comma => {
                    buf[0] = b',';
                    self.parts.pop_front();
                    return Ok(1);
                }
                Part::Topic(key) => {
                    let topic = match &mut self.topic {
                        Some(topic) => topic,
                        None => self.topic.insert(topic_reader(self.conn.blob_open(rusqlite::MAIN_DB, "story_topics", "topic", *key, true).map_err(std::io::Error::other)?)?),
                    };
                    let n = topic.read(buf)?;
                    if n == 0 {
                        self.topic = None;
                    }
                    n
                }
            };
            if n > 0 {
                return Ok(n);
            }
            self.parts.pop_front();
        }
        Ok(0)
    }
}

/// The BLAKE3 digest of a sequence of byte strings (each prefixed by its
/// length, so they cannot run into each other).
pub fn digest<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut h = blake3::Hasher::new();
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    h.finalize().as_bytes().to_vec()
}

/// The clustering of the stories a refresh made, as stored (schema step
/// 20, table `cluster_state`): the CLI's `fusion` module says what the
/// bytes hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClusterState {
    /// The version of the clustering that made it.
    pub version: i64,
    /// The spread limit it was made under.
    pub limit: f64,
    /// Its terms' states.
    pub terms: Vec<u8>,
    /// Its documents, each with its story.
    pub docs: Vec<u8>,
}

impl Store {
    /// The clustering the last refresh stored, if any.
    pub fn cluster_state(&self) -> Result<Option<ClusterState>, StoreError> {
        self.conn
            .query_row("SELECT version, spread_limit, terms, docs FROM cluster_state", [], |r| {
                Ok(ClusterState { version: r.get(0)?, limit: r.get(1)?, terms: r.get(2)?, docs: r.get(3)? })
            })
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Store `state` as the clustering the next refresh continues, in place
    /// of the one stored.
    pub fn put_cluster_state(&mut self, state: &ClusterState) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |e| StoreError::sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute("DELETE FROM cluster_state", []).map_err(err)?;
        tx.execute(
            "INSERT INTO cluster_state (version, spread_limit, terms, docs) VALUES (?1, ?2, ?3, ?4)",
            params![state.version, state.limit, state.terms, state.docs],
        )
        .map_err(err)?;
        tx.commit().map_err(err)
    }

    /// `(generation, fused)`: the count of writes to documents, and the
    /// generation the stored stories were fused at. Equal when fusion is up
    /// to date.
    pub fn fusion_state(&self) -> Result<(i64, i64), StoreError> {
        self.conn.query_row("SELECT generation, fused FROM fusion_state", [], |r| Ok((r.get(0)?, r.get(1)?))).map_err(|e| self.err(e))
    }

    /// Record that the stored stories are those of `generation`.
    pub fn set_fused(&mut self, generation: i64) -> Result<(), StoreError> {
        self.conn.execute("UPDATE fusion_state SET fused = ?1", [generation]).map(|_| ()).map_err(|e| self.err(e))
    }

    /// The keys of the documents without a fusion input of `version`, in
    /// key order. The documents' keys are read from an index (a scan of the
    /// documents read their text: 5.9 s at 150,000 documents, cold), and so
    /// are the inputs (`fusion_inputs_version`: a look-up in the table read
    /// the pages of the profiles, 27.4 s at a million documents, cold);
    /// each index is read through once and the two lists merged (a look-up
    /// in the second index per document took 0.69 s at a million).
    pub fn without_fusion_input(&self, version: u32) -> Result<Vec<i64>, StoreError> {
        let keys = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> Result<Vec<i64>, StoreError> {
            let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
            let keys = stmt.query_map(params, |r| r.get(0)).map_err(|e| self.err(e))?.collect::<Result<Vec<i64>, _>>();
            keys.map_err(|e| self.err(e))
        };
        // By annotator version, then key.
        let mut docs = keys("SELECT key FROM documents INDEXED BY documents_annotator", &[])?;
        docs.sort_unstable();
        let with = keys("SELECT doc FROM fusion_inputs INDEXED BY fusion_inputs_version WHERE version = ?1 ORDER BY doc", &[&version])?;
        let mut with = with.into_iter().peekable();
        docs.retain(|&d| {
            while with.next_if(|&w| w < d).is_some() {}
            with.peek() != Some(&d)
        });
        Ok(docs)
    }

    /// The documents with these keys (those still stored), in key order,
    /// read in chunks like [`Store::documents`].
    pub fn documents_by_key(&self, keys: Vec<i64>) -> Documents<'_> {
        Documents::by_key(self, keys)
    }

    /// The keys of the documents with these ids (those stored), in key order.
    pub fn keys_of(&self, ids: &[String]) -> Result<Vec<i64>, StoreError> {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut keys: Vec<i64> = self.document_keys(&ids)?.into_iter().flatten().collect();
        keys.sort_unstable();
        Ok(keys)
    }

    /// Store fusion inputs of fuse version `version`, in one transaction
    /// (those of documents not stored are dropped).
    pub fn put_fusion_inputs(&mut self, inputs: &[NewInput], version: u32) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |e| StoreError::sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut key = tx.prepare_cached("SELECT key FROM documents WHERE id = ?1").map_err(err)?;
            // Deleted, not replaced: the delete trigger of its fingerprint
            // (gone with it) marks the document dirty with the fingerprint
            // posted (REPLACE fires no trigger), and its comparisons go
            // with it (ON DELETE CASCADE).
            let mut old = tx.prepare_cached("DELETE FROM fusion_inputs WHERE doc = ?1").map_err(err)?;
            let mut new = Vec::with_capacity(inputs.len());
            for i in inputs {
                let Some(k) = key.query_row([&i.id], |r| r.get::<_, i64>(0)).optional().map_err(err)? else { continue };
                old.execute([k]).map_err(err)?;
                new.retain(|n: &(i64, u32, InputBytes)| n.0 != k);
                new.push((k, version, i.input.clone()));
            }
            insert_inputs(&tx, &new).map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Every document's fusion input, in key order (documents without one
    /// are left out).
    pub fn fusion_inputs(&self) -> Result<Vec<FusionInput>, StoreError> {
        let mut out: Vec<FusionInput> = Vec::new();
        self.each_fusion_input(|i| {
            out.push(FusionInput {
                key: i.key,
                id: i.id.to_string(),
                published: i.published.map(str::to_string),
                length: i.length,
                profile: i.profile.to_vec(),
                fingerprint: Vec::new(),
                hash: i.hash.to_vec(),
                annotator: i.annotator,
            })
        })?;
        let keys: Vec<i64> = out.iter().map(|i| i.key).collect();
        for (i, print) in out.iter_mut().zip(self.fingerprints(&keys)?) {
            i.fingerprint = print.unwrap_or_default();
        }
        Ok(out)
    }

    /// Read the rows of `table` (a rowid table) ahead, a share of its rowid
    /// range each on [`WARMERS`] read-only connections at once, their
    /// `column` loaded (with the overflow pages it spills into), so the
    /// system holds the table's pages when they are then read in order or
    /// by an index. A table written over a long ingest lies
    /// scattered over the file, and one reader waits on each of its pages
    /// in turn: from a cold page cache, the fusion inputs of a million
    /// documents took 33.9 s to scan alone and 6.4 s in four shares at
    /// once. Only a read-ahead: a share whose connection cannot open the
    /// store (one in memory has no file to share) or read it leaves its
    /// pages to the reader that follows.
    pub(crate) fn warm(&self, table: &str, column: &str) {
        let range = format!("SELECT min(rowid), max(rowid) FROM {table}");
        let Ok((Some(low), Some(high))) = self.conn.query_row(&range, [], |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?))) else {
            return;
        };
        let span = (high - low) / WARMERS + 1;
        // `length` of a BLOB would not load it: `substr` does.
        let scan = format!("SELECT max(substr({column}, 1, 1)) FROM {table} WHERE rowid BETWEEN ?1 AND ?2");
        std::thread::scope(|scope| {
            for share in 0..WARMERS {
                let (path, scan) = (&self.path, &scan);
                scope.spawn(move || {
                    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
                    if let Ok(conn) = rusqlite::Connection::open_with_flags(path, flags) {
                        let from = low + share * span;
                        let _ = conn.query_row(scan, [from, from + span - 1], |_| Ok(()));
                    }
                });
            }
        });
    }

    /// Read the stored report and topics of the story `id` of the store
    /// at `path` once, throwing the bytes away, the report and the topics
    /// each on a read-only connection of its own: run beside a reader of
    /// the story, it puts their pages in the system's cache meanwhile. A
    /// report is one chain of overflow pages, read a page after the other,
    /// and its topics' rows are read after its first bytes: from a cold
    /// page cache, the largest story of a million articles took 0.8 s to
    /// read (49 MB) and its topics 0.4 s (33 MB), one after the other.
    /// Only a read-ahead: what cannot be opened or read is left to the
    /// reader that follows, and it stops a megabyte after `stop` is set
    /// (the reader is done, or gave up).
    pub fn read_ahead_story(path: &std::path::Path, id: &str, stop: &std::sync::atomic::AtomicBool) {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let read = |table: &str, column: &str, keys: &str| {
            let Ok(conn) = rusqlite::Connection::open_with_flags(path, flags) else { return };
            let keys = conn.prepare(keys).and_then(|mut s| s.query_map([id], |r| r.get::<_, i64>(0))?.collect::<Result<Vec<_>, _>>());
            let mut scratch = vec![0; 1 << 20];
            for key in keys.unwrap_or_default() {
                let Ok(mut blob) = conn.blob_open(rusqlite::MAIN_DB, table, column, key, true) else { continue };
                while !stop.load(std::sync::atomic::Ordering::Relaxed) && matches!(std::io::Read::read(&mut blob, &mut scratch), Ok(n) if n > 0) {}
            }
        };
        std::thread::scope(|scope| {
            scope.spawn(|| read("story_topics", "topic", "SELECT t.key FROM stories s JOIN story_topics t ON t.story = s.key WHERE s.id = ?1 ORDER BY t.idx"));
            read("stories", "report", "SELECT key FROM stories WHERE id = ?1");
        });
    }

    /// Call `f` with every document's fusion input but its fingerprint, in
    /// key order, one row at a time (documents without one are left out):
    /// the caller keeps what it needs. Only the rows of `fusion_inputs` are
    /// read (a kilobyte or so a document), neither the documents nor the
    /// fingerprints; they are read ahead first ([`Store::warm`]).
    pub fn each_fusion_input(&self, mut f: impl FnMut(FusionInputRef<'_>)) -> Result<(), StoreError> {
        self.warm("fusion_inputs", "profile");
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT doc, id, published, length, profile, hash, annotator FROM fusion_inputs ORDER BY doc",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let input = (|| -> rusqlite::Result<FusionInputRef<'_>> {
                let bytes = |i| r.get_ref(i).and_then(|v| v.as_blob_or_null().map_err(Into::into)).map(Option::unwrap_or_default);
                Ok(FusionInputRef {
                    key: r.get(0)?,
                    id: r.get_ref(1)?.as_str()?,
                    published: r.get_ref(2)?.as_str_or_null()?,
                    length: r.get(3)?,
                    profile: bytes(4)?,
                    hash: bytes(5)?,
                    annotator: r.get(6)?,
                })
            })()
            .map_err(|e| self.err(e))?;
            f(input);
        }
        Ok(())
    }

    /// Call `f` with every stored fingerprint (document key and bytes), in
    /// key order, one row at a time (the table read ahead first:
    /// [`Store::warm`]).
    pub fn each_fingerprint(&self, mut f: impl FnMut(i64, &[u8])) -> Result<(), StoreError> {
        self.warm("fusion_prints", "fingerprint");
        let mut stmt = self.conn.prepare_cached("SELECT doc, fingerprint FROM fusion_prints ORDER BY doc").map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let key: i64 = r.get(0).map_err(|e| self.err(e))?;
            f(key, r.get_ref(1).and_then(|v| v.as_blob().map_err(Into::into)).map_err(|e| self.err(e))?);
        }
        Ok(())
    }

    /// The stored fingerprint bytes of the documents with these keys, in
    /// their order (`None` for a document without one).
    pub fn fingerprints(&self, keys: &[i64]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT fingerprint FROM fusion_prints WHERE doc = ?1").map_err(|e| self.err(e))?;
        keys.iter().map(|k| stmt.query_row([k], |r| r.get(0)).optional().map_err(|e| self.err(e))).collect()
    }

    /// The stored names of the story profiles of the documents with these
    /// keys (`InputBytes::names`), in their order (`None` for a document
    /// without them).
    pub fn profile_names(&self, keys: &[i64]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        self.blobs_by_key("SELECT doc, names FROM fusion_names WHERE doc IN (SELECT value FROM json_each(?1))", keys)
    }

    /// The segment identities ([`crate::member_id`]) of the documents with
    /// these keys as their fusion inputs give them, in the order of
    /// `keys`: a document without inputs (gone meanwhile) has the identity
    /// of no stored document (annotator version -1, no hash), so no
    /// segment holds it.
    pub fn member_ids(&self, keys: &[i64]) -> Result<Vec<[u8; crate::MEMBER_BYTES]>, StoreError> {
        let mut out: Vec<[u8; crate::MEMBER_BYTES]> = keys.iter().map(|&k| crate::member_id(k, -1, &[])).collect();
        self.rows_by_key("SELECT doc, annotator, hash FROM fusion_inputs WHERE doc IN (SELECT value FROM json_each(?1))", keys, |r, place| {
            let (doc, annotator) = (r.get(0)?, r.get(1)?);
            let hash = r.get_ref(2)?.as_blob_or_null()?.unwrap_or_default();
            out[place] = crate::member_id(doc, annotator, hash);
            Ok(())
        })?;
        Ok(out)
    }

    /// The blobs `sql` reads (document key, blob) for the JSON array of
    /// keys it is given, in the order of `keys`, `None` where it reads
    /// none.
    fn blobs_by_key(&self, sql: &str, keys: &[i64]) -> Result<Vec<Option<Vec<u8>>>, StoreError> {
        let mut out: Vec<Option<Vec<u8>>> = vec![None; keys.len()];
        self.rows_by_key(sql, keys, |r, place| {
            out[place] = r.get(1)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// Each row `sql` reads (the document key first) for the JSON array of
    /// keys it is given, given to `row` with each place of its key in
    /// `keys`: a chunk of keys per query (a story's thousands of documents
    /// are not a query each).
    fn rows_by_key(&self, sql: &str, keys: &[i64], mut row: impl FnMut(&rusqlite::Row<'_>, usize) -> rusqlite::Result<()>) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        // Each key's places in `keys`, sorted by key.
        let mut places: Vec<(i64, usize)> = keys.iter().copied().zip(0..).collect();
        places.sort_unstable();
        for chunk in places.chunks(PROFILE_CHUNK) {
            let list = format!("[{}]", chunk.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>().join(","));
            let mut rows = stmt.query([&list]).map_err(|e| self.err(e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                let doc: i64 = r.get(0).map_err(|e| self.err(e))?;
                let first = chunk.partition_point(|&(k, _)| k < doc);
                for &(_, place) in chunk[first..].iter().take_while(|&&(k, _)| k == doc) {
                    row(r, place).map_err(|e| self.err(e))?;
                }
            }
        }
        Ok(())
    }

    /// Whether fusion inputs stored before schema version 11 may lack their
    /// profile's names ([`Store::put_profile_names`] makes them).
    pub fn profile_names_missing(&self) -> Result<bool, StoreError> {
        self.conn.query_row("SELECT names_missing FROM fusion_state", [], |r| r.get(0)).map_err(|e| self.err(e))
    }

    /// The keys and stored profile bytes of the first `limit` documents
    /// after key `after` whose fusion inputs lack their profile's names, in
    /// key order (the next call starts after the last of them).
    pub fn profiles_without_names(&self, after: i64, limit: usize) -> Result<Vec<(i64, Vec<u8>)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT doc, profile FROM fusion_inputs f WHERE doc > ?1
                 AND NOT EXISTS (SELECT 1 FROM fusion_names n WHERE n.doc = f.doc) ORDER BY doc LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![after, limit], |r| Ok((r.get(0)?, r.get(1)?))).map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// Store the names of the story profiles of documents whose inputs
    /// lack them (by key; a document without an input is left out), in
    /// one transaction; with `done`, record that no input lacks them now.
    pub fn put_profile_names(&mut self, names: &[(i64, Vec<u8>)], done: bool) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |e| StoreError::sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut put = tx
                .prepare_cached("INSERT OR REPLACE INTO fusion_names (doc, names) SELECT doc, ?2 FROM fusion_inputs WHERE doc = ?1")
                .map_err(err)?;
            for (key, bytes) in names {
                put.execute(params![key, bytes]).map_err(err)?;
            }
            if done {
                tx.execute("UPDATE fusion_state SET names_missing = 0", []).map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// Call `f` with every stored comparison of copy fingerprints, in key
    /// order, one row at a time: the caller keeps what it needs, not a
    /// vector of every row.
    pub fn each_copy_pair(&self, mut f: impl FnMut(CopyPair)) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT a, b, full, copy, kind, in_order, sentences, quotes FROM copy_pairs ORDER BY a, b, full")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let pair = (|| -> rusqlite::Result<CopyPair> {
                let found = if r.get::<_, i64>(2)? == 0 {
                    PairFound::Verdict(r.get::<_, i64>(3)? != 0)
                } else {
                    PairFound::Evidence {
                        kind: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                        in_order: r.get::<_, Option<f64>>(5)?.unwrap_or_default(),
                        sentences: r.get::<_, Option<i64>>(6)?.unwrap_or_default(),
                        quotes: r.get::<_, Option<i64>>(7)?.unwrap_or_default(),
                    }
                };
                Ok(CopyPair { a: r.get(0)?, b: r.get(1)?, found })
            })()
            .map_err(|e| self.err(e))?;
            f(pair);
        }
        Ok(())
    }

    /// The documents whose fusion input was written or deleted since their
    /// copies were last matched, in key order, each with the fingerprint
    /// bytes its copy keys are posted from and the precedence it had then.
    pub fn copy_dirty(&self) -> Result<Vec<Dirty>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT doc, posted, id, published, length FROM copy_dirty ORDER BY doc").map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                let posted: Option<Vec<u8>> = r.get(1)?;
                let (id, length): (Option<String>, Option<i64>) = (r.get(2)?, r.get(4)?);
                let was = match (&posted, id, length) {
                    (Some(_), Some(id), Some(length)) => Some(WasPosted { id, published: r.get(3)?, length }),
                    _ => None,
                };
                Ok(Dirty { doc: r.get(0)?, posted, was })
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>();
        rows.map_err(|e| self.err(e))
    }

    /// Whether no copy key is posted (the copies were never matched, or
    /// the store was made before postings).
    pub fn copy_keys_empty(&self) -> Result<bool, StoreError> {
        let any: Option<i64> = self.conn.query_row("SELECT 1 FROM copy_keys LIMIT 1", [], |r| r.get(0)).optional().map_err(|e| self.err(e))?;
        Ok(any.is_none())
    }

    /// The largest key of a document with a fusion input (0 when none):
    /// a bound of their number.
    pub fn last_input_key(&self) -> Result<i64, StoreError> {
        self.conn.query_row("SELECT coalesce(max(doc), 0) FROM fusion_inputs", [], |r| r.get(0)).map_err(|e| self.err(e))
    }

    /// The documents posted under copy key `key`, in key order: all, or
    /// the first `limit`.
    pub fn copy_members(&self, key: u64, limit: Option<usize>) -> Result<Vec<i64>, StoreError> {
        let mut docs = read_postings(&self.conn, key).map_err(|e| self.err(e))?;
        docs.truncate(limit.unwrap_or(usize::MAX));
        Ok(docs)
    }

    /// The first members kept of copy key `key` (document keys), if any.
    pub fn copy_heads(&self, key: u64) -> Result<Option<Vec<i64>>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT docs FROM copy_heads WHERE key = ?1").map_err(|e| self.err(e))?;
        let docs: Option<Vec<u8>> = stmt.query_row([key as i64], |r| r.get(0)).optional().map_err(|e| self.err(e))?;
        Ok(docs.map(|b| unpacked_keys(&b)))
    }

    /// The stored verdict of the candidate pair `(a, b)` (document keys),
    /// or its evidence as a copy of `b` when `full`, if stored.
    pub fn copy_pair(&self, a: i64, b: i64, full: bool) -> Result<Option<PairFound>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT copy, kind, in_order, sentences, quotes FROM copy_pairs WHERE a = ?1 AND b = ?2 AND full = ?3")
            .map_err(|e| self.err(e))?;
        stmt.query_row(params![a, b, full], |r| {
            Ok(if full {
                PairFound::Evidence {
                    kind: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    in_order: r.get::<_, Option<f64>>(2)?.unwrap_or_default(),
                    sentences: r.get::<_, Option<i64>>(3)?.unwrap_or_default(),
                    quotes: r.get::<_, Option<i64>>(4)?.unwrap_or_default(),
                }
            } else {
                PairFound::Verdict(r.get::<_, i64>(0)? != 0)
            })
        })
        .optional()
        .map_err(|e| self.err(e))
    }

    /// The copies the last match found, in key order.
    pub fn copies_of(&self) -> Result<Vec<CopyOf>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc, original, kind, in_order, sentences, quotes FROM copy_of ORDER BY doc")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(CopyOf { doc: r.get(0)?, original: r.get(1)?, kind: r.get(2)?, in_order: r.get(3)?, sentences: r.get(4)?, quotes: r.get(5)? })
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>();
        rows.map_err(|e| self.err(e))
    }

    /// Store comparisons of copy fingerprints made from the inputs of
    /// document generation `generation`, in one transaction (those of
    /// documents without a fusion input are dropped). When documents were
    /// written since (by another connection), their inputs may have changed
    /// under the comparisons: nothing is stored, and `false` returned.
    ///
    /// With them goes what the match changed: the postings added
    /// (`posted`: key, document; best in key order, a key's documents
    /// ascending, as one row is written per run of a key) and `update`, in
    /// the same transaction, so the postings are always those of the copies
    /// stored.
    ///
    /// The pairs are best given in key order (a refresh gives only those
    /// that found copies, and the evidence: schema step 12). Which
    /// documents have an input is read once for a whole match (not two
    /// look-ups a row; a match of a few documents looks them up). (When
    /// every verdict was stored, the index by second document was written
    /// in random order, and with SQLite's default cache of 2 MB its pages
    /// were spilled and read again: 1.8 million rows 4.9 s, 2.2 s with the
    /// store's cache of 64 MB.)
    pub fn put_copy_pairs(
        &mut self,
        pairs: impl IntoIterator<Item = CopyPair>,
        posted: impl IntoIterator<Item = (u64, i64)>,
        update: &CopyUpdate,
        generation: i64,
    ) -> Result<bool, StoreError> {
        let path = self.path.clone();
        let err = |e| StoreError::sqlite(&path, e);
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(err)?;
        let now: i64 = tx.query_row("SELECT generation FROM fusion_state", [], |r| r.get(0)).map_err(err)?;
        if now != generation {
            return Ok(false);
        }
        {
            // In key order (the table's primary key).
            let with_input: Vec<i64> = if update.whole {
                let mut stmt = tx.prepare_cached("SELECT doc FROM fusion_inputs ORDER BY doc").map_err(err)?;
                let keys = stmt.query_map([], |r| r.get(0)).map_err(err)?.collect::<Result<_, _>>();
                keys.map_err(err)?
            } else {
                Vec::new()
            };
            let mut input = tx.prepare_cached("SELECT 1 FROM fusion_inputs WHERE doc = ?1").map_err(err)?;
            let mut has_input = |k: i64| -> bool {
                if update.whole {
                    with_input.binary_search(&k).is_ok()
                } else {
                    // An error reads as no input: the pair is not stored.
                    input.exists([k]).unwrap_or(false)
                }
            };
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO copy_pairs (a, b, full, copy, kind, in_order, sentences, quotes)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(err)?;
            for p in pairs.into_iter().filter(|p| has_input(p.a) && has_input(p.b)) {
                match &p.found {
                    PairFound::Verdict(copy) => stmt.execute(params![p.a, p.b, 0, *copy, None::<String>, None::<f64>, None::<i64>, None::<i64>]),
                    PairFound::Evidence { kind, in_order, sentences, quotes } => {
                        stmt.execute(params![p.a, p.b, 1, true, kind, in_order, sentences, quotes])
                    }
                }
                .map_err(err)?;
            }
            if update.whole {
                tx.execute_batch("DELETE FROM copy_keys; DELETE FROM copy_of; DELETE FROM copy_dirty; DELETE FROM copy_heads;").map_err(err)?;
            }
            let mut head = tx.prepare_cached("INSERT OR REPLACE INTO copy_heads (key, docs) VALUES (?1, ?2)").map_err(err)?;
            let mut headless = tx.prepare_cached("DELETE FROM copy_heads WHERE key = ?1").map_err(err)?;
            for (k, docs) in &update.heads {
                if docs.is_empty() {
                    headless.execute([*k as i64]).map_err(err)?;
                } else {
                    head.execute(params![*k as i64, packed_keys(docs)]).map_err(err)?;
                }
            }
            // A key's postings are one row: those taken out are read,
            // filtered and written back, key by key.
            let mut unposted: Vec<(u64, i64)> = if update.whole { Vec::new() } else { update.unposted.clone() };
            unposted.sort_unstable();
            for run in unposted.chunk_by(|a, b| a.0 == b.0) {
                amend_postings(&tx, run[0].0, |docs| docs.retain(|d| run.binary_search(&(run[0].0, *d)).is_err())).map_err(err)?;
            }
            // Postings come in runs of a key. A whole match's keys are new
            // and come each in one run, in order: written many rows to a
            // statement (a million documents post 40.6 million keys under
            // 4.1 million). Otherwise, or when a key comes again, its
            // stored documents are merged in.
            let mut rows: Vec<(i64, Vec<u8>)> = Vec::with_capacity(POSTINGS_PER_STATEMENT);
            let mut last: Option<u64> = None;
            let mut run: (u64, Vec<i64>) = (0, Vec::new());
            let write_run = |run: &mut (u64, Vec<i64>), rows: &mut Vec<(i64, Vec<u8>)>, last: &mut Option<u64>| -> rusqlite::Result<()> {
                let (key, docs) = (run.0, &mut run.1);
                if docs.is_empty() {
                    return Ok(());
                }
                docs.sort_unstable();
                docs.dedup();
                if update.whole && last.is_none_or(|l| l < key) {
                    rows.push((key as i64, packed_keys(docs)));
                    if rows.len() == POSTINGS_PER_STATEMENT {
                        insert_postings(&tx, rows)?;
                    }
                } else {
                    insert_postings(&tx, rows)?;
                    amend_postings(&tx, key, |all| all.extend_from_slice(docs))?;
                }
                *last = Some(last.map_or(key, |l| l.max(key)));
                docs.clear();
                Ok(())
            };
            for (k, d) in posted {
                if k != run.0 {
                    write_run(&mut run, &mut rows, &mut last).map_err(err)?;
                    run.0 = k;
                }
                run.1.push(d);
            }
            write_run(&mut run, &mut rows, &mut last).map_err(err)?;
            insert_postings(&tx, &mut rows).map_err(err)?;
            let mut uncopy = tx.prepare_cached("DELETE FROM copy_of WHERE doc = ?1").map_err(err)?;
            for &d in update.uncopied.iter().filter(|_| !update.whole) {
                uncopy.execute([d]).map_err(err)?;
            }
            let mut copy = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO copy_of (doc, original, kind, in_order, sentences, quotes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(err)?;
            for c in &update.copies {
                copy.execute(params![c.doc, c.original, c.kind, c.in_order, c.sentences, c.quotes]).map_err(err)?;
            }
            let mut matched = tx.prepare_cached("DELETE FROM copy_dirty WHERE doc = ?1").map_err(err)?;
            for &d in update.matched.iter().filter(|_| !update.whole) {
                matched.execute([d]).map_err(err)?;
            }
        }
        tx.commit().map_err(err).map(|()| true)
    }

    /// Every stored story's id and member hash.
    pub fn story_hashes(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT id, hash FROM stories").map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(|e| self.err(e))?.collect::<Result<Vec<_>, _>>();
        rows.map_err(|e| self.err(e))
    }

    /// Write fused stories (replacing those with the same id, topics and
    /// segments included) and delete the stories `gone` (with their
    /// segments), in one transaction: a kill
    /// leaves each story's old result or its new one, never a mix. Reports
    /// and topics come packed ([`StoredReport::of`], [`Packed::json`]).
    pub fn write_stories(&mut self, stories: &[StoredStory], gone: &[String]) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |e| StoreError::sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut delete = tx.prepare_cached("DELETE FROM stories WHERE id = ?1").map_err(err)?;
            for id in gone.iter().chain(stories.iter().map(|s| &s.id)) {
                // Topics go with their story (ON DELETE CASCADE).
                delete.execute([id]).map_err(err)?;
            }
            for id in gone {
                crate::segments::delete(&tx, id).map_err(err)?;
            }
            let mut story = tx
                .prepare_cached(
                    "INSERT INTO stories (id, size, founder_published, founder_id, label, hash, story, quote_groups, topics_at, quotes_at, quotes_end, report)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )
                .map_err(err)?;
            let mut topic = tx
                .prepare_cached("INSERT INTO story_topics (story, idx, id, label, listing, dossier, topic, claims) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .map_err(err)?;
            for s in stories {
                let r = &s.report;
                story
                    .execute(params![s.id, s.size, s.founder.0, s.founder.1, s.label, s.hash, s.story.0, s.quote_groups.0, r.topics_at, r.quotes.start, r.quotes.end, r.packed.0])
                    .map_err(err)?;
                let key = tx.last_insert_rowid();
                for (i, t) in s.topics.iter().enumerate() {
                    topic.execute(params![key, i, t.id, t.label, t.listing, t.dossier.0, t.topic.0, t.claims.0]).map_err(err)?;
                }
                crate::segments::write(&tx, &s.id, &s.segments).map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// Every story's entry (JSON), largest story first.
    pub fn stories(&self) -> Result<Vec<String>, StoreError> {
        self.warm("stories", "story");
        let rows: Vec<(String, Vec<u8>)> = self.story_rows("id, story", |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut scratch = Vec::new();
        rows.into_iter().map(|(id, stored)| self.unpacked_text(&stored, &mut scratch, || format!("story {id}"))).collect()
    }

    /// Every story's id, largest story first.
    pub fn story_ids(&self) -> Result<Vec<String>, StoreError> {
        self.story_rows("id", |r| r.get(0))
    }

    /// What `f` makes of the `columns` of every story's row, largest story first.
    fn story_rows<T>(&self, columns: &str, f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>) -> Result<Vec<T>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {columns} FROM stories INDEXED BY stories_order ORDER BY size DESC, founder_published, founder_id"))
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], f).map_err(|e| self.err(e))?.collect::<Result<Vec<T>, _>>();
        rows.map_err(|e| self.err(e))
    }

    /// The JSON of a packed column ([`pack`]) as text; an error naming
    /// `what` (the story's, say) when it is not a packed frame of UTF-8.
    fn unpacked_text(&self, stored: &[u8], scratch: &mut Vec<u8>, what: impl Fn() -> String) -> Result<String, StoreError> {
        let damaged = |message: String| StoreError::Data { path: self.path.clone(), message: format!("{}: {message}", what()) };
        let json = unpacked(stored, scratch).map_err(|e| damaged(e.to_string()))?;
        String::from_utf8(json.to_vec()).map_err(|e| damaged(e.to_string()))
    }

    /// The fused report (JSON) of the story with this id, whole (see
    /// [`Store::story_report_reader`]).
    pub fn story_report(&self, id: &str) -> Result<Option<String>, StoreError> {
        let Some(mut reader) = self.story_report_reader(id)? else { return Ok(None) };
        let mut json = String::new();
        std::io::Read::read_to_string(&mut reader, &mut json).map_err(|e| StoreError::Data { path: self.path.clone(), message: format!("story {id}: {e}") })?;
        Ok(Some(json))
    }

    /// The fused report (JSON) of the story with this id, the bytes
    /// `serde_json::to_string` wrote of it, read in pieces (SQLite's
    /// incremental BLOB I/O): the stored report with its topics' rows
    /// spliced in, so it is never held whole (a story's report can be
    /// hundreds of megabytes). `None` when there is no such story.
    pub fn story_report_reader(&self, id: &str) -> Result<Option<Box<dyn std::io::Read + '_>>, StoreError> {
        self.story_reader(id, true)
    }

    /// The fused report (JSON) of the story with this id as
    /// [`Store::story_report_reader`] reads it, but with empty topics and
    /// quotes arrays, whole: what is left is small (the documents, checks,
    /// timeline and entities), so it is parsed from memory, and the topics
    /// row by row ([`Store::each_topic`]; the stored quote groups say what
    /// the dossier shows of the quotes). `None` when there is no such story.
    pub fn story_report_bare(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(mut reader) = self.story_reader(id, false)? else { return Ok(None) };
        let mut json = Vec::new();
        std::io::Read::read_to_end(&mut reader, &mut json).map_err(|e| StoreError::Data { path: self.path.clone(), message: format!("story {id}: {e}") })?;
        Ok(Some(json))
    }

    fn story_reader(&self, id: &str, whole: bool) -> Result<Option<Box<dyn std::io::Read + '_>>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT key, topics_at, quotes_at, quotes_end FROM stories WHERE id = ?1").map_err(|e| self.err(e))?;
        let read = |r: &rusqlite::Row<'_>| Ok((r.get::<_, i64>(0)?, r.get::<_, u64>(1)?, r.get::<_, u64>(2)?, r.get::<_, u64>(3)?));
        let Some((key, topics_at, quotes_at, quotes_end)) = stmt.query_row([id], read).optional().map_err(|e| self.err(e))? else { return Ok(None) };
        let report = self.conn.blob_open(rusqlite::MAIN_DB, "stories", "report", key, true).map_err(|e| self.err(e))?;
        let (report, len) = Source::of(report).map_err(|e| StoreError::Data { path: self.path.clone(), message: format!("story {id}: {e}") })?;
        if !(topics_at + 2 <= quotes_at && quotes_at + 2 <= quotes_end && quotes_end <= len) {
            return Err(StoreError::Data { path: self.path.clone(), message: format!("story {id}: the stored report's parts do not fit it") });
        }
        // Read whole, the report's topics; bare, none (its array stays empty).
        let topics = if whole {
            let mut topics = self.conn.prepare_cached("SELECT key FROM story_topics WHERE story = ?1 ORDER BY idx").map_err(|e| self.err(e))?;
            let keys = topics.query_map([key], |r| r.get::<_, i64>(0)).map_err(|e| self.err(e))?.collect::<Result<Vec<_>, _>>();
            keys.map_err(|e| self.err(e))?
        } else {
            Vec::new()
        };
        // The report up to its topics' `[`, the topics, the rest from `]`;
        // bare, of the quotes array its `[` and `]` alone.
        let mut parts = std::collections::VecDeque::with_capacity(2 * topics.len() + 3);
        parts.push_back(Part::Report(0, topics_at + 1));
        for (i, &t) in topics.iter().enumerate() {
            if i > 0 {
                parts.push_back(Part::Comma);
            }
            parts.push_back(Part::Topic(t));
        }
        if whole {
            parts.push_back(Part::Report(topics_at + 1, len));
        } else {
            parts.push_back(Part::Report(topics_at + 1, quotes_at + 1));
            parts.push_back(Part::Report(quotes_end - 1, len));
        }
        Ok(Some(Box::new(StoryReader { conn: &self.conn, report, parts, topic: None })))
    }

    /// What the dossier shows of the quotes of the story with this id
    /// (JSON), `None` when there is no such story.
    pub fn story_quote_groups(&self, id: &str) -> Result<Option<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT quote_groups FROM stories WHERE id = ?1").map_err(|e| self.err(e))?;
        let Some(stored) = stmt.query_row([id], |r| r.get::<_, Vec<u8>>(0)).optional().map_err(|e| self.err(e))? else { return Ok(None) };
        self.unpacked_text(&stored, &mut Vec::new(), || format!("story {id}, its quotes")).map(Some)
    }

    /// Call `f` with what the HTML dossier shows of each topic of the story
    /// with this id (JSON, decoded from the packed row), in
    /// the story's order; false when there is no such story. The topics' own
    /// JSON is not read.
    pub fn each_dossier_topic(&self, id: &str, mut f: impl FnMut(&str)) -> Result<bool, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT key FROM stories WHERE id = ?1").map_err(|e| self.err(e))?;
        let Some(key) = stmt.query_row([id], |r| r.get::<_, i64>(0)).optional().map_err(|e| self.err(e))? else { return Ok(false) };
        let mut stmt = self.conn.prepare_cached("SELECT idx, dossier FROM story_topics WHERE story = ?1 ORDER BY idx").map_err(|e| self.err(e))?;
        let mut rows = stmt.query([key]).map_err(|e| self.err(e))?;
        // A packed row is decoded here, one at a time.
        let mut scratch = Vec::new();
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let stored = r.get_ref(1).and_then(|v| Ok(v.as_bytes()?)).map_err(|e| self.err(e))?;
            let bytes = unpacked(stored, &mut scratch).map_err(|e| {
                let idx = r.get::<_, i64>(0).unwrap_or(-1);
                StoreError::Data { path: self.path.clone(), message: format!("story {id}, topic {idx}: {e}") }
            })?;
            f(std::str::from_utf8(bytes).map_err(|e| self.err(rusqlite::Error::Utf8Error(e)))?);
        }
        Ok(true)
    }

    /// The id of the story whose id is `query`, else of the first (largest)
    /// whose label contains it, ignoring case.
    pub fn find_story(&self, query: &str) -> Result<Option<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id FROM stories WHERE id = ?1
                 UNION ALL SELECT * FROM (SELECT id FROM stories INDEXED BY stories_order
                     WHERE instr(lower(label), lower(?1)) > 0
                     ORDER BY size DESC, founder_published, founder_id)
                 LIMIT 1",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_row([query], |r| r.get(0)).optional().map_err(|e| self.err(e))
    }

    /// Topics in report order (stories largest first, each story's topics in
    /// its order), of one story or all, at most `limit`: see
    /// [`Store::each_topic`].
    pub fn topics(&self, story: Option<&str>, limit: Option<usize>) -> Result<Vec<StoredTopic>, StoreError> {
        let limit = limit.unwrap_or(usize::MAX);
        let mut out = Vec::new();
        let mut bad = None;
        self.each_topic(story, true, |t| {
            if out.len() >= limit {
                return false;
            }
            match std::str::from_utf8(t.topic) {
                Ok(json) => out.push(StoredTopic { story: t.story.to_string(), id: t.id.to_string(), label: t.label.to_string(), topic: json.to_string() }),
                Err(e) => bad = Some(StoreError::sqlite(&self.path, rusqlite::Error::Utf8Error(e))),
            }
            bad.is_none()
        })?;
        bad.map_or(Ok(out), Err)
    }

    /// Call `f` with each topic in report order (stories largest first,
    /// each story's topics in its order), of one story or all, until it
    /// returns false: read story by story down the order index, each
    /// story's topics by their position, so nothing is sorted and reading
    /// stops with `f`. With `json`, each topic's JSON is the row as SQLite
    /// holds it, decoded, so memory holds one topic at a time,
    /// whatever the size of the story; without, it is empty and not read
    /// (only its listing is).
    pub fn each_topic(&self, story: Option<&str>, json: bool, mut f: impl FnMut(TopicRow<'_>) -> bool) -> Result<(), StoreError> {
        let stories: Vec<(i64, String)> = match story {
            Some(id) => {
                let mut stmt = self.conn.prepare_cached("SELECT key, id FROM stories WHERE id = ?1").map_err(|e| self.err(e))?;
                stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional().map_err(|e| self.err(e))?.into_iter().collect()
            }
            None => self.story_keys()?,
        };
        let sql = if json {
            "SELECT id, label, listing, topic FROM story_topics WHERE story = ?1 ORDER BY idx"
        } else {
            "SELECT id, label, listing, x'' FROM story_topics WHERE story = ?1 ORDER BY idx"
        };
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        // A packed topic is decoded here, one at a time.
        let mut scratch = Vec::new();
        for (key, id) in stories {
            let mut rows = stmt.query([key]).map_err(|e| self.err(e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                let row = (|| -> rusqlite::Result<TopicRow<'_>> {
                    Ok(TopicRow {
                        story: &id,
                        id: r.get_ref(0)?.as_str()?,
                        label: r.get_ref(1)?.as_str()?,
                        listing: r.get_ref(2)?.as_str()?,
                        topic: r.get_ref(3)?.as_bytes()?,
                    })
                })()
                .map_err(|e| self.err(e))?;
                let row = match json {
                    true => {
                        let topic = unpacked(row.topic, &mut scratch)
                            .map_err(|e| StoreError::Data { path: self.path.clone(), message: format!("story {id}, topic {}: {e}", row.id) })?;
                        TopicRow { topic, ..row }
                    }
                    false => row,
                };
                if !f(row) {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// The topic (JSON) at place `idx` of the story `story` (its id), read
    /// in pieces (SQLite's incremental BLOB I/O), so it is never held whole:
    /// a topic of a large story can be tens of megabytes. `None` when there
    /// is no such topic.
    pub fn story_topic_reader(&self, story: &str, idx: usize) -> Result<Option<Box<dyn std::io::Read + '_>>, StoreError> {
        self.topic_column_reader(story, idx, "topic")
    }

    /// The claims the topic at place `idx` of the story `story` cites, in
    /// the topic's order, without their sentences (JSON lines of
    /// `sitrep_core::Claim`, each `text` empty: the topic's claims hold
    /// them), read in pieces like [`Store::story_topic_reader`]'s topic.
    /// `None` when there is no such topic.
    pub fn story_topic_claims_reader(&self, story: &str, idx: usize) -> Result<Option<Box<dyn std::io::Read + '_>>, StoreError> {
        self.topic_column_reader(story, idx, "claims")
    }

    /// A reader of `column` (packed) of the topic at place `idx` of
    /// the story `story`, `None` when there is no such topic.
    fn topic_column_reader(&self, story: &str, idx: usize, column: &str) -> Result<Option<Box<dyn std::io::Read + '_>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT t.key FROM stories s JOIN story_topics t ON t.story = s.key WHERE s.id = ?1 AND t.idx = ?2")
            .map_err(|e| self.err(e))?;
        let Some(key) = stmt.query_row(params![story, idx], |r| r.get::<_, i64>(0)).optional().map_err(|e| self.err(e))? else {
            return Ok(None);
        };
        let blob = self.conn.blob_open(rusqlite::MAIN_DB, "story_topics", column, key, true).map_err(|e| self.err(e))?;
        let reader = topic_reader(blob).map_err(|e| StoreError::Data { path: self.path.clone(), message: format!("story {story}, topic {idx}: {e}") })?;
        Ok(Some(reader))
    }

    /// Every story's key and id, largest story first.
    fn story_keys(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, id FROM stories INDEXED BY stories_order ORDER BY size DESC, founder_published, founder_id")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(|e| self.err(e))?.collect::<Result<Vec<_>, _>>();
        rows.map_err(|e| self.err(e))
    }

    /// The stories (ids, report order, each once) that have a topic whose
    /// id is `query` (ignoring case), else whose label contains it.
    pub fn stories_with_topic(&self, query: &str) -> Result<Vec<String>, StoreError> {
        // Topic ids are lower case: the id index finds them.
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.id FROM stories s INDEXED BY stories_order
                 WHERE s.key IN (SELECT t.story FROM story_topics t WHERE t.id = lower(?1))
                 ORDER BY s.size DESC, s.founder_published, s.founder_id",
            )
            .map_err(|e| self.err(e))?;
        let by_id = stmt.query_map([query], |r| r.get(0)).map_err(|e| self.err(e))?.collect::<Result<Vec<String>, _>>();
        let by_id = by_id.map_err(|e| self.err(e))?;
        if !by_id.is_empty() {
            return Ok(by_id);
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.id FROM stories s INDEXED BY stories_order
                 WHERE s.key IN (SELECT t.story FROM story_topics t WHERE instr(lower(t.label), lower(?1)) > 0)
                 ORDER BY s.size DESC, s.founder_published, s.founder_id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([query], |r| r.get(0)).map_err(|e| self.err(e))?.collect::<Result<Vec<String>, _>>();
        rows.map_err(|e| self.err(e))
    }

    /// Remove the documents with these ids (and their annotations), in one
    /// transaction; the ids that were stored.
    pub fn remove(&mut self, ids: &[String]) -> Result<Vec<String>, StoreError> {
        let path = self.path.clone();
        let err = |e| StoreError::sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let mut removed = Vec::new();
        {
            let mut stmt = tx.prepare_cached("DELETE FROM documents WHERE id = ?1").map_err(err)?;
            for id in ids {
                if stmt.execute([id]).map_err(err)? > 0 {
                    removed.push(id.clone());
                }
            }
        }
        tx.commit().map_err(err)?;
        Ok(removed)
    }

    /// Call `f` with every document's outlet and publication date, in key
    /// order, one row at a time.
    pub fn each_outlet_date(&self, mut f: impl FnMut(Option<&str>, Option<&str>)) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT outlet, published FROM documents ORDER BY key").map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let (outlet, published): (Option<String>, Option<String>) = (r.get(0).map_err(|e| self.err(e))?, r.get(1).map_err(|e| self.err(e))?);
            f(outlet.as_deref(), published.as_deref());
        }
        Ok(())
    }
}

#[cfg(test)]
mod packing {
    use super::*;

    #[test]
    fn a_frame_given_its_length_after_is_the_frame_packed_with_it() {
        // Empty, one block, several (a block holds 64 KiB).
        for n in [0, 1, 100, 70_000, 300_000] {
            let json: Vec<u8> = (0..n).map(|i| b"{}[],\"abcdefgh0123"[(i * 7 + i / 13) % 18]).collect();
            let mut packer = Packer::new(None);
            std::io::Write::write_all(&mut packer, &json).unwrap();
            assert_eq!(packer.written, n);
            let framed = with_length(packer.finish(), n);
            assert_eq!(framed, pack(&json), "{n} bytes");
            let mut back = Vec::new();
            assert_eq!(unpacked(&framed, &mut back).unwrap(), &json[..], "{n} bytes");
        }
    }
}
