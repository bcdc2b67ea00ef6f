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
    /// A mark after a number that makes it a year, month or day of a date
    /// ("2024年", "11월", "3日").
    DatePart(Unit),
    /// A word naming a unit of time `n` units from the anchor's: "작년"
    /// (last year), "先月" (last month), "下周" (next week).
    Rel(Unit, i32),
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
const FILES: [(&str, &str); 12] = [
    ("en", include_str!("../../data/lang/en/times.txt")),
    ("de", include_str!("../../data/lang/de/times.txt")),
    ("es", include_str!("../../data/lang/es/times.txt")),
    ("fr", include_str!("../../data/lang/fr/times.txt")),
    ("it", include_str!("../../data/lang/it/times.txt")),
    ("ja", include_str!("../../data/lang/ja/times.txt")),
    ("ko", include_str!("../../data/lang/ko/times.txt")),
    ("pl", include_str!("../../data/lang/pl/times.txt")),
    ("pt", include_str!("../../data/lang/pt/times.txt")),
    ("ru", include_str!("../../data/lang/ru/times.txt")),
    ("uk", include_str!("../../data/lang/uk/times.txt")),
    ("zh", include_str!("../../data/lang/zh/times.txt")),
];

/// The lists of a word file that say what a word means ([`Lex`]), each read by [`meaning`].
const LISTS: [&str; 13] = [
    "months",
    "weekdays",
    "numbers",
    "ordinals",
    "decades",
    "units",
    "seasons",
    "parts_of_day",
    "every",
    "clock",
    "keywords",
    "date_parts",
    "relative",
];

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
        "date_parts" => Lex::DatePart(Unit::named(named()?)?),
        "relative" => Lex::Rel(Unit::named(named()?)?, fields.get(1)?.parse().ok()?),
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

/// A named list of a word file, looked up ignoring ASCII case: the
/// words' [`key`]s, and which lengths and first letters its ASCII words
/// have, so that most words of a text are turned away before their key
/// is made (the rules ask each token about many lists).
pub(crate) struct Set {
    keys: Vec<u128>,
    /// Bit `n`: a word of the list has `n` bytes.
    lengths: u32,
    /// Bit `b`: a word of the list starts with ASCII byte `b` (lower case).
    firsts: u128,
}

impl Set {
    /// The list `name` of the word file `data`.
    fn new(data: &'static str, name: &str) -> Self {
        let mut keys: Vec<u128> = list(data, name).into_iter().filter_map(key).collect();
        keys.sort_unstable();
        keys.dedup();
        // A key holds its word's bytes from the lowest, and no zero byte.
        let len = |k: u128| (128 - k.leading_zeros()).div_ceil(8);
        let lengths = keys.iter().fold(0, |m, &k| m | 1 << len(k));
        let firsts = keys.iter().filter(|&&k| k as u8 & 0x80 == 0).fold(0, |m, &k| m | 1 << (k as u8));
        Set { keys, lengths, firsts }
    }

    /// Whether the list holds no word.
    pub(crate) fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether `word` is in the list, ignoring ASCII case.
    pub(crate) fn has(&self, word: &str) -> bool {
        let b = word.as_bytes();
        // An ASCII word folds to as many bytes, its first to a lower-case
        // letter: one of a length or a first letter no word of the list
        // has is not in it.
        if b.is_ascii() && (b.len() > 16 || self.lengths & 1 << b.len() == 0 || b.first().is_some_and(|f| self.firsts & 1 << f.to_ascii_lowercase() == 0)) {
            return false;
        }
        key(word).is_some_and(|k| self.keys.binary_search(&k).is_ok())
    }
}

/// The words of the time grammar in one language: what each word means
/// ([`Lex`]), and the named lists the rules read.
pub(crate) struct Words {
    /// Every entry of the [`LISTS`] by its [`key`], sorted for binary search.
    table: Vec<(u128, Lex)>,
    /// Endings glued to digits that make them an ordinal ("11th").
    ordinal_suffixes: sitrep_text::lists::List,
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
    /// Words of the [`LISTS`] over 16 bytes ("понедельник"), folded, which
    /// no [`key`] holds: looked up only for such a word.
    long: Vec<(String, Lex)>,
    /// Some word of the [`LISTS`] holds a hyphen ("segunda-feira"): two
    /// words joined by one are looked up together first.
    hyphenated: bool,
    /// The language is written without spaces between words (Japanese,
    /// Chinese): a run of letters is cut into the longest listed words.
    unspaced: bool,
    /// Words in Latin letters are read as English ("Posted March 27" in a
    /// Japanese page).
    latin_english: bool,
    /// Particles that may end a listed word ("11월에", "지난달부터"),
    /// longest first.
    particles: Vec<&'static str>,
    /// An ordinal day is written as digits and a dot ("3. März").
    ordinal_dot: bool,
    /// Phrases that say "ago" before the length ("vor", "il y a"), each as its words.
    pub ago_before: Vec<Vec<&'static str>>,
    /// Words after a weekday, month or unit that make it the last one ("lundi dernier").
    pub last_after: Set,
    /// Words after a weekday, month or unit that make it the next one ("lundi prochain").
    pub next_after: Set,
    /// Articles between "since" and its date ("depuis le 20 novembre").
    pub since_articles: Set,
}

impl Words {
    /// The words of the word file `data`.
    fn new(data: &'static str) -> Self {
        let entries: Vec<(&str, Lex)> = LISTS
            .iter()
            .flat_map(|&name| {
                list(data, name).into_iter().filter_map(move |line| {
                    let fields: Vec<&str> = line.split_whitespace().collect();
                    Some((*fields.first()?, meaning(name, &fields[1..])?))
                })
            })
            .collect();
        let mut table: Vec<(u128, Lex)> = entries.iter().filter_map(|&(w, lex)| Some((key(w)?, lex))).collect();
        table.sort_by_key(|e| e.0);
        let mut long: Vec<(String, Lex)> = entries.iter().filter(|(w, _)| key(w).is_none()).map(|&(w, lex)| (w.to_lowercase(), lex)).collect();
        long.sort_by(|a, b| a.0.cmp(&b.0));
        let hyphenated = entries.iter().any(|(w, _)| w.contains('-'));
        let mut particles = list(data, "particles").to_vec();
        particles.sort_by_key(|p| std::cmp::Reverse(p.len()));
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
            long,
            hyphenated,
            unspaced: list(data, "writing").contains(&"unspaced"),
            latin_english: list(data, "writing").contains(&"latin_english"),
            particles,
            ordinal_dot: list(data, "ordinal_suffixes").contains(&"."),
            ago_before: list(data, "ago_before").into_iter().map(|l| l.split_whitespace().collect()).collect(),
            last_after: set("last_after"),
            next_after: set("next_after"),
            since_articles: set("since_articles"),
        }
    }

    /// Classify a word, ignoring case. Words no list holds are `Other`.
    pub(crate) fn classify(&self, word: &str) -> Lex {
        match key(word) {
            Some(k) => self.table.binary_search_by_key(&k, |e| e.0).ok().map_or(Lex::Other, |i| self.table[i].1),
            None if self.long.is_empty() => Lex::Other,
            None => {
                let folded = word.to_lowercase();
                self.long.binary_search_by(|e| e.0.as_str().cmp(&folded)).ok().map_or(Lex::Other, |i| self.long[i].1)
            }
        }
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

/// A full-width digit ("２") as its ASCII digit.
fn full_width_digit(c: char) -> Option<char> {
    ('０'..='９').contains(&c).then(|| char::from(b'0' + (c as u32 - '０' as u32) as u8))
}

/// Whether `rest` (the text right after a day's digits) is a dot, white
/// space and a month name: "3. März".
fn month_after_dot(rest: &str, words: &Words) -> bool {
    let Some(after) = rest.strip_prefix('.') else {
        return false;
    };
    let word = after.trim_start();
    if word.len() == after.len() {
        return false;
    }
    let end = word.find(|c: char| !c.is_alphabetic()).unwrap_or(word.len());
    matches!(words.classify(&word[..end]), Lex::Month { .. })
}

/// The most characters a listed word of a language written without spaces has.
const MAX_CHARS: usize = 5;

/// Push the tokens of the word `text[start..end]` (a run of letters; white
/// space before it when `gap`) and return where they end: the word; two
/// words a hyphen joins into one listed word ("segunda-feira"); a listed
/// word and a particle glued to it ("11월에": the month, then "에"); in a
/// language written without spaces, the longest listed words of the run
/// ([`segment`]).
fn word(text: &str, start: usize, end: usize, gap: bool, words: &Words, out: &mut Vec<Tok>) -> usize {
    let word = &text[start..end];
    if words.unspaced && !word.is_ascii() {
        segment(text, start, end, words, out);
        return end;
    }
    let cap = word.starts_with(char::is_uppercase);
    if words.hyphenated && text[end..].starts_with('-') {
        let rest = &text[end + 1..];
        let n = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
        let joined = end + 1 + n;
        let lex = words.classify(&text[start..joined]);
        if n > 0 && lex != Lex::Other {
            out.push(Tok { start, end: joined, kind: Tk::Word(lex), gap, cap });
            return joined;
        }
    }
    let lex = if words.latin_english && word.is_ascii() { WORDS[0].1.classify(word) } else { words.classify(word) };
    if lex == Lex::Other {
        for p in &words.particles {
            let Some(stem) = word.strip_suffix(p).filter(|s| !s.is_empty()) else {
                continue;
            };
            let lex = words.classify(stem);
            if lex != Lex::Other {
                let cut = start + stem.len();
                out.push(Tok { start, end: cut, kind: Tk::Word(lex), gap, cap });
                out.push(Tok { start: cut, end, kind: Tk::Word(Lex::Other), gap: false, cap: false });
                return end;
            }
        }
    }
    out.push(Tok { start, end, kind: Tk::Word(lex), gap, cap });
    end
}

/// Cut the run of letters `text[start..end]` of a language written without
/// spaces into tokens: at each character the longest listed word that
/// starts there, else the character joins a word no list holds. A word of
/// one character ("日", "前") is taken only right after a number or a
/// listed word ("3日前"), not inside other words ("日本"); numerals
/// ("十一", "二〇二四") are a number only before a date part or unit of
/// time ("十一月", "三天"), and "一" not before a day mark ("一日": one day).
fn segment(text: &str, start: usize, end: usize, words: &Words, out: &mut Vec<Tok>) {
    let at: Vec<usize> = text[start..end].char_indices().map(|(k, _)| start + k).chain([end]).collect();
    let n = at.len() - 1;
    let longest = |c: usize| -> Option<(usize, Lex)> {
        (1..=MAX_CHARS.min(n - c)).rev().find_map(|len| match words.classify(&text[at[c]..at[c + len]]) {
            Lex::Other => None,
            lex => Some((len, lex)),
        })
    };
    let numeral = |c: usize| match words.classify(&text[at[c]..at[c + 1]]) {
        Lex::Num(v) if v <= 10 => Some(v),
        _ => None,
    };
    let push = |out: &mut Vec<Tok>, s: usize, e: usize, kind: Tk| {
        let gap = out.last().is_none_or(|p: &Tok| p.end < s);
        out.push(Tok { start: s, end: e, kind, gap, cap: false });
    };
    // Where the characters no list holds began, if they are pending.
    let mut other: Option<usize> = None;
    let flush = |out: &mut Vec<Tok>, other: &mut Option<usize>, to: usize| {
        if let Some(s) = other.take() {
            push(out, s, to, Tk::Word(Lex::Other));
        }
    };
    let mut c = 0;
    while c < n {
        let mut q = c;
        let mut digits = Vec::new();
        while q < n {
            let Some(v) = numeral(q) else { break };
            digits.push(v);
            q += 1;
        }
        if let Some(v) = numeral_value(&digits) {
            // "一日" is "one day" ("一日も早く") far more often than the 1st.
            let one_day = digits == [1] && matches!(longest(q), Some((_, Lex::DatePart(Unit::Day))));
            if !one_day && matches!(longest(q), Some((_, Lex::DatePart(_) | Lex::Unit(_)))) {
                flush(out, &mut other, at[c]);
                push(out, at[c], at[q], Tk::Num { v, len: v.to_string().len() as u8 });
                c = q;
                continue;
            }
        }
        let after_listed = other.is_none() && out.last().is_some_and(|p| p.end == at[c] && !matches!(p.kind, Tk::Word(Lex::Other) | Tk::Punct(_)));
        match longest(c) {
            Some((len, lex)) if len > 1 || after_listed && !matches!(lex, Lex::Num(_)) => {
                flush(out, &mut other, at[c]);
                push(out, at[c], at[c + len], Tk::Word(lex));
                c += len;
            }
            _ => {
                other.get_or_insert(at[c]);
                c += 1;
            }
        }
    }
    flush(out, &mut other, end);
}

/// The value of numerals each worth 0..=10 as written in a date: digit by
/// digit ("二〇二四" 2024), or with ten as tens ("十一" 11, "二十三" 23,
/// "三十" 30). `None` for no numerals or a form no date writes.
fn numeral_value(digits: &[u32]) -> Option<u32> {
    match digits.iter().position(|&d| d == 10) {
        None if !digits.is_empty() && digits.len() <= 4 => Some(digits.iter().fold(0, |a, &d| a * 10 + d)),
        None => None,
        Some(t) => {
            let (tens, ones) = (&digits[..t], &digits[t + 1..]);
            let tens = match tens {
                [] => 1,
                [d @ 1..=9] => *d,
                _ => return None,
            };
            let ones = match ones {
                [] => 0,
                [d @ 1..=9] => *d,
                _ => return None,
            };
            Some(tens * 10 + ones)
        }
    }
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
            // "２０２４年": full-width digits, read as digits where the language writes them.
            if words.unspaced && full_width_digit(ch).is_some() {
                let run: String = text[start..].chars().take_while(|&c| full_width_digit(c).is_some()).collect();
                let digits: String = run.chars().filter_map(full_width_digit).collect();
                let kind = match digits.parse::<u32>() {
                    Ok(v) if digits.len() <= 9 => Tk::Num { v, len: digits.len() as u8 },
                    _ => Tk::NumStr,
                };
                out.push(Tok { start, end: start + run.len(), kind, gap, cap: false });
                read = start + run.len();
                continue;
            }
            out.push(Tok { start, end: atom.end, kind: Tk::Punct(ch), gap, cap: false });
            read = atom.end;
            continue;
        }
        if atom.shape != Shape::Number {
            read = word(text, start, atom.end, gap, words, &mut out);
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
                // "3. März": a day written with a dot before its month.
                "" if words.ordinal_dot && (1..=31).contains(&v) && digits.len() <= 2 && month_after_dot(&text[i..], words) => {
                    i += 1;
                    Tk::Ord(v)
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
    fn a_set_turns_away_by_length_and_first_letter_only_words_it_does_not_hold() {
        // Every list of every word file, each word asked in several cases
        // and cut short: the answer is that of its key looked up.
        for &(_, data) in &FILES {
            let names = data.lines().filter_map(|l| l.trim().strip_prefix('[')?.strip_suffix(']'));
            for name in names {
                let set = Set::new(data, name);
                for w in list(data, name) {
                    let title: String = w.chars().take(1).flat_map(char::to_uppercase).chain(w.chars().skip(1)).collect();
                    let cut: String = w.chars().skip(1).collect();
                    for asked in [w.to_string(), w.to_uppercase(), w.to_ascii_uppercase(), title, cut, format!("{w}s"), format!("x{w}")] {
                        let looked_up = key(&asked).is_some_and(|k| set.keys.binary_search(&k).is_ok());
                        assert_eq!(set.has(&asked), looked_up, "{asked:?} in [{name}]");
                    }
                    assert!(key(w).is_none() || set.has(w), "{w:?} in [{name}]");
                }
            }
        }
    }

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
            assert_eq!(own.table.len() + own.long.len(), lines.len(), "{code}: a line of times.txt does not parse");
            assert!(own.table.windows(2).all(|w| w[0].0 < w[1].0), "{code}: a word of times.txt is listed twice");
        }
        let month = |m| Lex::Month { m, abbr: false, ambiguous: false };
        assert_eq!(words(Some("ru")).classify("НОЯБРЯ"), month(11), "Cyrillic folds to lower case");
        assert_eq!(words(Some("de")).classify("MÄRZ"), month(3));
        assert_eq!(words(Some("pl")).classify("Października"), month(10));
        assert_eq!(words(Some("ru")).classify("ПОНЕДЕЛЬНИК"), Lex::Weekday(1), "22 bytes: read from the long words");
        assert_eq!(words(Some("uk")).classify("понеділка"), Lex::Other, "a long word no list holds");
        assert_eq!(words(Some("ko")).classify("작년"), Lex::Rel(Unit::Year, -1));
        assert_eq!(words(Some("zh")).classify("号"), Lex::DatePart(Unit::Day));
        assert_eq!(words(Some("fr")).classify("gestern"), Lex::Other, "German is not French");
    }

    /// (text, kind) of the tokens of `text` read as `language`.
    fn toks(text: &str, language: &str) -> Vec<(String, Tk)> {
        tokenize(text, Atoms::new(text), words(Some(language))).iter().map(|t| (text[t.start..t.end].to_string(), t.kind)).collect()
    }

    #[test]
    fn a_run_without_spaces_is_cut_into_listed_words() {
        let day = Tk::Word(Lex::DatePart(Unit::Day));
        let ago = Tk::Word(Lex::Kw(Kw::Ago));
        assert_eq!(toks("3日前に", "ja"), vec![("3".into(), Tk::Num { v: 3, len: 1 }), ("日".into(), day), ("前".into(), ago), ("に".into(), Tk::Word(Lex::Other))]);
        // "日" opens "日本" (Japan): a one-letter word counts only after a number.
        assert_eq!(toks("日本の昨年", "ja"), vec![("日本の".into(), Tk::Word(Lex::Other)), ("昨年".into(), Tk::Word(Lex::Rel(Unit::Year, -1)))]);
        assert_eq!(toks("二〇二四年十一月", "zh")[..3], [("二〇二四".into(), Tk::Num { v: 2024, len: 4 }), ("年".into(), Tk::Word(Lex::DatePart(Unit::Year))), ("十一".into(), Tk::Num { v: 11, len: 2 })]);
        assert_eq!(toks("一日も", "ja")[0], ("一日も".into(), Tk::Word(Lex::Other)), "one day, not the 1st");
        // Numerals before no date mark stay text: "一些" (some).
        assert_eq!(toks("一些", "zh"), vec![("一些".into(), Tk::Word(Lex::Other))]);
        assert_eq!(toks("２０２５年", "ja")[0], ("２０２５".into(), Tk::Num { v: 2025, len: 4 }));
        assert_eq!(numeral_value(&[2, 10, 3]), Some(23));
        assert_eq!(numeral_value(&[10]), Some(10));
        assert_eq!(numeral_value(&[10, 10]), None);
        assert_eq!(numeral_value(&[]), None);
    }

    #[test]
    fn particles_hyphens_and_dots_around_listed_words() {
        assert_eq!(toks("11월에", "ko"), vec![("11".into(), Tk::Num { v: 11, len: 2 }), ("월".into(), Tk::Word(Lex::DatePart(Unit::Month))), ("에".into(), Tk::Word(Lex::Other))]);
        assert_eq!(toks("segunda-feira", "pt"), vec![("segunda-feira".into(), Tk::Word(Lex::Weekday(1)))]);
        assert_eq!(toks("3. März", "de")[0], ("3.".into(), Tk::Ord(3)));
        assert_eq!(toks("3. Runde", "de")[0], ("3".into(), Tk::Num { v: 3, len: 1 }), "a dot before no month ends the number");
        assert_eq!(toks("3. March", "en")[0], ("3".into(), Tk::Num { v: 3, len: 1 }), "English writes no day with a dot");
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
