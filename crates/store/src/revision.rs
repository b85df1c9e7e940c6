//! Entity revisions: one stored copy of each distinct state of an entity.
//!
//! A revision is keyed by the sha256 of the entity's canonical JSON
//! (`serde_json` of [`Entity`], whose field order is fixed by the struct), and
//! its JSON is kept zstd-compressed.

use denylist_model::Entity;

use crate::version_id::sha256;

/// zstd level for revision bodies (about 1 KB of JSON each).
const LEVEL: i32 = 6;

/// An entity ready to be stored: its canonical JSON and the digest of it.
#[derive(Debug)]
pub(crate) struct Canonical {
    /// sha256 of `json`.
    pub digest: [u8; 32],
    /// Canonical JSON.
    pub json: Vec<u8>,
}

/// The canonical JSON and digest of an entity.
pub(crate) fn canonical(entity: &Entity) -> Result<Canonical, String> {
    let json = serde_json::to_vec(entity).map_err(|e| e.to_string())?;
    Ok(Canonical {
        digest: sha256(&json),
        json,
    })
}

/// sha256 (hex) of an entity's canonical JSON: the key of its stored
/// revision, and the `entity_hash` of alerts.
pub fn entity_digest(entity: &Entity) -> String {
    hex::encode(sha256(&serde_json::to_vec(entity).unwrap_or_default()))
}

/// Reusable zstd contexts, one per import or load.
pub(crate) struct Codec {
    compressor: zstd::bulk::Compressor<'static>,
    decompressor: zstd::bulk::Decompressor<'static>,
}

impl std::fmt::Debug for Codec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Codec")
    }
}

impl Codec {
    /// New contexts.
    pub(crate) fn new() -> Result<Self, String> {
        Ok(Codec {
            compressor: zstd::bulk::Compressor::new(LEVEL).map_err(|e| e.to_string())?,
            decompressor: zstd::bulk::Decompressor::new().map_err(|e| e.to_string())?,
        })
    }

    /// Compresses canonical JSON.
    pub(crate) fn compress(&mut self, json: &[u8]) -> Result<Vec<u8>, String> {
        self.compressor.compress(json).map_err(|e| e.to_string())
    }

    /// Decompresses and parses a stored revision body.
    pub(crate) fn decode(&mut self, body: &[u8]) -> Result<Entity, String> {
        let size = match zstd::zstd_safe::get_frame_content_size(body) {
            Ok(Some(n)) if n <= 64 << 20 => n as usize,
            Ok(_) => return Err("zstd frame without a plausible content size".into()),
            Err(e) => return Err(format!("zstd: {e:?}")),
        };
        let json = self
            .decompressor
            .decompress(body, size)
            .map_err(|e| format!("zstd: {e}"))?;
        serde_json::from_slice(&json).map_err(|e| format!("json: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use denylist_model::{Name, Schema};

    #[test]
    fn digest_follows_content() {
        let mut e = Entity::new("us-ofac-sdn:1".parse().unwrap(), Schema::Person);
        e.names.push(Name::primary("DOE, John"));
        let a = canonical(&e).unwrap();
        assert_eq!(a.digest, canonical(&e.clone()).unwrap().digest);
        e.programs.push("SDGT".into());
        assert_ne!(a.digest, canonical(&e).unwrap().digest);
    }

    #[test]
    fn body_round_trips() {
        let mut e = Entity::new("un-sc:QDi.001".parse().unwrap(), Schema::Organization);
        e.names.push(Name::primary("AL-QAIDA"));
        let mut codec = Codec::new().unwrap();
        let body = codec.compress(&canonical(&e).unwrap().json).unwrap();
        assert_eq!(codec.decode(&body).unwrap(), e);
        assert!(codec.decode(b"junk").is_err());
    }
}
