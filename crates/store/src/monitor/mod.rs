//! Continuous monitoring storage: the customer registry, alerts and their
//! history, the per-list monitoring state, the webhook outbox, settings and
//! the hash-chained audit log, behind the [`MonitorStore`] trait.
//!
//! The screening itself (which customers match which entities) is done by
//! `denylist-monitor`; this layer stores the results atomically and applies
//! the alert lifecycle rules (`rules.rs`) inside the same transaction, so
//! every change, its audit records, its outbox rows and the monitoring state
//! commit together or not at all.

pub(crate) mod audit;
pub(crate) mod rules;
pub(crate) mod types;

use std::collections::BTreeMap;
use std::fmt;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use denylist_model::{SourceId, VersionId};

use crate::Result;
use audit::{AuditEntry, AuditRecord, AuditVerification};
use types::{
    AlertFilter, AlertId, AlertRecord, AuditContext, Decision, DecisionOutcome, MonitorSettings,
    OutboxItem, RegistryStamp, ScreeningBatch, ScreeningOutcome, StoredCustomer,
};

/// Customers, alerts, monitoring state, outbox, settings and audit log.
#[async_trait]
pub trait MonitorStore: Send + Sync + fmt::Debug {
    /// The content hashes of the given customers that are registered.
    async fn customer_hashes(&self, ids: &[String]) -> Result<BTreeMap<String, String>>;

    /// One customer.
    async fn customer(&self, id: &str) -> Result<StoredCustomer>;

    /// Customers by id, after `after` (paging), at most `limit`.
    async fn customers(&self, after: Option<&str>, limit: usize) -> Result<Vec<StoredCustomer>>;

    /// Number of customers and time of the last change.
    async fn registry_stamp(&self) -> Result<RegistryStamp>;

    /// Applies a screening run in one transaction: customers, alerts (by
    /// the lifecycle rules), their events, audit records and outbox rows,
    /// delistings, the monitoring state and the summary record. Customers
    /// are validated first ([`Customer::normalized`](types::Customer::normalized)):
    /// an invalid one fails the batch with
    /// [`StoreError::Invalid`](crate::StoreError::Invalid) and nothing is written.
    async fn apply_screening(&self, batch: ScreeningBatch) -> Result<ScreeningOutcome>;

    /// An alert with its history.
    async fn alert(&self, id: AlertId) -> Result<AlertRecord>;

    /// Alerts by id.
    async fn alerts(&self, filter: &AlertFilter) -> Result<Vec<types::Alert>>;

    /// Number of alerts per status.
    async fn alert_counts(&self) -> Result<BTreeMap<String, u64>>;

    /// Records a reviewer's decision (with an event and an audit record
    /// holding the list versions the alert was raised and last screened
    /// against), applying the four-eyes setting. A refused decision is
    /// [`StoreError::Conflict`](crate::StoreError::Conflict).
    async fn decide(
        &self,
        id: AlertId,
        decision: &Decision,
        context: &AuditContext,
    ) -> Result<DecisionOutcome>;

    /// The list version last screened for each list.
    async fn monitor_state(&self) -> Result<BTreeMap<SourceId, VersionId>>;

    /// The monitoring settings (defaults when never set).
    async fn monitor_settings(&self) -> Result<MonitorSettings>;

    /// Changes the settings, with an audit record per changed value.
    async fn set_monitor_settings(
        &self,
        settings: &MonitorSettings,
        context: &AuditContext,
    ) -> Result<()>;

    /// Appends records to the audit log in one transaction.
    async fn append_audit(&self, entries: Vec<AuditEntry>, context: &AuditContext) -> Result<()>;

    /// Audit records in seq order: after seq `after`, at or after `since`,
    /// at most `limit`.
    async fn audit_records(
        &self,
        after: u64,
        since: Option<DateTime<Utc>>,
        limit: usize,
    ) -> Result<Vec<AuditRecord>>;

    /// Checks the whole audit chain and its head.
    async fn verify_audit(&self) -> Result<AuditVerification>;

    /// Outbox rows not delivered yet and due at `now`, oldest first.
    async fn due_webhooks(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<OutboxItem>>;

    /// Marks an outbox row delivered.
    async fn webhook_delivered(&self, id: i64, at: DateTime<Utc>) -> Result<()>;

    /// Records a failed delivery attempt and when to try again.
    async fn webhook_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<()>;

    /// Number of outbox rows by delivery state: `pending` (never tried),
    /// `retrying` (tried and failed, not delivered yet) and `delivered`.
    async fn webhook_counts(&self) -> Result<BTreeMap<String, u64>>;
}
