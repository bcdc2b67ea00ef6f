//! Errors of the ingest stage: each names the input and says what is wrong
//! with it in one line.

use std::fmt;

/// Why one input (a file, a JSON Lines line, a WARC record) could not be read.
#[derive(Debug, thiserror::Error)]
pub struct InputError {
    /// The input as the user named it, with a line or record number when
    /// the problem is inside the file (`feed.jsonl:3`).
    pub input: String,
    pub reason: Reason,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.input, self.reason)
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum Reason {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("file is empty")]
    Empty,
    #[error("binary content ({0}), not a text, HTML, JSON Lines or WARC document")]
    Binary(&'static str),
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("{0}")]
    Record(String),
    #[error("no such file or directory")]
    NotFound,
    #[error("truncated or corrupt gzip stream: {0}")]
    Gzip(String),
    #[error("invalid WARC: {0}")]
    Warc(String),
}

impl InputError {
    pub fn new(input: impl Into<String>, reason: Reason) -> Self {
        InputError { input: input.into(), reason }
    }
}
