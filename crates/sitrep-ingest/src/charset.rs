//! Charset detection and decoding.
//!
//! Order of evidence, strongest first: a byte-order mark, the charset of the
//! HTTP `Content-Type` header, a `<meta charset>` (HTML only), then a
//! statistical guess by chardetng. Decoding never fails: invalid sequences
//! become U+FFFD.

use encoding_rs::{Encoding, UTF_8};
use regex::bytes::Regex;
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
    if Encoding::for_bom(bytes).is_some() {
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

    #[test]
    fn binary_sniffing() {
        assert_eq!(sniff_binary(b"\x89PNG\r\n\x1a\n...."), Some("image data"));
        assert_eq!(sniff_binary(b"abc\0def"), Some("NUL bytes"));
        assert_eq!(sniff_binary("plain words\n".as_bytes()), None);
    }
}
