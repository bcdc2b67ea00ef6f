//! Time expressions in languages other than English: each language's word
//! file (`data/lang/<code>/times.txt`) lets the English grammar read its
//! month names, weekdays and the adverbs of yesterday, today and tomorrow.
//! The sentences are written for these tests.

use sitrep_annotate::{sentences, times};

/// (text, value, kind) of every time expression in `text`, read as `language`.
fn read(text: &str, published: &str, language: &str) -> Vec<(String, Option<String>, String)> {
    times::find_in(text, &sentences::split(text), Some(published), Some(language))
        .into_iter()
        .map(|t| {
            let kind = serde_json::to_value(t.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            (t.text, t.value, kind)
        })
        .collect()
}

/// Assert that `text` read as `language` gives exactly `want`.
fn check(language: &str, published: &str, text: &str, want: &[(&str, &str, &str)]) {
    let want: Vec<(String, Option<String>, String)> = want.iter().map(|&(t, v, k)| (t.to_string(), Some(v.to_string()), k.to_string())).collect();
    assert_eq!(read(text, published, language), want, "{language}: {text}");
}

#[test]
fn german_dates_weekdays_and_yesterday() {
    check("de", "2025-03-14", "Im Januar 2025 stiegen die Preise.", &[("Januar 2025", "2025-01", "month")]);
    check("de", "2025-03-14", "Die Wahl ist am 2 März 2025.", &[("2 März 2025", "2025-03-02", "date")]);
    check("de", "2025-03-14", "Die Gespräche gingen gestern weiter.", &[("gestern", "2025-03-13", "date")]);
    check("de", "2025-03-14", "Am Dienstag tagte der Rat.", &[("Dienstag", "2025-03-11", "date")]);
}

#[test]
fn french_dates_weekdays_and_yesterday() {
    check("fr", "2025-03-14", "Le port a rouvert le 2 février 2025 après la tempête.", &[("2 février 2025", "2025-02-02", "date")]);
    check("fr", "2025-03-14", "Le maire a démissionné hier.", &[("hier", "2025-03-13", "date")]);
    check("fr", "2025-03-14", "La réunion a eu lieu mardi.", &[("mardi", "2025-03-11", "date")]);
}

#[test]
fn spanish_dates_weekdays_and_yesterday() {
    check("es", "2025-03-14", "La presa se inauguró el 5 de enero de 2025.", &[("5 de enero de 2025", "2025-01-05", "date")]);
    check("es", "2025-03-14", "El ministro habló ayer con la prensa.", &[("ayer", "2025-03-13", "date")]);
    check("es", "2025-03-14", "El tribunal falló el martes.", &[("martes", "2025-03-11", "date")]);
}

#[test]
fn italian_dates_weekdays_and_yesterday() {
    check("it", "2025-03-14", "Il ponte è stato chiuso il 7 gennaio 2025.", &[("7 gennaio 2025", "2025-01-07", "date")]);
    check("it", "2025-03-14", "Il sindaco ha parlato ieri.", &[("ieri", "2025-03-13", "date")]);
    check("it", "2025-03-14", "Il voto si è tenuto martedì.", &[("martedì", "2025-03-11", "date")]);
}

#[test]
fn portuguese_dates_weekdays_and_yesterday() {
    check("pt", "2025-03-14", "A ponte foi aberta em 9 de março de 2025.", &[("9 de março de 2025", "2025-03-09", "date")]);
    check("pt", "2025-03-14", "O governo anunciou ontem novas regras.", &[("ontem", "2025-03-13", "date")]);
    check("pt", "2025-03-14", "A votação foi no domingo.", &[("domingo", "2025-03-09", "date")]);
}

#[test]
fn polish_dates_weekdays_and_yesterday() {
    check("pl", "2025-03-14", "Umowę podpisano 4 lutego 2025 w Gdańsku.", &[("4 lutego 2025", "2025-02-04", "date")]);
    check("pl", "2025-03-14", "Premier mówił o tym wczoraj.", &[("wczoraj", "2025-03-13", "date")]);
    check("pl", "2025-03-14", "Sejm głosował w środę.", &[("środę", "2025-03-12", "date")]);
}

#[test]
fn russian_dates_weekdays_and_yesterday() {
    check("ru", "2025-03-14", "Мост открыли 6 февраля 2025 года.", &[("6 февраля 2025", "2025-02-06", "date")]);
    check("ru", "2025-03-14", "Министр выступил вчера.", &[("вчера", "2025-03-13", "date")]);
    check("ru", "2025-03-14", "Совет собрался в среду.", &[("среду", "2025-03-12", "date")]);
}

#[test]
fn ukrainian_dates_weekdays_and_yesterday() {
    check("uk", "2025-03-14", "Міст відкрили 8 лютого 2025 року.", &[("8 лютого 2025", "2025-02-08", "date")]);
    check("uk", "2025-03-14", "Мер виступив учора.", &[("учора", "2025-03-13", "date")]);
    check("uk", "2025-03-14", "Рада зібралася у середу.", &[("середу", "2025-03-12", "date")]);
}

#[test]
fn a_word_of_one_language_is_no_time_in_another() {
    assert!(read("Il est parti hier.", "2025-03-14", "en").is_empty(), "English has no \"hier\"");
    assert!(read("Der Zug fuhr gestern.", "2025-03-14", "fr").is_empty(), "French has no \"gestern\"");
}

#[test]
fn a_length_then_ago_where_the_cue_follows_as_in_english() {
    check("it", "2025-03-14", "La diga è crollata 3 giorni fa.", &[("3 giorni fa", "2025-03-11", "date")]);
    check("pl", "2025-03-14", "Most otwarto 2 lata temu.", &[("2 lata temu", "2023", "year")]);
    check("ru", "2025-03-14", "Завод закрыли 5 дней назад.", &[("5 дней назад", "2025-03-09", "date")]);
    check("uk", "2025-03-14", "Школу відкрили 4 місяці тому.", &[("4 місяці тому", "2024-11", "month")]);
}

#[test]
fn since_puts_a_date_without_a_year_in_the_past() {
    check("fr", "2025-10-01", "Les loyers montent depuis novembre.", &[("novembre", "2024-11", "month")]);
    check("es", "2025-10-01", "Los precios suben desde noviembre.", &[("noviembre", "2024-11", "month")]);
    check("pt", "2025-10-01", "Os preços sobem desde novembro.", &[("novembro", "2024-11", "month")]);
    check("de", "2025-10-01", "Die Mieten steigen seit Dezember.", &[("Dezember", "2024-12", "month")]);
}
