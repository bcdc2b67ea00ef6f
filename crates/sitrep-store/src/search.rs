//! Full-text search over titles and texts with SQLite FTS5.

use crate::{Store, StoreError};
use serde::Serialize;
use std::ops::Range;

/// Marks FTS5 puts around matches inside a snippet: control characters
/// that news text does not contain, turned into [`Hit::marks`].
const OPEN: char = '\u{2}';
const CLOSE: char = '\u{3}';

/// How much more a match in the title counts than one in the text.
const TITLE_WEIGHT: f64 = 4.0;

/// Words of context in a snippet.
const SNIPPET_TOKENS: u32 = 16;

/// One document matching a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The document id.
    pub doc: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// A passage of the text around the best match, `…` where it was cut
    /// (the text's opening words when only the title matches).
    pub snippet: String,
    /// Byte ranges of the matched words inside `snippet`.
    pub marks: Vec<Range<usize>>,
    /// BM25 score, a title match weighing four times a text match: lower
    /// (more negative) is a better match.
    pub rank: f64,
}

impl Hit {
    /// The snippet with every match wrapped in `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.snippet.len() + self.marks.len() * (open.len() + close.len()));
        let mut at = 0;
        for m in &self.marks {
            out.push_str(&self.snippet[at..m.start]);
            out.push_str(open);
            out.push_str(&self.snippet[m.clone()]);
            out.push_str(close);
            at = m.end;
        }
        out.push_str(&self.snippet[at..]);
        out
    }
}

/// Split FTS5's marked snippet into plain text and match ranges. Unpaired
/// marks are dropped.
fn unmark(marked: &str) -> (String, Vec<Range<usize>>) {
    let mut text = String::with_capacity(marked.len());
    let mut marks = Vec::new();
    let mut open = None;
    for c in marked.chars() {
        match c {
            OPEN => open = Some(text.len()),
            CLOSE => {
                if let Some(start) = open.take() {
                    marks.push(start..text.len());
                }
            }
            c => text.push(c),
        }
    }
    (text, marks)
}

pub(crate) fn search(store: &Store, query: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
    let sql = format!(
        "SELECT d.id, d.title, d.outlet, d.published,
                snippet(documents_fts, 1, char({}), char({}), '…', {SNIPPET_TOKENS}),
                bm25(documents_fts, {TITLE_WEIGHT:.1}, 1.0) AS score
         FROM documents_fts JOIN documents d ON d.key = documents_fts.rowid
         WHERE documents_fts MATCH ?1 ORDER BY score LIMIT ?2",
        OPEN as u32, CLOSE as u32
    );
    let run = || -> rusqlite::Result<Vec<Hit>> {
        let mut stmt = store.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params![query, limit.min(i64::MAX as usize) as i64], |r| {
            let marked: String = r.get(4)?;
            let (snippet, marks) = unmark(&marked);
            Ok(Hit {
                doc: r.get(0)?,
                title: r.get(1)?,
                outlet: r.get(2)?,
                published: r.get(3)?,
                snippet,
                marks,
                rank: r.get(5)?,
            })
        })?;
        rows.collect()
    };
    run().map_err(|e| match e.sqlite_error_code() {
        // The statement itself is fixed, so a plain SQL error is the query's.
        Some(rusqlite::ErrorCode::Unknown) => StoreError::Query { query: query.to_string(), message: message(&e) },
        _ => store.err(e),
    })
}

/// SQLite's own message for an error, without rusqlite's wrapping.
fn message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_ranges_of_the_plain_snippet() {
        let (text, marks) = unmark("the \u{2}troops\u{3} reached \u{2}Kursk\u{3}…");
        assert_eq!(text, "the troops reached Kursk…");
        assert_eq!(marks, vec![4..10, 19..24]);
        let hit = Hit {
            doc: "d".into(),
            title: None,
            outlet: None,
            published: None,
            snippet: text,
            marks,
            rank: -1.0,
        };
        assert_eq!(hit.marked("[", "]"), "the [troops] reached [Kursk]…");
    }

    #[test]
    fn unpaired_marks_are_dropped() {
        assert_eq!(unmark("a \u{3}b\u{2} c"), ("a b c".to_string(), vec![]));
    }
}
