//! Parse errors and per-record warnings, each naming the file and position.

use std::fmt;

use serde::Serialize;

/// A list file that cannot be imported. Nothing of it is kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The file is empty.
    #[error("{file}: file is empty")]
    Empty {
        /// File name.
        file: String,
    },
    /// No known format recognises the file.
    #[error(
        "{file}: unknown list format (use --format to force one; `denylist formats` lists them)"
    )]
    UnknownFormat {
        /// File name.
        file: String,
    },
    /// The files given do not form one set of one format.
    #[error("{message}")]
    FileSet {
        /// What is wrong with the set.
        message: String,
    },
    /// No format of that id.
    #[error("unknown format {0:?} (`denylist formats` lists them)")]
    NoSuchFormat(String),
    /// The content is malformed at a position.
    #[error("{file}{}: {message}", position(.line, .path))]
    Syntax {
        /// File name.
        file: String,
        /// 1-based line, when known.
        line: Option<u64>,
        /// XML path or field name, when known.
        path: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// The file ends in the middle of a record or element.
    #[error("{file}{}: truncated file: {message}", position(.line, &None))]
    Truncated {
        /// File name.
        file: String,
        /// 1-based line, when known.
        line: Option<u64>,
        /// What was cut.
        message: String,
    },
}

fn position(line: &Option<u64>, path: &Option<String>) -> String {
    let mut s = String::new();
    if let Some(l) = line {
        s.push_str(&format!(":{l}"));
    }
    if let Some(p) = path {
        s.push_str(&format!(": {p}"));
    }
    s
}

impl ParseError {
    /// A syntax error at a line.
    pub fn at_line(file: &str, line: u64, message: impl Into<String>) -> Self {
        ParseError::Syntax {
            file: file.to_string(),
            line: Some(line),
            path: None,
            message: message.into(),
        }
    }

    /// A syntax error at an XML path (and line, when known).
    pub fn at_path(
        file: &str,
        line: Option<u64>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ParseError::Syntax {
            file: file.to_string(),
            line,
            path: Some(path.into()),
            message: message.into(),
        }
    }
}

/// A record that was read with a problem, or skipped; the rest of the list
/// still loads. Shown as `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// File name.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<u64>,
    /// What was odd and what was done about it.
    pub message: String,
}

impl Warning {
    /// A warning at a line.
    pub fn new(file: &str, line: Option<u64>, message: impl Into<String>) -> Self {
        Warning {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}
