//! Confusable letters from another script inside a word ("Vlаdimir" with a Cyrillic а, "PUTΙN"
//! with a Greek Ι) and digits used as letters ("Ig0r Sech1n").

use crate::text::script::{char_script, Script};

/// Latin look-alike of a Cyrillic or Greek letter, by its own case (upper-case В looks like B,
/// lower-case в does not).
fn to_latin(c: char) -> Option<char> {
    Some(match c {
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'С' | 'Ϲ' => 'C',
        'Е' | 'Ε' => 'E',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' | 'Ӏ' => 'I',
        'Ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'Ѕ' => 'S',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'У' | 'Υ' | 'Ү' => 'Y',
        'Ζ' => 'Z',
        'а' => 'a',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' => 'e',
        'һ' => 'h',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'х' | 'χ' => 'x',
        'у' | 'γ' => 'y',
        'ԝ' => 'w',
        'ν' => 'v',
        'κ' => 'k',
        'α' => 'a',
        'τ' => 't',
        _ => return None,
    })
}

/// Cyrillic look-alike of a Latin letter, for Latin letters inside a Cyrillic word.
fn to_cyrillic(c: char) -> Option<char> {
    Some(match c {
        'A' => 'А',
        'B' => 'В',
        'C' => 'С',
        'E' => 'Е',
        'H' => 'Н',
        'I' => 'І',
        'K' => 'К',
        'M' => 'М',
        'O' => 'О',
        'P' => 'Р',
        'T' => 'Т',
        'X' => 'Х',
        'Y' => 'У',
        'a' => 'а',
        'c' => 'с',
        'e' => 'е',
        'o' => 'о',
        'p' => 'р',
        'x' => 'х',
        'y' => 'у',
        'i' => 'і',
        _ => return None,
    })
}

/// Rewrites a word (before case folding) whose letters mix Latin with Cyrillic or Greek: the
/// minority script's look-alike letters become the majority script's. Words in one script are
/// returned unchanged.
pub(crate) fn fix_word(word: &str) -> Vec<char> {
    let chars: Vec<char> = word.chars().collect();
    let (mut latin, mut cyr, mut greek) = (0usize, 0usize, 0usize);
    for &c in &chars {
        match char_script(c) {
            Script::Latin => latin += 1,
            Script::Cyrillic => cyr += 1,
            Script::Greek => greek += 1,
            _ => {}
        }
    }
    if latin == 0 || cyr + greek == 0 {
        return chars;
    }
    if latin >= cyr + greek {
        chars
            .into_iter()
            .map(|c| {
                if char_script(c) == Script::Latin {
                    c
                } else {
                    to_latin(c).unwrap_or(c)
                }
            })
            .collect()
    } else if cyr >= greek {
        chars
            .into_iter()
            .map(|c| {
                if char_script(c) == Script::Latin {
                    to_cyrillic(c).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect()
    } else {
        chars
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Replaces digits and symbols used as letters in an otherwise alphabetic ASCII token ("ig0r" ->
/// "igor", "sech1n" -> "sechin", "a1i" -> "ali", "m@ria" -> "maria"). A digit must stand between
/// two letters; `@` and `$` need one letter beside them. Tokens with two digits in a row, with an
/// unmappable digit or with fewer than two letters are left alone ("1st", "b2b", "mp3", "covid19").
pub(crate) fn fix_digits(token: &str) -> Option<String> {
    let b = token.as_bytes();
    let letters = b.iter().filter(|c| c.is_ascii_lowercase()).count();
    let specials = b.iter().filter(|c| !c.is_ascii_lowercase()).count();
    if specials == 0 || letters < 2 || specials * 2 > letters {
        return None;
    }
    let mut out = String::with_capacity(b.len());
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_lowercase() {
            out.push(c as char);
            continue;
        }
        let prev = if i > 0 { b.get(i - 1).copied() } else { None };
        let next = b.get(i + 1).copied();
        let pl = prev.is_some_and(|p| p.is_ascii_lowercase());
        let nl = next.is_some_and(|p| p.is_ascii_lowercase());
        let r = match c {
            b'@' | b'$' if pl || nl => {
                if c == b'@' {
                    'a'
                } else {
                    's'
                }
            }
            _ if !(pl && nl) => return None,
            b'0' => 'o',
            b'1' => {
                if prev.is_some_and(is_vowel) || next.is_some_and(is_vowel) {
                    'l'
                } else {
                    'i'
                }
            }
            b'3' => 'e',
            b'4' => 'a',
            b'5' => 's',
            b'7' => 't',
            _ => return None,
        };
        out.push(r);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_mixed_script_words() {
        let s: String = fix_word("Vlаdimir").into_iter().collect(); // Cyrillic а
        assert_eq!(s, "Vladimir");
        let s: String = fix_word("PUTΙN").into_iter().collect(); // Greek Ι
        assert_eq!(s, "PUTIN");
        let s: String = fix_word("Пyтин").into_iter().collect(); // Latin y
        assert_eq!(s, "Путин");
        let s: String = fix_word("Путин").into_iter().collect();
        assert_eq!(s, "Путин");
    }

    #[test]
    fn fixes_digits_in_words() {
        assert_eq!(fix_digits("ig0r").as_deref(), Some("igor"));
        assert_eq!(fix_digits("sech1n").as_deref(), Some("sechin"));
        assert_eq!(fix_digits("a1i").as_deref(), Some("ali"));
        assert_eq!(fix_digits("m@ria").as_deref(), Some("maria"));
        assert_eq!(fix_digits("1st"), None);
        assert_eq!(fix_digits("b2b"), None);
        assert_eq!(fix_digits("mp3"), None);
        assert_eq!(fix_digits("covid19"), None);
        assert_eq!(fix_digits("windows7"), None);
        assert_eq!(fix_digits("igor"), None);
    }
}
