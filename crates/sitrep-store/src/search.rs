//! Full-text search over titles and texts with SQLite FTS5.
//!
//! A query of plain words is taken as words: each is quoted, so "U.S." or
//! "Zelenskyy's" match as written instead of failing as FTS5 syntax. A query
//! that uses FTS5 operators (quotes, `*`, parentheses, `AND`/`OR`/`NOT`/`NEAR`,
//! `title:`) keeps them, and only its words that FTS5 cannot read bare are
//! quoted. A prefix (`deploy*`) is widened to what the stems of the words it
//! begins are sure to start with ("deployment" is indexed as `deploy`, but
//! the stemmer makes the prefix `deploi`).

use sitrep_core::Document;
use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;
use crate::{Store, StoreError};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Mutex, PoisonError};

/// How much more a match in the title counts than one in the text.
const TITLE_WEIGHT: f64 = 4.0;

/// Words of context in a snippet.
const SNIPPET_TOKENS: usize = 16;

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
const WORDS: &str = include_str!("../data/lang/en/search.txt");

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

/// A document matching a search, ranked, before its snippet is cut
/// ([`Matcher::hit`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// The document id.
    pub doc: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// As [`Hit::rank`].
    pub rank: f64,
}

/// One word of a phrase as the index holds it: its Porter stem, or the
/// start of the stems it matches.
#[derive(Debug, Clone, PartialEq)]
struct Term {
    stem: String,
    prefix: bool,
}

/// What a search query matches, to find and mark in a hit's text the way
/// FTS5's `snippet()` does, without SQLite reading and tokenising every
/// hit again: the phrases of the query (a plain word is a phrase of one),
/// each a run of consecutive terms.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Matcher {
    phrases: Vec<Vec<Term>>,
}

/// A token of a text: its byte range.
type Token = Range<usize>;

/// The tokens of a text as FTS5's unicode61 tokenizer cuts them: runs of
/// letters and digits.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Most words the stem cache keeps before it starts again.
const STEMS_KEPT: usize = 200_000;

/// Words (lower case) → their Porter stem as the index makes it, shared by
/// every connection: a corpus has a bounded vocabulary, so after a few
/// searches stemming a hit's words is a lookup.
static STEMS: LazyLock<Mutex<HashMap<String, String>>> = LazyLock::new(Mutex::default);

/// The stems of `words` (lower case), from the cache or, for the words it
/// lacks, from SQLite's own tokenizer in one statement.
fn stems(store: &Store, words: &[&str]) -> Vec<String> {
    let mut out: Vec<Option<String>> = {
        let cache = STEMS.lock().unwrap_or_else(PoisonError::into_inner);
        words.iter().map(|w| cache.get(*w).cloned()).collect()
    };
    let mut missing: Vec<&str> = words.iter().zip(&out).filter(|(_, s)| s.is_none()).map(|(w, _)| *w).collect();
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        let made = stem_in_sqlite(store, &missing).unwrap_or_default();
        let mut cache = STEMS.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() + made.len() > STEMS_KEPT {
            cache.clear();
        }
        for (w, s) in missing.iter().zip(&made) {
            cache.insert(w.to_string(), s.clone());
        }
        let made: HashMap<&str, &String> = missing.iter().copied().zip(&made).collect();
        for (o, w) in out.iter_mut().zip(words) {
            if o.is_none() {
                *o = made.get(w).map(|s| s.to_string());
            }
        }
    }
    // A word SQLite could not stem is compared as written.
    out.into_iter().zip(words).map(|(s, w)| s.unwrap_or_else(|| w.to_string())).collect()
}

/// Stem single-token words with the index's tokenizer: the words go in as
/// one row of a temporary FTS5 table, and its instances come back in order.
fn stem_in_sqlite(store: &Store, words: &[&str]) -> rusqlite::Result<Vec<String>> {
    store.conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.sitrep_stem USING fts5(w, tokenize = 'porter unicode61 remove_diacritics 2');
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.sitrep_stem_at USING fts5vocab(temp, sitrep_stem, 'instance');
         DELETE FROM temp.sitrep_stem;",
    )?;
    store.conn.execute("INSERT INTO temp.sitrep_stem (w) VALUES (?1)", [words.join(" ")])?;
    let mut stmt = store.conn.prepare_cached("SELECT term, offset FROM temp.sitrep_stem_at")?;
    let mut out = vec![String::new(); words.len()];
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut count = 0;
    for row in rows {
        let (term, at) = row?;
        count += 1;
        if let Some(o) = usize::try_from(at).ok().and_then(|i| out.get_mut(i)) {
            *o = term;
        }
    }
    // A word the tokenizer cut in two would shift every stem after it.
    if count != words.len() {
        return Err(rusqlite::Error::InvalidQuery);
    }
    Ok(out)
}

impl Matcher {
    /// The phrases of a prepared FTS5 query. Words under a column filter
    /// other than `text` (`title:word`, `title:(a b)`) match only titles
    /// and are not looked for in the text; operators are not words.
    fn of(store: &Store, fts: &str) -> Matcher {
        let chars: Vec<char> = fts.chars().collect();
        // (phrase words, prefix on its last word)
        let mut phrases: Vec<(Vec<String>, bool)> = Vec::new();
        let mut skip_next = false;
        // Parenthesis depth at which a skipped group ends.
        let mut skip_group: Option<usize> = None;
        let mut depth = 0;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let skipping = skip_group.is_some();
            let phrase = if c == '"' {
                let mut j = i + 1;
                let mut text = String::new();
                while j < chars.len() {
                    if chars[j] == '"' {
                        if chars.get(j + 1) == Some(&'"') {
                            text.push('"');
                            j += 2;
                            continue;
                        }
                        j += 1;
                        break;
                    }
                    text.push(chars[j]);
                    j += 1;
                }
                i = j;
                Some(text)
            } else if c == '(' {
                depth += 1;
                if std::mem::take(&mut skip_next) {
                    skip_group.get_or_insert(depth);
                }
                i += 1;
                None
            } else if c == ')' {
                if skip_group == Some(depth) {
                    skip_group = None;
                }
                depth = depth.saturating_sub(1);
                i += 1;
                None
            } else if c == '{' {
                // A set of columns: skipped unless it names `text`.
                let j = (i..chars.len()).find(|&j| chars[j] == '}').unwrap_or(chars.len());
                let cols: String = chars[i + 1..j].iter().collect();
                skip_next = !cols.split_whitespace().any(|c| c == "text");
                i = j + 1;
                None
            } else if c.is_whitespace() || "*^:+,-".contains(c) {
                i += 1;
                None
            } else {
                let j = (i..chars.len()).find(|&j| chars[j].is_whitespace() || "\"()*^:{}+,".contains(chars[j])).unwrap_or(chars.len());
                let word: String = chars[i..j].iter().collect();
                i = j;
                if chars.get(j) == Some(&':') {
                    skip_next = word != "text";
                    None
                } else if OPERATORS.contains(&word.as_str()) {
                    None
                } else {
                    Some(word)
                }
            };
            let Some(text) = phrase else { continue };
            let prefix = chars.get(i) == Some(&'*');
            if !(skipping || std::mem::take(&mut skip_next)) {
                let words: Vec<String> = tokens(&text).into_iter().map(|t| text[t].to_lowercase()).collect();
                if !words.is_empty() {
                    phrases.push((words, prefix));
                }
            }
        }
        let all: Vec<&str> = phrases.iter().flat_map(|(w, _)| w.iter().map(String::as_str)).collect();
        let mut stemmed = stems(store, &all).into_iter();
        let phrases = phrases
            .iter()
            .map(|(words, prefix)| {
                let n = words.len();
                words.iter().enumerate().map(|(k, _)| Term { stem: stemmed.next().unwrap_or_default(), prefix: *prefix && k + 1 == n }).collect()
            })
            .collect();
        Matcher { phrases }
    }

    /// Whether a word (of any case) may stem to something a term matches:
    /// Porter only rewrites a word's end, so its stem keeps all but the
    /// last few letters of the word.
    fn may_match(&self, word: &str) -> bool {
        !word.is_ascii()
            || self.phrases.iter().flatten().any(|t| {
                let k = t.stem.len().saturating_sub(1).clamp(1, 3).min(t.stem.len());
                word.len() >= k && t.stem.is_char_boundary(k) && word.as_bytes()[..k].eq_ignore_ascii_case(&t.stem.as_bytes()[..k])
            })
    }

    /// The instances of the phrases in `words` (each word's stem, `None`
    /// where no term can match): (first token, tokens, phrase).
    fn instances(&self, words: &[Option<String>]) -> Vec<(usize, usize, usize)> {
        let fits = |t: &Term, w: &Option<String>| w.as_deref().is_some_and(|s| if t.prefix { s.starts_with(&t.stem) } else { s == t.stem });
        let mut out = Vec::new();
        for at in 0..words.len() {
            for (p, terms) in self.phrases.iter().enumerate() {
                if at + terms.len() <= words.len() && terms.iter().zip(&words[at..]).all(|(t, w)| fits(t, w)) {
                    out.push((at, terms.len(), p));
                }
            }
        }
        out
    }

    /// The passage of `text` FTS5's `snippet()` would show for these
    /// phrases, with `tokens` words at most, and the byte ranges of the
    /// matches in it: the window that holds the most distinct phrases
    /// (then the most matches), centred on them or starting at a sentence,
    /// `…` where the text was cut; the opening words when nothing matches.
    pub fn snippet(&self, store: &Store, text: &str, tokens_wanted: usize) -> (String, Vec<Range<usize>>) {
        let toks = tokens(text);
        // Only the words that may match are lower-cased and stemmed.
        let lower: Vec<Option<String>> = toks.iter().map(|t| Some(&text[t.clone()]).filter(|w| self.may_match(w)).map(str::to_lowercase)).collect();
        let asked: Vec<&str> = lower.iter().flatten().map(String::as_str).collect();
        let mut stemmed = stems(store, &asked).into_iter();
        let words: Vec<Option<String>> = lower.iter().map(|w| w.as_ref().and_then(|_| stemmed.next())).collect();
        let found = self.instances(&words);
        let n = toks.len();
        let size = tokens_wanted.max(1);
        // Score of the window of `size` tokens from `start` (as FTS5's
        // fts5SnippetScore): 1000 for each phrase seen, 1 for each match
        // more; and the start that centres its matches.
        let score = |start: usize| -> (u32, Option<usize>) {
            let mut seen = vec![false; self.phrases.len()];
            let (mut total, mut first, mut last) = (0, None, 0);
            for &(at, len, p) in found.iter().filter(|(at, _, _)| *at >= start && *at < start + size) {
                total += if std::mem::replace(&mut seen[p], true) { 1 } else { 1000 };
                first.get_or_insert(at);
                // One past the match's last token, as FTS5 counts it.
                last = at + len;
            }
            let centred = first.map(|f: usize| {
                let adj = f as i64 - (size as i64 - (last - f) as i64) / 2;
                adj.min(n as i64 - size as i64).max(0) as usize
            });
            (total, centred)
        };
        let sentence_start = |i: usize| {
            i == 0 || {
                let before = text[..toks[i].start].trim_end_matches([' ', '\t', '\n', '\r']);
                before.len() < toks[i].start && (before.ends_with('.') || before.ends_with(':'))
            }
        };
        let starts: Vec<usize> = (0..n).filter(|&i| sentence_start(i)).collect();
        let (mut best, mut best_start) = (0, 0);
        for &(at, _, _) in &found {
            let (s, adj) = score(at);
            let adj = adj.unwrap_or(at);
            let s = s + if adj == 0 { 120 } else { 0 };
            if s > best {
                (best, best_start) = (s, adj);
            }
            // The start of the sentence the match is in.
            let k = starts.partition_point(|&st| st <= at);
            if let Some(&st) = k.checked_sub(1).and_then(|k| starts.get(k)).filter(|&&st| st < at) {
                let s = score(st).0 + if st == 0 { 120 } else { 100 };
                if s > best {
                    (best, best_start) = (s, st);
                }
            }
        }
        if n == 0 {
            return (String::new(), Vec::new());
        }
        let end = (best_start + size).min(n) - 1;
        let mut out = String::new();
        if best_start > 0 {
            out.push('…');
        }
        let base = toks[best_start].start;
        let offset = out.len();
        let mut marks = Vec::new();
        let mut open_until: Option<(usize, usize)> = None;
        for &(at, len, _) in found.iter().filter(|(at, _, _)| *at >= best_start && *at <= end) {
            let last = (at + len - 1).min(end);
            match open_until {
                Some((s, e)) if at <= e => open_until = Some((s, e.max(last))),
                _ => {
                    if let Some((s, e)) = open_until.replace((at, last)) {
                        marks.push(toks[s].start - base + offset..toks[e].end - base + offset);
                    }
                }
            }
        }
        if let Some((s, e)) = open_until {
            marks.push(toks[s].start - base + offset..toks[e].end - base + offset);
        }
        if end + 1 >= n {
            out.push_str(&text[base..]);
        } else {
            out.push_str(&text[base..toks[end].end]);
            out.push('…');
        }
        (out, marks)
    }

    /// A ranked document with the snippet cut from its text.
    pub fn hit(&self, store: &Store, r: Ranked, text: &str) -> Hit {
        let (snippet, marks) = self.snippet(store, text, SNIPPET_TOKENS);
        Hit { doc: r.doc, title: r.title, outlet: r.outlet, published: r.published, snippet, marks, rank: r.rank }
    }
}

/// The best `limit` matches of a query, ranked on the index alone (no
/// snippet: making one per hit re-read and re-tokenised its whole text),
/// with what the query matches.
pub(crate) fn ranked(store: &Store, query: &str, limit: usize) -> Result<(Vec<(i64, Ranked)>, Matcher), StoreError> {
    let fts = prepare(store, query)?;
    let sql = format!(
        "WITH top AS MATERIALIZED (
             SELECT rowid AS r, bm25(documents_fts, {TITLE_WEIGHT:.1}, 1.0) AS score
             FROM documents_fts WHERE documents_fts MATCH ?1 ORDER BY score LIMIT ?2)
         SELECT d.key, d.id, d.title, d.outlet, d.published, top.score
         FROM top CROSS JOIN documents d WHERE d.key = top.r
         ORDER BY top.score"
    );
    let run = || -> rusqlite::Result<Vec<(i64, Ranked)>> {
        let mut stmt = store.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params![fts, limit.min(i64::MAX as usize) as i64], |r| {
            Ok((r.get(0)?, Ranked { doc: r.get(1)?, title: r.get(2)?, outlet: r.get(3)?, published: r.get(4)?, rank: r.get(5)? }))
        })?;
        rows.collect()
    };
    let found = run().map_err(|e| match e.sqlite_error_code() {
        // The statement itself is fixed, so a plain SQL error is the query's.
        Some(rusqlite::ErrorCode::Unknown) => StoreError::Query { query: query.to_string(), message: message(&e) },
        _ => store.err(e),
    })?;
    Ok((found, Matcher::of(store, &fts)))
}

pub(crate) fn search(store: &Store, query: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
    let (found, matcher) = ranked(store, query, limit)?;
    let mut stmt = store.conn.prepare_cached("SELECT text FROM documents WHERE key = ?1").map_err(|e| store.err(e))?;
    found
        .into_iter()
        .map(|(key, r)| {
            let text: String = stmt.query_row([key], |row| row.get(0)).map_err(|e| store.err(e))?;
            Ok(matcher.hit(store, r, &text))
        })
        .collect()
}

/// BM25's constants as FTS5's `bm25()` sets them.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// A document a stem is in: the document's place in the index and the
/// stem's occurrences in its title and in its text.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Posting {
    doc: u32,
    title: u32,
    text: u32,
}

/// The stems of the titles and texts of a set of documents (those a caller
/// holds in memory), to rank a query of plain words without SQLite: FTS5's
/// `bm25()` reads each matching row's size from a table of its own, so a
/// common word ("said", in nearly every document) cost a millisecond or
/// more per search; here it is a list of postings and one division per
/// document. Words are cut as FTS5's unicode61 tokenizer cuts them and
/// stemmed by SQLite's own Porter tokenizer, so the index holds the stems
/// and the token counts FTS5's index holds, and [`Store::search_in`] gives
/// the scores `bm25()` gives over the same documents (tested against it).
/// Two differences remain: the scores count only the indexed documents
/// (FTS5's count those stored since as well), and a combining mark or a
/// private-use character inside a word, which FTS5 keeps in the word but
/// [`tokens`] takes for a separator, splits the word here.
#[derive(Debug, Default)]
pub struct Index {
    /// Stem → the documents it is in, in document order.
    postings: HashMap<String, Vec<Posting>>,
    /// Per document, BM25's length term: k1 × (1 − b + b × tokens / average).
    norms: Vec<f64>,
    /// The store's last document key when the documents were read.
    last_key: i64,
}

/// Words stemmed per SQLite statement when an index is built.
const STEM_BATCH: usize = 4096;

/// The stems SQLite's tokenizer makes of each word (lower case): one for
/// a word of one token, and as many as it makes of the others. Words seen
/// before as one token come from the cache; the rest go in one row each of
/// a temporary FTS5 table, so a word that is not one token cannot shift
/// the stems of the others.
fn stems_each(conn: &rusqlite::Connection, words: &[String]) -> rusqlite::Result<Vec<Vec<String>>> {
    let mut out: Vec<Option<Vec<String>>> = {
        let cache = STEMS.lock().unwrap_or_else(PoisonError::into_inner);
        words.iter().map(|w| cache.get(w).map(|s| vec![s.clone()])).collect()
    };
    let missing: Vec<usize> = (0..words.len()).filter(|&i| out[i].is_none()).collect();
    for batch in missing.chunks(STEM_BATCH) {
        conn.execute_batch(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.sitrep_words USING fts5(w, tokenize = 'porter unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE IF NOT EXISTS temp.sitrep_words_at USING fts5vocab(temp, sitrep_words, 'instance');
             DELETE FROM temp.sitrep_words;",
        )?;
        let tx = conn.unchecked_transaction()?;
        {
            let mut put = tx.prepare_cached("INSERT INTO temp.sitrep_words (rowid, w) VALUES (?1, ?2)")?;
            for (row, &i) in batch.iter().enumerate() {
                put.execute(rusqlite::params![row as i64, words[i]])?;
            }
        }
        // (row, offset, stem)
        let mut made: Vec<(usize, i64, String)> = Vec::new();
        {
            let mut stmt = tx.prepare_cached("SELECT doc, offset, term FROM temp.sitrep_words_at")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))?;
            for row in rows {
                let (doc, offset, term) = row?;
                if let Ok(doc) = usize::try_from(doc) {
                    made.push((doc, offset, term));
                }
            }
        }
        tx.commit()?;
        made.sort_unstable();
        let mut cache = STEMS.lock().unwrap_or_else(PoisonError::into_inner);
        if cache.len() + batch.len() > STEMS_KEPT {
            cache.clear();
        }
        for &i in batch {
            out[i] = Some(Vec::new());
        }
        for (row, _, term) in made {
            if let Some(&i) = batch.get(row) {
                out[i].get_or_insert_with(Vec::new).push(term);
            }
        }
        for &i in batch {
            if let Some([one]) = out[i].as_deref() {
                cache.insert(words[i].clone(), one.clone());
            }
        }
    }
    Ok(out.into_iter().map(Option::unwrap_or_default).collect())
}

impl Index {
    /// Index the titles and texts of `docs`, read from a store whose last
    /// document key was then `last_key` ([`Store::last_key`]). Stems are
    /// made by an SQLite connection of its own, in memory. When SQLite
    /// cannot stem, the index is empty: every query is then ranked by FTS5.
    pub fn new(docs: &[Document], last_key: i64) -> Index {
        let n = docs.len().min(u32::MAX as usize);
        let docs = &docs[..n];
        // Each distinct word as written, and the documents it is in.
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut words: Vec<&str> = Vec::new();
        let mut by_word: Vec<Vec<Posting>> = Vec::new();
        let mut lengths: Vec<i64> = Vec::with_capacity(n);
        // (word, in the title) of each token of a document.
        let mut seen: Vec<(u32, bool)> = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            seen.clear();
            for (text, in_title) in [(doc.title.as_deref().unwrap_or(""), true), (doc.text.as_str(), false)] {
                for t in tokens(text) {
                    let w = &text[t];
                    let id = *ids.entry(w).or_insert_with(|| {
                        words.push(w);
                        by_word.push(Vec::new());
                        (words.len() - 1) as u32
                    });
                    seen.push((id, in_title));
                }
            }
            lengths.push(seen.len() as i64);
            seen.sort_unstable();
            for run in seen.chunk_by(|a, b| a.0 == b.0) {
                let title = run.iter().filter(|(_, t)| *t).count() as u32;
                by_word[run[0].0 as usize].push(Posting { doc: d as u32, title, text: run.len() as u32 - title });
            }
        }
        let mut lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect::<std::collections::HashSet<_>>().into_iter().collect();
        lower.sort_unstable();
        let stemmed = rusqlite::Connection::open_in_memory().and_then(|conn| stems_each(&conn, &lower));
        let Ok(stemmed) = stemmed else { return Index::default() };
        let stem_of: HashMap<&str, &Vec<String>> = lower.iter().map(String::as_str).zip(&stemmed).collect();
        let mut postings: HashMap<String, Vec<Posting>> = HashMap::new();
        for (w, list) in words.iter().zip(by_word) {
            let Some(stems) = stem_of.get(w.to_lowercase().as_str()) else { continue };
            // A word SQLite makes more (or fewer) tokens of counts that many.
            if stems.len() != 1 {
                for p in &list {
                    lengths[p.doc as usize] += (stems.len() as i64 - 1) * i64::from(p.title + p.text);
                }
            }
            for s in stems.iter() {
                postings.entry(s.clone()).or_default().extend_from_slice(&list);
            }
        }
        // Words of one stem ("said", "Said") are merged by document.
        for list in postings.values_mut() {
            if list.windows(2).any(|w| w[0].doc >= w[1].doc) {
                list.sort_by_key(|p| p.doc);
                let mut merged: Vec<Posting> = Vec::with_capacity(list.len());
                for p in list.drain(..) {
                    match merged.last_mut() {
                        Some(m) if m.doc == p.doc => {
                            m.title += p.title;
                            m.text += p.text;
                        }
                        _ => merged.push(p),
                    }
                }
                *list = merged;
            }
            list.shrink_to_fit();
        }
        let total: i64 = lengths.iter().sum();
        let avgdl = total as f64 / n.max(1) as f64;
        let norms = lengths.iter().map(|&len| K1 * (1.0 - B + B * len as f64 / avgdl)).collect();
        Index { postings, norms, last_key }
    }

    /// The number of documents indexed.
    pub fn len(&self) -> usize {
        self.norms.len()
    }

    /// True when no document is indexed.
    pub fn is_empty(&self) -> bool {
        self.norms.is_empty()
    }

    /// The best `limit` documents holding every stem, as FTS5 ranks a
    /// query of one phrase per stem: (document, BM25 score, lower is
    /// better), best first, ties in document order.
    fn rank(&self, stems: &[String], limit: usize) -> Vec<(usize, f64)> {
        let mut lists: Vec<&[Posting]> = Vec::with_capacity(stems.len());
        for s in stems {
            match self.postings.get(s) {
                Some(l) => lists.push(l),
                None => return Vec::new(),
            }
        }
        let Some(driver) = (0..lists.len()).min_by_key(|&k| lists[k].len()) else { return Vec::new() };
        let n = self.norms.len() as i64;
        let idf: Vec<f64> = lists
            .iter()
            .map(|l| {
                let hit = l.len() as i64;
                let idf = (((n - hit) as f64 + 0.5) / (hit as f64 + 0.5)).ln();
                if idf <= 0.0 { 1e-6 } else { idf }
            })
            .collect();
        // Where each list was last searched: documents come in order.
        let mut at = vec![0; lists.len()];
        let mut found: Vec<(f64, u32)> = Vec::new();
        'docs: for p in lists[driver] {
            let norm = self.norms[p.doc as usize];
            let mut score = 0.0;
            for (k, l) in lists.iter().enumerate() {
                let q = if k == driver {
                    p
                } else {
                    at[k] += l[at[k]..].partition_point(|x| x.doc < p.doc);
                    match l.get(at[k]) {
                        Some(q) if q.doc == p.doc => q,
                        _ => continue 'docs,
                    }
                };
                let f = TITLE_WEIGHT * f64::from(q.title) + f64::from(q.text);
                score += idf[k] * ((f * (K1 + 1.0)) / (f + norm));
            }
            found.push((-score, p.doc));
        }
        let order = |a: &(f64, u32), b: &(f64, u32)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
        if found.len() > limit {
            if limit == 0 {
                return Vec::new();
            }
            found.select_nth_unstable_by(limit - 1, order);
            found.truncate(limit);
        }
        found.sort_unstable_by(order);
        found.into_iter().map(|(score, d)| (d as usize, score)).collect()
    }
}

/// What a search found among the documents of an [`Index`].
#[derive(Debug)]
pub struct Found {
    /// The best matches, best first.
    pub ranked: Vec<Ranked>,
    /// What the query matches, to cut each hit's snippet with.
    pub matcher: Matcher,
    /// How many matching documents were stored after the index's began
    /// to be read, when the index ranked the query (FTS5 ranks them with
    /// the rest otherwise). A document stored while they were read may be
    /// both indexed and counted here.
    pub newer: usize,
}

/// The best `limit` matches of a query among `docs` (the documents
/// `index` was made of): a query of plain words, each one token, is ranked
/// on the index, any other by FTS5 over the whole store.
pub(crate) fn ranked_in(store: &Store, index: &Index, docs: &[Document], query: &str, limit: usize) -> Result<Found, StoreError> {
    let fts = prepare(store, query)?;
    if !uses_operators(query) && index.len() == docs.len() && !index.is_empty() {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let stems = stems_each(&store.conn, &words).map_err(|e| store.err(e))?;
        if stems.iter().all(|s| s.len() == 1) {
            let stems: Vec<String> = stems.into_iter().flatten().collect();
            let matcher = Matcher { phrases: stems.iter().map(|s| vec![Term { stem: s.clone(), prefix: false }]).collect() };
            let ranked = index
                .rank(&stems, limit)
                .into_iter()
                .map(|(d, rank)| {
                    let doc = &docs[d];
                    Ranked { doc: doc.id.clone(), title: doc.title.clone(), outlet: doc.outlet.clone(), published: doc.published.clone(), rank }
                })
                .collect();
            let newer = newer(store, &fts, index.last_key).map_err(|e| store.err(e))?;
            return Ok(Found { ranked, matcher, newer });
        }
    }
    let (found, matcher) = ranked(store, query, limit)?;
    Ok(Found { ranked: found.into_iter().map(|(_, r)| r).collect(), matcher, newer: 0 })
}

/// How many documents stored after `last_key` match an FTS5 query: the
/// index alone answers. Listing their ids instead (a look-up of each
/// document) took 10–14 ms per search of a common word with 1,000 of
/// 11,000 documents new, the count 0.2–2 ms.
fn newer(store: &Store, fts: &str, last_key: i64) -> rusqlite::Result<usize> {
    if store.last_key_sql()? <= last_key {
        return Ok(0);
    }
    let mut stmt = store.conn.prepare_cached("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?1 AND rowid > ?2")?;
    stmt.query_row(rusqlite::params![fts, last_key], |r| r.get::<_, i64>(0)).map(|n| usize::try_from(n).unwrap_or(0))
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
    fn marked_wraps_each_range() {
        let hit = Hit {
            doc: "d".into(),
            title: None,
            outlet: None,
            published: None,
            snippet: "the troops reached Kursk…".into(),
            marks: vec![4..10, 19..24],
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

    /// What FTS5's own snippet() makes of each hit, marked with [ ].
    fn fts5_snippets(store: &Store, query: &str) -> Vec<(String, String)> {
        let fts = prepare(store, query).unwrap();
        let mut stmt = store
            .conn
            .prepare(&format!(
                "SELECT d.id, snippet(documents_fts, 1, '[', ']', '…', {SNIPPET_TOKENS}) FROM documents_fts JOIN documents d ON d.key = documents_fts.rowid WHERE documents_fts MATCH ?1 ORDER BY d.id"
            ))
            .unwrap();
        let rows = stmt.query_map([fts], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn snippets_look_like_those_fts5_makes() {
        let long = "Rain fell on the hills for a third day. The river at Lowmere rose by two metres overnight, and the council opened the school hall to families from the lower streets. \
                    Engineers said the old weir was holding. By Thursday evening the water had reached the market square, where traders stacked sandbags against their doors. \
                    A spokesman for the council said: evacuations would continue until the river fell. Nobody had been hurt, he said, though two cars were swept away near the weir.";
        let (_dir, store) = store_with(&[
            ("a", long),
            ("b", "Café owners in Lowmere counted the cost of the flooding; the café on the bridge lost its stock."),
            ("c", "Short text about rivers."),
            ("d", "The engineers' report: the weir, built in 1903, needs repairs costing 1.2 million."),
        ]);
        for query in ["river", "weir", "council families", "\"market square\"", "evacuat*", "cafe", "river OR weir", "repairs 1903", "engineer", "Lowmere NOT cafe"] {
            let ours: Vec<(String, String)> = {
                let mut hits = store.search(query, 10).unwrap();
                hits.sort_by(|a, b| a.doc.cmp(&b.doc));
                hits.into_iter().map(|h| (h.doc.clone(), h.marked("[", "]"))).collect()
            };
            assert_eq!(ours, fts5_snippets(&store, query), "{query}");
            assert!(!ours.is_empty(), "{query}");
        }
    }

    #[test]
    fn a_title_only_match_shows_the_opening_words_unmarked() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("s.db")).unwrap();
        let mut b = store.batch().unwrap();
        let doc = sitrep_core::Document {
            id: "t".into(),
            source: "t".into(),
            title: Some("Harbour strike ends".into()),
            text: "Dockers went back to work on Monday after eleven days, the union said, and the first ships were unloaded by noon.".into(),
            ..Default::default()
        };
        b.put(&doc, 1).unwrap();
        b.commit().unwrap();
        let hits = store.search("harbour", 10).unwrap();
        assert_eq!(hits[0].snippet, "Dockers went back to work on Monday after eleven days, the union said, and the first…");
        assert!(hits[0].marks.is_empty());
        assert_eq!(hits.iter().map(|h| (h.doc.clone(), h.marked("[", "]"))).collect::<Vec<_>>(), fts5_snippets(&store, "harbour"));
        assert!(store.search("title:dockers", 10).unwrap().is_empty());
        assert_eq!(store.search("title:harbour", 10).unwrap()[0].marks, vec![]);
    }

    fn store_of(docs: &[sitrep_core::Document]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("s.db")).unwrap();
        let mut b = store.batch().unwrap();
        for d in docs {
            b.put(d, 1).unwrap();
        }
        b.commit().unwrap();
        (dir, store)
    }

    /// The store's documents and their index.
    fn indexed(store: &Store) -> (Vec<sitrep_core::Document>, Index) {
        let last = store.last_key().unwrap();
        let docs: Vec<sitrep_core::Document> = store.documents().collect::<Result<_, _>>().unwrap();
        let index = Index::new(&docs, last);
        (docs, index)
    }

    /// Documents of words drawn from a small vocabulary (so that some are
    /// in most of them), of many lengths, some with a title, two alike.
    fn drawn() -> Vec<sitrep_core::Document> {
        let vocab = [
            "harbour", "strike", "said", "union", "ships", "Monday", "council", "river", "flooding", "weir", "café", "Cafe", "engineers",
            "engineer's", "report", "talks", "wages", "dockers", "port", "the", "of", "Said", "NAÏVE", "naive", "1903",
        ];
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |m: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as usize
        };
        let mut docs = Vec::new();
        for i in 0..60 {
            let words = 3 + next(90);
            let text: Vec<&str> = (0..words).map(|_| vocab[next(vocab.len())]).collect();
            let title = (i % 4 != 0).then(|| (0..1 + next(4)).map(|_| vocab[next(vocab.len())]).collect::<Vec<_>>().join(" "));
            docs.push(sitrep_core::Document { id: format!("d{i:02}"), source: "t".into(), title, text: text.join(" ") + ".", ..Default::default() });
        }
        // Alike but for their punctuation: the same tokens, so the same score.
        for (id, end) in [("twin-a", "."), ("twin-b", "!")] {
            let text = format!("The dockers said the strike would go on{end}");
            docs.push(sitrep_core::Document { id: id.into(), source: "t".into(), text, ..Default::default() });
        }
        docs
    }

    #[test]
    fn the_index_ranks_plain_words_as_fts5_does() {
        let (_dir, store) = store_of(&drawn());
        let (docs, index) = indexed(&store);
        assert_eq!(index.len(), 62);
        for query in ["said", "the", "harbour", "strike union", "said said", "cafe", "CAFÉ", "engineer", "weir river flooding", "naive", "1903 port", "dockers", "unheard", "Monday ships the"] {
            for limit in [1, 5, 100] {
                let ours: Vec<(String, f64)> = store.search_in(&index, &docs, query, limit).unwrap().ranked.into_iter().map(|r| (r.doc, r.rank)).collect();
                let theirs: Vec<(String, f64)> = ranked(&store, query, limit).unwrap().0.into_iter().map(|(_, r)| (r.doc, r.rank)).collect();
                assert_eq!(ours, theirs, "{query} ({limit})");
                assert_eq!(ours.is_empty(), query == "unheard", "{query}");
            }
        }
        let twins: Vec<Ranked> = store.search_in(&index, &docs, "dockers strike", 100).unwrap().ranked.into_iter().filter(|r| r.doc.starts_with("twin")).collect();
        assert_eq!(twins.iter().map(|r| r.doc.as_str()).collect::<Vec<_>>(), ["twin-a", "twin-b"], "a tie goes in storing order");
        assert_eq!(twins[0].rank, twins[1].rank);
    }

    #[test]
    fn documents_stored_after_the_index_are_counted_not_ranked() {
        let (_dir, mut store) = store_of(&drawn());
        let (docs, index) = indexed(&store);
        let late = sitrep_core::Document { id: "late".into(), source: "t".into(), text: "A strike at the harbour, the union said.".into(), ..Default::default() };
        let mut b = store.batch().unwrap();
        b.put(&late, 1).unwrap();
        b.commit().unwrap();
        let found = store.search_in(&index, &docs, "harbour strike", 100).unwrap();
        assert!(!found.ranked.is_empty());
        assert!(found.ranked.iter().all(|r| r.doc != "late"), "ranked among the indexed documents");
        assert_eq!(found.newer, 1);
        assert_eq!(store.search_in(&index, &docs, "weir", 100).unwrap().newer, 0);
        // A query of operators, or a word of two tokens, is FTS5's to rank, the new document with the rest.
        for query in ["harbour AND strike", "harbour*", "\"the union said\"", "harbour,the"] {
            let found = store.search_in(&index, &docs, query, 100).unwrap();
            assert_eq!(found.newer, 0, "{query}");
            let theirs: Vec<String> = ranked(&store, query, 100).unwrap().0.into_iter().map(|(_, r)| r.doc).collect();
            assert_eq!(found.ranked.into_iter().map(|r| r.doc).collect::<Vec<_>>(), theirs, "{query}");
            assert!(theirs.contains(&"late".to_string()), "{query}");
        }
    }

    #[test]
    fn an_index_marks_what_fts5_marks() {
        let (_dir, store) = store_of(&drawn());
        let (docs, index) = indexed(&store);
        for query in ["engineer", "cafe said", "Monday"] {
            let found = store.search_in(&index, &docs, query, 10).unwrap();
            let ours: Vec<(String, String)> = found
                .ranked
                .into_iter()
                .map(|r| {
                    let text = &docs.iter().find(|d| d.id == r.doc).unwrap().text;
                    let hit = found.matcher.hit(&store, r, text);
                    (hit.doc.clone(), hit.marked("[", "]"))
                })
                .collect();
            let mut ours = ours;
            ours.sort();
            let theirs: Vec<(String, String)> = fts5_snippets(&store, query).into_iter().filter(|(id, _)| ours.iter().any(|(o, _)| o == id)).collect();
            assert_eq!(ours, theirs, "{query}");
            assert!(!ours.is_empty(), "{query}");
        }
    }

}
