//! `denylist lists`: every stored list and its versions, then the supported
//! lists not imported yet.

use std::io::Write;

use denylist_model::ListVersion;
use serde::Serialize;

use super::{date_or_dash, stdout, write_json, Context};
use crate::args::ListsArgs;
use crate::error::CliError;
use crate::Status;

/// One list and its versions, oldest first.
#[derive(Debug, Serialize)]
struct ListEntry {
    source: String,
    title: Option<&'static str>,
    versions: Vec<ListVersion>,
    /// True for the built-in sample shown while the store holds no list.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    builtin_sample: bool,
    /// True for a supported list with no version in the store.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    not_imported: bool,
}

/// Runs `denylist lists`.
pub async fn run(ctx: &Context<'_>, args: ListsArgs) -> Result<Status, CliError> {
    let mut lists = Vec::new();
    for summary in ctx.store.sources().await? {
        let versions = ctx.store.versions(&summary.source).await?;
        lists.push(ListEntry {
            title: denylist_sources::source_info(summary.source.as_str()).map(|s| s.title),
            source: summary.source.to_string(),
            versions,
            builtin_sample: false,
            not_imported: false,
        });
    }
    if lists.is_empty() {
        let (version, _) = crate::sample::version()?;
        eprintln!("no lists imported; screening uses the built-in sample (not stored)");
        lists.push(ListEntry {
            title: Some("built-in sample, not stored"),
            source: version.source.to_string(),
            versions: vec![version],
            builtin_sample: true,
            not_imported: false,
        });
    }
    let shown: Vec<String> = lists.iter().map(|l| l.source.clone()).collect();
    for info in denylist_sources::catalog() {
        if !shown.iter().any(|s| s == info.id) {
            lists.push(ListEntry {
                source: info.id.to_string(),
                title: Some(info.title),
                versions: Vec::new(),
                builtin_sample: false,
                not_imported: true,
            });
        }
    }
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &lists)?;
    } else {
        for list in &lists {
            if list.not_imported {
                writeln!(
                    out,
                    "{}  not imported{}",
                    list.source,
                    list.title.map(|t| format!("  ({t})")).unwrap_or_default()
                )?;
                continue;
            }
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
