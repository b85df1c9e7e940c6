//! Formats of the `un-sc` publisher: the UN Security Council consolidated
//! list XML.

pub(crate) mod script;
mod xml;

use crate::Format;

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[&xml::UnScXml];
