//! Unicode script detection for names.

/// Writing system of a character or of a whole name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters (with or without diacritics), also the ASCII fallback.
    Latin,
    /// Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Kazakh...).
    Cyrillic,
    /// Greek.
    Greek,
    /// Arabic script (Arabic, Persian, Urdu, Pashto...).
    Arabic,
    /// Hebrew.
    Hebrew,
    /// Han ideographs (Chinese characters, kanji, hanja).
    Han,
    /// Korean Hangul.
    Hangul,
    /// Japanese Hiragana and Katakana.
    Kana,
    /// Georgian.
    Georgian,
    /// Armenian.
    Armenian,
    /// Thai.
    Thai,
    /// Devanagari.
    Devanagari,
    /// Anything else (digits, punctuation, other scripts); also an empty name.
    Other,
}

/// Script of one character; `Script::Other` for digits, punctuation, marks and unknown scripts.
pub fn char_script(c: char) -> Script {
    let u = c as u32;
    match u {
        0x41..=0x5A | 0x61..=0x7A => Script::Latin,
        0..=0x7F => Script::Other,
        0xAA | 0xBA => Script::Latin,
        0xC0..=0x24F if u != 0xD7 && u != 0xF7 => Script::Latin,
        0x250..=0x2AF | 0x1D00..=0x1D7F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF => {
            Script::Latin
        }
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Script::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x531..=0x58F | 0xFB13..=0xFB17 => Script::Armenian,
        0x5D0..=0x5FF | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFE => {
            Script::Arabic
        }
        0x900..=0x97F | 0xA8E0..=0xA8FF => Script::Devanagari,
        0xE00..=0xE7F => Script::Thai,
        0x10A0..=0x10FF | 0x1C90..=0x1CBF | 0x2D00..=0x2D2F => Script::Georgian,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7AF | 0xD7B0..=0xD7FF => {
            Script::Hangul
        }
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
        0x3005
        | 0x3007
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3134F => Script::Han,
        _ => Script::Other,
    }
}

/// True for the combining marks that belong to the preceding letter.
pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x300..=0x36F | 0x483..=0x489 | 0x591..=0x5BD | 0x5BF | 0x5C1..=0x5C2 | 0x5C4..=0x5C5 | 0x5C7
        | 0x610..=0x61A | 0x64B..=0x65F | 0x670 | 0x6D6..=0x6DC | 0x6DF..=0x6E4 | 0x6E7..=0x6E8
        | 0x6EA..=0x6ED | 0x8D3..=0x8FF | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

/// Dominant script of the letters of `s` (the script with the most letters; ties go to the first
/// met). Digits and punctuation do not count; a string without letters is `Script::Other`.
pub fn detect_script(s: &str) -> Script {
    const ORDER: [Script; 12] = [
        Script::Latin,
        Script::Cyrillic,
        Script::Greek,
        Script::Arabic,
        Script::Hebrew,
        Script::Han,
        Script::Hangul,
        Script::Kana,
        Script::Georgian,
        Script::Armenian,
        Script::Thai,
        Script::Devanagari,
    ];
    let mut counts = [0usize; 12];
    let mut first_seen = [usize::MAX; 12];
    for (i, c) in s.chars().enumerate() {
        let sc = char_script(c);
        if let Some(k) = ORDER.iter().position(|x| *x == sc) {
            counts[k] += 1;
            if first_seen[k] == usize::MAX {
                first_seen[k] = i;
            }
        }
    }
    // Japanese mixes Han and Kana: any Kana makes the name Japanese.
    let kana = ORDER.iter().position(|x| *x == Script::Kana).unwrap_or(7);
    let han = ORDER.iter().position(|x| *x == Script::Han).unwrap_or(5);
    if counts[kana] > 0 && counts[han] > 0 {
        counts[kana] += counts[han];
    }
    let mut best: Option<usize> = None;
    for k in 0..ORDER.len() {
        if counts[k] == 0 {
            continue;
        }
        best = match best {
            None => Some(k),
            Some(b)
                if counts[k] > counts[b]
                    || (counts[k] == counts[b] && first_seen[k] < first_seen[b]) =>
            {
                Some(k)
            }
            other => other,
        };
    }
    best.map_or(Script::Other, |k| ORDER[k])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_dominant_script() {
        assert_eq!(detect_script("Vladimir Putin"), Script::Latin);
        assert_eq!(detect_script("Владимир Путин"), Script::Cyrillic);
        assert_eq!(detect_script("Vlаdimir"), Script::Latin); // one Cyrillic а
        assert_eq!(detect_script("محمد علي"), Script::Arabic);
        assert_eq!(detect_script("משה"), Script::Hebrew);
        assert_eq!(detect_script("金正恩"), Script::Han);
        assert_eq!(detect_script("김정은"), Script::Hangul);
        assert_eq!(detect_script("プーチン"), Script::Kana);
        assert_eq!(detect_script("山田たろう"), Script::Kana);
        assert_eq!(detect_script("Αλέξης"), Script::Greek);
        assert_eq!(detect_script("სააკაშვილი"), Script::Georgian);
        assert_eq!(detect_script("Հայաստան"), Script::Armenian);
        assert_eq!(detect_script("สมชาย"), Script::Thai);
        assert_eq!(detect_script("नरेन्द्र"), Script::Devanagari);
        assert_eq!(detect_script("12 34"), Script::Other);
        assert_eq!(detect_script(""), Script::Other);
    }
}
