//! Spreadsheets (XLSX, XLS, XLSB, ODS) via calamine. The sheet is loaded
//! whole (calamine has no streaming reader for every format); the runner
//! still screens and writes it chunk by chunk.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

use super::{Columns, CustomerRow, InputOptions, RejectKind, RowError, RowSource};
use crate::BatchError;

fn cell(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(dt) if dt.is_datetime() => {
            // Excel serial day (1900 system): days since 1899-12-30.
            let days = dt.as_f64().floor() as i64;
            chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|base| base.checked_add_signed(chrono::Duration::days(days)))
                .map_or_else(|| dt.to_string(), |d| d.format("%Y-%m-%d").to_string())
        }
        Data::DateTimeIso(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Reads the chosen sheet (`opts.sheet`, default the first) of a workbook:
/// the first non-empty row is the header.
///
/// # Errors
///
/// [`BatchError`] when the workbook cannot be read, the sheet does not
/// exist or has no name column.
pub fn read_sheet(
    path: &Path,
    opts: &InputOptions,
) -> Result<Vec<Result<CustomerRow, RowError>>, BatchError> {
    let file = path.display().to_string();
    let bad = |reason: String| BatchError::Columns {
        file: file.clone(),
        reason,
    };
    let mut wb = open_workbook_auto(path).map_err(|e| bad(format!("cannot open workbook: {e}")))?;
    let names = wb.sheet_names();
    let sheet = match &opts.sheet {
        Some(s) => s.clone(),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| bad("workbook has no sheet".into()))?,
    };
    if !names.contains(&sheet) {
        return Err(bad(format!(
            "no sheet {sheet:?} (sheets: {})",
            names.join(", ")
        )));
    }
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|e| bad(format!("sheet {sheet:?}: {e}")))?;
    let first_row = range.start().map_or(0, |(r, _)| u64::from(r));
    let mut rows = range
        .rows()
        .enumerate()
        .skip_while(|(_, r)| r.iter().all(|c| matches!(c, Data::Empty)));
    let Some((_, header)) = rows.next() else {
        return Err(bad(format!("sheet {sheet:?} is empty")));
    };
    let header: Vec<String> = header.iter().map(cell).collect();
    let columns = Columns::detect(&header, &opts.columns, opts.date_order, &file)?;
    let mut out = Vec::new();
    for (n, (i, r)) in rows.enumerate() {
        let line = first_row + i as u64 + 1;
        let fields: Vec<String> = r.iter().map(cell).collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            out.push(Err(RowError {
                line,
                kind: RejectKind::Blank,
                reason: "blank row".into(),
            }));
            continue;
        }
        out.push(columns.row(n as u64 + 1, line, |j| fields.get(j).map(String::as_str)));
    }
    Ok(out)
}

/// The records of a loaded sheet as a [`RowSource`].
pub struct SheetRows {
    rows: std::vec::IntoIter<Result<CustomerRow, RowError>>,
    total: u64,
}

impl SheetRows {
    /// Streams `rows`.
    pub fn new(rows: Vec<Result<CustomerRow, RowError>>) -> SheetRows {
        SheetRows {
            total: rows.len() as u64,
            rows: rows.into_iter(),
        }
    }
}

impl Iterator for SheetRows {
    type Item = Result<CustomerRow, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.rows.next()
    }
}

impl RowSource for SheetRows {
    fn progress(&self) -> (u64, u64) {
        (self.total - self.rows.len() as u64, self.total)
    }
}
