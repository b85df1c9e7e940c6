//! One UK Sanctions List designation as the FCDO publishes it, whatever the
//! file format, and its mapping to an entity.
//!
//! The XML reader fills a [`Designation`] from one `Designation` element;
//! the CSV and ODS readers fill it from the rows of one `Unique ID` (the
//! exports have one row per name). Every format maps through
//! [`to_entity`], so the same designation gives the same entity from each.

use chrono::NaiveDate;
use denylist_model::{
    country_code, Address, Entity, EntityId, FuzzyDate, Gender, Identifier, IdentifierKind, Name,
    NameKind, NamePartKind, NameStrength, PartialDate, Place, Schema, SourceId, VesselInfo,
};

use crate::gb_hmt::{lang_code, script_code};
use crate::Warning;

/// One name as published: `Name 1`…`Name 6` (`Name 6` the family or entity
/// name), or a whole name where a file has no parts (the ODS extract).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DesignationName {
    /// `Name 1`…`Name 6`, blank where absent.
    pub parts: [String; 6],
    /// A whole name with no parts.
    pub whole: String,
    /// `Primary Name`, `Primary name variation`, `Alias` (any case).
    pub name_type: String,
    /// `Good quality a.k.a`, `Low quality a.k.a` or blank.
    pub alias_strength: String,
}

/// A name in a non-Latin script, with the script and language the FCDO
/// states (`Cyrillic`, `Russian`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NonLatinName {
    /// The name.
    pub text: String,
    /// Script type as published.
    pub script: String,
    /// Language as published.
    pub language: String,
}

/// A passport or national identifier: number and additional information.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Document {
    /// The number (may start with a space in the file).
    pub number: String,
    /// Additional information.
    pub info: String,
}

/// An address: up to six lines, postal code, country.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DesignationAddress {
    /// `Address Line 1`…`6`, blank where absent.
    pub lines: [String; 6],
    /// Postal code.
    pub postal_code: String,
    /// Country name.
    pub country: String,
}

/// A designation with every field the readers take, values as published.
/// Lists hold distinct values in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Designation {
    /// Line of the `Designation` element or of the first row.
    pub line: u64,
    /// `Unique ID` (`AFG0011`).
    pub unique_id: String,
    /// `Individual`, `Entity` or `Ship`.
    pub kind: String,
    /// Names, in file order.
    pub names: Vec<DesignationName>,
    /// Non-Latin names.
    pub non_latin: Vec<NonLatinName>,
    /// Titles (`Title`).
    pub titles: Vec<String>,
    /// Dates of birth (`12/11/1967`, `dd/09/1958`, `dd/mm/1968`, `1985`).
    pub dobs: Vec<String>,
    /// Nationality names.
    pub nationalities: Vec<String>,
    /// Genders.
    pub genders: Vec<String>,
    /// Positions.
    pub positions: Vec<String>,
    /// (town, country) of birth.
    pub birth_places: Vec<(String, String)>,
    /// Passports.
    pub passports: Vec<Document>,
    /// National identifiers.
    pub national_ids: Vec<Document>,
    /// Addresses.
    pub addresses: Vec<DesignationAddress>,
    /// Phone numbers.
    pub phones: Vec<String>,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// Websites.
    pub websites: Vec<String>,
    /// Types of entity.
    pub types_of_entity: Vec<String>,
    /// Business registration numbers.
    pub registrations: Vec<String>,
    /// Parent companies.
    pub parent_companies: Vec<String>,
    /// Subsidiaries.
    pub subsidiaries: Vec<String>,
    /// True when the file has ship details for it (XML `ShipDetails`, or a
    /// ship column filled).
    pub has_ship_details: bool,
    /// IMO numbers.
    pub imo_numbers: Vec<String>,
    /// Types of ship.
    pub ship_types: Vec<String>,
    /// Current believed flags.
    pub flags: Vec<String>,
    /// Previous flags.
    pub previous_flags: Vec<String>,
    /// Current owners / operators.
    pub owners: Vec<String>,
    /// Previous owners / operators.
    pub previous_owners: Vec<String>,
    /// Tonnages.
    pub tonnages: Vec<String>,
    /// Lengths.
    pub lengths: Vec<String>,
    /// Years built.
    pub years_built: Vec<String>,
    /// Hull identification numbers (HIN).
    pub hull_numbers: Vec<String>,
    /// `Regime Name`.
    pub regime: String,
    /// `Date Designated` (`DD/MM/YYYY`; the ODS extract `DD-MM-YYYY`).
    pub date_designated: String,
    /// `OFSI Group ID`, the link to the retired OFSI list.
    pub ofsi_group_id: String,
    /// `UN Reference Number`.
    pub un_reference: String,
    /// `Last Updated`.
    pub last_updated: String,
    /// `Designation source` (`UK`, `UN`, `UK|UN`).
    pub designation_source: String,
    /// `Sanctions Imposed`, split on `|` and `,`.
    pub sanctions_imposed: Vec<String>,
    /// `Other Information`.
    pub other_information: Vec<String>,
    /// `UK Statement of Reasons`.
    pub statements_of_reasons: Vec<String>,
}

/// Adds `x` to `v` unless it is there already.
pub(crate) fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// Adds a trimmed, non-blank text to `v` unless it is there already.
pub(crate) fn push_text(v: &mut Vec<String>, s: &str) {
    let s = s.trim();
    if !s.is_empty() && !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// `Sanctions Imposed` values: `|`-joined in the XML, `, `-joined in the
/// spreadsheet exports.
pub(crate) fn split_sanctions(v: &mut Vec<String>, s: &str) {
    for part in s.split(['|', ',']) {
        push_text(v, part);
    }
}

/// `12/11/1967`, `dd/09/1958`, `dd/mm/1968`, `1985`.
pub(crate) fn parse_fcdo_dob(s: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = s.trim().split('/').map(str::trim).collect();
    let year = |y: &str| -> Option<i32> {
        (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .then(|| y.parse().ok())
            .flatten()
    };
    let num = |x: &str| -> Option<u8> {
        x.parse()
            .ok()
            .filter(|_| x.bytes().all(|b| b.is_ascii_digit()))
    };
    match parts.as_slice() {
        [y] => Some(PartialDate::year(year(y)?)),
        [d, m, y] => {
            let y = year(y)?;
            match (num(d), num(m)) {
                (Some(d), Some(m)) => PartialDate::day(y, m, d).ok(),
                (None, Some(m)) => PartialDate::month(y, m).ok(),
                (_, None) => Some(PartialDate::year(y)),
            }
        }
        _ => None,
    }
}

/// `DD/MM/YYYY` or `DD-MM-YYYY`.
pub(crate) fn parse_dmy(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(s.trim(), "%d-%m-%Y"))
        .ok()
}

/// The script of a name's first non-Latin letter.
fn script_of(s: &str) -> Option<&'static str> {
    for c in s.chars() {
        match c as u32 {
            0x0400..=0x052F => return Some("Cyrl"),
            0x0600..=0x06FF | 0x0750..=0x077F => return Some("Arab"),
            0x4E00..=0x9FFF => return Some("Hani"),
            0xAC00..=0xD7AF => return Some("Hang"),
            0x10A0..=0x10FF => return Some("Geor"),
            0x0590..=0x05FF => return Some("Hebr"),
            _ => {}
        }
    }
    None
}

fn some(s: Option<&String>) -> Option<String> {
    s.filter(|s| !s.is_empty()).cloned()
}

/// The entity of a designation, or `None` (with a warning) when it has no
/// usable id or no name.
pub(crate) fn to_entity(
    source: &SourceId,
    file: &str,
    d: &Designation,
    warnings: &mut Vec<Warning>,
) -> Option<Entity> {
    let line = Some(d.line);
    let uid = d.unique_id.trim();
    let Ok(id) = EntityId::new(source, uid) else {
        warnings.push(Warning::new(
            file,
            line,
            format!("bad or missing Unique ID {uid:?}; skipped"),
        ));
        return None;
    };
    let schema = Schema::parse(&d.kind).unwrap_or_else(|| {
        warnings.push(Warning::new(
            file,
            line,
            format!(
                "unknown designation type {:?}; read as Organization",
                d.kind
            ),
        ));
        Schema::Organization
    });
    let mut e = Entity::new(id, schema);
    map_names(&mut e, d);
    if e.names.is_empty() {
        warnings.push(Warning::new(file, line, "designation has no name; skipped"));
        return None;
    }
    for dob in &d.dobs {
        match parse_fcdo_dob(dob) {
            Some(p) => push_unique(&mut e.birth_dates, FuzzyDate::on(p)),
            None => {
                warnings.push(Warning::new(
                    file,
                    line,
                    format!("unreadable DOB {dob:?}; kept as remark"),
                ));
                e.remarks.push(format!("DOB {dob}"));
            }
        }
    }
    for nat in &d.nationalities {
        match country_code(nat) {
            Some(c) => push_unique(&mut e.nationalities, c),
            None => e.add_property("Nationality", nat.as_str()),
        }
    }
    for g in &d.genders {
        match g.to_lowercase().as_str() {
            "male" => e.gender = Some(Gender::Male),
            "female" => e.gender = Some(Gender::Female),
            _ => e.add_property("Gender", g.as_str()),
        }
    }
    for t in d.titles.iter().chain(&d.positions) {
        push_unique(&mut e.titles, t.clone());
    }
    for (town, country) in &d.birth_places {
        let text = [town.as_str(), country.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if !text.is_empty() {
            push_unique(
                &mut e.birth_places,
                Place {
                    text,
                    country: country_code(country),
                },
            );
        }
    }
    map_identifiers(&mut e, d);
    if schema == Schema::Vessel || d.has_ship_details {
        let flag = d.flags.first().map(String::as_str).unwrap_or("");
        let v = VesselInfo {
            vessel_type: some(d.ship_types.first()),
            flag_name: some(d.flags.first()),
            flag: country_code(flag),
            owner: some(d.owners.first()),
            tonnage: some(d.tonnages.first()),
            gross_registered_tonnage: None,
            build_year: some(d.years_built.first()),
        };
        if v != VesselInfo::default() {
            e.vessel = Some(v);
        }
    }
    for a in &d.addresses {
        let address = Address {
            street: a.lines.iter().filter(|s| !s.is_empty()).cloned().collect(),
            postal_code: (!a.postal_code.is_empty()).then(|| a.postal_code.clone()),
            country_name: (!a.country.is_empty()).then(|| a.country.clone()),
            country: country_code(&a.country),
            ..Address::default()
        };
        if address != Address::default() {
            push_unique(&mut e.addresses, address);
        }
    }
    if !d.regime.is_empty() {
        e.programs.push(d.regime.clone());
    }
    if !d.date_designated.is_empty() {
        match parse_dmy(&d.date_designated) {
            Some(date) => e.listed_on = Some(FuzzyDate::on(PartialDate::from_naive(date))),
            None => warnings.push(Warning::new(
                file,
                line,
                format!(
                    "Date Designated {:?} is not DD/MM/YYYY; dropped",
                    d.date_designated
                ),
            )),
        }
    }
    for (label, value) in [
        ("OFSI Group ID", &d.ofsi_group_id),
        ("UN Reference Number", &d.un_reference),
        ("Last Updated", &d.last_updated),
        ("Designation source", &d.designation_source),
    ] {
        if !value.is_empty() {
            e.add_property(label, value.as_str());
        }
    }
    for (label, values) in [
        ("Sanctions Imposed", &d.sanctions_imposed),
        ("Type of entity", &d.types_of_entity),
        ("Parent company", &d.parent_companies),
        ("Subsidiaries", &d.subsidiaries),
        ("Previous flags", &d.previous_flags),
        ("Previous owner/operator", &d.previous_owners),
        ("Length of ship", &d.lengths),
    ] {
        for v in values {
            e.add_property(label, v.as_str());
        }
    }
    for r in d.other_information.iter().chain(&d.statements_of_reasons) {
        e.remarks.push(r.clone());
    }
    Some(e)
}

/// Names: the primary first (a second, different primary is a variation;
/// with no primary the first name is promoted), then the non-Latin names.
fn map_names(e: &mut Entity, d: &Designation) {
    for n in &d.names {
        let full = if n.parts.iter().any(|p| !p.is_empty()) {
            n.parts
                .iter()
                .filter(|p| !p.is_empty())
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            n.whole.clone()
        };
        if full.is_empty() {
            continue;
        }
        let kind = match n.name_type.trim().to_lowercase().as_str() {
            "primary name" => NameKind::Primary,
            "primary name variation" => NameKind::Variation,
            _ => NameKind::Aka,
        };
        let kind =
            if kind == NameKind::Primary && e.names.iter().any(|x| x.kind == NameKind::Primary) {
                NameKind::Variation
            } else {
                kind
            };
        let quality = n.alias_strength.to_lowercase();
        let strength = if kind == NameKind::Primary
            || (kind == NameKind::Variation && quality.is_empty())
            || quality.starts_with("good")
        {
            NameStrength::Strong
        } else if quality.starts_with("low") {
            NameStrength::Weak
        } else {
            NameStrength::Unknown
        };
        let mut name = Name::new(full, kind, strength);
        for (i, p) in n.parts.iter().enumerate() {
            let pk = match i {
                0 => NamePartKind::Given,
                5 if e.schema == Schema::Person => NamePartKind::Family,
                5 => NamePartKind::Whole,
                _ => NamePartKind::Middle,
            };
            name = name.with_part(pk, p.as_str());
        }
        if !e.names.iter().any(|x| x.full == name.full) {
            e.names.push(name);
        }
    }
    if let Some(p) = e.names.iter().position(|n| n.kind == NameKind::Primary) {
        let primary = e.names.remove(p);
        e.names.insert(0, primary);
    } else if let Some(n) = e.names.first_mut() {
        n.kind = NameKind::Primary;
        n.strength = NameStrength::Strong;
    }
    for t in &d.non_latin {
        let mut n = Name::new(
            t.text.as_str(),
            NameKind::OriginalScript,
            NameStrength::Unknown,
        );
        n.script = script_code(&t.script)
            .or_else(|| script_of(&t.text))
            .map(str::to_string);
        n.lang = lang_code(&t.language).map(str::to_string);
        if !e.names.iter().any(|x| x.full == n.full) {
            e.names.push(n);
        }
    }
}

fn map_identifiers(e: &mut Entity, d: &Designation) {
    for (docs, kind, label) in [
        (&d.passports, IdentifierKind::Passport, "Passport"),
        (
            &d.national_ids,
            IdentifierKind::NationalId,
            "National Identifier",
        ),
    ] {
        for doc in docs {
            let value = doc.number.trim();
            if value.is_empty() {
                continue;
            }
            let mut id = Identifier::new(kind, label, value);
            if !doc.info.is_empty() {
                id.note = Some(doc.info.clone());
            }
            push_unique(&mut e.identifiers, id);
        }
    }
    for (values, kind, label) in [
        (&d.imo_numbers, IdentifierKind::Imo, "IMO number"),
        (
            &d.registrations,
            IdentifierKind::Registration,
            "Business registration number",
        ),
        (&d.phones, IdentifierKind::Phone, "Phone number"),
        (&d.emails, IdentifierKind::Email, "Email address"),
        (&d.websites, IdentifierKind::Website, "Website"),
        (
            &d.hull_numbers,
            IdentifierKind::Other,
            "Hull identification number (HIN)",
        ),
    ] {
        for v in values {
            push_unique(&mut e.identifiers, Identifier::new(kind, label, v.as_str()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dob_forms() {
        let s = |x: &str| parse_fcdo_dob(x).map(|d| d.to_string()).unwrap_or_default();
        assert_eq!(s("12/11/1967"), "1967-11-12");
        assert_eq!(s("dd/09/1958"), "1958-09");
        assert_eq!(s("dd/mm/1968"), "1968");
        assert_eq!(s("1985"), "1985");
        assert_eq!(s("soon"), "");
    }

    #[test]
    fn sanctions_split_on_bars_and_commas() {
        let mut v = Vec::new();
        split_sanctions(&mut v, "Asset freeze|Travel Ban");
        split_sanctions(&mut v, "Asset freeze, Trust Services Sanctions");
        assert_eq!(
            v,
            ["Asset freeze", "Travel Ban", "Trust Services Sanctions"]
        );
    }
}
