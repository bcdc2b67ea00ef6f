//! Growing a numeral into a quantity phrase: currency, scale and unit,
//! ranges, bound words, the counted noun and rate words; and telling the
//! numerals that are not quantities (years, dates, times, ids, model names).

use super::lex::Kind;
use super::lexicon::{BoundPhrase, Money, Role, Sign, Words, GRAMMAR, LEXICON};
use super::numeral::{article, is_number_word, NumKind, Numeral};
use super::Ctx;
use sitrep_core::{Bound, Quantity};

/// Every ending of every currency sign's key (every language's): the
/// word before a number ends a sign only if it is one of them.
static SIGN_ENDS: std::sync::LazyLock<foldhash::HashSet<&'static str>> = std::sync::LazyLock::new(|| {
    LEXICON.signs.iter().chain(super::cldr::every_sign()).flat_map(|s| s.key.char_indices().map(|(i, _)| &s.key[i..]).chain([""])).collect()
});

/// What a number is measured in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    None,
    Money(Money),
    Percent,
    Dim(&'static str),
}

/// What scanning one position gives.
enum Step {
    Found(Box<Quantity>, usize),
    /// A numeral that is not a quantity: go on after it.
    Skip(usize),
    None,
}

/// Half-built quantity: the pieces before they become a [`Quantity`].
struct Phrase {
    first: usize,
    end: usize,
    value: f64,
    low: Option<f64>,
    high: Option<f64>,
    bound: Bound,
    unit: Unit,
    kind: NumKind,
}

fn is_plural_noun(w: &str) -> bool {
    w.len() >= 3 && GRAMMAR.plural_suffix.ends(w) && !GRAMMAR.not_plural_ending.ends(w) && w.chars().all(|c| c.is_alphabetic())
}

impl Ctx<'_> {
    /// Words `j..j+n` lower-cased and joined by one space, or None if a
    /// token among them is not a word (dots inside "u.s." are kept).
    fn words_from(&self, j: usize, n: usize) -> Option<String> {
        let last = self.toks.get(j + n - 1)?;
        let s = &self.lower[self.toks[j].start..last.end];
        Some(s.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// A bound phrase before a number (`grammar.tsv`) ending just before token `j`: (first token, bound).
    fn bound_before(&self, j: usize) -> Option<(usize, Bound)> {
        for (phrase, bound) in &GRAMMAR.before {
            let (n, bound) = (phrase.len(), *bound);
            if j < n {
                continue;
            }
            let from = j - n;
            // The last word first: most phrases end in no word before a number.
            let ok = phrase.iter().enumerate().rev().all(|(i, &p)| {
                let t = from + i;
                if self.toks[t].is_word() {
                    self.w(t) == p
                } else {
                    self.raw(t) == p
                }
            });
            if ok {
                // "well over", "just under", "slightly more than", "a little below".
                let (w2, w1) = (self.w(from.wrapping_sub(2)), self.w(from.wrapping_sub(1)));
                let intensified = if GRAMMAR.bound_intensifier_pair.iter().any(|&(a, b)| a == w2 && b == w1) {
                    from - 2
                } else if GRAMMAR.bound_intensifier.has(w1) {
                    from - 1
                } else {
                    from
                };
                return Some((intensified, bound));
            }
        }
        // Other languages: "mehr als", "约".
        self.foreign_bounds().find_map(|p| match p.role {
            Role::Before(b) if j >= p.toks.len() && self.tokens_are(j - p.toks.len(), &p.toks) => Some((j - p.toks.len(), b)),
            _ => None,
        })
    }

    /// The bound and range phrases of other languages this text's language
    /// reads (the CJK ones in every text).
    fn foreign_bounds(&self) -> impl Iterator<Item = &'static BoundPhrase> + '_ {
        self.bounds.iter().copied()
    }

    /// The currency signs this text reads whose key is one of `keys`:
    /// every text's, then its generic pack's ("kr.", "Kč").
    fn signs<'a>(&'a self, keys: &'a [&'a str]) -> impl Iterator<Item = &'static Sign> + 'a {
        let pack = self.cldr.map(|p| p.signs.iter()).into_iter().flatten();
        LEXICON.signs_keyed(keys).chain(pack.filter(|s| keys.contains(&s.key.as_str())))
    }

    /// Whether the tokens from `at` are `toks` (words compared lower-case).
    fn tokens_are(&self, at: usize, toks: &[String]) -> bool {
        toks.iter().enumerate().all(|(i, t)| {
            self.toks.get(at + i).is_some_and(|x| {
                if !x.is_word() {
                    return self.raw(at + i) == t;
                }
                // A capital outside ASCII ("Около", "Περίπου" opening a sentence).
                let w = self.w(at + i);
                w == t || !t.is_ascii() && w.chars().any(char::is_uppercase) && w.to_lowercase() == *t
            })
        })
    }

    /// A currency sign or code ending just before token `j` ("$", "US$",
    /// "u.s. $", "HK$", "USD", "Rs."): (first token, money).
    fn money_before(&self, j: usize) -> Option<(usize, Money)> {
        // A sign's key ends with the word before the number, lower-cased,
        // with or without its dots: when none does, no window is read.
        let last = self.raw(j.wrapping_sub(1));
        let signed = !last.is_ascii()
            || sitrep_text::fold::with_ascii_lowercase(last, |l| SIGN_ENDS.contains(l) || l.contains('.') && SIGN_ENDS.contains(l.replace('.', "").as_str()));
        let widest = if signed { 5 } else { 0 };
        for back in (1..=widest).rev() {
            if j < back {
                continue;
            }
            let from = j - back;
            // Inside the sign tokens may be spaced ("us $", "c $"), but a
            // letter-only sign must be a whole word.
            let raw: String = (from..j).map(|i| self.raw(i)).collect();
            let key = raw.to_lowercase();
            // "u.s $" is "us$"; "music ' s $ 500" is a possessive, not S$.
            let undotted = key.replace('.', "");
            if from > 0 && matches!(self.raw(from - 1), "'" | "’") {
                continue;
            }
            // "a $10" is not A$10.
            if back >= 2 && GRAMMAR.letter_word.has(self.raw(from)) && !self.toks[from + 1].glued {
                continue;
            }
            for s in self.signs(&[&key, &undotted]).filter(|s| s.key == key || s.key == undotted && !s.letters) {
                if s.exact_case && raw != s.form.replace(' ', "") {
                    continue;
                }
                let first = &self.toks[from];
                if first.glued && from > 0 && self.toks[from - 1].kind != Kind::Punct {
                    continue;
                }
                return Some((from, s.money));
            }
        }
        // "dollar 22.5 million", unless that word ended the last quantity.
        if j == 0 || j - 1 < self.consumed.get() {
            return None;
        }
        GRAMMAR.money_before.get(self.w(j - 1)).map(|&code| (j - 1, Money { code, cent: false }))
    }

    /// A currency after the number at token `k`: a sign ("10 $"), a code
    /// ("500 USD", "twenty MUSD": M is a million) or a name ("swiss
    /// francs"). Returns (money, end token, scale).
    fn money_after(&self, k: usize) -> Option<(Money, usize, f64)> {
        let t = self.toks.get(k)?;
        // CJK text glues the currency name, one word a character, to the
        // number and to the particle after it: "2000달러를", "100ドルを", "5亿美元".
        for n in (1..=4).rev().filter(|&n| (k..k + n).all(|i| self.is_cjk(i))) {
            if let Some(m) = self.words_from(k, n).and_then(|key| LEXICON.money_names.get(&key)) {
                return Some((*m, k + n, 1.0));
            }
        }
        // Names, longest first.
        if t.is_word() && LEXICON.name_starts.contains(self.w(k)) {
            for n in (1..=LEXICON.max_words + 2).rev() {
                let Some(key) = self.words_from(k, n) else { continue };
                if let Some(m) = LEXICON.money_names.get(&key) {
                    if !self.toks.get(k + n).is_some_and(|x| x.glued && x.kind != Kind::Punct) {
                        return Some((*m, k + n, 1.0));
                    }
                }
            }
        }
        // The names of the generic pack's language ("danske kroner", "koruny").
        if let Some(p) = self.cldr.filter(|p| t.is_word() && p.starts_money(self.w(k))) {
            for n in (1..=p.money_words).rev() {
                let Some(m) = self.words_from(k, n).and_then(|key| p.money_name(&key)) else { continue };
                if !self.toks.get(k + n).is_some_and(|x| x.glued && x.kind != Kind::Punct) {
                    return Some((m, k + n, 1.0));
                }
            }
        }
        for n in (1..=3usize).rev() {
            if (k + 1..k + n).any(|i| !self.toks.get(i).is_some_and(|x| x.glued)) || self.toks.get(k + n - 1).is_none() {
                continue;
            }
            let raw: String = (k..k + n).map(|i| self.raw(i)).collect();
            if self.toks.get(k + n).is_some_and(|x| x.glued && x.kind != Kind::Punct) {
                continue;
            }
            let key = raw.to_lowercase();
            if let Some(s) = self.signs(&[&key]).find(|s| !s.exact_case || raw == s.form) {
                // A letter sign after a number must be a code ("500 USD"), not "R" or "Sh".
                if s.letters && s.key.len() < 3 {
                    continue;
                }
                return Some((s.money, k + n, 1.0));
            }
            // "MUSD", "KUSD"
            if n == 1 && raw.len() == 4 && (raw.starts_with('M') || raw.starts_with('K')) {
                let scale = if raw.starts_with('M') { 1e6 } else { 1e3 };
                if let Some(s) = LEXICON.signs_keyed(&[&key[1..]]).find(|s| s.key.len() == 3 && raw[1..].chars().all(char::is_uppercase)) {
                    return Some((s.money, k + 1, scale));
                }
            }
        }
        None
    }

    /// A physical unit at token `k`: a symbol in exact case ("km", "m2",
    /// "°C", "MB") or a name ("square kilometres", "degrees celsius"),
    /// also joined by hyphens ("5-square-mile zone").
    fn dim_after(&self, k: usize) -> Option<(&'static str, usize)> {
        let t = self.toks.get(k)?;
        if t.is_word() && LEXICON.name_starts.contains(self.w(k)) {
            // n tokens: the words, and the hyphens between them.
            for n in (1..=2 * LEXICON.max_words - 1).rev() {
                let Some(key) = self.words_from(k, n) else { continue };
                let key = if key.contains('-') {
                    key.replace('-', " ")
                } else if n > LEXICON.max_words {
                    continue;
                } else {
                    key
                };
                if let Some(id) = LEXICON.units_any_case.get(&key) {
                    if !self.toks.get(k + n).is_some_and(|x| x.glued && x.kind != Kind::Punct) {
                        // "deg." keeps its period.
                        let end = if GRAMMAR.unit_keeps_period.has(&key) && self.raw(k + n) == "." && self.toks[k + n].glued { k + n + 1 } else { k + n };
                        return Some((id, end));
                    }
                }
            }
        }
        for n in (1..=3usize).rev() {
            if (k + 1..k + n).any(|i| !self.toks.get(i).is_some_and(|x| x.glued)) || self.toks.get(k + n - 1).is_none() {
                continue;
            }
            if self.toks.get(k + n).is_some_and(|x| x.glued && x.kind != Kind::Punct) {
                continue;
            }
            let raw: String = (k..k + n).map(|i| self.raw(i)).collect();
            let joined_on = self.raw(k + n) == "-" && self.toks[k + n].glued && self.toks.get(k + n + 1).is_some_and(|x| x.glued);
            if joined_on {
                continue;
            }
            if let Some(id) = LEXICON.units_exact.get(raw.as_str()) {
                return Some((id, k + n));
            }
        }
        None
    }

    /// "%", "percent", "per cent", "pct", "percentage points".
    fn percent_after(&self, k: usize) -> Option<usize> {
        if matches!(self.raw(k), "%" | "％") {
            return Some(k + 1);
        }
        let (w, next) = (self.w(k), self.w(k + 1));
        let pair = |pairs: &[(&str, &str)], b: &str| pairs.iter().any(|&(p, q)| p == w && q == b);
        if pair(&GRAMMAR.percent_pair, next) {
            Some(k + 2)
        } else if GRAMMAR.percent_word.has(w) || GRAMMAR.percent_glued.has(w) && self.toks[k].glued {
            // "8.1pc"
            Some(k + 1)
        } else if self.raw(k + 1) == "-" && pair(&GRAMMAR.percent_hyphened, self.w(k + 2)) {
            Some(k + 3)
        } else {
            None
        }
    }

    /// The unit after a numeral ending at `k`, and where it ends.
    fn unit_after(&self, k: usize, money_before: bool) -> (Unit, usize, f64) {
        if money_before {
            return (Unit::None, k, 1.0);
        }
        if let Some(e) = self.percent_after(k) {
            return (Unit::Percent, e, 1.0);
        }
        // 6'2": feet and inches written with primes.
        let glued = |i: usize| self.toks.get(i).is_some_and(|t| t.glued);
        if matches!(self.raw(k), "'" | "′") && glued(k) && glued(k + 1) && self.toks.get(k + 1).is_some_and(|t| t.num().is_some()) && matches!(self.raw(k + 2), "\"" | "″") && glued(k + 2) {
            return (Unit::Dim("ft"), k + 1, 1.0);
        }
        // "1,5 Mio. Euro", "3,5 mld. korun": the dot of another language's
        // abbreviated scale, then the currency.
        let foreign = self.language.is_some_and(|l| l != "en");
        if foreign && self.raw(k) == "." && glued(k) && k > 0 && self.foreign_scale_at(k - 1).is_some() && !glued(k + 1) {
            if let Some((m, e, s)) = self.money_after(k + 1) {
                return (Unit::Money(m), e, s);
            }
        }
        // "40C", "104F": a temperature scale glued to the number.
        if let Some(&id) = GRAMMAR.glued_unit.get(self.raw(k)).filter(|_| self.toks.get(k).is_some_and(|t| t.glued) && !self.toks.get(k + 1).is_some_and(|t| t.glued && t.kind != Kind::Punct)) {
            return (Unit::Dim(id), k + 1, 1.0);
        }
        // "3-inch", "12-cent", "one-yen": a unit joined by a hyphen.
        let hyphen = self.past_glued_hyphen(k);
        for at in [Some(k), (hyphen > k).then_some(hyphen)].into_iter().flatten() {
            // "weighs 40 pounds", "40 pounds of rice"; but "paid 40 pounds":
            // the nearer cue decides, money when none.
            let pounds = GRAMMAR.weight_or_money.has(self.w(at));
            let weight = pounds && {
                let of = self.of_at(at + 1).then_some(2);
                let weight = self.cue_distance(k, &GRAMMAR.weight_cue).into_iter().chain(of).min();
                weight.is_some_and(|w| self.cue_distance(k, &GRAMMAR.money_cue).is_none_or(|m| w < m))
            };
            if let Some((m, e, s)) = self.money_after(at).filter(|_| !weight) {
                return (Unit::Money(m), e, s);
            }
            if let Some((id, e)) = self.dim_after(at) {
                // "a 45-degree angle", "rotated 90°": degrees of arc.
                let angle = self.cue_distance(k, &GRAMMAR.angle_cue).is_some() && self.cue_distance(k, &GRAMMAR.temperature_cue).is_none();
                let id = if id == "deg" && angle { "arcdeg" } else { id };
                return (Unit::Dim(id), e, 1.0);
            }
        }
        (Unit::None, k, 1.0)
    }

    /// How far from token `k` the nearest of `words` stands in its
    /// sentence, looking up to eight tokens before it and six after.
    fn cue_distance(&self, k: usize, words: &Words) -> Option<usize> {
        let stop = |i: usize| matches!(self.raw(i), "." | "!" | "?" | ";") && !self.toks.get(i + 1).is_some_and(|t| t.glued);
        let before = (k.saturating_sub(8)..k).rev().take_while(|&i| !stop(i)).find(|&i| words.contains(self.w(i))).map(|i| k - i);
        let after = (k..(k + 6).min(self.toks.len())).take_while(|&i| !stop(i)).find(|&i| words.contains(self.w(i))).map(|i| i - k + 1);
        before.into_iter().chain(after).min()
    }

    /// A month name at token `j` ("Oct" with its period after).
    fn is_month(&self, j: usize) -> bool {
        let w = self.w(j);
        GRAMMAR.month.contains(w) && (!GRAMMAR.month_common.contains(w) || self.raw(j).starts_with(char::is_uppercase))
    }

    /// Whether the numeral is part of a date, a time of day, a digit chain
    /// (phone numbers, versions) or a name: not a quantity.
    fn not_a_quantity(&self, n: &Numeral) -> bool {
        let (j, e) = (n.first, n.end);
        let t = &self.toks[j];
        // Letters glued before: "G7", "m212" (CJK text glues all: "約1万");
        // a hyphen after a word: "KN-23", "mid-2024".
        if j > 0 && t.glued && self.toks[j - 1].is_word() && !self.is_cjk(j - 1) {
            return true;
        }
        let scale_of_number = j >= 3 && self.toks[j - 2].glued && self.toks[j - 3].num().is_some();
        if j >= 2 && t.glued && self.raw(j - 1) == "-" && self.toks[j - 1].glued && self.toks[j - 2].is_word() && !is_number_word(self.w(j - 2)) && !scale_of_number {
            return true;
        }
        // Dates: "October 11", "Oct. 11", "11 October", "4th of July".
        let before = if j >= 2 && self.raw(j - 1) == "." { j - 2 } else { j.wrapping_sub(1) };
        if self.is_month(before) || self.is_month(e) || self.of_at(e) && self.is_month(e + 1) {
            return true;
        }
        // Times: "10:30", "6pm", "10 a.m.", "9 o'clock".
        let sep_num = |i: usize, sep: &[&str]| sep.contains(&self.raw(i)) && self.toks.get(i).is_some_and(|x| x.glued) && self.toks.get(i + 1).is_some_and(|x| x.glued && x.num().is_some());
        if sep_num(e, &[":"]) || j >= 2 && self.raw(j - 1) == ":" && t.glued && self.toks[j - 2].num().is_some() {
            return true;
        }
        let dotted = GRAMMAR.clock_dotted.get(self.w(e)).is_some_and(|m| self.raw(e + 1) == "." && (m.is_empty() || self.w(e + 2) == *m));
        if GRAMMAR.clock_after.contains(self.w(e)) || dotted {
            return true;
        }
        // Digit chains of three or more: "10/11/2024", "555-0134-7788", "1.2.3".
        let chain = [".", "/", "-"];
        let mut len = 1;
        let mut b = j;
        while b >= 2 && sep_num(b - 1, &chain) && self.toks[b - 2].num().is_some() && self.toks[b].glued {
            len += 1;
            b -= 2;
        }
        let mut f = e;
        while sep_num(f, &chain) {
            len += 1;
            f += 2;
        }
        if len >= 3 {
            return true;
        }
        if let Some((_, digits)) = n.bare_int(self) {
            // Codes and phone numbers: a leading zero ("020"), three or more
            // digit runs in a row ("555 123 4567"), "555-0134".
            if digits > 1 && self.raw(j).starts_with('0') || self.phone_like(j) {
                return true;
            }
            // Ids: "No. 4", "Unit 6", "#3".
            let prev = if j >= 2 && self.raw(j - 1) == "." { j - 2 } else { j.wrapping_sub(1) };
            if GRAMMAR.id_word.contains(self.w(prev)) || self.raw(j.wrapping_sub(1)) == "#" {
                return true;
            }
            // Names: "Boeing 777", "Kursk 11", "Apollo 13" (a capitalised
            // word that does not start the sentence).
            let p = j.wrapping_sub(1);
            // "Boeing 777", "iPhone 15"
            let capital = self.toks.get(p).is_some_and(|x| x.is_word()) && self.raw(p).chars().any(char::is_uppercase);
            // A unit apart from the number undoes it ("Lahaina 99 percent"), a
            // glued letter does not ("Boeing 777F").
            let unit_apart = self.toks.get(e).is_some_and(|t| !t.glued) && self.unit_after(e, false).0 != Unit::None;
            // A range with a scale word after it is an amount ("Korei
            // Północnej 600-700 tys. ton"), not a model ("Boeing 737-800").
            let scaled_range = matches!(self.raw(e), "-" | "–") && self.toks.get(e + 1).is_some_and(|t| t.num().is_some()) && self.scale_word_at(e + 2).is_some();
            if capital && !self.sentence_initial(p) && digits <= 4 && !GRAMMAR.stop.contains(self.w(p)) && !unit_apart && !scaled_range {
                return true;
            }
        }
        if n.kind == NumKind::Ordinal {
            // "2nd Army", "the 11th Corps".
            return self.raw(e).starts_with(char::is_uppercase);
        }
        // "one" as a pronoun: "the one you mentioned", "one of them".
        if n.words && n.end == n.first + 1 && GRAMMAR.pronoun_number.has(self.w(j)) {
            let prev = self.w(j.wrapping_sub(1));
            let next = self.w(e);
            if GRAMMAR.one_pronoun_before.contains(prev)
                || GRAMMAR.one_pronoun_after.contains(next)
                || GRAMMAR.possessive.has(self.raw(e))
            {
                return true;
            }
        }
        false
    }

    /// The digits of token `i` when it is a bare integer ("555", not "5,550").
    fn bare_digits(&self, i: usize) -> Option<u8> {
        match self.toks.get(i)?.kind {
            Kind::Num { int: true, grouped: false, digits, .. } => Some(digits),
            _ => None,
        }
    }

    /// Whether the bare integer at `j` is part of a phone number or code:
    /// three or more digit runs apart by spaces ("555 123 4567"), two when
    /// one has a leading zero ("020 7946"), or three digits and four joined
    /// by a hyphen ("555-0134"; "100-1000" is a range).
    fn phone_like(&self, j: usize) -> bool {
        let spaced = |i: usize| self.toks.get(i).is_some_and(|t| !t.glued) && self.bare_digits(i).is_some() && self.bare_digits(i - 1).is_some();
        let mut first = j;
        while first > 0 && spaced(first) {
            first -= 1;
        }
        let mut last = j;
        while spaced(last + 1) {
            last += 1;
        }
        let coded = |i: usize| self.bare_digits(i).is_some_and(|d| d > 1) && self.raw(i).starts_with('0');
        if last - first >= 2 || last > first && (first..=last).any(coded) {
            return true;
        }
        let joined = |a: usize| {
            self.raw(a + 1) == "-"
                && self.toks.get(a + 1).is_some_and(|t| t.glued)
                && self.toks.get(a + 2).is_some_and(|t| t.glued)
                && self.bare_digits(a) == Some(3)
                && self.bare_digits(a + 2) == Some(4)
                && self.toks[a + 2].num().is_some_and(|v| v % 100.0 != 0.0)
        };
        joined(j) || j >= 2 && joined(j - 2)
    }

    /// Whether a year-shaped number before token `at` counts what follows:
    /// people ("2400 people"), or a plural noun right after it ("1500
    /// tanks") unless a word that leads years stands before it ("the 2024
    /// elections", "in 2019 floods", "Russia's 2025 budgets").
    fn year_shape_counts(&self, at: usize, first: usize) -> bool {
        let lead = self.w(first.wrapping_sub(1));
        // "1000명", "3000人" count, "2024年" is a year; so are Cyrillic
        // words after the number ("1000 солдатів") but for the word year
        // ("в 2024 году").
        if self.is_cjk(at) {
            return !GRAMMAR.year_word.contains(self.w(at));
        }
        let next = self.raw(at);
        if next.starts_with(|c: char| c.is_lowercase() && ('\u{400}'..='\u{4ff}').contains(&c)) {
            return !GRAMMAR.year_word.contains(next) && !GRAMMAR.year_lead.contains(lead);
        }
        let Some((s, e, person)) = self.counted(at, false) else { return false };
        person || s == at && e - s <= 2 && (s..e).all(|i| self.raw(i).starts_with(char::is_lowercase)) && !GRAMMAR.year_lead.contains(lead) && !GRAMMAR.possessive.ends(lead)
    }

    /// A year written alone: "in 2023", "the 2024 election".
    fn is_year(&self, n: &Numeral) -> bool {
        n.bare_int(self).is_some_and(|(v, d)| d == 4 && (1000.0..=2100.0).contains(&v))
    }

    /// A measure used as a modifier at `i`, glued or hyphenated to its
    /// unit and followed by a word: "152-millimetre", "155mm", "5-ton".
    /// Returns where it ends.
    fn measure_modifier(&self, i: usize) -> Option<usize> {
        self.toks.get(i)?.num()?;
        let at = self.past_glued_hyphen(i + 1);
        if at == i + 1 && !self.toks.get(at).is_some_and(|t| t.glued) {
            return None;
        }
        let (_, end) = self.dim_after(at)?;
        self.toks.get(end).filter(|t| t.is_word())?;
        Some(end)
    }

    /// The counted noun phrase from token `k`: ("North Korean troops", is a person noun).
    fn counted(&self, k: usize, after_of: bool) -> Option<(usize, usize, bool)> {
        let mut i = k;
        if after_of {
            if !self.of_at(i) {
                return None;
            }
            i += 1;
            if GRAMMAR.counted_lead.contains(self.w(i)) {
                i += 1;
            }
        }
        let start = i;
        // "3 million 152-millimetre shells", "four 500-pound bombs": a
        // measure before the noun is part of what is counted.
        if let Some(e) = self.measure_modifier(i) {
            i = e;
        }
        for _ in 0..5 {
            let t = self.toks.get(i)?;
            if !t.is_word() {
                // "Russian-speaking": a hyphen inside a modifier.
                if self.raw(i) == "-" && t.glued && self.toks.get(i + 1).is_some_and(|x| x.glued && x.is_word()) && i > start {
                    i += 1;
                    continue;
                }
                return None;
            }
            let w = self.w(i);
            if let Some(two) = self.words_from(i, 2).filter(|_| self.toks.get(i + 1).is_some_and(|x| x.is_word())) {
                if LEXICON.people.contains(two.as_str()) {
                    return Some((start, i + 2, true));
                }
            }
            if LEXICON.people.contains(w) || crate::lang::pack(self.language).is_some_and(|p| p.counts_people(w)) {
                return Some((start, i + 1, true));
            }
            if GRAMMAR.stop.contains(w) || GRAMMAR.month.contains(w) && self.is_month(i) || is_number_word(w) && i == start {
                return None;
            }
            if is_plural_noun(w) && !(self.raw(i).starts_with(char::is_uppercase) && self.toks.get(i + 1).is_some_and(|x| x.is_word() && !GRAMMAR.stop.contains(self.w(i + 1)))) {
                return Some((start, i + 1, false));
            }
            i += 1;
        }
        None
    }

    /// Rate words from token `k`: "a day", "per month", "daily", "per
    /// soldier", "a share" (money only). Returns (per, per_each, end).
    fn rates(&self, mut k: usize, money: bool) -> (Option<String>, Option<String>, usize) {
        let (mut per, mut each) = (None, None);
        for _ in 0..2 {
            let w = self.w(k);
            if let Some(&p) = GRAMMAR.time_adverb.get(w) {
                per.get_or_insert_with(|| p.to_string());
                k += 1;
                continue;
            }
            let (lead, noun_at) = if article(w) || GRAMMAR.rate_lead.has(w) {
                (w, k + 1)
            } else if GRAMMAR.rate_lead_pair.iter().any(|&(a, b)| a == w && b == self.w(k + 1)) {
                (w, k + 2)
            } else if self.raw(k) == "/" {
                ("/", k + 1)
            } else {
                break;
            };
            let noun = self.w(noun_at);
            if let Some(&p) = GRAMMAR.time_unit.get(noun) {
                let after_article = article(lead);
                if (after_article && GRAMMAR.not_rate_after.contains(self.w(noun_at + 1))) || per.is_some() {
                    break;
                }
                per = Some(p.to_string());
                k = noun_at + 1;
                continue;
            }
            let noun_ok = !noun.is_empty() && !GRAMMAR.stop.contains(noun) && !is_number_word(noun) && (!article(lead) || money) && !GRAMMAR.time_rate_lead.has(lead) && each.is_none();
            if !noun_ok || GRAMMAR.not_per_noun.has(noun) {
                break;
            }
            each = Some(self.raw(noun_at).to_string());
            k = noun_at + 1;
        }
        (per, each, k)
    }

    /// A rate stated before the figure starting at token `first`: "the
    /// daily loss ... amounted to 1,200", "monthly salaries of around
    /// $2,000", "the average daily casualty rate was 1,523". The time
    /// adjective must qualify a noun (not "rose daily to 500") and the
    /// figure must follow a linking word, with only words between.
    fn rate_before(&self, first: usize) -> Option<String> {
        if !GRAMMAR.rate_link.contains(self.w(first.checked_sub(1)?)) {
            return None;
        }
        let from = first.saturating_sub(10);
        for i in (from..first - 1).rev() {
            if !self.toks[i].is_word() {
                return None;
            }
            if let Some(&p) = GRAMMAR.time_adverb.get(self.w(i)) {
                let next = self.w(i + 1);
                return (i + 2 < first && !GRAMMAR.rate_adverb_not_before.contains(next)).then(|| p.to_string());
            }
        }
        None
    }

    /// A numeral, possibly with a money sign before it, at `j`.
    fn numeral_with_money(&self, j: usize) -> Option<(Option<(usize, Money)>, Numeral)> {
        let pre = self.money_before(j);
        let n = self.numeral(j, pre.is_some())?;
        Some((pre, n))
    }

    /// The second figure of a range at `j`: a numeral, or a currency sign
    /// and a numeral ("$10-$12", "between $1,200 and $2,400").
    fn second_figure(&self, j: usize) -> Option<(Option<(usize, Money)>, Numeral)> {
        self.numeral_with_money(j).or_else(|| {
            (j + 1..=(j + 5).min(self.toks.len())).find_map(|k| {
                let pre = self.money_before(k).filter(|p| p.0 == j)?;
                Some((Some(pre), self.numeral(k, true)?))
            })
        })
    }

    fn step(&self, j: usize) -> Step {
        let t = &self.toks[j];
        let starts = match t.kind {
            Kind::Num { .. } => true,
            Kind::Word => is_number_word(self.w(j)) || self.foreign_number(j).is_some(),
            Kind::Punct => matches!(self.raw(j), "-" | "−") || self.raw(j).chars().next().is_some_and(|c| ('\u{bc}'..='\u{be}').contains(&c) || ('\u{2150}'..='\u{215e}').contains(&c)),
        };
        if !starts {
            return Step::None;
        }
        let Some((pre, n)) = self.numeral_with_money(j) else { return Step::None };
        if pre.is_none() && self.not_a_quantity(&n) {
            return Step::Skip(n.end);
        }
        let (mut unit, end, extra) = self.unit_after(n.end, pre.is_some());
        if let Some((_, m)) = pre {
            unit = Unit::Money(m);
        }
        // Letters glued after the number that are no unit: "24703L202", "3D"
        // (CJK text glues all: "3000명").
        if end == n.end && self.toks.get(end).is_some_and(|x| x.glued && x.is_word()) && !(n.kind == NumKind::Ordinal) && !self.is_cjk(end) {
            return Step::Skip(end + 1);
        }
        let mut ph = Phrase {
            first: pre.map_or(j, |p| p.0),
            end,
            value: n.value * extra,
            low: None,
            high: None,
            bound: Bound::Exact,
            unit,
            kind: n.kind,
        };
        // "- 20 degrees fahrenheit": a minus set apart from a temperature
        // (a dash between figures is a range, read above).
        let spaced_minus = j > 0 && matches!(self.raw(j - 1), "-" | "−") && !t.glued && (j == 1 || !self.toks[j - 1].glued && self.toks[j - 2].num().is_none());
        if spaced_minus && pre.is_none() && n.kind == NumKind::Cardinal && matches!(unit, Unit::Dim("degC" | "degF" | "deg")) {
            ph.first = j - 1;
            ph.value = -ph.value;
        }
        // "thirteen dollars and forty-five cents", "3 dollars 50 cents"
        if let Unit::Money(m) = unit {
            let and = self.past_joiner(end);
            if !m.cent && end > n.end {
                if let Some(c) = self.numeral(and, false) {
                    if let (Unit::Money(cm), ce, _) = self.unit_after(c.end, false) {
                        if cm.cent && cm.code == m.code && c.value < 100.0 {
                            ph.value += c.value / 100.0;
                            ph.end = ce;
                        }
                    }
                }
            }
            // "12 ft" has no cents; "64.2 cents" is 0.642 dollars.
            if m.cent {
                ph.value /= 100.0;
            }
        }
        // "5 feet and 2 inches", "12 ft 2 in"
        if unit == Unit::Dim("ft") {
            let k = self.past_joiner(ph.end);
            if let Some(inch) = self.numeral(k, false).filter(|x| x.kind == NumKind::Cardinal && x.value < 12.0) {
                if GRAMMAR.inch_after_feet.has(self.w(inch.end)) || matches!(self.raw(inch.end), "\"" | "″") {
                    ph.value += inch.value / 12.0;
                    ph.end = inch.end + 1;
                }
            }
        }
        // A range: "10,000-12,000", "10 to 12 km", "between 2 and 3 million", "$10-$12".
        let range_start = self.range(&mut ph, &n);
        if ph.bound != Bound::Range && self.is_year(&n) && pre.is_none() && ph.unit == Unit::None && !self.year_shape_counts(ph.end, ph.first) && self.bound_before(ph.first).is_none() {
            return Step::Skip(n.end);
        }
        // Bound words before.
        if let Some(rs) = range_start {
            ph.first = rs;
        } else if let Some((from, bound)) = self.bound_before(ph.first).filter(|b| ph.bound != Bound::Range || b.1 == Bound::Approx) {
            // "around 200 to 300" stays a range.
            ph.first = from;
            if ph.bound != Bound::Range {
                ph.bound = bound;
            }
            // "around or over 600,000", "could reach up to 12,000"
            let mut f = from;
            if GRAMMAR.bound_alternative.has(self.w(f.wrapping_sub(1))) {
                f -= 1;
            }
            if let Some((from2, _)) = self.bound_before(f).filter(|b| self.toks[b.0].is_word()) {
                ph.first = from2;
            }
        }
        if ph.bound == Bound::Exact && GRAMMAR.couple.has(self.w(n.end - 1)) {
            ph.bound = Bound::Approx;
        }
        // Bound words after: "200 or more", "5,000+", "20,000-plus".
        if ph.bound != Bound::Range {
            if self.raw(ph.end) == "+" && self.toks[ph.end].glued {
                ph.bound = Bound::AtLeast;
                ph.end += 1;
            } else if let Some(&b) = GRAMMAR.hyphen_bound.get(self.w(ph.end + 1)).filter(|_| self.raw(ph.end) == "-" && self.toks[ph.end].glued) {
                // "300-plus", "40-odd"
                ph.bound = b;
                ph.end += 2;
            } else if !self.bound_after(&mut ph) {
                // Other languages: "3000多人", "1만1천여명", and after a CJK
                // counter, which stays outside the span: "2000人余り".
                let counter = usize::from(self.is_cjk(ph.end) && LEXICON.people.contains(self.w(ph.end)));
                for p in self.foreign_bounds() {
                    if let Role::After(b) = p.role {
                        if let Some(skip) = (0..=counter).find(|&c| self.tokens_are(ph.end + c, &p.toks)) {
                            ph.bound = b;
                            if skip == 0 {
                                ph.end += p.toks.len();
                            }
                            break;
                        }
                    }
                }
            }
        }
        let money = matches!(ph.unit, Unit::Money(_));
        // The counted noun and rates.
        let mut counted = None;
        let mut after = ph.end;
        if ph.unit == Unit::None && ph.kind != NumKind::Ordinal {
            let of = matches!(ph.kind, NumKind::Vague | NumKind::Fraction) || GRAMMAR.couple.has(self.w(n.end - 1));
            // "nine in ten residents" needs no "of".
            let share = n.kind == NumKind::Fraction && n.end >= n.first + 3 && self.ends_share_link(n.end - 2);
            counted = self.counted(ph.end, of && !share).or_else(|| if of { None } else { self.counted(ph.end, true).filter(|c| c.2 && n.kind == NumKind::Cardinal && n.words) });
            if let Some((_, ce, _)) = counted {
                after = ce;
            }
        }
        // "1,500 killed and wounded daily", "300 people killed every day".
        let mut k = after;
        while k < after + 3 && (GRAMMAR.rate_gap.has(self.w(k)) || self.w(k).len() > 3 && GRAMMAR.participle_suffix.ends(self.w(k))) {
            k += 1;
        }
        let (mut per, per_each, end) = self.rates(k, money);
        if end == k {
            per = per.or_else(|| self.rate_before(ph.first));
        }
        // A measure inside the counted phrase is not read again on its own.
        let next = match counted {
            Some((s, ce, _)) if self.toks[s].num().is_some() => ce,
            _ => n.end.max(j + 1),
        };
        Step::Found(Box::new(self.build(ph, counted, per, per_each)), next)
    }

    /// English bound words after the figure ("200 or more"): sets the bound
    /// and takes them into the span; whether there were any.
    fn bound_after(&self, ph: &mut Phrase) -> bool {
        for &(phrase, bound) in &GRAMMAR.after {
            let n_words = phrase.split(' ').count();
            let then = ph.end + n_words;
            let new_phrase = GRAMMAR.comparison_word.has(self.w(then)) || self.toks.get(then).is_some_and(|t| t.num().is_some()) || self.numeral(then, false).is_some();
            if !new_phrase && self.words_from(ph.end, n_words).as_deref() == Some(phrase) && (0..n_words).all(|i| self.toks.get(ph.end + i).is_some_and(|t| t.is_word())) {
                if let Some(b) = bound {
                    ph.bound = b;
                }
                ph.end += n_words;
                return true;
            }
        }
        false
    }

    /// Read a range after the first numeral; returns the token where the
    /// range phrase starts ("between", "from") when one was read.
    fn range(&self, ph: &mut Phrase, n: &Numeral) -> Option<usize> {
        if !matches!(n.kind, NumKind::Cardinal | NumKind::Fraction) {
            return None;
        }
        let k = ph.end;
        let lead = self.w(ph.first.wrapping_sub(1));
        let conn = self.raw(k);
        let dash = matches!(conn, "-" | "–" | "—");
        // "400~500" (East Asian texts): a tilde glued on both sides.
        let tilde = matches!(conn, "~" | "～" | "〜") && self.toks.get(k).is_some_and(|t| t.glued) && self.toks.get(k + 1).is_some_and(|t| t.glued);
        let glue_before = self.toks.get(k).is_some_and(|t| t.glued);
        let glue_after = self.toks.get(k + 1).is_some_and(|t| t.glued);
        if dash && (glue_before != glue_after || n.words && conn == "-" && glue_before) {
            return None;
        }
        let english = tilde || match conn {
            "-" | "–" | "—" => true,
            _ => {
                let w = self.w(k);
                GRAMMAR.range_to.has(w) || GRAMMAR.range_opener.get(lead).is_some_and(|and| !and.is_empty() && *and == w)
            }
        };
        // Other languages: "10.000 bis 12.000", "zwischen 10 und 12".
        let mut opener = None;
        let conn_len = if english {
            1
        } else {
            self.foreign_bounds().find_map(|p| match &p.role {
                Role::To if self.tokens_are(k, &p.toks) => Some(p.toks.len()),
                Role::Between(and) if ph.first >= p.toks.len() && self.tokens_are(ph.first - p.toks.len(), &p.toks) && self.tokens_are(k, and) => {
                    opener = Some(ph.first - p.toks.len());
                    Some(and.len())
                }
                _ => None,
            })?
        };
        let (pre2, n2) = self.second_figure(k + conn_len)?;
        if n2.kind != n.kind || pre2.is_some() && !matches!(ph.unit, Unit::Money(_)) || self.not_a_quantity(&n2) && pre2.is_none() {
            return None;
        }
        let (unit2, end2, extra2) = if let Some((_, m)) = pre2 { (Unit::Money(m), self.unit_after(n2.end, true).1, 1.0) } else { self.unit_after(n2.end, false) };
        if unit2 != Unit::None && ph.unit != Unit::None && unit2 != ph.unit || unit2 == Unit::None && ph.unit != Unit::None && end2 != n2.end {
            return None;
        }
        // Digit chains and years are dates or ids: "2022-2023", "555-1234".
        if self.is_year(n) && self.is_year(&n2) && ph.unit == Unit::None && unit2 == Unit::None {
            return None;
        }
        if let (Some((_, d1)), Some((_, d2))) = (n.bare_int(self), n2.bare_int(self)) {
            if matches!(conn, "-") && d2 > d1 + 1 {
                return None;
            }
        }
        let mut low = ph.value;
        let mut high = n2.value * extra2;
        if let Unit::Money(m) = unit2 {
            if m.cent {
                high /= 100.0;
                if ph.unit == Unit::None {
                    low /= 100.0;
                }
            }
        }
        // "$10-12 million", "between 2 and 3 million": the scale is shared.
        if n2.scaled && !n.scaled && low * n2.scale <= high && n.kind == NumKind::Cardinal {
            low *= n2.scale;
        }
        // "11 to 12,000", "500 to 600,000": the thousands are shared, as
        // spoken ("eleven to twelve thousand"), when the first figure is
        // close below the second's thousands.
        if let (Some((a, _)), Kind::Num { grouped: true, int: true, .. }) = (n.bare_int(self), self.toks[n2.first].kind) {
            let thousands = n2.value / 1000.0;
            if n2.end == n2.first + 1 && !n2.scaled && thousands.fract() == 0.0 && a < thousands && 2.0 * a >= thousands {
                low = a * 1000.0;
            }
        }
        if low >= high || low.is_nan() || high.is_nan() {
            return None;
        }
        ph.low = Some(low);
        ph.high = Some(high);
        ph.value = (low + high) / 2.0;
        ph.bound = Bound::Range;
        if ph.unit == Unit::None {
            ph.unit = unit2;
        }
        ph.end = end2;
        ph.kind = NumKind::Cardinal;
        opener.or_else(|| GRAMMAR.range_opener.has(lead).then(|| ph.first - 1))
    }

    fn build(&self, ph: Phrase, counted: Option<(usize, usize, bool)>, per: Option<String>, per_each: Option<String>) -> Quantity {
        let start = self.toks[ph.first].start;
        let end = self.toks[ph.end - 1].end;
        let person = counted.is_some_and(|c| c.2);
        let (kind, unit) = match ph.unit {
            Unit::Money(m) => ("money", Some(m.code.to_string())),
            Unit::Percent => ("percentage", Some("percent".to_string())),
            Unit::Dim(id) => ("dimension", Some(id.to_string())),
            Unit::None => match ph.kind {
                NumKind::Fraction => ("fraction", None),
                NumKind::Ordinal => ("ordinal", None),
                _ if person => ("count", Some("person".to_string())),
                _ => ("number", None),
            },
        };
        let vague = ph.kind == NumKind::Vague;
        let (value, low, high, bound) = match ph.bound {
            // "thousands": an order of magnitude, no figure to plot or compare.
            Bound::Exact if vague => (None, None, None, Bound::Approx),
            b if vague => (None, None, None, b),
            Bound::Range => (Some(ph.value), ph.low, ph.high, Bound::Range),
            Bound::AtLeast => (Some(ph.value), Some(ph.value), None, Bound::AtLeast),
            Bound::AtMost => (Some(ph.value), None, Some(ph.value), Bound::AtMost),
            // "3,000", "about 3,000": no bound stated, so no interval.
            b => (Some(ph.value), None, None, b),
        };
        Quantity {
            start,
            end,
            text: self.text[start..end].to_string(),
            kind: kind.to_string(),
            value,
            low,
            high,
            bound,
            unit,
            per,
            per_each,
            counted: counted.map(|(s, e, _)| self.text[self.toks[s].start..self.toks[e - 1].end].to_string()),
            vague,
        }
    }

    /// Every quantity, left to right, without overlaps.
    pub(super) fn scan(&self) -> Vec<(Quantity, usize, usize)> {
        let mut out: Vec<(Quantity, usize, usize)> = Vec::new();
        let mut j = 0;
        while j < self.toks.len() {
            match self.step(j) {
                Step::Found(q, next) => {
                    let first = self.toks.partition_point(|t| t.start < q.start);
                    let last = self.toks.partition_point(|t| t.start < q.end);
                    if out.last().is_none_or(|p| p.0.end <= q.start) {
                        let next = next.max(last);
                        self.consumed.set(last);
                        out.push((*q, first, last));
                        j = next;
                    } else {
                        j = next;
                    }
                }
                Step::Skip(next) => j = next.max(j + 1),
                Step::None => j += 1,
            }
        }
        out
    }
}

/// "more than 10 and less than 40", "at most 100 and at least 20": two
/// open bounds joined by "and" become one range when they make one.
pub(super) fn join_bounds(cx: &Ctx, found: Vec<(Quantity, usize, usize)>) -> Vec<Quantity> {
    let mut out: Vec<(Quantity, usize, usize)> = Vec::with_capacity(found.len());
    for (q, first, last) in found {
        if let Some((p, _, plast)) = out.last_mut() {
            let opposite = matches!((p.bound, q.bound), (Bound::AtLeast, Bound::AtMost) | (Bound::AtMost, Bound::AtLeast));
            if opposite && *plast + 1 == first && GRAMMAR.bounds_joiner.has(cx.w(*plast)) && p.unit == q.unit {
                let low = p.low.or(q.low);
                let high = p.high.or(q.high);
                if let (Some(l), Some(h)) = (low, high) {
                    if l < h {
                        p.low = Some(l);
                        p.high = Some(h);
                        p.value = Some((l + h) / 2.0);
                        p.bound = Bound::Range;
                        p.end = q.end;
                        p.text = cx.text[p.start..p.end].to_string();
                        p.counted = p.counted.take().or(q.counted);
                        *plast = last;
                        continue;
                    }
                }
            }
        }
        out.push((q, first, last));
    }
    out.into_iter().map(|(q, _, _)| q).collect()
}
