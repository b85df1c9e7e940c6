//! Given-name groups from data/nicknames.txt: "bob", "bobby", "rob" and "robert" share a group id.

use crate::text::tables;
use std::collections::HashMap;
use std::sync::OnceLock;

fn groups() -> &'static HashMap<&'static str, Vec<u32>> {
    static G: OnceLock<HashMap<&'static str, Vec<u32>>> = OnceLock::new();
    G.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<u32>> = HashMap::new();
        for (id, line) in tables::lines(tables::NICKNAMES).enumerate() {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            for name in line.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                let ids = m.entry(name).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        m
    })
}

/// Ids of the given-name groups a prepared token belongs to (empty if none). Two tokens are
/// nickname-equivalent when their id lists intersect ("bill" and "william"; "sasha" and
/// "aleksandr"; "vlad" is in both the "vladimir" and the "vladislav" groups).
pub fn nickname_groups(token: &str) -> &'static [u32] {
    groups().get(token).map_or(&[], Vec::as_slice)
}

/// True when the two prepared tokens share a given-name group.
pub fn are_nicknames(a: &str, b: &str) -> bool {
    let ga = nickname_groups(a);
    !ga.is_empty() && nickname_groups(b).iter().any(|id| ga.contains(id))
}

/// Number of groups in the table.
pub fn nickname_group_count() -> usize {
    tables::lines(tables::NICKNAMES).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nicknames_share_groups() {
        assert!(are_nicknames("bob", "robert"));
        assert!(are_nicknames("bill", "william"));
        assert!(are_nicknames("jim", "james"));
        assert!(!are_nicknames("bob", "william"));
        assert!(!are_nicknames("zzz", "zzz"));
        assert!(nickname_groups("qwertyuiop").is_empty());
    }
}
