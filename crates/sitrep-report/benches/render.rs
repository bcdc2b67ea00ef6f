//! Rendering speed on a synthetic report of 10,000 documents (20 topics,
//! 10,000 claims, 5,000 timeline entries, 3,333 entities, 10,000 quotes).
//! Prints documents per second and output MB/s for HTML and Markdown.
//!
//! Run: `cargo bench -p sitrep-report --bench render`.

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::Instant;

const DOCS: usize = 10_000;
const ROUNDS: usize = 10;

fn main() {
    let report = synthetic::report(DOCS);
    for (name, render) in [
        ("html", sitrep_report::html as fn(&sitrep_core::report::Report) -> String),
        ("markdown", sitrep_report::markdown),
    ] {
        let mut bytes = 0;
        let start = Instant::now();
        for _ in 0..ROUNDS {
            bytes += black_box(render(&report)).len();
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{name:<9} {:>10.0} docs/s {:>8.1} MB/s ({} bytes per report, {:.1} ms per report of {DOCS} documents)",
            (DOCS * ROUNDS) as f64 / secs,
            bytes as f64 / secs / 1e6,
            bytes / ROUNDS,
            secs * 1e3 / ROUNDS as f64
        );
    }
}
