//! Formats of the `us-trade-csl` publisher.

use crate::Format;

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[];
