//! Who a claim is attributed to, and what kind of source that is.

use super::lexicon::SOURCE_WORDS;
use super::{author, Doc, Sentence};
use crate::tokens::Shape;
use sitrep_core::{ClaimSource, Entity, EntityKind, Quote, SourceKind};

/// Verbs whose grammatical subject is the source of what follows them
/// ("the Pentagon estimates ...", "Seoul had put the figure at ...").
const ATTRIBUTION_VERBS: &[&str] = &[
    "said", "says", "say", "estimated", "estimates", "estimate", "put", "puts", "believes", "believe",
    "believed", "assessed", "assesses", "assess", "told", "reported", "reports", "claimed", "claims",
    "warned", "confirmed", "announced", "stated", "calculated", "counted", "projected", "predicted",
];

/// Words skipped between a subject and its verb ("Seoul had earlier put").
const BETWEEN: &[&str] = &[
    "has", "have", "had", "also", "now", "previously", "earlier", "first", "then", "later", "since",
    "already", "initially", "originally", "separately", "publicly",
];

/// Words that end a noun phrase scanned backwards or forwards.
const NP_STOP: &[&str] = &[
    "that", "which", "who", "whom", "whose", "and", "or", "but", "said", "says", "as", "when", "while",
    "after", "before", "if", "than", "on", "in", "at", "last", "this", "with", "to", "for", "is",
    "are", "was", "were", "be", "been", "it", "he", "she", "they", "we", "i",
];

/// The source of a figure at byte `at` of a sentence: the speaker of the
/// quote that holds it, else the sentence's attribution, else the author.
pub fn of(doc: &Doc, ctx: &Sentence, at: usize, quote: Option<&Quote>) -> ClaimSource {
    if let Some(q) = quote {
        let src = from_quote(doc, q);
        if src.name.is_some() {
            return src;
        }
    }
    according_to(doc, ctx)
        .or_else(|| estimated_by(doc, ctx))
        .or_else(|| verb_subject(doc, ctx, at))
        .unwrap_or_else(|| author(doc))
}

/// The speaker of a quote: the entity when it is one, else the speaker as
/// named ("a Western diplomat"); an unattributed quote is the author's.
pub fn from_quote(doc: &Doc, q: &Quote) -> ClaimSource {
    let entity = q.speaker.as_deref().and_then(|id| doc.entity(id));
    match (entity, q.speaker_name.as_deref()) {
        (Some(e), _) => ClaimSource { name: Some(e.name.clone()), entity: Some(e.id.clone()), kind: kind_of(&e.name, Some(e.kind)) },
        (None, Some(name)) => named(strip_determiner(name), None),
        (None, None) => author(doc),
    }
}

/// "according to the Pentagon", "according to lawmakers who attended".
fn according_to(doc: &Doc, ctx: &Sentence) -> Option<ClaimSource> {
    let i = (0..ctx.lower.len().saturating_sub(1)).find(|&i| ctx.lower[i] == "according" && ctx.lower[i + 1] == "to")?;
    np_after(doc, ctx, i + 2)
}

/// Participles whose agent ("by X") is the source of a figure.
const BY_AGENT_VERBS: &[&str] =
    &["estimated", "assessed", "reported", "put", "given", "released", "cited", "confirmed", "calculated", "valued", "projected"];

/// Words after "by" (or "by the") that make it a deadline, not an agent:
/// "by December", "by the end of the year".
const NOT_AGENT: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "end", "then", "now", "next", "last", "early", "late", "mid", "far", "year",
    "month", "week", "time",
];

/// "estimated by the Pentagon at 10,000", "put at $3 billion by the
/// statistics office": the agent of an estimating participle, at most a
/// few words after it.
fn estimated_by(doc: &Doc, ctx: &Sentence) -> Option<ClaimSource> {
    const REACH: usize = 6;
    let verb = (0..ctx.lower.len()).find(|&i| BY_AGENT_VERBS.contains(&ctx.lower[i].as_str()))?;
    let i = (verb + 1..ctx.lower.len().min(verb + 1 + REACH)).find(|&i| ctx.lower[i] == "by")?;
    let head = if ctx.lower.get(i + 1).is_some_and(|w| w == "the") { i + 2 } else { i + 1 };
    if ctx.lower.get(head).is_none_or(|w| NOT_AGENT.contains(&w.as_str())) {
        return None;
    }
    np_after(doc, ctx, i + 1)
}

/// The subject of the attribution verb nearest before `at`, or the first
/// one after it ("More than 3,000 arrived, the office said").
fn verb_subject(doc: &Doc, ctx: &Sentence, at: usize) -> Option<ClaimSource> {
    let here = ctx.index_at(at);
    let verbs: Vec<usize> = (0..ctx.toks.len()).filter(|&i| ATTRIBUTION_VERBS.contains(&ctx.lower[i].as_str())).collect();
    let before = verbs.iter().rev().find(|&&v| v < here);
    let after = verbs.iter().find(|&&v| v > here);
    before.into_iter().chain(after).find_map(|&v| np_before(doc, ctx, v).filter(names_a_source))
}

/// Whether a phrase before a verb can be a source: it names something
/// (a capitalised word) or is a source noun ("officials", "analysts"), not
/// a stray phrase such as "by most" in "by most estimates".
fn names_a_source(src: &ClaimSource) -> bool {
    src.entity.is_some()
        || src.name.as_deref().is_some_and(|n| {
            let lower = n.to_lowercase();
            let words: Vec<&str> = lower.split_whitespace().collect();
            n.split_whitespace().any(|w| w.starts_with(char::is_uppercase))
                || (0..words.len()).any(|i| SOURCE_WORDS.at(&words, i).is_some())
        })
}

/// The noun phrase starting at token `i`, up to punctuation or a clause word.
fn np_after(doc: &Doc, ctx: &Sentence, i: usize) -> Option<ClaimSource> {
    let mut j = i;
    while j < ctx.toks.len() && j < i + 8 && !ends_np(ctx, j) {
        j += 1;
    }
    (j > i).then(|| phrase(doc, ctx, i, j)).flatten()
}

/// The noun phrase ending just before token `v` (skipping auxiliaries).
fn np_before(doc: &Doc, ctx: &Sentence, v: usize) -> Option<ClaimSource> {
    let mut end = v;
    while end > 0 && BETWEEN.contains(&ctx.lower[end - 1].as_str()) {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && end - start < 7 && !ends_np(ctx, start - 1) {
        start -= 1;
    }
    (start < end).then(|| phrase(doc, ctx, start, end)).flatten()
}

fn ends_np(ctx: &Sentence, j: usize) -> bool {
    let t = &ctx.toks[j];
    if t.shape == Shape::Punct {
        return !matches!(ctx.word(j), "'s" | "’s" | "-" | "&");
    }
    if t.shape == Shape::Number {
        return true;
    }
    NP_STOP.contains(&ctx.lower[j].as_str()) || ATTRIBUTION_VERBS.contains(&ctx.lower[j].as_str())
}

/// The source named by tokens `i..j`: an entity when the phrase is one
/// entity mention (or ends in one: "Ukraine's president Volodymyr
/// Zelenskyy"), else the phrase itself.
fn phrase(doc: &Doc, ctx: &Sentence, i: usize, j: usize) -> Option<ClaimSource> {
    let (start, end) = (ctx.toks[i].start, ctx.toks[j - 1].end);
    let text = strip_determiner(&ctx.text[start..end]);
    if text.is_empty() || !text.chars().any(char::is_alphabetic) {
        return None;
    }
    let head = doc.entity_ending_at(start, end);
    Some(named(text, head))
}

fn named(text: &str, head: Option<&Entity>) -> ClaimSource {
    match head {
        Some(e) => ClaimSource { name: Some(e.name.clone()), entity: Some(e.id.clone()), kind: kind_of(&e.name, Some(e.kind)) },
        None => ClaimSource { name: Some(text.to_string()), entity: None, kind: kind_of(text, None) },
    }
}

fn strip_determiner(s: &str) -> &str {
    let s = s.trim();
    for det in ["the ", "The ", "a ", "A ", "an ", "An ", "other ", "Other "] {
        if let Some(rest) = s.strip_prefix(det) {
            return rest.trim();
        }
    }
    s
}

/// What kind of source a name is: a named person; else anonymous, media or
/// government by its words ("unnamed sources", "news agency", "ministry");
/// else by the entity kind (a country or city speaking is its government).
pub fn kind_of(name: &str, entity: Option<EntityKind>) -> SourceKind {
    if entity == Some(EntityKind::Person) {
        return SourceKind::Person;
    }
    let lower: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let words: Vec<&str> = lower.iter().map(String::as_str).collect();
    let found: Vec<SourceKind> = (0..words.len()).filter_map(|i| SOURCE_WORDS.at(&words, i).map(|(_, k)| k)).collect();
    for kind in [SourceKind::Anonymous, SourceKind::Media, SourceKind::Government] {
        if found.contains(&kind) {
            return kind;
        }
    }
    match entity {
        Some(EntityKind::Place | EntityKind::Group) => SourceKind::Government,
        Some(_) => SourceKind::Organization,
        None if name.split_whitespace().any(|w| w.starts_with(char::is_uppercase)) => SourceKind::Organization,
        None => SourceKind::Anonymous,
    }
}
