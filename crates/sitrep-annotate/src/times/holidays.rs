//! Named days ("Christmas", "Easter Monday", "Thanksgiving") from
//! `data/lang/en/holidays.tsv`: the words of each name and the rule that
//! dates it in a given year.

use std::sync::OnceLock;

use foldhash::{HashMap, HashMapExt};

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::lex::{Tk, Tok};

const DATA: &str = include_str!("../../data/lang/en/holidays.tsv");

/// How a named day is dated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Fixed {
        m: u32,
        d: u32,
    },
    /// The `n`th weekday `wd` (1 = Monday) of month `m`; `n` = -1 for the last.
    Nth {
        m: u32,
        n: i32,
        wd: u32,
    },
    /// Days after (or before) Easter Sunday.
    Easter(i64),
}

struct Holiday {
    /// The lower-case words and punctuation of the name, as tokens split it.
    words: Vec<String>,
    rule: Rule,
}

fn parse_rule(s: &str) -> Option<Rule> {
    if let Some(off) = s.strip_prefix("easter:") {
        return off.parse().ok().map(Rule::Easter);
    }
    if let Some(rest) = s.strip_prefix("nth:") {
        let mut it = rest.split(':').map(str::parse::<i32>);
        let (m, n, wd) = (it.next()?.ok()?, it.next()?.ok()?, it.next()?.ok()?);
        return Some(Rule::Nth {
            m: m as u32,
            n,
            wd: wd as u32,
        });
    }
    let (m, d) = s.split_once('-')?;
    Some(Rule::Fixed {
        m: m.parse().ok()?,
        d: d.parse().ok()?,
    })
}

/// Split a name the way the tokenizer splits text: letters, digits, and
/// single punctuation characters, with curly apostrophes as straight ones.
fn name_words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            cur.push(c);
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if !c.is_whitespace() {
            out.push(if c == '’' {
                "'".into()
            } else {
                c.to_string()
            });
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The named days, longest names first, and where each first word's names
/// are in that order (by the word in ASCII lower case): a look-up for every
/// word of a text, not a scan of the table.
struct Table {
    days: Vec<Holiday>,
    by_first: HashMap<String, Vec<u16>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut days: Vec<Holiday> = DATA
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let name = cols.next()?;
                let rule = parse_rule(cols.next()?)?;
                Some(Holiday {
                    words: name_words(name),
                    rule,
                })
            })
            .collect();
        // Longest names first, so "Christmas Eve" wins over "Christmas".
        days.sort_by_key(|h| std::cmp::Reverse(h.words.len()));
        let mut by_first: HashMap<String, Vec<u16>> = HashMap::new();
        for (idx, h) in days.iter().enumerate() {
            if let Some(w) = h.words.first() {
                by_first.entry(w.to_ascii_lowercase()).or_default().push(idx as u16);
            }
        }
        Table { days, by_first }
    })
}

/// The named days whose first word is `word` (ASCII case aside), in the
/// table's order; a curly apostrophe is the straight one of the names.
fn starting_with(word: &str) -> &'static [u16] {
    let get = |key: &str| table().by_first.get(key).map_or(&[][..], Vec::as_slice);
    if word == "’" {
        return get("'");
    }
    sitrep_text::fold::with_ascii_lowercase(word, get)
}

/// Whether `word` is the first word of a named day.
pub(crate) fn starts_name(word: &str) -> bool {
    word != "’" && !starting_with(word).is_empty()
}

/// The named day starting at token `i`: (token after it, its index).
pub(crate) fn at(text: &str, toks: &[Tok], i: usize) -> Option<(usize, u16)> {
    let first = toks.get(i)?;
    if !matches!(first.kind, Tk::Word(_)) {
        return None;
    }
    let days = &table().days;
    'names: for &idx in starting_with(&text[first.start..first.end]) {
        let h = &days[idx as usize];
        if toks.len() < i + h.words.len() {
            continue;
        }
        for (k, w) in h.words.iter().enumerate() {
            let t = &toks[i + k];
            let raw = &text[t.start..t.end];
            let same = raw.eq_ignore_ascii_case(w) || raw == "’" && w == "'";
            // The words of a name follow each other without a line break.
            if !same || k > 0 && text[toks[i + k - 1].end..t.start].contains('\n') {
                continue 'names;
            }
        }
        return Some((i + h.words.len(), idx));
    }
    None
}

fn easter(y: i32) -> Option<NaiveDate> {
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32)
}

/// The date of named day `idx` in year `y`.
pub(crate) fn date(idx: u16, y: i32) -> Option<NaiveDate> {
    match table().days.get(idx as usize)?.rule {
        Rule::Fixed { m, d } => NaiveDate::from_ymd_opt(y, m, d),
        Rule::Easter(off) => {
            let e = easter(y)?;
            if off >= 0 {
                e.checked_add_days(Days::new(off as u64))
            } else {
                e.checked_sub_days(Days::new(off.unsigned_abs()))
            }
        }
        Rule::Nth { m, n, wd } => {
            let wd = Weekday::try_from(u8::try_from(wd.checked_sub(1)?).ok()?).ok()?;
            if n > 0 {
                NaiveDate::from_weekday_of_month_opt(y, m, wd, n as u8)
            } else {
                // The last one: step back from the last day of the month.
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)?
                };
                let mut d = next.pred_opt()?;
                while d.weekday() != wd {
                    d = d.pred_opt()?;
                }
                Some(d)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_in_the_data_file_parses_and_dates() {
        let rows = DATA
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert_eq!(table().days.len(), rows);
        for idx in 0..table().days.len() {
            assert!(date(idx as u16, 2024).is_some(), "{:?}", table().days[idx].words);
        }
    }

    #[test]
    fn computed_dates() {
        let find = |name: &str| {
            table()
                .days
                .iter()
                .position(|h| h.words.join(" ") == name)
                .map(|i| i as u16)
        };
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(find("easter").and_then(|i| date(i, 2024)), ymd(2024, 3, 31));
        assert_eq!(
            find("good friday").and_then(|i| date(i, 2025)),
            ymd(2025, 4, 18)
        );
        assert_eq!(
            find("thanksgiving").and_then(|i| date(i, 1999)),
            ymd(1999, 11, 25)
        );
        assert_eq!(
            find("memorial day").and_then(|i| date(i, 2024)),
            ymd(2024, 5, 27)
        );
    }

    /// The named day a scan of the whole table finds at token `i` (the
    /// first name, longest first, whose words all match): what the look-up
    /// by first word must find.
    fn scanned(text: &str, toks: &[Tok], i: usize) -> Option<(usize, u16)> {
        if !matches!(toks.get(i)?.kind, Tk::Word(_)) {
            return None;
        }
        table().days.iter().enumerate().find_map(|(idx, h)| {
            let fits = toks.len() >= i + h.words.len()
                && h.words.iter().enumerate().all(|(k, w)| {
                    let t = &toks[i + k];
                    let raw = &text[t.start..t.end];
                    (raw.eq_ignore_ascii_case(w) || raw == "’" && w == "'") && (k == 0 || !text[toks[i + k - 1].end..t.start].contains('\n'))
                });
            fits.then_some((i + h.words.len(), idx as u16))
        })
    }

    #[test]
    fn every_name_is_found_by_its_first_word_as_a_scan_of_the_table_finds_it() {
        let words = super::super::lex::words(None);
        for h in &table().days {
            let name = h.words.join(" ");
            let upper = name.to_uppercase();
            let title: String = name.split(' ').map(|w| w.chars().next().map(|c| c.to_uppercase().chain(w.chars().skip(1)).collect::<String>()).unwrap_or_default()).collect::<Vec<_>>().join(" ");
            for text in [format!("On {name} they met."), format!("By {upper}, {title}\n{title} and {name}.")] {
                let toks = super::super::lex::tokenize(&text, sitrep_text::tokens::Atoms::new(&text), words);
                for i in 0..toks.len() {
                    assert_eq!(at(&text, &toks, i), scanned(&text, &toks, i), "{text:?} at token {i}");
                }
                assert!((0..toks.len()).any(|i| at(&text, &toks, i).is_some()), "{text:?}");
            }
            assert!(starts_name(&h.words[0].to_uppercase()), "{name}");
        }
        assert!(!starts_name("’") && !starts_name("tuesdayish"));
    }
}
