//! `denylist update`: download the official files of lists and import what
//! changed, parse-before-switch.
//!
//! For each list, every file is fetched with the validators of its last
//! download (`If-None-Match`, `If-Modified-Since`). When nothing changed
//! (304, or the same bytes) nothing happens. Otherwise the whole set is
//! parsed first; only a set that parses, and is not suspiciously small, is
//! imported as a new version, and only then are the new validators
//! recorded. A failed list is reported and its last good version stays
//! current; the other lists are still updated.

use std::io::Write;

use chrono::Utc;
use denylist_fetch::{fetch, FetchOptions, Fetched};
use denylist_model::SourceId;
use denylist_sources::{parse_files, InputFile, ParseOptions, SourceInfo};
use denylist_store::{sha256, FetchState, ImportRequest};
use serde::Serialize;
use tracing::{info, instrument, warn};

use super::import::Summary;
use super::{print_warnings, stdout, write_json, Context};
use crate::args::UpdateArgs;
use crate::config::UpdateConfig;
use crate::error::CliError;
use crate::Status;

/// What happened to one list.
#[derive(Debug, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
enum Outcome {
    /// Every file was unchanged.
    NotModified { source: String },
    /// A new version was imported (or the bytes matched a stored version).
    Imported {
        #[serde(flatten)]
        summary: Summary,
    },
    /// Nothing was imported; the last good version stays current.
    Failed { source: String, error: String },
}

/// A downloaded file.
struct Download {
    name: &'static str,
    url: String,
    bytes: Option<Vec<u8>>,
    etag: Option<String>,
    last_modified: Option<String>,
    unchanged: bool,
}

/// Runs `denylist update`.
pub async fn run(ctx: &Context<'_>, args: UpdateArgs) -> Result<Status, CliError> {
    let config = UpdateConfig::from_args(&args)?;
    let mut outcomes = Vec::new();
    let mut out = stdout();
    for id in &config.sources {
        let Some(info) = denylist_sources::source_info(id) else {
            continue; // checked by UpdateConfig
        };
        let outcome = match update_source(ctx, &config, info).await {
            Ok(o) => o,
            Err(error) => {
                warn!(source = id.as_str(), %error, "update failed");
                Outcome::Failed {
                    source: id.clone(),
                    error,
                }
            }
        };
        if !args.json {
            match &outcome {
                Outcome::NotModified { source } => writeln!(out, "{source}: not modified")?,
                Outcome::Imported { summary } => writeln!(out, "{}", summary.line())?,
                Outcome::Failed { source, error } => {
                    writeln!(out, "{source}: failed: {error}")?;
                }
            }
            out.flush()?;
        }
        outcomes.push(outcome);
    }
    if args.json {
        write_json(&mut out, &outcomes)?;
    }
    out.flush()?;
    // Registered customers are screened against what changed.
    super::rescreen::after_lists_changed(ctx, args.json).await?;
    let failed: Vec<String> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Failed { source, error } => Some(format!("{source} ({error})")),
            _ => None,
        })
        .collect();
    if failed.is_empty() {
        Ok(Status::Ok)
    } else {
        Err(CliError::Update { failed })
    }
}

#[instrument(skip_all, fields(source = info.id))]
async fn update_source(
    ctx: &Context<'_>,
    config: &UpdateConfig,
    info: &'static SourceInfo,
) -> Result<Outcome, String> {
    let source = SourceId::new(info.id).map_err(|e| e.to_string())?;
    let base = config.base_url(info.id);
    let store_err = |e: denylist_store::StoreError| format!("store: {e}");

    let mut downloads = Vec::new();
    for file in info.files {
        let url = file.url_with_base(base);
        let state = ctx
            .store
            .fetch_state(&source, file.name)
            .await
            .map_err(store_err)?;
        let options = fetch_options(config, state.as_ref());
        let fetched = fetch_blocking(url.clone(), options)
            .await
            .map_err(|e| format!("{}: {e}", file.name))?;
        downloads.push(match fetched {
            Fetched::NotModified => Download {
                name: file.name,
                url,
                bytes: None,
                etag: state.as_ref().and_then(|s| s.etag.clone()),
                last_modified: state.as_ref().and_then(|s| s.last_modified.clone()),
                unchanged: true,
            },
            Fetched::Body {
                bytes,
                etag,
                last_modified,
            } => {
                let digest = hex::encode(sha256(&bytes));
                let same = state
                    .as_ref()
                    .and_then(|s| s.sha256.as_deref())
                    .is_some_and(|d| d == digest);
                Download {
                    name: file.name,
                    url,
                    bytes: Some(bytes),
                    etag,
                    last_modified,
                    unchanged: same,
                }
            }
        });
    }
    let has_version = ctx.store.latest_version(&source).await.map_err(store_err)?;
    if downloads.iter().all(|d| d.unchanged) && has_version.is_some() {
        info!("not modified");
        return Ok(Outcome::NotModified {
            source: info.id.to_string(),
        });
    }

    // Something changed: the whole set is needed, so fetch unconditionally
    // the files that answered 304.
    for d in downloads.iter_mut().filter(|d| d.bytes.is_none()) {
        let options = fetch_options(config, None);
        match fetch_blocking(d.url.clone(), options).await {
            Ok(Fetched::Body {
                bytes,
                etag,
                last_modified,
            }) => {
                d.bytes = Some(bytes);
                d.etag = etag;
                d.last_modified = last_modified;
            }
            Ok(Fetched::NotModified) => {
                return Err(format!("{}: 304 to an unconditional request", d.name))
            }
            Err(e) => return Err(format!("{}: {e}", d.name)),
        }
    }
    for (d, file) in downloads.iter().zip(info.files) {
        if d.bytes.as_ref().is_some_and(Vec::is_empty) && !file.may_be_empty {
            return Err(format!("{}: empty download from {}", d.name, d.url));
        }
    }

    let files: Vec<InputFile> = downloads
        .iter()
        .map(|d| InputFile::new(d.name, d.bytes.clone().unwrap_or_default()))
        .collect();
    let options = ParseOptions {
        source: Some(source.clone()),
        as_of: Some(Utc::now().date_naive()),
    };
    let parse_input = files.clone();
    let parsed = tokio::task::spawn_blocking(move || parse_files(&parse_input, &options))
        .await
        .map_err(|e| format!("internal error: {e}"))?
        .map_err(|e| e.to_string())?;
    if parsed.entities.is_empty() {
        return Err("the downloaded files hold no entities".to_string());
    }
    if let Some(current) = &has_version {
        let n = parsed.entities.len() as u64;
        if n * 2 < current.entity_count {
            return Err(format!(
                "the download has {n} entities, less than half of the {} in the current version {}; refusing it as probably truncated (import the files by hand to force it)",
                current.entity_count,
                current.id.short()
            ));
        }
    }
    print_warnings(&parsed.warnings, ctx.verbose);
    let warnings = parsed.warnings.len();
    let named: Vec<(&str, &[u8])> = files
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice()))
        .collect();
    let request = ImportRequest::from_files(
        parsed.source,
        parsed.format,
        parsed.published,
        &named,
        parsed.entities,
    );
    let outcome = ctx.store.import(request).await.map_err(store_err)?;
    let now = Utc::now();
    for d in &downloads {
        let state = FetchState {
            etag: d.etag.clone(),
            last_modified: d.last_modified.clone(),
            sha256: d.bytes.as_deref().map(|b| hex::encode(sha256(b))),
            fetched_at: now,
        };
        ctx.store
            .set_fetch_state(&source, d.name, &state)
            .await
            .map_err(store_err)?;
    }
    Ok(Outcome::Imported {
        summary: Summary::new(&outcome, warnings),
    })
}

fn fetch_options(config: &UpdateConfig, state: Option<&FetchState>) -> FetchOptions {
    FetchOptions {
        timeout: config.timeout,
        retries: config.retries,
        max_bytes: config.max_bytes,
        etag: state.and_then(|s| s.etag.clone()),
        last_modified: state.and_then(|s| s.last_modified.clone()),
        ..FetchOptions::default()
    }
}

/// Runs the blocking fetch off the async workers.
async fn fetch_blocking(url: String, options: FetchOptions) -> Result<Fetched, String> {
    tokio::task::spawn_blocking(move || fetch(&url, &options))
        .await
        .map_err(|e| format!("internal error: {e}"))?
        .map_err(|e| e.to_string())
}
