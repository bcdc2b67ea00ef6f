//! The quantity lexicons of `data/quantities/`, loaded once.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::sync::LazyLock;

use sitrep_core::Bound;

/// A currency: its ISO 4217 code, and whether the form names a hundredth
/// of it ("cents", "pence", "¢").
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Money {
    pub code: &'static str,
    pub cent: bool,
}

/// A currency sign or code that may stand before or after a number.
#[derive(Debug)]
pub(super) struct Sign {
    /// Lower-case, without spaces: "us$", "hk$", "usd", "rs".
    pub key: String,
    /// The form as written in the lexicon, for case-sensitive matching.
    pub form: &'static str,
    pub money: Money,
    /// Letters only ("USD", "Rs"): must be a whole word.
    pub letters: bool,
    /// Only matched in the case the lexicon writes it.
    pub exact_case: bool,
}

/// What a bound or range phrase of another language does.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Role {
    /// Before the number: "mehr als", "约".
    Before(Bound),
    /// After the number or its CJK counter: "以上", "여".
    After(Bound),
    /// Joins the figures of a range: "bis", "до".
    To,
    /// Opens a range whose figures the given words join: "zwischen … und".
    Between(Vec<String>),
}

/// A bound or range phrase of `data/quantities/bounds.tsv`, cut into the
/// tokens the quantity lexer makes of it (words lower-cased as ASCII).
#[derive(Debug)]
pub(super) struct BoundPhrase {
    pub toks: Vec<String>,
    pub role: Role,
    /// The languages it is read in; `None` for every text.
    pub langs: Option<Vec<&'static str>>,
}

/// The tokens the quantity lexer makes of `phrase`.
pub(super) fn tokens(phrase: &str) -> Vec<String> {
    super::lex::lex(phrase, super::lex::Style::default()).iter().map(|t| phrase[t.start..t.end].to_ascii_lowercase()).collect()
}

impl Lexicon {
    /// The signs whose key is one of `keys`, in the order of `signs`.
    pub fn signs_keyed(&'static self, keys: &[&str]) -> impl Iterator<Item = &'static Sign> + use<> {
        let mut at: Vec<std::ops::Range<usize>> = keys.iter().filter_map(|k| self.sign_keys.get(*k).cloned()).collect();
        at.sort_by_key(|r| r.start);
        at.dedup();
        at.into_iter().flat_map(|r| &self.signs[r])
    }
}

pub(super) struct Lexicon {
    /// Currency names, lower-case, words joined by one space.
    pub money_names: HashMap<String, Money>,
    /// Signs and codes, longest first.
    pub signs: Vec<Sign>,
    /// Where the signs of each key are in `signs` (side by side, as they
    /// are sorted by key within a length).
    sign_keys: HashMap<String, std::ops::Range<usize>>,
    /// Unit names, lower-case ("square kilometres").
    pub units_any_case: HashMap<String, &'static str>,
    /// Unit symbols in their exact case ("MB", "m", "°C").
    pub units_exact: HashMap<&'static str, &'static str>,
    /// Nouns that count people.
    pub people: HashSet<&'static str>,
    /// The most words a currency or unit name has.
    pub max_words: usize,
    /// The first word of every currency and unit name, lower-case: a
    /// number followed by any other word has no named unit.
    pub name_starts: HashSet<String>,
    /// Scale words of other languages: form → (factor, the languages it is
    /// read in, `None` for every text).
    pub scales: HashMap<&'static str, (f64, Option<Vec<&'static str>>)>,
    /// Bound and range phrases of other languages.
    pub bounds: Vec<BoundPhrase>,
    /// Number words of other languages: form → (value, the languages it
    /// is read in).
    pub numbers: HashMap<&'static str, (f64, Vec<&'static str>)>,
    /// The languages with number words in `numbers`.
    pub number_languages: HashSet<&'static str>,
}

/// A set of lower-case words.
pub(super) type Words = HashSet<&'static str>;

/// A short word class of `grammar.tsv` that a rule of the finder reads (the
/// indefinite article, the word joining the parts of a figure), each word
/// with its value. Looked up by a scan of its few words: as cheap as the
/// `match` on them it replaces, with no hashing or allocation per token.
pub(super) struct Class<T = ()>(Vec<(&'static str, T)>);

impl<T> Class<T> {
    /// Whether `w` is a word of the class.
    pub fn has(&self, w: &str) -> bool {
        self.get(w).is_some()
    }

    /// Whether `w` ends with a word of the class (a class of suffixes).
    pub fn ends(&self, w: &str) -> bool {
        self.0.iter().any(|(s, _)| w.ends_with(s))
    }

    /// The words of the class.
    pub fn words(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().map(|(w, _)| *w)
    }

    /// The value of `w` in the class.
    pub fn get(&self, w: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| *k == w).map(|(_, v)| v)
    }
}

/// The English grammar words of `data/quantities/grammar.tsv` (its header
/// says what each list does).
pub(super) struct Grammar {
    /// Bound phrases before a number, in file order (longer phrases
    /// first), each split into its tokens.
    pub before: Vec<(Vec<&'static str>, Bound)>,
    /// Bound phrases after a number; `None` keeps the bound read before.
    pub after: Vec<(&'static str, Option<Bound>)>,
    pub month: Words,
    pub id_word: Words,
    pub year_lead: Words,
    pub year_word: Words,
    pub weight_cue: Words,
    pub money_cue: Words,
    pub angle_cue: Words,
    pub temperature_cue: Words,
    pub stop: Words,
    /// Rate nouns and adverbs → the period ("annum" → "year", "daily" → "day").
    pub time_unit: HashMap<&'static str, &'static str>,
    pub time_adverb: HashMap<&'static str, &'static str>,
    pub not_rate_after: Words,
    pub counted_in_order: Words,
    pub dot_grouping: Words,
    pub one_pronoun_before: Words,
    pub one_pronoun_after: Words,
    pub counted_lead: Words,
    pub rate_link: Words,
    pub rate_adverb_not_before: Words,
    pub month_common: Words,
    pub clock_after: Words,
    pub ordinal_noun: Words,
    pub ordinal_lead: Words,
    pub indefinite_article: Class,
    pub figure_joiner: Class,
    pub of_link: Class,
    pub ordinal_suffix: Class,
    pub vague_multiple: Class<f64>,
    pub vague_quantifier: Class,
    pub vague_after_article: Class,
    pub couple: Class<f64>,
    pub lone_fraction: Class,
    pub lone_fraction_scaled: Class,
    pub share_link: Class,
    pub share_link_pair: Vec<(&'static str, &'static str)>,
    pub weight_or_money: Class,
    pub pronoun_number: Class,
    pub rate_lead: Class,
    pub rate_lead_pair: Vec<(&'static str, &'static str)>,
    pub time_rate_lead: Class,
    pub not_per_noun: Class,
    pub inch_after_feet: Class,
    pub bound_alternative: Class,
    pub hyphen_bound: Class<Bound>,
    pub range_to: Class,
    pub range_opener: Class<&'static str>,
    pub rate_gap: Class,
    pub participle_suffix: Class,
    pub comparison_word: Class,
    pub bounds_joiner: Class,
    pub bound_intensifier: Class,
    pub bound_intensifier_pair: Vec<(&'static str, &'static str)>,
    pub percent_pair: Vec<(&'static str, &'static str)>,
    pub percent_hyphened: Vec<(&'static str, &'static str)>,
    pub percent_word: Class,
    pub percent_glued: Class,
    pub unit_keeps_period: Class,
    pub glued_unit: Class<&'static str>,
    pub plural_suffix: Class,
    pub not_plural_ending: Class,
    pub letter_word: Class,
    pub clock_dotted: Class<&'static str>,
    pub possessive: Class,
    /// Currency words that may stand before a figure ("dollar 22.5 million") → the currency code.
    pub money_before: HashMap<&'static str, &'static str>,
    /// The English number words, each list word → value.
    pub numbers: Numbers,
}

/// A list of words with a value each ("twenty" → 20). The number words
/// are looked up for nearly every word of a text: foldhash, not std's
/// SipHash (which cost a fifth of the quantity finder's time).
pub(super) type Values = HashMap<&'static str, f64>;

/// The English number words of `grammar.tsv`, by what they are.
pub(super) struct Numbers {
    pub small: Values,
    pub tens: Values,
    pub scale: Values,
    pub scale_abbrev: Values,
    pub scale_abbrev_money: Values,
    pub scale_abbrev_glued: Values,
    pub ordinal: Values,
    pub denominator: Values,
    pub vague: Values,
    pub vulgar_fraction: Values,
    /// The word for a hundred, which multiplies the number before it
    /// below a thousand ("three hundred and five").
    pub hundred: Values,
    /// The word between the whole and the decimals ("two point five").
    pub point: Values,
    /// Words making the number after them negative ("minus 5").
    pub negative: Values,
    /// Every word of the lists a spelled-out numeral may hold: the
    /// cardinals, tens, scales, vague plurals, ordinals and denominators
    /// (the ordinals from "third" on and the special ones, each also with
    /// an "s": "thirds", "halves"), for one lookup per word.
    pub words: HashSet<String>,
}

impl Numbers {
    fn new(mut take: impl FnMut(&str) -> Values) -> Numbers {
        let mut n = Numbers {
            small: take("number"),
            tens: take("tens"),
            scale: take("scale"),
            scale_abbrev: take("scale_abbrev"),
            scale_abbrev_money: take("scale_abbrev_money"),
            scale_abbrev_glued: take("scale_abbrev_glued"),
            ordinal: take("ordinal"),
            denominator: take("denominator"),
            vague: take("vague"),
            vulgar_fraction: take("vulgar_fraction"),
            hundred: take("hundred"),
            point: take("point"),
            negative: take("negative"),
            words: HashSet::default(),
        };
        let denominators = n.denominator.keys().chain(n.ordinal.iter().filter(|(_, v)| **v >= 3.0).map(|(k, _)| k));
        let plural = denominators.flat_map(|d| [d.to_string(), format!("{d}s")]);
        let plain = [&n.small, &n.tens, &n.scale, &n.vague, &n.ordinal].into_iter().flat_map(|m| m.keys().map(|k| k.to_string()));
        n.words = plain.chain(plural).collect();
        n
    }
}

/// A value as `grammar.tsv` writes it: a number ("1e6", "0.5") or a
/// fraction ("1/3").
fn value(v: &str) -> Option<f64> {
    match v.split_once('/') {
        Some((n, d)) => Some(n.parse::<f64>().ok()? / d.parse::<f64>().ok()?),
        None => v.parse().ok(),
    }
}

fn bound(name: &str) -> Option<Bound> {
    match name {
        "at_least" => Some(Bound::AtLeast),
        "at_most" => Some(Bound::AtMost),
        "approx" => Some(Bound::Approx),
        "exact" => Some(Bound::Exact),
        _ => None,
    }
}

/// A word class of `grammar.tsv` with each word's value as `read` reads
/// it; a row whose value does not read is left out.
fn class_of<T>(rows: Vec<(&'static str, &'static str)>, read: impl Fn(&'static str) -> Option<T>) -> Class<T> {
    Class(rows.into_iter().filter_map(|(w, v)| Some((w, read(v)?))).collect())
}

/// Two-word phrases of `grammar.tsv` as their words ("for each").
fn pairs(rows: Vec<(&'static str, &'static str)>) -> Vec<(&'static str, &'static str)> {
    rows.into_iter().filter_map(|(p, _)| p.split_once(' ')).collect()
}

/// The rows of `grammar.tsv` by list: (phrase, value).
fn grammar_lists() -> HashMap<&'static str, Vec<(&'static str, &'static str)>> {
    let mut lists: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for row in rows(include_str!("../../data/quantities/grammar.tsv")) {
        if let [list, phrase, rest @ ..] = &row[..] {
            lists.entry(list).or_default().push((phrase, rest.first().copied().unwrap_or("")));
        }
    }
    lists
}

pub(super) static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| {
    let mut lists = grammar_lists();
    let mut take = |name: &str| lists.remove(name).unwrap_or_default();
    let words = |rows: Vec<(&'static str, &'static str)>| rows.into_iter().map(|(w, _)| w).collect::<Words>();
    let class = |rows: Vec<(&'static str, &'static str)>| class_of(rows, |_| Some(()));
    let values = |rows: Vec<(&'static str, &'static str)>| rows.into_iter().filter_map(|(w, v)| Some((w, value(v)?))).collect::<Values>();
    Grammar {
        before: take("before").into_iter().filter_map(|(p, b)| Some((p.split(' ').collect(), bound(b)?))).collect(),
        after: take("after").into_iter().filter(|(_, b)| *b == "keep" || bound(b).is_some()).map(|(p, b)| (p, bound(b))).collect(),
        month: words(take("month")),
        id_word: words(take("id_word")),
        year_lead: words(take("year_lead")),
        year_word: words(take("year_word")),
        weight_cue: words(take("weight_cue")),
        money_cue: words(take("money_cue")),
        angle_cue: words(take("angle_cue")),
        temperature_cue: words(take("temperature_cue")),
        stop: words(take("stop")),
        time_unit: take("time_unit").into_iter().collect(),
        time_adverb: take("time_adverb").into_iter().collect(),
        not_rate_after: words(take("not_rate_after")),
        counted_in_order: words(take("counted_in_order")),
        dot_grouping: words(take("dot_grouping")),
        one_pronoun_before: words(take("one_pronoun_before")),
        one_pronoun_after: words(take("one_pronoun_after")),
        counted_lead: words(take("counted_lead")),
        rate_link: words(take("rate_link")),
        rate_adverb_not_before: words(take("rate_adverb_not_before")),
        month_common: words(take("month_common")),
        clock_after: words(take("clock_after")),
        ordinal_noun: words(take("ordinal_noun")),
        ordinal_lead: words(take("ordinal_lead")),
        indefinite_article: class(take("indefinite_article")),
        figure_joiner: class(take("figure_joiner")),
        of_link: class(take("of_link")),
        ordinal_suffix: class(take("ordinal_suffix")),
        vague_multiple: class_of(take("vague_multiple"), value),
        vague_quantifier: class(take("vague_quantifier")),
        vague_after_article: class(take("vague_after_article")),
        couple: class_of(take("couple"), value),
        lone_fraction: class(take("lone_fraction")),
        lone_fraction_scaled: class(take("lone_fraction_scaled")),
        share_link: class(take("share_link")),
        share_link_pair: pairs(take("share_link_pair")),
        weight_or_money: class(take("weight_or_money")),
        pronoun_number: class(take("pronoun_number")),
        rate_lead: class(take("rate_lead")),
        rate_lead_pair: pairs(take("rate_lead_pair")),
        time_rate_lead: class(take("time_rate_lead")),
        not_per_noun: class(take("not_per_noun")),
        inch_after_feet: class(take("inch_after_feet")),
        bound_alternative: class(take("bound_alternative")),
        hyphen_bound: class_of(take("hyphen_bound"), bound),
        range_to: class(take("range_to")),
        range_opener: class_of(take("range_opener"), Some),
        rate_gap: class(take("rate_gap")),
        participle_suffix: class(take("participle_suffix")),
        comparison_word: class(take("comparison_word")),
        bounds_joiner: class(take("bounds_joiner")),
        bound_intensifier: class(take("bound_intensifier")),
        bound_intensifier_pair: pairs(take("bound_intensifier_pair")),
        percent_pair: pairs(take("percent_pair")),
        percent_hyphened: pairs(take("percent_hyphened")),
        percent_word: class(take("percent_word")),
        percent_glued: class(take("percent_glued")),
        unit_keeps_period: class(take("unit_keeps_period")),
        glued_unit: class_of(take("glued_unit"), Some),
        plural_suffix: class(take("plural_suffix")),
        not_plural_ending: class(take("not_plural_ending")),
        letter_word: class(take("letter_word")),
        clock_dotted: class_of(take("clock_dotted"), Some),
        possessive: class(take("possessive")),
        money_before: take("money_before").into_iter().collect(),
        numbers: Numbers::new(|name| values(take(name))),
    }
});

/// The first word of a name as the lexer cuts it ("sq" of "sq. km").
fn first_word(form: &str) -> String {
    form.chars().take_while(|c| c.is_alphabetic() || *c == '\'' || *c == '’').flat_map(char::to_lowercase).collect()
}

fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect())
}

pub(super) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut money_names = HashMap::new();
    let mut signs = Vec::new();
    let mut max_words = 1;
    for row in rows(include_str!("../../data/quantities/currencies.tsv")) {
        let [form, code, place] = row[..] else { continue };
        let (code, cent) = match code.strip_suffix("-cent") {
            Some(c) => (c, true),
            None => (code, false),
        };
        let money = Money { code, cent };
        match place {
            "name" => {
                max_words = max_words.max(form.split_whitespace().count());
                money_names.insert(form.to_lowercase(), money);
            }
            "code" | "CODE" | "symbol" => {
                let letters = form.chars().all(char::is_alphabetic);
                // Signs made of letters and a mark ("US$", "C$") read in any case;
                // letter-only signs ("Rs", "R", "kr") and capital-only codes do not.
                let exact_case = place == "CODE" || place == "symbol" && letters;
                let key: String = form.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
                signs.push(Sign { key, form, money, letters, exact_case });
            }
            _ => {}
        }
    }
    signs.sort_by(|a, b| b.key.len().cmp(&a.key.len()).then(a.key.cmp(&b.key)));
    let mut sign_keys: HashMap<String, std::ops::Range<usize>> = HashMap::new();
    for (i, s) in signs.iter().enumerate() {
        sign_keys.entry(s.key.clone()).and_modify(|r| r.end = i + 1).or_insert(i..i + 1);
    }
    let mut units_any_case = HashMap::new();
    let mut units_exact = HashMap::new();
    for row in rows(include_str!("../../data/quantities/units.tsv")) {
        let [form, id, case] = row[..] else { continue };
        max_words = max_words.max(form.split_whitespace().count());
        if case == "s" {
            units_exact.insert(form, id);
        } else {
            units_any_case.insert(form.to_lowercase(), id);
        }
    }
    let name_starts = money_names.keys().chain(units_any_case.keys()).map(|k| first_word(k)).collect();
    let people = include_str!("../../data/quantities/people.txt").lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
    let scales = rows(include_str!("../../data/quantities/scales.tsv"))
        .filter_map(|row| {
            let [form, factor, langs] = row[..] else { return None };
            let langs = (langs != "*").then(|| langs.split(',').collect());
            Some((form, (factor.parse().ok()?, langs)))
        })
        .collect();
    let bounds = rows(include_str!("../../data/quantities/bounds.tsv"))
        .filter_map(|row| {
            let [phrase, role, langs] = row[..] else { return None };
            // A phrase of another language states an open or vague bound, never an exact one.
            let bound = |b: &str| bound(b).filter(|b| *b != Bound::Exact);
            let role = match role.split_once(':') {
                None if role == "to" => Role::To,
                None => Role::Before(bound(role)?),
                Some(("after", b)) => Role::After(bound(b)?),
                Some(("between", and)) => Role::Between(tokens(and)),
                Some(_) => return None,
            };
            Some(BoundPhrase { toks: tokens(phrase), role, langs: (langs != "*").then(|| langs.split(',').collect()) })
        })
        .collect();
    let mut numbers: HashMap<&'static str, (f64, Vec<&'static str>)> = HashMap::new();
    for row in rows(include_str!("../../data/quantities/numbers.tsv")) {
        let [form, value, langs] = row[..] else { continue };
        let Ok(value) = value.parse() else { continue };
        // A form of several languages may stand on several lines.
        numbers.entry(form).or_insert((value, Vec::new())).1.extend(langs.split(','));
    }
    let number_languages = numbers.values().flat_map(|(_, langs)| langs.iter().copied()).collect();
    Lexicon { money_names, signs, sign_keys, units_any_case, units_exact, people, max_words, name_starts, scales, bounds, numbers, number_languages }
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_load_and_cover_every_kind_of_form() {
        let lx = &*LEXICON;
        assert_eq!(lx.money_names["swiss francs"].code, "CHF");
        assert_eq!(lx.money_names["hryvnias"].code, "UAH");
        assert!(lx.money_names["cents"].cent);
        assert!(lx.signs.iter().any(|s| s.key == "hk$" && s.money.code == "HKD"));
        assert!(lx.signs.iter().any(|s| s.key == "₩" && s.money.code == "KRW"));
        assert!(lx.signs.iter().all(|s| s.key != "all"), "ALL is an English word, not Albanian lek here");
        assert_eq!(lx.units_any_case["square kilometres"], "km2");
        assert_eq!(lx.units_exact["MB"], "MB");
        assert!(lx.people.contains("troops"));
        assert!(lx.max_words >= 3);
        assert!(["sq", "square", "swiss", "degrees", "pounds"].iter().all(|w| lx.name_starts.contains(*w)));
        assert_eq!(lx.scales["тысяч"], (1000.0, None));
        assert_eq!(lx.scales["万"].0, 1e4);
        assert_eq!(lx.scales["mil"].1.as_deref(), Some(&["es", "pt", "ca", "gl"][..]));
        let phrase = |t: &[&str]| lx.bounds.iter().find(|p| p.toks == t).map(|p| &p.role);
        assert_eq!(phrase(&["mehr", "als"]), Some(&Role::Before(Bound::AtLeast)));
        assert_eq!(phrase(&["ca", "."]), Some(&Role::Before(Bound::Approx)));
        assert_eq!(phrase(&["超", "过"]), Some(&Role::Before(Bound::AtLeast)));
        assert_eq!(phrase(&["zwischen"]), Some(&Role::Between(vec!["und".to_string()])));
        assert_eq!(lx.bounds.iter().filter(|p| p.toks == ["до"]).count(), 2, "a connector and an upper bound");
        assert_eq!(lx.numbers["чотирьох"], (4.0, vec!["uk"]));
        assert!(lx.number_languages.contains("de") && !lx.number_languages.contains("en"));
        assert_eq!(lx.numbers["шести"].1, ["ru", "uk"], "a form of two languages on two lines");
    }

    #[test]
    fn grammar_words_load_every_list_whole() {
        let known = [
            "before", "after", "month", "id_word", "year_lead", "year_word", "weight_cue", "money_cue", "angle_cue", "temperature_cue", "stop",
            "time_unit", "time_adverb", "not_rate_after", "counted_in_order", "dot_grouping", "number", "tens", "scale", "scale_abbrev",
            "scale_abbrev_money", "scale_abbrev_glued", "ordinal", "denominator", "vague", "vulgar_fraction", "hundred", "point", "negative",
            "money_before", "one_pronoun_before", "one_pronoun_after", "counted_lead", "rate_link", "rate_adverb_not_before", "month_common",
            "clock_after", "ordinal_noun", "ordinal_lead", "indefinite_article", "figure_joiner", "of_link", "ordinal_suffix", "vague_multiple", "vague_quantifier", "vague_after_article", "couple", "lone_fraction", "lone_fraction_scaled", "share_link", "share_link_pair", "weight_or_money", "pronoun_number", "rate_lead", "rate_lead_pair", "time_rate_lead", "not_per_noun", "inch_after_feet", "bound_alternative", "hyphen_bound", "range_to", "range_opener", "rate_gap", "participle_suffix", "comparison_word", "bounds_joiner", "bound_intensifier", "bound_intensifier_pair", "percent_pair", "percent_hyphened", "percent_word", "percent_glued", "unit_keeps_period", "glued_unit", "plural_suffix", "not_plural_ending", "letter_word", "clock_dotted", "possessive",
        ];
        let lists = grammar_lists();
        assert!(lists.keys().all(|k| known.contains(k)), "unknown list in grammar.tsv: {:?}", lists.keys().collect::<Vec<_>>());
        let g = &*GRAMMAR;
        assert_eq!(g.before.len(), lists["before"].len(), "every bound before has a known bound");
        assert_eq!(g.after.len(), lists["after"].len(), "every bound after has a known bound or keep");
        assert_eq!(g.before.first(), Some(&(vec!["at", "least", "or", "equal", "to"], Bound::AtLeast)), "file order: longest first");
        assert!(g.after.contains(&("or equal", None)) && g.after.contains(&("or so", Some(Bound::Approx))));
        assert_eq!((g.time_unit["annum"], g.time_adverb["quarterly"]), ("year", "quarter"));
        assert!(g.stop.contains("according") && g.month.contains("sept") && g.id_word.contains("brigade"));
        assert!(g.year_word.contains("году") && g.dot_grouping.contains("de") && !g.dot_grouping.contains("en"));
        let n = &g.numbers;
        let all = [&n.small, &n.tens, &n.scale, &n.scale_abbrev, &n.scale_abbrev_money, &n.scale_abbrev_glued, &n.ordinal, &n.denominator, &n.vague, &n.vulgar_fraction, &n.hundred, &n.point, &n.negative];
        let names = ["number", "tens", "scale", "scale_abbrev", "scale_abbrev_money", "scale_abbrev_glued", "ordinal", "denominator", "vague", "vulgar_fraction", "hundred", "point", "negative"];
        for (map, name) in all.iter().zip(names) {
            assert_eq!(map.len(), lists[name].len(), "every {name} has a value and is listed once");
        }
        assert_eq!((n.small["zero"], n.tens["fourty"], n.scale["crore"], n.ordinal["hundredth"]), (0.0, 40.0, 1e7, 100.0));
        assert_eq!((n.scale_abbrev["bn"], n.scale_abbrev_money["m"], n.scale_abbrev_glued["B"]), (1e9, 1e6, 1e9));
        assert!(!n.scale_abbrev.contains_key("m") && !n.scale_abbrev.contains_key("b"), "'m' only with money, 'b' only glued");
        assert_eq!((n.vulgar_fraction["⅓"], n.vulgar_fraction["⅛"], n.vague["dozens"]), (1.0 / 3.0, 0.125, 12.0));
        assert_eq!((n.hundred["hundred"], n.negative["minus"], g.money_before["euros"]), (100.0, -1.0, "EUR"));
        assert!(n.point.contains_key("point") && !n.point.contains_key("dot"));
        assert!(g.indefinite_article.has("an") && !g.indefinite_article.has("the"));
        assert!(g.figure_joiner.has("and") && !g.figure_joiner.has("or"));
        assert!(g.of_link.has("of"));
        assert!(g.unit_keeps_period.has("deg"));
        assert!(g.possessive.ends("russia's") && g.possessive.ends("russia’s") && !g.possessive.ends("russias"));
        assert!(g.letter_word.has("a") && !g.letter_word.has("c"));
        assert_eq!((g.clock_dotted.get("a"), g.clock_dotted.get("p")), (Some(&"m"), Some(&"")));
        assert!(g.plural_suffix.ends("tanks") && g.not_plural_ending.ends("crisis") && !g.not_plural_ending.ends("tanks"));
        let valued = [(g.hyphen_bound.0.len(), "hyphen_bound"), (g.vague_multiple.0.len(), "vague_multiple"), (g.couple.0.len(), "couple"), (g.glued_unit.0.len(), "glued_unit")];
        let paired = [(g.share_link_pair.len(), "share_link_pair"), (g.rate_lead_pair.len(), "rate_lead_pair"), (g.bound_intensifier_pair.len(), "bound_intensifier_pair"), (g.percent_pair.len(), "percent_pair"), (g.percent_hyphened.len(), "percent_hyphened")];
        for (read, name) in valued.into_iter().chain(paired) {
            assert_eq!(read, lists[name].len(), "every row of {name} reads (a value, or two words)");
        }
        assert_eq!((g.glued_unit.get("C"), g.glued_unit.get("F"), g.glued_unit.get("c")), (Some(&"degC"), Some(&"degF"), None));
        assert!(g.percent_pair.contains(&("per", "cent")) && g.percent_hyphened.contains(&("per", "cent")) && !g.percent_hyphened.contains(&("percentage", "points")));
        assert!(g.percent_word.has("pct") && g.percent_glued.has("pc") && !g.percent_word.has("pc"));
        assert!(g.comparison_word.has("than") && g.bounds_joiner.has("and") && g.bound_intensifier.has("well"));
        assert!(g.bound_intensifier_pair.contains(&("a", "bit")) && !g.bound_intensifier.has("a"));
        assert!(g.rate_gap.has("or") && g.participle_suffix.ends("killed") && !g.participle_suffix.ends("kill"));
        assert!(g.range_to.has("through") && !g.range_to.has("and"));
        assert_eq!((g.range_opener.get("between"), g.range_opener.get("from")), (Some(&"and"), Some(&"")));
        assert!(g.inch_after_feet.has("in") && g.bound_alternative.has("or"));
        assert_eq!((g.hyphen_bound.get("plus"), g.hyphen_bound.get("odd")), (Some(&Bound::AtLeast), Some(&Bound::Approx)));
        assert!(g.rate_lead.has("per") && g.rate_lead_pair.contains(&("for", "each")) && g.time_rate_lead.has("every") && g.not_per_noun.has("cent"));
        assert!(g.year_word.contains("年") && g.year_word.contains("년"));
        assert!(g.pronoun_number.has("one") && !g.pronoun_number.has("two"));
        assert!(g.weight_or_money.has("pounds") && !g.weight_or_money.has("kilograms"));
        assert!(g.share_link.has("in") && g.share_link_pair == [("out", "of")]);
        assert!(g.lone_fraction.has("half") && g.lone_fraction_scaled.has("quarter") && !g.lone_fraction.has("third"));
        assert_eq!(g.couple.get("couple"), Some(&2.0));
        assert_eq!((g.vague_multiple.get("tens"), g.vague_multiple.get("hundreds")), (Some(&10.0), Some(&100.0)));
        assert!(g.vague_quantifier.has("several") && g.vague_after_article.has("couple") && !g.vague_after_article.has("several"));
        assert!(["st", "nd", "rd", "th"].iter().all(|s| g.ordinal_suffix.has(s)) && !g.ordinal_suffix.has("s"));
    }
}
