//! What an import takes and what it reports.

use chrono::{DateTime, NaiveDate, Utc};
use denylist_model::{Entity, ListVersion, SourceId, VersionId};

use crate::version_id::version_id_for_files;

/// One list version to store: its raw files' digests and the entities read
/// from them.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    /// The version id: [`version_id_for`](crate::version_id_for) of the raw files.
    pub version_id: VersionId,
    /// The list; every entity id must belong to it.
    pub source: SourceId,
    /// The format read (`us-ofac-csv`...).
    pub format: String,
    /// Publication date (from the file, or `--as-of`).
    pub published: Option<NaiveDate>,
    /// Raw file names and their sha256 in hex.
    pub files: Vec<(String, String)>,
    /// The entities, ids unique.
    pub entities: Vec<Entity>,
    /// Import time to record; `None` means now.
    pub imported_at: Option<DateTime<Utc>>,
}

impl ImportRequest {
    /// A request for the given raw files (name and bytes), computing the
    /// version id and file digests.
    pub fn from_files<N: AsRef<str>, B: AsRef<[u8]>>(
        source: SourceId,
        format: impl Into<String>,
        published: Option<NaiveDate>,
        files: &[(N, B)],
        entities: Vec<Entity>,
    ) -> Self {
        let (version_id, files) = version_id_for_files(files);
        ImportRequest {
            version_id,
            source,
            format: format.into(),
            published,
            files,
            entities,
            imported_at: None,
        }
    }
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOutcome {
    /// The stored version (the existing one when `created` is false).
    pub version: ListVersion,
    /// False when the same version id was already stored: nothing was written.
    pub created: bool,
    /// Entity revisions written by this import.
    pub new_revisions: usize,
    /// Entities whose revision was already stored (unchanged since an
    /// earlier version).
    pub reused_revisions: usize,
}

/// HTTP validators and digest of the last download of one file of a list,
/// so `denylist update` can ask "has it changed?".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FetchState {
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Last-Modified` header, verbatim.
    pub last_modified: Option<String>,
    /// sha256 (hex) of the bytes fetched.
    pub sha256: Option<String>,
    /// When it was fetched.
    pub fetched_at: DateTime<Utc>,
}

/// One list in the store.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceSummary {
    /// The list.
    pub source: SourceId,
    /// Number of stored versions.
    pub versions: usize,
    /// The latest version (by publication date, then import time).
    pub latest: ListVersion,
}

impl SourceSummary {
    /// Entities in the latest version.
    pub fn entity_count(&self) -> u64 {
        self.latest.entity_count
    }
}
