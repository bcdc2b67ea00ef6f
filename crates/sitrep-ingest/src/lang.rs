//! Language identification of article text.
//!
//! Scripts settle most languages before any statistics: Hangul is Korean,
//! kana among Han characters is Japanese, Han alone is Chinese, and the
//! letters only one Cyrillic alphabet has tell Ukrainian (і ї є ґ) from
//! Russian (ы э ъ ё); Latin text with þ is Icelandic. The rest goes to
//! whatlang (trigrams); when it is unsure, a vote of the commonest function
//! words (`data/stopwords.tsv`) decides between the Latin-script languages.
//! Mostly Latin text whose function words are English by a wide margin
//! (`ENGLISH_VOTES`, `ENGLISH_LEAD`) is English without the trigrams: they
//! cost more than everything else ingest does to a page's text (a
//! twentieth of ingest's CPU), and English is most of a news feed.

use std::collections::HashMap;
use std::sync::LazyLock;

use whatlang::Lang;

/// How much text to look at: a paragraph or two settles the language
/// (the trigram detector's cost grows with the text it reads: at 4 KB it
/// took a tenth of ingest).
const SAMPLE: usize = 1024;

/// English function words a sample needs to be told English by its
/// function words alone, and how many times the next language's votes they
/// must be. Less than that, the trigrams decide. The English list's words
/// that other languages share (`in`, `is`, `was`, `to`, `on`, ...) vote
/// for those too, so a text of another language with English words in it
/// does not reach the margin.
const ENGLISH_VOTES: usize = 12;
const ENGLISH_LEAD: usize = 4;

/// The ISO 639-1 code of the text's language, or `None` when the text is too
/// short or too mixed to tell.
pub fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let letters = Letters::count(sample);
    if let Some(code) = letters.script_language() {
        return Some(code.to_string());
    }
    if sample.split_whitespace().count() < 4 {
        return None;
    }
    let latin = 2 * letters.latin > letters.total;
    let votes = if latin { tally(sample) } else { Vec::new() };
    if let [("en", n), rest @ ..] = &votes[..] {
        if *n >= ENGLISH_VOTES && rest.first().is_none_or(|r| ENGLISH_LEAD * r.1 <= *n) {
            return Some("en".to_string());
        }
    }
    let info = whatlang::detect(sample);
    let guess = info.as_ref().map(|i| iso639_1(i.lang()).unwrap_or(i.lang().code()));
    if let Some(code) = letters.cyrillic_language(guess) {
        return Some(code.to_string());
    }
    let sure = info.as_ref().is_some_and(|i| i.is_reliable() || i.confidence() >= 0.5);
    if !sure && latin {
        if let Some(code) = vote(&votes, guess) {
            return Some(code.to_string());
        }
    }
    sure.then(|| guess.map(str::to_string)).flatten()
}

/// Letters of a sample by script.
#[derive(Default)]
struct Letters {
    total: usize,
    latin: usize,
    hangul: usize,
    kana: usize,
    han: usize,
    cyrillic: usize,
    /// і ї є ґ: letters of the Ukrainian alphabet that Russian lacks.
    ukrainian: usize,
    /// ы э ъ ё: letters of the Russian alphabet that Ukrainian lacks.
    russian: usize,
    /// þ: a letter only Icelandic still writes.
    thorn: usize,
}

impl Letters {
    fn count(text: &str) -> Letters {
        let mut l = Letters::default();
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            l.total += 1;
            match c {
                'a'..='z' | 'A'..='Z' | '\u{c0}'..='\u{24f}' => {
                    l.latin += 1;
                    l.thorn += usize::from(matches!(c, 'þ' | 'Þ'));
                }
                '\u{1100}'..='\u{11ff}' | '\u{3130}'..='\u{318f}' | '\u{ac00}'..='\u{d7af}' => l.hangul += 1,
                '\u{3040}'..='\u{30ff}' => l.kana += 1,
                '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' => l.han += 1,
                '\u{400}'..='\u{52f}' => {
                    l.cyrillic += 1;
                    l.ukrainian += usize::from(matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ'));
                    l.russian += usize::from(matches!(c, 'ы' | 'э' | 'ъ' | 'ё' | 'Ы' | 'Э' | 'Ъ' | 'Ё'));
                }
                _ => {}
            }
        }
        l
    }

    /// The language a script alone tells: Korean, Japanese, Chinese, Icelandic.
    fn script_language(&self) -> Option<&'static str> {
        let cjk = self.hangul + self.kana + self.han;
        if cjk < 4 || 3 * cjk < self.total {
            return (self.thorn >= 2 && 2 * self.latin > self.total).then_some("is");
        }
        Some(if self.hangul >= self.kana + self.han {
            "ko"
        } else if self.kana >= 2 && 20 * self.kana >= self.kana + self.han {
            "ja"
        } else {
            "zh"
        })
    }

    /// Ukrainian or Russian by the letters only one of them has, when the
    /// text is mostly Cyrillic and the detector names either (or nothing).
    fn cyrillic_language(&self, guess: Option<&str>) -> Option<&'static str> {
        if 2 * self.cyrillic < self.total || !matches!(guess, None | Some("ru" | "uk")) {
            return None;
        }
        if self.ukrainian > 0 && self.ukrainian >= 4 * self.russian {
            Some("uk")
        } else if self.russian > 0 && self.russian >= 4 * self.ukrainian {
            Some("ru")
        } else {
            None
        }
    }
}

/// Function words of each Latin-script language (`data/stopwords.tsv`).
static STOPWORDS: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut by_word: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for line in include_str!("../data/stopwords.tsv").lines().filter(|l| !l.starts_with('#')) {
        if let Some((code, words)) = line.split_once('\t') {
            for w in words.split_whitespace() {
                by_word.entry(w).or_default().push(code);
            }
        }
    }
    by_word
});

/// How many of the sample's words are function words of each language,
/// most first (ties by code).
fn tally(sample: &str) -> Vec<(&'static str, usize)> {
    let mut votes: HashMap<&'static str, usize> = HashMap::new();
    let mut lower = String::new();
    for w in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        lower.clear();
        if w.is_ascii() {
            lower.push_str(w);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&w.to_lowercase());
        }
        if let Some(codes) = STOPWORDS.get(lower.as_str()) {
            for c in codes {
                *votes.entry(c).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(&'static str, usize)> = votes.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked
}

/// The language whose function words the sample uses most (`ranked`, from
/// [`tally`]), when it leads clearly (by a third over the next), else the
/// detector's `guess` when it shares the lead.
fn vote(ranked: &[(&'static str, usize)], guess: Option<&str>) -> Option<&'static str> {
    let (first, n) = *ranked.first()?;
    let second = ranked.get(1).map_or(0, |r| r.1);
    if n < 3 {
        return None;
    }
    if 3 * n >= 4 * second {
        return Some(first);
    }
    ranked.iter().take_while(|r| r.1 == n).find(|r| Some(r.0) == guess).map(|r| r.0)
}

/// Two-letter codes for the languages whatlang knows that have one.
fn iso639_1(lang: Lang) -> Option<&'static str> {
    use Lang::*;
    Some(match lang {
        Eng => "en", Rus => "ru", Ukr => "uk", Kor => "ko", Jpn => "ja", Cmn => "zh", Ara => "ar",
        Fra => "fr", Deu => "de", Spa => "es", Por => "pt", Ita => "it", Nld => "nl", Pol => "pl",
        Tur => "tr", Swe => "sv", Dan => "da", Nob => "nb", Fin => "fi", Ces => "cs", Slk => "sk",
        Ron => "ro", Hun => "hu", Bul => "bg", Bel => "be", Srp => "sr", Hrv => "hr", Slv => "sl",
        Ell => "el", Heb => "he", Pes => "fa", Hin => "hi", Ben => "bn", Urd => "ur", Vie => "vi",
        Tha => "th", Ind => "id", Lit => "lt", Lav => "lv", Est => "et", Kat => "ka", Hye => "hy",
        Tgl => "tl", Afr => "af", Epo => "eo", Lat => "la", Cat => "ca", Aze => "az", Uzb => "uz",
        Tam => "ta", Tel => "te", Mar => "mr", Guj => "gu", Pan => "pa", Kan => "kn", Mal => "ml",
        Nep => "ne", Sin => "si", Khm => "km", Mya => "my", Amh => "am", Yid => "yi", Zul => "zu",
        Sna => "sn", Aka => "ak", Jav => "jv", Ori => "or", Tuk => "tk", Mkd => "mk",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn common_languages() {
        assert_eq!(
            detect("The defence ministry said the soldiers had arrived in the region last week.").as_deref(),
            Some("en")
        );
        assert_eq!(
            detect("Министерство обороны заявило, что солдаты прибыли в регион на прошлой неделе.").as_deref(),
            Some("ru")
        );
    }

    /// A paragraph whose function words are English by a wide margin is
    /// told English without the trigrams, which say the same of it; one of
    /// another language quoting English words and names is not.
    #[test]
    fn english_function_words_settle_english_and_only_english() {
        let english = "The ministry said on Tuesday that the convoy had reached the border town, and that it was \
            carrying food and medicine for the families who have been living in the shelters since the floods. \
            Officials at the port were not able to say how many trucks would follow, but one of them said it \
            would be more than the number sent by the government last month.";
        let votes = super::tally(english);
        assert!(votes[0].0 == "en" && votes[0].1 >= super::ENGLISH_VOTES && votes[0].1 >= super::ENGLISH_LEAD * votes[1].1, "{votes:?}");
        assert_eq!(detect(english).as_deref(), Some("en"));
        assert_eq!(whatlang::detect(english).map(|i| i.lang()), Some(whatlang::Lang::Eng));
        let dutch = "De minister zei dinsdag dat het konvooi de grens had bereikt, en dat er voedsel en medicijnen \
            voor de families in de opvang aan boord waren. Volgens een woordvoerder van de haven is het aantal \
            trucks nog niet bekend; de krant The Morning Post schreef dat het om meer dan vijftig ging, maar de \
            regering wilde dat niet bevestigen.";
        let votes = super::tally(dutch);
        assert_ne!(votes[0].0, "en", "{votes:?}");
        assert_eq!(detect(dutch).as_deref(), Some("nl"));
    }

    #[test]
    fn too_short_to_tell() {
        assert_eq!(detect("Hello"), None);
        assert_eq!(detect(""), None);
    }

    /// Short texts of our own, one per language the packs cover, each told
    /// by the rule meant for it (script, letters, or trigrams with the vote).
    #[test]
    fn short_texts_of_every_pack_language() {
        for line in include_str!("../tests/fixtures/lang/short.tsv").lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let (code, text) = line.split_once('\t').expect("code TAB text");
            assert_eq!(detect(text).as_deref(), Some(code), "{text}");
        }
    }
}
