//! Arithmetic cross-checks inside one document, chaining only figures
//! whose frames match.
//!
//! Two kinds of figures imply a third:
//!
//! - **rate × count**: a rate per thing ("2,000 USD per soldier per month",
//!   `per_each` set) times a count of those same things (a count whose frame
//!   counts what the rate is per: troops for "per soldier", of the same
//!   group when both name one) gives a total in the rate's unit. The total
//!   is a claim in that unit without a `per_each` whose time denominator
//!   matches the rate's: the same one, or a yearly total (`per` = year, or
//!   a sentence saying "annual", "yearly", "a year") from a monthly (× 12),
//!   weekly (× 52) or daily (× 365) rate. The total must measure the same
//!   kind of thing: the same measure, or money flowing (pay, revenue, cost)
//!   on both sides, or no measure on one side. The count is the fitting one
//!   nearest the total in the text.
//! - **percentage of a total**: a percentage and the figure nearest after
//!   it in the same sentence ("30%, or about 3,300") against the nearest
//!   figure before the percentage that counts the same thing in the same
//!   unit and is larger ("of the 11,000 troops"). Plain numbers that count
//!   nothing named are never chained.
//!
//! The check holds when the computed figure is within ±15% of the stated
//! one. A check that fails is kept only when every figure in it is firm
//! (not possible, hypothetical or denied): a failed sum of hedged figures
//! says nothing.

use sitrep_core::report::{Check, CheckStatus};
use sitrep_core::{Claim, Document, Frame, Modality};

use std::sync::LazyLock;

use sitrep_text::lists::{list, Words};

use crate::text::{fold, format_number, words};
use crate::topics::per_each_key;

const TOLERANCE: f64 = 0.15;
/// Measure keys (of the frame vocabulary, not words) that are flows of money.
const MONEY_FLOWS: [&str; 3] = ["pay", "revenue", "cost"];
/// Words saying a sum is paid every year (`[yearly_words]` of `data/lang/en/words.txt`).
static YEARLY_WORDS: Words = LazyLock::new(|| list(crate::WORDS, "yearly_words"));

struct Figure<'a> {
    claim: &'a Claim,
    value: f64,
    frame: &'a Frame,
}

impl Figure<'_> {
    fn measure(&self) -> Option<&str> {
        self.frame.measure.as_deref()
    }

    /// Whether the figure counts something named: people, things, money.
    fn counts_something(&self) -> bool {
        self.claim.unit.is_some() || self.frame.counted.is_some()
    }

    /// Whether its sentence says the sum is yearly (read only for a total
    /// weighed against a rate: most documents have no rate).
    fn yearly(&self) -> bool {
        says_yearly(&self.claim.text)
    }
}

/// Bytes between the sentence of a whole and the sentence of its share, at most.
const SHARE_REACH: usize = 400;

/// Whether the whole `t` of a share `p` is stated close enough to be its
/// whole: in its sentence, or in the sentence just before it in the same
/// paragraph ("The town has 4,000 residents. A quarter of them, 1,000, ...").
fn near(doc: &Document, t: &Claim, p: &Claim) -> bool {
    t.start == p.start || doc.text.get(t.end..p.start).is_some_and(|gap| gap.len() <= SHARE_REACH && !gap.contains('\n') && !gap.contains(['.', '!', '?']))
}

/// Whether two figures of a share check measure the same thing: they name
/// the same counted thing (or a kind of the people the other counts, by the
/// same measure; or, naming none, the same measure), and the same group when
/// both name one. Unnamed figures are never chained.
fn same_thing(a: &Frame, b: &Frame) -> bool {
    let named = match (a.counted.as_deref(), b.counted.as_deref()) {
        // "Of the 4,000 people evacuated, a quarter were children": a
        // share of people may be a kind of people, measured the same way.
        (Some(x), Some(y)) => x == y || (a.generic || b.generic) && a.measure.is_some() && a.measure == b.measure,
        (None, None) => a.measure.is_some() && a.measure == b.measure,
        _ => false,
    };
    named && same_counted(a, b)
}

/// Whether two figures count the same things: the same counted key (or one
/// a general word for people), the same group when both name one.
fn same_counted(a: &Frame, b: &Frame) -> bool {
    let counted = match (a.counted.as_deref(), b.counted.as_deref()) {
        (Some(x), Some(y)) => x == y || a.generic || b.generic,
        _ => true,
    };
    let group = match (a.group.as_deref(), b.group.as_deref()) {
        (Some(x), Some(y)) => fold(x) == fold(y) || fold(x).starts_with(&fold(y)) || fold(y).starts_with(&fold(x)),
        _ => true,
    };
    counted && group
}

fn is_firm(c: &Claim) -> bool {
    !matches!(c.modality, Modality::Possible | Modality::Hypothetical | Modality::Denied)
}

fn unit_suffix(unit: Option<&str>) -> String {
    match unit {
        None | Some("person") | Some("") => String::new(),
        Some("percent") => "%".into(),
        Some(u) => format!(" {u}"),
    }
}

fn rate_unit(c: &Claim) -> String {
    let mut s = unit_suffix(c.unit.as_deref());
    if let Some(e) = c.per_each.as_deref() {
        s.push('/');
        s.push_str(e);
    }
    if let Some(p) = c.per.as_deref() {
        s.push('/');
        s.push_str(p);
    }
    s
}

fn says_yearly(subject: &str) -> bool {
    let ws: Vec<String> = words(subject).into_iter().map(fold).collect();
    ws.iter().any(|w| YEARLY_WORDS.contains(&w.as_str()))
}

/// How many rate periods make one total period, if they fit.
fn periods(rate: &Figure, total: &Figure) -> Option<f64> {
    let (rp, tp) = (rate.claim.per.as_deref(), total.claim.per.as_deref());
    if rp == tp && !(tp.is_none() && total.yearly()) {
        return Some(1.0);
    }
    let total_yearly = tp == Some("year") || (tp.is_none() && total.yearly());
    if !total_yearly {
        return None;
    }
    match rp {
        Some("month") => Some(12.0),
        Some("week") => Some(52.0),
        Some("day") => Some(365.0),
        Some("year") => Some(1.0),
        _ => None,
    }
}

fn same_kind(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b || (MONEY_FLOWS.contains(&a) && MONEY_FLOWS.contains(&b)),
        _ => true,
    }
}

fn status(computed: f64, stated: f64) -> CheckStatus {
    if (computed - stated).abs() <= TOLERANCE * stated.abs() {
        CheckStatus::Holds
    } else {
        CheckStatus::Fails
    }
}

fn relation(s: CheckStatus) -> &'static str {
    match s {
        CheckStatus::Holds => "≈",
        CheckStatus::Fails => "≠",
    }
}

/// Where a claim's figure is in the text: its quantity, else its sentence.
fn position(doc: &Document, c: &Claim) -> usize {
    c.quantity.and_then(|q| doc.quantities.get(q)).map_or(c.start, |q| q.start)
}

/// The cross-checks of one document.
pub fn check(doc: &Document) -> Vec<Check> {
    check_as(&doc.id, doc)
}

/// The cross-checks of the document with this id, of which `doc` holds
/// the claims, quantities and text (its metadata need not be there).
pub fn check_as(id: &str, doc: &Document) -> Vec<Check> {
    let mut out = checks(id, doc);
    out.retain(|c| {
        c.status == CheckStatus::Holds
            || c.claims.iter().all(|id| doc.claims.iter().find(|x| x.id == *id).is_some_and(is_firm))
    });
    out
}

fn checks(id: &str, doc: &Document) -> Vec<Check> {
    let figures: Vec<Figure> = doc
        .claims
        .iter()
        .filter_map(|c| {
            let value = c.value.filter(|v| v.is_finite())?;
            Some(Figure { claim: c, value, frame: &c.frame })
        })
        .collect();
    let mut out = Vec::new();
    for rate in figures.iter().filter(|f| f.claim.per_each.is_some()) {
        let thing = per_each_key(rate.claim.per_each.as_deref());
        for total in figures.iter().filter(|t| {
            t.claim.per_each.is_none()
                && t.claim.unit == rate.claim.unit
                && same_kind(rate.measure(), t.measure())
                && same_counted(&Frame { counted: None, ..rate.frame.clone() }, &Frame { counted: None, ..t.frame.clone() })
        }) {
            let Some(factor) = periods(rate, total) else { continue };
            let count = figures
                .iter()
                .filter(|c| {
                    !std::ptr::eq(*c, total)
                        && c.claim.per.is_none()
                        && c.claim.per_each.is_none()
                        && c.claim.unit != rate.claim.unit
                        && (c.claim.unit.as_deref() == Some("person") || c.claim.unit.is_none())
                        && c.frame.counted.as_deref() == Some(thing.as_str())
                        && same_counted(c.frame, rate.frame)
                })
                .min_by_key(|c| (position(doc, c.claim).abs_diff(position(doc, total.claim)), position(doc, c.claim)));
            let Some(count) = count else { continue };
            let computed = count.value * rate.value * factor;
            let st = status(computed, total.value);
            let times = if factor == 1.0 { String::new() } else { format!(" × {}", format_number(factor)) };
            let unit = unit_suffix(rate.claim.unit.as_deref());
            out.push(Check {
                kind: "arithmetic".into(),
                doc: id.to_string(),
                claims: vec![count.claim.id.clone(), rate.claim.id.clone(), total.claim.id.clone()],
                expression: format!(
                    "{} × {}{}{times} = {}{unit} {} {}{unit} stated",
                    format_number(count.value),
                    format_number(rate.value),
                    rate_unit(rate.claim),
                    format_number(computed),
                    relation(st),
                    format_number(total.value),
                ),
                computed,
                stated: total.value,
                status: st,
            });
        }
    }
    for pct in figures.iter().filter(|f| f.claim.unit.as_deref() == Some("percent") && f.claim.per.is_none()) {
        let part = figures
            .iter()
            .filter(|p| {
                p.claim.unit.as_deref() != Some("percent")
                    && (p.claim.start, p.claim.end) == (pct.claim.start, pct.claim.end)
                    && p.claim.per.is_none()
                    && p.claim.per_each.is_none()
                    && p.counts_something()
            })
            .min_by_key(|p| {
                let (at, from) = (position(doc, p.claim), position(doc, pct.claim));
                (at < from, at.abs_diff(from), at)
            });
        let Some(part) = part else { continue };
        let total = figures
            .iter()
            .filter(|t| {
                !std::ptr::eq(*t, part)
                    && t.claim.unit == part.claim.unit
                    && t.counts_something()
                    && same_thing(t.frame, part.frame)
                    && t.claim.per.is_none()
                    && t.claim.per_each.is_none()
                    && position(doc, t.claim) < position(doc, pct.claim)
                    && near(doc, t.claim, pct.claim)
                    && t.value > part.value
            })
            .min_by_key(|t| (position(doc, pct.claim) - position(doc, t.claim), position(doc, t.claim)));
        let Some(total) = total else { continue };
        let computed = total.value * pct.value / 100.0;
        let st = status(computed, part.value);
        let unit = unit_suffix(part.claim.unit.as_deref());
        out.push(Check {
            kind: "arithmetic".into(),
            doc: id.to_string(),
            claims: vec![total.claim.id.clone(), pct.claim.id.clone(), part.claim.id.clone()],
            expression: format!(
                "{}% of {}{unit} = {}{unit} {} {}{unit} stated",
                format_number(pct.value),
                format_number(total.value),
                format_number(computed),
                relation(st),
                format_number(part.value),
            ),
            computed,
            stated: part.value,
            status: st,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yearly_totals_take_twelve_months() {
        assert!(says_yearly("annual payments to Pyongyang"));
        assert!(says_yearly("income a year"));
        assert!(!says_yearly("total pay"));
        assert_eq!(unit_suffix(Some("USD")), " USD");
        assert_eq!(unit_suffix(Some("percent")), "%");
        assert_eq!(unit_suffix(Some("person")), "");
        assert!(same_kind(Some("pay"), Some("revenue")));
        assert!(!same_kind(Some("pay"), Some("aid")));
        assert!(same_kind(None, Some("aid")));
        assert_eq!(status(288.0, 280.0), CheckStatus::Holds);
        assert_eq!(status(288.0, 200.0), CheckStatus::Fails);
    }
}
