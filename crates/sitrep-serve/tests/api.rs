//! The JSON API and the pages over a store of the demo corpus, through a
//! real bound port: every path of docs/openapi.json answers with JSON of
//! the documented shape, ingest is guarded, and hostile input is escaped.

mod common;

use common::*;
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

/// One read-only server over the demo store for the tests of this file.
fn server() -> SocketAddr {
    static ADDR: OnceLock<(tempfile::TempDir, SocketAddr)> = OnceLock::new();
    ADDR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_store(dir.path());
        let addr = start(&db, false);
        (dir, addr)
    })
    .1
}

fn spec() -> Value {
    serde_json::from_str(include_str!("../../../docs/openapi.json")).unwrap()
}

/// Resolve a `$ref` of the spec.
fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => spec.pointer(r.trim_start_matches('#')).unwrap_or_else(|| panic!("dangling {r}")),
        None => schema,
    }
}

/// Check `v` against `schema`: types, required properties, and the items
/// of arrays, recursively (allOf merged, nullable honoured).
fn check(spec: &Value, schema: &Value, v: &Value, at: &str) {
    let schema = resolve(spec, schema);
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        if v.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
            return;
        }
        for s in all {
            check(spec, s, v, at);
        }
        return;
    }
    if v.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
        return;
    }
    let ok = match schema.get("type").and_then(Value::as_str) {
        Some("object") => v.is_object(),
        Some("array") => v.is_array(),
        Some("string") => v.is_string(),
        Some("integer") => v.is_u64() || v.is_i64(),
        Some("number") => v.is_number(),
        Some("boolean") => v.is_boolean(),
        _ => true,
    };
    assert!(ok, "{at}: expected {}, got {v}", schema["type"]);
    if let Some(req) = schema.get("required").and_then(Value::as_array) {
        for k in req {
            let k = k.as_str().unwrap();
            assert!(v.get(k).is_some(), "{at}: missing required {k:?} in {}", truncate(v));
        }
    }
    if let (Some(props), Some(obj)) = (schema.get("properties").and_then(Value::as_object), v.as_object()) {
        for (k, s) in props {
            if let Some(x) = obj.get(k) {
                check(spec, s, x, &format!("{at}.{k}"));
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate().take(50) {
            check(spec, items, x, &format!("{at}[{i}]"));
        }
    }
}

fn truncate(v: &Value) -> String {
    v.to_string().chars().take(300).collect()
}

#[test]
fn every_documented_path_answers_with_its_documented_shape() {
    let addr = server();
    let spec = spec();
    let stories = get(addr, "/api/stories").json();
    let story = stories["stories"][0]["id"].as_str().expect("the demo has a story").to_string();
    let report = get(addr, &format!("/api/stories/{story}")).json();
    let topic = report["topics"][0]["id"].as_str().unwrap().to_string();
    let doc = report["documents"][0]["id"].as_str().unwrap().to_string();
    let entity = report["entities"].as_array().unwrap().iter().find(|e| e["kind"] == "person").unwrap()["name"].as_str().unwrap().to_string();
    let values = [("{id}", ""), ("{name}", entity.as_str())];
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        let Some(op) = item.get("get") else { continue };
        let id = if path.starts_with("/api/stories/") {
            story.clone()
        } else if path.starts_with("/api/topics/") {
            topic.clone()
        } else {
            doc.clone()
        };
        let mut url = path.replace("{id}", &enc(&id));
        for (k, v) in values {
            url = url.replace(k, &enc(v));
        }
        if path == "/api/search" {
            url.push_str("?q=troops");
        }
        if path == "/api/changes" {
            url.push_str("?since=2000-01-01");
        }
        let res = get(addr, &url);
        assert_eq!(res.status, 200, "{url}: {}", res.text());
        assert_eq!(res.header("content-type"), Some("application/json"), "{url}");
        let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
        check(&spec, schema, &res.json(), &url);
        checked += 1;
    }
    assert!(checked >= 9, "only {checked} paths documented");
}

#[test]
fn filters_narrow_and_sort_the_claims() {
    let addr = server();
    let story = get(addr, "/api/stories").json()["stories"][0]["id"].as_str().unwrap().to_string();
    let report = get(addr, &format!("/api/stories/{story}")).json();
    let topic = report["topics"].as_array().unwrap().iter().max_by_key(|t| t["claims"].as_array().unwrap().len()).unwrap();
    let id = topic["id"].as_str().unwrap();
    let all = get(addr, &format!("/api/topics/{id}")).json();
    let sources: Vec<&str> = all["sources"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(sources.len() >= 2, "{sources:?}");
    let one = sources[0];
    let narrowed = get(addr, &format!("/api/topics/{id}?source={}", enc(one))).json();
    let claims = narrowed["claims"].as_array().unwrap();
    assert!(!claims.is_empty() && claims.len() < all["claims"].as_array().unwrap().len());
    assert!(claims.iter().all(|c| c["source"].as_str().unwrap_or("unattributed").to_lowercase().contains(&one.to_lowercase())));
    let sorted = get(addr, &format!("/api/topics/{id}?sort=figure&dir=desc")).json();
    let figures: Vec<f64> = sorted["claims"].as_array().unwrap().iter().map(|c| c["value"].as_f64().or(c["low"].as_f64()).or(c["high"].as_f64()).unwrap_or(f64::NEG_INFINITY)).collect();
    assert!(figures.windows(2).all(|w| w[0] >= w[1]), "{figures:?}");
    let claims = get(addr, &format!("/api/claims?topic={id}&source={}", enc(one))).json();
    assert_eq!(claims["claims"].as_array().unwrap().len(), narrowed["claims"].as_array().unwrap().len());
}

#[test]
fn pages_answer_with_csp_and_shareable_links() {
    let addr = server();
    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-security-policy"), Some(sitrep_serve::CSP));
    let html = home.text();
    assert!(!html.contains("<script>") && !html.contains("style="), "no inline script or style");
    let story = html.split("href=\"/stories/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let dossier = get(addr, &format!("/stories/{story}")).text();
    for section in ["findings", "topics", "matrix", "checks", "timeline", "people", "quotes", "sources"] {
        assert!(dossier.contains(&format!("id=\"{section}\"")), "dossier lacks {section}");
    }
    let topic = dossier.split("href=\"/topics/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let page = get(addr, &format!("/topics/{topic}?sort=source&dir=desc")).text();
    assert!(page.contains("aria-sort=\"descending\""), "the sorted column says so");
    assert!(page.contains("<svg class=\"plot\""), "the range plot is drawn");
    for path in ["/timeline", "/search?q=troops", "/assets/app.css", "/assets/app.js"] {
        let res = get(addr, path);
        assert_eq!(res.status, 200, "{path}");
        assert!(res.header("content-security-policy").is_some(), "{path}");
    }
    assert!(get(addr, "/search?q=troops").text().contains("<mark>"), "search marks its matches");
    let none = get(addr, "/search?q=qwxzvbnoword").text();
    assert!(none.contains("No article matches") && !none.contains("<ol class=\"hits\">"), "a search without hits says so");
    // Every cell of a table that turns into cards on a phone names its column.
    let cards = get(addr, &format!("/stories/{story}")).text();
    assert!(cards.contains("<table class=\"stack\">") && cards.contains("data-label=\"Range\"") && cards.contains("data-label=\"Published\""));
}

#[test]
fn bad_requests_get_clear_answers_not_panics() {
    let addr = server();
    assert_eq!(get(addr, "/api/topics/nope").status, 404);
    assert_eq!(get(addr, "/api/stories/nope").json()["error"], "no such story");
    assert_eq!(get(addr, "/documents/nope").status, 404);
    assert_eq!(get(addr, "/no/such/page").status, 404);
    let bad = get(addr, "/api/search?q=%22unclosed");
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert!(bad.json()["error"].is_string());
    assert_eq!(get(addr, "/search?q=%22unclosed").status, 200, "the page says why instead");
    let doc = get(addr, "/api/stories").json()["stories"][0]["documents"][0].as_str().unwrap().to_string();
    for mark in ["99999999-100000000", "5-2", "x-y", "0-1%E2"] {
        let page = get(addr, &format!("/documents/{}?mark={mark}", enc(&doc)));
        assert_eq!(page.status, 200, "{mark}");
        assert!(!page.text().contains("id=\"hl\""), "{mark}");
    }
    let post = ingest(addr, "{}");
    assert_eq!(post.status, 404, "ingest is off without --allow-ingest");
}

#[test]
fn ingest_needs_the_token_and_shows_new_documents() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let addr = start(&db, true);
    let line = r#"{"id": "fresh-1", "published": "2025-02-01", "title": "Ferry service resumes", "text": "The Lorrin ferry carried 640 passengers on Saturday, the operator said."}"#;
    assert_eq!(request(addr, "POST", "/api/documents", &[], line.as_bytes()).status, 401);
    assert_eq!(request(addr, "POST", "/api/documents", &[("Authorization", "Bearer wrong")], line.as_bytes()).status, 403);
    assert_eq!(request(addr, "POST", "/api/documents", &[("Authorization", &format!("Bearer {TOKEN}x"))], line.as_bytes()).status, 403);
    let before = get(addr, "/api/stories").json()["generation"].as_u64().unwrap();
    let res = ingest(addr, &format!("{line}\nnot json\n"));
    assert_eq!(res.status, 202, "{}", res.text());
    let out = res.json();
    assert_eq!((out["received"].as_u64(), out["inserted"].as_u64()), (Some(1), Some(1)), "{out}");
    assert_eq!(out["errors"].as_array().unwrap().len(), 1, "the bad line is reported: {out}");
    // The store holds the document at once, the report only once fused
    // again: until then search does not list it, so no hit leads to "Not
    // found"; from then on it does.
    let hits = || get(addr, "/api/search?q=Lorrin").json()["hits"].as_array().unwrap().clone();
    let now = get(addr, "/api/search?q=Lorrin").json();
    match now["hits"].as_array().unwrap().first() {
        Some(hit) => assert_eq!(get(addr, &format!("/documents/{}", enc(hit["doc"].as_str().unwrap()))).status, 200, "a hit leads to its page"),
        None => assert_eq!(now["pending"], 1, "a match stored but not fused yet is counted: {now}"),
    }
    assert!(wait_until(Duration::from_secs(120), || get(addr, "/api/documents/fresh-1").status == 200), "the new document appears");
    assert!(wait_until(Duration::from_secs(120), || hits().iter().any(|h| h["doc"] == "fresh-1")), "search finds it once it is fused");
    // Its snippet is cut from the text the report holds, the match marked.
    let hit = hits().into_iter().find(|h| h["doc"] == "fresh-1").unwrap();
    assert_eq!(hit["snippet"], "The Lorrin ferry carried 640 passengers on Saturday, the operator said.");
    assert_eq!(hit["marks"], serde_json::json!([{"start": 4, "end": 10}]));
    assert!(get(addr, "/api/stories").json()["generation"].as_u64().unwrap() > before);
    assert!(get(addr, "/documents/fresh-1").text().contains("Ferry service resumes"));
    let again = ingest(addr, line).json();
    assert_eq!(again["unchanged"].as_u64(), Some(1), "{again}");
    let big = "x".repeat(17 << 20);
    assert_eq!(ingest(addr, &big).status, 413);
}

#[test]
fn hostile_article_is_escaped_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let addr = start(&db, true);
    assert_eq!(ingest(addr, &hostile_article("hostile-1")).status, 202);
    assert!(wait_until(Duration::from_secs(120), || get(addr, "/api/documents/hostile-1").status == 200));
    let mut pages = vec!["/documents/hostile-1".to_string(), "/search?q=Vellmar".into(), "/timeline".into(), "/".into()];
    for s in get(addr, "/api/stories").json()["stories"].as_array().unwrap() {
        pages.push(format!("/stories/{}", s["id"].as_str().unwrap()));
    }
    pages.push(format!("/entities/{}", enc("Ostra Kellin")));
    for p in &pages {
        let html = get(addr, p).text();
        assert!(!html.contains("<script>window"), "{p}: raw script");
        assert!(!html.contains("<img"), "{p}: raw img");
        assert!(!html.to_lowercase().contains("href=\"javascript:"), "{p}: javascript: link");
    }
    let doc = get(addr, "/documents/hostile-1").text();
    assert!(doc.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"), "the title is shown as text");
}

/// The biggest topic of the first story, as the API lists it.
fn biggest_topic(addr: SocketAddr) -> Value {
    let story = get(addr, "/api/stories").json()["stories"][0]["id"].as_str().unwrap().to_string();
    let report = get(addr, &format!("/api/stories/{story}")).json();
    report["topics"].as_array().unwrap().iter().max_by_key(|t| t["claims"].as_array().unwrap().len()).unwrap().clone()
}

/// A topic claim's key, as corrections name it.
fn key(c: &Value) -> String {
    sitrep_core::overrides::claim_key(c["doc"].as_str().unwrap(), c["text"].as_str().unwrap(), c["quantity_text"].as_str())
}

fn generation(addr: SocketAddr) -> u64 {
    get(addr, "/api/stories").json()["generation"].as_u64().unwrap()
}

#[test]
fn stored_corrections_shape_what_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    // Find a claim to reject the way an analyst would: from the report.
    let plain = start(&db, false);
    let topic = biggest_topic(plain);
    let id = topic["id"].as_str().unwrap().to_string();
    let claims = topic["claims"].as_array().unwrap();
    let rejected = key(&claims[0]);
    let mut store = sitrep_store::Store::open_existing(&db).unwrap();
    let correction = sitrep_core::overrides::Correction::RejectClaim { claim: rejected.clone() };
    store.add_override(correction, "tester", Some("misread figure"), vec![]).unwrap();
    drop(store);
    let addr = start(&db, false);
    let served = get(addr, &format!("/api/topics/{id}")).json();
    let keys: Vec<String> = served["claims"].as_array().unwrap().iter().map(key).collect();
    assert!(!keys.contains(&rejected), "the rejected claim is gone: {keys:?}");
    assert_eq!(served["claims"].as_array().unwrap().len(), claims.len() - 1);
    let story = get(addr, &format!("/api/stories/{}", topic["story"].as_str().unwrap())).json();
    let status = &story["overrides"][0];
    assert_eq!((status["applied"].as_bool(), status["author"].as_str()), (Some(true), Some("tester")), "{status}");
    let page = get(addr, &format!("/topics/{id}")).text();
    assert!(page.contains("id=\"corrections\"") && page.contains("tag-rejected") && page.contains("tester"), "the topic page says it was corrected");
    assert!(page.contains("misread figure"), "with the analyst's note");
    assert!(!page.contains("id=\"correct\"") && !page.contains("class=\"pick\"") && !page.contains("data-undo"), "a read-only server offers no correction controls");
    let listed = get(addr, "/api/corrections").json();
    assert_eq!(listed["corrections"][0]["applied"], Value::Bool(true), "{listed}");
}

#[test]
fn corrections_are_taken_guarded_and_removed_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let addr = start(&db, true);
    let story = get(addr, "/api/stories").json()["stories"][0]["id"].as_str().unwrap().to_string();
    let topics: Vec<String> =
        get(addr, &format!("/api/stories/{story}")).json()["topics"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_string()).collect();
    assert!(topics.len() >= 2, "{topics:?}");
    let body = serde_json::json!({"kind": "merge_topics", "into": topics[0], "from": topics[1], "author": "desk", "note": "same count"}).to_string();
    let auth = format!("Bearer {TOKEN}");
    let post = |body: &str| request(addr, "POST", "/api/corrections", &[("Authorization", &auth), ("Content-Type", "application/json")], body.as_bytes());
    assert_eq!(request(addr, "POST", "/api/corrections", &[], body.as_bytes()).status, 401);
    assert_eq!(request(addr, "POST", "/api/corrections", &[("Authorization", "Bearer nope")], body.as_bytes()).status, 403);
    assert_eq!(post("{\"kind\": \"reject_claim\"}").status, 400, "a malformed correction is refused");
    let unknown = post(r#"{"kind": "reject_claim", "claim": "no-such-doc#c1", "author": "desk"}"#);
    assert_eq!(unknown.status, 422, "{}", unknown.text());
    assert!(unknown.json()["error"].as_str().unwrap().contains("no claim"));
    let before = generation(addr);
    let res = post(&body);
    assert_eq!(res.status, 201, "{}", res.text());
    let stored = res.json()["id"].as_i64().unwrap();
    assert!(wait_until(Duration::from_secs(120), || generation(addr) > before), "the store is fused again");
    assert_eq!(get(addr, &format!("/api/topics/{}", topics[1])).status, 404, "the merged topic is gone");
    let listed = get(addr, "/api/corrections").json();
    let entry = listed["corrections"].as_array().unwrap().iter().find(|c| c["id"].as_i64() == Some(stored)).expect("listed").clone();
    assert_eq!((entry["applied"].as_bool(), entry["note"].as_str()), (Some(true), Some("same count")), "{entry}");
    let page = get(addr, &format!("/topics/{}", topics[0])).text();
    assert!(page.contains(&format!("data-undo=\"{stored}\"")) && page.contains("id=\"correct\"") && page.contains("class=\"pick\""), "the merged-into topic offers the controls and the undo");
    assert_eq!(request(addr, "DELETE", &format!("/api/corrections/{stored}"), &[], b"").status, 401);
    let mid = generation(addr);
    assert_eq!(request(addr, "DELETE", &format!("/api/corrections/{stored}"), &[("Authorization", &auth)], b"").status, 204);
    assert_eq!(request(addr, "DELETE", &format!("/api/corrections/{stored}"), &[("Authorization", &auth)], b"").status, 404);
    assert!(wait_until(Duration::from_secs(120), || generation(addr) > mid));
    assert_eq!(get(addr, &format!("/api/topics/{}", topics[1])).status, 200, "the topic is back once the correction goes");
    assert!(get(addr, "/api/corrections").json()["corrections"].as_array().unwrap().is_empty());
}

#[test]
fn what_changed_since_a_snapshot_or_a_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let mut store = sitrep_store::Store::open_existing(&db).unwrap();
    store.save_snapshot("empty", "test", Vec::new()).unwrap();
    drop(store);
    let addr = start(&db, false);
    let all = get(addr, "/api/changes?snapshot=empty").json();
    assert_eq!((all["from"]["snapshot"].as_str(), all["from"]["corpus_unchanged"].as_bool()), (Some("empty"), Some(true)), "{}", all["from"]);
    let figures = all["changes"]["new_figures"].as_array().unwrap().len();
    assert!(figures > 0, "every figure is new against an empty snapshot");
    assert!(!all["changes"]["new_sources"].as_array().unwrap().is_empty());
    let dated = get(addr, "/api/changes?since=1900-01-01").json();
    assert_eq!(dated["from"]["since"], "1900-01-01");
    assert_eq!(dated["changes"]["new_figures"].as_array().unwrap().len(), figures, "before 1900 nothing was known");
    let story = get(addr, "/api/stories").json()["stories"][0]["id"].as_str().unwrap().to_string();
    let one = get(addr, &format!("/api/changes?snapshot=empty&story={}", enc(&story))).json();
    let topics: Vec<&str> = one["changes"]["new_figures"].as_array().unwrap().iter().map(|f| f["topic"].as_str().unwrap()).collect();
    let story_topics = get(addr, &format!("/api/stories/{}", enc(&story))).json()["topics"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert!(topics.iter().all(|t| story_topics.iter().any(|s| s == t)), "narrowed to the story");
    assert_eq!(get(addr, "/api/changes").status, 400);
    assert_eq!(get(addr, "/api/changes?since=March").status, 400);
    assert_eq!(get(addr, "/api/changes?snapshot=nope").status, 404);
    assert_eq!(get(addr, "/api/changes?snapshot=empty&story=nope").status, 404);
    let page = get(addr, "/changes?snapshot=empty");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-security-policy"), Some(sitrep_serve::CSP));
    let html = page.text();
    for section in ["New figures", "New sources", "href=\"/topics/", "<select name=\"story\">", "data-label=\"Article\"><a class=\"doc\" href=\"/documents/"] {
        assert!(html.contains(section), "the page lacks {section}");
    }
    let ids = get(addr, "/api/stories").json()["stories"][0]["documents"].as_array().unwrap().iter().map(|d| d.as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert!(ids.iter().all(|id| !html.contains(&format!(">{id}<"))), "articles are named by outlet and date, not by their ids");
    let hostile = get(addr, "/changes?since=%3Cscript%3Ealert(1)%3C/script%3E");
    assert_eq!(hostile.status, 400);
    let html = hostile.text();
    assert!(!html.contains("<script>alert") && html.contains("&lt;script&gt;alert(1)"), "the query is shown escaped");
    assert!(!html.contains("style="), "no inline style");
}

#[test]
fn a_story_answers_as_the_report_narrowed_to_it() {
    // The server keeps each story as indexes into the whole report; what
    // it answers must be what `Report::narrowed` makes.
    // The demo is one story; an article on a storm makes a second.
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let extra = dir.path().join("storm.jsonl");
    std::fs::write(&extra, hostile_article("storm-1")).unwrap();
    let mut store = sitrep_store::Store::open(&db).unwrap();
    let mut batch = store.batch().unwrap();
    for raw in sitrep_ingest::read(vec![sitrep_ingest::Input::Path(extra)], sitrep_ingest::ReadOptions::default()) {
        let mut doc = sitrep_ingest::to_document(raw.unwrap());
        sitrep_annotate::annotate(&mut doc);
        batch.put(&doc, sitrep_annotate::ANNOTATOR_VERSION).unwrap();
    }
    batch.commit().unwrap();
    drop(store);
    let addr = start(&db, false);
    let docs = sitrep_store::Store::open_existing(&db).unwrap().documents().collect::<Result<Vec<_>, _>>().unwrap();
    let report = sitrep_fuse::fuse_corrected(&docs, &[]);
    assert!(report.stories.len() >= 2, "two stories: {:?}", report.stories.iter().map(|s| &s.label).collect::<Vec<_>>());
    for s in &report.stories {
        let want = serde_json::to_value(report.narrowed(&s.id).unwrap()).unwrap();
        let got = get(addr, &format!("/api/stories/{}", enc(&s.id))).json();
        for key in want.as_object().unwrap().keys() {
            assert_eq!(got[key], want[key], "story {}: {key}", s.id);
        }
        assert_eq!(got.as_object().unwrap().len(), want.as_object().unwrap().len(), "story {}: the same fields", s.id);
        let timeline = get(addr, &format!("/api/timeline?story={}", enc(&s.id))).json();
        assert_eq!(timeline["timeline"], want["timeline"], "story {}: timeline", s.id);
    }
}
