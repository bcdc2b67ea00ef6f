//! One document's text read once for every annotator: the text, its
//! sentence spans and the token streams more than one stage reads.
//!
//! [`crate::tokens::Atoms`] are read by the time and the quantity lexers,
//! [`crate::tokens::View::WORDS`] tokens by the entity finder; each stream is built the
//! first time a stage asks for it and kept for the stages after it.

use std::borrow::Cow;
use std::cell::OnceCell;

use sitrep_core::Span;

use crate::tokens::{Atoms, Token};

/// A document's text with its sentences and shared token streams.
pub struct Analysis<'t> {
    text: &'t str,
    sentences: Cow<'t, [Span]>,
    atoms: OnceCell<Vec<Token>>,
    words: OnceCell<Vec<Token>>,
}

impl<'t> Analysis<'t> {
    /// Read `text`: its sentences are split now, its tokens when first asked for.
    pub fn new(text: &'t str) -> Self {
        Analysis::from_parts(text, Cow::Owned(crate::sentences::split(text)))
    }

    /// Read `text` whose sentence spans (of [`crate::sentences::split`]) are known.
    pub fn with_sentences(text: &'t str, sentences: &'t [Span]) -> Self {
        Analysis::from_parts(text, Cow::Borrowed(sentences))
    }

    fn from_parts(text: &'t str, sentences: Cow<'t, [Span]>) -> Self {
        Analysis { text, sentences, atoms: OnceCell::new(), words: OnceCell::new() }
    }

    /// The text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The sentence spans, in order.
    pub fn sentences(&self) -> &[Span] {
        &self.sentences
    }

    /// The text's [`Atoms`], in order.
    pub fn atoms(&self) -> &[Token] {
        self.atoms.get_or_init(|| {
            let mut out = Vec::with_capacity(self.text.len() / 4);
            out.extend(Atoms::new(self.text));
            out
        })
    }

    /// The text's tokens in the annotator's view ([`crate::tokens::View::WORDS`]), as
    /// [`crate::tokens::tokenize`] gives them.
    pub fn words(&self) -> &[Token] {
        self.words.get_or_init(|| crate::tokens::tokenize(self.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::{Tokens, View};

    #[test]
    fn streams_match_the_tokenizers() {
        let text = "The U.S. sent 1,200 troops on the 3rd. Officials in Kyiv said so.";
        let a = Analysis::new(text);
        assert_eq!(a.sentences(), crate::sentences::split(text).as_slice());
        assert_eq!(a.atoms(), Atoms::new(text).collect::<Vec<_>>().as_slice());
        assert_eq!(a.words(), Tokens::new(text, View::WORDS).collect::<Vec<_>>().as_slice());
        // Built once: the second call hands back the same vector.
        assert!(std::ptr::eq(a.atoms(), a.atoms()));
        let given = [Span { start: 0, end: 10 }];
        assert_eq!(Analysis::with_sentences(text, &given).sentences(), &given);
    }

    #[test]
    fn empty_text() {
        let a = Analysis::new("");
        assert!(a.sentences().is_empty() && a.atoms().is_empty() && a.words().is_empty());
    }
}
