//! Time the clustering of a store's documents into stories, read-only.
//!
//! ```sh
//! cargo run --release -p sitrep --example cluster_bench -- STORE.db
//! ```
//!
//! Opens the store read-only (it may be written by another process
//! meanwhile), reads every document's stored clustering input (id, date and
//! profile bytes) into a [`CorpusBuilder`] in key order, as the refresh
//! does, and clusters it with no copies (the generated corpora have none).
//! Prints the wall and CPU time of each phase, the peak resident memory,
//! the stories found and a digest of them (every story's members in order),
//! so two builds can be checked to cluster alike.

use std::hash::{Hash, Hasher};
use std::time::Instant;

use rusqlite::{Connection, OpenFlags};
use sitrep_fuse::stories::{cluster_corpus, CorpusBuilder};

/// This process's CPU time (user + system) in seconds, from /proc.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which ends with ')'): utime is the 12th, stime the 13th.
    let fields: Vec<&str> = stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident memory in MB, from /proc.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok());
    kb.unwrap_or(0.0) / 1024.0
}

/// Times a phase: prints its wall and CPU seconds.
struct Phase {
    name: &'static str,
    wall: Instant,
    cpu: f64,
}

impl Phase {
    fn start(name: &'static str) -> Phase {
        Phase { name, wall: Instant::now(), cpu: cpu_seconds() }
    }

    fn end(self) {
        let (wall, cpu) = (self.wall.elapsed().as_secs_f64(), cpu_seconds() - self.cpu);
        println!("{:<10} {wall:>8.2} s wall {cpu:>8.2} s CPU  peak RSS {:>7.1} MB", self.name, peak_rss_mb());
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: cluster_bench STORE.db")?;
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    let phase = Phase::start("read");
    let mut corpus = CorpusBuilder::default();
    let mut stmt = conn.prepare(
        "SELECT d.id, d.published, f.profile FROM documents d JOIN fusion_inputs f ON f.doc = d.key ORDER BY d.key",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let profile = r.get_ref(2)?.as_blob_or_null()?.unwrap_or_default();
        corpus.push_bytes(r.get_ref(0)?.as_str()?, r.get_ref(1)?.as_str_or_null()?, profile);
    }
    phase.end();
    let phase = Phase::start("finish");
    let corpus = corpus.finish();
    let n = corpus.len();
    phase.end();
    let phase = Phase::start("cluster");
    let stories = cluster_corpus(corpus, std::iter::empty());
    phase.end();
    let mut digest = std::collections::hash_map::DefaultHasher::new();
    stories.members.hash(&mut digest);
    stories.of_doc.hash(&mut digest);
    let largest = stories.members.first().map_or(0, Vec::len);
    println!("{n} documents, {} stories, the largest {largest}; digest {:016x}", stories.members.len(), digest.finish());
    Ok(())
}
