//! Language packs: the words of one language for what a figure measures and
//! who or what it counts, mapped to the language-neutral keys of the frame
//! vocabulary ([`crate::frames`]), so that "Soldaten", "soldats", "солдат",
//! "병력" and "兵士" all count `troops` and "getötet", "tués", "убиты",
//! "사망" all measure `killed`, and claims in any language join the same
//! topics as the English ones.
//!
//! Each pack is data under `data/lang/<code>/` (ISO 639-1), every file
//! headed by where its words come from:
//!
//! - `counted.tsv`: `key <TAB> forms` — who or what is counted, the key one
//!   of `data/frames/counted.tsv`;
//! - `measures.tsv`: `key <TAB> forms` — what happened to it, the key one
//!   of `data/frames/measures.tsv`;
//! - `grammar.tsv`: `role <TAB> forms` — `and_or`: the words that join two
//!   measures into their whole ("getötet oder verwundet" → casualties);
//!   `nouns capitalised` where every noun has a capital (German).
//!
//! Across languages, `data/lang/names.tsv` gives the English names of
//! countries, capitals, regions, leaders and bodies as each language and
//! script writes them ([`names_in`]): stories, places and groups of
//! documents in other languages are named in English with it.
//!
//! A form is lower case; `+` joins the words of a form of several words and
//! a word ending in `*` is a stem that matches any ending ("getötet*",
//! "погиб*"), which inflected languages need. Languages written without
//! spaces between words (Japanese, Chinese) match a form anywhere inside a
//! token. [`pack`] chooses the pack by a document's language; adding a
//! language is adding its folder and one line to [`PACKS`].

use std::sync::LazyLock;

use crate::frames::{self, Counted, Kind, Measure};
pub use sitrep_lang::names::names_in;
use sitrep_lang::names::rows;

/// The packs: code, `counted.tsv`, `measures.tsv`, `grammar.tsv`.
macro_rules! packs {
    ($($code:literal),* $(,)?) => {
        [$(($code,
            include_str!(concat!("../data/lang/", $code, "/counted.tsv")),
            include_str!(concat!("../data/lang/", $code, "/measures.tsv")),
            include_str!(concat!("../data/lang/", $code, "/grammar.tsv")))),*]
    };
}

/// Every language with a pack.
const PACKS: [(&str, &str, &str, &str); 11] = packs!("de", "fr", "es", "it", "pt", "pl", "uk", "ru", "ko", "ja", "zh");

/// Languages written without spaces between words: a form may stand
/// anywhere inside a token.
const UNSPACED: &[&str] = &["ja", "zh"];

/// One word of a form.
#[derive(Debug, PartialEq)]
enum Pattern {
    Word(&'static str),
    Stem(&'static str),
}

/// A written form and the key it maps to.
#[derive(Debug)]
struct Form {
    words: Vec<Pattern>,
    key: &'static str,
}

/// The words of one language.
#[derive(Debug)]
pub struct Pack {
    pub code: &'static str,
    /// Written without spaces between words (Japanese, Chinese).
    pub unspaced: bool,
    /// Longest forms first.
    counted: Vec<Form>,
    measures: Vec<Form>,
    and_or: Vec<&'static str>,
    /// Every noun is written with a capital (German): a capital makes no name.
    pub capitalised_nouns: bool,
}

/// The forms of a pack file, longest first (so "getötet+oder+verwundet"
/// wins over "getötet").
fn forms(data: &'static str) -> Vec<Form> {
    let mut out: Vec<Form> = rows(data)
        .flat_map(|(key, forms)| {
            forms.split_whitespace().map(move |f| Form {
                words: f.split('+').map(|w| w.strip_suffix('*').map_or(Pattern::Word(w), Pattern::Stem)).collect(),
                key,
            })
        })
        .collect();
    out.sort_by_key(|f| std::cmp::Reverse((f.words.len(), f.words.iter().map(|w| match w {
        Pattern::Word(s) | Pattern::Stem(s) => s.len(),
    }).sum::<usize>())));
    out
}

static LOADED: LazyLock<Vec<Pack>> = LazyLock::new(|| {
    PACKS
        .iter()
        .map(|&(code, counted, measures, grammar)| Pack {
            code,
            unspaced: UNSPACED.contains(&code),
            counted: forms(counted),
            measures: forms(measures),
            and_or: rows(grammar).filter(|(role, _)| *role == "and_or").flat_map(|(_, f)| f.split_whitespace()).collect(),
            capitalised_nouns: rows(grammar).any(|(role, v)| role == "nouns" && v.trim() == "capitalised"),
        })
        .collect()
});

/// The pack of a document's language (ISO 639-1), if there is one.
pub fn pack(language: Option<&str>) -> Option<&'static Pack> {
    let code = language?;
    LOADED.iter().find(|p| p.code == code)
}

impl Pack {
    /// Whether `word` (any case) matches one word of a form.
    fn matches(&self, pattern: &Pattern, word: &str) -> bool {
        match (pattern, self.unspaced) {
            (Pattern::Word(w) | Pattern::Stem(w), true) => word.contains(w),
            (Pattern::Word(w), false) => word == *w,
            (Pattern::Stem(s), false) => word.starts_with(s),
        }
    }

    /// The key of the longest form in `list` starting at `words[i]`, with its
    /// length in words.
    fn at(&self, list: &[Form], words: &[&str], i: usize) -> Option<(usize, &'static str)> {
        let lower: Vec<String> = words.get(i..)?.iter().take(list.first()?.words.len()).map(|w| w.to_lowercase()).collect();
        list.iter().find_map(|f| {
            let tail = lower.get(..f.words.len())?;
            f.words.iter().zip(tail).all(|(p, w)| self.matches(p, w)).then_some((f.words.len(), f.key))
        })
    }

    /// The counted noun `word` names.
    pub fn counted(&self, word: &str) -> Option<&'static Counted> {
        self.at(&self.counted, &[word], 0).and_then(|(_, key)| frames::counted_key(key))
    }

    /// Whether `word` counts people ("Soldaten", "осіб").
    pub fn counts_people(&self, word: &str) -> bool {
        self.counted(word).is_some_and(|c| c.kind != Kind::Thing)
    }

    /// The measure named at `words[i]`, with its length in words.
    pub fn measure_at(&self, words: &[&str], i: usize) -> Option<(usize, &'static Measure)> {
        self.at(&self.measures, words, i).and_then(|(n, key)| Some((n, frames::measure(key)?)))
    }

    /// The key of the form in `list` nearest the figure at bytes
    /// `from..to` of `token` (by the bytes between them; after the figure
    /// first at equal distance).
    fn nearest(list: &[Form], token: &str, from: usize, to: usize) -> Option<&'static str> {
        let mut best: Option<(usize, &'static str)> = None;
        for f in list {
            let [Pattern::Word(w) | Pattern::Stem(w)] = f.words[..] else { continue };
            for (at, _) in token.match_indices(w) {
                let distance = if at >= to { 2 * (at - to) } else if at + w.len() <= from { 2 * (from - at - w.len()) + 1 } else { continue };
                if best.is_none_or(|(d, _)| distance < d) {
                    best = Some((distance, f.key));
                }
            }
        }
        best.map(|(_, key)| key)
    }

    /// The counted noun nearest the figure at bytes `from..to` of `token`
    /// ("1万名士兵" → troops).
    pub fn nearest_counted(&self, token: &str, from: usize, to: usize) -> Option<&'static Counted> {
        Self::nearest(&self.counted, token, from, to).and_then(frames::counted_key)
    }

    /// The measure nearest the figure at bytes `from..to` of `token`
    /// ("100人が死亡" → killed).
    pub fn nearest_measure(&self, token: &str, from: usize, to: usize) -> Option<&'static Measure> {
        Self::nearest(&self.measures, token, from, to).and_then(frames::measure)
    }

    /// Whether `word` joins two measures ("oder", "или").
    pub fn joins(&self, word: &str) -> bool {
        self.and_or.contains(&word)
    }
}

/// The English adjective of each country that has one ("north korea" →
/// "north korean"), from the third field of `data/lang/names.tsv`.
static ADJECTIVES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    rows(include_str!("../data/lang/names.tsv")).filter_map(|(english, rest)| Some((english, rest.split('\t').nth(1)?.trim()))).collect()
});

/// "north korean" → "North Korean".
fn title_case(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The English name of the place `text` names in any language ("Koursk",
/// "Курской", "쿠르스크" → "Kursk"), when the names table knows it.
pub fn english_place(text: &str) -> Option<String> {
    names_in(text).into_iter().max_by_key(|(_, n)| *n).map(|(e, _)| title_case(e))
}

/// The group `text` names in any language, as English names a people:
/// the adjective of a country ("nordkoreanische", "КНДР", "북한" →
/// "North Korean").
pub fn english_group(text: &str) -> Option<String> {
    let (name, _) = names_in(text).into_iter().max_by_key(|(_, n)| *n)?;
    let adjective = ADJECTIVES.iter().find(|(country, _)| *country == name).map_or(name, |(_, a)| *a);
    Some(title_case(adjective))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pack_loads_and_maps_to_known_keys() {
        for &(code, counted, measures, _) in &PACKS {
            let p = pack(Some(code)).unwrap();
            assert!(!p.counted.is_empty() && !p.measures.is_empty(), "{code}");
            for (key, _) in rows(counted) {
                assert!(frames::counted_key(key).is_some(), "{code}/counted.tsv: unknown key {key}");
            }
            for (key, _) in rows(measures) {
                assert!(frames::measure(key).is_some(), "{code}/measures.tsv: unknown key {key}");
            }
        }
        assert!(pack(Some("en")).is_none() && pack(None).is_none());
    }

    /// Our own sentences' words, per language: `code <TAB> word(s) <TAB> key`.
    #[test]
    fn words_of_every_language_fold_to_the_english_keys() {
        for line in include_str!("../tests/fixtures/lang/words.tsv").lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let f: Vec<&str> = line.split('\t').collect();
            let [code, text, kind, key] = f[..] else { panic!("bad fixture line {line:?}") };
            let p = pack(Some(code)).unwrap();
            let words: Vec<&str> = text.split(' ').collect();
            let got = match kind {
                "counted" => p.counted(words[0]).map(|c| c.key),
                "measure" => p.measure_at(&words, 0).filter(|(n, _)| *n == words.len()).map(|(_, m)| m.key),
                _ => panic!("kind {kind}"),
            };
            assert_eq!(got, Some(key), "{code}: {text}");
        }
    }

    #[test]
    fn names_of_any_script_fold_to_the_english_name() {
        let names = |t: &str| {
            let mut n: Vec<&str> = names_in(t).into_iter().map(|(e, _)| e).collect();
            n.sort_unstable();
            n
        };
        assert_eq!(names("Selenskyj traf Putin nicht; nordkoreanische Soldaten in Nordkorea."), ["north korea", "north korean", "vladimir putin", "volodymyr zelensky"]);
        assert_eq!(names("Зеленский заявил, что КНДР направила войска в Курскую область."), ["kursk", "north korea", "volodymyr zelensky"]);
        assert_eq!(names("젤렌스키 대통령은 북한군이 러시아에 있다고 밝혔다."), ["north korea", "russia", "volodymyr zelensky"]);
        assert_eq!(names("Der Kurs der Aktie stieg."), Vec::<&str>::new(), "a stem matches only its own words");
        assert_eq!(names_in("Kursk, Kursk und Koursk").first(), Some(&("kursk", 3)));
        assert_eq!(english_place("Курской").as_deref(), Some("Kursk"));
        assert_eq!(english_group("soldados norcoreanos").as_deref(), Some("North Korean"));
        assert_eq!(english_group("북한군").as_deref(), Some("North Korean"));
        assert_eq!(english_group("Soldaten"), None);
    }

    #[test]
    fn stems_and_unspaced_forms() {
        let ru = pack(Some("ru")).unwrap();
        assert!(ru.counts_people("Солдат") && ru.counts_people("солдаты"));
        assert!(!ru.counts_people("снарядов"));
        let ja = pack(Some("ja")).unwrap();
        assert_eq!(ja.measure_at(&["戦闘で死亡した"], 0).map(|(_, m)| m.key), Some("killed"));
        let t = "部隊を派遣し、兵士100人が負傷した";
        let at = t.find("100").unwrap();
        assert_eq!(ja.nearest_measure(t, at, at + 3).map(|m| m.key), Some("wounded"));
        assert_eq!(ja.nearest_counted(t, at, at + 3).map(|c| c.key), Some("troops"));
        assert!(pack(Some("de")).unwrap().joins("oder"));
        assert!(pack(Some("de")).unwrap().capitalised_nouns && !pack(Some("fr")).unwrap().capitalised_nouns);
    }
}
