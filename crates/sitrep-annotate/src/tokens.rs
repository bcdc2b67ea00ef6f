//! Word and punctuation tokens with their byte spans and letter-case shape.
//!
//! One pass over the text. A word is a run of letters and digits that may
//! hold inner hyphens ("Jong-un", "al-Assad", "1996-08-30"), inner
//! apostrophes ("O'Brien", "Shi'ite"; a possessive "'s" is its own token),
//! inner periods of dotted initialisms together with their final period
//! ("U.S.", "U.N."), the period of a single-capital initial ("J.") and of
//! an abbreviation ("Gen.", "Dr.", "No.", "Inc."), digit
//! groups ("12,000", "1.28", "98,3") and "&" between capitals ("AT&T").
//! Every other non-space character is a one-character punctuation token,
//! except the possessive "'s"/"’s", kept whole. Tokenised input ("Porter 's")
//! gives the same tokens as running text ("Porter's").

/// One token: a byte span of the text and its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub shape: Shape,
}

/// The letter-case shape of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// First letter uppercase, some lowercase letters: "Seoul", "McDonald".
    Capitalized,
    /// Two or more letters, all uppercase: "NATO", "U.S.", "LONDON".
    AllCaps,
    /// One uppercase letter: "I", "J.", "A".
    Initial,
    /// Starts in lowercase: "said", "al-Assad", "iPhone".
    Lower,
    /// Starts with a digit: "2024", "1.28", "G7" is AllCaps.
    Number,
    /// Anything else: punctuation, symbols, "'s".
    Punct,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// Whether the token starts with an uppercase letter.
    pub fn is_upper_initial(&self) -> bool {
        matches!(self.shape, Shape::Capitalized | Shape::AllCaps | Shape::Initial)
    }

    pub fn is_word(&self) -> bool {
        !matches!(self.shape, Shape::Punct)
    }
}

/// Split `text` into tokens, in order, never splitting a UTF-8 character.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            loop {
                let rest = &text[end..];
                let mut chars = rest.chars();
                let Some(n) = chars.next() else { break };
                if n.is_alphanumeric() {
                    end += n.len_utf8();
                    continue;
                }
                let after = chars.next();
                let joins = match n {
                    '-' | '\'' | '’' | '.' | ',' | '&' | '/' => match after {
                        Some(a) if a.is_alphanumeric() => match n {
                            '-' => true,
                            '\'' | '’' => !is_possessive(rest),
                            // Short words only: "U.S.A.", "AT&T" (and no quadratic rescans).
                            '.' => end - i <= 16 && is_initialism_piece(&text[i..end]) || both_digits(&text[i..end], a),
                            ',' => both_digits(&text[i..end], a),
                            '&' => end - i <= 16 && a.is_uppercase() && text[i..end].chars().all(|x| x.is_uppercase()),
                            _ => false,
                        },
                        _ => false,
                    },
                    _ => false,
                };
                if !joins {
                    break;
                }
                end += n.len_utf8();
            }
            // Final period of "U.S.", of an initial "J.", of a title "Gen."
            // and of a company suffix "Inc.".
            let word = &text[i..end];
            if text[end..].starts_with('.')
                && (word.contains('.') && !word.starts_with(|x: char| x.is_ascii_digit())
                    || is_single_upper(word)
                    || word.starts_with(char::is_uppercase) && crate::sentences::is_abbreviation(word))
            {
                end += 1;
            }
            // Skip over the characters consumed above.
            while it.peek().is_some_and(|&(j, _)| j < end) {
                it.next();
            }
            out.push(Token { start: i, end, shape: shape_of(&text[i..end]) });
        } else {
            let mut end = i + c.len_utf8();
            if matches!(c, '\'' | '’') && is_possessive(&text[i..]) {
                end += 1;
                it.next();
            }
            out.push(Token { start: i, end, shape: Shape::Punct });
        }
    }
    out
}

/// "'s" or "’s" followed by a non-letter.
fn is_possessive(rest: &str) -> bool {
    let mut cs = rest.chars();
    cs.next();
    matches!(cs.next(), Some('s') | Some('S')) && !cs.next().is_some_and(char::is_alphanumeric)
}

fn is_initialism_piece(word: &str) -> bool {
    // "U" → "U.S", "U.S" → "U.S.A": every piece one or two letters.
    word.split('.').all(|p| !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
}

fn both_digits(word: &str, next: char) -> bool {
    next.is_ascii_digit() && word.ends_with(|c: char| c.is_ascii_digit())
}

fn is_single_upper(word: &str) -> bool {
    let mut cs = word.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

fn shape_of(word: &str) -> Shape {
    let first = word.chars().next().unwrap_or(' ');
    if first.is_numeric() {
        return Shape::Number;
    }
    if first.is_lowercase() {
        return Shape::Lower;
    }
    if !first.is_uppercase() {
        // Scripts without case (Hangul, Han, Arabic) behave as names.
        return if first.is_alphabetic() { Shape::Capitalized } else { Shape::Punct };
    }
    let mut letters = 0;
    let mut lower = false;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        lower |= c.is_lowercase();
    }
    if lower {
        Shape::Capitalized
    } else if letters >= 2 || word.chars().any(|c| c.is_ascii_digit()) {
        // "NATO", "G7", "F1"
        Shape::AllCaps
    } else {
        Shape::Initial
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn running_and_tokenised_text_give_the_same_words() {
        assert_eq!(words("U.S. Senator Jane Porter's aides"), vec!["U.S.", "Senator", "Jane", "Porter", "'s", "aides"]);
        assert_eq!(words("U.S. Senator Jane Porter 's aides"), vec!["U.S.", "Senator", "Jane", "Porter", "'s", "aides"]);
        assert_eq!(words("Lt. Gen. (Ret.) Chun"), vec!["Lt.", "Gen.", "(", "Ret.", ")", "Chun"]);
    }

    #[test]
    fn inner_marks_stay_inside_words() {
        assert_eq!(
            words("Kim Jong-un met al-Assad, O'Brien and J. Smith at AT&T: 12,000 or 1.28 (98,3)."),
            vec![
                "Kim", "Jong-un", "met", "al-Assad", ",", "O'Brien", "and", "J.", "Smith", "at", "AT&T", ":", "12,000", "or", "1.28",
                "(", "98,3", ")", "."
            ]
        );
    }

    #[test]
    fn shapes() {
        let t = "NATO Seoul said 2024 J. é";
        let shapes: Vec<Shape> = tokenize(t).iter().map(|t| t.shape).collect();
        assert_eq!(shapes, vec![Shape::AllCaps, Shape::Capitalized, Shape::Lower, Shape::Number, Shape::Initial, Shape::Lower]);
    }
}
