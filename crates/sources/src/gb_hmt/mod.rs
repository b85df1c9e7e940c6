//! Formats of the `gb-hmt` publisher: HM Treasury / OFSI's Consolidated List
//! of Financial Sanctions Targets (`ConList`), retired on 28 Jan 2026.
//!
//! Both layouts read into the same [`table::HmtTable`] of rows keyed by
//! column name, which [`table::to_entities`] groups by `Group ID` (the
//! native id, `gb-hmt:13349`) and maps to entities.

use crate::Format;

mod csv;
mod table;
mod xlsx;

pub(crate) use table::{lang_code, script_code};

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[&csv::ConListCsv, &xlsx::ConListXlsx];

/// The default source id.
const SOURCE: &str = "gb-hmt";
