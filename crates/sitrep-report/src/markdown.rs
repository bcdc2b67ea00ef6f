//! The report as Markdown: the same sections as the HTML dossier, with
//! tables instead of plots. Every claim, quote and timeline entry links to
//! its document's anchor (`#doc-N`) and, when the document has a URL, out
//! to the sentence in the article.

use crate::text::{date, date_label, md, num, safe_url, text_fragment_url, truncate};
use crate::view::{
    agreement_label, bound_label, is_outlier, matrix, source_kind_label, source_name, stated, DossierTopic, QuoteGroups, View, MAX_CLAIM_ROWS, MAX_DOCUMENTS, MAX_DOC_LINKS, MAX_ENTITIES, MAX_MATRIX_TOPICS,
    MAX_QUOTES_PER_SPEAKER, MAX_SPEAKERS, MAX_TIMELINE,
};
use sitrep_core::report::{CheckStatus, TimelineEntry};
use std::fmt::Write;

macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = writeln!($out, $($arg)*);
    }};
}

/// The report as Markdown, given what is shown of each of its topics
/// (`topics`, in report order) and its quotes grouped: `report.topics` and
/// `report.quotes` are not read (see [`crate::html_shown`]).
pub(crate) fn render(report: &sitrep_core::report::Report, topics: &[DossierTopic], quote_groups: &QuoteGroups) -> String {
    let view = View::new(report);
    let mut out = String::with_capacity(16 * 1024 + report.documents.len() * 200);
    header(&mut out, &view);
    findings(&mut out, topics);
    for (i, t) in topics.iter().enumerate() {
        topic(&mut out, &view, i, t);
    }
    source_matrix(&mut out, topics);
    checks(&mut out, &view);
    timeline(&mut out, &view);
    entities(&mut out, &view);
    quotes(&mut out, &view, quote_groups);
    documents(&mut out, &view);
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", num(n as f64), if n == 1 { one } else { many })
}

/// `[Outlet, date](#doc-N)`, plus a link out to the sentence when the
/// document has a URL; the bare id when the document is not listed.
fn doc_link(view: &View, doc: &str, sentence: &str) -> String {
    match view.doc(doc) {
        Some((i, d)) => {
            let mut s = format!("[{}](#doc-{})", md(&view.doc_label(doc)), i + 1);
            if let Some(u) = d.url.as_deref().and_then(|u| text_fragment_url(u, sentence)) {
                let _ = write!(s, " [↗]({u})");
            }
            s
        }
        None => md(doc),
    }
}

fn header(out: &mut String, view: &View) {
    let s = &view.report.summary;
    w!(out, "# {} — situation report\n", md(view.story()));
    w!(
        out,
        "**Documents:** {} ({} independent) · **Outlets:** {} · **Period:** {} · **Topics:** {} conflicting, {} consistent, {} single-source\n",
        num(s.documents as f64),
        num(s.independent_documents as f64),
        num(s.outlets.len() as f64),
        md(&view.period().unwrap_or_else(|| "–".into())),
        s.conflicting_topics,
        s.consistent_topics,
        s.single_source_topics
    );
    if !s.outlets.is_empty() {
        let shown: Vec<String> = s.outlets.iter().take(12).map(|o| md(o)).collect();
        let rest = s.outlets.len().saturating_sub(12);
        let more = if rest > 0 { format!(" and {} more", num(rest as f64)) } else { String::new() };
        w!(out, "Outlets: {}{more}\n", shown.join(", "));
    }
    let others = crate::view::other_stories(view.report);
    if !others.is_empty() {
        w!(out, "The corpus tells {} more {}:\n", others.len(), if others.len() == 1 { "story" } else { "stories" });
        for s in others.iter().take(10) {
            w!(out, "- {} ({} documents): `sitrep report --story {}`", md(&s.label), s.documents.len(), md(&s.id));
        }
        if others.len() > 10 {
            w!(out, "- and {} more: `sitrep stories`", others.len() - 10);
        }
        w!(out, "");
    }
}

fn findings(out: &mut String, topics: &[DossierTopic]) {
    w!(out, "## Key findings\n");
    if topics.is_empty() {
        w!(out, "No figures were found on which sources could be compared.\n");
        return;
    }
    let (cross, single) = crate::view::findings(topics.iter().map(|t| &t.topic));
    if cross.is_empty() {
        w!(out, "No figure is given by two independent sources; every figure is listed under Figures by topic.\n");
        return;
    }
    w!(out, "| Topic | Range | Agreement | Independent sources |\n|---|---|---|--:|");
    for &i in &cross {
        let shown = &topics[i];
        let t = &shown.topic;
        w!(
            out,
            "| [{}](#topic-{}) | {} | **{}** | {} |",
            md(&t.label),
            i + 1,
            md(&shown.range),
            agreement_label(t.agreement),
            t.independent_sources
        );
    }
    out.push('\n');
    let single = single.len();
    if single > 0 {
        w!(out, "{single} {} with one independent source {} listed under Figures by topic.\n", if single == 1 { "topic" } else { "topics" }, if single == 1 { "is" } else { "are" });
    }
}

fn topic(out: &mut String, view: &View, i: usize, shown: &DossierTopic) {
    let t = &shown.topic;
    if i == 0 {
        w!(out, "## Figures by topic\n");
    }
    w!(out, "### <a id=\"topic-{}\"></a>{}\n", i + 1, md(&t.label));
    w!(
        out,
        "Range **{}** · **{}** · {} · {}\n",
        md(&shown.range),
        agreement_label(t.agreement),
        plural(t.independent_sources, "independent source", "independent sources"),
        plural(shown.claims, "claim", "claims")
    );
    for n in &shown.notes {
        w!(out, "- {}", md(n));
    }
    if !shown.notes.is_empty() {
        out.push('\n');
    }
    if shown.claims == 0 {
        return;
    }
    w!(out, "| Source | As written | Figure | Bound | Modality | Date | Sentence | Article |\n|---|---|--:|---|---|---|---|---|");
    for c in shown.first_claims() {
        let figure = if is_outlier(c) {
            format!("**≠ {}**", md(&stated(c)))
        } else {
            md(&stated(c))
        };
        w!(
            out,
            "| {} ({}){} | {} | {figure} | {} | {} | {} | {} | {} |",
            match c.spelling.as_deref() {
                Some(sp) => format!("{} (as «{}»)", md(source_name(c)), md(sp)),
                None => md(source_name(c)),
            },
            source_kind_label(c.source_kind),
            if c.duplicate { " *copy*" } else { "" },
            md(c.quantity_text.as_deref().unwrap_or("–")),
            bound_label(c.bound),
            c.modality.as_str(),
            md(&c.time.as_deref().map(date).unwrap_or_else(|| "–".into())),
            match c.language.as_deref() {
                Some(l) => format!("[{}] {}", md(l), md(&c.text)),
                None => md(&c.text),
            },
            doc_link(view, &c.doc, &c.text)
        );
    }
    if shown.claims > MAX_CLAIM_ROWS {
        w!(out, "\n*{} more claims are not listed; the JSON report has them all.*", num((shown.claims - MAX_CLAIM_ROWS) as f64));
    }
    out.push('\n');
}

fn source_matrix(out: &mut String, all: &[DossierTopic]) {
    w!(out, "## Sources × topics\n");
    let shown = &all[..all.len().min(MAX_MATRIX_TOPICS)];
    let (rows, rest) = matrix(&shown.iter().collect::<Vec<_>>());
    if rows.is_empty() {
        w!(out, "No source makes a claim on any topic.\n");
        return;
    }
    w!(out, "What each source says on each topic; **≠** marks a figure that excludes the value most sources allow (~ approximate, ≥ at least, ≤ at most).\n");
    let head: Vec<String> = shown.iter().map(|t| md(&truncate(&t.topic.label, 48))).collect();
    w!(out, "| Source | {} |", head.join(" | "));
    w!(out, "|---|{}", "--:|".repeat(shown.len()));
    for row in &rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|cell| match cell {
                None => "·".to_string(),
                Some(cell) => {
                    let mut figures: Vec<String> = cell
                        .figures
                        .iter()
                        .map(|(c, outlier)| if *outlier { format!("**≠ {}**", md(&stated(c))) } else { md(&stated(c)) })
                        .collect();
                    if cell.more > 0 {
                        figures.push(format!("(+{})", cell.more));
                    }
                    figures.join(" · ")
                }
            })
            .collect();
        w!(out, "| {} ({}) | {} |", md(row.name), source_kind_label(row.kind), cells.join(" | "));
    }
    if rest > 0 {
        w!(out, "\n*{} more sources are not shown.*", num(rest as f64));
    }
    if all.len() > shown.len() {
        w!(out, "\n*{} more topics are not shown.*", num((all.len() - shown.len()) as f64));
    }
    out.push('\n');
}

fn checks(out: &mut String, view: &View) {
    w!(out, "## Arithmetic checks\n");
    if view.report.checks.is_empty() {
        w!(out, "No document states figures that could be checked against each other.\n");
        return;
    }
    for c in view.report.checks.iter().take(MAX_CLAIM_ROWS) {
        let status = match c.status {
            CheckStatus::Holds => "✅ **holds**",
            CheckStatus::Fails => "❌ **fails**",
        };
        w!(
            out,
            "- {status} ({}): {} — computed {}, stated {} — {}",
            md(&c.kind),
            md(&c.expression),
            md(&num(c.computed)),
            md(&num(c.stated)),
            doc_link(view, &c.doc, "")
        );
    }
    if view.report.checks.len() > MAX_CLAIM_ROWS {
        w!(out, "\n*{} more checks are not shown.*", num((view.report.checks.len() - MAX_CLAIM_ROWS) as f64));
    }
    out.push('\n');
}

fn timeline(out: &mut String, view: &View) {
    let tl = &view.report.timeline;
    w!(out, "## Timeline\n");
    let (events, expected): (Vec<&TimelineEntry>, Vec<&TimelineEntry>) = tl.iter().partition(|e| !e.expected);
    if events.is_empty() {
        w!(out, "No dated events were found.\n");
    } else {
        timeline_table(out, view, &events, "Event");
    }
    if !expected.is_empty() {
        w!(out, "### Expected\n\nForecasts, plans and deadlines, by the date they are due: not events.\n");
        timeline_table(out, view, &expected, "Forecast, plan or deadline");
    }
}

/// Timeline entries as a table: the date to its precision, the sentence
/// and every document that reports it.
fn timeline_table(out: &mut String, view: &View, entries: &[&TimelineEntry], what: &str) {
    w!(out, "| Date | Precision | {what} | Reported by |\n|---|---|---|---|");
    for e in entries.iter().take(MAX_TIMELINE) {
        let mut links = vec![doc_link(view, &e.doc, &e.text)];
        let others: Vec<&String> = e.docs.iter().filter(|d| **d != e.doc).collect();
        links.extend(others.iter().take(MAX_DOC_LINKS).map(|d| doc_link(view, d, "")));
        if others.len() > MAX_DOC_LINKS {
            links.push(format!("and {} more", num((others.len() - MAX_DOC_LINKS) as f64)));
        }
        w!(out, "| {} | {} | {} | {} |", md(&date_label(&e.date, e.precision)), e.precision.as_str(), md(&e.text), links.join(" · "));
    }
    if entries.len() > MAX_TIMELINE {
        w!(out, "\n*{} later entries are not shown.*", num((entries.len() - MAX_TIMELINE) as f64));
    }
    out.push('\n');
}

fn entities(out: &mut String, view: &View) {
    w!(out, "## People and organisations\n");
    let mut ents: Vec<_> = view.report.entities.iter().collect();
    if ents.is_empty() {
        w!(out, "No people or organisations were found.\n");
        return;
    }
    ents.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.name.cmp(&b.name)));
    w!(out, "| Name | Kind | Roles | Also called | Mentions | Documents |\n|---|---|---|---|--:|---|");
    for e in ents.iter().take(MAX_ENTITIES) {
        let mut docs: Vec<String> = e
            .docs
            .iter()
            .take(MAX_DOC_LINKS)
            .map(|d| match view.doc(d) {
                Some((i, _)) => format!("[{}](#doc-{})", i + 1, i + 1),
                None => md(d),
            })
            .collect();
        if e.docs.len() > MAX_DOC_LINKS {
            docs.push(format!("+{}", num((e.docs.len() - MAX_DOC_LINKS) as f64)));
        }
        w!(
            out,
            "| **{}** | {} | {} | {} | {} | {} |",
            md(&e.name),
            e.kind.as_str(),
            md(&e.roles.join("; ")),
            md(&e.aliases.join(", ")),
            e.mentions,
            docs.join(" ")
        );
    }
    if ents.len() > MAX_ENTITIES {
        w!(out, "\n*{} less-mentioned entities are not shown.*", num((ents.len() - MAX_ENTITIES) as f64));
    }
    out.push('\n');
}

fn quotes(out: &mut String, view: &View, groups: &QuoteGroups) {
    w!(out, "## Quotes by speaker\n");
    let groups = groups.sorted();
    if groups.is_empty() {
        w!(out, "No quotes were found.\n");
        return;
    }
    for group in groups.iter().take(MAX_SPEAKERS) {
        w!(out, "### {} ({})\n", md(group.speaker.as_deref().unwrap_or("Unattributed")), plural(group.count, "quote", "quotes"));
        for q in group.first.iter().take(MAX_QUOTES_PER_SPEAKER) {
            let text = if q.direct {
                format!("“{}”", md(q.text.trim_matches(|c| matches!(c, '"' | '“' | '”'))))
            } else {
                format!("*{}*", md(&q.text))
            };
            w!(out, "- {} {text} — {}", if q.direct { "direct:" } else { "reported:" }, doc_link(view, &q.doc, &q.text));
        }
        if group.count > MAX_QUOTES_PER_SPEAKER {
            w!(out, "- *{} more quotes*", num((group.count - MAX_QUOTES_PER_SPEAKER) as f64));
        }
        out.push('\n');
    }
    if groups.len() > MAX_SPEAKERS {
        w!(out, "*{} more speakers are not shown.*\n", num((groups.len() - MAX_SPEAKERS) as f64));
    }
}

fn documents(out: &mut String, view: &View) {
    w!(out, "## Sources\n");
    let docs = &view.report.documents;
    if docs.is_empty() {
        w!(out, "No documents were read.");
        return;
    }
    w!(out, "| # | Title | Outlet | Published | Link |\n|--:|---|---|---|---|");
    for (i, d) in docs.iter().enumerate().take(MAX_DOCUMENTS) {
        let dup = match &d.duplicate_of {
            Some(o) => match view.doc(o) {
                Some((j, _)) => format!(" — *copy of [#{}](#doc-{})*", j + 1, j + 1),
                None => format!(" — *copy of {}*", md(o)),
            },
            None => String::new(),
        };
        let link = match d.url.as_deref().and_then(safe_url) {
            Some(u) => format!("[link]({u})"),
            None => "–".into(),
        };
        w!(
            out,
            "| <a id=\"doc-{}\"></a>{} | {}{dup} | {} | {} | {link} |",
            i + 1,
            i + 1,
            md(d.title.as_deref().unwrap_or("(untitled)")),
            md(d.outlet.as_deref().unwrap_or("–")),
            md(&d.published.as_deref().map(date).unwrap_or_else(|| "–".into()))
        );
    }
    if docs.len() > MAX_DOCUMENTS {
        w!(out, "\n*{} more documents are not listed.*", num((docs.len() - MAX_DOCUMENTS) as f64));
    }
}
