//! Quantity finding: a table of phrases with the fields they must give
//! (`tests/fixtures/quantities/phrases.jsonl`), round trips of numbers
//! formatted in every supported style, and no panics on any input.

mod common;

use common::grouped;
use proptest::prelude::*;
use serde_json::Value;
use sitrep_annotate::{quantities, sentences};
use sitrep_core::Quantity;

fn find(text: &str) -> Vec<Quantity> {
    quantities::find(text, &sentences::split(text))
}

/// Every case lists all the quantities its text must give, in order; each
/// expected object names only the fields it checks (`null` checks for null).
/// A case may name the text's `language` (ISO 639-1).
#[test]
fn phrase_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/quantities/phrases.jsonl");
    let data = std::fs::read_to_string(path).expect("fixture file");
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("fixture line is JSON");
        let text = case["text"].as_str().expect("text");
        let found = quantities::find_in(text, &sentences::split(text), case["language"].as_str());
        let expect = case["expect"].as_array().expect("expect");
        let got: Vec<Value> = found.iter().map(|q| serde_json::to_value(q).unwrap()).collect();
        if got.len() != expect.len() {
            failures.push(format!("{text}\n  expected {} quantities, got {:?}", expect.len(), found.iter().map(|q| &q.text).collect::<Vec<_>>()));
            continue;
        }
        for (e, g) in expect.iter().zip(&got) {
            for (key, want) in e.as_object().unwrap() {
                checked += 1;
                let have = &g[key];
                let same = match (want.as_f64(), have.as_f64()) {
                    (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                    _ => want == have,
                };
                if !same {
                    failures.push(format!("{text}\n  {}: {key} = {have}, expected {want}", g["text"]));
                }
            }
        }
    }
    assert!(checked > 150, "the table checks {checked} fields");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn offsets_point_at_the_text_in_order_without_overlap() {
    let text = "Über 3.000 Soldaten — up to 12,000 troops, €5 and ½ of them; 10–12 km.";
    let qs = find(text);
    assert!(qs.len() >= 4, "{qs:#?}");
    for w in qs.windows(2) {
        assert!(w[0].end <= w[1].start, "{w:#?}");
    }
    for q in &qs {
        assert_eq!(&text[q.start..q.end], q.text);
    }
}


fn words(n: u64) -> String {
    const SMALL: [&str; 20] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];
    const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    fn below_thousand(n: u64) -> String {
        let mut parts = Vec::new();
        if n >= 100 {
            parts.push(format!("{} hundred", SMALL[(n / 100) as usize]));
        }
        let r = n % 100;
        if r > 0 {
            let s = if r < 20 {
                SMALL[r as usize].to_string()
            } else if r.is_multiple_of(10) {
                TENS[(r / 10) as usize].to_string()
            } else {
                format!("{}-{}", TENS[(r / 10) as usize], SMALL[(r % 10) as usize])
            };
            if n >= 100 {
                parts.push(format!("and {s}"));
            } else {
                parts.push(s);
            }
        }
        parts.join(" ")
    }
    if n == 0 {
        return "zero".into();
    }
    let (th, rest) = (n / 1000, n % 1000);
    match (th, rest) {
        (0, r) => below_thousand(r),
        (t, 0) => format!("{} thousand", below_thousand(t)),
        (t, r) => format!("{} thousand {}", below_thousand(t), below_thousand(r)),
    }
}

fn the_one(text: &str) -> Quantity {
    let qs = find(text);
    assert_eq!(qs.len(), 1, "{text}: {qs:#?}");
    qs.into_iter().next().unwrap()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= 1e-9 * b.abs().max(1.0))
}

#[test]
fn a_single_dot_group_is_a_decimal() {
    let q = the_one("Officials counted 1.234 vehicles.");
    assert!(close(q.value, 1.234), "{q:?}");
    let q = the_one("Officials counted 1.234.567 vehicles.");
    assert!(close(q.value, 1_234_567.0), "{q:?}");
}

proptest! {
    #[test]
    fn grouped_numbers_read_back(n in 1_000u64..1_000_000_000, sep in prop::sample::select(vec![",", ".", " ", "\u{2009}"])) {
        // One dot group ("1.234") is an English decimal by convention (see
        // `a_single_dot_group_is_a_decimal`); dot grouping needs two groups.
        prop_assume!(sep != "." || n >= 1_000_000);
        let s = grouped(n, sep);
        let text = format!("Officials counted {s} vehicles.");
        let q = the_one(&text);
        prop_assert!(close(q.value, n as f64), "{text}: {q:?}");
        prop_assert_eq!(q.text, s);
    }

    #[test]
    fn decimal_commas_read_back(whole in 0u64..1000, frac in 1u64..100) {
        let text = format!("Support stood at {whole},{frac} per cent.");
        let q = the_one(&text);
        let want: f64 = format!("{whole}.{frac}").parse().unwrap();
        prop_assert!(close(q.value, want), "{text}: {q:?}");
        prop_assert_eq!(q.unit.as_deref(), Some("percent"));
    }

    #[test]
    fn spelled_numbers_read_back(n in 1u64..1_000_000) {
        let w = words(n);
        let text = format!("They saw {w} birds.");
        let q = the_one(&text);
        prop_assert!(close(q.value, n as f64), "{text}: {q:?}");
        prop_assert_eq!(q.text, w);
    }

    #[test]
    fn scaled_numbers_read_back(whole in 1u64..1000, tenths in 0u64..10, scale in prop::sample::select(vec![("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)])) {
        let text = format!("The plan needs {whole}.{tenths} {} tons of steel.", scale.0);
        let q = the_one(&text);
        let want = (whole as f64 + tenths as f64 / 10.0) * scale.1;
        prop_assert!(close(q.value, want), "{text}: {q:?}");
        prop_assert_eq!(q.unit.as_deref(), Some("t"));
    }

    #[test]
    fn money_reads_back(n in 1u64..10_000_000, cur in prop::sample::select(vec![("$", "", "USD"), ("€", "", "EUR"), ("£", "", "GBP"), ("", " yen", "JPY"), ("", " rubles", "RUB"), ("₩", "", "KRW"), ("USD ", "", "USD")])) {
        let text = format!("The bill came to {}{}{} in all.", cur.0, grouped(n, ","), cur.1);
        let q = the_one(&text);
        prop_assert!(close(q.value, n as f64), "{text}: {q:?}");
        prop_assert_eq!(q.unit.as_deref(), Some(cur.2));
        prop_assert_eq!(q.kind.as_str(), "money");
    }

    #[test]
    fn hyphenated_scales_read_back(n in 2u64..100, rest in 1u64..100, scale in prop::sample::select(vec![("hundred", 100u64), ("thousand", 1000)])) {
        let text = format!("Officials said {n}-{} more arrived.", scale.0);
        let q = the_one(&text);
        prop_assert!(close(q.value, (n * scale.1) as f64), "{text}: {q:?}");
        // Words, a hyphenated scale and digits: "four-thousand-100".
        let text = format!("Another {}-thousand-{rest} were hurt.", words(n));
        let q = the_one(&text);
        prop_assert!(close(q.value, (n * 1000 + rest) as f64), "{text}: {q:?}");
    }

    #[test]
    fn scientific_notation_reads_back(mantissa in 1u64..1000, exp in 2i32..30, style in 0usize..3) {
        const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
        let m = mantissa as f64 / 100.0;
        let written = match style {
            0 => format!("{m}e{exp}"),
            1 => format!("{m} x 10^{exp}"),
            _ => format!("{m}×10{}", exp.to_string().chars().map(|c| SUP[c as usize - '0' as usize]).collect::<String>()),
        };
        let text = format!("The sample held {written} cells.");
        let q = the_one(&text);
        let want: f64 = format!("{m}e{exp}").parse().unwrap();
        prop_assert!(close(q.value, want), "{text}: {q:?}");
        prop_assert_eq!(q.text, written);
    }

    #[test]
    fn shared_thousands_ranges_read_back(high in 2u64..1000, cut in 0u64..100) {
        // "11 to 12,000": the first figure close below the second's thousands.
        let low = high - 1 - cut % (high / 2).max(1);
        prop_assume!(2 * low >= high && low < high);
        let text = format!("The crowd was put at {low} to {} people.", grouped(high * 1000, ","));
        let q = the_one(&text);
        prop_assert!(close(q.low, (low * 1000) as f64) && close(q.high, (high * 1000) as f64), "{text}: {q:?}");
    }

    #[test]
    fn money_ranges_with_two_signs_read_back(a in 1u64..100_000, d in 1u64..100_000, between in any::<bool>()) {
        let b = a + d;
        let written = if between { format!("between ${} and ${}", grouped(a, ","), grouped(b, ",")) } else { format!("${} to ${}", grouped(a, ","), grouped(b, ",")) };
        let text = format!("Rents run {written} now.");
        let q = the_one(&text);
        prop_assert!(close(q.low, a as f64) && close(q.high, b as f64), "{text}: {q:?}");
        prop_assert_eq!(q.unit.as_deref(), Some("USD"));
    }

    #[test]
    fn phone_numbers_are_not_quantities(a in 200u64..1000, b in 0u64..1000, c in 0u64..10_000) {
        for text in [format!("Call {a} {b:03} {c:04} today."), format!("Call 0{:02} {c:04} today.", a % 100), format!("Call {a}-{:04} today.", c / 100 * 100 + 1 + c % 99)] {
            let qs = find(&text);
            prop_assert!(qs.is_empty(), "{text}: {qs:?}");
        }
    }

    #[test]
    fn year_shaped_counts_before_plural_nouns(n in 1000u64..2100, noun in prop::sample::select(vec!["tanks", "drones", "shells", "vehicles"])) {
        let text = format!("The convoy brought {n} {noun} north.");
        let q = the_one(&text);
        prop_assert!(close(q.value, n as f64), "{text}: {q:?}");
        prop_assert_eq!(q.counted.as_deref(), Some(noun));
        let text = format!("Turnout in the {n} {noun} was low.");
        prop_assert!(find(&text).is_empty(), "{text}");
    }

    #[test]
    fn counts_of_people_read_back_in_every_pack_language(
        n in 1_000u64..100_000_000,
        (lang, sep, noun) in prop::sample::select(vec![
            ("de", ".", "Soldaten"), ("fr", "\u{202f}", "soldats"), ("es", ".", "soldados"), ("it", ".", "soldati"),
            ("pt", ".", "soldados"), ("pl", " ", "żołnierzy"), ("ru", " ", "военнослужащих"), ("uk", " ", "осіб"),
        ]),
    ) {
        let text = format!("{} {noun}", grouped(n, sep));
        let qs = quantities::find_in(&text, &sentences::split(&text), Some(lang));
        prop_assert!(qs.len() == 1 && close(qs[0].value, n as f64) && qs[0].unit.as_deref() == Some("person"), "{text} ({lang}): {qs:?}");
    }

    #[test]
    fn one_dot_group_is_grouping_where_the_language_groups_with_dots(n in 1_000u64..1_000_000, lang in prop::sample::select(vec!["de", "es", "it", "pt", "da"])) {
        let s = grouped(n, ".");
        let text = format!("Die Zahl: {s} und mehr.");
        let qs = quantities::find_in(&text, &sentences::split(&text), Some(lang));
        prop_assert!(qs.len() == 1 && close(qs[0].value, n as f64), "{text} ({lang}): {qs:?}");
    }

    #[test]
    fn cjk_myriads_read_back(man in 1u64..10_000, rest in 0u64..10_000, style in 0usize..3) {
        // 1万2000 (Japanese, Chinese), 1만 2000 (Korean), 1万2千 when the rest is whole thousands.
        let n = man * 10_000 + rest;
        let written = match style {
            0 if rest > 0 => format!("{man}万{rest}"),
            1 if rest > 0 => format!("{man}만 {rest}"),
            2 if rest > 0 && rest % 1000 == 0 => format!("{man}万{}千", rest / 1000),
            _ => format!("{man}万"),
        };
        let n = if written.ends_with('万') { man * 10_000 } else { n };
        let text = format!("兵士は{written}人だった。");
        let q = the_one(&text);
        prop_assert!(close(q.value, n as f64), "{text}: {q:?}");
        prop_assert_eq!(q.unit.as_deref(), Some("person"));
    }

    #[test]
    fn any_text_gives_sorted_spans_on_char_boundaries(text in "\\PC{0,200}") {
        let qs = find(&text);
        let mut last = 0;
        for q in &qs {
            prop_assert!(q.start >= last && q.start < q.end && q.end <= text.len());
            prop_assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
            last = q.end;
        }
    }

    #[test]
    fn number_like_text_never_panics(text in "[0-9 ,.\\-–/%$€a-z+]{0,80}") {
        let qs = find(&text);
        for q in &qs {
            prop_assert_eq!(&text[q.start..q.end], q.text.as_str());
        }
    }
}
