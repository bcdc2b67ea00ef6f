//! Throughput of time-expression finding, single-threaded.
//!
//! Runs `times::find` over the demo corpus (`/demo` at the workspace root:
//! plain text, the text of the JSON Lines records, HTML as raw markup) and
//! over a tokenised copy of it, repeated until about 50 MB, with sentences
//! split beforehand (they are an input of the stage), and prints MB/s and
//! documents/s.
//!
//! `cargo bench -p sitrep-annotate --bench times`

use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use sitrep_annotate::{sentences, times};

fn corpus() -> Vec<String> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let mut docs = Vec::new();
    let mut paths: Vec<_> = fs::read_dir(&demo)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
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
        docs.push("Officials said on Wednesday that the first units arrived in Russia last month, two weeks after Oct. 11, 2024. ".repeat(50));
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
                    out.push(
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .unwrap_or('\u{fffd}'),
                    );
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
