//! Throughput of quantity finding, single-threaded.
//!
//! Runs `quantities::find` (sentences split beforehand, outside the timing)
//! over the demo corpus (`/demo` at the workspace root: plain text, the text
//! of the JSON Lines records, HTML as raw markup), repeated until about 20 MB
//! of text, and prints MB/s.
//!
//! `cargo bench -p sitrep-annotate --bench quantities`

use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use sitrep_annotate::{quantities, sentences};

fn corpus() -> Vec<String> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let mut paths: Vec<_> = fs::read_dir(&demo).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    paths.sort();
    let mut docs = Vec::new();
    for p in paths {
        let Ok(raw) = fs::read(&p) else { continue };
        let raw = String::from_utf8_lossy(&raw).into_owned();
        match p.extension().and_then(|e| e.to_str()) {
            Some("jsonl") => docs.extend(raw.lines().filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok()?["text"].as_str().map(str::to_string))),
            Some("txt") | Some("html") => docs.push(raw),
            _ => {}
        }
    }
    if docs.is_empty() {
        docs.push("Up to 12,000 troops and $2,000 per soldier per month, about 80 percent. ".repeat(50));
    }
    docs
}

fn main() {
    let docs = corpus();
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
