//! Tokens for the time grammar, built on the shared tokenizer's atoms
//! (`sitrep_text::tokens::Atoms`): words (classified once, case-insensitively),
//! plain digit runs, digit runs joined by separators ("2024-10-11",
//! "10/11/2024", "12,000"), ordinals ("11th"), decades ("1990s", "'90s") and
//! single punctuation characters. Every token keeps its byte span and whether
//! whitespace came before it.
//!
//! The words are data: `data/lang/<code>/times.txt` says what each means to
//! the grammar (a month, a weekday, a number, a unit, a keyword, ...) and
//! holds the word lists the rules read; a language without one reads
//! English's.

use std::sync::LazyLock;

use sitrep_text::lists::list;
use sitrep_text::tokens::{Shape, Token};

/// An enum of names without data, and `named` reading a variant from its
/// name as the data files write it ("Day", "Today").
macro_rules! named {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($v:ident),* $(,)? }) => {
        $(#[$m])* $vis enum $name { $($v),* }
        impl $name {
            /// The variant called `name`.
            fn named(name: &str) -> Option<Self> {
                [$((stringify!($v), Self::$v)),*].into_iter().find(|(n, _)| *n == name).map(|(_, v)| v)
            }
        }
    };
}

named! {
/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Fortnight,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}
}

named! {
/// Function words and cue words the grammar looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kw {
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Last,
    Next,
    This,
    Past,
    Previous,
    Coming,
    Following,
    Current,
    Ago,
    Earlier,
    Later,
    Early,
    Late,
    Mid,
    Middle,
    End,
    Beginning,
    Start,
    The,
    A,
    Of,
    In,
    On,
    Since,
    By,
    Until,
    From,
    To,
    Through,
    Between,
    And,
    Every,
    Each,
    Half,
    Fiscal,
    Calendar,
    Approx,
    More,
    Less,
    Than,
    Least,
    Weekend,
    After,
    Before,
    During,
    Possessive,
    That,
    Hundred,
    Long,
    Now,
    At,
    Couple,
    Few,
    Or,
    Whole,
    Thousand,
    Same,
}
}

/// What a word means to the time grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lex {
    /// 1..=12; `abbr` for "Oct", "Sept", ...; `ambiguous` for month names
    /// that are also common words ("May", "March").
    Month {
        m: u32,
        abbr: bool,
        ambiguous: bool,
    },
    /// 1 = Monday ... 7 = Sunday.
    Weekday(u32),
    /// A cardinal number word: "two", "twenty".
    Num(u32),
    /// An ordinal word: "third", "twentieth".
    Ord(u32),
    Unit(Unit),
    /// 0 spring, 1 summer, 2 fall, 3 winter.
    Season(u32),
    /// "morning", "afternoon", "evening", "night".
    PartOfDay,
    /// A decade word: "nineties" → 1990.
    Decade(u32),
    /// A recurrence adverb: "daily" → the period it repeats with.
    Every(Unit),
    /// A named hour: "noon", "midday" (12), "midnight" (0).
    Clock(u32),
    Kw(Kw),
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tk {
    Word(Lex),
    /// Digits only; `len` is the number of digits.
    Num {
        v: u32,
        len: u8,
    },
    /// Digits with inner separators (`,` `.` `/` `-` `:`), kept as written.
    NumStr,
    /// "11th", "1st".
    Ord(u32),
    /// "1990s", "'90s" (the latter as 1990).
    Decade(u32),
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Tk,
    /// Whitespace comes right before this token.
    pub gap: bool,
    /// The token starts with an upper-case letter.
    pub cap: bool,
}

/// The word file of the time grammar for each language that has one (ISO
/// 639-1, as `Document::language`), one named list per kind of meaning; the
/// first is English, which a document in any other language reads.
const FILES: [(&str, &str); 9] = [
    ("en", include_str!("../../data/lang/en/times.txt")),
    ("de", include_str!("../../data/lang/de/times.txt")),
    ("es", include_str!("../../data/lang/es/times.txt")),
    ("fr", include_str!("../../data/lang/fr/times.txt")),
    ("it", include_str!("../../data/lang/it/times.txt")),
    ("pl", include_str!("../../data/lang/pl/times.txt")),
    ("pt", include_str!("../../data/lang/pt/times.txt")),
    ("ru", include_str!("../../data/lang/ru/times.txt")),
    ("uk", include_str!("../../data/lang/uk/times.txt")),
];

/// The lists of a word file that say what a word means ([`Lex`]), each read by [`meaning`].
const LISTS: [&str; 11] = ["months", "weekdays", "numbers", "ordinals", "decades", "units", "seasons", "parts_of_day", "every", "clock", "keywords"];

/// What the fields after a word in list `list` make it, if they are well formed.
fn meaning(list: &str, fields: &[&str]) -> Option<Lex> {
    let n = || fields.first()?.parse::<u32>().ok();
    let named = || fields.first().copied();
    Some(match list {
        "months" => Lex::Month { m: n()?, abbr: fields.contains(&"abbr"), ambiguous: fields.contains(&"ambiguous") },
        "weekdays" => Lex::Weekday(n()?),
        "numbers" => Lex::Num(n()?),
        "ordinals" => Lex::Ord(n()?),
        "decades" => Lex::Decade(n()?),
        "units" => Lex::Unit(Unit::named(named()?)?),
        "seasons" => Lex::Season(n()?),
        "parts_of_day" => Lex::PartOfDay,
        "every" => Lex::Every(Unit::named(named()?)?),
        "clock" => Lex::Clock(n()?),
        "keywords" => Lex::Kw(Kw::named(named()?)?),
        _ => return None,
    })
}

/// A word folded to lower case as one number (so a lookup compares
/// numbers), or `None` for a word no list can hold: longer than 16 bytes
/// once folded, or holding a zero byte. ASCII words fold as ASCII; letters
/// of other scripts ("März", "ноября") fold by Unicode's lower case.
fn key(word: &str) -> Option<u128> {
    let mut buf = [0u8; 16];
    let b = word.as_bytes();
    if b.is_ascii() {
        // Most words: fold byte by byte (the Unicode path below costs a
        // table lookup per letter).
        if b.len() > 16 || b.contains(&0) {
            return None;
        }
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        return Some(u128::from_le_bytes(buf));
    }
    let mut n = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let len = c.len_utf8();
        if c == '\0' || n + len > 16 {
            return None;
        }
        c.encode_utf8(&mut buf[n..n + len]);
        n += len;
    }
    Some(u128::from_le_bytes(buf))
}

/// A named list of a word file, looked up ignoring ASCII case.
pub(crate) struct Set(Vec<u128>);

impl Set {
    /// The list `name` of the word file `data`.
    fn new(data: &'static str, name: &str) -> Self {
        let mut keys: Vec<u128> = list(data, name).into_iter().filter_map(key).collect();
        keys.sort_unstable();
        keys.dedup();
        Set(keys)
    }

    /// Whether `word` is in the list, ignoring ASCII case.
    pub(crate) fn has(&self, word: &str) -> bool {
        key(word).is_some_and(|k| self.0.binary_search(&k).is_ok())
    }
}

/// The words of the time grammar in one language: what each word means
/// ([`Lex`]), and the named lists the rules read.
pub(crate) struct Words {
    /// Every entry of the [`LISTS`] by its [`key`], sorted for binary search.
    table: Vec<(u128, Lex)>,
    /// Endings glued to digits that make them an ordinal ("11th").
    ordinal_suffixes: Vec<&'static str>,
    /// Markers of the future: auxiliaries, verbs of intent or schedule,
    /// prepositions of a deadline.
    pub future: Set,
    /// Modals that look ahead when a time is a deadline.
    pub modals: Set,
    /// Past forms besides regular "-ed" forms, and adverbs of the past.
    pub past: Set,
    /// "-ed" words that are no past: adjectives, "hundred".
    pub not_past: Set,
    /// Forms of "be" after which a participle carries no tense.
    pub be_participle: Set,
    /// Forms of "be" that make "due to" a schedule.
    pub be_due: Set,
    /// "due": before "to" a cause, after a form of "be" a schedule.
    pub due: Set,
    /// Participles of a schedule that are adjectives before a noun.
    pub schedule_adjectives: Set,
    /// Words after such a participle that keep it a verb.
    pub schedule_verb_after: Set,
    /// Modals that with a word of [`Words::conditional_after`] tell a past or no tense.
    pub conditionals: Set,
    /// "have", "not", "never" after a conditional modal.
    pub conditional_after: Set,
    /// Verbs of a report, whose tense is the report's.
    pub report_verbs: Set,
    /// Subject pronouns: after "the day before" they open a clause ("the
    /// day before he met ...").
    pub pronouns: Set,
    /// Words after a time that leave its end open ("2010 onwards").
    pub onward: Set,
    /// Words joining a time to an open end ("2018 or later").
    pub open_end_join: Set,
    /// Open ends after such a word ("later", "earlier", "beyond").
    pub open_end: Set,
    /// Words no list gives a meaning that may start an expression
    /// ("another day", "shortly after", "the rest of").
    pub starters: Set,
    /// "rest", "remainder": the rest of a unit of time from the anchor.
    pub rest: Set,
    /// "old" after a hyphenated length ("a 6-year-old"): an age, no time.
    pub age: Set,
    /// Counts of repetition before "a <unit>" ("twice a week"): a rate.
    pub repetitions: Set,
    /// Words opening the start of a run of days ("three days starting Monday").
    pub starting: Set,
    /// Words of approximation before a year ("circa 1990").
    pub circa: Set,
    /// Words before a date on which something takes effect ("effective
    /// Feb. 1"): the date is read with no tense from its clause.
    pub effective: Set,
    /// "comparable" before a year-ago period ("the comparable year-ago quarter").
    pub comparable: Set,
    /// Words of the previous-keyword list that mean the one in focus ("the latest quarter").
    pub latest: Set,
    /// A noun for the period a year-ago phrase names ("year-ago period").
    pub period: Set,
    /// Words that count one more of a unit ("another week").
    pub another: Set,
    /// Nights, counted as days ("two nights").
    pub nights: Set,
    /// The ordinal that is also a unit of time ("one second", not "a second attack").
    pub second_unit: Set,
    /// A quarter added after a length ("a year and a quarter").
    pub quarter_fraction: Set,
    /// Words after "the year" naming the date a reporting year ends ("the year ended March 31").
    pub period_ended: Set,
    /// Prepositions that make a length a date ahead when the clause looks ahead ("in two weeks").
    pub in_future: Set,
    /// Words for the anchor as one end of a range ("to now", "to date").
    pub now: Set,
    /// Adjectives of the present before a word of [`Words::present_day`] ("the current date").
    pub present: Set,
    /// Nouns after a word of [`Words::present`] ("current date", "present day").
    pub present_day: Set,
    /// Nouns of the present after "the" ("to the present").
    pub the_present: Set,
    /// The word after "or" in an approximation ("a week or so ago").
    pub or_so: Set,
    /// Adverbs counting a length from now ("two days hence").
    pub hence: Set,
    /// Prepositions besides keywords that may lead a bare day of the month ("for the 27th").
    pub day_lead: Set,
    /// Verbs that may follow a bare day of the month ("on the 27th was ...").
    pub day_verbs: Set,
    /// Words before a number that make it no year ("both 2020 ...").
    pub both: Set,
    /// The word before [`Words::time_noun`] in "local time" after a clock time.
    pub local: Set,
    /// The noun after [`Words::local`] ("local time").
    pub time_noun: Set,
    /// The halves of the day by their words, true for the afternoon.
    meridiem: Vec<(u128, bool)>,
}

impl Words {
    /// The words of the word file `data`.
    fn new(data: &'static str) -> Self {
        let mut table: Vec<(u128, Lex)> = LISTS
            .iter()
            .flat_map(|&name| {
                list(data, name).into_iter().filter_map(move |line| {
                    let fields: Vec<&str> = line.split_whitespace().collect();
                    Some((key(fields.first()?)?, meaning(name, &fields[1..])?))
                })
            })
            .collect();
        table.sort_by_key(|e| e.0);
        let meridiem = list(data, "meridiem")
            .into_iter()
            .filter_map(|line| {
                let (word, half) = line.split_once(' ')?;
                Some((key(word)?, half.trim() == "pm"))
            })
            .collect();
        let set = |name| Set::new(data, name);
        Words {
            table,
            ordinal_suffixes: list(data, "ordinal_suffixes"),
            future: set("future"),
            modals: set("modals"),
            past: set("past"),
            not_past: set("not_past"),
            be_participle: set("be_participle"),
            be_due: set("be_due"),
            due: set("due"),
            schedule_adjectives: set("schedule_adjectives"),
            schedule_verb_after: set("schedule_verb_after"),
            conditionals: set("conditionals"),
            conditional_after: set("conditional_after"),
            report_verbs: set("report_verbs"),
            pronouns: set("pronouns"),
            onward: set("onward"),
            open_end_join: set("open_end_join"),
            open_end: set("open_end"),
            starters: set("starters"),
            rest: set("rest"),
            age: set("age"),
            repetitions: set("repetitions"),
            starting: set("starting"),
            circa: set("circa"),
            effective: set("effective"),
            comparable: set("comparable"),
            latest: set("latest"),
            period: set("period"),
            another: set("another"),
            nights: set("nights"),
            second_unit: set("second_unit"),
            quarter_fraction: set("quarter_fraction"),
            period_ended: set("period_ended"),
            in_future: set("in_future"),
            now: set("now"),
            present: set("present"),
            present_day: set("present_day"),
            the_present: set("the_present"),
            or_so: set("or_so"),
            hence: set("hence"),
            day_lead: set("day_lead"),
            day_verbs: set("day_verbs"),
            both: set("both"),
            local: set("local"),
            time_noun: set("time_noun"),
            meridiem,
        }
    }

    /// Classify a word, ignoring case. Words no list holds are `Other`.
    pub(crate) fn classify(&self, word: &str) -> Lex {
        key(word).and_then(|k| self.table.binary_search_by_key(&k, |e| e.0).ok()).map_or(Lex::Other, |i| self.table[i].1)
    }

    /// Whether `word` names a half of the day ("am", "p.m."): true for the afternoon.
    pub(crate) fn meridiem(&self, word: &str) -> Option<bool> {
        let k = key(word)?;
        self.meridiem.iter().find(|e| e.0 == k).map(|e| e.1)
    }
}

/// The words of every language with a word file, read once, in the order of [`FILES`].
static WORDS: LazyLock<Vec<(&str, Words)>> = LazyLock::new(|| FILES.iter().map(|&(code, data)| (code, Words::new(data))).collect());

/// The time grammar's words for a document in `language` (ISO 639-1):
/// its own word file where it has one, else English's.
pub(crate) fn words(language: Option<&str>) -> &'static Words {
    let own = WORDS.iter().find(|(code, _)| Some(*code) == language);
    &own.unwrap_or(&WORDS[0]).1
}

/// The length of an "'s" (straight or curly apostrophe) that ends a word at
/// the start of `rest`, or 0.
fn apostrophe_s(rest: &str) -> usize {
    for a in ["'s", "’s", "'S", "’S"] {
        if let Some(after) = rest.strip_prefix(a) {
            if !after.chars().next().is_some_and(char::is_alphanumeric) {
                return a.len();
            }
        }
    }
    0
}

/// Split `text` into tokens: the shared tokenizer's atoms
/// ([`sitrep_text::tokens::Atoms`], read already: a document's shared `Analysis::atoms`),
/// words classified, digits read with what is glued to them (separators
/// and digits, an ordinal or decade suffix).
pub(crate) fn tokenize(text: &str, atoms: impl IntoIterator<Item = Token>, words: &Words) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 4);
    // Where the text is read up to: atoms before it were taken into a number.
    let mut read = 0;
    for atom in atoms {
        if atom.end <= read {
            continue;
        }
        // A suffix taken into a number may end inside a word ("1990sé"): the rest is a word.
        let start = atom.start.max(read);
        let gap = out.last().is_none_or(|p| p.end < start);
        if atom.shape == Shape::Punct {
            let ch = text[start..].chars().next().unwrap_or(' ');
            out.push(Tok { start, end: atom.end, kind: Tk::Punct(ch), gap, cap: false });
            read = atom.end;
            continue;
        }
        if atom.shape != Shape::Number {
            let word = &text[start..atom.end];
            let cap = word.starts_with(char::is_uppercase);
            out.push(Tok { start, end: atom.end, kind: Tk::Word(words.classify(word)), gap, cap });
            read = atom.end;
            continue;
        }
        let mut gap = gap;
        let mut i = atom.end;
        let mut joined = false;
        // Digits joined by single separators: dates, thousands, decimals, times.
        while i + 1 < b.len() && matches!(b[i], b',' | b'.' | b'/' | b'-' | b':') && b[i + 1].is_ascii_digit() {
            joined = true;
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
        let digits = &text[start..i];
        let kind = if joined {
            Tk::NumStr
        } else if digits.len() <= 9 {
            let v: u32 = digits.parse().unwrap_or(0);
            // "11th", "1990s" glue their suffix.
            let suffix_end = b[i..].iter().take_while(|c| c.is_ascii_alphabetic()).count() + i;
            let suffix = text[i..suffix_end].to_ascii_lowercase();
            match suffix.as_str() {
                s if words.ordinal_suffixes.contains(&s) && (1..=31).contains(&v) => {
                    i = suffix_end;
                    Tk::Ord(v)
                }
                "s" if (digits.len() == 4 || digits.len() == 2) && v.is_multiple_of(10) => {
                    i = suffix_end;
                    Tk::Decade(if digits.len() == 2 { 1900 + v } else { v })
                }
                _ if (digits.len() == 4 || digits.len() == 2) && v.is_multiple_of(10) && apostrophe_s(&text[i..]) > 0 => {
                    i += apostrophe_s(&text[i..]);
                    Tk::Decade(if digits.len() == 2 { 1900 + v } else { v })
                }
                _ => Tk::Num { v, len: digits.len() as u8 },
            }
        } else {
            Tk::NumStr
        };
        // "'90s": an apostrophe right before a two-digit decade belongs to it.
        let start = match (kind, out.last()) {
            (Tk::Decade(_), Some(p)) if digits.len() == 2 && matches!(p.kind, Tk::Punct('\'' | '’')) && p.end == start => {
                let p = out.pop().map(|p| (p.start, p.gap));
                if let Some((s, g)) = p {
                    gap = g;
                    s
                } else {
                    start
                }
            }
            _ => start,
        };
        out.push(Tok { start, end: i, kind, gap, cap: false });
        read = i;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_text::tokens::Atoms;

    #[test]
    fn tokens_keep_dates_and_thousands_whole() {
        let t = "On Oct. 11, 2024 some 12,000 troops came in the '90s and 1990s, the 3rd.";
        let toks = tokenize(t, Atoms::new(t), words(None));
        let kinds: Vec<Tk> = toks.iter().map(|t| t.kind).collect();
        assert!(kinds.contains(&Tk::Num { v: 2024, len: 4 }));
        assert!(kinds.contains(&Tk::NumStr));
        assert!(kinds.contains(&Tk::Decade(1990)));
        assert!(kinds.contains(&Tk::Ord(3)));
        assert!(kinds.contains(&Tk::Word(Lex::Month {
            m: 10,
            abbr: true,
            ambiguous: false
        })));
        let decade = toks
            .iter()
            .find(|t| t.kind == Tk::Decade(1990))
            .map(|t| t.start);
        assert_eq!(
            decade,
            Some(48),
            "the apostrophe of '90s is part of the token"
        );
    }

    #[test]
    fn a_suffix_taken_into_a_number_leaves_the_rest_of_its_word() {
        let text = "1990sé 11thx";
        let toks: Vec<(&str, Tk, bool)> = tokenize(text, Atoms::new(text), words(None)).iter().map(|t| (&text[t.start..t.end], t.kind, t.gap)).collect();
        assert_eq!(
            toks,
            vec![("1990s", Tk::Decade(1990), true), ("é", Tk::Word(Lex::Other), false), ("11", Tk::Num { v: 11, len: 2 }, true), ("thx", Tk::Word(Lex::Other), false)]
        );
    }

    #[test]
    fn every_word_of_the_data_is_read_once() {
        let en = words(Some("en"));
        let lines: Vec<&str> = LISTS.iter().flat_map(|name| list(FILES[0].1, name)).collect();
        assert_eq!(en.table.len(), lines.len(), "a line of times.txt does not parse");
        assert!(en.table.windows(2).all(|w| w[0].0 < w[1].0), "a word of times.txt is listed twice");
        assert_eq!(en.meridiem.len(), list(FILES[0].1, "meridiem").len(), "a line of [meridiem] does not parse");
        let classify = |w| en.classify(w);
        assert_eq!(classify("Sept"), Lex::Month { m: 9, abbr: true, ambiguous: false });
        assert_eq!(classify("fortnights"), Lex::Unit(Unit::Fortnight));
        assert_eq!(classify("thru"), Lex::Kw(Kw::Through));
        assert_eq!(classify("second"), Lex::Ord(2), "the ordinal; the unit is plural or abbreviated");
        assert_eq!(classify("th"), Lex::Other, "a suffix is no word");
        let kinds: Vec<Tk> = tokenize("2ND 3rd 32nd 4x", Atoms::new("2ND 3rd 32nd 4x"), en).iter().map(|t| t.kind).collect();
        assert_eq!(kinds[..3], [Tk::Ord(2), Tk::Ord(3), Tk::Num { v: 32, len: 2 }]);
    }

    #[test]
    fn every_word_of_every_language_is_read_once() {
        for (code, data) in FILES {
            let own = words(Some(code));
            let lines: Vec<&str> = LISTS.iter().flat_map(|name| list(data, name)).collect();
            assert_eq!(own.table.len(), lines.len(), "{code}: a line of times.txt does not parse or is over 16 bytes");
            assert!(own.table.windows(2).all(|w| w[0].0 < w[1].0), "{code}: a word of times.txt is listed twice");
        }
        let month = |m| Lex::Month { m, abbr: false, ambiguous: false };
        assert_eq!(words(Some("ru")).classify("НОЯБРЯ"), month(11), "Cyrillic folds to lower case");
        assert_eq!(words(Some("de")).classify("MÄRZ"), month(3));
        assert_eq!(words(Some("pl")).classify("Października"), month(10));
        assert_eq!(words(Some("uk")).classify("листопада"), Lex::Other, "18 bytes: no list holds it");
        assert_eq!(words(Some("fr")).classify("gestern"), Lex::Other, "German is not French");
    }

    #[test]
    fn classify_ignores_case_and_long_words() {
        let classify = |w| words(None).classify(w);
        assert_eq!(classify("FRIDAY"), Lex::Weekday(5));
        assert_eq!(classify("extraordinarilylongword"), Lex::Other);
        assert_eq!(classify("né"), Lex::Other);
    }

    #[test]
    fn a_language_without_a_word_file_reads_english() {
        assert!(std::ptr::eq(words(Some("nl")), words(Some("en"))));
        assert!(std::ptr::eq(words(None), words(Some("en"))));
        let en = words(None);
        assert!(en.past.has("Withdrew") && !en.past.has("withdraw"));
        assert_eq!((en.meridiem("PM"), en.meridiem("a.m."), en.meridiem("m")), (Some(true), Some(false), None));
    }
}
