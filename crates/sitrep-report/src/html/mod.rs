//! The HTML dossier: one self-contained file with inline CSS and SVG.

/// `write!` into a `String`, which cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

pub(crate) mod plot;

use crate::OTHER_STORIES;
use crate::text::{date, date_label, esc, esc_into, num, text_fragment_url, truncate, safe_url};
use crate::view::{
    self, agreement_label, bound_label, matrix, source_kind_label, source_name, stated, DossierTopic, Legend, QuoteGroups, View,
    MAX_CLAIM_ROWS, MAX_DOCUMENTS, MAX_DOC_LINKS, MAX_ENTITIES, MAX_MATRIX_TOPICS, MAX_QUOTES_PER_SPEAKER, MAX_SPEAKERS,
    MAX_TIMELINE,
};
use sitrep_core::report::{Agreement, CheckStatus, Report, TimelineEntry, TopicClaim};
use sitrep_core::EntityKind;
use std::fmt::Write;

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("sort.js");

/// The anchor of the `i`-th listed document.
pub(super) fn doc_anchor(i: usize) -> String {
    format!("doc-{}", i + 1)
}

fn topic_anchor(i: usize) -> String {
    format!("topic-{}", i + 1)
}

/// The dossier of `report`, its topics what it shows of them (`topics`,
/// in report order: `report.topics` is not read) and its quotes grouped.
pub(crate) fn render(report: &Report, topics: &[DossierTopic], quote_groups: &QuoteGroups) -> String {
    let view = View::new(report);
    let mut out = String::with_capacity(64 * 1024 + report.documents.len() * 400);
    head(&mut out, &view);
    masthead(&mut out, &view, topics.len());
    out.push_str(r#"<div class="layout">"#);
    let (cross, single) = crate::view::findings(topics.iter().map(|t| &t.topic));
    toc(&mut out, topics, &cross, &single);
    out.push_str("<main>");
    findings(&mut out, &view, topics, &cross, &single);
    if !cross.is_empty() {
        out.push_str(r#"<section id="topics"><h2>Figures by topic</h2>"#);
        for &i in &cross {
            topic(&mut out, &view, i, &topics[i]);
        }
        out.push_str("</section>");
    }
    // The matrix compares sources: it shows the key findings' topics (all
    // topics when none has two sources), so it stays narrow enough to read.
    let columns: Vec<usize> = if cross.is_empty() { (0..topics.len()).collect() } else { cross.clone() };
    source_matrix(&mut out, &view, topics, &columns[..columns.len().min(MAX_MATRIX_TOPICS)]);
    checks(&mut out, &view);
    timeline(&mut out, &view);
    entities(&mut out, &view);
    quotes(&mut out, &view, quote_groups);
    documents(&mut out, &view);
    out.push_str("</main></div>");
    w!(out, "<script>{SCRIPT}</script></body></html>\n");
    out
}

fn head(out: &mut String, view: &View) {
    w!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"sitrep\"><title>{} — situation report</title><style>{STYLE}</style></head><body>",
        esc(view.story())
    );
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", num(n as f64), if n == 1 { one } else { many })
}

fn masthead(out: &mut String, view: &View, topics: usize) {
    let s = &view.report.summary;
    out.push_str(r#"<header class="masthead"><div class="wrap"><div class="kicker">Situation report</div><h1>"#);
    esc_into(out, view.story());
    out.push_str(r#"</h1><div class="stats">"#);
    let stat = |out: &mut String, value: &str, label: &str| {
        let class = if value.chars().count() > 10 || label.chars().count() > 30 { "stat wide" } else { "stat" };
        w!(out, r#"<div class="{class}"><b>{}</b><span>{}</span></div>"#, esc(value), esc(label));
    };
    stat(out, &num(s.documents as f64), "documents read");
    stat(out, &num(s.independent_documents as f64), "independent documents");
    stat(out, &num(s.outlets.len() as f64), "outlets");
    stat(out, &view.period().unwrap_or_else(|| "–".into()), "period covered");
    stat(
        out,
        &num(topics as f64),
        &format!(
            "topics: {} conflicting · {} consistent · {} single-source",
            s.conflicting_topics, s.consistent_topics, s.single_source_topics
        ),
    );
    out.push_str("</div>");
    if !s.outlets.is_empty() {
        out.push_str(r#"<p class="outlets">Outlets: "#);
        for (i, o) in s.outlets.iter().take(12).enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            esc_into(out, o);
        }
        if s.outlets.len() > 12 {
            w!(out, " and {} more", num((s.outlets.len() - 12) as f64));
        }
        out.push_str("</p>");
    }
    other_stories(out, view.report);
    out.push_str("</div></header>");
}

/// The corpus's other stories, each with the command that opens it.
fn other_stories(out: &mut String, report: &Report) {
    let others = crate::view::other_stories(report);
    if others.is_empty() {
        return;
    }
    w!(out, r#"<p class="outlets stories">The corpus tells {} more {}: "#, num(others.len() as f64), if others.len() == 1 { "story" } else { "stories" });
    for (i, s) in others.iter().take(OTHER_STORIES).enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        w!(out, "<b>{}</b> ({}, <code>sitrep report --story {}</code>)", esc(&s.label), plural(s.documents.len(), "document", "documents"), esc(&s.id));
    }
    if others.len() > OTHER_STORIES {
        w!(out, "; and {} more (<code>sitrep stories</code>)", num((others.len() - OTHER_STORIES) as f64));
    }
    out.push_str("</p>");
}

fn toc(out: &mut String, topics: &[DossierTopic], cross: &[usize], single: &[usize]) {
    out.push_str(r##"<nav class="toc" aria-label="Contents"><div class="toc-title">Contents</div><ol><li><a href="#findings">Key findings</a></li>"##);
    if !single.is_empty() {
        out.push_str(r##"<li><a href="#single-source">Single-source figures</a></li>"##);
    }
    if !cross.is_empty() {
        out.push_str(r##"<li><a href="#topics">Figures by topic</a><ol>"##);
        for &i in cross.iter().take(30) {
            w!(out, r##"<li><a href="#{}">{}</a></li>"##, topic_anchor(i), esc(&truncate(&topics[i].topic.label, 40)));
        }
        out.push_str("</ol></li>");
    }
    for (id, label) in [
        ("matrix", "Sources × topics"),
        ("checks", "Arithmetic checks"),
        ("timeline", "Timeline"),
        ("entities", "People and organisations"),
        ("quotes", "Quotes by speaker"),
        ("sources", "Sources"),
    ] {
        w!(out, r##"<li><a href="#{id}">{label}</a></li>"##);
    }
    out.push_str("</ol></nav>");
}

fn badge(out: &mut String, class: &str, text: &str) {
    w!(out, r#"<span class="badge b-{class}">{}</span>"#, esc(text));
}

fn agreement_badge(out: &mut String, a: Agreement) {
    let class = match a {
        Agreement::Consistent => "consistent",
        Agreement::Conflicting => "conflicting",
        Agreement::Single => "single",
    };
    badge(out, class, agreement_label(a));
}

fn empty(out: &mut String, text: &str) {
    w!(out, r#"<p class="empty">{}</p>"#, esc(text));
}

/// Key findings: each topic two or more independent sources speak to, or
/// in conflict, with who says what as a strip (firm figures, then hedged
/// ones apart); then the single-source figures, collapsed.
fn findings(out: &mut String, view: &View, topics: &[DossierTopic], cross: &[usize], single: &[usize]) {
    let report = view.report;
    out.push_str(r#"<section id="findings"><h2>Key findings</h2>"#);
    corrections(out, report);
    let corrected = crate::view::corrected(report);
    if topics.is_empty() {
        empty(out, "No figures were found on which sources could be compared.");
    } else if cross.is_empty() {
        empty(out, "No figure is given by two independent sources; every figure is listed under Single-source figures.");
    } else {
        out.push_str(r#"<ul class="findings">"#);
        for &i in cross {
            let shown = &topics[i];
            let t = &shown.topic;
            out.push_str(r#"<li><div class="f-badges">"#);
            agreement_badge(out, t.agreement);
            if corrected.contains(t.id.as_str()) {
                badge(out, "corrected", "corrected");
            }
            w!(
                out,
                r##"</div><a class="f-label" href="#{}">{}</a><span class="f-range">{}</span><span class="f-src">{}</span>"##,
                topic_anchor(i),
                esc(&t.label),
                esc(&shown.range),
                esc(&plural(t.independent_sources, "independent source", "independent sources"))
            );
            strip(out, shown);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
    single_source(out, view, topics, single, &corrected);
}

/// Who says what on a topic: a chip per source with its figures, firm ones
/// first, hedged ones (possible, hypothetical, denied) apart and dashed,
/// outliers marked.
fn strip(out: &mut String, shown: &DossierTopic) {
    let [firm, hedged] = &shown.voices;
    out.push_str(r#"<div class="strip">"#);
    for ((voices, more), class, label) in [(firm, "firm", "Firm"), (hedged, "hedged", "Hedged")] {
        if voices.is_empty() {
            continue;
        }
        w!(out, r#"<span class="s-group s-{class}"><span class="s-kind">{label}</span>"#);
        for v in voices {
            w!(out, r#"<span class="voice{}">{}"#, if v.outlier { " v-out" } else { "" }, esc(&v.name));
            w!(out, " <b>{}{}</b></span>", if v.outlier { "≠ " } else { "" }, esc(&v.figures.join(", ")));
        }
        if *more > 0 {
            w!(out, r#"<span class="more-n">+{} more</span>"#, num(*more as f64));
        }
        out.push_str("</span>");
    }
    out.push_str("</div>");
}

/// The analyst corrections of the report: applied ones, and those whose
/// target is gone.
fn corrections(out: &mut String, report: &Report) {
    if report.overrides.is_empty() {
        return;
    }
    let applied = report.overrides.iter().filter(|a| a.applied).count();
    w!(out, r#"<details class="corrections"><summary>{} by analysts"#, plural(applied, "correction", "corrections"));
    if applied < report.overrides.len() {
        w!(out, " ({} not applied: target gone)", num((report.overrides.len() - applied) as f64));
    }
    out.push_str("</summary><ul>");
    for a in &report.overrides {
        w!(out, "<li>{} — {}, {}", esc(&a.correction.describe()), esc(&a.author), esc(&a.at));
        if let Some(n) = &a.note {
            w!(out, ": “{}”", esc(n));
        }
        if let Some(r) = &a.reason {
            w!(out, r#" <span class="tag">not applied: {}</span>"#, esc(r));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></details>");
}

/// The topics with one independent source, collapsed: one row per claim
/// with its figure, source, date and sentence.
fn single_source(out: &mut String, view: &View, topics: &[DossierTopic], single: &[usize], corrected: &std::collections::HashSet<&str>) {
    if single.is_empty() {
        return;
    }
    let claims: usize = single.iter().map(|&i| topics[i].first_claims().len()).sum();
    w!(
        out,
        r#"<section id="single-source"><details class="single"><summary><h2>Single-source figures</h2><span class="meta">{}, {} with one independent source each</span></summary><div class="scroll"><table class="single-t"><thead><tr><th>Topic</th><th>Figure</th><th>Source</th><th>Date</th><th>Sentence and article</th></tr></thead><tbody>"#,
        plural(single.len(), "topic", "topics"),
        plural(claims, "claim", "claims")
    );
    for &i in single {
        let t = &topics[i].topic;
        let first = topics[i].first_claims();
        let shown = first.len();
        for (ci, c) in first.iter().enumerate() {
            w!(out, "<tr{}{}>", if ci == 0 { format!(r#" id="{}""#, topic_anchor(i)) } else { String::new() }, if c.duplicate { r#" class="dup""# } else { "" });
            if ci == 0 {
                w!(out, r#"<th scope="row" rowspan="{shown}">{}"#, esc(&t.label));
                if corrected.contains(t.id.as_str()) {
                    out.push(' ');
                    badge(out, "corrected", "corrected");
                }
                out.push_str("</th>");
            }
            w!(out, r#"<td class="num">{}</td><td>{}"#, esc(&stated(c)), source_cell(c));
            if !crate::view::is_firm(c) {
                w!(out, r#" <span class="tag">{}</span>"#, c.modality.as_str());
            }
            w!(out, r#"</td><td class="nowrap">{}</td>"#, esc(&c.time.as_deref().map(date).unwrap_or_else(|| "–".into())));
            sentence_cell(out, c);
            source_line(out, view, c);
            out.push_str("</td></tr>");
        }
    }
    out.push_str("</tbody></table></div></details></section>");
}

/// A link to a document in the source list, and out to the sentence in the
/// article when the document has a URL.
fn doc_link(out: &mut String, view: &View, doc: &str, sentence: &str) {
    match view.doc(doc) {
        Some((i, d)) => {
            w!(out, r##"<a class="doc" href="#{}">{}</a>"##, doc_anchor(i), esc(&view.doc_label(doc)));
            if let Some(u) = d.url.as_deref().and_then(|u| text_fragment_url(u, sentence)) {
                w!(out, r#" <a class="ext" href="{}" title="Open this sentence in the article" rel="noopener noreferrer">↗</a>"#, esc(&u));
            }
        }
        None => w!(out, r#"<span class="doc">{}</span>"#, esc(doc)),
    }
}

/// The line under a claim's sentence: its article, marked when a copy.
fn source_line(out: &mut String, view: &View, c: &sitrep_core::report::TopicClaim) {
    out.push_str(r#"<div class="src">"#);
    doc_link(out, view, &c.doc, &c.text);
    if c.duplicate {
        out.push_str(r#" <span class="tag">copy</span>"#);
    }
    out.push_str("</div>");
}

/// Appends `sentence`, escaped, with the first occurrence of `part`
/// wrapped in `<mark>`.
pub fn marked(out: &mut String, sentence: &str, part: Option<&str>) {
    match part.filter(|p| !p.is_empty()).and_then(|p| sentence.find(p).map(|i| (i, i + p.len()))) {
        Some((a, b)) => {
            esc_into(out, &sentence[..a]);
            out.push_str("<mark>");
            esc_into(out, &sentence[a..b]);
            out.push_str("</mark>");
            esc_into(out, &sentence[b..]);
        }
        None => esc_into(out, sentence),
    }
}

pub(crate) fn legend(out: &mut String, legend: &Legend) {
    out.push_str(r#"<div class="legend" aria-label="Legend">"#);
    for &m in &legend.modalities {
        out.push_str(r#"<span><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">"#);
        plot::marker(out, m, 8.0, 8.0, plot::colour(m));
        w!(out, "</svg>{}</span>", m.as_str());
    }
    if legend.approx {
        out.push_str(r##"<span><svg width="22" height="12" aria-hidden="true"><rect x="1" y="1" width="20" height="10" rx="5" fill="#5a6775" fill-opacity="0.22"/></svg>approximate (±15%)</span>"##);
    }
    if legend.open {
        out.push_str(r##"<span><svg width="22" height="12" aria-hidden="true"><line x1="1" x2="14" y1="6" y2="6" stroke="#5a6775" stroke-width="3" stroke-opacity="0.5"/><path d="M21 6L13 1L13 11Z" fill="#5a6775"/></svg>open-ended (at least / at most)</span>"##);
    }
    if legend.copies {
        out.push_str(r##"<span><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="5" fill="#aab4be"/></svg>copy of another article</span>"##);
    }
    if legend.outliers {
        out.push_str(r#"<span class="l-out">≠ conflicts with most sources</span>"#);
    }
    out.push_str("</div>");
}

fn topic(out: &mut String, view: &View, i: usize, shown: &DossierTopic) {
    let t = &shown.topic;
    w!(out, r#"<article class="topic" id="{}"><div class="topic-head"><h3>"#, topic_anchor(i));
    esc_into(out, &t.label);
    out.push_str("</h3>");
    agreement_badge(out, t.agreement);
    if crate::view::corrected(view.report).contains(t.id.as_str()) {
        badge(out, "corrected", "corrected by an analyst");
    }
    out.push_str("</div>");
    w!(
        out,
        r#"<p class="meta">Range <b>{}</b> · {} · {}</p>"#,
        esc(&shown.range),
        esc(&plural(t.independent_sources, "independent source", "independent sources")),
        esc(&plural(shown.claims, "claim", "claims"))
    );
    if !shown.notes.is_empty() {
        out.push_str(r#"<div class="notes"><ul>"#);
        for n in &shown.notes {
            w!(out, "<li>{}</li>", esc(n));
        }
        out.push_str("</ul></div>");
    }
    legend(out, &shown.legend);
    out.push_str(r#"<div class="plot-wrap">"#);
    let link = |c: &sitrep_core::report::TopicClaim| view.doc(&c.doc).map(|(i, _)| format!("#{}", doc_anchor(i)));
    if plot::range_plot(out, view, shown, &link) == 0 {
        empty(out, "No claim on this topic states a figure that can be plotted.");
    }
    out.push_str("</div>");
    let capped = plot::capped(shown);
    if capped > 0 {
        w!(out, r#"<p class="more">The plot shows the first {} claims; {} more are in the table.</p>"#, view::MAX_PLOT_ROWS, num(capped as f64));
    }
    claims_table(out, view, shown);
    out.push_str("</article>");
}

/// A claim's source, escaped, with the spelling a document in another
/// language used when it differs ("Volodymyr Zelensky (as «Wolodymyr
/// Selenskyj»)").
fn source_cell(c: &TopicClaim) -> String {
    format!("{}{}", esc(source_name(c)), spelling(c))
}

/// " (as «Wolodymyr Selenskyj»)" when the claim's document spelled its
/// source otherwise, else nothing.
fn spelling(c: &TopicClaim) -> String {
    c.spelling.as_deref().map(|s| format!(r#" <span class="as">(as «{}»)</span>"#, esc(s))).unwrap_or_default()
}

/// Opens a claim's sentence cell and writes its sentence, the quantity
/// marked; a sentence in another language carries its language
/// (`lang="de"` and a small tag).
fn sentence_cell(out: &mut String, c: &TopicClaim) {
    match c.language.as_deref() {
        Some(l) => w!(out, r#"<td class="sentence" lang="{0}"><span class="tag lang">{0}</span> "#, esc(l)),
        None => out.push_str(r#"<td class="sentence">"#),
    }
    marked(out, &c.text, c.quantity_text.as_deref());
}

fn claims_table(out: &mut String, view: &View, shown: &DossierTopic) {
    out.push_str(
        r#"<div class="scroll"><table class="claims sortable"><thead><tr><th>Source</th><th>As written</th><th>Figure</th><th>Bound</th><th>Modality</th><th>Date</th><th>Sentence and article</th></tr></thead><tbody>"#,
    );
    for c in shown.first_claims() {
        let outlier = crate::view::is_outlier(c);
        w!(out, "<tr{}>", if c.duplicate { r#" class="dup""# } else { "" });
        w!(
            out,
            r#"<td><b>{}</b>{}<br><span class="tag">{}</span></td>"#,
            esc(source_name(c)),
            spelling(c),
            view::source_kind_label(c.source_kind)
        );
        w!(out, "<td>{}</td>", esc(c.quantity_text.as_deref().unwrap_or("–")));
        w!(
            out,
            r#"<td class="num{}">{}{}</td>"#,
            if outlier { " out" } else { "" },
            if outlier { "≠ " } else { "" },
            esc(&stated(c))
        );
        w!(out, "<td>{}</td>", bound_label(c.bound));
        w!(
            out,
            r#"<td><span class="mod" style="--m:{}">{}</span></td>"#,
            plot::colour(c.modality),
            c.modality.as_str()
        );
        w!(out, r#"<td class="nowrap">{}</td>"#, esc(&c.time.as_deref().map(date).unwrap_or_else(|| "–".into())));
        sentence_cell(out, c);
        source_line(out, view, c);
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></div>");
    if shown.claims > MAX_CLAIM_ROWS {
        w!(out, r#"<p class="more">{} more claims are not listed; the JSON report has them all.</p>"#, num((shown.claims - MAX_CLAIM_ROWS) as f64));
    }
}

fn source_matrix(out: &mut String, view: &View, topics: &[DossierTopic], columns: &[usize]) {
    out.push_str(r#"<section id="matrix"><h2>Sources × topics</h2>"#);
    let (rows, rest) = matrix(&columns.iter().map(|&i| &topics[i]).collect::<Vec<_>>());
    if rows.is_empty() {
        empty(out, "No source makes a claim on any topic.");
        out.push_str("</section>");
        return;
    }
    out.push_str(r#"<p class="lede">What each source says on each topic. <span class="out-key">Red figures</span> conflict with the value most sources allow (or, when no value has a majority, with another source); ~ approximate, ≥ at least, ≤ at most; copies of other articles are shown only when a source has nothing else.</p>"#);
    out.push_str(r#"<div class="scroll"><table class="matrix"><thead><tr><th>Source</th>"#);
    for &i in columns {
        w!(out, r##"<th><a href="#{}">{}</a></th>"##, topic_anchor(i), esc(&truncate(&topics[i].topic.label, 48)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &rows {
        w!(
            out,
            r#"<tr><th scope="row" class="rowh">{}<br><span class="tag">{}</span></th>"#,
            esc(row.name),
            source_kind_label(row.kind)
        );
        for cell in &row.cells {
            match cell {
                None => out.push_str(r#"<td class="cell none">·</td>"#),
                Some(cell) => {
                    let class = if cell.outlier() {
                        "cell out"
                    } else if cell.copies_only() {
                        "cell dup"
                    } else {
                        "cell"
                    };
                    w!(out, r#"<td class="{class}">"#);
                    for (k, (c, outlier)) in cell.figures.iter().enumerate() {
                        if k > 0 {
                            out.push_str("<br>");
                        }
                        let tip = format!("{}: {}", view.doc_label(&c.doc), truncate(&c.text, 300));
                        let class = format!(r#" class="m-{}{}""#, c.modality.as_str(), if *outlier { " out" } else { "" });
                        match view.doc(&c.doc) {
                            Some((i, _)) => w!(out, r##"<a href="#{}" title="{}"{class}>{}</a>"##, doc_anchor(i), esc(&tip), esc(&stated(c))),
                            None => w!(out, r#"<span title="{}"{class}>{}</span>"#, esc(&tip), esc(&stated(c))),
                        }
                        w!(out, r#"<span class="mod-dot" style="--m:{}" title="{}"></span>"#, plot::colour(c.modality), c.modality.as_str());
                    }
                    if cell.more > 0 {
                        w!(out, r#" <span class="more-n">+{}</span>"#, cell.more);
                    }
                    out.push_str("</td>");
                }
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    if rest > 0 {
        w!(out, r#"<p class="more">{} more sources are not shown.</p>"#, num(rest as f64));
    }
    if topics.len() > columns.len() {
        w!(out, r##"<p class="more">{} more topics are not shown (their sources are under <a href="#single-source">Single-source figures</a> and Figures by topic).</p>"##, num((topics.len() - columns.len()) as f64));
    }
    out.push_str("</section>");
}

fn checks(out: &mut String, view: &View) {
    out.push_str(r#"<section id="checks"><h2>Arithmetic checks</h2>"#);
    if view.report.checks.is_empty() {
        empty(out, "No document states figures that could be checked against each other.");
    } else {
        out.push_str(r#"<p class="lede">Figures implied by other figures of the same article, compared with the one it states.</p><div class="checks">"#);
        for c in view.report.checks.iter().take(MAX_CLAIM_ROWS) {
            let (class, label) = match c.status {
                CheckStatus::Holds => ("holds", "holds"),
                CheckStatus::Fails => ("fails", "fails"),
            };
            w!(out, r#"<div class="check c-{class}"><div class="check-head">"#);
            badge(out, class, label);
            w!(out, r#"<span class="tag">{}</span></div><code class="expr">{}</code><p class="meta">Computed {} · stated {}"#, esc(&c.kind), esc(&c.expression), esc(&num(c.computed)), esc(&num(c.stated)));
            if c.stated != 0.0 && c.computed.is_finite() && c.stated.is_finite() {
                w!(out, " · off by {:.1}%", (c.computed - c.stated).abs() / c.stated.abs() * 100.0);
            }
            out.push_str(r#"</p><div class="src">"#);
            doc_link(out, view, &c.doc, "");
            if !c.claims.is_empty() {
                w!(out, r#" <span class="meta">claims {}</span>"#, esc(&c.claims.join(", ")));
            }
            out.push_str("</div></div>");
        }
        out.push_str("</div>");
        if view.report.checks.len() > MAX_CLAIM_ROWS {
            w!(out, r#"<p class="more">{} more checks are not shown.</p>"#, num((view.report.checks.len() - MAX_CLAIM_ROWS) as f64));
        }
    }
    out.push_str("</section>");
}

fn timeline(out: &mut String, view: &View) {
    let tl = &view.report.timeline;
    out.push_str(r#"<section id="timeline"><h2>Timeline</h2>"#);
    let (events, expected): (Vec<&TimelineEntry>, Vec<&TimelineEntry>) = tl.iter().partition(|e| !e.expected);
    if events.is_empty() {
        empty(out, "No dated events were found.");
    } else {
        timeline_list(out, view, &events);
    }
    if !expected.is_empty() {
        out.push_str(r#"<h3>Expected</h3><p class="meta">Forecasts, plans and deadlines, by the date they are due: not events.</p>"#);
        timeline_list(out, view, &expected);
    }
    out.push_str("</section>");
}

/// Timeline entries, each with its date to its precision, its sentence
/// (the words that date it marked) and every document that reports it.
fn timeline_list(out: &mut String, view: &View, entries: &[&TimelineEntry]) {
    out.push_str(r#"<ol class="timeline">"#);
    for e in entries.iter().take(MAX_TIMELINE) {
        w!(
            out,
            r#"<li><time datetime="{}">{}<span class="prec">{}</span></time><div class="body"><p>"#,
            esc(&e.date),
            esc(&date_label(&e.date, e.precision)),
            e.precision.as_str()
        );
        marked(out, &e.text, Some(&e.when));
        out.push_str(r#"</p><div class="src">"#);
        doc_link(out, view, &e.doc, &e.text);
        let others: Vec<&String> = e.docs.iter().filter(|d| **d != e.doc).collect();
        for d in others.iter().take(MAX_DOC_LINKS) {
            out.push_str(r#"<span class="sep">·</span>"#);
            doc_link(out, view, d, "");
        }
        if others.len() > MAX_DOC_LINKS {
            w!(out, r#" <span class="meta">and {} more</span>"#, num((others.len() - MAX_DOC_LINKS) as f64));
        }
        out.push_str("</div></div></li>");
    }
    out.push_str("</ol>");
    if entries.len() > MAX_TIMELINE {
        w!(out, r#"<p class="more">{} later entries are not shown.</p>"#, num((entries.len() - MAX_TIMELINE) as f64));
    }
}

fn kind_label(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Organization => "organisation",
        k => k.as_str(),
    }
}

fn entities(out: &mut String, view: &View) {
    let mut ents: Vec<_> = view.report.entities.iter().collect();
    ents.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.name.cmp(&b.name)));
    out.push_str(r#"<section id="entities"><h2>People and organisations</h2>"#);
    if ents.is_empty() {
        empty(out, "No people or organisations were found.");
        out.push_str("</section>");
        return;
    }
    out.push_str(r#"<div class="scroll"><table class="entities sortable"><thead><tr><th>Name</th><th>Kind</th><th>Roles</th><th>Also called</th><th class="num">Mentions</th><th>Documents</th></tr></thead><tbody>"#);
    for e in ents.iter().take(MAX_ENTITIES) {
        w!(
            out,
            r#"<tr><td><b>{}</b></td><td><span class="tag k-{}">{}</span></td><td>{}</td><td>{}</td><td class="num">{}</td><td>"#,
            esc(&e.name),
            e.kind.as_str(),
            kind_label(e.kind),
            esc(&e.roles.join("; ")),
            esc(&e.aliases.join(", ")),
            num(e.mentions as f64)
        );
        for (k, d) in e.docs.iter().take(MAX_DOC_LINKS).enumerate() {
            if k > 0 {
                out.push(' ');
            }
            match view.doc(d) {
                Some((i, _)) => w!(out, r##"<a class="chip" href="#{}" title="{}">{}</a>"##, doc_anchor(i), esc(&view.doc_label(d)), i + 1),
                None => w!(out, r#"<span class="chip">{}</span>"#, esc(d)),
            }
        }
        if e.docs.len() > MAX_DOC_LINKS {
            w!(out, r#" <span class="meta">+{}</span>"#, num((e.docs.len() - MAX_DOC_LINKS) as f64));
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></div>");
    if ents.len() > MAX_ENTITIES {
        w!(out, r#"<p class="more">{} less-mentioned entities are not shown.</p>"#, num((ents.len() - MAX_ENTITIES) as f64));
    }
    out.push_str("</section>");
}

/// Quotes per speaker the printed dossier shows (`style.css`, `@media print`).
const PRINT_QUOTES: usize = 2;

fn quotes(out: &mut String, view: &View, quote_groups: &QuoteGroups) {
    let groups = quote_groups.sorted();
    out.push_str(r#"<section id="quotes"><h2>Quotes by speaker</h2>"#);
    if groups.is_empty() {
        empty(out, "No quotes were found.");
        out.push_str("</section>");
        return;
    }
    out.push_str(r#"<div class="speakers">"#);
    for group in groups.iter().take(MAX_SPEAKERS) {
        w!(
            out,
            r#"<div class="speaker"><h3>{} <span class="meta">{}</span></h3>"#,
            esc(group.speaker.as_deref().unwrap_or("Unattributed")),
            esc(&plural(group.count, "quote", "quotes"))
        );
        for q in group.first.iter().take(MAX_QUOTES_PER_SPEAKER) {
            let (class, label) = if q.direct { ("direct", "direct") } else { ("reported", "reported") };
            w!(out, r#"<blockquote class="q-{class}"><span class="tag">{label}</span> "#);
            if q.direct {
                w!(out, "“{}”", esc(q.text.trim_matches(|c| matches!(c, '"' | '“' | '”'))));
            } else {
                esc_into(out, &q.text);
            }
            out.push_str(r#"<div class="src">"#);
            doc_link(out, view, &q.doc, &q.text);
            if view.doc(&q.doc).is_some_and(|(_, d)| d.duplicate_of.is_some()) {
                out.push_str(r#" <span class="tag">copy</span>"#);
            }
            out.push_str("</div></blockquote>");
        }
        if group.count > MAX_QUOTES_PER_SPEAKER {
            w!(out, r#"<p class="more">{} more quotes.</p>"#, num((group.count - MAX_QUOTES_PER_SPEAKER) as f64));
        }
        if group.count > PRINT_QUOTES {
            w!(out, r#"<p class="more print-more">Printed: the first {PRINT_QUOTES}; {} more in the HTML dossier.</p>"#, num((group.count - PRINT_QUOTES) as f64));
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
    if quote_groups.speakers() > MAX_SPEAKERS {
        w!(out, r#"<p class="more">{} more speakers are not shown.</p>"#, num((quote_groups.speakers() - MAX_SPEAKERS) as f64));
    }
    out.push_str("</section>");
}

fn documents(out: &mut String, view: &View) {
    let docs = &view.report.documents;
    out.push_str(r#"<section id="sources"><h2>Sources</h2>"#);
    if docs.is_empty() {
        empty(out, "No documents were read.");
        out.push_str("</section>");
        return;
    }
    out.push_str(r#"<div class="scroll"><table class="docs sortable"><thead><tr><th class="num">#</th><th>Title</th><th>Outlet</th><th>Published</th><th>Link</th></tr></thead><tbody>"#);
    for (i, d) in docs.iter().enumerate().take(MAX_DOCUMENTS) {
        w!(
            out,
            r#"<tr id="{}"{}><td class="num">{}</td><td><b>{}</b>"#,
            doc_anchor(i),
            if d.duplicate_of.is_some() { r#" class="dup""# } else { "" },
            i + 1,
            esc(d.title.as_deref().unwrap_or("(untitled)"))
        );
        if let Some(orig) = &d.duplicate_of {
            out.push_str(r#"<div class="dup-of">copy of "#);
            match view.doc(orig) {
                Some((j, o)) => w!(out, r##"<a href="#{}">#{} {}</a>"##, doc_anchor(j), j + 1, esc(&truncate(o.title.as_deref().unwrap_or(&o.id), 60))),
                None => esc_into(out, orig),
            }
            out.push_str("</div>");
        }
        w!(
            out,
            r#"<div class="id">{}</div></td><td>{}</td><td class="nowrap">{}</td><td>"#,
            esc(&d.id),
            esc(d.outlet.as_deref().unwrap_or("–")),
            esc(&d.published.as_deref().map(date).unwrap_or_else(|| "–".into()))
        );
        match d.url.as_deref().and_then(safe_url) {
            Some(u) => w!(out, r#"<a href="{}" rel="noopener noreferrer">{}</a>"#, esc(&u), esc(&truncate(host(&u), 40))),
            None => out.push('–'),
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></div>");
    if docs.len() > MAX_DOCUMENTS {
        w!(out, r#"<p class="more">{} more documents are not listed.</p>"#, num((docs.len() - MAX_DOCUMENTS) as f64));
    }
    out.push_str("</section>");
}

/// The host part of a URL, for link text.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}
