//! Who a claim is attributed to, and what kind of source that is.
//!
//! A source is always a span of the claim's own document: the speaker of
//! the quote that holds the figure, else the attribution in its sentence
//! that governs the figure, else an attribution the next sentence makes
//! of it ("This was stated by X."), else the outlet.
//!
//! - **Quotes.** The innermost quote holding the figure speaks for it, so
//!   "The ministry said 1.1 million marched, Le Monde reported" is the
//!   ministry's; an "according to" a news outlet is only the channel when
//!   someone else in the sentence is quoted ("Defectors say it is less than
//!   $1, according to the AP" is the defectors'). A quoted speaker who cites
//!   someone ("“According to the ministry, 119,000 …”") gives the figure to
//!   whom they cite.
//! - **Sentence attributions.** "according to X", ", per X", "estimated by
//!   X", the subject of an attribution verb ("X said", "X counted", "X put
//!   the toll at"), the inverted "…, said X" / "…, X said", and a possessive
//!   estimate ("the unions' count of …"). Each governs the figures on its
//!   side (a subject-verb cue those after it, an inverted cue those before
//!   it); the nearest one that governs the figure wins, one across a clause
//!   boundary ("while", "but", ";") only when nothing nearer does.
//! - **Names.** A source must be able to speak: a named entity, a name, or a
//!   phrase with a source word (`data/lang/en/claims/sources.txt`: "officials",
//!   "the union", "an engineer") — never a pronoun, a bare nationality
//!   ("South Korean"), a bare title ("Dr"), a time or a stray phrase. A
//!   described source takes the fullest name the document gives it ("the
//!   presidential office" → "South Korea's presidential office", "the
//!   defense minister" → the person it describes), and a document noun
//!   ("according to the update") the source named for it just before.

use std::cell::OnceCell;

use super::lexicon::{ATTRIBUTION, CLAUSE_WORDS as CLAUSE, SOURCE_CLASSES as WORDS, SOURCE_WORDS};
use super::{author, Sentence};
use crate::entities::lexicon::{self as lex, tags};
use crate::tokens::Shape;
use sitrep_core::{ClaimSource, Document, Entity, EntityKind, Quantity, Quote, SourceKind, Span};

/// The source of a figure at bytes `at..end` of a sentence.
pub fn of(doc: &Document, sentences: &[Span], ctx: &Sentence, (at, end): (usize, usize)) -> ClaimSource {
    let mut quotes: Vec<&Quote> = doc.quotes.iter().filter(|q| q.start <= at && at < q.end).collect();
    quotes.sort_by_key(|q| q.end - q.start);
    // A quoted speaker citing someone for the figure.
    if let Some(q) = quotes.iter().find(|q| q.direct) {
        if let Some(src) = in_sentence(doc, ctx, (at, end), Some((q.start, q.end))) {
            return src;
        }
    }
    // A sentence weighing several sources ("80,000 according to the police,
    // 400,000 for the union"): the attribution nearest the figure decides,
    // not an indirect quote the quote reader stretched over the sentence.
    if quotes.iter().all(|q| !q.direct) && attributions(doc, ctx).len() >= 2 {
        if let Some(src) = in_sentence(doc, ctx, (at, end), None) {
            return src;
        }
    }
    // A news outlet carrying the words, or a document standing for whoever
    // issued it ("according to a count by the police"), only when the
    // sentence names no one else.
    let mut deferred = None;
    for q in &quotes {
        let Some(src) = quote_source(doc, q) else { continue };
        if is_channel(q, &src) || q.speaker.is_none() && q.speaker_name.as_deref().is_some_and(|n| is_bare_document(clean(n))) {
            deferred.get_or_insert(src);
            continue;
        }
        return src;
    }
    in_sentence(doc, ctx, (at, end), None)
        .or(deferred)
        .or_else(|| ctx.memo.stated_after.get_or_init(|| stated_after(doc, sentences, ctx)).clone())
        .or_else(|| ctx.memo.continued.get_or_init(|| continued(doc, sentences, ctx)).clone())
        .or_else(|| headline_echo(doc, sentences, ctx, at))
        .unwrap_or_else(|| author(doc))
}

/// "According to U.S. officials, 10,000 soldiers have been sent. Pyongyang
/// has also sent 10,000 containers.": a sentence with no attribution and no
/// quote of its own, right after one in the same paragraph (or opening the
/// next with "In addition", "Also", …) that is attributed as a whole, goes
/// on reporting from the same source.
fn continued(doc: &Document, sentences: &[Span], ctx: &Sentence) -> Option<ClaimSource> {
    let k = sentences.partition_point(|s| s.end <= ctx.span.start);
    let prev = *sentences.get(k.checked_sub(1)?)?;
    // "In addition, …" goes on from the paragraph before as well.
    let opening = ctx.lower.iter().take(2).map(String::as_str).collect::<Vec<_>>();
    let goes_on = opening.first().is_some_and(|w| WORDS.goes_on.has(w)) || WORDS.goes_on.has(&opening.join(" "));
    if doc.text.get(prev.end..ctx.span.start).is_none_or(|gap| gap.contains('\n') && !goes_on) {
        return None;
    }
    if !sentence_attributions(doc, ctx).is_empty() || doc.quotes.iter().any(|q| q.start < ctx.span.end && ctx.span.start < q.end) {
        return None;
    }
    let p = ctx.other(prev);
    let first = (0..p.toks.len()).find(|&i| p.toks[i].is_word())?;
    let last = (0..p.toks.len()).rev().find(|&i| p.toks[i].is_word())?;
    // The attribution governs the whole sentence: it opens it as a frame
    // ("According to X, …", "As X states, …", "It has been confirmed by X
    // that …"), or closes it ("…, X noted."). "X reports N" is about N only.
    let frame = WORDS.frame_opener.has(&p.lower[first]);
    attributions(doc, &p)
        .into_iter()
        .find(|c| frame && matches!(c.side, Side::After | Side::Either) && c.lo <= first + 3 || matches!(c.side, Side::Before | Side::Either) && c.hi > last)
        .map(|c| c.src)
}

/// A figure in the headline (the text's first line, with no final stop)
/// has the source of the same figure in the body: "Death toll drops to 97"
/// above "…has dropped to 97, the governor said."
fn headline_echo(doc: &Document, sentences: &[Span], ctx: &Sentence, at: usize) -> Option<ClaimSource> {
    let first = sentences.first().is_some_and(|s| s.start == ctx.span.start);
    let line = doc.text[ctx.span.start..ctx.span.end].trim_end();
    let headline = first && !line.ends_with(['.', '!', '?', '"', '”', ':']) && doc.text[ctx.span.end..].starts_with(char::is_whitespace);
    if !headline {
        return None;
    }
    let q = quantity_starting_at(doc, at)?;
    let value = q.value.or(q.high).or(q.low)?;
    let echoes = doc.quantities.iter().filter(|o| o.start >= ctx.span.end && o.unit == q.unit && o.value.or(o.high).or(o.low) == Some(value));
    echoes.take(ECHO_REACH).find_map(|o| {
        let k = sentences.partition_point(|s| s.end <= o.start);
        let body = ctx.other(*sentences.get(k)?);
        let src = of(doc, sentences, &body, (o.start, o.end));
        (src.kind != SourceKind::Author).then_some(src)
    })
}

/// Body figures equal to a headline figure that are looked at for its source.
const ECHO_REACH: usize = 4;

/// The speaker of a quote: the entity when it is one, else the speaker as
/// named ("a Western diplomat"); a quote with no speaker that can speak is
/// the author's.
pub fn from_quote(doc: &Document, q: &Quote) -> ClaimSource {
    quote_source(doc, q).unwrap_or_else(|| author(doc))
}

fn quote_source(doc: &Document, q: &Quote) -> Option<ClaimSource> {
    let entity = q.speaker.as_deref().and_then(|id| doc.entities.iter().find(|e| e.id == id));
    match (entity, q.speaker_name.as_deref()) {
        (Some(e), _) if can_speak(&e.name, Some(e.kind)) => Some(entity_source(e)),
        (_, Some(name)) => finish(doc, name, None, q.start),
        _ => None,
    }
}

/// "according to X" naming a news outlet while someone else in the
/// sentence speaks: the outlet only carries the words.
fn is_channel(q: &Quote, src: &ClaimSource) -> bool {
    src.kind == SourceKind::Media && q.cue.as_deref().is_some_and(|c| WORDS.according.iter().any(|a| c.eq_ignore_ascii_case(a)))
}

/// Which figures an attribution governs: those after its cue, or on either
/// side ("…, according to X" and "According to X, …"; "…, X said, …").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    After,
    Either,
    Before,
    /// Only the figure starting at this token ("15,000 counted the police").
    Only(usize),
}

/// One attribution in a sentence: its tokens, the figures it governs, and
/// its source.
#[derive(Clone)]
pub(crate) struct Cand {
    lo: usize,
    hi: usize,
    side: Side,
    src: ClaimSource,
}

/// The attribution of the sentence that governs the figure at bytes
/// `at..end`, looking only at cues within `within` when given (inside a
/// direct quote). Distances are counted from the figure's ends, so "3.5
/// million according to the union, nearly 1.1 million according to the
/// ministry" gives each figure the attribution right after it.
fn in_sentence(doc: &Document, ctx: &Sentence, (at, end): (usize, usize), within: Option<(usize, usize)>) -> Option<ClaimSource> {
    let h = ctx.index_at(at);
    let after = ctx.index_at(end).max(h + 1);
    let mut cands = sentence_attributions(doc, ctx).to_vec();
    if let Some((s, e)) = within {
        cands.retain(|c| ctx.toks[c.lo].start >= s && ctx.toks[c.hi - 1].end <= e);
    }
    let governs = |c: &Cand| match c.side {
        Side::After => c.hi <= h,
        Side::Before => c.lo > h,
        Side::Either => true,
        Side::Only(f) => f == h,
    };
    let cands: Vec<Cand> = cands.into_iter().filter(governs).collect();
    let speaker = cands.iter().any(|c| c.src.kind != SourceKind::Media);
    let key = |c: &Cand| {
        let (a, b) = if c.hi <= h {
            (c.hi, h)
        } else if c.lo > h {
            (after.min(c.lo), c.lo)
        } else {
            (h, h) // "put at $3 billion by the office": the figure inside the attribution
        };
        let crosses = (a..b).any(|i| ctx.lower[i] == ";" || WORDS.contrast.has(&ctx.lower[i]));
        (speaker && c.src.kind == SourceKind::Media, crosses, b.saturating_sub(a))
    };
    cands.into_iter().min_by_key(key).map(|c| c.src)
}

/// What a sentence gives every figure in it the same answer to, worked
/// out for its first figure and kept for the rest, so a sentence of many
/// figures costs its length once, not once per figure.
#[derive(Default)]
pub(crate) struct Memo {
    attributions: OnceCell<Vec<Cand>>,
    stated_after: OnceCell<Option<ClaimSource>>,
    continued: OnceCell<Option<ClaimSource>>,
}

/// Every attribution in the claim's sentence, found once per sentence.
fn sentence_attributions<'s>(doc: &Document, ctx: &'s Sentence) -> &'s [Cand] {
    ctx.memo.attributions.get_or_init(|| attributions(doc, ctx))
}

/// Every attribution in a sentence.
fn attributions(doc: &Document, ctx: &Sentence) -> Vec<Cand> {
    let mut out = match crate::lang::pack(doc.language.as_deref()) {
        Some(pack) => cued(doc, ctx, pack),
        None => Vec::new(),
    };
    let mut weighed = Vec::new();
    let n = ctx.toks.len();
    for i in 0..n {
        let w = ctx.lower[i].as_str();
        if ctx.lower.get(i + 1).is_some_and(|t| WORDS.according.has_pair(w, t)) {
            if let Some((src, hi)) = according_np(doc, ctx, i + 2) {
                out.push(Cand { lo: i, hi, side: Side::Either, src });
            }
        } else if WORDS.per_source.has(w) && i > 0 && ctx.word(i - 1) == "," && ctx.toks.get(i + 1).is_some_and(|t| t.is_word() && t.shape != Shape::Number) {
            // "…, per South Korean intelligence"
            if let Some((src, hi)) = np_after(doc, ctx, i + 1) {
                out.push(Cand { lo: i, hi, side: Side::Either, src });
            }
        }
        if WORDS.set_against.has(w) && i > 0 && quantity_ends_at(doc, ctx.toks[i - 1].end) {
            // "…, 400,000 for the union": a figure set against another
            // source's, when the sentence names that one too.
            if let Some((src, hi)) = np_after(doc, ctx, i + 1) {
                weighed.push(Cand { lo: i, hi, side: Side::Before, src });
            }
        }
        if WORDS.coordinator.has(w) && out.iter().any(|c| c.hi <= i) {
            // "the police counted 30,000 and the unions 245,000": a second
            // subject whose verb is left out, right before its figure.
            if let Some((src, hi)) = np_after(doc, ctx, i + 1) {
                if hi < n && quantity_starting_at(doc, ctx.toks[hi].start).is_some() {
                    out.push(Cand { lo: i, hi, side: Side::After, src });
                }
            }
        }
        if ATTRIBUTION.is_agent_verb(w) {
            if let Some((src, hi)) = agent(doc, ctx, i) {
                out.push(Cand { lo: i, hi, side: Side::Either, src });
            }
        }
        if ATTRIBUTION.is_verb(w) && ctx.toks[i].shape == Shape::Lower {
            out.extend(verb(doc, ctx, i));
            out.extend(inverted(doc, ctx, i));
        } else if ATTRIBUTION.is_framing_verb(w) && ctx.toks[i].shape == Shape::Lower && figure_object(ctx, i) {
            out.extend(verb(doc, ctx, i));
        }
        if ATTRIBUTION.is_document(w) && i > 1 && (CLAUSE.possessive.has(ctx.word(i - 1)) || matches!(ctx.word(i - 1), "’" | "'")) {
            // "the unions' count of 1 million", "the Pentagon's estimate of 11,000"
            if let Some(src) = possessor(doc, ctx, i - 1) {
                out.push(Cand { lo: i, hi: i + 1, side: Side::After, src });
            }
        }
    }
    if !out.is_empty() {
        out.extend(weighed);
    }
    out
}

/// Whether the verb at token `v` takes a figure noun as its object, a few
/// words on: "give the estimate at", "gave a new count of".
fn figure_object(ctx: &Sentence, v: usize) -> bool {
    const REACH: usize = 4;
    (v + 1..ctx.toks.len().min(v + 1 + REACH))
        .take_while(|&i| ctx.toks[i].is_word() && ctx.toks[i].shape != Shape::Number)
        .any(|i| ATTRIBUTION.is_document(&ctx.lower[i]))
}

/// Whether one of the document's quantities (sorted by start, not
/// overlapping) ends at byte `end`.
fn quantity_ends_at(doc: &Document, end: usize) -> bool {
    let k = doc.quantities.partition_point(|q| q.start < end);
    k > 0 && doc.quantities[k - 1].end == end
}

/// The document's quantity starting at byte `start`.
fn quantity_starting_at(doc: &Document, start: usize) -> Option<&Quantity> {
    let k = doc.quantities.partition_point(|q| q.start < start);
    doc.quantities.get(k).filter(|q| q.start == start)
}

/// The attributions another language's cues make ("laut X", "selon X",
/// "по данным X", "X에 따르면", "Xによると", "据X称"): the source is the
/// phrase after a cue up to punctuation or a figure (and in German up to
/// the first word in lower case after a noun), or the word or two before a
/// cue that follows its source, without its particle.
fn cued(doc: &Document, ctx: &Sentence, pack: &crate::lang::Pack) -> Vec<Cand> {
    const REACH: usize = 8;
    let words: Vec<&str> = ctx.lower.iter().map(String::as_str).collect();
    let stop = |j: usize| ctx.toks[j].shape == Shape::Punct || ctx.toks[j].shape == Shape::Number;
    let mut out = Vec::new();
    for i in 0..ctx.toks.len() {
        let t = ctx.toks[i];
        if !pack.unspaced {
            if let Some(n) = pack.verb_at(&words, i) {
                if pack.verb_last() {
                    out.extend(opening_subject(doc, ctx, pack, i + n).map(|src| Cand { lo: i, hi: i + n, side: Side::Before, src }));
                } else {
                    out.extend(subject_of(doc, ctx, pack, i).map(|(lo, src)| Cand { lo, hi: i + n, side: Side::After, src }));
                }
                continue;
            }
        }
        let (lo, hi, s, e) = if pack.unspaced {
            let Some((s, e)) = ctx.text.get(t.start..t.end).and_then(|token| pack.cue_in(token)) else { continue };
            (i, i + 1, t.start + s, t.start + e)
        } else {
            let Some((n, before)) = pack.cue_at(&words, i) else { continue };
            let (a, b) = if before {
                let mut j = i + n;
                while j < ctx.toks.len() && j < i + n + REACH && !stop(j) {
                    let noun_seen = (i + n..j).any(|k| ctx.toks[k].shape == Shape::Capitalized);
                    if pack.capitalised_nouns && noun_seen && ctx.toks[j].shape == Shape::Lower {
                        break;
                    }
                    j += 1;
                }
                (i + n, j)
            } else {
                let from = (i.saturating_sub(2)..i).rev().take_while(|&j| !stop(j)).last().unwrap_or(i);
                (from, i)
            };
            if a >= b {
                continue;
            }
            let last = ctx.toks[b - 1];
            let end = last.start + ctx.text.get(last.start..last.end).map_or(last.end - last.start, |w| pack.bare(w).len());
            (a.min(i), b.max(i + n), ctx.toks[a].start, end)
        };
        if let Some(src) = doc.text.get(s..e).map(str::trim).filter(|n| n.chars().any(char::is_alphabetic)) {
            let src = match entity_ending_at(doc, s, e) {
                Some(ent) => entity_source(ent),
                None => ClaimSource { name: Some(src.to_string()), entity: None, kind: kind_of(src, None) },
            };
            out.push(Cand { lo, hi, side: Side::Either, src });
        }
    }
    out
}

/// In another language, the subject of the speech verb at token `v`: the
/// words from the clause's start (the sentence's, or a comma) to the
/// verb, as the person named in them nearest the verb, else the first body or place named
/// in them, else the phrase when it is short ("Der ukrainische Präsident
/// Wolodymyr Selenskyj hatte gesagt" → Selenskyj, "Le Pentagone estime" →
/// "Le Pentagone"); with the token it starts at.
fn subject_of(doc: &Document, ctx: &Sentence, pack: &crate::lang::Pack, v: usize) -> Option<(usize, ClaimSource)> {
    const REACH: usize = 12;
    const SHORT: usize = 5;
    let mut lo = v;
    while lo > 0 && v - lo < REACH && (ctx.toks[lo - 1].is_word() && ctx.toks[lo - 1].shape != Shape::Number || matches!(ctx.word(lo - 1), "-" | "'" | "’")) {
        lo -= 1;
    }
    let opens = lo == 0 || matches!(ctx.word(lo - 1), "," | ";" | ":" | "—" | "–" | "«" | "»" | "\"" | "“" | "”");
    // "…, et la mairie estime": the joining word is no part of the subject.
    if opens && lo < v && pack.joins(&ctx.lower[lo]) {
        lo += 1;
    }
    if lo == v || !opens {
        return None;
    }
    let (s, e) = (ctx.toks[lo].start, ctx.toks[v - 1].end);
    // The person nearest the verb ("Представитель Совета … Джон Кирби
    // заявил"), the body or place first named.
    let named = |kinds: &[EntityKind], nearest: bool| {
        let found = doc
            .entities
            .iter()
            .filter(|ent| kinds.contains(&ent.kind))
            .flat_map(|ent| ent.mentions.iter().filter(|m| m.start >= s && m.end <= e).map(move |m| (m.start, ent)));
        if nearest { found.max_by_key(|&(at, _)| at) } else { found.min_by_key(|&(at, _)| at) }.map(|(_, ent)| ent)
    };
    if let Some(ent) = named(&[EntityKind::Person], true).or_else(|| named(&[EntityKind::Organization, EntityKind::Group, EntityKind::Place], false)) {
        return Some((lo, entity_source(ent)));
    }
    let phrase = doc.text.get(s..e)?.trim();
    (v - lo <= SHORT && phrase.chars().any(char::is_alphabetic)).then(|| (lo, ClaimSource { name: Some(phrase.to_string()), entity: None, kind: kind_of(phrase, None) }))
}

/// Where the verb comes last: the subject opening the sentence of the
/// speech verb that closes it, ending at token `end` ("국가정보원이 …
/// 밝혔다." → 국가정보원), without its particle.
fn opening_subject(doc: &Document, ctx: &Sentence, pack: &crate::lang::Pack, end: usize) -> Option<ClaimSource> {
    if (end..ctx.toks.len()).any(|j| ctx.toks[j].is_word()) {
        return None;
    }
    let first = (0..ctx.toks.len()).find(|&j| ctx.toks[j].is_word())?;
    let run: Vec<&str> = (first..end).take_while(|&j| ctx.toks[j].is_word() && ctx.toks[j].shape != Shape::Number).map(|j| ctx.word(j)).collect();
    let (n, last) = pack.opening_subject(&run)?;
    let s = ctx.toks[first].start;
    let last_tok = ctx.toks[first + n - 1];
    let e = last_tok.start + last.len();
    let name = doc.text.get(s..e)?.trim();
    let src = match entity_ending_at(doc, s, e) {
        Some(ent) => entity_source(ent),
        None => ClaimSource { name: Some(name.to_string()), entity: None, kind: kind_of(name, None) },
    };
    Some(src)
}

/// The source an "according to" names, from token `i` on, and the token
/// after it: "according to the ministry", "according to a count by the
/// police", and "a summary of the union, according to which …".
fn according_np(doc: &Document, ctx: &Sentence, i: usize) -> Option<(ClaimSource, usize)> {
    if ctx.lower.get(i).is_some_and(|w| WORDS.according_relative.has(w)) {
        let comma = i.checked_sub(3).filter(|&c| ctx.word(c) == ",")?;
        let src = np_ending(doc, ctx, comma)?;
        return Some((src, i + 1));
    }
    np_after(doc, ctx, i)
}

/// "estimated by the Pentagon at 10,000", "put at $3 billion by the
/// statistics office": the agent of the participle at token `v`, at most a
/// few words after it.
fn agent(doc: &Document, ctx: &Sentence, v: usize) -> Option<(ClaimSource, usize)> {
    const REACH: usize = 6;
    let by = (v + 1..ctx.toks.len().min(v + 1 + REACH)).take_while(|&i| !matches!(ctx.word(i), "," | ";" | ":" | "—" | "–" | "(" | ")")).find(|&i| WORDS.agent_by.has(&ctx.lower[i]))?;
    let head = if ctx.lower.get(by + 1).is_some_and(|w| CLAUSE.definite.has(w)) { by + 2 } else { by + 1 };
    if ctx.lower.get(head).is_none_or(|w| WORDS.not_agent.has(w)) {
        return None;
    }
    np_after(doc, ctx, by + 1)
}

/// The attribution made with the verb at token `v` by its subject ("the
/// ministry counted", "…, the office said").
fn verb(doc: &Document, ctx: &Sentence, v: usize) -> Option<Cand> {
    if v > 0 && WORDS.not_verb_after.has(&ctx.lower[v - 1]) {
        return None;
    }
    let t = ctx.toks[v];
    let (s, e) = crate::quotes::subject_before(ctx.analysis, ctx.span.start, (t.start, t.end))?;
    // "Western and South Korean estimates of the force": a noun, whose
    // modifiers and head name the source.
    let noun = ATTRIBUTION.is_document(&ctx.lower[v]) && ctx.lower.get(v + 1).is_some_and(|w| CLAUSE.genitive.has(w));
    let src = phrase_at(doc, s, if noun { t.end } else { e })?;
    let lo = ctx.index_at(s);
    // "…, the office said" and "a list that the FBI said" look back too.
    let back = lo > 0 && (ctx.word(lo - 1) == "," || WORDS.looks_back.has(&ctx.lower[lo - 1]));
    Some(Cand { lo, hi: v + 1, side: if back { Side::Either } else { Side::After }, src })
}

/// The inverted attribution with the verb at token `v` right after a
/// comma or a bare figure: "…, said the ministry", "…, reports the Citizen
/// Times", "(32,000 counted the police)".
fn inverted(doc: &Document, ctx: &Sentence, v: usize) -> Option<Cand> {
    if v == 0 {
        return None;
    }
    // A bare figure right before the verb is the only one it governs.
    let figure = doc.quantities.iter().find(|q| q.end == ctx.toks[v - 1].end && q.counted.is_none()).map(|q| ctx.index_at(q.start));
    let side = match figure {
        _ if ctx.word(v - 1) == "," => Side::Before,
        Some(f) => Side::Only(f),
        None => return None,
    };
    let (s, e) = crate::quotes::phrase_after(ctx.analysis, ctx.toks[v].end, ctx.span.end)?;
    let src = phrase_at(doc, s, e)?;
    Some(Cand { lo: v, hi: ctx.index_at(e).max(v + 1), side, src })
}

/// The noun phrase from token `i`, up to punctuation or a clause word, as a
/// source, with the token after it. "a count by the police" and "figures
/// from the ministry" are the police's and the ministry's.
fn np_after(doc: &Document, ctx: &Sentence, i: usize) -> Option<(ClaimSource, usize)> {
    let j = np_end(ctx, i);
    if j == i {
        return None;
    }
    // A document noun and its issuer: "the report of the police
    // headquarters", "a count by the police", "figures from the ministry".
    let issuer = (i + 1..=j.min(ctx.toks.len() - 1))
        .find(|&k| WORDS.document_of.has(&ctx.lower[k]) && ATTRIBUTION.is_document(&ctx.lower[k - 1]));
    if let Some(found) = issuer.and_then(|k| np_after(doc, ctx, k + 1)) {
        return Some(found);
    }
    let (s, e) = (ctx.toks[i].start, ctx.toks[j - 1].end);
    Some((phrase_at(doc, s, e)?, j))
}

fn np_end(ctx: &Sentence, i: usize) -> usize {
    const REACH: usize = 10;
    let mut j = i;
    while j < ctx.toks.len() && j < i + REACH {
        let t = &ctx.toks[j];
        let stop = match t.shape {
            Shape::Punct => !(CLAUSE.possessive.has(ctx.word(j)) || matches!(ctx.word(j), "-" | "&" | "(" | ")")),
            Shape::Number => true,
            _ => {
                let w = ctx.lower[j].as_str();
                // "U.S. and South Korean officials" go on after "and"; "officials and experts" too.
                let and_more = WORDS.name_and.has(w) && j > i && ctx.toks.get(j + 1).is_some_and(|n| n.is_word() && n.shape != Shape::Number);
                WORDS.np_stop.has(w) || WORDS.name_and.has(w) && !and_more || ATTRIBUTION.is_verb(w) && t.shape == Shape::Lower && j > i
            }
        };
        if stop {
            break;
        }
        j += 1;
    }
    // A closing bracket with no opening one in the phrase ends it before.
    while j > i && (matches!(ctx.word(j - 1), "(" | "-") || WORDS.name_and.has(ctx.word(j - 1))) {
        j -= 1;
    }
    j
}

/// The noun phrase ending just before token `end` ("a summary of the
/// union" before ", according to which"; "the unions" before "'"), read
/// back to a verb, clause word or punctuation.
fn np_ending(doc: &Document, ctx: &Sentence, end: usize) -> Option<ClaimSource> {
    const REACH: usize = 12;
    let mut s = end;
    while s > 0 && end - s < REACH {
        let k = s - 1;
        let w = ctx.lower[k].as_str();
        let stop = match ctx.toks[k].shape {
            Shape::Punct => !(CLAUSE.possessive.has(ctx.word(k)) || matches!(ctx.word(k), "-" | "&" | "(" | ")" | ".")),
            Shape::Number => true,
            _ => (WORDS.np_stop.has(w) && !CLAUSE.genitive.has(w)) || ATTRIBUTION.is_verb(w) && ctx.toks[k].shape == Shape::Lower,
        };
        if stop {
            break;
        }
        s = k;
    }
    while s < end && ctx.toks[s].shape == Shape::Punct {
        s += 1;
    }
    if s >= end {
        return None;
    }
    // "a summary of the CGT union": the issuer of the document.
    if let Some(of) = (s..end).find(|&k| CLAUSE.genitive.has(&ctx.lower[k])).filter(|&k| k > s && ATTRIBUTION.is_document(&ctx.lower[k - 1])) {
        if of + 1 < end {
            return phrase_at(doc, ctx.toks[of + 1].start, ctx.toks[end - 1].end);
        }
    }
    phrase_at(doc, ctx.toks[s].start, ctx.toks[end - 1].end)
}

/// The owner of a possessive ending before token `end`: "the Pentagon" in
/// "the Pentagon's estimate", "unions" in "trade unions' count". Names and
/// source words only, read back a few words.
fn possessor(doc: &Document, ctx: &Sentence, end: usize) -> Option<ClaimSource> {
    const REACH: usize = 5;
    let mut s = end;
    while s > 0 && end - s < REACH {
        let k = s - 1;
        let t = ctx.toks[k];
        let name = t.is_upper_initial() || (matches!(ctx.word(k), "-" | "&") || CLAUSE.genitive.has(ctx.word(k))) && s < end;
        if !(name || SOURCE_WORDS.at(&[ctx.lower[k].as_str()], 0).is_some()) {
            break;
        }
        s = k;
    }
    (s < end).then(|| phrase_at(doc, ctx.toks[s].start, ctx.toks[end - 1].end)).flatten()
}

/// The source named by the text at bytes `s..e`: an entity when the phrase
/// ends in the whole of one entity mention ("Ukraine's president Volodymyr
/// Zelenskyy"; not "Staff" in "Ukraine's General Staff"), else the phrase.
fn phrase_at(doc: &Document, s: usize, e: usize) -> Option<ClaimSource> {
    let text = doc.text.get(s..e)?;
    finish(doc, text, entity_ending_at(doc, s, e), s)
}

/// A source from a phrase as written (and the entity it ends in): cleaned,
/// checked that it can speak, resolved to the fullest name the document
/// gives it. `at` is where the phrase stands.
fn finish(doc: &Document, written: &str, entity: Option<&Entity>, at: usize) -> Option<ClaimSource> {
    if let Some(e) = entity.filter(|e| can_speak(&e.name, Some(e.kind))) {
        return Some(entity_source(e));
    }
    let name = clean(written);
    if name.is_empty() {
        return None;
    }
    // "first figures from the authorities": the document's issuer.
    let words: Vec<&str> = name.split(' ').collect();
    if let Some(k) = (1..words.len().saturating_sub(1)).find(|&k| WORDS.document_of.has(words[k]) && ATTRIBUTION.is_document(&words[k - 1].to_lowercase())) {
        let issuer = words[k + 1..].join(" ");
        return finish(doc, &issuer, None, at);
    }
    if is_bare_document(name) {
        return earlier_source(doc, at);
    }
    // "the defense minister", "the presidential office": a description the
    // document may give a fuller name for.
    let definite = written
        .split_whitespace()
        .map(str::to_lowercase)
        .find(|w| CLAUSE.definite.has(w) || !WORDS.leading.has(w))
        .is_some_and(|w| CLAUSE.definite.has(&w));
    let described = definite || name.split_whitespace().count() > 1 && name.split_whitespace().all(|w| w.starts_with(char::is_uppercase));
    if described {
        if let Some(e) = described_person(doc, name).or_else(|| titled_speaker_before(doc, name, at)) {
            return Some(entity_source(e));
        }
    }
    if !can_speak(name, None) {
        return None;
    }
    if definite && !name.ends_with('s') {
        if let Some(src) = fuller_name(doc, name, at).or_else(|| named_body_before(doc, name, at)) {
            return Some(src);
        }
    }
    Some(ClaimSource { name: Some(name.to_string()), entity: None, kind: kind_of(name, None) })
}

fn entity_source(e: &Entity) -> ClaimSource {
    ClaimSource { name: Some(e.name.clone()), entity: Some(e.id.clone()), kind: kind_of(&e.name, Some(e.kind)) }
}

/// The entity with a mention that ends where the phrase `s..e` ends and
/// covers its last run of capitalised words, titles aside: "Volodymyr
/// Zelenskyy" in "Ukraine's president Volodymyr Zelenskyy" and "Gérald
/// Darmanin" in "Interior Minister Gérald Darmanin", not "Staff" in
/// "Ukraine's General Staff".
fn entity_ending_at(doc: &Document, s: usize, e: usize) -> Option<&Entity> {
    let phrase = &doc.text[s..e];
    // The start of the last run of capitalised words.
    let mut run = e;
    for (i, w) in phrase.split_whitespace().rev().map(|w| (phrase_offset(phrase, w), w)) {
        if !w.starts_with(char::is_uppercase) {
            break;
        }
        run = s + i;
    }
    // "Authorities in Hawaii": a place that is the object of a preposition
    // is not the source, nor is any body after a title ("the Minister of
    // the Interior").
    let object = |start: usize, place: bool| {
        let mut before = doc.text[s..start].split_whitespace().rev().peekable();
        before.next_if(|w| CLAUSE.definite.iter().any(|d| w.eq_ignore_ascii_case(d)));
        let prep = before.next().is_some_and(|w| WORDS.object_of.has(w));
        prep && (place || before.next().is_some_and(|w| crate::quotes::is_title(&w.to_lowercase())))
    };
    doc.entities.iter().find(|ent| {
        let person = ent.kind == EntityKind::Person && ent.name.split_whitespace().count() >= 2;
        let place = matches!(ent.kind, EntityKind::Place | EntityKind::Group);
        ent.mentions.iter().any(|m| m.end == e && m.start >= s && (m.start <= run || person) && !object(m.start, place))
    })
}

fn phrase_offset(phrase: &str, word: &str) -> usize {
    word.as_ptr() as usize - phrase.as_ptr() as usize
}

/// The phrase without leading clause words and determiners, a possessive
/// ending, or what is said about the source after it.
fn clean(written: &str) -> &str {
    let mut s = written.trim();
    while let Some((first, rest)) = s.split_once(char::is_whitespace) {
        if !WORDS.leading.has(&first.to_lowercase()) {
            break;
        }
        s = rest.trim_start();
    }
    for cut in WORDS.after_source.iter() {
        if let Some(i) = phrase_in(s, cut) {
            s = &s[..i];
        }
    }
    let mut s = s.trim_end_matches([',', ';', ':', '.', ' ']);
    // "(… 12,000 for the union)": a closing bracket the phrase did not open.
    if !s.contains('(') {
        s = s.trim_end_matches([')', ' ']);
    }
    // "the UK's chief of" cut short: no dangling word at the end.
    while let Some((rest, last)) = s.rsplit_once(char::is_whitespace) {
        if !WORDS.dangling.has(&last.to_lowercase()) {
            break;
        }
        s = rest.trim_end();
    }
    let s = CLAUSE.possessive.iter().find_map(|p| s.strip_suffix(p)).unwrap_or(s);
    s.trim_end_matches(['\'', '’']).trim()
}

/// Where the phrase `cut` stands in `s` as whole words after a space.
fn phrase_in(s: &str, cut: &str) -> Option<usize> {
    // A source phrase is a few words: comparing at each byte costs less
    // than setting up a substring search for each cut. A match of UTF-8
    // bytes starts at a character.
    let find = |from: usize| (cut.len() <= s.len()).then(|| (from..=s.len() - cut.len()).find(|&i| s.as_bytes()[i..].starts_with(cut.as_bytes()))).flatten();
    let mut from = 0;
    while let Some(i) = find(from) {
        let end = i + cut.len();
        if s[..i].ends_with(' ') && !s[end..].starts_with(char::is_alphanumeric) {
            return Some(i - 1);
        }
        from = end;
    }
    None
}

/// Whether a phrase can name who speaks: an entity (a nationality only as
/// a plural: "South Koreans", not "South Korean"), a name, or a phrase with
/// a source word ("officials", "the union", "an engineer"); never a
/// pronoun, a bare title ("Dr"), a time word, a path or a stray phrase.
fn can_speak(name: &str, entity: Option<EntityKind>) -> bool {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '.'))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if words.is_empty() || name.contains(['/', '\\']) || name.chars().filter(|c| c.is_ascii_digit()).count() > 4 {
        return false;
    }
    let lower: Vec<String> = words.iter().map(|w| w.trim_end_matches('.').to_lowercase()).collect();
    let all = |f: &dyn Fn(&str, &str) -> bool| words.iter().zip(&lower).all(|(w, l)| f(w, l));
    if all(&|_, l| WORDS.not_a_name.has(l)) {
        return false;
    }
    if matches!(entity, Some(EntityKind::Person | EntityKind::Organization)) {
        return true;
    }
    // "Dr", "President", "Gen.": a title with no name.
    if all(&|w, l| tags(l) & lex::TITLE != 0 && w.starts_with(char::is_uppercase)) {
        return false;
    }
    // "South Korean", "British": a nationality as an adjective.
    let last = lower.last().map(String::as_str).unwrap_or_default();
    let demonym = |l: &str| tags(l) & lex::DEMONYM != 0 || WORDS.compass.has(l);
    if all(&|_, l| demonym(l) || CLAUSE.join.has(l)) && !(last.ends_with('s') && tags(last) & lex::DEMONYM != 0) {
        return false;
    }
    if all(&|_, l| tags(l) & lex::NEVER != 0) {
        return false;
    }
    if matches!(entity, Some(EntityKind::Place | EntityKind::Group)) {
        return true;
    }
    let refs: Vec<&str> = lower.iter().map(String::as_str).collect();
    if (0..refs.len()).any(|i| SOURCE_WORDS.at(&refs, i).is_some()) {
        return true;
    }
    // A name: a capitalised word that is not a common word ("Seoul",
    // "Reuters", "CGT"; not "The", "More", "Polls").
    words.iter().zip(&lower).any(|(w, l)| {
        let t = tags(l);
        let acronym = w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && w.chars().all(|c| !c.is_lowercase());
        w.starts_with(char::is_uppercase)
            && !WORDS.not_a_name.has(l)
            && (acronym || t & (lex::COMMON | lex::NEVER | lex::TITLE) == 0 || t & (lex::PLACE | lex::DEMONYM | lex::GIVEN | lex::SURNAME | lex::WORLD_SURNAME | lex::ORG) != 0)
    })
}

/// A phrase made only of a document noun and its modifiers ("the report",
/// "the latest update"), which stands for whoever issued it.
fn is_bare_document(name: &str) -> bool {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let Some(head) = words.last() else { return false };
    ATTRIBUTION.is_document(head)
        && name.split_whitespace().all(|w| !w.starts_with(char::is_uppercase) || tags(w) & lex::TOP != 0 && tags(w) & (lex::PLACE | lex::DEMONYM) == 0)
        && {
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            (0..refs.len()).all(|i| SOURCE_WORDS.at(&refs, i).is_none())
        }
}

/// How far back a document noun looks for the source it stands for.
const EARLIER_REACH: usize = 1500;

/// The speaker of the last quote before byte `at` (within reach): "…, the
/// ministry reports. According to the update, …". A quoted speaker citing
/// a document of no one's ("“According to preliminary data, …,” X said")
/// gives their own figure.
fn earlier_source(doc: &Document, at: usize) -> Option<ClaimSource> {
    let speaks = |q: &&Quote| !(q.speaker.is_none() && q.speaker_name.as_deref().is_some_and(|n| is_bare_document(clean(n))));
    let around = doc.quotes.iter().filter(|q| q.direct && q.start < at && at < q.end).filter(speaks).min_by_key(|q| q.end - q.start);
    let q = around.or_else(|| doc.quotes.iter().filter(|q| q.end <= at && at - q.end < EARLIER_REACH).max_by_key(|q| q.end).filter(speaks))?;
    quote_source(doc, q)
}

/// The one person whose descriptor the phrase is, or ends: "the defense
/// minister" for "Shin Won-sik" described as "South Korean Defense Minister".
fn described_person<'d>(doc: &'d Document, name: &str) -> Option<&'d Entity> {
    let want = name.to_lowercase();
    // "the Secretary" after "Defense Secretary Lloyd Austin": a bare title
    // is any descriptor holding it.
    let title = !want.contains(' ') && tags(&want) & lex::TITLE != 0;
    if want.starts_with(|c: char| !c.is_alphabetic()) || name.starts_with(char::is_uppercase) && !name.contains(' ') && !title {
        return None;
    }
    // "the minister of the interior" is "the interior minister".
    let turned = want.split_once(" of ").map(|(head, of)| format!("{} {head}", of.strip_prefix("the ").unwrap_or(of)));
    let mut found = doc.entities.iter().filter(|e| {
        e.kind == EntityKind::Person
            && e.descriptors.iter().any(|d| {
                let d = clean(d).to_lowercase();
                let names = |want: &str| d == want || d.strip_suffix(want).is_some_and(|rest| rest.ends_with(' '));
                names(&want) || turned.as_deref().is_some_and(names) || title && d.split_whitespace().any(|w| w == want)
            })
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// How far back a title looks for the person who spoke last.
const TITLE_REACH: usize = 600;

/// "…, according to Ana Ruiz. The minister also said …": a title phrase
/// the document gives no one as a descriptor is the person who spoke
/// last, close before it, when the document describes that person with
/// the title or not at all ("Ana Ruiz, a nurse" is no minister).
fn titled_speaker_before<'d>(doc: &'d Document, name: &str, at: usize) -> Option<&'d Entity> {
    let head = name.split_whitespace().next()?.to_lowercase();
    if !crate::quotes::is_title(&head) {
        return None;
    }
    let q = doc.quotes.iter().filter(|q| q.end <= at && at - q.end < TITLE_REACH).max_by_key(|q| q.end)?;
    let person = doc.entities.iter().find(|e| q.speaker.as_deref() == Some(e.id.as_str()) && e.kind == EntityKind::Person)?;
    let described_so = person.descriptors.iter().flat_map(|d| d.split_whitespace()).any(|w| w.to_lowercase() == head);
    (person.descriptors.is_empty() || described_so).then_some(person)
}

/// The fullest name the document gives a described source: "the
/// presidential office" → "South Korea's presidential office", "the
/// transport minister" → the person named right after "transport minister"
/// elsewhere; `None` when it gives none, or several.
fn fuller_name(doc: &Document, name: &str, at: usize) -> Option<ClaimSource> {
    // Only a description, not a name.
    if name.split_whitespace().next().is_some_and(|w| w.starts_with(char::is_uppercase)) || name.len() < 4 {
        return None;
    }
    let want = name.to_lowercase();
    let text = &doc.text;
    // The text around the phrase, so that a long document costs no more
    // per claim than a news article.
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (lo, hi) = (floor(at.saturating_sub(FULLER_REACH)), floor((at + FULLER_REACH).min(text.len())));
    let lower = text[lo..hi].to_lowercase();
    if lower.len() != hi - lo {
        return None; // lowercasing moved the bytes: offsets would not hold
    }
    let mut best: Option<String> = None;
    let mut person: Option<&Entity> = None;
    let mut from = lo;
    while let Some(i) = lower[from - lo..].find(&want).map(|i| i + from) {
        from = i + want.len();
        let bounded = !text[..i].ends_with(char::is_alphanumeric) && !text[from..].starts_with(char::is_alphanumeric);
        if !bounded {
            continue;
        }
        // "transport minister Park Jun-ho"
        let named = doc.entities.iter().find(|e| e.kind == EntityKind::Person && e.mentions.iter().any(|m| m.start == from + 1 && text[from..].starts_with(' ')));
        if let Some(p) = named {
            if person.is_some_and(|q| q.id != p.id) {
                return None;
            }
            person = Some(p);
            continue;
        }
        let Some(prefix) = name_before(doc, i) else { continue };
        let full = format!("{}{}", prefix, &text[i..from]);
        match &best {
            None => best = Some(full),
            Some(b) if b.ends_with(&full) => {}
            Some(b) if full.ends_with(b.as_str()) => best = Some(full),
            Some(_) => return None,
        }
    }
    if let Some(p) = person {
        return Some(entity_source(p));
    }
    let name = best?;
    let kind = kind_of(&name, None);
    Some(ClaimSource { name: Some(name), entity: None, kind })
}

/// How far around a description its fuller name is looked for (a news
/// article is shorter than this on each side).
const FULLER_REACH: usize = 32 << 10;

/// How far back "the agency" looks for the body it stands for.
const BODY_REACH: usize = 600;

/// "the National Intelligence Service (NIS) … the agency estimated": a
/// bare word for an organisation ("the agency", "the company") stands for
/// the organisation named last before it, close by.
fn named_body_before(doc: &Document, name: &str, at: usize) -> Option<ClaimSource> {
    if !WORDS.body.has(name) {
        return None;
    }
    doc.entities
        .iter()
        .filter(|e| e.kind == EntityKind::Organization && kind_of(&e.name, Some(e.kind)) != SourceKind::Media)
        .flat_map(|e| e.mentions.iter().map(move |m| (m.end, e)))
        .filter(|&(end, _)| end <= at && at - end < BODY_REACH)
        .max_by_key(|&(end, _)| end)
        .map(|(_, e)| entity_source(e))
}

/// The name written just before byte `i` as a modifier: an entity mention
/// ending there, with a possessive ("South Korea's "), or a run of
/// capitalised words in the same sentence ("French Interior " before
/// "Ministry"), not counting a capitalised word that opens it ("According",
/// "The").
fn name_before(doc: &Document, i: usize) -> Option<String> {
    let bare = doc.text[..i].strip_suffix(' ')?;
    let owner = CLAUSE.possessive.iter().find_map(|p| bare.strip_suffix(p)).unwrap_or(bare);
    let end = owner.len();
    let mention = doc
        .entities
        .iter()
        .filter(|e| e.kind != EntityKind::Other)
        .flat_map(|e| e.mentions.iter())
        .filter(|m| m.end == end)
        .map(|m| m.start)
        .min();
    let start = mention.or_else(|| {
        let mut start = None;
        let mut at = end;
        while let Some(space) = owner[..at].rfind(' ') {
            let w = &owner[space + 1..at];
            let l = w.to_lowercase();
            let before = owner[..space].trim_end_matches(' ');
            let opens = before.is_empty() || before.ends_with(['.', '\n', '"', '“', ':', '!', '?']);
            let word = w.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '&'));
            if !word || !w.starts_with(char::is_uppercase) || WORDS.leading.has(&l) || WORDS.not_a_name.has(&l) || opens && tags(&l) & lex::TOP != 0 {
                break;
            }
            start = Some(space + 1);
            at = space;
            if opens {
                break;
            }
        }
        start
    })?;
    Some(doc.text.get(start..i)?.to_string())
}

/// How far ahead an attribution of what was just said may stand.
const STATED_REACH: usize = 4;

/// "… 123 officers were injured. Interior Minister Gérald Darmanin
/// communicated it.", "This was stated by MP Lee Seong-kweun.": a sentence
/// after the claim's, in its paragraph or opening the next, that gives what
/// was just said to a source.
fn stated_after(doc: &Document, sentences: &[Span], ctx: &Sentence) -> Option<ClaimSource> {
    let k = sentences.partition_point(|s| s.start < ctx.span.end);
    let mut prev = ctx.span.end;
    for s in sentences[k..].iter().take(STATED_REACH) {
        // Only the first sentence of the next paragraph.
        let next_paragraph = doc.text.get(prev..s.start).is_none_or(|gap| gap.contains('\n'));
        if let Some(src) = stating(doc, &ctx.other(*s)) {
            return Some(src);
        }
        if next_paragraph {
            return None;
        }
        prev = s.end;
    }
    None
}

/// The source a sentence gives what was just said to: "This was stated
/// by X", "This information was revealed by X", "X communicated it".
fn stating(doc: &Document, s: &Sentence) -> Option<ClaimSource> {
    let n = s.toks.len();
    let first = (0..n).find(|&i| s.toks[i].is_word())?;
    if WORDS.back_subject.has(&s.lower[first]) {
        // "This (information) was (first) stated by X"
        let aux = (first + 1..n.min(first + 4)).find(|&i| WORDS.back_aux.has(&s.lower[i]))?;
        let part = (aux + 1..n.min(aux + 3)).find(|&i| WORDS.stated.has(&s.lower[i]))?;
        let by = part + 1 + usize::from(s.lower.get(part + 1).is_some_and(|w| WORDS.made_public.has(w)));
        if s.lower.get(by).is_none_or(|w| !WORDS.agent_by.has(w)) {
            return None;
        }
        return np_after(doc, s, by + 1).map(|(src, _)| src);
    }
    // "X communicated it.", "X confirmed this.", "X confirmed the deaths,
    // with …": the object refers back to what was just said.
    let object_end = (0..n).find(|&i| s.word(i) == ",").unwrap_or(n);
    let last = (0..object_end).rev().find(|&i| s.toks[i].is_word())?;
    let v = if WORDS.back_object.has(&s.lower[last]) {
        last.checked_sub(1)?
    } else {
        // "the deaths", "these figures"
        let det = (last.saturating_sub(2)..last).find(|&i| WORDS.back_determiner.has(&s.lower[i]))?;
        if (det + 1..=last).any(|i| s.toks[i].shape != Shape::Lower) {
            return None;
        }
        det.checked_sub(1)?
    };
    if !(WORDS.stated.has(&s.lower[v]) || ATTRIBUTION.is_verb(&s.lower[v])) || s.toks[v].shape != Shape::Lower {
        return None;
    }
    let t = s.toks[v];
    let (a, b) = crate::quotes::subject_before(s.analysis, s.span.start, (t.start, t.end))?;
    (s.index_at(a) == first).then(|| phrase_at(doc, a, b)).flatten()
}

/// What kind of source a name is: a named person; else anonymous, media,
/// government or organisation by its words ("unnamed sources", "news
/// agency", "ministry", "union"); else by the entity kind (a country or
/// city speaking is its government).
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
    let found: Vec<SourceKind> = (0..words.len()).filter_map(|i| SOURCE_WORDS.at(&words, i).and_then(|(_, k)| k)).collect();
    for kind in [SourceKind::Anonymous, SourceKind::Media, SourceKind::Government, SourceKind::Organization] {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_can_speak_is_a_source() {
        for name in ["Seoul", "CGT", "union", "an engineer", "South Koreans", "Ana Ruiz", "state emergency officials", "Yonhap"] {
            assert!(can_speak(clean(name), None), "{name}");
        }
        for name in ["him", "His", "South Korean", "Western and South Korean", "Dr", "President", "Tuesday", "far", "The", "More", "/data/pages/0042.txt", "receding floodwaters", "preliminary", "alliance"] {
            assert!(!can_speak(clean(name), None), "{name}");
        }
        assert!(!can_speak("North Korean", Some(EntityKind::Group)));
        assert!(can_speak("Pentagon", Some(EntityKind::Organization)));
    }

    #[test]
    fn cleaning_keeps_the_source_alone() {
        assert_eq!(clean("where police"), "police");
        assert_eq!(clean("although the NATO chief"), "NATO chief");
        assert_eq!(clean("a senior official familiar with the talks"), "senior official");
        assert_eq!(clean("the union’s"), "union");
        assert_eq!(clean("protesters'"), "protesters");
    }

    #[test]
    fn bare_documents_stand_for_their_issuer() {
        assert!(is_bare_document("report"));
        assert!(is_bare_document("latest update"));
        assert!(!is_bare_document("ministry statement"));
        assert!(!is_bare_document("media reports"));
    }
}
