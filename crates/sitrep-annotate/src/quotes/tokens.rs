//! The quote finder's tokens: the shared text's tokens in the quote view
//! ([`sitrep_text::tokens::View::QUOTES`], read once per document by
//! [`sitrep_text::analysis::Analysis::quote_words`]): words (with their
//! inner apostrophes, hyphens and dots, "U.S", "Kim Jong-un", "Korea’s"),
//! numbers ("12,000"), single punctuation marks, and one token per line
//! break, each with the kind the passes read.

use sitrep_text::tokens::{Shape, Token};

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

/// The quote view's tokens `shared` of `text`, which starts at byte `base`
/// of the text the tokens' offsets index (0 for the whole text): offsets
/// into `text`, with their kinds.
pub fn of(text: &str, shared: &[Token], base: usize) -> Vec<Tok> {
    let mut out = Vec::with_capacity(shared.len());
    out.extend(shared.iter().map(|t| {
        let (s, e) = (t.start - base, t.end - base);
        let kind = match t.shape {
            Shape::Break => Kind::Break,
            Shape::Punct => Kind::Punct,
            _ if text[s..].starts_with(char::is_uppercase) => Kind::Cap,
            _ => Kind::Lower,
        };
        Tok { s, e, kind }
    }));
    out
}

/// The tokens of `text` read alone.
#[cfg(test)]
pub fn tokenize(text: &str) -> Vec<Tok> {
    of(text, sitrep_text::analysis::Analysis::new(text).quote_words(), 0)
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
