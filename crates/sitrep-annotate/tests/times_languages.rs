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

#[test]
fn korean_dates_with_year_month_and_day_marks() {
    check("ko", "2025-03-14", "정부는 2024년 11월 3일 새 법을 시행했다.", &[("2024년 11월 3일", "2024-11-03", "date")]);
    check("ko", "2025-03-14", "공장은 2023년 5월에 문을 닫았다.", &[("2023년 5월", "2023-05", "month")]);
    check("ko", "2025-03-14", "시장은 12일 기자들과 만났다.", &[("12일", "2025-03-12", "date")]);
    check("ko", "2025-03-14", "장관은 지난 20일 사임했다.", &[("지난 20일", "2025-02-20", "date")]);
    check("ko", "2025-03-14", "작년 10월 홍수가 났다.", &[("작년 10월", "2024-10", "month")]);
}

#[test]
fn korean_relative_days_weeks_and_weekdays() {
    check("ko", "2025-03-14", "회담은 어제 끝났다.", &[("어제", "2025-03-13", "date")]);
    check("ko", "2025-03-14", "다리는 3일 전 무너졌다.", &[("3일 전", "2025-03-11", "date")]);
    check("ko", "2025-03-14", "위원회는 지난주 보고서를 냈다.", &[("지난주", "2025-W10", "week")]);
    check("ko", "2025-03-14", "의회는 지난달부터 휴회 중이다.", &[("지난달", "2025-02", "month")]);
    check("ko", "2025-03-14", "선거는 올해 치러진다.", &[("올해", "2025", "year")]);
    check("ko", "2025-03-14", "그는 화요일에 도착했다.", &[("화요일", "2025-03-11", "date")]);
}

#[test]
fn japanese_dates_written_without_spaces() {
    check("ja", "2025-03-14", "新しい橋は2024年11月3日に開通した。", &[("2024年11月3日", "2024-11-03", "date")]);
    check("ja", "2025-03-14", "工場は十一月五日に再開した。", &[("十一月五日", "2024-11-05", "date")]);
    check("ja", "2025-03-14", "知事は12日の会見で述べた。", &[("12日", "2025-03-12", "date")]);
    check("ja", "2025-03-14", "ダムは3日前に決壊した。", &[("3日前", "2025-03-11", "date")]);
    check("ja", "2025-03-14", "市長は昨日辞任した。", &[("昨日", "2025-03-13", "date")]);
    check("ja", "2025-03-14", "会議は先週開かれた。", &[("先週", "2025-W10", "week")]);
    check("ja", "2025-03-14", "昨年10月に選挙があった。", &[("昨年10月", "2024-10", "month")]);
    check("ja", "2025-03-14", "店は月曜日に閉まった。", &[("月曜日", "2025-03-10", "date")]);
}

#[test]
fn chinese_dates_written_without_spaces() {
    check("zh", "2025-03-14", "大桥于2024年11月3日通车。", &[("2024年11月3日", "2024-11-03", "date")]);
    check("zh", "2025-03-14", "工厂在11月3号复工。", &[("11月3号", "2024-11-03", "date")]);
    check("zh", "2025-03-14", "市长昨天辞职。", &[("昨天", "2025-03-13", "date")]);
    check("zh", "2025-03-14", "水坝在三天前决堤。", &[("三天前", "2025-03-11", "date")]);
    check("zh", "2025-03-14", "会议上周举行。", &[("上周", "2025-W10", "week")]);
    check("zh", "2025-03-14", "去年，选举推迟了。", &[("去年", "2024", "year")]);
    check("zh", "2025-03-14", "今年4月，港口重开。", &[("今年4月", "2025-04", "month")]);
    check("zh", "2025-03-14", "部长星期一抵达。", &[("星期一", "2025-03-10", "date")]);
}

#[test]
fn english_words_in_a_cjk_page_are_read_as_english() {
    check("ja", "2025-03-14", "Posted March 12, 2025 記事", &[("March 12, 2025", "2025-03-12", "date")]);
}

#[test]
fn a_cue_of_ago_before_the_length() {
    check("de", "2025-03-14", "Die Brücke stürzte vor 3 Tagen ein.", &[("vor 3 Tagen", "2025-03-11", "date")]);
    check("fr", "2025-03-14", "Le barrage a cédé il y a 2 semaines.", &[("il y a 2 semaines", "2025-W09", "week")]);
    check("es", "2025-03-14", "La fábrica cerró hace tres meses.", &[("hace tres meses", "2024-12", "month")]);
    check("pt", "2025-03-14", "O porto fechou há 5 dias.", &[("há 5 dias", "2025-03-09", "date")]);
}

#[test]
fn a_cue_of_last_or_next_after_the_weekday_or_unit() {
    check("fr", "2025-03-14", "Le vote a eu lieu lundi dernier.", &[("lundi dernier", "2025-03-10", "date")]);
    check("fr", "2025-03-14", "Les prix ont baissé le mois dernier.", &[("mois dernier", "2025-02", "month")]);
    check("es", "2025-03-14", "El juez habló el martes pasado.", &[("martes pasado", "2025-03-11", "date")]);
    check("it", "2025-03-14", "Il ponte ha riaperto lunedì scorso.", &[("lunedì scorso", "2025-03-10", "date")]);
    check("pt", "2025-03-14", "A greve começou na segunda-feira passada.", &[("segunda-feira passada", "2025-03-10", "date")]);
    check("pt", "2025-03-14", "O acordo foi assinado no ano passado.", &[("ano passado", "2024", "year")]);
    check("de", "2025-03-14", "Der Rat tagte vergangenen Montag.", &[("vergangenen Montag", "2025-03-03", "date")]);
}

#[test]
fn a_day_with_a_dot_since_with_an_article_and_long_words() {
    check("de", "2025-03-14", "Die Wahl war am 3. März 2025.", &[("3. März 2025", "2025-03-03", "date")]);
    check("fr", "2025-10-01", "Les loyers montent depuis le 20 novembre.", &[("20 novembre", "2024-11-20", "date")]);
    check("ru", "2025-03-14", "Совет собрался в понедельник.", &[("понедельник", "2025-03-10", "date")]);
}

#[test]
fn a_two_digit_year_is_read_around_the_year_of_publication() {
    check("en", "2024-05-01", "The treaty was signed on 3/18/49 in Washington.", &[("3/18/49", "1949-03-18", "date")]);
    check("en", "1998-05-01", "The lease runs out on 3/18/49.", &[("3/18/49", "1949-03-18", "date")]);
    check("en", "1998-05-01", "The lease runs out on 3/18/15.", &[("3/18/15", "2015-03-18", "date")]);
}

#[test]
fn abbreviated_weekdays_and_numbers_sharing_a_date_mark_in_a_range() {
    check("en", "2025-03-14", "The desk was staffed from tue to thur.", &[("from tue to thur", "2025-03-11/2025-03-13", "period")]);
    check("en", "2025-03-14", "Stock rose between Mon. and Thu. on light volume.", &[("between Mon. and Thu.", "2025-03-10/2025-03-13", "period")]);
    check("ko", "2025-03-14", "파업은 1∼2월 이어졌다.", &[("1∼2월", "2025-01-01/2025-02-28", "period")]);
}

#[test]
fn odd_text_in_any_language_reads_without_a_panic() {
    let pieces = [
        "年", "月", "日", "号", "前", "後", "十", "十十", "二〇二四〇〇", "〇", "３", "１２３４５６７８９０１２", "일에", "월", "년", "전", "지난", "∼", "～", "-", "-feira", "3.", ". ", "il y a", "vor", "dernier", "星期", "周一", "上个月", "9", "31", "2024",
    ];
    // Every sequence of three pieces, glued or spaced, in every language.
    for language in ["en", "de", "fr", "es", "pt", "it", "ja", "ko", "zh", "ru"] {
        for a in pieces {
            for b in pieces {
                for c in ["", " ", "年", "月", "日"] {
                    for text in [format!("{a}{b}{c}"), format!("{a} {b} {c}"), format!("{c}{a}{b}")] {
                        for t in times::find_in(&text, &sentences::split(&text), Some("2025-03-14"), Some(language)) {
                            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end) && t.start < t.end, "{language}: {text}");
                        }
                    }
                }
            }
        }
    }
}
