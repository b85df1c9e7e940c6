//! The screening [`Index`]: one matcher over the latest version of every
//! list.

use chrono::{DateTime, NaiveDate, Utc};
use denylist_matching::{Match, Matcher, Query, ScreenOptions};
use denylist_model::{EntityId, ListVersion, SourceId};
use denylist_store::{ListStore, StoreError};

/// The screening index: one matcher over the latest version of every list.
#[derive(Debug)]
pub struct Index {
    /// The matcher over every entity of `versions`.
    pub matcher: Matcher,
    /// The list versions it was built from, by source id.
    pub versions: Vec<ListVersion>,
    /// When it was built.
    pub built_at: DateTime<Utc>,
}

/// The date a version stands for: its publication date, else its import day.
pub fn version_date(v: &ListVersion) -> NaiveDate {
    v.published.unwrap_or_else(|| v.imported_at.date_naive())
}

impl Index {
    /// Builds an index from the latest version of every list in `store`.
    #[tracing::instrument(skip_all)]
    pub async fn build(store: &dyn ListStore) -> Result<Index, StoreError> {
        let started = std::time::Instant::now();
        let mut versions = Vec::new();
        let mut entities = Vec::new();
        for summary in store.sources().await? {
            let list = store.entities(&summary.latest.id).await?;
            entities.extend(list);
            versions.push(summary.latest);
        }
        versions.sort_by(|a, b| a.source.as_str().cmp(b.source.as_str()));
        let n = entities.len();
        let matcher = tokio::task::spawn_blocking(move || Matcher::build(entities))
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
        })
    }

    /// The version of `source` the index holds.
    pub fn version_of(&self, source: &SourceId) -> Option<&ListVersion> {
        self.versions.iter().find(|v| &v.source == source)
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
