//! Tests of the whole cleaner, one per rule. The page text is invented.

use super::*;

/// A dense body paragraph about a made-up town's harbour.
const P1: &str = "The town council voted on Tuesday to dredge the old harbour, ending a dispute that had dragged on for six years.";
const P2: &str = "Fishing crews said the silt had cut the number of boats able to land at low tide by half since the spring storms.";
const P3: &str = "Work is due to start in March and should take about eleven weeks, according to the council's engineering office.";

fn page(parts: &[&str]) -> String {
    parts.join("\n")
}

fn paragraphs(a: &TextArticle) -> Vec<&str> {
    a.text.split("\n\n").collect()
}

#[test]
fn header_metadata_is_read_and_removed() {
    let a = clean(&page(&[
        "Council votes to dredge the old harbour",
        "By Ada Brooke and Lin Wei-ting",
        "Published: 4 Mar. 2024, 10:15",
        "Updated: 5 Mar. 2024, 08:00",
        P1,
        P2,
    ]));
    assert_eq!(
        a.title.as_deref(),
        Some("Council votes to dredge the old harbour")
    );
    assert_eq!(a.byline, ["Ada Brooke", "Lin Wei-ting"]);
    assert_eq!(a.published.as_deref(), Some("2024-03-04"));
    assert_eq!(paragraphs(&a), [P1, P2]);
}

#[test]
fn an_update_stamp_is_the_fallback_date() {
    let a = clean(&page(&[
        "Harbour work begins",
        "Updated Sept. 3, 2024 at 5:00 p.m.",
        P1,
    ]));
    assert_eq!(a.published.as_deref(), Some("2024-09-03"));
}

#[test]
fn no_title_or_date_when_the_page_gives_none() {
    let a = clean(&page(&[P1, P2]));
    assert_eq!(a.title, None);
    assert_eq!(a.published, None);
    assert!(a.byline.is_empty());
    assert_eq!(paragraphs(&a), [P1, P2]);
}

#[test]
fn a_repeated_headline_beats_earlier_junk() {
    let a = clean(&page(&[
        "close",
        "top Story",
        "Harbour dredging approved",
        "section",
        "Harbour dredging approved",
        P1,
    ]));
    assert_eq!(a.title.as_deref(), Some("Harbour dredging approved"));
    assert_eq!(paragraphs(&a), [P1]);
}

#[test]
fn standfirst_is_kept_and_masthead_dropped() {
    let dek = "An engineer explains why the harbour silted up so quickly after the storms";
    let a = clean(&page(&[
        "Why the harbour filled with silt",
        dek,
        "Coastal Courier | Local",
        "Menu",
        P1,
    ]));
    assert_eq!(paragraphs(&a), [dek, P1]);
}

#[test]
fn a_key_points_list_above_the_body_stays() {
    let a = clean(&page(&[
        "Harbour to be dredged",
        "By Ada Brooke",
        "Key points:",
        "- Work starts in March",
        "- Crews welcome the decision",
        "- Harbour Daily",
        P1,
    ]));
    assert_eq!(
        paragraphs(&a),
        [
            "Key points:",
            "- Work starts in March",
            "- Crews welcome the decision",
            "- Harbour Daily",
            P1
        ]
    );
}

#[test]
fn bullets_without_a_lead_in_above_the_body_go() {
    let a = clean(&page(&[
        "Harbour to be dredged",
        "- Ada Brooke",
        "- ada@harbour.example",
        P1,
    ]));
    assert_eq!(paragraphs(&a), [P1]);
}

#[test]
fn a_timeline_after_the_last_long_paragraph_stays() {
    let a = clean(&page(&[
        P1,
        P2,
        "Timeline",
        "June 2023: talks begin",
        "March 2024: vote",
        "The work starts in spring.",
    ]));
    assert_eq!(
        paragraphs(&a),
        [
            P1,
            P2,
            "Timeline",
            "June 2023: talks begin",
            "March 2024: vote",
            "The work starts in spring."
        ]
    );
}

#[test]
fn ads_captions_and_prompts_inside_the_body_go() {
    let a = clean(&page(&[
        P1,
        "Advertisement",
        "Dredgers moored off the north pier, March 2024 (©Ola Brenn / Coast Weekly)",
        "Audio report: listen to this story (3 min)",
        P2,
        "RELATED: Pier repairs run over budget",
        P3,
    ]));
    assert_eq!(paragraphs(&a), [P1, P2, P3]);
}

#[test]
fn credit_line_and_its_caption_go() {
    let caption = "Crews unload the morning catch on the north pier in a photo taken last spring";
    let a = clean(&page(&[
        P1,
        "Getty Images Boats at anchor in the outer harbour in 2021Getty Images",
        caption,
        P2,
    ]));
    assert_eq!(paragraphs(&a), [P1, P2]);
}

#[test]
fn subheadings_questions_and_one_liners_stay() {
    let a = clean(&page(&[
        P1,
        "A long wait for the dredgers",
        "Why did it take six years?",
        "Money, mostly.",
        P2,
    ]));
    assert_eq!(
        paragraphs(&a),
        [
            P1,
            "A long wait for the dredgers",
            "Why did it take six years?",
            "Money, mostly.",
            P2
        ]
    );
}

#[test]
fn teaser_lists_go_with_their_header() {
    let a = clean(&page(&[
        P1,
        P2,
        "Most Read",
        "1. Ferry timetable changes",
        "2. Lighthouse reopens",
        "Read more",
        "- School roof repaired",
        "Tags: harbour, council",
    ]));
    assert_eq!(paragraphs(&a), [P1, P2]);
}

#[test]
fn comment_section_runs_to_the_end() {
    let a = clean(&page(&[
        P1,
        P2,
        "3 Comments",
        "gull_watcher",
        "March 4, 2024 at 9:12 am",
        "About time the council did something about the silt in that harbour, honestly.",
        "Reply",
    ]));
    assert_eq!(paragraphs(&a), [P1, P2]);
}

#[test]
fn a_comment_counter_in_a_share_bar_does_not_cut_the_body() {
    let a = clean(&page(&[P1, "Comments (3)", P2, P3]));
    assert_eq!(paragraphs(&a), [P1, P2, P3]);
}

#[test]
fn a_comments_heading_after_the_body_cuts_the_thread() {
    let comment = "Good news at last for the crews, though eleven weeks sounds optimistic to me.";
    let a = clean(&page(&[P1, P2, "Comments", comment]));
    assert_eq!(paragraphs(&a), [P1, P2]);
}

#[test]
fn comment_header_shape_starts_the_section_without_a_marker() {
    let comment =
        "I have fished out of that harbour for thirty years and never seen it this shallow.";
    let a = clean(&page(&[
        P1,
        P2,
        "Old Salt",
        "March 4, 2024 at 10:40 pm",
        comment,
    ]));
    assert_eq!(paragraphs(&a), [P1, P2]);
}

#[test]
fn footer_bylines_and_author_blocks() {
    let a = clean(&page(&[
        P1,
        P2,
        "BY ADA BROOKE [desk@courier.example]",
        "About the Author: Tove Lind covers coastal towns and has reported from the harbour since 2015.",
        "Leave a Reply",
    ]));
    assert_eq!(a.byline, ["ADA BROOKE", "Tove Lind"]);
    assert_eq!(paragraphs(&a), [P1, P2]);
}

#[test]
fn an_author_heading_takes_the_name_from_the_bio_below() {
    let a = clean(&page(&[
        P1,
        P2,
        "About the author",
        "Tove Lind covers coastal towns for the paper.",
    ]));
    assert_eq!(a.byline, ["Tove Lind"]);
    assert_eq!(paragraphs(&a), [P1, P2]);
}

#[test]
fn login_prompts_and_policy_footers_go() {
    let a = clean(&page(&[
        P1,
        P2,
        "You must be logged in to post a comment.",
        "Sign in to join the conversation.",
        "Coastal Courier © 2024 | Privacy Policy | Terms of Use",
    ]));
    assert_eq!(paragraphs(&a), [P1, P2]);
}

#[test]
fn short_lines_repeated_in_the_body_go() {
    let a = clean(&page(&[P1, "Sponsor slot", P2, "Sponsor slot", P3]));
    assert_eq!(paragraphs(&a), [P1, P2, P3]);
}

#[test]
fn a_paragraph_printed_twice_is_kept_once() {
    let quote = "“We waited six years for this,” said one skipper.";
    let a = clean(&page(&[P1, quote, P2, quote, P3]));
    assert_eq!(paragraphs(&a), [P1, quote, P2, P3]);
}

#[test]
fn hard_wrapped_paragraphs_keep_their_lines() {
    let raw = "Harbour dredging approved\n\n\
               The town council voted on Tuesday to dredge the old\n\
               harbour, ending a dispute that had dragged on for six\n\
               years and split the fishing community down the middle.\n\n\
               Work is due to start in March and should take about\n\
               eleven weeks, the council's engineering office said.";
    let a = clean(raw);
    assert_eq!(a.title.as_deref(), Some("Harbour dredging approved"));
    let paras = paragraphs(&a);
    assert_eq!(paras.len(), 2);
    assert_eq!(paras[0].lines().count(), 3);
}

#[test]
fn empty_and_blank_pages() {
    assert_eq!(clean(""), TextArticle::default());
    assert_eq!(clean("\n \r\n\t\n"), TextArticle::default());
}

#[test]
fn a_five_megabyte_line_is_handled() {
    let line = "the harbour silt keeps rising and nobody knows why, ".repeat(100_000);
    assert!(line.len() > 5_000_000);
    let a = clean(&line);
    assert_eq!(a.text.len(), line.trim().len());
    let with_header = format!("Harbour report\nBy Ada Brooke\n{line}");
    assert_eq!(clean(&with_header).byline, ["Ada Brooke"]);
}

mod props {
    use super::clean;
    use proptest::prelude::*;
    use std::collections::HashSet;

    proptest! {
        #[test]
        fn never_panics_and_only_keeps_input_lines(s in "\\PC*") {
            let a = clean(&s);
            for line in a.text.lines() {
                prop_assert!(!line.is_empty() && s.contains(line), "{line:?}");
            }
        }

        #[test]
        fn line_soup_only_keeps_input_lines(lines in prop::collection::vec(
            prop_oneof![
                Just("Advertisement".to_string()),
                Just("By Ada Brooke".to_string()),
                Just("Leave a Reply".to_string()),
                Just(String::new()),
                "[A-Za-z ,.?©|:-]{0,120}",
                "(By|Author:|About the author|Posted on|Published:|- |1. |Pingback:|Photo:) \\PC{0,60}",
                "\\PC{0,40} (at 9:14 am|2024|\\(©\\PC{0,20}\\)|Getty Images)",
            ],
            0..40,
        )) {
            let s = lines.join("\n");
            let a = clean(&s);
            let input: HashSet<&str> = s.lines().map(str::trim).collect();
            for line in a.text.lines().filter(|l| !l.is_empty()) {
                prop_assert!(input.contains(line), "{line:?}");
            }
        }
    }
}
