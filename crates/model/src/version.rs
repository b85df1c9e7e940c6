//! List versions: one immutable import of one source's files.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{ModelError, SourceId};

/// The id of a list version: the sha256 (hex) of its raw files.
///
/// One file's version id is that file's own sha256 (so `sha256sum sdn.csv`
/// prints it). For a set of files (SDN + ALT + ADD + COMMENTS) it is the
/// sha256 of the files' sorted hex digests joined by `\n`, so the same bytes
/// always give the same version, whatever the file names or their order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VersionId(String);

impl VersionId {
    /// Checks and wraps a sha256 hex string.
    pub fn new(hex: impl Into<String>) -> Result<Self, ModelError> {
        let hex = hex.into().to_ascii_lowercase();
        if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(VersionId(hex))
        } else {
            Err(ModelError::InvalidVersionId(hex))
        }
    }

    /// The hex digest.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first 12 hex digits, for display.
    pub fn short(&self) -> &str {
        &self.0[..12]
    }
}

impl fmt::Display for VersionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for VersionId {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        VersionId::new(s)
    }
}

impl Serialize for VersionId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for VersionId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        VersionId::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// What is known about one imported version of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListVersion {
    /// Content hash of the raw files.
    pub id: VersionId,
    /// The list.
    pub source: SourceId,
    /// The format it was read from (`us-ofac-csv`, `un-sc-xml`...).
    pub format: String,
    /// Publication date (`--as-of`, or read from the file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    /// When it was imported.
    pub imported_at: DateTime<Utc>,
    /// Number of entities.
    pub entity_count: u64,
    /// The raw files' names and sha256 digests.
    #[serde(default)]
    pub files: Vec<(String, String)>,
}
