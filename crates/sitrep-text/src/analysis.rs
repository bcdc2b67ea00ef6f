//! One document's text read once for every annotator: the text, its
//! sentence spans and the token streams more than one stage reads.
//!
//! [`crate::tokens::Atoms`] are read by the time and the quantity lexers,
//! [`crate::tokens::View::WORDS`] tokens by the entity finder and the claim
//! finder, [`crate::tokens::View::QUOTES`] tokens by the quote finder and the
//! claim finder; each stream is built the first time a stage asks for it and
//! kept for the stages after it.

use std::borrow::Cow;
use std::cell::OnceCell;

use sitrep_core::Span;

use crate::tokens::{Atoms, Token, Tokens, View};

/// A document's text with its sentences and shared token streams.
pub struct Analysis<'t> {
    text: &'t str,
    sentences: Cow<'t, [Span]>,
    atoms: OnceCell<Vec<Token>>,
    words: OnceCell<Vec<Token>>,
    quote_words: OnceCell<Vec<Token>>,
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
        Analysis { text, sentences, atoms: OnceCell::new(), words: OnceCell::new(), quote_words: OnceCell::new() }
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

    /// The [`Analysis::words`] of `span` (a sentence, say), as tokenizing
    /// `span`'s text alone gives them, with offsets into the whole text.
    ///
    /// The tokenizer reads forward from each token's start, so the shared
    /// tokens inside `span` are those of its text alone unless a token
    /// crosses an end of `span` (a span that cuts a word, or "U.S." whose
    /// final period lies past the end): only then is `span`'s text
    /// tokenized again. A span that is not a slice of the text has none.
    pub fn words_in(&self, span: Span) -> Cow<'_, [Token]> {
        self.within(self.words(), View::WORDS, span)
    }

    /// The text's tokens in the quote finder's view ([`View::QUOTES`]: inner
    /// marks kept, line breaks as tokens).
    pub fn quote_words(&self) -> &[Token] {
        self.quote_words.get_or_init(|| {
            let mut out = Vec::with_capacity(self.text.len() / 5 + 1);
            out.extend(Tokens::new(self.text, View::QUOTES));
            out
        })
    }

    /// The [`Analysis::quote_words`] of `span`, as tokenizing `span`'s text
    /// alone gives them, the way [`Analysis::words_in`] reads the words.
    pub fn quote_words_in(&self, span: Span) -> Cow<'_, [Token]> {
        self.within(self.quote_words(), View::QUOTES, span)
    }

    /// The tokens of `span` among `words`, the text's tokens in `view`.
    fn within<'s>(&'s self, words: &'s [Token], view: View, span: Span) -> Cow<'s, [Token]> {
        let Some(slice) = self.text.get(span.start..span.end) else { return Cow::Borrowed(&[]) };
        let first = words.partition_point(|t| t.end <= span.start);
        let last = words.partition_point(|t| t.start < span.end).max(first);
        let inside = &words[first..last];
        let crosses = |t: Option<&Token>| t.is_some_and(|t| t.start < span.start || t.end > span.end);
        if !crosses(inside.first()) && !crosses(inside.last()) {
            return Cow::Borrowed(inside);
        }
        let shift = |t: Token| Token { start: t.start + span.start, end: t.end + span.start, ..t };
        Cow::Owned(Tokens::new(slice, view).map(shift).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_match_the_tokenizers() {
        let text = "The U.S. sent 1,200 troops on the 3rd. Officials in Kyiv said so.";
        let a = Analysis::new(text);
        assert_eq!(a.sentences(), crate::sentences::split(text).as_slice());
        assert_eq!(a.atoms(), Atoms::new(text).collect::<Vec<_>>().as_slice());
        assert_eq!(a.words(), Tokens::new(text, View::WORDS).collect::<Vec<_>>().as_slice());
        assert_eq!(a.quote_words(), Tokens::new(text, View::QUOTES).collect::<Vec<_>>().as_slice());
        // Built once: the second call hands back the same vector.
        assert!(std::ptr::eq(a.atoms(), a.atoms()));
        let given = [Span { start: 0, end: 10 }];
        assert_eq!(Analysis::with_sentences(text, &given).sentences(), &given);
    }

    /// Every span of a text with each of the tokenizer's joins at its ends
    /// (initialisms, titles, possessives, inner apostrophes and hyphens,
    /// digit groups, "&", a letter of two bytes, a line break): the shared
    /// tokens of the span are those of its text alone.
    #[test]
    fn words_in_a_span_are_those_of_its_text_alone() {
        let text = "The U.S. envoy met Gen. Hale's aides.\nO'Neill-Park of AT&T paid 12,000 or 1.5 for Café J. Rowe's 'seat'.";
        let a = Analysis::new(text);
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        for (k, &start) in bounds.iter().enumerate() {
            for &end in &bounds[k..] {
                let span = Span { start, end };
                for (view, shared) in [(View::WORDS, a.words_in(span)), (View::QUOTES, a.quote_words_in(span))] {
                    let alone: Vec<Token> =
                        Tokens::new(&text[start..end], view).map(|t| Token { start: t.start + start, end: t.end + start, ..t }).collect();
                    assert_eq!(shared.as_ref(), alone.as_slice(), "{view:?} {:?}", &text[start..end]);
                }
            }
        }
        // A sentence is read from the shared tokens.
        assert_eq!(a.sentences().len(), 2);
        assert!(a.sentences().iter().all(|&s| matches!(a.words_in(s), Cow::Borrowed(_))));
        assert!(a.sentences().iter().all(|&s| matches!(a.quote_words_in(s), Cow::Borrowed(_))));
        assert!(a.words_in(Span { start: 5, end: 400 }).is_empty());
        assert!(a.words_in(Span { start: 90, end: 88 }).is_empty());
    }

    #[test]
    fn empty_text() {
        let a = Analysis::new("");
        assert!(a.sentences().is_empty() && a.atoms().is_empty() && a.words().is_empty() && a.quote_words().is_empty());
    }
}
