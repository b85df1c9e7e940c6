//! Formats of the `ca-sema` publisher: Canada's consolidated autonomous
//! sanctions list (SEMA and JVCFOR regulations) as XML.

use crate::Format;

mod xml;

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[&xml::SemaXml];
