//! The range plot of a topic: an inline SVG with one row per claim on a
//! shared numeric axis.

use crate::axis::{Axis, Scale};
use crate::text::{date, esc, esc_into, short_num, truncate, unit_suffix, Fx};
use crate::view::{shape, source_name, stated, DossierTopic, Shape, View, MAX_PLOT_ROWS, MODALITIES};
use sitrep_core::report::{Topic, TopicClaim};
use sitrep_core::Modality;
use std::fmt::Write;

/// Where the parts of a plot go.
pub(crate) struct Layout {
    width: f64,
    /// Where the figure as stated ends (right-aligned).
    figure_x: f64,
    /// Characters of 13 px text the first line of a label holds beside the
    /// figure (about 7.8 px each, with a gap).
    label_chars: usize,
    /// The axis runs from `x0` to `x1`.
    x0: f64,
    x1: f64,
    row_h: f64,
    /// Labels above their bars (for narrow screens) instead of beside them.
    stacked: bool,
}

/// The label column (source, outlet and date, and the figure as stated)
/// left of the axis: for wide pages and print.
pub(crate) const WIDE: Layout = Layout { width: 960.0, figure_x: 340.0, label_chars: 40, x0: 364.0, x1: 930.0, row_h: 34.0, stacked: false };

/// Each label on its own line above its bar, the axis the whole width:
/// readable on a phone (400 units shown about 360 px wide).
pub(crate) const NARROW: Layout = Layout { width: 400.0, figure_x: 392.0, label_chars: 46, x0: 22.0, x1: 372.0, row_h: 56.0, stacked: true };

const TOP: f64 = 6.0;
const GREY: &str = "#aab4be";

/// Colour of each modality (Okabe–Ito palette, safe for colour-blind readers).
pub(crate) fn colour(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "#0b5cad",
        Modality::Estimated => "#009e73",
        Modality::Reported => "#d08c00",
        Modality::Possible => "#a95aa1",
        Modality::Hypothetical => "#3a9ad9",
        Modality::Denied => "#d55e00",
    }
}

/// A marker at `(x, y)`: its shape tells the modality too, so the plot
/// reads in black and white.
pub(crate) fn marker(out: &mut String, m: Modality, x: f64, y: f64, c: &str) {
    let r = 6.0;
    let (fx, fy) = (Fx(x), Fx(y));
    match m {
        Modality::Asserted => w!(out, r##"<circle cx="{fx:.1}" cy="{fy:.1}" r="{r}" fill="{c}" stroke="#fff" stroke-width="1.5"/>"##),
        Modality::Estimated => w!(
            out,
            r##"<path d="M{fx:.1} {:.1}L{:.1} {fy:.1}L{fx:.1} {:.1}L{:.1} {fy:.1}Z" fill="{c}" stroke="#fff" stroke-width="1.5"/>"##,
            Fx(y - 7.5),
            Fx(x + 7.5),
            Fx(y + 7.5),
            Fx(x - 7.5)
        ),
        Modality::Reported => w!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="11" height="11" fill="{c}" stroke="#fff" stroke-width="1.5"/>"##,
            Fx(x - 5.5),
            Fx(y - 5.5)
        ),
        Modality::Possible => w!(out, r##"<circle cx="{fx:.1}" cy="{fy:.1}" r="5.5" fill="#fff" stroke="{c}" stroke-width="2.5"/>"##),
        Modality::Hypothetical => w!(
            out,
            r##"<path d="M{fx:.1} {:.1}L{:.1} {fy:.1}L{fx:.1} {:.1}L{:.1} {fy:.1}Z" fill="#fff" stroke="{c}" stroke-width="2.2" stroke-dasharray="3 2"/>"##,
            Fx(y - 7.0),
            Fx(x + 7.0),
            Fx(y + 7.0),
            Fx(x - 7.0)
        ),
        Modality::Denied => w!(
            out,
            r#"<path d="M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}" stroke="{c}" stroke-width="3" stroke-linecap="round"/>"#,
            Fx(x - 5.5),
            Fx(y - 5.5),
            Fx(x + 5.5),
            Fx(y + 5.5),
            Fx(x - 5.5),
            Fx(y + 5.5),
            Fx(x + 5.5),
            Fx(y - 5.5)
        ),
    }
}

/// The modalities that occur among `claims`, in their fixed order.
pub(crate) fn modalities_in(claims: &[TopicClaim]) -> Vec<Modality> {
    MODALITIES.into_iter().filter(|m| claims.iter().any(|c| c.modality == *m)).collect()
}

/// The claims a plot shows (their places in the topic), in order:
/// originals by date, then copies; capped at [`MAX_PLOT_ROWS`].
pub(crate) fn rows(topic: &Topic) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..topic.claims.len()).filter(|&i| shape(&topic.claims[i]).is_some()).collect();
    rows.sort_by(|&a, &b| {
        let (a, b) = (&topic.claims[a], &topic.claims[b]);
        a.duplicate.cmp(&b.duplicate).then_with(|| a.time.is_none().cmp(&b.time.is_none())).then_with(|| a.time.cmp(&b.time))
    });
    rows.truncate(MAX_PLOT_ROWS);
    rows
}

/// Where a plot row's label links to: the claim's document, or nowhere.
pub(crate) type RowLink<'a> = &'a dyn Fn(&TopicClaim) -> Option<String>;

/// Writes the SVG range plot of `shown`; writes nothing when no claim of
/// the topic has a figure. Each row's label links where `link` says.
/// Returns the number of plotted rows.
pub(crate) fn range_plot(out: &mut String, view: &View, shown: &DossierTopic, link: RowLink) -> usize {
    range_plot_in(out, &WIDE, "plot", view, shown, link)
}

/// [`range_plot`] in a layout, the `<svg>` of class `class`.
pub(crate) fn range_plot_in(out: &mut String, l: &Layout, class: &str, view: &View, shown: &DossierTopic, link: RowLink) -> usize {
    let topic = &shown.topic;
    let rows: Vec<(&TopicClaim, Shape)> = shown.plot.iter().filter_map(|&i| topic.claims.get(i)).filter_map(|c| shape(c).map(|s| (c, s))).collect();
    let Some(axis) = Axis::fit(rows.iter().flat_map(|(_, s)| s.extent())) else { return 0 };
    let (x0, x1, row_h, width) = (l.x0, l.x1, l.row_h, l.width);
    let x = |v: f64| x0 + axis.pos(v) * (x1 - x0);
    let plot_h = rows.len() as f64 * row_h;
    let height = TOP + plot_h + 52.0;
    w!(
        out,
        r#"<svg class="{class}" viewBox="0 0 {width} {height:.0}" width="{width}" height="{height:.0}" role="img" aria-label="Range plot: {}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">"#,
        esc(&topic.label)
    );
    // Row stripes, then the grid, so marks sit above both.
    for i in (0..rows.len()).step_by(2) {
        w!(out, r##"<rect x="0" y="{:.1}" width="{width}" height="{row_h}" fill="#f6f8fa"/>"##, Fx(TOP + i as f64 * row_h));
    }
    let bottom = TOP + plot_h;
    for &t in &axis.ticks {
        let major = axis.scale == Scale::Linear || is_power_of_ten(t);
        w!(
            out,
            r#"<line x1="{0:.1}" x2="{0:.1}" y1="{TOP}" y2="{bottom:.1}" stroke="{1}" stroke-width="1"/>"#,
            Fx(x(t)),
            if major { "#d5dbe1" } else { "#e9edf1" }
        );
    }
    for (row, (c, s)) in rows.iter().enumerate() {
        let top = TOP + row as f64 * row_h;
        // The marks' line: the middle of the row, or below a stacked label.
        let y = if l.stacked { top + row_h - 13.0 } else { top + row_h / 2.0 };
        let col = if c.duplicate { GREY } else { colour(c.modality) };
        let outlier = crate::view::is_outlier(c);
        row_label(out, l, view, c, if l.stacked { top + 17.0 } else { y }, outlier, link);
        out.push_str("<g>");
        w!(out, "<title>{}</title>", esc(&tooltip(c, outlier)));
        match *s {
            Shape::Point { value, approx } => {
                if approx {
                    let (a, b) = s.interval();
                    w!(
                        out,
                        r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="12" rx="6" fill="{col}" fill-opacity="0.22"/>"#,
                        Fx(x(a)),
                        Fx(y - 6.0),
                        Fx((x(b) - x(a)).max(1.0))
                    );
                }
                marker(out, c.modality, x(value), y, col);
            }
            Shape::Interval { low, high } => {
                w!(
                    out,
                    r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="8" rx="2" fill="{col}" fill-opacity="0.55"/>"#,
                    Fx(x(low)),
                    Fx(y - 4.0),
                    Fx((x(high) - x(low)).max(1.0))
                );
                for end in [low, high] {
                    w!(out, r#"<line x1="{0:.1}" x2="{0:.1}" y1="{1:.1}" y2="{2:.1}" stroke="{col}" stroke-width="2.5"/>"#, Fx(x(end)), Fx(y - 8.0), Fx(y + 8.0));
                }
                if let Some(v) = c.value.filter(|v| (low..=high).contains(v)) {
                    marker(out, c.modality, x(v), y, col);
                }
            }
            Shape::AtLeast(v) => open_bar(out, x(v), x1 + 14.0, y, col, c.modality),
            Shape::AtMost(v) => open_bar(out, x(v), x0 - 14.0, y, col, c.modality),
        }
        out.push_str("</g>");
    }
    axis_marks(out, l, &axis, &x, bottom, topic);
    out.push_str("</svg>");
    rows.len()
}

fn is_power_of_ten(t: f64) -> bool {
    let l = t.log10();
    (l - l.round()).abs() < 1e-9
}

/// A bar from the stated bound (marked) towards `to`, ending in an
/// arrowhead.
fn open_bar(out: &mut String, from: f64, to: f64, y: f64, col: &str, m: Modality) {
    let dir = if to > from { 1.0 } else { -1.0 };
    let tip = to;
    let base = tip - dir * 10.0;
    let (fy, from_, base_, tip_) = (Fx(y), Fx(from), Fx(base), Fx(tip));
    w!(
        out,
        r#"<line x1="{from_:.1}" x2="{base_:.1}" y1="{fy:.1}" y2="{fy:.1}" stroke="{col}" stroke-width="4" stroke-opacity="0.45"/>"#
    );
    w!(
        out,
        r#"<path d="M{tip_:.1} {fy:.1}L{base_:.1} {:.1}L{base_:.1} {:.1}Z" fill="{col}" fill-opacity="0.7"/>"#,
        Fx(y - 6.0),
        Fx(y + 6.0)
    );
    marker(out, m, from, y, col);
}

fn tooltip(c: &TopicClaim, outlier: bool) -> String {
    let mut t = format!("{} — {} ({})", source_name(c), stated(c), c.modality.as_str());
    if outlier {
        t.push_str(", conflicts with most sources");
    }
    if c.duplicate {
        t.push_str(", copy of another article");
    }
    t.push_str(": ");
    t.push_str(&truncate(&c.text, 300));
    t
}

/// Where a row's figure goes beside its label, and how much of the label
/// is shown.
#[derive(Debug, PartialEq)]
struct LabelFit {
    /// The figure shares the source's line (else the outlet's line below).
    figure_first: bool,
    /// Characters of the source name and of the outlet line shown.
    name: usize,
    sub: usize,
}

/// Fit a label of `name` and `sub` characters beside a figure of `figure`
/// characters in a label column `chars` wide (in 13 px bold characters;
/// the 11 px outlet line holds 9 of its characters for 7 of those). The
/// figure goes on the source's line when the name fits beside it, else on
/// the outlet line when that fits, so neither is cut; only when both are
/// too long is the name cut (and the full label is the row's tooltip).
fn fit_label(chars: usize, name: usize, sub: usize, figure: usize) -> LabelFit {
    let beside = chars.saturating_sub(figure + 2);
    let sub_line = chars * 9 / 7;
    if name <= beside {
        LabelFit { figure_first: true, name, sub: sub.min(sub_line) }
    } else if sub * 7 / 9 <= beside {
        LabelFit { figure_first: false, name: name.min(chars), sub }
    } else {
        LabelFit { figure_first: true, name: beside.max(8), sub: sub.min(sub_line) }
    }
}

/// The label of one row: source name on the first line (its middle at
/// `y`), outlet and date below, linking where `link` says; the figure as
/// stated right-aligned on whichever line leaves both whole.
fn row_label(out: &mut String, l: &Layout, view: &View, c: &TopicClaim, y: f64, outlier: bool, link: RowLink) {
    let figure = stated(c);
    let full_name = source_name(c);
    let when = c.time.as_deref().map(date);
    let sub = match (view.doc(&c.doc).and_then(|(_, d)| d.outlet.as_deref()), &when) {
        (Some(o), Some(t)) => format!("{o} · {t}"),
        (Some(o), None) => o.to_string(),
        (None, Some(t)) => t.clone(),
        (None, None) => c.doc.clone(),
    };
    let full_sub = if c.duplicate { format!("{sub} (copy)") } else { sub };
    let figure_n = figure.chars().count().min(18) + if outlier { 2 } else { 0 };
    let fit = fit_label(l.label_chars, full_name.chars().count(), full_sub.chars().count(), figure_n);
    let name = truncate(full_name, fit.name);
    let sub = truncate(&full_sub, fit.sub);
    let (ink, muted) = if c.duplicate { (GREY, GREY) } else { ("#1b2430", "#5a6775") };
    let href = link(c);
    match &href {
        Some(h) => w!(out, r#"<a href="{}">"#, esc(h)),
        None => out.push_str("<g>"),
    }
    if name != full_name || sub != full_sub {
        w!(out, "<title>{} · {}</title>", esc(full_name), esc(&full_sub));
    }
    w!(out, r#"<text x="8" y="{:.1}" font-size="13" font-weight="600" fill="{ink}">"#, Fx(y - 2.0));
    esc_into(out, &name);
    out.push_str("</text>");
    w!(out, r#"<text x="8" y="{:.1}" font-size="11" fill="{muted}">"#, Fx(y + 12.0));
    esc_into(out, &sub);
    out.push_str("</text>");
    out.push_str(if href.is_some() { "</a>" } else { "</g>" });
    let fig_ink = if outlier { "#b42318" } else { ink };
    w!(
        out,
        r#"<text x="{}" y="{:.1}" font-size="13" font-weight="700" text-anchor="end" fill="{fig_ink}">{}{}</text>"#,
        l.figure_x,
        Fx(if fit.figure_first { y - 2.0 } else { y + 12.0 }),
        if outlier { "≠ " } else { "" },
        esc(&truncate(&figure, 18))
    );
}

fn axis_marks(out: &mut String, l: &Layout, axis: &Axis, x: &dyn Fn(f64) -> f64, bottom: f64, topic: &Topic) {
    let (x0, x1) = (l.x0, l.x1);
    w!(out, r##"<line x1="{x0}" x2="{x1}" y1="{bottom:.1}" y2="{bottom:.1}" stroke="#5a6775" stroke-width="1"/>"##);
    let crowded = axis.ticks.len() > 9;
    for &t in &axis.ticks {
        let major = axis.scale == Scale::Linear || is_power_of_ten(t);
        w!(out, r##"<line x1="{0:.1}" x2="{0:.1}" y1="{bottom:.1}" y2="{1:.1}" stroke="#5a6775"/>"##, Fx(x(t)), Fx(bottom + if major { 5.0 } else { 3.0 }));
        if major || !crowded {
            w!(
                out,
                r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="{}">{}</text>"##,
                Fx(x(t)),
                Fx(bottom + 18.0),
                if major { "#3d4a57" } else { "#7b8794" },
                esc(&short_num(t))
            );
        }
    }
    let unit = match (topic.unit.as_deref(), topic.per.as_deref()) {
        (Some("person" | "people"), None) => "people".to_string(),
        (Some("person" | "people"), Some(per)) => format!("people per {per}"),
        (Some("percent"), _) => "percent".to_string(),
        (None, None) => "figure as stated".to_string(),
        (u, p) => unit_suffix(u, p).trim().to_string(),
    };
    let scale = if axis.scale == Scale::Log { ", log scale" } else { "" };
    w!(
        out,
        r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#5a6775">{}{scale}</text>"##,
        (x0 + x1) / 2.0,
        bottom + 38.0,
        esc(&unit)
    );
}

/// The rows [`range_plot`] leaves out of the topic for the cap.
pub(crate) fn capped(shown: &DossierTopic) -> usize {
    shown.figures.saturating_sub(MAX_PLOT_ROWS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_cut_only_when_neither_line_has_room_for_the_figure() {
        // A short name keeps the figure beside it.
        assert_eq!(fit_label(40, 8, 30, 7), LabelFit { figure_first: true, name: 8, sub: 30 });
        // A long name takes its whole line; the figure moves down beside
        // the short outlet line.
        assert_eq!(fit_label(40, 34, 27, 13), LabelFit { figure_first: false, name: 34, sub: 27 });
        // Both long: the name is cut to leave room for the figure.
        assert_eq!(fit_label(40, 38, 50, 13), LabelFit { figure_first: true, name: 25, sub: 50 });
        // Never cut below a readable stub, nor past the line.
        assert_eq!(fit_label(20, 60, 60, 18).name, 8);
        assert_eq!(fit_label(40, 60, 10, 5).name, 40);
    }
}
