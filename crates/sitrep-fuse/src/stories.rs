//! Stories: documents clustered by the developing situation they follow.
//!
//! A story is a deployment, a disaster or a protest movement followed for
//! weeks or months, not one day's event, and many documents carry no date;
//! so documents are compared by what they name. Each document gets a
//! [`Profile`]: its named entities and its rarer words, each weighed by how
//! often the document uses it (log-scaled, the title counting double) and by
//! how rare the word is in English ([`sitrep_lang::frequency`]: a fixed
//! table, so a document's profile never depends on the rest of the corpus),
//! cut to the [`PROFILE_TERMS`] heaviest and scaled to unit length.
//!
//! Two documents are linked when the cosine of their profiles reaches
//! [`LINK`] (twice that when both are dated more than [`FAR_DAYS`] apart)
//! and, when each names at least [`NAMED`] things, they share a name (a
//! place, person or organisation: two floods in different countries share
//! their words, not their towns), and a story is a connected group of linked documents, with copies in
//! their original's story. Links are a function of the two documents alone,
//! so the stories do not depend on the order documents arrive in, and a new
//! document only adds links. Candidate pairs come from an index of each
//! document's [`BLOCKING_TERMS`] heaviest terms, a bounded number per
//! document ([`cluster_corpus`]), so clustering grows linearly with the
//! corpus.
//!
//! A document in another language shares neither words nor spellings with
//! English ones, so its profile is the countries, places and leaders it
//! names (`sitrep_lang::names::names_in`: "Selenskyj", "Зеленский",
//! "젤렌스키"), under the English names English documents' entities have.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

use rayon::prelude::*;

use sitrep_core::Document;

use crate::text::{day_range, fold, hash_str, mix, singular};

/// Terms kept in a profile.
pub const PROFILE_TERMS: usize = 64;
/// Terms of a profile that find candidate documents.
pub const BLOCKING_TERMS: usize = 16;
/// Cosine at which two documents tell the same story.
pub const LINK: f32 = 0.22;
/// The share of the cosine bar two documents must reach without their one
/// strongest shared term, when that term is widespread.
pub const BEYOND_TOP: f32 = 0.5;
/// Documents a term is in before it is widespread.
pub const WIDESPREAD_DOCS: usize = 50;
/// Names each of two documents must carry before they must share one to be
/// linked: a short item naming one or two things may tell its story in
/// words alone ("Pyongyang" beside "North Korea").
pub const NAMED: usize = 4;
/// Documents dated further apart than this need twice the cosine.
pub const FAR_DAYS: i64 = 270;
/// Blocking lists of at most this many documents pair every two of them.
pub const FULL_BLOCK: usize = 64;
/// A longer blocking list is cut into bins of at most about twice this
/// many documents each on average (see [`cluster_corpus`]), every two of a
/// bin paired.
pub const BIN: usize = 16;
/// Words more frequent than this rank are too common to tell stories apart.
const COMMON_RANK: u32 = 1_500;
/// Rank given to words the frequency table does not know (names, rare words).
const UNKNOWN_RANK: f32 = 60_000.0;
/// Scale of ranks in the weight `ln(1 + rank / RANK_SCALE)`.
const RANK_SCALE: f32 = 100.0;

/// What a document is about: weighed terms, unit length, sorted by term,
/// each term once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    pub terms: Vec<(String, f32)>,
}

/// The terms two weighed term lists sorted by term share, in term order,
/// each with its weight in `a` and in `b`.
fn merged<'a, T: Ord>(a: &'a [(T, f32)], b: &'a [(T, f32)]) -> impl Iterator<Item = (&'a T, f32, f32)> {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let shared = (&a[i].0, a[i].1, b[j].1);
                    i += 1;
                    j += 1;
                    return Some(shared);
                }
            }
        }
        None
    })
}

impl Profile {
    /// The cosine of two profiles.
    pub fn cosine(&self, other: &Profile) -> f32 {
        merged(&self.terms, &other.terms).fold(0.0, |sum, (_, x, y)| sum + x * y)
    }

    /// The profile's names (its "@" terms, weights unchanged, in order):
    /// all of it that [`label`] reads, so a story's label from these is
    /// the label from the whole profiles. A store keeps them apart (a tenth
    /// of a profile's bytes) for the stories it fuses.
    pub fn names(&self) -> Profile {
        Profile { terms: self.terms.iter().filter(|(t, _)| is_name(t)).cloned().collect() }
    }
}

/// Whether a profile term is a name (an entity's, "@" and its folded name).
fn is_name(term: &str) -> bool {
    term.starts_with('@')
}

/// How much a word tells: `ln(1 + rank / RANK_SCALE)`, rarer is heavier.
fn rarity(word: &str) -> f32 {
    let rank = sitrep_lang::frequency::rank(word).map_or(UNKNOWN_RANK, |r| r as f32);
    (1.0 + rank / RANK_SCALE).ln()
}

/// The profile of one document.
pub fn profile(doc: &Document) -> Profile {
    profile_apart(doc, doc)
}

/// The profile of a document whose metadata (`meta`: its title and
/// language) and body (`body`: its entities and text) are held apart.
pub fn profile_apart(meta: &Document, body: &Document) -> Profile {
    let doc = body;
    let mut counts: foldhash::HashMap<String, (f32, f32)> = foldhash::HashMap::default();
    let mut add = |term: String, weight: f32, n: f32| {
        let e = counts.entry(term).or_insert((weight, 0.0));
        e.1 += n;
    };
    let name_weight = |key: &str| key.split_whitespace().map(rarity).fold(0.0, f32::max);
    let title = meta.title.as_deref().unwrap_or("");
    if meta.language.as_deref().is_some_and(|l| l != "en") {
        // Another language: its words and its spellings of names share
        // nothing with English documents, so it is known by the countries,
        // places and leaders it names, under their English names.
        for (text, n) in [(title, 2.0), (doc.text.as_str(), 1.0)] {
            for (english, count) in sitrep_lang::names::names_in(text) {
                add(format!("@{english}"), name_weight(english), n * count as f32);
            }
        }
        return unit_profile(counts);
    }
    for e in &doc.entities {
        let key = fold(&e.name);
        let weight = name_weight(&key);
        if weight > 0.0 {
            add(format!("@{key}"), weight, e.mentions.len().max(1) as f32);
        }
    }
    // The term each word gave, or none (a common word): a word met again
    // is counted without being folded and looked up again.
    let mut terms: foldhash::HashMap<&str, Option<String>> = foldhash::HashMap::default();
    for (text, n) in [(title, 2.0), (doc.text.as_str(), 1.0)] {
        for w in text.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().count() >= 3) {
            if w.chars().next().is_some_and(char::is_uppercase) {
                continue; // names come from the entities
            }
            if let Some(term) = terms.get(w) {
                if let Some(count) = term.as_deref().and_then(|t| counts.get_mut(t)) {
                    count.1 += n;
                }
                continue;
            }
            let lower = singular(&w.to_lowercase());
            if sitrep_lang::frequency::rank(&lower).is_some_and(|r| r < COMMON_RANK) {
                terms.insert(w, None);
                continue;
            }
            let weight = rarity(&lower);
            terms.insert(w, Some(lower.clone()));
            counts.entry(lower).or_insert((weight, 0.0)).1 += n;
        }
    }
    unit_profile(counts)
}

/// The profile of weighed term counts: `(1 + ln count) × weight`, the
/// heaviest [`PROFILE_TERMS`], unit length.
fn unit_profile(counts: foldhash::HashMap<String, (f32, f32)>) -> Profile {
    let mut terms: Vec<(String, f32)> = counts.into_iter().map(|(t, (w, n))| (t, (1.0 + n.ln()) * w)).collect();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    terms.truncate(PROFILE_TERMS);
    let norm = terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for t in &mut terms {
            t.1 /= norm;
        }
    }
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    Profile { terms }
}

/// Whether two documents tell the same story. `widespread` says whether a
/// term is found in many documents of the corpus (more than
/// [`WIDESPREAD_DOCS`]): when the term the two documents share most is one
/// (a spokesman quoted on many stories, an agency), they must also share
/// enough besides it. Documents that each name [`NAMED`] things or more and
/// share none of them are not linked; documents that share no name are
/// linked by words only when the words they share that are not `spread`
/// (found across much of the corpus: a kind of event's vocabulary, which
/// every flood or drought story uses) make [`BEYOND_TOP`] of the cosine
/// bar. Here a term is spread when it is widespread.
pub fn linked(a: &Profile, a_date: Option<&str>, b: &Profile, b_date: Option<&str>, widespread: &dyn Fn(&str) -> bool) -> bool {
    let day = |d: Option<&str>| d.and_then(day_range).map(|r| r.0);
    let is_name = |t: &String| t.starts_with('@');
    let terms = Terms { widespread: |t: &String| widespread(t), spread: |t: &String| widespread(t), is_name };
    let names = |p: &Profile| p.terms.iter().filter(|(t, _)| is_name(t)).count();
    link(merged(&a.terms, &b.terms), (names(a), names(b)), far_apart(day(a_date), day(b_date)), &terms)
}

/// What [`link`] asks of a term: whether it is widespread (in more than
/// [`WIDESPREAD_DOCS`] documents), spread (across more of the corpus than
/// a story plausibly has: [`spread_limit`]), and a name.
struct Terms<W, S, N> {
    widespread: W,
    spread: S,
    is_name: N,
}

/// Whether two documents dated to these first days are further apart than
/// [`FAR_DAYS`].
fn far_apart(a_day: Option<i64>, b_day: Option<i64>) -> bool {
    match (a_day, b_day) {
        (Some(x), Some(y)) => (x - y).abs() > FAR_DAYS,
        _ => false,
    }
}

/// [`linked`] over the terms two documents share (`shared`: in term
/// order, each with its weight in the first document and in the second),
/// the names each document carries, and whether they are dated
/// [`far_apart`]; `terms` tells what each term is. Every sum is taken in
/// term order, so the terms' type and how the shared terms were found
/// (a merge of two sorted lists, or a look-up) do not change the result.
fn link<'a, T: 'a>(
    shared: impl Iterator<Item = (&'a T, f32, f32)>,
    names: (usize, usize),
    far: bool,
    terms: &Terms<impl Fn(&T) -> bool, impl Fn(&T) -> bool, impl Fn(&T) -> bool>,
) -> bool {
    let Terms { widespread, spread, is_name } = terms;
    let bar = if far { 2.0 * LINK } else { LINK };
    // The cosine, the shared term that adds most to it (the first such
    // term) with what it adds, whether a name is shared, and what the
    // shared terms that are not spread add.
    let (mut cosine, mut top, mut most, mut named, mut unspread) = (0.0f32, None, 0.0f32, false, 0.0f32);
    for (t, x, y) in shared {
        let product = x * y;
        cosine += product;
        if product > most {
            (most, top) = (product, Some(t));
        }
        named = named || is_name(t);
        if !spread(t) {
            unspread += product;
        }
    }
    if cosine < bar || (!named && names.0 >= NAMED && names.1 >= NAMED) {
        return false;
    }
    if !named && unspread < BEYOND_TOP * bar {
        return false;
    }
    cosine - most >= BEYOND_TOP * bar || !top.is_some_and(widespread)
}

/// What clustering needs to know of one document: its id, its date and
/// its profile. A pure function of the document ([`member`]), small enough
/// to store beside it, so a store can cluster without reading documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Member {
    pub id: String,
    pub published: Option<String>,
    pub profile: Profile,
}

/// The clustering input of one document.
pub fn member(doc: &Document) -> Member {
    Member { id: doc.id.clone(), published: doc.published.clone(), profile: profile(doc) }
}

impl Profile {
    /// The profile as bytes to store: per term its length (u16), its bytes
    /// and its weight (f32), little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.terms.iter().map(|(t, _)| t.len() + 6).sum());
        for (t, w) in &self.terms {
            let len = t.len().min(u16::MAX as usize);
            out.extend_from_slice(&(len as u16).to_le_bytes());
            out.extend_from_slice(&t.as_bytes()[..len]);
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// A profile [`Profile::to_bytes`] wrote; `None` for bytes it cannot
    /// have written.
    pub fn from_bytes(bytes: &[u8]) -> Option<Profile> {
        Some(Profile { terms: profile_terms(bytes)?.into_iter().map(|(t, w)| (t.to_string(), w)).collect() })
    }
}

/// The stories of a corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stories {
    /// The documents of each story (indices into the corpus), in corpus order;
    /// stories largest first.
    pub members: Vec<Vec<usize>>,
    /// The story of each document.
    pub of_doc: Vec<usize>,
}

/// Documents a term may be in before it counts for less: a name in more
/// documents than a story of the corpus plausibly has (a relief society, a
/// weather office, a news agency) says little about which story a document
/// tells.
/// The corpus's size is taken by the doubling it is in ([`stepped`]), so
/// the limit moves only when the corpus doubles.
fn spread_limit(n: usize) -> f32 {
    (stepped(n) as f32 / SPREAD_SHARE).max(MIN_SPREAD)
}

/// A count by the doubling it is in: the largest power of two not above
/// it (0 for 0). The corpus statistics clustering reads are taken so, so
/// a new document changes them only when a count reaches its next power
/// of two, and a stored clustering knows which documents' links can have
/// moved ([`Known`]).
fn stepped(n: usize) -> usize {
    if n == 0 {
        0
    } else {
        1 << (usize::BITS - 1 - n.leading_zeros())
    }
}
/// The share of a corpus (1 / this) a term may be in before it is discounted.
const SPREAD_SHARE: f32 = 50.0;
/// A term in fewer documents than this is never discounted.
const MIN_SPREAD: f32 = 50.0;

/// The founding document of a story: the earliest published (undated
/// last), then the smallest id; as `(published or "~", id)`.
pub fn founder<'a>(members: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> (String, String) {
    members.into_iter().map(|(id, published)| (published.unwrap_or("~").to_string(), id.to_string())).min().unwrap_or_default()
}

/// A story's stable id, from its founding document's id.
pub fn story_id(founder_id: &str) -> String {
    format!("s{:012x}", hash_str(founder_id) >> 16)
}

/// Cluster documents into stories: [`cluster_corpus`] over their
/// [`Member`]s.
pub fn cluster(members: &[Member], duplicate_of: &[Option<usize>]) -> Stories {
    let mut corpus = CorpusBuilder::default();
    for m in members {
        corpus.push(&m.id, m.published.as_deref(), &m.profile);
    }
    cluster_corpus(corpus.finish(), copy_pairs(duplicate_of))
}

/// The `(copy, original)` pairs of a list of each document's original.
pub fn copy_pairs(duplicate_of: &[Option<usize>]) -> impl Iterator<Item = (usize, usize)> + '_ {
    duplicate_of.iter().enumerate().filter_map(|(d, o)| Some((d, (*o)?)))
}

/// Cluster a corpus into stories, largest first (then by founder). A copy
/// (each `(copy, original)` of `copies`, from [`crate::dedup::group`] over
/// the same documents: [`copy_pairs`]) is in its original's story: copies are joined first, so the
/// links are sought among far fewer groups.
///
/// The stories are the connected groups of linked documents among the
/// candidate pairs, whatever order the pairs are tried in; each candidate
/// pair is tried at most once from each side, and not at all once its
/// documents are in one group already. Candidates share one of their
/// [`BLOCKING_TERMS`] heaviest terms: under a term of at most
/// [`FULL_BLOCK`] documents every two are candidates; a longer list is cut
/// into [`bins`] by a hash of each document's id and the term
/// ([`bin_of`]), and every two of a bin are candidates. A document thus
/// has a bounded number of candidates, and the work grows linearly with
/// the corpus, while a story of any size stays joined: its documents
/// share several names, each cutting the story into other bins.
///
/// Since the groups do not depend on the order the pairs are tried in,
/// the documents' candidates are tried on every core at once, joining
/// groups in one shared [`Groups`].
pub fn cluster_corpus(corpus: Corpus, copies: impl IntoIterator<Item = (usize, usize)>) -> Stories {
    cluster_known(corpus, copies, None).stories
}

/// A clustering of a corpus, with what a later one needs to continue it
/// ([`Known`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clustered {
    /// The stories.
    pub stories: Stories,
    /// The [`spread_limit`] it was made under (the corpus's doubling).
    pub limit: f32,
    /// Each term's [`term_state`] that is not 0, by the term's hash, in
    /// hash order.
    pub terms: Vec<(u64, u32)>,
    /// Each document's clustering input hashed ([`Corpus::input`]).
    pub inputs: Vec<u64>,
    /// The documents whose candidates were tried: every one when the
    /// corpus was clustered whole, else those whose links can have moved
    /// and those of a story that lost a document or a link.
    pub tried: usize,
}

/// A clustering made before ([`Clustered`]), as [`cluster_known`]
/// continues it.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// The [`spread_limit`] it was made under.
    pub limit: f32,
    /// Its terms' states that were not 0, by the term's hash.
    pub terms: HashMap<u64, u32>,
    /// Per document of the corpus now, its story then (a place in
    /// `sizes`), when it was there with the same input and the same
    /// original (its copy pair); `None` for one new or changed.
    pub story_of: Vec<Option<u32>>,
    /// How many documents each story then had.
    pub sizes: Vec<u32>,
}

/// What of a term a link between two documents that have it depends on,
/// besides the two documents: its discount ([`discount_of`]), whether it is
/// widespread and spread, and the [`bins`] its blocking list (`listed`
/// documents) is cut into. 0 for a term in few documents, as most are. A
/// term whose state is as it was changes no link between documents that
/// were there before.
fn term_state(df: u32, listed: usize, limit: f32) -> u32 {
    let discounted = if discount_of(limit, df) < 1.0 { stepped(df as usize).trailing_zeros() + 1 } else { 0 };
    let widespread = u32::from(df as usize > WIDESPREAD_DOCS);
    let spread = u32::from(df as f32 > limit);
    let bins = match bins(listed) {
        0 => 0,
        b => b.trailing_zeros() + 1,
    };
    discounted | widespread << 8 | spread << 9 | bins << 10
}

/// [`cluster_corpus`], continuing `known` when it was made under the same
/// [`spread_limit`]: the result is the same as a clustering of the whole
/// corpus (the stories depend on the documents alone), but only some
/// documents' candidates are tried. A document is *changed* when it is
/// new or its input or original changed, or one of its terms'
/// [`term_state`] moved (which changes its weights or what its links
/// ask); a link between two documents neither of which changed is as it
/// was. So a story then that kept every document unchanged is joined as
/// a whole; one that lost or changed one is joined again from the links
/// among its unchanged documents, their candidates among them tried; and
/// every changed document tries all its candidates (its whole list or
/// bin, before and after it).
pub fn cluster_known(mut corpus: Corpus, copies: impl IntoIterator<Item = (usize, usize)>, known: Option<&Known>) -> Clustered {
    let n = corpus.len();
    let groups = Groups::new(n);
    for (d, o) in copies {
        if d < n && o < n {
            groups.union(d as u32, o as u32);
        }
    }
    // In how many documents each term is.
    let mut df = vec![0u32; corpus.terms];
    for &t in &corpus.term_of {
        df[t as usize] += 1;
    }
    discount(&mut corpus, &df);
    // The inputs' hashes go to the result as they are: clustering reads none.
    let inputs = std::mem::take(&mut corpus.input);
    let corpus = &corpus;
    let names = corpus.names.clone();
    let limit = spread_limit(n);
    let kinds = Terms {
        widespread: |t: &u32| df[*t as usize] as usize > WIDESPREAD_DOCS,
        spread: |t: &u32| df[*t as usize] as f32 > limit,
        is_name: |t: &u32| names.contains(t),
    };
    let blocking = Blocking::new(corpus);
    let states: Vec<u32> = df.iter().zip(blocking.lengths()).map(|(&df, listed)| term_state(df, listed, limit)).collect();
    let known = known.filter(|k| k.limit.to_bits() == limit.to_bits() && k.story_of.len() == n);
    // What each document's candidates are when the clustering continues a
    // known one: whether it changed, and, for one that did not, whether
    // its story then is joined again.
    let plan = known.map(|k| {
        let moved: Vec<bool> = states.par_iter().zip(&corpus.term_hash).map(|(s, h)| *s != k.terms.get(h).copied().unwrap_or(0)).collect();
        let changed: Vec<bool> = (0..n).into_par_iter().map(|d| k.story_of[d].is_none() || corpus.profile(d).0.iter().any(|t| moved[*t as usize])).collect();
        let mut kept = vec![0u32; k.sizes.len()];
        for (d, s) in k.story_of.iter().enumerate() {
            if let (Some(s), false) = (s, changed[d]) {
                kept[*s as usize] += 1;
            }
        }
        let broken: Vec<bool> = kept.iter().zip(&k.sizes).map(|(kept, size)| kept < size).collect();
        Plan { known: k, changed, broken }
    });
    // The documents whose candidates are tried, and the stories then
    // joined whole.
    let todo: Vec<u32> = match &plan {
        Some(Plan { known: k, changed, broken }) => {
            let mut last: Vec<u32> = vec![u32::MAX; k.sizes.len()];
            let mut todo = Vec::new();
            for d in 0..n {
                match k.story_of[d] {
                    Some(s) if !changed[d] && !broken[s as usize] => {
                        let l = &mut last[s as usize];
                        if *l != u32::MAX {
                            groups.union(*l, d as u32);
                        }
                        *l = d as u32;
                    }
                    _ => todo.push(d as u32),
                }
            }
            todo
        }
        None => (0..n as u32).collect(),
    };
    // Each document's first day (or none) and how many names it carries, side by side: read together.
    let about: Vec<(i32, u32)> = (0..n)
        .into_par_iter()
        .map(|d| {
            let day = corpus.published(d).and_then(day_range).and_then(|r| i32::try_from(r.0).ok()).unwrap_or(NO_DAY);
            (day, corpus.profile(d).0.iter().filter(|t| (kinds.is_name)(t)).count() as u32)
        })
        .collect();
    let day = |d: usize| Some(about[d].0).filter(|&x| x != NO_DAY).map(i64::from);
    let next = AtomicUsize::new(0);
    let work = |_| {
        // The last document each document was tried with.
        let mut tried: Vec<u32> = vec![u32::MAX; n];
        // The place (plus one) of each term in the profile of the document
        // whose candidates are tried, 0 for the terms it lacks: the terms it
        // shares with a candidate are looked up, in the candidate's term order.
        let mut at: Vec<u32> = vec![0; df.len()];
        let mut cands: Vec<u32> = Vec::new();
        loop {
            let first = next.fetch_add(TRIED_AT_ONCE, Ordering::Relaxed);
            if first >= todo.len() {
                break;
            }
            for &a in &todo[first..(first + TRIED_AT_ONCE).min(todo.len())] {
                let a = a as usize;
                let (ta, wa) = corpus.profile(a);
                for (i, t) in ta.iter().enumerate() {
                    at[*t as usize] = i as u32 + 1;
                }
                // The candidates not tried yet, then those in another
                // group; each step reads its documents' memory in one
                // pass, so the reads overlap rather than wait in turn.
                // A changed document meets its whole list or bin; an
                // unchanged one of a story joined again, the unchanged
                // documents of that story after it; any other, the
                // documents after it.
                cands.clear();
                let changed = plan.as_ref().map(|p| p.changed[a]);
                for slot in 0..BLOCKING_TERMS {
                    let others = match changed {
                        Some(true) => blocking.group(a, slot).0,
                        _ => blocking.candidates(a, slot),
                    };
                    for &b in others {
                        if b as usize != a && tried[b as usize] != a as u32 {
                            tried[b as usize] = a as u32;
                            cands.push(b);
                        }
                    }
                }
                if let (Some(false), Some(p)) = (changed, &plan) {
                    let story = p.known.story_of[a];
                    cands.retain(|&b| !p.changed[b as usize] && p.known.story_of[b as usize] == story);
                }
                let root = groups.find(a as u32);
                cands.retain(|&b| groups.find(b) != root);
                std::hint::black_box(cands.iter().fold(0, |sum, &b| sum ^ corpus.touch(b as usize) ^ about[b as usize].1));
                for &b in &cands {
                    if groups.find(a as u32) == groups.find(b) {
                        continue;
                    }
                    let (tb, wb) = corpus.profile(b as usize);
                    // Two documents that each name enough things and share
                    // no name are not linked ([`link`]): their names (one
                    // run of the sorted term numbers) tell, without the rest.
                    if about[a].1 as usize >= NAMED && about[b as usize].1 as usize >= NAMED {
                        let run = tb.partition_point(|t| *t < names.start)..tb.partition_point(|t| *t < names.end);
                        if tb[run].iter().all(|t| at[*t as usize] == 0) {
                            continue;
                        }
                    }
                    let shared = tb.iter().zip(wb).filter_map(|(t, y)| match at[*t as usize] {
                        0 => None,
                        i => Some((t, weight(wa[i as usize - 1]), weight(*y))),
                    });
                    let b = b as usize;
                    if link(shared, (about[a].1 as usize, about[b].1 as usize), far_apart(day(a), day(b)), &kinds) {
                        groups.union(a as u32, b as u32);
                    }
                }
                for t in ta {
                    at[*t as usize] = 0;
                }
            }
        }
    };
    (0..rayon::current_num_threads()).into_par_iter().for_each(work);
    drop(blocking);
    let mut terms: Vec<(u64, u32)> = states.iter().zip(&corpus.term_hash).filter(|(s, _)| **s != 0).map(|(s, h)| (*h, *s)).collect();
    terms.sort_unstable();
    let stories = stories_of(corpus, &groups);
    Clustered { stories, limit, terms, inputs, tried: todo.len() }
}

/// How [`cluster_known`] continues a known clustering: which documents
/// changed, and which of its stories lost or changed one (joined again
/// from their links, not whole).
struct Plan<'k> {
    known: &'k Known,
    changed: Vec<bool>,
    broken: Vec<bool>,
}

/// Documents a worker takes at once from those whose candidates are left
/// to try.
const TRIED_AT_ONCE: usize = 256;

/// The day of an undated document in [`cluster_corpus`].
const NO_DAY: i32 = i32::MIN;

/// The stories of the groups of a corpus's documents: each group's
/// documents in corpus order, the groups largest first, then by founder
/// (then by their first document).
fn stories_of(corpus: &Corpus, groups: &Groups) -> Stories {
    let n = corpus.len();
    // A group's root is its first document, so the groups are numbered in
    // the order of their first documents.
    let mut number = vec![u32::MAX; n];
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut of_doc = vec![0; n];
    for d in 0..n {
        let r = groups.find(d as u32) as usize;
        if r == d {
            number[d] = members.len() as u32;
            members.push(Vec::new());
        }
        let g = number[r] as usize;
        members[g].push(d);
        of_doc[d] = g;
    }
    let founders: Vec<(&str, &str)> = members
        .par_iter()
        .map(|m| m.iter().map(|&d| (corpus.published(d).unwrap_or("~"), corpus.id(d))).min().unwrap_or_default())
        .collect();
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by(|&a, &b| members[b].len().cmp(&members[a].len()).then_with(|| founders[a].cmp(&founders[b])));
    let mut story = vec![0; order.len()];
    for (s, &g) in order.iter().enumerate() {
        story[g] = s;
    }
    for s in &mut of_doc {
        *s = story[*s];
    }
    let mut members: Vec<Option<Vec<usize>>> = members.into_iter().map(Some).collect();
    let members = order.iter().map(|&g| members[g].take().unwrap_or_default()).collect();
    Stories { members, of_doc }
}

/// Groups of documents joined by links, shared by the threads that join
/// them (a union-find over atomics). A group's root is its first
/// document: a join points the later root at the earlier, so the groups
/// are the same whatever order the joins come in.
struct Groups {
    parent: Vec<AtomicU32>,
}

impl Groups {
    /// Every document in a group of its own.
    fn new(n: usize) -> Groups {
        Groups { parent: (0..n as u32).map(AtomicU32::new).collect() }
    }

    /// The root of a document's group, halving the path to it on the way.
    fn find(&self, mut x: u32) -> u32 {
        loop {
            let p = self.parent[x as usize].load(Ordering::Acquire);
            if p == x {
                return x;
            }
            let grand = self.parent[p as usize].load(Ordering::Acquire);
            if grand != p {
                // Another thread may have moved it meanwhile: both point to a root-ward ancestor.
                let _ = self.parent[x as usize].compare_exchange(p, grand, Ordering::AcqRel, Ordering::Acquire);
            }
            x = grand;
        }
    }

    /// Join the groups of `a` and `b`.
    fn union(&self, a: u32, b: u32) {
        loop {
            let (ra, rb) = (self.find(a), self.find(b));
            if ra == rb {
                return;
            }
            let (root, later) = (ra.min(rb), ra.max(rb));
            // Only a root is pointed elsewhere; when `later` stopped being
            // one meanwhile, look again.
            if self.parent[later as usize].compare_exchange(later, root, Ordering::AcqRel, Ordering::Acquire).is_ok() {
                return;
            }
        }
    }
}

/// What a term in `df` documents is weighed by in a corpus of this
/// [`spread_limit`]: `sqrt(limit / documents)`, the documents taken by
/// their doubling ([`stepped`]), at most 1.
fn discount_of(limit: f32, df: u32) -> f32 {
    (limit / stepped(df as usize) as f32).sqrt().min(1.0)
}

/// The profiles with terms found across much of the corpus (`df`, the
/// documents each term is in) discounted ([`discount_of`]), and unit
/// length again. A small corpus (the documents of one story)
/// keeps its profiles as they are.
fn discount(corpus: &mut Corpus, df: &[u32]) {
    let limit = spread_limit(corpus.len());
    let ends = &corpus.ends;
    let terms = &corpus.term_of;
    cut(&mut corpus.weight_of, ends).into_par_iter().zip(cut_ref(terms, ends)).for_each_init(Vec::new, |discounted: &mut Vec<f32>, (weights, terms)| {
        discounted.clear();
        discounted.extend(weights.iter().zip(terms).map(|(&w, t)| weight(w) * discount_of(limit, df[*t as usize])));
        let norm = discounted.iter().map(|w| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (w, d) in weights.iter_mut().zip(discounted.iter()) {
                *w = quantised(d / norm);
            }
        }
    });
}

/// A flat array cut at `ends` into one slice per document.
fn cut<'a, T>(mut flat: &'a mut [T], ends: &[usize]) -> Vec<&'a mut [T]> {
    let mut start = 0;
    let mut out = Vec::with_capacity(ends.len());
    for &end in ends {
        let (head, tail) = std::mem::take(&mut flat).split_at_mut(end - start);
        out.push(head);
        flat = tail;
        start = end;
    }
    out
}

/// [`cut`] for reading.
fn cut_ref<'a, T>(flat: &'a [T], ends: &[usize]) -> Vec<&'a [T]> {
    let starts = std::iter::once(0).chain(ends.iter().copied());
    starts.zip(ends).map(|(start, &end)| &flat[start..end]).collect()
}

/// The candidate index of [`cluster_corpus`]: per term the documents
/// that have it among their [`BLOCKING_TERMS`] heaviest terms, in document
/// order, or for a list longer than [`FULL_BLOCK`] cut into [`bins`]
/// (each document's bin a hash of its id and the term: [`bin_of`]),
/// bin after bin, each in document order; and where each document is in
/// the lists of its blocking terms.
struct Blocking {
    /// Each document's places in `lists` (one a blocking term, heaviest
    /// term first; [`NO_TERM`] after the last when it has fewer): which
    /// list a place is in is found in `ends`, so the terms themselves are
    /// not held (64 MB at a million documents, where the lists and these
    /// places are 64 MB each).
    at: Vec<u32>,
    /// Where each term's list ends in `lists`.
    ends: Vec<usize>,
    /// The lists, one after the other.
    lists: Vec<u32>,
    /// Where each bin of the long lists ends in `lists`, list after list.
    bin_ends: Vec<u32>,
    /// Per term where its list's bins start in `bin_ends` (one more entry
    /// than terms): a short list has none.
    first_bin: Vec<u32>,
}

/// No blocking term.
const NO_TERM: u32 = u32::MAX;

/// Documents of the long blocking lists put in their bins at once (where
/// each moves is held until they all are: 12 bytes each).
const MOVED_AT_ONCE: usize = 1 << 20;

/// The bins a blocking list of `len` documents is cut into: none when it
/// pairs every two ([`FULL_BLOCK`]), else a power of two, the smallest
/// that leaves at most `2 * BIN` documents a bin on average. The count
/// moves only when the list's length passes a power of two, and a bin
/// then splits in two: the pairs of a list change only then.
fn bins(len: usize) -> usize {
    if len <= FULL_BLOCK {
        0
    } else {
        len.div_ceil(2 * BIN).next_power_of_two()
    }
}

/// The bin (of `bins`, a power of two) of a document whose id hashes to
/// `id` in the list of the term that hashes to `term`: its documents
/// spread evenly and apart from any order they arrive in, each term's
/// bins cut the corpus differently (so a story whose documents share
/// several long-listed names stays joined across their bins), and a bin
/// splitting keeps each of its documents in one of its halves.
fn bin_of(id: u64, term: u64, bins: usize) -> usize {
    (mix(id ^ term.rotate_left(29)) as usize) & (bins - 1)
}

impl Blocking {
    fn new(corpus: &Corpus) -> Blocking {
        Blocking::sorting(corpus, MOVED_AT_ONCE)
    }

    /// [`Blocking::new`], the long lists put in their bins about
    /// `at_once` documents at a time.
    fn sorting(corpus: &Corpus, at_once: usize) -> Blocking {
        let n = corpus.len();
        // Each document's blocking terms, each replaced by its place in
        // `lists` once the lists are made.
        let mut at = vec![NO_TERM; n * BLOCKING_TERMS];
        at.par_chunks_mut(BLOCKING_TERMS).enumerate().for_each_init(Vec::new, |order: &mut Vec<usize>, (d, out)| {
            let (t, w) = corpus.profile(d);
            order.clear();
            order.extend(0..t.len());
            order.sort_by(|&i, &j| w[j].cmp(&w[i]).then(t[i].cmp(&t[j])));
            for (o, &i) in out.iter_mut().zip(order.iter()) {
                *o = t[i];
            }
        });
        let mut ends = vec![0usize; corpus.terms];
        for &t in at.iter().filter(|&&t| t != NO_TERM) {
            ends[t as usize] += 1;
        }
        let mut sum = 0;
        for e in &mut ends {
            sum += *e;
            *e = sum;
        }
        let mut fill: Vec<usize> = std::iter::once(0).chain(ends.iter().copied()).take(ends.len()).collect();
        let mut lists = vec![0u32; sum];
        for (d, b) in at.chunks_mut(BLOCKING_TERMS).enumerate() {
            for t in b.iter_mut().take_while(|t| **t != NO_TERM) {
                let place = &mut fill[*t as usize];
                lists[*place] = d as u32;
                // A list holds far fewer than `NO_TERM` documents (a document is a `u32`).
                *t = *place as u32;
                *place += 1;
            }
        }
        drop(fill);
        let starts: Vec<usize> = std::iter::once(0).chain(ends.iter().copied()).collect();
        let mut first_bin = Vec::with_capacity(ends.len() + 1);
        let mut bin_ends = Vec::new();
        for (t, &end) in ends.iter().enumerate() {
            first_bin.push(bin_ends.len() as u32);
            let b = bins(end - starts[t]);
            bin_ends.extend(std::iter::repeat_n(0u32, b));
        }
        first_bin.push(bin_ends.len() as u32);
        if !bin_ends.is_empty() {
            // Each document's id hashed once.
            let ids: Vec<u64> = (0..n).into_par_iter().map(|d| hash_str(corpus.id(d))).collect();
            let mut long: Vec<(usize, &mut [u32], &mut [u32])> = Vec::new();
            let mut bin_rest: &mut [u32] = &mut bin_ends;
            for (t, l) in cut(&mut lists, &ends).into_iter().enumerate() {
                let b = bins(l.len());
                if b > 0 {
                    let (these, rest) = std::mem::take(&mut bin_rest).split_at_mut(b);
                    bin_rest = rest;
                    long.push((t, l, these));
                }
            }
            // The long lists put in their bins a few at a time on every
            // core, each with where each of its documents was (its place
            // in document order) and is now; a document's places are all
            // different, so the one it had in a list is the one that moves.
            let mut batch: Vec<(usize, &mut [u32], &mut [u32])> = Vec::new();
            let mut held = 0;
            let mut long = long.into_iter().peekable();
            while let Some(list) = long.next() {
                held += list.1.len();
                batch.push(list);
                if held < at_once && long.peek().is_some() {
                    continue;
                }
                let moved: Vec<Vec<(u32, u32, u32)>> = batch
                    .par_iter_mut()
                    .map(|(t, l, bin_ends)| {
                        let (start, term, b) = (starts[*t] as u32, corpus.term_hash[*t], bin_ends.len());
                        let mut binned: Vec<(usize, u32, u32)> = l.iter().enumerate().map(|(i, &d)| (bin_of(ids[d as usize], term, b), d, start + i as u32)).collect();
                        // Stable: each bin in document order.
                        binned.sort_by_key(|x| x.0);
                        let mut end = start;
                        for (bin, e) in bin_ends.iter_mut().enumerate() {
                            end += binned[(end - start) as usize..].partition_point(|x| x.0 == bin) as u32;
                            *e = end;
                        }
                        binned
                            .into_iter()
                            .zip(l.iter_mut())
                            .enumerate()
                            .map(|(i, ((_, d, was), slot))| {
                                *slot = d;
                                (d, was, start + i as u32)
                            })
                            .collect()
                    })
                    .collect();
                for (d, was, now) in moved.into_iter().flatten() {
                    let b = &mut at[d as usize * BLOCKING_TERMS..][..BLOCKING_TERMS];
                    if let Some(p) = b.iter_mut().find(|p| **p == was) {
                        *p = now;
                    }
                }
                batch.clear();
                held = 0;
            }
        }
        Blocking { at, ends, lists, bin_ends, first_bin }
    }

    /// The documents paired with document `a` under its blocking term in
    /// `slot` (its whole list when short, its bin in a long one), `a`
    /// among them, and where `a` is in them; none when it has no term
    /// there.
    fn group(&self, a: usize, slot: usize) -> (&[u32], usize) {
        let at = self.at[a * BLOCKING_TERMS + slot];
        if at == NO_TERM {
            return (&[], 0);
        }
        let at = at as usize;
        // The list the place is in: the first that ends after it.
        let t = self.ends.partition_point(|&e| e <= at);
        let (mut start, mut end) = (if t == 0 { 0 } else { self.ends[t - 1] }, self.ends[t]);
        let bins = &self.bin_ends[self.first_bin[t] as usize..self.first_bin[t + 1] as usize];
        if !bins.is_empty() {
            // The bin the place is in: the first that ends after it.
            let b = bins.partition_point(|&e| e as usize <= at);
            if b > 0 {
                start = bins[b - 1] as usize;
            }
            end = bins[b] as usize;
        }
        (&self.lists[start..end], at - start)
    }

    /// The candidates of document `a` under its blocking term in `slot`:
    /// the documents after it in its [`group`](Blocking::group).
    fn candidates(&self, a: usize, slot: usize) -> &[u32] {
        let (group, at) = self.group(a, slot);
        group.get(at + 1..).unwrap_or_default()
    }

    /// The length of each term's list.
    fn lengths(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(0).chain(self.ends.iter().copied()).zip(&self.ends).map(|(start, &end)| end - start)
    }
}

/// The clustering input of a whole corpus, compact: every term numbered
/// once (in sorted order), each document's id and date in one string, and
/// the profiles one after the other as term numbers and weights, sorted by
/// term, so a corpus of a million documents takes about 8 bytes per
/// profile term and a few per document beside. Built with
/// [`CorpusBuilder`].
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// How many distinct terms the profiles have.
    terms: usize,
    /// The numbers of the names ("@…"): one run of the sorted terms.
    names: std::ops::Range<u32>,
    /// Every document's id then date, one after the other.
    text: String,
    /// Per document where its id ends in `text` and where its date ends.
    bounds: Vec<usize>,
    /// Whether each document has a date.
    dated: Vec<bool>,
    /// Where each document's profile ends in `term_of` and `weight_of`.
    ends: Vec<usize>,
    /// The profiles' term numbers.
    term_of: Vec<u32>,
    /// The profiles' weights, [`quantised`]: a million documents' profiles
    /// take 128 MB less than as `f32`s, at the clustering's peak.
    weight_of: Vec<u16>,
    /// Each term's hash ([`hash_str`]), by number: what a stored
    /// clustering knows the term by ([`Known`]).
    term_hash: Vec<u64>,
    /// Each document's clustering input (id, date and profile bytes)
    /// hashed ([`input_hash`]): a stored clustering tells by it the
    /// documents that are as they were.
    input: Vec<u64>,
}

/// Builds a [`Corpus`] document by document, each term stored once.
#[derive(Debug, Default)]
pub struct CorpusBuilder {
    numbers: HashMap<Box<str>, u32, std::hash::BuildHasherDefault<TermHasher>>,
    corpus: Corpus,
}

/// The hasher of [`CorpusBuilder`]'s terms: FNV-1a over the bytes, mixed
/// at the end. A corpus of a million documents looks up 64 million terms,
/// and the standard hasher (SipHash, which resists keys chosen to collide,
/// at several times the cost for words this short) was a good part of
/// reading the profiles.
#[derive(Debug)]
struct TermHasher(u64);

impl Default for TermHasher {
    fn default() -> TermHasher {
        TermHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for TermHasher {
    fn finish(&self) -> u64 {
        mix(self.0)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

impl CorpusBuilder {
    /// Add a document with its profile.
    pub fn push(&mut self, id: &str, published: Option<&str>, profile: &Profile) {
        self.push_bytes(id, published, &profile.to_bytes());
    }

    /// Add a document with its profile as [`Profile::to_bytes`] wrote it
    /// (bytes it cannot have written count as an empty profile), without
    /// making a string of each term.
    pub fn push_bytes(&mut self, id: &str, published: Option<&str>, bytes: &[u8]) {
        let terms = profile_terms(bytes).unwrap_or_default();
        self.corpus.input.push(input_hash(id, published, bytes));
        self.push_terms(id, published, terms.into_iter());
    }

    fn push_terms<'a>(&mut self, id: &str, published: Option<&str>, terms: impl Iterator<Item = (&'a str, f32)>) {
        let (numbers, c) = (&mut self.numbers, &mut self.corpus);
        for (t, w) in terms {
            let next = numbers.len() as u32;
            let n = match numbers.get(t) {
                Some(&n) => n,
                None => *numbers.entry(t.into()).or_insert(next),
            };
            c.term_of.push(n);
            c.weight_of.push(quantised(w));
        }
        c.ends.push(c.term_of.len());
        c.text.push_str(id);
        c.bounds.push(c.text.len());
        c.text.push_str(published.unwrap_or(""));
        c.bounds.push(c.text.len());
        c.dated.push(published.is_some());
    }

    /// The corpus, its terms numbered in sorted order.
    pub fn finish(self) -> Corpus {
        let CorpusBuilder { numbers, mut corpus } = self;
        let mut terms: Vec<(Box<str>, u32)> = numbers.into_iter().collect();
        terms.par_sort_unstable();
        let mut place = vec![0u32; terms.len()];
        for (i, (_, n)) in terms.iter().enumerate() {
            place[*n as usize] = i as u32;
        }
        let names = terms.partition_point(|t| &*t.0 < "@")..terms.partition_point(|t| &*t.0 < "A");
        corpus.names = names.start as u32..names.end as u32;
        corpus.terms = terms.len();
        corpus.term_hash = terms.par_iter().map(|(t, _)| hash_str(t)).collect();
        drop(terms);
        let Corpus { ends, term_of, weight_of, .. } = &mut corpus;
        cut(term_of, ends).into_par_iter().zip(cut(weight_of, ends)).for_each_init(Vec::new, |pairs: &mut Vec<(u32, u16)>, (t, w)| {
            pairs.clear();
            pairs.extend(t.iter().map(|&n| place[n as usize]).zip(w.iter().copied()));
            pairs.sort_unstable_by_key(|p| p.0);
            for ((t, w), p) in t.iter_mut().zip(w.iter_mut()).zip(pairs.iter()) {
                (*t, *w) = *p;
            }
        });
        corpus
    }
}

impl Corpus {
    /// The documents in it.
    pub fn len(&self) -> usize {
        self.dated.len()
    }

    /// Whether it has no document.
    pub fn is_empty(&self) -> bool {
        self.dated.is_empty()
    }

    /// A document's clustering input hashed ([`input_hash`]).
    pub fn input(&self, d: usize) -> u64 {
        self.input[d]
    }

    /// A document's id.
    fn id(&self, d: usize) -> &str {
        let start = if d == 0 { 0 } else { self.bounds[2 * d - 1] };
        &self.text[start..self.bounds[2 * d]]
    }

    /// A document's date.
    fn published(&self, d: usize) -> Option<&str> {
        self.dated[d].then(|| &self.text[self.bounds[2 * d]..self.bounds[2 * d + 1]])
    }

    /// Reads a document's term numbers (a word of each cache line of
    /// them), so they are in the cache when it is compared.
    fn touch(&self, d: usize) -> u32 {
        let terms = self.profile(d).0;
        terms.iter().step_by(16).fold(0, |sum, t| sum ^ t)
    }

    /// A document's profile: its term numbers and their weights ([`quantised`]).
    fn profile(&self, d: usize) -> (&[u32], &[u16]) {
        let start = if d == 0 { 0 } else { self.ends[d - 1] };
        let end = self.ends[d];
        (&self.term_of[start..end], &self.weight_of[start..end])
    }
}

/// A document's clustering input hashed: its id, its date (none apart
/// from an empty one) and its profile's bytes ([`Profile::to_bytes`]),
/// eight bytes at a time.
fn input_hash(id: &str, published: Option<&str>, profile: &[u8]) -> u64 {
    let mut h = hash_str(id) ^ published.map_or(0x5bd1_e995, |p| hash_str(p).rotate_left(17));
    let mut words = profile.chunks_exact(8);
    for w in words.by_ref() {
        h = mix(h ^ u64::from_le_bytes(w.try_into().expect("eight bytes")));
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    mix(h ^ u64::from_le_bytes(last) ^ (profile.len() as u64).rotate_left(40))
}

/// Steps of a weight in a [`Corpus`]: its profiles' weights (each at most
/// 1, a unit vector's) are held as the nearest multiple of 1 / 65,535, in
/// two bytes. A cosine then moves by about 10⁻⁵, so only a link that close
/// to the bar ([`LINK`]) can change (a million generated documents made
/// 8,743 stories instead of 8,754), and a weight is quantised the
/// same whatever else is in the corpus: the stories still do not depend on
/// the order documents arrive in.
const WEIGHT_STEPS: f32 = 65_535.0;

/// A weight (0 to 1) as the steps of [`WEIGHT_STEPS`] nearest it.
fn quantised(w: f32) -> u16 {
    (w.clamp(0.0, 1.0) * WEIGHT_STEPS).round() as u16
}

/// The weight of so many steps ([`quantised`]).
fn weight(steps: u16) -> f32 {
    f32::from(steps) / WEIGHT_STEPS
}

/// The terms of profile bytes ([`Profile::to_bytes`]) as slices of them;
/// `None` for bytes it cannot have written.
fn profile_terms(mut bytes: &[u8]) -> Option<Vec<(&str, f32)>> {
    let mut terms = Vec::new();
    while !bytes.is_empty() {
        let len = u16::from_le_bytes(bytes.get(..2)?.try_into().ok()?) as usize;
        let term = std::str::from_utf8(bytes.get(2..2 + len)?).ok()?;
        let weight = f32::from_le_bytes(bytes.get(2 + len..6 + len)?.try_into().ok()?);
        terms.push((term, weight));
        bytes = &bytes[6 + len..];
    }
    Some(terms)
}

/// The names a story's documents share most, heaviest first.
pub fn label(docs: &[Document], profiles: &[Profile]) -> String {
    const NAMES: usize = 3;
    let mut weight: BTreeMap<&str, f32> = BTreeMap::new();
    for p in profiles {
        for (t, w) in &p.terms {
            if is_name(t) {
                *weight.entry(t.as_str()).or_default() += w;
            }
        }
    }
    let mut terms: Vec<(&str, f32)> = weight.into_iter().collect();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let mut names: Vec<String> = Vec::new();
    for (t, _) in terms {
        let key = &t[1..];
        // Shown as the documents spell it, the most used spelling first.
        let mut spellings: BTreeMap<&str, usize> = BTreeMap::new();
        for d in docs {
            for e in d.entities.iter().filter(|e| fold(&e.name) == key) {
                *spellings.entry(e.name.as_str()).or_default() += e.mentions.len();
            }
        }
        let Some((name, _)) = spellings.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))) else { continue };
        if names.iter().any(|n| fold(n).contains(key) || key.contains(&fold(n))) {
            continue;
        }
        names.push(name.to_string());
        if names.len() == NAMES {
            break;
        }
    }
    if names.is_empty() {
        return docs.first().and_then(|d| d.title.clone()).unwrap_or_else(|| "Untitled story".into());
    }
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::{Entity, EntityKind, Mention};

    /// The clustering before the corpus was made flat and the candidates
    /// were tried on every core: the oracle the new one must equal.
    mod oracle {
        use super::super::*;
        use crate::text::{find, union};

        fn heaviest<T: Ord>(terms: &[(T, f32)], n: usize) -> Vec<&T> {
            let mut by_weight: Vec<&(T, f32)> = terms.iter().collect();
            by_weight.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            by_weight.into_iter().take(n).map(|(t, _)| t).collect()
        }

        fn discount(profiles: &mut [Vec<(u32, f32)>], df: &[usize]) {
            let limit = spread_limit(profiles.len());
            profiles.par_iter_mut().for_each(|terms| {
                for t in terms.iter_mut() {
                    t.1 *= discount_of(limit, df[t.0 as usize] as u32);
                }
                let norm = terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                if norm > 0.0 {
                    for t in terms.iter_mut() {
                        t.1 = weight(quantised(t.1 / norm));
                    }
                }
            });
        }

        pub(super) fn cluster_corpus(corpus: Corpus, duplicate_of: &[Option<usize>]) -> Stories {
            let Corpus { terms, docs, mut profiles } = corpus;
            let n = docs.len();
            let mut parent: Vec<usize> = (0..n).collect();
            for (d, o) in duplicate_of.iter().enumerate().take(n) {
                if let Some(o) = *o {
                    if o < n {
                        union(&mut parent, d, o);
                    }
                }
            }
            // In how many documents each term is.
            let mut df = vec![0usize; terms.len()];
            for p in &profiles {
                for (t, _) in p {
                    df[*t as usize] += 1;
                }
            }
            discount(&mut profiles, &df);
            let profiles = &profiles;
            // Names ("@…") are one run of the sorted terms.
            let names = terms.partition_point(|t| t.as_str() < "@")..terms.partition_point(|t| t.as_str() < "A");
            let limit = spread_limit(n);
            let kinds = Terms {
                widespread: |t: &u32| df[*t as usize] > WIDESPREAD_DOCS,
                spread: |t: &u32| df[*t as usize] as f32 > limit,
                is_name: |t: &u32| names.contains(&(*t as usize)),
            };
            // Each document's blocking terms, and per term its documents with the
            // term's weight in each, in document order.
            let blocking: Vec<Vec<u32>> = profiles.par_iter().map(|p| heaviest(p, BLOCKING_TERMS).into_iter().copied().collect()).collect();
            let mut index: Vec<Vec<(u32, f32)>> = vec![Vec::new(); terms.len()];
            for (d, b) in blocking.iter().enumerate() {
                for &t in b {
                    let w = profiles[d].binary_search_by_key(&t, |x| x.0).map_or(0.0, |i| profiles[d][i].1);
                    index[t as usize].push((d as u32, w));
                }
            }
            // Each listed document's bin in a long list (0 in a short one).
            let bin: Vec<Vec<usize>> = index
                .iter()
                .zip(&terms)
                .map(|(l, term)| l.iter().map(|(d, _)| if l.len() > FULL_BLOCK { bin_of(hash_str(&docs[*d as usize].0), hash_str(term), bins(l.len())) } else { 0 }).collect())
                .collect();
            drop(terms);
            let days: Vec<Option<i64>> = docs.iter().map(|(_, p)| p.as_deref().and_then(day_range).map(|r| r.0)).collect();
            let name_counts: Vec<usize> = profiles.iter().map(|p| p.iter().filter(|(t, _)| (kinds.is_name)(t)).count()).collect();
            // The last document each document was tried with.
            let mut tried: Vec<usize> = vec![usize::MAX; n];
            // The place (plus one) of each term in the profile of the document
            // whose candidates are tried, 0 for the terms it lacks: the terms it
            // shares with a candidate are looked up, in the candidate's term order.
            let mut at: Vec<u32> = vec![0; df.len()];
            for (a, b) in blocking.iter().enumerate() {
                let pa = &profiles[a];
                for (i, (t, _)) in pa.iter().enumerate() {
                    at[*t as usize] = i as u32 + 1;
                }
                for &t in b {
                    let list = &index[t as usize];
                    // In document order: the documents after `a`, in its bin.
                    let after = list.partition_point(|&(d, _)| d as usize <= a);
                    let own = bin[t as usize][after - 1];
                    for (&(b, _), _) in list[after..].iter().zip(&bin[t as usize][after..]).filter(|(_, bin)| **bin == own) {
                        let b = b as usize;
                        if tried[b] == a {
                            continue;
                        }
                        tried[b] = a;
                        if find(&mut parent, a) == find(&mut parent, b) {
                            continue;
                        }
                        let shared = profiles[b].iter().filter_map(|(t, y)| match at[*t as usize] {
                            0 => None,
                            i => Some((t, pa[i as usize - 1].1, *y)),
                        });
                        if link(shared, (name_counts[a], name_counts[b]), far_apart(days[a], days[b]), &kinds) {
                            union(&mut parent, a, b);
                        }
                    }
                }
                for (t, _) in pa {
                    at[*t as usize] = 0;
                }
            }
            let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for d in 0..n {
                let r = find(&mut parent, d);
                groups.entry(r).or_default().push(d);
            }
            let mut members_of: Vec<(usize, (String, String), Vec<usize>)> = groups
                .into_values()
                .map(|m| (m.len(), founder(m.iter().map(|&d| (docs[d].0.as_str(), docs[d].1.as_deref()))), m))
                .collect();
            members_of.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            let members_of: Vec<Vec<usize>> = members_of.into_iter().map(|(_, _, m)| m).collect();
            let mut of_doc = vec![0; n];
            for (s, m) in members_of.iter().enumerate() {
                for &d in m {
                    of_doc[d] = s;
                }
            }
            Stories { members: members_of, of_doc }
        }

        #[derive(Debug, Clone, Default)]
        pub(super) struct Corpus {
            terms: Vec<String>,
            docs: Vec<(String, Option<String>)>,
            profiles: Vec<Vec<(u32, f32)>>,
        }

        #[derive(Debug, Default)]
        pub(super) struct CorpusBuilder {
            numbers: HashMap<String, u32>,
            corpus: Corpus,
        }

        impl CorpusBuilder {
            pub(super) fn push(&mut self, id: &str, published: Option<&str>, profile: &Profile) {
                let terms = profile.terms.iter().map(|(t, w)| (t.as_str(), *w));
                self.push_terms(id, published, terms);
            }

            fn push_terms<'a>(&mut self, id: &str, published: Option<&str>, terms: impl Iterator<Item = (&'a str, f32)>) {
                let numbers = &mut self.numbers;
                let profile = terms
                    .map(|(t, w)| {
                        let next = numbers.len() as u32;
                        let n = match numbers.get(t) {
                            Some(&n) => n,
                            None => *numbers.entry(t.to_string()).or_insert(next),
                        };
                        (n, weight(quantised(w)))
                    })
                    .collect();
                self.corpus.docs.push((id.to_string(), published.map(str::to_string)));
                self.corpus.profiles.push(profile);
            }

            pub(super) fn finish(self) -> Corpus {
                let CorpusBuilder { numbers, mut corpus } = self;
                let mut terms: Vec<(String, u32)> = numbers.into_iter().collect();
                terms.par_sort_unstable();
                let mut place = vec![0u32; terms.len()];
                for (i, (_, n)) in terms.iter().enumerate() {
                    place[*n as usize] = i as u32;
                }
                corpus.profiles.par_iter_mut().for_each(|p| {
                    for t in p.iter_mut() {
                        t.0 = place[t.0 as usize];
                    }
                    p.sort_unstable_by_key(|t| t.0);
                });
                corpus.terms = terms.into_iter().map(|(t, _)| t).collect();
                corpus
            }
        }
    }

    fn doc(id: &str, text: &str, names: &[(&str, EntityKind)]) -> Document {
        let entities = names
            .iter()
            .enumerate()
            .map(|(i, (n, k))| Entity {
                id: format!("e{i}"),
                name: n.to_string(),
                kind: *k,
                mentions: vec![Mention { start: 0, end: 0, text: n.to_string() }; 3],
                descriptors: vec![],
            })
            .collect();
        Document { id: id.into(), text: text.into(), entities, ..Default::default() }
    }

    #[test]
    fn documents_of_one_situation_are_one_story_whatever_the_order() {
        let quake = [("Qeshm", EntityKind::Place), ("Hormozgan", EntityKind::Place)];
        let flood = [("Limpopo", EntityKind::Place), ("Xai-Xai", EntityKind::Place)];
        let docs = vec![
            doc("a", "An earthquake struck the island, rescuers searched rubble for survivors.", &quake),
            doc("b", "Floodwaters rose along the river; villages were evacuated by boat.", &flood),
            doc("c", "Aftershocks rattled the island as rescuers dug through rubble of collapsed homes.", &quake),
            doc("d", "The river burst its banks again and more villages were evacuated.", &flood),
        ];
        let s = cluster(&docs.iter().map(member).collect::<Vec<_>>(), &[None; 4]);
        assert_eq!(s.members.len(), 2, "{:?}", s.members);
        assert_eq!(s.of_doc[0], s.of_doc[2]);
        assert_eq!(s.of_doc[1], s.of_doc[3]);
        assert_ne!(s.of_doc[0], s.of_doc[1]);

        let mut reversed = docs.clone();
        reversed.reverse();
        let r = cluster(&reversed.iter().map(member).collect::<Vec<_>>(), &[None; 4]);
        let ids = |s: &Stories, docs: &[Document]| -> Vec<Vec<String>> {
            let mut ids: Vec<Vec<String>> = s.members.iter().map(|m| m.iter().map(|&d| docs[d].id.clone()).collect()).collect();
            ids.iter_mut().for_each(|m| m.sort());
            ids.sort();
            ids
        };
        assert_eq!(ids(&s, &docs), ids(&r, &reversed), "stories do not depend on the order");
    }

    #[test]
    fn a_copy_is_in_its_originals_story_even_when_their_profiles_differ() {
        let docs = [
            doc("a", "Floodwaters rose along the river; villages were evacuated by boat.", &[("Limpopo", EntityKind::Place)]),
            doc("b", "An earthquake struck the island, rescuers searched rubble for survivors.", &[("Qeshm", EntityKind::Place)]),
        ];
        let members: Vec<Member> = docs.iter().map(member).collect();
        assert_eq!(cluster(&members, &[None, None]).members.len(), 2);
        let joined = cluster(&members, &[None, Some(0)]);
        assert_eq!(joined.members, vec![vec![0, 1]]);
        // An original outside the documents is ignored, not a panic.
        assert_eq!(cluster(&members, &[None, Some(7)]).members.len(), 2);
    }

    #[test]
    fn one_shared_name_alone_links_no_stories() {
        // A spokesman quoted on many stories, a strike and a flood among
        // them: his name is all the two articles share.
        let voice = ("Tamsin Okoro", EntityKind::Person);
        let strike = doc("a", "Dockers walked out over pay; the stoppage idled cranes.", &[voice]);
        let flood = doc("b", "Floodwater cut roads and stranded villages overnight.", &[voice]);
        let (a, b) = (profile(&strike), profile(&flood));
        assert!(!linked(&a, None, &b, None, &|_| true), "cosine {}", a.cosine(&b));
        // In a small corpus, where no name is widespread, it still links.
        assert!(linked(&a, None, &b, None, &|_| false));
        // The same name with the story's own words does link.
        let again = profile(&doc("c", "The dockers' stoppage idled cranes for a second day over pay.", &[voice]));
        assert!(linked(&a, None, &again, None, &|_| true), "cosine {}", a.cosine(&again));
    }

    #[test]
    fn two_situations_of_one_kind_that_share_no_name_are_not_linked() {
        // Two droughts in different countries: the same words, other places.
        let text = "Withered crops and dry wells: farmers sold cattle as the harvest failed and tankers brought drinking water. \
            Grain traders raised prices, reservoirs shrank, irrigation canals ran dry, herders sold goats, and wheat, \
            barley and maize withered in parched fields while boreholes and cisterns emptied.";
        let names = |town: &'static str| [(town, EntityKind::Place), ("Lindaro", EntityKind::Place), ("Tesvik", EntityKind::Place), ("Orvalle", EntityKind::Place)];
        let south = profile(&doc("a", text, &names("Kelvaro")));
        let north_names = [("Ushmira", EntityKind::Place), ("Pelgrad", EntityKind::Place), ("Norvik", EntityKind::Place), ("Sabelle", EntityKind::Place)];
        let north = profile(&doc("b", text, &north_names));
        assert!(south.cosine(&north) > LINK, "cosine {}", south.cosine(&north));
        assert!(!linked(&south, None, &north, None, &|_| false));
        // The same words and the same town do link.
        let again = profile(&doc("c", text, &[("Kelvaro", EntityKind::Place)]));
        assert!(linked(&south, None, &again, None, &|_| false));
        let docs = [doc("a", text, &names("Kelvaro")), doc("b", text, &north_names), doc("c", text, &names("Kelvaro"))];
        let s = cluster(&docs.iter().map(member).collect::<Vec<_>>(), &[None; 3]);
        assert_eq!(s.members, vec![vec![0, 2], vec![1]]);
        // A short item naming one town is linked by its words.
        let short = profile(&doc("d", text, &[("Ushmira", EntityKind::Place)]));
        assert!(linked(&south, None, &short, None, &|_| false));
    }

    #[test]
    fn the_shared_vocabulary_of_a_kind_of_event_links_no_stories_by_words_alone() {
        // Two grain-blight stories in other provinces, sixty articles each,
        // written in the same words: across this corpus those words are
        // everywhere, so an item naming only a market town of its own
        // shares nothing that tells a story and joins neither.
        let text = "Blight spread through the orchards; growers burned blackened saplings, sprayed copper fungicide \
            and counted spores on sticky traps while pickers waited for wages and cider presses stood idle.";
        let names = |a: &'static str, b: &'static str, c: &'static str, d: &'static str| {
            [(a, EntityKind::Place), (b, EntityKind::Place), (c, EntityKind::Person), (d, EntityKind::Organization)]
        };
        let mut docs: Vec<Document> = (0..60).map(|i| doc(&format!("a{i:02}"), text, &names("Qorvath", "Ember Vale", "Ilse Marrow", "Qorvath Growers"))).collect();
        docs.extend((0..60).map(|i| doc(&format!("b{i:02}"), text, &names("Sundelby", "Harth", "Oren Vask", "Harth Orchard Board"))));
        docs.push(doc("c", text, &[("Pell Market", EntityKind::Place)]));
        let s = cluster(&docs.iter().map(member).collect::<Vec<_>>(), &vec![None; docs.len()]);
        let sizes: Vec<usize> = s.members.iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![60, 60, 1]);
        // Alone with one of the stories, the same words are the story's own
        // and the item joins it.
        let small: Vec<Member> = [&docs[..3], &docs[120..]].concat().iter().map(member).collect();
        assert_eq!(cluster(&small, &[None; 4]).members.len(), 1);
    }

    #[test]
    fn articles_in_other_languages_and_scripts_join_the_english_story() {
        let names = [("Crimea", EntityKind::Place), ("Vladimir Putin", EntityKind::Person), ("Russia", EntityKind::Place), ("Ukraine", EntityKind::Place)];
        let en = doc("en", "Shelling around the peninsula continued as the bridge stayed closed to traffic.", &names);
        let mut de = doc("de", "Putin sagte, Russland halte die Krim; die Ukraine widersprach. Auf der Krim blieb die Brücke gesperrt.", &[]);
        de.language = Some("de".into());
        let mut ru = doc("ru", "Путин заявил, что Россия удержит Крым, а Украина возразила. В Крыму мост остался закрытым.", &[]);
        ru.language = Some("ru".into());
        let mut flood = doc("fl", "Die Flut erreichte das Dorf, die Feuerwehr pumpte die Keller leer.", &[]);
        flood.language = Some("de".into());
        let (en, de, ru, flood) = (profile(&en), profile(&de), profile(&ru), profile(&flood));
        assert!(linked(&en, None, &de, None, &|_| false), "cosine {}", en.cosine(&de));
        assert!(linked(&en, None, &ru, None, &|_| false), "cosine {}", en.cosine(&ru));
        assert!(flood.terms.is_empty() && !linked(&en, None, &flood, None, &|_| false), "{flood:?}");
    }

    #[test]
    fn profiles_survive_their_bytes_and_bad_bytes_are_refused() {
        let p = profile(&doc("a", "Rescuers searched rubble on the island after the quake.", &[("Qeshm", EntityKind::Place)]));
        assert!(!p.terms.is_empty());
        assert_eq!(Profile::from_bytes(&p.to_bytes()), Some(p.clone()));
        let bytes = p.to_bytes();
        assert_eq!(Profile::from_bytes(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Profile::from_bytes(&[5, 0, 0xff, 0xfe, 0, 0, 0, 0, 0, 0, 0]), None);
        assert_eq!(Profile::from_bytes(&[]), Some(Profile::default()));
    }

    #[test]
    fn profiles_are_unit_length_and_cosine_is_symmetric() {
        let a = profile(&doc("a", "Rescuers searched rubble on the island.", &[("Qeshm", EntityKind::Place)]));
        let b = profile(&doc("b", "Rubble and aftershocks on the island.", &[("Qeshm", EntityKind::Place)]));
        let norm: f32 = a.terms.iter().map(|(_, w)| w * w).sum();
        assert!((norm - 1.0).abs() < 1e-4);
        assert!((a.cosine(&b) - b.cosine(&a)).abs() < 1e-6);
        assert!((a.cosine(&a) - 1.0).abs() < 1e-4);
    }

    /// A random corpus for the oracle: documents that each take a few
    /// terms of one of a few situations (names and words, some shared
    /// between situations) with few distinct weights, plus a few terms of
    /// the whole vocabulary, so lists of more than [`FULL_BLOCK`]
    /// documents, ties in them and documents that link to some of their
    /// situation's and not others are common; ids that repeat now and
    /// then, dates of every kind and some copies.
    fn random_corpus() -> impl proptest::strategy::Strategy<Value = (Vec<Member>, Vec<Option<usize>>)> {
        use proptest::prelude::*;
        let weight = || prop::sample::select(vec![0.05f32, 0.1, 0.2, 0.2, 0.35, 0.5, 0.8]);
        let name = |t: usize| if t.is_multiple_of(3) { format!("@place{t}") } else { format!("word{t}") };
        let published = prop::sample::select(vec![None, Some("2024-01-05"), Some("2024-02"), Some("2025-06-01"), Some(""), Some("soon"), Some("2023")]);
        let own = prop::collection::vec((0usize..14, weight()), 1..12);
        let stray = prop::collection::vec((0usize..200, weight()), 0..4);
        let doc = (0usize..300, published, 0usize..5, own, stray).prop_map(move |(id, published, situation, own, stray)| {
            // Each term once, as a profile has it (the old clustering gave
            // a term's second blocking slot no place in a long list).
            let mut terms: Vec<(String, f32)> = Vec::new();
            for (t, w) in own.into_iter().map(|(t, w)| (name(situation * 10 + t), w)).chain(stray.into_iter().map(|(t, w)| (name(t), w))) {
                if terms.iter().all(|(seen, _)| *seen != t) {
                    terms.push((t, w));
                }
            }
            Member { id: format!("d{id}"), published: published.map(str::to_string), profile: Profile { terms } }
        });
        (prop::collection::vec(doc, 0..300), prop::collection::vec(prop::option::weighted(0.03, 0usize..300), 300))
            .prop_map(|(members, copies)| {
                let copies = copies.into_iter().take(members.len()).collect();
                (members, copies)
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        #[test]
        fn the_flat_parallel_clustering_finds_the_stories_of_the_old_one((members, copies) in random_corpus()) {
            let mut old = oracle::CorpusBuilder::default();
            for m in &members {
                old.push(&m.id, m.published.as_deref(), &m.profile);
            }
            let expected = oracle::cluster_corpus(old.finish(), &copies);
            let got = cluster(&members, &copies);
            proptest::prop_assert_eq!(&got, &expected);
            // The stored bytes give the same corpus.
            let mut bytes = CorpusBuilder::default();
            for m in &members {
                bytes.push_bytes(&m.id, m.published.as_deref(), &m.profile.to_bytes());
            }
            proptest::prop_assert_eq!(cluster_corpus(bytes.finish(), copy_pairs(&copies)), expected);
        }

        #[test]
        fn long_blocking_lists_sorted_a_few_at_a_time_are_those_sorted_at_once((members, _) in random_corpus()) {
            let mut corpus = CorpusBuilder::default();
            for m in &members {
                corpus.push(&m.id, m.published.as_deref(), &m.profile);
            }
            let corpus = corpus.finish();
            let (whole, few) = (Blocking::sorting(&corpus, usize::MAX), Blocking::sorting(&corpus, 1));
            proptest::prop_assert_eq!((&few.at, &few.lists, &few.bin_ends), (&whole.at, &whole.lists, &whole.bin_ends));
            // Each document is where its places say, in the list of each of its blocking terms.
            for (d, places) in whole.at.chunks(BLOCKING_TERMS).enumerate() {
                for &p in places.iter().filter(|&&p| p != NO_TERM) {
                    proptest::prop_assert_eq!(whole.lists[p as usize] as usize, d);
                }
            }
        }
    }

    /// The corpus of the documents of `members` that `keep` keeps, the
    /// changed ones (`change`) with a profile of their own, and their copy
    /// pairs among them: with each one's place in `members`.
    fn corpus_of(members: &[Member], copies: &[Option<usize>], keep: &[bool], change: &[bool]) -> (Corpus, Vec<(usize, usize)>, Vec<usize>) {
        let places: Vec<usize> = (0..members.len()).filter(|&i| keep[i]).collect();
        let mut corpus = CorpusBuilder::default();
        for &i in &places {
            let m = &members[i];
            let mut profile = m.profile.clone();
            if change[i] {
                profile.terms.push((format!("@changed{i}"), 0.4));
                profile.terms.sort_by(|a, b| a.0.cmp(&b.0));
            }
            corpus.push(&m.id, m.published.as_deref(), &profile);
        }
        let pairs = places.iter().enumerate().filter_map(|(d, &i)| Some((d, places.binary_search(&copies[i]?).ok()?))).collect();
        (corpus.finish(), pairs, places)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(150))]
        #[test]
        fn a_clustering_continued_from_a_known_one_is_the_clustering_of_the_whole(
            (members, copies) in random_corpus(),
            was in proptest::collection::vec(proptest::bool::weighted(0.7), 300),
            is in proptest::collection::vec(proptest::bool::weighted(0.9), 300),
            change in proptest::collection::vec(proptest::bool::weighted(0.05), 300),
        ) {
            let same = vec![false; members.len()];
            let (before, pairs_before, at_before) = corpus_of(&members, &copies, &was, &same);
            let then = cluster_known(before, pairs_before.iter().copied(), None);
            let (now, pairs, at) = corpus_of(&members, &copies, &is, &change);
            // What a store would know: each document there before with the
            // same input and original, and its story then.
            let original = |pairs: &[(usize, usize)], places: &[usize], d: usize| pairs.iter().find(|p| p.0 == d).map(|p| places[p.1]);
            let story_of = at
                .iter()
                .enumerate()
                .map(|(d, i)| {
                    let b = at_before.binary_search(i).ok()?;
                    let same = then.inputs[b] == now.input(d) && original(&pairs_before, &at_before, b) == original(&pairs, &at, d);
                    same.then_some(then.stories.of_doc[b] as u32)
                })
                .collect();
            let known = Known {
                limit: then.limit,
                terms: then.terms.iter().copied().collect(),
                story_of,
                sizes: then.stories.members.iter().map(|m| m.len() as u32).collect(),
            };
            let whole = cluster_known(now.clone(), pairs.iter().copied(), None);
            let continued = cluster_known(now, pairs.iter().copied(), Some(&known));
            proptest::prop_assert_eq!(&continued.stories, &whole.stories);
            proptest::prop_assert_eq!(&continued.terms, &whole.terms);
            proptest::prop_assert!(continued.tried <= whole.tried);
        }
    }

    #[test]
    fn a_clustering_continued_after_a_few_new_documents_tries_only_theirs() {
        // Twelve stories of 40 documents, each naming its own town and
        // people, then two more documents of the first story.
        let member = |i: usize, story: usize| Member {
            id: format!("d{i:04}"),
            published: Some("2024-03-01".into()),
            profile: Profile { terms: vec![(format!("@person{story}"), 0.5), (format!("@town{story}"), 0.6), (format!("word{story}"), 0.62)] },
        };
        let members: Vec<Member> = (0..482).map(|i| member(i, if i >= 480 { 0 } else { i % 12 })).collect();
        let corpus = |n: usize| {
            let mut c = CorpusBuilder::default();
            for m in &members[..n] {
                c.push(&m.id, m.published.as_deref(), &m.profile);
            }
            c.finish()
        };
        let then = cluster_known(corpus(480), std::iter::empty(), None);
        assert_eq!((then.stories.members.len(), then.tried), (12, 480));
        let known = Known {
            limit: then.limit,
            terms: then.terms.iter().copied().collect(),
            story_of: (0..482).map(|d| (d < 480).then(|| then.stories.of_doc[d] as u32)).collect(),
            sizes: then.stories.members.iter().map(|m| m.len() as u32).collect(),
        };
        let now = cluster_known(corpus(482), std::iter::empty(), Some(&known));
        assert_eq!(now.stories, cluster_corpus(corpus(482), std::iter::empty()));
        assert_eq!(now.stories.members[0].len(), 42);
        assert_eq!(now.tried, 2);
    }

    #[test]
    fn a_term_no_longer_widespread_links_stories_that_kept_every_document() {
        // Two stories of five and 50 items of their own share a word, in 60
        // documents: widespread, it links none of them. With 20 of the
        // items gone it is in 40, no longer widespread, and links them all,
        // though the two stories kept every document and the other items
        // did too: their documents' links are tried again since a term of
        // theirs moved.
        let member = |i: usize, names: [&str; 2]| Member {
            id: format!("d{i:03}"),
            published: None,
            profile: Profile { terms: vec![(format!("@{}", names[0]), 0.5), (format!("@{}", names[1]), 0.5), ("word".into(), 0.6)] },
        };
        let fillers: Vec<String> = (0..50).map(|i| format!("item{i}")).collect();
        let mut members: Vec<Member> = (0..10).map(|i| member(i, if i < 5 { ["alpha", "alphatown"] } else { ["beta", "betatown"] })).collect();
        members.extend(fillers.iter().enumerate().map(|(i, f)| member(10 + i, [f.as_str(), f.as_str()])));
        let corpus = |members: &[Member]| {
            let mut c = CorpusBuilder::default();
            for m in members {
                c.push(&m.id, m.published.as_deref(), &m.profile);
            }
            c.finish()
        };
        let then = cluster_known(corpus(&members), std::iter::empty(), None);
        assert_eq!(then.stories.members.len(), 52);
        let now: Vec<Member> = members[..40].to_vec();
        let known = Known {
            limit: then.limit,
            terms: then.terms.iter().copied().collect(),
            story_of: (0..40).map(|d| Some(then.stories.of_doc[d] as u32)).collect(),
            sizes: then.stories.members.iter().map(|m| m.len() as u32).collect(),
        };
        let continued = cluster_known(corpus(&now), std::iter::empty(), Some(&known));
        assert_eq!(continued.stories.members.len(), 1);
        assert_eq!(continued.stories, cluster_corpus(corpus(&now), std::iter::empty()));
    }

    #[test]
    fn a_label_from_the_names_of_the_profiles_is_the_label_from_the_whole() {
        let texts = [
            "Mayor Ilsa Brenn of Harrowby said the Tarmo river flooded 300 homes near the old quarry.",
            "Harrowby officials and Ilsa Brenn asked the Kellmoor council for pumps as the Tarmo rose.",
            "In Kellmoor, the Tarmo burst its banks; Harrowby sent volunteers with sandbags.",
        ];
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut d = Document { id: format!("d{i}"), text: t.to_string(), ..Default::default() };
                sitrep_annotate::annotate(&mut d);
                d
            })
            .collect();
        let whole: Vec<Profile> = docs.iter().map(profile).collect();
        let names: Vec<Profile> = whole.iter().map(Profile::names).collect();
        assert!(names.iter().all(|p| !p.terms.is_empty() && p.terms.iter().all(|(t, _)| t.starts_with('@'))), "{names:?}");
        assert!(whole.iter().zip(&names).all(|(w, n)| w.terms.len() > n.terms.len()), "the profiles have words besides names");
        let expected = label(&docs, &whole);
        assert!(expected.contains("Harrowby"), "{expected}");
        assert_eq!(label(&docs, &names), expected);
        // Kept as bytes, as a store keeps them.
        let stored: Vec<Profile> = names.iter().map(|p| Profile::from_bytes(&p.to_bytes()).unwrap()).collect();
        assert_eq!(label(&docs, &stored), expected);
    }
}
