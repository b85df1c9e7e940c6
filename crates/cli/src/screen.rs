//! The interim exact-token screen, used until `denylist-matching` is wired
//! in: a name matches when, after normalisation, every token of the query
//! appears in it (the query needs at least two tokens for that), or when
//! both are the same single token.
//!
//! Normalisation: transliterate to ASCII, lower-case, drop `.` and
//! apostrophes inside words (`S.A.` = `SA`), split on everything else that
//! is not a letter or digit. Word order and punctuation therefore do not
//! matter: `Tal Jonathan Dilian`, `DILIAN, Tal Jonathan` and `Tal Dilian`
//! all match `DILIAN, Tal Jonathan`. There is no fuzziness: a misspelling
//! does not match.

/// The normalised tokens of a name.
pub fn tokens(name: &str) -> Vec<String> {
    let ascii = any_ascii::any_ascii(name).to_lowercase();
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            cur.push(c);
        } else if matches!(c, '.' | '\'' | '`') {
            // joiners: S.A. -> sa, O'Brien -> obrien
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// True when the query tokens match the name tokens (see the module docs).
pub fn matches(query: &[String], name: &[String]) -> bool {
    if query.is_empty() {
        return false;
    }
    if query.len() == 1 {
        return name.len() == 1 && name[0] == query[0];
    }
    // Multiset inclusion: each query token uses up one name token.
    let mut pool: Vec<&str> = name.iter().map(String::as_str).collect();
    for q in query {
        match pool.iter().position(|t| t == q) {
            Some(i) => {
                pool.swap_remove(i);
            }
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(q: &str, n: &str) -> bool {
        matches(&tokens(q), &tokens(n))
    }

    #[test]
    fn order_case_and_punctuation_do_not_matter() {
        assert!(m("Tal Jonathan Dilian", "DILIAN, Tal Jonathan"));
        assert!(m("dilian, tal jonathan", "DILIAN, Tal Jonathan"));
        assert!(m("Tal Dilian", "DILIAN, Tal Jonathan"));
        assert!(m("Intellexa SA", "INTELLEXA S.A."));
        assert!(m("hamas", "HAMAS"));
        assert!(m("Лукашенко Александр", "LUKASHENKO, Aleksandr"));
    }

    #[test]
    fn one_token_or_missing_token_does_not_match() {
        assert!(!m("Tal", "DILIAN, Tal Jonathan"));
        assert!(!m("Tal Dillian", "DILIAN, Tal Jonathan"));
        assert!(!m("Tal Tal Dilian", "DILIAN, Tal Jonathan"));
        assert!(!m("", "HAMAS"));
        assert!(!m("...", "HAMAS"));
    }

    #[test]
    fn tokens_are_normalised() {
        assert_eq!(tokens("AL-QA'IDA"), vec!["al", "qaida"]);
        assert_eq!(tokens("  Müller,  José "), vec!["muller", "jose"]);
    }
}
