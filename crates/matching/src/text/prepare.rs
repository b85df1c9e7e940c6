//! The normalisation pipeline: raw name -> ASCII lower-case Latin tokens.

use crate::text::homoglyph;
use crate::text::script::{char_script, detect_script, Script};
use crate::text::translit::{self, cyrillic, Slots, WordCtx};
use unicode_normalization::UnicodeNormalization;

/// Input longer than this many characters is cut (and `truncated` is set).
pub const MAX_INPUT_CHARS: usize = 1024;
/// Renderings longer than this many bytes are cut at a token boundary. Smaller than
/// [`MAX_INPUT_CHARS`], so preparing a prepared name never truncates again.
pub const MAX_OUTPUT_BYTES: usize = 512;
/// At most this many variants are kept per name.
pub const MAX_VARIANTS: usize = 6;

/// One prepared name: ASCII lower-case Latin, tokens separated by single spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedText {
    /// The raw input, unchanged.
    pub original: String,
    /// Dominant script of the raw input's letters.
    pub script: Script,
    /// Primary Latin rendering: `[a-z0-9]+` tokens joined by single spaces (may be empty).
    pub normalized: String,
    /// Other plausible Latin renderings (other transliteration schemes, umlauts spelt out...),
    /// normalised the same way, without duplicates and without `normalized` itself.
    pub variants: Vec<String>,
    /// The input or a rendering was cut because it was too long.
    pub truncated: bool,
}

impl PreparedText {
    /// Tokens of the primary rendering.
    pub fn tokens(&self) -> impl Iterator<Item = &str> {
        self.normalized.split(' ').filter(|t| !t.is_empty())
    }

    /// The primary rendering followed by the variants.
    pub fn renderings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.normalized.as_str()).chain(self.variants.iter().map(String::as_str))
    }
}

/// Characters that are dropped outright: zero-width and format characters, bidi controls, soft
/// hyphen, variation selectors, BOM. (ZWNJ is kept until transliteration: in Persian it ends a
/// morpheme.)
fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0xAD | 0x34F | 0x61C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F | 0x200B | 0x200D..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFFB
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | '`' | '´' | '′' | 'ʹ' | 'ʾ' | 'ʿ' | '῾' | '᾿'
    )
}

/// Prepares a name for matching: NFKC; invisible characters dropped and all spaces made plain;
/// mixed-script look-alike letters fixed; case folded; each word transliterated per script
/// (several schemes, see `translit`); diacritics stripped; apostrophes joined ("O'Brien" ->
/// "obrien"), other punctuation made a separator ("al-Zawahiri" -> "al zawahiri", "J.R.R." ->
/// "j r r"); digits used as letters fixed ("Ig0r" -> "igor"). Never panics; work is linear in
/// the input, which is cut at [`MAX_INPUT_CHARS`].
pub fn prepare(raw: &str) -> PreparedText {
    let mut truncated = false;
    let input: &str = match raw.char_indices().nth(MAX_INPUT_CHARS) {
        Some((cut, _)) => {
            truncated = true;
            &raw[..cut]
        }
        None => raw,
    };
    if input.is_ascii() {
        // Fast path: ASCII needs no normalisation, transliteration or variants.
        let lower: String = input
            .bytes()
            .map(|b| {
                if b.is_ascii_control() {
                    ' '
                } else {
                    b.to_ascii_lowercase() as char
                }
            })
            .collect();
        let (normalized, t) = finish(&lower);
        return PreparedText {
            original: raw.to_string(),
            script: detect_script(input),
            normalized,
            variants: Vec::new(),
            truncated: truncated || t,
        };
    }
    let mut cleaned = String::with_capacity(input.len());
    for c in input.nfkc() {
        if is_invisible(c) {
            continue;
        }
        if c == '\u{200c}' {
            cleaned.push(c);
        } else if c.is_whitespace() || c.is_control() {
            cleaned.push(' ');
        } else {
            cleaned.push(c);
        }
    }
    let script = detect_script(&cleaned);
    let ukrainian = script == Script::Cyrillic && {
        let lower: Vec<char> = cleaned.chars().flat_map(char::to_lowercase).collect();
        cyrillic::looks_ukrainian(&lower)
    };
    let mut slots = Slots::default();
    let mut first = true;
    for w in cleaned.split(' ').filter(|w| !w.is_empty()) {
        let fixed = homoglyph::fix_word(w);
        let folded: Vec<char> = fixed.iter().flat_map(|c| c.to_lowercase()).collect();
        if !first {
            // "نجيب الله", "نور الدين": lists write the compound joined (Najibullah, Nureddine);
            // slots 1 and 2 join it.
            if matches!(
                folded.as_slice(),
                ['ا', 'ل', 'ل', 'ه'] | ['ا', 'ل', 'د', 'ي', 'ن']
            ) {
                slots.push_each([" ", "", "", " "]);
                let joined = if folded.len() == 4 {
                    ["allah", "ullah", "ullah", "allah"]
                } else {
                    ["al din", "uddin", "eddine", "al deen"]
                };
                slots.push_each(joined);
                continue;
            }
            slots.push_all(" ");
        }
        let ctx = WordCtx {
            name_start: first,
            ukrainian,
        };
        translit::word(&folded, ctx, &mut slots);
        first = false;
    }
    let [s0, rest @ ..] = slots.s;
    let (normalized, t0) = finish(&s0);
    truncated |= t0;
    let mut variants: Vec<String> = Vec::new();
    for s in rest {
        let (v, t) = finish(&s);
        truncated |= t;
        if !v.is_empty()
            && v != normalized
            && !variants.contains(&v)
            && variants.len() < MAX_VARIANTS
        {
            variants.push(v);
        }
    }
    PreparedText {
        original: raw.to_string(),
        script,
        normalized,
        variants,
        truncated,
    }
}

/// Maps one transliterated character into `buf`: ASCII letters and digits kept, apostrophes
/// dropped, other Latin letters stripped of their marks (any_ascii: é -> e, ø -> o, æ -> ae,
/// ß -> ss, ı -> i, ə -> e), everything else a separator.
fn push_clean(c: char, buf: &mut String) {
    if c.is_ascii_alphanumeric() {
        buf.push(c.to_ascii_lowercase());
    } else if c == '@' || c == '$' {
        buf.push(c);
    } else if is_apostrophe(c) || crate::text::script::is_combining_mark(c) || c == '\u{200c}' {
    } else if c.is_ascii() {
        buf.push(' ');
    } else if char_script(c) == Script::Latin || c.is_alphanumeric() {
        for a in any_ascii::any_ascii_char(c).chars() {
            if a.is_ascii_alphanumeric() {
                buf.push(a.to_ascii_lowercase());
            } else if !is_apostrophe(a) {
                buf.push(' ');
            }
        }
    } else {
        buf.push(' ');
    }
}

/// Cleans one rendering: ASCII only, digit homoglyphs fixed, single spaces, bounded length.
fn finish(s: &str) -> (String, bool) {
    let mut buf = String::with_capacity(s.len());
    for c in s.chars() {
        push_clean(c, &mut buf);
    }
    let mut out = String::with_capacity(buf.len());
    let mut truncated = false;
    for tok in buf.split(' ').filter(|t| !t.is_empty()) {
        // Digits and symbols as letters; a symbol that stays splits the token, and each part is
        // checked again, so that preparing the output changes nothing.
        let fixed = homoglyph::fix_digits(tok);
        let parts: Vec<String> = match fixed {
            Some(f) => vec![f],
            None => tok
                .split(['@', '$'])
                .filter(|p| !p.is_empty())
                .map(|p| homoglyph::fix_digits(p).unwrap_or_else(|| p.to_string()))
                .collect(),
        };
        for part in &parts {
            let extra = part.len() + usize::from(!out.is_empty());
            if out.len() + extra > MAX_OUTPUT_BYTES {
                truncated = true;
                return (out, truncated);
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
    (out, truncated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        prepare(s).normalized
    }

    fn all(s: &str) -> Vec<String> {
        let p = prepare(s);
        p.renderings().map(str::to_string).collect()
    }

    #[test]
    fn latin_basics() {
        assert_eq!(n("  Vladimir   PUTIN "), "vladimir putin");
        assert_eq!(n("José Müller"), "jose muller");
        assert!(all("Müller").contains(&"mueller".to_string()));
        assert_eq!(n("Øystein Ærø"), "oystein aero");
        assert_eq!(n("Straße"), "strasse");
        assert_eq!(n("İlham Əliyev"), "ilham aliyev");
        assert_eq!(n("Işık"), "isik");
        assert_eq!(n("O'Brien"), "obrien");
        assert_eq!(n("O’Brien"), "obrien");
        assert_eq!(n("al-Zawahiri"), "al zawahiri");
        assert_eq!(n("J.R.R. Tolkien"), "j r r tolkien");
        assert_eq!(n("Smith, John"), "smith john");
        assert_eq!(n("Ｃｏ．"), "co");
        assert_eq!(n("M/V Sea Star"), "m v sea star");
        assert_eq!(n("Łukasz Żółć"), "lukasz zolc");
    }

    #[test]
    fn invisible_characters_and_spaces() {
        assert_eq!(
            n("Vla\u{200b}di\u{00ad}mir\u{00a0}Pu\u{200d}tin\u{feff}"),
            "vladimir putin"
        );
        assert_eq!(n("\u{202e}Ali\u{202c}\tHassan\n"), "ali hassan");
    }

    #[test]
    fn homoglyphs() {
        assert_eq!(n("Vlаdimir Putin"), "vladimir putin"); // Cyrillic а
        assert_eq!(n("VLАDIMIR PUТIN"), "vladimir putin"); // Cyrillic А, Т
        assert_eq!(n("Ig0r Sech1n"), "igor sechin");
        assert_eq!(n("1st International Bank"), "1st international bank");
        assert_eq!(n("Boeing 737"), "boeing 737");
    }

    #[test]
    fn cyrillic() {
        assert_eq!(
            n("Владимир Владимирович Путин"),
            "vladimir vladimirovich putin"
        );
        assert_eq!(n("Олександр Зінченко"), "oleksandr zinchenko");
        assert_eq!(n("Дмитрий Медведев"), "dmitriy medvedev");
        assert!(all("Дмитрий Медведев").contains(&"dmitry medvedev".to_string()));
        assert!(all("Дмитрий").contains(&"dmitrii".to_string()));
        assert_eq!(n("Евгений Пригожин"), "yevgeniy prigozhin");
        assert!(all("Евгений").contains(&"evgenii".to_string()));
        assert!(all("Сергей").contains(&"sergei".to_string()));
        assert_eq!(n("Сергей"), "sergey");
        assert!(all("Юрий").contains(&"iurii".to_string()));
        assert!(all("Юрий").contains(&"jurij".to_string()));
        assert!(all("Александр").contains(&"alexandr".to_string()));
        assert_eq!(n("Хрущёв"), "khrushchev");
        assert_eq!(n("Володимир Зеленський"), "volodymyr zelenskyi");
        assert!(all("Зеленський").contains(&"zelensky".to_string()));
        assert_eq!(n("Лукашенко"), "lukashenko");
    }

    #[test]
    fn other_scripts() {
        assert_eq!(n("Αλέξης Τσίπρας"), "alexis tsipras");
        assert_eq!(n("Νικόλαος"), "nikolaos");
        assert_eq!(n("金正恩"), "jin zheng en");
        assert!(all("习近平").contains(&"xi jinping".to_string()));
        assert_eq!(n("김정은"), "gim jeong eun");
        assert!(all("김정은").contains(&"kim jong un".to_string()));
        assert!(all("박지성").contains(&"park ji sung".to_string()));
        assert!(all("이민호").contains(&"lee min ho".to_string()));
        assert_eq!(n("プーチン"), "puchin");
        assert_eq!(n("きょうと"), "kyoto");
        assert_eq!(n("ガ"), "ga");
        assert_eq!(n("ｶﾞ"), "ga");
        assert_eq!(n("محمد علي"), "muhammad ali");
        assert!(all("محمد علي").contains(&"mohamed ali".to_string()));
        assert_eq!(n("أيمن الظواهري"), "ayman al zawahiri");
        assert!(all("نجيب الله").contains(&"najibullah".to_string()));
        assert_eq!(n("نصرالله"), "nasrallah");
        assert_eq!(n("نور الدين"), "nur al din");
        assert_eq!(n("جمعه"), "juma");
        assert_eq!(n("عبد الرحمن ولد محمد"), "abd al rahman ould muhammad");
        assert_eq!(n("قاسم سليماني"), "qasim slimani");
        assert_eq!(n("משה"), "moshe");
        assert_eq!(n("สมชาย"), "smchay");
    }

    #[test]
    fn bounded_and_flagged() {
        let long = "ab ".repeat(5000);
        let p = prepare(&long);
        assert!(p.truncated);
        assert!(p.normalized.len() <= MAX_OUTPUT_BYTES);
        assert_eq!(prepare(&p.normalized).normalized, p.normalized);
        assert!(!prepare("Ali").truncated);
        assert_eq!(n(""), "");
        assert_eq!(n("...---"), "");
    }
}
