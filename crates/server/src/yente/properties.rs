//! Entities in yente's shape: FollowTheMoney property names, lists of
//! strings.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use denylist_model::{Entity, IdentifierKind, Schema};
use serde_json::value::RawValue;

use super::types::EntityResponse;
use crate::Index;

/// The FollowTheMoney property an identifier kind is published under.
fn identifier_property(kind: IdentifierKind) -> &'static str {
    use IdentifierKind as K;
    match kind {
        K::Passport => "passportNumber",
        K::Imo => "imoNumber",
        K::TaxId => "taxNumber",
        K::Registration => "registrationNumber",
        K::SwiftBic => "swiftBic",
        K::Lei => "leiCode",
        K::Mmsi => "mmsi",
        K::CallSign => "callSign",
        K::CryptoAddress => "publicKey",
        K::Email => "email",
        K::Website => "website",
        K::Phone => "phone",
        _ => "idNumber",
    }
}

/// An entity as FollowTheMoney-style properties (lists of distinct,
/// non-empty strings).
pub(crate) fn ftm_properties(e: &Entity) -> BTreeMap<String, Vec<String>> {
    let mut p: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut push = |k: &str, v: String| {
        if v.is_empty() {
            return;
        }
        match p.get_mut(k) {
            Some(list) if list.contains(&v) => {}
            Some(list) => list.push(v),
            None => {
                p.insert(k.to_string(), vec![v]);
            }
        }
    };
    let primary = e.primary_name();
    for n in &e.names {
        let key = if Some(n.full.as_str()) == primary {
            "name"
        } else if n.is_weak() {
            "weakAlias"
        } else {
            "alias"
        };
        push(key, n.full.clone());
    }
    for t in &e.titles {
        push("title", t.clone());
    }
    if let Some(g) = &e.gender {
        push("gender", format!("{g:?}").to_ascii_lowercase());
    }
    let birth_key = if e.schema == Schema::Person {
        "birthDate"
    } else {
        "incorporationDate"
    };
    for d in &e.birth_dates {
        push(birth_key, d.from.to_string());
    }
    if let Some(d) = &e.established_on {
        push("incorporationDate", d.from.to_string());
    }
    for pl in &e.birth_places {
        push("birthPlace", pl.text.clone());
    }
    for c in &e.nationalities {
        push("nationality", c.as_str().to_ascii_lowercase());
    }
    for c in &e.citizenships {
        push("citizenship", c.as_str().to_ascii_lowercase());
    }
    for c in &e.countries {
        push("country", c.as_str().to_ascii_lowercase());
    }
    for a in &e.addresses {
        push("address", a.one_line());
    }
    for i in &e.identifiers {
        push(identifier_property(i.kind), i.value.clone());
    }
    for prog in &e.programs {
        push("programId", prog.clone());
    }
    if let Some(d) = &e.listed_on {
        push("createdAt", d.from.to_string());
    }
    for r in &e.remarks {
        push("notes", r.clone());
    }
    for (k, vs) in &e.properties {
        for v in vs {
            push(k, v.clone());
        }
    }
    p
}

/// [`ftm_properties`] as JSON.
pub(crate) fn properties_json(e: &Entity) -> Box<RawValue> {
    // A map of strings always serializes.
    serde_json::value::to_raw_value(&ftm_properties(e)).unwrap_or_default()
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(chrono::NaiveTime::MIN)
}

/// An entity of the index (`target: true`) in yente's shape, with its
/// history dates.
pub(crate) fn entity_response(index: Option<&Index>, e: &Entity) -> EntityResponse {
    let dates = index.and_then(|i| i.dates(&e.id));
    let properties = match index.and_then(|i| i.properties_json(&e.id)) {
        Some(raw) => raw.to_owned(),
        None => properties_json(e),
    };
    EntityResponse {
        id: e.id.as_str().to_string(),
        caption: e.primary_name().unwrap_or(e.id.native()).to_string(),
        schema: e.schema.as_str().to_string(),
        properties,
        datasets: vec![e.id.source_str().to_string()],
        referents: Vec::new(),
        target: true,
        first_seen: dates.map(|d| midnight(d.first_seen)),
        last_seen: index.and_then(|i| i.last_seen(&e.id)).map(midnight),
        last_change: dates.map(|d| midnight(d.last_change)),
    }
}

/// A delisted entity (`target: false`) from its stored history.
pub(crate) fn delisted_response(record: &denylist_store::EntityRecord) -> EntityResponse {
    let h = &record.history;
    let date = |v: &denylist_store::VersionRef| {
        midnight(v.published.unwrap_or_else(|| v.imported_at.date_naive()))
    };
    let mut r = entity_response(None, &record.entity);
    r.target = h.delisted_in.is_none();
    r.first_seen = Some(date(&h.first_seen));
    r.last_seen = Some(date(&h.last_seen));
    r.last_change = h.spans.last().map(|s| date(&s.first));
    r
}
