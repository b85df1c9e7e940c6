//! `denylist batch`: screen a customer file against the latest version of
//! every list, streaming, on all cores, resumable.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use denylist_batch::{BatchOptions, ColumnOverrides, DateOrder, InputOptions};
use denylist_matching::{Algorithm, Matcher};
use denylist_model::Entity;

use super::{screening_lists, Context};
use crate::args::BatchArgs;
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
    let date_order = match args.date_order.as_str() {
        "auto" => DateOrder::Auto,
        "day-first" => DateOrder::DayFirst,
        "month-first" => DateOrder::MonthFirst,
        other => {
            return Err(CliError::Usage {
                message: format!("--date-order {other}: expected auto, day-first or month-first"),
            })
        }
    };
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
        all: args.all,
        resume: args.resume,
        chunk_size: args.chunk_size.max(1),
        output_kind: None,
        input: InputOptions {
            kind: None,
            sheet: args.sheet.clone(),
            date_order,
            columns: ColumnOverrides {
                name: args.name_col.clone(),
                first: args.first_col.clone(),
                middle: args.middle_col.clone(),
                last: args.last_col.clone(),
                id: args.id_col.clone(),
                dob: args.dob_col.clone(),
                country: args.country_col.clone(),
                identifier: args.identifier_col.clone(),
                schema: args.type_col.clone(),
            },
        },
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
        let terminal = std::io::stderr().is_terminal();
        let bar = if terminal {
            let bar = indicatif::ProgressBar::new_spinner();
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} {pos} rows screened ({per_sec}) {elapsed_precise}",
            ) {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            Some(bar)
        } else {
            None
        };
        let mut last_line = Instant::now();
        let started = Instant::now();
        let mut progress = |done: u64| {
            if let Some(bar) = &bar {
                bar.set_position(done);
            } else if last_line.elapsed() >= Duration::from_secs(10) {
                last_line = Instant::now();
                let secs = started.elapsed().as_secs_f64().max(1e-3);
                eprintln!("{done} rows screened ({:.0} rows/s)", done as f64 / secs);
            }
        };
        let result = denylist_batch::run(&matcher, &input, &output, &options, &stop, &mut progress);
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        result
    })
    .await
    .map_err(|e| CliError::Internal(e.to_string()))?
    .map_err(CliError::Batch)?;

    eprintln!(
        "{} rows read, {} rejected{}, {} customers with {} matches, {:.1} s",
        summary.rows_read,
        summary.rows_rejected,
        if summary.rows_rejected > 0 {
            format!(
                " (see {})",
                denylist_batch::rejects_path(&args.output).display()
            )
        } else {
            String::new()
        },
        summary.customers_with_hits,
        summary.hits,
        summary.elapsed.as_secs_f64()
    );
    for reject in summary.rejects.iter().take(5) {
        eprintln!("rejected: line {}: {}", reject.line, reject.reason);
    }
    eprintln!("lists: {}", versions.join(", "));
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
