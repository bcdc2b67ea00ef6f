//! Throughput of the quote finder, single-threaded, on the plain-text
//! articles of the demo corpus (`demo/*.txt`) repeated to about a million
//! words. Prints words per second for `quotes::find` alone and for
//! entities + quotes (the pair budgeted at 150,000 words/s per core).
//!
//! Run: `cargo bench -p sitrep-annotate --bench quotes`.

use sitrep_annotate::{entities, quotes, sentences};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

fn main() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let mut texts: Vec<String> = std::fs::read_dir(&demo)
        .expect("demo corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    texts.sort();
    assert!(!texts.is_empty(), "no demo/*.txt articles");
    let per_round: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let rounds = 1_000_000 / per_round + 1;
    let docs: Vec<(&str, Vec<sitrep_core::Span>, Vec<sitrep_core::Entity>)> = texts
        .iter()
        .map(|t| {
            let s = sentences::split(t);
            let e = entities::find(t, &s);
            (t.as_str(), s, e)
        })
        .collect();
    let words = (per_round * rounds) as f64;

    let start = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for (text, sents, ents) in &docs {
            n += black_box(quotes::find(text, sents, ents)).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("quotes::find             {:>10.0} words/s ({n} quotes, {words} words, {secs:.3} s)", words / secs);

    let start = Instant::now();
    for _ in 0..rounds {
        for (text, sents, _) in &docs {
            let ents = entities::find(text, sents);
            black_box(quotes::find(text, sents, &ents));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("entities + quotes::find  {:>10.0} words/s", words / secs);
}
