//! Compact JSON re-indented as `serde_json::to_string_pretty` writes it,
//! without parsing it into a value: how `report --story S --format json`
//! writes a stored report of hundreds of megabytes.
//!
//! [`Pretty`] is a state machine fed pieces that may end anywhere. A long
//! input is re-indented on every core ([`Pretty::feed_all`]): a batch is
//! cut into segments that start where the bytes around alone say no
//! string is open (just after an object's key), each segment's change of
//! nesting depth is counted in parallel (a [`Skim`], sixty-four bytes at
//! a time without a branch where there is no backslash), their sums give
//! each segment's depth, and the segments are re-indented in parallel and
//! written in order: the same bytes as one state machine fed it all.
//! Without indentation ([`Pretty::compact`]) it writes the compact JSON
//! it is fed, the replaced field aside, and after that field copies the
//! input as it is, following only its nesting to tell that it is whole.

use rayon::prelude::*;
use std::io::{Read, Write};

/// Write compact JSON (as `serde_json::to_string` writes it) as
/// `serde_json::to_string_pretty` would write the same value, nested
/// `depth` levels deep (two spaces a level), without parsing it into a
/// value.
#[cfg(test)]
pub(crate) fn write_pretty(json: &[u8], depth: usize, out: &mut dyn Write) -> std::io::Result<()> {
    let mut sink = Sink::new(out);
    Pretty::new(depth, None).feed(json, &mut sink, &mut |_| Ok(()))?;
    sink.finish()
}

/// Bytes [`Sink`] gathers before it writes them out.
const SINK_SPILL: usize = 1 << 20;
/// [`Pretty::feed_all`] looks for a segment's start in each piece of this
/// many bytes of input, and reads this many pieces at a time.
const PIECE: usize = 1 << 20;
const BATCH_PIECES: usize = 16;

/// A buffer in front of a writer, written out a megabyte at a time (the
/// re-indenter pushes bytes one by one, not a `dyn Write` call each), or
/// without a writer, gathering everything (a piece re-indented on another
/// thread).
pub(crate) struct Sink<'w> {
    pub(crate) buf: Vec<u8>,
    out: Option<&'w mut dyn Write>,
}

impl<'w> Sink<'w> {
    pub(crate) fn new(out: &'w mut dyn Write) -> Sink<'w> {
        Sink { buf: Vec::with_capacity(SINK_SPILL + (SINK_SPILL >> 2)), out: Some(out) }
    }

    /// A sink that keeps what it is given, about `bytes` of it.
    fn gather(bytes: usize) -> Sink<'static> {
        Sink { buf: Vec::with_capacity(bytes), out: None }
    }

    /// Write the buffer out when it is full.
    fn spill(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= SINK_SPILL {
            if let Some(out) = self.out.as_mut() {
                out.write_all(&self.buf)?;
                self.buf.clear();
            }
        }
        Ok(())
    }

    /// Write out what is gathered, then `bytes`.
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if let Some(out) = self.out.as_mut() {
            out.write_all(&self.buf)?;
            self.buf.clear();
            out.write_all(bytes)
        } else {
            self.buf.extend_from_slice(bytes);
            Ok(())
        }
    }

    pub(crate) fn finish(self) -> std::io::Result<()> {
        match self.out {
            Some(out) => out.write_all(&self.buf),
            None => Ok(()),
        }
    }
}

/// Compact JSON re-indented as `serde_json::to_string_pretty` writes it,
/// fed in pieces that may end anywhere (inside a string, after a
/// backslash): a byte at a time outside strings, runs of bytes inside
/// them. One field of a top-level object can be replaced: its value is
/// skipped and a callback writes another in its place.
#[derive(Clone)]
pub(crate) struct Pretty {
    /// Whether to indent (else write compact JSON, as it is fed).
    indent: bool,
    /// The nesting depth, two spaces a level.
    depth: usize,
    /// Inside a string; just after a backslash in it.
    string: bool,
    escape: bool,
    /// An opening brace or bracket not written yet: an empty object or
    /// array stays on its line, so the next byte decides.
    open: Option<u8>,
    /// The key (quoted) of the top-level field to replace.
    replace: Option<&'static [u8]>,
    /// Whether a top-level key comes next; whether one is being read; the
    /// last one read.
    expect_key: bool,
    in_key: bool,
    key: Vec<u8>,
    /// Skipping the replaced value: how deep inside it.
    skip: Option<usize>,
}

impl Pretty {
    pub(crate) fn new(depth: usize, replace: Option<&'static [u8]>) -> Pretty {
        Pretty { indent: true, depth, string: false, escape: false, open: None, replace, expect_key: false, in_key: false, key: Vec::new(), skip: None }
    }

    /// A machine that writes compact JSON as it is fed, but for the
    /// replaced field.
    pub(crate) fn compact(replace: Option<&'static [u8]>) -> Pretty {
        Pretty { indent: false, ..Pretty::new(0, replace) }
    }

    /// Whether the input so far is whole: every string, object and array
    /// closed.
    pub(crate) fn done(&self) -> bool {
        self.depth == 0 && !self.string && self.open.is_none() && self.skip.is_none()
    }

    fn newline(&self, buf: &mut Vec<u8>) {
        if !self.indent {
            return;
        }
        buf.push(b'\n');
        buf.resize(buf.len() + 2 * self.depth, b' ');
    }

    /// Bytes of the input as they are (unless skipped), and of the key being read.
    fn copy(&mut self, bytes: &[u8], sink: &mut Sink<'_>) {
        if self.skip.is_none() {
            sink.buf.extend_from_slice(bytes);
        }
        if self.in_key {
            self.key.extend_from_slice(bytes);
        }
    }

    /// Re-indent the rest of `input` into `sink`: on this thread until the
    /// replaced field is written (`replace` called), then on every core, a
    /// batch at a time: a batch is read and cut into segments (their depths
    /// counted on every core) while the batch before is re-indented, and
    /// written when it is. The same bytes as feeding it all to
    /// [`Pretty::feed`]. Returns the number of bytes read.
    pub(crate) fn feed_all(&mut self, input: &mut dyn Read, sink: &mut Sink<'_>, replace: &mut dyn FnMut(&mut Sink<'_>) -> std::io::Result<()>) -> std::io::Result<u64> {
        self.feed_pieces(input, sink, replace, PIECE, BATCH_PIECES)
    }

    /// [`Pretty::feed_all`] in pieces of `size` bytes, `pieces` a batch.
    fn feed_pieces(
        &mut self,
        input: &mut dyn Read,
        sink: &mut Sink<'_>,
        replace: &mut dyn FnMut(&mut Sink<'_>) -> std::io::Result<()>,
        size: usize,
        pieces: usize,
    ) -> std::io::Result<u64> {
        let mut read = 0u64;
        let mut piece = vec![0; size];
        while self.replace.is_some() || self.skip.is_some() {
            let n = fill(input, &mut piece)?;
            if n == 0 {
                return Ok(read);
            }
            read += n as u64;
            self.feed(&piece[..n], sink, replace)?;
        }
        if !self.indent {
            return Ok(read + self.copy_rest(input, sink, &mut piece)?);
        }
        std::thread::scope(|scope| {
            let mut running: Option<std::thread::ScopedJoinHandle<'_, (Vec<u8>, Vec<Vec<u8>>)>> = None;
            let mut spare = Vec::new();
            loop {
                let mut batch = std::mem::take(&mut spare);
                batch.resize(size * pieces, 0);
                let n = fill(input, &mut batch)?;
                batch.truncate(n);
                read += n as u64;
                let segments = self.segments(&batch, size);
                let next = (n > 0).then(|| {
                    scope.spawn(move || {
                        let outs = segments
                            .into_par_iter()
                            .map(|(range, mut state)| {
                                let mut out = Sink::gather(range.len() * 2);
                                // A segment's sink only gathers, and no field is replaced now.
                                let _ = state.feed(&batch[range], &mut out, &mut |_| Ok(()));
                                out.buf
                            })
                            .collect();
                        (batch, outs)
                    })
                });
                if let Some(done) = running.take() {
                    let (batch, outs) = done.join().map_err(|_| std::io::Error::other("re-indenting a piece of the report failed"))?;
                    for out in outs {
                        sink.write(&out)?;
                    }
                    spare = batch;
                }
                match next {
                    Some(next) => running = Some(next),
                    None => return Ok(read),
                }
            }
        })
    }

    /// Compact, past the replaced field: copy the rest of `input` as it is,
    /// a `piece` at a time, following its nesting so that [`Pretty::done`]
    /// tells whether it was whole. Returns the number of bytes read.
    fn copy_rest(&mut self, input: &mut dyn Read, sink: &mut Sink<'_>, piece: &mut [u8]) -> std::io::Result<u64> {
        let mut skim = Skim { depth: (self.depth + usize::from(self.open.is_some())) as isize, string: self.string, escape: self.escape };
        if let Some(open) = self.open.take() {
            sink.buf.push(open);
        }
        let mut read = 0u64;
        loop {
            let n = fill(input, piece)?;
            if n == 0 {
                break;
            }
            read += n as u64;
            skim.skim(&piece[..n]);
            sink.write(&piece[..n])?;
        }
        // More closing brackets than opening ones is not whole either.
        self.depth = usize::try_from(skim.depth).unwrap_or(1);
        (self.string, self.escape) = (skim.string, skim.escape);
        Ok(read)
    }

    /// Cut a batch of input that starts in this state into segments, each
    /// with the state it starts in, and move this state past the batch. A
    /// segment starts at a place known to be outside any string from the
    /// bytes around it alone ([`outside_at`]), one in each piece of `size`
    /// bytes that has one, so the segments' depths are found on every core:
    /// each segment's change of depth from its start, then their sums.
    fn segments(&mut self, batch: &[u8], size: usize) -> Vec<(std::ops::Range<usize>, Pretty)> {
        if batch.is_empty() {
            return Vec::new();
        }
        let mut starts: Vec<usize> = (1..batch.len().div_ceil(size)).into_par_iter().filter_map(|k| outside_at(batch, k * size, ((k + 1) * size).min(batch.len()))).collect();
        starts.insert(0, 0);
        let ends: Vec<usize> = starts.iter().skip(1).copied().chain([batch.len()]).collect();
        // A bracket waiting for its next byte is counted at once by `Skim`.
        let first = Skim { depth: (self.depth + usize::from(self.open.is_some())) as isize, string: self.string, escape: self.escape };
        let skimmed: Vec<Skim> = starts
            .par_iter()
            .zip(&ends)
            .enumerate()
            .map(|(j, (&start, &end))| {
                let mut state = if j == 0 { first } else { Skim { depth: 0, string: false, escape: false } };
                state.skim(&batch[start..end]);
                state
            })
            .collect();
        let mut segments = Vec::with_capacity(starts.len());
        let mut depth = 0;
        for (j, ((start, end), skim)) in starts.into_iter().zip(ends).zip(&skimmed).enumerate() {
            // A segment after the first starts after a key: outside strings, no bracket waiting.
            let mut state = self.clone();
            if j > 0 {
                state.depth = depth.max(0) as usize;
                (state.string, state.escape, state.open) = (false, false, None);
            }
            depth = if j == 0 { skim.depth } else { depth + skim.depth };
            segments.push((start..end, state));
        }
        let last = skimmed[skimmed.len() - 1];
        let end = batch[batch.len() - 1];
        // The batch may end on an opening bracket that waits for the next one's first byte.
        self.open = (!last.string && matches!(end, b'{' | b'[')).then_some(end);
        self.depth = (depth - isize::from(self.open.is_some())).max(0) as usize;
        (self.string, self.escape) = (last.string, last.escape);
        segments
    }

    /// Re-indent the next piece of input into `sink`; `replace` writes the
    /// value of the replaced field.
    pub(crate) fn feed(&mut self, json: &[u8], sink: &mut Sink<'_>, replace: &mut dyn FnMut(&mut Sink<'_>) -> std::io::Result<()>) -> std::io::Result<()> {
        let mut i = 0;
        while i < json.len() {
            sink.spill()?;
            if self.string {
                let end = if self.escape {
                    // The byte after a backslash, whatever it is.
                    self.escape = false;
                    i + 1
                } else {
                    match memchr::memchr2(b'"', b'\\', &json[i..]) {
                        Some(k) => {
                            self.string = json[i + k] == b'\\';
                            self.escape = self.string;
                            i + k + 1
                        }
                        None => json.len(),
                    }
                };
                self.copy(&json[i..end], sink);
                self.in_key &= self.string;
                i = end;
                continue;
            }
            let b = json[i];
            if let Some(inner) = self.skip {
                match b {
                    b'"' => self.string = true,
                    b'{' | b'[' => self.skip = Some(inner + 1),
                    // The end of the skipped value: the byte is the next field's comma or the object's end.
                    b'}' | b']' | b',' if inner == 0 => {
                        self.skip = None;
                        continue;
                    }
                    b'}' | b']' => self.skip = Some(inner - 1),
                    _ => {}
                }
                i += 1;
                continue;
            }
            if let Some(open) = self.open.take() {
                let close = if open == b'{' { b'}' } else { b']' };
                if b == close {
                    sink.buf.extend_from_slice(&[open, close]);
                    i += 1;
                    continue;
                }
                sink.buf.push(open);
                self.depth += 1;
                self.newline(&mut sink.buf);
                self.expect_key = open == b'{';
            }
            match b {
                b'"' => {
                    self.string = true;
                    self.in_key = self.replace.is_some() && self.depth == 1 && self.expect_key;
                    if self.in_key {
                        self.key.clear();
                    }
                    self.expect_key = false;
                    self.copy(b"\"", sink);
                }
                b'{' | b'[' => self.open = Some(b),
                b'}' | b']' => {
                    self.depth = self.depth.saturating_sub(1);
                    self.newline(&mut sink.buf);
                    sink.buf.push(b);
                }
                b',' => {
                    sink.buf.push(b',');
                    self.newline(&mut sink.buf);
                    self.expect_key = self.depth == 1;
                }
                b':' => {
                    sink.buf.extend_from_slice(if self.indent { b": " } else { b":" });
                    if self.depth == 1 && self.replace.is_some_and(|r| r == self.key) {
                        replace(sink)?;
                        self.skip = Some(0);
                        // One field is replaced.
                        self.replace = None;
                    }
                }
                _ => {
                    // A number or literal: up to the next structural byte.
                    let end = json[i..].iter().position(|b| matches!(b, b',' | b'}' | b']' | b':' | b'"')).map_or(json.len(), |k| i + k);
                    sink.buf.extend_from_slice(&json[i..end]);
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        Ok(())
    }
}

/// Read into `buf` until it is full or the input ends; the bytes read.
fn fill(input: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// What [`Pretty::feed`]'s state is after the replaced field, followed
/// without writing anything: the depth (counted from a segment's start, so
/// it may fall below zero, and counting an opening bracket at once, where
/// `Pretty` waits for the next byte to tell an empty object or array),
/// whether inside a string, and after a backslash in one.
#[derive(Clone, Copy)]
struct Skim {
    depth: isize,
    string: bool,
    escape: bool,
}

/// Bytes whose marks [`Marks::of`] finds at a time.
const BLOCK: usize = 64;

/// A bit for each byte of a block of input that is a quote, a backslash,
/// an opening bracket or brace (`[` and `{` differ in one bit), a closing
/// one.
struct Marks {
    quotes: u64,
    slashes: u64,
    opens: u64,
    closes: u64,
}

impl Marks {
    /// The marks of up to [`BLOCK`] bytes.
    fn of(block: &[u8]) -> Marks {
        match <&[u8; BLOCK]>::try_from(block) {
            Ok(whole) => Marks::of_block(whole),
            Err(_) => Marks::of_bytes(block),
        }
    }

    /// The marks of a whole block, sixteen bytes a compare (SSE2, which
    /// every x86-64 processor has).
    #[cfg(target_arch = "x86_64")]
    fn of_block(block: &[u8; BLOCK]) -> Marks {
        use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
        let mut m = Marks { quotes: 0, slashes: 0, opens: 0, closes: 0 };
        for (k, lane) in block.chunks_exact(16).enumerate() {
            // SAFETY: SSE2 is part of x86-64 itself (every such processor
            // has it), and the unaligned load reads the 16 bytes of `lane`.
            let [quotes, slashes, opens, closes] = unsafe {
                let v: __m128i = _mm_loadu_si128(lane.as_ptr().cast());
                let folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
                [(v, b'"'), (v, b'\\'), (folded, b'{'), (folded, b'}')].map(|(v, b)| _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8))) as u16)
            };
            m.quotes |= u64::from(quotes) << (16 * k);
            m.slashes |= u64::from(slashes) << (16 * k);
            m.opens |= u64::from(opens) << (16 * k);
            m.closes |= u64::from(closes) << (16 * k);
        }
        m
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn of_block(block: &[u8; BLOCK]) -> Marks {
        Marks::of_bytes(block)
    }

    /// The marks of up to [`BLOCK`] bytes, a byte at a time.
    fn of_bytes(block: &[u8]) -> Marks {
        let mut m = Marks { quotes: 0, slashes: 0, opens: 0, closes: 0 };
        for (k, &b) in block.iter().enumerate() {
            m.quotes |= u64::from(b == b'"') << k;
            m.slashes |= u64::from(b == b'\\') << k;
            m.opens |= u64::from(b | 0x20 == b'{') << k;
            m.closes |= u64::from(b | 0x20 == b'}') << k;
        }
        m
    }
}

impl Skim {
    /// Move the state past `json`, a block at a time. A block without a
    /// backslash (nearly all of them) is followed without a branch: a bit
    /// is inside a string when an odd number of quotes come up to it
    /// (each bit the exclusive or of those before it), and the depth
    /// changes by the brackets outside strings. A block with one is
    /// followed a marked byte at a time.
    fn skim(&mut self, json: &[u8]) {
        // Bytes before `next` are passed (the one after a backslash is).
        let mut next = 0;
        if self.escape && !json.is_empty() {
            self.escape = false;
            next = 1;
        }
        for (k, block) in json.chunks(BLOCK).enumerate() {
            let at = k * BLOCK;
            let m = Marks::of(block);
            if m.slashes == 0 && next <= at {
                let mut inside = m.quotes;
                for shift in [1, 2, 4, 8, 16, 32] {
                    inside ^= inside << shift;
                }
                if self.string {
                    inside = !inside;
                }
                self.depth += (m.opens & !inside).count_ones() as isize - (m.closes & !inside).count_ones() as isize;
                self.string = inside >> (block.len() - 1) & 1 == 1;
                continue;
            }
            let mut mask = m.quotes | m.slashes | m.opens | m.closes;
            while mask != 0 {
                let at = at + mask.trailing_zeros() as usize;
                mask &= mask - 1;
                if at < next {
                    continue;
                }
                next = at + 1;
                match (self.string, json[at]) {
                    (true, b'"') => self.string = false,
                    (true, b'\\') => next = at + 2,
                    (false, b'"') => self.string = true,
                    (false, b'{' | b'[') => self.depth += 1,
                    (false, b'}' | b']') => self.depth -= 1,
                    _ => {}
                }
            }
        }
        self.escape = next > json.len();
    }
}

/// The first place in `json[from..to]` (the end of a key: just after a
/// quote that opens no string, followed by a colon) known to be outside
/// any string from the bytes around it alone, in compact JSON. The quote
/// is not escaped (an even number of backslashes before it, the run not
/// reaching the start of `json`) and does not open a string (an opening
/// quote follows `,`, `:`, `{` or `[`), so it closes one.
fn outside_at(json: &[u8], from: usize, to: usize) -> Option<usize> {
    let end = (to + 1).min(json.len());
    let mut at = from;
    while let Some(k) = memchr::memmem::find(&json[at..end], b"\":") {
        let quote = at + k;
        at = quote + 1;
        let slashes = json[..quote].iter().rev().take_while(|&&b| b == b'\\').count();
        if slashes < quote && slashes % 2 == 0 && !matches!(json[quote - 1], b',' | b':' | b'{' | b'[') {
            return Some(quote + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn compact_json_is_reindented_as_serde_json_pretty_prints_it() {
        let values = [
            json!({}),
            json!([]),
            json!({"a": [], "b": {}, "c": [[], [{}], {"d": []}]}),
            json!({"s": "a \"quoted\" {brace}, [bracket]: colon \\ back\\", "u": "naïve – ünïcode\n\t\u{1}", "n": null}),
            json!([1, -2.5, 1e-7, 12345678901234567890u64, true, false, null, "x"]),
            json!({"deep": {"er": {"est": [1, {"k": "v"}]}}}),
            json!("just a string"),
            json!(3.25),
        ];
        for v in values {
            let mut out = Vec::new();
            write_pretty(serde_json::to_string(&v).unwrap().as_bytes(), 0, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string_pretty(&v).unwrap(), "{v}");
        }
        // Nested inside a pretty-printed array, a level deeper.
        let mut out = Vec::new();
        write_pretty(br#"{"a":[1]}"#, 1, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "{\n    \"a\": [\n      1\n    ]\n  }");
    }

    /// A random JSON value: nested objects and arrays, numbers, literals,
    /// and strings with quotes, backslashes, escapes, non-ASCII and
    /// structural bytes, some long.
    fn random_value(rng: &mut fastrand::Rng, depth: usize) -> serde_json::Value {
        const PIECES: [&str; 12] = ["a", "\"", "\\", "{", "}", "[", "]", ":", ",", "é–ü", "\n\t\u{1}", "  "];
        let string = |rng: &mut fastrand::Rng| -> String {
            let n = if rng.u8(..) < 8 { rng.usize(200..5_000) } else { rng.usize(0..12) };
            (0..n).map(|_| PIECES[rng.usize(..PIECES.len())]).collect()
        };
        match rng.u8(..if depth == 0 { 5 } else { 7 }) {
            0 => serde_json::Value::Null,
            1 => json!(rng.bool()),
            2 => json!(rng.i64(..)),
            3 => json!(rng.f64() * 1e6 - 5e5),
            4 => json!(string(rng)),
            5 => serde_json::Value::Array((0..rng.usize(0..6)).map(|_| random_value(rng, depth - 1)).collect()),
            _ => serde_json::Value::Object((0..rng.usize(0..6)).map(|_| (string(rng), random_value(rng, depth - 1))).collect()),
        }
    }

    #[test]
    fn random_values_fed_in_random_pieces_are_reindented_as_serde_json_pretty_prints_them() {
        let mut rng = fastrand::Rng::with_seed(7);
        for case in 0..300 {
            let v = json!({"head": random_value(&mut rng, 4), "stories": random_value(&mut rng, 2), "tail": random_value(&mut rng, 5)});
            let compact = serde_json::to_string(&v).unwrap();
            let mut out = Vec::new();
            let mut sink = Sink::new(&mut out);
            let mut pretty = Pretty::new(0, Some(b"\"stories\""));
            let mut rest = compact.as_bytes();
            while !rest.is_empty() {
                let (piece, after) = rest.split_at(rng.usize(1..=rest.len().min(3_000)));
                pretty.feed(piece, &mut sink, &mut |sink| {
                    sink.buf.extend_from_slice(b"[]");
                    Ok(())
                })
                .unwrap();
                rest = after;
            }
            assert!(pretty.done());
            sink.finish().unwrap();
            let mut expected = v.clone();
            expected["stories"] = json!([]);
            assert!(String::from_utf8(out).unwrap() == serde_json::to_string_pretty(&expected).unwrap(), "case {case}");
        }
    }

    #[test]
    fn a_report_fed_in_pieces_is_reindented_with_its_field_replaced() {
        let v = json!({"summary": {"n": 2, "s": "a \\\"b\" {c}: [d]"}, "stories": [{"id": "x"}, {"id": "y"}], "quotes": [], "z": {"e\\": "\\"}});
        let compact = serde_json::to_string(&v).unwrap();
        let mut expected = v.clone();
        expected["stories"] = json!(["new"]);
        let expected = serde_json::to_string_pretty(&expected).unwrap();
        // Every place the input can be cut in two, and a byte at a time.
        let cuts: Vec<Vec<&[u8]>> = (0..=compact.len())
            .map(|k| vec![&compact.as_bytes()[..k], &compact.as_bytes()[k..]])
            .chain(std::iter::once(compact.as_bytes().chunks(1).collect()))
            .collect();
        for pieces in cuts {
            let mut out = Vec::new();
            let mut sink = Sink::new(&mut out);
            let mut pretty = Pretty::new(0, Some(b"\"stories\""));
            for piece in &pieces {
                pretty.feed(piece, &mut sink, &mut |sink| {
                    sink.buf.extend_from_slice(b"[\n    \"new\"\n  ]");
                    Ok(())
                })
                .unwrap();
            }
            assert!(pretty.done());
            sink.finish().unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{:?}", pieces.first().map(|p| p.len()));
        }
        // Cut short, it is not whole.
        let mut out = Vec::new();
        let mut sink = Sink::new(&mut out);
        let mut pretty = Pretty::new(0, None);
        pretty.feed(&compact.as_bytes()[..compact.len() / 2], &mut sink, &mut |_| Ok(())).unwrap();
        assert!(!pretty.done());
    }

    #[test]
    fn pieces_reindented_on_every_core_are_the_bytes_fed_one_by_one() {
        let mut rng = fastrand::Rng::with_seed(11);
        for case in 0..60 {
            let v = json!({"head": random_value(&mut rng, 3), "stories": random_value(&mut rng, 2), "tail": [random_value(&mut rng, 5), random_value(&mut rng, 5)]});
            let compact = serde_json::to_string(&v).unwrap();
            let mut replace = |sink: &mut Sink<'_>| {
                sink.buf.extend_from_slice(b"[]");
                Ok(())
            };
            let mut one = Vec::new();
            let mut sink = Sink::new(&mut one);
            let mut pretty = Pretty::new(0, Some(b"\"stories\""));
            pretty.feed(compact.as_bytes(), &mut sink, &mut replace).unwrap();
            sink.finish().unwrap();
            // Pieces of 1 to 64 bytes, batches of 1 to 5: cut anywhere, in
            // strings, after backslashes, between brackets; and pieces
            // of whole blocks, followed without a branch.
            let size = if case % 2 == 0 { rng.usize(1..=64) } else { rng.usize(BLOCK..=4 * BLOCK) };
            let mut all = Vec::new();
            let mut sink = Sink::new(&mut all);
            let mut pieced = Pretty::new(0, Some(b"\"stories\""));
            let read = pieced.feed_pieces(&mut compact.as_bytes(), &mut sink, &mut replace, size, rng.usize(1..=5)).unwrap();
            sink.finish().unwrap();
            assert_eq!(read, compact.len() as u64);
            assert!(pretty.done() && pieced.done(), "case {case}");
            assert!(one == all, "case {case}");
        }
        // Cut short, it is not whole.
        let mut out = Vec::new();
        let mut sink = Sink::new(&mut out);
        let mut pretty = Pretty::new(0, None);
        pretty.feed_pieces(&mut &br#"{"a":["b",{"c":1"#[..], &mut sink, &mut |_| Ok(()), 3, 2).unwrap();
        assert!(!pretty.done());
    }

    #[test]
    fn compact_json_is_written_as_it_is_fed_with_its_field_replaced() {
        let mut rng = fastrand::Rng::with_seed(13);
        for case in 0..200 {
            let v = json!({"head": random_value(&mut rng, 3), "stories": random_value(&mut rng, 2), "tail": [random_value(&mut rng, 5), {}]});
            let compact = serde_json::to_string(&v).unwrap();
            let mut expected = v.clone();
            expected["stories"] = json!(["new"]);
            let mut out = Vec::new();
            let mut sink = Sink::new(&mut out);
            let mut machine = Pretty::compact(Some(b"\"stories\""));
            // Pieces of 1 to 64 bytes, batches of 1 to 5, or whole blocks:
            // the field found across pieces, the rest copied a piece at a time.
            let size = if case % 2 == 0 { rng.usize(1..=64) } else { rng.usize(BLOCK..=4 * BLOCK) };
            let read = machine
                .feed_pieces(&mut compact.as_bytes(), &mut sink, &mut |sink| {
                    sink.buf.extend_from_slice(br#"["new"]"#);
                    Ok(())
                }, size, rng.usize(1..=5))
                .unwrap();
            sink.finish().unwrap();
            assert_eq!(read, compact.len() as u64);
            assert!(machine.done(), "case {case}");
            assert!(out == serde_json::to_string(&expected).unwrap().into_bytes(), "case {case}");
        }
        // Cut short, or with a bracket too many closed, it is not whole.
        for bad in [&br#"{"stories":[],"a":["b",{"c":1"#[..], br#"{"stories":1,"a":"}"}]}"#] {
            let mut out = Vec::new();
            let mut sink = Sink::new(&mut out);
            let mut machine = Pretty::compact(Some(b"\"stories\""));
            machine.feed_pieces(&mut &bad[..], &mut sink, &mut |_| Ok(()), 3, 2).unwrap();
            assert!(!machine.done(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
