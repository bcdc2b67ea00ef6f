//! Throughput of time-expression finding, single-threaded.
//!
//! Runs `times::find` over the demo corpus (`/demo` at the workspace root:
//! plain text, the text of the JSON Lines records, HTML as raw markup) and
//! over a tokenised copy of it, repeated until about 50 MB, with sentences
//! split beforehand (they are an input of the stage), and prints MB/s and
//! documents/s.
//!
//! `cargo bench -p sitrep-annotate --bench times`

mod common;

use std::hint::black_box;
use std::time::Instant;

use sitrep_annotate::{sentences, times};

fn main() {
    let docs = common::corpus("Officials said on Wednesday that the first units arrived in Russia last month, two weeks after Oct. 11, 2024. ");
    let split: Vec<_> = docs.iter().map(|d| sentences::split(d)).collect();
    let bytes_per_pass: usize = docs.iter().map(String::len).sum();
    let passes = (50_000_000 / bytes_per_pass.max(1)).max(1);
    for (d, s) in docs.iter().zip(&split) {
        black_box(times::find(d, s, Some("2024-11-01")));
    }
    let t = Instant::now();
    let mut found = 0usize;
    for _ in 0..passes {
        for (d, s) in docs.iter().zip(&split) {
            found += times::find(black_box(d), s, Some("2024-11-01")).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let bytes = bytes_per_pass * passes;
    println!(
        "times: {} docs x {} passes, {:.1} MB in {:.3} s: {:.2} MB/s, {:.0} docs/s single-threaded ({} expressions)",
        docs.len(),
        passes,
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs,
        (docs.len() * passes) as f64 / secs,
        found
    );
}
