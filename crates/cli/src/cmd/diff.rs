//! `denylist diff`: what changed in a list between two versions.

use std::io::Write;

use denylist_store::ListDiff;

use super::{date_or_dash, parse_source, resolve_version, stdout, write_json, Context};
use crate::args::DiffArgs;
use crate::error::CliError;
use crate::Status;

/// Runs `denylist diff`.
pub async fn run(ctx: &Context<'_>, args: DiffArgs) -> Result<Status, CliError> {
    let source = parse_source(&args.source)?;
    if ctx.store.latest_version(&source).await?.is_none() {
        return Err(CliError::Usage {
            message: format!(
                "{source}: no versions imported (`denylist lists` shows what is stored)"
            ),
        });
    }
    let from = match &args.from {
        Some(spec) => Some(resolve_version(ctx.store, &source, "--from", spec).await?),
        None => None,
    };
    let to = match &args.to {
        Some(spec) => Some(resolve_version(ctx.store, &source, "--to", spec).await?),
        None => None,
    };
    let diff = ctx
        .store
        .diff(
            &source,
            from.as_ref().map(|v| &v.id),
            to.as_ref().map(|v| &v.id),
        )
        .await?;
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &diff)?;
    } else {
        print_text(&mut out, &diff)?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

fn print_text(out: &mut impl Write, diff: &ListDiff) -> Result<(), CliError> {
    let from = match &diff.from {
        Some(v) => format!("{} ({})", v.id.short(), date_or_dash(v.published)),
        None => "(nothing)".to_string(),
    };
    writeln!(
        out,
        "{}: {from} -> {} ({})",
        diff.source,
        diff.to.id.short(),
        date_or_dash(diff.to.published)
    )?;
    writeln!(
        out,
        "added {}, removed {}, changed {}, unchanged {}",
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len(),
        diff.unchanged
    )?;
    for e in &diff.added {
        writeln!(out, "+ {}  {}", e.id, e.primary_name().unwrap_or("-"))?;
    }
    for e in &diff.removed {
        writeln!(out, "- {}  {}", e.id, e.primary_name().unwrap_or("-"))?;
    }
    for c in &diff.changed {
        let fields: Vec<&str> = c.fields.iter().map(|f| f.field.as_str()).collect();
        writeln!(
            out,
            "~ {}  {}  [{}]",
            c.id,
            c.name.as_deref().unwrap_or("-"),
            fields.join(", ")
        )?;
    }
    Ok(())
}
