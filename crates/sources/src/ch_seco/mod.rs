//! Formats of the `ch-seco` publisher: the Swiss SECO sanctions list XML.

mod xml;

use crate::Format;

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[&xml::ChSecoXml];
