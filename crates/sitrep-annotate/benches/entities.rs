//! Throughput of sentence splitting + entity finding, single-threaded.
//!
//! Runs `sentences::split` and `entities::find` over the demo corpus
//! (`/demo` at the workspace root: plain text, the text of the JSON Lines
//! records, HTML as raw markup) and over a tokenised copy of it ("Korea 's
//! troops ."), repeated until about a million words, and prints words/s.
//!
//! `cargo bench -p sitrep-annotate --bench entities`

use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use sitrep_annotate::{entities, sentences};

fn corpus() -> Vec<String> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let mut docs = Vec::new();
    let mut paths: Vec<_> = fs::read_dir(&demo).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    paths.sort();
    for p in paths {
        let Ok(raw) = fs::read(&p) else { continue };
        let raw = String::from_utf8_lossy(&raw).into_owned();
        match p.extension().and_then(|e| e.to_str()) {
            Some("jsonl") => {
                for line in raw.lines() {
                    if let Some(t) = json_text(line) {
                        docs.push(t);
                    }
                }
            }
            Some("txt") | Some("html") => docs.push(raw),
            _ => {}
        }
    }
    if docs.is_empty() {
        docs.push("U.S. Defense Secretary Lloyd Austin said on Wednesday that North Korean troops were in Russia. ".repeat(50));
    }
    // A tokenised copy of every document, as in CoNLL-style input.
    let tokenised: Vec<String> = docs.iter().map(|d| tokenise(d)).collect();
    docs.extend(tokenised);
    docs
}

/// The "text" string of a JSON Lines record (enough of JSON for the demo).
fn json_text(line: &str) -> Option<String> {
    let i = line.find("\"text\"")?;
    let rest = &line[i + 6..];
    let rest = &rest[rest.find('"')? + 1..];
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or('\u{fffd}'));
                }
                c => out.push(c),
            },
            c => out.push(c),
        }
    }
    None
}

fn tokenise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        if matches!(c, '.' | ',' | ';' | ':' | '"' | '(' | ')' | '?' | '!') {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out.replace("'s ", " 's ")
}

fn main() {
    let docs = corpus();
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
