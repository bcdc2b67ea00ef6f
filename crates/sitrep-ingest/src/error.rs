//! Errors of the ingest stage: each names the input and says what is wrong
//! with it in one line.

use crate::limits::{human, Memory};
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
    #[error("more than {} after decompression; skipped the rest (--max-input-bytes raises the limit)", human(*.0))]
    InputTooLarge(u64),
    #[error("{}", too_large(.what, *.limit, .memory))]
    DocTooLarge { what: &'static str, limit: u64, memory: Option<Memory> },
    #[error("not a regular file ({0})")]
    NotRegular(&'static str),
    /// Not an error: an entry of a directory left out on purpose.
    #[error("skipped: {0}")]
    Skipped(String),
    /// A bug: extraction or annotation panicked on this document.
    #[error("internal error while {stage} this document, which was skipped (please report it): {message}")]
    Internal { stage: &'static str, message: String },
}

fn too_large(what: &str, limit: u64, memory: &Option<Memory>) -> String {
    match memory {
        Some(m) => format!(
            "{what} is larger than {}, the most a document may have under {m} (raise the limit or split the input)",
            human(limit)
        ),
        None => format!("{what} is larger than {} (--max-doc-bytes raises the limit)", human(limit)),
    }
}

impl InputError {
    pub fn new(input: impl Into<String>, reason: Reason) -> Self {
        InputError { input: input.into(), reason }
    }

    /// Whether this only reports something left out on purpose (a symbolic
    /// link or a device met in a directory), not a failure.
    pub fn is_warning(&self) -> bool {
        matches!(self.reason, Reason::Skipped(_))
    }
}
