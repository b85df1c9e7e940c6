//! Token classes (title, particle, legal form, vessel prefix, number, initial), number words and
//! vessel prefixes.

use crate::text::legal;
use crate::text::tables;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// What a prepared token is, for weighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenClass {
    /// An ordinary name word.
    Word,
    /// A title, honorific, rank or generational suffix (mr, dr, sheikh, haji, general, jr).
    Title,
    /// A name particle (al, el, bin, ibn, abu, de, da, van, von, der, la, le).
    Particle,
    /// A one-token company legal form or generic organisation word (ltd, gmbh, ooo, group).
    LegalForm,
    /// A vessel prefix (mv, mt, ss, fv).
    VesselPrefix,
    /// A number: digits, a number word or ordinal, or a Roman numeral of two letters or more.
    Number,
    /// A single letter.
    Initial,
}

fn titles() -> &'static HashSet<&'static str> {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| tables::word_set(tables::TITLES))
}

fn particles() -> &'static HashSet<&'static str> {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| tables::word_set(tables::PARTICLES))
}

fn numbers() -> &'static HashMap<&'static str, u32> {
    static M: OnceLock<HashMap<&'static str, u32>> = OnceLock::new();
    M.get_or_init(|| {
        let mut m = HashMap::new();
        for (k, vals) in tables::key_values(tables::NUMBERS) {
            if let Ok(v) = k.parse::<u32>() {
                for w in vals {
                    m.entry(w).or_insert(v);
                }
            }
        }
        m
    })
}

/// Vessel prefixes as token sequences; single-letter spellings joined too.
fn vessel_prefixes() -> &'static Vec<Vec<&'static str>> {
    static V: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    V.get_or_init(|| {
        let mut v: Vec<Vec<&'static str>> = Vec::new();
        for (_, vals) in tables::key_values(tables::VESSEL_PREFIXES) {
            for sp in vals {
                v.push(sp.split(' ').filter(|t| !t.is_empty()).collect());
            }
        }
        // Longest first.
        v.sort_by_key(|s| std::cmp::Reverse(s.len()));
        v
    })
}

/// Class of a prepared token. Precedence: initial, number, title, particle, vessel prefix,
/// legal form, word. "i", "v", "x" are initials; "ii".."xx" Roman numbers.
pub fn classify(token: &str) -> TokenClass {
    if token.len() == 1 && token.bytes().all(|b| b.is_ascii_alphabetic()) {
        return TokenClass::Initial;
    }
    if number_word(token).is_some() {
        return TokenClass::Number;
    }
    if titles().contains(token) {
        return TokenClass::Title;
    }
    if particles().contains(token) {
        return TokenClass::Particle;
    }
    if vessel_prefixes()
        .iter()
        .any(|p| p.len() == 1 && p[0] == token)
    {
        return TokenClass::VesselPrefix;
    }
    if legal::single_token_form(token).is_some() {
        return TokenClass::LegalForm;
    }
    TokenClass::Word
}

/// Value of a Roman numeral (i..mmmcmxcix, canonical spelling only), e.g. "iv" -> 4.
pub fn roman_numeral(token: &str) -> Option<u32> {
    if token.is_empty() || token.len() > 15 {
        return None;
    }
    let val = |c: u8| match c {
        b'i' => Some(1),
        b'v' => Some(5),
        b'x' => Some(10),
        b'l' => Some(50),
        b'c' => Some(100),
        b'd' => Some(500),
        b'm' => Some(1000),
        _ => None,
    };
    let b = token.as_bytes();
    let mut total: i64 = 0;
    for i in 0..b.len() {
        let v: i64 = val(b[i])?;
        match b.get(i + 1).and_then(|c| val(*c)) {
            Some(n) if n > v => total -= v,
            _ => total += v,
        }
    }
    let total = u32::try_from(total).ok()?;
    // Round-trip check rejects non-canonical forms ("iiii", "vv", "il").
    (to_roman(total) == token).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Numeric value of a prepared token: digits ("737"), digits with an ordinal suffix ("21st"),
/// number words and ordinals ("one", "first", "eleventh"), Roman numerals of the
/// ii..xxxix range ("ii", "iv", "xx"). A single "i", "v" or "x" is not read as a number here
/// (it is usually an initial): use [`roman_numeral`] where the context says so.
pub fn number_word(token: &str) -> Option<u32> {
    if token.is_empty() {
        return None;
    }
    let digits_end = token
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(token.len());
    if digits_end > 0 {
        let (d, suffix) = token.split_at(digits_end);
        if matches!(
            suffix,
            "" | "st" | "nd" | "rd" | "th" | "e" | "er" | "eme" | "o" | "a"
        ) {
            return d.parse::<u32>().ok();
        }
        return None;
    }
    if let Some(v) = numbers().get(token) {
        return Some(*v);
    }
    if token.len() >= 2 && token.bytes().all(|b| matches!(b, b'i' | b'v' | b'x')) {
        return roman_numeral(token).filter(|v| *v < 40);
    }
    None
}

/// Number of leading tokens that form a vessel prefix ("mv", "m v", "motor vessel" -> 1, 2, 2;
/// "M/V", "M.V." and "MV" all prepare to "m v" or "mv"). 0 when there is none, or when the
/// prefix would be the whole name.
pub fn vessel_prefix_len(tokens: &[&str]) -> usize {
    for p in vessel_prefixes() {
        // Exact token sequence.
        if tokens.len() > p.len() && tokens[..p.len()] == p[..] {
            return p.len();
        }
        // A one-token spelling of letters written apart: "m v" for "mv".
        if p.len() == 1 && p[0].len() >= 2 && p[0].len() <= 4 {
            let k = p[0].len();
            if tokens.len() > k
                && tokens[..k].iter().all(|t| t.len() == 1)
                && tokens[..k]
                    .iter()
                    .zip(p[0].bytes())
                    .all(|(t, b)| t.as_bytes()[0] == b)
            {
                return k;
            }
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_tokens() {
        assert_eq!(classify("mr"), TokenClass::Title);
        assert_eq!(classify("sheikh"), TokenClass::Title);
        assert_eq!(classify("haji"), TokenClass::Title);
        assert_eq!(classify("general"), TokenClass::Title);
        assert_eq!(classify("al"), TokenClass::Particle);
        assert_eq!(classify("bin"), TokenClass::Particle);
        assert_eq!(classify("van"), TokenClass::Particle);
        assert_eq!(classify("ltd"), TokenClass::LegalForm);
        assert_eq!(classify("gmbh"), TokenClass::LegalForm);
        assert_eq!(classify("ooo"), TokenClass::LegalForm);
        assert_eq!(classify("mv"), TokenClass::VesselPrefix);
        assert_eq!(classify("737"), TokenClass::Number);
        assert_eq!(classify("first"), TokenClass::Number);
        assert_eq!(classify("iii"), TokenClass::Number);
        assert_eq!(classify("j"), TokenClass::Initial);
        assert_eq!(classify("i"), TokenClass::Initial);
        assert_eq!(classify("putin"), TokenClass::Word);
        assert_eq!(classify("khan"), TokenClass::Word);
    }

    #[test]
    fn numbers() {
        assert_eq!(number_word("first"), Some(1));
        assert_eq!(number_word("1st"), Some(1));
        assert_eq!(number_word("21st"), Some(21));
        assert_eq!(number_word("one"), Some(1));
        assert_eq!(number_word("twelfth"), Some(12));
        assert_eq!(number_word("ii"), Some(2));
        assert_eq!(number_word("xiv"), Some(14));
        assert_eq!(number_word("iv"), Some(4));
        assert_eq!(number_word("i"), None);
        assert_eq!(number_word("vi"), Some(6));
        assert_eq!(number_word("iiii"), None);
        assert_eq!(number_word("abc"), None);
        assert_eq!(number_word("99999999999999999999"), None);
        assert_eq!(roman_numeral("i"), Some(1));
        assert_eq!(roman_numeral("mcmxc"), Some(1990));
        assert_eq!(roman_numeral("il"), None);
    }

    #[test]
    fn vessel_prefixes() {
        assert_eq!(vessel_prefix_len(&["mv", "sea", "star"]), 1);
        assert_eq!(vessel_prefix_len(&["m", "v", "sea", "star"]), 2);
        assert_eq!(vessel_prefix_len(&["motor", "vessel", "sea"]), 2);
        assert_eq!(vessel_prefix_len(&["m", "t", "sea"]), 2);
        assert_eq!(vessel_prefix_len(&["sea", "star"]), 0);
        assert_eq!(vessel_prefix_len(&["mv"]), 0);
        assert_eq!(vessel_prefix_len(&[]), 0);
    }
}
