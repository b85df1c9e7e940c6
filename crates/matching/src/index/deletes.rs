//! SymSpell-style deletion neighbourhoods: every string reachable by
//! deleting up to `d` characters. Two tokens within `d` edits share a
//! neighbour, so a lookup in a table of vocabulary neighbourhoods finds them.

/// Deletes allowed for a token of `len` characters: 1 for 4-7, 2 for 8+.
pub(crate) fn delete_depth(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Calls `f` with the token and each string `d` or fewer deletions away
/// (ASCII input; a string may come more than once).
pub(crate) fn for_each_delete(token: &str, d: usize, mut f: impl FnMut(&[u8])) {
    let b = token.as_bytes();
    f(b);
    if d == 0 || b.len() < 2 {
        return;
    }
    let mut level: Vec<Vec<u8>> = vec![b.to_vec()];
    for _ in 0..d {
        let mut next: Vec<Vec<u8>> = Vec::new();
        for s in &level {
            if s.len() <= 2 {
                continue;
            }
            for i in 0..s.len() {
                // Deleting one of a run of equal bytes gives the same string.
                if i > 0 && s[i] == s[i - 1] {
                    continue;
                }
                let mut t = Vec::with_capacity(s.len() - 1);
                t.extend_from_slice(&s[..i]);
                t.extend_from_slice(&s[i + 1..]);
                f(&t);
                next.push(t);
            }
        }
        level = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbourhoods_of_a_swap_meet() {
        let mut a = Vec::new();
        for_each_delete("monye", 1, |s| a.push(s.to_vec()));
        let mut b = Vec::new();
        for_each_delete("money", 1, |s| b.push(s.to_vec()));
        assert!(a.iter().any(|x| b.contains(x)));
        assert!(a.contains(&b"mone".to_vec()));
    }
}
