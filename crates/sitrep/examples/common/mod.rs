//! What the corpus generators share: invented names, number formatting and
//! the page shapes (an HTML page with navigation and footer, a scraped text
//! page) an article is wrapped in.

/// Invented given names and surnames for renamed people.
pub const GIVEN: &[&str] = &[
    "Adrian", "Mira", "Jonas", "Leila", "Tomasz", "Ines", "Kenji", "Sofia", "Dmitri", "Hana", "Marcus", "Yuna",
    "Pavel", "Amara", "Lucas", "Eun-ji", "Oskar", "Nadia", "Felix", "Soo-min", "Rafael", "Ingrid", "Tariq", "Clara",
];
pub const SURNAMES: &[&str] = &[
    "Halden", "Moreau", "Kwon", "Sato", "Novak", "Lindqvist", "Okafor", "Brandt", "Yoon", "Castell", "Petrov",
    "Hale", "Nakamura", "Ferreira", "Jang", "Whitcombe", "Arden", "Kowalczyk", "Rahimi", "Seo", "Vance", "Orlov",
];
/// Parts of invented outlet names.
pub const OUTLET_PLACES: &[&str] = &[
    "Harbour", "Northfield", "Riverton", "Eastgate", "Silverbay", "Cedar", "Westmoor", "Lakeside", "Summit", "Bridgeport",
];
pub const OUTLET_NOUNS: &[&str] =
    &["Ledger", "Courier", "Herald", "Dispatch", "Observer", "Tribune", "Gazette", "Post", "Monitor", "Chronicle"];

pub fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

/// `n` with commas between thousands.
pub fn with_commas(n: u64) -> String {
    let digits = n.to_string();
    let groups: Vec<&str> =
        digits.as_bytes().rchunks(3).rev().map(|g| std::str::from_utf8(g).expect("digits are ASCII")).collect();
    groups.join(",")
}

pub fn slug(s: &str) -> String {
    let words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_lowercase)
        .collect();
    words.join("-")
}

fn html_page(title: &str, outlet: &str, date: &str, byline: &str, paragraphs: &[&str]) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let mut body = String::new();
    for p in paragraphs {
        body.push_str(&format!("<p>{}</p>\n", esc(p)));
    }
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{t} | {o}</title>\
         <meta property=\"og:site_name\" content=\"{o}\"><meta property=\"article:published_time\" content=\"{date}T08:00:00Z\">\
         <meta name=\"author\" content=\"{b}\"></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/politics\">Politics</a> <a href=\"/subscribe\">Subscribe</a></nav>\
         <article><h1>{t}</h1><p class=\"byline\">By {b}</p>\n{body}</article>\
         <aside><h3>Most read</h3><ul><li><a href=\"/a\">Markets slip ahead of rate decision</a></li><li><a href=\"/b\">Storm warning for the coast</a></li></ul></aside>\
         <footer>© {o}. All rights reserved. <a href=\"/privacy\">Privacy</a> <a href=\"/terms\">Terms</a></footer></body></html>",
        t = esc(title),
        o = esc(outlet),
        b = esc(byline),
    )
}

fn scraped_page(title: &str, outlet: &str, date: &str, byline: &str, paragraphs: &[&str]) -> String {
    format!(
        "{outlet}\nHome | World | Politics | Subscribe\n{title}\nPublished {date}\nBy {byline}\nShare this article\n\n{}\n\nAdvertisement\nSign up for our morning newsletter\n© {outlet}. All rights reserved.\n",
        paragraphs.join("\n\n")
    )
}

/// One generated article.
pub struct Article<'a> {
    pub id: &'a str,
    pub url: &'a str,
    pub date: &'a str,
    pub title: &'a str,
    pub outlet: &'a str,
    pub byline: &'a str,
    /// Paragraphs separated by blank lines.
    pub text: &'a str,
}

impl Article<'_> {
    /// The article as one JSON Lines object: by `serial % 3`, an HTML page
    /// (`html`), a scraped page (`raw_text`) or the clean `text`, so every
    /// extraction path is exercised.
    pub fn line(&self, serial: usize) -> String {
        let paragraphs: Vec<&str> = self.text.split("\n\n").collect();
        let mut line = serde_json::json!({"id": self.id, "url": self.url, "published": self.date, "title": self.title});
        let (title, outlet, date, byline) = (self.title, self.outlet, self.date, self.byline);
        match serial % 3 {
            0 => line["html"] = html_page(title, outlet, date, byline, &paragraphs).into(),
            1 => line["raw_text"] = scraped_page(title, outlet, date, byline, &paragraphs).into(),
            _ => line["text"] = self.text.into(),
        }
        line.to_string()
    }
}
