//! Languages without a hand-written pack read their figures with the
//! generic CLDR pack (`data/lang/cldr/numbers.tsv`): their digit groups and
//! decimal comma, compact scale words ("mld.", "mia."), currency names and
//! signs, and bounds. The sentences are our own.

use sitrep_annotate::{quantities, sentences};
use sitrep_core::Bound;

/// A sentence, its language, and each quantity it states: span, value,
/// unit and bound.
type Case = (&'static str, &'static str, &'static [(&'static str, f64, Option<&'static str>, Bound)]);

const CASES: &[Case] = &[
    ("nl", "Ongeveer 12.000 soldaten zijn naar het noorden gestuurd. Het kabinet trekt 2,3 miljard euro uit en meer dan 4.500 mensen moesten vluchten.", &[
        ("Ongeveer 12.000", 12_000.0, None, Bound::Approx),
        ("2,3 miljard euro", 2.3e9, Some("EUR"), Bound::Exact),
        ("meer dan 4.500", 4_500.0, None, Bound::AtLeast),
    ]),
    ("da", "Regeringen bruger 1,5 mia. kroner på nye fly, og omkring 3.200 soldater er sendt mod nord.", &[
        ("1,5 mia. kroner", 1.5e9, Some("DKK"), Bound::Exact),
        ("omkring 3.200", 3_200.0, None, Bound::Approx),
    ]),
    ("cs", "Přibližně 12 000 vojáků se přesunulo k hranici. Vláda vyčlenila 3,5 mld. korun a nejméně 800 lidí muselo opustit domovy.", &[
        ("Přibližně 12 000", 12_000.0, None, Bound::Approx),
        ("3,5 mld. korun", 3.5e9, Some("CZK"), Bound::Exact),
        ("nejméně 800", 800.0, None, Bound::AtLeast),
    ]),
    ("fi", "Rajalle on siirretty noin 12 000 sotilasta. Hallitus myönsi 1,2 miljardia euroa, ja vähintään 300 ihmistä joutui lähtemään.", &[
        ("noin 12 000", 12_000.0, None, Bound::Approx),
        ("1,2 miljardia euroa", 1.2e9, Some("EUR"), Bound::Exact),
        ("vähintään 300", 300.0, None, Bound::AtLeast),
    ]),
    ("bg", "Около 12 000 войници бяха изпратени на границата. Правителството отпусна 2,4 млрд. евро, а над 900 души бяха евакуирани.", &[
        ("Около 12 000", 12_000.0, None, Bound::Approx),
        ("2,4 млрд. евро", 2.4e9, Some("EUR"), Bound::Exact),
        ("над 900", 900.0, None, Bound::AtLeast),
    ]),
    ("sv", "Omkring 12 000 soldater har skickats till gränsen. Regeringen satsar 4,5 miljarder kronor och minst 600 personer har evakuerats.", &[
        ("Omkring 12 000", 12_000.0, None, Bound::Approx),
        ("4,5 miljarder kronor", 4.5e9, Some("SEK"), Bound::Exact),
        ("minst 600", 600.0, None, Bound::AtLeast),
    ]),
    ("ro", "Aproximativ 12.000 de soldați au fost trimiși la graniță, iar peste 500 de persoane au fost evacuate.", &[
        ("Aproximativ 12.000", 12_000.0, None, Bound::Approx),
        ("peste 500", 500.0, None, Bound::AtLeast),
    ]),
    ("id", "Sekitar 12.000 tentara dikirim ke perbatasan. Pemerintah menyiapkan Rp 3,5 triliun dan lebih dari 2.000 warga mengungsi.", &[
        ("Sekitar 12.000", 12_000.0, None, Bound::Approx),
        ("Rp 3,5 triliun", 3.5e12, Some("IDR"), Bound::Exact),
        ("lebih dari 2.000", 2_000.0, None, Bound::AtLeast),
    ]),
    ("tr", "Sınıra yaklaşık 12.000 asker gönderildi. Hükümet 4,5 milyar lira ayırdı ve en az 1.500 kişi tahliye edildi.", &[
        ("yaklaşık 12.000", 12_000.0, None, Bound::Approx),
        ("4,5 milyar lira", 4.5e9, Some("TRY"), Bound::Exact),
        ("en az 1.500", 1_500.0, None, Bound::AtLeast),
    ]),
    ("el", "Περίπου 12.000 στρατιώτες στάλθηκαν στα σύνορα. Η κυβέρνηση διέθεσε 1,2 δισ. ευρώ και τουλάχιστον 400 άνθρωποι απομακρύνθηκαν.", &[
        ("Περίπου 12.000", 12_000.0, None, Bound::Approx),
        ("1,2 δισ. ευρώ", 1.2e9, Some("EUR"), Bound::Exact),
        ("τουλάχιστον 400", 400.0, None, Bound::AtLeast),
    ]),
    ("hu", "Mintegy 12 000 katonát vezényeltek a határra, és legalább 700 embert kellett kitelepíteni.", &[
        ("Mintegy 12 000", 12_000.0, None, Bound::Approx),
        ("legalább 700", 700.0, None, Bound::AtLeast),
    ]),
    ("vi", "Khoảng 12.000 binh sĩ đã được điều đến biên giới và ít nhất 300 người phải sơ tán.", &[
        ("Khoảng 12.000", 12_000.0, None, Bound::Approx),
        ("ít nhất 300", 300.0, None, Bound::AtLeast),
    ]),
    // Danish "billion" is 10^12 (CLDR's long scale), not the English 10^9.
    ("da", "Gælden er steget til 2 billioner kroner.", &[("2 billioner kroner", 2e12, Some("DKK"), Bound::Exact)]),
];

#[test]
fn figures_of_generic_pack_languages() {
    for (lang, text, want) in CASES {
        let qs = quantities::find_in(text, &sentences::split(text), Some(lang));
        let got: Vec<_> = qs.iter().map(|q| (q.text.as_str(), q.value, q.unit.as_deref(), q.bound)).collect();
        assert_eq!(got.len(), want.len(), "{lang}: {text}: {got:?}");
        for ((span, value, unit, bound), (w_span, w_value, w_unit, w_bound)) in got.iter().zip(want.iter()) {
            assert_eq!((*span, *bound), (*w_span, *w_bound), "{lang}: {text}");
            assert!(value.is_some_and(|v| (v - w_value).abs() < 1e-6 * w_value), "{lang}: {span}: {value:?}");
            // The unit is checked where the sentence names money.
            if w_unit.is_some() {
                assert_eq!(unit, w_unit, "{lang}: {span}");
            }
        }
    }
}

#[test]
fn the_same_text_in_english_reads_no_generic_words() {
    // "mia." and "kroner" are Danish: an English text does not read them.
    let text = "The fund holds 1,5 mia. kroner.";
    let qs = quantities::find_in(text, &sentences::split(text), Some("en"));
    assert!(qs.iter().all(|q| q.unit.as_deref() != Some("DKK") && q.value != Some(1.5e9)), "{qs:?}");
}
