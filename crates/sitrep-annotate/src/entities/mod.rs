//! Named entities: people, organisations, places, groups (nationalities and
//! other collectives) and other names (events, laws, products).
//!
//! 1. [`crate::tokens`] splits the text once.
//! 2. [`candidates`] finds runs of capitalised words, splits role titles off
//!    ("U.S. Defense Secretary | Lloyd Austin") and classifies each name with
//!    the lexicons of [`lexicon`], name shapes (given name + surname, Korean
//!    "Kim Jong-un", Arabic "al-Assad") and context ("in X", scorelines,
//!    "National Intelligence Service (NIS)").
//! 3. Within-document resolution here: mentions with the same words are one
//!    entity; a lone surname ("Bennett", "Kim") or a bracketed acronym
//!    ("NIS") joins the fuller name it belongs to, and the strongest
//!    evidence for any mention decides the kind of all. A surname shared by
//!    several people goes to the one named last before it; a lone head word
//!    ("the Corps", "the Peninsula") joins the name it ends. Each entity
//!    keeps its role titles (not honorifics: "Mr."), appositives ("X, a
//!    senior fellow at Y,"), affiliations ("X of the Y Institute") and role
//!    clauses ("X, who directs ...", "X is a retired colonel ...") as
//!    descriptors, and is named by its fullest mention in ordinary case
//!    ("Seoul" rather than a dateline's "SEOUL").

mod candidates;
mod caseless;
pub mod lexicon;

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

use sitrep_core::{Document, Entity, EntityKind, Mention, Span};
use sitrep_text::analysis::Analysis;

use crate::tokens::{Shape, Token};
use candidates::{Candidate, Strength};
use sitrep_text::lists::{list, Words};

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/entities-roles.txt");

/// Verbs of an office in a relative clause (", who directs ...").
static OFFICE_VERBS: Words = LazyLock::new(|| list(WORDS, "office_verbs"));

/// Role nouns that make a copula clause a role ("is a retired colonel").
static ROLE_NOUNS: Words = LazyLock::new(|| list(WORDS, "role_nouns"));

/// Courtesy titles, lowercase without their period ("mr", "mrs").
static HONORIFICS: Words = LazyLock::new(|| list(WORDS, "honorifics"));

/// Words opening an appositive after a name and a comma (", a ...", ", whose ...").
static APPOSITIVE_OPENERS: Words = LazyLock::new(|| list(WORDS, "appositive_openers"));

/// Words ending a role clause ("who", "said").
static CLAUSE_STOPS: Words = LazyLock::new(|| list(WORDS, "clause_stops"));

/// Words ending an affiliation after a name ("X of the Y Institute said").
static AFFILIATION_STOPS: Words = LazyLock::new(|| list(WORDS, "affiliation_stops"));

/// Verbs in an appositive after which comes another name, no descriptor ("also called").
static OTHER_NAME_VERBS: Words = LazyLock::new(|| list(WORDS, "other_name_verbs"));

/// Copulas after a name that open a role clause ("X is a retired colonel").
static COPULAS: Words = LazyLock::new(|| list(WORDS, "copulas"));

/// Indefinite articles after such a copula ("is a", "was an").
static COPULA_ARTICLES: Words = LazyLock::new(|| list(WORDS, "copula_articles"));

/// Relative pronouns after a name and a comma that open a role clause
/// (", who directs ...").
static ROLE_RELATIVES: Words = LazyLock::new(|| list(WORDS, "role_relatives"));

/// The preposition after a name that opens its affiliation ("X of the Y
/// Institute", "X, of the Y Center").
static AFFILIATION_OF: Words = LazyLock::new(|| list(WORDS, "affiliation_of"));

/// The article that may follow it before the organisation's name.
static AFFILIATION_ARTICLES: Words = LazyLock::new(|| list(WORDS, "affiliation_articles"));

/// Lowercase words inside the organisation's name of an affiliation ("Institute for Peace and
/// Security Studies"); the "&" mark is read beside them.
static AFFILIATION_WORDS: Words = LazyLock::new(|| list(WORDS, "affiliation_words"));

/// Phrases attributing what follows to a source, each a phrase of tokens:
/// a name after one and a comma opens a clause, no appositive ("According
/// to the agency, ...").
static ATTRIBUTIONS: Words = LazyLock::new(|| list(WORDS, "attributions"));

/// Role words that do not open a bare-role appositive ("X, new to the job").
static NOT_BARE_ROLES: Words = LazyLock::new(|| list(WORDS, "not_bare_roles"));

/// Phrases in an appositive after which another name follows, each a phrase
/// of tokens ("also known as").
static OTHER_NAME_PHRASES: Words = LazyLock::new(|| list(WORDS, "other_name_phrases"));

/// Relative pronouns ending the descriptor of an appositive ("in Moscow who").
static DESCRIPTOR_RELATIVES: Words = LazyLock::new(|| list(WORDS, "descriptor_relatives"));

/// Find the named entities of `text`.
pub fn find(text: &str, sentences: &[Span]) -> Vec<Entity> {
    find_in(text, sentences, None)
}

/// The entity stage of [`crate::annotate`]: fills `Document::entities`.
pub struct Stage;

impl crate::Annotator for Stage {
    fn annotate(&self, text: &Analysis, doc: &mut Document) {
        doc.entities = find_analysed(text, doc.language.as_deref());
    }
}

/// [`find`] for a text in `language` (ISO 639-1): in Korean, Japanese and
/// Chinese names are found by place names, titles and the names of bodies
/// instead of capitals; in another language with a pack a place is named
/// in English ("Nordkorea" → North Korea).
pub fn find_in(text: &str, sentences: &[Span], language: Option<&str>) -> Vec<Entity> {
    find_analysed(&Analysis::with_sentences(text, sentences), language)
}

/// [`find_in`] over a text read already, its word tokens shared with the other stages.
fn find_analysed(a: &Analysis, language: Option<&str>) -> Vec<Entity> {
    let (text, toks) = (a.text(), a.words());
    let mut cands = candidates::collect(text, toks, a.sentences());
    if let Some(language) = language.filter(|l| caseless::has_places(l)) {
        if caseless::applies(Some(language)) {
            // Capitals say nothing of a word in Hangul, kana or Han.
            cands.retain(|c| !c.span.slice(text).chars().any(caseless::caseless));
            cands.extend(caseless::candidates(text, toks, a.sentences(), language));
            cands.sort_by_key(|c| (c.span.start, c.span.end));
        } else {
            for c in &mut cands {
                if let Some(english) = caseless::english_place(language, c.span.slice(text)) {
                    c.kind = EntityKind::Place;
                    c.strength = c.strength.max(Strength::Sure);
                    c.named = Some(Box::new(candidates::Named { key: english.to_lowercase(), english: Some(english.to_string()) }));
                }
            }
        }
    }
    resolve(text, toks, &cands)
}

/// A set of mentions that name one thing.
struct Group {
    kind: EntityKind,
    strength: Strength,
    /// Words of the fullest name, lowercase.
    words: Vec<String>,
    mentions: Vec<Span>,
    descriptors: Vec<String>,
    /// Merged into another group.
    parent: Option<usize>,
    /// The name opens with a family name ("Kim Jong Un", "Chun In-bum").
    family_first: bool,
    /// The name in English, when the text writes it in another language ("북한").
    english: Option<String>,
}

/// The spelling skeletons of a name's words, hyphenated parts apart: "Kim
/// Jong-un" and "Kim Jong Un", "Zelenskyy" and "Zelensky" have the same key.
fn key_words(text: &str, toks: &[Token], first: usize, last: usize) -> Vec<String> {
    toks[first..=last].iter().flat_map(|t| t.text(text).split('-')).filter(|w| !w.is_empty()).map(skeleton).collect()
}

/// Lowercase, without doubled letters, "iy" and "ij" written "y":
/// transliteration variants of one name meet ("Zelenskiy", "Zelenskyy").
fn skeleton(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        let c = if c == '’' { '\'' } else { c };
        if c == 'y' && out.ends_with('i') && out.len() > 2 {
            out.pop();
        }
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn resolve(text: &str, toks: &[Token], cands: &[Candidate]) -> Vec<Entity> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_key: HashMap<Vec<String>, usize> = HashMap::new();
    let mut acronym_of: Vec<(String, usize)> = Vec::new();
    for c in cands {
        let words = match &c.named {
            Some(named) => named.key.split(' ').filter(|w| !w.is_empty()).map(skeleton).collect(),
            None => key_words(text, toks, c.first, c.last),
        };
        let g = *by_key.entry(words.clone()).or_insert_with(|| {
            let family_first = lexicon::tags(toks[c.first].text(text)) & lexicon::WORLD_SURNAME != 0;
            groups.push(Group { kind: c.kind, strength: c.strength, words, mentions: Vec::new(), descriptors: Vec::new(), parent: None, family_first, english: None });
            groups.len() - 1
        });
        let grp = &mut groups[g];
        if let Some(english) = c.named.as_ref().and_then(|n| n.english.as_ref()).filter(|_| grp.english.is_none()) {
            grp.english = Some(english.clone());
        }
        if c.strength > grp.strength {
            grp.kind = c.kind;
            grp.strength = c.strength;
        }
        grp.mentions.push(c.span);
        if let Some(role) = c.role.or_else(|| lowercase_role(text, toks, c)) {
            // "Mr.", "Ms": an honorific is no role.
            if !is_honorific(role.slice(text)) {
                push_unique(&mut grp.descriptors, role.slice(text));
            }
        }
        if matches!(c.kind, EntityKind::Person | EntityKind::Organization) {
            if let Some(d) = appositive(text, toks, c.last) {
                push_unique(&mut grp.descriptors, d);
            }
        }
        if c.kind == EntityKind::Person {
            if let Some(d) = role_clause(text, toks, c.last) {
                push_unique(&mut grp.descriptors, d);
            }
        }
        if let Some(a) = c.acronym {
            acronym_of.push((skeleton(a.slice(text)), g));
            grp.mentions.push(a);
        }
    }
    // Acronyms: every other mention of "NIS" joins the expansion.
    for (acr, g) in acronym_of {
        if let Some(&other) = by_key.get(&vec![acr]) {
            if other != g {
                merge(&mut groups, other, g);
            }
        }
    }
    // Short names join the fuller name they are part of: a surname or a
    // Korean family name joins the person; an unknown word that opens an
    // organisation's name joins the organisation.
    let mut person_parts: HashMap<&str, usize> = HashMap::new();
    let mut org_heads: HashMap<&str, usize> = HashMap::new();
    // "Imran Qadir ... Imran": a lone given name of a person named in full.
    let mut first_names: HashMap<&str, usize> = HashMap::new();
    // "the Storm Corps ... the Corps": the head word of an organisation's name.
    let mut org_lasts: HashMap<&str, usize> = HashMap::new();
    // Every person a surname may stand for ("Kim Jong Un", "Kim Yeon-ho").
    let mut namesakes: HashMap<&str, Vec<usize>> = HashMap::new();
    for (g, grp) in groups.iter().enumerate() {
        if grp.words.len() >= 2 && grp.strength >= Strength::Cue {
            match grp.kind {
                EntityKind::Person => {
                    let first = grp.words[0].as_str();
                    let last = grp.words[grp.words.len() - 1].as_str();
                    person_parts.entry(last).or_insert(g);
                    namesakes.entry(last).or_default().push(g);
                    if grp.family_first {
                        person_parts.entry(first).or_insert(g);
                        namesakes.entry(first).or_default().push(g);
                    } else {
                        first_names.entry(first).or_insert(g);
                    }
                }
                EntityKind::Organization => {
                    org_heads.entry(grp.words[0].as_str()).or_insert(g);
                    let last = grp.words[grp.words.len() - 1].as_str();
                    if lexicon::tags(last) & lexicon::ORG_WORD != 0 {
                        org_lasts.entry(last).or_insert(g);
                    }
                }
                // "the Korean Peninsula ... the Peninsula"
                EntityKind::Place => {
                    let last = grp.words[grp.words.len() - 1].as_str();
                    if lexicon::tags(last) & lexicon::PLACE_WORD != 0 {
                        org_lasts.entry(last).or_insert(g);
                    }
                }
                _ => {}
            }
        }
    }
    let mut joins = Vec::new();
    let mut splits: Vec<(usize, Vec<usize>)> = Vec::new();
    for (g, grp) in groups.iter().enumerate() {
        if grp.words.len() != 1 || grp.parent.is_some() {
            continue;
        }
        let w = grp.words[0].as_str();
        if let Some(&p) = person_parts.get(w) {
            // "Lloyd Austin ... Austin said": a surname that is also a place
            // joins the person named in full before it.
            let named_before = groups[p].mentions.first() < grp.mentions.first();
            if grp.strength < Strength::Sure || grp.kind == EntityKind::Person || named_before && grp.strength == Strength::Sure {
                match namesakes.get(w) {
                    Some(all) if all.len() > 1 => splits.push((g, all.clone())),
                    _ => joins.push((g, p)),
                }
                continue;
            }
        }
        if let Some(&p) = first_names.get(w) {
            if grp.strength < Strength::Sure && !person_parts.contains_key(w) {
                joins.push((g, p));
                continue;
            }
        }
        if let Some(&p) = org_heads.get(w) {
            if grp.strength < Strength::Sure {
                joins.push((g, p));
                continue;
            }
        }
        if let Some(&p) = org_lasts.get(w) {
            if matches!(grp.kind, EntityKind::Organization | EntityKind::Place) && grp.strength < Strength::Sure {
                joins.push((g, p));
            }
        }
    }
    for (g, p) in joins {
        merge(&mut groups, g, p);
    }
    // A surname shared by several people named in full: each mention goes to
    // the one named last before it (or first named, before any).
    for (g, all) in splits {
        let firsts: Vec<(usize, usize)> = all.iter().map(|&p| (groups[p].mentions.iter().map(|m| m.start).min().unwrap_or(usize::MAX), p)).collect();
        let pick = |at: usize| firsts.iter().filter(|(s, _)| *s <= at).max().or_else(|| firsts.iter().min()).map(|&(_, p)| p);
        let mut mentions = std::mem::take(&mut groups[g].mentions);
        mentions.sort();
        let Some(owner) = mentions.first().and_then(|m| pick(m.start)) else { continue };
        let owner = root(&groups, owner);
        groups[g].parent = Some(owner);
        for d in std::mem::take(&mut groups[g].descriptors) {
            push_unique(&mut groups[owner].descriptors, &d);
        }
        for m in mentions {
            if let Some(p) = pick(m.start) {
                let p = root(&groups, p);
                groups[p].mentions.push(m);
            }
        }
    }
    // Build the entities in order of first mention.
    let mut live: Vec<usize> = (0..groups.len()).filter(|&g| groups[g].parent.is_none()).collect();
    for grp in &mut groups {
        grp.mentions.sort();
        grp.mentions.dedup();
    }
    live.sort_by_key(|&g| groups[g].mentions.first().map_or(usize::MAX, |s| s.start));
    live.iter()
        .enumerate()
        .map(|(n, &g)| {
            let grp = &groups[g];
            let mentions: Vec<Mention> =
                grp.mentions.iter().map(|s| Mention { start: s.start, end: s.end, text: s.slice(text).to_string() }).collect();
            // The fullest mention, in the document's ordinary spelling when
            // it has one ("Seoul" rather than the dateline's "SEOUL").
            // A name written in another language or script is named in
            // English; its mentions keep the spelling used.
            let name = grp.english.clone().unwrap_or_else(|| {
                mentions
                    .iter()
                    .max_by_key(|m| (m.text.chars().any(char::is_lowercase), m.text.split_whitespace().count(), m.text.len(), std::cmp::Reverse(m.start)))
                    .map(|m| m.text.clone())
                    .unwrap_or_default()
            });
            Entity { id: format!("e{}", n + 1), name, kind: grp.kind, mentions, descriptors: grp.descriptors.clone() }
        })
        .collect()
}

/// Move group `from`'s mentions and descriptors into `into`.
fn merge(groups: &mut [Group], from: usize, into: usize) {
    let into = root(groups, into);
    let from = root(groups, from);
    if from == into {
        return;
    }
    let mentions = std::mem::take(&mut groups[from].mentions);
    let descriptors = std::mem::take(&mut groups[from].descriptors);
    groups[from].parent = Some(into);
    let dst = &mut groups[into];
    dst.mentions.extend(mentions);
    for d in descriptors {
        push_unique(&mut dst.descriptors, &d);
    }
}

fn root(groups: &[Group], mut g: usize) -> usize {
    while let Some(p) = groups[g].parent {
        g = p;
    }
    g
}

/// "X is a retired colonel and senior researcher at Y.", "X, who directs the
/// Asia program at Y,": a person's role given by a copula or a relative
/// clause with a verb of office, up to the next comma or period.
fn role_clause<'a>(text: &'a str, toks: &[Token], last: usize) -> Option<&'a str> {
    let w = |k: usize| toks.get(k).map_or("", |t| t.text(text));
    let copula = COPULAS.contains(&w(last + 1)) && COPULA_ARTICLES.contains(&w(last + 2));
    let relative = w(last + 1) == ","
        && ROLE_RELATIVES.contains(&w(last + 2))
        && OFFICE_VERBS.contains(&w(last + 3));
    // "said X of the Y Institute": an affiliation right after the name.
    let of = AFFILIATION_OF.contains(&w(last + 1)) && (AFFILIATION_ARTICLES.contains(&w(last + 2)) && toks.get(last + 3).is_some_and(|t| t.is_upper_initial()) || toks.get(last + 2).is_some_and(|t| t.is_upper_initial()));
    if of {
        let mut end = last + 2;
        while end < toks.len() && end < last + 14 && (toks[end].is_upper_initial() || (AFFILIATION_WORDS.contains(&w(end)) || w(end) == "&")) {
            end += 1;
        }
        let stop = matches!(w(end), "," | "." | ";" | "—" | "–" | "\"" | "“" | "”") || AFFILIATION_STOPS.contains(&w(end));
        let named = toks[last + 2..end].iter().any(|t| t.is_upper_initial() && lexicon::tags(t.text(text)) & lexicon::ORG_WORD != 0);
        return (stop && named && !text[toks[last].end..toks[end - 1].end].contains('\n')).then(|| &text[toks[last + 1].start..toks[end - 1].end]);
    }
    if !copula && !relative {
        return None;
    }
    let start = last + 2;
    let mut end = start;
    // A line break ends the clause as a period would.
    let line_end = |k: usize| k > 0 && k < toks.len() && text[toks[k - 1].end..toks[k].start].contains('\n');
    while end < toks.len() && end < start + 20 {
        let t = w(end);
        if line_end(end) {
            return (end >= start + 2).then(|| &text[toks[start].start..toks[end - 1].end]).filter(|_| ROLE_RELATIVES.contains(&w(start)) || has_role(text, &toks[start..end]));
        }
        if matches!(t, "," | "." | ";" | ":" | "\"" | "“" | "”" | "(" | ")" | "—" | "–") {
            break;
        }
        if CLAUSE_STOPS.contains(&t) && end > start {
            break;
        }
        end += 1;
    }
    if end >= toks.len() || !matches!(w(end), "," | "." | ";" | "—" | "–") || end < start + 2 {
        return None;
    }
    (ROLE_RELATIVES.contains(&w(start)) || has_role(text, &toks[start..end])).then(|| &text[toks[start].start..toks[end - 1].end])
}

/// A copula names a role only with a role noun in it ("is a threat" does not).
fn has_role(text: &str, words: &[Token]) -> bool {
    words.iter().any(|t| {
        let x = t.text(text);
        t.shape == Shape::Lower
            && (candidates::is_role_word(x)
                || ROLE_NOUNS.contains(&x))
    })
}

/// "Mr.", "Mrs", "Ms.": courtesy titles, which say nothing of a role.
fn is_honorific(role: &str) -> bool {
    role.split_whitespace().all(|w| HONORIFICS.contains(&w.trim_end_matches('.').to_lowercase().as_str()))
}

fn push_unique(list: &mut Vec<String>, s: &str) {
    if !s.is_empty() && !list.iter().any(|d| d.eq_ignore_ascii_case(s)) {
        list.push(s.to_string());
    }
}

/// "veteran dissident X", "former defense secretary X": lowercase role words
/// right before a person's name, ending in a role noun or title.
fn lowercase_role(text: &str, toks: &[Token], c: &Candidate) -> Option<Span> {
    if c.kind != EntityKind::Person {
        return None;
    }
    let mut k = c.first;
    while k > 0 && c.first - k < 4 && toks[k - 1].shape == Shape::Lower && candidates::is_role_word(toks[k - 1].text(text)) {
        k -= 1;
    }
    // "Former defense secretary X" at the start of a sentence.
    let opens = k > 0 && (k == 1 || !toks[k - 2].is_word() || toks[k - 2].shape == Shape::Number);
    if k < c.first && opens && toks[k - 1].shape == Shape::Capitalized && candidates::is_role_word(&toks[k - 1].text(text).to_lowercase()) {
        k -= 1;
    }
    (k < c.first).then(|| Span::new(toks[k].start, toks[c.first - 1].end))
}

/// "X, a senior fellow at RAND, said": the noun phrase between commas after a
/// name, when it opens with an article or a possessive and is short.
fn appositive<'a>(text: &'a str, toks: &[Token], last: usize) -> Option<&'a str> {
    let comma = toks.get(last + 1)?;
    if comma.text(text) != "," {
        return None;
    }
    // "According to the agency, troops ...": a clause follows, no appositive.
    let lead = |k: usize| toks.get(k).map_or("", |t| t.text(text));
    // The phrase ends one to four tokens before the name's last.
    let attribution = |end: usize| ATTRIBUTIONS.iter().any(|p| p.split(' ').rev().enumerate().all(|(n, w)| end >= n && lead(end - n) == w));
    if (1..=4).any(|d| last > d && attribution(last - d)) {
        return None;
    }
    let first = toks.get(last + 2)?;
    let fw = first.text(text);
    // "X, professor of history at Y", "X, of the Y Center".
    let bare_role = first.shape == Shape::Lower && candidates::is_role_word(fw) && !NOT_BARE_ROLES.contains(&fw);
    let of = AFFILIATION_OF.contains(&fw) && toks.get(last + 3).is_some_and(|t| AFFILIATION_ARTICLES.contains(&t.text(text)) || t.is_upper_initial());
    if !APPOSITIVE_OPENERS.contains(&fw) && !bare_role && !of {
        return None;
    }
    let mut end = last + 2;
    // Where the descriptor ends: before a bracketed acronym ("... Studies
    // (SISS).") or a relative clause ("... in Moscow who now consults").
    let mut desc_end = None;
    while end < toks.len() && end < last + 2 + 20 {
        let t = toks[end];
        let w = t.text(text);
        if w == "(" && toks.get(end + 1).is_some_and(|a| a.shape == Shape::AllCaps) && toks.get(end + 2).is_some_and(|c| c.text(text) == ")") {
            desc_end.get_or_insert(end);
            end += 3;
            continue;
        }
        if matches!(w, "," | "." | ";" | ":" | "\"" | "“" | "”" | ")" | "(" | "—" | "–") {
            break;
        }
        // "also known as the Storm Corps" is another name, no descriptor.
        if t.shape == Shape::Lower && (OTHER_NAME_VERBS.contains(&w) || OTHER_NAME_PHRASES.iter().any(|p| p.split(' ').enumerate().all(|(n, x)| lead(end + n) == x))) {
            return None;
        }
        if t.shape == Shape::Lower && DESCRIPTOR_RELATIVES.contains(&w) {
            if end < last + 4 || desc_end.is_some() {
                return None;
            }
            desc_end = Some(end);
        }
        end += 1;
    }
    if end == last + 2 || end == toks.len() {
        return None;
    }
    let stop = toks[end].text(text);
    if !matches!(stop, "," | "." | ";" | "—" | "–") {
        return None;
    }
    let end = desc_end.unwrap_or(end);
    Some(&text[first.start..toks[end - 1].end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_function_words_of_roles_are_read_from_the_data_file() {
        let lists: [(&Words, &str, &str); 10] = [
            (&COPULAS, "was", "are"),
            (&COPULA_ARTICLES, "an", "the"),
            (&ROLE_RELATIVES, "who", "which"),
            (&AFFILIATION_OF, "of", "at"),
            (&AFFILIATION_ARTICLES, "the", "a"),
            (&AFFILIATION_WORDS, "on", "at"),
            (&ATTRIBUTIONS, "according To", "according"),
            (&NOT_BARE_ROLES, "then", "former"),
            (&OTHER_NAME_PHRASES, "known as", "known"),
            (&DESCRIPTOR_RELATIVES, "which", "whose"),
        ];
        for (list, yes, no) in lists {
            assert!(list.contains(&yes), "{yes} missing");
            assert!(!list.contains(&no), "{no} listed");
        }
    }

    #[test]
    fn the_word_lists_of_roles_are_read_from_the_data_file() {
        assert!(OFFICE_VERBS.contains(&"co-founded") && !OFFICE_VERBS.contains(&"said"));
        assert!(ROLE_NOUNS.contains(&"colonel") && !ROLE_NOUNS.contains(&"threat"));
        assert!(APPOSITIVE_OPENERS.contains(&"whose") && !APPOSITIVE_OPENERS.contains(&"who"));
        assert!(CLAUSE_STOPS.contains(&"which") && !CLAUSE_STOPS.contains(&"added"));
        assert!(AFFILIATION_STOPS.contains(&"added") && !AFFILIATION_STOPS.contains(&"which"));
        assert!(OTHER_NAME_VERBS.contains(&"called") && !OTHER_NAME_VERBS.contains(&"known"));
        assert!(is_honorific("Mrs.") && is_honorific("Mr") && is_honorific("Mlle"));
        assert!(!is_honorific("Gen.") && !is_honorific("Mr. President"));
    }
}
