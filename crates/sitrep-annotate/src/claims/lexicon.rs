//! The cue lists behind claims, compiled in from `data/claims/*.txt` (see
//! the headers of those files).

use sitrep_core::{Modality, SourceKind};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Multi-word cues keyed by their first word: the remaining words and what
/// the cue marks.
pub struct Cues<T> {
    by_first: HashMap<&'static str, Vec<(Vec<&'static str>, T)>>,
}

impl<T: Copy> Cues<T> {
    fn parse(data: &'static str, class: impl Fn(&str) -> Option<T>) -> Self {
        let mut by_first: HashMap<&'static str, Vec<(Vec<&'static str>, T)>> = HashMap::new();
        for line in data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let mut words = line.split_whitespace();
            let (Some(tag), Some(first)) = (words.next(), words.next()) else { continue };
            let Some(class) = class(tag) else { panic!("unknown class {tag:?} in a claims lexicon") };
            by_first.entry(first).or_default().push((words.collect(), class));
        }
        // Longest cue first, so "put the figure" wins over a shorter one.
        for list in by_first.values_mut() {
            list.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
        }
        Cues { by_first }
    }

    /// The cue starting at `words[i]` (lower-case words), with its length in words.
    pub fn at(&self, words: &[&str], i: usize) -> Option<(usize, T)> {
        let list = self.by_first.get(words[i])?;
        list.iter().find_map(|(rest, class)| {
            let tail = words.get(i + 1..i + 1 + rest.len())?;
            (tail == rest.as_slice()).then_some((1 + rest.len(), *class))
        })
    }
}

pub static MODALITY: LazyLock<Cues<Modality>> = LazyLock::new(|| {
    Cues::parse(include_str!("../../data/claims/modality.txt"), |tag| match tag {
        "hypothetical" => Some(Modality::Hypothetical),
        "denied" => Some(Modality::Denied),
        "possible" => Some(Modality::Possible),
        "reported" => Some(Modality::Reported),
        "estimated" => Some(Modality::Estimated),
        _ => None,
    })
});

/// Words that can name a source, with the kind of source they tell (`None`
/// for a role that tells no kind: "engineer", "director").
pub static SOURCE_WORDS: LazyLock<Cues<Option<SourceKind>>> = LazyLock::new(|| {
    Cues::parse(include_str!("../../data/claims/sources.txt"), |tag| match tag {
        "government" => Some(Some(SourceKind::Government)),
        "media" => Some(Some(SourceKind::Media)),
        "anonymous" => Some(Some(SourceKind::Anonymous)),
        "organization" => Some(Some(SourceKind::Organization)),
        "role" => Some(None),
        _ => None,
    })
});

/// The attribution words of `data/claims/attribution.txt`, by class.
pub struct Attribution {
    verbs: HashSet<&'static str>,
    agents: HashSet<&'static str>,
    documents: HashSet<&'static str>,
}

impl Attribution {
    /// A verb whose subject is the source of the figures it governs.
    pub fn is_verb(&self, word: &str) -> bool {
        self.verbs.contains(word)
    }

    /// A participle whose "by" agent is the source of a figure.
    pub fn is_agent_verb(&self, word: &str) -> bool {
        self.agents.contains(word)
    }

    /// A document or figure noun that stands for whoever issued it.
    pub fn is_document(&self, word: &str) -> bool {
        self.documents.contains(word)
    }
}

pub static ATTRIBUTION: LazyLock<Attribution> = LazyLock::new(|| {
    let mut a = Attribution { verbs: HashSet::new(), agents: HashSet::new(), documents: HashSet::new() };
    for line in include_str!("../../data/claims/attribution.txt").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let Some((class, word)) = line.split_once(' ') else { continue };
        let set = match class {
            "verb" => &mut a.verbs,
            "agent" => &mut a.agents,
            "document" => &mut a.documents,
            _ => panic!("unknown class {class:?} in data/claims/attribution.txt"),
        };
        set.insert(word.trim());
    }
    a
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_parse_and_match_multi_word_cues() {
        let words = ["officials", "put", "the", "figure", "at"];
        assert_eq!(MODALITY.at(&words, 1), Some((3, Modality::Estimated)));
        assert_eq!(MODALITY.at(&["is", "said", "to"], 0), Some((3, Modality::Reported)));
        assert_eq!(MODALITY.at(&["is", "big"], 0), None);
        assert_eq!(SOURCE_WORDS.at(&["white", "house"], 0), Some((2, Some(SourceKind::Government))));
        assert_eq!(SOURCE_WORDS.at(&["reuters"], 0), Some((1, Some(SourceKind::Media))));
        assert_eq!(SOURCE_WORDS.at(&["union"], 0), Some((1, Some(SourceKind::Organization))));
        assert_eq!(SOURCE_WORDS.at(&["engineer"], 0), Some((1, None)));
        assert!(ATTRIBUTION.is_verb("counted") && ATTRIBUTION.is_agent_verb("estimated") && ATTRIBUTION.is_document("update"));
        assert!(!ATTRIBUTION.is_verb("update"));
    }
}
