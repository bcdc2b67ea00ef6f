//! Runs ingest and annotate over the inputs: reading streams in input order
//! on one thread, extraction and annotation run in parallel batches, and
//! results come out in input order. `sitrep ingest` looks at each extracted
//! document before it is annotated ([`run_extracted`]), so documents the
//! store already holds are not annotated again.

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use sitrep_core::Document;
use sitrep_ingest::{Input, InputError, RawDoc, ReadOptions};

/// Documents processed per parallel batch: enough to keep every core busy,
/// few enough to bound memory.
const BATCH: usize = 256;

/// What a run is told besides its inputs.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub read: ReadOptions,
    /// Publication date (`YYYY-MM-DD`) for documents that state none.
    pub published: Option<String>,
}

include!(concat!(env!("OUT_DIR"), "/demo.rs"));

/// The demo corpus compiled into the binary.
pub fn demo_inputs() -> Vec<Input> {
    DEMO.iter().map(|&(name, bytes)| Input::Embedded { name, bytes }).collect()
}

/// One document read and cleaned, not yet annotated.
pub fn extract(raw: RawDoc, options: &RunOptions) -> Document {
    let mut doc = sitrep_ingest::to_document(raw);
    if doc.published.is_none() {
        doc.published = options.published.clone();
    }
    doc
}

/// A document with its annotations (re)made.
pub fn annotated(mut doc: Document) -> Document {
    sitrep_annotate::annotate(&mut doc);
    doc
}

/// A spinner on stderr counting documents; hidden unless stderr is a terminal.
fn progress() -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {human_pos} documents, {per_sec} [{elapsed}] {msg}")
            .expect("the template is valid"),
    );
    bar
}

/// Process every input, calling `emit` with each annotated document (through
/// `map`) or error in input order. Returns how many inputs failed.
pub fn run<T: Send>(
    inputs: Vec<Input>,
    options: &RunOptions,
    map: impl Fn(Document) -> T + Sync,
    emit: impl FnMut(Result<T, InputError>) -> std::io::Result<()>,
) -> std::io::Result<usize> {
    run_extracted(inputs, options, |doc| map(annotated(doc)), emit)
}

/// Like [`run`], but `map` gets each document extracted and not yet
/// annotated, so it can decide whether annotating it is needed.
pub fn run_extracted<T: Send>(
    inputs: Vec<Input>,
    options: &RunOptions,
    map: impl Fn(Document) -> T + Sync,
    mut emit: impl FnMut(Result<T, InputError>) -> std::io::Result<()>,
) -> std::io::Result<usize> {
    let mut failed = 0;
    let bar = progress();
    let mut batch = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<Result<RawDoc, InputError>>, failed: &mut usize| -> std::io::Result<()> {
        let done: Vec<Result<T, InputError>> = std::mem::take(batch)
            .into_par_iter()
            .map(|item| item.map(|raw| map(extract(raw, options))))
            .collect();
        bar.inc(done.len() as u64);
        for item in done {
            *failed += usize::from(item.is_err());
            bar.suspend(|| emit(item))?;
        }
        Ok(())
    };
    for item in sitrep_ingest::read(inputs, options.read) {
        batch.push(item);
        if batch.len() == BATCH {
            flush(&mut batch, &mut failed)?;
        }
    }
    flush(&mut batch, &mut failed)?;
    bar.finish_and_clear();
    Ok(failed)
}
