//! The renderers on the fixture reports: Markdown and key parts of the HTML
//! as snapshots, self-containment, traceability links, escaping of hostile
//! text, degenerate and very large reports.

#[path = "common/synthetic.rs"]
mod synthetic;

use proptest::prelude::*;
use sitrep_core::report::*;
use sitrep_core::overrides::{Applied, Correction};
use sitrep_core::{Bound, Modality, SourceKind};
use std::path::Path;

fn fixture(name: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The part of `html` from the first `start` to the following `end`, inclusive.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let a = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let b = html[a..].find(end).unwrap_or_else(|| panic!("no {end} after {start}")) + a + end.len();
    &html[a..b]
}

#[test]
fn markdown_of_the_sample_report() {
    insta::assert_snapshot!("sample-markdown", sitrep_report::markdown(&fixture("sample-report.json")));
}

#[test]
fn markdown_of_the_tiny_report() {
    insta::assert_snapshot!("tiny-markdown", sitrep_report::markdown(&fixture("tiny-report.json")));
}

#[test]
fn range_plot_of_the_troop_numbers() {
    let html = sitrep_report::html(&fixture("sample-report.json"));
    let svg = between(&html, r#"<svg class="plot""#, "</svg>");
    assert!(svg.contains("log scale"), "values from 3,000 to 100,000 need a log axis");
    insta::assert_snapshot!("sample-plot-troops", svg.replace("><", ">\n<"));
}

#[test]
fn findings_and_matrix_of_the_sample_report() {
    let html = sitrep_report::html(&fixture("sample-report.json"));
    let findings = between(&html, r#"<section id="findings">"#, "</section>");
    insta::assert_snapshot!("sample-findings", findings.replace("><", ">\n<"));
    let matrix = between(&html, r#"<section id="matrix">"#, "</section>");
    insta::assert_snapshot!("sample-matrix", matrix.replace("><", ">\n<"));
}

#[test]
fn html_is_self_contained() {
    let html = sitrep_report::html(&fixture("sample-report.json"));
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<style>") && html.contains("@media print"));
    for banned in ["<link", " src=", "@import", "url(", "<iframe", "<img"] {
        assert!(!html.contains(banned), "the dossier must not load anything: found {banned}");
    }
}

#[test]
fn every_claim_links_to_its_document_and_sentence() {
    let report = fixture("sample-report.json");
    let html = sitrep_report::html(&report);
    for (i, d) in report.documents.iter().enumerate() {
        assert!(html.contains(&format!(r#"<tr id="doc-{}""#, i + 1)), "no anchor for {}", d.id);
    }
    let esc = |s: &str| s.replace('&', "&amp;").replace('\'', "&#39;").replace('"', "&quot;");
    for t in &report.topics {
        for c in &t.claims {
            let i = report.documents.iter().position(|d| d.id == c.doc).unwrap();
            // The claims table marks the quantity in the sentence; the row is
            // found by the rest of the sentence after the mark.
            let qt = c.quantity_text.as_deref().unwrap();
            let rest = &c.text[c.text.find(qt).unwrap() + qt.len()..];
            // A copy repeats its original's sentence: one of the rows with
            // the sentence links to the claim's document.
            let needle = format!("</mark>{}", esc(rest));
            let link = format!(r##"href="#doc-{}""##, i + 1);
            let row = html
                .match_indices(&needle)
                .map(|(at, _)| between(&html[at..], &needle, "</tr>"))
                .find(|row| row.contains(&link))
                .unwrap_or_else(|| panic!("claim {} of {} has no link", c.claim, c.doc));
            assert_eq!(row.contains("#:~:text="), report.documents[i].url.is_some(), "text fragment of {}", c.doc);
        }
    }
    // The pay sentence starts "Moscow pays Pyongyang $2,000 a month for each soldier,
    // Han said, ..." and is longer than ten words: a start,end fragment.
    assert!(html.contains("#:~:text=Moscow%20pays%20Pyongyang%20%242%2C000%20a,it%20never%20reaches%20the%20troops."));
}

#[test]
fn outliers_are_marked_in_plot_table_and_matrix() {
    let html = sitrep_report::html(&fixture("sample-report.json"));
    let matrix = between(&html, r#"<section id="matrix">"#, "</section>");
    assert_eq!(matrix.matches(r#"class="cell out""#).count(), 3, "100,000 of unnamed sources and both casualty figures");
    assert!(html.contains("≠ ≤100,000"));
}

#[test]
fn a_claim_in_another_language_shows_its_language_and_spelling() {
    let mut report = fixture("sample-report.json");
    let c = &mut report.topics[0].claims[0];
    c.source = Some("Marta Kovalchuk".into());
    c.spelling = Some("Марта Ковальчук".into());
    c.language = Some("ru".into());
    let sentence = c.text.clone();
    let html = sitrep_report::html(&report);
    assert!(html.contains("<b>Marta Kovalchuk</b> <span class=\"as\">(as «Марта Ковальчук»)</span>"), "the source under its name, the spelling used after it, not in bold");
    assert!(html.contains(r#"<td class="sentence" lang="ru"><span class="tag lang">ru</span> "#), "the sentence cell says its language");
    assert_eq!(html.matches(r#" lang="ru""#).count(), html.matches("(as «Марта Ковальчук»)").count(), "one per row of the claim");
    let md = sitrep_report::markdown(&report);
    assert!(md.contains("Marta Kovalchuk (as «Марта Ковальчук»)"));
    assert!(md.contains(&format!("[ru] {}", sentence.split_whitespace().next().unwrap_or_default())));
}

#[test]
fn degenerate_reports_render_sensibly() {
    let empty = Report::default();
    let html = sitrep_report::html(&empty);
    assert!(html.contains("<h1>Situation report</h1>"));
    assert!(html.contains("No documents were read."));
    assert!(html.ends_with("</html>\n"));
    let md = sitrep_report::markdown(&empty);
    assert!(md.starts_with("# Situation report — situation report"));
    assert!(md.contains("No dated events were found."));

    let tiny = fixture("tiny-report.json");
    let html = sitrep_report::html(&tiny);
    assert!(html.contains("only &lt;doc&gt; &amp; &quot;one&quot;"), "document ids are escaped");
    assert!(!html.contains("javascript:"), "non-web URLs are never linked");
    assert!(html.contains("No figures were found"));
    assert!(!html.contains(r#"id="topics""#));
}

#[test]
fn a_report_on_ten_thousand_documents_is_capped_and_counted() {
    let report = synthetic::report(10_000);
    let html = sitrep_report::html(&report);
    assert!(html.contains(r#"<tr id="doc-10000""#), "every document keeps its anchor");
    assert!(html.contains("more sources are not shown"));
    assert!(html.contains("later entries are not shown"));
    assert!(html.contains("less-mentioned entities are not shown"));
    assert!(html.contains("The plot shows the first 40 claims"));
    assert!(html.len() < 20_000_000, "{} bytes", html.len());
    let md = sitrep_report::markdown(&report);
    assert!(md.contains("more claims are not listed"));
}

fn hostile(s: &str) -> String {
    format!("<evil x='1'>{s}</evil> | *[x](javascript:alert(1))*")
}

fn claim(text: String, value: f64, bound: Option<Bound>, modality: Modality) -> TopicClaim {
    TopicClaim {
        doc: text.clone(),
        claim: "c1".into(),
        value: Some(value),
        low: Some(value / 2.0),
        high: Some(value * 2.0),
        bound,
        unit: Some(text.clone()),
        per: Some(text.clone()),
        source: Some(text.clone()),
        spelling: Some(text.clone()),
        language: Some(text.clone()),
        source_kind: SourceKind::Anonymous,
        modality,
        time: Some(text.clone()),
        start: 0,
        end: 3,
        quantity_text: Some(text.clone()),
        text,
        duplicate: value > 0.0,
        verdict: if value > 1.0 { Verdict::Outlier } else { Verdict::Agrees },
        against: vec![],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the strings and numbers, nothing panics and no markup from
    /// the report reaches either output unescaped.
    #[test]
    fn hostile_reports_are_escaped(s in "\\PC{0,12}", values in prop::collection::vec(any::<f64>(), 1..6), bound in 0usize..6, m in 0usize..6) {
        let text = hostile(&s);
        let bounds = [None, Some(Bound::Exact), Some(Bound::Approx), Some(Bound::AtLeast), Some(Bound::AtMost), Some(Bound::Range)];
        let modalities = [Modality::Asserted, Modality::Estimated, Modality::Reported, Modality::Possible, Modality::Hypothetical, Modality::Denied];
        let claims = values.iter().map(|&v| claim(text.clone(), v, bounds[bound], modalities[m])).collect();
        let report = Report {
            stories: vec![Story { id: text.clone(), label: text.clone(), documents: vec![text.clone()], topics: vec![text.clone()], independent_documents: 1, first_published: Some(text.clone()), last_published: None }],
            summary: Summary { story: Some(text.clone()), outlets: vec![text.clone()], first_published: Some(text.clone()), ..Default::default() },
            documents: vec![DocumentSummary { id: text.clone(), title: Some(text.clone()), outlet: Some(text.clone()), published: Some(text.clone()), url: Some(format!("https://a.example/{text}")), duplicate_of: Some(text.clone()), story: Some(text.clone()), copy: None }],
            topics: vec![Topic { id: text.clone(), story: text.clone(), label: text.clone(), frame: Default::default(), unit: None, per: None, part_of: Some(text.clone()), behaviour: text.clone(), claims, independent_sources: 2, range: Range { low: values.first().copied(), high: None }, agreement: Agreement::Conflicting, notes: vec![Note { kind: NoteKind::Differs, claims: vec![0], against: vec![0] }] }],
            checks: vec![Check { kind: text.clone(), doc: text.clone(), claims: vec![text.clone()], expression: text.clone(), computed: values[0], stated: 0.0, status: CheckStatus::Fails }],
            timeline: vec![TimelineEntry { date: text.clone(), precision: Precision::Week, expected: false, when: text.clone(), text: text.clone(), doc: text.clone(), start: 0, end: 1, docs: vec![text.clone()] }],
            entities: vec![EntitySummary { name: text.clone(), kind: sitrep_core::EntityKind::Other, aliases: vec![text.clone()], docs: vec![text.clone()], mentions: 1, roles: vec![text.clone()] }],
            quotes: vec![QuoteSummary { doc: text.clone(), speaker: Some(text.clone()), text: text.clone(), direct: true, start: 0, end: 1 }],
            overrides: vec![Applied { id: 1, correction: Correction::RenameSource { from: text.clone(), to: text.clone() }, author: text.clone(), at: text.clone(), note: Some(text.clone()), applied: true, reason: Some(text.clone()), topics: vec![text.clone()] }],
        };
        let html = sitrep_report::html(&report);
        prop_assert!(!html.contains("<evil"));
        prop_assert!(!html.contains("='1'"));
        for bad in ["=\"NaN", "=\"inf", "=\"-inf"] {
            prop_assert!(!html.contains(bad), "non-finite coordinate {bad}");
        }
        let md = sitrep_report::markdown(&report);
        prop_assert!(!md.contains("<evil"));
        prop_assert!(md.match_indices("](javascript").all(|(i, _)| md[..i].ends_with('\\')), "a live javascript: link");
        // A cell's `|` is escaped, so every row of a table keeps its columns.
        let cols = |l: &str| l.char_indices().filter(|&(i, c)| c == '|' && !l[..i].ends_with('\\')).count();
        let mut header = None;
        for line in md.lines() {
            match (line.starts_with('|'), header) {
                (true, None) => header = Some(cols(line)),
                (true, Some(n)) => prop_assert_eq!(cols(line), n, "{}", line),
                (false, _) => header = None,
            }
        }
    }
}

/// What `sitrep report --story S` does to read a huge story in bounded
/// memory gives the same page (HTML or Markdown) as the whole report: the quotes grouped as
/// they are read ([`sitrep_report::QuoteGroups`]), each topic what the
/// dossier shows of it as a store keeps it ([`sitrep_report::DossierTopic`],
/// as JSON), the lists of documents and topics of stories past the first
/// [`sitrep_report::OTHER_STORIES`] others dropped.
#[test]
fn a_dossier_read_a_piece_at_a_time_is_the_same_page() {
    for docs in [300, 40_000] {
        let mut report = synthetic::report(docs);
        let own = report.stories[0].clone();
        for k in 0..25 {
            report.stories.push(Story { id: format!("other-{k}"), label: format!("Other story {k}"), documents: (0..=k).map(|d| format!("o{k}-{d}")).collect(), topics: vec![format!("ot{k}")], independent_documents: k, first_published: None, last_published: None });
        }
        // As a store keeps it: read back from its JSON (every figure the
        // same, serde_json's `float_roundtrip`), each topic's dossier from
        // the topic as written.
        let written = report;
        let report: sitrep_core::report::Report = serde_json::from_str(&serde_json::to_string(&written).unwrap()).unwrap();
        let whole = sitrep_report::html(&report);
        let mut slim = report.clone();
        let mut quotes = sitrep_report::QuoteGroups::new();
        for q in std::mem::take(&mut slim.quotes) {
            quotes.add(&q);
        }
        slim.topics.clear();
        let topics: Vec<sitrep_report::DossierTopic> = written
            .topics
            .iter()
            .map(|w| serde_json::from_str(&serde_json::to_string(&sitrep_report::DossierTopic::of(w)).unwrap()).unwrap())
            .collect();
        // Of a large story's claims, most are not kept.
        let (claims, kept): (usize, usize) = (report.topics.iter().map(|t| t.claims.len()).sum(), topics.iter().map(|t| serde_json::to_value(t).unwrap()["topic"]["claims"].as_array().unwrap().len()).sum());
        assert_eq!(claims > 4 * kept, docs == 40_000, "{kept} claims kept of {claims}");
        for s in slim.stories.iter_mut().filter(|s| s.id != own.id).skip(sitrep_report::OTHER_STORIES) {
            s.documents.clear();
            s.topics.clear();
        }
        assert_eq!(whole.contains("more quotes.") && whole.contains("more speakers are not shown"), docs == 40_000);
        assert!(whole.contains("Other story 9") && whole.contains("and 15 more"));
        assert!(sitrep_report::markdown_shown(&slim, &topics, &quotes) == sitrep_report::markdown(&report), "the Markdown differs at {docs} documents");
        let page = sitrep_report::html_shown(&slim, &topics, &quotes);
        let at = page.bytes().zip(whole.bytes()).position(|(a, b)| a != b);
        assert!(page == whole, "the pages differ at {docs} documents, from byte {at:?}");
    }
}
