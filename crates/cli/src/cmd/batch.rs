//! `denylist batch`: screen a customer file against the latest version of
//! every list, streaming, on all cores, resumable.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use denylist_batch::{BatchOptions, ColumnOverrides, DateOrder, InputOptions, Progress, Summary};
use denylist_matching::{Algorithm, Matcher};
use denylist_model::Entity;

use super::{screening_lists, Context};
use crate::args::{BatchArgs, ColumnArgs};
use crate::error::CliError;
use crate::Status;

/// Runs `denylist batch`.
pub async fn run(ctx: &Context<'_>, args: BatchArgs) -> Result<Status, CliError> {
    if !(0.0..=1.0).contains(&args.threshold) {
        return Err(CliError::Usage {
            message: format!(
                "--threshold {}: expected a score between 0 and 1",
                args.threshold
            ),
        });
    }
    let input = input_options(&args.columns)?;
    let lists = screening_lists(ctx.store).await?;
    let versions: Vec<String> = lists
        .versions
        .iter()
        .map(|v| {
            format!(
                "{} {} ({}){}",
                v.source,
                v.id.short(),
                super::date_or_dash(v.published),
                if lists.sample { " built-in sample" } else { "" }
            )
        })
        .collect();
    let entities: Vec<Entity> = lists.entities;
    let options = BatchOptions {
        threshold: args.threshold,
        limit: args.limit,
        algorithm: Algorithm::Denylist,
        all: args.all && !args.only_hits,
        resume: args.resume,
        chunk_size: args.chunk_size.max(1),
        output_kind: None,
        input,
    };

    let stop = Arc::new(AtomicBool::new(false));
    let on_signal = Arc::clone(&stop);
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("interrupted: finishing the current chunk; re-run with --resume to go on");
            on_signal.store(true, Ordering::Relaxed);
        }
    });

    let input = args.input.clone();
    let output = args.output.clone();
    let summary = tokio::task::spawn_blocking(move || {
        let matcher = Matcher::build(entities);
        let mut report = Reporter::new(std::io::stderr().is_terminal());
        let result = denylist_batch::run(&matcher, &input, &output, &options, &stop, &mut |p| {
            report.update(p)
        });
        report.finish();
        result
    })
    .await
    .map_err(|e| CliError::Internal(e.to_string()))?
    .map_err(CliError::Batch)?;

    print_summary(&args, &summary, &versions);
    if summary.interrupted {
        return Err(CliError::Interrupted {
            what: format!("batch {}", args.input.display()),
        });
    }
    Ok(if summary.customers_with_hits > 0 {
        Status::Matches
    } else {
        Status::Ok
    })
}

/// Progress on stderr: a bar with rate and ETA on a terminal, a plain line
/// every 10 seconds otherwise.
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    last_line: Instant,
    /// Input units already done when this invocation started (a resume).
    start_units: Option<u64>,
}

impl Reporter {
    fn new(terminal: bool) -> Reporter {
        let bar = terminal.then(|| {
            let bar = indicatif::ProgressBar::new(1);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:30.cyan/blue} {percent:>3}% {msg} [{elapsed_precise}, ETA {eta}]",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message("reading");
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Reporter {
            bar,
            started: Instant::now(),
            last_line: Instant::now(),
            start_units: None,
        }
    }

    /// Rows per second in this invocation (resumed rows excluded).
    fn rate(&self, p: &Progress) -> f64 {
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        p.rows_done.saturating_sub(p.rows_resumed) as f64 / secs
    }

    fn update(&mut self, p: &Progress) {
        if self.start_units.is_none() {
            // The first chunk's share of the input, estimated from its rows,
            // is this invocation's; the rest was done by an earlier run.
            let done_now = p.rows_done.saturating_sub(p.rows_resumed);
            let per_row = p.units_done as f64 / p.rows_done.max(1) as f64;
            let start = p
                .units_done
                .saturating_sub((done_now as f64 * per_row) as u64);
            self.start_units = Some(start);
            if let Some(bar) = &self.bar {
                // Resumed work must not count towards the bar's rate.
                bar.set_length(p.units_total);
                bar.set_position(start.min(p.units_total));
                bar.reset_eta();
            }
        }
        let rate = self.rate(p);
        if let Some(bar) = &self.bar {
            if p.units_total > 0 {
                bar.set_length(p.units_total);
                bar.set_position(p.units_done.min(p.units_total));
            }
            bar.set_message(format!("{} rows, {:.0} rows/s", p.rows_done, rate));
        } else if self.last_line.elapsed() >= Duration::from_secs(10) {
            self.last_line = Instant::now();
            let start = self.start_units.unwrap_or(0);
            let eta = if p.units_total > start && p.units_done > start {
                // The rate of this invocation over what it had left to do.
                let frac = (p.units_done - start) as f64 / (p.units_total - start) as f64;
                let secs = self.started.elapsed().as_secs_f64();
                format!(
                    ", {:.0}%, ETA {:.0} s",
                    p.units_done as f64 * 100.0 / p.units_total as f64,
                    secs / frac - secs
                )
            } else {
                String::new()
            };
            eprintln!("{} rows screened ({rate:.0} rows/s{eta})", p.rows_done);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The end-of-run summary on stderr.
fn print_summary(args: &BatchArgs, s: &Summary, versions: &[String]) {
    let rejected = if s.rows_rejected > 0 {
        let kinds: Vec<String> = s
            .reject_kinds
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        format!(
            " ({}; see {})",
            kinds.join(", "),
            denylist_batch::rejects_path(&args.output).display()
        )
    } else {
        String::new()
    };
    let secs = s.elapsed.as_secs_f64();
    let screened = s.rows_read.saturating_sub(s.resumed_from);
    eprintln!(
        "{} rows read, {} rejected{rejected}, {} customers with {} matches, {:.1} s ({:.0} rows/s)",
        s.rows_read,
        s.rows_rejected,
        s.customers_with_hits,
        s.hits,
        secs,
        screened as f64 / secs.max(1e-3)
    );
    if s.resumed_from > 0 {
        eprintln!("resumed after row {}", s.resumed_from);
    }
    for reject in s.rejects.iter().take(5) {
        eprintln!("rejected: line {}: {}", reject.line, reject.reason);
    }
    eprintln!("lists: {}", versions.join(", "));
    if !s.interrupted {
        eprintln!("results: {}", args.output.display());
    }
}

/// The batch column flags as reader options.
pub fn input_options(c: &ColumnArgs) -> Result<InputOptions, CliError> {
    let date_order = match c.date_order.as_str() {
        "auto" => DateOrder::Auto,
        "day-first" => DateOrder::DayFirst,
        "month-first" => DateOrder::MonthFirst,
        other => {
            return Err(CliError::Usage {
                message: format!("--date-order {other}: expected auto, day-first or month-first"),
            })
        }
    };
    Ok(InputOptions {
        kind: None,
        sheet: c.sheet.clone(),
        date_order,
        columns: ColumnOverrides {
            name: c.name_col.clone(),
            first: c.first_col.clone(),
            middle: c.middle_col.clone(),
            last: c.last_col.clone(),
            id: c.id_col.clone(),
            dob: c.dob_col.clone(),
            country: c.country_col.clone(),
            identifier: c.identifier_col.clone(),
            schema: c.type_col.clone(),
        },
    })
}
