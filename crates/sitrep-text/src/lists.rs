//! Word lists kept as data: a data file holds one or more named lists, each
//! opened by a `[name]` line and followed by one entry a line; lines
//! starting with `#` are comments (every file opens with where its words
//! come from); an entry written in double quotes keeps its spaces (`"by "`). A module includes its file with `include_str!` and reads
//! each list once, on first use:
//!
//! ```
//! use sitrep_text::lists::{list, Words};
//! use std::sync::LazyLock;
//! const WORDS: &str = "# written for this example\n[greetings]\nhello\nhi there\n";
//! static GREETINGS: Words = LazyLock::new(|| list(WORDS, "greetings"));
//! assert!(GREETINGS.contains(&"hi there"));
//! ```

use std::collections::HashSet;
use std::sync::LazyLock;

/// A word list read from a data file on first use, in file order.
pub type Words = LazyLock<List>;

/// A list's entries in file order (a slice, through `Deref`), and for a
/// list longer than a few entries a hashed set of them, so that
/// `contains`, which annotation asks of lists of up to 200 words for
/// every token, is one look-up instead of a scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    entries: Vec<&'static str>,
    set: Option<HashSet<&'static str, foldhash::fast::FixedState>>,
}

/// Lists up to this long are scanned: comparing lengths first, a scan of
/// a few entries costs less than hashing the word.
const SCANNED: usize = 8;

impl List {
    /// Whether `word` is an entry, exactly (case and all).
    pub fn contains(&self, word: &&str) -> bool {
        match &self.set {
            Some(set) => set.contains(*word),
            None => self.entries.contains(word),
        }
    }
}

impl From<Vec<&'static str>> for List {
    fn from(entries: Vec<&'static str>) -> List {
        let set = (entries.len() > SCANNED).then(|| entries.iter().copied().collect::<HashSet<_, _>>());
        List { entries, set }
    }
}

impl std::ops::Deref for List {
    type Target = [&'static str];
    fn deref(&self) -> &[&'static str] {
        &self.entries
    }
}

impl IntoIterator for List {
    type Item = &'static str;
    type IntoIter = std::vec::IntoIter<&'static str>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a List {
    type Item = &'a &'static str;
    type IntoIter = std::slice::Iter<'a, &'static str>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

/// The entries of the list `name` in `data`, in order. A list the file
/// does not hold is a mistake in the program (its own data are compiled
/// in), caught by the first test that reads it.
pub fn list(data: &'static str, name: &str) -> List {
    let mut lines = data.lines().map(str::trim);
    let header = format!("[{name}]");
    assert!(lines.any(|l| l == header), "no list [{name}] in the data file");
    lines
        .take_while(|l| !l.starts_with('['))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.strip_prefix('"').and_then(|q| q.strip_suffix('"')).unwrap_or(l))
        .collect::<Vec<_>>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::list;

    const DATA: &str = "# provenance\n[one]\n# a comment\nalpha\n\nbeta gamma\n[two]\ndelta\n\"by \"\n\"\"\n";

    #[test]
    fn lists_are_read_by_name_in_order() {
        assert_eq!(*list(DATA, "one"), ["alpha", "beta gamma"]);
        assert_eq!(*list(DATA, "two"), ["delta", "by ", ""]);
    }

    #[test]
    fn long_and_short_lists_hold_the_same_entries() {
        let long = (0..40).map(|n| format!("word{n}")).collect::<Vec<_>>().join("\n");
        let data: &'static str = format!("# generated\n[long]\n{long}\n[short]\nwar\nwars\n").leak();
        let (long, short) = (list(data, "long"), list(data, "short"));
        assert!(long.contains(&"word0") && long.contains(&"word39"));
        assert!(!long.contains(&"word40") && !long.contains(&"Word0") && !long.contains(&""));
        assert!(short.contains(&"wars") && !short.contains(&"war "));
        assert_eq!(long.len(), 40);
        assert_eq!(long.iter().filter(|w| long.contains(w)).count(), 40);
    }

    #[test]
    #[should_panic(expected = "no list [three]")]
    fn a_missing_list_is_reported_by_name() {
        list(DATA, "three");
    }
}
