//! Main-content extraction from HTML pages.
//!
//! The page is parsed once by html5ever into a compact arena (`dom`); a
//! metadata pass (`meta`) reads what the page declares about itself, and a
//! content pass (`content`) finds the element holding the article by text
//! and link density, drops furniture (`classify`) and returns the article
//! as blocks of text separated by blank lines.

mod classify;
mod content;
mod depth;
mod dom;
mod meta;

/// What an HTML page yields: its article text and the metadata it declares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    pub title: Option<String>,
    pub byline: Vec<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// `og:site_name` or similar; the caller falls back to the URL host.
    pub outlet: Option<String>,
    /// Primary language subtag of `<html lang>`, lower-cased.
    pub language: Option<String>,
    /// Article body: paragraphs separated by blank lines.
    pub text: String,
}

/// Extract the article of an HTML page.
pub fn extract(html: &str, _url: Option<&str>) -> HtmlArticle {
    let html = depth::cap(html, crate::limits::MAX_HTML_DEPTH);
    let dom = dom::Dom::parse(&html);
    let meta = meta::read(&dom);
    let text = content::article_text(&dom, meta.title.as_deref());
    HtmlArticle {
        title: meta.title,
        byline: meta.byline,
        published: meta.published,
        outlet: meta.outlet,
        language: meta.language,
        text,
    }
}
