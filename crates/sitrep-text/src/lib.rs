//! sitrep's text layer, shared by every stage that reads words: the one
//! tokenizer ([`tokens`], with a [`tokens::View`] per stage: the
//! annotator's words, the quote finder's, bare words), the sentence
//! splitter ([`sentences`], over the same tokens' rules), case folding
//! ([`fold`]), the word lists read from data files ([`lists`]) and the one
//! number formatter ([`numbers`]).
//!
//! `annotate` reads a document once into an [`analysis::Analysis`] (its
//! sentence spans and the token streams several stages share) and hands it
//! to every stage.

pub mod analysis;
pub mod fold;
pub mod lists;
pub mod numbers;
pub mod sentences;
pub mod tokens;
