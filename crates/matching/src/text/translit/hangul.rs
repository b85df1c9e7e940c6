//! Korean Hangul to Latin, one token per syllable, as lists write Korean names
//! ("Kim Jong Un", "Park Ji Sung", "Moon Jae In").
//!
//! Slot 0: Revised Romanization per syllable ("gim jeong eun"). Slot 1: the usual spelling of the
//! surname (data/korean_surnames.txt) and eo -> o, eu -> u in given names ("kim jong un"). Slot 2:
//! the same surname with eo -> u ("kim jung un", "park ji sung"). Slot 3: the second usual
//! surname spelling and McCune-Reischauer without breves ("pak chi song", "kim chong un"). The surname is the first syllable of a word of 2 to 4
//! syllables that starts the name, or any one-syllable first word.

use super::Slots;
use crate::text::tables;

const INITIAL_RR: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const INITIAL_MR: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t",
    "p", "h",
];
const MEDIAL_RR: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
const MEDIAL_MR: [&str; 21] = [
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "u", "ui", "i",
];
const FINAL_RR: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];

/// Decomposes a precomposed Hangul syllable into (initial, medial, final) indices.
fn decompose(c: char) -> Option<(usize, usize, usize)> {
    let u = c as u32;
    if !(0xAC00..=0xD7A3).contains(&u) {
        return None;
    }
    let s = (u - 0xAC00) as usize;
    Some((s / (21 * 28), (s % (21 * 28)) / 28, s % 28))
}

fn popular_medial(m: usize, eo_as_u: bool) -> &'static str {
    match m {
        4 => {
            if eo_as_u {
                "u"
            } else {
                "o"
            }
        }
        6 => {
            if eo_as_u {
                "yu"
            } else {
                "yo"
            }
        }
        18 => "u",
        _ => MEDIAL_RR[m],
    }
}

/// Transliterates a run of Hangul; `name_start` tells whether the run begins the whole name.
pub(crate) fn translit(run: &[char], name_start: bool, out: &mut Slots) {
    let syllables = run.iter().filter(|c| decompose(**c).is_some()).count();
    let mut first = true;
    let mut i_syl = 0;
    for &c in run {
        let Some((l, m, f)) = decompose(c) else {
            // Loose jamo: any_ascii.
            let a = any_ascii::any_ascii_char(c);
            out.push_all(&a.to_ascii_lowercase());
            continue;
        };
        if !first {
            out.push_all(" ");
        }
        let is_surname =
            name_start && i_syl == 0 && (syllables == 1 || (2..=4).contains(&syllables));
        let rr = format!("{}{}{}", INITIAL_RR[l], MEDIAL_RR[m], FINAL_RR[f]);
        let mr = format!("{}{}{}", INITIAL_MR[l], MEDIAL_MR[m], FINAL_RR[f]);
        let pop_o = format!(
            "{}{}{}",
            INITIAL_RR[l],
            popular_medial(m, false),
            FINAL_RR[f]
        );
        let pop_u = format!(
            "{}{}{}",
            INITIAL_RR[l],
            popular_medial(m, true),
            FINAL_RR[f]
        );
        if is_surname {
            if let Some(sp) = tables::korean_surname(c) {
                let p1 = sp.first().copied().unwrap_or(rr.as_str());
                let p2 = sp.get(1).copied().unwrap_or(p1);
                out.push_each([rr.as_str(), p1, p1, p2]);
            } else {
                out.push_each([rr.as_str(), pop_o.as_str(), pop_u.as_str(), mr.as_str()]);
            }
        } else {
            out.push_each([rr.as_str(), pop_o.as_str(), pop_u.as_str(), mr.as_str()]);
        }
        first = false;
        i_syl += 1;
    }
}
