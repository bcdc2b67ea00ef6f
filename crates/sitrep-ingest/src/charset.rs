//! Charset detection and decoding.
//!
//! Order of evidence, strongest first: a byte-order mark, the charset of the
//! HTTP `Content-Type` header, a `<meta charset>` (HTML only), then a
//! statistical guess by chardetng. Decoding never fails: invalid sequences
//! become U+FFFD.

use encoding_rs::{Encoding, UTF_8};
use regex::bytes::Regex;
use std::io::Read;
use std::sync::LazyLock;

/// How far into an HTML page to look for a `<meta charset>` declaration.
/// Browsers stop at 1024 bytes; real pages often declare later than that.
const META_PRESCAN: usize = 64 * 1024;

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"#).unwrap()
});

/// Whether the first bytes look like binary data rather than text. Returns a
/// short description of what gave it away.
pub fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    if Encoding::for_bom(bytes).is_some() || Wide::sniff(bytes).is_some() {
        return None;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(&[0x1f, 0x8b]) {
        return Some("gzip data");
    }
    if head.starts_with(b"%PDF") {
        return Some("PDF");
    }
    if head.starts_with(b"\x89PNG") || head.starts_with(b"\xff\xd8\xff") || head.starts_with(b"GIF8") {
        return Some("image data");
    }
    if head.starts_with(b"PK\x03\x04") {
        return Some("zip archive");
    }
    if memchr::memchr(0, head).is_some() {
        return Some("NUL bytes");
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    (head.len() >= 64 && controls * 10 > head.len()).then_some("control bytes")
}

/// The encoding named by a label such as `utf-8`, `latin1` or `Shift_JIS`.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().trim_matches(|c| c == '"' || c == '\'').as_bytes())
}

/// Pull the `charset=` parameter out of a `Content-Type` header value.
pub fn charset_from_content_type(value: &str) -> Option<&str> {
    let lower = value.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let rest = &value[at..];
    let end = rest.find([';', ' ', ',']).unwrap_or(rest.len());
    Some(rest[..end].trim_matches(|c| c == '"' || c == '\''))
}

/// The encoding declared by a `<meta charset>` or `<meta http-equiv>` in an
/// HTML page's first bytes.
pub fn meta_charset(html: &[u8]) -> Option<&'static Encoding> {
    let head = &html[..html.len().min(META_PRESCAN)];
    let caps = META_CHARSET.captures(head)?;
    let label = std::str::from_utf8(caps.get(1)?.as_bytes()).ok()?;
    encoding_for_label(label)
}

/// Decode `bytes` to a string. `declared` is the HTTP header charset, if any;
/// `html` enables the `<meta charset>` prescan.
pub fn decode(bytes: &[u8], declared: Option<&str>, html: bool) -> String {
    if let Some((wide, bom_len)) = Wide::sniff(bytes) {
        let mut out = String::new();
        wide.decode(&bytes[bom_len..], true, &mut Vec::new(), &mut out);
        return out;
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom_len..]).0.into_owned();
    }
    let declared = declared
        .and_then(encoding_for_label)
        .or_else(|| if html { meta_charset(bytes) } else { None });
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    let encoding = match declared {
        // A page that declares a legacy charset but is valid UTF-8 with
        // non-ASCII text was re-encoded on the way (common in scrapes):
        // the bytes win over the label.
        Some(enc) if enc != UTF_8 && valid_utf8 && !bytes.is_ascii() => UTF_8,
        // UTF-16 labels in a meta tag are wrong by definition (the tag was
        // readable as ASCII); the HTML spec maps them to UTF-8.
        Some(enc) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE => UTF_8,
        Some(enc) => enc,
        None if valid_utf8 => UTF_8,
        None => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            detector.guess(None, true)
        }
    };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// Text in UTF-16 or UTF-32, which only a byte-order mark or the pattern of
/// its zero bytes tells from binary data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

/// How many bytes of the head [`Wide::sniff`] looks at.
const WIDE_SNIFF: usize = 4096;

impl Wide {
    /// The wide encoding of a text from its first bytes and the length of
    /// its byte-order mark, if it has one. Without a mark, the zero bytes
    /// give it away: ASCII characters in UTF-16LE leave every odd byte zero,
    /// in UTF-32LE three bytes of four; the head must then decode to text
    /// (no unpaired surrogate, almost no control character).
    pub fn sniff(bytes: &[u8]) -> Option<(Wide, usize)> {
        if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
            return Some((Wide::Utf32Le, 4));
        }
        if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
            return Some((Wide::Utf32Be, 4));
        }
        if bytes.starts_with(&[0xFF, 0xFE]) {
            return Some((Wide::Utf16Le, 2));
        }
        if bytes.starts_with(&[0xFE, 0xFF]) {
            return Some((Wide::Utf16Be, 2));
        }
        let head = &bytes[..bytes.len().min(WIDE_SNIFF) / 4 * 4];
        let units = head.len() / 4;
        if units < 4 {
            return None;
        }
        let mut zeros = [0usize; 4];
        for chunk in head.chunks_exact(4) {
            for (z, &b) in zeros.iter_mut().zip(chunk) {
                *z += usize::from(b == 0);
            }
        }
        let most = |z: usize| z * 10 >= units * 9;
        let few = |z: usize| z * 10 <= units;
        let guess = if zeros[3] == units && most(zeros[2]) && few(zeros[0]) {
            Wide::Utf32Le
        } else if zeros[0] == units && most(zeros[1]) && few(zeros[3]) {
            Wide::Utf32Be
        } else {
            let (even, odd) = (zeros[0] + zeros[2], zeros[1] + zeros[3]);
            let pairs = units * 2;
            if odd * 5 >= pairs && even * 8 <= odd {
                Wide::Utf16Le
            } else if even * 5 >= pairs && odd * 8 <= even {
                Wide::Utf16Be
            } else {
                return None;
            }
        };
        let mut text = String::new();
        guess.decode(head, false, &mut Vec::new(), &mut text);
        let bad = text
            .chars()
            .filter(|&c| c == char::REPLACEMENT_CHARACTER || c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
            .count();
        (bad * 100 <= text.chars().count()).then_some((guess, 0))
    }

    fn unit(self) -> usize {
        match self {
            Wide::Utf16Le | Wide::Utf16Be => 2,
            Wide::Utf32Le | Wide::Utf32Be => 4,
        }
    }

    /// Decode `input` (after `carry`, the incomplete code unit or surrogate
    /// left by the previous call) onto `out`; what is left incomplete goes
    /// back to `carry` unless `last`, when it becomes U+FFFD.
    pub fn decode(self, input: &[u8], last: bool, carry: &mut Vec<u8>, out: &mut String) {
        carry.extend_from_slice(input);
        let whole = carry.len() / self.unit() * self.unit();
        let used = match self {
            Wide::Utf16Le | Wide::Utf16Be => {
                let at = |i: usize| {
                    let c = [carry[2 * i], carry[2 * i + 1]];
                    u32::from(if self == Wide::Utf16Le { u16::from_le_bytes(c) } else { u16::from_be_bytes(c) })
                };
                let (n, mut i) = (whole / 2, 0);
                while i < n {
                    let u = at(i);
                    let c = match u {
                        0xD800..=0xDBFF if i + 1 == n && !last => break, // the low half comes next call
                        0xD800..=0xDBFF if i + 1 < n && (0xDC00..=0xDFFF).contains(&at(i + 1)) => {
                            i += 1;
                            char::from_u32(0x10000 + ((u - 0xD800) << 10) + (at(i) - 0xDC00))
                        }
                        _ => char::from_u32(u),
                    };
                    out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                    i += 1;
                }
                2 * i
            }
            Wide::Utf32Le | Wide::Utf32Be => {
                for c in carry[..whole].chunks_exact(4) {
                    let v = match self {
                        Wide::Utf32Le => u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                        _ => u32::from_be_bytes([c[0], c[1], c[2], c[3]]),
                    };
                    out.push(char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                whole
            }
        };
        carry.drain(..used);
        if last && !carry.is_empty() {
            out.push(char::REPLACEMENT_CHARACTER);
            carry.clear();
        }
    }
}

/// A reader that turns UTF-16 or UTF-32 text into UTF-8 as it streams.
pub struct WideReader<R> {
    inner: R,
    wide: Wide,
    carry: Vec<u8>,
    buf: Vec<u8>,
    out: String,
    at: usize,
    done: bool,
}

impl<R: Read> WideReader<R> {
    /// `inner` must start after the byte-order mark, if there is one.
    pub fn new(inner: R, wide: Wide) -> Self {
        WideReader { inner, wide, carry: Vec::new(), buf: vec![0; 1 << 16], out: String::new(), at: 0, done: false }
    }
}

impl<R: Read> Read for WideReader<R> {
    fn read(&mut self, dst: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() && !self.done {
            self.out.clear();
            self.at = 0;
            let n = self.inner.read(&mut self.buf)?;
            self.done = n == 0;
            self.wide.decode(&self.buf[..n], self.done, &mut self.carry, &mut self.out);
        }
        let rest = &self.out.as_bytes()[self.at..];
        let n = rest.len().min(dst.len());
        dst[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_declaration() {
        let bytes = [&[0xEF, 0xBB, 0xBF][..], "né".as_bytes()].concat();
        assert_eq!(decode(&bytes, Some("iso-8859-1"), false), "né");
        let utf16: Vec<u8> = [0xFF, 0xFE, b'h', 0, b'i', 0].to_vec();
        assert_eq!(decode(&utf16, None, false), "hi");
    }

    #[test]
    fn http_header_then_meta() {
        let latin = b"caf\xe9";
        assert_eq!(decode(latin, Some("windows-1252"), false), "café");
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body>\x93quoted\x94 caf\xe9</body>";
        assert!(decode(page, None, true).contains("\u{201c}quoted\u{201d} café"));
        let http_equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\"><p>\xf0\xd2\xc9\xd7\xc5\xd4";
        assert!(decode(http_equiv, None, true).ends_with("Привет"));
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected() {
        let text = "Le président a déclaré que la réunion était terminée et qu'il était très satisfait.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        assert_eq!(decode(&bytes, None, false), text);
    }

    #[test]
    fn valid_utf8_beats_a_wrong_label() {
        let page = "<meta charset=iso-8859-1><p>Zelenskyy’s café".as_bytes();
        assert!(decode(page, None, true).ends_with("Zelenskyy’s café"));
    }

    #[test]
    fn invalid_bytes_never_panic() {
        let s = decode(b"ok \xff\xfe\xfd end", Some("utf-8"), false);
        assert!(s.starts_with("ok ") && s.ends_with(" end"));
    }

    #[test]
    fn content_type_parameter() {
        assert_eq!(charset_from_content_type("text/html; charset=\"UTF-8\""), Some("UTF-8"));
        assert_eq!(charset_from_content_type("text/html"), None);
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16().flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    }

    fn utf32(text: &str, big_endian: bool) -> Vec<u8> {
        text.chars().flat_map(|c| if big_endian { (c as u32).to_be_bytes() } else { (c as u32).to_le_bytes() }).collect()
    }

    const WIDE_TEXT: &str = "The ministry said on Monday that 3,000 people had left Kherson — «enough», said Olena Kovalenko.\n";

    #[test]
    fn wide_text_without_a_bom_is_text_not_binary() {
        let cases = [
            (utf16(WIDE_TEXT, false), Wide::Utf16Le),
            (utf16(WIDE_TEXT, true), Wide::Utf16Be),
            (utf32(WIDE_TEXT, false), Wide::Utf32Le),
            (utf32(WIDE_TEXT, true), Wide::Utf32Be),
        ];
        for (bytes, wide) in cases {
            assert_eq!(Wide::sniff(&bytes), Some((wide, 0)));
            assert_eq!(sniff_binary(&bytes), None);
            assert_eq!(decode(&bytes, None, false), WIDE_TEXT);
        }
        let with_bom = [&[0xFF, 0xFE, 0, 0][..], &utf32(WIDE_TEXT, false)].concat();
        assert_eq!(decode(&with_bom, None, false), WIDE_TEXT);
        assert_eq!(Wide::sniff("plain ASCII text, long enough to judge".as_bytes()), None);
        assert_eq!(Wide::sniff(&[0u8, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]), None, "control characters are binary");
    }

    #[test]
    fn wide_text_streams_in_any_chunking() {
        let text = "Emoji 😀 and Cyrillic Привет across chunk edges. ".repeat(50);
        for (bytes, wide) in [(utf16(&text, false), Wide::Utf16Le), (utf32(&text, true), Wide::Utf32Be)] {
            for chunk in [1, 3, 7, 1000] {
                let mut out = String::new();
                let mut carry = Vec::new();
                for piece in bytes.chunks(chunk) {
                    wide.decode(piece, false, &mut carry, &mut out);
                }
                wide.decode(&[], true, &mut carry, &mut out);
                assert_eq!(out, text, "{wide:?} in chunks of {chunk}");
            }
            let mut read = String::new();
            WideReader::new(&bytes[..], wide).read_to_string(&mut read).unwrap();
            assert_eq!(read, text);
        }
        let mut out = String::new();
        Wide::Utf16Le.decode(&[0x3D, 0xD8, b'a'], true, &mut Vec::new(), &mut out);
        assert_eq!(out, "\u{FFFD}\u{FFFD}", "a lone surrogate and an odd byte");
    }

    #[test]
    fn binary_sniffing() {
        assert_eq!(sniff_binary(b"\x89PNG\r\n\x1a\n...."), Some("image data"));
        assert_eq!(sniff_binary(b"abc\0def"), Some("NUL bytes"));
        assert_eq!(sniff_binary("plain words\n".as_bytes()), None);
    }
}
