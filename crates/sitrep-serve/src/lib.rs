//! sitrep's workspace in the browser: an HTTP server over a sitrep store.
//!
//! [`run`] serves, over the documents of a store (read-only unless
//! [`Config::allow_ingest`]):
//!
//! - server-rendered pages: the stories, a story's dossier, a topic (range
//!   plot and claims, filtered and sorted by the query string), an article
//!   with a claim's sentence highlighted, a person or organisation, search
//!   the timeline and what changed since a date or a saved snapshot; every
//!   page's state is in its URL;
//! - the same data as JSON under `/api/` (documented in `docs/api.md` and
//!   `docs/openapi.json`, served at `/api/openapi.json`);
//! - live ingest (`POST /api/documents`, JSON Lines, with a bearer token)
//!   when [`Config::allow_ingest`] is set, and analyst corrections
//!   (`POST`/`DELETE /api/corrections`, same guard; listed by
//!   `GET /api/corrections`). The served report is always the store's
//!   documents fused with its stored corrections applied.
//!
//! The fused report is held in memory and replaced whole: the store is
//! fused once at start and again on a background thread after each ingest,
//! so readers always see the last complete report and never wait for a
//! fuse. Its indexes are built with it, each response is made once per
//! report (concurrent requests for it wait for the one being made) in one
//! of two lanes (from memory, or reading the store), and the most read
//! pages are made ahead, in the background. Every asset is compiled in; every page carries a strict
//! Content-Security-Policy (no inline script or style) and every text of
//! the store is escaped.
//!
//! ```no_run
//! use sitrep_serve::{run, Config};
//! let config = Config::new("sitrep.db");
//! run(config, "127.0.0.1:8080".parse().unwrap(), |addr| println!("serving http://{addr}/")).unwrap();
//! ```

#![deny(missing_docs)]

/// `write!` into a `String`, which cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

mod api;
mod changes;
mod correct;
mod corrections;
mod filter;
mod ingest;
mod page;
mod pages;
mod state;
mod warm;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use state::AppState;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store to serve (written by `sitrep ingest`); it must exist.
    pub db: PathBuf,
    /// Accept `POST /api/documents`; without it that path answers 404.
    pub allow_ingest: bool,
    /// The bearer token `POST /api/documents` must carry; ingest is refused
    /// (403) for every request while it is `None`.
    pub token: Option<String>,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
}

impl Config {
    /// Read-only serving of the store at `db`, request bodies up to 16 MiB.
    pub fn new(db: impl Into<PathBuf>) -> Config {
        Config { db: db.into(), allow_ingest: false, token: None, max_body: 16 << 20 }
    }
}

/// The Content-Security-Policy of every response: nothing but the
/// server's own script, style and images, and requests to the server
/// itself (the correction controls); no inline code.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Open the store, fuse it, and build the application's router.
pub fn router(config: Config) -> std::io::Result<Router> {
    Ok(build(config)?.0)
}

/// The router and the state it serves.
fn build(config: Config) -> std::io::Result<(Router, Arc<AppState>)> {
    let max_body = config.max_body;
    let state = Arc::new(AppState::open(config)?);
    let app = Arc::clone(&state);
    let router = Router::new()
        .route("/", get(pages::stories))
        .route("/stories/{id}", get(pages::story))
        .route("/topics/{id}", get(pages::topic))
        .route("/documents/{id}", get(pages::document))
        .route("/entities/{name}", get(pages::entity))
        .route("/search", get(pages::search))
        .route("/timeline", get(pages::timeline))
        .route("/changes", get(changes::page))
        .route("/assets/app.css", get(page::css))
        .route("/assets/app.js", get(page::js))
        .route("/api/stories", get(api::stories))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/topics/{id}", get(api::topic))
        .route("/api/claims", get(api::claims))
        .route("/api/search", get(api::search))
        .route("/api/documents", axum::routing::post(ingest::post))
        .route("/api/corrections", get(corrections::list).post(corrections::post))
        .route("/api/corrections/{id}", axum::routing::delete(corrections::delete))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/entities/{name}", get(api::entity))
        .route("/api/timeline", get(api::timeline))
        .route("/api/changes", get(changes::api))
        .route("/api/openapi.json", get(api::openapi))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&state), cached))
        .layer(axum::middleware::map_response(secure))
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state);
    Ok((router, app))
}

/// Largest response kept in a snapshot's cache.
const CACHE_ONE: usize = 16 << 20;

/// GET responses are made once per report generation: pages and JSON are
/// functions of the snapshot and the URI (search results too: they follow
/// the report, so a document shows in search with the rest of its data).
/// Requests for a URI whose response is being made wait for it.
async fn cached(State(app): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/assets/") || (req.method() != Method::GET && req.method() != Method::HEAD) {
        return next.run(req).await;
    }
    // A GET route answers HEAD too, without the body: made like a GET (in
    // its lane), but not kept.
    if req.method() == Method::HEAD {
        return make(&app, req, next).await;
    }
    let snap = app.now();
    let slot = snap.slot(&req.uri().to_string());
    let made = slot
        .get_or_try_init(|| async {
            let res = make(&app, req, next).await;
            let (parts, body) = res.into_parts();
            // Handlers make their bodies whole, so collecting them costs no memory.
            let body = match axum::body::to_bytes(body, usize::MAX).await {
                Ok(b) => b,
                Err(e) => return Err(api::error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string())),
            };
            match parts.headers.get(header::CONTENT_TYPE).filter(|_| body.len() <= CACHE_ONE) {
                Some(ct) => {
                    snap.held(body.len());
                    Ok(state::Cached { status: parts.status.as_u16(), content_type: ct.clone(), body })
                }
                None => Err(Response::from_parts(parts, Body::from(body))),
            }
        })
        .await;
    match made {
        Ok(c) => {
            let mut res = Response::new(Body::from(c.body.clone()));
            *res.status_mut() = StatusCode::from_u16(c.status).unwrap_or(StatusCode::OK);
            res.headers_mut().insert(header::CONTENT_TYPE, c.content_type.clone());
            res
        }
        Err(res) => res,
    }
}

/// Whether the response to `path` reads the store (search, what changed),
/// which blocks; every other response is made from the report in memory.
fn reads_store(path: &str) -> bool {
    matches!(path, "/search" | "/api/search" | "/changes" | "/api/changes")
}

/// A response made afresh, a few at a time in each of two lanes, so that
/// neither waits behind the other: responses made from the report in
/// memory (a fresh topic page takes under a millisecond of CPU) on the
/// async worker that asked, at most one per core; responses that read the
/// store (a search takes a few) on a blocking thread, at most one per core,
/// so they never hold the async workers. Before the lanes were split, every
/// fresh response went through one queue of blocking threads: a fresh
/// topic page waited behind every search asked before it, and paid two
/// thread hand-offs besides.
async fn make(app: &AppState, req: Request, next: Next) -> Response {
    if !reads_store(req.uri().path()) {
        let _turn = app.makers.acquire().await;
        return next.run(req).await;
    }
    let _turn = app.readers.acquire().await;
    let rt = tokio::runtime::Handle::current();
    match tokio::task::spawn_blocking(move || rt.block_on(next.run(req))).await {
        Ok(res) => res,
        Err(e) => api::error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// Have glibc's malloc keep at most two heaps ("arenas") instead of eight
/// per core: the server's threads (request workers, blocking threads, the
/// fusing pool) each took one, and memory freed in one heap could not serve
/// another; this cut the resident memory over the scale corpus by a tenth
/// for the same throughput. Elsewhere it does nothing.
fn fewer_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only reads its integer arguments; it is called before
    // the server starts its threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Headers every response carries.
async fn secure(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// Serve `config.db` on `addr` until the process ends. `ready` is called
/// with the bound address (port 0 picks a free port) once the store is
/// fused and the server accepts connections; each report's most read
/// pages are then made in the background.
pub fn run(config: Config, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    fewer_arenas();
    let (router, app) = build(config)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        ready(listener.local_addr()?);
        tokio::spawn(warm::run(app, router.clone()));
        axum::serve(listener, router).await
    })
}
