//! Near-duplicates, syndicated copies and rewritten agency copies.
//!
//! The work has two parts, so that fingerprints can be stored and matched
//! incrementally:
//!
//! 1. [`fingerprint`] is pure and per document. It keeps the text's
//!    *content words* in order — folded, stopwords and words of fewer than
//!    four letters dropped, each cut to its first six letters (a crude stem:
//!    "organising" = "organizing"), numbers kept whole ("1,000" = "1000"),
//!    each Chinese or Japanese character a word — and the keys under which
//!    candidates meet: a sketch of the text's *word pairs* (two content
//!    words at most [`PAIR_SPAN`] apart, in order; the [`SKETCH`] smallest
//!    hashes), the hashes of its sentences (six content words or more) and
//!    of its quotations (four content words or more). Words in double
//!    quotation marks are left out of the word sequence and the sentences:
//!    sharing a quote shows two texts report the same statement, not that
//!    one copies the other.
//! 2. [`group`] matches fingerprints without comparing all pairs: documents
//!    sharing a key are candidates. A pair key shared by more than
//!    [`COMMON_PAIR`] documents says they use the same phrases (one big
//!    story), not that they copy one another, and is skipped; under a
//!    sentence or quote shared that widely (boilerplate, or a story
//!    reprinted everywhere) each document is paired with the first
//!    [`MAX_BUCKET_PAIRS`] in *hub order* only: a fixed order by a hash of
//!    the document's id ([`Ranks::hub`]). The candidates grow linearly
//!    with the documents; the cost is that of sorting the keys,
//!    O(n log n). Hub order, not precedence, so that matching again after
//!    a document comes or goes stays small ([`regroup`]): when the first
//!    members of a key change, every member of the key is paired anew. By
//!    precedence an article dated early (a backfill) came among the first
//!    members of boilerplate sentences that 750,000 of a generated million
//!    articles share, and removing it again paired 6.9 million anew; in
//!    hub order a document comes among a key's first two once in `n / 2`.
//!
//! A candidate pair is a copy when the longest common subsequence (LCS) of
//! the two word sequences — the words both texts have in the same order,
//! figures included — shows one text retelling the other:
//!
//! - near-duplicate: the LCS holds at least [`NEAR_IDENTICAL`] of the
//!   words of each text;
//! - copy (trimmed, extended or reworded): the LCS holds at least
//!   [`MIN_SHARED`] words (about three sentences), at least [`IN_ORDER`] of
//!   the shorter text's words, and at least [`ORDERED`] of the words the two
//!   texts share at all. The last condition tells a copy from an
//!   independent story on the same event: two outlets writing their own
//!   stories use many of the same words (names, places, figures) but in
//!   another order, while a rewritten agency copy — new lede, trimmed
//!   paragraphs, paraphrased sentences, quotes moved about — keeps the
//!   facts in the agency's order (an attribution moved to the end of its
//!   sentence or a paragraph moved costs a few words).
//!
//! Copies are joined into groups. The original of a group is its earliest
//! published document (undated ones last), then the longest text, then the
//! smallest id; every other member points at it. The result does not
//! depend on the order the documents come in.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::LazyLock;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sitrep_core::report::{CopyEvidence, CopyKind};
use sitrep_core::Document;
use sitrep_text::lists::list;
use sitrep_text::tokens::{is_ideograph, Shape, Tokens, View};

use crate::text::{find, fold_char, hash_str, is_date, is_stopword, mix, union};

/// Content words kept per document (a text of more than about 2,000
/// words is compared on its beginning).
pub const MAX_WORDS: usize = 1024;
/// The fewest letters a content word has (numbers and ideographs aside).
const MIN_LETTERS: usize = 4;
/// Letters a content word is cut to.
const STEM: usize = 6;
/// The fewest content words of a sentence or quote that gives a key.
const MIN_SENTENCE_WORDS: usize = 6;
const MIN_QUOTE_WORDS: usize = 4;
/// Word pairs are two content words at most this far apart.
pub const PAIR_SPAN: usize = 3;
/// Word-pair hashes kept per document.
pub const SKETCH: usize = 16;
/// A word pair shared by more documents than this is skipped.
pub const COMMON_PAIR: usize = 16;
/// Under a key shared by more documents than this, each document is paired
/// only with the first ones.
pub const MAX_BUCKET_PAIRS: usize = 2;
/// A sentence or quote shared by more documents than this is crowded: its
/// first members are kept ([`Judged::heads`]), so a document joining it
/// is paired with them without reading the others.
pub const CROWDED: usize = 8;
/// Share of each text in the LCS for a near-duplicate.
pub const NEAR_IDENTICAL: f64 = 0.8;
/// Share of the shorter text in the LCS for a copy.
pub const IN_ORDER: f64 = 0.5;
/// Share of the shared words that are in the LCS for a copy.
pub const ORDERED: f64 = 0.8;
/// The fewest words in the LCS for a copy that is not a near-duplicate.
pub const MIN_SHARED: usize = 30;
/// Candidate pairs verified per parallel batch.
const VERIFY_BATCH: usize = 4096;

/// Seeds that keep the key kinds apart.
const PAIR_SEED: u64 = 0x9a14_5eed;
const SENTENCE_SEED: u64 = 0x5e47_e4ce;
const QUOTE_SEED: u64 = 0x0c0a_7e5e;

/// What [`group`] needs to know of one document, small enough to store
/// beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The content words outside quotations, in text order, as 32-bit
    /// hashes (at most [`MAX_WORDS`]).
    pub words: Vec<u32>,
    /// The smallest hashes of the word pairs (sorted, at most [`SKETCH`]).
    pub pairs: Vec<u64>,
    /// Hashes of the sentences' content words outside quotations (sorted,
    /// unique).
    pub sentences: Vec<u64>,
    /// Hashes of the quotations' content words (sorted, unique).
    pub quotes: Vec<u64>,
}

impl Fingerprint {
    /// The keys the document meets candidates under, each with whether it
    /// is a word pair (skipped when common) rather than a sentence or quote.
    pub fn keys(&self) -> impl Iterator<Item = (u64, bool)> + '_ {
        let pairs = self.pairs.iter().map(|&k| (k, true));
        pairs.chain(self.sentences.iter().chain(&self.quotes).map(|&k| (k, false)))
    }
}

/// Whether a folded word is a function word: a stopword of
/// [`crate::text::is_stopword`] or one of [`MORE_FUNCTION_WORDS`].
fn is_function_word(w: &str) -> bool {
    is_stopword(w) || MORE_FUNCTION_WORDS.contains(w)
}

/// Function words of four letters or more that are no stopwords, left out
/// of a fingerprint's word pairs (`[function_words]` of `data/lang/en/words.txt`).
static MORE_FUNCTION_WORDS: LazyLock<foldhash::HashSet<&'static str>> = LazyLock::new(|| list(crate::WORDS, "function_words").into_iter().collect());

/// The hash of a folded word if it is a content word: it has a digit, is
/// written in a script of short words (Hangul, ideographs), or has at
/// least [`MIN_LETTERS`] letters and is no function word. Words are cut to
/// [`STEM`] letters, numbers kept whole.
fn content_word(word: &str) -> Option<u32> {
    let first = word.chars().next()?;
    let keep = word.bytes().any(|b| b.is_ascii_digit())
        || first >= '\u{1100}'
        || (word.chars().nth(MIN_LETTERS - 1).is_some() && !is_function_word(word));
    if !keep {
        return None;
    }
    let stem = if first.is_ascii_digit() {
        word
    } else {
        word.char_indices().nth(STEM).map_or(word, |(i, _)| &word[..i])
    };
    Some(hash_str(stem) as u32)
}

fn hash_words(seed: u64, words: &[u32]) -> u64 {
    words.iter().fold(mix(seed), |h, &w| mix(h.rotate_left(23) ^ w as u64))
}

/// The closing marks of a quotation opened by `open`, if `open` opens one:
/// “…”, „…“ (or „…”), «…» (or »…«), 「…」, 『…』; a straight double quote
/// closes itself. Single quotes are left alone: they are too often
/// apostrophes.
fn closing_marks(open: char) -> Option<&'static [char]> {
    match open {
        '“' => Some(&['”']),
        '„' => Some(&['“', '”']),
        '«' => Some(&['»']),
        '»' => Some(&['«']),
        '「' => Some(&['」']),
        '『' => Some(&['』']),
        '"' => Some(&['"']),
        _ => None,
    }
}

/// One pass over a text: its content words outside quotations, and the
/// keys of its sentences and quotations.
#[derive(Default)]
struct Scan {
    words: Vec<u32>,
    sentences: Vec<u64>,
    quotes: Vec<u64>,
    /// The word being read, folded.
    word: String,
    /// The open quotation: its closing marks and its content words.
    quote: Option<(&'static [char], Vec<u32>)>,
    /// Where the sentence being read starts in `words`.
    sentence: usize,
}

impl Scan {
    fn end_word(&mut self) {
        if let Some(h) = content_word(&self.word) {
            match &mut self.quote {
                Some((_, ws)) => ws.push(h),
                None => self.words.push(h),
            }
        }
        self.word.clear();
    }

    fn end_sentence(&mut self) {
        let ws = &self.words[self.sentence..];
        if ws.len() >= MIN_SENTENCE_WORDS {
            self.sentences.push(hash_words(SENTENCE_SEED, ws));
        }
        self.sentence = self.words.len();
    }

    fn end_quote(&mut self) {
        if let Some((_, ws)) = self.quote.take() {
            if ws.len() >= MIN_QUOTE_WORDS {
                self.quotes.push(hash_words(QUOTE_SEED, &ws));
            }
        }
    }
}

/// Read a text once, as the tokens of [`View::FINGERPRINT`]. Words are
/// runs of letters and digits (a comma or period between digits stays in
/// the number); a sentence ends at a line break or at `.`, `!`, `?`, `…`
/// before a space, or at `。`, outside quotations; a quotation still open
/// when its paragraph ends closes there (a quote going on in the next
/// paragraph reopens there).
fn scan(text: &str) -> Scan {
    let mut s = Scan::default();
    for t in Tokens::new(text, View::FINGERPRINT) {
        let piece = t.text(text);
        if t.shape == Shape::Break {
            if s.quote.is_none() {
                s.end_sentence();
            }
            if piece.bytes().filter(|&b| b == b'\n').count() >= 2 {
                s.end_quote();
                s.end_sentence();
            }
            continue;
        }
        let Some(c) = piece.chars().next() else { continue };
        if t.is_word() && !is_ideograph(c) {
            for ch in piece.chars().filter(|&ch| ch != ',') {
                fold_char(ch, &mut s.word);
            }
            s.end_word();
            continue;
        }
        match &s.quote {
            Some((close, _)) if close.contains(&c) => s.end_quote(),
            _ if is_ideograph(c) => {
                s.word.push(c);
                s.end_word();
            }
            Some(_) => {}
            None => {
                let next = text[t.end..].chars().next();
                if let Some(close) = closing_marks(c) {
                    s.quote = Some((close, Vec::new()));
                } else if c == '。' || (matches!(c, '.' | '!' | '?' | '…') && next.is_none_or(char::is_whitespace)) {
                    s.end_sentence();
                }
            }
        }
    }
    s.end_word();
    s.end_quote();
    s.end_sentence();
    s
}

/// Fingerprint one document.
pub fn fingerprint(doc: &Document) -> Fingerprint {
    let Scan { mut words, mut sentences, mut quotes, .. } = scan(&doc.text);
    words.truncate(MAX_WORDS);
    sentences.sort_unstable();
    sentences.dedup();
    quotes.sort_unstable();
    quotes.dedup();
    Fingerprint { pairs: sketch(&words), words, sentences, quotes }
}

/// The [`SKETCH`] smallest hashes of the ordered word pairs of `words`.
fn sketch(words: &[u32]) -> Vec<u64> {
    let mut hashes: Vec<u64> = words
        .iter()
        .enumerate()
        .flat_map(|(i, &a)| {
            words[i + 1..].iter().take(PAIR_SPAN).map(move |&b| mix(PAIR_SEED ^ ((a as u64) << 32 | b as u64)))
        })
        .collect();
    // The smallest few first (a pair can repeat, so keep some spare).
    let keep = 2 * SKETCH;
    if hashes.len() > keep {
        hashes.select_nth_unstable(keep);
        hashes.truncate(keep);
    }
    hashes.sort_unstable();
    hashes.dedup();
    hashes.truncate(SKETCH);
    hashes
}

/// A document's words sorted with their positions: the shared words of two
/// documents are counted by merging, and the LCS reads its bit masks off it.
type Index = Vec<(u32, u32)>;

fn index(p: &Fingerprint) -> Index {
    let mut out: Index = p.words.iter().enumerate().map(|(i, &w)| (w, i as u32)).collect();
    out.sort_unstable();
    out
}

/// How many items two sorted lists have in common, counting repeats.
fn shared<T: Ord>(a: impl IntoIterator<Item = T>, b: impl IntoIterator<Item = T>) -> usize {
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    let mut n = 0;
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => drop(a.next()),
            std::cmp::Ordering::Greater => drop(b.next()),
            std::cmp::Ordering::Equal => {
                n += 1;
                a.next();
                b.next();
            }
        }
    }
    n
}

/// The length of the longest common subsequence of a sequence of `n` words
/// (given by its [`Index`]) and the sequence `b`: bit-parallel (Hyyrö 2004),
/// one step per word of `b` found in `a`, `n / 64` machine words of work
/// per step. Gives up, returning a smaller number, once the LCS cannot
/// reach `need`.
fn lcs(a: &[(u32, u32)], n: usize, b: &[u32], need: usize) -> usize {
    let blocks = n.div_ceil(64);
    let mut distinct: Vec<u32> = Vec::new();
    let mut masks: Vec<u64> = Vec::new();
    for &(w, i) in a {
        if distinct.last() != Some(&w) {
            distinct.push(w);
            masks.resize(masks.len() + blocks, 0);
        }
        let base = masks.len() - blocks;
        masks[base + i as usize / 64] |= 1 << (i % 64);
    }
    let hits: Vec<usize> = b.iter().filter_map(|w| distinct.binary_search(w).ok()).collect();
    lcs_steps(&masks, blocks, hits.into_iter(), need)
}

/// The steps of [`lcs`]: `masks` holds, `blocks` machine words each, the
/// positions in `a` of each item of its alphabet, and `hits` are the items
/// of `b` in order (by their place in that alphabet; an item not in `a`
/// may be left out). Gives up, returning a smaller number, once the LCS
/// cannot reach `need`.
fn lcs_steps(masks: &[u64], blocks: usize, hits: impl ExactSizeIterator<Item = usize>, need: usize) -> usize {
    let total = hits.len();
    // Bit i of `v` is 0 where the LCS so far grows at word i of `a`; the
    // bits past the end never match and stay 1.
    let mut v = vec![u64::MAX; blocks];
    let length = |v: &[u64]| v.iter().map(|b| b.count_zeros() as usize).sum::<usize>();
    for (step, k) in hits.enumerate() {
        let mut carry = false;
        for (vb, &mb) in v.iter_mut().zip(&masks[k * blocks..(k + 1) * blocks]) {
            let u = *vb & mb;
            let (s1, c1) = vb.overflowing_add(u);
            let (s2, c2) = s1.overflowing_add(carry as u64);
            carry = c1 || c2;
            *vb = s2 | (*vb & !u);
        }
        // Each remaining step adds at most one word.
        if step % 16 == 15 && length(&v) + total - step - 1 < need {
            return length(&v);
        }
    }
    length(&v)
}

/// A word reduced to one of 256 letters (its hash's four bytes folded).
/// Two texts' letters have every common subsequence of their words, so
/// the LCS of their letters is never shorter than that of their words.
fn letter(word: u32) -> u8 {
    let [a, b, c, d] = word.to_le_bytes();
    a ^ b ^ c ^ d
}

/// Short lists of items, one a document, held in blocks of a fixed size
/// allocated once each (a list grown whole was copied as it doubled, and
/// held twice its size at the last doubling): each document's items in
/// one block, a new block begun when they do not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Blocks<T> {
    blocks: Vec<Vec<T>>,
    /// Per document: its block and where its items end there.
    ends: Vec<(u32, u32)>,
}

impl<T> Default for Blocks<T> {
    fn default() -> Blocks<T> {
        Blocks { blocks: Vec::new(), ends: Vec::new() }
    }
}

impl<T: std::marker::Copy> Blocks<T> {
    /// Items a block holds (more when one document has more).
    const ITEMS: usize = 1 << 20;

    /// Add the next document, of these `n` items.
    fn push(&mut self, n: usize, items: impl Iterator<Item = T>) {
        if self.blocks.last().is_none_or(|b| b.len() + n > b.capacity()) {
            self.blocks.push(Vec::with_capacity(Self::ITEMS.max(n)));
        }
        let at = self.blocks.len() - 1;
        let block = &mut self.blocks[at];
        block.extend(items);
        self.ends.push((at as u32, block.len() as u32));
    }

    /// The documents added so far.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Document `d`'s items (none past the last document).
    fn get(&self, d: usize) -> &[T] {
        let Some(&(block, end)) = self.ends.get(d) else { return &[] };
        let start = match d.checked_sub(1).map(|p| self.ends[p]) {
            Some((before, at)) if before == block => at,
            _ => 0,
        };
        &self.blocks[block as usize][start as usize..end as usize]
    }
}

/// The little-endian u32s of a fingerprint's bytes (its words).
fn le_u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The little-endian u64s of a fingerprint's bytes (its keys).
fn le_u64s(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    bytes.chunks_exact(8).map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
}

/// Every document's words as [`letter`]s, one document after another:
/// a byte a word, a quarter of the words' size, so a whole corpus's
/// letters stay in memory while its candidates are compared
/// ([`group_loading`]). The LCS of two documents' letters bounds that of
/// their words from above, and turns away almost every candidate pair
/// that is no copy without reading its fingerprints (in 3,000 candidate
/// pairs of a generated corpus, all of them but two).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Letters(Blocks<u8>);

impl Letters {
    /// The letters of these fingerprints' words.
    pub fn of(prints: &[Fingerprint]) -> Letters {
        let mut letters = Letters::default();
        for p in prints {
            letters.push(&p.words);
        }
        letters
    }

    /// Add the next document, of these words.
    pub fn push(&mut self, words: &[u32]) {
        self.0.push(words.len(), words.iter().map(|&w| letter(w)));
    }

    /// Add the next document, of the words of a fingerprint
    /// [`Fingerprint::to_bytes`] wrote (none for bytes it cannot have
    /// written, as [`Fingerprint::from_bytes`] reads no words in them).
    pub fn push_bytes(&mut self, bytes: &[u8]) {
        let words = Fingerprint::sections(bytes).map_or(&[][..], |(words, ..)| words);
        self.0.push(words.len() / 4, le_u32s(words).map(letter));
    }

    /// The documents added so far.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.0.len() == 0
    }

    /// Document `d`'s letters (none past the last document).
    fn get(&self, d: usize) -> &[u8] {
        self.0.get(d)
    }
}

/// Every document's copy keys ([`Fingerprint::keys`]), one document after
/// another: what a whole match holds of each document while its
/// candidates are made (a corpus's fingerprints, each with its own lists,
/// took more memory).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopyKeys {
    /// Every document's keys: its word pairs, then its sentences and quotes.
    keys: Blocks<u64>,
    /// How many of each document's keys are word pairs.
    pairs: Vec<u32>,
}

impl CopyKeys {
    /// The keys of these fingerprints.
    pub fn of(prints: &[Fingerprint]) -> CopyKeys {
        let mut keys = CopyKeys::default();
        for p in prints {
            keys.push(p);
        }
        keys
    }

    /// Add the next document, of this fingerprint's keys.
    pub fn push(&mut self, print: &Fingerprint) {
        let all = print.pairs.len() + print.sentences.len() + print.quotes.len();
        self.keys.push(all, print.pairs.iter().chain(&print.sentences).chain(&print.quotes).copied());
        self.pairs.push(print.pairs.len() as u32);
    }

    /// Add the next document, of the keys of a fingerprint
    /// [`Fingerprint::to_bytes`] wrote (none for bytes it cannot have
    /// written, as [`Fingerprint::keys_from_bytes`] reads none in them).
    pub fn push_bytes(&mut self, bytes: &[u8]) {
        let (keys, pairs) = Fingerprint::sections(bytes).map_or((&[][..], 0), |(_, keys, pairs, _)| (keys, pairs));
        self.keys.push(keys.len() / 8, le_u64s(keys));
        self.pairs.push(pairs as u32);
    }

    /// The documents added so far.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.keys.len() == 0
    }

    /// The keys of every document.
    fn count(&self) -> usize {
        self.keys.blocks.iter().map(Vec::len).sum()
    }

    /// Document `d`'s keys, each with whether it is a word pair, as
    /// [`Fingerprint::keys`] gives them (none past the last document).
    pub fn keys(&self, d: usize) -> impl Iterator<Item = (u64, bool)> + '_ {
        let pairs = self.pairs.get(d).map_or(0, |&p| p as usize);
        self.keys.get(d).iter().enumerate().map(move |(k, &key)| (key, k < pairs))
    }
}

/// One document's letters as the bit masks of the LCS ([`lcs_steps`]):
/// each letter's positions, in `blocks` machine words, and which letters
/// it has at all (a letter it lacks changes nothing in a step, so the
/// steps skip it).
struct LetterMasks {
    masks: Vec<u64>,
    blocks: usize,
    len: usize,
    has: [u64; 4],
}

impl LetterMasks {
    fn new(letters: &[u8]) -> LetterMasks {
        let blocks = letters.len().div_ceil(64);
        let mut masks = vec![0u64; 256 * blocks];
        let mut has = [0u64; 4];
        for (i, &l) in letters.iter().enumerate() {
            masks[l as usize * blocks + i / 64] |= 1 << (i % 64);
            has[l as usize / 64] |= 1 << (l % 64);
        }
        LetterMasks { masks, blocks, len: letters.len(), has }
    }

    /// Whether the document of these letters and the document of `other`
    /// letters may be copies: `false` only when the LCS of their letters,
    /// and so that of their words, is too short for any kind of copy
    /// whatever words they share (a comparison with `in_order` and
    /// `shared` both that length makes none; more shared words only ask
    /// for more in order).
    fn may_copy(&self, other: &[u8], hits: &mut Vec<usize>) -> bool {
        let (shorter, longer) = (self.len.min(other.len()), self.len.max(other.len()));
        let copy = |l: usize| Comparison { in_order: l, shared: l, shorter, longer }.kind().is_some();
        // The fewest letters in order that may make a copy (`shorter + 1`:
        // none do); `copy` grows with `l`.
        let (mut low, mut high) = (0, shorter + 1);
        while low < high {
            let mid = (low + high) / 2;
            if copy(mid) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        if low > shorter {
            return false;
        }
        hits.clear();
        hits.extend(other.iter().map(|&l| l as usize).filter(|&l| self.has[l / 64] & (1 << (l % 64)) != 0));
        lcs_steps(&self.masks, self.blocks, hits.iter().copied(), low) >= low
    }
}

/// The pairs of `pairs` (sorted by first document) whose letters may make
/// a copy ([`LetterMasks::may_copy`]), in their order: each first
/// document's masks are made once for all its pairs, on every core.
fn may_copy(letters: &Letters, pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let runs: Vec<&[(usize, usize)]> = pairs.chunk_by(|x, y| x.0 == y.0).collect();
    runs.into_par_iter()
        .flat_map_iter(|run| {
            let masks = LetterMasks::new(letters.get(run[0].0));
            let mut hits = Vec::new();
            run.iter().copied().filter(move |&(_, b)| masks.may_copy(letters.get(b), &mut hits))
        })
        .collect()
}

/// How two fingerprinted texts compare: the words they have in the same
/// order (the LCS) and at all, and their lengths in words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Comparison {
    pub in_order: usize,
    pub shared: usize,
    pub shorter: usize,
    pub longer: usize,
}

impl Comparison {
    /// The kind of copy this makes, if any (see the module documentation).
    pub fn kind(&self) -> Option<CopyKind> {
        let share = |n: usize, of: usize| of > 0 && n as f64 >= NEAR_IDENTICAL * of as f64;
        let l = self.in_order;
        if share(l, self.shorter) && share(l, self.longer) {
            return Some(CopyKind::Duplicate);
        }
        let copy = l >= MIN_SHARED
            && l as f64 >= IN_ORDER * self.shorter as f64
            && l as f64 >= ORDERED * self.shared as f64;
        if !copy {
            None
        } else if share(l, self.shorter) {
            Some(CopyKind::Excerpt)
        } else {
            Some(CopyKind::Rewrite)
        }
    }

    /// The share of the shorter text's words in order in the other, rounded
    /// down to two decimals.
    pub fn in_order_share(&self) -> f64 {
        if self.shorter == 0 {
            return 0.0;
        }
        (self.in_order as f64 * 100.0 / self.shorter as f64).floor() / 100.0
    }
}

/// Compare two fingerprints with their indexes. With `prune`, give up
/// (`None`) as soon as the texts cannot be copies: when the shared words
/// alone rule a copy out (the LCS is never longer), or when the LCS being
/// computed can no longer reach a copy.
fn compare_indexed(a: (&Fingerprint, &Index), b: (&Fingerprint, &Index), prune: bool) -> Option<Comparison> {
    let (short, long) = if a.0.words.len() <= b.0.words.len() { (a, b) } else { (b, a) };
    let (shorter, longer) = (short.0.words.len(), long.0.words.len());
    let shared = shared(short.1.iter().map(|p| p.0), long.1.iter().map(|p| p.0));
    let with = |in_order| Comparison { in_order, shared, shorter, longer };
    // The fewest words in order that make a copy (`shared + 1`: none do).
    let (mut low, mut high) = (0, shared + 1);
    while low < high {
        let mid = (low + high) / 2;
        if with(mid).kind().is_some() {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    let need = if prune { low } else { 0 };
    if need > shared {
        return None;
    }
    let c = with(lcs(short.1, shorter, &long.0.words, need));
    (c.in_order >= need).then_some(c)
}

/// Compare two fingerprints.
pub fn compare(a: &Fingerprint, b: &Fingerprint) -> Comparison {
    compare_indexed((a, &index(a)), (b, &index(b)), false).unwrap_or_default()
}

/// The evidence that `copy` copies `original`, which compare as `c`.
pub fn evidence(copy: &Fingerprint, original: &Fingerprint, c: Comparison) -> CopyEvidence {
    CopyEvidence {
        // A member joined through another copy may not match its original
        // directly.
        kind: c.kind().unwrap_or(CopyKind::Indirect),
        in_order: c.in_order_share(),
        sentences: shared(&copy.sentences, &original.sentences),
        quotes: shared(&copy.quotes, &original.quotes),
    }
}

/// A copy and its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Copy {
    /// The index of the original.
    pub of: usize,
    pub evidence: CopyEvidence,
}

/// The candidate pairs `(a, b)`, `a < b`, sorted: documents meeting under a
/// key, each paired with the first few (in hub order, `hub`) under that key.
///
/// The keys are sorted a part at a time ([`KEYS_PER_SHARD`] keys a part on
/// average, [`shard_of`]): every document under a key is in the key's
/// part, so the pairs are those of sorting all keys at once, while only
/// one part's entries (16 bytes each, tens of keys a document) are in
/// memory, not a corpus's.
///
/// Beside them, the first members of each crowded key ([`CROWDED`]).
fn candidates(prints: &CopyKeys, hub: &[usize]) -> (Candidates, Heads) {
    candidates_sharded(prints, hub, prints.count().div_ceil(KEYS_PER_SHARD).max(1))
}

/// [`candidates`], sorting the keys `shards` parts at a time: a part is
/// the keys whose mixed hash ([`shard_of`]) falls in one of `shards` equal
/// ranges (the keys themselves are not spread evenly: a sketch keeps the
/// smallest hashes of the word pairs).
fn candidates_sharded(prints: &CopyKeys, hub: &[usize], shards: usize) -> (Candidates, Heads) {
    let mut pairs: Vec<Pairs> = Vec::with_capacity(shards);
    let mut heads: Heads = Vec::new();
    // One list of entries for every part, filled again: a list of tens of
    // megabytes made anew for each part was freed after the next was
    // made, and the peak held several. An entry is its key, then its
    // document's place in hub order, the document and whether the key is
    // a word pair in one number (places and documents fit in 31 bits:
    // candidates are made so), so entries sort as (key, hub, document,
    // pair) would.
    let mut entries: Vec<(u64, u64)> = Vec::new();
    // The pairs of one part, made unique before they join the others
    // (two documents share many keys).
    let mut part: Vec<(u32, u32)> = Vec::new();
    let mut packing: Vec<u8> = Vec::new();
    for shard in 0..shards {
        entries.clear();
        entries.par_extend((0..prints.len()).into_par_iter().flat_map_iter(|i| {
            prints.keys(i).filter(move |&(k, _)| shard_of(k, shards) == shard).map(move |(k, pair)| (k, (hub[i] as u64) << 33 | (i as u64) << 1 | u64::from(pair)))
        }));
        entries.par_sort_unstable();
        entries.dedup();
        let doc = |e: &(u64, u64)| (e.1 >> 1) as u32 & 0x7fff_ffff;
        part.clear();
        for bucket in entries.chunk_by(|x, y| x.0 == y.0) {
            let pair = bucket[0].1 & 1 == 1;
            if pair && bucket.len() > COMMON_PAIR {
                continue;
            }
            if !pair && bucket.len() > CROWDED {
                heads.push((bucket[0].0, bucket[..MAX_BUCKET_PAIRS].iter().map(|e| doc(e) as usize).collect()));
            }
            for (k, e) in bucket.iter().enumerate() {
                let b = doc(e);
                for a in bucket[..k.min(MAX_BUCKET_PAIRS)].iter().map(doc) {
                    part.push((a.min(b), a.max(b)));
                }
            }
        }
        part.par_sort_unstable();
        part.dedup();
        // Held while the candidates are compared, packed: no room left over.
        pairs.push(Pairs::pack(&part, &mut packing));
    }
    // In key order, as the store lists them.
    heads.sort_unstable_by_key(|(k, _)| *k);
    (Candidates(pairs), heads)
}

/// The candidate pairs of [`candidates`] in parts, each sorted and unique
/// (a pair may be in several: two documents share keys of several parts),
/// taken in order by merging them: all the pairs of a corpus are never
/// sorted in one list (which took twice their memory while it grew).
struct Candidates(Vec<Pairs>);

impl Candidates {
    /// Every pair once, in order.
    fn merged(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut parts: Vec<_> = self.0.iter().map(Pairs::iter).collect();
        let mut next: std::collections::BinaryHeap<Reverse<((u32, u32), usize)>> =
            parts.iter_mut().enumerate().filter_map(|(k, part)| Some(Reverse((part.next()?, k)))).collect();
        let mut last = None;
        std::iter::from_fn(move || loop {
            let Reverse((pair, k)) = next.pop()?;
            if let Some(after) = parts[k].next() {
                next.push(Reverse((after, k)));
            }
            if last != Some(pair) {
                last = Some(pair);
                return Some(pair);
            }
        })
    }
}

/// Sorted, unique pairs `(a, b)`, `a <= b`, packed: each pair as the step
/// from the last pair's `a`, then, when `a` is the last pair's, the step
/// from its `b` (less one: the pairs are unique), else the distance from
/// `a` to `b`, each a LEB128 varint. A part's candidates are about
/// four bytes a pair instead of eight: the candidates of a million
/// documents (tens of millions of pairs, a pair found in several parts
/// once in each) are held whole while the copy keys are, at the copies'
/// peak.
struct Pairs(Vec<u8>);

impl Pairs {
    /// `pairs` (sorted, unique, each `a <= b`) packed, through `scratch`
    /// (kept for the next part) into bytes of the exact size.
    fn pack(pairs: &[(u32, u32)], scratch: &mut Vec<u8>) -> Pairs {
        scratch.clear();
        let mut last: Option<(u32, u32)> = None;
        for &(a, b) in pairs {
            let (step, rest) = match last {
                Some((la, lb)) if la == a => (0, b - lb - 1),
                Some((la, _)) => (a - la, b - a),
                None => (a, b - a),
            };
            varint(scratch, step);
            varint(scratch, rest);
            last = Some((a, b));
        }
        Pairs(scratch.to_vec())
    }

    /// The pairs, in order.
    fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut bytes = self.0.as_slice();
        let mut last: Option<(u32, u32)> = None;
        std::iter::from_fn(move || {
            let step = read_varint(&mut bytes)?;
            let rest = read_varint(&mut bytes)?;
            let pair = match last {
                Some((la, lb)) if step == 0 => (la, lb + 1 + rest),
                Some((la, _)) => (la + step, la + step + rest),
                None => (step, step + rest),
            };
            last = Some(pair);
            Some(pair)
        })
    }
}

/// Append `x` as a LEB128 varint: seven bits a byte, low bits first, the
/// high bit set on every byte but the last.
pub(crate) fn varint(out: &mut Vec<u8>, mut x: u32) {
    while x >= 0x80 {
        out.push((x as u8 & 0x7f) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// The varint at the start of `bytes` ([`varint`]), `bytes` moved past it;
/// `None` at the end.
pub(crate) fn read_varint(bytes: &mut &[u8]) -> Option<u32> {
    let mut x = 0u32;
    for shift in (0..35).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        x |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(x);
        }
    }
    None
}

/// Keys sorted at once by [`candidates`]: 32 MB of entries.
const KEYS_PER_SHARD: usize = 1 << 21;

/// The part (of `shards`) that holds key `k`: where its hash, mixed
/// (a SplitMix64 finaliser), falls among `shards` equal ranges.
fn shard_of(k: u64, shards: usize) -> usize {
    let mut z = k;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    ((u128::from(z) * shards as u128) >> 64) as usize
}

/// Group fingerprinted documents into copies. `ranks` orders the
/// documents: by precedence, which picks the original of a group, and in
/// hub order, which picks the first documents under a crowded key.
/// Returns, for each document, the original it copies and the evidence.
pub fn group(prints: &[Fingerprint], ranks: &Ranks) -> Vec<Option<Copy>> {
    let load = |docs: &[usize]| Ok::<_, std::convert::Infallible>(docs.iter().map(|&d| prints[d].clone()).collect());
    match group_loading(CopyKeys::of(prints), || Ok(Letters::of(prints)), ranks, &Judged::default(), load) {
        Ok((copies, _)) => copies,
        Err(never) => match never {},
    }
}

/// A batch of whole fingerprints with their indexes, by document.
struct Loaded {
    /// The documents loaded, ascending.
    docs: Vec<usize>,
    /// `docs[k]`'s fingerprint and index at `k`.
    prints: Vec<(Fingerprint, Index)>,
}

impl Loaded {
    /// Document `d`'s fingerprint and index (the first loaded one for a
    /// document not in the batch, which callers never ask for).
    fn doc(&self, d: usize) -> (&Fingerprint, &Index) {
        let (p, i) = &self.prints[self.docs.binary_search(&d).unwrap_or(0)];
        (p, i)
    }
}

/// Comparisons of two documents' fingerprints that found copies, pure
/// functions of the two: a store keeps them, so that a grown corpus
/// compares again only the pairs that are no copies ([`group_loading`]).
/// Those are not kept: a corpus of a million documents has tens of
/// millions of candidate pairs, a few dozen of them copies, and their
/// [`Letters`] turn almost all the others away again for less than
/// storing and reading their verdicts costs. Documents are indices into
/// the corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Judged {
    /// The candidate pairs `(a, b)`, `a < b`, that make copies (the pruned
    /// comparison that joins groups), sorted, each once.
    pub copies: Vec<(u32, u32)>,
    /// The evidence of copy `c` against its original `o`, by `(c, o)`.
    pub evidence: HashMap<(usize, usize), CopyEvidence>,
    /// The first [`MAX_BUCKET_PAIRS`] documents (in hub order) of keys
    /// that are sentences or quotes, as the candidates were taken: of every
    /// crowded key after a whole match, of the keys matched again after
    /// [`regroup`] (none for a key no longer crowded: what a store keeps
    /// of it goes). A store keeps them ([`Matched::heads`]).
    pub heads: Heads,
}

/// Keys with their first members ([`Judged::heads`]).
pub type Heads = Vec<(u64, Vec<usize>)>;

impl Judged {
    /// Whether the candidate pair `(a, b)` was found to make a copy.
    pub fn is_copy(&self, (a, b): (usize, usize)) -> bool {
        let (Ok(a), Ok(b)) = (u32::try_from(a), u32::try_from(b)) else { return false };
        self.copies.binary_search(&(a, b)).is_ok()
    }
}

/// [`group`] with only the keys of each fingerprint at hand (document
/// `i`'s are `keys.keys(i)`, dropped once the candidates are made) and the
/// [`Letters`] of its words (document `i`'s at `i`), which `letters` reads
/// then;
/// `load` gives the whole fingerprints of the
/// documents asked for (ascending, in that order), a batch of candidates
/// at a time, so the words of a large corpus need not all be in memory.
/// Only the candidates whose letters may make a copy are loaded and
/// compared. Its first error is returned.
///
/// The comparisons in `known` are taken as made (only those of the
/// documents' current fingerprints may be given); the comparisons made
/// here are returned beside the copies, for the next call. The copies are
/// the same whatever `known` holds: it saves work, never changes results.
pub fn group_loading<E>(
    keys: CopyKeys,
    letters: impl FnOnce() -> Result<Letters, E>,
    ranks: &Ranks,
    known: &Judged,
    mut load: impl FnMut(&[usize]) -> Result<Vec<Fingerprint>, E>,
) -> Result<(Vec<Option<Copy>>, Judged), E> {
    let n = keys.len();
    let mut made = Judged::default();
    // The fingerprints of the documents of `pairs` with their indexes (an
    // empty one for each document `load` did not give).
    let mut loaded = |pairs: &[(usize, usize)]| -> Result<Loaded, E> {
        let mut docs: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
        docs.sort_unstable();
        docs.dedup();
        let mut prints = load(&docs)?;
        prints.resize(docs.len(), Fingerprint::default());
        let prints = prints
            .into_par_iter()
            .map(|p| {
                let i = index(&p);
                (p, i)
            })
            .collect();
        Ok(Loaded { docs, prints })
    };

    // Verify candidates in parallel batches, skipping pairs an earlier
    // batch already put in one group (a story reprinted a thousand times
    // costs a thousand checks, not a million).
    let mut parent: Vec<usize> = (0..n).collect();
    let (candidates, heads) = candidates(&keys, &ranks.hub);
    made.heads = heads;
    // The keys are dropped once the candidates are made, and the letters
    // read then: the two are not held at once.
    drop(keys);
    let letters = &letters()?;
    let mut merged = candidates.merged();
    loop {
        let batch: Vec<(u32, u32)> = merged.by_ref().take(VERIFY_BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let open: Vec<(usize, usize)> = batch
            .iter()
            .map(|&(a, b)| (a as usize, b as usize))
            .filter(|&(a, b)| find(&mut parent, a) != find(&mut parent, b))
            .collect();
        // Pairs known to make copies are not loaded again, nor those whose
        // letters cannot. The groups are the connected pairs that make
        // copies, in whatever order they join.
        let (seen, open): (Vec<_>, Vec<_>) = open.into_iter().partition(|&p| known.is_copy(p));
        let open = may_copy(letters, &open);
        let prints = loaded(&open)?;
        let doc = |d: usize| prints.doc(d);
        let judged: Vec<((usize, usize), bool)> = open
            .into_par_iter()
            .map(|(a, b)| ((a, b), compare_indexed(doc(a), doc(b), true).is_some_and(|c| c.kind().is_some())))
            .collect();
        let found: Vec<(usize, usize)> = judged.into_iter().filter(|j| j.1).map(|j| j.0).collect();
        for &(a, b) in seen.iter().chain(&found) {
            union(&mut parent, a, b);
        }
        // Candidates fit in u32 (they are made so).
        made.copies.extend(found.into_iter().map(|(a, b)| (a as u32, b as u32)));
    }
    // Batches come in pair order, so this only checks it.
    made.copies.sort_unstable();

    // The original of each group: its lowest rank.
    let rank = &ranks.precedence;
    let roots: Vec<usize> = (0..n).map(|i| find(&mut parent, i)).collect();
    let mut original: HashMap<usize, usize> = HashMap::new();
    for (i, &root) in roots.iter().enumerate() {
        let best = original.entry(root).or_insert(i);
        if rank[i] < rank[*best] {
            *best = i;
        }
    }
    let mut out: Vec<Option<Copy>> = vec![None; n];
    let copies: Vec<(usize, usize)> = (0..n).map(|i| (i, original[&roots[i]])).filter(|&(i, o)| i != o).collect();
    let (seen, copies): (Vec<_>, Vec<_>) = copies.into_iter().partition(|p| known.evidence.contains_key(p));
    for (i, o) in seen {
        out[i] = Some(Copy { of: o, evidence: known.evidence[&(i, o)].clone() });
    }
    for batch in copies.chunks(VERIFY_BATCH) {
        compare_copies(batch, &loaded(batch)?, &mut made, &mut out);
    }
    Ok((out, made))
}

/// Compare each copy `(i, o)` of `batch` with its original (both in
/// `prints`), in parallel: the evidence goes in `made` and the copy in
/// `out[i]`.
fn compare_copies(batch: &[(usize, usize)], prints: &Loaded, made: &mut Judged, out: &mut [Option<Copy>]) {
    let doc = |d: usize| prints.doc(d);
    let found: Vec<(usize, Copy)> = batch
        .par_iter()
        .map(|&(i, o)| {
            let c = compare_indexed(doc(i), doc(o), false).unwrap_or_default();
            (i, Copy { of: o, evidence: evidence(doc(i).0, doc(o).0, c) })
        })
        .collect();
    for (i, c) in found {
        made.evidence.insert((i, c.of), c.evidence.clone());
        out[i] = Some(c);
    }
}

/// What [`regroup`] reads of a store that keeps the copy keys of the
/// documents it matched last (their postings), the comparisons made and
/// the fingerprints. Documents are places in the corpus.
pub trait Matched {
    /// The error of a read.
    type Error;
    /// The documents posted under `key` that are still there and not
    /// dirty, in any order, and the number of postings read: all of them,
    /// or at most `limit` (dirty and removed documents count).
    fn members(&mut self, key: u64, limit: Option<usize>) -> Result<(Vec<usize>, usize), Self::Error>;
    /// Whether each of these candidate pairs (`a < b`) is stored as making
    /// a copy, in their order (`false` for one that is not, or was never
    /// compared: it is compared).
    fn copies(&mut self, pairs: &[(usize, usize)]) -> Result<Vec<bool>, Self::Error>;
    /// The stored evidence of copy `c` against original `o` for these
    /// `(c, o)`, in their order: `None` when not stored.
    fn evidence(&mut self, pairs: &[(usize, usize)]) -> Result<Vec<Option<CopyEvidence>>, Self::Error>;
    /// The whole fingerprints of these documents (ascending), in their order.
    fn load(&mut self, docs: &[usize]) -> Result<Vec<Fingerprint>, Self::Error>;
    /// The first members kept of a key that is a sentence or quote
    /// ([`Judged::heads`]), in any order: `None` when none are kept, or
    /// when one of them is no longer there or is dirty (the key's members
    /// are read).
    fn heads(&mut self, key: u64) -> Result<Option<Vec<usize>>, Self::Error>;
}

/// What changed since the copies were last matched ([`regroup`]).
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// The documents whose fingerprints are new or changed, with their
    /// current keys (the `words` may be left empty).
    pub dirty: Vec<(usize, Fingerprint)>,
    /// The keys posted for documents changed or removed since (their old
    /// fingerprints; `words` may be left empty), each with where the
    /// document stood then.
    pub gone: Vec<Gone>,
    /// Documents whose group must be matched again although their
    /// fingerprints did not change: those whose original or copy was
    /// removed.
    pub seeds: Vec<usize>,
}

/// The keys posted for a document changed or removed since the copies
/// were last matched ([`Changes::gone`]), and where it stands among the
/// current documents in hub order: the place of the first current
/// document after it ([`hub_among`]; the number of documents when none
/// is). With it, a key the document leaves gives only the candidate pairs
/// of the documents that move up to its first members; `None` (not known)
/// takes every pair of the key again.
#[derive(Debug, Clone, Default)]
pub struct Gone {
    pub keys: Fingerprint,
    pub before: Option<usize>,
}

/// The candidate pairs `(a, b)`, `a < b`, of the documents under one key,
/// `members` in hub order: each paired with the first few.
fn bucket_pairs(members: &[usize], mut keep: impl FnMut(usize, usize) -> bool, out: &mut Vec<(usize, usize)>) {
    for (k, &b) in members.iter().enumerate() {
        for &a in &members[..k.min(MAX_BUCKET_PAIRS)] {
            let p = (a.min(b), a.max(b));
            if keep(p.0, p.1) {
                out.push(p);
            }
        }
    }
}

/// A touched key in [`regroup`]: all its documents (in hub order), or
/// only its first members (a crowded key whose kept ones were used).
enum Bucket {
    All(Vec<usize>),
    Heads(Vec<usize>),
}

/// The first [`MAX_BUCKET_PAIRS`] documents of a key, in hub order, when
/// it also held documents now gone, of those of `clean` (in hub order):
/// a gone document standing before the current one at hub place `before`
/// (`at`) comes before every clean one at that place or later.
fn first_before(clean: &[usize], at: &[usize], hub: &[usize]) -> Vec<usize> {
    let mut at = at.to_vec();
    at.sort_unstable();
    let (mut c, mut g, mut out) = (0, 0, Vec::new());
    while c + g < MAX_BUCKET_PAIRS && c < clean.len() {
        if g < at.len() && at[g] <= hub[clean[c]] {
            g += 1;
        } else {
            out.push(clean[c]);
            c += 1;
        }
    }
    out
}

/// [`group`] again after `changes`, reading only what they touch: `old`
/// is the result of the last match (for every document of the corpus,
/// those of dirty documents and seeds whatever it was), `ranks` every
/// document's precedence and place in hub order. The copies are those of [`group`] over the
/// whole corpus, provided that the documents that are neither dirty nor
/// seeds are posted as they were last matched, `old` was the result then,
/// and their precedence did not change; the comparisons made are returned
/// beside them, as [`group_loading`] does.
///
/// Candidates come from buckets (the documents under one key). Only the
/// buckets a dirty document is in, now or before, can give other
/// candidates: those are read again, and a pair of them compared unless
/// it is stored as a copy, a group already joins it, or it was a candidate
/// before (a bucket that only grew pairs its old documents as before or
/// less). Groups are the connected copies; a group that was joined by
/// pairs skipped as already joined cannot lose a pair without being
/// matched again as a whole: every group with a dirty document, a seed, or
/// a document that may have left the first members of a bucket (and so
/// lost pairs) is dissolved, and the candidates among its documents under
/// all their keys are taken again. Other groups stay as they were: each
/// of their pairs is still a candidate and says the same.
pub fn regroup<S: Matched>(ranks: &Ranks, old: &[Option<Copy>], changes: &Changes, store: &mut S) -> Result<(Vec<Option<Copy>>, Judged), S::Error> {
    let (rank, hub) = (&ranks.precedence, &ranks.hub);
    let n = rank.len();
    let mut dirty = vec![false; n];
    for &(d, _) in &changes.dirty {
        dirty[d] = true;
    }
    // The dirty documents under each key, and how many documents the key
    // had before that are dirty now.
    let mut added: HashMap<u64, (bool, Vec<usize>)> = HashMap::new();
    for (d, p) in &changes.dirty {
        for (k, pair) in p.keys() {
            added.entry(k).or_insert((pair, Vec::new())).1.push(*d);
        }
    }
    // The documents gone from each key: whether a word pair, how many,
    // and where each stood (`None` when one is not known).
    let mut removed: HashMap<u64, (bool, usize, Option<Vec<usize>>)> = HashMap::new();
    for g in &changes.gone {
        for (k, pair) in g.keys.keys() {
            let r = removed.entry(k).or_insert((pair, 0, Some(Vec::new())));
            r.1 += 1;
            match (&mut r.2, g.before) {
                (Some(at), Some(before)) => at.push(before),
                (at, _) => *at = None,
            }
        }
    }
    let mut touched: Vec<(u64, bool)> = added.iter().map(|(&k, v)| (k, v.0)).chain(removed.iter().map(|(&k, v)| (k, v.0))).collect();
    touched.sort_unstable();
    touched.dedup_by_key(|t| t.0);
    let in_hub_order = |v: &mut Vec<usize>| {
        v.sort_unstable_by_key(|&d| hub[d]);
        v.dedup();
    };

    // The touched buckets: their candidates that may be new, and the
    // documents that may have left their first members.
    let mut seeds: Vec<usize> = changes.seeds.clone();
    seeds.extend(changes.dirty.iter().map(|d| d.0));
    // Documents that may have lost candidates: only a group of theirs
    // can split.
    let mut exits: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut buckets: HashMap<u64, Bucket> = HashMap::new();
    let mut heads: Vec<(u64, Vec<usize>)> = Vec::new();
    for &(k, pair) in &touched {
        let here = added.get(&k).map(|a| a.1.as_slice()).unwrap_or_default();
        // A crowded key whose first members are kept and still there: when
        // no new document comes before them, the new ones are paired with
        // them, and no other pair is new (those gone came after them).
        if !pair {
            if let Some(mut first) = store.heads(k)? {
                first.extend(here);
                in_hub_order(&mut first);
                first.truncate(MAX_BUCKET_PAIRS);
                if first.iter().all(|&f| !dirty[f]) {
                    for &d in here {
                        pairs.extend(first.iter().map(|&f| (f.min(d), f.max(d))));
                    }
                    heads.push((k, first.clone()));
                    buckets.insert(k, Bucket::Heads(first));
                    continue;
                }
            }
        }
        // A word pair's bucket is read up to the size that skips it,
        // counting the postings of dirty documents.
        let gone = removed.get(&k).map_or(0, |r| r.1);
        let limit = pair.then_some(COMMON_PAIR + 1 + gone);
        let (mut clean, read) = store.members(k, limit)?;
        clean.retain(|&d| d < n && !dirty[d]);
        in_hub_order(&mut clean);
        let truncated = limit.is_some_and(|l| read >= l);
        let mut all = clean.clone();
        all.extend(here);
        in_hub_order(&mut all);
        let skipped = |size: usize| pair && (truncated || size > COMMON_PAIR);
        let first: &[usize] = if skipped(all.len()) { &[] } else { &all[..all.len().min(MAX_BUCKET_PAIRS)] };
        // The key's first members when it was matched last, of those still
        // there and clean (`None` when a document gone is not placed).
        let was_first: Option<Vec<usize>> = match removed.get(&k) {
            None => Some(clean.iter().take(MAX_BUCKET_PAIRS).copied().collect()),
            Some((_, _, at)) => at.as_ref().map(|at| first_before(&clean, at, hub)),
        };
        let old_skipped = skipped(clean.len() + gone);
        if !old_skipped {
            let left = was_first.as_deref().unwrap_or(&clean[..clean.len().min(MAX_BUCKET_PAIRS)]);
            exits.extend(left.iter().filter(|c| !first.contains(c)));
        }
        if !skipped(all.len()) {
            // A pair of clean documents was a candidate before when one of
            // them was among the first members then.
            let new = |a: usize, b: usize| match &was_first {
                Some(was) => old_skipped || !(was.contains(&a) || was.contains(&b)),
                None => true,
            };
            bucket_pairs(&all, |a, b| dirty[a] || dirty[b] || new(a, b), &mut pairs);
            if !pair {
                heads.push((k, if all.len() > CROWDED { first.to_vec() } else { Vec::new() }));
            }
            buckets.insert(k, Bucket::All(all));
        }
    }

    // Dissolve the groups of the seeds: their documents are matched again.
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, c) in old.iter().enumerate() {
        if let Some(c) = c {
            groups.entry(c.of).or_insert_with(|| vec![c.of]).push(i);
        }
    }
    let original = |i: usize| old[i].as_ref().map_or(i, |c| c.of);
    let mut again = vec![false; n];
    seeds.extend(exits.into_iter().filter(|&e| groups.contains_key(&original(e))));
    for s in seeds {
        let o = original(s);
        again[s] = true;
        for &m in groups.get(&o).map(Vec::as_slice).unwrap_or_default() {
            again[m] = true;
        }
    }
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, c) in old.iter().enumerate() {
        if let (Some(c), false) = (c, again[i]) {
            union(&mut parent, i, c.of);
        }
    }
    // The candidates among the dissolved documents, under all their keys.
    let redo: Vec<usize> = (0..n).filter(|&i| again[i] && !dirty[i]).collect();
    // The dissolved documents under each of their keys.
    let mut under: HashMap<u64, (bool, Vec<usize>)> = HashMap::new();
    let loaded_redo = store.load(&redo)?;
    let redone = redo.iter().zip(&loaded_redo).chain(changes.dirty.iter().filter(|d| again[d.0]).map(|d| (&d.0, &d.1)));
    for (&d, p) in redone {
        for (k, pair) in p.keys() {
            under.entry(k).or_insert((pair, Vec::new())).1.push(d);
        }
    }
    drop(loaded_redo);
    let mut shared: Vec<(u64, bool, Vec<usize>)> = under.into_iter().filter(|(_, v)| v.1.len() > 1).map(|(k, v)| (k, v.0, v.1)).collect();
    shared.sort_unstable();
    for (k, pair, mut docs) in shared {
        in_hub_order(&mut docs);
        // Under a crowded key the dissolved documents pair with its first
        // members only.
        let with_heads = |first: &[usize], pairs: &mut Vec<(usize, usize)>| {
            for &f in first.iter().filter(|&&f| again[f]) {
                pairs.extend(docs.iter().filter(|&&d| hub[d] > hub[f]).map(|&d| (f.min(d), f.max(d))));
            }
        };
        match buckets.get(&k) {
            Some(Bucket::All(all)) => bucket_pairs(all, |a, b| again[a] && again[b], &mut pairs),
            Some(Bucket::Heads(first)) => with_heads(first, &mut pairs),
            None if added.contains_key(&k) || removed.contains_key(&k) => continue,
            None => {
                if !pair {
                    if let Some(mut first) = store.heads(k)? {
                        in_hub_order(&mut first);
                        with_heads(&first, &mut pairs);
                        continue;
                    }
                }
                let limit = pair.then_some(COMMON_PAIR + 1);
                let (mut all, read) = store.members(k, limit)?;
                all.retain(|&d| d < n && !dirty[d]);
                in_hub_order(&mut all);
                if pair && read > COMMON_PAIR {
                    continue;
                }
                bucket_pairs(&all, |a, b| again[a] && again[b], &mut pairs);
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();

    // Verify the candidates as `group_loading` does, the copies stored
    // among unchanged pairs first.
    let mut made = Judged { heads, ..Default::default() };
    let loaded = |store: &mut S, docs: &[usize]| -> Result<Loaded, S::Error> {
        let mut docs = docs.to_vec();
        docs.sort_unstable();
        docs.dedup();
        let mut prints = store.load(&docs)?;
        prints.resize(docs.len(), Fingerprint::default());
        let prints = prints.into_par_iter().map(|p| {
            let i = index(&p);
            (p, i)
        });
        Ok(Loaded { docs, prints: prints.collect() })
    };
    for batch in pairs.chunks(VERIFY_BATCH) {
        let open: Vec<(usize, usize)> = batch.iter().copied().filter(|&(a, b)| find(&mut parent, a) != find(&mut parent, b)).collect();
        let (clean, fresh): (Vec<_>, Vec<_>) = open.into_iter().partition(|&(a, b)| !dirty[a] && !dirty[b]);
        let known = store.copies(&clean)?;
        let mut copies: Vec<(usize, usize)> = Vec::new();
        let mut compare_now = fresh;
        for (p, copy) in clean.into_iter().zip(known) {
            if copy {
                copies.push(p);
            } else {
                compare_now.push(p);
            }
        }
        let prints = loaded(store, &compare_now.iter().flat_map(|&(a, b)| [a, b]).collect::<Vec<_>>())?;
        let doc = |d: usize| prints.doc(d);
        let judged: Vec<((usize, usize), bool)> = compare_now
            .into_par_iter()
            .map(|(a, b)| ((a, b), compare_indexed(doc(a), doc(b), true).is_some_and(|c| c.kind().is_some())))
            .collect();
        let found: Vec<(usize, usize)> = judged.into_iter().filter(|j| j.1).map(|j| j.0).collect();
        for &(a, b) in copies.iter().chain(&found) {
            union(&mut parent, a, b);
        }
        // Candidates fit in u32 (they are made so).
        made.copies.extend(found.into_iter().map(|(a, b)| (a as u32, b as u32)));
    }
    made.copies.sort_unstable();

    // The original of each group: its lowest rank. Unchanged copies keep
    // their evidence; the others' is read, or made.
    let roots: Vec<usize> = (0..n).map(|i| find(&mut parent, i)).collect();
    let mut best: Vec<usize> = (0..n).collect();
    for (i, &r) in roots.iter().enumerate() {
        if rank[i] < rank[best[r]] {
            best[r] = i;
        }
    }
    let mut out: Vec<Option<Copy>> = vec![None; n];
    let mut wanted: Vec<(usize, usize)> = Vec::new();
    for i in 0..n {
        let o = best[roots[i]];
        if o == i {
            continue;
        }
        match &old[i] {
            Some(c) if c.of == o && !dirty[i] && !dirty[o] => out[i] = Some(c.clone()),
            _ => wanted.push((i, o)),
        }
    }
    let (clean, fresh): (Vec<_>, Vec<_>) = wanted.into_iter().partition(|&(i, o)| !dirty[i] && !dirty[o]);
    let mut compute = fresh;
    for (p, e) in clean.iter().zip(store.evidence(&clean)?) {
        match e {
            Some(e) => out[p.0] = Some(Copy { of: p.1, evidence: e }),
            None => compute.push(*p),
        }
    }
    for batch in compute.chunks(VERIFY_BATCH) {
        let prints = loaded(store, &batch.iter().flat_map(|&(a, b)| [a, b]).collect::<Vec<_>>())?;
        compare_copies(batch, &prints, &mut made, &mut out);
    }
    Ok((out, made))
}

/// What decides a document's precedence among copies: its publication
/// date, the length of its text in bytes and its id.
#[derive(Debug, Clone, Copy)]
pub struct Precedence<'a> {
    pub published: Option<&'a str>,
    pub length: usize,
    pub id: &'a str,
}

impl<'a> Precedence<'a> {
    /// A document's precedence.
    pub fn of(doc: &'a Document) -> Precedence<'a> {
        Precedence { published: doc.published.as_deref(), length: doc.text.len(), id: &doc.id }
    }
}


/// What orders documents by precedence (before the input order).
type PrecedenceKey<'a> = (bool, Option<&'a str>, Reverse<usize>, &'a str);

fn precedence_key<'a>(d: &Precedence<'a>) -> PrecedenceKey<'a> {
    let date = d.published.filter(|p| is_date(p));
    (date.is_none(), date, Reverse(d.length), d.id)
}

/// The precedence of each document: dated before undated, earliest first,
/// then the longest text, then the smallest id (then input order, for equal
/// ids).
pub fn ranks_of(docs: &[Precedence]) -> Vec<usize> {
    // Each key made once (it checks the date), the order total (ties by
    // place), so an unstable sort on every core gives the stable order.
    let keys: Vec<PrecedenceKey> = docs.par_iter().map(precedence_key).collect();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.par_sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
    let mut rank = vec![0; docs.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = r;
    }
    rank
}

/// The two orders matching reads, by document: `precedence` ([`ranks_of`])
/// picks the original of a group; `hub` picks the first members of a key
/// that the others under it are paired with ([`hubs_of`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ranks {
    pub precedence: Vec<usize>,
    pub hub: Vec<usize>,
}

impl Ranks {
    /// Both orders of these documents.
    pub fn of(docs: &[Precedence]) -> Ranks {
        Ranks { precedence: ranks_of(docs), hub: hubs_of(docs) }
    }

    /// Both orders of these documents.
    pub fn of_documents(docs: &[Document]) -> Ranks {
        Ranks::of(&docs.iter().map(Precedence::of).collect::<Vec<_>>())
    }
}

/// What orders documents in hub order (before the input order): a hash of
/// the id, then the id. It is fixed for a document whatever comes or goes,
/// and spreads the documents evenly: a document added comes among the
/// first `m` of a key's `n` documents once in `n / m`.
fn hub_key<'a>(d: &Precedence<'a>) -> (u64, &'a str) {
    (crate::text::hash_str(d.id), d.id)
}

/// Each document's place in hub order ([`hub_key`], ties by place).
pub fn hubs_of(docs: &[Precedence]) -> Vec<usize> {
    // The hashes alone are made once (8 bytes a document, not the 24 of
    // the whole key); the ids are compared on a tie of hashes.
    let hashes: Vec<u64> = docs.par_iter().map(|d| hub_key(d).0).collect();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.par_sort_unstable_by(|&a, &b| hashes[a].cmp(&hashes[b]).then_with(|| docs[a].id.cmp(docs[b].id)).then(a.cmp(&b)));
    let mut hub = vec![0; docs.len()];
    for (h, i) in order.into_iter().enumerate() {
        hub[i] = h;
    }
    hub
}

/// Where each of `others` (documents not among `docs`, by id) stands among
/// `docs` in hub order: the place (`hub`, of [`hubs_of`] over `docs`) of
/// the first document after it, `docs.len()` when none is. One of `docs`
/// with the same id (a document replaced) comes after it.
pub fn hub_among(docs: &[Precedence], hub: &[usize], others: &[&str]) -> Vec<usize> {
    let mut order = vec![0; docs.len()];
    for (i, &h) in hub.iter().enumerate() {
        order[h] = i;
    }
    others
        .iter()
        .map(|&id| {
            let key = hub_key(&Precedence { published: None, length: 0, id });
            order.partition_point(|&i| hub_key(&docs[i]) < key)
        })
        .collect()
}

/// For each document, the original it copies and the evidence (`None` for
/// originals and documents without copies).
pub fn copies(docs: &[Document]) -> Vec<Option<Copy>> {
    let prints: Vec<Fingerprint> = docs.par_iter().map(fingerprint).collect();
    group(&prints, &Ranks::of_documents(docs))
}

impl Fingerprint {
    /// The fingerprint as bytes to store: the lengths of its four lists
    /// (u32 each), then their items, little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + 4 * self.words.len() + 8 * (self.pairs.len() + self.sentences.len() + self.quotes.len()));
        for n in [self.words.len(), self.pairs.len(), self.sentences.len(), self.quotes.len()] {
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        for w in &self.words {
            out.extend_from_slice(&w.to_le_bytes());
        }
        for k in self.pairs.iter().chain(&self.sentences).chain(&self.quotes) {
            out.extend_from_slice(&k.to_le_bytes());
        }
        out
    }

    /// A fingerprint [`Fingerprint::to_bytes`] wrote; `None` for bytes it
    /// cannot have written.
    pub fn from_bytes(bytes: &[u8]) -> Option<Fingerprint> {
        Fingerprint::read(bytes, true)
    }

    /// The keys of a fingerprint [`Fingerprint::to_bytes`] wrote, its
    /// `words` left empty (a tenth of its size: what [`group_loading`]
    /// keeps of every document); `None` for bytes it cannot have written.
    pub fn keys_from_bytes(bytes: &[u8]) -> Option<Fingerprint> {
        Fingerprint::read(bytes, false)
    }

    /// The words and the keys of bytes [`Fingerprint::to_bytes`] wrote,
    /// and the numbers of word pairs and sentences among the keys; `None`
    /// for bytes it cannot have written.
    fn sections(bytes: &[u8]) -> Option<(&[u8], &[u8], usize, usize)> {
        let count = |i: usize| -> Option<usize> { Some(u32::from_le_bytes(bytes.get(4 * i..4 * i + 4)?.try_into().ok()?) as usize) };
        let (words, pairs, sentences, quotes) = (count(0)?, count(1)?, count(2)?, count(3)?);
        let keys = pairs.checked_add(sentences)?.checked_add(quotes)?;
        if bytes.len() != 16usize.checked_add(words.checked_mul(4)?)?.checked_add(keys.checked_mul(8)?)? {
            return None;
        }
        let (head, rest) = bytes[16..].split_at(4 * words);
        Some((head, rest, pairs, sentences))
    }

    fn read(bytes: &[u8], with_words: bool) -> Option<Fingerprint> {
        let (head, rest, pairs, sentences) = Fingerprint::sections(bytes)?;
        let words = if with_words { le_u32s(head).collect() } else { Vec::new() };
        let mut keys = le_u64s(rest);
        let pairs = keys.by_ref().take(pairs).collect();
        let sentences = keys.by_ref().take(sentences).collect();
        Some(Fingerprint { words, pairs, sentences, quotes: keys.collect() })
    }
}

/// For each document, the index of the document it copies (`None` for
/// originals and documents without copies).
pub fn duplicates(docs: &[Document]) -> Vec<Option<usize>> {
    copies(docs).into_iter().map(|c| c.map(|c| c.of)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use proptest::prelude::*;

    #[test]
    fn function_words_are_no_content_words() {
        assert!(is_function_word("however") && is_function_word("the") && !is_function_word("brigades"));
        assert!(content_word("however").is_none() && content_word("brigades").is_some());
    }

    fn doc(id: &str, published: Option<&str>, text: &str) -> Document {
        Document { id: id.into(), published: published.map(String::from), text: text.into(), ..Default::default() }
    }

    fn words(text: &str) -> Vec<u32> {
        scan(text).words
    }

    const STORY: &str = "Flood waters rose across the river valley overnight, forcing about \
        four thousand residents from their homes as emergency crews opened shelters in three \
        schools. The regional governor said the dam upstream held but warned that more rain was \
        expected on Thursday. Rescue boats reached two villages cut off by the water, and the \
        army sent trucks with drinking water and blankets. Officials said the damage to roads \
        and bridges would take weeks to assess, and farmers feared for the harvest.";

    #[test]
    fn content_words_are_folded_stemmed_and_numbers_whole() {
        assert_eq!(words("Organising 1,000 SOLDIERS in Kraków"), words("organizing 1000 soldiers at Krakow"));
        assert_eq!(words("Organising 1,000 SOLDIERS in Kraków").len(), 4);
        assert_eq!(words("It is what the war was."), Vec::<u32>::new());
        assert_ne!(words("1.5 kilometres"), words("15 kilometres"));
        assert_eq!(words("北朝鮮の兵士").len(), 6);
        assert_eq!(words("북한군 병력").len(), 2);
    }

    #[test]
    fn quotations_are_keys_not_words() {
        let s = scan("Officials warned on Monday that \u{201c}the river will keep rising through the night\u{201d} in every district.");
        assert_eq!(s.words, words("Officials warned on Monday that in every district."));
        assert_eq!(s.quotes.len(), 1);
        // A quotation left open ends with its paragraph.
        let s = scan("Residents said \"the water came through the doors before dawn\n\nRescue crews reached the northern villages late on Friday evening.");
        assert_eq!(s.words, words("Residents said. Rescue crews reached the northern villages late on Friday evening."));
        assert_eq!((s.quotes.len(), s.sentences.len()), (1, 1));
        // Guillemets and corner brackets too; single quotes are apostrophes.
        assert_eq!(scan("Il a dit « nous resterons ici jusqu'au bout » hier.").words, words("Il a dit hier."));
        assert_eq!(words("The mayor's 'safe zone' plan"), words("The mayor's safe zone plan"));
    }

    #[test]
    fn sentences_end_at_stops_and_line_breaks() {
        let s = scan("Flood waters rose across the river valley overnight. Rescue boats reached the flooded villages near the water mills\nOfficials said damage to roads and bridges would take weeks. Short one.");
        assert_eq!(s.sentences.len(), 3);
        // A decimal point or a stop inside a quotation ends no sentence.
        assert_eq!(scan("Levels fell 3.5 percent \"as rain stopped. The dam held\" across northern river valleys today.").sentences.len(), 1);
    }

    fn dp_lcs(a: &[u32], b: &[u32]) -> usize {
        let mut prev = vec![0; b.len() + 1];
        for &x in a {
            let mut cur = vec![0; b.len() + 1];
            for (j, &y) in b.iter().enumerate() {
                cur[j + 1] = if x == y { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
            }
            prev = cur;
        }
        prev[b.len()]
    }

    fn lcs_of(a: &[u32], b: &[u32], need: usize) -> usize {
        let p = Fingerprint { words: a.to_vec(), ..Default::default() };
        lcs(&index(&p), a.len(), b, need)
    }

    proptest! {
        #[test]
        fn lcs_matches_dynamic_programming(a in prop::collection::vec(0u32..6, 0..200), b in prop::collection::vec(0u32..6, 0..200)) {
            prop_assert_eq!(lcs_of(&a, &b, 0), dp_lcs(&a, &b));
        }

        #[test]
        fn packed_pairs_read_back_as_they_were(raw in prop::collection::vec((any::<u32>(), any::<u32>()), 0..300), small in prop::collection::vec((0u32..40, 0u32..40), 0..300)) {
            let mut scratch = Vec::new();
            for raw in [raw, small] {
                let mut pairs: Vec<(u32, u32)> = raw.into_iter().map(|(a, b)| (a.min(b), a.max(b))).collect();
                pairs.sort_unstable();
                pairs.dedup();
                let packed = Pairs::pack(&pairs, &mut scratch);
                prop_assert_eq!(packed.iter().collect::<Vec<_>>(), pairs.clone());
                // No pair takes more than its two numbers' varints (five bytes each at most).
                prop_assert!(packed.0.len() <= 10 * pairs.len());
            }
        }

        #[test]
        fn lcs_gives_up_only_below_need(a in prop::collection::vec(0u32..4, 0..150), b in prop::collection::vec(0u32..4, 0..150), need in 0usize..150) {
            let exact = dp_lcs(&a, &b);
            let got = lcs_of(&a, &b, need);
            if exact >= need {
                prop_assert_eq!(got, exact);
            } else {
                prop_assert!(got < need);
            }
        }

        #[test]
        fn any_text_fingerprints(text in "(\\PC|[\"“”«»„\n.,!?0-9 ]){0,300}") {
            let p = fingerprint(&doc("x", None, &text));
            prop_assert!(p.words.len() <= MAX_WORDS && p.pairs.len() <= SKETCH);
            for keys in [&p.pairs, &p.sentences, &p.quotes] {
                prop_assert!(keys.windows(2).all(|w| w[0] < w[1]));
            }
        }
    }

    #[test]
    fn comparisons_give_kinds() {
        let c = |in_order, shared, shorter, longer| Comparison { in_order, shared, shorter, longer }.kind();
        assert_eq!(c(90, 92, 100, 110), Some(CopyKind::Duplicate));
        assert_eq!(c(9, 9, 10, 11), Some(CopyKind::Duplicate));
        assert_eq!(c(85, 88, 100, 400), Some(CopyKind::Excerpt));
        assert_eq!(c(60, 70, 100, 120), Some(CopyKind::Rewrite));
        // Too few words in order, too small a share, too many shared words out of order.
        assert_eq!(c(25, 26, 40, 300), None);
        assert_eq!(c(45, 50, 100, 120), None);
        assert_eq!(c(60, 80, 100, 120), None);
        assert_eq!(c(0, 0, 0, 0), None);
    }

    #[test]
    fn copies_point_at_the_earliest_original() {
        let extra = format!("{STORY} A local charity has opened a donation line for the families.");
        let short = STORY.split(". ").take(3).collect::<Vec<_>>().join(". ");
        let docs = vec![
            doc("reprint", Some("2024-05-03"), &extra),
            doc("agency", Some("2024-05-02"), STORY),
            doc("excerpt", None, &short),
            doc("other", Some("2024-05-01"), "Voters in the northern province went to the polls on Sunday to choose a new assembly, with turnout reported to be higher than at the last election four years ago, according to the electoral commission."),
        ];
        assert_eq!(duplicates(&docs), vec![Some(1), None, Some(1), None]);
        let kinds: Vec<_> = copies(&docs).into_iter().map(|c| c.map(|c| c.evidence.kind)).collect();
        assert_eq!(kinds, vec![Some(CopyKind::Duplicate), None, Some(CopyKind::Excerpt), None]);
    }

    #[test]
    fn same_date_prefers_the_longest_then_the_smallest_id() {
        let upper = STORY.to_uppercase();
        let longer = format!("{STORY} More rain fell on Friday.");
        let docs = vec![doc("b", Some("2024-05-02"), &upper), doc("a", Some("2024-05-02"), STORY)];
        assert_eq!(duplicates(&docs), vec![Some(1), None]);
        let docs = vec![doc("a", Some("2024-05-02"), STORY), doc("z", Some("2024-05-02"), &longer)];
        assert_eq!(duplicates(&docs), vec![Some(1), None]);
        assert_eq!(Ranks::of_documents(&docs).precedence, vec![1, 0]);
    }

    #[test]
    fn short_and_empty_texts_are_not_contained() {
        let docs = vec![
            doc("a", None, STORY),
            doc("b", None, "Flood waters rose across the river valley overnight."),
            doc("c", None, ""),
            doc("d", None, ""),
            doc("e", None, "\u{201c}Flood waters rose across the river valley overnight, forcing about four thousand residents from their homes.\u{201d}"),
        ];
        assert_eq!(duplicates(&docs), vec![None; 5]);
    }

    #[test]
    fn candidates_are_the_same_sorted_in_parts_of_keys() {
        // Copies, rewrites and unrelated texts, so that some keys are shared.
        let docs: Vec<Document> = (0..60)
            .map(|i| {
                let body: String = (0..30).map(|k| format!("w{}x{k} ", i % 7)).collect();
                let tail: String = (0..(i % 4) * 5).map(|k| format!("t{i}y{k} ")).collect();
                doc(&format!("d{i}"), None, &format!("Rescuers counted {body}. Reporters heard {tail}."))
            })
            .collect();
        let prints: Vec<Fingerprint> = docs.iter().map(fingerprint).collect();
        let pairs = |shards: usize| {
            let (candidates, heads) = candidates_sharded(&CopyKeys::of(&prints), &Ranks::of_documents(&docs).hub, shards);
            (candidates.merged().collect::<Vec<_>>(), heads)
        };
        let whole = pairs(1);
        assert!(whole.0.len() > 60, "{} candidates", whole.0.len());
        assert!(whole.0.windows(2).all(|w| w[0] < w[1]), "in order, each once");
        for shards in [2, 7, 64] {
            assert_eq!(pairs(shards), whole, "{shards} parts");
        }
        // Keys bunched at the small end (a sketch's) still fall evenly in parts.
        let mut parts = [0usize; 5];
        for k in 0..10_000u64 {
            parts[shard_of(k, 5)] += 1;
        }
        assert!(parts.iter().all(|&n| (1_800..=2_200).contains(&n)), "{parts:?}");
    }

    #[test]
    fn crowded_keys_give_a_bounded_number_of_candidates() {
        // 300 different stories closing on the same two boilerplate sentences
        // and sharing a common phrase: each document meets at most a few
        // others under the shared keys, and none is a copy.
        let n = 300;
        let docs: Vec<Document> = (0..n)
            .map(|i| {
                let body: String = (0..40).map(|k| format!("w{i}x{k} ")).collect();
                let text = format!(
                    "Emergency services reported {body}. Subscribers may republish this article under the terms of their licence agreement. \
                     Corrections and complaints should be sent to the standards desk of the agency."
                );
                doc(&format!("d{i}"), None, &text)
            })
            .collect();
        let prints: Vec<Fingerprint> = docs.iter().map(fingerprint).collect();
        let hub = Ranks::of_documents(&docs).hub;
        let (pairs, heads) = candidates(&CopyKeys::of(&prints), &hub);
        let pairs: Vec<(u32, u32)> = pairs.merged().collect();
        assert!(!pairs.is_empty() && pairs.len() <= 2 * MAX_BUCKET_PAIRS * n, "{} candidates", pairs.len());
        // The two sentences are crowded: their first members are the first
        // two documents in hub order.
        let mut first: Vec<usize> = (0..n).collect();
        first.sort_by_key(|&d| hub[d]);
        assert_eq!(heads.len(), 2, "{heads:?}");
        assert!(heads.iter().all(|(_, h)| h[..] == first[..MAX_BUCKET_PAIRS]), "{heads:?}");
        assert_eq!(duplicates(&docs), vec![None; n]);
    }

    #[test]
    fn fingerprints_survive_their_bytes_and_bad_bytes_are_refused() {
        let p = fingerprint(&doc("a", None, &format!("{STORY} \u{201c}Nobody expected the water to come this fast at night,\u{201d} a farmer said.")));
        assert!(!p.words.is_empty() && !p.pairs.is_empty() && !p.sentences.is_empty() && !p.quotes.is_empty());
        let bytes = p.to_bytes();
        assert_eq!(Fingerprint::from_bytes(&bytes), Some(p.clone()));
        assert_eq!(Fingerprint::from_bytes(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Fingerprint::from_bytes(&[0xff; 16]), None);
        assert_eq!(Fingerprint::from_bytes(&[]), None);
        assert_eq!(Fingerprint::from_bytes(&Fingerprint::default().to_bytes()), Some(Fingerprint::default()));
    }

    #[test]
    fn ranks_from_precedence_are_the_documents_ranks() {
        let docs = vec![doc("b", Some("2024-03-02"), "short"), doc("a", None, "undated"), doc("c", Some("2024-03-01"), "earliest")];
        let keys: Vec<Precedence> = docs.iter().map(Precedence::of).collect();
        assert_eq!(ranks_of(&keys), vec![1, 2, 0]);
        assert_eq!(Ranks::of_documents(&docs), Ranks::of(&keys));
        // Hub order is the documents' own, whatever order they come in.
        let hub = hubs_of(&keys);
        let mut sorted = hub.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2]);
        let reversed: Vec<Precedence> = keys.iter().rev().copied().collect();
        assert_eq!(hubs_of(&reversed), hub.iter().rev().copied().collect::<Vec<_>>());
    }

    /// A text's words, edited: some dropped, some new ones put in, so that
    /// pairs of texts range from copies to strangers.
    fn edited(words: &[u32], edits: &[(usize, u32)]) -> Vec<u32> {
        let mut out = words.to_vec();
        for &(at, w) in edits {
            if out.is_empty() {
                break;
            }
            let at = at % out.len();
            if w % 2 == 0 {
                out.remove(at);
            } else {
                out.insert(at, w);
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// The LCS of two texts' letters is never shorter than that of their
        /// words, so a pair the letters turn away is no copy.
        #[test]
        fn letters_turn_away_no_copy(
            words in prop::collection::vec(0u32..60, 0..300),
            edits in prop::collection::vec((any::<usize>(), 0u32..400), 0..200),
            shuffle in any::<bool>(),
        ) {
            let mut other = edited(&words, &edits);
            if shuffle {
                other.reverse();
            }
            let (a, b) = (Fingerprint { words: words.clone(), ..Default::default() }, Fingerprint { words: other.clone(), ..Default::default() });
            let letters = Letters::of(&[a.clone(), b.clone()]);
            let masks = LetterMasks::new(letters.get(0));
            let by_letters = lcs_steps(&masks.masks, masks.blocks, letters.get(1).iter().map(|&l| l as usize), 0);
            let c = compare(&a, &b);
            prop_assert!(by_letters >= c.in_order, "{by_letters} < {}", c.in_order);
            if !masks.may_copy(letters.get(1), &mut Vec::new()) {
                prop_assert_eq!(c.kind(), None);
            }
        }
    }

    #[test]
    fn letters_keep_a_copy_and_turn_away_the_same_words_in_another_order() {
        let agency = fingerprint(&doc("agency", None, STORY));
        let reprint = fingerprint(&doc("reprint", None, &format!("{STORY} The appeal raised money for the families.")));
        // The same words in reverse order: they share every word but few
        // in order.
        let reversed: String = STORY.split_whitespace().rev().collect::<Vec<_>>().join(" ");
        let shuffled = fingerprint(&doc("shuffled", None, &reversed));
        let letters = Letters::of(&[agency.clone(), reprint.clone(), shuffled.clone()]);
        assert_eq!(letters.len(), 3);
        let masks = LetterMasks::new(letters.get(0));
        let mut hits = Vec::new();
        assert!(compare(&agency, &reprint).kind().is_some() && masks.may_copy(letters.get(1), &mut hits));
        assert!(compare(&agency, &shuffled).kind().is_none() && !masks.may_copy(letters.get(2), &mut hits));
        // Read from stored bytes, the letters are the same; bytes that no
        // fingerprint makes give none, and so does a document past the end.
        let mut stored = Letters::default();
        for p in [&agency, &reprint, &shuffled] {
            stored.push_bytes(&p.to_bytes());
        }
        assert_eq!(stored, letters);
        stored.push_bytes(&[1, 2, 3]);
        assert_eq!((stored.len(), stored.get(3), stored.get(9)), (4, &[][..], &[][..]));
        // Candidates the letters turn away are never loaded.
        let prints = vec![agency, reprint, shuffled];
        let mut asked = Vec::new();
        let load = |d: &[usize]| {
            asked.extend_from_slice(d);
            Ok::<_, std::convert::Infallible>(d.iter().map(|&i| prints[i].clone()).collect::<Vec<_>>())
        };
        let (found, _) = group_loading(CopyKeys::of(&prints), || Ok(letters), &given(&[0, 1, 2]), &Judged::default(), load).unwrap();
        assert_eq!(found, group(&prints, &given(&[0, 1, 2])));
        assert_eq!(found[1].as_ref().map(|c| c.of), Some(0));
        assert!(found[2].is_none() && !asked.contains(&2), "{asked:?}");
    }

    #[test]
    fn blocks_keep_each_documents_items_together() {
        let mut blocks: Blocks<u32> = Blocks::default();
        let sizes = [300_000, 0, 500_000, 400_000, 1_500_000, 7];
        for (d, &n) in sizes.iter().enumerate() {
            blocks.push(n, (0..n as u32).map(|i| i ^ d as u32));
        }
        assert_eq!(blocks.len(), sizes.len());
        for (d, &n) in sizes.iter().enumerate() {
            let items = blocks.get(d);
            assert_eq!(items.len(), n, "document {d}");
            assert!(items.iter().enumerate().all(|(i, &x)| x == i as u32 ^ d as u32), "document {d}");
        }
        // The first three share a block; a document that does not fit
        // begins the next, one larger than a block has one of its own.
        assert_eq!(blocks.blocks.iter().map(Vec::len).collect::<Vec<_>>(), [800_000, 400_000, 1_500_000, 7]);
        assert!(blocks.get(sizes.len()).is_empty());
    }

    #[test]
    fn copy_keys_held_flat_are_each_fingerprints_keys() {
        let prints: Vec<Fingerprint> = [STORY.to_string(), format!("\"{STORY}\" The appeal raised money."), String::new()]
            .iter()
            .enumerate()
            .map(|(i, t)| fingerprint(&doc(&format!("d{i}"), None, t)))
            .collect();
        let keys = CopyKeys::of(&prints);
        assert_eq!(keys.len(), 3);
        for (d, p) in prints.iter().enumerate() {
            assert_eq!(keys.keys(d).collect::<Vec<_>>(), p.keys().collect::<Vec<_>>(), "document {d}");
        }
        assert!(prints[1].keys().any(|(_, pair)| !pair) && prints[1].keys().any(|(_, pair)| pair));
        // Read from stored bytes, the keys are the same; bytes that no
        // fingerprint makes give none, and so does a document past the end.
        let mut stored = CopyKeys::default();
        for p in &prints {
            stored.push_bytes(&p.to_bytes());
        }
        assert_eq!(stored, keys);
        stored.push_bytes(&[1, 2, 3]);
        assert_eq!((stored.len(), stored.keys(3).count(), stored.keys(9).count()), (4, 0, 0));
    }

    #[test]
    fn known_comparisons_are_not_made_again_and_change_no_copy() {
        let extra = format!("{STORY} A local charity has opened a donation line for the families.");
        let short = STORY.split(". ").take(3).collect::<Vec<_>>().join(". ");
        let mut docs = vec![
            doc("reprint", Some("2024-05-03"), &extra),
            doc("agency", Some("2024-05-02"), STORY),
            doc("excerpt", None, &short),
            doc("other", Some("2024-05-01"), "Voters in the northern province went to the polls on Sunday to choose a new assembly, with turnout reported to be higher than at the last election four years ago, according to the electoral commission."),
        ];
        let prints: Vec<Fingerprint> = docs.iter().map(fingerprint).collect();
        // First run: everything is compared, and the copies found are returned.
        let mut asked = Vec::new();
        let loader = |d: &[usize]| {
            asked.extend_from_slice(d);
            Ok::<_, std::convert::Infallible>(d.iter().map(|&i| prints[i].clone()).collect::<Vec<_>>())
        };
        let (first, made) = group_loading(CopyKeys::of(&prints), || Ok(Letters::of(&prints)), &Ranks::of_documents(&docs), &Judged::default(), loader).unwrap();
        assert_eq!(first, copies(&docs));
        assert!(!asked.is_empty() && !made.copies.is_empty() && made.evidence.len() == 2, "{made:?}");
        // Again with what was made: nothing is loaded (every candidate is a
        // copy), the copies are the same.
        let mut asked = Vec::new();
        let loader = |d: &[usize]| {
            asked.extend_from_slice(d);
            Ok::<_, std::convert::Infallible>(d.iter().map(|&i| prints[i].clone()).collect::<Vec<_>>())
        };
        let (again, none) = group_loading(CopyKeys::of(&prints), || Ok(Letters::of(&prints)), &Ranks::of_documents(&docs), &made, loader).unwrap();
        assert_eq!(again, first);
        assert!(asked.is_empty() && none == Judged::default(), "{asked:?}");
        // A new, earlier copy becomes the original: only pairs with it and
        // the evidence against it are compared, and the copies are those of
        // comparing everything.
        docs.push(doc("wire", Some("2024-04-30"), STORY));
        let prints: Vec<Fingerprint> = docs.iter().map(fingerprint).collect();
        let mut asked = Vec::new();
        let loader = |d: &[usize]| {
            asked.extend_from_slice(d);
            Ok::<_, std::convert::Infallible>(d.iter().map(|&i| prints[i].clone()).collect::<Vec<_>>())
        };
        let (grown, more) = group_loading(CopyKeys::of(&prints), || Ok(Letters::of(&prints)), &Ranks::of_documents(&docs), &made, loader).unwrap();
        assert_eq!(grown, copies(&docs));
        assert_eq!(grown.iter().map(|c| c.as_ref().map(|c| c.of)).collect::<Vec<_>>(), vec![Some(4), Some(4), Some(4), None, None]);
        assert!(more.copies.iter().all(|&(a, b)| a == 4 || b == 4), "{more:?}");
        assert!(more.copies.windows(2).all(|w| w[0] < w[1]), "{more:?}");
        assert!(more.evidence.keys().all(|&(_, o)| o == 4) && more.evidence.len() == 3, "{more:?}");
        assert!(!asked.contains(&3), "{asked:?}");
    }

    /// A store of matched copies in memory, by document id (ids grow in
    /// corpus order, so pairs by place are pairs by id).
    #[derive(Default)]
    struct Memory {
        /// The current documents' ids, in corpus order.
        ids: Vec<u32>,
        prints: HashMap<u32, Fingerprint>,
        postings: HashMap<u64, Vec<u32>>,
        copies: HashSet<(u32, u32)>,
        evidence: HashMap<(u32, u32), CopyEvidence>,
        dirty: HashSet<u32>,
        /// Postings read, to show a change reads few.
        read: usize,
        /// Fingerprints loaded, to show a change compares few.
        loaded: usize,
        /// The first members kept of crowded keys.
        heads: HashMap<u64, Vec<u32>>,
        /// The keys whose postings were read.
        asked: HashSet<u64>,
    }

    impl Memory {
        fn place(&self, id: u32) -> Option<usize> {
            self.ids.binary_search(&id).ok()
        }
        fn ids_of(&self, pairs: &[(usize, usize)]) -> Vec<(u32, u32)> {
            pairs.iter().map(|&(a, b)| (self.ids[a], self.ids[b])).collect()
        }
        fn keep(&mut self, made: &Judged) {
            for &(a, b) in &made.copies {
                self.copies.insert((self.ids[a as usize], self.ids[b as usize]));
            }
            for (&(c, o), e) in &made.evidence {
                self.evidence.insert((self.ids[c], self.ids[o]), e.clone());
            }
            for (k, first) in &made.heads {
                match first.is_empty() {
                    true => self.heads.remove(k),
                    false => self.heads.insert(*k, first.iter().map(|&d| self.ids[d]).collect()),
                };
            }
        }
    }

    impl Matched for Memory {
        type Error = std::convert::Infallible;
        fn members(&mut self, key: u64, limit: Option<usize>) -> Result<(Vec<usize>, usize), Self::Error> {
            let posted = self.postings.get(&key).cloned().unwrap_or_default();
            let posted = &posted[..posted.len().min(limit.unwrap_or(usize::MAX))];
            self.read += posted.len();
            self.asked.insert(key);
            let clean = posted.iter().filter(|d| !self.dirty.contains(d)).filter_map(|&d| self.place(d)).collect();
            Ok((clean, posted.len()))
        }
        fn copies(&mut self, pairs: &[(usize, usize)]) -> Result<Vec<bool>, Self::Error> {
            Ok(self.ids_of(pairs).iter().map(|p| self.copies.contains(p)).collect())
        }
        fn evidence(&mut self, pairs: &[(usize, usize)]) -> Result<Vec<Option<CopyEvidence>>, Self::Error> {
            Ok(self.ids_of(pairs).iter().map(|p| self.evidence.get(p).cloned()).collect())
        }
        fn load(&mut self, docs: &[usize]) -> Result<Vec<Fingerprint>, Self::Error> {
            self.loaded += docs.len();
            Ok(docs.iter().map(|&d| self.prints[&self.ids[d]].clone()).collect())
        }
        fn heads(&mut self, key: u64) -> Result<Option<Vec<usize>>, Self::Error> {
            let Some(first) = self.heads.get(&key) else { return Ok(None) };
            Ok(first.iter().map(|d| self.place(*d).filter(|_| !self.dirty.contains(d))).collect())
        }
    }

    /// A text of the numbered sentences of a small pool (eight content
    /// words each), so that texts share sentences, word pairs and copies.
    fn pooled(sentences: &[u8]) -> String {
        sentences.iter().map(|&s| (0..8).map(|w| format!("q{s:02}z{w:02}")).collect::<Vec<_>>().join(" ") + ". ").collect()
    }

    /// What a corpus change does: a new text (of pool sentences, with a
    /// date of three), a new text copying an existing one with a sentence
    /// more, a changed text, or a removed one.
    #[derive(Debug, Clone)]
    enum Change {
        New(Vec<u8>, u8),
        Copy(usize, u8, u8),
        Edit(usize, Vec<u8>),
        Remove(usize),
    }

    fn change() -> impl Strategy<Value = Change> {
        prop_oneof![
            (prop::collection::vec(0u8..14, 2..8), 0u8..4).prop_map(|(s, d)| Change::New(s, d)),
            (any::<usize>(), 0u8..14, 0u8..4).prop_map(|(i, s, d)| Change::Copy(i, s, d)),
            (any::<usize>(), prop::collection::vec(0u8..14, 2..8)).prop_map(|(i, s)| Change::Edit(i, s)),
            any::<usize>().prop_map(Change::Remove),
        ]
    }

    /// Ranks in which hub order is precedence.
    fn given(rank: &[usize]) -> Ranks {
        Ranks { precedence: rank.to_vec(), hub: rank.to_vec() }
    }

    fn dated(id: u32, date: u8, text: &str) -> Document {
        let published = ["2024-05-01", "2024-05-02", "2024-05-03"].get(date as usize).copied();
        doc(&format!("d{id}"), published, text)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Matching only what changes gives the copies of matching the
        /// whole corpus again, round after round, whatever was compared
        /// before (the pairs skipped as already joined depend on the order).
        #[test]
        fn regrouping_what_changed_gives_the_copies_of_grouping_all(
            start in prop::collection::vec(change(), 10..40),
            rounds in prop::collection::vec(prop::collection::vec(change(), 1..8), 1..5),
        ) {
            let mut docs: Vec<(u32, Document)> = Vec::new();
            let mut next = 0u32;
            let apply = |docs: &mut Vec<(u32, Document)>, next: &mut u32, c: &Change| -> Vec<u32> {
                match c {
                    Change::New(s, d) => docs.push((*next, dated(*next, *d, &pooled(s)))),
                    Change::Copy(i, s, d) if !docs.is_empty() => {
                        let text = format!("{}{}", docs[i % docs.len()].1.text, pooled(&[*s]));
                        docs.push((*next, dated(*next, *d, &text)));
                    }
                    Change::Edit(i, s) if !docs.is_empty() => {
                        let i = i % docs.len();
                        docs[i].1.text = pooled(s);
                        return vec![docs[i].0];
                    }
                    Change::Remove(i) if !docs.is_empty() => {
                        let (id, _) = docs.remove(i % docs.len());
                        return vec![id];
                    }
                    _ => return Vec::new(),
                }
                *next += 1;
                vec![*next - 1]
            };
            for c in &start {
                apply(&mut docs, &mut next, c);
            }
            // Matched from scratch, the postings and comparisons kept.
            let plain: Vec<Document> = docs.iter().map(|d| d.1.clone()).collect();
            let mut memory = Memory { ids: docs.iter().map(|d| d.0).collect(), ..Default::default() };
            let prints: Vec<Fingerprint> = plain.iter().map(fingerprint).collect();
            let load = |d: &[usize]| Ok::<_, std::convert::Infallible>(d.iter().map(|&i| prints[i].clone()).collect::<Vec<_>>());
            let (mut found, made) = group_loading(CopyKeys::of(&prints), || Ok(Letters::of(&prints)), &Ranks::of_documents(&plain), &Judged::default(), load).unwrap();
            memory.keep(&made);
            for (&id, p) in memory.ids.clone().iter().zip(&prints) {
                memory.prints.insert(id, p.clone());
                for (k, _) in p.keys() {
                    memory.postings.entry(k).or_default().push(id);
                }
            }
            for round in &rounds {
                // Copies as ids, from the last match.
                let before: Vec<(u32, Option<(u32, Copy)>)> =
                    docs.iter().zip(&found).map(|(d, c)| (d.0, c.as_ref().map(|c| (docs[c.of].0, c.clone())))).collect();
                let mut touched: HashSet<u32> = HashSet::new();
                let previous: HashMap<u32, Document> = docs.iter().cloned().collect();
                for c in round {
                    touched.extend(apply(&mut docs, &mut next, c));
                }
                let plain: Vec<Document> = docs.iter().map(|d| d.1.clone()).collect();
                memory.ids = docs.iter().map(|d| d.0).collect();
                memory.dirty = touched.clone();
                let mut changes = Changes::default();
                let now: Vec<Precedence> = plain.iter().map(Precedence::of).collect();
                let hub = hubs_of(&now);
                for &id in &touched {
                    if let Some(p) = memory.prints.remove(&id) {
                        // Where it stood, not told for one in three.
                        let before = previous.get(&id).filter(|_| id % 3 != 0).map(|d| hub_among(&now, &hub, &[d.id.as_str()])[0]);
                        changes.gone.push(Gone { keys: p, before });
                    }
                    memory.copies.retain(|&(a, b)| a != id && b != id);
                    memory.evidence.retain(|&(a, b), _| a != id && b != id);
                    if let Some(place) = memory.place(id) {
                        let p = fingerprint(&plain[place]);
                        memory.prints.insert(id, p.clone());
                        changes.dirty.push((place, p));
                    }
                }
                let mut old: Vec<Option<Copy>> = vec![None; docs.len()];
                for (id, c) in before {
                    let Some((of, c)) = c else { continue };
                    match (memory.place(id), memory.place(of)) {
                        (Some(i), Some(o)) => old[i] = Some(Copy { of: o, evidence: c.evidence }),
                        (i, o) => changes.seeds.extend(i.into_iter().chain(o)),
                    }
                }
                memory.read = 0;
                let (again, made) = regroup(&Ranks::of_documents(&plain), &old, &changes, &mut memory).unwrap();
                prop_assert_eq!(&again, &copies(&plain));
                // The postings follow the change.
                memory.keep(&made);
                for list in memory.postings.values_mut() {
                    list.retain(|id| !touched.contains(id));
                }
                for (place, p) in &changes.dirty {
                    for (k, _) in p.keys() {
                        memory.postings.entry(k).or_default().push(docs[*place].0);
                    }
                }
                found = again;
            }
        }
    }

    #[test]
    fn a_new_copy_reads_only_the_buckets_it_is_in() {
        // Forty unrelated texts, then a copy of one: its keys' buckets are
        // read, not the corpus's.
        let mut memory = Memory::default();
        let mut docs: Vec<Document> = (0..40)
            .map(|i| {
                let body: String = (0..40).map(|k| format!("r{i:02}s{k:02} ")).collect();
                dated(i, 1, &format!("Harbour officials counted {body}."))
            })
            .collect();
        let prints: Vec<Fingerprint> = docs.iter().map(fingerprint).collect();
        for (i, p) in prints.iter().enumerate() {
            memory.ids.push(i as u32);
            memory.prints.insert(i as u32, p.clone());
            for (k, _) in p.keys() {
                memory.postings.entry(k).or_default().push(i as u32);
            }
        }
        let old = group(&prints, &Ranks::of_documents(&docs));
        assert_eq!(old, vec![None; 40]);
        docs.push(dated(40, 0, &docs[7].text.clone()));
        let p = fingerprint(&docs[40]);
        memory.ids.push(40);
        memory.prints.insert(40, p.clone());
        memory.dirty.insert(40);
        let mut old = old;
        old.push(None);
        let changes = Changes { dirty: vec![(40, p)], ..Default::default() };
        let (again, made) = regroup(&Ranks::of_documents(&docs), &old, &changes, &mut memory).unwrap();
        assert_eq!(again, copies(&docs));
        // Document 7 copies the new, earlier one.
        assert_eq!(again[7].as_ref().map(|c| c.of), Some(40));
        assert_eq!(made.copies, vec![(7, 40)]);
        assert!(memory.read <= prints[7].keys().count(), "{} postings read", memory.read);
    }

    #[test]
    fn a_pair_pushed_out_of_a_crowded_key_splits_its_group() {
        // Two identical texts meet under one sentence only; two unrelated
        // texts of higher precedence under that sentence push the pair out
        // of the key's first members: from scratch they are no copies.
        let print = |w: u32| Fingerprint { words: (0..40).map(|i| w * 100 + i).collect(), sentences: vec![7], ..Default::default() };
        let first = vec![print(1), print(1)];
        let mut memory = Memory { ids: vec![0, 1], ..Default::default() };
        for (i, p) in first.iter().enumerate() {
            memory.prints.insert(i as u32, p.clone());
            memory.postings.entry(7).or_default().push(i as u32);
        }
        let old = group(&first, &given(&[0, 1]));
        assert_eq!(old[1].as_ref().map(|c| c.of), Some(0));
        let all = vec![print(1), print(1), print(2), print(3)];
        let rank = [2, 3, 0, 1];
        memory.ids = vec![0, 1, 2, 3];
        let mut changes = Changes::default();
        for d in [2, 3] {
            memory.prints.insert(d as u32, all[d].clone());
            memory.dirty.insert(d as u32);
            changes.dirty.push((d, all[d].clone()));
        }
        let (again, _) = regroup(&given(&rank), &[old[0].clone(), old[1].clone(), None, None], &changes, &mut memory).unwrap();
        assert_eq!(again, group(&all, &given(&rank)));
        assert_eq!(again, vec![None; 4]);
    }

    #[test]
    fn a_removed_first_member_makes_the_next_ones_candidates() {
        // Four texts under one sentence: the last two (identical) are no
        // candidates while the first is there; once it is removed they are,
        // and copies, though neither changed.
        let print = |w: u32| Fingerprint { words: (0..40).map(|i| w * 100 + i).collect(), sentences: vec![7], ..Default::default() };
        let first = vec![print(1), print(2), print(3), print(3)];
        let rank = [0, 1, 2, 3];
        let mut memory = Memory { ids: vec![0, 1, 2, 3], ..Default::default() };
        for (i, p) in first.iter().enumerate() {
            memory.prints.insert(i as u32, p.clone());
            memory.postings.entry(7).or_default().push(i as u32);
        }
        let old = group(&first, &given(&rank));
        assert_eq!(old, vec![None; 4]);
        // Document 0 is removed: the others are places 0 to 2.
        memory.ids = vec![1, 2, 3];
        memory.dirty.insert(0);
        // Told where it stood (before all) or not, the pair that moves up
        // is compared.
        for before in [Some(0), None] {
            let changes = Changes { gone: vec![Gone { keys: print(1), before }], ..Default::default() };
            let (again, _) = regroup(&given(&[0, 1, 2]), &old[1..], &changes, &mut memory).unwrap();
            assert_eq!(again, group(&first[1..], &given(&[0, 1, 2])));
            assert_eq!(again[2].as_ref().map(|c| c.of), Some(1));
        }
    }

    #[test]
    fn a_crowded_key_is_joined_through_its_first_members_without_reading_the_others() {
        // Thirty texts closing on one sentence, then a late one (in hub
        // order), an early one (before the first members: all are read) and
        // the removal of a first member: the copies are those of grouping
        // all, and a late joiner reads no posting of the crowded key.
        let text = |i: u32| pooled(&[(i % 5) as u8]) + &format!("Filed under r{i:03}x. ") + &pooled(&[13]);
        let mut docs: Vec<(u32, Document)> = (0..30).map(|i| (i, dated(i, 1 + (i % 2) as u8, &text(i)))).collect();
        let plain = |docs: &[(u32, Document)]| docs.iter().map(|d| d.1.clone()).collect::<Vec<_>>();
        let prints: Vec<Fingerprint> = plain(&docs).iter().map(fingerprint).collect();
        let mut memory = Memory { ids: (0..30).collect(), ..Default::default() };
        let load = |d: &[usize]| Ok::<_, std::convert::Infallible>(d.iter().map(|&i| prints[i].clone()).collect::<Vec<_>>());
        let (found, made) = group_loading(CopyKeys::of(&prints), || Ok(Letters::of(&prints)), &Ranks::of_documents(&plain(&docs)), &Judged::default(), load).unwrap();
        let crowded: Vec<u64> = made.heads.iter().map(|h| h.0).collect();
        assert_eq!(crowded.len(), 1, "the shared sentence is crowded");
        memory.keep(&made);
        for (i, p) in prints.iter().enumerate() {
            memory.prints.insert(i as u32, p.clone());
            for (k, _) in p.keys() {
                memory.postings.entry(k).or_default().push(i as u32);
            }
        }
        let mut old = found;
        // Ids that come after the first two in hub order, and before them.
        let key = |id: u32| crate::text::hash_str(&format!("d{id}"));
        let mut firsts: Vec<u64> = (0..30).map(key).collect();
        firsts.sort_unstable();
        let late = (30..).find(|&i| key(i) > firsts[1]).unwrap();
        let early = (30..).find(|&i| key(i) < firsts[0]).unwrap();
        for (id, date, first) in [(late, 2u8, false), (early, 0, true)] {
            let place = docs.len();
            docs.push((id, dated(id, date, &text(id))));
            let all = plain(&docs);
            let p = fingerprint(&all[place]);
            memory.ids.push(id);
            memory.prints.insert(id, p.clone());
            memory.dirty = HashSet::from([id]);
            memory.asked.clear();
            old.push(None);
            let changes = Changes { dirty: vec![(place, p.clone())], ..Default::default() };
            let (again, made) = regroup(&Ranks::of_documents(&all), &old, &changes, &mut memory).unwrap();
            assert_eq!(again, copies(&all), "d{id}");
            // Read only when the new one comes first.
            assert_eq!(memory.asked.contains(&crowded[0]), first, "d{id}");
            memory.keep(&made);
            for (k, _) in p.keys() {
                memory.postings.entry(k).or_default().push(id);
            }
            old = again;
        }
        // The early one (place 31, the first member now and the earliest
        // by date) goes.
        let all = plain(&docs);
        let gone = memory.prints.remove(&early).unwrap();
        let now: Vec<Precedence> = all[..31].iter().map(Precedence::of).collect();
        let before = Some(hub_among(&now, &hubs_of(&now), &[all[31].id.as_str()])[0]);
        docs.pop();
        memory.ids.pop();
        memory.dirty = HashSet::from([early]);
        old.pop();
        // Its copies lost their original: their group is matched again.
        let mut seeds = Vec::new();
        for (i, c) in old.iter_mut().enumerate() {
            if c.as_ref().is_some_and(|c| c.of == 31) {
                *c = None;
                seeds.push(i);
            }
        }
        assert!(!seeds.is_empty());
        let changes = Changes { gone: vec![Gone { keys: gone, before }], seeds, ..Default::default() };
        let (again, _) = regroup(&Ranks::of_documents(&plain(&docs)), &old, &changes, &mut memory).unwrap();
        assert_eq!(again, copies(&plain(&docs)));
    }

    #[test]
    fn a_removed_last_member_compares_no_pair_again_when_told_where_it_stood() {
        // Five texts under one sentence, the last removed: no document
        // moves up to the first members, so no pair is new (told where it
        // stood); not told, every pair of the key is compared again.
        let print = |w: u32| Fingerprint { words: (0..40).map(|i| w * 100 + i).collect(), sentences: vec![7], ..Default::default() };
        let first: Vec<Fingerprint> = (1..=5).map(print).collect();
        let mut memory = Memory { ids: vec![0, 1, 2, 3, 4], ..Default::default() };
        for (i, p) in first.iter().enumerate() {
            memory.prints.insert(i as u32, p.clone());
            memory.postings.entry(7).or_default().push(i as u32);
        }
        let old = group(&first, &given(&[0, 1, 2, 3, 4]));
        memory.ids = vec![0, 1, 2, 3];
        memory.dirty.insert(4);
        for (before, loaded) in [(Some(4), 0), (None, 4)] {
            memory.loaded = 0;
            let changes = Changes { gone: vec![Gone { keys: print(5), before }], ..Default::default() };
            let (again, _) = regroup(&given(&[0, 1, 2, 3]), &old[..4], &changes, &mut memory).unwrap();
            assert_eq!(again, group(&first[..4], &given(&[0, 1, 2, 3])));
            assert_eq!(memory.loaded, loaded, "{before:?}");
        }
    }

    #[test]
    fn a_document_gone_is_placed_among_the_others_in_hub_order() {
        let docs = [doc("b", Some("2024-05-02"), "x"), doc("a", Some("2024-05-01"), "x"), doc("c", None, "x")];
        let now: Vec<Precedence> = docs.iter().map(Precedence::of).collect();
        let hub = hubs_of(&now);
        let gone = ["d", "e", "b", "zz"];
        let placed = hub_among(&now, &hub, &gone);
        for (id, at) in gone.iter().zip(placed) {
            let key = (crate::text::hash_str(id), *id);
            // Every current document before it has a smaller key, every one
            // from it on a larger one (or its own id: a document replaced).
            for (d, &h) in now.iter().zip(&hub) {
                let theirs = (crate::text::hash_str(d.id), d.id);
                assert_eq!(h < at, theirs < key, "{id} against {}", d.id);
            }
        }
        assert_eq!(hub_among(&now, &hub, &["b"])[0], hub[0], "a document replaced stands just before its new version");
    }
}
