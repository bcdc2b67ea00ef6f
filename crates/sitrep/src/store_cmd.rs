//! `sitrep ingest`, `sitrep reannotate` and `sitrep search`: the commands
//! that write and query the database (`sitrep-store`).

use crate::pipeline::{self, RunOptions};
use crate::{inputs_or_demo, InputArgs};
use sitrep_ingest::Input;
use clap::Args;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use sitrep_core::Document;
use rayon::prelude::*;
use sitrep_annotate::ANNOTATOR_VERSION;
use sitrep_fuse::FUSE_VERSION;
use sitrep_store::{Chunk, Hit, InputBytes, Put, Store, StoreError};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Mutex, PoisonError};

#[derive(Args)]
pub struct IngestArgs {
    /// The database to write; created when missing.
    #[arg(long, value_name = "FILE", default_value = "sitrep.db")]
    db: PathBuf,
    #[command(flatten)]
    chunk: ChunkArgs,
    #[command(flatten)]
    fusion: FusionArgs,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Args)]
pub struct ReannotateArgs {
    /// The database whose stale documents are annotated again.
    #[arg(long, value_name = "FILE", default_value = "sitrep.db")]
    db: PathBuf,
    #[command(flatten)]
    chunk: ChunkArgs,
    #[command(flatten)]
    fusion: FusionArgs,
}

/// Whether a command that changes the documents fuses when it is done.
#[derive(Args)]
struct FusionArgs {
    /// Store only: leave the stored fusion behind until `sitrep fuse` (or
    /// the next reading command) brings it up to date. A fusion costs
    /// about what the stories it touches hold, however few documents
    /// changed, so batches stored one after another with --no-fuse and
    /// fused once cost one fusion instead of one each.
    #[arg(long)]
    no_fuse: bool,
}

#[derive(Args)]
pub struct FuseArgs {
    /// The database whose stored fusion is brought up to date.
    #[arg(long, value_name = "FILE", default_value = "sitrep.db")]
    db: PathBuf,
}

/// How much one transaction writes.
#[derive(Args)]
struct ChunkArgs {
    /// Documents per transaction: an interrupted run loses at most the
    /// chunk in flight, and a re-run resumes after the chunks committed.
    #[arg(long, value_name = "N", default_value_t = Chunk::default().docs, value_parser = positive)]
    chunk: usize,
    /// Megabytes of document text per transaction (a chunk ends at N
    /// documents or at this size, whichever comes first).
    #[arg(long, value_name = "MB", default_value_t = Chunk::default().bytes >> 20, value_parser = positive)]
    chunk_mb: usize,
}

impl ChunkArgs {
    fn chunk(&self) -> Chunk {
        Chunk { docs: self.chunk, bytes: self.chunk_mb.saturating_mul(1 << 20) }
    }
}

fn positive(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("expected a whole number above 0, got {s:?}")),
    }
}

#[derive(Args)]
pub struct SearchArgs {
    /// Words (stemmed, any case, all of them must match; "U.S." and
    /// "Zelenskyy's" are words), or an FTS5 query: "a phrase", prefix*,
    /// AND / OR / NOT, NEAR(a b), title:word. At most 1,000 bytes and 64
    /// words.
    #[arg(value_name = "QUERY")]
    query: String,
    /// The database to search.
    #[arg(long, value_name = "FILE", default_value = "sitrep.db")]
    db: PathBuf,
    /// Most hits to show, best first.
    #[arg(long, value_name = "N", default_value_t = 20)]
    limit: usize,
    /// Print JSON Lines ({"doc", "title", "outlet", "published", "snippet",
    /// "marks", "rank"} per hit) instead of a table.
    #[arg(long)]
    json: bool,
}

/// A store error as an I/O error, for the commands' error path.
pub(crate) fn io(e: StoreError) -> std::io::Error {
    std::io::Error::other(e)
}

/// What an ingest did, by outcome.
#[derive(Default)]
struct Counts {
    inserted: usize,
    replaced: usize,
    reannotated: usize,
    unchanged: usize,
    same_content: usize,
}

impl Counts {
    fn add(&mut self, put: &Put) {
        match put {
            Put::Inserted => self.inserted += 1,
            Put::Replaced => self.replaced += 1,
            Put::Reannotated => self.reannotated += 1,
            Put::Unchanged => self.unchanged += 1,
            Put::SameContentAs(_) => self.same_content += 1,
        }
    }
}

/// Documents waiting for the writer thread at most: two pipeline batches.
const QUEUE: usize = 512;

/// What the pipeline hands the writer thread.
enum Msg {
    /// An annotated document to put, with its fusion input (made beside
    /// the annotation, in parallel: [`made`]), stored with it.
    Doc(Box<(Document, InputBytes)>),
    /// A document not annotated because the store held it when it was
    /// looked up: the writer checks again against its open chunk, and
    /// annotates and puts it in the rare case that changed the answer.
    Known(Box<Document>),
    /// Every input was read: commit the last chunk. A writer whose channel
    /// closes without it rolls the open chunk back.
    Commit,
}

/// Put every document it receives, committing chunk by chunk.
fn write(mut store: Store, chunk: Chunk, rx: Receiver<Msg>) -> Result<Counts, StoreError> {
    let mut writer = store.writer(chunk, ANNOTATOR_VERSION);
    let mut counts = Counts::default();
    for msg in rx {
        match msg {
            Msg::Doc(made) => counts.add(&writer.put_with_input(&made.0, &made.1, FUSE_VERSION)?),
            Msg::Known(doc) => match writer.known(&doc)? {
                Some(put) => counts.add(&put),
                None => {
                    let (doc, input) = made(*doc);
                    counts.add(&writer.put_with_input(&doc, &input, FUSE_VERSION)?)
                }
            },
            Msg::Commit => {
                writer.finish()?;
                return Ok(counts);
            }
        }
    }
    Ok(counts)
}

/// A document annotated, and its fusion input.
fn made(doc: Document) -> (Document, InputBytes) {
    let doc = pipeline::annotated(doc);
    let input = crate::fusion::input_of(&doc);
    (doc, input)
}

/// Run `produce`, which sends documents, while a thread of their own writes
/// them into `store` in chunks. A database error wins over `produce`'s.
fn write_while<R>(
    store: Store,
    chunk: Chunk,
    produce: impl FnOnce(&dyn Fn(Msg) -> std::io::Result<()>) -> std::io::Result<R>,
) -> std::io::Result<(R, Counts)> {
    let (tx, rx) = sync_channel(QUEUE);
    std::thread::scope(|s| {
        let writer = s.spawn(move || write(store, chunk, rx));
        // A closed channel means the writer failed: stop, and report its error.
        let send = |msg| tx.send(msg).map_err(|_| std::io::Error::other("the writer stopped"));
        let produced = produce(&send);
        if produced.is_ok() {
            // Fails only when the writer has failed, which its result tells.
            let _ = tx.send(Msg::Commit);
        }
        drop(tx);
        let counts = writer.join().expect("the writer thread does not panic").map_err(io)?;
        Ok((produced?, counts))
    })
}

/// Read, annotate and store every input, in chunks of `--chunk` documents
/// (or `--chunk-mb` of text) per transaction. Bad inputs are reported and
/// skipped; a database error stops the run (the chunks committed stay).
/// Documents the store already holds are recognised before they are
/// annotated. Returns the number of failed inputs.
pub fn ingest(args: IngestArgs) -> std::io::Result<usize> {
    let failed = ingest_chunked(&args.db, inputs_or_demo(&args.input.inputs), &args.input.options(), args.chunk.chunk())?;
    fuse_unless(&args.db, &args.fusion)?;
    Ok(failed)
}

/// Store `inputs` in the database at `db` (created when missing), in chunks
/// of the default size, print the one-line summary on standard error, and
/// fuse.
pub fn ingest_into(db: &Path, inputs: Vec<Input>, options: &RunOptions) -> std::io::Result<usize> {
    let failed = ingest_chunked(db, inputs, options, Chunk::default())?;
    refresh(db)?;
    Ok(failed)
}

fn ingest_chunked(db: &Path, inputs: Vec<Input>, options: &RunOptions, chunk: Chunk) -> std::io::Result<usize> {
    let store = Store::open(db).map_err(io)?;
    // A second connection looks documents up before they are annotated; it
    // sees the chunks committed so far, and the writer decides the rest.
    let lookup = Mutex::new(Store::open(db).map_err(io)?);
    let check = |doc: Document| {
        let known = lookup.lock().unwrap_or_else(PoisonError::into_inner).known(&doc, ANNOTATOR_VERSION);
        match known {
            Ok(Some(_)) => Msg::Known(Box::new(doc)),
            // A failed look-up only costs the annotation: the writer's put decides.
            Ok(None) | Err(_) => Msg::Doc(Box::new(made(doc))),
        }
    };
    let (failed, counts) = write_while(store, chunk, |send| {
        pipeline::run_extracted(inputs, options, check, |item| match item {
            Ok(msg) => send(msg),
            Err(e) => {
                crate::report_input(&e);
                Ok(())
            }
        })
    })?;
    let stale = lookup.into_inner().unwrap_or_else(PoisonError::into_inner).count_stale(ANNOTATOR_VERSION).map_err(io)?;
    if stale > 0 {
        eprintln!(
            "sitrep: {stale} stored documents have annotations of an older sitrep; `sitrep reannotate --db {}` brings them up to date",
            db.display()
        );
    }
    let reannotated = match counts.reannotated {
        0 => String::new(),
        n => format!(", {n} re-annotated"),
    };
    eprintln!(
        "ingested {} new, {} replaced, {} unchanged, {} duplicate content, {failed} failed{reannotated} into {}",
        counts.inserted,
        counts.replaced,
        counts.unchanged,
        counts.same_content,
        db.display()
    );
    Ok(failed)
}

/// Bring the stored fusion of the database up to date and say what it
/// took; whether there was anything to do.
fn refresh(db: &Path) -> std::io::Result<bool> {
    refresh_store(&mut Store::open(db).map_err(io)?)
}

/// [`refresh`] of an open store.
pub(crate) fn refresh_store(store: &mut Store) -> std::io::Result<bool> {
    let started = std::time::Instant::now();
    let done = crate::fusion::refresh(store)?;
    let fused = done != Default::default();
    if fused {
        eprintln!(
            "fused {} stories ({} fused again, {} gone) in {:.2} s",
            done.stories,
            done.fused,
            done.deleted,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(fused)
}

/// [`refresh`], unless --no-fuse: then say how the fusion left behind (if
/// anything changed) is brought up to date.
fn fuse_unless(db: &Path, fusion: &FusionArgs) -> std::io::Result<()> {
    if !fusion.no_fuse {
        return refresh(db).map(drop);
    }
    let (generation, fused) = Store::open(db).map_err(io)?.fusion_state().map_err(io)?;
    if generation != fused {
        eprintln!("fusion left for later: `sitrep fuse --db {}` (or any reading command) brings it up to date", db.display());
    }
    Ok(())
}

/// Bring the stored fusion of a database up to date (what `ingest`,
/// `reannotate` and `remove` do unless --no-fuse, and the reading commands
/// when they find it behind), and say what it took.
pub fn fuse(args: FuseArgs) -> std::io::Result<usize> {
    if !refresh_store(&mut Store::open_existing(&args.db).map_err(io)?)? {
        eprintln!("the fusion of {} is up to date", args.db.display());
    }
    Ok(0)
}

#[derive(Args)]
pub struct RemoveArgs {
    /// The database to remove documents from.
    #[arg(long, value_name = "FILE", default_value = "sitrep.db")]
    db: PathBuf,
    /// The ids of the documents to remove.
    #[arg(value_name = "ID", required = true)]
    ids: Vec<String>,
    #[command(flatten)]
    fusion: FusionArgs,
}

/// Remove documents (a retracted article) and fuse the stories they were
/// in again. An id the store does not hold is reported and makes the exit
/// status 1.
pub fn remove(args: RemoveArgs) -> std::io::Result<usize> {
    let mut store = Store::open_existing(&args.db).map_err(io)?;
    let removed = store.remove(&args.ids).map_err(io)?;
    let missing: Vec<&String> = args.ids.iter().filter(|id| !removed.contains(id)).collect();
    for id in &missing {
        eprintln!("sitrep: no document {} in {}", crate::tables::escape(id), args.db.display());
    }
    eprintln!("removed {} documents from {}", removed.len(), args.db.display());
    drop(store);
    fuse_unless(&args.db, &args.fusion)?;
    Ok(missing.len())
}

/// Documents annotated per parallel batch by `reannotate`.
const REANNOTATE_BATCH: usize = 256;

/// Annotate again, from their stored text and metadata, the documents of a
/// database whose annotations an older annotator made, chunk by chunk (an
/// interrupted run resumes where it stopped), and print a summary line.
pub fn reannotate(args: ReannotateArgs) -> std::io::Result<usize> {
    let reader = Store::open_existing(&args.db).map_err(io)?;
    let store = Store::open(&args.db).map_err(io)?;
    let (_, counts) = write_while(store, args.chunk.chunk(), |send| {
        let mut stale = reader.stale(ANNOTATOR_VERSION);
        loop {
            let batch: Vec<Document> = stale.by_ref().take(REANNOTATE_BATCH).collect::<Result<_, _>>().map_err(io)?;
            if batch.is_empty() {
                return Ok(());
            }
            let done: Vec<(Document, InputBytes)> = batch.into_par_iter().map(made).collect();
            for made in done {
                send(Msg::Doc(Box::new(made)))?;
            }
        }
    })?;
    eprintln!(
        "reannotated {} documents (annotator version {ANNOTATOR_VERSION}) in {}",
        counts.reannotated,
        args.db.display()
    );
    fuse_unless(&args.db, &args.fusion)?;
    Ok(0)
}

/// Search the database and print the hits as a table or JSON Lines.
pub fn search(args: SearchArgs) -> std::io::Result<usize> {
    let store = Store::open_existing(&args.db).map_err(io)?;
    let hits = store.search(&args.query, args.limit).map_err(io)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        for hit in &hits {
            writeln!(out, "{}", serde_json::to_string(hit).expect("hits always serialise"))?;
        }
    } else if hits.is_empty() {
        eprintln!("no document matches {}", crate::tables::escape(&sitrep_store::quoted_start(&args.query)));
    } else {
        writeln!(out, "{}", table(&hits))?;
    }
    out.flush()?;
    Ok(0)
}

/// Longest title shown in the table.
const TITLE_CELL: usize = 60;

fn table(hits: &[Hit]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["doc", "title", "outlet", "date", "snippet"]);
    if t.width().is_none() {
        t.set_width(140);
    }
    for hit in hits {
        let title = hit.title.as_deref().unwrap_or("");
        let title = if title.chars().count() > TITLE_CELL {
            format!("{}…", title.chars().take(TITLE_CELL - 1).collect::<String>())
        } else {
            title.to_string()
        };
        t.add_row(crate::tables::row(vec![
            hit.doc.clone(),
            title,
            hit.outlet.clone().unwrap_or_default(),
            hit.published.clone().unwrap_or_default(),
            hit.marked("[", "]").split_whitespace().collect::<Vec<_>>().join(" "),
        ]));
    }
    t
}
