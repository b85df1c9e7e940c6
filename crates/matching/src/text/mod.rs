//! Text preparation for name matching: normalisation, transliteration to Latin, token classes,
//! legal forms, nicknames and matching keys. Everything works on one name string or one token;
//! nothing here knows about entities or scores.
//!
//! # Contract for the rest of the crate
//!
//! - [`prepare`] turns any raw name into a [`PreparedText`]: `normalized` is ASCII lower-case
//!   `[a-z0-9]` tokens joined by single spaces (possibly empty); `variants` are other Latin
//!   renderings (transliteration schemes, "mueller" for "Müller", Pinyin with the given name
//!   joined, popular Korean surnames...), same form, no duplicates, at most [`MAX_VARIANTS`].
//!   Index and compare all renderings (`PreparedText::renderings`). Idempotent on its own
//!   output; never panics; input cut at [`MAX_INPUT_CHARS`] chars, each rendering at
//!   [`MAX_OUTPUT_BYTES`] bytes on a token boundary (`truncated` set).
//!   Script notes: Cyrillic slot 0 is BGN/PCGN (Ukrainian national system for Ukrainian text),
//!   variants ICAO, press ("dmitry", "sergei", "alexandr") and West-Slavic ("jurij").
//!   Arabic/Persian/Urdu: common name elements come from our table (محمد -> "muhammad", variants
//!   "mohamed", "mohammed"...), other words get consonants plus long vowels ("al " split off).
//!   Compare Arabic-derived tokens with [`skeleton`] as weak evidence. Han: one token per
//!   character (Pinyin); Hangul: one token per syllable (RR; variants with usual surnames
//!   "kim", "lee", "park" and eo -> o/u, McCune-like); Kana: Hepburn.
//! - Keys per prepared token: [`phonetic_keys`] (Double Metaphone, max 6), [`skeleton`]
//!   (consonant skeleton for abjads), [`translit_key`] (folds transliteration variants; equal
//!   keys = "transliteration" rule), [`nickname_groups`] / [`are_nicknames`].
//! - [`classify`] gives a [`TokenClass`] per token (titles, particles, legal forms, vessel
//!   prefixes, numbers, initials); [`legal_forms`] finds multi-token legal forms with their
//!   canonical form and broad [`legal_class`] ("gmbh" and "llc" are both "limited");
//!   [`vessel_prefix_len`] counts leading prefix tokens ("m v", "mv", "motor vessel");
//!   [`number_word`] reads "1st", "first", "one", "ii".
//! - Tables live in `crates/matching/data/*.txt` (our own, written from general knowledge).

mod classify;
mod homoglyph;
mod keys;
mod legal;
mod nickname;
mod prepare;
mod script;
pub(crate) mod tables;
mod translit;

pub use classify::{classify, number_word, roman_numeral, vessel_prefix_len, TokenClass};
pub use keys::{phonetic_keys, skeleton, translit_key};
pub use legal::{legal_class, legal_forms, LegalFormKind, LegalFormSpan};
pub use nickname::{are_nicknames, nickname_group_count, nickname_groups};
pub use prepare::{prepare, PreparedText, MAX_INPUT_CHARS, MAX_OUTPUT_BYTES, MAX_VARIANTS};
pub use script::{char_script, detect_script, Script};
