//! JSON Lines feeds: one document per line,
//! `{"id", "text"|"html"|"raw_text", "url"?, "published"?, "title"?}`.

use crate::limits::Limits;
use crate::{Body, Content, InputError, RawDoc, Reason};
use serde::Deserialize;
use std::io::BufRead;

#[derive(Deserialize)]
struct Line {
    id: Option<serde_json::Value>,
    text: Option<String>,
    html: Option<String>,
    raw_text: Option<String>,
    url: Option<String>,
    published: Option<String>,
    title: Option<String>,
}

/// Streams the documents of a JSON Lines input, one line at a time.
pub(crate) struct JsonlReader<R> {
    reader: R,
    name: String,
    line_no: usize,
    buf: Vec<u8>,
    failed: bool,
    limits: Limits,
}

impl<R: BufRead> JsonlReader<R> {
    pub(crate) fn new(reader: R, name: String, limits: Limits) -> Self {
        JsonlReader { reader, name, line_no: 0, buf: Vec::new(), failed: false, limits }
    }

    fn parse(&self, line: &[u8]) -> Result<RawDoc, InputError> {
        let at = format!("{}:{}", self.name, self.line_no);
        let rec: Line = serde_json::from_slice(line)
            .map_err(|e| InputError::new(at.clone(), Reason::Json(e.to_string())))?;
        let body = match (rec.text, rec.html, rec.raw_text) {
            (Some(t), _, _) => Body::Text(t),
            (None, Some(h), _) => Body::Html(Content::Str(h)),
            (None, None, Some(r)) => Body::Scraped(Content::Str(r)),
            (None, None, None) => {
                return Err(InputError::new(
                    at,
                    Reason::Record("the object has none of \"text\", \"html\", \"raw_text\"".into()),
                ))
            }
        };
        let id = match rec.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Null) | None => at.clone(),
            Some(other) => other.to_string(),
        };
        let mut raw = RawDoc::new(id, at, body);
        raw.url = rec.url;
        raw.published = rec.published;
        raw.title = rec.title;
        Ok(raw)
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<RawDoc, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            self.buf.clear();
            self.line_no += 1;
            match crate::read::read_line_capped(&mut self.reader, &mut self.buf, self.limits.max_doc_bytes) {
                Ok(Some(0)) => return None,
                Ok(Some(_)) => {}
                Ok(None) => {
                    let (limit, memory) = (self.limits.max_doc_bytes, self.limits.memory);
                    let reason = Reason::DocTooLarge { what: "the line", limit, memory };
                    return Some(Err(InputError::new(format!("{}:{}", self.name, self.line_no), reason)));
                }
                Err(e) => {
                    self.failed = true;
                    let reason = crate::read::io_reason(e);
                    return Some(Err(InputError::new(format!("{}:{}", self.name, self.line_no), reason)));
                }
            }
            // A byte-order mark opens the first line of many exported feeds.
            let line = if self.line_no == 1 { self.buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&self.buf) } else { &self.buf };
            let line = line.trim_ascii();
            if line.is_empty() {
                continue;
            }
            let line = line.to_vec();
            return Some(self.parse(&line));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &str) -> Vec<Result<RawDoc, InputError>> {
        JsonlReader::new(input.as_bytes(), "feed.jsonl".into(), Limits::default()).collect()
    }

    #[test]
    fn each_body_field_maps_to_its_body() {
        let docs = read_all(concat!(
            r#"{"id": "a", "text": " as is ", "published": "2024-10-23"}"#, "\n",
            r#"{"id": 7, "html": "<p>x</p>", "url": "https://a.example/x"}"#, "\n",
            "\n",
            r#"{"raw_text": "Title\nBody"}"#, "\n",
        ));
        assert_eq!(docs.len(), 3);
        let a = docs[0].as_ref().unwrap();
        assert_eq!((a.id.as_str(), &a.body), ("a", &Body::Text(" as is ".into())));
        assert_eq!(a.published.as_deref(), Some("2024-10-23"));
        let b = docs[1].as_ref().unwrap();
        assert_eq!(b.id, "7");
        assert!(matches!(b.body, Body::Html(_)));
        let c = docs[2].as_ref().unwrap();
        assert_eq!(c.id, "feed.jsonl:4", "id-less lines are named by position");
        assert!(matches!(c.body, Body::Scraped(_)));
    }

    #[test]
    fn a_bad_line_is_an_error_and_the_rest_still_reads() {
        let docs = read_all("{\"id\":\"1\",\"text\":\"a\"}\n{\"id\":\"2\",\"text\":\"b\"}\n{oops\n{\"id\":\"4\",\"text\":\"d\"}\n{\"id\":\"5\"}\n");
        assert!(docs[0].is_ok() && docs[1].is_ok() && docs[3].is_ok());
        let err = docs[2].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("feed.jsonl:3: invalid JSON"), "{err}");
        let err = docs[4].as_ref().unwrap_err().to_string();
        assert!(err.contains("none of \"text\""), "{err}");
    }

    #[test]
    fn a_byte_order_mark_does_not_cost_the_first_line() {
        let docs = read_all("\u{feff}{\"id\":\"1\",\"text\":\"a\"}\n{\"id\":\"2\",\"text\":\"b\"}\n");
        assert_eq!(docs.iter().map(|d| d.as_ref().unwrap().id.as_str()).collect::<Vec<_>>(), ["1", "2"]);
    }

    #[test]
    fn an_overlong_line_is_an_error_and_the_next_lines_read() {
        let input = format!("{{\"id\":\"1\",\"text\":\"{}\"}}\n{{\"id\":\"2\",\"text\":\"b\"}}\n", "x".repeat(5000));
        let limits = Limits { max_doc_bytes: 1000, ..Limits::default() };
        let docs: Vec<_> = JsonlReader::new(input.as_bytes(), "f".into(), limits).collect();
        let err = docs[0].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("f:1: the line is larger than 1000 B"), "{err}");
        assert_eq!(docs[1].as_ref().unwrap().id, "2");
    }

    #[test]
    fn invalid_utf8_in_a_line_is_reported() {
        let input: &[u8] = b"{\"id\":\"1\",\"text\":\"\xff\"}\n";
        let docs: Vec<_> = JsonlReader::new(input, "f".into(), Limits::default()).collect();
        assert!(docs[0].as_ref().unwrap_err().to_string().starts_with("f:1: invalid JSON"));
    }
}
