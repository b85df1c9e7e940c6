//! `denylist`: the command line.
//!
//! `main` parses arguments, installs logging on stderr, calls [`run`] and
//! maps the outcome to an exit code: 0 success (and "no match" for
//! `screen`), 1 `screen` found matches, 2 error. A closed stdout (broken pipe)
//! is not an error. Each command is a short function in [`cmd`] over the
//! library crates.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

mod args;
mod cmd;
mod config;
mod error;
mod history;
mod sample;
mod screen;

use args::{Args, Command, KeysCommand, LogFormat};
use config::Config;
use error::CliError;

/// What a successful command reports to the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Done (for `screen`: no match).
    Ok,
    /// `screen` found at least one match.
    Matches,
    /// A check found a problem (`audit verify`).
    Failed,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = match Config::from_args(&args.global) {
        Ok(c) => c,
        Err(e) => return report(e),
    };
    let json_logs = matches!(&args.command, Command::Serve(a) if a.log_format == LogFormat::Json);
    init_logging(&config.log_filter, json_logs);
    match run(args, config) {
        Ok(Status::Ok) => ExitCode::SUCCESS,
        Ok(Status::Matches | Status::Failed) => ExitCode::from(1),
        Err(e) => report(e),
    }
}

/// Prints one miette report on stderr; exit code 2 (0 for a broken pipe).
fn report(e: CliError) -> ExitCode {
    if e.is_broken_pipe() {
        return ExitCode::SUCCESS;
    }
    let _ = miette::set_hook(Box::new(|_| {
        Box::new(miette::MietteHandlerOpts::new().wrap_lines(false).build())
    }));
    let report = miette::Report::new(e);
    let _ = writeln!(std::io::stderr(), "{report:?}");
    ExitCode::from(2)
}

fn init_logging(filter: &str, json: bool) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("denylist=info"));
    if json {
        let _ = tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .try_init();
        return;
    }
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .try_init();
}

/// Runs one command.
fn run(args: Args, config: Config) -> Result<Status, CliError> {
    let verbose = args.global.verbose > 0;
    match args.command {
        Command::Formats(a) => cmd::formats::formats(a.json),
        Command::Sources(a) => cmd::formats::sources(a.json),
        Command::Config(a) => cmd::formats::config(&config, a.json),
        Command::Compare(a) => cmd::compare::run(a),
        Command::Keys(KeysCommand::Create { name }) => cmd::keys::create(&config, &name),
        Command::Serve(a) => cmd::serve::run(&config, a),
        command => {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .map_err(|e| CliError::Internal(format!("starting the async runtime: {e}")))?;
            runtime.block_on(async move {
                let store = denylist_store::Store::open(&config.data_dir).await?;
                let ctx = cmd::Context {
                    store: &store,
                    verbose,
                };
                let result = match command {
                    Command::Import(a) => cmd::import::run(&ctx, a).await,
                    Command::Lists(a) => cmd::lists::run(&ctx, a).await,
                    Command::Diff(a) => cmd::diff::run(&ctx, a).await,
                    Command::Show(a) => cmd::show::run(&ctx, a).await,
                    Command::Update(a) => cmd::update::run(&ctx, a).await,
                    Command::Screen(a) => cmd::screen::run(&ctx, a).await,
                    Command::Batch(a) => cmd::batch::run(&ctx, *a).await,
                    Command::Customers(a) => cmd::customers::run(&ctx, a).await,
                    Command::Alerts(a) => cmd::alerts::run(&ctx, a).await,
                    Command::Audit(a) => cmd::audit::run(&ctx, a).await,
                    Command::Rescreen(a) => cmd::rescreen::run(&ctx, a).await,
                    Command::Webhooks(c) => cmd::webhooks::run(&ctx, c).await,
                    Command::Formats(_)
                    | Command::Sources(_)
                    | Command::Config(_)
                    | Command::Keys(_)
                    | Command::Serve(_)
                    | Command::Compare(_) => Ok(Status::Ok),
                };
                store.close().await;
                result
            })
        }
    }
}
