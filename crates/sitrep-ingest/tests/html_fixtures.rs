//! Fixture-driven tests of the HTML extractor.
//!
//! Each `tests/fixtures/html/NAME.html` is a small page written for this
//! project (one page per kind of furniture or metadata source); `NAME.json`
//! states what `html::extract` must give (see `common`): `title`,
//! `published`, `outlet`, `language`, `byline`, `text`, `text_contains`,
//! `text_excludes`.
//!
//! A property test checks that arbitrary strings and random tag soup never
//! make the extractor panic and always give well-formed text.

mod common;

use proptest::prelude::*;
use serde_json::Value;
use sitrep_ingest::html::{extract, HtmlArticle};

fn check(name: &str, page: &str, want: &Value) -> Vec<String> {
    let got = extract(page, Some("https://news.example/story"));
    let fields = [
        ("title", got.title.clone().into()),
        ("byline", got.byline.clone().into()),
        ("published", got.published.clone().into()),
        ("outlet", got.outlet.clone().into()),
        ("language", got.language.clone().into()),
    ];
    let mut errors = common::compare(name, &fields, &got.text, want);
    errors.extend(well_formed(&got).err().map(|e| format!("{name}: {e}")));
    errors
}

/// Blocks separated by exactly one blank line, whitespace collapsed inside.
fn well_formed(a: &HtmlArticle) -> Result<(), String> {
    if a.text.is_empty() {
        return Ok(());
    }
    for block in a.text.split("\n\n") {
        if block.is_empty() || block.trim() != block || block.contains('\n') || block.contains("  ") {
            return Err(format!("badly formed block {block:?}"));
        }
    }
    Ok(())
}

#[test]
fn html_fixtures() {
    let pages = common::fixtures("html", "html");
    assert!(pages.len() >= 10, "fixtures missing: found {}", pages.len());
    let errors: Vec<String> = pages.iter().flat_map(|(name, page, want)| check(name, page, want)).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn empty_and_textless_pages() {
    for page in
        ["", "<html></html>", "<!doctype html><title>Only a title</title>", "<p>   </p>", "<script>var a = 1;</script>"]
    {
        let a = extract(page, None);
        assert!(a.text.is_empty(), "{page:?} gave {:?}", a.text);
    }
}

/// A random fragment of tag soup: tags (balanced or not), attributes that
/// the extractor reads, text, entities and comments.
fn soup() -> impl Strategy<Value = String> {
    let tag = prop::sample::select(vec![
        "p",
        "div",
        "a",
        "li",
        "ul",
        "h1",
        "h2",
        "span",
        "table",
        "td",
        "tr",
        "script",
        "style",
        "nav",
        "article",
        "section",
        "br",
        "template",
        "svg",
        "noscript",
        "figure",
        "blockquote",
        "select",
        "math",
        "form",
        "b",
    ]);
    let attr = prop::sample::select(vec![
        "",
        " class=\"share\"",
        " class=\"article-body\"",
        " id=\"comments\"",
        " hidden",
        " style=\"display: none\"",
        " role=\"navigation\"",
        " itemprop=\"author\"",
        " rel=\"author\"",
        " type=\"application/ld+json\"",
        " property=\"og:title\" content=\"T\"",
        " lang=\"en\"",
    ]);
    let piece = prop_oneof![
        (tag.clone(), attr).prop_map(|(t, a)| format!("<{t}{a}>")),
        tag.prop_map(|t| format!("</{t}>")),
        "[a-zA-Z ,.\u{00e9}\u{4e00}\u{ac00}]{0,40}",
        Just("&amp;&lt;&#x41;&bogus;".to_string()),
        Just("<!-- c -->".to_string()),
        Just("{\"@type\":\"NewsArticle\",\"author\":[{\"name\":\"A\"}]}".to_string()),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_strings(s in "\\PC*") {
        let a = extract(&s, None);
        prop_assert!(well_formed(&a).is_ok());
    }

    #[test]
    fn never_panics_on_tag_soup(s in soup()) {
        let a = extract(&s, Some("x"));
        prop_assert!(well_formed(&a).is_ok(), "{:?}", a.text);
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let page = format!("{}<p>deep text</p>{}", "<div>".repeat(3_000), "</div>".repeat(3_000));
    let _ = extract(&page, None);
}

#[test]
fn a_page_of_scraps_keeps_its_text() {
    let a = extract("<html><body><div>Short note.</div><ul><li><a href=/>Home</a></li></ul></body></html>", None);
    assert_eq!(a.text, "Short note.");
}
