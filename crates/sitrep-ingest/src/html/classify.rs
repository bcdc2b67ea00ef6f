//! Which elements are page furniture rather than article: by tag, by ARIA
//! role, by visibility, and by the words web developers put in `class` and
//! `id` (`nav`, `share`, `related`, `comment`, `cookie`, ...).
//!
//! Class and id words are matched case-insensitively with `-` and `_`
//! removed, so `most-read`, `mostRead` and `most_read` all read `mostread`.
//! Long words match anywhere in a class name; short ones (`ad`, `nav`,
//! `date`, ...) only as a whole `-`/`_`-separated part. A class naming the
//! article body (`article-body`, `entry-content`, ...) protects its element.

use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::dom::{Attr, Dom, NodeId, Tag};

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/html-classify.txt");

/// Substrings of a class or id that mark boilerplate.
#[rustfmt::skip]
static NEGATIVE: Words = LazyLock::new(|| list(WORDS, "negative"));

/// Substrings of a class or id that mark boilerplate unless the same
/// attribute also names content (`content-with-sidebar` is a page wrapper).
#[rustfmt::skip]
static WEAK_NEGATIVE: Words = LazyLock::new(|| list(WORDS, "weak_negative"));

/// Substrings naming the article body: an element carrying one is kept.
#[rustfmt::skip]
static POSITIVE: Words = LazyLock::new(|| list(WORDS, "positive"));

/// Substrings naming content in general: they outweigh [`WEAK_NEGATIVE`] words.
static CONTENT: Words = LazyLock::new(|| list(WORDS, "content"));

/// ARIA roles of page furniture.
#[rustfmt::skip]
static FURNITURE_ROLES: Words = LazyLock::new(|| list(WORDS, "furniture_roles"));

/// Whole class words that hide an element.
static HIDDEN_WORDS: Words = LazyLock::new(|| list(WORDS, "hidden_words"));

/// Whole `-`/`_`-separated parts of a class or id that mark boilerplate.
static NEGATIVE_PARTS: Words = LazyLock::new(|| list(WORDS, "negative_parts"));

/// Whole parts that mark boilerplate unless content is named too.
static WEAK_NEGATIVE_PARTS: Words = LazyLock::new(|| list(WORDS, "weak_negative_parts"));

/// Whether a class word describes what an element has or lacks
/// (`has-sidebar`, `with-comments`, `no-nav`) or what it is about (the
/// `category-*` and `tag-*` classes of blog posts) rather than what it is.
fn is_modifier(word: &str) -> bool {
    let lower = |p: &str| word.len() > p.len() && word.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    ["has-", "has_", "with-", "with_", "no-", "no_", "non-", "without-", "show-", "enable-", "category-", "tag-"]
        .iter()
        .any(|p| lower(p))
}

/// Whether a class word names an embedded post (`social-media-embed`,
/// `tweet-embed`): quoted posts are part of the article.
fn is_embed(word: &str) -> bool {
    let n = word.len();
    ["embed", "embeds"]
        .iter()
        .any(|e| n >= e.len() && word.get(n - e.len()..).is_some_and(|t| t.eq_ignore_ascii_case(e)))
}

/// The patterns of the groups [`NEGATIVE`], [`WEAK_NEGATIVE`], [`POSITIVE`]
/// and [`CONTENT`], in that order.
static MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let groups: [&[&str]; 4] = [&NEGATIVE, &WEAK_NEGATIVE, &POSITIVE, &CONTENT];
    AhoCorasick::new(groups.iter().flat_map(|g| g.iter())).expect("static patterns")
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

/// Which class and id words may drop elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// All of them.
    All,
    /// Only the unambiguous ones (not `sidebar`, `widget`, `date`, ...), and
    /// not on an element holding most of the page's text.
    Strong,
    /// None: only tags, roles and visibility count.
    TagsOnly,
}

/// Classifies elements, with reusable scratch space for class matching.
pub struct Classifier {
    buf: String,
    strictness: Strictness,
}

impl Classifier {
    /// A classifier using class and id words as far as `strictness` says.
    pub fn new(strictness: Strictness) -> Self {
        Classifier { buf: String::new(), strictness }
    }

    /// Classify an element.
    ///
    /// `share` is the part of the page's text inside the element: an
    /// element holding most of the page is not dropped by a weak class word
    /// (nor, below [`Strictness::All`], by any).
    pub fn kind(&mut self, dom: &Dom, id: NodeId, tag: Tag, share: f32) -> Kind {
        let structural = structural(tag);
        if structural == Kind::Drop || self.hidden(dom, id) {
            return Kind::Drop;
        }
        if let Some(role) = dom.attr(id, Attr::Role) {
            let role = role.trim();
            if FURNITURE_ROLES.iter().any(|r| role.eq_ignore_ascii_case(r)) {
                return Kind::Drop;
            }
        }
        if self.strictness != Strictness::TagsOnly
            && !matches!(tag, Tag::Html | Tag::Body | Tag::Article | Tag::Main)
            && self.boilerplate_class(dom, id, share)
        {
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
        // `aria-hidden` is also put on whole pages behind a modal: the last
        // resort ignores it.
        if self.strictness != Strictness::TagsOnly
            && dom.attr(id, Attr::AriaHidden).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        {
            return true;
        }
        let Some(style) = dom.attr(id, Attr::Style) else { return false };
        self.buf.clear();
        self.buf.extend(style.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_lowercase()));
        self.buf.contains("display:none") || self.buf.contains("visibility:hidden")
    }

    /// Whether the element's class or id marks it as boilerplate.
    fn boilerplate_class(&mut self, dom: &Dom, id: NodeId, share: f32) -> bool {
        let class = dom.attr(id, Attr::Class).unwrap_or("");
        let ident = dom.attr(id, Attr::Id).unwrap_or("");
        let itemprop = dom.attr(id, Attr::Itemprop).unwrap_or("");
        if class.is_empty() && ident.is_empty() {
            return false;
        }
        if itemprop.eq_ignore_ascii_case("articleBody") || itemprop.eq_ignore_ascii_case("text") {
            return false;
        }
        let (mut strong, mut weak, mut content) = (false, false, false);
        self.buf.clear();
        for word in class.split_ascii_whitespace().chain(ident.split_ascii_whitespace()) {
            if HIDDEN_WORDS.iter().any(|h| word.eq_ignore_ascii_case(h)) {
                return true;
            }
            if is_embed(word) {
                return false;
            }
            if is_modifier(word) {
                continue;
            }
            for part in word.split(['-', '_']) {
                strong |= NEGATIVE_PARTS.iter().any(|p| part.eq_ignore_ascii_case(p));
                weak |= WEAK_NEGATIVE_PARTS.iter().any(|p| part.eq_ignore_ascii_case(p));
            }
            self.buf.extend(word.chars().filter(|&c| c != '-' && c != '_').map(|c| c.to_ascii_lowercase()));
            self.buf.push(' ');
        }
        let (n1, n2, n3) = (
            NEGATIVE.len(),
            NEGATIVE.len() + WEAK_NEGATIVE.len(),
            NEGATIVE.len() + WEAK_NEGATIVE.len() + POSITIVE.len(),
        );
        for m in MATCHER.find_overlapping_iter(&self.buf) {
            match m.pattern().as_usize() {
                i if i < n1 => strong = true,
                i if i < n2 => weak = true,
                i if i < n3 => return false,
                _ => content = true,
            }
        }
        match self.strictness {
            Strictness::All => strong || (weak && !content && share < 0.5),
            _ => strong && share < 0.5,
        }
    }
}
