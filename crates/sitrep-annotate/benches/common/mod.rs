//! The benchmark corpus shared by the annotate benches: the demo corpus
//! (`/demo` at the workspace root: plain text, the text of the JSON Lines
//! records, HTML as raw markup) plus a tokenised copy of every document
//! ("Korea 's troops .").

use std::fs;
use std::path::Path;

/// The demo documents and their tokenised copies; `fallback` repeated when
/// the demo corpus cannot be read.
pub fn corpus(fallback: &str) -> Vec<String> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let mut docs = Vec::new();
    let mut paths: Vec<_> = fs::read_dir(&demo).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    paths.sort();
    for p in paths {
        let Ok(raw) = fs::read(&p) else { continue };
        let raw = String::from_utf8_lossy(&raw).into_owned();
        match p.extension().and_then(|e| e.to_str()) {
            Some("jsonl") => docs.extend(raw.lines().filter_map(json_text)),
            Some("txt") | Some("html") => docs.push(raw),
            _ => {}
        }
    }
    if docs.is_empty() {
        docs.push(fallback.repeat(50));
    }
    let tokenised: Vec<String> = docs.iter().map(|d| tokenise(d)).collect();
    docs.extend(tokenised);
    docs
}

/// The "text" string of a JSON Lines record.
fn json_text(line: &str) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(line).ok()?["text"].as_str().map(str::to_string)
}

/// Punctuation split off as in CoNLL-style input.
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
