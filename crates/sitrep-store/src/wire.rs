//! A document as bytes, for a story's segments (`crate::segments`): every
//! field in declaration order, integers as LEB128 varints, figures as the
//! bits of their `f64`, strings as a length and their UTF-8 bytes, enums
//! as a byte. Five to ten times faster to read back than its JSON, which
//! matters because reading a large story's documents is most of fusing it
//! again. Each struct is taken apart field by field, so a field added to
//! the data model does not compile here until it is written and read.

use sitrep_core::{
    Bound, Claim, ClaimSource, ClaimTime, Document, Entity, EntityKind, Frame, Layers, Mention, Modality, Quantity, Quote, SourceKind, Span,
    TimeExpr, TimeKind,
};

/// Why bytes are not a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad(pub &'static str);

/// `doc` as bytes, appended to `out`.
pub fn write(out: &mut Vec<u8>, doc: &Document) {
    let Document { id, source, url, title, byline, published, outlet, language, text, entities, quotes, quantities, times, claims, sentences } = doc;
    let w = &mut Out(out);
    w.s(id);
    w.s(source);
    w.os(url);
    w.os(title);
    w.list(byline, |w, s| w.s(s));
    w.os(published);
    w.os(outlet);
    w.os(language);
    w.s(text);
    w.list(entities, |w, e| {
        let Entity { id, name, kind, mentions, descriptors } = e;
        w.s(id);
        w.s(name);
        w.byte(entity_kind(*kind));
        w.list(mentions, |w, m| {
            let Mention { start, end, text } = m;
            w.n(*start);
            w.n(*end);
            w.s(text);
        });
        w.list(descriptors, |w, s| w.s(s));
    });
    w.list(quotes, |w, q| {
        let Quote { start, end, text, direct, speaker, speaker_name, cue } = q;
        w.n(*start);
        w.n(*end);
        w.s(text);
        w.byte(u8::from(*direct));
        w.os(speaker);
        w.os(speaker_name);
        w.os(cue);
    });
    w.list(quantities, |w, q| {
        let Quantity { start, end, text, kind, value, low, high, bound, unit, per, per_each, counted, vague } = q;
        w.n(*start);
        w.n(*end);
        w.s(text);
        w.s(kind);
        w.of(*value);
        w.of(*low);
        w.of(*high);
        w.byte(bound_byte(*bound));
        w.os(unit);
        w.os(per);
        w.os(per_each);
        w.os(counted);
        w.byte(u8::from(*vague));
    });
    w.list(times, |w, t| {
        let TimeExpr { start, end, text, value, kind, expected } = t;
        w.n(*start);
        w.n(*end);
        w.s(text);
        w.os(value);
        w.byte(time_kind(*kind));
        w.byte(u8::from(*expected));
    });
    w.list(claims, |w, c| {
        let Claim { id, start, end, text, quantity, value, low, high, bound, unit, per, per_each, subject, source, modality, time, time_kind, frame } = c;
        w.s(id);
        w.n(*start);
        w.n(*end);
        w.s(text);
        match quantity {
            Some(q) => {
                w.byte(1);
                w.n(*q);
            }
            None => w.byte(0),
        }
        w.of(*value);
        w.of(*low);
        w.of(*high);
        w.byte(bound.map_or(0, |b| 1 + bound_byte(b)));
        w.os(unit);
        w.os(per);
        w.os(per_each);
        w.s(subject);
        let ClaimSource { name, entity, kind } = source;
        w.os(name);
        w.os(entity);
        w.byte(source_kind(*kind));
        w.byte(modality_byte(*modality));
        w.os(time);
        w.byte(claim_time(*time_kind));
        let Frame { counted, generic, group, measure, place, within, whole, part, increment, event, period } = frame;
        w.os(counted);
        w.byte(u8::from(*generic));
        w.os(group);
        w.os(measure);
        w.os(place);
        w.list(within, |w, s| w.s(s));
        w.byte(u8::from(*whole));
        w.byte(u8::from(*part));
        w.byte(u8::from(*increment));
        w.os(event);
        w.os(period);
    });
    w.list(sentences, |w, s| {
        w.n(s.start);
        w.n(s.end);
    });
}

/// The document `bytes` hold with only these `layers` (the others
/// empty), or why they are not a document. The layers left
/// out are read through, every string of them checked to be UTF-8, but
/// not kept: bytes that read with some layers read with any.
pub fn read_layers(bytes: &[u8], layers: Layers) -> Result<Document, Bad> {
    let r = &mut In { bytes, at: 0, skip: false };
    let meta = layers.has(Layers::METADATA);
    let doc = Document {
        id: r.layer(meta, In::s)?,
        source: r.layer(meta, In::s)?,
        url: r.layer(meta, In::os)?,
        title: r.layer(meta, In::os)?,
        byline: r.layer(meta, |r| r.list(In::s))?,
        published: r.layer(meta, In::os)?,
        outlet: r.layer(meta, In::os)?,
        language: r.layer(meta, In::os)?,
        text: r.layer(layers.has(Layers::TEXT), In::s)?,
        entities: r.layer(layers.has(Layers::ENTITIES), |r| r.list(|r| {
            Ok(Entity {
                id: r.s()?,
                name: r.s()?,
                kind: entity_kind_of(r.byte()?)?,
                mentions: r.list(|r| Ok(Mention { start: r.n()?, end: r.n()?, text: r.s()? }))?,
                descriptors: r.list(In::s)?,
            })
        }))?,
        quotes: r.layer(layers.has(Layers::QUOTES), |r| r.list(|r| {
            Ok(Quote { start: r.n()?, end: r.n()?, text: r.s()?, direct: r.flag()?, speaker: r.os()?, speaker_name: r.os()?, cue: r.os()? })
        }))?,
        quantities: r.layer(layers.has(Layers::QUANTITIES), |r| r.list(|r| {
            Ok(Quantity {
                start: r.n()?,
                end: r.n()?,
                text: r.s()?,
                kind: r.s()?,
                value: r.of()?,
                low: r.of()?,
                high: r.of()?,
                bound: bound_of(r.byte()?)?,
                unit: r.os()?,
                per: r.os()?,
                per_each: r.os()?,
                counted: r.os()?,
                vague: r.flag()?,
            })
        }))?,
        times: r.layer(layers.has(Layers::TIMES), |r| r.list(|r| {
            Ok(TimeExpr { start: r.n()?, end: r.n()?, text: r.s()?, value: r.os()?, kind: time_kind_of(r.byte()?)?, expected: r.flag()? })
        }))?,
        claims: r.layer(layers.has(Layers::CLAIMS), |r| r.list(|r| {
            Ok(Claim {
                id: r.s()?,
                start: r.n()?,
                end: r.n()?,
                text: r.s()?,
                quantity: if r.flag()? { Some(r.n()?) } else { None },
                value: r.of()?,
                low: r.of()?,
                high: r.of()?,
                bound: match r.byte()? {
                    0 => None,
                    b => Some(bound_of(b - 1)?),
                },
                unit: r.os()?,
                per: r.os()?,
                per_each: r.os()?,
                subject: r.s()?,
                source: ClaimSource { name: r.os()?, entity: r.os()?, kind: source_kind_of(r.byte()?)? },
                modality: modality_of(r.byte()?)?,
                time: r.os()?,
                time_kind: claim_time_of(r.byte()?)?,
                frame: Frame {
                    counted: r.os()?,
                    generic: r.flag()?,
                    group: r.os()?,
                    measure: r.os()?,
                    place: r.os()?,
                    within: r.list(In::s)?,
                    whole: r.flag()?,
                    part: r.flag()?,
                    increment: r.flag()?,
                    event: r.os()?,
                    period: r.os()?,
                },
            })
        }))?,
        sentences: r.layer(layers.has(Layers::SENTENCES), |r| r.list(|r| Ok(Span { start: r.n()?, end: r.n()? })))?,
    };
    if r.at != bytes.len() {
        return Err(Bad("bytes after the document"));
    }
    Ok(doc)
}

/// Bytes being written.
struct Out<'a>(&'a mut Vec<u8>);

impl Out<'_> {
    fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    /// An unsigned number as a LEB128 varint.
    fn n(&mut self, n: usize) {
        let mut n = n as u64;
        while n >= 0x80 {
            self.0.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    fn s(&mut self, s: &str) {
        self.n(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn os(&mut self, s: &Option<String>) {
        match s {
            Some(s) => {
                self.byte(1);
                self.s(s);
            }
            None => self.byte(0),
        }
    }

    fn of(&mut self, f: Option<f64>) {
        match f {
            Some(f) => {
                self.byte(1);
                self.0.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            None => self.byte(0),
        }
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.n(items.len());
        for item in items {
            each(self, item);
        }
    }
}

/// Bytes being read.
struct In<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Reading through a layer not kept: strings and lists are checked and
    /// passed, and come back empty.
    skip: bool,
}

impl In<'_> {
    /// A layer read with `read`, kept or only read through.
    fn layer<T>(&mut self, keep: bool, read: impl FnOnce(&mut Self) -> Result<T, Bad>) -> Result<T, Bad> {
        self.skip = !keep;
        let layer = read(self);
        self.skip = false;
        layer
    }

    fn byte(&mut self) -> Result<u8, Bad> {
        let b = *self.bytes.get(self.at).ok_or(Bad("the document is cut short"))?;
        self.at += 1;
        Ok(b)
    }

    fn flag(&mut self) -> Result<bool, Bad> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Bad("a flag is neither 0 nor 1")),
        }
    }

    fn n(&mut self) -> Result<usize, Bad> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return usize::try_from(n).map_err(|_| Bad("a number is too large"));
            }
        }
        Err(Bad("a number is too long"))
    }

    fn s(&mut self) -> Result<String, Bad> {
        let len = self.n()?;
        let end = self.at.checked_add(len).filter(|&e| e <= self.bytes.len()).ok_or(Bad("a string runs past the document"))?;
        let s = std::str::from_utf8(&self.bytes[self.at..end]).map_err(|_| Bad("a string is not UTF-8"))?;
        self.at = end;
        Ok(if self.skip { String::new() } else { s.to_string() })
    }

    fn os(&mut self) -> Result<Option<String>, Bad> {
        Ok(if self.flag()? { Some(self.s()?).filter(|_| !self.skip) } else { None })
    }

    fn of(&mut self) -> Result<Option<f64>, Bad> {
        if !self.flag()? {
            return Ok(None);
        }
        let end = self.at + 8;
        let bits = self.bytes.get(self.at..end).ok_or(Bad("a figure is cut short"))?;
        self.at = end;
        Ok(Some(f64::from_bits(u64::from_le_bytes(bits.try_into().expect("eight bytes")))))
    }

    fn list<T>(&mut self, mut each: impl FnMut(&mut Self) -> Result<T, Bad>) -> Result<Vec<T>, Bad> {
        let len = self.n()?;
        // Every item takes a byte at least: a length beyond what is left is damage.
        if len > self.bytes.len() - self.at {
            return Err(Bad("a list is longer than the document"));
        }
        if self.skip {
            for _ in 0..len {
                each(self)?;
            }
            return Ok(Vec::new());
        }
        // Collected from results, a list would grow by doubling (the
        // count unknown to `collect`): up to half its room left empty.
        let mut items = Vec::with_capacity(len);
        for _ in 0..len {
            items.push(each(self)?);
        }
        Ok(items)
    }
}

/// An enum's variants as bytes, in declaration order, both ways (an
/// exhaustive match, so a variant added must be given a byte).
macro_rules! enum_bytes {
    ($ty:ident, $to:ident, $of:ident, [$($v:ident),+ $(,)?]) => {
        fn $to(v: $ty) -> u8 {
            let all = [$($ty::$v),+];
            match v { $($ty::$v)|+ => all.iter().position(|&a| a == v).expect("a variant") as u8 }
        }
        fn $of(b: u8) -> Result<$ty, Bad> {
            [$($ty::$v),+].get(usize::from(b)).copied().ok_or(Bad(concat!("no ", stringify!($ty), " has this byte")))
        }
    };
}

enum_bytes!(EntityKind, entity_kind, entity_kind_of, [Person, Organization, Place, Group, Other]);
enum_bytes!(Bound, bound_byte, bound_of, [Exact, Approx, AtLeast, AtMost, Range]);
enum_bytes!(TimeKind, time_kind, time_kind_of, [Date, Month, Year, Week, Quarter, Datetime, Period, Duration, Set]);
enum_bytes!(SourceKind, source_kind, source_kind_of, [Person, Organization, Government, Media, Anonymous, Author]);
enum_bytes!(Modality, modality_byte, modality_of, [Asserted, Estimated, Reported, Possible, Hypothetical, Denied]);
enum_bytes!(ClaimTime, claim_time, claim_time_of, [Event, Expected, Report]);
