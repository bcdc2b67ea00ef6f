//! Walking the inputs: files, directories (recursively, in name order) and
//! standard input, each read by the reader its extension or first bytes call
//! for. Readers stream: a JSON Lines feed or WARC archive is read one
//! document at a time.
//!
//! Every input goes through the same layers: gzip is undone, the bytes after
//! decompression are counted against [`Limits::max_input_bytes`], UTF-16 and
//! UTF-32 text becomes UTF-8, and no document may be larger than
//! [`Limits::max_doc_bytes`]. In a directory, symbolic links are followed
//! only when asked ([`ReadOptions::follow`]), never into a directory already
//! read, and named pipes, sockets and devices are left out.

use crate::charset::{self, Wide, WideReader};
use crate::jsonl::JsonlReader;
use crate::limits::Limits;
use crate::warc::WarcReader;
use crate::{Body, Content, InputError, RawDoc, Reason};
use std::borrow::Cow;
use std::collections::{HashSet, VecDeque};
use std::fs::{File, FileType};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// One thing named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// Bytes in memory under a name that tells their format, like a file's:
    /// the demo corpus compiled into the program, or generated input.
    Bytes { name: Cow<'static, str>, bytes: Cow<'static, [u8]> },
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

/// How to read the inputs.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Read standard input (and files without a telling extension) as JSON Lines.
    pub jsonl: bool,
    /// Follow symbolic links met in directories (a directory is still read
    /// only once, so link loops end).
    pub follow: bool,
    pub limits: Limits,
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
        let head = head.strip_prefix(UTF8_BOM).unwrap_or(head);
        let start = head.trim_ascii_start();
        if start.starts_with(b"WARC/") {
            return Format::Warc;
        }
        if start.starts_with(b"{") {
            return Format::Jsonl;
        }
        Format::sniff_page(start)
    }

    /// HTML or text, for an input that holds one document.
    fn sniff_page(head: &[u8]) -> Format {
        let head = head.strip_prefix(UTF8_BOM).unwrap_or(head).trim_ascii_start();
        let lower: Vec<u8> = head.iter().take(1024).map(u8::to_ascii_lowercase).collect();
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

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The error a [`Capped`] reader returns past its limit.
#[derive(Debug)]
struct OverLimit(u64);

impl std::fmt::Display for OverLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "more than {} bytes", self.0)
    }
}

impl std::error::Error for OverLimit {}

pub(crate) fn io_reason(e: io::Error) -> Reason {
    if let Some(OverLimit(limit)) = e.get_ref().and_then(|r| r.downcast_ref::<OverLimit>()) {
        return Reason::InputTooLarge(*limit);
    }
    match e.kind() {
        io::ErrorKind::NotFound => Reason::NotFound,
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof => {
            Reason::Gzip(e.to_string())
        }
        _ => Reason::Io(e),
    }
}

/// A reader that fails once more than `left` bytes have come through.
struct Capped<R> {
    inner: R,
    limit: u64,
    left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Ask for one byte more than allowed, to tell "exactly the limit" from "over it".
        let want = buf.len().min(usize::try_from(self.left.saturating_add(1)).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n as u64 > self.left {
            return Err(io::Error::other(OverLimit(self.limit)));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Read one line (through its `\n`) into `buf`, keeping at most `max` bytes
/// of it: a longer line is consumed to its end and reported as `Ok(None)`.
/// `Ok(Some(0))` is the end of the input.
pub(crate) fn read_line_capped(reader: &mut impl BufRead, buf: &mut Vec<u8>, max: u64) -> io::Result<Option<usize>> {
    buf.clear();
    let mut total = 0u64;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if total + (take as u64) <= max {
            buf.extend_from_slice(&chunk[..take]);
        }
        total += take as u64;
        reader.consume(take);
        if done {
            break;
        }
    }
    Ok(if total > max { None } else { Some(total as usize) })
}

type DocIter = Box<dyn Iterator<Item = Result<RawDoc, InputError>> + Send>;

/// Read every input in order, yielding documents and per-input errors (and
/// warnings, [`InputError::is_warning`], for entries left out of directories).
pub fn read(inputs: Vec<Input>, options: ReadOptions) -> impl Iterator<Item = Result<RawDoc, InputError>> + Send {
    Walker {
        queue: inputs.into_iter().map(|i| (i, true)).collect(),
        current: None,
        options,
        dirs: HashSet::new(),
    }
}

struct Walker {
    /// Inputs still to read, each with whether it was named by the user
    /// (rather than met in a directory).
    queue: VecDeque<(Input, bool)>,
    current: Option<DocIter>,
    options: ReadOptions,
    /// Directories read so far, by canonical path.
    dirs: HashSet<PathBuf>,
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
            let (input, named) = self.queue.pop_front()?;
            let opened = match input {
                Input::Stdin => open_reader(Box::new(BufReader::with_capacity(1 << 16, io::stdin())), "-".into(), self.options),
                Input::Bytes { name, bytes } => {
                    open_reader(Box::new(io::Cursor::new(bytes.into_owned())), name.into_owned(), self.options)
                }
                Input::Path(path) => match self.path(path, named) {
                    Ok(Some(it)) => Ok(it),
                    Ok(None) => continue,
                    Err(e) => Err(e),
                },
            };
            match opened {
                Ok(it) => self.current = Some(it),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl Walker {
    /// Open a file, or queue a directory's entries (`Ok(None)`).
    fn path(&mut self, path: PathBuf, named: bool) -> Result<Option<DocIter>, InputError> {
        let name = path.display().to_string();
        let error = |reason| InputError::new(&name, reason);
        let fail = |reason| Err(error(reason));
        let link = match std::fs::symlink_metadata(&path) {
            Ok(meta) => meta.file_type().is_symlink(),
            Err(e) => return fail(io_reason(e)),
        };
        if link && !named && !self.options.follow {
            return fail(Reason::Skipped("a symbolic link (--follow reads what links point to)".into()));
        }
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) if link => return fail(Reason::Skipped(format!("a symbolic link to nothing readable ({e})"))),
            Err(e) => return fail(io_reason(e)),
        };
        if meta.is_dir() {
            let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if !self.dirs.insert(canonical) {
                return fail(Reason::Skipped("a directory already read (a symbolic link loop or a second link to it)".into()));
            }
            let children = list_dir(&path).map_err(|e| error(io_reason(e)))?;
            for child in children.into_iter().rev() {
                self.queue.push_front((Input::Path(child), false));
            }
            return Ok(None);
        }
        if let Some(kind) = special(meta.file_type()) {
            // A pipe named by the user is read (`<(zcat feed.jsonl.gz)`);
            // devices and sockets never are, nor anything special met in a directory.
            if !named {
                return fail(Reason::Skipped(format!("not a regular file ({kind})")));
            }
            if kind != "a named pipe" {
                return fail(Reason::NotRegular(kind));
            }
        }
        let file = File::open(&path).map_err(|e| error(io_reason(e)))?;
        open_reader(Box::new(BufReader::with_capacity(1 << 16, file)), name, self.options).map(Some)
    }
}

/// What kind of special file this is, if it is not a regular file or a directory.
fn special(t: FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
    }
    (!t.is_file() && !t.is_dir()).then_some("not a file")
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

/// Peek at the first bytes of a reader.
fn head(reader: &mut dyn BufRead, name: &str) -> Result<Vec<u8>, InputError> {
    let head = reader.fill_buf().map_err(|e| InputError::new(name, io_reason(e)))?;
    Ok(head[..head.len().min(8192)].to_vec())
}

/// Read one input through the layers (gzip, the input limit, UTF-16/32)
/// with the reader its name, the options or its first bytes call for.
/// Standard input holds one page unless `--jsonl` says it is a feed.
fn open_reader(reader: Box<dyn BufRead + Send>, name: String, options: ReadOptions) -> Result<DocIter, InputError> {
    let limits = options.limits;
    let mut reader = reader;
    let first = head(&mut *reader, &name)?;
    if first.is_empty() {
        return Err(InputError::new(name, Reason::Empty));
    }
    if first.starts_with(&[0x1f, 0x8b]) {
        reader = Box::new(BufReader::with_capacity(1 << 16, flate2::bufread::MultiGzDecoder::new(reader)));
    }
    let capped = Capped { inner: reader, limit: limits.max_input_bytes, left: limits.max_input_bytes };
    let mut reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(1 << 16, capped));
    let mut first = head(&mut *reader, &name)?;
    if let Some((wide, bom)) = Wide::sniff(&first) {
        reader.consume(bom);
        reader = Box::new(BufReader::with_capacity(1 << 16, WideReader::new(reader, wide)));
        first = head(&mut *reader, &name)?;
    }
    let format = match Format::from_name(&name) {
        Some(f) => f,
        None if options.jsonl => Format::Jsonl,
        None => {
            if let Some(what) = charset::sniff_binary(&first) {
                return Err(InputError::new(name, Reason::Binary(what)));
            }
            if name == "-" {
                Format::sniff_page(&first)
            } else {
                Format::sniff(&first)
            }
        }
    };
    if matches!(format, Format::Jsonl | Format::Warc) && first.starts_with(UTF8_BOM) {
        reader.consume(UTF8_BOM.len());
    }
    Ok(match format {
        Format::Jsonl => Box::new(JsonlReader::new(reader, name, limits)),
        Format::Warc => Box::new(WarcReader::new(reader, name, limits)),
        Format::Text | Format::Html => {
            let mut bytes = Vec::new();
            let max = limits.max_doc_bytes;
            reader.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| InputError::new(&name, io_reason(e)))?;
            if bytes.len() as u64 > max {
                let reason = Reason::DocTooLarge { what: "the document", limit: max, memory: limits.memory };
                return Err(InputError::new(name, reason));
            }
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
        assert_eq!(Format::sniff(b"\xEF\xBB\xBF{\"id\": 1}"), Format::Jsonl);
        assert_eq!(Format::sniff(b"<Title> of a text"), Format::Text);
        assert_eq!(Format::sniff(b"Plain words."), Format::Text);
    }

    #[test]
    fn stdin_and_paths_parse() {
        assert_eq!(Input::parse("-"), Input::Stdin);
        assert_eq!(Input::parse("a.txt"), Input::Path("a.txt".into()));
    }

    #[test]
    fn a_capped_reader_passes_the_limit_and_fails_beyond() {
        let mut out = Vec::new();
        let mut exact = Capped { inner: &b"0123456789"[..], limit: 10, left: 10 };
        assert_eq!(exact.read_to_end(&mut out).unwrap(), 10);
        let mut over = Capped { inner: &b"0123456789"[..], limit: 9, left: 9 };
        let err = over.read_to_end(&mut Vec::new()).unwrap_err();
        assert!(matches!(io_reason(err), Reason::InputTooLarge(9)));
    }

    #[test]
    fn long_lines_are_consumed_not_kept() {
        let mut input = &b"short\nmuch too long a line\nend"[..];
        let mut buf = Vec::new();
        assert_eq!(read_line_capped(&mut input, &mut buf, 8).unwrap(), Some(6));
        assert_eq!(buf, b"short\n");
        assert_eq!(read_line_capped(&mut input, &mut buf, 8).unwrap(), None);
        assert_eq!(read_line_capped(&mut input, &mut buf, 8).unwrap(), Some(3));
        assert_eq!(buf, b"end");
        assert_eq!(read_line_capped(&mut input, &mut buf, 8).unwrap(), Some(0));
    }
}
