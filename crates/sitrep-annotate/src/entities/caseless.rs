//! Names where capital letters do not help: Korean, Japanese and Chinese.
//!
//! Hangul, kana and Han have no case, so the capitalised runs of
//! [`super::candidates`] say nothing there. In a document in one of these
//! languages the names are found instead by
//!
//! - places: the generated place names of the language
//!   (`data/lang/<code>/places.tsv`: CLDR territory and city names, GeoNames
//!   alternate names), found by the longest form starting at each
//!   character in unspaced text (Japanese, Chinese; a katakana form not
//!   inside a longer katakana word) or as a word without its particle, or
//!   before a region word (Korean "쿠르스크주에서"), and keyed to their
//!   English name, so that "북한", "北朝鮮" and "Nordkorea" all name North
//!   Korea;
//! - persons: a name right before a title or honorific ("이성권 의원",
//!   "ライダー報道官", "普京总统") or, in Chinese, right after one
//!   ("总统泽连斯基"), from the language's `entities.tsv`; a name the
//!   names table knows ("젤렌스키" → Volodymyr Zelensky) takes its English
//!   name; the name's other mentions in the document follow;
//! - organisations: the bodies and the ends of bodies' names of the same
//!   file ("국방부", "国防総省", "通讯社"), with a place named right before
//!   them ("우크라이나 국방부", "韩国国防部").
//!
//! The places of the other pack languages (de, fr, es, ...) name a
//! capitalised place the finder found in English ([`english_place`]).

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

use sitrep_core::{EntityKind, Span};
use sitrep_lang::names::{name_spans, rows};

use super::candidates::{Candidate, Named, Strength};
use crate::tokens::Token;

/// The generated place names of every pack language.
macro_rules! places {
    ($($code:literal),* $(,)?) => {
        [$(($code, include_str!(concat!("../../data/lang/", $code, "/places.tsv")))),*]
    };
}

const PLACE_FILES: [(&str, &str); 11] = places!("de", "fr", "es", "it", "pt", "pl", "uk", "ru", "ko", "ja", "zh");

/// The name marks of the caseless languages: titles, bodies, words ending a name.
const MARK_FILES: [(&str, &str); 3] = [
    ("ko", include_str!("../../data/lang/ko/entities.tsv")),
    ("ja", include_str!("../../data/lang/ja/entities.tsv")),
    ("zh", include_str!("../../data/lang/zh/entities.tsv")),
];

/// One language's place names: form (lower case) → English name.
struct Places {
    forms: HashMap<&'static str, &'static str>,
    /// The longest form, in characters.
    longest: usize,
}

static PLACES: LazyLock<Vec<(&'static str, Places)>> = LazyLock::new(|| {
    PLACE_FILES
        .iter()
        .map(|&(code, data)| {
            let mut forms = HashMap::new();
            let mut longest = 0;
            for (english, rest) in rows(data) {
                let form = rest.split('\t').next().unwrap_or_default();
                if !form.is_empty() {
                    longest = longest.max(form.chars().count());
                    forms.insert(form, english);
                }
            }
            if MARK_FILES.iter().any(|(c, _)| *c == code) {
                // The hand-written names table's countries and capitals (the
                // rows with an adjective) in a caseless script, where the
                // generated names lack a spelling ("키이우").
                for (english, rest) in rows(NAMES_TSV) {
                    let mut fields = rest.split('\t');
                    let (forms_field, adjective) = (fields.next().unwrap_or_default(), fields.next().unwrap_or_default());
                    if adjective.trim().is_empty() {
                        continue;
                    }
                    for form in forms_field.split(" | ").map(str::trim).filter(|f| f.chars().count() >= 2 && f.chars().all(caseless)) {
                        if !forms.contains_key(form) {
                            longest = longest.max(form.chars().count());
                            forms.insert(form, TITLED.iter().find(|(e, _)| *e == english).map_or(english, |(_, t)| t.as_str()));
                        }
                    }
                }
            }
            (code, Places { forms, longest })
        })
        .collect()
});

/// The names table (`data/lang/names.tsv`), whose countries and capitals add to the places.
const NAMES_TSV: &str = include_str!("../../data/lang/names.tsv");

/// The English names of the names table, in title case ("kyiv" → "Kyiv").
static TITLED: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| rows(NAMES_TSV).map(|(e, _)| (e, title_case(e))).collect());

fn places(language: &str) -> Option<&'static Places> {
    PLACES.iter().find(|(code, _)| *code == language).map(|(_, p)| p)
}

/// The English name of a place a document in `language` names `name`
/// ("Nordkorea" in German → "North Korea"), if the language's place names
/// know it.
pub fn english_place(language: &str, name: &str) -> Option<&'static str> {
    places(language)?.forms.get(name.to_lowercase().as_str()).copied()
}

/// Whether `language` has place names to name its places in English.
pub fn has_places(language: &str) -> bool {
    places(language).is_some()
}

/// A word of a role: the whole word, or (`*x`) any word ending with it.
#[derive(Debug, Clone, Copy)]
enum Form {
    Word(&'static str),
    Tail(&'static str),
}

impl Form {
    fn text(self) -> &'static str {
        match self {
            Form::Word(w) | Form::Tail(w) => w,
        }
    }

    /// Whether the word `w` is this form.
    fn is(self, w: &str) -> bool {
        match self {
            Form::Word(x) => w == x,
            Form::Tail(x) => w.ends_with(x),
        }
    }

    /// Whether `w` names a body by this form: a tail names one only at the end
    /// of a longer word ("한국정부", not the bare "정부": a government).
    fn names(self, w: &str) -> bool {
        match self {
            Form::Word(x) => w == x,
            Form::Tail(x) => w.len() > x.len() && w.ends_with(x),
        }
    }
}

/// The name marks of one caseless language (`data/lang/<code>/entities.tsv`).
struct Marks {
    titles_after: Vec<Form>,
    titles_before: Vec<Form>,
    honorifics: Vec<&'static str>,
    orgs: Vec<Form>,
    name_ends: Vec<&'static str>,
    not_names: Vec<&'static str>,
    place_suffixes: Vec<&'static str>,
    /// One-character words before a title that are no name ("元首相": former prime minister).
    title_prefixes: Vec<&'static str>,
}

static MARKS: LazyLock<Vec<(&'static str, Marks)>> = LazyLock::new(|| {
    MARK_FILES
        .iter()
        .map(|&(code, data)| {
            let role = |name: &str| -> Vec<&'static str> {
                let mut out: Vec<&'static str> = rows(data).filter(|(r, _)| *r == name).flat_map(|(_, f)| f.split_whitespace()).collect();
                out.sort_by_key(|w| std::cmp::Reverse(w.len()));
                out
            };
            let forms = |name: &str| -> Vec<Form> {
                role(name).into_iter().map(|w| w.strip_prefix('*').map_or(Form::Word(w), Form::Tail)).collect()
            };
            let marks = Marks {
                titles_after: forms("title_after"),
                titles_before: forms("title_before"),
                honorifics: role("honorific"),
                orgs: [forms("org"), forms("org_tail")].concat(),
                name_ends: role("name_end"),
                not_names: role("not_name"),
                place_suffixes: role("place_suffix"),
                title_prefixes: role("title_prefix"),
            };
            (code, marks)
        })
        .collect()
});

/// Whether `c` is a letter of a script without case written in runs
/// (Hangul, kana, Han).
pub fn caseless(c: char) -> bool {
    is_hangul(c) || is_kana(c) || is_han(c)
}

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{ac00}'..='\u{d7af}' | '\u{1100}'..='\u{11ff}' | '\u{3130}'..='\u{318f}')
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}')
}

/// Katakana and its long-vowel and separating marks ("ライダー", "ジョン・カービー").
fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30a0}'..='\u{30ff}')
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Whether names in `language` are found here (a caseless language with name marks).
pub fn applies(language: Option<&str>) -> bool {
    language.is_some_and(|l| MARKS.iter().any(|(code, _)| *code == l))
}

/// The name candidates of a text in a caseless `language`; none for another language.
pub fn candidates(text: &str, toks: &[Token], sentences: &[Span], language: &str) -> Vec<Candidate> {
    let (Some(marks), Some(places)) = (MARKS.iter().find(|(c, _)| *c == language).map(|(_, m)| m), places(language)) else {
        return Vec::new();
    };
    let mut out = match crate::lang::pack(Some(language)) {
        Some(pack) if pack.unspaced => unspaced(text, toks, marks, places),
        Some(pack) => spaced(text, toks, sentences, marks, places, pack),
        None => Vec::new(),
    };
    repeat_persons(text, toks, &mut out);
    known_persons(text, toks, &mut out);
    // One name a stretch of text: the first, and the longest of those starting together.
    out.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end)));
    let mut end = 0;
    out.retain(|c| {
        let free = c.span.start >= end;
        end = end.max(c.span.end);
        free
    });
    bodies(text, &mut out);
    out
}

/// Whether the names table's English name is a person's: two words or
/// more, opening with a given or family name of the English lexicons, and
/// no place or body ("kim jong un", not "north korea").
fn is_person_name(english: &str) -> bool {
    use super::lexicon::{tags, COUNTRY, GIVEN, ORG, PLACE, WORLD_SURNAME};
    let first = english.split(' ').next().unwrap_or_default();
    english.contains(' ') && tags(first) & (GIVEN | WORLD_SURNAME) != 0 && tags(english) & (PLACE | COUNTRY | ORG) == 0
}

/// The persons the names table knows, named without a title ("普京曾致信金正恩").
fn known_persons(text: &str, toks: &[Token], out: &mut Vec<Candidate>) {
    let mut more = Vec::new();
    for (english, at, end) in name_spans(text) {
        if !text[at..end].chars().all(caseless) || !is_person_name(english) || out.iter().any(|o| o.span.start < end && at < o.span.end) {
            continue;
        }
        let k = toks.partition_point(|t| t.end <= at);
        // In spaced text the name opens its word ("김정은의").
        if toks.get(k).is_none_or(|t| t.start > at || t.end < end || t.start != at && text[t.start..at].chars().any(is_hangul)) {
            continue;
        }
        let english = title_case(english);
        more.push(candidate(k, Span::new(at, end), EntityKind::Person, Strength::Cue, english.to_lowercase(), Some(english)));
    }
    out.extend(more);
}

/// Bodies named twice: an abbreviation in brackets right after the full
/// name ("국가정보원(국정원)") is its acronym, and the head of a longer name
/// named alone ("정보총국" after "우크라이나 국방부 정보총국") is the same
/// body. `out` is in text order.
fn bodies(text: &str, out: &mut Vec<Candidate>) {
    let mut k = 0;
    while k + 1 < out.len() {
        let (a, b) = (&out[k], &out[k + 1]);
        let between = text[a.span.end..b.span.start].trim();
        let closes = text[b.span.end..].trim_start().starts_with([')', '）']);
        if a.kind == EntityKind::Organization && b.kind == EntityKind::Organization && matches!(between, "(" | "（") && closes && a.acronym.is_none() {
            out[k].acronym = Some(b.span);
            out.remove(k + 1);
        }
        k += 1;
    }
    let full: Vec<(String, Option<Box<Named>>)> =
        out.iter().filter(|c| c.kind == EntityKind::Organization).map(|c| (c.span.slice(text).to_string(), c.named.clone())).collect();
    for c in out.iter_mut().filter(|c| c.kind == EntityKind::Organization) {
        let name = c.span.slice(text);
        if let Some((_, key)) = full.iter().filter(|(f, _)| f.len() > name.len() && f.ends_with(name)).max_by_key(|(f, _)| f.len()) {
            c.named.clone_from(key);
        }
    }
}

/// A candidate inside token `k`.
fn candidate(k: usize, span: Span, kind: EntityKind, strength: Strength, key: String, english: Option<String>) -> Candidate {
    Candidate { span, first: k, last: k, kind, strength, role: None, acronym: None, named: Some(Box::new(Named { key, english })) }
}

/// The English name the names table gives a person's name ("젤렌스키" →
/// "Volodymyr Zelensky"), when a form of it spans the whole name.
fn english_person(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    let (english, at, _) = name_spans(&lower).into_iter().find(|&(_, _, end)| end == lower.len())?;
    (at == 0 || lower[..at].ends_with(' ')).then(|| title_case(english))
}

/// "volodymyr zelensky" → "Volodymyr Zelensky".
fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn person(k: usize, span: Span, text: &str, role: Option<Span>) -> Candidate {
    let name = span.slice(text);
    let english = english_person(name);
    // "ジョン・スミス": the words of a katakana name, so "スミス" alone joins it.
    let key = english.as_deref().map_or_else(|| name.replace(['・', '＝'], " "), str::to_lowercase);
    Candidate { role, ..candidate(k, span, EntityKind::Person, Strength::Sure, key, english) }
}

fn place(k: usize, span: Span, english: &str) -> Candidate {
    candidate(k, span, EntityKind::Place, Strength::Sure, english.to_lowercase(), Some(english.to_string()))
}

fn org(k: usize, span: Span, text: &str) -> Candidate {
    candidate(k, span, EntityKind::Organization, Strength::Sure, span.slice(text).to_string(), None)
}

/// Korean: words separated by spaces, each with the particle it ends with.
fn spaced(text: &str, toks: &[Token], sentences: &[Span], marks: &Marks, places: &Places, pack: &crate::lang::Pack) -> Vec<Candidate> {
    let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
    let hangul = |k: usize| words[k].chars().all(is_hangul);
    // What each word names, without its particle: a place or a body.
    let place_of = |k: usize| -> Option<(&'static str, usize)> {
        let bare = pack.bare(words[k]);
        for w in [words[k], bare] {
            if let Some(&english) = places.forms.get(w) {
                return Some((english, w.len()));
            }
            // "쿠르스크주", "쿠르스크지역": a place and its region word.
            for s in &marks.place_suffixes {
                if let Some(&english) = w.strip_suffix(s).and_then(|p| places.forms.get(p)) {
                    return Some((english, w.len() - s.len()));
                }
            }
        }
        None
    };
    let org_len = |k: usize| -> Option<usize> {
        let bare = pack.bare(words[k]);
        [words[k], bare].into_iter().find(|w| marks.orgs.iter().any(|f| f.names(w)) && !marks.not_names.contains(w)).map(str::len)
    };
    let title_len = |k: usize| -> Option<usize> {
        let bare = pack.bare(words[k]);
        [words[k], bare].into_iter().find(|w| marks.titles_after.iter().any(|f| f.is(w))).map(str::len)
    };
    let plain = |k: usize| hangul(k) && !marks.not_names.contains(&words[k]) && place_of(k).is_none() && org_len(k).is_none() && title_len(k).is_none();
    let opens = |k: usize| k == 0 || !toks[k - 1].is_word() || sentences.iter().any(|s| s.start == toks[k].start);
    let mut out: Vec<Candidate> = Vec::new();
    for k in 0..toks.len() {
        if !hangul(k) {
            continue;
        }
        let start = toks[k].start;
        if let Some(len) = org_len(k) {
            // "우크라이나 국방부 정보총국": places and bodies before it, without particles, are part of its name.
            let mut first = k;
            while first > 0 && hangul(first - 1) && (place_of(first - 1).is_some_and(|(_, l)| l == words[first - 1].len()) || org_len(first - 1) == Some(words[first - 1].len())) {
                first -= 1;
            }
            while out.last().is_some_and(|c| c.first >= first) {
                out.pop();
            }
            let mut c = org(k, Span::new(toks[first].start, start + len), text);
            c.first = first;
            out.push(c);
            continue;
        }
        if let Some((english, len)) = place_of(k) {
            out.push(place(k, Span::new(start, start + len), english));
            continue;
        }
        let Some(len) = title_len(k) else { continue };
        // The name before the title, past a place or a body without particle ("김정은 북한 국무위원장").
        let mut j = k;
        let mut skipped = 0;
        while j > 0 && skipped < 2 && hangul(j - 1) && (place_of(j - 1).is_some_and(|(_, l)| l == words[j - 1].len()) || org_len(j - 1) == Some(words[j - 1].len())) {
            j -= 1;
            skipped += 1;
        }
        if j == 0 || !plain(j - 1) || !(2..=5).contains(&words[j - 1].chars().count()) || !text[toks[j - 1].end..toks[j].start].trim().is_empty() {
            continue;
        }
        let mut first = j - 1;
        // A given name before it opens the clause ("볼라디미르 젤렌스키 우크라이나 대통령이", "존 커비 보좌관은")
        // or follows another's title with its particle ("대통령은 올렉산드르 시르스키 총사령관과"); not
        // before a name the names table knows, which names the person in full.
        let after_title = |g: usize| g > 0 && hangul(g - 1) && pack.bare(words[g - 1]) != words[g - 1] && title_len(g - 1).is_some();
        let known = english_person(words[first]).is_some();
        if first > 0 && !known && plain(first - 1) && words[first - 1].chars().count() <= 5 && (opens(first - 1) || after_title(first - 1)) && text[toks[first - 1].end..toks[first].start] == *" " {
            first -= 1;
        }
        let title = &words[k][..len];
        let role = (!marks.honorifics.contains(&title)).then(|| Span::new(start, start + len));
        let mut c = person(j - 1, Span::new(toks[first].start, toks[j - 1].end), text, role);
        c.first = first;
        out.push(c);
    }
    out
}

/// Japanese and Chinese: names inside runs of text without spaces.
fn unspaced(text: &str, toks: &[Token], marks: &Marks, places: &Places) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (k, t) in toks.iter().enumerate() {
        let s = t.text(text);
        if !s.chars().any(caseless) {
            continue;
        }
        let base = t.start;
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let byte = |i: usize| chars.get(i).map_or(s.len(), |&(b, _)| b);
        // Bodies, then places between them: the longest form at each
        // character, left to right ("米国防総省" is the Pentagon, not 米国).
        let mut found: Vec<(usize, usize, Option<&'static str>)> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match marks.orgs.iter().find(|f| s[byte(i)..].starts_with(f.text())) {
                Some(f) => {
                    let n = f.text().chars().count();
                    found.push((i, i + n, None));
                    i += n;
                }
                None => i += 1,
            }
        }
        let bodies = found.len();
        let mut i = 0;
        while i < chars.len() {
            let room = (0..bodies).map(|f| found[f].0).filter(|&a| a >= i).min().unwrap_or(chars.len()) - i;
            if found[..bodies].iter().any(|&(a, b, _)| a <= i && i < b) {
                i += 1;
                continue;
            }
            let mut n = places.longest.min(room);
            while n >= 2 {
                let form = &s[byte(i)..byte(i + n)];
                if let Some(&english) = places.forms.get(form) {
                    let katakana = form.chars().all(is_katakana);
                    let inside = katakana && (i > 0 && is_katakana(chars[i - 1].1) || chars.get(i + n).is_some_and(|&(_, c)| is_katakana(c)));
                    if !inside {
                        found.push((i, i + n, Some(english)));
                        break;
                    }
                }
                n -= 1;
            }
            i += if n >= 2 { n } else { 1 };
        }
        found.sort_unstable();
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut f = 0;
        while f < found.len() {
            let (a, b, english) = found[f];
            match english {
                // "韩国国防部": a body with the country named right before it.
                Some(_) if found.get(f + 1).is_some_and(|&(a2, _, e2)| a2 == b && e2.is_none()) => {
                    let b2 = found[f + 1].1;
                    out.push(org(k, Span::new(base + byte(a), base + byte(b2)), text));
                    taken.push((a, b2));
                    f += 2;
                    continue;
                }
                Some(english) => out.push(place(k, Span::new(base + byte(a), base + byte(b)), english)),
                None => out.push(org(k, Span::new(base + byte(a), base + byte(b)), text)),
            }
            taken.push((a, b));
            f += 1;
        }
        // Persons: a name before a title, or (Chinese) after one.
        let free = |i: usize| !taken.iter().any(|&(a, b)| a <= i && i < b);
        let ends_name = |i: usize| marks.name_ends.iter().any(|e| s[byte(i)..].starts_with(e)) || !caseless(chars[i].1) || !free(i);
        let mut i = 0;
        while i < chars.len() {
            let rest = &s[byte(i)..];
            let after = marks.titles_after.iter().find(|f| rest.starts_with(f.text()));
            let before = marks.titles_before.iter().find(|f| rest.starts_with(f.text()));
            let Some(title) = after.or(before).filter(|_| free(i)) else {
                i += 1;
                continue;
            };
            let n = title.text().chars().count();
            let role = (!marks.honorifics.contains(&title.text())).then(|| Span::new(base + byte(i), base + byte(i + n)));
            if after.is_some() {
                if let Some((a, end)) = name_before(s, &chars, i, marks, &free, &ends_name) {
                    // "ジョン・スミス": a katakana name goes on across its dot into the tokens before.
                    let (first, start) = if a == 0 && is_katakana(chars[0].1) { katakana_before(text, toks, k) } else { (k, base + byte(a)) };
                    let mut c = person(k, Span::new(start, base + byte(end)), text, role);
                    c.first = first;
                    out.push(c);
                    i += n;
                    continue;
                }
            }
            // After a title written before names (`title_before`: Chinese), up to a word ending a name.
            let mut b = i + n;
            while before.is_some() && b < chars.len() && b - (i + n) < 5 && is_han(chars[b].1) && !ends_name(b) {
                b += 1;
            }
            if b - (i + n) >= 2 {
                out.push(person(k, Span::new(base + byte(i + n), base + byte(b)), text, role));
                i = b;
                continue;
            }
            i += n;
        }
    }
    out
}

/// Where a katakana name that opens token `k` starts: back across the
/// dots joining its words ("ジョン・スミス"), as the first token and byte.
fn katakana_before(text: &str, toks: &[Token], k: usize) -> (usize, usize) {
    let mut first = k;
    while first >= 2 && matches!(toks[first - 1].text(text), "・" | "＝" | "=") && toks[first - 2].end == toks[first - 1].start && toks[first - 1].end == toks[first].start && toks[first - 2].text(text).chars().all(is_katakana) {
        first -= 2;
    }
    (first, toks[first].start)
}

/// The characters of the name right before a title at character `i` of
/// `s`, past a word such as "former" ("元首相"): a katakana name, or two to
/// four Han characters.
fn name_before(s: &str, chars: &[(usize, char)], i: usize, marks: &Marks, free: &dyn Fn(usize) -> bool, ends_name: &dyn Fn(usize) -> bool) -> Option<(usize, usize)> {
    let byte = |i: usize| chars.get(i).map_or(s.len(), |&(b, _)| b);
    let mut end = i;
    while end > 0 && marks.title_prefixes.iter().any(|w| s[..byte(end)].ends_with(w)) {
        end -= 1;
    }
    let mut a = end;
    if a > 0 && is_katakana(chars[a - 1].1) {
        while a > 0 && is_katakana(chars[a - 1].1) && free(a - 1) {
            a -= 1;
        }
    } else {
        while a > 0 && end - a < 4 && is_han(chars[a - 1].1) && !ends_name(a - 1) && !marks.name_ends.iter().any(|e| s[..byte(a)].ends_with(e)) {
            a -= 1;
        }
    }
    (end - a >= 2 && !marks.not_names.contains(&&s[byte(a)..byte(end)])).then_some((a, end))
}

/// A person's name named again without a title ("젤렌스키는", "普京访问"):
/// every other free occurrence of the name joins the person.
fn repeat_persons(text: &str, toks: &[Token], out: &mut Vec<Candidate>) {
    let mut names: Vec<(String, Candidate)> = out
        .iter()
        .filter(|c| c.kind == EntityKind::Person && c.first == c.last)
        .map(|c| (c.span.slice(text).to_string(), c.clone()))
        .filter(|(n, _)| n.chars().count() >= 2)
        .collect();
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    names.dedup_by(|a, b| a.0 == b.0);
    let mut more = Vec::new();
    for (name, c) in &names {
        for (at, _) in text.match_indices(name.as_str()) {
            let span = Span::new(at, at + name.len());
            if out.iter().chain(more.iter()).any(|o: &Candidate| o.span.start < span.end && span.start < o.span.end) {
                continue;
            }
            let k = toks.partition_point(|t| t.end <= at);
            if toks.get(k).is_none_or(|t| t.start > at || t.end < span.end) {
                continue;
            }
            // A spaced name stands at the start of its word ("젤렌스키는").
            if toks[k].start != at && text[toks[k].start..at].chars().all(is_hangul) && !text[toks[k].start..at].is_empty() {
                continue;
            }
            more.push(Candidate { span, first: k, last: k, role: None, strength: Strength::Cue, ..c.clone() });
        }
    }
    out.extend(more);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marks_and_places_of_each_language_are_read_from_the_data_files() {
        for code in ["ko", "ja", "zh"] {
            let m = &MARKS.iter().find(|(c, _)| *c == code).unwrap().1;
            assert!(!m.titles_after.is_empty() && !m.orgs.is_empty(), "{code}");
        }
        assert_eq!(english_place("de", "Nordkorea"), Some("North Korea"));
        assert_eq!(english_place("ko", "북한"), Some("North Korea"));
        assert_eq!(english_place("zh", "朝鲜"), Some("North Korea"));
        assert_eq!(english_place("en", "North Korea"), None);
        assert!(places("fr").is_some_and(|p| p.longest > 5));
    }

    #[test]
    fn caseless_letters() {
        assert!(caseless('북') && caseless('ロ') && caseless('朝'));
        assert!(!caseless('a') && !caseless('1') && !caseless('、'));
        assert_eq!(title_case("kim jong un"), "Kim Jong Un");
    }
}
