//! The effective configuration of one run: defaults < `DENYLIST_*` env < flags.
//!
//! clap reads the flags and their environment variables; this module fills
//! in defaults and validates once, at startup. There is no configuration
//! file yet.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::args::{GlobalArgs, UpdateArgs, WebhookArgs};
use crate::error::CliError;

/// Settings shared by every command.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// Where the list store lives.
    pub data_dir: PathBuf,
    /// The `tracing` filter for stderr logs.
    pub log_filter: String,
}

impl Config {
    /// Builds the configuration from the global flags (and `RUST_LOG`, read
    /// here in the binary only).
    pub fn from_args(global: &GlobalArgs) -> Result<Config, CliError> {
        let data_dir = match &global.data_dir {
            Some(dir) => dir.clone(),
            None => default_data_dir()?,
        };
        Ok(Config {
            data_dir,
            log_filter: log_filter(global.verbose, global.quiet),
        })
    }
}

/// `<platform data dir>/denylist` (`~/.local/share/denylist` on Linux).
pub fn default_data_dir() -> Result<PathBuf, CliError> {
    dirs::data_dir()
        .map(|d| d.join("denylist"))
        .ok_or_else(|| CliError::Usage {
            message: "no platform data directory is known; set --data-dir or DENYLIST_DATA"
                .to_string(),
        })
}

/// `RUST_LOG` when set, else `denylist=<level>` moved by `-v` / `-q`.
fn log_filter(verbose: u8, quiet: u8) -> String {
    if let Ok(filter) = std::env::var("RUST_LOG") {
        if !filter.trim().is_empty() {
            return filter;
        }
    }
    let level = match (verbose, quiet) {
        (0, 0) => "info",
        (1, _) => "debug",
        (v, _) if v >= 2 => "trace",
        (_, 1) => "warn",
        _ => "error",
    };
    format!("denylist={level}")
}

/// Download settings of `denylist update`.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateConfig {
    /// Sources to update, in order.
    pub sources: Vec<String>,
    /// Per-source base URL overrides.
    pub base_urls: Vec<(String, String)>,
    /// Per-attempt timeout.
    pub timeout: Duration,
    /// Retries after a failed attempt.
    pub retries: u32,
    /// Largest accepted file in bytes.
    pub max_bytes: u64,
}

impl UpdateConfig {
    /// Validates `denylist update` flags: known source ids, `SOURCE=URL` pairs.
    pub fn from_args(args: &UpdateArgs) -> Result<UpdateConfig, CliError> {
        let mut sources: Vec<String> = Vec::new();
        for s in &args.sources {
            check_source(s)?;
            check_downloadable(s)?;
            if !sources.contains(s) {
                sources.push(s.clone());
            }
        }
        if sources.is_empty() {
            sources.push("us-ofac-sdn".to_string());
        }
        let mut base_urls = Vec::new();
        for pair in args.base_urls.iter().filter(|p| !p.trim().is_empty()) {
            let (source, url) = pair.split_once('=').ok_or_else(|| CliError::Usage {
                message: format!("--base-url {pair:?}: expected SOURCE=URL"),
            })?;
            check_source(source)?;
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(CliError::Usage {
                    message: format!(
                        "--base-url {pair:?}: the URL must start with http:// or https://"
                    ),
                });
            }
            base_urls.push((source.to_string(), url.to_string()));
        }
        if args.timeout == 0 {
            return Err(CliError::Usage {
                message: "--timeout must be at least 1 second".to_string(),
            });
        }
        Ok(UpdateConfig {
            sources,
            base_urls,
            timeout: Duration::from_secs(args.timeout),
            retries: args.retries,
            max_bytes: args.max_mib.saturating_mul(1024 * 1024),
        })
    }

    /// The base URL override of a source.
    pub fn base_url(&self, source: &str) -> Option<&str> {
        self.base_urls
            .iter()
            .rev()
            .find(|(s, _)| s == source)
            .map(|(_, u)| u.as_str())
    }
}

/// The webhook settings of `webhooks deliver` and `serve`: `None` when no
/// URL is set; an error when a URL is set without a secret.
pub fn webhook_config(
    args: &WebhookArgs,
) -> Result<Option<denylist_webhooks::WebhookConfig>, CliError> {
    let Some(url) = args.webhook_url.as_deref().filter(|u| !u.trim().is_empty()) else {
        return Ok(None);
    };
    let secret = match (&args.webhook_secret, &args.webhook_secret_file) {
        (Some(secret), _) => denylist_webhooks::Secret::new(secret.as_str()).map_err(|e| {
            CliError::Usage {
                message: format!("DENYLIST_WEBHOOK_SECRET (--webhook-secret): {e}"),
            }
        })?,
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path).map_err(|error| CliError::Read {
                path: path.clone(),
                error,
            })?;
            denylist_webhooks::Secret::new(text).map_err(|e| CliError::Usage {
                message: format!("{}: {e}", path.display()),
            })?
        }
        (None, None) => {
            return Err(CliError::Usage {
                message: "a webhook URL is set but no secret: set DENYLIST_WEBHOOK_SECRET (or --webhook-secret-file)".to_string(),
            })
        }
    };
    if args.webhook_timeout == 0 {
        return Err(CliError::Usage {
            message: "--webhook-timeout must be at least 1 second".to_string(),
        });
    }
    let mut config =
        denylist_webhooks::WebhookConfig::new(url, secret).map_err(CliError::Webhook)?;
    config.timeout = Duration::from_secs(args.webhook_timeout);
    Ok(Some(config))
}

fn check_source(id: &str) -> Result<(), CliError> {
    if denylist_sources::source_info(id).is_none() {
        return Err(CliError::Usage {
            message: format!("unknown source {id:?} (`denylist sources` lists them)"),
        });
    }
    Ok(())
}

/// A source `update` can fetch: one whose publisher offers files.
fn check_downloadable(id: &str) -> Result<(), CliError> {
    match denylist_sources::source_info(id) {
        Some(info) if info.files.is_empty() => Err(CliError::Usage {
            message: format!(
                "{id} has no official file to download ({}); import its files with `denylist import`",
                info.note.unwrap_or("see `denylist sources`")
            ),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbosity_moves_the_level() {
        // RUST_LOG is not set under `cargo test` unless the caller sets it.
        if std::env::var("RUST_LOG").is_ok() {
            return;
        }
        assert_eq!(log_filter(0, 0), "denylist=info");
        assert_eq!(log_filter(1, 0), "denylist=debug");
        assert_eq!(log_filter(0, 1), "denylist=warn");
        assert_eq!(log_filter(0, 2), "denylist=error");
    }

    fn update_args(sources: &[&str], base: &[&str]) -> UpdateArgs {
        UpdateArgs {
            sources: sources.iter().map(|s| s.to_string()).collect(),
            base_urls: base.iter().map(|s| s.to_string()).collect(),
            timeout: 60,
            retries: 3,
            max_mib: 256,
            json: false,
        }
    }

    #[test]
    fn update_defaults_to_the_sdn() {
        let c = UpdateConfig::from_args(&update_args(&[], &[])).unwrap();
        assert_eq!(c.sources, vec!["us-ofac-sdn"]);
        assert_eq!(c.max_bytes, 256 * 1024 * 1024);
    }

    #[test]
    fn base_urls_are_checked() {
        let c = UpdateConfig::from_args(&update_args(&["un-sc"], &["un-sc=http://127.0.0.1:1/un"]))
            .unwrap();
        assert_eq!(c.base_url("un-sc"), Some("http://127.0.0.1:1/un"));
        assert_eq!(c.base_url("us-ofac-sdn"), None);
        assert!(UpdateConfig::from_args(&update_args(&[], &["nope=http://x"])).is_err());
        assert!(UpdateConfig::from_args(&update_args(&[], &["un-sc"])).is_err());
        assert!(UpdateConfig::from_args(&update_args(&["xx-none"], &[])).is_err());
        let manual = UpdateConfig::from_args(&update_args(&["us-state-isn"], &[])).unwrap_err();
        assert!(
            manual.to_string().contains("no official file to download"),
            "{manual}"
        );
    }
}
