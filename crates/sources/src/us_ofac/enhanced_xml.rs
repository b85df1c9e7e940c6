//! OFAC enhanced XML: `SDN_ENHANCED.XML` and `CONS_ENHANCED.XML` (root
//! `sanctionsData`).
//!
//! Each `entity` is self-contained: reference values are repeated inline
//! (`<type refId="1520">Last Name</type>`), so entities are mapped as they
//! are read. Non-primary name translations are original-script names.

use std::collections::HashSet;

use chrono::NaiveDate;
use denylist_model::{
    Address, EntityId, FuzzyDate, NameKind, NamePartKind, NameStrength, PartialDate, Relationship,
    Schema, SourceId,
};

use super::labels::{relation_kind, schema as schema_of};
use super::xml_common::{choose_source, root_name, source_from_name, Node, XmlReader};
use super::xml_record::{
    alias_kind, country, name_from_parts, name_part_kind, ofac_date_text, period_date, script_code,
    to_entity, vessel_feature, Fact, OfacRecord,
};
use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

/// `SDN_ENHANCED.XML` / `CONS_ENHANCED.XML`.
pub(crate) struct OfacEnhancedXml;

/// The format instance for the registry.
pub(crate) static FORMAT: OfacEnhancedXml = OfacEnhancedXml;

impl Format for OfacEnhancedXml {
    fn id(&self) -> &'static str {
        "us-ofac-enhanced-xml"
    }

    fn default_source(&self) -> &'static str {
        "us-ofac-sdn"
    }

    fn description(&self) -> &'static str {
        "OFAC SDN_ENHANCED.XML / CONS_ENHANCED.XML (root sanctionsData)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        root_name(file).as_deref() == Some("sanctionsData")
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, self.id())?.non_empty()?;
        let mut reader = XmlReader::new(file);
        let mut list: Option<ParsedList> = None;
        let mut published: Option<NaiveDate> = None;
        let mut list_names: Vec<String> = Vec::new();
        let mut warnings: Vec<Warning> = Vec::new();
        let mut seen = HashSet::new();
        let mut root_seen = false;
        while let Some(start) = reader.next_start()? {
            if start.depth == 1 {
                if start.name != "sanctionsData" {
                    return Err(ParseError::at_path(
                        reader.file(),
                        Some(1),
                        start.name.clone(),
                        "root element is not sanctionsData",
                    ));
                }
                root_seen = true;
                continue;
            }
            match (start.depth, start.name.as_str()) {
                (2, "publicationInfo") => {
                    let node = reader.read_node(start)?;
                    if let Some(d) = node.child_value("dataAsOf") {
                        published = iso_date(d);
                        if published.is_none() {
                            warnings.push(Warning::new(
                                reader.file(),
                                Some(reader.line_of(node.offset)),
                                format!("unreadable dataAsOf {d:?}"),
                            ));
                        }
                    }
                    list_names = node
                        .list("filters", "sanctionsLists")
                        .flat_map(|l| l.children("sanctionsList"))
                        .filter_map(|l| l.value().map(str::to_string))
                        .collect();
                }
                (3, "entity") => {
                    let list = match &mut list {
                        Some(l) => l,
                        None => {
                            let guess = source_guess(&list_names, file);
                            let source = choose_source(options, guess, file)?;
                            list.insert(ParsedList {
                                source,
                                format: self.id(),
                                published: None,
                                entities: Vec::new(),
                                warnings: Vec::new(),
                                record_count: 0,
                            })
                        }
                    };
                    let node = reader.read_node(start)?;
                    list.record_count += 1;
                    let line = reader.line_of(node.offset);
                    let Some(rec) =
                        read_entity(&node, line, &list.source, reader.file(), &mut warnings)
                    else {
                        continue;
                    };
                    if !seen.insert(rec.uid.clone()) {
                        warnings.push(Warning::new(
                            reader.file(),
                            Some(line),
                            format!("entity {} repeated; the later one is skipped", rec.uid),
                        ));
                        continue;
                    }
                    match to_entity(&list.source, rec) {
                        Ok(e) => list.entities.push(e),
                        Err(msg) => warnings.push(Warning::new(reader.file(), Some(line), msg)),
                    }
                }
                _ => {}
            }
        }
        if !root_seen {
            return Err(ParseError::at_line(
                reader.file(),
                1,
                "no sanctionsData element",
            ));
        }
        let mut list = match list {
            Some(l) => l,
            None => ParsedList {
                source: choose_source(options, source_guess(&list_names, file), file)?,
                format: self.id(),
                published: None,
                entities: Vec::new(),
                warnings: Vec::new(),
                record_count: 0,
            },
        };
        // Targets named by id resolve to this list's entities.
        let names: std::collections::HashMap<String, String> = list
            .entities
            .iter()
            .filter_map(|e| Some((e.id.native().to_string(), e.primary_name()?.to_string())))
            .collect();
        let source = list.source.clone();
        for e in &mut list.entities {
            for r in &mut e.relationships {
                if let Some(t) = &r.target {
                    match names.get(t.native()) {
                        Some(n) => r.target_name = Some(n.clone()),
                        None => r.target = other_list_target(&source, t.native()),
                    }
                }
            }
        }
        list.warnings.extend(warnings);
        list.published = published.or(options.as_of);
        Ok(list)
    }
}

/// A relation target that is not in the file: OFAC numbers the SDN and
/// consolidated lists in one id space, so it is on the other list
/// (`HAMAS`, 4695, is related to CONS entries but listed on the SDN).
pub(super) fn other_list_target(source: &SourceId, native: &str) -> Option<EntityId> {
    let other = match source.as_str() {
        "us-ofac-sdn" => "us-ofac-cons",
        "us-ofac-cons" => "us-ofac-sdn",
        _ => source.as_str(),
    };
    let other = SourceId::new(other).ok()?;
    EntityId::new(&other, native).ok()
}

/// The filter's list names decide: `SDN List` alone is the SDN, anything
/// else (`Consolidated List`) the consolidated list; else the file name.
fn source_guess(list_names: &[String], file: &InputFile) -> &'static str {
    let sdn = |n: &String| n.trim().eq_ignore_ascii_case("SDN List");
    if !list_names.is_empty() && list_names.iter().all(sdn) {
        "us-ofac-sdn"
    } else if list_names
        .iter()
        .any(|n| n.to_ascii_lowercase().contains("consolidated"))
    {
        "us-ofac-cons"
    } else {
        source_from_name(file)
    }
}

/// `2026-01-08T00:00:00` or `2026-01-08`.
fn iso_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim().get(..10)?, "%Y-%m-%d").ok()
}

fn read_entity(
    node: &Node,
    line: u64,
    source: &SourceId,
    file: &str,
    warnings: &mut Vec<Warning>,
) -> Option<OfacRecord> {
    let Some(uid) = node.attr("id") else {
        warnings.push(Warning::new(file, Some(line), "entity without id skipped"));
        return None;
    };
    let general = node.child("generalInfo");
    let type_word = general.and_then(|g| g.child_value("entityType"));
    let schema = match type_word {
        Some(w) => schema_of(w).unwrap_or_else(|| {
            warnings.push(Warning::new(
                file,
                Some(line),
                format!("entity {uid}: unknown entityType {w:?}, read as an entity"),
            ));
            Schema::Organization
        }),
        None => Schema::Organization,
    };
    let mut rec = OfacRecord::new(uid, line, schema);
    if let Some(g) = general {
        if let Some(r) = g.child_value("remarks") {
            rec.add_remarks_text(r);
        }
        if let Some(t) = g.child_value("title") {
            rec.titles.push(t.to_string());
        }
    }
    rec.listed_on = node
        .list("sanctionsLists", "sanctionsList")
        .filter_map(|l| l.attr("datePublished").and_then(iso_date))
        .min()
        .map(|d| FuzzyDate::on(PartialDate::from_naive(d)));
    for p in node.list("sanctionsPrograms", "sanctionsProgram") {
        if let Some(v) = p.value() {
            rec.programs.push(v.to_string());
        }
    }
    read_names(node, &mut rec);
    if rec.names.is_empty() {
        warnings.push(Warning::new(
            file,
            Some(line),
            format!("entity {} has no name; skipped", rec.uid),
        ));
        return None;
    }
    for a in node.list("addresses", "address") {
        rec.addresses.push(read_address(a));
    }
    for f in node.list("features", "feature") {
        read_feature(f, &mut rec);
    }
    for d in node.list("identityDocuments", "identityDocument") {
        let Some(label) = d.child_value("type") else {
            continue;
        };
        let mut fact = Fact::new(label, d.child_value("documentNumber").unwrap_or(""));
        fact.country = d.child_value("issuingCountry").map(str::to_string);
        fact.issued = d
            .child("issueDate")
            .and_then(value_date)
            .map(|d| ofac_date_text(&d));
        fact.expires = d
            .child("expirationDate")
            .and_then(value_date)
            .map(|d| ofac_date_text(&d));
        rec.facts.push(fact);
    }
    for r in node.list("relationships", "relationship") {
        let Some(label) = r.child_value("type") else {
            continue;
        };
        let related = r.child("relatedEntity");
        let target = related
            .and_then(|e| e.attr("entityId"))
            .and_then(|id| EntityId::new(source, id).ok());
        rec.relationships.push(Relationship {
            kind: relation_kind(label),
            target,
            target_name: related.and_then(Node::value).map(str::to_string),
            former: false,
        });
    }
    Some(rec)
}

fn read_names(node: &Node, rec: &mut OfacRecord) {
    let mut names: Vec<&Node> = node.list("names", "name").collect();
    names.sort_by_key(|n| n.child_bool("isPrimary") != Some(true));
    for n in names {
        let primary = n.child_bool("isPrimary") == Some(true);
        let kind = if primary {
            NameKind::Primary
        } else {
            alias_kind(n.child_value("aliasType").unwrap_or("A.K.A."))
        };
        let strength = if n.child_bool("isLowQuality") == Some(true) {
            NameStrength::Weak
        } else {
            NameStrength::Strong
        };
        let mut translations: Vec<&Node> = n.list("translations", "translation").collect();
        translations.sort_by_key(|t| t.child_bool("isPrimary") != Some(true));
        for (i, t) in translations.into_iter().enumerate() {
            let parts: Vec<(NamePartKind, String)> = t
                .list("nameParts", "namePart")
                .filter_map(|p| {
                    Some((
                        name_part_kind(p.child_value("type").unwrap_or("")),
                        p.child_value("value")?.to_string(),
                    ))
                })
                .collect();
            let script = t.child_value("script").and_then(script_code);
            let main = i == 0 && t.child_bool("isPrimary") != Some(false);
            let mut name = name_from_parts(
                &parts,
                if main { kind } else { NameKind::OriginalScript },
                strength,
            );
            if let Some(full) = t.child_value("formattedFullName") {
                name.full = full.to_string();
            }
            if name.full.is_empty() {
                continue;
            }
            if !main {
                name.script = script.map(str::to_string);
            }
            rec.names.push(name);
        }
    }
}

fn read_address(a: &Node) -> Address {
    let mut addr = Address::default();
    let translation = a
        .list("translations", "translation")
        .find(|t| t.child_bool("isPrimary") != Some(false));
    let parts: Vec<(String, String)> = translation
        .into_iter()
        .flat_map(|t| t.list("addressParts", "addressPart"))
        .filter_map(|p| {
            Some((
                p.child_value("type")?.to_ascii_uppercase(),
                p.child_value("value")?.to_string(),
            ))
        })
        .collect();
    let get = |k: &str| parts.iter().find(|(t, _)| t == k).map(|(_, v)| v.clone());
    for k in ["ADDRESS1", "ADDRESS2", "ADDRESS3"] {
        if let Some(v) = get(k) {
            addr.street.push(v);
        }
    }
    addr.city = get("CITY");
    addr.region = get("STATE/PROVINCE");
    addr.postal_code = get("POSTAL CODE");
    let region = get("REGION");
    if let Some(c) = a.child("country") {
        let name = c.text.trim();
        if !name.is_empty() {
            addr.country = c
                .attr("isoCode")
                .and_then(|iso| denylist_model::CountryCode::new(iso).ok())
                .or_else(|| country(name));
            addr.country_name = Some(name.to_string());
        }
    }
    region_as_country(&mut addr, region);
    addr
}

/// A region (`Gaza`) stands where the legacy formats put it: in the
/// country field, as `Region: Gaza`, when there is no country.
pub(super) fn region_as_country(addr: &mut Address, region: Option<String>) {
    let Some(region) = region else { return };
    if addr.country_name.is_none() {
        addr.country_name = Some(format!("Region: {region}"));
    } else if addr.region.is_none() {
        addr.region = Some(region);
    }
}

fn read_feature(f: &Node, rec: &mut OfacRecord) {
    let Some(type_node) = f.child("type") else {
        return;
    };
    let label = type_node.text.trim();
    let tid = type_node.attr("featureTypeId").unwrap_or("");
    let date = f.child("valueDate").and_then(value_date);
    let text = f.child_value("value");
    // The value text is in OFAC notation (`1962`, `circa 1951`); the date
    // window is the fallback.
    let value = match (text, &date) {
        (Some(t), _) => t.to_string(),
        (None, Some(d)) => ofac_date_text(d),
        (None, None) => return,
    };
    let label = match tid {
        "8" => "DOB",
        "9" => "POB",
        "10" => "nationality",
        "11" => "citizen",
        _ => label,
    };
    if !vessel_feature(rec, label, &value) {
        rec.facts.push(Fact::new(label, value));
    }
}

/// A `datePeriodType`: `fromDateBegin`/`fromDateEnd` is the start window,
/// `toDateBegin`/`toDateEnd` the end window.
fn value_date(n: &Node) -> Option<FuzzyDate> {
    let d = |k: &str| n.child_value(k).and_then(iso_date);
    let fb = d("fromDateBegin");
    let fe = d("fromDateEnd").or(fb);
    let tb = d("toDateBegin");
    let te = d("toDateEnd").or(tb);
    let (start, end) = match (fb, fe, tb, te) {
        (Some(a), Some(b), Some(c), Some(e)) => ((a, b), (c, e)),
        (Some(a), Some(b), _, _) => ((a, b), (a, b)),
        (_, _, Some(c), Some(e)) => ((c, e), (c, e)),
        _ => return None,
    };
    let approx = n.child_bool("isApproximate") == Some(true);
    Some(period_date(start, end, approx))
}
