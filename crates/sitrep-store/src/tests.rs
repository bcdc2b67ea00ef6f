use super::*;
use proptest::prelude::*;
use sitrep_core::{
    Frame, Layers,
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
            start: 24,
            end: 57,
            text: "about 3,000 troops left on Friday".into(),
            direct: false,
            speaker: None,
            speaker_name: Some("Seoul's spy agency".into()),
            cue: Some("said".into()),
        }],
        quantities: vec![Quantity {
            start: 24,
            end: 35,
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
            vague: false,
        }],
        times: vec![TimeExpr {
            start: 51,
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
            frame: Frame { counted: Some("troops".into()), group: Some("North Korean".into()), measure: Some("deployed".into()), place: Some("Kursk".into()), within: vec!["Russia".into()], part: true, ..Default::default() },
        }],
        sentences: vec![sitrep_core::Span::new(0, text.len())],
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
fn the_version_is_the_number_of_migration_steps() {
    assert_eq!(schema::migrations().len() as i64, schema::VERSION);
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
    assert_eq!(b.put(&annotated("a"), 1).unwrap(), Put::Inserted);
    assert_eq!(b.put(&annotated("a"), 1).unwrap(), Put::Unchanged);
    assert_eq!(b.put(&annotated("b"), 1).unwrap(), Put::SameContentAs("a".into()));
    // The same text under a different title is different content.
    let retitled = Document { title: Some("Another headline".into()), ..annotated("c") };
    assert_eq!(b.put(&retitled, 1).unwrap(), Put::Inserted);
    // Only metadata or annotations changed: same content, no-op.
    let reannotated = Document { quotes: vec![], outlet: None, ..annotated("a") };
    assert_eq!(b.put(&reannotated, 1).unwrap(), Put::Unchanged);
    b.commit().unwrap();
    assert_eq!(store.len().unwrap(), 2);
}

#[test]
fn a_replaced_document_keeps_its_place_and_loses_its_old_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let mut b = store.batch().unwrap();
    b.put(&annotated("a"), 1).unwrap();
    b.put(&doc("b", "Second document."), 1).unwrap();
    let new_a = doc("a", "A corrected story with no annotations.");
    assert_eq!(b.put(&new_a, 1).unwrap(), Put::Replaced);
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
    b.put(&annotated("kept"), 1).unwrap();
    b.commit().unwrap();
    {
        let mut b = store.batch().unwrap();
        b.put(&doc("lost", "This one is never committed."), 1).unwrap();
        b.put(&doc("kept", "Nor is this replacement."), 1).unwrap();
    }
    assert_eq!(all(&store), vec![annotated("kept")]);
}

#[test]
fn readers_see_the_last_commit_while_a_batch_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut writer = Store::open(&path).unwrap();
    let mut b = writer.batch().unwrap();
    b.put(&annotated("a"), 1).unwrap();
    b.commit().unwrap();
    let mut b = writer.batch().unwrap();
    b.put(&doc("b", "Written but not yet committed."), 1).unwrap();
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
        assert_eq!(b.put(d, 1).unwrap(), Put::Inserted);
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
    b.put(&annotated("a"), 1).unwrap();
    b.put(&doc("b", "The parliament ratified the treaty on Tuesday."), 1).unwrap();
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
    b.put(&Document { title: Some("Board meeting".into()), ..doc("text", body) }, 1).unwrap();
    b.put(&Document { title: Some("Ferry strike ends".into()), ..doc("title", "Crews returned to work on Tuesday after talks.") }, 1)
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
        b.put(&Document { text: format!("{} Copy {i}.", annotated("x").text), ..annotated(&format!("d{i}")) }, 1).unwrap();
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
    b.put(&annotated("a"), 1).unwrap();
    b.commit().unwrap();
    let next = "ALTER TABLE documents ADD COLUMN note TEXT; CREATE INDEX documents_published ON documents (published);";
    let steps = [schema::migrations(), vec![next.to_string()]].concat();
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
fn a_vague_amount_reads_back_vague() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let mut doc = annotated("a");
    doc.quantities.push(Quantity { start: 0, end: 6, text: "Seoul'".into(), kind: "count".into(), bound: Bound::Approx, vague: true, ..Default::default() });
    let mut b = store.batch().unwrap();
    b.put(&doc, 1).unwrap();
    b.commit().unwrap();
    let back = all(&store);
    assert_eq!(back, vec![doc]);
    assert_eq!(back[0].quantities.iter().map(|q| q.vague).collect::<Vec<_>>(), vec![false, true]);
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
    b.put(&annotated("a"), 1).unwrap();
    b.commit().unwrap();
    store.conn.execute("UPDATE entities SET kind = 'planet'", []).unwrap();
    let first = store.documents().next().unwrap();
    assert!(matches!(first, Err(StoreError::Data { .. })), "{first:?}");
    store.conn.execute("UPDATE entities SET kind = 'place'", []).unwrap();
    store.conn.execute("UPDATE mention_rows SET start = -1", []).unwrap();
    assert!(store.documents().any(|d| d.is_err()));
}

#[test]
fn damaged_sentence_spans_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let mut b = store.batch().unwrap();
    b.put(&annotated("a"), 1).unwrap();
    b.put(&doc("b", "No sentences kept."), 1).unwrap();
    b.commit().unwrap();
    let blob: Option<Vec<u8>> = store.conn.query_row("SELECT sentences FROM documents WHERE id = 'b'", [], |r| r.get(0)).unwrap();
    assert_eq!(blob, None, "no spans are stored as NULL");
    store.conn.execute("UPDATE documents SET sentences = x'0080' WHERE id = 'a'", []).unwrap();
    assert!(matches!(store.documents().next().unwrap(), Err(StoreError::Data { .. })));
}

/// A v1 store (schema step 1 only) holding `annotated("a")` as sitrep 0.1
/// wrote it, span texts copied into every annotation table.
fn v1_store(path: &std::path::Path) {
    let mut store = Store { conn: Connection::open(path).unwrap(), path: path.to_path_buf() };
    store.migrate(&schema::migrations()[..1]).unwrap();
    let d = annotated("a");
    let (q, t, c, m) = (&d.quantities[0], &d.times[0], &d.claims[0], &d.entities[0].mentions[0]);
    store
        .conn
        .execute(
            "INSERT INTO documents (id, source, url, title, byline, published, outlet, language, text, hash, ingested_at)
             VALUES (?1, ?2, ?3, ?4, '[\"A. Writer\"]', ?5, ?6, ?7, ?8, ?9, '2024-10-18T09:00:00Z')",
            rusqlite::params![d.id, d.source, d.url, d.title, d.published, d.outlet, d.language, d.text, &write::content_hash(&d)[..]],
        )
        .unwrap();
    store
        .conn
        .execute_batch(&format!(
            r#"INSERT INTO entities VALUES (1, 0, 'e1', 'Seoul', 'place', '["the capital"]');
               INSERT INTO mentions VALUES (1, 0, 0, {}, {}, 'Seoul');
               INSERT INTO quotes VALUES (1, 0, 24, 57, 'about 3,000 troops left on Friday', 0, NULL, 'Seoul''s spy agency', 'said');
               INSERT INTO quantities VALUES (1, 0, {}, {}, 'about 3,000', 'count', 3000.0, 2500.0, 3500.0, 'approx', 'person', NULL, NULL, 'troops');
               INSERT INTO times VALUES (1, 0, {}, {}, 'Friday', '2024-10-18', 'date');
               INSERT INTO claims VALUES (1, 0, 'c1', {}, {}, '{}', 0, 3000.0, 2500.0, 3500.0, 'approx', 'person', NULL, NULL,
                                          'troops', 'Seoul''s spy agency', NULL, 'government', 'estimated', '2024-10-18');"#,
            m.start,
            m.end,
            q.start,
            q.end,
            t.start,
            t.end,
            c.start,
            c.end,
            c.text.replace('\'', "''"),
        ))
        .unwrap();
}

#[test]
fn a_v1_store_migrates_with_its_documents_unchanged_and_stale() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    v1_store(&path);
    let store = Store::open(&path).unwrap();
    // What v1 could not hold comes back as the defaults of step 2.
    let mut v1 = annotated("a");
    v1.times[0].expected = false;
    v1.claims[0].time_kind = ClaimTime::Event;
    v1.claims[0].frame = Frame::default();
    v1.sentences.clear();
    assert_eq!(all(&store), vec![v1]);
    // The copies of span texts are gone, the views still show them.
    for table in ["mention_rows", "quote_rows", "quantity_rows", "time_rows", "claim_rows"] {
        let copies: i64 = store.conn.query_row(&format!("SELECT count(text) FROM {table}"), [], |r| r.get(0)).unwrap();
        assert_eq!((table, copies), (table, 0));
    }
    let sentence: String = store.conn.query_row("SELECT text FROM claims", [], |r| r.get(0)).unwrap();
    assert_eq!(sentence, annotated("a").text);
    let mention: String = store.conn.query_row("SELECT text FROM mentions", [], |r| r.get(0)).unwrap();
    assert_eq!(mention, "Seoul");
    // Annotations of unknown age are stale for every annotator version.
    assert_eq!(store.count_stale(1).unwrap(), 1);
    assert_eq!(store.known(&annotated("a"), 1).unwrap(), None);
    assert_eq!(store.search("troops", 5).unwrap().len(), 1);
}

#[test]
fn a_span_text_that_is_not_its_slice_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let mut odd = annotated("a");
    odd.claims[0].text = "A sentence from elsewhere.".into();
    odd.times[0].end = odd.text.len() + 40; // past the end of the text
    let mut b = store.batch().unwrap();
    b.put(&odd, 1).unwrap();
    b.commit().unwrap();
    assert_eq!(all(&store), vec![odd.clone()]);
    let (claim, time): (Option<String>, Option<String>) = store
        .conn
        .query_row("SELECT c.text, t.text FROM claim_rows c, time_rows t", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((claim.as_deref(), time.as_deref()), (Some("A sentence from elsewhere."), Some("Friday")));
    let quote: Option<String> = store.conn.query_row("SELECT text FROM quote_rows", [], |r| r.get(0)).unwrap();
    assert_eq!(quote, None, "a quote that is its span is not copied");
}

#[test]
fn a_newer_annotator_rewrites_annotations_and_metadata_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let mut b = store.batch().unwrap();
    b.put(&annotated("a"), 1).unwrap();
    b.put(&doc("b", "A second story about a harbour."), 1).unwrap();
    b.commit().unwrap();
    let mut newer = annotated("a");
    newer.quotes.clear();
    newer.claims[0].modality = Modality::Reported;
    newer.outlet = Some("Example Weekly".into());
    let mut b = store.batch().unwrap();
    assert_eq!(b.put(&newer, 1).unwrap(), Put::Unchanged, "the same version is not rewritten");
    assert_eq!(b.put(&newer, 2).unwrap(), Put::Reannotated);
    assert_eq!(b.put(&newer, 2).unwrap(), Put::Unchanged);
    assert_eq!(b.put(&annotated("a"), 1).unwrap(), Put::Unchanged, "an older annotator does not overwrite a newer one");
    b.commit().unwrap();
    assert_eq!(all(&store), vec![newer, doc("b", "A second story about a harbour.")]);
    assert_eq!((store.count_stale(2).unwrap(), store.count_stale(1).unwrap()), (1, 0));
    assert_eq!(count(&store, "quote_rows"), 0);
    // The full-text index holds each document once.
    assert_eq!(store.search("troops", 5).unwrap().len(), 1);
    let indexed: i64 = store.conn.query_row("SELECT count(*) FROM documents_fts", [], |r| r.get(0)).unwrap();
    assert_eq!(indexed, 2);
    store.conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')", []).unwrap();
}

#[test]
fn known_needs_no_annotations_and_reads_only_what_is_committed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    let reader = Store::open(&path).unwrap();
    let bare = |id: &str| Document { entities: vec![], quotes: vec![], quantities: vec![], times: vec![], claims: vec![], ..annotated(id) };
    let mut b = store.batch().unwrap();
    b.put(&annotated("a"), 3).unwrap();
    assert_eq!(reader.known(&bare("a"), 3).unwrap(), None, "not committed yet");
    b.commit().unwrap();
    assert_eq!(reader.known(&bare("a"), 3).unwrap(), Some(Put::Unchanged));
    assert_eq!(reader.known(&bare("a"), 2).unwrap(), Some(Put::Unchanged));
    assert_eq!(reader.known(&bare("a"), 4).unwrap(), None, "stale annotations are to be redone");
    assert_eq!(reader.known(&bare("copy"), 3).unwrap(), Some(Put::SameContentAs("a".into())));
    assert_eq!(reader.known(&bare("copy"), 4).unwrap(), Some(Put::SameContentAs("a".into())));
    assert_eq!(reader.known(&doc("a", "New text under the old id."), 3).unwrap(), None);
    assert_eq!(reader.known(&doc("n", "A new document."), 3).unwrap(), None);
}

#[test]
fn a_writer_commits_chunk_by_chunk_and_a_dropped_one_loses_only_its_open_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    let reader = Store::open(&path).unwrap();
    let numbered = |i: usize| doc(&format!("d{i}"), &format!("Document number {i} of the series."));
    {
        let mut w = store.writer(Chunk { docs: 2, bytes: usize::MAX }, 1);
        for i in 0..5 {
            assert_eq!(w.put(&numbered(i)).unwrap(), Put::Inserted);
            assert_eq!(reader.len().unwrap(), i + 1 - (i + 1) % 2, "after {} puts", i + 1);
        }
        // An unchanged document counts toward the chunk too: this commits d4.
        assert_eq!(w.put(&numbered(0)).unwrap(), Put::Unchanged);
        assert_eq!(reader.len().unwrap(), 5);
        w.put(&numbered(5)).unwrap();
    }
    assert_eq!(reader.len().unwrap(), 5, "the open chunk is rolled back");

    // A byte budget: each text is over 30 bytes, so 60 bytes is two documents.
    let mut w = store.writer(Chunk { docs: 1000, bytes: 60 }, 1);
    for i in 5..8 {
        w.put(&numbered(i)).unwrap();
    }
    assert_eq!(reader.len().unwrap(), 7);
    w.finish().unwrap();
    assert_eq!(reader.len().unwrap(), 8);
    assert_eq!(all(&store), (0..8).map(numbered).collect::<Vec<_>>());
}

#[test]
fn stale_documents_come_without_annotations_and_once_while_they_are_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    let numbered = |i: usize| Document { text: format!("{} Number {i}.", annotated("x").text), ..annotated(&format!("d{i:04}")) };
    let mut b = store.batch().unwrap();
    for i in 0..2500 {
        b.put(&numbered(i), 1 + (i % 3 == 0) as u32).unwrap();
    }
    b.commit().unwrap();
    assert_eq!(store.count_stale(2).unwrap(), 1666);
    let reader = Store::open(&path).unwrap();
    let mut seen = Vec::new();
    let mut w = store.writer(Chunk { docs: 100, bytes: usize::MAX }, 2);
    for d in reader.stale(2) {
        let d = d.unwrap();
        assert!(d.entities.is_empty() && d.claims.is_empty() && d.quotes.is_empty());
        let i: usize = d.id[1..].parse().unwrap();
        assert_eq!(d, Document { entities: vec![], quotes: vec![], quantities: vec![], times: vec![], claims: vec![], ..numbered(i) });
        assert_eq!(w.put(&numbered(i)).unwrap(), Put::Reannotated);
        seen.push(i);
    }
    w.finish().unwrap();
    assert_eq!(seen, (0..2500).filter(|i| i % 3 != 0).collect::<Vec<_>>());
    assert_eq!(store.count_stale(2).unwrap(), 0);
    assert_eq!(reader.stale(2).count(), 0);
    assert_eq!(all(&store), (0..2500).map(numbered).collect::<Vec<_>>());
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
            // A vague amount is the quantity with no figure at all.
            vague: value.is_none() && low.is_none() && high.is_none(),
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
                frame: Frame { measure: subject.contains('a').then(|| "killed".to_string()), ..Default::default() },
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
        (vec(entity(), 0..4), vec(quote(), 0..3), vec(quantity(), 0..3), vec(time(), 0..3), vec(claim(), 0..3), vec((0usize..40, 0usize..300), 0..5)),
    )
        .prop_map(
            |(
                (id, source, url, title, byline, published, outlet, language, text),
                (entities, quotes, quantities, times, claims, sentences),
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
                // Sentences in order, as the splitter gives them: a gap and a length each.
                sentences: sentences
                    .iter()
                    .scan(0, |at, &(gap, len)| {
                        let s = sitrep_core::Span::new(*at + gap, *at + gap + len);
                        *at = s.end;
                        Some(s)
                    })
                    .collect(),
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
            let put = b.put(d, 1).unwrap();
            match (known_id, same) {
                (Some(_), Some(id)) if id == d.id => prop_assert_eq!(put, Put::Unchanged),
                (_, Some(id)) => prop_assert_eq!(put, Put::SameContentAs(id)),
                (Some(i), None) => { prop_assert_eq!(put, Put::Replaced); expected[i] = d.clone(); }
                (None, None) => { prop_assert_eq!(put, Put::Inserted); expected.push(d.clone()); }
            }
        }
        b.commit().unwrap();
        prop_assert_eq!(store.len().unwrap(), expected.len());
        prop_assert_eq!(all(&store), expected.clone());
        // Each claim read alone is the claim read with its document, with
        // the text of its figure.
        for d in &expected {
            for (i, c) in d.claims.iter().enumerate().filter(|(i, c)| !d.claims[..*i].iter().any(|o| o.id == c.id)) {
                let found = store.cited_claims(&[(d.id.as_str(), c.id.as_str())]).unwrap().remove(0);
                let figure = c.quantity.and_then(|q| d.quantities.get(q)).map(|q| q.text.clone());
                prop_assert_eq!(found, Some(CitedClaim { doc: d.id.clone(), claim: d.claims[i].clone(), figure }));
            }
        }
    }

    #[test]
    fn any_query_is_hits_or_an_error(query in any::<String>()) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("s.db")).unwrap();
        let mut b = store.batch().unwrap();
        b.put(&annotated("a"), 1).unwrap();
        b.commit().unwrap();
        match store.search(&query, 5) {
            Ok(hits) => prop_assert!(hits.len() <= 1),
            Err(e) => prop_assert!(matches!(e, StoreError::Query { .. }), "{:?}", e),
        }
    }
}

#[test]
fn overrides_are_kept_listed_in_order_and_removed_by_id() {
    use sitrep_core::overrides::{Anchor, Correction};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    // An older (v2) store gains the tables, its documents untouched.
    let mut store = Store::open(&path).unwrap();
    let mut b = store.batch().unwrap();
    b.put(&annotated("a"), 1).unwrap();
    b.commit().unwrap();
    store
        .conn
        .execute_batch(
            "DROP TABLE fusion_docs; DROP TABLE story_docs; DROP TABLE copy_heads; DROP TABLE fusion_names; DROP TABLE fusion_prints; DROP TABLE copy_keys; DROP TABLE copy_dirty; DROP TABLE copy_of; DROP TABLE copy_pairs; DROP TABLE overrides; DROP TABLE snapshots; DROP TABLE fusion_inputs; DROP TABLE story_topics; DROP TABLE stories;
             DROP TABLE fusion_state; DROP TRIGGER fusion_documents_insert; DROP TRIGGER fusion_documents_delete;
             DROP TRIGGER fusion_documents_update; ALTER TABLE documents DROP COLUMN sentences; UPDATE schema_version SET version = 2;",
        )
        .unwrap();
    drop(store);
    let mut store = Store::open(&path).unwrap();
    // The sentences v2 did not keep come back empty (readers split the text).
    let mut v2 = annotated("a");
    v2.sentences.clear();
    assert_eq!(all(&store), vec![v2]);
    let anchors = vec![Anchor { topic: "t1".into(), claims: vec!["a#k00000001".into()] }];
    let first = store.add_override(Correction::MergeTopics { into: "t1".into(), from: "t2".into() }, "ana", Some("same count"), anchors.clone()).unwrap();
    let second = store.add_override(Correction::ExcludeOutlet { outlet: "Rumour Mill".into() }, "bo", None, vec![]).unwrap();
    assert!(second.id > first.id);
    assert!(first.at.ends_with('Z') && first.at.contains('T'), "{}", first.at);
    assert_eq!(store.overrides().unwrap(), vec![first.clone(), second.clone()]);
    assert_eq!(store.overrides().unwrap()[0].anchors, anchors);
    assert!(store.remove_override(first.id).unwrap());
    assert!(!store.remove_override(first.id).unwrap(), "already gone");
    // Ids are never reused.
    let third = store.add_override(Correction::RejectClaim { claim: "a#k1".into() }, "ana", None, vec![]).unwrap();
    assert!(third.id > second.id);
    assert_eq!(store.overrides().unwrap().len(), 2);
    // A new ingest leaves them alone.
    let mut b = store.batch().unwrap();
    b.put(&annotated("b"), 1).unwrap();
    b.commit().unwrap();
    assert_eq!(store.overrides().unwrap(), vec![second, third]);
}

#[test]
fn snapshots_record_the_corpus_hash_and_replace_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let empty = store.corpus_hash().unwrap();
    let mut b = store.batch().unwrap();
    b.put(&annotated("a"), 1).unwrap();
    b.commit().unwrap();
    let one = store.corpus_hash().unwrap();
    assert_ne!(empty, one);
    let s = store.save_snapshot("monday", "0.1.0", vec![]).unwrap();
    assert_eq!((s.corpus_hash.as_str(), s.documents, s.version.as_str()), (one.as_str(), 1, "0.1.0"));
    assert_eq!(store.snapshot("monday").unwrap(), Some(s));
    assert_eq!(store.snapshot("tuesday").unwrap(), None);
    let other = Document { title: Some("Troops leave again".into()), ..annotated("b") };
    let mut b = store.batch().unwrap();
    b.put(&other, 1).unwrap();
    b.commit().unwrap();
    let again = store.save_snapshot("monday", "0.1.0", vec![]).unwrap();
    assert_eq!(again.documents, 2);
    assert_ne!(again.corpus_hash, one);
    assert_eq!(store.snapshots().unwrap(), vec![again]);
}

#[test]
fn fusion_is_stored_per_story_and_behind_after_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("f.db")).unwrap();
    let (generation, fused) = store.fusion_state().unwrap();
    assert_eq!(generation, fused + 1, "a new store has nothing fused yet");
    let mut b = store.batch().unwrap();
    for id in ["a", "b", "c"] {
        b.put(&titled(id), 1).unwrap();
    }
    b.commit().unwrap();
    let (after, _) = store.fusion_state().unwrap();
    assert_eq!(after, generation + 3, "each write counts");
    store.set_fused(after).unwrap();
    assert_eq!(store.fusion_state().unwrap(), (after, after));

    // Inputs: every document lacks one, then only those of another version.
    assert_eq!(store.without_fusion_input(1).unwrap().len(), 3);
    let input = |id: &str, profile: Vec<u8>| NewInput { id: id.into(), input: InputBytes { length: 7, names: profile.clone(), profile, fingerprint: vec![4], document: Vec::new() } };
    store.put_fusion_inputs(&[input("a", vec![1, 2]), input("b", vec![3]), input("zz", vec![9])], 1).unwrap();
    let keys = store.without_fusion_input(1).unwrap();
    assert_eq!(store.documents_by_key(keys).map(|d| d.unwrap().id).collect::<Vec<_>>(), vec!["c"]);
    let inputs = store.fusion_inputs().unwrap();
    assert_eq!(inputs.iter().map(|i| (i.id.as_str(), i.profile.clone())).collect::<Vec<_>>(), vec![("a", vec![1, 2]), ("b", vec![3])]);
    assert!(inputs.iter().all(|i| i.length == 7 && i.fingerprint == [4]));
    // Profile names come back in the order asked, a key asked twice twice,
    // a document without an input (or no document) as None.
    let (a, b, c) = (inputs[0].key, inputs[1].key, store.keys_of(&["c".into()]).unwrap()[0]);
    let asked = [b, c, a, 999, b];
    assert_eq!(store.profile_names(&asked).unwrap(), vec![Some(vec![3]), None, Some(vec![1, 2]), None, Some(vec![3])]);
    assert_eq!(store.profile_names(&[]).unwrap(), Vec::<Option<Vec<u8>>>::new());
    // Documents chosen by key come back whole, in key order.
    let keys = store.keys_of(&["c".into(), "a".into(), "nope".into()]).unwrap();
    assert_eq!(store.documents_by_key(keys).map(|d| d.unwrap()).collect::<Vec<_>>(), vec![titled("a"), titled("c")]);
    // A re-annotated document loses its input.
    let mut b = store.batch().unwrap();
    assert_eq!(b.put(&titled("a"), 2).unwrap(), Put::Reannotated);
    b.commit().unwrap();
    assert_eq!(store.without_fusion_input(1).unwrap().len(), 2);

    let story = |id: &str, size: usize, topics: &[&str]| StoredStory {
        id: id.into(),
        size,
        founder: ("2024-01-01".into(), id.into()),
        label: format!("{id} label"),
        hash: digest([id.as_bytes()]),
        story: Packed::json(&format!(r#"{{"label":"{id} label"}}"#)),
        report: StoredReport::of(&format!(r#"{{"id":"{id}","topics":[],"quotes":[]}}"#)).unwrap(),
        quote_groups: Packed::json("{}"),
        topics: topics.iter().map(|t| topic(t, &format!("{t} label"), "{}")).collect(),
        segments: Default::default(),
    };
    store.write_stories(&[story("s1", 1, &["t1"]), story("s2", 2, &["t2", "t3"])], &[]).unwrap();
    assert_eq!(store.story_ids().unwrap(), vec!["s2", "s1"], "largest first");
    assert_eq!(store.find_story("S1 LAB").unwrap().as_deref(), Some("s1"));
    assert_eq!(store.find_story("label").unwrap().as_deref(), Some("s2"), "the largest whose label matches");
    assert_eq!(store.topics(None, Some(2)).unwrap().iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), vec!["t2", "t3"]);
    assert_eq!(store.topics(Some("s1"), None).unwrap().len(), 1);
    assert_eq!(store.topics(None, None).unwrap().iter().map(|t| (t.story.as_str(), t.id.as_str())).collect::<Vec<_>>(), vec![("s2", "t2"), ("s2", "t3"), ("s1", "t1")]);
    assert!(store.topics(Some("nope"), None).unwrap().is_empty());
    assert!(store.topics(None, Some(0)).unwrap().is_empty());
    assert_eq!(store.stories_with_topic("T3").unwrap(), vec!["s2"]);
    assert_eq!(store.stories_with_topic("t1 lab").unwrap(), vec!["s1"]);
    // Rewritten and deleted stories take their topics with them.
    store.write_stories(&[story("s2", 2, &["t4"])], &["s1".into()]).unwrap();
    assert_eq!(store.story_hashes().unwrap(), vec![("s2".to_string(), digest([&b"s2"[..]]))]);
    assert_eq!(store.topics(None, None).unwrap().iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), vec!["t4"]);
    assert_eq!(store.story_report("s2").unwrap().as_deref(), Some(r#"{"id":"s2","topics":[{}],"quotes":[]}"#));
    assert_eq!(store.story_report("s1").unwrap(), None);

    // Removing documents: those stored, their inputs with them.
    assert_eq!(store.remove(&["b".into(), "nope".into()]).unwrap(), vec!["b"]);
    assert_eq!(all(&store).iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), vec!["a", "c"]);
    assert!(store.fusion_inputs().unwrap().is_empty());
    let mut seen = Vec::new();
    store.each_outlet_date(|o, p| seen.push((o.map(String::from), p.map(String::from)))).unwrap();
    assert_eq!(seen.len(), 2);
}

#[test]
fn copy_comparisons_are_kept_until_an_input_of_theirs_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("p.db")).unwrap();
    let mut b = store.batch().unwrap();
    for id in ["a", "b", "c", "d"] {
        b.put(&titled(id), 1).unwrap();
    }
    b.commit().unwrap();
    let input = |id: &str| NewInput { id: id.into(), input: InputBytes { length: 7, profile: vec![1], fingerprint: vec![4], names: vec![5], document: Vec::new() } };
    store.put_fusion_inputs(&[input("a"), input("b"), input("c")], 1).unwrap();
    let key = |id: &str| store.keys_of(&[id.to_string()]).unwrap()[0];
    let (a, b, c, d) = (key("a"), key("b"), key("c"), key("d"));
    let verdict = |a, b, copy| CopyPair { a, b, found: PairFound::Verdict(copy) };
    let pairs = |store: &Store| {
        let mut out = Vec::new();
        store.each_copy_pair(|p| out.push(p)).unwrap();
        out
    };
    let evidence = CopyPair { a: b, b: a, found: PairFound::Evidence { kind: "\"rewrite\"".into(), in_order: 0.1 + 0.2, sentences: 3, quotes: 1 } };
    // Comparisons of an older generation of documents are not kept.
    let (generation, _) = store.fusion_state().unwrap();
    assert!(!store.put_copy_pairs([verdict(a, b, true)], [], &CopyUpdate::default(), generation - 1).unwrap());
    assert!(pairs(&store).is_empty());
    // A pair with a document without an input ("d") is not kept.
    let all = [verdict(a, b, true), verdict(a, c, false), verdict(b, c, false), evidence.clone(), verdict(c, d, true)];
    assert!(store.put_copy_pairs(all, [], &CopyUpdate::default(), generation).unwrap());
    assert_eq!(pairs(&store), vec![verdict(a, b, true), verdict(a, c, false), evidence.clone(), verdict(b, c, false)]);
    // The connection keeps the store's page cache.
    let cache: i64 = store.conn.query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap();
    assert_eq!(cache, crate::PAGE_CACHE);
    // A reader of a share holds less, and reads the same.
    let reader = Store::open_existing(store.path()).unwrap();
    reader.limit_page_cache(8 * 1024).unwrap();
    let limited: i64 = reader.conn.query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap();
    assert_eq!(limited, -8 * 1024);
    assert_eq!(pairs(&reader), pairs(&store));
    reader.limit_page_cache(crate::PAGE_CACHE_KIB).unwrap();
    let full: i64 = reader.conn.query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap();
    assert_eq!(full, crate::PAGE_CACHE, "the full cache given back");
    // The share comes back to the bit.
    let Some(PairFound::Evidence { in_order, .. }) = pairs(&store).into_iter().nth(2).map(|p| p.found) else { panic!() };
    assert_eq!(in_order.to_bits(), (0.1f64 + 0.2).to_bits());
    // A new input of "c" voids its comparisons; removing "b" takes its own.
    store.put_fusion_inputs(&[input("c")], 1).unwrap();
    assert_eq!(pairs(&store), vec![verdict(a, b, true), evidence]);
    store.remove(&["b".into()]).unwrap();
    assert!(pairs(&store).is_empty());
    // A re-annotated document loses its input and its comparisons.
    store.put_fusion_inputs(&[input("c")], 1).unwrap();
    store.put_copy_pairs([verdict(a, c, true)], [], &CopyUpdate::default(), store.fusion_state().unwrap().0).unwrap();
    let mut batch = store.batch().unwrap();
    assert_eq!(batch.put(&titled("c"), 2).unwrap(), Put::Reannotated);
    batch.commit().unwrap();
    assert!(pairs(&store).is_empty());
}

/// A document with one of every annotation and a title of its own.
fn titled(id: &str) -> Document {
    Document { title: Some(format!("Troops leave {id}")), ..annotated(id) }
}

#[test]
fn cited_claims_and_stored_topics_are_read_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("s.db")).unwrap();
    let a = annotated("a");
    // A claim that states no figure, in a document of its own content.
    let mut b = Document { title: Some("Another title".into()), ..annotated("b") };
    b.claims[0].quantity = None;
    let mut batch = store.batch().unwrap();
    batch.put(&a, 1).unwrap();
    batch.put(&b, 1).unwrap();
    batch.commit().unwrap();
    let found = store.cited_claims(&[("b", "c1"), ("a", "c1"), ("a", "c9"), ("nope", "c1")]).unwrap();
    assert_eq!(found[0], Some(CitedClaim { doc: "b".into(), claim: b.claims[0].clone(), figure: None }));
    assert_eq!(found[1], Some(CitedClaim { doc: "a".into(), claim: a.claims[0].clone(), figure: Some("about 3,000".into()) }));
    assert_eq!(found[2..], [None, None]);
    assert!(store.cited_claims(&[]).unwrap().is_empty());
    // Documents' keys by id, in the order asked.
    let keys = store.document_keys(&["nope", "b", "a", "b"]).unwrap();
    assert_eq!(keys[0], None);
    assert!(keys[1].is_some() && keys[2].is_some() && keys[1] != keys[2]);
    assert_eq!(keys[3], keys[1], "an id asked twice");

    let report_text = r#"{"summary":{"topics":[1]},"topics":[],"more":"\"quotes\":[]","quotes":[{"q":"]"},{"q":"[\\"}],"after":0}"#;
    let story = StoredStory {
        id: "s1".into(),
        size: 2,
        founder: ("2024-01-01".into(), "a".into()),
        label: "s1 label".into(),
        hash: digest([&b"s1"[..]]),
        story: Packed::json("{}"),
        report: StoredReport::of(report_text).unwrap(),
        quote_groups: Packed::json(r#"{"speakers":0}"#),
        topics: vec![topic("t1", "Troops left", r#"{"id":"t1"}"#), topic("t2", "Troops killed", r#"{"id":"t2"}"#)],
        segments: Default::default(),
    };
    store.write_stories(std::slice::from_ref(&story), &[]).unwrap();
    assert_eq!(store.topic_heads("s1").unwrap(), vec![("t1".to_string(), "Troops left".to_string()), ("t2".to_string(), "Troops killed".to_string())]);
    assert!(store.topic_heads("nope").unwrap().is_empty());
    let mut json = String::new();
    std::io::Read::read_to_string(&mut store.story_topic_reader("s1", 1).unwrap().unwrap(), &mut json).unwrap();
    assert_eq!(json, r#"{"id":"t2"}"#);
    assert!(store.story_topic_reader("s1", 2).unwrap().is_none());
    assert!(store.story_topic_reader("nope", 0).unwrap().is_none());
    // The claims it cites, beside it.
    let mut lines = String::new();
    std::io::Read::read_to_string(&mut store.story_topic_claims_reader("s1", 1).unwrap().unwrap(), &mut lines).unwrap();
    assert_eq!(lines, "{\"id\":\"c2 of t2\"}\n");
    assert!(store.story_topic_claims_reader("s1", 2).unwrap().is_none());
    assert!(store.story_topic_claims_reader("nope", 0).unwrap().is_none());
    // Topic by topic, until told to stop.
    let mut seen = Vec::new();
    store
        .each_topic(None, true, |t| {
            seen.push((t.story.to_string(), t.id.to_string(), t.label.to_string(), t.listing.to_string(), t.topic.to_vec()));
            false
        })
        .unwrap();
    assert_eq!(seen, vec![("s1".to_string(), "t1".to_string(), "Troops left".to_string(), "[\"t1 listed\"]".to_string(), br#"{"id":"t1"}"#.to_vec())]);
    // Without the JSON, only the listing is read.
    let mut seen = Vec::new();
    store.each_topic(Some("s1"), false, |t| {
        seen.push((t.listing.to_string(), t.topic.len()));
        true
    })
    .unwrap();
    assert_eq!(seen, vec![("[\"t1 listed\"]".to_string(), 0), ("[\"t2 listed\"]".to_string(), 0)]);
    // The report is read with its topics spliced in, a byte at a time as
    // well as whole, and bare: without its topics and quotes.
    let whole = r#"{"summary":{"topics":[1]},"topics":[{"id":"t1"},{"id":"t2"}],"more":"\"quotes\":[]","quotes":[{"q":"]"},{"q":"[\\"}],"after":0}"#;
    let reads = |store: &Store| {
        let mut json = String::new();
        std::io::Read::read_to_string(&mut store.story_report_reader("s1").unwrap().unwrap(), &mut json).unwrap();
        assert_eq!(json, whole);
        let mut bytes = Vec::new();
        let mut reader = store.story_report_reader("s1").unwrap().unwrap();
        let mut one = [0u8; 1];
        while std::io::Read::read(&mut reader, &mut one).unwrap() == 1 {
            bytes.push(one[0]);
        }
        drop(reader);
        assert_eq!(String::from_utf8(bytes).unwrap(), whole);
        let bare = store.story_report_bare("s1").unwrap().unwrap();
        assert_eq!(String::from_utf8(bare).unwrap(), r#"{"summary":{"topics":[1]},"topics":[],"more":"\"quotes\":[]","quotes":[],"after":0}"#);
        assert_eq!(store.story_report("s1").unwrap().as_deref(), Some(whole));
    };
    // The report is stored packed (an LZ4 frame) and read back the same.
    let stored = || -> Vec<u8> { store.conn.query_row("SELECT report FROM stories WHERE id = 's1'", [], |r| Ok(r.get_ref(0)?.as_bytes()?.to_vec())).unwrap() };
    let packed = stored();
    assert!(packed.starts_with(&[0x04, 0x22, 0x4d, 0x18]), "{packed:?}");
    assert_eq!(crate::report_json(&packed).unwrap(), report_text.as_bytes());
    reads(&store);
    // A report that is not packed (every row is since schema version 15)
    // is damaged: an error of every reader, not a panic.
    store.conn.execute("UPDATE stories SET report = ?1 WHERE id = 's1'", [report_text]).unwrap();
    assert!(crate::report_json(&stored()).is_err());
    assert!(store.story_report_reader("s1").is_err());
    assert!(store.story_report_bare("s1").is_err());
    store.conn.execute("UPDATE stories SET report = ?1 WHERE id = 's1'", [&packed]).unwrap();
    reads(&store);
    // So are the topics: packed, and read the same through every reader.
    let topic_column = |idx: i64| -> Vec<u8> {
        store.conn.query_row("SELECT topic FROM story_topics WHERE idx = ?1", [idx], |r| Ok(r.get_ref(0)?.as_bytes()?.to_vec())).unwrap()
    };
    let packed_topic = topic_column(1);
    assert!(packed_topic.starts_with(&[0x04, 0x22, 0x4d, 0x18]), "{packed_topic:?}");
    assert_eq!(crate::report_json(&packed_topic).unwrap(), br#"{"id":"t2"}"#);
    let topics = store.topics(Some("s1"), None).unwrap();
    assert_eq!(topics.iter().map(|t| t.topic.as_str()).collect::<Vec<_>>(), vec![r#"{"id":"t1"}"#, r#"{"id":"t2"}"#]);
    // A topic not packed, or packed and cut short, is a read error, not a panic.
    let mut json = String::new();
    for damaged in [&br#"{"id":"t2"}"#[..], &packed_topic[..packed_topic.len() - 6]] {
        store.conn.execute("UPDATE story_topics SET topic = ?1 WHERE idx = 1", [damaged]).unwrap();
        assert!(store.story_topic_reader("s1", 1).is_err() || std::io::Read::read_to_string(&mut store.story_topic_reader("s1", 1).unwrap().unwrap(), &mut json).is_err());
        assert!(store.topics(Some("s1"), None).is_err());
        assert!(store.story_report_reader("s1").is_err() || std::io::Read::read_to_string(&mut store.story_report_reader("s1").unwrap().unwrap(), &mut json).is_err());
    }
    store.conn.execute("UPDATE story_topics SET topic = ?1 WHERE idx = 1", [&packed_topic]).unwrap();
    reads(&store);
    assert!(store.story_report_bare("nope").unwrap().is_none());
    assert_eq!(store.story_quote_groups("s1").unwrap().as_deref(), Some(r#"{"speakers":0}"#));
    assert!(store.story_report_reader("nope").unwrap().is_none());
    assert!(store.story_quote_groups("nope").unwrap().is_none());
    assert_eq!(store.stories().unwrap(), vec!["{}".to_string()]);
    // The story's entry and quote groups are packed too (since schema
    // version 16): unpacked, or cut short, they are an error naming the story.
    for column in ["story", "quote_groups"] {
        let packed: Vec<u8> = store.conn.query_row(&format!("SELECT {column} FROM stories WHERE id = 's1'"), [], |r| r.get(0)).unwrap();
        assert!(packed.starts_with(&[0x04, 0x22, 0x4d, 0x18]), "{column}: {packed:?}");
        for damaged in [&b"{}"[..], &packed[..packed.len() - 6]] {
            store.conn.execute(&format!("UPDATE stories SET {column} = ?1 WHERE id = 's1'"), [damaged]).unwrap();
            let error = if column == "story" { store.stories().unwrap_err() } else { store.story_quote_groups("s1").unwrap_err() };
            assert!(error.to_string().contains("story s1"), "{column}: {error}");
        }
        store.conn.execute(&format!("UPDATE stories SET {column} = ?1 WHERE id = 's1'"), [&packed]).unwrap();
    }
    assert_eq!(store.stories().unwrap(), vec!["{}".to_string()]);
    // A report without an empty topics array before its quotes is refused.
    for bad in [r#"{"topics":[1],"quotes":[]}"#, r#"{"quotes":[],"topics":[]}"#, r#"{"topics":[]}"#, r#"[{"topics":[],"quotes":[]}]"#, r#"{"topics":[],"quotes":[]"#, "{\"topics\":[],\"quotes\":[]}x", ""] {
        assert!(StoredReport::of(bad).is_err(), "{bad}");
    }
    // Damaged offsets are an error, not a panic; so is a packed report cut
    // short.
    let quotes_end: i64 = store.conn.query_row("SELECT quotes_end FROM stories WHERE id = 's1'", [], |r| r.get(0)).unwrap();
    store.conn.execute("UPDATE stories SET quotes_end = 1000 WHERE id = 's1'", []).unwrap();
    assert!(store.story_report_reader("s1").is_err());
    store.conn.execute("UPDATE stories SET quotes_end = ?1, report = ?2 WHERE id = 's1'", rusqlite::params![quotes_end, &packed[..packed.len() - 12]]).unwrap();
    let mut json = Vec::new();
    assert!(std::io::Read::read_to_end(&mut store.story_report_reader("s1").unwrap().unwrap(), &mut json).is_err());
    assert!(store.story_report_bare("s1").is_err());
}

#[test]
fn documents_for_a_reader_of_some_claims_keep_those_and_the_quantities_they_cite() {
    let text = "Rain: 10 mm, 20 mm and 30 mm fell. Roads closed.";
    let quantity = |start: usize, end: usize, value: f64| Quantity {
        start,
        end,
        text: text[start..end].into(),
        kind: "length".into(),
        value: Some(value),
        unit: Some("mm".into()),
        ..Default::default()
    };
    let claim = |id: &str, start: usize, end: usize, quantity: Option<usize>, value: Option<f64>| Claim {
        id: id.into(),
        start,
        end,
        text: text[start..end].into(),
        quantity,
        value,
        low: None,
        high: None,
        bound: None,
        unit: None,
        per: None,
        per_each: None,
        subject: "rain".into(),
        source: ClaimSource { name: None, entity: None, kind: SourceKind::Author },
        modality: Modality::Asserted,
        time: None,
        time_kind: ClaimTime::Report,
        frame: Frame::default(),
    };
    let d = Document {
        quantities: vec![quantity(6, 11, 10.0), quantity(13, 18, 20.0), quantity(23, 28, 30.0)],
        claims: vec![
            claim("c1", 35, 48, None, None),
            claim("c2", 0, 34, Some(2), Some(30.0)),
            claim("c3", 0, 34, Some(0), Some(10.0)),
            claim("c4", 0, 34, Some(2), Some(30.0)),
            claim("c5", 0, 34, Some(7), Some(5.0)),
        ],
        ..doc("rain", text)
    };
    let mut store = Store::open(":memory:").unwrap();
    let mut b = store.batch().unwrap();
    b.put(&d, 1).unwrap();
    b.commit().unwrap();
    let keys = store.keys_of(&["rain".into()]).unwrap();
    let whole: Vec<Document> = store.documents_by_key(keys.clone()).collect::<Result<_, _>>().unwrap();
    assert_eq!(whole, vec![d.clone()], "the plain read keeps everything");
    let numeric = |_: &Document, c: &Claim| c.value.is_some();
    let read: Vec<Document> = store.documents_for(keys, numeric).collect::<Result<_, _>>().unwrap();
    let got = &read[0];
    assert_eq!(got.claims.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["c2", "c3", "c4", "c5"]);
    // The quantities cited, in their places: the one between emptied,
    // none after the last one cited; each claim is as stored.
    assert_eq!(got.quantities, vec![d.quantities[0].clone(), Quantity::default(), d.quantities[2].clone()]);
    assert_eq!(got.claims[..], d.claims[1..]);
    // Everything else is read as it is.
    assert_eq!(Document { claims: d.claims.clone(), quantities: d.quantities.clone(), ..got.clone() }, d);
    // The lists, filled a row at a time, hold no spare room (five claims
    // pushed one by one grow a list of room for eight).
    for doc in whole.iter().chain(&read) {
        assert_eq!((doc.claims.capacity(), doc.quantities.capacity()), (doc.claims.len(), doc.quantities.len()));
    }
}

/// A new store in `dir` holding documents with these ids and a fusion
/// input each, and their keys.
fn store_with_inputs(dir: &std::path::Path, ids: &[&str]) -> (Store, Vec<i64>) {
    let mut store = Store::open(dir.join("p.db")).unwrap();
    let mut b = store.batch().unwrap();
    for id in ids {
        b.put(&titled(id), 1).unwrap();
    }
    b.commit().unwrap();
    let input = |id: &str| NewInput { id: id.into(), input: InputBytes { length: 7, profile: vec![1], fingerprint: vec![1], names: vec![5], document: Vec::new() } };
    store.put_fusion_inputs(&ids.iter().map(|id| input(id)).collect::<Vec<_>>(), 1).unwrap();
    let keys = store.keys_of(&ids.iter().map(|id| id.to_string()).collect::<Vec<_>>()).unwrap();
    (store, keys)
}

#[test]
fn postings_of_many_statements_are_each_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, keys) = store_with_inputs(dir.path(), &["a", "b"]);
    let (a, b) = (keys[0], keys[1]);
    // More postings than a statement takes, not a multiple of it, one of
    // them twice (kept once), in key order as a match gives them.
    let mut posted: Vec<(u64, i64)> = (0..700u64).flat_map(|k| [(k, a), (k, b)].into_iter().take(1 + (k % 3 == 0) as usize)).collect();
    posted.insert(10, posted[9]);
    let update = CopyUpdate { whole: true, ..Default::default() };
    assert!(store.put_copy_pairs([], posted.iter().copied(), &update, store.fusion_state().unwrap().0).unwrap());
    for k in 0..700u64 {
        let want = if k % 3 == 0 { vec![a, b] } else { vec![a] };
        assert_eq!(store.copy_members(k, None).unwrap(), want, "key {k}");
    }
    assert!(store.copy_members(700, None).unwrap().is_empty());
}

#[test]
fn a_keys_postings_are_merged_and_taken_out_in_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, keys) = store_with_inputs(dir.path(), &["a", "b", "c"]);
    let (a, b, c) = (keys[0], keys[1], keys[2]);
    let put = |store: &mut Store, posted: &[(u64, i64)], update: CopyUpdate| {
        let generation = store.fusion_state().unwrap().0;
        assert!(store.put_copy_pairs([], posted.iter().copied(), &update, generation).unwrap());
    };
    // A whole match whose stream gives key 1 again after key 2, and a
    // document out of order: each key's row holds its documents once, ascending.
    put(&mut store, &[(1, c), (1, a), (2, b), (1, b), (3, a), (4, a), (4, b)], CopyUpdate { whole: true, ..Default::default() });
    let members = |store: &Store, k: u64| store.copy_members(k, None).unwrap();
    assert_eq!([members(&store, 1), members(&store, 2), members(&store, 3), members(&store, 4)], [vec![a, b, c], vec![b], vec![a], vec![a, b]]);
    // A partial match merges new postings into the rows and takes out the
    // old ones; a key left with none has no row.
    let update = CopyUpdate { unposted: vec![(4, a), (3, a), (1, b)], ..Default::default() };
    put(&mut store, &[(2, a), (2, c), (5, c)], update);
    assert_eq!([members(&store, 1), members(&store, 2), members(&store, 4), members(&store, 5)], [vec![a, c], vec![a, b, c], vec![b], vec![c]]);
    assert!(members(&store, 3).is_empty());
    let rows: i64 = store.conn.query_row("SELECT count(*) FROM copy_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 4);
    assert_eq!(store.copy_members(2, Some(2)).unwrap(), vec![a, b]);
}

/// The documents marked dirty, each with the fingerprint posted for it.
fn dirty_marks(store: &Store) -> Vec<(i64, Option<Vec<u8>>)> {
    store.copy_dirty().unwrap().into_iter().map(|d| (d.doc, d.posted)).collect()
}

#[test]
fn inputs_written_or_removed_leave_their_posted_fingerprint_until_matched() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("k.db")).unwrap();
    let mut b = store.batch().unwrap();
    for id in ["a", "b", "c"] {
        b.put(&titled(id), 1).unwrap();
    }
    b.commit().unwrap();
    let input = |id: &str, fingerprint: Vec<u8>| NewInput { id: id.into(), input: InputBytes { length: 7, profile: vec![1], fingerprint, names: vec![5], document: Vec::new() } };
    store.put_fusion_inputs(&[input("a", vec![1]), input("b", vec![2]), input("c", vec![3])], 1).unwrap();
    let key = |id: &str| store.keys_of(&[id.to_string()]).unwrap()[0];
    let (a, b, c) = (key("a"), key("b"), key("c"));
    // New inputs are dirty with nothing posted.
    assert_eq!(dirty_marks(&store), vec![(a, None), (b, None), (c, None)]);
    assert!(store.copy_dirty().unwrap().iter().all(|d| d.was.is_none()));
    assert!(store.copy_keys_empty().unwrap());
    assert_eq!(store.last_input_key().unwrap(), c);
    // A match posts keys, stores copies and clears the marks, all or nothing.
    let generation = store.fusion_state().unwrap().0;
    let copy = CopyOf { doc: b, original: a, kind: "\"duplicate\"".into(), in_order: 0.9, sentences: 2, quotes: 0 };
    let update = CopyUpdate { whole: true, copies: vec![copy.clone()], ..Default::default() };
    let posted = [(7u64, a), (7, b), (u64::MAX, c)];
    assert!(!store.put_copy_pairs([], posted, &update, generation - 1).unwrap());
    assert_eq!(store.copy_dirty().unwrap().len(), 3);
    assert!(store.put_copy_pairs([], posted, &update, generation).unwrap());
    assert!(store.copy_dirty().unwrap().is_empty() && !store.copy_keys_empty().unwrap());
    assert_eq!(store.copy_members(7, None).unwrap(), vec![a, b]);
    assert_eq!(store.copy_members(7, Some(1)).unwrap(), vec![a]);
    assert_eq!(store.copy_members(u64::MAX, None).unwrap(), vec![c]);
    assert_eq!(store.copies_of().unwrap(), vec![copy]);
    // A new input of "a" and the removal of "c" leave the fingerprints
    // posted (the first one, however often rewritten), until a match.
    store.put_fusion_inputs(&[input("a", vec![4])], 1).unwrap();
    store.put_fusion_inputs(&[input("a", vec![5])], 1).unwrap();
    store.remove(&["c".into()]).unwrap();
    assert_eq!(dirty_marks(&store), vec![(a, Some(vec![1])), (c, Some(vec![3]))]);
    // With the precedence each had when its keys were posted.
    let was = |id: &str| Some(WasPosted { id: id.into(), published: Some("2024-10-18".into()), length: 7 });
    assert_eq!(store.copy_dirty().unwrap().into_iter().map(|d| d.was).collect::<Vec<_>>(), vec![was("a"), was("c")]);
    let update = CopyUpdate { unposted: vec![(u64::MAX, c)], uncopied: vec![b], matched: vec![a, c], ..Default::default() };
    assert!(store.put_copy_pairs([], [(9, a)], &update, store.fusion_state().unwrap().0).unwrap());
    assert!(store.copy_dirty().unwrap().is_empty() && store.copies_of().unwrap().is_empty());
    assert_eq!((store.copy_members(u64::MAX, None).unwrap(), store.copy_members(9, None).unwrap()), (vec![], vec![a]));
    // Stored verdicts and evidence are read a pair at a time.
    let verdict = CopyPair { a, b, found: PairFound::Verdict(true) };
    assert!(store.put_copy_pairs([verdict], [], &CopyUpdate::default(), store.fusion_state().unwrap().0).unwrap());
    assert_eq!(store.copy_pair(a, b, false).unwrap(), Some(PairFound::Verdict(true)));
    assert_eq!(store.copy_pair(a, b, true).unwrap(), None);
}

#[test]
fn a_writer_stores_each_input_with_its_document_or_neither() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut store = Store::open(&path).unwrap();
    let made = |profile: u8| InputBytes { length: 11, profile: vec![profile], fingerprint: vec![profile, 0], names: vec![profile, 1], document: vec![profile, 2] };
    {
        let mut w = store.writer(Chunk { docs: 3, bytes: usize::MAX }, 1);
        assert_eq!(w.put_with_input(&titled("a"), &made(1), 5).unwrap(), Put::Inserted);
        assert_eq!(w.put_with_input(&titled("b"), &made(2), 5).unwrap(), Put::Inserted);
        // Written nothing, so no input either (and the chunk is committed).
        assert_eq!(w.put_with_input(&titled("a"), &made(9), 5).unwrap(), Put::Unchanged);
        // "c" is in the open chunk, dropped with it: neither stays.
        assert_eq!(w.put_with_input(&titled("c"), &made(3), 5).unwrap(), Put::Inserted);
    }
    assert_eq!(store.len().unwrap(), 2);
    assert!(store.without_fusion_input(5).unwrap().is_empty(), "every document stored has its input");
    let inputs = store.fusion_inputs().unwrap();
    let a = &inputs[0];
    assert_eq!((a.id.as_str(), a.published.as_deref(), a.length, a.annotator), ("a", Some("2024-10-18"), 11, 1));
    assert_eq!((a.profile.clone(), a.fingerprint.clone()), (vec![1], vec![1, 0]));
    assert_eq!(a.hash, write::content_hash(&titled("a")).to_vec());
    assert_eq!(inputs.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), vec!["a", "b"]);
    // Both are new to copy detection.
    assert_eq!(dirty_marks(&store), vec![(a.key, None), (inputs[1].key, None)]);
    // Re-annotated and replaced documents get their new inputs, the new
    // date and annotator version with them.
    let mut w = store.writer(Chunk::default(), 2);
    let later = Document { published: Some("2024-10-19".into()), ..titled("a") };
    assert_eq!(w.put_with_input(&later, &made(4), 5).unwrap(), Put::Reannotated);
    let changed = Document { text: format!("{} Again.", titled("b").text), ..titled("b") };
    assert_eq!(w.put_with_input(&changed, &made(6), 5).unwrap(), Put::Replaced);
    // A plain put stores no input: the refresh makes it.
    assert_eq!(w.put(&titled("d")).unwrap(), Put::Inserted);
    w.finish().unwrap();
    let inputs = store.fusion_inputs().unwrap();
    let got: Vec<_> = inputs.iter().map(|i| (i.id.as_str(), i.published.as_deref(), i.annotator, i.profile.clone(), i.fingerprint.clone())).collect();
    assert_eq!(got, vec![("a", Some("2024-10-19"), 2, vec![4], vec![4, 0]), ("b", Some("2024-10-18"), 2, vec![6], vec![6, 0])]);
    assert_eq!(inputs[1].hash, write::content_hash(&changed).to_vec());
    assert_eq!(store.documents_by_key(store.without_fusion_input(5).unwrap()).map(|d| d.unwrap().id).collect::<Vec<_>>(), vec!["d"]);
    // The profiles' names are stored with them.
    assert_eq!(store.profile_names(&[inputs[0].key, inputs[1].key]).unwrap(), vec![Some(vec![4, 1]), Some(vec![6, 1])]);
    // Fingerprints are read alone, in key order.
    let mut prints = Vec::new();
    store.each_fingerprint(|k, b| prints.push((k, b.to_vec()))).unwrap();
    assert_eq!(prints, vec![(inputs[0].key, vec![4, 0]), (inputs[1].key, vec![6, 0])]);
    // Each input's document is kept for the first fusion, under the
    // identity of the version stored; none for a key without one.
    let kept = store.fusion_documents(&[inputs[1].key, 999, inputs[0].key]).unwrap();
    let identity = |i: &crate::FusionInput| member_id(i.key, i.annotator, &i.hash).to_vec();
    assert_eq!(kept.iter().map(|s| (s.key, s.members.clone())).collect::<Vec<_>>(), vec![(inputs[1].key, identity(&inputs[1])), (inputs[0].key, identity(&inputs[0]))]);
    // A document written twice in one chunk keeps the input of its last content.
    let mut w = store.writer(Chunk::default(), 2);
    assert_eq!(w.put_with_input(&titled("e"), &made(7), 5).unwrap(), Put::Inserted);
    let again = Document { text: format!("{} Later.", titled("e").text), ..titled("e") };
    assert_eq!(w.put_with_input(&again, &made(8), 5).unwrap(), Put::Replaced);
    w.finish().unwrap();
    let e = store.fusion_inputs().unwrap().into_iter().find(|i| i.id == "e").unwrap();
    assert_eq!((e.profile.clone(), e.hash.clone()), (vec![8], write::content_hash(&again).to_vec()));
    assert_eq!(store.fusion_documents(&[e.key]).unwrap()[0].members, identity(&e));
}

#[test]
fn step_8_moves_the_fingerprints_apart_and_copies_what_clustering_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    let mut store = Store { conn: Connection::open(&path).unwrap(), path: path.clone() };
    store.conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    store.migrate(&schema::migrations()[..7]).unwrap();
    let mut b = store.batch().unwrap();
    for id in ["a", "b", "c"] {
        b.put(&titled(id), 1).unwrap();
    }
    b.commit().unwrap();
    // Inputs as schema 7 kept them: the fingerprint beside the profile.
    store
        .conn
        .execute_batch(
            "INSERT INTO fusion_inputs (doc, version, length, profile, fingerprint)
                 SELECT key, 3, 10 * key, CAST(id AS BLOB), CAST(id || id AS BLOB) FROM documents WHERE id <> 'c';
             DELETE FROM copy_dirty;",
        )
        .unwrap();
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let count: i64 = store.conn.query_row("SELECT version FROM schema_version", [], |r| r.get(0)).unwrap();
    assert_eq!(count, schema::VERSION);
    let inputs = store.fusion_inputs().unwrap();
    let got: Vec<_> = inputs.iter().map(|i| (i.id.as_str(), i.length, i.profile.clone(), i.fingerprint.clone(), i.annotator)).collect();
    assert_eq!(got, vec![("a", 10, b"a".to_vec(), b"aa".to_vec(), 1), ("b", 20, b"b".to_vec(), b"bb".to_vec(), 1)]);
    assert!(inputs.iter().all(|i| i.published.as_deref() == Some("2024-10-18")));
    assert_eq!(inputs[1].hash, write::content_hash(&titled("b")).to_vec());
    assert_eq!(store.without_fusion_input(3).unwrap(), store.keys_of(&["c".into()]).unwrap());
    // A removed document leaves the fingerprint posted for it, as before.
    assert_eq!(store.remove(&["a".into()]).unwrap(), vec!["a"]);
    assert_eq!(dirty_marks(&store), vec![(inputs[0].key, Some(b"aa".to_vec()))]);
    assert_eq!(store.fingerprints(&[inputs[0].key, inputs[1].key]).unwrap(), vec![None, Some(b"bb".to_vec())]);
}

#[test]
fn step_11_keeps_profile_names_apart_and_the_old_inputs_get_theirs_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v10.db");
    let mut store = Store { conn: Connection::open(&path).unwrap(), path: path.clone() };
    store.conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    store.migrate(&schema::migrations()[..10]).unwrap();
    let mut b = store.batch().unwrap();
    for id in ["a", "b", "c"] {
        b.put(&titled(id), 1).unwrap();
    }
    b.commit().unwrap();
    // Inputs as schema 10 kept them: no names apart.
    store
        .conn
        .execute_batch(
            "INSERT INTO fusion_inputs (doc, version, length, profile, id, published, hash, annotator)
                 SELECT key, 3, 10, CAST(id AS BLOB), id, published, hash, annotator FROM documents WHERE id <> 'c';",
        )
        .unwrap();
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert!(store.profile_names_missing().unwrap());
    let keys = store.keys_of(&["a".into(), "b".into(), "c".into()]).unwrap();
    assert_eq!(store.profile_names(&keys).unwrap(), vec![None, None, None]);
    // The profiles lacking names come a batch at a time, after a key.
    assert_eq!(store.profiles_without_names(0, 1).unwrap(), vec![(keys[0], b"a".to_vec())]);
    assert_eq!(store.profiles_without_names(keys[0], 5).unwrap(), vec![(keys[1], b"b".to_vec())]);
    // Names of a document without an input are not kept.
    store.put_profile_names(&[(keys[0], vec![1]), (keys[2], vec![3])], false).unwrap();
    assert!(store.profile_names_missing().unwrap());
    assert_eq!(store.profiles_without_names(0, 5).unwrap(), vec![(keys[1], b"b".to_vec())]);
    store.put_profile_names(&[(keys[1], vec![2])], true).unwrap();
    assert!(!store.profile_names_missing().unwrap());
    assert_eq!(store.profile_names(&keys).unwrap(), vec![Some(vec![1]), Some(vec![2]), None]);
    assert!(store.profiles_without_names(0, 5).unwrap().is_empty());
    // They go with the input.
    assert_eq!(store.remove(&["a".into()]).unwrap(), vec!["a"]);
    assert_eq!(store.profile_names(&keys).unwrap(), vec![None, Some(vec![2]), None]);
    // A new store lacks none.
    assert!(!Store::open(dir.path().join("new.db")).unwrap().profile_names_missing().unwrap());
}

#[test]
fn step_12_keeps_only_the_comparisons_that_found_copies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v11.db");
    {
        let mut store = Store { conn: Connection::open(&path).unwrap(), path: path.clone() };
        store.conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
        store.migrate(&schema::migrations()[..11]).unwrap();
        let mut b = store.batch().unwrap();
        for id in ["a", "b", "c"] {
            b.put(&titled(id), 1).unwrap();
        }
        b.commit().unwrap();
        let input = |id: &str| NewInput { id: id.into(), input: InputBytes { length: 7, profile: vec![1], fingerprint: vec![4], names: vec![5], document: Vec::new() } };
        store.put_fusion_inputs(&[input("a"), input("b"), input("c")], 1).unwrap();
        // Comparisons as schema 11 kept them: every verdict.
        store
            .conn
            .execute_batch(
                r#"INSERT INTO copy_pairs (a, b, full, copy) SELECT x.doc, y.doc, 0, x.id = 'a' AND y.id = 'b' FROM fusion_inputs x, fusion_inputs y WHERE x.doc < y.doc;
                   INSERT INTO copy_pairs SELECT b.doc, a.doc, 1, 1, '"duplicate"', 0.9, 2, 0 FROM fusion_inputs a, fusion_inputs b WHERE a.id = 'a' AND b.id = 'b';"#,
            )
            .unwrap();
        assert_eq!(count(&store, "copy_pairs"), 4);
    }
    let mut store = Store::open(&path).unwrap();
    let version: i64 = store.conn.query_row("SELECT version FROM schema_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, schema::VERSION);
    let key = |store: &Store, id: &str| store.keys_of(&[id.to_string()]).unwrap()[0];
    let (a, b) = (key(&store, "a"), key(&store, "b"));
    let mut pairs = Vec::new();
    store.each_copy_pair(|p| pairs.push(p)).unwrap();
    let evidence = PairFound::Evidence { kind: "\"duplicate\"".into(), in_order: 0.9, sentences: 2, quotes: 0 };
    assert_eq!(pairs, vec![CopyPair { a, b, found: PairFound::Verdict(true) }, CopyPair { a: b, b: a, found: evidence }]);
    // The index by second document is there, and a row still goes with
    // either document's input.
    let indexed: i64 = store.conn.query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'copy_pairs_b'", [], |r| r.get(0)).unwrap();
    assert_eq!(indexed, 1);
    store.remove(&["a".into()]).unwrap();
    assert_eq!(count(&store, "copy_pairs"), 0);
}

/// A topic to store, listed as "<id> listed", shown as "<id> shown".
fn topic(id: &str, label: &str, json: &str) -> NewTopic {
    NewTopic {
        id: id.into(),
        label: label.into(),
        topic: Packed::json(json),
        listing: format!("[\"{id} listed\"]"),
        dossier: Packed::json(&format!("\"{id} shown\"")),
        claims: Packed::json(&format!("{{\"id\":\"c2 of {id}\"}}\n")),
    }
}

#[test]
fn a_v9_store_drops_its_stories_and_is_fused_again() {
    // A story as v9 stored it: its topic rows without what the dossier shows.
    let (_dir, mut store) = stories_dropped_on_upgrade(
        9,
        r#"INSERT INTO stories VALUES (1, 's1', 1, '2024-01-01', 'a', 'a story', x'00', '{}', '{}', 10, 25, 27, '{"summary":{},"topics":[],"quotes":[]}');
           INSERT INTO story_topics VALUES (1, 1, 0, 't1', 'Troops', '[]', '{"id":"t1"}');"#,
    );
    // A story written now keeps what the dossier shows of each topic, read
    // back in the story's order.
    let story = story_of(vec![topic("t1", "Troops", r#"{"id":"t1"}"#), topic("t2", "Deaths", r#"{"id":"t2"}"#)]);
    store.write_stories(&[story], &[]).unwrap();
    let mut shown = Vec::new();
    assert!(store.each_dossier_topic("s1", |json| shown.push(json.to_string())).unwrap());
    assert_eq!(shown, ["\"t1 shown\"", "\"t2 shown\""]);
    assert!(!store.each_dossier_topic("nope", |json| shown.push(json.to_string())).unwrap());
    assert_eq!(shown.len(), 2);
    // Stored packed; a row not packed, or packed and cut short, is an
    // error, not a panic.
    let stored: Vec<u8> = store.conn.query_row("SELECT dossier FROM story_topics WHERE idx = 0", [], |r| Ok(r.get_ref(0)?.as_bytes()?.to_vec())).unwrap();
    assert!(stored.starts_with(&[0x04, 0x22, 0x4d, 0x18]), "{stored:?}");
    store.conn.execute(r#"UPDATE story_topics SET dossier = '"t1 shown"' WHERE idx = 0"#, []).unwrap();
    assert!(store.each_dossier_topic("s1", |_| ()).is_err());
    store.conn.execute("UPDATE story_topics SET dossier = ?1 WHERE idx = 0", [&stored[..stored.len() - 5]]).unwrap();
    assert!(store.each_dossier_topic("s1", |_| ()).is_err());
}

#[test]
fn a_v8_store_drops_its_stories_and_is_fused_again() {
    // A story as v8 stored it: its topics twice (in the report and as rows).
    let (_dir, mut store) = stories_dropped_on_upgrade(
        8,
        r#"INSERT INTO stories VALUES (1, 's1', 1, '2024-01-01', 'a', 'a story', x'00', '{}', '{"topics":[{"id":"t1"}],"quotes":[]}');
           INSERT INTO story_topics VALUES (1, 1, 0, 't1', 'Troops', '{"id":"t1"}');"#,
    );
    // The new columns are there: a story writes and reads back.
    let story = story_of(vec![topic("t1", "Troops", r#"{"id":"t1"}"#)]);
    store.write_stories(&[story], &[]).unwrap();
    assert_eq!(store.story_report("s1").unwrap().as_deref(), Some(r#"{"topics":[{"id":"t1"}],"quotes":[]}"#));
}

#[test]
fn a_v14_store_drops_its_stories_and_is_fused_again() {
    // A story as v14 stored it: its topic rows without the claims they cite.
    let (_dir, store) = stories_dropped_on_upgrade(
        14,
        r#"INSERT INTO stories VALUES (1, 's1', 1, '2024-01-01', 'a', 'a story', x'00', '{}', '{}', 10, 25, 27, x'04224d18');
           INSERT INTO story_topics VALUES (1, 1, 0, 't1', 'Troops', '[]', x'04224d18', x'04224d18');"#,
    );
    // The topic rows have the new column.
    let columns: Vec<String> = store.conn.prepare("SELECT name FROM pragma_table_info('story_topics')").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(columns.last().map(String::as_str), Some("claims"), "{columns:?}");
}

#[test]
fn a_v15_store_drops_its_stories_and_is_fused_again() {
    // A story as v15 stored it: its entry and quote groups unpacked.
    let (_dir, store) = stories_dropped_on_upgrade(
        15,
        r#"INSERT INTO stories VALUES (1, 's1', 1, '2024-01-01', 'a', 'a story', x'00', '{}', '{}', 10, 25, 27, x'04224d18');
           INSERT INTO story_topics VALUES (1, 1, 0, 't1', 'Troops', '[]', x'04224d18', x'04224d18', x'04224d18');"#,
    );
    // The entry and quote groups are declared as what they hold now.
    let types: Vec<(String, String)> =
        store.conn.prepare("SELECT name, type FROM pragma_table_info('stories')").unwrap().query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    for column in ["story", "quote_groups", "report"] {
        assert!(types.contains(&(column.to_string(), "BLOB".to_string())), "{column}: {types:?}");
    }
}

/// Story `s1` of document `a`, with these topics and an empty report.
fn story_of(topics: Vec<NewTopic>) -> StoredStory {
    StoredStory {
        id: "s1".into(),
        size: 1,
        founder: ("2024-01-01".into(), "a".into()),
        label: "a story".into(),
        hash: vec![0],
        story: Packed::json("{}"),
        report: StoredReport::of(r#"{"topics":[],"quotes":[]}"#).unwrap(),
        quote_groups: Packed::json("{}"),
        topics,
        segments: Default::default(),
    }
}

/// A store made at schema version `version` with a document and the
/// stories `rows` (SQL) fused at its generation, opened by this build: it
/// is at the current version, the stories are gone, the document stays,
/// and fusion is behind. With the directory that holds it.
fn stories_dropped_on_upgrade(version: usize, rows: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("v{version}.db"));
    {
        let mut store = Store { conn: Connection::open(&path).unwrap(), path: path.clone() };
        store.conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
        store.migrate(&schema::migrations()[..version]).unwrap();
        let mut b = store.batch().unwrap();
        b.put(&titled("a"), 1).unwrap();
        b.commit().unwrap();
        store.conn.execute_batch(&format!("{rows}\nUPDATE fusion_state SET fused = generation;")).unwrap();
        let (generation, fused) = store.fusion_state().unwrap();
        assert_eq!(generation, fused);
        assert_eq!(count(&store, "stories"), 1);
    }
    let store = Store::open(&path).unwrap();
    let version: i64 = store.conn.query_row("SELECT version FROM schema_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, schema::VERSION);
    assert!(store.story_ids().unwrap().is_empty());
    assert_eq!(count(&store, "story_topics"), 0);
    assert_eq!(all(&store).len(), 1);
    let (generation, fused) = store.fusion_state().unwrap();
    assert_ne!(generation, fused);
    (dir, store)
}

#[test]
fn a_storys_segments_are_written_kept_and_deleted_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("seg.db")).unwrap();
    let docs = [annotated("a"), doc("b", "Rain fell."), doc("c", "Snow fell.")];
    let ids: Vec<[u8; MEMBER_BYTES]> = (0..3).map(|i| member_id(i, 1, &[i as u8; 32])).collect();
    let segment = |range: std::ops::Range<usize>| NewSegment::of(ids[range.clone()].iter().zip(&docs[range]));
    let with = |segments: Segments| StoredStory { segments, ..story_of(Vec::new()) };
    store.write_stories(&[with(Segments { kept: Vec::new(), new: vec![segment(0..2), segment(2..3)], ..Default::default() })], &[]).unwrap();
    let stored = store.story_segments("s1").unwrap();
    assert_eq!(stored.len(), 2);
    // Each segment gives back its members and documents, each as written.
    assert_eq!(stored[0].member_ids().collect::<Vec<_>>(), vec![&ids[0][..], &ids[1][..]]);
    let lines = stored[0].unpack().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!((lines.document(0).unwrap(), lines.document(1).unwrap()), (docs[0].clone(), docs[1].clone()));
    assert!(lines.document(2).is_err());
    assert!(store.story_segments("s2").unwrap().is_empty());

    // Fused again: the segment kept stays, the other is replaced.
    let replaced = NewSegment::of([(&ids[2], &docs[0])]);
    store.write_stories(&[with(Segments { kept: vec![stored[0].key], new: vec![replaced], ..Default::default() })], &[]).unwrap();
    let again = store.story_segments("s1").unwrap();
    assert_eq!(again.len(), 2);
    assert_eq!(again[0], stored[0]);
    assert_eq!(again[1].unpack().unwrap().document(0).unwrap(), docs[0]);
    // A story gone takes its segments.
    store.write_stories(&[], &["s1".to_string()]).unwrap();
    assert!(store.story_segments("s1").unwrap().is_empty());
    assert_eq!(count(&store, "story_docs"), 0);

    // Segments stored before their story is fused read back as its own,
    // and the story written keeps them.
    let early = store.put_segments("s1", &[segment(0..2), segment(2..3)]).unwrap();
    assert_eq!(store.story_segments("s1").unwrap().iter().map(|s| s.key).collect::<Vec<_>>(), early);
    assert_eq!(store.forget_orphan_segments().unwrap(), 2, "a story not written yet holds none");
    let early = store.put_segments("s1", &[segment(0..2)]).unwrap();
    store.write_stories(&[with(Segments { kept: early.clone(), new: Vec::new(), ..Default::default() })], &[]).unwrap();
    assert_eq!(store.forget_orphan_segments().unwrap(), 0);
    assert_eq!(store.story_segments("s1").unwrap().iter().map(|s| s.key).collect::<Vec<_>>(), early);
}

#[test]
fn a_segments_readings_are_kept_while_it_is_and_read_by_their_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("read.db")).unwrap();
    let docs = [doc("a", "Rain fell."), doc("b", "Snow fell.")];
    let ids: Vec<[u8; MEMBER_BYTES]> = (0..2).map(|i| member_id(i, 1, &[i as u8; 32])).collect();
    let with = |segments: Segments| StoredStory { segments, ..story_of(Vec::new()) };
    let keys = store.put_segments("s1", &[NewSegment::of([(&ids[0], &docs[0])]), NewSegment::of([(&ids[1], &docs[1])])]).unwrap();
    // Each reading 300 bytes of its segment's key.
    let reading = |i: usize, segment: i64, version: u32, anchor: &str| SegmentReadings { segment, version, anchor: anchor.into(), bytes: 300 * i..300 * (i + 1) };
    let bytes: Vec<u8> = keys.iter().chain(&[keys[1] + 100]).flat_map(|&k| [k as u8; 300]).collect();
    // Readings of the segments kept, of one that is no segment, and one
    // past the bytes: only the segments' are kept, packed, and read back
    // by their version.
    let readings = vec![reading(0, keys[0], 3, ""), reading(1, keys[1], 4, "2025-03-01"), reading(2, keys[1] + 100, 3, ""), reading(3, keys[0], 5, "")];
    store.write_stories(&[with(Segments { kept: keys.clone(), new: Vec::new(), readings, reading_bytes: bytes })], &[]).unwrap();
    assert_eq!(count(&store, "segment_readings"), 2);
    let packed: i64 = store.conn.query_row("SELECT length(readings) FROM segment_readings WHERE segment = ?1", [keys[0]], |r| r.get(0)).unwrap();
    assert!(packed < 300, "{packed} bytes");
    let three = store.segment_readings(&keys, 3).unwrap();
    assert_eq!(three.len(), 1);
    assert_eq!(three[&keys[0]], (String::new(), vec![keys[0] as u8; 300]));
    assert_eq!(store.segment_readings(&keys, 4).unwrap()[&keys[1]].0, "2025-03-01");
    // Damaged, they are not read.
    store.conn.execute("UPDATE segment_readings SET readings = x'ff' WHERE segment = ?1", [keys[0]]).unwrap();
    assert!(store.segment_readings(&keys, 3).unwrap().is_empty());
    // A segment written again, or its story gone, takes its readings.
    store.write_stories(&[with(Segments { kept: vec![keys[1]], ..Default::default() })], &[]).unwrap();
    assert_eq!(count(&store, "segment_readings"), 1);
    store.write_stories(&[], &["s1".to_string()]).unwrap();
    assert_eq!(count(&store, "segment_readings"), 0);
}

#[test]
fn a_segment_packed_from_another_segments_bytes_is_the_segment_packed_from_its_documents() {
    let docs = [annotated("a"), doc("b", "Rain fell."), doc("c", "Snow fell.")];
    let ids: Vec<[u8; MEMBER_BYTES]> = (0..3).map(|i| member_id(i, 1, &[i as u8; 32])).collect();
    // Each document first in a segment of one (as a document kept for its first fusion is).
    let ones: Vec<SegmentDocs> = ids.iter().zip(&docs).map(|(id, d)| NewSegment::of([(id, d)]).unpack().unwrap()).collect();
    let from_bytes = NewSegment::of_docs(ids.iter().zip(&ones).map(|(id, one)| (id, SegmentDoc::Bytes(one.bytes(0).unwrap()))));
    assert_eq!(from_bytes, NewSegment::of(ids.iter().zip(&docs)));
    // Both ways mixed in one segment.
    let mixed = NewSegment::of_docs([(&ids[0], SegmentDoc::Decoded(&docs[0])), (&ids[1], SegmentDoc::Bytes(ones[1].bytes(0).unwrap()))]);
    let back = mixed.unpack().unwrap();
    assert_eq!((back.document(0).unwrap(), back.document(1).unwrap()), (docs[0].clone(), docs[1].clone()));
    assert!(ones[0].bytes(1).is_err());
}

#[test]
fn a_damaged_segment_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("bad.db")).unwrap();
    let docs = [doc("b", "Rain fell."), doc("c", "Snow fell.")];
    let ids: Vec<[u8; MEMBER_BYTES]> = (0..2).map(|i| member_id(i, 1, b"short")).collect();
    assert_eq!(&ids[1][16..21], b"short");
    let whole = NewSegment::of(ids.iter().zip(&docs));
    let one = NewSegment::of(ids[..1].iter().zip(&docs));
    store.write_stories(&[StoredStory { segments: Segments { kept: Vec::new(), new: vec![whole.clone()], ..Default::default() }, ..story_of(Vec::new()) }], &[]).unwrap();
    let key = store.story_segments("s1").unwrap()[0].key;
    let set = |members: &[u8], docs: &[u8]| {
        store.conn.execute("UPDATE story_docs SET members = ?1, docs = ?2 WHERE key = ?3", rusqlite::params![members, docs, key]).unwrap();
        store.story_segments("s1").unwrap().remove(0)
    };
    // Not packed, a length beyond what the block can hold, one document
    // for two members, members cut short.
    let too_long = [&u32::MAX.to_le_bytes()[..], &one.docs()[4..]].concat();
    for (members, docs) in [(whole.members(), &b"\x00\x01"[..]), (whole.members(), &too_long[..]), (whole.members(), one.docs()), (&whole.members()[..40], one.docs())] {
        assert!(set(members, docs).unpack().is_err());
    }
    // A document's bytes damaged: that document is an error, the other reads.
    let mut bytes = lz4_flex::block::decompress_size_prepended(whole.docs()).unwrap();
    bytes[4] = 0xff; // the first document's id: a length beyond the document
    let segment = set(whole.members(), &lz4_flex::block::compress_prepend_size(&bytes));
    let docs_back = segment.unpack().unwrap();
    assert!(docs_back.document(0).is_err());
    assert_eq!(docs_back.document(1).unwrap(), docs[1]);
}

#[test]
fn a_document_as_segment_bytes_reads_back_the_same() {
    let mut rich = annotated("a");
    // Every optional field set, and the variants a document rarely has.
    rich.claims[0].frame = Frame {
        counted: Some("troops".into()),
        generic: true,
        group: Some("North Korea".into()),
        measure: Some("cost".into()),
        place: Some("Kursk".into()),
        within: vec!["Russia".into(), "Europe".into()],
        whole: true,
        part: true,
        increment: true,
        event: Some("deployment".into()),
        period: Some("2024-Q4".into()),
    };
    rich.claims[0].bound = Some(Bound::Range);
    rich.claims[0].quantity = None;
    rich.claims[0].time_kind = ClaimTime::Report;
    rich.quantities[0].value = Some(f64::MIN_POSITIVE);
    rich.quantities[0].high = Some(-0.0);
    rich.quantities[0].vague = true;
    rich.text.push_str(" Ünïcödé — 北朝鮮");
    for doc in [rich, Document::default(), doc("b", "")] {
        let mut bytes = Vec::new();
        crate::wire::write(&mut bytes, &doc);
        assert_eq!(crate::wire::read_layers(&bytes, Layers::ALL).unwrap(), doc);
        // Read a layer or two at a time, it is the document with only those
        // layers; the layers read one by one make it whole again.
        let layers =
            [Layers::METADATA, Layers::TEXT, Layers::ENTITIES, Layers::QUOTES, Layers::QUANTITIES, Layers::TIMES, Layers::CLAIMS, Layers::SENTENCES];
        assert_eq!(crate::wire::read_layers(&bytes, Layers::NONE).unwrap(), Document::default());
        let mut whole = Document::default();
        for (i, &layer) in layers.iter().enumerate() {
            let two = layer.and(layers[(i + 3) % layers.len()]);
            let mut read = crate::wire::read_layers(&bytes, two).unwrap();
            let mut only = Document::default();
            only.take_layers(&mut doc.clone(), two);
            assert_eq!(read, only);
            whole.take_layers(&mut read, layer);
        }
        assert_eq!(whole, doc);
        // Cut short or with bytes after it, it is no document.
        assert!(crate::wire::read_layers(&bytes[..bytes.len() - 1], Layers::ALL).is_err());
        assert!(crate::wire::read_layers(&bytes[..bytes.len() - 1], Layers::NONE).is_err());
        bytes.push(0);
        assert!(crate::wire::read_layers(&bytes, Layers::ALL).is_err());
    }
}

#[test]
fn a_document_read_from_segment_bytes_holds_its_lists_without_room_to_spare() {
    // A large story's fusion holds its documents' claims and entities as
    // read from its segments: a list grown by doubling as it was read held
    // up to half as much again (a third more claims' room than claims).
    let mut doc = annotated("a");
    for _ in 0..4 {
        doc.claims.extend(doc.claims.clone());
        doc.entities.extend(doc.entities.clone());
    }
    let (claims, entities) = (doc.claims.len(), doc.entities.len());
    assert!(claims > 8 && entities > 8, "{claims} claims, {entities} entities");
    let mut bytes = Vec::new();
    crate::wire::write(&mut bytes, &doc);
    let read = crate::wire::read_layers(&bytes, Layers::ALL).unwrap();
    assert_eq!((read.claims.len(), read.claims.capacity()), (claims, claims));
    assert_eq!((read.entities.len(), read.entities.capacity()), (entities, entities));
    for e in &read.entities {
        assert_eq!(e.mentions.capacity(), e.mentions.len());
    }
}

proptest! {
    #[test]
    fn segment_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        // Bytes that read with no layer read with every one, and the other way.
        prop_assert_eq!(crate::wire::read_layers(&bytes, Layers::ALL).is_ok(), crate::wire::read_layers(&bytes, Layers::NONE).is_ok());
    }

    #[test]
    fn documents_read_back_as_written(id in ".{0,20}", text in "\\PC{0,200}", title in proptest::option::of(".{0,30}"), spans in proptest::collection::vec((0usize..1 << 40, 0usize..1 << 40), 0..20), figure in proptest::option::of(any::<f64>())) {
        let mut doc = annotated("x");
        doc.id = id;
        doc.text = text;
        doc.title = title;
        doc.sentences = spans.into_iter().map(|(start, end)| sitrep_core::Span { start, end }).collect();
        doc.quantities[0].low = figure;
        let mut bytes = Vec::new();
        crate::wire::write(&mut bytes, &doc);
        let back = crate::wire::read_layers(&bytes, Layers::ALL).unwrap();
        // NaN is not equal to itself: compare its bits.
        prop_assert_eq!(back.quantities[0].low.map(f64::to_bits), doc.quantities[0].low.map(f64::to_bits));
        doc.quantities[0].low = None;
        let mut back = back;
        back.quantities[0].low = None;
        prop_assert_eq!(back, doc);
    }
}

#[test]
fn packed_lines_are_the_same_bytes_whatever_pieces_they_were_written_in() {
    use std::io::Write;
    // More than a frame block of lines, each of a size of its own.
    let items: Vec<String> = (0..6_000).map(|i| format!("line {i} {}", "x".repeat(i % 97))).collect();
    let whole = Packed::lines(&items);
    let json: Vec<u8> = items.iter().flat_map(|i| serde_json::to_vec(i).unwrap().into_iter().chain([b'\n'])).collect();
    assert_eq!(report_json(whole.as_bytes()).unwrap(), json);
    for piece in [1, 7, 4_096, 40_000, json.len()] {
        let mut writer = PackWriter::new();
        for part in json.chunks(piece) {
            writer.write_all(part).unwrap();
        }
        assert_eq!(writer.finish(), whole, "written {piece} bytes at a time");
    }
}
