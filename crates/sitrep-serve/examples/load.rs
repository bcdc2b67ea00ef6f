//! Load benchmark client for `sitrep serve` (not a test; run by
//! `scripts/bench-serve.sh`): CLIENTS concurrent keep-alive connections
//! request the largest story's page, its largest topic's page, that topic's
//! JSON and a search, round robin, each both as a repeated URI (answered
//! from the server's response cache after the first time) and as a new URI
//! every time (made afresh), until each target has been asked REQUESTS
//! times or SECONDS pass; prints p50, p99 and requests/s per target. With `--ingest FILE TOKEN`, one more thread posts FILE (JSON
//! Lines) to `POST /api/documents` in batches of 100 lines meanwhile.
//! With `--corpus FILE` (the JSON Lines the store was filled from), the
//! uncached searches ask varied queries drawn from the corpus's own words
//! (one or two of: names and places, common words, rare words), as readers
//! would, instead of one query made new by an ignored parameter.
//! With `--only WORD`, only the targets whose name holds WORD are asked
//! (so the server's CPU per request is theirs alone).
//! With `--pid PID` (the server's process, on Linux), it also prints the
//! CPU time the server spent per request, which unlike latency does not
//! depend on what else the machine runs.
//!
//! ```sh
//! cargo run --release -p sitrep-serve --example load -- ADDR [--clients 32] [--requests 4000] [--seconds 60] [--ingest FILE TOKEN] [--pid PID] [--corpus FILE] [--only WORD]
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A keep-alive connection.
struct Conn {
    addr: String,
    r: BufReader<TcpStream>,
}

impl Conn {
    fn open(addr: &str) -> Conn {
        let s = TcpStream::connect(addr).expect("cannot connect");
        s.set_nodelay(true).unwrap();
        Conn { addr: addr.to_string(), r: BufReader::new(s) }
    }

    /// One request; the status and body.
    fn send(&mut self, method: &str, path: &str, extra: &str, body: &[u8]) -> (u16, Vec<u8>) {
        let head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n{extra}\r\n", self.addr, body.len());
        let s = self.r.get_mut();
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(body).unwrap();
        let mut line = String::new();
        self.r.read_line(&mut line).unwrap();
        let status: u16 = line.split(' ').nth(1).and_then(|c| c.parse().ok()).expect("a status line");
        let mut len = 0;
        loop {
            line.clear();
            self.r.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().unwrap();
                }
            }
        }
        let mut body = vec![0; len];
        self.r.read_exact(&mut body).unwrap();
        (status, body)
    }

    fn get_json(&mut self, path: &str) -> serde_json::Value {
        let (status, body) = self.send("GET", path, "", b"");
        assert_eq!(status, 200, "{path}");
        serde_json::from_slice(&body).unwrap()
    }
}

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map_or(default, |v| v.parse().expect(name))
}

/// CPU seconds (user and system) process `pid` has used, from
/// `/proc/PID/stat`; `None` where that cannot be read.
fn cpu_seconds(pid: Option<u32>) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid?)).ok()?;
    // The fields after the command name (which may hold spaces), from the state on.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // The kernel counts in USER_HZ, 100 per second on Linux.
    Some(ticks / 100.0)
}

/// Words of a corpus to search for, in three kinds.
struct Words {
    /// Capitalised words seen mostly capitalised away from a sentence's
    /// start: names of people, places and organisations.
    names: Vec<String>,
    /// The most frequent words of four letters or more.
    common: Vec<String>,
    /// The least frequent words (the 300 seen fewest times).
    rare: Vec<String>,
}

impl Words {
    /// The words of the `text` (or `raw_text`) of each line of a JSON Lines file.
    fn of(file: &str) -> Words {
        use std::collections::HashMap;
        let text = std::fs::read_to_string(file).expect("the corpus file");
        // word (lower case) -> (times seen, times capitalised inside a sentence)
        let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
        for line in text.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            let body = v["text"].as_str().or_else(|| v["raw_text"].as_str()).unwrap_or("");
            let mut start = true;
            for w in body.split(|c: char| !c.is_alphanumeric() && c != '.') {
                let end = w.ends_with('.');
                let w = w.trim_end_matches('.');
                if w.chars().count() >= 4 && w.chars().all(char::is_alphabetic) {
                    let e = seen.entry(w.to_lowercase()).or_default();
                    e.0 += 1;
                    if !start && w.starts_with(char::is_uppercase) {
                        e.1 += 1;
                    }
                }
                if !w.is_empty() {
                    start = end;
                }
            }
        }
        let mut by_count: Vec<(&String, &(usize, usize))> = seen.iter().collect();
        by_count.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        let names = by_count.iter().filter(|(_, (n, caps))| *n >= 2 && caps * 2 > *n).map(|(w, _)| w.to_string()).collect();
        let common = by_count.iter().filter(|(_, (n, caps))| caps * 2 <= *n && *n > 5).take(300).map(|(w, _)| w.to_string()).collect();
        let rare = by_count.iter().rev().filter(|(_, (n, caps))| caps * 2 <= *n).take(300).map(|(w, _)| w.to_string()).collect();
        Words { names, common, rare }
    }

    /// The `i`th query: one or two words of the three kinds, drawn by a
    /// small generator seeded with `i`.
    fn query(&self, seed: u64) -> String {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let kinds = [&self.names, &self.common, &self.rare];
        let words = 1 + (next() % 2) as usize;
        let mut q: Vec<&str> = Vec::new();
        for _ in 0..words {
            let pool = kinds[(next() % 3) as usize];
            if !pool.is_empty() {
                q.push(&pool[(next() % pool.len() as u64) as usize]);
            }
        }
        if q.is_empty() {
            q.push("said");
        }
        q.join("+")
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let addr = args.first().expect("usage: load ADDR [--clients N] [--requests N] [--seconds S] [--ingest FILE TOKEN]").clone();
    let clients = arg(&args, "--clients", 32);
    let requests = arg(&args, "--requests", 4000);
    let seconds = arg(&args, "--seconds", 60) as u64;

    let mut c = Conn::open(&addr);
    let stories = c.get_json("/api/stories");
    let story = stories["stories"][0]["id"].as_str().expect("a story").to_string();
    let report = c.get_json(&format!("/api/stories/{story}"));
    let topic = report["topics"].as_array().unwrap().iter().max_by_key(|t| t["claims"].as_array().map_or(0, Vec::len)).expect("a topic");
    let topic = topic["id"].as_str().unwrap().to_string();
    let word = report["summary"]["story"].as_str().and_then(|l| l.split([',', ' ']).find(|w| w.len() > 3)).unwrap_or("said").to_string();
    // `{i}` becomes the request's number: an unknown parameter the server
    // ignores but that makes each URI new, so it misses the response cache.
    let targets: Vec<(String, String)> = vec![
        ("story page".into(), format!("/stories/{story}")),
        ("topic page".into(), format!("/topics/{topic}")),
        ("topic API".into(), format!("/api/topics/{topic}")),
        ("search API".into(), format!("/api/search?q={word}")),
        ("topic page, uncached".into(), format!("/topics/{topic}?n={{i}}")),
        ("topic API, uncached".into(), format!("/api/topics/{topic}?n={{i}}")),
        ("search API, uncached".into(), format!("/api/search?q={word}&n={{i}}")),
    ];
    let corpus = args.iter().position(|a| a == "--corpus").and_then(|i| args.get(i + 1)).map(|f| Words::of(f));
    let mut targets = targets;
    if let Some(w) = &corpus {
        targets[6] = ("search API, varied".into(), "/api/search?q={q}".into());
        println!("varied searches draw from {} names, {} common and {} rare words", w.names.len(), w.common.len(), w.rare.len());
    }
    if let Some(only) = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)) {
        targets.retain(|(name, _)| name.contains(only.as_str()));
        assert!(!targets.is_empty(), "no target's name holds {only:?}");
    }
    let corpus = Arc::new(corpus);
    println!(
        "{} documents in {} stories; story {story} ({} documents), topic {topic}, search {word:?}",
        stories["documents"],
        stories["stories"].as_array().unwrap().len(),
        report["documents"].as_array().unwrap().len()
    );

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let ingest = args.iter().position(|a| a == "--ingest").map(|i| (args[i + 1].clone(), args[i + 2].clone()));
    let ingester = ingest.map(|(file, token)| {
        let addr = addr.clone();
        std::thread::spawn(move || {
            let text = std::fs::read_to_string(&file).expect("the ingest file");
            let lines: Vec<&str> = text.lines().collect();
            let mut c = Conn::open(&addr);
            let start = Instant::now();
            let mut stored = 0;
            for batch in lines.chunks(100) {
                let body = batch.join("\n");
                let (status, out) = c.send("POST", "/api/documents", &format!("Authorization: Bearer {token}\r\n"), body.as_bytes());
                assert_eq!(status, 202, "{}", String::from_utf8_lossy(&out));
                stored += batch.len();
            }
            (stored, start.elapsed())
        })
    });

    // Distinct per run, so a second run's new URIs are new too.
    let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let next = Arc::new(AtomicUsize::new(0));
    let total = requests * targets.len();
    let times: Arc<Mutex<Vec<Vec<Duration>>>> = Arc::new(Mutex::new(vec![Vec::new(); targets.len()]));
    let pid = args.iter().position(|a| a == "--pid").and_then(|i| args.get(i + 1)).map(|p| p.parse().expect("--pid"));
    let cpu_before = cpu_seconds(pid);
    let start = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (next, times, targets, addr, corpus) = (Arc::clone(&next), Arc::clone(&times), targets.clone(), addr.clone(), Arc::clone(&corpus));
            std::thread::spawn(move || {
                let mut c = Conn::open(&addr);
                let mut mine = vec![Vec::new(); targets.len()];
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total || Instant::now() > deadline {
                        break;
                    }
                    let t = i % targets.len();
                    let began = Instant::now();
                    let mut path = targets[t].1.replace("{i}", &format!("{run}-{i}"));
                    if let Some(w) = corpus.as_ref() {
                        path = path.replace("{q}", &w.query(run as u64 ^ i as u64));
                    }
                    let (status, _) = c.send("GET", &path, "", b"");
                    mine[t].push(began.elapsed());
                    assert_eq!(status, 200, "{}", targets[t].1);
                }
                let mut all = times.lock().unwrap();
                for (t, v) in mine.into_iter().enumerate() {
                    all[t].extend(v);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let wall = start.elapsed().as_secs_f64();
    let mut times = times.lock().unwrap();
    let done: usize = times.iter().map(Vec::len).sum();
    println!("{clients} clients, {done} requests in {wall:.1} s: {:.0} requests/s in all", done as f64 / wall);
    if let (Some(a), Some(b)) = (cpu_before, cpu_seconds(pid)) {
        println!("  server CPU: {:.0} s in all, {:.2} ms per request (an ingest's included)", b - a, (b - a) * 1000.0 / done.max(1) as f64);
    }
    for (t, v) in times.iter_mut().enumerate() {
        v.sort();
        println!("  {:<20} {:>6} requests  p50 {:>7.1} ms  p99 {:>7.1} ms  {:>6.0} requests/s", targets[t].0, v.len(), percentile(v, 0.5), percentile(v, 0.99), v.len() as f64 / wall);
    }
    if let Some(h) = ingester {
        let (stored, took) = h.join().unwrap();
        println!("  ingest: {stored} articles posted in {:.1} s ({:.0} articles/s) during the load", took.as_secs_f64(), stored as f64 / took.as_secs_f64());
    }
    let after = Conn::open(&addr).get_json("/api/stories");
    println!("  the server now serves report generation {} over {} documents", after["generation"], after["documents"]);
}
