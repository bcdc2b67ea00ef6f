//! What can go wrong with a store. Every error that concerns the database
//! file names it.

use std::path::PathBuf;

/// An error opening, writing or reading a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not an SQLite database at all (random bytes, a text file,
    /// an encrypted database).
    #[error("{}: not a sitrep database (the file is not an SQLite database)", path.display())]
    NotSqlite { path: PathBuf },
    /// The file is an SQLite database whose pages are damaged.
    #[error("{}: the database is corrupt: {source}", path.display())]
    Corrupt { path: PathBuf, source: rusqlite::Error },
    /// An SQLite database that belongs to some other program.
    #[error("{}: not a sitrep database ({reason})", path.display())]
    Foreign { path: PathBuf, reason: String },
    /// A sitrep database written by a newer sitrep.
    #[error(
        "{}: the database has schema version {found}, newer than the {known} this sitrep knows; use a newer sitrep",
        path.display()
    )]
    TooNew { path: PathBuf, found: i64, known: i64 },
    /// [`Store::open_existing`](crate::Store::open_existing) was given a path
    /// where there is no file.
    #[error("{}: no such database", path.display())]
    Missing { path: PathBuf },
    /// A full-text query FTS5 cannot parse (`"unbalanced`, `AND AND`).
    #[error("bad search query {}: {message}", crate::search::quoted_start(query))]
    Query { query: String, message: String },
    /// A stored value that does not fit the data model (a negative offset,
    /// an unknown kind, malformed JSON in a list column).
    #[error("{}: bad stored value: {message}", path.display())]
    Data { path: PathBuf, message: String },
    /// Another connection holds the write lock for longer than the busy
    /// timeout (10 s): another ingest is writing.
    #[error("{}: the database is locked by another writer (is another `sitrep ingest` running?)", path.display())]
    Busy { path: PathBuf },
    /// Any other SQLite error (disk full, permission denied, locked).
    #[error("{}: {source}", path.display())]
    Sqlite { path: PathBuf, source: rusqlite::Error },
}

impl StoreError {
    /// Classify an SQLite error on the database at `path`.
    pub(crate) fn sqlite(path: &std::path::Path, source: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode;
        let path = path.to_path_buf();
        match source.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotSqlite { path },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt { path, source },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
            _ => match source {
                rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::IntegralValueOutOfRange(..)
                | rusqlite::Error::InvalidColumnType(..) => StoreError::Data { path, message: source.to_string() },
                _ => StoreError::Sqlite { path, source },
            },
        }
    }
}
