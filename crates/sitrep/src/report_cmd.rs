//! The commands that read the database and fuse it: `report`, `topics`,
//! `claims`, `timeline`, and `demo`, which runs the whole pipeline on the
//! bundled corpus.

use crate::tables::{escape, row, shorten, table};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use serde_json::json;
use sitrep_core::overrides::Override;
use sitrep_core::report::{Agreement, Report, Story, Topic};
use sitrep_core::{Bound, Claim};
use crate::pretty::{Pretty, Sink};
use crate::store_cmd::io;
use sitrep_fuse::text::format_number;
use sitrep_store::{CitedClaim, Store};
use std::io::{Read, Write};
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
    /// Indent JSON (two spaces a level) even when it is written to a file
    /// or a pipe; on a terminal it always is, elsewhere it is compact, on
    /// one line.
    #[arg(long)]
    pretty: bool,
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
    /// Print at most N claims [default: 1000 in a table, every one as JSON Lines].
    #[arg(long, value_name = "N", conflicts_with = "all")]
    limit: Option<usize>,
    /// Print every claim, in a table too.
    #[arg(long)]
    all: bool,
}

/// Claims a `claims` table lists unless `--limit` or `--all` says
/// otherwise: a topic of a large story holds a hundred thousand, which no
/// one reads in a terminal and a table holds whole before it is printed.
pub const CLAIMS_LIMIT: usize = 1000;
/// The claims of a stored topic listed per batch (their JSON lines made in parallel).
const CLAIM_BATCH: usize = 4096;

#[derive(Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    story: StoryArg,
    /// Print JSON Lines, one entry per line, instead of a table.
    #[arg(long)]
    json: bool,
    /// Print at most N entries [default: 1000 events and 1000 expected in
    /// tables, every one as JSON Lines].
    #[arg(long, value_name = "N", conflicts_with = "all")]
    limit: Option<usize>,
    /// Print every entry, in tables too.
    #[arg(long)]
    all: bool,
}

/// Entries each table of `timeline` lists unless `--limit` or `--all`
/// says otherwise: the timeline of a million articles holds hundreds of
/// thousands, which a table holds whole before it is printed.
pub const TIMELINE_LIMIT: usize = 1000;

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

/// The store with its stored fusion brought up to date (saying so on
/// standard error when it was behind: after `--no-fuse`, or a fusion cut
/// short), and the analyst's corrections: every command that reads fused
/// results (`report`, `stories`, `topics`, `claims`, `timeline`, `demo`)
/// opens through here.
pub(crate) fn open_fused(db: &Path) -> std::io::Result<(Store, Vec<Override>)> {
    let mut store = Store::open_existing(db).map_err(io)?;
    crate::store_cmd::refresh_store(&mut store)?;
    let corrections = store.overrides().map_err(io)?;
    Ok((store, corrections))
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> std::io::Result<T> {
    serde_json::from_str(json).map_err(|e| std::io::Error::other(format!("the stored {what} cannot be read: {e}")))
}

/// One story's stored report with the corrections applied (its own story
/// entry only).
pub(crate) fn corrected_story(store: &Store, id: &str, corrections: &[Override]) -> std::io::Result<Report> {
    // Parsed as it is read, so the JSON is never in memory whole.
    let json = store
        .story_report_reader(id)
        .map_err(io)?
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, format!("no story {id:?} (see `sitrep stories`)")))?;
    let report = serde_json::from_reader(std::io::BufReader::with_capacity(1 << 16, json))
        .map_err(|e| std::io::Error::other(format!("the stored story cannot be read: {e}")))?;
    Ok(sitrep_fuse::correct_story(report, corrections))
}

/// One story's report, corrected, listing every story of the store (so the
/// dossier can name the others).
pub(crate) fn story_report(store: &Store, id: &str, corrections: &[Override]) -> std::io::Result<Report> {
    let mut report = corrected_story(store, id, corrections)?;
    report.stories = every_story(store, report.stories.pop())?;
    Ok(report)
}

/// Every story's stored entry, the story `id`'s own taken from `own` (its
/// report's entry), so the dossier can name the others.
fn every_story(store: &Store, own: Option<Story>) -> std::io::Result<Vec<Story>> {
    let mut all = Vec::new();
    for json in store.stories().map_err(io)? {
        let story: Story = parse("story", &json)?;
        all.push(match &own {
            Some(own) if own.id == story.id => own.clone(),
            _ => story,
        });
    }
    Ok(all)
}

/// One story's uncorrected report as the dossier reads it, listing every
/// story of the store, with what the dossier shows of each topic and of
/// the quotes as fusion stored them (the report read without its topics
/// and quotes, both left empty): a story of 100,000 articles has over a
/// million quotes and topics of 100,000 claims, of which the dossier shows
/// a few hundred, so neither is read.
fn dossier_story(store: &Store, id: &str) -> std::io::Result<(Report, Vec<sitrep_report::DossierTopic>, sitrep_report::QuoteGroups)> {
    use serde::de::{Error as _, IgnoredAny, MapAccess, Visitor};
    use sitrep_report::QuoteGroups;
    use std::fmt;
    /// The report object (its topics and quotes, empty as read: the
    /// topics are the stored dossier topics, the quotes the stored groups).
    struct Fields;
    impl<'de> Visitor<'de> for Fields {
        type Value = Report;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a story's report")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Report, A::Error> {
            let (mut summary, mut stories, mut documents, mut topics) = (None, None, None, false);
            let (mut checks, mut timeline, mut entities, mut quotes, mut overrides) = (None, None, None, false, None);
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                match key.as_ref() {
                    "summary" => summary = Some(map.next_value()?),
                    "stories" => stories = Some(map.next_value()?),
                    "documents" => documents = Some(map.next_value()?),
                    "topics" => {
                        map.next_value::<IgnoredAny>()?;
                        topics = true;
                    }
                    "checks" => checks = Some(map.next_value()?),
                    "timeline" => timeline = Some(map.next_value()?),
                    "entities" => entities = Some(map.next_value()?),
                    "quotes" => {
                        map.next_value::<IgnoredAny>()?;
                        quotes = true;
                    }
                    "overrides" => overrides = Some(map.next_value()?),
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            fn field<T, E: serde::de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
                value.ok_or_else(|| E::missing_field(name))
            }
            if !topics {
                return Err(A::Error::missing_field("topics"));
            }
            if !quotes {
                return Err(A::Error::missing_field("quotes"));
            }
            Ok(Report {
                summary: field(summary, "summary")?,
                stories: field(stories, "stories")?,
                documents: field(documents, "documents")?,
                topics: Vec::new(),
                checks: field(checks, "checks")?,
                timeline: field(timeline, "timeline")?,
                entities: field(entities, "entities")?,
                quotes: Vec::new(),
                overrides: overrides.unwrap_or_default(),
            })
        }
    }
    // Every story's entry, read before the report so their JSON is gone
    // when it is parsed; the dossier names the first others with their
    // sizes and counts the rest, whose lists of documents and topics (a
    // million document ids over a million articles) are not kept.
    let (mut stories, mut others) = (Vec::new(), 0);
    for json in store.stories().map_err(io)? {
        let mut story: Story = parse("story", &json)?;
        if story.id != id {
            others += 1;
            if others > sitrep_report::OTHER_STORIES {
                story.documents = Vec::new();
                story.topics = Vec::new();
            }
        }
        stories.push(story);
    }
    let missing = || std::io::Error::new(std::io::ErrorKind::NotFound, format!("no story {id:?} (see `sitrep stories`)"));
    let groups = store.story_quote_groups(id).map_err(io)?.ok_or_else(missing)?;
    let groups = QuoteGroups::from_json(&groups).map_err(|e| std::io::Error::other(format!("the stored story cannot be read: {e}")))?;
    let unreadable = |e: serde_json::Error| std::io::Error::other(format!("the stored story cannot be read: {e}"));
    // The report without its topics and quotes is small: parsed from
    // memory (serde_json reads a slice many times faster than a reader).
    let json = store.story_report_bare(id).map_err(io)?.ok_or_else(missing)?;
    let mut de = serde_json::Deserializer::from_slice(&json);
    let mut report = serde::Deserializer::deserialize_map(&mut de, Fields).and_then(|report| de.end().map(|()| report)).map_err(unreadable)?;
    drop(json);
    // What it shows of its topics, each parsed where SQLite holds the row.
    let (mut topics, mut failed) = (Vec::new(), None);
    store
        .each_dossier_topic(id, |json| match serde_json::from_str(json) {
            Ok(topic) => topics.push(topic),
            Err(e) => failed = failed.take().or(Some(e)),
        })
        .map_err(io)?;
    if let Some(e) = failed {
        return Err(unreadable(e));
    }
    if let Some(own) = report.stories.pop() {
        for story in stories.iter_mut().filter(|s| s.id == own.id) {
            *story = own.clone();
        }
    }
    report.stories = stories;
    Ok((report, topics, groups))
}

/// Call `f` with each story's corrected report (its own story entry only),
/// largest story first, until it returns false.
pub(crate) fn each_story(store: &Store, only: Option<&str>, corrections: &[Override], mut f: impl FnMut(Report) -> std::io::Result<bool>) -> std::io::Result<()> {
    for id in story_ids(store, only)? {
        if !f(corrected_story(store, &id, corrections)?)? {
            break;
        }
    }
    Ok(())
}

/// The chosen story's id, else every story's, largest first.
fn story_ids(store: &Store, only: Option<&str>) -> std::io::Result<Vec<String>> {
    match only {
        Some(id) => Ok(vec![id.to_string()]),
        None => store.story_ids().map_err(io),
    }
}

/// How many items a listing prints: every one with `--all` or as JSON
/// Lines unless `--limit N` says otherwise, else `--limit N` or `table`
/// (a table is held whole before it is printed).
fn listed_at_most(all: bool, limit: Option<usize>, json: bool, table: usize) -> usize {
    match (all, limit) {
        (true, _) => usize::MAX,
        (false, Some(n)) => n,
        (false, None) if json => usize::MAX,
        (false, None) => table,
    }
}

/// The id of the chosen story, else of the largest (`None` in an empty store).
fn chosen_or_largest_id(store: &Store, story: &StoryArg) -> std::io::Result<Option<String>> {
    match story.id(store)? {
        Some(id) => Ok(Some(id)),
        None => Ok(store.story_ids().map_err(io)?.into_iter().next()),
    }
}

/// The report of the chosen story, else of the largest (else the empty
/// report of an empty store).
fn chosen_or_largest(store: &Store, story: &StoryArg, corrections: &[Override]) -> std::io::Result<Report> {
    match chosen_or_largest_id(store, story)? {
        Some(id) => story_report(store, &id, corrections),
        None => Ok(sitrep_fuse::fuse_corrected(&[], corrections)),
    }
}

/// Write one story's uncorrected report as JSON, the text
/// [`story_report`] serialised would be, from the stored JSON as it is:
/// re-indented, not parsed, on every core, a batch at a time as SQLite's
/// incremental BLOB I/O reads it (`pretty::Pretty::feed_all`), with
/// `stories` listing every story's stored entry. Memory holds two batches
/// of the report and the stories' entries, whatever the size of the story.
/// The report and its topics are read ahead on connections of their own
/// ([`Store::read_ahead_story`]): from a cold page cache, each waits on
/// the disk, and one after the other they did longer.
fn write_story_json(store: &Store, id: &str, indent: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let mut report = store
        .story_report_reader(id)
        .map_err(io)?
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, format!("no story {id:?} (see `sitrep stories`)")))?;
    let (path, stop) = (store.path(), std::sync::atomic::AtomicBool::new(false));
    std::thread::scope(|scope| {
        scope.spawn(|| Store::read_ahead_story(path, id, &stop));
        let written = write_story_parts(store, &mut report, indent, out);
        // Done, or failed (a closed pipe): nothing is read ahead for it now.
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        written
    })
}

/// [`write_story_json`]'s writing: the entries, then the report from
/// `report`, indented or compact (the stored JSON is compact: it is then
/// copied as it is).
fn write_story_parts(store: &Store, report: &mut dyn Read, indent: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let stories = store.stories().map_err(io)?;
    let mut list = |sink: &mut Sink<'_>| -> std::io::Result<()> {
        if stories.is_empty() {
            sink.buf.extend_from_slice(b"[]");
            return Ok(());
        }
        sink.buf.push(b'[');
        for (k, story) in stories.iter().enumerate() {
            if indent {
                sink.buf.extend_from_slice(if k == 0 { b"\n    " } else { b",\n    " });
                Pretty::new(2, None).feed(story.as_bytes(), sink, &mut |_| Ok(()))?;
            } else {
                if k > 0 {
                    sink.buf.push(b',');
                }
                sink.buf.extend_from_slice(story.as_bytes());
            }
        }
        sink.buf.extend_from_slice(if indent { &b"\n  ]"[..] } else { b"]" });
        Ok(())
    };
    let unreadable = || std::io::Error::other("the stored story cannot be read: it is not one JSON object");
    let mut sink = Sink::new(out);
    let field = Some(&b"\"stories\""[..]);
    let mut pretty = if indent { Pretty::new(0, field) } else { Pretty::compact(field) };
    let mut first = [0];
    if report.read(&mut first)? == 0 || first[0] != b'{' {
        return Err(unreadable());
    }
    pretty.feed(&first, &mut sink, &mut list)?;
    pretty.feed_all(report, &mut sink, &mut list)?;
    if !pretty.done() {
        return Err(unreadable());
    }
    sink.buf.push(b'\n');
    sink.finish()
}

/// Standard output as a file of its own (a duplicate of its descriptor),
/// written directly when it can be (`direct.rs`), without the line
/// buffering of `std::io::Stdout`, which would cut every large write at
/// its last line break.
#[cfg(target_os = "linux")]
fn stdout_output() -> std::io::Result<crate::direct::Direct> {
    use std::os::fd::AsFd;
    Ok(crate::direct::Direct::new(std::fs::File::from(std::io::stdout().as_fd().try_clone_to_owned()?)))
}

/// Standard output, buffered.
#[cfg(not(target_os = "linux"))]
fn stdout_output() -> std::io::Result<impl Write> {
    Ok(std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock()))
}

/// A file to write a large output to, directly when it can be.
#[cfg(target_os = "linux")]
fn file_output(file: std::fs::File) -> impl Write {
    crate::direct::Direct::new(file)
}

/// A file to write a large output to, buffered.
#[cfg(not(target_os = "linux"))]
fn file_output(file: std::fs::File) -> impl Write {
    std::io::BufWriter::with_capacity(1 << 20, file)
}

/// Call `write` with standard output, or with `path` (through a temporary
/// file, so a reader never sees half a report, and saying where it is).
fn write_to(path: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let Some(path) = path else {
        // Nothing is printed before the report, so nothing is left in
        // Stdout's buffer to come after it.
        let mut out = stdout_output()?;
        write(&mut out)?;
        return out.flush();
    };
    let tmp = path.with_extension("tmp~");
    let written = std::fs::File::create(&tmp).and_then(|f| {
        let mut out = file_output(f);
        write(&mut out)?;
        out.flush()
    });
    written.and_then(|()| std::fs::rename(&tmp, path)).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        std::io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
    })?;
    eprintln!("report written to {}", path.display());
    Ok(())
}

/// One array of the streamed report, written to a temporary file as the
/// stories go by.
struct Section {
    name: &'static str,
    path: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
    items: usize,
    indent: bool,
}

impl Section {
    fn new(name: &'static str, indent: bool) -> std::io::Result<Section> {
        let path = std::env::temp_dir().join(format!("sitrep-report-{}-{name}.json", std::process::id()));
        let file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        Ok(Section { name, path, file, items: 0, indent })
    }

    /// Add items, each pretty-printed at the depth of the report's arrays,
    /// or compact.
    fn push_all<T: serde::Serialize>(&mut self, items: &[T]) -> std::io::Result<()> {
        for item in items {
            let comma = if self.items == 0 { "" } else { "," };
            let line = if self.indent { "\n    " } else { "" };
            write!(self.file, "{comma}{line}{}", nested(item, self.indent.then_some(2))?)?;
            self.items += 1;
        }
        Ok(())
    }

    /// Copy the array to `out` as the field `name` of the report.
    fn finish(mut self, out: &mut dyn Write) -> std::io::Result<()> {
        self.file.flush()?;
        let (line, colon) = if self.indent { ("\n  ", ": ") } else { ("", ":") };
        write!(out, ",{line}\"{}\"{colon}[", self.name)?;
        if self.items > 0 {
            std::io::copy(&mut std::fs::File::open(&self.path)?, out)?;
            write!(out, "{line}")?;
        }
        write!(out, "]")
    }
}

/// `value` as JSON: indented as a value nested `depth` levels deep (two
/// spaces a level), or compact without a depth.
fn nested<T: serde::Serialize>(value: &T, depth: Option<usize>) -> std::io::Result<String> {
    match depth {
        Some(depth) => serde_json::to_string_pretty(value).map(|json| json.replace('\n', &format!("\n{}", "  ".repeat(depth)))),
        None => serde_json::to_string(value),
    }
    .map_err(std::io::Error::other)
}

impl Drop for Section {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Write the whole report, every story, as JSON (the same text as
/// `sitrep_fuse::fuse_corrected` serialised), story by story: memory holds
/// one story's result at a time.
fn write_whole(store: &Store, corrections: &[Override], indent: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let names = ["stories", "documents", "topics", "checks", "timeline", "entities", "quotes"];
    let mut sections: Vec<Section> = names.into_iter().map(|name| Section::new(name, indent)).collect::<Result<_, _>>()?;
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
    let depth = indent.then_some(1);
    let (line, colon, end) = if indent { ("\n  ", ": ", "\n") } else { ("", ":", "") };
    write!(out, "{{{line}\"summary\"{colon}{}", nested(&head.summary, depth)?)?;
    for section in sections {
        section.finish(out)?;
    }
    if !head.overrides.is_empty() {
        write!(out, ",{line}\"overrides\"{colon}{}", nested(&head.overrides, depth)?)?;
    }
    writeln!(out, "{end}}}")
}

fn render(report: &Report, format: Format, indent: bool) -> String {
    match format {
        Format::Html => sitrep_report::html(report),
        Format::Md => sitrep_report::markdown(report),
        Format::Json if indent => serde_json::to_string_pretty(report).expect("reports always serialise") + "\n",
        Format::Json => serde_json::to_string(report).expect("reports always serialise") + "\n",
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
    // JSON is indented for a reader at a terminal, compact for a program.
    let indent = args.pretty || (args.out.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()));
    let (store, corrections) = open_fused(&args.db.db)?;
    // JSON holds every story unless one is chosen, streamed story by story;
    // the dossier opens on the chosen story, else the largest, and lists
    // the others.
    if args.story.story.is_none() && format == Format::Json {
        write_to(args.out.as_deref(), |out| write_whole(&store, &corrections, indent, out))?;
        return Ok(0);
    }
    // Uncorrected, one story's JSON is its stored report, streamed.
    if format == Format::Json && corrections.is_empty() {
        if let Some(id) = chosen_or_largest_id(&store, &args.story)? {
            write_to(args.out.as_deref(), |out| write_story_json(&store, &id, indent, out))?;
            return Ok(0);
        }
    }
    // Uncorrected, the dossier (HTML or Markdown) reads what it shows of
    // the story's topics and quotes as stored, not the topics' claims.
    let stored = if format != Format::Json && corrections.is_empty() { chosen_or_largest_id(&store, &args.story)? } else { None };
    let text = match stored {
        Some(id) => {
            let (report, topics, quotes) = dossier_story(&store, &id)?;
            match format {
                Format::Md => sitrep_report::markdown_shown(&report, &topics, &quotes),
                _ => sitrep_report::html_shown(&report, &topics, &quotes),
            }
        }
        None => render(&chosen_or_largest(&store, &args.story, &corrections)?, format, indent),
    };
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

/// The head of a table of topics.
const TOPICS_HEAD: [&str; 6] = ["topic", "what is measured", "range", "agreement", "sources", "claims"];

/// A topic's row of a table of topics.
fn topic_row(topic: &Topic) -> Vec<String> {
    row(topic_cells(topic))
}

/// A topic's cells of a table of topics, not escaped.
fn topic_cells(topic: &Topic) -> Vec<String> {
    let range = if topic.range.low.is_none() && topic.range.high.is_none() {
        "(no firm figure)".to_string()
    } else if topic.range.low == topic.range.high {
        figure(topic.range.low, None, None, Some(Bound::Exact), topic.unit.as_deref(), topic.per.as_deref())
    } else {
        figure(None, topic.range.low, topic.range.high, Some(Bound::Range), topic.unit.as_deref(), topic.per.as_deref())
    };
    vec![
        topic.id.clone(),
        topic.label.clone(),
        range,
        agreement(topic.agreement).to_string(),
        topic.independent_sources.to_string(),
        topic.claims.len().to_string(),
    ]
}

pub fn topics_table(topics: &[Topic]) -> String {
    let mut t = table(&TOPICS_HEAD);
    for topic in topics {
        t.add_row(topic_row(topic));
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
    let mut listing = Listing {
        json: args.json,
        limit: if args.all { usize::MAX } else { args.limit },
        listed: 0,
        more: false,
        out: std::io::BufWriter::new(std::io::stdout().lock()),
        table: table(&TOPICS_HEAD),
        notes: String::new(),
    };
    // Story by story, so memory holds one story's topics at a time.
    if corrections.is_empty() {
        let mut failed = None;
        store
            .each_topic(story.as_deref(), args.json, |t| match listing.add_stored(&t) {
                Ok(()) => !listing.more,
                Err(e) => {
                    failed = Some(e);
                    false
                }
            })
            .map_err(io)?;
        if let Some(e) = failed {
            return Err(e);
        }
    } else {
        each_story(&store, story.as_deref(), &corrections, |part| {
            for topic in &part.topics {
                listing.add(topic)?;
            }
            Ok(!listing.more)
        })?;
    }
    if !args.json {
        write!(listing.out, "{}\n{}", listing.table, listing.notes)?;
    }
    listing.out.flush()?;
    if listing.more {
        eprintln!("sitrep: the first {} topics are listed; --limit N lists more, --all every one", args.limit);
    }
    Ok(0)
}

/// What `topics` prints, a topic at a time: JSON Lines written as they
/// come, or a table's rows and the topics' notes (printed after it).
struct Listing<W: Write> {
    json: bool,
    limit: usize,
    listed: usize,
    /// Whether a topic past the limit was met.
    more: bool,
    out: W,
    table: comfy_table::Table,
    notes: String,
}

impl<W: Write> Listing<W> {
    /// A stored topic: its JSON written as it is, or its row and notes as
    /// fusion stored them ([`topic_listing`]).
    fn add_stored(&mut self, t: &sitrep_store::TopicRow<'_>) -> std::io::Result<()> {
        if self.listed >= self.limit {
            self.more = true;
            return Ok(());
        }
        if self.json {
            self.listed += 1;
            self.out.write_all(t.topic)?;
            return self.out.write_all(b"\n");
        }
        let (cells, notes): (Vec<String>, Vec<String>) =
            serde_json::from_str(t.listing).map_err(|e| std::io::Error::other(format!("the stored listing of topic {} cannot be read: {e}", t.id)))?;
        self.listed += 1;
        self.row(t.id, t.label, cells, &notes);
        Ok(())
    }

    fn add(&mut self, topic: &Topic) -> std::io::Result<()> {
        if self.listed >= self.limit {
            self.more = true;
            return Ok(());
        }
        self.listed += 1;
        if self.json {
            return writeln!(self.out, "{}", serde_json::to_string(topic).expect("topics serialise"));
        }
        self.row(&topic.id, &topic.label, topic_cells(topic), &topic_notes(topic));
        Ok(())
    }

    /// A topic's row of the table and its notes.
    fn row(&mut self, id: &str, label: &str, cells: Vec<String>, notes: &[String]) {
        self.table.add_row(row(cells));
        if !notes.is_empty() {
            let notes: String = notes.iter().map(|n| format!("  - {}\n", escape(n))).collect();
            self.notes.push_str(&format!("{id} {}\n{notes}\n", escape(label)));
        }
    }
}

/// A topic's notes as the report words them.
fn topic_notes(topic: &Topic) -> Vec<String> {
    topic.notes.iter().map(|n| sitrep_report::note_text(topic, n)).collect()
}

/// What `topics` prints of a topic (its cells of the table of topics and
/// its notes, as JSON), stored with it at fusion, so listing topics parses
/// no topic.
pub(crate) fn topic_listing(topic: &Topic) -> String {
    serde_json::to_string(&(topic_cells(topic), topic_notes(topic))).expect("listings serialise")
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

pub fn claims(args: ClaimsArgs) -> std::io::Result<usize> {
    let (store, corrections) = open_fused(&args.db.db)?;
    let story = args.story.id(&store)?;
    // The stories to read: those with a matching topic, else the chosen one or all.
    let stories: Vec<String> = match (&args.topic, &story) {
        (Some(wanted), _) => store.stories_with_topic(wanted).map_err(io)?.into_iter().filter(|s| story.as_ref().is_none_or(|c| c == s)).collect(),
        (None, Some(id)) => vec![id.clone()],
        (None, None) => store.story_ids().map_err(io)?,
    };
    let limit = listed_at_most(args.all, args.limit, args.json, CLAIMS_LIMIT);
    let mut rows = ClaimRows {
        json: args.json,
        limit,
        listed: 0,
        more: false,
        out: std::io::BufWriter::new(std::io::stdout().lock()),
        table: table(&["doc", "topic", "source", "how", "figure", "subject", "sentence"]),
    };
    for id in stories {
        if rows.more {
            break;
        }
        match &args.topic {
            // Uncorrected, a topic is its stored row: read the matching
            // topics alone and the claims they cite, not the story's report.
            Some(wanted) if corrections.is_empty() => {
                for (idx, (topic, label)) in store.topic_heads(&id).map_err(io)?.iter().enumerate() {
                    if matches_topic(topic, label, wanted) && !rows.more {
                        let read = |reader: Result<Option<_>, _>| match reader {
                            Ok(Some(reader)) => Ok(reader),
                            Ok(None) => Err(std::io::Error::other(format!("the topic {topic} of story {id} is gone"))),
                            Err(e) => Err(std::io::Error::other(format!("topic {topic}: {e}"))),
                        };
                        let json = read(store.story_topic_reader(&id, idx))?;
                        let claims = read(store.story_topic_claims_reader(&id, idx))?;
                        stored_topic_claims(json, claims, topic, &args, &mut rows)?;
                    }
                }
            }
            Some(wanted) => {
                let report = corrected_story(&store, &id, &corrections)?;
                topic_claims(&store, report.topics.iter().filter(|t| matches_topic(&t.id, &t.label, wanted)), &args, &mut rows)?;
            }
            // Uncorrected, the documents' list is read from the stored
            // report without its topics and quotes, and which topic cites
            // each claim from the topics' rows, a claim at a time.
            None if corrections.is_empty() => {
                let DocumentIds { documents } = stored_bare(&store, &id)?;
                let mut in_topic = InTopic::new();
                for (idx, (topic, _)) in store.topic_heads(&id).map_err(io)?.into_iter().enumerate() {
                    let json = store.story_topic_reader(&id, idx).map_err(io)?;
                    let json = json.ok_or_else(|| std::io::Error::other(format!("the topic {topic} of story {id} is gone")))?;
                    let topic: std::rc::Rc<str> = topic.into();
                    each_topic_claim(json, &mut |c| {
                        in_topic.entry(c.doc).or_default().insert(c.claim, (topic.clone(), c.source));
                        Ok(())
                    })?;
                }
                story_claims(&store, documents.into_iter().map(|d| d.id).collect(), &in_topic, &Default::default(), &args, &mut rows)?;
            }
            None => {
                let report = corrected_story(&store, &id, &corrections)?;
                let mut in_topic = InTopic::new();
                for t in &report.topics {
                    let topic: std::rc::Rc<str> = t.id.as_str().into();
                    for c in &t.claims {
                        in_topic.entry(c.doc.clone()).or_default().insert(c.claim.clone(), (topic.clone(), c.source.clone()));
                    }
                }
                let ids = report.documents.iter().map(|d| d.id.clone()).collect();
                story_claims(&store, ids, &in_topic, &rejected_claims(&report), &args, &mut rows)?;
            }
        }
    }
    if !args.json {
        writeln!(rows.out, "{}", rows.table)?;
    }
    rows.out.flush()?;
    if rows.more {
        eprintln!("sitrep: the first {limit} claims are listed; --limit N lists more, --all every one");
    }
    Ok(0)
}

fn matches_topic(id: &str, label: &str, wanted: &str) -> bool {
    id.eq_ignore_ascii_case(wanted) || label.to_lowercase().contains(&wanted.to_lowercase())
}

/// Whether a claim's source, as the report names it, passes `--source`.
fn source_ok(args: &ClaimsArgs, name: Option<&str>) -> bool {
    match &args.source {
        None => true,
        Some(s) => name.is_some_and(|n| n.to_lowercase().contains(&s.to_lowercase())),
    }
}

/// The claims of these topics (a story's, in its order), added to `rows`:
/// each is read alone from the store ([`Store::cited_claims`]), so the cost
/// follows the claims listed, not the size of their story.
fn topic_claims<'t>(store: &Store, topics: impl Iterator<Item = &'t Topic>, args: &ClaimsArgs, rows: &mut ClaimRows) -> std::io::Result<()> {
    for topic in topics {
        if rows.more {
            break;
        }
        let cited: Vec<(&str, &str)> = topic.claims.iter().map(|c| (c.doc.as_str(), c.claim.as_str())).collect();
        let found = store.cited_claims(&cited).map_err(io)?;
        let listed = topic.claims.iter().zip(found).filter_map(|(tc, found)| sourced(args, tc.source.as_ref(), found?)).collect();
        rows.add_cited(listed, &topic.id)?;
    }
    Ok(())
}

/// A claim read from the store with its source as the report names it
/// (`named`: an analyst may have renamed it; else the claim's own), when
/// that source passes `--source`.
fn sourced(args: &ClaimsArgs, named: Option<&String>, found: CitedClaim) -> Option<(CitedClaim, Option<String>)> {
    let source = named.cloned().or_else(|| found.claim.source.name.clone());
    source_ok(args, source.as_deref()).then_some((found, source))
}

/// What `claims` reads of a claim of a stored topic (a
/// `sitrep_core::report::TopicClaim`; its other fields are skipped): the
/// claim it cites, its sentence and figure as the topic holds them, and
/// its source as the report names it.
#[derive(serde::Deserialize)]
struct Cited {
    doc: String,
    claim: String,
    text: String,
    quantity_text: Option<String>,
    source: Option<String>,
}

/// Call `f` with each claim of a topic's stored JSON as it is parsed from
/// `json`, so neither the JSON nor the topic's claims are held whole.
fn each_topic_claim(json: impl Read, f: &mut dyn FnMut(Cited) -> std::io::Result<()>) -> std::io::Result<()> {
    use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::fmt;
    /// The topic object: its `claims` go to `f`, the other fields are skipped.
    struct Topic<'f>(&'f mut dyn FnMut(Cited) -> std::io::Result<()>, &'f mut Option<std::io::Error>);
    /// The `claims` array, a claim at a time.
    struct Claims<'f>(&'f mut dyn FnMut(Cited) -> std::io::Result<()>, &'f mut Option<std::io::Error>);
    impl<'de> DeserializeSeed<'de> for Topic<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Topic<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a topic")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if key == "claims" {
                    map.next_value_seed(Claims(&mut *self.0, &mut *self.1))?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }
    impl<'de> DeserializeSeed<'de> for Claims<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }
    impl<'de> Visitor<'de> for Claims<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a topic's claims")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while let Some(claim) = seq.next_element::<Cited>()? {
                if let Err(e) = (self.0)(claim) {
                    // Kept whole (a closed pipe stays a closed pipe), not as text.
                    *self.1 = Some(e);
                    return Err(A::Error::custom("stopped"));
                }
            }
            Ok(())
        }
    }
    let mut failed = None;
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, json));
    let parsed = Topic(f, &mut failed).deserialize(&mut de).and_then(|()| de.end());
    match (failed, parsed) {
        (Some(e), _) => Err(e),
        (None, Err(e)) => Err(std::io::Error::other(format!("the stored topic cannot be read: {e}"))),
        (None, Ok(())) => Ok(()),
    }
}

/// The claims of the stored topic `topic`, added to `rows` a batch at a
/// time (those that pass `--source`): the topic's JSON (`json`) gives each
/// claim's document, sentence, figure and source as the report names it,
/// the claims stored with it (`claims`, JSON lines in the same order) the
/// rest, so no claim is looked up among its document's. Both are parsed
/// as they are read, neither held whole.
fn stored_topic_claims(json: impl Read, claims: impl Read, topic: &str, args: &ClaimsArgs, rows: &mut ClaimRows) -> std::io::Result<()> {
    let bad = |what: String| std::io::Error::other(format!("the stored claims of topic {topic} {what}"));
    let mut stored = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, claims)).into_iter::<Claim>();
    let mut batch = Vec::new();
    each_topic_claim(json, &mut |tc| {
        if rows.more {
            return Ok(());
        }
        let claim = match stored.next() {
            Some(Ok(c)) if c.id == tc.claim => Claim { text: tc.text, ..c },
            Some(Err(e)) => return Err(bad(format!("cannot be read: {e}"))),
            _ => return Err(bad(format!("do not match it at claim {} of {}", tc.claim, tc.doc))),
        };
        let figure = claim.quantity.and(tc.quantity_text);
        batch.extend(sourced(args, tc.source.as_ref(), CitedClaim { doc: tc.doc, claim, figure }));
        if batch.len() >= CLAIM_BATCH.min(rows.limit.saturating_sub(rows.listed)) {
            rows.add_cited(std::mem::take(&mut batch), topic)?;
        }
        Ok(())
    })?;
    if !rows.more && stored.next().is_some() {
        return Err(bad("hold more claims than it".to_string()));
    }
    rows.add_cited(batch, topic)
}

/// Document → claim id → (topic id, source name) as a story's report has
/// them, for the claims its topics cite.
type InTopic = std::collections::HashMap<String, std::collections::HashMap<String, (std::rc::Rc<str>, Option<String>)>>;

/// The document ids of a story's report, as [`stored_bare`]
/// reads them (its other fields are skipped).
#[derive(serde::Deserialize)]
pub(crate) struct DocumentIds {
    pub(crate) documents: Vec<DocumentId>,
}

#[derive(serde::Deserialize)]
pub(crate) struct DocumentId {
    pub(crate) id: String,
}

/// The timeline of a story's report, as [`stored_bare`] reads it.
#[derive(serde::Deserialize)]
struct Timeline {
    timeline: Vec<sitrep_core::report::TimelineEntry>,
}

/// What `T` takes of the stored report of the story `id`, uncorrected,
/// without its topics and quotes (parsed from memory: what is left is
/// small beside them).
pub(crate) fn stored_bare<T: serde::de::DeserializeOwned>(store: &Store, id: &str) -> std::io::Result<T> {
    let missing = || std::io::Error::new(std::io::ErrorKind::NotFound, format!("no story {id:?} (see `sitrep stories`)"));
    let json = store.story_report_bare(id).map_err(io)?.ok_or_else(missing)?;
    serde_json::from_slice(&json).map_err(|e| std::io::Error::other(format!("the stored story cannot be read: {e}")))
}

/// Every claim of the documents `ids` of a story, in a topic or not, added
/// to `rows`, but those `rejected`; `in_topic` says which topic cites a
/// claim and how the report names its source.
fn story_claims(store: &Store, ids: Vec<String>, in_topic: &InTopic, rejected: &std::collections::HashSet<String>, args: &ClaimsArgs, rows: &mut ClaimRows) -> std::io::Result<()> {
    // A chunk of documents at a time.
    for d in store.documents_by_key(store.keys_of(&ids).map_err(io)?) {
        if rows.more {
            break;
        }
        let d = d.map_err(io)?;
        for c in &d.claims {
            let key = sitrep_fuse::overrides::doc_claim_key(&d, c);
            if rejected.contains(&key) {
                continue;
            }
            let found = in_topic.get(&d.id).and_then(|claims| claims.get(&c.id));
            // A source as the report names it (an analyst may have renamed it).
            let source = found.and_then(|(_, s)| s.clone()).or_else(|| c.source.name.clone());
            if source_ok(args, source.as_deref()) {
                rows.add(&d.id, c, &key, found.map(|(t, _)| &**t), source)?;
            }
        }
    }
    Ok(())
}

/// What `claims` prints: JSON Lines, written as they come, or a table;
/// at most `limit` claims.
struct ClaimRows {
    json: bool,
    limit: usize,
    listed: usize,
    /// Whether a claim past the limit was met.
    more: bool,
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    table: comfy_table::Table,
}

impl ClaimRows {
    /// One claim of the document `doc`, with its key, topic and source as
    /// the report has them.
    fn add(&mut self, doc: &str, c: &Claim, key: &str, topic: Option<&str>, source: Option<String>) -> std::io::Result<()> {
        if self.listed >= self.limit {
            self.more = true;
            return Ok(());
        }
        self.listed += 1;
        if self.json {
            return writeln!(self.out, "{}", json_line(doc, c.clone(), key, topic, source));
        }
        let fig = if c.quantity.is_some() {
            figure(c.value, c.low, c.high, c.bound, c.unit.as_deref(), c.per.as_deref())
        } else {
            "(statement)".to_string()
        };
        self.table.add_row(row(vec![
            format!("{}#{}", shorten(doc, 32), c.id),
            topic.unwrap_or("").to_string(),
            format!("{} ({:?})", source.as_deref().unwrap_or("?"), c.source.kind).to_lowercase(),
            c.modality.as_str().to_string(),
            fig,
            shorten(&c.subject, 50),
            shorten(&c.text, 140),
        ]));
        Ok(())
    }

    /// Claims read from the store with the source the report names, of
    /// the topic `topic`, in their order; JSON Lines are made on every
    /// core, then written in that order.
    fn add_cited(&mut self, cited: Vec<(CitedClaim, Option<String>)>, topic: &str) -> std::io::Result<()> {
        if !self.json {
            for (found, source) in cited {
                let key = sitrep_core::overrides::claim_key(&found.doc, &found.claim.text, found.figure.as_deref());
                self.add(&found.doc, &found.claim, &key, Some(topic), source)?;
            }
            return Ok(());
        }
        let room = self.limit - self.listed;
        self.more |= cited.len() > room;
        let lines: Vec<String> = cited
            .into_par_iter()
            .take(room)
            .map(|(found, source)| {
                let key = sitrep_core::overrides::claim_key(&found.doc, &found.claim.text, found.figure.as_deref());
                json_line(&found.doc, found.claim, &key, Some(topic), source)
            })
            .collect();
        self.listed += lines.len();
        lines.iter().try_for_each(|line| writeln!(self.out, "{line}"))
    }
}

/// A claim as one line of `claims --json`: its document, key and topic,
/// then its fields, its source named as the report names it.
fn json_line(doc: &str, mut c: Claim, key: &str, topic: Option<&str>, source: Option<String>) -> String {
    c.source.name = source;
    with_place(doc, key, topic, &serde_json::to_string(&c).expect("claims serialise"))
}

/// A claim's JSON object (`{...}`, never empty) with its document, key
/// and topic put first.
fn with_place(doc: &str, key: &str, topic: Option<&str>, claim: &str) -> String {
    let place = json!({ "doc": doc, "key": key, "topic": topic }).to_string();
    format!("{},{}", &place[..place.len() - 1], &claim[1..])
}

/// The timeline, story by story (the largest first), each story's in its
/// report's order: JSON Lines written as each story is read, or two tables
/// (events, then what is expected) of at most `--limit` entries each, so
/// reading stops once both are full. Uncorrected, a story's timeline is
/// read from its stored report without its topics and quotes.
pub fn timeline(args: TimelineArgs) -> std::io::Result<usize> {
    let (store, corrections) = open_fused(&args.db.db)?;
    let story = args.story.id(&store)?;
    let limit = listed_at_most(args.all, args.limit, args.json, TIMELINE_LIMIT);
    let ids = story_ids(&store, story.as_deref())?;
    // The entries listed (events, then expected) and whether one was left out.
    let (mut tables, mut listed, mut more) = ([Vec::new(), Vec::new()], 0, false);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for id in ids {
        let entries = match corrections.is_empty() {
            true => stored_bare::<Timeline>(&store, &id)?.timeline,
            false => corrected_story(&store, &id, &corrections)?.timeline,
        };
        for e in entries {
            if args.json {
                if listed == limit {
                    more = true;
                    break;
                }
                serde_json::to_writer(&mut out, &e).map_err(std::io::Error::other)?;
                out.write_all(b"\n")?;
                listed += 1;
            } else {
                let table = &mut tables[usize::from(e.expected)];
                match table.len() < limit {
                    true => table.push(e),
                    false => more = true,
                }
            }
        }
        if more && (args.json || tables.iter().all(|t| t.len() >= limit)) {
            break;
        }
    }
    // Events, then what is expected, each dated to its precision.
    for (expected, entries) in [false, true].into_iter().zip(tables) {
        if entries.is_empty() {
            continue;
        }
        let mut t = table(&[if expected { "expected" } else { "date" }, "precision", if expected { "forecast, plan or deadline" } else { "event" }, "documents"]);
        for e in entries {
            t.add_row(row(vec![sitrep_report::date_label(&e.date, e.precision), e.precision.as_str().to_string(), shorten(&e.text, 150), e.docs.len().to_string()]));
        }
        writeln!(out, "{t}")?;
    }
    out.flush()?;
    if more {
        let listed = if args.json { format!("the first {limit} entries are") } else { format!("at most {limit} entries a table are") };
        eprintln!("sitrep: {listed} listed; --limit N lists more, --all every one");
    }
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
    fn a_topic_listed_from_its_stored_listing_shows_what_the_whole_topic_shows() {
        let mut docs = Vec::new();
        crate::pipeline::run(crate::pipeline::demo_inputs(), &Default::default(), |d| d, |d| {
            docs.push(d.unwrap());
            Ok(())
        })
        .unwrap();
        let report = sitrep_fuse::fuse_corrected(&docs, &[]);
        assert!(report.topics.iter().any(|t| !t.notes.is_empty() && t.claims.len() > 1), "the demo has topics with notes");
        let listing = |json: bool| Listing { json, limit: usize::MAX, listed: 0, more: false, out: Vec::new(), table: table(&TOPICS_HEAD), notes: String::new() };
        for json in [false, true] {
            let (mut whole, mut stored) = (listing(json), listing(json));
            for topic in &report.topics {
                whole.add(topic).unwrap();
                let (listed, topic_json) = (topic_listing(topic), serde_json::to_string(topic).unwrap());
                let row = sitrep_store::TopicRow { story: "s", id: &topic.id, label: &topic.label, listing: &listed, topic: topic_json.as_bytes() };
                stored.add_stored(&row).unwrap();
            }
            assert_eq!(format!("{}\n{}", stored.table, stored.notes), format!("{}\n{}", whole.table, whole.notes));
            assert_eq!(stored.out, whole.out);
            assert!(whole.notes.is_empty() == json);
        }
        let bad = sitrep_store::TopicRow { story: "s", id: "t1", label: "x", listing: "[1]", topic: b"{}" };
        assert!(listing(false).add_stored(&bad).is_err(), "a damaged listing is an error");
    }

    #[test]
    fn the_dossier_read_as_it_is_parsed_is_the_dossier_of_the_whole_story() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("demo.db");
        crate::store_cmd::ingest_into(&db, crate::pipeline::demo_inputs(), &Default::default()).unwrap();
        let (store, corrections) = open_fused(&db).unwrap();
        assert!(corrections.is_empty());
        let id = store.story_ids().unwrap().into_iter().next().expect("the demo tells a story");
        let whole = story_report(&store, &id, &[]).unwrap();
        assert!(!whole.quotes.is_empty() && !whole.topics.is_empty(), "the demo has quotes and topics");
        let (read, topics, quotes) = dossier_story(&store, &id).unwrap();
        assert!(read.quotes.is_empty() && read.topics.is_empty(), "the quotes are grouped, the topics are what the dossier shows");
        // What is stored of each topic is what the dossier computes of it.
        let shown: Vec<_> = whole.topics.iter().map(sitrep_report::DossierTopic::of).collect();
        assert!(topics == shown);
        assert!(sitrep_report::html_shown(&read, &topics, &quotes) == sitrep_report::html(&whole));
        assert!(sitrep_report::markdown_shown(&read, &topics, &quotes) == sitrep_report::markdown(&whole));
        assert_eq!(dossier_story(&store, "nope").unwrap_err().kind(), std::io::ErrorKind::NotFound);
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
