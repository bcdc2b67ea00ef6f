//! Walking the inputs: files, directories (recursively, in name order) and
//! standard input, each read by the reader its extension or first bytes call
//! for. Readers stream: a JSON Lines feed or WARC archive is read one
//! document at a time.

use crate::jsonl::JsonlReader;
use crate::warc::WarcReader;
use crate::{charset, Body, Content, InputError, RawDoc, Reason};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// One thing named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// A file compiled into the program (the demo corpus).
    Embedded { name: &'static str, bytes: &'static [u8] },
}

impl Input {
    /// `-` is standard input; anything else a path.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// How to read inputs whose format the name does not tell.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Read standard input (and files without a telling extension) as JSON Lines.
    pub jsonl: bool,
}

/// The container formats sitrep reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Jsonl,
    Warc,
}

impl Format {
    /// The format an extension names, looking through a `.gz` suffix.
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
        let ext = lower.rsplit_once('.').map(|(_, e)| e)?;
        Some(match ext {
            "txt" | "text" | "md" => Format::Text,
            "html" | "htm" | "xhtml" | "shtml" => Format::Html,
            "jsonl" | "ndjson" => Format::Jsonl,
            "warc" | "arc" => Format::Warc,
            _ => return None,
        })
    }

    /// The format the first bytes of a stream suggest.
    pub fn sniff(head: &[u8]) -> Format {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let start = head.trim_ascii_start();
        if start.starts_with(b"WARC/") {
            return Format::Warc;
        }
        if start.starts_with(b"{") {
            return Format::Jsonl;
        }
        let lower: Vec<u8> = start.iter().take(1024).map(u8::to_ascii_lowercase).collect();
        let has = |needle: &[u8]| memchr::memmem::find(&lower, needle).is_some();
        if lower.starts_with(b"<!doctype html")
            || lower.starts_with(b"<html")
            || (lower.starts_with(b"<") && (has(b"<head") || has(b"<body") || has(b"<p>") || has(b"<div")))
        {
            Format::Html
        } else {
            Format::Text
        }
    }
}

pub(crate) fn io_reason(e: io::Error) -> Reason {
    match e.kind() {
        io::ErrorKind::NotFound => Reason::NotFound,
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof => {
            Reason::Gzip(e.to_string())
        }
        _ => Reason::Io(e),
    }
}

type DocIter = Box<dyn Iterator<Item = Result<RawDoc, InputError>> + Send>;

/// Read every input in order, yielding documents and per-input errors.
pub fn read(inputs: Vec<Input>, options: ReadOptions) -> impl Iterator<Item = Result<RawDoc, InputError>> + Send {
    Walker { queue: inputs.into(), current: None, options }
}

struct Walker {
    queue: VecDeque<Input>,
    current: Option<DocIter>,
    options: ReadOptions,
}

impl Iterator for Walker {
    type Item = Result<RawDoc, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(it) = &mut self.current {
                match it.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            match self.queue.pop_front()? {
                Input::Stdin => match open_stdin(self.options) {
                    Ok(it) => self.current = Some(it),
                    Err(e) => return Some(Err(e)),
                },
                Input::Embedded { name, bytes } => match open_reader(Box::new(bytes), name.into(), self.options) {
                    Ok(it) => self.current = Some(it),
                    Err(e) => return Some(Err(e)),
                },
                Input::Path(path) => {
                    let name = path.display().to_string();
                    match std::fs::metadata(&path) {
                        Err(e) => return Some(Err(InputError::new(name, io_reason(e)))),
                        Ok(meta) if meta.is_dir() => match list_dir(&path) {
                            Ok(children) => {
                                for child in children.into_iter().rev() {
                                    self.queue.push_front(Input::Path(child));
                                }
                            }
                            Err(e) => return Some(Err(InputError::new(name, io_reason(e)))),
                        },
                        Ok(_) => match open_file(&path, name, self.options) {
                            Ok(it) => self.current = Some(it),
                            Err(e) => return Some(Err(e)),
                        },
                    }
                }
            }
        }
    }
}

/// A directory's entries in name order, hidden files left out.
fn list_dir(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        entries.push(entry.path());
    }
    entries.sort();
    Ok(entries)
}

fn open_stdin(options: ReadOptions) -> Result<DocIter, InputError> {
    let stdin = BufReader::with_capacity(1 << 16, io::stdin());
    if options.jsonl {
        return Ok(Box::new(JsonlReader::new(stdin, "-".into())));
    }
    let mut bytes = Vec::new();
    BufReader::new(stdin)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::new("-", io_reason(e)))?;
    let format = Format::sniff(&bytes);
    single(bytes, "-".into(), format).map(|d| Box::new(std::iter::once(Ok(d))) as DocIter)
}

fn open_file(path: &Path, name: String, options: ReadOptions) -> Result<DocIter, InputError> {
    let file = File::open(path).map_err(|e| InputError::new(&name, io_reason(e)))?;
    open_reader(Box::new(BufReader::with_capacity(1 << 16, file)), name, options)
}

fn open_reader(mut reader: Box<dyn BufRead + Send>, name: String, options: ReadOptions) -> Result<DocIter, InputError> {
    let head = reader.fill_buf().map_err(|e| InputError::new(&name, io_reason(e)))?;
    if head.is_empty() {
        return Err(InputError::new(name, Reason::Empty));
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        reader = Box::new(BufReader::with_capacity(1 << 16, flate2::bufread::MultiGzDecoder::new(reader)));
    }
    let by_name = Format::from_name(&name);
    let format = match by_name {
        Some(f) => f,
        None if options.jsonl => Format::Jsonl,
        None => {
            let head = reader.fill_buf().map_err(|e| InputError::new(&name, io_reason(e)))?;
            if let Some(what) = charset::sniff_binary(head) {
                return Err(InputError::new(name, Reason::Binary(what)));
            }
            Format::sniff(head)
        }
    };
    Ok(match format {
        Format::Jsonl => Box::new(JsonlReader::new(reader, name)),
        Format::Warc => Box::new(WarcReader::new(reader, name)),
        Format::Text | Format::Html => {
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes).map_err(|e| InputError::new(&name, io_reason(e)))?;
            Box::new(std::iter::once(single(bytes, name, format)))
        }
    })
}

/// A file that holds one document.
fn single(bytes: Vec<u8>, name: String, format: Format) -> Result<RawDoc, InputError> {
    if bytes.trim_ascii().is_empty() {
        return Err(InputError::new(name, Reason::Empty));
    }
    if let Some(what) = charset::sniff_binary(&bytes) {
        return Err(InputError::new(name, Reason::Binary(what)));
    }
    let body = match format {
        Format::Html => Body::Html(Content::Bytes(bytes)),
        _ => Body::Scraped(Content::Bytes(bytes)),
    };
    Ok(RawDoc::new(name.clone(), name, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_tell_formats() {
        assert_eq!(Format::from_name("a/b.HTML"), Some(Format::Html));
        assert_eq!(Format::from_name("cc.warc.gz"), Some(Format::Warc));
        assert_eq!(Format::from_name("feed.jsonl.gz"), Some(Format::Jsonl));
        assert_eq!(Format::from_name("notes.txt"), Some(Format::Text));
        assert_eq!(Format::from_name("README"), None);
    }

    #[test]
    fn first_bytes_tell_formats() {
        assert_eq!(Format::sniff(b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(Format::sniff(b"  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(Format::sniff(b"{\"id\": 1}"), Format::Jsonl);
        assert_eq!(Format::sniff(b"<Title> of a text"), Format::Text);
        assert_eq!(Format::sniff(b"Plain words."), Format::Text);
    }

    #[test]
    fn stdin_and_paths_parse() {
        assert_eq!(Input::parse("-"), Input::Stdin);
        assert_eq!(Input::parse("a.txt"), Input::Path("a.txt".into()));
    }
}
