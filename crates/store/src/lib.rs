//! The denylist store: every imported version of every sanctions list, kept
//! forever in little space.
//!
//! A [`Store`] opens (and creates) `denylist.sqlite` in a data directory. A
//! list version is immutable and identified by the sha256 of its raw files
//! ([`version_id_for`]); it is made of *entity revisions*, each distinct
//! state of an entity stored once (zstd-compressed canonical JSON keyed by
//! its sha256) and shared by every version in which it is unchanged. A
//! version's membership is one compact blob of revision ids, not one row per
//! entity, so the 341 daily versions of the OFAC SDN list from 2021 to 2024
//! take about 10 MB. See `docs/store.md` for the schema.
//!
//! Main operations, all on the [`ListStore`] trait: [`import`], point-in-time
//! lookups ([`version_as_of`]), [`entities`] of a version, one [`entity`]
//! with its [`EntityHistory`], and [`diff`] between versions ([`ListDiff`]).
//!
//! The same database holds the continuous-monitoring tables, behind the
//! [`MonitorStore`] trait ([`Store::monitor`]): the customer registry,
//! alerts with their history, the per-list monitoring state, the webhook
//! outbox, settings and the hash-chained audit log. One
//! [`MonitorStore::apply_screening`] call writes a whole screening run in
//! one transaction. See `docs/monitoring.md`.
//!
//! [`import`]: ListStore::import
//! [`version_as_of`]: ListStore::version_as_of
//! [`entities`]: ListStore::entities
//! [`entity`]: ListStore::entity
//! [`diff`]: ListStore::diff
//!
//! ```
//! use denylist_model::{Entity, Name, Schema};
//! use denylist_store::{ImportRequest, ListStore, Store};
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let dir = tempfile::tempdir().unwrap();
//! let store = Store::open(dir.path()).await?;
//!
//! let mut tal = Entity::new("us-ofac-sdn:48060".parse()?, Schema::Person);
//! tal.names.push(Name::primary("DILIAN, Tal Jonathan"));
//! let source = "us-ofac-sdn".parse()?;
//! let request = ImportRequest::from_files(
//!     source,
//!     "us-ofac-csv",
//!     chrono::NaiveDate::from_ymd_opt(2024, 3, 5),
//!     &[("sdn.csv", b"48060,\"DILIAN, Tal Jonathan\",individual".as_slice())],
//!     vec![tal.clone()],
//! );
//! let outcome = store.import(request.clone()).await?;
//! assert!(outcome.created);
//! assert_eq!(outcome.version.entity_count, 1);
//!
//! // The same bytes again: nothing to do.
//! assert!(!store.import(request).await?.created);
//!
//! // Look the version up by a prefix of its id, and read it back.
//! let short = &outcome.version.id.as_str()[..8];
//! let version = store.version(short).await?;
//! assert_eq!(store.entities(&version.id).await?, vec![tal]);
//! store.close().await;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```

use std::path::Path;
use std::sync::Arc;

mod diff;
mod error;
mod history;
mod import;
mod list_store;
mod membership;
mod monitor;
mod revision;
mod sqlite;
mod version_id;
mod version_spec;

pub use diff::{field_changes, EntityChange, FieldChange, ListDiff};
pub use error::{Result, StoreError};
pub use history::{EntityHistory, EntityRecord, HistorySpan, VersionRef};
pub use import::{FetchState, ImportOutcome, ImportRequest, SourceSummary};
pub use list_store::ListStore;
pub use monitor::audit::{
    canonical_json, AuditEntry, AuditHead, AuditProblem, AuditRecord, AuditVerification, Verifier,
    GENESIS_HASH,
};
pub use monitor::types::{
    Alert, AlertChange, AlertEvent, AlertFilter, AlertId, AlertRecord, AlertStatus, AuditContext,
    ChangeKind, Customer, Decision, DecisionOutcome, Delisting, MatchObservation, MonitorSettings,
    OutboxItem, RegistryStamp, ScreeningBatch, ScreeningOutcome, StoredCustomer, MAX_CUSTOMER_ID,
};
pub use monitor::MonitorStore;
pub use revision::entity_digest;
pub use sqlite::SqliteStore;
pub use version_id::{sha256, version_id_for, version_id_for_files};
pub use version_spec::VersionSpec;

/// The SQLite file name inside the data directory.
pub const SQLITE_FILE: &str = "denylist.sqlite";

/// A handle on the store, whatever its backend; cheap to clone.
///
/// It dereferences to [`ListStore`], so list operations are called on it
/// directly; [`Store::monitor`] gives the [`MonitorStore`] (customers,
/// alerts, audit log) of the same database.
#[derive(Debug, Clone)]
pub struct Store {
    inner: Arc<dyn ListStore>,
    monitor: Arc<dyn MonitorStore>,
}

impl Store {
    /// Opens the embedded SQLite store in `data_dir` (created if missing),
    /// applying pending schema migrations.
    pub async fn open(data_dir: &Path) -> Result<Store> {
        Ok(Store::from_backend(SqliteStore::open(data_dir).await?))
    }

    /// Wraps any backend.
    pub fn from_backend<B: ListStore + MonitorStore + 'static>(backend: B) -> Store {
        let backend = Arc::new(backend);
        Store {
            inner: backend.clone(),
            monitor: backend,
        }
    }

    /// The backend, for sharing as `Arc<dyn ListStore>`.
    pub fn backend(&self) -> Arc<dyn ListStore> {
        Arc::clone(&self.inner)
    }

    /// The monitoring tables (customers, alerts, audit log...) of the same
    /// database.
    pub fn monitor(&self) -> &dyn MonitorStore {
        &*self.monitor
    }

    /// The monitoring backend, for sharing as `Arc<dyn MonitorStore>`.
    pub fn monitor_backend(&self) -> Arc<dyn MonitorStore> {
        Arc::clone(&self.monitor)
    }
}

impl std::ops::Deref for Store {
    type Target = dyn ListStore;
    fn deref(&self) -> &Self::Target {
        &*self.inner
    }
}
