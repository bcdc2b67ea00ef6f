//! Main-content extraction from HTML pages.

use scraper::{Html, Selector};

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
    let doc = Html::parse_document(html);
    let title = Selector::parse("title").unwrap();
    let para = Selector::parse("p, h1, h2, h3, li, blockquote").unwrap();
    let text: Vec<String> = doc
        .select(&para)
        .map(|p| p.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .collect();
    HtmlArticle {
        title: doc.select(&title).next().map(|t| t.text().collect::<String>().trim().to_string()),
        text: text.join("\n\n"),
        ..Default::default()
    }
}
