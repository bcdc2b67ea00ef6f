//! Name candidates: runs of capitalised tokens, split at role titles and
//! classified by lexicons, name shapes and context.
//!
//! 1. Which tokens may be part of a name. Capitalisation is trusted in
//!    running text except for words that open a sentence (or a quote, or
//!    follow a dash or colon): those, and every word of an ALL-CAPS or
//!    Title-Case headline, are names only when a name lexicon knows them
//!    (also as the start of a known phrase: "NEW YORK"), when they are not
//!    common English words, or when the document writes them capitalised
//!    mid-sentence and never in lowercase. Function words, months, holidays
//!    and lone role titles ("the President said") are never names.
//! 2. Runs: consecutive name words, joined by particles ("bin", "van der"),
//!    "of"/"for" after organisation and place heads ("Ministry of Defence",
//!    "Republic of Korea"), "&", and "and" inside long organisation names.
//! 3. Splitting: role titles before a name become its descriptor ("U.S.
//!    Defense Secretary | Lloyd Austin"), nationalities and "X-based"
//!    adjectives stand alone ("Russian | Ivan Petrov").
//! 4. Kinds, strongest evidence first: whole-phrase lexicons, personal
//!    titles, place/org/event suffix words, person shapes (given name +
//!    word, family name first, initials, particles, surname lexicons and
//!    shapes), acronyms, context cues ("in X", "X, Iraq", "dissident X",
//!    "X ( Sweden )", "newspaper X", "X shares"), towns, then a guess.
//! 5. Document cues: bracketed acronyms join their expansion, names followed
//!    by scores in results lines and tables are teams.

use sitrep_text::lists::{list, Words};
use std::sync::LazyLock;
use foldhash::HashSet;

use sitrep_core::{EntityKind, Span};

use super::lexicon::{
    self, Tags, COMMON, COUNTRY, DEMONYM, GIVEN, NEVER, ORG, ORG_WORD, OTHER, OTHER_WORD, PLACE, PLACE_WORD, SURNAME, TITLE, TOP,
    TOWN, WORLD_SURNAME,
};
use crate::tokens::{Shape, Token};

/// How sure a classification is; stronger evidence wins within a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Only the default for an unknown name.
    Guess,
    /// A context cue or a single-word lexicon hit.
    Cue,
    /// A title, an organisation suffix, a full-phrase lexicon hit.
    Sure,
    /// A name followed by a score in a results line is a team, whatever
    /// else it names: the document's other mentions of it follow.
    Team,
}

/// One name occurrence found in the text.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub span: Span,
    /// Token index range of the name.
    pub first: usize,
    pub last: usize,
    pub kind: EntityKind,
    pub strength: Strength,
    /// Role words written before the name ("U.S. Defense Secretary").
    pub role: Option<Span>,
    /// The acronym in brackets right after the name: "(NIS)".
    pub acronym: Option<Span>,
    /// How a name in another language is keyed and named (boxed: English
    /// candidates, the many, stay small).
    pub named: Option<Box<Named>>,
}

/// A name found in another language ([`super::caseless`]).
#[derive(Debug, Clone)]
pub struct Named {
    /// What joins its mentions, when not its words: the English name of a
    /// place or person in another script ("north korea" for "북한"), or the
    /// name itself for a name inside a token.
    pub key: String,
    /// The name in English ("North Korea" for "북한", "Nordkorea").
    pub english: Option<String>,
}

/// Per-token facts used while scanning.
struct Info {
    tags: Tags,
    /// Opens a sentence, a quote, or follows a dash or colon.
    initial: bool,
    /// In an ALL-CAPS or Title-Case headline.
    headline: bool,
    /// The only word of its line or sentence ("Reply", "Notes").
    alone: bool,
    /// The document writes this word capitalised mid-sentence, never in lowercase.
    capitalised: bool,
    sentence: u32,
}

/// The longest run of tokens taken for one name (with its role titles).
const MAX_NAME_TOKENS: usize = 16;

/// The word lists of this module.
const WORDS: &str = include_str!("../../data/lang/en/words/entities-candidates.txt");

/// Function words that never open a name, even capitalised at the start of a
/// sentence or in a headline.
static STOP: Words = LazyLock::new(|| list(WORDS, "stop"));

/// Prefixes that make a name an adjective ("pro-Trump", "post-Brexit").
static PREFIXES: Words = LazyLock::new(|| list(WORDS, "prefixes"));

/// "pro-Trump", "UAE-Israel", "EU-UK": a prefixed name or a pair of names
/// joined by a hyphen, which names neither alone.
fn is_compound_name(w: &str) -> bool {
    let Some((a, b)) = w.split_once('-') else { return false };
    if with_lower(a, |l| PREFIXES.contains(&l)) && b.starts_with(char::is_uppercase) {
        return true;
    }
    const NAMES: Tags = PLACE | DEMONYM | ORG | OTHER;
    a.starts_with(char::is_uppercase) && b.starts_with(char::is_uppercase) && lexicon::tags(a) & NAMES != 0 && lexicon::tags(b) & NAMES != 0
}

/// Words that join two capitalised parts of one name when lowercase.
static PARTICLES: Words = LazyLock::new(|| list(WORDS, "particles"));

/// Words joining an organisation's head to what it is of or for ("Ministry of Defence").
static JOINERS_OF: Words = LazyLock::new(|| list(WORDS, "joiners_of"));

/// Words joining two names into one ("Johnson and Johnson").
static JOINERS_AND: Words = LazyLock::new(|| list(WORDS, "joiners_and"));

/// Particles of French, Spanish and Italian names of organisations after
/// their head ("Institut de recherche").
static FOREIGN_PARTICLES: Words = LazyLock::new(|| list(WORDS, "foreign_particles"));

/// Elided articles glued to the next word ("d’études").
static ELIDED_ARTICLES: Words = LazyLock::new(|| list(WORDS, "elided_articles"));

/// Words after which "of" continues a place name ("Republic of Korea").
static OF_HEADS: Words = LazyLock::new(|| list(WORDS, "of_heads"));

/// Title words that qualify a role and never begin a name.
static QUALIFIERS: Words = LazyLock::new(|| list(WORDS, "qualifiers"));

/// Company-form suffixes after which "of" starts a new name ("Hanil Motor
/// Corp | of | South Korea").
static COMPANY_SUFFIXES: Words = LazyLock::new(|| list(WORDS, "company_suffixes"));

/// Words that open place names ("St Louis", "Fort Worth", "San Jose").
static PLACE_PREFIXES: Words = LazyLock::new(|| list(WORDS, "place_prefixes"));

/// Heads of "X of Y" place names.
static PLACE_OF_HEADS: Words = LazyLock::new(|| list(WORDS, "place_of_heads"));

static DIRECTIONS: Words = LazyLock::new(|| list(WORDS, "directions"));

/// Titles that make the following name a person's; the other title words
/// ("Foreign", "Defense", "State") only are roles when such a word follows.
static PERSON_TITLES: Words = LazyLock::new(|| list(WORDS, "person_titles"));

/// Plural nouns whose possessive stays inside a name ("Women's Hospital").
static GROUP_PLURALS: Words = LazyLock::new(|| list(WORDS, "group_plurals"));

/// Possessive endings written as tokens of their own ("People 's").
static POSSESSIVES: Words = LazyLock::new(|| list(WORDS, "possessives"));

/// Articles that may follow "of"/"for" inside a name ("Party of the People").
static OF_ARTICLES: Words = LazyLock::new(|| list(WORDS, "of_articles"));

/// Conjunctions coordinating two people ("Trump and Harris").
static COORDINATORS: Words = LazyLock::new(|| list(WORDS, "coordinators"));

/// "of"/"for" inside a name, in running text and in capitals: a name
/// holding one is no person's ("Ministry of Defence", "MINISTRY OF DEFENCE").
static NAME_OF: Words = LazyLock::new(|| list(WORDS, "name_of"));

/// Words after a lone title that make it a role, no name ("President of").
static TITLE_OF: Words = LazyLock::new(|| list(WORDS, "title_of"));

/// Months whose name is also a common word ("May"), lowercase.
static WORD_MONTHS: Words = LazyLock::new(|| list(WORDS, "word_months"));

/// The abbreviation of "retired" in brackets after a military title
/// ("Gen. (Ret.)"), with and without its period.
static RETIRED: Words = LazyLock::new(|| list(WORDS, "retired"));

/// "and" inside a name, in running text and in capitals: with "&", it makes
/// a name of several words an organisation's ("Procter and Gamble").
static NAME_AND: Words = LazyLock::new(|| list(WORDS, "name_and"));

/// Articles before a lone compass word ("the West").
static COMPASS_ARTICLES: Words = LazyLock::new(|| list(WORDS, "compass_articles"));

/// Compass words that name a place after an article ("the West", "the East").
static COMPASS_PLACES: Words = LazyLock::new(|| list(WORDS, "compass_places"));

/// The relative pronoun after a name that makes it a person's ("X, who").
static PERSON_RELATIVES: Words = LazyLock::new(|| list(WORDS, "person_relatives"));

/// The possessive ending before a relative that makes a name a person's ("X 's wife").
static RELATIVE_POSSESSIVES: Words = LazyLock::new(|| list(WORDS, "relative_possessives"));

/// Words for a fighter's call sign, each a phrase of tokens ("call sign").
static CALL_SIGNS: Words = LazyLock::new(|| list(WORDS, "call_signs"));

/// Words skipped after the comma opening an appositive before its role
/// noun (", a senior researcher", ", now professor").
static APPOSITIVE_ARTICLES: Words = LazyLock::new(|| list(WORDS, "appositive_articles"));

/// "of" between a head and the rest of a place name, in running text and
/// in capitals ("Republic of Korea").
static PLACE_OF: Words = LazyLock::new(|| list(WORDS, "place_of"));

/// "of" between a kind of place and a lone name ("town of X").
static PLACE_NOUN_OF: Words = LazyLock::new(|| list(WORDS, "place_noun_of"));

/// Endings of nationality adjectives and their plurals ("Malawian", "Burkinabe" is not one).
static DEMONYM_ENDINGS: Words = LazyLock::new(|| list(WORDS, "demonym_endings"));

/// Suffixes that make an adjective of a name ("Cold War-like").
static ADJECTIVE_SUFFIXES: Words = LazyLock::new(|| list(WORDS, "adjective_suffixes"));

/// Words a Title Case headline keeps lowercase.
static HEADLINE_MINOR: Words = LazyLock::new(|| list(WORDS, "headline_minor"));

/// Words before "May" that make it the month ("in May").
static MONTH_BEFORE: Words = LazyLock::new(|| list(WORDS, "month_before"));

/// Participles after a name and a hyphen ("California-based").
static HYPHEN_PARTICIPLES: Words = LazyLock::new(|| list(WORDS, "hyphen_participles"));

/// Compass points, which alone name no entity ("the North").
static COMPASS: Words = LazyLock::new(|| list(WORDS, "compass"));

/// Words qualifying a role before a name ("former", "acting").
static ROLE_QUALIFIERS: Words = LazyLock::new(|| list(WORDS, "role_qualifiers"));

/// Relatives after "X's" that make X a person ("X's wife").
static RELATIVES: Words = LazyLock::new(|| list(WORDS, "relatives"));

/// Role nouns of a person's appositive (", a senior researcher at ...").
static APPOSITIVE_ROLES: Words = LazyLock::new(|| list(WORDS, "appositive_roles"));

/// Prepositions after which a lone unknown name is a place ("near X").
static PLACE_BEFORE: Words = LazyLock::new(|| list(WORDS, "place_before"));

/// Kinds of place before "of" and a name ("town of X").
static PLACE_NOUNS: Words = LazyLock::new(|| list(WORDS, "place_nouns"));

/// Words after a title and a hyphen that keep it a title ("president-elect").
static TITLE_SUFFIXES: Words = LazyLock::new(|| list(WORDS, "title_suffixes"));

/// Words before a hyphen and a title that keep it a title ("vice-president").
static TITLE_PREFIXES: Words = LazyLock::new(|| list(WORDS, "title_prefixes"));

/// Scan the tokens and return the name candidates in text order.
pub fn collect(text: &str, toks: &[Token], sentences: &[Span]) -> Vec<Candidate> {
    let mut info = token_info(text, toks, sentences);
    // "World War I. With ...": the sentence splitter keeps "I." as an
    // initial; the word after a Roman numeral may open a sentence.
    for i in 1..toks.len() {
        if roman_one(text, toks, &info, i - 1) {
            info[i].initial = true;
        }
    }
    let caps_elsewhere = capitalised_mid_sentence(text, toks, &info);
    for (t, inf) in toks.iter().zip(info.iter_mut()) {
        inf.capitalised = t.is_upper_initial() && with_lower(t.text(text), |l| caps_elsewhere.contains(l));
    }
    let mut is_part: Vec<Part> = Vec::with_capacity(toks.len());
    let mut phrase_end = 0;
    for i in 0..toks.len() {
        // A given name just before makes the next capitalised word a
        // surname, whatever else it means ("Anna Bishop", "Tom Baker").
        let after_given = i > 0
            && is_part[i - 1] == Part::Name
            && (info[i - 1].tags & GIVEN != 0 && info[i - 1].tags & (DEMONYM | PLACE) == 0 && toks[i - 1].shape == toks[i].shape
                || toks[i - 1].shape == Shape::Initial && toks[i].shape == Shape::Capitalized && !roman_one(text, toks, &info, i - 1))
            && matches!(toks[i].shape, Shape::Capitalized | Shape::AllCaps)
            && info[i].sentence == info[i - 1].sentence;
        let p = if i < phrase_end || after_given && info[i].tags & NEVER == 0 && !with_lower(toks[i].text(text), |l| STOP.contains(&l)) {
            Part::Name
        } else {
            part_of(text, toks, &info, i)
        };
        // The rest of a known phrase ("LOS | ANGELES") is part of the name.
        if p == Part::Name && i >= phrase_end && toks[i].is_upper_initial() {
            phrase_end = i + known_phrase_len(text, toks, &info, i);
        }
        is_part.push(p);
    }
    // "Centre d’études eurasiennes", "Institut de recherche stratégique": an
    // organisation head followed by a French, Spanish or Italian name in
    // lowercase; its words are no English words.
    let mut i = 1;
    while i < toks.len() {
        let w = toks[i].text(text);
        let elided = ELIDED_ARTICLES.iter().any(|p| w.strip_prefix(p).is_some_and(|r| r.chars().next().is_some_and(char::is_lowercase)));
        let foreign = |k: usize| toks[k].shape == Shape::Lower && info[k].tags & COMMON == 0 && info[k].sentence == info[i].sentence;
        let particle = FOREIGN_PARTICLES.contains(&w) && i + 1 < toks.len() && foreign(i + 1);
        if is_part[i - 1] == Part::Name && info[i - 1].tags & ORG_WORD != 0 && toks[i - 1].shape == Shape::Capitalized && toks[i].shape == Shape::Lower && (elided || particle) {
            is_part[i] = Part::Name;
            let mut k = i + 1;
            while k < toks.len() && foreign(k) {
                is_part[k] = Part::Name;
                k += 1;
            }
            i = k;
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !matches!(is_part[i], Part::Name | Part::Title) {
            i += 1;
            continue;
        }
        // Grow the run over name words, titles and joining words.
        let start = i;
        let mut end = i + 1;
        while end < toks.len() && end - start < MAX_NAME_TOKENS && info[end].sentence == info[start].sentence {
            match is_part[end] {
                Part::Name | Part::Title => end += 1,
                Part::No if is_part[end - 1] == Part::Title && retired_len(text, toks, end) > 0 => end += retired_len(text, toks, end),
                // "Korean People's Army", "Women's Hospital": a plural noun's
                // possessive inside a name.
                Part::No if POSSESSIVES.contains(&toks[end].text(text))
                    && with_lower(toks[end - 1].text(text), |l| GROUP_PLURALS.contains(&l))
                    && is_part.get(end + 1) == Some(&Part::Name)
                    && info[end + 1].sentence == info[start].sentence =>
                {
                    end += 2
                }
                Part::Joiner(j) if end + 1 < toks.len() && info[end + 1].sentence == info[start].sentence => {
                    // "of the People": an article may follow "of"/"for".
                    let mut next = end + 1;
                    if matches!(j, Joiner::Of) && OF_ARTICLES.contains(&toks[next].text(text)) && next + 1 < toks.len() {
                        next += 1;
                    }
                    // "van der Westhuizen": particles may follow each other.
                    if j == Joiner::Particle && is_part[next] == Part::Joiner(Joiner::Particle) {
                        end = next;
                        continue;
                    }
                    if !matches!(is_part[next], Part::Name | Part::Title) {
                        break;
                    }
                    let last = toks[end - 1].text(text);
                    let ok = match j {
                        Joiner::Particle => matches!(toks[end - 1].shape, Shape::Capitalized) || is_part[end - 1] == Part::Joiner(Joiner::Particle),
                        Joiner::Of => {
                            let l = lower(last);
                            (OF_HEADS.contains(&l.as_str()) || info[end - 1].tags & ORG_WORD != 0) && !COMPANY_SUFFIXES.contains(&l.as_str())
                        }
                        Joiner::Amp => true,
                        // "Department of Parks and Recreation", "Office
                        // of Science and Technology Policy"
                        // but not "Anna Bishop and European Council".
                        Joiner::And => {
                            has_of_org(text, toks, &info, start, end)
                                || next_run_is_org(&info, &is_part, next)
                                    && (start..end).all(|k| info[k].tags & COMMON != 0 && info[k].tags & (PLACE | DEMONYM | GIVEN | ORG) == 0)
                        }
                    };
                    if !ok {
                        break;
                    }
                    end = next + 1;
                }
                _ => break,
            }
        }
        emit_run(text, toks, &info, &is_part, start, end, &mut out);
        i = end;
    }
    acronyms(text, toks, &mut out);
    scorelines(text, toks, &info, &mut out);
    coordinated_people(text, toks, &mut out);
    out
}

/// "Trump and Harris": a lone unknown word joined by "and"/"or" to a
/// person's name is a person too.
fn coordinated_people(text: &str, toks: &[Token], out: &mut [Candidate]) {
    for k in 1..out.len() {
        let (a, b) = (&out[k - 1], &out[k]);
        if b.first != a.last + 2 || !COORDINATORS.contains(&toks[a.last + 1].text(text)) {
            continue;
        }
        let person = |c: &Candidate| c.kind == EntityKind::Person && c.strength >= Strength::Cue;
        let unknown = |c: &Candidate| c.first == c.last && c.kind == EntityKind::Organization && c.strength == Strength::Guess && toks[c.first].shape == Shape::Capitalized;
        if person(a) && unknown(b) {
            out[k].kind = EntityKind::Person;
            out[k].strength = Strength::Cue;
        } else if unknown(a) && person(b) {
            out[k - 1].kind = EntityKind::Person;
            out[k - 1].strength = Strength::Cue;
        }
    }
}

/// "World War I. With ...": "I." after a word that is no given name is a
/// Roman numeral, not an initial.
fn roman_one(text: &str, toks: &[Token], info: &[Info], k: usize) -> bool {
    toks[k].text(text) == "I." && k > 0 && toks[k - 1].shape == Shape::Capitalized && (info[k - 1].tags & GIVEN == 0 || info[k - 1].tags & OTHER_WORD != 0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joiner {
    Particle,
    Of,
    Amp,
    And,
}

/// Whether the run `start..end` holds an organisation word followed by "of".
fn has_of_org(text: &str, toks: &[Token], info: &[Info], start: usize, end: usize) -> bool {
    (start..end.saturating_sub(1)).any(|k| info[k].tags & ORG_WORD != 0 && NAME_OF.contains(&toks[k + 1].text(text)))
}

/// Whether the name words from `i` on end in an organisation word.
fn next_run_is_org(info: &[Info], parts: &[Part], i: usize) -> bool {
    let mut j = i;
    while j < parts.len() && parts[j] == Part::Name {
        j += 1;
    }
    j > i && info[j - 1].tags & ORG_WORD != 0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Name,
    Title,
    Joiner(Joiner),
    No,
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// `f` of `w` lower-cased (as [`lower`] does it), without making a string
/// for an ASCII word: a look-up of each capitalised word folds it.
fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    if w.is_ascii() {
        sitrep_text::fold::with_ascii_lowercase(w, f)
    } else {
        f(&w.to_lowercase())
    }
}

fn token_info(text: &str, toks: &[Token], sentences: &[Span]) -> Vec<Info> {
    let mut info = Vec::with_capacity(toks.len());
    let mut s = 0usize;
    let mut i = 0;
    while i < toks.len() {
        while s < sentences.len() && sentences[s].end <= toks[i].start {
            s += 1;
        }
        // Tokens of one sentence: [i, j).
        let send = sentences.get(s).map_or(usize::MAX, |sp| sp.end);
        let mut j = i;
        while j < toks.len() && toks[j].start < send {
            j += 1;
        }
        let j = j.max(i + 1);
        let headline = is_headline(text, &toks[i..j]);
        let alone = toks[i..j].iter().filter(|t| t.is_word()).count() == 1;
        let mut initial = true;
        for t in &toks[i..j] {
            let tags = if t.is_word() { lexicon::tags(t.text(text)) } else { 0 };
            let word = t.is_word() && t.shape != Shape::Number;
            info.push(Info { tags, initial: initial && word, headline, alone, capitalised: false, sentence: s as u32 });
            // List numbers ("1. First prize") keep the next word initial.
            if word {
                initial = false;
            } else {
                let p = t.text(text);
                if matches!(p, "\"" | "“" | "‘" | ":" | "-" | "—" | "–" | "•" | "*" | "|" | "[" | "(") {
                    initial = true;
                }
            }
        }
        i = j;
    }
    // "Lt. Gen. (ret.) Han Sung-ho": a sentence break right after a
    // "(ret.)" marker is none; the name goes on.
    for k in 3..toks.len() {
        if info[k].sentence != info[k - 1].sentence && (retired_len(text, toks, k - 3) == 3 || k >= 4 && retired_len(text, toks, k - 4) == 4) {
            let (from, to) = (info[k].sentence, info[k - 1].sentence);
            info[k].initial = false;
            for inf in info[k..].iter_mut().take_while(|inf| inf.sentence == from) {
                inf.sentence = to;
            }
        }
    }
    info
}

/// ALL-CAPS lines, and Title-Case lines with no lowercase word other than
/// short function words and at most one number.
fn is_headline(text: &str, toks: &[Token]) -> bool {
    let (mut caps, mut title, mut lower_words, mut numbers) = (0usize, 0usize, 0usize, 0usize);
    for t in toks {
        let w = t.text(text);
        if w.len() < 2 {
            continue;
        }
        match t.shape {
            Shape::Number => numbers += 1,
            Shape::AllCaps => caps += 1,
            Shape::Capitalized => title += 1,
            Shape::Lower if !HEADLINE_MINOR.contains(&w) => lower_words += 1,
            _ => {}
        }
    }
    let words = caps + title + lower_words;
    // Title Case, but not a results line full of numbers.
    (caps >= 2 && caps * 5 >= words * 4) || (lower_words == 0 && title >= 4 && numbers <= 1)
}

/// Lowercase forms of words that the document writes capitalised in the
/// middle of a sentence of running text and never in lowercase.
fn capitalised_mid_sentence(text: &str, toks: &[Token], info: &[Info]) -> HashSet<String> {
    let mut caps: HashSet<String> = toks
        .iter()
        .zip(info)
        .filter(|(t, inf)| !inf.initial && !inf.headline && t.shape == Shape::Capitalized)
        .map(|(t, _)| lower(t.text(text)))
        .collect();
    if !caps.is_empty() {
        for t in toks.iter().filter(|t| t.shape == Shape::Lower) {
            caps.remove(t.text(text));
        }
    }
    caps
}

fn part_of(text: &str, toks: &[Token], info: &[Info], i: usize) -> Part {
    let t = toks[i];
    let inf = &info[i];
    let w = t.text(text);
    let next = i + 1 + retired_len(text, toks, i + 1);
    let next_is_cap = toks.get(next).is_some_and(|n| n.is_upper_initial() && info[next].sentence == inf.sentence);
    // "World War I. With ...": a Roman numeral after a name word ends it.
    let numeral = roman_one(text, toks, info, i);
    // An initial before a name ("K. Perera") even when it is a word.
    if t.shape == Shape::Initial && w.ends_with('.') && next_is_cap && !numeral {
        return Part::Name;
    }
    // Months and weekdays, except given names before a surname ("Jan
    // Novak", "June Carter").
    let given_before_name = inf.tags & GIVEN != 0
        && toks.get(i + 1).is_some_and(|n| n.shape == Shape::Capitalized && info[i + 1].tags & NEVER == 0 && info[i + 1].sentence == inf.sentence);
    if inf.tags & NEVER != 0 && !given_before_name {
        return Part::No;
    }
    let phrase_start = t.is_upper_initial() && known_phrase_len(text, toks, info, i) > 0;
    let named = inf.tags & (PLACE | DEMONYM | ORG | WORLD_SURNAME) != 0 || phrase_start;
    match t.shape {
        Shape::Lower => {
            if let Some(j) = joiner(w) {
                return Part::Joiner(j);
            }
            // "al-Assad", "bin-Laden", "pro-Trump", "post-Brexit", not "mid-December"
            if let Some((pre, rest)) = w.split_once('-') {
                if (PARTICLES.contains(&pre) || PREFIXES.contains(&pre)) && rest.starts_with(char::is_uppercase) && lexicon::tags(rest) & NEVER == 0 {
                    return Part::Name;
                }
            }
            Part::No
        }
        Shape::Number | Shape::Punct | Shape::Break => {
            if w == "&" {
                Part::Joiner(Joiner::Amp)
            } else {
                Part::No
            }
        }
        Shape::Initial if numeral => Part::No,
        Shape::Initial => {
            // "Daniel K Inouye": a bare initial between a given name and a name.
            let bare_mid = !w.ends_with('.')
                && !matches!(w, "A" | "I")
                && i > 0
                && toks[i - 1].shape == Shape::Capitalized
                && info[i - 1].tags & GIVEN != 0
                && info[i - 1].sentence == inf.sentence
                && toks.get(i + 1).is_some_and(|n| n.shape == Shape::Capitalized);
            if (w.ends_with('.') || bare_mid) && next_is_cap {
                Part::Name
            } else {
                Part::No
            }
        }
        Shape::Capitalized | Shape::AllCaps => {
            if !named && is_title(w, inf.tags) {
                if next_is_cap {
                    return Part::Title;
                }
                // "the President said", "President of": a role alone is no
                // name; "King took three wickets" may be.
                let after_word = i > 0 && toks[i - 1].shape == Shape::Lower;
                let before_of = toks.get(i + 1).is_some_and(|n| TITLE_OF.contains(&n.text(text)));
                if is_person_title(w) && (after_word || before_of || inf.initial || inf.headline) {
                    return Part::No;
                }
            }
            let doubtful = inf.initial || inf.headline;
            let lw = lower(w);
            // The month: "in May", "May 5", "May-June".
            let word_month = WORD_MONTHS.iter().find(|&&m| lw == m || lw.strip_prefix(m).is_some_and(|r| r.starts_with('-')));
            if let Some(month) = word_month {
                let prev = if i > 0 { lower(toks[i - 1].text(text)) } else { String::new() };
                let month_before = MONTH_BEFORE.contains(&prev.as_str());
                if month_before || lw.len() > month.len() || toks.get(i + 1).is_some_and(|n| n.shape == Shape::Number) {
                    return Part::No;
                }
            }
            if inf.headline {
                if let Some(j) = joiner(&lw) {
                    return Part::Joiner(j);
                }
            }
            if STOP.contains(&lw.as_str()) && (doubtful || t.shape == Shape::AllCaps) && !phrase_start {
                return Part::No;
            }
            // "Under-21", "Top-10": a word and a number.
            if lw.split_once('-').is_some_and(|(a, b)| b.bytes().all(|c| c.is_ascii_digit()) && lexicon::tags(a) & TOP != 0) {
                return Part::No;
            }
            // Mid-sentence capitals, and an acronym opening a sentence of
            // running text ("IKEA said").
            if !doubtful || !inf.headline && t.shape == Shape::AllCaps {
                return Part::Name;
            }
            let common = inf.tags & COMMON != 0;
            if named || inf.tags & OTHER != 0 || !common {
                return Part::Name;
            }
            // "WORLD CUP", "ROYAL NAVY", "DOMINICAN REPUBLIC": a common word next
            // to an organisation or event word in a headline.
            let head = |k: usize| info[k].sentence == inf.sentence && info[k].tags & (ORG_WORD | OTHER_WORD) != 0;
            if inf.headline && ((i + 1 < toks.len() && head(i + 1) && toks[i + 1].is_upper_initial()) || inf.tags & (ORG_WORD | OTHER_WORD) != 0 && i > 0 && toks[i - 1].is_upper_initial() && info[i - 1].sentence == inf.sentence) {
                return Part::Name;
            }
            if (inf.tags & ORG_WORD != 0 || PLACE_PREFIXES.contains(&lw.as_str())) && next_is_cap {
                return Part::Name;
            }
            if !inf.headline && !inf.alone && inf.capitalised {
                return Part::Name;
            }
            // "Anna Bishop said", "MARY BAKER": a given name before a word
            // that is no common word.
            let next_rare = toks.get(i + 1).is_some_and(|n| n.shape == t.shape && info[i + 1].tags & COMMON == 0);
            // Not right after a place or organisation ("FRANCE WIN ...").
            let after_name = i > 0 && toks[i - 1].is_upper_initial() && info[i - 1].tags & (PLACE | DEMONYM | ORG) != 0;
            if inf.tags & GIVEN != 0 && next_is_cap && !after_name && (t.shape == Shape::Capitalized || next_rare) {
                return Part::Name;
            }
            // "Evans Revere, a former ...": a surname used as a given name
            // before a word that is no frequent word nor a name head.
            const HEADS: Tags = TOP | ORG_WORD | PLACE_WORD | OTHER_WORD | PLACE | DEMONYM | TITLE | NEVER;
            if inf.tags & SURNAME != 0
                && t.shape == Shape::Capitalized
                && !after_name
                && toks.get(i + 1).is_some_and(|n| n.shape == Shape::Capitalized && info[i + 1].sentence == inf.sentence && info[i + 1].tags & HEADS == 0)
            {
                return Part::Name;
            }
            Part::No
        }
    }
}

/// The number of words (2 or 3) of a known multi-word place, organisation or
/// nationality starting at `i` ("NEW YORK", "Far East", "South Africa"), or 0.
fn known_phrase_len(text: &str, toks: &[Token], info: &[Info], i: usize) -> usize {
    let mut key = String::new();
    let mut len = 0;
    for k in i..(i + 3).min(toks.len()) {
        if !toks[k].is_word() || info[k].sentence != info[i].sentence {
            break;
        }
        if k > i {
            key.push(' ');
        }
        key.push_str(toks[k].text(text));
        if k > i && lexicon::tags(&key) & (PLACE | DEMONYM | ORG | OTHER) != 0 {
            len = k + 1 - i;
        }
    }
    // "SOUTH KOREAN", "Northern Syria"
    if len == 0
        && i + 1 < toks.len()
        && info[i + 1].sentence == info[i].sentence
        && info[i + 1].tags & (PLACE | DEMONYM | TOWN) != 0
        && with_lower(toks[i].text(text), |l| DIRECTIONS.contains(&l))
    {
        len = 2;
    }
    len
}

/// A role title: "President", "Gen.", "President-elect", "ex-President".
fn is_title(w: &str, tags: Tags) -> bool {
    if tags & TITLE != 0 {
        return true;
    }
    match w.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (lower(a), lower(b));
            (PERSON_TITLES.contains(&a.as_str()) && TITLE_SUFFIXES.contains(&b.as_str()))
                || (TITLE_PREFIXES.contains(&a.as_str()) && PERSON_TITLES.contains(&b.as_str()))
        }
        None => false,
    }
}

/// Length of a "(Ret.)" / "(ret)" marker starting at token `i`, else 0.
fn retired_len(text: &str, toks: &[Token], i: usize) -> usize {
    let t = |k: usize| toks.get(k).map_or("", |t| t.text(text));
    if t(i) != "(" || !RETIRED.contains(&t(i + 1)) {
        0
    } else if t(i + 2) == ")" {
        3
    } else if !t(i + 1).ends_with('.') && t(i + 2) == "." && t(i + 3) == ")" {
        4
    } else {
        0
    }
}

/// A title that names a person's role ("President", "Gen.", "Mr"), as opposed
/// to the words that qualify one ("Defense", "State", "Deputy").
fn is_person_title(w: &str) -> bool {
    lower(w).split('-').any(|p| PERSON_TITLES.contains(&p))
}

fn joiner(w: &str) -> Option<Joiner> {
    match w {
        "&" => Some(Joiner::Amp),
        _ if JOINERS_OF.contains(&w) => Some(Joiner::Of),
        _ if JOINERS_AND.contains(&w) => Some(Joiner::And),
        _ if PARTICLES.contains(&w) => Some(Joiner::Particle),
        _ => None,
    }
}

/// Split a run at its role titles and classify the name(s) in it.
fn emit_run(text: &str, toks: &[Token], info: &[Info], parts: &[Part], start: usize, end: usize, out: &mut Vec<Candidate>) {
    // Trim title tokens and joiners at the end ("... said Secretary").
    let mut end = end;
    while end > start && parts[end - 1] != Part::Name {
        end -= 1;
    }
    if end == start {
        return;
    }
    let phrase_tags = phrase_tags(text, &toks[start..end]);
    // A run that is an organisation or known phrase as a whole stays whole:
    // "State Department", "General Motors", "Justice Ministry".
    let last_tags = info[end - 1].tags;
    let whole_org = last_tags & ORG_WORD != 0 && end - start >= 2 || phrase_tags & (ORG | PLACE) != 0 || has_of_org(text, toks, info, start, end);
    // The last personal title in the run splits roles from the name
    // ("Defense Secretary | Lloyd Austin"); qualifying words alone do not
    // ("Home Depot").
    let split = if whole_org {
        None
    } else {
        (start..end).rev().find(|&k| parts[k] == Part::Title && is_person_title(toks[k].text(text)))
    };
    let Some(k) = split else {
        // Qualifying words before a name are no part of it: "Former | U.S.",
        // "(Secretary of) State | Ann Whitlock".
        let mut start = start;
        while start + 1 < end
            && !whole_org
            && parts[start] == Part::Title
            && (with_lower(toks[start].text(text), |l| QUALIFIERS.contains(&l)) || info[start + 1].tags & GIVEN != 0 && toks[start + 1].shape == Shape::Capitalized)
        {
            start += 1;
        }
        segment(text, toks, info, start, end, None, false, out);
        return;
    };
    // Role words: the names inside ("U.S.", "Russian") are entities of their own.
    let name_start = (k + 1..end).find(|&x| parts[x] == Part::Name).unwrap_or(end);
    let role = Span::new(toks[start].start, toks[name_start - 1].end);
    let mut personal = false;
    let mut i = start;
    while i <= k {
        if parts[i] == Part::Title {
            personal |= is_person_title(toks[i].text(text));
            i += 1;
            continue;
        }
        let mut j = i;
        while j <= k && parts[j] != Part::Title {
            j += 1;
        }
        let mut j2 = j;
        while j2 > i && parts[j2 - 1] != Part::Name {
            j2 -= 1;
        }
        if j2 > i {
            segment(text, toks, info, i, j2, None, false, out);
        }
        i = j;
    }
    if name_start < end {
        segment(text, toks, info, name_start, end, Some(role), personal, out);
    }
}

/// Tags of a token sequence as one phrase (up to five words).
fn phrase_tags(text: &str, toks: &[Token]) -> Tags {
    if toks.len() > 5 {
        return 0;
    }
    if toks.len() == 1 {
        return lexicon::tags(toks[0].text(text));
    }
    let mut key = String::with_capacity(32);
    for (n, t) in toks.iter().enumerate() {
        if n > 0 {
            key.push(' ');
        }
        key.push_str(t.text(text));
    }
    lexicon::tags(&key)
}

/// Split a name segment at nationality words and "X-based" adjectives
/// ("Russian | Ivan Petrov", "Ohio | Democrat", "Texas-based |
/// Lumora"), then classify each part.
#[allow(clippy::too_many_arguments)]
fn segment(text: &str, toks: &[Token], info: &[Info], a: usize, b: usize, role: Option<Span>, personal: bool, out: &mut Vec<Candidate>) {
    // "X-based" adjectives and "pro-X" compounds stand alone, but "Asia-Pacific"
    // inside an organisation's name ("... Asia-Pacific Center for Y") is part of it.
    let org_name = b - a >= 2 && (info[b - 1].tags & ORG_WORD != 0 || has_of_org(text, toks, info, a, b));
    if let Some(k) = (a..b).find(|&k| is_hyphen_adjective(toks[k].text(text)) || !org_name && is_compound_name(toks[k].text(text))) {
        if k > a {
            segment(text, toks, info, a, k, role, personal, out);
        }
        push(toks, k, k + 1, EntityKind::Other, Strength::Cue, None, out);
        if k + 1 < b {
            segment(text, toks, info, k + 1, b, None, false, out);
        }
        return;
    }
    let (mut a, mut b) = (a, b);
    // "West African | Ebola"
    if b - a >= 3 && with_lower(toks[a].text(text), |l| DIRECTIONS.contains(&l)) && phrase_tags(text, &toks[a..b]) == 0 {
        let two = phrase_tags(text, &toks[a + 1..a + 2]);
        if two & DEMONYM != 0 && info[b - 1].tags & (ORG_WORD | OTHER_WORD) == 0 {
            push(toks, a, a + 2, EntityKind::Group, Strength::Sure, None, out);
            a += 2;
        }
    }
    if b - a >= 2 && phrase_tags(text, &toks[a..b]) == 0 && !with_lower(toks[a].text(text), |l| DIRECTIONS.contains(&l)) {
        // A given name is no nationality here: "Christian Vogel".
        let given_first = info[a].tags & GIVEN != 0 && toks[a].shape == Shape::Capitalized;
        let all_demonyms = (a..b).all(|k| info[k].tags & DEMONYM != 0);
        // "Kurdish | Northern Iraq", "Russian | Ivan Petrov", but "British
        // Airways", "Nordic Centre for Conflict Research".
        let of_org = has_of_org(text, toks, info, a, b) && info[a + 1].tags & ORG_WORD != 0;
        while b - a >= 2
            && info[a].tags & DEMONYM != 0
            && !given_first
            && !all_demonyms
            && !of_org
            && (info[b - 1].tags & (ORG_WORD | OTHER_WORD) == 0 || names_a_place_or_org(text, &toks[a + 1..b]))
        {
            push(toks, a, a + 1, EntityKind::Group, Strength::Sure, None, out);
            a += 1;
        }
        // "Ohio | Democrat", but "Elena Moldovan", and an organisation "of"
        // what it is for stays whole: "Ministry of Labour", "Office of the Liberal".
        let person_first = given_first && info[a].tags & PLACE == 0;
        let of_what = has_of_org(text, toks, info, a, b);
        if b - a >= 2 && info[b - 1].tags & DEMONYM != 0 && !person_first && !all_demonyms && !of_what && phrase_tags(text, &toks[b - 2..b]) == 0 {
            let last = b - 1;
            b -= 1;
            classify(text, toks, info, a, b, role, personal, out);
            push(toks, last, last + 1, EntityKind::Group, Strength::Sure, None, out);
            return;
        }
    }
    classify(text, toks, info, a, b, role, personal, out);
}

/// Whether the words name a place, or an organisation in several words:
/// "Kurdish | Northern Iraq", but not "European | Parliament".
fn names_a_place_or_org(text: &str, words: &[Token]) -> bool {
    let tags = phrase_tags(text, words);
    tags & PLACE != 0 || words.len() >= 2 && tags & ORG != 0
}

/// "California-based", "Kremlin-backed": a capitalised name joined to a
/// lowercase participle.
fn is_hyphen_adjective(w: &str) -> bool {
    w.rsplit_once('-').is_some_and(|(head, tail)| {
        head.starts_with(char::is_uppercase)
            && HYPHEN_PARTICIPLES.contains(&tail)
    })
}

fn push(toks: &[Token], a: usize, b: usize, kind: EntityKind, strength: Strength, role: Option<Span>, out: &mut Vec<Candidate>) {
    out.push(Candidate { span: Span::new(toks[a].start, toks[b - 1].end), first: a, last: b - 1, kind, strength, role, acronym: None, named: None });
}

#[allow(clippy::too_many_arguments)]
fn classify(text: &str, toks: &[Token], info: &[Info], a: usize, b: usize, role: Option<Span>, personal: bool, out: &mut Vec<Candidate>) {
    let n = b - a;
    let words = &toks[a..b];
    let phrase = phrase_tags(text, words);
    // "New Year", "File Photo"; a lone frequent word that no name lexicon
    // knows ("Division", "Practice", "Third").
    const NAMES: Tags = PLACE | DEMONYM | ORG | OTHER | GIVEN | SURNAME | WORLD_SURNAME | TOWN;
    if phrase & NEVER != 0 || n == 1 && phrase & TOP != 0 && phrase & NAMES == 0 && !info[a].capitalised {
        return;
    }
    let first = info[a].tags;
    // "World War III", "Vatican II": a Roman numeral after the head word.
    let roman = |w: &str| w.len() <= 4 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    let last = if n >= 2 && roman(words[n - 1].text(text)) { info[b - 2].tags } else { info[b - 1].tags };
    // "North Korean", "South Korea", "Western Europe"
    let directional = n >= 2 && with_lower(words[0].text(text), |l| DIRECTIONS.contains(&l));
    let rest = if directional { phrase_tags(text, &words[1..]) } else { 0 };
    let has_of = words.iter().any(|t| NAME_OF.contains(&t.text(text)));
    let has_amp = words.iter().any(|t| t.text(text) == "&" || NAME_AND.contains(&t.text(text)));
    // "Republic of Ireland", "Gulf of Aden"
    let place_of = (a..b - 1).any(|k| {
        PLACE_OF.contains(&toks[k + 1].text(text)) && with_lower(toks[k].text(text), |l| PLACE_OF_HEADS.contains(&l))
    });
    let particle = words.iter().any(|t| {
        let w = t.text(text);
        t.shape == Shape::Lower && (PARTICLES.contains(&w) || w.split_once('-').is_some_and(|(p, _)| PARTICLES.contains(&p)))
    });
    let initials = words.iter().any(|t| t.shape == Shape::Initial);
    let all_caps = words.iter().all(|t| t.shape == Shape::AllCaps);
    let any_common = (a..b).any(|k| info[k].tags & COMMON != 0);
    let headline = info[a].headline;
    let hyphen_given = n >= 2 && words[1].text(text).contains('-') && words[1].shape == Shape::Capitalized;
    // "Kim Jong Un", "Yoon Suk Yeol": a family name and a two-syllable given
    // name written apart, whatever the syllables mean in English ("Un").
    let syllables = n == 3
        && first & WORLD_SURNAME != 0
        && words[1..].iter().all(|t| t.shape == Shape::Capitalized && t.end - t.start <= 5 && t.text(text).chars().all(char::is_alphabetic))
        && (a + 1..b).all(|k| info[k].tags & (PLACE | ORG_WORD | OTHER_WORD | DEMONYM) == 0);
    // Given name + surname; frequent words ("Green Park") are not names.
    let surname_last = last & (SURNAME | WORLD_SURNAME) != 0;
    let given = first & GIVEN != 0 && (last & TOP == 0 || surname_last);
    // "Wang Lihua", "Kim Jong Un": a family name before given names.
    let family_first = first & WORLD_SURNAME != 0 && !all_caps && (a + 1..b).all(|k| info[k].tags & (TOP | ORG_WORD | OTHER_WORD) == 0);
    // A surname the document writes capitalised mid-sentence and never in
    // lowercase is a name even when it is also a frequent word ("Harris").
    let lone_surname = n == 1
        && (first & WORLD_SURNAME != 0 || first & SURNAME != 0 && (first & TOP == 0 || info[a].capitalised) || surname_shape(words[0].text(text)));
    let w0 = lower(words[0].text(text));
    // Compass words alone ("the North", "the South") name no entity; "the
    // West" and "the East" are places at most.
    if n == 1 && COMPASS.contains(&w0.as_str()) {
        let the = a > 0 && COMPASS_ARTICLES.contains(&toks[a - 1].text(text));
        if the && COMPASS_PLACES.contains(&w0.as_str()) {
            push(toks, a, b, EntityKind::Place, Strength::Cue, role, out);
        }
        return;
    }
    // "the two Koreas", "the Americas": the plural of a country or place.
    let place_plural = n == 1 && w0.len() > 3 && w0.ends_with('s') && lexicon::tags(&w0[..w0.len() - 1]) & PLACE != 0 && first & PLACE == 0;
    // Initials or particles ("J. R. Smith", "Mohammed bin Salman"), a family
    // name first, a given name first.
    let person_shape = n >= 2 && (particle || initials)
        || (2..=4).contains(&n) && (family_first || syllables || first & WORLD_SURNAME != 0 && hyphen_given)
        || (2..=4).contains(&n) && given && last & (PLACE | ORG_WORD) == 0 && !has_of;
    let person_guess = n == 1 && first & GIVEN != 0 && first & COMMON == 0
        || (2..=3).contains(&n) && words.iter().all(|t| t.shape == Shape::Capitalized) && !any_common && !has_of;
    use EntityKind::*;
    use Strength::*;
    let (kind, strength) = if ADJECTIVE_SUFFIXES.iter().any(|s| words[n - 1].text(text).ends_with(s)) || model_code(words[0].text(text)) && phrase & (ORG | PLACE) == 0 {
        // "Cold War-like": an adjective made of a name; "K2", "F-16", "Su-35
        // Flanker": a model or weapon designation.
        (Other, Cue)
    } else if phrase & ORG != 0 {
        (Organization, Sure)
    } else if phrase & OTHER != 0 {
        (Other, Sure)
    } else if personal && n <= 4 && phrase & (PLACE | DEMONYM) == 0 && last & ORG_WORD == 0 {
        (Person, Sure)
    } else if phrase & PLACE != 0 || rest & PLACE != 0 {
        (Place, Sure)
    } else if place_plural {
        (Place, Cue)
    } else if phrase & DEMONYM != 0 || rest & DEMONYM != 0 || (n >= 2 && (a..b).all(|k| info[k].tags & DEMONYM != 0)) {
        (Group, Sure)
    } else if n >= 2 && last & ORG_WORD != 0 || has_of && first & ORG_WORD != 0 || has_amp {
        (Organization, Sure)
    } else if n >= 2 && last & PLACE_WORD != 0 || place_of {
        (Place, Sure)
    } else if n >= 2 && last & OTHER_WORD != 0 {
        (Other, Sure)
    } else if n >= 3 && has_of_org(text, toks, info, a, b) {
        (Organization, Sure)
    } else if person_shape {
        (Person, Sure)
    } else if n >= 2 && (phrase & TOWN != 0 || with_lower(words[0].text(text), |l| PLACE_PREFIXES.contains(&l))) {
        // "Tunbridge Wells", "St Louis", "Fort Worth"
        (Place, Cue)
    } else if (2..=4).contains(&n) && (last & (SURNAME | WORLD_SURNAME) != 0 || surname_shape(words[n - 1].text(text))) && !has_of && first & PLACE == 0 {
        (Person, Cue)
    } else if n == 1 && all_caps && !headline && words[0].end - words[0].start <= 6 {
        (Organization, Cue)
    } else if n == 1 && is_demonym_shape(words[0].text(text)) && first & COMMON == 0 && toks.get(b).is_some_and(|t| t.shape == Shape::Lower) {
        (Group, Cue)
    } else if n == 1 && (lone_surname || person_context(text, toks, info, a)) || (1..=3).contains(&n) && !has_of && role_appositive(text, toks, b) {
        (Person, Cue)
    } else if org_context(text, toks, a, b) {
        (Organization, Cue)
    } else if phrase & TOWN != 0 && phrase & (GIVEN | SURNAME | COMMON) == 0 {
        (Place, Cue)
    } else if person_guess {
        (Person, Guess)
    } else if n == 1 && place_context(text, toks, info, a) {
        (Place, Cue)
    } else {
        (Organization, Guess)
    };
    push(toks, a, b, kind, strength, role, out);
}

/// A model or weapon designation: up to three letters, an optional hyphen,
/// digits, and an optional letter suffix ("K2", "F-16", "Su-35", "KN-23A").
fn model_code(w: &str) -> bool {
    let letters = w.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    let rest = w[letters..].strip_prefix('-').unwrap_or(&w[letters..]);
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    (1..=3).contains(&letters) && w.starts_with(|c: char| c.is_ascii_uppercase()) && digits >= 1 && rest[digits..].chars().all(|c| c.is_ascii_alphabetic()) && rest.len() - digits <= 2
}

/// Surname shapes of many languages: "O'Brien", "McTavish",
/// "Fazal-ur-Rahim", "Ivanov", "Kowalski", "Papadopoulos", "Shevchenko".
fn surname_shape(w: &str) -> bool {
    static ENDINGS: Words = LazyLock::new(|| list(WORDS, "endings"));
    static NOT_ENDINGS: Words = LazyLock::new(|| list(WORDS, "not_surname_endings"));
    static SURE_ENDINGS: Words = LazyLock::new(|| list(WORDS, "sure_surname_endings"));
    static NAME_PREFIXES: Words = LazyLock::new(|| list(WORDS, "surname_prefixes"));
    static CAP_PREFIXES: Words = LazyLock::new(|| list(WORDS, "surname_cap_prefixes"));
    static INFIXES: Words = LazyLock::new(|| list(WORDS, "surname_infixes"));
    let w = w.trim_end_matches('.');
    let ends = |list: &[&str]| list.iter().any(|e| w.ends_with(e));
    if w.len() < 4 || !w.starts_with(char::is_uppercase) {
        return false;
    }
    NAME_PREFIXES.iter().any(|p| w.starts_with(p))
        || CAP_PREFIXES.iter().any(|p| w.strip_prefix(p).is_some_and(|r| r.starts_with(char::is_uppercase)))
        || INFIXES.iter().any(|i| w.contains(i))
        || (ends(&ENDINGS) && !ends(&NOT_ENDINGS) || ends(&SURE_ENDINGS))
}

/// A name after a kind of organisation ("the newspaper X", "carrier X") or
/// before what only organisations have ("X shares", "X spokesman").
fn org_context(text: &str, toks: &[Token], a: usize, b: usize) -> bool {
    static KINDS: Words = LazyLock::new(|| list(WORDS, "kinds"));
    static AFTER: Words = LazyLock::new(|| list(WORDS, "after"));
    let before = a > 0 && toks[a - 1].shape == Shape::Lower && KINDS.contains(&toks[a - 1].text(text));
    let after = toks.get(b).is_some_and(|t| AFTER.contains(&t.text(text)))
        || toks.get(b).is_some_and(|t| t.text(text) == "'s") && toks.get(b + 1).is_some_and(|t| AFTER.contains(&t.text(text)));
    before || after
}

/// Lowercase role nouns written before a person's name ("dissident X").
static ROLES: Words = LazyLock::new(|| list(WORDS, "roles"));

/// Whether a lowercase word belongs to a role written before a name:
/// a role noun or a title word ("former defense secretary X").
pub fn is_role_word(w: &str) -> bool {
    ROLES.contains(&w.rsplit('-').next().unwrap_or(w))
        || lexicon::tags(w) & TITLE != 0 && w.chars().all(|c| c.is_lowercase() || c == '-')
        || ROLE_QUALIFIERS.contains(&w)
}

/// A lone name after a lowercase role noun ("dissident X", "striker X"), or
/// followed by a bracketed country as in results ("X ( Sweden )").
fn person_context(text: &str, toks: &[Token], info: &[Info], i: usize) -> bool {

    // "striker X", "off-spinner X", "all-rounder X"
    let before = i > 0
        && toks[i - 1].shape == Shape::Lower
        && toks[i - 1].text(text).rsplit('-').next().is_some_and(|r| ROLES.contains(&r));
    let bracket = toks.get(i + 1).is_some_and(|t| t.text(text) == "(")
        && toks.get(i + 2).is_some_and(|_| info[i + 2].tags & (PLACE | DEMONYM) != 0)
        && toks.get(i + 3).is_some_and(|t| t.text(text) == ")");
    // "X, who ...", "X's wife"
    let t = |k: usize| toks.get(k).map_or("", |t| t.text(text));
    let who = PERSON_RELATIVES.contains(&t(i + 1))
        || t(i + 1) == "," && PERSON_RELATIVES.contains(&t(i + 2))
        || RELATIVE_POSSESSIVES.contains(&t(i + 1)) && RELATIVES.contains(&t(i + 2));
    // "by his call sign, Borsuk": a soldier's or fighter's call sign.
    let back = |d: usize| if i >= d { t(i - d) } else { "" };
    let d = if back(1) == "," { 2 } else { 1 };
    let call_sign = CALL_SIGNS.iter().any(|p| p.split(' ').rev().enumerate().all(|(n, w)| back(d + n) == w));
    before || bracket || who || call_sign
}

/// A name followed by ", a former deputy secretary ..." or ", professor of
/// ...": an appositive whose first words hold a person's role noun.
fn role_appositive(text: &str, toks: &[Token], b: usize) -> bool {
    if toks.get(b).map(|t| t.text(text)) != Some(",") {
        return false;
    }
    let mut k = b + 1;
    if toks.get(k).is_some_and(|t| APPOSITIVE_ARTICLES.contains(&t.text(text))) {
        k += 1;
    }
    toks[k.min(toks.len())..].iter().take(6).take_while(|t| t.shape == Shape::Lower || t.text(text).ends_with('.')).any(|t| {
        let w = t.text(text);
        t.shape == Shape::Lower && (ROLES.contains(&w) || PERSON_TITLES.contains(&w) || APPOSITIVE_ROLES.contains(&w))
    })
}

/// "Malawian", "Burkinabe"-like nationality adjectives not in the lexicon.
fn is_demonym_shape(w: &str) -> bool {
    w.len() > 5 && DEMONYM_ENDINGS.iter().any(|e| w.ends_with(e))
}

/// A lone unknown word after a place preposition ("in X", "town of X"),
/// before a comma and a known place ("X, Iraq"), or opening a dateline ("X
/// 1996-08-30", "X (Reuters)").
fn place_context(text: &str, toks: &[Token], info: &[Info], i: usize) -> bool {
    let t = |k: usize| toks.get(k).map_or("", |t| t.text(text));
    let before = i > 0 && PLACE_BEFORE.contains(&t(i - 1));
    let of_place = i > 1 && PLACE_NOUN_OF.contains(&t(i - 1)) && PLACE_NOUNS.contains(&t(i - 2));
    let comma_place = t(i + 1) == "," && toks.get(i + 2).is_some_and(|_| info[i + 2].tags & PLACE != 0);
    let line_start = i == 0 || info[i - 1].sentence != info[i].sentence;
    let dateline = line_start
        && (toks.get(i + 1).is_some_and(|n| n.shape == Shape::Number && n.end - n.start == 10 && n.text(text).matches('-').count() == 2)
            || t(i + 1) == "(" && t(i + 3) == ")" && toks.get(i + 2).is_some_and(|n| n.is_upper_initial() && info[i + 2].tags & ORG != 0));
    before || of_place || comma_place || dateline
}

/// "National Intelligence Service (NIS)": link the bracketed acronym to the
/// name before it and make the pair an organisation.
fn acronyms(text: &str, toks: &[Token], out: &mut [Candidate]) {
    for c in out.iter_mut() {
        let l = c.last;
        if toks.get(l + 1).map(|t| t.text(text)) != Some("(") || toks.get(l + 3).map(|t| t.text(text)) != Some(")") {
            continue;
        }
        let a = toks[l + 2];
        if a.shape != Shape::AllCaps {
            continue;
        }
        let acr: String = a.text(text).chars().filter(|c| c.is_alphabetic()).collect();
        let initials: String = toks[c.first..=c.last]
            .iter()
            .filter(|t| t.is_upper_initial())
            .filter_map(|t| t.text(text).chars().next())
            .collect();
        if acr.len() >= 2 && (acr == initials || initials.starts_with(&acr) || acr.starts_with(&initials)) {
            c.acronym = Some(Span::new(a.start, a.end));
            if c.kind == EntityKind::Person || c.strength < Strength::Sure {
                c.kind = EntityKind::Organization;
                c.strength = Strength::Sure;
            }
        }
    }
}

/// Sports results: in a line where two or more names are each followed by a
/// score ("Arsenal 2 Leeds 1"), the names are teams.
fn scorelines(text: &str, toks: &[Token], info: &[Info], out: &mut [Candidate]) {
    let mut i = 0;
    while i < out.len() {
        let s = info[out[i].first].sentence;
        let mut j = i;
        while j < out.len() && info[out[j].first].sentence == s {
            j += 1;
        }
        let is_score = |k: usize| {
            toks.get(k).is_some_and(|t| {
                let w = t.text(text);
                t.shape == Shape::Number && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit())
            })
        };
        let scored = |c: &Candidate| is_score(c.last + 1);
        // A table row: a name opening the line, then only numbers.
        let row = j == i + 1 && {
            let c = &out[i];
            let line_start = c.first == 0 || info[c.first - 1].sentence != s;
            let mut k = c.last + 1;
            let mut nums = 0;
            while k < toks.len() && info[k].sentence == s && !toks[k].is_upper_initial() && toks[k].shape != Shape::Lower {
                nums += usize::from(toks[k].shape == Shape::Number);
                k += 1;
            }
            line_start && nums >= 3 && (k == toks.len() || info[k].sentence != s) && is_score(c.last + 1) && is_score(c.last + 2)
        };
        let n = out[i..j].iter().filter(|c| scored(c)).count();
        if n >= 2 || row {
            for c in &mut out[i..j] {
                // National teams keep their country's name and kind.
                let country = c.first == c.last && info[c.first].tags & COUNTRY != 0;
                if scored(c) && !country && !(c.kind == EntityKind::Person && c.strength == Strength::Sure) {
                    c.kind = EntityKind::Organization;
                    c.strength = Strength::Team;
                }
            }
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_function_words_of_the_rules_are_read_from_the_data_file() {
        let lists: [(&Words, &str, &str); 18] = [
            (&POSSESSIVES, "’s", "s"),
            (&OF_ARTICLES, "THE", "The"),
            (&COORDINATORS, "or", "but"),
            (&NAME_OF, "FOR", "Of"),
            (&TITLE_OF, "of", "for"),
            (&WORD_MONTHS, "may", "june"),
            (&RETIRED, "ret.", "retired"),
            (&NAME_AND, "AND", "And"),
            (&COMPASS_ARTICLES, "The", "THE"),
            (&COMPASS_PLACES, "east", "north"),
            (&PERSON_RELATIVES, "who", "which"),
            (&RELATIVE_POSSESSIVES, "'s", "’s"),
            (&CALL_SIGNS, "call sign", "call"),
            (&APPOSITIVE_ARTICLES, "now", "then"),
            (&PLACE_OF, "OF", "for"),
            (&PLACE_NOUN_OF, "of", "OF"),
            (&DEMONYM_ENDINGS, "iot", "ic"),
            (&ADJECTIVE_SUFFIXES, "-like", "like"),
        ];
        for (list, yes, no) in lists {
            assert!(list.contains(&yes), "{yes} missing");
            assert!(!list.contains(&no), "{no} listed");
        }
    }

    #[test]
    fn the_word_lists_of_the_rules_are_read_from_the_data_file() {
        let lists: [(&Words, &str, &str); 12] = [
            (&GROUP_PLURALS, "women", "woman"),
            (&HEADLINE_MINOR, "with", "within"),
            (&MONTH_BEFORE, "until", "may"),
            (&HYPHEN_PARTICIPLES, "headquartered", "president"),
            (&COMPASS, "southwest", "central"),
            (&ROLE_QUALIFIERS, "interim", "minister"),
            (&RELATIVES, "daughter", "friend"),
            (&APPOSITIVE_ROLES, "correspondent", "said"),
            (&PLACE_BEFORE, "towards", "of"),
            (&PLACE_NOUNS, "province", "country"),
            (&TITLE_SUFFIXES, "designate", "chief"),
            (&TITLE_PREFIXES, "vice", "deputy"),
        ];
        for (list, yes, no) in lists {
            assert!(list.contains(&yes), "{yes} missing");
            assert!(!list.contains(&no), "{no} listed");
        }
    }

    #[test]
    fn surname_shapes_are_read_from_the_data_file() {
        for w in ["O’Brien", "O'Neill", "McCarthy", "Zia-ul-Haq", "Pashinyan", "Petrova."] {
            assert!(surname_shape(w), "{w}");
        }
        for w in ["Mcintosh", "Canadian", "Oslo", "Ov"] {
            assert!(!surname_shape(w), "{w}");
        }
    }

    #[test]
    fn hyphen_participles_make_adjectives_of_names() {
        assert!(is_hyphen_adjective("Kremlin-backed"));
        assert!(is_hyphen_adjective("Ohio-born"));
        assert!(!is_hyphen_adjective("Kremlin-Beijing"));
        assert!(!is_hyphen_adjective("kremlin-backed"));
    }
}
