//! The names table: countries, capitals, regions, leaders and bodies as
//! each language and script writes them, with their English names
//! (`crates/sitrep-annotate/data/lang/names.tsv`, headed by where its
//! names come from: `english name <TAB> forms separated by " | " <TAB>
//! adjective`, a form ending in `*` a stem). Fuse profiles a document in
//! another language by the names [`names_in`] finds in it; the language
//! packs name places and groups in English with it.

use std::sync::LazyLock;

/// The table, kept with the language packs it serves.
const NAMES_TSV: &str = include_str!("../../sitrep-annotate/data/lang/names.tsv");

/// Rows of a tab-separated data file: `(first field, the rest)`, skipping
/// comments (the names table and the language packs).
pub fn rows(data: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    data.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).filter_map(|l| l.split_once('\t'))
}

/// The names of the table: (English name, form, is a stem).
static NAMES: LazyLock<Vec<(&'static str, &'static str, bool)>> = LazyLock::new(|| {
    let mut out: Vec<(&'static str, &'static str, bool)> = rows(NAMES_TSV)
        .flat_map(|(english, rest)| {
            let forms = rest.split('\t').next().unwrap_or_default();
            forms.split(" | ").map(str::trim).filter(|f| !f.is_empty()).map(move |f| match f.strip_suffix('*') {
                Some(stem) => (english, stem, true),
                None => (english, f, false),
            })
        })
        .collect();
    out.sort_by_key(|(_, f, _)| std::cmp::Reverse(f.len()));
    out
});

/// Whether `c` is written without spaces around words (Han, kana, Hangul).
fn unspaced_char(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11ff}' | '\u{3040}'..='\u{30ff}' | '\u{3130}'..='\u{318f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}')
}

/// The countries, capitals, leaders and bodies a text in any language
/// names, as their English names with how often each is named ("Selenskyj",
/// "Зеленский", "젤렌스키" → "volodymyr zelensky"). Where forms overlap, the
/// longest is read. Only the first [`NAMES_SAMPLE`] bytes are read.
pub fn names_in(text: &str) -> Vec<(&'static str, usize)> {
    let mut end = text.len().min(NAMES_SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for (english, _, _) in name_spans(&text[..end].to_lowercase()) {
        match counts.iter_mut().find(|(e, _)| *e == english) {
            Some((_, n)) => *n += 1,
            None => counts.push((english, 1)),
        }
    }
    counts
}

/// Every name of the names table in `lower` (a lower-cased text), as its
/// English name and the bytes it spans, longest forms first where they
/// overlap.
pub fn name_spans(lower: &str) -> Vec<(&'static str, usize, usize)> {
    let mut taken = vec![false; lower.len()];
    let mut out = Vec::new();
    for &(english, form, stem) in NAMES.iter() {
        let anywhere = form.chars().next().is_some_and(unspaced_char);
        for (at, _) in lower.match_indices(form) {
            let after = at + form.len();
            let left = anywhere || !lower[..at].chars().next_back().is_some_and(char::is_alphanumeric);
            let right = anywhere || stem || !lower[after..].chars().next().is_some_and(char::is_alphanumeric);
            if !left || !right || taken[at..after].iter().any(|&t| t) {
                continue;
            }
            taken[at..after].iter_mut().for_each(|t| *t = true);
            out.push((english, at, after));
        }
    }
    out
}

/// How much of a text [`names_in`] reads.
const NAMES_SAMPLE: usize = 16 * 1024;

#[cfg(test)]
mod tests {
    use super::names_in;

    #[test]
    fn names_are_found_in_any_script_longest_form_first() {
        let found = |t: &str| {
            let mut n: Vec<&str> = names_in(t).into_iter().map(|(e, _)| e).collect();
            n.sort_unstable();
            n
        };
        assert_eq!(found("Ukraine und die Ukraine"), ["ukraine"]);
        assert_eq!(names_in("Kiew, Kiew").first().map(|(_, n)| *n), Some(2));
        assert!(found("Zzyzx").is_empty());
    }
}
