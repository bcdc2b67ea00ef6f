//! Store throughput: writing documents in chunks (`Store::writer`), looking
//! them up before annotation (`Store::known`), putting them again (all
//! unchanged), loading them all back with `Store::documents`, and searching.
//!
//! ```sh
//! cargo bench -p sitrep-store                            # 10,000 synthetic documents
//! SITREP_BENCH_DOCS=2000 cargo bench -p sitrep-store     # another count
//! SITREP_BENCH_DB=bench.db cargo bench -p sitrep-store   # load and search an existing store
//! ```
//!
//! Synthetic documents are about the size of a news article and carry
//! annotation counts typical of the demo corpus (entities with mentions,
//! quotes, quantities, times, claims), each span's text its slice of the
//! document text. Prints documents/s and MB/s of text.

use sitrep_core::{
    Bound, Claim, ClaimSource, ClaimTime, Document, Entity, EntityKind, Mention, Modality, Quantity, Quote, SourceKind, Span,
    TimeExpr, TimeKind,
};
use sitrep_store::{Chunk, Store};
use std::time::Instant;

const SENTENCE: &str = "The ministry said on Tuesday that about 4,000 workers from the northern province had joined the \
                        programme, according to officials who briefed reporters in the capital. ";

fn synthetic(i: usize) -> Document {
    let text = format!("Report {i}. {}", SENTENCE.repeat(20));
    let span = |k: usize| (k * 37 % text.len(), (k * 37 % text.len() + 12).min(text.len()));
    let entities = (0..30)
        .map(|e| Entity {
            id: format!("e{e}"),
            name: format!("Entity number {e}"),
            kind: EntityKind::Organization,
            mentions: (0..3)
                .map(|m| {
                    let (start, end) = span(e * 3 + m);
                    Mention { start, end, text: text[start..end].into() }
                })
                .collect(),
            descriptors: vec!["a regional body".into()],
        })
        .collect();
    let quotes = (0..6)
        .map(|q| Quote {
            start: span(q).0,
            end: span(q).1,
            text: text[span(q).0..span(q).1].into(),
            direct: q % 2 == 0,
            speaker: Some("e1".into()),
            speaker_name: Some("the ministry".into()),
            cue: Some("said".into()),
        })
        .collect();
    let quantities = (0..12)
        .map(|q| Quantity {
            start: span(q).0,
            end: span(q).1,
            text: text[span(q).0..span(q).1].into(),
            kind: "count".into(),
            value: Some(4000.0 + q as f64),
            low: Some(3600.0),
            high: Some(4400.0),
            bound: Bound::Approx,
            unit: Some("person".into()),
            counted: Some("workers".into()),
            ..Default::default()
        })
        .collect();
    let times = (0..8)
        .map(|t| TimeExpr {
            start: span(t).0,
            end: span(t).1,
            text: text[span(t).0..span(t).1].into(),
            value: Some("2024-10-22".into()),
            kind: TimeKind::Date,
            expected: false,
        })
        .collect();
    let claims = (0..8)
        .map(|c| Claim {
            id: format!("c{c}"),
            start: 0,
            end: SENTENCE.len(),
            text: text[..SENTENCE.len()].into(),
            quantity: Some(c),
            value: Some(4000.0),
            low: Some(3600.0),
            high: Some(4400.0),
            bound: Some(Bound::Approx),
            unit: Some("person".into()),
            per: None,
            per_each: None,
            subject: "workers from the northern province".into(),
            source: ClaimSource { name: Some("the ministry".into()), entity: Some("e1".into()), kind: SourceKind::Government },
            modality: Modality::Estimated,
            time: Some("2024-10-22".into()),
            time_kind: ClaimTime::Event,
            frame: Default::default(),
        })
        .collect();
    // "Report {i}." and the 20 sentences after it.
    let sentences = std::iter::once(Span::new(0, text.find('.').unwrap_or(0) + 1))
        .chain((0..20).map(|k| {
            let start = text.len() - (20 - k) * SENTENCE.len();
            Span::new(start, start + SENTENCE.len() - 1)
        }))
        .collect();
    Document {
        id: format!("doc-{i:06}"),
        source: format!("feed.jsonl:{i}"),
        url: Some(format!("https://news.example/{i}")),
        title: Some(format!("Workers join programme, report {i}")),
        byline: vec!["A. Reporter".into()],
        published: Some("2024-10-22".into()),
        outlet: Some("News Example".into()),
        language: Some("en".into()),
        text,
        entities,
        quotes,
        quantities,
        times,
        claims,
        sentences,
    }
}

fn report(what: &str, docs: usize, bytes: usize, secs: f64) {
    println!(
        "{what:<8} {docs:>6} documents in {secs:.3} s: {:>9.1} documents/s, {:>7.2} MB/s of text",
        docs as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
}

fn load_and_search(store: &Store) {
    let t = Instant::now();
    let mut n = 0;
    let mut bytes = 0;
    let mut annotations = 0;
    for doc in store.documents() {
        let doc = doc.expect("the store reads back");
        n += 1;
        bytes += doc.text.len();
        annotations += doc.entities.iter().map(|e| 1 + e.mentions.len()).sum::<usize>()
            + doc.quotes.len()
            + doc.quantities.len()
            + doc.times.len()
            + doc.claims.len();
    }
    report("load", n, bytes, t.elapsed().as_secs_f64());
    println!("         ({annotations} annotation rows)");
    for query in ["workers", "troops", "\"north korean\" AND kursk"] {
        let t = Instant::now();
        let hits = store.search(query, 20).map(|h| h.len()).unwrap_or(0);
        println!("search   {query:?}: {hits} hits in {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    }
}

fn main() {
    if let Ok(path) = std::env::var("SITREP_BENCH_DB") {
        let store = Store::open_existing(&path).expect("SITREP_BENCH_DB names a sitrep store");
        load_and_search(&store);
        return;
    }
    let n: usize = std::env::var("SITREP_BENCH_DOCS").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let docs: Vec<Document> = (0..n).map(synthetic).collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut store = Store::open(dir.path().join("bench.db")).expect("a new store");

    let t = Instant::now();
    let mut writer = store.writer(Chunk::default(), 1);
    for d in &docs {
        writer.put(d).expect("put");
    }
    writer.finish().expect("commit");
    report("insert", n, bytes, t.elapsed().as_secs_f64());

    let t = Instant::now();
    for d in &docs {
        store.known(d, 1).expect("a look-up");
    }
    report("known", n, bytes, t.elapsed().as_secs_f64());

    let t = Instant::now();
    let mut writer = store.writer(Chunk::default(), 1);
    for d in &docs {
        writer.put(d).expect("put");
    }
    writer.finish().expect("commit");
    report("re-put", n, bytes, t.elapsed().as_secs_f64());

    load_and_search(&store);
}
