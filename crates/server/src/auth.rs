//! API keys: `Authorization: Bearer <key>`, kept hashed (sha256) in
//! `api-keys.json` in the data directory.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{ApiError, AppState};

/// The key file name inside the data directory.
pub const KEYS_FILE: &str = "api-keys.json";

/// One stored API key (never the key itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyEntry {
    /// A label for the key (`ci`, `crm`).
    pub name: String,
    /// Hex sha256 of the key.
    pub sha256: String,
    /// When it was created.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// What can go wrong reading or writing the key file.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The key file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a JSON list of keys.
    #[error("{path}: {source}")]
    Json {
        /// The key file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// The system random source failed.
    #[error("no system randomness: {0}")]
    Random(String),
    /// A key with this name already exists.
    #[error("an API key named {0:?} already exists")]
    Duplicate(String),
}

/// Hex sha256 of a key.
pub fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// Reads the stored keys of `data_dir` (none when the file is missing).
pub fn load_keys(data_dir: &Path) -> Result<Vec<ApiKeyEntry>, KeyError> {
    let path = data_dir.join(KEYS_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(KeyError::Io { path, source }),
    };
    serde_json::from_slice(&bytes).map_err(|source| KeyError::Json { path, source })
}

/// Creates a random API key named `name`, stores its hash in
/// `data_dir/api-keys.json` and returns the key (shown once).
pub fn create_key(data_dir: &Path, name: &str) -> Result<String, KeyError> {
    let mut keys = load_keys(data_dir)?;
    if keys.iter().any(|k| k.name == name) {
        return Err(KeyError::Duplicate(name.to_string()));
    }
    let mut raw = [0u8; 32];
    getrandom::getrandom(&mut raw).map_err(|e| KeyError::Random(e.to_string()))?;
    let key = hex::encode(raw);
    keys.push(ApiKeyEntry {
        name: name.to_string(),
        sha256: hash_key(&key),
        created_at: chrono::Utc::now(),
    });
    let path = data_dir.join(KEYS_FILE);
    std::fs::create_dir_all(data_dir).map_err(|source| KeyError::Io {
        path: data_dir.to_path_buf(),
        source,
    })?;
    let text = serde_json::to_string_pretty(&keys).map_err(|source| KeyError::Json {
        path: path.clone(),
        source,
    })?;
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text).map_err(|source| KeyError::Io {
        path: tmp.clone(),
        source,
    })?;
    std::fs::rename(&tmp, &path).map_err(|source| KeyError::Io { path, source })?;
    Ok(key)
}

/// The set of accepted key hashes, or `None` when auth is off.
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    hashes: Option<HashSet<String>>,
}

impl KeySet {
    /// Auth off: every request is accepted.
    pub fn disabled() -> Self {
        KeySet { hashes: None }
    }

    /// Accepts exactly the given stored keys.
    pub fn from_entries(entries: &[ApiKeyEntry]) -> Self {
        KeySet {
            hashes: Some(
                entries
                    .iter()
                    .map(|e| e.sha256.to_ascii_lowercase())
                    .collect(),
            ),
        }
    }

    /// True when `key` may call the API.
    pub fn accepts(&self, key: Option<&str>) -> bool {
        match &self.hashes {
            None => true,
            Some(set) => key.is_some_and(|k| set.contains(&hash_key(k))),
        }
    }
}

/// Middleware rejecting requests without a valid key (health checks and the
/// OpenAPI document pass).
pub(crate) async fn require_key(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if crate::ops::PUBLIC_PATHS.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    let key = req
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("ApiKey "))
        })
        .map(str::trim);
    if state.keys.accepts(key) {
        next.run(req).await
    } else {
        ApiError::Unauthorized.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_key_is_accepted_and_stored_hashed() {
        let dir = tempfile::tempdir().unwrap();
        let key = create_key(dir.path(), "ci").unwrap();
        assert_eq!(key.len(), 64);
        let entries = load_keys(dir.path()).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].name, "ci");
        assert_eq!(entries[0].sha256, hash_key(&key));
        let text = std::fs::read_to_string(dir.path().join(KEYS_FILE)).unwrap();
        assert!(!text.contains(&key));
        let set = KeySet::from_entries(&entries);
        assert!(set.accepts(Some(&key)));
        assert!(!set.accepts(Some("nope")));
        assert!(!set.accepts(None));
        assert!(matches!(
            create_key(dir.path(), "ci"),
            Err(KeyError::Duplicate(_))
        ));
    }
}
