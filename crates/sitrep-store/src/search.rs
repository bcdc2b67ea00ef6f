//! Full-text search over titles and texts with SQLite FTS5.
//!
//! A query of plain words is taken as words: each is quoted, so "U.S." or
//! "Zelenskyy's" match as written instead of failing as FTS5 syntax. A query
//! that uses FTS5 operators (quotes, `*`, parentheses, `AND`/`OR`/`NOT`/`NEAR`,
//! `title:`) keeps them, and only its words that FTS5 cannot read bare are
//! quoted. A prefix (`deploy*`) is widened to what the stems of the words it
//! begins are sure to start with ("deployment" is indexed as `deploy`, but
//! the stemmer makes the prefix `deploi`).

use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;
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

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1_000;

/// Most words in a query: each word is one more list of documents to merge.
pub const MAX_QUERY_WORDS: usize = 64;

/// How much of a query an error message quotes, in characters.
const QUOTED: usize = 60;

/// The start of a query as an error message quotes it: escaped, and cut
/// with `…` after a few dozen characters.
pub fn quoted_start(query: &str) -> String {
    if query.chars().count() <= QUOTED {
        return format!("{query:?}");
    }
    format!("{:?}…", query.chars().take(QUOTED).collect::<String>())
}

const OPERATORS: [&str; 4] = ["AND", "OR", "NOT", "NEAR"];

/// Whether a query uses FTS5 syntax on purpose.
fn uses_operators(query: &str) -> bool {
    query.contains(['"', '*', '(', ')', '^', '{', '}'])
        || query.split_whitespace().any(|w| OPERATORS.contains(&w) || column_filter(w))
}

/// `title:word`, `text:word`: a column name and a colon.
fn column_filter(word: &str) -> bool {
    word.split_once(':').is_some_and(|(col, _)| !col.is_empty() && col.chars().all(|c| c.is_ascii_alphabetic() || c == '_'))
}

/// A character FTS5 accepts in a bare word.
fn bare(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '\u{1a}' || !c.is_ascii()
}

fn quote(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// The word lists of this module.
const WORDS: &str = include_str!("../data/search.txt");

/// Suffixes tried on a prefix to see what the stemmer makes of the words it begins.
static SUFFIXES: Words = LazyLock::new(|| list(WORDS, "suffixes"));

/// The FTS5 query to run for what the user typed, or why it is refused.
fn prepare(store: &Store, query: &str) -> Result<String, StoreError> {
    let refuse = |message: String| StoreError::Query { query: query.to_string(), message };
    let words = query.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count();
    if query.len() > MAX_QUERY_BYTES {
        return Err(refuse(format!("too long: {} bytes, at most {MAX_QUERY_BYTES}", query.len())));
    }
    if words > MAX_QUERY_WORDS {
        return Err(refuse(format!("too many words: {words}, at most {MAX_QUERY_WORDS}")));
    }
    if !uses_operators(query) {
        return Ok(query.split_whitespace().map(quote).collect::<Vec<_>>().join(" "));
    }
    let chars: Vec<char> = query.chars().collect();
    let mut out = String::with_capacity(query.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            // A string, where "" is a quote mark; an unclosed one runs to the end.
            let mut j = i + 1;
            while j < chars.len() {
                if chars[j] == '"' {
                    if chars.get(j + 1) == Some(&'"') {
                        j += 2;
                        continue;
                    }
                    j += 1;
                    break;
                }
                j += 1;
            }
            out.extend(&chars[i..j]);
            i = j;
            continue;
        }
        if c.is_whitespace() || "()*^:{}+".contains(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let j = (i..chars.len()).find(|&j| chars[j].is_whitespace() || "\"()*^:{}+".contains(chars[j])).unwrap_or(chars.len());
        let word: String = chars[i..j].iter().collect();
        let prefix = chars.get(j) == Some(&'*');
        if OPERATORS.contains(&word.as_str()) {
            out.push_str(&word);
        } else if prefix && word.chars().all(bare) {
            out.push_str(&prefix_stem(store, &word));
        } else if word.chars().all(bare) {
            out.push_str(&word);
        } else {
            out.push_str(&quote(&word));
        }
        i = j;
    }
    Ok(out)
}

/// The prefix that finds every word `prefix` begins once stemmed: the
/// common start of the stems of the prefix with usual suffixes added,
/// shortened until the stemmer leaves it alone.
fn prefix_stem(store: &Store, prefix: &str) -> String {
    let stem = |word: &str| -> rusqlite::Result<String> {
        store.conn.execute_batch(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.sitrep_stem USING fts5(w, tokenize = 'porter unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE IF NOT EXISTS temp.sitrep_stem_terms USING fts5vocab(temp, sitrep_stem, 'row');
             DELETE FROM temp.sitrep_stem;",
        )?;
        store.conn.execute("INSERT INTO temp.sitrep_stem (w) VALUES (?1)", [word])?;
        store.conn.query_row("SELECT coalesce(min(term), '') FROM temp.sitrep_stem_terms", [], |r| r.get(0))
    };
    let widen = || -> rusqlite::Result<String> {
        let mut common: Option<String> = None;
        for suffix in SUFFIXES.iter() {
            let s = stem(&format!("{prefix}{suffix}"))?;
            common = Some(match common {
                None => s,
                Some(c) => c.chars().zip(s.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a).collect(),
            });
        }
        let mut q = common.unwrap_or_default();
        while q.chars().count() > 2 && stem(&q)? != q {
            q.pop();
        }
        Ok(q)
    };
    match widen() {
        Ok(q) if q.chars().count() > 2 => q,
        _ => prefix.to_string(),
    }
}

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
    let fts = prepare(store, query)?;
    // The best matches are ranked first on the index alone; only they are
    // then read from `documents` and given a snippet (making those for
    // every match before the sort cost 3-4 times as much on common words).
    let sql = format!(
        "WITH top AS MATERIALIZED (
             SELECT rowid AS r, bm25(documents_fts, {TITLE_WEIGHT:.1}, 1.0) AS score
             FROM documents_fts WHERE documents_fts MATCH ?1 ORDER BY score LIMIT ?2)
         SELECT d.id, d.title, d.outlet, d.published,
                snippet(documents_fts, 1, char({}), char({}), '…', {SNIPPET_TOKENS}),
                top.score
         FROM top CROSS JOIN documents_fts CROSS JOIN documents d
         WHERE documents_fts MATCH ?1 AND documents_fts.rowid = top.r AND d.key = top.r
         ORDER BY top.score",
        OPEN as u32, CLOSE as u32
    );
    let run = || -> rusqlite::Result<Vec<Hit>> {
        let mut stmt = store.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params![fts, limit.min(i64::MAX as usize) as i64], |r| {
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

    fn store_with(texts: &[(&str, &str)]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("s.db")).unwrap();
        let mut b = store.batch().unwrap();
        for (id, text) in texts {
            b.put(&sitrep_core::Document { id: id.to_string(), source: "t".into(), text: text.to_string(), ..Default::default() }, 1)
                .unwrap();
        }
        b.commit().unwrap();
        (dir, store)
    }

    fn found(store: &Store, query: &str) -> Vec<String> {
        let mut ids: Vec<String> = store.search(query, 10).unwrap_or_else(|e| panic!("{query}: {e}")).into_iter().map(|h| h.doc).collect();
        ids.sort();
        ids
    }

    #[test]
    fn plain_words_are_words_even_with_punctuation() {
        let (_dir, store) = store_with(&[
            ("a", "The U.S. envoy met Zelenskyy's chief of staff."),
            ("b", "North-Korean troops crossed; officials said 3,000."),
        ]);
        assert_eq!(found(&store, "U.S."), ["a"]);
        assert_eq!(found(&store, "Zelenskyy's staff"), ["a"]);
        assert_eq!(found(&store, "North-Korean 3,000"), ["b"]);
        assert_eq!(found(&store, "\"chief of staff\" OR U.S."), ["a"], "operators stay, odd words are quoted");
        assert_eq!(found(&store, "title:envoy"), Vec::<String>::new());
    }

    #[test]
    fn a_prefix_finds_the_words_it_begins_whatever_their_stem() {
        let (_dir, store) = store_with(&[
            ("deployed", "Troops were deployed north."),
            ("deployment", "The deployment grew."),
            ("evacuation", "The evacuation of the town began."),
            ("evacuated", "Families evacuated at dawn."),
            ("other", "Nothing of the kind."),
        ]);
        assert_eq!(found(&store, "deploy*"), ["deployed", "deployment"]);
        // Widening can take in other words that share the stem's start ("deployed" for "deploym*").
        assert!(found(&store, "deploym*").contains(&"deployment".to_string()));
        assert_eq!(found(&store, "evacuat*"), ["evacuated", "evacuation"]);
        assert_eq!(found(&store, "noth*"), ["other"]);
    }

    #[test]
    fn an_overlong_query_is_refused_quoting_only_its_start() {
        let (_dir, store) = store_with(&[("a", "text")]);
        let many = (0..15_000).map(|i| format!("word{i}")).collect::<Vec<_>>().join(" ");
        let e = store.search(&many, 10).unwrap_err().to_string();
        assert!(e.starts_with("bad search query \"word0 word1 word2"), "{e}");
        assert!(e.ends_with("too long: 138889 bytes, at most 1000"), "{e}");
        assert!(e.len() < 200, "{e}");
        let words = vec!["w"; MAX_QUERY_WORDS + 1].join(" ");
        let e = store.search(&words, 10).unwrap_err().to_string();
        assert!(e.ends_with(&format!("too many words: {}, at most {MAX_QUERY_WORDS}", MAX_QUERY_WORDS + 1)), "{e}");
    }

    #[test]
    fn unpaired_marks_are_dropped() {
        assert_eq!(unmark("a \u{3}b\u{2} c"), ("a b c".to_string(), vec![]));
    }
}
