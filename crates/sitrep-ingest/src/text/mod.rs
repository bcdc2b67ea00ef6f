//! Boilerplate removal and metadata for scraped plain-text pages.
//!
//! A scraped page is the article body wrapped in page furniture: a masthead
//! and menus above, ads and captions inside, teaser lists, footers and a
//! comment thread below. [`clean`] works in three passes, all linear in the
//! size of the page:
//!
//! 1. [`lines::units`] splits the page into paragraph units (one line each,
//!    unless the page is hard-wrapped);
//! 2. [`classify::classify`] reads each unit on its own from its shape: length,
//!    final punctuation, capitalisation, separators, ©/credit patterns, date
//!    and byline shapes, and how much of it is web-UI vocabulary;
//! 3. [`clean`] places the units on the page. A comment section starts at a
//!    marker ("Leave a Reply", "14 Comments", a name-plus-"date at time"
//!    header) and runs to the end. The body runs from the first *dense*
//!    paragraph (a long sentence-like line) to the last sentence before the
//!    comment section. Above the body, only the title, metadata and
//!    sentence-like lines (a standfirst) count; inside it, every line is kept
//!    except clear furniture; below it, only a short sentence that directly
//!    follows it ("None.") is kept.

mod classify;
mod lines;
mod meta;
mod vocab;

use classify::{classify, is_comment_time, leading_name, opens_author_block, Kind};
use lines::{capitalised_share, ends_with_period, Unit};
use std::collections::{HashMap, HashSet};

/// What a scraped text page yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextArticle {
    pub title: Option<String>,
    pub byline: Vec<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The outlet, from a line naming it: a footer ("- Eastbridge Wire"), a
    /// copyright, a partner credit under the byline, a masthead.
    pub outlet: Option<String>,
    /// Article body: paragraphs separated by blank lines.
    pub text: String,
}

/// Units read for the date and byline past the start of the body: a page may
/// open with a standfirst sentence and give its date line after it.
const META_REACH: usize = 3;

/// Units read for the outlet's line past the start of the page's tail (a
/// credit under a closing byline, a copyright below the comments prompt).
const FOOTER_REACH: usize = 3;

/// Clean a scraped page: drop boilerplate lines, read title, byline and date.
pub fn clean(raw: &str) -> TextArticle {
    // Read every unit on its own, then with its neighbours.
    let units = lines::units(raw);
    let kinds: Vec<Kind> = units.iter().map(classify).collect();
    let caption_tail: Vec<bool> = (0..units.len())
        .map(|i| is_caption_tail(&units, &kinds, i))
        .collect();
    let dense: Vec<bool> = (0..units.len())
        .map(|i| kinds[i] == Kind::Text && !caption_tail[i] && is_dense(&units[i]))
        .collect();

    // Place the body: `first` and `last` unit, and where the tail starts.
    let n = units.len();
    let first = dense.iter().position(|&d| d).unwrap_or(n);
    let tail = if first < n {
        tail_start(&units, &kinds, &dense, first + 1)
    } else {
        n
    };
    let last = (first..tail)
        .rev()
        .find(|&i| {
            dense[i]
                || (matches!(kinds[i], Kind::Text | Kind::ListItem)
                    && !caption_tail[i]
                    && is_sentence(&units[i]))
        })
        .unwrap_or(first);

    // Walk the page once: collect metadata, keep the body's units.
    let title = find_title(&units, &kinds, first);
    let title_text = title.map(|i| units[i].text.as_ref());
    let meta_zone = |i: usize| i < first + META_REACH || i > last;

    let mut published = None;
    let mut updated = None;
    let mut byline: Vec<String> = Vec::new();
    let mut add_names = |names: &[String]| {
        for name in names {
            if !byline.iter().any(|b| b.eq_ignore_ascii_case(name)) {
                byline.push(name.clone());
            }
        }
    };
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for u in &units {
        *counts.entry(u.text.as_ref()).or_default() += 1;
    }

    let mut kept: Vec<&Unit<'_>> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut list = ListRun::default();
    // Below the body, short sentences still count while they follow it
    // directly (an interview's last "Any regrets?" / "None."), ads aside.
    let mut trailing = true;
    // Above the body, a list introduced by a lead-in ("Key points:") is
    // part of the article.
    let mut lead_in = false;
    for (i, (u, kind)) in units.iter().zip(&kinds).enumerate() {
        lead_in = if *kind == Kind::ListItem {
            lead_in
        } else {
            i < first
                && *kind == Kind::Text
                && u.text.ends_with(':')
                && kinds.get(i + 1) == Some(&Kind::ListItem)
        };
        if i > last
            && !matches!(kind, Kind::Boiler | Kind::Caption)
            && !(*kind == Kind::Text && u.terminal)
        {
            trailing = false;
        }
        if i >= tail {
            if let Kind::TailStart(names) = kind {
                add_names(names);
                // "About the author" alone: the bio below starts with the name.
                if names.is_empty() && opens_author_block(&u.text) {
                    let bio = units.get(i + 1).and_then(|b| leading_name(&b.text));
                    add_names(bio.as_slice());
                }
            }
            break;
        }
        if list.swallows(u, kind) {
            continue;
        }
        if let Kind::Meta(m) = kind {
            if meta_zone(i) {
                add_names(&m.names);
                if i < first + META_REACH {
                    let slot = if m.updated {
                        &mut updated
                    } else {
                        &mut published
                    };
                    *slot = slot.or(m.date);
                }
                continue;
            }
        }
        let text = u.text.as_ref();
        let keep = match kind {
            Kind::Text | Kind::ListItem | Kind::Meta(_) if Some(text) == title_text => false,
            _ if caption_tail[i] => false,
            Kind::Text if i < first => is_sentence(u) || is_standfirst(u) || lead_in,
            Kind::ListItem if i < first && lead_in => true,
            Kind::Text if i > last => trailing && u.terminal,
            Kind::ListItem if !(first..=last).contains(&i) => is_sentence(u),
            Kind::Text | Kind::ListItem | Kind::Meta(_) if (first..=last).contains(&i) => {
                !(counts[text] > 1 && u.words <= 4 && !u.terminal)
            }
            _ => false,
        };
        // A paragraph printed twice (a pull quote, a repeated teaser) is
        // kept once.
        if keep && (u.words < 4 || seen.insert(text)) {
            kept.push(u);
        }
    }

    // The outlet: a line naming it above or below the body, not the title.
    let outlet = (0..first.min(n))
        .chain(last + 1..n.min(tail.saturating_add(FOOTER_REACH)))
        .filter(|&i| Some(i) != title)
        .find_map(|i| meta::outlet(&units[i].text));

    TextArticle {
        title: title_text.map(|t| t.replace('\n', " ")),
        outlet,
        byline,
        published: published
            .or(updated)
            .map(|d| d.format("%Y-%m-%d").to_string()),
        text: kept
            .iter()
            .map(|u| u.text.as_ref())
            .collect::<Vec<_>>()
            .join("\n\n"),
    }
}

/// A dense paragraph: a sentence of ten words or more, or a sentence-case
/// line of 25 words or more (a paragraph missing its full stop).
fn is_dense(u: &Unit<'_>) -> bool {
    (u.terminal && u.words >= 10) || (u.words >= 25 && capitalised_share(&u.text) < 0.5)
}

/// A sentence-like line: ends like a sentence and has a few words.
fn is_sentence(u: &Unit<'_>) -> bool {
    u.terminal && u.words >= 3
}

/// A standfirst: a longish sentence-case line without final punctuation.
fn is_standfirst(u: &Unit<'_>) -> bool {
    u.words >= 8 && capitalised_share(&u.text) < 0.5
}

/// The second half of a caption: a sentence-case line without final
/// punctuation right after a photo credit.
fn is_caption_tail(units: &[Unit<'_>], kinds: &[Kind], i: usize) -> bool {
    i > 0
        && kinds[i - 1] == Kind::Caption
        && kinds[i] == Kind::Text
        && !units[i].terminal
        && (8..=40).contains(&units[i].words)
        && capitalised_share(&units[i].text) < 0.5
}

/// Where the comment section (or an author block) starts, searching from
/// `from`: a marker unit, or a comment header (a short name line followed by
/// a "date at time" line). A weak marker ("Comments") counts if no more of the
/// page's dense paragraphs follow it than precede it, or if comments or
/// another marker follow within a few units. `units.len()` if there is none.
fn tail_start(units: &[Unit<'_>], kinds: &[Kind], dense: &[bool], from: usize) -> usize {
    const LOOKAHEAD: usize = 4;
    let n = units.len();
    let total = dense.iter().filter(|&&d| d).count();
    let mut before = dense[..from].iter().filter(|&&d| d).count();
    for i in from..n {
        let opens = match kinds[i] {
            Kind::TailStart(_) => true,
            Kind::WeakMarker => {
                before >= total - before
                    || (i + 1..n.min(i + 1 + LOOKAHEAD)).any(|j| {
                        matches!(kinds[j], Kind::TailStart(_) | Kind::WeakMarker)
                            || is_comment_header(units, kinds, j)
                    })
            }
            _ => is_comment_header(units, kinds, i),
        };
        if opens {
            return i;
        }
        before += usize::from(dense[i]);
    }
    n
}

/// A commenter's name (a short line) followed by a "date at time" line.
fn is_comment_header(units: &[Unit<'_>], kinds: &[Kind], i: usize) -> bool {
    kinds[i] == Kind::Text
        && units[i].words <= 4
        && units[i].text.len() <= 40
        && units
            .get(i + 1)
            .is_some_and(|next| is_comment_time(&next.text))
}

/// The title, looked for above the body: a heading-like unit the page
/// repeats (a headline printed twice); else the headline right above the
/// first byline or date line; else the first heading-like unit.
fn find_title(units: &[Unit<'_>], kinds: &[Kind], first: usize) -> Option<usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for u in &units[..first] {
        *counts.entry(u.text.as_ref()).or_default() += 1;
    }
    let is_candidate = |i: usize| kinds[i] == Kind::Text && is_heading(&units[i]);
    let mut candidates = (0..first).filter(|&i| is_candidate(i));
    let head = candidates.next()?;
    std::iter::once(head)
        .chain(candidates)
        .find(|&i| counts[units[i].text.as_ref()] > 1)
        .or_else(|| above_meta(units, kinds, first, is_candidate))
        .or(Some(head))
}

/// Units looked at above a byline or date line when searching for the title.
const TITLE_REACH: usize = 6;

/// The headline above the first metadata line: walking up, skip furniture
/// and short lines (an outlet name, a bare author name) and take the first
/// heading-like unit, or the one above it if it is a long sentence-case
/// standfirst.
fn above_meta(
    units: &[Unit<'_>],
    kinds: &[Kind],
    first: usize,
    is_candidate: impl Fn(usize) -> bool,
) -> Option<usize> {
    let meta = (0..first).find(|&i| matches!(kinds[i], Kind::Meta(_)))?;
    let mut above = (meta.saturating_sub(TITLE_REACH)..meta)
        .rev()
        .filter(|&i| is_candidate(i) && units[i].words > 3);
    let j = above.next()?;
    let standfirst = units[j].words >= 10 && capitalised_share(&units[j].text) < 0.5;
    Some(if standfirst {
        above.next().unwrap_or(j)
    } else {
        j
    })
}

/// Heading shape: 2 to 25 words, no final full stop, starts with a capital,
/// a digit or a quote, no separators, no garbled capitals ("NOw").
fn is_heading(u: &Unit<'_>) -> bool {
    let s = u.text.as_ref();
    (2..=25).contains(&u.words)
        && !ends_with_period(s)
        && !s.ends_with(':')
        && !s.contains(" | ")
        && s.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"'“‘«".contains(c))
        && !s.split_whitespace().any(garbled_capitals)
}

/// Two capitals then a lower-case letter other than a plural "s" ("NOw").
fn garbled_capitals(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars.windows(3).enumerate().any(|(k, w)| {
        w[0].is_uppercase()
            && w[1].is_uppercase()
            && w[2].is_lowercase()
            && !(w[2] == 's' && k + 3 == chars.len())
    })
}

/// Tracks a teaser list ("Related", "Most Popular" and the headline links
/// under it) so that its items are dropped.
#[derive(Default)]
struct ListRun {
    active: bool,
    dropped: usize,
}

impl ListRun {
    /// Does the list swallow this unit? Items, headline-shaped lines and
    /// furniture continue a list; a sentence, metadata or a marker ends it,
    /// and so does an unbulleted line after a blank line once items were seen.
    fn swallows(&mut self, u: &Unit<'_>, kind: &Kind) -> bool {
        if *kind == Kind::ListHeader {
            *self = ListRun {
                active: true,
                dropped: 0,
            };
            return true;
        }
        if !self.active {
            return false;
        }
        let item = match kind {
            Kind::ListItem => true,
            Kind::Text => {
                !(u.blank_before && self.dropped > 0) && u.words <= 20 && !ends_with_period(&u.text)
            }
            Kind::Boiler | Kind::Caption => return true,
            _ => false,
        };
        if item {
            self.dropped += 1;
        } else {
            self.active = false;
        }
        item
    }
}

#[cfg(test)]
mod tests;
