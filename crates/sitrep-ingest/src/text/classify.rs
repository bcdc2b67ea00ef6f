//! What a single unit looks like on its own, before its position on the
//! page is taken into account (that is `mod.rs`'s job).
//!
//! Every test here is a line-shape feature: length, word count, final
//! punctuation, capitalisation, separators, ©/credit patterns, date shapes,
//! and the share of the words that are general web-UI vocabulary.
//!
//! The phrase patterns below (comment markers, teaser-list headings, prompt
//! labels, reader prompts, time stamps) are, like the tables in `vocab`,
//! general English web-UI vocabulary written for this project from common
//! knowledge of news-site widgets, not lines taken from any page.

use super::lines::{is_terminal, strip_bullet, Unit};
use super::meta::{self, Meta};
use super::vocab;
use regex::Regex;
use std::sync::LazyLock;

/// The local reading of a unit.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Starts the comment section or an author block: it and everything
    /// after it is dropped. Carries the author names an author block gives.
    TailStart(Vec<String>),
    /// A heading that may start the comment section ("Comments", "14
    /// Comments", "Responses") but may also sit in a share bar.
    WeakMarker,
    /// A byline and/or date line.
    Meta(Box<Meta>),
    /// Heads a list of teaser links ("Related", "Most Popular").
    ListHeader,
    /// A photo caption or credit.
    Caption,
    /// Page furniture: ads, menus, prompts, footers, labels, contact lines.
    Boiler,
    /// A bulleted or numbered item.
    ListItem,
    /// Anything else: prose, headings, questions.
    Text,
}

/// Units longer than this (in words) are never furniture.
const MAX_FURNITURE_WORDS: usize = 80;

/// Units longer than this (in bytes) are never furniture either.
const MAX_FURNITURE_BYTES: usize = 2_000;

/// Comment-section markers are short headings; longer lines are not tried.
const MAX_MARKER_BYTES: usize = 300;

/// Read one unit on its own.
pub fn classify(u: &Unit<'_>) -> Kind {
    let s = u.text.as_ref();
    if u.words > MAX_FURNITURE_WORDS || s.len() > MAX_FURNITURE_BYTES {
        return Kind::Text;
    }
    if s.len() <= MAX_MARKER_BYTES && WEAK_MARKER.is_match(s) {
        return Kind::WeakMarker;
    }
    if s.len() <= MAX_MARKER_BYTES && COMMENT_MARKER.is_match(s) {
        return Kind::TailStart(Vec::new());
    }
    if let Some(names) = about_author(s) {
        return Kind::TailStart(names);
    }
    let item = strip_bullet(s);
    if let Some(m) = meta::parse(item.unwrap_or(s)) {
        return Kind::Meta(Box::new(m));
    }
    if LIST_HEADER.is_match(s) {
        return Kind::ListHeader;
    }
    if is_caption(s, u.terminal) {
        return Kind::Caption;
    }
    if is_boiler(item.unwrap_or(s), u.words, u.terminal) {
        return Kind::Boiler;
    }
    if item.is_some() {
        Kind::ListItem
    } else {
        Kind::Text
    }
}

/// Lines that can only open a comment section.
static COMMENT_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            leave\ a\ (?:reply|comment) | post\ (?:a|your)\ comment | add\ (?:a|your)\ comment
          | write\ a\ comment | reader\ comments | show\ comments | view\ comments
          | be\ the\ first\ to\ comment
          | join\ the\ (?:conversation|discussion)
          | (?:\d+|no|one)\ (?:thoughts?|responses?|replies)\ (?:on|to)\b.*
          | comments\ are\ closed\b.*
        )\s*:?$
        | ^(?:pingback|trackback)\s*:",
    )
    .unwrap()
});

/// Headings that open a comment section on most pages but could also be a
/// share-bar counter.
static WEAK_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            (?:\d+|no|one)\ (?:comments?|responses?|replies)
          | (?:comments?|responses?|discussion)(?:\ *\(\d+\))?
        )\s*:?$",
    )
    .unwrap()
});

static ABOUT_AUTHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^about the authors?\b[\s:.\-–—]*").unwrap());

/// Does `s` open an author block ("About the author")?
pub fn opens_author_block(s: &str) -> bool {
    ABOUT_AUTHOR.is_match(s)
}

/// An "About the Author: X is …" line: the author names it starts with.
fn about_author(s: &str) -> Option<Vec<String>> {
    let m = ABOUT_AUTHOR.find(s)?;
    Some(leading_name(&s[m.end()..]).into_iter().collect())
}

/// The capitalised words a sentence starts with, if they form a name
/// ("Jane Roe is a reporter …" → "Jane Roe").
pub fn leading_name(s: &str) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    for w in s.split_whitespace() {
        let bare = w.trim_end_matches([',', '.', ';', ':']);
        let initial = bare.chars().count() == 1 && w.ends_with('.');
        if !(bare.chars().next().is_some_and(char::is_uppercase) || vocab::is_particle(bare)) {
            break;
        }
        words.push(if initial { &w[..bare.len() + 1] } else { bare });
        if (bare.len() != w.len() && !initial) || words.len() == 5 {
            break;
        }
    }
    let name = words.join(" ");
    meta::is_name(&name).then_some(name)
}

static LIST_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            related(?:\ \w+)? | read\ (?:more|also|next) | also\ read | see\ also
          | more\ (?:from|on|in)\b.{0,40} | more\ (?:stories|news|articles|headlines)
          | most\ (?:popular|read|viewed|shared|commented)\b.{0,30}
          | trending(?:\ now|\ stories)? | top\ stories | latest\ (?:news|stories|headlines)
          | recommended(?:\ for\ you|\ stories|\ reading)? | you\ (?:may|might)\ also\ like
          | editor'?s'?\ picks | don'?t\ miss | popular\ now | further\ reading | in\ other\ news
        )\s*:?$",
    )
    .unwrap()
});

/// Labels that make a line a teaser, a media prompt or a tag list when they
/// open it followed by a colon ("RELATED: …", "Audio report: …", "Tags: …").
static PROMPT_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            related | read\ more | read\ also | also\ read | see\ also | more | recommended
          | (?:watch | listen | video | audio | podcast | photos? | gallery | graphic
            | interactive | slideshow)(?:\ \w+)?
          | sponsored | advertisement | ad
          | tags? | topics? | filed\ under | categories | category | keywords
        )\s*:",
    )
    .unwrap()
});

/// A copyright notice: "© 2024", "Copyright © Paper", "All rights reserved".
/// The word "copyright" alone is not enough (news is written about it).
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
            ©\s*(?:19|20)\d\d | (?:19|20)\d\d\s*© | \(c\)\s*(?:19|20)\d\d
          | \bcopyright\s*(?:©|\(c\)|(?:19|20)\d\d) | \ball\ rights\ reserved\b",
    )
    .unwrap()
});

/// A whole line in brackets: a section label such as "[ANALYSIS]".
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\[[^\[\]]{1,40}\]|\([^()]{1,40}\))$").unwrap());

static CREDIT_START: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = vocab::CREDIT_PREFIXES
        .iter()
        .map(|p| regex::escape(p))
        .collect();
    Regex::new(&format!(r"(?i)^(?:{})(?:\b|\s)", alts.join("|"))).unwrap()
});

static CREDIT_END: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = vocab::CREDIT_SUFFIXES
        .iter()
        .map(|p| regex::escape(p))
        .collect();
    Regex::new(&format!(
        r"(?i)(?:{})\s*$|\([^()]*\b(?:photo|photograph|image|picture|credit|getty|afp|reuters|epa)\b[^()]*\)$|\b(?:photo(?:graph)?|image|picture|illustration|credit)s?\s*:\s*[^.:]{{1,60}}$",
        alts.join("|")
    ))
    .unwrap()
});

/// A photo caption or credit: a © notice that is not a copyright footer, or
/// an unpunctuated line that starts or ends with a picture credit.
fn is_caption(s: &str, terminal: bool) -> bool {
    (s.contains('©') && !COPYRIGHT.is_match(s))
        || (!terminal && (CREDIT_START.is_match(s) || CREDIT_END.is_match(s)))
}

/// Reading-time and time-ago stamps: "5 min read", "Updated 2 hours ago".
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            \d+\s*(?:min|minute)s?\.?\s+read | reading\ time\b.{0,30}
          | (?:updated|posted|published)?\s*\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago
        )$",
    )
    .unwrap()
});

/// Phrases in which a page addresses its reader about the site itself.
static READER_PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b(?:
            sign\ up\ (?:for|to)\ (?:our|the|free) | subscribe\ to\ (?:our|the) | our\ newsletters?
          | your\ inbox | you\ must\ be\ logged\ in | (?:log|sign)\ in\ to\ (?:comment|read|continue|post)
          | click\ here | we\ use\ cookies | (?:accept|manage)\ (?:all\ )?cookies | this\ site\ uses
          | your\ email\ address\ will | enable\ javascript | ad\ ?blocker | turn\ on\ notifications
          | download\ (?:our|the)\ app | back\ to\ top | scroll\ to\ continue
        )\b",
    )
    .unwrap()
});

/// Page furniture judged from the line alone.
fn is_boiler(s: &str, words: usize, terminal: bool) -> bool {
    words == 0
        || COPYRIGHT.is_match(s)
        || PROMPT_PREFIX.is_match(s)
        || LABEL.is_match(s)
        || STAMP.is_match(s)
        || is_contact(s)
        || is_nav(s)
        || (words <= 20 && is_mostly_ui(s, terminal))
        || (words <= 30 && READER_PROMPT.is_match(s))
}

/// A bare e-mail address or URL.
fn is_contact(s: &str) -> bool {
    !s.contains(char::is_whitespace)
        && (s.contains('@')
            || ["http://", "https://", "www."]
                .iter()
                .any(|p| s.starts_with(p)))
}

/// A menu or breadcrumb: three or more short segments between separators.
fn is_nav(s: &str) -> bool {
    let segments: Vec<&str> = s
        .split(['|', '›', '»', '·', '•', '>'])
        .map(str::trim)
        .collect();
    segments.len() >= 3
        && segments
            .iter()
            .all(|seg| super::lines::word_count(seg) <= 4 && !is_terminal(seg))
}

/// Most content words (not function words, not numbers) are web-UI
/// vocabulary: "Log in to comment", "Share this article". "Most" is 60%, or
/// 75% for a line that ends like a sentence ("The post office will close."
/// is prose).
fn is_mostly_ui(s: &str, terminal: bool) -> bool {
    let (mut content, mut ui) = (0usize, 0usize);
    for token in s.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’')) {
        let token = token.trim_matches(['-', '\'', '’']);
        if token.chars().count() < 2 || token.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let lower = token.to_lowercase();
        if vocab::is_function(&lower) {
            continue;
        }
        content += 1;
        ui += usize::from(vocab::is_ui(&lower));
    }
    let (num, den) = if terminal { (3, 4) } else { (3, 5) };
    content > 0 && ui * den >= content * num
}

/// A comment header's time line: "March 3, 2024 at 8:14 am", "2 hours ago".
pub fn is_comment_time(s: &str) -> bool {
    static TIME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bat\s+\d{1,2}[:.]\d\d|^\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago$")
            .unwrap()
    });
    s.len() <= 80 && TIME.is_match(s)
}

#[cfg(test)]
mod tests {
    use super::super::lines::units;
    use super::*;

    fn kind(s: &str) -> Kind {
        classify(&units(s)[0])
    }

    #[test]
    fn comment_markers() {
        for s in [
            "Leave a Reply",
            "Be the first to comment",
            "12 thoughts on “Ferry fares rise”",
            "Pingback: A roundup | Some Blog",
        ] {
            assert_eq!(kind(s), Kind::TailStart(vec![]), "{s}");
        }
        for s in ["3 Comments", "Comments (4)", "Responses"] {
            assert_eq!(kind(s), Kind::WeakMarker, "{s}");
        }
        assert_eq!(kind("Comments from the minister were brief."), Kind::Text);
    }

    #[test]
    fn author_blocks() {
        assert_eq!(
            kind("About the Author: Marta Quell is a science writer based in Oslo."),
            Kind::TailStart(vec!["Marta Quell".into()])
        );
        assert_eq!(kind("About the author"), Kind::TailStart(vec![]));
        assert_eq!(
            leading_name("Tom de Wit, a pilot, said so."),
            Some("Tom de Wit".into())
        );
        assert_eq!(leading_name("the pilot said so."), None);
    }

    #[test]
    fn list_headers() {
        for s in [
            "RELATED:",
            "Related Articles",
            "Read more",
            "Most Popular 24 Hrs",
            "More from Science",
            "You may also like",
        ] {
            assert_eq!(kind(s), Kind::ListHeader, "{s}");
        }
        assert_eq!(kind("More rain is forecast for the valley."), Kind::Text);
    }

    #[test]
    fn captions() {
        assert_eq!(
            kind("A heron over the estuary at dawn (©Lena Ruud / Coast Weekly)"),
            Kind::Caption
        );
        assert_eq!(
            kind("Getty Images Crowds gather on the pier at sunset in 2019Getty Images"),
            Kind::Caption
        );
        assert_eq!(kind("Lead photo Dockside interview series"), Kind::Caption);
        assert_eq!(
            kind("Pelicans on the breakwater (AP Photo/Rui Serra)"),
            Kind::Caption
        );
        assert_eq!(
            kind("Image caption, Pelicans on the breakwater"),
            Kind::Caption
        );
        assert_eq!(
            kind("Reuters reported on Monday that the bridge would close."),
            Kind::Text
        );
    }

    #[test]
    fn furniture() {
        for s in [
            "Advertisement",
            "close",
            "Share this article",
            "Facebook  X  LinkedIn  Email",
            "Log in to comment",
            "You must be logged in to post a comment.",
            "Your email address will not be published. Required fields are marked *",
            "Copyright © Some Paper. All rights reserved.",
            "Privacy Policy | Terms of Use | Contact",
            "Home › News › Science",
            "[ANALYSIS]",
            "desk@paper.example",
            "Audio report: listen to this story (5 min)",
            "Tags: ferries, islands",
            "RELATED: Ferry fares to rise in spring",
            "Skip to content",
            "Sign up for our newsletter",
            "Sign up for our daily newsletter and get the latest news delivered to your inbox.",
            "5 min read",
            "Updated 3 hours ago",
            "Continue reading the main story",
            "SCROLL TO CONTINUE WITH CONTENT",
            "Back to top",
            "Loading...",
            "Image 2 of 7",
            "Recommended by Outbrain",
            "Photo gallery: the storm in pictures",
            "Sort by: Newest",
        ] {
            assert_eq!(kind(s), Kind::Boiler, "{s}");
        }
    }

    #[test]
    fn prose_is_not_furniture() {
        for s in [
            "Share prices fell sharply on Monday.",
            "Officials declined to comment on the report.",
            "Why did the ferry leave early?",
            "Excerpts follow.",
            "The copyright lawsuit was dismissed on Friday.",
            "The post office will close.",
            "Rising seas, shrinking beaches",
        ] {
            assert_eq!(kind(s), Kind::Text, "{s}");
        }
        assert_eq!(kind("- Ferries will run hourly"), Kind::ListItem);
    }

    #[test]
    fn metadata_lines() {
        assert!(matches!(kind("- By Ada Brooke"), Kind::Meta(_)));
        assert!(matches!(
            kind("Published: 3 Mar. 2024, 10:00"),
            Kind::Meta(_)
        ));
    }

    #[test]
    fn comment_times() {
        assert!(is_comment_time("March 3, 2024 at 8:14 am"));
        assert!(is_comment_time("2 hours ago"));
        assert!(!is_comment_time("March 3, 2024"));
    }
}
