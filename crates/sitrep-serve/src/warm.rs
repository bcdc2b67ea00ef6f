//! Warming: after a report is swapped in, the pages readers open first (the
//! stories, each story's dossier, the topics of the largest stories and
//! their JSON) are made in the background, largest stories first, so the
//! first reader of a new report finds them ready. Warming gives way to
//! readers: it asks for one page at a time, only while no response is
//! being made for a reader, and stops when a newer report arrives.

use crate::filter::encode;
use crate::state::{AppState, Snapshot};
use axum::body::Body;
use axum::http::Request;
use axum::Router;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

/// Most pages warmed per report.
const MAX_WARM: usize = 400;

/// The URIs to warm for a report, most read first.
pub(crate) fn uris(s: &Snapshot) -> Vec<String> {
    let mut out = vec!["/".to_string(), "/api/stories".to_string()];
    out.extend(s.report.stories.iter().map(|st| format!("/stories/{}", encode(&st.id))));
    for st in &s.report.stories {
        for t in s.story(&st.id).into_iter().flat_map(|r| r.topics().iter()) {
            if out.len() >= MAX_WARM {
                return out;
            }
            out.push(format!("/topics/{}", encode(&t.id)));
            out.push(format!("/api/topics/{}", encode(&t.id)));
        }
    }
    out.truncate(MAX_WARM);
    out
}

/// Warm each report as it is swapped in, until the server stops.
pub(crate) async fn run(app: Arc<AppState>, router: Router) {
    let mut swapped = app.swapped.clone();
    loop {
        swapped.borrow_and_update();
        let snap = app.now();
        for uri in uris(&snap) {
            // A newer report is in: warm that one instead.
            if app.now().generation != snap.generation {
                break;
            }
            while app.makers.available_permits() < app.cores || app.readers.available_permits() < app.cores {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            if snap.is_cached(&uri) {
                continue;
            }
            let Ok(req) = Request::get(&uri).body(Body::empty()) else { continue };
            let _ = router.clone().oneshot(req).await;
        }
        if swapped.changed().await.is_err() {
            return;
        }
    }
}
