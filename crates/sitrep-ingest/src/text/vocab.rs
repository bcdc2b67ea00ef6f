//! Word tables for telling page furniture from article prose.
//!
//! Every entry here is general English web-UI vocabulary, written for this
//! project from common knowledge of how news sites label navigation, sharing,
//! sign-in, comment, advertising and footer widgets. None is taken from a
//! particular page; the tables are matched word by word (lower case), so they
//! only ever add evidence to the line-shape features in `classify`.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Words that name interface elements. A line made mostly of these (ignoring
/// [`FUNCTION_WORDS`]) is a button, a prompt or a menu, not prose.
const UI_WORDS: &[&str] = &[
    // advertising
    "ad",
    "ads",
    "advert",
    "advertisement",
    "advertisements",
    "advertising",
    "sponsored",
    "promoted",
    "paid",
    "taboola",
    "outbrain",
    // navigation
    "menu",
    "close",
    "search",
    "home",
    "homepage",
    "skip",
    "content",
    "navigation",
    "sitemap",
    "top",
    "next",
    "previous",
    "prev",
    "below",
    "above",
    "continue",
    "continues",
    "continued",
    "click",
    "tap",
    "here",
    "more",
    "read",
    "reading",
    "min",
    "view",
    "show",
    "hide",
    "load",
    "toggle",
    "expand",
    "collapse",
    "open",
    "scroll",
    "loading",
    "page",
    "enlarge",
    "slide",
    "slides",
    "copied",
    // sharing and following
    "share",
    "sharing",
    "tweet",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "telegram",
    "instagram",
    "youtube",
    "reddit",
    "pinterest",
    "tiktok",
    "flipboard",
    "email",
    "e-mail",
    "print",
    "copy",
    "link",
    "follow",
    "rss",
    "feed",
    "app",
    "apps",
    "download",
    "bookmark",
    "save",
    // accounts and subscriptions
    "subscribe",
    "subscribed",
    "subscription",
    "subscriptions",
    "subscriber",
    "subscribers",
    "unsubscribe",
    "newsletter",
    "newsletters",
    "login",
    "log",
    "logged",
    "logout",
    "sign",
    "signin",
    "signup",
    "register",
    "registered",
    "registration",
    "account",
    "accounts",
    "password",
    "username",
    "profile",
    "premium",
    "e-edition",
    "epaper",
    // comments
    "comment",
    "comments",
    "commenting",
    "reply",
    "replies",
    "post",
    "join",
    "conversation",
    "discussion",
    "required",
    "fields",
    "marked",
    "moderated",
    "moderation",
    "guidelines",
    "notify",
    "submit",
    "sort",
    "newest",
    "oldest",
    "cancel",
    "website",
    "site",
    "browser",
    "javascript",
    "enable",
    "enabled",
    // footers
    "cookie",
    "cookies",
    "privacy",
    "policy",
    "policies",
    "terms",
    "conditions",
    "rights",
    "reserved",
    "copyright",
    "disclaimer",
    "accessibility",
    "contact",
    "advertise",
    "careers",
    "faq",
    "feedback",
    "notifications",
    "alerts",
    "settings",
    "preferences",
    "consent",
    // teasers and media
    "trending",
    "popular",
    "latest",
    "related",
    "recommended",
    "stories",
    "article",
    "articles",
    "video",
    "videos",
    "photo",
    "photos",
    "gallery",
    "slideshow",
    "listen",
    "audio",
    "watch",
    "podcast",
    "podcasts",
    "playlist",
    "image",
    "images",
    "story",
    "inbox",
    "browse",
    "browsing",
    "play",
    "tags",
    "tag",
    "topics",
    "filed",
];

/// Function words ignored when measuring how much of a line is UI vocabulary.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "to", "of", "in", "on", "at", "for", "by", "with",
    "from", "this", "that", "these", "those", "is", "are", "be", "been", "was", "were", "will",
    "can", "may", "must", "should", "not", "no", "you", "your", "we", "our", "us", "it", "its",
    "my", "me", "i", "please", "all", "any", "up", "out", "as", "if", "so", "do", "does", "has",
    "have", "now", "get", "one",
];

/// Words that end the name of a news outlet ("Eastbridge Wire", "The Valley
/// Courier", "Korea Daily").
const OUTLET_WORDS: &[&str] = &[
    "news", "times", "post", "daily", "wire", "press", "journal", "herald", "tribune", "gazette",
    "telegraph", "guardian", "chronicle", "observer", "agency", "radio", "tv", "television",
    "broadcasting", "media", "network", "magazine", "weekly", "ledger", "courier", "express", "mail",
    "star", "standard", "independent", "examiner", "inquirer", "dispatch", "bulletin", "register",
    "monitor", "today", "review", "newswire", "online", "insider", "sentinel", "beacon", "record",
    "reporter", "digest", "globe", "mirror", "voice",
];

/// Words that make a byline fragment a job title or desk rather than a name.
const ROLE_WORDS: &[&str] = &[
    "correspondent",
    "reporter",
    "reporters",
    "writer",
    "writers",
    "editor",
    "editors",
    "staff",
    "contributor",
    "columnist",
    "bureau",
    "desk",
    "chief",
    "senior",
    "team",
    "newsroom",
    "agency",
];

/// Lower-case particles allowed inside personal names ("Ludwig van Beethoven").
const NAME_PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "di", "del", "du", "la", "le", "bin", "al", "el", "y",
];

/// Photo-credit phrases: a line that starts with one of these (or ends with
/// an agency name) and has no final punctuation is a caption. Lower case,
/// matched as whole words.
pub const CREDIT_PREFIXES: &[&str] = &[
    "getty images",
    "afp",
    "ap photo",
    "reuters",
    "epa",
    "shutterstock",
    "alamy",
    "photo:",
    "photo by",
    "photograph:",
    "photograph by",
    "image:",
    "image caption",
    "image source:",
    "picture:",
    "credit:",
    "photo credit",
    "lead photo",
    "file photo",
    "courtesy of",
];

/// Picture-agency names that end a caption ("… in 2018 Getty Images").
pub const CREDIT_SUFFIXES: &[&str] = &[
    "getty images",
    "afp",
    "reuters",
    "epa",
    "shutterstock",
    "alamy",
    "ap photo",
    "via wikimedia commons",
];

fn set(words: &'static [&'static str]) -> HashSet<&'static str> {
    words.iter().copied().collect()
}

static UI: LazyLock<HashSet<&str>> = LazyLock::new(|| set(UI_WORDS));
static FUNCTION: LazyLock<HashSet<&str>> = LazyLock::new(|| set(FUNCTION_WORDS));
static ROLE: LazyLock<HashSet<&str>> = LazyLock::new(|| set(ROLE_WORDS));
static PARTICLE: LazyLock<HashSet<&str>> = LazyLock::new(|| set(NAME_PARTICLES));
static OUTLET: LazyLock<HashSet<&str>> = LazyLock::new(|| set(OUTLET_WORDS));

/// Is the lower-case `word` web-UI vocabulary?
pub fn is_ui(word: &str) -> bool {
    UI.contains(word)
}

/// Is the lower-case `word` a function word?
pub fn is_function(word: &str) -> bool {
    FUNCTION.contains(word)
}

/// Is the lower-case `word` part of a job title?
pub fn is_role(word: &str) -> bool {
    ROLE.contains(word)
}

/// Can the lower-case `word` end the name of a news outlet?
pub fn is_outlet_word(word: &str) -> bool {
    OUTLET.contains(word)
}

/// Is `word` a lower-case name particle?
pub fn is_particle(word: &str) -> bool {
    PARTICLE.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_lower_case_and_disjoint() {
        for w in UI_WORDS
            .iter()
            .chain(FUNCTION_WORDS)
            .chain(ROLE_WORDS)
            .chain(OUTLET_WORDS)
            .chain(NAME_PARTICLES)
        {
            assert_eq!(*w, w.to_lowercase(), "{w}");
        }
        for w in UI_WORDS {
            assert!(!is_function(w), "{w} is in two tables");
        }
    }
}
