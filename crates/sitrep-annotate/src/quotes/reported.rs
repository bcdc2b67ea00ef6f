//! Reported speech, one sentence at a time.
//!
//! Shapes recognised around a cue that is neither quoted nor already used by
//! a direct quote:
//!
//! * `X said (that) CONTENT` (with `told reporters`, `said on Monday that`,
//!   `it was reported that` with no speaker, `X, who has said …`);
//! * `CONTENT, X said.` / `CONTENT, said X.` and the parenthetical
//!   `PART, X said, PART.`;
//! * `According to X, CONTENT` / `CONTENT, according to X.`;
//! * `…, adding that CONTENT` for the sentence's speaker.
//!
//! The quote is the content only; quoted words inside it stay part of it.

use super::lexicon::CueClass;
use super::speaker::{self, Before, Np};
use super::tokens::{first_at, Kind};
use super::{Ctx, Found, Who};

/// Words that may stand between a cue and "that": an addressee or a time
/// ("told reporters on Monday that").
const THAT_REACH: usize = 12;

pub(super) fn find(ctx: &mut Ctx, direct: &[Found]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut directs: Vec<(usize, usize)> = direct.iter().map(|f| (f.s, f.e)).collect();
    directs.sort_unstable();
    for ui in 0..ctx.units.len() {
        let (u0, u1) = ctx.units[ui];
        let first_here = out.len();
        let mut k = u0;
        while k < u1 {
            if ctx.mark_of[k].is_some() || ctx.used[k] || !ctx.toks[k].is_word() {
                k += 1;
                continue;
            }
            let Some((len, class)) = ctx.cue_at(k) else {
                k += 1;
                continue;
            };
            if k > u0 && ctx.word(k - 1) == "to" || ctx.toks[k].is_cap() && k > u0 && ctx.word(k) != "according" {
                k += 1;
                continue;
            }
            let got = if ctx.word(k) == "according" { according(ctx, u0, u1, k) } else { verb(ctx, u0, u1, k, len, class, &out[first_here..]) };
            if let Some(mut f) = got {
                f.cue = Some((ctx.toks[k].s, ctx.toks[k + len - 1].e));
                let (s, e) = clip(&directs, f.s, f.e);
                if e > s && words(ctx, s, e) >= 3 {
                    // "X said A, adding that B": A ends where the new cue's clause starts.
                    if let Some(prev) = out[first_here..].last_mut().filter(|p: &&mut Found| p.s < ctx.toks[k].s && p.e > ctx.toks[k].s) {
                        if k > u0 && ctx.is(k - 1, ",") && f.s > prev.s {
                            prev.e = ctx.toks[k - 1].s;
                        }
                    }
                    out.push(Found { s, e, ..f });
                }
            }
            k += len;
        }
    }
    out
}

fn words(ctx: &Ctx, s: usize, e: usize) -> usize {
    let a = first_at(&ctx.toks, s);
    let b = first_at(&ctx.toks, e);
    ctx.toks[a..b].iter().filter(|t| t.is_word()).count()
}

/// Cut a content span so it does not run into a direct quote.
fn clip(directs: &[(usize, usize)], s: usize, e: usize) -> (usize, usize) {
    let k = directs.partition_point(|d| d.1 <= s);
    match directs.get(k) {
        Some(&(ds, de)) if ds < e => {
            if ds > s {
                (s, ds)
            } else {
                (de.min(e), e)
            }
        }
        _ => (s, e),
    }
}

/// The byte end of a sentence's content: before its final period, or at
/// the end of a quote it closes inside.
fn content_end(ctx: &Ctx, u0: usize, u1: usize) -> usize {
    let mut j = u1;
    while j > u0 && ctx.toks[j - 1].kind == Kind::Punct && matches!(ctx.toks[j - 1].text(ctx.text), "." | "!" | ";" | ":") {
        j -= 1;
    }
    if j == u0 {
        return ctx.toks[u1 - 1].e;
    }
    let e = ctx.toks[j - 1].e;
    // A sentence split inside a quote: the content runs to the quote's end.
    match ctx.mark_of[j - 1] {
        Some(mi) => e.max(ctx.marks[mi as usize].end),
        None => e,
    }
}

fn according(ctx: &mut Ctx, u0: usize, u1: usize, k: usize) -> Option<Found> {
    let np = speaker::after(ctx.text, &ctx.toks, k + 2, u1)?;
    let np_end = first_at(&ctx.toks, np.e);
    let who = Who::Np(np);
    if k == u0 || k == u0 + 1 && !ctx.toks[u0].is_word() {
        // "According to X, CONTENT."
        let c = (np_end..u1).find(|&j| ctx.is(j, ","))? + 1;
        if c >= u1 {
            return None;
        }
        return Some(Found { s: ctx.toks[c].s, e: content_end(ctx, u0, u1), direct: false, who, cue: None });
    }
    if !ctx.is(k - 1, ",") && !ctx.is(k - 1, "(") {
        return None;
    }
    let rest = np_end < u1 && ctx.is(np_end, ",") && np_end + 1 < u1 && ctx.toks[np_end + 1..u1].iter().any(|t| t.is_word());
    let e = if rest { content_end(ctx, u0, u1) } else { ctx.toks[k - 1].s };
    Some(Found { s: ctx.toks[u0].s, e, direct: false, who, cue: None })
}

const OBJECTS: &[&str] = &[
    "reporters", "journalists", "me", "us", "him", "her", "them", "lawmakers", "supporters", "voters", "listeners",
    "viewers", "readers", "members", "students", "donors", "congress", "parliament", "investors", "officials",
];

#[allow(clippy::too_many_arguments)]
fn verb(ctx: &mut Ctx, u0: usize, u1: usize, k: usize, len: usize, class: CueClass, here: &[Found]) -> Option<Found> {
    let after = k + len;
    let before = speaker::before(ctx.text, &ctx.toks, u0, k);
    // "CONTENT, X said." / "CONTENT, said X." / "PART, X said, PART."
    let np_start = match before {
        Before::Speaker(np) => Some(first_at(&ctx.toks, np.s)),
        _ => None,
    };
    let comma_before_np = np_start.filter(|&s| s > u0 + 1 && ctx.is(s - 1, ","));
    let inverted = (before == Before::None && k > u0 + 1 && ctx.is(k - 1, ","))
        .then(|| speaker::after(ctx.text, &ctx.toks, after, u1))
        .flatten();
    let tail_from = match (comma_before_np, inverted) {
        (Some(_), _) => Some(after),
        (None, Some(np)) => Some(first_at(&ctx.toks, np.e)),
        _ => None,
    };
    if let Some(t) = tail_from {
        let comma = comma_before_np.map_or(k - 1, |s| s - 1);
        let short_tail = (t..u1).take_while(|&j| !ctx.is(j, ",")).count() <= 8
            && (t..u1).all(|j| !ctx.toks[j].is_word() || ctx.word(j) != "that");
        if short_tail && comma > u0 {
            let rest_at = (t..u1).find(|&j| ctx.is(j, ","));
            let runs_on = rest_at.is_some_and(|r| ctx.toks[r + 1..u1].iter().filter(|t| t.is_word()).count() >= 3);
            let e = if runs_on { content_end(ctx, u0, u1) } else { ctx.toks[comma].s };
            let who = match (before, inverted) {
                (Before::Speaker(np), _) => Who::Np(np),
                (_, Some(np)) => Who::Np(np),
                _ => return None,
            };
            return Some(Found { s: ctx.toks[u0].s, e, direct: false, who, cue: None });
        }
    }
    // "X said (that) CONTENT"
    let who = match before {
        Before::Speaker(np) => Who::Np(np),
        Before::Impersonal => Who::Nobody,
        Before::None if k > u0 && ctx.is(k - 1, ",") && ctx.word(k).ends_with("ing") => {
            match here.last() {
                Some(prev) => prev.who,
                None => Who::Np(subject(ctx, u0, k)?),
            }
        }
        Before::None => return None,
    };
    let mut c = after;
    let that = (after..u1.min(after + THAT_REACH))
        .take_while(|&j| ctx.toks[j].is_word() || ctx.is(j, ","))
        .find(|&j| ctx.word(j) == "that");
    if let Some(t) = that {
        c = t;
    } else {
        if class == CueClass::Tell && c < u1 && ctx.toks[c].is_word() {
            let w = ctx.word(c);
            if OBJECTS.contains(&&*w) {
                c += 1;
            } else if ctx.toks[c].is_cap() {
                while c < u1 && (ctx.toks[c].is_cap() || ctx.is(c, ".")) {
                    c += 1;
                }
            }
        }
        while c < u1 && matches!(ctx.toks[c].text(ctx.text), "," | ":") {
            c += 1;
        }
    }
    if c >= u1 || !ctx.toks[c].is_word() && ctx.mark_of[c].is_none() {
        return None;
    }
    Some(Found { s: ctx.toks[c].s, e: content_end(ctx, u0, u1), direct: false, who, cue: None })
}

/// The leading name of a sentence, as the subject of a participle cue.
fn subject(ctx: &Ctx, u0: usize, k: usize) -> Option<Np> {
    let mut j = u0;
    while j < k && (ctx.toks[j].is_cap() || ctx.is(j, ".") && j > u0) {
        j += 1;
    }
    (j > u0).then(|| Np { s: ctx.toks[u0].s, e: ctx.toks[j - 1].e, pronoun: None })
}
