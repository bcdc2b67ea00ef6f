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

/// The errors of fixture `stem` read as a text in `language`, and the names found that it does not expect.
fn check_fixture_in(stem: &Path, language: Option<&str>) -> (Vec<String>, Vec<String>) {
    let text = fs::read_to_string(stem.with_extension("txt")).unwrap();
    let expected: Vec<Expected> = serde_json::from_str(&fs::read_to_string(stem.with_extension("json")).unwrap()).unwrap();
    let found = entities::find_in(&text, &sentences::split(&text), language);
    let unexpected = found.iter().filter(|e| !expected.iter().any(|x| x.name == e.name)).map(|e| e.name.clone()).collect();
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
    (errors, unexpected)
}

fn check_fixture(stem: &Path) -> Vec<String> {
    check_fixture_in(stem, None).0
}

/// `fixtures/entities/lang/<code>.txt`: texts in other languages, read in
/// their language. Korean, Japanese and Chinese names come from place
/// names, titles and bodies, not capitals: every name found is expected,
/// and places are named in English.
#[test]
fn language_fixtures_find_the_expected_entities_in_english() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entities/lang");
    let mut errors = Vec::new();
    for code in ["ko", "ja", "zh", "de"] {
        let (mut e, unexpected) = check_fixture_in(&dir.join(code), Some(code));
        if code != "de" && !unexpected.is_empty() {
            e.push(format!("{code}: unexpected names {unexpected:?}"));
        }
        errors.extend(e);
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// Read as English, the same Korean text gives none of these names: the
/// language decides.
#[test]
fn caseless_names_need_the_language() {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entities/lang/ko.txt")).unwrap();
    let names: Vec<String> = find(&text).into_iter().map(|e| e.name).collect();
    assert!(!names.iter().any(|n| n == "Russia" || n == "박민수"), "{names:?}");
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

    #[test]
    fn caseless_names_fall_on_char_boundaries(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("북한"), Just("러시아에서"), Just("대통령은"), Just("젤렌스키"), Just("국방부"), Just("(국정원)"), Just("씨"),
                Just("北朝鮮"), Just("ロシア"), Just("ジョン"), Just("・"), Just("報道官"), Just("氏"), Just("国防総省"), Just("元"),
                Just("朝鲜"), Just("总统"), Just("泽连斯基"), Just("表示"), Just("韩国"), Just("国防部"), Just("之"), Just("，"),
                Just("。"), Just("("), Just(")"), Just(" "), Just("\n"), Just("12"), Just("X"), Just("é"),
            ],
            0..40,
        ),
        language in prop_oneof![Just("ko"), Just("ja"), Just("zh")],
        spaced in any::<bool>(),
    ) {
        let text = parts.join(if spaced { " " } else { "" });
        for e in entities::find_in(&text, &sentences::split(&text), Some(language)) {
            for m in &e.mentions {
                prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end) && m.start < m.end);
                prop_assert_eq!(&text[m.start..m.end], m.text.as_str());
            }
        }
    }
}
