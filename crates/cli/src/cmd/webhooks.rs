//! `denylist webhooks deliver` and `denylist webhooks status`: the webhook
//! outbox of the monitoring tables.

use std::io::Write;

use chrono::{DateTime, TimeZone, Utc};
use denylist_store::OutboxItem;
use denylist_webhooks::{Deliverer, DeliveryReport};
use serde::Serialize;

use crate::args::{WebhooksCommand, WebhooksDeliverArgs, WebhooksStatusArgs};
use crate::cmd::{stdout, write_json, Context};
use crate::config::webhook_config;
use crate::error::CliError;
use crate::Status;

/// Runs one `webhooks` subcommand.
pub async fn run(ctx: &Context<'_>, command: WebhooksCommand) -> Result<Status, CliError> {
    match command {
        WebhooksCommand::Deliver(a) => deliver(ctx, a).await,
        WebhooksCommand::Status(a) => status(ctx, a).await,
    }
}

async fn deliver(ctx: &Context<'_>, args: WebhooksDeliverArgs) -> Result<Status, CliError> {
    let config = webhook_config(&args.webhook)?.ok_or_else(|| CliError::Usage {
        message: "no webhook URL: set DENYLIST_WEBHOOK_URL or --webhook-url".to_string(),
    })?;
    let deliverer =
        Deliverer::new(ctx.store.monitor_backend(), config).map_err(CliError::Webhook)?;
    let report = deliverer.deliver_due().await.map_err(CliError::Webhook)?;
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &report)?;
    } else {
        write_report(&mut out, &report)?;
    }
    out.flush()?;
    match report.failed.first() {
        None => Ok(Status::Ok),
        Some(first) => Err(CliError::WebhooksUndelivered {
            failed: report.failed.len(),
            attempted: report.delivered.len() + report.failed.len(),
            first: format!(
                "delivery {} ({}): {}",
                first.id, first.alert_id, first.error
            ),
        }),
    }
}

fn write_report(out: &mut impl Write, report: &DeliveryReport) -> Result<(), CliError> {
    writeln!(
        out,
        "delivered {}, failed {}, deferred {}",
        report.delivered.len(),
        report.failed.len(),
        report.deferred
    )?;
    for f in &report.failed {
        writeln!(
            out,
            "failed  delivery {}  {}  attempt {}  next {}  {}",
            f.id,
            f.alert_id,
            f.attempts,
            f.next_attempt_at.format("%Y-%m-%dT%H:%M:%SZ"),
            f.error
        )?;
    }
    Ok(())
}

/// `webhooks status --json`.
#[derive(Debug, Serialize)]
struct OutboxStatus {
    pending: u64,
    retrying: u64,
    delivered: u64,
    /// The oldest undelivered rows, without their payload.
    undelivered: Vec<Undelivered>,
}

#[derive(Debug, Serialize)]
struct Undelivered {
    id: i64,
    alert_id: String,
    event: String,
    created_at: DateTime<Utc>,
    attempts: u32,
    next_attempt_at: DateTime<Utc>,
    last_error: Option<String>,
}

impl From<OutboxItem> for Undelivered {
    fn from(o: OutboxItem) -> Self {
        Undelivered {
            id: o.id,
            alert_id: o.alert_id.to_string(),
            event: o.event,
            created_at: o.created_at,
            attempts: o.attempts,
            next_attempt_at: o.next_attempt_at,
            last_error: o.last_error,
        }
    }
}

async fn status(ctx: &Context<'_>, args: WebhooksStatusArgs) -> Result<Status, CliError> {
    let m = ctx.store.monitor();
    let counts = m.webhook_counts().await?;
    let count = |k: &str| counts.get(k).copied().unwrap_or(0);
    // Every undelivered row is due by the end of time.
    let end = Utc
        .with_ymd_and_hms(9999, 12, 31, 23, 59, 59)
        .single()
        .unwrap_or_else(Utc::now);
    let undelivered: Vec<Undelivered> = if args.limit == 0 {
        Vec::new()
    } else {
        m.due_webhooks(end, args.limit)
            .await?
            .into_iter()
            .map(Undelivered::from)
            .collect()
    };
    let status = OutboxStatus {
        pending: count("pending"),
        retrying: count("retrying"),
        delivered: count("delivered"),
        undelivered,
    };
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &status)?;
        out.flush()?;
        return Ok(Status::Ok);
    }
    writeln!(
        out,
        "outbox: {} pending, {} retrying, {} delivered",
        status.pending, status.retrying, status.delivered
    )?;
    if !status.undelivered.is_empty() {
        writeln!(out, "oldest undelivered:")?;
    }
    for u in &status.undelivered {
        writeln!(
            out,
            "  delivery {}  {}  {}  attempts {}  next {}  {}",
            u.id,
            u.alert_id,
            u.event,
            u.attempts,
            u.next_attempt_at.format("%Y-%m-%dT%H:%M:%SZ"),
            u.last_error.as_deref().unwrap_or("-")
        )?;
    }
    out.flush()?;
    Ok(Status::Ok)
}
