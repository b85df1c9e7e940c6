//! Our name tables (crates/matching/data/*.txt), parsed once on first use.
//!
//! File formats (all UTF-8; `#` starts a comment line; blank lines ignored):
//! - `key = spelling, spelling, ...` (arabic_names, hebrew_names, korean_surnames, numbers,
//!   vessel_prefixes);
//! - `word, word, ...` one group per line (nicknames, titles, particles);
//! - `canonical | kind | spelling; spelling; ... | country hints` (legal_forms).

use std::collections::HashMap;
use std::sync::OnceLock;

pub(crate) const ARABIC_NAMES: &str = include_str!("../../data/arabic_names.txt");
pub(crate) const HEBREW_NAMES: &str = include_str!("../../data/hebrew_names.txt");
pub(crate) const KOREAN_SURNAMES: &str = include_str!("../../data/korean_surnames.txt");
pub(crate) const NICKNAMES: &str = include_str!("../../data/nicknames.txt");
pub(crate) const TITLES: &str = include_str!("../../data/titles.txt");
pub(crate) const PARTICLES: &str = include_str!("../../data/particles.txt");
pub(crate) const NUMBERS: &str = include_str!("../../data/numbers.txt");
pub(crate) const VESSEL_PREFIXES: &str = include_str!("../../data/vessel_prefixes.txt");
pub(crate) const LEGAL_FORMS: &str = include_str!("../../data/legal_forms.txt");

/// Content lines of a table file: trimmed, without comments and blank lines.
pub(crate) fn lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `key = a, b, c` lines as (key, [a, b, c]); lines without `=` are skipped.
pub(crate) fn key_values(
    src: &'static str,
) -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    lines(src).filter_map(|l| {
        let (k, v) = l.split_once('=')?;
        let vals: Vec<&'static str> = v
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        Some((k.trim(), vals))
    })
}

type Spellings = HashMap<&'static str, Vec<&'static str>>;

fn spelling_map(src: &'static str) -> Spellings {
    let mut m: Spellings = HashMap::new();
    for (k, v) in key_values(src) {
        m.entry(k).or_insert(v);
    }
    m
}

/// Usual Latin spellings of a common Arabic-script name element, most usual first.
pub(crate) fn arabic_name(word: &str) -> Option<&'static [&'static str]> {
    static M: OnceLock<Spellings> = OnceLock::new();
    M.get_or_init(|| spelling_map(ARABIC_NAMES))
        .get(word)
        .map(Vec::as_slice)
}

/// Usual Latin spellings of a common Hebrew name.
pub(crate) fn hebrew_name(word: &str) -> Option<&'static [&'static str]> {
    static M: OnceLock<Spellings> = OnceLock::new();
    M.get_or_init(|| spelling_map(HEBREW_NAMES))
        .get(word)
        .map(Vec::as_slice)
}

/// Usual Latin spellings of a Korean surname syllable.
pub(crate) fn korean_surname(c: char) -> Option<&'static [&'static str]> {
    static M: OnceLock<Spellings> = OnceLock::new();
    let mut buf = [0u8; 4];
    M.get_or_init(|| spelling_map(KOREAN_SURNAMES))
        .get(&*c.encode_utf8(&mut buf))
        .map(Vec::as_slice)
}

/// Words of a comma-separated word list, as a set.
pub(crate) fn word_set(src: &'static str) -> std::collections::HashSet<&'static str> {
    lines(src)
        .flat_map(|l| l.split(','))
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse() {
        assert_eq!(arabic_name("محمد").map(|s| s[0]), Some("muhammad"));
        assert_eq!(korean_surname('김').map(|s| s[0]), Some("kim"));
        assert!(word_set(TITLES).contains("sheikh"));
        assert!(word_set(PARTICLES).contains("bin"));
    }

    #[test]
    fn table_words_are_prepared_ascii() {
        // Every Latin spelling in the tables must already be in prepared form, or lookups of
        // prepared tokens would miss it.
        for src in [NICKNAMES, TITLES, PARTICLES] {
            for w in word_set(src) {
                assert_eq!(
                    crate::text::prepare(w).normalized,
                    w,
                    "table word {w:?} is not prepared"
                );
            }
        }
        for src in [
            ARABIC_NAMES,
            HEBREW_NAMES,
            KOREAN_SURNAMES,
            NUMBERS,
            VESSEL_PREFIXES,
        ] {
            for (_, vals) in key_values(src) {
                for w in vals {
                    assert_eq!(
                        crate::text::prepare(w).normalized,
                        w,
                        "table spelling {w:?} is not prepared"
                    );
                }
            }
        }
    }
}
