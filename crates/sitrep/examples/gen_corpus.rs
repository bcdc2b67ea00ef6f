//! Generate a large corpus for benchmarks from the demo corpus.
//!
//! ```sh
//! cargo run --release -p sitrep --example gen_corpus -- 10000 corpus.jsonl [SEED]
//! ```
//!
//! Writes N articles as JSON Lines. Each one is a demo article (read and
//! cleaned by the ingest stage) varied deterministically by a seeded RNG:
//! figures are rescaled, people renamed, the outlet, date and URL changed,
//! a paragraph may be dropped and one from another article added. A third
//! of the lines carry `html` (a page with navigation and footer
//! boilerplate), a third `raw_text` (a scraped page) and a third clean
//! `text`, so a benchmark exercises every extraction path. The same N and
//! seed always give the same file; every article has distinct content.

mod common;

use common::{pick, slug, with_commas, Article, GIVEN, OUTLET_NOUNS, OUTLET_PLACES, SURNAMES};
use regex::Regex;
use sitrep_core::{Document, EntityKind};
use sitrep_ingest::{Input, ReadOptions};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// The demo corpus, read and cleaned, with entities found.
fn demo() -> Vec<Document> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo"));
    sitrep_ingest::read(vec![Input::Path(dir)], ReadOptions::default())
        .filter_map(Result::ok)
        .map(|raw| {
            let mut doc = sitrep_ingest::to_document(raw);
            sitrep_annotate::annotate(&mut doc);
            doc
        })
        .filter(|d| d.text.len() > 500)
        .collect()
}

/// Rescale figures of 100 and more (not years) by `factor`, keeping two
/// significant digits so they read like reported figures.
fn rescale(text: &str, numbers: &Regex, factor: f64) -> String {
    numbers
        .replace_all(text, |c: &regex::Captures<'_>| {
            let s = &c[0];
            let n: f64 = s.replace(',', "").parse().unwrap_or(0.0);
            let year = !s.contains(',') && (1900.0..=2100.0).contains(&n);
            if n < 100.0 || year || s.contains('.') {
                return s.to_string();
            }
            let scaled = n * factor;
            let magnitude = 10f64.powi(scaled.log10().floor() as i32 - 1).max(1.0);
            with_commas(((scaled / magnitude).round() * magnitude) as u64)
        })
        .into_owned()
}

/// Rename the people of `doc` in `text` (full names and surnames alone).
fn rename(doc: &Document, text: &str, rng: &mut fastrand::Rng) -> String {
    let mut out = text.to_string();
    for e in doc.entities.iter().filter(|e| e.kind == EntityKind::Person) {
        let parts: Vec<&str> = e.name.split_whitespace().collect();
        if parts.len() < 2 {
            continue;
        }
        let (given, surname) = (pick(rng, GIVEN), pick(rng, SURNAMES));
        for (from, to) in [(e.name.clone(), format!("{given} {surname}")), (parts[parts.len() - 1].to_string(), surname.to_string())] {
            let word = Regex::new(&format!(r"\b{}\b", regex::escape(&from))).expect("an escaped name is a valid pattern");
            out = word.replace_all(&out, regex::NoExpand(&to)).into_owned();
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(out)) = (args.first().and_then(|s| s.parse::<usize>().ok()), args.get(1)) else {
        eprintln!("usage: gen_corpus N OUT.jsonl [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(2024);
    let docs = demo();
    assert!(!docs.is_empty(), "the demo corpus is empty");
    let numbers = Regex::new(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b").expect("the pattern is valid");
    let start = chrono::NaiveDate::from_ymd_opt(2024, 10, 1).expect("a valid date");
    let mut rng = fastrand::Rng::with_seed(seed);
    let file = std::fs::File::create(out).unwrap_or_else(|e| {
        eprintln!("gen_corpus: {out}: {e}");
        std::process::exit(1);
    });
    let mut w = BufWriter::new(file);
    let mut bytes = 0;
    for i in 0..n {
        let base = &docs[i % docs.len()];
        let other = &docs[rng.usize(..docs.len())];
        let factor = 0.5 + rng.f64() * 1.5;
        let outlet = format!("The {} {}", pick(&mut rng, OUTLET_PLACES), pick(&mut rng, OUTLET_NOUNS));
        let date = (start + chrono::Days::new(rng.u64(..120))).format("%Y-%m-%d").to_string();
        let byline = format!("{} {}", pick(&mut rng, GIVEN), pick(&mut rng, SURNAMES));

        let mut paragraphs: Vec<String> =
            base.text.split("\n\n").filter(|p| !p.trim().is_empty()).map(str::to_string).collect();
        if paragraphs.len() > 3 && rng.bool() {
            paragraphs.remove(1 + rng.usize(..paragraphs.len() - 1));
        }
        let extra: Vec<&str> = other.text.split("\n\n").filter(|p| p.len() > 80).collect();
        if !extra.is_empty() && rng.bool() {
            paragraphs.push(extra[rng.usize(..extra.len())].to_string());
        }
        let text = paragraphs.join("\n\n");
        let text = rename(base, &rescale(&text, &numbers, factor), &mut rng);
        let text = match &base.outlet {
            Some(o) if !o.is_empty() => text.replace(o.as_str(), &outlet),
            _ => text,
        };
        // A serial number in the dateline keeps every article distinct.
        let text = format!("({outlet}, dispatch {i}) {text}");
        let title = rescale(base.title.as_deref().unwrap_or("Untitled report"), &numbers, factor);
        let host = slug(&outlet).replace('-', "");
        let url = format!("https://{host}.example/world/{date}/{}-{i}", slug(&title));
        let article = Article { id: &format!("gen-{i:06}"), url: &url, date: &date, title: &title, outlet: &outlet, byline: &byline, text: &text };
        let s = article.line(i);
        bytes += s.len() + 1;
        writeln!(w, "{s}").expect("writing the corpus");
    }
    w.flush().expect("writing the corpus");
    eprintln!("wrote {n} articles, {bytes} bytes, to {out}");
}
