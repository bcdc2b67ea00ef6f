//! sitrep's report stage: renders the fused [`Report`] for people.
//!
//! - [`html`] writes one self-contained HTML dossier (inline CSS and SVG,
//!   no network, a small optional script for sorting tables): key findings,
//!   a range plot and claims table per topic, the source × topic matrix,
//!   arithmetic checks, the timeline, people and organisations, quotes by
//!   speaker and the list of sources.
//! - [`markdown`] writes the same sections as Markdown tables.
//!
//! (JSON is the serde form of [`Report`].) Every claim, quote and timeline
//! entry links to its document's anchor (`#doc-N`, numbered in the order of
//! `report.documents`) and shows its sentence; when the document has a URL
//! it also links to the sentence in the article with a `#:~:text=`
//! fragment. Every string of the report is escaped. Long lists are capped
//! and the rest counted, so a report on 10,000 documents renders quickly;
//! all work is linear or `n log n` in the size of the report. Neither
//! renderer panics on any report, empty or odd.

mod axis;
mod html;
mod markdown;
mod text;
mod view;

use sitrep_core::report::{Note, Report, Topic, TopicClaim};

/// A note of a topic as the report words it ("Pentagon (~11,000) and NIS
/// (≤12,000) agree").
pub fn note_text(topic: &Topic, note: &Note) -> String {
    view::note_text(topic, note)
}

pub use html::marked;
pub use text::{date, date_label, esc, esc_into, num, safe_url, truncate};
pub use view::{agreement_label, QuoteGroups, ShownClaims, bound_label, range_text, source_kind_label, source_name, stated};

/// A topic's legend and range plot (inline SVG, styled by attributes only),
/// for pages that show one topic: the dossier's plot (class `plot`, labels
/// left of the axis) and the same rows for narrow screens (class
/// `plot plot-narrow`, each label above its bar); the page's style shows
/// one of them. Each row's label links where `link` says (the claim's
/// article), or nowhere. Empty when no claim of the topic states a figure.
/// `report` names the claims' documents (their outlets).
pub fn topic_plot(report: &Report, topic: &Topic, link: &dyn Fn(&TopicClaim) -> Option<String>) -> String {
    let view = view::View::new(report);
    let outl = view::outliers(topic);
    let mut out = String::new();
    let mut svg = String::new();
    if html::plot::range_plot(&mut svg, &view, topic, &outl, link) > 0 {
        html::plot::range_plot_in(&mut svg, &html::plot::NARROW, "plot plot-narrow", &view, topic, &outl, link);
        html::legend(&mut out, topic, &outl);
        out.push_str(&svg);
    }
    out
}

/// Stories the HTML dossier names under its masthead (with their sizes)
/// besides the one it shows; it counts the rest.
pub const OTHER_STORIES: usize = 10;

/// The report as one self-contained HTML file.
pub fn html(report: &Report) -> String {
    html::render(report, &QuoteGroups::of(report))
}

/// The report as one self-contained HTML file, its quotes given grouped
/// (`report.quotes` is not read): the same page [`html`] writes of the
/// report with those quotes, for a reader that groups the quotes of a
/// stored report as it parses them instead of holding them all (and may
/// have slimmed each topic's claims with [`ShownClaims`]).
pub fn html_with_quotes(report: &Report, quotes: &QuoteGroups) -> String {
    html::render(report, quotes)
}

/// The report as Markdown.
pub fn markdown(report: &Report) -> String {
    markdown::render(report)
}
