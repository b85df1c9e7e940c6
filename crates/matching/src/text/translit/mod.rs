//! Per-script transliteration of one folded word into several Latin renderings ("slots").
//!
//! Every script fills the same [`N_SLOTS`] slots; slot 0 is the primary rendering. A mixed-script
//! name gets, in slot k, each word's slot-k rendering. What each slot means per script is written
//! at the top of the script's module.

pub(crate) mod arabic;
pub(crate) mod cyrillic;
pub(crate) mod hangul;
pub(crate) mod hebrew;

use crate::text::script::{char_script, is_combining_mark, Script};
use unicode_normalization::UnicodeNormalization;

/// Number of renderings produced per name.
pub(crate) const N_SLOTS: usize = 4;

/// The renderings under construction, one string per slot.
#[derive(Debug, Default)]
pub(crate) struct Slots {
    pub(crate) s: [String; N_SLOTS],
}

impl Slots {
    /// Appends the same text to every slot.
    pub(crate) fn push_all(&mut self, t: &str) {
        for s in &mut self.s {
            s.push_str(t);
        }
    }

    /// Appends one text per slot.
    pub(crate) fn push_each(&mut self, t: [&str; N_SLOTS]) {
        for (s, t) in self.s.iter_mut().zip(t) {
            s.push_str(t);
        }
    }

    /// Appends the k-th spelling to slot k, the first spelling where there are fewer.
    pub(crate) fn push_spellings(&mut self, sp: &[&str]) {
        let first = sp.first().copied().unwrap_or("");
        for (k, s) in self.s.iter_mut().enumerate() {
            s.push_str(sp.get(k).copied().unwrap_or(first));
        }
    }

    fn push_char_all(&mut self, c: char) {
        for s in &mut self.s {
            s.push(c);
        }
    }
}

/// What a word needs to know about the whole name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordCtx {
    /// The word is the first word of the name.
    pub(crate) name_start: bool,
    /// The Cyrillic text of the name looks Ukrainian.
    pub(crate) ukrainian: bool,
}

/// Script of a run: marks and joiners extend the current run.
fn run_script(c: char) -> Option<Script> {
    if is_combining_mark(c) || c == '\u{200c}' {
        None
    } else {
        Some(char_script(c))
    }
}

/// Transliterates one lower-cased word (no spaces) into the slots.
pub(crate) fn word(chars: &[char], ctx: WordCtx, out: &mut Slots) {
    let mut i = 0;
    let n = chars.len();
    while i < n {
        let sc = run_script(chars[i]).unwrap_or(Script::Other);
        let mut j = i + 1;
        while j < n && run_script(chars[j]).unwrap_or(sc) == sc {
            j += 1;
        }
        let run = &chars[i..j];
        let word_start = i == 0;
        let word_end = j == n;
        match sc {
            Script::Cyrillic => cyrillic::translit(run, ctx.ukrainian, word_start, word_end, out),
            Script::Arabic => arabic::translit(run, out),
            Script::Hebrew => hebrew::translit(run, out),
            Script::Hangul => hangul::translit(run, ctx.name_start && word_start, out),
            Script::Han => han(run, ctx.name_start && word_start, out),
            Script::Kana => kana(run, out),
            Script::Greek => greek(run, out),
            Script::Latin => latin(run, out),
            _ => {
                for &c in run {
                    if c.is_ascii() {
                        out.push_char_all(c);
                    } else if c == '\u{200c}' {
                    } else {
                        out.push_all(&any_ascii::any_ascii_char(c).to_ascii_lowercase());
                    }
                }
            }
        }
        i = j;
    }
}

/// Latin: kept as is (marks are stripped later); slot 1 spells German umlauts out (Müller ->
/// Mueller); Azerbaijani ə is "a" (slot 1: "e").
fn latin(run: &[char], out: &mut Slots) {
    for &c in run {
        match c {
            'ä' => out.push_each(["ä", "ae", "ä", "ä"]),
            'ö' => out.push_each(["ö", "oe", "ö", "ö"]),
            'ü' => out.push_each(["ü", "ue", "ü", "ü"]),
            // Azerbaijani schwa: English spells Əliyev "Aliyev".
            'ə' => out.push_each(["a", "e", "a", "a"]),
            '\u{200c}' => {}
            _ => out.push_char_all(c),
        }
    }
}

/// Han: one token per character in Pinyin (any_ascii readings), as lists space Chinese names.
/// Slot 1 joins the given name ("xi jinping"); slot 2 joins everything ("xijinping").
fn han(run: &[char], name_start: bool, out: &mut Slots) {
    let readings: Vec<String> = run
        .iter()
        .filter(|c| !is_combining_mark(**c))
        .map(|c| any_ascii::any_ascii_char(*c).to_ascii_lowercase())
        .collect();
    let spaced = readings.join(" ");
    let joined_given = if readings.len() >= 2 && readings.len() <= 4 && name_start {
        format!("{} {}", readings[0], readings[1..].concat())
    } else {
        spaced.clone()
    };
    let joined = readings.concat();
    out.push_each([
        spaced.as_str(),
        joined_given.as_str(),
        joined.as_str(),
        spaced.as_str(),
    ]);
}

/// Greek (ELOT 743 in slot 0; classical b/e/au/eu readings in slot 1; kh for chi in slot 2).
fn greek(run: &[char], out: &mut Slots) {
    let base: Vec<char> = run
        .iter()
        .filter(|c| !is_combining_mark(**c))
        .map(|c| c.to_string().nfd().next().unwrap_or(*c))
        .collect();
    let n = base.len();
    let mut i = 0;
    while i < n {
        let c = base[i];
        let next = base.get(i + 1).copied();
        if next == Some('υ') && matches!(c, 'α' | 'ε' | 'ο' | 'η') {
            let s = match c {
                'α' => ["av", "au", "af", "av"],
                'ε' => ["ev", "eu", "ef", "ev"],
                'η' => ["iv", "eu", "if", "iv"],
                _ => ["ou", "ou", "u", "ou"],
            };
            out.push_each(s);
            i += 2;
            continue;
        }
        if c == 'γ' && matches!(next, Some('γ') | Some('κ') | Some('ξ') | Some('χ')) {
            out.push_each(["n", "n", "g", "n"]);
            i += 1;
            continue;
        }
        let s: [&str; N_SLOTS] = match c {
            'α' => ["a"; 4],
            'β' => ["v", "b", "v", "v"],
            'γ' => ["g"; 4],
            'δ' => ["d", "d", "d", "d"],
            'ε' => ["e"; 4],
            'ζ' => ["z"; 4],
            'η' => ["i", "e", "i", "i"],
            'θ' => ["th"; 4],
            'ι' => ["i"; 4],
            'κ' => ["k"; 4],
            'λ' => ["l"; 4],
            'μ' => ["m"; 4],
            'ν' => ["n"; 4],
            'ξ' => ["x", "x", "ks", "x"],
            'ο' => ["o"; 4],
            'π' => ["p"; 4],
            'ρ' => ["r"; 4],
            'σ' | 'ς' | 'ϲ' => ["s"; 4],
            'τ' => ["t"; 4],
            'υ' => ["y", "y", "i", "y"],
            'φ' => ["f", "ph", "f", "f"],
            'χ' => ["ch", "ch", "kh", "h"],
            'ψ' => ["ps"; 4],
            'ω' => ["o"; 4],
            _ => {
                let a = any_ascii::any_ascii_char(c);
                [a, a, a, a]
            }
        };
        out.push_each(s);
        i += 1;
    }
}

/// Katakana spellings of foreign names add a u after final and clustered consonants
/// ("timu" for Tim, "faisaru" for Faisal, "sumisu" for Smith): drops it after k, s, m, r, f, b,
/// p, g, z before another consonant or at the end of a word.
fn drop_epenthetic_u(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in b.iter().enumerate() {
        if c == b'u' && i > 0 {
            let prev = b[i - 1];
            let next = b.get(i + 1).copied();
            let before_prev_vowel = i >= 2 && b"aeiou".contains(&b[i - 2]);
            let consonant_next = !next.is_some_and(|n| n != b' ' && b"aeiouy".contains(&n));
            if b"ksmrfbpgz".contains(&prev)
                && consonant_next
                && (i >= 2 && (before_prev_vowel || next.is_some()))
            {
                continue;
            }
        }
        out.push(c as char);
    }
    out
}

/// Kana in Hepburn: small ya/yu/yo and small vowels merge with the syllable before, small tsu
/// doubles the next consonant, the long-vowel mark is dropped and "ou", "oo", "uu" are written
/// once (slot 0: "kyoto"); slot 1 keeps them and repeats the vowel for the mark ("kyouto",
/// "puuchin"); the middle dot separates words.
fn kana(run: &[char], out: &mut Slots) {
    let mut a = String::new(); // slot 0
    let mut b = String::new(); // slot 1 (long vowels doubled)
    let mut geminate = false;
    for &c in run {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'っ' | 'ッ' => {
                geminate = true;
                continue;
            }
            'ー' => {
                if let Some(v) = b.chars().last().filter(|v| "aeiou".contains(*v)) {
                    b.push(v);
                }
                continue;
            }
            '・' => {
                a.push(' ');
                b.push(' ');
                continue;
            }
            'ゃ' | 'ャ' | 'ゅ' | 'ュ' | 'ょ' | 'ョ' => {
                let v = match c {
                    'ゃ' | 'ャ' => "a",
                    'ゅ' | 'ュ' => "u",
                    _ => "o",
                };
                for s in [&mut a, &mut b] {
                    if s.ends_with("shi") || s.ends_with("chi") || s.ends_with("ji") {
                        s.pop();
                        s.push_str(v);
                    } else if s.ends_with('i') {
                        s.pop();
                        s.push('y');
                        s.push_str(v);
                    } else {
                        s.push('y');
                        s.push_str(v);
                    }
                }
                continue;
            }
            'ぁ' | 'ァ' | 'ぃ' | 'ィ' | 'ぅ' | 'ゥ' | 'ぇ' | 'ェ' | 'ぉ' | 'ォ' => {
                let v = match c {
                    'ぁ' | 'ァ' => 'a',
                    'ぃ' | 'ィ' => 'i',
                    'ぅ' | 'ゥ' => 'u',
                    'ぇ' | 'ェ' => 'e',
                    _ => 'o',
                };
                for s in [&mut a, &mut b] {
                    if s.ends_with("fu")
                        || s.ends_with("vu")
                        || s.ends_with("te")
                        || s.ends_with("de")
                        || s.ends_with("shi")
                        || s.ends_with("chi")
                        || s.ends_with("ji")
                        || s.ends_with("tsu")
                    {
                        s.pop();
                        s.push(v);
                    } else if s.ends_with('u')
                        && !s.ends_with("ku")
                        && !s.ends_with("su")
                        && !s.ends_with("mu")
                    {
                        s.pop();
                        s.push('w');
                        s.push(v);
                    } else {
                        s.push(v);
                    }
                }
                continue;
            }
            _ => {}
        }
        let mut r = any_ascii::any_ascii_char(c).to_ascii_lowercase();
        if r == "wo" {
            r = "o".to_string();
        }
        if geminate {
            if r.starts_with("ch") {
                r.insert(0, 't');
            } else if let Some(f) = r.chars().next().filter(|f| !"aeiou".contains(*f)) {
                r.insert(0, f);
            }
            geminate = false;
        }
        a.push_str(&r);
        b.push_str(&r);
    }
    // Hepburn without macrons writes long o and u once (Kyoto, Ito, Yuko); slot 1 keeps "ou".
    let short = a.replace("ou", "o").replace("oo", "o").replace("uu", "u");
    let foreign = drop_epenthetic_u(&short);
    out.push_each([short.as_str(), b.as_str(), foreign.as_str(), short.as_str()]);
}
