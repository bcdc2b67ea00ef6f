//! The `sitrep` command line.

mod alloc;
mod correct_cmd;
#[cfg(target_os = "linux")]
mod direct;
mod fusion;
mod memory;
mod pipeline;
mod pretty;
mod report_cmd;
mod serve_cmd;
mod store_cmd;
mod tables;

use clap::{Args, Parser, Subcommand};
use pipeline::RunOptions;

/// mimalloc, or the C library's malloc under an address-space limit (`alloc`).
#[global_allocator]
static ALLOCATOR: alloc::Allocator = alloc::Allocator;
use serde_json::json;
use sitrep_core::{Document, Quote};
use sitrep_ingest::limits::{self, Limits};
use sitrep_ingest::{Input, InputError, ReadOptions};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

/// Turn a pile of news articles about a developing story into a sourced
/// situation report: what is claimed, by whom, how firmly, and where each
/// answer came from.
#[derive(Parser)]
#[command(name = "sitrep", version, propagate_version = true, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print each document as one JSON object per line: metadata, clean text
    /// and annotations.
    ///
    /// Inputs are files, directories (read recursively, in name order) or `-`
    /// for standard input. The format is chosen by extension and, failing
    /// that, by the first bytes: plain text (.txt, a scraped page whose
    /// boilerplate is removed), HTML (.html, .htm: main content is
    /// extracted), JSON Lines (.jsonl: one {"id", "text"|"html"|"raw_text",
    /// "url"?, "published"?, "title"?} object per line; "text" is kept byte
    /// for byte) and WARC (.warc, .warc.gz: each HTML response record). Any
    /// of them may be gzipped. With no inputs, the built-in demo corpus is
    /// read.
    ///
    /// A bad input is reported on standard error in one line naming it; the
    /// others are still processed and the exit status is 1. So is a document
    /// over the size limits (--max-doc-bytes, --max-input-bytes; lowered to
    /// what the memory limit leaves when the process runs under one). In
    /// directories, symbolic links are followed only with --follow, and
    /// named pipes, sockets and devices are skipped (with a warning).
    Extract(InputArgs),
    /// List the people, organizations, places and groups each document
    /// names, with their kind, number of mentions and descriptors (the roles
    /// the text gives them: "a senior fellow at RAND").
    ///
    /// Reads the same inputs as `extract`; prints a table, or JSON Lines
    /// ({"id", "entities"} per document) with --json.
    Entities(EntitiesArgs),
    /// List the quotes and reported speech of each document with their
    /// speakers and speech cues.
    ///
    /// Reads the same inputs as `extract`, or the documents of a database
    /// with --db; prints a table, or JSON Lines ({"id", "quotes"} per
    /// document that has quotes left after --speaker, each quote with
    /// "speaker_entity", the speaker's full name) with --json.
    Quotes(QuotesArgs),
    /// List the numbers, amounts, percentages, measures and counts each
    /// document states, with their bounds ("up to", "more than", ranges),
    /// units, rates ("a day", "per soldier") and what they count.
    ///
    /// Reads the same inputs as `extract`; prints a table, or JSON Lines
    /// ({"id", "quantities"} per document) with --json.
    Numbers(NumbersArgs),
    /// Read, annotate and store documents in a database (SQLite; see
    /// docs/database.md), in transactions of --chunk documents.
    ///
    /// Reads the same inputs as `extract`. A document already stored with
    /// the same title and text is skipped before it is annotated, one whose
    /// id is stored with other content replaces it, and one whose content is
    /// stored under another id is not stored twice. A stored document whose
    /// annotations an older sitrep made is annotated again. An interrupted
    /// ingest keeps every chunk it committed and loses at most the chunk in
    /// flight; running it again resumes. Prints a one-line summary on
    /// standard error.
    Ingest(store_cmd::IngestArgs),
    /// Annotate again the stored documents whose annotations an older
    /// sitrep made (from their stored text and metadata), in transactions
    /// of --chunk documents; an interrupted run resumes where it stopped.
    Reannotate(store_cmd::ReannotateArgs),
    /// Remove documents from a database by id (a retracted article, say)
    /// and fuse the stories they were in again.
    Remove(store_cmd::RemoveArgs),
    /// Bring the stored fusion of a database up to date, after commands
    /// run with --no-fuse.
    ///
    /// Clusters the stories again and fuses those whose documents changed
    /// since the last fusion: what `ingest`, `reannotate` and `remove` do
    /// when they are done unless --no-fuse, and the reading commands when
    /// they find the fusion behind.
    Fuse(store_cmd::FuseArgs),
    /// Full-text search of the documents in a database: a table of the best
    /// matches with a snippet of each, matches in [brackets], or JSON Lines.
    Search(store_cmd::SearchArgs),
    /// Fuse the documents of a database and write the situation report:
    /// what is claimed, by whom, how firmly, where sources agree and
    /// conflict, arithmetic cross-checks, the timeline, people and quotes.
    ///
    /// Formats: a self-contained HTML dossier with charts (default), Markdown,
    /// or JSON (the fused report object; see docs/schema.md).
    Report(report_cmd::ReportArgs),
    /// List the stories of a database: documents clustered by the developing
    /// situation they follow (a deployment, a disaster, a protest movement),
    /// largest first. Claims are compared only inside a story; `--story`
    /// narrows the other commands to one.
    Stories(report_cmd::StoriesArgs),
    /// List the topics of a database: claims about the same measured thing
    /// across documents, with their range, agreement and number of
    /// independent sources.
    Topics(report_cmd::TopicsArgs),
    /// List the claims of a database with source, modality, figure and
    /// sentence; --topic and --source narrow the list.
    Claims(report_cmd::ClaimsArgs),
    /// The dated events of a database, across documents, in date order.
    Timeline(report_cmd::TimelineArgs),
    /// Run the whole pipeline on the bundled demo corpus: ingest it into
    /// sitrep-demo.db, write report.html in the current directory, and print
    /// the key findings and where the report is.
    Demo(report_cmd::DemoArgs),
    /// Correct what fusion decided: merge or split topics, move or reject a
    /// claim, rename or merge sources, exclude an outlet.
    ///
    /// Corrections are stored in the database with who made them (--by,
    /// default $USER), when and why (--note), and applied after every
    /// fusion, so they outlive new ingests and re-annotation; `report`,
    /// `topics`, `claims` and `timeline` honour them. A correction whose
    /// target is gone is kept and listed as not applied. Topics are named by
    /// id (see `sitrep topics`), claims by key (the first column of `sitrep
    /// claims`) or as DOC#cN. See docs/corrections.md.
    Correct(correct_cmd::CorrectArgs),
    /// Save or list snapshots of the fused report (its topics, claims,
    /// verdicts and sources, the sitrep version and a hash of the corpus),
    /// to ask later what changed since.
    Snapshot(correct_cmd::SnapshotArgs),
    /// What changed since a date or a saved snapshot: new figures, revised
    /// figures, new conflicts and new sources of each story.
    Changes(correct_cmd::ChangesArgs),
    /// Serve the database as a workspace in the browser: stories, dossiers,
    /// topics with filters, articles, people, search and the timeline, each
    /// at a URL that can be shared, and the same data as JSON under /api/
    /// (docs/api.md). Read-only unless --allow-ingest.
    Serve(serve_cmd::ServeArgs),
}

/// What to read; shared by every command.
#[derive(Args)]
struct InputArgs {
    /// Read standard input, and files whose name does not tell their format,
    /// as JSON Lines.
    #[arg(long)]
    jsonl: bool,
    /// Publication date (YYYY-MM-DD) for documents that do not state one;
    /// relative dates are resolved against it.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<String>,
    /// Read every document as written in this language (ISO 639-1: "da",
    /// "cs"), not the one detected: its language pack, or for a language
    /// without one the generic pack of its CLDR number conventions.
    #[arg(long, value_name = "CODE", value_parser = parse_lang)]
    lang: Option<String>,
    /// Follow symbolic links met in directories (each directory is still
    /// read once, so link loops end). Links named on the command line are
    /// always followed.
    #[arg(long)]
    follow: bool,
    /// Most bytes one input (a file, an archive, standard input) may yield
    /// after decompression; the rest of a larger one is skipped with an
    /// error. Sizes take K, M, G or T (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "16G", value_parser = limits::parse_bytes)]
    max_input_bytes: u64,
    /// Largest document: a file holding one page, a JSON Lines line, a WARC
    /// record or its decompressed payload. A larger one is skipped with an
    /// error. Under a memory limit (ulimit -v, a control group) the limit
    /// is lowered to what the memory leaves for one document per thread.
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = limits::parse_bytes)]
    max_doc_bytes: u64,
    /// Files, directories, or - for standard input [default: the demo corpus].
    #[arg(value_name = "PATH")]
    inputs: Vec<String>,
}

#[derive(Args)]
struct EntitiesArgs {
    /// Print JSON Lines instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Args)]
struct QuotesArgs {
    /// Only quotes whose speaker's name contains NAME (case-insensitive).
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// Print JSON Lines instead of a table.
    #[arg(long)]
    json: bool,
    /// Read the documents stored in this database (see `sitrep ingest`)
    /// instead of reading inputs.
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    db: Option<std::path::PathBuf>,
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Args)]
struct NumbersArgs {
    /// Print JSON Lines instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    input: InputArgs,
}

fn parse_date(s: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| format!("expected a date as YYYY-MM-DD, got {s:?}"))
}

fn parse_lang(s: &str) -> Result<String, String> {
    if (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(s.to_string())
    } else {
        Err(format!("expected an ISO 639-1 language code such as \"da\", got {s:?}"))
    }
}

fn main() -> ExitCode {
    // Before anything opens a store: SQLite starts on its first use.
    alloc::sqlite_alike();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Entities(args) => entities(args),
        Command::Quotes(args) => quotes(args),
        Command::Numbers(args) => numbers(args),
        Command::Ingest(args) => store_cmd::ingest(args),
        Command::Reannotate(args) => store_cmd::reannotate(args),
        Command::Remove(args) => store_cmd::remove(args),
        Command::Fuse(args) => store_cmd::fuse(args),
        Command::Search(args) => store_cmd::search(args),
        Command::Report(args) => report_cmd::report(args),
        Command::Stories(args) => report_cmd::stories(args),
        Command::Topics(args) => report_cmd::topics(args),
        Command::Claims(args) => report_cmd::claims(args),
        Command::Timeline(args) => report_cmd::timeline(args),
        Command::Demo(args) => report_cmd::demo(args),
        Command::Correct(args) => correct_cmd::correct(args),
        Command::Snapshot(args) => correct_cmd::snapshot(args),
        Command::Changes(args) => correct_cmd::changes(args),
        Command::Serve(args) => serve_cmd::serve(args),
    };
    match result {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sitrep: error: {}", tables::escape(&e.to_string()));
            ExitCode::from(1)
        }
    }
}

/// Exit with status 2 and `message`, as a usage error.
pub(crate) fn usage_error(message: &str) -> ! {
    use clap::CommandFactory;
    Cli::command().error(clap::error::ErrorKind::ValueValidation, message).exit()
}

/// Report a bad input (or a skipped one) in one line on standard error.
pub(crate) fn report_input(e: &InputError) {
    let level = if e.is_warning() { "warning" } else { "error" };
    eprintln!("sitrep: {level}: {}", tables::escape(&e.to_string()));
}

fn inputs_or_demo(args: &[String]) -> Vec<Input> {
    if args.is_empty() {
        pipeline::demo_inputs()
    } else {
        args.iter().map(|a| Input::parse(a)).collect()
    }
}

impl InputArgs {
    fn options(&self) -> RunOptions {
        let asked = Limits { max_input_bytes: self.max_input_bytes, max_doc_bytes: self.max_doc_bytes, memory: None };
        let limits = asked.fit_memory(rayon::current_num_threads(), pipeline::BATCH_BYTES);
        RunOptions { read: ReadOptions { jsonl: self.jsonl, follow: self.follow, limits }, published: self.published.clone(), language: self.lang.clone() }
    }
}

/// Run the pipeline, writing `map(doc)` for each document to stdout as it
/// comes (nothing when it is `None`) and each error as one line on stderr.
/// Returns the failure count.
fn stream(args: &InputArgs, map: impl Fn(Document) -> Option<String> + Sync) -> std::io::Result<usize> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let failed = pipeline::run(inputs_or_demo(&args.inputs), &args.options(), map, |item| match item {
        Ok(Some(line)) => writeln!(out, "{line}"),
        Ok(None) => Ok(()),
        Err(e) => {
            out.flush()?;
            report_input(&e);
            Ok(())
        }
    })?;
    out.flush()?;
    Ok(failed)
}

/// Run the pipeline and collect every document (for tables, which need all
/// rows before printing); errors go to stderr as they come.
fn collect(args: &InputArgs) -> std::io::Result<(Vec<Document>, usize)> {
    let mut docs = Vec::new();
    let failed = pipeline::run(inputs_or_demo(&args.inputs), &args.options(), |doc| doc, |item| {
        match item {
            Ok(doc) => docs.push(doc),
            Err(e) => report_input(&e),
        }
        Ok(())
    })?;
    Ok((docs, failed))
}

/// Write to stdout; a closed pipe is reported to the caller, not a panic.
fn print(s: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()
}

fn extract(args: InputArgs) -> std::io::Result<usize> {
    stream(&args, |doc| Some(serde_json::to_string(&doc).expect("documents always serialise")))
}

fn entities(args: EntitiesArgs) -> std::io::Result<usize> {
    if args.json {
        return stream(&args.input, |doc| Some(json!({"id": doc.id, "entities": doc.entities}).to_string()));
    }
    let (docs, failed) = collect(&args.input)?;
    print(&tables::entities(&docs))?;
    Ok(failed)
}

fn quotes(args: QuotesArgs) -> std::io::Result<usize> {
    let wanted = args.speaker.as_deref().map(str::to_lowercase);
    let keep = |doc: &Document, q: &Quote| match &wanted {
        None => true,
        Some(name) => [tables::speaker_of(doc, q), q.speaker_name.as_deref()]
            .into_iter()
            .flatten()
            .any(|s| s.to_lowercase().contains(name.as_str())),
    };
    // A document with no quote (left) is no line.
    let line = |doc: &Document| {
        let quotes: Vec<_> = doc
            .quotes
            .iter()
            .filter(|q| keep(doc, q))
            .map(|q| {
                let mut v = serde_json::to_value(q).expect("quotes always serialise");
                v["speaker_entity"] = json!(tables::speaker_of(doc, q));
                v
            })
            .collect();
        (!quotes.is_empty()).then(|| json!({"id": doc.id, "quotes": quotes}).to_string())
    };
    // A database's documents are read a chunk at a time and each written
    // as it is read: a store holds more than memory does.
    if let Some(db) = &args.db {
        let store = sitrep_store::Store::open_existing(db).map_err(store_cmd::io)?;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        for doc in store.documents() {
            let doc = doc.map_err(store_cmd::io)?;
            let shown = if args.json { line(&doc).map(|l| l + "\n") } else { tables::doc_quotes(&doc, keep) };
            out.write_all(shown.unwrap_or_default().as_bytes())?;
        }
        out.flush()?;
        return Ok(0);
    }
    if args.json {
        return stream(&args.input, |doc| line(&doc));
    }
    let (docs, failed) = collect(&args.input)?;
    print(&tables::quotes(&docs, keep))?;
    Ok(failed)
}

fn numbers(args: NumbersArgs) -> std::io::Result<usize> {
    if args.json {
        return stream(&args.input, |doc| Some(json!({"id": doc.id, "quantities": doc.quantities}).to_string()));
    }
    let (docs, failed) = collect(&args.input)?;
    print(&tables::numbers(&docs))?;
    Ok(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_size_flags_default_to_the_documented_limits() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from(["sitrep", "extract", "x.txt"]).unwrap();
        let Command::Extract(args) = cli.command else { panic!("extract parses as extract") };
        assert_eq!(args.max_input_bytes, limits::DEFAULT_MAX_INPUT_BYTES);
        assert_eq!(args.max_doc_bytes, limits::DEFAULT_MAX_DOC_BYTES);
    }
}
