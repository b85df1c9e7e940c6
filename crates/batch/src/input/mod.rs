//! Customer files in: CSV/TSV (any delimiter), JSON lines, XLSX/ODS,
//! Parquet.
//!
//! Every reader yields a stream of `Result<CustomerRow, RowError>`, one item
//! per data record, in file order. A record that cannot be screened (no
//! name, an unreadable date, broken JSON...) is an `Err` naming its line, and
//! the stream goes on.

mod columns;
mod date;
mod delimited;
mod jsonl;
mod parquet;
mod sheet;

use std::path::Path;

use denylist_model::{PartialDate, Schema};
use serde::{Deserialize, Serialize};

pub use columns::{ColumnOverrides, Columns};
pub use date::{parse_date, DateOrder};
pub use delimited::{sniff_delimiter, DelimitedReader};
pub use jsonl::JsonLinesReader;
pub use parquet::ParquetReader;
pub use sheet::{read_sheet, SheetRows};

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
    /// row number in a spreadsheet; the record number in a Parquet file).
    pub line: u64,
    /// The kind of problem, for the run summary.
    pub kind: RejectKind,
    /// What is wrong, in detail.
    pub reason: String,
}

/// Why a record was rejected (what the run summary counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectKind {
    /// No name (or first/last name) in the record.
    EmptyName,
    /// The birth date cannot be read.
    BadDate,
    /// More fields than the header (an unquoted delimiter).
    FieldCount,
    /// An empty line or spreadsheet row.
    Blank,
    /// A JSON line that is not a JSON object, or has no name key.
    BadJson,
    /// The file could not be read further.
    ReadError,
}

impl RejectKind {
    /// A short label: "empty name", "unreadable date"...
    pub fn label(self) -> &'static str {
        match self {
            RejectKind::EmptyName => "empty name",
            RejectKind::BadDate => "unreadable date",
            RejectKind::FieldCount => "too many fields",
            RejectKind::Blank => "blank line",
            RejectKind::BadJson => "invalid JSON record",
            RejectKind::ReadError => "read error",
        }
    }
}

impl std::fmt::Display for RejectKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
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
    /// An Apache Parquet file.
    Parquet,
}

impl InputKind {
    /// Guesses the kind from a file extension (`.csv`, `.tsv`, `.txt`,
    /// `.jsonl`, `.ndjson`, `.xlsx`, `.xls`, `.xlsb`, `.ods`, `.parquet`).
    pub fn from_path(path: &Path) -> Option<InputKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" | "txt" => InputKind::Delimited(None),
            "tsv" | "tab" => InputKind::Delimited(Some(b'\t')),
            "psv" => InputKind::Delimited(Some(b'|')),
            "jsonl" | "ndjson" | "json" => InputKind::JsonLines,
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => InputKind::Sheet,
            "parquet" | "parq" | "pq" => InputKind::Parquet,
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

/// A stream of customer records that can tell how far it is.
pub trait RowSource: Iterator<Item = Result<CustomerRow, RowError>> + Send {
    /// `(done, total)` in the source's own unit: bytes of a text file,
    /// records of a spreadsheet or Parquet file. `total` may be 0 when
    /// unknown.
    fn progress(&self) -> (u64, u64);
}

/// A stream of customer records.
pub type Rows = Box<dyn RowSource>;

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
        InputKind::Sheet => Box::new(SheetRows::new(read_sheet(path, opts)?)),
        InputKind::Parquet => Box::new(ParquetReader::open(path, opts)?),
    })
}
