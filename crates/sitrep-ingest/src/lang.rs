//! Language identification of article text (whatlang, trigram based).

use whatlang::Lang;

/// How much text to look at: a few paragraphs settle the language.
const SAMPLE: usize = 4096;

/// The ISO 639-1 code of the text's language, or `None` when the text is too
/// short or too mixed to tell.
pub fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.split_whitespace().count() < 4 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some(iso639_1(info.lang()).unwrap_or(info.lang().code()).to_string())
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

    #[test]
    fn too_short_to_tell() {
        assert_eq!(detect("Hello"), None);
        assert_eq!(detect(""), None);
    }
}
