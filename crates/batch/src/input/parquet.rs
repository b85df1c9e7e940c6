//! Parquet files, streamed row group by row group through parquet's record
//! reader, reading only the detected columns.

use std::fs::File;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::Arc;

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::reader::RowIter;
use parquet::record::Field;
use parquet::schema::types::Type;

use super::{Columns, CustomerRow, InputOptions, RejectKind, RowError, RowSource};
use crate::BatchError;

/// A streaming reader of a Parquet customer file: top-level column names
/// are the header; each row is one customer.
pub struct ParquetReader {
    rows: RowIter<'static>,
    columns: Columns,
    width: usize,
    total: u64,
    read: u64,
    done: bool,
}

/// Text of a cell: strings as they are, numbers without a fraction as
/// integers, dates as ISO dates, lists joined with `;`.
fn text(f: &Field) -> String {
    match f {
        Field::Null => String::new(),
        Field::Str(s) => s.clone(),
        Field::Bytes(b) => String::from_utf8_lossy(b.data()).into_owned(),
        Field::Date(days) => chrono::DateTime::from_timestamp(i64::from(*days) * 86_400, 0)
            .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string()),
        Field::TimestampMillis(ms) => chrono::DateTime::from_timestamp_millis(*ms)
            .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string()),
        Field::TimestampMicros(us) => chrono::DateTime::from_timestamp_micros(*us)
            .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string()),
        Field::Float(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", *v as i64),
        Field::Double(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", *v as i64),
        Field::ListInternal(list) => list
            .elements()
            .iter()
            .map(text)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(";"),
        other => other.to_string(),
    }
}

impl ParquetReader {
    /// Opens `path` and detects the columns from the schema's top-level
    /// field names.
    ///
    /// # Errors
    ///
    /// [`BatchError`] when the file cannot be read, is not Parquet, or has
    /// no name column.
    pub fn open(path: &Path, opts: &InputOptions) -> Result<ParquetReader, BatchError> {
        let file = path.display().to_string();
        let f = File::open(path).map_err(|e| BatchError::Io {
            path: file.clone(),
            source: e,
        })?;
        let bad = |e: parquet::errors::ParquetError| BatchError::Columns {
            file: file.clone(),
            reason: format!("cannot read Parquet: {e}"),
        };
        let reader = SerializedFileReader::new(f).map_err(bad)?;
        let meta = reader.metadata();
        let total = u64::try_from(meta.file_metadata().num_rows()).unwrap_or(0);
        let schema = meta.file_metadata().schema_descr().root_schema_ptr();
        let fields = schema.get_fields().to_vec();
        let header: Vec<String> = fields.iter().map(|f| f.name().to_string()).collect();
        let all = Columns::detect(&header, &opts.columns, opts.date_order, &file)?;
        // Read only the columns used: renumber them in projection order.
        let original = all.used();
        let proj_fields: Vec<Arc<Type>> = original.iter().map(|&i| fields[i].clone()).collect();
        let proj_header: Vec<String> = original.iter().map(|&i| header[i].clone()).collect();
        let columns = Columns::detect(&proj_header, &opts.columns, opts.date_order, &file)?;
        let projection = Type::group_type_builder(schema.name())
            .with_fields(proj_fields)
            .build()
            .map_err(bad)?;
        // The parquet crate panics on some damaged metadata (negative
        // column offsets): a damaged file is an error here, never a crash.
        let rows = std::panic::catch_unwind(AssertUnwindSafe(|| {
            RowIter::from_file_into(Box::new(reader)).project(Some(projection))
        }))
        .map_err(|_| BatchError::Columns {
            file: file.clone(),
            reason: "cannot read Parquet: damaged file".into(),
        })?
        .map_err(bad)?;
        tracing::debug!(file, ?header, total, "parquet customer file");
        Ok(ParquetReader {
            rows,
            width: original.len(),
            columns,
            total,
            read: 0,
            done: false,
        })
    }
}

impl Iterator for ParquetReader {
    type Item = Result<CustomerRow, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next =
            std::panic::catch_unwind(AssertUnwindSafe(|| self.rows.next())).unwrap_or_else(|_| {
                Some(Err(parquet::errors::ParquetError::General(
                    "damaged file".into(),
                )))
            });
        let row = match next {
            None => {
                self.done = true;
                return None;
            }
            Some(Err(e)) => {
                self.done = true;
                self.read += 1;
                return Some(Err(RowError {
                    line: self.read,
                    kind: RejectKind::ReadError,
                    reason: format!("read error: {e}"),
                }));
            }
            Some(Ok(r)) => r,
        };
        self.read += 1;
        let mut fields = vec![String::new(); self.width];
        for (slot, (_, f)) in fields.iter_mut().zip(row.get_column_iter()) {
            *slot = text(f);
        }
        // Parquet has no line numbers: the row number (1-based) stands in.
        Some(
            self.columns
                .row(self.read, self.read, |i| fields.get(i).map(String::as_str)),
        )
    }
}

impl RowSource for ParquetReader {
    fn progress(&self) -> (u64, u64) {
        (self.read, self.total)
    }
}
