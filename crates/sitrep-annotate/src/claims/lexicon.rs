//! The cue lists behind claims, compiled in from `data/claims/*.txt` (see
//! the headers of those files).

use sitrep_core::{Modality, SourceKind};
use std::collections::HashMap;
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

pub static SOURCE_WORDS: LazyLock<Cues<SourceKind>> = LazyLock::new(|| {
    Cues::parse(include_str!("../../data/claims/sources.txt"), |tag| match tag {
        "government" => Some(SourceKind::Government),
        "media" => Some(SourceKind::Media),
        "anonymous" => Some(SourceKind::Anonymous),
        _ => None,
    })
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
        assert_eq!(SOURCE_WORDS.at(&["white", "house"], 0), Some((2, SourceKind::Government)));
        assert_eq!(SOURCE_WORDS.at(&["reuters"], 0), Some((1, SourceKind::Media)));
    }
}
