//! Claims: what a document states, about what, on whose word, and how
//! firmly.
//!
//! Two kinds of claim come out of a document, each pointing at the sentence
//! that makes it:
//!
//! - a **numeric claim** for each quantity that states a fact (a count of
//!   people or things, money, a share, a measure): its figures and bound are
//!   copied from the quantity, `subject` says what is measured ("North
//!   Korean soldiers arrived in Russia");
//! - a **statement claim** for each quote or piece of reported speech, with
//!   no figures and the gist of the words as `subject`.
//!
//! Attribution ([`source`]) comes from the quote that holds the figure, else
//! from the sentence ("according to X", "estimated by X", "X said/estimates
//! ..."); a sentence with no attribution is the outlet's own claim
//! (`author`). Modality ([`modality`]) comes from hedges: a condition makes a
//! claim `hypothetical`, a denial `denied`, a modal verb or plan `possible`,
//! hearsay `reported`, an estimate or an approximate figure `estimated`.
//! Conditions, denials and modals count only inside the clause that holds
//! the figure ("3,000 have arrived, adding that the total could reach
//! 12,000": only 12,000 is possible); hearsay and estimate cues govern the
//! whole sentence.

use sitrep_text::analysis::Analysis;
use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;

mod frame;
pub use frame::CAPITAL;
mod lexicon;
mod modality;
mod source;
mod subject;
pub mod time;

use crate::tokens::{Shape, Token};
use std::borrow::Cow;
use sitrep_core::{Bound, Claim, ClaimSource, Document, Entity, EntityKind, Modality, Quantity, Quote, Span};

/// Bytes a mention spans at most, as far as lookups by position go.
const MENTION_REACH: usize = 512;

/// A document with the lookups claims make for every figure and quote,
/// built once so that finding claims stays linear in the document's length
/// (scanning every quote, time or mention for each figure made a 4 MB text
/// take minutes).
pub(crate) struct Doc<'a> {
    doc: &'a Document,
    /// Largest quote end among `doc.quotes[..=i]` (quotes come sorted by start).
    quote_ends: Vec<usize>,
    /// Largest time end among `doc.times[..=i]` (times come sorted by start).
    time_ends: Vec<usize>,
    /// Start offsets of the mentions of group entities, sorted.
    group_starts: Vec<usize>,
    /// Every mention as `(start, end, entity index)`, sorted by start.
    mentions: Vec<(usize, usize, usize)>,
}

impl<'a> Doc<'a> {
    /// The document's language (ISO 639-1), when known.
    pub(crate) fn language(&self) -> Option<&'a str> {
        self.doc.language.as_deref()
    }

    fn new(doc: &'a Document) -> Self {
        let running_max = |ends: &mut dyn Iterator<Item = usize>| {
            ends.scan(0, |m, e| {
                *m = e.max(*m);
                Some(*m)
            })
            .collect()
        };
        let mut group_starts: Vec<usize> =
            doc.entities.iter().filter(|e| e.kind == EntityKind::Group).flat_map(|e| e.mentions.iter().map(|m| m.start)).collect();
        group_starts.sort_unstable();
        let mut mentions: Vec<(usize, usize, usize)> =
            doc.entities.iter().enumerate().flat_map(|(i, e)| e.mentions.iter().map(move |m| (m.start, m.end, i))).collect();
        mentions.sort_unstable();
        Doc {
            doc,
            quote_ends: running_max(&mut doc.quotes.iter().map(|q| q.end)),
            time_ends: running_max(&mut doc.times.iter().map(|t| t.end)),
            group_starts,
            mentions,
        }
    }

    /// The entity, of the first of `kinds` in document order, with a mention
    /// that holds `start..end`, and that mention's span.
    pub(crate) fn entity_holding(&self, start: usize, end: usize, kinds: &[EntityKind]) -> Option<(&'a Entity, usize, usize)> {
        // Mentions are short: one that holds the bytes begins shortly before them.
        let from = self.mentions.partition_point(|m| m.0 < start.saturating_sub(MENTION_REACH));
        let upto = self.mentions.partition_point(|m| m.0 <= start);
        self.mentions[from..upto]
            .iter()
            .filter(|&&(s, e, i)| s <= start && end <= e && kinds.contains(&self.doc.entities[i].kind))
            .min_by_key(|&&(s, _, i)| (i, s))
            .map(|&(s, e, i)| (&self.doc.entities[i], s, e))
    }

    /// The first quote that holds `start..end`.
    fn quote_holding(&self, start: usize, end: usize) -> Option<&'a Quote> {
        let begun = self.doc.quotes.partition_point(|q| q.start <= start);
        let first = self.quote_ends.partition_point(|&e| e < end);
        (first < begun).then(|| &self.doc.quotes[first])
    }

    /// Whether a time expression overlaps `start..end`.
    fn in_time(&self, start: usize, end: usize) -> bool {
        let begun = self.doc.times.partition_point(|t| t.start < end);
        begun > 0 && self.time_ends[begun - 1] > start
    }

    /// Whether a group entity's mention starts within `from..=to`.
    fn group_mention_in(&self, from: usize, to: usize) -> Option<usize> {
        let i = self.group_starts.partition_point(|&s| s < from);
        self.group_starts.get(i).copied().filter(|&s| s <= to)
    }
}

impl std::ops::Deref for Doc<'_> {
    type Target = Document;

    fn deref(&self) -> &Document {
        self.doc
    }
}

/// The claim stage of [`crate::annotate`], the last: fills
/// `Document::claims` from the annotations the stages before it found.
pub struct Stage;

impl crate::Annotator for Stage {
    fn annotate(&self, text: &Analysis, doc: &mut Document) {
        doc.claims = find_analysed(doc, text);
    }
}

/// The claims of an annotated document (entities, quotes, quantities and
/// times already filled), in text order; `sentences` are the text's, of
/// [`crate::sentences::split`].
pub fn find(doc: &Document, sentences: &[Span]) -> Vec<Claim> {
    find_analysed(doc, &Analysis::with_sentences(&doc.text, sentences))
}

/// [`find`] over the document's text read once ([`Analysis`]): its
/// sentences, and the words the sentences holding a figure or a quote are
/// read with.
pub fn find_analysed(doc: &Document, text: &Analysis) -> Vec<Claim> {
    let sentences = text.sentences();
    let mut claims: Vec<Claim> = Vec::new();
    let d = Doc::new(doc);
    // The sentence of the previous figure, read once for all its figures.
    let mut ctx: Option<Sentence> = None;
    for (i, q) in doc.quantities.iter().enumerate() {
        let Some(sentence) = sentence_of(sentences, q.start, q.end) else { continue };
        if ctx.as_ref().is_none_or(|c| c.span != sentence) {
            ctx = Some(Sentence::of(text, sentence));
        }
        let ctx = ctx.as_ref().expect("set above");
        let toll = toll_before(&doc.text, sentence, q).map(str::to_string).or_else(|| deployment_before(ctx, q));
        let bare = is_bare(q) && !is_age_or_reference(&doc.text, q);
        if !(states_a_fact(q) || toll.is_some() || bare)
            || d.in_time(q.start, q.end)
            || is_denominator(ctx, q)
        {
            continue;
        }
        if doc.text[sentence.start..sentence.end].trim_end().ends_with('?') {
            continue; // a question states nothing
        }
        // A bare figure of a list counts what the figure before it in the
        // sentence counts; a lone bare figure in a short sentence, what the
        // previous sentence's last figure counts ("The ministry counted
        // 480,000.").
        let prev = claims.last().filter(|c| c.quantity.is_some()).and_then(|c| {
            let here = c.start == sentence.start;
            let before = bare
                && c.end <= sentence.start
                && ctx.toks.len() <= SHORT_SENTENCE
                && paragraph_between(&doc.text, c.end, sentence.start)
                && counts_before(ctx, q.start);
            (here || before).then_some(&c.frame)
        });
        let person = q.unit.as_deref() == Some("person") || counts_a_group(&d, q) || toll.is_some() || counts_losses(q);
        let frame = frame::read(&d, ctx, q, person, bare, prev);
        if bare && toll.is_none() && frame.measure.is_none() && frame.counted.is_none() {
            continue; // a number that counts nothing the text names
        }
        let unit = q.unit.clone().or_else(|| {
            let counted = frame.counted.as_deref().and_then(crate::frames::counted_key);
            if person || counted.is_some_and(|c| c.kind != crate::frames::Kind::Thing) {
                Some("person".to_string())
            } else {
                counted.and_then(|c| c.unit).map(str::to_string)
            }
        });
        let quote = d.quote_holding(q.start, q.end);
        let src = source::of(&d, sentences, ctx, (q.start, q.end));
        let modality = modality::of(ctx, q.start, q.end, quote, &src, q.bound == Bound::Approx);
        let subject = headline(&frame).unwrap_or_else(|| toll.clone().unwrap_or_else(|| subject::of_quantity(ctx, q)));
        let (time, time_kind) = time::of(doc, ctx, q.start);
        claims.push(Claim {
            id: String::new(),
            start: sentence.start,
            end: sentence.end,
            text: doc.text[sentence.start..sentence.end].to_string(),
            quantity: Some(i),
            value: q.value,
            low: q.low,
            high: q.high,
            bound: Some(q.bound),
            unit,
            per: q.per.clone().or_else(|| per_day(&d, ctx, q)),
            per_each: q.per_each.clone().or_else(|| each_before(ctx, q)),
            subject,
            source: src,
            modality,
            time,
            time_kind,
            frame,
        });
    }
    for quote in &doc.quotes {
        if let Some(claim) = statement(&d, text, quote) {
            claims.push(claim);
        }
    }
    claims.sort_by_key(|c| (c.start, c.quantity.is_none(), c.quantity));
    for (n, c) in claims.iter_mut().enumerate() {
        c.id = format!("c{}", n + 1);
    }
    claims
}

/// A short headline of what a frame measures ("North Korean troops
/// deployed in Kursk"), when the frame names a measure or what is counted.
pub fn headline(frame: &sitrep_core::Frame) -> Option<String> {
    let mut who = String::new();
    if let Some(g) = &frame.group {
        who.push_str(g);
    }
    // A counted noun that names the measure itself ("deaths" killed,
    // "casualties") gives way to "people", or to the measure's own noun.
    let implied = frame.counted.as_deref().and_then(crate::frames::counted_key).filter(|c| c.implies.is_some() && c.implies == frame.measure.as_deref());
    let counted = match implied {
        Some(c) if frame.measure.as_deref() == Some(c.key) => None,
        Some(c) if c.kind != crate::frames::Kind::Thing => Some("people"),
        _ => frame.counted.as_deref(),
    };
    if let Some(c) = counted {
        if !who.is_empty() {
            who.push(' ');
        }
        who.push_str(c);
    }
    let mut out = match frame.measure.as_deref().and_then(crate::frames::measure) {
        // "pay of {who}" with nobody named is "pay", "seats won by {who}" "seats won".
        Some(m) if who.is_empty() => {
            let mut label = m.label.replace("{who}", "").trim().to_string();
            while let Some((rest, _)) = label.rsplit_once(' ').filter(|(_, last)| LABEL_TAIL.contains(last)) {
                label = rest.to_string();
            }
            label
        }
        Some(m) => m.label.replace("{who}", &who).trim().to_string(),
        None if !who.is_empty() => who,
        None => return None,
    };
    if let Some(p) = &frame.place {
        out.push_str(" in ");
        out.push_str(p);
    }
    if let Some(e) = &frame.event {
        let (name, year) = e.split_once('|').unwrap_or((e, ""));
        let said = [name, year].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ");
        out.push_str(&format!(" ({said})"));
    }
    Some(out)
}

/// Sentences of at most this many tokens may take a bare figure's frame
/// from the sentence before.
const SHORT_SENTENCE: usize = 25;

/// A plain number that names no unit and counts no noun, not small: "80,000
/// in Paris", "the toll rose to 93", "(2,207)".
fn is_bare(q: &Quantity) -> bool {
    q.kind == "number" && q.unit.is_none() && q.counted.is_none() && q.value.or(q.high).is_some_and(|v| v >= SMALL_COUNT)
}

/// Numbers that count nobody: an age ("people age 12 and older", "aged
/// 65") and a reference to a cited source, alone in parentheses before the
/// end of a sentence ("… in 81% of participants (19).").
fn is_age_or_reference(text: &str, q: &Quantity) -> bool {
    let before = text[..q.start].trim_end();
    let last = before.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("").to_lowercase();
    if AGE_WORDS.contains(&last.as_str()) && before.ends_with(char::is_alphabetic) {
        return true;
    }
    let after = text[q.end..].trim_start();
    let small = q.value.is_some_and(|v| v < REFERENCE_MAX && v.fract() == 0.0);
    small && before.ends_with('(') && after.strip_prefix(')').is_some_and(|rest| rest.trim_start().starts_with('.') || rest.trim_start().is_empty())
}

/// Reference numbers in parentheses are below this.
const REFERENCE_MAX: f64 = 1000.0;

/// Whether a counting verb comes before byte `at` in the sentence ("the
/// ministry has counted 480,000", "the unions gave 3.5 million").
fn counts_before(ctx: &Sentence, at: usize) -> bool {
    let words: Vec<&str> = ctx.lower.iter().map(String::as_str).collect();
    (0..ctx.index_at(at)).any(|i| crate::frames::marker_at(&words, i, crate::frames::Marker::Count).is_some())
}

/// Whether no blank line (a paragraph break) lies between two offsets.
fn paragraph_between(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to).is_some_and(|gap| !gap.contains("\n\n"))
}

/// Below this, a plain number of things ("two countries", "four brigades")
/// describes rather than measures, and is not made a claim.
const SMALL_COUNT: f64 = 10.0;

/// Whether a quantity says something about the world rather than naming or
/// ordering things: counts of people, money, shares and measures, and plain
/// numbers that count a noun and are not small. Figures inside a time
/// expression ("24 years") are left to the times.
fn states_a_fact(q: &Quantity) -> bool {
    match q.kind.as_str() {
        "ordinal" => false,
        "number" if q.unit.is_none() => q.counted.is_some() && q.value.or(q.high).is_some_and(|v| v >= SMALL_COUNT),
        "number" | "fraction" => q.counted.is_some() || q.unit.is_some(),
        _ => q.value.is_some() || q.low.is_some() || q.high.is_some(),
    }
}

/// "The death toll ... has risen to 450", "should the volunteer count hit
/// 5,000": a bare number that a toll, or a count of people, amounts to
/// counts people. Returns the phrase ("death toll", "troop count").
fn toll_before<'t>(text: &'t str, sentence: Span, q: &Quantity) -> Option<&'t str> {
    if q.kind != "number" || q.unit.is_some() || q.counted.is_some() {
        return None;
    }
    let before = &text[sentence.start..q.start];
    // The figure must be what the toll amounts to ("rose to 450", "stands
    // at 450", "a toll of 450"), not a multiplier ("a toll three times higher").
    let link = before.split_whitespace().last()?.to_lowercase();
    if !TOLL_LINK.contains(&link.as_str()) {
        return None;
    }
    for (tally, of_people) in TOLL_NOUNS.iter().map(|&t| (t, false)).chain(PEOPLE_TALLIES.iter().map(|&t| (t, true))) {
        let Some(at) = before.rfind(tally) else { continue };
        let head = before[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let modifier = before[head..at].to_lowercase();
        if of_people && !crate::quantities::is_person_noun(&modifier) && !crate::quantities::is_person_noun(&format!("{modifier}s")) {
            continue;
        }
        let phrase = before.get(head..at + tally.len())?.trim();
        if phrase.chars().all(|c| c.is_alphanumeric() || c.is_whitespace() || c == '-') {
            return Some(phrase);
        }
    }
    None
}

/// In another language, the rate of a figure whose clause says it counts
/// per day ("1000 осіб на день", "середньодобові втрати … 1523", "每天"):
/// the pack's `per_day` phrases anywhere in the clause, or before it in
/// the sentence with no other figure between.
fn per_day(d: &Doc, ctx: &Sentence, q: &Quantity) -> Option<String> {
    let pack = crate::lang::pack(d.language())?;
    let words: Vec<&str> = ctx.lower.iter().map(String::as_str).collect();
    let (lo, hi) = ctx.clause(q.start);
    let clause = ctx.tokens_in(lo, hi);
    let fig = ctx.index_at(q.start);
    let governs = |i: usize| clause.contains(&i) || (i..fig).all(|k| ctx.toks[k].shape != crate::tokens::Shape::Number);
    (ctx.first_word()..clause.end).any(|i| governs(i) && pack.per_day_at(&words, i).is_some()).then(|| "day".to_string())
}

/// The thing denominator of an amount named before it in its clause: "pay
/// each displaced family $300 a month" → "family".
fn each_before(ctx: &Sentence, q: &Quantity) -> Option<String> {
    const REACH: usize = 4;
    if q.kind != "money" {
        return None;
    }
    let (lo, _) = ctx.clause(q.start);
    let range = ctx.tokens_in(lo, q.start);
    let each = range.clone().rev().find(|&i| EACH.contains(&ctx.lower[i].as_str()))?;
    // The noun phrase after "each" ends at a verb or the figure: "each North
    // Korean soldier is paid", "each soldier sent to Russia", "each
    // displaced family $300".
    let mut noun = None;
    for i in each + 1..range.end.min(each + 1 + REACH) {
        let t = &ctx.toks[i];
        if !t.is_word() || t.shape == crate::tokens::Shape::Number || subject::is_filler(&ctx.lower[i]) {
            break;
        }
        if noun.is_some() && subject::is_past_form(&ctx.lower[i]) {
            break;
        }
        if t.shape == crate::tokens::Shape::Lower {
            noun = Some(i);
        }
    }
    let noun = noun?;
    let word = ctx.word(noun);
    Some(sitrep_lang::morph::strip_plural(word).filter(|w| w.len() > 2).unwrap_or(word).to_string())
}

/// "one officer for every 30 soldiers", "per 100,000 people": the figure
/// is the denominator of a ratio, not a count of anything.
fn is_denominator(ctx: &Sentence, q: &Quantity) -> bool {
    let at = ctx.index_at(q.start);
    at > 0 && EACH.contains(&ctx.lower[at - 1].as_str())
}

/// "The full deployment may grow to 8,000", "the number deployed,
/// estimated at around 11,000": a bare number that a deployment amounts to
/// counts the people deployed. Returns the phrase ("total deployment").
fn deployment_before(ctx: &Sentence, q: &Quantity) -> Option<String> {
    const REACH: usize = 8;
    if q.kind != "number" || q.unit.is_some() || q.counted.is_some() || q.value.or(q.high).is_none_or(|v| v < SMALL_COUNT) {
        return None;
    }
    let at = ctx.index_at(q.start);
    let i = (at.saturating_sub(REACH)..at).rev().find(|&i| {
        let w = ctx.lower[i].as_str();
        DEPLOY_STEMS.iter().any(|s| w.starts_with(s)) || SENT.contains(&w)
    })?;
    let from = if i > 0 && SENT_LEAD.contains(&ctx.lower[i - 1].as_str()) { i - 1 } else { i };
    Some((from..=i).map(|j| ctx.lower[j].as_str()).collect::<Vec<_>>().join(" "))
}

/// "around 1,200 losses daily": a plain number of losses, with no currency,
/// counts people lost.
fn counts_losses(q: &Quantity) -> bool {
    q.unit.is_none() && q.counted.as_deref().and_then(|c| c.split_whitespace().last()).is_some_and(|w| LOSS_NOUNS.iter().any(|l| w.eq_ignore_ascii_case(l)))
}

/// Whether a plain number counts members of a group entity ("11,000 North
/// Koreans"): such a count is a count of people.
fn counts_a_group(doc: &Doc, q: &Quantity) -> bool {
    q.unit.is_none()
        && q.counted.is_some()
        && doc.group_mention_in(q.end, q.end + 3).is_some_and(|m| doc.text.get(q.end..m).is_some_and(|gap| gap.trim().is_empty()))
}

/// A statement claim for a quote: the sentences it spans, its gist, its
/// speaker and how firmly it is said.
fn statement(doc: &Doc, text: &Analysis, quote: &Quote) -> Option<Claim> {
    let sentences = text.sentences();
    let first = sentence_of(sentences, quote.start, quote.start)?;
    let last = sentence_of(sentences, quote.end.saturating_sub(1), quote.end).unwrap_or(first);
    let span = Span::new(first.start, last.end.max(first.end));
    let ctx = Sentence::of(text, span);
    let src = source::from_quote(doc, quote);
    let modality = modality::of(&ctx, quote.start, quote.end, Some(quote), &src, false);
    let subject = subject::gist(&quote.text);
    if subject.is_empty() {
        return None;
    }
    let (time, time_kind) = time::of(doc, &ctx, quote.start);
    Some(Claim {
        id: String::new(),
        start: span.start,
        end: span.end,
        text: doc.text[span.start..span.end].to_string(),
        quantity: None,
        value: None,
        low: None,
        high: None,
        bound: None,
        unit: None,
        per: None,
        per_each: None,
        subject,
        source: src,
        modality,
        time,
        time_kind,
        frame: sitrep_core::Frame::default(),
    })
}

/// The sentence holding `start..end`.
fn sentence_of(sentences: &[Span], start: usize, end: usize) -> Option<Span> {
    let i = sentences.partition_point(|s| s.end <= start);
    sentences.get(i).copied().filter(|s| s.start <= start && end <= s.end.max(start))
}

/// A sentence's tokens with lower-case forms, and its clauses.
pub(crate) struct Sentence<'a> {
    pub text: &'a str,
    pub span: Span,
    /// The document's words inside `span` ([`Analysis::words_in`]).
    pub toks: Cow<'a, [Token]>,
    pub lower: Vec<String>,
    /// Source answers shared by the sentence's figures.
    pub(crate) memo: source::Memo,
    /// The document's text read once, which the sentences around this one
    /// are read from as well.
    analysis: &'a Analysis<'a>,
}

/// Tokens a clause reaches on each side of a figure. A news clause without
/// a comma, dash or clause word is far shorter.
const CLAUSE_REACH: usize = 80;

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/claims.txt");

/// Words that open a new clause inside a sentence.
static CLAUSE_WORDS: Words = LazyLock::new(|| list(WORDS, "clause_words"));
/// Words a measure label does not end with once its "{who}" is left out.
static LABEL_TAIL: Words = LazyLock::new(|| list(WORDS, "label_tail"));
/// The word before a toll's figure that makes it what the toll amounts to.
static TOLL_LINK: Words = LazyLock::new(|| list(WORDS, "toll_link"));
/// Verbs of sending besides "deploy…".
static SENT: Words = LazyLock::new(|| list(WORDS, "sent"));
/// Words before a verb of sending that belong to the figure's phrase.
static SENT_LEAD: Words = LazyLock::new(|| list(WORDS, "sent_lead"));
/// Words after a comma that make it a strong clause boundary.
static AFTER_COMMA: Words = LazyLock::new(|| list(WORDS, "after_comma"));
/// Words of a time of life ("aged 45").
static AGE_WORDS: Words = LazyLock::new(|| list(WORDS, "age_words"));
/// Words before a number that make it a rate for each one.
static EACH: Words = LazyLock::new(|| list(WORDS, "each"));
/// Two-word phrases that open a new clause inside a sentence ("and that").
static CLAUSE_PAIRS: Words = LazyLock::new(|| list(WORDS, "clause_pairs"));
/// Stems of the verb of deploying ("deployed", "deployment").
static DEPLOY_STEMS: Words = LazyLock::new(|| list(WORDS, "deploy_stems"));
/// Counted nouns that make a plain number count people lost ("1,200 losses").
static LOSS_NOUNS: Words = LazyLock::new(|| list(WORDS, "loss_nouns"));
/// Tally nouns, each after a space, whose figure counts anyone ("the death toll").
static TOLL_NOUNS: Words = LazyLock::new(|| list(WORDS, "toll_nouns"));
/// Tally nouns, each after a space, that count people when a person noun
/// modifies them ("the troop count").
static PEOPLE_TALLIES: Words = LazyLock::new(|| list(WORDS, "people_tallies"));

impl<'a> Sentence<'a> {
    /// The sentence (or run of sentences) `span` of the text `analysis` reads.
    pub fn of(analysis: &'a Analysis<'a>, span: Span) -> Self {
        let text = analysis.text();
        let toks = analysis.words_in(span);
        let lower = toks.iter().map(|t| t.text(text).to_lowercase()).collect();
        Sentence { text, span, toks, lower, memo: source::Memo::default(), analysis }
    }

    /// Another sentence of the same text.
    pub fn other(&self, span: Span) -> Sentence<'a> {
        Sentence::of(self.analysis, span)
    }

    pub fn word(&self, i: usize) -> &'a str {
        self.toks[i].text(self.text)
    }

    /// Index of the sentence's first word (its first token that is not
    /// punctuation), whose capital says nothing about it being a name.
    pub fn first_word(&self) -> usize {
        self.toks.iter().position(|t| t.shape != Shape::Punct).unwrap_or(0)
    }

    /// Index of the first token starting at or after byte `at`.
    pub fn index_at(&self, at: usize) -> usize {
        self.toks.partition_point(|t| t.start < at)
    }

    fn is_boundary(&self, i: usize) -> bool {
        let t = &self.toks[i];
        if t.shape == Shape::Punct {
            return matches!(self.word(i), "," | ";" | ":" | "—" | "–" | "(" | ")");
        }
        CLAUSE_WORDS.contains(&self.lower[i].as_str())
            || (i > 0 && {
                let (a, b) = (self.lower[i - 1].as_str(), self.lower[i].as_str());
                CLAUSE_PAIRS.iter().any(|p| p.len() == a.len() + 1 + b.len() && p.split_once(' ') == Some((a, b)))
            })
    }

    /// The byte range of the clause holding byte `at`: between the nearest
    /// clause boundaries (commas, semicolons, dashes, "while", "but", ...).
    /// A clause reaches at most [`CLAUSE_REACH`] tokens each way, so that
    /// reading every figure of a long run without punctuation stays linear.
    pub fn clause(&self, at: usize) -> (usize, usize) {
        let i = self.index_at(at);
        let n = self.toks.len();
        let first = i.saturating_sub(CLAUSE_REACH);
        let last = (i + CLAUSE_REACH).min(n);
        let lo = (first..i.min(n)).rev().find(|&j| self.is_boundary(j));
        let hi = (i..last).find(|&j| self.is_boundary(j));
        let start = lo.map_or(if first == 0 { self.span.start } else { self.toks[first].start }, |j| self.toks[j].end);
        let end = hi.map_or(if last == n { self.span.end } else { self.toks[last].start }, |j| self.toks[j].start);
        (start, end.max(start))
    }

    /// The byte range a hedge reaches from a figure at `at`: back to the
    /// nearest clause boundary, forward past commas (an appositive does not
    /// end the clause: "12,000 troops, in four brigades, are to be sent") to
    /// a strong boundary (";", a dash, a bracket, "while", "adding", a comma
    /// before "and", "but", "which", "with" or a participle: ", meaning ...").
    pub fn scope(&self, at: usize) -> (usize, usize) {
        let (start, _) = self.clause(at);
        let i = self.index_at(at);
        let last = (i + CLAUSE_REACH).min(self.toks.len());
        let strong = (i..last).find(|&j| {
            self.is_boundary(j)
                && (self.word(j) != ","
                    || self.lower.get(j + 1).is_some_and(|w| {
                        AFTER_COMMA.contains(&w.as_str()) || (w.len() > 4 && sitrep_lang::morph::is_participle(w))
                    }))
        });
        let end = strong.map_or(if last == self.toks.len() { self.span.end } else { self.toks[last].start }, |j| self.toks[j].start);
        (start, end.max(start))
    }

    /// Token indices inside the byte range `lo..hi`.
    pub fn tokens_in(&self, lo: usize, hi: usize) -> std::ops::Range<usize> {
        self.index_at(lo)..self.toks.partition_point(|t| t.end <= hi)
    }
}

/// The source of a claim nobody is quoted for: the outlet (or the first
/// byline) speaks.
fn author(doc: &Document) -> ClaimSource {
    ClaimSource {
        name: doc.outlet.clone().or_else(|| doc.byline.first().cloned()),
        entity: None,
        kind: sitrep_core::SourceKind::Author,
    }
}

/// Order of precedence when several hedges apply: the weakest wins.
fn weakest(a: Modality, b: Modality) -> Modality {
    let rank = |m: Modality| match m {
        Modality::Hypothetical => 0,
        Modality::Denied => 1,
        Modality::Possible => 2,
        Modality::Reported => 3,
        Modality::Estimated => 4,
        Modality::Asserted => 5,
    };
    if rank(a) <= rank(b) {
        a
    } else {
        b
    }
}

#[cfg(test)]
mod tests;
