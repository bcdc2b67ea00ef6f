//! Claims from whole sentences through the full annotator: each fixture in
//! `tests/fixtures/claims/cases.json` (and, for sources, `sources.json`)
//! gives a text, its publication date, outlet and (when not English)
//! language, and the numeric claims
//! expected, by the quantity as written, with
//! the fields that must hold (fields left out are not checked).

use serde_json::Value;
use sitrep_core::Document;

fn field(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn claims_fixtures() {
    check(include_str!("fixtures/claims/cases.json"));
}

/// Who each figure is attributed to: `fixtures/claims/sources.json`.
#[test]
fn source_fixtures() {
    check(include_str!("fixtures/claims/sources.json"));
}

fn check(fixture: &str) {
    let cases: Vec<Value> = serde_json::from_str(fixture).expect("fixture parses");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        let mut doc = Document {
            id: name.into(),
            text: case["text"].as_str().expect("text").into(),
            published: case["published"].as_str().map(Into::into),
            outlet: case["outlet"].as_str().map(Into::into),
            language: case["language"].as_str().map(Into::into),
            ..Default::default()
        };
        sitrep_annotate::annotate(&mut doc);
        let numeric: Vec<Value> = doc
            .claims
            .iter()
            .filter_map(|c| {
                let q = &doc.quantities[c.quantity?];
                let mut v = serde_json::to_value(c).expect("claims serialise");
                v["quantity"] = Value::String(q.text.clone());
                v["source_kind"] = v["source"]["kind"].clone();
                v["source"] = v["source"]["name"].clone();
                Some(v)
            })
            .collect();
        let expected = case["expect"].as_array().expect("expect");
        if expected.is_empty() && !numeric.is_empty() {
            failures.push(format!("{name}: expected no numeric claim, got {numeric:?}"));
        }
        for want in expected {
            let text = want["quantity"].as_str().expect("quantity");
            let Some(got) = numeric.iter().find(|c| c["quantity"] == text) else {
                failures.push(format!("{name}: no claim for {text:?}; claims: {numeric:?}"));
                continue;
            };
            for (key, value) in want.as_object().expect("object") {
                if field(&got[key]) != field(value) {
                    failures.push(format!("{name}: {text:?} {key} = {}, expected {}", field(&got[key]), field(value)));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
