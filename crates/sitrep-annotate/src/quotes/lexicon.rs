//! The word lists behind the quote finder, compiled in from
//! `data/lang/en/speech/*.txt` (see the headers of those files).

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

/// How a speech cue takes its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueClass {
    /// "said", "added": the content follows, or precedes "..., X said".
    Say,
    /// "told", "warned": may take an addressee before the content.
    Tell,
    /// "believes", "estimates": a weaker attribution, same shape as `Say`.
    Think,
    /// "added", "noted", "claims": speech only with "that" or after the content.
    That,
}

/// A grammatical gender that a pronoun can agree with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

pub struct Lexicon {
    /// First word of a cue → the cues starting with it: the remaining words and the class.
    cues: HashMap<&'static str, Vec<(Vec<&'static str>, CueClass)>>,
    titles: HashMap<&'static str, Option<Gender>>,
    names: HashMap<&'static str, Gender>,
    orgs: HashMap<&'static str, ()>,
}

fn lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn gender(tag: &str) -> Option<Gender> {
    match tag {
        "m" => Some(Gender::Male),
        "f" => Some(Gender::Female),
        _ => None,
    }
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut cues: HashMap<&'static str, Vec<(Vec<&'static str>, CueClass)>> = HashMap::new();
    for line in lines(include_str!("../../data/lang/en/speech/verbs.txt")) {
        let mut words: Vec<&'static str> = line.split_whitespace().collect();
        let class = match words.pop() {
            Some("tell") => CueClass::Tell,
            Some("think") => CueClass::Think,
            Some("that") => CueClass::That,
            _ => CueClass::Say,
        };
        let first = words.remove(0);
        cues.entry(first).or_default().push((words, class));
    }
    for list in cues.values_mut() {
        // Longest first, so "pointed out" wins over a bare "pointed".
        list.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
    }
    let pairs = |data: &'static str| {
        lines(data).filter_map(|l| l.split_once(char::is_whitespace)).map(|(w, g)| (w, g.trim()))
    };
    let titles = pairs(include_str!("../../data/lang/en/speech/titles.txt")).map(|(w, g)| (w, gender(g))).collect();
    let names = pairs(include_str!("../../data/lang/en/speech/names.txt"))
        .filter_map(|(w, g)| gender(g).map(|g| (w, g)))
        .collect();
    let orgs = lines(include_str!("../../data/lang/en/speech/orgs.txt")).map(|w| (w, ())).collect();
    Lexicon { cues, titles, names, orgs }
});

/// `word` in lowercase, borrowing when it already is.
pub fn lower(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

impl Lexicon {
    /// The cue starting at `words[0]`, if any: how many words it spans and its class.
    /// `words` are the lowercase words from the candidate on.
    pub fn cue<'a>(&self, first: &str, next: impl Fn(usize) -> Option<&'a str>) -> Option<(usize, CueClass)> {
        let list = self.cues.get(first)?;
        list.iter().find_map(|(rest, class)| {
            rest.iter()
                .enumerate()
                .all(|(k, w)| next(k + 1).is_some_and(|n| n.eq_ignore_ascii_case(w)))
                .then_some((rest.len() + 1, *class))
        })
    }

    /// Whether `word` (lowercase) can start a cue at all.
    pub fn starts_cue(&self, word: &str) -> bool {
        self.cues.contains_key(word)
    }

    /// `Some(gender)` when `word` (lowercase, no period) is a title.
    pub fn title(&self, word: &str) -> Option<Option<Gender>> {
        self.titles.get(word).copied()
    }

    pub fn name_gender(&self, word: &str) -> Option<Gender> {
        self.names.get(word).copied()
    }

    pub fn is_org_word(&self, word: &str) -> bool {
        self.orgs.contains_key(word)
    }
}
