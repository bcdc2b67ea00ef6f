//! Page metadata: title, authors, publication date, outlet and language,
//! from `<meta>` tags (Open Graph, Dublin Core, plain names), JSON-LD,
//! microdata (`itemprop`), `rel=author` links, byline elements and `<time>`.
//!
//! One walk collects every candidate; each field then takes the first
//! source in its order of preference that yields a value.

use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;
use serde_json::Value;

use super::dom::{Attr, Data, Dom, NodeId, Tag, DOCUMENT, NONE};
use crate::date;

/// Metadata declared by a page.
#[derive(Debug, Default)]
pub struct Meta {
    pub title: Option<String>,
    pub byline: Vec<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub language: Option<String>,
}

/// Candidates gathered in one walk, in document order.
#[derive(Default)]
struct Found {
    lang: Option<String>,
    title_tag: Option<String>,
    h1: Option<String>,
    og_title: Option<String>,
    site_name: Option<String>,
    application_name: Option<String>,
    meta_author: Option<String>,
    article_author: Option<String>,
    published_time: Option<String>,
    meta_date: Option<String>,
    itemprop_date: Option<String>,
    time_datetime: Option<String>,
    itemprop_authors: Vec<String>,
    rel_authors: Vec<String>,
    byline_elements: Vec<String>,
    json_ld: Vec<Value>,
}

/// Collapsed text of a subtree.
fn text_of(dom: &Dom, id: NodeId) -> String {
    let mut out = String::new();
    dom.for_each_text(id, |t| {
        for w in t.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    });
    out
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn set_once(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// Whether a class or id names a byline.
fn is_byline_class(dom: &Dom, id: NodeId) -> bool {
    let has = |v: Option<&str>| {
        v.is_some_and(|v| {
            v.split_ascii_whitespace().any(|w| {
                let w = w.to_ascii_lowercase();
                w.contains("byline") || w.split(['-', '_']).any(|p| p == "author" || p == "authors")
            })
        })
    };
    has(dom.attr(id, Attr::Class)) || has(dom.attr(id, Attr::Id))
}

impl Found {
    fn visit(&mut self, dom: &Dom, id: NodeId, tag: Tag) -> bool {
        let attr = |a| dom.attr(id, a);
        match tag {
            Tag::Html => set_once(&mut self.lang, non_empty(attr(Attr::Lang))),
            Tag::Title => set_once(&mut self.title_tag, Some(text_of(dom, id)).filter(|t| !t.is_empty())),
            Tag::H1 => set_once(&mut self.h1, Some(text_of(dom, id)).filter(|t| !t.is_empty())),
            Tag::Meta => {
                let key = attr(Attr::Property).or(attr(Attr::Name)).or(attr(Attr::Itemprop)).unwrap_or("");
                let content = non_empty(attr(Attr::Content));
                match key.trim().to_ascii_lowercase().as_str() {
                    "og:title" => set_once(&mut self.og_title, content),
                    "og:site_name" => set_once(&mut self.site_name, content),
                    "application-name" => set_once(&mut self.application_name, content),
                    "author" | "dc.creator" | "sailthru.author" => set_once(&mut self.meta_author, content),
                    "article:author" => set_once(&mut self.article_author, content),
                    "article:published_time" | "og:published_time" => set_once(&mut self.published_time, content),
                    "datepublished" => set_once(&mut self.itemprop_date, content),
                    "date" | "pubdate" | "publishdate" | "publish-date" | "publish_date" | "dc.date"
                    | "dc.date.issued" | "dcterms.date" | "dcterms.issued" | "dcterms.created"
                    | "article.published" | "parsely-pub-date" => set_once(&mut self.meta_date, content),
                    _ => {}
                }
                return false;
            }
            Tag::Script => {
                if attr(Attr::Type).is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) {
                    let mut src = String::new();
                    dom.for_each_text(id, |t| src.push_str(t));
                    if let Ok(v) = serde_json::from_str::<Value>(src.trim()) {
                        self.json_ld.push(v);
                    }
                }
                return false;
            }
            Tag::Style | Tag::Template | Tag::Svg => return false,
            _ => {}
        }
        if let Some(prop) = attr(Attr::Itemprop) {
            let prop = prop.trim();
            if prop.eq_ignore_ascii_case("datePublished") {
                let value = non_empty(attr(Attr::Content).or(attr(Attr::Datetime))).or_else(|| Some(text_of(dom, id)));
                set_once(&mut self.itemprop_date, value);
            } else if prop.eq_ignore_ascii_case("author") || prop.eq_ignore_ascii_case("creator") {
                let name = dom
                    .children(id)
                    .find(|&c| dom.attr(c, Attr::Itemprop).is_some_and(|p| p.trim().eq_ignore_ascii_case("name")))
                    .map(|c| non_empty(dom.attr(c, Attr::Content)).unwrap_or_else(|| text_of(dom, c)))
                    .or_else(|| non_empty(attr(Attr::Content)))
                    .unwrap_or_else(|| text_of(dom, id));
                self.itemprop_authors.push(name);
            }
        }
        if tag == Tag::A
            && attr(Attr::Rel).is_some_and(|r| r.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("author")))
        {
            self.rel_authors.push(text_of(dom, id));
        }
        if tag == Tag::Time {
            set_once(&mut self.time_datetime, non_empty(attr(Attr::Datetime)));
        }
        if self.byline_elements.len() < 4 && tag != Tag::Body && tag != Tag::Html && is_byline_class(dom, id) {
            self.byline_elements.push(text_of(dom, id));
        }
        true
    }

    fn walk(dom: &Dom) -> Found {
        let mut found = Found::default();
        let mut id = dom.node(DOCUMENT).first_child;
        while id != NONE {
            let descend = match dom.node(id).data {
                Data::Element { tag, .. } => found.visit(dom, id, tag),
                _ => false,
            };
            let n = dom.node(id);
            id = if descend && n.first_child != NONE { n.first_child } else { dom.next_up(id, DOCUMENT) };
        }
        found
    }
}

/// The first JSON-LD object describing an article (or any creative work
/// with a publication date), searching arrays and `@graph`s.
fn json_ld_article(values: &[Value]) -> Option<&Value> {
    fn is_article(v: &Value) -> bool {
        let ty = |t: &str| t.ends_with("Article") || t == "BlogPosting" || t == "Report" || t == "LiveBlogPosting";
        match v.get("@type") {
            Some(Value::String(t)) => ty(t),
            Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str().is_some_and(ty)),
            _ => false,
        }
    }
    fn find<'v>(v: &'v Value, pred: &dyn Fn(&Value) -> bool, depth: u32) -> Option<&'v Value> {
        if depth > 4 {
            return None;
        }
        match v {
            Value::Array(items) => items.iter().find_map(|i| find(i, pred, depth + 1)),
            Value::Object(o) => {
                if pred(v) {
                    return Some(v);
                }
                o.get("@graph").and_then(|g| find(g, pred, depth + 1))
            }
            _ => None,
        }
    }
    values
        .iter()
        .find_map(|v| find(v, &is_article, 0))
        .or_else(|| values.iter().find_map(|v| find(v, &|v: &Value| v.get("datePublished").is_some(), 0)))
}

/// Names in a JSON-LD `author` value (a string, a person, or a list).
fn json_ld_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| json_ld_names(i, out)),
        Value::Object(o) => {
            if let Some(Value::String(n)) = o.get("name") {
                out.push(n.clone());
            }
        }
        _ => {}
    }
}

/// Split a byline into names: drop a leading "By", cut at separators, split
/// "A and B" and lists, and discard anything that does not look like a name.
pub fn split_names(raw: &str, out: &mut Vec<String>) {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = collapsed.split(['|', '•', '·', '\n']).next().unwrap_or("");
    let line = strip_by(line.trim());
    for part in line.split([',', ';', '&']).flat_map(|p| p.split(" and ")) {
        let name = strip_by(part.trim().trim_matches(|c: char| !c.is_alphanumeric()));
        if !looks_like_name(name) {
            continue;
        }
        if !out.iter().any(|o| o.eq_ignore_ascii_case(name)) {
            out.push(name.to_string());
        }
    }
}

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/html-meta.txt");

/// Words of job titles that follow a name in bylines ("Jane Roe, Staff Writer").
static ROLE_WORDS: Words = LazyLock::new(|| list(WORDS, "role_words"));

/// Whether a byline part can be a person's (or agency's) name: short, no
/// digits, links or brackets, capitalised, not a job title or a credential
/// ("MS", "RD").
fn looks_like_name(name: &str) -> bool {
    let words = name.split_whitespace().count();
    let first = name.chars().next();
    !name.is_empty()
        && name.len() <= 60
        && words <= 5
        && !name.contains("http")
        && !name.chars().any(|c| c.is_ascii_digit() || matches!(c, '@' | '(' | ')' | '[' | ']'))
        && !first.is_some_and(char::is_lowercase)
        && !(name.len() <= 4 && name.chars().all(|c| c.is_uppercase() || c == '.'))
        && !["by", "von", "por", "par"].iter().any(|b| name.eq_ignore_ascii_case(b))
        && !(words > 1 && name.split_whitespace().any(|w| ROLE_WORDS.iter().any(|r| w.eq_ignore_ascii_case(r))))
}

/// Drop a leading "By" (or its equivalent in a few other languages).
fn strip_by(s: &str) -> &str {
    for by in ["by", "por", "par", "von", "door", "av", "af", "di"] {
        if let Some(head) = s.get(..by.len()) {
            if head.eq_ignore_ascii_case(by) {
                let rest = &s[by.len()..];
                if let Some(rest) = rest.strip_prefix(':').or(Some(rest)).filter(|r| r.starts_with(char::is_whitespace))
                {
                    return rest.trim_start();
                }
            }
        }
    }
    s
}

/// Remove a trailing " | Site" (or " - Site", ...) naming the outlet.
fn strip_suffix_named<'t>(title: &'t str, outlet: Option<&str>) -> &'t str {
    let Some(outlet) = outlet.map(str::trim).filter(|o| !o.is_empty()) else { return title.trim() };
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if tail.trim().eq_ignore_ascii_case(outlet) && !head.trim().is_empty() {
                return head.trim();
            }
        }
    }
    title.trim()
}

/// What separates a title from the site name after it.
const TITLE_SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];

/// Remove a trailing " | Site" (or " - Site", " – Site", " — Site") from a
/// `<title>`, when what remains is the longer part.
fn strip_site_suffix(title: &str) -> &str {
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if head.trim().chars().count() > tail.trim().chars().count() {
                return head.trim();
            }
        }
    }
    title
}

/// Read the metadata of a parsed page.
pub fn read(dom: &Dom) -> Meta {
    let f = Found::walk(dom);
    let ld = json_ld_article(&f.json_ld);
    let ld_str = |k: &str| ld.and_then(|v| v.get(k)).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());

    let outlet = f
        .site_name
        .clone()
        .or_else(|| {
            ld.and_then(|v| v.get("publisher"))
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
                .map(|s| s.trim().to_string())
        })
        .or(f.application_name.clone())
        .filter(|s| !s.is_empty());

    let title = f
        .og_title
        .as_deref()
        .map(|t| strip_suffix_named(t, outlet.as_deref()).to_string())
        .or_else(|| f.title_tag.as_deref().map(|t| strip_site_suffix(t).to_string()))
        .or_else(|| f.h1.clone())
        .filter(|t| !t.is_empty());

    let mut ld_authors = Vec::new();
    if let Some(a) = ld.and_then(|v| v.get("author")) {
        json_ld_names(a, &mut ld_authors);
    }
    let sources: [&[String]; 6] = [
        f.meta_author.as_slice(),
        f.article_author.as_slice(),
        &ld_authors,
        &f.rel_authors,
        &f.itemprop_authors,
        &f.byline_elements,
    ];
    let mut byline = Vec::new();
    for source in sources {
        for s in source.iter().filter(|s| !s.starts_with("http")) {
            split_names(s, &mut byline);
        }
        if !byline.is_empty() {
            break;
        }
    }

    let published = [
        f.published_time.as_deref(),
        ld_str("datePublished"),
        f.itemprop_date.as_deref(),
        f.time_datetime.as_deref(),
        f.meta_date.as_deref(),
    ]
    .into_iter()
    .flatten()
    .find_map(date::normalize);

    let language = f.lang.as_deref().and_then(|l| {
        let primary = l.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        (!primary.is_empty() && primary.len() <= 3 && primary.chars().all(|c| c.is_ascii_alphabetic()))
            .then_some(primary)
    });

    Meta { title, byline, published, outlet, language }
}
