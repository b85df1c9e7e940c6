//! `denylist rescreen`, and the monitoring run after `import` and `update`:
//! when customers are registered, every new list version is screened
//! against them (only what changed) and a one-line summary is printed.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use denylist_monitor::{Monitor, MonitorError, MonitorOptions};
use denylist_store::StoreError;

use super::{stdout, write_json, Context};
use crate::args::RescreenArgs;
use crate::error::CliError;
use crate::Status;

/// The actor of automatic screening in the audit log.
pub const SYSTEM: &str = "system";

/// Test-only fault injection: when set to a number of milliseconds, every
/// screening transaction pauses that long before its commit, so a test can
/// kill the process inside it. Read here, in the binary, never by the
/// libraries.
const PAUSE_ENV: &str = "DENYLIST_TEST_PAUSE_SYNC_MS";

/// The monitor's options for this process.
pub fn monitor_options(chunk_size: Option<usize>) -> MonitorOptions {
    let mut options = MonitorOptions::default();
    if let Some(n) = chunk_size {
        options.chunk_size = n.max(1);
    }
    options.pause_before_commit = std::env::var(PAUSE_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_millis);
    options
}

/// A monitoring error as the binary reports it.
pub fn monitor_error(e: MonitorError) -> CliError {
    match e {
        MonitorError::Store(e) => CliError::Store(e),
        MonitorError::Batch(e) => CliError::Batch(e),
        e @ (MonitorError::Input { .. } | MonitorError::NoLists) => CliError::Usage {
            message: e.to_string(),
        },
        MonitorError::Internal(m) => CliError::Internal(m),
    }
}

/// A store refusal (unknown id, conflict, invalid value) as a usage error;
/// other store errors unchanged.
pub fn refusal(e: MonitorError) -> CliError {
    match e {
        MonitorError::Store(
            e @ (StoreError::NotFound { .. } | StoreError::Conflict(_) | StoreError::Invalid(_)),
        ) => CliError::Usage {
            message: match e {
                StoreError::Conflict(m) | StoreError::Invalid(m) => m,
                other => other.to_string(),
            },
        },
        other => monitor_error(other),
    }
}

/// The monitoring run after list imports: a monitor kept for the whole
/// command (so `import --history` builds the customer index once), or
/// nothing when no customer is registered.
pub struct AutoSync {
    monitor: Option<Monitor>,
}

impl AutoSync {
    /// Checks for customers.
    pub async fn new(ctx: &Context<'_>) -> Result<AutoSync, CliError> {
        let customers = ctx.store.monitor().registry_stamp().await?.customers;
        Ok(AutoSync {
            monitor: (customers > 0)
                .then(|| Monitor::new(ctx.store.clone(), monitor_options(None))),
        })
    }

    /// Screens the pending list versions; the summary lines (none when
    /// nothing was pending or no customer is registered).
    pub async fn run(&self) -> Result<Vec<String>, CliError> {
        let Some(monitor) = &self.monitor else {
            return Ok(Vec::new());
        };
        let report = monitor.sync(SYSTEM).await.map_err(|e| {
            eprintln!(
                "error: monitoring failed after the list import (the list version is imported; \
                 `denylist rescreen` runs the pending screening again)"
            );
            monitor_error(e)
        })?;
        Ok(report.lines())
    }
}

/// Runs the pending monitoring after an import or update and prints its
/// summary: on stdout, or on stderr when stdout carries JSON.
pub async fn after_lists_changed(ctx: &Context<'_>, json: bool) -> Result<(), CliError> {
    let lines = AutoSync::new(ctx).await?.run().await?;
    print_lines(&lines, json)
}

/// Prints summary lines on stdout (text) or stderr (JSON output).
pub fn print_lines(lines: &[String], json: bool) -> Result<(), CliError> {
    if json {
        for l in lines {
            eprintln!("{l}");
        }
        return Ok(());
    }
    let mut out = stdout();
    for l in lines {
        writeln!(out, "{l}")?;
    }
    out.flush()?;
    Ok(())
}

/// Runs `denylist rescreen`.
pub async fn run(ctx: &Context<'_>, args: RescreenArgs) -> Result<Status, CliError> {
    let monitor = Monitor::new(ctx.store.clone(), monitor_options(Some(args.chunk_size)));
    let customers = monitor.customer_count().await.map_err(monitor_error)?;
    if customers == 0 {
        eprintln!("no customers registered (`denylist customers import FILE`)");
        return Ok(Status::Ok);
    }
    let mut out = stdout();
    if !args.all {
        let report = monitor.sync(&args.by).await.map_err(monitor_error)?;
        if args.json {
            write_json(&mut out, &report)?;
        } else if report.is_empty() {
            writeln!(
                out,
                "monitoring: nothing pending; {customers} customers screened against the latest list versions"
            )?;
        } else {
            for l in report.lines() {
                writeln!(out, "{l}")?;
            }
        }
        out.flush()?;
        return Ok(Status::Ok);
    }
    let terminal = std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut last = Instant::now();
    let mut progress = move |done: u64| {
        if terminal || last.elapsed() >= Duration::from_secs(10) {
            last = Instant::now();
            let secs = started.elapsed().as_secs_f64().max(1e-3);
            eprintln!(
                "{done} of {customers} customers screened ({:.0}/s)",
                done as f64 / secs
            );
        }
    };
    let report = monitor
        .rescreen_all(&args.by, &mut progress)
        .await
        .map_err(monitor_error)?;
    if args.json {
        write_json(&mut out, &report)?;
    } else {
        for l in report.sync.lines() {
            writeln!(out, "{l}")?;
        }
        writeln!(out, "{}", report.line())?;
    }
    out.flush()?;
    Ok(Status::Ok)
}
