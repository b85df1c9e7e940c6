//! One module per command: short functions over the library crates.

use std::io::{BufWriter, Stdout, Write};

use chrono::NaiveDate;
use denylist_model::{Entity, ListVersion, SourceId};
use denylist_sources::Warning;
use denylist_store::{Store, StoreError, VersionSpec};

use crate::error::CliError;

pub mod alerts;
pub mod audit;
pub mod batch;
pub mod compare;
pub mod customers;
pub mod diff;
pub mod formats;
pub mod import;
pub mod keys;
pub mod lists;
pub mod queries;
pub mod rescreen;
pub mod screen;
pub mod serve;
pub mod show;
pub mod update;
pub mod webhooks;

/// What every store-backed command gets.
pub struct Context<'a> {
    /// The open store.
    pub store: &'a Store,
    /// `-v` given: show every warning.
    pub verbose: bool,
}

/// Buffered stdout; results only.
pub fn stdout() -> BufWriter<Stdout> {
    BufWriter::new(std::io::stdout())
}

/// Writes a value as pretty JSON and a newline.
pub fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> Result<(), CliError> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| CliError::Output(e.into()))?;
    writeln!(out)?;
    Ok(())
}

/// Parses `YYYY-MM-DD`, naming the flag in the error.
pub fn parse_date(flag: &str, s: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| CliError::Usage {
        message: format!("{flag} {s:?}: expected a date as YYYY-MM-DD"),
    })
}

/// Parses a source id, naming it in the error.
pub fn parse_source(s: &str) -> Result<SourceId, CliError> {
    SourceId::new(s).map_err(|e| CliError::Usage {
        message: e.to_string(),
    })
}

/// Resolves a version argument of `source` (`latest`, a date `2024-03-05`
/// meaning the list as it stood that day, or a version id prefix), naming
/// the flag in the error.
pub async fn resolve_version(
    store: &Store,
    source: &SourceId,
    flag: &str,
    spec: &str,
) -> Result<ListVersion, CliError> {
    let usage = |e: StoreError| CliError::Usage {
        message: format!("{flag} {spec}: {e}"),
    };
    let parsed: VersionSpec = spec.parse().map_err(usage)?;
    match parsed.resolve(&**store, source).await {
        Ok(v) => Ok(v),
        Err(
            e @ (StoreError::NotFound { .. }
            | StoreError::Ambiguous { .. }
            | StoreError::Conflict(_)
            | StoreError::Invalid(_)),
        ) => Err(usage(e)),
        Err(e) => Err(e.into()),
    }
}

/// Prints parse warnings on stderr: the first few, or all with `-v`.
pub fn print_warnings(warnings: &[Warning], verbose: bool) {
    const FIRST: usize = 5;
    let shown = if verbose {
        warnings.len()
    } else {
        FIRST.min(warnings.len())
    };
    let mut err = std::io::stderr().lock();
    for w in &warnings[..shown] {
        let _ = writeln!(err, "warning: {w}");
    }
    if warnings.len() > shown {
        let _ = writeln!(
            err,
            "warning: ... and {} more (use -v to see all)",
            warnings.len() - shown
        );
    }
}

/// A date or `-`.
pub fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".to_string())
}

/// The lists a screening runs against.
pub struct ScreeningLists {
    /// Every entity of the lists, by list.
    pub entities: Vec<Entity>,
    /// The version of each list used.
    pub versions: Vec<ListVersion>,
    /// True when the store holds no list and the built-in sample stands in.
    pub sample: bool,
}

/// The latest version of every stored list, or, when the store holds none,
/// the built-in sample with a notice on stderr.
///
/// The sample is kept in memory and never stored, so that a later import of
/// a real (perhaps older) version of the SDN list is not shadowed by it.
pub async fn screening_lists(store: &Store) -> Result<ScreeningLists, CliError> {
    let sources = store.sources().await?;
    if sources.is_empty() {
        let (version, entities) = crate::sample::version()?;
        eprintln!(
            "no lists imported; using the built-in sample ({} entries)",
            entities.len()
        );
        return Ok(ScreeningLists {
            entities,
            versions: vec![version],
            sample: true,
        });
    }
    let mut lists = ScreeningLists {
        entities: Vec::new(),
        versions: Vec::new(),
        sample: false,
    };
    for summary in sources {
        lists
            .entities
            .extend(store.entities(&summary.latest.id).await?);
        lists.versions.push(summary.latest);
    }
    Ok(lists)
}
