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
pub use view::{agreement_label, DossierTopic, QuoteGroups, bound_label, range_text, source_kind_label, source_name, stated};

/// A topic's legend and range plot (inline SVG, styled by attributes only),
/// for pages that show one topic: the dossier's plot (class `plot`, labels
/// left of the axis) and the same rows for narrow screens (class
/// `plot plot-narrow`, each label above its bar); the page's style shows
/// one of them. Each row's label links where `link` says (the claim's
/// article), or nowhere. Empty when no claim of the topic states a figure.
/// `report` names the claims' documents (their outlets).
pub fn topic_plot(report: &Report, topic: &Topic, link: &dyn Fn(&TopicClaim) -> Option<String>) -> String {
    let view = view::View::new(report);
    let shown = DossierTopic::of(topic);
    let mut out = String::new();
    let mut svg = String::new();
    if html::plot::range_plot(&mut svg, &view, &shown, link) > 0 {
        html::plot::range_plot_in(&mut svg, &html::plot::NARROW, "plot plot-narrow", &view, &shown, link);
        html::legend(&mut out, &shown.legend);
        out.push_str(&svg);
    }
    out
}

/// Stories the HTML dossier names under its masthead (with their sizes)
/// besides the one it shows; it counts the rest.
pub const OTHER_STORIES: usize = 10;

/// The report as one self-contained HTML file.
pub fn html(report: &Report) -> String {
    let topics: Vec<DossierTopic> = report.topics.iter().map(DossierTopic::of).collect();
    html::render(report, &topics, &QuoteGroups::of(report))
}

/// The report as one self-contained HTML file, given what it shows of
/// each topic (`topics`, in report order: `report.topics` is not read)
/// and its quotes grouped (`report.quotes` is not read): the same page
/// [`html`] writes of the report with those topics and quotes, for a
/// reader that has them stored ([`DossierTopic::of`],
/// [`QuoteGroups::to_json`]) instead of the topics' claims and the quotes.
pub fn html_shown(report: &Report, topics: &[DossierTopic], quotes: &QuoteGroups) -> String {
    html::render(report, topics, quotes)
}

/// The report as Markdown.
pub fn markdown(report: &Report) -> String {
    let topics: Vec<DossierTopic> = report.topics.iter().map(DossierTopic::of).collect();
    markdown::render(report, &topics, &QuoteGroups::of(report))
}

/// The report as Markdown, given what is shown of each topic and its
/// quotes grouped, as [`html_shown`] takes them: the same text [`markdown`]
/// writes of the report with those topics and quotes.
pub fn markdown_shown(report: &Report, topics: &[DossierTopic], quotes: &QuoteGroups) -> String {
    markdown::render(report, topics, quotes)
}
