//! Frame fixtures: `tests/fixtures/frames/cases.json` holds sentences of our
//! own, the figure to read and the frame slots it must have (slots not
//! named must be empty, but for `generic` and `within`, checked only when
//! named). Each case is annotated end to end, as `sitrep extract` does.
//! `tests/fixtures/frames/languages.json` holds cases in other languages
//! (each names its `language`), read with that language's pack.

use std::fs;
use std::path::Path;

use serde::Deserialize;
use sitrep_core::{Document, Frame};

#[derive(Deserialize)]
struct Case {
    about: String,
    text: String,
    #[serde(default)]
    published: Option<String>,
    figure: String,
    frame: serde_json::Value,
    #[serde(default)]
    language: Option<String>,
}

fn frame_of(case: &Case) -> Option<Frame> {
    let mut doc = Document { id: "case".into(), text: case.text.clone(), published: case.published.clone(), language: case.language.clone(), ..Default::default() };
    sitrep_annotate::annotate(&mut doc);
    let q = doc.quantities.iter().position(|q| q.text == case.figure)?;
    doc.claims.iter().find(|c| c.quantity == Some(q)).map(|c| c.frame.clone())
}

#[test]
fn fixtures_read_the_expected_frames() {
    check("tests/fixtures/frames/cases.json");
}

#[test]
fn fixtures_in_other_languages_read_the_english_keys() {
    check("tests/fixtures/frames/languages.json");
}

fn check(file: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let cases: Vec<Case> = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let mut errors = Vec::new();
    for case in &cases {
        let Some(found) = frame_of(case) else {
            errors.push(format!("{}: no claim for {:?}", case.about, case.figure));
            continue;
        };
        let got = serde_json::to_value(&found).unwrap();
        let want = case.frame.as_object().unwrap();
        for slot in ["counted", "group", "measure", "place", "event", "period", "whole", "part", "increment", "within", "generic"] {
            let w = want.get(slot);
            let g = got.get(slot);
            let checked = w.is_some() || !matches!(slot, "generic" | "within" | "counted");
            if checked && w != g {
                errors.push(format!("{}: {slot} is {g:?}, expected {w:?} (frame {got})", case.about));
            }
        }
    }
    assert!(errors.is_empty(), "{} of {} cases wrong:\n{}", errors.len(), cases.len(), errors.join("\n"));
}

/// The rate of the claim of `figure` in a document of `language`.
fn per_of(language: &str, text: &str, figure: &str) -> Option<String> {
    let mut doc = Document { id: "case".into(), text: text.into(), language: Some(language.into()), ..Default::default() };
    sitrep_annotate::annotate(&mut doc);
    let q = doc.quantities.iter().position(|q| q.text == figure).expect("the figure is read");
    doc.claims.iter().find(|c| c.quantity == Some(q)).expect("a claim of the figure").per.clone()
}

#[test]
fn a_per_day_phrase_of_the_pack_makes_a_daily_rate() {
    assert_eq!(per_of("uk", "Армія втрачає близько 900 осіб на день.", "близько 900").as_deref(), Some("day"));
    assert_eq!(per_of("uk", "Середньодобові втрати армії, включно з пораненими, склали 900 осіб.", "900").as_deref(), Some("day"));
    assert_eq!(per_of("fr", "L'armée perd environ 900 soldats par jour.", "environ 900").as_deref(), Some("day"));
    // Without the phrase, or with another figure between it and this one,
    // the figure is no rate.
    assert_eq!(per_of("uk", "Армія втратила близько 900 осіб.", "близько 900"), None);
    assert_eq!(per_of("uk", "Щодня гине 50 бійців, а загалом армія втратила 900 осіб.", "900"), None);
}
