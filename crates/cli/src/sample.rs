//! The built-in sample: a few dozen real SDN designations in OFAC's legacy
//! CSV format, typed from OFAC's public record, so `denylist screen` works on
//! a fresh install before any list is imported. It is never stored: it
//! stands in only while the store holds no list.

use chrono::NaiveDate;
use denylist_model::{Entity, ListVersion};
use denylist_sources::{parse_files, InputFile, ParseOptions, ParsedList};
use denylist_store::version_id_for_files;

use crate::error::CliError;

/// The sample's files, as OFAC publishes them (no header, CRLF, `-0- `
/// empties, trailing 0x1A).
pub const FILES: [(&str, &[u8]); 3] = [
    ("sdn.csv", include_bytes!("../sample/sdn.csv")),
    ("alt.csv", include_bytes!("../sample/alt.csv")),
    ("add.csv", include_bytes!("../sample/add.csv")),
];

/// The date the sample stands for: the SDN after the 2024-03-05
/// designations (a subset of it).
pub fn as_of() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2024, 3, 5)
}

/// Parses the sample.
pub fn parse() -> Result<ParsedList, CliError> {
    let files: Vec<InputFile> = FILES
        .iter()
        .map(|(name, bytes)| InputFile::new(*name, bytes.to_vec()))
        .collect();
    let options = ParseOptions {
        source: None,
        as_of: as_of(),
    };
    Ok(parse_files(&files, &options)?)
}

/// The sample as an (unstored) version of the SDN list, with its entities.
pub fn version() -> Result<(ListVersion, Vec<Entity>), CliError> {
    let parsed: ParsedList = parse()?;
    let (id, files) = version_id_for_files(&FILES);
    let version = ListVersion {
        id,
        source: parsed.source,
        format: parsed.format.to_string(),
        published: parsed.published,
        imported_at: chrono::DateTime::UNIX_EPOCH,
        entity_count: parsed.entities.len() as u64,
        files,
    };
    Ok((version, parsed.entities))
}
