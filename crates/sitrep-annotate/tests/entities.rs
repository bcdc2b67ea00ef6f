//! Entity fixtures (`tests/fixtures/entities/NAME.txt` with the expected
//! entities in `NAME.json`) and robustness properties of sentences and
//! entities on arbitrary text.

use std::fs;
use std::path::Path;

use proptest::prelude::*;
use serde::Deserialize;
use sitrep_annotate::{entities, sentences};
use sitrep_core::Entity;

#[derive(Deserialize)]
struct Expected {
    name: String,
    kind: String,
    mentions: Vec<String>,
    #[serde(default)]
    descriptors: Vec<String>,
}

fn find(text: &str) -> Vec<Entity> {
    entities::find(text, &sentences::split(text))
}

fn check_fixture(stem: &Path) -> Vec<String> {
    let text = fs::read_to_string(stem.with_extension("txt")).unwrap();
    let expected: Vec<Expected> = serde_json::from_str(&fs::read_to_string(stem.with_extension("json")).unwrap()).unwrap();
    let found = find(&text);
    let mut errors = Vec::new();
    for exp in &expected {
        let Some(e) = found.iter().find(|e| e.name == exp.name) else {
            errors.push(format!("{}: no entity named {:?}", stem.display(), exp.name));
            continue;
        };
        if e.kind.as_str() != exp.kind {
            errors.push(format!("{}: {:?} is {} not {}", stem.display(), exp.name, e.kind.as_str(), exp.kind));
        }
        for m in &exp.mentions {
            if !e.mentions.iter().any(|x| &x.text == m) {
                errors.push(format!("{}: {:?} lacks mention {:?}", stem.display(), exp.name, m));
            }
        }
        for d in &exp.descriptors {
            if !e.descriptors.contains(d) {
                errors.push(format!("{}: {:?} lacks descriptor {:?} (has {:?})", stem.display(), exp.name, d, e.descriptors));
            }
        }
    }
    errors
}

#[test]
fn fixtures_find_the_expected_entities() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entities");
    let mut stems: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.with_extension(""))
        .collect();
    stems.sort();
    assert!(stems.len() >= 7, "fixtures missing in {}", dir.display());
    let errors: Vec<String> = stems.iter().flat_map(|s| check_fixture(s)).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn entities_have_ids_names_and_sorted_mentions() {
    let text = "Marta Okonkwo met officials in Seoul. Okonkwo left for Tokyo.";
    let ents = find(text);
    for (n, e) in ents.iter().enumerate() {
        assert_eq!(e.id, format!("e{}", n + 1));
        assert!(e.mentions.iter().any(|m| m.text == e.name));
        assert!(e.mentions.windows(2).all(|w| w[0].start < w[1].start));
    }
    let firsts: Vec<usize> = ents.iter().map(|e| e.mentions[0].start).collect();
    assert!(firsts.windows(2).all(|w| w[0] < w[1]), "entities are in order of first mention");
}

#[test]
fn empty_and_lowercase_text_have_no_entities() {
    assert!(find("").is_empty());
    assert!(find("the troops moved north after the talks ended.").is_empty());
}

#[test]
fn honorifics_are_no_descriptors_and_ranks_no_names() {
    let text = "Mr. Greaves said the talks stalled. Ms Ortolani agreed, and Mr Greaves left.\n\"It is over,\" said Lt. Gen. (ret.) Oh Dae-sung, who once led a brigade.";
    let ents = find(text);
    let greaves = ents.iter().find(|e| e.name == "Greaves").expect("Greaves");
    assert!(greaves.descriptors.is_empty(), "{:?}", greaves.descriptors);
    assert!(ents.iter().all(|e| !matches!(e.name.as_str(), "Gen." | "Lt." | "Mr." | "Mr")), "{:?}", ents.iter().map(|e| &e.name).collect::<Vec<_>>());
}

#[test]
fn compass_words_alone_are_no_entities() {
    let text = "The North shelled the border, and the South answered. Aid from the East slowed.";
    let names: Vec<String> = find(text).into_iter().map(|e| e.name).collect();
    assert!(names.iter().all(|n| !matches!(n.as_str(), "North" | "South")), "{names:?}");
}

fn check_spans(text: &str) {
    let sents = sentences::split(text);
    let mut prev = 0;
    for s in &sents {
        assert!(s.start >= prev && s.start < s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        prev = s.end;
    }
    for e in entities::find(text, &sents) {
        assert!(!e.name.is_empty());
        for m in &e.mentions {
            assert!(m.start < m.end && m.end <= text.len());
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            assert_eq!(&text[m.start..m.end], m.text);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn spans_fall_on_char_boundaries_for_any_unicode(text in any::<String>()) {
        check_spans(&text);
    }

    #[test]
    fn spans_fall_on_char_boundaries_for_news_like_text(
        text in proptest::collection::vec(
            prop_oneof![
                Just("Kim"), Just("Jong-un"), Just("U.S."), Just("Dr."), Just("(NIS)"), Just("al-Assad"), Just("'s"),
                Just("Seoul"), Just("said"), Just("the"), Just("of"), Just("."), Just(","), Just("\n"), Just("\""),
                Just("Ministry"), Just("SEOUL"), Just("é"), Just("Zelenskyy"), Just("—"), Just("…"), Just("12,000"),
                Just("1.28"), Just("Lt."), Just("(Ret.)"), Just("J."), Just("한국"), Just("и"), Just("\u{301}"),
            ],
            0..40,
        ).prop_map(|w| w.join(" "))
    ) {
        check_spans(&text);
    }
}
