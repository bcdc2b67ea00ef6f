//! Throughput of quantity finding, single-threaded.
//!
//! Runs `quantities::find` (sentences split beforehand, outside the timing)
//! over the demo corpus (`/demo` at the workspace root: plain text, the text
//! of the JSON Lines records, HTML as raw markup, and a tokenised copy of
//! each; see `common/`), repeated until about 20 MB of text, and prints MB/s.
//!
//! `cargo bench -p sitrep-annotate --bench quantities`

mod common;

use std::hint::black_box;
use std::time::Instant;

use sitrep_annotate::{quantities, sentences};

fn main() {
    let docs = common::corpus("Up to 12,000 troops and $2,000 per soldier per month, about 80 percent. ");
    let split: Vec<_> = docs.iter().map(|d| sentences::split(d)).collect();
    let bytes_per_pass: usize = docs.iter().map(String::len).sum();
    let passes = (20_000_000 / bytes_per_pass.max(1)).max(1);
    for (d, s) in docs.iter().zip(&split) {
        black_box(quantities::find(d, s));
    }
    let t = Instant::now();
    let mut found = 0usize;
    for _ in 0..passes {
        for (d, s) in docs.iter().zip(&split) {
            found += quantities::find(black_box(d), s).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let mb = (bytes_per_pass * passes) as f64 / 1e6;
    println!("quantities: {} docs x {} passes, {:.1} MB in {:.3} s: {:.2} MB/s single-threaded ({} quantities)", docs.len(), passes, mb, secs, mb / secs, found);
}
