//! What a figure measures, read from the clause that states it.
//!
//! The reader works on the tokens of the figure's clause with a small
//! chunker driven by the frame vocabulary ([`crate::frames`]), never by
//! English rules in code:
//!
//! - **counted**: the noun phrase after the figure ("3,000 North Korean
//!   troops"), else the noun a tally is made of ("the death toll ... 93",
//!   "the number of protesters ... 1.1 million"), else what a partitive
//!   names ("4,000 of the 14,000 soldiers"), else the previous figure's
//!   frame in a list ("30,000 in Toulouse, 26,000 in Marseille");
//! - **measure**: the measure the counted noun itself names ("deaths",
//!   "protesters"), else a measure word in its phrase ("injured people"),
//!   else the verb after it ("structures were destroyed"), else the nearest
//!   measure word before the figure in the clause ("killed at least 55
//!   people", "the death toll rose to 89"), else after it ("2,170 acres
//!   burned"); two measures joined by "or"/"and" that are parts of one
//!   whole name the whole ("killed or wounded" → casualties);
//! - **group**: a nation or group in the counted phrase ("North Korean
//!   soldiers"), after it ("troops from North Korea"), before it as a
//!   possessive ("Russia's losses"), or the clause's subject when the
//!   measure says its doer owns what is counted ("North Korea sent ...");
//! - **place**: the place a locative preposition names in the clause
//!   ("in Buncombe County, North Carolina" → `within` North Carolina), a
//!   place heading a parenthesis that holds the figure ("Marseille
//!   (40,000)"), the place a relative "where" hangs on, a place giving
//!   its own count ("Georgia reported 17"), a place owning the tally
//!   ("North Carolina's death toll"), a sentence-opening "In Paris, ...",
//!   else, for a bare figure of a list, the place of the one before it; `whole` and `part`
//!   from markers ("nationwide", "including ... in Paris", "alone");
//! - **event**: a named event in the clause ("the Camp Fire", "Hurricane
//!   Katrina") or in the phrase a relative clause holding the figure hangs
//!   on ("the Camp Fire, which killed 85 people"), and a year the clause
//!   writes out; fuse tells the story's own event from another one cited
//!   for comparison;
//! - **period**: a day, week or month the clause says the figure counts
//!   (not a date a running total was read "as of", not the date of a
//!   statement), kept for measures counted per occasion and for totals
//!   over a bounded period ("in October"); in another language, a total
//!   its clause counts over the week just past ("за останній тиждень") is
//!   `P1W`.

use super::lexicon::{WordClass, CLAUSE_WORDS as WORDS};
use super::{Doc, Sentence};
use crate::frames::{self, Behaviour, Kind, Marker, Measure};
use crate::tokens::Shape;
use sitrep_core::{EntityKind, Frame, Quantity, TimeKind};

/// The place of a figure "in the capital": the story's capital, for fuse to name.
pub use sitrep_lang::frames::CAPITAL;

/// How many words from a figure that names nothing it counts (a size, a
/// sum) a measure word may stand and still say what the figure measures.
const REACH: usize = 8;

/// How many words before a time a word saying when a running total began
/// ("since") may stand: "since joining the fight in December".
const START_REACH: usize = 5;

/// The frame of figure `q` in sentence `ctx`; `prev` is the frame of the
/// figure before it in the same sentence, which a bare figure of a list
/// inherits.
pub(super) fn read(doc: &Doc, ctx: &Sentence, q: &Quantity, person: bool, plain: bool, prev: Option<&Frame>) -> Frame {
    let words: Vec<&str> = ctx.lower.iter().map(String::as_str).collect();
    let (clo, chi) = ctx.clause(q.start);
    let clause = ctx.tokens_in(clo, chi);
    let fig = ctx.index_at(q.start)..ctx.index_at(q.end).max(ctx.index_at(q.start) + 1);
    let r = Reader { doc, ctx, words: &words, clause: clause.clone(), bytes: (clo, chi), fig: fig.clone(), pack: crate::lang::pack(doc.language()) };

    let mut frame = Frame::default();
    // An amount of money counts money; the people a sum is paid to or by are
    // not what it counts.
    let np = r.counted_phrase(q).filter(|np| {
        q.kind != "money" || r.head(np.clone()).and_then(|(_, c)| c).is_none_or(|c| c.kind == Kind::Thing)
    });
    let mut measure: Option<&'static Measure> = None;
    let mut tally_at = None;
    if let Some(np) = &np {
        if let Some(c) = r.head(np.clone()) {
            set_counted(&mut frame, c.0, c.1);
            measure = c.1.and_then(|c| c.implies).and_then(frames::measure);
        }
        measure = measure.or_else(|| r.measure_in(np.start..np.end.saturating_sub(1)));
        // "1,200 losses daily": the phrase is the measure itself.
        if frame.counted.is_none() {
            measure = measure.or_else(|| r.measure_in(np.clone()));
        }
    }
    if frame.counted.is_none() {
        if let Some((at, head)) = r.tally() {
            tally_at = Some(at);
            if let Some((word, c)) = head {
                set_counted(&mut frame, word, c);
                measure = c.and_then(|c| c.implies).and_then(frames::measure);
            }
            // "the death toll", "losses have climbed to", "the total deployed"
            measure = measure.or_else(|| r.measure_at(at).map(|(_, m)| m)).or_else(|| r.measure_at(at + 1).map(|(_, m)| m));
            // "the number of people unaccounted for was 1,100": a measure
            // inside the tally's "of" phrase.
            if words.get(at + 1).is_some_and(|w| WORDS.genitive.has(w)) {
                measure = measure.or_else(|| r.measure_in(at + 2..fig.start.min(at + 2 + REACH)));
            }
        }
    }
    // "1,500 special forces": a sort of what is counted is counted apart.
    if let (Some(np), Some(c)) = (&np, frame.counted.clone()) {
        if let Some(sort) = np.clone().map(|i| words[i]).find(|w| WORDS.sort.has(w)) {
            frame.counted = Some(format!("{sort} {c}"));
            frame.generic = false;
        }
    }
    // "subsidiaries in 15 countries", "protests in 40 cities": a count of
    // places after a locative preposition says where the thing before the
    // preposition is, so that thing is part of what is counted.
    if let (Some(np), Some(c)) = (&np, frame.counted.clone()) {
        if let Some((holder, prep)) = r.realm_holder(np.clone()) {
            frame.counted = Some(format!("{holder} {prep} {c}"));
            frame.generic = false;
        }
    }
    let after = np.as_ref().map_or(fig.end, |np| np.end);
    // A plain number with nothing after it that says what it counts.
    let bare = plain && np.is_none() && tally_at.is_none();
    measure = if bare {
        // A bare figure takes a measure only from a verb that governs it:
        // "93 died", "80 were detained", "killed 55", "drew 119,000".
        measure.or_else(|| r.verb_after(after)).or_else(|| r.verb_before(fig.start))
    } else {
        // A figure that names what it counts takes the clause's measure; a
        // measure of size or money ("60 mph", "$50"), one near it only.
        let reach = if np.is_some() || tally_at.is_some() { usize::MAX } else { REACH };
        measure
            .or_else(|| r.verb_past_participle(after))
            .or_else(|| r.verb_after(after))
            // "the latest figures came as crews had searched 85 percent of
            // the burned town": a verb right before the figure governs it,
            // whatever a tally far before it says.
            .or_else(|| tally_at.and_then(|_| r.verb_before(fig.start)))
            .or_else(|| r.measure_before(tally_at.unwrap_or(fig.start), reach))
            // "70% of the burned area had been searched": the "of" phrase
            // names the whole the figure is a share of, its words say what
            // the whole is; the clause's verb after it is the measure.
            .or_else(|| words.get(after).is_some_and(|w| WORDS.genitive.has(w)).then(|| r.verb_past_modifier(after)).flatten())
            .or_else(|| r.measure_after(after, reach))
    };
    // Japanese, Chinese: a clause is one token, so what the figure counts
    // and measures are the words nearest it inside that token.
    if let Some((counted, m)) = r.nearest_in_figure_token(q) {
        if let Some(c) = counted {
            set_counted(&mut frame, c.key, Some(c));
        }
        measure = m.or(measure);
    }
    // Japanese, Chinese: a clause that names no measure resumes one named
    // before it in its sentence ("…报告了士兵受伤和死亡人数…,其估计“大约涉及
    // 800名”士兵"): the nearest.
    if let Some(pack) = r.pack.filter(|p| p.unspaced && measure.is_none()) {
        measure = (ctx.first_word()..fig.start).rev().find_map(|i| pack.nearest_measure(words[i], words[i].len(), words[i].len()));
    }
    // Another language: a clause of its own may state the figure ("втрати
    // …, включно з пораненими, склали 1523 особи"): the nearest measure
    // before it in the sentence.
    if r.pack.is_some() && !bare {
        measure = measure.or_else(|| r.measure_between(ctx.first_word(), fig.start, REACH));
    }
    // Another language: a figure a sentence opens with "of the" ("Von den
    // rund 14.000 Soldaten … sollen 4.000 verletzt …") is the whole the
    // figures after it are parts of; their verb is not its measure.
    let opening = (1..=2).filter_map(|n| fig.start.checked_sub(n)).find(|&s| r.pack.and_then(|p| p.whole_at(&words, s)) == Some(fig.start - s));
    if opening.is_some_and(|s| matches!(ctx.toks[s].shape, Shape::Capitalized | Shape::Initial)) {
        measure = None;
    }
    // A measure word near a figure it cannot measure ("deployed" near "60
    // mph") says nothing about it.
    let kind = frames::figure_kind(q.unit.as_deref(), q.kind == "money");
    measure = measure.filter(|m| m.takes(kind));
    // "troops took part" fight, "police were mobilised" are deployed: what
    // a measure means for what is counted.
    if let Some(c) = frame.counted.as_deref().and_then(frames::counted_key) {
        measure = measure.map(|m| c.remap(m.key).and_then(frames::measure).unwrap_or(m));
    }
    frame.measure = measure.map(|m| m.key.to_string());

    if bare && frame.measure.is_none() && prev.is_none() && r.in_list() {
        // "Deaths were reported in six states: North Carolina (73), ...":
        // a bare figure whose clause names nothing counts what the sentence
        // before its clause names.
        let (counted, m) = r.sentence_before();
        if let Some((word, c)) = counted {
            set_counted(&mut frame, word, c);
        }
        frame.measure = m.or_else(|| counted.and_then(|(_, c)| c?.implies).and_then(frames::measure)).map(|m| m.key.to_string());
    }
    if let Some(p) = prev.filter(|p| bare && frame.counted.is_none() && frame.measure.is_some() && p.measure == frame.measure) {
        // "the police counted 30,000 demonstrators and the unions 245,000"
        frame.counted = p.counted.clone();
        frame.generic = p.generic;
    }
    if let Some(p) = prev.filter(|_| bare && frame.measure.is_none()) {
        // "40,000 people marched in Lyon, 30,000 in Toulouse": a bare figure
        // of a list counts what the one before it counts.
        frame.measure = p.measure.clone();
        frame.group = p.group.clone();
        frame.event = p.event.clone();
        // A list of people's figures after a count of things ("in 200
        // cities, from 80,000 in Paris"): the figure counts people.
        // (A count of places keeps its noun last: "offices in cities".)
        let base = p.counted.as_deref().and_then(|c| c.split_whitespace().next_back());
        let things = base.is_some_and(|w| WORDS.realm.has(w)) || p.counted.as_deref().and_then(frames::counted_key).is_some_and(|c| c.kind == Kind::Thing);
        let people = p.measure.as_deref().and_then(frames::measure).is_some_and(|m| m.counts_people);
        if things && people {
            frame.counted = Some("people".into());
            frame.generic = true;
        } else {
            frame.counted = p.counted.clone();
            frame.generic = p.generic;
        }
    }
    // Another language's word the pack does not know names nothing an
    // English topic could share (and where words carry their particles,
    // "북한군이", not even the word itself).
    if r.pack.is_some() && frame.counted.as_deref().is_some_and(|c| frames::counted_key(c).is_none()) {
        frame.counted = None;
    }
    // Another language: a figure whose clause names no measure, after one
    // of the same sentence that has one, measures the same ("втрати … у 45
    // 680 осіб, що перевищує жовтневий показник у 41 980 осіб").
    if let Some(p) = prev.filter(|p| r.pack.is_some() && frame.measure.is_none() && p.measure.is_some()) {
        frame.measure = p.measure.clone();
    }
    // "searched about 25% of the area, up from just 3% on Monday": the
    // earlier value a figure is compared with measures what it does.
    if let Some(p) = prev.filter(|_| frame.measure.is_none() && frame.counted.is_none() && r.compared_from()) {
        frame.measure = p.measure.clone();
        frame.counted = p.counted.clone();
        frame.generic = p.generic;
        frame.group = p.group.clone();
    }
    let people_measure = measure.or_else(|| frame.measure.as_deref().and_then(frames::measure)).is_some_and(|m| m.counts_people);
    if frame.counted.is_none() && (person || bare && people_measure) {
        frame.counted = Some("people".into());
        frame.generic = true;
    }
    // Another language counts people with a counter or a general word
    // ("1만 2000명", "1000 человек") where the clause names who they are.
    if let Some(c) = r.pack.filter(|_| frame.generic).and_then(|_| r.who(q)) {
        set_counted(&mut frame, c.key, Some(c));
        // What the measure means for them ("장교 … 참가" are deployed).
        frame.measure = frame.measure.take().map(|m| c.remap(&m).map_or(m, str::to_string));
    }

    // "the names of 338 people", "388 names": the figure counts the names
    // on a list, whatever the list says of them.
    if r.roster() && (frame.counted.is_none() || frame.generic || frame.counted.as_deref() == Some(sitrep_lang::frames::ROSTER)) {
        frame.counted = Some(sitrep_lang::frames::ROSTER.to_string());
        frame.generic = false;
        frame.measure = None;
    } else if frame.counted.as_deref() == Some(sitrep_lang::frames::ROSTER) && prev.is_some_and(|p| p.counted == frame.counted) {
        // "388 names ..., more than 100 of them came forward safe": a figure
        // after a roster's counts the people it names, measured by its clause.
        frame.counted = Some("people".into());
        frame.generic = true;
        frame.measure = frame.measure.take().or_else(|| r.measure_after(fig.end, usize::MAX).map(|m| m.key.to_string()));
    }
    frame.increment = r.increment(np.clone()) || r.adds(q);
    frame.group = frame.group.take().or_else(|| r.group(np.clone(), measure, q.start));
    r.place(&mut frame, tally_at);
    if let Some(p) = prev.filter(|p| bare && frame.place.is_none() && p.place.is_some()) {
        // "from 80,000 in Paris (police), 400,000 for the union", "40,000 in
        // Marseille, against 26,000 in January": a bare figure that names no
        // place of its own is counted where the figure before it was.
        frame.place = p.place.clone();
        frame.within = p.within.clone();
        frame.part |= p.part;
    }
    frame.event = r.event().or(frame.event);
    // A bare figure of a list measures what the one before it does, over
    // the period its own clause names ("on the 31st – 1.27 million").
    frame.period = r.period(measure.or_else(|| frame.measure.as_deref().and_then(frames::measure)));
    frame
}

fn set_counted(frame: &mut Frame, word: &str, c: Option<&'static frames::Counted>) {
    match c {
        Some(c) => {
            frame.counted = Some(c.key.to_string());
            frame.generic = c.kind == Kind::People;
        }
        // A word the vocabulary does not know counts only when it looks like
        // a noun of its own, not a function word ("of", "the").
        None if word.chars().count() > 2 && word.chars().all(char::is_alphabetic) && !WORDS.determiner.has(word) && !WORDS.auxiliary.has(word) => {
            frame.counted = Some(word.to_string())
        }
        None => {}
    }
}

struct Reader<'a, 'd> {
    doc: &'a Doc<'d>,
    ctx: &'a Sentence<'d>,
    words: &'a [&'a str],
    clause: std::ops::Range<usize>,
    /// The clause's byte range.
    bytes: (usize, usize),
    fig: std::ops::Range<usize>,
    /// The language pack of the document's language.
    pack: Option<&'static crate::lang::Pack>,
}

impl<'a, 'd> Reader<'a, 'd> {
    /// The text of a token range, from its first token's start to its last one's end.
    fn span_text(&self, r: std::ops::Range<usize>) -> Option<&'d str> {
        let (first, last) = (self.ctx.toks.get(r.start)?, self.ctx.toks.get(r.end.checked_sub(1)?)?);
        self.ctx.text.get(first.start..last.end)
    }

    /// How a place is named in a frame: in another language, by its English
    /// name when the names table knows it ("Koursk" → "Kursk"), and not at
    /// all where every noun has a capital (German "in Kämpfen").
    fn place_name(&self, name: &str) -> Option<String> {
        match self.pack {
            None => Some(name.to_string()),
            Some(p) => crate::lang::english_place(name).or_else(|| (!p.capitalised_nouns).then(|| name.to_string())),
        }
    }

    /// The counted noun `word` names, in the document's language (English
    /// without a pack: English words such as "die" mean other things there).
    fn counted(&self, word: &str) -> Option<&'static frames::Counted> {
        match self.pack {
            Some(p) => p.counted(word),
            None => frames::counted(word),
        }
    }

    /// The measure word at token `i`, in the document's language.
    fn measure_word(&self, i: usize) -> Option<(usize, &'static Measure)> {
        match self.pack {
            Some(p) => p.measure_at(self.words, i),
            None => frames::measure_at(self.words, i),
        }
    }

    /// In a language written without spaces, the token that holds the
    /// figure, with the figure's bytes in it.
    fn figure_token(&self, q: &Quantity) -> Option<(&'d str, usize, usize)> {
        self.pack.filter(|p| p.unspaced)?;
        // The figure may start inside the token ("大约300名士兵…").
        let t = [self.fig.start.checked_sub(1), Some(self.fig.start)].into_iter().flatten().find_map(|i| self.ctx.toks.get(i).filter(|t| t.start <= q.start && q.end <= t.end))?;
        Some((self.ctx.text.get(t.start..t.end)?, q.start - t.start, q.end - t.start))
    }

    /// In a language written without spaces, the counted noun and the
    /// measure nearest the figure inside the token that holds it.
    #[allow(clippy::type_complexity)]
    fn nearest_in_figure_token(&self, q: &Quantity) -> Option<(Option<&'static frames::Counted>, Option<&'static Measure>)> {
        let pack = self.pack?;
        let (token, from, to) = self.figure_token(q)?;
        Some((pack.nearest_counted(token, from, to), pack.nearest_measure(token, from, to)))
    }

    /// In another language, the noun saying who the people a figure counts
    /// are ("병력", "бойцов", "兵"; [`crate::lang::names_who`]): the nearest in
    /// its clause, else the nearest before the clause in its sentence.
    fn who(&self, q: &Quantity) -> Option<&'static frames::Counted> {
        let pack = self.pack?;
        if let Some((token, from, to)) = self.figure_token(q) {
            return pack.nearest_who(token, from, to);
        }
        // A noun standing by another figure and not by this one is what that
        // one counts ("장교 500명과 장성 3명을 포함한 1만 2000명": neither
        // officers nor generals say who the 12,000 are).
        let by_other = |i: usize| {
            let beside = || [i.checked_sub(1), Some(i + 1)].into_iter().flatten();
            !beside().any(|j| self.fig.contains(&j)) && beside().any(|j| self.ctx.toks.get(j).is_some_and(|t| t.shape == Shape::Number))
        };
        let who = |i: usize| pack.counted(self.words[i]).filter(|c| crate::lang::names_who(c) && !by_other(i));
        let distance = |i: usize| if i >= self.fig.end { i - self.fig.end } else { self.fig.start - i };
        self.clause
            .clone()
            .filter(|i| !self.fig.contains(i))
            .filter_map(|i| Some((distance(i), who(i)?)))
            .min_by_key(|&(d, _)| d)
            .map(|(_, c)| c)
            .or_else(|| (self.ctx.first_word()..self.clause.start).rev().find_map(who))
    }

    /// Whether token `i` is a word of `class`.
    fn is(&self, i: usize, class: &WordClass) -> bool {
        self.words.get(i).is_some_and(|w| class.has(w))
    }

    fn is_word(&self, i: usize) -> bool {
        self.ctx.toks.get(i).is_some_and(|t| t.shape != Shape::Punct && t.shape != Shape::Number)
    }

    /// The token range of the counted phrase after the figure, when the
    /// quantity names one ("troops" in "3,000 North Korean troops").
    fn counted_phrase(&self, q: &Quantity) -> Option<std::ops::Range<usize>> {
        let counted = q.counted.as_deref()?;
        let n = counted.split_whitespace().count().max(1);
        let start = self.fig.end;
        let mut end = start;
        let mut seen = 0;
        while end < self.ctx.toks.len() && seen < n {
            if self.ctx.toks[end].shape != Shape::Punct || WORDS.possessive.has(self.ctx.word(end)) {
                seen += 1;
            } else if !matches!(self.ctx.word(end), "-") {
                break;
            }
            end += 1;
        }
        (end > start).then_some(start..end)
    }

    /// The word naming what is in the places a figure counts, with the
    /// preposition: ("subsidiaries", "in") in "has subsidiaries in 15
    /// countries" (a realm noun heading `np`, a locative preposition before
    /// the figure, a word of its own before that); `None` otherwise.
    fn realm_holder(&self, mut np: std::ops::Range<usize>) -> Option<(&'a str, &'a str)> {
        let last = np.rfind(|&i| self.is_word(i))?;
        if !WORDS.realm.has(self.words[last]) {
            return None;
        }
        let mut i = self.fig.start.checked_sub(1)?;
        while i > self.clause.start && WORDS.degree.has(self.words[i]) {
            i -= 1;
        }
        if frames::marker_at(self.words, i, Marker::Locative).is_none() || i <= self.clause.start {
            return None;
        }
        let w = self.words[i - 1];
        let own = self.is_word(i - 1)
            && w.chars().count() > 2
            && ![&WORDS.preposition, &WORDS.determiner, &WORDS.auxiliary, &WORDS.relative, &WORDS.degree].iter().any(|c| c.has(w));
        own.then_some((w, self.words[i]))
    }

    /// The head noun of a phrase with its vocabulary entry: the last word,
    /// else the last word the vocabulary knows ("police officers").
    fn head(&self, np: std::ops::Range<usize>) -> Option<(&'a str, Option<&'static frames::Counted>)> {
        let words: Vec<usize> = np.filter(|&i| self.is_word(i)).collect();
        let last = *words.last()?;
        if let Some(c) = words.iter().rev().find_map(|&i| self.counted(self.words[i])) {
            return Some((self.words[last], Some(c)));
        }
        // "11,000 North Koreans": a nation's people, the nation being the group.
        if self.entity_at(last, &[EntityKind::Group]).is_some() {
            return Some(("people", frames::counted("people")));
        }
        // "3,000 killed": a measure word, not what is counted.
        if self.measure_word(last).is_some() {
            return None;
        }
        Some((self.words[last], None))
    }

    /// A measure word inside a token range ("injured" in "injured people").
    fn measure_in(&self, range: std::ops::Range<usize>) -> Option<&'static Measure> {
        range.into_iter().find_map(|i| self.measure_at(i).map(|(_, m)| m))
    }

    /// The measure at token `i`, joined with a second one after "or"/"and"
    /// into the whole both are parts of ("killed or wounded" → casualties).
    fn measure_at(&self, i: usize) -> Option<(usize, &'static Measure)> {
        let (n, m) = self.measure_word(i)?;
        // "사망하거나 부상": the first measure's ending is the conjunction.
        let ending = self.pack.is_some_and(|p| p.joins_next(self.words[i + n - 1]));
        let next = if ending { i + n - 1 } else { i + n };
        if ending || self.words.get(next).is_some_and(|w| WORDS.join.has(w) || self.pack.is_some_and(|p| p.joins(w))) {
            if let Some((n2, m2)) = self.measure_word(next + 1) {
                let whole = match (m.part_of, m2.part_of) {
                    (Some(a), Some(b)) if a == b => frames::measure(a),
                    (Some(a), _) if a == m2.key => Some(m2),
                    (_, Some(b)) if b == m.key => Some(m),
                    _ => None,
                };
                if let Some(w) = whole {
                    return Some((next + 1 + n2 - i, w));
                }
            }
        }
        Some((n, m))
    }

    /// A tally before the figure in its clause ("the death toll ... rose to
    /// 93", "the number of protesters ... at 1.1 million"): its token index
    /// and the noun it is a tally of, when one is named.
    #[allow(clippy::type_complexity)]
    fn tally(&self) -> Option<(usize, Option<(&'a str, Option<&'static frames::Counted>)>)> {
        // A figure in a parenthesis or between dashes ("the number deployed
        // – estimated at 11,000 –") may tally the phrase before it.
        let opens = self.clause.start.checked_sub(1).is_some_and(|b| matches!(self.ctx.word(b), "–" | "—" | "(" | "-"));
        let from = if opens { self.ctx.index_at(self.ctx.clause(self.ctx.toks[self.clause.start - 1].start.saturating_sub(1)).0) } else { self.clause.start };
        let Some(at) = (from..self.fig.start).rev().find(|&i| frames::marker_at(self.words, i, Marker::Tally).is_some()) else {
            // "Estonian losses have climbed to roughly 1,200": what rose to
            // the figure is what it counts.
            let rise = (self.fig.start.saturating_sub(3).max(from)..self.fig.start).find(|&i| frames::marker_at(self.words, i, Marker::Rise).is_some())?;
            let at = (from..rise).rev().find(|&i| self.measure_at(i).is_some() || self.counted(self.words[i]).is_some())?;
            let head = self.counted(self.words[at]).map(|c| (self.words[at], Some(c)));
            return Some((at, head));
        };
        // "the number of fatalities", "the total number of protesters marching"
        if self.words.get(at + 1).is_some_and(|w| WORDS.genitive.has(w)) {
            // "the number of killed and injured soldiers": two measures joined
            // before the noun modify it; the noun after them is the head.
            let mut i = at + 2;
            let mut end = (at + 6).min(self.fig.start);
            let mut named = None;
            while i < end {
                if let Some((n, _)) = self.measure_at(i).filter(|&(n, _)| n > 1) {
                    end = (end + n - 1).min(self.fig.start);
                    i += n;
                    continue;
                }
                if let Some(c) = self.counted(self.words[i]) {
                    named = Some((self.words[i], Some(c)));
                    break;
                }
                i += 1;
            }
            if named.is_some() {
                return Some((at, named));
            }
        }
        // "death toll", "troop count": the noun before the tally noun.
        let before = at.checked_sub(1).filter(|&b| b >= self.clause.start && self.is_word(b) && !WORDS.determiner.has(self.words[b]));
        Some((at, before.map(|b| (self.words[b], self.counted(self.words[b])))))
    }

    /// The verb after the counted phrase, past auxiliaries and adverbs
    /// ("structures have been destroyed", "people marched").
    fn verb_after(&self, from: usize) -> Option<&'static Measure> {
        // "has sent 10,000 troops to fight": an infinitive of purpose after
        // a figure a verb governs says what they are for, not the measure.
        if self.is(from, &WORDS.purpose) && self.verb_before(self.fig.start).is_some() {
            return None;
        }
        let mut i = from;
        while i < self.clause.end && WORDS.between.has(self.words[i]) {
            i += 1;
        }
        // "people who had been on the list of the missing have been found
        // safe", "people initially reported missing had been found", "people
        // missing have been found": the verb after a modifier of the phrase
        // (a relative clause, a participle) is the clause's own.
        // "4,000 were battle casualties": a predicate noun with one word before it.
        let predicate = i > from && WORDS.auxiliary.has(self.words[i - 1]) && i + 1 < self.clause.end && self.is_word(i);
        let i = if predicate && self.measure_at(i).is_none() && self.measure_at(i + 1).is_some() { i + 1 } else { i };
        let Some((n, m)) = self.measure_at(i).filter(|_| i < self.clause.end) else {
            // Only a counted phrase takes a modifier.
            return if from > self.fig.end { self.verb_past_modifier(i) } else { None };
        };
        if let Some(own) = self.ctx.toks.get(i + n).filter(|_| WORDS.auxiliary.has(self.words[i + n])).and_then(|_| self.measure_past_auxiliaries(i + n)) {
            return Some(own);
        }
        // "soldiers stationed in Russia have died": a participle with its
        // place modifies the phrase; the clause's own verb comes after it.
        let j = i + n;
        let placed = j < self.clause.end && frames::marker_at(self.words, j, Marker::Locative).is_some();
        let own = placed
            .then(|| (j + 1..(j + 6).min(self.clause.end)).find(|&k| WORDS.auxiliary.has(self.words[k])))
            .flatten()
            .and_then(|mut k| {
                while k < self.clause.end && WORDS.between.has(self.words[k]) {
                    k += 1;
                }
                self.measure_at(k).filter(|_| k < self.clause.end).map(|(_, m)| m)
            });
        Some(own.unwrap_or(m))
    }

    /// The measure of the verb that follows a modifier of the counted phrase
    /// starting at token `from` (which names no measure): the first auxiliary after the modifier
    /// (within `REACH` words, before a conjunction opens another clause), with
    /// a measure right after it past adverbs and auxiliaries.
    fn verb_past_modifier(&self, from: usize) -> Option<&'static Measure> {
        let end = self.clause.end.min(from + REACH + 4);
        let k = (from + 1..end)
            .take_while(|&k| !WORDS.coordinator.has(self.words[k]) && !WORDS.join.has(self.words[k]))
            .find(|&k| WORDS.auxiliary.has(self.words[k]) && !WORDS.auxiliary.has(self.words[k - 1]) && !WORDS.relative.has(self.words[k - 1]))?;
        self.measure_past_auxiliaries(k)
    }

    /// The measure at token `k` or right after it past auxiliaries and adverbs.
    fn measure_past_auxiliaries(&self, k: usize) -> Option<&'static Measure> {
        let mut v = k;
        while v < self.clause.end && WORDS.between.has(self.words[v]) {
            v += 1;
        }
        self.measure_at(v).filter(|_| v < self.clause.end).map(|(_, m)| m)
    }

    /// A measure verb right before the figure, past a word or two of degree
    /// ("killed 55", "drew some 119,000").
    fn verb_before(&self, at: usize) -> Option<&'static Measure> {
        let mut i = at;
        while i > self.clause.start && i + 2 >= at {
            i -= 1;
            if let Some((n, m)) = self.measure_at(i) {
                return (i + n == at || (i + n..at).all(|j| WORDS.degree.has(self.words[j]))).then_some(m);
            }
            if !WORDS.degree.has(self.words[i]) {
                return None;
            }
        }
        None
    }

    /// Whether the figure is the earlier value another is compared with:
    /// right after "up from" or "down from", past words of degree.
    fn compared_from(&self) -> bool {
        let mut i = self.fig.start;
        while i > self.clause.start && WORDS.degree.has(self.words[i - 1]) {
            i -= 1;
        }
        i >= 2 && WORDS.change_from.has(self.words[i - 1]) && WORDS.change.has(self.words[i - 2])
    }

    /// Whether the figure is an item of a list: inside a parenthesis after
    /// a name ("North Carolina (73)") or after a colon.
    fn in_list(&self) -> bool {
        let before = self.fig.start.checked_sub(1).map(|i| self.ctx.word(i));
        before == Some("(") || (0..self.fig.start).any(|i| self.ctx.word(i) == ":")
    }

    /// The nearest measure word before token `to` in the clause, at most
    /// `reach` words away.
    fn measure_before(&self, to: usize, reach: usize) -> Option<&'static Measure> {
        self.measure_between(self.clause.start, to, reach)
    }

    /// The nearest measure word before token `to` from token `from` on, at
    /// most `reach` words away.
    fn measure_between(&self, from: usize, to: usize, reach: usize) -> Option<&'static Measure> {
        let lo = from.max(to.saturating_sub(reach));
        (lo..to).rev().find_map(|i| {
            // "killing or wounding 1,000": read the coordination from its first word.
            let joins = |w: &str| WORDS.join.has(w) || self.pack.is_some_and(|p| p.joins(w));
            let first = i.checked_sub(2).filter(|&f| f >= lo && joins(self.words[i - 1]) && self.measure_at(f).is_some());
            // "사망하거나 부상을 입은 … 3000명": the word before ends in the conjunction.
            let ending = || i.checked_sub(1).filter(|&f| f >= lo && self.pack.is_some_and(|p| p.joins_next(self.words[f])) && self.measure_at(f).is_some());
            let first = first.or_else(ending);
            self.measure_at(first.unwrap_or(i)).map(|(_, m)| m)
        })
    }

    /// The nearest measure word after token `from` in the clause, at most
    /// `reach` words away.
    fn measure_after(&self, from: usize, reach: usize) -> Option<&'static Measure> {
        // Up to a conjunction: "in 15 countries and employs 1,300 people"
        // says nothing about what the countries are.
        (from..self.clause.end.min(from.saturating_add(reach)))
            .take_while(|&i| !WORDS.coordinator.has(self.words[i]))
            .find_map(|i| self.measure_at(i).map(|(_, m)| m))
    }

    /// The nearest counted noun and measure word before the figure's clause
    /// in its sentence.
    #[allow(clippy::type_complexity)]
    fn sentence_before(&self) -> (Option<(&'a str, Option<&'static frames::Counted>)>, Option<&'static Measure>) {
        let mut counted = None;
        let mut measure = None;
        for i in (0..self.clause.start).rev() {
            if counted.is_none() {
                if let Some(c) = self.counted(self.words[i]) {
                    counted = Some((self.words[i], Some(c)));
                }
            }
            if measure.is_none() {
                measure = self.measure_at(i).map(|(_, m)| m);
            }
        }
        (counted, measure)
    }

    /// Whether the figure adds to a total: an increment marker just before
    /// it ("an additional", "another"), in its counted phrase ("1,500 new
    /// troops"), right after it ("10,000 more"), before the verb after its
    /// phrase ("were additionally sent"), or a second wave or batch in its
    /// clause.
    fn increment(&self, np: Option<std::ops::Range<usize>>) -> bool {
        let at = |i: usize| frames::marker_at(self.words, i, Marker::Increment);
        let before = (self.fig.start.saturating_sub(2).max(self.clause.start)..self.fig.start).any(|i| at(i).is_some());
        let after = np.clone().map_or(self.fig.end..self.fig.end + 1, |np| np.start..np.end.min(np.start + 2)).any(|i| at(i).is_some_and(|n| n == 1));
        let wave = self.clause.clone().any(|i| at(i).is_some_and(|n| n > 1));
        // "2,000 soldiers were additionally sent": a marker before the verb.
        let from = np.map_or(self.fig.end, |np| np.end);
        let adverb = (from.max(1)..(from + 4).min(self.clause.end))
            .any(|v| WORDS.auxiliary.has(self.words[v - 1]) && at(v) == Some(1) && self.measure_at(v + 1).is_some());
        before || after || wave || adverb
    }

    /// In another language, the clause's own verb after a participle that
    /// modifies the counted phrase ending at token `from` ("300 soldados
    /// enviados para apoyar a … han muerto": killed, not deployed): the
    /// measure within two words after the pack's first auxiliary past the
    /// participle (at most one word after the phrase: "soldados
    /// norcoreanos enviados"), in the clause and within `REACH` words of it.
    fn verb_past_participle(&self, from: usize) -> Option<&'static Measure> {
        let pack = self.pack?;
        let (at, n) = (from..(from + 2).min(self.clause.end)).find_map(|k| self.measure_at(k).map(|(n, _)| (k, n)))?;
        let end = self.clause.end.min(at + n + REACH + 4);
        let aux = (at + n..end).find(|&k| pack.auxiliary(self.words[k]))?;
        (aux + 1..(aux + 3).min(self.clause.end)).find_map(|k| self.measure_at(k).map(|(_, m)| m))
    }

    /// In another language, whether a word of the pack's increment role
    /// says the figure adds to a total: after it in the token that holds
    /// it where words are not spaced ("約500人を追加派遣"), else within
    /// three words of it in its clause ("추가로 … 500명", "weitere 500").
    fn adds(&self, q: &Quantity) -> bool {
        let Some(pack) = self.pack else { return false };
        if let Some((token, _, to)) = self.figure_token(q) {
            return token.get(to..).is_some_and(|after| pack.adds(after));
        }
        let near = self.fig.start.saturating_sub(3).max(self.clause.start)..(self.fig.end + 3).min(self.clause.end);
        near.filter(|i| !self.fig.contains(i)).any(|i| pack.adds(self.words[i]))
    }

    /// The entity mention covering token `i`, with the token range it spans.
    fn entity_at(&self, i: usize, kinds: &[EntityKind]) -> Option<(&'d sitrep_core::Entity, std::ops::Range<usize>)> {
        let t = self.ctx.toks.get(i)?;
        let (e, start, end) = self.doc.entity_holding(t.start, t.end, kinds)?;
        let first = self.ctx.index_at(start);
        let last = self.ctx.toks.partition_point(|t| t.end <= end);
        Some((e, first..last))
    }

    /// The nation or group of what is counted (the figure starting at byte `at`).
    fn group(&self, np: Option<std::ops::Range<usize>>, measure: Option<&'static Measure>, at: usize) -> Option<String> {
        const WHO: [EntityKind; 2] = [EntityKind::Group, EntityKind::Place];
        // Another language: its nations under their English adjective,
        // named in or right after the counted phrase ("soldados norcoreanos",
        // "солдат КНДР") or right before the figure ("북한군 1만명").
        // Else the nearest in its clause, the doer before it first; else,
        // where a clause naming no measure resumes what its sentence opened
        // with ("втрати російських сил, включно з …, склали 1523 особи"),
        // the nearest before it in the sentence.
        if let Some(pack) = self.pack {
            let from = np.as_ref().map_or(self.fig.start, |np| np.start).min(self.fig.start).saturating_sub(1).max(self.clause.start);
            let to = np.as_ref().map_or(self.fig.end, |np| np.end + 1).min(self.clause.end);
            let resumed = self.clause.clone().all(|i| self.measure_at(i).is_none());
            let sentence = resumed.then(|| (self.ctx.first_word()..self.clause.end, true));
            let spans = [Some((from..to, false)), Some((self.clause.clone(), true)), sentence];
            let near = |(r, before): (std::ops::Range<usize>, bool)| pack.group_near(self.span_text(r.clone())?, at.checked_sub(self.ctx.toks.get(r.start)?.start)?, before);
            if let Some(g) = spans.into_iter().flatten().find_map(near) {
                return Some(g);
            }
        }
        let name = |e: &sitrep_core::Entity| Some(self.pack.and_then(|_| crate::lang::english_group(&e.name)).unwrap_or_else(|| e.name.clone()));
        // In the counted phrase: "North Korean troops".
        if let Some(np) = &np {
            if let Some((e, _)) = np.clone().find_map(|i| self.entity_at(i, &WHO)) {
                return name(e);
            }
            // After it: "troops from North Korea", "soldiers of the Russian army".
            let mut i = np.end;
            if self.is(i, &WORDS.group_after) {
                i += 1;
                if self.is(i, &WORDS.definite) {
                    i += 1;
                }
                if let Some((e, _)) = self.entity_at(i, &WHO) {
                    return name(e);
                }
            }
        }
        // A nation naming the measure or its tally before the figure: "North
        // Korean losses ... 3,000", "each North Korean soldier ... $2,000".
        for i in self.clause.start..self.fig.start {
            let names_measure = self.measure_at(i).is_some() || frames::marker_at(self.words, i, Marker::Tally).is_some();
            let each = WORDS.each.has(self.words[i]);
            if names_measure && i > self.clause.start {
                let mut b = i - 1;
                if WORDS.possessive.has(self.ctx.word(b)) && b > 0 {
                    b -= 1;
                }
                if let Some((e, _)) = self.entity_at(b, &WHO) {
                    return name(e);
                }
            }
            if each {
                if let Some((e, _)) = (i + 1..(i + 4).min(self.fig.start)).find_map(|j| self.entity_at(j, &WHO)) {
                    return name(e);
                }
            }
        }
        // A possessive before the figure: "Russia's losses", "Ukraine's 20,000 troops".
        let start = np.as_ref().map_or(self.fig.start, |_| self.fig.start);
        if start >= 2 && WORDS.possessive.has(self.ctx.word(start - 1)) {
            if let Some((e, _)) = self.entity_at(start - 2, &WHO) {
                return name(e);
            }
        }
        // The doer owns what is counted: "North Korea has sent 11,000 troops".
        // The nearest nation before the figure that is not the speaker
        // ("Seoul says North Korea has sent ...": North Korea).
        if measure.is_some_and(|m| m.owner) {
            let mut i = self.fig.start;
            while i > self.clause.start {
                i -= 1;
                if frames::marker_at(self.words, i, Marker::Locative).is_some() || WORDS.recipient.has(self.words[i]) {
                    return None;
                }
                if let Some((e, span)) = self.entity_at(i, &[EntityKind::Group, EntityKind::Place]) {
                    // Not the speaker ("South Korea's presidential office
                    // says ..."), not a place after a preposition ("sent to
                    // Russia is paid").
                    let speaks = (span.end..self.fig.start).any(|j| WORDS.statement.has(self.words[j]) || WORDS.say.has(self.words[j]));
                    // "in the Kursk region", "in Russia's Kursk region": a
                    // determiner or a possessive may stand between.
                    let mut b = span.start.checked_sub(1);
                    if let Some(d) = b.filter(|&d| d > 0 && WORDS.possessive.has(self.words[d])) {
                        b = self.entity_at(d - 1, &[EntityKind::Group, EntityKind::Place]).and_then(|(_, r)| r.start.checked_sub(1));
                    }
                    if let Some(d) = b.filter(|&d| d > 0 && WORDS.determiner.has(self.words[d]) && !WORDS.preposition.has(self.words[d])) {
                        b = Some(d - 1);
                    }
                    let governed = b.is_some_and(|b| WORDS.preposition.has(self.words[b]));
                    if !speaks && !governed {
                        return name(e);
                    }
                    i = span.start;
                }
            }
        }
        None
    }

    /// Whether the figure counts the entries of a list: a roster word and
    /// "of" right before it ("the names of 338"), or a roster noun right after
    /// it ("388 names", "388 names of people").
    fn roster(&self) -> bool {
        let before = (2..=3).filter_map(|n| self.fig.start.checked_sub(n)).any(|s| frames::marker_at(self.words, s, Marker::Roster) == Some(self.fig.start - s));
        before || frames::marker_at(self.words, self.fig.end, Marker::Roster).is_some()
    }

    /// Where: the place of the figure, the places around it, and whether it
    /// is the whole or a part.
    fn place(&self, frame: &mut Frame, tally: Option<usize>) {
        const WHERE: [EntityKind; 1] = [EntityKind::Place];
        let toks = &self.ctx.toks;
        for i in self.clause.clone() {
            if frames::marker_at(self.words, i, Marker::Whole).is_some() {
                frame.whole = true;
            }
            if frames::marker_at(self.words, i, Marker::Part).is_some() {
                frame.part = true;
            }
        }
        // "Marseille (40,000)": the place heading a parenthesis around the figure.
        let open = (self.clause.start.saturating_sub(2)..self.fig.start).rev().find(|&i| self.ctx.word(i) == "(");
        let mut found = open.filter(|&o| o > 0).and_then(|o| self.entity_at(o - 1, &WHERE));
        // A locative preposition before a place in the clause, nearest the figure first.
        let mut capital = false;
        if found.is_none() {
            (found, capital) = self.locative(self.clause.clone().chain(self.resumed_clause()));
        }
        // "Buncombe County, where the death toll stands at 30": a clause
        // opened by a relative "where" is about the place before it.
        // "... like Toulouse where the prefecture counted 34,000": the same
        // without a comma, when the relative "where" comes before the figure.
        let c = self.clause.start;
        if found.is_none() && self.is(c, &WORDS.place_relative) && c >= 2 && self.ctx.word(c - 1) == "," {
            found = self.entity_at(c - 2, &WHERE);
        }
        if found.is_none() {
            found = (c.max(1)..self.fig.start).rev().find(|&k| WORDS.place_relative.has(self.words[k])).and_then(|k| self.entity_at(k - 1, &WHERE).filter(|(_, r)| r.end == k));
        }
        // "South Carolina confirmed 25 deaths": a place that gives a count of
        // its own, as the subject of the clause, counted it there.
        if found.is_none() && frame.group.is_none() {
            found = self.counting_place();
        }
        // A place modifying the tally or counted phrase: "Buncombe County
        // death toll", "North Carolina's overall death toll from the storm now
        // stands at 96": looked for before the tally, else before the figure.
        if found.is_none() {
            found = (self.clause.start..tally.unwrap_or(self.fig.start)).rev().take(8).find_map(|i| {
                let hit = self.entity_at(i, &WHERE)?;
                let mut next = hit.1.end;
                if self.ctx.toks.get(next).is_some_and(|_| WORDS.possessive.has(self.ctx.word(next))) {
                    next += 1;
                }
                let names_tally = (next..(next + 3).min(self.fig.start)).any(|j| frames::marker_at(self.words, j, Marker::Tally).is_some());
                names_tally.then_some(hit)
            });
        }
        // "The Lyon procession gathered 40,000": a place naming the subject the
        // clause opens with.
        if found.is_none() && self.is(c, &WORDS.definite) {
            found = self.entity_at(c + 1, &WHERE).filter(|(_, r)| r.end < self.fig.start && toks.get(r.end).is_some_and(|t| t.shape == Shape::Lower));
        }
        // A sentence opening "In Paris, ...", "In Paris alone, ..." or "In
        // the capital, ...", but not for a figure of the whole ("when 200,000
        // marched nationwide").
        let i = self.ctx.first_word();
        let mut appositive = None;
        if found.is_none() && !capital && !frame.whole && self.clause.start > i && frames::marker_at(self.words, i, Marker::Locative).is_some() {
            let comma_after = |r: &std::ops::Range<usize>| {
                let at = r.end + usize::from(self.is(r.end, &WORDS.part_after));
                toks.get(at).is_some_and(|_| self.ctx.word(at) == ",")
            };
            // "In Asheville, a city in Buncombe County, ...": the town lies
            // within the place its apposition names; a town the entities do
            // not know as a place (taken for a person or an organization)
            // is counted in that place.
            let named = self.entity_at(i + 1, &[EntityKind::Place, EntityKind::Organization, EntityKind::Person, EntityKind::Other]).filter(|(_, r)| r.start == i + 1 && comma_after(r));
            let container = named.as_ref().and_then(|(_, r)| self.apposition_place(r.end));
            if let Some(hit) = self.entity_at(i + 1, &WHERE).filter(|(_, r)| comma_after(r)) {
                appositive = container.and_then(|(p, _)| self.place_name(&p.name));
                found = Some(hit);
            } else if let Some(hit) = container {
                found = Some(hit);
            } else if let Some(hit) = (self.is(i + 1, &WORDS.definite) && self.is(i + 2, &WORDS.capital))
                .then(|| self.entity_at(i + 3, &WHERE))
                .flatten()
                .filter(|(_, r)| r.start == i + 3 && comma_after(r))
            {
                // "In the capital Paris, ..."
                found = Some(hit);
            } else if self.is(i + 1, &WORDS.definite) && self.is(i + 2, &WORDS.capital) && toks.get(i + 3).is_some_and(|_| self.ctx.word(i + 3) == ",") {
                capital = true;
            }
        }
        // Else the clause a participle or "with" clause hangs on ("... hit
        // North Carolina, resulting in 91 deaths"), else a clause joined to
        // it by "and" that states no figure of its own ("30 people died, and
        // many remain missing in Buncombe County").
        if found.is_none() && !capital && !frame.whole {
            found = self.locative(self.hung_clause()).0.or_else(|| self.locative(self.joined_clause()).0);
        }
        let Some((e, span)) = found else {
            if capital {
                frame.place = Some(CAPITAL.to_string());
            } else if let Some(pack) = self.pack {
                // Another language: a region or town its words of place
                // or region nouns name in the clause ("dans la région
                // russe de Koursk", "в Курській області").
                let figure = self.ctx.toks.get(self.fig.start).map_or(0, |t| t.start);
                let from = self.ctx.toks.get(self.clause.start).map_or(0, |t| t.start);
                frame.place = self.span_text(self.clause.clone()).and_then(|t| pack.place_near(t, figure.saturating_sub(from)));
            }
            return;
        };
        let Some(place) = self.place_name(&e.name) else { return };
        frame.place = Some(place);
        frame.within.extend(appositive);
        // "Buncombe County, North Carolina": a place after a comma contains
        // it (not a possessive opening the next phrase: "to Kyiv, Poland's
        // ministry said").
        if self.ctx.toks.get(span.end).is_some_and(|_| self.ctx.word(span.end) == ",") {
            if let Some((outer, o)) = self.entity_at(span.end + 1, &WHERE) {
                if !self.ctx.toks.get(o.end).is_some_and(|_| WORDS.possessive.has(self.ctx.word(o.end))) {
                    frame.within.extend(self.place_name(&outer.name));
                }
            }
        }
        // "North Carolina's Buncombe County".
        if span.start >= 2 && WORDS.possessive.has(self.ctx.word(span.start - 1)) {
            if let Some((outer, _)) = self.entity_at(span.start - 2, &WHERE) {
                frame.within.extend(self.place_name(&outer.name));
            }
        }
        if self.is(span.end, &WORDS.part_after) {
            frame.part = true;
        }
    }

    /// The place a locative preposition before it names among tokens
    /// `scope`, nearest the figure first, and whether one names "the
    /// capital" instead.
    fn locative(&self, scope: impl Iterator<Item = usize>) -> (Option<(&'d sitrep_core::Entity, std::ops::Range<usize>)>, bool) {
        let mut best: Option<(usize, (&'d sitrep_core::Entity, std::ops::Range<usize>))> = None;
        let mut capital = false;
        for i in scope {
            if frames::marker_at(self.words, i, Marker::Locative).is_none() && !WORDS.goal.has(self.words[i]) {
                continue;
            }
            let mut j = i + 1;
            while j < self.words.len() && WORDS.region_lead.has(self.words[j]) {
                j += 1;
            }
            // "the intelligence service in Seoul stated that ... 12,000":
            // a place before a speech word is where the speaker is.
            if (j..self.fig.start).any(|k| WORDS.statement.has(self.words[k])) {
                continue;
            }
            // "killed in the Ukraine war", "lost in the Gaza offensive": a
            // place naming the event after it says which event, not where.
            let names_event = |hit: &(&sitrep_core::Entity, std::ops::Range<usize>)| frames::marker_at(self.words, hit.1.end, Marker::Event).is_some();
            if let Some(hit) = self.entity_at(j, &[EntityKind::Place]).filter(|hit| !names_event(hit)) {
                let dist = if i >= self.fig.end { i - self.fig.end } else { self.fig.start - i };
                if best.as_ref().is_none_or(|(d, _)| dist < *d) {
                    best = Some((dist, hit));
                }
            } else if self.is(j, &WORDS.capital) && j > i + 1 && WORDS.definite.has(self.words[j - 1]) {
                // "in the capital": fuse knows which capital the story's is.
                capital = true;
            }
        }
        (best.map(|(_, hit)| hit), capital)
    }

    /// The clause before the figure's when the figure's opens with a
    /// participle or "with" that hangs it on that one ("..., resulting in",
    /// "..., leaving", "..., with 40 deaths"); empty otherwise.
    fn hung_clause(&self) -> std::ops::Range<usize> {
        let c = self.clause.start;
        let first = self.words.get(c).copied().unwrap_or_default();
        let participle = WORDS.hung_opener.has(first) || first.len() > 4 && sitrep_lang::morph::is_participle(first) && self.ctx.toks[c].shape == Shape::Lower;
        if !participle || c < 2 || self.ctx.word(c - 1) != "," {
            return 0..0;
        }
        let (lo, hi) = self.ctx.clause(self.ctx.toks[c - 2].start);
        self.ctx.index_at(lo)..self.ctx.index_at(hi)
    }

    /// The clause after the figure's when a comma and "and" join it and it
    /// states no figure of its own; empty otherwise.
    fn joined_clause(&self) -> std::ops::Range<usize> {
        let e = self.clause.end;
        if e + 1 >= self.words.len() || self.ctx.word(e) != "," || !WORDS.adds.has(self.words[e + 1]) {
            return 0..0;
        }
        let (lo, hi) = self.ctx.clause(self.ctx.toks[e + 1].end);
        let range = self.ctx.index_at(lo)..self.ctx.index_at(hi);
        if range.clone().any(|k| self.ctx.toks[k].shape == Shape::Number) {
            return 0..0;
        }
        range
    }

    /// The place an apposition after the comma at `comma` names as holding
    /// the place before it: ", a city in Buncombe County," or ", the county
    /// seat of Avery County," (a few lower-case words, then a locative
    /// preposition or "of", then a place closed by a comma).
    fn apposition_place(&self, comma: usize) -> Option<(&'d sitrep_core::Entity, std::ops::Range<usize>)> {
        const REACH: usize = 4;
        let word = |i: usize| if i < self.ctx.toks.len() { self.ctx.word(i) } else { "" };
        if word(comma) != "," || !WORDS.article.has(word(comma + 1)) {
            return None;
        }
        let nouns = comma + 2;
        let prep = (nouns..nouns + REACH).take_while(|&k| self.ctx.toks.get(k).is_some_and(|t| t.shape == Shape::Lower)).find(|&k| {
            k > nouns && (frames::marker_at(self.words, k, Marker::Locative).is_some() || WORDS.genitive.has(self.words[k]))
        })?;
        self.entity_at(prep + 1, &[EntityKind::Place]).filter(|(_, r)| r.start == prep + 1 && word(r.end) == ",")
    }

    /// The clause a parenthesis between dashes interrupts, when the
    /// figure's clause resumes it: "the march in Paris -- marred by
    /// violence, as were others -- drew 119,000" (empty otherwise).
    fn resumed_clause(&self) -> std::ops::Range<usize> {
        let word = |i: usize| if i < self.ctx.toks.len() { self.ctx.word(i) } else { "" };
        let dash = |i: usize| matches!(word(i), "—" | "–" | "--") || word(i) == "-" && (word(i + 1) == "-" || i > 0 && word(i - 1) == "-");
        let run_start = |mut i: usize| {
            while i > 0 && dash(i - 1) {
                i -= 1;
            }
            i
        };
        let Some(close) = (self.clause.start.saturating_sub(1)..self.fig.start).rev().find(|&i| dash(i)).map(run_start) else { return 0..0 };
        let Some(open) = (0..close).rev().find(|&i| dash(i)).map(run_start).filter(|&o| o > 0) else { return 0..0 };
        let (lo, _) = self.ctx.clause(self.ctx.toks[open - 1].start);
        self.ctx.index_at(lo)..open
    }

    /// The place that is the subject of a verb giving its own count right
    /// before the figure ("Georgia reported 17", "... and South Carolina
    /// confirmed 25 deaths"), not a speaker ("Kyiv said").
    fn counting_place(&self) -> Option<(&'d sitrep_core::Entity, std::ops::Range<usize>)> {
        let mut v = self.fig.start;
        while v > self.clause.start && WORDS.degree.has(self.words[v - 1]) {
            v -= 1;
        }
        let v = v.checked_sub(1).filter(|&v| v > self.clause.start)?;
        frames::marker_at(self.words, v, Marker::Confirm).filter(|&n| n == 1)?;
        let (e, span) = self.entity_at(v - 1, &[EntityKind::Place])?;
        let subject = span.start == self.clause.start || span.start.checked_sub(1).is_some_and(|b| WORDS.coordinator.has(self.words[b]));
        subject.then_some((e, span))
    }

    /// The clause's tokens, with the clause before it when this one opens
    /// with a relative word ("the Camp Fire, which killed 85 people").
    fn event_scope(&self) -> std::ops::Range<usize> {
        // "..., which killed", "..., in which 85 died", "..., killing 2,975",
        // "..., with 1,392 deaths": the clause hangs on the phrase before it.
        let first = self.words.get(self.clause.start).copied().unwrap_or_default();
        // "Hurricane Andrew (1992); 65 deaths": a list entry's figure after a
        // semicolon counts for the name heading the entry.
        if self.clause.start >= 2 && self.ctx.word(self.clause.start - 1) == ";" {
            let (lo, _) = self.ctx.clause(self.ctx.toks[self.clause.start - 2].start);
            return self.ctx.index_at(lo)..self.clause.end;
        }
        let opens_relative = WORDS.relative.has(first)
            || self.words.get(self.clause.start + 1).is_some_and(|next| WORDS.relative_phrase.has_pair(first, next))
            || WORDS.hung_opener.has(first)
            || first.len() > 4 && sitrep_lang::morph::is_participle(first) && self.ctx.toks[self.clause.start].shape == Shape::Lower;
        if !opens_relative || self.clause.start < 2 {
            return self.clause.clone();
        }
        let (lo, _) = self.ctx.clause(self.ctx.toks[self.clause.start - 2].start);
        self.ctx.index_at(lo)..self.clause.end
    }

    /// Another event the clause names: "the Camp Fire", "Hurricane
    /// Katrina", and the year it names (`name|year`); fuse tells whether it
    /// is the story's own event or another one cited for comparison.
    fn event(&self) -> Option<String> {
        let toks = &self.ctx.toks;
        let scope = self.event_scope();
        let mut name = None;
        for i in scope.clone() {
            if frames::marker_at(self.words, i, Marker::Event).is_none() {
                continue;
            }
            let capital = |j: usize| toks.get(j).is_some_and(|t| t.shape == Shape::Capitalized && j > self.ctx.first_word());
            // "the Maui Fire Department" names a body, not an event.
            if self.entity_at(i, &[EntityKind::Organization]).is_some() {
                continue;
            }
            if capital(i) && capital(i + 1) && !capital(i + 2) {
                // "Hurricane Katrina"
                name = Some(format!("{} {}", self.words[i], self.words[i + 1]));
            } else if i > 0 && capital(i - 1) && capital(i) && !capital(i + 1) {
                // "the Camp Fire", not "the Maui Fire Department"
                name = Some(format!("{} {}", self.words[i - 1], self.words[i]));
            }
        }
        // "surpassed only by Katrina, with 1,392 deaths", "second only to
        // the Camp Fire, which killed 85": the name a comparison ranks the
        // story's event against is another event (a place is not one; the
        // entities may take a storm's name for a body's).
        for i in scope.clone() {
            let Some(len) = frames::marker_at(self.words, i, Marker::Compare).filter(|_| name.is_none()) else { continue };
            let at = i + len + usize::from(self.is(i + len, &WORDS.definite));
            let capital = |j: usize| toks.get(j).is_some_and(|t| t.shape == Shape::Capitalized);
            if capital(at) && self.entity_at(at, &[EntityKind::Place]).is_none() {
                let end = (at..at + 3).take_while(|&j| capital(j)).last().unwrap_or(at);
                name = Some(self.words[at..=end].join(" "));
            }
        }
        let (clo, chi) = (self.ctx.toks[scope.start.min(toks.len() - 1)].start, self.bytes.1);
        // A year the text writes out ("in 2018", "the 1960 tsunami"), not one
        // resolved from a day or month.
        let year = self
            .doc
            .times
            .iter()
            .filter(|t| clo <= t.start && t.end <= chi && t.text.chars().filter(char::is_ascii_digit).count() >= 4)
            .filter_map(|t| t.value.as_deref()?.get(..4)?.parse::<i64>().ok())
            .min();
        match (name, year) {
            (None, None) => None,
            (n, y) => Some(format!("{}|{}", n.unwrap_or_default(), y.map(|y| y.to_string()).unwrap_or_default())),
        }
    }

    /// A day of the month heading the figure ("on January 19, 1.12 million
    /// marched, on the 31st – 1.27 million"): the "the" and an ordinal,
    /// with nothing but a colon, dash or comma before the figure, in the
    /// month of the last full date before it in the sentence (the next
    /// month when the day is earlier than that date's).
    fn ordinal_day(&self) -> Option<String> {
        let mut k = self.fig.start;
        while k > 0 && matches!(self.ctx.word(k - 1), ":" | "–" | "—" | "-" | ",") {
            k -= 1;
        }
        let at = k.checked_sub(1).filter(|&a| a > 0 && k < self.fig.start && WORDS.definite.has(self.words[a - 1]))?;
        let word = self.words[at];
        let digits = WORDS.ordinal_suffix.iter().find_map(|s| word.strip_suffix(s))?;
        let day: u32 = digits.parse().ok().filter(|d| (1..=31).contains(d))?;
        let before = self.ctx.toks[at - 1].start;
        let date = self
            .doc
            .times
            .iter()
            .filter(|t| self.ctx.span.start <= t.start && t.end <= before && matches!(t.kind, TimeKind::Date | TimeKind::Datetime))
            .max_by_key(|t| t.start)
            .and_then(|t| t.value.as_deref()?.get(..10))?;
        let (year, month, from) = (date.get(..4)?, date.get(5..7)?.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?, date.get(8..10)?.parse::<u32>().ok()?);
        let (year, month) = match (day < from, month) {
            (false, m) => (year.to_string(), m),
            (true, 12) => (year.parse::<i32>().map_or_else(|_| year.to_string(), |y| format!("{:04}", y + 1)), 1),
            (true, m) => (year.to_string(), m + 1),
        };
        const DAYS: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        (day <= DAYS[month as usize - 1]).then(|| format!("{year}-{month:02}-{day:02}"))
    }

    /// The period the figure counts, when the clause names one that is
    /// neither the date a total was read nor the date of a statement.
    fn period(&self, measure: Option<&'static Measure>) -> Option<String> {
        let behaviour = measure.map(|m| m.behaviour)?;
        let (clo, chi) = self.bytes;
        // The clause's times, and those of a sentence-opening adverbial
        // ("On 9 March, 350,000 people marched").
        let opening = {
            let first = self.ctx.first_word();
            let comma = (first..self.clause.start).find(|&i| self.ctx.word(i) == ",");
            match comma {
                Some(c) if frames::marker_at(self.words, first, Marker::Period).is_some() => Some((self.ctx.toks[first].start, self.ctx.toks[c].start)),
                _ => None,
            }
        };
        // "recalled that on January 19, 1.12 million people marched": a time
        // ending the phrase right before the figure's clause, after "on".
        let lead = self.clause.start.checked_sub(1).filter(|&c| self.ctx.word(c) == ",").map(|c| self.ctx.toks[c].start);
        let leads = |t: &sitrep_core::TimeExpr| {
            let at = self.ctx.index_at(t.start);
            lead.is_some_and(|c| t.end <= c && self.ctx.text.get(t.end..c).is_some_and(|gap| gap.trim().is_empty()))
                && at.checked_sub(1).is_some_and(|b| frames::marker_at(self.words, b, Marker::Period).is_some())
        };
        // "Strike of May 19: 2.1 million", "on the 12th – 500,000", "the
        // record day of March 7 (700,000)": a day heading the figure, with
        // nothing but a colon, dash, comma or opening parenthesis between
        // them.
        let figure_at = self.ctx.toks[self.fig.start.min(self.ctx.toks.len() - 1)].start;
        let heads = |t: &sitrep_core::TimeExpr| {
            t.end <= figure_at
                && self.ctx.span.start <= t.start
                && self.ctx.text.get(t.end..figure_at).is_some_and(|gap| gap.chars().all(|c| c.is_whitespace() || matches!(c, ':' | '–' | '—' | '-' | ',' | '(')))
        };
        // A time the clause opens ("this Friday, May 12") may run past its end.
        let in_scope = |t: &sitrep_core::TimeExpr| (clo <= t.start && t.start < chi) || opening.is_some_and(|(a, b)| a <= t.start && t.end <= b) || leads(t) || heads(t);
        for t in self.doc.times.iter().filter(|t| in_scope(t)) {
            let Some(value) = t.value.as_deref() else { continue };
            let at = self.ctx.index_at(t.start);
            let before = |n: usize| at.checked_sub(n).filter(|&b| b >= self.clause.start).map(|b| self.words[b]);
            let as_of = (1..=3).any(|n| at.checked_sub(n).is_some_and(|b| frames::marker_at(self.words, b, Marker::AsOf).is_some_and(|len| b + len == at)));
            let statement = (1..=3).any(|n| before(n).is_some_and(|w| WORDS.statement.has(w)));
            // "killed or wounded since entering combat in December": the
            // start of a running total, not the period it counts.
            let start = (1..=START_REACH).any(|n| at.checked_sub(n).is_some_and(|b| b >= self.clause.start && frames::marker_at(self.words, b, Marker::Start).is_some()));
            if as_of || statement || start {
                continue;
            }
            let bounded = matches!(t.kind, TimeKind::Month | TimeKind::Week | TimeKind::Period | TimeKind::Quarter);
            let counted_over = before(1).is_some_and(|w| frames::marker_at(&[w], 0, Marker::Period).is_some());
            match behaviour {
                Behaviour::Occasion if matches!(t.kind, TimeKind::Date | TimeKind::Datetime) || bounded => {
                    return Some(value.get(..10).unwrap_or(value).to_string());
                }
                Behaviour::Total | Behaviour::Level if bounded && counted_over => return Some(value.to_string()),
                _ => {}
            }
        }
        if behaviour == Behaviour::Occasion {
            if let Some(day) = self.ordinal_day() {
                return Some(day);
            }
        }
        // In another language, "за последнюю неделю погибли 300": a count
        // over the week just past is a weekly figure, not the running total.
        if behaviour == Behaviour::Total {
            if let Some(pack) = self.pack {
                if self.clause.clone().any(|i| pack.past_week_at(self.words, i).is_some()) {
                    return Some("P1W".to_string());
                }
            }
        }
        // "in a single day", "a record ... in one day"
        let single = self.clause.clone().any(|i| frames::marker_at(self.words, i, Marker::Single).is_some());
        single.then(|| "P1D".to_string())
    }
}
