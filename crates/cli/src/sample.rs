//! The built-in sample: a few dozen real SDN designations in OFAC's legacy
//! CSV format, typed from OFAC's public record, so `denylist screen` works on
//! a fresh install before any list is imported.

use chrono::NaiveDate;
use denylist_sources::{parse_files, InputFile, ParseOptions, ParsedList};
use denylist_store::ImportRequest;

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

/// The import request for the parsed sample.
pub fn request(parsed: ParsedList) -> ImportRequest {
    ImportRequest::from_files(
        parsed.source,
        parsed.format,
        parsed.published,
        &FILES,
        parsed.entities,
    )
}
