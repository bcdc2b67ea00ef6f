//! Drives real headless Chromium over the DevTools protocol (a websocket,
//! no driver) against a server on an ephemeral port over the demo corpus:
//! open the story, filter a topic by source, follow a claim to its article
//! (the sentence highlighted and in view), search, ingest a document with
//! the token and see it appear, and check that an article whose title,
//! quote and URL carry script payloads runs no script; then, with the
//! keyboard only, reject a claim on its topic's page, see it marked
//! rejected once the report is fused again, and undo it; and check that
//! every page fits a 1280 px and a 390 px wide screen without sideways
//! scrolling (the phone's width emulated: Chromium's window will not go
//! below 500 px). With `SITREP_SCREENSHOTS=DIR` it also saves a
//! screenshot of every page at both widths into DIR, to look at.
//!
//! Chromium is found through `SITREP_CHROMIUM` or `PATH`; when it is
//! missing the test runs `scripts/install-chromium.sh` (Debian's package),
//! and fails loudly if that does not help. It never skips.

mod common;

use common::*;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// A guard against a hung browser, not a speed requirement.
const LIMIT: Duration = Duration::from_secs(60);

/// The browser named by `SITREP_CHROMIUM`, else the first of Chromium's
/// usual names that answers `--version`.
fn find_chromium() -> Option<PathBuf> {
    let named = std::env::var_os("SITREP_CHROMIUM").map(PathBuf::from);
    let candidates = named.into_iter().chain(["chromium", "chromium-browser", "google-chrome"].map(PathBuf::from));
    candidates.into_iter().find(|b| Command::new(b).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success()))
}

/// Chromium, installed by the project's script when it is missing.
fn chromium() -> PathBuf {
    if let Some(p) = find_chromium() {
        return p;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/install-chromium.sh");
    eprintln!("Chromium not found: running {}", script.display());
    let status = Command::new("bash").arg(&script).status().expect("cannot run scripts/install-chromium.sh");
    assert!(status.success(), "scripts/install-chromium.sh failed: install Debian's chromium or set SITREP_CHROMIUM");
    find_chromium().expect("Chromium is still missing after scripts/install-chromium.sh")
}

/// A headless browser, killed when dropped.
struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A DevTools session on one page.
struct Page {
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    session: String,
    next: u64,
}

fn launch() -> (Browser, Page) {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium())
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--remote-debugging-port=0"])
        .arg("--window-size=1280,700")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("about:blank")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start Chromium");
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("DevTools listening on ") {
                let _ = tx.send(url.trim().to_string());
            }
        }
    });
    let browser = Browser { child, _profile: profile };
    let url = rx.recv_timeout(LIMIT).expect("Chromium did not open its DevTools port");
    let (mut ws, _) = tungstenite::connect(url.as_str()).expect("cannot connect to DevTools");
    if let MaybeTlsStream::Plain(s) = ws.get_mut() {
        s.set_read_timeout(Some(LIMIT)).unwrap();
    }
    let mut page = Page { ws, session: String::new(), next: 0 };
    let target = page.call("Target.createTarget", json!({ "url": "about:blank" }));
    let attached = page.call("Target.attachToTarget", json!({ "targetId": target["targetId"], "flatten": true }));
    page.session = attached["sessionId"].as_str().unwrap().to_string();
    page.call("Page.enable", json!({}));
    page.call("Runtime.enable", json!({}));
    (browser, page)
}

impl Page {
    /// Send a command and wait for its answer (events are skipped).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.try_call(method, params).unwrap_or_else(|e| panic!("{method}: {e}"))
    }

    /// A command's result, or its error.
    fn try_call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if !self.session.is_empty() {
            msg["sessionId"] = json!(self.session);
        }
        self.ws.send(Message::text(msg.to_string())).unwrap();
        loop {
            let Message::Text(text) = self.ws.read().expect("DevTools connection lost") else { continue };
            let v: Value = serde_json::from_str(text.as_str()).unwrap();
            if v["id"] == json!(id) {
                return match v.get("error") {
                    Some(e) => Err(e.clone()),
                    None => Ok(v["result"].clone()),
                };
            }
        }
    }

    /// The value of a JavaScript expression in the page.
    fn eval(&mut self, expr: &str) -> Value {
        let r = self.call("Runtime.evaluate", json!({ "expression": expr, "returnByValue": true, "awaitPromise": true }));
        assert!(r.get("exceptionDetails").is_none(), "{expr}: {}", r["exceptionDetails"]);
        r["result"]["value"].clone()
    }

    /// Wait until `expr` is true in a fully loaded page.
    fn wait_for(&mut self, expr: &str) {
        let full = format!("document.readyState === 'complete' && !!({expr})");
        let start = Instant::now();
        while start.elapsed() < LIMIT {
            // The page may be between documents: an error is a "not yet".
            let r = self.try_call("Runtime.evaluate", json!({ "expression": full, "returnByValue": true }));
            if r.is_ok_and(|r| r["result"]["value"] == json!(true)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("timed out waiting for {expr} (at {})", self.eval("location.href"));
    }

    fn goto(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        self.wait_for(&format!("location.href === {}", json!(url)));
    }

    /// Press a key (DevTools key events, as a keyboard sends them).
    fn key(&mut self, key: &str, code: &str, vk: u32, text: &str) {
        let mut down = json!({ "type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk });
        if !text.is_empty() {
            down["text"] = json!(text);
        }
        self.call("Input.dispatchKeyEvent", down);
        self.call("Input.dispatchKeyEvent", json!({ "type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk }));
    }

    /// Type text into the focused field.
    fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({ "text": text }));
    }

    /// The id of the focused element.
    fn focused(&mut self) -> Value {
        self.eval("document.activeElement.id")
    }

    /// Lay the page out `width` px wide (a phone when narrow).
    fn width(&mut self, width: u32) {
        self.call("Emulation.setDeviceMetricsOverride", json!({ "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600 }));
    }

    /// True when no payload ran and nothing of the article became markup.
    fn clean(&mut self) -> Value {
        self.eval(
            "({ pwned: window.__pwned === undefined ? null : window.__pwned, \
               imgs: document.querySelectorAll('img').length, \
               inline: [...document.scripts].filter(s => !s.src).length, \
               js: [...document.querySelectorAll('[href],[src],[action]')].filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || '')).length })",
        )
    }
}

#[test]
fn analyst_workflow_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let addr: SocketAddr = start(&db, true);
    let base = format!("http://{addr}");
    let (_browser, mut page) = launch();

    // Open the demo's story from the stories page.
    page.goto(&format!("{base}/"));
    page.eval("document.querySelector('main a[href^=\"/stories/\"]').click()");
    page.wait_for("location.pathname.startsWith('/stories/') && document.getElementById('topics')");
    assert!(page.eval("document.querySelectorAll('#topics tbody tr').length").as_u64().unwrap() > 0);

    // The topic with most claims, filtered by one of its sources.
    page.eval("[...document.querySelectorAll('#topics tbody tr')].sort((a, b) => b.cells[4].textContent - a.cells[4].textContent)[0].querySelector('a').click()");
    page.wait_for("location.pathname.startsWith('/topics/') && document.getElementById('f-source')");
    let all = page.eval("document.querySelectorAll('table.claims tbody tr').length").as_u64().unwrap();
    let source = page.eval("document.getElementById('f-source').options[1].value");
    let source = source.as_str().unwrap().to_string();
    page.eval(&format!("const s = document.getElementById('f-source'); s.value = {}; s.form.requestSubmit()", json!(source)));
    page.wait_for("location.search.includes('source=')");
    let cells = page.eval("[...document.querySelectorAll('table.claims tbody tr td:first-child')].map(td => td.textContent)");
    let cells: Vec<&str> = cells.as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert!(!cells.is_empty() && (cells.len() as u64) < all, "{source}: {} of {all} rows", cells.len());
    assert!(cells.iter().all(|c| c.to_lowercase().contains(&source.to_lowercase())), "{source}: {cells:?}");
    assert_eq!(page.eval("document.getElementById('f-source').value"), json!(source), "the filter shows in the form");

    // Follow a claim to its article: the deepest sentence of the topic.
    page.eval("history.back()");
    page.wait_for("location.pathname.startsWith('/topics/') && !location.search.includes('source=')");
    let link = page.eval(
        "(() => { const ls = [...document.querySelectorAll('table.claims td.sentence a.doc')]; \
           const start = a => +new URL(a.href).searchParams.get('mark').split('-')[0]; \
           const a = ls.sort((x, y) => start(y) - start(x))[0]; \
           a.click(); return a.closest('td').textContent; })()",
    );
    page.wait_for("location.pathname.startsWith('/documents/') && document.getElementById('hl')");
    let hl = page.eval("document.getElementById('hl').textContent");
    assert!(link.as_str().unwrap().starts_with(hl.as_str().unwrap().trim()), "highlighted {hl} for the claim {link}");
    page.wait_for("(() => { const r = document.getElementById('hl').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()");
    assert_eq!(page.eval("document.getElementById('hl').tagName"), json!("MARK"));
    assert_eq!(page.eval("document.activeElement.id"), json!("hl"), "the sentence has keyboard focus");
    assert_eq!(page.eval("location.hash"), json!("#hl"), "the link is shareable");

    // Search from the bar.
    page.eval("const q = document.getElementById('bar-q'); q.value = 'Kursk'; q.form.requestSubmit()");
    page.wait_for("location.pathname === '/search' && document.querySelector('ol.hits')");
    assert!(page.eval("document.querySelectorAll('ol.hits li').length").as_u64().unwrap() > 0);
    assert!(page.eval("document.querySelectorAll('ol.hits mark').length").as_u64().unwrap() > 0, "snippets mark the matches");

    // Ingest a new document with the token and see it appear.
    let line = json!({
        "id": "browser-fresh",
        "published": "2025-01-20",
        "title": "Quorvale bridge reopens to traffic",
        "text": "The Quorvale bridge reopened on Monday after repairs that cost 3.5 million dollars, the city engineer said.",
    });
    let res = ingest(addr, &line.to_string());
    assert_eq!(res.status, 202, "{}", res.text());
    // Search reads the store, which has the document as soon as it is
    // committed; its page waits for the re-fused report.
    assert!(wait_until(LIMIT, || get(addr, "/api/documents/browser-fresh").status == 200), "the ingested document never appeared");
    let url = format!("{base}/search?q=Quorvale");
    let start = Instant::now();
    loop {
        page.goto(&url);
        if page.eval("document.querySelectorAll('ol.hits li').length").as_u64().unwrap() > 0 {
            break;
        }
        assert!(start.elapsed() < LIMIT, "the ingested document never appeared");
        std::thread::sleep(Duration::from_millis(300));
    }
    page.eval("document.querySelector('ol.hits li a').click()");
    page.wait_for("location.pathname === '/documents/browser-fresh'");
    assert_eq!(page.eval("document.querySelector('h1').textContent"), json!("Quorvale bridge reopens to traffic"));

    // A hostile article: its payloads show as text and none runs.
    assert_eq!(ingest(addr, &hostile_article("hostile-browser")).status, 202);
    assert!(wait_until(LIMIT, || get(addr, "/api/documents/hostile-browser").status == 200));
    page.goto(&format!("{base}/documents/hostile-browser"));
    assert!(page.eval("document.querySelector('h1').textContent").as_str().unwrap().contains("<script>window.__pwned=1</script>"));
    let mut checked = vec![format!("{base}/documents/hostile-browser"), format!("{base}/search?q=Vellmar"), format!("{base}/timeline")];
    for s in get(addr, "/api/stories").json()["stories"].as_array().unwrap() {
        checked.push(format!("{base}/stories/{}", s["id"].as_str().unwrap()));
    }
    for t in get(addr, "/api/claims?source=Ostra").json()["claims"].as_array().unwrap() {
        checked.push(format!("{base}/topics/{}", t["topic"].as_str().unwrap()));
    }
    for url in &checked {
        page.goto(url);
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(page.clean(), json!({ "pwned": null, "imgs": 0, "inline": 0, "js": 0 }), "{url}");
    }

    // Correct a topic on its page with the keyboard: tick the first claim
    // with the space bar and reject it with Enter.
    let story = get(addr, "/api/stories").json()["stories"][0]["id"].as_str().unwrap().to_string();
    let topics = get(addr, &format!("/api/stories/{story}")).json()["topics"].clone();
    let topic = topics.as_array().unwrap().iter().max_by_key(|t| t["claims"].as_array().unwrap().len()).unwrap()["id"].as_str().unwrap().to_string();
    let claims = |addr| get(addr, &format!("/api/topics/{topic}")).json()["topic"]["claims"].as_u64().unwrap();
    let before = claims(addr);
    page.goto(&format!("{base}/topics/{topic}"));
    page.wait_for("document.getElementById('correct') && !document.getElementById('correct').hidden");
    page.eval("document.getElementById('c-token').focus()");
    page.type_text(TOKEN);
    page.key("Tab", "Tab", 9, "");
    assert_eq!(page.focused(), json!("c-author"), "Tab goes from the token to the name");
    page.type_text("Keyboard Analyst");
    let sentence = page.eval("document.querySelector('input.pick').closest('tr').querySelector('td.sentence').firstChild.textContent");
    let sentence = sentence.as_str().unwrap().trim().to_string();
    page.eval("document.querySelector('input.pick').focus()");
    page.key(" ", "Space", 32, " ");
    assert_eq!(page.eval("document.querySelector('input.pick').checked"), json!(true), "space ticks the claim");
    assert_eq!(page.eval("document.getElementById('c-picked').textContent"), json!("1 claim ticked."));
    page.eval("document.querySelector('button[data-act=reject]').focus()");
    page.key("Enter", "Enter", 13, "\r");
    // The page reloads itself once the store is fused again.
    page.wait_for("document.querySelector('#corrections .tag-rejected') || document.querySelector('#c-status.error')");
    assert_eq!(page.eval("!!document.querySelector('#c-status.error')"), json!(false), "{}", page.eval("document.getElementById('c-status').textContent"));
    let listed = page.eval("document.getElementById('corrections').textContent");
    let listed = listed.as_str().unwrap();
    assert!(listed.contains(&sentence[..sentence.len().min(40)]) && listed.contains("Keyboard Analyst"), "{listed} lacks {sentence}");
    assert_eq!(claims(addr), before - 1, "the rejected claim left the topic");
    let stored = get(addr, "/api/corrections").json();
    assert_eq!(stored["corrections"][0]["correction"]["kind"], json!("reject_claim"), "{stored}");
    assert_eq!(stored["corrections"][0]["applied"], json!(true), "{stored}");
    // Undo it, again with the keyboard.
    page.eval("document.querySelector('button[data-undo]').focus()");
    page.key("Enter", "Enter", 13, "\r");
    page.wait_for("!document.getElementById('corrections') && document.getElementById('correct')");
    assert_eq!(claims(addr), before, "undone: the claim is back");
    assert_eq!(get(addr, "/api/corrections").json()["corrections"], json!([]));

    // Every page fits 1280 px and 390 px without sideways scrolling.
    let doc = get(addr, &format!("/api/topics/{topic}")).json()["claims"][0]["doc"].as_str().unwrap().to_string();
    let entity = get(addr, &format!("/api/stories/{story}")).json()["entities"].as_array().unwrap().iter().find(|e| e["kind"] == json!("person")).map(|e| e["name"].as_str().unwrap().to_string());
    let mut pages = vec![
        ("stories".to_string(), format!("{base}/")),
        ("story".into(), format!("{base}/stories/{story}")),
        ("topic".into(), format!("{base}/topics/{topic}")),
        ("article".into(), format!("{base}/documents/{doc}")),
        ("search".into(), format!("{base}/search?q=troops")),
        ("timeline".into(), format!("{base}/timeline")),
        ("changes".into(), format!("{base}/changes?since=2024-10-01")),
    ];
    if let Some(name) = entity {
        pages.push(("entity".into(), format!("{base}/entities/{}", name.replace(' ', "%20"))));
    }
    let shots = std::env::var_os("SITREP_SCREENSHOTS").map(PathBuf::from);
    for width in [1280, 390] {
        page.width(width);
        for (name, url) in &pages {
            page.goto(url);
            // A phone zooms out to show a page wider than itself: the layout
            // width grows past the screen's.
            let wide = page.eval("[document.documentElement.scrollWidth, innerWidth]");
            let over = format!("[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > {width} + 1 && !e.parentElement.closest('.scroll')).slice(0, 6).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))");
            assert!(wide[0].as_u64() <= Some(u64::from(width)) && wide[1].as_u64() == Some(u64::from(width)), "{url} at {width} px scrolls sideways: {wide}, past the edge: {}", page.eval(&over));
            // Nor does any table: they wrap, or become cards on a phone.
            let scrolled = page.eval("[...document.querySelectorAll('.scroll')].filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.firstElementChild.className + ' ' + e.scrollWidth + '>' + e.clientWidth)");
            assert_eq!(scrolled, json!([]), "{url} at {width} px: a table scrolls sideways");
            if let Some(dir) = &shots {
                let high = page.eval("Math.min(document.documentElement.scrollHeight, 2400)");
                let clip = json!({ "x": 0, "y": 0, "width": width, "height": high, "scale": 1 });
                let shot = page.call("Page.captureScreenshot", json!({ "format": "png", "clip": clip, "captureBeyondViewport": true }));
                let png = base64_decode(shot["data"].as_str().unwrap());
                std::fs::create_dir_all(dir).unwrap();
                std::fs::write(dir.join(format!("{name}-{width}.png")), png).unwrap();
            }
        }
    }
}

/// Standard base64 (DevTools' encoding of screenshots).
fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=' && !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &c)| n | u32::from(val(c)) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}
