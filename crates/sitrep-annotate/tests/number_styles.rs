//! Every language's number styles read back: a number written the way a
//! pack language writes it — its digit groups and decimal comma, its scale
//! words and CJK counters (만, 万, 億), its bound words before or after the
//! figure, its ranges — gives the quantities finder the value, bound and
//! range it was written from. The bound, range and scale words are those
//! of `data/quantities/`; the sentences around them are ours.

mod common;

use common::grouped;
use proptest::prelude::*;
use sitrep_annotate::{quantities, sentences};
use sitrep_core::{Bound, Quantity};

/// The quantities of `text` read as language `lang`.
fn find(text: &str, lang: &str) -> Vec<Quantity> {
    quantities::find_in(text, &sentences::split(text), Some(lang))
}

/// The one quantity of `text`, or a failure naming what was found.
fn one(text: &str, lang: &str) -> Result<Quantity, TestCaseError> {
    let qs = find(text, lang);
    match &qs[..] {
        [q] => Ok(q.clone()),
        _ => Err(TestCaseError::fail(format!("{text} ({lang}): {qs:?}"))),
    }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= 1e-6 * b.abs().max(1.0))
}


/// How each pack language writes a count of soldiers: its code, the
/// separators its digit groups take, and the text around the figure
/// (`{}` stands for it).
const COUNTS: &[(&str, &[&str], &str)] = &[
    ("de", &["."], "Die Armee schickte {} Soldaten an die Front."),
    ("fr", &[" ", "\u{a0}", "\u{202f}"], "L'armée a envoyé {} soldats au front."),
    ("es", &["."], "El ejército envió {} soldados al frente."),
    ("it", &["."], "L'esercito ha inviato {} soldati al fronte."),
    ("pt", &["."], "O exército enviou {} soldados para a frente."),
    ("pl", &[" ", "\u{a0}"], "Armia wysłała {} żołnierzy na front."),
    ("ru", &[" ", "\u{a0}"], "Армия отправила {} военнослужащих на фронт."),
    ("uk", &[" ", "\u{a0}"], "Армія відправила {} осіб на фронт."),
    ("ko", &[","], "군은 병력 {}명을 전선에 보냈다."),
    ("ja", &[","], "軍は兵士{}人を前線に送った。"),
    ("zh", &[","], "军方向前线派遣了{}名士兵。"),
];

/// Bound words before (`{}` after them) or after the figure, per language,
/// with the bound they give.
const BOUNDS: &[(&str, &str, Bound)] = &[
    ("de", "über {} Soldaten", Bound::AtLeast),
    ("de", "mindestens {} Soldaten", Bound::AtLeast),
    ("de", "bis zu {} Soldaten", Bound::AtMost),
    ("de", "weniger als {} Soldaten", Bound::AtMost),
    ("de", "rund {} Soldaten", Bound::Approx),
    ("fr", "plus de {} soldats", Bound::AtLeast),
    ("fr", "jusqu'à {} soldats", Bound::AtMost),
    ("fr", "près de {} soldats", Bound::Approx),
    ("fr", "environ {} soldats", Bound::Approx),
    ("es", "más de {} soldados", Bound::AtLeast),
    ("es", "hasta {} soldados", Bound::AtMost),
    ("es", "unos {} soldados", Bound::Approx),
    ("it", "oltre {} soldati", Bound::AtLeast),
    ("it", "fino a {} soldati", Bound::AtMost),
    ("it", "circa {} soldati", Bound::Approx),
    ("pt", "mais de {} soldados", Bound::AtLeast),
    ("pt", "até {} soldados", Bound::AtMost),
    ("pt", "cerca de {} soldados", Bound::Approx),
    ("pl", "ponad {} żołnierzy", Bound::AtLeast),
    ("pl", "około {} żołnierzy", Bound::Approx),
    ("ru", "более {} военных", Bound::AtLeast),
    ("ru", "до {} военных", Bound::AtMost),
    ("ru", "около {} военных", Bound::Approx),
    ("uk", "понад {} осіб", Bound::AtLeast),
    ("uk", "не менше {} осіб", Bound::AtLeast),
    ("uk", "не більше {} осіб", Bound::AtMost),
    ("uk", "близько {} осіб", Bound::Approx),
    ("ko", "최소 {}명", Bound::AtLeast),
    ("ko", "최대 {}명", Bound::AtMost),
    ("ko", "약 {}명", Bound::Approx),
    ("ko", "{}명 이상", Bound::AtLeast),
    ("ko", "{}명 가까이", Bound::Approx),
    ("ja", "少なくとも{}人", Bound::AtLeast),
    ("ja", "約{}人", Bound::Approx),
    ("ja", "{}人以上", Bound::AtLeast),
    ("ja", "{}人余り", Bound::AtLeast),
    ("zh", "超过{}名士兵", Bound::AtLeast),
    ("zh", "约{}名士兵", Bound::Approx),
    ("zh", "{}多人", Bound::AtLeast),
    ("zh", "{}人左右", Bound::Approx),
];

/// Ranges per language: `{a}` and `{b}` are the two figures, written with
/// the language's digit groups.
const RANGES: &[(&str, &str, &str)] = &[
    ("de", ".", "{a} bis {b} Soldaten"),
    ("de", ".", "zwischen {a} und {b} Soldaten"),
    ("fr", " ", "entre {a} et {b} soldats"),
    ("fr", "\u{a0}", "{a}–{b} soldats"),
    ("es", ".", "entre {a} y {b} soldados"),
    ("it", ".", "tra {a} e {b} soldati"),
    ("pt", ".", "entre {a} e {b} soldados"),
    ("pl", " ", "od {a} do {b} żołnierzy"),
    ("ru", " ", "от {a} до {b} военных"),
    ("uk", " ", "від {a} до {b} осіб"),
    ("ko", ",", "{a}~{b}명"),
    ("ja", ",", "{a}~{b}人"),
];

/// A decimal comma before a scale word, per language, with the scale.
const SCALES: &[(&str, &str, f64)] = &[
    ("de", "{} Millionen Menschen", 1e6),
    ("de", "{} Milliarden Euro", 1e9),
    ("fr", "{} millions de personnes", 1e6),
    ("fr", "{} milliards d'euros", 1e9),
    ("es", "{} millones de personas", 1e6),
    ("it", "{} milioni di persone", 1e6),
    ("it", "{} miliardi di euro", 1e9),
    ("pt", "{} milhões de pessoas", 1e6),
    ("pt", "{} bilhões de reais", 1e9),
    ("pl", "{} mln osób", 1e6),
    ("pl", "{} tys. żołnierzy", 1e3),
    ("ru", "{} млн человек", 1e6),
    ("ru", "{} тысяч военных", 1e3),
    ("ru", "{} млрд рублей", 1e9),
    ("uk", "{} тисяч осіб", 1e3),
    ("uk", "{} млн осіб", 1e6),
];

proptest! {
    #[test]
    fn digit_groups_of_every_pack_read_back(n in 1_000u64..1_000_000_000, which in 0usize..COUNTS.len(), sep in 0usize..3) {
        let (lang, seps, around) = COUNTS[which];
        let text = around.replace("{}", &grouped(n, seps[sep % seps.len()]));
        let q = one(&text, lang)?;
        prop_assert!(close(q.value, n as f64) && q.bound == Bound::Exact, "{text} ({lang}): {q:?}");
        prop_assert_eq!(q.unit.as_deref(), Some("person"), "{} ({})", text, lang);
    }

    #[test]
    fn bound_words_of_every_pack_read_back(n in 1_000u64..1_000_000, which in 0usize..BOUNDS.len()) {
        let (lang, phrase, bound) = BOUNDS[which];
        let sep = COUNTS.iter().find(|c| c.0 == lang).map_or(",", |c| c.1[0]);
        let text = phrase.replace("{}", &grouped(n, sep));
        let q = one(&text, lang)?;
        prop_assert!(close(q.value, n as f64), "{text} ({lang}): {q:?}");
        prop_assert_eq!(q.bound, bound, "{} ({})", text, lang);
        match bound {
            Bound::AtLeast => prop_assert!(close(q.low, n as f64) && q.high.is_none(), "{text}: {q:?}"),
            Bound::AtMost => prop_assert!(close(q.high, n as f64) && q.low.is_none(), "{text}: {q:?}"),
            _ => {}
        }
    }

    #[test]
    fn ranges_of_every_pack_read_back(a in 1_000u64..500_000, d in 1_000u64..500_000, which in 0usize..RANGES.len()) {
        let (lang, sep, phrase) = RANGES[which];
        let b = a + d;
        let text = phrase.replace("{a}", &grouped(a, sep)).replace("{b}", &grouped(b, sep));
        let q = one(&text, lang)?;
        prop_assert_eq!(q.bound, Bound::Range, "{} ({}): {:?}", text, lang, q);
        prop_assert!(close(q.low, a as f64) && close(q.high, b as f64), "{text} ({lang}): {q:?}");
    }

    #[test]
    fn decimal_commas_before_scale_words_read_back(whole in 1u64..1000, tenth in 1u64..10, which in 0usize..SCALES.len()) {
        let (lang, phrase, scale) = SCALES[which];
        let text = phrase.replace("{}", &format!("{whole},{tenth}"));
        let q = one(&text, lang)?;
        prop_assert!(close(q.value, (whole as f64 + tenth as f64 / 10.0) * scale), "{text} ({lang}): {q:?}");
    }

    #[test]
    fn korean_myriads_and_thousands_read_back(man in 1u64..10_000, cheon in 0u64..10, rest in 0u64..1000, style in 0usize..3) {
        // "1만 1천명", "1만1천명", "1만 1200명": a myriad, then thousands by
        // their word or the rest in digits.
        let (text, n) = match style {
            0 if cheon > 0 => (format!("병력 {man}만 {cheon}천명이 있다."), man * 10_000 + cheon * 1000),
            1 if cheon > 0 => (format!("병력 {man}만{cheon}천명이 있다."), man * 10_000 + cheon * 1000),
            2 if rest > 0 => (format!("병력 {man}만 {}명이 있다.", cheon * 1000 + rest), man * 10_000 + cheon * 1000 + rest),
            _ => (format!("병력 {man}만명이 있다."), man * 10_000),
        };
        let q = one(&text, "ko")?;
        prop_assert!(close(q.value, n as f64), "{text}: {q:?}");
        prop_assert_eq!(q.unit.as_deref(), Some("person"));
    }

    #[test]
    fn japanese_and_chinese_large_counters_read_back(oku in 1u64..100, man in 0u64..10_000, lang in prop::sample::select(vec!["ja", "zh"])) {
        // "3億5000万", "3亿5000万": hundred millions, then myriads.
        let (oku_char, text_of) = if lang == "ja" { ("億", "予算は{}円だった。") } else { ("亿", "预算为{}元。") };
        let written = if man > 0 { format!("{oku}{oku_char}{man}万") } else { format!("{oku}{oku_char}") };
        let text = text_of.replace("{}", &written);
        let q = one(&text, lang)?;
        prop_assert!(close(q.value, (oku * 100_000_000 + man * 10_000) as f64), "{text}: {q:?}");
    }
}

/// A sum in each pack language's currency words, with the ISO code.
const MONEY: &[(&str, &str, &str)] = &[
    ("de", "Sie erhalten {} US-Dollar im Monat.", "USD"),
    ("de", "Das kostet {} Rubel.", "RUB"),
    ("fr", "Ils reçoivent {} dollars américains.", "USD"),
    ("es", "Reciben {} dólares al mes.", "USD"),
    ("it", "Ricevono {} dollari al mese.", "USD"),
    ("pt", "Recebem {} dólares por mês.", "USD"),
    ("pl", "Otrzymują {} dolarów miesięcznie.", "USD"),
    ("pl", "Kosztuje to {} złotych.", "PLN"),
    ("ru", "Они получают {} долларов в месяц.", "USD"),
    ("ru", "Это стоит {} рублей.", "RUB"),
    ("uk", "Вони отримують {} доларів на місяць.", "USD"),
    ("uk", "Це коштує {} гривень.", "UAH"),
    ("ko", "매달 {}달러를 받는다.", "USD"),
    ("ko", "가격은 {}원이다.", "KRW"),
    ("ja", "月に{}ドルを受け取る。", "USD"),
    ("ja", "価格は{}円だ。", "JPY"),
    ("zh", "每月领取{}美元。", "USD"),
    ("zh", "价格为{}元。", "CNY"),
];

proptest! {
    #[test]
    fn currency_words_of_every_pack_read_back(n in 2u64..1_000_000, which in 0usize..MONEY.len()) {
        let (lang, phrase, code) = MONEY[which];
        let sep = COUNTS.iter().find(|c| c.0 == lang).map_or(",", |c| c.1[0]);
        let text = phrase.replace("{}", &grouped(n, sep));
        let q = one(&text, lang)?;
        prop_assert!(close(q.value, n as f64), "{text} ({lang}): {q:?}");
        prop_assert_eq!(q.unit.as_deref(), Some(code), "{} ({})", text, lang);
    }
}

/// Number words of other languages before a scale word or glued to it,
/// per language: the text and the value it states.
#[test]
fn number_words_of_other_languages_read_back() {
    let cases = [
        ("de", "Bis zu dreitausend Soldaten kamen an.", 3000.0),
        ("de", "Es waren zehntausend Menschen.", 10_000.0),
        ("de", "Sie zahlten drei Millionen Euro.", 3e6),
        ("fr", "Environ trois mille soldats sont arrivés.", 3000.0),
        ("es", "Llegaron casi medio millón de personas.", 500_000.0),
        ("es", "Llegaron tres mil soldados.", 3000.0),
        ("it", "Sono arrivati almeno tremila soldati.", 3000.0),
        ("pt", "Chegaram três mil soldados.", 3000.0),
        ("pl", "Przybyło trzy tysiące żołnierzy.", 3000.0),
        ("ru", "Прибыли около трёх тысяч военных.", 3000.0),
        ("uk", "Прибули близько чотирьох тисяч військових.", 4000.0),
        ("is", "Þangað komu yfir þrjú þúsund hermenn.", 3000.0),
    ];
    for (lang, text, value) in cases {
        let qs = find(text, lang);
        assert!(qs.len() == 1 && close(qs[0].value, value), "{text} ({lang}): {qs:?}");
    }
    // "medio" alone is no figure ("en medio de"), nor a number word of another language.
    assert!(find("Quedaron en medio de la ciudad.", "es").is_empty());
    assert!(find("Sie kamen mit drei Freunden.", "fr").is_empty());
}

#[test]
fn a_scaled_range_after_a_capitalised_word_is_an_amount() {
    let text = "Rosja ma dostarczać Korei Północnej 600-700 tys. ton zboża rocznie.";
    let qs = find(text, "pl");
    assert!(qs.len() == 1 && close(qs[0].low, 600_000.0) && close(qs[0].high, 700_000.0), "{qs:?}");
    let text = "Linie kupiły samoloty Boeing 737-800 w zeszłym roku.";
    assert!(find(text, "pl").iter().all(|q| q.low.is_none()), "a model stays a model");
}
