//! The commands that read the database and fuse it: `report`, `topics`,
//! `claims`, `timeline`, and `demo`, which runs the whole pipeline on the
//! bundled corpus.

use crate::tables::{escape, row, shorten, table};
use clap::{Args, ValueEnum};
use serde_json::json;
use sitrep_core::report::{Agreement, Report, Topic};
use sitrep_core::{Bound, Claim, Document};
use crate::store_cmd::io;
use sitrep_fuse::text::format_number;
use sitrep_store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The database a query reads.
#[derive(Args)]
pub struct DbArg {
    /// The database to read (written by `sitrep ingest`).
    #[arg(long, value_name = "FILE", default_value = "sitrep.db")]
    pub db: PathBuf,
}

/// Which story a query narrows to.
#[derive(Args)]
pub struct StoryArg {
    /// Only this story: its id ("s3f2…", see `sitrep stories`) or a word of
    /// its label (case-insensitive).
    #[arg(long, value_name = "STORY")]
    pub story: Option<String>,
}

impl StoryArg {
    /// The report narrowed to the chosen story, or whole when none is chosen.
    pub(crate) fn narrow(&self, report: Report) -> std::io::Result<Report> {
        let Some(query) = &self.story else { return Ok(report) };
        let id = report
            .find_story(query)
            .map(|s| s.id.clone())
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, format!("no story matches {query:?} (see `sitrep stories`)")))?;
        Ok(report.narrowed(&id).expect("the story was just found"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A self-contained HTML dossier with charts.
    Html,
    /// Markdown tables.
    Md,
    /// The fused report as one JSON object.
    Json,
}

#[derive(Args)]
pub struct ReportArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    story: StoryArg,
    /// Output format [default: from the --out extension, else html].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct TopicsArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    story: StoryArg,
    /// Print JSON Lines, one topic per line, instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ClaimsArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    story: StoryArg,
    /// Only claims in topics whose id ("t2") is TOPIC or whose label
    /// contains it (case-insensitive).
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,
    /// Only claims whose source's name contains SOURCE (case-insensitive).
    #[arg(long, value_name = "SOURCE")]
    source: Option<String>,
    /// Print JSON Lines, one claim per line, instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    story: StoryArg,
    /// Print JSON Lines, one entry per line, instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    db: DbArg,
    /// Print JSON Lines, one story per line, instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct DemoArgs {
    /// Where to store the demo corpus.
    #[arg(long, value_name = "FILE", default_value = "sitrep-demo.db")]
    db: PathBuf,
    /// Where to write the HTML report.
    #[arg(long, value_name = "FILE", default_value = "report.html")]
    out: PathBuf,
}

/// Every document of the database, in ingest order.
pub fn load(db: &Path) -> std::io::Result<Vec<Document>> {
    let store = Store::open_existing(db).map_err(io)?;
    store.documents().collect::<Result<Vec<_>, _>>().map_err(io)
}

/// The documents of the database and their fused report with the
/// analyst's overrides applied: every command that reports (`report`,
/// `stories`, `topics`, `claims`, `timeline`, `demo`, `correct`,
/// `snapshot`, `changes`) loads through here, so all honour them.
pub(crate) fn fused(db: &Path) -> std::io::Result<(Vec<Document>, Report)> {
    let store = Store::open_existing(db).map_err(io)?;
    let docs = store.documents().collect::<Result<Vec<_>, _>>().map_err(io)?;
    let overrides = store.overrides().map_err(io)?;
    let report = sitrep_fuse::fuse_corrected(&docs, &overrides);
    Ok((docs, report))
}

fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Html => sitrep_report::html(report),
        Format::Md => sitrep_report::markdown(report),
        Format::Json => serde_json::to_string_pretty(report).expect("reports always serialise") + "\n",
    }
}

/// The format `--out`'s extension names (HTML without `--out`), or why it names none.
fn format_of(path: Option<&Path>) -> Result<Format, String> {
    let Some(path) = path else { return Ok(Format::Html) };
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => Ok(Format::Html),
        Some("md" | "markdown") => Ok(Format::Md),
        Some("json") => Ok(Format::Json),
        _ => Err(format!(
            "cannot tell the report format from --out {}: name it .html, .htm, .md, .markdown or .json, or give --format html|md|json",
            crate::tables::escape(&path.display().to_string())
        )),
    }
}

/// Write `contents` to `path` through a temporary file, so a reader never
/// sees half a report.
fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, contents).and_then(|()| std::fs::rename(&tmp, path)).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
    })
}

pub fn report(args: ReportArgs) -> std::io::Result<usize> {
    let format = match args.format {
        Some(f) => f,
        None => format_of(args.out.as_deref()).unwrap_or_else(|message| crate::usage_error(&message)),
    };
    let (_, report) = fused(&args.db.db)?;
    // JSON holds every story unless one is chosen; the dossier opens on the
    // chosen story, else the largest, and lists the others.
    let report = match (&args.story.story, format) {
        (None, Format::Json) => report,
        (None, _) => match report.stories.first().map(|s| s.id.clone()) {
            Some(id) => report.narrowed(&id).expect("a listed story"),
            None => report,
        },
        (Some(_), _) => args.story.narrow(report)?,
    };
    let text = render(&report, format);
    match &args.out {
        Some(path) => {
            write_atomically(path, &text)?;
            eprintln!("report written to {}", path.display());
        }
        None => crate::print(&text)?,
    }
    Ok(0)
}

/// "≤ 12,000", "~ 11,000", "10,000–12,000", with the unit and rate.
pub fn figure(value: Option<f64>, low: Option<f64>, high: Option<f64>, bound: Option<Bound>, unit: Option<&str>, per: Option<&str>) -> String {
    let n = |x: Option<f64>| x.map(format_number).unwrap_or_else(|| "?".into());
    let mut s = match bound {
        Some(Bound::AtLeast) => format!("≥ {}", n(low.or(value))),
        Some(Bound::AtMost) => format!("≤ {}", n(high.or(value))),
        Some(Bound::Approx) => format!("~ {}", n(value)),
        Some(Bound::Range) => format!("{}–{}", n(low), n(high)),
        Some(Bound::Exact) | None => n(value),
    };
    if let Some(u) = unit.filter(|u| *u != "person") {
        s.push_str(if u == "percent" { "%" } else { " " });
        if u != "percent" {
            s.push_str(u);
        }
    }
    if let Some(p) = per {
        s.push_str(&format!("/{p}"));
    }
    s
}

fn agreement(a: Agreement) -> &'static str {
    match a {
        Agreement::Consistent => "consistent",
        Agreement::Conflicting => "CONFLICTING",
        Agreement::Single => "single source",
    }
}

pub fn topics_table(report: &Report) -> String {
    let mut t = table(&["topic", "what is measured", "range", "agreement", "sources", "claims"]);
    for topic in &report.topics {
        let range = if topic.range.low.is_none() && topic.range.high.is_none() {
            "(no firm figure)".to_string()
        } else if topic.range.low == topic.range.high {
            figure(topic.range.low, None, None, Some(Bound::Exact), topic.unit.as_deref(), topic.per.as_deref())
        } else {
            figure(None, topic.range.low, topic.range.high, Some(Bound::Range), topic.unit.as_deref(), topic.per.as_deref())
        };
        t.add_row(row(vec![
            topic.id.clone(),
            topic.label.clone(),
            range,
            agreement(topic.agreement).to_string(),
            topic.independent_sources.to_string(),
            topic.claims.len().to_string(),
        ]));
    }
    format!("{t}\n")
}

pub fn stories(args: StoriesArgs) -> std::io::Result<usize> {
    let (_, report) = fused(&args.db.db)?;
    if args.json {
        let lines: String = report.stories.iter().map(|s| format!("{}\n", serde_json::to_string(s).expect("stories serialise"))).collect();
        crate::print(&lines)?;
        return Ok(0);
    }
    let mut t = table(&["story", "label", "documents", "independent", "topics", "first", "last"]);
    for s in &report.stories {
        t.add_row(row(vec![
            s.id.clone(),
            shorten(&s.label, 60),
            s.documents.len().to_string(),
            s.independent_documents.to_string(),
            s.topics.len().to_string(),
            s.first_published.clone().unwrap_or_default(),
            s.last_published.clone().unwrap_or_default(),
        ]));
    }
    crate::print(&format!("{t}\n"))?;
    Ok(0)
}

pub fn topics(args: TopicsArgs) -> std::io::Result<usize> {
    let (_, report) = fused(&args.db.db)?;
    let report = args.story.narrow(report)?;
    if args.json {
        let lines: Vec<String> = report.topics.iter().map(|t| serde_json::to_string(t).expect("topics serialise")).collect();
        crate::print(&lines.iter().map(|l| format!("{l}\n")).collect::<String>())?;
    } else {
        crate::print(&topics_table(&report))?;
        for topic in report.topics.iter().filter(|t| !t.notes.is_empty()) {
            let notes: String = topic.notes.iter().map(|n| format!("  - {}\n", escape(&sitrep_report::note_text(topic, n)))).collect();
            crate::print(&format!("{} {}\n{notes}\n", topic.id, escape(&topic.label)))?;
        }
    }
    Ok(0)
}

/// The keys of the claims the analyst rejected (and that are still there to reject).
fn rejected_claims(report: &Report) -> std::collections::HashSet<String> {
    use sitrep_core::overrides::Correction;
    report
        .overrides
        .iter()
        .filter(|a| a.applied)
        .filter_map(|a| match &a.correction {
            Correction::RejectClaim { claim } => Some(claim.clone()),
            _ => None,
        })
        .collect()
}

fn matches_topic(topic: &Topic, wanted: &str) -> bool {
    topic.id.eq_ignore_ascii_case(wanted) || topic.label.to_lowercase().contains(&wanted.to_lowercase())
}

pub fn claims(args: ClaimsArgs) -> std::io::Result<usize> {
    let (docs, report) = fused(&args.db.db)?;
    let report = args.story.narrow(report)?;
    let in_story: std::collections::HashSet<&str> = report.documents.iter().map(|d| d.id.as_str()).collect();
    // (document, claim id) → (topic id, source name) as the corrected report has them.
    let mut in_topic: std::collections::HashMap<(&str, &str), (&str, Option<String>)> = std::collections::HashMap::new();
    for t in &report.topics {
        for c in &t.claims {
            in_topic.insert((c.doc.as_str(), c.claim.as_str()), (t.id.as_str(), c.source.clone()));
        }
    }
    let source_ok = |name: Option<&str>| match &args.source {
        None => true,
        Some(s) => name.is_some_and(|n| n.to_lowercase().contains(&s.to_lowercase())),
    };
    // (topic id, document, claim) rows; without --topic every claim of every document.
    let mut rows: Vec<(Option<&str>, &Document, &Claim)> = Vec::new();
    match &args.topic {
        Some(wanted) => {
            let by_id: std::collections::HashMap<&str, &Document> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
            for topic in report.topics.iter().filter(|t| matches_topic(t, wanted)) {
                for tc in &topic.claims {
                    let found = by_id.get(tc.doc.as_str()).and_then(|d| d.claims.iter().find(|c| c.id == tc.claim).map(|c| (*d, c)));
                    if let Some((d, c)) = found {
                        rows.push((Some(topic.id.as_str()), d, c));
                    }
                }
            }
        }
        None => {
            let rejected = rejected_claims(&report);
            for d in docs.iter().filter(|d| in_story.contains(d.id.as_str())) {
                for c in d.claims.iter().filter(|c| !rejected.contains(&sitrep_fuse::overrides::doc_claim_key(d, c))) {
                    rows.push((in_topic.get(&(d.id.as_str(), c.id.as_str())).map(|(t, _)| *t), d, c));
                }
            }
        }
    }
    // A source as the report names it (an analyst may have renamed it).
    let source_of = |d: &Document, c: &Claim| -> Option<String> {
        in_topic.get(&(d.id.as_str(), c.id.as_str())).and_then(|(_, s)| s.clone()).or_else(|| c.source.name.clone())
    };
    rows.retain(|(_, d, c)| source_ok(source_of(d, c).as_deref()));
    if args.json {
        let mut out = String::new();
        for (topic, d, c) in rows {
            let mut v = serde_json::to_value(c).expect("claims serialise");
            v["doc"] = json!(d.id);
            v["key"] = json!(sitrep_fuse::overrides::doc_claim_key(d, c));
            v["topic"] = json!(topic);
            v["source"]["name"] = json!(source_of(d, c));
            out.push_str(&format!("{v}\n"));
        }
        crate::print(&out)?;
        return Ok(0);
    }
    let mut t = table(&["doc", "topic", "source", "how", "figure", "subject", "sentence"]);
    for (topic, d, c) in rows {
        let fig = if c.quantity.is_some() {
            figure(c.value, c.low, c.high, c.bound, c.unit.as_deref(), c.per.as_deref())
        } else {
            "(statement)".to_string()
        };
        t.add_row(row(vec![
            format!("{}#{}", shorten(&d.id, 32), c.id),
            topic.unwrap_or("").to_string(),
            format!("{} ({:?})", source_of(d, c).as_deref().unwrap_or("?"), c.source.kind).to_lowercase(),
            c.modality.as_str().to_string(),
            fig,
            shorten(&c.subject, 50),
            shorten(&c.text, 140),
        ]));
    }
    crate::print(&format!("{t}\n"))?;
    Ok(0)
}

pub fn timeline(args: TimelineArgs) -> std::io::Result<usize> {
    let (_, report) = fused(&args.db.db)?;
    let report = args.story.narrow(report)?;
    if args.json {
        let lines: String = report.timeline.iter().map(|e| format!("{}\n", serde_json::to_string(e).expect("entries serialise"))).collect();
        crate::print(&lines)?;
        return Ok(0);
    }
    // Events, then what is expected, each dated to its precision.
    let mut out = String::new();
    for expected in [false, true] {
        let entries: Vec<_> = report.timeline.iter().filter(|e| e.expected == expected).collect();
        if entries.is_empty() {
            continue;
        }
        let mut t = table(&[if expected { "expected" } else { "date" }, "precision", if expected { "forecast, plan or deadline" } else { "event" }, "documents"]);
        for e in entries {
            t.add_row(row(vec![sitrep_report::date_label(&e.date, e.precision), e.precision.as_str().to_string(), shorten(&e.text, 150), e.docs.len().to_string()]));
        }
        out.push_str(&format!("{t}\n"));
    }
    crate::print(&out)?;
    Ok(0)
}

/// Ingest the bundled corpus into `args.db`, write the HTML report to
/// `args.out`, and say where it is with the key findings.
pub fn demo(args: DemoArgs) -> std::io::Result<usize> {
    let failed = crate::store_cmd::ingest_into(&args.db, crate::pipeline::demo_inputs(), &Default::default())?;
    let (_, report) = fused(&args.db)?;
    let report = match report.stories.first().map(|s| s.id.clone()) {
        Some(id) => report.narrowed(&id).expect("a listed story"),
        None => report,
    };
    write_atomically(&args.out, &sitrep_report::html(&report))?;
    let mut out = std::io::stdout().lock();
    let s = &report.summary;
    writeln!(
        out,
        "{} documents ({} independent) from {} outlets, {} to {}.\n",
        s.documents,
        s.independent_documents,
        s.outlets.len(),
        s.first_published.as_deref().unwrap_or("?"),
        s.last_published.as_deref().unwrap_or("?")
    )?;
    write!(out, "{}", topics_table(&report))?;
    let path = std::fs::canonicalize(&args.out).unwrap_or(args.out.clone());
    writeln!(out, "\nReport: {}\nDatabase: {}", path.display(), args.db.display())?;
    Ok(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_figures_read_like_a_newspaper() {
        assert_eq!(format_number(12000.0), "12,000");
        assert_eq!(format_number(1_280_000.0), "1,280,000");
        assert_eq!(format_number(98.3), "98.3");
        assert_eq!(format_number(-2.5), "-2.5");
        assert_eq!(figure(Some(12000.0), None, Some(12000.0), Some(Bound::AtMost), Some("person"), None), "≤ 12,000");
        assert_eq!(figure(Some(2000.0), Some(2000.0), Some(2000.0), Some(Bound::Approx), Some("USD"), Some("month")), "~ 2,000 USD/month");
        assert_eq!(figure(None, Some(10000.0), Some(12000.0), Some(Bound::Range), None, None), "10,000–12,000");
        assert_eq!(figure(Some(80.0), None, None, Some(Bound::Exact), Some("percent"), None), "80%");
    }

    #[test]
    fn format_follows_the_out_extension() {
        assert!(format_of(Some(Path::new("r.md"))) == Ok(Format::Md));
        assert!(format_of(Some(Path::new("r.JSON"))) == Ok(Format::Json));
        assert!(format_of(Some(Path::new("r.html"))) == Ok(Format::Html));
        assert!(format_of(None) == Ok(Format::Html));
        let e = format_of(Some(Path::new("report.txt"))).unwrap_err();
        assert!(e.contains("report.txt") && e.contains(".md") && e.contains("--format"), "{e}");
        assert!(format_of(Some(Path::new("report"))).is_err());
    }
}
