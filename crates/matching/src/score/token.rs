//! Similarity of two tokens under graded rules: exact 1.0, transliteration
//! key ~0.95, nickname ~0.9, edit distance scaled by length (a swap is one
//! edit), initials, phonetic codes only with plausible spelling, consonant
//! skeletons for abjad-script queries.

use rapidfuzz::distance::osa;

use crate::explain::Rule;
use crate::name::TokenInfo;
use crate::text::TokenClass;

/// A scored token comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Sim {
    pub s: f64,
    pub rule: Rule,
    pub edits: Option<usize>,
}

impl Sim {
    fn new(s: f64, rule: Rule) -> Self {
        Sim {
            s,
            rule,
            edits: None,
        }
    }
}

/// Edits tolerated for a token of `len` characters.
pub(crate) fn edit_budget(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=7 => 1,
        8..=12 => 2,
        _ => 3,
    }
}

/// Similarity for `d` edits on tokens whose shorter length is `len`.
pub(crate) fn edit_sim(d: usize, len: usize) -> f64 {
    if d == 0 {
        return 1.0;
    }
    let len = len.max(1) as f64;
    (1.0 - d as f64 * 1.1 / len).clamp(0.0, 0.93)
}

/// A lower bound of the edit distance of two tokens from their character
/// sets: every character one has and the other lacks needs an edit, and
/// one edit (insert, delete, substitute, swap) removes at most one such
/// character from each side.
#[inline]
pub(crate) fn letter_gap(a: &TokenInfo, b: &TokenInfo) -> usize {
    (a.mask & !b.mask)
        .count_ones()
        .max((b.mask & !a.mask).count_ones()) as usize
}

/// [`osa_within`] for two tokens, skipping the distance when their
/// character sets already differ by more than `budget`.
pub(crate) fn token_osa_within(a: &TokenInfo, b: &TokenInfo, budget: usize) -> Option<usize> {
    if letter_gap(a, b) > budget {
        return None;
    }
    osa_within(&a.text, &b.text, budget)
}

/// OSA distance within `budget`, `None` beyond it.
pub(crate) fn osa_within(a: &str, b: &str, budget: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > budget {
        return None;
    }
    osa::distance_with_args(
        a.bytes(),
        b.bytes(),
        &osa::Args::default().score_cutoff(budget),
    )
}

/// A skeleton without y, w and a final h, with c read as s (French
/// romanisations write "ch" for "sh").
fn loose_skeleton(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|&c| c != 'y' && c != 'w')
        .map(|c| if c == 'c' { 's' } else { c })
        .collect();
    if out.len() >= 3 && out.ends_with('h') {
        out.pop();
    }
    out
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Compares query token `q` with list token `l`. `abjad`: the query was
/// written without vowels; `person`: names of people, where a single letter
/// is an initial. Returns `None` below any rule's floor.
pub(crate) fn token_sim(q: &TokenInfo, l: &TokenInfo, abjad: bool, person: bool) -> Option<Sim> {
    if q.text == l.text {
        return Some(Sim::new(1.0, Rule::Exact));
    }
    let ql = q.class == TokenClass::LegalForm;
    let ll = l.class == TokenClass::LegalForm;
    if ql || ll {
        if !(ql && ll) {
            return None;
        }
        let same_class = q.legal_class.is_some() && q.legal_class == l.legal_class;
        return Some(Sim::new(
            if same_class { 0.9 } else { 0.5 },
            Rule::LegalForm,
        ));
    }
    if let (Some(a), Some(b)) = (q.number, l.number) {
        return (a == b).then(|| Sim::new(0.95, Rule::Number));
    }
    if q.class == TokenClass::Number || l.class == TokenClass::Number {
        return None;
    }
    let mut best: Option<Sim> = None;
    fn offer(best: &mut Option<Sim>, s: Sim) {
        if best.is_none_or(|b| s.s > b.s) {
            *best = Some(s);
        }
    }
    // Initials.
    let (qn, ln) = (q.len(), l.len());
    if qn == 1 || ln == 1 {
        // An initial stands for a given name, not for a short word or an
        // acronym ("ICF" is not "I.").
        if person && qn.max(ln) >= 3 && q.text.as_bytes()[0] == l.text.as_bytes()[0] {
            offer(&mut best, Sim::new(0.8, Rule::Initial));
        }
        return best;
    }
    let short = qn.min(ln);
    if !q.key.is_empty() && q.key == l.key {
        // Keys fold vowels: in short tokens they equate different names
        // (bonk/bank), so there the spelling must be close too.
        let d = token_osa_within(q, l, 3);
        let same_first = q.text.as_bytes()[0] == l.text.as_bytes()[0];
        let s = match (short, d) {
            (0..=4, Some(0..=1)) => Some(0.85),
            (0..=4, _) => None,
            (5..=6, Some(0..=1)) => Some(0.92),
            (5..=6, Some(2)) => Some(0.86),
            (5..=6, _) => same_first.then_some(0.8),
            (_, Some(0..=2)) => Some(0.95),
            _ => Some(if same_first { 0.9 } else { 0.85 }),
        };
        if let Some(s) = s {
            offer(&mut best, Sim::new(s, Rule::Transliteration));
        }
    }
    if !q.nicks.is_empty() && q.nicks.iter().any(|g| l.nicks.contains(g)) {
        offer(&mut best, Sim::new(0.9, Rule::Nickname));
    }
    if best.is_none_or(|b| b.s < 0.93) {
        let budget = edit_budget(short);
        if budget > 0 {
            if let Some(d) = token_osa_within(q, l, budget) {
                let mut s = edit_sim(d, short);
                // A differing first letter is a stronger change.
                if q.text.as_bytes()[0] != l.text.as_bytes()[0] {
                    s -= 0.04;
                }
                offer(
                    &mut best,
                    Sim {
                        s,
                        rule: Rule::Edit,
                        edits: Some(d),
                    },
                );
            }
        }
    }
    // Phonetic: only with a plausible spelling.
    if !q.phon.is_empty() && q.phon.len() >= 2 {
        let same = q.phon == l.phon
            || l.phon_alt.as_ref().is_some_and(|a| *a == q.phon)
            || q.phon_alt
                .as_ref()
                .is_some_and(|a| *a == l.phon || Some(a) == l.phon_alt.as_ref());
        if same && best.is_none_or(|b| b.s < 0.8) {
            let budget = match short {
                0..=4 => 1,
                5..=7 => 2,
                _ => 3,
            };
            if let Some(d) = token_osa_within(q, l, budget) {
                offer(
                    &mut best,
                    Sim {
                        s: 0.8 - 0.04 * d as f64,
                        rule: Rule::Phonetic,
                        edits: Some(d),
                    },
                );
            }
        }
    }
    // Consonant skeleton: for vowel-less (abjad) queries.
    if abjad && !q.skel.is_empty() && best.is_none_or(|b| b.s < 0.85) {
        let vowelless = q.text.bytes().filter(|&b| is_vowel(b)).count() * 3 <= q.len();
        if q.skel == l.skel {
            let s = match q.skel.len() {
                1 => 0.6,
                2 => 0.78,
                _ => 0.86,
            };
            offer(
                &mut best,
                Sim::new(if vowelless { s } else { s - 0.05 }, Rule::Skeleton),
            );
        } else if loose_skeleton(&q.skel) == loose_skeleton(&l.skel) && q.skel.len() >= 2 {
            // Consonantal y/w and a final h (ta marbuta) come and go.
            offer(
                &mut best,
                Sim::new(if vowelless { 0.8 } else { 0.75 }, Rule::Skeleton),
            );
        } else if q.skel.len() >= 4 {
            if let Some(d) = osa_within(&q.skel, &l.skel, 1) {
                offer(
                    &mut best,
                    Sim {
                        s: 0.74,
                        rule: Rule::Skeleton,
                        edits: Some(d),
                    },
                );
            }
        }
    }
    // Truncation ("DRISSI" cut to "DR" is an initial; "BELKAS" of "BELKASSEM").
    if short >= 5 && best.is_none_or(|b| b.s < 0.75) {
        let (s, lg) = if qn < ln {
            (&q.text, &l.text)
        } else {
            (&l.text, &q.text)
        };
        if lg.starts_with(s.as_str()) {
            offer(&mut best, Sim::new(0.72, Rule::Prefix));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token_sim_t(a: &TokenInfo, b: &TokenInfo, abjad: bool) -> Option<Sim> {
        token_sim(a, b, abjad, true)
    }

    fn t(s: &str) -> TokenInfo {
        TokenInfo::with_legal(s, crate::text::classify(s), None)
    }

    #[test]
    fn exact_is_one_and_swap_is_one_edit() {
        assert_eq!(
            token_sim_t(&t("putin"), &t("putin"), false).map(|s| s.s),
            Some(1.0)
        );
        let s = token_sim_t(&t("monye"), &t("money"), false).expect("swap");
        assert_eq!(s.edits, Some(1));
        assert!(s.s > 0.75 && s.s < 0.95, "{s:?}");
    }

    #[test]
    fn unrelated_tokens_do_not_match() {
        assert!(token_sim_t(&t("smith"), &t("jones"), false).is_none());
        assert!(token_sim_t(&t("1"), &t("2"), false).is_none());
    }

    #[test]
    fn initial_matches_full_name_partially() {
        let s = token_sim_t(&t("a"), &t("ali"), false).expect("initial");
        assert_eq!(s.rule, Rule::Initial);
        assert!(s.s < 1.0);
    }
}
