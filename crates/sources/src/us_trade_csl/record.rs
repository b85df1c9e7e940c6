//! The native CSL record (every column of the CSV / field of the JSON) and
//! its mapping to a model [`Entity`].

use std::collections::HashSet;

use chrono::NaiveDate;
use denylist_model::{
    country_code, Address, CountryCode, Entity, EntityId, FuzzyDate, Gender, Identifier,
    IdentifierKind, Name, NameKind, NameStrength, PartialDate, Place, Schema, SourceId, VesselInfo,
};
use sha2::{Digest, Sha256};

use crate::{ParseError, ParseOptions, ParsedList, Warning};

/// One CSL row as published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CslRecord {
    /// 1-based line (CSV) or 1-based result index (JSON), for messages.
    pub line: u64,
    /// `_id` (empty in the 2016 and 2019 layouts).
    pub id: String,
    /// `source`: the sub-list.
    pub source: String,
    /// `entity_number` (OFAC `ent_num` on Treasury rows).
    pub entity_number: String,
    /// `type`: Individual, Entity, Vessel, Aircraft, or empty.
    pub kind: String,
    /// `programs`.
    pub programs: Vec<String>,
    /// `name`.
    pub name: String,
    /// `title`.
    pub title: String,
    /// `addresses`.
    pub addresses: Vec<CslAddress>,
    /// `federal_register_notice`.
    pub federal_register_notice: String,
    /// `start_date`.
    pub start_date: String,
    /// `end_date`.
    pub end_date: String,
    /// `standard_order`.
    pub standard_order: String,
    /// `license_requirement`.
    pub license_requirement: String,
    /// `license_policy`.
    pub license_policy: String,
    /// `call_sign`.
    pub call_sign: String,
    /// `vessel_type`.
    pub vessel_type: String,
    /// `gross_tonnage`.
    pub gross_tonnage: String,
    /// `gross_registered_tonnage`.
    pub gross_registered_tonnage: String,
    /// `vessel_flag`.
    pub vessel_flag: String,
    /// `vessel_owner`.
    pub vessel_owner: String,
    /// `remarks`.
    pub remarks: String,
    /// `source_list_url`.
    pub source_list_url: String,
    /// `alt_names`.
    pub alt_names: Vec<String>,
    /// `citizenships` (ISO2).
    pub citizenships: Vec<String>,
    /// `dates_of_birth`.
    pub dates_of_birth: Vec<String>,
    /// `nationalities` (ISO2).
    pub nationalities: Vec<String>,
    /// `places_of_birth`.
    pub places_of_birth: Vec<String>,
    /// `source_information_url`.
    pub source_information_url: String,
    /// `ids`.
    pub ids: Vec<CslId>,
}

/// One address: the CSV gives one line ending in ISO2, the JSON its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CslAddress {
    /// Street (JSON `address`; in the CSV the whole line before the country).
    pub address: String,
    /// `city`.
    pub city: String,
    /// `state`.
    pub state: String,
    /// `postal_code`.
    pub postal_code: String,
    /// `country` (ISO2 or a name).
    pub country: String,
}

/// One `ids` item: `Type, number[, CC]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CslId {
    /// The label (`Passport`, `Gender`, `Secondary sanctions risk:`).
    pub kind: String,
    /// The number or value.
    pub number: String,
    /// Issuing country (ISO2), if given.
    pub country: String,
    /// Issue date (JSON only).
    pub issue_date: String,
    /// Expiration date (JSON only).
    pub expiration_date: String,
}

/// Splits a `; `-joined CSV field into its trimmed non-empty items.
pub(crate) fn split_multi(field: &str) -> Vec<String> {
    field
        .split("; ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads a CSV address item: `street, city, …, CC`.
pub(crate) fn parse_address_line(item: &str) -> CslAddress {
    let item = item.trim();
    match item.rsplit_once(',') {
        Some((rest, cc)) if is_iso2(cc.trim()) => CslAddress {
            address: rest.trim().to_string(),
            country: cc.trim().to_string(),
            ..CslAddress::default()
        },
        _ if is_iso2(item) => CslAddress {
            country: item.to_string(),
            ..CslAddress::default()
        },
        _ => CslAddress {
            address: item.to_string(),
            ..CslAddress::default()
        },
    }
}

/// Reads a CSV `ids` item: `Type, number[, CC]`. The number may itself
/// contain commas (`Issuer Name, China Telecom Co., Ltd`).
pub(crate) fn parse_id_item(item: &str) -> CslId {
    let (kind, rest) = match item.split_once(", ") {
        Some((k, r)) => (k.trim(), r.trim()),
        None => (item.trim(), ""),
    };
    let (number, country) = match rest.rsplit_once(", ") {
        Some((n, cc)) if is_iso2(cc.trim()) => (n.trim(), cc.trim()),
        _ => (rest, ""),
    };
    CslId {
        kind: kind.to_string(),
        number: number.to_string(),
        country: country.to_string(),
        ..CslId::default()
    }
}

fn is_iso2(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// The short code of a sub-list: `Entity List (EL) - Bureau…` → `EL`,
/// `Non-SDN Menu-Based Sanctions List (NS-MBS List) - …` → `NS-MBS`, `SDN` →
/// `SDN`.
pub(crate) fn sub_list_code(source: &str) -> String {
    let s = source.trim();
    let inner = match (s.find('('), s.find(')')) {
        (Some(a), Some(b)) if b > a + 1 => &s[a + 1..b],
        _ => s,
    };
    let inner = inner.trim();
    let inner = inner.strip_suffix(" List").unwrap_or(inner);
    inner
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect()
}

/// The native id (documented in the module header).
pub(crate) fn native_id(r: &CslRecord) -> String {
    let code = sub_list_code(&r.source);
    let id = r.id.trim();
    if !id.is_empty() {
        return format!("{code}-{id}");
    }
    let number = r.entity_number.trim();
    if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{code}-{number}");
    }
    let mut h = Sha256::new();
    h.update(code.as_bytes());
    h.update(b"\n");
    h.update(r.name.trim().as_bytes());
    h.update(b"\n");
    let lines: Vec<String> = r.addresses.iter().map(address_text).collect();
    h.update(lines.join("; ").as_bytes());
    let digest = hex::encode(h.finalize());
    format!("{code}-{}", &digest[..16])
}

fn address_text(a: &CslAddress) -> String {
    [&a.address, &a.city, &a.state, &a.postal_code, &a.country]
        .into_iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Suffix the State Department appends to ISN names.
const SUCCESSOR_CLAUSE: &str = "; and any successor";

/// Maps every record to an entity and builds the list.
pub(crate) fn build_list(
    file: &str,
    format: &'static str,
    records: Vec<CslRecord>,
    mut warnings: Vec<Warning>,
    record_count: usize,
    options: &ParseOptions,
) -> Result<ParsedList, ParseError> {
    let source = match &options.source {
        Some(s) => s.clone(),
        None => SourceId::new(super::SOURCE).map_err(|e| ParseError::FileSet {
            message: e.to_string(),
        })?,
    };
    let mut seen = HashSet::new();
    let mut entities = Vec::with_capacity(records.len());
    for r in &records {
        let Some(e) = to_entity(&source, file, r, &mut warnings) else {
            continue;
        };
        if !seen.insert(e.id.clone()) {
            warnings.push(Warning::new(
                file,
                Some(r.line),
                format!("duplicate id {}; row skipped", e.id),
            ));
            continue;
        }
        entities.push(e);
    }
    Ok(ParsedList {
        source,
        format,
        published: options.as_of,
        entities,
        warnings,
        record_count,
    })
}

/// Maps one record; `None` (with a warning) when it has no name.
pub(crate) fn to_entity(
    source: &SourceId,
    file: &str,
    r: &CslRecord,
    warnings: &mut Vec<Warning>,
) -> Option<Entity> {
    let line = Some(r.line);
    let mut name = r.name.trim().to_string();
    let mut extra_remark = None;
    if let Some(i) = name.find(SUCCESSOR_CLAUSE) {
        extra_remark = Some(name[i + 2..].trim().to_string());
        name.truncate(i);
    }
    if name.is_empty() {
        warnings.push(Warning::new(file, line, "row has no name; skipped"));
        return None;
    }
    let id = match EntityId::new(source, &native_id(r)) {
        Ok(id) => id,
        Err(e) => {
            warnings.push(Warning::new(file, line, format!("{e}; row skipped")));
            return None;
        }
    };
    let schema = match Schema::parse(&r.kind) {
        Some(s) => s,
        None if r.kind.trim().is_empty() => guess_schema(r),
        None => {
            warnings.push(Warning::new(
                file,
                line,
                format!("unknown type {:?}; read as Organization", r.kind),
            ));
            Schema::Organization
        }
    };
    let mut e = Entity::new(id, schema);
    if !r.source.trim().is_empty() {
        e.list = Some(r.source.trim().to_string());
    }
    e.names.push(Name::primary(name));
    for alt in &r.alt_names {
        let alt = alt.trim();
        let alt = alt.strip_prefix("and ").unwrap_or(alt).trim();
        if !alt.is_empty() && !e.names.iter().any(|n| n.full == alt) {
            e.names
                .push(Name::new(alt, NameKind::Aka, NameStrength::Unknown));
        }
    }
    if !r.title.trim().is_empty() {
        e.titles.push(r.title.trim().to_string());
    }
    for d in &r.dates_of_birth {
        match parse_csl_date(d) {
            Some(date) => e.birth_dates.push(date),
            None => {
                warnings.push(Warning::new(
                    file,
                    line,
                    format!("unreadable date of birth {d:?}; kept as remark"),
                ));
                e.remarks.push(format!("DOB {d}"));
            }
        }
    }
    for p in &r.places_of_birth {
        let country = p.rsplit(',').next().and_then(country_code);
        e.birth_places.push(Place {
            text: p.trim().to_string(),
            country,
        });
    }
    push_codes(&mut e.nationalities, &r.nationalities, file, line, warnings);
    push_codes(&mut e.citizenships, &r.citizenships, file, line, warnings);
    for a in &r.addresses {
        let address = map_address(a);
        if address != Address::default() {
            e.addresses.push(address);
        }
    }
    for id in &r.ids {
        map_id(&mut e, id);
    }
    e.programs = r
        .programs
        .iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if !r.start_date.trim().is_empty() {
        match parse_csl_date(&r.start_date) {
            Some(d) => e.listed_on = Some(d),
            None => warnings.push(Warning::new(
                file,
                line,
                format!("unreadable start_date {:?}", r.start_date),
            )),
        }
    }
    let vessel = VesselInfo {
        vessel_type: non_empty(&r.vessel_type),
        flag_name: non_empty(&r.vessel_flag),
        flag: country_code(&r.vessel_flag),
        owner: non_empty(&r.vessel_owner),
        tonnage: non_empty(&r.gross_tonnage),
        gross_registered_tonnage: non_empty(&r.gross_registered_tonnage),
        build_year: None,
    };
    if vessel != VesselInfo::default() {
        e.vessel = Some(vessel);
    }
    if let Some(cs) = non_empty(&r.call_sign) {
        e.identifiers
            .push(Identifier::new(IdentifierKind::CallSign, "Call Sign", cs));
    }
    if let Some(rm) = non_empty(&r.remarks) {
        e.remarks.push(rm);
    }
    if let Some(rm) = extra_remark {
        e.remarks.push(rm);
    }
    for (label, value) in [
        ("entity_number", &r.entity_number),
        ("federal_register_notice", &r.federal_register_notice),
        ("end_date", &r.end_date),
        ("standard_order", &r.standard_order),
        ("license_requirement", &r.license_requirement),
        ("license_policy", &r.license_policy),
        ("source_list_url", &r.source_list_url),
        ("source_information_url", &r.source_information_url),
    ] {
        if let Some(v) = non_empty(value) {
            e.add_property(label, v);
        }
    }
    Some(e)
}

/// Non-Treasury rows have no type: a person when the row has a person's
/// facts (birth date or place, nationality, citizenship, title, gender or
/// passport), else an organisation.
fn guess_schema(r: &CslRecord) -> Schema {
    let person_id = r
        .ids
        .iter()
        .any(|i| matches!(i.kind.as_str(), "Gender" | "Passport"));
    if person_id
        || !r.dates_of_birth.is_empty()
        || !r.places_of_birth.is_empty()
        || !r.nationalities.is_empty()
        || !r.citizenships.is_empty()
        || !r.title.trim().is_empty()
    {
        Schema::Person
    } else {
        Schema::Organization
    }
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn push_codes(
    out: &mut Vec<CountryCode>,
    values: &[String],
    file: &str,
    line: Option<u64>,
    warnings: &mut Vec<Warning>,
) {
    for v in values {
        match CountryCode::new(v).ok().or_else(|| country_code(v)) {
            Some(c) if !out.contains(&c) => out.push(c),
            Some(_) => {}
            None => warnings.push(Warning::new(
                file,
                line,
                format!("unknown country {v:?}; dropped"),
            )),
        }
    }
}

fn map_address(a: &CslAddress) -> Address {
    let country = CountryCode::new(&a.country)
        .ok()
        .or_else(|| country_code(&a.country));
    Address {
        street: non_empty(&a.address).into_iter().collect(),
        city: non_empty(&a.city),
        region: non_empty(&a.state),
        postal_code: non_empty(&a.postal_code),
        country_name: if is_iso2(a.country.trim()) {
            None
        } else {
            non_empty(&a.country)
        },
        country,
        note: None,
    }
}

/// Labels of `ids` items that are facts, not identifiers; kept as
/// properties.
fn is_property_label(label: &str) -> bool {
    label.ends_with(':')
        || label.ends_with('-')
        || label.contains("Date")
        || label.contains("Directive")
        || matches!(
            label,
            "Target Type"
                | "Issuer Name"
                | "Equity Ticker"
                | "Nationality Country"
                | "Nationality of Registration"
                | "Organization Type"
        )
}

/// The identifier kind of a CSL / OFAC id label.
fn identifier_kind(label: &str) -> IdentifierKind {
    let l = label.to_ascii_lowercase();
    use IdentifierKind as K;
    if l.contains("passport") || l == "travel document number" {
        K::Passport
    } else if l == "legal entity number" || l == "lei" {
        K::Lei
    } else if l == "swift/bic" {
        K::SwiftBic
    } else if l.starts_with("vessel registration") || l == "imo" {
        K::Imo
    } else if l == "mmsi" {
        K::Mmsi
    } else if l.contains("driver") {
        K::DriversLicense
    } else if l == "website" {
        K::Website
    } else if l.contains("email") {
        K::Email
    } else if l.contains("phone") || l.contains("fax") {
        K::Phone
    } else if l.starts_with("digital currency address") {
        K::CryptoAddress
    } else if l.contains("tax")
        || l.starts_with("nit")
        || l.starts_with("r.f.c")
        || l == "rfc"
        || l.starts_with("ruc")
        || l.contains("fein")
        || l.contains("v.a.t")
        || l.contains("c.u.i.t")
        || l.contains("fiscal code")
        || l == "inn"
    {
        K::TaxId
    } else if l.contains("registration")
        || l.contains("company number")
        || l.contains("incorporation")
        || l.starts_with("c.r. no")
        || l.contains("credit code")
        || l.contains("gazette")
        || l.contains("charity")
        || l == "le number"
        || l.contains("ogrn")
    {
        K::Registration
    } else if l.contains("national id")
        || l.contains("personal id")
        || l.starts_with("d.n.i")
        || l.starts_with("cedula")
        || l.starts_with("c.u.r.p")
        || l.contains("id no")
        || l == "ssn"
        || l.contains("identification number")
        || l.contains("electoral")
        || l.contains("credencial")
    {
        K::NationalId
    } else {
        K::Other
    }
}

fn map_id(e: &mut Entity, id: &CslId) {
    let label = id.kind.trim();
    let value = id.number.trim();
    match label {
        "Gender" => {
            match value.to_ascii_lowercase().as_str() {
                "male" => e.gender = Some(Gender::Male),
                "female" => e.gender = Some(Gender::Female),
                _ => e.add_property(label, value),
            }
            return;
        }
        "Organization Established Date" => {
            match parse_csl_date(value) {
                Some(d) if e.established_on.is_none() => e.established_on = Some(d),
                _ => e.add_property(label, value),
            }
            return;
        }
        "Nationality of Registration" | "Nationality Country" => {
            if let Some(c) = country_code(value) {
                e.add_country(c);
            }
            e.add_property(label, value);
            return;
        }
        _ => {}
    }
    if label.is_empty() && value.is_empty() {
        return;
    }
    if is_property_label(label) {
        let v = if id.country.is_empty() {
            value.to_string()
        } else {
            format!("{value}, {}", id.country)
        };
        e.add_property(label, v);
        return;
    }
    let kind = identifier_kind(label);
    let mut value = value.to_string();
    let mut currency = None;
    if kind == IdentifierKind::Imo {
        value = value.trim_start_matches("IMO").trim().to_string();
    }
    if kind == IdentifierKind::CryptoAddress {
        currency = label.rsplit(' ').next().map(str::to_string);
    }
    let mut ident = Identifier::new(kind, label, value);
    ident.currency = currency;
    ident.country = CountryCode::new(&id.country).ok();
    ident.issued = parse_csl_date(&id.issue_date);
    ident.expires = parse_csl_date(&id.expiration_date);
    e.identifiers.push(ident);
}

/// Reads the CSL date forms: ISO `1980-02-08` / `1970-02` / `1962`,
/// `Feb 1970`, `07 Jul 1966`, with an optional `circa`; ranges `A to B`.
pub(crate) fn parse_csl_date(text: &str) -> Option<FuzzyDate> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let (circa, rest) = match t.get(..6) {
        Some(p) if p.eq_ignore_ascii_case("circa ") => (true, t[6..].trim()),
        _ => (false, t),
    };
    let mut date = match rest.split_once(" to ") {
        Some((a, b)) => {
            let (a, b) = (single_date(a)?, single_date(b)?);
            if b < a {
                return None;
            }
            FuzzyDate::range(a, b)
        }
        None => FuzzyDate::on(single_date(rest)?),
    };
    if circa {
        date = date.circa();
    }
    if date.circa || date.to.is_some() || !is_iso_prefix(t) {
        date = date.with_text(t);
    }
    Some(date)
}

fn is_iso_prefix(t: &str) -> bool {
    t.parse::<PartialDate>().is_ok()
}

fn single_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    if let Ok(d) = s.parse::<PartialDate>() {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%m/%d/%Y") {
        return Some(PartialDate::from_naive(d));
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        [m, y] => PartialDate::month(year(y)?, month(m)?).ok(),
        [d, m, y] => PartialDate::day(year(y)?, month(m)?, d.parse().ok()?).ok(),
        _ => None,
    }
}

fn year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn month(s: &str) -> Option<u8> {
    const M: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let w = s.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    M.iter().position(|m| w.starts_with(m)).map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_list_codes() {
        assert_eq!(
            sub_list_code("Entity List (EL) - Bureau of Industry and Security"),
            "EL"
        );
        assert_eq!(
            sub_list_code("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department"),
            "NS-MBS"
        );
        assert_eq!(sub_list_code("SDN"), "SDN");
    }

    #[test]
    fn id_items_split_type_number_country() {
        let id = parse_id_item("Cedula No., 42895110, CO");
        assert_eq!(
            (id.kind.as_str(), id.number.as_str()),
            ("Cedula No.", "42895110")
        );
        assert_eq!(id.country, "CO");
        let id = parse_id_item("Issuer Name, China Telecom Co., Ltd");
        assert_eq!(id.number, "China Telecom Co., Ltd");
        assert_eq!(id.country, "");
        let id = parse_id_item("Gender, Male");
        assert_eq!((id.kind.as_str(), id.number.as_str()), ("Gender", "Male"));
    }

    #[test]
    fn addresses_end_with_iso2() {
        let a = parse_address_line("Ibex House, The Minories, London, EC3N 1DY, GB");
        assert_eq!(a.country, "GB");
        assert_eq!(a.address, "Ibex House, The Minories, London, EC3N 1DY");
        assert_eq!(parse_address_line("TR").country, "TR");
    }

    #[test]
    fn csl_dates() {
        let d = parse_csl_date("1943-11-23").unwrap();
        assert_eq!(d.to_string(), "1943-11-23");
        assert_eq!(d.text, None);
        assert_eq!(parse_csl_date("Feb 1970").unwrap().to_string(), "1970-02");
        assert_eq!(
            parse_csl_date("circa 1970").unwrap().to_string(),
            "circa 1970"
        );
        assert_eq!(
            parse_csl_date("circa 07 Jul 1966").unwrap().to_string(),
            "circa 1966-07-07"
        );
        assert!(parse_csl_date("sometime").is_none());
    }
}
