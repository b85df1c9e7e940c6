//! `denylist lists`: every stored list and its versions.

use std::io::Write;

use denylist_model::ListVersion;
use serde::Serialize;

use super::{date_or_dash, ensure_some_list, stdout, write_json, Context};
use crate::args::ListsArgs;
use crate::error::CliError;
use crate::Status;

/// One list and its versions, oldest first.
#[derive(Debug, Serialize)]
struct ListEntry {
    source: String,
    title: Option<&'static str>,
    versions: Vec<ListVersion>,
}

/// Runs `denylist lists`.
pub async fn run(ctx: &Context<'_>, args: ListsArgs) -> Result<Status, CliError> {
    ensure_some_list(ctx.store).await?;
    let mut lists = Vec::new();
    for summary in ctx.store.sources().await? {
        let versions = ctx.store.versions(&summary.source).await?;
        lists.push(ListEntry {
            title: denylist_sources::source_info(summary.source.as_str()).map(|s| s.title),
            source: summary.source.to_string(),
            versions,
        });
    }
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &lists)?;
    } else {
        for list in &lists {
            let latest = list.versions.last();
            writeln!(
                out,
                "{}  {} version(s), {} entities in the latest{}",
                list.source,
                list.versions.len(),
                latest.map(|v| v.entity_count).unwrap_or(0),
                list.title.map(|t| format!("  ({t})")).unwrap_or_default()
            )?;
            writeln!(
                out,
                "  {:<12}  {:<10}  {:>8}  {:<14}  {:<20}  FILES",
                "VERSION", "PUBLISHED", "ENTITIES", "FORMAT", "IMPORTED"
            )?;
            for v in &list.versions {
                let files: Vec<String> = v
                    .files
                    .iter()
                    .map(|(name, digest)| format!("{name}:{}", &digest[..digest.len().min(12)]))
                    .collect();
                writeln!(
                    out,
                    "  {:<12}  {:<10}  {:>8}  {:<14}  {:<20}  {}",
                    v.id.short(),
                    date_or_dash(v.published),
                    v.entity_count,
                    v.format,
                    v.imported_at.format("%Y-%m-%d %H:%M:%S"),
                    files.join(" ")
                )?;
            }
        }
    }
    out.flush()?;
    Ok(Status::Ok)
}
