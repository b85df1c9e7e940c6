//! Formats of the `eu-fsf` publisher: the EU Financial Sanctions Files in
//! XML 1.1 and CSV 1.1, and the legacy 2016 XML and 2018 CSV layouts. All
//! four read into one [`record::EuEntity`] and map through one mapper; the
//! native id is the entity `logicalId` in all of them.

mod alpha3;
mod csv;
mod legacy_csv;
mod legacy_xml;
mod record;
mod xml;

use std::collections::HashSet;

use denylist_model::SourceId;

use crate::{Format, ParseError, ParseOptions, ParsedList};
use record::{EuEntity, Mapper};

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[
    &xml::EuFsfXml,
    &csv::EuFsfCsv,
    &legacy_xml::EuFsfLegacyXml,
    &legacy_csv::EuFsfLegacyCsv,
];

const SOURCE: &str = "eu-fsf";

fn source_of(options: &ParseOptions) -> Result<SourceId, ParseError> {
    options.source_or(SOURCE)
}

fn new_list(source: &SourceId, format: &'static str) -> ParsedList {
    ParsedList {
        source: source.clone(),
        format,
        published: None,
        entities: Vec::new(),
        warnings: Vec::new(),
        record_count: 0,
    }
}

/// Maps the records of one file into `out`, keeping ids unique. Counts
/// each record when the format has no rows of its own to count.
fn finish(file: &str, source: &SourceId, records: Vec<EuEntity>, out: &mut ParsedList) {
    let mut mapper = Mapper {
        file,
        source,
        warnings: Vec::new(),
    };
    let mut seen: HashSet<_> = out.entities.iter().map(|e| e.id.clone()).collect();
    if out.format == "eu-fsf-xml" || out.format == "eu-fsf-legacy-xml" {
        out.record_count += records.len();
    }
    for r in &records {
        let Some(entity) = mapper.map(r) else {
            continue;
        };
        if !seen.insert(entity.id.clone()) {
            mapper.warnings.push(crate::Warning::new(
                file,
                Some(r.line),
                format!("duplicate id {}; later record skipped", entity.id),
            ));
            continue;
        }
        out.entities.push(entity);
    }
    out.warnings.append(&mut mapper.warnings);
}
