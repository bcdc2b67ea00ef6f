//! Pairing quotation marks into quoted spans.
//!
//! Straight (`"`, `''`) and typographic (`“ ” „ « »`) double marks are paired
//! in one pass, mixed freely (`"…”` and `“…"` both occur in news copy). A
//! straight mark opens when it follows white space, an opening bracket or a
//! dash, and closes otherwise. A quote left open at the end of a paragraph
//! continues when the next paragraph opens with a quotation mark (the
//! newspaper convention for a quote running over several paragraphs);
//! otherwise it ends with its paragraph, flagged as unclosed.

/// A quoted span: from the opening mark to just after the closing mark
/// (or the end of the paragraph when `closed` is false).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marked {
    pub start: usize,
    pub end: usize,
    /// Byte length of the opening mark.
    pub open_len: usize,
    /// Byte length of the closing mark (0 when unclosed).
    pub close_len: usize,
    pub closed: bool,
}

impl Marked {
    /// The quoted words, without the marks.
    pub fn inner(&self) -> (usize, usize) {
        (self.start + self.open_len, self.end - self.close_len)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Open,
    Close,
    Either,
}

/// The double quotation mark at byte `i`, if any: its length and direction.
fn mark_at(text: &str, i: usize, c: char) -> Option<(usize, Dir)> {
    match c {
        '“' | '„' | '«' => Some((c.len_utf8(), Dir::Open)),
        '”' | '»' => Some((c.len_utf8(), Dir::Close)),
        '"' => Some((1, Dir::Either)),
        '\'' if text[i + 1..].starts_with('\'') && !text[i + 2..].starts_with('\'') => Some((2, Dir::Either)),
        _ => None,
    }
}

fn opens_after(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => p.is_whitespace() || matches!(p, '(' | '[' | '{' | '—' | '–' | '-' | '/' | '“' | '‘' | ':'),
    }
}

/// Whether a mark is straight (`"`, `''`) rather than typographic.
fn straight(text: &str, i: usize) -> bool {
    matches!(text.as_bytes()[i], b'"' | b'\'')
}

/// How long a phrase quoted inside a quote runs, in bytes.
const SCARE_LEN: usize = 60;

/// Whether the mark `c` at byte `i` (length `len`), in the style of the
/// quote already open, opens a short phrase inside it rather than a new
/// quote: it follows a word mid-sentence, closes within a few words with no
/// sentence end, and another mark is left in the paragraph to close the
/// outer quote.
fn scare_inside(text: &str, i: usize, len: usize, c: char) -> bool {
    let mid_sentence = text[..i].trim_end_matches(' ').ends_with(|p: char| p.is_alphanumeric());
    let para = &text[i + len..];
    let para = &para[..para.find('\n').unwrap_or(para.len())];
    let closer = |s: &str| if c == '“' { s.find('”') } else { s.find(['"', '”']).filter(|_| c != '\'') };
    let Some(close) = closer(para) else { return false };
    let inner = &para[..close];
    let rest = &para[close + para[close..].chars().next().map_or(1, char::len_utf8)..];
    mid_sentence && close <= SCARE_LEN && !inner.contains(". ") && closer(rest).is_some()
}

/// Every quoted span of `text`, in order. A quote of the other style inside
/// an open quote (`"… “scare” …"`) nests and stays part of it.
pub fn find(text: &str) -> Vec<Marked> {
    let mut out = Vec::new();
    // Open marks: (start, length, straight), outermost first.
    let mut open: Vec<(usize, usize, bool)> = Vec::new();
    let mut prev: Option<char> = None;
    let mut it = text.char_indices();
    let unclosed = |o: usize, ol: usize, end: usize| {
        let end = o + ol + text[o + ol..end].trim_end().len();
        Marked { start: o, end, open_len: ol, close_len: 0, closed: false }
    };
    while let Some((i, c)) = it.next() {
        if c == '\n' {
            if let Some(&(o, ol, _)) = open.first() {
                // A paragraph opening with a quotation mark continues the quote.
                let rest = &text[i..];
                let j = i + (rest.len() - rest.trim_start().len());
                let cont = text[j..].chars().next().and_then(|d| mark_at(text, j, d));
                match cont {
                    // …in the same style: a straight quote is not continued by a curly one.
                    Some((l, Dir::Open | Dir::Either)) if open.len() == 1 && straight(text, j) == open[0].2 => {
                        while it.offset() < j + l {
                            it.next();
                        }
                        prev = text[..j + l].chars().next_back();
                        continue;
                    }
                    _ => {
                        out.push(unclosed(o, ol, i));
                        open.clear();
                    }
                }
            }
            prev = Some(c);
            continue;
        }
        let Some((len, dir)) = mark_at(text, i, c) else {
            prev = Some(c);
            continue;
        };
        if len == 2 {
            it.next();
        }
        let next = text[i + len..].chars().next();
        let st = straight(text, i);
        let dir = match dir {
            Dir::Either if opens_after(prev) && !next.is_some_and(char::is_whitespace) => Dir::Open,
            Dir::Either if open.is_empty() && opens_after(prev) => Dir::Open,
            Dir::Either => Dir::Close,
            // A closing mark typed where a quote opens: "”Fear. …" at a paragraph start.
            Dir::Close if open.is_empty() && prev.is_none_or(|p| p == '\n') && next.is_some_and(|n| !n.is_whitespace()) => Dir::Open,
            // An opening mark typed where a curly quote closes: "“… will not pass! “." or
            // "…broke,“ said X": punctuation follows it, or it follows the last word.
            Dir::Open
                if c == '“'
                    && open.last().is_some_and(|&(_, _, s)| !s)
                    && (next.is_none_or(|n| n == '\n' || matches!(n, '.' | ',' | ';' | ':' | '!' | '?' | ')'))
                        || prev.is_some_and(|p| !p.is_whitespace() && !opens_after(Some(p))) && next.is_some_and(char::is_whitespace)) =>
            {
                Dir::Close
            }
            d => d,
        };
        match dir {
            Dir::Open => match open.last() {
                // A phrase quoted in the same style inside a quote: "They call it a "release" but …".
                Some(&(_, _, top)) if top == st && scare_inside(text, i, len, c) => open.push((i, len, st)),
                Some(&(_, _, top)) if top == st => {
                    // The same style again inside an open quote: the first was never closed.
                    let (o, ol, _) = open[0];
                    out.push(unclosed(o, ol, i));
                    open.clear();
                    open.push((i, len, st));
                }
                _ => open.push((i, len, st)),
            },
            _ => {
                if let Some((o, ol, _)) = open.pop() {
                    if open.is_empty() {
                        out.push(Marked { start: o, end: i + len, open_len: ol, close_len: len, closed: true });
                    }
                }
            }
        }
        prev = text[..i + len].chars().next_back();
    }
    if let Some(&(o, ol, _)) = open.first() {
        out.push(unclosed(o, ol, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        find(text).iter().map(|m| &text[m.start..m.end]).collect()
    }

    #[test]
    fn pairs_mixed_marks() {
        assert_eq!(spans("He said \"yes,” and “no.\" Fine"), ["\"yes,”", "“no.\""]);
        assert_eq!(spans("''Sure,'' she said."), ["''Sure,''"]);
        assert_eq!(spans("”Backwards.” ― Ana"), ["”Backwards.”"]);
        assert_eq!(spans("\"It looks “too loud” to me,\" he said."), ["\"It looks “too loud” to me,\""]);
        // The same style inside: a phrase, not a new quote.
        assert_eq!(spans("\"They call it a \"release\" but it flooded,\" she said."), ["\"They call it a \"release\" but it flooded,\""]);
        assert_eq!(spans("“It is a “release” and a flood,” she said."), ["“It is a “release” and a flood,”"]);
        // A first quote left open, then a new one.
        assert_eq!(spans("\"First. \"Second,\" she said."), ["\"First.", "\"Second,\""]);
        // An opening curly mark typed as the closing one.
        assert_eq!(spans("“It will not pass! “. Then “We rebuild,“ said Ana."), ["“It will not pass! “", "“We rebuild,“"]);
    }

    #[test]
    fn continues_over_paragraphs() {
        let t = "“One.\n\n“Two,” he said.";
        assert_eq!(spans(t), [t.strip_suffix(" he said.").unwrap()]);
        assert_eq!(spans("“Open\n\nNext para."), ["“Open"]);
    }
}
