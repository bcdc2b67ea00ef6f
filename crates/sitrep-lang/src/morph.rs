//! English inflection from `data/lang/en/morphology.txt`: the singular of a
//! plural noun, whether a word looks plural or like a regular past, and the
//! stem that makes a verb's forms and the nouns made from it meet. The
//! endings are data; this module only applies them.

use sitrep_text::lists::{list, List};
use std::sync::LazyLock;

const DATA: &str = include_str!("../../sitrep-annotate/data/lang/en/morphology.txt");

/// The lists of the data file, read once.
struct Endings {
    plural: List,
    not_plural: List,
    singular_rules: Vec<(&'static str, &'static str)>,
    singular_keep: List,
    past: List,
    participle: List,
    verb: List,
    noun_from_verb: Vec<(&'static str, &'static str)>,
}

/// Rows of "ending replacement"; `""` is an empty replacement.
fn pairs(name: &str) -> Vec<(&'static str, &'static str)> {
    list(DATA, name)
        .into_iter()
        .filter_map(|row| row.split_once(' '))
        .map(|(ending, with)| (ending, if with == "\"\"" { "" } else { with }))
        .collect()
}

static ENDINGS: LazyLock<Endings> = LazyLock::new(|| Endings {
    plural: list(DATA, "plural_endings"),
    not_plural: list(DATA, "not_plural_endings"),
    singular_rules: pairs("singular_rules"),
    singular_keep: list(DATA, "singular_keep"),
    past: list(DATA, "past_endings"),
    participle: list(DATA, "participle_endings"),
    verb: list(DATA, "verb_endings"),
    noun_from_verb: pairs("noun_from_verb"),
});

/// `word` without its plural ending ("troops" → "troop"), or `None` when it
/// has none or ends as a word that is no plural ("boss").
pub fn strip_plural(word: &str) -> Option<&str> {
    let e = &*ENDINGS;
    if e.not_plural.iter().any(|n| word.ends_with(n)) {
        return None;
    }
    e.plural.iter().find_map(|p| word.strip_suffix(p))
}

/// Whether `word` ends as a plural ("soldiers", not "boss").
pub fn looks_plural(word: &str) -> bool {
    strip_plural(word).is_some()
}

/// The singular of a plural noun ("casualties" → "casualty", "losses" →
/// "loss", "troops" → "troop"); words of three letters or fewer, words not
/// written in ASCII and words that do not look plural are returned unchanged.
pub fn singular(word: &str) -> String {
    let e = &*ENDINGS;
    if word.len() <= 3 || !word.is_ascii() {
        return word.to_string();
    }
    if let Some((stem, with)) = e.singular_rules.iter().find_map(|(end, with)| word.strip_suffix(end).map(|s| (s, with))) {
        return format!("{stem}{with}");
    }
    if e.singular_keep.iter().any(|k| word.ends_with(k)) {
        return word.to_string();
    }
    e.plural.iter().find_map(|p| word.strip_suffix(p)).unwrap_or(word).to_string()
}

/// Whether a lower-case word looks like a regular past form ("deployed"):
/// five letters or more and a past ending.
pub fn is_regular_past(word: &str) -> bool {
    word.len() > 4 && ENDINGS.past.iter().any(|p| word.ends_with(p))
}

/// Whether a lower-case word ends as a present participle ("leaving").
pub fn is_participle(word: &str) -> bool {
    ENDINGS.participle.iter().any(|p| word.ends_with(p))
}

/// A word without its verb endings, so that "signs", "signed" and "signing"
/// meet: each verb ending is cut in turn while four letters remain. A noun
/// made from a verb meets the verb first: "signature" meets "signed",
/// "ratification" "ratified", "deployment" "deployed".
pub fn verb_stem(word: &str) -> String {
    let e = &*ENDINGS;
    let mut w = word.to_string();
    if let Some((rest, verb)) = e
        .noun_from_verb
        .iter()
        .find_map(|(suffix, verb)| w.strip_suffix(suffix).filter(|r| r.chars().count() >= 3).map(|r| (r, verb)))
    {
        w = format!("{rest}{verb}");
    }
    let mut w = w.as_str();
    for suffix in &e.verb {
        if let Some(rest) = w.strip_suffix(suffix) {
            if rest.chars().count() >= 4 {
                w = rest;
            }
        }
    }
    w.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singulars() {
        for (plural, one) in [
            ("casualties", "casualty"),
            ("servicemen", "serviceman"),
            ("losses", "loss"),
            ("marches", "march"),
            ("taxes", "tax"),
            ("troops", "troop"),
            ("census", "census"),
            ("crisis", "crisis"),
            ("logistics", "logistics"),
            ("boss", "boss"),
            ("gas", "gas"),
            ("évacués", "évacués"),
        ] {
            assert_eq!(singular(plural), one, "{plural}");
        }
    }

    #[test]
    fn plurals_and_pasts() {
        assert_eq!(strip_plural("soldiers"), Some("soldier"));
        assert_eq!(strip_plural("boss"), None);
        assert_eq!(strip_plural("army"), None);
        assert!(looks_plural("drones") && !looks_plural("press"));
        assert!(is_regular_past("deployed") && !is_regular_past("bed") && !is_regular_past("deploy"));
        assert!(is_participle("saying") && !is_participle("said"));
    }

    #[test]
    fn verb_forms_and_nouns_meet() {
        for group in [["signs", "signed", "signing"], ["deployment", "deployed", "deploys"], ["ratification", "ratified", "ratifying"]] {
            let stems: Vec<String> = group.iter().map(|w| verb_stem(w)).collect();
            assert!(stems.windows(2).all(|w| w[0] == w[1]), "{group:?} -> {stems:?}");
        }
        assert_ne!(verb_stem("signed"), verb_stem("sighted"));
    }
}
