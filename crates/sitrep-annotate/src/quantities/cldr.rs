//! The generic number pack of the languages without a hand-written one
//! (`data/lang/cldr/numbers.tsv`, generated from Unicode CLDR by
//! `scripts/gen-cldr-pack.py`): each language's decimal and group
//! separators, its compact-number words ("mio.", "mld.", "tis."), its
//! currency names and local signs, and its bound and range marks.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::sync::LazyLock;

use sitrep_core::Bound;

use super::lexicon::{BoundPhrase, Money, Role, Sign};

/// The number conventions of one language, as CLDR gives them.
#[derive(Debug, Default)]
pub(super) struct Pack {
    /// The decimal separator ("," in Danish).
    pub decimal: &'static str,
    /// The group separator ("." in Danish, a no-break space in Czech).
    pub group: &'static str,
    /// Scale words after a number, lower case without their final dot → factor.
    pub scales: HashMap<String, f64>,
    /// Currency names, lower case → currency.
    pub money: HashMap<String, Money>,
    /// The first word of every currency name.
    pub money_starts: HashSet<String>,
    /// The most words a currency name has.
    pub money_words: usize,
    /// Local currency signs ("kr.", "Kč").
    pub signs: Vec<Sign>,
    /// Bound and range marks ("vähintään", "ca.", "≈", "‒").
    pub bounds: Vec<BoundPhrase>,
}

impl Pack {
    /// The factor of a scale word (`w` as the finder lower-cases it: ASCII only).
    pub fn scale(&self, w: &str) -> Option<f64> {
        if w.is_ascii() {
            self.scales.get(w).copied()
        } else {
            self.scales.get(&w.to_lowercase()).copied()
        }
    }

    /// The currency a name (words joined by one space) names.
    pub fn money_name(&self, key: &str) -> Option<Money> {
        self.money.get(&key.to_lowercase()).copied()
    }

    /// Whether a currency name of the language starts with `w`.
    pub fn starts_money(&self, w: &str) -> bool {
        self.money_starts.contains(&w.to_lowercase())
    }
}

/// The packs by language (ISO 639-1).
static PACKS: LazyLock<HashMap<&'static str, Pack>> = LazyLock::new(|| read(include_str!("../../data/lang/cldr/numbers.tsv")));

/// The local currency signs of every pack.
pub(super) fn every_sign() -> impl Iterator<Item = &'static Sign> {
    PACKS.values().flat_map(|p| &p.signs)
}

/// The packs of a table of `numbers.tsv`'s shape; a row that does not
/// read is left out.
fn read(data: &'static str) -> HashMap<&'static str, Pack> {
    let mut packs: HashMap<&'static str, Pack> = HashMap::new();
    for line in data.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut cols = line.split('\t');
        let (Some(lang), Some(field), Some(form), value) = (cols.next(), cols.next(), cols.next(), cols.next().unwrap_or("")) else { continue };
        let p = packs.entry(lang).or_default();
        let bound = |b| BoundPhrase { toks: super::lexicon::tokens(form), role: Role::Before(b), langs: None };
        match field {
            "decimal" => p.decimal = form,
            "group" => p.group = form,
            "scale" => {
                // Only a form the lexer reads as one word can ever be matched.
                if let (Ok(f), [_]) = (value.parse(), &super::lexicon::tokens(form)[..]) {
                    p.scales.insert(form.to_lowercase(), f);
                }
            }
            "money" => {
                let money = Money { code: value, cent: false };
                p.money_words = p.money_words.max(form.split(' ').count());
                if let Some(first) = form.split(' ').next() {
                    p.money_starts.insert(first.to_lowercase());
                }
                p.money.insert(form.to_lowercase(), money);
            }
            "sign" => {
                let letters = form.chars().all(char::is_alphabetic);
                let key = form.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
                p.signs.push(Sign { key, form, money: Money { code: value, cent: false }, letters, exact_case: letters });
            }
            "approx" | "at_least" | "at_most" => {
                let b = match field {
                    "approx" => Bound::Approx,
                    "at_least" => Bound::AtLeast,
                    _ => Bound::AtMost,
                };
                let mut phrase = bound(b);
                if value == "after" {
                    phrase.role = Role::After(b);
                }
                p.bounds.push(phrase);
            }
            "range" => p.bounds.push(BoundPhrase { toks: super::lexicon::tokens(form), role: Role::To, langs: None }),
            _ => {}
        }
    }
    for p in packs.values_mut() {
        p.signs.sort_by(|a, b| b.key.len().cmp(&a.key.len()).then(a.key.cmp(&b.key)));
    }
    packs
}

/// The generic pack of `language`, when it has one: only languages without
/// a hand-written pack do.
pub(super) fn pack(language: Option<&str>) -> Option<&'static Pack> {
    PACKS.get(language?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sitrep_core::Quantity;

    /// The languages with a generic pack, in a fixed order.
    fn languages() -> Vec<&'static str> {
        let mut l: Vec<&str> = PACKS.keys().copied().collect();
        l.sort_unstable();
        l
    }

    /// `n` written with `group` between groups of three digits, and `cents`
    /// (when any) after `decimal`.
    fn written(n: u64, cents: Option<u64>, group: &str, decimal: &str) -> String {
        let mut out = sitrep_text::numbers::grouped(&n.to_string(), group);
        if let Some(c) = cents {
            out.push_str(&format!("{decimal}{c:02}"));
        }
        out
    }

    fn find(text: &str, lang: &str) -> Vec<Quantity> {
        super::super::find_in(text, &crate::sentences::split(text), Some(lang))
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() <= 1e-6 * b.abs().max(1.0))
    }

    proptest! {
        /// Every generic language's number style reads back: digits in its
        /// groups, with or without decimals after its decimal mark.
        #[test]
        fn every_generic_number_style_reads_back(which in 0usize..1000, n in 1_000u64..1_000_000_000, cents in proptest::option::of(1u64..100)) {
            let langs = languages();
            let lang = langs[which % langs.len()];
            let p = &PACKS[lang];
            let text = format!("({})", written(n, cents, p.group, p.decimal));
            let value = n as f64 + cents.map_or(0.0, |c| c as f64 / 100.0);
            let qs = find(&text, lang);
            prop_assert!(qs.len() == 1 && close(qs[0].value, value), "{text} ({lang}): {qs:?}");
        }

        /// Every generic scale word reads back after a figure with a decimal.
        #[test]
        fn every_generic_scale_word_reads_back(which in 0usize..10_000, whole in 1u64..1000, tenth in 1u64..10) {
            let all: Vec<(&str, &String, f64)> = languages().into_iter().flat_map(|l| {
                let mut s: Vec<_> = PACKS[l].scales.iter().map(move |(w, f)| (l, w, *f)).collect();
                s.sort_by(|a, b| a.1.cmp(b.1));
                s
            }).collect();
            let (lang, word, factor) = all[which % all.len()];
            let text = format!("({whole}{}{tenth} {word})", PACKS[lang].decimal);
            let qs = find(&text, lang);
            let value = (whole as f64 + tenth as f64 / 10.0) * factor;
            prop_assert!(qs.len() == 1 && close(qs[0].value, value), "{text} ({lang}): {qs:?}");
        }
    }

    #[test]
    fn packs_read_every_field() {
        let da = pack(Some("da")).expect("a Danish pack");
        assert_eq!((da.decimal, da.group), (",", "."));
        assert_eq!((da.scale("mia"), da.scale("mio"), da.scale("tusind")), (Some(1e9), Some(1e6), Some(1e3)));
        assert_eq!(da.money_name("kroner").map(|m| m.code), Some("DKK"));
        assert!(da.starts_money("danske") && !da.starts_money("soldater"));
        assert!(da.signs.iter().any(|s| s.form == "kr." && s.money.code == "DKK"));
        let cs = pack(Some("cs")).expect("a Czech pack");
        assert_eq!((cs.decimal, cs.group), (",", "\u{a0}"));
        assert_eq!(cs.scale("milionů"), Some(1e6));
        let fi = pack(Some("fi")).expect("a Finnish pack");
        assert!(fi.bounds.iter().any(|p| p.toks == ["vähintään"] && p.role == Role::Before(Bound::AtLeast)));
        let et = pack(Some("et")).expect("an Estonian pack");
        assert!(et.bounds.iter().any(|p| p.toks == ["‒"] && p.role == Role::To));
    }

    #[test]
    fn languages_with_a_hand_written_pack_have_none() {
        for code in ["en", "de", "fr", "ru", "ja", "zh"] {
            assert!(pack(Some(code)).is_none(), "{code}");
        }
        assert!(pack(None).is_none());
    }

    #[test]
    fn bad_rows_are_left_out() {
        let packs = read("xx\tscale\tfoo\tnot-a-number\nxx\tdecimal\nxx\tgroup\t.\n\tweird\n");
        assert_eq!(packs["xx"].group, ".");
        assert!(packs["xx"].scales.is_empty());
    }
}
