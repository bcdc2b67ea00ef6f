//! Renders the sample report, has headless Chromium screenshot it and dump
//! its DOM, and checks that the page parsed and painted: the screenshot is a
//! real picture (many colours, much ink) and the DOM holds every topic's
//! label. Skipped, with a note, when Chromium is not installed.

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
