//! Direct quotes: quoted spans that are speech.
//!
//! A quoted span is kept when a cue stands next to it, in the same sentence:
//! before it (`X said: "…"`, `X told reporters, "…"`, `according to X, "…"`,
//! `X: "…"`, `Said X: "…"`, a colon closing the paragraph before) or after
//! it (`"…," said X`, `"…," X added`, `"…," according to X`, `"…" ― X`), or
//! when it is a whole sentence on its own (its speaker then comes from the
//! quote before it). A quote that opens mid-sentence is a partial quote: with
//! an attribution after it (`These troops are "well trained," said X.`) the
//! whole clause is reported speech; without one it is left to the reported
//! speech pass, or is a scare quote or title. So is a quote that opens a
//! sentence which runs on past it. A quote interrupted by its own
//! attribution (`"A," she said. "B."`) is one quote.

use super::lexicon::CueClass;
use super::speaker::{self, Before, Np};
use super::tokens::Kind;
use super::{Ctx, Found, Who};

/// How far (in tokens) to look around a quote for its attribution.
const REACH: usize = 50;

pub(super) fn find(ctx: &mut Ctx) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for mi in 0..ctx.marks.len() {
        let m = ctx.marks[mi];
        let a = super::tokens::first_at(&ctx.toks, m.start);
        let b = super::tokens::first_at(&ctx.toks, m.end);
        let words = ctx.toks[a..b].iter().filter(|t| t.is_word()).count();
        // A transcript turn opening in quotation marks ("“HARLOW: Look, …") is the
        // transcript's, with its own speaker.
        let turn = (a + 2..b.min(a + 6)).find(|&k| ctx.is(k, ":")).is_some_and(|k| ctx.toks[a + 1..k].iter().all(|t| t.is_cap()));
        if words == 0 || turn {
            continue;
        }
        // The rest of the sentence before the quote, back to a sentence end,
        // a line break or another quote.
        let mut p0 = a;
        while p0 > 0 && a - p0 < REACH && ctx.mark_of[p0 - 1].is_none() && !ctx.ends_sentence(p0 - 1) {
            p0 -= 1;
        }
        let mut p1 = b;
        while p1 < ctx.toks.len() && p1 - b < REACH && ctx.mark_of[p1].is_none() && !ctx.ends_sentence(p1) {
            p1 += 1;
        }
        let (_, inner_end) = m.inner();
        let inner = ctx.text[m.start + m.open_len..inner_end].trim_end();
        let ends_sentence = inner.ends_with(['.', '!', '?', '…']) || inner.ends_with("--") || !m.closed;
        // A quote that runs on into its sentence ("he said “budget reforms” would pay")
        // is a partial quote unless a comma or colon sets it off.
        let runs_on = p1 > b && !ends_sentence && ctx.toks[b..p1].iter().filter(|t| t.is_word()).count() >= 2;
        let attribution = if p0 < a {
            pre(ctx, p0, a, runs_on, ends_sentence)
        } else {
            announced(ctx, a, ends_sentence)
        };
        // After an embedded quote the attribution must also close the sentence,
        // and the quote is the whole clause: "These troops are “well trained,” said X."
        let (attribution, s, direct) = match attribution {
            Some(at) => (Some(at), m.start, true),
            None => (post(ctx, b, p1, ends_sentence || p0 < a).or_else(|| paired(ctx, b, p1)), ctx.toks[p0].s, p0 == a),
        };
        let found = match attribution {
            Some((who, cue)) => Some(Found { s, e: m.end, direct, who, cue: Some(cue), turn: false }),
            None if p0 == a && (p1 == b || ends_sentence) && words >= 3 => {
                let who = prior_subject(ctx, a).map_or(Who::Inherit, Who::Np);
                Some(Found { s: m.start, e: m.end, direct: true, who, cue: None, turn: false })
            }
            None => None,
        };
        if let Some(f) = found {
            out.push(f);
        }
    }
    merge_interrupted(ctx, out)
}

/// The speaker of a quote with no cue that follows a sentence about a
/// person with no speech in it ("Ana Ruiz disagreed. “…”"): that sentence's
/// subject, rather than whoever spoke before it.
fn prior_subject(ctx: &Ctx, a: usize) -> Option<Np> {
    let mut j = a;
    while j > 0 && ctx.toks[j - 1].kind == Kind::Break {
        j -= 1;
    }
    if j == 0 || !matches!(ctx.toks[j - 1].text(ctx.text), "." | "!") || ctx.mark_of[j - 1].is_some() {
        return None;
    }
    let ui = ctx.units.partition_point(|u| u.0 < j).checked_sub(1)?;
    let (u0, u1) = ctx.units[ui];
    if u1 < j || u1 - u0 > 40 || (u0..u1).any(|k| ctx.mark_of[k].is_some()) {
        return None;
    }
    // A sentence with a speech cue has its own speaker, which the quote
    // inherits ("“…,” Ana Ruiz said. “…”", "Lee erred, Ana Ruiz said.").
    if (u0..u1).any(|k| ctx.toks[k].kind == Kind::Lower && ctx.cue_at(k).is_some()) {
        return None;
    }
    let np = ctx.subject(u0, u1)?;
    let s = super::tokens::first_at(&ctx.toks, np.s);
    let opens = s == u0 || s == u0 + 1 && super::SENTENCE_CONJUNCTIONS.contains(&&*ctx.word(u0));
    if !opens {
        return None;
    }
    let k = ctx.mentions.partition_point(|m| m.1 <= np.s);
    let kind = ctx.mentions[k..].iter().take_while(|m| m.0 < np.e).map(|m| ctx.kinds[m.2]).next();
    let person = match kind {
        Some(kind) => kind == sitrep_core::EntityKind::Person,
        // With no entity: a full name, or a title or given name ("Fill in
        // the form." is no person).
        None => {
            let name = &ctx.text[np.s..np.e];
            let t = speaker::traits(name);
            t.named && !t.org && !t.plural && (name.split_whitespace().count() >= 2 || t.gender.is_some())
        }
    };
    person.then_some(np)
}

/// Mark tokens `a..b` as used by an attribution.
fn use_tokens(ctx: &mut Ctx, a: usize, b: usize) {
    for u in &mut ctx.used[a..b] {
        *u = true;
    }
}

/// An attribution before a quote, in tokens `p0..a`: the cue must be close
/// to the quote, with at most an addressee or a time between them.
fn pre(ctx: &mut Ctx, p0: usize, a: usize, runs_on: bool, ends_sentence: bool) -> Option<(Who, (usize, usize))> {
    let last = a - 1;
    let lead = ctx.toks[last].text(ctx.text);
    if runs_on && !matches!(lead, "," | ":") {
        return None;
    }
    for k in (p0..a).rev().take(12) {
        let Some((len, _)) = ctx.cue_at(k) else { continue };
        let gap = &ctx.toks[k + len..a];
        // "he said, but “…”" continues the attribution; "said that “…”" is reported speech.
        let joined = gap.len() <= 3 && super::ATTRIBUTION_JOINERS.contains(&lead);
        let gap_ok = gap.iter().all(|t| t.is_word() && !super::QUOTE_COMPLEMENTIZERS.contains(&t.text(ctx.text)) || matches!(t.text(ctx.text), "," | ":" | "." | "-" | "—" | "–"))
            && (gap.is_empty() || matches!(lead, "," | ":" | "—" | "–") || joined)
            && gap.len() <= 10;
        if !gap_ok {
            return None;
        }
        let cue = (ctx.toks[k].s, ctx.toks[k + len - 1].e);
        if super::SOURCE_FIRST.contains(&&*ctx.word(k)) {
            let np = speaker::after(ctx.text, &ctx.toks, k + len, a)?;
            use_tokens(ctx, k, a);
            return Some((Who::Np(np), cue));
        }
        let participle = super::participle(&ctx.word(k));
        let before = if participle && k > p0 && ctx.is(k - 1, ",") { Before::None } else { speaker::before(ctx.text, &ctx.toks, p0, k) };
        let who = match before {
            Before::Speaker(np) => Who::Np(np),
            Before::Impersonal => Who::Nobody,
            // "Said Marsh: “…”"
            Before::None if k == p0 && ctx.toks[k].is_cap() => Who::Np(speaker::after(ctx.text, &ctx.toks, k + len, a)?),
            // "…, adding: “…”", "… and says, “…”" speak for the sentence's subject.
            Before::None if participle || k > p0 && super::SUBJECT_SHARERS.contains(&&*ctx.word(k - 1)) => {
                ctx.subject(p0, k).map_or(Who::Inherit, Who::Np)
            }
            Before::None => return None,
        };
        use_tokens(ctx, p0, a);
        return Some((who, cue));
    }
    if lead != ":" || last == p0 {
        return None;
    }
    let cue = (ctx.toks[last].s, ctx.toks[last].e);
    // "Pence: “…”" — a short name and a colon.
    if a - p0 <= 6 && ctx.toks[p0..last].iter().all(|t| t.is_cap() || t.text(ctx.text) == ".") && !super::interview::LABELS.contains(&&*ctx.word(p0)) {
        let np = Np { s: ctx.toks[p0].s, e: ctx.toks[last - 1].e, pronoun: None };
        use_tokens(ctx, p0, a);
        return Some((Who::Np(np), cue));
    }
    // "The senator put it bluntly: “…”" — a colon before a whole-sentence quote.
    if ends_sentence {
        return Some((ctx.subject(p0, last).map_or(Who::Inherit, Who::Np), cue));
    }
    None
}

/// A quote opening a paragraph after one that ends with a colon: "The
/// Times reports:" / "Sanders made the following comment:".
fn announced(ctx: &mut Ctx, a: usize, ends_sentence: bool) -> Option<(Who, (usize, usize))> {
    if a < 2 || ctx.toks[a - 1].kind != Kind::Break || !ctx.is(a - 2, ":") {
        return None;
    }
    let colon = a - 2;
    let mut p0 = colon;
    while p0 > 0 && colon - p0 < REACH && ctx.mark_of[p0 - 1].is_none() && !ctx.ends_sentence(p0 - 1) {
        p0 -= 1;
    }
    (p0 < colon).then(|| pre(ctx, p0, colon + 1, false, ends_sentence)).flatten()
}

/// An attribution after a quote, in tokens `b..p1`: `, said X`, `, X said`,
/// `, according to X`.
///
/// After a quote that ends its own sentence ("“…it.” He said …") the
/// attribution must be all that follows, give or take a few words of time
/// or place ("“…it.” Mr. Ruiz said on Monday."); else it is a new sentence.
fn post(ctx: &mut Ctx, b: usize, p1: usize, ended: bool) -> Option<(Who, (usize, usize))> {
    let mut k = b;
    while k < p1 && matches!(ctx.toks[k].text(ctx.text), "," | "—" | "–" | "-" | "―") {
        k += 1;
    }
    // "… “A.” She adds, “B.”": words leading into the next quote are its own.
    let into_next = ended
        && p1 < ctx.toks.len() && ctx.mark_of[p1].is_some() && p1 > b && matches!(ctx.toks[p1 - 1].text(ctx.text), "," | ":");
    if k >= p1 || into_next {
        return None;
    }
    // "“…” ― Ana Ruiz": a dash and a name closing the paragraph.
    let dash = k > b && matches!(ctx.toks[k - 1].text(ctx.text), "―" | "—" | "–");
    let name_only = ctx.toks[k..p1].iter().all(|t| t.is_cap() || t.text(ctx.text) == ".");
    let closes = p1 >= ctx.toks.len() || ctx.toks[p1].kind == Kind::Break || ctx.is(p1, ".") && ctx.toks.get(p1 + 1).is_none_or(|t| t.kind == Kind::Break);
    if dash && name_only && closes && p1 - k <= 6 {
        let np = Np { s: ctx.toks[k].s, e: ctx.toks[p1 - 1].e, pronoun: None };
        use_tokens(ctx, k - 1, p1);
        return Some((Who::Np(np), (ctx.toks[k - 1].s, ctx.toks[k - 1].e)));
    }
    // The cue comes first ("said X") or after a short subject ("X said").
    for c in k..p1.min(k + 36) {
        if ctx.toks[c].kind == Kind::Punct && !matches!(ctx.toks[c].text(ctx.text), "." | "(" | ")" | "-" | "’" | "'" | ",") {
            return None;
        }
        let Some((len, class)) = ctx.cue_at(c) else { continue };
        // "a firefighter who asked not to be named told the Courier": a cue in
        // a relative clause is not the attribution's.
        if c > k && ctx.toks[c - 1].is_word() && super::RELATIVES.contains(&&*ctx.word(c - 1)) {
            continue;
        }
        let cue = (ctx.toks[c].s, ctx.toks[c + len - 1].e);
        // What follows the attribution: nothing, or a short time or place.
        // (An appositive of the speaker may follow: ", a senior fellow at X.")
        // (An appositive or aside about the speaker may follow: ", a senior
        // fellow at X.", "(a view others share)"; and after a time, another clause.)
        let rest_ok = |from: usize| {
            let appositive = ctx.is(from, "(")
                || ctx.is(from, ",")
                    && ctx.toks.get(from + 1).is_some_and(|t| t.kind == Kind::Lower || super::APPOSITIVE_OPENERS.contains(&&*ctx.word(from + 1)));
            let words: Vec<usize> = (from..p1).take_while(|&j| !ctx.is(j, ",")).filter(|&j| ctx.toks[j].is_word()).collect();
            appositive || words.len() <= 3 && words.first().is_none_or(|&j| speaker::ADVERBIAL.contains(&&*ctx.word(j)))
        };
        if c == k {
            let np = speaker::after(ctx.text, &ctx.toks, c + len, p1)?;
            let end = super::tokens::first_at(&ctx.toks, np.e);
            if ended && !rest_ok(end) {
                return None;
            }
            use_tokens(ctx, c, end);
            return Some((Who::Np(np), cue));
        }
        // "X told reporters, using …": an addressee after a telling cue.
        let mut rest = c + len;
        if class == CueClass::Tell {
            let object = (rest..p1.min(rest + 3)).take_while(|&j| ctx.toks[j].is_word() && !speaker::ADVERBIAL.contains(&&*ctx.word(j))).count();
            rest += object;
        }
        if ended && !rest_ok(rest) {
            return None;
        }
        return match speaker::before(ctx.text, &ctx.toks, k, c) {
            Before::Speaker(np) if np.s == ctx.toks[k].s => {
                use_tokens(ctx, k, c + len);
                Some((Who::Np(np), cue))
            }
            // "“…,” port spokeswoman Ana Ruiz said": a title with its lowercase
            // modifiers before the name.
            Before::Speaker(np) if np.pronoun.is_none() && role_before(ctx, k, super::tokens::first_at(&ctx.toks, np.s)) => {
                use_tokens(ctx, k, c + len);
                Some((Who::Np(Np { s: ctx.toks[k].s, ..np }), cue))
            }
            _ => None,
        };
    }
    None
}

/// Whether tokens `k..n` are a title in lower case with at most two
/// lowercase modifiers before it ("port spokeswoman", "deputy mayor").
fn role_before(ctx: &Ctx, k: usize, n: usize) -> bool {
    (k + 1..=k + 3).contains(&n)
        && ctx.toks[k..n].iter().all(|t| t.kind == Kind::Lower && !speaker::is_verb_word(&ctx.text[t.s..t.e]))
        && super::lexicon::LEXICON.title(&ctx.word(n - 1)).is_some()
}

/// "“A,” with “B,” X told reporters": a quote joined by a word to the
/// next one, which carries the attribution of both. The next quote's
/// attribution is read after it (tokens `b..p1` are the joining word).
fn paired(ctx: &mut Ctx, b: usize, p1: usize) -> Option<(Who, (usize, usize))> {
    let joiner = p1 == b + 1 && ctx.toks[b].is_word() && super::QUOTE_PAIRERS.contains(&&*ctx.word(b));
    if !joiner || !ctx.text[..ctx.toks[b].s].trim_end().trim_end_matches(['”', '"', '’', '\'']).ends_with(',') {
        return None;
    }
    let next = ctx.marks[ctx.mark_of.get(p1).copied().flatten()? as usize];
    let b2 = super::tokens::first_at(&ctx.toks, next.end);
    let (_, inner_end) = next.inner();
    if !ctx.text[next.start + next.open_len..inner_end].trim_end().ends_with(',') {
        return None;
    }
    let mut q1 = b2;
    while q1 < ctx.toks.len() && q1 - b2 < REACH && ctx.mark_of[q1].is_none() && !ctx.ends_sentence(q1) {
        q1 += 1;
    }
    post(ctx, b2, q1, true)
}

/// Join a quote interrupted by its own attribution ("“A,” she said. “B.”",
/// "“A,” she said, “B.”") into one quote: the second part has no speaker of
/// its own, or its cue is the one between the two.
fn merge_interrupted(ctx: &Ctx, found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        if let Some(prev) = out.last_mut() {
            let gap = &ctx.text[prev.e..f.s];
            let cue_between = prev.cue.is_some_and(|(s, _)| s >= prev.e && s < f.s);
            // Only the attribution may stand between the parts: "“A,” Ana Ruiz, a lawyer, said of it. “B.”"
            let a = super::tokens::first_at(&ctx.toks, prev.e);
            let b = super::tokens::first_at(&ctx.toks, f.s);
            let other = ctx.toks[a..b].iter().zip(&ctx.used[a..b]).filter(|(t, u)| t.is_word() && !**u).count();
            let joinable = prev.direct
                && f.direct
                && !gap.contains('\n')
                && other <= 5
                && cue_between
                && (f.who == Who::Inherit || f.cue == prev.cue);
            if joinable {
                prev.e = f.e;
                continue;
            }
        }
        out.push(f);
    }
    out
}
