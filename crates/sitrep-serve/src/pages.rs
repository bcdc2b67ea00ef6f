//! The HTML pages. Each renders the data its `/api/` twin returns; every
//! text from the store goes through `esc`, and links are built from
//! percent-encoded ids or `safe_url` (http and https only).

use crate::api::{self, St};
use crate::filter::{encode, param, query_string, ClaimFilter, Params, PAGE, SORTS};
use crate::page::{html, Page};
use crate::state::{Snapshot, StoryRef, TopicRef};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use sitrep_core::report::{Agreement, CheckStatus, Report, TimelineEntry, Topic, TopicClaim, Verdict};
use sitrep_core::Modality;
use sitrep_report::{agreement_label, bound_label, date, date_label, esc, esc_into, marked, num, range_text, safe_url, source_kind_label, source_name, stated, truncate};
use std::collections::HashMap;
use std::fmt::Write;

/// Rows a dossier section lists before pointing to the full view.
const SECTION_ROWS: usize = 40;
/// Rows any list shows at most.
const MAX_ROWS: usize = 500;

/// The page of a document, with `mark` (byte offsets of a sentence)
/// highlighted and scrolled to.
pub(crate) fn doc_href(id: &str, mark: Option<(usize, usize)>) -> String {
    match mark {
        Some((a, b)) => format!("/documents/{}?mark={a}-{b}#hl", encode(id)),
        None => format!("/documents/{}", encode(id)),
    }
}

fn entity_href(name: &str) -> String {
    format!("/entities/{}", encode(name))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", num(n as f64), if n == 1 { one } else { many })
}

/// The agreement as a badge: a symbol and a word beside the colour.
fn agreement_badge(out: &mut String, a: Agreement) {
    let (class, sign) = match a {
        Agreement::Consistent => ("consistent", "="),
        Agreement::Conflicting => ("conflicting", "≠"),
        Agreement::Single => ("single", "1"),
    };
    w!(out, r#"<span class="badge b-{class}"><span aria-hidden="true">{sign}</span> {}</span>"#, agreement_label(a));
}

/// A modality as a shape and a word (the plot's marker shapes).
fn modality(out: &mut String, m: Modality) {
    let sign = match m {
        Modality::Asserted => "●",
        Modality::Estimated => "◆",
        Modality::Reported => "■",
        Modality::Possible => "○",
        Modality::Hypothetical => "◇",
        Modality::Denied => "✕",
    };
    w!(out, r#"<span class="mod m-{0}"><span aria-hidden="true">{sign}</span> {0}</span>"#, m.as_str());
}

fn empty(out: &mut String, text: &str) {
    w!(out, r#"<p class="empty">{}</p>"#, esc(text));
}

/// "12 more topics" (or "1 more topic") when `total` is past `shown`.
fn more(out: &mut String, shown: usize, total: usize, (one, many): (&str, &str), href: Option<&str>) {
    if total > shown {
        w!(out, r#"<p class="more">{}"#, plural(total - shown, &format!("more {one}"), &format!("more {many}")));
        if let Some(h) = href {
            w!(out, r#" — <a href="{}">see all</a>"#, esc(h));
        }
        out.push_str(".</p>");
    }
}

/// A link to a document named by outlet and date, else title, else id.
pub(crate) fn doc_link(out: &mut String, snap: &Snapshot, id: &str, mark: Option<(usize, usize)>) {
    let label = match snap.summary(id) {
        Some(d) => {
            let name = d.outlet.as_deref().or(d.title.as_deref()).unwrap_or(&d.id);
            match &d.published {
                Some(p) => format!("{name}, {}", date(p)),
                None => name.to_string(),
            }
        }
        None => id.to_string(),
    };
    w!(out, r#"<a class="doc" href="{}">{}</a>"#, esc(&doc_href(id, mark)), esc(&truncate(&label, 60)));
}

fn page(snap: &Snapshot, p: Page) -> Response {
    html(StatusCode::OK, p.finish(snap.generation))
}

pub(crate) async fn not_found() -> Response {
    let mut p = Page::new("Not found", None);
    p.body.push_str(r#"<h1>Not found</h1><p>Nothing is here. <a href="/">See the stories</a>.</p>"#);
    html(StatusCode::NOT_FOUND, p.finish(0))
}

// ---------------------------------------------------------------- stories

pub(crate) async fn stories(State(app): St) -> Response {
    let snap = app.now();
    let v = api::stories_view(&snap);
    let mut p = Page::new("Stories", Some("/api/stories".into()));
    let out = &mut p.body;
    w!(out, "<h1>Stories</h1><p class=\"lede\">{} in {}, largest first.</p>", plural(v.documents, "document", "documents"), plural(v.stories.len(), "story", "stories"));
    if v.stories.is_empty() {
        empty(out, "The store holds no documents yet.");
    } else {
        out.push_str(r#"<div class="scroll"><table class="stack"><thead><tr><th scope="col">Story</th><th scope="col" class="num">Documents</th><th scope="col" class="num">Independent</th><th scope="col" class="num">Topics</th><th scope="col">Period</th></tr></thead><tbody>"#);
        for s in v.stories.iter().take(MAX_ROWS) {
            w!(
                out,
                r#"<tr><td><a href="/stories/{}">{}</a></td><td class="num" data-label="Documents">{}</td><td class="num" data-label="Independent">{}</td><td class="num" data-label="Topics">{}</td><td data-label="Period">{}</td></tr>"#,
                encode(&s.id),
                esc(&s.label),
                num(s.documents.len() as f64),
                num(s.independent_documents as f64),
                num(s.topics.len() as f64),
                esc(&period(s.first_published.as_deref(), s.last_published.as_deref()))
            );
        }
        out.push_str("</tbody></table></div>");
        more(out, MAX_ROWS, v.stories.len(), ("story", "stories"), None);
    }
    page(&snap, p)
}

fn period(a: Option<&str>, b: Option<&str>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if a == b => date(a),
        (Some(a), Some(b)) => format!("{} – {}", date(a), date(b)),
        (Some(a), None) | (None, Some(a)) => date(a),
        (None, None) => "–".into(),
    }
}

// ---------------------------------------------------------------- dossier

pub(crate) async fn story(State(app): St, Path(id): Path<String>) -> Response {
    let snap = app.now();
    let Some(story) = snap.story(&id) else { return not_found().await };
    html(StatusCode::OK, dossier(&snap, story))
}

fn dossier(snap: &Snapshot, r: StoryRef) -> String {
    let (id, label) = (r.id, r.label());
    let mut p = Page::new(label, Some(format!("/api/stories/{}", encode(id))));
    let out = &mut p.body;
    let s = r.summary();
    w!(out, r#"<p class="kicker">Story</p><h1>{}</h1><p class="lede">"#, esc(label));
    w!(
        out,
        "{} ({} independent) from {} · {} · {}: {} conflicting, {} consistent, {} single-source</p>",
        plural(s.documents, "document", "documents"),
        num(s.independent_documents as f64),
        plural(s.outlets.len(), "outlet", "outlets"),
        esc(&period(s.first_published.as_deref(), s.last_published.as_deref())),
        plural(r.topics().len(), "topic", "topics"),
        s.conflicting_topics,
        s.consistent_topics,
        s.single_source_topics
    );
    out.push_str(r##"<nav class="sections" aria-label="Sections"><a href="#findings">Key findings</a><a href="#topics">Topics</a><a href="#matrix">Sources × topics</a><a href="#checks">Checks</a><a href="#timeline">Timeline</a><a href="#people">People</a><a href="#quotes">Quotes</a><a href="#sources">Sources</a></nav>"##);

    out.push_str(r#"<section id="findings"><h2>Key findings</h2>"#);
    let cross: Vec<&Topic> = r.topics().iter().filter(|t| t.independent_sources >= 2).collect();
    if cross.is_empty() {
        empty(out, "No figure is given by two independent sources; every figure is listed under Topics.");
    } else {
        out.push_str(r#"<ul class="findings">"#);
        for t in cross.iter().take(SECTION_ROWS) {
            out.push_str("<li>");
            agreement_badge(out, t.agreement);
            w!(
                out,
                r#" <a href="/topics/{}">{}</a> <span class="range">{}</span> <span class="meta">{}</span></li>"#,
                encode(&t.id),
                esc(&t.label),
                esc(&range_text(t)),
                plural(t.independent_sources, "independent source", "independent sources")
            );
        }
        out.push_str("</ul>");
        more(out, SECTION_ROWS, cross.len(), ("finding", "findings"), None);
    }
    out.push_str("</section>");

    out.push_str(r#"<section id="topics"><h2>Topics</h2>"#);
    if r.topics().is_empty() {
        empty(out, "No figures were found on which sources could be compared.");
    } else {
        out.push_str(r#"<div class="scroll"><table class="stack"><thead><tr><th scope="col">Topic</th><th scope="col">Agreement</th><th scope="col">Range</th><th scope="col" class="num">Sources</th><th scope="col" class="num">Claims</th></tr></thead><tbody>"#);
        for t in r.topics().iter().take(MAX_ROWS) {
            w!(out, r#"<tr><td><a href="/topics/{}">{}</a></td><td data-label="Agreement">"#, encode(&t.id), esc(&t.label));
            agreement_badge(out, t.agreement);
            w!(
                out,
                r#"</td><td class="nowrap" data-label="Range">{}</td><td class="num" data-label="Independent sources">{}</td><td class="num" data-label="Claims">{}</td></tr>"#,
                esc(&range_text(t)),
                t.independent_sources,
                t.claims.len()
            );
        }
        out.push_str("</tbody></table></div>");
        more(out, MAX_ROWS, r.topics().len(), ("topic", "topics"), None);
    }
    out.push_str("</section>");

    matrix(out, r);
    checks(out, snap, r);

    out.push_str(r#"<section id="timeline"><h2>Timeline</h2>"#);
    timeline_list(out, snap, r.timeline().iter(), SECTION_ROWS);
    more(out, SECTION_ROWS, r.timeline().len(), ("entry", "entries"), Some(&format!("/timeline?story={}", encode(id))));
    out.push_str("</section>");

    out.push_str(r#"<section id="people"><h2>People and organisations</h2>"#);
    let mut ents: Vec<_> = r.entities().iter().filter(|e| matches!(e.kind, sitrep_core::EntityKind::Person | sitrep_core::EntityKind::Organization)).collect();
    ents.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.name.cmp(&b.name)));
    if ents.is_empty() {
        empty(out, "No people or organisations were found.");
    } else {
        out.push_str(r#"<ul class="chips">"#);
        for e in ents.iter().take(SECTION_ROWS * 2) {
            w!(out, r#"<li><a href="{}">{}</a> <span class="meta">{} · {}</span></li>"#, esc(&entity_href(&e.name)), esc(&e.name), kind_label(e.kind), plural(e.mentions, "mention", "mentions"));
        }
        out.push_str("</ul>");
        more(out, SECTION_ROWS * 2, ents.len(), ("person or organisation", "people and organisations"), None);
    }
    out.push_str("</section>");

    out.push_str(r#"<section id="quotes"><h2>Quotes</h2>"#);
    if r.quotes().is_empty() {
        empty(out, "No quotes were found.");
    } else {
        for q in r.quotes().iter().take(SECTION_ROWS) {
            quote(out, snap, q);
        }
        more(out, SECTION_ROWS, r.quotes().len(), ("quote", "quotes"), None);
    }
    out.push_str("</section>");

    out.push_str(r#"<section id="sources"><h2>Sources</h2>"#);
    documents_table(out, r.documents().iter().take(MAX_ROWS));
    more(out, MAX_ROWS, r.documents().len(), ("document", "documents"), None);
    out.push_str("</section>");
    p.finish(snap.generation)
}

fn kind_label(k: sitrep_core::EntityKind) -> &'static str {
    match k {
        sitrep_core::EntityKind::Organization => "organisation",
        k => k.as_str(),
    }
}

fn quote(out: &mut String, snap: &Snapshot, q: &sitrep_core::report::QuoteSummary) {
    w!(out, r#"<blockquote class="quote"><p><span class="tag">{}</span> "#, if q.direct { "direct" } else { "reported" });
    if q.direct {
        w!(out, "“{}”", esc(q.text.trim_matches(|c| matches!(c, '"' | '“' | '”'))));
    } else {
        esc_into(out, &q.text);
    }
    out.push_str(r#"</p><p class="src">"#);
    match q.speaker.as_deref() {
        Some(s) if snap.is_entity(s) => w!(out, r#"<a href="{}">{}</a>"#, esc(&entity_href(s)), esc(s)),
        Some(s) => esc_into(out, s),
        None => out.push_str("Unattributed"),
    }
    out.push_str(" · ");
    doc_link(out, snap, &q.doc, Some((q.start, q.end)));
    out.push_str("</p></blockquote>");
}

fn documents_table<'a>(out: &mut String, docs: impl Iterator<Item = &'a sitrep_core::report::DocumentSummary>) {
    out.push_str(r#"<div class="scroll"><table class="stack"><thead><tr><th scope="col">Title</th><th scope="col">Outlet</th><th scope="col">Published</th></tr></thead><tbody>"#);
    for d in docs {
        w!(out, r#"<tr><td><a href="{}">{}</a>"#, esc(&doc_href(&d.id, None)), esc(d.title.as_deref().unwrap_or("(untitled)")));
        if d.duplicate_of.is_some() {
            out.push_str(r#" <span class="tag">copy</span>"#);
        }
        w!(
            out,
            r#"</td><td data-label="Outlet">{}</td><td class="nowrap" data-label="Published">{}</td></tr>"#,
            esc(d.outlet.as_deref().unwrap_or("–")),
            esc(&d.published.as_deref().map(date).unwrap_or_else(|| "–".into()))
        );
    }
    out.push_str("</tbody></table></div>");
}

/// Topics and sources the matrix shows at most.
const MATRIX_TOPICS: usize = 10;
const MATRIX_SOURCES: usize = 40;

fn matrix(out: &mut String, r: StoryRef) {
    out.push_str(r#"<section id="matrix"><h2>Sources × topics</h2>"#);
    // The topics two or more independent sources give figures on first.
    let (mut topics, rest): (Vec<&Topic>, Vec<&Topic>) = r.topics().iter().partition(|t| t.independent_sources >= 2);
    topics.extend(rest);
    topics.truncate(MATRIX_TOPICS);
    let mut order: Vec<&str> = Vec::new();
    let mut cells: HashMap<&str, Vec<Vec<&TopicClaim>>> = HashMap::new();
    for (ti, t) in topics.iter().enumerate() {
        for c in &t.claims {
            let name = source_name(c);
            let row = cells.entry(name).or_insert_with(|| {
                order.push(name);
                vec![Vec::new(); topics.len()]
            });
            row[ti].push(c);
        }
    }
    if order.is_empty() {
        empty(out, "No source makes a claim on any topic.");
        out.push_str("</section>");
        return;
    }
    order.sort_by_key(|n| std::cmp::Reverse(cells[n].iter().filter(|c| !c.is_empty()).count()));
    out.push_str(r#"<p class="lede">What each source says on each topic; <b>≠</b> marks a figure that conflicts with most sources.</p><div class="scroll"><table class="matrix stack"><thead><tr><th scope="col">Source</th>"#);
    for t in &topics {
        w!(out, r#"<th scope="col"><a href="/topics/{}">{}</a></th>"#, encode(&t.id), esc(&truncate(&t.label, 40)));
    }
    out.push_str("</tr></thead><tbody>");
    for name in order.iter().take(MATRIX_SOURCES) {
        w!(out, r#"<tr><th scope="row">{}</th>"#, esc(name));
        for (ti, claims) in cells[name].iter().enumerate() {
            if claims.is_empty() {
                out.push_str(r#"<td class="none"><span class="vh">nothing</span>·</td>"#);
                continue;
            }
            w!(out, r#"<td data-label="{}">"#, esc(&truncate(&topics[ti].label, 40)));
            for (k, c) in claims.iter().take(3).enumerate() {
                if k > 0 {
                    out.push_str("<br>");
                }
                let out_ = c.verdict == Verdict::Outlier;
                w!(
                    out,
                    r#"<a href="/topics/{}?source={}"{}>{}{}</a>"#,
                    encode(&topics[ti].id),
                    encode(name),
                    if out_ { r#" class="out""# } else { "" },
                    if out_ { "≠ " } else { "" },
                    esc(&stated(c))
                );
            }
            if claims.len() > 3 {
                w!(out, r#" <span class="meta">+{}</span>"#, claims.len() - 3);
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    more(out, MATRIX_SOURCES, order.len(), ("source", "sources"), None);
    more(out, MATRIX_TOPICS, r.topics().len(), ("topic (see Topics)", "topics (see Topics)"), None);
    out.push_str("</section>");
}

fn checks(out: &mut String, snap: &Snapshot, r: StoryRef) {
    out.push_str(r#"<section id="checks"><h2>Arithmetic checks</h2>"#);
    if r.checks().is_empty() {
        empty(out, "No document states figures that could be checked against each other.");
    } else {
        out.push_str("<ul class=\"checks\">");
        for c in r.checks().iter().take(SECTION_ROWS) {
            let (class, label) = match c.status {
                CheckStatus::Holds => ("holds", "✓ holds"),
                CheckStatus::Fails => ("fails", "✕ fails"),
            };
            w!(out, r#"<li><span class="badge b-{class}">{label}</span> <code>{}</code> <span class="meta">computed {} · stated {}</span> "#, esc(&c.expression), esc(&num(c.computed)), esc(&num(c.stated)));
            doc_link(out, snap, &c.doc, None);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
        more(out, SECTION_ROWS, r.checks().len(), ("check", "checks"), None);
    }
    out.push_str("</section>");
}

fn timeline_list<'a>(out: &mut String, snap: &Snapshot, entries: impl ExactSizeIterator<Item = &'a TimelineEntry>, max: usize) {
    if entries.len() == 0 {
        empty(out, "No dated events were found.");
        return;
    }
    out.push_str(r#"<ol class="timeline">"#);
    for e in entries.take(max) {
        w!(out, r#"<li><time datetime="{}">{}</time>"#, esc(&e.date), esc(&date_label(&e.date, e.precision)));
        if e.expected {
            out.push_str(r#" <span class="tag">expected</span>"#);
        }
        out.push_str("<p>");
        marked(out, &e.text, Some(&e.when));
        out.push_str(r#"</p><p class="src">"#);
        doc_link(out, snap, &e.doc, Some((e.start, e.end)));
        if e.docs.len() > 1 {
            w!(out, r#" <span class="meta">and {}</span>"#, plural(e.docs.len() - 1, "more document", "more documents"));
        }
        out.push_str("</p></li>");
    }
    out.push_str("</ol>");
}

// ---------------------------------------------------------------- topic

pub(crate) async fn topic(State(app): St, Path(id): Path<String>, Query(params): Query<Params>) -> Response {
    let snap = app.now();
    let Some(tr) = snap.topic(&id) else { return not_found().await };
    let t = tr.topic;
    let filter = ClaimFilter::parse(&params);
    let v = api::topic_view(tr, filter.clone());
    let mut p = Page::new(t.label.clone(), Some(format!("/api/topics/{}{}", encode(&t.id), filter.query(None, None))));
    let out = &mut p.body;
    if let Some(s) = snap.story(&t.story) {
        w!(out, r#"<p class="kicker"><a href="/stories/{}">{}</a> › topic</p>"#, encode(&t.story), esc(s.label()));
    }
    w!(out, "<h1>{}</h1><p class=\"lede\">", esc(&t.label));
    agreement_badge(out, t.agreement);
    w!(out, " Range <b>{}</b> · {} · {}</p>", esc(&range_text(t)), plural(t.independent_sources, "independent source", "independent sources"), plural(t.claims.len(), "claim", "claims"));
    if !v.topic.notes.is_empty() {
        out.push_str(r#"<ul class="notes">"#);
        for n in v.topic.notes {
            w!(out, "<li>{}</li>", esc(n));
        }
        out.push_str("</ul>");
    }
    let editable = app.config.allow_ingest;
    crate::correct::applied(out, &snap, tr, editable);
    filter_form(out, tr, &filter);
    let first = (filter.page - 1) * PAGE;
    w!(
        out,
        r#"<p class="meta" id="shown" aria-live="polite">{} of {} match{}</p>"#,
        plural(v.matched, "claim", "claims"),
        num(t.claims.len() as f64),
        if v.pages > 1 { format!("; claims {}–{} on this page.", first + 1, first + v.claims.len()) } else { ".".into() }
    );
    // The plot reads the label, unit, rate and claims: the rest is not copied.
    let shown = Topic {
        id: t.id.clone(),
        story: t.story.clone(),
        label: t.label.clone(),
        frame: t.frame.clone(),
        unit: t.unit.clone(),
        per: t.per.clone(),
        part_of: None,
        behaviour: String::new(),
        claims: v.claims.iter().map(|c| c.claim.clone()).collect(),
        independent_sources: t.independent_sources,
        range: t.range,
        agreement: t.agreement,
        notes: Vec::new(),
    };
    // The plot names each row's outlet: it is given only the documents of
    // this page's claims, not the whole report's.
    let mut seen = std::collections::HashSet::new();
    let docs = shown.claims.iter().filter(|c| seen.insert(c.doc.as_str())).filter_map(|c| snap.summary(&c.doc)).cloned().collect();
    let named = Report { documents: docs, ..Report::default() };
    let plot = sitrep_report::topic_plot(&named, &shown, &|c| Some(doc_href(&c.doc, Some((c.start, c.end)))));
    if !plot.is_empty() {
        w!(out, r#"<figure class="plot-wrap" aria-label="Range plot">{plot}</figure>"#);
        if shown.claims.len() > PLOT_ROWS {
            w!(out, r#"<p class="more">The plot shows {PLOT_ROWS} of the {} claims on this page, earliest first; the table lists them all.</p>"#, shown.claims.len());
        }
    }
    claims_table(out, &snap, &filter, &t.id, &v.claims.iter().map(|c| c.claim).collect::<Vec<_>>(), editable);
    if v.pages > 1 {
        out.push_str(r#"<nav class="pager" aria-label="Pages of claims">"#);
        if filter.page > 1 {
            w!(out, r#"<a href="/topics/{}{}" rel="prev">← Previous {PAGE}</a>"#, encode(&t.id), esc(&filter.query(None, Some(filter.page - 1))));
        }
        w!(out, " <span>Page {} of {}</span> ", filter.page, v.pages);
        if filter.page < v.pages {
            w!(out, r#"<a href="/topics/{}{}" rel="next">Next {PAGE} →</a>"#, encode(&t.id), esc(&filter.query(None, Some(filter.page + 1))));
        }
        out.push_str("</nav>");
    }
    if editable {
        crate::correct::panel(out, &snap, tr);
    }
    page(&snap, p)
}

/// Rows the range plot draws at most (the dossier's cap).
const PLOT_ROWS: usize = 40;

fn options(out: &mut String, values: &[impl AsRef<str>], chosen: Option<&str>) {
    out.push_str(r#"<option value="">all</option>"#);
    for v in values {
        let v = v.as_ref();
        let sel = if chosen.is_some_and(|c| c.eq_ignore_ascii_case(v)) { " selected" } else { "" };
        w!(out, r#"<option value="{0}"{sel}>{0}</option>"#, esc(v));
    }
}

/// The topic's sources as `<option>`s, none selected (made once per
/// report).
pub(crate) fn source_options(tr: TopicRef<'_>) -> &str {
    tr.facts.source_options.get_or_init(|| {
        let mut out = String::new();
        for s in &tr.facts.sources {
            crate::correct::option(&mut out, s, s);
        }
        out
    })
}

fn filter_form(out: &mut String, tr: TopicRef, f: &ClaimFilter) {
    let t = tr.topic;
    w!(out, r#"<form class="filters" method="get" action="/topics/{}" aria-label="Filter the claims">"#, encode(&t.id));
    out.push_str(r#"<label>Source <select name="source" id="f-source">"#);
    match f.source.as_deref() {
        None => {
            out.push_str(r#"<option value="">all</option>"#);
            out.push_str(source_options(tr));
        }
        chosen => options(out, &tr.facts.sources, chosen),
    }
    out.push_str(r#"</select></label><label>Source kind <select name="kind">"#);
    options(out, &tr.facts.kinds, f.kind.as_deref());
    out.push_str(r#"</select></label><label>Modality <select name="modality">"#);
    options(out, &tr.facts.modalities, f.modality.as_deref());
    w!(
        out,
        r#"</select></label><label>From <input type="date" name="from" value="{}"></label><label>To <input type="date" name="to" value="{}"></label>"#,
        esc(f.from.as_deref().unwrap_or("")),
        esc(f.to.as_deref().unwrap_or(""))
    );
    if let Some(s) = &f.sort {
        w!(out, r#"<input type="hidden" name="sort" value="{}">"#, esc(s));
        if f.desc {
            out.push_str(r#"<input type="hidden" name="dir" value="desc">"#);
        }
    }
    w!(out, r#"<button type="submit">Apply</button> <a href="/topics/{}">Clear filters</a></form>"#, encode(&t.id));
}

/// The claims, sortable by column; with `pick`, each with a box (shown by
/// the page's script) that ticks it for a correction.
fn claims_table(out: &mut String, snap: &Snapshot, f: &ClaimFilter, topic: &str, claims: &[&TopicClaim], pick: bool) {
    if claims.is_empty() {
        empty(out, "No claim matches these filters.");
        return;
    }
    out.push_str(r#"<div class="scroll"><table class="claims"><thead><tr>"#);
    for (key, label) in SORTS {
        let current = f.sort.as_deref() == Some(key);
        let desc = current && !f.desc;
        let aria = match (current, f.desc) {
            (false, _) => "",
            (true, false) => r#" aria-sort="ascending""#,
            (true, true) => r#" aria-sort="descending""#,
        };
        let arrow = match (current, f.desc) {
            (false, _) => "",
            (true, false) => " ▲",
            (true, true) => " ▼",
        };
        w!(out, r#"<th scope="col"{aria}><a href="/topics/{}{}">{label}{arrow}</a></th>"#, encode(topic), esc(&f.query(Some((key, desc)), None)));
    }
    out.push_str(r#"<th scope="col">Sentence</th></tr></thead><tbody>"#);
    for c in claims.iter().take(MAX_ROWS) {
        let name = source_name(c);
        out.push_str(r#"<tr><td data-label="Source">"#);
        if pick {
            w!(out, r#"<input type="checkbox" class="pick" value="{}" aria-label="Tick the claim of {} ({})" hidden> "#, esc(&sitrep_fuse::overrides::key_of(c)), esc(name), esc(&stated(c)));
        }
        if snap.is_entity(name) {
            w!(out, r#"<a href="{}">{}</a>"#, esc(&entity_href(name)), esc(name));
        } else {
            esc_into(out, name);
        }
        let outlier = c.verdict == Verdict::Outlier;
        w!(
            out,
            r#"</td><td data-label="Kind">{}</td><td data-label="Figure" class="num{}">{}{}</td><td data-label="Bound">{}</td><td data-label="Modality">"#,
            source_kind_label(c.source_kind),
            if outlier { " out" } else { "" },
            if outlier { "≠ " } else { "" },
            esc(&stated(c)),
            bound_label(c.bound)
        );
        modality(out, c.modality);
        w!(out, r#"</td><td data-label="Date" class="nowrap">{}</td><td data-label="Verdict">{}</td><td class="sentence">"#, esc(&c.time.as_deref().map(date).unwrap_or_else(|| "–".into())), c.verdict.as_str());
        marked(out, &c.text, c.quantity_text.as_deref());
        out.push_str(r#"<br><span class="src">"#);
        doc_link(out, snap, &c.doc, Some((c.start, c.end)));
        if c.duplicate {
            out.push_str(r#" <span class="tag">copy</span>"#);
        }
        out.push_str("</span></td></tr>");
    }
    out.push_str("</tbody></table></div>");
}

// ---------------------------------------------------------------- article

/// `mark=START-END`: byte offsets that cut `text` on character boundaries.
fn mark_range(p: &Params, text: &str) -> Option<(usize, usize)> {
    let (a, b) = param(p, "mark")?.split_once('-')?;
    let (a, b): (usize, usize) = (a.parse().ok()?, b.parse().ok()?);
    (a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)).then_some((a, b))
}

pub(crate) async fn document(State(app): St, Path(id): Path<String>, Query(params): Query<Params>) -> Response {
    let snap = app.now();
    let Some(d) = snap.doc(&id) else { return not_found().await };
    let title = d.title.clone().unwrap_or_else(|| "(untitled)".into());
    let mut p = Page::new(title.clone(), Some(format!("/api/documents/{}", encode(&d.id))));
    let out = &mut p.body;
    let summary = snap.summary(&d.id);
    if let Some(story) = summary.and_then(|s| s.story.as_deref()) {
        let label = snap.story(story).map_or("Story", |s| s.label());
        w!(out, r#"<p class="kicker"><a href="/stories/{}">{}</a> › article</p>"#, encode(story), esc(label));
    }
    w!(out, "<h1>{}</h1><p class=\"lede\">", esc(&title));
    let mut meta: Vec<String> = Vec::new();
    if let Some(o) = &d.outlet {
        meta.push(esc(o));
    }
    if !d.byline.is_empty() {
        meta.push(format!("by {}", esc(&d.byline.join(", "))));
    }
    if let Some(pd) = &d.published {
        meta.push(esc(&date(pd)));
    }
    out.push_str(&meta.join(" · "));
    if let Some(u) = d.url.as_deref().and_then(safe_url) {
        w!(out, r#" · <a href="{}" rel="noopener noreferrer nofollow">original article</a>"#, esc(&u));
    }
    out.push_str("</p>");
    if let Some(orig) = summary.and_then(|s| s.duplicate_of.as_deref()) {
        out.push_str(r#"<p class="note">A copy of "#);
        doc_link(out, &snap, orig, None);
        out.push_str(".</p>");
    }
    let mark = mark_range(&params, &d.text);
    if mark.is_some() {
        out.push_str(r##"<p class="meta"><a href="#hl">Jump to the highlighted sentence</a></p>"##);
    }
    out.push_str(r#"<article class="text">"#);
    match mark {
        Some((a, b)) => {
            esc_into(out, &d.text[..a]);
            out.push_str(r#"<mark id="hl" class="hl" tabindex="-1">"#);
            esc_into(out, &d.text[a..b]);
            out.push_str("</mark>");
            esc_into(out, &d.text[b..]);
        }
        None => esc_into(out, &d.text),
    }
    out.push_str("</article>");
    if !d.claims.is_empty() {
        out.push_str(r#"<section><h2>Claims in this article</h2><ol class="claims-list">"#);
        for c in d.claims.iter().take(MAX_ROWS) {
            w!(out, r#"<li><a href="{}">"#, esc(&doc_href(&d.id, Some((c.start, c.end)))));
            esc_into(out, &truncate(&c.text, 240));
            out.push_str("</a>");
            // A figure's claim names the figure and what it measures; a
            // statement's subject only repeats its sentence.
            if let Some(q) = c.quantity.and_then(|i| d.quantities.get(i)) {
                w!(out, r#" <span class="meta"><b>{}</b> · {}</span>"#, esc(&q.text), esc(&c.subject));
            }
            out.push_str("</li>");
        }
        out.push_str("</ol></section>");
    }
    page(&snap, p)
}

// ---------------------------------------------------------------- entity

pub(crate) async fn entity(State(app): St, Path(name): Path<String>) -> Response {
    let snap = app.now();
    let Some(v) = api::entity_view(&snap, &name) else { return not_found().await };
    let e = v.entity;
    let mut p = Page::new(e.name.clone(), Some(format!("/api/entities/{}", encode(&e.name))));
    let out = &mut p.body;
    w!(out, r#"<p class="kicker">{}</p><h1>{}</h1><p class="lede">{} in {}</p>"#, kind_label(e.kind), esc(&e.name), plural(e.mentions, "mention", "mentions"), plural(e.docs.len(), "document", "documents"));
    if !e.roles.is_empty() {
        w!(out, "<p><b>Described as:</b> {}</p>", esc(&e.roles.join("; ")));
    }
    if !e.aliases.is_empty() {
        w!(out, "<p><b>Also called:</b> {}</p>", esc(&e.aliases.join(", ")));
    }
    w!(out, "<section><h2>Claims ({})</h2>", v.claims.len());
    if v.claims.is_empty() {
        empty(out, "No claim is attributed to this name.");
    } else {
        out.push_str(r#"<ul class="plain">"#);
        for c in &v.claims {
            w!(out, r#"<li><a href="/topics/{}">{}</a>: <b>{}</b> — "#, encode(c.topic), esc(c.topic_label), esc(&stated(c.claim)));
            marked(out, &c.claim.text, c.claim.quantity_text.as_deref());
            out.push(' ');
            doc_link(out, &snap, &c.claim.doc, Some((c.claim.start, c.claim.end)));
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    w!(out, "</section><section><h2>Quotes ({})</h2>", v.quotes.len());
    if v.quotes.is_empty() {
        empty(out, "No quote is attributed to this name.");
    }
    for q in &v.quotes {
        quote(out, &snap, q);
    }
    w!(out, "</section><section><h2>Documents ({})</h2>", v.documents.len());
    documents_table(out, v.documents.iter().copied());
    out.push_str("</section>");
    page(&snap, p)
}

// ---------------------------------------------------------------- search

pub(crate) async fn search(State(app): St, Query(params): Query<Params>) -> Response {
    let snap = app.now();
    let v = api::search_view(&app, &snap, &params);
    let q = query_string(&[("q", Some(v.query.as_str())), ("outlet", v.outlet.as_deref()), ("from", v.from.as_deref()), ("to", v.to.as_deref())]);
    let mut p = Page::new(if v.query.is_empty() { "Search".to_string() } else { format!("Search: {}", v.query) }, Some(format!("/api/search{q}")));
    p.search = v.query.clone();
    let out = &mut p.body;
    out.push_str("<h1>Search</h1>");
    w!(
        out,
        r#"<form class="filters" method="get" action="/search" role="search"><label>Words <input name="q" type="search" id="s-q" value="{}"></label><label>Outlet <input name="outlet" value="{}"></label><label>From <input type="date" name="from" value="{}"></label><label>To <input type="date" name="to" value="{}"></label><button type="submit">Search</button></form>"#,
        esc(&v.query),
        esc(v.outlet.as_deref().unwrap_or("")),
        esc(v.from.as_deref().unwrap_or("")),
        esc(v.to.as_deref().unwrap_or(""))
    );
    if v.pending > 0 {
        w!(
            out,
            r#"<p class="note" role="status">{} just added {} being fused into the report; search again in a few seconds to see {}.</p>"#,
            plural(v.pending, "article", "articles"),
            if v.pending == 1 { "matches and is" } else { "match and are" },
            if v.pending == 1 { "it" } else { "them" }
        );
    }
    if let Some(e) = &v.error {
        w!(out, r#"<p class="error" role="alert">This query cannot run: {}</p>"#, esc(e));
    } else if !v.query.is_empty() && v.hits.is_empty() {
        empty(out, "No article matches. Fewer words, or the start of a word followed by * (deploy*), find more.");
    } else if !v.query.is_empty() {
        w!(out, r#"<p class="meta" aria-live="polite">{}</p>"#, plural(v.hits.len(), "article matches", "articles match"));
        out.push_str(r#"<ol class="hits">"#);
        for h in &v.hits {
            let hit = &h.hit;
            w!(out, r#"<li><a href="{}">{}</a><p class="meta">"#, esc(&doc_href(&hit.doc, None)), esc(hit.title.as_deref().unwrap_or("(untitled)")));
            out.push_str(&[hit.outlet.as_deref().map(esc), hit.published.as_deref().map(|d| esc(&date(d)))].into_iter().flatten().collect::<Vec<_>>().join(" · "));
            out.push_str("</p><p>");
            let mut at = 0;
            for m in &hit.marks {
                if m.start < at || m.end > hit.snippet.len() || !hit.snippet.is_char_boundary(m.start) || !hit.snippet.is_char_boundary(m.end) {
                    continue;
                }
                esc_into(out, &hit.snippet[at..m.start]);
                out.push_str("<mark>");
                esc_into(out, &hit.snippet[m.clone()]);
                out.push_str("</mark>");
                at = m.end;
            }
            esc_into(out, &hit.snippet[at..]);
            out.push_str("</p></li>");
        }
        out.push_str("</ol>");
    }
    page(&snap, p)
}

// ---------------------------------------------------------------- timeline

pub(crate) async fn timeline(State(app): St, Query(params): Query<Params>) -> Response {
    let snap = app.now();
    let Some(entries) = api::timeline_of(&snap, &params) else { return not_found().await };
    let story = param(&params, "story");
    let mut p = Page::new("Timeline", Some(format!("/api/timeline{}", query_string(&[("story", story)]))));
    let out = &mut p.body;
    out.push_str("<h1>Timeline</h1>");
    out.push_str(r#"<form class="filters" method="get" action="/timeline"><label>Story <select name="story">"#);
    let labels: Vec<(&str, &str)> = snap.report.stories.iter().map(|s| (s.id.as_str(), s.label.as_str())).collect();
    out.push_str(r#"<option value="">every story</option>"#);
    for (id, label) in labels.iter().take(MAX_ROWS) {
        w!(out, r#"<option value="{}"{}>{}</option>"#, esc(id), if story == Some(id) { " selected" } else { "" }, esc(label));
    }
    out.push_str(r#"</select></label><button type="submit">Show</button></form>"#);
    timeline_list(out, &snap, entries.iter().copied(), MAX_ROWS);
    more(out, MAX_ROWS, entries.len(), ("entry (the JSON view has it)", "entries (the JSON view has them all)"), None);
    page(&snap, p)
}
