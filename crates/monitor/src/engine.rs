//! The [`Monitor`]: customer imports, delta screening on list changes, full
//! re-screens and decisions, over a [`Store`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use denylist_matching::{Algorithm, ScreenOptions};
use denylist_model::{Entity, EntityId, ListVersion, SourceId, VersionId};
use denylist_store::{
    AuditContext, AuditEntry, Customer, Decision, DecisionOutcome, Delisting, MatchObservation,
    MonitorSettings, RegistryStamp, ScreeningBatch, ScreeningOutcome, Store, StoreError,
};
use serde::Serialize;
use tracing::info;

use crate::index::CustomerIndex;
use crate::lists::{load_lists, Lists};
use crate::screen::screen_customers;
use crate::{MonitorError, ENGINE_VERSION};

/// How the monitor works.
#[derive(Debug, Clone, PartialEq)]
pub struct MonitorOptions {
    /// At most this many matches per customer name.
    pub limit: usize,
    /// Customers screened (and stored) together.
    pub chunk_size: usize,
    /// A delta with more added and changed entities than this screens every
    /// customer instead of asking the customer index.
    pub full_delta_above: usize,
    /// Fault injection for crash tests: pause inside each screening
    /// transaction, before its commit.
    #[doc(hidden)]
    pub pause_before_commit: Option<Duration>,
}

impl Default for MonitorOptions {
    fn default() -> Self {
        MonitorOptions {
            limit: 50,
            chunk_size: 20_000,
            full_delta_above: 2_000,
            pause_before_commit: None,
        }
    }
}

/// Where imported customers came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportOrigin {
    /// File name (or `api`).
    pub file: String,
    /// sha256 of the file.
    pub sha256: Option<String>,
    /// Records read.
    pub records: u64,
    /// Records rejected.
    pub rejected: u64,
}

/// What a customer import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CustomerImport {
    /// Where from.
    pub origin: ImportOrigin,
    /// Customers given (after rejects and duplicates).
    pub customers: u64,
    /// New customers.
    pub inserted: u64,
    /// Changed customers.
    pub updated: u64,
    /// Unchanged customers (neither written nor screened).
    pub unchanged: u64,
    /// Customers screened (new and changed, when a list is imported).
    pub screened: u64,
    /// The list versions screened against.
    pub versions: Vec<ListVersion>,
    /// Alerts raised, reopened, rescored...
    pub outcome: ScreeningOutcome,
    /// Wall time.
    pub seconds: f64,
}

impl CustomerImport {
    /// One line of text.
    pub fn line(&self) -> String {
        let lists = if self.versions.is_empty() {
            "no list imported yet: not screened".to_string()
        } else {
            format!(
                "{} screened: {} new alerts, {} reopened",
                self.screened, self.outcome.raised, self.outcome.reopened
            )
        };
        format!(
            "{}: {} customers ({} new, {} changed, {} unchanged), {} rejected; {lists}",
            self.origin.file,
            self.customers,
            self.inserted,
            self.updated,
            self.unchanged,
            self.origin.rejected
        )
    }
}

/// Milliseconds spent in each step of one list's delta.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct DeltaTimings {
    /// Building the customer index (a one-off: the first delta that needs
    /// it in the process; not part of [`DeltaTimings::total_ms`]).
    pub index_ms: f64,
    /// Reading the diff from the store.
    pub diff_ms: f64,
    /// Finding candidate customers in the index.
    pub candidates_ms: f64,
    /// Screening the candidates against the lists.
    pub screen_ms: f64,
    /// The transaction writing alerts, audit records and state.
    pub store_ms: f64,
}

impl DeltaTimings {
    /// The delta step in all (no loading, no index building).
    pub fn total_ms(&self) -> f64 {
        self.diff_ms + self.candidates_ms + self.screen_ms + self.store_ms
    }
}

/// The delta screening of one list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceSync {
    /// The list.
    pub source: SourceId,
    /// The version screened before (none the first time).
    pub from: Option<VersionId>,
    /// The version screened now.
    pub to: VersionId,
    /// Its publication date.
    pub published: Option<NaiveDate>,
    /// Entities added.
    pub added: usize,
    /// Entities changed.
    pub changed: usize,
    /// Entities removed.
    pub removed: usize,
    /// Every customer was screened (first version seen, or a large delta).
    pub full: bool,
    /// Customers screened.
    pub candidates: usize,
    /// What happened to alerts.
    pub outcome: ScreeningOutcome,
    /// Time per step.
    pub timings: DeltaTimings,
}

/// One-off costs of a sync.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SetupTimings {
    /// Loading the lists and building the matcher.
    pub lists_ms: f64,
    /// Loading the customers (0 when cached).
    pub registry_ms: f64,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncReport {
    /// Registered customers.
    pub customers: u64,
    /// One entry per list with a new version.
    pub sources: Vec<SourceSync>,
    /// Loading costs.
    pub setup: SetupTimings,
}

impl SyncReport {
    /// True when no list had a new version.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// (raised, reopened, delisted) over all lists.
    pub fn totals(&self) -> (u64, u64, u64) {
        self.sources.iter().fold((0, 0, 0), |t, s| {
            (
                t.0 + s.outcome.raised,
                t.1 + s.outcome.reopened,
                t.2 + s.outcome.delisted,
            )
        })
    }

    /// One line per list.
    pub fn lines(&self) -> Vec<String> {
        self.sources
            .iter()
            .map(|s| {
                format!(
                    "monitoring: {} {} ({}): +{} ~{} -{} entities, {} of {} customers screened: {} new alerts, {} reopened, {} delisted",
                    s.source,
                    s.to.short(),
                    s.published.map_or("-".to_string(), |d| d.to_string()),
                    s.added,
                    s.changed,
                    s.removed,
                    s.candidates,
                    self.customers,
                    s.outcome.raised,
                    s.outcome.reopened,
                    s.outcome.delisted
                )
            })
            .collect()
    }
}

/// What a full re-screen did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RescreenReport {
    /// The pending deltas run first.
    pub sync: SyncReport,
    /// Customers screened.
    pub customers: u64,
    /// The list versions screened against.
    pub versions: Vec<ListVersion>,
    /// What happened to alerts.
    pub outcome: ScreeningOutcome,
    /// Loading the lists and building the matcher.
    pub lists_ms: f64,
    /// The screening and storing of every customer.
    pub screen_ms: f64,
}

impl RescreenReport {
    /// One line of text.
    pub fn line(&self) -> String {
        let secs = self.screen_ms / 1000.0;
        format!(
            "rescreened {} customers in {:.1} s ({:.0} customers/s): {} new alerts, {} reopened, {} rescored, {} dismissed alerts kept",
            self.customers,
            secs,
            self.customers as f64 / secs.max(1e-3),
            self.outcome.raised,
            self.outcome.reopened,
            self.outcome.rescored,
            self.outcome.still_dismissed
        )
    }
}

/// The registry in memory, valid for one [`RegistryStamp`], with its index
/// built on first use (a full screening does not need it).
#[derive(Debug)]
struct Registry {
    stamp: RegistryStamp,
    customers: Vec<Customer>,
    index: std::sync::OnceLock<CustomerIndex>,
}

/// Adds the counts of `b` to `a` (and its changes).
fn add_outcome(a: &mut ScreeningOutcome, b: ScreeningOutcome) {
    a.customers_inserted += b.customers_inserted;
    a.customers_updated += b.customers_updated;
    a.customers_unchanged += b.customers_unchanged;
    a.raised += b.raised;
    a.reopened += b.reopened;
    a.rescored += b.rescored;
    a.unchanged += b.unchanged;
    a.still_dismissed += b.still_dismissed;
    a.delisted += b.delisted;
    a.changes.extend(b.changes);
}

fn outcome_json(o: &ScreeningOutcome) -> serde_json::Value {
    serde_json::json!({
        "customers_inserted": o.customers_inserted,
        "customers_updated": o.customers_updated,
        "customers_unchanged": o.customers_unchanged,
        "raised": o.raised,
        "reopened": o.reopened,
        "rescored": o.rescored,
        "unchanged": o.unchanged,
        "still_dismissed": o.still_dismissed,
        "delisted": o.delisted,
    })
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// Continuous monitoring over a store: see the crate docs.
#[derive(Debug)]
pub struct Monitor {
    store: Store,
    options: MonitorOptions,
    registry: tokio::sync::Mutex<Option<Arc<Registry>>>,
}

impl Monitor {
    /// A monitor over `store`.
    pub fn new(store: Store, options: MonitorOptions) -> Monitor {
        Monitor {
            store,
            options,
            registry: tokio::sync::Mutex::new(None),
        }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    fn context(&self, actor: &str) -> AuditContext {
        AuditContext::new(actor, ENGINE_VERSION)
    }

    fn batch(&self, actor: &str) -> ScreeningBatch {
        let mut b = ScreeningBatch::new(self.context(actor));
        b.pause_before_commit = self.options.pause_before_commit;
        b
    }

    async fn screen_options(&self) -> Result<ScreenOptions, MonitorError> {
        let settings = self.store.monitor().monitor_settings().await?;
        Ok(ScreenOptions {
            threshold: settings.threshold,
            limit: self.options.limit,
            algorithm: Algorithm::Denylist,
        })
    }

    /// The number of registered customers.
    pub async fn customer_count(&self) -> Result<u64, MonitorError> {
        Ok(self.store.monitor().registry_stamp().await?.customers)
    }

    /// Lists whose latest version was not screened yet: (list, version
    /// last screened, latest version).
    pub async fn pending(
        &self,
    ) -> Result<Vec<(SourceId, Option<VersionId>, ListVersion)>, MonitorError> {
        let state = self.store.monitor().monitor_state().await?;
        Ok(self
            .store
            .sources()
            .await?
            .into_iter()
            .filter(|s| state.get(&s.source) != Some(&s.latest.id))
            .map(|s| (s.source.clone(), state.get(&s.source).cloned(), s.latest))
            .collect())
    }

    /// Registers customers (insert new, update changed, skip unchanged by
    /// content hash) and screens the new and changed ones at once against
    /// the latest lists, in chunks: each chunk's customers, alerts and audit
    /// records commit together. One `customers.import` audit record sums
    /// the import up.
    #[tracing::instrument(skip_all, fields(file = %origin.file, customers = customers.len()))]
    pub async fn import_customers(
        &self,
        customers: Vec<Customer>,
        origin: ImportOrigin,
        actor: &str,
    ) -> Result<CustomerImport, MonitorError> {
        let started = Instant::now();
        let mut unique: Vec<Customer> = Vec::with_capacity(customers.len());
        let mut position: HashMap<String, usize> = HashMap::with_capacity(customers.len());
        for c in customers {
            let c = c.normalized().map_err(StoreError::Invalid)?;
            match position.get(&c.id) {
                Some(&i) => unique[i] = c,
                None => {
                    position.insert(c.id.clone(), unique.len());
                    unique.push(c);
                }
            }
        }
        drop(position);
        let before = self.store.monitor().registry_stamp().await?;
        let ids: Vec<String> = unique.iter().map(|c| c.id.clone()).collect();
        let known = self.store.monitor().customer_hashes(&ids).await?;
        drop(ids);
        let total = unique.len() as u64;
        let mut report = CustomerImport {
            origin,
            customers: total,
            ..CustomerImport::default()
        };
        let todo: Vec<Customer> = unique
            .into_iter()
            .filter(|c| known.get(&c.id) != Some(&c.content_hash()))
            .collect();
        report.unchanged = total - todo.len() as u64;
        let lists = load_lists(&self.store).await?.map(Arc::new);
        let opts = self.screen_options().await?;
        let mut outcome = ScreeningOutcome::default();
        let mut todo = todo.into_iter().peekable();
        while todo.peek().is_some() {
            let chunk: Vec<Customer> = todo.by_ref().take(self.options.chunk_size).collect();
            let matches = match &lists {
                Some(lists) => {
                    report.screened += chunk.len() as u64;
                    screen_blocking(Arc::clone(lists), chunk.clone(), opts, None).await?
                }
                None => Vec::new(),
            };
            let mut batch = self.batch(actor);
            batch.customers = chunk;
            batch.matches = matches;
            add_outcome(
                &mut outcome,
                self.store.monitor().apply_screening(batch).await?,
            );
        }
        report.inserted = outcome.customers_inserted;
        report.updated = outcome.customers_updated;
        report.unchanged += outcome.customers_unchanged;
        let versions: Vec<ListVersion> = lists
            .as_ref()
            .map(|l| l.versions.values().cloned().collect())
            .unwrap_or_default();
        let mut summary = self.batch(actor);
        if before.customers == 0 {
            // Every customer was screened against these versions: no delta
            // of them is pending.
            summary.monitor_state = versions
                .iter()
                .map(|v| (v.source.clone(), v.id.clone()))
                .collect();
        }
        summary.summary = Some(AuditEntry::new(
            actor,
            "customers.import",
            report.origin.file.clone(),
            serde_json::json!({
                "file": report.origin.file,
                "sha256": report.origin.sha256,
                "records": report.origin.records,
                "rejected": report.origin.rejected,
                "customers": report.customers,
                "inserted": report.inserted,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "screened": report.screened,
                "outcome": outcome_json(&outcome),
            }),
            versions.iter().map(|v| v.id.to_string()).collect(),
        ));
        self.store.monitor().apply_screening(summary).await?;
        report.versions = versions;
        report.outcome = outcome;
        report.seconds = started.elapsed().as_secs_f64();
        *self.registry.lock().await = None;
        info!(
            inserted = report.inserted,
            updated = report.updated,
            raised = report.outcome.raised,
            "customers imported"
        );
        Ok(report)
    }

    /// The registry, from the cache when no customer changed.
    async fn registry(&self) -> Result<(Arc<Registry>, f64), MonitorError> {
        let started = Instant::now();
        let stamp = self.store.monitor().registry_stamp().await?;
        let mut cache = self.registry.lock().await;
        if let Some(r) = cache.as_ref().filter(|r| r.stamp == stamp) {
            return Ok((Arc::clone(r), 0.0));
        }
        let mut customers: Vec<Customer> = Vec::with_capacity(stamp.customers as usize);
        let mut after: Option<String> = None;
        loop {
            let page = self
                .store
                .monitor()
                .customers(after.as_deref(), 50_000)
                .await?;
            let Some(last) = page.last() else { break };
            after = Some(last.customer.id.clone());
            customers.extend(page.into_iter().map(|s| s.customer));
        }
        let registry = Arc::new(Registry {
            stamp,
            customers,
            index: std::sync::OnceLock::new(),
        });
        *cache = Some(Arc::clone(&registry));
        let took = ms(started);
        info!(
            customers = registry.customers.len(),
            ms = took as u64,
            "customers loaded"
        );
        Ok((registry, took))
    }

    /// Screens what changed in every list with a version not screened yet
    /// (the whole version the first time a list is seen): added and changed
    /// entities against the customers the index finds, screened forward
    /// against the latest lists; removed entities close their open alerts as
    /// delisted. Each list's alerts, audit records and new monitoring state
    /// commit in one transaction, so an interrupted sync is simply run
    /// again. Nothing happens without customers.
    pub async fn sync(&self, actor: &str) -> Result<SyncReport, MonitorError> {
        let customers = self.customer_count().await?;
        if customers == 0 {
            return Ok(SyncReport::default());
        }
        let pending = self.pending().await?;
        if pending.is_empty() {
            return Ok(SyncReport {
                customers,
                ..SyncReport::default()
            });
        }
        let started = Instant::now();
        let Some(lists) = load_lists(&self.store).await? else {
            return Ok(SyncReport::default());
        };
        let lists_ms = ms(started);
        let mut report = self.sync_with(&Arc::new(lists), actor).await?;
        report.setup.lists_ms = lists_ms;
        Ok(report)
    }

    /// [`Monitor::sync`] against already loaded lists: their versions are
    /// the targets.
    pub async fn sync_with(
        &self,
        lists: &Arc<Lists>,
        actor: &str,
    ) -> Result<SyncReport, MonitorError> {
        let state = self.store.monitor().monitor_state().await?;
        let pending: Vec<(&SourceId, &ListVersion)> = lists
            .versions
            .iter()
            .filter(|(s, v)| state.get(*s) != Some(&v.id))
            .collect();
        let mut report = SyncReport::default();
        if pending.is_empty() {
            report.customers = self.customer_count().await?;
            return Ok(report);
        }
        let (registry, registry_ms) = self.registry().await?;
        report.customers = registry.customers.len() as u64;
        report.setup.registry_ms = registry_ms;
        if registry.customers.is_empty() {
            return Ok(report);
        }
        let opts = self.screen_options().await?;
        for (source, to) in pending {
            let from = state.get(source).cloned();
            let entry = self
                .sync_source(lists, &registry, source, from, to, opts, actor)
                .await?;
            report.sources.push(entry);
        }
        Ok(report)
    }

    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(skip_all, fields(source = %source, to = %to.id.short()))]
    async fn sync_source(
        &self,
        lists: &Arc<Lists>,
        registry: &Arc<Registry>,
        source: &SourceId,
        from: Option<VersionId>,
        to: &ListVersion,
        opts: ScreenOptions,
        actor: &str,
    ) -> Result<SourceSync, MonitorError> {
        let mut timings = DeltaTimings::default();
        let t = Instant::now();
        let diff = match self.store.diff(source, from.as_ref(), Some(&to.id)).await {
            Ok(d) => d,
            // The version last screened is gone (it cannot be, versions are
            // kept forever; be safe): screen the whole version.
            Err(StoreError::NotFound { .. }) if from.is_some() => {
                self.store.diff(source, None, Some(&to.id)).await?
            }
            Err(e) => return Err(e.into()),
        };
        timings.diff_ms = ms(t);
        let changed: HashSet<EntityId> = diff
            .added
            .iter()
            .map(|e| e.id.clone())
            .chain(diff.changed.iter().map(|c| c.id.clone()))
            .collect();
        let full = diff.from.is_none() || changed.len() > self.options.full_delta_above;
        if !full && !changed.is_empty() && registry.index.get().is_none() {
            let t = Instant::now();
            let r = Arc::clone(registry);
            tokio::task::spawn_blocking(move || {
                r.index.get_or_init(|| CustomerIndex::build(&r.customers));
            })
            .await
            .map_err(|e| MonitorError::Internal(format!("building the customer index: {e}")))?;
            timings.index_ms = ms(t);
            info!(
                customers = registry.customers.len(),
                ms = timings.index_ms as u64,
                "customer index built"
            );
        }
        let t = Instant::now();
        let candidates: Vec<u32> = if changed.is_empty() {
            Vec::new()
        } else if full {
            (0..registry.customers.len() as u32).collect()
        } else {
            let entities: Vec<&Entity> = changed
                .iter()
                .filter_map(|id| lists.matcher.entity(id))
                .collect();
            registry
                .index
                .get()
                .map(|index| index.candidates(entities))
                .unwrap_or_default()
        };
        timings.candidates_ms = ms(t);
        let t = Instant::now();
        let mut matches: Vec<MatchObservation> = Vec::new();
        let only = Arc::new(changed);
        for chunk in candidates.chunks(self.options.chunk_size) {
            let registry = Arc::clone(registry);
            let lists = Arc::clone(lists);
            let only = Arc::clone(&only);
            let chunk = chunk.to_vec();
            let found = tokio::task::spawn_blocking(move || {
                let customers: Vec<&Customer> = chunk
                    .iter()
                    .map(|&i| &registry.customers[i as usize])
                    .collect();
                screen_customers(&lists, &customers, &opts, Some(&only))
            })
            .await
            .map_err(|e| MonitorError::Internal(format!("screening: {e}")))?;
            matches.extend(found);
        }
        timings.screen_ms = ms(t);
        let t = Instant::now();
        let mut batch = self.batch(actor);
        batch.matches = matches;
        batch.delisted = diff
            .removed
            .iter()
            .map(|e| Delisting {
                entity_id: e.id.clone(),
                version: to.id.clone(),
            })
            .collect();
        batch.monitor_state = vec![(source.clone(), to.id.clone())];
        let mut versions = Vec::new();
        if let Some(f) = &diff.from {
            versions.push(f.id.to_string());
        }
        versions.push(to.id.to_string());
        batch.summary = Some(AuditEntry::new(
            actor,
            "monitor.sync",
            source.to_string(),
            serde_json::json!({
                "source": source,
                "from": diff.from.as_ref().map(|v| &v.id),
                "to": to.id,
                "published": to.published,
                "added": diff.added.len(),
                "changed": diff.changed.len(),
                "removed": diff.removed.len(),
                "full": full,
                "customers": registry.customers.len(),
                "candidates": candidates.len(),
                "threshold": opts.threshold,
            }),
            versions,
        ));
        let outcome = self.store.monitor().apply_screening(batch).await?;
        timings.store_ms = ms(t);
        info!(
            added = diff.added.len(),
            changed = diff.changed.len(),
            removed = diff.removed.len(),
            candidates = candidates.len(),
            raised = outcome.raised,
            reopened = outcome.reopened,
            delisted = outcome.delisted,
            ms = timings.total_ms() as u64,
            "delta screened"
        );
        Ok(SourceSync {
            source: source.clone(),
            from: diff.from.map(|v| v.id),
            to: to.id.clone(),
            published: to.published,
            added: diff.added.len(),
            changed: diff.changed.len(),
            removed: diff.removed.len(),
            full,
            candidates: candidates.len(),
            outcome,
            timings,
        })
    }

    /// Runs the pending deltas, then screens every registered customer
    /// against the latest lists again, `chunk_size` at a time (each chunk
    /// one transaction). Dismissed alerts stay dismissed unless their data
    /// changed. `progress(done)` is called after every chunk.
    pub async fn rescreen_all(
        &self,
        actor: &str,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<RescreenReport, MonitorError> {
        let started = Instant::now();
        let lists = Arc::new(
            load_lists(&self.store)
                .await?
                .ok_or(MonitorError::NoLists)?,
        );
        let lists_ms = ms(started);
        let mut report = RescreenReport {
            lists_ms,
            versions: lists.versions.values().cloned().collect(),
            ..RescreenReport::default()
        };
        if self.customer_count().await? > 0 {
            report.sync = self.sync_with(&lists, actor).await?;
            report.sync.setup.lists_ms = lists_ms;
        }
        let opts = self.screen_options().await?;
        let started = Instant::now();
        let mut outcome = ScreeningOutcome::default();
        let mut page = self.page(None).await?;
        while !page.is_empty() {
            let after = page.last().map(|c| c.id.clone());
            report.customers += page.len() as u64;
            // Screen this page while the next one is read.
            let screening =
                tokio::task::spawn(screen_blocking(Arc::clone(&lists), page, opts, None));
            let next = self.page(after.as_deref()).await?;
            let matches = screening
                .await
                .map_err(|e| MonitorError::Internal(format!("screening: {e}")))??;
            let mut batch = self.batch(actor);
            batch.matches = matches;
            add_outcome(
                &mut outcome,
                self.store.monitor().apply_screening(batch).await?,
            );
            progress(report.customers);
            page = next;
        }
        let mut summary = self.batch(actor);
        summary.summary = Some(AuditEntry::new(
            actor,
            "monitor.rescreen",
            "all customers",
            serde_json::json!({
                "customers": report.customers,
                "threshold": opts.threshold,
                "outcome": outcome_json(&outcome),
            }),
            lists.version_ids(),
        ));
        self.store.monitor().apply_screening(summary).await?;
        report.screen_ms = ms(started);
        report.outcome = outcome;
        info!(
            customers = report.customers,
            raised = report.outcome.raised,
            "full re-screen done"
        );
        Ok(report)
    }

    async fn page(&self, after: Option<&str>) -> Result<Vec<Customer>, MonitorError> {
        Ok(self
            .store
            .monitor()
            .customers(after, self.options.chunk_size)
            .await?
            .into_iter()
            .map(|s| s.customer)
            .collect())
    }

    /// Records a reviewer's decision on an alert.
    pub async fn decide(
        &self,
        alert: denylist_store::AlertId,
        decision: &Decision,
        reviewer: &str,
    ) -> Result<DecisionOutcome, MonitorError> {
        Ok(self
            .store
            .monitor()
            .decide(alert, decision, &self.context(reviewer))
            .await?)
    }

    /// Changes the monitoring settings (audited).
    pub async fn set_settings(
        &self,
        settings: &MonitorSettings,
        actor: &str,
    ) -> Result<(), MonitorError> {
        Ok(self
            .store
            .monitor()
            .set_monitor_settings(settings, &self.context(actor))
            .await?)
    }

    /// The list versions screened per list.
    pub async fn state(&self) -> Result<BTreeMap<SourceId, VersionId>, MonitorError> {
        Ok(self.store.monitor().monitor_state().await?)
    }
}

/// Screens owned customers off the async threads.
async fn screen_blocking(
    lists: Arc<Lists>,
    customers: Vec<Customer>,
    opts: ScreenOptions,
    only: Option<Arc<HashSet<EntityId>>>,
) -> Result<Vec<MatchObservation>, MonitorError> {
    tokio::task::spawn_blocking(move || {
        let refs: Vec<&Customer> = customers.iter().collect();
        screen_customers(&lists, &refs, &opts, only.as_deref())
    })
    .await
    .map_err(|e| MonitorError::Internal(format!("screening: {e}")))
}
