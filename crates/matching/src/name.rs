//! Names prepared for matching: normalised token lists with the keys every
//! comparison rule needs (transliteration key, consonant skeleton, Double
//! Metaphone codes, nickname groups, token class).

use denylist_model::Schema;

use crate::text;
use text::{Script, TokenClass};

/// One normalised token and its comparison keys.
#[derive(Debug, Clone)]
pub(crate) struct TokenInfo {
    /// ASCII lower-case text (for a legal form: its canonical form).
    pub text: String,
    /// Canonical spelling across transliteration variants.
    pub key: String,
    /// Consonant skeleton.
    pub skel: String,
    /// Double Metaphone primary and alternate codes.
    pub phon: String,
    pub phon_alt: Option<String>,
    /// Given-name groups.
    pub nicks: &'static [u32],
    /// What the token is.
    pub class: TokenClass,
    /// Its value when the token is a number or number word.
    pub number: Option<u32>,
    /// Broad class of a legal form ("limited", "stock"...).
    pub legal_class: Option<&'static str>,
    /// The set of characters of `text` (see [`letter_mask`]).
    pub mask: u64,
}

/// One bit per character present: `a`-`z`, `0`-`9`, anything else.
pub(crate) fn letter_mask(s: &str) -> u64 {
    s.bytes().fold(0u64, |m, b| {
        m | 1u64
            << match b {
                b'a'..=b'z' => b - b'a',
                b'0'..=b'9' => 26 + (b - b'0'),
                _ => 36,
            }
    })
}

impl TokenInfo {
    /// A token with the broad class of the legal form it stands for.
    pub(crate) fn with_legal(
        token: &str,
        class: TokenClass,
        legal_class: Option<&'static str>,
    ) -> Self {
        let (phon, phon_alt) = if class == TokenClass::LegalForm {
            (String::new(), None)
        } else {
            text::phonetic_keys(token)
        };
        let number = if matches!(class, TokenClass::Number | TokenClass::Word) {
            text::number_word(token)
        } else {
            None
        };
        TokenInfo {
            text: token.to_string(),
            key: text::translit_key(token),
            skel: text::skeleton(token),
            phon,
            phon_alt,
            nicks: text::nickname_groups(token),
            class,
            number,
            legal_class,
            mask: letter_mask(token),
        }
    }

    /// Character length (tokens are ASCII).
    pub(crate) fn len(&self) -> usize {
        self.text.len()
    }
}

/// One token of a prepared name before keys are computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawToken {
    pub text: String,
    pub class: TokenClass,
    /// Part of the family name ("LAST" of an OFAC "LAST, First").
    pub family: bool,
    /// For a legal form: its broad class.
    pub legal_class: Option<&'static str>,
}

/// One rendering of a name as tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameForm {
    pub tokens: Vec<RawToken>,
    /// The normalised rendering (all tokens, space separated, prefixes
    /// stripped): equal strings mean identical names.
    pub normalized: String,
    /// The name came from an abjad script (Arabic, Hebrew): vowels are
    /// missing and consonant skeletons are the best evidence.
    pub abjad: bool,
}

/// Prepares a raw name into one form per plausible Latin rendering.
pub(crate) fn prepare_forms(raw: &str, schema: Option<Schema>) -> Vec<NameForm> {
    let p = text::prepare(raw);
    let abjad = matches!(p.script, Script::Arabic | Script::Hebrew);
    let person = schema == Some(Schema::Person);
    // OFAC "LAST, First": what precedes the only comma is the family name.
    let family_len = if person && raw.matches(',').count() == 1 {
        raw.split(',')
            .next()
            .map(|head| {
                text::prepare(head)
                    .normalized
                    .split(' ')
                    .filter(|t| !t.is_empty())
                    .count()
            })
            .unwrap_or(0)
    } else {
        0
    };
    let mut renderings: Vec<String> = Vec::with_capacity(2 + p.variants.len());
    renderings.push(p.normalized.clone());
    // Dotted abbreviations in organisation names ("L.T.D.", "U.K.", "M S"):
    // also read the run of single letters as one word.
    if !person {
        if let Some(joined) = join_letter_runs(&p.normalized) {
            renderings.push(joined);
        }
    }
    renderings.extend(p.variants.iter().cloned());
    let mut forms: Vec<NameForm> = Vec::with_capacity(renderings.len());
    for (vi, s) in renderings.iter().enumerate() {
        let fam = if vi == 0 { family_len } else { 0 };
        if let Some(f) = form_from(s, schema, fam, abjad) {
            if !forms.iter().any(|g| g.normalized == f.normalized) {
                forms.push(f);
            }
        }
    }
    forms
}

/// Joins every run of two or more single-letter tokens ("l t d" -> "ltd");
/// `None` when there is no such run.
fn join_letter_runs(normalized: &str) -> Option<String> {
    let words: Vec<&str> = normalized.split(' ').filter(|t| !t.is_empty()).collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut changed = false;
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j < words.len()
            && words[j].len() == 1
            && words[j].bytes().all(|b| b.is_ascii_alphabetic())
        {
            j += 1;
        }
        if j - i >= 2 {
            out.push(words[i..j].concat());
            changed = true;
            i = j;
        } else {
            out.push(words[i].to_string());
            i += 1;
        }
    }
    changed.then(|| out.join(" "))
}

fn form_from(
    normalized: &str,
    schema: Option<Schema>,
    family_len: usize,
    abjad: bool,
) -> Option<NameForm> {
    let mut words: Vec<&str> = normalized.split(' ').filter(|t| !t.is_empty()).collect();
    let mut fam = family_len;
    if words.is_empty() {
        return None;
    }
    let person = schema == Some(Schema::Person);
    if !person {
        let n = text::vessel_prefix_len(&words);
        if n > 0 && n < words.len() {
            words.drain(..n);
            fam = fam.saturating_sub(n);
        }
    }
    let mut tokens: Vec<RawToken> = Vec::with_capacity(words.len());
    // Legal forms belong to organisations (and names of unknown schema).
    let orgish = schema.is_none_or(|s| s.is_organization());
    let spans = if orgish {
        text::legal_forms(&words)
    } else {
        Vec::new()
    };
    let mut i = 0;
    let mut si = 0;
    while i < words.len() {
        if let Some(sp) = spans.get(si).filter(|sp| sp.start == i && sp.end > i) {
            // A lone legal form is the whole name: keep its words as words.
            if spans.len() == 1 && sp.start == 0 && sp.end == words.len() {
                si += 1;
                continue;
            }
            let (class, legal_class) = match sp.kind {
                text::LegalFormKind::Form => (TokenClass::LegalForm, Some(sp.class)),
                // Generic organisation words ("industries", "group") stay
                // words, spelt canonically; rarity keeps their weight low.
                text::LegalFormKind::OrgWord => (TokenClass::Word, None),
            };
            tokens.push(RawToken {
                text: sp.canonical.replace(' ', ""),
                class,
                family: false,
                legal_class,
            });
            i = sp.end;
            si += 1;
            continue;
        }
        while spans.get(si).is_some_and(|sp| sp.end <= i) {
            si += 1;
        }
        let w = words[i];
        let mut class = text::classify(w);
        if class == TokenClass::LegalForm {
            // Legal forms count only where `legal_forms` found them (in
            // organisation names, at their usual places): "chang" in a
            // person's name is a name.
            class = TokenClass::Word;
        }
        if w == "the" {
            // An article: keep it, weigh it like a particle.
            class = TokenClass::Particle;
        }
        let family = i < fam;
        tokens.push(RawToken {
            text: w.to_string(),
            class,
            family,
            legal_class: None,
        });
        i += 1;
    }
    if tokens.is_empty() {
        return None;
    }
    tokens.truncate(crate::score::MAX_TOKENS);
    let normalized = words.join(" ");
    Some(NameForm {
        tokens,
        normalized,
        abjad,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comma_form_marks_family_name() {
        let f = &prepare_forms("PUTIN, Vladimir Vladimirovich", Some(Schema::Person))[0];
        assert_eq!(f.normalized, "putin vladimir vladimirovich");
        assert!(f.tokens[0].family);
        assert!(!f.tokens[1].family);
    }

    #[test]
    fn vessel_prefix_is_stripped_in_every_spelling() {
        for raw in ["M/V YARE", "MV YARE", "M.V. YARE", "YARE"] {
            let f = &prepare_forms(raw, Some(Schema::Vessel))[0];
            assert_eq!(f.normalized, "yare", "{raw}");
        }
    }

    #[test]
    fn legal_forms_become_one_token() {
        let f = &prepare_forms("DANDONG TRADING CO., LTD.", Some(Schema::Organization))[0];
        let texts: Vec<&str> = f.tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts[..2], ["dandong", "trading"]);
        assert_eq!(
            f.tokens.last().map(|t| t.class),
            Some(TokenClass::LegalForm)
        );
    }
}
