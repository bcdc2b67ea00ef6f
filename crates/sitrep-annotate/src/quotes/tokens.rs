//! A small tokenizer for the quote finder: words (with their inner
//! apostrophes, hyphens and dots, "U.S", "Kim Jong-un", "Korea’s"), numbers
//! ("12,000"), single punctuation marks, and one token per line break.

/// One token: a byte range of the text and what kind of token it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub s: usize,
    pub e: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A word that starts with a lowercase letter (or a digit).
    Lower,
    /// A word that starts with an uppercase letter.
    Cap,
    /// One punctuation mark (or `''`, the doubled apostrophe some papers use as a quotation mark).
    Punct,
    /// A run of white space holding one or more line breaks: a paragraph end.
    Break,
}

impl Tok {
    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Lower | Kind::Cap)
    }
    pub fn is_cap(&self) -> bool {
        self.kind == Kind::Cap
    }
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.s..self.e]
    }
}

/// Letters, digits, and the stray Latin-1 symbols of mis-decoded text
/// ("FranÃ§ois"), which belong inside words.
fn wordish(c: char) -> bool {
    c.is_alphanumeric() || ('\u{a2}'..='\u{ff}').contains(&c) && !matches!(c, '«' | '»' | '¿' | '·' | '×' | '÷')
}

fn joins(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '&' | ',' | '‑')
}

/// Split `text` into tokens, in order.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if wordish(c) {
            let mut e = i + c.len_utf8();
            let mut last = c;
            while let Some(&(j, d)) = it.peek() {
                if wordish(d) {
                    e = j + d.len_utf8();
                    last = d;
                    it.next();
                    continue;
                }
                if !joins(d) {
                    break;
                }
                let after = text[j + d.len_utf8()..].chars().next();
                let ok = match after {
                    Some(a) if d == ',' => last.is_ascii_digit() && a.is_ascii_digit(),
                    Some(a) => a.is_alphanumeric(),
                    None => false,
                };
                if !ok {
                    break;
                }
                it.next();
            }
            let kind = if c.is_uppercase() { Kind::Cap } else { Kind::Lower };
            out.push(Tok { s: i, e, kind });
        } else if c.is_whitespace() {
            let mut e = i + c.len_utf8();
            let mut brk = c == '\n';
            while let Some(&(j, d)) = it.peek() {
                if !d.is_whitespace() {
                    break;
                }
                brk |= d == '\n';
                e = j + d.len_utf8();
                it.next();
            }
            if brk {
                out.push(Tok { s: i, e, kind: Kind::Break });
            }
        } else {
            let mut e = i + c.len_utf8();
            if c == '\'' && text[e..].starts_with('\'') {
                it.next();
                e += 1;
            }
            out.push(Tok { s: i, e, kind: Kind::Punct });
        }
    }
    out
}

/// Index of the first token that starts at or after byte `pos`.
pub fn first_at(toks: &[Tok], pos: usize) -> usize {
    toks.partition_point(|t| t.s < pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_marks() {
        let text = "The U.S. says Korea’s 12,000 troops, he said.\n\nNext";
        let toks = tokenize(text);
        let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        assert_eq!(
            words,
            ["The", "U.S", ".", "says", "Korea’s", "12,000", "troops", ",", "he", "said", ".", "\n\n", "Next"]
        );
        assert_eq!(toks[11].kind, Kind::Break);
    }
}
