//! Name candidates: runs of capitalised tokens, split at role titles and
//! classified by lexicons, name shapes and context.
//!
//! Capitalisation is trusted in running text except for words that open a
//! sentence (or a quote, or follow a dash or colon): those, and every word of
//! an ALL-CAPS or Title-Case headline, are names only when a name lexicon
//! knows them, when they are not common English words, or when the document
//! writes them capitalised mid-sentence elsewhere.

use std::collections::HashSet;

use sitrep_core::{EntityKind, Span};

use super::lexicon::{self, Tags, COMMON, DEMONYM, GIVEN, NEVER, ORG, ORG_WORD, OTHER_WORD, PLACE, SURNAME, TITLE, WORLD_SURNAME};
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
}

/// Per-token facts used while scanning.
struct Info {
    tags: Tags,
    /// Opens a sentence, a quote, or follows a dash or colon.
    initial: bool,
    /// In an ALL-CAPS or Title-Case headline.
    headline: bool,
    sentence: u32,
}

/// Words that join two capitalised parts of one name when lowercase.
const PARTICLES: &[&str] = &[
    "van", "von", "de", "da", "di", "du", "del", "della", "der", "den", "la", "le", "bin", "ibn", "al", "el",
    "abu", "dos", "das", "ter", "ten", "bint", "y", "d'", "af",
];

/// Words after which "of" continues a place name ("Republic of Korea").
const OF_HEADS: &[&str] = &[
    "republic", "kingdom", "gulf", "bay", "sea", "isle", "isles", "strait", "straits", "cape", "lake", "mount",
    "province", "state", "states", "city", "sultanate", "emirate", "duchy", "county", "island", "islands",
    "district", "prefecture", "region", "oblast", "commonwealth", "federation", "sea", "port", "duke",
    "prince", "princess", "queen", "king", "battle", "siege", "treaty", "statue", "museum", "house",
    "people's", "tower", "bank", "church", "cathedral", "palace", "school", "college", "university",
];

const DIRECTIONS: &[&str] = &[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "new", "upper",
    "lower", "greater", "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
    "southeastern", "southwestern", "mid", "outer", "inner",
];

/// Titles that make the following name a person's; the other title words
/// ("Foreign", "Defense", "State") only are roles when such a word follows.
const PERSON_TITLES: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "professor", "sir", "dame", "lord",
    "lady", "rev", "rev.", "reverend", "father", "rabbi", "imam", "sheikh", "sheik", "ayatollah", "cardinal",
    "bishop", "archbishop", "pope", "king", "queen", "prince", "princess", "emperor", "sultan", "emir",
    "president", "premier", "chancellor", "minister", "secretary", "ambassador", "envoy", "governor", "gov",
    "gov.", "mayor", "senator", "sen", "sen.", "rep", "rep.", "representative", "congressman", "congresswoman",
    "speaker", "chairman", "chairwoman", "director", "commissioner", "commander", "judge", "justice",
    "attorney", "prosecutor", "inspector", "sheriff", "spokesman", "spokeswoman", "general", "gen", "gen.",
    "lieutenant", "lt", "lt.", "colonel", "col", "col.", "major", "maj", "maj.", "captain", "capt", "capt.",
    "sergeant", "sgt", "sgt.", "corporal", "private", "admiral", "adm", "adm.", "marshal", "brigadier",
    "coach", "manager", "striker", "midfielder", "defender", "goalkeeper", "skipper", "officer", "detective",
    "constable", "agent", "ceo", "leader", "dictator", "chief", "undersecretary", "treasurer",
];

/// Scan the tokens and return the name candidates in text order.
pub fn collect(text: &str, toks: &[Token], sentences: &[Span]) -> Vec<Candidate> {
    let info = token_info(text, toks, sentences);
    let caps_elsewhere = capitalised_mid_sentence(text, toks, &info);
    let is_part: Vec<Part> = (0..toks.len()).map(|i| part_of(text, toks, &info, &caps_elsewhere, i)).collect();
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
        while end < toks.len() && info[end].sentence == info[start].sentence {
            match is_part[end] {
                Part::Name | Part::Title => end += 1,
                Part::Joiner(j) if end + 1 < toks.len() && is_part[end + 1] == Part::Name && info[end + 1].sentence == info[start].sentence => {
                    let last = toks[end - 1].text(text);
                    let ok = match j {
                        Joiner::Particle => matches!(toks[end - 1].shape, Shape::Capitalized),
                        Joiner::Of => OF_HEADS.contains(&lower(last).as_str()) || info[end - 1].tags & ORG_WORD != 0,
                        Joiner::Amp => true,
                    };
                    if !ok {
                        break;
                    }
                    end += 2;
                }
                _ => break,
            }
        }
        emit_run(text, toks, &info, &is_part, start, end, &mut out);
        i = end;
    }
    acronyms(text, toks, &mut out);
    scorelines(text, toks, &info, &mut out);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joiner {
    Particle,
    Of,
    Amp,
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
        let mut initial = true;
        for t in &toks[i..j] {
            let tags = if t.is_word() { lexicon::tags(t.text(text)) } else { 0 };
            info.push(Info { tags, initial: initial && t.is_word(), headline, sentence: s as u32 });
            if t.is_word() {
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
    info
}

/// ALL-CAPS lines, and Title-Case lines with no lowercase word other than
/// short function words.
fn is_headline(text: &str, toks: &[Token]) -> bool {
    let (mut caps, mut title, mut lower_words) = (0, 0, 0);
    for t in toks {
        let w = t.text(text);
        if w.len() < 2 {
            continue;
        }
        match t.shape {
            Shape::AllCaps => caps += 1,
            Shape::Capitalized => title += 1,
            Shape::Lower if !matches!(w, "of" | "the" | "a" | "an" | "and" | "in" | "on" | "to" | "for" | "at" | "by" | "with" | "from" | "as" | "or" | "vs" | "v") => lower_words += 1,
            _ => {}
        }
    }
    let words = caps + title + lower_words;
    (caps >= 2 && caps * 5 >= words * 4) || (lower_words == 0 && title >= 4 && caps + title >= 4)
}

/// Lowercase forms of words written capitalised in the middle of a sentence
/// of running text.
fn capitalised_mid_sentence(text: &str, toks: &[Token], info: &[Info]) -> HashSet<String> {
    toks.iter()
        .zip(info)
        .filter(|(t, inf)| !inf.initial && !inf.headline && t.shape == Shape::Capitalized)
        .map(|(t, _)| lower(t.text(text)))
        .collect()
}

fn part_of(text: &str, toks: &[Token], info: &[Info], caps_elsewhere: &HashSet<String>, i: usize) -> Part {
    let t = toks[i];
    let inf = &info[i];
    let w = t.text(text);
    if inf.tags & NEVER != 0 {
        return Part::No;
    }
    let named = inf.tags & (PLACE | DEMONYM | ORG | WORLD_SURNAME) != 0;
    let next_is_cap = toks.get(i + 1).is_some_and(|n| n.is_upper_initial() && info[i + 1].sentence == inf.sentence);
    match t.shape {
        Shape::Lower => {
            if let Some(j) = joiner(w) {
                return Part::Joiner(j);
            }
            // "al-Assad", "bin-Laden"
            if let Some((pre, rest)) = w.split_once('-') {
                if PARTICLES.contains(&pre) && rest.starts_with(char::is_uppercase) {
                    return Part::Name;
                }
            }
            Part::No
        }
        Shape::Number | Shape::Punct => {
            if w == "&" {
                Part::Joiner(Joiner::Amp)
            } else {
                Part::No
            }
        }
        Shape::Initial => {
            if w.ends_with('.') && next_is_cap {
                Part::Name
            } else {
                Part::No
            }
        }
        Shape::Capitalized | Shape::AllCaps => {
            if inf.tags & TITLE != 0 && next_is_cap && !named {
                return Part::Title;
            }
            let doubtful = inf.initial || inf.headline;
            if inf.headline {
                if let Some(j) = joiner(&lower(w)) {
                    return Part::Joiner(j);
                }
            }
            let common = inf.tags & COMMON != 0;
            if !doubtful {
                if t.shape == Shape::AllCaps && common && !named {
                    return Part::No;
                }
                return Part::Name;
            }
            if named || !common || (inf.tags & ORG_WORD != 0 && next_is_cap) {
                return Part::Name;
            }
            if !inf.headline && caps_elsewhere.contains(&lower(w)) {
                return Part::Name;
            }
            if inf.tags & GIVEN != 0 && next_is_cap && t.shape == Shape::Capitalized {
                return Part::Name;
            }
            Part::No
        }
    }
}

fn joiner(w: &str) -> Option<Joiner> {
    match w {
        "of" | "for" => Some(Joiner::Of),
        "&" => Some(Joiner::Amp),
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
    let whole_org = last_tags & ORG_WORD != 0 && end - start >= 2 || phrase_tags & (ORG | PLACE) != 0;
    // The last title in the run splits roles from the name.
    let mut split = None;
    if !whole_org {
        for k in (start..end).rev() {
            if parts[k] == Part::Title {
                split = Some(k);
                break;
            }
        }
    }
    let Some(k) = split else {
        classify(text, toks, info, start, end, None, false, out);
        return;
    };
    // Role words: the names inside ("U.S.", "Russian") are entities of their own.
    let role = Span::new(toks[start].start, toks[k].end);
    let mut personal = false;
    let mut i = start;
    while i <= k {
        if parts[i] == Part::Title {
            personal |= PERSON_TITLES.contains(&lower(toks[i].text(text)).as_str());
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
            classify(text, toks, info, i, j2, None, false, out);
        }
        i = j;
    }
    if k + 1 < end {
        classify(text, toks, info, k + 1, end, Some(role), personal, out);
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

#[allow(clippy::too_many_arguments)]
fn classify(text: &str, toks: &[Token], info: &[Info], a: usize, b: usize, role: Option<Span>, personal: bool, out: &mut Vec<Candidate>) {
    let n = b - a;
    let words = &toks[a..b];
    let phrase = phrase_tags(text, words);
    let first = info[a].tags;
    let last = info[b - 1].tags;
    // "North Korean", "South Korea", "Western Europe"
    let directional = n >= 2 && DIRECTIONS.contains(&lower(words[0].text(text)).as_str());
    let rest = if directional { phrase_tags(text, &words[1..]) } else { 0 };
    let has_of = words.iter().any(|t| matches!(t.text(text), "of" | "for" | "OF" | "FOR"));
    let particle = words.iter().any(|t| {
        let w = t.text(text);
        t.shape == Shape::Lower && (PARTICLES.contains(&w) || w.split_once('-').is_some_and(|(p, _)| PARTICLES.contains(&p)))
    });
    let initials = words.iter().any(|t| t.shape == Shape::Initial);
    let all_caps = words.iter().all(|t| t.shape == Shape::AllCaps);
    let headline = info[a].headline;
    let hyphen_given = n >= 2 && words[1].text(text).contains('-') && words[1].shape == Shape::Capitalized;
    use EntityKind::*;
    use Strength::*;
    let (kind, strength) = if phrase & ORG != 0 {
        (Organization, Sure)
    } else if personal && n <= 4 && phrase & (PLACE | DEMONYM) == 0 {
        (Person, Sure)
    } else if phrase & PLACE != 0 || rest & PLACE != 0 {
        (Place, Sure)
    } else if phrase & DEMONYM != 0 || rest & DEMONYM != 0 {
        (Group, Sure)
    } else if n >= 2 && last & ORG_WORD != 0 || has_of && first & ORG_WORD != 0 {
        (Organization, Sure)
    } else if n >= 2 && last & OTHER_WORD != 0 {
        (Other, Sure)
    } else if n >= 2 && (particle || initials) {
        (Person, Sure)
    } else if n >= 2 && n <= 4 && first & WORLD_SURNAME != 0 && (hyphen_given || first & GIVEN == 0) && !all_caps {
        (Person, Sure)
    } else if n >= 2 && n <= 4 && first & GIVEN != 0 && last & (PLACE | ORG_WORD) == 0 && !has_of {
        (Person, Sure)
    } else if n >= 2 && n <= 4 && last & (SURNAME | WORLD_SURNAME) != 0 && !has_of {
        (Person, Cue)
    } else if n == 1 && all_caps && !headline && words[0].end - words[0].start <= 6 {
        (Organization, Cue)
    } else if n == 1 && first & (SURNAME | WORLD_SURNAME) != 0 && first & COMMON == 0 {
        (Person, Cue)
    } else if n == 1 && first & GIVEN != 0 && first & COMMON == 0 {
        (Person, Guess)
    } else if n >= 2 && n <= 3 && words.iter().all(|t| t.shape == Shape::Capitalized) && !has_of {
        (Person, Guess)
    } else if n == 1 && place_context(text, toks, a) {
        (Place, Cue)
    } else {
        (Organization, Guess)
    };
    out.push(Candidate {
        span: Span::new(words[0].start, words[n - 1].end),
        first: a,
        last: b - 1,
        kind,
        strength,
        role,
        acronym: None,
    });
}

/// "in X", "near X", "from X": a lone unknown word after a place preposition.
fn place_context(text: &str, toks: &[Token], i: usize) -> bool {
    i > 0 && matches!(toks[i - 1].text(text), "in" | "near" | "at" | "from" | "outside" | "across" | "to" | "into" | "towards" | "via")
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
        let scored = |c: &Candidate| {
            toks.get(c.last + 1).is_some_and(|t| {
                let w = t.text(text);
                t.shape == Shape::Number && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit())
            })
        };
        let n = out[i..j].iter().filter(|c| scored(c)).count();
        if n >= 2 {
            for c in &mut out[i..j] {
                if scored(c) && !(c.kind == EntityKind::Person && c.strength == Strength::Sure) {
                    c.kind = EntityKind::Organization;
                    c.strength = Strength::Sure;
                }
            }
        }
        i = j;
    }
}
