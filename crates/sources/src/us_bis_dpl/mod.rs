//! Formats of the `us-bis-dpl` publisher: the BIS Denied Persons List
//! (`dpl.txt`).

use crate::Format;

mod txt;

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[&txt::DplTxt];
