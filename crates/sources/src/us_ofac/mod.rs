//! Formats of the `us-ofac` publisher.

mod advanced_xml;
mod csv;
pub(crate) mod date;
mod enhanced_xml;
pub(crate) mod labels;
mod remarks;
mod xml;
mod xml_common;
mod xml_record;

use crate::Format;

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[
    &csv::FORMAT,
    &xml::FORMAT,
    &advanced_xml::FORMAT,
    &enhanced_xml::FORMAT,
];
