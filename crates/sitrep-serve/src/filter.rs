//! The query strings of the topic, claims, search and timeline views:
//! parsed once, applied the same way by the pages and the JSON API.

use serde::Serialize;
use sitrep_core::report::{Topic, TopicClaim};
use sitrep_report::{source_kind_label, source_name};
use std::cmp::Ordering;
use std::collections::HashMap;

/// A query string's parameters.
pub(crate) type Params = HashMap<String, String>;

/// A non-empty parameter, trimmed.
pub(crate) fn param<'a>(p: &'a Params, key: &str) -> Option<&'a str> {
    p.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// Case-insensitive `needle in hay`.
pub(crate) fn contains(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(&needle.to_lowercase())
}

/// A date bound as `YYYY-MM-DD` (or a shorter prefix of one), else `None`.
fn day(p: &Params, key: &str) -> Option<String> {
    let v = param(p, key)?;
    let ok = v.len() <= 10 && v.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    ok.then(|| v.to_string())
}

/// Whether an ISO date (any precision) lies within `from..=to` (day
/// strings; a bound compares on the date's own precision).
pub(crate) fn in_dates(date: Option<&str>, from: Option<&str>, to: Option<&str>) -> bool {
    if from.is_none() && to.is_none() {
        return true;
    }
    let Some(d) = date else { return false };
    from.is_none_or(|f| d >= f || f.starts_with(d)) && to.is_none_or(|t| d <= t || d.starts_with(t))
}

/// The columns a topic's claims sort by.
pub(crate) const SORTS: [(&str, &str); 7] = [
    ("source", "Source"),
    ("kind", "Kind"),
    ("figure", "Figure"),
    ("bound", "Bound"),
    ("modality", "Modality"),
    ("date", "Date"),
    ("verdict", "Verdict"),
];

/// The filters and order of a topic's claims.
#[derive(Debug, Default, Clone, Serialize)]
pub(crate) struct ClaimFilter {
    /// Source name contains this (case-insensitive).
    pub source: Option<String>,
    /// Source kind label (`government`, `media`, ...).
    pub kind: Option<String>,
    /// Modality (`asserted`, `estimated`, ...).
    pub modality: Option<String>,
    /// Claims dated on or after this day.
    pub from: Option<String>,
    /// Claims dated on or before this day.
    pub to: Option<String>,
    /// Column to sort by (one of [`SORTS`]); the topic's order when `None`.
    pub sort: Option<String>,
    /// Descending order.
    pub desc: bool,
    /// The page of [`PAGE`] claims shown, from 1.
    pub page: usize,
}

/// Claims a topic page (and its JSON) shows at once.
pub(crate) const PAGE: usize = 50;

impl ClaimFilter {
    pub fn parse(p: &Params) -> ClaimFilter {
        let own = |k: &str| param(p, k).map(str::to_string);
        ClaimFilter {
            source: own("source"),
            kind: own("kind"),
            modality: own("modality"),
            from: day(p, "from"),
            to: day(p, "to"),
            sort: param(p, "sort").filter(|s| SORTS.iter().any(|(k, _)| k == s)).map(str::to_string),
            desc: param(p, "dir") == Some("desc"),
            page: param(p, "page").and_then(|n| n.parse().ok()).filter(|&n| n >= 1).unwrap_or(1),
        }
    }

    pub fn keeps(&self, c: &TopicClaim) -> bool {
        self.source.as_deref().is_none_or(|s| contains(source_name(c), s))
            && self.kind.as_deref().is_none_or(|k| source_kind_label(c.source_kind) == k)
            && self.modality.as_deref().is_none_or(|m| c.modality.as_str() == m)
            && in_dates(c.time.as_deref(), self.from.as_deref(), self.to.as_deref())
    }

    /// Whether the filter leaves out or reorders any claim.
    pub fn narrows(&self) -> bool {
        self.source.is_some() || self.kind.is_some() || self.modality.is_some() || self.from.is_some() || self.to.is_some() || self.sort.is_some()
    }

    /// The topic's claims this filter keeps, in its order, with their
    /// index in the topic.
    pub fn apply<'t>(&self, t: &'t Topic) -> Vec<(usize, &'t TopicClaim)> {
        let mut rows: Vec<(usize, &TopicClaim)> = t.claims.iter().enumerate().filter(|(_, c)| self.keeps(c)).collect();
        if self.sort.as_deref() == Some("source") {
            rows.sort_by_cached_key(|(_, c)| source_name(c).to_lowercase());
            if self.desc {
                rows.reverse();
            }
        } else if let Some(col) = &self.sort {
            rows.sort_by(|a, b| {
                let o = compare(col, a.1, b.1);
                if self.desc {
                    o.reverse()
                } else {
                    o
                }
            });
        }
        rows
    }

    /// The query string of this filter, starting with `?`, with `sort`/`dir`
    /// replaced (for column headers: back to page 1) or `page` replaced.
    pub fn query(&self, sort: Option<(&str, bool)>, page: Option<usize>) -> String {
        let (sort, desc, page) = match sort {
            Some((s, d)) => (Some(s), d, 1),
            None => (self.sort.as_deref(), self.desc, page.unwrap_or(self.page)),
        };
        let page = (page > 1).then(|| page.to_string());
        let pairs = [
            ("source", self.source.as_deref()),
            ("kind", self.kind.as_deref()),
            ("modality", self.modality.as_deref()),
            ("from", self.from.as_deref()),
            ("to", self.to.as_deref()),
            ("sort", sort),
            ("dir", desc.then_some("desc")),
            ("page", page.as_deref()),
        ];
        query_string(&pairs)
    }
}

/// `?a=1&b=2` of the pairs that have a value ("" when none has).
pub(crate) fn query_string(pairs: &[(&str, Option<&str>)]) -> String {
    let parts: Vec<String> = pairs.iter().filter_map(|(k, v)| v.map(|v| format!("{k}={}", encode(v)))).collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// A claim's lowest figure, for sorting by figure.
fn figure(c: &TopicClaim) -> f64 {
    c.value.or(c.low).or(c.high).filter(|v| v.is_finite()).unwrap_or(f64::NEG_INFINITY)
}

fn compare(col: &str, a: &TopicClaim, b: &TopicClaim) -> Ordering {
    match col {
        "kind" => source_kind_label(a.source_kind).cmp(source_kind_label(b.source_kind)),
        "figure" => figure(a).total_cmp(&figure(b)),
        "bound" => sitrep_report::bound_label(a.bound).cmp(sitrep_report::bound_label(b.bound)),
        "modality" => a.modality.as_str().cmp(b.modality.as_str()),
        "date" => a.time.cmp(&b.time),
        _ => a.verdict.as_str().cmp(b.verdict.as_str()),
    }
}

/// Percent-encodes everything but unreserved characters, for a path
/// segment or a query value.
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_ids_into_one_segment() {
        assert_eq!(encode("https://a.example/x y?z"), "https%3A%2F%2Fa.example%2Fx%20y%3Fz");
        assert_eq!(encode("doc-1_a.b~"), "doc-1_a.b~");
    }

    #[test]
    fn dates_compare_on_their_precision() {
        assert!(in_dates(Some("2024-10-18"), Some("2024-10-01"), Some("2024-10-31")));
        assert!(!in_dates(Some("2024-11-02"), None, Some("2024-10-31")));
        assert!(in_dates(Some("2024-10"), Some("2024-10-15"), None));
        assert!(!in_dates(None, Some("2024-10-15"), None));
        assert!(in_dates(None, None, None));
    }

    #[test]
    fn junk_parameters_are_ignored() {
        let p: Params = [("sort", "nope"), ("from", "<script>"), ("dir", "desc"), ("source", " Pentagon ")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let f = ClaimFilter::parse(&p);
        assert_eq!((f.sort, f.from, f.desc, f.source.as_deref()), (None, None, true, Some("Pentagon")));
    }
}
