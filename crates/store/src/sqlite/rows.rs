//! SQLite rows and their mapping to model types, in one place.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use denylist_model::{ListVersion, SourceId, VersionId};

use crate::{FetchState, Result, StoreError};

/// The columns of `list_versions` read into a [`VersionRow`], for `concat!`.
macro_rules! version_columns {
    () => {
        "id, version_id, source, format, published, imported_at, entity_count, files"
    };
}
pub(super) use version_columns;

/// A `list_versions` row without its membership blob.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct VersionRow {
    pub id: i64,
    pub version_id: String,
    pub source: String,
    pub format: String,
    pub published: Option<String>,
    pub imported_at: String,
    pub entity_count: i64,
    pub files: String,
}

/// A `list_versions` row with its membership blob.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct MembersRow {
    #[sqlx(flatten)]
    pub version: VersionRow,
    pub members: Vec<u8>,
}

impl VersionRow {
    /// The model version.
    pub fn into_model(self) -> Result<ListVersion> {
        let what = |col: &str| format!("list_versions.{col} id={}", self.id);
        let published = match &self.published {
            Some(d) => Some(
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|e| StoreError::corrupt(what("published"), format!("{d:?}: {e}")))?,
            ),
            None => None,
        };
        Ok(ListVersion {
            id: VersionId::new(&self.version_id)
                .map_err(|e| StoreError::corrupt(what("version_id"), e))?,
            source: SourceId::new(&self.source)
                .map_err(|e| StoreError::corrupt(what("source"), e))?,
            published,
            imported_at: parse_time(&self.imported_at)
                .map_err(|e| StoreError::corrupt(what("imported_at"), e))?,
            entity_count: u64::try_from(self.entity_count)
                .map_err(|e| StoreError::corrupt(what("entity_count"), e))?,
            files: serde_json::from_str(&self.files)
                .map_err(|e| StoreError::corrupt(what("files"), e))?,
            format: self.format,
        })
    }
}

/// A `fetch_state` row.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct FetchStateRow {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub sha256: Option<String>,
    pub fetched_at: String,
}

impl FetchStateRow {
    /// The model value.
    pub fn into_model(self) -> Result<FetchState> {
        Ok(FetchState {
            fetched_at: parse_time(&self.fetched_at)
                .map_err(|e| StoreError::corrupt("fetch_state.fetched_at", e))?,
            etag: self.etag,
            last_modified: self.last_modified,
            sha256: self.sha256,
        })
    }
}

/// A timestamp as stored: RFC 3339 UTC with microseconds, which sorts as text.
pub(super) fn format_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The stored precision of a timestamp.
pub(super) fn stored_time(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}

fn parse_time(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{s:?}: {e}"))
}

/// A date as stored.
pub(super) fn format_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_round_trips_at_stored_precision() {
        let t = stored_time(Utc::now());
        assert_eq!(parse_time(&format_time(t)).unwrap(), t);
        let early = DateTime::UNIX_EPOCH;
        assert!(format_time(early) < format_time(t));
    }
}
