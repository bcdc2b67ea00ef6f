//! Numerals: digits ("12,000", "1.28 million", "20k", "3/4", "10 1/2",
//! "1.2e6", "3 x 10^4", "6.02×10²³"), words ("three hundred and five",
//! "twenty-one trillion three hundred", "two point five", "a dozen"), both
//! joined by hyphens ("15-hundred", "four-thousand-100"), fractions
//! ("two-thirds", "half", "one in three", "½"), vague amounts ("thousands",
//! "tens of thousands", "several hundred") and ordinals ("4th", "the third
//! time").

use super::lex::Kind;
use super::lexicon::{GRAMMAR, LEXICON};
use super::Ctx;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum NumKind {
    Cardinal,
    Fraction,
    Ordinal,
    /// A vague amount ("thousands"): `value` is its scale, not a figure.
    Vague,
}

/// A numeral over tokens `first..end`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Numeral {
    pub first: usize,
    pub end: usize,
    pub value: f64,
    pub kind: NumKind,
    /// Spelled out in words (at least in part).
    pub words: bool,
    /// A scale word or abbreviation multiplied it ("million", "k").
    pub scaled: bool,
    /// The largest scale applied (1 when none), for "3 million and a half".
    pub scale: f64,
}

impl Numeral {
    /// A bare integer written with digits only, no grouping: the shape of
    /// years, ids and model numbers.
    pub fn bare_int(&self, cx: &Ctx) -> Option<(f64, u8)> {
        if self.end != self.first + 1 || self.kind != NumKind::Cardinal {
            return None;
        }
        match cx.toks[self.first].kind {
            Kind::Num { value, int: true, grouped: false, digits, .. } => Some((value, digits)),
            _ => None,
        }
    }
}

fn small_word(w: &str) -> Option<f64> {
    GRAMMAR.numbers.small.get(w).copied()
}

fn tens_word(w: &str) -> Option<f64> {
    GRAMMAR.numbers.tens.get(w).copied()
}

/// Scale words that follow a number ("million"); `dozen` is one too.
fn scale_word(w: &str) -> Option<f64> {
    GRAMMAR.numbers.scale.get(w).copied()
}

/// Abbreviated scales after digits ("20k", "$280m", "1.2b", "2 bn").
/// `raw` keeps its case: "M" is a million, "m" only with money.
fn scale_abbrev(raw: &str, money: bool, glued: bool) -> Option<f64> {
    let n = &GRAMMAR.numbers;
    n.scale_abbrev
        .get(raw)
        .or_else(|| n.scale_abbrev_money.get(raw).filter(|_| money))
        .or_else(|| n.scale_abbrev_glued.get(raw).filter(|_| glued))
        .copied()
}

/// Ordinal words: "first" → 1, "twentieth" → 20.
fn ordinal(w: &str) -> Option<f64> {
    GRAMMAR.numbers.ordinal.get(w).copied()
}

/// Fraction denominators: "third" → 3, "halves" → 2, "fifteenths" → 15
/// (the ordinals from "third" on).
fn denominator(w: &str) -> Option<f64> {
    let w = w.strip_suffix('s').unwrap_or(w);
    GRAMMAR.numbers.denominator.get(w).copied().or_else(|| ordinal(w).filter(|d| *d >= 3.0))
}

fn vulgar(c: &str) -> Option<f64> {
    GRAMMAR.numbers.vulgar_fraction.get(c).copied()
}

/// Plural scales read as vague amounts: "thousands" → (1000 × 2, 1000 × 10).
fn vague_word(w: &str) -> Option<f64> {
    GRAMMAR.numbers.vague.get(w).copied()
}

/// Whether a word is the word for a hundred ("hundred").
fn hundred(w: &str) -> bool {
    GRAMMAR.numbers.hundred.contains_key(w)
}

/// Whether a word is an indefinite article ("a", "an").
pub(super) fn article(w: &str) -> bool {
    GRAMMAR.indefinite_article.has(w)
}

/// Whether a word can start a spelled-out numeral.
pub(super) fn is_number_word(w: &str) -> bool {
    NUMBER_STARTS.contains(w)
}

/// The words that can start a spelled-out numeral: a numeral's words, the
/// hundred, the negative words, the indefinite article and the vague
/// multiples and quantifiers, in one set (every word of a text is asked).
static NUMBER_STARTS: std::sync::LazyLock<foldhash::HashSet<&'static str>> = std::sync::LazyLock::new(|| {
    let g = &*GRAMMAR;
    let n = &g.numbers;
    n.words
        .iter()
        .map(String::as_str)
        .chain(n.hundred.keys().copied())
        .chain(n.negative.keys().copied())
        .chain(g.indefinite_article.words())
        .chain(g.vague_multiple.words())
        .chain(g.vague_quantifier.words())
        .collect()
});

/// Round away binary noise after scaling: 1.28 × 10⁶ is 1,280,000.
fn tidy(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let mag = x.abs().log10().floor() as i32;
    let p = 10f64.powi(12 - mag);
    if p.is_finite() && p > 0.0 {
        let r = (x * p).round() / p;
        if r.is_finite() {
            return r;
        }
    }
    x
}

impl Ctx<'_> {
    /// The token after `j` if it is glued to it.
    fn glued_next(&self, j: usize) -> Option<usize> {
        self.toks.get(j + 1).filter(|t| t.glued).map(|_| j + 1)
    }

    /// A hyphen (glued or spaced) between number words: "twenty-one", "fifty - two".
    fn skip_hyphen(&self, j: usize) -> usize {
        if self.raw(j) == "-" {
            j + 1
        } else {
            j
        }
    }

    /// `k`, or the token after it when `k` is a hyphen glued on both sides:
    /// the joints of "15-hundred" and "four-thousand-100".
    pub(super) fn past_glued_hyphen(&self, k: usize) -> usize {
        if self.raw(k) == "-" && self.toks[k].glued && self.toks.get(k + 1).is_some_and(|t| t.glued) {
            k + 1
        } else {
            k
        }
    }

    /// Whether token `k` is the word linking a number to what it counts
    /// ("of": "tens of thousands", "4th of July").
    pub(super) fn of_at(&self, k: usize) -> bool {
        GRAMMAR.of_link.has(self.w(k))
    }

    /// Where the words making a share that start at `k` end ("in", "out
    /// of": "one in three", "two out of three").
    fn past_share_link(&self, k: usize) -> Option<usize> {
        if GRAMMAR.share_link.has(self.w(k)) {
            return Some(k + 1);
        }
        GRAMMAR.share_link_pair.iter().any(|&(a, b)| a == self.w(k) && b == self.w(k + 1)).then_some(k + 2)
    }

    /// Whether token `k` ends the words making a share ("in", the "of" of
    /// "out of").
    pub(super) fn ends_share_link(&self, k: usize) -> bool {
        let w = self.w(k);
        GRAMMAR.share_link.has(w) || GRAMMAR.share_link_pair.iter().any(|&(_, b)| b == w)
    }

    /// `k`, or the token after it when `k` is the word joining the parts
    /// of one figure: the "and" of "hundred and five", "5 feet and 2 inches".
    pub(super) fn past_joiner(&self, k: usize) -> usize {
        k + usize::from(GRAMMAR.figure_joiner.has(self.w(k)))
    }

    /// "twenty-one", "seventy", "thirteen", "7": a value below 100 at `j`.
    fn below_hundred(&self, j: usize) -> Option<(usize, f64)> {
        let w = self.w(j);
        if let Some(t) = tens_word(w) {
            let k = self.skip_hyphen(j + 1);
            if let Some(u) = small_word(self.w(k)).filter(|u| (1.0..10.0).contains(u)) {
                return Some((k + 1, t + u));
            }
            return Some((j + 1, t));
        }
        small_word(w).or_else(|| self.foreign_number(j)).map(|v| (j + 1, v))
    }

    /// A number word of the text's language at `j` ("drei", "чотирьох"; a
    /// half, "medio", only before a scale word), or one written as one word
    /// with the scale after it ("dreitausend", "tremila"):
    /// `data/quantities/numbers.tsv`.
    pub(super) fn foreign_number(&self, j: usize) -> Option<f64> {
        // English and the languages without number words of their own skip
        // the look-ups (and the splits of every word).
        let lang = self.language.filter(|l| LEXICON.number_languages.contains(l))?;
        let w = self.w(j);
        let word = |w: &str| LEXICON.numbers.get(w).filter(|(_, langs)| langs.contains(&lang)).map(|(v, _)| *v);
        word(w).or_else(|| {
            w.char_indices().skip(1).find_map(|(at, _)| {
                let (head, tail) = w.split_at(at);
                let scale = match LEXICON.scales.get(tail)? {
                    (_, Some(langs)) if !langs.contains(&lang) => return None,
                    (f, _) => *f,
                };
                Some(word(head)? * scale)
            })
        })
        .filter(|v| *v >= 1.0 || self.scale_word_at(j + 1).is_some())
    }

    /// A value below 1,000 at `j`: "three hundred and five", "3 hundred",
    /// "2.12 hundred", "hundred", "a hundred", or digits. "a" before a scale
    /// word is one: "a million", "a dozen".
    fn below_thousand(&self, j: usize) -> Option<(usize, f64, bool)> {
        let (mut k, mut v, words) = if let Some(n) = self.toks.get(j).and_then(|t| t.num()) {
            (j + 1, n, false)
        } else if let Some((k, v)) = self.below_hundred(j) {
            (k, v, true)
        } else if hundred(self.w(j)) {
            (j, 1.0, true)
        } else if article(self.w(j)) && (hundred(self.w(j + 1)) || scale_word(self.w(j + 1)).is_some()) {
            (j + 1, 1.0, true)
        } else {
            return None;
        };
        let h = self.past_glued_hyphen(k);
        if hundred(self.w(h)) {
            v *= 100.0;
            k = h + 1;
            let and = self.past_joiner(k);
            if let Some((e, r)) = self.below_hundred(and) {
                // "hundred and five" but not "hundred and five hundred".
                if !hundred(self.w(e)) && denominator(self.w(e)).is_none() {
                    v += r;
                    k = e;
                }
            } else if and > k && !hundred(self.w(and + 1)) && scale_word(self.w(and + 1)).is_none() {
                if let Some(n) = self.int_at(and).filter(|n| *n < 100.0) {
                    v += n;
                    k = and + 1;
                }
            }
            return Some((k, v, true));
        }
        Some((k, v, words))
    }

    /// Digits after "point" as words: "point seventy-one" → "71".
    fn point_digits(&self, mut j: usize) -> Option<(usize, String)> {
        let mut s = String::new();
        while let Some((e, v)) = self.below_hundred(j) {
            s.push_str(&format!("{}", v as u32));
            j = e;
        }
        (!s.is_empty()).then_some((j, s))
    }

    /// A scale after a number at `j`: a word ("million") or, after digits,
    /// an abbreviation ("k", "bn", "m" with money, "MUSD"'s "M" is left to
    /// the currency reader).
    fn scale_at(&self, j: usize, after_digits: bool, money: bool) -> Option<f64> {
        if let Some(s) = self.scale_word_at(j) {
            return Some(s);
        }
        if after_digits {
            let t = self.toks.get(j)?;
            if t.is_word() && !self.toks.get(j + 1).is_some_and(|n| n.glued && !matches!(n.kind, Kind::Punct)) {
                return scale_abbrev(self.raw(j), money, t.glued);
            }
        }
        None
    }

    /// The scale word at `j`: English ("million", "dozen") or of another
    /// language ("тысяч", "万"), the latter where its language allows it.
    pub(super) fn scale_word_at(&self, j: usize) -> Option<f64> {
        let w = self.w(j);
        // The generic pack's words first: Danish "billion" is 10^12.
        self.cldr.and_then(|p| p.scale(w)).or_else(|| scale_word(w)).or_else(|| self.listed_scale(w))
    }

    /// The scale word of another language at `j` (the generic pack's:
    /// "mld.", "tis.", else `scales.tsv`), where its language allows it.
    pub(super) fn foreign_scale_at(&self, j: usize) -> Option<f64> {
        let w = self.w(j);
        self.cldr.and_then(|p| p.scale(w)).or_else(|| self.listed_scale(w))
    }

    /// The factor of a scale word of `scales.tsv`, where the text's language allows it.
    fn listed_scale(&self, w: &str) -> Option<f64> {
        match LEXICON.scales.get(w)? {
            (f, None) => Some(*f),
            (f, Some(langs)) => self.language.filter(|l| langs.contains(l)).map(|_| *f),
        }
    }

    /// A cardinal at `j`: groups below 1,000 joined by decreasing scales
    /// ("twenty-one trillion three hundred", "4 thousand 3 hundred and 21").
    fn cardinal(&self, j: usize, money: bool) -> Option<Numeral> {
        let mut total = 0.0;
        let mut last_scale = f64::INFINITY;
        let mut pos = j;
        let mut end = j;
        let mut words = false;
        let mut scaled = false;
        while let Some((mut e, mut v, w)) = self.below_thousand(pos) {
            if pos != j && v >= last_scale {
                break;
            }
            if GRAMMAR.numbers.point.contains_key(self.w(e)) {
                if let Some((pe, frac)) = self.point_digits(e + 1) {
                    v = format!("{}.{frac}", v as u64).parse().unwrap_or(v);
                    e = pe;
                }
            }
            words |= w;
            let after_digits = !w && e == pos + 1;
            // "15-thousand": a scale word joined by a hyphen.
            let h = self.past_glued_hyphen(e);
            let e = if h > e && self.scale_word_at(h).is_some() { h } else { e };
            match self.scale_at(e, after_digits, money).filter(|s| *s < last_scale && (pos == j || v < *s)) {
                Some(s) => {
                    total += v * s;
                    last_scale = s;
                    scaled = true;
                    end = e + 1;
                    // An abbreviation ends the numeral: "20k".
                    if self.scale_word_at(e).is_none() {
                        break;
                    }
                    // "two thousand and two hundred", "4 thousand 3 hundred",
                    // "four-thousand-100", "1万2000"; but bare digits after a
                    // scale start a new figure ("3 million 152-millimetre
                    // shells") unless "and", a hyphen, a CJK scale or a
                    // smaller scale joins them.
                    let and = GRAMMAR.figure_joiner.has(self.w(end));
                    let next = if and { end + 1 } else { self.past_glued_hyphen(end) };
                    let joined = and || next > end || self.is_cjk(e);
                    match self.below_thousand(next) {
                        Some((ce, cv, cw)) if cv < s && denominator(self.w(ce)).is_none() && (cw || joined || self.scale_word_at(ce).is_some()) => pos = next,
                        _ => break,
                    }
                }
                None => {
                    total += v;
                    end = e;
                    break;
                }
            }
        }
        if end == j {
            return None;
        }
        Some(Numeral { first: j, end, value: tidy(total), kind: NumKind::Cardinal, words, scaled, scale: if scaled { last_scale } else { 1.0 } })
    }

    /// A fraction at `j`: "two thirds", "one-eighth", "a half", "half",
    /// "three quarters", "½", "3/4". Returns its end and value.
    fn fraction(&self, j: usize) -> Option<(usize, f64)> {
        if let Some(v) = vulgar(self.raw(j)) {
            return Some((j + 1, v));
        }
        // 3/4, but not the day and year of "03/18/40"
        let in_date = j > 0 && self.raw(j - 1) == "/" && self.toks[j].glued;
        if let (Some(a), Some(b), false) = (self.int_at(j), self.int_at(j + 2), in_date) {
            if self.raw(j + 1) == "/" && self.toks[j + 1].glued && self.toks[j + 2].glued && a < b && (2.0..=100.0).contains(&b) && self.raw(j + 3) != "/" {
                return Some((j + 3, a / b));
            }
        }
        let w = self.w(j);
        let (num, k) = if article(w) {
            (1.0, j + 1)
        } else if let Some((e, v)) = self.below_hundred(j) {
            (v, self.skip_hyphen(e))
        } else {
            (1.0, j)
        };
        let dw = self.w(k);
        let d = denominator(dw)?;
        // "half" and "quarter" stand alone; "third", "fifth" need a count
        // before them, else they are ordinals ("the third time").
        if k == j && !(GRAMMAR.lone_fraction.has(dw) || GRAMMAR.lone_fraction_scaled.has(dw) && scale_word(self.w(k + 1)).is_some()) {
            return None;
        }
        // "a third time", "a fifth term" are ordinals.
        if article(w) && d > 2.0 && GRAMMAR.ordinal_noun.contains(self.w(k + 1)) {
            return None;
        }
        // "a quarter" and "one third" are fractions; "a third time" is not,
        // but "one in three" is read elsewhere.
        if d == 2.0 && num > 1.0 && GRAMMAR.lone_fraction.has(dw) {
            return None;
        }
        Some((k + 1, num / d))
    }

    /// A power of ten's exponent glued after the "10" at `j - 1`: "^4",
    /// "^-3", "²³", "⁻⁶". Returns its end and value.
    fn exponent_at(&self, k: usize) -> Option<(usize, i32)> {
        let glued = |i: usize| self.toks.get(i).is_some_and(|t| t.glued);
        if self.raw(k) == "^" && glued(k) {
            let neg = matches!(self.raw(k + 1), "-" | "−") && glued(k + 1);
            let d = k + 1 + usize::from(neg);
            let e = self.int_at(d).filter(|e| *e < 1000.0 && glued(d))? as i32;
            return Some((d + 1, if neg { -e } else { e }));
        }
        const SUPERSCRIPT: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
        let mut i = k;
        let mut digits = String::new();
        while glued(i) {
            let c = self.raw(i).chars().next();
            if c == Some('⁻') && digits.is_empty() {
                digits.push('-');
            } else if let Some(d) = c.and_then(|c| SUPERSCRIPT.iter().position(|x| *x == c)) {
                digits.push(char::from(b'0' + d as u8));
            } else {
                break;
            }
            i += 1;
        }
        let e: i32 = digits.parse().ok().filter(|e: &i32| e.abs() < 1000)?;
        Some((i, e))
    }

    /// Scientific notation after a number ending at `k`: "× 10^4", "x10²³".
    /// Returns its end and the power of ten.
    fn times_power_of_ten(&self, k: usize) -> Option<(usize, i32)> {
        if !matches!(self.raw(k), "x" | "X" | "×" | "*") || self.int_at(k + 1) != Some(10.0) {
            return None;
        }
        self.exponent_at(k + 2)
    }

    /// An ordinal in words at `j`: "third", "twenty-first". Returns its end
    /// and value.
    fn ordinal_word(&self, j: usize) -> Option<(usize, f64)> {
        let w = self.w(j);
        if let Some(t) = tens_word(w) {
            let k = self.past_glued_hyphen(j + 1);
            return ordinal(self.w(k)).filter(|u| *u < 10.0 && k > j + 1).map(|u| (k + 1, t + u));
        }
        ordinal(w).map(|v| (j + 1, v))
    }

    fn int_at(&self, j: usize) -> Option<f64> {
        match self.toks.get(j)?.kind {
            Kind::Num { value, int: true, .. } => Some(value),
            _ => None,
        }
    }

    /// The numeral that starts at token `j`, if any. `money` says a currency
    /// sign stands before it (so "m" after it is "million").
    pub(super) fn numeral(&self, j: usize, money: bool) -> Option<Numeral> {
        let t = self.toks.get(j)?;
        let w = self.w(j);
        // Negative numbers.
        if let Some(&sign) = GRAMMAR.numbers.negative.get(w) {
            let mut n = self.numeral(j + 1, money)?;
            if n.kind == NumKind::Cardinal {
                n.first = j;
                n.value *= sign;
                return Some(n);
            }
            return None;
        }
        if matches!(self.raw(j), "-" | "−") && self.toks.get(j + 1).is_some_and(|n| n.glued && n.num().is_some()) {
            let prev_operand = j > 0 && t.glued && !matches!(self.toks[j - 1].kind, Kind::Punct);
            let prev_number = j > 0 && (self.toks[j - 1].num().is_some() || is_number_word(self.w(j - 1)));
            if !prev_operand && !prev_number {
                let mut n = self.numeral(j + 1, money)?;
                n.first = j;
                n.value = -n.value;
                return Some(n);
            }
            return None;
        }
        // Ordinals with digits: 4th, 21st, 2nd.
        if let (Some(_), Some(k)) = (self.int_at(j), self.glued_next(j)) {
            if GRAMMAR.ordinal_suffix.has(self.w(k)) {
                return Some(Numeral { first: j, end: k + 1, value: self.int_at(j).unwrap_or(0.0), kind: NumKind::Ordinal, words: false, scaled: false, scale: 1.0 });
            }
        }
        // Ordinals in words where they count: "the third time", "a fifth
        // straight day", "the twenty-first consecutive month".
        if let Some((e, v)) = self.ordinal_word(j) {
            if GRAMMAR.ordinal_lead.contains(self.w(j.wrapping_sub(1))) && GRAMMAR.counted_in_order.contains(self.w(e)) {
                return Some(Numeral { first: j, end: e, value: v, kind: NumKind::Ordinal, words: true, scaled: false, scale: 1.0 });
            }
        }
        // Vague amounts.
        if let Some(v) = self.vague(j) {
            return Some(v);
        }
        // "a couple of reporters": two, roughly (the phrase marks it approximate).
        if let Some(&value) = GRAMMAR.couple.get(self.w(j + 1)).filter(|_| article(w) && self.of_at(j + 2)) {
            return Some(Numeral { first: j, end: j + 2, value, kind: NumKind::Cardinal, words: true, scaled: false, scale: 1.0 });
        }
        // Fractions first when they scale: "quarter million", "half a dozen".
        if let Some((e, f)) = self.fraction(j) {
            let e2 = if article(self.w(e)) { e + 1 } else { e };
            if let Some(s) = scale_word(self.w(e2)) {
                return Some(Numeral { first: j, end: e2 + 1, value: tidy(f * s), kind: NumKind::Cardinal, words: true, scaled: true, scale: s });
            }
            // "one in three" reads below; a lone fraction is done here.
            if !GRAMMAR.share_link.has(self.w(e)) {
                let words = t.is_word();
                return Some(Numeral { first: j, end: e, value: f, kind: NumKind::Fraction, words, scaled: false, scale: 1.0 });
            }
        }
        let mut n = self.cardinal(j, money)?;
        // "1.5 × 10^9", "10^6": scientific notation.
        if !n.words && !n.scaled && n.end == j + 1 {
            let power = if n.value == 10.0 { self.exponent_at(n.end).map(|(e, p)| (e, 1.0, p)) } else { None };
            if let Some((e, m, p)) = power.or_else(|| self.times_power_of_ten(n.end).map(|(e, p)| (e, n.value, p))) {
                n.value = format!("{m}e{p}").parse().unwrap_or(n.value);
                n.end = e;
                return Some(n);
            }
        }
        // "one in three", "1 in 10", "two out of three" (not "five out of three").
        let of = self.past_share_link(n.end);
        if let Some(of) = of.filter(|_| n.value >= 1.0 && !n.scaled) {
            if let Some(d) = self.cardinal(of, false) {
                if d.value > n.value && d.value <= 1000.0 && !d.scaled && !hundred(self.w(d.end)) {
                    return Some(Numeral { first: j, end: d.end, value: n.value / d.value, kind: NumKind::Fraction, words: n.words, scaled: false, scale: 1.0 });
                }
            }
        }
        // "10 1/2", "7½": a whole number and a fraction.
        if !n.scaled && n.value >= 1.0 {
            if let Some((e, f)) = self.toks.get(n.end).filter(|t| t.num().is_some() || vulgar(self.raw(n.end)).is_some()).and_then(|_| self.fraction(n.end)) {
                if !n.words {
                    n.value += f;
                    n.end = e;
                    return Some(n);
                }
            }
        }
        // "three and a fifth", "3 million and a quarter",
        // "one billion and three quarters million", "two and a half million".
        if GRAMMAR.figure_joiner.has(self.w(n.end)) {
            if let Some((e, f)) = self.fraction(n.end + 1) {
                if let Some(s) = scale_word(self.w(e)).filter(|s| *s < n.scale || !n.scaled) {
                    if n.scaled {
                        n.value = tidy(n.value + f * s);
                    } else {
                        n.value = tidy((n.value + f) * s);
                        n.scaled = true;
                        n.scale = s;
                    }
                    n.end = e + 1;
                } else {
                    n.value = tidy(n.value + f * n.scale);
                    n.end = e;
                }
                n.words = true;
            }
        }
        Some(n)
    }

    /// "thousands", "tens of thousands", "hundreds of millions", "dozens",
    /// "several hundred", "a few thousand".
    fn vague(&self, j: usize) -> Option<Numeral> {
        let w = self.w(j);
        let make = |end: usize, scale: f64| Numeral { first: j, end, value: scale, kind: NumKind::Vague, words: true, scaled: true, scale };
        if let Some(f) = GRAMMAR.vague_multiple.get(w).filter(|_| self.of_at(j + 1)) {
            if let Some(s) = vague_word(self.w(j + 2)).filter(|s| *s >= 1e3) {
                return Some(make(j + 3, f * s));
            }
        }
        if let Some(s) = vague_word(w) {
            return Some(make(j + 1, s));
        }
        let k = if GRAMMAR.vague_quantifier.has(w) {
            j + 1
        } else if article(w) && GRAMMAR.vague_after_article.has(self.w(j + 1)) {
            j + if self.of_at(j + 2) { 3 } else { 2 }
        } else {
            return None;
        };
        let s = match GRAMMAR.numbers.hundred.get(self.w(k)) {
            Some(&h) => h,
            None => scale_word(self.w(k)).filter(|s| *s >= 1e3)?,
        };
        Some(make(k + 1, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_word_set_holds_what_the_lists_read() {
        let n = &GRAMMAR.numbers;
        let listed = [&n.small, &n.tens, &n.scale, &n.vague, &n.ordinal, &n.denominator].into_iter().flat_map(|m| m.keys().copied());
        let words: Vec<String> = listed.chain(["hals", "firsts", "seconds", "fifths", "halves", "quarters", "hundreds", "tens", "soldiers"]).flat_map(|w| [w.to_string(), format!("{w}s")]).collect();
        for w in &words {
            let read = [small_word(w), tens_word(w), scale_word(w), vague_word(w), denominator(w), ordinal(w)].iter().any(Option::is_some);
            assert_eq!(n.words.contains(w.as_str()), read, "{w}");
        }
        assert!(is_number_word("thirds") && is_number_word("halves") && !is_number_word("seconds") && !is_number_word("soldiers"));
    }
}
