//! `denylist import --history`: a `.tar.xz` of many dated versions of a list,
//! imported oldest first, each as its own version.
//!
//! The archive is streamed (never unpacked to disk). Entries come in any
//! order, so each is kept in memory zstd-compressed until the whole archive
//! is read; then they are sorted by the timestamp in their names, parsed in
//! parallel (rayon) a few at a time, and stored one by one in date order.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::Path;

use chrono::NaiveDate;
use denylist_sources::{InputFile, ParseOptions, ParsedList};
use denylist_store::{sha256, ImportRequest};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use tracing::{debug, info};

use crate::cmd::import::{parse, Summary};
use crate::cmd::{stdout, write_json, Context};
use crate::error::CliError;
use crate::Status;

/// One entry of the archive, held compressed.
struct Entry {
    /// Sort key: the timestamp prefix of the name (`2021-07-31T082513Z`).
    key: String,
    /// The publication date read from the key.
    date: NaiveDate,
    /// The entry's path in the archive.
    path: String,
    /// The entry's base name, used as the file name when parsing.
    name: String,
    /// sha256 of the raw bytes: the version id of a one-file version.
    digest: [u8; 32],
    /// zstd-compressed bytes.
    packed: Vec<u8>,
    /// Raw size.
    size: usize,
}

/// Imports every entry of `archive`.
pub async fn import(
    ctx: &Context<'_>,
    archive: &Path,
    format: Option<&str>,
    options: ParseOptions,
    json: bool,
) -> Result<Status, CliError> {
    let archive_name = archive.display().to_string();
    let path = archive.to_path_buf();
    let started = std::time::Instant::now();
    let mut entries = tokio::task::spawn_blocking(move || read_archive(&path))
        .await
        .map_err(|e| CliError::Internal(e.to_string()))??;
    entries.sort_by(|a, b| a.key.cmp(&b.key).then_with(|| a.path.cmp(&b.path)));
    let raw: usize = entries.iter().map(|e| e.size).sum();
    let packed: usize = entries.iter().map(|e| e.packed.len()).sum();
    info!(
        entries = entries.len(),
        raw_mb = raw / 1_000_000,
        held_mb = packed / 1_000_000,
        secs = started.elapsed().as_secs_f32(),
        "archive read"
    );

    // Skip versions already stored (any source: the id is the content hash).
    let mut known: HashSet<String> = HashSet::new();
    for s in ctx.store.sources().await? {
        for v in ctx.store.versions(&s.source).await? {
            known.insert(v.id.to_string());
        }
    }
    let total = entries.len();
    let mut todo = Vec::new();
    let mut skipped = 0usize;
    for e in entries {
        if known.insert(hex::encode(e.digest)) {
            todo.push(e);
        } else {
            skipped += 1;
        }
    }

    let bar = ProgressBar::new(todo.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );

    // Parse on a producer thread (rayon inside), store here in order.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Parsed>(2);
    let format = format.map(str::to_string);
    let producer = std::thread::spawn(move || produce(todo, format, options, tx));

    let mut out = stdout();
    let mut summaries = Vec::new();
    // Registered customers are screened after each version, so alerts
    // point at the version that raised them.
    let monitoring = crate::cmd::rescreen::AutoSync::new(ctx).await?;
    let mut imported = 0usize;
    let mut failure = None;
    while let Some(item) = rx.recv().await {
        let (entry, result) = item;
        let parsed = match result {
            Ok(p) => p,
            Err(message) => {
                failure = Some(CliError::History {
                    archive: archive_name.clone(),
                    entry: entry.path,
                    message,
                });
                break;
            }
        };
        let warnings = parsed.warnings.len();
        if ctx.verbose {
            crate::cmd::print_warnings(&parsed.warnings, true);
        }
        let request = ImportRequest {
            version_id: denylist_store::version_id_for(&[entry.digest]),
            source: parsed.source,
            format: parsed.format.to_string(),
            published: parsed.published,
            files: vec![(entry.name.clone(), hex::encode(entry.digest))],
            entities: parsed.entities,
            imported_at: None,
        };
        let outcome = ctx.store.import(request).await?;
        let summary = Summary::new(&outcome, warnings);
        imported += usize::from(outcome.created);
        debug!(entry = %entry.path, "{}", summary.line());
        bar.set_message(entry.date.to_string());
        bar.inc(1);
        if json {
            summaries.push(summary);
        } else {
            bar.suspend(|| writeln!(out, "{}", summary.line()))?;
        }
        for line in monitoring.run().await? {
            if json {
                bar.suspend(|| eprintln!("{line}"));
            } else {
                bar.suspend(|| writeln!(out, "{line}"))?;
            }
        }
    }
    drop(rx);
    bar.finish_and_clear();
    let _ = producer.join();
    if let Some(e) = failure {
        out.flush()?;
        return Err(e);
    }
    // Versions already imported may still wait for their screening.
    out.flush()?;
    crate::cmd::rescreen::print_lines(&monitoring.run().await?, json)?;
    if json {
        write_json(&mut out, &summaries)?;
    } else {
        writeln!(
            out,
            "{archive_name}: {total} entries, {imported} imported, {skipped} already imported, in {:.1} s",
            started.elapsed().as_secs_f32()
        )?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

/// An entry with its parse result (or the error message).
type Parsed = (EntryInfo, Result<ParsedList, String>);

/// What the consumer needs of an entry once its bytes are parsed.
struct EntryInfo {
    path: String,
    name: String,
    date: NaiveDate,
    digest: [u8; 32],
}

fn produce(
    entries: Vec<Entry>,
    format: Option<String>,
    options: ParseOptions,
    tx: tokio::sync::mpsc::Sender<Parsed>,
) {
    let batch = rayon::current_num_threads().max(1);
    let mut entries = entries.into_iter().peekable();
    while entries.peek().is_some() {
        let chunk: Vec<Entry> = entries.by_ref().take(batch).collect();
        let parsed: Vec<Parsed> = chunk
            .into_par_iter()
            .map(|e| {
                let opts = ParseOptions {
                    source: options.source.clone(),
                    as_of: Some(e.date),
                };
                let result = zstd::bulk::decompress(&e.packed, e.size)
                    .map_err(|err| format!("decompressing: {err}"))
                    .and_then(|bytes| {
                        let file = InputFile::new(e.name.clone(), bytes);
                        parse(&[file], format.as_deref(), &opts).map_err(|err| err.to_string())
                    });
                let info = EntryInfo {
                    path: e.path,
                    name: e.name,
                    date: e.date,
                    digest: e.digest,
                };
                (info, result)
            })
            .collect();
        for item in parsed {
            let stop = item.1.is_err();
            if tx.blocking_send(item).is_err() || stop {
                return;
            }
        }
    }
}

/// Reads every regular file of the archive into memory, compressed.
fn read_archive(path: &Path) -> Result<Vec<Entry>, CliError> {
    let archive_name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|error| CliError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    let err = |entry: &str, message: String| CliError::History {
        archive: archive_name.clone(),
        entry: entry.to_string(),
        message,
    };
    let xz = xz2::read::XzDecoder::new(std::io::BufReader::with_capacity(1 << 16, file));
    let mut tar = tar::Archive::new(xz);
    let mut out = Vec::new();
    let mut compressor =
        zstd::bulk::Compressor::new(1).map_err(|e| CliError::Internal(e.to_string()))?;
    let iter = tar.entries().map_err(|e| err("(archive)", e.to_string()))?;
    let mut buf = Vec::new();
    for entry in iter {
        let mut entry = entry.map_err(|e| err("(archive)", e.to_string()))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let entry_path = entry
            .path()
            .map_err(|e| err("(archive)", e.to_string()))?
            .to_string_lossy()
            .into_owned();
        let name = entry_path
            .rsplit('/')
            .next()
            .unwrap_or(&entry_path)
            .to_string();
        let (key, date) = entry_key(&name).ok_or_else(|| {
            err(
                &entry_path,
                "the name does not start with a date (expected YYYY-MM-DD[THHMMSSZ]_<file>)"
                    .to_string(),
            )
        })?;
        buf.clear();
        entry
            .read_to_end(&mut buf)
            .map_err(|e| err(&entry_path, e.to_string()))?;
        let packed = compressor
            .compress(&buf)
            .map_err(|e| err(&entry_path, e.to_string()))?;
        out.push(Entry {
            key,
            date,
            digest: sha256(&buf),
            size: buf.len(),
            packed,
            path: entry_path,
            name,
        });
    }
    if out.is_empty() {
        return Err(err("(archive)", "no files in the archive".to_string()));
    }
    Ok(out)
}

/// The sort key and date of an entry name `2021-07-31T082513Z_sdn.csv`
/// (or `2021-07-31_sdn.csv`).
fn entry_key(name: &str) -> Option<(String, NaiveDate)> {
    let (key, rest) = name.split_once('_')?;
    if rest.is_empty() {
        return None;
    }
    let date = NaiveDate::parse_from_str(key.get(..10)?, "%Y-%m-%d").ok()?;
    Some((key.to_string(), date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_give_dates() {
        let (key, date) = entry_key("2021-07-31T082513Z_sdn.csv").unwrap();
        assert_eq!(key, "2021-07-31T082513Z");
        assert_eq!(date.to_string(), "2021-07-31");
        assert_eq!(
            entry_key("2024-03-05_sdn.csv").unwrap().1.to_string(),
            "2024-03-05"
        );
        assert!(entry_key("sdn.csv").is_none());
        assert!(entry_key("README_x").is_none());
        assert!(entry_key("2024-13-05_sdn.csv").is_none());
    }
}
