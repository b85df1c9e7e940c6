//! Formats of the `us-ofac` publisher.

pub(crate) mod date;
pub(crate) mod labels;
mod csv;
mod remarks;

use crate::Format;

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[&csv::FORMAT];
