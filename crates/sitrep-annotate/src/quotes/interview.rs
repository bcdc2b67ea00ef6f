//! Interviews in question-and-answer form, and transcripts.
//!
//! * Q&A: when at least two paragraphs are questions (they end with `?`, or
//!   open with `Q:`), the paragraphs of prose after each question are
//!   answers, and answers belong to the interviewee: the titled or most
//!   mentioned name of the introduction before the first question.
//! * Transcripts: a paragraph opening with a short capitalised name and a
//!   colon (`HARLOW: Look, …`, `Q: …`, `A: …`) is that speaker's turn.
//! * Embedded posts: a paragraph ending with a signature `— Name (@handle)
//!   date` closes a social-media post by Name: the words before the
//!   signature, with the paragraphs set off from it by extra blank lines as
//!   a scraped post's own paragraphs are.

use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;
use super::speaker::Np;
use super::tokens::{Kind, Tok};
use super::{Ctx, Found, Who};
use sitrep_core::EntityKind;
use foldhash::{HashMap, HashMapExt};

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/quotes-interview.txt");

/// Labels that open a line with a colon without naming a speaker.
pub(super) static LABELS: Words = LazyLock::new(|| list(WORDS, "labels"));

/// Paragraphs as token ranges (without their break tokens).
fn paragraphs(toks: &[Tok]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = 0;
    for (k, t) in toks.iter().enumerate() {
        if t.kind == Kind::Break {
            if k > s {
                out.push((s, k));
            }
            s = k + 1;
        }
    }
    if toks.len() > s {
        out.push((s, toks.len()));
    }
    out
}

pub(super) fn find(ctx: &mut Ctx) -> Vec<Found> {
    let paras = paragraphs(&ctx.toks);
    let mut out = transcript(ctx, &paras);
    out.extend(qa(ctx, &paras).unwrap_or_default());
    out.extend(posts(ctx, &paras));
    out
}

fn word_count(ctx: &Ctx, (a, b): (usize, usize)) -> usize {
    ctx.toks[a..b].iter().filter(|t| t.is_word()).count()
}

/// A short paragraph of one or two sentences ending with a question mark
/// (or opening with "Q:").
fn is_question(ctx: &Ctx, (a, b): (usize, usize)) -> bool {
    let last = ctx.toks[b - 1].text(ctx.text);
    let quoted = ctx.mark_of[a].is_some();
    let sentences = (a..b).filter(|&k| ctx.ends_sentence(k)).count();
    !quoted && word_count(ctx, (a, b)) <= 50 && sentences <= 2 && (last == "?" || ctx.word(a) == "q" && ctx.is(a + 1, ":"))
}

/// Words in an introduction that announce an interview.
static ANNOUNCE: Words = LazyLock::new(|| list(WORDS, "announce"));

/// A prose paragraph that can be an answer: a few words, ending like a sentence.
fn is_answer(ctx: &Ctx, (a, b): (usize, usize)) -> bool {
    let last = ctx.toks[b - 1].text(ctx.text);
    word_count(ctx, (a, b)) >= 8
        && matches!(last, "." | "!" | "”" | "\"" | "…" | ")")
        && !ctx.text[ctx.toks[a].s..ctx.toks[b - 1].e].contains('©')
}

fn qa(ctx: &mut Ctx, paras: &[(usize, usize)]) -> Option<Vec<Found>> {
    let questions: Vec<usize> = (0..paras.len()).filter(|&i| is_question(ctx, paras[i])).collect();
    if questions.len() < 2 {
        return None;
    }
    let first = questions[0];
    let intro = (paras[0].0, paras[first].0);
    let announced = (intro.0..intro.1).any(|k| ctx.toks[k].is_word() && ANNOUNCE.contains(&&*ctx.word(k)));
    // Answers must follow the questions: most questions have one.
    let answered = questions.iter().filter(|&&q| paras.get(q + 1).is_some_and(|&p| is_answer(ctx, p))).count();
    if !announced || answered * 2 < questions.len() {
        return None;
    }
    let who = Who::Np(interviewee(ctx, intro.0, intro.1)?);
    let mut out = Vec::new();
    for (qi, &q) in questions.iter().enumerate() {
        let last_block = qi + 1 == questions.len();
        let next = questions.get(qi + 1).copied().unwrap_or(paras.len());
        for &p in &paras[q + 1..next] {
            if !is_answer(ctx, p) {
                if last_block {
                    break;
                }
                continue;
            }
            let (mut a, b) = p;
            // "A: …" opens an answer in some transcripts.
            if ctx.word(a) == "a" && ctx.is(a + 1, ":") {
                a += 2;
            }
            out.push(Found { s: ctx.toks[a].s, e: ctx.toks[b - 1].e, direct: false, who, cue: None, turn: true });
        }
    }
    Some(out)
}

/// The interviewee: in the introduction (tokens `a..b`), the name standing
/// after a title ("Dr", "Professor"), else the most repeated capitalised name.
fn interviewee(ctx: &Ctx, a: usize, b: usize) -> Option<Np> {
    let mut best: Option<(usize, Np)> = None;
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut k = a;
    let mut runs = Vec::new();
    while k < b {
        if !ctx.toks[k].is_cap() {
            k += 1;
            continue;
        }
        let s = k;
        while k < b && (ctx.toks[k].is_cap() || ctx.is(k, ".") && ctx.toks[k - 1].is_cap()) {
            k += 1;
        }
        let mut e = k;
        while e > s && !ctx.toks[e - 1].is_word() {
            e -= 1;
        }
        if e > s {
            runs.push((s, e));
            *counts.entry(ctx.toks[e - 1].text(ctx.text)).or_default() += 1;
        }
    }
    for (s, e) in runs {
        let titled = super::lexicon::LEXICON.title(&ctx.word(s)).is_some() && e - s >= 2;
        if !titled && e - s < 2 || LABELS.contains(&&*ctx.word(s)) {
            continue;
        }
        // People are interviewed; the outlet that interviews them is not.
        let k = ctx.mentions.partition_point(|m| m.1 <= ctx.toks[s].s);
        let kind = ctx.mentions.get(k).filter(|m| m.0 < ctx.toks[e - 1].e).map(|m| ctx.kinds[m.2]);
        let person = match kind {
            Some(EntityKind::Person) => 6,
            Some(_) => 0,
            None => 3,
        };
        let score = counts[ctx.toks[e - 1].text(ctx.text)] + if titled { 10 } else { 0 } + (e - s) + person;
        let np = Np { s: ctx.toks[s].s, e: ctx.toks[e - 1].e, pronoun: None };
        if best.is_none_or(|(b, _)| score >= b) {
            best = Some((score, np));
        }
    }
    best.map(|(_, np)| np)
}

fn transcript(ctx: &mut Ctx, paras: &[(usize, usize)]) -> Vec<Found> {
    let mut out = Vec::new();
    for &(a0, b) in paras {
        let mut a = a0;
        if ctx.mark_of[a].is_some() && ctx.toks[a].kind == Kind::Punct {
            a += 1;
        }
        let Some(colon) = (a..b.min(a + 5)).find(|&k| ctx.is(k, ":")) else { continue };
        let name_ok = colon > a
            && ctx.toks[a..colon].iter().all(|t| t.is_cap() || t.text(ctx.text) == ".")
            && !LABELS.contains(&&*ctx.word(a));
        if !name_ok || word_count(ctx, (colon + 1, b)) < 3 || ctx.used[colon] {
            continue;
        }
        let np = Np { s: ctx.toks[a].s, e: ctx.toks[colon - 1].e, pronoun: None };
        // A speaker's name, not a headline's first half ("The Briefing: …"):
        // capitals as transcripts write them, or a known person or organisation.
        let shouted = ctx.text[np.s..np.e].chars().all(|c| !c.is_lowercase());
        let k = ctx.mentions.partition_point(|m| m.1 <= np.s);
        let known = ctx.mentions.get(k).filter(|m| m.0 < np.e).map(|m| ctx.kinds[m.2]);
        let named = match known {
            Some(kind) => kind != EntityKind::Place,
            None => ctx.mentions.is_empty() && !super::ARTICLES.contains(&&*ctx.word(a)),
        };
        if !shouted && !named {
            continue;
        }
        let c = colon + 1;
        // A quoted turn that closes inside the paragraph is a direct quote, handled there.
        let para_end = ctx.toks[b - 1].e;
        if ctx.mark_of[c].is_some_and(|mi| {
            let m = ctx.marks[mi as usize];
            m.start >= ctx.toks[colon].e && m.end <= para_end
        }) {
            continue;
        }
        for u in &mut ctx.used[a..=colon] {
            *u = true;
        }
        let e = ctx.toks[b - 1].e;
        out.push(Found { s: ctx.toks[c].s, e, direct: false, who: Who::Np(np), cue: Some((ctx.toks[colon].s, ctx.toks[colon].e)), turn: true });
    }
    out
}

/// Embedded posts, closed by a signature "— Name (@handle) date".
fn posts(ctx: &mut Ctx, paras: &[(usize, usize)]) -> Vec<Found> {
    let mut out = Vec::new();
    for (pi, &(a, b)) in paras.iter().enumerate() {
        let Some((dash, open)) = signature(ctx, a, b) else { continue };
        // The post's earlier paragraphs: set off by more than one blank line.
        let mut first = pi;
        while first > 0 {
            let gap = ctx.toks[paras[first - 1].1].text(ctx.text);
            if gap.matches('\n').count() < 3 {
                break;
            }
            first -= 1;
        }
        let s = ctx.toks[paras[first].0].s;
        let e = ctx.toks[dash - 1].e;
        if dash == a || s >= e {
            continue;
        }
        let np = Np { s: ctx.toks[dash + 1].s, e: ctx.toks[open - 1].e, pronoun: None };
        for u in &mut ctx.used[dash..open] {
            *u = true;
        }
        out.push(Found { s, e, direct: true, who: Who::Np(np), cue: Some((ctx.toks[dash].s, ctx.toks[dash].e)), turn: true });
    }
    out
}

/// The signature closing the paragraph `a..b`: the dash before the name and
/// the bracket after it, for "— Colin Reyes (@creyes) May 2, 2024".
fn signature(ctx: &Ctx, a: usize, b: usize) -> Option<(usize, usize)> {
    let at = (a..b).rev().find(|&k| ctx.is(k, "@") && k > a && ctx.is(k - 1, "("))?;
    let open = at - 1;
    let name = (a..open).rev().take_while(|&k| ctx.toks[k].is_cap()).last()?;
    let dash = name.checked_sub(1).filter(|&d| d >= a && matches!(ctx.toks[d].text(ctx.text), "—" | "–" | "―" | "-"))?;
    (open - name <= 5).then_some((dash, open))
}
