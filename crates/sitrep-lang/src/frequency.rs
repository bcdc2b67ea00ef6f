//! How common an English word is: its rank among the most frequent words
//! (`data/lang/en/lexicons/common_words.txt`, wordfreq's top 30,000; see the
//! lexicons README). Fuse weighs the words documents share by it, so that
//! "Kursk" tells more about a story than "troops".

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

static RANKS: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
    let mut ranks = HashMap::with_capacity(30_000);
    let words = include_str!("../../sitrep-annotate/data/lang/en/lexicons/common_words.txt").lines().map(str::trim);
    for (rank, w) in words.filter(|l| !l.is_empty() && !l.starts_with('#')).enumerate() {
        ranks.entry(w).or_insert(rank as u32 + 1);
    }
    ranks
});

/// The 1-based frequency rank of a lower-case word, `None` when it is not
/// among the most frequent 30,000 (rare words and most names).
pub fn rank(word: &str) -> Option<u32> {
    RANKS.get(word).copied()
}

#[cfg(test)]
mod tests {
    #[test]
    fn common_words_rank_high() {
        assert_eq!(super::rank("the"), Some(1));
        assert!(super::rank("troops").unwrap() < super::rank("hurricane").unwrap());
        assert_eq!(super::rank("zzzxq"), None);
    }
}
