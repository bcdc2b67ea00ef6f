//! Word tables for telling page furniture from article prose.
//!
//! Every entry here is general English web-UI vocabulary, written for this
//! project from common knowledge of how news sites label navigation, sharing,
//! sign-in, comment, advertising and footer widgets. None is taken from a
//! particular page; the tables are matched word by word (lower case), so they
//! only ever add evidence to the line-shape features in `classify`.

use sitrep_text::lists::{list, Words};
use std::collections::HashSet;
use std::sync::LazyLock;

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/text-vocab.txt");

/// Words that name interface elements. A line made mostly of these (ignoring
/// [`FUNCTION_WORDS`]) is a button, a prompt or a menu, not prose.
static UI_WORDS: Words = LazyLock::new(|| list(WORDS, "ui_words"));

/// Function words ignored when measuring how much of a line is UI vocabulary.
static FUNCTION_WORDS: Words = LazyLock::new(|| list(WORDS, "function_words"));

/// Words that end the name of a news outlet ("Eastbridge Wire", "The Valley
/// Courier", "Korea Daily").
static OUTLET_WORDS: Words = LazyLock::new(|| list(WORDS, "outlet_words"));

/// Words that make a byline fragment a job title or desk rather than a name.
static ROLE_WORDS: Words = LazyLock::new(|| list(WORDS, "role_words"));

/// Lower-case particles allowed inside personal names ("Ludwig van Beethoven").
static NAME_PARTICLES: Words = LazyLock::new(|| list(WORDS, "name_particles"));

/// Photo-credit phrases: a line that starts with one of these (or ends with
/// an agency name) and has no final punctuation is a caption. Lower case,
/// matched as whole words.
pub static CREDIT_PREFIXES: Words = LazyLock::new(|| list(WORDS, "credit_prefixes"));

/// Picture-agency names that end a caption ("… in 2018 Getty Images").
pub static CREDIT_SUFFIXES: Words = LazyLock::new(|| list(WORDS, "credit_suffixes"));

fn set(words: &[&'static str]) -> HashSet<&'static str> {
    words.iter().copied().collect()
}

static UI: LazyLock<HashSet<&str>> = LazyLock::new(|| set(&UI_WORDS));
static FUNCTION: LazyLock<HashSet<&str>> = LazyLock::new(|| set(&FUNCTION_WORDS));
static ROLE: LazyLock<HashSet<&str>> = LazyLock::new(|| set(&ROLE_WORDS));
static PARTICLE: LazyLock<HashSet<&str>> = LazyLock::new(|| set(&NAME_PARTICLES));
static OUTLET: LazyLock<HashSet<&str>> = LazyLock::new(|| set(&OUTLET_WORDS));

/// Is the lower-case `word` web-UI vocabulary?
pub fn is_ui(word: &str) -> bool {
    UI.contains(word)
}

/// Is the lower-case `word` a function word?
pub fn is_function(word: &str) -> bool {
    FUNCTION.contains(word)
}

/// Is the lower-case `word` part of a job title?
pub fn is_role(word: &str) -> bool {
    ROLE.contains(word)
}

/// Can the lower-case `word` end the name of a news outlet?
pub fn is_outlet_word(word: &str) -> bool {
    OUTLET.contains(word)
}

/// Is `word` a lower-case name particle?
pub fn is_particle(word: &str) -> bool {
    PARTICLE.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_lower_case_and_disjoint() {
        for w in UI_WORDS
            .iter()
            .chain(FUNCTION_WORDS.iter())
            .chain(ROLE_WORDS.iter())
            .chain(OUTLET_WORDS.iter())
            .chain(NAME_PARTICLES.iter())
        {
            assert_eq!(*w, w.to_lowercase(), "{w}");
        }
        for w in UI_WORDS.iter() {
            assert!(!is_function(w), "{w} is in two tables");
        }
    }
}
