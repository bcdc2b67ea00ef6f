//! A document's sentence spans in the `documents.sentences` column: a blob
//! of unsigned LEB128 varints, two per span, the gap from the end of the
//! span before (from 0 for the first) and the span's length. Sentences
//! follow each other, so most numbers take one or two bytes: a few bytes
//! per sentence. No spans are stored as NULL.

use sitrep_core::Span;

/// The column value for `spans`: `None` when there are none.
pub(crate) fn encode(spans: &[Span]) -> Option<Vec<u8>> {
    if spans.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(spans.len() * 3);
    let mut at = 0;
    for s in spans {
        // Spans out of order or reversed (never the splitter's): a gap or
        // length that would be negative is stored as 0, so they come back
        // changed; readers check the spans against the text.
        varint(s.start.saturating_sub(at), &mut out);
        varint(s.end.saturating_sub(s.start), &mut out);
        at = s.end.max(s.start);
    }
    Some(out)
}

/// The spans of a column value, or `None` when the blob is not one
/// [`encode`] writes (cut short, a number over 64 bits, a span past
/// `usize`).
pub(crate) fn decode(blob: &[u8]) -> Option<Vec<Span>> {
    let mut out = Vec::with_capacity(blob.len() / 3);
    let mut bytes = blob.iter();
    let mut at: usize = 0;
    while bytes.len() > 0 {
        let start = at.checked_add(read(&mut bytes)?)?;
        let end = start.checked_add(read(&mut bytes)?)?;
        out.push(Span { start, end });
        at = end;
    }
    Some(out)
}

fn varint(mut n: usize, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read(bytes: &mut std::slice::Iter<'_, u8>) -> Option<usize> {
    let mut n: u64 = 0;
    for shift in (0..64).step_by(7) {
        let b = *bytes.next()?;
        n |= u64::from(b & 0x7f).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return usize::try_from(n).ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sentences_take_a_few_bytes_each() {
        let spans = [Span { start: 0, end: 58 }, Span { start: 59, end: 260 }, Span { start: 262, end: 300 }];
        let blob = encode(&spans).unwrap();
        // 0, 58 | 1, 201 (two bytes) | 2, 38
        assert_eq!(blob, [0, 58, 1, 0xc9, 0x01, 2, 38]);
        assert_eq!(decode(&blob).unwrap(), spans);
        assert_eq!(encode(&[]), None);
    }

    #[test]
    fn a_damaged_blob_is_refused() {
        assert_eq!(decode(&[0]), None, "a span without its length");
        assert_eq!(decode(&[0, 0x80]), None, "a number cut short");
        assert_eq!(decode(&[0xff; 12]), None, "a number over 64 bits");
        assert_eq!(decode(&[]), Some(Vec::new()));
    }

    proptest! {
        #[test]
        fn ordered_spans_read_back(parts in proptest::collection::vec((0usize..5000, 0usize..100_000), 0..40)) {
            let mut at = 0;
            let spans: Vec<Span> = parts.iter().map(|&(gap, len)| {
                let s = Span { start: at + gap, end: at + gap + len };
                at = s.end;
                s
            }).collect();
            match encode(&spans) {
                Some(blob) => prop_assert_eq!(decode(&blob).unwrap(), spans),
                None => prop_assert!(spans.is_empty()),
            }
        }

        #[test]
        fn any_bytes_decode_without_panicking(blob in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode(&blob);
        }
    }
}
