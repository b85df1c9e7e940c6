//! Detects the ISO 15924 script of a name from its letters.

/// The ISO 15924 code of the script most of the letters of `text` are
/// written in (`Latn`, `Arab`, `Cyrl`, `Hani`...); `None` when it has no
/// letters of a known script.
pub(crate) fn detect_script(text: &str) -> Option<&'static str> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for c in text.chars() {
        if let Some(s) = script_of(c) {
            match counts.iter_mut().find(|(k, _)| *k == s) {
                Some((_, n)) => *n += 1,
                None => counts.push((s, 1)),
            }
        }
    }
    // The first script wins ties: stable and predictable.
    let mut best: Option<(&'static str, usize)> = None;
    for (s, n) in counts {
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((s, n));
        }
    }
    best.map(|(s, _)| s)
}

fn script_of(c: char) -> Option<&'static str> {
    let u = c as u32;
    let s = match u {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => "Latn",
        0x370..=0x3FF | 0x1F00..=0x1FFF => "Grek",
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => "Cyrl",
        0x530..=0x58F => "Armn",
        0x590..=0x5FF | 0xFB1D..=0xFB4F => "Hebr",
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => "Arab",
        0x700..=0x74F => "Syrc",
        0x780..=0x7BF => "Thaa",
        0x900..=0x97F => "Deva",
        0x980..=0x9FF => "Beng",
        0xA00..=0xA7F => "Guru",
        0xB80..=0xBFF => "Taml",
        0xE00..=0xE7F => "Thai",
        0xE80..=0xEFF => "Laoo",
        0xF00..=0xFFF => "Tibt",
        0x1000..=0x109F => "Mymr",
        0x10A0..=0x10FF => "Geor",
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => "Hang",
        0x1200..=0x139F => "Ethi",
        0x1780..=0x17FF => "Khmr",
        0x1800..=0x18AF => "Mong",
        0x3040..=0x309F => "Hira",
        0x30A0..=0x30FF => "Kana",
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => "Hani",
        _ => return None,
    };
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_detected() {
        assert_eq!(detect_script("محمد طاهر انورى"), Some("Arab"));
        assert_eq!(detect_script("Мария Осетрова"), Some("Cyrl"));
        assert_eq!(detect_script("金正恩"), Some("Hani"));
        assert_eq!(detect_script("Müller"), Some("Latn"));
        assert_eq!(detect_script("김정은"), Some("Hang"));
        assert_eq!(detect_script("123 -"), None);
    }
}
