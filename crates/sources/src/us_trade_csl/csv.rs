//! The CSL CSV export (`consolidated.csv`): 29 columns since 2023, 28 in
//! 2019 (no `_id`), 27 in 2016 (no `_id`, no `ids`, short `source` codes).
//! Columns are found by header name, so every layout reads the same way.

use crate::csv_lines::RecordLines;
use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

use super::record::{build_list, parse_address_line, parse_id_item, split_multi, CslRecord};

/// The CSL CSV format.
pub(crate) struct CslCsv;

const FORMAT_ID: &str = "us-trade-csl-csv";

impl Format for CslCsv {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        super::SOURCE
    }

    fn description(&self) -> &'static str {
        "trade.gov Consolidated Screening List, CSV (consolidated.csv; 2016, 2019 and current layouts)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(1024);
        let first = head.lines().next().unwrap_or("").replace('"', "");
        let first = first.trim_start().to_ascii_lowercase();
        first.starts_with("_id,source,entity_number,")
            || first.starts_with("source,entity_number,type,")
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, FORMAT_ID)?;
        let (records, warnings, count) = read_csv(file)?;
        build_list(&file.name, FORMAT_ID, records, warnings, count, options)
    }
}

/// Column indices by header name.
struct Columns {
    names: Vec<String>,
}

impl Columns {
    fn get<'r>(&self, rec: &'r csv::StringRecord, name: &str) -> &'r str {
        self.names
            .iter()
            .position(|n| n == name)
            .and_then(|i| rec.get(i))
            .unwrap_or("")
    }
}

/// Reads the rows into native records, with warnings and the row count.
pub(crate) fn read_csv(
    file: &InputFile,
) -> Result<(Vec<CslRecord>, Vec<Warning>, usize), ParseError> {
    let name = file.name.as_str();
    let mut warnings = Vec::new();
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&file.bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(e) => {
            warnings.push(Warning::new(
                name,
                None,
                format!("not UTF-8 ({e}); read as Windows-1252"),
            ));
            let (t, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            t
        }
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = RecordLines::new(text.as_bytes());
    let mut rows = rdr.records();
    let header = match rows.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(csv_error(name, &e)),
        None => {
            return Err(ParseError::Empty {
                file: name.to_string(),
            })
        }
    };
    let cols = Columns {
        names: header
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect(),
    };
    for required in ["source", "name"] {
        if !cols.names.iter().any(|n| n == required) {
            return Err(ParseError::at_line(
                name,
                1,
                format!("header has no {required:?} column"),
            ));
        }
    }
    let width = cols.names.len();
    let mut records = Vec::new();
    let mut count = 0usize;
    for row in rows {
        let rec = row.map_err(|e| csv_error(name, &e))?;
        let line = lines.line(rec.position()).unwrap_or(0);
        if rec
            .iter()
            .zip(&cols.names)
            .all(|(a, b)| a.trim().eq_ignore_ascii_case(b))
        {
            warnings.push(Warning::new(name, Some(line), "header repeated; skipped"));
            continue;
        }
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue;
        }
        count += 1;
        if rec.len() != width {
            warnings.push(Warning::new(
                name,
                Some(line),
                format!(
                    "row has {} fields, expected {width} (file cut?); skipped",
                    rec.len()
                ),
            ));
            continue;
        }
        records.push(to_record(&cols, &rec, line));
    }
    Ok((records, warnings, count))
}

fn to_record(c: &Columns, r: &csv::StringRecord, line: u64) -> CslRecord {
    let s = |n: &str| c.get(r, n).to_string();
    let m = |n: &str| split_multi(c.get(r, n));
    CslRecord {
        line,
        id: s("_id"),
        source: s("source"),
        entity_number: s("entity_number"),
        kind: s("type"),
        programs: m("programs"),
        name: s("name"),
        title: s("title"),
        addresses: split_multi(c.get(r, "addresses"))
            .iter()
            .map(|a| parse_address_line(a))
            .collect(),
        federal_register_notice: s("federal_register_notice"),
        start_date: s("start_date"),
        end_date: s("end_date"),
        standard_order: s("standard_order"),
        license_requirement: s("license_requirement"),
        license_policy: s("license_policy"),
        call_sign: s("call_sign"),
        vessel_type: s("vessel_type"),
        gross_tonnage: s("gross_tonnage"),
        gross_registered_tonnage: s("gross_registered_tonnage"),
        vessel_flag: s("vessel_flag"),
        vessel_owner: s("vessel_owner"),
        remarks: s("remarks"),
        source_list_url: s("source_list_url"),
        alt_names: m("alt_names"),
        citizenships: m("citizenships"),
        dates_of_birth: m("dates_of_birth"),
        nationalities: m("nationalities"),
        places_of_birth: m("places_of_birth"),
        source_information_url: s("source_information_url"),
        ids: split_multi(c.get(r, "ids"))
            .iter()
            .map(|i| parse_id_item(i))
            .collect(),
    }
}

fn csv_error(file: &str, e: &csv::Error) -> ParseError {
    let line = e.position().map(|p| p.line());
    ParseError::Syntax {
        file: file.to_string(),
        line,
        path: None,
        message: e.to_string(),
    }
}
