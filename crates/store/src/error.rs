//! The store's error type.

use std::path::PathBuf;

/// What can go wrong when reading or writing the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A version, source or entity does not exist.
    #[error("{what} not found")]
    NotFound {
        /// What was looked for, e.g. `version 3f2a9c`.
        what: String,
    },
    /// A version id prefix matches more than one version.
    #[error("version prefix {prefix:?} is ambiguous: it matches {}", .candidates.join(", "))]
    Ambiguous {
        /// The prefix given.
        prefix: String,
        /// The full ids it matches.
        candidates: Vec<String>,
    },
    /// The request contradicts what is stored or itself (an entity of another
    /// source, an entity id twice in one version...).
    #[error("conflict: {0}")]
    Conflict(String),
    /// An argument is malformed (a version prefix shorter than 6 hex digits...).
    #[error("invalid argument: {0}")]
    Invalid(String),
    /// The data directory could not be created or read.
    #[error("data directory {path}: {source}")]
    Io {
        /// The directory or file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Stored data could not be decoded.
    #[error("corrupt store: {what}: {detail}")]
    Corrupt {
        /// The row or column, e.g. `entity_revisions.body id=42`.
        what: String,
        /// What is wrong with it.
        detail: String,
    },
    /// A background task failed (a bug: it panicked or was cancelled).
    #[error("internal error: {0}")]
    Internal(String),
    /// The database failed.
    #[error("database error: {0}")]
    Backend(#[from] sqlx::Error),
    /// The schema migrations could not be applied.
    #[error("schema migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// A [`StoreError::NotFound`] for `what`.
    pub(crate) fn not_found(what: impl Into<String>) -> Self {
        StoreError::NotFound { what: what.into() }
    }

    /// A [`StoreError::Corrupt`] for `what`.
    pub(crate) fn corrupt(what: impl Into<String>, detail: impl ToString) -> Self {
        StoreError::Corrupt {
            what: what.into(),
            detail: detail.to_string(),
        }
    }
}

/// The result type of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
