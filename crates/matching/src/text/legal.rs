//! Company legal forms and generic organisation words (data/legal_forms.txt), found as token
//! spans in a prepared name, with typo tolerance for long words.

use crate::text::prepare::prepare;
use crate::text::tables;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What a legal-form span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegalFormKind {
    /// A company legal form (ltd, gmbh, jsc...).
    Form,
    /// A generic organisation word (group, holding, international, services...).
    OrgWord,
}

/// A legal form found in a token slice: tokens `start..end` (end exclusive) spell `canonical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalFormSpan {
    /// First token of the span.
    pub start: usize,
    /// One past the last token of the span.
    pub end: usize,
    /// Canonical form ("llc", "jsc", "ltd", "gmbh", "group"...).
    pub canonical: &'static str,
    /// Legal form or generic organisation word.
    pub kind: LegalFormKind,
    /// Broad class shared by equivalent forms across countries (see [`legal_class`]).
    pub class: &'static str,
    /// The span matched only with a spelling mistake ("compny", "corporatoin").
    pub fuzzy: bool,
}

/// Broad class of a canonical legal form, so that equivalent forms of different countries
/// compare equal: "limited" (private limited companies: ltd, llc, gmbh, sarl, srl, sl, bv, sro,
/// doo, kft, zoo, ou, sia, uab, eood, tnhh, pt, lda, pte, pty, pvt, opc), "stock" (companies
/// with shares: jsc, ag, sa, spa, nv, plc, as, ab, kk, pcl, dd, se, sas, inc, corp),
/// "partnership", "company" (co), "sole" (ip), "public" (state enterprises), "nonprofit",
/// "coop", or the canonical itself for organisation words.
pub fn legal_class(canonical: &'static str) -> &'static str {
    match canonical {
        "ltd" | "llc" | "gmbh" | "sarl" | "srl" | "sl" | "bv" | "sro" | "doo" | "kft" | "zoo"
        | "ou" | "sia" | "uab" | "eood" | "tnhh" | "pt" | "lda" | "pte" | "pty" | "pvt" | "opc" => {
            "limited"
        }
        "jsc" | "ag" | "sa" | "spa" | "nv" | "plc" | "as" | "ab" | "kk" | "pcl" | "dd" | "se"
        | "sas" | "inc" | "corp" => "stock",
        "llp" | "lp" | "gp" | "kg" | "ohg" | "snc" | "sca" | "vof" | "cv" | "sc" | "gie"
        | "sci" => "partnership",
        "co" => "company",
        "ip" => "sole",
        "fgup" => "public",
        "foundation" | "trust" | "ano" | "ev" => "nonprofit",
        "coop" | "eg" => "coop",
        other => other,
    }
}

struct Entry {
    tokens: Vec<String>,
    canonical: &'static str,
    kind: LegalFormKind,
}

struct Table {
    /// Entries by first token.
    by_first: HashMap<String, Vec<usize>>,
    entries: Vec<Entry>,
    /// Multi-token spellings with a long word, by first letter, for typo-tolerant matching.
    multi_by_letter: HashMap<u8, Vec<usize>>,
    /// Long single words eligible for typo tolerance (len >= 6) with their entry, by first
    /// letter.
    long_words: HashMap<u8, Vec<(String, usize)>>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
        let mut canonicals: Vec<&'static str> = Vec::new();
        let mut rows: Vec<(&'static str, LegalFormKind, Vec<&'static str>)> = Vec::new();
        for line in tables::lines(tables::LEGAL_FORMS) {
            let mut parts = line.split('|').map(str::trim);
            let (Some(canonical), Some(kind), Some(spellings)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let kind = if kind == "org" {
                LegalFormKind::OrgWord
            } else {
                LegalFormKind::Form
            };
            canonicals.push(canonical);
            rows.push((
                canonical,
                kind,
                spellings
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect(),
            ));
        }
        for (canonical, kind, spellings) in rows {
            for sp in spellings {
                let tokens: Vec<String> = prepare(sp).tokens().map(str::to_string).collect();
                if tokens.is_empty() {
                    continue;
                }
                // A spelling that is itself a canonical name belongs to that canonical.
                let joined = tokens.concat();
                let canonical = canonicals
                    .iter()
                    .copied()
                    .find(|c| *c == joined && tokens.len() == 1)
                    .unwrap_or(canonical);
                if let Some(&i) = seen.get(&tokens) {
                    // First row wins, except that a spelling equal to a canonical name is fixed.
                    if tokens.len() == 1 && canonicals.contains(&tokens[0].as_str()) {
                        entries[i].canonical = canonical;
                        entries[i].kind = kind;
                    }
                    continue;
                }
                seen.insert(tokens.clone(), entries.len());
                entries.push(Entry {
                    tokens,
                    canonical,
                    kind,
                });
            }
        }
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        let mut long_words: HashMap<u8, Vec<(String, usize)>> = HashMap::new();
        let mut multi_by_letter: HashMap<u8, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_first.entry(e.tokens[0].clone()).or_default().push(i);
            if e.tokens.len() >= 2 && e.tokens.iter().any(|t| t.len() >= 6) {
                multi_by_letter
                    .entry(e.tokens[0].as_bytes()[0])
                    .or_default()
                    .push(i);
            }
            if e.tokens.len() == 1 && e.tokens[0].len() >= 6 {
                long_words
                    .entry(e.tokens[0].as_bytes()[0])
                    .or_default()
                    .push((e.tokens[0].clone(), i));
            }
        }
        // Longest spellings first within each bucket.
        for v in by_first.values_mut() {
            v.sort_by_key(|&i| std::cmp::Reverse(entries[i].tokens.len()));
        }
        for v in multi_by_letter.values_mut() {
            v.sort_by_key(|&i| std::cmp::Reverse(entries[i].tokens.len()));
        }
        Table {
            by_first,
            entries,
            multi_by_letter,
            long_words,
        }
    })
}

/// Optimal-string-alignment distance if it is at most `max`.
fn osa_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let a = a.as_bytes();
    let b = b.as_bytes();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let n = b.len();
    let mut prev2 = vec![0usize; n + 1];
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur = vec![0usize; n + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=n {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[n] <= max).then_some(prev[n])
}

/// Entry for a token with one or two spelling mistakes: words of 6+ letters, same first letter,
/// one edit for 6..=9 letters, two for 10+; the closest spelling wins, and a tie between
/// different canonical forms matches nothing.
fn fuzzy_single(token: &str) -> Option<usize> {
    if token.len() < 5 || !token.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let t = table();
    let mut best: Option<(usize, usize)> = None; // (distance, entry)
    let mut tie = false;
    let words = t.long_words.get(&token.as_bytes()[0])?;
    for (w, i) in words {
        let max = if w.len() >= 10 { 2 } else { 1 };
        let Some(d) = osa_within(token, w, max) else {
            continue;
        };
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, bi)) if d == bd => {
                if t.entries[bi].canonical != t.entries[*i].canonical {
                    tie = true;
                }
            }
            _ => {
                best = Some((d, *i));
                tie = false;
            }
        }
    }
    if tie {
        return None;
    }
    best.map(|(_, i)| i)
}

/// Canonical legal form of a single prepared token, if it is one (exact spellings only).
pub fn single_token_form(token: &str) -> Option<&'static str> {
    let t = table();
    t.by_first
        .get(token)?
        .iter()
        .map(|&i| &t.entries[i])
        .find(|e| e.tokens.len() == 1)
        .map(|e| e.canonical)
}

/// Legal forms and generic organisation words in a prepared name's tokens, left to right,
/// non-overlapping, longest spelling first: "joint stock company" -> jsc, "limited liability
/// company" -> llc, "s a" / "sa" -> sa, "ooo" -> llc, "zao"/"oao"/"pao"/"ao" -> jsc,
/// "aktiengesellschaft" -> ag; long words with a typo ("compny", "corporatoin") are matched
/// with `fuzzy` set. Short spellings (one token of 3 letters or fewer) count only at the start
/// or the end of the name or next to another span, so "Maria Da Co Silva" keeps "co" as a word
/// unless it ends the name.
pub fn legal_forms(tokens: &[&str]) -> Vec<LegalFormSpan> {
    let t = table();
    let mut spans: Vec<LegalFormSpan> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut found: Option<(usize, usize, bool)> = None; // (entry, len, fuzzy)
        if let Some(cands) = t.by_first.get(tokens[i]) {
            for &e in cands {
                let et = &t.entries[e].tokens;
                if tokens.len() - i >= et.len() && et.iter().zip(&tokens[i..]).all(|(a, b)| a == b)
                {
                    found = Some((e, et.len(), false));
                    break;
                }
            }
        }
        // Multi-token spellings with a misspelt long word ("obshchestvo s ogranichennoi
        // otvetstvennostyu"): words of 6+ letters may be one edit away, shorter ones exact.
        let one_or_none = match found {
            Some((_, len, _)) => len == 1,
            None => true,
        };
        if one_or_none {
            if let Some(cands) = tokens[i]
                .as_bytes()
                .first()
                .and_then(|b| t.multi_by_letter.get(b))
            {
                for &e in cands {
                    let et = &t.entries[e].tokens;
                    if tokens.len() - i >= et.len()
                        && et.iter().zip(&tokens[i..]).all(|(a, b)| {
                            a == b
                                || (a.len() >= 6 && b.len() >= 5 && osa_within(b, a, 1).is_some())
                        })
                    {
                        found = Some((e, et.len(), true));
                        break;
                    }
                }
            }
        }
        // One long misspelt word.
        if found.is_none() {
            if let Some(e) = fuzzy_single(tokens[i]) {
                found = Some((e, 1, true));
            }
        }
        match found {
            Some((e, len, fuzzy)) => {
                let entry = &t.entries[e];
                spans.push(LegalFormSpan {
                    start: i,
                    end: i + len,
                    canonical: entry.canonical,
                    kind: entry.kind,
                    class: legal_class(entry.canonical),
                    fuzzy,
                });
                i += len;
            }
            None => i += 1,
        }
    }
    // Short one-token spans must touch the start, the end or another span. Check from both
    // ends so chains like "sa de cv" or "grupo x sa" survive.
    let n = tokens.len();
    let is_short = |s: &LegalFormSpan| s.end - s.start == 1 && tokens[s.start].len() <= 3;
    let mut keep: Vec<bool> = spans
        .iter()
        .map(|s| !is_short(s) || s.start == 0 || s.end == n)
        .collect();
    loop {
        let mut changed = false;
        for k in 0..spans.len() {
            if keep[k] {
                continue;
            }
            let touches = (k > 0 && keep[k - 1] && spans[k - 1].end == spans[k].start)
                || (k + 1 < spans.len() && keep[k + 1] && spans[k + 1].start == spans[k].end);
            if touches {
                keep[k] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // A name that is nothing but one short form ("co", "sa") is a name, not a form.
    if n == 1 {
        return Vec::new();
    }
    spans
        .into_iter()
        .zip(keep)
        .filter_map(|(s, k)| k.then_some(s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(name: &str) -> Vec<(usize, usize, &'static str)> {
        let p = prepare(name);
        let toks: Vec<&str> = p.tokens().collect();
        legal_forms(&toks)
            .into_iter()
            .map(|s| (s.start, s.end, s.canonical))
            .collect()
    }

    #[test]
    fn finds_common_forms() {
        assert_eq!(forms("Acme Joint Stock Company"), vec![(1, 4, "jsc")]);
        assert_eq!(forms("Acme Limited Liability Company"), vec![(1, 4, "llc")]);
        assert_eq!(forms("Acme LLC"), vec![(1, 2, "llc")]);
        assert_eq!(forms("Intellexa S.A."), vec![(1, 3, "sa")]);
        assert_eq!(forms("Intellexa SA"), vec![(1, 2, "sa")]);
        assert_eq!(forms("Siemens Aktiengesellschaft"), vec![(1, 2, "ag")]);
        assert_eq!(forms("Siemens AG"), vec![(1, 2, "ag")]);
        assert_eq!(forms("ООО Ромашка"), vec![(0, 1, "llc")]);
        assert_eq!(forms("OOO Romashka"), vec![(0, 1, "llc")]);
        assert_eq!(forms("ПАО Сбербанк"), vec![(0, 1, "jsc")]);
        assert_eq!(forms("ZAO Kaspersky"), vec![(0, 1, "jsc")]);
        assert_eq!(forms("Acme GmbH"), vec![(1, 2, "gmbh")]);
        assert_eq!(forms("Acme Ltd."), vec![(1, 2, "ltd")]);
        assert_eq!(forms("Acme Limited"), vec![(1, 2, "ltd")]);
        assert_eq!(forms("Acme Corporation"), vec![(1, 2, "corp")]);
        assert_eq!(forms("Acme Inc."), vec![(1, 2, "inc")]);
        assert_eq!(forms("Acme PLC"), vec![(1, 2, "plc")]);
        assert_eq!(forms("Acme B.V."), vec![(1, 3, "bv")]);
        assert_eq!(forms("Acme Pvt Ltd"), vec![(1, 3, "ltd")]);
        assert_eq!(forms("Acme A.Ş."), vec![(1, 3, "as")]);
        assert_eq!(
            forms("Grupo Acme S.A. de C.V."),
            vec![(0, 1, "group"), (2, 7, "sa")]
        );
        assert_eq!(
            forms("Acme Trading Co., Ltd."),
            vec![(1, 2, "trading"), (2, 4, "co")]
        );
    }

    #[test]
    fn typo_tolerant_for_long_words_only() {
        let p = prepare("Acme Compny");
        let toks: Vec<&str> = p.tokens().collect();
        let s = legal_forms(&toks);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].canonical, "co");
        assert!(s[0].fuzzy);
        assert_eq!(forms("Acme Corporatoin"), vec![(1, 2, "corp")]);
        assert_eq!(forms("Acme Aktiengeselschaft"), vec![(1, 2, "ag")]);
        assert_eq!(
            forms("M Invest Obshchestvo s Ogranichennoi Otvetstvennostiu"),
            vec![(2, 6, "llc")]
        );
        assert_eq!(forms("Acme Limited Liabilty Company"), vec![(1, 4, "llc")]);
        assert_eq!(
            forms("Grupo Acme Sociedad Anonima de Capital Variable"),
            vec![(0, 1, "group"), (2, 7, "sa")]
        );
        // Short words are never fuzzy.
        assert_eq!(forms("Acme Lts"), vec![]);
    }

    #[test]
    fn short_forms_only_at_edges() {
        assert_eq!(forms("Maria Da Co Silva"), vec![]);
        assert_eq!(forms("Co"), vec![]);
        assert_eq!(forms("Bank of America"), vec![]);
    }

    #[test]
    fn classes_relate_countries() {
        assert_eq!(legal_class("gmbh"), legal_class("llc"));
        assert_eq!(legal_class("ag"), legal_class("jsc"));
        assert_ne!(legal_class("ag"), legal_class("gmbh"));
    }
}
