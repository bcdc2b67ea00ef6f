//! Quotes in the pack languages other than English, from each pack's
//! `data/lang/<code>/quotes.tsv`: its quotation marks (`„…“`, `«…»`,
//! `「…」`) paired within a paragraph, and a quote kept when a speech cue
//! gives it a speaker:
//!
//! - a speech verb after it, past a comma or dash, with the speaker after
//!   the verb or just before it (`„…“, sagte X`, `« … », a déclaré X`,
//!   `«…», — заявил X`);
//! - a speech verb before it, its clause ending in a colon (`X sagte: „…“`,
//!   `X表示：“…”`), the speaker before the verb;
//! - a quotative particle right after it (`「…」と`, `"…"라고`, `"…"고`) and
//!   a speech verb later in the sentence, the speaker the phrase ending in a
//!   subject particle before the quote or between it and the verb.
//!
//! The speaker is the entity mention nearest the verb in that place, else
//! the words there. A quoted phrase with no cue is a title or a term and is
//! left out.

use sitrep_core::{Entity, EntityKind, Quote, Span};
use std::sync::LazyLock;

/// The quote words of one language.
pub struct Pack {
    code: &'static str,
    /// (opening, closing) marks.
    marks: Vec<(char, char)>,
    /// Speech verbs, each as its words in lower case, longest first.
    verbs: Vec<Vec<&'static str>>,
    /// Particles after a closing mark, longest first.
    quotative: Vec<&'static str>,
    /// Particles ending a speaker's phrase, longest first.
    subject: Vec<&'static str>,
    /// Words that end a speaker phrase in unspaced text (prepositions: "在").
    stops: Vec<&'static str>,
    /// Endings after a closing mark joining the quote to the next one,
    /// whose cue and speaker are both's (`"…"며 "…"고 밝혔다`).
    joiners: Vec<&'static str>,
    /// Words standing where a speaker does that name none (pronouns,
    /// conjunctions): the speaker is the person named before the quote.
    pronouns: Vec<&'static str>,
    /// Written with spaces between words: verbs match whole words.
    spaced: bool,
}

/// The packs' files, by language code.
const FILES: [(&str, &str); 11] = [
    ("de", include_str!("../../data/lang/de/quotes.tsv")),
    ("es", include_str!("../../data/lang/es/quotes.tsv")),
    ("fr", include_str!("../../data/lang/fr/quotes.tsv")),
    ("it", include_str!("../../data/lang/it/quotes.tsv")),
    ("ja", include_str!("../../data/lang/ja/quotes.tsv")),
    ("ko", include_str!("../../data/lang/ko/quotes.tsv")),
    ("pl", include_str!("../../data/lang/pl/quotes.tsv")),
    ("pt", include_str!("../../data/lang/pt/quotes.tsv")),
    ("ru", include_str!("../../data/lang/ru/quotes.tsv")),
    ("uk", include_str!("../../data/lang/uk/quotes.tsv")),
    ("zh", include_str!("../../data/lang/zh/quotes.tsv")),
];

/// The forms of one role of a file.
fn role(data: &'static str, name: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = data
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter(|(r, _)| *r == name)
        .flat_map(|(_, f)| f.split_whitespace())
        .collect();
    out.sort_by_key(|w| std::cmp::Reverse(w.len()));
    out
}

static PACKS: LazyLock<Vec<Pack>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|&(code, data)| {
            let mut verbs: Vec<Vec<&'static str>> = role(data, "verb").into_iter().map(|f| f.split('+').collect()).collect();
            verbs.sort_by_key(|v| std::cmp::Reverse((v.len(), v.iter().map(|w| w.len()).sum::<usize>())));
            let marks = role(data, "marks")
                .into_iter()
                .filter_map(|m| {
                    let mut cs = m.chars();
                    Some((cs.next()?, cs.next()?))
                })
                .collect();
            Pack { code, marks, verbs, quotative: role(data, "quotative"), subject: role(data, "subject"), pronouns: role(data, "pronoun"), joiners: role(data, "joiner"), stops: role(data, "phrase_stop"), spaced: !matches!(code, "ja" | "zh") }
        })
        .collect()
});

/// The quote pack of a document's language, if it has one.
pub fn pack(language: Option<&str>) -> Option<&'static Pack> {
    let code = language?;
    PACKS.iter().find(|p| p.code == code)
}

/// Every quoted span, (start of the opening mark, end of the closing mark),
/// in order; a quote left open at the end of its paragraph is dropped.
fn marked(text: &str, pack: &Pack) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match open {
            Some(_) if c == '\n' => open = None,
            Some((o, close)) if c == close => {
                out.push((o, i + c.len_utf8()));
                open = None;
            }
            Some(_) => {}
            None => open = pack.marks.iter().find(|m| m.0 == c).map(|m| (i, m.1)),
        }
    }
    out
}

/// The words of `text[lo..hi]` as byte spans (letters, digits, hyphens, apostrophes).
fn words(text: &str, lo: usize, hi: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[lo..hi].char_indices() {
        let part = c.is_alphanumeric() || (start.is_some() && matches!(c, '-' | '\'' | '’'));
        match (part, start) {
            (true, None) => start = Some(lo + i),
            (false, Some(s)) => {
                out.push((s, lo + i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, hi));
    }
    out
}

/// The speech verb starting at word `k` of `ws`: its byte span. Its last
/// word may carry a quotative particle: the verb of a quote relayed by
/// another speaker ("…"이라고 설명했다고 X는 전했다).
fn verb_at(text: &str, ws: &[(usize, usize)], k: usize, pack: &Pack) -> Option<(usize, usize)> {
    pack.verbs.iter().find_map(|v| {
        let n = v.len();
        if n > ws.len() - k {
            return None;
        }
        let same = |f: &str, (a, b): (usize, usize)| text[a..b].to_lowercase() == f;
        let heads = v[..n - 1].iter().zip(&ws[k..]).all(|(f, &w)| same(f, w));
        let (a, b) = ws[k + n - 1];
        let last = text[a..b].to_lowercase();
        let end = if last == v[n - 1] {
            b
        } else if pack.quotative.iter().any(|q| last.strip_suffix(q) == Some(v[n - 1])) {
            a + v[n - 1].len()
        } else {
            return None;
        };
        heads.then_some((ws[k].0, end))
    })
}

/// The last speech verb inside `text[lo..hi]` (the first with `first`).
fn verb_in(text: &str, lo: usize, hi: usize, pack: &Pack, first: bool) -> Option<(usize, usize)> {
    if pack.spaced {
        let ws = words(text, lo, hi);
        let mut hits = (0..ws.len()).filter_map(|k| verb_at(text, &ws, k, pack));
        return if first { hits.next() } else { hits.next_back() };
    }
    let seg = &text[lo..hi];
    let hits = pack.verbs.iter().filter_map(|v| {
        let f = v.first()?;
        let at = if first { seg.find(f) } else { seg.rfind(f) }?;
        Some((lo + at, lo + at + f.len()))
    });
    if first {
        hits.min_by_key(|&(a, b)| (a, std::cmp::Reverse(b)))
    } else {
        hits.max_by_key(|&(a, b)| (a, b))
    }
}

/// The entity mention of a speaker kind inside `lo..hi` nearest byte `at`,
/// a person's before a body's ("X, der Sprecher des Amtes, erklärte").
fn entity_near(entities: &[Entity], lo: usize, hi: usize, at: usize) -> Option<(usize, usize, usize)> {
    entities
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind, EntityKind::Person | EntityKind::Organization | EntityKind::Group))
        .flat_map(|(i, e)| e.mentions.iter().map(move |m| (m.start, m.end, i)))
        .filter(|&(s, e, _)| s >= lo && e <= hi)
        .min_by_key(|&(s, e, i)| (entities[i].kind != EntityKind::Person, if e <= at { at - e } else { s.saturating_sub(at) }))
}

/// The most words a speaker phrase of no entity keeps.
const PHRASE_WORDS: usize = 6;

/// The words of `text[lo..hi]` as a speaker phrase: trimmed, cut at a
/// comma, a subject particle taken off its end; the words nearest the verb
/// (at the end when `before`).
fn phrase(text: &str, lo: usize, hi: usize, pack: &Pack, before: bool) -> Option<(usize, usize)> {
    // "別の消息筋は、「…」": the comma before the quote ends the phrase.
    let seg = text[lo..hi].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、'));
    let cut = |c: char| matches!(c, ',' | '，' | '、' | ';' | '.' | '。' | ':' | '：' | '—' | '–' | '(' | ')');
    let (a, b) = if before {
        (seg.rfind(cut).map_or(0, |i| i + seg[i..].chars().next().map_or(1, char::len_utf8)), seg.len())
    } else {
        (0, seg.find(cut).unwrap_or(seg.len()))
    };
    let mut b = b;
    if pack.spaced && !pack.subject.is_empty() {
        // Korean: the phrase ends with the first word carrying a subject
        // particle (the subject opens the clause; a later "추가" only ends like one).
        let ws = words(text, lo + a, lo + b);
        let last = ws.iter().find(|&&(x, y)| pack.subject.iter().any(|p| text[x..y].len() > p.len() && text[x..y].ends_with(p)))?;
        b = last.1 - lo;
    } else if !pack.subject.is_empty() {
        // Japanese: the phrase ends at the last subject particle ("消息筋は26日、").
        b = a + pack.subject.iter().filter_map(|p| seg[a..b].rfind(p).map(|i| i + p.len())).max()?;
    }
    let part = seg[a..b].trim();
    let part = pack.subject.iter().find_map(|p| part.strip_suffix(p).filter(|r| !r.trim().is_empty())).unwrap_or(part).trim();
    // "王明在社交媒体上写道": the phrase ends before a preposition.
    let part = if pack.spaced { part } else { pack.stops.iter().filter_map(|w| part.find(w).filter(|&i| i > 0)).min().map_or(part, |i| &part[..i]) };
    let start = lo + a + seg[a..b].find(part)?;
    let ws = words(text, start, start + part.len());
    let (&first, &last) = (ws.first()?, ws.last()?);
    let take = if before { &ws[ws.len().saturating_sub(PHRASE_WORDS)..] } else { &ws[..ws.len().min(PHRASE_WORDS)] };
    let (s, e) = (take.first()?.0, take.last()?.1);
    let (s, e) = if pack.spaced { (s, e) } else { (first.0.min(s), last.1.max(e)) };
    (s < e).then_some((s, e))
}

/// The sentence holding byte `at`, as a byte range (the paragraph's when none does).
fn sentence_of(text: &str, sentences: &[Span], at: usize) -> (usize, usize) {
    sentences.iter().find(|s| s.start <= at && at < s.end).map_or_else(
        || {
            let lo = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let hi = text[at..].find('\n').map_or(text.len(), |i| at + i);
            (lo, hi)
        },
        |s| (s.start, s.end),
    )
}

/// A quote's cue and speaker: the cue's span, the speaker's span and its entity.
type Cued = ((usize, usize), Option<(usize, usize, Option<usize>)>);

/// The speaker in `lo..hi` for a verb at `verb`: an entity there, else the words.
fn speaker(text: &str, entities: &[Entity], lo: usize, hi: usize, at: usize, pack: &Pack, before: bool) -> Option<(usize, usize, Option<usize>)> {
    if lo >= hi {
        return None;
    }
    let named = |(a, b): (usize, usize)| !pack.pronouns.contains(&text[a..b].to_lowercase().as_str());
    // "„…“, sagte er dem Daily Star": the word next to the verb is the speaker's.
    let ws = words(text, lo, hi);
    let next = if before { ws.last() } else { ws.first() };
    if next.is_some_and(|&w| !named(w)) {
        return person_before(entities, lo);
    }
    let who = entity_near(entities, lo, hi, at).map(|(s, e, i)| (s, e, Some(i))).or_else(|| phrase(text, lo, hi, pack, before).map(|(s, e)| (s, e, None)))?;
    if words(text, who.0, who.1).into_iter().all(named) {
        return Some(who);
    }
    person_before(entities, lo)
}

/// The person named last before byte `at`: who a pronoun, or a verb with
/// no subject, speaks for ("„…“, sagte er", "«…», dijo").
fn person_before(entities: &[Entity], at: usize) -> Option<(usize, usize, Option<usize>)> {
    entity_near(entities, 0, at, at).filter(|&(_, _, i)| entities[i].kind == EntityKind::Person).map(|(s, e, i)| (s, e, Some(i)))
}

/// The most words between a closing mark and the speech verb after it (`«…», — X заявил`).
const VERB_REACH: usize = 4;

/// The same reach in bytes where words have no spaces between them (a
/// name and a title: `”，X发言人表示`).
const VERB_REACH_BYTES: usize = 48;

/// The cue and speaker of the quote `s..e`, if it has a cue.
fn cue(text: &str, sentences: &[Span], entities: &[Entity], pack: &Pack, (prev, head, e): (usize, usize, usize)) -> Option<Cued> {
    let (ss, _) = sentence_of(text, sentences, head);
    // The clause before the quote starts after a quote earlier in its
    // sentence and the ending glued to it ("…"며).
    let ss = if prev > ss && prev <= head { prev + text[prev..head].find(char::is_whitespace).unwrap_or(0) } else { ss };
    // The sentence after the closing mark: "。」と述べた" may start a new one.
    let (_, se) = sentence_of(text, sentences, e.min(text.len().saturating_sub(1)));
    let se = se.max(e);
    let after = &text[e..se];
    let end_of = |lo: usize| if lo >= se { lo } else { lo + text[lo..se].find(['.', '。', '!', '?', '\n']).unwrap_or(se - lo) };
    // A quotative particle: the verb later in the sentence.
    if let Some(q) = pack.quotative.iter().find(|q| after.starts_with(*q)) {
        let lo = e + q.len();
        let next = text[lo..].chars().next();
        if pack.spaced && next.is_some_and(char::is_alphanumeric) {
            return None;
        }
        let hi = end_of(lo);
        let verb = verb_in(text, lo, hi, pack, true)?;
        let between = speaker(text, entities, lo, verb.0, verb.0, pack, false).filter(|_| {
            let seg = text[lo..verb.0].trim();
            !seg.is_empty()
        });
        let who = between.or_else(|| speaker(text, entities, ss, head, head, pack, true));
        return Some((verb, who));
    }
    // A speech verb after the quote, past a comma or dash.
    let skip = after.len() - after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '—' | '–' | '-')).len();
    let lo = e + skip;
    let hi = end_of(lo);
    if lo < hi {
        let ws = words(text, lo, hi);
        let first = if pack.spaced {
            (0..ws.len().min(VERB_REACH + 1)).find_map(|k| verb_at(text, &ws, k, pack))
        } else {
            let mut reach = hi.min(lo + VERB_REACH_BYTES);
            while !text.is_char_boundary(reach) {
                reach -= 1;
            }
            verb_in(text, lo, reach, pack, true)
        };
        if let Some(verb) = first {
            let who = speaker(text, entities, verb.1, hi, verb.1, pack, false)
                .filter(|_| verb.0 == lo)
                .or_else(|| speaker(text, entities, lo, verb.0, verb.0, pack, true));
            return Some((verb, who));
        }
    }
    // A speech verb before the quote, its clause ending in a colon.
    let head = text[ss..head].trim_end();
    let colon = head.strip_suffix(':').or_else(|| head.strip_suffix('：'))?;
    let verb = verb_in(text, ss, ss + colon.len(), pack, false)?;
    let who = speaker(text, entities, ss, verb.0, verb.0, pack, true);
    Some((verb, who))
}

/// The quotes of `text` in the language of `pack`, with their speakers
/// linked to `entities`.
pub fn find(text: &str, sentences: &[Span], entities: &[Entity], pack: &Pack) -> Vec<Quote> {
    let spans = marked(text, pack);
    let ends: Vec<usize> = std::iter::once(0).chain(spans.iter().map(|m| m.1)).collect();
    // The quotes joined to the next one, by index.
    let joined = |i: usize| {
        let (e, next) = (spans[i].1, spans.get(i + 1).map(|m| m.0));
        pack.joiners.iter().any(|j| {
            text[e..].starts_with(j) && next.is_some_and(|n| n >= e + j.len() && text[e + j.len()..n].trim().is_empty())
        })
    };
    let mut cued: Vec<Option<Cued>> = vec![None; spans.len()];
    for i in (0..spans.len()).rev() {
        let e = spans[i].1;
        cued[i] = if joined(i) {
            cued[i + 1]
        } else {
            // The first of the quotes joined to this one opens the clause before.
            let first = (0..i).rev().take_while(|&k| joined(k)).last().unwrap_or(i);
            cue(text, sentences, entities, pack, (ends[first], spans[first].0, e))
        };
    }
    spans
        .iter()
        .zip(cued)
        .filter(|&(&(s, e), _)| text[s..e].chars().filter(|c| c.is_alphanumeric()).count() > 1)
        .filter_map(|(&(s, e), cued)| {
            let (verb, who) = cued?;
            let who = who.or_else(|| person_before(entities, s));
            Some(Quote {
                start: s,
                end: e,
                text: text[s..e].to_string(),
                direct: true,
                speaker: who.and_then(|w| w.2).map(|i| entities[i].id.clone()),
                speaker_name: who.map(|(a, b, i)| i.map_or_else(|| text[a..b].to_string(), |i| entities[i].name.clone())),
                cue: Some(text[verb.0..verb.1].to_string()),
            })
        })
        .collect()
}
