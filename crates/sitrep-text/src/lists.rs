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

use std::sync::LazyLock;

/// A word list read from a data file on first use, in file order.
pub type Words = LazyLock<Vec<&'static str>>;

/// The entries of the list `name` in `data`, in order. A list the file
/// does not hold is a mistake in the program (its own data are compiled
/// in), caught by the first test that reads it.
pub fn list(data: &'static str, name: &str) -> Vec<&'static str> {
    let mut lines = data.lines().map(str::trim);
    let header = format!("[{name}]");
    assert!(lines.any(|l| l == header), "no list [{name}] in the data file");
    lines
        .take_while(|l| !l.starts_with('['))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.strip_prefix('"').and_then(|q| q.strip_suffix('"')).unwrap_or(l))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::list;

    const DATA: &str = "# provenance\n[one]\n# a comment\nalpha\n\nbeta gamma\n[two]\ndelta\n\"by \"\n\"\"\n";

    #[test]
    fn lists_are_read_by_name_in_order() {
        assert_eq!(list(DATA, "one"), vec!["alpha", "beta gamma"]);
        assert_eq!(list(DATA, "two"), vec!["delta", "by ", ""]);
    }

    #[test]
    #[should_panic(expected = "no list [three]")]
    fn a_missing_list_is_reported_by_name() {
        list(DATA, "three");
    }
}
