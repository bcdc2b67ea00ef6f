//! `sitrep ingest` and `sitrep search`: the commands that write and query
//! the database (`sitrep-store`).

use crate::pipeline::{self, RunOptions};
use crate::{inputs_or_demo, InputArgs};
use sitrep_ingest::Input;
use clap::Args;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use sitrep_core::Document;
use sitrep_store::{Hit, Put, Store, StoreError};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};

#[derive(Args)]
pub struct IngestArgs {
    /// The database to write; created when missing.
    #[arg(long, value_name = "FILE", default_value = "sitrep.db")]
    db: PathBuf,
    #[command(flatten)]
    input: InputArgs,
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
    unchanged: usize,
    same_content: usize,
}

impl Counts {
    fn add(&mut self, put: &Put) {
        match put {
            Put::Inserted => self.inserted += 1,
            Put::Replaced => self.replaced += 1,
            Put::Unchanged => self.unchanged += 1,
            Put::SameContentAs(_) => self.same_content += 1,
        }
    }
}

/// Documents waiting for the writer thread at most: two pipeline batches.
const QUEUE: usize = 512;

/// What the pipeline hands the writer thread.
enum Msg {
    Doc(Box<Document>),
    /// Every input was read: commit. A writer whose channel closes without
    /// it rolls back.
    Commit,
}

/// Put every document it receives in one batch, committed on
/// [`Msg::Commit`] only.
fn write(mut store: Store, rx: Receiver<Msg>) -> Result<Counts, StoreError> {
    let mut batch = store.batch()?;
    let mut counts = Counts::default();
    for msg in rx {
        match msg {
            Msg::Doc(doc) => counts.add(&batch.put(&doc)?),
            Msg::Commit => {
                batch.commit()?;
                return Ok(counts);
            }
        }
    }
    Ok(Counts::default())
}

/// Read, annotate and store every input in one transaction. Bad inputs are
/// reported and skipped; a database error aborts the run and rolls it back.
/// Documents are written on a thread of their own while the next ones are
/// annotated. Returns the number of failed inputs.
pub fn ingest(args: IngestArgs) -> std::io::Result<usize> {
    ingest_into(&args.db, inputs_or_demo(&args.input.inputs), &args.input.options())
}

/// Store `inputs` in the database at `db` (created when missing) in one
/// transaction and print the one-line summary on standard error.
pub fn ingest_into(db: &Path, inputs: Vec<Input>, options: &RunOptions) -> std::io::Result<usize> {
    let store = Store::open(db).map_err(io)?;
    let (tx, rx) = sync_channel(QUEUE);
    let (run, written) = std::thread::scope(|s| {
        let writer = s.spawn(move || write(store, rx));
        let run = pipeline::run(inputs, options, |doc| doc, |item| {
            match item {
                // A closed channel means the writer failed: stop, and report its error.
                Ok(doc) => tx.send(Msg::Doc(Box::new(doc))).map_err(|_| std::io::Error::other("the writer stopped"))?,
                Err(e) => crate::report_input(&e),
            }
            Ok(())
        });
        if run.is_ok() {
            // Fails only when the writer has failed, which its result tells.
            let _ = tx.send(Msg::Commit);
        }
        drop(tx);
        (run, writer.join().expect("the writer thread does not panic"))
    });
    let counts = written.map_err(io)?;
    let failed = run?;
    eprintln!(
        "ingested {} new, {} replaced, {} unchanged, {} duplicate content, {failed} failed into {}",
        counts.inserted,
        counts.replaced,
        counts.unchanged,
        counts.same_content,
        db.display()
    );
    Ok(failed)
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
