//! The [`Deliverer`]: sends due outbox rows, marks the accepted ones
//! delivered and reschedules the others.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use denylist_store::{AlertId, MonitorStore, OutboxItem};
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, USER_AGENT};
use serde::Serialize;

use crate::signature::{sign, DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use crate::{WebhookConfig, WebhookError};

/// Longest part of a receiver's error body kept in `last_error`.
const MAX_ERROR_BODY: usize = 200;

/// Sends the webhook outbox of a store to one receiver.
///
/// Delivery is at least once: a row is marked delivered only after the
/// receiver answered 2xx, so a crash between the answer and the mark sends
/// it again later, with the same `X-Denylist-Delivery` id.
#[derive(Debug, Clone)]
pub struct Deliverer {
    store: Arc<dyn MonitorStore>,
    client: reqwest::Client,
    config: WebhookConfig,
}

/// One delivery that failed in a pass.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailedDelivery {
    /// The outbox row (`X-Denylist-Delivery`).
    pub id: i64,
    /// The alert it carries.
    pub alert_id: AlertId,
    /// Attempts so far, this one included.
    pub attempts: u32,
    /// What went wrong (`HTTP 500 ...`, `connection refused`...).
    pub error: String,
    /// When it will be tried again.
    pub next_attempt_at: DateTime<Utc>,
}

/// What one delivery pass did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DeliveryReport {
    /// Outbox rows the receiver accepted (2xx), in order.
    pub delivered: Vec<i64>,
    /// Rows that failed, rescheduled with backoff.
    pub failed: Vec<FailedDelivery>,
    /// Due rows of the batch being sent left for the next pass because the
    /// receiver could not be reached (they stay due, their attempt count
    /// unchanged; later batches were not read, so there may be more).
    pub deferred: u64,
}

impl DeliveryReport {
    /// True when nothing due is left undelivered.
    pub fn all_delivered(&self) -> bool {
        self.failed.is_empty() && self.deferred == 0
    }
}

/// How an attempt failed.
enum Failure {
    /// The receiver answered, with a non-2xx status.
    Status(String),
    /// The receiver could not be reached (connect error or timeout): the
    /// other rows of the pass would fail the same way.
    Unreachable(String),
}

impl Deliverer {
    /// A deliverer over `store`'s outbox. The HTTP client follows no
    /// redirect: a 3xx is a failure, so a moved receiver is noticed.
    pub fn new(
        store: Arc<dyn MonitorStore>,
        config: WebhookConfig,
    ) -> Result<Deliverer, WebhookError> {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(
            USER_AGENT,
            HeaderValue::from_static(concat!("denylist-webhooks/", env!("CARGO_PKG_VERSION"))),
        );
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .map_err(|e| WebhookError::Config(format!("webhook HTTP client: {e}")))?;
        Ok(Deliverer {
            store,
            client,
            config,
        })
    }

    /// The configuration (the secret stays redacted).
    pub fn config(&self) -> &WebhookConfig {
        &self.config
    }

    /// Delivers every outbox row due now.
    pub async fn deliver_due(&self) -> Result<DeliveryReport, WebhookError> {
        self.deliver_due_at(Utc::now()).await
    }

    /// Delivers every outbox row due at `now`, oldest first, each at most
    /// once in this pass. A 2xx marks the row delivered; any other answer
    /// reschedules it after [`Backoff`](crate::Backoff) delays counted from
    /// `now`. When the receiver cannot be reached at all, the pass stops
    /// after recording that failure and the remaining rows stay due.
    ///
    /// Fails only when the store does; a failed delivery is reported, not
    /// an error.
    #[tracing::instrument(skip_all, fields(url = %self.config.display_url()))]
    pub async fn deliver_due_at(&self, now: DateTime<Utc>) -> Result<DeliveryReport, WebhookError> {
        let mut report = DeliveryReport::default();
        let mut seen: HashSet<i64> = HashSet::new();
        loop {
            let due = self
                .store
                .due_webhooks(now, self.config.batch.max(1))
                .await?;
            let fresh: Vec<OutboxItem> =
                due.into_iter().filter(|i| !seen.contains(&i.id)).collect();
            if fresh.is_empty() {
                break;
            }
            let mut rows = fresh.into_iter();
            while let Some(item) = rows.next() {
                seen.insert(item.id);
                match self.attempt(&item).await {
                    Ok(()) => {
                        self.store.webhook_delivered(item.id, Utc::now()).await?;
                        tracing::debug!(delivery = item.id, alert = %item.alert_id, "delivered");
                        report.delivered.push(item.id);
                    }
                    Err(failure) => {
                        let (error, unreachable) = match failure {
                            Failure::Status(e) => (e, false),
                            Failure::Unreachable(e) => (e, true),
                        };
                        let attempts = item.attempts.saturating_add(1);
                        let next = self.config.backoff.next_attempt(now, attempts);
                        self.store.webhook_failed(item.id, &error, next).await?;
                        tracing::warn!(
                            delivery = item.id,
                            alert = %item.alert_id,
                            attempts,
                            next_attempt_at = %next,
                            error = %error,
                            "webhook delivery failed; will retry"
                        );
                        report.failed.push(FailedDelivery {
                            id: item.id,
                            alert_id: item.alert_id,
                            attempts,
                            error,
                            next_attempt_at: next,
                        });
                        if unreachable {
                            report.deferred = rows.len() as u64;
                            return Ok(report);
                        }
                    }
                }
            }
        }
        if !report.delivered.is_empty() || !report.failed.is_empty() {
            tracing::info!(
                delivered = report.delivered.len(),
                failed = report.failed.len(),
                "webhook delivery pass"
            );
        }
        Ok(report)
    }

    /// One POST of one row.
    async fn attempt(&self, item: &OutboxItem) -> Result<(), Failure> {
        let body = serde_json::to_vec(&item.payload)
            .map_err(|e| Failure::Status(format!("payload: {e}")))?;
        let timestamp = Utc::now().timestamp();
        let signature = sign(self.config.secret.bytes(), timestamp, &body);
        let sent = self
            .client
            .post(self.config.url.clone())
            .header(EVENT_HEADER, item.event.as_str())
            .header(DELIVERY_HEADER, item.id.to_string())
            .header(TIMESTAMP_HEADER, timestamp.to_string())
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await;
        let response = match sent {
            Ok(r) => r,
            Err(e) if e.is_connect() || e.is_timeout() => {
                return Err(Failure::Unreachable(describe(e)))
            }
            Err(e) => return Err(Failure::Status(describe(e))),
        };
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let text = response.text().await.unwrap_or_default();
        let text = text.trim();
        let mut error = format!("HTTP {status}");
        if !text.is_empty() {
            let cut: String = text.chars().take(MAX_ERROR_BODY).collect();
            error.push_str(": ");
            error.push_str(&cut);
        }
        Err(Failure::Status(error))
    }

    /// Delivers what is due every `every`, until the task is dropped or
    /// aborted (the server runs it in the background). Store errors are
    /// logged and the loop goes on.
    pub async fn run(self, every: Duration) {
        loop {
            if let Err(e) = self.deliver_due().await {
                tracing::error!(error = %e, "webhook delivery pass failed");
            }
            tokio::time::sleep(every).await;
        }
    }
}

/// An error with its causes (`error sending request: ... : Connection
/// refused`), which reqwest's own `Display` leaves out.
fn describe(e: reqwest::Error) -> String {
    // The URL may hold credentials (userinfo, a token in the query): keep
    // it out of the stored error and the logs.
    let e = e.without_url();
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(&e);
    while let Some(c) = cause {
        let s = c.to_string();
        if !out.contains(&s) {
            out.push_str(": ");
            out.push_str(&s);
        }
        cause = c.source();
    }
    out
}
