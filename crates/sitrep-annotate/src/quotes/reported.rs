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

use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;
use super::lexicon::CueClass;
use super::speaker::{self, Before};
use super::tokens::{first_at, Kind};
use super::{Ctx, Found, Who};

/// Words that may stand between a cue and "that": an addressee or a time
/// ("told reporters on Monday that").
const THAT_REACH: usize = 16;

pub(super) fn find(ctx: &mut Ctx, direct: &[Found]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut directs: Vec<Found> = direct.iter().filter(|f| f.direct).copied().collect();
    directs.sort_unstable_by_key(|f| f.s);
    let spans: Vec<(usize, usize)> = directs.iter().map(|f| (f.s, f.e)).collect();
    for ui in 0..ctx.units.len() {
        let (u0, u1) = ctx.units[ui];
        // Words inside a quotation are no antecedents for the pronouns outside it.
        if let Some(np) = ctx.subject(u0, u1).filter(|np| ctx.mark_of[first_at(&ctx.toks, np.s)].is_none()) {
            ctx.subjects.push(np);
        }
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
            // "to say", "let them tell", "the alleged", "his claims": not speech.
            let blocked = k > u0 && ctx.toks[k - 1].is_word() && CUE_BLOCKERS.contains(&&*ctx.word(k - 1));
            // "most estimates", "several reports": a quantifier takes a plural
            // verb, so a cue in -s after one is a noun.
            let counted = k > u0
                && ctx.toks[k - 1].is_word()
                && ctx.word(k).ends_with('s')
                && QUANTIFIERS.contains(&&*ctx.word(k - 1));
            if blocked || counted || ctx.toks[k].is_cap() && k > u0 && !super::SOURCE_FIRST.contains(&&*ctx.word(k)) {
                k += 1;
                continue;
            }
            let cue_s = ctx.toks[k].s;
            // The quote this sentence has made so far, for "…, adding that …".
            let d = spans.partition_point(|d| d.0 < cue_s);
            let direct_here = d.checked_sub(1).map(|i| directs[i]).filter(|f| f.e >= ctx.toks[u0].s);
            let earlier = out[first_here..].last().copied().or(direct_here);
            let got = if super::SOURCE_FIRST.contains(&&*ctx.word(k)) { according(ctx, u0, u1, k) } else { verb(ctx, u0, u1, k, len, class, earlier) };
            if let Some(mut f) = got {
                f.cue = Some((cue_s, ctx.toks[k + len - 1].e));
                let (s, e) = clip(&spans, f.s, f.e);
                if e > s && words(ctx, s, e) >= 3 {
                    // "X said A, but Y said B" / "X said A, adding that B": A ends where B's clause starts.
                    let clause = clause_start(ctx, u0, k, &f);
                    if let Some(prev) = out[first_here..].last_mut() {
                        if prev.s < clause && prev.e > clause {
                            prev.e = clause;
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

/// Where the clause of a new attribution starts, when a comma and maybe a
/// conjunction set it off: "…, but he said", "…, adding". Else the cue itself.
fn clause_start(ctx: &Ctx, u0: usize, k: usize, f: &Found) -> usize {
    let mut j = match f.who {
        Who::Np(np) if np.s < ctx.toks[k].s => first_at(&ctx.toks, np.s),
        _ => k,
    };
    while j > u0 && ctx.toks[j - 1].is_word() && CLAUSE_JOINERS.contains(&&*ctx.word(j - 1)) {
        j -= 1;
    }
    if j > u0 && (ctx.is(j - 1, ",") || ctx.is(j - 1, ";")) {
        return ctx.toks[j - 1].s;
    }
    // "said A and warned B": the second verb shares the subject.
    let mut v = k;
    while v > u0 && ctx.toks[v - 1].is_word() && VERB_ADVERBS.contains(&&*ctx.word(v - 1)) {
        v -= 1;
    }
    if v > u0 && ctx.toks[v - 1].is_word() && SECOND_VERB_JOINERS.contains(&&*ctx.word(v - 1)) {
        ctx.toks[v - 1].s
    } else {
        usize::MAX
    }
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

/// Clauses that follow reported content without being part of it:
/// "…, although he refused …", "…; they only learned …".
fn concession(ctx: &Ctx, j: usize) -> bool {
    if ctx.is(j, ";") {
        return true;
    }
    if !ctx.is(j, ",") || !ctx.toks.get(j + 1).is_some_and(|t| t.kind == Kind::Lower) {
        return false;
    }
    let w = ctx.word(j + 1);
    // "…, citing …", "…, meaning …": a participle clause about the speech.
    let participle = super::participle(&w) && !NOMINAL_ENDINGS.iter().any(|e| w.ends_with(e)) && !NOT_PARTICIPLES.contains(&&*w);
    participle || CONCESSIVE.contains(&&*w)
}

/// The byte end of reported content starting at token `c`: the end of the
/// sentence (before its final period, or at the end of a quote it closes
/// inside), or an earlier concessive clause.
fn content_end(ctx: &Ctx, c: usize, u1: usize) -> usize {
    content_end_from(ctx, c, c + 2, u1)
}

/// [`content_end`] for content starting at `c`, looking for a concessive
/// clause only from token `from` on (past an attribution inside the content).
fn content_end_from(ctx: &Ctx, c: usize, from: usize, u1: usize) -> usize {
    if let Some(cut) = (from + 1..u1).find(|&j| ctx.mark_of[j].is_none() && concession(ctx, j)) {
        return ctx.toks[cut - 1].e;
    }
    let mut j = u1;
    while j > c && ctx.toks[j - 1].kind == Kind::Punct && matches!(ctx.toks[j - 1].text(ctx.text), "." | "!" | ";" | ":") {
        j -= 1;
    }
    if j == c {
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
    // "according to Western estimates": the noun after the source is no cue of its own.
    let mut n = np_end;
    while n < u1 && ctx.is(n, ".") {
        n += 1;
    }
    if n < u1 && ctx.toks[n].kind == Kind::Lower && ctx.cue_at(n).is_some() {
        ctx.used[n] = true;
    }
    let who = Who::Np(np);
    if k == u0 || k == u0 + 1 && !ctx.toks[u0].is_word() {
        // "According to X, CONTENT."
        let c = (np_end..u1).find(|&j| ctx.is(j, ","))? + 1;
        if c >= u1 {
            return None;
        }
        return Some(Found { s: ctx.toks[c].s, e: content_end(ctx, c, u1), direct: false, who, cue: None, turn: false });
    }
    if !matches!(ctx.toks[k - 1].text(ctx.text), "," | "(" | "—" | "–" | "-") {
        return None;
    }
    let rest = np_end < u1 && ctx.is(np_end, ",") && np_end + 1 < u1 && ctx.toks[np_end + 1..u1].iter().any(|t| t.is_word());
    let e = if rest { content_end(ctx, u0, u1) } else { ctx.toks[k - 1].s };
    Some(Found { s: ctx.toks[skip_dateline(ctx, u0, k)].s, e, direct: false, who, cue: None, turn: false })
}

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/quotes-reported.txt");

static OBJECTS: Words = LazyLock::new(|| list(WORDS, "objects"));

/// Words opening the content of reported speech ("that", "whether").
static COMPLEMENTIZERS: Words = LazyLock::new(|| list(WORDS, "complementizers"));

/// Question words opening reported content ("explained how …") after a
/// cue that is not read with "that".
static WH_WORDS: Words = LazyLock::new(|| list(WORDS, "wh_words"));

/// Words before a speech word that make it no speech ("to say", "his claims").
static CUE_BLOCKERS: Words = LazyLock::new(|| list(WORDS, "cue_blockers"));

/// Quantifiers after which a speech word in -s is a noun ("most estimates").
static QUANTIFIERS: Words = LazyLock::new(|| list(WORDS, "quantifiers"));

/// Conjunctions opening the clause of a speech verb ("but", "although").
static CLAUSE_JOINERS: Words = LazyLock::new(|| list(WORDS, "clause_joiners"));

/// Adverbs before a second speech verb sharing the subject ("and later warned").
static VERB_ADVERBS: Words = LazyLock::new(|| list(WORDS, "verb_adverbs"));

/// Words in -ing that open no participle clause ("during", "according").
static NOT_PARTICIPLES: Words = LazyLock::new(|| list(WORDS, "not_participles"));

/// Words opening a concessive clause after a comma ("although", "whereas").
static CONCESSIVE: Words = LazyLock::new(|| list(WORDS, "concessive"));

/// Words after a speech verb that begin no content ("we", "something").
static NOT_CONTENT: Words = LazyLock::new(|| list(WORDS, "not_content"));

/// Subordinating conjunctions opening a clause before the main one ("when", "because").
static SUBORDINATORS: Words = LazyLock::new(|| list(WORDS, "subordinators"));

/// Lowercase words that may open the speaker after an inverted cue ("said a senior official").
static INVERTED_OPENERS: Words = LazyLock::new(|| list(WORDS, "inverted_openers"));

/// Words opening a free relative before a cue ("what the minister said").
static FREE_RELATIVES: Words = LazyLock::new(|| list(WORDS, "free_relatives"));

/// Coordinating conjunctions after a cue that open no reported clause ("said and left").
static COORDINATORS: Words = LazyLock::new(|| list(WORDS, "coordinators"));

/// Words making a calendar unit opening reported content a time ("this week").
static UNIT_DEICTICS: Words = LazyLock::new(|| list(WORDS, "unit_deictics"));

/// Conjunctions before a second speech verb that shares the subject ("said A and warned B").
static SECOND_VERB_JOINERS: Words = LazyLock::new(|| list(WORDS, "second_verb_joiners"));

/// The conjunction before a cue with no subject of its own that makes the
/// sentence's subject speak ("Cruz thanked them and said …").
static SUBJECT_COORDINATORS: Words = LazyLock::new(|| list(WORDS, "subject_coordinators"));

/// Prepositions that may open an absolute clause before a name and a
/// participle ("with officials saying …").
static CLAUSE_PREPOSITIONS: Words = LazyLock::new(|| list(WORDS, "clause_prepositions"));

/// The infinitive marker after a cue ("pledged to push for …", "said to be").
static INFINITIVE_MARKERS: Words = LazyLock::new(|| list(WORDS, "infinitive_markers"));

/// First-person pronouns that open a reported clause after a preposition
/// ("said after the talks we would …").
static FIRST_PERSON: Words = LazyLock::new(|| list(WORDS, "first_person"));

/// Endings of nouns that look like participles ("something", "nothing").
static NOMINAL_ENDINGS: Words = LazyLock::new(|| list(WORDS, "nominal_endings"));

/// Possessive endings, as written ("Lynch's notes").
static POSSESSIVE_ENDINGS: Words = LazyLock::new(|| list(WORDS, "possessive_endings"));


fn verb(ctx: &mut Ctx, u0: usize, u1: usize, k: usize, len: usize, class: CueClass, earlier: Option<Found>) -> Option<Found> {
    let after = k + len;
    // "A surgeon explains why night shifts run long" — a headline or
    // standfirst: a line of its own with no final punctuation.
    let line = (u0 == 0 || ctx.toks[u0 - 1].kind == Kind::Break) && ctx.toks.get(u1).is_none_or(|t| t.kind == Kind::Break);
    if line && ctx.toks[u1 - 1].is_word() {
        return None;
    }
    let participle = super::participle(&ctx.word(k));
    // "cards describing them as natives": a participle right after a noun
    // modifies it; speech participles follow a comma, an auxiliary or "by".
    if participle && k > u0 && ctx.toks[k - 1].kind == Kind::Lower && !speaker::before_participle(&ctx.word(k - 1)) {
        return None;
    }
    // So does one after a capitalised adjective in a prepositional phrase
    // ("circulating in Western reporting"); "with the Navy warning that" is
    // a clause.
    if participle && k > u0 && ctx.toks[k - 1].is_cap() {
        let mut c = k - 1;
        while c > u0 && ctx.toks[c - 1].is_cap() {
            c -= 1;
        }
        if c > u0 && ctx.toks[c - 1].kind == Kind::Lower && {
            let w = ctx.word(c - 1);
            speaker::is_preposition(&w) && !CLAUSE_PREPOSITIONS.contains(&&*w)
        } {
            return None;
        }
    }
    // A participle after a comma ("…, arguing that") has no subject of its own.
    let before = if participle && k > u0 && ctx.is(k - 1, ",") { Before::None } else { speaker::before(ctx.text, &ctx.toks, u0, k) };
    // "Lynch notes …" is a verb after a name or pronoun; "his notes" is not.
    let class = match before {
        Before::Speaker(np) if class == CueClass::That => {
            let last = first_at(&ctx.toks, np.e).saturating_sub(1);
            let determined = super::ARTICLES.contains(&&*ctx.word(first_at(&ctx.toks, np.s)));
            if np.pronoun.is_some() || !determined && ctx.toks[last].is_cap() && !POSSESSIVE_ENDINGS.iter().any(|e| ctx.toks[last].text(ctx.text).ends_with(e)) {
                CueClass::Say
            } else {
                class
            }
        }
        _ => class,
    };
    // "what Trump says his plan would do": an embedded question, not speech.
    if let Before::Speaker(np) = before {
        let s0 = first_at(&ctx.toks, np.s);
        // "raising the Harbour Board estimate": after an article and a
        // singular name, a cue in its bare form is a noun.
        let w = ctx.word(k);
        let bare = !(w.ends_with('s') || w.ends_with('d') || participle);
        let singular = !ctx.text[np.s..np.e].ends_with('s');
        if bare && singular && np.pronoun.is_none() && s0 > u0 && ctx.toks[s0 - 1].is_word() && super::ARTICLES.contains(&&*ctx.word(s0 - 1)) {
            return None;
        }
        if s0 > u0 && ctx.toks[s0 - 1].is_word() && FREE_RELATIVES.contains(&&*ctx.word(s0 - 1)) {
            return None;
        }
    }
    // "CONTENT, X said." / "CONTENT, said X." / "PART, X said, PART."
    let np_start = match before {
        Before::Speaker(np) => Some(first_at(&ctx.toks, np.s)),
        _ => None,
    };
    let comma_before_np = np_start.filter(|&s| s > u0 + 1 && ctx.is(s - 1, ","));
    let inverted = (before == Before::None && !participle && k > u0 + 1 && ctx.is(k - 1, ","))
        .then(|| speaker::after(ctx.text, &ctx.toks, after, u1))
        .flatten()
        .filter(|np| {
            let t = first_at(&ctx.toks, np.s);
            ctx.toks[t].is_cap() || INVERTED_OPENERS.contains(&&*ctx.word(t))
        });
    let tail_from = match (comma_before_np, inverted) {
        (Some(_), _) => Some(after),
        (None, Some(np)) => Some(first_at(&ctx.toks, np.e)),
        _ => None,
    };
    if let Some(t) = tail_from {
        let comma = comma_before_np.map_or(k - 1, |s| s - 1);
        let tail: Vec<usize> = (t..u1).take_while(|&j| !ctx.is(j, ",")).filter(|&j| ctx.toks[j].is_word()).collect();
        let adverbial = match tail.first() {
            None => true,
            Some(&j) => speaker::ADVERBIAL.contains(&&*ctx.word(j)) || class == CueClass::Tell && tail.len() <= 3,
        };
        let short_tail = tail.len() <= 8 && adverbial && tail.iter().all(|&j| !super::QUOTE_COMPLEMENTIZERS.contains(&&*ctx.word(j)));
        if short_tail && comma > u0 {
            let rest_at = (t..u1).find(|&j| ctx.is(j, ","));
            // "…, says Ana Ruiz, a retired general." ends with an appositive, not more content.
            let appositive = |r: usize| {
                inverted.is_some() && r + 1 < u1 && {
                    let w = ctx.word(r + 1);
                    ctx.toks[r + 1].kind == Kind::Lower || super::APPOSITIVE_OPENERS.contains(&&*w)
                }
            };
            // "Too often, X said, the debate …": the content runs on past the attribution.
            let runs_on = rest_at.is_some_and(|r| ctx.toks[r + 1..u1].iter().filter(|t| t.is_word()).count() >= 3 && !appositive(r));
            let e = if runs_on { content_end_from(ctx, u0, rest_at.unwrap_or(t), u1) } else { ctx.toks[comma].s };
            let who = match (before, inverted) {
                (Before::Speaker(np), _) => Who::Np(np),
                (_, Some(np)) => Who::Np(np),
                _ => return None,
            };
            return Some(Found { s: ctx.toks[skip_dateline(ctx, u0, comma)].s, e, direct: false, who, cue: None, turn: false });
        }
    }
    // "X said (that) CONTENT"
    let who = match before {
        Before::Speaker(np) => Who::Np(np),
        Before::Impersonal => Who::Nobody,
        Before::None if k > u0 && ctx.is(k - 1, ",") && participle => match earlier {
            Some(prev) => prev.who,
            None => ctx.subject(u0, k).map_or(Who::Nobody, Who::Np),
        },
        // "Cruz thanked them and said …": the sentence's subject.
        Before::None if k > u0 && ctx.toks[k - 1].is_word() && SUBJECT_COORDINATORS.contains(&&*ctx.word(k - 1)) => match ctx.subject(u0, k) {
            Some(np) => Who::Np(np),
            None => earlier?.who,
        },
        Before::None => return None,
    };
    let mut c = after;
    // "said on Monday that", "told reporters that" — but not "said it shows that".
    let that = (after..u1.min(after + THAT_REACH))
        .take_while(|&j| {
            let t = ctx.toks[j];
            if !t.is_word() {
                return matches!(t.text(ctx.text), "," | "–" | "—" | "-");
            }
            let w = ctx.word(j);
            // "pledged to push for a law that …": an infinitive is the content already.
            let infinitive = INFINITIVE_MARKERS.contains(&&*w)
                && ctx.toks.get(j + 1).is_some_and(|n| n.kind == Kind::Lower && !OBJECTS.contains(&&*ctx.word(j + 1)) && !super::ARTICLES.contains(&&*ctx.word(j + 1)));
            !(speaker::pronoun(&w).is_some()
                || infinitive
                || NOT_CONTENT.contains(&&*w)
                || speaker::is_verb_word(&w))
        })
        .find(|&j| {
            let w = ctx.word(j);
            // "explained how …"; but "raises questions about what …" is no speech.
            COMPLEMENTIZERS.contains(&&*w) || class != CueClass::That && WH_WORDS.contains(&&*w)
        });
    if let Some(t) = that {
        c = t;
    } else if class == CueClass::That {
        return None;
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
        c = skip_time(ctx, c, u1);
        while c < u1 && matches!(ctx.toks[c].text(ctx.text), "," | ":") {
            c += 1;
        }
    }
    if c >= u1 || !ctx.toks[c].is_word() && ctx.mark_of[c].is_none() {
        return None;
    }
    // "reported from Kabul", "said and did": not a reported clause.
    let first = ctx.word(c);
    if that.is_none() && ctx.toks[c].is_word() && speaker::is_preposition(&first) && !INFINITIVE_MARKERS.contains(&&*first) {
        // "said after the convention he would …": the clause starts at its subject.
        c = (c + 1..u1.min(c + 7))
            .take_while(|&j| ctx.toks[j].is_word())
            .find(|&j| speaker::pronoun(&ctx.word(j)).is_some() || FIRST_PERSON.contains(&&*ctx.word(j)))?;
    }
    if that.is_none() && ctx.toks[c].is_word() && COORDINATORS.contains(&&*ctx.word(c)) {
        return None;
    }
    let mut e = content_end(ctx, c, u1);
    // "When the council warned that A, B …": the speech is the subordinate
    // clause's content; the main clause after the comma is the writer's.
    let subordinate = ctx.toks[u0].is_word()
        && SUBORDINATORS.contains(&&*ctx.word(u0))
        && !(u0..k).any(|j| ctx.is(j, ","));
    if subordinate {
        if let Some(j) = (c + 2..u1).find(|&j| ctx.mark_of[j].is_none() && ctx.is(j, ",")) {
            e = e.min(ctx.toks[j - 1].e);
        }
    }
    Some(Found { s: ctx.toks[c].s, e, direct: false, who, cue: None, turn: false })
}

/// Skip a time phrase opening reported content: "(on) Friday", "this week",
/// "last month", "yesterday".
fn skip_time(ctx: &Ctx, mut c: usize, u1: usize) -> usize {
    static DAYS: Words = LazyLock::new(|| list(WORDS, "days"));
    static UNITS: Words = LazyLock::new(|| list(WORDS, "units"));
    static DAY_PREPOSITIONS: Words = LazyLock::new(|| list(WORDS, "day_prepositions"));
    let word = |j: usize| (j < u1 && ctx.toks[j].is_word()).then(|| ctx.word(j));
    let start = c;
    if word(c).is_some_and(|w| DAY_PREPOSITIONS.contains(&&*w)) && word(c + 1).is_some_and(|w| DAYS.contains(&&*w)) {
        c += 1;
    }
    if word(c).is_some_and(|w| DAYS.contains(&&*w)) {
        c += 1;
        if word(c).is_some_and(|w| UNITS.contains(&&*w)) {
            c += 1;
        }
    } else if word(c).is_some_and(|w| UNIT_DEICTICS.contains(&&*w)) && word(c + 1).is_some_and(|w| UNITS.contains(&&*w)) {
        c += 2;
    }
    // Only when a clause follows.
    if c < u1 && (ctx.toks[c].is_word() || ctx.is(c, ",")) { c } else { start }
}

/// Skip a dateline opening a sentence ("SEOUL (Wire) — …") when the content
/// starts there; `k` bounds the search.
fn skip_dateline(ctx: &Ctx, u0: usize, k: usize) -> usize {
    let shouted = ctx.toks[u0].is_cap() && ctx.toks[u0].text(ctx.text).chars().all(|c| !c.is_lowercase());
    if !shouted {
        return u0;
    }
    (u0 + 1..k.min(u0 + 12))
        .take_while(|&j| ctx.toks[j].is_cap() || matches!(ctx.toks[j].text(ctx.text), "/" | "(" | ")" | "," | "." | "—" | "–" | "-"))
        .find(|&j| matches!(ctx.toks[j].text(ctx.text), "—" | "–"))
        .map_or(u0, |d| d + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_function_words_of_reported_clauses_are_read_from_the_data_file() {
        let lists: [(&Words, &str, &str); 7] = [
            (&SECOND_VERB_JOINERS, "but", "or"),
            (&SUBJECT_COORDINATORS, "and", "but"),
            (&CLAUSE_PREPOSITIONS, "with", "in"),
            (&INFINITIVE_MARKERS, "to", "for"),
            (&FIRST_PERSON, "we", "he"),
            (&NOMINAL_ENDINGS, "thing", "ing"),
            (&POSSESSIVE_ENDINGS, "’s", "s"),
        ];
        for (list, yes, no) in lists {
            assert!(list.contains(&yes), "{yes} missing");
            assert!(!list.contains(&no), "{no} listed");
        }
    }

    #[test]
    fn the_word_lists_of_reported_speech_are_read_from_the_data_file() {
        let lists: [(&Words, &str, &str); 12] = [
            (&CUE_BLOCKERS, "let", "they"),
            (&QUANTIFIERS, "conflicting", "the"),
            (&CLAUSE_JOINERS, "although", "because"),
            (&VERB_ADVERBS, "further", "and"),
            (&NOT_PARTICIPLES, "regarding", "saying"),
            (&CONCESSIVE, "whereas", "because"),
            (&NOT_CONTENT, "nothing", "he"),
            (&SUBORDINATORS, "until", "and"),
            (&INVERTED_OPENERS, "another", "his"),
            (&FREE_RELATIVES, "whatever", "who"),
            (&COORDINATORS, "so", "that"),
            (&UNIT_DEICTICS, "next", "every"),
        ];
        for (list, yes, no) in lists {
            assert!(list.contains(&yes), "{yes} missing");
            assert!(!list.contains(&no), "{no} listed");
        }
    }
}
