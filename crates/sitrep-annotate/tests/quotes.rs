//! Quote finder tests: the fixtures in `tests/fixtures/quotes/` (texts
//! written for these tests, each with the exact list of quotes expected),
//! entity linking, and properties that must hold on any input.

use proptest::prelude::*;
use serde::Deserialize;
use sitrep_annotate::{quotes, sentences};
use sitrep_core::{Entity, EntityKind, Mention, Quote};
use std::path::Path;

#[derive(Debug, Deserialize)]
struct Expected {
    text: String,
    direct: bool,
    speaker: Option<String>,
    #[serde(default)]
    cue: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Fixture {
    quotes: Vec<Expected>,
}

fn find(text: &str, entities: &[Entity]) -> Vec<Quote> {
    quotes::find(text, &sentences::split(text), entities)
}

fn check_fixture(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quotes");
    let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
    let fixture: Fixture = serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap()).unwrap();
    let got = find(&text, &[]);
    let summary: Vec<String> = got.iter().map(|q| format!("{:?} by {:?} ({:?})", q.text, q.speaker_name, q.cue)).collect();
    for want in &fixture.quotes {
        let q = got
            .iter()
            .find(|q| q.text == want.text)
            .unwrap_or_else(|| panic!("{name}: quote {:?} not found; got {summary:#?}", want.text));
        assert_eq!(q.direct, want.direct, "{name}: direct flag of {:?}", want.text);
        assert_eq!(q.speaker_name, want.speaker, "{name}: speaker of {:?}", want.text);
        if want.cue.is_some() {
            assert_eq!(q.cue, want.cue, "{name}: cue of {:?}", want.text);
        }
        assert_eq!(&text[q.start..q.end], q.text, "{name}: offsets of {:?}", want.text);
    }
    assert_eq!(got.len(), fixture.quotes.len(), "{name}: unexpected quotes in {summary:#?}");
}

#[test]
fn cue_after_the_quote() {
    check_fixture("cue_after");
}

#[test]
fn cue_before_the_quote() {
    check_fixture("cue_before");
}

#[test]
fn according_to() {
    check_fixture("according_to");
}

#[test]
fn pronouns_resolve_to_names() {
    check_fixture("pronoun");
}

#[test]
fn quote_continued_over_paragraphs() {
    check_fixture("multi_paragraph");
}

#[test]
fn interview_answers_belong_to_the_interviewee() {
    check_fixture("interview");
}

#[test]
fn labelled_questions_and_answers() {
    check_fixture("qa_labels");
}

#[test]
fn unnamed_speakers() {
    check_fixture("unnamed");
}

#[test]
fn scare_quotes_are_not_quotes() {
    check_fixture("scare_quotes");
}

#[test]
fn reported_speech() {
    check_fixture("reported");
}

#[test]
fn transcript_turns() {
    check_fixture("transcript");
}

#[test]
fn colon_dash_participle_and_concession() {
    check_fixture("more_shapes");
}

#[test]
fn a_person_subject_speaks_the_next_uncued_quote() {
    check_fixture("prior_subject");
}

#[test]
fn affiliations_are_not_part_of_the_speaker() {
    check_fixture("affiliation");
}

#[test]
fn nouns_are_not_speech_cues() {
    check_fixture("noun_cues");
}

#[test]
fn headlines_are_not_reported_speech() {
    check_fixture("headline");
}

#[test]
fn relative_clauses_and_words_inside_quotes_are_no_speakers() {
    check_fixture("relative_clause");
}

#[test]
fn speech_in_a_subordinate_clause_ends_at_its_comma() {
    check_fixture("subordinate");
}

/// Speakers that slip on real pages: a name, appositive and verb with an
/// object after the quote; a speaker with a long relative clause; a quote
/// over several paragraphs with its cue after the last; mismatched marks;
/// a phrase quoted inside a quote in the same style.
/// "“A,” with “B,” X told reporters": both quotes are X's, and a telling
/// cue may take its addressee before the sentence goes on.
#[test]
fn a_quote_joined_to_the_next_shares_its_speaker() {
    check_fixture("paired");
}

#[test]
fn four_shapes_of_speakers_on_real_pages() {
    check_fixture("four_shapes");
}

/// A post embedded in a page, closed by "— Name (@handle) date", is its
/// author's, with the paragraphs set off from it as a post's own are.
#[test]
fn embedded_posts_belong_to_their_author() {
    check_fixture("embedded_post");
}

/// An entity whose mentions are the first occurrences of `names` in `text`
/// at or after the given byte offsets.
fn entity(text: &str, id: &str, kind: EntityKind, names: &[(&str, usize)], descriptors: &[&str]) -> Entity {
    let mentions: Vec<Mention> = names
        .iter()
        .map(|&(s, from)| {
            let start = from + text[from..].find(s).unwrap();
            Mention { start, end: start + s.len(), text: s.to_string() }
        })
        .collect();
    Entity {
        id: id.into(),
        name: mentions[0].text.clone(),
        kind,
        mentions,
        descriptors: descriptors.iter().map(|d| d.to_string()).collect(),
    }
}

/// Every quote of `text` is spoken by entity `e1`, named `name`.
fn assert_all_spoken_by(text: &str, entities: &[Entity], count: usize, name: &str) {
    let got = find(text, entities);
    assert_eq!(got.len(), count, "{got:#?}");
    for q in &got {
        assert_eq!(q.speaker.as_deref(), Some("e1"), "{got:#?}");
        assert_eq!(q.speaker_name.as_deref(), Some(name));
    }
}

#[test]
fn speakers_with_an_affiliation_link_to_the_person() {
    let text = "“The dam will hold,” said Lena Sorel of the Alpine Water Board. “The spillway is new,” Sorel added.";
    let spillway = text.find("spillway").unwrap();
    let person = entity(text, "e1", EntityKind::Person, &[("Lena Sorel", 0), ("Sorel", spillway)], &[]);
    let board = entity(text, "e2", EntityKind::Organization, &[("Alpine Water Board", 0)], &[]);
    assert_all_spoken_by(text, &[person, board], 2, "Lena Sorel");
}

#[test]
fn speakers_link_to_entities() {
    let text = "“The river is rising fast,” said Nadia Petrova, the town's flood warden. “Move the cars,” Petrova added.";
    let names = [("Nadia Petrova", 0), ("Petrova", text.find("Move").unwrap())];
    let warden = entity(text, "e1", EntityKind::Person, &names, &["the town's flood warden"]);
    assert_all_spoken_by(text, &[warden], 2, "Nadia Petrova");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn spans_are_valid_on_any_text(text in "\\PC{0,300}") {
        for q in find(&text, &[]) {
            prop_assert!(q.start < q.end && q.end <= text.len());
            prop_assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
            prop_assert_eq!(&text[q.start..q.end], q.text.as_str());
        }
    }

    #[test]
    fn spans_are_valid_on_quote_heavy_text(
        parts in prop::collection::vec(prop::sample::select(vec![
            "“", "”", "\"", "''", "'", "‘", "’", "«", "»", "„", " said ", " he ", "Ana Ruiz", ",", ".", ":", "?",
            "\n", "\n\n", " according to ", " that ", "Mr.", " told reporters ", "é", "―", "(", ")", "Q:", "A:",
        ]), 0..60)
    ) {
        let text: String = parts.concat();
        for q in find(&text, &[]) {
            prop_assert!(q.start < q.end && q.end <= text.len());
            prop_assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
        }
    }
}
