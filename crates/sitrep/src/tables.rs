//! Readable terminal tables of entities, quotes and quantities.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use sitrep_core::{Document, Quantity, Quote};
use std::borrow::Cow;

/// Text made safe for a terminal: control characters (C0, DEL, C1) and the
/// bidirectional embeddings and overrides are written as escapes (`\n`,
/// `\u{1b}`), so that a title or a file name can neither move the cursor,
/// retitle the window, clear the screen, hide text nor forge an extra line.
pub fn escape(s: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A table row with every cell [escaped](escape).
pub fn row(cells: Vec<String>) -> Vec<String> {
    cells.into_iter().map(|c| escape(&c).into_owned()).collect()
}

/// Longest quote text shown in a table cell; the JSON output has all of it.
const QUOTE_CELL: usize = 160;

pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    if t.width().is_none() {
        t.set_width(120);
    }
    t
}

pub fn shorten(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{cut}…")
}

/// The heading line of a document's section.
fn heading(doc: &Document) -> String {
    let mut h = format!("── {}", doc.id);
    if let Some(title) = &doc.title {
        h.push_str(&format!(" — {}", shorten(title, 80)));
    }
    if let Some(date) = &doc.published {
        h.push_str(&format!(" ({date})"));
    }
    escape(&h).into_owned()
}

/// A section per document: its heading, then one row per entity.
pub fn entities(docs: &[Document]) -> String {
    let mut out = String::new();
    for doc in docs.iter().filter(|d| !d.entities.is_empty()) {
        let mut t = table(&["entity", "kind", "mentions", "descriptors"]);
        for e in &doc.entities {
            t.add_row(row(vec![
                e.name.clone(),
                e.kind.as_str().to_string(),
                e.mentions.len().to_string(),
                e.descriptors.join("; "),
            ]));
        }
        out.push_str(&format!("{}\n{t}\n\n", heading(doc)));
    }
    out
}

/// The name a quote's speaker goes by: the entity's full name when the
/// speaker is an entity, else the words the text uses.
pub fn speaker_of<'a>(doc: &'a Document, q: &'a Quote) -> Option<&'a str> {
    q.speaker
        .as_deref()
        .and_then(|id| doc.entities.iter().find(|e| e.id == id))
        .map(|e| e.name.as_str())
        .or(q.speaker_name.as_deref())
}

/// A section per document: its heading, then one row per quote that `keep`
/// lets through.
pub fn quotes(docs: &[Document], keep: impl Fn(&Document, &Quote) -> bool) -> String {
    docs.iter().filter_map(|doc| doc_quotes(doc, &keep)).collect()
}

/// One document's table of [`quotes`] under its heading, `None` when it
/// keeps no quote.
pub fn doc_quotes(doc: &Document, keep: impl Fn(&Document, &Quote) -> bool) -> Option<String> {
    let mut t = table(&["speaker", "cue", "kind", "quote"]);
    for q in doc.quotes.iter().filter(|q| keep(doc, q)) {
        t.add_row(row(vec![
            speaker_of(doc, q).unwrap_or("(unknown)").to_string(),
            q.cue.clone().unwrap_or_default(),
            if q.direct { "direct" } else { "reported" }.to_string(),
            shorten(&q.text, QUOTE_CELL),
        ]));
    }
    (!t.is_empty()).then(|| format!("{}\n{t}\n\n", heading(doc)))
}

/// Longest sentence shown beside a quantity.
const SENTENCE_CELL: usize = 100;

/// A number as a person writes it: no ".0", at most 4 decimals.
fn figure(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_string() } else { s.to_string() }
}

/// "exact", "range 10000–12000", "at_least ≥ 3000", "at_most ≤ 12000",
/// "vague" ("thousands": no figure).
fn bounds(q: &Quantity) -> String {
    let b = q.bound.as_str();
    if q.vague {
        return "vague".to_string();
    }
    match (q.low, q.high) {
        (Some(l), Some(h)) if l == h => b.to_string(),
        (Some(l), Some(h)) => format!("{b} {}–{}", figure(l), figure(h)),
        (Some(l), None) => format!("{b} ≥ {}", figure(l)),
        (None, Some(h)) => format!("{b} ≤ {}", figure(h)),
        (None, None) => b.to_string(),
    }
}

/// The sentence around a byte range of the text: from the last sentence
/// end before it to the next one after it.
fn sentence_around(text: &str, start: usize, end: usize) -> &str {
    const ENDS: [&str; 4] = [". ", "! ", "? ", "\n"];
    let before = text.get(..start).unwrap_or("");
    let from = ENDS.iter().filter_map(|p| before.rfind(p).map(|i| i + p.len())).max().unwrap_or(0);
    let after = text.get(end..).unwrap_or("");
    let to = ENDS.iter().filter_map(|p| after.find(p).map(|i| end + i + 1)).min().unwrap_or(text.len());
    text.get(from..to).unwrap_or("").trim()
}

/// A section per document: its heading, then one row per quantity.
pub fn numbers(docs: &[Document]) -> String {
    let mut out = String::new();
    for doc in docs.iter().filter(|d| !d.quantities.is_empty()) {
        let mut t = table(&["quantity", "value", "bound", "unit", "rate", "counted", "sentence"]);
        for q in &doc.quantities {
            let rate = match (&q.per, &q.per_each) {
                (Some(p), Some(e)) => format!("per {e} per {p}"),
                (Some(p), None) => format!("per {p}"),
                (None, Some(e)) => format!("per {e}"),
                (None, None) => String::new(),
            };
            t.add_row(row(vec![
                q.text.clone(),
                q.value.map(figure).unwrap_or_default(),
                bounds(q),
                q.unit.clone().unwrap_or_else(|| q.kind.clone()),
                rate,
                q.counted.clone().unwrap_or_default(),
                shorten(sentence_around(&doc.text, q.start, q.end), SENTENCE_CELL),
            ]));
        }
        out.push_str(&format!("{}\n{t}\n\n", heading(doc)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, figure, sentence_around, shorten};

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape("plain café"), "plain café");
        assert_eq!(escape("a\nsitrep: error: forged"), "a\\nsitrep: error: forged");
        assert_eq!(escape("\u{1b}]0;title\u{7}\u{1b}[2J"), "\\u{1b}]0;title\\u{7}\\u{1b}[2J");
        assert_eq!(escape("\u{9b}31m \u{202e}txt.exe"), "\\u{9b}31m \\u{202e}txt.exe");
    }

    #[test]
    fn figures_drop_trailing_zeros() {
        assert_eq!(figure(12000.0), "12000");
        assert_eq!(figure(2.0 / 3.0), "0.6667");
        assert_eq!(figure(-0.0), "0");
    }

    #[test]
    fn the_sentence_around_a_quantity() {
        let text = "First one. Up to 12,000 troops went. Last.";
        let at = text.find("12,000").unwrap();
        assert_eq!(sentence_around(text, at, at + 6), "Up to 12,000 troops went.");
    }

    #[test]
    fn shorten_counts_characters_and_folds_space() {
        assert_eq!(shorten("a  b\nc", 10), "a b c");
        assert_eq!(shorten("ééééé", 3), "éé…");
    }
}
