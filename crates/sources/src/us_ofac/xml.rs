//! OFAC legacy XML: `SDN.XML` and `CONSOLIDATED.XML` (root `sdnList`).
//!
//! Each `sdnEntry` is read into an [`OfacRecord`] (names from `lastName`,
//! `firstName` and `akaList`, labelled facts from `idList`, lists of birth
//! dates, places, nationalities, citizenships and addresses) and mapped by
//! [`xml_record`](super::xml_record), as the other OFAC formats are.

use chrono::NaiveDate;
use denylist_model::{Address, Name, NameStrength, Schema, VesselInfo};

use super::labels;
use super::xml_common::{choose_source, root_name, source_from_name, Node, XmlReader};
use super::xml_record::{
    alias_kind, country, legacy_parts, ofac_full_name, resolve_links, to_entity, Fact, OfacRecord,
};
use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

/// `SDN.XML` / `CONSOLIDATED.XML`.
pub(crate) struct OfacXml;

/// The format instance for the registry.
pub(crate) static FORMAT: OfacXml = OfacXml;

impl Format for OfacXml {
    fn id(&self) -> &'static str {
        "us-ofac-xml"
    }

    fn default_source(&self) -> &'static str {
        "us-ofac-sdn"
    }

    fn description(&self) -> &'static str {
        "OFAC SDN.XML / CONSOLIDATED.XML (legacy XML, root sdnList)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        root_name(file).as_deref() == Some("sdnList")
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, self.id())?.non_empty()?;
        let source = choose_source(options, source_from_name(file), file)?;
        let mut reader = XmlReader::new(file);
        let mut list = ParsedList {
            source,
            format: self.id(),
            published: None,
            entities: Vec::new(),
            warnings: Vec::new(),
            record_count: 0,
        };
        let mut stated_count: Option<usize> = None;
        let mut seen = std::collections::HashSet::new();
        let mut root_seen = false;
        while let Some(start) = reader.next_start()? {
            if start.depth == 1 {
                if start.name != "sdnList" {
                    return Err(ParseError::at_path(
                        reader.file(),
                        Some(1),
                        start.name.clone(),
                        "root element is not sdnList",
                    ));
                }
                root_seen = true;
                continue;
            }
            if start.depth != 2 {
                continue;
            }
            match start.name.as_str() {
                "publshInformation" | "publishInformation" => {
                    let node = reader.read_node(start)?;
                    if let Some(d) = node.child_value("Publish_Date") {
                        list.published = parse_us_date(d);
                        if list.published.is_none() {
                            list.warnings.push(Warning::new(
                                reader.file(),
                                Some(reader.line_of(node.offset)),
                                format!("unreadable Publish_Date {d:?}"),
                            ));
                        }
                    }
                    stated_count = node
                        .child_value("Record_Count")
                        .and_then(|c| c.parse().ok());
                }
                "sdnEntry" => {
                    let node = reader.read_node(start)?;
                    list.record_count += 1;
                    let line = reader.line_of(node.offset);
                    let Some(rec) = read_entry(&node, line, reader.file(), &mut list.warnings)
                    else {
                        continue;
                    };
                    if !seen.insert(rec.uid.clone()) {
                        list.warnings.push(Warning::new(
                            reader.file(),
                            Some(line),
                            format!(
                                "sdnEntry uid {} repeated; the later one is skipped",
                                rec.uid
                            ),
                        ));
                        continue;
                    }
                    match to_entity(&list.source, rec) {
                        Ok(e) => list.entities.push(e),
                        Err(msg) => {
                            list.warnings
                                .push(Warning::new(reader.file(), Some(line), msg))
                        }
                    }
                }
                _ => {}
            }
        }
        if !root_seen {
            return Err(ParseError::at_line(reader.file(), 1, "no sdnList element"));
        }
        resolve_links(&mut list.entities);
        if let Some(n) = stated_count {
            if n != list.record_count {
                list.warnings.push(Warning::new(
                    reader.file(),
                    None,
                    format!(
                        "Record_Count says {n} entries, the file has {}",
                        list.record_count
                    ),
                ));
            }
        }
        if list.published.is_none() {
            list.published = options.as_of;
        }
        Ok(list)
    }
}

/// `MM/DD/YYYY`.
fn parse_us_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%m/%d/%Y").ok()
}

/// Reads one `sdnEntry`; `None` (with a warning) when it has no uid or name.
fn read_entry(
    node: &Node,
    line: u64,
    file: &str,
    warnings: &mut Vec<Warning>,
) -> Option<OfacRecord> {
    let Some(uid) = node.child_value("uid") else {
        warnings.push(Warning::new(
            file,
            Some(line),
            "sdnEntry without uid skipped",
        ));
        return None;
    };
    let Some(last) = node.child_value("lastName") else {
        warnings.push(Warning::new(
            file,
            Some(line),
            format!("sdnEntry uid {uid} has no lastName; skipped"),
        ));
        return None;
    };
    let type_word = node.child_value("sdnType").unwrap_or("Entity");
    let schema = labels::schema(type_word).unwrap_or_else(|| {
        warnings.push(Warning::new(
            file,
            Some(line),
            format!("sdnEntry uid {uid}: unknown sdnType {type_word:?}, read as an entity"),
        ));
        Schema::Organization
    });
    let mut rec = OfacRecord::new(uid, line, schema);
    let first = node.child_value("firstName");
    rec.names.push(legacy_parts(
        Name::primary(ofac_full_name(last, first)),
        schema,
    ));
    for aka in node.list("akaList", "aka") {
        let Some(a_last) = aka.child_value("lastName").or(aka.child_value("firstName")) else {
            warnings.push(Warning::new(
                file,
                Some(line),
                format!(
                    "sdnEntry uid {}: aka {} has no name; skipped",
                    rec.uid,
                    aka.child_value("uid").unwrap_or("?")
                ),
            ));
            continue;
        };
        let a_first = aka
            .child_value("lastName")
            .and(aka.child_value("firstName"));
        let kind = alias_kind(aka.child_value("type").unwrap_or("a.k.a."));
        let full = ofac_full_name(a_last, a_first);
        let weak = aka
            .child_value("category")
            .is_some_and(|c| c.eq_ignore_ascii_case("weak"));
        // Weak aliases come from the CSV remarks, without parts.
        rec.names.push(if weak {
            Name::new(full, kind, NameStrength::Weak)
        } else {
            legacy_parts(Name::new(full, kind, NameStrength::Strong), schema)
        });
    }
    if let Some(t) = node.child_value("title") {
        rec.titles.push(t.to_string());
    }
    for p in node.list("programList", "program") {
        if let Some(v) = p.value() {
            rec.programs.push(v.to_string());
        }
    }
    for id in node.list("idList", "id") {
        let Some(label) = id.child_value("idType") else {
            continue;
        };
        let mut fact = Fact::new(label, id.child_value("idNumber").unwrap_or(""));
        fact.country = id.child_value("idCountry").map(str::to_string);
        fact.issued = id.child_value("issueDate").map(str::to_string);
        fact.expires = id.child_value("expirationDate").map(str::to_string);
        rec.facts.push(fact);
    }
    // The lists hold what the CSV writes as remark items.
    for (list, item, field, label) in [
        ("dateOfBirthList", "dateOfBirthItem", "dateOfBirth", "DOB"),
        (
            "placeOfBirthList",
            "placeOfBirthItem",
            "placeOfBirth",
            "POB",
        ),
        ("nationalityList", "nationality", "country", "nationality"),
        ("citizenshipList", "citizenship", "country", "citizen"),
    ] {
        for n in node.list(list, item) {
            if let Some(v) = n.child_value(field) {
                rec.facts.push(Fact::new(label, v));
            }
        }
    }
    if let Some(r) = node.child_value("remarks") {
        rec.add_remarks_text(r);
    }
    for a in node.list("addressList", "address") {
        rec.addresses.push(read_address(a));
    }
    if let Some(v) = node.child("vesselInfo") {
        read_vessel(v, &mut rec);
    } else if schema == Schema::Vessel {
        rec.vessel = Some(VesselInfo::default());
    }
    Some(rec)
}

fn read_address(a: &Node) -> Address {
    let mut addr = Address::default();
    for key in ["address1", "address2", "address3"] {
        if let Some(v) = a.child_value(key) {
            addr.street.push(v.to_string());
        }
    }
    addr.city = a.child_value("city").map(str::to_string);
    addr.region = a.child_value("stateOrProvince").map(str::to_string);
    addr.postal_code = a.child_value("postalCode").map(str::to_string);
    if let Some(c) = a.child_value("country") {
        addr.country = country(c);
        addr.country_name = Some(c.to_string());
    }
    addr
}

fn read_vessel(v: &Node, rec: &mut OfacRecord) {
    let info = VesselInfo {
        vessel_type: v.child_value("vesselType").map(str::to_string),
        flag_name: v.child_value("vesselFlag").map(str::to_string),
        flag: v.child_value("vesselFlag").and_then(country),
        owner: v.child_value("vesselOwner").map(str::to_string),
        tonnage: v.child_value("tonnage").map(str::to_string),
        gross_registered_tonnage: v.child_value("grossRegisteredTonnage").map(str::to_string),
        build_year: None,
    };
    if let Some(cs) = v.child_value("callSign") {
        rec.facts.push(Fact::new("Call Sign", cs));
    }
    if info != VesselInfo::default() || rec.schema == Schema::Vessel {
        rec.vessel = Some(info);
    }
}
