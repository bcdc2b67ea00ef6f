//! Inputs that once took the annotator down: each is a small generated text
//! with what must come out of it, and a check that the cost of annotating a
//! document grows linearly with its length.

use sitrep_core::Document;
use std::time::{Duration, Instant};

fn annotate(text: &str) -> Document {
    let mut doc = Document { id: "t".into(), text: text.into(), published: Some("2024-03-01".into()), ..Default::default() };
    sitrep_annotate::annotate(&mut doc);
    doc
}

/// A name read backwards from the cue reached the text's first word ("And"
/// at token 0) and looked two tokens before it.
#[test]
fn a_text_opening_with_a_conjunction_and_a_cue() {
    let doc = annotate("And said: \"We are ready.\"");
    let quote = doc.quotes.iter().find(|q| q.text == "\"We are ready.\"").expect("the quote is found");
    assert!(quote.direct);
    for text in ["And said it.", "and told them: \"Go.\"", "Or said: \"No.\" And said: \"Yes.\""] {
        annotate(text);
    }
}

/// An empty appositive (what an emptied inline link leaves: "The ministry,
/// , said") made a speaker phrase end before it started.
#[test]
fn an_empty_appositive_before_a_cue() {
    let doc = annotate("The ministry, , said it was over.");
    let quote = doc.quotes.iter().find(|q| q.text.contains("it was over")).expect("the reported speech is found");
    assert_eq!(quote.speaker_name.as_deref(), Some("The ministry"));
    for text in [", , said it.", "Officials , , , said the talks ended.", "A, , , told reporters it was late."] {
        annotate(text);
    }
}

/// A quote closing the text right before a joining word ("“…,” with")
/// looked at the token after the last one.
#[test]
fn a_quote_and_a_joining_word_at_the_end_of_the_text() {
    for text in ["They said “we are ready,” with", "“Go,” and", "“Go,” with “", "“Go,” with “stay,”"] {
        annotate(text);
    }
}

/// The least time of `runs` annotations of `text`.
fn best_of(runs: usize, text: &str) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            annotate(text);
            t.elapsed()
        })
        .min()
        .expect("at least one run")
}

/// One sentence with a figure every few words and no full stop: every
/// figure's claim read the whole sentence, so the cost grew with the
/// square of its length (600 KB took minutes and gigabytes).
#[test]
fn cost_is_linear_in_the_length_of_one_long_sentence() {
    let unit = |n: usize| (0..n).map(|i| format!("{},000 troops moved, ", i % 90 + 2)).collect::<String>();
    let small = format!("Officials said {}.", unit(1_000));
    let large = format!("Officials said {}.", unit(4_000));
    let (t_small, t_large) = (best_of(2, &small), best_of(1, &large));
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-3);
    // Four times the text: linear is about 4, quadratic about 16.
    assert!(ratio < 9.0, "{t_small:?} for {} bytes, {t_large:?} for {} bytes", small.len(), large.len());
    let doc = annotate(&large);
    assert!(doc.claims.iter().all(|c| c.end - c.start <= 1_000), "a claim quotes at most a bounded sentence");
}
