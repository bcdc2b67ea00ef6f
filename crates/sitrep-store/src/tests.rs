use super::*;
use proptest::prelude::*;
use sitrep_core::{
    Bound, Claim, ClaimSource, ClaimTime, Entity, EntityKind, Mention, Modality, Quantity, Quote, SourceKind, TimeExpr, TimeKind,
};

fn doc(id: &str, text: &str) -> Document {
    Document { id: id.into(), source: format!("{id}.txt"), text: text.into(), ..Default::default() }
}

/// A document with one of every annotation.
fn annotated(id: &str) -> Document {
    let text = "Seoul's spy agency said about 3,000 troops left on Friday.";
    Document {
        title: Some("Troops leave".into()),
        byline: vec!["A. Writer".into()],
        published: Some("2024-10-18".into()),
        outlet: Some("Example Times".into()),
        language: Some("en".into()),
        url: Some("https://example.com/a".into()),
        entities: vec![Entity {
            id: "e1".into(),
            name: "Seoul".into(),
            kind: EntityKind::Place,
            mentions: vec![Mention { start: 0, end: 5, text: "Seoul".into() }],
            descriptors: vec!["the capital".into()],
        }],
        quotes: vec![Quote {
            start: 28,
            end: 57,
            text: "about 3,000 troops left on Friday".into(),
            direct: false,
            speaker: None,
            speaker_name: Some("Seoul's spy agency".into()),
            cue: Some("said".into()),
        }],
        quantities: vec![Quantity {
            start: 28,
            end: 39,
            text: "about 3,000".into(),
            kind: "count".into(),
            value: Some(3000.0),
            low: Some(2500.0),
            high: Some(3500.0),
            bound: Bound::Approx,
            unit: Some("person".into()),
            per: None,
            per_each: None,
            counted: Some("troops".into()),
        }],
        times: vec![TimeExpr {
            start: 50,
            end: 57,
            text: "Friday".into(),
            value: Some("2024-10-18".into()),
            kind: TimeKind::Date,
            expected: true,
        }],
        claims: vec![Claim {
            id: "c1".into(),
            start: 0,
            end: text.len(),
            text: text.into(),
            quantity: Some(0),
            value: Some(3000.0),
            low: Some(2500.0),
            high: Some(3500.0),
            bound: Some(Bound::Approx),
            unit: Some("person".into()),
            per: None,
            per_each: None,
            subject: "troops".into(),
            source: ClaimSource { name: Some("Seoul's spy agency".into()), entity: None, kind: SourceKind::Government },
            modality: Modality::Estimated,
            time: Some("2024-10-18".into()),
            time_kind: ClaimTime::Expected,
        }],
        ..doc(id, text)
    }
}

fn all(store: &Store) -> Vec<Document> {
    store.documents().collect::<Result<_, _>>().unwrap()
}

fn count(store: &Store, table: &str) -> i64 {
    store.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn fts5_is_compiled_in() {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE VIRTUAL TABLE t USING fts5(x); INSERT INTO t VALUES ('troops arrived');").unwrap();
    let n: i64 = conn.query_row("SELECT count(*) FROM t WHERE t MATCH 'troops'", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_new_store_is_created_migrated_and_marked_as_sitrep() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let store = Store::open(&path).unwrap();
    assert!(path.exists());
    assert!(store.is_empty().unwrap());
    let version: i64 = store.conn.query_row("SELECT version FROM schema_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, schema::VERSION);
    let app: i32 = store.conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(app, schema::APPLICATION_ID);
    let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    // Reopening an up-to-date store changes nothing.
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&store, "schema_version"), 1);
}

#[test]
fn put_outcomes_follow_id_and_content() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let mut b = store.batch().unwrap();
    assert_eq!(b.put(&annotated("a")).unwrap(), Put::Inserted);
    assert_eq!(b.put(&annotated("a")).unwrap(), Put::Unchanged);
    assert_eq!(b.put(&annotated("b")).unwrap(), Put::SameContentAs("a".into()));
    // The same text under a different title is different content.
    let retitled = Document { title: Some("Another headline".into()), ..annotated("c") };
    assert_eq!(b.put(&retitled).unwrap(), Put::Inserted);
    // Only metadata or annotations changed: same content, no-op.
    let reannotated = Document { quotes: vec![], outlet: None, ..annotated("a") };
    assert_eq!(b.put(&reannotated).unwrap(), Put::Unchanged);
    b.commit().unwrap();
    assert_eq!(store.len().unwrap(), 2);
}

#[test]
fn a_replaced_document_keeps_its_place_and_loses_its_old_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let mut b = store.batch().unwrap();
    b.put(&annotated("a")).unwrap();
    b.put(&doc("b", "Second document.")).unwrap();
    let new_a = doc("a", "A corrected story with no annotations.");
    assert_eq!(b.put(&new_a).unwrap(), Put::Replaced);
    b.commit().unwrap();
    assert_eq!(all(&store), vec![new_a, doc("b", "Second document.")]);
    for table in ["entities", "mentions", "quotes", "quantities", "times", "claims"] {
        assert_eq!(count(&store, table), 0, "{table} keeps rows of the replaced document");
    }
    assert_eq!(store.search("annotations", 10).unwrap().len(), 1);
    assert_eq!(store.search("troops", 10).unwrap().len(), 0, "the index still has the old text");
}

#[test]
fn a_dropped_batch_rolls_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let mut b = store.batch().unwrap();
    b.put(&annotated("kept")).unwrap();
    b.commit().unwrap();
    {
        let mut b = store.batch().unwrap();
        b.put(&doc("lost", "This one is never committed.")).unwrap();
        b.put(&doc("kept", "Nor is this replacement.")).unwrap();
    }
    assert_eq!(all(&store), vec![annotated("kept")]);
}

#[test]
fn readers_see_the_last_commit_while_a_batch_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut writer = Store::open(&path).unwrap();
    let mut b = writer.batch().unwrap();
    b.put(&annotated("a")).unwrap();
    b.commit().unwrap();
    let mut b = writer.batch().unwrap();
    b.put(&doc("b", "Written but not yet committed.")).unwrap();
    let reader = Store::open(&path).unwrap();
    assert_eq!(reader.len().unwrap(), 1);
    assert_eq!(reader.search("committed", 5).unwrap().len(), 0);
    b.commit().unwrap();
    assert_eq!(reader.len().unwrap(), 2);
}

#[test]
fn a_second_writer_is_told_the_database_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut first = Store::open(&path).unwrap();
    let mut second = Store::open(&path).unwrap();
    second.conn.busy_timeout(std::time::Duration::from_millis(20)).unwrap();
    let batch = first.batch().unwrap();
    let e = second.batch().err().unwrap();
    assert!(matches!(e, StoreError::Busy { .. }), "{e:?}");
    assert!(e.to_string().contains("locked by another writer"), "{e}");
    drop(batch);
    assert!(second.batch().is_ok());
}

#[test]
fn documents_come_back_in_ingest_order_across_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let docs: Vec<Document> = (0..2500)
        .map(|i| {
            let mut d = annotated(&format!("d{i:05}"));
            d.text = format!("{} Number {i}.", d.text);
            d
        })
        .rev()
        .collect();
    let mut b = store.batch().unwrap();
    for d in &docs {
        assert_eq!(b.put(d).unwrap(), Put::Inserted);
    }
    b.commit().unwrap();
    assert_eq!(store.len().unwrap(), docs.len());
    assert_eq!(all(&store), docs);
}

#[test]
fn search_finds_words_with_a_marked_snippet() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let mut b = store.batch().unwrap();
    b.put(&annotated("a")).unwrap();
    b.put(&doc("b", "The parliament ratified the treaty on Tuesday.")).unwrap();
    b.commit().unwrap();
    let hits = store.search("troop", 10).unwrap();
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!((hit.doc.as_str(), hit.outlet.as_deref()), ("a", Some("Example Times")));
    assert_eq!(hit.published.as_deref(), Some("2024-10-18"));
    assert!(hit.marked("[", "]").contains("[troops]"), "{hit:?}");
    assert_eq!(store.search("title:treaty", 10).unwrap().len(), 0);
    let by_title = store.search("title:leave", 10).unwrap();
    assert_eq!((by_title.len(), by_title[0].marks.len()), (1, 0), "{by_title:?}");
    assert!(by_title[0].snippet.starts_with("Seoul's spy agency"), "{by_title:?}");
    assert_eq!(store.search("ratif*", 10).unwrap()[0].doc, "b");
    assert_eq!(store.search("ratified OR troops", 1).unwrap().len(), 1);
}

#[test]
fn a_match_in_the_title_ranks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let mut b = store.batch().unwrap();
    let body = "The harbour board met on Monday. A ferry strike was mentioned once among other business of the week.";
    b.put(&Document { title: Some("Board meeting".into()), ..doc("text", body) }).unwrap();
    b.put(&Document { title: Some("Ferry strike ends".into()), ..doc("title", "Crews returned to work on Tuesday after talks.") })
        .unwrap();
    b.commit().unwrap();
    let hits = store.search("strike", 10).unwrap();
    assert_eq!(hits.iter().map(|h| h.doc.as_str()).collect::<Vec<_>>(), ["title", "text"]);
    assert!(hits[0].rank < hits[1].rank);
}

#[test]
fn a_malformed_query_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("s.db")).unwrap();
    for q in ["\"unbalanced", "AND AND", "nosuchcolumn:word", "(troops"] {
        match store.search(q, 10) {
            Err(e @ StoreError::Query { .. }) => assert!(e.to_string().contains(q), "{e}"),
            other => panic!("{q:?} gave {other:?}"),
        }
    }
}

#[test]
fn random_bytes_are_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.db");
    let bytes: Vec<u8> = (0..8192u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(&path, &bytes).unwrap();
    let e = Store::open(&path).err().expect("random bytes open as a store");
    assert!(matches!(e, StoreError::NotSqlite { .. }), "{e:?}");
    assert!(e.to_string().starts_with(&path.display().to_string()), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file was modified");
}

#[test]
fn damaged_pages_are_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    let mut b = store.batch().unwrap();
    for i in 0..200 {
        b.put(&Document { text: format!("{} Copy {i}.", annotated("x").text), ..annotated(&format!("d{i}")) }).unwrap();
    }
    b.commit().unwrap();
    drop(store); // checkpoints the WAL into the file
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 64 * 1024, "the database is too small to damage: {} bytes", bytes.len());
    // Keep the header and schema page, scramble every page after them.
    for (i, b) in bytes.iter_mut().enumerate().skip(8192) {
        *b = (i.wrapping_mul(2_654_435_761) >> 7) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    let result = Store::open(&path).and_then(|s| {
        s.documents().collect::<Result<Vec<_>, _>>()?;
        s.len()
    });
    let e = result.expect_err("scrambled pages read without error");
    assert!(matches!(e, StoreError::Corrupt { .. } | StoreError::NotSqlite { .. }), "{e:?}");
    assert!(e.to_string().contains("s.db"), "{e}");
}

#[test]
fn another_programs_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.db");
    Connection::open(&plain).unwrap().execute_batch("CREATE TABLE notes (body TEXT);").unwrap();
    let e = Store::open(&plain).err().unwrap();
    assert!(matches!(e, StoreError::Foreign { .. }), "{e:?}");
    assert!(e.to_string().contains("plain.db"), "{e}");
    let conn = Connection::open(&plain).unwrap();
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).unwrap();
    assert_eq!(tables, 1);

    let other = dir.path().join("other.db");
    Connection::open(&other).unwrap().execute_batch("PRAGMA application_id = 1234;").unwrap();
    let e = Store::open(&other).err().unwrap();
    assert!(e.to_string().contains("0x000004d2"), "{e}");
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    Store::open(&path).unwrap().conn.execute("UPDATE schema_version SET version = version + 1", []).unwrap();
    match Store::open(&path) {
        Err(StoreError::TooNew { found, known, .. }) => assert_eq!((found, known), (schema::VERSION + 1, schema::VERSION)),
        other => panic!("{:?}", other.err()),
    }
}

#[test]
fn a_later_migration_step_upgrades_an_existing_store_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    let mut b = store.batch().unwrap();
    b.put(&annotated("a")).unwrap();
    b.commit().unwrap();
    let v2 = "ALTER TABLE documents ADD COLUMN note TEXT; CREATE INDEX documents_published ON documents (published);";
    let steps = [schema::MIGRATIONS, &[v2]].concat();
    store.migrate(&steps).unwrap();
    let version: i64 = store.conn.query_row("SELECT version FROM schema_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, schema::VERSION + 1);
    let note: Option<String> = store.conn.query_row("SELECT note FROM documents", [], |r| r.get(0)).unwrap();
    assert_eq!(note, None);
    assert_eq!(all(&store), vec![annotated("a")]);
    // Running the steps again is a no-op; this build now sees a newer store.
    store.migrate(&steps).unwrap();
    drop(store);
    assert!(matches!(Store::open(&path), Err(StoreError::TooNew { .. })));
}

#[test]
fn a_negative_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    Store::open(&path).unwrap().conn.execute("UPDATE schema_version SET version = -3", []).unwrap();
    let e = Store::open(&path).err().unwrap();
    assert!(e.to_string().contains("schema version is -3"), "{e}");
}

#[test]
fn open_existing_does_not_create() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.db");
    assert!(matches!(Store::open_existing(&path), Err(StoreError::Missing { .. })));
    assert!(!path.exists());
}

#[test]
fn bad_stored_values_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    let mut b = store.batch().unwrap();
    b.put(&annotated("a")).unwrap();
    b.commit().unwrap();
    store.conn.execute("UPDATE entities SET kind = 'planet'", []).unwrap();
    let first = store.documents().next().unwrap();
    assert!(matches!(first, Err(StoreError::Data { .. })), "{first:?}");
    store.conn.execute("UPDATE entities SET kind = 'place'", []).unwrap();
    store.conn.execute("UPDATE mentions SET start = -1", []).unwrap();
    assert!(store.documents().any(|d| d.is_err()));
}

fn text() -> impl Strategy<Value = String> {
    any::<String>()
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(any::<String>())
}

fn number() -> impl Strategy<Value = Option<f64>> {
    use proptest::num::f64::{INFINITE, NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    proptest::option::of(NORMAL | SUBNORMAL | ZERO | INFINITE | POSITIVE | NEGATIVE)
}

fn offset() -> impl Strategy<Value = usize> {
    0usize..1 << 40
}

fn bound() -> impl Strategy<Value = Bound> {
    prop_oneof![Just(Bound::Exact), Just(Bound::Approx), Just(Bound::AtLeast), Just(Bound::AtMost), Just(Bound::Range)]
}

fn entity() -> impl Strategy<Value = Entity> {
    let kind = prop_oneof![
        Just(EntityKind::Person),
        Just(EntityKind::Organization),
        Just(EntityKind::Place),
        Just(EntityKind::Group),
        Just(EntityKind::Other)
    ];
    let mention = (offset(), offset(), text()).prop_map(|(start, end, text)| Mention { start, end, text });
    (text(), text(), kind, proptest::collection::vec(mention, 0..4), proptest::collection::vec(text(), 0..3))
        .prop_map(|(id, name, kind, mentions, descriptors)| Entity { id, name, kind, mentions, descriptors })
}

fn quote() -> impl Strategy<Value = Quote> {
    (offset(), offset(), text(), any::<bool>(), opt_text(), opt_text(), opt_text()).prop_map(
        |(start, end, text, direct, speaker, speaker_name, cue)| Quote {
            start,
            end,
            text,
            direct,
            speaker,
            speaker_name,
            cue,
        },
    )
}

fn quantity() -> impl Strategy<Value = Quantity> {
    ((offset(), offset(), text(), text()), (number(), number(), number(), bound()), (opt_text(), opt_text(), opt_text(), opt_text()))
        .prop_map(|((start, end, text, kind), (value, low, high, bound), (unit, per, per_each, counted))| Quantity {
            start,
            end,
            text,
            kind,
            value,
            low,
            high,
            bound,
            unit,
            per,
            per_each,
            counted,
        })
}

fn time() -> impl Strategy<Value = TimeExpr> {
    let kind = prop_oneof![
        Just(TimeKind::Date),
        Just(TimeKind::Month),
        Just(TimeKind::Year),
        Just(TimeKind::Week),
        Just(TimeKind::Quarter),
        Just(TimeKind::Datetime),
        Just(TimeKind::Period),
        Just(TimeKind::Duration),
        Just(TimeKind::Set)
    ];
    (offset(), offset(), text(), opt_text(), kind, any::<bool>())
        .prop_map(|(start, end, text, value, kind, expected)| TimeExpr { start, end, text, value, kind, expected })
}

fn claim() -> impl Strategy<Value = Claim> {
    let source_kind = prop_oneof![
        Just(SourceKind::Person),
        Just(SourceKind::Organization),
        Just(SourceKind::Government),
        Just(SourceKind::Media),
        Just(SourceKind::Anonymous),
        Just(SourceKind::Author)
    ];
    let modality = prop_oneof![
        Just(Modality::Asserted),
        Just(Modality::Estimated),
        Just(Modality::Reported),
        Just(Modality::Possible),
        Just(Modality::Hypothetical),
        Just(Modality::Denied)
    ];
    let time_kind = prop_oneof![Just(ClaimTime::Event), Just(ClaimTime::Expected), Just(ClaimTime::Report)];
    (
        (text(), offset(), offset(), text(), proptest::option::of(0usize..1000)),
        (number(), number(), number(), proptest::option::of(bound())),
        (opt_text(), opt_text(), opt_text(), text()),
        (opt_text(), opt_text(), source_kind, modality, opt_text(), time_kind),
    )
        .prop_map(
            |(
                (id, start, end, text, quantity),
                (value, low, high, bound),
                (unit, per, per_each, subject),
                (name, entity, kind, modality, time, time_kind),
            )| Claim {
                id,
                start,
                end,
                text,
                quantity,
                value,
                low,
                high,
                bound,
                unit,
                per,
                per_each,
                subject,
                source: ClaimSource { name, entity, kind },
                modality,
                time,
                time_kind,
            },
        )
}

fn document() -> impl Strategy<Value = Document> {
    use proptest::collection::vec;
    (
        (text(), text(), opt_text(), opt_text(), vec(text(), 0..3), opt_text(), opt_text(), opt_text(), text()),
        (vec(entity(), 0..4), vec(quote(), 0..3), vec(quantity(), 0..3), vec(time(), 0..3), vec(claim(), 0..3)),
    )
        .prop_map(
            |(
                (id, source, url, title, byline, published, outlet, language, text),
                (entities, quotes, quantities, times, claims),
            )| Document {
                id,
                source,
                url,
                title,
                byline,
                published,
                outlet,
                language,
                text,
                entities,
                quotes,
                quantities,
                times,
                claims,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn documents_round_trip_exactly(docs in proptest::collection::vec(document(), 1..6)) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("s.db")).unwrap();
        let mut b = store.batch().unwrap();
        let mut expected: Vec<Document> = Vec::new();
        for d in &docs {
            let known_id = expected.iter().position(|e| e.id == d.id);
            let same = expected.iter().find(|e| write::content_hash(e) == write::content_hash(d)).map(|e| e.id.clone());
            let put = b.put(d).unwrap();
            match (known_id, same) {
                (Some(_), Some(id)) if id == d.id => prop_assert_eq!(put, Put::Unchanged),
                (_, Some(id)) => prop_assert_eq!(put, Put::SameContentAs(id)),
                (Some(i), None) => { prop_assert_eq!(put, Put::Replaced); expected[i] = d.clone(); }
                (None, None) => { prop_assert_eq!(put, Put::Inserted); expected.push(d.clone()); }
            }
        }
        b.commit().unwrap();
        prop_assert_eq!(store.len().unwrap(), expected.len());
        prop_assert_eq!(all(&store), expected);
    }

    #[test]
    fn any_query_is_hits_or_an_error(query in any::<String>()) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("s.db")).unwrap();
        let mut b = store.batch().unwrap();
        b.put(&annotated("a")).unwrap();
        b.commit().unwrap();
        match store.search(&query, 5) {
            Ok(hits) => prop_assert!(hits.len() <= 1),
            Err(e) => prop_assert!(matches!(e, StoreError::Query { .. }), "{:?}", e),
        }
    }
}
