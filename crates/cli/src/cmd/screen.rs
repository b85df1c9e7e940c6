//! `denylist screen`: one name against the latest version of every list,
//! with the interim exact-token matcher ([`crate::screen`]).

use std::io::Write;

use denylist_model::{NameKind, Schema};
use serde::Serialize;

use super::{ensure_some_list, stdout, write_json, Context};
use crate::args::ScreenArgs;
use crate::error::CliError;
use crate::screen::{matches, tokens};
use crate::Status;

/// One matched entity.
#[derive(Debug, Serialize)]
struct Hit {
    id: String,
    source: String,
    version: String,
    schema: Schema,
    name: String,
    matched_name: String,
    matched_kind: NameKind,
    programs: Vec<String>,
}

/// The JSON output.
#[derive(Debug, Serialize)]
struct Report<'a> {
    query: &'a str,
    matcher: &'static str,
    matches: Vec<Hit>,
}

/// Runs `denylist screen`.
pub async fn run(ctx: &Context<'_>, args: ScreenArgs) -> Result<Status, CliError> {
    ensure_some_list(ctx.store).await?;
    let query = tokens(&args.name);
    let mut hits = Vec::new();
    'sources: for summary in ctx.store.sources().await? {
        let version = &summary.latest;
        for entity in ctx.store.entities(&version.id).await? {
            let Some(name) = entity
                .names
                .iter()
                .find(|n| matches(&query, &tokens(&n.full)))
            else {
                continue;
            };
            hits.push(Hit {
                id: entity.id.to_string(),
                source: summary.source.to_string(),
                version: version.id.short().to_string(),
                schema: entity.schema,
                name: entity.primary_name().unwrap_or("-").to_string(),
                matched_name: name.full.clone(),
                matched_kind: name.kind,
                programs: entity.programs.clone(),
            });
            if hits.len() >= args.limit {
                break 'sources;
            }
        }
    }
    let status = if hits.is_empty() {
        Status::Ok
    } else {
        Status::Matches
    };
    let mut out = stdout();
    if args.json {
        write_json(
            &mut out,
            &Report {
                query: &args.name,
                matcher: "exact-tokens",
                matches: hits,
            },
        )?;
        out.flush()?;
        return Ok(status);
    }
    if hits.is_empty() {
        eprintln!("no match for {:?}", args.name);
    }
    for h in &hits {
        let via = if h.matched_name == h.name {
            String::new()
        } else {
            format!("  (matched {:?})", h.matched_name)
        };
        writeln!(
            out,
            "{}  {}  {}  [{}]{via}",
            h.id,
            h.name,
            h.schema,
            h.programs.join(", ")
        )?;
    }
    out.flush()?;
    Ok(status)
}
