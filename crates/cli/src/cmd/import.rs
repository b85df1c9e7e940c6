//! `denylist import`: list files in, one new version (or a history archive
//! of many).

use std::path::Path;

use denylist_model::ListVersion;
use denylist_sources::{format_by_id, parse_files, InputFile, ParseOptions, ParsedList};
use denylist_store::{version_id_for_files, ImportOutcome, ImportRequest};
use serde::Serialize;

use super::{parse_date, parse_source, print_warnings, stdout, write_json, Context};
use crate::args::ImportArgs;
use crate::error::CliError;
use crate::Status;

/// The summary of one import, as printed.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// The list.
    pub source: String,
    /// The version.
    pub version: ListVersion,
    /// False when the same bytes were already imported.
    pub created: bool,
    /// Entity revisions written.
    pub new_revisions: usize,
    /// Parse warnings (0 when nothing was parsed).
    pub warnings: usize,
}

impl Summary {
    /// From a store outcome and the parse warnings.
    pub fn new(outcome: &ImportOutcome, warnings: usize) -> Self {
        Summary {
            source: outcome.version.source.to_string(),
            version: outcome.version.clone(),
            created: outcome.created,
            new_revisions: outcome.new_revisions,
            warnings,
        }
    }

    /// One line of text.
    pub fn line(&self) -> String {
        let v = &self.version;
        let published = super::date_or_dash(v.published);
        if self.created {
            format!(
                "imported {} version {} (published {published}): {} entities, {} new revisions, {} warnings",
                self.source,
                v.id.short(),
                v.entity_count,
                self.new_revisions,
                self.warnings
            )
        } else {
            format!(
                "{} version {} (published {published}, {} entities) already imported; nothing to do",
                self.source,
                v.id.short(),
                v.entity_count
            )
        }
    }
}

/// Runs `denylist import`.
pub async fn run(ctx: &Context<'_>, args: ImportArgs) -> Result<Status, CliError> {
    let options = ParseOptions {
        source: args.source.as_deref().map(parse_source).transpose()?,
        as_of: args
            .as_of
            .as_deref()
            .map(|d| parse_date("--as-of", d))
            .transpose()?,
    };
    if args.history {
        let [archive] = args.files.as_slice() else {
            return Err(CliError::Usage {
                message: "--history takes exactly one .tar.xz archive".to_string(),
            });
        };
        if args.as_of.is_some() {
            return Err(CliError::Usage {
                message: "--as-of cannot be used with --history: each entry's date is in its name"
                    .to_string(),
            });
        }
        return crate::history::import(ctx, archive, args.format.as_deref(), options, args.json)
            .await;
    }

    let files = read_files(&args.files)?;
    let named: Vec<(String, &[u8])> = files
        .iter()
        .map(|f| (f.file_name_lower(), f.bytes.as_slice()))
        .collect();
    let (version_id, _) = version_id_for_files(&named);
    let mut out = stdout();
    // Identical bytes: report the stored version without parsing.
    if let Ok(existing) = ctx.store.version(version_id.as_str()).await {
        let summary = Summary {
            source: existing.source.to_string(),
            version: existing,
            created: false,
            new_revisions: 0,
            warnings: 0,
        };
        print_summary(&mut out, &summary, args.json)?;
        // A screening interrupted earlier is resumed.
        super::rescreen::after_lists_changed(ctx, args.json).await?;
        return Ok(Status::Ok);
    }

    let parsed = parse(&files, args.format.as_deref(), &options)?;
    print_warnings(&parsed.warnings, ctx.verbose);
    let warnings = parsed.warnings.len();
    let request = ImportRequest::from_files(
        parsed.source,
        parsed.format,
        parsed.published,
        &named,
        parsed.entities,
    );
    let outcome = ctx.store.import(request).await?;
    print_summary(&mut out, &Summary::new(&outcome, warnings), args.json)?;
    super::rescreen::after_lists_changed(ctx, args.json).await?;
    Ok(Status::Ok)
}

fn print_summary(
    out: &mut impl std::io::Write,
    summary: &Summary,
    json: bool,
) -> Result<(), CliError> {
    if json {
        write_json(out, summary)?;
    } else {
        writeln!(out, "{}", summary.line())?;
    }
    out.flush()?;
    Ok(())
}

/// Reads every file whole; the error names the path.
pub fn read_files(paths: &[impl AsRef<Path>]) -> Result<Vec<InputFile>, CliError> {
    paths
        .iter()
        .map(|p| {
            let p = p.as_ref();
            let bytes = std::fs::read(p).map_err(|error| CliError::Read {
                path: p.to_path_buf(),
                error,
            })?;
            Ok(InputFile::new(p.display().to_string(), bytes))
        })
        .collect()
}

/// Parses a set of files with the given format, or the detected one.
pub fn parse(
    files: &[InputFile],
    format: Option<&str>,
    options: &ParseOptions,
) -> Result<ParsedList, CliError> {
    Ok(match format {
        Some(id) => format_by_id(id)?.parse(files, options)?,
        None => parse_files(files, options)?,
    })
}
