//! What both renderers show, computed once from a [`Report`]: document
//! lookup, claim intervals and their outliers, the source × topic matrix and
//! the quotes grouped by speaker. Everything here is linear or `n log n` in
//! the size of the report.

use crate::text::{date, num, unit_suffix};
use sitrep_core::report::{Agreement, DocumentSummary, Note, NoteKind, QuoteSummary, Report, Story, Topic, TopicClaim, Verdict};
use sitrep_core::{Bound, Modality, SourceKind};
use std::collections::{HashMap, HashSet};

/// The half-width of the band an approximate figure stands for.
pub(crate) const APPROX: f64 = 0.15;

/// Caps on long lists; what is left out is counted in the output.
pub(crate) const MAX_PLOT_ROWS: usize = 40;
pub(crate) const MAX_CLAIM_ROWS: usize = 200;
pub(crate) const MAX_MATRIX_SOURCES: usize = 60;
pub(crate) const MAX_MATRIX_TOPICS: usize = 12;
pub(crate) const MAX_TIMELINE: usize = 300;
pub(crate) const MAX_ENTITIES: usize = 300;
pub(crate) const MAX_SPEAKERS: usize = 100;
pub(crate) const MAX_QUOTES_PER_SPEAKER: usize = 12;
pub(crate) const MAX_DOCUMENTS: usize = 20_000;
pub(crate) const MAX_DOC_LINKS: usize = 8;

pub(crate) struct View<'a> {
    pub report: &'a Report,
    docs: HashMap<&'a str, usize>,
}

impl<'a> View<'a> {
    pub fn new(report: &'a Report) -> Self {
        let mut docs = HashMap::with_capacity(report.documents.len());
        for (i, d) in report.documents.iter().enumerate() {
            docs.entry(d.id.as_str()).or_insert(i);
        }
        View { report, docs }
    }

    /// The listed document with this id and its position in the list (the
    /// number of its anchor, `doc-N`), when it is listed and not capped away.
    pub fn doc(&self, id: &str) -> Option<(usize, &'a DocumentSummary)> {
        let i = *self.docs.get(id)?;
        (i < MAX_DOCUMENTS).then(|| (i, &self.report.documents[i]))
    }

    /// How a document is named in links: "Outlet, 23 Oct 2024", falling
    /// back on the title and then on the id.
    pub fn doc_label(&self, id: &str) -> String {
        let Some((_, d)) = self.doc(id) else { return id.to_string() };
        let name = d.outlet.as_deref().or(d.title.as_deref()).unwrap_or(&d.id);
        match &d.published {
            Some(p) => format!("{name}, {}", date(p)),
            None => name.to_string(),
        }
    }

    /// The story's name for titles.
    pub fn story(&self) -> &'a str {
        self.report.summary.story.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or("Situation report")
    }

    /// "18 Oct 2024 – 27 Dec 2024", or what is known of it.
    pub fn period(&self) -> Option<String> {
        let s = &self.report.summary;
        match (&s.first_published, &s.last_published) {
            (Some(a), Some(b)) if a == b => Some(date(a)),
            (Some(a), Some(b)) => {
                let (da, db) = (date(a), date(b));
                // "18 Oct – 27 Dec 2024" when both dates share their year.
                let same_year = a.len() == 10 && b.len() == 10 && a.get(..4) == b.get(..4) && da != a.as_str();
                match da.rsplit_once(' ') {
                    Some((day_month, _)) if same_year => Some(format!("{day_month} – {db}")),
                    _ => Some(format!("{da} – {db}")),
                }
            }
            (Some(a), None) | (None, Some(a)) => Some(date(a)),
            (None, None) => None,
        }
    }
}

pub fn agreement_label(a: Agreement) -> &'static str {
    match a {
        Agreement::Consistent => "consistent",
        Agreement::Conflicting => "conflicting",
        Agreement::Single => "single source",
    }
}

pub fn source_kind_label(k: SourceKind) -> &'static str {
    match k {
        SourceKind::Person => "person",
        SourceKind::Organization => "organisation",
        SourceKind::Government => "government",
        SourceKind::Media => "media",
        SourceKind::Anonymous => "anonymous",
        SourceKind::Author => "author",
    }
}

pub fn bound_label(b: Option<Bound>) -> &'static str {
    match b {
        None | Some(Bound::Exact) => "exact",
        Some(Bound::Approx) => "approx.",
        Some(Bound::AtLeast) => "at least",
        Some(Bound::AtMost) => "at most",
        Some(Bound::Range) => "range",
    }
}

pub(crate) const MODALITIES: [Modality; 6] = [
    Modality::Asserted,
    Modality::Estimated,
    Modality::Reported,
    Modality::Possible,
    Modality::Hypothetical,
    Modality::Denied,
];

/// The name a claim's source goes by in the report.
pub fn source_name(c: &TopicClaim) -> &str {
    c.source.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or("unattributed")
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite())
}

/// The bound a claim effectively has: its own, else a range when it has
/// both ends, else exact.
pub(crate) fn effective_bound(c: &TopicClaim) -> Bound {
    c.bound.unwrap_or(match (finite(c.low), finite(c.high)) {
        (Some(_), Some(_)) => Bound::Range,
        _ => Bound::Exact,
    })
}

/// The shape a claim takes on a number line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shape {
    /// A figure; `approx` figures stand for a band of ±15%.
    Point { value: f64, approx: bool },
    Interval { low: f64, high: f64 },
    /// Open towards larger values.
    AtLeast(f64),
    /// Open towards smaller values.
    AtMost(f64),
}

/// A claim's shape, or `None` when it has no usable figure.
pub(crate) fn shape(c: &TopicClaim) -> Option<Shape> {
    let v = finite(c.value);
    match effective_bound(c) {
        Bound::Exact => v.map(|value| Shape::Point { value, approx: false }),
        Bound::Approx => v.map(|value| Shape::Point { value, approx: true }),
        Bound::AtLeast => finite(c.low).or(v).map(Shape::AtLeast),
        Bound::AtMost => finite(c.high).or(v).map(Shape::AtMost),
        Bound::Range => match (finite(c.low), finite(c.high)) {
            (Some(a), Some(b)) => Some(Shape::Interval { low: a.min(b), high: a.max(b) }),
            (a, b) => a.or(b).or(v).map(|value| Shape::Point { value, approx: false }),
        },
    }
}

impl Shape {
    /// The closed interval of values the claim allows (infinite on an
    /// open side).
    pub fn interval(self) -> (f64, f64) {
        match self {
            Shape::Point { value, approx: false } => (value, value),
            Shape::Point { value, approx: true } => {
                let (a, b) = (value * (1.0 - APPROX), value * (1.0 + APPROX));
                (a.min(b), a.max(b))
            }
            Shape::Interval { low, high } => (low, high),
            Shape::AtLeast(v) => (v, f64::INFINITY),
            Shape::AtMost(v) => (f64::NEG_INFINITY, v),
        }
    }

    /// The finite figures the shape shows, for fitting an axis (with some
    /// headroom past an "at least" figure).
    pub fn extent(self) -> [f64; 2] {
        match self {
            Shape::Point { approx: true, .. } | Shape::Interval { .. } => {
                let (a, b) = self.interval();
                [a, b]
            }
            // Room for the arrow of an open upper side.
            Shape::AtLeast(v) => [v, v + v.abs() * 0.5],
            Shape::Point { value, .. } | Shape::AtMost(value) => [value, value],
        }
    }
}

/// A claim's figure as the report writes it: "≤12,000", "~11,000",
/// "≥3,000", "10,000–12,000", with its unit.
pub fn stated(c: &TopicClaim) -> String {
    let unit = unit_suffix(c.unit.as_deref(), c.per.as_deref());
    let figure = match shape(c) {
        None => return "–".into(),
        Some(Shape::Point { value, approx }) => format!("{}{}", if approx { "~" } else { "" }, num(value)),
        Some(Shape::Interval { low, high }) => format!("{}–{}", num(low), num(high)),
        Some(Shape::AtLeast(v)) => format!("≥{}", num(v)),
        Some(Shape::AtMost(v)) => format!("≤{}", num(v)),
    };
    format!("{figure}{unit}")
}

/// A topic's range: "3,000 – 100,000", "12,000" (one value), "≥ 3,000";
/// when fuse gives it no range, "no firm figure" (its claims' figures
/// are all hypothetical or denied) or "no figure" (no claim states one),
/// never a bare dash.
pub fn range_text(t: &Topic) -> String {
    let unit = unit_suffix(t.unit.as_deref(), t.per.as_deref());
    match (finite(t.range.low), finite(t.range.high)) {
        (Some(a), Some(b)) if a == b => format!("{}{unit}", num(a)),
        (Some(a), Some(b)) => format!("{} – {}{unit}", num(a), num(b)),
        (Some(a), None) => format!("≥ {}{unit}", num(a)),
        (None, Some(b)) => format!("≤ {}{unit}", num(b)),
        (None, None) if t.claims.iter().any(|c| shape(c).is_some()) => "no firm figure".into(),
        (None, None) => "no figure".into(),
    }
}

/// Key findings: the indices of the topics that two or more independent
/// sources speak to or that are in conflict (a named source against
/// another in one article), and the indices of the rest (single-source).
pub(crate) fn findings<'a>(topics: impl IntoIterator<Item = &'a Topic>) -> (Vec<usize>, Vec<usize>) {
    let mut found = (Vec::new(), Vec::new());
    for (i, t) in topics.into_iter().enumerate() {
        if t.independent_sources >= 2 || t.agreement == Agreement::Conflicting {
            found.0.push(i);
        } else {
            found.1.push(i);
        }
    }
    found
}

/// Whether a claim is firm (asserted, estimated, reported) rather than
/// hedged (possible, hypothetical, denied).
pub(crate) fn is_firm(c: &TopicClaim) -> bool {
    !matches!(c.modality, Modality::Possible | Modality::Hypothetical | Modality::Denied)
}

/// Sources a finding's strip names at most, firm and hedged each.
pub(crate) const STRIP_SOURCES: usize = 8;
/// Figures shown per source in a strip.
const STRIP_FIGURES: usize = 2;

/// One source of a finding's strip: its name, its distinct figures (at most
/// [`STRIP_FIGURES`]), whether one is an outlier.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Voice {
    pub name: String,
    pub figures: Vec<String>,
    pub outlier: bool,
}

/// Who says what on a topic, firm sources apart from hedged ones, copies
/// left out, in the order the topic lists its claims; each list is cut at
/// [`STRIP_SOURCES`] with the number left out.
pub(crate) fn voices(t: &Topic) -> [(Vec<Voice>, usize); 2] {
    let mut out: [(Vec<Voice>, usize); 2] = [(Vec::new(), 0), (Vec::new(), 0)];
    // The sources counted as left out: a look-up, not a scan (a topic of a
    // large story has thousands of sources).
    let mut seen: [HashSet<&str>; 2] = [HashSet::new(), HashSet::new()];
    for c in t.claims.iter().filter(|c| !c.duplicate) {
        let side = usize::from(!is_firm(c));
        let name = source_name(c);
        let (list, more) = &mut out[side];
        if let Some(v) = list.iter_mut().find(|v| v.name == name) {
            if v.figures.len() < STRIP_FIGURES {
                let figure = stated(c);
                if !v.figures.contains(&figure) {
                    v.figures.push(figure);
                }
            }
            v.outlier |= is_outlier(c);
        } else if list.len() < STRIP_SOURCES {
            list.push(Voice { name: name.to_string(), figures: vec![stated(c)], outlier: is_outlier(c) });
        } else if seen[side].insert(name) {
            *more += 1;
        }
    }
    out
}

/// The ids of the topics an applied analyst correction changed.
pub(crate) fn corrected(report: &Report) -> HashSet<&str> {
    report.overrides.iter().filter(|a| a.applied).flat_map(|a| a.topics.iter().map(String::as_str)).collect()
}

/// The stories of the corpus other than the one a narrowed report shows
/// (none when the report holds several stories or only one).
pub(crate) fn other_stories(report: &Report) -> Vec<&Story> {
    let current: std::collections::HashSet<&str> = report.documents.iter().filter_map(|d| d.story.as_deref()).collect();
    if current.len() != 1 {
        return Vec::new();
    }
    report.stories.iter().filter(|s| !current.contains(s.id.as_str())).collect()
}

/// Whether fuse found a claim an outlier of its topic.
pub(crate) fn is_outlier(c: &TopicClaim) -> bool {
    c.verdict == Verdict::Outlier
}

/// Sources shown by name in one note; the rest are counted.
const NOTE_SOURCES: usize = 6;
/// Figures shown per source in a note.
const NOTE_FIGURES: usize = 3;

/// The claims of a note named by source with their figures: "Pentagon
/// (~11,000, 28 Oct 2024) and NIS (≤12,000)".
fn by_source(t: &Topic, claims: &[usize]) -> String {
    let mut order: Vec<&str> = Vec::new();
    let mut named: HashSet<&str> = HashSet::new();
    let mut figures: HashMap<&str, Vec<String>> = HashMap::new();
    // Each source's figures seen so far: a look-up, not a scan of its list
    // (a source of a large story states thousands of distinct figures).
    let mut seen: HashSet<(&str, String)> = HashSet::new();
    for &i in claims {
        let Some(c) = t.claims.get(i) else { continue };
        let name = source_name(c);
        if named.insert(name) {
            order.push(name);
        }
        // Only the first sources are shown with their figures; the others
        // are counted (a note of a large story has hundreds of sources).
        if !order[..order.len().min(NOTE_SOURCES)].contains(&name) {
            continue;
        }
        let mut f = stated(c);
        if let Some(time) = &c.time {
            f = format!("{f}, {}", date(time));
        }
        let list = figures.entry(name).or_default();
        if seen.insert((name, f.clone())) {
            list.push(f);
        }
    }
    let mut parts: Vec<String> = order
        .iter()
        .take(NOTE_SOURCES)
        .map(|name| {
            let list = &figures[name];
            let mut shown: Vec<String> = list.iter().take(NOTE_FIGURES).cloned().collect();
            if list.len() > NOTE_FIGURES {
                shown.push(format!("{} more", list.len() - NOTE_FIGURES));
            }
            format!("{name} ({})", shown.join("; "))
        })
        .collect();
    if order.len() > NOTE_SOURCES {
        let rest = order.len() - NOTE_SOURCES;
        parts.push(format!("{rest} other {}", if rest == 1 { "source" } else { "sources" }));
    }
    join_names(&parts)
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A note of fuse's as a sentence.
pub(crate) fn note_text(t: &Topic, n: &Note) -> String {
    let text = match n.kind {
        NoteKind::Agree => format!("{}: agree", by_source(t, &n.claims)),
        NoteKind::Single => format!("only {} gives a firm figure for this time", by_source(t, &n.claims)),
        NoteKind::Differs => format!("{}: at odds with {}", by_source(t, &n.claims), by_source(t, &n.against)),
        NoteKind::Revised => format!("{}: replaced by the later {}", by_source(t, &n.claims), by_source(t, &n.against)),
        NoteKind::OtherTime => format!("{}: about another time, not compared", by_source(t, &n.claims)),
        NoteKind::Hedged => {
            let mut kinds: Vec<&str> = n.claims.iter().filter_map(|&i| t.claims.get(i)).map(|c| c.modality.as_str()).collect();
            kinds.sort_unstable();
            kinds.dedup();
            format!("{}: {}, not compared", by_source(t, &n.claims), kinds.join(" or "))
        }
        NoteKind::Copies => {
            let s = if n.claims.len() == 1 { "claim" } else { "claims" };
            format!("{} {s} from copied documents not counted", n.claims.len())
        }
    };
    // A sentence opens with a capital, whatever the source's name.
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// Figures a matrix cell shows at most.
const MAX_CELL_FIGURES: usize = 3;

/// One cell of the source × topic matrix: the source's distinct figures on
/// the topic, each with whether it is an outlier.
pub(crate) struct Cell<'a> {
    /// Original claims first; copies only when the source has no original
    /// claim on the topic.
    pub figures: Vec<(&'a TopicClaim, bool)>,
    /// Distinct figures left out.
    pub more: usize,
}

impl Cell<'_> {
    pub fn outlier(&self) -> bool {
        self.figures.iter().any(|(_, o)| *o)
    }

    pub fn copies_only(&self) -> bool {
        self.figures.iter().all(|(c, _)| c.duplicate)
    }
}

pub(crate) struct SourceRow<'a> {
    pub name: &'a str,
    pub kind: SourceKind,
    pub cells: Vec<Option<Cell<'a>>>,
    filled: usize,
}

/// Sources (rows, most topics first) × the given topics (columns). Returns
/// the rows and the number of sources left out.
pub(crate) fn matrix<'a>(columns: &[&'a DossierTopic]) -> (Vec<SourceRow<'a>>, usize) {
    let mut rows: Vec<SourceRow<'a>> = Vec::new();
    let mut index: HashMap<&'a str, usize> = HashMap::new();
    for (ti, t) in columns.iter().enumerate() {
        for entry in &t.column {
            let r = *index.entry(entry.name.as_str()).or_insert_with(|| {
                rows.push(SourceRow { name: &entry.name, kind: entry.kind, cells: (0..columns.len()).map(|_| None).collect(), filled: 0 });
                rows.len() - 1
            });
            let row = &mut rows[r];
            row.filled += 1;
            let figures = entry.figures.iter().filter_map(|&k| t.topic.claims.get(k)).map(|c| (c, is_outlier(c))).collect();
            row.cells[ti] = Some(Cell { figures, more: entry.more });
        }
    }
    rows.sort_by(|a, b| {
        b.filled.cmp(&a.filled).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())).then_with(|| a.name.cmp(b.name))
    });
    let rest = rows.len().saturating_sub(MAX_MATRIX_SOURCES);
    rows.truncate(MAX_MATRIX_SOURCES);
    (rows, rest)
}

/// What the dossier shows of a topic ([`DossierTopic::of`]): the claims it
/// can show with their sentence, and what it says of all of them, worked
/// out once. A topic of a large story has 100,000 claims, of which the
/// dossier shows a few hundred; a store keeps this beside the topic, so
/// the dossier reads neither the claims nor their sentences again.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DossierTopic {
    /// The topic with only the claims the dossier may show, in the
    /// topic's order (the first [`MAX_CLAIM_ROWS`], the plot's rows and
    /// the matrix's figures), and without its notes (`notes` words them).
    pub(crate) topic: Topic,
    /// How many claims the whole topic has.
    pub(crate) claims: usize,
    /// How many of them state a figure that can be plotted.
    pub(crate) figures: usize,
    /// The topic's range as the report words it ([`range_text`]).
    pub(crate) range: String,
    /// Each of its notes as the report words it ([`note_text`]).
    pub(crate) notes: Vec<String>,
    /// Who says what ([`voices`]): firm, then hedged.
    pub(crate) voices: [(Vec<Voice>, usize); 2],
    /// What the plot's legend explains.
    pub(crate) legend: Legend,
    /// The plot's rows, in its order: places in `topic.claims`.
    pub(crate) plot: Vec<usize>,
    /// The topic's column of the source × topic matrix: a cell for each
    /// source, in the order of their first claims (originals before
    /// copies).
    pub(crate) column: Vec<ColumnCell>,
}

/// What a topic's range plot marks, for its legend.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Legend {
    /// The modalities its claims have, in the fixed order.
    pub modalities: Vec<Modality>,
    /// Whether a figure is approximate; open-ended; a copy's; an outlier.
    pub approx: bool,
    pub open: bool,
    pub copies: bool,
    pub outliers: bool,
}

/// A source's cell in a topic's column of the matrix.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ColumnCell {
    pub name: String,
    /// The kind of the source's first claim on the topic.
    pub kind: SourceKind,
    /// Its distinct figures shown (places in the topic's shown claims).
    pub figures: Vec<usize>,
    /// Distinct figures left out.
    pub more: usize,
}

impl DossierTopic {
    /// What the dossier shows of `t`.
    pub fn of(t: &Topic) -> Self {
        let n = t.claims.len();
        let mut keep = vec![false; n];
        keep[..n.min(MAX_CLAIM_ROWS)].fill(true);
        let plot = crate::html::plot::rows(t);
        for &i in &plot {
            keep[i] = true;
        }
        let column = column(t);
        for cell in &column {
            for &i in &cell.figures {
                keep[i] = true;
            }
        }
        // Each kept claim's place among the kept ones.
        let mut place = vec![usize::MAX; n];
        let mut claims = Vec::new();
        for (i, c) in t.claims.iter().enumerate().filter(|(i, _)| keep[*i]) {
            place[i] = claims.len();
            claims.push(c.clone());
        }
        let has = |f: &dyn Fn(&TopicClaim) -> bool| t.claims.iter().any(f);
        let legend = Legend {
            modalities: crate::html::plot::modalities_in(&t.claims),
            approx: has(&|c| matches!(shape(c), Some(Shape::Point { approx: true, .. }))),
            open: has(&|c| matches!(shape(c), Some(Shape::AtLeast(_) | Shape::AtMost(_)))),
            copies: has(&|c| c.duplicate),
            outliers: has(&|c| is_outlier(c)),
        };
        DossierTopic {
            claims: n,
            figures: t.claims.iter().filter(|c| shape(c).is_some()).count(),
            range: range_text(t),
            notes: t.notes.iter().map(|note| note_text(t, note)).collect(),
            voices: voices(t),
            legend,
            plot: plot.into_iter().map(|i| place[i]).collect(),
            column: column.into_iter().map(|cell| ColumnCell { figures: cell.figures.into_iter().map(|i| place[i]).collect(), ..cell }).collect(),
            topic: Topic {
                id: t.id.clone(),
                story: t.story.clone(),
                label: t.label.clone(),
                frame: t.frame.clone(),
                unit: t.unit.clone(),
                per: t.per.clone(),
                part_of: t.part_of.clone(),
                behaviour: t.behaviour.clone(),
                claims,
                independent_sources: t.independent_sources,
                range: t.range,
                agreement: t.agreement,
                notes: Vec::new(),
            },
        }
    }

    /// Its first claims, those the claims table lists (all of them kept).
    pub(crate) fn first_claims(&self) -> &[TopicClaim] {
        &self.topic.claims[..self.topic.claims.len().min(MAX_CLAIM_ROWS)]
    }
}

/// A topic's column of the source × topic matrix: each source's distinct
/// figures (places in `t.claims`), originals before copies, a copy only
/// when the source has no original.
fn column(t: &Topic) -> Vec<ColumnCell> {
    let mut cells: Vec<ColumnCell> = Vec::new();
    // Each cell's figures as stated, beside it.
    let mut stated_figures: Vec<Vec<String>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    // Originals before copies, so a copy only shows when alone.
    let mut order: Vec<usize> = (0..t.claims.len()).collect();
    order.sort_by_key(|&i| t.claims[i].duplicate);
    for ci in order {
        let c = &t.claims[ci];
        let name = source_name(c);
        let k = *index.entry(name).or_insert_with(|| {
            cells.push(ColumnCell { name: name.to_string(), kind: c.source_kind, figures: Vec::new(), more: 0 });
            stated_figures.push(Vec::new());
            cells.len() - 1
        });
        let (cell, seen) = (&mut cells[k], &mut stated_figures[k]);
        if c.duplicate && !cell.figures.is_empty() {
            continue;
        }
        let figure = stated(c);
        if seen.contains(&figure) {
            continue;
        }
        if cell.figures.len() < MAX_CELL_FIGURES {
            cell.figures.push(ci);
            seen.push(figure);
        } else {
            cell.more += 1;
        }
    }
    cells
}

/// A report's quotes grouped by speaker as the dossier lists them: for each
/// speaker (the unattributed quotes as one group) how many quotes there
/// are and the first [`MAX_QUOTES_PER_SPEAKER`] of them, in report order.
/// Built a quote at a time ([`QuoteGroups::add`]), so a reader can group
/// the quotes of a stored report as it parses them without holding them
/// all: memory follows the speakers, not the quotes.
///
/// What the dossier shows of them is kept as JSON
/// ([`QuoteGroups::to_json`]): the first [`MAX_SPEAKERS`] groups in its
/// order and how many speakers there are, a few hundred kilobytes however
/// many quotes there are, so a store keeps it beside a story's report.
#[derive(Debug, Default)]
pub struct QuoteGroups {
    speakers: HashMap<String, usize>,
    unattributed: Option<usize>,
    groups: Vec<QuoteGroup>,
    /// Groups counted but not held (read back from JSON).
    more: usize,
}

/// The groups the dossier shows, as [`QuoteGroups::to_json`] writes them.
#[derive(serde::Serialize, serde::Deserialize)]
struct ShownGroups {
    /// How many groups there are.
    speakers: usize,
    /// The first [`MAX_SPEAKERS`], in the dossier's order.
    groups: Vec<QuoteGroup>,
}

/// One speaker's quotes in [`QuoteGroups`].
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct QuoteGroup {
    /// The speaker, `None` for unattributed quotes.
    pub speaker: Option<String>,
    /// How many quotes the speaker has.
    pub count: usize,
    /// The first of them (at most [`MAX_QUOTES_PER_SPEAKER`]).
    pub first: Vec<QuoteSummary>,
}

impl QuoteGroups {
    /// No quotes yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The quotes of `report`, grouped.
    pub fn of(report: &Report) -> Self {
        let mut groups = Self::new();
        for q in &report.quotes {
            groups.add(q);
        }
        groups
    }

    /// Count `quote` under its speaker (a blank speaker is none), keeping
    /// a copy when the speaker has fewer than [`MAX_QUOTES_PER_SPEAKER`]
    /// kept (the largest story of a million quotes a million times).
    pub fn add(&mut self, quote: &QuoteSummary) {
        let speaker = quote.speaker.as_deref().filter(|s| !s.trim().is_empty());
        let at = match speaker {
            Some(name) => self.speakers.get(name).copied(),
            None => self.unattributed,
        };
        let at = at.unwrap_or_else(|| {
            let at = self.groups.len();
            match speaker {
                Some(name) => {
                    self.speakers.insert(name.to_string(), at);
                }
                None => self.unattributed = Some(at),
            }
            self.groups.push(QuoteGroup { speaker: speaker.map(str::to_string), count: 0, first: Vec::new() });
            at
        });
        let group = &mut self.groups[at];
        group.count += 1;
        if group.first.len() < MAX_QUOTES_PER_SPEAKER {
            group.first.push(quote.clone());
        }
    }

    /// How many speakers there are (the unattributed quotes counting as one).
    pub(crate) fn speakers(&self) -> usize {
        self.groups.len() + self.more
    }

    /// What the dossier shows of the quotes, as JSON: the first
    /// [`MAX_SPEAKERS`] groups of [`QuoteGroups::sorted`] and how many
    /// there are. [`QuoteGroups::from_json`] reads it back, and the dossier
    /// of either is the same page.
    pub fn to_json(&self) -> String {
        let shown = ShownGroups { speakers: self.speakers(), groups: self.sorted().into_iter().take(MAX_SPEAKERS).cloned().collect() };
        serde_json::to_string(&shown).expect("quote groups serialise")
    }

    /// The quote groups [`QuoteGroups::to_json`] wrote, or why `json` is
    /// not such groups.
    pub fn from_json(json: &str) -> Result<Self, String> {
        let shown: ShownGroups = serde_json::from_str(json).map_err(|e| format!("the quote groups cannot be read: {e}"))?;
        let mut groups = Self { more: shown.speakers.saturating_sub(shown.groups.len()), ..Self::default() };
        for (at, group) in shown.groups.iter().enumerate() {
            match &group.speaker {
                Some(name) => {
                    groups.speakers.insert(name.clone(), at);
                }
                None => groups.unattributed = Some(at),
            }
        }
        groups.groups = shown.groups;
        Ok(groups)
    }

    /// The groups, unattributed last, most quoted first, then by name.
    pub(crate) fn sorted(&self) -> Vec<&QuoteGroup> {
        let mut groups: Vec<&QuoteGroup> = self.groups.iter().collect();
        groups.sort_by(|a, b| {
            a.speaker.is_none()
                .cmp(&b.speaker.is_none())
                .then_with(|| b.count.cmp(&a.count))
                .then_with(|| a.speaker.cmp(&b.speaker))
        });
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::report::Range;

    fn claim(value: f64, bound: Bound, low: Option<f64>, high: Option<f64>) -> TopicClaim {
        TopicClaim {
            doc: "d".into(),
            claim: "c".into(),
            value: Some(value),
            low,
            high,
            bound: Some(bound),
            unit: Some("person".into()),
            per: None,
            source: Some("S".into()),
            spelling: None,
            language: None,
            source_kind: SourceKind::Government,
            modality: Modality::Asserted,
            time: None,
            text: "t".into(),
            start: 0,
            end: 1,
            quantity_text: None,
            duplicate: false,
            verdict: Verdict::Agrees,
            against: vec![],
        }
    }

    fn topic(claims: Vec<TopicClaim>) -> Topic {
        Topic {
            id: "t1".into(),
            story: "s1".into(),
            label: "x".into(),
            frame: Default::default(),
            part_of: None,
            behaviour: "total".into(),
            unit: None,
            per: None,
            claims,
            independent_sources: 0,
            range: Range::default(),
            agreement: Agreement::Conflicting,
            notes: vec![],
        }
    }

    #[test]
    fn figures_carry_their_bound() {
        assert_eq!(stated(&claim(12_000.0, Bound::AtMost, None, Some(12_000.0))), "≤12,000");
        assert_eq!(stated(&claim(3_000.0, Bound::AtLeast, Some(3_000.0), None)), "≥3,000");
        assert_eq!(stated(&claim(11_000.0, Bound::Approx, None, None)), "~11,000");
        assert_eq!(stated(&claim(11_000.0, Bound::Range, Some(10_000.0), Some(12_000.0))), "10,000–12,000");
        let mut pay = claim(2_000.0, Bound::Exact, None, None);
        pay.unit = Some("USD".into());
        pay.per = Some("month".into());
        assert_eq!(stated(&pay), "2,000 USD/month");
    }

    #[test]
    fn a_range_of_one_value_or_none_is_worded() {
        let mut t = topic(vec![claim(12_000.0, Bound::Exact, None, None)]);
        t.range = Range { low: Some(12_000.0), high: Some(12_000.0) };
        assert_eq!(range_text(&t), "12,000");
        // Fuse leaves the range empty when every figure is hedged away.
        t.range = Range::default();
        t.claims[0].modality = Modality::Hypothetical;
        assert_eq!(range_text(&t), "no firm figure");
        t.claims.clear();
        assert_eq!(range_text(&t), "no figure");
    }

    #[test]
    fn a_note_counts_the_sources_it_does_not_name() {
        let named = |n: usize| {
            let claims = (0..n)
                .map(|i| {
                    let mut c = claim(1_000.0 + i as f64, Bound::Exact, None, None);
                    c.source = Some(format!("Source {i}"));
                    c
                })
                .collect();
            by_source(&topic(claims), &(0..n).collect::<Vec<_>>())
        };
        assert!(named(NOTE_SOURCES + 1).ends_with(" and 1 other source"), "{}", named(NOTE_SOURCES + 1));
        assert!(named(NOTE_SOURCES + 2).ends_with(" and 2 other sources"), "{}", named(NOTE_SOURCES + 2));
        assert!(!named(NOTE_SOURCES).contains("other"));
    }

    #[test]
    fn outliers_are_the_claims_fuse_judged_so() {
        let mut far = claim(100_000.0, Bound::Exact, None, None);
        far.verdict = Verdict::Outlier;
        let mut revised = claim(3_000.0, Bound::AtLeast, Some(3_000.0), None);
        revised.verdict = Verdict::Revised;
        let t = topic(vec![claim(12_000.0, Bound::AtMost, None, Some(12_000.0)), revised, far]);
        // The report does not judge figures itself: only fuse's verdict counts.
        assert_eq!(t.claims.iter().map(is_outlier).collect::<Vec<_>>(), vec![false, false, true]);
    }

    #[test]
    fn a_dossier_topic_keeps_the_first_claims_the_plotted_ones_and_each_sources_figures() {
        // 500 claims of one source, dated late, then an early one and a
        // claim of another source, past the claims table's rows.
        let mut claims: Vec<TopicClaim> = (0..500)
            .map(|i| TopicClaim { time: Some("2024-06-01".into()), text: format!("sentence {i}"), ..claim(1_000.0 + (i % 5) as f64, Bound::Exact, None, None) })
            .collect();
        claims.push(TopicClaim { time: Some("2024-01-01".into()), text: "early".into(), ..claim(7.0, Bound::Exact, None, None) });
        claims.push(TopicClaim { source: Some("Other".into()), text: "other".into(), ..claim(9.0, Bound::Approx, None, None) });
        let mut t = topic(claims);
        t.notes = vec![Note { kind: NoteKind::Agree, claims: vec![0, 501], against: vec![] }];
        let shown = DossierTopic::of(&t);
        assert_eq!((shown.claims, shown.figures), (502, 502));
        let texts: Vec<&str> = shown.topic.claims.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts[..MAX_CLAIM_ROWS], (0..MAX_CLAIM_ROWS).map(|i| format!("sentence {i}")).collect::<Vec<_>>());
        assert!(texts.contains(&"early"), "plotted first: it is the earliest");
        assert!(texts.contains(&"other"), "the other source's only figure, in the matrix");
        assert!(shown.topic.claims.len() < 260, "{} claims kept", shown.topic.claims.len());
        assert_eq!(shown.topic.claims[shown.plot[0]].text, "early");
        assert_eq!(shown.plot.len(), MAX_PLOT_ROWS);
        // S states six figures: three shown, and each claim of the others
        // counted (200 of 1,003 and 1,004, the early 7); Other one.
        let cells: Vec<(&str, usize, usize)> = shown.column.iter().map(|c| (c.name.as_str(), c.figures.len(), c.more)).collect();
        assert_eq!(cells, [("S", 3, 201), ("Other", 1, 0)]);
        assert_eq!(shown.notes, [note_text(&t, &t.notes[0])]);
        assert!(shown.topic.notes.is_empty());
        assert_eq!(shown.range, range_text(&t));
        assert_eq!((shown.legend.modalities.as_slice(), shown.legend.approx, shown.legend.copies), (&[Modality::Asserted][..], true, false));
        // Kept as JSON, it reads back the same.
        let back: DossierTopic = serde_json::from_str(&serde_json::to_string(&shown).unwrap()).unwrap();
        assert_eq!(back, shown);
    }

    #[test]
    fn quote_groups_kept_as_json_render_the_same_dossier() {
        let q = |speaker: Option<String>, text: String| QuoteSummary { doc: "d".into(), speaker, text, direct: false, start: 0, end: 1 };
        // More speakers than the dossier shows, the first quoted most.
        let mut report = Report::default();
        for s in 0..MAX_SPEAKERS + 7 {
            for k in 0..(MAX_SPEAKERS + 7 - s).min(MAX_QUOTES_PER_SPEAKER + 3) {
                report.quotes.push(q(Some(format!("Speaker {s}")), format!("quote {k} of {s} <b>")));
            }
        }
        report.quotes.push(q(None, "unattributed".into()));
        let groups = QuoteGroups::of(&report);
        let json = groups.to_json();
        let back = QuoteGroups::from_json(&json).unwrap();
        assert_eq!(back.speakers(), MAX_SPEAKERS + 8);
        assert_eq!(back.groups.len(), MAX_SPEAKERS, "only the groups shown are kept");
        let page = crate::html::render(&report, &[], &groups);
        assert!(page.contains("8 more speakers are not shown"));
        assert!(page == crate::html::render(&report, &[], &back));
        assert_eq!(back.to_json(), json);
        // No quotes, and something that is not quote groups.
        let none = QuoteGroups::from_json(&QuoteGroups::new().to_json()).unwrap();
        assert!(crate::html::render(&Report::default(), &[], &none) == crate::html::render(&Report::default(), &[], &QuoteGroups::new()));
        assert!(QuoteGroups::from_json("[1]").is_err());
        assert!(QuoteGroups::from_json("").is_err());
    }

    #[test]
    fn quote_groups_count_every_quote_and_keep_the_first_of_each_speaker() {
        let q = |speaker: Option<&str>, text: &str| QuoteSummary { doc: "d".into(), speaker: speaker.map(str::to_string), text: text.into(), direct: true, start: 0, end: 1 };
        let mut groups = QuoteGroups::new();
        groups.add(&q(Some(" "), "blank"));
        for k in 0..20 {
            groups.add(&q(Some("Kim"), &format!("k{k}")));
        }
        groups.add(&q(None, "none"));
        groups.add(&q(Some("Ahn"), "a"));
        groups.add(&q(Some("Cho"), "c"));
        let sorted = groups.sorted();
        let names: Vec<Option<&str>> = sorted.iter().map(|g| g.speaker.as_deref()).collect();
        assert_eq!(names, [Some("Kim"), Some("Ahn"), Some("Cho"), None]);
        assert_eq!(sorted[0].count, 20);
        assert_eq!(sorted[0].first.len(), MAX_QUOTES_PER_SPEAKER);
        assert_eq!(sorted[0].first[11].text, "k11");
        let texts: Vec<&str> = sorted[3].first.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(texts, ["blank", "none"], "a blank speaker is no speaker");
    }

}
