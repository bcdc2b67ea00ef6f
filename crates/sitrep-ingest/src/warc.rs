//! WARC archives (ISO 28500), plain or gzipped per record as Common Crawl
//! ships them. Every `response` record whose HTTP payload is HTML becomes a
//! document; its target URI is the URL and its `WARC-Date` the fallback
//! publication date. Other records (requests, metadata, images) are skipped.

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
pub(crate) struct WarcReader<R> {
    reader: R,
    name: String,
    records: usize,
    done: bool,
}

impl<R: BufRead> WarcReader<R> {
    pub(crate) fn new(reader: R, name: String) -> Self {
        WarcReader { reader, name, records: 0, done: false }
    }

    fn read_line(&mut self, line: &mut Vec<u8>) -> Result<usize, Reason> {
        line.clear();
        self.reader.read_until(b'\n', line).map_err(crate::read::io_reason)
    }

    fn next_record(&mut self) -> Result<Option<Record>, Reason> {
        let mut line = Vec::new();
        // Skip the blank lines that end the previous record.
        loop {
            if self.read_line(&mut line)? == 0 {
                return Ok(None);
            }
            if !line.trim_ascii().is_empty() {
                break;
            }
        }
        if !line.starts_with(b"WARC/") {
            let shown = String::from_utf8_lossy(&line[..line.len().min(40)]).trim().to_string();
            return Err(Reason::Warc(format!(
                "record {} does not start with a WARC version line (found {shown:?})",
                self.records + 1
            )));
        }
        let mut headers = Vec::new();
        loop {
            if self.read_line(&mut line)? == 0 {
                return Err(Reason::Warc(format!("record {} ends inside its headers", self.records + 1)));
            }
            let l = String::from_utf8_lossy(line.trim_ascii_end());
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let len: u64 = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse().ok())
            .ok_or_else(|| Reason::Warc(format!("record {} has no valid Content-Length", self.records + 1)))?;
        let mut block = Vec::with_capacity(len.min(64 << 20) as usize);
        let got = (&mut self.reader).take(len).read_to_end(&mut block).map_err(crate::read::io_reason)?;
        if (got as u64) < len {
            return Err(Reason::Warc(format!(
                "record {} is truncated: {got} of {len} content bytes",
                self.records + 1
            )));
        }
        self.records += 1;
        Ok(Some(Record { headers, block }))
    }

    fn to_raw(&self, rec: Record) -> Option<RawDoc> {
        let kind = rec.header("WARC-Type")?.to_ascii_lowercase();
        let content_type = rec.header("Content-Type").unwrap_or("").to_ascii_lowercase();
        let (payload, http_type) = match kind.as_str() {
            "response" if content_type.starts_with("application/http") => {
                let http = HttpResponse::parse(&rec.block)?;
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
                Err(reason) => {
                    self.done = true;
                    let at = format!("{} (after {} records)", self.name, self.records);
                    return Some(Err(InputError::new(at, reason)));
                }
            }
        }
        None
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
    fn parse(block: &[u8]) -> Option<HttpResponse> {
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
            if let Some(plain) = decompress(&enc, &body) {
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

fn decompress(encoding: &str, body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let ok = match encoding {
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(body).read_to_end(&mut out).is_ok(),
        "deflate" => flate2::read::ZlibDecoder::new(body).read_to_end(&mut out).is_ok(),
        _ => false,
    };
    ok.then_some(out)
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
        let docs: Vec<_> = WarcReader::new(&sample()[..], "x.warc".into()).collect::<Result<_, _>>().unwrap();
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
        assert_eq!(WarcReader::new(reader, "x.warc.gz".into()).filter(Result::is_ok).count(), 2);
    }

    #[test]
    fn truncation_is_an_error_after_the_good_records() {
        let full = sample();
        let cut = &full[..full.len() - 30];
        let items: Vec<_> = WarcReader::new(cut, "x.warc".into()).collect();
        assert!(items[0].is_ok());
        let err = items.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(err.contains("truncated"), "{err}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let items: Vec<_> = WarcReader::new(&b"hello world\n"[..], "x.warc".into()).collect();
        assert_eq!(items.len(), 1);
        assert!(items[0].as_ref().unwrap_err().to_string().contains("WARC version line"));
    }
}
