//! Stored, incremental fusion: brings a store's fused stories up to date
//! with its documents (after `ingest`, `reannotate`, `remove`, and before a
//! reading command when an earlier fusion was interrupted).
//!
//! 1. Every document without a fusion input gets one: its text length,
//!    story profile (`sitrep_fuse::stories::profile`) with its names apart,
//!    and copy fingerprint (`sitrep_fuse::dedup::fingerprint`), pure
//!    functions of the document ([`input_of`]). `ingest` and `reannotate`
//!    store each document's input with it, made while the document is in
//!    memory; only the
//!    documents stored without one (by older builds, `serve`, or a fuse
//!    version since changed) are read back here. Inputs stored before the
//!    names were kept apart (schema 11) get them from their stored
//!    profiles, once.
//! 2. Copies are found and the stories clustered again from the stored
//!    inputs alone (`dedup::group_loading`, then `stories::cluster_corpus`
//!    with copies joined first; no document is read): both sort keys and
//!    try a bounded number of candidates per document, O(n log n). A
//!    candidate whose words' letters (`dedup::Letters`, a byte a word, of
//!    every document in memory while the corpus is matched) cannot hold a
//!    copy is turned away without reading its fingerprints; the pairs
//!    found to be copies, and the evidence, are stored (`copy_pairs`), so
//!    they are not compared again, with the same copies as comparing every
//!    pair again, and written while the stories are clustered. The copy keys are posted
//!    (`copy_keys`) and the copies kept (`copy_of`): when few documents
//!    changed (`copy_dirty`, kept by triggers, with the precedence a
//!    document whose keys go had), only the buckets of their keys and the
//!    groups they may split are read and matched again
//!    (`dedup::regroup`), not every document's keys and every stored
//!    comparison; a crowded sentence or quote key's first members are
//!    kept (`copy_heads`), so a document joining it reads none of its
//!    postings. The inputs are read row by row: what stays in memory is
//!    what the copies and plans read of each ([`Kept`]), and when the whole
//!    corpus is matched, first the copy keys (flat, `dedup::CopyKeys`:
//!    about 330 bytes a document), dropped once the candidates are made,
//!    then the letters, then the keys again to be written; once the copies
//!    are matched (and, after a whole match, written), the profiles, read
//!    in a second pass (so the inputs, the keys, the letters, the
//!    candidate pairs and the clustering corpus are never held together);
//!    past the copies, only each document's key is held, and the
//!    rest of its input is read again for the plans once the stories are
//!    clustered ([`inputs_again`]); the words of a
//!    fingerprint are read only when a candidate copy is compared. The
//!    profiles are read without the fingerprints (a table of their own),
//!    and without the documents' rows: the input rows carry the id, date,
//!    hash and annotator version.
//! 3. A story whose member hash (keys, content hashes and annotator
//!    versions of its documents, their copies, and `FUSE_VERSION`) is the
//!    stored one is kept; only the others are fused again from their
//!    documents (read with only the claims fusion reads: from the story's
//!    stored segments where they hold the stored version, else from the
//!    row ingest kept of a new document for its first fusion, else from
//!    the annotation tables, [`story_documents`]; when most documents are
//!    new, the kept rows are read ahead first, in the order they were
//!    written, and once every story is fused they are dropped) and the names of
//!    their stored profiles, all the label reads of them
//!    (`sitrep_fuse::fuse_story_layered`). A story's documents are packed
//!    in its segments, kept or made again, and read back from them: whole
//!    for a small story, by a thread reading ahead; a few layers at a time
//!    for a story larger than a batch, each step of its fusion reading
//!    the layers it needs ([`StoryDocs`]), so its documents are never held
//!    whole (a large story's new segments are stored first, in a
//!    transaction of their own, and read back like its kept ones). The
//!    stories are written, a bounded batch of stories per transaction (the next
//!    batch's documents are read on a second connection meanwhile; a
//!    story larger than a batch is a batch of its own, read by the fusing
//!    thread, nothing else meanwhile), each with the segments of its
//!    documents that changed; stories that no longer exist are deleted
//!    with their segments.
//! 4. The store records the document generation it fused.
//!
//! A kill at any point leaves each story's old result or its new one, and
//! the store marked as behind, so the next command fuses again; the result
//! equals a fusion from scratch of the same documents (`sitrep_fuse::fuse`,
//! which is built from the same steps).

use rayon::prelude::*;
use sitrep_core::report::Report;
use sitrep_core::Document;
use sitrep_core::report::{CopyEvidence, CopyKind};
use sitrep_fuse::dedup::{self, Changes, Copy, CopyKeys, Fingerprint, Gone, Judged, Letters, Matched, Precedence};
use sitrep_fuse::stories::{self, CorpusBuilder};
use sitrep_fuse::timeline::{self, Read, Reading};
use sitrep_fuse::FUSE_VERSION;
use sitrep_store::{digest, CopyOf, CopyPair, CopyUpdate, Dirty, InputBytes, NewInput, NewTopic, Packed, PairFound, SegmentDoc, Segments, Store, StoredReport, StoredSegment, StoredStory, MEMBER_BYTES};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::time::Instant;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::store_cmd::io;

/// Documents whose inputs are computed per transaction.
const INPUT_BATCH: usize = 1024;
/// The copies of the whole corpus are matched again (not only what
/// changed) when more than one document in this many is dirty.
const WHOLE_SHARE: usize = 4;
/// The postings of a whole match are written a range of key values at a
/// time (one range sorted at a time, so the key index is written in
/// order): ranges of at most this many postings (24 bytes each), joined
/// from the [`POSTING_BUCKETS`] equal ranges of key values.
const POSTINGS_AT_ONCE: usize = 1 << 21;
/// Equal ranges of key values counted to cut the postings into ranges of
/// [`POSTINGS_AT_ONCE`] (their keys do not fall evenly: a sketch keeps the
/// smallest hashes of the word pairs, so most fall in the first few
/// sixteenths of the values).
const POSTING_BUCKETS: u32 = 1 << 12;
/// Documents of the stories fused per transaction (a larger story is one
/// transaction of its own).
const FUSE_BATCH_DOCS: usize = 1024;
/// Connections that read a large story's documents from the tables at
/// once, whatever the cores: its rows lie scattered over the file, and
/// from a cold page cache more reads in flight finish sooner (the largest
/// story of a million articles, 104,492 of them, read cold in 38.0 to 41.3 s
/// by two connections, 26.2 s by four, 17.7 to 20.7 s by eight).
const READERS: usize = 8;
/// The page cache of each reader but the first ([`READERS`]), in KiB: each
/// reads its rows' pages about once, and the store's 64 MB each would add
/// up to half a gigabyte while the story is read. A whole match reads
/// every fingerprint through a cache of this size too.
const SHARE_PAGE_CACHE: u32 = 8 * 1024;
/// Threads that read the batches of small stories ahead of their fusion,
/// each with a connection of its own, batch `i` read by thread `i` mod
/// it, so that many batches are read at once, at most this many ahead of
/// the one fused: from a cold page cache a batch's reads wait on the disk
/// one after the other.
const BATCH_READERS: usize = 4;

/// What a refresh did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Refreshed {
    pub stories: usize,
    pub fused: usize,
    pub deleted: usize,
}

/// Let go of the pages `store`'s connection caches (nothing reads them
/// again) and give what SQLite and mimalloc freed back to the system.
fn give_back(store: &Store) -> std::io::Result<()> {
    store.empty_page_cache().map_err(io)?;
    crate::memory::release();
    Ok(())
}

/// What a refresh keeps of a document's fusion input besides its profile
/// (in the clustering corpus) and its copy keys: a million are held
/// through the copies and the clustering, so its id, date and content
/// hash are in one allocation.
struct Kept {
    key: i64,
    length: i64,
    annotator: i64,
    /// Its id, its date and its content hash, one after the other.
    text: Box<[u8]>,
    /// Where its id ends in `text`, and where its date ends (`None` when
    /// it has none).
    ends: (u32, Option<u32>),
}

impl Kept {
    fn new(key: i64, id: &str, published: Option<&str>, length: i64, hash: &[u8], annotator: i64) -> Kept {
        let text = [id.as_bytes(), published.unwrap_or("").as_bytes(), hash].concat().into_boxed_slice();
        let id_end = id.len() as u32;
        Kept { key, length, annotator, text, ends: (id_end, published.map(|p| id_end + p.len() as u32)) }
    }

    fn id(&self) -> &str {
        std::str::from_utf8(&self.text[..self.ends.0 as usize]).unwrap_or("")
    }

    fn published(&self) -> Option<&str> {
        let end = self.ends.1? as usize;
        std::str::from_utf8(&self.text[self.ends.0 as usize..end]).ok()
    }

    fn hash(&self) -> &[u8] {
        &self.text[self.ends.1.unwrap_or(self.ends.0) as usize..]
    }
}

/// Documents' ids, dates and profile bytes as read from the store, in
/// one buffer each, handed to the thread that puts them into the corpus
/// (`CorpusBuilder::push_bytes`) while the next are read.
#[derive(Default)]
struct ProfileRows {
    /// Each document's id then its date.
    text: String,
    profiles: Vec<u8>,
    /// Per document: where its id and its date end in `text`, whether it
    /// has a date, and where its profile ends in `profiles`.
    rows: Vec<(usize, usize, bool, usize)>,
}

/// Documents in a batch of [`ProfileRows`].
const PROFILE_ROWS: usize = 8192;

impl ProfileRows {
    fn push(&mut self, id: &str, published: Option<&str>, profile: &[u8]) {
        self.text.push_str(id);
        let id_end = self.text.len();
        self.text.push_str(published.unwrap_or(""));
        self.profiles.extend_from_slice(profile);
        self.rows.push((id_end, self.text.len(), published.is_some(), self.profiles.len()));
    }

    fn is_full(&self) -> bool {
        self.rows.len() >= PROFILE_ROWS
    }

    /// Put the documents into the corpus, in order.
    fn feed(&self, corpus: &mut CorpusBuilder) {
        let (mut text_at, mut profile_at) = (0, 0);
        for &(id_end, published_end, dated, profile_end) in &self.rows {
            let published = dated.then(|| &self.text[id_end..published_end]);
            corpus.push_bytes(&self.text[text_at..id_end], published, &self.profiles[profile_at..profile_end]);
            (text_at, profile_at) = (published_end, profile_end);
        }
    }
}

/// A story of the new clustering: its id, founder, member keys, the
/// copies among them (each copy's place in `keys`, with its original's:
/// most documents are none, and a million plans are held while the
/// stories are fused) and hash. Its members' identities (what a stored
/// segment holds of them: `sitrep_store::member_id`, 48 bytes each) are
/// read when the story is ([`Store::member_ids`]), not held for every
/// story while the largest is fused.
struct Planned {
    id: String,
    founder: (String, String),
    keys: Vec<i64>,
    copies: Vec<(usize, Copy)>,
    hash: Vec<u8>,
}

impl Planned {
    /// The copies among the story's documents, one entry a document (as
    /// `sitrep_fuse::story_copies` gives them).
    fn copies(&self) -> Vec<Option<Copy>> {
        let mut all = vec![None; self.keys.len()];
        for (d, c) in &self.copies {
            if let Some(at) = all.get_mut(*d) {
                *at = Some(c.clone());
            }
        }
        all
    }
}

/// A document's fusion input: the length of its text, its story profile,
/// the profile's names apart, its copy fingerprint, and the document as
/// fusion reads it, packed (read by its first fusion instead of its
/// annotation rows), as stored.
pub fn input_of(doc: &Document) -> InputBytes {
    let profile = stories::profile(doc);
    InputBytes {
        length: doc.text.len(),
        names: profile.names().to_bytes(),
        profile: profile.to_bytes(),
        fingerprint: dedup::fingerprint(doc).to_bytes(),
        document: sitrep_store::pack_for_fusion(doc, sitrep_fuse::reads_claim),
    }
}

/// What a refresh shows while it works, on standard error when that is a
/// terminal (nothing elsewhere, nor beside the lines of `SITREP_TRACE`):
/// the phase under way, then how many of the documents of the stories to
/// fuse again are fused, with the time left at that pace. Cleared when the
/// refresh ends.
struct Progress(ProgressBar);

impl Progress {
    fn new() -> Progress {
        let bar = ProgressBar::new_spinner();
        if std::env::var_os("SITREP_TRACE").is_some() {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        bar.set_style(ProgressStyle::with_template("{spinner} fusion: {msg} [{elapsed}]").expect("the template is valid"));
        if !bar.is_hidden() {
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
        }
        Progress(bar)
    }

    /// The phase that begins now.
    fn phase(&self, what: &'static str) {
        self.0.set_message(what);
    }

    /// The stories' fusion begins: `stories` of `docs` documents in all.
    fn fusing(&self, stories: usize, docs: u64) {
        self.0.set_length(docs);
        self.0.set_style(Progress::counted(""));
        self.0.set_message(format!("{stories} stories"));
    }

    /// `docs` more documents fused; the time left shown from the first.
    fn fused(&self, docs: u64) {
        if self.0.position() == 0 {
            self.0.set_style(Progress::counted(", {eta} left"));
        }
        self.0.inc(docs);
    }

    /// The style of the stories' fusion, `eta` after the time spent.
    fn counted(eta: &str) -> ProgressStyle {
        ProgressStyle::with_template(&format!("{{spinner}} fusion: {{human_pos}}/{{human_len}} documents of {{msg}} fused [{{elapsed}}{eta}]"))
            .expect("the template is valid")
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// The time each phase of a refresh took, on standard error when the
/// environment variable `SITREP_TRACE` is set (to anything): wall time,
/// and where the system tells it (Linux), the process's CPU time, which
/// other load on the machine does not distort, its resident memory now,
/// the most it held since the line before (sampled every
/// [`SAMPLE_EVERY`] by a thread of its own: a phase's own peak) and its
/// peak so far.
struct Trace {
    on: bool,
    at: Instant,
    cpu: Option<f64>,
}

impl Trace {
    fn new() -> Trace {
        let on = std::env::var_os("SITREP_TRACE").is_some();
        if on {
            sample_resident();
        }
        // The CPU time is read only when traced (a refresh makes a trace per batch).
        Trace { on, at: Instant::now(), cpu: if on { cpu_seconds() } else { None } }
    }

    /// Report the phase that ends now.
    fn done(&mut self, phase: &str) {
        if self.on {
            let cpu = cpu_seconds();
            let kb = sitrep_ingest::limits::proc_status_kb;
            let resident = kb("VmRSS");
            let most = resident.map(|r| MOST_RESIDENT.swap(r, Relaxed).max(r));
            let now = resident.zip(most).map(|(r, m)| format!("; RSS {} MB, at most {} MB in the phase", r / 1024, m / 1024)).unwrap_or_default();
            let peak = kb("VmHWM").map(|kb| format!("{now}; peak RSS {} MB", kb / 1024)).unwrap_or_default();
            let spent = cpu.zip(self.cpu).map(|(now, then)| format!(" (CPU {:.2} s{peak})", now - then)).unwrap_or_default();
            eprintln!("sitrep: refresh: {phase} in {:.2} s{spent}", self.at.elapsed().as_secs_f64());
            self.cpu = cpu;
        }
        self.at = Instant::now();
    }
}

/// How often a traced refresh samples its resident memory.
const SAMPLE_EVERY: std::time::Duration = std::time::Duration::from_millis(20);

/// The most memory (kB) the process held since the last traced line.
static MOST_RESIDENT: AtomicU64 = AtomicU64::new(0);

/// Start sampling the resident memory into [`MOST_RESIDENT`] (once).
fn sample_resident() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        std::thread::spawn(|| {
            while let Some(kb) = sitrep_ingest::limits::proc_status_kb("VmRSS") {
                MOST_RESIDENT.fetch_max(kb, Relaxed);
                std::thread::sleep(SAMPLE_EVERY);
            }
        });
    });
}

/// The CPU time (user and system) this process has used, in seconds, from
/// `/proc/self/stat` (fields 14 and 15, in clock ticks of 1/100 s); `None`
/// where it cannot be read.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces: count from its end.
    let mut fields = stat.get(stat.rfind(')')? + 1..)?.split_whitespace().skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// Bring the stored fusion up to date (nothing to do when it is).
pub fn refresh(store: &mut Store) -> std::io::Result<Refreshed> {
    let (generation, fused) = store.fusion_state().map_err(io)?;
    if generation == fused {
        return Ok(Refreshed::default());
    }
    let mut trace = Trace::new();
    let progress = Progress::new();
    progress.phase("making the documents' fusion inputs");
    let added = add_inputs(store)?;
    trace.done(&format!("inputs made for {added} documents read back"));
    progress.phase("reading the fusion inputs");
    if store.profile_names_missing().map_err(io)? {
        let named = add_profile_names(store)?;
        trace.done(&format!("profile names made for {named} documents stored before them"));
    }
    // The documents whose copies are matched again. When there are many
    // (or nothing is posted yet), the whole corpus is matched.
    let dirty = store.copy_dirty().map_err(io)?;
    let whole = store.copy_keys_empty().map_err(io)? || dirty.len().saturating_mul(WHOLE_SHARE) > usize::try_from(store.last_input_key().map_err(io)?).unwrap_or(0);
    // A whole match reads none of the marks (a first ingest marks every
    // document, 88 bytes each), so they are not held through the refresh.
    let dirty = if whole { Vec::new() } else { dirty };
    // Read every input, keeping per document what the copies and the plan
    // need. The profiles are read in a second pass, once the copies are
    // matched (and, when the whole corpus is, written): the inputs or the
    // copy keys of every document, the candidate pairs and the corpus are
    // never held at once (read with the inputs, a +1,000 into a million
    // held them through the copies: 937 MB).
    let inputs = read_kept(store)?;
    let docs: Vec<i64> = inputs.iter().map(|i| i.key).collect();
    let ranks = dedup::Ranks::of(&precedence(&inputs));
    // Past the ranks only the documents' keys are held (a partial match
    // reads the inputs, then drops them too): the rest of the inputs is
    // read again for the plans once the stories are clustered (a million
    // of them took 170 MB through the copies and the clustering).
    let mut inputs = (!whole).then_some(inputs);
    let mut keys = None;
    let mut changed: Vec<(usize, Fingerprint)> = Vec::new();
    trace.done(&format!("{} inputs read", docs.len()));
    progress.phase("matching copies");
    if whole {
        keys = Some(copy_keys(store, &docs).map_err(io)?);
    } else {
        let places: Vec<usize> = dirty.iter().filter_map(|d| docs.binary_search(&d.doc).ok()).collect();
        let wanted: Vec<i64> = places.iter().map(|&d| docs[d]).collect();
        let bytes = store.fingerprints(&wanted).map_err(io)?;
        changed = places.into_iter().zip(bytes).map(|(d, b)| (d, b.and_then(|b| Fingerprint::keys_from_bytes(&b)).unwrap_or_default())).collect();
    }
    trace.done(&format!("copy keys read ({})", if whole { "every document" } else { "the changed documents" }));
    // Nor are the pages every input was read through (64 MB) read again.
    give_back(store)?;
    let stored_copies = store.copies_of().map_err(io)?;
    let (copies, made, update) = if whole {
        // The words of a candidate's fingerprint are read when it is compared.
        let load = |places: &[usize]| -> std::io::Result<Vec<Fingerprint>> {
            let wanted: Vec<i64> = places.iter().map(|&d| docs[d]).collect();
            let bytes = store.fingerprints(&wanted).map_err(io)?;
            Ok(bytes.into_iter().map(|b| b.and_then(|b| Fingerprint::from_bytes(&b)).unwrap_or_default()).collect())
        };
        // The keys are dropped once the candidates are made, and the
        // letters read then: the keys are read again to be written.
        let letters = || -> std::io::Result<Letters> {
            let mut letters = Letters::default();
            each_print(store, &docs, |bytes| letters.push_bytes(bytes)).map_err(io)?;
            Ok(letters)
        };
        let known = known_pairs(store, &docs)?;
        // Every fingerprint's letters are read once, in a scan, beside a
        // million documents' candidate pairs: the pages go through a small
        // cache, not 64 MB of them kept for nothing at the copies' peak.
        store.limit_page_cache(SHARE_PAGE_CACHE).map_err(io)?;
        let grouped = dedup::group_loading(keys.take().unwrap_or_default(), letters, &ranks, &known, load);
        store.limit_page_cache(sitrep_store::PAGE_CACHE_KIB).map_err(io)?;
        let (copies, made) = grouped?;
        let update = CopyUpdate { whole: true, copies: copy_rows(&copies, &docs), heads: heads_of(&made, &docs), ..Default::default() };
        (copies, made, update)
    } else {
        let inputs = inputs.take().unwrap_or_default();
        matched_again(store, &inputs, &docs, &ranks, &dirty, &changed, &stored_copies)?
    };
    drop((stored_copies, dirty, ranks));
    trace.done("copies matched");
    progress.phase("reading the profiles");
    // The copies alone are held, by document, not a place for every
    // document (through the clustering, 56 MB at a million documents, of
    // which a dozen are copies).
    let copies: Vec<(usize, Copy)> = copies.into_iter().enumerate().filter_map(|(d, c)| Some((d, c?))).collect();
    // The comparisons are written while the stories are clustered (which
    // reads nothing from the store), unless the whole corpus was matched:
    // then they are written first and dropped before the profiles are read.
    let mut pending = Some(Matching { made, update, changed });
    if whole {
        if let Some(matching) = pending.take() {
            matching.write(store, &docs, generation).map_err(io)?;
            trace.done("comparisons written");
        }
    }
    let (corpus, profile_keys) = read_profiles(store)?;
    let corpus = corpus.finish();
    // The clustering stored by the last refresh is continued, unless the
    // profiles read are not those of the documents read first (a store
    // another process changed meanwhile).
    let aligned = profile_keys == docs;
    drop(profile_keys);
    let known = if aligned { store.cluster_state().map_err(io)?.and_then(|state| known(&state, &docs, &corpus, &copies)) } else { None };
    trace.done(&format!("{} profiles read", docs.len()));
    progress.phase("clustering the stories");
    // Nothing reads the pages read so far again before the stories are
    // clustered (a whole match read every profile through them: 64 MB).
    give_back(store)?;
    // The stored stories' hashes are read meanwhile too.
    let (clustered, stored) = std::thread::scope(|scope| {
        let writing = scope.spawn(|| {
            if let Some(matching) = pending.take() {
                matching.write(store, &docs, generation)?;
            }
            store.story_hashes()
        });
        let clustered = stories::cluster_known(corpus, copies.iter().map(|(d, c)| (*d, c.of)), known.as_ref());
        match writing.join() {
            Ok(stored) => stored.map(|s| (clustered, s)).map_err(io),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })?;
    drop(known);
    trace.done(&format!(
        "stories clustered ({} of {} documents' candidates tried{})",
        clustered.tried,
        docs.len(),
        if whole { "" } else { "; comparisons written meanwhile" }
    ));
    if aligned {
        store.put_cluster_state(&cluster_state(&clustered, &docs, &copies)).map_err(io)?;
        trace.done("clustering stored");
    }
    let clusters = clustered.stories;
    progress.phase("planning the stories");
    let inputs = inputs_again(store, &docs)?;
    trace.done("inputs read again");
    let version = FUSE_VERSION.to_le_bytes();
    let plans: Vec<Planned> = clusters
        .members
        .par_iter()
        .map(|m| {
            let founder = stories::founder(m.iter().map(|&d| (inputs[d].id(), inputs[d].published())));
            let copy_of = |d: usize| copies.binary_search_by_key(&d, |(c, _)| *c).ok().map(|i| &copies[i].1);
            let copies = sitrep_fuse::story_copies(copy_of, m);
            // Per member: key, annotator version, content hash, and the
            // copy it is (original's place in the story and the evidence).
            let parts: Vec<Vec<u8>> = m
                .iter()
                .zip(&copies)
                .map(|(&d, c)| {
                    let mut b = Vec::with_capacity(64);
                    b.extend_from_slice(&inputs[d].key.to_le_bytes());
                    b.extend_from_slice(&inputs[d].annotator.to_le_bytes());
                    b.extend_from_slice(inputs[d].hash());
                    if let Some(c) = c {
                        b.extend_from_slice(&(c.of as u64).to_le_bytes());
                        b.extend_from_slice(json(&c.evidence).as_bytes());
                    }
                    b
                })
                .collect();
            let hash = digest(std::iter::once(&version[..]).chain(parts.iter().map(Vec::as_slice)));
            let copies = copies.into_iter().enumerate().filter_map(|(d, c)| Some((d, c?))).collect();
            Planned { id: stories::story_id(&founder.1), hash, keys: m.iter().map(|&d| inputs[d].key).collect(), copies, founder }
        })
        .collect();
    let stories = plans.len();
    // The plans hold all that fusing the stories reads of the corpus.
    drop((inputs, docs, copies, clusters));
    let stored: HashMap<String, Vec<u8>> = stored.into_iter().collect();
    let wanted: HashSet<&str> = plans.iter().map(|p| p.id.as_str()).collect();
    let gone: Vec<String> = stored.keys().filter(|id| !wanted.contains(id.as_str())).cloned().collect();
    let todo: Vec<&Planned> = plans.iter().filter(|p| stored.get(&p.id) != Some(&p.hash)).collect();
    let batches = batched(&todo, |p| p.keys.len());
    trace.done("stories planned");
    if whole {
        // Most documents are new or changed: each read from the row kept
        // for its first fusion, if it has one.
        store.warm_fusion_documents();
        trace.done("documents kept for their first fusion read ahead");
    }
    progress.fusing(todo.len(), todo.iter().map(|p| p.keys.len() as u64).sum());
    fuse_batches(store, &batches, &progress)?;
    let (held, first, read) = (READ.held.load(Relaxed), READ.first.load(Relaxed), READ.read.load(Relaxed));
    let reading = READ.nanos.load(Relaxed) as f64 / 1e9;
    trace.done(&format!(
        "{} stories fused ({held} documents from their segments, {first} kept for their first fusion, {read} from the tables, read in {reading:.2} s)",
        todo.len()
    ));
    store.write_stories(&[], &gone).map_err(io)?;
    // Segments stored ahead for a story a killed refresh did not write,
    // and that this one no longer makes, go.
    store.forget_orphan_segments().map_err(io)?;
    // Every document is in its story's segments now.
    store.forget_fusion_documents().map_err(io)?;
    trace.done("documents kept for their first fusion dropped");
    store.set_fused(generation).map_err(io)?;
    Ok(Refreshed { stories, fused: todo.len(), deleted: gone.len() })
}

/// The copies matched, and the changed documents' copy keys read for it:
/// what a refresh stores of them ([`Matching::write`]).
struct Matching {
    made: Judged,
    update: CopyUpdate,
    /// The changed documents' places and keys, unless the whole corpus was
    /// matched (every document's are read again to be written).
    changed: Vec<(usize, Fingerprint)>,
}

impl Matching {
    /// Store the comparisons made and the keys posted, unless documents
    /// changed meanwhile (the next refresh compares them).
    fn write(self, store: &mut Store, docs: &[i64], generation: i64) -> Result<bool, sitrep_store::StoreError> {
        let Matching { made, update, changed } = self;
        let (keys, places): (CopyKeys, Vec<usize>) = if update.whole {
            (copy_keys(store, docs)?, (0..docs.len()).collect())
        } else {
            let places = changed.iter().map(|(d, _)| *d).collect();
            (CopyKeys::of(&changed.into_iter().map(|(_, p)| p).collect::<Vec<_>>()), places)
        };
        store.put_copy_pairs(stored_pairs(&made, docs), posted_keys(&keys, &places, docs, POSTINGS_AT_ONCE), &update, generation)
    }
}

/// The version of the clustering a refresh stores ([`cluster_state`]): a
/// build whose clustering differs from the one that stored it clusters
/// the whole corpus again rather than continue it.
const CLUSTER_VERSION: i64 = 1;

/// Bytes of a document in a stored clustering: its key, its input's hash,
/// its original's key and its story.
const CLUSTER_DOC: usize = 28;

/// A clustering of the documents with these keys (in key order), whose
/// copies are these, as stored for the next refresh ([`known`]).
fn cluster_state(clustered: &stories::Clustered, docs: &[i64], copies: &[(usize, Copy)]) -> sitrep_store::ClusterState {
    let mut terms = Vec::with_capacity(clustered.terms.len() * 12);
    for (hash, state) in &clustered.terms {
        terms.extend_from_slice(&hash.to_le_bytes());
        terms.extend_from_slice(&state.to_le_bytes());
    }
    let mut bytes = Vec::with_capacity(docs.len() * CLUSTER_DOC);
    let mut copies = copies.iter().peekable();
    for (d, key) in docs.iter().enumerate() {
        let original = copies.next_if(|(c, _)| *c == d).and_then(|(_, c)| docs.get(c.of)).copied().unwrap_or(i64::MIN);
        bytes.extend_from_slice(&key.to_le_bytes());
        bytes.extend_from_slice(&clustered.inputs[d].to_le_bytes());
        bytes.extend_from_slice(&original.to_le_bytes());
        bytes.extend_from_slice(&(clustered.stories.of_doc[d] as u32).to_le_bytes());
    }
    sitrep_store::ClusterState { version: CLUSTER_VERSION, limit: f64::from(clustered.limit), terms, docs: bytes }
}

/// What a stored clustering ([`cluster_state`]) knows of the corpus now
/// (`docs`, the documents' keys, in key order, and their copies): each
/// document's story then, if it was there with the same input and
/// original. `None` for a clustering of another version or bytes it
/// cannot have written: the whole corpus is clustered then.
fn known(state: &sitrep_store::ClusterState, docs: &[i64], corpus: &stories::Corpus, copies: &[(usize, Copy)]) -> Option<stories::Known> {
    if state.version != CLUSTER_VERSION || !state.terms.len().is_multiple_of(12) || !state.docs.len().is_multiple_of(CLUSTER_DOC) {
        return None;
    }
    let word = |b: &[u8], at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("eight bytes"));
    let terms = state.terms.chunks_exact(12).map(|t| (word(t, 0), u32::from_le_bytes(t[8..12].try_into().expect("four bytes")))).collect();
    let then: Vec<&[u8]> = state.docs.chunks_exact(CLUSTER_DOC).collect();
    let story = |t: &[u8]| u32::from_le_bytes(t[24..28].try_into().expect("four bytes"));
    let mut sizes = vec![0u32; then.iter().map(|t| story(t) as usize + 1).max().unwrap_or(0)];
    for t in &then {
        sizes[story(t) as usize] += 1;
    }
    let mut copies = copies.iter().peekable();
    let mut at = 0;
    let story_of = docs
        .iter()
        .enumerate()
        .map(|(d, &key)| {
            let original = copies.next_if(|(c, _)| *c == d).and_then(|(_, c)| docs.get(c.of)).copied().unwrap_or(i64::MIN);
            while at < then.len() && (word(then[at], 0) as i64) < key {
                at += 1;
            }
            let t = then.get(at).filter(|t| word(t, 0) as i64 == key)?;
            (word(t, 8) == corpus.input(d) && word(t, 16) as i64 == original).then(|| story(t))
        })
        .collect();
    Some(stories::Known { limit: state.limit as f32, terms, story_of, sizes })
}

/// The inputs of the documents with these keys (ascending), as
/// [`read_kept`] reads them, read again after the clustering: one that
/// is gone meanwhile (a store changed by another process) is kept bare, so
/// its story's fusion finds it changed and reads it again, as the next
/// refresh does (the fusion state has moved on).
fn inputs_again(store: &Store, docs: &[i64]) -> std::io::Result<Vec<Kept>> {
    let read = read_kept(store)?;
    if read.len() == docs.len() && read.iter().zip(docs).all(|(i, &k)| i.key == k) {
        return Ok(read);
    }
    let mut read = read.into_iter().peekable();
    Ok(docs
        .iter()
        .map(|&key| {
            while read.next_if(|i| i.key < key).is_some() {}
            read.next_if(|i| i.key == key).unwrap_or_else(|| Kept::new(key, "", None, 0, &[], -1))
        })
        .collect())
}

/// Every stored fingerprint's bytes, in the order of `docs` (document
/// keys, ascending), each given to `push`: none for a document without one.
fn each_print(store: &Store, docs: &[i64], mut push: impl FnMut(&[u8])) -> Result<(), sitrep_store::StoreError> {
    let mut next = 0;
    store.each_fingerprint(|key, bytes| {
        // Rows come in key order, which is place order.
        if let Ok(d) = docs.binary_search(&key) {
            while next < d {
                push(&[]);
                next += 1;
            }
            if next == d {
                push(bytes);
                next += 1;
            }
        }
    })?;
    for _ in next..docs.len() {
        push(&[]);
    }
    Ok(())
}

/// Every document's copy keys, in the order of `docs` (document keys, ascending).
fn copy_keys(store: &Store, docs: &[i64]) -> Result<CopyKeys, sitrep_store::StoreError> {
    let mut keys = CopyKeys::default();
    each_print(store, docs, |bytes| keys.push_bytes(bytes))?;
    Ok(keys)
}

/// What a refresh keeps of every document's fusion input ([`Kept`]), in
/// key order.
fn read_kept(store: &Store) -> std::io::Result<Vec<Kept>> {
    let mut inputs: Vec<Kept> = Vec::new();
    store.each_fusion_input(|i| inputs.push(Kept::new(i.key, i.id, i.published, i.length, i.hash, i.annotator))).map_err(io)?;
    Ok(inputs)
}

/// The clustering corpus of every document's profile, in key order, built
/// on another core while the rows are read, a batch of rows at a time.
fn read_profiles(store: &Store) -> std::io::Result<(CorpusBuilder, Vec<i64>)> {
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<ProfileRows>(2);
        let building = scope.spawn(move || {
            let mut corpus = CorpusBuilder::default();
            for rows in receive {
                rows.feed(&mut corpus);
            }
            corpus
        });
        let mut rows = ProfileRows::default();
        let mut keys = Vec::new();
        let read = store.each_fusion_input(|i| {
            keys.push(i.key);
            rows.push(i.id, i.published, i.profile);
            if rows.is_full() {
                // The builder is gone only after a panic, which the join below resumes.
                let _ = send.send(std::mem::take(&mut rows));
            }
        });
        let _ = send.send(rows);
        drop(send);
        let corpus = building.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read.map_err(io)?;
        Ok((corpus, keys))
    })
}

/// The stories to fuse (of `size` documents each) in batches, in their
/// order: a story of more than `FUSE_BATCH_DOCS` documents is a batch of
/// its own, the others fill batches of at most `FUSE_BATCH_DOCS`
/// documents. So a batch of more than `FUSE_BATCH_DOCS` documents is one
/// large story, and every other batch can be read while another is fused.
fn batched<T: std::marker::Copy>(todo: &[T], size: impl Fn(T) -> usize) -> Vec<Vec<T>> {
    let mut batches: Vec<Vec<T>> = Vec::new();
    let mut docs = 0;
    for &story in todo {
        let n = size(story);
        if batches.is_empty() || n > FUSE_BATCH_DOCS || docs + n > FUSE_BATCH_DOCS {
            batches.push(Vec::new());
            docs = 0;
        }
        batches.last_mut().expect("a batch was just pushed").push(story);
        docs += n;
    }
    batches
}

/// The stored comparisons of copy fingerprints that found copies, by place
/// in `inputs` (in key order); those of documents no longer there are left
/// out. The rows are read one at a time, in key order, so the pairs come
/// sorted.
fn known_pairs(store: &Store, keys: &[i64]) -> std::io::Result<Judged> {
    let at = |key: i64| keys.binary_search(&key).ok();
    let mut known = Judged::default();
    store
        .each_copy_pair(|p| {
            let (Some(a), Some(b)) = (at(p.a), at(p.b)) else { return };
            match p.found {
                // A pair stored as no copy (by an older build) is compared again.
                PairFound::Verdict(copy) => {
                    // Places in `keys` fit in u32 as candidates' do; a
                    // pair that would not is compared again.
                    if let (true, Ok(a), Ok(b)) = (copy, u32::try_from(a), u32::try_from(b)) {
                        known.copies.push((a, b));
                    }
                }
                PairFound::Evidence { kind, in_order, sentences, quotes } => {
                    if let Some(evidence) = evidence_of(&kind, in_order, sentences, quotes) {
                        known.evidence.insert((a, b), evidence);
                    }
                }
            }
        })
        .map_err(io)?;
    // Key order is place order: this only checks it.
    known.copies.sort_unstable();
    Ok(known)
}

/// What the copy step reads of the store to match only what changed: the
/// postings, stored comparisons and fingerprints, by place in `keys`
/// (every document's key, ascending).
struct Posted<'a> {
    store: &'a Store,
    keys: &'a [i64],
    /// The dirty documents' keys, sorted.
    dirty: &'a [i64],
}

impl Posted<'_> {
    fn at(&self, key: i64) -> Option<usize> {
        self.keys.binary_search(&key).ok()
    }
}

impl Matched for Posted<'_> {
    type Error = std::io::Error;

    fn members(&mut self, key: u64, limit: Option<usize>) -> std::io::Result<(Vec<usize>, usize)> {
        let docs = self.store.copy_members(key, limit).map_err(io)?;
        let clean = docs.iter().filter(|d| self.dirty.binary_search(d).is_err()).filter_map(|&d| self.at(d)).collect();
        Ok((clean, docs.len()))
    }

    fn copies(&mut self, pairs: &[(usize, usize)]) -> std::io::Result<Vec<bool>> {
        pairs
            .iter()
            .map(|&(a, b)| {
                let found = self.store.copy_pair(self.keys[a], self.keys[b], false).map_err(io)?;
                Ok(found == Some(PairFound::Verdict(true)))
            })
            .collect()
    }

    fn evidence(&mut self, pairs: &[(usize, usize)]) -> std::io::Result<Vec<Option<CopyEvidence>>> {
        pairs
            .iter()
            .map(|&(c, o)| match self.store.copy_pair(self.keys[c], self.keys[o], true).map_err(io)? {
                Some(PairFound::Evidence { kind, in_order, sentences, quotes }) => Ok(evidence_of(&kind, in_order, sentences, quotes)),
                _ => Ok(None),
            })
            .collect()
    }

    fn load(&mut self, docs: &[usize]) -> std::io::Result<Vec<Fingerprint>> {
        let wanted: Vec<i64> = docs.iter().map(|&d| self.keys[d]).collect();
        let bytes = self.store.fingerprints(&wanted).map_err(io)?;
        Ok(bytes.into_iter().map(|b| b.and_then(|b| Fingerprint::from_bytes(&b)).unwrap_or_default()).collect())
    }

    fn heads(&mut self, key: u64) -> std::io::Result<Option<Vec<usize>>> {
        let Some(docs) = self.store.copy_heads(key).map_err(io)? else { return Ok(None) };
        Ok(docs.into_iter().map(|d| self.at(d).filter(|_| self.dirty.binary_search(&d).is_err())).collect())
    }
}

/// Evidence as stored, `None` for a kind this build does not know (it is
/// compared again).
fn evidence_of(kind: &str, in_order: f64, sentences: i64, quotes: i64) -> Option<CopyEvidence> {
    let kind = serde_json::from_str::<CopyKind>(kind).ok()?;
    Some(CopyEvidence { kind, in_order, sentences: usize::try_from(sentences).unwrap_or(0), quotes: usize::try_from(quotes).unwrap_or(0) })
}

/// Match the copies of what changed since the last match
/// (`dedup::regroup`): the `dirty` documents (key, fingerprint posted for
/// it), the current keys of those still there (`changed`, by place), and
/// the copies stored (`inputs` every document's input, `keys` its key).
/// Returns every document's copy, the comparisons made, and what to change
/// in the store.
fn matched_again(
    store: &Store,
    inputs: &[Kept],
    keys: &[i64],
    ranks: &dedup::Ranks,
    dirty: &[Dirty],
    changed: &[(usize, Fingerprint)],
    stored: &[CopyOf],
) -> std::io::Result<(Vec<Option<Copy>>, Judged, CopyUpdate)> {
    let dirty_keys: Vec<i64> = dirty.iter().map(|d| d.doc).collect();
    let mut posted = Posted { store, keys, dirty: &dirty_keys };
    let mut changes = Changes { dirty: changed.to_vec(), ..Default::default() };
    let mut unposted: Vec<(u64, i64)> = Vec::new();
    // Where each document whose keys go stands among the current ones (in
    // hub order: by its id).
    let was: Vec<&str> = dirty.iter().filter(|d| d.posted.is_some()).filter_map(|d| d.was.as_ref()).map(|w| w.id.as_str()).collect();
    let mut placed = if was.is_empty() { Vec::new() } else { dedup::hub_among(&precedence(inputs), &ranks.hub, &was) }.into_iter();
    for d in dirty {
        let Some(posted) = d.posted.as_deref().map(|b| Fingerprint::keys_from_bytes(b).unwrap_or_default()) else { continue };
        unposted.extend(posted.keys().map(|(k, _)| (k, d.doc)));
        let before = if d.was.is_some() { placed.next() } else { None };
        changes.gone.push(Gone { keys: posted, before });
    }
    // The stored copies by place; a copy or original no longer there (or
    // unreadable) makes the other's group be matched again.
    let mut old: Vec<Option<Copy>> = vec![None; keys.len()];
    for c in stored {
        let (i, o) = (posted.at(c.doc), posted.at(c.original));
        match (i, o, evidence_of(&c.kind, c.in_order, c.sentences, c.quotes)) {
            (Some(i), Some(o), Some(evidence)) => old[i] = Some(Copy { of: o, evidence }),
            _ => changes.seeds.extend(i.into_iter().chain(o)),
        }
    }
    let (copies, made) = dedup::regroup(ranks, &old, &changes, &mut posted)?;
    // Only the copies that changed are written.
    let rows = copy_rows(&copies, keys);
    let before: HashMap<i64, &CopyOf> = stored.iter().map(|c| (c.doc, c)).collect();
    let now: HashSet<i64> = rows.iter().map(|c| c.doc).collect();
    let update = CopyUpdate {
        whole: false,
        unposted,
        uncopied: stored.iter().map(|c| c.doc).filter(|d| !now.contains(d)).collect(),
        copies: rows.into_iter().filter(|c| before.get(&c.doc) != Some(&c)).collect(),
        matched: dirty_keys.clone(),
        heads: heads_of(&made, keys),
    };
    Ok((copies, made, update))
}

/// The first members of keys a match gives, by document key.
fn heads_of(made: &Judged, keys: &[i64]) -> Vec<(u64, Vec<i64>)> {
    made.heads.iter().map(|(k, first)| (*k, first.iter().map(|&d| keys[d]).collect())).collect()
}

/// Every document's precedence among copies.
fn precedence(inputs: &[Kept]) -> Vec<Precedence<'_>> {
    inputs.iter().map(|i| Precedence { published: i.published(), length: usize::try_from(i.length).unwrap_or(0), id: i.id() }).collect()
}

/// Every copy as stored, by document key.
fn copy_rows(copies: &[Option<Copy>], keys: &[i64]) -> Vec<CopyOf> {
    copies
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let c = c.as_ref()?;
            Some(CopyOf {
                doc: keys[i],
                original: keys[c.of],
                kind: json(&c.evidence.kind),
                in_order: c.evidence.in_order,
                sentences: i64::try_from(c.evidence.sentences).unwrap_or(i64::MAX),
                quotes: i64::try_from(c.evidence.quotes).unwrap_or(i64::MAX),
            })
        })
        .collect()
}

/// The postings of these documents' copy keys (key, document key), in key
/// order: a range of key values of at most `most`
/// postings at a time ([`posting_ranges`]), sorted within it.
fn posted_keys<'a>(keys: &'a CopyKeys, places: &'a [usize], docs: &'a [i64], most: usize) -> impl Iterator<Item = (u64, i64)> + 'a {
    let bucket = |k: u64| (k >> (64 - POSTING_BUCKETS.trailing_zeros())) as u32;
    let mut counts = vec![0usize; POSTING_BUCKETS as usize];
    for i in 0..keys.len() {
        for (k, _) in keys.keys(i) {
            counts[bucket(k) as usize] += 1;
        }
    }
    posting_ranges(&counts, most).into_iter().flat_map(move |buckets| {
        let mut range: Vec<(u64, i64)> =
            places.iter().enumerate().flat_map(|(i, &d)| keys.keys(i).filter(|&(k, _)| buckets.contains(&bucket(k))).map(move |(k, _)| (k, docs[d]))).collect();
        range.par_sort_unstable();
        range
    })
}

/// Consecutive buckets (of these sizes) joined into ranges of at most
/// `most` (a bucket larger alone is a range of its own), in order; none
/// empty.
fn posting_ranges(counts: &[usize], most: usize) -> Vec<std::ops::Range<u32>> {
    let mut ranges = Vec::new();
    let (mut start, mut held) = (0u32, 0usize);
    for (b, &n) in (0u32..).zip(counts) {
        if held > 0 && held + n > most {
            ranges.push(start..b);
            (start, held) = (b, 0);
        }
        held += n;
    }
    if held > 0 {
        ranges.push(start..u32::try_from(counts.len()).unwrap_or(u32::MAX));
    }
    ranges
}

/// The comparisons `made` (by place in `inputs`) as stored, by key, the
/// pairs found to be copies in key order then the evidence in key order.
fn stored_pairs<'a>(made: &'a Judged, keys: &'a [i64]) -> impl Iterator<Item = CopyPair> + 'a {
    let verdicts = made
        .copies
        .iter()
        .map(|&(a, b)| CopyPair { a: keys[a as usize], b: keys[b as usize], found: PairFound::Verdict(true) });
    let mut evidence: Vec<(&(usize, usize), &CopyEvidence)> = made.evidence.iter().collect();
    evidence.sort_unstable_by_key(|&(&p, _)| p);
    let evidence = evidence.into_iter().map(|(&(a, b), e)| CopyPair {
        a: keys[a],
        b: keys[b],
        found: PairFound::Evidence {
            kind: json(&e.kind),
            in_order: e.in_order,
            sentences: i64::try_from(e.sentences).unwrap_or(i64::MAX),
            quotes: i64::try_from(e.quotes).unwrap_or(i64::MAX),
        },
    });
    verdicts.chain(evidence)
}

/// Compute and store the fusion inputs the store lacks (reading their
/// documents back); how many.
fn add_inputs(store: &mut Store) -> std::io::Result<usize> {
    let missing = store.without_fusion_input(FUSE_VERSION).map_err(io)?;
    for keys in missing.chunks(INPUT_BATCH) {
        let docs: Vec<Document> = store.documents_by_key(keys.to_vec()).collect::<Result<_, _>>().map_err(io)?;
        let inputs: Vec<NewInput> = docs
            .par_iter()
            .map(|d| NewInput { id: d.id.clone(), input: input_of(d) })
            .collect();
        store.put_fusion_inputs(&inputs, FUSE_VERSION).map_err(io)?;
    }
    Ok(missing.len())
}

/// Make the profile names of the fusion inputs stored without them (by
/// schema versions before 10) from their stored profiles, a batch per
/// transaction, then record that none lacks them; how many were made.
fn add_profile_names(store: &mut Store) -> std::io::Result<usize> {
    let mut made = 0;
    let mut after = 0;
    loop {
        let batch = store.profiles_without_names(after, INPUT_BATCH).map_err(io)?;
        let Some(&(last, _)) = batch.last() else { break };
        after = last;
        made += batch.len();
        let names: Vec<(i64, Vec<u8>)> = batch
            .into_par_iter()
            .map(|(key, bytes)| (key, stories::Profile::from_bytes(&bytes).unwrap_or_default().names().to_bytes()))
            .collect();
        store.put_profile_names(&names, false).map_err(io)?;
    }
    store.put_profile_names(&[], true).map_err(io)?;
    Ok(made)
}

/// A story's documents, the names of their stored profiles (bytes), and
/// its segments to write.
type Loaded = (StoryDocs, Vec<Option<Vec<u8>>>, Segments);

/// A planned story's documents as its fusion reads them: their metadata,
/// in key order, and where their layers are read from, a few at a time
/// (`sitrep_fuse::fuse_story_layered`), so a large story is never held
/// whole.
#[derive(Debug)]
struct StoryDocs {
    /// Each document with its metadata alone.
    docs: Vec<Document>,
    layers: Layered,
}

/// Where a story's documents' layers are.
#[derive(Debug)]
enum Layered {
    /// In segments, packed: each with the places in the story of the
    /// documents it holds, in its order (a cut of the story's members, so
    /// a range, not a list: a list of each segment's places, made once the
    /// documents kept for a story's first fusion were freed, took a little
    /// of each page they had held, which then stayed resident). Every
    /// document is in one, and every one of them reads (each was read once
    /// when loaded).
    /// The stored ones are read again, a few at a time, by `stored` (a
    /// connection of its own), each time layers are: a large story's
    /// segments are hundreds of megabytes, not held through its fusion.
    Packed { packs: Vec<(Pack, std::ops::Range<usize>)>, stored: Store },
    /// In the documents, read whole from the tables.
    Owned(Vec<Document>),
}

/// A segment the layers of a story's documents are read from.
#[derive(Debug, Clone, Copy)]
enum Pack {
    /// Stored, and kept as it is: its key.
    Stored(i64),
    /// Made of the story's documents now (`Segments::new`, by place).
    New(usize),
}

/// The layers of a story's documents as [`sitrep_fuse::StoryLayers`], its
/// new segments beside (what [`Pack::New`] points at); the first error
/// reading them (which a document read once never gives) is kept, the
/// documents it concerns left without the layers asked for.
struct Source<'a> {
    layers: &'a mut Layered,
    new: &'a [sitrep_store::NewSegment],
    failed: Option<std::io::Error>,
    /// The timeline readings made of stored segments that kept none, to
    /// keep with them ([`Source::readings`]), and their bytes.
    made: Vec<sitrep_store::SegmentReadings>,
    made_bytes: Vec<u8>,
}

/// Stored segments a story's layers are read from at once ([`Source`]).
const PACKS_AT_ONCE: usize = 64;

/// A segment of a story's, read for its layers.
enum Segment<'n> {
    Stored(StoredSegment),
    New(&'n sitrep_store::NewSegment),
}

/// The segments of `chunk` (a few of a story's packs), the stored ones
/// read again by `stored`, the new ones from `new`.
fn segments_of<'n>(stored: &Store, new: &'n [sitrep_store::NewSegment], chunk: &[(Pack, std::ops::Range<usize>)]) -> std::io::Result<Vec<Segment<'n>>> {
    let keys: Vec<i64> = chunk.iter().filter_map(|(p, _)| if let Pack::Stored(k) = p { Some(*k) } else { None }).collect();
    let mut read = stored.segments(&keys).map_err(io)?.into_iter();
    chunk
        .iter()
        .map(|(p, _)| match p {
            Pack::Stored(_) => read.next().map(Segment::Stored).ok_or_else(|| std::io::Error::other("a stored segment is gone")),
            Pack::New(i) => new.get(*i).map(Segment::New).ok_or_else(|| std::io::Error::other("no such new segment")),
        })
        .collect()
}

/// The documents of a segment that a story holds (`members`: their places
/// in the story, in the segment's order), with these layers, each with its
/// place in the story.
fn read_pack(segment: &Segment<'_>, members: &std::ops::Range<usize>, layers: sitrep_core::Layers) -> std::io::Result<Vec<(usize, Document)>> {
    let unpacked = match segment {
        Segment::Stored(s) => s.unpack(),
        Segment::New(s) => s.unpack(),
    }?;
    members.clone().enumerate().map(|(j, p)| Ok((p, unpacked.document_layers(j, layers)?))).collect()
}

/// Read `layers` of a story's documents from its segments (`packs`: the
/// stored ones by `stored`, the new ones in `new`), [`PACKS_AT_ONCE`] at a
/// time, each few on every core: `each` makes something of a segment's
/// documents (each with its place in the story), with the state `init`
/// made for its thread, and `sink` takes it, in the segments' order. The
/// first error is kept in `failed`, the segments it concerns left out.
fn each_segment<S, R: Send>(
    (packs, stored, new): (&[(Pack, std::ops::Range<usize>)], &Store, &[sitrep_store::NewSegment]),
    failed: &mut Option<std::io::Error>,
    layers: sitrep_core::Layers,
    init: impl Fn() -> S + Sync + Send,
    each: impl Fn(&mut S, Vec<(usize, Document)>) -> R + Sync + Send,
    mut sink: impl FnMut(R),
) {
    for chunk in packs.chunks(PACKS_AT_ONCE) {
        let segments = match segments_of(stored, new, chunk) {
            Ok(segments) => segments,
            Err(e) => {
                failed.get_or_insert(e);
                continue;
            }
        };
        let made: Vec<std::io::Result<R>> = chunk
            .par_iter()
            .zip(segments.par_iter())
            .map_init(&init, |state, ((_, members), segment)| Ok(each(state, read_pack(segment, members, layers)?)))
            .collect();
        for r in made {
            match r {
                Ok(r) => sink(r),
                Err(e) => {
                    failed.get_or_insert(e);
                }
            }
        }
    }
}

impl sitrep_fuse::StoryLayers for Source<'_> {
    fn fill_seeing<R: Send + Default>(
        &mut self,
        layers: sitrep_core::Layers,
        seen: sitrep_core::Layers,
        docs: &mut [Document],
        see: impl Fn(usize, &Document) -> R + Sync + Send,
    ) -> Vec<R> {
        let (packs, stored) = match self.layers {
            Layered::Owned(held) => return held.fill_seeing(layers, seen, docs, see),
            Layered::Packed { packs, stored } => (packs, stored),
        };
        let mut made: Vec<R> = (0..docs.len()).map(|_| R::default()).collect();
        // Each document seen on the core that read it, and what is seen
        // only dropped there (freed by the thread that allocated it, its
        // memory is that thread's to use again at once); its layers moved after.
        let look = |_: &mut (), held: Vec<(usize, Document)>| {
            held.into_iter()
                .map(|(p, mut d)| {
                    let r = see(p, &d);
                    d.drop_layers(seen.without(layers));
                    (r, p, d)
                })
                .collect::<Vec<_>>()
        };
        let put = |held: Vec<(R, usize, Document)>| {
            for (r, p, mut d) in held {
                docs[p].take_layers(&mut d, layers);
                made[p] = r;
            }
        };
        each_segment((packs, stored, self.new), &mut self.failed, layers.and(seen), || (), look, put);
        made
    }

    fn each_part<S, R: Send>(
        &mut self,
        layers: sitrep_core::Layers,
        init: impl Fn() -> S + Sync + Send,
        each: impl Fn(&mut S, &[(usize, &Document)]) -> R + Sync + Send,
    ) -> Vec<R> {
        let (packs, stored) = match self.layers {
            Layered::Owned(held) => return held.each_part(layers, init, each),
            Layered::Packed { packs, stored } => (packs, stored),
        };
        let mut made = Vec::new();
        let lend = |state: &mut S, docs: Vec<(usize, Document)>| each(state, &docs.iter().map(|(p, d)| (*p, d)).collect::<Vec<_>>());
        each_segment((packs, stored, self.new), &mut self.failed, layers, init, lend, |r| made.push(r));
        made
    }

    /// The readings kept of the stored segments, where they were made by
    /// this fuse version and with the anchor their undated documents take
    /// now; the other segments' documents read (their texts, sentences
    /// and times), and the readings of the stored ones among them kept in
    /// `made`, to store.
    fn readings(&mut self, reading: &Reading) -> Vec<(usize, Read)> {
        let (packs, stored) = match self.layers {
            Layered::Owned(held) => return held.readings(reading),
            Layered::Packed { packs, stored } => (&*packs, &*stored),
        };
        let anchor = |members: &std::ops::Range<usize>| members.clone().find_map(|p| reading.anchor(p)).unwrap_or_default().to_string();
        let keys: Vec<i64> = packs.iter().filter_map(|(p, _)| if let Pack::Stored(k) = p { Some(*k) } else { None }).collect();
        // Readings that cannot be read are made again.
        let kept = stored.segment_readings(&keys, FUSE_VERSION).unwrap_or_default();
        let restored: Vec<Option<Vec<(usize, Read)>>> = packs
            .par_iter()
            .map_init(timeline::Seen::default, |seen, (pack, members)| {
                let Pack::Stored(key) = pack else { return None };
                let (made_with, bytes) = kept.get(key)?;
                if *made_with != anchor(members) {
                    return None;
                }
                let mut bytes = bytes.as_slice();
                let read: Option<Vec<(usize, Read)>> = members.clone().map(|p| Some((p, reading.restore(seen, p, &mut bytes)?))).collect();
                read.filter(|_| bytes.is_empty())
            })
            .collect();
        let mut read = Vec::with_capacity(packs.iter().map(|(_, m)| m.len()).sum());
        let mut todo = Vec::new();
        for (pack, r) in packs.iter().zip(restored) {
            match r {
                Some(r) => read.extend(r),
                None => todo.push(pack.clone()),
            }
        }
        // The stored segments read again, by the place of their first document.
        let stored_at: HashMap<usize, (i64, &std::ops::Range<usize>)> =
            todo.iter().filter_map(|(p, m)| if let Pack::Stored(k) = p { Some((m.start, (*k, m))) } else { None }).collect();
        let layers = sitrep_core::Layers::TEXT.and(sitrep_core::Layers::SENTENCES).and(sitrep_core::Layers::TIMES);
        let (made, bytes) = (&mut self.made, &mut self.made_bytes);
        let each = |seen: &mut timeline::Seen, docs: Vec<(usize, Document)>| docs.iter().map(|(p, d)| (*p, reading.read(seen, *p, d))).collect::<Vec<_>>();
        // The stored segments' readings are made into bytes here, on the
        // fusing thread, one after the other in one buffer: held until the
        // story is written, one buffer a segment (made by the pool's
        // threads, or even by this one) kept hundreds of megabytes of
        // pages from going back after a large story's fusion.
        each_segment((&todo, stored, self.new), &mut self.failed, layers, timeline::Seen::default, each, |r: Vec<(usize, Read)>| {
            if let Some(&(segment, members)) = r.first().and_then(|(p, _)| stored_at.get(p)) {
                let start = bytes.len();
                match r.iter().try_for_each(|(_, r)| r.to_bytes(bytes)) {
                    Some(()) => made.push(sitrep_store::SegmentReadings { segment, version: FUSE_VERSION, anchor: anchor(members), bytes: start..bytes.len() }),
                    None => bytes.truncate(start),
                }
            }
            read.extend(r);
        });
        read
    }
}

impl StoryDocs {
    /// The story's documents with every layer.
    #[cfg(test)]
    fn whole(self, segments: &Segments) -> Vec<Document> {
        let StoryDocs { mut docs, mut layers } = self;
        let mut source = Source { layers: &mut layers, new: &segments.new, failed: None, made: Vec::new(), made_bytes: Vec::new() };
        sitrep_fuse::StoryLayers::fill(&mut source, sitrep_core::Layers::BODY, &mut docs);
        assert!(source.failed.is_none());
        docs
    }
}

/// Fuse the planned stories from their documents and write them, a batch
/// per transaction, each written by a writer thread (a connection of its
/// own) while the next is read and fused. The documents of the batches
/// that follow are read meanwhile by [`BATCH_READERS`] threads (each with
/// a connection of its own), at most that many batches ahead. A batch
/// larger than `FUSE_BATCH_DOCS` (one story larger than a batch, see
/// [`batched`]) is read by the fusing thread itself, with [`READERS`]
/// connections ([`load_large`]), once the batch before it is fused, and
/// no batch after it is read before it is fused: a few batches of
/// documents at most are held besides the one fused, and none beside a
/// large story. (Read in another thread, a large story's documents took
/// new memory in that thread's allocator arena while the memory the
/// clustering had freed stayed in the first's: peak RSS +160 MB at
/// 100,000 articles.)
fn fuse_batches(store: &Store, batches: &[Vec<&Planned>], progress: &Progress) -> std::io::Result<()> {
    if batches.is_empty() {
        return Ok(());
    }
    let docs = |i: usize| batches[i].iter().map(|p| p.keys.len()).sum::<usize>();
    // Whether batch `i` is one story larger than a batch: read by the
    // fusing thread after batch `i - 1` is fused and handed to the writer,
    // and nothing read while it is fused.
    let alone = |i: usize| docs(i) > FUSE_BATCH_DOCS;
    // The batch the fusing side must wait for before batch `i` is read: at
    // most `BATCH_READERS` ahead, and after the last large story before it.
    let mut after = vec![0; batches.len()];
    let mut last_alone = None;
    for (i, a) in after.iter_mut().enumerate() {
        *a = i.saturating_sub(BATCH_READERS).max(last_alone.map_or(0, |j: usize| j + 1));
        if alone(i) {
            last_alone = Some(i);
        }
    }
    let path = store.path().to_path_buf();
    let written_to = path.clone();
    // The place of the batch the fusing side waits for, `usize::MAX` once
    // it stops; the readers wait on it.
    let wanted = (std::sync::Mutex::new(0usize), std::sync::Condvar::new());
    std::thread::scope(|scope| {
        // Reader `r`'s batches, in order; `None`: the fusing thread reads that batch itself.
        let mut receivers = Vec::with_capacity(BATCH_READERS);
        for r in 0..BATCH_READERS.min(batches.len()) {
            let (send, receive) = std::sync::mpsc::sync_channel::<std::io::Result<Option<Vec<Loaded>>>>(1);
            receivers.push(receive);
            let (path, wanted, after) = (&path, &wanted, &after);
            scope.spawn(move || {
                let reader = match Store::open_existing(path).and_then(|s| if r > 0 { s.limit_page_cache(SHARE_PAGE_CACHE).map(|()| s) } else { Ok(s) }) {
                    Ok(reader) => reader,
                    Err(e) => return drop(send.send(Err(io(e)))),
                };
                for i in (r..batches.len()).step_by(BATCH_READERS) {
                    {
                        let (lock, turn) = wanted;
                        let mut w = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                        while *w < after[i] {
                            w = turn.wait(w).unwrap_or_else(std::sync::PoisonError::into_inner);
                        }
                        if *w == usize::MAX {
                            return;
                        }
                    }
                    let loaded = if alone(i) { Ok(None) } else { load_batch(&reader, &batches[i]).map(Some) };
                    let failed = loaded.is_err();
                    // The receiver is gone only after an error of its own.
                    if send.send(loaded).is_err() || failed {
                        return;
                    }
                }
            });
        }
        let ask = |i: usize| {
            let (lock, turn) = &wanted;
            *lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = i;
            turn.notify_all();
        };
        // The writer: its own connection writes each batch (one
        // transaction) while the next is read and fused; one batch at most
        // waits for it. It is the refresh's only writer here: a large
        // story's new segments are stored by it too, after the batch before
        // is written (written by another connection, they waited on that
        // batch's transaction, and past `BUSY_TIMEOUT` on a busy disk the
        // refresh stopped with "locked").
        let (write, to_write) = std::sync::mpsc::sync_channel::<Write>(0);
        let writer = scope.spawn(move || -> std::io::Result<()> {
            let mut out = Store::open_existing(&written_to).map_err(io)?;
            for job in to_write {
                match job {
                    Write::Stories(stored, large) => {
                        out.write_stories(&stored, &[]).map_err(io)?;
                        if large {
                            // What SQLite held to write the story goes back to the
                            // system (rayon's pool is fusing the next batch meanwhile).
                            drop(stored);
                            crate::memory::release_here();
                        }
                    }
                    Write::Segments { story, new, done } => {
                        let keys = out.put_segments(&story, &new).map_err(io);
                        // The pages written are not read again by this connection.
                        let keys = keys.and_then(|k| out.empty_page_cache().map(|()| k).map_err(io));
                        crate::memory::release_here();
                        // The fusing side waits for the answer; it is gone
                        // only after an error of its own.
                        if done.send((new, keys)).is_err() {
                            break;
                        }
                    }
                }
            }
            Ok(())
        });
        // A large story's new segments, stored by the writer: their keys,
        // and the segments handed back (freed where they were made).
        let put_segments = |story: &str, new: Vec<sitrep_store::NewSegment>| -> std::io::Result<(Vec<sitrep_store::NewSegment>, Vec<i64>)> {
            let (done, answer) = std::sync::mpsc::sync_channel(1);
            let gone = || std::io::Error::other("the writer stopped");
            write.send(Write::Segments { story: story.to_string(), new, done }).map_err(|_| gone())?;
            let (new, keys) = answer.recv().map_err(|_| gone())?;
            Ok((new, keys?))
        };
        let fused = (|| -> std::io::Result<()> {
            for (i, batch) in batches.iter().enumerate() {
                ask(i);
                // A large story's steps are traced one by one.
                let mut trace = Trace::new();
                // A reader is gone before its batch only after an error it has sent.
                let loaded = match receivers[i % BATCH_READERS].recv().map_err(std::io::Error::other)?? {
                    Some(loaded) => loaded,
                    None => {
                        // What SQLite freed in the steps before, and the
                        // pages it holds of them, go back to the system
                        // before a large story is read.
                        give_back(store)?;
                        let mut loaded = load_large(store, batch)?;
                        trace.done(&format!("story {} of {} documents read", batch[0].id, docs(i)));
                        let mut stored_new = false;
                        if let [(story, _, segments)] = &mut loaded[..] {
                            if !segments.new.is_empty() {
                                store_new_segments(&batch[0].id, story, segments, &put_segments)?;
                                stored_new = true;
                            }
                        }
                        // Nor are the pages the story was read from (its
                        // layers are read again by a connection of their own).
                        give_back(store)?;
                        if stored_new {
                            trace.done(&format!("story {}'s new segments stored", batch[0].id));
                        }
                        loaded
                    }
                };
                let stored = match (alone(i), &batch[..], loaded.len()) {
                    (true, [plan], 1) => {
                        let (fused, segments) = fuse_loaded(plan, loaded.into_iter().next().expect("one story"))?;
                        trace.done(&format!("story {} fused", plan.id));
                        let stored = stored_story(plan, fused, segments)?;
                        trace.done(&format!("story {} serialised", plan.id));
                        vec![stored]
                    }
                    _ => fuse_batch(batch, loaded)?,
                };
                // SQLite copies a large story's report (binding it, then
                // making its row) in new mappings: what its reading freed
                // goes back first.
                if alone(i) {
                    crate::memory::release();
                }
                // The writer is gone only after an error of its own.
                if write.send(Write::Stories(stored, alone(i))).is_err() {
                    break;
                }
                progress.fused(docs(i) as u64);
            }
            Ok(())
        })();
        // The readers stop (after an error, with batches left unread).
        ask(usize::MAX);
        drop(receivers);
        drop(write);
        let written = writer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        fused.and(written)
    })
}

/// What [`fuse_batches`]' writer thread is given.
enum Write {
    /// A batch's stories, and whether the batch is one large story.
    Stories(Vec<StoredStory>, bool),
    /// A large story's new segments, to store now: `done` is given them
    /// back with their keys.
    Segments { story: String, new: Vec<sitrep_store::NewSegment>, done: std::sync::mpsc::SyncSender<(Vec<sitrep_store::NewSegment>, std::io::Result<Vec<i64>>)> },
}

/// Store a large story's new segments before it is fused (its first
/// fusion packs all of them: 264 MB for the largest of a million generated
/// articles), its layers then read from them as from its kept segments,
/// instead of held through its fusion. [`Segments`] lists them as kept.
/// `put` stores them (the refresh's writer) and hands them back with
/// their keys.
fn store_new_segments(
    id: &str,
    docs: &mut StoryDocs,
    segments: &mut Segments,
    put: impl FnOnce(&str, Vec<sitrep_store::NewSegment>) -> std::io::Result<(Vec<sitrep_store::NewSegment>, Vec<i64>)>,
) -> std::io::Result<()> {
    let Layered::Packed { packs, .. } = &mut docs.layers else { return Ok(()) };
    // Handed back to be freed on this thread, where they were made.
    let (new, keys) = put(id, std::mem::take(&mut segments.new))?;
    drop(new);
    for (pack, _) in packs.iter_mut() {
        if let Pack::New(i) = *pack {
            *pack = Pack::Stored(*keys.get(i).ok_or_else(|| std::io::Error::other(format!("story {id}: a new segment was not stored")))?);
        }
    }
    segments.kept.extend(keys);
    Ok(())
}

/// The documents and stored profiles of each planned story, the documents
/// with only what fusion reads of their claims and quantities
/// (`sitrep_fuse::reads_claim`), and its segments.
fn load_batch(store: &Store, plans: &[&Planned]) -> std::io::Result<Vec<Loaded>> {
    let mut loaded: Vec<Loaded> = Vec::with_capacity(plans.len());
    for p in plans {
        let ids = store.member_ids(&p.keys).map_err(io)?;
        let (docs, segments) = story_documents(store, p, &ids, true, |keys| documents_of(store, keys))?;
        loaded.push((docs, store.profile_names(&p.keys).map_err(io)?, segments));
    }
    Ok(loaded)
}

/// The documents with these keys, with only what fusion reads of their
/// claims and quantities, in key order.
fn documents_of(store: &Store, keys: &[i64]) -> std::io::Result<Vec<Document>> {
    store.documents_for(keys.to_vec(), sitrep_fuse::reads_claim).collect::<Result<_, _>>().map_err(io)
}

/// What a batch that is one large story reads: [`load_batch`]'s
/// documents, stored profiles and segments, the documents its segments do
/// not hold read a share each by [`READERS`] connections
/// (`store` reading the first share, the others their own connection in a
/// thread of their own), then put together in key order; its profiles'
/// names are read meanwhile by another connection.
fn load_large(store: &Store, plans: &[&Planned]) -> std::io::Result<Vec<Loaded>> {
    let [plan] = plans else { return load_batch(store, plans) };
    let path = store.path();
    std::thread::scope(|scope| {
        // The profiles' names read meanwhile, by a connection of their own.
        let names = scope.spawn(|| Store::open_existing(path).and_then(|s| s.profile_names(&plan.keys)).map_err(io));
        let ids = store.member_ids(&plan.keys).map_err(io)?;
        let (docs, segments) = story_documents(store, plan, &ids, false, |keys| read_shares(store, keys))?;
        let names = names.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        Ok(vec![(docs, names, segments)])
    })
}

/// The documents with these keys as [`documents_of`] reads them, a share
/// each read by [`READERS`] connections (`store` the first).
fn read_shares(store: &Store, keys: &[i64]) -> std::io::Result<Vec<Document>> {
    let share = keys.len().div_ceil(READERS).max(1);
    let shares: Vec<&[i64]> = keys.chunks(share).collect();
    let path = store.path();
    std::thread::scope(|scope| -> std::io::Result<Vec<Document>> {
        let others: Vec<_> = shares
            .iter()
            .skip(1)
            .map(|&keys| {
                scope.spawn(move || {
                    let reader = Store::open_existing(path).map_err(io)?;
                    reader.limit_page_cache(SHARE_PAGE_CACHE).map_err(io)?;
                    documents_of(&reader, keys)
                })
            })
            .collect();
        let mut docs = match shares.first() {
            Some(keys) => documents_of(store, keys)?,
            None => Vec::new(),
        };
        for other in others {
            docs.extend(other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?);
        }
        Ok(docs)
    })
}

/// Members a story's segment holds on average: a segment ends after a
/// member whose key's hash ([`ends_segment`]) is a multiple of it, so
/// where a story is cut depends on its members' keys alone, and documents
/// added (with keys above all others, in ingest order) change only its
/// last segment; the others are kept as stored.
const SEGMENT: u64 = 128;

/// Whether a segment ends after the member with this key (a SplitMix64
/// finaliser of the key, so the cuts fall evenly whatever the keys' spacing).
fn ends_segment(key: i64) -> bool {
    let mut z = (key as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z ^ (z >> 31)).is_multiple_of(SEGMENT)
}

/// Where members with these keys (ascending) are cut into segments: after
/// each that [`ends_segment`], and after the last.
fn cuts(keys: &[i64]) -> Vec<std::ops::Range<usize>> {
    let mut cuts = Vec::new();
    let mut start = 0;
    for (i, &key) in keys.iter().enumerate() {
        if ends_segment(key) || i + 1 == keys.len() {
            cuts.push(start..i + 1);
            start = i + 1;
        }
    }
    cuts
}

/// A planned story's documents as fusion reads them ([`StoryDocs`], in
/// key order): those its stored segments hold in the version stored now
/// (by identity, `ids` giving each member's, as [`Store::member_ids`]
/// reads them; decoded on every core as each is read), then, a few cuts
/// at a time as their segments are packed ([`Held::segments`]), those
/// kept for their first fusion in that version
/// (`Store::fusion_documents`), the others read with `read` (given their
/// keys in order; [`documents_of`]), and the segments to write of it: its members cut by
/// [`ends_segment`], a stored segment with the same members kept, the
/// others packed from the documents, on every core. With `whole` the
/// documents are read whole (a small story, read ahead of its fusion);
/// else their metadata alone, a cut packed again reading its documents
/// whole, and each document's layers are read when fusion asks for them
/// from the segment that holds it, kept or new (a large story, never held
/// whole). A segment that cannot be read holds nothing (and is written
/// again); when `read` finds fewer documents than asked (removed
/// meanwhile) the story is read whole from the tables and its segments are
/// dropped (the next fusion writes them).
fn story_documents(
    store: &Store,
    plan: &Planned,
    ids: &[[u8; MEMBER_BYTES]],
    whole: bool,
    read: impl Fn(&[i64]) -> std::io::Result<Vec<Document>>,
) -> std::io::Result<(StoryDocs, Segments)> {
    let _timed = Timed(Instant::now());
    let read = |keys: &[i64]| {
        READ.read.fetch_add(keys.len(), Relaxed);
        read(keys)
    };
    let layers = if whole { sitrep_core::Layers::ALL } else { sitrep_core::Layers::METADATA };
    let place: HashMap<&[u8], usize> = ids.iter().enumerate().map(|(i, id)| (&id[..], i)).collect();
    let place = &place;
    // Each segment unpacked and checked on another core as soon as it is
    // read (its unpacked bytes freed once its documents are, while the next
    // is read): the metadata of the documents it holds that the plan has,
    // and whether all of them could be read (a segment that cannot is never
    // kept: its cut is written again).
    let decoded: std::sync::Mutex<Vec<(usize, Decoded)>> = std::sync::Mutex::new(Vec::new());
    let mut read_all = Ok(());
    rayon::in_place_scope(|scope| {
        let mut n = 0;
        read_all = store
            .each_story_segment(&plan.id, |seg| {
                let (decoded, at) = (&decoded, n);
                n += 1;
                scope.spawn(move |_| {
                    let done = decode(seg, place, layers);
                    decoded.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((at, done));
                });
            })
            .map_err(io);
    });
    read_all?;
    let mut decoded = decoded.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    decoded.sort_unstable_by_key(|(at, _)| *at);
    let mut held = Held { docs: (0..plan.keys.len()).map(|_| None).collect(), packs: Vec::new(), whole: Vec::new() };
    for (_, d) in decoded {
        held.add(d);
    }
    READ.held.fetch_add(held.docs.iter().filter(|d| d.is_some()).count(), Relaxed);
    held.segments(store, plan, ids, place, layers, read)
}

/// A story's documents read whole from the tables, with no segments (the
/// next fusion writes them): what [`story_documents`] falls back on when
/// a document is found neither in a segment nor in a kept row nor in
/// the tables (removed meanwhile).
fn from_tables(plan: &Planned, read: impl Fn(&[i64]) -> std::io::Result<Vec<Document>>) -> std::io::Result<(StoryDocs, Segments)> {
    let mut docs = read(&plan.keys)?;
    let bodies = docs.iter_mut().map(|d| d.split_off(sitrep_core::Layers::BODY)).collect();
    Ok((StoryDocs { docs, layers: Layered::Owned(bodies) }, Segments::default()))
}

/// What the stories' documents were read from, and the time it took (in
/// all threads), for `SITREP_TRACE`.
struct Reads {
    held: AtomicUsize,
    first: AtomicUsize,
    read: AtomicUsize,
    nanos: AtomicU64,
}

static READ: Reads = Reads { held: AtomicUsize::new(0), first: AtomicUsize::new(0), read: AtomicUsize::new(0), nanos: AtomicU64::new(0) };

/// A story's reading ([`story_documents`]) begun at this instant: the
/// time it took is counted in [`READ`] however it ends.
struct Timed(Instant);

impl Drop for Timed {
    fn drop(&mut self) {
        READ.nanos.fetch_add(self.0.elapsed().as_nanos() as u64, Relaxed);
    }
}

/// The documents of a story as read from its segments and kept rows, on
/// their way to a [`StoryDocs`].
struct Held {
    /// Each document as read (whole, or its metadata alone) and where it
    /// is (a place in `packs` and in that segment), once read.
    docs: Vec<Option<(Document, usize, usize)>>,
    /// The segments the documents were read from, each `None` once no
    /// cut left to pack takes documents from it.
    packs: Vec<Option<StoredSegment>>,
    /// Whether each of `packs` could be read whole.
    whole: Vec<bool>,
}

impl Held {
    /// The documents of a segment read ([`decode`]).
    fn add(&mut self, d: Decoded) {
        if d.docs.is_empty() {
            return;
        }
        let k = self.packs.len();
        for (p, j, doc) in d.docs {
            self.docs[p] = Some((doc, k, j));
        }
        self.packs.push(Some(d.segment));
        self.whole.push(d.whole);
    }

    /// The story's documents and segments: its members cut by
    /// [`ends_segment`]; a stored segment whole with exactly a cut's
    /// members kept, the other cuts packed from their documents, on every
    /// core, [`PACKED_AT_ONCE`] cuts at a time. A document no segment held
    /// is read as its cut's turn comes: from the row kept for its first
    /// fusion (`place` giving each member id's place, decoded with
    /// `layers`), else from the tables with `read`; when `read` finds
    /// fewer than asked, the story is read whole from the tables
    /// ([`from_tables`]). With whole `layers` the documents were read whole
    /// from their segments, and are kept so ([`Layered::Owned`]); else
    /// their metadata alone was, the documents of a cut packed again are
    /// read whole from the segments that hold them for it, and each
    /// document's layers are then read from the segment it is in: a
    /// stored one by a connection of its own to the store.
    fn segments(
        self,
        store: &Store,
        plan: &Planned,
        ids: &[[u8; MEMBER_BYTES]],
        place: &HashMap<&[u8], usize>,
        layers: sitrep_core::Layers,
        read: impl Fn(&[i64]) -> std::io::Result<Vec<Document>>,
    ) -> std::io::Result<(StoryDocs, Segments)> {
        let whole = layers == sitrep_core::Layers::ALL;
        let mut held = self;
        // Each segment read whole, by its members: its key.
        let by_members: HashMap<&[u8], i64> =
            held.packs.iter().zip(&held.whole).filter_map(|(s, &whole)| s.as_ref().filter(|_| whole)).map(|s| (s.members.as_slice(), s.key)).collect();
        let mut kept = Vec::new();
        let mut fresh = Vec::new();
        for cut in cuts(&plan.keys) {
            let members = ids[cut.clone()].concat();
            match by_members.get(members.as_slice()) {
                Some(&key) => kept.push((key, cut)),
                None => fresh.push(cut),
            }
        }
        drop(by_members);
        // The last cut (in `fresh`) that takes documents from each segment
        // read: once it is packed, the segment goes. A row kept for a
        // document's first fusion is read with its cut and goes once the
        // cut is packed, so a story's first fusion holds the rows of a few
        // cuts at a time, not every row beside every new segment (the
        // largest story of a million held 886 MB at the peak of its
        // reading so). Read whole, the documents are packed as decoded,
        // and every segment goes after the first round.
        let mut last_use: Vec<Option<usize>> = vec![None; held.packs.len()];
        for (c, cut) in fresh.iter().enumerate() {
            for p in cut.clone() {
                if let Some((_, k, _)) = &held.docs[p] {
                    last_use[*k] = Some(c);
                }
            }
        }
        let mut read_whole: HashMap<usize, Document> = HashMap::new();
        let mut new: Vec<sitrep_store::NewSegment> = Vec::with_capacity(fresh.len());
        for (i, chunk) in fresh.chunks(PACKED_AT_ONCE).enumerate() {
            // The chunk's documents no segment held: from the rows kept for
            // them (checked on every core), then from the tables.
            let absent: Vec<usize> = chunk.iter().flat_map(|c| c.clone()).filter(|&p| held.docs[p].is_none()).collect();
            if !absent.is_empty() {
                let rows = store.fusion_documents(&absent.iter().map(|&p| plan.keys[p]).collect::<Vec<_>>()).map_err(io)?;
                // Such a row is no segment of the story (its key is the
                // document's): the cut it is in is packed again, even when
                // it is the cut's one document.
                let first: Vec<Decoded> = rows.into_par_iter().map(|one| Decoded { whole: false, ..decode(one, place, layers) }).collect();
                for d in first {
                    READ.first.fetch_add(d.docs.len(), Relaxed);
                    held.add(d);
                }
                // Each row read goes once this round is packed.
                last_use.resize(held.packs.len(), Some(i * PACKED_AT_ONCE));
                let unread: Vec<usize> = absent.into_iter().filter(|&p| held.docs[p].is_none()).collect();
                if !unread.is_empty() {
                    let keys: Vec<i64> = unread.iter().map(|&p| plan.keys[p]).collect();
                    let found = read(&keys)?;
                    if found.len() != keys.len() {
                        return from_tables(plan, read);
                    }
                    read_whole.extend(unread.into_iter().zip(found));
                }
            }
            // The segment each document of a cut packed again is taken
            // from, unless it was read from the tables or whole.
            let source = |p: usize| match (read_whole.get(&p), &held.docs[p], whole) {
                (None, Some((_, k, _)), false) => Some(*k),
                _ => None,
            };
            let packs_now = &held.packs;
            let made: Vec<sitrep_store::NewSegment> = chunk
                .par_iter()
                .map(|cut| {
                    // Each segment a document is taken from unpacked once for the cut.
                    let mut unpacked: HashMap<usize, sitrep_store::SegmentDocs> = HashMap::new();
                    for k in cut.clone().filter_map(source) {
                        if let std::collections::hash_map::Entry::Vacant(v) = unpacked.entry(k) {
                            let pack = packs_now[k].as_ref().ok_or_else(|| std::io::Error::other("a segment of the story went before its last cut"))?;
                            v.insert(pack.unpack()?);
                        }
                    }
                    // A document read from a segment is packed as the bytes it
                    // has there (read once, so known to be one), not decoded
                    // whole and written again.
                    let taken = cut.clone().map(|p| {
                        let doc = match (read_whole.get(&p), &held.docs[p]) {
                            (Some(doc), _) => SegmentDoc::Decoded(doc),
                            (None, Some((doc, _, _))) if whole => SegmentDoc::Decoded(doc),
                            (None, Some((_, k, j))) => SegmentDoc::Bytes(unpacked[k].bytes(*j)?),
                            (None, None) => return Err(std::io::Error::other("a document of the story was read from nowhere")),
                        };
                        Ok((&ids[p], doc))
                    });
                    Ok(sitrep_store::NewSegment::of_docs(taken.collect::<std::io::Result<Vec<_>>>()?))
                })
                .collect::<std::io::Result<_>>()?;
            new.extend(made);
            let packed = (i + 1) * PACKED_AT_ONCE;
            for (pack, last) in held.packs.iter_mut().zip(&last_use) {
                if whole || last.is_some_and(|c| c < packed) {
                    *pack = None;
                }
            }
        }
        let Held { docs, .. } = held;
        let keys = kept.iter().map(|(key, _)| *key).collect();
        let mut docs: Vec<Document> = docs.into_iter().enumerate().map(|(p, held)| held.map(|(doc, _, _)| doc).or_else(|| read_whole.remove(&p)).unwrap_or_default()).collect();
        let layers = if whole {
            Layered::Owned(docs.par_iter_mut().map(|d| d.split_off(sitrep_core::Layers::BODY)).collect())
        } else {
            // Those read from the tables are in the new segments: their metadata alone kept.
            for doc in &mut docs {
                doc.drop_layers(sitrep_core::Layers::BODY);
            }
            let mut layered: Vec<(Pack, std::ops::Range<usize>)> = Vec::with_capacity(kept.len() + new.len());
            for (key, cut) in kept {
                layered.push((Pack::Stored(key), cut));
            }
            for (i, cut) in fresh.into_iter().enumerate() {
                layered.push((Pack::New(i), cut));
            }
            let stored = Store::open_existing(store.path()).map_err(io)?;
            stored.limit_page_cache(SHARE_PAGE_CACHE).map_err(io)?;
            Layered::Packed { packs: layered, stored }
        };
        Ok((StoryDocs { docs, layers }, Segments { kept: keys, new, ..Default::default() }))
    }
}

/// Cuts of a story packed into segments at once (on every core), after
/// which the segments read that no later cut takes documents from go.
const PACKED_AT_ONCE: usize = 16;

/// A stored segment read: the segment, the documents it holds that the
/// plan has (by place in the story and in the segment, with their
/// metadata), and whether all of them could be read.
struct Decoded {
    segment: StoredSegment,
    docs: Vec<(usize, usize, Document)>,
    /// Whether all of them could be read, and the segment is one of the
    /// story's (which a cut of the same members keeps).
    whole: bool,
}

/// A stored segment's documents that the plan has (`place`: each member
/// id's place in it), with these `layers` read (with their metadata alone,
/// every layer of them is known to read); none, and not whole, when it
/// cannot be unpacked.
fn decode(segment: StoredSegment, place: &HashMap<&[u8], usize>, layers: sitrep_core::Layers) -> Decoded {
    let Ok(held) = segment.unpack() else { return Decoded { segment, docs: Vec::new(), whole: false } };
    let mut whole = true;
    let docs = segment
        .member_ids()
        .enumerate()
        .filter_map(|(j, id)| {
            let p = *place.get(id)?;
            let doc = held.document_layers(j, layers);
            whole &= doc.is_ok();
            Some((p, j, doc.ok()?))
        })
        .collect();
    drop(held);
    Decoded { segment, docs, whole }
}


/// Fuse the planned stories from their documents (`loaded`): what the
/// writer stores of them, in one transaction.
fn fuse_batch(plans: &[&Planned], loaded: Vec<Loaded>) -> std::io::Result<Vec<StoredStory>> {
    plans
        .par_iter()
        .zip(loaded)
        .map(|(p, loaded)| {
            let (fused, segments) = fuse_loaded(p, loaded)?;
            stored_story(p, fused, segments)
        })
        .collect()
}

/// Fuse a planned story from its documents, read a few layers at a time
/// (dropped once fused), with the segments to store.
fn fuse_loaded(p: &Planned, (StoryDocs { docs, mut layers }, profiles, segments): Loaded) -> std::io::Result<(sitrep_fuse::Fused<NewTopic>, Segments)> {
    // The names of the stored profiles (those the clustering used:
    // all fusing reads of them); the whole profile is computed
    // again for a document whose bytes are missing or unreadable.
    let profiles: Vec<Option<stories::Profile>> = profiles.into_iter().map(|b| b.and_then(|b| stories::Profile::from_bytes(&b))).collect();
    let mut source = Source { layers: &mut layers, new: &segments.new, failed: None, made: Vec::new(), made_bytes: Vec::new() };
    // Each topic kept as the store keeps it as it is made: its JSON and
    // the JSON lines of its claims are not held, nor the topic itself.
    let fused = sitrep_fuse::fuse_story_layered(docs, &mut source, &p.copies(), profiles, stored_topic);
    if let Some(e) = source.failed {
        return Err(std::io::Error::new(e.kind(), format!("story {}: its documents could not be read again: {e}", p.id)));
    }
    let (readings, reading_bytes) = (source.made, source.made_bytes);
    drop(layers);
    Ok((fused, Segments { readings, reading_bytes, ..segments }))
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("reports always serialise")
}

/// A story's fused result as the store keeps it: the report without its
/// topics, each topic with what `topics` prints and what the dossier shows
/// of it and the claims it cites, and what the dossier shows of the
/// quotes, packed; an error if the report's JSON does not have the parts
/// the store reads.
fn stored_story(plan: &Planned, fused: sitrep_fuse::Fused<NewTopic>, segments: Segments) -> std::io::Result<StoredStory> {
    let sitrep_fuse::Fused { report, topics } = fused;
    let (label, story, report, quote_groups) = stored_report(plan, report)?;
    Ok(StoredStory { id: plan.id.clone(), size: plan.keys.len(), founder: plan.founder.clone(), label, hash: plan.hash.clone(), story, report, quote_groups, topics, segments })
}

/// A topic as the store keeps it, with the claims it cites (`cited`,
/// without their sentences), made as fusion makes the topic: a large
/// story's topics are large too, and each is packed as it is serialised,
/// on the core that assessed it (its JSON is never held).
fn stored_topic(t: sitrep_core::report::Topic, cited: &sitrep_fuse::Cited<'_>) -> NewTopic {
    // The four made side by side: a large story's largest topics are
    // assessed one at a time, and what is kept of each was made on one
    // core (3.2 of the 12.7 s the largest story of a million took).
    let ((claims, topic), (dossier, listing)) = rayon::join(
        || rayon::join(|| claim_lines(&cited.of(&t)), || Packed::json_of(&t)),
        // serde_json reads every figure back as written (its
        // `float_roundtrip`), so the dossier of the topic is that of the
        // stored topic.
        || rayon::join(|| Packed::json_of(&sitrep_report::DossierTopic::of(&t)), || crate::report_cmd::topic_listing(&t)),
    );
    NewTopic { listing, dossier, topic, claims, id: t.id, label: t.label }
}

/// The claims a topic cites as JSON lines, packed: [`Packed::lines`], the
/// lines made on every core ([`write_pieces`]).
fn claim_lines(claims: &[&sitrep_core::Claim]) -> Packed {
    use std::io::Write;
    let mut packer = sitrep_store::PackWriter::new();
    let line = |bytes: &mut Vec<u8>, _: usize, claim: &&&sitrep_core::Claim| {
        serde_json::to_writer(&mut *bytes, claim)?;
        bytes.push(b'\n');
        Ok(())
    };
    write_pieces(claims.iter(), line, |_| (), |piece| packer.write_all(piece)).expect("packing into memory");
    packer.finish()
}

/// Items of a list serialised on every core, written in order: `write`
/// puts an item (with its place in the list) into a piece of
/// [`JSON_PIECE`] items, a window of [`JSON_WINDOW`] items at a time;
/// each item is first shown to `each` in order, and the pieces given to
/// `out`. A window's items are dropped once written, so beyond the list
/// only a window's items and bytes are held (a large story's lists are
/// hundreds of megabytes of JSON).
fn write_pieces<T: Send + Sync>(
    items: impl IntoIterator<Item = T>,
    write: impl Fn(&mut Vec<u8>, usize, &T) -> serde_json::Result<()> + Sync,
    mut each: impl FnMut(&T),
    mut out: impl FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut items = items.into_iter();
    let mut at = 0;
    loop {
        let window: Vec<T> = items.by_ref().take(JSON_WINDOW).collect();
        if window.is_empty() {
            return Ok(());
        }
        window.iter().for_each(&mut each);
        let pieces: Vec<Vec<u8>> = window
            .par_chunks(JSON_PIECE)
            .enumerate()
            .map(|(p, piece)| {
                let mut bytes = Vec::new();
                for (i, item) in piece.iter().enumerate() {
                    write(&mut bytes, at + p * JSON_PIECE + i, item)?;
                }
                Ok(bytes)
            })
            .collect::<serde_json::Result<_>>()
            .map_err(std::io::Error::other)?;
        for piece in &pieces {
            out(piece)?;
        }
        at += window.len();
    }
}

/// Items serialised into one piece by [`write_pieces`].
const JSON_PIECE: usize = 256;

/// Items [`write_pieces`] holds at once.
const JSON_WINDOW: usize = 16 * JSON_PIECE;

/// What the store keeps of a story's report without its topics: the
/// story's label, its entry, the report and its quote groups, packed. The
/// report is packed as it is written, each element dropped once written,
/// so its JSON is never held (a large story's is hundreds of megabytes,
/// and held whole, twice that while it grew).
fn stored_report(plan: &Planned, report: Report) -> std::io::Result<(String, Packed, StoredReport, Packed)> {
    let label = report.stories.first().map(|s| s.label.clone()).unwrap_or_default();
    let story = Packed::json(&report.stories.first().map(json).unwrap_or_default());
    let mut quotes = sitrep_report::QuoteGroups::new();
    let mut packed = Counted { out: sitrep_store::PackWriter::new(), at: 0 };
    let (topics_at, quotes_at) = write_report(report, &mut packed, |q| quotes.add(q))?;
    let report = StoredReport::written(packed.out, topics_at, quotes_at).map_err(|m| std::io::Error::other(format!("story {}: {m}", plan.id)))?;
    Ok((label, story, report, Packed::json(&quotes.to_json())))
}

/// A writer and the bytes written into it.
struct Counted<W> {
    out: W,
    at: usize,
}

impl<W: std::io::Write> std::io::Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.at += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Write the report's JSON, `serde_json::to_string(&report)` byte for
/// byte, into `out` a part at a time and each list an element at a time,
/// every element dropped once written (the report and its JSON are never
/// held whole together), each quote shown to `quote` first. Returns the
/// places (counted from where `out` was) of the topics array's `[` and of
/// the quotes array.
fn write_report<W: std::io::Write>(
    report: Report,
    out: &mut Counted<W>,
    mut quote: impl FnMut(&sitrep_core::report::QuoteSummary),
) -> std::io::Result<(usize, std::ops::Range<usize>)> {
    /// Field `name` and its list of `items`, each shown to `each`, written
    /// (on every core, [`write_pieces`]) and dropped; where the list starts
    /// and ends.
    fn list<T: serde::Serialize + Send + Sync, W: std::io::Write>(
        out: &mut Counted<W>,
        name: &str,
        items: Vec<T>,
        each: impl FnMut(&T),
    ) -> std::io::Result<std::ops::Range<usize>> {
        write!(out, ",\"{name}\":")?;
        let start = out.at;
        out.write_all(b"[")?;
        let item = |bytes: &mut Vec<u8>, i: usize, item: &T| {
            if i > 0 {
                bytes.push(b',');
            }
            serde_json::to_writer(bytes, item)
        };
        write_pieces(items, item, each, |piece| out.write_all(piece))?;
        out.write_all(b"]")?;
        Ok(start..out.at)
    }
    use std::io::Write;
    // Every field by name, so a field added to the report fails to compile here.
    let Report { summary, stories, documents, topics, checks, timeline, entities, quotes, overrides } = report;
    out.write_all(b"{\"summary\":")?;
    serde_json::to_writer(&mut *out, &summary).map_err(std::io::Error::other)?;
    list(out, "stories", stories, |_| ())?;
    list(out, "documents", documents, |_| ())?;
    let topics_at = list(out, "topics", topics, |_| ())?.start;
    list(out, "checks", checks, |_| ())?;
    list(out, "timeline", timeline, |_| ())?;
    list(out, "entities", entities, |_| ())?;
    let quotes_at = list(out, "quotes", quotes, &mut quote)?;
    // As serde writes it: no overrides, no field.
    if !overrides.is_empty() {
        list(out, "overrides", overrides, |_| ())?;
    }
    out.write_all(b"}")?;
    Ok((topics_at, quotes_at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_store::member_id;

    #[test]
    fn what_a_refresh_keeps_of_an_input_gives_back_its_id_date_and_hash() {
        for published in [Some("2024-10-23T08:00:00Z"), Some(""), None] {
            let kept = Kept::new(7, "reuters-1", published, 3_000, &[1, 2, 3], 4);
            assert_eq!((kept.key, kept.id(), kept.published(), kept.length, kept.hash(), kept.annotator), (7, "reuters-1", published, 3_000, &[1, 2, 3][..], 4));
        }
        let bare = Kept::new(1, "", None, 0, &[], 0);
        assert_eq!((bare.id(), bare.published(), bare.hash()), ("", None, &[][..]));
    }

    #[test]
    fn postings_are_written_in_key_order_a_bounded_range_at_a_time() {
        // Ranges join buckets up to the bound, a bucket above it alone, and cover every bucket in order.
        assert_eq!(posting_ranges(&[0, 3, 2, 0, 9, 1, 1, 0], 5), vec![0..4, 4..5, 5..8]);
        assert!(posting_ranges(&[0; 8], 5).is_empty());
        // Keys bunched at the small end, as a sketch's are: every posting once, in key order.
        let prints: Vec<Fingerprint> = (0..50u64)
            .map(|d| Fingerprint { pairs: (0..16).map(|i| d * 1_000 + i).collect(), sentences: vec![u64::MAX - d, 1 << 62 | d], ..Default::default() })
            .collect();
        let docs: Vec<i64> = (100..150).collect();
        let mut all: Vec<(u64, i64)> = prints.iter().enumerate().flat_map(|(d, p)| p.keys().map(move |(k, _)| (k, 100 + d as i64))).collect();
        let (keys, places) = (CopyKeys::of(&prints), (0..prints.len()).collect::<Vec<_>>());
        all.sort_unstable();
        for most in [10, POSTINGS_AT_ONCE] {
            let posted: Vec<(u64, i64)> = posted_keys(&keys, &places, &docs, most).collect();
            assert_eq!(posted, all, "{most} at once");
        }
    }

    #[test]
    fn lists_written_on_every_core_are_the_bytes_written_on_one() {
        // Shorter than a piece, longer than a window and not a multiple of
        // a piece: the same JSON, each item shown once, in order.
        for n in [0, 1, JSON_PIECE, JSON_WINDOW + 3, 2 * JSON_WINDOW] {
            let items: Vec<String> = (0..n).map(|i| format!("item \"{i}\"")).collect();
            let (mut bytes, mut seen) = (Vec::new(), Vec::new());
            let item = |b: &mut Vec<u8>, i: usize, item: &String| {
                if i > 0 {
                    b.push(b',');
                }
                serde_json::to_writer(b, item)
            };
            let out = |piece: &[u8]| {
                bytes.extend_from_slice(piece);
                Ok(())
            };
            write_pieces(items.clone(), item, |i| seen.push(i.clone()), out).unwrap();
            assert_eq!(format!("[{}]", String::from_utf8(bytes).unwrap()), json(&items), "{n} items");
            assert_eq!(seen, items);
        }
        // A topic's claims: the lines `Packed::lines` packs.
        let mut doc = Document { id: "d".into(), published: Some("2025-02-10".into()), text: "Officials said 300 homes were flooded.".into(), ..Default::default() };
        sitrep_annotate::annotate(&mut doc);
        let claims: Vec<sitrep_core::Claim> = (0..JSON_WINDOW + 5)
            .map(|i| sitrep_core::Claim { id: format!("c{i}"), value: Some(i as f64), ..doc.claims[0].clone() })
            .collect();
        let cited: Vec<&sitrep_core::Claim> = claims.iter().collect();
        assert_eq!(claim_lines(&cited).as_bytes(), Packed::lines(&cited).as_bytes());
        assert_eq!(claim_lines(&[]).as_bytes(), Packed::lines::<sitrep_core::Claim>(&[]).as_bytes());
    }

    #[test]
    fn a_report_written_a_part_at_a_time_is_serdes_json() {
        let texts = [
            "\"The water rose in an hour,\" said Mayor Ilsa Brenn of Harrowby on Monday. About 300 homes were flooded.",
            "Harrowby officials said 340 homes were flooded on Monday. \"The pumps run day and night,\" said Ilsa Brenn.",
        ];
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut d = Document { id: format!("d{i}"), published: Some("2025-02-10".into()), text: t.to_string(), ..Default::default() };
                sitrep_annotate::annotate(&mut d);
                d
            })
            .collect();
        let mut report = sitrep_fuse::fuse(&docs);
        assert!(!report.topics.is_empty() && !report.quotes.is_empty() && !report.entities.is_empty() && !report.documents.is_empty());
        // Written a part at a time: the same bytes, and the places of the parts.
        let written = |report: &Report, seen: &mut Vec<_>| {
            let mut out = Counted { out: Vec::new(), at: 0 };
            let (topics_at, quotes) = write_report(report.clone(), &mut out, |q| seen.push(q.clone())).unwrap();
            assert_eq!(out.at, out.out.len());
            let json = String::from_utf8(out.out).unwrap();
            assert_eq!(&json[topics_at..topics_at + 1], "[");
            assert!(json[quotes.clone()].starts_with('[') && json[quotes].ends_with(']'));
            json
        };
        let mut seen = Vec::new();
        assert_eq!(written(&report, &mut seen), json(&report));
        assert_eq!(seen, report.quotes, "each quote is shown once, in order");
        // Empty lists, and the overrides written only when there are some.
        report.quotes.clear();
        report.checks.clear();
        assert_eq!(written(&report, &mut Vec::new()), json(&report));
        report.overrides = vec![serde_json::from_str(r#"{"id":7,"correction":{"kind":"reject_claim","claim":"d0/c1"},"author":"ed","at":"2025-02-11","applied":false,"reason":"gone"}"#).unwrap()];
        assert!(json(&report).contains("\"overrides\""));
        assert_eq!(written(&report, &mut Vec::new()), json(&report));
        // Packed as it is written, stored as the report whole would be.
        report.topics.clear();
        let whole = StoredReport::of(&json(&report)).unwrap();
        let mut packed = Counted { out: sitrep_store::PackWriter::new(), at: 0 };
        let (topics_at, quotes) = write_report(report, &mut packed, |_| ()).unwrap();
        assert_eq!(StoredReport::written(packed.out, topics_at, quotes).unwrap(), whole);
    }

    #[test]
    fn a_large_story_read_by_several_connections_is_the_story_read_by_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("l.db")).unwrap();
        let mut batch = store.batch().unwrap();
        for i in 0..9 {
            let text = format!("About {} homes in Harrowby were flooded on Monday, Mayor Ilsa Brenn said. \"We need pumps,\" she said.", 300 + i);
            let mut d = Document { id: format!("d{i}"), published: Some(format!("2025-02-1{i}")), text, ..Default::default() };
            sitrep_annotate::annotate(&mut d);
            batch.put(&d, 1).unwrap();
        }
        batch.commit().unwrap();
        let ids: Vec<String> = (0..9).map(|i| format!("d{i}")).collect();
        let keys = store.keys_of(&ids).unwrap();
        let plan = Planned { id: "s".into(), founder: Default::default(), keys, copies: Vec::new(), hash: Vec::new() };
        let [(docs, profiles, segments)]: [Loaded; 1] = load_large(&store, &[&plan]).unwrap().try_into().unwrap();
        let [(one_docs, one_profiles, one_segments)]: [Loaded; 1] = load_batch(&store, &[&plan]).unwrap().try_into().unwrap();
        assert_eq!(segments, one_segments);
        let (docs, one_docs) = (docs.whole(&segments), one_docs.whole(&one_segments));
        assert_eq!(docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ids, "every document once, in key order");
        assert!(docs.iter().all(|d| !d.claims.is_empty() && !d.quotes.is_empty()), "with their annotations");
        assert_eq!((docs, profiles), (one_docs, one_profiles));
    }

    /// A new store (in a directory that lives as long as the store is
    /// used) holding these documents annotated, each with its fusion input.
    fn annotated_store(docs: impl Iterator<Item = Document>) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("f.db")).unwrap();
        let mut w = store.writer(sitrep_store::Chunk::default(), 1);
        for mut d in docs {
            sitrep_annotate::annotate(&mut d);
            w.put_with_input(&d, &input_of(&d), FUSE_VERSION).unwrap();
        }
        w.finish().unwrap();
        (dir, store)
    }

    #[test]
    fn inputs_read_again_are_those_of_the_keys_read_first() {
        let docs = (0..3).map(|i| Document { id: format!("d{i}"), published: Some(format!("2025-02-1{i}")), text: format!("Harrowby counted {} flooded homes.", 100 + i), ..Default::default() });
        let (_dir, store) = annotated_store(docs);
        let first = read_kept(&store).unwrap();
        let keys: Vec<i64> = first.iter().map(|i| i.key).collect();
        let same = |a: &Kept, b: &Kept| (a.key, a.id(), a.published(), a.length, a.hash(), a.annotator) == (b.key, b.id(), b.published(), b.length, b.hash(), b.annotator);
        let again = inputs_again(&store, &keys).unwrap();
        assert!(again.len() == 3 && again.iter().zip(&first).all(|(a, b)| same(a, b)));
        // A document added meanwhile is left out; one gone meanwhile is kept bare, in its place.
        let asked = [keys[0], keys[2], keys[2] + 100];
        let again = inputs_again(&store, &asked).unwrap();
        assert_eq!(again.iter().map(|i| i.key).collect::<Vec<_>>(), asked);
        assert!(same(&again[0], &first[0]) && same(&again[1], &first[2]));
        assert_eq!((again[2].id(), again[2].hash(), again[2].annotator), ("", &[][..], -1));
    }

    #[test]
    fn a_document_kept_for_its_first_fusion_is_the_document_the_tables_give() {
        let texts = [
            "About 300 homes in Harrowby were flooded on Monday, Mayor Ilsa Brenn said. \"We need pumps,\" she said. The river rose 2 metres in 2023.",
            "Harrowby officials put the flooded homes at 340, up from 120 a week earlier. Aid of $2 million was pledged by the Dunmere Trust.",
            "\"Nobody slept,\" said a volunteer. Ilsa Brenn thanked 45 firefighters and said the 3 pumps would stay until March.",
        ];
        // One undated: fusion reads its statements too.
        let docs = texts.iter().enumerate().map(|(i, text)| Document { id: format!("d{i}"), published: (i != 2).then(|| format!("2025-02-1{i}")), text: text.to_string(), ..Default::default() });
        let (_dir, store) = annotated_store(docs);
        let inputs = store.fusion_inputs().unwrap();
        let keys: Vec<i64> = inputs.iter().map(|i| i.key).collect();
        let ids: Vec<_> = inputs.iter().map(|i| member_id(i.key, i.annotator, &i.hash)).collect();
        // The store gives the identities its inputs make, and one of no
        // stored document for a key it does not hold.
        let gone = keys[2] + 100;
        let read_ids = store.member_ids(&[keys[2], gone, keys[0], keys[1]]).unwrap();
        assert_eq!(read_ids, [ids[2], member_id(gone, -1, &[]), ids[0], ids[1]]);
        let plan = Planned { id: "s".into(), founder: Default::default(), keys: keys.clone(), copies: Vec::new(), hash: Vec::new() };
        let from_tables = documents_of(&store, &keys).unwrap();
        assert!(from_tables.iter().all(|d| !d.claims.is_empty()), "with their claims");
        // Each read from the row kept for it, whole or a layer at a time: none from the tables.
        for whole in [true, false] {
            let (kept, segments) = story_documents(&store, &plan, &ids, whole, |keys| panic!("{} documents read from the tables", keys.len())).unwrap();
            assert_eq!(matches!(kept.layers, Layered::Owned(_)), whole);
            assert_eq!(kept.whole(&segments), from_tables);
            // A row kept for another version of the document is not read.
            let stale: Vec<_> = keys.iter().map(|&k| member_id(k, 9, &[])).collect();
            let (read, segments) = story_documents(&store, &plan, &stale, whole, |keys| documents_of(&store, keys)).unwrap();
            assert_eq!(read.whole(&segments), from_tables);
            // A cut of one document read from its row is packed again: the
            // row (its key the document's) is no segment of the story.
            let one = Planned { id: "s".into(), founder: Default::default(), keys: keys[..1].to_vec(), copies: Vec::new(), hash: Vec::new() };
            assert_eq!(cuts(&one.keys), vec![0..1]);
            let (read, segments) = story_documents(&store, &one, &ids[..1], whole, |keys| panic!("{} documents read from the tables", keys.len())).unwrap();
            assert!(segments.kept.is_empty() && segments.new.len() == 1, "{segments:?}");
            assert_eq!(read.whole(&segments), from_tables[..1]);
        }
        store.forget_fusion_documents().unwrap();
        assert!(store.fusion_documents(&keys).unwrap().is_empty());
    }

    #[test]
    fn a_story_of_many_cuts_is_read_from_its_kept_rows_a_few_cuts_at_a_time_as_from_the_tables() {
        let docs = (0..2600).map(|i| {
            let text = format!("Crews in Harrowby pumped out {} homes on day {i}, the council said.", 10 + i % 90);
            Document { id: format!("d{i}"), published: Some(format!("2025-03-{:02}", 1 + i % 28)), text, ..Default::default() }
        });
        let (_dir, store) = annotated_store(docs);
        let inputs = store.fusion_inputs().unwrap();
        let keys: Vec<i64> = inputs.iter().map(|i| i.key).collect();
        assert!(cuts(&keys).len() > PACKED_AT_ONCE, "{} cuts: more than one round of packing", cuts(&keys).len());
        let ids: Vec<_> = inputs.iter().map(|i| member_id(i.key, i.annotator, &i.hash)).collect();
        let plan = Planned { id: "s".into(), founder: Default::default(), keys: keys.clone(), copies: Vec::new(), hash: Vec::new() };
        let from_tables = documents_of(&store, &keys).unwrap();
        // Every seventh row kept for another version: those documents are
        // read from the tables, the others from their rows, in every round.
        let mixed: Vec<_> = ids.iter().enumerate().map(|(p, id)| if p % 7 == 3 { member_id(keys[p], 9, &[]) } else { *id }).collect();
        for whole in [true, false] {
            let (read, segments) = story_documents(&store, &plan, &mixed, whole, |keys| {
                assert!(keys.len() < 2600 / 7, "{} documents read from the tables at once", keys.len());
                documents_of(&store, keys)
            })
            .unwrap();
            assert!(segments.kept.is_empty());
            assert_eq!(segments.new.len(), cuts(&keys).len());
            assert_eq!(read.whole(&segments), from_tables);
        }
    }

    #[test]
    fn documents_added_change_only_a_storys_last_segment() {
        // A story's members: every third key of 6,000, then ten more after them.
        let keys: Vec<i64> = (0..6000).step_by(3).collect();
        let before = cuts(&keys);
        assert_eq!(before.iter().map(|c| c.len()).sum::<usize>(), keys.len(), "every member in one segment");
        assert!(before.windows(2).all(|w| w[0].end == w[1].start));
        // About SEGMENT members a segment, whatever the keys' spacing.
        let mean = keys.len() / before.len();
        assert!((SEGMENT as usize / 2..SEGMENT as usize * 2).contains(&mean), "{mean} members a segment");
        let grown: Vec<i64> = keys.iter().copied().chain(6000..6010).collect();
        let after = cuts(&grown);
        assert_eq!(after[..before.len() - 1], before[..before.len() - 1], "only the last segment changes");
        assert!(cuts(&[]).is_empty());
        assert_eq!(cuts(&[5]), vec![0..1]);
    }

    #[test]
    fn a_story_larger_than_a_batch_is_a_batch_of_its_own() {
        let sizes = [10, 2000, 500, 600, 100, FUSE_BATCH_DOCS, 1];
        let batches = batched(&sizes, |n| n);
        assert_eq!(batches, vec![vec![10], vec![2000], vec![500], vec![600, 100], vec![FUSE_BATCH_DOCS], vec![1]]);
        // Every story once, in order; a batch over the bound is one story.
        assert_eq!(batches.concat(), sizes);
        for b in &batches {
            assert!(b.iter().sum::<usize>() <= FUSE_BATCH_DOCS || b.len() == 1, "{b:?}");
        }
        assert!(batched(&[] as &[usize], |n| n).is_empty());
    }
}
