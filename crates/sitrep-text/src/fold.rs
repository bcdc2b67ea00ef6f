//! Case folding and bare words, for comparing names and texts across
//! documents: "Kraków" and "Krakow" fold alike, "Russia's" is the word
//! "Russia".

use crate::tokens::{Token, Tokens, View};

/// Fold a Latin letter with a diacritic to its base letter(s), lowercase.
/// The table is written by hand from the Unicode Latin-1 Supplement and
/// Latin Extended-A charts (plus the Romanian comma letters); other
/// characters are returned lowercased.
pub fn fold_char(c: char, out: &mut String) {
    // Most letters of most texts: lowercased without Unicode's tables.
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let s = match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' | 'Č' | 'č' => "c",
        'Ð' | 'ð' | 'Ď' | 'ď' | 'Đ' | 'đ' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ĕ' | 'ĕ' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => "e",
        'Ĝ' | 'ĝ' | 'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => "g",
        'Ĥ' | 'ĥ' | 'Ħ' | 'ħ' => "h",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ' | 'ĩ' | 'Ī' | 'ī' | 'Ĭ' | 'ĭ' | 'Į' | 'į' | 'İ' | 'ı' => "i",
        'Ĵ' | 'ĵ' => "j",
        'Ķ' | 'ķ' => "k",
        'Ĺ' | 'ĺ' | 'Ļ' | 'ļ' | 'Ľ' | 'ľ' | 'Ŀ' | 'ŀ' | 'Ł' | 'ł' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ņ' | 'ņ' | 'Ň' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ŏ' | 'ŏ' | 'Ő' | 'ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ŕ' | 'ŕ' | 'Ŗ' | 'ŗ' | 'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Ŝ' | 'ŝ' | 'Ş' | 'ş' | 'Š' | 'š' | 'Ș' | 'ș' => "s",
        'ß' => "ss",
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ŧ' | 'ŧ' | 'Ț' | 'ț' => "t",
        'Þ' | 'þ' => "th",
        'Ù'..='Ü' | 'ù'..='ü' | 'Ũ' | 'ũ' | 'Ū' | 'ū' | 'Ŭ' | 'ŭ' | 'Ů' | 'ů' | 'Ű' | 'ű' | 'Ų' | 'ų' => "u",
        'Ŵ' | 'ŵ' => "w",
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' | 'Ŷ' | 'ŷ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push_str(s);
}

/// Lowercase `s` and drop its diacritics: "Zelenskyy" stays, "Đorđe" → "dorde".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        // ASCII, most of any text, lowercases in place ([`fold_char`] gives
        // the same, by the slower way of any character).
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            fold_char(c, &mut out);
        }
    }
    out
}

/// `f` of `word` with its ASCII capitals lowercased and every other
/// character as it is (`str::to_ascii_lowercase`), folded on the stack
/// when the word is short: a look-up of each capitalised word of a text
/// in a list of lower-case keys makes no string for it.
pub fn with_ascii_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    const ON_STACK: usize = 64;
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return f(word);
    }
    if word.len() <= ON_STACK {
        let mut buf = [0u8; ON_STACK];
        let buf = &mut buf[..word.len()];
        buf.copy_from_slice(word.as_bytes());
        buf.make_ascii_lowercase();
        // Lowercasing ASCII letters keeps UTF-8 whole.
        if let Ok(folded) = std::str::from_utf8(buf) {
            return f(folded);
        }
    }
    f(&word.to_ascii_lowercase())
}

/// Remove a trailing possessive ("Russia's", "Russia’s", "Reuters'").
pub fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(w) = word.strip_suffix(suffix) {
            return w;
        }
    }
    word.strip_suffix(['\'', '’']).unwrap_or(word)
}

/// The words of `s`: runs of letters and digits, possessives removed.
/// Hyphens and apostrophes split words ("Jong-un" → "Jong", "un"): the
/// tokens of [`View::BARE`] that are words.
pub fn words(s: &str) -> Vec<&str> {
    each_word(s).collect()
}

/// The [`words`] of `s` one at a time, for a reader that need not hold them.
pub fn each_word(s: &str) -> impl Iterator<Item = &str> {
    Tokens::new(s, View::BARE).filter(Token::is_word).map(|t| t.text(s))
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ascii_character_folds_as_unicode_lowercases_it() {
        for c in (0..128u8).map(char::from) {
            let mut folded = String::new();
            fold_char(c, &mut folded);
            assert_eq!(folded, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    #[test]
    fn a_word_lowercased_on_the_stack_is_its_ascii_lowercase() {
        let long = "Ab".repeat(40);
        for w in ["", "kursk", "Kursk", "KURSK", "Édouard", "ÉDOUARD Ñ", "Gen.", "New York", "Straße", &long, &long[..64], &long[..63]] {
            assert_eq!(with_ascii_lowercase(w, str::to_string), w.to_ascii_lowercase(), "{w:?}");
        }
    }

    #[test]
    fn words_split_and_drop_possessives() {
        assert_eq!(words("Russia's Kursk region"), vec!["Russia", "Kursk", "region"]);
        assert_eq!(words("Kim Jong-un’s sister"), vec!["Kim", "Jong", "un", "sister"]);
        assert_eq!(words("it's"), vec!["it"]);
        assert_eq!(words("  "), Vec::<&str>::new());
    }

    #[test]
    fn folding_drops_diacritics_and_case() {
        assert_eq!(fold("Đorđe KRAKÓW Œuvre Straße"), "dorde krakow oeuvre strasse");
        assert_eq!(strip_possessive("Reuters'"), "Reuters");
        assert_eq!(strip_possessive("Russia’s"), "Russia");
    }

    proptest::proptest! {
        /// The ASCII fast path folds as `fold_char` does, character by character.
        #[test]
        fn folding_is_fold_char_of_each_character(s in "[ -~ÀÅÆßŒİıΣσςДжǅ̈😀]{0,40}") {
            let mut slow = String::new();
            for c in s.chars() {
                fold_char(c, &mut slow);
            }
            proptest::prop_assert_eq!(fold(&s), slow);
        }
    }
}
