//! The frame of every page (head, bar, footer) and the embedded assets.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sitrep_report::esc;

const CSS: &str = include_str!("../assets/app.css");
const JS: &str = include_str!("../assets/app.js");

pub(crate) async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], CSS).into_response()
}

pub(crate) async fn js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], JS).into_response()
}

/// A page being written: its title, the JSON twin's URL and the body.
pub(crate) struct Page {
    pub title: String,
    pub api: Option<String>,
    pub search: String,
    pub body: String,
}

impl Page {
    pub fn new(title: impl Into<String>, api: Option<String>) -> Page {
        Page { title: title.into(), api, search: String::new(), body: String::with_capacity(16 * 1024) }
    }

    /// The whole HTML document.
    pub fn finish(self, generation: u64) -> String {
        let mut out = String::with_capacity(self.body.len() + 2048);
        out.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        out.push_str(&format!("<title>{} — sitrep</title>", esc(&self.title)));
        out.push_str(r#"<link rel="stylesheet" href="/assets/app.css"><script src="/assets/app.js" defer></script></head><body>"#);
        out.push_str(r##"<a class="skip" href="#main">Skip to content</a><header class="bar"><a class="brand" href="/">sitrep</a><nav aria-label="Site"><a href="/">Stories</a><a href="/timeline">Timeline</a></nav>"##);
        out.push_str(&format!(
            r#"<form class="find" action="/search" role="search"><label class="vh" for="bar-q">Search articles</label><input id="bar-q" name="q" type="search" placeholder="Search articles" value="{}"><button type="submit">Search</button></form></header>"#,
            esc(&self.search)
        ));
        out.push_str(r#"<main id="main" tabindex="-1">"#);
        out.push_str(&self.body);
        out.push_str("</main><footer>");
        if let Some(api) = &self.api {
            out.push_str(&format!(r#"<a href="{}">This view as JSON</a> · "#, esc(api)));
        }
        out.push_str(&format!(r#"Report generation {generation} · <a href="/api/openapi.json">API description</a></footer></body></html>"#));
        out
    }
}

/// An HTML response.
pub(crate) fn html(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}
