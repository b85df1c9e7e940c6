//! JSON lines: one object per line, keys detected like CSV headers.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde_json::Value;

use super::{Columns, CustomerRow, InputOptions, RejectKind, RowError, RowSource};
use crate::BatchError;

/// A streaming reader of a JSON-lines customer file. Blank lines are
/// skipped; every other line is one record.
pub struct JsonLinesReader {
    reader: BufReader<File>,
    buf: Vec<u8>,
    opts: InputOptions,
    line: u64,
    rows: u64,
    file: String,
    done: bool,
    pos: u64,
    len: u64,
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
        let len = f.metadata().map_or(0, |m| m.len());
        Ok(JsonLinesReader {
            reader: BufReader::with_capacity(1 << 16, f),
            buf: Vec::new(),
            opts: opts.clone(),
            line: 0,
            rows: 0,
            file,
            done: false,
            pos: 0,
            len,
        })
    }

    fn record(&self, text: &str) -> Result<CustomerRow, RowError> {
        let err = |kind: RejectKind, reason: String| RowError {
            line: self.line,
            kind,
            reason,
        };
        let text = text.trim_start_matches('\u{feff}');
        let value: Value = serde_json::from_str(text)
            .map_err(|e| err(RejectKind::BadJson, format!("invalid JSON: {e}")))?;
        let Value::Object(map) = value else {
            return Err(err(RejectKind::BadJson, "not a JSON object".into()));
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
            .map_err(|e| err(RejectKind::BadJson, e.to_string()))?;
        cols.row(self.rows, self.line, |i| values.get(i).map(String::as_str))
    }
}

impl Iterator for JsonLinesReader {
    type Item = Result<CustomerRow, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line += 1;
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    self.rows += 1;
                    return Some(Err(RowError {
                        line: self.line,
                        kind: RejectKind::ReadError,
                        reason: format!("read error: {e}"),
                    }));
                }
                Ok(n) => {
                    self.pos += n as u64;
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.rows += 1;
                    let buf = std::mem::take(&mut self.buf);
                    let r = match std::str::from_utf8(&buf) {
                        Ok(text) => self.record(text.trim_end_matches(['\n', '\r'])),
                        Err(e) => Err(RowError {
                            line: self.line,
                            kind: RejectKind::BadJson,
                            reason: format!("invalid JSON: not UTF-8 ({e})"),
                        }),
                    };
                    self.buf = buf;
                    return Some(r);
                }
            }
        }
        None
    }
}

impl RowSource for JsonLinesReader {
    fn progress(&self) -> (u64, u64) {
        (self.pos.min(self.len), self.len)
    }
}
