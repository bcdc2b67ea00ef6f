//! The JSON API: each page's data, built here once and rendered by
//! `pages` as HTML or returned as JSON.

use crate::filter::{contains, in_dates, param, ClaimFilter, Params, PAGE};
use crate::state::{AppState, Snapshot, TopicRef};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sitrep_core::report::{DocumentSummary, EntitySummary, QuoteSummary, Story, TimelineEntry, TopicClaim};
use sitrep_core::Document;
use std::sync::Arc;

/// Shared state as handlers receive it.
pub(crate) type St = State<Arc<AppState>>;

/// `value` as a JSON response.
pub(crate) fn json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// `{"error": message}` with a status.
pub(crate) fn error(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": message }).to_string();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn not_found(what: &str) -> Response {
    error(StatusCode::NOT_FOUND, &format!("no such {what}"))
}

/// `GET /api/stories`.
#[derive(Serialize)]
pub(crate) struct StoriesView<'a> {
    /// Counts the fuses since the server started; grows after each ingest.
    pub generation: u64,
    pub documents: usize,
    pub stories: &'a [Story],
}

pub(crate) fn stories_view(s: &Snapshot) -> StoriesView<'_> {
    StoriesView { generation: s.generation, documents: s.docs.len(), stories: &s.report.stories }
}

pub(crate) async fn stories(State(app): St) -> Response {
    let snap = app.now();
    json(&stories_view(&snap))
}

/// `GET /api/stories/{id}`: the story's report, narrowed to it.
pub(crate) async fn story(State(app): St, Path(id): Path<String>) -> Response {
    let snap = app.now();
    match snap.story(&id) {
        Some(s) => json(&s.json()),
        None => not_found("story"),
    }
}

/// A topic without its claims, with its notes as sentences.
#[derive(Serialize)]
pub(crate) struct TopicHead<'a> {
    pub id: &'a str,
    pub story: &'a str,
    pub label: &'a str,
    pub unit: Option<&'a str>,
    pub per: Option<&'a str>,
    pub agreement: sitrep_core::report::Agreement,
    pub independent_sources: usize,
    pub range: &'a sitrep_core::report::Range,
    pub notes: &'a [String],
    pub claims: usize,
}

/// `GET /api/topics/{id}`: the topic and one page of its claims after
/// the filters.
#[derive(Serialize)]
pub(crate) struct TopicView<'a> {
    pub topic: TopicHead<'a>,
    pub filter: ClaimFilter,
    /// Claims the filters keep, on every page.
    pub matched: usize,
    /// Pages of claims (at least 1).
    pub pages: usize,
    pub claims: Vec<IndexedClaim<'a>>,
    /// The distinct source names of the topic, for the source filter.
    pub sources: &'a [String],
}

/// A claim with its index in its topic.
#[derive(Serialize)]
pub(crate) struct IndexedClaim<'a> {
    pub index: usize,
    #[serde(flatten)]
    pub claim: &'a TopicClaim,
}

pub(crate) fn topic_head(tr: TopicRef<'_>) -> TopicHead<'_> {
    let t = tr.topic;
    TopicHead {
        id: &t.id,
        story: &t.story,
        label: &t.label,
        unit: t.unit.as_deref(),
        per: t.per.as_deref(),
        agreement: t.agreement,
        independent_sources: t.independent_sources,
        range: &t.range,
        notes: &tr.facts.notes,
        claims: t.claims.len(),
    }
}

pub(crate) fn topic_view(tr: TopicRef<'_>, filter: ClaimFilter) -> TopicView<'_> {
    let skip = (filter.page - 1).saturating_mul(PAGE);
    // Unfiltered, a page is a slice of the topic's claims (a topic may
    // hold thousands).
    let (matched, claims) = if filter.narrows() {
        let kept = filter.apply(tr.topic);
        (kept.len(), kept.into_iter().skip(skip).take(PAGE).map(|(index, claim)| IndexedClaim { index, claim }).collect())
    } else {
        let all = &tr.topic.claims;
        (all.len(), all.iter().enumerate().skip(skip).take(PAGE).map(|(index, claim)| IndexedClaim { index, claim }).collect())
    };
    let pages = matched.div_ceil(PAGE).max(1);
    TopicView { topic: topic_head(tr), filter, matched, pages, claims, sources: &tr.facts.sources }
}

pub(crate) async fn topic(State(app): St, Path(id): Path<String>, Query(p): Query<Params>) -> Response {
    let snap = app.now();
    match snap.topic(&id) {
        Some(t) => json(&topic_view(t, ClaimFilter::parse(&p))),
        None => not_found("topic"),
    }
}

/// One claim of `GET /api/claims`, with its topic.
#[derive(Serialize)]
struct ClaimRow<'a> {
    topic: &'a str,
    topic_label: &'a str,
    #[serde(flatten)]
    claim: &'a TopicClaim,
}

/// `GET /api/claims`.
#[derive(Serialize)]
struct ClaimsView<'a> {
    claims: Vec<ClaimRow<'a>>,
}

/// Most claims `GET /api/claims` returns.
const MAX_CLAIMS: usize = 5_000;

/// `GET /api/claims?topic=&source=&story=` (and the topic filters).
pub(crate) async fn claims(State(app): St, Query(p): Query<Params>) -> Response {
    let snap = app.now();
    let filter = ClaimFilter::parse(&p);
    let topic = param(&p, "topic");
    let story = param(&p, "story");
    let rows: Vec<ClaimRow> = snap
        .report
        .topics
        .iter()
        .filter(|t| story.is_none_or(|s| t.story == s))
        .filter(|t| topic.is_none_or(|q| t.id == q || contains(&t.label, q)))
        .flat_map(|t| filter.apply(t).into_iter().map(move |(_, claim)| ClaimRow { topic: &t.id, topic_label: &t.label, claim }))
        .take(MAX_CLAIMS)
        .collect();
    json(&ClaimsView { claims: rows })
}

/// One hit of a search, with the story its document is in.
#[derive(Serialize)]
pub(crate) struct SearchHit {
    #[serde(flatten)]
    pub hit: sitrep_store::Hit,
    pub story: Option<String>,
}

/// `GET /api/search?q=&outlet=&from=&to=&limit=`.
#[derive(Serialize, Default)]
pub(crate) struct SearchView {
    pub query: String,
    pub outlet: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub hits: Vec<SearchHit>,
    /// Matching documents stored but not fused into the report yet (just
    /// ingested), left out of `hits` until they are.
    #[serde(skip_serializing_if = "is_zero")]
    pub pending: usize,
    /// Why the query could not run, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Most hits a search returns.
const MAX_HITS: usize = 100;

/// The hits of a search among the documents `snap` holds. It reads the
/// store on the calling thread: the handlers run on a blocking thread
/// already (see `make` in `lib.rs`). A query of plain words is ranked on
/// `snap`'s own index of its documents, any other by the store's FTS5
/// index; each hit's snippet is cut from the text `snap` holds. The
/// answer is kept with `snap` by query, so the same words asked again (on
/// the page or the API, with other filters) or at once by many readers are
/// looked up once per report. The store has a document as soon as
/// an ingest commits it, the report only once it is fused again; a hit the
/// report does not hold yet is left out and counted in `pending`, so every
/// hit leads to a page (and the response, cached with `snap`, stays true
/// to it).
pub(crate) fn search_view(app: &AppState, snap: &Snapshot, p: &Params) -> SearchView {
    let mut view = SearchView {
        query: param(p, "q").unwrap_or("").to_string(),
        outlet: param(p, "outlet").map(str::to_string),
        from: param(p, "from").map(str::to_string),
        to: param(p, "to").map(str::to_string),
        ..SearchView::default()
    };
    if view.query.is_empty() {
        return view;
    }
    let limit = param(p, "limit").and_then(|l| l.parse().ok()).unwrap_or(20).clamp(1, MAX_HITS);
    let filtered = view.outlet.is_some() || view.from.is_some() || view.to.is_some();
    let asked = if filtered { MAX_HITS * 5 } else { limit };
    let searched = snap.searched(&view.query, asked);
    let found = searched.get_or_init(|| {
        let query = view.query.split_whitespace().collect::<Vec<_>>().join(" ");
        app.with_store(|s| {
            let found = s.search_in(&snap.index, &snap.docs, &query, asked)?;
            let mut pending = found.newer;
            // The snippet is cut from the text the report holds.
            let held = found
                .ranked
                .into_iter()
                .filter_map(|r| match snap.doc(&r.doc) {
                    Some(d) => Some(found.matcher.hit(s, r, &d.text)),
                    None => {
                        pending += 1;
                        None
                    }
                })
                .collect();
            Ok((held, pending))
        })
        .map_err(|e| e.to_string())
        .and_then(|r: Result<_, sitrep_store::StoreError>| r.map_err(|e| e.to_string()))
    });
    match found {
        Ok((held, pending)) => {
            view.pending = *pending;
            view.hits = held
                .iter()
                .filter(|h| view.outlet.as_deref().is_none_or(|o| h.outlet.as_deref().is_some_and(|ho| contains(ho, o))))
                .filter(|h| in_dates(h.published.as_deref(), view.from.as_deref(), view.to.as_deref()))
                .take(limit)
                .map(|hit| {
                    let story = snap.summary(&hit.doc).and_then(|d| d.story.clone());
                    SearchHit { hit: hit.clone(), story }
                })
                .collect();
        }
        Err(e) => view.error = Some(e.clone()),
    }
    view
}

pub(crate) async fn search(State(app): St, Query(p): Query<Params>) -> Response {
    let snap = app.now();
    let view = search_view(&app, &snap, &p);
    match &view.error {
        Some(_) => (StatusCode::BAD_REQUEST, json(&view)).into_response(),
        None => json(&view),
    }
}

/// `GET /api/documents/{id}`: the stored document with its annotations,
/// and how the report lists it.
#[derive(Serialize)]
pub(crate) struct DocumentView<'a> {
    pub document: &'a Document,
    pub summary: Option<&'a DocumentSummary>,
}

pub(crate) async fn document(State(app): St, Path(id): Path<String>) -> Response {
    let snap = app.now();
    match snap.doc(&id) {
        Some(document) => json(&DocumentView { document, summary: snap.summary(&id) }),
        None => not_found("document"),
    }
}

/// `GET /api/entities/{name}`: a person or organisation across the corpus.
#[derive(Serialize)]
pub(crate) struct EntityView<'a> {
    pub entity: &'a EntitySummary,
    pub quotes: Vec<&'a QuoteSummary>,
    pub claims: Vec<ClaimOf<'a>>,
    pub documents: Vec<&'a DocumentSummary>,
}

/// A claim an entity is the source of, with its topic.
#[derive(Serialize)]
pub(crate) struct ClaimOf<'a> {
    pub topic: &'a str,
    pub topic_label: &'a str,
    #[serde(flatten)]
    pub claim: &'a TopicClaim,
}

/// Most quotes, claims and documents an entity view lists.
const MAX_ENTITY_ROWS: usize = 500;

pub(crate) fn entity_view<'a>(s: &'a Snapshot, name: &str) -> Option<EntityView<'a>> {
    let entity = s.entity(name)?;
    let names: Vec<&str> = std::iter::once(entity.name.as_str()).chain(entity.aliases.iter().map(String::as_str)).collect();
    let quotes = s.quotes_of(&names, MAX_ENTITY_ROWS);
    let claims = s.claims_of(&names, MAX_ENTITY_ROWS).into_iter().map(|(t, claim)| ClaimOf { topic: &t.id, topic_label: &t.label, claim }).collect();
    let documents = entity.docs.iter().filter_map(|d| s.summary(d)).take(MAX_ENTITY_ROWS).collect();
    Some(EntityView { entity, quotes, claims, documents })
}

pub(crate) async fn entity(State(app): St, Path(name): Path<String>) -> Response {
    let snap = app.now();
    match entity_view(&snap, &name) {
        Some(v) => json(&v),
        None => not_found("person or organisation"),
    }
}

/// The timeline of one story (`?story=`), else of every story.
pub(crate) fn timeline_of<'a>(s: &'a Snapshot, p: &Params) -> Option<Vec<&'a TimelineEntry>> {
    Some(match param(p, "story") {
        Some(id) => s.story(id)?.timeline().iter().collect(),
        None => s.report.timeline.iter().collect(),
    })
}

/// The answer of `GET /api/timeline`.
#[derive(Serialize)]
struct TimelineView<'a> {
    timeline: Vec<&'a TimelineEntry>,
}

/// `GET /api/timeline?story=`.
pub(crate) async fn timeline(State(app): St, Query(p): Query<Params>) -> Response {
    let snap = app.now();
    match timeline_of(&snap, &p) {
        Some(timeline) => json(&TimelineView { timeline }),
        None => not_found("story"),
    }
}

/// The API's OpenAPI description (`docs/openapi.json`).
pub(crate) const OPENAPI: &str = include_str!("../../../docs/openapi.json");

pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}
