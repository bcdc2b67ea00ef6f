//! Entities resolved across documents.
//!
//! Every document's entities (already resolved within the document) are
//! joined into corpus entities in four steps:
//!
//! 1. the same name key ([`name_key`]: case, diacritics, hyphens, spaces,
//!    possessives and doubled letters ignored), whatever kind each document
//!    gave it: "Kim Jong Un" = "Kim Jong-un", "Zelenskyy" = "Zelensky";
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
//!    then longer, then alphabetical); every other spelling is an alias.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use sitrep_text::lists::{list, Words};

use sitrep_core::report::EntitySummary;
use sitrep_core::{Document, EntityKind};

use crate::text::{find, fold, is_acronym, name_key, strip_possessive, union, words};

/// Corpus entities and how to find the one a document's entity belongs to.
pub struct Resolved {
    /// Sorted by mentions, then documents, then name.
    pub entities: Vec<EntitySummary>,
    /// Per document: entity id → index into `entities`.
    by_doc: Vec<HashMap<String, usize>>,
    /// Name key of every spelling → index into `entities`, when unique.
    by_key: HashMap<String, usize>,
}

impl Resolved {
    /// The corpus entity of entity `id` of document `doc`.
    pub fn of(&self, doc: usize, id: &str) -> Option<&EntitySummary> {
        self.by_doc.get(doc)?.get(id).map(|&i| &self.entities[i])
    }

    /// The corpus entity a name refers to, if any spelling of exactly one
    /// entity has the same key.
    pub fn by_name(&self, name: &str) -> Option<&EntitySummary> {
        self.by_key.get(&name_key(name)).map(|&i| &self.entities[i])
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
        let mut here: Vec<usize> = self.by_doc.get(doc).map(|m| m.values().copied().filter(fits).collect()).unwrap_or_default();
        here.sort_unstable();
        here.dedup();
        match here.as_slice() {
            [one] => Some(&self.entities[*one]),
            _ => None,
        }
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
}

/// Resolve the entities of all documents.
pub fn resolve(docs: &[Document]) -> Resolved {
    let records: Vec<Record> = docs
        .iter()
        .enumerate()
        .flat_map(|(doc, d)| d.entities.iter().map(move |entity| (doc, entity)))
        .map(|(doc, entity)| Record { doc, entity, key: name_key(&entity.name) })
        .filter(|r| !r.key.is_empty())
        .collect();
    let mut parent: Vec<usize> = (0..records.len()).collect();

    // 1. Same key.
    let mut first_of_key: HashMap<&str, usize> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        match first_of_key.get(r.key.as_str()) {
            Some(&j) => union(&mut parent, i, j),
            None => {
                first_of_key.insert(&r.key, i);
            }
        }
    }

    // 2. Acronyms: learned pairs, then initials.
    let mut learned: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut by_initials: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &records {
        let mut spellings: Vec<&str> = vec![r.entity.name.as_str()];
        spellings.extend(r.entity.mentions.iter().map(|m| strip_possessive(m.text.trim())));
        let acronyms: Vec<&str> = spellings.iter().copied().filter(|s| is_acronym(s)).collect();
        let full: Option<&str> = spellings.iter().copied().find(|s| words(s).len() >= 2);
        if let Some(full) = full {
            for a in &acronyms {
                learned.entry(letters(a)).or_default().insert(name_key(full));
            }
        }
        if !is_acronym(&r.entity.name) {
            let name = r.entity.name.as_str();
            for form in [Some(name), after_possessive(name)].into_iter().flatten() {
                if let Some(ini) = initials(form) {
                    by_initials.entry(letters(&ini)).or_default().insert(r.key.clone());
                }
            }
        }
    }
    for (i, r) in records.iter().enumerate() {
        if !is_acronym(&r.entity.name) {
            continue;
        }
        let acronym = letters(&r.entity.name);
        let target = match learned.get(&acronym).filter(|s| s.len() == 1) {
            Some(s) => s.iter().next(),
            None => by_initials.get(&acronym).filter(|s| s.len() == 1).and_then(|s| s.iter().next()),
        };
        if let Some(&j) = target.and_then(|k| first_of_key.get(k.as_str())) {
            union(&mut parent, i, j);
        }
    }

    // 3. Surnames of people.
    let mut by_surname: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let ws = words(&r.entity.name);
        if r.entity.kind == EntityKind::Person && ws.len() >= 2 {
            let root = find(&mut parent, i);
            by_surname.entry(name_key(ws[ws.len() - 1])).or_default().insert(root);
        }
    }
    // Only groups of one-word names that most mentions call a person.
    let mut votes: HashMap<usize, (usize, usize, bool)> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let root = find(&mut parent, i);
        let v = votes.entry(root).or_insert((0, 0, true));
        let count = r.entity.mentions.len().max(1);
        if r.entity.kind == EntityKind::Person {
            v.0 += count;
        } else {
            v.1 += count;
        }
        v.2 &= words(&r.entity.name).len() == 1;
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
    let mut built: Vec<(EntitySummary, Vec<usize>)> =
        groups.into_values().map(|members| (summarise(docs, &records, &members), members)).collect();
    built.sort_by(|(a, _), (b, _)| {
        b.mentions.cmp(&a.mentions).then(b.docs.len().cmp(&a.docs.len())).then(a.name.cmp(&b.name))
    });

    let mut by_doc: Vec<HashMap<String, usize>> = vec![HashMap::new(); docs.len()];
    let mut key_owners: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for (index, (summary, members)) in built.iter().enumerate() {
        for &m in members {
            by_doc[records[m].doc].insert(records[m].entity.id.clone(), index);
        }
        for spelling in std::iter::once(&summary.name).chain(summary.aliases.iter()) {
            key_owners.entry(name_key(spelling)).or_default().insert(index);
        }
    }
    let by_key = key_owners
        .into_iter()
        .filter(|(k, s)| !k.is_empty() && s.len() == 1)
        .filter_map(|(k, s)| s.into_iter().next().map(|i| (k, i)))
        .collect();
    Resolved { entities: built.into_iter().map(|(s, _)| s).collect(), by_doc, by_key }
}

fn summarise(docs: &[Document], records: &[Record], members: &[usize]) -> EntitySummary {
    let mut kind_votes: BTreeMap<EntityKind, usize> = BTreeMap::new();
    let mut name_votes: BTreeMap<&str, usize> = BTreeMap::new();
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
        *name_votes.entry(r.entity.name.trim()).or_default() += 1;
        spellings.insert(r.entity.name.trim().to_string());
        for mention in &r.entity.mentions {
            let t = strip_possessive(mention.text.trim());
            if !t.is_empty() {
                spellings.insert(t.to_string());
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
                .then(na.cmp(nb))
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

    #[test]
    fn initials_need_capitalised_words() {
        assert_eq!(initials("National Intelligence Service").as_deref(), Some("NIS"));
        assert_eq!(initials("Ministry of Defence").as_deref(), Some("MD"));
        assert_eq!(initials("the army"), None);
        assert_eq!(initials("Seoul"), None);
    }
}
