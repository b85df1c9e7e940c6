//! Result files: CSV (one row per customer and match), JSON lines (one
//! object per customer), XLSX and Parquet (the CSV rows, typed), and the
//! rejects file.
//!
//! CSV and JSON lines are appended chunk by chunk. XLSX and Parquet cannot
//! be appended to (a workbook is a zip archive, a Parquet file ends with
//! its footer), so their rows go to an appendable spool, `<out>.partial.csv`,
//! that the runner checkpoints like a CSV output and converts once the input
//! is exhausted.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use denylist_matching::Match;
use serde::Serialize;

use crate::input::{CustomerRow, RowError};
use crate::BatchError;

/// The kind of a result file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// CSV: one row per (customer, match).
    Csv,
    /// JSON lines: one object per customer with its matches.
    JsonLines,
    /// An Excel workbook: the CSV rows, score and row number as numbers.
    Xlsx,
    /// Apache Parquet: the CSV rows, typed columns.
    Parquet,
}

impl OutputKind {
    /// From the extension: `.csv` (or `.txt`), `.jsonl` (`.ndjson`,
    /// `.json`), `.xlsx`, `.parquet` (`.parq`, `.pq`).
    pub fn from_path(path: &Path) -> Option<OutputKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" => Some(OutputKind::Csv),
            "jsonl" | "ndjson" | "json" => Some(OutputKind::JsonLines),
            "xlsx" => Some(OutputKind::Xlsx),
            "parquet" | "parq" | "pq" => Some(OutputKind::Parquet),
            _ => None,
        }
    }

    /// Whether results are appended to the output itself (CSV, JSON lines)
    /// rather than spooled and converted at the end (XLSX, Parquet).
    pub fn appendable(self) -> bool {
        matches!(self, OutputKind::Csv | OutputKind::JsonLines)
    }
}

/// The CSV header of a result file (also the columns of XLSX and Parquet
/// results).
pub const CSV_HEADER: &[&str] = &[
    "customer_id",
    "row",
    "customer_name",
    "entity_id",
    "source",
    "schema",
    "score",
    "matched_name",
    "entity_name",
    "explanation",
];

/// `<out>.partial.csv`: where XLSX and Parquet rows wait for the end of
/// the run.
pub fn spool_path(output: &Path) -> PathBuf {
    let mut s = output.as_os_str().to_owned();
    s.push(".partial.csv");
    PathBuf::from(s)
}

/// One line of explanation text for a CSV cell.
pub fn one_line(m: &Match) -> String {
    m.explanation
        .to_text()
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

#[derive(Serialize)]
struct JsonCustomer<'a> {
    customer_id: String,
    row: u64,
    name: &'a str,
    matches: &'a [Match],
}

/// Serialises one customer's results into `buf` (for XLSX and Parquet:
/// spool rows, CSV with the exact score). With `all` false a customer
/// without matches writes nothing.
pub fn write_customer(
    buf: &mut Vec<u8>,
    kind: OutputKind,
    row: &CustomerRow,
    matches: &[Match],
    all: bool,
) -> std::io::Result<()> {
    if matches.is_empty() && !all {
        return Ok(());
    }
    match kind {
        OutputKind::JsonLines => {
            let obj = JsonCustomer {
                customer_id: row.customer_id(),
                row: row.row_number,
                name: &row.name,
                matches,
            };
            serde_json::to_writer(&mut *buf, &obj)?;
            buf.push(b'\n');
        }
        OutputKind::Csv | OutputKind::Xlsx | OutputKind::Parquet => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut *buf);
            let id = row.customer_id();
            let rn = row.row_number.to_string();
            if matches.is_empty() {
                w.write_record([id.as_str(), &rn, &row.name, "", "", "", "", "", "", ""])?;
            }
            for m in matches {
                let score = if kind == OutputKind::Csv {
                    format!("{:.4}", m.score)
                } else {
                    format!("{}", m.score)
                };
                w.write_record([
                    id.as_str(),
                    &rn,
                    &row.name,
                    m.entity_id.as_str(),
                    m.source.as_str(),
                    m.schema.as_str(),
                    &score,
                    &m.matched_name,
                    &m.name,
                    &one_line(m),
                ])?;
            }
            w.flush()?;
        }
    }
    Ok(())
}

/// Writes the CSV header into `out`.
pub fn write_csv_header(out: &mut impl Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    w.flush()
}

/// Writes one rejected record (`line,reason`) into `buf`.
pub fn write_reject(buf: &mut Vec<u8>, e: &RowError) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(&mut *buf);
    w.write_record([e.line.to_string().as_str(), &e.reason])?;
    w.flush()
}

/// Rows per Parquet row group when converting a spool.
const ROW_GROUP: usize = 65_536;
/// Data rows per worksheet (Excel's limit less the header row).
const SHEET_ROWS: u32 = 1_048_575;
/// Excel's limit on the characters of a cell.
const CELL_CHARS: usize = 32_767;

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> BatchError + '_ {
    move |e| BatchError::Io {
        path: path.display().to_string(),
        source: e,
    }
}

fn other_err(path: &Path, e: impl std::fmt::Display) -> BatchError {
    BatchError::Io {
        path: path.display().to_string(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// Converts a spool (CSV rows with [`CSV_HEADER`]) into an XLSX or Parquet
/// file at `out`, written beside it and renamed into place. Returns the
/// number of result rows.
///
/// # Errors
///
/// [`BatchError::Io`] when the spool cannot be read or the result written.
pub fn convert_spool(spool: &Path, kind: OutputKind, out: &Path) -> Result<u64, BatchError> {
    let mut tmp = out.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let file = File::open(spool).map_err(io_err(spool))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(BufReader::with_capacity(1 << 16, file));
    let rows = match kind {
        OutputKind::Parquet => write_parquet(&mut reader, spool, &tmp)?,
        OutputKind::Xlsx => write_xlsx(&mut reader, spool, &tmp)?,
        OutputKind::Csv | OutputKind::JsonLines => {
            return Err(other_err(out, "CSV and JSON lines results are not spooled"))
        }
    };
    std::fs::rename(&tmp, out).map_err(io_err(out))?;
    Ok(rows)
}

/// The Parquet schema of result files.
const PARQUET_SCHEMA: &str = "message denylist_batch_results {
    required binary customer_id (STRING);
    required int64 row;
    required binary customer_name (STRING);
    optional binary entity_id (STRING);
    optional binary source (STRING);
    optional binary schema (STRING);
    optional double score;
    optional binary matched_name (STRING);
    optional binary entity_name (STRING);
    optional binary explanation (STRING);
}";

fn write_parquet(
    reader: &mut csv::Reader<BufReader<File>>,
    spool: &Path,
    out: &Path,
) -> Result<u64, BatchError> {
    use parquet::basic::Compression;
    use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;

    let pq = |e: parquet::errors::ParquetError| other_err(out, e);
    let schema = Arc::new(parse_message_type(PARQUET_SCHEMA).map_err(pq)?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("denylist {}", env!("CARGO_PKG_VERSION")))
            .build(),
    );
    let file = File::create(out).map_err(io_err(out))?;
    let mut writer =
        SerializedFileWriter::new(BufWriter::with_capacity(1 << 16, file), schema, props)
            .map_err(pq)?;
    let mut total = 0u64;
    let mut records = reader.records();
    let mut batch: Vec<csv::StringRecord> = Vec::with_capacity(ROW_GROUP);
    loop {
        batch.clear();
        for r in records.by_ref().take(ROW_GROUP) {
            batch.push(r.map_err(|e| other_err(spool, e))?);
        }
        if batch.is_empty() {
            break;
        }
        total += batch.len() as u64;
        let mut rg = writer.next_row_group().map_err(pq)?;
        let mut col = 0usize;
        while let Some(mut cw) = rg.next_column().map_err(pq)? {
            let field = |r: &csv::StringRecord| r.get(col).unwrap_or_default().to_string();
            match CSV_HEADER[col] {
                "row" => {
                    let vals: Vec<i64> = batch
                        .iter()
                        .map(|r| field(r).parse().unwrap_or(0))
                        .collect();
                    cw.typed::<Int64Type>()
                        .write_batch(&vals, None, None)
                        .map_err(pq)?;
                }
                "score" => {
                    let vals: Vec<Option<f64>> =
                        batch.iter().map(|r| field(r).parse().ok()).collect();
                    let defs: Vec<i16> = vals.iter().map(|v| i16::from(v.is_some())).collect();
                    let present: Vec<f64> = vals.into_iter().flatten().collect();
                    cw.typed::<DoubleType>()
                        .write_batch(&present, Some(&defs), None)
                        .map_err(pq)?;
                }
                "customer_id" | "customer_name" => {
                    let vals: Vec<ByteArray> = batch
                        .iter()
                        .map(|r| ByteArray::from(field(r).into_bytes()))
                        .collect();
                    cw.typed::<ByteArrayType>()
                        .write_batch(&vals, None, None)
                        .map_err(pq)?;
                }
                _ => {
                    // Empty match columns (a customer without a match,
                    // written with --all) are nulls.
                    let defs: Vec<i16> = batch
                        .iter()
                        .map(|r| i16::from(!r.get(col).unwrap_or_default().is_empty()))
                        .collect();
                    let vals: Vec<ByteArray> = batch
                        .iter()
                        .map(field)
                        .filter(|s| !s.is_empty())
                        .map(|s| ByteArray::from(s.into_bytes()))
                        .collect();
                    cw.typed::<ByteArrayType>()
                        .write_batch(&vals, Some(&defs), None)
                        .map_err(pq)?;
                }
            }
            cw.close().map_err(pq)?;
            col += 1;
        }
        rg.close().map_err(pq)?;
    }
    let inner = writer.into_inner().map_err(pq)?;
    let file = inner
        .into_inner()
        .map_err(|e| io_err(out)(e.into_error()))?;
    file.sync_all().map_err(io_err(out))?;
    Ok(total)
}

fn write_xlsx(
    reader: &mut csv::Reader<BufReader<File>>,
    spool: &Path,
    out: &Path,
) -> Result<u64, BatchError> {
    use rust_xlsxwriter::{Format, Workbook, Worksheet};

    let xl = |e: rust_xlsxwriter::XlsxError| other_err(out, e);
    let bold = Format::new().set_bold();
    let score_fmt = Format::new().set_num_format("0.0000");
    let widths = [14.0, 8.0, 28.0, 22.0, 12.0, 12.0, 8.0, 30.0, 30.0, 80.0];
    let new_sheet = |wb: &mut Workbook, n: u32| -> Result<(), BatchError> {
        let ws: &mut Worksheet = wb.add_worksheet_with_constant_memory().map_err(xl)?;
        let name = if n == 1 {
            "Results".to_string()
        } else {
            format!("Results {n}")
        };
        ws.set_name(name).map_err(xl)?;
        for (c, (h, w)) in CSV_HEADER.iter().zip(widths).enumerate() {
            ws.set_column_width(c as u16, w).map_err(xl)?;
            ws.write_string_with_format(0, c as u16, *h, &bold)
                .map_err(xl)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xl)?;
        Ok(())
    };
    let mut wb = Workbook::new();
    let mut sheets = 1u32;
    new_sheet(&mut wb, sheets)?;
    let mut row = 0u32;
    let mut total = 0u64;
    for rec in reader.records() {
        let rec = rec.map_err(|e| other_err(spool, e))?;
        if row == SHEET_ROWS {
            sheets += 1;
            new_sheet(&mut wb, sheets)?;
            row = 0;
        }
        row += 1;
        total += 1;
        let ws = wb
            .worksheets_mut()
            .last_mut()
            .ok_or_else(|| other_err(out, "no worksheet"))?;
        for (c, name) in CSV_HEADER.iter().enumerate() {
            let v = rec.get(c).unwrap_or_default();
            if v.is_empty() {
                continue;
            }
            let c = c as u16;
            match *name {
                "row" => match v.parse::<f64>() {
                    Ok(n) => ws.write_number(row, c, n),
                    Err(_) => ws.write_string(row, c, v),
                },
                "score" => match v.parse::<f64>() {
                    Ok(n) => ws.write_number_with_format(row, c, n, &score_fmt),
                    Err(_) => ws.write_string(row, c, v),
                },
                _ if v.chars().count() > CELL_CHARS => {
                    let cut: String = v.chars().take(CELL_CHARS).collect();
                    ws.write_string(row, c, cut)
                }
                _ => ws.write_string(row, c, v),
            }
            .map_err(xl)?;
        }
    }
    wb.save(out).map_err(xl)?;
    File::open(out)
        .and_then(|f| f.sync_all())
        .map_err(io_err(out))?;
    Ok(total)
}
