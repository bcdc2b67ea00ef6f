//! "What changed": `GET /api/changes` and the page `/changes`, since a
//! date or a saved snapshot, for every story or one. The same computation
//! as `sitrep changes`: the baseline from `sitrep_fuse::snapshot::before`
//! (story by story) or `Store::baseline`, the diff from `sitrep_fuse::snapshot::changes`.

use crate::api::{error, json, St};
use crate::filter::{encode, param, query_string, Params};
use crate::page::{html, Page};
use crate::pages::doc_link;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use sitrep_core::overrides::{Baseline, Changes};
use sitrep_core::report::Range;
use sitrep_report::{esc, num};
use std::fmt::Write;

/// `GET /api/changes`: what the baseline was, and what changed since.
#[derive(Serialize)]
struct ChangesView {
    from: Baseline,
    changes: Changes,
}

/// The changes the query asks for, or the status and reason it cannot.
fn changes_of(app: &AppState, p: &Params) -> Result<ChangesView, (StatusCode, String)> {
    let snap = app.now();
    let story = match param(p, "story") {
        Some(s) => Some(snap.story(s).ok_or((StatusCode::NOT_FOUND, "no such story".to_string()))?.id),
        None => None,
    };
    let store_err = |e: sitrep_store::StoreError| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    let (before, from) = match (param(p, "since"), param(p, "snapshot")) {
        (Some(day), _) if !sitrep_fuse::text::is_date(day) => return Err((StatusCode::BAD_REQUEST, "since takes a date YYYY-MM-DD".into())),
        (Some(day), _) => {
            let overrides = app.with_store(|s| s.overrides()).map_err(store_err)?.map_err(store_err)?;
            // Each story (the chosen one) against its own earlier documents.
            let mut of_story: std::collections::HashMap<&str, Vec<&sitrep_core::Document>> = std::collections::HashMap::new();
            let story_of: std::collections::HashMap<&str, &str> = snap.report.documents.iter().filter_map(|d| Some((d.id.as_str(), d.story.as_deref()?))).collect();
            for d in &snap.docs {
                if let Some(s) = story_of.get(d.id.as_str()).filter(|s| story.as_deref().is_none_or(|c| c == **s)) {
                    of_story.entry(s).or_default().push(d);
                }
            }
            let stories = snap.report.stories.iter().filter_map(|s| of_story.get(s.id.as_str()));
            (stories.flat_map(|docs| sitrep_fuse::snapshot::before(docs.iter().copied(), &overrides, day)).collect(), Baseline::Since { since: day.to_string() })
        }
        (None, Some(name)) => match app.with_store(|s| s.baseline(name)).map_err(store_err)?.map_err(store_err)? {
            Some((from, topics)) => (topics, from),
            None => return Err((StatusCode::NOT_FOUND, "no such snapshot".into())),
        },
        (None, None) => return Err((StatusCode::BAD_REQUEST, "give since=YYYY-MM-DD or snapshot=NAME".into())),
    };
    // A story's topics as the report narrowed to it has them.
    let mut after = sitrep_fuse::snapshot::state(&snap.report);
    if let Some(s) = story {
        after.retain(|t| t.story == s);
    }
    let changes = sitrep_fuse::snapshot::changes(&before, &after);
    Ok(ChangesView { from, changes })
}

pub(crate) async fn api(State(app): St, Query(p): Query<Params>) -> Response {
    match changes_of(&app, &p) {
        Ok(v) => json(&v),
        Err((status, m)) => error(status, &m),
    }
}

fn range(r: &Range) -> String {
    match (r.low, r.high) {
        (None, None) => "no figure".into(),
        (Some(l), Some(h)) if l == h => num(l),
        (l, h) => format!("{}–{}", l.map_or("?".into(), num), h.map_or("?".into(), num)),
    }
}

/// A table head and its rows, each row's cells already escaped.
fn table(out: &mut String, caption: &str, head: &[&str], rows: Vec<Vec<String>>) {
    if rows.is_empty() {
        return;
    }
    w!(out, "<h2>{}</h2><div class=\"scroll\"><table class=\"stack\"><thead><tr>", esc(caption));
    for h in head {
        w!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for (i, c) in r.into_iter().enumerate() {
            match head.get(i).filter(|_| i > 0) {
                Some(h) => w!(out, "<td data-label=\"{}\">{c}</td>", esc(h)),
                None => w!(out, "<td>{c}</td>"),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// Stories the story choice lists at most.
const MAX_STORIES: usize = 500;

fn topic_link(id: &str, label: &str) -> String {
    format!("<a href=\"/topics/{}\">{}</a>", encode(id), esc(label))
}

pub(crate) async fn page(State(app): St, Query(p): Query<Params>) -> Response {
    let keys = [("since", param(&p, "since")), ("snapshot", param(&p, "snapshot")), ("story", param(&p, "story"))];
    let mut pg = Page::new("What changed", Some(format!("/api/changes{}", query_string(&keys))));
    let snap = app.now();
    let out = &mut pg.body;
    out.push_str("<h1>What changed</h1>");
    out.push_str(r#"<form class="filters" method="get" action="/changes">"#);
    for (k, label) in [("since", "Since (YYYY-MM-DD)"), ("snapshot", "or snapshot")] {
        w!(out, r#"<label>{label} <input name="{k}" value="{}"></label>"#, esc(param(&p, k).unwrap_or("")));
    }
    let chosen = param(&p, "story");
    out.push_str(r#"<label>Story <select name="story"><option value="">every story</option>"#);
    for s in snap.report.stories.iter().take(MAX_STORIES) {
        w!(out, r#"<option value="{}"{}>{}</option>"#, esc(&s.id), if chosen == Some(s.id.as_str()) { " selected" } else { "" }, esc(&s.label));
    }
    out.push_str(r#"</select></label><button type="submit">Show</button></form>"#);
    let status = match changes_of(&app, &p) {
        Err((status, m)) => {
            w!(out, "<p class=\"meta\">{}</p>", esc(&m));
            status
        }
        Ok(v) => {
            match &v.from {
                Baseline::Snapshot { snapshot, saved_at, corpus_unchanged, .. } => {
                    let same = if *corpus_unchanged { "corpus unchanged" } else { "corpus changed" };
                    w!(out, "<p class=\"lede\">Since snapshot <b>{}</b> (saved {}, {same}).</p>", esc(snapshot), esc(saved_at));
                }
                Baseline::Since { since } => w!(out, "<p class=\"lede\">Since {}.</p>", esc(since)),
            }
            let c = &v.changes;
            if c.is_empty() {
                out.push_str("<p>Nothing changed.</p>");
            }
            let figures = c.new_figures.iter().map(|f| {
                let cl = &f.claim;
                let mut doc = String::new();
                doc_link(&mut doc, &snap, &cl.doc, None);
                vec![esc(cl.figure.as_deref().unwrap_or("")), topic_link(&f.topic, &f.label), esc(cl.source.as_deref().unwrap_or("unattributed")), doc]
            });
            table(out, "New figures", &["Figure", "Topic", "Source", "Article"], figures.collect());
            let revised = c.revised_figures.iter().map(|r| vec![topic_link(&r.topic, &r.label), esc(&range(&r.before)), esc(&range(&r.after))]);
            table(out, "Revised figures", &["Topic", "Before", "Now"], revised.collect());
            let conflicts = c.new_conflicts.iter().map(|n| vec![topic_link(&n.topic, &n.label), esc(&n.outliers.join("; "))]);
            table(out, "New conflicts", &["Topic", "Outlying sources"], conflicts.collect());
            let sources = c.new_sources.iter().map(|s| {
                let label = snap.story(&s.story).map_or(s.story.as_str(), |st| st.label());
                let topics: Vec<String> = s.topics.iter().map(|t| topic_link(t, snap.topic(t).map_or(t.as_str(), |tr| tr.topic.label.as_str()))).collect();
                vec![esc(&s.source), format!("<a href=\"/stories/{}\">{}</a>", encode(&s.story), esc(label)), topics.join(", ")]
            });
            table(out, "New sources", &["Source", "Story", "Topics"], sources.collect());
            StatusCode::OK
        }
    };
    html(status, pg.finish(snap.generation))
}
