//! Arabic script (Arabic, Persian, Urdu) to Latin.
//!
//! Abjads write no short vowels, so no transliterator restores "Muhammad" from محمد. We write the
//! consonants and the long vowels the letters imply (ا -> a, و -> u/w, ي -> i/y, ة -> a), and look
//! whole words up in a table of common given-name elements written by us (data/arabic_names.txt),
//! which gives the usual Latin spellings. Slot 0: the table's first spelling, else the rule form.
//! Slot 1: the table's second spelling, else o/e vowels and "ah" for ة. Slot 2: third spelling,
//! else a bare consonant form. Slot 3: fourth spelling, else Egyptian g for ج.

use super::Slots;
use crate::text::tables;

fn is_long_vowel_letter(c: char) -> bool {
    matches!(c, 'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'و' | 'ي' | 'ی' | 'ى' | 'ے')
}

fn is_harakah(c: char) -> bool {
    matches!(c as u32, 0x64B..=0x652 | 0x670)
}

/// Transliterates one Arabic-script word (`run`, without spaces; may contain ZWNJ as `\u{200c}`).
pub(crate) fn translit(run: &[char], out: &mut Slots) {
    let word: String = run
        .iter()
        .filter(|c| !is_harakah(**c) && **c != '\u{640}')
        .collect();
    let word = word.replace('\u{200c}', "");
    if let Some(spellings) = tables::arabic_name(&word) {
        out.push_spellings(spellings);
        return;
    }
    // Definite article: ال + word -> "al " + word (kept as its own token, as lists write al-X).
    let chars: Vec<char> = run.to_vec();
    let stripped: Vec<char> = chars
        .iter()
        .copied()
        .filter(|c| !is_harakah(*c) && *c != '\u{640}')
        .collect();
    if stripped.len() > 3 && stripped[0] == 'ا' && stripped[1] == 'ل' {
        out.push_all("al ");
        let rest: String = stripped[2..].iter().collect();
        if let Some(spellings) = tables::arabic_name(&rest) {
            out.push_spellings(spellings);
            return;
        }
        let pos = chars.iter().position(|c| *c == 'ل').map_or(2, |p| p + 1);
        rules(&chars[pos..], out);
        return;
    }
    // X + الله / X + الدين written as one word (نصرالله, نورالدين): X, then the usual ending.
    for (suffix, endings) in [
        ("الله", ["allah", "allah", "ullah", "allah"]),
        ("الدين", [" al din", "uddin", "eddine", " al deen"]),
    ] {
        let suf: Vec<char> = suffix.chars().collect();
        if stripped.len() > suf.len() + 1 && stripped.ends_with(&suf) {
            let head: Vec<char> = stripped[..stripped.len() - suf.len()].to_vec();
            let head_s: String = head.iter().collect();
            match tables::arabic_name(&head_s) {
                Some(sp) => out.push_spellings(sp),
                None => rules(&head, out),
            }
            out.push_each(endings);
            return;
        }
    }
    // عبد + ال + X written as one word.
    if stripped.len() > 5
        && stripped[0] == 'ع'
        && stripped[1] == 'ب'
        && stripped[2] == 'د'
        && stripped[3] == 'ا'
        && stripped[4] == 'ل'
    {
        out.push_each(["abd al ", "abdul ", "abdel ", "abd al "]);
        let rest: String = stripped[5..].iter().collect();
        if let Some(spellings) = tables::arabic_name(&rest) {
            out.push_spellings(spellings);
            return;
        }
        rules(&stripped[5..], out);
        return;
    }
    rules(&chars, out);
}

fn rules(run: &[char], out: &mut Slots) {
    let persian = run
        .iter()
        .any(|c| matches!(c, 'ی' | 'ک' | 'پ' | 'چ' | 'ژ' | 'گ'));
    let n = run.len();
    let letters: Vec<(usize, char)> = run
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, c)| !is_harakah(*c) && *c != '\u{640}')
        .collect();
    let m = letters.len();
    for (li, &(ri, c)) in letters.iter().enumerate() {
        let prev = if li > 0 {
            Some(letters[li - 1].1)
        } else {
            None
        };
        let next = letters.get(li + 1).map(|x| x.1);
        let initial = li == 0 || prev == Some('\u{200c}');
        let last = li + 1 == m || next == Some('\u{200c}');
        // Whether the rendering so far ends in a vowel (so و / ي here are consonants).
        let prev_vowelish = initial || out.s[0].ends_with(['a', 'e', 'i', 'o', 'u']);
        let next_vowelish = next.is_some_and(|x| matches!(x, 'ا' | 'ى' | 'آ'));
        let s: [&str; 4] = match c {
            '\u{200c}' => [""; 4],
            'ا' | 'ٱ' => {
                if initial && matches!(next, Some('ی') | Some('ي')) {
                    ["e", "e", "", "e"]
                } else if initial && next == Some('و') {
                    ["", "", "", ""]
                } else {
                    ["a", "a", "a", "a"]
                }
            }
            'أ' | 'آ' => ["a"; 4],
            'إ' => ["i", "e", "i", "i"],
            'ء' => [""; 4],
            'ؤ' => ["u", "o", "", "u"],
            'ئ' => ["i", "e", "", "i"],
            'ب' => ["b"; 4],
            'ت' => ["t"; 4],
            'ث' => ["th", "th", "th", "s"],
            'ج' => ["j", "j", "j", "g"],
            'ح' => ["h"; 4],
            'خ' => ["kh"; 4],
            'د' => ["d"; 4],
            'ذ' => ["dh", "z", "dh", "z"],
            'ر' => ["r"; 4],
            'ز' => ["z"; 4],
            'س' => ["s"; 4],
            'ش' => ["sh"; 4],
            'ص' => ["s"; 4],
            'ض' => ["d"; 4],
            'ط' => ["t"; 4],
            'ظ' => ["z", "z", "dh", "z"],
            'ع' => {
                if next_vowelish || prev.is_some_and(is_long_vowel_letter) || last {
                    [""; 4]
                } else {
                    ["a", "a", "", "a"]
                }
            }
            'غ' => ["gh"; 4],
            'ف' => ["f"; 4],
            'ق' => ["q", "k", "q", "g"],
            'ك' | 'ک' => ["k"; 4],
            'ل' => ["l"; 4],
            'م' => ["m"; 4],
            'ن' => ["n"; 4],
            'ه' | 'ہ' | 'ھ' => {
                let after_long = prev.is_some_and(is_long_vowel_letter);
                if last && !initial && !after_long && persian {
                    ["e", "eh", "a", "ah"]
                } else if last && !initial && !after_long && ri + 1 == n {
                    // Word-final heh after a consonant is mostly a vowel (ta marbuta written
                    // as heh: جمعه juma, زاده zada).
                    ["a", "ah", "eh", "a"]
                } else {
                    ["h"; 4]
                }
            }
            'ة' => ["a", "ah", "", "at"],
            'ۀ' => ["eh", "e", "", "e"],
            'و' => {
                if initial || prev_vowelish || next_vowelish || prev == Some('و') {
                    if persian {
                        ["v", "v", "w", "v"]
                    } else {
                        ["w"; 4]
                    }
                } else if persian {
                    ["o", "u", "", "o"]
                } else {
                    ["u", "o", "", "ou"]
                }
            }
            'ي' | 'ی' | 'ے' => {
                if initial
                    || prev_vowelish
                    || next_vowelish
                    || matches!(prev, Some('ي') | Some('ی'))
                {
                    ["y"; 4]
                } else if last {
                    ["i", "y", "", "i"]
                } else {
                    ["i", "e", "", "ee"]
                }
            }
            'ى' => ["a", "a", "", "a"],
            'پ' => ["p"; 4],
            'چ' => ["ch"; 4],
            'ژ' => ["zh"; 4],
            'گ' => ["g"; 4],
            'ٹ' => ["t"; 4],
            'ڈ' => ["d"; 4],
            'ڑ' => ["r"; 4],
            'ں' => ["n"; 4],
            '٠'..='٩' => {
                let d = (c as u32 - 0x660) as usize;
                [DIGITS[d]; 4]
            }
            '۰'..='۹' => {
                let d = (c as u32 - 0x6F0) as usize;
                [DIGITS[d]; 4]
            }
            _ => {
                let a = any_ascii::any_ascii_char(c);
                [a, a, a, a]
            }
        };
        out.push_each(s);
        // Vowel signs, when present, are written out; shadda doubles the consonant.
        let end = letters.get(li + 1).map_or(n, |x| x.0);
        for &mark in &run[ri + 1..end] {
            match mark {
                '\u{64E}' | '\u{670}' => out.push_all("a"),
                '\u{650}' => out.push_all("i"),
                '\u{64F}' => out.push_all("u"),
                '\u{64B}' => out.push_all("an"),
                '\u{64D}' => out.push_all("in"),
                '\u{64C}' => out.push_all("un"),
                '\u{651}' => out.push_each(s),
                _ => {}
            }
        }
    }
}

const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
