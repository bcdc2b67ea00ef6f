//! Analyst corrections over HTTP: `GET /api/corrections` lists the stored
//! ones with whether each applies to the report serving now; `POST` adds
//! one and `DELETE /api/corrections/{id}` removes one, behind the same
//! guard as ingest (`--allow-ingest` and the bearer token). A change is
//! stored at once and shows from the next report generation on (the
//! store is fused again in the background).

use crate::api::{error, json, St};
use crate::ingest::refused;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sitrep_core::overrides::{Applied, Correction, Override};
use sitrep_store::Store;
use std::sync::{Arc, PoisonError};

/// `GET /api/corrections`.
#[derive(Serialize)]
pub(crate) struct CorrectionsView<'a> {
    /// The report generation the statuses are of.
    pub generation: u64,
    pub corrections: &'a [Applied],
}

pub(crate) async fn list(State(app): St) -> Response {
    let snap = app.now();
    json(&CorrectionsView { generation: snap.generation, corrections: &snap.report.overrides })
}

/// The body of `POST /api/corrections`: a correction (its `kind` and
/// fields) with who makes it and why.
#[derive(Deserialize)]
struct NewCorrection {
    #[serde(flatten)]
    correction: Correction,
    author: String,
    #[serde(default)]
    note: Option<String>,
}

/// What `POST /api/corrections` stored.
#[derive(Serialize)]
struct Stored {
    #[serde(flatten)]
    stored: Override,
    /// The report generation serving when it was stored; it applies from
    /// the next one on.
    generation: u64,
}

pub(crate) async fn post(State(app): St, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(res) = refused(&app, &headers).await {
        return res;
    }
    let new: NewCorrection = match serde_json::from_slice(&body) {
        Ok(n) => n,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("not a correction: {e}")),
    };
    if new.author.trim().is_empty() {
        return error(StatusCode::BAD_REQUEST, "author must name who makes the correction");
    }
    let worker = Arc::clone(&app);
    let done = tokio::task::spawn_blocking(move || {
        let _one = worker.write.lock().unwrap_or_else(PoisonError::into_inner);
        let snap = worker.now();
        let correction = match sitrep_fuse::overrides::check(new.correction, &snap.report, &snap.docs) {
            Ok(c) => c,
            Err(m) => return Ok(Err(m)),
        };
        let anchors = sitrep_fuse::overrides::anchors(&correction, &snap.report);
        let mut store = Store::open_existing(&worker.config.db)?;
        let stored = store.add_override(correction, new.author.trim(), new.note.as_deref().filter(|n| !n.trim().is_empty()), anchors)?;
        worker.changed();
        Ok(Ok(Stored { stored, generation: snap.generation }))
    })
    .await;
    match done {
        Ok(Ok(Ok(stored))) => (StatusCode::CREATED, json(&stored)).into_response(),
        Ok(Ok(Err(m))) => error(StatusCode::UNPROCESSABLE_ENTITY, &m),
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, &sitrep_store::StoreError::to_string(&e)),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "the correction was not stored"),
    }
}

pub(crate) async fn delete(State(app): St, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if let Some(res) = refused(&app, &headers).await {
        return res;
    }
    let Ok(id) = id.parse::<i64>() else {
        return error(StatusCode::NOT_FOUND, "no such correction");
    };
    let worker = Arc::clone(&app);
    let done = tokio::task::spawn_blocking(move || {
        let _one = worker.write.lock().unwrap_or_else(PoisonError::into_inner);
        let removed = Store::open_existing(&worker.config.db)?.remove_override(id)?;
        if removed {
            worker.changed();
        }
        Ok::<_, sitrep_store::StoreError>(removed)
    })
    .await;
    match done {
        Ok(Ok(true)) => StatusCode::NO_CONTENT.into_response(),
        Ok(Ok(false)) => error(StatusCode::NOT_FOUND, "no such correction"),
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "the correction was not removed"),
    }
}
