//! What one story's fusion holds: load a stored story's documents, fuse
//! them, serialise the result as the store keeps it, and count the heap by
//! step (and with `--parts` by part) with a counting allocator. The store
//! is opened read only (another process may be writing to it).
//!
//! ```sh
//! cargo run --release -p sitrep --example story_memory -- STORE.db [STORY_ID] [--check] [--whole] [--parts] [--layered]
//! ```
//!
//! Without `STORY_ID` the largest stored story is taken. The story's
//! members are the documents its stored entry lists and its copies those
//! of `copy_pairs`' evidence rows, so the fused report is the stored one
//! when the store is up to date; `--check` compares the two byte for byte
//! (and every topic with its stored row). The documents are read as
//! fusion reads them (`Store::documents_for` with `sitrep_fuse::reads_claim`),
//! or whole with `--whole`, and fused as fusion fuses them
//! (`sitrep_fuse::fuse_story_owned`: each part freed once used; with
//! `--layered` they are packed in segments of 128 and each step reads
//! its layers from them, `sitrep_fuse::fuse_story_layered`, as a refresh
//! reads a large story's). Prints,
//! per step, the wall and CPU time and the heap held and at its peak (bytes asked
//! of the allocator). With `--parts` the documents are kept through fusion
//! (`fuse_story_profiled`), then each part of them and of the report is
//! dropped in turn and the heap it held printed.

use sitrep_core::report::{CopyEvidence, CopyKind, Report};
use rayon::prelude::*;
use sitrep_core::Document;
use sitrep_fuse::dedup::Copy;
use sitrep_fuse::stories::Profile;
use sitrep_store::Store;
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// mimalloc (the `sitrep` binary's allocator), counting the bytes held and their peak.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The peak over the whole run (`PEAK` is the peak of one step).
static TOP: AtomicUsize = AtomicUsize::new(0);

fn peaked(now: usize) {
    PEAK.fetch_max(now, Relaxed);
    TOP.fetch_max(now, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if !p.is_null() {
            peaked(HELD.fetch_add(layout.size(), Relaxed) + layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) };
        HELD.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                peaked(HELD.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size());
            } else {
                HELD.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// This process's CPU time (user + system) in seconds, from /proc.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which ends with ')'): utime is the 12th, stime the 13th.
    let fields: Vec<&str> = stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Time a step (wall and CPU) and print the heap it leaves held and its peak.
fn step<T>(name: &str, f: impl FnOnce() -> T) -> T {
    PEAK.store(HELD.load(Relaxed), Relaxed);
    let (start, cpu) = (Instant::now(), cpu_seconds());
    let out = f();
    println!(
        "{name:<28} {:>8.2} s (CPU {:>6.2} s)   held {:>10}   peak {:>10}",
        start.elapsed().as_secs_f64(),
        cpu_seconds() - cpu,
        mb(HELD.load(Relaxed)),
        mb(PEAK.load(Relaxed))
    );
    out
}

/// The heap freed by dropping what `take` takes out.
fn part<T>(name: &str, take: impl FnOnce() -> T) {
    let before = HELD.load(Relaxed);
    drop(take());
    println!("  {name:<26} {:>10}", mb(before.saturating_sub(HELD.load(Relaxed))));
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let parts = args.iter().any(|a| a == "--parts");
    let whole = args.iter().any(|a| a == "--whole");
    let layered = args.iter().any(|a| a == "--layered");
    let mut positional = args.iter().filter(|a| !a.starts_with("--"));
    let path = positional.next().ok_or("usage: story_memory STORE.db [STORY_ID] [--check] [--whole] [--parts] [--layered]")?;
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let db = rusqlite::Connection::open_with_flags(path, flags)?;
    let id: String = match positional.next() {
        Some(id) => id.clone(),
        None => db.query_row("SELECT id FROM stories ORDER BY size DESC, founder_published, founder_id LIMIT 1", [], |r| r.get(0))?,
    };
    let (story, stored_report): (Vec<u8>, Option<Vec<u8>>) = db.query_row(
        &format!("SELECT story, {} FROM stories WHERE id = ?1", if check { "report" } else { "NULL" }),
        [&id],
        // The story's entry and its report as stored: packed.
        |r| Ok((r.get(0)?, r.get_ref(1)?.as_bytes_or_null()?.map(<[u8]>::to_vec))),
    )?;
    let stored_report = stored_report.map(|r| sitrep_store::report_json(&r)).transpose()?;
    let story: sitrep_core::report::Story = serde_json::from_slice(&sitrep_store::report_json(&story)?)?;
    let store = Store::open(format!("file:{path}?mode=ro"))?;
    let keys = store.keys_of(&story.documents)?;
    drop(story);
    println!("story {id}: {} documents", keys.len());

    // Copies: each evidence row inside the story (a copy of its original).
    let mut copies: Vec<Option<Copy>> = vec![None; keys.len()];
    let mut rows = db.prepare("SELECT a, b, kind, in_order, sentences, quotes FROM copy_pairs WHERE full = 1")?;
    let mut rows = rows.query([])?;
    while let Some(r) = rows.next()? {
        let (a, b): (i64, i64) = (r.get(0)?, r.get(1)?);
        let (Ok(a), Ok(of)) = (keys.binary_search(&a), keys.binary_search(&b)) else { continue };
        let kind: String = r.get(2)?;
        let kind: CopyKind = serde_json::from_str(&kind)?;
        let (sentences, quotes): (i64, i64) = (r.get(4)?, r.get(5)?);
        let evidence = CopyEvidence { kind, in_order: r.get(3)?, sentences: sentences as usize, quotes: quotes as usize };
        copies[a] = Some(Copy { of, evidence });
    }
    drop(rows);

    let base = HELD.load(Relaxed);
    let docs: Vec<Document> = step("load documents", || {
        if whole {
            store.documents_by_key(keys.clone()).collect::<Result<_, _>>()
        } else {
            store.documents_for(keys.clone(), sitrep_fuse::reads_claim).collect::<Result<_, _>>()
        }
    })?;
    // As fusion reads them: the names of the stored profiles (all the
    // label reads), a profile computed for a document without them.
    let profiles: Vec<Profile> = step("load profile names", || -> Result<Vec<Profile>, sitrep_store::StoreError> {
        let names = store.profile_names(&keys)?;
        Ok(names.into_iter().zip(&docs).map(|(b, d)| b.and_then(|b| Profile::from_bytes(&b)).unwrap_or_else(|| sitrep_fuse::stories::profile(d))).collect())
    })?;
    if layered {
        // Packed as a story's segments are, the documents dropped: each step
        // of the fusion reads the layers it needs from them.
        let (metadata, mut packs) = step("pack in segments", || {
            let id = [0; sitrep_store::MEMBER_BYTES];
            let packs: Vec<sitrep_store::NewSegment> =
                docs.par_chunks(128).map(|c| sitrep_store::NewSegment::of(c.iter().map(|d| (&id, d)))).collect();
            let metadata: Vec<Document> = docs
                .into_iter()
                .map(|mut d| {
                    d.drop_layers(sitrep_core::Layers::BODY);
                    d
                })
                .collect();
            (metadata, Packs(packs))
        });
        let profiles = profiles.into_iter().map(Some).collect();
        let fused = step("fuse", || sitrep_fuse::fuse_story_layered(metadata, &mut packs, &copies, profiles, keep_topic));
        drop(packs);
        return serialise(&fused.report, || topic_rows(fused.topics), &db, &id, stored_report, base);
    }
    if !parts {
        let fused = step("fuse", || sitrep_fuse::fuse_story_owned(docs, &copies, profiles, keep_topic));
        return serialise(&fused.report, || topic_rows(fused.topics), &db, &id, stored_report, base);
    }
    let report: Report = step("fuse", || sitrep_fuse::fuse_story_profiled(&docs, &copies, &profiles));
    println!("documents by part:");
    let mut docs = docs;
    let each = |docs: &mut Vec<Document>, f: &dyn Fn(&mut Document) -> Box<dyn std::any::Any>| -> Vec<Box<dyn std::any::Any>> {
        docs.iter_mut().map(f).collect()
    };
    part("mentions", || each(&mut docs, &|d| Box::new(d.entities.iter_mut().map(|e| std::mem::take(&mut e.mentions)).collect::<Vec<_>>())));
    part("entities (no mentions)", || each(&mut docs, &|d| Box::new(std::mem::take(&mut d.entities))));
    part("quotes", || each(&mut docs, &|d| Box::new(std::mem::take(&mut d.quotes))));
    part("quantities", || each(&mut docs, &|d| Box::new(std::mem::take(&mut d.quantities))));
    part("times", || each(&mut docs, &|d| Box::new(std::mem::take(&mut d.times))));
    part("claims", || each(&mut docs, &|d| Box::new(std::mem::take(&mut d.claims))));
    part("sentences", || each(&mut docs, &|d| Box::new(std::mem::take(&mut d.sentences))));
    part("text", || each(&mut docs, &|d| Box::new(std::mem::take(&mut d.text))));
    part("the rest (ids, metadata)", || docs);
    part("profiles", || profiles);
    let topics = || Ok(report.topics.iter().map(|t| serde_json::to_string(t).expect("serialises")).collect());
    serialise(&report, topics, &db, &id, stored_report, base)?;
    println!("report by part:");
    let mut report = report;
    part("topics", || std::mem::take(&mut report.topics));
    part("quotes", || std::mem::take(&mut report.quotes));
    part("documents", || std::mem::take(&mut report.documents));
    part("entities", || std::mem::take(&mut report.entities));
    part("timeline", || std::mem::take(&mut report.timeline));
    part("checks", || std::mem::take(&mut report.checks));
    part("the rest (story, summary)", || report);
    Ok(())
}

/// A story's documents packed in segments of 128, in order: each layer
/// read from them when asked for.
struct Packs(Vec<sitrep_store::NewSegment>);

impl sitrep_fuse::StoryLayers for Packs {
    fn fill_seeing<R: Send + Default>(
        &mut self,
        layers: sitrep_core::Layers,
        seen: sitrep_core::Layers,
        docs: &mut [Document],
        see: impl Fn(usize, &Document) -> R + Sync + Send,
    ) -> Vec<R> {
        println!("  before reading {layers:?}, seeing {seen:?}: held {}, peak {}", mb(HELD.load(Relaxed)), mb(PEAK.load(Relaxed)));
        let made = docs
            .par_chunks_mut(128)
            .zip(&self.0)
            .enumerate()
            .flat_map_iter(|(k, (docs, pack))| {
                let held = pack.unpack().expect("packed here");
                let mut made = Vec::with_capacity(docs.len());
                for (j, d) in docs.iter_mut().enumerate() {
                    let mut read = held.document_layers(j, layers.and(seen)).expect("packed here");
                    made.push(see(k * 128 + j, &read));
                    d.take_layers(&mut read, layers);
                }
                made
            })
            .collect();
        println!("  read {layers:?}, seeing {seen:?}: held {}", mb(HELD.load(Relaxed)));
        made
    }

    fn each_part<S, R: Send>(
        &mut self,
        layers: sitrep_core::Layers,
        init: impl Fn() -> S + Sync + Send,
        each: impl Fn(&mut S, &[(usize, &Document)]) -> R + Sync + Send,
    ) -> Vec<R> {
        println!("  before lending {layers:?} a part at a time: held {}, peak {}", mb(HELD.load(Relaxed)), mb(PEAK.load(Relaxed)));
        let made = self
            .0
            .par_iter()
            .enumerate()
            .map_init(init, |state, (k, pack)| {
                let held = pack.unpack().expect("packed here");
                let docs: Vec<Document> = (0..held.len()).map(|j| held.document_layers(j, layers).expect("packed here")).collect();
                let part: Vec<(usize, &Document)> = docs.iter().enumerate().map(|(j, d)| (k * 128 + j, d)).collect();
                each(state, &part)
            })
            .collect();
        println!("  lent {layers:?}: held {}, peak {}", mb(HELD.load(Relaxed)), mb(PEAK.load(Relaxed)));
        made
    }
}

/// A report serialised with an empty topics array, as the store keeps it
/// (its topics are rows of their own), without copying it.
struct TopicsLeftOut<'r>(&'r Report);

impl serde::Serialize for TopicsLeftOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let r = self.0;
        let mut st = s.serialize_struct("Report", 9)?;
        st.serialize_field("summary", &r.summary)?;
        st.serialize_field("stories", &r.stories)?;
        st.serialize_field("documents", &r.documents)?;
        st.serialize_field("topics", &[] as &[sitrep_core::report::Topic])?;
        st.serialize_field("checks", &r.checks)?;
        st.serialize_field("timeline", &r.timeline)?;
        st.serialize_field("entities", &r.entities)?;
        st.serialize_field("quotes", &r.quotes)?;
        if !r.overrides.is_empty() {
            st.serialize_field("overrides", &r.overrides)?;
        }
        st.end()
    }
}

/// Serialise the report as the store keeps it (the whole report and each
/// topic), print the heap's peak since `base` and the sizes, and compare
/// with the stored report when given.
/// A topic as a refresh keeps it while the story is fused: its JSON and
/// the claims it cites, packed.
fn keep_topic(t: sitrep_core::report::Topic, cited: &sitrep_fuse::Cited<'_>) -> (sitrep_store::Packed, sitrep_store::Packed) {
    (sitrep_store::Packed::json_of(&t), sitrep_store::Packed::lines(&cited.of(&t)))
}

/// The JSON of topics kept by [`keep_topic`] (each topic's row unpacked).
fn topic_rows(kept: Vec<(sitrep_store::Packed, sitrep_store::Packed)>) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    kept.iter().map(|(t, _)| Ok(String::from_utf8(sitrep_store::report_json(t.as_bytes())?)?)).collect()
}

/// Serialise the report without its topics (whose rows `topics` gives) as
/// the store keeps it, print its size and the peak heap of the story's
/// fusion (the topics' rows made after), and check it against the stored
/// one when it was read.
fn serialise(report: &Report, topics: impl FnOnce() -> Result<Vec<String>, Box<dyn std::error::Error>>, db: &rusqlite::Connection, id: &str, stored: Option<Vec<u8>>, base: usize) -> Result<(), Box<dyn std::error::Error>> {
    // As the store keeps it: each topic's row, and the report with an
    // empty topics array.
    let json = step("serialise", || serde_json::to_string(&TopicsLeftOut(report)).expect("serialises"));
    let top = TOP.load(Relaxed);
    println!("peak heap of the story's fusion: {} (heap before loading: {})", mb(top.saturating_sub(base)), mb(base));
    let topics = topics()?;
    println!(
        "report JSON without its topics {} (topics' rows {}, {} topics)",
        mb(json.len()),
        mb(topics.iter().map(String::len).sum()),
        topics.len()
    );
    if let Some(stored) = stored {
        let same = stored == json.as_bytes();
        // Each topic row as stored: packed.
        let rows: Vec<Vec<u8>> = db
            .prepare("SELECT topic FROM story_topics WHERE story = (SELECT key FROM stories WHERE id = ?1) ORDER BY idx")?
            .query_map([id], |r| Ok(r.get_ref(0)?.as_bytes()?.to_vec()))?
            .collect::<Result<_, _>>()?;
        let rows: Vec<String> = rows.iter().map(|r| Ok(String::from_utf8(sitrep_store::report_json(r)?)?)).collect::<Result<_, Box<dyn std::error::Error>>>()?;
        println!("stored report the same: {same}; stored topics the same: {}", rows == topics);
        if !same || rows != topics {
            return Err("the fused story differs from the stored one".into());
        }
    }
    Ok(())
}
