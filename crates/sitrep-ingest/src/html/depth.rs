//! Capping how deep a page nests before the parser sees it.
//!
//! html5ever looks through the stack of open elements for many tags, so a
//! page nesting a million `<div>`s costs a million squared steps. This pass
//! follows the nesting with a light tokenizer (comments, raw text such as
//! scripts, quoted attributes, void elements, and the end tags HTML implies:
//! a `<p>` closes the open `p`, an `<li>` the open `li`, ...) and drops the
//! start tags that would open deeper than the limit, with their end tags.
//! Their text stays, inside the element at the limit. Pages within the
//! limit come back unchanged (borrowed).

use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;
use std::borrow::Cow;
use std::collections::HashMap;

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/html-depth.txt");

/// Elements that never have content.
static VOID: Words = LazyLock::new(|| list(WORDS, "void"));

/// Elements whose content is text up to their end tag.
static RAW: Words = LazyLock::new(|| list(WORDS, "raw"));

/// Elements that open at most once, whose repeats HTML merges.
static ONCE: Words = LazyLock::new(|| list(WORDS, "once"));

/// Start tags that close an open `p` (the blocks of the HTML spec).
static CLOSES_P: Words = LazyLock::new(|| list(WORDS, "closes_p"));

/// For a start tag that closes an earlier open sibling: the tags it closes,
/// and the tags that stop the search (the sibling's container).
fn closes(name: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match name {
        "li" => (&["li"], &["ul", "ol", "menu", "table"]),
        "dt" | "dd" => (&["dt", "dd"], &["dl", "table"]),
        "tr" => (&["tr", "td", "th"], &["table", "tbody", "thead", "tfoot"]),
        "td" | "th" => (&["td", "th"], &["tr", "table"]),
        "tbody" | "thead" | "tfoot" => (&["tbody", "thead", "tfoot", "tr", "td", "th"], &["table"]),
        "option" => (&["option"], &["select", "datalist", "optgroup"]),
        "optgroup" => (&["optgroup", "option"], &["select"]),
        "a" => (&["a"], &["table", "td", "th"]),
        "nobr" => (&["nobr"], &["table", "td", "th"]),
        _ => return None,
    })
}

/// Containers that end the search for an open `p` (the spec's button scope).
static P_SCOPE: Words = LazyLock::new(|| list(WORDS, "p_scope"));

/// `html` with start tags deeper than `max` (and their end tags) removed.
pub fn cap(html: &str, max: usize) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut dropped: HashMap<String, usize> = HashMap::new();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]).map(|k| i + k) {
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            match memchr::memmem::find(&rest[4..], b"-->") {
                Some(k) => i = lt + 4 + k + 3,
                None => break,
            }
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            match memchr::memchr(b'>', rest) {
                Some(k) => i = lt + k + 1,
                None => break,
            }
            continue;
        }
        let end_tag = rest.get(1) == Some(&b'/');
        let name_at = lt + 1 + usize::from(end_tag);
        let name_len = b[name_at..].iter().take_while(|c| !c.is_ascii_whitespace() && !matches!(c, b'/' | b'>')).count();
        if name_len == 0 || !b[name_at].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let name = html[name_at..name_at + name_len].to_ascii_lowercase();
        let Some(tag_end) = tag_end(b, name_at + name_len) else { break };
        i = tag_end;
        let mut drop_it = false;
        if end_tag {
            match dropped.get_mut(&name) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    drop_it = true;
                }
                _ => {
                    if let Some(k) = open.iter().rposition(|o| *o == name) {
                        open.truncate(k);
                    }
                }
            }
        } else {
            let foreign = open.iter().any(|o| o == "svg" || o == "math");
            let self_closing = b[tag_end - 2] == b'/';
            if RAW.contains(&name.as_str()) {
                i = raw_end(b, tag_end, &name);
            } else if name == "plaintext" {
                break;
            }
            if VOID.contains(&name.as_str()) || self_closing && foreign || RAW.contains(&name.as_str()) || ONCE.contains(&name.as_str())
            {
                continue;
            }
            close_implied(&mut open, &name);
            if open.len() >= max {
                *dropped.entry(name).or_default() += 1;
                drop_it = true;
            } else {
                open.push(name);
            }
        }
        if drop_it {
            out.push_str(&html[copied..lt]);
            copied = tag_end;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Pop the elements a start tag `name` implicitly closes.
fn close_implied(open: &mut Vec<String>, name: &str) {
    if CLOSES_P.contains(&name) {
        if let Some(k) = open.iter().rposition(|o| o == "p" || P_SCOPE.contains(&o.as_str())) {
            if open[k] == "p" {
                open.truncate(k);
            }
        }
    }
    if let Some((siblings, stops)) = closes(name) {
        // The outermost open sibling inside the nearest container ("<tr>" closes the open "td" and its "tr").
        let inside = open.iter().rposition(|o| stops.contains(&o.as_str())).map_or(0, |k| k + 1);
        if let Some(k) = open[inside..].iter().position(|o| siblings.contains(&o.as_str())) {
            open.truncate(inside + k);
        }
    }
}

/// The byte after the `>` that ends a tag whose attributes start at `from`,
/// skipping quoted attribute values; `None` when the page ends first.
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    let mut after_eq = false;
    while i < b.len() {
        match b[i] {
            b'>' => return Some(i + 1),
            q @ (b'"' | b'\'') if after_eq => {
                i += 1 + memchr::memchr(q, &b[i + 1..])?;
                after_eq = false;
            }
            b'=' => after_eq = true,
            c if c.is_ascii_whitespace() => {}
            _ => after_eq = false,
        }
        i += 1;
    }
    None
}

/// Where the raw text of element `name` that starts at `from` ends: at its
/// end tag (case-insensitive), else at the end of the page.
fn raw_end(b: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(k) = memchr::memmem::find(&b[i..], b"</") {
        let at = i + k;
        let n = &b[at + 2..];
        if n.len() >= name.len() && n[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return at;
        }
        i = at + 2;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_of(html: &str) -> usize {
        let (mut d, mut max) = (0usize, 0);
        for part in html.split('<').skip(1) {
            if part.starts_with('/') {
                d = d.saturating_sub(1);
            } else {
                d += 1;
                max = max.max(d);
            }
        }
        max
    }

    #[test]
    fn pages_within_the_limit_are_borrowed() {
        let page = "<!DOCTYPE html><html><head><script>if (a<b) x='<div>'</script></head><body><div class=\"a>b\"><p>One<p>Two<ul><li>a<li>b</ul><img src=x><br/></div></body></html>";
        assert!(matches!(cap(page, 4), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened_and_keeps_its_text() {
        let page = format!("{}deep text{}", "<div>".repeat(1000), "</div>".repeat(1000));
        let capped = cap(&page, 10);
        assert_eq!(depth_of(&capped), 10);
        assert!(capped.contains("deep text"));
        assert_eq!(capped.matches("<div>").count(), capped.matches("</div>").count());
    }

    #[test]
    fn unclosed_siblings_do_not_count_as_nesting() {
        let page = format!("<ul>{}</ul><table>{}</table><p>{}", "<li>item".repeat(500), "<tr><td>a<td>b".repeat(500), "<p>para".repeat(500));
        assert!(matches!(cap(&page, 8), Cow::Borrowed(_)));
    }

    #[test]
    fn self_closing_divs_still_nest_but_svg_paths_do_not() {
        let svg = format!("<svg>{}</svg>", "<path d=\"M0 0\"/>".repeat(100));
        assert!(matches!(cap(&svg, 4), Cow::Borrowed(_)));
        let divs = "<div/>x".repeat(100);
        assert_eq!(depth_of(&cap(&divs, 10).replace("/>", ">")), 10);
    }

    #[test]
    fn unfinished_markup_never_panics() {
        for page in ["<", "<div", "<div a=\"", "<!--", "<!x", "<script>", "</", "<é>", "<a=b>", "<div>\u{1F600}<p"] {
            let _ = cap(page, 1);
            let _ = cap(&page.repeat(5), 2);
        }
    }
}
