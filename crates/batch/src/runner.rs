//! The chunked, ordered, resumable runner.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use denylist_matching::{Algorithm, Matcher, Query, ScreenOptions, DEFAULT_THRESHOLD};
use serde::{Deserialize, Serialize};

use crate::input::{self, CustomerRow, InputOptions, RejectKind, RowError};
use crate::output::{
    convert_spool, spool_path, write_csv_header, write_customer, write_reject, OutputKind,
};
use crate::BatchError;

/// How to run a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchOptions {
    /// Matches scoring below this are dropped.
    pub threshold: f64,
    /// At most this many matches per customer.
    pub limit: usize,
    /// The scoring algorithm.
    pub algorithm: Algorithm,
    /// Write every customer, even without a match (default: only
    /// customers with matches, `--only-hits`).
    pub all: bool,
    /// Continue an interrupted run from its checkpoint.
    pub resume: bool,
    /// Records screened (and written, fsynced, checkpointed) together.
    pub chunk_size: usize,
    /// The result format; from the output extension when `None`.
    pub output_kind: Option<OutputKind>,
    /// How to read the input.
    pub input: InputOptions,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            threshold: DEFAULT_THRESHOLD,
            limit: 10,
            algorithm: Algorithm::Denylist,
            all: false,
            resume: false,
            chunk_size: 4096,
            output_kind: None,
            input: InputOptions::default(),
        }
    }
}

/// What a run did (cumulated over resumed runs).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Records read from the input (screened or rejected).
    pub rows_read: u64,
    /// Records rejected.
    pub rows_rejected: u64,
    /// The first rejected records of this invocation (at most 100; all
    /// are in the rejects file).
    pub rejects: Vec<RowError>,
    /// Records rejected, by kind (cumulated over resumed runs).
    pub reject_kinds: BTreeMap<RejectKind, u64>,
    /// Matches written.
    pub hits: u64,
    /// Customers with at least one match.
    pub customers_with_hits: u64,
    /// Wall time of this invocation.
    pub elapsed: Duration,
    /// Records skipped because an earlier run had done them.
    pub resumed_from: u64,
    /// The stop flag was raised before the end of the input.
    pub interrupted: bool,
}

/// The progress saved after every chunk, as JSON in `<out>.checkpoint`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Input records done.
    pub rows_done: u64,
    /// Valid length of the output file.
    pub output_len: u64,
    /// Valid length of the rejects file.
    pub rejects_len: u64,
    /// Records rejected so far.
    pub rows_rejected: u64,
    /// Matches written so far.
    pub hits: u64,
    /// Customers with matches so far.
    pub customers_with_hits: u64,
    /// Size of the input when the run started (a resume refuses another
    /// file).
    pub input_len: u64,
    /// Records rejected so far, by kind.
    #[serde(default)]
    pub reject_kinds: BTreeMap<RejectKind, u64>,
}

/// How far a run is, reported after every chunk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Input records done (screened or rejected), resumed ones included.
    pub rows_done: u64,
    /// Records done by the interrupted run this one resumed.
    pub rows_resumed: u64,
    /// Progress through the input in its own unit (bytes of a text file,
    /// records of a spreadsheet or Parquet file)...
    pub units_done: u64,
    /// ... out of this many (0 when unknown).
    pub units_total: u64,
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// `<out>.checkpoint`.
pub fn checkpoint_path(output: &Path) -> PathBuf {
    with_suffix(output, ".checkpoint")
}

/// `<out>.rejects.csv`.
pub fn rejects_path(output: &Path) -> PathBuf {
    with_suffix(output, ".rejects.csv")
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> BatchError + '_ {
    move |e| BatchError::Io {
        path: path.display().to_string(),
        source: e,
    }
}

fn query(row: &CustomerRow) -> Query {
    let mut q = Query::new(row.name.clone());
    q.schema = row.schema;
    if let Some(d) = row.dob {
        q = q.with_birth_date(d);
    }
    for c in &row.countries {
        q = q.with_country(c);
    }
    for i in &row.identifiers {
        q = q.with_identifier(i.clone());
    }
    q
}

/// Opens (or reopens for resume) a result file truncated to `len`.
fn open_at(path: &Path, len: Option<u64>) -> Result<File, BatchError> {
    let mut f = OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(len.is_none())
        .open(path)
        .map_err(io(path))?;
    if let Some(len) = len {
        f.set_len(len).map_err(io(path))?;
        f.seek(SeekFrom::Start(len)).map_err(io(path))?;
    }
    Ok(f)
}

fn save_checkpoint(path: &Path, cp: &Checkpoint) -> Result<(), BatchError> {
    let tmp = with_suffix(path, ".tmp");
    let json = serde_json::to_vec(cp).map_err(|e| BatchError::Io {
        path: tmp.display().to_string(),
        source: e.into(),
    })?;
    let mut f = File::create(&tmp).map_err(io(&tmp))?;
    f.write_all(&json).map_err(io(&tmp))?;
    f.sync_data().map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

/// One chunk read ahead by the reader thread.
struct Chunk {
    rows: Vec<Result<CustomerRow, RowError>>,
    /// Queries of the readable rows, in order, with their position in
    /// `rows`.
    queries: Vec<Query>,
    idx: Vec<usize>,
    units: (u64, u64),
}

/// Screens every record of `input` against `matcher`, writing results to
/// `output` in input order (format from `opts.output_kind` or the
/// extension) and unreadable records to `<output>.rejects.csv`.
///
/// A reader thread parses the input `opts.chunk_size` records at a time,
/// one chunk ahead of the screening, which runs on all cores
/// ([`Matcher::screen_many`]). After each chunk the results are appended
/// (for XLSX and Parquet, to the spool `<output>.partial.csv`), both files
/// are fsynced, `<output>.checkpoint` is written, `progress` is called, and
/// `stop` is checked: when raised the run returns with
/// [`Summary::interrupted`]. With `opts.resume` and a checkpoint present,
/// the files are truncated to their checkpointed lengths and the records
/// already done are skipped, so the final output is byte-identical to an
/// uninterrupted run. When the input is exhausted an XLSX or Parquet
/// result is written from the spool, and the spool and checkpoint are
/// removed.
///
/// # Errors
///
/// [`BatchError`] when the input cannot be opened or has no name column,
/// a file cannot be written, or a checkpoint does not fit the input.
pub fn run(
    matcher: &Matcher,
    input: &Path,
    output: &Path,
    opts: &BatchOptions,
    stop: &AtomicBool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Summary, BatchError> {
    let start = Instant::now();
    let kind = opts
        .output_kind
        .or_else(|| OutputKind::from_path(output))
        .ok_or_else(|| BatchError::UnknownFormat(output.display().to_string()))?;
    // XLSX and Parquet rows are spooled as CSV and converted at the end.
    let target = if kind.appendable() {
        output.to_path_buf()
    } else {
        spool_path(output)
    };
    let input_len = std::fs::metadata(input).map_err(io(input))?.len();
    let cp_path = checkpoint_path(output);
    let rj_path = rejects_path(output);
    let resumed: Option<Checkpoint> = if opts.resume && cp_path.exists() {
        let bytes = std::fs::read(&cp_path).map_err(io(&cp_path))?;
        let cp: Checkpoint = serde_json::from_slice(&bytes).map_err(|e| BatchError::Resume {
            path: cp_path.display().to_string(),
            reason: format!("unreadable checkpoint: {e}"),
        })?;
        if cp.input_len != input_len {
            return Err(BatchError::Resume {
                path: cp_path.display().to_string(),
                reason: format!(
                    "the input is {input_len} bytes but was {} when the run started",
                    cp.input_len
                ),
            });
        }
        Some(cp)
    } else {
        None
    };
    let mut rows = input::open(input, &opts.input)?;
    let mut out = open_at(&target, resumed.as_ref().map(|c| c.output_len))?;
    let mut rej = open_at(&rj_path, resumed.as_ref().map(|c| c.rejects_len))?;
    let mut cp = resumed.clone().unwrap_or(Checkpoint {
        input_len,
        ..Checkpoint::default()
    });
    if resumed.is_none() {
        if kind != OutputKind::JsonLines {
            write_csv_header(&mut out).map_err(io(&target))?;
        }
        rej.write_all(b"line,reason\n").map_err(io(&rj_path))?;
        cp.output_len = out.stream_position().map_err(io(&target))?;
        cp.rejects_len = rej.stream_position().map_err(io(&rj_path))?;
    } else {
        tracing::info!(rows_done = cp.rows_done, "resuming batch run");
    }
    let screen = ScreenOptions {
        threshold: opts.threshold,
        limit: opts.limit,
        algorithm: opts.algorithm,
    };
    let mut summary = Summary {
        resumed_from: cp.rows_done,
        ..Summary::default()
    };
    let chunk_size = opts.chunk_size.max(1);
    let skip = cp.rows_done;
    std::thread::scope(|scope| -> Result<(), BatchError> {
        // The reader parses one chunk ahead while the pool screens.
        let (tx, rx) = mpsc::sync_channel::<Chunk>(1);
        scope.spawn(move || {
            for _ in 0..skip {
                if rows.next().is_none() {
                    break;
                }
            }
            loop {
                let chunk: Vec<_> = rows.by_ref().take(chunk_size).collect();
                if chunk.is_empty() {
                    break;
                }
                let (idx, queries) = chunk
                    .iter()
                    .enumerate()
                    .filter_map(|(i, r)| r.as_ref().ok().map(|r| (i, query(r))))
                    .unzip();
                let c = Chunk {
                    rows: chunk,
                    queries,
                    idx,
                    units: rows.progress(),
                };
                if tx.send(c).is_err() {
                    break;
                }
            }
        });
        let mut obuf = Vec::new();
        let mut rbuf = Vec::new();
        loop {
            if stop.load(Ordering::Relaxed) {
                summary.interrupted = true;
                break;
            }
            let Ok(chunk) = rx.recv() else { break };
            let results = matcher.screen_many(&chunk.queries, &screen);
            let mut res = results.iter();
            let mut next = chunk.idx.iter().peekable();
            obuf.clear();
            rbuf.clear();
            for (i, r) in chunk.rows.iter().enumerate() {
                match r {
                    Ok(row) => {
                        let matches = match next.peek() {
                            Some(&&j) if j == i => {
                                next.next();
                                res.next().map(Vec::as_slice).unwrap_or_default()
                            }
                            _ => &[],
                        };
                        if !matches.is_empty() {
                            cp.customers_with_hits += 1;
                            cp.hits += matches.len() as u64;
                        }
                        write_customer(&mut obuf, kind, row, matches, opts.all)
                            .map_err(io(&target))?;
                    }
                    Err(e) => {
                        cp.rows_rejected += 1;
                        *cp.reject_kinds.entry(e.kind).or_default() += 1;
                        if summary.rejects.len() < 100 {
                            summary.rejects.push(e.clone());
                        }
                        write_reject(&mut rbuf, e).map_err(io(&rj_path))?;
                    }
                }
            }
            out.write_all(&obuf).map_err(io(&target))?;
            rej.write_all(&rbuf).map_err(io(&rj_path))?;
            out.sync_data().map_err(io(&target))?;
            rej.sync_data().map_err(io(&rj_path))?;
            cp.rows_done += chunk.rows.len() as u64;
            cp.output_len += obuf.len() as u64;
            cp.rejects_len += rbuf.len() as u64;
            save_checkpoint(&cp_path, &cp)?;
            progress(&Progress {
                rows_done: cp.rows_done,
                rows_resumed: skip,
                units_done: chunk.units.0,
                units_total: chunk.units.1,
            });
        }
        Ok(())
    })?;
    out.sync_all().map_err(io(&target))?;
    rej.sync_all().map_err(io(&rj_path))?;
    drop(out);
    if !summary.interrupted {
        if !kind.appendable() {
            convert_spool(&target, kind, output)?;
            std::fs::remove_file(&target).map_err(io(&target))?;
        }
        if let Err(e) = std::fs::remove_file(&cp_path) {
            if e.kind() != std::io::ErrorKind::NotFound {
                return Err(io(&cp_path)(e));
            }
        }
    }
    summary.rows_read = cp.rows_done;
    summary.rows_rejected = cp.rows_rejected;
    summary.reject_kinds = cp.reject_kinds.clone();
    summary.hits = cp.hits;
    summary.customers_with_hits = cp.customers_with_hits;
    summary.elapsed = start.elapsed();
    tracing::info!(
        rows = summary.rows_read,
        rejected = summary.rows_rejected,
        hits = summary.hits,
        elapsed_ms = summary.elapsed.as_millis() as u64,
        "batch run done"
    );
    Ok(summary)
}
