//! The database schema, as numbered migration steps.
//!
//! `MIGRATIONS[i]` takes a database from version `i` to version `i + 1`.
//! A new version is one more entry at the end: never edit a step that has
//! shipped, since databases in the wild have already run it. The version a
//! database is at lives in the one-row table `schema_version`.

/// `PRAGMA application_id` of a sitrep database: the bytes `SRep`. A file
/// without it is not treated as a sitrep store, so a stray SQLite database
/// is never migrated by accident.
pub const APPLICATION_ID: i32 = 0x5352_6570;

/// The schema version this build writes and understands.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// The migration steps, in order. Step 1 creates the whole v1 schema.
pub const MIGRATIONS: &[&str] = &[V1, V2];

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

/// v2: the frame of each numeric claim (what it measures), as JSON.
const V2: &str = r#"
ALTER TABLE claims ADD COLUMN frame TEXT;   -- JSON object, null for statement claims
"#;
