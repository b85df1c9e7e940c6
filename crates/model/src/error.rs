//! Errors raised when model values are built from text.

/// A value could not be turned into a model type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// A source id is not a lower-case slug such as `us-ofac-sdn`.
    #[error("invalid source id {0:?}: expected lower-case letters, digits and '-'")]
    InvalidSourceId(String),
    /// An entity id is not `<source>:<native id>`.
    #[error("invalid entity id {0:?}: expected <source>:<native id>, e.g. us-ofac-sdn:48060")]
    InvalidEntityId(String),
    /// A date could not be read.
    #[error("invalid date {0:?}")]
    InvalidDate(String),
    /// A country code is not two upper-case ASCII letters.
    #[error("invalid country code {0:?}")]
    InvalidCountryCode(String),
    /// A version id is not 64 hexadecimal digits.
    #[error("invalid version id {0:?}: expected a sha256 in hex")]
    InvalidVersionId(String),
}
