//! Quantities: numbers, amounts of money, percentages, measures, counts of
//! people and things, with their bounds ("up to", "more than", ranges) and
//! rates ("a day", "per soldier").
//!
//! [`find`] lexes the text once into number, word and punctuation tokens
//! ([`lex`]), reads a numeral wherever one can start ([`numeral`]) and grows
//! it into a phrase ([`phrase`]): a currency sign before it, a scale, unit
//! or currency after it, a second numeral for a range, bound words on
//! either side, the counted noun and rate words after. The lexicons are in
//! `data/quantities/` ([`lexicon`]).
//!
//! Conventions of the values:
//! - `value` is in the unit: 2.29e9 for "US$2.29 billion", 98.3 for
//!   "98,3 per cent" (percentages stay in percent), 0.642 USD for "64.2
//!   cents" (cents and pence are hundredths of their currency).
//! - fractions and shares ("two-thirds", "one in three", "half", "3/4") are
//!   kind `fraction`, unit null, `value` the share (0.6667).
//! - ranges have `low`/`high` and `value` the midpoint; open bounds leave a
//!   side null; exact and approximate figures state no bound, so `low` and
//!   `high` are null.
//! - vague amounts ("thousands", "tens of thousands", "dozens", "several
//!   hundred") are `vague`, `approx` and have no `value`, `low` or `high`:
//!   an order of magnitude is no figure to plot or compare.
//! - "a couple of" is 2, approximate; "a dozen" 12; "15-hundred" 1,500;
//!   "11 to 12,000" the range 11,000–12,000; "1.2e6" and "3 × 10^4" are
//!   scientific notation.
//! - ordinals are found only when they count ("the 4th time"), kind
//!   `ordinal`; ordinals in names ("2nd Army") and dates are not.
//! - "pounds" is money unless the nearer cue in the sentence speaks of
//!   weight ("weighs", "pounds of rice"); "degrees" is an angle (`arcdeg`)
//!   when the sentence speaks of angles and not of temperature.
//! - a measure that qualifies a counted noun ("3 million 152-millimeter
//!   shells") belongs to the counted phrase, not a figure of its own.
//! - other languages: [`find_in`] takes the text's language; where it
//!   groups thousands with dots, "3.000" is 3,000; scale words
//!   (`data/quantities/scales.tsv`: "15 тысяч", "12mila", "1万2000",
//!   "1만 2000") and bound and range words (`bounds.tsv`: "mehr als",
//!   "zwischen … und", "более", "約", "3000多人", "1만1천여명") are read;
//!   CJK text glues numbers to the words around them. A language without
//!   a hand-written pack reads its CLDR conventions (`cldr.rs`: "3,5 mld.
//!   korun", "1,5 mia. kroner", "12 345,5").
//! - `--lang` or a detected language chooses the pack; English reads none.
//! - years, dates, times of day, ids ("Unit 6", "No. 4"), model names
//!   ("KN-23", "Su-27"), phone numbers and codes ("555 123 4567",
//!   "020 7946", "555-0134") and numbers inside URLs are not quantities;
//!   a year-shaped number right before a plural noun counts it ("1500
//!   tanks"), unless a word that leads years stands before ("the 2024
//!   elections").

mod cldr;
mod lex;
mod lexicon;
mod numeral;
mod phrase;

use sitrep_core::{Document, Quantity, Span};
use sitrep_text::analysis::Analysis;

/// The lexed text the finder reads.
pub(super) struct Ctx<'a> {
    text: &'a str,
    /// `text` with ASCII letters lower-cased: same byte offsets.
    lower: String,
    toks: Vec<lex::Tok>,
    /// Sentence starts, sorted.
    sentence_starts: Vec<usize>,
    /// Tokens before this one belong to quantities already found.
    consumed: std::cell::Cell<usize>,
    /// The text's language (ISO 639-1), when known.
    language: Option<&'a str>,
    /// The generic CLDR pack of a language without a hand-written one.
    cldr: Option<&'static cldr::Pack>,
    /// The bound and range phrases of other languages this text reads
    /// (the CJK ones in every text), the pack's last: chosen once for the
    /// text, not for each number.
    bounds: Vec<&'static lexicon::BoundPhrase>,
}

impl<'a> Ctx<'a> {
    fn new(a: &Analysis<'a>, language: Option<&'a str>) -> Self {
        let text = a.text();
        let mut sentence_starts: Vec<usize> = a.sentences().iter().map(|s| s.start).collect();
        sentence_starts.sort_unstable();
        let cldr = cldr::pack(language);
        let style = lex::Style {
            dot_groups: language.is_some_and(|l| lexicon::GRAMMAR.dot_grouping.contains(l)) || cldr.is_some_and(|p| p.group == "."),
            space_decimals: cldr.is_some_and(|p| p.group.trim().is_empty()),
        };
        let generic = cldr.map(|p| p.bounds.iter()).into_iter().flatten();
        let bounds = lexicon::LEXICON.bounds.iter().filter(|p| p.langs.as_ref().is_none_or(|l| language.is_some_and(|x| l.contains(&x)))).chain(generic).collect();
        let toks = lex::lex_atoms(text, a.atoms().iter().copied(), style);
        Ctx { text, lower: text.to_ascii_lowercase(), toks, sentence_starts, consumed: std::cell::Cell::new(0), language, cldr, bounds }
    }

    /// Whether token `j` is a CJK character.
    fn is_cjk(&self, j: usize) -> bool {
        self.toks.get(j).is_some_and(|t| t.is_word() && self.text[t.start..].chars().next().is_some_and(lex::is_cjk))
    }

    /// The token's text as written ("" past the end).
    fn raw(&self, j: usize) -> &str {
        self.toks.get(j).map_or("", |t| &self.text[t.start..t.end])
    }

    /// The token's text lower-cased if it is a word, else "".
    fn w(&self, j: usize) -> &str {
        self.toks.get(j).filter(|t| t.is_word()).map_or("", |t| &self.lower[t.start..t.end])
    }

    /// Whether token `j` starts a sentence (or the text): its capital says
    /// nothing about it being a name.
    fn sentence_initial(&self, j: usize) -> bool {
        let Some(t) = self.toks.get(j) else { return false };
        // The sentence start at or before the token, with only opening
        // marks between ("\"The 388 names").
        let k = self.sentence_starts.partition_point(|&s| s <= t.start);
        let opens = k > 0 && self.text[self.sentence_starts[k - 1]..t.start].chars().all(|c| !c.is_alphanumeric() && !matches!(c, '.' | ',' | ';' | ':'));
        j == 0 || opens || {
            // After a line break.
            let before = &self.text[self.toks[j - 1].end..t.start];
            before.contains('\n')
        }
    }
}

/// Find the quantities of `text`, sorted by start, not overlapping. Byte
/// offsets fall on character boundaries; `sentences` are the sentence spans
/// of [`crate::sentences::split`] (they tell sentence-initial capitals
/// from names).
pub fn find(text: &str, sentences: &[Span]) -> Vec<Quantity> {
    find_in(text, sentences, None)
}

/// [`find`] for a text in a known language (ISO 639-1, as
/// `Document::language`): where the language groups thousands with dots
/// ("3.000 Soldaten"), one dot group is grouping, and its own scale words
/// ("3 mil soldados") read as they mean there.
pub fn find_in(text: &str, sentences: &[Span], language: Option<&str>) -> Vec<Quantity> {
    find_analysed(&Analysis::with_sentences(text, sentences), language)
}

/// The quantity stage of [`crate::annotate`]: fills `Document::quantities`
/// in the document's language.
pub struct Stage;

impl crate::Annotator for Stage {
    fn annotate(&self, text: &Analysis, doc: &mut Document) {
        doc.quantities = find_analysed(text, doc.language.as_deref());
    }
}

/// [`find_in`] over a text read already, its atoms shared with the other stages.
fn find_analysed(a: &Analysis, language: Option<&str>) -> Vec<Quantity> {
    let cx = Ctx::new(a, language);
    let found = cx.scan();
    phrase::join_bounds(&cx, found)
}

/// Whether a lower-case noun counts people ("troops", "residents"), from
/// `data/quantities/people.txt`.
pub fn is_person_noun(word: &str) -> bool {
    lexicon::LEXICON.people.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Quantity {
        let qs = find(text, &[]);
        assert_eq!(qs.len(), 1, "{text}: {qs:#?}");
        qs.into_iter().next().unwrap()
    }

    #[test]
    fn a_bounded_count_of_people() {
        let q = one("Officials said as many as 12,000 marines might be moved.");
        assert_eq!(q.text, "as many as 12,000");
        assert_eq!((q.value, q.low, q.high), (Some(12000.0), None, Some(12000.0)));
        assert_eq!(q.bound, sitrep_core::Bound::AtMost);
        assert_eq!(q.unit.as_deref(), Some("person"));
        assert_eq!(q.counted.as_deref(), Some("marines"));
        assert_eq!(q.kind, "count");
    }

    #[test]
    fn a_rate_of_pay() {
        let q = one("They are paid $2,000 per soldier per month.");
        assert_eq!(q.text, "$2,000");
        assert_eq!(q.unit.as_deref(), Some("USD"));
        assert_eq!(q.per.as_deref(), Some("month"));
        assert_eq!(q.per_each.as_deref(), Some("soldier"));
    }

    #[test]
    fn dates_years_and_model_names_are_not_quantities() {
        for text in ["On October 11, 2024 it fired a KN-23 and two Su-27 jets flew.", "In 2023 the Unit 6 base opened at 10:30."] {
            let qs = find(text, &[]);
            assert!(qs.iter().all(|q| q.text == "two"), "{text}: {qs:#?}");
        }
    }
}
