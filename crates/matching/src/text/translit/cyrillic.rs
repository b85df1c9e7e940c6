//! Cyrillic to Latin in four schemes.
//!
//! Slot 0: BGN/PCGN-style as most sanctions lists print Russian names ("Vladimir Vladimirovich
//! Putin", "Yevgeniy", "Dmitriy"); for Ukrainian text the 2010 national system ("Oleksandr
//! Zinchenko", "Zelenskyi"). Slot 1: ICAO Doc 9303 passports ("Evgenii", "Iurii", "Sergei").
//! Slot 2: English press ("Dmitry", "Sergei", "Alexandr", "Zelensky"). Slot 3: West/South Slavic
//! Latin ("Jurij", "Chruscov" style: j for й, h for х, c for ц).

use super::Slots;

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'і' | 'ї' | 'є'
    )
}

/// True if the text looks Ukrainian (letters і ї є ґ, or the adjective ending -ський/-цький,
/// and none of ы э ё ъ).
pub(crate) fn looks_ukrainian(chars: &[char]) -> bool {
    let uk = chars.iter().any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ'))
        || chars
            .windows(4)
            .any(|w| matches!(w[0], 'с' | 'ц' | 'з') && w[1] == 'ь' && w[2] == 'к' && w[3] == 'и');
    let ru = chars.iter().any(|c| matches!(c, 'ы' | 'э' | 'ё' | 'ъ'));
    uk && !ru
}

/// Transliterates one run of lower-case Cyrillic letters (`run`), where `word_start` tells whether
/// the run starts its word and `word_end` whether it ends it.
pub(crate) fn translit(
    run: &[char],
    ukrainian: bool,
    word_start: bool,
    word_end: bool,
    out: &mut Slots,
) {
    let n = run.len();
    let mut i = 0;
    while i < n {
        let c = run[i];
        let prev = if i > 0 { Some(run[i - 1]) } else { None };
        let next = run.get(i + 1).copied();
        let initial = i == 0 && word_start;
        let after_vowel_or_sign =
            prev.is_some_and(|p| is_vowel(p) || matches!(p, 'ъ' | 'ь' | 'й' | '\''));
        let last = i + 1 == n && word_end;
        // Word-final -ий / -ый / -ій: handled as a pair.
        if matches!(c, 'и' | 'ы' | 'і') && next == Some('й') && i + 2 == n && word_end {
            let (bgn, icao, press, slav) = match (c, ukrainian) {
                ('и', true) => ("yi", "yi", "y", "ij"),
                ('и', false) => ("iy", "ii", "y", "ij"),
                ('ы', _) => ("yy", "y", "y", "yj"),
                _ => ("iy", "ii", "iy", "ij"),
            };
            out.push_each([bgn, icao, press, slav]);
            i += 2;
            continue;
        }
        // Press spelling of кс as x (Aleksandr -> Alexandr).
        if c == 'к' && next == Some('с') {
            out.push_each(["ks", "ks", "x", "ks"]);
            i += 2;
            continue;
        }
        let s: [&str; 4] = match c {
            'а' => ["a"; 4],
            'б' => ["b"; 4],
            'в' => ["v"; 4],
            'г' if ukrainian => ["h", "h", "h", "g"],
            'г' => ["g"; 4],
            'ґ' => ["g"; 4],
            'д' => ["d"; 4],
            'е' if ukrainian => ["e"; 4],
            'е' if initial || after_vowel_or_sign => ["ye", "e", "ye", "je"],
            'е' => ["e"; 4],
            'ё' if initial || after_vowel_or_sign => ["yo", "e", "yo", "jo"],
            'ё' => ["e", "e", "yo", "jo"],
            'є' if initial => ["ye", "ie", "ye", "je"],
            'є' => ["ie", "ie", "ye", "je"],
            'ж' => ["zh", "zh", "zh", "z"],
            'з' => ["z"; 4],
            'и' if ukrainian => ["y", "y", "y", "i"],
            'и' => ["i"; 4],
            'і' => ["i"; 4],
            'ї' if initial => ["yi", "i", "yi", "ji"],
            'ї' => ["i", "i", "yi", "ji"],
            'й' if ukrainian && initial => ["y", "i", "y", "j"],
            'й' if ukrainian => ["i", "i", "y", "j"],
            // Press: Sergei, Andrei (final -ей -> ei).
            'й' if last && prev.is_some_and(is_vowel) => ["y", "i", "i", "j"],
            'й' => ["y", "i", "y", "j"],
            'к' => ["k"; 4],
            'л' => ["l"; 4],
            'м' => ["m"; 4],
            'н' => ["n"; 4],
            'о' => ["o"; 4],
            'п' => ["p"; 4],
            'р' => ["r"; 4],
            'с' => ["s"; 4],
            'т' => ["t"; 4],
            'у' => ["u"; 4],
            'ф' => ["f"; 4],
            'х' => ["kh", "kh", "kh", "h"],
            'ц' => ["ts", "ts", "ts", "c"],
            'ч' => ["ch", "ch", "ch", "c"],
            'ш' => ["sh", "sh", "sh", "s"],
            'щ' => ["shch", "shch", "shch", "sc"],
            'ъ' => ["", "ie", "", ""],
            'ы' => ["y"; 4],
            'ь' => [""; 4],
            'э' => ["e"; 4],
            'ю' if ukrainian && !initial => ["iu", "iu", "yu", "ju"],
            'ю' => ["yu", "iu", "yu", "ju"],
            'я' if ukrainian && !initial => ["ia", "ia", "ya", "ja"],
            'я' => ["ya", "ia", "ya", "ja"],
            // Belarusian, Serbian, Macedonian, Central Asian letters.
            'ў' => ["w", "u", "w", "u"],
            'ђ' => ["dj", "dj", "dj", "dj"],
            'ј' => ["j", "j", "y", "j"],
            'љ' => ["lj", "lj", "ly", "lj"],
            'њ' => ["nj", "nj", "ny", "nj"],
            'ћ' => ["c", "c", "ch", "c"],
            'џ' => ["dz", "dz", "dzh", "dz"],
            'ѓ' => ["gj"; 4],
            'ќ' => ["kj"; 4],
            'ѕ' => ["dz"; 4],
            'ә' => ["a", "a", "a", "a"],
            'ғ' => ["gh", "gh", "gh", "g"],
            'қ' => ["q", "q", "k", "k"],
            'ң' => ["ng", "ng", "ng", "n"],
            'ө' => ["o"; 4],
            'ұ' => ["u"; 4],
            'ү' => ["u", "u", "u", "u"],
            'һ' => ["h"; 4],
            'ҳ' => ["h"; 4],
            'ҷ' => ["j"; 4],
            'ӣ' => ["i"; 4],
            'ӯ' => ["u"; 4],
            'ҡ' => ["q", "q", "k", "k"],
            'ҙ' => ["dh", "z", "z", "z"],
            'ҫ' => ["th", "s", "s", "s"],
            'ӑ' => ["a"; 4],
            'ӗ' => ["e"; 4],
            _ => {
                let a = any_ascii::any_ascii_char(c);
                [a, a, a, a]
            }
        };
        out.push_each(s);
        i += 1;
    }
}
