//! The list-version store trait, implemented once per database backend.

use std::fmt;

use async_trait::async_trait;
use chrono::NaiveDate;
use denylist_model::{Entity, EntityId, ListVersion, SourceId, VersionId};

use crate::{
    EntityRecord, FetchState, ImportOutcome, ImportRequest, ListDiff, Result, SourceSummary,
};

/// Versioned sanctions lists: immutable versions made of shared entity
/// revisions.
///
/// Versions of a source are ordered by publication date (import date when
/// unknown), then import time, then import order.
#[async_trait]
pub trait ListStore: Send + Sync + fmt::Debug {
    /// Stores a version in one transaction. Importing a version id that is
    /// already stored writes nothing and returns `created: false`.
    ///
    /// Fails with [`StoreError::Conflict`](crate::StoreError::Conflict) when an
    /// entity belongs to another source or an entity id appears twice.
    async fn import(&self, request: ImportRequest) -> Result<ImportOutcome>;

    /// Every list with at least one version, by source id.
    async fn sources(&self) -> Result<Vec<SourceSummary>>;

    /// The versions of a list, oldest first (empty for an unknown list).
    async fn versions(&self, source: &SourceId) -> Result<Vec<ListVersion>>;

    /// A version by full id or by a unique hex prefix of at least 6 digits.
    ///
    /// [`StoreError::NotFound`](crate::StoreError::NotFound) when nothing
    /// matches, [`StoreError::Ambiguous`](crate::StoreError::Ambiguous) when
    /// several do, [`StoreError::Invalid`](crate::StoreError::Invalid) for a
    /// short or non-hex prefix.
    async fn version(&self, id_or_prefix: &str) -> Result<ListVersion>;

    /// The latest version of a list.
    async fn latest_version(&self, source: &SourceId) -> Result<Option<ListVersion>>;

    /// The latest version of a list published on or before `date` (the list
    /// as it stood that day).
    async fn version_as_of(
        &self,
        source: &SourceId,
        date: NaiveDate,
    ) -> Result<Option<ListVersion>>;

    /// The entities of a version, by id.
    async fn entities(&self, version: &VersionId) -> Result<Vec<Entity>>;

    /// An entity as of `version` (default: the latest version containing
    /// it), with its history across the versions of its list.
    async fn entity(&self, id: &EntityId, version: Option<&VersionId>) -> Result<EntityRecord>;

    /// What changed in a list between two versions. `to` defaults to the
    /// latest version, `from` to the version just before `to` (none when
    /// `to` is the first: everything is added).
    async fn diff(
        &self,
        source: &SourceId,
        from: Option<&VersionId>,
        to: Option<&VersionId>,
    ) -> Result<ListDiff>;

    /// The last recorded download of one file of a list.
    async fn fetch_state(&self, source: &SourceId, file_name: &str) -> Result<Option<FetchState>>;

    /// Records a download of one file of a list, replacing the previous one.
    async fn set_fetch_state(
        &self,
        source: &SourceId,
        file_name: &str,
        state: &FetchState,
    ) -> Result<()>;

    /// Closes the connections, flushing the write-ahead log.
    async fn close(&self);
}

/// The date a version stands for: its publication date, else its import date.
pub(crate) fn effective_date(v: &ListVersion) -> NaiveDate {
    v.published.unwrap_or_else(|| v.imported_at.date_naive())
}

/// Sorts versions into store order; stable, so versions given in import
/// order keep it on ties.
pub(crate) fn sort_versions(versions: &mut [ListVersion]) {
    versions.sort_by(|a, b| {
        (effective_date(a), a.imported_at).cmp(&(effective_date(b), b.imported_at))
    });
}
