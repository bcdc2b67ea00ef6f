//! Analyst corrections (`correct`) and "what changed" (`snapshot`,
//! `changes`). Corrections are stored in the database and applied after
//! every fusion, to each story's stored report as it is read (see
//! `report_cmd::corrected_story`); snapshots record the fused report's
//! topics to compare a later state with. Each command reads the stored
//! fusion a story at a time.

use crate::report_cmd::{corrected_story, each_story, figure, open_fused, stored_bare, DocumentIds, StoryArg};
use crate::store_cmd::io;
use crate::tables::{escape, row, table};
use clap::{Args, Subcommand};
use serde_json::json;
use sitrep_core::overrides::{Anchor, Applied, Baseline, Changes, Correction, Override};
use sitrep_core::report::{Range, Report};
use sitrep_core::Bound;
use sitrep_store::Store;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct CorrectArgs {
    #[command(subcommand)]
    action: Option<Action>,
    /// List the stored corrections, each with whether it still applies.
    #[arg(long, conflicts_with = "remove")]
    list: bool,
    /// Remove the stored correction ID (see --list).
    #[arg(long, value_name = "ID")]
    remove: Option<i64>,
    /// The database to correct.
    #[arg(long, value_name = "FILE", default_value = "sitrep.db", global = true)]
    db: PathBuf,
    /// Who makes the correction [default: $USER].
    #[arg(long, value_name = "NAME", global = true)]
    by: Option<String>,
    /// Why: kept with the correction and shown in the report.
    #[arg(long, value_name = "TEXT", global = true)]
    note: Option<String>,
    /// With --list: JSON Lines, one correction per line.
    #[arg(long, global = true)]
    json: bool,
}

/// A correction. Topics are named by id (`sitrep topics`), claims by key
/// (`sitrep claims`: "DOC#k…") or as DOC#cN, sources and outlets by name.
#[derive(Subcommand)]
enum Action {
    /// Merge topic FROM into topic INTO: FROM's claims join INTO.
    MergeTopics { into: String, from: String },
    /// Split the listed claims out of TOPIC into a new topic.
    SplitTopic {
        topic: String,
        #[arg(required = true)]
        claims: Vec<String>,
    },
    /// Move CLAIM into TOPIC.
    MoveClaim { claim: String, topic: String },
    /// Rename the source FROM to TO (fix a misread name).
    RenameSource { from: String, to: String },
    /// Treat source FROM as the same source as INTO.
    MergeSources { into: String, from: String },
    /// Reject CLAIM: it leaves the report.
    RejectClaim { claim: String },
    /// Exclude every document of OUTLET from the report.
    ExcludeOutlet { outlet: String },
}

impl Action {
    /// The correction the action names (not yet checked).
    fn correction(self) -> Correction {
        match self {
            Action::MergeTopics { into, from } => Correction::MergeTopics { into, from },
            Action::SplitTopic { topic, claims } => Correction::SplitTopic { topic, claims },
            Action::MoveClaim { claim, topic } => Correction::MoveClaim { claim, topic },
            Action::RenameSource { from, to } => Correction::RenameSource { from, to },
            Action::MergeSources { into, from } => Correction::MergeSources { into, from },
            Action::RejectClaim { claim } => Correction::RejectClaim { claim },
            Action::ExcludeOutlet { outlet } => Correction::ExcludeOutlet { outlet },
        }
    }
}

fn status(a: &Applied) -> String {
    match (&a.reason, a.applied) {
        (_, true) => "applied".into(),
        (Some(r), false) => format!("not applied: {r}"),
        (None, false) => "not applied".into(),
    }
}

pub fn correct(args: CorrectArgs) -> std::io::Result<usize> {
    if args.action.is_some() && (args.list || args.remove.is_some()) {
        crate::usage_error("give a correction, or --list, or --remove ID: not both");
    }
    if let Some(id) = args.remove {
        let mut store = Store::open_existing(&args.db).map_err(io)?;
        if !store.remove_override(id).map_err(io)? {
            return Err(std::io::Error::new(std::io::ErrorKind::NotFound, format!("no correction {id} (see `sitrep correct --list`)")));
        }
        eprintln!("correction {id} removed");
        return Ok(0);
    }
    let Some(action) = args.action else {
        if !args.list {
            crate::usage_error("give a correction (merge-topics, split-topic, move-claim, rename-source, merge-sources, reject-claim, exclude-outlet), --list or --remove ID");
        }
        return list(&args.db, args.json);
    };
    let (mut store, corrections) = open_fused(&args.db)?;
    let (correction, anchors, story) = checked(&store, &corrections, action.correction())?.unwrap_or_else(|m| crate::usage_error(&m));
    let author = args.by.or_else(|| std::env::var("USER").ok()).filter(|a| !a.trim().is_empty()).unwrap_or_else(|| "unknown".into());
    let stored = store.add_override(correction, &author, args.note.as_deref(), anchors).map_err(io)?;
    let overrides = store.overrides().map_err(io)?;
    // What became of it in the story it was checked against.
    let after = corrected_story(&store, &story, &overrides)?;
    let outcome = after.overrides.iter().find(|a| a.id == stored.id).map(status).unwrap_or_default();
    crate::print(&format!("correction {}: {} ({outcome})\n", stored.id, escape(&stored.correction.describe())))?;
    Ok(0)
}

/// The claims a correction names (by key, or as DOC#cN).
fn claim_refs(correction: &Correction) -> Vec<&str> {
    match correction {
        Correction::SplitTopic { claims, .. } => claims.iter().map(String::as_str).collect(),
        Correction::MoveClaim { claim, .. } | Correction::RejectClaim { claim } => vec![claim],
        _ => Vec::new(),
    }
}

/// A new correction checked (`sitrep_fuse::overrides::check`) against the
/// stored fusion with the corrections made before it, a story at a time
/// (largest first; only the stories holding a topic or a claim it names),
/// until one holds its targets: the correction as checked, its anchors in
/// that story and the story's id; `Err` with why no story does.
fn checked(store: &Store, corrections: &[Override], correction: Correction) -> std::io::Result<Result<(Correction, Vec<Anchor>, String), String>> {
    use sitrep_fuse::overrides::{anchors, check};
    let topics = correction.topics();
    // The documents of the claims it names: a claim's key and DOC#cN both start with its document's id.
    let docs: Vec<&str> = claim_refs(&correction).into_iter().filter_map(|c| c.rsplit_once('#').map(|(doc, _)| doc)).collect();
    let mut stories = Vec::new();
    for id in store.story_ids().map_err(io)? {
        let holds = match (topics.first(), docs.first()) {
            (Some(topic), _) => store.topic_heads(&id).map_err(io)?.iter().any(|(t, _)| t == topic),
            (None, Some(doc)) => stored_bare::<DocumentIds>(store, &id)?.documents.iter().any(|d| d.id == *doc),
            (None, None) => true,
        };
        if holds {
            stories.push(id);
        }
    }
    let mut refused = None;
    for id in stories {
        let part = corrected_story(store, &id, corrections)?;
        // The stored documents of the claims it names as DOC#cN, when in this story.
        let named: Vec<String> = part.documents.iter().filter(|d| docs.contains(&d.id.as_str())).map(|d| d.id.clone()).collect();
        let named = store.documents_by_key(store.keys_of(&named).map_err(io)?).collect::<Result<Vec<_>, _>>().map_err(io)?;
        match check(correction.clone(), &part, &named) {
            Ok(checked) => {
                let anchors = anchors(&checked, &part);
                return Ok(Ok((checked, anchors, id)));
            }
            Err(why) => refused = refused.or(Some(why)),
        }
    }
    // No story holds its targets: the reason an empty report gives when no story was read.
    Ok(Err(match refused {
        Some(why) => why,
        None => check(correction, &Report::default(), &[]).err().unwrap_or_default(),
    }))
}

/// The corrections with what became of each, from the stored fusion: each
/// story's report corrected in turn, its outcomes merged as the whole
/// report merges them, so memory holds one story at a time (and no story
/// is read when there is no correction).
fn list(db: &Path, json: bool) -> std::io::Result<usize> {
    let (store, corrections) = open_fused(db)?;
    let mut whole = sitrep_fuse::Assembly::default();
    if !corrections.is_empty() {
        each_story(&store, None, &corrections, |part| {
            whole.add(Report { overrides: part.overrides, ..Report::default() });
            Ok(true)
        })?;
    }
    let overrides = whole.finish(&corrections).overrides;
    if json {
        let lines: String = overrides.iter().map(|a| format!("{}\n", serde_json::to_string(a).expect("overrides serialise"))).collect();
        crate::print(&lines)?;
        return Ok(0);
    }
    let mut t = table(&["id", "by", "at", "correction", "note", "status"]);
    for a in &overrides {
        t.add_row(row(vec![a.id.to_string(), a.author.clone(), a.at.clone(), a.correction.describe(), a.note.clone().unwrap_or_default(), status(a)]));
    }
    crate::print(&format!("{t}\n"))?;
    Ok(0)
}

#[derive(Args)]
pub struct SnapshotArgs {
    #[command(subcommand)]
    action: SnapshotAction,
}

#[derive(Subcommand)]
enum SnapshotAction {
    /// Save the fused report's topics, claims, verdicts and sources as NAME
    /// (replacing an older snapshot of that name), with the sitrep version
    /// and a hash of the corpus.
    Save {
        name: String,
        #[arg(long, value_name = "FILE", default_value = "sitrep.db")]
        db: PathBuf,
    },
    /// List the saved snapshots.
    List {
        #[arg(long, value_name = "FILE", default_value = "sitrep.db")]
        db: PathBuf,
        /// JSON Lines, one snapshot (without its topics) per line.
        #[arg(long)]
        json: bool,
    },
}

pub fn snapshot(args: SnapshotArgs) -> std::io::Result<usize> {
    match args.action {
        SnapshotAction::Save { name, db } => {
            let (mut store, corrections) = open_fused(&db)?;
            let mut topics = Vec::new();
            each_story(&store, None, &corrections, |part| {
                topics.extend(sitrep_fuse::snapshot::state(&part));
                Ok(true)
            })?;
            let s = store.save_snapshot(&name, env!("CARGO_PKG_VERSION"), topics).map_err(io)?;
            crate::print(&format!(
                "snapshot {} saved: {} documents, {} topics, corpus {}\n",
                escape(&s.name),
                s.documents,
                s.topics.len(),
                &s.corpus_hash[..16.min(s.corpus_hash.len())]
            ))?;
        }
        SnapshotAction::List { db, json } => {
            let store = Store::open_existing(&db).map_err(io)?;
            let snapshots = store.snapshots().map_err(io)?;
            if json {
                let lines: String = snapshots
                    .iter()
                    .map(|s| {
                        let v = json!({"name": s.name, "saved_at": s.saved_at, "version": s.version, "corpus_hash": s.corpus_hash, "documents": s.documents, "topics": s.topics.len()});
                        format!("{v}\n")
                    })
                    .collect();
                crate::print(&lines)?;
            } else {
                let mut t = table(&["name", "saved", "sitrep", "documents", "topics", "corpus"]);
                for s in &snapshots {
                    let hash = s.corpus_hash.chars().take(16).collect();
                    t.add_row(row(vec![s.name.clone(), s.saved_at.clone(), s.version.clone(), s.documents.to_string(), s.topics.len().to_string(), hash]));
                }
                crate::print(&format!("{t}\n"))?;
            }
        }
    }
    Ok(0)
}

#[derive(Args)]
#[command(group = clap::ArgGroup::new("from").required(true).args(["since", "snapshot"]))]
pub struct ChangesArgs {
    /// The database to read.
    #[arg(long, value_name = "FILE", default_value = "sitrep.db")]
    db: PathBuf,
    /// Compare each story with the report of its documents published
    /// before DATE (YYYY-MM-DD; undated documents count as before).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Compare with the snapshot NAME (`sitrep snapshot save NAME`).
    #[arg(long, value_name = "NAME")]
    snapshot: Option<String>,
    #[command(flatten)]
    story: StoryArg,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    json: bool,
}

pub fn changes(args: ChangesArgs) -> std::io::Result<usize> {
    if let Some(d) = args.since.as_deref().filter(|d| !sitrep_fuse::text::is_date(d)) {
        crate::usage_error(&format!("--since takes a date YYYY-MM-DD, not {:?}", escape(d)));
    }
    let (store, overrides) = open_fused(&args.db)?;
    let story = args.story.id(&store)?;
    // Now and, since a date, before it: story by story (of the chosen
    // one), so memory holds one story's documents at a time.
    let (mut now, mut earlier) = (Vec::new(), Vec::new());
    each_story(&store, story.as_deref(), &overrides, |part| {
        now.extend(sitrep_fuse::snapshot::state(&part));
        if let Some(day) = &args.since {
            earlier.extend(earlier_state(&store, &part, &overrides, day)?);
        }
        Ok(true)
    })?;
    let (before, from) = match (&args.since, &args.snapshot) {
        (Some(day), _) => (earlier, Baseline::Since { since: day.clone() }),
        (None, Some(name)) => {
            let (from, topics) = store.baseline(name).map_err(io)?.ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::NotFound, format!("no snapshot {name:?} (see `sitrep snapshot list`)"))
            })?;
            (topics, from)
        }
        (None, None) => unreachable!("clap requires --since or --snapshot"),
    };
    let changes = sitrep_fuse::snapshot::changes(&before, &now);
    if args.json {
        let v = json!({"from": from, "changes": changes});
        crate::print(&format!("{}\n", serde_json::to_string_pretty(&v).expect("changes serialise")))?;
    } else {
        crate::print(&render(&changes, &from))?;
    }
    Ok(0)
}

/// The state before `day` of the story whose report is `part`: the
/// corrected report of its documents published before then (undated ones
/// too), fused from the stored documents.
fn earlier_state(store: &Store, part: &Report, overrides: &[Override], day: &str) -> std::io::Result<Vec<sitrep_core::overrides::TopicState>> {
    let ids: Vec<String> = part.documents.iter().filter(|d| d.published.as_deref().is_none_or(|p| p < day)).map(|d| d.id.clone()).collect();
    // In the order they were stored, as the whole store's documents are read.
    let mut keys = store.keys_of(&ids).map_err(io)?;
    keys.sort_unstable();
    let docs = store.documents_by_key(keys).collect::<Result<Vec<_>, _>>().map_err(io)?;
    Ok(sitrep_fuse::snapshot::before(&docs, overrides, day))
}

fn range(r: &Range, unit: Option<&str>, per: Option<&str>) -> String {
    match (r.low, r.high) {
        (None, None) => "(no figure)".into(),
        (l, h) if l == h => figure(l, None, None, Some(Bound::Exact), unit, per),
        (l, h) => figure(None, l, h, Some(Bound::Range), unit, per),
    }
}

/// The changes as terminal tables, one per kind of change that has any.
fn render(c: &Changes, from: &Baseline) -> String {
    let mut out = match from {
        Baseline::Snapshot { snapshot, saved_at, corpus_unchanged, .. } => {
            let same = if *corpus_unchanged { "corpus unchanged" } else { "corpus changed" };
            format!("Since snapshot {} (saved {saved_at}, {same}):\n", escape(snapshot))
        }
        Baseline::Since { since } => format!("Since {since}:\n"),
    };
    if c.is_empty() {
        out.push_str("nothing changed\n");
        return out;
    }
    if !c.new_figures.is_empty() {
        let mut t = table(&["new figure", "topic", "source", "claim"]);
        for f in &c.new_figures {
            t.add_row(row(vec![f.claim.figure.clone().unwrap_or_default(), f.label.clone(), f.claim.source.clone().unwrap_or_default(), f.claim.key.clone()]));
        }
        out.push_str(&format!("{t}\n"));
    }
    if !c.revised_figures.is_empty() {
        let mut t = table(&["revised topic", "before", "now"]);
        for r in &c.revised_figures {
            let (unit, per) = (r.unit.as_deref(), r.per.as_deref());
            t.add_row(row(vec![r.label.clone(), range(&r.before, unit, per), range(&r.after, unit, per)]));
        }
        out.push_str(&format!("{t}\n"));
    }
    if !c.new_conflicts.is_empty() {
        let mut t = table(&["new conflict", "topic id", "outlying sources"]);
        for n in &c.new_conflicts {
            t.add_row(row(vec![n.label.clone(), n.topic.clone(), n.outliers.join("; ")]));
        }
        out.push_str(&format!("{t}\n"));
    }
    if !c.new_sources.is_empty() {
        let mut t = table(&["new source", "story", "topics"]);
        for s in &c.new_sources {
            t.add_row(row(vec![s.source.clone(), s.story.clone(), s.topics.join(" ")]));
        }
        out.push_str(&format!("{t}\n"));
    }
    out
}
