//! Formats of the `gb-fcdo` publisher: the FCDO UK Sanctions List, the only
//! UK list since 28 Jan 2026, as XML, CSV and ODS. Native id: `UniqueID`
//! (`gb-fcdo:AFG0011`).
//!
//! Each reader fills one [`record::Designation`] per listed party (the XML
//! from its `Designation` element, the CSV and ODS from the rows of one
//! `Unique ID`, see [`table`]) and every format maps through
//! [`record::to_entity`].

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::{Format, ParseError, ParseOptions, ParsedList, Warning};

mod csv;
mod ods;
mod record;
mod table;
mod xml;

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[&ods::FcdoOds, &csv::FcdoCsv, &xml::FcdoXml];

/// The default source id.
const SOURCE: &str = "gb-fcdo";

/// Maps the designations of one file into a list after the reader's own
/// `warnings`, ids unique: a later designation with an id already seen is a
/// warning and skipped.
fn to_list(
    format: &'static str,
    file: &str,
    designations: Vec<record::Designation>,
    record_count: usize,
    published: Option<NaiveDate>,
    warnings: Vec<Warning>,
    options: &ParseOptions,
) -> Result<ParsedList, ParseError> {
    let source = options.source_or(SOURCE)?;
    let mut list = ParsedList::empty(&source, format);
    list.warnings = warnings;
    let mut seen = HashSet::new();
    for d in &designations {
        let Some(e) = record::to_entity(&source, file, d, &mut list.warnings) else {
            continue;
        };
        if seen.insert(e.id.clone()) {
            list.entities.push(e);
        } else {
            list.warnings.push(Warning::new(
                file,
                Some(d.line),
                format!("duplicate Unique ID {}; skipped", e.id),
            ));
        }
    }
    list.record_count = record_count;
    list.published = published.or(options.as_of);
    Ok(list)
}
