//! Result files: CSV (one row per customer and match) or JSON lines (one
//! object per customer), and the rejects file.

use std::io::Write;
use std::path::Path;

use denylist_matching::Match;
use serde::Serialize;

use crate::input::{CustomerRow, RowError};

/// The kind of a result file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// CSV: one row per (customer, match).
    Csv,
    /// JSON lines: one object per customer with its matches.
    JsonLines,
}

impl OutputKind {
    /// From the extension: `.csv` (or `.tsv`... written as CSV), `.jsonl`,
    /// `.ndjson`, `.json`.
    pub fn from_path(path: &Path) -> Option<OutputKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" => Some(OutputKind::Csv),
            "jsonl" | "ndjson" | "json" => Some(OutputKind::JsonLines),
            _ => None,
        }
    }
}

/// The CSV header of a result file.
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

/// Serialises one customer's results into `buf`. With `all` false a
/// customer without matches writes nothing.
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
        OutputKind::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut *buf);
            let id = row.customer_id();
            let rn = row.row_number.to_string();
            if matches.is_empty() {
                w.write_record([id.as_str(), &rn, &row.name, "", "", "", "", "", "", ""])?;
            }
            for m in matches {
                w.write_record([
                    id.as_str(),
                    &rn,
                    &row.name,
                    m.entity_id.as_str(),
                    m.source.as_str(),
                    m.schema.as_str(),
                    &format!("{:.4}", m.score),
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
