//! The cue lists and closed word classes behind claims, compiled in from
//! `data/lang/en/claims/*.txt` (see the headers of those files).

use sitrep_core::{Modality, SourceKind};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::LazyLock;

/// Multi-word cues keyed by their first word: the remaining words and what
/// the cue marks.
pub struct Cues<T> {
    by_first: HashMap<&'static str, Vec<(Vec<&'static str>, T)>>,
}

impl<T: Copy> Cues<T> {
    fn parse(data: &'static str, class: impl Fn(&str) -> Option<T>) -> Self {
        let mut by_first: HashMap<&'static str, Vec<(Vec<&'static str>, T)>> = HashMap::new();
        for line in data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let mut words = line.split_whitespace();
            let (Some(tag), Some(first)) = (words.next(), words.next()) else { continue };
            let Some(class) = class(tag) else { panic!("unknown class {tag:?} in a claims lexicon") };
            by_first.entry(first).or_default().push((words.collect(), class));
        }
        // Longest cue first, so "put the figure" wins over a shorter one.
        for list in by_first.values_mut() {
            list.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
        }
        Cues { by_first }
    }

    /// The cue starting at `words[i]` (lower-case words), with its length in words.
    pub fn at(&self, words: &[&str], i: usize) -> Option<(usize, T)> {
        let list = self.by_first.get(words[i])?;
        list.iter().find_map(|(rest, class)| {
            let tail = words.get(i + 1..i + 1 + rest.len())?;
            (tail == rest.as_slice()).then_some((1 + rest.len(), *class))
        })
    }
}

pub static MODALITY: LazyLock<Cues<Modality>> = LazyLock::new(|| {
    Cues::parse(include_str!("../../data/lang/en/claims/modality.txt"), |tag| match tag {
        "hypothetical" => Some(Modality::Hypothetical),
        "denied" => Some(Modality::Denied),
        "possible" => Some(Modality::Possible),
        "reported" => Some(Modality::Reported),
        "estimated" => Some(Modality::Estimated),
        _ => None,
    })
});

/// Words that can name a source, with the kind of source they tell (`None`
/// for a role that tells no kind: "engineer", "director").
pub static SOURCE_WORDS: LazyLock<Cues<Option<SourceKind>>> = LazyLock::new(|| {
    Cues::parse(include_str!("../../data/lang/en/claims/sources.txt"), |tag| match tag {
        "government" => Some(Some(SourceKind::Government)),
        "media" => Some(Some(SourceKind::Media)),
        "anonymous" => Some(Some(SourceKind::Anonymous)),
        "organization" => Some(Some(SourceKind::Organization)),
        "role" => Some(None),
        _ => None,
    })
});

/// The attribution words of `data/lang/en/claims/attribution.txt`, by class.
pub struct Attribution {
    verbs: HashSet<&'static str>,
    agents: HashSet<&'static str>,
    documents: HashSet<&'static str>,
    framing: HashSet<&'static str>,
}

impl Attribution {
    /// A verb whose subject is the source of the figures it governs.
    pub fn is_verb(&self, word: &str) -> bool {
        self.verbs.contains(word)
    }

    /// A participle whose "by" agent is the source of a figure.
    pub fn is_agent_verb(&self, word: &str) -> bool {
        self.agents.contains(word)
    }

    /// A verb that attributes only with a figure noun as its object ("the
    /// unions give the estimate at 3 million", "gave a count of 900").
    pub fn is_framing_verb(&self, word: &str) -> bool {
        self.framing.contains(word)
    }

    /// A document or figure noun that stands for whoever issued it.
    pub fn is_document(&self, word: &str) -> bool {
        self.documents.contains(word)
    }
}

pub static ATTRIBUTION: LazyLock<Attribution> = LazyLock::new(|| {
    let mut a = Attribution { verbs: HashSet::new(), agents: HashSet::new(), documents: HashSet::new(), framing: HashSet::new() };
    for line in include_str!("../../data/lang/en/claims/attribution.txt").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let Some((class, word)) = line.split_once(' ') else { continue };
        let set = match class {
            "verb" => &mut a.verbs,
            "agent" => &mut a.agents,
            "document" => &mut a.documents,
            "framing" => &mut a.framing,
            _ => panic!("unknown class {class:?} in data/lang/en/claims/attribution.txt"),
        };
        set.insert(word.trim());
    }
    a
});

/// A closed class of words (a set of lower-case words; a phrase is its
/// words joined by spaces).
pub struct WordClass(HashSet<String>);

impl WordClass {
    pub fn has(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    /// Whether the two words `first second` make a phrase of the class
    /// ("in which").
    pub fn has_pair(&self, first: &str, second: &str) -> bool {
        self.0.iter().any(|p| p.split_once(' ') == Some((first, second)))
    }

    /// The phrases of the class, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

/// The classes of a word-class file (`class word word ...` lines, "+"
/// joining the words of a phrase), taken out one by one by name.
struct Classes {
    file: &'static str,
    by_class: HashMap<&'static str, HashSet<String>>,
}

impl Classes {
    fn parse(file: &'static str, data: &'static str) -> Self {
        let mut by_class: HashMap<&'static str, HashSet<String>> = HashMap::new();
        for line in data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let mut words = line.split_whitespace();
            let Some(class) = words.next() else { continue };
            by_class.entry(class).or_default().extend(words.map(|w| w.replace('+', " ")));
        }
        Classes { file, by_class }
    }

    fn take(&mut self, class: &str) -> WordClass {
        let Some(words) = self.by_class.remove(class) else { panic!("no class {class:?} in {}", self.file) };
        WordClass(words)
    }

    /// Every class of the file was taken: none is misspelt.
    fn done(self) {
        if let Some(class) = self.by_class.keys().next() {
            panic!("unknown class {class:?} in {}", self.file);
        }
    }
}

/// The word classes a figure's clause is read with (claims/frame.rs).
pub struct ClauseWords {
    /// After it a name is not the doer of a clause.
    pub preposition: WordClass,
    /// Words of degree between a verb and its figure ("drew some 119,000").
    pub degree: WordClass,
    /// Words before a noun that name nothing themselves.
    pub determiner: WordClass,
    /// Auxiliaries and modals, which never name what is counted.
    pub auxiliary: WordClass,
    /// Words that open a relative clause attached to the phrase before it.
    pub relative: WordClass,
    /// Words that may stand between a counted phrase and its verb.
    pub between: WordClass,
    /// Speech words whose time is the time of a statement.
    pub statement: WordClass,
    /// Modifiers naming a sort of what is counted, counted apart from the rest.
    pub sort: WordClass,
    /// Nouns naming the places a figure counts ("15 countries", "40 cities").
    pub realm: WordClass,
    /// Conjunctions that open another clause ("and", "whereas").
    pub coordinator: WordClass,
    /// Words between a locative preposition and its place ("the western").
    pub region_lead: WordClass,
    /// Words that make what follows counted one by one ("each", "per").
    pub each: WordClass,
    /// Possessive endings written as tokens of their own ("Russia 's").
    pub possessive: WordClass,
    /// Conjunctions joining two measures into the whole both are parts of
    /// ("killed or wounded").
    pub join: WordClass,
    /// The definite article.
    pub definite: WordClass,
    /// Articles opening an apposition (", a city in ...").
    pub article: WordClass,
    /// The preposition of a tally's or a whole's "of" phrase ("the number of").
    pub genitive: WordClass,
    /// The preposition of an infinitive of purpose ("sent 10,000 troops to fight").
    pub purpose: WordClass,
    /// Words before `change_from` making the figure the earlier value ("up from").
    pub change: WordClass,
    /// The preposition after `change` ("down from").
    pub change_from: WordClass,
    /// Prepositions after a counted phrase leading to its group ("troops from").
    pub group_after: WordClass,
    /// A preposition naming who receives what a doer sends ("sent to Russia").
    pub recipient: WordClass,
    /// Prepositions naming where something goes ("deployed to", "moved into").
    pub goal: WordClass,
    /// Present forms of the plain speech verb ("Seoul says").
    pub say: WordClass,
    /// The relative word that hangs a clause on a place ("..., where").
    pub place_relative: WordClass,
    /// The noun of a country's seat of government ("in the capital").
    pub capital: WordClass,
    /// A word after a place making the figure a part counted there ("Paris alone").
    pub part_after: WordClass,
    /// A preposition opening a clause hung on the sentence (", with 40 deaths").
    pub hung_opener: WordClass,
    /// Two-word phrases that open a relative clause ("in which").
    pub relative_phrase: WordClass,
    /// The conjunction that adds a clause after a comma (", and ...").
    pub adds: WordClass,
    /// Endings of a day written as an ordinal ("the 3rd").
    pub ordinal_suffix: WordClass,
}


pub static CLAUSE_WORDS: LazyLock<ClauseWords> = LazyLock::new(|| {
    let mut c = Classes::parse("data/lang/en/claims/clause_words.txt", include_str!("../../data/lang/en/claims/clause_words.txt"));
    let words = ClauseWords {
        preposition: c.take("preposition"),
        degree: c.take("degree"),
        determiner: c.take("determiner"),
        auxiliary: c.take("auxiliary"),
        relative: c.take("relative"),
        between: c.take("between"),
        statement: c.take("statement"),
        sort: c.take("sort"),
        realm: c.take("realm"),
        coordinator: c.take("coordinator"),
        region_lead: c.take("region-lead"),
        each: c.take("each"),
        possessive: c.take("possessive"),
        join: c.take("join"),
        definite: c.take("definite"),
        article: c.take("article"),
        genitive: c.take("genitive"),
        purpose: c.take("purpose"),
        change: c.take("change"),
        change_from: c.take("change-from"),
        group_after: c.take("group-after"),
        recipient: c.take("recipient"),
        goal: c.take("goal"),
        say: c.take("say"),
        place_relative: c.take("place-relative"),
        capital: c.take("capital"),
        part_after: c.take("part-after"),
        hung_opener: c.take("hung-opener"),
        relative_phrase: c.take("relative-phrase"),
        adds: c.take("adds"),
        ordinal_suffix: c.take("ordinal-suffix"),
    };
    c.done();
    words
});

/// The word classes attributions are read with (claims/source.rs).
pub struct SourceWordClasses {
    /// After "by": a deadline, not an agent ("by December").
    pub not_agent: WordClass,
    /// In front of a verb: no verb of its own ("to say", "the reports").
    pub not_verb_after: WordClass,
    /// Words that end a noun phrase read forwards.
    pub np_stop: WordClass,
    /// Words that open a phrase without belonging to the source.
    pub leading: WordClass,
    /// Phrases that follow a source without naming it ("familiar with").
    pub after_source: WordClass,
    /// Words that never name a source on their own.
    pub not_a_name: WordClass,
    /// Words that refer back to an organisation without describing it.
    pub body: WordClass,
    /// Participles of "This was stated by X".
    pub stated: WordClass,
    /// Openings of a sentence that goes on from the paragraph before ("in addition").
    pub goes_on: WordClass,
    /// First words of an attribution framing a whole sentence ("according", "as").
    pub frame_opener: WordClass,
    /// Words opening a contrasting clause an attribution does not cross.
    pub contrast: WordClass,
    /// Prepositions that make the place or body after them an object.
    pub object_of: WordClass,
    /// Words a source phrase does not end with.
    pub dangling: WordClass,
    /// Compass words making a nationality with a demonym ("South Korean").
    pub compass: WordClass,
    /// Subjects referring back to what was just said ("This was stated").
    pub back_subject: WordClass,
    /// Auxiliaries after such a subject.
    pub back_aux: WordClass,
    /// Objects referring back to what was just said ("X confirmed it").
    pub back_object: WordClass,
    /// Determiners of an object referring back ("X confirmed the deaths").
    pub back_determiner: WordClass,
    /// Prepositions after a document noun leading to its source ("a report by").
    pub document_of: WordClass,
    /// Conjunctions after an attribution opening a clause of its own.
    pub coordinator: WordClass,
    /// The phrase naming whose account a sentence follows ("according to").
    pub according: WordClass,
    /// Relatives after that phrase pointing back to the source ("according to which").
    pub according_relative: WordClass,
    /// A preposition after a comma naming the source ("…, per the ministry").
    pub per_source: WordClass,
    /// A preposition after a figure setting it against a source's ("400,000 for the union").
    pub set_against: WordClass,
    /// The preposition of a participle's agent ("estimated by the ministry").
    pub agent_by: WordClass,
    /// Words between "made" and its agent ("made public by").
    pub made_public: WordClass,
    /// Relatives that make a verb after them look back for its source ("a list that the FBI said").
    pub looks_back: WordClass,
    /// The conjunction joining two names into one source ("the ministry and the army").
    pub name_and: WordClass,
}

pub static SOURCE_CLASSES: LazyLock<SourceWordClasses> = LazyLock::new(|| {
    let mut c = Classes::parse("data/lang/en/claims/source_words.txt", include_str!("../../data/lang/en/claims/source_words.txt"));
    let words = SourceWordClasses {
        not_agent: c.take("not-agent"),
        not_verb_after: c.take("not-verb-after"),
        np_stop: c.take("np-stop"),
        leading: c.take("leading"),
        after_source: c.take("after-source"),
        not_a_name: c.take("not-a-name"),
        body: c.take("body"),
        stated: c.take("stated"),
        goes_on: c.take("goes-on"),
        frame_opener: c.take("frame-opener"),
        contrast: c.take("contrast"),
        object_of: c.take("object-of"),
        dangling: c.take("dangling"),
        compass: c.take("compass"),
        back_subject: c.take("back-subject"),
        back_aux: c.take("back-aux"),
        back_object: c.take("back-object"),
        back_determiner: c.take("back-determiner"),
        document_of: c.take("document-of"),
        coordinator: c.take("coordinator"),
        according: c.take("according"),
        according_relative: c.take("according-relative"),
        per_source: c.take("per-source"),
        set_against: c.take("set-against"),
        agent_by: c.take("agent-by"),
        made_public: c.take("made-public"),
        looks_back: c.take("looks-back"),
        name_and: c.take("name-and"),
    };
    c.done();
    words
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_parse_and_match_multi_word_cues() {
        let words = ["officials", "put", "the", "figure", "at"];
        assert_eq!(MODALITY.at(&words, 1), Some((3, Modality::Estimated)));
        assert_eq!(MODALITY.at(&["is", "said", "to"], 0), Some((3, Modality::Reported)));
        assert_eq!(MODALITY.at(&["is", "big"], 0), None);
        assert_eq!(SOURCE_WORDS.at(&["white", "house"], 0), Some((2, Some(SourceKind::Government))));
        assert_eq!(SOURCE_WORDS.at(&["reuters"], 0), Some((1, Some(SourceKind::Media))));
        assert_eq!(SOURCE_WORDS.at(&["union"], 0), Some((1, Some(SourceKind::Organization))));
        assert_eq!(SOURCE_WORDS.at(&["engineer"], 0), Some((1, None)));
        assert!(ATTRIBUTION.is_verb("counted") && ATTRIBUTION.is_agent_verb("estimated") && ATTRIBUTION.is_document("update"));
        assert!(ATTRIBUTION.is_framing_verb("gives") && !ATTRIBUTION.is_verb("gives"));
        assert!(!ATTRIBUTION.is_verb("update"));
    }

    #[test]
    fn word_classes_load_with_their_phrases() {
        assert!(CLAUSE_WORDS.degree.has("roughly") && CLAUSE_WORDS.determiner.has("revised") && !CLAUSE_WORDS.auxiliary.has("troops"));
        assert!(CLAUSE_WORDS.relative_phrase.has_pair("in", "which") && !CLAUSE_WORDS.relative_phrase.has_pair("in", "what"));
        assert!(CLAUSE_WORDS.possessive.has("’s") && CLAUSE_WORDS.goal.has("into") && !CLAUSE_WORDS.recipient.has("into"));
        assert!(SOURCE_CLASSES.after_source.has("familiar with") && SOURCE_CLASSES.not_a_name.has("they"));
        assert!(!SOURCE_CLASSES.np_stop.has("ministry"));
        assert!(SOURCE_CLASSES.according.has_pair("according", "to") && !SOURCE_CLASSES.according.has_pair("according", "the"));
    }
}
