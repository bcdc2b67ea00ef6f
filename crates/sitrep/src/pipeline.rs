//! Runs ingest and annotate over the inputs: reading streams in input order
//! on one thread, extraction and annotation run in parallel batches, and
//! results come out in input order. `sitrep ingest` looks at each extracted
//! document before it is annotated ([`run_extracted`]), so documents the
//! store already holds are not annotated again.

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use sitrep_core::Document;
use sitrep_ingest::{Input, InputError, RawDoc, ReadOptions, Reason};
use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Documents processed per parallel batch: enough to keep every core busy,
/// few enough to bound memory.
const BATCH: usize = 256;

/// Bytes of documents per parallel batch at most (a batch closes at
/// [`BATCH`] documents or this many bytes, whichever comes first).
pub const BATCH_BYTES: u64 = 32 << 20;

/// What a run is told besides its inputs.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub read: ReadOptions,
    /// Publication date (`YYYY-MM-DD`) for documents that state none.
    pub published: Option<String>,
    /// The language (ISO 639-1) every document is read in, over the detected one.
    pub language: Option<String>,
}

include!(concat!(env!("OUT_DIR"), "/demo.rs"));

/// The demo corpus compiled into the binary.
pub fn demo_inputs() -> Vec<Input> {
    DEMO.iter().map(|&(name, bytes)| Input::Bytes { name: name.into(), bytes: bytes.into() }).collect()
}

/// One document read and cleaned, then through `map` (which annotates it
/// or decides it need not be). A panic (a bug) in extraction, annotation or
/// `map` costs only this document: it becomes an error naming it.
fn process<T>(raw: RawDoc, options: &RunOptions, map: impl FnOnce(Document) -> T) -> Result<T, InputError> {
    let name = if raw.id == raw.source { raw.source.clone() } else { format!("{} (id {})", raw.source, raw.id) };
    let doc = isolated("reading", &name, || extract(raw, options))?;
    isolated("annotating", &name, || map(doc))
}

/// One document read and cleaned, not yet annotated.
pub fn extract(raw: RawDoc, options: &RunOptions) -> Document {
    let mut doc = sitrep_ingest::to_document(raw);
    if doc.published.is_none() {
        doc.published = options.published.clone();
    }
    if options.language.is_some() {
        doc.language = options.language.clone();
    }
    doc
}

/// A document with its annotations (re)made.
pub fn annotated(mut doc: Document) -> Document {
    sitrep_annotate::annotate(&mut doc);
    doc
}

thread_local! {
    /// Whether this thread runs [`isolated`] work, whose panics are reported, not printed.
    static ISOLATED: Cell<bool> = const { Cell::new(false) };
    /// The message and place of the last isolated panic on this thread.
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Longest panic message quoted in an error line (messages can hold a whole document).
const PANIC_MESSAGE: usize = 200;

/// Run `f`, turning a panic into an error that names `name` and says what
/// was being done (`stage`). The panic hook stays quiet for these panics.
fn isolated<T>(stage: &'static str, name: &str, f: impl FnOnce() -> T) -> Result<T, InputError> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !ISOLATED.get() {
                return default(info);
            }
            let payload = info.payload();
            let message = payload.downcast_ref::<&str>().copied().or_else(|| payload.downcast_ref::<String>().map(String::as_str));
            let mut message: String = message.unwrap_or("panic").chars().take(PANIC_MESSAGE).collect();
            if let Some(at) = info.location() {
                message = format!("{message} (at {}:{})", at.file(), at.line());
            }
            PANIC.set(Some(message));
        }));
    });
    ISOLATED.set(true);
    let result = catch_unwind(AssertUnwindSafe(f));
    ISOLATED.set(false);
    result.map_err(|_| {
        let message = PANIC.take().unwrap_or_else(|| "panic".into());
        InputError::new(name, Reason::Internal { stage, message })
    })
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
/// `map`), error or warning in input order. Returns how many inputs failed.
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
            .map(|item| item.and_then(|raw| process(raw, options, &map)))
            .collect();
        bar.inc(done.len() as u64);
        for item in done {
            *failed += usize::from(item.as_ref().is_err_and(|e| !e.is_warning()));
            bar.suspend(|| emit(item))?;
        }
        Ok(())
    };
    let mut bytes = 0;
    for item in sitrep_ingest::read(inputs, options.read) {
        bytes += item.as_ref().map_or(0, |raw| raw.len() as u64);
        batch.push(item);
        if batch.len() == BATCH || bytes >= BATCH_BYTES {
            flush(&mut batch, &mut failed)?;
            bytes = 0;
        }
    }
    flush(&mut batch, &mut failed)?;
    bar.finish_and_clear();
    Ok(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str, body: &str) -> Input {
        Input::Bytes { name: name.to_string().into(), bytes: body.as_bytes().to_vec().into() }
    }

    #[test]
    fn a_panic_costs_one_document_which_an_error_names() {
        let inputs = vec![
            text("a.txt", "The council met on Monday."),
            text("b.txt", "The board met on Tuesday."),
            text("c.txt", "The court met on Friday."),
        ];
        let mut seen = Vec::new();
        let map = |doc: Document| if doc.id == "b.txt" { panic!("boom in {}", doc.id) } else { doc.id };
        let failed = run(inputs, &RunOptions::default(), map, |item| {
            seen.push(item.map_err(|e| e.to_string()));
            Ok(())
        })
        .unwrap();
        assert_eq!(failed, 1);
        assert_eq!(seen[0], Ok("a.txt".to_string()));
        assert_eq!(seen[2], Ok("c.txt".to_string()));
        let err = seen[1].as_ref().unwrap_err();
        assert!(err.starts_with("b.txt: internal error while annotating this document"), "{err}");
        assert!(err.contains("boom in b.txt (at crates/sitrep/src/pipeline.rs:"), "{err}");
        // Panics outside isolated work still reach the default hook.
        assert!(std::panic::catch_unwind(|| panic!("not isolated")).is_err());
    }
}
