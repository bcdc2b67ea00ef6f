//! Time expressions: table-driven fixtures (sentence + publication date →
//! expected spans, values and kinds) and property tests (every supported
//! date style parses back; no input panics or yields a bad span).

use std::fs;
use std::path::Path;

use proptest::prelude::*;
use serde::Deserialize;
use sitrep_annotate::{sentences, times};
use sitrep_core::TimeExpr;

#[derive(Deserialize)]
struct Expected {
    text: String,
    value: Option<String>,
    kind: String,
    /// Checked when given.
    expected: Option<bool>,
}

#[derive(Deserialize)]
struct Case {
    text: String,
    published: Option<String>,
    expect: Vec<Expected>,
}

fn run(text: &str, published: Option<&str>) -> Vec<TimeExpr> {
    times::find(text, &sentences::split(text), published)
}

fn kind_name(t: &TimeExpr) -> String {
    serde_json::to_value(t.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[test]
fn fixtures_give_the_expected_spans_values_and_kinds() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/times/cases.json");
    let cases: Vec<Case> = serde_json::from_str(&fs::read_to_string(path).expect("fixture file"))
        .expect("fixture JSON");
    assert!(cases.len() > 20);
    let mut failures = Vec::new();
    for case in &cases {
        let got = run(&case.text, case.published.as_deref());
        let got_view: Vec<(String, Option<String>, String)> = got
            .iter()
            .map(|t| (t.text.clone(), t.value.clone(), kind_name(t)))
            .collect();
        let want_view: Vec<(String, Option<String>, String)> = case
            .expect
            .iter()
            .map(|e| (e.text.clone(), e.value.clone(), e.kind.clone()))
            .collect();
        if got_view != want_view {
            failures.push(format!(
                "{:?}\n  want {:?}\n  got  {:?}",
                case.text, want_view, got_view
            ));
        }
        for t in &got {
            assert_eq!(&case.text[t.start..t.end], t.text);
        }
        for (want, t) in case.expect.iter().zip(&got) {
            if want.expected.is_some_and(|e| e != t.expected) {
                failures.push(format!("{:?}: {:?} expected = {}", case.text, t.text, t.expected));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// A claim whose time is checked, found by its figure (`value`), and the
/// fields that must hold.
#[derive(Deserialize)]
struct ClaimTime {
    value: f64,
    #[serde(flatten)]
    fields: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct ClaimCase {
    name: String,
    text: String,
    published: Option<String>,
    claims: Vec<ClaimTime>,
}

/// Event time vs report time: each claim of `fixtures/times/claims.json`
/// takes the time of the clause that holds its figure, an expected time
/// for a forecast, the publication date when its sentence states none.
#[test]
fn claims_take_the_time_of_their_own_clause() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/times/claims.json");
    let cases: Vec<ClaimCase> = serde_json::from_str(&fs::read_to_string(path).expect("fixture file"))
        .expect("fixture JSON");
    assert!(cases.len() >= 5);
    let mut failures = Vec::new();
    for case in &cases {
        let mut doc = sitrep_core::Document {
            id: case.name.clone(),
            text: case.text.clone(),
            published: case.published.clone(),
            ..Default::default()
        };
        sitrep_annotate::annotate(&mut doc);
        for want in &case.claims {
            let Some(claim) = doc.claims.iter().find(|c| c.quantity.is_some() && c.value == Some(want.value)) else {
                failures.push(format!("{}: no claim for {}", case.name, want.value));
                continue;
            };
            let got = serde_json::to_value(claim).expect("claims serialise");
            for (key, value) in &want.fields {
                if &got[key] != value {
                    failures.push(format!("{}: {} {key} = {}, expected {value}", case.name, want.value, got[key]));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ABBR: [&str; 12] = [
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];

fn days_in(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

proptest! {
    #[test]
    fn every_date_style_parses_back(y in 1950i32..2090, m in 1u32..=12, d0 in 1u32..=31, style in 0usize..6) {
        let d = d0.min(days_in(y, m));
        let mi = (m - 1) as usize;
        let written = match style {
            0 => format!("{} {}, {}", MONTHS[mi], d, y),
            1 => format!("{} {}, {}", ABBR[mi], d, y),
            2 => format!("{} {} {}", d, MONTHS[mi], y),
            3 => format!("{y:04}-{m:02}-{d:02}"),
            4 => format!("{m}/{d}/{y}"),
            _ => format!("the {}th of {} {}", d, MONTHS[mi], y),
        };
        let text = format!("The meeting took place on {written} in the capital.");
        let got = run(&text, Some("2024-10-31"));
        let want = format!("{y:04}-{m:02}-{d:02}");
        prop_assert_eq!(got.len(), 1, "{} -> {:?}", text, got);
        prop_assert_eq!(got[0].value.as_deref(), Some(want.as_str()), "{}", text);
        prop_assert!(written.ends_with(&got[0].text), "{} vs {}", written, got[0].text);
    }

    #[test]
    fn no_input_panics_and_spans_are_sorted_char_boundaries(text in "\\PC{0,80}", pick in 0usize..5) {
        let published = ["2024-10-31", "", "2024-02-30", "x", "1999-12-31"][pick];
        let got = run(&text, Some(published).filter(|p| !p.is_empty()));
        let mut last = 0;
        for t in &got {
            prop_assert!(t.start >= last && t.start < t.end && t.end <= text.len());
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            prop_assert_eq!(&text[t.start..t.end], t.text.as_str());
            last = t.end;
        }
    }

    #[test]
    fn time_words_in_any_order_never_panic(words in proptest::collection::vec(prop_oneof![
        Just("last"), Just("next"), Just("the"), Just("of"), Just("2024"), Just("31"), Just("Feb."), Just("-"),
        Just("between"), Just("and"), Just("from"), Just("to"), Just("ago"), Just("years"), Just("a"), Just("half"),
        Just("Q"), Just("5"), Just("1/2"), Just("29"), Just("Sunday"), Just("mid"), Just("week"), Just("53rd"),
        Just("99999"), Just("'90s"), Just("every"), Just("spring"), Just("1999-02-29"), Just(","),
    ], 0..12)) {
        let text = words.join(" ");
        for published in [Some("2024-02-29"), None] {
            let got = run(&text, published);
            for t in &got {
                prop_assert_eq!(&text[t.start..t.end], t.text.as_str());
            }
        }
    }
}
