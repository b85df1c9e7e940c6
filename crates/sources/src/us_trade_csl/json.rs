//! The CSL JSON export (`consolidated.json`): `{"results": [ … ]}` with the
//! CSV's field names; list fields are arrays, `addresses` are objects
//! (`address`, `city`, `state`, `postal_code`, `country`) and `ids` are
//! objects (`type`, `number`, `country`, `issue_date`, `expiration_date`).
//! Scalars given as arrays, arrays given as `; `-joined strings and `id` for
//! `_id` are accepted too.

use serde_json::Value;

use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

use super::record::{
    build_list, parse_address_line, parse_id_item, split_multi, CslAddress, CslId, CslRecord,
};

/// The CSL JSON format.
pub(crate) struct CslJson;

const FORMAT_ID: &str = "us-trade-csl-json";

impl Format for CslJson {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        super::SOURCE
    }

    fn description(&self) -> &'static str {
        "trade.gov Consolidated Screening List, JSON ({\"results\": [...]})"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(1024);
        let t = head.trim_start();
        t.starts_with('{')
            && t.contains("\"results\"")
            && (t.contains("\"entity_number\"")
                || t.contains("\"source_list_url\"")
                || t.contains("\"alt_names\"")
                || t.contains("Treasury Department")
                || t.contains("Bureau of Industry and Security"))
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, FORMAT_ID)?;
        let name = file.name.as_str();
        let root: Value = serde_json::from_slice(&file.bytes).map_err(|e| {
            let message = e.to_string();
            if e.is_eof() {
                ParseError::Truncated {
                    file: name.to_string(),
                    line: Some(e.line() as u64),
                    message,
                }
            } else {
                ParseError::at_line(name, e.line() as u64, message)
            }
        })?;
        let results = root
            .get("results")
            .and_then(Value::as_array)
            .ok_or_else(|| ParseError::at_path(name, None, "results", "no \"results\" array"))?;
        let mut warnings = Vec::new();
        let mut records = Vec::with_capacity(results.len());
        for (i, v) in results.iter().enumerate() {
            let index = i as u64 + 1;
            match v.as_object() {
                Some(obj) => records.push(to_record(obj, index)),
                None => warnings.push(Warning::new(
                    name,
                    None,
                    format!("results[{i}] is not an object; skipped"),
                )),
            }
        }
        build_list(name, FORMAT_ID, records, warnings, results.len(), options)
    }
}

type Obj = serde_json::Map<String, Value>;

/// A scalar as text: strings as is, numbers printed, arrays joined by `; `.
fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| text(Some(x)))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    }
}

/// A list field: an array of scalars, or one `; `-joined string.
fn list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| text(Some(x)))
            .filter(|s| !s.is_empty())
            .collect(),
        Some(other) => split_multi(&text(Some(other))),
        None => Vec::new(),
    }
}

fn items(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

fn addresses(v: Option<&Value>) -> Vec<CslAddress> {
    let mut out = Vec::new();
    for item in items(v) {
        match item {
            Value::Object(o) => out.push(CslAddress {
                address: text(o.get("address")),
                city: text(o.get("city")),
                state: text(o.get("state")),
                postal_code: text(o.get("postal_code")),
                country: text(o.get("country")),
            }),
            other => out.extend(
                split_multi(&text(Some(other)))
                    .iter()
                    .map(|a| parse_address_line(a)),
            ),
        }
    }
    out
}

fn ids(v: Option<&Value>) -> Vec<CslId> {
    let mut out = Vec::new();
    for item in items(v) {
        match item {
            Value::Object(o) => out.push(CslId {
                kind: text(o.get("type")),
                number: text(o.get("number")),
                country: text(o.get("country")),
                issue_date: text(o.get("issue_date")),
                expiration_date: text(o.get("expiration_date")),
            }),
            other => out.extend(
                split_multi(&text(Some(other)))
                    .iter()
                    .map(|i| parse_id_item(i)),
            ),
        }
    }
    out
}

fn to_record(o: &Obj, index: u64) -> CslRecord {
    let s = |k: &str| text(o.get(k));
    let id = match s("_id") {
        id if id.is_empty() => s("id"),
        id => id,
    };
    CslRecord {
        line: index,
        id,
        source: s("source"),
        entity_number: s("entity_number"),
        kind: s("type"),
        programs: list(o.get("programs")),
        name: s("name"),
        title: s("title"),
        addresses: addresses(o.get("addresses")),
        federal_register_notice: s("federal_register_notice"),
        start_date: s("start_date"),
        end_date: s("end_date"),
        standard_order: s("standard_order"),
        license_requirement: s("license_requirement"),
        license_policy: s("license_policy"),
        call_sign: s("call_sign"),
        vessel_type: s("vessel_type"),
        gross_tonnage: s("gross_tonnage"),
        gross_registered_tonnage: s("gross_registered_tonnage"),
        vessel_flag: s("vessel_flag"),
        vessel_owner: s("vessel_owner"),
        remarks: s("remarks"),
        source_list_url: s("source_list_url"),
        alt_names: list(o.get("alt_names")),
        citizenships: list(o.get("citizenships")),
        dates_of_birth: list(o.get("dates_of_birth")),
        nationalities: list(o.get("nationalities")),
        places_of_birth: list(o.get("places_of_birth")),
        source_information_url: s("source_information_url"),
        ids: ids(o.get("ids")),
    }
}
