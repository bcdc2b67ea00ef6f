//! The commands that read the database and fuse it: `report`, `topics`,
//! `claims`, `timeline`, and `demo`, which runs the whole pipeline on the
//! bundled corpus.

use crate::tables::{escape, row, shorten, table};
use clap::{Args, ValueEnum};
use serde_json::json;
use sitrep_core::overrides::Override;
use sitrep_core::report::{Agreement, Report, Story, Topic};
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
    /// The id of the chosen story, if one is chosen.
    pub(crate) fn id(&self, store: &Store) -> std::io::Result<Option<String>> {
        let Some(query) = &self.story else { return Ok(None) };
        match store.find_story(query).map_err(io)? {
            Some(id) => Ok(Some(id)),
            None => Err(std::io::Error::new(std::io::ErrorKind::NotFound, format!("no story matches {query:?} (see `sitrep stories`)"))),
        }
    }

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

/// Topics `topics` lists unless `--limit` or `--all` says otherwise.
pub const TOPICS_LIMIT: usize = 100;

#[derive(Args)]
pub struct TopicsArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    story: StoryArg,
    /// List at most N topics (the largest stories' first, each story's in
    /// report order).
    #[arg(long, value_name = "N", default_value_t = TOPICS_LIMIT, conflicts_with = "all")]
    limit: usize,
    /// List every topic.
    #[arg(long)]
    all: bool,
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

/// The store with its stored fusion brought up to date, and the analyst's
/// corrections: every command that reads fused results (`report`,
/// `stories`, `topics`, `claims`, `timeline`, `demo`) opens through here.
pub(crate) fn open_fused(db: &Path) -> std::io::Result<(Store, Vec<Override>)> {
    let mut store = Store::open_existing(db).map_err(io)?;
    crate::fusion::refresh(&mut store)?;
    let corrections = store.overrides().map_err(io)?;
    Ok((store, corrections))
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> std::io::Result<T> {
    serde_json::from_str(json).map_err(|e| std::io::Error::other(format!("the stored {what} cannot be read: {e}")))
}

/// One story's stored report with the corrections applied (its own story
/// entry only).
fn corrected_story(store: &Store, id: &str, corrections: &[Override]) -> std::io::Result<Report> {
    let json = store
        .story_report(id)
        .map_err(io)?
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, format!("no story {id:?} (see `sitrep stories`)")))?;
    Ok(sitrep_fuse::correct_story(parse("story", &json)?, corrections))
}

/// One story's report, corrected, listing every story of the store (so the
/// dossier can name the others).
pub(crate) fn story_report(store: &Store, id: &str, corrections: &[Override]) -> std::io::Result<Report> {
    let mut report = corrected_story(store, id, corrections)?;
    let own = report.stories.pop();
    let mut all = Vec::new();
    for json in store.stories().map_err(io)? {
        let story: Story = parse("story", &json)?;
        all.push(match &own {
            Some(own) if own.id == story.id => own.clone(),
            _ => story,
        });
    }
    report.stories = all;
    Ok(report)
}

/// Call `f` with each story's corrected report (its own story entry only),
/// largest story first, until it returns false.
fn each_story(store: &Store, only: Option<&str>, corrections: &[Override], mut f: impl FnMut(Report) -> std::io::Result<bool>) -> std::io::Result<()> {
    let ids = match only {
        Some(id) => vec![id.to_string()],
        None => store.story_ids().map_err(io)?,
    };
    for id in ids {
        if !f(corrected_story(store, &id, corrections)?)? {
            break;
        }
    }
    Ok(())
}

/// The report of the chosen story, else of the largest (else the empty
/// report of an empty store).
fn chosen_or_largest(store: &Store, story: &StoryArg, corrections: &[Override]) -> std::io::Result<Report> {
    let id = match story.id(store)? {
        Some(id) => Some(id),
        None => store.story_ids().map_err(io)?.into_iter().next(),
    };
    match id {
        Some(id) => story_report(store, &id, corrections),
        None => Ok(sitrep_fuse::fuse_corrected(&[], corrections)),
    }
}

/// One array of the streamed report, written to a temporary file as the
/// stories go by.
struct Section {
    name: &'static str,
    path: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
    items: usize,
}

impl Section {
    fn new(name: &'static str) -> std::io::Result<Section> {
        let path = std::env::temp_dir().join(format!("sitrep-report-{}-{name}.json", std::process::id()));
        let file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        Ok(Section { name, path, file, items: 0 })
    }

    /// Add items, each pretty-printed at the depth of the report's arrays.
    fn push_all<T: serde::Serialize>(&mut self, items: &[T]) -> std::io::Result<()> {
        for item in items {
            let json = serde_json::to_string_pretty(item).map_err(std::io::Error::other)?;
            self.file.write_all(if self.items == 0 { b"\n    " } else { b",\n    " })?;
            self.file.write_all(json.replace('\n', "\n    ").as_bytes())?;
            self.items += 1;
        }
        Ok(())
    }

    /// Copy the array to `out` as the field `name` of the report.
    fn finish(mut self, out: &mut dyn Write) -> std::io::Result<()> {
        self.file.flush()?;
        write!(out, ",\n  \"{}\": [", self.name)?;
        if self.items > 0 {
            std::io::copy(&mut std::fs::File::open(&self.path)?, out)?;
            write!(out, "\n  ")?;
        }
        write!(out, "]")
    }
}

impl Drop for Section {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Write the whole report, every story, as JSON (the same text as
/// `sitrep_fuse::fuse_corrected` serialised), story by story: memory holds
/// one story's result at a time.
fn write_whole(store: &Store, corrections: &[Override], out: &mut dyn Write) -> std::io::Result<()> {
    let names = ["stories", "documents", "topics", "checks", "timeline", "entities", "quotes"];
    let mut sections: Vec<Section> = names.into_iter().map(Section::new).collect::<Result<_, _>>()?;
    let mut whole = sitrep_fuse::Assembly::default();
    store.each_outlet_date(|outlet, published| whole.tally.document(outlet, published)).map_err(io)?;
    each_story(store, None, corrections, |part| {
        sections[0].push_all(&part.stories)?;
        sections[1].push_all(&part.documents)?;
        sections[2].push_all(&part.topics)?;
        sections[3].push_all(&part.checks)?;
        sections[4].push_all(&part.timeline)?;
        sections[5].push_all(&part.entities)?;
        sections[6].push_all(&part.quotes)?;
        whole.add(Report { summary: part.summary, overrides: part.overrides, ..Report::default() });
        Ok(true)
    })?;
    let head = whole.finish(corrections);
    let summary = serde_json::to_string_pretty(&head.summary).map_err(std::io::Error::other)?;
    write!(out, "{{\n  \"summary\": {}", summary.replace('\n', "\n  "))?;
    for section in sections {
        section.finish(out)?;
    }
    if !head.overrides.is_empty() {
        let overrides = serde_json::to_string_pretty(&head.overrides).map_err(std::io::Error::other)?;
        write!(out, ",\n  \"overrides\": {}", overrides.replace('\n', "\n  "))?;
    }
    writeln!(out, "\n}}")
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
    let (store, corrections) = open_fused(&args.db.db)?;
    // JSON holds every story unless one is chosen, streamed story by story;
    // the dossier opens on the chosen story, else the largest, and lists
    // the others.
    if args.story.story.is_none() && format == Format::Json {
        return match &args.out {
            Some(path) => {
                let tmp = path.with_extension("tmp~");
                let written = std::fs::File::create(&tmp).and_then(|f| {
                    let mut out = std::io::BufWriter::new(f);
                    write_whole(&store, &corrections, &mut out)?;
                    out.flush()
                });
                written.and_then(|()| std::fs::rename(&tmp, path)).map_err(|e| {
                    let _ = std::fs::remove_file(&tmp);
                    std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
                })?;
                eprintln!("report written to {}", path.display());
                Ok(0)
            }
            None => {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                write_whole(&store, &corrections, &mut out)?;
                out.flush()?;
                Ok(0)
            }
        };
    }
    let report = chosen_or_largest(&store, &args.story, &corrections)?;
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

pub fn topics_table(topics: &[Topic]) -> String {
    let mut t = table(&["topic", "what is measured", "range", "agreement", "sources", "claims"]);
    for topic in topics {
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
    let (store, _) = open_fused(&args.db.db)?;
    let stored = store.stories().map_err(io)?;
    if args.json {
        let lines: String = stored.iter().map(|s| format!("{s}\n")).collect();
        crate::print(&lines)?;
        return Ok(0);
    }
    let mut t = table(&["story", "label", "documents", "independent", "topics", "first", "last"]);
    for json in &stored {
        let s: Story = parse("story", json)?;
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
    let (store, corrections) = open_fused(&args.db.db)?;
    let story = args.story.id(&store)?;
    // One more than the limit tells whether some were left out.
    let wanted = (!args.all).then(|| args.limit.saturating_add(1));
    let mut topics: Vec<Topic> = Vec::new();
    if corrections.is_empty() {
        for t in store.topics(story.as_deref(), wanted).map_err(io)? {
            topics.push(parse("topic", &t.topic)?);
        }
    } else {
        each_story(&store, story.as_deref(), &corrections, |part| {
            topics.extend(part.topics);
            Ok(wanted.is_none_or(|w| topics.len() < w))
        })?;
    }
    let more = wanted.is_some_and(|w| topics.len() >= w);
    topics.truncate(if args.all { topics.len() } else { args.limit });
    if args.json {
        let lines: Vec<String> = topics.iter().map(|t| serde_json::to_string(t).expect("topics serialise")).collect();
        crate::print(&lines.iter().map(|l| format!("{l}\n")).collect::<String>())?;
    } else {
        crate::print(&topics_table(&topics))?;
        for topic in topics.iter().filter(|t| !t.notes.is_empty()) {
            let notes: String = topic.notes.iter().map(|n| format!("  - {}\n", escape(&sitrep_report::note_text(topic, n)))).collect();
            crate::print(&format!("{} {}\n{notes}\n", topic.id, escape(&topic.label)))?;
        }
    }
    if more {
        eprintln!("sitrep: the first {} topics are listed; --limit N lists more, --all every one", args.limit);
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
    let (store, corrections) = open_fused(&args.db.db)?;
    let story = args.story.id(&store)?;
    // The stories to read: those with a matching topic, else the chosen one or all.
    let stories: Vec<String> = match (&args.topic, &story) {
        (Some(wanted), _) => store.stories_with_topic(wanted).map_err(io)?.into_iter().filter(|s| story.as_ref().is_none_or(|c| c == s)).collect(),
        (None, Some(id)) => vec![id.clone()],
        (None, None) => store.story_ids().map_err(io)?,
    };
    let mut out = String::new();
    let mut t = table(&["doc", "topic", "source", "how", "figure", "subject", "sentence"]);
    for id in stories {
        let report = corrected_story(&store, &id, &corrections)?;
        story_claims(&store, &report, &args, &mut out, &mut t)?;
    }
    if args.json {
        crate::print(&out)?;
    } else {
        crate::print(&format!("{t}\n"))?;
    }
    Ok(0)
}

/// The claims of one story's corrected report as JSON Lines (added to
/// `out`) or table rows (added to `t`).
fn story_claims(store: &Store, report: &Report, args: &ClaimsArgs, out: &mut String, t: &mut comfy_table::Table) -> std::io::Result<()> {
    let topics: Vec<&Topic> = match &args.topic {
        Some(wanted) => report.topics.iter().filter(|t| matches_topic(t, wanted)).collect(),
        None => Vec::new(),
    };
    // Only the documents the rows come from.
    let ids: Vec<String> = match &args.topic {
        Some(_) => topics.iter().flat_map(|t| t.claims.iter().map(|c| c.doc.clone())).collect(),
        None => report.documents.iter().map(|d| d.id.clone()).collect(),
    };
    let docs: Vec<Document> = store.documents_by_key(store.keys_of(&ids).map_err(io)?).collect::<Result<_, _>>().map_err(io)?;
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
    if args.topic.is_some() {
        let by_id: std::collections::HashMap<&str, &Document> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
        for topic in topics {
            for tc in &topic.claims {
                let found = by_id.get(tc.doc.as_str()).and_then(|d| d.claims.iter().find(|c| c.id == tc.claim).map(|c| (*d, c)));
                if let Some((d, c)) = found {
                    rows.push((Some(topic.id.as_str()), d, c));
                }
            }
        }
    } else {
        let rejected = rejected_claims(report);
        for d in &docs {
            for c in d.claims.iter().filter(|c| !rejected.contains(&sitrep_fuse::overrides::doc_claim_key(d, c))) {
                rows.push((in_topic.get(&(d.id.as_str(), c.id.as_str())).map(|(t, _)| *t), d, c));
            }
        }
    }
    // A source as the report names it (an analyst may have renamed it).
    let source_of = |d: &Document, c: &Claim| -> Option<String> {
        in_topic.get(&(d.id.as_str(), c.id.as_str())).and_then(|(_, s)| s.clone()).or_else(|| c.source.name.clone())
    };
    rows.retain(|(_, d, c)| source_ok(source_of(d, c).as_deref()));
    for (topic, d, c) in rows {
        if args.json {
            let mut v = serde_json::to_value(c).expect("claims serialise");
            v["doc"] = json!(d.id);
            v["key"] = json!(sitrep_fuse::overrides::doc_claim_key(d, c));
            v["topic"] = json!(topic);
            v["source"]["name"] = json!(source_of(d, c));
            out.push_str(&format!("{v}\n"));
            continue;
        }
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
    Ok(())
}

pub fn timeline(args: TimelineArgs) -> std::io::Result<usize> {
    let (store, corrections) = open_fused(&args.db.db)?;
    let story = args.story.id(&store)?;
    let mut entries = Vec::new();
    each_story(&store, story.as_deref(), &corrections, |part| {
        entries.extend(part.timeline);
        Ok(true)
    })?;
    if args.json {
        let lines: String = entries.iter().map(|e| format!("{}\n", serde_json::to_string(e).expect("entries serialise"))).collect();
        crate::print(&lines)?;
        return Ok(0);
    }
    // Events, then what is expected, each dated to its precision.
    let mut out = String::new();
    for expected in [false, true] {
        let entries: Vec<_> = entries.iter().filter(|e| e.expected == expected).collect();
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
    let (store, corrections) = open_fused(&args.db)?;
    let report = chosen_or_largest(&store, &StoryArg { story: None }, &corrections)?;
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
    write!(out, "{}", topics_table(&report.topics))?;
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
