//! JSON lines: one object per line, keys detected like CSV headers.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde_json::Value;

use super::{Columns, CustomerRow, InputOptions, RowError};
use crate::BatchError;

/// A streaming reader of a JSON-lines customer file. Blank lines are
/// skipped; every other line is one record.
pub struct JsonLinesReader {
    lines: std::io::Lines<BufReader<File>>,
    opts: InputOptions,
    line: u64,
    rows: u64,
    file: String,
    done: bool,
}

impl JsonLinesReader {
    /// Opens `path`.
    ///
    /// # Errors
    ///
    /// [`BatchError::Io`] when the file cannot be opened.
    pub fn open(path: &Path, opts: &InputOptions) -> Result<JsonLinesReader, BatchError> {
        let file = path.display().to_string();
        let f = File::open(path).map_err(|e| BatchError::Io {
            path: file.clone(),
            source: e,
        })?;
        Ok(JsonLinesReader {
            lines: BufReader::with_capacity(1 << 16, f).lines(),
            opts: opts.clone(),
            line: 0,
            rows: 0,
            file,
            done: false,
        })
    }

    fn record(&self, text: &str) -> Result<CustomerRow, RowError> {
        let err = |reason: String| RowError {
            line: self.line,
            reason,
        };
        let text = text.trim_start_matches('\u{feff}');
        let value: Value =
            serde_json::from_str(text).map_err(|e| err(format!("invalid JSON: {e}")))?;
        let Value::Object(map) = value else {
            return Err(err("not a JSON object".into()));
        };
        let keys: Vec<String> = map.keys().cloned().collect();
        let values: Vec<String> = map
            .values()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                Value::Array(a) => a
                    .iter()
                    .map(|x| match x {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(";"),
                Value::Null => String::new(),
                other => other.to_string(),
            })
            .collect();
        let cols = Columns::detect(&keys, &self.opts.columns, self.opts.date_order, &self.file)
            .map_err(|e| err(e.to_string()))?;
        cols.row(self.rows, self.line, |i| values.get(i).map(String::as_str))
    }
}

impl Iterator for JsonLinesReader {
    type Item = Result<CustomerRow, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line += 1;
            match self.lines.next()? {
                Err(e) => {
                    self.done = true;
                    self.rows += 1;
                    return Some(Err(RowError {
                        line: self.line,
                        reason: format!("read error: {e}"),
                    }));
                }
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => {
                    self.rows += 1;
                    return Some(self.record(&text));
                }
            }
        }
        None
    }
}
