//! Throughput of the HTML extractor on one core.
//!
//! Usage: `cargo bench -p sitrep-ingest --bench html [-- DIR]`, or set
//! `SITREP_BENCH_HTML` to a directory of `.html` files. The default is the
//! article-extraction dev split next to the repository
//! (`../../../shared/eval/article-extraction/pages` from this crate). Pages
//! are read (as UTF-8, lossily) up front; then every page is extracted
//! single-threaded for a few rounds and pages/s and MB/s are printed.

use std::path::PathBuf;
use std::time::Instant;

const ROUNDS: usize = 5;

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .or_else(|| std::env::var("SITREP_BENCH_HTML").ok())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/article-extraction/pages")
        });
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("html bench: no page directory at {}; skipped", dir.display());
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm")))
        .collect();
    paths.sort();
    let pages: Vec<String> =
        paths.iter().filter_map(|p| std::fs::read(p).ok()).map(|b| String::from_utf8_lossy(&b).into_owned()).collect();
    if pages.is_empty() {
        println!("html bench: no .html files in {}; skipped", dir.display());
        return;
    }
    let bytes: usize = pages.iter().map(String::len).sum();
    println!("html bench: {} pages, {:.2} MB from {}", pages.len(), bytes as f64 / 1e6, dir.display());
    let mut best = f64::INFINITY;
    for round in 1..=ROUNDS {
        let start = Instant::now();
        let mut out = 0usize;
        for page in &pages {
            out += std::hint::black_box(sitrep_ingest::html::extract(page, None)).text.len();
        }
        let secs = start.elapsed().as_secs_f64();
        best = best.min(secs);
        println!(
            "round {round}: {:.3} s, {:.0} pages/s, {:.1} MB/s ({} bytes of text)",
            secs,
            pages.len() as f64 / secs,
            bytes as f64 / 1e6 / secs,
            out
        );
    }
    println!("best: {:.0} pages/s, {:.1} MB/s", pages.len() as f64 / best, bytes as f64 / 1e6 / best);
}
