//! An emulation of OFAC's Sanctions List Search (FAQ 249): A = Jaro-Winkler
//! of the whole strings, only when their first characters agree; B = the
//! mean over query parts of (best Jaro-Winkler against a list part, pairs
//! below 0.5 counting 0, plus 1 if the part's Soundex code occurs among the
//! list parts) / 2; score = max(A, B). Query parts of two characters or
//! fewer are dropped, as the live tool does. Jaro-Winkler is the SimMetrics
//! variant, which always applies the prefix bonus.

use rapidfuzz::distance::jaro;

/// SimMetrics-style Jaro-Winkler: prefix bonus (up to 4 chars, 0.1) always.
pub(crate) fn jaro_winkler_simmetrics(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let j = jaro::similarity(a.bytes(), b.bytes());
    let l = a
        .bytes()
        .zip(b.bytes())
        .take(4)
        .take_while(|(x, y)| x == y)
        .count() as f64;
    j + l * 0.1 * (1.0 - j)
}

/// American Soundex of an ASCII word (`R163` for Robert).
pub(crate) fn soundex(word: &str) -> String {
    fn code(c: u8) -> u8 {
        match c {
            b'b' | b'f' | b'p' | b'v' => b'1',
            b'c' | b'g' | b'j' | b'k' | b'q' | b's' | b'x' | b'z' => b'2',
            b'd' | b't' => b'3',
            b'l' => b'4',
            b'm' | b'n' => b'5',
            b'r' => b'6',
            b'h' | b'w' => b'h',
            _ => b'0',
        }
    }
    let letters: Vec<u8> = word
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let Some(&first) = letters.first() else {
        return String::new();
    };
    let mut out = vec![first.to_ascii_uppercase()];
    let mut last = code(first);
    for &c in &letters[1..] {
        let k = code(c);
        if k == b'h' {
            continue; // h and w do not separate equal codes
        }
        if k != b'0' && k != last {
            out.push(k);
            if out.len() == 4 {
                break;
            }
        }
        last = k;
    }
    while out.len() < 4 {
        out.push(b'0');
    }
    String::from_utf8(out).unwrap_or_default()
}

/// OFAC SLS score of a query name against a list name, both normalised
/// (lower-case ASCII, space-separated), in [0, 1].
pub(crate) fn ofac_score(query: &str, list: &str) -> f64 {
    let q_parts: Vec<&str> = query.split(' ').filter(|p| p.len() > 2).collect();
    let l_parts: Vec<&str> = list.split(' ').filter(|p| !p.is_empty()).collect();
    if q_parts.is_empty() || l_parts.is_empty() {
        return 0.0;
    }
    let q_whole = q_parts.join(" ");
    let l_whole = l_parts.join(" ");
    let a = if q_whole.as_bytes()[0] == l_whole.as_bytes()[0] {
        jaro_winkler_simmetrics(&q_whole, &l_whole)
    } else {
        0.0
    };
    let l_sound: Vec<String> = l_parts.iter().map(|p| soundex(p)).collect();
    let mut total = 0.0;
    for p in &q_parts {
        let best = l_parts
            .iter()
            .map(|l| jaro_winkler_simmetrics(p, l))
            .fold(0.0, f64::max);
        let best = if best < 0.5 { 0.0 } else { best };
        let sx = soundex(p);
        let s = if l_sound.contains(&sx) { 1.0 } else { 0.0 };
        total += (best + s) / 2.0;
    }
    let b = total / q_parts.len() as f64;
    // OFAC shows whole percentages.
    (a.max(b) * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soundex_codes() {
        assert_eq!(soundex("robert"), "R163");
        assert_eq!(soundex("rupert"), "R163");
        assert_eq!(soundex("ashcraft"), "A261");
        assert_eq!(soundex("tymczak"), "T522");
    }

    #[test]
    fn whole_string_needs_same_first_letter() {
        assert_eq!(ofac_score("george bush", "george bush"), 1.0);
        // Reversed order: part B still sees every part.
        assert_eq!(ofac_score("bush george", "george bush"), 1.0);
        assert!(ofac_score("vlad putin", "putin vladimir vladimirovich") < 0.9);
    }

    #[test]
    fn short_query_parts_are_dropped() {
        assert_eq!(ofac_score("kim jong un", "kim jong un"), 1.0);
        assert_eq!(ofac_score("al", "al qaida"), 0.0);
    }
}
