//! The OFAC CSV `Remarks` field: `; `-separated items such as
//! `DOB 21 Aug 1961`, `POB Israel`, `a.k.a. 'BNC'`,
//! `Passport C 1415363 - 16/2/1421H issued 21 May 2000`, `Linked To: HAMAS`.
//!
//! [`parse_remarks`] reads the text into [`Remark`] items (nothing is
//! dropped: what is not understood is [`Remark::Free`]); [`apply`] maps them
//! onto an [`Entity`].

use denylist_model::{
    country_code, AircraftInfo, CountryCode, Entity, FuzzyDate, Gender, Identifier, IdentifierKind,
    Name, NameKind, NameStrength, Place, RelationKind, Relationship, VesselInfo,
};

use super::date::parse_ofac_date;
use super::labels::{crypto_currency, match_id_label};

/// Labels whose value is kept verbatim as a property under that label
/// (longest prefix wins; each is followed by a space in the item).
static PROPERTY_LABELS: &[&str] = &[
    "Secondary sanctions risk:",
    "Additional Sanctions Information -",
    "Target Type",
    "Organization Type:",
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions",
    "Executive Order 13662 Directive Determination -",
    "Executive Order 14024 Directive Information -",
    "Executive Order 14024 Directive Information",
    "Executive Order 14014 Directive Information:",
    "Executive Order 13846 information:",
    "Executive Order 14059 information:",
    "For more information on directives, please visit the following link:",
    "for more information on directives, please visit the following link:",
    "CAATSA Section 235 Information:",
    "IFCA Determination -",
    "PEESA Information:",
    "Nationality of Registration",
    "ISIN",
    "Equity Ticker",
    "Issuer Name",
    "Former Vessel Flag",
    "Other Vessel Flag",
    "Other Vessel Type",
    "Other Vessel Call Sign",
    "Vessel Flag",
    "Position:",
    "Alternate Title:",
    "Tribe:",
    "Subtribe:",
    "Occupation:",
    "Listing Date (CMIC)",
    "Effective Date (CMIC)",
    "Purchase/Sales For Divestment Date (CMIC)",
];

/// Date labels with a parenthesised qualifier: `Listing Date (EO 14024
/// Directive 2):`, `Effective Date (…):`.
static DATED_PREFIXES: &[&str] = &[
    "Listing Date (",
    "Effective Date (",
    "Purchase/Sales For Divestment Date (",
];

/// One item of the remarks, read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Remark {
    /// `DOB …` with a readable date.
    BirthDate(FuzzyDate),
    /// `POB …`.
    BirthPlace(Place),
    /// `nationality …`; `qualifier` keeps words such as `possibly`.
    Nationality {
        country: CountryCode,
        text: String,
        qualified: bool,
    },
    /// `citizen …`.
    Citizenship {
        country: CountryCode,
        text: String,
        qualified: bool,
    },
    /// `Gender Male`.
    Gender(Gender),
    /// `a.k.a. 'X'` and its f.k.a. / n.k.a. forms: weak aliases.
    WeakAlias(NameKind, String),
    /// An ID document or identifier feature.
    Identifier(Identifier),
    /// `Linked To: NAME`.
    LinkedTo(String),
    /// `Organization Established Date …`.
    Established(FuzzyDate),
    /// `Aircraft Model …`.
    AircraftModel(String),
    /// `Aircraft Operator …`.
    AircraftOperator(String),
    /// `Aircraft Manufacture Date …`.
    AircraftManufactured(String),
    /// `Vessel Year of Build …`.
    VesselBuilt(String),
    /// Any other labelled fact, by its label.
    Property(String, String),
    /// Free text, or an item that could not be read, verbatim.
    Free(String),
}

/// Splits the remarks into items: on `; ` and bare `;`, after dropping the
/// one final `.`. Empty items are skipped.
pub(crate) fn split_items(text: &str) -> impl Iterator<Item = &str> {
    let text = text.trim();
    let text = text.strip_suffix('.').unwrap_or(text);
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// Reads every item of a remarks field.
pub(crate) fn parse_remarks(text: &str) -> Vec<Remark> {
    split_items(text).map(parse_item).collect()
}

/// Reads one item (without its `; ` separator).
pub(crate) fn parse_item(item: &str) -> Remark {
    let free = || Remark::Free(item.to_string());
    let body = strip_alt(item);

    for (prefix, kind) in [
        ("a.k.a. ", NameKind::Aka),
        ("f.k.a. ", NameKind::Fka),
        ("n.k.a. ", NameKind::Nka),
        ("d.b.a. ", NameKind::Aka),
    ] {
        if let Some(rest) = body.strip_prefix(prefix) {
            let name = strip_one_quote(rest.trim());
            if name.trim().is_empty() {
                return free();
            }
            return Remark::WeakAlias(kind, name.to_string());
        }
    }
    if let Some(rest) = body.strip_prefix("Linked To:") {
        let name = rest.trim();
        return if name.is_empty() {
            free()
        } else {
            Remark::LinkedTo(name.to_string())
        };
    }
    if let Some(rest) = label_value(body, "DOB") {
        return parse_ofac_date(rest).map_or_else(free, Remark::BirthDate);
    }
    if let Some(rest) = label_value(body, "POB") {
        return Remark::BirthPlace(place(rest));
    }
    if let Some(rest) = label_value(body, "nationality") {
        return match country_with_qualifier(rest) {
            Some((country, qualified)) => Remark::Nationality {
                country,
                text: rest.to_string(),
                qualified,
            },
            None => free(),
        };
    }
    if let Some(rest) = label_value(body, "citizen") {
        return match country_with_qualifier(rest) {
            Some((country, qualified)) => Remark::Citizenship {
                country,
                text: rest.to_string(),
                qualified,
            },
            None => free(),
        };
    }
    if let Some(rest) = label_value(body, "Gender") {
        return match rest.to_ascii_lowercase().as_str() {
            "male" => Remark::Gender(Gender::Male),
            "female" => Remark::Gender(Gender::Female),
            _ => Remark::Property("Gender".to_string(), rest.to_string()),
        };
    }
    if let Some(rest) = label_value(body, "Organization Established Date") {
        return match parse_ofac_date(rest) {
            Some(d) => Remark::Established(d),
            None => Remark::Property("Organization Established Date".into(), rest.into()),
        };
    }
    if let Some(rest) = label_value(body, "Aircraft Model") {
        return Remark::AircraftModel(rest.to_string());
    }
    if let Some(rest) = label_value(body, "Aircraft Operator") {
        return Remark::AircraftOperator(rest.to_string());
    }
    if let Some(rest) = label_value(body, "Aircraft Manufacture Date") {
        return Remark::AircraftManufactured(rest.to_string());
    }
    if let Some(rest) = label_value(body, "Vessel Year of Build") {
        return Remark::VesselBuilt(rest.to_string());
    }
    if let Some((label, kind, value)) = match_id_label(body) {
        return Remark::Identifier(identifier(label, kind, value));
    }
    if let Some((label, value)) = property(body) {
        return Remark::Property(label.to_string(), value.to_string());
    }
    free()
}

/// Applies read remarks to an entity. `title` is the CSV `Title` column:
/// free text equal to it is not repeated in the remarks.
pub(crate) fn apply(entity: &mut Entity, remarks: Vec<Remark>, titles: &[String]) {
    for remark in remarks {
        match remark {
            Remark::BirthDate(d) => {
                if !entity.birth_dates.contains(&d) {
                    entity.birth_dates.push(d);
                }
            }
            Remark::BirthPlace(p) => entity.birth_places.push(p),
            Remark::Nationality {
                country,
                text,
                qualified,
            } => {
                if !entity.nationalities.contains(&country) {
                    entity.nationalities.push(country);
                }
                if qualified {
                    entity.add_property("nationality", text);
                }
            }
            Remark::Citizenship {
                country,
                text,
                qualified,
            } => {
                if !entity.citizenships.contains(&country) {
                    entity.citizenships.push(country);
                }
                if qualified {
                    entity.add_property("citizen", text);
                }
            }
            Remark::Gender(g) => entity.gender = Some(g),
            Remark::WeakAlias(kind, full) => {
                entity.names.push(Name::new(full, kind, NameStrength::Weak));
            }
            Remark::Identifier(id) => {
                if !entity.identifiers.contains(&id) {
                    entity.identifiers.push(id);
                }
            }
            Remark::LinkedTo(name) => entity.relationships.push(Relationship {
                kind: RelationKind::LinkedTo,
                target: None,
                target_name: Some(name),
                former: false,
            }),
            Remark::Established(d) => {
                if entity.established_on.is_none() {
                    entity.established_on = Some(d);
                } else {
                    let text = d.text.clone().unwrap_or_else(|| d.to_string());
                    entity.add_property("Organization Established Date", text);
                }
            }
            Remark::AircraftModel(v) => aircraft(entity).model = Some(v),
            Remark::AircraftOperator(v) => {
                let a = aircraft(entity);
                match &mut a.operator {
                    Some(op) => {
                        op.push_str("; ");
                        op.push_str(&v);
                    }
                    None => a.operator = Some(v),
                }
            }
            Remark::AircraftManufactured(v) => aircraft(entity).manufacture_date = Some(v),
            Remark::VesselBuilt(v) => {
                entity
                    .vessel
                    .get_or_insert_with(VesselInfo::default)
                    .build_year = Some(v);
            }
            Remark::Property(label, value) => {
                if label == "Nationality of Registration" {
                    if let Some(c) = country_code(&value) {
                        entity.add_country(c);
                    }
                }
                entity.add_property(label, value);
            }
            Remark::Free(text) => {
                if !titles.iter().any(|t| t == &text) {
                    entity.remarks.push(text);
                }
            }
        }
    }
}

fn aircraft(entity: &mut Entity) -> &mut AircraftInfo {
    entity.aircraft.get_or_insert_with(AircraftInfo::default)
}

/// Drops a leading `alt. ` (`Alt. ` too), which marks second values.
fn strip_alt(item: &str) -> &str {
    item.strip_prefix("alt. ")
        .or_else(|| item.strip_prefix("Alt. "))
        .map(str::trim_start)
        .unwrap_or(item)
}

/// Strips one quote at each end, keeping inner apostrophes
/// (`'ABU-'UMAR'` gives `ABU-'UMAR`).
fn strip_one_quote(s: &str) -> &str {
    let s = s.strip_prefix('\'').unwrap_or(s);
    s.strip_suffix('\'').unwrap_or(s)
}

/// The value after `label ` (or `label:`), trimmed and non-empty.
fn label_value<'a>(item: &'a str, label: &str) -> Option<&'a str> {
    let rest = item.strip_prefix(label)?;
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim();
    (!rest.is_empty()).then_some(rest)
}

/// `Culiacan, Sinaloa, Mexico`: the country is the last comma part.
fn place(text: &str) -> Place {
    let mut parts = text.rsplitn(3, ',');
    let last = parts.next().unwrap_or(text);
    let country = loose_country(last).or_else(|| {
        // `Pyongyang, Korea, North`: the country itself has a comma.
        let before = parts.next()?;
        country_code(&format!("{before},{last}"))
    });
    Place {
        text: text.to_string(),
        country,
    }
}

/// `Israel`, `possibly Palestinian`, `Korea, North`.
fn country_with_qualifier(text: &str) -> Option<(CountryCode, bool)> {
    if let Some(c) = loose_country(text) {
        return Some((c, false));
    }
    for q in ["possibly ", "probably ", "reportedly ", "allegedly "] {
        if let Some(rest) = text.strip_prefix(q) {
            return loose_country(rest).map(|c| (c, true));
        }
    }
    None
}

/// A country name, also as `Region: Gaza` or `North Macedonia, The
/// Republic of` (the part before the comma).
fn loose_country(text: &str) -> Option<CountryCode> {
    let text = text.strip_prefix("Region:").map(str::trim).unwrap_or(text);
    country_code(text).or_else(|| {
        let (head, _) = text.split_once(',')?;
        country_code(head)
    })
}

/// `<number>[ (<Country>)][ issued <date>][ expires <date>]` for documents;
/// contact details and addresses are kept whole.
fn identifier(label: &str, kind: IdentifierKind, value: &str) -> Identifier {
    use IdentifierKind::*;
    let mut id = Identifier::new(kind, label, value);
    match kind {
        CryptoAddress => {
            id.currency = crypto_currency(label).map(str::to_string);
            return id;
        }
        Email | Website | Phone => return id,
        _ => {}
    }
    let mut rest = value;
    let mut notes: Vec<String> = Vec::new();
    if let Some(i) = rest.rfind(" expires ") {
        let date = &rest[i + " expires ".len()..];
        match parse_ofac_date(date) {
            Some(d) => id.expires = Some(d),
            None => notes.push(format!("expires {date}")),
        }
        rest = &rest[..i];
    }
    if let Some(i) = rest.rfind(" issued ") {
        let date = &rest[i + " issued ".len()..];
        match parse_ofac_date(date) {
            Some(d) => id.issued = Some(d),
            None => notes.push(format!("issued {date}")),
        }
        rest = &rest[..i];
    }
    let rest = rest.trim();
    if let Some((number, country, others)) = trailing_country(rest) {
        id.value = number.to_string();
        id.country = Some(country);
        if !others.is_empty() {
            notes.insert(0, others.to_string());
        }
    } else {
        id.value = rest.to_string();
    }
    if kind == Imo {
        if let Some(n) = id.value.strip_prefix("IMO ") {
            id.value = n.trim().to_string();
        }
    }
    if id.value.is_empty() {
        id.value = value.to_string();
    }
    if !notes.is_empty() {
        id.note = Some(notes.join("; "));
    }
    id
}

/// `HRA 738077 (Stuttgart) (Germany)` gives (`HRA 738077`, DE,
/// `Stuttgart`): the last parenthesis names the country.
fn trailing_country(text: &str) -> Option<(&str, CountryCode, &str)> {
    let body = text.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let country = country_code(&body[open + 1..])?;
    let before = text[..open].trim_end();
    // Further parenthesised groups before the country are notes.
    let mut number_end = before.len();
    while before[..number_end].ends_with(')') {
        match before[..number_end].rfind('(') {
            Some(o) if o > 0 => number_end = before[..o].trim_end().len(),
            _ => break,
        }
    }
    let number = before[..number_end].trim();
    if number.is_empty() {
        return Some((before, country, ""));
    }
    Some((number, country, before[number_end..].trim()))
}

/// Other labelled facts: by known label, or a qualified date label.
fn property(item: &str) -> Option<(&str, &str)> {
    let mut best: Option<&str> = None;
    for label in PROPERTY_LABELS {
        if item.len() > label.len()
            && item.starts_with(label)
            && item.as_bytes()[label.len()] == b' '
            && best.is_none_or(|b| label.len() > b.len())
        {
            best = Some(label);
        }
    }
    if let Some(label) = best {
        let value = item[label.len()..].trim();
        return (!value.is_empty()).then_some((label, value));
    }
    for prefix in DATED_PREFIXES {
        if item.starts_with(prefix) {
            let close = item.find(')')?;
            let mut end = close + 1;
            if item[end..].starts_with(':') {
                end += 1;
            }
            let value = item[end..].trim();
            return (!value.is_empty()).then_some((&item[..end], value));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use denylist_model::{EntityId, Schema};

    fn cc(code: &str) -> CountryCode {
        CountryCode::new(code).unwrap()
    }

    fn entity(remarks: &str) -> Entity {
        let id: EntityId = "us-ofac-sdn:1".parse().unwrap();
        let mut e = Entity::new(id, Schema::Person);
        apply(&mut e, parse_remarks(remarks), &[]);
        e
    }

    #[test]
    fn dilian_full_remarks() {
        let e = entity(
            "DOB 21 Aug 1961; POB Israel; nationality Israel; citizen Israel; alt. citizen \
             Malta; Gender Male; Passport 22540627 (Israel); National ID No. 57053795 \
             (Israel); alt. National ID No. 057053795 (Israel).",
        );
        assert_eq!(e.birth_dates.len(), 1);
        assert_eq!(e.birth_dates[0].to_string(), "1961-08-21");
        assert_eq!(e.birth_places[0].text, "Israel");
        assert_eq!(e.birth_places[0].country, Some(cc("IL")));
        assert_eq!(e.nationalities, vec![cc("IL")]);
        assert_eq!(e.citizenships, vec![cc("IL"), cc("MT")]);
        assert_eq!(e.gender, Some(Gender::Male));
        let pass = &e.identifiers[0];
        assert_eq!(
            (pass.kind, pass.label.as_str(), pass.value.as_str()),
            (IdentifierKind::Passport, "Passport", "22540627")
        );
        assert_eq!(pass.country, Some(cc("IL")));
        let ids: Vec<&str> = e
            .identifiers
            .iter()
            .filter(|i| i.kind == IdentifierKind::NationalId)
            .map(|i| i.value.as_str())
            .collect();
        assert_eq!(ids, ["57053795", "057053795"]);
        assert!(e.remarks.is_empty(), "{:?}", e.remarks);
        assert!(e.properties.is_empty());
    }

    #[test]
    fn weak_alias_keeps_inner_apostrophes() {
        let e = entity("a.k.a. 'ABU-'UMAR'; f.k.a. 'ANA I'; n.k.a. 'LGOK'; a.k.a. ''FUPI''.");
        let names: Vec<(&str, NameKind, NameStrength)> = e
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.kind, n.strength))
            .collect();
        assert_eq!(
            names,
            [
                ("ABU-'UMAR", NameKind::Aka, NameStrength::Weak),
                ("ANA I", NameKind::Fka, NameStrength::Weak),
                ("LGOK", NameKind::Nka, NameStrength::Weak),
                ("'FUPI'", NameKind::Aka, NameStrength::Weak),
            ]
        );
    }

    #[test]
    fn passport_with_hijri_date_and_issue_date() {
        let Remark::Identifier(id) =
            parse_item("Passport C 1415363 - 16/2/1421H issued 21 May 2000")
        else {
            panic!("not an identifier");
        };
        assert_eq!(id.value, "C 1415363 - 16/2/1421H");
        assert_eq!(id.issued.unwrap().to_string(), "2000-05-21");
        assert_eq!(id.country, None);
        let Remark::Identifier(id) =
            parse_item("Passport G025057 issued 23 Jun 1999 expires 05 Feb 2004")
        else {
            panic!("not an identifier");
        };
        assert_eq!(id.value, "G025057");
        assert_eq!(id.issued.unwrap().to_string(), "1999-06-23");
        assert_eq!(id.expires.unwrap().to_string(), "2004-02-05");
        let Remark::Identifier(id) = parse_item("Passport D366 871 (Jordan)") else {
            panic!("not an identifier");
        };
        assert_eq!(
            (id.value.as_str(), id.country),
            ("D366 871", Some(cc("JO")))
        );
    }

    #[test]
    fn registration_country_is_the_last_parenthesis() {
        let Remark::Identifier(id) =
            parse_item("Registration Number HRA 738077 (Stuttgart) (Germany)")
        else {
            panic!("not an identifier");
        };
        assert_eq!(id.kind, IdentifierKind::Registration);
        assert_eq!(id.value, "HRA 738077");
        assert_eq!(id.country, Some(cc("DE")));
        assert_eq!(id.note.as_deref(), Some("(Stuttgart)"));
        let Remark::Identifier(id) = parse_item("Tax ID No. 100036386 (Serbia)") else {
            panic!("not an identifier");
        };
        assert_eq!(
            (id.kind, id.value.as_str()),
            (IdentifierKind::TaxId, "100036386")
        );
        assert_eq!(id.country, Some(cc("RS")));
    }

    #[test]
    fn digital_currency_address() {
        let Remark::Identifier(id) =
            parse_item("alt. Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h")
        else {
            panic!("not an identifier");
        };
        assert_eq!(id.kind, IdentifierKind::CryptoAddress);
        assert_eq!(id.label, "Digital Currency Address - XBT");
        assert_eq!(id.currency.as_deref(), Some("XBT"));
        assert_eq!(id.value, "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h");
    }

    #[test]
    fn every_dob_form() {
        let e = entity(
            "DOB 10 Dec 1948; alt. DOB 1946; alt. DOB Sep 1938; alt. DOB circa 1951; alt. DOB \
             1951 to 1953; alt. DOB 01 Jan 1961 to 31 Dec 1962; alt. DOB Mar 1962 to Feb 1963; \
             alt. DOB circa 07 Jul 1966; alt. DOB circa 1979-1982.",
        );
        let got: Vec<String> = e.birth_dates.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            got,
            [
                "1948-12-10",
                "1946",
                "1938-09",
                "circa 1951",
                "1951 to 1953",
                "1961-01-01 to 1962-12-31",
                "1962-03 to 1963-02",
                "circa 1966-07-07",
                "circa 1979 to 1982",
            ]
        );
        assert!(e.remarks.is_empty());
    }

    #[test]
    fn bare_semicolon_separates_items() {
        let e = entity("nationality possibly Palestinian;arrested 23 Apr 2002.");
        assert_eq!(e.nationalities, vec![cc("PS")]);
        assert_eq!(e.properties["nationality"], ["possibly Palestinian"]);
        assert_eq!(e.remarks, ["arrested 23 Apr 2002"]);
    }

    #[test]
    fn vessel_and_contact_items() {
        let id: EntityId = "us-ofac-sdn:2".parse().unwrap();
        let mut e = Entity::new(id, Schema::Vessel);
        let items = parse_remarks(
            "Vessel Registration Identification IMO 7406784; MMSI 572469210; Vessel Year of \
             Build 1995; Former Vessel Flag Malta; Email Address info@arrai.tv; Website \
             http://www.example.com; Telephone (357)(22660766); SWIFT/BIC HAVIGB2L.",
        );
        apply(&mut e, items, &[]);
        let ids: Vec<(IdentifierKind, &str)> = e
            .identifiers
            .iter()
            .map(|i| (i.kind, i.value.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                (IdentifierKind::Imo, "7406784"),
                (IdentifierKind::Mmsi, "572469210"),
                (IdentifierKind::Email, "info@arrai.tv"),
                (IdentifierKind::Website, "http://www.example.com"),
                (IdentifierKind::Phone, "(357)(22660766)"),
                (IdentifierKind::SwiftBic, "HAVIGB2L"),
            ]
        );
        assert_eq!(e.vessel.unwrap().build_year.as_deref(), Some("1995"));
        assert_eq!(e.properties["Former Vessel Flag"], ["Malta"]);
    }

    #[test]
    fn aircraft_items() {
        let id: EntityId = "us-ofac-sdn:3".parse().unwrap();
        let mut e = Entity::new(id, Schema::Aircraft);
        let items = parse_remarks(
            "Aircraft Construction Number (also called L/N or S/N or F/N) 8401; Aircraft \
             Manufacture Date 01 Dec 1992; Aircraft Model IL-76; Aircraft Operator YAS AIR; \
             Aircraft Manufacturer's Serial Number (MSN) 1013409297; Aircraft Tail Number EP-GOL.",
        );
        apply(&mut e, items, &[]);
        let a = e.aircraft.as_ref().unwrap();
        assert_eq!(a.model.as_deref(), Some("IL-76"));
        assert_eq!(a.operator.as_deref(), Some("YAS AIR"));
        assert_eq!(a.manufacture_date.as_deref(), Some("01 Dec 1992"));
        let kinds: Vec<(IdentifierKind, &str)> = e
            .identifiers
            .iter()
            .map(|i| (i.kind, i.value.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (IdentifierKind::Other, "8401"),
                (IdentifierKind::AircraftSerial, "1013409297"),
                (IdentifierKind::AircraftTail, "EP-GOL"),
            ]
        );
    }

    #[test]
    fn labelled_facts_become_properties() {
        let e = entity(
            "Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by \
             Executive Order 13886; Additional Sanctions Information - Subject to Secondary \
             Sanctions; Target Type State-Owned Enterprise; Organization Type: Activities of \
             holding companies; Listing Date (EO 14024 Directive 2): 24 Feb 2022; Organization \
             Established Date 19 Nov 1991; Linked To: HIZBALLAH; all offices worldwide.",
        );
        assert_eq!(
            e.properties["Secondary sanctions risk:"],
            ["section 1(b) of Executive Order 13224, as amended by Executive Order 13886"]
        );
        assert_eq!(
            e.properties["Additional Sanctions Information -"],
            ["Subject to Secondary Sanctions"]
        );
        assert_eq!(e.properties["Target Type"], ["State-Owned Enterprise"]);
        assert_eq!(
            e.properties["Organization Type:"],
            ["Activities of holding companies"]
        );
        assert_eq!(
            e.properties["Listing Date (EO 14024 Directive 2):"],
            ["24 Feb 2022"]
        );
        assert_eq!(e.established_on.as_ref().unwrap().to_string(), "1991-11-19");
        assert_eq!(e.relationships[0].kind, RelationKind::LinkedTo);
        assert_eq!(e.relationships[0].target_name.as_deref(), Some("HIZBALLAH"));
        assert_eq!(e.remarks, ["all offices worldwide"]);
    }

    #[test]
    fn unreadable_items_are_kept_as_remarks() {
        let e =
            entity("DOB sometime in the 60s; nationality Atlantis; POB Culiacan, Sinaloa, Mexico.");
        assert_eq!(
            e.remarks,
            ["DOB sometime in the 60s", "nationality Atlantis"]
        );
        assert_eq!(e.birth_places[0].text, "Culiacan, Sinaloa, Mexico");
        assert_eq!(e.birth_places[0].country, Some(cc("MX")));
        let e =
            entity("POB Pyongyang, Korea, North; nationality North Macedonia, The Republic of.");
        assert_eq!(e.birth_places[0].country, Some(cc("KP")));
        assert_eq!(e.nationalities, [cc("MK")]);
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_without_panic(text in "\\PC{0,200}") {
            let _ = entity(&text);
        }

        #[test]
        fn remark_like_text_reads_without_panic(
            items in proptest::collection::vec(
                "(alt\\. )?(DOB|POB|nationality|Passport|Linked To:|a\\.k\\.a\\.|Registration Number|Digital Currency Address - XBT|Listing Date \\(|Gender) ?[ -~]{0,30}",
                0..8,
            )
        ) {
            let _ = entity(&items.join("; "));
        }
    }

    #[test]
    fn title_is_not_repeated_in_remarks() {
        let id: EntityId = "us-ofac-sdn:4".parse().unwrap();
        let mut e = Entity::new(id, Schema::Person);
        let titles = vec!["Minister of Defense".to_string()];
        apply(
            &mut e,
            parse_remarks("Minister of Defense; DOB 1950."),
            &titles,
        );
        assert!(e.remarks.is_empty());
    }
}
