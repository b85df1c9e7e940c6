//! The customer index: which registered customers might match a changed
//! list entity. Recall matters, not rank: every candidate is then screened
//! forward against the full lists, which decides.
//!
//! Why not a [`Matcher`](denylist_matching::Matcher) over the customers: its
//! candidate stage keeps the 32 best names of a query, so when more than 32
//! customers share a name close to a new list entry, some would be missed.
//! This index has no such cap. It is an inverted index from token keys to
//! customers, built with the matcher's own text preparation: for each word
//! of each rendering of each customer name, the token itself and its joins
//! with the next word (strong keys: exact, transliteration-folded, nickname
//! group) and its Double Metaphone codes, consonant skeleton and
//! one-deletion neighbours (fuzzy keys); plus normalised identifiers.
//!
//! A customer is a candidate for a list name when:
//! - two or more words of the list name hit it (any key), or
//! - the list name (or the customer name) has a single word and hits it, or
//! - one word hits it through a strong key shared by at most
//!   `strong_df_cap` customers, or a fuzzy key shared by at most
//!   `fuzzy_df_cap` customers (a rare word can carry a match alone), or
//! - an identifier of the entity equals one of the customer's.

use std::collections::HashMap;

use denylist_matching::text::{
    classify, nickname_groups, phonetic_keys, prepare, skeleton, translit_key, TokenClass,
};
use denylist_model::Entity;
use denylist_store::Customer;
use rayon::prelude::*;

const TAG_EXACT: u8 = 1;
const TAG_TRANSLIT: u8 = 2;
const TAG_NICK: u8 = 3;
const TAG_PHON: u8 = 4;
const TAG_SKEL: u8 = 5;
const TAG_DEL: u8 = 6;
const TAG_ID: u8 = 7;

/// At most this many words of a name are slots (a bit each).
const MAX_SLOTS: usize = 63;

fn key(tag: u8, bytes: &[u8]) -> u64 {
    // FNV-1a, 64 bits: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(tag);
    h = h.wrapping_mul(0x0000_0100_0000_01b3);
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn strong(k: u64) -> bool {
    (k >> 61) == 0
}

/// Marks strong keys in the top bits so postings can tell (the hash keeps
/// 61 bits).
fn tagged(tag: u8, bytes: &[u8]) -> u64 {
    let h = key(tag, bytes) & ((1u64 << 61) - 1);
    if matches!(tag, TAG_EXACT | TAG_TRANSLIT | TAG_NICK | TAG_ID) {
        h
    } else {
        h | (1u64 << 61)
    }
}

/// The keys of one word.
fn word_keys(t: &str, out: &mut Vec<u64>) {
    out.push(tagged(TAG_EXACT, t.as_bytes()));
    let tk = translit_key(t);
    if !tk.is_empty() && tk != t {
        out.push(tagged(TAG_TRANSLIT, tk.as_bytes()));
    }
    for g in nickname_groups(t) {
        out.push(tagged(TAG_NICK, &g.to_le_bytes()));
    }
    if t.len() >= 3 {
        let (p, alt) = phonetic_keys(t);
        if p.len() >= 2 {
            out.push(tagged(TAG_PHON, p.as_bytes()));
        }
        if let Some(a) = alt.filter(|a| a.len() >= 2) {
            out.push(tagged(TAG_PHON, a.as_bytes()));
        }
        let sk = skeleton(t);
        if sk.len() >= 3 {
            out.push(tagged(TAG_SKEL, sk.as_bytes()));
        }
    }
    if (4..=24).contains(&t.len()) {
        let b = t.as_bytes();
        out.push(tagged(TAG_DEL, b));
        let mut buf = Vec::with_capacity(b.len());
        for i in 0..b.len() {
            buf.clear();
            buf.extend_from_slice(&b[..i]);
            buf.extend_from_slice(&b[i + 1..]);
            out.push(tagged(TAG_DEL, &buf));
        }
    }
}

/// The words of a rendering (content tokens: not particles, titles, legal
/// forms, initials), each with its keys, joins with the next word included.
fn slots(rendering: &str) -> Vec<Vec<u64>> {
    let words: Vec<&str> = rendering
        .split(' ')
        .filter(|t| !t.is_empty())
        .filter(|t| matches!(classify(t), TokenClass::Word | TokenClass::Number))
        .take(MAX_SLOTS)
        .collect();
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let mut keys = Vec::with_capacity(24);
        word_keys(w, &mut keys);
        if let Some(next) = words.get(i + 1) {
            keys.push(tagged(TAG_EXACT, format!("{w}{next}").as_bytes()));
        }
        keys.sort_unstable();
        keys.dedup();
        out.push(keys);
    }
    out
}

/// Normalised identifier keys: letters and digits upper-cased, with and
/// without an IMO/MMSI prefix; values shorter than 4 are ignored.
fn id_keys(value: &str, out: &mut Vec<u64>) {
    let v: String = value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    if v.len() < 4 {
        return;
    }
    out.push(tagged(TAG_ID, v.as_bytes()));
    for p in ["IMO", "MMSI"] {
        if let Some(bare) = v.strip_prefix(p) {
            if bare.len() >= 4 {
                out.push(tagged(TAG_ID, bare.as_bytes()));
            }
        }
    }
}

/// How generous the index is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexOptions {
    /// A single word hitting through an exact, transliteration or nickname
    /// key shared by at most this many customers makes a candidate.
    pub strong_df_cap: usize,
    /// The same for phonetic, skeleton and one-deletion keys.
    pub fuzzy_df_cap: usize,
}

impl IndexOptions {
    /// The defaults for a registry of `n` customers: 2% and 0.2% of it
    /// (at least 200 and 20).
    pub fn for_size(n: usize) -> Self {
        IndexOptions {
            strong_df_cap: (n / 50).max(200),
            fuzzy_df_cap: (n / 500).max(20),
        }
    }
}

/// An inverted index over the names and identifiers of customers.
#[derive(Debug)]
pub struct CustomerIndex {
    /// key -> (start, len) in `postings`.
    keys: HashMap<u64, (u32, u32)>,
    postings: Vec<u32>,
    /// Customers with a name of one word.
    single: Vec<bool>,
    len: usize,
    options: IndexOptions,
}

impl CustomerIndex {
    /// Indexes customers (positions in `customers` are the ids returned).
    pub fn build(customers: &[Customer]) -> CustomerIndex {
        Self::build_with(customers, IndexOptions::for_size(customers.len()))
    }

    /// Indexes customers with explicit options.
    pub fn build_with(customers: &[Customer], options: IndexOptions) -> CustomerIndex {
        let per: Vec<(Vec<u64>, bool)> = customers
            .par_iter()
            .map(|c| {
                let mut keys = Vec::new();
                let mut single = false;
                for name in &c.names {
                    let p = prepare(name);
                    for r in p.renderings() {
                        let s = slots(r);
                        single |= s.len() == 1;
                        for k in s {
                            keys.extend(k);
                        }
                    }
                }
                for id in &c.identifiers {
                    id_keys(id, &mut keys);
                }
                keys.sort_unstable();
                keys.dedup();
                (keys, single)
            })
            .collect();
        let mut pairs: Vec<(u64, u32)> = Vec::with_capacity(per.iter().map(|p| p.0.len()).sum());
        let mut single = Vec::with_capacity(per.len());
        for (i, (keys, s)) in per.into_iter().enumerate() {
            single.push(s);
            pairs.extend(keys.into_iter().map(|k| (k, i as u32)));
        }
        pairs.par_sort_unstable();
        let mut keys: HashMap<u64, (u32, u32)> = HashMap::with_capacity(pairs.len() / 4);
        let mut postings = Vec::with_capacity(pairs.len());
        let mut i = 0;
        while i < pairs.len() {
            let k = pairs[i].0;
            let start = postings.len() as u32;
            while i < pairs.len() && pairs[i].0 == k {
                postings.push(pairs[i].1);
                i += 1;
            }
            keys.insert(k, (start, postings.len() as u32 - start));
        }
        tracing::debug!(
            customers = customers.len(),
            keys = keys.len(),
            postings = postings.len(),
            "customer index built"
        );
        CustomerIndex {
            keys,
            postings,
            single,
            len: customers.len(),
            options,
        }
    }

    /// Number of customers indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no customer is indexed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn posting(&self, k: u64) -> &[u32] {
        match self.keys.get(&k) {
            Some(&(s, n)) => &self.postings[s as usize..(s + n) as usize],
            None => &[],
        }
    }

    /// The customers (positions) that might match any of the entities,
    /// sorted.
    pub fn candidates<'a>(&self, entities: impl IntoIterator<Item = &'a Entity>) -> Vec<u32> {
        let mut found = vec![false; self.len];
        let mut masks = vec![0u64; self.len];
        let mut touched: Vec<u32> = Vec::new();
        let mut out: Vec<u32> = Vec::new();
        fn take(found: &mut [bool], out: &mut Vec<u32>, c: u32) {
            if !found[c as usize] {
                found[c as usize] = true;
                out.push(c);
            }
        }
        for e in entities {
            let mut ids = Vec::new();
            for i in &e.identifiers {
                id_keys(&i.value, &mut ids);
            }
            for k in ids {
                for &c in self.posting(k) {
                    take(&mut found, &mut out, c);
                }
            }
            for name in &e.names {
                let p = prepare(&name.full);
                for r in p.renderings() {
                    let s = slots(r);
                    let one_word = s.len() == 1;
                    for (slot, keys) in s.iter().enumerate() {
                        let bit = 1u64 << slot;
                        for &k in keys {
                            let hits = self.posting(k);
                            let cap = if strong(k) {
                                self.options.strong_df_cap
                            } else {
                                self.options.fuzzy_df_cap
                            };
                            let alone = one_word || hits.len() <= cap;
                            for &c in hits {
                                if alone || self.single[c as usize] {
                                    take(&mut found, &mut out, c);
                                } else if !found[c as usize] {
                                    let m = &mut masks[c as usize];
                                    if *m == 0 {
                                        touched.push(c);
                                    }
                                    *m |= bit;
                                }
                            }
                        }
                    }
                    for &c in &touched {
                        if masks[c as usize].count_ones() >= 2 {
                            take(&mut found, &mut out, c);
                        }
                        masks[c as usize] = 0;
                    }
                    touched.clear();
                }
            }
        }
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use denylist_model::{Identifier, IdentifierKind, Name, Schema};

    fn entity(name: &str) -> Entity {
        let mut e = Entity::new("us-ofac-sdn:1".parse().unwrap(), Schema::Person);
        e.names.push(Name::primary(name));
        e
    }

    fn ids(index: &CustomerIndex, e: &Entity) -> Vec<u32> {
        index.candidates([e])
    }

    #[test]
    fn finds_every_customer_sharing_a_name_however_many() {
        // 500 customers with the same name: a top-k retrieval would miss most.
        let mut customers: Vec<Customer> = (0..500)
            .map(|i| Customer::new(format!("C{i}"), "Tal Dilian"))
            .collect();
        customers.push(Customer::new("X", "Someone Else"));
        let index = CustomerIndex::build(&customers);
        let hits = ids(&index, &entity("DILIAN, Tal Jonathan"));
        assert_eq!(hits.len(), 500);
        assert!(!hits.contains(&500));
    }

    #[test]
    fn spelling_variants_and_rare_words_are_found() {
        let customers = vec![
            Customer::new("0", "Tal Dillian"),     // one edit
            Customer::new("1", "Tal Dilyan"),      // phonetic
            Customer::new("2", "Intellexa SA"),    // one word + legal form
            Customer::new("3", "Muammar Qadhafi"), // two words
            Customer::new("4", "Mary Smith"),      // unrelated
            Customer::new("5", "Abdul Rahman Ali"),
        ];
        let index = CustomerIndex::build(&customers);
        assert_eq!(ids(&index, &entity("DILIAN, Tal Jonathan")), vec![0, 1]);
        assert_eq!(ids(&index, &entity("INTELLEXA S.A.")), vec![2]);
        assert_eq!(ids(&index, &entity("QADHAFI, Muammar")), vec![3]);
        // A rare surname alone is enough.
        assert!(ids(&index, &entity("QADDAFI, Hannibal")).contains(&3));
        // Joined words.
        assert!(ids(&index, &entity("ABDULRAHMAN, Ali")).contains(&5));
        assert!(ids(&index, &entity("KOWALSKI, Piotr")).is_empty());
    }

    #[test]
    fn common_words_need_a_second_word() {
        // "John" is shared by more customers than the caps allow alone.
        let mut customers: Vec<Customer> = (0..300)
            .map(|i| Customer::new(format!("J{i}"), format!("John Q{i:03}x")))
            .collect();
        customers.push(Customer::new("S", "John Smith"));
        let index = CustomerIndex::build_with(
            &customers,
            IndexOptions {
                strong_df_cap: 50,
                fuzzy_df_cap: 5,
            },
        );
        let hits = ids(&index, &entity("SMITH, John"));
        assert_eq!(hits, vec![300], "{hits:?}");
    }

    #[test]
    fn identifiers_find_customers_whatever_the_name() {
        let mut c = Customer::new("V", "Some Ship Name");
        c.identifiers.push("IMO 9187629".into());
        let index = CustomerIndex::build(&[c]);
        let mut e = entity("ANOTHER NAME");
        e.identifiers
            .push(Identifier::new(IdentifierKind::Imo, "IMO", "9187629"));
        assert_eq!(ids(&index, &e), vec![0]);
    }
}
