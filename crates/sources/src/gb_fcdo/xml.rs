//! The UK Sanctions List XML (`UK-Sanctions-List.xml`): root
//! `Designations`, one `Designation` per listed party.
//!
//! Each `Designation` is read into a small element tree ([`Node`]); fields
//! are found by element name anywhere below it, so wrapper elements that
//! drift (`IndividualDetails/Individual`, `ShipDetails/Ship`) do not matter.
//! Mapping: `UniqueID` → id; `IndividualEntityShip` → schema; each
//! `Names/Name` is a name (`Name1`…`Name5` given and middle, `Name6` family
//! or entity name) whose `NameType` (Primary Name / Primary name variation
//! / Alias, any case) gives the kind and `AliasStrength` (`Good quality
//! a.k.a` / `Low quality a.k.a`) the strength; `NameNonLatinScript` is an
//! original-script name; `DOB` `12/11/1967`, `dd/09/1958` (month),
//! `dd/mm/1968` or `1985` (year); `Nationality`, `PassportNumber` (+
//! `PassportAdditionalInformation`), `NationalIdentifierNumber`,
//! `Position`, `TownOfBirth`/`CountryOfBirth`, `Gender`, `Address` lines,
//! `IMONumber` and ship particulars, `BusinessRegistrationNumber`, phone,
//! e-mail and website; `RegimeName` → program, `DateDesignated` →
//! `listed_on`; `OFSIGroupID`, `UNReferenceNumber`, `LastUpdated`,
//! `DesignationSource`, `SanctionsImposed` (`|`-joined) → properties;
//! `OtherInformation` and `UKStatementofReasons` → remarks.

use chrono::NaiveDate;
use denylist_model::{
    country_code, Address, Entity, EntityId, FuzzyDate, Gender, Identifier, IdentifierKind, Name,
    NameKind, NamePartKind, NameStrength, PartialDate, Place, Schema, SourceId, VesselInfo,
};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

/// The FCDO XML format.
pub(crate) struct FcdoXml;

const FORMAT_ID: &str = "gb-fcdo-xml";

impl Format for FcdoXml {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        super::SOURCE
    }

    fn description(&self) -> &'static str {
        "FCDO UK Sanctions List, XML (UK-Sanctions-List.xml)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(2048);
        head.contains("<Designations") && head.contains("<Designation")
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, FORMAT_ID)?;
        let name = file.name.as_str();
        let designations = read_designations(file)?;
        let source = match &options.source {
            Some(s) => s.clone(),
            None => SourceId::new(super::SOURCE).map_err(|e| ParseError::FileSet {
                message: e.to_string(),
            })?,
        };
        let mut warnings = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut entities = Vec::new();
        for d in &designations {
            if let Some(e) = to_entity(&source, name, d, &mut warnings) {
                if seen.insert(e.id.clone()) {
                    entities.push(e);
                } else {
                    warnings.push(Warning::new(
                        name,
                        Some(d.line),
                        format!("duplicate UniqueID {}; skipped", e.id),
                    ));
                }
            }
        }
        Ok(ParsedList {
            source,
            format: FORMAT_ID,
            published: options.as_of,
            entities,
            warnings,
            record_count: designations.len(),
        })
    }
}

/// An element: its local name, text, children and line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Node {
    /// Local name.
    pub name: String,
    /// Text content (trimmed when read).
    pub text: String,
    /// Child elements.
    pub children: Vec<Node>,
    /// 1-based line of the start tag.
    pub line: u64,
}

impl Node {
    /// Every descendant named `name`, in document order.
    fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            c.all(name, out);
        }
    }

    fn find_all(&self, name: &str) -> Vec<&Node> {
        let mut out = Vec::new();
        self.all(name, &mut out);
        out
    }

    /// The text of the first descendant named `name`.
    fn text_of(&self, name: &str) -> &str {
        self.find_all(name)
            .into_iter()
            .map(|n| n.text.as_str())
            .find(|t| !t.is_empty())
            .unwrap_or("")
    }

    /// The text of a direct child.
    fn child(&self, name: &str) -> &str {
        self.children
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.text.as_str())
            .unwrap_or("")
    }

    /// The non-empty texts of every descendant named `name`.
    fn texts(&self, name: &str) -> Vec<&str> {
        self.find_all(name)
            .into_iter()
            .map(|n| n.text.as_str())
            .filter(|t| !t.is_empty())
            .collect()
    }
}

fn read_designations(file: &InputFile) -> Result<Vec<Node>, ParseError> {
    let name = file.name.as_str();
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&file.bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        ParseError::at_line(name, line, format!("not UTF-8: {e}"))
    })?;
    let line_at = |pos: u64| -> u64 {
        let end = (pos as usize).min(bytes.len());
        bytes[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
    };
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    let mut out = Vec::new();
    let mut saw_root = false;
    loop {
        let ev = reader.read_event().map_err(|e| {
            ParseError::at_line(name, line_at(reader.error_position()), format!("XML: {e}"))
        })?;
        match ev {
            Event::Start(e) => {
                let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if stack.is_empty() {
                    if local != "Designations" {
                        return Err(ParseError::at_path(
                            name,
                            Some(line_at(reader.buffer_position())),
                            local,
                            "root element is not Designations",
                        ));
                    }
                    saw_root = true;
                }
                // Only Designation subtrees are kept; the line is counted
                // for Designation starts only.
                let line = if stack.len() == 1 {
                    line_at(reader.buffer_position())
                } else {
                    0
                };
                stack.push(Node {
                    name: local,
                    line,
                    ..Node::default()
                });
            }
            Event::Empty(e) => {
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node {
                        name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                        ..Node::default()
                    });
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.decode().unwrap_or_default());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match r.as_ref() {
                            b"amp" => Some('&'),
                            b"lt" => Some('<'),
                            b"gt" => Some('>'),
                            b"quot" => Some('"'),
                            b"apos" => Some('\''),
                            _ => None,
                        },
                    };
                    top.text.extend(c);
                }
            }
            Event::End(_) => {
                if let Some(mut node) = stack.pop() {
                    node.text = node.text.trim().to_string();
                    match stack.len() {
                        0 => {}
                        1 => {
                            if node.name == "Designation" {
                                out.push(node);
                            }
                        }
                        _ => {
                            if let Some(parent) = stack.last_mut() {
                                parent.children.push(node);
                            }
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() || !saw_root {
        return Err(ParseError::Truncated {
            file: name.to_string(),
            line: Some(line_at(bytes.len() as u64)),
            message: if saw_root {
                "Designations is not closed".to_string()
            } else {
                "no Designations element".to_string()
            },
        });
    }
    Ok(out)
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

fn dmy(s: &str) -> Option<FuzzyDate> {
    let d = NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(s.trim(), "%d-%m-%Y"))
        .ok()?;
    Some(FuzzyDate::on(PartialDate::from_naive(d)))
}

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

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

fn to_entity(
    source: &SourceId,
    file: &str,
    d: &Node,
    warnings: &mut Vec<Warning>,
) -> Option<Entity> {
    let line = Some(d.line);
    let uid = d.child("UniqueID");
    let Ok(id) = EntityId::new(source, uid) else {
        warnings.push(Warning::new(
            file,
            line,
            format!("bad or missing UniqueID {uid:?}; skipped"),
        ));
        return None;
    };
    let kind = d.text_of("IndividualEntityShip");
    let schema = Schema::parse(kind).unwrap_or_else(|| {
        warnings.push(Warning::new(
            file,
            line,
            format!("unknown IndividualEntityShip {kind:?}; read as Organization"),
        ));
        Schema::Organization
    });
    let mut e = Entity::new(id, schema);
    for n in d.find_all("Name") {
        let parts: Vec<&str> = ["Name1", "Name2", "Name3", "Name4", "Name5", "Name6"]
            .iter()
            .map(|p| n.child(p))
            .collect();
        let full = parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        if full.is_empty() {
            continue;
        }
        let name_type = n.child("NameType").to_lowercase();
        let kind = match name_type.as_str() {
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
        let quality = n.child("AliasStrength").to_lowercase();
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
        for (i, p) in parts.iter().enumerate() {
            let pk = match i {
                0 => NamePartKind::Given,
                5 if schema == Schema::Person => NamePartKind::Family,
                5 => NamePartKind::Whole,
                _ => NamePartKind::Middle,
            };
            name = name.with_part(pk, *p);
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
    for t in d.texts("NameNonLatinScript") {
        let mut n = Name::new(t, NameKind::OriginalScript, NameStrength::Unknown);
        n.script = script_of(t).map(str::to_string);
        if !e.names.iter().any(|x| x.full == n.full) {
            e.names.push(n);
        }
    }
    if e.names.is_empty() {
        warnings.push(Warning::new(file, line, "designation has no name; skipped"));
        return None;
    }
    for dob in d.texts("DOB") {
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
    for nat in d.texts("Nationality") {
        match country_code(nat) {
            Some(c) => push_unique(&mut e.nationalities, c),
            None => e.add_property("Nationality", nat),
        }
    }
    for g in d.texts("Gender") {
        match g.to_lowercase().as_str() {
            "male" => e.gender = Some(Gender::Male),
            "female" => e.gender = Some(Gender::Female),
            _ => e.add_property("Gender", g),
        }
    }
    for p in d.texts("Position") {
        push_unique(&mut e.titles, p.to_string());
    }
    for loc in d.find_all("Location") {
        let town = loc.child("TownOfBirth");
        let country = loc.child("CountryOfBirth");
        let text = [town, country]
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
    let docs = [
        (
            "PassportDetail",
            "PassportNumber",
            "PassportAdditionalInformation",
            IdentifierKind::Passport,
            "Passport",
        ),
        (
            "NationalIdentifier",
            "NationalIdentifierNumber",
            "NationalIdentifierAdditionalInformation",
            IdentifierKind::NationalId,
            "National Identifier",
        ),
    ];
    for (wrapper, number, info, kind, label) in docs {
        for doc in d.find_all(wrapper) {
            let value = doc.child(number).trim();
            if value.is_empty() {
                continue;
            }
            let mut id = Identifier::new(kind, label, value);
            let note = doc.child(info);
            if !note.is_empty() {
                id.note = Some(note.to_string());
            }
            push_unique(&mut e.identifiers, id);
        }
    }
    for (tag, kind, label) in [
        ("IMONumber", IdentifierKind::Imo, "IMO number"),
        (
            "BusinessRegistrationNumber",
            IdentifierKind::Registration,
            "Business registration number",
        ),
        ("PhoneNumber", IdentifierKind::Phone, "Phone number"),
        ("EmailAddress", IdentifierKind::Email, "Email address"),
        ("Website", IdentifierKind::Website, "Website"),
    ] {
        for v in d.texts(tag) {
            push_unique(&mut e.identifiers, Identifier::new(kind, label, v));
        }
    }
    if schema == Schema::Vessel || !d.find_all("ShipDetails").is_empty() {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let flag = d.text_of("CurrentBelievedFlagOfShip");
        let v = VesselInfo {
            vessel_type: some(d.text_of("TypeOfShip")),
            flag_name: some(flag),
            flag: country_code(flag),
            owner: some(d.text_of("CurrentOwnerOperator")),
            tonnage: some(d.text_of("TonnageOfShip")),
            gross_registered_tonnage: None,
            build_year: some(d.text_of("YearBuilt")),
        };
        if v != VesselInfo::default() {
            e.vessel = Some(v);
        }
    }
    for a in d.find_all("Address") {
        let street: Vec<String> = (1..=6)
            .map(|i| a.child(&format!("AddressLine{i}")))
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let postal = a.child("AddressPostalCode");
        let country = a.child("AddressCountry");
        let address = Address {
            street,
            postal_code: (!postal.is_empty()).then(|| postal.to_string()),
            country_name: (!country.is_empty()).then(|| country.to_string()),
            country: country_code(country),
            ..Address::default()
        };
        if address != Address::default() {
            push_unique(&mut e.addresses, address);
        }
    }
    let regime = d.child("RegimeName");
    if !regime.is_empty() {
        e.programs.push(regime.to_string());
    }
    let designated = d.child("DateDesignated");
    if !designated.is_empty() {
        match dmy(designated) {
            Some(date) => e.listed_on = Some(date),
            None => warnings.push(Warning::new(
                file,
                line,
                format!("DateDesignated {designated:?} is not DD/MM/YYYY; dropped"),
            )),
        }
    }
    for tag in [
        "OFSIGroupID",
        "UNReferenceNumber",
        "LastUpdated",
        "DesignationSource",
    ] {
        let v = d.child(tag);
        if !v.is_empty() {
            e.add_property(tag, v);
        }
    }
    for s in d.child("SanctionsImposed").split('|') {
        if !s.trim().is_empty() {
            e.add_property("SanctionsImposed", s.trim());
        }
    }
    for t in d.texts("TypeOfEntity") {
        e.add_property("TypeOfEntity", t);
    }
    for tag in ["OtherInformation", "UKStatementofReasons"] {
        let v = d.child(tag);
        if !v.is_empty() {
            e.remarks.push(v.to_string());
        }
    }
    Some(e)
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
}
