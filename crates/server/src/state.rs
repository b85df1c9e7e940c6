//! The state shared by every handler: the store, the current index (swapped
//! atomically on reload), API keys, limits and metrics.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use arc_swap::ArcSwapOption;
use denylist_store::{ListStore, StoreError};

use crate::{ApiError, Index, KeySet, Limits, Metrics};

/// Shared state of every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The list store.
    pub store: Arc<dyn ListStore>,
    index: Arc<ArcSwapOption<Index>>,
    reload_lock: Arc<tokio::sync::Mutex<()>>,
    /// Accepted API keys.
    pub keys: Arc<KeySet>,
    /// Handler limits.
    pub limits: Limits,
    /// Request and match counters.
    pub metrics: Arc<Metrics>,
    /// Continuous monitoring, when enabled ([`AppState::with_monitor`]).
    pub(crate) monitor: Option<Arc<crate::monitor::MonitorHandle>>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("store", &self.store)
            .field("ready", &self.index.load().is_some())
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// A state with no index yet (`/readyz` answers 503 until [`reload`]).
    ///
    /// [`reload`]: AppState::reload
    pub fn new(store: Arc<dyn ListStore>, keys: KeySet, limits: Limits) -> Self {
        AppState {
            store,
            index: Arc::new(ArcSwapOption::empty()),
            reload_lock: Arc::new(tokio::sync::Mutex::new(())),
            keys: Arc::new(keys),
            limits,
            metrics: Arc::new(Metrics::default()),
            monitor: None,
        }
    }

    /// The current index, if built. In-flight requests keep the one they
    /// loaded while a reload swaps in the next.
    pub fn index(&self) -> Option<Arc<Index>> {
        self.index.load_full()
    }

    /// The current index or [`ApiError::NotReady`].
    pub fn ready_index(&self) -> Result<Arc<Index>, ApiError> {
        self.index().ok_or(ApiError::NotReady)
    }

    /// Rebuilds the index beside the current one when the store holds other
    /// latest versions than it, then swaps it in atomically. Returns whether
    /// a new index was swapped in.
    pub async fn reload(&self) -> Result<bool, StoreError> {
        let _guard = self.reload_lock.lock().await;
        let mut latest: Vec<(String, String)> = self
            .store
            .sources()
            .await?
            .into_iter()
            .map(|s| (s.source.to_string(), s.latest.id.to_string()))
            .collect();
        latest.sort();
        let current = self.index();
        if let Some(cur) = &current {
            let held: Vec<(String, String)> = cur
                .versions
                .iter()
                .map(|v| (v.source.to_string(), v.id.to_string()))
                .collect();
            if held == latest {
                return Ok(false);
            }
        }
        let next = Index::build(&*self.store, current.as_deref()).await?;
        for v in &next.versions {
            let was = current
                .as_ref()
                .and_then(|c| c.version_of(&v.source))
                .map(|p| p.id.short().to_string());
            if was.as_deref() != Some(v.id.short()) {
                tracing::info!(
                    source = %v.source,
                    version = v.id.short(),
                    previous = was.as_deref().unwrap_or("-"),
                    entities = v.entity_count,
                    "serving new list version"
                );
            }
        }
        self.index.store(Some(Arc::new(next)));
        self.metrics.reloads.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }
}
