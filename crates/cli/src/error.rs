//! The binary's error type: one miette report on stderr, exit code 2.

use std::path::PathBuf;

use miette::Diagnostic;

/// Everything that makes a command fail.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum CliError {
    /// Bad arguments that clap cannot check.
    #[error("{message}")]
    #[diagnostic(code(denylist::usage))]
    Usage {
        /// What is wrong.
        message: String,
    },
    /// A file could not be read.
    #[error("{}: {error}", path.display())]
    #[diagnostic(code(denylist::io))]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause (shown in the message, not repeated as a cause).
        error: std::io::Error,
    },
    /// A list file could not be parsed; nothing was imported.
    #[error("{0}")]
    #[diagnostic(
        code(denylist::parse),
        help("nothing was imported; the stored versions are unchanged")
    )]
    Parse(
        /// The parse error (it names the file and line).
        denylist_sources::ParseError,
    ),
    /// An entry of a history archive could not be read or parsed.
    #[error("{archive}: {entry}: {message}")]
    #[diagnostic(
        code(denylist::history),
        help("the versions before this entry were imported; fix the archive and import it again")
    )]
    History {
        /// The archive.
        archive: String,
        /// The entry.
        entry: String,
        /// What went wrong.
        message: String,
    },
    /// The store failed.
    #[error("store: {0}")]
    #[diagnostic(code(denylist::store))]
    Store(
        /// The cause.
        denylist_store::StoreError,
    ),
    /// `update` failed for some sources; the others were updated.
    #[error("update failed for {}", .failed.join(", "))]
    #[diagnostic(
        code(denylist::update),
        help("the last good version of each failed list stays current")
    )]
    Update {
        /// `source: reason`, one per failed source.
        failed: Vec<String>,
    },
    /// Writing results to stdout failed.
    #[error("writing output: {0}")]
    Output(
        /// The cause.
        std::io::Error,
    ),
    /// The HTTP server could not start or failed.
    #[error("server: {0}")]
    #[diagnostic(code(denylist::serve))]
    Server(
        /// The cause.
        denylist_server::ServerError,
    ),
    /// An API key could not be created.
    #[error("api keys: {0}")]
    #[diagnostic(code(denylist::keys))]
    Keys(
        /// The cause.
        denylist_server::KeyError,
    ),
    /// Batch screening failed.
    #[error("batch: {0}")]
    #[diagnostic(code(denylist::batch))]
    Batch(
        /// The cause.
        denylist_batch::BatchError,
    ),
    /// A long run was stopped (Ctrl-C) before the end.
    #[error("{what}: stopped before the end of the input")]
    #[diagnostic(
        code(denylist::interrupted),
        help("the output holds every row up to the last checkpoint; re-run with --resume to complete it")
    )]
    Interrupted {
        /// What was stopped.
        what: String,
    },
    /// The webhook settings are unusable or the outbox could not be read.
    #[error("webhooks: {0}")]
    #[diagnostic(code(denylist::webhooks))]
    Webhook(
        /// The cause.
        denylist_webhooks::WebhookError,
    ),
    /// Some due webhook deliveries failed; they stay in the outbox.
    #[error("webhooks: {failed} of {attempted} deliveries failed (first: {first})")]
    #[diagnostic(
        code(denylist::webhooks::undelivered),
        help("nothing is dropped: the rows are tried again after their backoff; `denylist webhooks status` shows them")
    )]
    WebhooksUndelivered {
        /// Failed attempts.
        failed: usize,
        /// Attempts made.
        attempted: usize,
        /// The first failure.
        first: String,
    },
    /// A background task failed.
    #[error("internal error: {0}")]
    Internal(String),
}

impl CliError {
    /// True when stdout was closed by the reader (`denylist lists | head`):
    /// not an error.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl From<denylist_sources::ParseError> for CliError {
    fn from(e: denylist_sources::ParseError) -> Self {
        CliError::Parse(e)
    }
}

impl From<denylist_store::StoreError> for CliError {
    fn from(e: denylist_store::StoreError) -> Self {
        CliError::Store(e)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Output(e)
    }
}
