//! A compact arena DOM filled by html5ever's tree builder.
//!
//! Nodes live in one `Vec` and link to each other by index. Only what the
//! extractor reads is kept: element names are mapped once to a [`Tag`], the
//! few attributes that matter are stored (as tendrils, without copying) in
//! one shared vector, comments, processing instructions and template
//! contents are dropped, and adjacent text is merged into one tendril per
//! text node.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, ns, Attribute, LocalName, ParseOpts, QualName};

/// Index of a node in the arena; [`NONE`] is the null link.
pub type NodeId = u32;
/// The null link.
pub const NONE: NodeId = u32::MAX;
/// The document node is always the first one.
pub const DOCUMENT: NodeId = 0;

/// The element names the extractor distinguishes; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Html,
    Head,
    Title,
    Meta,
    Link,
    Body,
    Script,
    Style,
    Noscript,
    Template,
    Svg,
    Math,
    Iframe,
    Object,
    Embed,
    Canvas,
    Video,
    Audio,
    Picture,
    Img,
    Select,
    Option,
    Button,
    Input,
    Textarea,
    Label,
    Form,
    Nav,
    Aside,
    Footer,
    Header,
    Menu,
    Dialog,
    Figure,
    Figcaption,
    Caption,
    Article,
    Main,
    Section,
    Div,
    P,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Blockquote,
    Pre,
    Table,
    Tr,
    Td,
    Th,
    Hr,
    Br,
    A,
    Time,
    Address,
    Center,
    Details,
    Summary,
    Other,
}

impl Tag {
    fn of(name: &LocalName) -> Tag {
        match *name {
            local_name!("html") => Tag::Html,
            local_name!("head") => Tag::Head,
            local_name!("title") => Tag::Title,
            local_name!("meta") => Tag::Meta,
            local_name!("link") => Tag::Link,
            local_name!("body") => Tag::Body,
            local_name!("script") => Tag::Script,
            local_name!("style") => Tag::Style,
            local_name!("noscript") => Tag::Noscript,
            local_name!("template") => Tag::Template,
            local_name!("svg") => Tag::Svg,
            local_name!("math") => Tag::Math,
            local_name!("iframe") => Tag::Iframe,
            local_name!("object") => Tag::Object,
            local_name!("embed") => Tag::Embed,
            local_name!("canvas") => Tag::Canvas,
            local_name!("video") => Tag::Video,
            local_name!("audio") => Tag::Audio,
            local_name!("picture") => Tag::Picture,
            local_name!("img") => Tag::Img,
            local_name!("select") => Tag::Select,
            local_name!("option") => Tag::Option,
            local_name!("button") => Tag::Button,
            local_name!("input") => Tag::Input,
            local_name!("textarea") => Tag::Textarea,
            local_name!("label") => Tag::Label,
            local_name!("form") => Tag::Form,
            local_name!("nav") => Tag::Nav,
            local_name!("aside") => Tag::Aside,
            local_name!("footer") => Tag::Footer,
            local_name!("header") => Tag::Header,
            local_name!("menu") => Tag::Menu,
            local_name!("dialog") => Tag::Dialog,
            local_name!("figure") => Tag::Figure,
            local_name!("figcaption") => Tag::Figcaption,
            local_name!("caption") => Tag::Caption,
            local_name!("article") => Tag::Article,
            local_name!("main") => Tag::Main,
            local_name!("section") => Tag::Section,
            local_name!("div") => Tag::Div,
            local_name!("p") => Tag::P,
            local_name!("h1") => Tag::H1,
            local_name!("h2") => Tag::H2,
            local_name!("h3") => Tag::H3,
            local_name!("h4") => Tag::H4,
            local_name!("h5") => Tag::H5,
            local_name!("h6") => Tag::H6,
            local_name!("ul") => Tag::Ul,
            local_name!("ol") => Tag::Ol,
            local_name!("li") => Tag::Li,
            local_name!("dl") => Tag::Dl,
            local_name!("dt") => Tag::Dt,
            local_name!("dd") => Tag::Dd,
            local_name!("blockquote") => Tag::Blockquote,
            local_name!("pre") => Tag::Pre,
            local_name!("table") => Tag::Table,
            local_name!("tr") => Tag::Tr,
            local_name!("td") => Tag::Td,
            local_name!("th") => Tag::Th,
            local_name!("hr") => Tag::Hr,
            local_name!("br") => Tag::Br,
            local_name!("a") => Tag::A,
            local_name!("time") => Tag::Time,
            local_name!("address") => Tag::Address,
            local_name!("center") => Tag::Center,
            local_name!("details") => Tag::Details,
            local_name!("summary") => Tag::Summary,
            _ => Tag::Other,
        }
    }

    /// Headings `h1`–`h6`.
    pub fn is_heading(self) -> bool {
        matches!(self, Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6)
    }
}

/// The attributes the extractor reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attr {
    Class,
    Id,
    Role,
    Itemprop,
    Rel,
    Property,
    Name,
    Content,
    Datetime,
    Lang,
    Hidden,
    AriaHidden,
    Style,
    Type,
    Href,
}

impl Attr {
    fn of(name: &LocalName) -> Option<Attr> {
        Some(match *name {
            local_name!("class") => Attr::Class,
            local_name!("id") => Attr::Id,
            local_name!("role") => Attr::Role,
            local_name!("itemprop") => Attr::Itemprop,
            local_name!("rel") => Attr::Rel,
            local_name!("property") => Attr::Property,
            local_name!("name") => Attr::Name,
            local_name!("content") => Attr::Content,
            local_name!("datetime") => Attr::Datetime,
            local_name!("lang") => Attr::Lang,
            local_name!("hidden") => Attr::Hidden,
            local_name!("aria-hidden") => Attr::AriaHidden,
            local_name!("style") => Attr::Style,
            local_name!("type") => Attr::Type,
            local_name!("href") => Attr::Href,
            _ => return None,
        })
    }
}

/// What a node is.
#[derive(Debug)]
pub enum Data {
    Document,
    /// An element; its kept attributes are `attrs[start..end]` of the [`Dom`].
    Element {
        tag: Tag,
        start: u32,
        end: u32,
    },
    Text(StrTendril),
    /// A comment, processing instruction or template fragment: never attached.
    Detached,
}

/// One node and its tree links.
#[derive(Debug)]
pub struct Node {
    pub parent: NodeId,
    pub first_child: NodeId,
    pub last_child: NodeId,
    pub prev: NodeId,
    pub next: NodeId,
    pub data: Data,
}

/// A parsed page.
#[derive(Debug, Default)]
pub struct Dom {
    pub nodes: Vec<Node>,
    attrs: Vec<(Attr, StrTendril)>,
}

impl Dom {
    /// Parse a whole document.
    pub fn parse(html: &str) -> Dom {
        let sink = Sink::default();
        html5ever::parse_document(sink, ParseOpts::default()).one(html)
    }

    /// The tag of an element, `None` for other nodes.
    pub fn tag(&self, id: NodeId) -> Option<Tag> {
        match self.nodes[id as usize].data {
            Data::Element { tag, .. } => Some(tag),
            _ => None,
        }
    }

    /// The value of an attribute of an element.
    pub fn attr(&self, id: NodeId, attr: Attr) -> Option<&str> {
        match self.nodes[id as usize].data {
            Data::Element { start, end, .. } => {
                self.attrs[start as usize..end as usize].iter().find(|(a, _)| *a == attr).map(|(_, v)| &**v)
            }
            _ => None,
        }
    }

    /// The node itself.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// Iterate over the children of a node.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children { dom: self, next: self.node(id).first_child }
    }

    /// Visit the text of a subtree in document order.
    pub fn for_each_text(&self, root: NodeId, mut f: impl FnMut(&str)) {
        let mut id = self.node(root).first_child;
        while id != NONE {
            let n = self.node(id);
            if let Data::Text(t) = &n.data {
                f(t);
            }
            id = if n.first_child != NONE { n.first_child } else { self.next_up(id, root) };
        }
    }

    /// The next node in document order after the subtree of `id`, staying
    /// inside `root`.
    pub fn next_up(&self, mut id: NodeId, root: NodeId) -> NodeId {
        while id != root {
            let n = self.node(id);
            if n.next != NONE {
                return n.next;
            }
            id = n.parent;
        }
        NONE
    }
}

/// Callbacks for a depth-first walk of a [`Dom`].
pub trait Visitor {
    /// Called on entering a node; returning `false` skips its subtree (and
    /// the matching [`exit`](Visitor::exit)).
    fn enter(&mut self, dom: &Dom, id: NodeId) -> bool;
    /// Called after the subtree of an entered node.
    fn exit(&mut self, dom: &Dom, id: NodeId);
}

impl Dom {
    /// Walk the whole document depth-first, without recursion.
    pub fn visit(&self, v: &mut impl Visitor) {
        let mut id = self.node(DOCUMENT).first_child;
        while id != NONE {
            let n = self.node(id);
            if v.enter(self, id) {
                if n.first_child != NONE {
                    id = n.first_child;
                    continue;
                }
                v.exit(self, id);
            }
            loop {
                let n = self.node(id);
                if n.next != NONE {
                    id = n.next;
                    break;
                }
                id = n.parent;
                if id == DOCUMENT || id == NONE {
                    return;
                }
                v.exit(self, id);
            }
        }
    }

    /// Text statistics of each node's subtree, indexed by node. Script,
    /// style and other raw-text elements have no visible text.
    pub fn text_stats(&self) -> Vec<TextStats> {
        struct Stats(Vec<TextStats>);
        impl Visitor for Stats {
            fn enter(&mut self, dom: &Dom, id: NodeId) -> bool {
                match &dom.node(id).data {
                    Data::Text(t) => {
                        self.0[id as usize].len = t.bytes().filter(|b| !b.is_ascii_whitespace()).count() as u32;
                        false
                    }
                    Data::Element { tag, .. } => {
                        !matches!(tag, Tag::Script | Tag::Style | Tag::Noscript | Tag::Template)
                    }
                    _ => false,
                }
            }
            fn exit(&mut self, dom: &Dom, id: NodeId) {
                let mut sum = TextStats::default();
                let mut c = dom.node(id).first_child;
                while c != NONE {
                    let s = self.0[c as usize];
                    sum.len = sum.len.saturating_add(s.len);
                    sum.link_len = sum.link_len.saturating_add(s.link_len);
                    sum.links = sum.links.saturating_add(s.links);
                    c = dom.node(c).next;
                }
                if dom.tag(id) == Some(Tag::A) {
                    sum.link_len = sum.len;
                    sum.links = sum.links.saturating_add(1);
                }
                self.0[id as usize] = sum;
            }
        }
        let mut v = Stats(vec![TextStats::default(); self.nodes.len()]);
        self.visit(&mut v);
        v.exit(self, DOCUMENT);
        v.0
    }
}

/// Visible text under a node: its length in bytes (whitespace not
/// counted), the part of it inside links, and the number of links.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextStats {
    pub len: u32,
    pub link_len: u32,
    pub links: u32,
}

/// Iterator over the children of a node.
pub struct Children<'a> {
    dom: &'a Dom,
    next: NodeId,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.next;
        if id == NONE {
            return None;
        }
        self.next = self.dom.node(id).next;
        Some(id)
    }
}

/// The tree builder's view of a [`Dom`] under construction.
struct Sink {
    dom: RefCell<Dom>,
    /// Element names, indexed like the nodes (html5ever asks for them back).
    names: RefCell<Vec<QualName>>,
}

impl Default for Sink {
    fn default() -> Self {
        let sink = Sink { dom: RefCell::default(), names: RefCell::default() };
        sink.push(Data::Document, QualName::new(None, ns!(), local_name!("")));
        sink
    }
}

impl Sink {
    fn push(&self, data: Data, name: QualName) -> NodeId {
        let mut dom = self.dom.borrow_mut();
        let id = dom.nodes.len() as NodeId;
        dom.nodes.push(Node { parent: NONE, first_child: NONE, last_child: NONE, prev: NONE, next: NONE, data });
        self.names.borrow_mut().push(name);
        id
    }

    fn detached(&self) -> NodeId {
        self.push(Data::Detached, QualName::new(None, ns!(), local_name!("")))
    }

    /// Link `child` (currently parentless) between `prev` and `next` under `parent`.
    fn link(dom: &mut Dom, parent: NodeId, prev: NodeId, next: NodeId, child: NodeId) {
        {
            let c = &mut dom.nodes[child as usize];
            c.parent = parent;
            c.prev = prev;
            c.next = next;
        }
        if prev == NONE {
            dom.nodes[parent as usize].first_child = child;
        } else {
            dom.nodes[prev as usize].next = child;
        }
        if next == NONE {
            dom.nodes[parent as usize].last_child = child;
        } else {
            dom.nodes[next as usize].prev = child;
        }
    }

    fn unlink(dom: &mut Dom, id: NodeId) {
        let (parent, prev, next) = {
            let n = &dom.nodes[id as usize];
            (n.parent, n.prev, n.next)
        };
        if parent == NONE {
            return;
        }
        if prev == NONE {
            dom.nodes[parent as usize].first_child = next;
        } else {
            dom.nodes[prev as usize].next = next;
        }
        if next == NONE {
            dom.nodes[parent as usize].last_child = prev;
        } else {
            dom.nodes[next as usize].prev = prev;
        }
        let n = &mut dom.nodes[id as usize];
        n.parent = NONE;
        n.prev = NONE;
        n.next = NONE;
    }

    /// Insert text or a node under `parent` before `next` (`NONE`: at the end),
    /// merging text into an adjacent text node.
    fn insert(&self, parent: NodeId, next: NodeId, child: NodeOrText<NodeId>) {
        let mut dom = self.dom.borrow_mut();
        let prev = if next == NONE { dom.nodes[parent as usize].last_child } else { dom.nodes[next as usize].prev };
        match child {
            NodeOrText::AppendText(text) => {
                if prev != NONE {
                    if let Data::Text(t) = &mut dom.nodes[prev as usize].data {
                        t.push_tendril(&text);
                        return;
                    }
                }
                drop(dom);
                let id = self.push(Data::Text(text), QualName::new(None, ns!(), local_name!("")));
                Self::link(&mut self.dom.borrow_mut(), parent, prev, next, id);
            }
            NodeOrText::AppendNode(id) => {
                if matches!(dom.nodes[id as usize].data, Data::Detached) {
                    return;
                }
                Self::unlink(&mut dom, id);
                let prev =
                    if next == NONE { dom.nodes[parent as usize].last_child } else { dom.nodes[next as usize].prev };
                Self::link(&mut dom, parent, prev, next, id);
            }
        }
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        self.dom.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.names.borrow(), |n| &n[*target as usize])
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        if flags.template {
            return self.detached();
        }
        let tag = if name.ns == ns!(html) {
            Tag::of(&name.local)
        } else if name.local == local_name!("svg") {
            Tag::Svg
        } else if name.local == local_name!("math") {
            Tag::Math
        } else {
            Tag::Other
        };
        let (start, end) = {
            let mut dom = self.dom.borrow_mut();
            let start = dom.attrs.len() as u32;
            for a in attrs {
                if a.name.ns == ns!() {
                    if let Some(k) = Attr::of(&a.name.local) {
                        dom.attrs.push((k, a.value));
                    }
                }
            }
            (start, dom.attrs.len() as u32)
        };
        self.push(Data::Element { tag, start, end }, name)
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.detached()
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.detached()
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.insert(*parent, NONE, child);
    }

    fn append_based_on_parent_node(&self, element: &NodeId, prev_element: &NodeId, child: NodeOrText<NodeId>) {
        let has_parent = self.dom.borrow().nodes[*element as usize].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        *target
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let parent = self.dom.borrow().nodes[*sibling as usize].parent;
        if parent != NONE {
            self.insert(parent, *sibling, new_node);
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut dom = self.dom.borrow_mut();
        let Data::Element { tag, start, end } = dom.nodes[*target as usize].data else { return };
        let new_start = dom.attrs.len() as u32;
        for i in start..end {
            let a = dom.attrs[i as usize].clone();
            dom.attrs.push(a);
        }
        for a in attrs {
            if a.name.ns != ns!() {
                continue;
            }
            if let Some(k) = Attr::of(&a.name.local) {
                if !dom.attrs[start as usize..end as usize].iter().any(|(x, _)| *x == k) {
                    dom.attrs.push((k, a.value));
                }
            }
        }
        let new_end = dom.attrs.len() as u32;
        dom.nodes[*target as usize].data = Data::Element { tag, start: new_start, end: new_end };
    }

    fn remove_from_parent(&self, target: &NodeId) {
        Self::unlink(&mut self.dom.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut dom = self.dom.borrow_mut();
        loop {
            let child = dom.nodes[*node as usize].first_child;
            if child == NONE {
                break;
            }
            Self::unlink(&mut dom, child);
            let prev = dom.nodes[*new_parent as usize].last_child;
            Self::link(&mut dom, *new_parent, prev, NONE, child);
        }
    }
}
