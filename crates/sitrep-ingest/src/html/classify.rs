//! Which elements are page furniture rather than article: by tag, by ARIA
//! role, by visibility, and by the words web developers put in `class` and
//! `id` (`nav`, `share`, `related`, `comment`, `cookie`, ...).
//!
//! Class and id words are matched case-insensitively with `-` and `_`
//! removed, so `most-read`, `mostRead` and `most_read` all read `mostread`.
//! Long words match anywhere in a class name; short ones (`ad`, `nav`,
//! `date`, ...) only as a whole `-`/`_`-separated part. A class naming the
//! article body (`article-body`, `entry-content`, ...) protects its element.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::dom::{Attr, Dom, NodeId, Tag};

/// Substrings of a class or id that mark boilerplate.
const NEGATIVE: &[&str] = &[
    "comment", "share", "sharing", "social", "related", "recommend", "promo", "newsletter",
    "subscri", "signup", "cookie", "consent", "gdpr", "banner", "advert", "sponsor", "sidebar",
    "widget", "footer", "masthead", "navbar", "navigation", "breadcrumb", "menu", "caption",
    "credit", "copyright", "byline", "author", "dateline", "timestamp", "popup", "modal", "outbrain",
    "taboola", "mostread", "mostpopular", "mostviewed", "popular", "trending", "pagination",
    "pager", "toolbar", "skiplink", "sronly", "visuallyhidden", "screenreader", "offscreen",
    "disqus", "replies", "rating", "tooltip", "overlay", "paywall", "login", "morestories",
    "readmore", "readalso", "seealso", "alsoread", "lightbox", "slideshow", "jwplayer",
    "videoplayer", "teaser", "adslot", "adunit", "adwrap", "adcontainer", "adholder", "dfp",
    "newsticker", "nocontent", "hidden",
];

/// Substrings naming the article body: an element carrying one is kept.
const POSITIVE: &[&str] = &[
    "articlebody", "storybody", "postbody", "entrycontent", "articlecontent", "postcontent",
    "storycontent", "bodytext", "articletext", "storytext", "contentbody", "textbody",
    "articletxt", "posttext", "entrybody", "newsbody", "newstext", "articlecopy",
];

/// Whole `-`/`_`-separated parts of a class or id that mark boilerplate.
const NEGATIVE_PARTS: &[&str] = &[
    "ad", "ads", "adv", "nav", "date", "time", "meta", "tags", "print", "rail", "reply", "follow",
    "aside",
];

static MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(NEGATIVE.iter().chain(POSITIVE)).expect("static patterns")
});

/// The verdict on one element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Never article text: skip the subtree.
    Drop,
    /// Text goes into the block being built.
    Inline,
    /// Starts and ends a block of text.
    Block,
}

/// Classifies elements, with reusable scratch space for class matching.
pub struct Classifier {
    buf: String,
    /// Whether class and id words may drop elements.
    use_classes: bool,
}

impl Classifier {
    /// A classifier; `use_classes` lets class and id words drop elements.
    pub fn new(use_classes: bool) -> Self {
        Classifier { buf: String::new(), use_classes }
    }

    /// Classify an element.
    pub fn kind(&mut self, dom: &Dom, id: NodeId, tag: Tag) -> Kind {
        let structural = structural(tag);
        if structural == Kind::Drop || self.hidden(dom, id) {
            return Kind::Drop;
        }
        if let Some(role) = dom.attr(id, Attr::Role) {
            let role = role.trim();
            if ["navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "dialog", "alertdialog", "search", "toolbar", "tablist"]
                .iter()
                .any(|r| role.eq_ignore_ascii_case(r))
            {
                return Kind::Drop;
            }
        }
        if self.use_classes && !matches!(tag, Tag::Html | Tag::Body | Tag::Article | Tag::Main) && self.boilerplate_class(dom, id) {
            return Kind::Drop;
        }
        structural
    }
}

/// What an element is by its tag alone.
pub fn structural(tag: Tag) -> Kind {
    match tag {
            Tag::Script
            | Tag::Style
            | Tag::Noscript
            | Tag::Template
            | Tag::Svg
            | Tag::Math
            | Tag::Iframe
            | Tag::Object
            | Tag::Embed
            | Tag::Canvas
            | Tag::Video
            | Tag::Audio
            | Tag::Picture
            | Tag::Img
            | Tag::Select
            | Tag::Option
            | Tag::Button
            | Tag::Input
            | Tag::Textarea
            | Tag::Label
            | Tag::Nav
            | Tag::Aside
            | Tag::Footer
            | Tag::Header
            | Tag::Menu
            | Tag::Dialog
            | Tag::Figure
            | Tag::Figcaption
            | Tag::Caption
            | Tag::Head
            | Tag::Title
            | Tag::Meta
            | Tag::Link
            | Tag::Address => Kind::Drop,
            Tag::P
            | Tag::H1
            | Tag::H2
            | Tag::H3
            | Tag::H4
            | Tag::H5
            | Tag::H6
            | Tag::Ul
            | Tag::Ol
            | Tag::Li
            | Tag::Dl
            | Tag::Dt
            | Tag::Dd
            | Tag::Blockquote
            | Tag::Pre
            | Tag::Table
            | Tag::Tr
            | Tag::Td
            | Tag::Th
            | Tag::Hr
            | Tag::Div
            | Tag::Section
            | Tag::Article
            | Tag::Main
            | Tag::Form
            | Tag::Center
            | Tag::Details
            | Tag::Summary
            | Tag::Body
            | Tag::Html => Kind::Block,
            _ => Kind::Inline,
    }
}

impl Classifier {
    fn hidden(&mut self, dom: &Dom, id: NodeId) -> bool {
        if dom.attr(id, Attr::Hidden).is_some() {
            return true;
        }
        if dom.attr(id, Attr::AriaHidden).is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
            return true;
        }
        let Some(style) = dom.attr(id, Attr::Style) else { return false };
        self.buf.clear();
        self.buf.extend(style.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_lowercase()));
        self.buf.contains("display:none") || self.buf.contains("visibility:hidden")
    }

    /// Whether the element's class or id marks it as boilerplate.
    fn boilerplate_class(&mut self, dom: &Dom, id: NodeId) -> bool {
        let class = dom.attr(id, Attr::Class).unwrap_or("");
        let ident = dom.attr(id, Attr::Id).unwrap_or("");
        let itemprop = dom.attr(id, Attr::Itemprop).unwrap_or("");
        if class.is_empty() && ident.is_empty() {
            return false;
        }
        if itemprop.eq_ignore_ascii_case("articleBody") || itemprop.eq_ignore_ascii_case("text") {
            return false;
        }
        let mut part_hit = false;
        for word in class.split_ascii_whitespace().chain(ident.split_ascii_whitespace()) {
            for part in word.split(['-', '_']) {
                if NEGATIVE_PARTS.iter().any(|p| part.eq_ignore_ascii_case(p)) {
                    part_hit = true;
                }
            }
        }
        self.buf.clear();
        for c in class.chars().chain(std::iter::once(' ')).chain(ident.chars()) {
            if c != '-' && c != '_' {
                self.buf.push(c.to_ascii_lowercase());
            }
        }
        let mut negative = part_hit;
        for m in MATCHER.find_overlapping_iter(&self.buf) {
            if m.pattern().as_usize() >= NEGATIVE.len() {
                return false;
            }
            negative = true;
        }
        negative
    }
}
