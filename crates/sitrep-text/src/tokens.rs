//! Word and punctuation tokens with their byte spans and letter-case shape:
//! the one tokenizer every stage reads text with.
//!
//! One pass over the text. What a word is depends on the [`View`] a stage
//! asks for; the default, [`View::WORDS`], is the annotator's: a word is a
//! run of letters and digits that may
//! hold inner hyphens ("Jong-un", "al-Assad", "1996-08-30"), inner
//! apostrophes ("O'Brien", "Shi'ite"; a possessive "'s" is its own token),
//! inner periods of dotted initialisms together with their final period
//! ("U.S.", "U.N."), the period of a single-capital initial ("J.") and of
//! an abbreviation ("Gen.", "Dr.", "No.", "Inc."), digit
//! groups ("12,000", "1.28", "98,3") and "&" between capitals ("AT&T").
//! Every other non-space character is a one-character punctuation token,
//! except the possessive "'s"/"’s", kept whole. Tokenised input ("Porter 's")
//! gives the same tokens as running text ("Porter's").
//!
//! [`View::QUOTES`] keeps every inner mark between letters ("Korea’s",
//! "U.S" with the final period apart), the stray Latin-1 symbols of
//! mis-decoded text inside words, a doubled apostrophe `''` as one mark and
//! a run of white space holding a line break as a [`Shape::Break`] token.
//! [`Atoms`] gives the grammars' atoms: runs of letters, runs of ASCII
//! digits and single marks, never mixed ("11th" → "11", "th").
//! [`View::BARE`] splits at every mark ("Jong-un" → "Jong", "un");
//! [`View::FINGERPRINT`] too, but keeps numbers whole and makes each
//! ideograph a word.

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
    /// A run of white space holding one or more line breaks (only in a
    /// view with [`View::breaks`]).
    Break,
}

impl Token {
    #[inline]
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// Whether the token starts with an uppercase letter.
    #[inline]
    pub fn is_upper_initial(&self) -> bool {
        matches!(self.shape, Shape::Capitalized | Shape::AllCaps | Shape::Initial)
    }

    #[inline]
    pub fn is_word(&self) -> bool {
        !matches!(self.shape, Shape::Punct | Shape::Break)
    }
}

/// Which marks a stage keeps inside words: the settings of the one
/// tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    /// Which marks between two letters or digits join them into one word.
    pub inner: Inner,
    /// Split off a possessive "'s" as its own token.
    pub possessive: bool,
    /// Keep the final period of an initialism, an initial or an
    /// abbreviation ("U.S.", "J.", "Gen.") in the word.
    pub final_period: bool,
    /// Stray Latin-1 symbols of mis-decoded text ("FranÃ§ois") belong
    /// inside words.
    pub latin1: bool,
    /// A run of white space holding a line break is a [`Shape::Break`]
    /// token, and a doubled apostrophe `''` one mark.
    pub breaks: bool,
    /// Each Chinese or Japanese character (written without spaces between
    /// words) is a token of its own.
    pub ideographs: bool,
}

/// Which marks join the letters and digits around them into one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inner {
    /// The annotator's rules: hyphens, apostrophes (not of a possessive),
    /// the periods of a short initialism, "&" between capitals, and a
    /// period or comma between digits.
    Names,
    /// Any apostrophe, hyphen, period or "&" before a letter or digit,
    /// and a comma between digits.
    All,
    /// A period or comma between digits only ("12,000", "1.5").
    Digits,
    /// None: every mark ends a word.
    None,
}

impl View {
    /// The annotator's view (entities, sentences, claims).
    pub const WORDS: View = View { inner: Inner::Names, possessive: true, final_period: true, latin1: false, breaks: false, ideographs: false };
    /// The quote finder's view: inner marks kept, line breaks as tokens.
    pub const QUOTES: View = View { inner: Inner::All, possessive: false, final_period: false, latin1: true, breaks: true, ideographs: false };
    /// Bare words for comparing names: every mark splits, possessives are
    /// punctuation.
    pub const BARE: View = View { inner: Inner::None, possessive: true, final_period: false, latin1: false, breaks: false, ideographs: false };
    /// Words for fingerprinting a text: numbers whole ("12,000"), every
    /// other mark apart, each ideograph a word, line breaks as tokens.
    pub const FINGERPRINT: View = View { inner: Inner::Digits, possessive: false, final_period: false, latin1: false, breaks: true, ideographs: true };
}

/// Split `text` into tokens in the annotator's view ([`View::WORDS`]), in
/// order, never splitting a UTF-8 character.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    out.extend(Tokens::new(text, View::WORDS));
    out
}

/// The tokens of a text in one view, as an iterator.
pub struct Tokens<'t> {
    text: &'t str,
    view: View,
    at: usize,
}

impl<'t> Tokens<'t> {
    pub fn new(text: &'t str, view: View) -> Self {
        Tokens { text, view, at: 0 }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    #[inline]
    fn next(&mut self) -> Option<Token> {
        let text = self.text;
        let view = self.view;
        loop {
            let i = self.at;
            let c = text[i..].chars().next()?;
            if c.is_whitespace() {
                let mut end = i + c.len_utf8();
                let mut brk = c == '\n';
                while let Some(d) = text[end..].chars().next().filter(|d| d.is_whitespace()) {
                    brk |= d == '\n';
                    end += d.len_utf8();
                }
                self.at = end;
                if view.breaks && brk {
                    return Some(Token { start: i, end, shape: Shape::Break });
                }
                continue;
            }
            if c.is_alphanumeric() || view.latin1 && is_latin1_symbol(c) {
                let end = if view.ideographs && is_ideograph(c) { i + c.len_utf8() } else { word_end(text, i, c, view) };
                self.at = end;
                return Some(Token { start: i, end, shape: shape_of(&text[i..end]) });
            }
            let mut end = i + c.len_utf8();
            // A possessive "'s" is one token, and so is a doubled apostrophe
            // `''` in the quote view (a quotation mark in some papers).
            let possessive = view.possessive && matches!(c, '\'' | '’') && is_possessive(&text[i..]);
            let doubled = view.breaks && c == '\'' && text[end..].starts_with('\'');
            if possessive || doubled {
                end += 1;
            }
            self.at = end;
            return Some(Token { start: i, end, shape: Shape::Punct });
        }
    }
}

/// The atoms the time and quantity grammars join as they read them
/// ("11th", "2024-10-11", "'90s", "1 414 021"): letters and digits never
/// share a token and no mark joins anything; a word is a run of letters
/// (shape by case), a number a run of ASCII digits, and every other
/// character that is not white space (other digits too) a mark of its own.
/// The same character classes as [`Tokens`], without a [`View`]'s joins.
pub struct Atoms<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Atoms<'t> {
    pub fn new(text: &'t str) -> Self {
        Atoms { text, at: 0 }
    }
}

impl Iterator for Atoms<'_> {
    type Item = Token;

    #[inline]
    fn next(&mut self) -> Option<Token> {
        let text = self.text;
        let b = text.as_bytes();
        let mut i = self.at;
        loop {
            let c = *b.get(i)?;
            if c.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            if c.is_ascii_digit() {
                let end = b[i..].iter().position(|x| !x.is_ascii_digit()).map_or(b.len(), |k| i + k);
                self.at = end;
                return Some(Token { start: i, end, shape: Shape::Number });
            }
            let ch = text[i..].chars().next()?;
            if ch.is_whitespace() {
                i += ch.len_utf8();
                continue;
            }
            let end = if ch.is_alphabetic() { text[i..].find(|x: char| !x.is_alphabetic()).map_or(b.len(), |k| i + k) } else { i + ch.len_utf8() };
            self.at = end;
            let shape = if ch.is_alphabetic() { shape_of(&text[i..end]) } else { Shape::Punct };
            return Some(Token { start: i, end, shape });
        }
    }
}

/// Where the word that starts with `c` at byte `i` ends.
#[inline]
fn word_end(text: &str, i: usize, c: char, view: View) -> usize {
    let mut end = i + c.len_utf8();
    loop {
        let rest = &text[end..];
        let mut chars = rest.chars();
        let Some(n) = chars.next() else { break };
        if n.is_alphanumeric() && !(view.ideographs && is_ideograph(n)) || view.latin1 && is_latin1_symbol(n) {
            end += n.len_utf8();
            continue;
        }
        let joins = match (view.inner, chars.next()) {
            (Inner::None, _) | (_, None) => false,
            (Inner::Names, Some(a)) => a.is_alphanumeric() && match n {
                '-' => true,
                '\'' | '’' => !is_possessive(rest),
                // Short words only: "U.S.A.", "AT&T" (and no quadratic rescans).
                '.' => end - i <= 16 && is_initialism_piece(&text[i..end]) || both_digits(&text[i..end], a),
                ',' => both_digits(&text[i..end], a),
                '&' => end - i <= 16 && a.is_uppercase() && text[i..end].chars().all(|x| x.is_uppercase()),
                _ => false,
            },
            (Inner::Digits, Some(a)) => matches!(n, ',' | '.') && both_digits(&text[i..end], a),
            (Inner::All, Some(a)) => match n {
                ',' => both_digits(&text[i..end], a),
                '\'' | '’' | '-' | '.' | '&' | '‑' => a.is_alphanumeric(),
                _ => false,
            },
        };
        if !joins {
            break;
        }
        end += n.len_utf8();
    }
    // Final period of "U.S.", of an initial "J.", of a title "Gen."
    // and of a company suffix "Inc.".
    let word = &text[i..end];
    if view.final_period
        && text[end..].starts_with('.')
        && (word.contains('.') && !word.starts_with(|x: char| x.is_ascii_digit())
            || is_single_upper(word)
            || word.starts_with(char::is_uppercase) && crate::sentences::is_abbreviation(word))
    {
        end += 1;
    }
    end
}

/// Whether a character is written without spaces between words (Chinese
/// ideographs, Japanese kana): each one is a word of its own.
pub fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// The stray Latin-1 symbols of mis-decoded text ("FranÃ§ois"), which
/// belong inside words in [`View::QUOTES`].
fn is_latin1_symbol(c: char) -> bool {
    ('\u{a2}'..='\u{ff}').contains(&c) && !matches!(c, '«' | '»' | '¿' | '·' | '×' | '÷')
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
        // Scripts without case (Hangul, Han, Arabic) behave as names; a
        // word of mis-decoded text may start with a symbol ("Ã©tat").
        return if first.is_alphabetic() { Shape::Capitalized } else { Shape::Lower };
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
    fn atoms_split_letters_digits_and_marks() {
        let t = "On Oct. 11th, 2024-10-11 the '90s ²";
        let atoms: Vec<(&str, Shape)> = Atoms::new(t).map(|x| (x.text(t), x.shape)).collect();
        let shown: Vec<&str> = atoms.iter().map(|a| a.0).collect();
        assert_eq!(shown, vec!["On", "Oct", ".", "11", "th", ",", "2024", "-", "10", "-", "11", "the", "'", "90", "s", "²"]);
        assert_eq!((atoms[3].1, atoms[4].1, atoms[2].1, atoms[15].1), (Shape::Number, Shape::Lower, Shape::Punct, Shape::Punct));
    }

    #[test]
    fn shapes() {
        let t = "NATO Seoul said 2024 J. é";
        let shapes: Vec<Shape> = tokenize(t).iter().map(|t| t.shape).collect();
        assert_eq!(shapes, vec![Shape::AllCaps, Shape::Capitalized, Shape::Lower, Shape::Number, Shape::Initial, Shape::Lower]);
    }
}
