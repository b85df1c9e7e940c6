//! Delivery of the monitoring webhook: new and reopened alerts, POSTed as
//! signed JSON to one configured receiver, retried with backoff, never lost.
//!
//! The store writes an outbox row in the same transaction that raises or
//! reopens an alert (`denylist_store::MonitorStore`), so an alert and its
//! notification commit together. A [`Deliverer`] reads the due rows
//! ([`due_webhooks`](denylist_store::MonitorStore::due_webhooks)), POSTs
//! each payload with its event, delivery id, timestamp and HMAC-SHA256
//! [`sign`]ature, marks a 2xx delivered and reschedules anything else after
//! a [`Backoff`] delay (10 s doubling up to 1 h, with jitter). Rows are
//! never dropped, and since they live in the store they survive restarts.
//! A receiver checks a delivery with [`verify`] (see `docs/monitoring.md`).
//!
//! ```no_run
//! use denylist_webhooks::{Deliverer, Secret, WebhookConfig};
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let store = denylist_store::Store::open(std::path::Path::new("data")).await?;
//! let secret = Secret::new(std::env::var("DENYLIST_WEBHOOK_SECRET")?)?;
//! let config = WebhookConfig::new("https://hooks.example/denylist", secret)?;
//! let report = Deliverer::new(store.monitor_backend(), config)?.deliver_due().await?;
//! println!("{} delivered, {} failed", report.delivered.len(), report.failed.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```

mod config;
mod deliver;
mod signature;

pub use config::{Backoff, Secret, WebhookConfig, MIN_SECRET_LEN};
pub use deliver::{Deliverer, DeliveryReport, FailedDelivery};
pub use signature::{
    sign, verify, SignatureError, DEFAULT_TOLERANCE, DELIVERY_HEADER, EVENT_HEADER,
    SIGNATURE_HEADER, TIMESTAMP_HEADER,
};

/// What can go wrong around deliveries (a failed delivery itself is not an
/// error: it is reported in a [`DeliveryReport`] and retried).
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// A bad setting (URL, secret).
    #[error("{0}")]
    Config(String),
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] denylist_store::StoreError),
}
