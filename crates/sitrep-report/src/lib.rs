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

use sitrep_core::report::{Note, Report, Topic};

/// A note of a topic as the report words it ("Pentagon (~11,000) and NIS
/// (≤12,000) agree").
pub fn note_text(topic: &Topic, note: &Note) -> String {
    view::note_text(topic, note)
}

pub use text::date_label;

/// The report as one self-contained HTML file.
pub fn html(report: &Report) -> String {
    html::render(report)
}

/// The report as Markdown.
pub fn markdown(report: &Report) -> String {
    markdown::render(report)
}
