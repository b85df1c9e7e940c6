//! Formats of the `au-dfat` publisher: Australia's DFAT consolidated list
//! (`regulation8_consolidated.xlsx`).

use crate::Format;

mod dates;
mod xlsx;

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[&xlsx::DfatXlsx];
