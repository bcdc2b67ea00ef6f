//! Whether the claims of a topic can all be true, and who agrees with whom.
//!
//! Each claim is an interval: exact figures ±2%, approximate ones ±15%,
//! "at least" figures open upwards, "at most" figures down to zero (to −∞
//! for negative figures), ranges as stated.
//!
//! **Time rule.** A claim holds at its `time`, else at its document's
//! publication date. Two claims are compared only when the days those times
//! cover overlap or lie at most [`SAME_TIME_DAYS`] days apart, or when either
//! time is unknown: "over 3,000 had arrived" at the end of October and "up
//! to 12,000 by December" are about different moments and never conflict.
//!
//! **Sources.** A claim's source is its resolved entity (so "NIS" and
//! "National Intelligence Service" are one, and a description such as
//! "South Korea's intelligence agency" is the one intelligence body the
//! document or corpus names), else its name as written;
//! anonymous sources ("unnamed officials") are told apart by outlet;
//! unattributed claims belong to their outlet. Claims from duplicate
//! documents never count. `independent_sources` counts the distinct sources
//! of the other documents.
//!
//! **Growth.** For measures that only grow (people sent, killed, wounded,
//! displaced), a higher figure about later days than a lower one is growth,
//! noted as a difference across time, not a conflict.
//!
//! **Agreement.** `single` with at most one independent source; otherwise
//! `conflicting` when two sources make firm claims (not `hypothetical`,
//! `denied` or `possible`) about the same time whose intervals do not
//! overlap, else `consistent`. Notes name the largest group of sources that
//! agree (sources with the fewest conflicts first), each source that differs
//! and from whom, pairs that differ only across time, and claims left out
//! because of their modality or because they come from copies.

use std::collections::{BTreeMap, BTreeSet};

use sitrep_core::report::{Agreement, Range, Topic, TopicClaim};
use sitrep_core::{Bound, Claim, Document, Modality, SourceKind};

use crate::entities::Resolved;
use crate::text::{day_range, fold, format_number, name_key};
use crate::topics::Group;

/// Claims about times at most this many days apart are about the same time.
pub const SAME_TIME_DAYS: i64 = 14;
const EXACT_TOLERANCE: f64 = 0.02;
/// The most a growing measure is believed to multiply in [`GROWTH_DAYS`].
const MAX_GROWTH: f64 = 3.0;
const GROWTH_DAYS: f64 = 5.0;
const APPROX_TOLERANCE: f64 = 0.15;
/// Distinct figures a note shows per source; the rest are counted.
const SHOWN_FIGURES: usize = 3;

/// Who a claim is from: a key that is equal for the same source, and the
/// name to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub key: String,
    pub name: String,
    pub attributed: bool,
}

/// Who speaks for a document: its outlet, else its first byline, else its id.
fn outlet_of(doc: &Document) -> String {
    let outlet = doc.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty());
    let byline = doc.byline.first().map(|b| b.trim()).filter(|b| !b.is_empty());
    outlet.or(byline).unwrap_or(&doc.id).to_string()
}

/// The source of claim `c` of document `d`.
pub fn source(docs: &[Document], resolved: &Resolved, d: usize, c: &Claim) -> Source {
    let doc = &docs[d];
    let named = c.source.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let entity = c.source.entity.as_deref().and_then(|id| resolved.of(d, id));
    if c.source.kind == SourceKind::Author || (named.is_none() && entity.is_none()) {
        let outlet = outlet_of(doc);
        return Source { key: format!("outlet:{}", fold(&outlet)), name: outlet, attributed: false };
    }
    let described = || named.filter(|_| c.source.kind == SourceKind::Government).and_then(|n| resolved.described(d, n));
    if let Some(e) = entity.or_else(|| named.and_then(|n| resolved.by_name(n))).or_else(described) {
        return Source { key: format!("entity:{}", e.name), name: e.name.clone(), attributed: true };
    }
    let name = named.unwrap_or_default();
    let bare = name.strip_prefix("the ").or_else(|| name.strip_prefix("The ")).unwrap_or(name);
    let key = if c.source.kind == SourceKind::Anonymous {
        format!("anonymous:{}:{}", fold(&outlet_of(doc)), name_key(bare))
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

/// Whether two claim times are the same time under the time rule.
pub fn same_time(a: Option<&str>, b: Option<&str>) -> bool {
    same_days(a.and_then(day_range), b.and_then(day_range))
}

fn same_days(a: Option<(i64, i64)>, b: Option<(i64, i64)>) -> bool {
    match (a, b) {
        (Some((a0, a1)), Some((b0, b1))) => a0.max(b0) - a1.min(b1) <= SAME_TIME_DAYS,
        _ => true,
    }
}

/// Whether two disjoint intervals of a growing measure are growth: the
/// one about the later days is the higher ("1,500 had landed" on 18 October,
/// "more than 3,000 have arrived" on the 23rd).
/// Growth is believable only up to [`MAX_GROWTH`] times the earlier figure
/// per [`GROWTH_DAYS`] days: "50,000" five days after "around 11,000" is a
/// contradiction, "10,000" ten days after "1,500" is growth.
fn grew(a: (f64, f64), ta: Option<(i64, i64)>, b: (f64, f64), tb: Option<(i64, i64)>) -> bool {
    let (Some(ta), Some(tb)) = (ta, tb) else { return false };
    let rose = |early: (f64, f64), late: (f64, f64), days: i64| {
        let allowed = MAX_GROWTH.powf((days as f64 / GROWTH_DAYS).max(1.0));
        late.0 > early.1 && late.0 <= early.1 * allowed
    };
    if ta.1 < tb.0 {
        rose(a, b, tb.0 - ta.1)
    } else if tb.1 < ta.0 {
        rose(b, a, ta.0 - tb.1)
    } else {
        false
    }
}

/// The claim's figure as written, else as its bound says.
fn figure(doc: &Document, c: &Claim) -> String {
    if let Some(q) = c.quantity.and_then(|q| doc.quantities.get(q)) {
        if !q.text.trim().is_empty() {
            return q.text.trim().to_string();
        }
    }
    let n = |v: Option<f64>| v.map(format_number).unwrap_or_else(|| "?".into());
    let v = c.value.or(c.low).or(c.high);
    match c.bound.unwrap_or_default() {
        Bound::Exact => n(v),
        Bound::Approx => format!("around {}", n(v)),
        Bound::AtLeast => format!("at least {}", n(c.low.or(v))),
        Bound::AtMost => format!("up to {}", n(c.high.or(v))),
        Bound::Range => format!("{}–{}", n(c.low.or(v)), n(c.high.or(v))),
    }
}

fn describe(doc: &Document, c: &Claim) -> String {
    match c.time.as_deref() {
        Some(t) => format!("{}, {t}", figure(doc, c)),
        None => figure(doc, c),
    }
}

fn is_firm(m: Modality) -> bool {
    !matches!(m, Modality::Hypothetical | Modality::Denied | Modality::Possible)
}

struct Member<'a> {
    doc: usize,
    claim: &'a Claim,
    source: Source,
    time: Option<&'a str>,
    duplicate: bool,
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Build a topic (with id left empty) from a group of claims.
pub fn assess(docs: &[Document], duplicate_of: &[Option<usize>], resolved: &Resolved, group: &Group) -> Topic {
    let mut members: Vec<Member> = group
        .members
        .iter()
        .filter_map(|&(d, c)| {
            let claim = docs.get(d)?.claims.get(c)?;
            Some(Member {
                doc: d,
                claim,
                source: source(docs, resolved, d, claim),
                time: claim.time.as_deref().or(docs[d].published.as_deref()),
                duplicate: duplicate_of.get(d).is_some_and(Option::is_some),
            })
        })
        .collect();
    members.sort_by(|a, b| {
        (a.time.is_none(), a.time, &docs[a.doc].id, a.doc, &a.claim.id).cmp(&(
            b.time.is_none(),
            b.time,
            &docs[b.doc].id,
            b.doc,
            &b.claim.id,
        ))
    });

    let independent: BTreeSet<&str> =
        members.iter().filter(|m| !m.duplicate).map(|m| m.source.key.as_str()).collect();

    // Firm claims of original documents, per source, with their interval
    // and the days their time covers.
    type Firm<'m, 'a> = (&'m Member<'a>, (f64, f64), Option<(i64, i64)>);
    let mut by_source: BTreeMap<&str, Vec<Firm>> = BTreeMap::new();
    for m in members.iter().filter(|m| !m.duplicate && is_firm(m.claim.modality)) {
        if let Some(iv) = interval(m.claim) {
            by_source.entry(m.source.key.as_str()).or_default().push((m, iv, m.time.and_then(day_range)));
        }
    }
    let sources: Vec<&str> = by_source.keys().copied().collect();
    let mut conflicts: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut across_time: BTreeSet<(&str, &str)> = BTreeSet::new();
    for (i, a) in sources.iter().enumerate() {
        for b in &sources[i + 1..] {
            let (mut conflict, mut apart) = (false, false);
            'pairs: for (_, (a0, a1), ta) in &by_source[a] {
                for (_, (b0, b1), tb) in &by_source[b] {
                    if a0.max(*b0) <= a1.min(*b1) {
                        continue;
                    }
                    let growth = group.cumulative && grew((*a0, *a1), *ta, (*b0, *b1), *tb);
                    if same_days(*ta, *tb) && !growth {
                        conflict = true;
                    } else {
                        apart = true;
                    }
                    if conflict && apart {
                        break 'pairs;
                    }
                }
            }
            if conflict {
                conflicts.insert((a, b));
                conflicts.insert((b, a));
            } else if apart {
                across_time.insert((a, b));
            }
        }
    }

    let agreement = if independent.len() <= 1 {
        Agreement::Single
    } else if conflicts.is_empty() {
        Agreement::Consistent
    } else {
        Agreement::Conflicting
    };

    let label_of = |key: &str| -> String {
        let ms = &by_source[key];
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut descs: Vec<String> = Vec::new();
        for (m, _, _) in ms {
            let d = describe(&docs[m.doc], m.claim);
            if seen.insert(d.clone()) && descs.len() < SHOWN_FIGURES {
                descs.push(d);
            }
        }
        if seen.len() > descs.len() {
            descs.push(format!("{} more", seen.len() - descs.len()));
        }
        format!("{} ({})", ms[0].0.source.name, descs.join("; "))
    };
    let conflict_count = |k: &str| sources.iter().filter(|o| conflicts.contains(&(k, **o))).count();
    let mut order = sources.clone();
    order.sort_by(|a, b| {
        conflict_count(a)
            .cmp(&conflict_count(b))
            .then(by_source[b].len().cmp(&by_source[a].len()))
            .then(by_source[a][0].0.source.name.cmp(&by_source[b][0].0.source.name))
            .then(a.cmp(b))
    });
    let mut agree: Vec<&str> = Vec::new();
    for s in &order {
        if agree.iter().all(|o| !conflicts.contains(&(*s, *o))) {
            agree.push(s);
        }
    }

    let mut notes = Vec::new();
    match agree.len() {
        0 => {}
        1 if agreement == Agreement::Single => notes.push(format!("only {} gives a firm figure", label_of(agree[0]))),
        1 => {}
        _ => notes.push(format!("{} agree", join_names(&agree.iter().map(|s| label_of(s)).collect::<Vec<_>>()))),
    }
    for s in order.iter().filter(|s| !agree.contains(s)) {
        let against: Vec<String> = agree
            .iter()
            .filter(|o| conflicts.contains(&(*s, **o)))
            .map(|o| by_source[o][0].0.source.name.clone())
            .collect();
        notes.push(format!("{} differs from {}", label_of(s), join_names(&against)));
    }
    match across_time.len() {
        0 => {}
        1 => {
            let (a, b) = across_time.iter().next().expect("one pair");
            notes.push(format!("{} and {} are about different times, not compared", label_of(a), label_of(b)));
        }
        n => {
            let mut involved: Vec<&str> = across_time.iter().flat_map(|(a, b)| [*a, *b]).collect();
            involved.sort_unstable();
            involved.dedup();
            let names: Vec<String> = involved.iter().map(|s| by_source[s][0].0.source.name.clone()).collect();
            notes.push(format!(
                "{n} pairs of figures from {} differ but are about different times (the figures changed over time), not compared",
                join_names(&names)
            ));
        }
    }
    for m in members.iter().filter(|m| !m.duplicate && !is_firm(m.claim.modality)) {
        notes.push(format!(
            "{} ({}) is {}, not compared",
            m.source.name,
            describe(&docs[m.doc], m.claim),
            m.claim.modality.as_str()
        ));
    }
    let copies = members.iter().filter(|m| m.duplicate).count();
    if copies > 0 {
        let s = if copies == 1 { "claim" } else { "claims" };
        notes.push(format!("{copies} {s} from copied documents not counted"));
    }

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

    Topic {
        id: String::new(),
        label: group.label.clone(),
        unit: group.unit.clone(),
        per: group.per.clone(),
        claims: members.iter().map(|m| topic_claim(docs, m)).collect(),
        independent_sources: independent.len(),
        range,
        agreement,
        notes,
    }
}

fn topic_claim(docs: &[Document], m: &Member) -> TopicClaim {
    let doc = &docs[m.doc];
    let c = m.claim;
    TopicClaim {
        doc: doc.id.clone(),
        claim: c.id.clone(),
        value: c.value,
        low: c.low,
        high: c.high,
        bound: c.bound,
        unit: c.unit.clone(),
        per: c.per.clone(),
        source: m.source.attributed.then(|| m.source.name.clone()),
        source_kind: c.source.kind,
        modality: c.modality,
        time: m.time.map(String::from),
        text: c.text.clone(),
        start: c.start,
        end: c.end,
        quantity_text: c.quantity.and_then(|q| doc.quantities.get(q)).map(|q| q.text.clone()),
        duplicate: m.duplicate,
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
        }
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

    #[test]
    fn time_rule() {
        assert!(same_time(Some("2024-10-18"), Some("2024-10-23")));
        assert!(same_time(Some("2024-10-18"), Some("2024-10")));
        assert!(same_time(None, Some("2024-12")));
        assert!(same_time(Some("P3D"), Some("2024-12")));
        assert!(!same_time(Some("2024-10-30"), Some("2024-12")));
        assert!(!same_time(Some("2024-10-01"), Some("2024-10-30")));
    }

    #[test]
    fn names_join_in_english() {
        let n = |v: &[&str]| join_names(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(n(&["A"]), "A");
        assert_eq!(n(&["A", "B"]), "A and B");
        assert_eq!(n(&["A", "B", "C"]), "A, B and C");
    }
}
