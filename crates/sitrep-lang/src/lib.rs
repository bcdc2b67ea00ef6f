//! sitrep's language data and their loaders, shared by annotate and fuse:
//! the frame vocabulary ([`frames`]: what a figure measures and counts, as
//! language-neutral keys), how common an English word is ([`frequency`]),
//! the names table of every language ([`names`]), which times in a text
//! date an event ([`dating`]) and English inflection ([`morph`]). Each data file says
//! where its content came from; each is read once, on first use.

pub mod dating;
pub mod frames;
pub mod frequency;
pub mod morph;
pub mod names;
