//! Customer files in: CSV/TSV (any delimiter), JSON lines, XLSX/ODS.
//!
//! Every reader yields a stream of `Result<CustomerRow, RowError>`, one item
//! per data record, in file order. A record that cannot be screened (no
//! name, an unreadable date, broken JSON...) is an `Err` naming its line, and
//! the stream goes on.

mod columns;
mod date;
mod delimited;
mod jsonl;
mod sheet;

use std::path::Path;

use denylist_model::{PartialDate, Schema};
use serde::Serialize;

pub use columns::{ColumnOverrides, Columns};
pub use date::{parse_date, DateOrder};
pub use delimited::{sniff_delimiter, DelimitedReader};
pub use jsonl::JsonLinesReader;
pub use sheet::read_sheet;

use crate::BatchError;

/// One customer to screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerRow {
    /// 1-based index of the data record (the first record after the header
    /// is 1).
    pub row_number: u64,
    /// The customer's own id, from the id column, if any.
    pub id: Option<String>,
    /// The full name (or first, middle and last names joined by spaces).
    pub name: String,
    /// Person or organisation, from a type column or implied by
    /// first/last-name columns.
    pub schema: Option<Schema>,
    /// Birth (or incorporation) date.
    pub dob: Option<PartialDate>,
    /// Countries as written (codes or names).
    pub countries: Vec<String>,
    /// Identifier values (passport, tax id...).
    pub identifiers: Vec<String>,
}

impl CustomerRow {
    /// The id to report: the id column, else the row number.
    pub fn customer_id(&self) -> String {
        self.id
            .clone()
            .unwrap_or_else(|| self.row_number.to_string())
    }
}

/// A record that could not be read, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct RowError {
    /// 1-based line number in the file (the header is line 1 of a CSV; the
    /// row number in a spreadsheet).
    pub line: u64,
    /// What is wrong.
    pub reason: String,
}

/// The kind of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Delimited text; the delimiter is sniffed when `None`.
    Delimited(Option<u8>),
    /// One JSON object per line.
    JsonLines,
    /// A spreadsheet (XLSX, XLSB, XLS, ODS).
    Sheet,
}

impl InputKind {
    /// Guesses the kind from a file extension (`.csv`, `.tsv`, `.txt`,
    /// `.jsonl`, `.ndjson`, `.xlsx`, `.xls`, `.xlsb`, `.ods`).
    pub fn from_path(path: &Path) -> Option<InputKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" | "txt" => InputKind::Delimited(None),
            "tsv" | "tab" => InputKind::Delimited(Some(b'\t')),
            "psv" => InputKind::Delimited(Some(b'|')),
            "jsonl" | "ndjson" | "json" => InputKind::JsonLines,
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => InputKind::Sheet,
            _ => return None,
        })
    }
}

/// How to read an input file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputOptions {
    /// The file kind; guessed from the extension when `None`.
    pub kind: Option<InputKind>,
    /// Column names that override detection.
    pub columns: ColumnOverrides,
    /// How to read ambiguous numeric dates.
    pub date_order: DateOrder,
    /// The spreadsheet sheet to read (default: the first).
    pub sheet: Option<String>,
}

/// A stream of customer records.
pub type Rows = Box<dyn Iterator<Item = Result<CustomerRow, RowError>> + Send>;

/// Opens a customer file as a stream of records.
///
/// # Errors
///
/// [`BatchError`] if the file cannot be opened, its kind is unknown, or its
/// header has no usable name column.
pub fn open(path: &Path, opts: &InputOptions) -> Result<Rows, BatchError> {
    let kind = opts
        .kind
        .or_else(|| InputKind::from_path(path))
        .ok_or_else(|| BatchError::UnknownFormat(path.display().to_string()))?;
    Ok(match kind {
        InputKind::Delimited(delim) => Box::new(DelimitedReader::open(path, delim, opts)?),
        InputKind::JsonLines => Box::new(JsonLinesReader::open(path, opts)?),
        InputKind::Sheet => Box::new(read_sheet(path, opts)?.into_iter()),
    })
}
