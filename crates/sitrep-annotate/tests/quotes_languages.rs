//! Quotes in the pack languages other than English (`data/lang/<code>/quotes.tsv`):
//! each language's quotation marks, its speech verbs after the quote or
//! before it with a colon, and the quotative particles of Korean and
//! Japanese. The sentences are written for these tests.

use sitrep_annotate::annotate;
use sitrep_core::Document;

/// (quote text, speaker as named, cue) of every quote of `text` read as `language`.
fn quotes(language: &str, text: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let mut doc = Document { text: text.into(), language: Some(language.into()), ..Default::default() };
    annotate(&mut doc);
    doc.quotes.into_iter().map(|q| (q.text, q.speaker_name, q.cue)).collect()
}

/// Assert that `text` read as `language` gives exactly `want` (quote, speaker, cue).
fn check(language: &str, text: &str, want: &[(&str, &str, &str)]) {
    let want: Vec<(String, Option<String>, Option<String>)> =
        want.iter().map(|&(q, s, c)| (q.to_string(), Some(s.to_string()), Some(c.to_string()))).collect();
    assert_eq!(quotes(language, text), want, "{language}: {text}");
}

#[test]
fn german_verb_after_and_before_with_a_colon() {
    check("de", "„Die Brücke bleibt bis Freitag gesperrt“, sagte Anna Keller am Dienstag im Rathaus.", &[("„Die Brücke bleibt bis Freitag gesperrt“", "Anna Keller", "sagte")]);
    check("de", "Jonas Weber, der Sprecher des Amtes, erklärte: „Wir prüfen jeden Fall.“", &[("„Wir prüfen jeden Fall.“", "Jonas Weber", "erklärte")]);
}

#[test]
fn french_guillemets_and_compound_verbs() {
    check("fr", "« Le pont restera fermé jusqu'à vendredi », a déclaré la maire Claire Dubois mardi.", &[("« Le pont restera fermé jusqu'à vendredi »", "Claire Dubois", "a déclaré")]);
}

#[test]
fn spanish_italian_portuguese_verbs_after_the_quote() {
    check("es", "«El puente seguirá cerrado hasta el viernes», dijo el alcalde Pablo Ortega.", &[("«El puente seguirá cerrado hasta el viernes»", "Pablo Ortega", "dijo")]);
    check("it", "«Il ponte resterà chiuso fino a venerdì», ha detto il sindaco Marco Bellini.", &[("«Il ponte resterà chiuso fino a venerdì»", "Marco Bellini", "ha detto")]);
    check("pt", "«A ponte vai ficar fechada até sexta-feira», disse o presidente da câmara Rui Nogueira.", &[("«A ponte vai ficar fechada até sexta-feira»", "Rui Nogueira", "disse")]);
}

#[test]
fn polish_low_high_marks() {
    check("pl", "„Most pozostanie zamknięty do piątku” – powiedział burmistrz Tomasz Nowak.", &[("„Most pozostanie zamknięty do piątku”", "Tomasz Nowak", "powiedział")]);
}

#[test]
fn russian_and_ukrainian_dash_after_the_comma() {
    check("ru", "«Мост будет закрыт до пятницы», — заявил мэр Олег Смирнов.", &[("«Мост будет закрыт до пятницы»", "Олег Смирнов", "заявил")]);
    check("uk", "«Міст буде закритий до п'ятниці», — сказав мер Андрій Коваль.", &[("«Міст буде закритий до п'ятниці»", "Андрій Коваль", "сказав")]);
}

#[test]
fn korean_quotative_particle_and_final_verb() {
    check("ko", "김민수 대변인은 \"다리는 금요일까지 폐쇄된다\"고 밝혔다.", &[("\"다리는 금요일까지 폐쇄된다\"", "김민수", "밝혔다")]);
    // No name: the phrase before the subject particle.
    check("ko", "시 대변인은 \"다리는 금요일까지 폐쇄된다\"라고 말했다.", &[("\"다리는 금요일까지 폐쇄된다\"", "시 대변인", "말했다")]);
}

#[test]
fn japanese_corner_brackets_and_speaker_after_the_quote() {
    check("ja", "「橋は金曜日まで閉鎖する」と市長の山田氏は述べた。", &[("「橋は金曜日まで閉鎖する」", "山田", "述べた")]);
    // No name: the words between the particle and the verb, its subject particle off.
    check("ja", "「橋は金曜日まで閉鎖する」と市の担当者が語った。", &[("「橋は金曜日まで閉鎖する」", "市の担当者", "語った")]);
}

#[test]
fn chinese_verb_and_colon_before_the_quote() {
    check("zh", "市长王明表示：“大桥将关闭到周五。”", &[("“大桥将关闭到周五。”", "市长王明", "表示")]);
}

#[test]
fn a_quoted_phrase_with_no_cue_is_no_quote() {
    assert!(quotes("de", "Die Firma nennt das Projekt „Nordlicht“ und plant weiter.").is_empty());
    assert!(quotes("ja", "会社は計画を「北光」と呼んでいる。").is_empty());
}

#[test]
fn a_pronoun_speaks_for_the_person_named_before() {
    check("de", "Anna Keller leitet das Bauamt seit 2019. „Wir öffnen die Brücke am Montag“, sagte sie.", &[("„Wir öffnen die Brücke am Montag“", "Anna Keller", "sagte")]);
    check("ru", "Олег Смирнов возглавляет город с 2020 года. «Мост откроют в понедельник», — сказал он.", &[("«Мост откроют в понедельник»", "Олег Смирнов", "сказал")]);
}

#[test]
fn korean_speaker_is_the_word_with_the_subject_particle_after_an_earlier_quote() {
    // The second quote's speaker phrase starts after the first quote and ends at "관계자는".
    check(
        "ko",
        "\"공사는 다음 달 끝난다\"며 시 관계자는 다리에 대해 \"안전 점검을 마쳤다\"고 밝혔다.",
        &[("\"안전 점검을 마쳤다\"", "시 관계자", "밝혔다")],
    );
}

#[test]
fn korean_quotes_joined_by_an_ending_share_the_cue_and_speaker() {
    check(
        "ko",
        "시 관계자는 \"공사는 다음 달 끝난다\"며 \"안전 점검도 마쳤다\"고 밝혔다.",
        &[("\"공사는 다음 달 끝난다\"", "시 관계자", "밝혔다"), ("\"안전 점검도 마쳤다\"", "시 관계자", "밝혔다")],
    );
}

#[test]
fn japanese_speaker_before_the_quote_and_its_comma() {
    check("ja", "市の担当者は、「橋は金曜日まで閉鎖する」と伝えた。", &[("「橋は金曜日まで閉鎖する」", "市の担当者", "伝えた")]);
}

#[test]
fn bad_input_never_panics() {
    let texts = ["「", "」と", "«»", "„“, sagte", "\"\"고", "a: «", "“”表示：", "「x」と。述べた", "X表示：“", "«Да», —", "「橋。」と述べた。"];
    for lang in ["de", "fr", "es", "it", "pt", "pl", "ru", "uk", "ko", "ja", "zh"] {
        for t in texts {
            for q in quotes(lang, t) {
                assert!(t.contains(&q.0), "{lang}: {t}");
            }
        }
    }
    // A quote ending its sentence before the particle still finds the verb after it.
    check("ja", "「橋は閉鎖する。」と山田氏は述べた。", &[("「橋は閉鎖する。」", "山田", "述べた")]);
}

#[test]
fn a_verb_with_no_subject_speaks_for_the_person_named_before() {
    check("es", "Pablo Ortega visitó el puente el lunes. «Abriremos el viernes», dijo.", &[("«Abriremos el viernes»", "Pablo Ortega", "dijo")]);
    // The pronoun next to the verb wins over a body named after it.
    check("de", "Anna Keller leitet das Bauamt. „Wir öffnen am Montag“, sagte sie der Zeitung Nordkurier.", &[("„Wir öffnen am Montag“", "Anna Keller", "sagte")]);
}

#[test]
fn japanese_speaker_phrase_ends_at_its_subject_particle_before_a_date() {
    check("ja", "市の担当者は3日、「橋は金曜日まで閉鎖する」と語った。", &[("「橋は金曜日まで閉鎖する」", "市の担当者", "語った")]);
}

#[test]
fn a_quote_relayed_by_another_speaker_is_the_first_speakers() {
    // The office said it, the lawmaker relays it: the verb with the particle is the quote's cue.
    check("ko", "시청은 \"다리는 안전하다\"고 설명했다고 김민수 의원은 전했다.", &[("\"다리는 안전하다\"", "시청", "설명했다")]);
}

#[test]
fn ukrainian_impersonal_verb_names_the_report() {
    check("uk", "“Міст відкриють у понеділок”, – йдеться у звіті міськради.", &[("“Міст відкриють у понеділок”", "у звіті міськради", "йдеться")]);
}

#[test]
fn korean_subject_is_the_first_word_with_a_particle() {
    // "추가" only ends like a subject particle.
    check("ko", "시 관계자는 다리 추가 점검에 대해 \"문제가 없다\"고 말했다.", &[("\"문제가 없다\"", "시 관계자", "말했다")]);
}

#[test]
fn chinese_speaker_between_the_quote_and_a_verb_after_it() {
    check("zh", "“谈判将在周五继续。”泽连斯基在社交媒体上写道。", &[("“谈判将在周五继续。”", "Volodymyr Zelensky", "写道")]);
}

#[test]
fn a_quote_left_open_ends_with_its_paragraph() {
    let got = quotes("fr", "« Le pont est fermé, a dit le maire.\n\n« Nous rouvrirons lundi », a déclaré Claire Dubois.");
    assert_eq!(got, [("« Nous rouvrirons lundi »".to_string(), Some("Claire Dubois".to_string()), Some("a déclaré".to_string()))]);
}

#[test]
fn an_unspaced_speaker_phrase_ends_before_a_preposition() {
    check("zh", "“大桥将在周五开放。”王明在社交媒体上写道。", &[("“大桥将在周五开放。”", "王明", "写道")]);
    check("ja", "「橋は金曜日に開く」と市の担当者が会見で語った。", &[("「橋は金曜日に開く」", "市の担当者", "語った")]);
}

proptest::proptest! {
    /// Any mix of marks, particles, verbs and punctuation, in any pack
    /// language: no panic, and every quote is text of the input.
    #[test]
    fn any_text_in_any_language_is_safe(
        text in "[„“”«»「」『』\"'‘’:：,，、。.—– \\n a-zé한と고며은は表示述べたsagtesaid]{0,60}",
        lang in proptest::sample::select(vec!["de", "fr", "es", "it", "pt", "pl", "ru", "uk", "ko", "ja", "zh"]),
    ) {
        for (q, _, _) in quotes(lang, &text) {
            proptest::prop_assert!(text.contains(&q));
        }
    }
}
