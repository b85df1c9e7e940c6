//! Continuous monitoring: a customer registry re-screened on every list
//! change, with alerts, decisions and an audit trail.
//!
//! A [`Monitor`] works over a [`Store`](denylist_store::Store):
//!
//! - [`Monitor::import_customers`] upserts customers (new, changed,
//!   unchanged by content hash) and screens the new and changed ones at once
//!   against the latest version of every list ([`load_lists`]), exactly as
//!   `denylist screen` would (same [`Query`](denylist_matching::Query), same
//!   matcher, same score);
//! - [`Monitor::sync`] screens what changed since the list versions last
//!   screened: added and changed entities against the customers a
//!   [`CustomerIndex`] finds, each candidate screened forward against the
//!   full lists; removed entities close their alerts as delisted. Each
//!   list's results commit in one transaction with the new monitoring state,
//!   so an interrupted sync is resumed by running it again;
//! - [`Monitor::rescreen_all`] screens every customer again;
//! - [`Monitor::decide`] records a reviewer's decision.
//!
//! The alert lifecycle rules and the audit log live in the store
//! (`denylist_store::MonitorStore`), applied inside the transactions. See
//! `docs/monitoring.md`.
//!
//! ```
//! use denylist_model::{Entity, Name, Schema};
//! use denylist_monitor::{ImportOrigin, Monitor, MonitorOptions};
//! use denylist_store::{AlertFilter, Customer, ImportRequest, Store};
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let dir = tempfile::tempdir().unwrap();
//! let store = Store::open(dir.path()).await?;
//! let monitor = Monitor::new(store.clone(), MonitorOptions::default());
//! let mut tal = Customer::new("C1", "Tal Dilian");
//! tal.kind = Some(Schema::Person);
//! monitor.import_customers(vec![tal], ImportOrigin::default(), "ann@bank").await?;
//!
//! // A list version arrives: the delta is screened.
//! let mut e = Entity::new("us-ofac-sdn:48060".parse()?, Schema::Person);
//! e.names.push(Name::primary("DILIAN, Tal Jonathan"));
//! let source = "us-ofac-sdn".parse()?;
//! let files = [("sdn.csv", b"48060,\"DILIAN, Tal Jonathan\"".as_slice())];
//! store.import(ImportRequest::from_files(source, "us-ofac-csv", None, &files, vec![e])).await?;
//! let report = monitor.sync("system").await?;
//! assert_eq!(report.totals(), (1, 0, 0));
//! let alerts = store.monitor().alerts(&AlertFilter::default()).await?;
//! assert_eq!(alerts[0].entity_id.as_str(), "us-ofac-sdn:48060");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```

mod engine;
mod index;
mod lists;
mod registry;
mod screen;

pub use engine::{
    CustomerImport, DeltaTimings, ImportOrigin, Monitor, MonitorOptions, RescreenReport,
    SetupTimings, SourceSync, SyncReport,
};
pub use index::{CustomerIndex, IndexOptions};
pub use lists::{load_lists, Lists};
pub use registry::{read_customer_file, CustomerFile, Reject};
pub use screen::{customer_queries, screen_customers};

/// The engine version recorded in every audit record.
pub const ENGINE_VERSION: &str = concat!("denylist ", env!("CARGO_PKG_VERSION"));

/// What can go wrong while monitoring.
#[derive(Debug, thiserror::Error)]
pub enum MonitorError {
    /// The store failed or refused (not found, conflict, invalid).
    #[error(transparent)]
    Store(#[from] denylist_store::StoreError),
    /// A customer file could not be opened or has no name column.
    #[error(transparent)]
    Batch(#[from] denylist_batch::BatchError),
    /// A customer file cannot be used as a registry.
    #[error("{file}: {reason}")]
    Input {
        /// The file.
        file: String,
        /// Why.
        reason: String,
    },
    /// Screening needs at least one list.
    #[error("no list imported: run `denylist import` or `denylist update` first")]
    NoLists,
    /// A background task failed (a bug).
    #[error("internal error: {0}")]
    Internal(String),
}

#[cfg(test)]
mod tests {
    #[test]
    fn default_threshold_is_the_matchers() {
        assert_eq!(
            denylist_store::MonitorSettings::default().threshold,
            denylist_matching::DEFAULT_THRESHOLD
        );
    }
}
