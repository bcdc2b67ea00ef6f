//! Numeric claims grouped by the thing they measure.
//!
//! A claim's subject ("North Korean troops sent to Russia") is read into:
//!
//! - a **measure class** from `data/measures.txt` (deployment, killed,
//!   wounded, casualties, size, pay, revenue, ...); when several words
//!   match, the class listed first wins;
//! - a **head noun**, the first noun of `data/synonyms.txt` in the subject
//!   (else its first lowercase content word), with synonyms folded
//!   (troops = soldiers = forces = personnel: "deployment grow to troops"
//!   has the head "troop");
//!   it stands in for the class when the subject has no measure word;
//! - **groups**: the capitalised words that are not a place after a
//!   preposition ("North Korean" in "North Korean troops sent to Russia";
//!   not "Russia"). Each word is folded to the shortest spelling in the
//!   corpus it shares a long prefix with, so "Korea" meets "Korean" and
//!   "Ukraine" meets "Ukrainian"; a national capital standing for its
//!   government (`data/capitals.tsv`: "Pyongyang") names its country.
//!
//! Claims with the same unit, time denominator (`per`), thing denominator
//! (`per_each`, synonyms folded), class, head noun and groups form one
//! topic ("children evacuated" ≠ "residents evacuated"). Then three kinds of
//! less specific claims join a topic when exactly one fits: a classed claim
//! without a head noun ("evacuees", "casualties") joins the topic of its
//! class and groups that has one; a claim without a measure class joins the topic of the same groups whose
//! claims have its head noun ("North Korean troops" → the deployment of
//! North Korean troops, if no other topic about North Korean troops
//! exists), and a claim naming no group joins the one topic of its class
//! that names a group. Statement claims (no figure) are not topics.

use std::collections::BTreeMap;

use rayon::prelude::*;
use sitrep_core::{Claim, Document};

use crate::lexicon::{canonical_noun, country_of_capital, is_known_noun, measure_class};
use crate::text::{fold, is_stopword, words};

/// Claims about one measured thing, as (document index, claim index).
pub struct Group {
    pub label: String,
    /// The measure only grows over time (people sent, killed, wounded,
    /// displaced): a later, higher figure is growth, not a contradiction.
    pub cumulative: bool,
    pub unit: Option<String>,
    pub per: Option<String>,
    pub members: Vec<(usize, usize)>,
}

/// What a subject says is measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub class: Option<&'static str>,
    pub head: Option<String>,
    /// Lowercase group phrases, one word vector each.
    pub groups: Vec<Vec<String>>,
}

const PLACE_PREPOSITIONS: [&str; 13] =
    ["to", "in", "into", "at", "toward", "towards", "near", "inside", "across", "within", "from", "on", "for"];

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Read a subject into its class, head noun and groups.
pub fn analyse(subject: &str) -> Subject {
    let mut class: Option<(usize, &'static str)> = None;
    let mut parts: Vec<&'static str> = Vec::new();
    let mut head = None;
    let mut known_head = None;
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut in_place = false;
    let mut late_class: Option<(usize, &'static str)> = None;
    for w in words(subject) {
        let lower = fold(w);
        if let Some(c) = measure_class(&lower) {
            if in_place {
                // After a preposition a measure word qualifies ("troops sent
                // to Russia to aid its army"): it counts only when nothing
                // before it names a measure.
                late_class.get_or_insert(c);
            } else {
                if CASUALTY_PARTS.contains(&c.1) && !parts.contains(&c.1) {
                    parts.push(c.1);
                }
                match class {
                    Some((p, _)) if p <= c.0 => {}
                    _ => class = Some(c),
                }
            }
        }
        let generic = measure_class(&lower).is_some() || is_known_noun(&lower) || is_stopword(&lower);
        if is_capitalised(w) && !generic && !lower.chars().all(|c| c.is_ascii_digit()) {
            if !in_place {
                run.push(lower);
            }
            continue;
        }
        if !run.is_empty() {
            groups.push(std::mem::take(&mut run));
        }
        if lower == "the" {
            continue;
        }
        // After a place preposition, capitalised words name where, not
        // who ("troops sent to eastern Russia by Moscow").
        in_place |= PLACE_PREPOSITIONS.contains(&lower.as_str());
        if !is_stopword(&lower)
            && !GENERIC_NOUNS.contains(&lower.as_str())
            && measure_class(&lower).is_none()
            && lower.chars().any(char::is_alphabetic)
        {
            if known_head.is_none() && is_known_noun(&lower) {
                known_head = Some(canonical_noun(&lower));
            }
            if head.is_none() {
                head = Some(canonical_noun(&lower));
            }
        }
    }
    if !run.is_empty() {
        groups.push(run);
    }
    // A capital standing for its country ("Pyongyang") names the country.
    for g in &mut groups {
        if let Some(country) = country_of_capital(&g.join(" ")) {
            *g = country.split(' ').map(str::to_string).collect();
        }
    }
    let class = if parts.len() > 1 { Some("casualties") } else { class.or(late_class).map(|c| c.1) };
    Subject { class, head: known_head.or(head), groups }
}

/// The head noun of what a figure counts, when its quantity names it: "30
/// officers assigned for North Korean soldiers" counts officers, whatever
/// other nouns the subject holds.
fn with_counted_head(mut subject: Subject, doc: &Document, c: &Claim) -> Subject {
    let counted = c.quantity.and_then(|q| doc.quantities.get(q)).and_then(|q| q.counted.as_deref());
    // A demonym ("11,000 North Koreans") names who, not what: keep the subject's head.
    if let Some(last) = counted.and_then(|n| words(n).last().copied()).filter(|w| !is_capitalised(w)) {
        let last = fold(last);
        if measure_class(&last).is_none() && !is_stopword(&last) && last.chars().any(char::is_alphabetic) {
            subject.head = Some(canonical_noun(&last));
        }
    }
    subject
}

/// The canonical noun of a claim's thing denominator ("soldier" → "troop").
pub fn per_each_key(per_each: Option<&str>) -> String {
    per_each.map(|p| words(p).last().map(|w| canonical_noun(&fold(w))).unwrap_or_default()).unwrap_or_default()
}

/// Whether a claim states a figure.
pub fn is_numeric(c: &Claim) -> bool {
    [c.value, c.low, c.high].iter().flatten().any(|v| v.is_finite())
}

/// The subject of a claim, or what its quantity counts when it has none.
pub fn subject_of<'a>(doc: &'a Document, c: &'a Claim) -> &'a str {
    let s = c.subject.trim();
    if !s.is_empty() {
        return s;
    }
    c.quantity.and_then(|q| doc.quantities.get(q)).and_then(|q| q.counted.as_deref()).unwrap_or("")
}

/// Longest common prefix, in characters.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Whether two group words are spellings of one name ("korea"/"korean",
/// "ukraine"/"ukrainian"): a common prefix of at least 4 characters and 80%
/// of the shorter word.
fn same_group_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let shorter = a.chars().count().min(b.chars().count());
    let p = common_prefix(a, b);
    p >= 4 && p * 5 >= shorter * 4
}

/// Map every group word of the corpus to the shortest spelling it meets.
fn group_word_map(subjects: &[Subject]) -> BTreeMap<String, String> {
    let mut all: Vec<&str> =
        subjects.iter().flat_map(|s| s.groups.iter().flatten().map(String::as_str)).collect();
    all.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    all.dedup();
    let mut canon: Vec<&str> = Vec::new();
    let mut map = BTreeMap::new();
    for w in all {
        let target = canon.iter().find(|c| same_group_word(c, w)).copied().unwrap_or_else(|| {
            canon.push(w);
            w
        });
        map.insert(w.to_string(), target.to_string());
    }
    map
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    unit: String,
    per: String,
    per_each: String,
    /// The measure class, or `~` and the head noun.
    class: String,
    /// The head noun when the subject has a measure class too.
    head: String,
    groups: String,
}

struct Item {
    doc: usize,
    claim: usize,
    subject: Subject,
    key: Key,
}

/// Nouns that name a figure, not a thing: "amount", "sum", "total".
const GENERIC_NOUNS: &[&str] = &["amount", "sum", "total", "figure", "number", "count", "share", "tally"];

/// Measure classes whose figures only grow as a story goes on.
const CUMULATIVE_CLASSES: &[&str] =
    &["deployment", "killed", "wounded", "casualties", "captured", "missing", "displaced", "damage"];

/// Classes that, named together ("killed or wounded"), make casualties.
const CASUALTY_PARTS: &[&str] = &["killed", "wounded", "captured", "missing"];

/// Figures further apart than this factor are not the same kind of amount.
const SAME_MAGNITUDE: f64 = 10.0;

/// A claim's figure: its value, else an end of its interval.
fn interval_value(c: &Claim) -> Option<f64> {
    c.value.or(c.high).or(c.low).filter(|v| v.is_finite()).map(f64::abs)
}

/// The measure class that unclassed counts of people join.
const PRESENCE_CLASS: &str = "deployment";

/// Move each key that `from` selects into the one other key that `fits`
/// accepts, when exactly one does: a less specific claim joins a topic only
/// when no other topic could have it.
fn join_unique(
    by_key: &mut BTreeMap<Key, Vec<usize>>,
    from: impl Fn(&Key) -> bool,
    fits: impl Fn(&Key, &Key, &BTreeMap<Key, Vec<usize>>) -> bool,
) {
    let keys: Vec<Key> = by_key.keys().cloned().collect();
    for k in keys.iter().filter(|k| from(k)) {
        let targets: Vec<&Key> =
            keys.iter().filter(|o| *o != k && by_key.contains_key(*o) && by_key.contains_key(k) && fits(k, o, by_key)).collect();
        if let [target] = targets[..] {
            let moved = by_key.remove(k).unwrap_or_default();
            by_key.entry(target.clone()).or_default().extend(moved);
        }
    }
}

/// Group the numeric claims of all documents into topics.
pub fn group(docs: &[Document], duplicate_of: &[Option<usize>]) -> Vec<Group> {
    let mut items: Vec<Item> = docs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(d, doc)| {
            doc.claims.iter().enumerate().filter(|(_, c)| is_numeric(c)).map(move |(i, c)| Item {
                doc: d,
                claim: i,
                subject: with_counted_head(analyse(subject_of(doc, c)), doc, c),
                key: Key {
                    unit: c.unit.clone().unwrap_or_default(),
                    per: c.per.clone().unwrap_or_default(),
                    per_each: per_each_key(c.per_each.as_deref()),
                    class: String::new(),
                    head: String::new(),
                    groups: String::new(),
                },
            })
        })
        .collect();
    let subjects: Vec<Subject> = items.iter().map(|i| i.subject.clone()).collect();
    let canon = group_word_map(&subjects);
    for item in &mut items {
        if let (Some(_), Some(h)) = (item.subject.class, &item.subject.head) {
            item.key.head = h.clone();
        }
        item.key.class = match (item.subject.class, &item.subject.head) {
            (Some(c), _) => c.to_string(),
            (None, Some(h)) => format!("~{h}"),
            (None, None) => "~".to_string(),
        };
        let mut groups: Vec<String> = item
            .subject
            .groups
            .iter()
            .map(|g| g.iter().map(|w| canon.get(w).map_or(w.as_str(), String::as_str)).collect::<Vec<_>>().join(" "))
            .collect();
        groups.sort();
        groups.dedup();
        item.key.groups = groups.join("|");
    }

    let mut by_key: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        by_key.entry(item.key.clone()).or_default().push(i);
    }

    // Classed claims without a head noun ("casualties") join the one topic
    // of their class and groups that has one ("soldiers killed").
    join_unique(
        &mut by_key,
        |k| k.head.is_empty() && !k.class.starts_with('~'),
        |k, o, _| {
            !o.head.is_empty()
                && (&o.unit, &o.per, &o.per_each, &o.class, &o.groups) == (&k.unit, &k.per, &k.per_each, &k.class, &k.groups)
        },
    );
    // Claims without a measure class join the one classed topic of their
    // groups whose claims share their head noun.
    join_unique(
        &mut by_key,
        |k| k.class.starts_with('~'),
        |k, o, by_key| {
            !o.class.starts_with('~')
                && (&o.unit, &o.per, &o.per_each, &o.groups) == (&k.unit, &k.per, &k.per_each, &k.groups)
                && by_key[o].iter().any(|&i| items[i].subject.head.as_deref() == Some(&k.class[1..]))
        },
    );
    // Claims without a thing denominator ("paid $2,000 a month") join the
    // one topic that has one and otherwise matches ("$2,000 per soldier a
    // month"), when their figures are of the same order of magnitude: a
    // total ("$20 million a month") is not a rate per soldier.
    let magnitude = |members: &[usize]| -> Option<f64> {
        members.iter().filter_map(|&i| interval_value(&docs[items[i].doc].claims[items[i].claim])).reduce(f64::max)
    };
    join_unique(
        &mut by_key,
        |k| k.per_each.is_empty(),
        |k, o, by_key| {
            !o.per_each.is_empty()
                && (&o.unit, &o.per, &o.class, &o.groups) == (&k.unit, &k.per, &k.class, &k.groups)
                && match (magnitude(&by_key[k]), magnitude(&by_key[o])) {
                    (Some(a), Some(b)) if a > 0.0 && b > 0.0 => (a / b).max(b / a) <= SAME_MAGNITUDE,
                    _ => false,
                }
        },
    );
    // Claims naming no group join the one topic of their class naming one
    // (with their head noun, when they have one).
    join_unique(
        &mut by_key,
        |k| k.groups.is_empty(),
        |k, o, _| {
            !o.groups.is_empty()
                && (&o.unit, &o.per, &o.per_each, &o.class) == (&k.unit, &k.per, &k.per_each, &k.class)
                && (k.head.is_empty() || o.head == k.head)
        },
    );
    // Counts of people with no measure class ("soldiers in the Kursk
    // region", "North Koreans gather near the front") say where people
    // are: they join the one deployment topic of their groups (of any
    // groups, when they name none) that counts the same people ("officers"
    // do not join a topic of soldiers).
    join_unique(
        &mut by_key,
        |k| k.class.starts_with('~') && k.unit == "person",
        |k, o, by_key| {
            let head = &k.class[1..];
            o.class == PRESENCE_CLASS
                && (&o.unit, &o.per, &o.per_each) == (&k.unit, &k.per, &k.per_each)
                && (o.groups == k.groups || k.groups.is_empty())
                && (head.is_empty() || by_key[o].iter().any(|&i| items[i].subject.head.as_deref() == Some(head)))
        },
    );

    by_key
        .into_iter()
        .map(|(key, members)| {
            let first = &docs[items[members[0]].doc].claims[items[members[0]].claim];
            Group {
                label: label(docs, duplicate_of, &items, &key, &members),
                cumulative: CUMULATIVE_CLASSES.contains(&key.class.as_str()),
                unit: first.unit.clone(),
                per: first.per.clone(),
                members: members.iter().map(|&i| (items[i].doc, items[i].claim)).collect(),
            }
        })
        .collect()
}

/// The subject that best names the topic: one of the topic's own key that
/// says what is measured (its measure class and groups) in few words,
/// opening with who or what is counted,
/// used by the most original documents; ties go to the shorter, then the
/// alphabetically first. A subject with no noun of its own ("amount")
/// gets the unit and rate ("amount in USD a year").
fn label(docs: &[Document], duplicate_of: &[Option<usize>], items: &[Item], key: &Key, members: &[usize]) -> String {
    let chosen = vote(docs, duplicate_of, items, key, members);
    let generic = words(&chosen).into_iter().all(|w| GENERIC_NOUNS.contains(&fold(w).as_str()));
    if !generic || key.unit.is_empty() {
        return chosen;
    }
    match key.per.as_str() {
        "" => format!("{chosen} in {}", key.unit),
        per => format!("{chosen} in {} a {per}", key.unit),
    }
}

/// Whether a subject names its topic's measure: it has the key's measure
/// class and every group word, and is short enough to read as a label.
fn names_measure(s: &str, key: &Key) -> bool {
    const MAX_LABEL_WORDS: usize = 8;
    let a = analyse(s);
    let class_ok = key.class.starts_with('~') || a.class == Some(key.class.as_str());
    let group_ok = key.groups.is_empty() || !a.groups.is_empty();
    class_ok && group_ok && words(s).len() <= MAX_LABEL_WORDS
}

/// Whether a subject opens with who or what is counted ("North Korean
/// troops sent ...", "residents displaced"), which reads best as a label.
fn noun_first(s: &str) -> bool {
    let a = analyse(s);
    let Some(first) = words(s).first().map(|w| fold(w)) else { return false };
    a.groups.first().and_then(|g| g.first()).is_some_and(|g| *g == first)
        || a.head.as_deref().is_some_and(|h| canonical_noun(&first) == h)
}

fn vote(docs: &[Document], duplicate_of: &[Option<usize>], items: &[Item], key: &Key, members: &[usize]) -> String {
    let mut votes: BTreeMap<&str, (bool, bool, bool, usize)> = BTreeMap::new();
    for &i in members {
        let it = &items[i];
        let original = duplicate_of.get(it.doc).is_some_and(Option::is_none);
        let doc = &docs[it.doc];
        let s = subject_of(doc, &doc.claims[it.claim]);
        if s.is_empty() {
            continue;
        }
        let v = votes.entry(s).or_default();
        v.0 = names_measure(s, key) && noun_first(s);
        v.1 |= it.key == *key;
        v.2 |= original;
        v.3 += usize::from(original);
    }
    votes
        .into_iter()
        .max_by(|(a, va), (b, vb)| va.cmp(vb).then(b.len().cmp(&a.len())).then(b.cmp(a)))
        .map(|(s, _)| s.to_string())
        .unwrap_or_else(|| {
            let unit = if key.unit.is_empty() { "figure" } else { key.unit.as_str() };
            format!("unlabelled {unit}")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(s: &str) -> Vec<String> {
        analyse(s).groups.iter().map(|g| g.join(" ")).collect()
    }

    #[test]
    fn subjects_are_read() {
        let s = analyse("North Korean troops sent to Russia");
        assert_eq!(s.class, Some("deployment"));
        assert_eq!(s.head.as_deref(), Some("troop"));
        assert_eq!(groups("North Korean troops sent to Russia"), vec!["north korean"]);
        assert_eq!(analyse("North Korean casualties").class, Some("casualties"));
        assert_eq!(analyse("North Korean army active soldiers").class, Some("size"));
        assert_eq!(analyse("pay per soldier").class, Some("pay"));
        assert_eq!(analyse("soldiers killed after being deployed").class, Some("killed"));
        assert_eq!(analyse("soldiers killed or wounded").class, Some("casualties"));
        assert_eq!(analyse("troops dispatched to Russia to aid military").class, Some("deployment"));
        assert_eq!(analyse("people in camps for the displaced").class, Some("displaced"));
        assert_eq!(analyse("deployment could grow to troops").head.as_deref(), Some("troop"));
        assert_eq!(groups("Ukrainian losses in the Kursk region"), vec!["ukrainian"]);
        assert_eq!(groups("Pyongyang deploy troops"), vec!["north korea"]);
        assert_eq!(groups("Troops stationed in Russia's Kursk region"), Vec::<String>::new());
        let s = analyse("North Korean soldiers");
        assert_eq!((s.class, s.head.as_deref()), (None, Some("troop")));
    }

    #[test]
    fn group_words_meet_their_variants() {
        assert!(same_group_word("korea", "korean"));
        assert!(same_group_word("ukraine", "ukrainian"));
        assert!(same_group_word("russia", "russian"));
        assert!(!same_group_word("austria", "australia"));
        assert!(!same_group_word("iran", "iraq"));
    }

    #[test]
    fn per_each_folds_synonyms() {
        assert_eq!(per_each_key(Some("soldier")), "troop");
        assert_eq!(per_each_key(Some("North Korean soldiers")), "troop");
        assert_eq!(per_each_key(None), "");
    }
}
