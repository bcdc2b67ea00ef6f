//! The word lists in `data/`, parsed once.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::singular;

const MEASURES: &str = include_str!("../data/measures.txt");
const SYNONYMS: &str = include_str!("../data/synonyms.txt");
const EVENT_VERBS: &str = include_str!("../data/event_verbs.txt");
const CAPITALS: &str = include_str!("../data/capitals.tsv");

struct Lexicon {
    /// Word → (priority, class name); a lower priority wins.
    measures: HashMap<String, (usize, &'static str)>,
    /// Word (singular) → canonical noun.
    synonyms: HashMap<String, &'static str>,
    event_verbs: Vec<&'static str>,
    /// Capital (folded) → its country, lower-case.
    capitals: HashMap<String, String>,
}

fn lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn classes(data: &'static str) -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    lines(data).filter_map(|l| {
        let (class, words) = l.split_once(':')?;
        Some((class.trim(), words.split_whitespace().collect()))
    })
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut measures = HashMap::new();
        for (priority, (class, words)) in classes(MEASURES).enumerate() {
            for w in words {
                measures.entry(w.to_string()).or_insert((priority, class));
                measures.entry(singular(w)).or_insert((priority, class));
            }
        }
        let mut synonyms = HashMap::new();
        for (canonical, words) in classes(SYNONYMS) {
            for w in words {
                synonyms.entry(singular(w)).or_insert(canonical);
            }
        }
        let mut event_verbs: Vec<&'static str> = lines(EVENT_VERBS).collect();
        event_verbs.sort_unstable();
        let capitals = lines(CAPITALS)
            .filter_map(|l| l.split_once('\t'))
            .map(|(capital, country)| (crate::text::fold(capital), country.to_lowercase()))
            .collect();
        Lexicon { measures, synonyms, event_verbs, capitals }
    })
}

/// The country whose capital a folded group phrase names ("pyongyang" →
/// "north korea"): a capital often stands for its government.
pub fn country_of_capital(phrase: &str) -> Option<&'static str> {
    lexicon().capitals.get(phrase).map(String::as_str)
}

/// The measure class of a lowercase word and its priority (lower wins):
/// "killed" → `killed`, "salaries" → `pay`, "dispatched" → `deployment`.
pub fn measure_class(word: &str) -> Option<(usize, &'static str)> {
    let lex = lexicon();
    lex.measures.get(word).or_else(|| lex.measures.get(&singular(word))).copied()
}

/// The canonical noun for a lowercase word: "soldiers" → "troop",
/// "employees" → "worker"; other nouns give their singular.
pub fn canonical_noun(word: &str) -> String {
    let s = singular(word);
    match lexicon().synonyms.get(&s) {
        Some(c) => c.to_string(),
        None => s,
    }
}

/// Whether a lowercase word is one of the nouns in `data/synonyms.txt`.
pub fn is_known_noun(word: &str) -> bool {
    lexicon().synonyms.contains_key(&singular(word))
}

/// Whether a lowercase word is a verb that reports an event.
pub fn is_event_verb(word: &str) -> bool {
    lexicon().event_verbs.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_classes() {
        assert_eq!(measure_class("killed").map(|c| c.1), Some("killed"));
        assert_eq!(measure_class("casualties").map(|c| c.1), Some("casualties"));
        assert_eq!(measure_class("salaries").map(|c| c.1), Some("pay"));
        assert_eq!(measure_class("dispatched").map(|c| c.1), Some("deployment"));
        assert_eq!(measure_class("reservists").map(|c| c.1), Some("size"));
        assert_eq!(measure_class("korean"), None);
        let killed = measure_class("killed").unwrap().0;
        let sent = measure_class("sent").unwrap().0;
        assert!(killed < sent, "killed outranks deployment words");
    }

    #[test]
    fn synonyms_and_verbs() {
        assert_eq!(canonical_noun("soldiers"), "troop");
        assert_eq!(canonical_noun("servicemen"), "troop");
        assert_eq!(canonical_noun("employees"), "worker");
        assert_eq!(canonical_noun("tanks"), "tank");
        assert!(is_known_noun("troops"));
        assert!(!is_known_noun("korean"));
        assert!(is_event_verb("ratified"));
        assert!(!is_event_verb("the"));
    }
}
