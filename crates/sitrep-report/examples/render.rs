//! Renders a report JSON file (`sitrep report --format json`, or a test
//! fixture) as HTML or Markdown.
//!
//! Run: `cargo run -p sitrep-report --example render -- REPORT.json OUT.html`
//! (an `.md` output path writes Markdown).

use sitrep_core::report::Report;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: render REPORT.json OUT.html|OUT.md");
        return ExitCode::from(2);
    };
    let report: Report = match std::fs::read_to_string(input).map_err(|e| e.to_string()).and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string())) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{input}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let text = if output.ends_with(".md") { sitrep_report::markdown(&report) } else { sitrep_report::html(&report) };
    if let Err(e) = std::fs::write(output, text) {
        eprintln!("{output}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
