//! Matching keys for one prepared token: phonetic codes, consonant skeletons and a
//! transliteration-folding key.

use rphonetic::DoubleMetaphone;

/// Longest Double Metaphone code kept (the classic 4 collides too much on long names).
const METAPHONE_LEN: usize = 6;

/// Double Metaphone primary code and, when it differs, the alternate code, of an ASCII token
/// ("mohammed" -> "MHMT"; "schwarzenegger" -> ("XRSNKR", Some("XFRTSN"))). Empty for tokens
/// without letters.
pub fn phonetic_keys(token: &str) -> (String, Option<String>) {
    let letters: String = token.chars().filter(char::is_ascii_alphabetic).collect();
    if letters.is_empty() {
        return (String::new(), None);
    }
    let r = DoubleMetaphone::new(Some(METAPHONE_LEN)).double_metaphone(&letters);
    let (p, a) = (r.primary(), r.alternate());
    let alt = if a.is_empty() || a == p {
        None
    } else {
        Some(a)
    };
    (p, alt)
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Replaces the first matching pattern at each position, left to right.
fn fold_patterns(s: &[u8], pats: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() + 4);
    let mut i = 0;
    'outer: while i < s.len() {
        for (from, to) in pats {
            let f = from.as_bytes();
            if s[i..].starts_with(f) {
                out.extend_from_slice(to.as_bytes());
                i += f.len();
                continue 'outer;
            }
        }
        out.push(s[i]);
        i += 1;
    }
    out
}

fn dedup_doubles(v: &mut Vec<u8>) {
    v.dedup();
}

/// Consonant skeleton of an ASCII token for comparing abjad (Arabic, Persian, Hebrew)
/// transliterations with Latin spellings: digraphs folded (kh -> x, sh/sch -> s, th -> t,
/// dh -> d, gh -> g, ph -> f, ch -> c, zh/dj -> j, q/ck -> k, v -> w), an initial vowel kept as
/// `a`, other vowels dropped, y/w dropped between consonants, doubles collapsed
/// ("mohammed", "muhammad", "mhmd" -> "mhmd"; "khaled" -> "xld"; "omar", "umar" -> "amr").
pub fn skeleton(token: &str) -> String {
    let lower: Vec<u8> = token
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let folded = fold_patterns(
        &lower,
        &[
            ("sch", "s"),
            ("kh", "x"),
            ("sh", "s"),
            ("th", "t"),
            ("dh", "d"),
            ("gh", "g"),
            ("ph", "f"),
            ("ch", "c"),
            ("zh", "j"),
            ("dj", "j"),
            ("ck", "k"),
            ("q", "k"),
            ("v", "w"),
            ("ou", "u"),
            ("ee", "i"),
            ("oo", "u"),
        ],
    );
    let n = folded.len();
    let mut out: Vec<u8> = Vec::with_capacity(n);
    for (i, &c) in folded.iter().enumerate() {
        if i == 0 && is_vowel(c) {
            out.push(b'a');
            continue;
        }
        if is_vowel(c) {
            continue;
        }
        if matches!(c, b'y' | b'w') && i > 0 {
            let prev_v = folded.get(i - 1).is_some_and(|p| is_vowel(*p));
            let next_v = folded.get(i + 1).is_some_and(|p| is_vowel(*p));
            if !prev_v && !next_v {
                continue;
            }
        }
        out.push(c);
    }
    dedup_doubles(&mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Canonical spelling that folds common transliteration variants of one ASCII token together,
/// keeping vowel positions so that different names stay apart:
/// mohammed/muhammad/mohamad/mohamed/muhammed -> "muhamad"; husayn/hussein/husain/hossein ->
/// "husain" (but hassan -> "hasan"); yusuf/youssef/yousef/yusef -> "yusaf";
/// qaddafi/gaddafi/kadhafi -> "kadafi"; sergey/sergei/serguei -> "sarkai";
/// yuriy/yuri/iurii -> "yuri"; zelensky/zelenskyy/zelenskiy -> "zalanski"; usmanov/usmanoff;
/// tchaikovsky/chaikovsky/tschaikowski; schwarzenegger/shvartsenegger.
///
/// Rules: digraphs and letter variants folded (tsch/tch -> ch, sch -> sh, shch -> sh,
/// zh/dj/dzh -> j, kh -> h, gh/g/q/c(hard)/ck -> k, c before e/i/y -> s, ph -> f, th -> t,
/// dh -> d, ts/tz/dz -> z, x -> ks, w -> v), doubles collapsed, word-final -off/-ow -> -ov,
/// -y/-iy/-ii/-ij -> -i, final h after a vowel dropped, abd-al-r -> abd-a-r (sun letters);
/// then the first vowel group keeps its class (a; e/i -> i; o/u -> u), inner vowel groups keep
/// a class (a/e -> a, i -> i, o/u -> u; a diphthong ending in i/y -> `ai`), the vowel group
/// before the final consonants becomes `a` when an earlier vowel group exists, and a final
/// vowel group is kept.
/// Female surname forms stay distinct (ivanov -> "ivanav", ivanova -> "ivanuva"), as do
/// lukashenko/lukashenka (Russian and Belarusian forms): the scorer may relate them.
pub fn translit_key(token: &str) -> String {
    let lower: Vec<u8> = token
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    if lower.is_empty() {
        return String::new();
    }
    // 1. Letter-level folds. Order matters: longest first.
    let mut s: Vec<u8> = Vec::with_capacity(lower.len() + 4);
    let n = lower.len();
    let mut i = 0;
    while i < n {
        let rest = &lower[i..];
        let next = lower.get(i + 1).copied();
        let (emit, used): (&[u8], usize) = if rest.starts_with(b"tsch") {
            (b"ch", 4)
        } else if rest.starts_with(b"shch") {
            (b"sh", 4)
        } else if rest.starts_with(b"sch") {
            (b"sh", 3)
        } else if rest.starts_with(b"tch") {
            (b"ch", 3)
        } else if rest.starts_with(b"dzh") {
            (b"j", 3)
        } else if rest.starts_with(b"ch") {
            (b"ch", 2)
        } else if rest.starts_with(b"sh") {
            (b"sh", 2)
        } else if rest.starts_with(b"zh") || rest.starts_with(b"dj") {
            (b"j", 2)
        } else if rest.starts_with(b"kh") {
            (b"h", 2)
        } else if rest.starts_with(b"gh") || rest.starts_with(b"ck") {
            (b"k", 2)
        } else if rest.starts_with(b"ph") {
            (b"f", 2)
        } else if rest.starts_with(b"th") {
            (b"t", 2)
        } else if rest.starts_with(b"dh") {
            (b"d", 2)
        } else if rest.starts_with(b"ts") || rest.starts_with(b"tz") || rest.starts_with(b"dz") {
            (b"z", 2)
        } else if (rest.starts_with(b"gu") || rest.starts_with(b"qu"))
            && matches!(lower.get(i + 2), Some(b'e') | Some(b'i'))
        {
            (b"k", 2)
        } else {
            match lower[i] {
                b'c' if matches!(next, Some(b'e') | Some(b'i') | Some(b'y')) => (b"s", 1),
                b'c' | b'q' | b'g' => (b"k", 1),
                b'x' => (b"ks", 1),
                b'w' => (b"v", 1),
                _ => (&lower[i..i + 1], 1),
            }
        };
        s.extend_from_slice(emit);
        i += used;
    }
    dedup_doubles(&mut s);
    // 2. Word-level endings and prefixes.
    if s.starts_with(b"abd") && s.len() > 5 && is_vowel(s[3]) {
        // abdul / abdel / abdal / abdu: one linking vowel.
        s[3] = b'a';
        // abdul-rahman / abdurrahman: drop the article's l before a sun letter.
        if let Some(p) = s[3..].iter().position(|c| *c == b'l') {
            let li = 3 + p;
            if li <= 5
                && s[3..li].iter().all(|c| is_vowel(*c))
                && matches!(s.get(li + 1), Some(b'r' | b's' | b't' | b'd' | b'n' | b'z'))
            {
                s.remove(li);
            }
        }
    }
    // Final j after a vowel is the Slavic y-glide: jurij, sergej.
    if s.len() > 2 && s.ends_with(b"j") && is_vowel(s[s.len() - 2]) {
        s.pop();
        if !s.ends_with(b"i") {
            s.push(b'i');
        }
    }
    if s.len() > 3 && (lower.ends_with(b"off") || lower.ends_with(b"eff")) {
        let l = s.len();
        s[l - 1] = b'v';
    }
    if s.len() > 3 && s.ends_with(b"h") && is_vowel(s[s.len() - 2]) {
        s.pop();
    }
    if s.ends_with(b"ehi") {
        let l = s.len();
        s.remove(l - 2);
    }
    if s.ends_with(b"andr") {
        s.pop();
        s.extend_from_slice(b"er");
    }
    // Initial i/y/j + vowel: the same y-glide (iurii, yuri).
    if s.len() > 2 && s[0] == b'i' && matches!(s[1], b'a' | b'o' | b'u') {
        s[0] = b'y';
    }
    if s.len() > 2 && matches!(s[0], b'y' | b'i') && s[1] == b'e' {
        s.remove(0);
    }
    // 3. Vowel groups; y is a vowel unless it starts the word before a vowel or stands
    // between vowels.
    let n = s.len();
    let vowelish = |i: usize| -> bool {
        let c = s[i];
        if is_vowel(c) {
            return true;
        }
        if c != b'y' {
            return false;
        }
        let prev_v = i > 0 && is_vowel(s[i - 1]);
        let next_v = s.get(i + 1).is_some_and(|c| is_vowel(*c));
        !(next_v && (i == 0 || prev_v))
    };
    let mut out: Vec<u8> = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        if !vowelish(i) {
            out.push(s[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < n && vowelish(i) {
            i += 1;
        }
        let group: Vec<u8> = s[start..i]
            .iter()
            .map(|c| if *c == b'y' { b'i' } else { *c })
            .collect();
        let diphthong = group.len() >= 2 && group.last() == Some(&b'i') && group[0] != b'i';
        if start == 0 {
            if diphthong {
                out.extend_from_slice(b"ai");
            } else {
                out.push(match group[0] {
                    b'e' | b'i' => b'i',
                    b'o' | b'u' => b'u',
                    c => c,
                });
            }
        } else if i == n {
            let mut g = group;
            g.dedup();
            let g: &[u8] = match g.as_slice() {
                b"ie" | b"ee" => b"i",
                b"ei" | b"ai" => b"ai",
                b"ou" | b"oo" => b"u",
                other => other,
            };
            out.extend_from_slice(g);
        } else if diphthong {
            out.extend_from_slice(b"ai");
        } else if s[i..].iter().any(|c| is_vowel(*c) || *c == b'y')
            || !out.iter().any(|c| is_vowel(*c))
        {
            // An inner vowel group keeps its class (a/e -> a, i -> i, o/u -> u)...
            out.push(match group[0] {
                b'a' | b'e' => b'a',
                b'o' | b'u' => b'u',
                _ => b'i',
            });
        } else {
            // ...except the last one before a final consonant when an earlier one exists, the
            // least stable vowel of transliterated names (yusuf/yousef, khalid/khaled,
            // ahmad/ahmed); one-syllable names keep theirs (dan, don, dunn).
            out.push(b'a');
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(names: &[&str]) {
        let k0 = translit_key(names[0]);
        for n in names {
            assert_eq!(translit_key(n), k0, "{n} vs {}", names[0]);
        }
    }

    fn differ(a: &str, b: &str) {
        assert_ne!(translit_key(a), translit_key(b), "{a} vs {b}");
    }

    #[test]
    fn translit_key_folds_variants() {
        same(&[
            "mohammed", "muhammad", "mohamad", "mohamed", "muhammed", "mohammad",
        ]);
        same(&["husayn", "hussein", "husain", "hossein", "hussain"]);
        same(&["yusuf", "youssef", "yousef", "yusef", "yousif"]);
        same(&["abdulrahman", "abdurrahman", "abdelrahman", "abdalrahman"]);
        same(&[
            "qaddafi", "gaddafi", "kadhafi", "gadhafi", "qadhafi", "kaddafi",
        ]);
        same(&["aleksandr", "alexandr", "alexander", "aleksander"]);
        same(&["sergey", "sergei", "serguei", "sergej"]);
        same(&["yuriy", "yuri", "iurii", "yurii", "yury"]);
        same(&[
            "zelensky",
            "zelenskyy",
            "zelenskiy",
            "zelenskyi",
            "zelenskii",
            "zelenski",
        ]);
        same(&["khamenei", "khamenehi"]);
        same(&["usmanov", "usmanoff", "usmanow"]);
        same(&["tchaikovsky", "chaikovsky", "tschaikowski", "chaikovskiy"]);
        same(&["schwarzenegger", "shvartsenegger"]);
        same(&["dmitriy", "dmitry", "dmitrii"]);
        same(&["yevgeniy", "evgenii", "evgeny"]);
        same(&["omar", "umar"]);
        same(&["abdullah", "abdulla"]);
        same(&["mikhail", "mihail"]);
    }

    #[test]
    fn translit_key_keeps_names_apart() {
        differ("ali", "ala");
        differ("hassan", "hussein");
        differ("maria", "mario");
        differ("ivanov", "ivanova");
        differ("lukashenko", "lukashenka");
        differ("omar", "amir");
        differ("putin", "patin");
        differ("ahmed", "mahmoud");
        differ("dan", "don");
        differ("bill", "ball");
        differ("jenna", "ena");
    }

    #[test]
    fn translit_key_examples() {
        assert_eq!(translit_key("mohammed"), "muhamad");
        assert_eq!(translit_key("hussein"), "husain");
        assert_eq!(translit_key("qaddafi"), "kadafi");
        assert_eq!(translit_key(""), "");
    }

    #[test]
    fn skeleton_examples() {
        assert_eq!(skeleton("mohammed"), "mhmd");
        assert_eq!(skeleton("muhammad"), "mhmd");
        assert_eq!(skeleton("mhmd"), "mhmd");
        assert_eq!(skeleton("khaled"), "xld");
        assert_eq!(skeleton("khald"), "xld");
        assert_eq!(skeleton("omar"), "amr");
        assert_eq!(skeleton("umar"), "amr");
        assert_eq!(skeleton("mahmoud"), "mhmd");
        assert_eq!(skeleton("mhmud"), "mhmd");
        assert_eq!(skeleton("marwan"), "mrwn");
        assert_eq!(skeleton(""), "");
    }

    #[test]
    fn phonetic_examples() {
        assert_eq!(phonetic_keys("mohammed").0, "MHMT");
        assert_eq!(phonetic_keys("muhammad").0, "MHMT");
        assert_eq!(phonetic_keys("gaddafi").0, phonetic_keys("qadhafi").0);
        assert_eq!(phonetic_keys("dilian").0, phonetic_keys("dilyan").0);
        let (_, alt) = phonetic_keys("schwarzenegger");
        let (p2, alt2) = phonetic_keys("shvartsenegger");
        assert!(alt.is_some_and(|a| a == p2 || alt2.as_deref() == Some(a.as_str())));
        assert_eq!(phonetic_keys("123"), (String::new(), None));
    }
}
