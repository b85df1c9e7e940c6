//! `denylist audit`: export the hash-chained audit log as JSON lines, or
//! verify it end to end.

use std::io::Write;

use chrono::{DateTime, Utc};

use super::{parse_date, stdout, write_json, Context};
use crate::args::{AuditCommand, AuditExportArgs, JsonArg};
use crate::error::CliError;
use crate::Status;

/// Records read from the store at a time.
const PAGE: usize = 10_000;

/// Runs `denylist audit ...`.
pub async fn run(ctx: &Context<'_>, cmd: AuditCommand) -> Result<Status, CliError> {
    match cmd {
        AuditCommand::Export(a) => export(ctx, a).await,
        AuditCommand::Verify(a) => verify(ctx, a).await,
    }
}

async fn export(ctx: &Context<'_>, args: AuditExportArgs) -> Result<Status, CliError> {
    let since: Option<DateTime<Utc>> = args
        .since
        .as_deref()
        .map(|d| parse_date("--since", d))
        .transpose()?
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc());
    let mut out = stdout();
    let mut after = args.after;
    let mut n = 0u64;
    loop {
        let page = ctx
            .store
            .monitor()
            .audit_records(after, since, PAGE)
            .await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for r in &page {
            serde_json::to_writer(&mut out, r).map_err(|e| CliError::Output(e.into()))?;
            writeln!(out)?;
            n += 1;
        }
    }
    out.flush()?;
    eprintln!("{n} audit records");
    Ok(Status::Ok)
}

async fn verify(ctx: &Context<'_>, args: JsonArg) -> Result<Status, CliError> {
    let v = ctx.store.monitor().verify_audit().await?;
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &v)?;
    } else if v.is_ok() {
        writeln!(
            out,
            "audit log verified: {} records, hash chain intact, last hash {}",
            v.records, v.last_hash
        )?;
    }
    out.flush()?;
    match &v.problem {
        None => Ok(Status::Ok),
        Some(p) => {
            eprintln!(
                "audit log verification failed at record {}: {}",
                p.seq, p.message
            );
            Ok(Status::Failed)
        }
    }
}
