//! The 2022 layout `ConList.xlsx`: sheet `Data`, row 1 `Last Updated`, row 2
//! the 36-column header (adds `Name Non-Latin Script`, `Alias Quality`,
//! `Passport Number`, `National Identification Number/Details`, ...).

use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};

use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

use super::table::{parse_dmy, to_list, HmtRow, HmtTable};

/// The ConList XLSX format.
pub(crate) struct ConListXlsx;

const FORMAT_ID: &str = "gb-hmt-xlsx";

impl Format for ConListXlsx {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        super::SOURCE
    }

    fn description(&self) -> &'static str {
        "OFSI Consolidated List (ConList.xlsx, 2022 layout)"
    }

    /// A zip named like the OFSI file (`ConList.xlsx`).
    fn sniff(&self, file: &InputFile) -> bool {
        let name = file.file_name_lower();
        file.bytes.starts_with(b"PK\x03\x04") && name.ends_with(".xlsx") && name.contains("conlist")
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, FORMAT_ID)?;
        let name = file.name.as_str();
        let syntax = |path: Option<String>, message: String| ParseError::Syntax {
            file: name.to_string(),
            line: None,
            path,
            message,
        };
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&file.bytes[..]))
            .map_err(|e| syntax(None, format!("not a readable XLSX workbook: {e}")))?;
        let sheets = book.sheet_names();
        let sheet = sheets
            .iter()
            .find(|s| s.eq_ignore_ascii_case("data"))
            .or(sheets.first())
            .cloned()
            .ok_or_else(|| syntax(None, "workbook has no sheet".to_string()))?;
        let (grid, first_row) =
            read_grid(&mut book, &sheet).map_err(|e| syntax(Some(sheet.clone()), e.to_string()))?;
        let (table, warnings) = from_grid(name, grid, first_row)?;
        to_list(name, FORMAT_ID, table, warnings, options)
    }
}

/// The sheet's cells as text, row by row from its first non-empty row and
/// column (as calamine's ranges count them), and that first row (0-based).
/// Cells are streamed: shared strings are copied once, into the grid.
fn read_grid(
    book: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &str,
) -> Result<(Vec<Vec<String>>, u64), calamine::XlsxError> {
    let mut reader = book.worksheet_cells_reader(sheet)?;
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    while let Some(cell) = reader.next_cell()? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        cells.push((r, c, cell_text(cell.get_value())));
    }
    let (Some(top), Some(left)) = (
        cells.iter().map(|c| c.0).min(),
        cells.iter().map(|c| c.1).min(),
    ) else {
        return Ok((Vec::new(), 0));
    };
    let mut grid: Vec<Vec<String>> = Vec::new();
    for (r, c, text) in cells {
        let (r, c) = ((r - top) as usize, (c - left) as usize);
        if grid.len() <= r {
            grid.resize_with(r + 1, Vec::new);
        }
        let row = &mut grid[r];
        if row.len() <= c {
            row.resize_with(c + 1, String::new);
        }
        row[c] = text;
    }
    Ok((grid, u64::from(top)))
}

fn cell_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Empty => String::new(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => {
            let serial = dt.as_f64();
            chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|e| e.checked_add_days(chrono::Days::new(serial.max(0.0) as u64)))
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default()
        }
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// Builds the table from a sheet grid of texts (row 1 `Last Updated`, row
/// 2 the header).
pub(crate) fn from_grid(
    file: &str,
    grid: Vec<Vec<String>>,
    first_row: u64,
) -> Result<(HmtTable, Vec<Warning>), ParseError> {
    let header_at = grid
        .iter()
        .position(|r| r.first().is_some_and(|c| c.trim() == "Name 6"))
        .ok_or_else(|| {
            ParseError::at_line(
                file,
                first_row + 1,
                "no header row starting with \"Name 6\"",
            )
        })?;
    let published = grid[..header_at]
        .iter()
        .find(|r| r.first().is_some_and(|c| c.trim() == "Last Updated"))
        .and_then(|r| r.get(1))
        .and_then(|s| parse_dmy(s));
    let header: Vec<String> = grid[header_at]
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if !header.iter().any(|h| h == "Group ID") {
        return Err(ParseError::at_line(
            file,
            first_row + header_at as u64 + 1,
            "header has no \"Group ID\" column",
        ));
    }
    let rows = grid
        .into_iter()
        .enumerate()
        .skip(header_at + 1)
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, cells)| HmtRow {
            line: first_row + i as u64 + 1,
            cells,
        })
        .collect();
    Ok((HmtTable::new(header, rows, published), Vec::new()))
}
