//! The `sitrep` command line.

mod pipeline;

use clap::{Args, Parser, Subcommand};
use pipeline::RunOptions;
use sitrep_ingest::{Input, ReadOptions};
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
    /// others are still processed and the exit status is 1.
    Extract(ExtractArgs),
}

#[derive(Args)]
struct ExtractArgs {
    /// Read standard input, and files whose name does not tell their format,
    /// as JSON Lines.
    #[arg(long)]
    jsonl: bool,
    /// Publication date (YYYY-MM-DD) for documents that do not state one;
    /// relative dates are resolved against it.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<String>,
    /// Files, directories, or - for standard input [default: the demo corpus].
    #[arg(value_name = "PATH")]
    inputs: Vec<String>,
}

fn parse_date(s: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| format!("expected a date as YYYY-MM-DD, got {s:?}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract(args),
    };
    match result {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sitrep: error: {e}");
            ExitCode::from(1)
        }
    }
}

fn inputs_or_demo(args: &[String]) -> Vec<Input> {
    if args.is_empty() {
        pipeline::demo_inputs()
    } else {
        args.iter().map(|a| Input::parse(a)).collect()
    }
}

fn extract(args: ExtractArgs) -> std::io::Result<usize> {
    let options = RunOptions { read: ReadOptions { jsonl: args.jsonl }, published: args.published };
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let failed = pipeline::run(
        inputs_or_demo(&args.inputs),
        &options,
        |doc| serde_json::to_string(&doc).expect("documents always serialise"),
        |item| match item {
            Ok(line) => writeln!(out, "{line}"),
            Err(e) => {
                out.flush()?;
                eprintln!("sitrep: error: {e}");
                Ok(())
            }
        },
    )?;
    out.flush()?;
    Ok(failed)
}
