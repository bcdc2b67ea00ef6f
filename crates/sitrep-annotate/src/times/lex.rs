//! Tokens for the time grammar: words (classified once, case-insensitively),
//! plain digit runs, digit runs joined by separators ("2024-10-11",
//! "10/11/2024", "12,000"), ordinals ("11th"), decades ("1990s", "'90s") and
//! single punctuation characters. Every token keeps its byte span and whether
//! whitespace came before it.

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

/// Classify a word, ignoring case. Words longer than any lexicon entry are `Other`.
pub(crate) fn classify(word: &str) -> Lex {
    let mut buf = [0u8; 16];
    let b = word.as_bytes();
    if b.len() > buf.len() || !b.is_ascii() {
        return Lex::Other;
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    let w = std::str::from_utf8(&buf[..b.len()]).unwrap_or("");
    use Kw::*;
    use Lex::{Kw as K, Month as M};
    let month = |m, abbr, ambiguous| M { m, abbr, ambiguous };
    match w {
        "january" => month(1, false, false),
        "jan" => month(1, true, false),
        "february" => month(2, false, false),
        "feb" => month(2, true, false),
        "march" => month(3, false, true),
        "mar" => month(3, true, true),
        "april" => month(4, false, false),
        "apr" => month(4, true, false),
        "may" => month(5, false, true),
        "june" => month(6, false, false),
        "jun" => month(6, true, false),
        "july" => month(7, false, false),
        "jul" => month(7, true, false),
        "august" => month(8, false, false),
        "aug" => month(8, true, false),
        "september" => month(9, false, false),
        "sep" | "sept" => month(9, true, false),
        "october" => month(10, false, false),
        "oct" => month(10, true, false),
        "november" => month(11, false, false),
        "nov" => month(11, true, false),
        "december" => month(12, false, false),
        "dec" => month(12, true, false),
        "monday" | "mon" => Lex::Weekday(1),
        "tuesday" | "tue" | "tues" => Lex::Weekday(2),
        "wednesday" => Lex::Weekday(3),
        "thursday" | "thu" | "thur" | "thurs" => Lex::Weekday(4),
        "friday" | "fri" => Lex::Weekday(5),
        "saturday" => Lex::Weekday(6),
        "sunday" => Lex::Weekday(7),
        "one" => Lex::Num(1),
        "two" => Lex::Num(2),
        "three" => Lex::Num(3),
        "four" => Lex::Num(4),
        "five" => Lex::Num(5),
        "six" => Lex::Num(6),
        "seven" => Lex::Num(7),
        "eight" => Lex::Num(8),
        "nine" => Lex::Num(9),
        "ten" => Lex::Num(10),
        "eleven" => Lex::Num(11),
        "twelve" => Lex::Num(12),
        "thirteen" => Lex::Num(13),
        "fourteen" => Lex::Num(14),
        "fifteen" => Lex::Num(15),
        "sixteen" => Lex::Num(16),
        "seventeen" => Lex::Num(17),
        "eighteen" => Lex::Num(18),
        "nineteen" => Lex::Num(19),
        "twenty" => Lex::Num(20),
        "thirty" => Lex::Num(30),
        "forty" => Lex::Num(40),
        "fifty" => Lex::Num(50),
        "sixty" => Lex::Num(60),
        "seventy" => Lex::Num(70),
        "eighty" => Lex::Num(80),
        "ninety" => Lex::Num(90),
        "dozen" => Lex::Num(12),
        "twenties" => Lex::Decade(1920),
        "thirties" => Lex::Decade(1930),
        "forties" => Lex::Decade(1940),
        "fifties" => Lex::Decade(1950),
        "sixties" => Lex::Decade(1960),
        "seventies" => Lex::Decade(1970),
        "eighties" => Lex::Decade(1980),
        "nineties" => Lex::Decade(1990),
        "noughties" | "aughts" => Lex::Decade(2000),
        "first" => Lex::Ord(1),
        "second" => Lex::Ord(2),
        "third" => Lex::Ord(3),
        "fourth" => Lex::Ord(4),
        "fifth" => Lex::Ord(5),
        "sixth" => Lex::Ord(6),
        "seventh" => Lex::Ord(7),
        "eighth" => Lex::Ord(8),
        "ninth" => Lex::Ord(9),
        "tenth" => Lex::Ord(10),
        "eleventh" => Lex::Ord(11),
        "twelfth" => Lex::Ord(12),
        "thirteenth" => Lex::Ord(13),
        "fourteenth" => Lex::Ord(14),
        "fifteenth" => Lex::Ord(15),
        "sixteenth" => Lex::Ord(16),
        "seventeenth" => Lex::Ord(17),
        "eighteenth" => Lex::Ord(18),
        "nineteenth" => Lex::Ord(19),
        "twentieth" => Lex::Ord(20),
        "thirtieth" => Lex::Ord(30),
        "seconds" | "sec" | "secs" => Lex::Unit(Unit::Second),
        "minute" | "minutes" | "min" | "mins" => Lex::Unit(Unit::Minute),
        "hour" | "hours" | "hr" | "hrs" => Lex::Unit(Unit::Hour),
        "day" | "days" => Lex::Unit(Unit::Day),
        "week" | "weeks" => Lex::Unit(Unit::Week),
        "fortnight" | "fortnights" => Lex::Unit(Unit::Fortnight),
        "month" | "months" => Lex::Unit(Unit::Month),
        "quarter" | "quarters" => Lex::Unit(Unit::Quarter),
        "year" | "years" => Lex::Unit(Unit::Year),
        "decade" | "decades" => Lex::Unit(Unit::Decade),
        "century" | "centuries" => Lex::Unit(Unit::Century),
        "spring" => Lex::Season(0),
        "summer" => Lex::Season(1),
        "fall" | "autumn" => Lex::Season(2),
        "winter" => Lex::Season(3),
        "morning" | "afternoon" | "evening" | "night" => Lex::PartOfDay,
        "hourly" => Lex::Every(Unit::Hour),
        "daily" | "nightly" => Lex::Every(Unit::Day),
        "weekly" => Lex::Every(Unit::Week),
        "monthly" => Lex::Every(Unit::Month),
        "quarterly" => Lex::Every(Unit::Quarter),
        "annually" | "yearly" => Lex::Every(Unit::Year),
        "today" => K(Today),
        "yesterday" => K(Yesterday),
        "tomorrow" | "tmrw" => K(Tomorrow),
        "tonight" => K(Tonight),
        "last" => K(Last),
        "next" => K(Next),
        "this" => K(This),
        "past" => K(Past),
        "previous" | "preceding" | "prior" | "latest" => K(Previous),
        "coming" | "upcoming" => K(Coming),
        "following" => K(Following),
        "current" => K(Current),
        "ago" => K(Ago),
        "earlier" => K(Earlier),
        "later" => K(Later),
        "early" => K(Early),
        "late" => K(Late),
        "mid" => K(Mid),
        "middle" => K(Middle),
        "end" => K(End),
        "beginning" => K(Beginning),
        "start" => K(Start),
        "the" => K(The),
        "a" | "an" => K(A),
        "of" => K(Of),
        "in" | "within" => K(In),
        "on" => K(On),
        "since" => K(Since),
        "by" => K(By),
        "until" | "till" | "til" | "untill" => K(Until),
        "from" => K(From),
        "to" => K(To),
        "through" | "thru" => K(Through),
        "between" => K(Between),
        "and" => K(And),
        "or" => K(Or),
        "full" | "whole" | "entire" | "all" => K(Whole),
        "every" => K(Every),
        "each" => K(Each),
        "half" => K(Half),
        "fiscal" => K(Fiscal),
        "calendar" => K(Calendar),
        "nearly" | "almost" | "about" | "around" | "roughly" | "approximately" | "some" => {
            K(Approx)
        }
        "more" => K(More),
        "less" | "fewer" => K(Less),
        "than" => K(Than),
        "least" => K(Least),
        "weekend" => K(Weekend),
        "after" => K(After),
        "before" => K(Before),
        "during" | "throughout" => K(During),
        "its" | "their" | "his" | "her" | "our" | "my" | "your" => K(Possessive),
        "that" => K(That),
        "hundred" => K(Hundred),
        "thousand" => K(Thousand),
        "long" => K(Long),
        "now" => K(Now),
        "at" => K(At),
        "couple" => K(Couple),
        "few" => K(Few),
        "same" => K(Same),
        "noon" | "midday" => Lex::Clock(12),
        "midnight" => Lex::Clock(0),
        _ => Lex::Other,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
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

/// Split `text` into tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 4);
    let mut i = 0;
    let mut gap = true;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            gap = true;
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let mut joined = false;
            // Digits joined by single separators: dates, thousands, decimals, times.
            while i + 1 < b.len()
                && matches!(b[i], b',' | b'.' | b'/' | b'-' | b':')
                && b[i + 1].is_ascii_digit()
            {
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
                let suffix_end = b[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count()
                    + i;
                let suffix = text[i..suffix_end].to_ascii_lowercase();
                match suffix.as_str() {
                    "st" | "nd" | "rd" | "th" if (1..=31).contains(&v) => {
                        i = suffix_end;
                        Tk::Ord(v)
                    }
                    "s" if (digits.len() == 4 || digits.len() == 2) && v.is_multiple_of(10) => {
                        i = suffix_end;
                        Tk::Decade(if digits.len() == 2 { 1900 + v } else { v })
                    }
                    _ if (digits.len() == 4 || digits.len() == 2)
                        && v.is_multiple_of(10)
                        && apostrophe_s(&text[i..]) > 0 =>
                    {
                        i += apostrophe_s(&text[i..]);
                        Tk::Decade(if digits.len() == 2 { 1900 + v } else { v })
                    }
                    _ => Tk::Num {
                        v,
                        len: digits.len() as u8,
                    },
                }
            } else {
                Tk::NumStr
            };
            // "'90s": an apostrophe right before a two-digit decade belongs to it.
            let start = match (kind, out.last()) {
                (Tk::Decade(_), Some(p))
                    if digits.len() == 2
                        && matches!(p.kind, Tk::Punct('\'' | '’'))
                        && p.end == start =>
                {
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
            out.push(Tok {
                start,
                end: i,
                kind,
                gap,
                cap: false,
            });
            gap = false;
            continue;
        }
        let ch = text[i..].chars().next().unwrap_or(' ');
        if is_word_char(ch) {
            let start = i;
            for (k, c) in text[i..].char_indices() {
                if !is_word_char(c) {
                    i = start + k;
                    break;
                }
                i = start + k + c.len_utf8();
            }
            let word = &text[start..i];
            out.push(Tok {
                start,
                end: i,
                kind: Tk::Word(classify(word)),
                gap,
                cap: ch.is_uppercase(),
            });
            gap = false;
            continue;
        }
        let len = ch.len_utf8();
        if ch.is_whitespace() {
            gap = true;
        } else {
            out.push(Tok {
                start: i,
                end: i + len,
                kind: Tk::Punct(ch),
                gap,
                cap: false,
            });
            gap = false;
        }
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_dates_and_thousands_whole() {
        let toks =
            tokenize("On Oct. 11, 2024 some 12,000 troops came in the '90s and 1990s, the 3rd.");
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
    fn classify_ignores_case_and_long_words() {
        assert_eq!(classify("FRIDAY"), Lex::Weekday(5));
        assert_eq!(classify("extraordinarilylongword"), Lex::Other);
        assert_eq!(classify("né"), Lex::Other);
    }
}
