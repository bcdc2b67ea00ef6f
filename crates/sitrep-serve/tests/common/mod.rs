//! What the API and browser tests share: a store of the demo corpus, a
//! server on an ephemeral port, and a small HTTP/1.1 client.

#![allow(dead_code)] // each test file uses its own part

use sitrep_ingest::{Input, ReadOptions};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

/// The token the test servers accept.
pub const TOKEN: &str = "test-token-5f1c";

/// A store holding the demo corpus (`demo/` of the repository), annotated
/// as `sitrep ingest` would.
pub fn demo_store(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let mut store = sitrep_store::Store::open(&db).unwrap();
    let mut batch = store.batch().unwrap();
    for raw in sitrep_ingest::read(vec![Input::Path(demo)], ReadOptions::default()) {
        let mut doc = sitrep_ingest::to_document(raw.unwrap());
        sitrep_annotate::annotate(&mut doc);
        batch.put(&doc, sitrep_annotate::ANNOTATOR_VERSION).unwrap();
    }
    batch.commit().unwrap();
    db
}

/// Serve `db` on a free port of 127.0.0.1 (on a thread that lives as long
/// as the test process); its address.
pub fn start(db: &Path, allow_ingest: bool) -> SocketAddr {
    let config = sitrep_serve::Config { allow_ingest, token: Some(TOKEN.into()), ..sitrep_serve::Config::new(db) };
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        sitrep_serve::run(config, "127.0.0.1:0".parse().unwrap(), |addr| tx.send(addr).unwrap()).unwrap();
    });
    rx.recv_timeout(Duration::from_secs(120)).expect("the server did not start")
}

/// A response: status, headers (names lower-cased) and body.
#[derive(Debug)]
pub struct Res {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Res {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

/// One request on its own connection.
pub fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Res {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    // A server may answer before the body is all sent (413 for a body over
    // its limit) and close: the write then fails, and the answer is read.
    let early = |e: &std::io::Error| matches!(e.kind(), std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset);
    if let Err(e) = s.write_all(head.as_bytes()).and_then(|()| s.write_all(body)) {
        assert!(early(&e), "{e}");
    }
    let mut raw = Vec::new();
    if let Err(e) = s.read_to_end(&mut raw) {
        assert!(early(&e) && !raw.is_empty(), "{e}");
    }
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string())).collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Res { status, headers, body }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&b[..line_end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[line_end + 2..line_end + 2 + size]);
        b = &b[line_end + 4 + size..];
    }
}

pub fn get(addr: SocketAddr, path: &str) -> Res {
    request(addr, "GET", path, &[], b"")
}

/// POST JSON Lines to the ingest endpoint with the test token.
pub fn ingest(addr: SocketAddr, jsonl: &str) -> Res {
    let auth = format!("Bearer {TOKEN}");
    request(addr, "POST", "/api/documents", &[("Authorization", &auth), ("Content-Type", "application/x-ndjson")], jsonl.as_bytes())
}

/// Percent-encodes a path segment.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// Poll `f` until it is true or `limit` passes.
pub fn wait_until(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    false
}

/// An article written for these tests whose title, quote and URL carry
/// script payloads; each payload, if it ran, would set `window.__pwned`.
pub fn hostile_article(id: &str) -> String {
    let title = r#"<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">Hostile headline"#;
    let text = concat!(
        "Officials in the harbour town of Vellmar said on Monday that 4,200 residents had been moved inland after the storm. ",
        "\"<script>window.__pwned=4</script>\"><img src=x onerror=window.__pwned=5>\" said Ostra Kellin, a council spokesperson. ",
        "The regional office put the number at about 4,500 people, according to Ostra Kellin. ",
        "Click javascript:window.__pwned=6 for more."
    );
    serde_json::json!({
        "id": id,
        "url": "javascript:window.__pwned=3",
        "published": "2025-03-03",
        "title": title,
        "text": text,
    })
    .to_string()
}
