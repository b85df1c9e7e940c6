//! The classic `ConList.csv`: Windows-1252, line 1 `Last Updated,13/04/2018`,
//! line 2 the 29-column header, then one row per name × date of birth.

use crate::csv_lines::RecordLines;
use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

use super::table::{parse_dmy, to_list, HmtRow, HmtTable};

/// The ConList CSV format.
pub(crate) struct ConListCsv;

const FORMAT_ID: &str = "gb-hmt-csv";

impl Format for ConListCsv {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        super::SOURCE
    }

    fn description(&self) -> &'static str {
        "OFSI Consolidated List (ConList.csv, classic layout)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(2048);
        let mut lines = head.lines();
        let first = lines.next().unwrap_or("");
        let second = lines.next().unwrap_or("");
        first.starts_with("Last Updated,") && second.starts_with("Name 6,Name 1,")
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, FORMAT_ID)?;
        let (table, warnings) = read_table(file)?;
        to_list(&file.name, FORMAT_ID, table, warnings, options)
    }
}

fn read_table(file: &InputFile) -> Result<(HmtTable, Vec<Warning>), ParseError> {
    let name = file.name.as_str();
    let mut warnings = Vec::new();
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&file.bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = RecordLines::new(text.as_bytes());
    let mut records = rdr.records();
    let err = |e: csv::Error| ParseError::Syntax {
        file: name.to_string(),
        line: e.position().map(|p| p.line()),
        path: None,
        message: e.to_string(),
    };
    let first = match records.next() {
        Some(r) => r.map_err(err)?,
        None => {
            return Err(ParseError::Empty {
                file: name.to_string(),
            })
        }
    };
    if first.get(0).map(str::trim) != Some("Last Updated") {
        return Err(ParseError::at_line(
            name,
            1,
            "line 1 is not \"Last Updated,<date>\"",
        ));
    }
    let published = first.get(1).and_then(parse_dmy);
    let header = match records.next() {
        Some(r) => r.map_err(err)?,
        None => {
            return Err(ParseError::Truncated {
                file: name.to_string(),
                line: Some(2),
                message: "no header row".to_string(),
            })
        }
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    if !header.iter().any(|h| h == "Group ID") || !header.iter().any(|h| h == "Name 6") {
        return Err(ParseError::at_line(
            name,
            2,
            "header has no \"Name 6\" or \"Group ID\" column",
        ));
    }
    let mut rows = Vec::new();
    for rec in records {
        let rec = rec.map_err(err)?;
        let line = lines.line(rec.position()).unwrap_or(0);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != header.len() {
            warnings.push(Warning::new(
                name,
                Some(line),
                format!(
                    "row has {} fields, expected {} (file cut?); skipped",
                    rec.len(),
                    header.len()
                ),
            ));
            continue;
        }
        rows.push(HmtRow {
            line,
            cells: rec.iter().map(str::to_string).collect(),
        });
    }
    Ok((HmtTable::new(header, rows, published), warnings))
}
