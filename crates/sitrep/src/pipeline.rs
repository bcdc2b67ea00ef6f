//! Runs ingest and annotate over the inputs: reading streams in input order
//! on one thread, extraction and annotation run in parallel batches, and
//! results come out in input order.

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

/// One document through every stage.
pub fn process(raw: RawDoc, options: &RunOptions) -> Document {
    let mut doc = sitrep_ingest::to_document(raw);
    if doc.published.is_none() {
        doc.published = options.published.clone();
    }
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

/// Process every input, calling `emit` with each document or error in input
/// order. Returns how many inputs failed.
pub fn run<T: Send>(
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
            .map(|item| item.map(|raw| map(process(raw, options))))
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
