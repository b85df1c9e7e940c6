//! The UK Sanctions List CSV export (`UK-Sanctions-List.csv`): a title line
//! `Report Date: 23-Sep-2026`, then the header and one row per name of a
//! designation, with the designation's other columns repeated. The columns
//! are those of the ODS export; see [`super::table`] for how they are read.
//!
//! UTF-8 (a BOM is skipped), else Windows-1252; comma-separated with `"`
//! quoting; the published date is the `Report Date`, else `--as-of`.

use std::borrow::Cow;

use super::table::Row;
use crate::csv_lines::RecordLines;
use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList};

/// The FCDO CSV format.
pub(crate) struct FcdoCsv;

const FORMAT_ID: &str = "gb-fcdo-csv";

impl Format for FcdoCsv {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        super::SOURCE
    }

    fn description(&self) -> &'static str {
        "FCDO UK Sanctions List, CSV (UK-Sanctions-List.csv)"
    }

    /// One of the first three lines is a comma-separated header with a
    /// `Unique ID` column (the OFSI ConList has `Group ID` instead).
    fn sniff(&self, file: &InputFile) -> bool {
        if file.bytes.starts_with(b"PK\x03\x04") {
            return false;
        }
        file.head(4096).lines().take(3).any(|line| {
            line.contains(',')
                && line
                    .split(',')
                    .any(|c| c.trim().trim_matches('"').eq_ignore_ascii_case("Unique ID"))
        })
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, FORMAT_ID)?;
        let rows = read_rows(file)?;
        super::table::to_list(FORMAT_ID, &file.name, &rows, options)
    }
}

/// Every record of the file with its line; cells as published.
fn read_rows(file: &InputFile) -> Result<Vec<Row>, ParseError> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&file.bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => Cow::Borrowed(t),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = RecordLines::new(text.as_bytes());
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(ParseError::Syntax {
                    file: file.name.clone(),
                    line: lines.line(e.position()),
                    path: None,
                    message: e.to_string(),
                })
            }
        }
        let line = lines.line(record.position()).unwrap_or(0);
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(rows)
}
