//! Boilerplate removal and metadata for scraped plain-text pages.

/// What a scraped text page yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextArticle {
    pub title: Option<String>,
    pub byline: Vec<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Article body: paragraphs separated by blank lines.
    pub text: String,
}

/// Clean a scraped page: drop boilerplate lines, read title, byline and date.
pub fn clean(raw: &str) -> TextArticle {
    let lines: Vec<&str> = raw.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    TextArticle {
        title: lines.first().map(|l| l.to_string()),
        text: lines.join("\n\n"),
        ..Default::default()
    }
}
