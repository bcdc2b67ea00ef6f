//! The tokens the quantity finder reads: numbers (with their grouping and
//! decimal conventions already read), words and single punctuation marks.
//!
//! The tokens are read from the shared tokenizer's atoms
//! (`sitrep_text::tokens::Atoms`), where letters and digits never share a token ("48m"
//! is `48` + `m`, "KN-23" is `KN` `-` `23`) and every token knows whether
//! whitespace separates it from the one before, so units glued to numbers
//! and model names glued to letters can both be told apart. Each CJK
//! character (Han, kana, Hangul) is a word of its own: "1万2000人" is `1`
//! `万` `2000` `人`.

use sitrep_text::tokens::{Atoms, Shape, Token};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// Digits, with their value. `int` when written without a decimal part;
    /// `grouped` when thousands separators were read.
    Num { value: f64, decimals: u8, int: bool, grouped: bool, digits: u8 },
    Word,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// No whitespace between this token and the one before.
    pub glued: bool,
}

impl Tok {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    pub fn num(&self) -> Option<f64> {
        match self.kind {
            Kind::Num { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// Whether `c` is a Han, kana or Hangul character: written without spaces,
/// so numbers are glued to the words around them ("約1万人", "3000명").
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11ff}' | '\u{3040}'..='\u{30ff}' | '\u{3130}'..='\u{318f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}')
}

fn digit_run(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    j
}

/// An exponent at `i`: "e6", "E-3", "e+12", not followed by a letter or
/// digit ("3e5b" is an id). Returns its end and value.
fn exponent(b: &[u8], i: usize) -> Option<(usize, i32)> {
    if !matches!(b.get(i), Some(b'e' | b'E')) {
        return None;
    }
    let sign = usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
    let from = i + 1 + sign;
    let end = digit_run(b, from);
    if end == from || end - from > 3 || b.get(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let e: i32 = std::str::from_utf8(&b[from..end]).ok()?.parse().ok()?;
    Some((end, if b[i + 1] == b'-' { -e } else { e }))
}

/// How the text's language writes numbers.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Style {
    /// The language groups thousands with dots, so one dot group ("3.000")
    /// is grouping, not an English decimal.
    pub dot_groups: bool,
    /// The language groups thousands with spaces and writes its decimals
    /// after them ("12 345,5"): a space group may go on to a decimal part,
    /// where in English "3 100.5" is two numbers.
    pub space_decimals: bool,
}

/// Read the number starting at `i` (an ASCII digit, or a '.' before one)
/// in the language's [`Style`]. Returns its end,
/// value, number of decimals, whether it was grouped and whether it had an
/// exponent ("1.2e6").
fn read_number(text: &str, i: usize, style: Style) -> (usize, f64, u8, bool, bool) {
    let b = text.as_bytes();
    let int_end = digit_run(b, i);
    let mut digits: String = text[i..int_end].to_string();
    let mut end = int_end;
    let mut group_sep: Option<&str> = None;
    let lead = int_end - i;
    // Indian grouping: 12,34,567 (pairs, then a final group of three).
    if (1..=2).contains(&lead) {
        let mut j = int_end;
        let mut pairs = String::new();
        while b.get(j) == Some(&b',') && digit_run(b, j + 1) == j + 3 {
            pairs.push_str(&text[j + 1..j + 3]);
            j += 3;
        }
        if !pairs.is_empty() && b.get(j) == Some(&b',') && digit_run(b, j + 1) == j + 4 {
            digits.push_str(&pairs);
            digits.push_str(&text[j + 1..j + 4]);
            end = j + 4;
            group_sep = Some(",");
        }
    }
    // Western grouping: 1,234,567 / 1.234.567 / 1 234 567 / 1'234'567; a
    // leading zero ("020 7946") is a code, never grouped.
    if group_sep.is_none() && lead <= 3 && !(lead > 1 && b[i] == b'0') {
        for sep in [",", ".", " ", "\u{a0}", "\u{2009}", "\u{202f}", "'"] {
            let mut j = int_end;
            let mut groups = 0;
            let mut acc = String::new();
            while text[j..].starts_with(sep) {
                let g = j + sep.len();
                if digit_run(b, g) != g + 3 {
                    // Space-separated digit runs of other lengths are a
                    // phone number or a code ("555 123 4567"), not a group.
                    if sep.trim().is_empty() && digit_run(b, g) > g {
                        groups = 0;
                    }
                    break;
                }
                // A space group must not be the start of a longer number
                // ("3 2024") nor of a decimal ("3 100.5" is two numbers).
                if sep.trim().is_empty() && !style.space_decimals && b.get(g + 3).is_some_and(|&c| c == b'.' || c == b',') && b.get(g + 4).is_some_and(u8::is_ascii_digit) {
                    break;
                }
                acc.push_str(&text[g..g + 3]);
                j = g + 3;
                groups += 1;
            }
            // "1.234" alone is a decimal in English; two dot groups are grouping.
            let enough = if sep == "." && !style.dot_groups { groups >= 2 } else { groups >= 1 };
            if enough {
                digits.push_str(&acc);
                end = j;
                group_sep = Some(sep);
                break;
            }
        }
    }
    // Decimal part.
    let mut decimals = 0u8;
    let dec_sep = match group_sep {
        Some(".") => Some(b','),
        Some(",") => Some(b'.'),
        _ => None,
    };
    let try_dec = |sep: u8| -> Option<usize> {
        if b.get(end) == Some(&sep) {
            let e = digit_run(b, end + 1);
            if e > end + 1 {
                return Some(e);
            }
        }
        None
    };
    let dec_end = match dec_sep {
        Some(s) => try_dec(s),
        // After space or apostrophe groups either mark: "12 345.5", "12 345,5".
        None => try_dec(b'.').or_else(|| {
            // A decimal comma: 1-2 digits, not followed by more digit groups
            // nor inside a list of them ("22,24,26").
            let in_list = i >= 2 && b[i - 1] == b',' && b[i - 2].is_ascii_digit();
            let e = try_dec(b',').filter(|_| !in_list)?;
            let n = e - end - 1;
            let more = b.get(e) == Some(&b',') && b.get(e + 1).is_some_and(u8::is_ascii_digit);
            ((1..=2).contains(&n) && !more).then_some(e)
        }),
    };
    if let Some(e) = dec_end {
        digits.push('.');
        digits.push_str(&text[end + 1..e]);
        decimals = (e - end - 1).min(255) as u8;
        end = e;
    }
    let mut value = digits.parse::<f64>().unwrap_or(0.0);
    let sci = group_sep.is_none().then(|| exponent(b, end)).flatten();
    if let Some((e, exp)) = sci {
        value = format!("{digits}e{exp}").parse().unwrap_or(value);
        end = e;
    }
    (end, value, decimals, group_sep.is_some(), sci.is_some())
}

/// Split `text` into tokens: the shared tokenizer's atoms
/// ([`Atoms`]) read as the quantity grammar needs them (a number
/// with its groups, decimals and exponent; a word with its inner
/// apostrophes; each CJK character a word). Inside URLs and e-mail
/// addresses nothing is a number: those runs become one punctuation token
/// each. Numbers are read in the language's [`Style`].
pub(super) fn lex(text: &str, style: Style) -> Vec<Tok> {
    lex_atoms(text, Atoms::new(text), style)
}

/// [`lex`] over the text's atoms read already (a document's shared
/// `Analysis::atoms`).
pub(super) fn lex_atoms(text: &str, atoms: impl IntoIterator<Item = Token>, style: Style) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 4);
    let mut last_end = usize::MAX;
    // Where the text is read up to: a token may take in the atoms after
    // its first (a number's groups, a word's apostrophe, a URL).
    let mut read = 0;
    for atom in atoms {
        // An atom holds several tokens when CJK characters stand in a run of letters ("万人").
        let mut i = atom.start.max(read);
        while i < atom.end {
            let c = b[i];
            let ch = text[i..].chars().next().unwrap_or(' ');
            let glued = last_end == i;
            let (end, kind) = if c.is_ascii_digit() || c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit) && !glued {
                let (end, value, decimals, grouped, sci) = read_number(text, i, style);
                let int = decimals == 0 && c != b'.' && !sci;
                let digits = text[i..end].bytes().filter(u8::is_ascii_digit).count().min(255) as u8;
                (end, Kind::Num { value, decimals, int, grouped, digits })
            } else if is_cjk(ch) {
                (i + ch.len_utf8(), Kind::Word)
            } else if atom.shape != Shape::Punct {
                let mut end = i;
                for (k, x) in text[i..].char_indices() {
                    if x.is_alphabetic() && !is_cjk(x) {
                        end = i + k + x.len_utf8();
                    } else if matches!(x, '\'' | '’') && text[i + k + x.len_utf8()..].starts_with(|y: char| y.is_alphabetic()) && k > 0 {
                        continue;
                    } else {
                        break;
                    }
                }
                (end, Kind::Word)
            } else {
                (i + ch.len_utf8(), Kind::Punct)
            };
            // A URL or e-mail address: swallow the whole whitespace-free run.
            let mut end_kind = (end, kind);
            if kind == Kind::Word && (text[i..].starts_with("http") || text[i..].starts_with("www.")) || ch == '@' {
                let run_end = text[i..].find(char::is_whitespace).map_or(text.len(), |k| i + k);
                let looks_url = text[i..run_end].contains("://") || text[i..run_end].starts_with("www.") || ch == '@';
                if looks_url {
                    // An address: also drop the glued tokens read just before it.
                    let mut from = i;
                    while let Some(t) = out.last() {
                        if t.end == from && ch == '@' {
                            from = t.start;
                            out.pop();
                        } else {
                            break;
                        }
                    }
                    i = from;
                    end_kind = (run_end, Kind::Punct);
                }
            }
            let (end, kind) = end_kind;
            out.push(Tok { start: i, end, kind, glued });
            last_end = end;
            i = end.max(i + 1);
            read = i;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(text: &str) -> Vec<(String, f64)> {
        lex(text, Style::default()).iter().filter_map(|t| t.num().map(|v| (text[t.start..t.end].to_string(), v))).collect()
    }

    #[test]
    fn grouping_and_decimal_conventions() {
        assert_eq!(nums("12,000 and 1.28 and 98,3"), vec![("12,000".into(), 12000.0), ("1.28".into(), 1.28), ("98,3".into(), 98.3)]);
        assert_eq!(nums("1.234.567,5"), vec![("1.234.567,5".into(), 1234567.5)]);
        assert_eq!(nums("12,34,567.89"), vec![("12,34,567.89".into(), 1234567.89)]);
        assert_eq!(nums("is 1 414 021 100."), vec![("1 414 021 100".into(), 1414021100.0)]);
        assert_eq!(nums("555 123 4567"), vec![("555".into(), 555.0), ("123".into(), 123.0), ("4567".into(), 4567.0)]);
        assert_eq!(nums("020 794"), vec![("020".into(), 20.0), ("794".into(), 794.0)]);
        let dotted = |t: &str| lex(t, Style { dot_groups: true, ..Style::default() }).iter().filter_map(|x| x.num()).collect::<Vec<_>>();
        assert_eq!(dotted("3.000 und 3.5 und 1.234.567,5"), vec![3000.0, 3.5, 1234567.5]);
        assert_eq!(nums("nrs. 22,24,26"), vec![("22".into(), 22.0), ("24".into(), 24.0), ("26".into(), 26.0)]);
        assert_eq!(nums(".08"), vec![(".08".into(), 0.08)]);
        let spaced = |t: &str| lex(t, Style { space_decimals: true, ..Style::default() }).iter().filter_map(|x| x.num()).collect::<Vec<_>>();
        assert_eq!(spaced("12 345,5 and 12\u{a0}345.5"), vec![12345.5, 12345.5]);
        assert_eq!(nums("3 100.5"), vec![("3".into(), 3.0), ("100.5".into(), 100.5)], "two numbers in English");
        assert_eq!(nums("in 2023 100 people"), vec![("2023".into(), 2023.0), ("100".into(), 100.0)]);
        assert_eq!(nums("1.2e6 and 5E-3 but 3e5b"), vec![("1.2e6".into(), 1.2e6), ("5E-3".into(), 0.005), ("3".into(), 3.0), ("5".into(), 5.0)]);
    }

    #[test]
    fn cjk_characters_are_words_of_their_own() {
        let text = "約1万2000人";
        let shown: Vec<&str> = lex(text, Style::default()).iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(shown, vec!["約", "1", "万", "2000", "人"]);
    }

    #[test]
    fn a_run_of_letters_with_cjk_characters_gives_a_word_each() {
        let text = "Soldaten兵士x 3'000";
        let shown: Vec<(&str, bool)> = lex(text, Style::default()).iter().map(|t| (&text[t.start..t.end], t.is_word())).collect();
        assert_eq!(shown, vec![("Soldaten", true), ("兵", true), ("士", true), ("x", true), ("3'000", false)]);
    }

    #[test]
    fn urls_hold_no_numbers() {
        assert!(nums("see https://example.org/a?q=30%25 and x@y20.com").is_empty());
    }

    #[test]
    fn letters_and_digits_split_and_glue_is_recorded() {
        let text = "KN-23 48m";
        let toks = lex(text, Style::default());
        let shown: Vec<(&str, bool)> = toks.iter().map(|t| (&text[t.start..t.end], t.glued)).collect();
        assert_eq!(shown, vec![("KN", false), ("-", true), ("23", true), ("48", false), ("m", true)]);
    }
}
