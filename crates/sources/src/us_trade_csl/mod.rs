//! trade.gov Consolidated Screening List (CSL): the export-control and
//! sanctions lists of Commerce, State and Treasury in one file, as CSV
//! ([`csv`]) or JSON ([`json`]).
//!
//! Both formats read into the same native [`record::CslRecord`], which
//! [`record::to_entity`] maps to the model.
//!
//! Entity ids are `us-trade-csl:<sub-list code>-<id>`, e.g.
//! `us-trade-csl:EL-b6e959…` or `us-trade-csl:SDN-11474`, because `_id`
//! repeats across sub-lists (17014 is on SSI and NS-MBS). The sub-list code
//! is the parenthesised short code of the `source` column (`Entity List (EL)
//! - Bureau of Industry and Security` → `EL`, `NS-MBS List` → `NS-MBS`), or
//! the column itself in the 2016 layout (`SDN`). The id is `_id`; in layouts
//! without `_id` (2016, 2019) it is `entity_number` when present (the OFAC
//! `ent_num`, equal to `_id` on Treasury rows of newer files), else the
//! first 16 hex digits of the sha256 of `code \n name \n addresses`.

use crate::Format;

mod csv;
mod json;
mod record;

/// The formats of this publisher, for the registry.
pub(crate) static FORMATS: &[&dyn Format] = &[&csv::CslCsv, &json::CslJson];

/// The default source id of both formats.
const SOURCE: &str = "us-trade-csl";
