//! The lists screened against: the latest version of every list in the
//! store, in one [`Matcher`].

use std::collections::BTreeMap;

use denylist_matching::Matcher;
use denylist_model::{Entity, EntityId, ListVersion, SourceId, VersionId};
use denylist_store::Store;

use crate::MonitorError;

/// The latest version of every list and a matcher over all their entities
/// (what `denylist screen` and `denylist batch` screen against).
#[derive(Debug)]
pub struct Lists {
    /// The version of each list in the matcher.
    pub versions: BTreeMap<SourceId, ListVersion>,
    /// Every entity of those versions.
    pub matcher: Matcher,
}

impl Lists {
    /// Builds the snapshot from versions and their entities (no store).
    pub fn from_entities(versions: Vec<ListVersion>, entities: Vec<Entity>) -> Lists {
        Lists {
            versions: versions
                .into_iter()
                .map(|v| (v.source.clone(), v))
                .collect(),
            matcher: Matcher::build(entities),
        }
    }

    /// The version of an entity's list.
    pub fn version_of(&self, entity: &EntityId) -> Option<&VersionId> {
        self.versions
            .iter()
            .find(|(s, _)| s.as_str() == entity.source_str())
            .map(|(_, v)| &v.id)
    }

    /// The version ids, as the audit log records them.
    pub fn version_ids(&self) -> Vec<String> {
        self.versions.values().map(|v| v.id.to_string()).collect()
    }

    /// True when no list is loaded.
    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }
}

/// Loads the latest version of every list in the store and builds the
/// matcher over all their entities, off the async threads. `None` when the
/// store holds no list.
pub async fn load_lists(store: &Store) -> Result<Option<Lists>, MonitorError> {
    let mut versions = Vec::new();
    let mut entities: Vec<Entity> = Vec::new();
    for summary in store.sources().await? {
        entities.extend(store.entities(&summary.latest.id).await?);
        versions.push(summary.latest);
    }
    if versions.is_empty() {
        return Ok(None);
    }
    let lists = tokio::task::spawn_blocking(move || Lists::from_entities(versions, entities))
        .await
        .map_err(|e| MonitorError::Internal(format!("building the matcher: {e}")))?;
    Ok(Some(lists))
}
