//! Hebrew to Latin.
//!
//! Like Arabic, Hebrew writes few vowels: vav and yod become o/u and i when they stand between
//! consonants, v and y elsewhere; bet, kaf and pe are b, k, p at the start of a word and v, kh, f
//! inside it. Common given names come from our table (data/hebrew_names.txt). Slot 0: the usual
//! Israeli spelling; slot 1: u for vav, ch for het, tz for tsade; slot 2: a bare consonant form.

use super::Slots;
use crate::text::tables;

fn is_point(c: char) -> bool {
    matches!(c as u32, 0x591..=0x5C7) && !matches!(c as u32, 0x5BE | 0x5C0 | 0x5C3 | 0x5C6)
}

/// Transliterates one Hebrew word.
pub(crate) fn translit(run: &[char], out: &mut Slots) {
    let letters: Vec<char> = run
        .iter()
        .copied()
        .filter(|c| !is_point(*c) && !matches!(c, '\'' | '"' | '׳' | '״'))
        .collect();
    let word: String = letters.iter().collect();
    if let Some(spellings) = tables::hebrew_name(&word) {
        out.push_spellings(spellings);
        return;
    }
    let m = letters.len();
    for (i, &c) in letters.iter().enumerate() {
        let prev = if i > 0 { Some(letters[i - 1]) } else { None };
        let next = letters.get(i + 1).copied();
        let initial = i == 0;
        let last = i + 1 == m;
        let vowel_letter = |x: char| matches!(x, 'א' | 'ו' | 'י' | 'ע' | 'ה');
        let s: [&str; 4] = match c {
            'א' => {
                if initial {
                    ["a", "a", "", "a"]
                } else {
                    [""; 4]
                }
            }
            'ב' => {
                if initial {
                    ["b"; 4]
                } else {
                    ["v", "v", "v", "b"]
                }
            }
            'ג' => ["g"; 4],
            'ד' => ["d"; 4],
            'ה' => {
                if last && !initial {
                    ["e", "a", "", "ah"]
                } else {
                    ["h"; 4]
                }
            }
            'ו' => {
                if next == Some('ו') || prev == Some('ו') || initial {
                    if prev == Some('ו') {
                        [""; 4]
                    } else {
                        ["v"; 4]
                    }
                } else if next.is_some_and(vowel_letter) && !last {
                    ["v"; 4]
                } else {
                    ["o", "u", "", "o"]
                }
            }
            'ז' => ["z"; 4],
            'ח' => ["kh", "ch", "h", "h"],
            'ט' => ["t"; 4],
            'י' => {
                if initial
                    || next == Some('י')
                    || prev == Some('י')
                    || prev.is_some_and(|p| matches!(p, 'ו' | 'א'))
                {
                    if prev == Some('י') {
                        [""; 4]
                    } else {
                        ["y"; 4]
                    }
                } else {
                    ["i", "i", "", "y"]
                }
            }
            'כ' => {
                if initial {
                    ["k"; 4]
                } else {
                    ["kh", "ch", "kh", "k"]
                }
            }
            'ך' => ["kh", "ch", "kh", "k"],
            'ל' => ["l"; 4],
            'מ' | 'ם' => ["m"; 4],
            'נ' | 'ן' => ["n"; 4],
            'ס' => ["s"; 4],
            'ע' => {
                if initial {
                    ["a", "a", "", "a"]
                } else {
                    [""; 4]
                }
            }
            'פ' => {
                if initial {
                    ["p"; 4]
                } else {
                    ["f", "f", "f", "p"]
                }
            }
            'ף' => ["f"; 4],
            'צ' | 'ץ' => ["ts", "tz", "z", "ts"],
            'ק' => ["k"; 4],
            'ר' => ["r"; 4],
            'ש' => ["sh", "sh", "sh", "s"],
            'ת' => ["t"; 4],
            _ => {
                let a = any_ascii::any_ascii_char(c);
                [a, a, a, a]
            }
        };
        out.push_each(s);
    }
}
