//! Corrections on a topic's page: the corrections applied to the topic and,
//! when the server takes corrections (`--allow-ingest`), the controls that
//! make and undo them. The controls call `POST`/`DELETE /api/corrections`
//! from the page's script with the analyst's bearer token, so they are
//! hidden until the script shows them.

use crate::filter::encode;
use crate::pages::doc_link;
use crate::state::{Snapshot, TopicRef};
use sitrep_core::overrides::{Applied, Correction};
use sitrep_report::{esc, esc_into, truncate};
use std::fmt::Write;

/// Topics the "move to" and "merge into" choices list at most.
const MAX_TOPICS: usize = 500;

/// The sentence of the claim a key names, from its document.
fn claim_sentence<'a>(snap: &'a Snapshot, key: &str) -> Option<&'a str> {
    let (doc, _) = key.rsplit_once('#')?;
    let d = snap.doc(doc)?;
    d.claims.iter().find(|c| sitrep_fuse::overrides::doc_claim_key(d, c) == key).map(|c| c.text.as_str())
}

/// One applied correction in words, with the document of a claim it names.
fn describe(out: &mut String, snap: &Snapshot, a: &Applied) {
    match &a.correction {
        Correction::RejectClaim { claim } => {
            out.push_str(r#"<span class="tag tag-rejected">rejected</span> "#);
            match claim_sentence(snap, claim) {
                Some(s) => w!(out, "<q>{}</q>", esc(&truncate(s, 200))),
                None => w!(out, "claim {}", esc(claim)),
            }
            if let Some((doc, _)) = claim.rsplit_once('#') {
                out.push_str(" · ");
                doc_link(out, snap, doc, None);
            }
        }
        Correction::MoveClaim { claim, topic } => {
            out.push_str(r#"<span class="tag">moved</span> "#);
            match claim_sentence(snap, claim) {
                Some(s) => w!(out, "<q>{}</q>", esc(&truncate(s, 200))),
                None => w!(out, "claim {}", esc(claim)),
            }
            w!(out, r#" to <a href="/topics/{}">{}</a>"#, encode(topic), esc(snap.topic(topic).map_or(topic.as_str(), |t| t.topic.label.as_str())));
        }
        c => esc_into(out, &c.describe()),
    }
    w!(out, r#" <span class="meta">— {}, {}"#, esc(&a.author), esc(a.at.get(..10).unwrap_or(&a.at)));
    if let Some(n) = &a.note {
        w!(out, ": {}", esc(n));
    }
    out.push_str("</span>");
}

/// The corrections applied to the topic, each with an undo button when
/// `editable`.
pub(crate) fn applied(out: &mut String, snap: &Snapshot, tr: TopicRef, editable: bool) {
    if tr.facts.corrections.is_empty() {
        return;
    }
    out.push_str(r#"<section class="corrections" aria-labelledby="corrections-h"><h2 id="corrections-h">Corrections by analysts</h2><ul id="corrections">"#);
    for a in tr.facts.corrections.iter().map(|&i| &snap.report.overrides[i]) {
        w!(out, r#"<li data-id="{}">"#, a.id);
        describe(out, snap, a);
        if editable {
            w!(out, r#" <button type="button" class="undo" data-undo="{}" hidden>Undo</button>"#, a.id);
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></section>");
}

/// A menu of ready `<option>`s.
fn choices(out: &mut String, id: &str, label: &str, options: &str) {
    w!(out, r#"<label>{label} <select id="{id}">{options}</select></label>"#);
}

/// `<option value="{value}">{text}</option>`, the text cut at 80 characters.
pub(crate) fn option(out: &mut String, value: &str, text: &str) {
    w!(out, r#"<option value="{}">{}</option>"#, esc(value), esc(&truncate(text, 80)));
}

/// The topics of `t`'s story other than `t`, at most [`MAX_TOPICS`], as
/// `<option>`s: the story's list (made once per report) without `t`'s own.
fn other_topics(snap: &Snapshot, t: &sitrep_core::report::Topic) -> String {
    let Some(story) = snap.story(&t.story) else { return String::new() };
    let all = story.topic_options(|| {
        let mut out = String::new();
        for o in story.topics().iter().take(MAX_TOPICS + 1) {
            option(&mut out, &o.id, &format!("{} ({} claims)", o.label, o.claims.len()));
        }
        out
    });
    let own = format!(r#"<option value="{}">"#, esc(&t.id));
    // Without its own option, the list holds one topic too many: drop the last.
    let at = all.find(&own).or_else(|| all.rfind("<option "));
    let Some(start) = at else { return String::new() };
    let end = all[start..].find("</option>").map_or(all.len(), |e| start + e + "</option>".len());
    [&all[..start], &all[end..]].concat()
}

/// The controls that correct the topic (hidden until the page's script
/// runs): reject, move or split the ticked claims, merge the topic into
/// another, rename or merge a source, exclude an outlet.
pub(crate) fn panel(out: &mut String, snap: &Snapshot, tr: TopicRef) {
    let t = tr.topic;
    let others = other_topics(snap, t);
    let sources = crate::pages::source_options(tr);
    w!(
        out,
        r#"<section id="correct" class="correct" aria-labelledby="correct-h" data-topic="{}" data-generation="{}" hidden><h2 id="correct-h">Correct this topic</h2>"#,
        esc(&t.id),
        snap.generation
    );
    out.push_str(r#"<p class="meta">A correction is stored with your name and the time, applies from the next report on (in a few seconds) and lasts through new ingests until it is undone.</p>"#);
    out.push_str(r#"<div class="who"><label>Token <input type="password" id="c-token" autocomplete="off" required></label><label>Your name <input id="c-author" autocomplete="name" required></label><label>Why (optional) <input id="c-note"></label></div>"#);
    out.push_str(r#"<fieldset><legend>The ticked claims</legend><p class="meta" id="c-picked" aria-live="polite">Tick claims in the table above (the box beside each source).</p><div class="acts"><button type="button" data-act="reject">Reject</button>"#);
    if !others.is_empty() {
        choices(out, "c-move", "Move to", &others);
        out.push_str(r#"<button type="button" data-act="move">Move</button>"#);
    }
    out.push_str(r#"<button type="button" data-act="split">Split into a new topic</button></div></fieldset>"#);
    if !others.is_empty() {
        out.push_str(r#"<fieldset><legend>This topic</legend><div class="acts">"#);
        choices(out, "c-into", "Merge into", &others);
        out.push_str(r#"<button type="button" data-act="merge">Merge</button></div></fieldset>"#);
    }
    out.push_str(r#"<fieldset><legend>A source</legend><div class="acts">"#);
    choices(out, "c-source", "Source", sources);
    out.push_str(r#"<label>Rightly named <input id="c-rename"></label><button type="button" data-act="rename">Rename</button>"#);
    choices(out, "c-same", "Same source as", sources);
    out.push_str(r#"<button type="button" data-act="merge-source">Merge</button></div></fieldset>"#);
    if !tr.facts.outlets.is_empty() {
        out.push_str(r#"<fieldset><legend>An outlet</legend><div class="acts">"#);
        let mut outlets = String::new();
        for o in &tr.facts.outlets {
            option(&mut outlets, o, o);
        }
        choices(out, "c-outlet", "Outlet", &outlets);
        out.push_str(r#"<button type="button" data-act="exclude">Exclude its articles</button></div></fieldset>"#);
    }
    out.push_str(r#"<p id="c-status" class="status" role="status" aria-live="polite"></p></section>"#);
}

#[cfg(test)]
mod tests {
    use super::option;

    #[test]
    fn options_escape_and_cut_their_text() {
        let mut out = String::new();
        option(&mut out, "a\"b", &"x<".repeat(50));
        assert!(out.starts_with(r#"<option value="a&quot;b">x&lt;x&lt;"#), "{out}");
        assert!(out.ends_with("…</option>"), "{out}");
    }
}
