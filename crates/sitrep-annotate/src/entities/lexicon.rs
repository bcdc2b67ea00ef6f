//! The general lexicons of `data/lang/en/lexicons/`, compiled into the binary and
//! loaded once into one case-insensitive table: a lowercase word or phrase
//! (words joined by single spaces) maps to the set of lists it is in.
//!
//! Sources and licences are in each file's header; `scripts/gen_lexicons.py`
//! regenerates the large ones from PyPI packages.

use sitrep_text::lists::{list, Words};
use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

/// Bit flags: which lexicons a word or phrase is in.
pub type Tags = u16;

pub const PLACE: Tags = 1;
pub const DEMONYM: Tags = 1 << 1;
pub const GIVEN: Tags = 1 << 2;
pub const SURNAME: Tags = 1 << 3;
pub const WORLD_SURNAME: Tags = 1 << 4;
pub const ORG: Tags = 1 << 5;
pub const ORG_WORD: Tags = 1 << 6;
pub const OTHER_WORD: Tags = 1 << 7;
pub const TITLE: Tags = 1 << 8;
pub const COMMON: Tags = 1 << 9;
/// Words that never start or make a name on their own: weekdays, months,
/// holidays, pronouns, units.
pub const NEVER: Tags = 1 << 10;
/// Names of diseases and processes that are names of their own ("COVID-19").
pub const OTHER: Tags = 1 << 11;
/// One of the most frequent English words: capitalised, it is still more
/// likely a word than a name ("Red", "Stone", "Will").
pub const TOP: Tags = 1 << 12;

/// A country (also a [`PLACE`]).
pub const COUNTRY: Tags = 1 << 13;

/// Words that end a place or facility name ("Square", "River", "Stadium").
pub const PLACE_WORD: Tags = 1 << 14;

/// A town of 15,000 to 100,000 people: a place when nothing else knows the name.
pub const TOWN: Tags = 1 << 15;

/// How many of the most frequent common words are [`TOP`].
const TOP_COUNT: usize = 5000;

const FILES: &[(&str, Tags)] = &[
    (include_str!("../../data/lang/en/lexicons/places.txt"), PLACE),
    (include_str!("../../data/lang/en/lexicons/regions.txt"), PLACE),
    (include_str!("../../data/lang/en/lexicons/countries.txt"), PLACE | COUNTRY),
    (include_str!("../../data/lang/en/lexicons/towns.txt"), TOWN),
    (include_str!("../../data/lang/en/lexicons/demonyms.txt"), DEMONYM),
    (include_str!("../../data/lang/en/lexicons/given_names.txt"), GIVEN),
    (include_str!("../../data/lang/en/lexicons/surnames.txt"), SURNAME),
    (include_str!("../../data/lang/en/lexicons/world_surnames.txt"), WORLD_SURNAME),
    (include_str!("../../data/lang/en/lexicons/orgs.txt"), ORG),
    (include_str!("../../data/lang/en/lexicons/org_words.txt"), ORG_WORD),
    (include_str!("../../data/lang/en/lexicons/place_words.txt"), PLACE_WORD),
    (include_str!("../../data/lang/en/lexicons/other_words.txt"), OTHER_WORD),
    (include_str!("../../data/lang/en/lexicons/others.txt"), OTHER),
    (include_str!("../../data/lang/en/lexicons/titles.txt"), TITLE),
    (include_str!("../../data/lang/en/lexicons/common_words.txt"), COMMON),
];

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/entities-lexicon.txt");

static NEVER_WORDS: Words = LazyLock::new(|| list(WORDS, "never_words"));

struct Lexicon {
    tags: HashMap<String, Tags>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut tags: HashMap<String, Tags> = HashMap::with_capacity(80_000);
    for &(file, tag) in FILES {
        let entries = file.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
        for (rank, line) in entries.enumerate() {
            let key = normalise(line);
            if tag == COMMON && rank < TOP_COUNT {
                *tags.entry(key.clone()).or_default() |= TOP;
            }
            if tag == DEMONYM {
                if let Some(plural) = plural(&key) {
                    *tags.entry(plural).or_default() |= DEMONYM;
                }
            }
            *tags.entry(key).or_default() |= tag;
        }
    }
    for w in NEVER_WORDS.iter() {
        *tags.entry((*w).to_string()).or_default() |= NEVER;
    }
    Lexicon { tags }
});

/// Lowercase, with inner spaces collapsed to one.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Endings of nationality words that take no plural "s" ("chinese", "british", "swiss").
static NO_PLURAL_ENDINGS: Words = LazyLock::new(|| list(WORDS, "no_plural_endings"));

/// "korean" → "koreans"; none for forms that do not take an "s" ("chinese",
/// "british", "swiss").
fn plural(word: &str) -> Option<String> {
    if NO_PLURAL_ENDINGS.iter().any(|e| word.ends_with(e)) {
        return None;
    }
    Some(format!("{word}s"))
}

/// The tags of one word or phrase (any case; words separated by single
/// spaces). An abbreviation's final period may be left out of the lexicon
/// ("Gen." is found as "Gen").
pub fn tags(phrase: &str) -> Tags {
    let found = lookup(phrase);
    match phrase.strip_suffix('.') {
        Some(bare) if found == 0 => lookup(bare),
        _ => found,
    }
}

fn lookup(phrase: &str) -> Tags {
    let get = |key: &str| LEXICON.tags.get(key).copied().unwrap_or(0);
    let b = phrase.as_bytes();
    if !b.is_ascii() {
        return get(&normalise(phrase));
    }
    if !b.iter().any(u8::is_ascii_uppercase) {
        return get(phrase);
    }
    // An ASCII phrase with capitals whose words are apart by single
    // spaces normalises to its lower case: folded on the stack (a
    // capitalised word of every sentence is looked up, most of them once
    // or more alone and in a phrase).
    let spaced = |w: &[u8]| w != b"  ";
    if b.first() != Some(&b' ') && b.last() != Some(&b' ') && b.windows(2).all(spaced) && !b.iter().any(|c| (b'\t'..=b'\r').contains(c)) {
        return sitrep_text::fold::with_ascii_lowercase(phrase, get);
    }
    get(&normalise(phrase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_skip_the_endings_of_the_data_file() {
        assert_eq!(plural("korean").as_deref(), Some("koreans"));
        for w in ["chinese", "british", "swiss", "arabic", "sioux"] {
            assert_eq!(plural(w), None, "{w}");
        }
    }

    #[test]
    fn a_phrase_folded_on_the_stack_is_looked_up_as_normalised() {
        let phrases = ["New York", "NEW YORK", "New  York", " New York", "New York ", "New\tYork", "Far\x0bEast", "South Africa", "SOUTH KOREAN", "Gen.", "Kim", "", "A", "Ministry of Defence", "x".repeat(60).as_str()]
            .map(str::to_string);
        for p in phrases {
            assert_eq!(lookup(&p), LEXICON.tags.get(&normalise(&p)).copied().unwrap_or(0), "{p:?}");
        }
        assert!(lookup("NEW YORK") & PLACE != 0 && lookup("New  York") & PLACE != 0);
    }

    #[test]
    fn lookups_are_case_insensitive_and_cover_plurals() {
        assert!(tags("SEOUL") & PLACE != 0);
        assert!(tags("Koreans") & DEMONYM != 0);
        assert!(tags("Ministry") & ORG_WORD != 0);
        assert!(tags("the") & COMMON != 0);
        assert!(tags("Kim") & WORLD_SURNAME != 0);
        assert!(tags("Monday") & NEVER != 0);
        assert!(tags("ICBM") & NEVER != 0);
        assert!(tags("Yakutia") & PLACE != 0);
        assert!(tags("Siberian") & DEMONYM != 0);
    }
}
