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
    /// Bytes before the reader's input (a BOM).
    skipped: u64,
    /// The file ends with a line feed.
    ends_with_newline: bool,
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
        let mut f = File::open(path).map_err(io)?;
        let len = f.metadata().map_err(io)?.len();
        let ends_with_newline = {
            use std::io::{Read, Seek, SeekFrom};
            let mut last = [0u8; 1];
            let nl = len > 0
                && f.seek(SeekFrom::End(-1)).is_ok()
                && f.read_exact(&mut last).is_ok()
                && last[0] == b'\n';
            f.seek(SeekFrom::Start(0)).map_err(io)?;
            nl
        };
        let mut buf = BufReader::with_capacity(1 << 16, f);
        let head = buf.fill_buf().map_err(io)?;
        let bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
        let delimiter =
            delimiter.unwrap_or_else(|| sniff_delimiter(&head[if bom { 3 } else { 0 }..]));
        if bom {
            buf.consume(3);
        }
        // Records end at a line feed; a carriage return before it is
        // trimmed with the field. (The default CRLF terminator leaves the
        // line feed of CRLF unread after a record, which breaks the line
        // count.)
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .terminator(csv::Terminator::Any(b'\n'))
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
        let header: Vec<String> = header
            .iter()
            .map(|f| decode(f).trim().to_string())
            .collect();
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
            skipped: if bom { 3 } else { 0 },
            ends_with_newline,
        })
    }
}

impl DelimitedReader {
    /// The line the record just read starts on. The csv crate positions a
    /// record where the previous one ended, before any blank lines it
    /// skipped, so count back from where this one ends: the line feeds
    /// inside its quoted fields and its own terminator (absent only at the
    /// end of a file without a final line feed).
    fn line(&self) -> u64 {
        let end = self.reader.position();
        let inner: u64 = self
            .record
            .iter()
            .map(|f| f.iter().filter(|&&b| b == b'\n').count() as u64)
            .sum();
        let at_end = end.byte() + self.skipped >= self.len;
        let terminated = !at_end || self.ends_with_newline;
        end.line()
            .saturating_sub(inner + u64::from(terminated))
            .max(1)
    }
}

impl Iterator for DelimitedReader {
    type Item = Result<CustomerRow, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut got = self.reader.read_byte_record(&mut self.record);
        // An empty CRLF line: skipped like an empty LF line.
        while matches!(got, Ok(true)) && self.record.len() == 1 && &self.record[0] == b"\r" {
            got = self.reader.read_byte_record(&mut self.record);
        }
        match got {
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
                let line = self.line();
                if self.record.len() == 1 && self.record[0].iter().all(u8::is_ascii_whitespace) {
                    return Some(Err(RowError {
                        line,
                        kind: RejectKind::Blank,
                        reason: "blank line".into(),
                    }));
                }
                if self.record.len() > self.width
                    && self
                        .record
                        .iter()
                        .skip(self.width)
                        .any(|f| !f.trim_ascii().is_empty())
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

    #[test]
    fn line_numbers_count_blank_lines_and_quoted_line_feeds() {
        let dir = tempfile::tempdir().expect("tmp");
        for (text, last) in [
            ("id,name\nA,x\n\n\nB,\"y\ny\"\nC,z\n", 7),
            ("id,name\r\nA,x\r\n\r\nB,\"y\r\ny\"\r\nC,z", 6),
        ] {
            let p = dir.path().join("l.csv");
            std::fs::write(&p, text).expect("write");
            let lines: Vec<u64> = DelimitedReader::open(&p, None, &InputOptions::default())
                .expect("open")
                .map(|r| match r {
                    Ok(_) => 0,
                    Err(e) => e.line,
                })
                .collect();
            // Every record here is valid: recover lines through the
            // reader itself.
            assert_eq!(lines.len(), 3, "{text:?}");
            let mut r = DelimitedReader::open(&p, None, &InputOptions::default()).expect("open");
            let mut got = Vec::new();
            while r.next().is_some() {
                got.push(r.line());
            }
            assert_eq!(got.last().copied(), Some(last), "{text:?}");
            assert_eq!(got[0], 2, "{text:?}");
        }
    }
}
