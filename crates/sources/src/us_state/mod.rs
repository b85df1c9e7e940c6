//! Formats of the `us-state` publisher: State Department lists as trade.gov
//! republishes them, the Nonproliferation Sanctions (ISN, `isn.csv`) and the
//! ITAR debarred parties (DTC). Neither has an id: rows are grouped by
//! normalised name and the id is the first 16 hex digits of the sha256 of
//! that name (`us-state-isn:…`, `us-state-dtc:…`).

use std::collections::HashMap;

use chrono::NaiveDate;
use denylist_model::{Entity, EntityId, FuzzyDate, Name, PartialDate, Schema, SourceId};
use sha2::{Digest, Sha256};

use crate::csv_lines::RecordLines;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

mod dtc;
mod isn;

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[&isn::IsnCsv, &dtc::DtcCsv];

/// The grouping key: upper-cased, whitespace collapsed.
fn party_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// The native id of a party.
fn native_id(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))[..16].to_string()
}

/// `M/D/YYYY` as a date.
fn mdy(s: &str) -> Option<FuzzyDate> {
    let d = NaiveDate::parse_from_str(s.trim(), "%m/%d/%Y").ok()?;
    Some(FuzzyDate::on(PartialDate::from_naive(d)))
}

/// Company words that make a name an organisation.
const ORG_WORDS: &[&str] = &[
    "INC",
    "LTD",
    "LLC",
    "CO",
    "CORP",
    "CORPORATION",
    "COMPANY",
    "GMBH",
    "LIMITED",
    "SA",
    "AG",
    "BV",
    "PVT",
    "PLC",
    "INTERNATIONAL",
    "TRADING",
    "ENTERPRISE",
    "ENTERPRISES",
    "GROUP",
    "INDUSTRIES",
    "INDUSTRY",
    "TECHNOLOGY",
    "TECHNOLOGIES",
    "SERVICES",
    "ELECTRONICS",
    "AIRLINES",
    "AVIATION",
    "PLANT",
    "FACTORY",
    "INSTITUTE",
    "ORGANIZATION",
    "ORGANISATION",
    "BUREAU",
    "MINISTRY",
    "REGIMENT",
    "BRIGADE",
    "UNIVERSITY",
    "CENTER",
    "CENTRE",
    "BANK",
    "ACADEMY",
    "FIRM",
    "BRANCH",
    "DEPARTMENT",
    "AGENCY",
    "COMMITTEE",
    "ARMY",
    "FORCE",
    "FORCES",
    "INDUSTRIAL",
    "SYSTEMS",
    "SUPPLY",
    "EXPORT",
    "IMPORT",
    "SHIPPING",
    "ASSOCIATES",
    "AEROSPACE",
    "ENGINEERING",
    "BUREAU",
    "OFFICE",
    "COMPLEX",
    "WORKS",
    "LABORATORY",
];

/// Organization when the name holds a company word or a digit, else Person.
fn guess_schema(name: &str) -> Schema {
    let up = name.to_uppercase();
    let org = up.chars().any(|c| c.is_ascii_digit())
        || up
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| ORG_WORDS.contains(&w));
    if org {
        Schema::Organization
    } else {
        Schema::Person
    }
}

/// True when no date is set yet or `d` is earlier.
fn earlier(cur: Option<&FuzzyDate>, d: &FuzzyDate) -> bool {
    match cur {
        None => true,
        Some(c) => d.from < c.from,
    }
}

/// The rows of a State CSV, read into one entity per party.
struct Parties {
    source: SourceId,
    order: Vec<String>,
    by_key: HashMap<String, Entity>,
    warnings: Vec<Warning>,
    rows: usize,
}

impl Parties {
    /// Reads every CSV row of `file` (UTF-8, a BOM skipped, bad bytes
    /// replaced; a header row) with `row`, which gets the parties, the
    /// warnings, the record and its line. A CSV syntax error names the file
    /// and line.
    fn read(
        file: &InputFile,
        source: SourceId,
        mut row: impl FnMut(&mut Parties, &mut Vec<Warning>, &csv::StringRecord, Option<u64>),
    ) -> Result<Parties, ParseError> {
        let text = String::from_utf8_lossy(
            file.bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(&file.bytes),
        );
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut parties = Parties {
            source,
            order: Vec::new(),
            by_key: HashMap::new(),
            warnings: Vec::new(),
            rows: 0,
        };
        let mut warnings = Vec::new();
        let mut lines = RecordLines::new(text.as_bytes());
        for rec in rdr.records() {
            let rec = rec.map_err(|e| ParseError::Syntax {
                file: file.name.clone(),
                line: e.position().map(|p| p.line()),
                path: None,
                message: e.to_string(),
            })?;
            parties.rows += 1;
            let line = lines.line(rec.position());
            row(&mut parties, &mut warnings, &rec, line);
        }
        parties.warnings = warnings;
        Ok(parties)
    }

    /// The entity of the party named `primary`: the one already read, or a
    /// new one with that primary name, made by `new` (which gets its id and
    /// sets the schema and what else comes with the first row).
    fn entry(
        &mut self,
        primary: &str,
        new: impl FnOnce(EntityId) -> Entity,
    ) -> Option<&mut Entity> {
        let key = party_key(primary);
        if !self.by_key.contains_key(&key) {
            let id = EntityId::new(&self.source, &native_id(&key)).ok()?;
            let mut e = new(id);
            e.names.push(Name::primary(primary));
            self.order.push(key.clone());
            self.by_key.insert(key.clone(), e);
        }
        self.by_key.get_mut(&key)
    }

    /// The list: the parties in first-seen order.
    fn into_list(mut self, format: &'static str, options: &ParseOptions) -> ParsedList {
        let entities = self
            .order
            .iter()
            .filter_map(|k| self.by_key.remove(k))
            .collect();
        ParsedList {
            source: self.source,
            format,
            published: options.as_of,
            entities,
            warnings: self.warnings,
            record_count: self.rows,
        }
    }
}

/// Adds `value` under `label` unless it is blank or already there.
fn add_distinct_property(e: &mut Entity, label: &str, value: &str) {
    if !value.is_empty()
        && !e
            .properties
            .get(label)
            .is_some_and(|x| x.iter().any(|y| y == value))
    {
        e.add_property(label, value);
    }
}
