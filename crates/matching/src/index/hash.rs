//! A small, fast non-cryptographic hash (the FxHash mixing step) for keys
//! that never come from an adversary choosing collisions that matter: a
//! collision only adds a candidate that rescoring then rejects.

use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// FxHash-style hasher.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// `HashMap` builder using [`FxHasher`].
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;

/// Hash of a tagged key (the tag keeps key families apart in one table).
#[inline]
pub(crate) fn key_hash(tag: u8, key: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(tag);
    h.write(key);
    h.add(key.len() as u64);
    // Final avalanche so sorted tables spread well.
    let mut x = h.finish();
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_separate_equal_keys() {
        assert_ne!(key_hash(1, b"abc"), key_hash(2, b"abc"));
        assert_eq!(key_hash(1, b"abc"), key_hash(1, b"abc"));
        assert_ne!(key_hash(1, b"abc"), key_hash(1, b"abd"));
    }
}
