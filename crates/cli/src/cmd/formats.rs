//! `denylist formats`, `denylist sources` and `denylist config`: what the
//! binary knows, no store needed.

use std::io::Write;

use serde::Serialize;

use super::{stdout, write_json};
use crate::config::Config;
use crate::error::CliError;
use crate::Status;

#[derive(Serialize)]
struct FormatInfo {
    id: &'static str,
    source: &'static str,
    description: &'static str,
}

/// Runs `denylist formats`.
pub fn formats(json: bool) -> Result<Status, CliError> {
    let list: Vec<FormatInfo> = denylist_sources::registry()
        .into_iter()
        .map(|f| FormatInfo {
            id: f.id(),
            source: f.default_source(),
            description: f.description(),
        })
        .collect();
    let mut out = stdout();
    if json {
        write_json(&mut out, &list)?;
    } else {
        for f in &list {
            writeln!(out, "{:<22}  {:<14}  {}", f.id, f.source, f.description)?;
        }
    }
    out.flush()?;
    Ok(Status::Ok)
}

#[derive(Serialize)]
struct SourceEntry {
    id: &'static str,
    title: &'static str,
    publisher: &'static str,
    note: Option<&'static str>,
    files: Vec<FileEntry>,
    /// The same list in other official formats (`import` reads them,
    /// `update` does not fetch them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    other_formats: Vec<FileEntry>,
}

#[derive(Serialize)]
struct FileEntry {
    name: &'static str,
    url: &'static str,
}

/// Runs `denylist sources`.
pub fn sources(json: bool) -> Result<Status, CliError> {
    let list: Vec<SourceEntry> = denylist_sources::catalog()
        .iter()
        .map(|s| SourceEntry {
            id: s.id,
            title: s.title,
            publisher: s.publisher,
            note: s.note,
            files: s
                .files
                .iter()
                .map(|f| FileEntry {
                    name: f.name,
                    url: f.url,
                })
                .collect(),
            other_formats: s
                .other_formats
                .iter()
                .map(|f| FileEntry {
                    name: f.name,
                    url: f.url,
                })
                .collect(),
        })
        .collect();
    let mut out = stdout();
    if json {
        write_json(&mut out, &list)?;
    } else {
        for s in &list {
            writeln!(out, "{:<14}  {}  ({})", s.id, s.title, s.publisher)?;
            if let Some(note) = s.note {
                writeln!(out, "{:<14}  note: {note}", "")?;
            }
            for f in &s.files {
                writeln!(out, "{:<14}  {:<30}  {}", "", f.name, f.url)?;
            }
            for f in &s.other_formats {
                writeln!(out, "{:<14}  {:<30}  {} (import only)", "", f.name, f.url)?;
            }
        }
    }
    out.flush()?;
    Ok(Status::Ok)
}

/// Runs `denylist config`.
pub fn config(config: &Config, json: bool) -> Result<Status, CliError> {
    let mut out = stdout();
    if json {
        write_json(&mut out, config)?;
    } else {
        writeln!(out, "data_dir    {}", config.data_dir.display())?;
        writeln!(out, "log_filter  {}", config.log_filter)?;
    }
    out.flush()?;
    Ok(Status::Ok)
}
