//! CSV, TSV and other delimited text, streamed record by record.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::{Columns, CustomerRow, InputOptions, RejectKind, RowError, RowSource};
use crate::BatchError;

/// Picks the delimiter among `,` `;` tab `|` that occurs most often outside
/// quotes in the first line; `,` when none does.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; 4];
    let cands = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = cands.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], 4 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        cands[best]
    }
}

/// Decodes a field: UTF-8, else Windows-1252 (what spreadsheet programs
/// export on Windows).
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// A streaming reader of a delimited customer file with a header row.
pub struct DelimitedReader {
    reader: csv::Reader<BufReader<File>>,
    columns: Columns,
    width: usize,
    record: csv::ByteRecord,
    rows: u64,
    done: bool,
    file: String,
    len: u64,
}

impl DelimitedReader {
    /// Opens `path`, sniffing the delimiter when `delimiter` is `None`,
    /// skipping a UTF-8 byte-order mark and detecting the columns.
    ///
    /// # Errors
    ///
    /// [`BatchError`] when the file cannot be read or has no name column.
    pub fn open(
        path: &Path,
        delimiter: Option<u8>,
        opts: &InputOptions,
    ) -> Result<DelimitedReader, BatchError> {
        let file = path.display().to_string();
        let io = |e| BatchError::Io {
            path: file.clone(),
            source: e,
        };
        let f = File::open(path).map_err(io)?;
        let len = f.metadata().map_err(io)?.len();
        let mut buf = BufReader::with_capacity(1 << 16, f);
        let head = buf.fill_buf().map_err(io)?;
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
        let mut header = csv::ByteRecord::new();
        let got = reader
            .read_byte_record(&mut header)
            .map_err(|e| BatchError::Csv {
                path: file.clone(),
                source: e,
            })?;
        if !got {
            return Err(BatchError::Columns {
                file,
                reason: "empty file (no header row)".into(),
            });
        }
        let header: Vec<String> = header.iter().map(|f| decode(f).into_owned()).collect();
        let columns = Columns::detect(&header, &opts.columns, opts.date_order, &file)?;
        tracing::debug!(file, delimiter = %(delimiter as char), ?header, "customer file header");
        Ok(DelimitedReader {
            reader,
            columns,
            width: header.len(),
            record: csv::ByteRecord::new(),
            rows: 0,
            done: false,
            file,
            len,
        })
    }
}

impl Iterator for DelimitedReader {
    type Item = Result<CustomerRow, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Err(e) => {
                // I/O errors end the stream; the csv crate has no other
                // errors for flexible byte records.
                self.done = true;
                self.rows += 1;
                let line = e.position().map_or(0, |p| p.line());
                tracing::warn!(file = self.file, line, error = %e, "customer file read error");
                Some(Err(RowError {
                    line,
                    kind: RejectKind::ReadError,
                    reason: format!("read error: {e}"),
                }))
            }
            Ok(true) => {
                self.rows += 1;
                let line = self.record.position().map_or(0, |p| p.line());
                if self.record.len() == 1 && self.record[0].iter().all(u8::is_ascii_whitespace) {
                    return Some(Err(RowError {
                        line,
                        kind: RejectKind::Blank,
                        reason: "blank line".into(),
                    }));
                }
                if self.record.len() > self.width
                    && self.record.iter().skip(self.width).any(|f| !f.is_empty())
                {
                    return Some(Err(RowError {
                        line,
                        kind: RejectKind::FieldCount,
                        reason: format!(
                            "{} fields but the header has {} (unquoted delimiter in a value?)",
                            self.record.len(),
                            self.width
                        ),
                    }));
                }
                let fields: Vec<Cow<'_, str>> = self.record.iter().map(decode).collect();
                Some(
                    self.columns
                        .row(self.rows, line, |i| fields.get(i).map(|c| c.as_ref())),
                )
            }
        }
    }
}

impl RowSource for DelimitedReader {
    fn progress(&self) -> (u64, u64) {
        let pos = if self.done {
            self.len
        } else {
            self.reader.position().byte()
        };
        (pos.min(self.len), self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,2;3"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"x,y\"|b|c\n"), b'|');
        assert_eq!(sniff_delimiter(b"name\n"), b',');
    }

    #[test]
    fn decodes_cp1252() {
        assert_eq!(decode(b"M\xfcller"), "Müller");
        assert_eq!(decode("Müller".as_bytes()), "Müller");
    }
}
