//! WARC archives (ISO 28500), plain or gzipped per record as Common Crawl
//! ships them. Every `response` record whose HTTP payload is HTML becomes a
//! document; its target URI is the URL and its `WARC-Date` the fallback
//! publication date. Other records (requests, metadata, images) are skipped.

use crate::limits::Limits;
use crate::{charset, Body, Content, InputError, RawDoc, Reason};
use std::io::{BufRead, Read};

/// One WARC record: named headers and the content block.
struct Record {
    headers: Vec<(String, String)>,
    block: Vec<u8>,
}

impl Record {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Streams the HTML documents of a WARC file, one record at a time.
///
/// A record's `Content-Length` is checked against what follows it: the
/// next record (or the end of the archive) must come right after the block.
/// When it does not (a length that lies, a record cut short, garbage between
/// records), the record is reported and skipped and reading resumes at the
/// next line that starts with `WARC/1.`, so the rest of the archive is kept
/// and no byte of one record ends up in another's document.
pub(crate) struct WarcReader<R> {
    reader: Pushback<R>,
    name: String,
    records: usize,
    done: bool,
    limits: Limits,
}

/// How far into a block a record boundary is looked for when the length is wrong.
const MARK: &[u8] = b"\nWARC/1.";

impl<R: BufRead> WarcReader<R> {
    pub(crate) fn new(reader: R, name: String, limits: Limits) -> Self {
        WarcReader { reader: Pushback::new(reader), name, records: 0, done: false, limits }
    }

    fn read_line(&mut self, line: &mut Vec<u8>) -> Result<usize, Reason> {
        // A header line is short; a longer one is garbage and read in pieces.
        match crate::read::read_line_capped(&mut self.reader, line, 64 << 10).map_err(crate::read::io_reason)? {
            Some(n) => Ok(n),
            None => {
                line.clear();
                line.extend_from_slice(b"(an overlong line)\n");
                Ok(line.len())
            }
        }
    }

    /// Skip to the start of the next line that opens a record.
    fn resync(&mut self) -> Result<(), Reason> {
        let mut line = Vec::new();
        loop {
            let head = self.reader.peek(MARK.len() - 1).map_err(crate::read::io_reason)?;
            if head.is_empty() || head.starts_with(&MARK[1..]) {
                return Ok(());
            }
            self.read_line(&mut line)?;
        }
    }

    /// The next record; `Err((reason, resume))` reports a bad one, and
    /// reading may go on after it when `resume`.
    fn next_record(&mut self) -> Result<Option<Record>, (Reason, bool)> {
        let fatal = |r: Reason| (r, false);
        let n = self.records + 1;
        let mut line = Vec::new();
        // Skip the blank lines that end the previous record.
        loop {
            if self.read_line(&mut line).map_err(fatal)? == 0 {
                return Ok(None);
            }
            if !line.trim_ascii().is_empty() {
                break;
            }
        }
        if !line.starts_with(b"WARC/") {
            let shown = String::from_utf8_lossy(&line[..line.len().min(40)]).trim().to_string();
            self.resync().map_err(fatal)?;
            let reason = format!("record {n} does not start with a WARC version line (found {shown:?}); skipped to the next record");
            return Err((Reason::Warc(reason), true));
        }
        let mut headers = Vec::new();
        loop {
            if self.read_line(&mut line).map_err(fatal)? == 0 {
                return Err(fatal(Reason::Warc(format!("record {n} ends inside its headers"))));
            }
            let l = String::from_utf8_lossy(line.trim_ascii_end());
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        self.records += 1;
        let len: Option<u64> = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse().ok());
        let Some(len) = len else {
            self.resync().map_err(fatal)?;
            return Err((Reason::Warc(format!("record {n} has no valid Content-Length; skipped to the next record")), true));
        };
        let max = self.limits.max_doc_bytes;
        if len > max {
            self.resync().map_err(fatal)?;
            let (limit, memory) = (max, self.limits.memory);
            return Err((Reason::DocTooLarge { what: "the record", limit, memory }, true));
        }
        let mut block = Vec::with_capacity(len as usize);
        let got = (&mut self.reader).take(len).read_to_end(&mut block).map_err(|e| fatal(crate::read::io_reason(e)))?;
        if (got as u64) < len {
            if let Some(at) = memchr::memmem::find(&block, MARK) {
                self.reader.unread(&block[at + 1..]);
                return Err((Reason::Warc(self.bad_length(n, len)), true));
            }
            return Err(fatal(Reason::Warc(format!("record {n} is truncated: {got} of {len} content bytes"))));
        }
        if !self.next_is_a_record().map_err(|e| fatal(crate::read::io_reason(e)))? {
            // The length lies: the record ends at the next record's version
            // line, in the block, across its end, or after it.
            let tail = block.len().saturating_sub(MARK.len());
            let mut across = || -> std::io::Result<Option<usize>> {
                let mut window = block[tail..].to_vec();
                window.extend_from_slice(self.reader.peek(MARK.len())?);
                Ok(memchr::memmem::find(&window, MARK).filter(|&o| tail + o < block.len()).map(|o| tail + o))
            };
            let at = match memchr::memmem::find(&block, MARK) {
                Some(at) => Some(at),
                None => across().map_err(|e| fatal(crate::read::io_reason(e)))?,
            };
            match at {
                Some(at) => self.reader.unread(&block[at + 1..]),
                None => self.resync().map_err(fatal)?,
            }
            return Err((Reason::Warc(self.bad_length(n, len)), true));
        }
        Ok(Some(Record { headers, block }))
    }

    fn bad_length(&self, n: usize, len: u64) -> String {
        format!("record {n}: its Content-Length ({len}) does not end where the next record starts; skipped it and read on from the next record")
    }

    /// Whether only blank lines stand between here and the next record's
    /// version line or the end of the archive.
    fn next_is_a_record(&mut self) -> std::io::Result<bool> {
        // WARC puts two CRLFs after a block; be lenient about their number.
        const LOOK: usize = 64;
        let rest = self.reader.peek(LOOK)?.trim_ascii_start();
        Ok(rest.is_empty() || rest.starts_with(b"WARC/"))
    }

    fn to_raw(&self, rec: Record) -> Option<RawDoc> {
        let kind = rec.header("WARC-Type")?.to_ascii_lowercase();
        let content_type = rec.header("Content-Type").unwrap_or("").to_ascii_lowercase();
        let (payload, http_type) = match kind.as_str() {
            "response" if content_type.starts_with("application/http") => {
                let http = HttpResponse::parse(&rec.block, self.limits.max_doc_bytes)?;
                (http.body, http.content_type)
            }
            "response" | "resource" => (rec.block.clone(), Some(content_type)),
            _ => return None,
        };
        let is_html = match &http_type {
            Some(t) if !t.is_empty() => t.contains("html"),
            _ => looks_like_html(&payload),
        };
        if !is_html || payload.is_empty() {
            return None;
        }
        let uri = rec.header("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
        let id = uri.clone().unwrap_or_else(|| format!("{}#{}", self.name, self.records));
        let mut raw = RawDoc::new(id, format!("{}#{}", self.name, self.records), Body::Html(Content::Bytes(payload)));
        raw.url = uri;
        raw.published_fallback = rec.header("WARC-Date").map(str::to_string);
        raw.charset = http_type.as_deref().and_then(charset::charset_from_content_type).map(str::to_string);
        Some(raw)
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<RawDoc, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.next_record() {
                Ok(None) => self.done = true,
                Ok(Some(rec)) => {
                    if let Some(raw) = self.to_raw(rec) {
                        return Some(Ok(raw));
                    }
                }
                Err((reason, resume)) => {
                    self.done = !resume;
                    let at = if resume {
                        format!("{}#{}", self.name, self.records)
                    } else {
                        format!("{} (after {} records)", self.name, self.records)
                    };
                    return Some(Err(InputError::new(at, reason)));
                }
            }
        }
        None
    }
}

/// A buffered reader that can take bytes back and look ahead.
struct Pushback<R> {
    inner: R,
    /// Bytes to serve before the inner reader's, from `at`.
    pending: Vec<u8>,
    at: usize,
}

impl<R: BufRead> Pushback<R> {
    fn new(inner: R) -> Self {
        Pushback { inner, pending: Vec::new(), at: 0 }
    }

    /// Put `bytes` back in front of what is still to be read.
    fn unread(&mut self, bytes: &[u8]) {
        let mut v = bytes.to_vec();
        v.extend_from_slice(&self.pending[self.at..]);
        self.pending = v;
        self.at = 0;
    }

    /// At least `n` bytes ahead (fewer only at the end), without consuming them.
    fn peek(&mut self, n: usize) -> std::io::Result<&[u8]> {
        while self.pending.len() - self.at < n {
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            let take = chunk.len().min(n.max(4096));
            self.pending.drain(..self.at);
            self.at = 0;
            self.pending.extend_from_slice(&chunk[..take]);
            self.inner.consume(take);
        }
        Ok(&self.pending[self.at..])
    }
}

impl<R: BufRead> Read for Pushback<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let avail = self.fill_buf()?;
            let n = avail.len().min(buf.len());
            buf[..n].copy_from_slice(&avail[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Pushback<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.at < self.pending.len() {
            return Ok(&self.pending[self.at..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if self.at < self.pending.len() {
            self.at += amt;
            if self.at >= self.pending.len() {
                self.pending.clear();
                self.at = 0;
            }
        } else {
            self.inner.consume(amt);
        }
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<head") || head.contains("<body")
}

/// The parts of a recorded HTTP response that extraction needs.
struct HttpResponse {
    content_type: Option<String>,
    body: Vec<u8>,
}

impl HttpResponse {
    /// `max` bounds the payload after decompression.
    fn parse(block: &[u8], max: u64) -> Option<HttpResponse> {
        let (head_end, sep) = memchr::memmem::find(block, b"\r\n\r\n")
            .map(|i| (i, 4))
            .or_else(|| memchr::memmem::find(block, b"\n\n").map(|i| (i, 2)))?;
        let head = String::from_utf8_lossy(&block[..head_end]);
        let mut lines = head.lines();
        if !lines.next()?.starts_with("HTTP/") {
            return None;
        }
        let mut content_type = None;
        let mut chunked = false;
        let mut encoding = None;
        for l in lines {
            let Some((k, v)) = l.split_once(':') else { continue };
            let (k, v) = (k.trim(), v.trim());
            if k.eq_ignore_ascii_case("content-type") {
                content_type = Some(v.to_ascii_lowercase());
            } else if k.eq_ignore_ascii_case("transfer-encoding") {
                chunked = v.to_ascii_lowercase().contains("chunked");
            } else if k.eq_ignore_ascii_case("content-encoding") {
                encoding = Some(v.to_ascii_lowercase());
            }
        }
        let mut body = block[head_end + sep..].to_vec();
        if chunked {
            if let Some(plain) = dechunk(&body) {
                body = plain;
            }
        }
        if let Some(enc) = encoding {
            if let Some(plain) = decompress(&enc, &body, max) {
                body = plain;
            }
        }
        Some(HttpResponse { content_type, body })
    }
}

/// Undo HTTP chunked transfer coding; `None` when the body is not chunked
/// after all (crawlers often store the payload already decoded).
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let eol = memchr::memmem::find(data, b"\r\n")?;
        let size_str = std::str::from_utf8(&data[..eol]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size..)?;
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
}

/// Undo a `Content-Encoding`; `None` when it fails or the payload would
/// grow beyond `max` bytes (a compression bomb).
fn decompress(encoding: &str, body: &[u8], max: u64) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let cap = max.saturating_add(1);
    let ok = match encoding {
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(body).take(cap).read_to_end(&mut out).is_ok(),
        "deflate" => flate2::read::ZlibDecoder::new(body).take(cap).read_to_end(&mut out).is_ok(),
        _ => false,
    };
    (ok && out.len() as u64 <= max).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(headers: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
        let mut out = b"WARC/1.0\r\n".to_vec();
        for (k, v) in headers {
            out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
        }
        out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn response(uri: &str, http: &[u8]) -> Vec<u8> {
        record(
            &[
                ("WARC-Type", "response"),
                ("WARC-Target-URI", uri),
                ("WARC-Date", "2024-11-05T08:12:44Z"),
                ("Content-Type", "application/http; msgtype=response"),
            ],
            http,
        )
    }

    fn sample() -> Vec<u8> {
        let mut warc = record(&[("WARC-Type", "warcinfo"), ("Content-Type", "application/warc-fields")], b"software: test\r\n");
        warc.extend(response(
            "https://a.example/1",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n<html><body><p>caf\xe9</p></body></html>",
        ));
        warc.extend(record(&[("WARC-Type", "request"), ("WARC-Target-URI", "https://a.example/1")], b"GET / HTTP/1.1\r\n\r\n"));
        warc.extend(response("https://a.example/logo.png", b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"));
        warc.extend(response(
            "https://a.example/2",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>hi\r\n4\r\n</p>\r\n0\r\n\r\n",
        ));
        warc
    }

    #[test]
    fn html_responses_become_documents() {
        let docs: Vec<_> = WarcReader::new(&sample()[..], "x.warc".into(), Limits::default()).collect::<Result<_, _>>().unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "https://a.example/1");
        assert_eq!(docs[0].url.as_deref(), Some("https://a.example/1"));
        assert_eq!(docs[0].published_fallback.as_deref(), Some("2024-11-05T08:12:44Z"));
        assert_eq!(docs[0].charset.as_deref(), Some("windows-1252"));
        assert_eq!(docs[1].body, Body::Html(Content::Bytes(b"<p>hi</p>".to_vec())));
    }

    #[test]
    fn gzipped_members_stream_through() {
        use flate2::{write::GzEncoder, Compression};
        use std::io::Write;
        // Common Crawl compresses each record as its own gzip member.
        let mut gz = Vec::new();
        for half in sample().chunks(300) {
            let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
            enc.write_all(half).unwrap();
            gz.extend(enc.finish().unwrap());
        }
        let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(&gz[..]));
        assert_eq!(WarcReader::new(reader, "x.warc.gz".into(), Limits::default()).filter(Result::is_ok).count(), 2);
    }

    #[test]
    fn truncation_is_an_error_after_the_good_records() {
        let full = sample();
        let cut = &full[..full.len() - 30];
        let items: Vec<_> = WarcReader::new(cut, "x.warc".into(), Limits::default()).collect();
        assert!(items[0].is_ok());
        let err = items.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(err.contains("truncated"), "{err}");
    }

    /// `sample()` with the Content-Length of its second record (the first
    /// HTML response) changed by `delta`.
    fn lying(delta: i64) -> Vec<u8> {
        let warc = sample();
        let at = memchr::memmem::find_iter(&warc, b"Content-Length: ").nth(1).unwrap() + b"Content-Length: ".len();
        let end = at + warc[at..].iter().position(|b| !b.is_ascii_digit()).unwrap();
        let len: i64 = std::str::from_utf8(&warc[at..end]).unwrap().parse().unwrap();
        [&warc[..at], (len + delta).to_string().as_bytes(), &warc[end..]].concat()
    }

    fn read(warc: &[u8], limits: Limits) -> (Vec<RawDoc>, Vec<String>) {
        let (mut docs, mut errors) = (Vec::new(), Vec::new());
        for item in WarcReader::new(warc, "x.warc".into(), limits) {
            match item {
                Ok(d) => docs.push(d),
                Err(e) => errors.push(e.to_string()),
            }
        }
        (docs, errors)
    }

    #[test]
    fn a_length_that_takes_in_the_blank_lines_is_tolerated() {
        for delta in [1, 4] {
            let (docs, errors) = read(&lying(delta), Limits::default());
            assert_eq!((docs.len(), errors.len()), (2, 0), "{delta}: {errors:?}");
        }
    }

    #[test]
    fn a_length_too_long_skips_only_its_record() {
        for delta in [5, 12, 40, 500] {
            let (docs, errors) = read(&lying(delta), Limits::default());
            assert_eq!(docs.len(), 1, "{delta}: {errors:?}");
            assert_eq!(docs[0].body, Body::Html(Content::Bytes(b"<p>hi</p>".to_vec())), "no byte of another record");
            assert_eq!(errors.len(), 1);
            assert!(errors[0].contains("does not end where the next record starts"), "{}", errors[0]);
        }
    }

    #[test]
    fn a_length_too_short_skips_only_its_record() {
        for delta in [-1, -30] {
            let (docs, errors) = read(&lying(delta), Limits::default());
            assert_eq!(docs.len(), 1, "{delta}: {errors:?}");
            assert_eq!(docs[0].id, "https://a.example/2");
            assert_eq!(errors.len(), 1, "{errors:?}");
        }
    }

    #[test]
    fn garbage_before_or_between_records_is_skipped() {
        let garbage = b"stray bytes\n\x00\x01 more WARC/1.0\r\n";
        let (docs, errors) = read(&[&garbage[..], &sample()].concat(), Limits::default());
        assert_eq!(docs.len(), 2, "{errors:?}");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("does not start with a WARC version line"), "{errors:?}");
        let mut warc = sample();
        let at = memchr::memmem::find_iter(&warc, b"WARC/1.0").nth(3).unwrap();
        warc.splice(at..at, garbage.iter().copied());
        let (docs, errors) = read(&warc, Limits::default());
        assert_eq!((docs.len(), errors.len()), (2, 1), "{errors:?}");
    }

    #[test]
    fn a_record_over_the_document_limit_is_skipped() {
        let limits = Limits { max_doc_bytes: 100, ..Limits::default() };
        let (docs, errors) = read(&sample(), limits);
        assert_eq!(docs.len(), 1, "{errors:?}");
        assert!(errors[0].contains("the record is larger than 100 B"), "{errors:?}");
    }

    #[test]
    fn a_compressed_payload_is_bounded() {
        use flate2::{write::GzEncoder, Compression};
        use std::io::Write;
        let mut enc = GzEncoder::new(Vec::new(), Compression::best());
        enc.write_all(&vec![b' '; 1 << 20]).unwrap();
        let bomb = enc.finish().unwrap();
        let http = [&b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"[..], &bomb].concat();
        let page = HttpResponse::parse(&http, 1000).unwrap();
        assert_eq!(page.body, bomb, "left compressed, not inflated past the limit");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let items: Vec<_> = WarcReader::new(&b"hello world\n"[..], "x.warc".into(), Limits::default()).collect();
        assert_eq!(items.len(), 1);
        assert!(items[0].as_ref().unwrap_err().to_string().contains("WARC version line"));
    }
}
