//! Formats of the `us-state` publisher: State Department lists as trade.gov
//! republishes them, the Nonproliferation Sanctions (ISN, `isn.csv`) and the
//! ITAR debarred parties (DTC). Neither has an id: rows are grouped by
//! normalised name and the id is the first 16 hex digits of the sha256 of
//! that name (`us-state-isn:…`, `us-state-dtc:…`).

use chrono::NaiveDate;
use denylist_model::{FuzzyDate, PartialDate, Schema};
use sha2::{Digest, Sha256};

use crate::Format;

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
