//! The screening [`Index`]: one matcher over the latest version of every
//! list, with each entity's history dates (first seen, last changed) worked
//! out once from the store's version history so that `changed_since` is a
//! lookup.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use denylist_matching::{Match, Matcher, Query, ScreenOptions};
use denylist_model::{Entity, EntityId, ListVersion, SourceId, VersionId};
use denylist_store::{ListStore, StoreError};
use serde_json::value::RawValue;

/// When an entity was first listed and when its data last changed, by the
/// dates of the list versions (publication date, else import date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityDates {
    /// The first version of its list that contained it.
    pub first_seen: NaiveDate,
    /// The latest version in which it was added, re-added or changed.
    pub last_change: NaiveDate,
}

/// The screening index: one matcher over the latest version of every list.
#[derive(Debug)]
pub struct Index {
    /// The matcher over every entity of `versions`.
    pub matcher: Matcher,
    /// The list versions it was built from, by source id.
    pub versions: Vec<ListVersion>,
    /// When it was built.
    pub built_at: DateTime<Utc>,
    /// History dates of every entity seen in the walked versions (delisted
    /// ones included, for `first_seen`).
    dates: HashMap<EntityId, EntityDates>,
    /// Each entity's FollowTheMoney properties, serialized once.
    properties: HashMap<EntityId, Box<RawValue>>,
}

/// The date a version stands for: its publication date, else its import day.
pub fn version_date(v: &ListVersion) -> NaiveDate {
    v.published.unwrap_or_else(|| v.imported_at.date_naive())
}

impl Index {
    /// Builds an index from the latest version of every list in `store`.
    /// With `previous`, the history of a list is only walked from the
    /// version `previous` holds (its dates are reused), so a reload after
    /// one import costs one diff per changed list.
    #[tracing::instrument(skip_all)]
    pub async fn build(
        store: &dyn ListStore,
        previous: Option<&Index>,
    ) -> Result<Index, StoreError> {
        let started = std::time::Instant::now();
        let mut versions = Vec::new();
        let mut entities = Vec::new();
        let mut dates = HashMap::new();
        for summary in store.sources().await? {
            let list = store.entities(&summary.latest.id).await?;
            let history = store.versions(&summary.source).await?;
            let prev =
                previous.and_then(|p| p.version_of(&summary.source).map(|v| (&v.id, &p.dates)));
            dates.extend(list_dates(store, &summary.source, &history, &list, prev).await?);
            entities.extend(list);
            versions.push(summary.latest);
        }
        versions.sort_by(|a, b| a.source.as_str().cmp(b.source.as_str()));
        let n = entities.len();
        let (matcher, properties) = tokio::task::spawn_blocking(move || {
            let properties = entities
                .iter()
                .filter_map(|e| {
                    serde_json::value::to_raw_value(&crate::yente::ftm_properties(e))
                        .ok()
                        .map(|raw| (e.id.clone(), raw))
                })
                .collect();
            (Matcher::build(entities), properties)
        })
        .await
        .map_err(|e| StoreError::Internal(format!("index build failed: {e}")))?;
        tracing::info!(
            entities = n,
            lists = versions.len(),
            seconds = started.elapsed().as_secs_f64(),
            "screening index built"
        );
        Ok(Index {
            matcher,
            versions,
            built_at: Utc::now(),
            dates,
            properties,
        })
    }

    /// The version of `source` the index holds.
    pub fn version_of(&self, source: &SourceId) -> Option<&ListVersion> {
        self.versions.iter().find(|v| &v.source == source)
    }

    /// The history dates of an entity.
    pub fn dates(&self, id: &EntityId) -> Option<EntityDates> {
        self.dates.get(id).copied()
    }

    /// The entity's properties in yente's shape, as JSON.
    pub(crate) fn properties_json(&self, id: &EntityId) -> Option<&RawValue> {
        self.properties.get(id).map(|b| &**b)
    }

    /// The date of the indexed version of the entity's list (the last day
    /// it was seen).
    pub fn last_seen(&self, id: &EntityId) -> Option<NaiveDate> {
        self.versions
            .iter()
            .find(|v| v.source.as_str() == id.source_str())
            .map(version_date)
    }

    /// Screens `q`, keeping only matches `keep` accepts, best first, at most
    /// `opts.limit`.
    pub fn screen_filtered(
        &self,
        q: &Query,
        opts: &ScreenOptions,
        keep: &dyn Fn(&Match) -> bool,
    ) -> Vec<Match> {
        let wide = ScreenOptions {
            limit: usize::MAX,
            ..*opts
        };
        let mut out: Vec<Match> = self
            .matcher
            .screen(q, &wide)
            .into_iter()
            .filter(|m| keep(m))
            .collect();
        out.truncate(opts.limit);
        out
    }
}

/// Where an entity stands while the versions are walked from the latest
/// back to the oldest.
#[derive(Debug, Clone, Copy)]
struct Walk {
    /// In the version reached; else the version index it was added in.
    present: bool,
    /// Index of the earliest version (so far) where it was added.
    added_at: usize,
    /// Index of the latest version where it was added or changed.
    changed_at: Option<usize>,
}

/// The history dates of the entities of one list, walking the diffs between
/// consecutive versions from the latest back to the first (or to the
/// version `prev` holds, whose dates are reused).
async fn list_dates(
    store: &dyn ListStore,
    source: &SourceId,
    history: &[ListVersion],
    latest: &[Entity],
    prev: Option<(&VersionId, &HashMap<EntityId, EntityDates>)>,
) -> Result<HashMap<EntityId, EntityDates>, StoreError> {
    let Some(last) = history.len().checked_sub(1) else {
        return Ok(HashMap::new());
    };
    // Where the walk stops: the version the previous index held (when it
    // is an earlier version of this list), else the first version.
    let stop = prev
        .and_then(|(id, _)| history.iter().position(|v| &v.id == id))
        .filter(|&p| p <= last);
    let inherited = match (stop, prev) {
        (Some(_), Some((_, d))) => Some(d),
        _ => None,
    };
    let floor = stop.unwrap_or(0);
    let mut walk: HashMap<EntityId, Walk> = latest
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                Walk {
                    present: true,
                    added_at: floor,
                    changed_at: None,
                },
            )
        })
        .collect();
    for k in (floor + 1..=last).rev() {
        let diff = store
            .diff(source, Some(&history[k - 1].id), Some(&history[k].id))
            .await?;
        for e in &diff.added {
            let w = walk.entry(e.id.clone()).or_insert(Walk {
                present: false,
                added_at: k,
                changed_at: None,
            });
            w.present = false;
            w.added_at = k;
            w.changed_at.get_or_insert(k);
        }
        for c in &diff.changed {
            if let Some(w) = walk.get_mut(&c.id) {
                w.changed_at.get_or_insert(k);
            }
        }
        for e in &diff.removed {
            walk.entry(e.id.clone())
                .or_insert(Walk {
                    present: true,
                    added_at: floor,
                    changed_at: None,
                })
                .present = true;
        }
    }
    let date = |i: usize| version_date(&history[i]);
    let out = walk
        .into_iter()
        .map(|(id, w)| {
            let before = inherited.and_then(|d| d.get(&id));
            let first_seen = match before {
                // Present in the version the walk stopped at, or listed
                // before it: the previous index knows when it first was.
                Some(b) => b.first_seen,
                None if w.present => date(floor),
                None => date(w.added_at),
            };
            let last_change = match (w.changed_at, before) {
                (Some(k), _) => date(k),
                (None, Some(b)) => b.last_change,
                (None, None) => date(floor),
            };
            (
                id,
                EntityDates {
                    first_seen,
                    last_change,
                },
            )
        })
        .collect();
    Ok(out)
}
