//! Throughput of `fuse` over a synthetic corpus.
//!
//! Builds 10,000 annotated documents from invented sentences (one story in
//! several variants, with reprints, entities, quotes, times and numeric
//! claims from a handful of sources), fuses them a few times and prints
//! documents per second and MB/s of text.
//!
//! `cargo bench -p sitrep-fuse --bench fuse [-- DOCS]`

use std::hint::black_box;
use std::time::Instant;

use sitrep_core::{Bound, Claim, ClaimSource, ClaimTime, Document, Entity, EntityKind, Mention, Modality, Quote, SourceKind, TimeExpr, TimeKind};

const OUTLETS: [&str; 8] = ["Ledger", "Eastbridge", "Meridian", "Northgate", "Lantern", "Borealis", "Kestrel", "Granite"];
const SOURCES: [(&str, SourceKind); 5] = [
    ("National Intelligence Service", SourceKind::Government),
    ("Pentagon", SourceKind::Government),
    ("unnamed officials", SourceKind::Anonymous),
    ("Lloyd Austin", SourceKind::Person),
    ("Kyiv Institute", SourceKind::Organization),
];
const VERBS: [&str; 6] = ["sent", "deployed", "moved", "stationed", "dispatched", "shifted"];
const PLACES: [&str; 6] = ["Kursk", "Vladivostok", "Khabarovsk", "Bryansk", "Belgorod", "Rostov"];
const ACTORS: [&str; 8] = ["Analysts", "Officials", "The ministry", "Diplomats", "Residents", "Lawmakers", "Aid workers", "Military planners"];
const ACTS: [&str; 8] = ["described", "questioned", "debated", "reviewed", "welcomed", "criticised", "studied", "reported"];
const OBJECTS: [&str; 8] = ["the new convoy", "a fuel shortage", "the training camps", "rail traffic", "the border crossings", "a drone strike", "the evacuation plan", "grain shipments"];
const WHENS: [&str; 8] = ["on Monday", "on Tuesday", "late on Wednesday", "early Thursday", "on Friday", "over the weekend", "last month", "this week"];
const TAILS: [&str; 8] = ["as pressure grew", "without giving details", "after a long meeting", "amid heavy rain", "before the talks", "while markets fell", "despite the curfew", "according to local media"];

/// A filler sentence chosen by a hash of the document and position, so
/// documents share words but few runs of five words.
fn filler(n: usize, k: usize) -> String {
    let mut h = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (k as u64).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let mut pick = |len: usize| {
        h ^= h >> 29;
        h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
        (h >> 32) as usize % len
    };
    format!(
        "{} {} {} in {} {} {}, {} km away. ",
        ACTORS[pick(8)],
        ACTS[pick(8)],
        OBJECTS[pick(8)],
        PLACES[pick(PLACES.len())],
        WHENS[pick(8)],
        TAILS[pick(8)],
        pick(500) + 2
    )
}

fn entity(id: &str, name: &str, kind: EntityKind, text: &str) -> Entity {
    let start = text.find(name).unwrap_or(0);
    Entity {
        id: id.into(),
        name: name.into(),
        kind,
        mentions: vec![Mention { start, end: start + name.len(), text: name.into() }],
        descriptors: vec![],
    }
}

fn document(i: usize) -> Document {
    let original = i % 7 == 6; // every seventh document reprints the one before
    let n = if original { i - 1 } else { i };
    let value = 3000 + (n * 37 % 90) * 100;
    let verb = VERBS[n % VERBS.len()];
    let place = PLACES[n % PLACES.len()];
    let (source, kind) = SOURCES[n % SOURCES.len()];
    let day = 1 + n % 28;
    let lead = format!(
        "North Korea has {verb} about {value} troops to {place}, the {source} said on October {day}. "
    );
    let mut text = lead.clone();
    for k in 0..12 {
        text.push_str(&filler(n, k));
        if k == 5 {
            text.push_str(&format!("Each soldier is paid about $2,000 a month, or ${} million a year in total. ", value * 24 / 1000));
        }
    }
    let quote = format!("\"We are watching every unit,\" said Lloyd Austin in case {n}.");
    text.push_str(&quote);
    let lead_end = lead.trim_end().len();
    let q = text.find(&quote).unwrap_or(0);
    let claim = |id: &str, value: f64, bound: Bound, unit: &str, per: Option<&str>, per_each: Option<&str>, subject: &str| Claim {
        id: id.into(),
        start: 0,
        end: lead_end,
        text: text[..lead_end].to_string(),
        quantity: None,
        value: Some(value),
        low: None,
        high: None,
        bound: Some(bound),
        unit: Some(unit.into()),
        per: per.map(String::from),
        per_each: per_each.map(String::from),
        subject: subject.into(),
        source: ClaimSource { name: Some(source.into()), entity: None, kind },
        modality: Modality::Reported,
        time: Some(format!("2024-10-{day:02}")),
        time_kind: ClaimTime::Event,
        frame: Default::default(),
    };
    let claims = vec![
        claim("c1", value as f64, Bound::Approx, "person", None, None, "North Korean troops sent to Russia"),
        claim("c2", 2000.0, Bound::Approx, "USD", Some("month"), Some("soldier"), "pay per soldier"),
        claim("c3", (value * 24 / 1000) as f64 * 1e6, Bound::Exact, "USD", Some("year"), None, "total pay"),
    ];
    let entities = vec![
        entity("e1", "North Korea", EntityKind::Place, &text),
        entity("e2", place, EntityKind::Place, &text),
        entity("e3", "Lloyd Austin", EntityKind::Person, &text),
        entity("e4", "Seoul", EntityKind::Place, &text),
    ];
    let day_text = format!("October {day}");
    let t = text.find(&day_text).unwrap_or(0);
    Document {
        id: format!("doc-{i:05}"),
        source: format!("bench/{i}.txt"),
        title: Some(format!("North Korean troops in {place}")),
        published: Some(format!("2024-10-{:02}", day.min(27) + usize::from(original))),
        outlet: Some(OUTLETS[i % OUTLETS.len()].into()),
        times: vec![TimeExpr { start: t, end: t + day_text.len(), text: day_text, value: Some(format!("2024-10-{day:02}")), kind: TimeKind::Date, expected: false }],
        quotes: vec![Quote { start: q, end: q + quote.len(), text: quote.clone(), direct: true, speaker: Some("e3".into()), speaker_name: Some("Lloyd Austin".into()), cue: Some("said".into()) }],
        entities,
        claims,
        text,
        ..Default::default()
    }
}

fn main() {
    let n: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let docs: Vec<Document> = (0..n).map(document).collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let report = sitrep_fuse::fuse(&docs);
    println!(
        "fuse: {} documents ({:.1} MB), {} independent, {} topics, {} checks, {} timeline entries, {} entities",
        n,
        bytes as f64 / 1e6,
        report.summary.independent_documents,
        report.topics.len(),
        report.checks.len(),
        report.timeline.len(),
        report.entities.len()
    );
    let runs = 3;
    let start = Instant::now();
    for _ in 0..runs {
        black_box(sitrep_fuse::fuse(black_box(&docs)));
    }
    let secs = start.elapsed().as_secs_f64() / runs as f64;
    println!(
        "fuse: {:.3} s per run, {:.0} docs/s, {:.2} MB/s ({} threads)",
        secs,
        n as f64 / secs,
        bytes as f64 / 1e6 / secs,
        rayon::current_num_threads()
    );
    let stage = |name: &str, f: &dyn Fn()| {
        let start = Instant::now();
        f();
        println!("  {name}: {:.3} s", start.elapsed().as_secs_f64());
    };
    stage("duplicates", &|| drop(black_box(sitrep_fuse::dedup::duplicates(&docs))));
    let duplicate_of = sitrep_fuse::dedup::duplicates(&docs);
    stage("entities", &|| drop(black_box(sitrep_fuse::entities::resolve(&docs))));
    let members: Vec<_> = docs.iter().map(sitrep_fuse::stories::member).collect();
    stage("stories (profiles)", &|| _ = black_box(docs.iter().map(sitrep_fuse::stories::profile).count()));
    stage("stories (clustering)", &|| drop(black_box(sitrep_fuse::stories::cluster(&members, &duplicate_of))));
    let everything: Vec<usize> = (0..docs.len()).collect();
    stage("topics (grouping)", &|| drop(black_box(sitrep_fuse::topics::group(&docs, &everything))));
    stage("checks", &|| _ = black_box(docs.iter().map(|d| sitrep_fuse::checks::check(d).len()).sum::<usize>()));
    let order: Vec<usize> = (0..docs.len()).collect();
    stage("timeline", &|| drop(black_box(sitrep_fuse::timeline::build(&docs, &order))));
}
