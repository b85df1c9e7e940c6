//! Customer files in: the batch readers (same formats, same column
//! detection and overrides), with the registry's own checks: every record
//! needs an id, ids are unique in the file.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use denylist_batch::input::{self, sniff_delimiter, InputKind, InputOptions};
use denylist_store::Customer;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::MonitorError;

/// A record of a customer file that was not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reject {
    /// Line in the file (the header is line 1 of a CSV); for spreadsheets
    /// and Parquet files, the record number.
    pub line: u64,
    /// Why.
    pub reason: String,
}

impl std::fmt::Display for Reject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// A customer file, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerFile {
    /// The file as given.
    pub file: String,
    /// sha256 (hex) of its bytes.
    pub sha256: String,
    /// Records read (accepted and rejected).
    pub records: u64,
    /// The customers, in file order.
    #[serde(skip)]
    pub customers: Vec<Customer>,
    /// The rejected records, in file order.
    pub rejects: Vec<Reject>,
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> MonitorError + '_ {
    move |e| MonitorError::Input {
        file: path.display().to_string(),
        reason: e.to_string(),
    }
}

fn file_sha256(path: &Path) -> Result<String, MonitorError> {
    let mut f = std::fs::File::open(path).map_err(io_err(path))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf).map_err(io_err(path))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

/// The line of each data record (index = record number - 1), for the
/// formats that have lines; `None` for the others.
fn record_lines(path: &Path, kind: InputKind) -> Result<Option<Vec<u64>>, MonitorError> {
    match kind {
        InputKind::Delimited(delimiter) => {
            let mut buf = BufReader::new(std::fs::File::open(path).map_err(io_err(path))?);
            let head = buf.fill_buf().map_err(io_err(path))?;
            let bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
            let delimiter =
                delimiter.unwrap_or_else(|| sniff_delimiter(&head[if bom { 3 } else { 0 }..]));
            if bom {
                buf.consume(3);
            }
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(buf);
            let mut record = csv::ByteRecord::new();
            let mut lines = Vec::new();
            let mut first = true;
            while reader.read_byte_record(&mut record).unwrap_or(false) {
                if !first {
                    lines.push(record.position().map_or(0, |p| p.line()));
                }
                first = false;
            }
            Ok(Some(lines))
        }
        InputKind::JsonLines => {
            let f = BufReader::new(std::fs::File::open(path).map_err(io_err(path))?);
            let mut lines = Vec::new();
            for (i, line) in f.lines().enumerate() {
                let line = line.map_err(io_err(path))?;
                if !line.trim().is_empty() {
                    lines.push(i as u64 + 1);
                }
            }
            Ok(Some(lines))
        }
        _ => Ok(None),
    }
}

/// Reads a customer file (CSV/TSV, JSON lines, spreadsheets and whatever
/// else `denylist batch` reads) into registry customers.
///
/// A record is rejected, with its line, when the batch reader rejects it
/// (no name, unreadable date...), when it has no id, or when its id was
/// already seen in the file. A file where no record has an id is an error:
/// the registry is keyed by customer id (name the column with
/// `ColumnOverrides::id`).
pub fn read_customer_file(path: &Path, opts: &InputOptions) -> Result<CustomerFile, MonitorError> {
    let file = path.display().to_string();
    let kind = opts
        .kind
        .or_else(|| InputKind::from_path(path))
        .ok_or_else(|| MonitorError::Input {
            file: file.clone(),
            reason: "unknown file type (use .csv, .tsv, .jsonl, .xlsx or .ods)".into(),
        })?;
    let sha256 = file_sha256(path)?;
    let rows = input::open(path, opts)?;
    let mut customers: Vec<Customer> = Vec::new();
    // Records to reject once their lines are known: (record number, reason).
    let mut pending: Vec<(u64, String)> = Vec::new();
    let mut rejects: Vec<(u64, Option<u64>, String)> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut records = 0u64;
    let mut with_id = 0u64;
    for item in rows {
        records += 1;
        match item {
            Err(e) => rejects.push((records, Some(e.line), e.reason.clone())),
            Ok(row) => {
                let Some(id) = row.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
                    pending.push((row.row_number, "no customer id".into()));
                    continue;
                };
                with_id += 1;
                if let Some(first) = seen.get(id) {
                    pending.push((
                        row.row_number,
                        format!("duplicate customer id {id:?} (first in record {first})"),
                    ));
                    continue;
                }
                let mut c = Customer::new(id, row.name.clone());
                c.kind = row.schema;
                c.birth_dates.extend(row.dob);
                c.countries = row.countries.clone();
                c.identifiers = row.identifiers.clone();
                match c.normalized() {
                    Ok(c) => {
                        seen.insert(c.id.clone(), row.row_number);
                        customers.push(c);
                    }
                    Err(reason) => pending.push((row.row_number, reason)),
                }
            }
        }
    }
    if records > 0 && with_id == 0 {
        return Err(MonitorError::Input {
            file,
            reason: "no record has a customer id: the registry needs an id column \
                     (customer_id, id, account, client_id, reference...; or name it with --id-col)"
                .into(),
        });
    }
    if !pending.is_empty() {
        let lines = record_lines(path, kind)?;
        let line_of = |n: u64| -> u64 {
            lines
                .as_ref()
                .and_then(|l| l.get(n.saturating_sub(1) as usize).copied())
                .unwrap_or(n)
        };
        for (n, reason) in pending {
            // Duplicates name the first record by its line too.
            let reason = match reason.split_once("(first in record ") {
                Some((head, tail)) => {
                    let first: u64 = tail.trim_end_matches(')').parse().unwrap_or(0);
                    format!("{head}(first on line {})", line_of(first))
                }
                None => reason,
            };
            rejects.push((n, Some(line_of(n)), reason));
        }
    }
    let mut rejects: Vec<Reject> = rejects
        .into_iter()
        .map(|(n, line, reason)| Reject {
            line: line.unwrap_or(n),
            reason,
        })
        .collect();
    rejects.sort_by_key(|r| r.line);
    Ok(CustomerFile {
        file,
        sha256,
        records,
        customers,
        rejects,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_name_their_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.csv");
        std::fs::write(
            &p,
            "customer_id,name,dob\n\
             C1,Tal Dilian,1961\n\
             ,No Id,1970\n\
             C3,,1970\n\
             C4,\"Multi\nLine\",1980\n\
             C5,Bad Date,31/31/1999\n\
             C1,Again,1961\n\
             C7,Fine,\n",
        )
        .unwrap();
        let f = read_customer_file(&p, &InputOptions::default()).unwrap();
        let ids: Vec<&str> = f.customers.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["C1", "C4", "C7"]);
        assert_eq!(f.records, 7);
        let rejects: Vec<String> = f.rejects.iter().map(|r| r.to_string()).collect();
        assert_eq!(rejects.len(), 4, "{rejects:?}");
        assert!(
            rejects[0].starts_with("line 3: no customer id"),
            "{rejects:?}"
        );
        assert!(rejects[1].starts_with("line 4: "), "{rejects:?}");
        // The quoted newline moves the later lines down by one.
        assert!(rejects[2].starts_with("line 7: "), "{rejects:?}");
        assert!(rejects[2].contains("date"), "{rejects:?}");
        assert_eq!(
            rejects[3],
            "line 8: duplicate customer id \"C1\" (first on line 2)"
        );
        assert_eq!(f.sha256.len(), 64);
    }

    #[test]
    fn a_file_without_ids_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.csv");
        std::fs::write(&p, "name\nTal Dilian\n").unwrap();
        let err = read_customer_file(&p, &InputOptions::default()).unwrap_err();
        assert!(err.to_string().contains("needs an id column"), "{err}");
    }
}
