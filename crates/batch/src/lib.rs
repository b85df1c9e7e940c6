//! Batch screening of customer files at scale: the library behind
//! `denylist batch`.
//!
//! [`input::open`] streams customer records out of CSV/TSV (delimiter
//! sniffed, UTF-8 with or without BOM, Windows-1252 fallback), JSON lines,
//! spreadsheets or Parquet, detecting the name, first/middle/last, id,
//! birth date, country and identifier columns from common header names.
//! [`run`] reads them in chunks on a reader thread, screens each chunk in
//! parallel with [`Matcher::screen_many`], and writes results in input
//! order to CSV, JSON lines, XLSX or Parquet, with a `<out>.rejects.csv`
//! of unreadable records. After every chunk the output is flushed, fsynced
//! and a `<out>.checkpoint` written, so an interrupted run can be resumed
//! without duplicates or gaps. Memory is bounded by the chunk size (a
//! spreadsheet input is loaded whole).
//!
//! ```no_run
//! use std::path::Path;
//! use std::sync::atomic::AtomicBool;
//! use denylist_batch::{run, BatchOptions};
//! use denylist_matching::Matcher;
//!
//! let matcher = Matcher::build(Vec::new());
//! let stop = AtomicBool::new(false);
//! let summary = run(&matcher, Path::new("customers.csv"), Path::new("hits.csv"),
//!     &BatchOptions::default(), &stop, &mut |_progress| {})?;
//! println!("{} hits", summary.hits);
//! # Ok::<(), denylist_batch::BatchError>(())
//! ```

pub mod input;
pub mod output;
mod runner;

pub use input::{
    ColumnOverrides, CustomerRow, DateOrder, InputKind, InputOptions, RejectKind, RowError,
};
pub use output::{spool_path, OutputKind};
pub use runner::{checkpoint_path, rejects_path, run, BatchOptions, Checkpoint, Progress, Summary};

#[cfg(doc)]
use denylist_matching::Matcher;

/// What can stop a batch run.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The CSV header could not be read.
    #[error("{path}: {source}")]
    Csv {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: csv::Error,
    },
    /// The input has no usable columns (or an overridden column is
    /// missing).
    #[error("{file}: {reason}")]
    Columns {
        /// The file.
        file: String,
        /// What is missing.
        reason: String,
    },
    /// The file extension names no known format.
    #[error("{0}: unknown file type (use .csv, .tsv, .jsonl, .xlsx, .ods or .parquet)")]
    UnknownFormat(String),
    /// The checkpoint does not belong to this input/output.
    #[error("{path}: cannot resume: {reason}")]
    Resume {
        /// The checkpoint file.
        path: String,
        /// Why.
        reason: String,
    },
}
