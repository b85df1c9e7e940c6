//! Version ids: the sha256 of a version's raw files.

use denylist_model::VersionId;
use sha2::{Digest, Sha256};

/// The sha256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The version id of a set of raw files, given their sha256 digests.
///
/// One file: its own sha256, so `sha256sum sdn.csv` prints the version id.
/// Several files: the sha256 of their hex digests, sorted and joined by
/// `"\n"` (no trailing newline), so the order the files come in does not
/// matter. No file at all gives the sha256 of the empty string.
pub fn version_id_for(file_digests: &[[u8; 32]]) -> VersionId {
    let hex = if let [one] = file_digests {
        hex::encode(one)
    } else {
        let mut lines: Vec<String> = file_digests.iter().map(hex::encode).collect();
        lines.sort();
        hex::encode(sha256(lines.join("\n").as_bytes()))
    };
    VersionId::new(hex).unwrap_or_else(|_| unreachable!("sha256 hex is always a valid version id"))
}

/// The version id and the `(name, sha256 hex)` list of a set of named files.
pub fn version_id_for_files<N: AsRef<str>, B: AsRef<[u8]>>(
    files: &[(N, B)],
) -> (VersionId, Vec<(String, String)>) {
    let digests: Vec<[u8; 32]> = files.iter().map(|(_, b)| sha256(b.as_ref())).collect();
    let named = files
        .iter()
        .zip(&digests)
        .map(|((n, _), d)| (n.as_ref().to_string(), hex::encode(d)))
        .collect();
    (version_id_for(&digests), named)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_version_is_its_sha256() {
        // sha256("abc"), as printed by `printf abc | sha256sum`.
        let id = version_id_for(&[sha256(b"abc")]);
        assert_eq!(
            id.as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn file_set_version_ignores_order() {
        let a = sha256(b"sdn");
        let b = sha256(b"alt");
        assert_eq!(version_id_for(&[a, b]), version_id_for(&[b, a]));
        let mut lines = [hex::encode(a), hex::encode(b)];
        lines.sort();
        let expected = hex::encode(sha256(lines.join("\n").as_bytes()));
        assert_eq!(version_id_for(&[a, b]).as_str(), expected);
        assert_ne!(version_id_for(&[a, b]), version_id_for(&[a]));
    }

    #[test]
    fn named_files_keep_names() {
        let (id, files) = version_id_for_files(&[("sdn.csv", b"abc".as_slice())]);
        assert_eq!(id.as_str(), files[0].1);
        assert_eq!(files[0].0, "sdn.csv");
    }
}
