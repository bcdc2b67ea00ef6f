//! The database schema, as numbered migration steps.
//!
//! `migrations()[i]` takes a database from version `i` to version `i + 1`.
//! A new version is one more entry at the end: never edit a step that has
//! shipped (nor what generates it), since databases in the wild have
//! already run it. The version a
//! database is at lives in the one-row table `schema_version`.

/// `PRAGMA application_id` of a sitrep database: the bytes `SRep`. A file
/// without it is not treated as a sitrep store, so a stray SQLite database
/// is never migrated by accident.
pub const APPLICATION_ID: i32 = 0x5352_6570;

/// The schema version this build writes and understands: the number of
/// [`migrations`].
pub const VERSION: i64 = 23;

/// The migration steps, in order. Step 1 creates the whole v1 schema; step
/// 2 adds the annotator version and stops copying span texts; step 3 adds
/// analyst overrides and snapshots; step 4 stores fusion; step 5 keeps the
/// comparisons of copy detection; step 6 keeps each document's sentences;
/// step 7 keeps the copy keys as postings and the copies found; step 8
/// keeps the copy fingerprints apart from the profiles; step 9 stores each
/// part of a story's fused result once; step 10 stores what the dossier
/// shows of each topic; step 11 keeps the names of each
/// profile apart; step 12 drops the stored comparisons that found no copy;
/// step 13 indexes the fusion inputs by version; step 14 keeps the
/// precedence of a document whose posted copy keys are taken out; step 15
/// keeps the claims each topic cites with the topic; step 16 packs each
/// story's entry and quote groups; step 17 keeps each story's documents
/// as fusion reads them, in segments; step 18 keeps a new document as
/// fusion reads it until it is in a segment; step 20 keeps the last
/// clustering of the stories, which the next continues; step 21 keeps
/// what the timeline read of each segment's documents; step 22 packs each
/// copy key's postings into one row; step 23 lets the full-text index
/// merge its segments sixteen at a time.
pub fn migrations() -> Vec<String> {
    let spans = SPAN_TABLES.iter().map(|t| span_rows(t.0, t.1, t.2, t.3)).collect::<String>();
    vec![V1.to_string(), format!("{V2}{spans}"), V3.to_string(), V4.to_string(), V5.to_string(), V6.to_string(), V7.to_string(), V8.to_string(), V9.to_string(), V10.to_string(), V11.to_string(), V12.to_string(), V13.to_string(), V14.to_string(), V15.to_string(), V16.to_string(), V17.to_string(), V18.to_string(), V19.to_string(), V20.to_string(), V21.to_string(), V22.to_string(), V23.to_string()]
}

const V1: &str = r#"
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (0);

-- One row per document. `key` is the ingest order; `id` is the document's id.
CREATE TABLE documents (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    url TEXT,
    title TEXT,
    byline TEXT NOT NULL,            -- JSON array of strings
    published TEXT,                  -- YYYY-MM-DD
    outlet TEXT,
    language TEXT,
    text TEXT NOT NULL,
    hash BLOB NOT NULL UNIQUE,       -- BLAKE3 of title and text
    ingested_at TEXT NOT NULL        -- UTC, YYYY-MM-DDTHH:MM:SSZ
);

CREATE TABLE entities (
    doc INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
    idx INTEGER NOT NULL,            -- position in the document's entity list
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    descriptors TEXT NOT NULL,       -- JSON array of strings
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE mentions (
    doc INTEGER NOT NULL,
    entity INTEGER NOT NULL,         -- entities.idx
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc, entity, idx),
    FOREIGN KEY (doc, entity) REFERENCES entities(doc, idx) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE quotes (
    doc INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    direct INTEGER NOT NULL,         -- 0 or 1
    speaker TEXT,                    -- entities.id
    speaker_name TEXT,
    cue TEXT,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE quantities (
    doc INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    value REAL,
    low REAL,
    high REAL,
    bound TEXT NOT NULL,
    unit TEXT,
    per TEXT,
    per_each TEXT,
    counted TEXT,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE times (
    doc INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    kind TEXT NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE claims (
    doc INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    quantity INTEGER,                -- quantities.idx
    value REAL,
    low REAL,
    high REAL,
    bound TEXT,
    unit TEXT,
    per TEXT,
    per_each TEXT,
    subject TEXT NOT NULL,
    source_name TEXT,
    source_entity TEXT,              -- entities.id
    source_kind TEXT NOT NULL,
    modality TEXT NOT NULL,
    time TEXT,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

-- Full-text index over title and text, kept in step by triggers.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text,
    content = 'documents', content_rowid = 'key',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.key, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.key, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.key, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.key, new.title, new.text);
END;
"#;

/// The span tables of version 1 that step 2 turns into `*_rows` tables and
/// views: the old name, the new one, and the columns before and after
/// `text` (of the table aliased `t`).
const SPAN_TABLES: &[(&str, &str, &str, &str)] = &[
    ("mentions", "mention_rows", r#"t.doc, t.entity, t.idx, t.start, t."end""#, ""),
    ("quotes", "quote_rows", r#"t.doc, t.idx, t.start, t."end""#, ", t.direct, t.speaker, t.speaker_name, t.cue"),
    (
        "quantities",
        "quantity_rows",
        r#"t.doc, t.idx, t.start, t."end""#,
        ", t.kind, t.value, t.low, t.high, t.bound, t.unit, t.per, t.per_each, t.counted",
    ),
    ("times", "time_rows", r#"t.doc, t.idx, t.start, t."end""#, ", t.value, t.kind, t.expected"),
    (
        "claims",
        "claim_rows",
        r#"t.doc, t.idx, t.id, t.start, t."end""#,
        ", t.quantity, t.value, t.low, t.high, t.bound, t.unit, t.per, t.per_each, t.subject,
           t.source_name, t.source_entity, t.source_kind, t.modality, t.time, t.time_kind, t.frame",
    ),
];

/// Step 2 for one span table: rename it `rows`, give it a nullable `text`
/// (now its last column) that is NULL when the text is exactly the span's
/// slice of `documents.text`, and put a view with the v1 columns under the
/// old name.
fn span_rows(table: &str, rows: &str, before: &str, after: &str) -> String {
    format!(
        r#"
ALTER TABLE {table} RENAME TO {rows};
ALTER TABLE {rows} ADD COLUMN own_text TEXT;
UPDATE {rows} AS t SET own_text = t.text FROM documents d WHERE d.key = t.doc AND NOT
    (t.start >= 0 AND t.start <= t."end" AND t."end" <= length(CAST(d.text AS BLOB))
     AND CAST(t.text AS BLOB) = substr(CAST(d.text AS BLOB), t.start + 1, t."end" - t.start));
ALTER TABLE {rows} DROP COLUMN text;
ALTER TABLE {rows} RENAME COLUMN own_text TO text;
CREATE VIEW {table} AS
    SELECT {before},
           coalesce(t.text, CAST(substr(CAST(d.text AS BLOB), t.start + 1, t."end" - t.start) AS TEXT)) AS text{after}
    FROM {rows} t JOIN documents d ON d.key = t.doc;
"#
    )
}

/// Version 2 (with [`span_rows`] for each of the [`SPAN_TABLES`]):
///
/// - `documents.annotator`: the version of the annotator that made the
///   stored annotations (`sitrep_annotate::ANNOTATOR_VERSION`); documents
///   stored before it existed get 0, so they count as stale and
///   `sitrep reannotate` brings them up to date.
/// - The text of a span (a mention, quote, quantity, time or claim) is its
///   slice of the document text, so it is no longer stored twice: the
///   tables are renamed `*_rows` and their `text` is NULL when it is that
///   slice (a text that differs is kept), and views under the old table
///   names give SQL readers the same columns as before.
/// - `times.expected`: whether a time is expected rather than past, and
///   `claims.time_kind`: what a claim's time is (event, expected, report).
/// - `claims.frame`: what a numeric claim measures, as JSON (null for
///   statement claims).
/// - The full-text index is only rewritten when a title or text changes,
///   not when a re-annotation updates other columns.
const V2: &str = r#"
ALTER TABLE documents ADD COLUMN annotator INTEGER NOT NULL DEFAULT 0;
CREATE INDEX documents_annotator ON documents (annotator);
ALTER TABLE times ADD COLUMN expected INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN time_kind TEXT NOT NULL DEFAULT 'event';
ALTER TABLE claims ADD COLUMN frame TEXT;   -- JSON object, null for statement claims

DROP TRIGGER documents_fts_update;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.key, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.key, new.title, new.text);
END;
"#;

/// Version 3: analyst corrections and snapshots (see `overrides.rs` of
/// sitrep-core and `docs/corrections.md`).
///
/// - `overrides`: one row per correction, applied after every fusion;
///   `id` never reused (AUTOINCREMENT), `correction` and `anchors` JSON.
/// - `snapshots`: a saved state of the fused report, by name: the sitrep
///   version, a hash of the corpus and the topics as JSON.
const V3: &str = r#"
CREATE TABLE overrides (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    correction TEXT NOT NULL,        -- JSON object tagged by "kind"
    anchors TEXT NOT NULL,           -- JSON array of {topic, claims}
    author TEXT NOT NULL,
    at TEXT NOT NULL,                -- UTC, YYYY-MM-DDTHH:MM:SSZ
    note TEXT
);

CREATE TABLE snapshots (
    name TEXT PRIMARY KEY,
    saved_at TEXT NOT NULL,          -- UTC, YYYY-MM-DDTHH:MM:SSZ
    version TEXT NOT NULL,           -- the sitrep version that saved it
    corpus_hash TEXT NOT NULL,       -- BLAKE3 over the sorted documents.hash, hex
    documents INTEGER NOT NULL,
    topics TEXT NOT NULL             -- JSON array of topic states
) WITHOUT ROWID;
"#;

/// Version 4: fusion, stored and incremental (see `fusion.rs`).
///
/// - `fusion_inputs`: per document what fusion reads without the document:
///   its text length, story profile and copy fingerprint (pure functions of
///   the document) and the fuse version that made them; gone with its
///   document, and removed when it is re-annotated.
/// - `stories`: one row per story (a rowid table: the rows hold large
///   JSON): its stable id, its order keys (size, founding document, with
///   an index in report order), its label, a hash of its members (keys,
///   content hashes, annotator versions, copies) and of the fuse version,
///   the story's entry (JSON) and its whole fused result (JSON report of
///   the story; since schema version 9 without its topics, and
///   packed in an LZ4 frame when written now: `fusion::report_json`; the
///   entry and the quote groups too since version 16).
/// - `story_topics`: one row per topic of a story (by the story's key), in
///   report order (`idx`, indexed with the story), so topics and claims are
///   read without a story's whole result; topic ids are indexed. The
///   topic's JSON and what the dossier shows of it are packed like the
///   report when written now (since schema version 15, which drops the
///   rows written before, every row is).
/// - `fusion_state`: `generation` counts the writes to `documents` (by
///   trigger); `fused` is the generation the stored stories are of. They
///   differ while fusion is behind (after an ingest, or a killed fusion).
const V4: &str = r#"
CREATE TABLE fusion_inputs (
    doc INTEGER PRIMARY KEY REFERENCES documents(key) ON DELETE CASCADE,
    version INTEGER NOT NULL,        -- the fuse version that made it
    length INTEGER NOT NULL,         -- bytes of the document's text
    profile BLOB NOT NULL,           -- the story profile (sitrep-fuse's Profile::to_bytes)
    fingerprint BLOB NOT NULL        -- the copy fingerprint (sitrep-fuse's Fingerprint::to_bytes)
);

CREATE TABLE stories (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,           -- documents
    founder_published TEXT NOT NULL, -- the founding document's date, '~' when undated
    founder_id TEXT NOT NULL,        -- and its id
    label TEXT NOT NULL,
    hash BLOB NOT NULL,              -- BLAKE3 of the members, their copies and the fuse version
    story TEXT NOT NULL,             -- JSON: the story's entry in the report
    report TEXT NOT NULL             -- JSON: the story's fused report
);
CREATE INDEX stories_order ON stories (size DESC, founder_published, founder_id);

CREATE TABLE story_topics (
    key INTEGER PRIMARY KEY,
    story INTEGER NOT NULL REFERENCES stories(key) ON DELETE CASCADE,
    idx INTEGER NOT NULL,            -- position in the story's topics
    id TEXT NOT NULL,
    label TEXT NOT NULL,
    topic TEXT NOT NULL,             -- JSON: the topic with its claims
    UNIQUE (story, idx)
);
CREATE INDEX story_topics_id ON story_topics (id);

CREATE TABLE fusion_state (generation INTEGER NOT NULL, fused INTEGER NOT NULL);
INSERT INTO fusion_state (generation, fused) VALUES (1, 0);
CREATE TRIGGER fusion_documents_insert AFTER INSERT ON documents BEGIN
    UPDATE fusion_state SET generation = generation + 1;
END;
CREATE TRIGGER fusion_documents_delete AFTER DELETE ON documents BEGIN
    UPDATE fusion_state SET generation = generation + 1;
END;
CREATE TRIGGER fusion_documents_update AFTER UPDATE ON documents BEGIN
    UPDATE fusion_state SET generation = generation + 1;
END;
"#;

/// Version 5: the comparisons copy detection made (see `fusion.rs`), so a
/// grown store compares only the pairs of documents it has not compared.
///
/// - `copy_pairs`: one row per comparison of two documents' fingerprints
///   (by document key): `full = 0` is the quick verdict whether the
///   candidate pair `a < b` makes a copy (`copy`); `full = 1` is the
///   evidence of `a` as a copy of its original `b` (`kind`, the share
///   `in_order`, shared `sentences` and `quotes`). A row goes with the
///   fusion input of either document (re-annotated, replaced or removed).
const V5: &str = r#"
CREATE TABLE copy_pairs (
    a INTEGER NOT NULL REFERENCES fusion_inputs(doc) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES fusion_inputs(doc) ON DELETE CASCADE,
    full INTEGER NOT NULL,           -- 0: the verdict of a candidate pair; 1: a's evidence as a copy of b
    copy INTEGER NOT NULL,           -- 1 when the pair makes a copy
    kind TEXT,                       -- evidence (full = 1): duplicate, excerpt, rewrite or indirect
    in_order REAL,
    sentences INTEGER,
    quotes INTEGER,
    PRIMARY KEY (a, b, full)
) WITHOUT ROWID;
CREATE INDEX copy_pairs_b ON copy_pairs (b);
"#;

/// Version 6: `documents.sentences`, the text's sentence spans as the
/// annotator split them (`spans.rs`: varints, a few bytes a sentence), so
/// fusion reads them instead of splitting the text again. NULL for the
/// documents stored before: their readers split the text.
const V6: &str = r#"
ALTER TABLE documents ADD COLUMN sentences BLOB;
"#;

/// Version 7: what copy detection needs to compare only what new, changed
/// and removed documents touch (see `fusion.rs` of the CLI).
///
/// - `copy_keys`: the postings of the copy keys (word pairs, sentences,
///   quotes of `sitrep-fuse`'s fingerprint, as signed 64-bit integers) of
///   every document whose fingerprint was matched by the last refresh:
///   `pair = 1` for a word pair. A key's documents are one range of the
///   primary key.
/// - `copy_dirty`: the documents whose fusion input was written or deleted
///   since the last refresh matched them, with the fingerprint the postings
///   hold for them (`posted`, NULL when none): kept by triggers on
///   `fusion_inputs`, so a changed or removed document leaves its old keys
///   behind for the refresh to take out.
/// - `copy_of`: the copies the last refresh found: each copy's original and
///   the evidence (the copies of the documents not yet matched are those of
///   the last refresh, the rest are single documents).
///
/// An existing store's documents are all marked dirty with nothing posted:
/// its next refresh matches the whole corpus once and fills the postings.
const V7: &str = r#"
CREATE TABLE copy_keys (
    key INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    pair INTEGER NOT NULL,
    PRIMARY KEY (key, doc)
) WITHOUT ROWID;
CREATE TABLE copy_dirty (doc INTEGER PRIMARY KEY, posted BLOB);
CREATE TABLE copy_of (
    doc INTEGER PRIMARY KEY,
    original INTEGER NOT NULL,
    kind TEXT NOT NULL,
    in_order REAL NOT NULL,
    sentences INTEGER NOT NULL,
    quotes INTEGER NOT NULL
);
INSERT INTO copy_dirty (doc, posted) SELECT doc, NULL FROM fusion_inputs;
CREATE TRIGGER copy_inputs_insert AFTER INSERT ON fusion_inputs BEGIN
    INSERT OR IGNORE INTO copy_dirty (doc, posted) VALUES (new.doc, NULL);
END;
CREATE TRIGGER copy_inputs_delete AFTER DELETE ON fusion_inputs BEGIN
    INSERT OR IGNORE INTO copy_dirty (doc, posted) VALUES (old.doc, old.fingerprint);
END;
"#;

/// Version 8: a refresh reads what clustering needs and nothing else
/// (see `fusion.rs` of the CLI). At a million documents it read the
/// fingerprints (tens of kilobytes a document, sharing the profiles'
/// pages: about 28 GB) and every document's row (its text) for the id,
/// date, hash and annotator version.
///
/// - `fusion_prints`: a document's copy fingerprint, in a table of its
///   own, gone with its fusion input; the existing ones are moved there.
/// - `fusion_inputs` keeps the document's id, date, content hash and
///   annotator version (copied from `documents` when the input is written:
///   an input is deleted whenever its document's row changes), so its rows
///   alone are what clustering reads; the existing rows are filled in.
/// - `copy_dirty` learns the fingerprint posted for a document when its
///   fingerprint is deleted (the trigger moves from `fusion_inputs` to
///   `fusion_prints`).
const V8: &str = r#"
CREATE TABLE fusion_prints (
    doc INTEGER PRIMARY KEY REFERENCES fusion_inputs(doc) ON DELETE CASCADE,
    fingerprint BLOB NOT NULL        -- the copy fingerprint (sitrep-fuse's Fingerprint::to_bytes)
);
INSERT INTO fusion_prints (doc, fingerprint) SELECT doc, fingerprint FROM fusion_inputs ORDER BY doc;
DROP TRIGGER copy_inputs_delete;
ALTER TABLE fusion_inputs DROP COLUMN fingerprint;
ALTER TABLE fusion_inputs ADD COLUMN id TEXT;          -- documents.id
ALTER TABLE fusion_inputs ADD COLUMN published TEXT;   -- documents.published
ALTER TABLE fusion_inputs ADD COLUMN hash BLOB;        -- documents.hash
ALTER TABLE fusion_inputs ADD COLUMN annotator INTEGER; -- documents.annotator
UPDATE fusion_inputs AS f SET id = d.id, published = d.published, hash = d.hash, annotator = d.annotator
    FROM documents d WHERE d.key = f.doc;
CREATE TRIGGER copy_prints_delete AFTER DELETE ON fusion_prints BEGIN
    INSERT OR IGNORE INTO copy_dirty (doc, posted) VALUES (old.doc, old.fingerprint);
END;
"#;

/// Version 9: each part of a story's fused result stored once, and what
/// the readers that print a little of it need stored beside it.
///
/// - `stories.report` holds the story's report with an empty topics array
///   (`[]` at byte `topics_at`): its topics are only the `story_topics`
///   rows, spliced in where the report is read. `quotes_at..quotes_end` is
///   the byte range of its quotes array, which the dossier skips:
///   `quote_groups` holds what the dossier shows of them (each shown
///   speaker's count and first quotes, `sitrep-report`'s `QuoteGroups` as
///   JSON). The large `report` is the last column, so reading the others
///   never walks its overflow pages.
/// - `story_topics.listing` holds what `sitrep topics` prints of the topic
///   (its table row and notes, JSON), before the topic's JSON for the same
///   reason.
///
/// The stories stored before are dropped and the store marked as behind
/// (`fused` one short of `generation`, as a new store is), so the next command fuses every story
/// again: the old rows hold the topics twice and lack the new columns, and
/// computing those takes the fused topics and quotes, that is a fusion.
const V9: &str = r#"
DROP TABLE story_topics;
DROP TABLE stories;
CREATE TABLE stories (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,           -- documents
    founder_published TEXT NOT NULL, -- the founding document's date, '~' when undated
    founder_id TEXT NOT NULL,        -- and its id
    label TEXT NOT NULL,
    hash BLOB NOT NULL,              -- BLAKE3 of the members, their copies and the fuse version
    story TEXT NOT NULL,             -- JSON: the story's entry in the report
    quote_groups TEXT NOT NULL,      -- JSON: the quotes the dossier shows, by speaker
    topics_at INTEGER NOT NULL,      -- byte of `report` where its (empty) topics array starts
    quotes_at INTEGER NOT NULL,      -- bytes of `report` its quotes array spans
    quotes_end INTEGER NOT NULL,
    report TEXT NOT NULL             -- JSON: the story's fused report, topics empty
);
CREATE INDEX stories_order ON stories (size DESC, founder_published, founder_id);

CREATE TABLE story_topics (
    key INTEGER PRIMARY KEY,
    story INTEGER NOT NULL REFERENCES stories(key) ON DELETE CASCADE,
    idx INTEGER NOT NULL,            -- position in the story's topics
    id TEXT NOT NULL,
    label TEXT NOT NULL,
    listing TEXT NOT NULL,           -- JSON: what `sitrep topics` prints of it
    topic TEXT NOT NULL,             -- JSON: the topic with its claims
    UNIQUE (story, idx)
);
CREATE INDEX story_topics_id ON story_topics (id);

UPDATE fusion_state SET fused = generation - 1;
"#;

/// Version 10: `story_topics.dossier` holds what the HTML dossier shows of
/// the topic (`sitrep-report`'s `DossierTopic` as JSON: the claims it can
/// show, a few hundred of a topic of 100,000, and what it says of all of
/// them), before the topic's JSON, so the dossier reads neither the
/// topic's claims nor its overflow pages.
///
/// The stored stories are dropped and the store marked as behind, as in
/// step 9: their topic rows lack the new column, and computing it takes the
/// fused topics, that is a fusion.
const V10: &str = r#"
DROP TABLE story_topics;
DELETE FROM stories;
CREATE TABLE story_topics (
    key INTEGER PRIMARY KEY,
    story INTEGER NOT NULL REFERENCES stories(key) ON DELETE CASCADE,
    idx INTEGER NOT NULL,            -- position in the story's topics
    id TEXT NOT NULL,
    label TEXT NOT NULL,
    listing TEXT NOT NULL,           -- JSON: what `sitrep topics` prints of it
    dossier TEXT NOT NULL,           -- JSON: what the HTML dossier shows of it
    topic TEXT NOT NULL,             -- JSON: the topic with its claims
    UNIQUE (story, idx)
);
CREATE INDEX story_topics_id ON story_topics (id);

UPDATE fusion_state SET fused = generation - 1;
"#;

/// Version 11: the names of each document's story profile apart
/// (`fusion_names`, gone with its fusion input), what fusing a story reads
/// of the profiles (its label): a tenth of a profile's bytes, and rows
/// small enough that a story's are read from a few pages, not each from
/// its profile's overflow pages. The inputs stored before have none yet:
/// `fusion_state.names_missing` says so, and the next refresh makes them
/// from the stored profiles once.
const V11: &str = r#"
CREATE TABLE fusion_names (
    doc INTEGER PRIMARY KEY REFERENCES fusion_inputs(doc) ON DELETE CASCADE,
    names BLOB NOT NULL              -- the profile's names, as Profile::to_bytes writes them
);
ALTER TABLE fusion_state ADD COLUMN names_missing INTEGER NOT NULL DEFAULT 0;
UPDATE fusion_state SET names_missing = EXISTS (SELECT 1 FROM fusion_inputs);
"#;

/// Version 12: `copy_pairs` keeps only the comparisons that found copies
/// (verdicts with `copy = 1`, and the evidence rows). A refresh no longer
/// stores the others: at a million documents they were 20.9 million rows
/// (with their index, 727 MB written on every match) of which 12 found a
/// copy, while the letters of the fingerprints' words (`sitrep-fuse`'s
/// `dedup::Letters`) turn such a pair away again for less than writing
/// and reading its row cost. The rows are copied out and the old table
/// dropped (deleting 20 million rows one at a time would take minutes).
const V12: &str = r#"
CREATE TABLE copy_found (
    a INTEGER NOT NULL REFERENCES fusion_inputs(doc) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES fusion_inputs(doc) ON DELETE CASCADE,
    full INTEGER NOT NULL,           -- 0: a candidate pair (a < b) that makes a copy; 1: a's evidence as a copy of b
    copy INTEGER NOT NULL,           -- 1
    kind TEXT,                       -- evidence (full = 1): duplicate, excerpt, rewrite or indirect
    in_order REAL,
    sentences INTEGER,
    quotes INTEGER,
    PRIMARY KEY (a, b, full)
) WITHOUT ROWID;
INSERT INTO copy_found (a, b, full, copy, kind, in_order, sentences, quotes)
    SELECT a, b, full, copy, kind, in_order, sentences, quotes FROM copy_pairs WHERE copy = 1 OR full = 1 ORDER BY a, b, full;
DROP TABLE copy_pairs;
ALTER TABLE copy_found RENAME TO copy_pairs;
CREATE INDEX copy_pairs_b ON copy_pairs (b);
"#;

/// Version 13: the fusion inputs indexed by version and document, so the
/// documents without an input of the current version are found from two
/// indexes (a few megabytes at a million documents) instead of a look-up
/// in `fusion_inputs` per document, whose rows hold the profiles: 27.4 s
/// against 0.75 s at 1,001,000 documents, from a cold cache.
const V13: &str = r#"
CREATE INDEX fusion_inputs_version ON fusion_inputs (version, doc);
"#;

/// Version 14: `copy_dirty` keeps, beside the fingerprint posted for a
/// document whose fusion input is deleted (re-annotated, replaced or
/// removed), the precedence the document had (`id`, `published`, `length`
/// of its input): where it stood among the documents under each of its
/// keys, so a refresh knows which candidate pairs its going makes (the
/// documents that move up to the first members of a key) without taking
/// every pair of the key again (`copy_pairs` keeps only copies since step
/// 12: a pair compared before is compared again). A trigger before the
/// input's deletion writes them; the marks made before have none, and are
/// matched as before.
///
/// `copy_heads` keeps, for a sentence or quote key shared by many documents
/// (`sitrep-fuse`'s `dedup::CROWDED`), its first members by precedence
/// (`docs`: their keys, little-endian `i64`s), written with the postings:
/// a document joining the key is paired with them without reading its
/// thousands of postings (a boilerplate sentence of a generated corpus is
/// in three documents of four). Keys without a row have their postings
/// read, and get one when crowded.
const V14: &str = r#"
CREATE TABLE copy_heads (key INTEGER PRIMARY KEY, docs BLOB NOT NULL);
ALTER TABLE copy_dirty ADD COLUMN id TEXT;
ALTER TABLE copy_dirty ADD COLUMN published TEXT;
ALTER TABLE copy_dirty ADD COLUMN length INTEGER;
CREATE TRIGGER copy_inputs_delete BEFORE DELETE ON fusion_inputs BEGIN
    INSERT OR IGNORE INTO copy_dirty (doc, posted, id, published, length)
        SELECT old.doc, p.fingerprint, old.id, old.published, old.length FROM fusion_prints p WHERE p.doc = old.doc;
END;
"#;

/// Version 15: `story_topics.claims` holds the claims the topic cites, in
/// the topic's order, as their documents hold them but without their
/// sentences (the topic holds those): JSON lines of `sitrep_core::Claim`
/// with an empty `text`, packed like the topic. `sitrep claims --topic`
/// reads them beside the topic instead of looking each claim up among its
/// document's (`claim_rows`), which for a topic of 100,000 claims from a
/// cold page cache were as many reads scattered over the store. The last
/// column, so the readers of the others never walk its pages.
///
/// The stored stories are dropped and the store marked as behind, as in
/// steps 9 and 10: their topic rows lack the new column, and computing it
/// takes the fused topics and their documents' claims, that is a fusion.
const V15: &str = r#"
DROP TABLE story_topics;
DELETE FROM stories;
CREATE TABLE story_topics (
    key INTEGER PRIMARY KEY,
    story INTEGER NOT NULL REFERENCES stories(key) ON DELETE CASCADE,
    idx INTEGER NOT NULL,            -- position in the story's topics
    id TEXT NOT NULL,
    label TEXT NOT NULL,
    listing TEXT NOT NULL,           -- JSON: what `sitrep topics` prints of it
    dossier TEXT NOT NULL,           -- JSON: what the HTML dossier shows of it
    topic TEXT NOT NULL,             -- JSON: the topic with its claims
    claims BLOB NOT NULL,            -- JSON lines: the claims it cites, without their sentences
    UNIQUE (story, idx)
);
CREATE INDEX story_topics_id ON story_topics (id);

UPDATE fusion_state SET fused = generation - 1;
"#;

/// Version 16: `stories.story` (the story's entry in the report, which
/// lists its documents' ids: 2.9 MB for a story of 100,000 articles) and
/// `stories.quote_groups` (what the dossier shows of its quotes) are packed
/// like the report. Every `report --story` lists every story's entry, and
/// from a cold page cache the 37 MB of entries of a million articles'
/// stories, each spilling from its row to pages of its own scattered over
/// the file, took 0.66 s to read; packed, they are a fifth of the bytes.
///
/// The stories (and their topics) are dropped and recreated, and the store
/// marked as behind, as in steps 9, 10 and 15: the old rows hold these
/// columns unpacked, and packing them is a write of every story, so the
/// next command fuses every story again.
const V16: &str = r#"
DROP TABLE story_topics;
DROP TABLE stories;
CREATE TABLE stories (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,           -- documents
    founder_published TEXT NOT NULL, -- the founding document's date, '~' when undated
    founder_id TEXT NOT NULL,        -- and its id
    label TEXT NOT NULL,
    hash BLOB NOT NULL,              -- BLAKE3 of the members, their copies and the fuse version
    story BLOB NOT NULL,             -- JSON, packed: the story's entry in the report
    quote_groups BLOB NOT NULL,      -- JSON, packed: the quotes the dossier shows, by speaker
    topics_at INTEGER NOT NULL,      -- byte of `report` where its (empty) topics array starts
    quotes_at INTEGER NOT NULL,      -- bytes of `report` its quotes array spans
    quotes_end INTEGER NOT NULL,
    report BLOB NOT NULL             -- JSON, packed: the story's fused report, topics empty
);
CREATE INDEX stories_order ON stories (size DESC, founder_published, founder_id);

CREATE TABLE story_topics (
    key INTEGER PRIMARY KEY,
    story INTEGER NOT NULL REFERENCES stories(key) ON DELETE CASCADE,
    idx INTEGER NOT NULL,            -- position in the story's topics
    id TEXT NOT NULL,
    label TEXT NOT NULL,
    listing TEXT NOT NULL,           -- JSON: what `sitrep topics` prints of it
    dossier BLOB NOT NULL,           -- JSON, packed: what the HTML dossier shows of it
    topic BLOB NOT NULL,             -- JSON, packed: the topic with its claims
    claims BLOB NOT NULL,            -- JSON lines, packed: the claims it cites, without their sentences
    UNIQUE (story, idx)
);
CREATE INDEX story_topics_id ON story_topics (id);

UPDATE fusion_state SET fused = generation - 1;
"#;

/// Version 17: `story_docs` keeps each fused story's documents as fusion
/// reads them (`Store::documents_for` with the claims fusion reads), in
/// segments of its members in key order: packed bytes (`wire.rs`), and
/// per document its key, annotator version and content hash (what the
/// stored document is). Fusing a story again reads the segments (one row of
/// packed bytes a segment, a few kilobytes a document) and only the
/// documents they do not hold from the annotation tables (a look-up per
/// document in each of seven tables, scattered over the file: most of a
/// large story's fusion time). A segment is a cache: a document whose
/// key, version or hash differs from the stored one is read from the
/// tables. Empty until stories are fused again (nothing is dropped).
const V17: &str = r#"
CREATE TABLE story_docs (
    key INTEGER PRIMARY KEY,
    story TEXT NOT NULL,             -- stories.id
    members BLOB NOT NULL,           -- per document, 48 bytes: key and annotator (i64 little-endian), content hash
    docs BLOB NOT NULL               -- packed: the documents as fusion reads them, in that order (wire.rs)
);
CREATE INDEX story_docs_story ON story_docs (story);
"#;

/// Version 18: `fusion_docs` keeps a document as fusion reads it (as a
/// segment of `story_docs` holds it: its identity and its packed bytes),
/// written by ingest with its fusion input, until a fusion has put it in
/// its story's segments (a refresh then empties the table). A document's
/// first fusion reads this one row instead of looking the document up in
/// seven annotation tables: written a chunk at a time, after the chunk's
/// documents, the rows of a chunk lie together in the file, where the
/// annotation rows of a story's documents lie scattered over it. Like a
/// segment it is a cache: gone with the fusion input, checked against the
/// document's identity, and a document without one is read from the
/// tables.
const V18: &str = r#"
CREATE TABLE fusion_docs (
    doc INTEGER PRIMARY KEY REFERENCES fusion_inputs(doc) ON DELETE CASCADE,
    member BLOB NOT NULL,            -- 48 bytes: key and annotator (i64 little-endian), content hash
    docs BLOB NOT NULL               -- packed: the document as fusion reads it (wire.rs), as a segment of one
);
"#;

/// Version 19: the first members of a crowded key, which the others under
/// it are paired with, are taken in hub order (`sitrep-fuse`'s
/// `dedup::Ranks::hub`: by a hash of the id) instead of by precedence. The
/// kept first members (`copy_heads`) and the postings they were taken
/// with (`copy_keys`) go, so the next refresh matches the whole corpus
/// and posts them again; the comparisons kept (`copy_pairs`) still hold.
/// The store is marked as behind, so that refresh comes.
const V19: &str = r#"
DELETE FROM copy_heads;
DELETE FROM copy_keys;
UPDATE fusion_state SET fused = generation - 1;
"#;

/// Version 20: `cluster_state` keeps, in one row, the clustering of the
/// stories the last refresh made (`sitrep-fuse`'s `stories::Clustered`),
/// which the next continues (`stories::Known`): the clustering's version
/// (`sitrep`'s `fusion::CLUSTER_VERSION`), the spread limit it was made
/// under, its terms' states that are not 0 (`terms`: per term its hash,
/// `u64`, and state, `u32`, little-endian) and per document, in key
/// order, its key, its clustering input's hash, its original's key (or
/// `i64::MIN`) and its story's number (`docs`: `i64`, `u64`, `i64`, `u32`,
/// little-endian). Like a segment it is a cache, checked document by
/// document: empty, the next refresh clusters the whole corpus.
const V20: &str = r#"
CREATE TABLE IF NOT EXISTS cluster_state (
    version INTEGER NOT NULL,
    spread_limit REAL NOT NULL,
    terms BLOB NOT NULL,
    docs BLOB NOT NULL
);
"#;

/// Version 21: `segment_readings` keeps, per stored segment, what its
/// documents' timeline reading found (`segments::SegmentReadings`): the
/// fuse version that made it, the date that dated its undated documents
/// (empty when none is undated) and the readings, packed (an LZ4 block
/// after its length). It is deleted with its segment.
const V21: &str = r#"
CREATE TABLE IF NOT EXISTS segment_readings (
    segment INTEGER PRIMARY KEY REFERENCES story_docs(key) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    anchor TEXT NOT NULL,
    readings BLOB NOT NULL
);
"#;

/// Version 22: a copy key's postings are one row, `copy_keys (key,
/// docs)`: its documents' keys, ascending, packed (`i64` little-endian),
/// instead of a row per posting. A million documents post 40.6 million
/// keys but hold a tenth as many distinct ones; written a row each, the
/// postings took a first fusion of the million 41 s on one core. Nothing
/// read whether a posting was of a word pair (the old `pair` column). The
/// old postings and the first members kept with them (`copy_heads`) go, so
/// the next refresh matches the whole corpus and posts them again; the
/// store is marked as behind, so that refresh comes.
const V22: &str = r#"
DROP TABLE copy_keys;
CREATE TABLE copy_keys (key INTEGER PRIMARY KEY, docs BLOB NOT NULL);
DELETE FROM copy_heads;
UPDATE fusion_state SET fused = generation - 1;
"#;

/// Version 23: the full-text index merges its segments when sixteen of a
/// size are there, not four (FTS5's `automerge`, kept in the index's own
/// configuration). Each commit of an ingest writes a segment; merged four
/// at a time, a document's index entries are written again once per
/// level, about six levels at a million documents; sixteen at a time,
/// about three. Ingesting 20,000 articles into a new store took 52.6 to
/// 54.9 s of CPU against 54.6 to 59.0 s, 50,000 141.3 s against 147.4 s;
/// a search reads more segments (at most fifteen a level instead of
/// three).
const V23: &str = r#"
INSERT INTO documents_fts (documents_fts, rank) VALUES ('automerge', 16);
"#;
