//! Main-content extraction.
//!
//! One walk over the DOM does everything:
//!
//! * furniture ([`classify`](super::classify)) is skipped with its subtree,
//!   and so is a cluster of links inside running text (a pop-up card);
//! * the remaining text is cut into blocks at block-level elements (a
//!   paragraph, a heading, a list item, a table cell, the loose text of a
//!   `div`), whitespace collapsed, each block knowing how much of its text is
//!   link text;
//! * every block gets a value: long, link-poor text is worth its length
//!   (loose text half of it), link lists cost twice theirs and short scraps
//!   (labels, dates, buttons) a quarter;
//! * values are summed bottom-up, and the container element (a `div`,
//!   `article`, `section`, ...) with the highest sum is the article.
//!
//! The article's blocks are then judged as jusText does: long ones are kept,
//! link lists, the headline and headings that head nothing are dropped, and
//! short ones are kept only next to long ones. Blocks are joined with blank
//! lines. Lengths are counted in characters with CJK characters weighing
//! double, so that nothing depends on the language of the page.
//!
//! If class and id words leave less than a short article, the walk is
//! repeated trusting fewer of them ([`Strictness`]).

use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;
use super::classify::{structural, Classifier, Kind, Strictness};
use super::dom::{Data, Dom, NodeId, Tag, TextStats, Visitor, DOCUMENT, NONE};

/// What kind of element a block of text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Para,
    Heading { h1: bool },
    Item,
    Quote,
    Pre,
    Cell,
    Loose,
}

impl BlockKind {
    fn of(tag: Tag) -> BlockKind {
        match tag {
            Tag::P => BlockKind::Para,
            Tag::H1 => BlockKind::Heading { h1: true },
            t if t.is_heading() => BlockKind::Heading { h1: false },
            Tag::Li | Tag::Dt | Tag::Dd => BlockKind::Item,
            Tag::Blockquote => BlockKind::Quote,
            Tag::Pre => BlockKind::Pre,
            Tag::Td | Tag::Th => BlockKind::Cell,
            _ => BlockKind::Loose,
        }
    }
}

/// A run of text between block boundaries: `text[start..end]` of the walk.
#[derive(Debug, Clone, Copy)]
struct Block {
    start: u32,
    end: u32,
    /// Weighted length (see module docs).
    chars: u32,
    /// Weighted length of the part inside links.
    link: u32,
    kind: BlockKind,
}

impl Block {
    /// Mostly link text, with little text of its own.
    fn is_link_list(&self) -> bool {
        self.link * 2 > self.chars && self.chars - self.link < 40
    }

    /// What this block adds to (or takes from) the score of its containers.
    fn value(&self) -> f32 {
        let len = self.chars as f32;
        let own = (self.chars - self.link) as f32;
        if self.is_link_list() {
            return -LINK_PENALTY * len;
        }
        match self.kind {
            BlockKind::Heading { .. } => -0.1 * len,
            BlockKind::Para | BlockKind::Quote | BlockKind::Pre if len >= 30.0 => own,
            _ if len >= 80.0 => 0.5 * own,
            _ => -0.25 * len,
        }
    }
}

/// What each character of a link list costs its containers.
const LINK_PENALTY: f32 = 2.0;

/// Whether an element may be chosen as the article container.
fn is_container(tag: Tag) -> bool {
    matches!(tag, Tag::Div | Tag::Section | Tag::Article | Tag::Main | Tag::Body | Tag::Td | Tag::Form | Tag::Center)
}

/// Punctuation that attaches to the word before it.
fn is_closing_punctuation(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '%' | '”' | '’' | '»' | '、' | '。' | '，' | '）')
}

/// Weight of a character in block lengths.
fn weight(c: char) -> u32 {
    match c as u32 {
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF => 2,
        _ => 1,
    }
}

/// One pass over the DOM: blocks, their text, and container scores.
struct Walk<'a> {
    dom: &'a Dom,
    classifier: Classifier,
    /// The text of all blocks, back to back.
    text: String,
    blocks: Vec<Block>,
    /// Start, weighted length and link length of the block being built.
    cur_start: usize,
    cur_chars: u32,
    cur_link: u32,
    /// Whitespace seen since the last character.
    pending_space: bool,
    /// A link started or ended since the last character: a word boundary,
    /// unless punctuation follows.
    link_edge: bool,
    /// The open block elements and their kinds, innermost last.
    open: Vec<(NodeId, BlockKind)>,
    /// Number of open `<a>` elements.
    link_depth: u32,
    /// Score of each node's subtree so far.
    score: Vec<f32>,
    /// Index of the first block of each open element.
    first_block: Vec<u32>,
    /// The best container so far: score and block range.
    best: (f32, u32, u32),
    /// Visible text under each node.
    stats: &'a [TextStats],
}

impl<'a> Walk<'a> {
    fn new(dom: &'a Dom, stats: &'a [TextStats], strictness: Strictness) -> Self {
        Walk {
            dom,
            classifier: Classifier::new(strictness),
            text: String::new(),
            blocks: Vec::new(),
            cur_start: 0,
            cur_chars: 0,
            cur_link: 0,
            pending_space: false,
            link_edge: false,
            open: Vec::new(),
            link_depth: 0,
            score: vec![0.0; dom.nodes.len()],
            first_block: vec![0; dom.nodes.len()],
            best: (0.0, 0, 0),
            stats,
        }
    }

    fn push_text(&mut self, t: &str) {
        for c in t.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
                continue;
            }
            let space = self.pending_space || (self.link_edge && !is_closing_punctuation(c));
            if space && self.text.len() > self.cur_start {
                self.text.push(' ');
            }
            self.pending_space = false;
            self.link_edge = false;
            self.text.push(c);
            let w = weight(c);
            self.cur_chars += w;
            if self.link_depth > 0 {
                self.cur_link += w;
            }
        }
    }

    /// Close the block being built, crediting its value to the innermost
    /// open block element.
    fn flush(&mut self) {
        if self.cur_chars > 0 {
            let (owner, kind) = self.open.last().copied().unwrap_or((DOCUMENT, BlockKind::Loose));
            let block = Block {
                start: self.cur_start as u32,
                end: self.text.len() as u32,
                chars: self.cur_chars,
                link: self.cur_link,
                kind,
            };
            self.score[owner as usize] += block.value();
            self.blocks.push(block);
        } else {
            self.text.truncate(self.cur_start);
        }
        self.cur_start = self.text.len();
        self.cur_chars = 0;
        self.cur_link = 0;
        self.pending_space = false;
        self.link_edge = false;
    }
}

impl Visitor for Walk<'_> {
    fn enter(&mut self, _: &Dom, id: NodeId) -> bool {
        match &self.dom.node(id).data {
            Data::Text(t) => {
                self.push_text(t);
                false
            }
            Data::Element { tag, .. } => {
                let tag = *tag;
                let stats = self.stats[id as usize];
                let share = stats.len as f32 / self.stats[DOCUMENT as usize].len.max(1) as f32;
                match self.classifier.kind(self.dom, id, tag, share) {
                    Kind::Drop => return false,
                    Kind::Block => {
                        self.flush();
                        self.open.push((id, BlockKind::of(tag)));
                    }
                    // A cluster of links inside running text is a pop-up
                    // card or a menu, not part of the sentence.
                    Kind::Inline
                        if tag != Tag::A
                            && self.cur_chars > 0
                            && stats.links >= 3
                            && stats.link_len * 10 >= stats.len * 9 =>
                    {
                        return false
                    }
                    Kind::Inline => match tag {
                        Tag::A => {
                            self.link_depth += 1;
                            self.link_edge = true;
                        }
                        Tag::Br => self.pending_space = true,
                        _ => {}
                    },
                }
                self.first_block[id as usize] = self.blocks.len() as u32;
                true
            }
            Data::Document => true,
            Data::Detached => false,
        }
    }

    fn exit(&mut self, _: &Dom, id: NodeId) {
        let Some(tag) = self.dom.tag(id) else { return };
        if tag == Tag::A {
            self.link_depth = self.link_depth.saturating_sub(1);
            self.link_edge = true;
        }
        if structural(tag) == Kind::Block {
            self.flush();
            self.open.pop();
        }
        let s = self.score[id as usize];
        let parent = self.dom.node(id).parent;
        if parent != NONE {
            self.score[parent as usize] += s;
        }
        if is_container(tag) && s > self.best.0 {
            self.best = (s, self.first_block[id as usize], self.blocks.len() as u32);
        }
    }
}

impl Walk<'_> {
    fn run(mut self) -> Self {
        let dom = self.dom;
        dom.visit(&mut self);
        self.flush();
        self
    }

    fn block_text(&self, b: &Block) -> &str {
        &self.text[b.start as usize..b.end as usize]
    }

    /// The cleaned article text and its weighted length.
    fn article(&self, title: Option<&str>) -> (String, u32) {
        // No container scored above zero: a page of scraps (a short note, a
        // stub) keeps every block that is not a link list or the headline.
        let (score, from, to) = self.best;
        let scraps = score <= 0.0;
        let blocks = if scraps { &self.blocks[..] } else { &self.blocks[from as usize..to as usize] };
        let title = title.map(normalize_title);
        let class: Vec<Class> = blocks
            .iter()
            .map(|b| match b.kind {
                _ if b.is_link_list() => Class::Bad,
                BlockKind::Heading { h1 } => {
                    if h1 || title.as_deref() == Some(&*normalize_title(self.block_text(b))) {
                        Class::Bad
                    } else {
                        Class::Heading
                    }
                }
                _ if b.chars >= GOOD_LEN => Class::Good,
                _ if is_ad_label(self.block_text(b)) => Class::Bad,
                _ => Class::Short,
            })
            .collect();
        // A container of short blocks only is a short article: it keeps them all.
        let scraps = scraps || !class.contains(&Class::Good);
        // The nearest good-or-bad block before and after each block; the
        // container's edges count as bad.
        let mut before = vec![Class::Bad; class.len()];
        let mut last = Class::Bad;
        for (i, &c) in class.iter().enumerate() {
            before[i] = last;
            if matches!(c, Class::Good | Class::Bad) {
                last = c;
            }
        }
        let mut out = String::new();
        let mut chars = 0;
        let mut kept = Vec::with_capacity(class.len());
        let mut next = Class::Bad;
        for i in (0..class.len()).rev() {
            let b = &blocks[i];
            let keep = match class[i] {
                Class::Good => true,
                Class::Short | Class::Heading if scraps => true,
                Class::Bad => false,
                Class::Heading => next == Class::Good,
                Class::Short => match b.kind {
                    BlockKind::Loose => before[i] == Class::Good && next == Class::Good,
                    _ => before[i] == Class::Good || next == Class::Good,
                },
            };
            if matches!(class[i], Class::Good | Class::Bad) {
                next = class[i];
            }
            kept.push(keep);
        }
        kept.reverse();
        for (b, _) in blocks.iter().zip(&kept).filter(|(_, k)| **k) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(self.block_text(b));
            chars += b.chars;
        }
        (out, chars)
    }
}

/// Blocks at least this long (weighted) are article text on their own;
/// shorter ones are judged by their neighbours.
const GOOD_LEN: u32 = 60;

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/html-content.txt");

/// Labels that mark an advertising slot between paragraphs, in the languages
/// of the pages sitrep reads most: general web vocabulary written for this
/// project, compared with a whole block's text.
static AD_LABELS: Words = LazyLock::new(|| list(WORDS, "ad_labels"));

/// Whether a short block is nothing but an advertising label ("Advertisement",
/// "- Advertisement -", "ADVERTISING").
fn is_ad_label(text: &str) -> bool {
    if text.len() > 40 {
        return false;
    }
    let label = text.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    AD_LABELS.contains(&label.as_str())
}

/// How a block of the chosen container is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Good,
    Bad,
    Short,
    Heading,
}

/// Lower-cased words of a title, for comparing headings with it.
fn normalize_title(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Extract the article text of a parsed page. When class and id words
/// leave almost nothing (a page wrapper named like furniture), the ambiguous
/// words and then all of them are ignored.
pub fn article_text(dom: &Dom, title: Option<&str>) -> String {
    let stats = dom.text_stats();
    let mut best = (String::new(), 0);
    for strictness in [Strictness::All, Strictness::Strong, Strictness::TagsOnly] {
        let (text, chars) = Walk::new(dom, &stats, strictness).run().article(title);
        // A laxer reading must find far more: a short article is not traded
        // for itself plus the comments.
        if chars > 4 * best.1 {
            best = (text, chars);
        }
        if best.1 >= ENOUGH {
            break;
        }
    }
    best.0
}

/// An article at least this long (weighted, about two sentences) is
/// accepted at the first try.
const ENOUGH: u32 = 125;
