//! `POST /api/documents`: live ingest of JSON Lines, the shapes `sitrep
//! ingest --jsonl` reads, behind `--allow-ingest` and a bearer token.

use crate::api::{error, json, St};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rayon::prelude::*;
use serde::Serialize;
use sitrep_annotate::ANNOTATOR_VERSION;
use sitrep_core::Document;
use sitrep_ingest::{Input, ReadOptions};
use sitrep_store::{Chunk, Put, Store, StoreError};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::PoisonError;

/// Whether `given` equals `expected`, in time that depends only on their
/// lengths (not on where they first differ).
pub(crate) fn same_token(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = given.len() ^ expected.len();
    for (i, &e) in expected.iter().enumerate() {
        diff |= usize::from(given.get(i).copied().unwrap_or(!e) ^ e);
    }
    diff == 0
}

/// What an ingest request did.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Outcome {
    /// Documents read from the body.
    pub received: usize,
    pub inserted: usize,
    pub replaced: usize,
    pub reannotated: usize,
    /// Already stored with the same content (by id or under another id).
    pub unchanged: usize,
    /// Lines that could not be read, one message each.
    pub errors: Vec<String>,
    /// The report generation serving when the documents were stored; the
    /// pages show them from the next one on.
    pub generation: u64,
}

/// Read, annotate and store the documents of a JSON Lines body.
fn ingest(db: &Path, body: Bytes) -> Result<Outcome, StoreError> {
    let input = Input::Bytes { name: "request.jsonl".into(), bytes: body.to_vec().into() };
    let mut out = Outcome::default();
    let mut raws = Vec::new();
    for r in sitrep_ingest::read(vec![input], ReadOptions { jsonl: true, ..ReadOptions::default() }) {
        match r {
            Ok(raw) => raws.push(raw),
            Err(e) => out.errors.push(e.to_string()),
        }
    }
    out.received = raws.len();
    let docs: Vec<Result<Document, String>> = raws
        .into_par_iter()
        .map(|raw| {
            let id = raw.id.clone();
            catch_unwind(AssertUnwindSafe(|| {
                let mut doc = sitrep_ingest::to_document(raw);
                sitrep_annotate::annotate(&mut doc);
                doc
            }))
            .map_err(|_| format!("{id}: could not be read (an internal error; the other documents were stored)"))
        })
        .collect();
    let mut store = Store::open_existing(db)?;
    let mut writer = store.writer(Chunk::default(), ANNOTATOR_VERSION);
    for doc in docs {
        match doc {
            Ok(doc) => match writer.put(&doc)? {
                Put::Inserted => out.inserted += 1,
                Put::Replaced => out.replaced += 1,
                Put::Reannotated => out.reannotated += 1,
                Put::Unchanged | Put::SameContentAs(_) => out.unchanged += 1,
            },
            Err(e) => out.errors.push(e),
        }
    }
    writer.finish()?;
    Ok(out)
}

/// The answer to a request that may not write: 404 without
/// `--allow-ingest`, 401 without a bearer token, 403 with a wrong one;
/// `None` when the request may write.
pub(crate) async fn refused(app: &AppState, headers: &HeaderMap) -> Option<Response> {
    if !app.config.allow_ingest {
        return Some(crate::pages::not_found().await.into_response());
    }
    let Some(given) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")) else {
        let mut res = error(StatusCode::UNAUTHORIZED, "a bearer token is required (Authorization: Bearer TOKEN)");
        res.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        return Some(res);
    };
    let allowed = app.config.token.as_deref().is_some_and(|t| !t.is_empty() && same_token(given.trim().as_bytes(), t.as_bytes()));
    (!allowed).then(|| error(StatusCode::FORBIDDEN, "the token is not accepted"))
}

pub(crate) async fn post(State(app): St, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(res) = refused(&app, &headers).await {
        return res;
    }
    let worker = std::sync::Arc::clone(&app);
    let done = tokio::task::spawn_blocking(move || {
        let _one = worker.write.lock().unwrap_or_else(PoisonError::into_inner);
        let generation = worker.now().generation;
        let res = crate::state::in_background(|| ingest(&worker.config.db, body)).map(|o| Outcome { generation, ..o });
        if res.as_ref().is_ok_and(|o| o.inserted + o.replaced + o.reannotated > 0) {
            worker.changed();
        }
        res
    })
    .await;
    match done {
        Ok(Ok(outcome)) => (StatusCode::ACCEPTED, json(&outcome)).into_response(),
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "the ingest stopped"),
    }
}

#[cfg(test)]
mod tests {
    use super::same_token;

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token(b"s3cret", b"s3cret"));
        assert!(!same_token(b"s3cre", b"s3cret"));
        assert!(!same_token(b"s3cretx", b"s3cret"));
        assert!(!same_token(b"S3cret", b"s3cret"));
        assert!(!same_token(b"", b"s3cret"));
    }
}
