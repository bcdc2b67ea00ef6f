//! Entities resolved across documents.
//!
//! Every document's entities (already resolved within the document) are
//! joined into corpus entities in four steps:
//!
//! 1. the same name key ([`name_key`]: case, diacritics, hyphens, spaces,
//!    possessives and doubled letters ignored), whatever kind each document
//!    gave it: "Kim Jong Un" = "Kim Jong-un", "Zelenskyy" = "Zelensky";
//!    then a name in another language under its cross-language key
//!    ([`cross_key`]: the pack's titles stripped from its ends, "Präsident
//!    Wolodymyr Selenskyj" → "Wolodymyr Selenskyj"; the English name the
//!    names table gives the rest, else its words rewritten by the pack's
//!    spelling rules, "Selenskyj" → "zelensky"): it joins the name whose
//!    key that is, when one;
//! 2. an acronym joins the full name it stands for, learned from documents
//!    where one entity has both as mentions ("NIS" and "National
//!    Intelligence Service"), else from the initials of the full name's
//!    capitalised words ("National Intelligence Service" → NIS, also after
//!    a possessive: "South Korea's National Intelligence Service"), when
//!    exactly one corpus entity fits;
//! 3. a one-word name that most of its mentions call a person joins the
//!    multi-word person whose last word it is ("Austin" → "Lloyd Austin")
//!    when exactly one such person exists in the corpus;
//! 4. the kind is the one most mentions give; the name is the spelling most
//!    documents use for their fullest name (full names before acronyms,
//!    spellings as written before those joined under a cross-language key,
//!    then longer, then alphabetical); every other spelling is an alias.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use foldhash::{HashMap, HashSet};
use rayon::prelude::*;

use sitrep_text::lists::{list, Words};

use sitrep_core::report::EntitySummary;
use sitrep_core::{Document, EntityKind};

use crate::text::{find, fold, is_acronym, name_key, strip_possessive, union, words};

/// Per language pack: titles stripped from a name's ends and the rules
/// rewriting its words towards English spelling
/// (`crates/sitrep-annotate/data/lang/<code>/translit.tsv`).
const TRANSLIT: &[(&str, &str)] = &[
    ("de", include_str!("../../sitrep-annotate/data/lang/de/translit.tsv")),
    ("fr", include_str!("../../sitrep-annotate/data/lang/fr/translit.tsv")),
    ("es", include_str!("../../sitrep-annotate/data/lang/es/translit.tsv")),
    ("it", include_str!("../../sitrep-annotate/data/lang/it/translit.tsv")),
    ("pt", include_str!("../../sitrep-annotate/data/lang/pt/translit.tsv")),
    ("pl", include_str!("../../sitrep-annotate/data/lang/pl/translit.tsv")),
    ("ru", include_str!("../../sitrep-annotate/data/lang/ru/translit.tsv")),
    ("uk", include_str!("../../sitrep-annotate/data/lang/uk/translit.tsv")),
];

/// Titles of the packs without capitals, after or before a name
/// (`title_after`, `title_before` of `data/lang/<code>/entities.tsv`, a
/// leading `*` a tail: "국방장관").
const CASELESS_TITLES: &[(&str, &str)] = &[
    ("ko", include_str!("../../sitrep-annotate/data/lang/ko/entities.tsv")),
    ("ja", include_str!("../../sitrep-annotate/data/lang/ja/entities.tsv")),
    ("zh", include_str!("../../sitrep-annotate/data/lang/zh/entities.tsv")),
];

/// A pack's spelling: its titles (lower case; a leading `*` a tail) and
/// rewrite rules `(from, to, at start, at end)`, longest first.
#[derive(Default)]
struct Spelling {
    titles: Vec<String>,
    rules: Vec<(String, String, bool, bool)>,
}

static SPELLINGS: LazyLock<HashMap<&'static str, Spelling>> = LazyLock::new(|| {
    let mut out: HashMap<&'static str, Spelling> = HashMap::default();
    for &(code, data) in TRANSLIT.iter().chain(CASELESS_TITLES) {
        let pack = out.entry(code).or_default();
        for (role, rest) in sitrep_lang::names::rows(data) {
            match role {
                "title" | "title_after" | "title_before" => pack.titles.extend(rest.split_whitespace().map(str::to_lowercase)),
                "map" => {
                    let (from, to) = rest.split_once('\t').unwrap_or((rest, ""));
                    let (from, start) = from.strip_prefix('^').map_or((from, false), |f| (f, true));
                    let (from, end) = from.strip_suffix('$').map_or((from, false), |f| (f, true));
                    if !from.is_empty() {
                        pack.rules.push((from.to_string(), to.trim().to_string(), start, end));
                    }
                }
                _ => {}
            }
        }
        pack.rules.sort_by_key(|r| std::cmp::Reverse(r.0.len()));
    }
    out
});

/// Whether `word` (lower case) is one of `titles`.
fn is_title(titles: &[String], word: &str) -> bool {
    titles.iter().any(|t| match t.strip_prefix('*') {
        Some(tail) => word.ends_with(tail),
        None => word == t,
    })
}

/// A name without the titles of language `lang` at its ends ("Präsident
/// Wolodymyr Selenskyj" → "Wolodymyr Selenskyj"); the name itself when it
/// is nothing but titles or the language has no pack.
pub fn without_titles<'a>(name: &'a str, lang: &str) -> &'a str {
    let Some(pack) = SPELLINGS.get(lang) else { return name.trim() };
    let spans: Vec<(usize, &str)> = name.split_whitespace().map(|w| (w.as_ptr() as usize - name.as_ptr() as usize, w)).collect();
    let keep: Vec<&(usize, &str)> = spans.iter().filter(|(_, w)| !is_title(&pack.titles, &w.to_lowercase())).collect();
    let (Some(first), Some(last)) = (keep.first(), keep.last()) else { return name.trim() };
    // Only titles at the ends go: "General Motors" keeps no inner title out.
    let start = spans.iter().position(|s| s.0 == first.0).unwrap_or(0);
    let end = spans.iter().position(|s| s.0 == last.0).unwrap_or(spans.len() - 1);
    if spans[start..=end].iter().any(|(_, w)| is_title(&pack.titles, &w.to_lowercase())) {
        return name.trim();
    }
    &name[first.0..last.0 + last.1.len()]
}

/// One word rewritten by a pack's rules (lower-cased and folded first).
fn respell(word: &str, pack: &Spelling) -> String {
    let w: String = fold(word).to_lowercase();
    let mut out = String::with_capacity(w.len());
    let mut i = 0;
    while i < w.len() {
        let rest = &w[i..];
        let rule = pack.rules.iter().find(|(from, _, start, end)| {
            rest.starts_with(from.as_str()) && (!start || i == 0) && (!end || rest.len() == from.len())
        });
        match rule {
            Some((from, to, _, _)) => {
                out.push_str(to);
                i += from.len();
            }
            None => {
                let c = rest.chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// The key a name of language `lang` goes by across languages: its titles
/// stripped, then the English name of the names table when the rest is
/// one of its forms ("Wolodymyr Selenskyj", "젤렌스키" → "volodymyr
/// zelensky"), else its words respelled by the pack's rules ("Olaf
/// Scholz" stays, "Jens Schulze" → "yens shulze"); keyed by
/// [`name_key`]. English names and languages without a pack keep their
/// key.
pub fn cross_key(name: &str, lang: Option<&str>) -> String {
    let Some(pack) = lang.and_then(|l| SPELLINGS.get(l).map(|p| (l, p))) else { return name_key(name) };
    let bare = without_titles(name, pack.0);
    let lower = bare.to_lowercase();
    let spans = sitrep_lang::names::name_spans(&lower);
    if let [(english, start, end)] = spans.as_slice() {
        if lower[..*start].trim().is_empty() && lower[*end..].trim().is_empty() {
            return name_key(english);
        }
    }
    let respelled: Vec<String> = words(bare).iter().map(|w| respell(w, pack.1)).collect();
    name_key(&respelled.join(" "))
}

/// Corpus entities and how to find the one a document's entity belongs to.
pub struct Resolved {
    /// Sorted by mentions, then documents, then name.
    pub entities: Vec<EntitySummary>,
    /// Per document: entity id → index into `entities`.
    by_doc: ByDoc,
    /// Name key of every spelling → index into `entities`, when unique.
    by_key: HashMap<String, usize>,
}

impl Resolved {
    /// The corpus entities, the look-ups freed.
    pub fn into_entities(self) -> Vec<EntitySummary> {
        self.entities
    }

    /// The corpus entity of entity `id` of document `doc`.
    pub fn of(&self, doc: usize, id: &str) -> Option<&EntitySummary> {
        self.by_doc.get(doc, id).map(|i| &self.entities[i])
    }

    /// The corpus entity a name refers to, if any spelling of exactly one
    /// entity has the same key.
    pub fn by_name(&self, name: &str) -> Option<&EntitySummary> {
        self.by_key.get(&name_key(name)).map(|&i| &self.entities[i])
    }

    /// [`Resolved::by_name`] for a name written in language `lang`, else
    /// the entity whose key is the name's [`cross_key`] ("Präsident
    /// Wolodymyr Selenskyj" → Volodymyr Zelensky).
    /// Failing that, a name the names table reads as one person or body
    /// beside places, with at most a given name before it ("볼라디미르
    /// 젤렌스키 우크라이나 대통령", "Украины Владимир Зеленский"), in a
    /// language with a pack.
    pub fn by_name_in(&self, name: &str, lang: Option<&str>) -> Option<&EntitySummary> {
        self.by_name(name)
            .or_else(|| self.by_key.get(&cross_key(name, lang)).map(|&i| &self.entities[i]))
            .or_else(|| self.named_beside_places(without_titles(name, lang.filter(|l| SPELLINGS.contains_key(l))?)))
    }

    fn named_beside_places(&self, bare: &str) -> Option<&EntitySummary> {
        let lower = bare.to_lowercase();
        let mut spans = sitrep_lang::names::name_spans(&lower);
        spans.sort_by_key(|s| s.1);
        let entity = |english: &str| self.by_key.get(&name_key(english)).copied();
        let mut found: Option<(usize, usize)> = None;
        for &(english, start, _) in &spans {
            let i = entity(english)?;
            if self.entities[i].kind != EntityKind::Place {
                if found.is_some_and(|(j, _)| j != i) {
                    return None;
                }
                found = Some((i, start));
            }
        }
        let (i, at) = found?;
        // What the spans leave (a stem's span runs to its word's end):
        // nothing, or one word right before the one.
        let mut left = String::new();
        let mut last = 0;
        for &(_, start, end) in &spans {
            if start >= last {
                left.push_str(&lower[last..start]);
                left.push('|');
                last = lower[end..].find(|c: char| !c.is_alphanumeric()).map_or(lower.len(), |n| end + n);
            }
        }
        left.push_str(&lower[last..]);
        let before = lower[..at].split_whitespace().last().unwrap_or_default();
        let rest: Vec<&str> = left.split(|c: char| c == '|' || c.is_whitespace()).filter(|w| !w.is_empty()).collect();
        match rest.as_slice() {
            [] => Some(&self.entities[i]),
            [one] if *one == before && !spans.iter().any(|s| s.1 < at && s.2 > at - before.len() - 1) => Some(&self.entities[i]),
            _ => None,
        }
    }

    /// The organisation a description of a government body refers to:
    /// "South Korea's intelligence agency", "Seoul's spy service" →
    /// the one organisation whose name holds the same function word
    /// ("National Intelligence Service") named in the same document. None
    /// when the description has no function word, or the document names no
    /// such organisation or several: a name only other documents use is
    /// never given to a document's source.
    pub fn described(&self, doc: usize, description: &str) -> Option<&EntitySummary> {
        let folded = fold(description);
        let stem = FUNCTION_WORDS.iter().find(|(w, _)| folded.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w))?.1;
        let fits = |i: &usize| {
            let e = &self.entities[*i];
            e.kind == EntityKind::Organization && fold(&e.name).split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(stem))
        };
        let mut here: Vec<usize> = self.by_doc.of(doc).filter(fits).collect();
        here.sort_unstable();
        here.dedup();
        match here.as_slice() {
            [one] => Some(&self.entities[*one]),
            _ => None,
        }
    }
}

/// Each document's entity ids and the corpus entity each is in
/// ([`Resolved::of`]), flat: a map per document took a table and a string
/// for every entity it names (about 400 bytes a document of six
/// entities; here 8 bytes and the id's letters an entity).
struct ByDoc {
    /// Where each document's rows start in `rows`, and where the last ends.
    starts: Vec<u32>,
    /// The rows' entity ids (each document's own, `Entity::id`), one after
    /// the other.
    ids: String,
    /// Each row: where its id ends in `ids`, and its corpus entity. A
    /// document's rows are sorted by id, each id once.
    rows: Vec<(u32, u32)>,
}

impl ByDoc {
    /// From `(document, entity id, corpus entity)` rows of `docs`
    /// documents, in any order: of an id a document has twice, the last
    /// corpus entity.
    fn new(docs: usize, mut rows: Vec<(usize, &str, usize)>) -> ByDoc {
        rows.par_sort_unstable_by(|a, b| (a.0, a.1, std::cmp::Reverse(a.2)).cmp(&(b.0, b.1, std::cmp::Reverse(b.2))));
        rows.dedup_by(|next, kept| (next.0, next.1) == (kept.0, kept.1));
        let mut by = ByDoc { starts: Vec::with_capacity(docs + 1), ids: String::new(), rows: Vec::with_capacity(rows.len()) };
        let mut next = rows.iter().peekable();
        for doc in 0..docs {
            by.starts.push(by.rows.len() as u32);
            while let Some((_, id, entity)) = next.next_if(|r| r.0 == doc) {
                by.ids.push_str(id);
                by.rows.push((by.ids.len() as u32, *entity as u32));
            }
        }
        by.starts.push(by.rows.len() as u32);
        by
    }

    /// The rows of document `doc`: each with its entity id.
    fn rows(&self, doc: usize) -> impl Iterator<Item = (&str, usize)> + '_ {
        let range = match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        };
        range.map(move |r| {
            let start = if r == 0 { 0 } else { self.rows[r - 1].0 as usize };
            let (end, entity) = self.rows[r];
            (&self.ids[start..end as usize], entity as usize)
        })
    }

    /// The corpus entity of entity `id` of document `doc`.
    fn get(&self, doc: usize, id: &str) -> Option<usize> {
        self.rows(doc).find(|(i, _)| *i == id).map(|(_, e)| e)
    }

    /// The corpus entities of document `doc`'s entities.
    fn of(&self, doc: usize) -> impl Iterator<Item = usize> + '_ {
        self.rows(doc).map(|(_, e)| e)
    }
}

/// Words that both describe a government body and appear in its name, with
/// the stem its name holds: "spy agency" and "Intelligence Service".
const FUNCTION_WORDS: &[(&str, &str)] = &[
    ("intelligence", "intelligence"),
    ("spy", "intelligence"),
    ("defence", "defen"),
    ("defense", "defen"),
    ("foreign", "foreign"),
    ("interior", "interior"),
    ("police", "police"),
];

/// Function words left out of a name's initials (`data/lang/en/words.txt`).
static INITIAL_SKIP: Words = LazyLock::new(|| list(crate::WORDS, "initial_skip"));

/// The initials of a name's capitalised words ("National Intelligence
/// Service" → "NIS"); `None` for one-word names.
fn initials(name: &str) -> Option<String> {
    let ws: Vec<&str> = words(name).into_iter().filter(|w| !INITIAL_SKIP.contains(w)).collect();
    if ws.len() < 2 || !ws.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase)) {
        return None;
    }
    Some(ws.iter().filter_map(|w| w.chars().next()).collect())
}

/// An acronym's letters, folded, every one kept: "CNN" is not "CN" (the
/// initials of "CBS News"), as [`name_key`]'s squeezed runs would make it.
fn letters(acronym: &str) -> String {
    words(acronym).iter().map(|w| fold(w)).collect()
}

/// A name after its possessive owner: "South Korea's National Intelligence
/// Service" → "National Intelligence Service".
fn after_possessive(name: &str) -> Option<&str> {
    ["'s ", "’s "].iter().find_map(|p| name.rfind(p).map(|i| name[i + p.len()..].trim()))
}

struct Record<'a> {
    doc: usize,
    entity: &'a sitrep_core::Entity,
    key: String,
    /// [`cross_key`] in the document's language.
    cross: String,
}

/// Resolve the entities of all documents.
pub fn resolve<'a>(docs: &'a [Document]) -> Resolved {
    // Each name's key made once: a large story names the same few
    // entities in thousands of documents.
    let mut names: Vec<&str> = docs.iter().flat_map(|d| d.entities.iter().map(|e| e.name.as_str())).collect();
    names.sort_unstable();
    names.dedup();
    let keys: HashMap<&str, String> = names.par_iter().map(|&n| (n, name_key(n))).collect();
    let records: Vec<Record> = docs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(doc, d)| d.entities.iter().map(move |entity| (doc, entity)))
        .map(|(doc, entity)| {
            let key = keys.get(entity.name.as_str()).cloned().unwrap_or_default();
            let lang = docs[doc].language.as_deref().filter(|l| SPELLINGS.contains_key(l));
            let cross = if lang.is_some() { cross_key(&entity.name, lang) } else { key.clone() };
            Record { doc, entity, key, cross }
        })
        .filter(|r| !r.key.is_empty())
        .collect();
    let mut parent: Vec<usize> = (0..records.len()).collect();

    // 1. Same key.
    let mut first_of_key: HashMap<&str, usize> = HashMap::default();
    for (i, r) in records.iter().enumerate() {
        match first_of_key.get(r.key.as_str()) {
            Some(&j) => union(&mut parent, i, j),
            None => {
                first_of_key.insert(&r.key, i);
            }
        }
    }

    // 1b. Across languages: a name whose cross-language key is the key of
    // one name (or the cross key of names of other languages) joins it.
    let mut first_of_cross: HashMap<&str, usize> = HashMap::default();
    for (i, r) in records.iter().enumerate() {
        if r.cross == r.key || r.cross.is_empty() {
            continue;
        }
        match first_of_key.get(r.cross.as_str()).or_else(|| first_of_cross.get(r.cross.as_str())) {
            Some(&j) => union(&mut parent, i, j),
            None => {
                first_of_cross.insert(&r.cross, i);
            }
        }
    }

    // What steps 2 and 3 read of a spelling, made once per spelling: whether
    // it is an acronym and how many words it has, an acronym's letters.
    let mut shapes: HashMap<&str, (bool, usize)> = HashMap::default();
    let mut shape = |s: &'a str| *shapes.entry(s).or_insert_with(|| (is_acronym(s), words(s).len()));
    let mut spelled: HashMap<&str, String> = HashMap::default();
    let mut letters_of = |s: &'a str| spelled.entry(s).or_insert_with(|| letters(s)).clone();

    // 2. Acronyms: learned pairs, then initials.
    let mut learned: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut by_initials: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // The initials of a name are the same in every document that names it.
    let mut initialled: HashSet<&str> = HashSet::default();
    for r in &records {
        let name = r.entity.name.as_str();
        let spellings = || std::iter::once(name).chain(r.entity.mentions.iter().map(|m| strip_possessive(m.text.trim())));
        let acronyms: Vec<&str> = spellings().filter(|s| shape(s).0).collect();
        if !acronyms.is_empty() {
            if let Some(full) = spellings().find(|s| shape(s).1 >= 2) {
                let full = name_key(full);
                for a in acronyms {
                    learned.entry(letters_of(a)).or_default().insert(full.clone());
                }
            }
        }
        if !shape(name).0 && initialled.insert(name) {
            for form in [Some(name), after_possessive(name)].into_iter().flatten() {
                if let Some(ini) = initials(form) {
                    by_initials.entry(letters(&ini)).or_default().insert(r.key.clone());
                }
            }
        }
    }
    for (i, r) in records.iter().enumerate() {
        if !shape(&r.entity.name).0 {
            continue;
        }
        let acronym = letters_of(&r.entity.name);
        let target = match learned.get(&acronym).filter(|s| s.len() == 1) {
            Some(s) => s.iter().next(),
            None => by_initials.get(&acronym).filter(|s| s.len() == 1).and_then(|s| s.iter().next()),
        };
        if let Some(&j) = target.and_then(|k| first_of_key.get(k.as_str())) {
            union(&mut parent, i, j);
        }
    }

    // 3. Surnames of people.
    let mut surnames: HashMap<&str, String> = HashMap::default();
    let mut by_surname: HashMap<String, BTreeSet<usize>> = HashMap::default();
    for (i, r) in records.iter().enumerate() {
        if r.entity.kind == EntityKind::Person && shape(&r.entity.name).1 >= 2 {
            let surname = surnames.entry(&r.entity.name).or_insert_with(|| words(&r.entity.name).last().map(|w| name_key(w)).unwrap_or_default()).clone();
            let root = find(&mut parent, i);
            by_surname.entry(surname).or_default().insert(root);
        }
    }
    // Only groups of one-word names that most mentions call a person.
    let mut votes: HashMap<usize, (usize, usize, bool)> = HashMap::default();
    for (i, r) in records.iter().enumerate() {
        let root = find(&mut parent, i);
        let v = votes.entry(root).or_insert((0, 0, true));
        let count = r.entity.mentions.len().max(1);
        if r.entity.kind == EntityKind::Person {
            v.0 += count;
        } else {
            v.1 += count;
        }
        v.2 &= shape(&r.entity.name).1 == 1;
    }
    for (i, r) in records.iter().enumerate() {
        let root = find(&mut parent, i);
        if !votes.get(&root).is_some_and(|&(person, other, one_word)| one_word && person >= other) {
            continue;
        }
        if let Some(roots) = by_surname.get(&r.key).filter(|s| s.len() == 1) {
            let target = *roots.iter().next().unwrap_or(&i);
            union(&mut parent, i, target);
        }
    }

    // 4. Build the corpus entities.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..records.len() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = groups.into_values().collect();
    let mut built: Vec<(EntitySummary, Vec<usize>)> =
        groups.into_par_iter().map(|members| (summarise(docs, &records, &members), members)).collect();
    built.sort_by(|(a, _), (b, _)| {
        b.mentions.cmp(&a.mentions).then(b.docs.len().cmp(&a.docs.len())).then(a.name.cmp(&b.name))
    });

    let mut rows = Vec::with_capacity(records.len());
    let mut key_owners: HashMap<String, BTreeSet<usize>> = HashMap::default();
    for (index, (summary, members)) in built.iter().enumerate() {
        rows.extend(members.iter().map(|&m| (records[m].doc, records[m].entity.id.as_str(), index)));
        for spelling in std::iter::once(&summary.name).chain(summary.aliases.iter()) {
            key_owners.entry(name_key(spelling)).or_default().insert(index);
        }
    }
    let by_key = key_owners
        .into_iter()
        .filter(|(k, s)| !k.is_empty() && s.len() == 1)
        .filter_map(|(k, s)| s.into_iter().next().map(|i| (k, i)))
        .collect();
    let by_doc = ByDoc::new(docs.len(), rows);
    Resolved { entities: built.into_iter().map(|(s, _)| s).collect(), by_doc, by_key }
}

fn summarise(docs: &[Document], records: &[Record], members: &[usize]) -> EntitySummary {
    let mut kind_votes: BTreeMap<EntityKind, usize> = BTreeMap::new();
    // Per spelling: whether a document gave it as is (no title stripped,
    // no respelling towards English), and how many documents.
    let mut name_votes: BTreeMap<&str, (bool, usize)> = BTreeMap::new();
    let mut spellings: BTreeSet<String> = BTreeSet::new();
    let mut doc_ids: Vec<usize> = Vec::new();
    let mut roles: Vec<String> = Vec::new();
    let mut role_keys: BTreeSet<String> = BTreeSet::new();
    let mut mentions = 0;
    for &m in members {
        let r = &records[m];
        let count = r.entity.mentions.len().max(1);
        mentions += count;
        *kind_votes.entry(r.entity.kind).or_default() += count;
        let vote = name_votes.entry(r.entity.name.trim()).or_default();
        vote.0 |= r.cross == r.key;
        vote.1 += 1;
        // A spelling is copied only the first time it is met.
        let mut spelled = |t: &str| {
            if !spellings.contains(t) {
                spellings.insert(t.to_string());
            }
        };
        spelled(r.entity.name.trim());
        for mention in &r.entity.mentions {
            let t = strip_possessive(mention.text.trim());
            if !t.is_empty() {
                spelled(t);
            }
        }
        doc_ids.push(r.doc);
        for d in &r.entity.descriptors {
            let d = d.trim();
            if !d.is_empty() && role_keys.insert(d.to_lowercase()) {
                roles.push(d.to_string());
            }
        }
    }
    // Most votes wins; ties go to the kind listed first in `EntityKind`.
    let kind = kind_votes
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(k, _)| *k)
        .unwrap_or(EntityKind::Other);
    let name = name_votes
        .iter()
        .max_by(|(a, na), (b, nb)| {
            (!is_acronym(a))
                .cmp(&!is_acronym(b))
                .then(na.0.cmp(&nb.0))
                .then(na.1.cmp(&nb.1))
                .then(a.len().cmp(&b.len()))
                .then(b.cmp(a))
        })
        .map(|(n, _)| n.to_string())
        .unwrap_or_default();
    doc_ids.sort_unstable();
    doc_ids.dedup();
    spellings.remove(&name);
    EntitySummary {
        name,
        kind,
        aliases: spellings.into_iter().collect(),
        docs: doc_ids.into_iter().map(|d| docs[d].id.clone()).collect(),
        mentions,
        roles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::{Entity, Mention};

    #[test]
    fn each_document_finds_its_own_entity_ids_and_no_other_documents() {
        // Rows in no order; document 1 names nothing, document 3 lists e2 twice.
        let rows = vec![(2, "e10", 4), (0, "e2", 7), (3, "e2", 1), (0, "e1", 3), (2, "e1", 0), (3, "e2", 5)];
        let by = ByDoc::new(4, rows);
        assert_eq!(by.get(0, "e1"), Some(3));
        assert_eq!(by.get(0, "e2"), Some(7));
        assert_eq!(by.get(0, "e10"), None);
        assert_eq!(by.get(1, "e1"), None);
        assert_eq!((by.get(2, "e1"), by.get(2, "e10"), by.get(2, "e2")), (Some(0), Some(4), None));
        // The last of an id listed twice, as a map filled in order of the
        // corpus entities kept it.
        assert_eq!(by.get(3, "e2"), Some(5));
        assert_eq!(by.of(0).collect::<Vec<_>>(), [3, 7]);
        assert_eq!(by.of(1).count(), 0);
        assert_eq!(by.of(3).collect::<Vec<_>>(), [5]);
        // A document past the end names nothing.
        assert_eq!((by.get(4, "e1"), by.of(9).count()), (None, 0));
    }

    fn entity(id: &str, name: &str, kind: EntityKind, mentions: &[&str], descriptors: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind,
            mentions: mentions.iter().map(|m| Mention { start: 0, end: m.len(), text: m.to_string() }).collect(),
            descriptors: descriptors.iter().map(|d| d.to_string()).collect(),
        }
    }

    fn doc(id: &str, entities: Vec<Entity>) -> Document {
        Document { id: id.into(), entities, ..Default::default() }
    }

    fn names(r: &Resolved) -> Vec<(&str, usize)> {
        r.entities.iter().map(|e| (e.name.as_str(), e.docs.len())).collect()
    }

    #[test]
    fn spelling_variants_and_kinds_join() {
        use EntityKind::*;
        let docs = vec![
            doc("a", vec![entity("e1", "Kim Jong Un", Person, &["Kim Jong Un", "Kim"], &["North Korean leader"])]),
            doc("b", vec![entity("e1", "Kim Jong-un", Person, &["Kim Jong-un"], &["North Korea's leader"])]),
            doc("c", vec![entity("e4", "Kim Jong-Un", Organization, &["Kim Jong-Un"], &["north korean leader"])]),
            doc("d", vec![entity("e2", "Volodymyr Zelenskyy", Person, &["Zelenskyy"], &[])]),
            doc("e", vec![entity("e1", "Volodymyr Zelensky", Person, &["Zelensky"], &[])]),
        ];
        let r = resolve(&docs);
        assert_eq!(names(&r), vec![("Kim Jong Un", 3), ("Volodymyr Zelenskyy", 2)], "a tie goes to the longer spelling");
        let kim = &r.entities[0];
        assert_eq!(kim.kind, Person);
        assert_eq!(kim.mentions, 4);
        assert_eq!(kim.aliases, vec!["Kim", "Kim Jong-Un", "Kim Jong-un"]);
        assert_eq!(kim.roles, vec!["North Korean leader", "North Korea's leader"]);
        assert_eq!(r.of(2, "e4").map(|e| e.name.as_str()), Some("Kim Jong Un"));
        assert_eq!(r.by_name("KIM JONG UN").map(|e| e.docs.len()), Some(3));
    }

    #[test]
    fn acronyms_join_learned_or_by_initials() {
        use EntityKind::*;
        let docs = vec![
            doc("a", vec![entity("e1", "South Korea's National Intelligence Service", Organization, &["National Intelligence Service", "NIS"], &[])]),
            doc("b", vec![entity("e1", "NIS", Organization, &["NIS"], &[])]),
            doc("c", vec![entity("e1", "Federal Emergency Agency", Organization, &["Federal Emergency Agency"], &[])]),
            doc("d", vec![entity("e1", "FEA", Organization, &["FEA"], &[])]),
            doc("e", vec![entity("e1", "UN", Organization, &["UN"], &[])]),
            doc("f", vec![entity("e1", "Channel Nine", Organization, &["Channel Nine"], &[])]),
            // "CNN" is not "CN", the initials of "Channel Nine".
            doc("g", vec![entity("e1", "CNN", Organization, &["CNN"], &[])]),
        ];
        let r = resolve(&docs);
        assert_eq!(
            names(&r),
            vec![("South Korea's National Intelligence Service", 2), ("Federal Emergency Agency", 2), ("CNN", 1), ("Channel Nine", 1), ("UN", 1)]
        );
        assert_eq!(r.by_name("NIS").map(|e| e.docs.len()), Some(2));
    }

    #[test]
    fn descriptions_find_the_one_body_with_their_function() {
        use EntityKind::*;
        let docs = vec![
            doc("a", vec![entity("e1", "National Intelligence Service", Organization, &["National Intelligence Service"], &[])]),
            doc(
                "b",
                vec![
                    entity("e1", "Defence Intelligence Directorate", Organization, &["Defence Intelligence Directorate"], &[]),
                    entity("e2", "Ministry of Defence", Organization, &["Ministry of Defence"], &[]),
                ],
            ),
            doc("c", vec![]),
        ];
        let r = resolve(&docs);
        let name = |d: usize, s: &str| r.described(d, s).map(|e| e.name.clone());
        assert_eq!(name(0, "Seoul's spy agency").as_deref(), Some("National Intelligence Service"), "the one named in the document");
        assert_eq!(name(1, "the country's defence ministry"), None, "two bodies of document b hold 'defen'");
        assert_eq!(name(2, "the intelligence service"), None, "two intelligence bodies in the corpus");
        assert_eq!(name(2, "the foreign ministry"), None, "no body with the function");
        assert_eq!(name(0, "officials in Seoul"), None, "no function word");
    }

    #[test]
    fn surnames_join_only_when_unambiguous() {
        use EntityKind::*;
        let docs = vec![
            doc("a", vec![entity("e1", "Lloyd Austin", Person, &["Lloyd Austin"], &["Defense Secretary"])]),
            doc("b", vec![entity("e1", "Austin", Person, &["Austin"], &[]), entity("e2", "Kim", Person, &["Kim"], &[])]),
            doc("c", vec![entity("e1", "Kim Jong Un", Person, &["Kim Jong Un"], &[]), entity("e2", "Kim Yo Jong", Person, &["Kim Yo Jong"], &[])]),
        ];
        let r = resolve(&docs);
        let austin = r.of(1, "e1").unwrap();
        assert_eq!(austin.name, "Lloyd Austin");
        assert_eq!(austin.docs, vec!["a", "b"]);
        assert_eq!(austin.aliases, vec!["Austin"]);
        assert_eq!(r.of(1, "e2").unwrap().name, "Kim", "two Kims: no join");

        // A one-word name that is mostly a place stays apart.
        let mut docs = docs;
        docs.push(doc("d", vec![entity("e1", "Austin", Place, &["Austin", "Austin", "Austin"], &[])]));
        let r = resolve(&docs);
        assert_eq!(r.of(0, "e1").unwrap().docs, vec!["a"]);
        assert_eq!(r.of(3, "e1").unwrap().kind, Place);
    }

    fn doc_in(id: &str, lang: &str, entities: Vec<Entity>) -> Document {
        Document { language: Some(lang.into()), ..doc(id, entities) }
    }

    #[test]
    fn names_join_across_languages_by_their_spelling() {
        use EntityKind::*;
        let docs = vec![
            doc_in("en", "en", vec![entity("e1", "Jegor Schewtschenko", Person, &["Jegor Schewtschenko"], &["port director"])]),
            // The German press writes "Jegor Schewtschenko" for an
            // English-written "Yegor Shevchenko"; the title goes first.
            doc_in("de", "de", vec![entity("e1", "Minister Jegor Schewtschenko", Person, &["Jegor Schewtschenko"], &[])]),
            doc_in("en2", "en", vec![entity("e1", "Yegor Shevchenko", Person, &["Yegor Shevchenko"], &[])]),
            doc_in("de2", "de", vec![entity("e1", "Präsident Wolodymyr Selenskyj", Person, &["Wolodymyr Selenskyj"], &[])]),
            doc_in("en3", "en", vec![entity("e1", "Volodymyr Zelensky", Person, &["Zelensky"], &[])]),
            doc_in("ru", "ru", vec![entity("e1", "Марта Ковальчук", Person, &["Ковальчук"], &[])]),
            doc_in("en4", "en", vec![entity("e1", "Marta Kovalchuk", Person, &["Kovalchuk"], &[])]),
            doc_in("pl", "pl", vec![entity("e1", "Aleksander Wiśniewski", Person, &["Wiśniewski"], &[])]),
            doc_in("en5", "en", vec![entity("e1", "Aleksander Vishnevsky", Person, &["Vishnevsky"], &[])]),
        ];
        let r = resolve(&docs);
        let docs_of = |d: usize| r.of(d, "e1").map(|e| e.docs.clone()).unwrap_or_default();
        assert_eq!(docs_of(2), vec!["de", "en2"], "German 'sch', 'tsch', 'w' and 'j' are English 'sh', 'ch', 'v' and 'y'");
        assert_eq!(docs_of(0), vec!["en"], "an English name is never respelled");
        assert_eq!(r.of(3, "e1").map(|e| e.name.as_str()), Some("Volodymyr Zelensky"), "title stripped, names table");
        assert_eq!(docs_of(5), vec!["ru", "en4"], "Cyrillic to Latin");
        assert_eq!(docs_of(7), vec!["pl"], "no rule makes 'wisniewski' 'vishnevsky'");
        assert!(r.of(1, "e1").is_some_and(|e| e.aliases.contains(&"Minister Jegor Schewtschenko".to_string())), "the spelling used stays");
        assert_eq!(r.by_name_in("Präsident Wolodymyr Selenskyj", Some("de")).map(|e| e.name.as_str()), Some("Volodymyr Zelensky"));
        assert_eq!(r.by_name_in("Präsident Wolodymyr Selenskyj", Some("en")).map(|e| e.name.as_str()), Some("Volodymyr Zelensky"), "a spelling of the entity");
        assert_eq!(r.by_name_in("Präsident Selenskyj", Some("en")), None, "English keys only");

        // A person of the names table beside places, a given name before it.
        let docs = vec![
            doc_in("en", "en", vec![entity("e1", "Volodymyr Zelensky", Person, &["Zelensky"], &[]), entity("e2", "Ukraine", Place, &["Ukraine"], &[])]),
            doc_in("ko", "ko", vec![]),
        ];
        let r = resolve(&docs);
        let named = |n: &str, l: &str| r.by_name_in(n, Some(l)).map(|e| e.name.as_str());
        assert_eq!(named("볼로디미르 젤렌스키 우크라이나 대통령", "ko"), Some("Volodymyr Zelensky"));
        assert_eq!(named("Украины Володимир Зеленский", "ru"), Some("Volodymyr Zelensky"));
        assert_eq!(named("우크라이나", "ko"), Some("Ukraine"), "a place by its key");
        assert_eq!(named("Sprecher von Selenskyj", "de"), None, "two words besides the person");
        assert_eq!(named("Selenskyj Sprecher", "de"), None, "a word after the person");
    }

    #[test]
    fn titles_go_only_from_a_names_ends() {
        assert_eq!(without_titles("Präsident Wolodymyr Selenskyj", "de"), "Wolodymyr Selenskyj");
        assert_eq!(without_titles("Wolodymyr Selenskyj Präsident", "de"), "Wolodymyr Selenskyj");
        assert_eq!(without_titles("Präsident", "de"), "Präsident", "nothing but a title");
        assert_eq!(without_titles("Anna Präsident Berg", "de"), "Anna Präsident Berg", "a title inside is kept");
        assert_eq!(without_titles("젤렌스키 대통령", "ko"), "젤렌스키");
        assert_eq!(without_titles("Präsident Selenskyj", "xx"), "Präsident Selenskyj", "no pack");
        assert_eq!(cross_key("Jens Schulze", Some("de")), "yenshulze");
        assert_eq!(cross_key("Jens Schulze", Some("en")), "jenschulze");
        assert_eq!(cross_key("Olena Sajenko", Some("de")), "olenazayenko", "initial s before a vowel");
        assert_eq!(cross_key("Андрій Шевчук", Some("uk")), "andriyshevchuk");
        assert_eq!(cross_key("젤렌스키", Some("ko")), "volodymyrzelensky");
    }

    #[test]
    fn initials_need_capitalised_words() {
        assert_eq!(initials("National Intelligence Service").as_deref(), Some("NIS"));
        assert_eq!(initials("Ministry of Defence").as_deref(), Some("MD"));
        assert_eq!(initials("the army"), None);
        assert_eq!(initials("Seoul"), None);
    }
}
