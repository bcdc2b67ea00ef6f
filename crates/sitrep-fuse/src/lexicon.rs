//! The word lists in `data/`, parsed once.

use foldhash::HashMap;
use std::sync::OnceLock;

const EVENT_VERBS: &str = include_str!("../data/lang/en/event_verbs.txt");
const CAPITALS: &str = include_str!("../data/capitals.tsv");

struct Lexicon {
    event_verbs: Vec<&'static str>,
    /// Capital (folded) → its country, lower-case.
    capitals: HashMap<String, String>,
    /// Country (folded) → its capital as written.
    capital_of: HashMap<String, &'static str>,
}

fn lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut event_verbs: Vec<&'static str> = lines(EVENT_VERBS).collect();
        event_verbs.sort_unstable();
        let pairs: Vec<(&'static str, &'static str)> = lines(CAPITALS).filter_map(|l| l.split_once('\t')).collect();
        let capitals = pairs.iter().map(|(capital, country)| (crate::text::fold(capital), country.to_lowercase())).collect();
        let capital_of = pairs.iter().map(|(capital, country)| (crate::text::fold(country), *capital)).collect();
        Lexicon { event_verbs, capitals, capital_of }
    })
}

/// The country whose capital a folded group phrase names ("pyongyang" →
/// "north korea"): a capital often stands for its government.
pub fn country_of_capital(phrase: &str) -> Option<&'static str> {
    lexicon().capitals.get(phrase).map(String::as_str)
}

/// The capital of a country (folded name): "france" → "Paris".
pub fn capital_of(country: &str) -> Option<&'static str> {
    lexicon().capital_of.get(country).copied()
}

/// Whether a lowercase word is a verb that reports an event.
pub fn is_event_verb(word: &str) -> bool {
    lexicon().event_verbs.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_and_verbs() {
        assert_eq!(country_of_capital("pyongyang"), Some("north korea"));
        assert_eq!(capital_of("france"), Some("Paris"));
        assert!(is_event_verb("ratified"));
        assert!(!is_event_verb("the"));
    }
}
