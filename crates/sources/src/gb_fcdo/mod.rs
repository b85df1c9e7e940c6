//! Formats of the `gb-fcdo` publisher: the FCDO UK Sanctions List, the only
//! UK list since 28 Jan 2026. Native id: `UniqueID` (`gb-fcdo:AFG0011`).

use crate::Format;

mod ods;
mod xml;

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[&ods::FcdoOds, &xml::FcdoXml];

/// The default source id.
const SOURCE: &str = "gb-fcdo";
