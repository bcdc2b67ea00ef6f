//! Renders the sample report, has headless Chromium screenshot it and dump
//! its DOM, and checks that the page parsed and painted: the screenshot is a
//! real picture (many colours, much ink) and the DOM holds every topic's
//! label. Prints the demo dossier to PDF and counts its A4 pages, and lays
//! the print stylesheet out at the A4 width to check that every column is
//! inside the page. Skipped, with a note, when Chromium is not installed.

use sitrep_core::report::Report;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A guard against a hung browser, not a speed requirement.
const BROWSER_LIMIT: Duration = Duration::from_secs(180);

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SITREP_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser", "google-chrome"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Runs the browser headless with `args` on `page`; its standard output.
fn run(browser: &Path, args: &[&str], page: &Path) -> Vec<u8> {
    let out_path = page.with_extension(format!("{}.out", args.len()));
    let out = std::fs::File::create(&out_path).unwrap();
    let mut child = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"])
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", browser.display()));
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > BROWSER_LIMIT {
            let _ = child.kill();
            panic!("{} did not finish", browser.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::read(&out_path).unwrap()
}

#[test]
fn chromium_renders_the_dossier() {
    let Some(browser) = chromium() else {
        println!("note: Chromium not found (set SITREP_CHROMIUM or install chromium); screenshot test skipped");
        return;
    };
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-report.json");
    let report: Report = serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("chromium");
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("report.html");
    std::fs::write(&page, sitrep_report::html(&report)).unwrap();

    let shot = dir.join("shot.png");
    let _ = std::fs::remove_file(&shot);
    run(&browser, &[&format!("--screenshot={}", shot.display()), "--window-size=1400,4000"], &page);
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).expect("no screenshot")));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1400, 4000));
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let pixels = buf[..info.buffer_size()].chunks(channels);
    let total = (info.width * info.height) as usize;
    let mut colours = std::collections::HashSet::new();
    let mut ink = 0;
    for p in pixels {
        colours.insert((p[0], p[1], p[2]));
        if p[0] < 235 || p[1] < 235 || p[2] < 235 {
            ink += 1;
        }
    }
    assert!(colours.len() > 500, "only {} colours: the page did not paint", colours.len());
    assert!(ink * 20 > total, "only {ink} of {total} pixels are not white");

    let dom = String::from_utf8_lossy(&run(&browser, &["--dump-dom"], &page)).into_owned();
    assert!(dom.contains("</svg>"), "no SVG in the parsed page");
    for t in &report.topics {
        let label = t.label.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        assert!(dom.contains(&label), "topic {:?} missing from the DOM", t.label);
    }
    println!("screenshot: {} ({} colours, {ink} of {total} pixels inked)", shot.display(), colours.len());
}

/// The dossier of the bundled demo corpus, as `sitrep demo` writes it.
fn demo_dossier() -> String {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let docs: Vec<sitrep_core::Document> = sitrep_ingest::read(vec![sitrep_ingest::Input::Path(demo)], Default::default())
        .map(|raw| {
            let mut d = sitrep_ingest::to_document(raw.expect("the demo corpus reads"));
            sitrep_annotate::annotate(&mut d);
            d
        })
        .collect();
    assert!(docs.len() >= 10, "the demo corpus has {} documents", docs.len());
    let report = sitrep_fuse::fuse(&docs);
    let story = report.stories.first().expect("a story").id.clone();
    sitrep_report::html(&report.narrowed(&story).expect("the story"))
}

/// Pages of a PDF: its `/Type /Page` objects (not `/Pages`, the tree nodes).
fn pdf_pages(pdf: &[u8]) -> usize {
    let mut n = 0;
    for (i, w) in pdf.windows(5).enumerate() {
        if w == b"/Type" {
            let rest = &pdf[i + 5..];
            let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
            if rest.starts_with(b"/Page") && !rest.starts_with(b"/Pages") {
                n += 1;
            }
        }
    }
    n
}

/// The printable width of an A4 page under the print stylesheet's margins
/// (210 mm less 2 × 10 mm), in CSS pixels.
const A4_PRINT_WIDTH: u32 = 718;

#[test]
fn the_demo_dossier_prints_on_at_most_12_a4_pages_with_every_column_visible() {
    assert_eq!(pdf_pages(b"<< /Type /Pages /Kids [3 0 R] >> << /Type /Page >> <</Type/Page/Parent 2 0 R>>"), 2);
    let Some(browser) = chromium() else {
        println!("note: Chromium not found (set SITREP_CHROMIUM or install chromium); print test skipped");
        return;
    };
    let html = demo_dossier();
    assert!(html.contains("@page{size:A4"), "the print stylesheet names A4");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("chromium-print");
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("demo.html");
    std::fs::write(&page, &html).unwrap();
    let pdf = dir.join("demo.pdf");
    let _ = std::fs::remove_file(&pdf);
    run(&browser, &[&format!("--print-to-pdf={}", pdf.display()), "--no-pdf-header-footer"], &page);
    let pages = pdf_pages(&std::fs::read(&pdf).expect("no PDF printed"));
    assert!((1..=12).contains(&pages), "the demo dossier prints on {pages} A4 pages");

    // The print rules laid out on a screen as wide as the printed page: no
    // table cell, plot or chip may reach past its edge.
    let probe = r#"<script>window.addEventListener('load',()=>{const W=document.documentElement.clientWidth;const out=[];
document.querySelectorAll('th,td,svg.plot,.voice,.topic').forEach(e=>{const r=e.getBoundingClientRect();if(r.width>0&&(r.right>W+0.5||r.left<-0.5))out.push(e.tagName+'.'+e.className+' '+Math.round(r.left)+'..'+Math.round(r.right));});
if(document.documentElement.scrollWidth>W)out.push('page '+document.documentElement.scrollWidth+'>'+W);
document.body.setAttribute('data-overflow',out.length?out.slice(0,10).join('; '):'none');});</script></body>"#;
    let print_as_screen = html.replacen("@media print{", "@media all{", 1).replacen("</body>", probe, 1);
    let probe_page = dir.join("print-layout.html");
    std::fs::write(&probe_page, print_as_screen).unwrap();
    let dom = String::from_utf8_lossy(&run(&browser, &["--dump-dom", &format!("--window-size={A4_PRINT_WIDTH},1000")], &probe_page)).into_owned();
    let found = dom.split("data-overflow=\"").nth(1).and_then(|s| s.split('"').next()).expect("the probe ran");
    assert_eq!(found, "none", "columns outside the printed page");
    println!("printed: {} ({pages} pages)", pdf.display());
}
