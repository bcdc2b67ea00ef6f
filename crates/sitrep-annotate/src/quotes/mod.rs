//! Quotes and reported speech, with their speakers.
//!
//! [`find`] runs four passes over one tokenization of the text, then
//! resolves speakers:
//!
//! 1. `marks` pairs quotation marks into quoted spans (straight or curly,
//!    mixed, nested in the other style, continued over paragraphs).
//! 2. `direct` keeps the quoted spans that are speech: with a cue before
//!    (`X said: "…"`, `Said X: "…"`, `X put it this way: "…"`, a paragraph
//!    ending `X reports:`) or after (`"…," said X`, `"…," X added`,
//!    `"…," according to X`, `"…" ― X`), or standing as whole sentences
//!    (speaker from context). Short quoted phrases inside a sentence with
//!    no cue are scare quotes or titles and are dropped; a partial quote is
//!    part of the reported speech around it.
//! 3. `reported`: reported speech, one sentence at a time (`X said (that)
//!    …`, `…, X said.`, `…, X said, …`, `according to X, …`, `X told
//!    reporters …`, `…, adding that …`, `it was reported that …`). The
//!    quote is the reported content, which ends before a concessive or
//!    participle clause and before a coordinated cue of its own.
//! 4. `interview`: question-and-answer interviews (answers belong to the
//!    interviewee) and transcripts (`NAME: …`).
//!
//! Speakers are then resolved in reading order: pronouns ("he adds") to the
//! nearest agreeing speaker or sentence subject (gender from titles and
//! given names, plurals and organisations for "they" and "it"; names inside
//! quotations are no antecedents), quotes with no cue to the person who is
//! the subject of the sentence just before them when that sentence has no
//! speech of its own ("Ana Ruiz disagreed. “…”"), else to the speaker of the
//! quote before them, short names to the fuller name used earlier, and
//! names to the entities whose mentions they overlap. A speaker named with
//! an affiliation ("Ana Ruiz of the Harbour Institute") is the person alone.
//! The speech cues and name lists live in `data/lang/en/speech/`. A
//! document in another pack language is read by `languages` instead, from
//! its pack's `data/lang/<code>/quotes.tsv` (see [`find_in`]).
//!
//! The work per cue is bounded (sentences longer than `MAX_UNIT` tokens
//! are cut), so the whole is linear in the length of the text.

mod direct;
mod interview;
mod languages;
mod lexicon;
mod marks;
mod reported;
mod speaker;
mod tokens;

use lexicon::{lower, Gender};
use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;
use sitrep_core::{Document, Entity, EntityKind, Quote, Span};
use sitrep_text::analysis::Analysis;
use speaker::{Np, Pronoun, Traits};
use tokens::{Kind, Tok};
use sitrep_text::lists::{list, Words};

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/quotes.txt");

/// Conjunctions (and "the") after which a noun phrase opens its clause.
static SUBJECT_OPENERS: Words = LazyLock::new(|| list(WORDS, "subject_openers"));

/// Abbreviations, as written, that take a period without ending the sentence.
static ABBREVIATIONS: Words = LazyLock::new(|| list(WORDS, "abbreviations"));

/// Prepositions that make a name in a speaker's phrase an affiliation ("at X").
static AFFILIATION_PREPOSITIONS: Words = LazyLock::new(|| list(WORDS, "affiliation_prepositions"));

/// Articles, lowercase: a noun phrase opening with one is a common noun's
/// ("the regional council"), no name.
static ARTICLES: Words = LazyLock::new(|| list(WORDS, "articles"));

/// Words after a comma that open an appositive about a speaker (", a
/// retired general", ", who ...").
static APPOSITIVE_OPENERS: Words = LazyLock::new(|| list(WORDS, "appositive_openers"));

/// Relative pronouns, lowercase: a cue right after one is in a relative
/// clause ("a firefighter who asked not to be named told ...").
static RELATIVES: Words = LazyLock::new(|| list(WORDS, "relatives"));

/// Cue words, lowercase, whose source follows them and is no subject before
/// them ("according to X").
static SOURCE_FIRST: Words = LazyLock::new(|| list(WORDS, "source_first"));

/// Conjunctions, lowercase, that may open a sentence before its subject
/// ("But the minister erred.").
static SENTENCE_CONJUNCTIONS: Words = LazyLock::new(|| list(WORDS, "sentence_conjunctions"));

/// Conjunctions, as written, ending an attribution that goes on into a
/// quote ("he said, but “…”").
static ATTRIBUTION_JOINERS: Words = LazyLock::new(|| list(WORDS, "attribution_joiners"));

/// Words, as written, that make a cue before a quote reported speech ("said that “…”").
static QUOTE_COMPLEMENTIZERS: Words = LazyLock::new(|| list(WORDS, "quote_complementizers"));

/// Words, lowercase, before a cue that make it speak for the sentence's
/// subject ("… and says, “…”").
static SUBJECT_SHARERS: Words = LazyLock::new(|| list(WORDS, "subject_sharers"));

/// Words, lowercase, joining a quote to the next one, which carries the
/// attribution of both ("“A,” adding “B,” X said").
static QUOTE_PAIRERS: Words = LazyLock::new(|| list(WORDS, "quote_pairers"));

/// Prepositions after a person's name that leave what follows out of the
/// person's head ("Ana Ruiz of the Harbour Institute").
static HEAD_AFFILIATIONS: Words = LazyLock::new(|| list(WORDS, "head_affiliations"));

/// Who said a found quote, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Np(Np),
    /// No cue of its own: the speaker of the quote before it.
    Inherit,
    /// Speech with no speaker ("it was reported that").
    Nobody,
}

/// A quote found by one of the passes.
#[derive(Debug, Clone, Copy)]
struct Found {
    s: usize,
    e: usize,
    direct: bool,
    who: Who,
    /// Byte span of the cue as written.
    cue: Option<(usize, usize)>,
    /// A turn of an interview or transcript.
    turn: bool,
}

/// The shared analysis of one text.
struct Ctx<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    marks: Vec<marks::Marked>,
    /// For each token, the index of the quoted span holding it (marks included).
    mark_of: Vec<Option<u32>>,
    /// Sentences as token ranges.
    units: Vec<(usize, usize)>,
    /// Tokens already used as a cue or speaker by an earlier pass.
    used: Vec<bool>,
    /// Names standing as sentence subjects, in order: antecedents for pronouns.
    subjects: Vec<Np>,
    /// Entity mentions as (start, end, entity index), sorted.
    mentions: Vec<(usize, usize, usize)>,
    /// The kind of each entity.
    kinds: Vec<EntityKind>,
}

impl<'a> Ctx<'a> {
    fn new(a: &Analysis<'a>, entities: &[Entity]) -> Self {
        let (text, sentences) = (a.text(), a.sentences());
        let toks = tokens::of(text, a.quote_words(), 0);
        let marks = marks::find(text);
        let mut mark_of = vec![None; toks.len()];
        for (mi, m) in marks.iter().enumerate() {
            let a = tokens::first_at(&toks, m.start);
            let b = tokens::first_at(&toks, m.end);
            for slot in &mut mark_of[a..b] {
                *slot = Some(mi as u32);
            }
        }
        let units = units(text, &toks, sentences);
        let used = vec![false; toks.len()];
        let mut mentions: Vec<(usize, usize, usize)> = entities
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.mentions.iter().map(move |m| (m.start, m.end, i)))
            .collect();
        mentions.sort_unstable();
        let kinds = entities.iter().map(|e| e.kind).collect();
        Ctx { text, toks, marks, mark_of, units, used, subjects: Vec::new(), mentions, kinds }
    }

    fn word(&self, i: usize) -> std::borrow::Cow<'a, str> {
        lower(self.toks[i].text(self.text))
    }

    fn is(&self, i: usize, p: &str) -> bool {
        i < self.toks.len() && self.toks[i].text(self.text) == p
    }

    /// The cue starting at token `i`: its length in tokens and class.
    fn cue_at(&self, i: usize) -> Option<(usize, lexicon::CueClass)> {
        let t = self.toks[i];
        if !t.is_word() {
            return None;
        }
        let w = self.word(i);
        lexicon::LEXICON.cue(&w, |k| self.toks.get(i + k).filter(|t| t.is_word()).map(|t| t.text(self.text)))
    }

/// The subject of a sentence when it is a name: the first run of
    /// capitalised words (not after a preposition) followed by a lowercase
    /// word or set off by commas; or a phrase like "the regional council"
    /// opening the sentence. It speaks for participle cues ("…, saying that
    /// …") and is a candidate for later pronouns.
    fn subject(&self, u0: usize, k: usize) -> Option<Np> {
        if u0 < k && ARTICLES.contains(&&*self.word(u0)) {
            let org = (u0 + 1..k.min(u0 + 5)).take_while(|&t| self.toks[t].is_word()).find(|&t| {
                lexicon::LEXICON.is_org_word(&self.word(t)) && self.toks.get(t + 1).is_some_and(|n| n.kind == Kind::Lower)
            });
            if let Some(t) = org {
                return Some(Np { s: self.toks[u0].s, e: self.toks[t].e, pronoun: None });
            }
        }
        let mut j = u0;
        while j < k {
            if !self.toks[j].is_cap() {
                if self.toks[j].kind == Kind::Punct && !self.is(j, ",") {
                    return None;
                }
                j += 1;
                continue;
            }
            let s = j;
            while j < k && (self.toks[j].is_cap() || self.is(j, ".") && j > s) {
                j += 1;
                // "Hawaii governor Josh Green toured": a title in lower case
                // inside the name goes on to the name after it.
                let titled = j + 1 < k && self.toks[j].kind == Kind::Lower && lexicon::LEXICON.title(&self.word(j)).is_some() && self.toks[j + 1].is_cap();
                if titled {
                    j += 1;
                }
            }
            let Some(first) = (s..j).find(|&t| self.toks[t].is_word() && !speaker::is_stop_word(&self.word(t))) else {
                continue;
            };
            // A subject opens its clause: at the start, after a comma or a
            // conjunction ("On March 9" and "granted Mr. Ruiz" are no subjects).
            let opens = first == u0
                || self.is(first - 1, ",")
                || self.toks[first - 1].is_word() && SUBJECT_OPENERS.contains(&&*self.word(first - 1));
            let after_prep = !opens;
            // "Sen. Ana Ruiz (D-Ore.) said": look past a short parenthesis.
            if self.is(j, "(") {
                let run_end = j;
                if let Some(close) = (j + 1..k.min(j + 8)).find(|&t| self.is(t, ")")) {
                    j = close + 1;
                    if !after_prep && j < k && self.toks[j].kind == Kind::Lower {
                        return Some(Np { s: self.toks[first].s, e: self.toks[run_end - 1].e, pronoun: None });
                    }
                }
                continue;
            }
            let apposed = (s == u0 || self.is(s - 1, ",")) && self.is(j, ",");
            let verb_next = j < k && self.toks[j].kind == Kind::Lower && self.toks[j].text(self.text).starts_with(char::is_alphabetic);
            if !after_prep && (verb_next || apposed) {
                return Some(Np { s: self.toks[first].s, e: self.toks[j - 1].e, pronoun: None });
            }
        }
        None
    }

    /// Whether token `i` ends a sentence: `.`, `!` or `?` not after a title
    /// abbreviation or an initial.
    fn ends_sentence(&self, i: usize) -> bool {
        let t = self.toks[i];
        if t.kind == Kind::Break {
            return true;
        }
        if t.kind != Kind::Punct {
            return false;
        }
        match t.text(self.text) {
            "!" | "?" => true,
            "." => {
                let abbrev = i > 0 && self.toks[i - 1].e == t.s && abbreviation(self.toks[i - 1].text(self.text));
                // "(R-Fla.) said", "Inc., the", "a.m. on": no sentence ends before these.
                let next = self.toks.get(i + 1);
                let runs_on = next.is_some_and(|n| n.kind == Kind::Lower || matches!(n.text(self.text), ")" | "," | ";"));
                !abbrev && !runs_on
            }
            _ => false,
        }
    }
}

/// Whether `w` (lowercase) has the ending of a participle ("adding").
fn participle(w: &str) -> bool {
    sitrep_lang::morph::is_participle(w)
}

/// A word that takes a period without ending the sentence: titles ("Mr",
/// "Gen"), single initials, and the like.
fn abbreviation(word: &str) -> bool {
    let single = word.chars().count() == 1 && word.starts_with(char::is_uppercase);
    single
        || word.starts_with(char::is_uppercase) && lexicon::LEXICON.title(&lower(word)).is_some()
        || ABBREVIATIONS.contains(&word)
}

/// Sentences as token ranges: the given spans, rejoined where a sentence was
/// cut after an abbreviation ("Lt. Gen. Chun"), and cut at line breaks.
fn units(text: &str, toks: &[Tok], sentences: &[Span]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(sentences.len());
    let mut prev_end_tok: Option<usize> = None;
    for s in sentences {
        let a = tokens::first_at(toks, s.start);
        let b = tokens::first_at(toks, s.end);
        if a >= b {
            continue;
        }
        let join = match (out.last(), prev_end_tok) {
            (Some(_), Some(pe)) => {
                let no_break = toks[pe..a].iter().all(|t| t.kind != Kind::Break);
                // "… Lt. Gen. (ret.) Chun": look through a closing parenthesis.
                let pe = if pe >= 1 && toks[pe - 1].text(text) == ")" { pe - 1 } else { pe };
                let last = pe.checked_sub(1).map(|k| toks[k]);
                let before = pe.checked_sub(2).map(|k| toks[k]);
                no_break
                    && matches!(last, Some(t) if t.text(text) == ".")
                    && matches!(before, Some(t) if t.is_word() && abbreviation(t.text(text)))
            }
            _ => false,
        };
        if join {
            out.last_mut().expect("joined to a previous unit").1 = b;
        } else {
            out.push((a, b));
        }
        prev_end_tok = Some(b);
    }
    // Line breaks always end a unit, and no unit is longer than MAX_UNIT
    // tokens (which keeps the work per cue bounded on text with no sentences).
    let mut cut = Vec::with_capacity(out.len());
    let mut push = |s: usize, e: usize| {
        for c in (s..e).step_by(MAX_UNIT) {
            cut.push((c, (c + MAX_UNIT).min(e)));
        }
    };
    for (a, b) in out {
        let mut s = a;
        for (k, t) in toks.iter().enumerate().take(b).skip(a) {
            if t.kind == Kind::Break {
                if k > s {
                    push(s, k);
                }
                s = k + 1;
            }
        }
        if b > s {
            push(s, b);
        }
    }
    cut
}

/// The longest sentence, in tokens, that the passes look at as one.
const MAX_UNIT: usize = 250;

/// The quote stage of [`crate::annotate`]: fills `Document::quotes`, the
/// speakers linked to the entities found before. It reads the text's
/// tokens in the quote view ([`Analysis::quote_words`]), which claims
/// reads as well.
pub struct Stage;

impl crate::Annotator for Stage {
    fn annotate(&self, text: &Analysis, doc: &mut Document) {
        doc.quotes = find_in(text, &doc.entities, doc.language.as_deref());
    }
}

/// Find the quotes of `text` and link their speakers to `entities`;
/// `sentences` are the text's, of [`crate::sentences::split`].
pub fn find(text: &str, sentences: &[Span], entities: &[Entity]) -> Vec<Quote> {
    find_analysed(&Analysis::with_sentences(text, sentences), entities)
}

/// The quotes of a text in `language`: the pack language's marks and cues
/// (`languages`) where the language has a pack, else English's ([`find_analysed`]).
pub fn find_in(text: &Analysis, entities: &[Entity], language: Option<&str>) -> Vec<Quote> {
    match languages::pack(language) {
        Some(p) => languages::find(text.text(), text.sentences(), entities, p),
        None => find_analysed(text, entities),
    }
}

/// [`find`] over a text read once ([`Analysis`]).
pub fn find_analysed(text: &Analysis, entities: &[Entity]) -> Vec<Quote> {
    let mut ctx = Ctx::new(text, entities);
    let mut found = direct::find(&mut ctx);
    found.extend(interview::find(&mut ctx));
    found.extend(reported::find(&mut ctx, &found));
    found.sort_by_key(|f| (f.s, std::cmp::Reverse(f.e)));
    let found = dedupe(found);
    resolve(&ctx, &found, entities)
}

/// Whether a word (lower case) is a title that stands for a person
/// ("minister", "secretary", "governor"; not "defense", "interior"), from
/// `data/lang/en/speech/titles.txt`.
pub(crate) fn is_title(word: &str) -> bool {
    lexicon::LEXICON.title(word).is_some()
}

/// The subject of the verb at bytes `cue` of a sentence that starts at byte
/// `lo` of the text `a` reads, found the way the quote finder finds a
/// speaker before its cue ("Ana Ruiz, the port's director, said",
/// "Residents who fled said"): for claims, which name their sources as
/// quotes name their speakers. `None` for a pronoun, a passive or no
/// subject.
pub(crate) fn subject_before(a: &Analysis, lo: usize, cue: (usize, usize)) -> Option<(usize, usize)> {
    let slice = a.text().get(lo..cue.1)?;
    let toks = tokens::of(slice, &a.quote_words_in(Span { start: lo, end: cue.1 }), lo);
    let k = toks.len().checked_sub(1)?;
    if toks[k].s + lo != cue.0 {
        return None;
    }
    match speaker::before(slice, &toks, 0, k) {
        speaker::Before::Speaker(np) if np.pronoun.is_none() => Some((lo + np.s, lo + np.e)),
        _ => None,
    }
}

/// The speaker phrase that starts at byte `at` and ends by byte `hi` of
/// the text `a` reads, read the way the quote finder reads one after its
/// cue ("said Ana Ruiz, the director", "according to a Western diplomat
/// who asked"). `None` for a pronoun.
pub(crate) fn phrase_after(a: &Analysis, at: usize, hi: usize) -> Option<(usize, usize)> {
    let slice = a.text().get(at..hi)?;
    let toks = tokens::of(slice, &a.quote_words_in(Span { start: at, end: hi }), at);
    let np = speaker::after(slice, &toks, 0, toks.len())?;
    np.pronoun.is_none().then_some((at + np.s, at + np.e))
}

/// Drop exact duplicates, a reported quote lying mostly inside an
/// attributed direct quote, and an unattributed direct quote that an
/// interview or transcript turn overlaps (a transcript's paragraphs often
/// open with quotation marks that never close).
fn dedupe(found: Vec<Found>) -> Vec<Found> {
    let directs: Vec<(usize, usize)> = found.iter().filter(|f| f.direct && f.cue.is_some()).map(|f| (f.s, f.e)).collect();
    let turns: Vec<(usize, usize)> = found.iter().filter(|f| f.turn).map(|f| (f.s, f.e)).collect();
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        if out.last().is_some_and(|l| l.s == f.s && l.e == f.e) {
            continue;
        }
        if f.direct && f.cue.is_none() {
            let k = turns.partition_point(|t| t.1 <= f.s);
            if turns.get(k).is_some_and(|t| t.0 < f.e) {
                continue;
            }
        }
        if !f.direct && !f.turn {
            let k = directs.partition_point(|d| d.1 <= f.s);
            let inside: usize = directs[k..]
                .iter()
                .take_while(|d| d.0 < f.e)
                .map(|d| d.1.min(f.e) - d.0.max(f.s))
                .sum();
            if inside * 2 > f.e - f.s {
                continue;
            }
        }
        out.push(f);
    }
    out
}

/// A named speaker seen so far, for resolving pronouns and short names.
struct Seen {
    name: String,
    entity: Option<usize>,
    traits: Traits,
    /// Where the name stands in the text.
    pos: usize,
}

/// The entity a speaker phrase refers to: one whose mention overlaps the
/// phrase's last word, unless a preposition stands before the mention
/// ("a fellow at Brookings" is not Brookings).
fn entity_of(text: &str, np: &Np, mentions: &[(usize, usize, usize)]) -> Option<usize> {
    let k = mentions.partition_point(|m| m.1 <= np.s);
    mentions[k..].iter().take_while(|m| m.0 < np.e).find_map(|&(s, e, ent)| {
        let covers_end = e >= np.e || text[e..np.e].trim_matches(|c: char| !c.is_alphanumeric()).is_empty();
        let lead = &text[np.s..s.max(np.s)];
        let prep = lead.split_whitespace().any(|w| AFFILIATION_PREPOSITIONS.contains(&w));
        (covers_end && !prep).then_some(ent)
    })
}

/// A speaker phrase that opens with a person's name and goes on with an
/// affiliation ("Ana Ruiz of the Harbour Institute", "Ana Ruiz, a fellow at
/// …", "Ana Ruiz at the institute") is that person: cut it to the mention.
fn person_head(text: &str, np: Np, mentions: &[(usize, usize, usize)], entities: &[Entity]) -> Np {
    let k = mentions.partition_point(|m| m.0 < np.s);
    let Some(&(_, e, ent)) = mentions.get(k).filter(|m| m.0 == np.s && m.1 < np.e) else {
        return np;
    };
    if entities[ent].kind != EntityKind::Person {
        return np;
    }
    let rest = text[e..np.e].trim_start();
    let affiliation = rest.starts_with(',') || HEAD_AFFILIATIONS.iter().any(|p| rest.strip_prefix(p).is_some_and(|r| r.starts_with(' ')));
    if affiliation {
        Np { e, ..np }
    } else {
        np
    }
}

fn resolve(ctx: &Ctx, found: &[Found], entities: &[Entity]) -> Vec<Quote> {
    let text = ctx.text;
    let mentions = &ctx.mentions;
    // Antecedents that are not speakers: the names standing as sentence subjects, in order.
    // Places are not speakers: "Moscow has …" does not make "he" Moscow.
    let antecedents: Vec<(usize, usize, Option<usize>)> = ctx
        .subjects
        .iter()
        .map(|np| (np.s, np.e, entity_of(text, np, mentions)))
        .filter(|a| a.2.is_none_or(|i| entities[i].kind != EntityKind::Place))
        .collect();
    let mut next_antecedent = 0;
    let mut seen: Vec<Seen> = Vec::new();
    // Last word of a name → the latest full name ending in it.
    let mut fullest: HashMap<String, String> = HashMap::new();
    let mut out: Vec<Quote> = Vec::with_capacity(found.len());
    // The resolved speaker of the previous quote: (name, entity), and where that quote ended.
    let mut last: Option<(Option<String>, Option<usize>, usize)> = None;
    for f in found {
        let (name, ent) = match f.who {
            Who::Nobody => (None, None),
            Who::Inherit => match &last {
                Some((n, e, end)) if f.s.saturating_sub(*end) < 1500 => (n.clone(), *e),
                _ => (None, None),
            },
            Who::Np(np) => match np.pronoun {
                Some(p) => {
                    while let Some(&(s, e, ent)) = antecedents.get(next_antecedent).filter(|a| a.1 <= np.s) {
                        let name = best_name(&fullest, &text[s..e], ent.map(|i| &entities[i]));
                        let traits = kind_traits(speaker::traits(&name), ent.map(|i| entities[i].kind));
                        remember(&mut fullest, &name, traits);
                        seen.push(Seen { name, entity: ent, traits, pos: s });
                        next_antecedent += 1;
                    }
                    match pick(&mut seen, p) {
                    Some(k) => (Some(seen[k].name.clone()), seen[k].entity),
                    None => (Some(text[np.s..np.e].to_string()), None),
                    }
                }
                None => {
                    let np = person_head(text, np, mentions, entities);
                    let ent = entity_of(text, &np, mentions)
                        .filter(|&i| matches!(entities[i].kind, EntityKind::Person | EntityKind::Organization | EntityKind::Group));
                    let name = best_name(&fullest, text[np.s..np.e].trim(), ent.map(|i| &entities[i]));
                    let traits = kind_traits(speaker::traits(&name), ent.map(|i| entities[i].kind));
                    remember(&mut fullest, &name, traits);
                    seen.push(Seen { name: name.clone(), entity: ent, traits, pos: np.s });
                    (Some(name), ent)
                }
            },
        };
        last = Some((name.clone(), ent, f.e));
        let (s, e) = trim(text, f.s, f.e);
        if s >= e {
            continue;
        }
        out.push(Quote {
            start: s,
            end: e,
            text: text[s..e].to_string(),
            direct: f.direct,
            speaker: ent.map(|i| entities[i].id.clone()),
            speaker_name: name,
            cue: f.cue.map(|(a, b)| text[a..b].to_string()),
        });
    }
    out
}

/// Correct a speaker's traits with its entity's kind: a group is plural,
/// an organisation is an organisation, a person is neither.
fn kind_traits(t: Traits, kind: Option<EntityKind>) -> Traits {
    match kind {
        Some(EntityKind::Group) => Traits { org: false, plural: true, gender: None, ..t },
        Some(EntityKind::Organization) => Traits { org: true, plural: false, gender: None, ..t },
        Some(EntityKind::Person) => Traits { org: false, plural: false, ..t },
        _ => t,
    }
}

/// The most recent speaker a pronoun can refer to; teaches that speaker
/// the pronoun's gender.
fn pick(seen: &mut [Seen], p: Pronoun) -> Option<usize> {
    let want = match p {
        Pronoun::He => Some(Gender::Male),
        Pronoun::She => Some(Gender::Female),
        _ => None,
    };
    // The nearest preceding name first: speakers and antecedents arrive out of order.
    let recent = seen.len().saturating_sub(40);
    let k = seen.iter().enumerate().skip(recent).filter(|(_, s)| {
        let t = s.traits;
        match p {
            Pronoun::He | Pronoun::She => !t.org && !t.plural && t.gender.is_none_or(|g| Some(g) == want),
            Pronoun::They => t.plural || t.org,
            Pronoun::It => t.org && !t.plural,
        }
    }).max_by_key(|(_, s)| s.pos)?.0;
    if seen[k].traits.gender.is_none() {
        seen[k].traits.gender = want;
    }
    Some(k)
}

/// The name to report for a speaker written as `written`: the linked
/// entity's name, or the fuller name of an earlier speaker, or as written;
/// the entity's name gives way when the text already used a longer one.
fn best_name(fullest: &HashMap<String, String>, written: &str, entity: Option<&Entity>) -> String {
    let fuller = fuller(fullest, written);
    let text_name = fuller.as_deref().unwrap_or(written);
    // The entity must end in the same word ("Bennett" → "Bruce Bennett"), or
    // be what an acronym stands for; "Harlow" is not "Harlow Foundation".
    // ("Park" → "Park Min-jae", family name first, is the same rule.)
    let last = |n: &str| n.rsplit(char::is_whitespace).find(|w| !w.is_empty()).map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase());
    let first = |n: &str| n.split_whitespace().next().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase());
    let written_last = last(text_name);
    let acronym = written_last.is_some() && text_name.rsplit(' ').next().is_some_and(|w| w.len() > 1 && w.chars().all(|c| c.is_uppercase()));
    match entity {
        Some(e) => {
            let family_first = !text_name.contains(char::is_whitespace) && first(&e.name) == written_last;
            let same = last(&e.name) == written_last || acronym || family_first;
            let longer_in_text = text_name.len() > e.name.len() && text_name.ends_with(e.name.as_str());
            if same && !longer_in_text { e.name.clone() } else { text_name.to_string() }
        }
        None => text_name.to_string(),
    }
}

/// The fullest name of an earlier speaker that `name` shortens ("Bennett" →
/// "Bruce Bennett", "Mr. Cancian" → "Mark Cancian").
fn fuller(fullest: &HashMap<String, String>, name: &str) -> Option<String> {
    let last = name.rsplit(|c: char| c.is_whitespace() || c == '.').next()?;
    if !last.starts_with(char::is_uppercase) {
        return None;
    }
    let bare = name.split_whitespace().filter(|w| {
        let w = w.trim_end_matches('.');
        lexicon::LEXICON.title(&lower(w)).is_none() && !w.starts_with('(')
    });
    if bare.count() != 1 {
        return None;
    }
    fullest.get(last).filter(|n| n.len() > last.len()).cloned()
}

/// Record a named speaker's full name under its last word, and under its
/// first when the name is written family name first ("Han Sung-ho").
fn remember(fullest: &mut HashMap<String, String>, name: &str, traits: Traits) {
    let words: Vec<&str> = name.split_whitespace().collect();
    if traits.named && words.len() >= 2 {
        fullest.insert(words[words.len() - 1].to_string(), name.to_string());
        if words.len() == 2 && words[1].contains('-') {
            fullest.insert(words[0].to_string(), name.to_string());
        }
    }
}

/// Trim white space and trailing commas, colons and dashes from a span.
fn trim(text: &str, s: usize, e: usize) -> (usize, usize) {
    let inner = &text[s..e];
    let t = inner.trim_start();
    let s2 = s + (inner.len() - t.len());
    let t = t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '—' | '–'));
    (s2, s2 + t.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_function_words_around_cues_are_read_from_the_data_file() {
        let lists: [(&Words, &str, &str); 10] = [
            (&ARTICLES, "an", "this"),
            (&APPOSITIVE_OPENERS, "who", "his"),
            (&RELATIVES, "that", "whose"),
            (&SOURCE_FIRST, "according", "to"),
            (&SENTENCE_CONJUNCTIONS, "yet", "or"),
            (&ATTRIBUTION_JOINERS, "but", "yet"),
            (&QUOTE_COMPLEMENTIZERS, "that", "whether"),
            (&SUBJECT_SHARERS, "then", "but"),
            (&QUOTE_PAIRERS, "adding", "said"),
            (&HEAD_AFFILIATIONS, "from", "with"),
        ];
        for (list, yes, no) in lists {
            assert!(list.contains(&yes), "{yes} missing");
            assert!(!list.contains(&no), "{no} listed");
        }
    }

    #[test]
    fn the_word_lists_of_sentences_and_subjects_are_read_from_the_data_file() {
        assert!(abbreviation("Corp") && abbreviation("Sept") && abbreviation("X"));
        assert!(!abbreviation("corp") && !abbreviation("Said"));
        assert!(SUBJECT_OPENERS.contains(&"because") && !SUBJECT_OPENERS.contains(&"that"));
        assert!(AFFILIATION_PREPOSITIONS.contains(&"with") && !AFFILIATION_PREPOSITIONS.contains(&"and"));
    }
}
