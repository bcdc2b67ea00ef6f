//! Throughput of sentence splitting + entity finding, single-threaded.
//!
//! Runs `sentences::split` and `entities::find` over the demo corpus
//! (`/demo` at the workspace root: plain text, the text of the JSON Lines
//! records, HTML as raw markup) and over a tokenised copy of it ("Korea 's
//! troops ."), repeated until about a million words, and prints words/s.
//!
//! `cargo bench -p sitrep-annotate --bench entities`

mod common;

use std::hint::black_box;
use std::time::Instant;

use sitrep_annotate::{entities, sentences};

fn main() {
    let docs = common::corpus("U.S. Defense Secretary Lloyd Austin said on Wednesday that North Korean troops were in Russia. ");
    let words_per_pass: usize = docs.iter().map(|d| d.split_whitespace().count()).sum();
    let passes = (1_000_000 / words_per_pass.max(1)).max(1);
    // Warm up: lexicons load once.
    for d in &docs {
        black_box(entities::find(d, &sentences::split(d)));
    }
    let t = Instant::now();
    let mut found = 0usize;
    for _ in 0..passes {
        for d in &docs {
            let s = sentences::split(black_box(d));
            found += entities::find(d, &s).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let words = words_per_pass * passes;
    println!(
        "entities: {} docs x {} passes, {} words in {:.3} s: {:.0} words/s single-threaded ({} entities)",
        docs.len(),
        passes,
        words,
        secs,
        words as f64 / secs,
        found
    );
}
