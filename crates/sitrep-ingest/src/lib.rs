//! sitrep's ingest stage: turns files, directories, JSON Lines feeds and WARC
//! archives into [`Document`]s with clean text and metadata.
//!
//! Ingest runs in two steps so that reading stays sequential and streaming
//! while the expensive part runs in parallel:
//!
//! 1. [`read`] walks the inputs and yields one [`RawDoc`] (undecoded bytes or
//!    given text, plus whatever metadata the container carries) per document,
//!    or an [`InputError`] naming the input that failed. Nothing is held in
//!    memory beyond the document being read.
//! 2. [`to_document`] is a pure function from a `RawDoc` to a `Document`:
//!    charset decoding, main-content extraction ([`html`]) or boilerplate
//!    removal ([`text`]), metadata, language.

pub mod charset;
pub mod date;
pub mod error;
pub mod html;
mod jsonl;
mod lang;
pub mod limits;
mod read;
pub mod text;
mod warc;

pub use error::{InputError, Reason};
pub use limits::Limits;
pub use read::{read, Format, Input, ReadOptions};

use sitrep_core::Document;

/// The body of a document as the container gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Article text as given (the JSON Lines `text` field): kept byte for byte.
    Text(String),
    /// An HTML page: main content is extracted.
    Html(Content),
    /// A scraped plain-text page: boilerplate lines are removed.
    Scraped(Content),
}

/// Page content, either still undecoded or already a string.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Bytes(Vec<u8>),
    Str(String),
}

impl Content {
    /// Bytes held.
    pub fn len(&self) -> usize {
        match self {
            Content::Bytes(b) => b.len(),
            Content::Str(s) => s.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn decode(&self, declared: Option<&str>, html: bool) -> String {
        match self {
            Content::Str(s) => s.clone(),
            Content::Bytes(b) => charset::decode(b, declared, html),
        }
    }
}

/// One document as read from its container, before extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDoc {
    pub id: String,
    pub source: String,
    pub url: Option<String>,
    /// A title given by the container (JSON Lines `title`); wins over the page's.
    pub title: Option<String>,
    /// A date given by the container (JSON Lines `published`); wins over the page's.
    pub published: Option<String>,
    /// A date to use when the page states none (the WARC record date).
    pub published_fallback: Option<String>,
    /// The charset of an HTTP `Content-Type` header.
    pub charset: Option<String>,
    pub body: Body,
}

impl RawDoc {
    /// Bytes of the body, what the costly stages' time and memory grow with.
    pub fn len(&self) -> usize {
        match &self.body {
            Body::Text(t) => t.len(),
            Body::Html(c) | Body::Scraped(c) => c.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A document with just an id, a source and a body.
    pub fn new(id: impl Into<String>, source: impl Into<String>, body: Body) -> Self {
        RawDoc {
            id: id.into(),
            source: source.into(),
            url: None,
            title: None,
            published: None,
            published_fallback: None,
            charset: None,
            body,
        }
    }
}

/// Extract clean text and metadata: the pure part of ingest.
pub fn to_document(raw: RawDoc) -> Document {
    let RawDoc { id, source, url, title, published, published_fallback, charset, body } = raw;
    let (page_title, byline, page_date, outlet, page_lang, text) = match body {
        Body::Text(text) => (None, Vec::new(), None, None, None, text),
        Body::Html(content) => {
            let page = content.decode(charset.as_deref(), true);
            let a = html::extract(&page, url.as_deref());
            (a.title, a.byline, a.published, a.outlet, a.language, a.text)
        }
        Body::Scraped(content) => {
            let page = content.decode(charset.as_deref(), false);
            let a = text::clean(&page);
            (a.title, a.byline, a.published, a.outlet, None, a.text)
        }
    };
    let published = published
        .as_deref()
        .and_then(date::normalize)
        .or(page_date)
        .or_else(|| published_fallback.as_deref().and_then(date::normalize));
    // A page read from a file of its own is, with no better name, its file's.
    let own_file = (id == source).then(|| file_outlet(&source)).flatten();
    let outlet = outlet.or_else(|| url.as_deref().and_then(host_of)).or(own_file);
    let language = page_lang.or_else(|| lang::detect(&text));
    Document {
        id,
        source,
        url,
        title: title.filter(|t| !t.trim().is_empty()).or(page_title),
        byline,
        published,
        outlet,
        language,
        text,
        ..Default::default()
    }
}

/// The name of the file at `path` without its directory or extensions
/// ("pages/0042_wire.txt.gz" → "0042_wire"): the outlet of a page that names
/// none, never a path. `None` for standard input and for a name made
/// around a digest ("5ae11e58…", "002_7d6b0169…": a run of twelve or more
/// hex digits), which names nobody.
fn file_outlet(path: &str) -> Option<String> {
    let name = path.rsplit(['/', '\\']).next()?;
    let name = name.strip_suffix(".gz").unwrap_or(name);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let digest = stem.split(|c: char| !c.is_ascii_hexdigit()).any(|run| run.len() >= 12);
    (!stem.is_empty() && stem != "-" && !digest).then(|| stem.to_string())
}

/// The host of a URL without a leading `www.`: the outlet of last resort.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.trim_start_matches("www.").to_ascii_lowercase();
    (host.contains('.') && !host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_body_is_kept_byte_for_byte() {
        let text = "  Odd  spacing\r\nand \u{feff}marks  ";
        let doc = to_document(RawDoc::new("x", "-", Body::Text(text.into())));
        assert_eq!(doc.text, text);
        assert_eq!(doc.title, None);
    }

    #[test]
    fn a_file_names_the_outlet_of_last_resort_never_a_path() {
        let page = "Ferry service resumes\n\nThe ferry service resumed on Monday after a week of storms had closed the port to all traffic.\n\n- Harbour Post\n";
        let doc = to_document(RawDoc::new("pages/0042.txt", "pages/0042.txt", Body::Scraped(Content::Str(page.into()))));
        assert_eq!(doc.outlet.as_deref(), Some("Harbour Post"));
        let bare = "The ferry service resumed on Monday after a week of storms closed the port.\n";
        let doc = to_document(RawDoc::new("pages/0042.txt.gz", "pages/0042.txt.gz", Body::Scraped(Content::Str(bare.into()))));
        assert_eq!(doc.outlet.as_deref(), Some("0042"));
        let doc = to_document(RawDoc::new("pages/9fb607ec625a63151a537dc2.html", "pages/9fb607ec625a63151a537dc2.html", Body::Scraped(Content::Str(bare.into()))));
        assert_eq!(doc.outlet, None, "a digest names no outlet");
        let doc = to_document(RawDoc::new("seeds/002_7d6b0169a66e94b5.txt", "seeds/002_7d6b0169a66e94b5.txt", Body::Scraped(Content::Str(bare.into()))));
        assert_eq!(doc.outlet, None, "nor does a name around one");
        let doc = to_document(RawDoc::new("-", "-", Body::Scraped(Content::Str(bare.into()))));
        assert_eq!(doc.outlet, None);
        let doc = to_document(RawDoc::new("feed-7", "feed.jsonl:7", Body::Text(bare.into())));
        assert_eq!(doc.outlet, None);
    }

    #[test]
    fn container_metadata_wins_and_warc_date_is_a_fallback() {
        let mut raw = RawDoc::new("x", "-", Body::Html(Content::Str("<p>Body text here.</p>".into())));
        raw.url = Some("https://www.harbourledger.example/world/1".into());
        raw.published_fallback = Some("Tue, 05 Nov 2024 08:12:44 GMT".into());
        raw.title = Some("Given title".into());
        let doc = to_document(raw);
        assert_eq!(doc.published.as_deref(), Some("2024-11-05"));
        assert_eq!(doc.outlet.as_deref(), Some("harbourledger.example"));
        assert_eq!(doc.title.as_deref(), Some("Given title"));
    }

    #[test]
    fn hosts() {
        assert_eq!(host_of("https://www.example.com:8080/a?b").as_deref(), Some("example.com"));
        assert_eq!(host_of("http://user@news.example.org").as_deref(), Some("news.example.org"));
        assert_eq!(host_of("not a url"), None);
    }
}
