//! Fuzzing every reader and the annotator on stable Rust: a mutation loop
//! over real pages (the demo corpus, the test fixtures, and the pages of
//! `SITREP_FUZZ_CORPUS` when set) with structured wrappers (gzip, byte-order
//! marks, UTF-16, JSON Lines, WARC records with honest or lying lengths)
//! and the search query parser.
//!
//! Each generated input goes through `read` → `to_document` → `annotate`
//! → JSON, and must come out as documents or error lines: a panic, an
//! annotation off the text, or a case slower than its time budget (a hang)
//! fails the run, and the input is saved under `target/tmp/fuzz/` to
//! replay. An abort (a stack overflow, an allocation failure) kills the
//! process; the input it died on is in `target/tmp/fuzz/current`.
//!
//! The test suite runs it for `SITREP_FUZZ_SECONDS` (15 by default);
//! `scripts/fuzz.sh SECONDS` runs it longer. `SITREP_FUZZ_SEED` replays a run.

use flate2::{write::GzEncoder, Compression};
use sitrep_core::Document;
use sitrep_ingest::{read, to_document, Input, Limits, ReadOptions};
use sitrep_store::{Store, StoreError};
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Fragments that steer mutations towards what the parsers care about.
const TOKENS: &[&str] = &[
    "\"", "“", "”", "«", "»", "'", "’", "‘", " said ", " told reporters ", ", , ", " according to ", "And ", "and said: ",
    "Mr. ", "U.S. ", " — ", "(", ")", ":", ";", "\n", "\n\n", "\r\n", "\r", "\0", "\u{feff}", "\t", "<div>", "</div>",
    "<p>", "</p>", "<script>", "</script>", "<!--", "-->", "<a href=\"x\">", "</a>", "<br/>", "<svg><path/>", "&amp;",
    "&#x1F600;", "&nbsp;", "3,000", "1.5 million", "$12bn", "50%", " up to ", " more than ", "between 10 and 20 ",
    "March 3, 2024", " last week", "2024-10-23", " on Monday", "Q3 ", "WARC/1.0\r\n", "Content-Length: 99999\r\n",
    "{\"id\": ", "\"text\": \"", "😀", "e\u{301}", "\u{202e}", "\u{1b}[2J", "ﬁ", "İ", "ß", "Ǆ", "\u{2028}", "…", "...",
    "?!", " Dr. ", " J. R. ", " Inc.", " No. 2 ", "Kim Jong Un", " the ministry", " officials ", " who asked not to be named ",
];

/// Bytes that are not text.
const BYTES: &[&[u8]] = &[b"\xff", b"\xfe\xff", b"\xed\xa0\x80", b"\xc3", b"\x80\x80", b"\x1f\x8b", b"\xef\xbb\xbf"];

struct Rng(fastrand::Rng);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0.usize(..n.max(1))
    }

    fn chance(&mut self, percent: u8) -> bool {
        self.0.u8(..100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Largest generated input.
const MAX_INPUT: usize = 1 << 20;

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], mut b: Vec<u8>) -> Vec<u8> {
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(b.len() + 1);
        match rng.below(9) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 => b.splice(at..at, rng.pick(TOKENS).bytes()).for_each(drop),
            2 => b.splice(at..at, rng.pick(BYTES).iter().copied()).for_each(drop),
            3 if !b.is_empty() => {
                let end = (at + rng.below(64)).min(b.len());
                b.drain(at.min(end)..end);
            }
            4 if !b.is_empty() => {
                let from = rng.below(b.len());
                let piece = b[from..(from + rng.below(4096)).min(b.len())].to_vec();
                b.splice(at..at, piece).for_each(drop);
            }
            5 => {
                let other = rng.pick(seeds);
                let from = rng.below(other.len());
                let piece = other[from..(from + rng.below(8192)).min(other.len())].to_vec();
                b.splice(at..at, piece).for_each(drop);
            }
            6 => {
                // Long runs: deep nesting, endless sentences, quote marks by the thousand.
                let most = if rng.chance(10) { 20_000 } else { 500 };
                let times = 1 + rng.below(most);
                let run = rng.pick(TOKENS).repeat(times);
                b.splice(at..at, run.bytes()).for_each(drop);
            }
            7 => b.truncate(at),
            _ => b.splice(at..at, std::iter::repeat_n(b' ', rng.below(3))).for_each(drop),
        }
        b.truncate(MAX_INPUT);
    }
    b
}

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(b).expect("writing to memory");
    e.finish().expect("writing to memory")
}

fn warc_record(rng: &mut Rng, body: &[u8]) -> Vec<u8> {
    let http = [&b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"[..], body].concat();
    let len = match rng.below(6) {
        0 => http.len() + rng.below(600),
        1 => http.len().saturating_sub(rng.below(600)),
        _ => http.len(),
    };
    let head = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://fuzz.example/{}\r\nWARC-Date: 2024-11-05T08:12:44Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {len}\r\n\r\n",
        rng.below(1000)
    );
    [head.as_bytes(), &http, b"\r\n\r\n"].concat()
}

/// One input: a name (whose extension picks the reader) and its bytes.
fn generate(rng: &mut Rng, seeds: &[(String, Vec<u8>)]) -> (String, Vec<u8>) {
    let bodies: Vec<Vec<u8>> = seeds.iter().map(|(_, b)| b.clone()).collect();
    let (name, seed) = rng.pick(seeds);
    let mut bytes = mutate(rng, &bodies, seed.clone());
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let mut name = match rng.below(10) {
        0 => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let field = *rng.pick(&["text", "html", "raw_text"]);
            let mut lines = Vec::new();
            for i in 0..1 + rng.below(4) {
                lines.push(serde_json::json!({"id": format!("d{i}"), field: text, "published": "2024-10-23", "url": "https://x.example/a"}).to_string());
            }
            bytes = mutate(rng, &bodies, (lines.join("\n") + "\n").into_bytes());
            "fuzz.jsonl".to_string()
        }
        1 => {
            let mut warc = Vec::new();
            for _ in 0..1 + rng.below(4) {
                warc.extend(warc_record(rng, &bytes));
            }
            bytes = if rng.chance(30) { mutate(rng, &bodies, warc) } else { warc };
            "fuzz.warc".to_string()
        }
        2 => "fuzz".to_string(),
        _ => format!("fuzz.{}", if ext.is_empty() { "txt" } else { ext }),
    };
    if rng.chance(10) {
        bytes = [&b"\xef\xbb\xbf"[..], &bytes].concat();
    }
    if rng.chance(8) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let be = rng.chance(50);
        bytes = text.encode_utf16().flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() }).collect();
    }
    if rng.chance(10) {
        bytes = gzip(&bytes);
        name.push_str(".gz");
    }
    (name, bytes)
}

/// Offsets of every annotation lie on character boundaries of the text.
fn check(doc: &Document) -> Result<(), String> {
    let text = &doc.text;
    let ok = |s: usize, e: usize| s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e);
    let spans = doc.entities.iter().flat_map(|e| e.mentions.iter().map(|m| (m.start, m.end)))
        .chain(doc.quotes.iter().map(|q| (q.start, q.end)))
        .chain(doc.quantities.iter().map(|q| (q.start, q.end)))
        .chain(doc.times.iter().map(|t| (t.start, t.end)))
        .chain(doc.claims.iter().map(|c| (c.start, c.end)));
    for (s, e) in spans {
        if !ok(s, e) {
            return Err(format!("annotation {s}..{e} is off the text ({} bytes)", text.len()));
        }
    }
    serde_json::to_string(doc).map(drop).map_err(|e| e.to_string())
}

/// Read, extract and annotate one input; `Err` is a failure of sitrep.
fn run_case(name: &str, bytes: &[u8], limits: Limits) -> Result<usize, String> {
    let input = Input::Bytes { name: name.to_string().into(), bytes: bytes.to_vec().into() };
    let options = ReadOptions { limits, ..ReadOptions::default() };
    let mut docs = 0;
    for item in read(vec![input], options) {
        let Ok(raw) = item else { continue };
        let mut doc = to_document(raw);
        sitrep_annotate::annotate(&mut doc);
        check(&doc)?;
        docs += 1;
    }
    // The same bytes as a caller's text, kept byte for byte.
    let mut doc = Document { id: "t".into(), text: String::from_utf8_lossy(bytes).into_owned(), ..Default::default() };
    sitrep_annotate::annotate(&mut doc);
    check(&doc)?;
    Ok(docs)
}

fn search_case(store: &Store, query: &str) -> Result<(), String> {
    match store.search(query, 5) {
        Ok(_) | Err(StoreError::Query { .. }) => Ok(()),
        Err(e) => Err(format!("search {query:?}: {e}")),
    }
}

/// Every file under `dir`, recursively.
fn files(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if let Ok(bytes) = std::fs::read(&path) {
            if bytes.len() <= MAX_INPUT {
                out.push((path.file_name().unwrap_or_default().to_string_lossy().into_owned(), bytes));
            }
        }
    }
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    for dir in ["demo", "crates/sitrep-ingest/tests/fixtures", "crates/sitrep-annotate/tests/fixtures/quotes"] {
        files(&root.join(dir), &mut out);
    }
    if let Some(dir) = std::env::var_os("SITREP_FUZZ_CORPUS") {
        files(Path::new(&dir), &mut out);
    }
    out.retain(|(name, _)| !name.ends_with(".snap") && !name.ends_with(".json"));
    out
}

/// The time a case may take: generous, since the machine may be busy, but
/// far below what a quadratic pass takes on a megabyte.
fn budget(bytes: usize) -> Duration {
    Duration::from_secs(20) + Duration::from_secs_f64(bytes as f64 / (1 << 20) as f64 * 40.0)
}

#[test]
fn fuzz_readers_and_annotator() {
    let seconds: u64 = std::env::var("SITREP_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(15);
    let seed: u64 = std::env::var("SITREP_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| fastrand::u64(..));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz");
    std::fs::create_dir_all(&dir).unwrap();
    let seeds = seeds();
    assert!(seeds.len() >= 20, "the demo corpus and fixtures are the seeds");
    println!("fuzz: {seconds} s, seed {seed}, {} seed inputs", seeds.len());

    let store_dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(store_dir.path().join("fuzz.db")).unwrap();
    let mut batch = store.batch().unwrap();
    for (i, (_, bytes)) in seeds.iter().take(20).enumerate() {
        let doc = Document { id: format!("s{i}"), source: "seed".into(), text: String::from_utf8_lossy(bytes).into_owned(), ..Default::default() };
        batch.put(&doc, sitrep_annotate::ANNOTATOR_VERSION).unwrap();
    }
    batch.commit().unwrap();

    // A watchdog: a case over its budget is a hang; the input is kept and the run stops.
    let started = Instant::now();
    let case_start = Arc::new(AtomicU64::new(u64::MAX));
    let case_budget = Arc::new(AtomicU64::new(0));
    {
        let (case_start, case_budget, dir) = (case_start.clone(), case_budget.clone(), dir.clone());
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(500));
            let at = case_start.load(Ordering::SeqCst);
            if at != u64::MAX && started.elapsed().as_millis() as u64 > at + case_budget.load(Ordering::SeqCst) {
                let _ = std::fs::copy(dir.join("current"), dir.join("hang"));
                eprintln!("fuzz: HANG: a case ran over its budget; the input is saved as {}", dir.join("hang").display());
                std::process::exit(101);
            }
        });
    }

    let mut rng = Rng(fastrand::Rng::with_seed(seed));
    let deadline = Duration::from_secs(seconds);
    let (mut cases, mut docs, mut failures) = (0u64, 0usize, Vec::new());
    while started.elapsed() < deadline && failures.len() < 5 {
        let (name, bytes) = generate(&mut rng, &seeds);
        let limits = if rng.chance(20) {
            Limits { max_doc_bytes: 1 + rng.below(1 << 16) as u64, max_input_bytes: 1 + rng.below(1 << 18) as u64, memory: None }
        } else {
            Limits::default()
        };
        std::fs::write(dir.join("current"), &bytes).unwrap();
        std::fs::write(dir.join("current.name"), &name).unwrap();
        case_budget.store(budget(bytes.len()).as_millis() as u64, Ordering::SeqCst);
        case_start.store(started.elapsed().as_millis() as u64, Ordering::SeqCst);
        let query_len = bytes.len().min(rng.below(200));
        let query = String::from_utf8_lossy(&bytes[..query_len]).into_owned();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let n = run_case(&name, &bytes, limits)?;
            search_case(&store, &query)?;
            Ok::<usize, String>(n)
        }));
        case_start.store(u64::MAX, Ordering::SeqCst);
        cases += 1;
        let failure = match outcome {
            Ok(Ok(n)) => {
                docs += n;
                continue;
            }
            Ok(Err(message)) => message,
            Err(panic) => panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into()),
        };
        let saved = dir.join(format!("failure-{cases}-{name}"));
        std::fs::write(&saved, &bytes).unwrap();
        failures.push(format!("{}: {}", saved.display(), failure.chars().take(300).collect::<String>()));
    }
    println!("fuzz: {cases} cases, {docs} documents in {:.0?}", started.elapsed());
    assert!(failures.is_empty(), "seed {seed}: {} failing inputs:\n{}", failures.len(), failures.join("\n"));
}
