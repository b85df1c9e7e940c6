//! Formats of the `eu-fsf` publisher: the EU Financial Sanctions Files in
//! XML 1.1 and CSV 1.1, and the legacy 2016 XML and 2018 CSV layouts. All
//! four read into one [`record::EuEntity`] and map through one mapper; the
//! native id is the entity `logicalId` in all of them.

mod alpha3;
mod csv;
mod legacy_csv;
mod legacy_xml;
mod record;
mod xml;

use std::collections::HashSet;

use chrono::NaiveDate;
use denylist_model::SourceId;

use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList};
use record::{EuEntity, Mapper};

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[
    &xml::EuFsfXml,
    &csv::EuFsfCsv,
    &legacy_xml::EuFsfLegacyXml,
    &legacy_csv::EuFsfLegacyCsv,
];

const SOURCE: &str = "eu-fsf";

/// What one file holds, as read by one of the four readers.
struct FileRecords {
    /// The entities, in file order.
    records: Vec<EuEntity>,
    /// Rows read, for the CSV layouts (one row per sub-object); `None`
    /// counts the records.
    rows: Option<usize>,
    /// The publication date the file states.
    published: Option<NaiveDate>,
}

/// Reads every file with `read` and maps the records into one list, ids
/// unique across the files; the last file's stated date wins, else
/// `--as-of`.
fn parse_each(
    files: &[InputFile],
    options: &ParseOptions,
    format: &'static str,
    mut read: impl FnMut(&InputFile) -> Result<FileRecords, ParseError>,
) -> Result<ParsedList, ParseError> {
    let source = options.source_or(SOURCE)?;
    let mut out = ParsedList::empty(&source, format);
    for file in files {
        let FileRecords {
            records,
            rows,
            published,
        } = read(file)?;
        out.record_count += rows.unwrap_or(records.len());
        if published.is_some() {
            out.published = published;
        }
        map_records(&file.name, &source, records, &mut out);
    }
    if out.published.is_none() {
        out.published = options.as_of;
    }
    Ok(out)
}

/// Maps the records of one file into `out`, keeping ids unique.
fn map_records(file: &str, source: &SourceId, records: Vec<EuEntity>, out: &mut ParsedList) {
    let mut mapper = Mapper {
        file,
        source,
        warnings: Vec::new(),
    };
    let mut seen: HashSet<_> = out.entities.iter().map(|e| e.id.clone()).collect();
    for r in &records {
        let Some(entity) = mapper.map(r) else {
            continue;
        };
        if !seen.insert(entity.id.clone()) {
            mapper.warnings.push(crate::Warning::new(
                file,
                Some(r.line),
                format!("duplicate id {}; later record skipped", entity.id),
            ));
            continue;
        }
        out.entities.push(entity);
    }
    out.warnings.append(&mut mapper.warnings);
}
