//! Per-claim verdicts of a topic: who agrees, who is an outlier and against
//! whom, which figures were revised, which are about another time, hedged
//! or copied. Fuse alone decides; the report only renders the verdicts and
//! the typed notes.
//!
//! Each claim is an interval: exact figures ±2%, approximate ones ±15%,
//! "at least" figures open upwards, "at most" figures down to zero (to −∞
//! for negative figures), ranges as stated; a vague amount ("thousands") has
//! none and is compared with nothing.
//!
//! **Sources.** A claim's source is its resolved entity (so "NIS" and
//! "National Intelligence Service" are one, and a description such as
//! "South Korea's intelligence agency" is the one intelligence body the
//! same document names), else its name as written; anonymous sources
//! ("unnamed officials") are told apart by outlet; unattributed claims
//! belong to their outlet. `independent_sources` counts the distinct
//! sources of documents that are not copies.
//!
//! **Time.** A topic's claims share one frame, so what is compared depends
//! on how its measure behaves ([`Behaviour`]): figures of one occasion (a
//! day's crowd, whose day is in the frame) are all compared; a running
//! total or a level is read at a date, so a figure that a later figure
//! (more than the measure's window later: [`TOTAL_DAYS`] for a total,
//! [`LEVEL_DAYS`] for a level) does not allow is `revised` (replaced, up or
//! down), the others are compared with the figures of their window, and
//! when some figures are dated an undated one is about another time.
//!
//! **Verdicts.** Copies are `copy`, possible, hypothetical and denied
//! claims are `hedged`. Among the compared firm claims, two claims of
//! different sources whose intervals do not overlap contradict each other;
//! the sources with the fewest contradictions are taken first into the
//! agreeing set, and a claim of a source left out is an `outlier` against
//! the agreeing claims it contradicts. Agreeing claims are `agrees` when a
//! second source confirms them, else `single`. The topic is `single` with
//! at most one independent source, `conflicting` when it has an outlier,
//! else `consistent`.

use std::collections::{BTreeMap, BTreeSet};
use rayon::prelude::*;

use sitrep_lang::frames::Behaviour;
use sitrep_core::report::{Agreement, Note, NoteKind, Range, Topic, TopicClaim, Verdict};
use sitrep_core::{Bound, Claim, Document, Modality, SourceKind};

use crate::entities::Resolved;
use crate::text::{day_range, fold, name_key};
use crate::topics::Group;

const EXACT_TOLERANCE: f64 = 0.02;
const APPROX_TOLERANCE: f64 = 0.15;
/// Days within which figures of a running total are about the same time
/// (a toll changes daily).
const TOTAL_DAYS: i64 = 2;
/// Days within which figures of a level are about the same time.
const LEVEL_DAYS: i64 = 14;

/// Who a claim is from: a key that is equal for the same source, and the
/// name to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub key: String,
    pub name: String,
    pub attributed: bool,
}

/// Who speaks for a document by name: its outlet, else its first byline.
fn named_outlet(doc: &Document) -> Option<&str> {
    let outlet = doc.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty());
    outlet.or_else(|| doc.byline.first().map(|b| b.trim()).filter(|b| !b.is_empty()))
}

/// How a document's own voice is named: [`named_outlet`], else by its title.
fn outlet_of(doc: &Document) -> String {
    named_outlet(doc).map_or_else(|| unnamed_outlet(doc), str::to_string)
}

/// The key of a document's own voice: its outlet's name, else the document
/// itself (two unnamed pages are not one source).
fn outlet_key(doc: &Document) -> String {
    named_outlet(doc).map_or_else(|| format!("document:{}", doc.id), |o| format!("outlet:{}", fold(o)))
}

/// Words of a title that name a page whose outlet and author are unknown.
const TITLE_WORDS: usize = 8;

/// How a page that names neither outlet nor author is named as a source:
/// by its title ("the outlet of “Troops cross the border”"), never by its
/// file path.
fn unnamed_outlet(doc: &Document) -> String {
    match doc.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => {
            let words: Vec<&str> = t.split_whitespace().collect();
            let more = if words.len() > TITLE_WORDS { " …" } else { "" };
            format!("the outlet of “{}{more}”", words[..words.len().min(TITLE_WORDS)].join(" "))
        }
        None => "an unnamed outlet".to_string(),
    }
}

/// The source of claim `c` of document `d`.
pub fn source(docs: &[Document], resolved: &Resolved, d: usize, c: &Claim) -> Source {
    let doc = &docs[d];
    let named = c.source.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let entity = c.source.entity.as_deref().and_then(|id| resolved.of(d, id));
    if c.source.kind == SourceKind::Author || (named.is_none() && entity.is_none()) {
        return Source { key: outlet_key(doc), name: outlet_of(doc), attributed: false };
    }
    let described = || named.filter(|_| c.source.kind == SourceKind::Government).and_then(|n| resolved.described(d, n));
    if let Some(e) = entity.or_else(|| named.and_then(|n| resolved.by_name_in(n, doc.language.as_deref()))).or_else(described) {
        return Source { key: format!("entity:{}", e.name), name: e.name.clone(), attributed: true };
    }
    let name = named.unwrap_or_default();
    let bare = name.strip_prefix("the ").or_else(|| name.strip_prefix("The ")).unwrap_or(name);
    let key = if c.source.kind == SourceKind::Anonymous {
        format!("anonymous:{}:{}", outlet_key(doc), name_key(bare))
    } else {
        format!("name:{}", name_key(bare))
    };
    Source { key, name: name.to_string(), attributed: true }
}

/// The interval a claim allows, `None` when it states no finite figure or
/// only a vague amount ("thousands": approximate with no stated value),
/// which is too loose to confirm or contradict anything.
pub fn interval(c: &Claim) -> Option<(f64, f64)> {
    let finite = |v: Option<f64>| v.filter(|v| v.is_finite());
    let (value, low, high) = (finite(c.value), finite(c.low), finite(c.high));
    if value.is_none() && c.bound == Some(Bound::Approx) {
        return None;
    }
    let v = value.or(low).or(high)?;
    let bound = c.bound.unwrap_or(match (low, high) {
        (Some(l), Some(h)) if l < h => Bound::Range,
        _ => Bound::Exact,
    });
    let around = |t: f64| (v - v.abs() * t, v + v.abs() * t);
    Some(match bound {
        Bound::Exact => around(EXACT_TOLERANCE),
        Bound::Approx => around(APPROX_TOLERANCE),
        Bound::AtLeast => (low.unwrap_or(v), f64::INFINITY),
        Bound::AtMost => {
            let h = high.unwrap_or(v);
            (if h >= 0.0 { 0.0 } else { f64::NEG_INFINITY }, h)
        }
        Bound::Range => {
            let (l, h) = (low.unwrap_or(v), high.unwrap_or(v));
            (l.min(h), l.max(h))
        }
    })
}

fn is_firm(m: Modality) -> bool {
    !matches!(m, Modality::Hypothetical | Modality::Denied | Modality::Possible)
}

struct Member<'a> {
    doc: usize,
    claim: &'a Claim,
    /// Its place among the group's members (where [`Said::Given`] has its sentence).
    at: usize,
    source: Source,
    time: Option<&'a str>,
    days: Option<(i64, i64)>,
    duplicate: bool,
}

/// Claims of a topic a core takes at a time where they are taken on every
/// core: fewer are not worth a task of their own.
const PER_TASK: usize = 1024;

/// The days a claim is about when its topic compares by date.
type Days = Option<(i64, i64)>;
/// The largest low end and the smallest high end of some intervals.
type Ends = (f64, f64);

/// Claims an outlier or a revised claim lists as against it, at most.
const MAX_AGAINST: usize = 16;

/// Where the sentences and figures of a topic's claims come from: each
/// claim's own `text` and quantity (copied into the topic), or given with
/// the group, taken out of the claims and their documents (so that the
/// claims can be kept without them, and the documents without their
/// quantities, while the topics are assessed) and moved into the topic.
#[derive(Debug, Clone)]
pub enum Said {
    /// In each claim's `text` and its document's quantities.
    InClaims,
    /// The group's members' sentences, and the text of the quantity each
    /// states (`None` for none), in the members' order.
    Given(Vec<(String, Option<String>)>),
}

/// Build the topic of a group (its id and story left empty), every claim
/// with its verdict.
pub fn assess(docs: &[Document], duplicate_of: &[Option<usize>], resolved: &Resolved, group: &Group) -> Topic {
    assess_said(docs, duplicate_of, resolved, group, Said::InClaims)
}

/// [`assess`], the claims' sentences taken where `said` tells.
pub fn assess_said(docs: &[Document], duplicate_of: &[Option<usize>], resolved: &Resolved, group: &Group, said: Said) -> Topic {
    // Each claim's source and time, the order and each claim's entry are
    // made on every core: a topic of a large story has tens of thousands.
    let mut members: Vec<Member> = group
        .members
        .par_iter()
        .with_min_len(PER_TASK)
        .enumerate()
        .filter_map(|(at, &(d, c))| {
            let claim = docs.get(d)?.claims.get(c)?;
            let time = claim.time.as_deref().or(docs[d].published.as_deref());
            Some(Member {
                doc: d,
                claim,
                at,
                source: source(docs, resolved, d, claim),
                time,
                days: time.and_then(day_range),
                duplicate: duplicate_of.get(d).is_some_and(Option::is_some),
            })
        })
        .collect();
    members.par_sort_by(|a, b| {
        (a.time.is_none(), a.time, &docs[a.doc].id, a.doc, &a.claim.id).cmp(&(
            b.time.is_none(),
            b.time,
            &docs[b.doc].id,
            b.doc,
            &b.claim.id,
        ))
    });
    let n = members.len();
    let mut verdict: Vec<Option<Verdict>> = vec![None; n];
    let mut against: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, m) in members.iter().enumerate() {
        if m.duplicate {
            verdict[i] = Some(Verdict::Copy);
        } else if !is_firm(m.claim.modality) {
            verdict[i] = Some(Verdict::Hedged);
        }
    }
    let intervals: Vec<Option<(f64, f64)>> = members.iter().map(|m| interval(m.claim)).collect();
    let firm: Vec<usize> = (0..n).filter(|&i| verdict[i].is_none() && intervals[i].is_some()).collect();
    let vague: Vec<usize> = (0..n).filter(|&i| verdict[i].is_none() && intervals[i].is_none()).collect();
    for i in vague {
        verdict[i] = Some(Verdict::Single);
    }

    // Which firm claims are compared. All of one occasion. Of a total or a
    // level, a figure that a later one (beyond the measure's window) does
    // not allow is revised by it; the others are compared with those of
    // their window. When some figures are dated, an undated one is about
    // another time.
    let window = match group.behaviour {
        Behaviour::Occasion => i64::MAX,
        Behaviour::Total => TOTAL_DAYS,
        Behaviour::Level => LEVEL_DAYS,
    };
    let dated = group.behaviour != Behaviour::Occasion && firm.iter().any(|&i| members[i].days.is_some());
    // The figures each dated firm claim is revised by: the first (in
    // `firm` order) firm figures dated more than the window later whose
    // intervals miss its own. Claims are taken latest first, so the later
    // figures of each are those inserted so far (O(n log n), not a scan of
    // every pair).
    let mut later_of: Vec<Vec<usize>> = vec![Vec::new(); firm.len()];
    if dated {
        let start = |p: usize| members[firm[p]].days.map(|d| d.0);
        let mut by_start: Vec<usize> = (0..firm.len()).filter(|&p| start(p).is_some()).collect();
        by_start.sort_by_key(|&p| std::cmp::Reverse(start(p)));
        let mut tree = Disjoint::new(firm.len());
        let mut next = 0;
        for &p in &by_start {
            let a0 = start(p).expect("dated");
            while let Some(&q) = by_start.get(next).filter(|&&q| start(q).is_some_and(|b0| b0.saturating_sub(a0) > window)) {
                tree.insert(q, intervals[firm[q]].expect("firm"));
                next += 1;
            }
            later_of[p] = tree.missing(intervals[firm[p]].expect("firm")).take(MAX_AGAINST).map(|q| firm[q]).collect();
        }
    }
    let mut compared: Vec<usize> = Vec::new();
    for (p, &a) in firm.iter().enumerate() {
        if members[a].days.filter(|_| dated).is_none() {
            if dated {
                verdict[a] = Some(Verdict::OtherTime);
            } else {
                compared.push(a);
            }
            continue;
        }
        let later = std::mem::take(&mut later_of[p]);
        if later.is_empty() {
            compared.push(a);
        } else {
            verdict[a] = Some(Verdict::Revised);
            against[a] = later;
        }
    }
    let same_time = |a: usize, b: usize| match (members[a].days.filter(|_| dated), members[b].days.filter(|_| dated)) {
        (Some((a0, a1)), Some((b0, b1))) => a0.max(b0) - a1.min(b1) <= window,
        _ => true,
    };

    // Contradictions between sources about the same time, then the agreeing
    // set. Sources are numbered so that pairs of claims compare integers,
    // and conflicts are kept per pair of sources (claims can be many, the
    // sources of one topic are few).
    let mut keys: Vec<&str> = compared.iter().map(|&i| members[i].source.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let src: Vec<usize> = members.iter().map(|m| keys.binary_search(&m.source.key.as_str()).unwrap_or(usize::MAX)).collect();
    //
    // Two claims contradict when one's low end is above the other's high
    // end, so two sources contradict about a time when the largest low end
    // of one's claims of that time is above the smallest high end of the
    // other's: each source's claims of one time (day range) are a cell of
    // those two figures, and cells are compared, not claims (a topic of a
    // large story has thousands of claims, of few sources and days).
    let mut cells: BTreeMap<Days, BTreeMap<usize, Ends>> = BTreeMap::new();
    for &i in &compared {
        let (lo, hi) = intervals[i].expect("firm");
        let cell = cells.entry(members[i].days.filter(|_| dated)).or_default().entry(src[i]).or_insert((f64::NEG_INFINITY, f64::INFINITY));
        *cell = (cell.0.max(lo), cell.1.min(hi));
    }
    let cells: Vec<(Days, Vec<(usize, Ends)>)> = cells.into_iter().map(|(d, c)| (d, c.into_iter().collect())).collect();
    let near = |a: Days, b: Days| match (a, b) {
        (Some((a0, a1)), Some((b0, b1))) => a0.max(b0) - a1.min(b1) <= window,
        _ => true,
    };
    let mut clash: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (x, (da, ca)) in cells.iter().enumerate() {
        for (_, cb) in cells[x..].iter().filter(|(db, _)| near(*da, *db)) {
            for &(sa, (lo_a, hi_a)) in ca {
                for &(sb, (lo_b, hi_b)) in cb {
                    if sa != sb && (lo_b > hi_a || lo_a > hi_b) {
                        clash.insert((sa.min(sb), sa.max(sb)));
                    }
                }
            }
        }
    }
    let mut rivals: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); keys.len()];
    for &(a, b) in &clash {
        rivals[a].insert(b);
        rivals[b].insert(a);
    }
    let mut claims_of: Vec<usize> = vec![0; keys.len()];
    for &i in &compared {
        claims_of[src[i]] += 1;
    }
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| rivals[a].len().cmp(&rivals[b].len()).then(claims_of[b].cmp(&claims_of[a])).then(keys[a].cmp(keys[b])));
    let mut agreeing = vec![false; keys.len()];
    for &s in &order {
        if rivals[s].iter().all(|&o| !agreeing[o]) {
            agreeing[s] = true;
        }
    }
    let confirmed = agreeing.iter().filter(|&&a| a).count() >= 2;
    // An outlier is against the agreeing claims of its time that its
    // interval misses (their sources are its rivals by definition), the
    // first in `compared` order: found among the agreeing claims' intervals
    // by a search, not a scan of them all.
    let mut agreed = Disjoint::new(compared.len());
    for (x, &j) in compared.iter().enumerate() {
        if agreeing[src[j]] {
            agreed.insert(x, intervals[j].expect("firm"));
        }
    }
    for &i in &compared {
        if agreeing[src[i]] {
            verdict[i] = Some(if confirmed { Verdict::Agrees } else { Verdict::Single });
        } else {
            verdict[i] = Some(Verdict::Outlier);
            against[i] = agreed
                .missing(intervals[i].expect("firm"))
                .map(|x| compared[x])
                .filter(|&j| same_time(i, j))
                .take(MAX_AGAINST)
                .collect();
        }
    }
    let verdict: Vec<Verdict> = verdict.into_iter().map(|v| v.unwrap_or(Verdict::Single)).collect();

    let independent: BTreeSet<&str> = members.iter().filter(|m| !m.duplicate).map(|m| m.source.key.as_str()).collect();
    let agreement = if independent.len() <= 1 {
        Agreement::Single
    } else if verdict.contains(&Verdict::Outlier) {
        Agreement::Conflicting
    } else {
        Agreement::Consistent
    };
    let notes = notes(&members, &verdict, &against);

    let stated = members
        .iter()
        .filter(|m| !matches!(m.claim.modality, Modality::Hypothetical | Modality::Denied))
        .flat_map(|m| [m.claim.low, m.claim.value, m.claim.high])
        .flatten()
        .filter(|v| v.is_finite());
    let range = stated.fold(Range::default(), |r, v| Range {
        low: Some(r.low.map_or(v, |l| l.min(v))),
        high: Some(r.high.map_or(v, |h| h.max(v))),
    });

    // The sentences and figures given are moved into the topic in its
    // order (the groups share no claim); else each claim's are copied.
    let sentences: Vec<Option<(String, Option<String>)>> = match said {
        Said::InClaims => vec![None; members.len()],
        Said::Given(mut given) => members.iter().map(|m| given.get_mut(m.at).map(std::mem::take)).collect(),
    };
    Topic {
        id: String::new(),
        story: String::new(),
        label: group.label.clone(),
        frame: group.frame.clone(),
        unit: group.unit.clone(),
        per: group.per.clone(),
        part_of: None,
        behaviour: match group.behaviour {
            Behaviour::Total => "total",
            Behaviour::Level => "level",
            Behaviour::Occasion => "occasion",
        }
        .to_string(),
        claims: members
            .par_iter()
            .with_min_len(PER_TASK)
            .zip(verdict)
            .zip(against)
            .zip(sentences)
            .map(|(((m, v), a), s)| topic_claim(docs, m, v, a, s))
            .collect(),
        independent_sources: independent.len(),
        range,
        agreement,
        notes,
    }
}

/// Intervals at places of a list (a topic's claims, in order), searched
/// for those that miss a given interval, first place first: a segment tree
/// holding over each range of places the largest low end and the smallest
/// high end of the intervals inserted there. Two intervals (low end never
/// above high end, as [`interval`] gives them) miss each other when one's
/// low end is above the other's high end, so a range holds one that misses
/// `(lo, hi)` exactly when its largest low end is above `hi` or its
/// smallest high end below `lo`; each place found costs O(log n).
struct Disjoint {
    /// Leaves: a power of two, at least the number of places.
    leaves: usize,
    max_lo: Vec<f64>,
    min_hi: Vec<f64>,
}

impl Disjoint {
    fn new(places: usize) -> Self {
        let leaves = places.max(1).next_power_of_two();
        Disjoint { leaves, max_lo: vec![f64::NEG_INFINITY; 2 * leaves], min_hi: vec![f64::INFINITY; 2 * leaves] }
    }

    /// Put the interval `(lo, hi)` at `place` (an empty place holds none).
    fn insert(&mut self, place: usize, (lo, hi): (f64, f64)) {
        let mut node = self.leaves + place;
        if node >= self.max_lo.len() {
            return;
        }
        self.max_lo[node] = lo;
        self.min_hi[node] = hi;
        while node > 1 {
            node /= 2;
            self.max_lo[node] = self.max_lo[2 * node].max(self.max_lo[2 * node + 1]);
            self.min_hi[node] = self.min_hi[2 * node].min(self.min_hi[2 * node + 1]);
        }
    }

    /// The places, ascending, of the intervals inserted that miss `(lo, hi)`.
    fn missing(&self, (lo, hi): (f64, f64)) -> impl Iterator<Item = usize> + '_ {
        let mut from = 0;
        std::iter::from_fn(move || {
            let found = self.first(1, 0, self.leaves, from, (lo, hi))?;
            from = found + 1;
            Some(found)
        })
    }

    /// The first place at or after `from` under `node` (places `l..r`)
    /// whose interval misses `(lo, hi)`.
    fn first(&self, node: usize, l: usize, r: usize, from: usize, (lo, hi): (f64, f64)) -> Option<usize> {
        if r <= from || !(self.max_lo[node] > hi || self.min_hi[node] < lo) {
            return None;
        }
        if r - l == 1 {
            return Some(l);
        }
        let m = (l + r) / 2;
        self.first(2 * node, l, m, from, (lo, hi)).or_else(|| self.first(2 * node + 1, m, r, from, (lo, hi)))
    }
}

/// The typed notes of a topic: the agreeing claims, each outlier source
/// with the claims it differs from, the revised, other-time, hedged and
/// copied claims.
fn notes(members: &[Member], verdict: &[Verdict], against: &[Vec<usize>]) -> Vec<Note> {
    let with = |v: Verdict| -> Vec<usize> { (0..members.len()).filter(|&i| verdict[i] == v).collect() };
    let mut notes = Vec::new();
    let agree = with(Verdict::Agrees);
    if !agree.is_empty() {
        notes.push(Note { kind: NoteKind::Agree, claims: agree, against: vec![] });
    }
    let single = with(Verdict::Single);
    if !single.is_empty() && with(Verdict::Outlier).is_empty() {
        notes.push(Note { kind: NoteKind::Single, claims: single, against: vec![] });
    }
    let mut outliers: BTreeMap<&str, (Vec<usize>, BTreeSet<usize>)> = BTreeMap::new();
    for i in with(Verdict::Outlier) {
        let e = outliers.entry(members[i].source.key.as_str()).or_default();
        e.0.push(i);
        e.1.extend(against[i].iter().copied());
    }
    for (claims, against) in outliers.into_values() {
        notes.push(Note { kind: NoteKind::Differs, claims, against: against.into_iter().collect() });
    }
    let revised = with(Verdict::Revised);
    if !revised.is_empty() {
        let later: BTreeSet<usize> = revised.iter().flat_map(|&i| against[i].iter().copied()).collect();
        notes.push(Note { kind: NoteKind::Revised, claims: revised, against: later.into_iter().collect() });
    }
    for (v, kind) in [(Verdict::OtherTime, NoteKind::OtherTime), (Verdict::Hedged, NoteKind::Hedged), (Verdict::Copy, NoteKind::Copies)] {
        let claims = with(v);
        if !claims.is_empty() {
            notes.push(Note { kind, claims, against: vec![] });
        }
    }
    notes
}

/// A document's language when it is not English (the report's).
fn other_language(doc: &Document) -> Option<&str> {
    doc.language.as_deref().filter(|l| *l != "en")
}

/// How a document in another language spells the entity a claim's source
/// resolved to, titles stripped ("Wolodymyr Selenskyj" for Volodymyr
/// Zelensky), when neither it nor its titled form has the key of the
/// entity's name; none for English documents.
fn spelling(doc: &Document, c: &Claim, source: &Source) -> Option<String> {
    let lang = other_language(doc)?;
    if !source.key.starts_with("entity:") {
        return None;
    }
    let own = c.source.entity.as_deref().and_then(|id| doc.entities.iter().find(|e| e.id == id)).map(|e| e.name.as_str());
    let written = c.source.name.as_deref().filter(|n| !n.trim().is_empty()).or(own)?;
    let bare = crate::entities::without_titles(written, lang);
    let differs = |n: &str| name_key(n) != name_key(&source.name);
    (differs(written) && differs(bare)).then(|| bare.to_string())
}

/// The text of the quantity claim `c` of `doc` states, if any.
pub(crate) fn figure(doc: &Document, c: &Claim) -> Option<String> {
    c.quantity.and_then(|q| doc.quantities.get(q)).map(|q| q.text.clone())
}

/// A member's entry in its topic, with its sentence and figure when given
/// (else its claim's and its document's).
fn topic_claim(docs: &[Document], m: &Member, verdict: Verdict, against: Vec<usize>, said: Option<(String, Option<String>)>) -> TopicClaim {
    let doc = &docs[m.doc];
    let c = m.claim;
    let (text, quantity_text) = match said {
        Some(given) => given,
        None => (c.text.clone(), figure(doc, c)),
    };
    TopicClaim {
        doc: doc.id.clone(),
        claim: c.id.clone(),
        value: c.value,
        low: c.low,
        high: c.high,
        bound: c.bound,
        unit: c.unit.clone(),
        per: c.per.clone(),
        source: Some(m.source.name.clone()),
        spelling: spelling(doc, c, &m.source),
        language: other_language(doc).map(String::from),
        source_kind: c.source.kind,
        modality: c.modality,
        time: m.time.map(String::from),
        quantity_text,
        text,
        start: c.start,
        end: c.end,
        duplicate: m.duplicate,
        verdict,
        against,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::ClaimSource;

    fn claim(value: f64, low: Option<f64>, high: Option<f64>, bound: Bound) -> Claim {
        Claim {
            id: "c1".into(),
            start: 0,
            end: 0,
            text: String::new(),
            quantity: None,
            value: Some(value),
            low,
            high,
            bound: Some(bound),
            unit: Some("person".into()),
            per: None,
            per_each: None,
            subject: "troops".into(),
            source: ClaimSource { name: None, entity: None, kind: SourceKind::Author },
            modality: Modality::Asserted,
            time: None,
            time_kind: Default::default(),
            frame: Default::default(),
        }
    }

    #[test]
    fn a_source_in_another_language_keeps_its_spelling() {
        use sitrep_core::{Entity, EntityKind, Mention};
        let person = |name: &str| Entity {
            id: "e1".into(),
            name: name.into(),
            kind: EntityKind::Person,
            mentions: vec![Mention { start: 0, end: 1, text: name.into() }],
            descriptors: vec![],
        };
        let said = |name: &str| {
            let mut c = claim(3000.0, None, None, Bound::AtLeast);
            c.source = ClaimSource { name: Some(name.into()), entity: Some("e1".into()), kind: SourceKind::Person };
            c
        };
        let docs = vec![
            Document { id: "en".into(), language: Some("en".into()), entities: vec![person("Volodymyr Zelensky")], claims: vec![said("Zelensky")], ..Default::default() },
            Document {
                id: "de".into(),
                language: Some("de".into()),
                entities: vec![person("Präsident Wolodymyr Selenskyj")],
                claims: vec![said("Präsident Wolodymyr Selenskyj")],
                ..Default::default()
            },
            Document { id: "fr".into(), language: Some("fr".into()), entities: vec![person("Volodymyr Zelensky")], claims: vec![said("Volodymyr Zelensky")], ..Default::default() },
        ];
        let resolved = crate::entities::resolve(&docs);
        let shown = |d: usize| {
            let s = source(&docs, &resolved, d, &docs[d].claims[0]);
            (s.name.clone(), spelling(&docs[d], &docs[d].claims[0], &s))
        };
        assert_eq!(shown(1), ("Volodymyr Zelensky".to_string(), Some("Wolodymyr Selenskyj".to_string())), "title stripped from the spelling");
        assert_eq!(shown(0), ("Volodymyr Zelensky".to_string(), None), "English: no spelling");
        assert_eq!(shown(2), ("Volodymyr Zelensky".to_string(), None), "the same spelling");
    }

    #[test]
    fn a_running_total_is_revised_contradicted_and_agreed() {
        // Three outlets count one running total on 1 and 10 March.
        let figures =
            [("Alpha", "2025-03-01", 100.0), ("Beta", "2025-03-01", 101.0), ("Alpha", "2025-03-10", 200.0), ("Beta", "2025-03-10", 300.0), ("Gamma", "2025-03-10", 199.0)];
        let docs: Vec<Document> = figures
            .iter()
            .enumerate()
            .map(|(i, &(outlet, day, v))| {
                let mut c = claim(v, None, None, Bound::Exact);
                c.time = Some(day.into());
                Document { id: format!("d{i}"), outlet: Some(outlet.into()), published: Some(day.into()), claims: vec![c], ..Default::default() }
            })
            .collect();
        let group = Group {
            key: Default::default(),
            frame: Default::default(),
            behaviour: Behaviour::Total,
            label: String::new(),
            unit: None,
            per: None,
            members: (0..docs.len()).map(|d| (d, 0)).collect(),
            part_of: None,
        };
        let t = assess(&docs, &vec![None; docs.len()], &crate::entities::resolve(&docs), &group);
        let got: Vec<(&str, Verdict, Vec<usize>)> = t.claims.iter().map(|c| (c.doc.as_str(), c.verdict, c.against.clone())).collect();
        assert_eq!(
            got,
            vec![
                // Every later figure misses the first day's: each revises them.
                ("d0", Verdict::Revised, vec![2, 3, 4]),
                ("d1", Verdict::Revised, vec![2, 3, 4]),
                ("d2", Verdict::Agrees, vec![]),
                // Beta's 300 misses both others' 200: Beta is the outlier.
                ("d3", Verdict::Outlier, vec![2, 4]),
                ("d4", Verdict::Agrees, vec![]),
            ]
        );
        assert_eq!(t.agreement, Agreement::Conflicting);
    }

    #[test]
    fn the_intervals_missing_one_are_found_in_order() {
        let placed = [(1.0, 2.0), (5.0, 9.0), (0.0, f64::INFINITY), (10.0, 12.0), (f64::NEG_INFINITY, 0.5)];
        let mut tree = Disjoint::new(placed.len() + 2);
        for (p, &iv) in placed.iter().enumerate() {
            tree.insert(p, iv);
        }
        // Every answer is what comparing each pair gives, in place order.
        for q in [(3.0, 4.0), (1.5, 6.0), (0.0, 100.0), (20.0, 30.0), (-5.0, -1.0), (2.0, 2.0)] {
            let scan: Vec<usize> = (0..placed.len()).filter(|&p| placed[p].0.max(q.0) > placed[p].1.min(q.1)).collect();
            assert_eq!(tree.missing(q).collect::<Vec<_>>(), scan, "{q:?}");
        }
        assert_eq!(tree.missing((3.0, 4.0)).collect::<Vec<_>>(), vec![0, 1, 3, 4]);
        // A place outside the tree is ignored, not a panic; an empty tree finds nothing.
        tree.insert(1000, (0.0, 1.0));
        assert_eq!(Disjoint::new(0).missing((0.0, 1.0)).count(), 0);
    }

    #[test]
    fn intervals_follow_bounds() {
        assert_eq!(interval(&claim(100.0, None, None, Bound::Exact)), Some((98.0, 102.0)));
        assert_eq!(interval(&claim(100.0, None, None, Bound::Approx)), Some((85.0, 115.0)));
        assert_eq!(interval(&claim(3000.0, Some(3000.0), None, Bound::AtLeast)), Some((3000.0, f64::INFINITY)));
        assert_eq!(interval(&claim(12000.0, None, Some(12000.0), Bound::AtMost)), Some((0.0, 12000.0)));
        assert_eq!(interval(&claim(11.0, Some(12.0), Some(10.0), Bound::Range)), Some((10.0, 12.0)));
        let mut c = claim(f64::NAN, None, None, Bound::Exact);
        assert_eq!(interval(&c), None);
        c.value = None;
        c.low = Some(5.0);
        c.high = Some(7.0);
        c.bound = None;
        assert_eq!(interval(&c), Some((5.0, 7.0)));
    }

}
