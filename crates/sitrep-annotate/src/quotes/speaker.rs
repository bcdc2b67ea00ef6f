//! Finding the speaker's noun phrase next to a speech cue, and what kind of
//! speaker it is (person, organisation, plural group, pronoun, gender).

use sitrep_text::lists::{list, List, Words};
use std::sync::LazyLock;
use super::lexicon::{lower, Gender, LEXICON};
use super::tokens::{Kind, Tok};

/// A speaker as found in the text: a token range and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Np {
    /// Byte span of the phrase.
    pub s: usize,
    pub e: usize,
    pub pronoun: Option<Pronoun>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    He,
    She,
    They,
    It,
}

/// What the backward search found before a cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Before {
    Speaker(Np),
    /// "it was reported that": speech with no speaker.
    Impersonal,
    /// A passive with a subject ("he was told") or no subject at all.
    None,
}

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/quotes-speaker.txt");

static WEEKDAYS: Words = LazyLock::new(|| list(WORDS, "weekdays"));

/// Words that never belong to a subject noun phrase: a backward search stops there.
static STOP: Words = LazyLock::new(|| list(WORDS, "stop"));

/// Words between a subject and its verb that are skipped: "Trump also said",
/// "she has repeatedly said". Passive auxiliaries are told apart.
static AUX: Words = LazyLock::new(|| list(WORDS, "aux"));
static PASSIVE: Words = LazyLock::new(|| list(WORDS, "passive"));

/// How many words a relative clause between a subject and its cue may run
/// ("A nurse who treated the wounded at the field hospital said").
const RELATIVE_REACH: usize = 24;

/// Prepositions that may sit inside a subject phrase ("the head of the agency").
static INNER: Words = LazyLock::new(|| list(WORDS, "inner"));

/// Forward phrases ("said X ...") stop at these words.
static FSTOP: Words = LazyLock::new(|| list(WORDS, "fstop"));

static DETERMINERS: Words = LazyLock::new(|| list(WORDS, "determiners"));

/// Auxiliaries and modals: a clause of their own ("has", "would").
static MODALS: Words = LazyLock::new(|| list(WORDS, "modals"));

/// Prepositions and verbs of aspect a speech participle may follow ("by saying", "kept warning").
static PARTICIPLE_OPENERS: Words = LazyLock::new(|| list(WORDS, "participle_openers"));

static PREPOSITIONS: Words = LazyLock::new(|| list(WORDS, "prepositions"));

/// Prepositions of an adverbial phrase between a subject and its verb ("has in the past dismissed").
static ADVERBIAL_PREPOSITIONS: Words = LazyLock::new(|| list(WORDS, "adverbial_prepositions"));

/// Words of the names of states ("republic", "federal"): no person's name.
static STATE_WORDS: Words = LazyLock::new(|| list(WORDS, "state_words"));

/// Units of a calendar period before a cue ("last week said").
static CALENDAR_UNITS: Words = LazyLock::new(|| list(WORDS, "calendar_units"));

/// Words making a calendar unit a time ("last", "this").
static PERIOD_DEICTICS: Words = LazyLock::new(|| list(WORDS, "period_deictics"));

/// Prepositions after a speaker's name opening an affiliation ("X of Y").
static AFFILIATION_PREPOSITIONS: Words = LazyLock::new(|| list(WORDS, "affiliation_prepositions"));

/// Lowercase words inside an organisation's name ("Bank of X").
static ORG_JOINERS: Words = LazyLock::new(|| list(WORDS, "org_joiners"));

/// Prepositions before a weekday between a subject and its verb ("Ruiz on Tuesday said").
static WEEKDAY_PREPOSITIONS: Words = LazyLock::new(|| list(WORDS, "weekday_prepositions"));

/// Relative pronouns between a subject and its verb ("X, who said").
static SUBJECT_RELATIVES: Words = LazyLock::new(|| list(WORDS, "subject_relatives"));

/// Relative pronouns opening a clause after a subject's noun ("An aide who
/// asked not to be named said", "a man whose son …").
static CLAUSE_RELATIVES: Words = LazyLock::new(|| list(WORDS, "clause_relatives"));

/// Suffixes of a name, as written, that take a period ("Jr.").
static NAME_SUFFIXES: Words = LazyLock::new(|| list(WORDS, "name_suffixes"));

/// The conjunction joining words inside a noun phrase ("Federal and state officials").
static COORDINATORS: Words = LazyLock::new(|| list(WORDS, "coordinators"));

/// The article that may follow an organisation joiner ("director of the Korea Risk Group").
static ORG_ARTICLES: Words = LazyLock::new(|| list(WORDS, "org_articles"));

/// Endings of adverbs, lowercase ("repeatedly", "also" is an [aux] word).
static ADVERB_ENDINGS: Words = LazyLock::new(|| list(WORDS, "adverb_endings"));

/// Endings of negated auxiliaries, lowercase ("didn't", "won’t").
static NEGATION_ENDINGS: Words = LazyLock::new(|| list(WORDS, "negation_endings"));

/// Letters of political parties before a hyphen and a state ("R-Texas"), lowercase.
static PARTY_LETTERS: Words = LazyLock::new(|| list(WORDS, "party_letters"));

fn ends_with_any(list: &[&str], w: &str) -> bool {
    list.iter().any(|e| w.ends_with(e))
}

/// Whether `w` (lowercase) is a function word that cannot start a name.
pub fn is_stop_word(w: &str) -> bool {
    has(&STOP, w) || has(&DETERMINERS, w)
}

/// Words that may follow "…, X said" before the sentence ends: a time, a
/// place, a medium ("said Friday", "said in a statement", "said of the plan").
pub static ADVERBIAL: Words = LazyLock::new(|| list(WORDS, "adverbial"));

/// Whether `w` (lowercase) is an auxiliary or a speech verb: a clause of its own.
pub fn is_verb_word(w: &str) -> bool {
    has(&PASSIVE, w) || has(&MODALS, w) || LEXICON.starts_cue(w)
}

/// Whether a speech participle may follow the word `w` (lowercase):
/// an auxiliary ("is saying"), an adverb ("repeatedly saying") or a
/// preposition that heads a clause ("by saying", "after warning").
pub fn before_participle(w: &str) -> bool {
    has(&PASSIVE, w)
        || has(&AUX, w)
        || ends_with_any(&ADVERB_ENDINGS, w)
        || has(&PARTICIPLE_OPENERS, w)
}

/// Whether `w` (lowercase) is a preposition.
pub fn is_preposition(w: &str) -> bool {
    has(&PREPOSITIONS, w)
}

fn has(list: &List, w: &str) -> bool {
    list.contains(&w)
}

/// Subject pronouns that may name a speaker, with the kind of referent
/// each takes (`[pronouns]`: the word, then `he`, `she`, `they` or `it`).
static PRONOUNS: LazyLock<Vec<(&str, Pronoun)>> = LazyLock::new(|| {
    list(WORDS, "pronouns")
        .into_iter()
        .filter_map(|l| {
            let (word, kind) = l.split_once(' ')?;
            let kind = match kind.trim() {
                "he" => Pronoun::He,
                "she" => Pronoun::She,
                "they" => Pronoun::They,
                "it" => Pronoun::It,
                _ => return None,
            };
            Some((word, kind))
        })
        .collect()
});

/// The pronoun `w` is (lower case), if it is one that may name a speaker.
pub fn pronoun(w: &str) -> Option<Pronoun> {
    PRONOUNS.iter().find(|(p, _)| *p == w).map(|&(_, k)| k)
}

/// Whether `toks[i]` is a title abbreviation whose period follows ("Mr", "Lt").
fn title_at(text: &str, toks: &[Tok], i: usize) -> bool {
    toks[i].is_cap() && LEXICON.title(&lower(toks[i].text(text))).is_some()
}

/// A single capital letter: an initial ("Dana T. Whitlock").
fn initial(text: &str, t: &Tok) -> bool {
    t.is_cap() && t.text(text).chars().count() == 1
}

fn is_punct(text: &str, t: &Tok, p: &str) -> bool {
    t.kind == Kind::Punct && t.text(text) == p
}

/// Search backward from the cue at token `cue` (exclusive lower bound `lo`)
/// for its subject.
pub fn before(text: &str, toks: &[Tok], lo: usize, cue: usize) -> Before {
    let mut j = cue;
    // "Whitlock on Tuesday said", "Ruiz last week told": a time between subject and verb.
    let word = |k: usize| lower(toks[k].text(text));
    if j > lo + 1 && toks[j - 1].is_word() && has(&WEEKDAYS, &word(j - 1)) {
        j -= 1;
        if j > lo && toks[j - 1].is_word() && has(&WEEKDAY_PREPOSITIONS, &word(j - 1)) {
            j -= 1;
        }
    } else if j > lo + 2 && toks[j - 1].is_word() && has(&CALENDAR_UNITS, &word(j - 1)) && has(&PERIOD_DEICTICS, &word(j - 2)) {
        j -= 2;
    }
    let mut passive = false;
    // "is confirming", "was saying": progressive, not passive.
    let progressive = super::participle(&lower(toks[cue].text(text)));
    while j > lo && toks[j - 1].is_word() {
        let w = lower(toks[j - 1].text(text));
        if has(&PASSIVE, &w) {
            passive = !progressive;
        } else if !(has(&AUX, &w) || ends_with_any(&NEGATION_ENDINGS, &w) || ends_with_any(&ADVERB_ENDINGS, &w) && toks[j - 1].kind == Kind::Lower) {
            break;
        }
        j -= 1;
    }
    if j > lo && toks[j - 1].is_word() {
        let w = lower(toks[j - 1].text(text));
        if let Some(p) = pronoun(&w) {
            if passive {
                return if p == Pronoun::It { Before::Impersonal } else { Before::None };
            }
            return Before::Speaker(Np { s: toks[j - 1].s, e: toks[j - 1].e, pronoun: Some(p) });
        }
        if passive {
            return Before::None;
        }
        if has(&SUBJECT_RELATIVES, &w) {
            j -= 1;
            if j > lo && is_punct(text, &toks[j - 1], ",") {
                j -= 1;
            }
        }
    } else if passive {
        return Before::None;
    }
    // "Name -- a co-editor of X -- said": the same as commas.
    if j > lo && matches!(toks[j - 1].text(text), "—" | "–" | "-") {
        let dash = toks[j - 1].text(text);
        let mut k = j - 1;
        while k > lo && toks[k - 1].text(text) == dash {
            k -= 1;
        }
        let open = (lo.max(k.saturating_sub(30))..k).rev().find(|&m| toks[m].text(text) == dash);
        match open {
            Some(m) => {
                let mut m = m;
                while m > lo && toks[m - 1].text(text) == dash {
                    m -= 1;
                }
                j = m;
            }
            None => return Before::None,
        }
    } else if j > lo && is_punct(text, &toks[j - 1], ",") {
        // "Name, a senior fellow at X, said": skip the appositive.
        let mut k = j - 1;
        let floor = lo.max(j.saturating_sub(30));
        while k > floor && !(toks[k - 1].kind == Kind::Punct && matches!(toks[k - 1].text(text), "," | ";" | ":" | "“" | "”" | "\"")) && toks[k - 1].kind != Kind::Break {
            k -= 1;
        }
        if k <= floor || !is_punct(text, &toks[k - 1], ",") {
            return Before::None;
        }
        let first = lower(toks[k].text(text));
        // "Harlow, R-Ind., said": a party and state.
        let party = has(&PARTY_LETTERS, &first) && k + 1 < j && toks[k + 1].text(text) == "-";
        let name = k < j - 1 && toks[k..j - 1].iter().all(|t| t.is_cap() || t.text(text) == ".");
        if name && !party && !has(&STOP, &first) && LEXICON.title(&first).is_none() {
            // "A lawyer for the paper, Ana Ruiz, said": the name between the commas.
            return Before::Speaker(Np { s: toks[k].s, e: toks[j - 2].e, pronoun: None });
        }
        j = k - 1;
    }
    let mut e = j;
    let mut n = 0;
    while j > lo && n < 10 {
        let t = toks[j - 1];
        match t.kind {
            Kind::Break => break,
            Kind::Punct => {
                let p = t.text(text);
                if p == "." && j >= 2 + lo && (title_at(text, toks, j - 2) || initial(text, &toks[j - 2]) || toks[j - 2].text(text).contains('.') || has(&NAME_SUFFIXES, toks[j - 2].text(text))) {
                    j -= 1;
                    continue;
                }
                if p == ")" {
                    // "Rep. Ann Whitlock (D-Ore.) said": skip a short parenthesis,
                    // and leave it out of the name when it ends it.
                    let open = (lo..j - 1).rev().take(8).find(|&k| is_punct(text, &toks[k], "("));
                    match open {
                        Some(k) if k > lo && toks[k - 1].is_cap() => {
                            if j == e {
                                e = k;
                            }
                            j = k;
                            continue;
                        }
                        _ => break,
                    }
                }
                if p == "-" || p == "’" || p == "'" {
                    j -= 1;
                    continue;
                }
                break;
            }
            _ => {
                let w = lower(t.text(text));
                if has(&INNER, &w) {
                    // Only inside a phrase: "head of the agency", "Federal and state officials".
                    let inside = j - 1 > lo && j < e && toks[j - 2].is_word();
                    let and_ok = !has(&COORDINATORS, &w) || inside && toks[j - 2].is_cap();
                    if !(inside && and_ok) || has(&STOP, &lower(toks[j - 2].text(text))) && !has(&COORDINATORS, &w) {
                        break;
                    }
                } else if has(&STOP, &w) || LEXICON.starts_cue(&w) && t.kind == Kind::Lower || w.starts_with(|c: char| c.is_ascii_digit()) {
                    break;
                }
            }
        }
        j -= 1;
        n += 1;
    }
    // Never start with a preposition or conjunction.
    while j < e && (toks[j].kind == Kind::Punct || has(&INNER, &lower(toks[j].text(text)))) {
        j += 1;
    }
    if j >= e {
        return Before::None;
    }
    // "An aide who asked not to be named said", "A nurse who treated the
    // wounded at the field hospital in Lviv said": the subject is the noun
    // before the relative clause, however long the clause runs.
    let who = (lo.max(e.saturating_sub(RELATIVE_REACH))..e)
        .rev()
        .take_while(|&k| toks[k].is_word() || matches!(toks[k].text(text), "-" | "’" | "'"))
        .find(|&k| has(&CLAUSE_RELATIVES, &lower(toks[k].text(text))));
    if let Some(w) = who.filter(|&w| w > lo && w < e - 1 && toks[w - 1].is_word()) {
        if let Before::Speaker(np) = before(text, toks, lo, w) {
            if np.pronoun.is_none() {
                return Before::Speaker(np);
            }
        }
    }
    // "Moscow has in the past dismissed": an adverbial phrase, the subject is before it.
    let lowercase = toks[j..e].iter().all(|t| t.kind == Kind::Lower || t.kind == Kind::Punct);
    if lowercase && j > lo + 1 && toks[j - 1].is_word() && has(&ADVERBIAL_PREPOSITIONS, &lower(toks[j - 1].text(text))) {
        if let Before::Speaker(np) = before(text, toks, lo, j - 1) {
            if np.s < toks[j - 1].s {
                return Before::Speaker(np);
            }
        }
    }
    // "the first time Washington said": a name after a lowercase phrase is the subject.
    if toks[j].kind == Kind::Lower || has(&DETERMINERS, &lower(toks[j].text(text))) {
        let mut c = e;
        while c > j && (toks[c - 1].is_cap() || toks[c - 1].text(text) == ".") {
            c -= 1;
        }
        let lowers = toks[j..c].iter().filter(|t| t.kind == Kind::Lower).count();
        // "the Minister of the Interior said": a name after "of (the)" is no subject of its own.
        let inner = |k: usize| toks[k].is_word() && has(&INNER, &lower(toks[k].text(text)));
        let linked = c > j && (inner(c - 1) || c > j + 1 && has(&DETERMINERS, &lower(toks[c - 1].text(text))) && inner(c - 2));
        if c < e && c > j && lowers >= 2 && !linked && toks[c].is_cap() {
            j = c;
        }
    }
    // "Ana Ruiz of the Harbour Institute said": the person, not the affiliation.
    if let Some(p) = (j + 1..e).find(|&k| toks[k].is_word() && has(&AFFILIATION_PREPOSITIONS, &lower(toks[k].text(text)))) {
        if personal_name(text, &toks[j..p]) {
            e = p;
        }
    }
    Before::Speaker(Np { s: toks[j].s, e: toks[e - 1].e, pronoun: None })
}

/// Whether `toks` read as a person's name: capitalised words (titles and
/// initials allowed), two or more words or a title and a word, none of them
/// a word of an organisation's name or a determiner ("Ana Ruiz", "Dr.
/// Ruiz"; not "Harbour Institute", "Ruiz", "The Republic").
fn personal_name(text: &str, toks: &[Tok]) -> bool {
    let words: Vec<&Tok> = toks.iter().filter(|t| t.is_word()).collect();
    let all_cap = toks.iter().all(|t| t.is_cap() || t.text(text) == ".");
    let titled = words.first().is_some_and(|t| LEXICON.title(&lower(t.text(text))).is_some());
    let plain = words.iter().filter(|t| LEXICON.title(&lower(t.text(text))).is_none()).count();
    all_cap
        && (words.len() >= 2 && plain >= 1)
        && (titled || plain >= 2)
        && words.iter().all(|t| {
            let w = lower(t.text(text));
            !LEXICON.is_org_word(&w) && !has(&DETERMINERS, &w) && !has(&STOP, &w) && !has(&STATE_WORDS, &w)
        })
}

/// Read a speaker phrase forward from token `i` ("said Bruce Bennett, a ...",
/// "according to a Western diplomat"), up to token `hi` (exclusive).
pub fn after(text: &str, toks: &[Tok], i: usize, hi: usize) -> Option<Np> {
    let mut j = i;
    if j < hi && toks[j].is_word() {
        if let Some(p) = pronoun(&lower(toks[j].text(text))) {
            return Some(Np { s: toks[j].s, e: toks[j].e, pronoun: Some(p) });
        }
    }
    let mut last = None;
    while j < hi && j - i < 10 {
        let t = toks[j];
        match t.kind {
            Kind::Break => break,
            Kind::Punct => {
                let p = t.text(text);
                if p == "." && last == Some(j - 1) && (title_at(text, toks, j - 1) || initial(text, &toks[j - 1])) {
                    j += 1;
                    continue;
                }
                if p == "(" {
                    let close = (j + 1..hi.min(j + 8)).find(|&k| is_punct(text, &toks[k], ")"));
                    match close {
                        Some(k) if k + 1 < hi && toks[k + 1].is_cap() && last.is_some() => {
                            j = k + 1;
                            continue;
                        }
                        _ => break,
                    }
                }
                break;
            }
            _ => {
                let w = lower(t.text(text));
                if j == i && has(&DETERMINERS, &w) {
                    last = Some(j);
                    j += 1;
                    continue;
                }
                if has(&FSTOP, &w) {
                    // "Institute for Maritime and Coastal Studies", "director of the Korea Risk Group"
                    let mut k = j + 1;
                    if k < hi && toks[k].is_word() && has(&ORG_ARTICLES, &lower(toks[k].text(text))) {
                        k += 1;
                    }
                    let joins = has(&ORG_JOINERS, &w) && last.is_some() && k < hi && toks[k].is_cap();
                    // "said Ana Ruiz of the Harbour Institute": the person, not the affiliation.
                    let affiliation = !has(&COORDINATORS, &w) && personal_name(text, &toks[i..j]);
                    if !joins || affiliation {
                        break;
                    }
                } else if t.kind == Kind::Lower && LEXICON.starts_cue(&w) {
                    break;
                }
                last = Some(j);
            }
        }
        j += 1;
    }
    let l = last?;
    Some(Np { s: toks[i].s, e: toks[l].e, pronoun: None })
}

/// What a named speaker is, for pronoun agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traits {
    pub gender: Option<Gender>,
    pub org: bool,
    pub plural: bool,
    /// Has a capitalised word: a name rather than "a Western diplomat".
    pub named: bool,
}

/// Describe the speaker phrase `name`.
pub fn traits(name: &str) -> Traits {
    let mut gender = None;
    let mut org = false;
    let mut named = false;
    let words: Vec<&str> = name
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .collect();
    for (k, w) in words.iter().enumerate() {
        let lw = lower(w);
        let cap = w.starts_with(char::is_uppercase);
        named |= k == 0 && cap && !has(&DETERMINERS, &lw);
        if let Some(Some(g)) = LEXICON.title(&lw) {
            gender.get_or_insert(g);
        }
        if cap && gender.is_none() {
            if let Some(g) = LEXICON.name_gender(&lw) {
                gender = Some(g);
            }
        }
        org |= LEXICON.is_org_word(&lw);
    }
    let head = words.last().map(|w| lower(w).into_owned()).unwrap_or_default();
    let plural = !named && sitrep_lang::morph::looks_plural(&head)
        || words.iter().any(|w| COORDINATORS.iter().any(|c| w.eq_ignore_ascii_case(c)));
    if org {
        gender = None;
    }
    Traits { gender, org, plural, named }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    #[test]
    fn the_function_words_of_subjects_are_read_from_the_data_file() {
        let lists: [(&Words, &str, &str); 9] = [
            (&WEEKDAY_PREPOSITIONS, "on", "in"),
            (&SUBJECT_RELATIVES, "who", "whose"),
            (&CLAUSE_RELATIVES, "whose", "which"),
            (&NAME_SUFFIXES, "Sr", "jr"),
            (&COORDINATORS, "and", "or"),
            (&ORG_ARTICLES, "the", "a"),
            (&ADVERB_ENDINGS, "ly", "y"),
            (&NEGATION_ENDINGS, "n’t", "not"),
            (&PARTY_LETTERS, "d", "g"),
        ];
        for (list, yes, no) in lists {
            assert!(list.contains(&yes), "{yes} missing");
            assert!(!list.contains(&no), "{no} listed");
        }
    }

    fn back(text: &str, cue: &str) -> String {
        let toks = tokenize(text);
        let i = toks.iter().position(|t| t.text(text) == cue).unwrap();
        match before(text, &toks, 0, i) {
            Before::Speaker(np) => text[np.s..np.e].to_string(),
            Before::Impersonal => "<it>".into(),
            Before::None => "<none>".into(),
        }
    }

    #[test]
    fn the_word_lists_of_the_speaker_rules_are_read_from_the_data_file() {
        assert!(is_verb_word("would") && is_verb_word("did") && !is_verb_word("wood"));
        assert!(before_participle("kept") && before_participle("without") && !before_participle("the"));
        assert!(is_preposition("against") && is_preposition("near") && !is_preposition("and"));
        assert!(has(&ADVERBIAL_PREPOSITIONS, "during") && !has(&ADVERBIAL_PREPOSITIONS, "of"));
        assert!(has(&CALENDAR_UNITS, "month") && has(&PERIOD_DEICTICS, "last") && !has(&PERIOD_DEICTICS, "next"));
        assert!(has(&AFFILIATION_PREPOSITIONS, "from") && !has(&AFFILIATION_PREPOSITIONS, "in"));
        assert!(has(&ORG_JOINERS, "and") && !has(&ORG_JOINERS, "the"));
        assert!(has(&STATE_WORDS, "people's") && has(&STATE_WORDS, "kingdom") && !has(&STATE_WORDS, "people"));
    }

    #[test]
    fn subjects_before_the_cue() {
        assert_eq!(back("But Ana Ruiz, a senior fellow at Acme, added that", "added"), "Ana Ruiz");
        assert_eq!(back("Local police officials also said", "said"), "Local police officials");
        assert_eq!(back("Later she has said", "said"), "she");
        assert_eq!(back("It was reported that", "reported"), "<it>");
        assert_eq!(back("He was told", "told"), "<none>");
        assert_eq!(back("Rep. Tom Hale (D-Ohio) said", "said"), "Rep. Tom Hale");
        assert_eq!(back("the head of the port authority said", "said"), "the head of the port authority");
    }

    #[test]
    fn speakers_after_the_cue() {
        let text = "said Lt. Gen. (Ret.) Dae Park, a retired officer";
        let toks = tokenize(text);
        let np = after(text, &toks, 1, toks.len()).unwrap();
        assert_eq!(&text[np.s..np.e], "Lt. Gen. (Ret.) Dae Park");
        let text = "said a Western diplomat who asked";
        let toks = tokenize(text);
        let np = after(text, &toks, 1, toks.len()).unwrap();
        assert_eq!(&text[np.s..np.e], "a Western diplomat");
    }

    #[test]
    fn traits_of_names() {
        assert_eq!(traits("Mrs. Alder").gender, Some(Gender::Female));
        assert!(traits("the Foreign Ministry").org);
        assert!(traits("officials").plural);
        assert!(!traits("a Western diplomat").named);
        assert!(traits("Ana Ruiz").named);
    }
}
