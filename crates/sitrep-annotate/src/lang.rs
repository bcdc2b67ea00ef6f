//! Language packs: the words of one language for what a figure measures and
//! who or what it counts, mapped to the language-neutral keys of the frame
//! vocabulary ([`crate::frames`]), so that "Soldaten", "soldats", "солдат",
//! "병력" and "兵士" all count `troops` and "getötet", "tués", "убиты",
//! "사망" all measure `killed`, and claims in any language join the same
//! topics as the English ones.
//!
//! Each pack is data under `data/lang/<code>/` (ISO 639-1), every file
//! headed by where its words come from:
//!
//! - `counted.tsv`: `key <TAB> forms` — who or what is counted, the key one
//!   of `data/frames/counted.tsv`;
//! - `measures.tsv`: `key <TAB> forms` — what happened to it, the key one
//!   of `data/frames/measures.tsv`;
//! - `attribution.tsv`: `role <TAB> forms` — cues giving a figure to a
//!   source before it ("laut X") or after it ("X에 따르면"), speech
//!   verbs ending a source in unspaced text ("据X称"), and speech verbs
//!   whose subject is the source (`verb`: "le Pentagone estime que");
//! - `grammar.tsv`: `role <TAB> forms` — `and_or`: the words that join two
//!   measures into their whole ("getötet oder verwundet" → casualties);
//!   `nouns capitalised` where every noun has a capital (German);
//!   `and_or_ending`, `particles`, `subject_particles`, `compounds head_last`,
//!   `place_before`, `place_after`, `place_noun`, `whole_before` (verb
//!   endings joining measures, noun particles, particles of a subject where
//!   the verb comes last, compound heads, words making a name a place, words
//!   opening a sentence that make its figure the whole), described in the
//!   file's header.
//!
//! Across languages, `data/lang/names.tsv` gives the English names of
//! countries, capitals, regions, leaders and bodies as each language and
//! script writes them ([`names_in`]): stories, places and groups of
//! documents in other languages are named in English with it.
//!
//! A form is lower case; `+` joins the words of a form of several words and
//! a word ending in `*` is a stem that matches any ending ("getötet*",
//! "погиб*"), which inflected languages need; one starting with `*` a tail
//! ("*군" in "북한군"). Languages written without
//! spaces between words (Japanese, Chinese) match a form anywhere inside a
//! token (their `grammar.tsv` says `spaces none`). [`pack`] chooses the
//! pack by a document's language; adding a language is adding its folder
//! and one line to [`PACKS`].

use std::sync::LazyLock;

use crate::frames::{self, Counted, Kind, Measure};
pub use sitrep_lang::names::names_in;
use sitrep_lang::names::{name_spans, rows};

/// The packs: code, `counted.tsv`, `measures.tsv`, `grammar.tsv`, `attribution.tsv`.
macro_rules! packs {
    ($($code:literal),* $(,)?) => {
        [$(($code,
            include_str!(concat!("../data/lang/", $code, "/counted.tsv")),
            include_str!(concat!("../data/lang/", $code, "/measures.tsv")),
            include_str!(concat!("../data/lang/", $code, "/grammar.tsv")),
            include_str!(concat!("../data/lang/", $code, "/attribution.tsv")))),*]
    };
}

/// Every language with a pack.
const PACKS: [(&str, &str, &str, &str, &str); 11] = packs!("de", "fr", "es", "it", "pt", "pl", "uk", "ru", "ko", "ja", "zh");

/// One word of a form.
#[derive(Debug, PartialEq)]
enum Pattern {
    Word(&'static str),
    /// `x*`: a word starting with `x`.
    Stem(&'static str),
    /// `*x`: a word ending with `x` (the head of a compound: Korean
    /// "북한군" ends with "군").
    Tail(&'static str),
}

impl Pattern {
    fn parse(w: &'static str) -> Pattern {
        match (w.strip_prefix('*'), w.strip_suffix('*')) {
            (Some(tail), _) if !tail.is_empty() => Pattern::Tail(tail),
            (_, Some(stem)) => Pattern::Stem(stem),
            _ => Pattern::Word(w),
        }
    }

    fn text(&self) -> &'static str {
        match self {
            Pattern::Word(s) | Pattern::Stem(s) | Pattern::Tail(s) => s,
        }
    }
}

/// A written form and the key it maps to.
#[derive(Debug)]
struct Form {
    words: Vec<Pattern>,
    key: &'static str,
}

/// The words of one language.
#[derive(Debug)]
pub struct Pack {
    pub code: &'static str,
    /// Written without spaces between words (Japanese, Chinese:
    /// `spaces none` in `grammar.tsv`): a form may stand anywhere inside a
    /// token.
    pub unspaced: bool,
    /// Longest forms first.
    counted: Vec<Form>,
    measures: Vec<Form>,
    and_or: Vec<&'static str>,
    /// Endings of a verb that join it to a second measure (Korean
    /// "사망하거나 부상" → casualties).
    and_or_endings: Vec<&'static str>,
    /// Particles a noun carries as its ending (Korean "병력을"), longest first.
    particles: Vec<&'static str>,
    /// Particles marking a sentence's subject or topic where the verb comes
    /// last (Korean "국정원은 … 밝혔다"): the speech verbs of the pack then
    /// close the sentence and the subject opens it.
    subject_particles: Vec<&'static str>,
    /// Nouns compound with their head last (German "Kriegsverluste").
    compounds: bool,
    /// Words before a name that make it where or whither (German "nach
    /// Russland", Chinese "向俄罗斯"), and particles after it (Korean
    /// "러시아에", Japanese "ロシアに").
    place_before: Vec<&'static str>,
    place_after: Vec<&'static str>,
    /// Nouns after a name, a space between, that make it a place (Korean
    /// "러시아 땅에": on Russian soil).
    place_nouns: Vec<&'static str>,
    /// Cues of a part named inside a whole, standing before the part
    /// ("включая", "einschließlich", "包括") or after it ("포함한",
    /// "含め", "在内"): a country named there is not whose the figure is.
    including_before: Vec<&'static str>,
    including_after: Vec<&'static str>,
    /// Auxiliaries opening a clause's own verb after a participle that
    /// modifies what is counted ("soldados enviados a … han muerto").
    auxiliaries: Vec<&'static str>,
    /// Stems of words saying a figure adds to a total ("추가", "追加",
    /// "weitere", "дополнительн").
    increments: Vec<&'static str>,
    /// Words opening a sentence before a figure that make it the whole the
    /// figures after it are parts of ("Von den 14.000 Soldaten …", "Из 12
    /// тысяч …").
    wholes: Vec<Form>,
    /// Phrases saying a clause counts over the week just past ("за
    /// последнюю неделю", "지난주", "上周").
    past_week: Vec<Form>,
    /// Phrases saying a clause counts per day ("на день", "pro Tag",
    /// "每天"): its figure is a daily rate.
    per_day: Vec<Form>,
    /// Nouns of a region of a country ("région", "області", "지역", "州"):
    /// a name right before or after one, or after one and a few words
    /// ("la région russe de Koursk"), names where, not who.
    region_nouns: Vec<&'static str>,
    /// Cues giving a figure to a source (`attribution.tsv`), keyed by
    /// where the source stands: "before" (laut X), "after" (X에 따르면).
    cues: Vec<Form>,
    /// Speech verbs ending a source in a language written without spaces ("据X称").
    said: Vec<&'static str>,
    /// Speech and estimate verbs whose subject before them is the source
    /// of the figures after them ("le Pentagone estime que", "Selenskyj
    /// hatte gesagt, dass").
    verbs: Vec<Form>,
    /// Every noun is written with a capital (German): a capital makes no name.
    pub capitalised_nouns: bool,
}

/// The forms of a pack file, longest first (so "getötet+oder+verwundet"
/// wins over "getötet").
fn forms(data: &'static str) -> Vec<Form> {
    let mut out: Vec<Form> = rows(data)
        .flat_map(|(key, forms)| {
            forms.split_whitespace().map(move |f| Form {
                words: f.split('+').map(Pattern::parse).collect(),
                key,
            })
        })
        .collect();
    out.sort_by_key(|f| std::cmp::Reverse((f.words.len(), f.words.iter().map(|w| w.text().len()).sum::<usize>())));
    out
}

/// The words of one role of `grammar.tsv`, longest first.
fn role(grammar: &'static str, name: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = rows(grammar).filter(|(r, _)| *r == name).flat_map(|(_, f)| f.split_whitespace()).collect();
    out.sort_by_key(|w| std::cmp::Reverse(w.len()));
    out
}

static LOADED: LazyLock<Vec<Pack>> = LazyLock::new(|| {
    PACKS
        .iter()
        .map(|&(code, counted, measures, grammar, attribution)| Pack {
            code,
            unspaced: role(grammar, "spaces") == ["none"],
            counted: forms(counted),
            measures: forms(measures),
            and_or: role(grammar, "and_or"),
            and_or_endings: role(grammar, "and_or_ending"),
            particles: role(grammar, "particles"),
            subject_particles: role(grammar, "subject_particles"),
            compounds: role(grammar, "compounds") == ["head_last"],
            place_before: role(grammar, "place_before"),
            place_after: role(grammar, "place_after"),
            place_nouns: role(grammar, "place_noun"),
            increments: role(grammar, "increment"),
            auxiliaries: role(grammar, "auxiliary"),
            including_before: role(grammar, "including_before"),
            including_after: role(grammar, "including_after"),
            wholes: forms(grammar).into_iter().filter(|f| f.key == "whole_before").collect(),
            past_week: forms(grammar).into_iter().filter(|f| f.key == "past_week").collect(),
            per_day: forms(grammar).into_iter().filter(|f| f.key == "per_day").collect(),
            region_nouns: role(grammar, "region_noun"),
            cues: forms(attribution).into_iter().filter(|f| f.key != "said" && f.key != "verb").collect(),
            verbs: forms(attribution).into_iter().filter(|f| f.key == "verb").collect(),
            said: role(attribution, "said"),
            capitalised_nouns: role(grammar, "nouns") == ["capitalised"],
        })
        .collect()
});

/// How many bytes a source may run on before the cue after it ("한국
/// 정부에 따르면").
const CITED_GAP: usize = 24;

/// How long a form must be (in characters) to be read as the head of a
/// compound: shorter ones stand inside too many other words.
const COMPOUND_HEAD: usize = 5;

/// The pack of a document's language (ISO 639-1), if there is one.
pub fn pack(language: Option<&str>) -> Option<&'static Pack> {
    let code = language?;
    LOADED.iter().find(|p| p.code == code)
}

impl Pack {
    /// `word` without the particle it ends with ("병력을" → "병력").
    pub fn bare<'w>(&self, word: &'w str) -> &'w str {
        self.particles.iter().find_map(|p| word.strip_suffix(p).filter(|b| !b.is_empty())).unwrap_or(word)
    }

    /// Whether `word` (lower case) matches one word of a form.
    fn matches(&self, pattern: &Pattern, word: &str) -> bool {
        let head = |w: &str| self.compounds && w.chars().count() >= COMPOUND_HEAD;
        match (pattern, self.unspaced) {
            (p, true) => word.contains(p.text()),
            (Pattern::Word(w), false) => word == *w || self.bare(word) == *w || head(w) && word.ends_with(w),
            (Pattern::Stem(s), false) => word.starts_with(s) || head(s) && word.contains(s),
            (Pattern::Tail(t), false) => word.ends_with(t) || self.bare(word).ends_with(t),
        }
    }

    /// The key of the longest form in `list` starting at `words[i]`, with its
    /// length in words.
    fn at(&self, list: &[Form], words: &[&str], i: usize) -> Option<(usize, &'static str)> {
        let lower: Vec<String> = words.get(i..)?.iter().take(list.first()?.words.len()).map(|w| w.to_lowercase()).collect();
        list.iter().find_map(|f| {
            let tail = lower.get(..f.words.len())?;
            f.words.iter().zip(tail).all(|(p, w)| self.matches(p, w)).then_some((f.words.len(), f.key))
        })
    }

    /// The counted noun `word` names.
    pub fn counted(&self, word: &str) -> Option<&'static Counted> {
        self.at(&self.counted, &[word], 0).and_then(|(_, key)| frames::counted_key(key))
    }

    /// Whether `word` counts people ("Soldaten", "осіб").
    pub fn counts_people(&self, word: &str) -> bool {
        self.counted(word).is_some_and(|c| c.kind != Kind::Thing)
    }

    /// The measure named at `words[i]`, with its length in words.
    /// Written without spaces, a token holds a clause: the measure nearest
    /// its end, where the clause's verb stands.
    pub fn measure_at(&self, words: &[&str], i: usize) -> Option<(usize, &'static Measure)> {
        if self.unspaced {
            let token = words.get(i)?.to_lowercase();
            return self.nearest(&self.measures, &token, token.len(), token.len(), |_| true).and_then(frames::measure).map(|m| (1, m));
        }
        self.at(&self.measures, words, i).and_then(|(n, key)| Some((n, frames::measure(key)?)))
    }

    /// The key of the form in `list` nearest the figure at bytes
    /// `from..to` of `token` (by the bytes between them; after the figure
    /// first at equal distance, then the longer form: "受伤和死亡" before
    /// "死亡"). A form a cue of inclusion follows, no other form of the list
    /// between, names a part inside the whole counted, not what the figure
    /// counts ("死傷者数は戦死者数百人を含め、約4千人": casualties, not killed).
    fn nearest(&self, list: &[Form], token: &str, from: usize, to: usize, keep: impl Fn(&str) -> bool) -> Option<&'static str> {
        let mut best: Option<(usize, usize, &'static str)> = None;
        let starts: Vec<usize> = list.iter().filter_map(|f| f.words.first()).flat_map(|p| token.match_indices(p.text()).map(|(at, _)| at)).collect();
        let included = |end: usize| {
            let limit = if end <= from { from } else { token.len() };
            let cue = self.including_after.iter().filter_map(|c| token.get(end..limit)?.find(c)).min();
            cue.is_some_and(|c| !starts.iter().any(|&s| end <= s && s < end + c))
        };
        for f in list.iter().filter(|f| keep(f.key)) {
            let [ref p] = f.words[..] else { continue };
            for (at, _) in token.match_indices(p.text()) {
                let w = p.text();
                if included(at + w.len()) {
                    continue;
                }
                let distance = if at >= to { 2 * (at - to) } else if at + w.len() <= from { 2 * (from - at - w.len()) + 1 } else { continue };
                if best.is_none_or(|(d, n, _)| distance < d || distance == d && w.len() > n) {
                    best = Some((distance, w.len(), f.key));
                }
            }
        }
        best.map(|(_, _, key)| key)
    }

    /// The counted noun nearest the figure at bytes `from..to` of `token`
    /// ("1万名士兵" → troops).
    pub fn nearest_counted(&self, token: &str, from: usize, to: usize) -> Option<&'static Counted> {
        self.nearest(&self.counted, token, from, to, |_| true).and_then(frames::counted_key)
    }

    /// The noun nearest the figure at bytes `from..to` of `token` that
    /// says who people are ("兵" in "北朝鮮兵は2000人"; see [`names_who`]).
    pub fn nearest_who(&self, token: &str, from: usize, to: usize) -> Option<&'static Counted> {
        self.nearest(&self.counted, token, from, to, |k| frames::counted_key(k).is_some_and(names_who)).and_then(frames::counted_key)
    }

    /// The measure nearest the figure at bytes `from..to` of `token`
    /// ("100人が死亡" → killed).
    pub fn nearest_measure(&self, token: &str, from: usize, to: usize) -> Option<&'static Measure> {
        self.nearest(&self.measures, token, from, to, |_| true).and_then(frames::measure)
    }

    /// The cue giving a figure to a source at `words[i]` ("laut", "по
    /// данным", "따르면"), with its length in words and whether the source
    /// stands after it.
    pub fn cue_at(&self, words: &[&str], i: usize) -> Option<(usize, bool)> {
        self.at(&self.cues, words, i).map(|(n, role)| (n, role == "before"))
    }

    /// The speech verb at `words[i]` whose subject is the source of what
    /// follows ("estime", "hat+mitgeteilt"), with its length in words.
    pub fn verb_at(&self, words: &[&str], i: usize) -> Option<usize> {
        self.at(&self.verbs, words, i).map(|(n, _)| n)
    }

    /// Where the verb comes last: the subject that opens a sentence of
    /// `words`, as the number of words it takes and its last word without
    /// its subject particle ("정보 당국은" → 2, "당국").
    pub fn opening_subject<'w>(&self, words: &[&'w str]) -> Option<(usize, &'w str)> {
        const REACH: usize = 5;
        words.iter().take(REACH).enumerate().find_map(|(k, w)| {
            self.subject_particles.iter().find_map(|p| w.strip_suffix(p).filter(|b| !b.is_empty())).map(|b| (k + 1, b))
        })
    }

    /// Whether the verb comes last and a particle marks the subject.
    pub fn verb_last(&self) -> bool {
        !self.subject_particles.is_empty()
    }

    /// In a language written without spaces, the bytes of `token` that name
    /// the source a cue inside it gives a figure to ("据韩国军方称" →
    /// "韩国军方", "韓国の情報機関によると" → "韓国の情報機関").
    pub fn cue_in(&self, token: &str) -> Option<(usize, usize)> {
        self.cues.iter().filter(|f| f.words.len() == 1).find_map(|f| {
            let (at, cue) = token.match_indices(f.words[0].text()).next()?;
            if f.key != "before" {
                return Some((0, at));
            }
            let rest = &token[at + cue.len()..];
            let end = self.said.iter().filter_map(|w| rest.find(w)).min().unwrap_or(rest.len());
            Some((at + cue.len(), at + cue.len() + end))
        }).filter(|(s, e)| s < e)
    }

    /// How many words of a cue making a figure the whole stand at
    /// `words[i]` ("von den", "из").
    pub fn whole_at(&self, words: &[&str], i: usize) -> Option<usize> {
        self.at(&self.wholes, words, i).map(|(n, _)| n)
    }

    /// How many words of a phrase saying "over the past week" stand at
    /// `words[i]` ("за останній тиждень", "in der vergangenen Woche").
    pub fn past_week_at(&self, words: &[&str], i: usize) -> Option<usize> {
        self.at(&self.past_week, words, i).map(|(n, _)| n)
    }

    /// How many words of a phrase saying "per day" stand at `words[i]`
    /// ("на день", "par jour", "每天").
    pub fn per_day_at(&self, words: &[&str], i: usize) -> Option<usize> {
        self.at(&self.per_day, words, i).map(|(n, _)| n)
    }

    /// Whether a region noun stands by the name at bytes `s..e` of
    /// `lower`: right after it ("Курській області", "Kursk-Region",
    /// "クルスク州"), or, where words are spaced, before it with at most
    /// `reach` words between and no punctuation ("Region Kursk", "la
    /// région russe de Koursk" with a reach of 2).
    fn regional(&self, lower: &str, s: usize, e: usize, reach: usize) -> bool {
        let is = |w: &str, form: &str| form.strip_suffix('*').map_or(w == form, |stem| w.starts_with(stem));
        if self.unspaced {
            return self.region_nouns.iter().any(|f| lower[e..].starts_with(f.trim_end_matches('*')));
        }
        // The rest of the name's word ("kursk-region" after the stem "kursk"),
        // then the next word.
        let rest = &lower[e..];
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let tail = rest[..word_end].trim_start_matches(['-', '‑']);
        let next = rest[word_end..].split_whitespace().next().unwrap_or("");
        let after = self.region_nouns.iter().any(|f| (!tail.is_empty() && is(tail, f)) || is(self.bare(next), f) || is(next, f));
        let before = lower[..s]
            .split_whitespace()
            .rev()
            .take(reach + 1)
            .take_while(|w| w.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’')))
            .any(|w| self.region_nouns.iter().any(|f| is(w, f)));
        after || before
    }

    /// Where a figure at byte `at` of `text` (its clause) is counted: the
    /// region or town (not a country: the story's setting) named nearest
    /// it after a word or particle of place ("в Курській", "à Koursk",
    /// "쿠르스크에서") or by a region noun ("dans la région russe de
    /// Koursk", "Курській області", "クルスク州"), as its English name.
    pub fn place_near(&self, text: &str, at: usize) -> Option<String> {
        let lower = text.to_lowercase();
        let at = text.get(..at).map_or(0, |t| t.to_lowercase().len());
        let (english, _, _) = name_spans(&lower)
            .into_iter()
            .filter(|&(english, s, e)| !is_nation(english) && (self.placed(&lower, s, e) || self.regional(&lower, s, e, 2)))
            .min_by_key(|&(_, s, e)| if e <= at { at - e } else { s.saturating_sub(at) })?;
        Some(title_case(english))
    }

    /// Whether a word or particle of place stands by the name at bytes
    /// `s..e` of `lower` ("nach Russland", "向俄罗斯", "러시아에", "러시아 땅에").
    fn placed(&self, lower: &str, s: usize, e: usize) -> bool {
        let before = lower[..s].trim_end();
        let word_before = if self.unspaced { None } else { before.rsplit(char::is_whitespace).next() };
        self.place_after.iter().any(|p| lower[e..].starts_with(p))
            || lower[e..].starts_with(char::is_whitespace) && self.place_nouns.iter().any(|n| lower[e..].trim_start().starts_with(n))
            || self.place_before.iter().any(|p| word_before.map_or_else(|| before.ends_with(p), |w| w == *p))
    }

    /// Whether `word` is an auxiliary ("han", "ont", "sono").
    pub fn auxiliary(&self, word: &str) -> bool {
        self.auxiliaries.contains(&word)
    }

    /// Whether `text` holds a word saying a figure adds to a total
    /// ("추가로", "weitere", "追加派遣").
    pub fn adds(&self, text: &str) -> bool {
        let lower = text.to_lowercase();
        if self.unspaced {
            return self.increments.iter().any(|w| lower.contains(w));
        }
        lower.split(|c: char| !c.is_alphanumeric()).any(|word| self.increments.iter().any(|w| word.starts_with(w)))
    }

    /// Whether `word` joins two measures ("oder", "или").
    pub fn joins(&self, word: &str) -> bool {
        self.and_or.contains(&word)
    }

    /// Whether the measure word `word` ends in a form joining it to the
    /// measure after it ("사망하거나").
    pub fn joins_next(&self, word: &str) -> bool {
        self.and_or_endings.iter().any(|e| word.ends_with(e))
    }

    /// The group a figure at byte `at` of `text` is of: the country or
    /// people named nearest it, as English names a people ("북한" → "North
    /// Korean"), leaving out a country the text sends to or stands in
    /// ("러시아에", "向俄罗斯", "nach Russland") and names that are no
    /// country or people (a city, a region, a leader).
    /// With `before`, a name before the figure wins over any after it (the
    /// doer of a clause names the group: "Pjöngjang schickte … 10.000").
    pub fn group_near(&self, text: &str, at: usize, before: bool) -> Option<String> {
        let lower = text.to_lowercase();
        let at = text.get(..at).map_or(0, |t| t.to_lowercase().len());
        // A name by a region noun is where ("région russe", "області Росії").
        let placed = |s: usize, e: usize| self.placed(&lower, s, e) || self.regional(&lower, s, e, 0);
        // A name a cue gives a figure to speaks; it is not who is counted
        // ("laut Südkorea", "据韩国军方称", "한국 정부에 따르면").
        let cited = |s: usize, e: usize| {
            self.cues.iter().any(|f| {
                let cue = f.words.iter().map(Pattern::text).collect::<Vec<_>>().join(" ");
                let clear = |gap: &str| !gap.contains([',', '，', '、', '.', '。', ';', ':']);
                if f.key == "before" {
                    // At most one word between: "laut dem Ministerium", not
                    // "laut Südkorea schickte Nordkorea".
                    lower[..s].rfind(&cue).is_some_and(|c| clear(&lower[c..s]) && lower[c + cue.len()..s].split_whitespace().count() < 2)
                } else {
                    lower[e..].find(&cue).is_some_and(|c| c <= CITED_GAP && clear(&lower[e..e + c]))
                }
            })
        };
        // A name inside a part of the whole counted is not whose the whole
        // is ("集结了包括朝鲜军队在内的近5万名士兵", "включая бойцов КНДР").
        let clear = |gap: &str| gap.len() <= CITED_GAP && !gap.contains([',', '，', '、', '.', '。', ';', ':']);
        let included = |s: usize, e: usize| {
            self.including_before.iter().any(|c| lower[..s].rfind(c).is_some_and(|k| clear(&lower[k + c.len()..s])))
                || self.including_after.iter().any(|c| lower[e..].find(c).is_some_and(|k| clear(&lower[e..e + k])))
        };
        let (english, _, _) = name_spans(&lower)
            .into_iter()
            .filter(|&(english, s, e)| is_nation(english) && !placed(s, e) && !cited(s, e) && !included(s, e))
            .min_by_key(|&(_, s, e)| if e <= at { (false, at - e) } else { (before, s.saturating_sub(at)) })?;
        Some(adjective_of(english))
    }
}

/// Whether a counted noun says who people are, and nothing of what
/// happened to them ("troops", "police"; not "people", not "deaths"): such a
/// noun in a clause tells who a count by a counter or a general word for
/// people ("1만 2000명", "1000 человек") is of.
pub fn names_who(c: &Counted) -> bool {
    c.kind == Kind::Person && c.implies.is_none()
}

/// The English adjective of each country that has one ("north korea" →
/// "north korean"), from the third field of `data/lang/names.tsv`.
static ADJECTIVES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    rows(include_str!("../data/lang/names.tsv")).filter_map(|(english, rest)| Some((english, rest.split('\t').nth(1)?.trim()))).collect()
});

/// Whether an English name of the names table is a country, its people or
/// its capital ("north korea", "north korean", "pyongyang"; not "kursk").
fn is_nation(english: &str) -> bool {
    ADJECTIVES.iter().any(|&(country, adjective)| country == english || adjective == english)
}

/// "north korean" → "North Korean".
fn title_case(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The English name of the place `text` names in any language ("Koursk",
/// "Курской", "쿠르스크" → "Kursk"), when the names table knows it.
pub fn english_place(text: &str) -> Option<String> {
    names_in(text).into_iter().max_by_key(|(_, n)| *n).map(|(e, _)| title_case(e))
}

/// The group `text` names in any language, as English names a people:
/// the adjective of a country ("nordkoreanische", "КНДР", "북한" →
/// "North Korean").
pub fn english_group(text: &str) -> Option<String> {
    let (name, _) = names_in(text).into_iter().max_by_key(|(_, n)| *n)?;
    Some(adjective_of(name))
}

/// The English adjective of a country, title-cased ("north korea" →
/// "North Korean"); other names as they are.
fn adjective_of(name: &str) -> String {
    title_case(ADJECTIVES.iter().find(|(country, _)| *country == name).map_or(name, |(_, a)| *a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pack_loads_and_maps_to_known_keys() {
        for &(code, counted, measures, _, _) in &PACKS {
            let p = pack(Some(code)).unwrap();
            assert!(!p.counted.is_empty() && !p.measures.is_empty(), "{code}");
            for (key, _) in rows(counted) {
                assert!(frames::counted_key(key).is_some(), "{code}/counted.tsv: unknown key {key}");
            }
            for (key, _) in rows(measures) {
                assert!(frames::measure(key).is_some(), "{code}/measures.tsv: unknown key {key}");
            }
        }
        assert!(pack(Some("en")).is_none() && pack(None).is_none());
    }

    /// Our own sentences' words, per language: `code <TAB> word(s) <TAB> key`.
    #[test]
    fn words_of_every_language_fold_to_the_english_keys() {
        for line in include_str!("../tests/fixtures/lang/words.tsv").lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let f: Vec<&str> = line.split('\t').collect();
            let [code, text, kind, key] = f[..] else { panic!("bad fixture line {line:?}") };
            let p = pack(Some(code)).unwrap();
            let words: Vec<&str> = text.split(' ').collect();
            let got = match kind {
                "counted" => p.counted(words[0]).map(|c| c.key),
                "measure" => p.measure_at(&words, 0).filter(|(n, _)| *n == words.len()).map(|(_, m)| m.key),
                _ => panic!("kind {kind}"),
            };
            assert_eq!(got, Some(key), "{code}: {text}");
        }
    }

    #[test]
    fn names_of_any_script_fold_to_the_english_name() {
        let names = |t: &str| {
            let mut n: Vec<&str> = names_in(t).into_iter().map(|(e, _)| e).collect();
            n.sort_unstable();
            n
        };
        assert_eq!(names("Selenskyj traf Putin nicht; nordkoreanische Soldaten in Nordkorea."), ["north korea", "north korean", "vladimir putin", "volodymyr zelensky"]);
        assert_eq!(names("Зеленский заявил, что КНДР направила войска в Курскую область."), ["kursk", "north korea", "volodymyr zelensky"]);
        assert_eq!(names("젤렌스키 대통령은 북한군이 러시아에 있다고 밝혔다."), ["north korea", "russia", "volodymyr zelensky"]);
        assert_eq!(names("Der Kurs der Aktie stieg."), Vec::<&str>::new(), "a stem matches only its own words");
        assert_eq!(names_in("Kursk, Kursk und Koursk").first(), Some(&("kursk", 3)));
        assert_eq!(english_place("Курской").as_deref(), Some("Kursk"));
        assert_eq!(english_group("soldados norcoreanos").as_deref(), Some("North Korean"));
        assert_eq!(english_group("북한군").as_deref(), Some("North Korean"));
        assert_eq!(english_group("Soldaten"), None);
    }

    #[test]
    fn a_region_noun_makes_the_name_beside_it_a_place() {
        let fr = pack(Some("fr")).unwrap();
        let t = "3 000 soldats nord-coréens ont été déployés dans la région russe de Koursk";
        assert_eq!(fr.place_near(t, 0).as_deref(), Some("Kursk"));
        // The adjective after "région" names where, not who.
        assert_eq!(fr.group_near("la région russe compte 3 000 soldats", 22, true), None);
        // A country is the story's setting, not a place of the frame.
        assert_eq!(fr.place_near("3 000 soldats envoyés en Russie", 0), None);
        let uk = pack(Some("uk")).unwrap();
        assert_eq!(uk.place_near("у Курській області втратили 2000", 30).as_deref(), Some("Kursk"));
        assert_eq!(pack(Some("de")).unwrap().place_near("5.000 Soldaten in der Kursk-Region", 0).as_deref(), Some("Kursk"));
        assert_eq!(pack(Some("ja")).unwrap().place_near("クルスク州に約3千人", 0).as_deref(), Some("Kursk"));
        // A name with neither a word of place nor a region noun is no place.
        assert_eq!(fr.place_near("Koursk a perdu 3 000 soldats", 0), None);
    }

    #[test]
    fn the_group_is_the_nearest_country_not_sent_to_nor_speaking() {
        let group = |code: &str, text: &str, figure: &str, before: bool| pack(Some(code)).unwrap().group_near(text, text.find(figure).unwrap(), before);
        assert_eq!(group("zh", "平壤向俄罗斯派遣了约2000名士兵", "2000", false).as_deref(), Some("North Korean"));
        assert_eq!(group("ja", "北朝鮮は兵士約3000人をロシアに派遣した", "3000", false).as_deref(), Some("North Korean"));
        assert_eq!(group("ko", "북한은 러시아에 병력 5000명을 보냈다", "5000", false).as_deref(), Some("North Korean"));
        assert_eq!(group("de", "Nordkorea schickte 5000 Soldaten nach Russland", "5000", false).as_deref(), Some("North Korean"));
        assert_eq!(group("de", "Laut Südkorea schickte Nordkorea 5000 Soldaten", "5000", true).as_deref(), Some("North Korean"));
        assert_eq!(group("zh", "据韩国军方称，约有300名士兵阵亡", "300", false), None, "a cited country speaks");
        assert_eq!(group("fr", "Paris a envoyé 300 soldats en Russie", "300", true).as_deref(), None, "a city is no group");
        assert_eq!(group("es", "los 300 soldados rusos y Ucrania", "300", false).as_deref(), Some("Russian"));
        assert_eq!(group("ko", "북한군 5000명이 러시아 땅에 있다", "5000", false).as_deref(), Some("North Korean"), "러시아 땅: a place");
        assert_eq!(group("zh", "约5000名士兵在俄罗斯境内", "5000", false), None, "俄罗斯境内: a place");
    }

    #[test]
    fn cues_give_a_figure_to_a_source() {
        let ru = pack(Some("ru")).unwrap();
        assert_eq!(ru.cue_at(&["по", "данным", "штаба"], 0), Some((2, true)));
        assert_eq!(pack(Some("ko")).unwrap().cue_at(&["정부에", "따르면"], 1), Some((1, false)));
        assert_eq!(pack(Some("de")).unwrap().cue_at(&["laut"], 0), Some((1, true)));
        let zh = pack(Some("zh")).unwrap();
        let t = "据韩国军方称";
        assert_eq!(zh.cue_in(t).map(|(s, e)| &t[s..e]), Some("韩国军方"));
        let ja = pack(Some("ja")).unwrap();
        let t = "韓国の情報機関によると";
        assert_eq!(ja.cue_in(t).map(|(s, e)| &t[s..e]), Some("韓国の情報機関"));
        assert_eq!(zh.cue_in("据称"), None, "a cue with no source names none");
    }

    #[test]
    fn particles_tails_and_compounds() {
        let ko = pack(Some("ko")).unwrap();
        assert_eq!(ko.bare("병력을"), "병력");
        assert_eq!(ko.bare("을"), "을", "a particle alone is a word");
        assert_eq!(ko.counted("러시아군의").map(|c| c.key), Some("troops"));
        let de = pack(Some("de")).unwrap();
        assert_eq!(de.counted("Kindersoldaten").map(|c| c.key), Some("troops"));
        assert_eq!(de.measure_at(&["kriegsverluste"], 0).map(|(_, m)| m.key), Some("casualties"));
        assert!(de.counted("tot").is_none() && pack(Some("fr")).unwrap().counted("contre-soldats").is_none(), "only German compounds, only long heads");
        assert!(ko.joins_next("사망하거나") && !ko.joins_next("사망했다"));
    }

    #[test]
    fn stems_and_unspaced_forms() {
        let ru = pack(Some("ru")).unwrap();
        assert!(ru.counts_people("Солдат") && ru.counts_people("солдаты"));
        assert!(!ru.counts_people("снарядов"));
        let ja = pack(Some("ja")).unwrap();
        assert_eq!(ja.measure_at(&["戦闘で死亡した"], 0).map(|(_, m)| m.key), Some("killed"));
        let t = "部隊を派遣し、兵士100人が負傷した";
        let at = t.find("100").unwrap();
        assert_eq!(ja.nearest_measure(t, at, at + 3).map(|m| m.key), Some("wounded"));
        assert_eq!(ja.nearest_counted(t, at, at + 3).map(|c| c.key), Some("troops"));
        assert_eq!(pack(Some("de")).unwrap().whole_at(&["von", "den", "rund"], 0), Some(2));
        assert_eq!(pack(Some("ru")).unwrap().whole_at(&["из"], 0), Some(1));
        assert!(pack(Some("de")).unwrap().joins("oder"));
        assert!(pack(Some("de")).unwrap().capitalised_nouns && !pack(Some("fr")).unwrap().capitalised_nouns);
        assert!(ja.unspaced && pack(Some("zh")).unwrap().unspaced, "spaces none in their grammar.tsv");
        assert!(!pack(Some("ko")).unwrap().unspaced && !pack(Some("de")).unwrap().unspaced);
    }

    #[test]
    fn increment_words_and_the_longer_of_two_equally_near_measures() {
        let de = pack(Some("de")).unwrap();
        assert!(de.adds("Weitere") && de.adds("zusätzlichen"));
        assert!(!de.adds("Weg") && !de.adds("Soldaten"));
        assert!(pack(Some("ko")).unwrap().adds("추가로"));
        let zh = pack(Some("zh")).unwrap();
        let t = "莫斯科已集结了包括朝鲜军队在内的近3万名士兵";
        assert_eq!(zh.group_near(t, t.find('3').unwrap(), true).as_deref(), Some("Russian"));
        let ru = pack(Some("ru")).unwrap();
        let t = "Собрано 30 тысяч солдат, включая бойцов КНДР";
        assert_eq!(ru.group_near(t, t.find('3').unwrap(), true), None);
        let t = "Собрано 30 тысяч бойцов КНДР";
        assert_eq!(ru.group_near(t, t.find('3').unwrap(), true).as_deref(), Some("North Korean"));
        assert!(pack(Some("es")).unwrap().auxiliary("han") && !pack(Some("es")).unwrap().auxiliary("enviados"));
        assert!(pack(Some("ja")).unwrap().adds("の兵士を追加派遣した"));
        let uk = pack(Some("uk")).unwrap();
        assert_eq!(uk.per_day_at(&["900", "осіб", "на", "день"], 2), Some(2));
        assert_eq!(uk.per_day_at(&["на", "тиждень"], 0), None);
        assert_eq!(pack(Some("zh")).unwrap().per_day_at(&["每天约有"], 0), Some(1));
        assert_eq!(uk.past_week_at(&["Лише", "за", "останній", "тиждень"], 1), Some(3));
        assert_eq!(uk.past_week_at(&["за", "останній", "місяць"], 0), None);
        assert_eq!(pack(Some("zh")).unwrap().past_week_at(&["上周有"], 0), Some(1));
        assert!(!pack(Some("ja")).unwrap().adds("の兵士を派遣した"));
        let zh = pack(Some("zh")).unwrap();
        let t = "报告了士兵受伤和死亡人数";
        assert_eq!(zh.nearest_measure(t, t.len(), t.len()).map(|m| m.key), Some("casualties"));
    }
}
