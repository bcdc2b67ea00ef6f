//! Readable terminal tables of entities and quotes.

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use sitrep_core::{Document, Quote};

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
    h
}

/// A section per document: its heading, then one row per entity.
pub fn entities(docs: &[Document]) -> String {
    let mut out = String::new();
    for doc in docs.iter().filter(|d| !d.entities.is_empty()) {
        let mut t = table(&["entity", "kind", "mentions", "descriptors"]);
        for e in &doc.entities {
            t.add_row(vec![
                e.name.clone(),
                e.kind.as_str().to_string(),
                e.mentions.len().to_string(),
                e.descriptors.join("; "),
            ]);
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
    let mut out = String::new();
    for doc in docs {
        let mut t = table(&["speaker", "cue", "kind", "quote"]);
        for q in doc.quotes.iter().filter(|q| keep(doc, q)) {
            t.add_row(vec![
                speaker_of(doc, q).unwrap_or("(unknown)").to_string(),
                q.cue.clone().unwrap_or_default(),
                if q.direct { "direct" } else { "reported" }.to_string(),
                shorten(&q.text, QUOTE_CELL),
            ]);
        }
        if !t.is_empty() {
            out.push_str(&format!("{}\n{t}\n\n", heading(doc)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn shorten_counts_characters_and_folds_space() {
        assert_eq!(shorten("a  b\nc", 10), "a b c");
        assert_eq!(shorten("ééééé", 3), "éé…");
    }
}
