//! OFAC advanced XML: `SDN_ADVANCED.XML` and `CONS_ADVANCED.XML` (root
//! `Sanctions`, namespace `http://www.un.org/sanctions/1.0`).
//!
//! Every `…ID` attribute resolves through `ReferenceValueSets`. Locations and
//! ID documents come before the parties that use them, relationships and
//! sanctions entries (programs, lists, listing dates) after; parties are
//! kept as [`OfacRecord`]s until the end of the file and mapped then.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use denylist_model::{
    Address, CountryCode, EntityId, FuzzyDate, Name, NameKind, NamePartKind, NameStrength,
    Relationship, Schema,
};

use super::labels::relation_kind;
use super::xml_common::{choose_source, parse_bool, root_name, source_from_name, Node, XmlReader};
use super::xml_record::{
    alias_kind, name_from_parts, name_part_kind, ofac_date_text, period_date, script_code,
    to_entity, vessel_feature, Fact, OfacRecord,
};
use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

/// `SDN_ADVANCED.XML` / `CONS_ADVANCED.XML`.
pub(crate) struct OfacAdvancedXml;

/// The format instance for the registry.
pub(crate) static FORMAT: OfacAdvancedXml = OfacAdvancedXml;

/// OFAC's SDN list id in `ListValues`.
const SDN_LIST_ID: &str = "1550";

/// Reference values whose ids OFAC keeps fixed across files.
const FIXED_REFERENCES: &[(&str, &str, &str)] = &[
    ("FeatureType", "8", "Birthdate"),
    ("FeatureType", "9", "Place of Birth"),
    ("FeatureType", "10", "Nationality Country"),
    ("FeatureType", "11", "Citizenship Country"),
    ("FeatureType", "25", "Location"),
    ("FeatureType", "224", "Gender"),
    ("DetailReference", "91526", "Male"),
    ("AliasType", "1400", "A.K.A."),
    ("AliasType", "1401", "F.K.A."),
    ("AliasType", "1402", "N.K.A."),
    ("AliasType", "1403", "Name"),
    ("NamePartType", "1520", "Last Name"),
    ("NamePartType", "1521", "First Name"),
    ("NamePartType", "1522", "Middle Name"),
    ("NamePartType", "1525", "Entity Name"),
    ("Script", "215", "Latin"),
];

/// OFAC's Consolidated List id in `ListValues`.
const CONSOLIDATED_LIST_ID: &str = "91512";

impl Format for OfacAdvancedXml {
    fn id(&self) -> &'static str {
        "us-ofac-advanced-xml"
    }

    fn default_source(&self) -> &'static str {
        "us-ofac-sdn"
    }

    fn description(&self) -> &'static str {
        "OFAC SDN_ADVANCED.XML / CONS_ADVANCED.XML (root Sanctions)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        root_name(file).as_deref() == Some("Sanctions")
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, self.id())?.non_empty()?;
        let mut reader = XmlReader::new(file);
        let mut st = State::default();
        let mut root_seen = false;
        while let Some(start) = reader.next_start()? {
            if start.depth == 1 {
                if start.name != "Sanctions" {
                    return Err(ParseError::at_path(
                        reader.file(),
                        Some(1),
                        start.name.clone(),
                        "root element is not Sanctions",
                    ));
                }
                root_seen = true;
                continue;
            }
            match start.name.as_str() {
                "DateOfIssue" if start.depth == 2 => {
                    let node = reader.read_node(start)?;
                    st.published = ymd(&node);
                }
                "ReferenceValueSets" => {
                    let node = reader.read_node(start)?;
                    st.read_reference_values(&node);
                }
                "Location" => {
                    let node = reader.read_node(start)?;
                    let line = reader.line_of(node.offset);
                    st.read_location(&node, reader.file(), line);
                }
                "IDRegDocument" => {
                    let node = reader.read_node(start)?;
                    st.id_docs.push(node);
                }
                "DistinctParty" => {
                    let node = reader.read_node(start)?;
                    let line = reader.line_of(node.offset);
                    st.record_count += 1;
                    st.read_party(&node, line, reader.file());
                }
                "ProfileRelationship" => {
                    let node = reader.read_node(start)?;
                    st.relations.push(node);
                }
                "SanctionsEntry" => {
                    let node = reader.read_node(start)?;
                    st.entries.push(node);
                }
                _ => {}
            }
        }
        if !root_seen {
            return Err(ParseError::at_line(
                reader.file(),
                1,
                "no Sanctions element",
            ));
        }
        st.finish(file, options, self.id(), &reader)
    }
}

/// Everything read so far.
#[derive(Default)]
struct State {
    published: Option<NaiveDate>,
    /// `(set, ID)` -> value text, e.g. `("FeatureType", "8")` -> `Birthdate`.
    refs: HashMap<(String, String), String>,
    /// Country ID -> ISO2 code.
    country_iso: HashMap<String, String>,
    /// Location ID -> (address, country name, country code).
    locations: HashMap<String, (Address, Option<String>, Option<CountryCode>)>,
    id_docs: Vec<Node>,
    relations: Vec<Node>,
    entries: Vec<Node>,
    /// Parties in file order, with the identity ids of each.
    parties: Vec<(OfacRecord, Vec<String>)>,
    record_count: usize,
    warnings: Vec<Warning>,
    /// Unknown reference ids already warned about.
    unknown: HashSet<(String, String)>,
}

impl State {
    fn read_reference_values(&mut self, node: &Node) {
        for set in &node.children {
            for v in &set.children {
                let Some(id) = v.attr("ID") else { continue };
                self.refs
                    .insert((v.name.clone(), id.to_string()), v.text.trim().to_string());
                if v.name == "Country" {
                    if let Some(iso) = v.attr("ISO2") {
                        self.country_iso.insert(id.to_string(), iso.to_string());
                    }
                }
            }
        }
    }

    /// The value of a reference id, with one warning per unknown id. The
    /// few ids OFAC documents as fixed (feature types 8 Birthdate ... 224
    /// Gender, detail 91526 Male) are known even when a file's value sets
    /// leave them out.
    fn reference(&mut self, set: &str, id: &str, file: &str, line: u64) -> Option<String> {
        if let Some(v) = self.refs.get(&(set.to_string(), id.to_string())) {
            return Some(v.clone());
        }
        if let Some((_, _, v)) = FIXED_REFERENCES
            .iter()
            .find(|(s, i, _)| *s == set && *i == id)
        {
            return Some(v.to_string());
        }
        if self.unknown.insert((set.to_string(), id.to_string())) {
            self.warnings.push(Warning::new(
                file,
                Some(line),
                format!("unknown {set} id {id} (not in ReferenceValueSets)"),
            ));
        }
        None
    }

    fn country(
        &mut self,
        id: &str,
        file: &str,
        line: u64,
    ) -> (Option<String>, Option<CountryCode>) {
        let name = self.reference("Country", id, file, line);
        let code = self
            .country_iso
            .get(id)
            .and_then(|iso| CountryCode::new(iso).ok())
            .or_else(|| name.as_deref().and_then(super::xml_record::country));
        (name, code)
    }

    fn read_location(&mut self, node: &Node, file: &str, line: u64) {
        let Some(id) = node.attr("ID") else { return };
        let mut addr = Address::default();
        let mut parts: Vec<(String, String)> = Vec::new();
        for part in node.children("LocationPart") {
            let Some(t) = part.attr("LocPartTypeID") else {
                continue;
            };
            let value = part
                .children("LocationPartValue")
                .find(|v| v.attr("Primary") != Some("false"))
                .or_else(|| part.child("LocationPartValue"))
                .and_then(|v| v.child_value("Value"));
            if let Some(v) = value {
                parts.push((t.to_string(), v.to_string()));
            }
        }
        let get = |t: &str| parts.iter().find(|(k, _)| k == t).map(|(_, v)| v.clone());
        for t in ["1451", "1452", "1453"] {
            if let Some(v) = get(t) {
                addr.street.push(v);
            }
        }
        addr.city = get("1454");
        addr.region = get("1455");
        addr.postal_code = get("1456");
        let (mut name, mut code) = (None, None);
        if let Some(cid) = node
            .child("LocationCountry")
            .and_then(|c| c.attr("CountryID"))
        {
            (name, code) = self.country(cid, file, line);
        }
        addr.country_name = name.clone();
        addr.country = code;
        super::enhanced_xml::region_as_country(&mut addr, get("1450"));
        self.locations.insert(id.to_string(), (addr, name, code));
    }

    fn read_party(&mut self, node: &Node, line: u64, file: &str) {
        let Some(uid) = node.attr("FixedRef").map(str::to_string) else {
            self.warnings.push(Warning::new(
                file,
                Some(line),
                "DistinctParty without FixedRef skipped",
            ));
            return;
        };
        let Some(profile) = node.child("Profile") else {
            self.warnings.push(Warning::new(
                file,
                Some(line),
                format!("DistinctParty {uid} has no Profile; skipped"),
            ));
            return;
        };
        let schema = match profile.attr("PartySubTypeID") {
            Some("1") => Schema::Vessel,
            Some("2") => Schema::Aircraft,
            Some("4") => Schema::Person,
            _ => Schema::Organization,
        };
        let mut rec = OfacRecord::new(uid.clone(), line, schema);
        if let Some(c) = node.child_value("Comment") {
            rec.add_remarks_text(c);
        }
        let mut identities = Vec::new();
        for identity in profile.children("Identity") {
            if let Some(id) = identity.attr("ID") {
                identities.push(id.to_string());
            }
            self.read_names(identity, &mut rec, file, line);
        }
        if rec.names.is_empty() {
            self.warnings.push(Warning::new(
                file,
                Some(line),
                format!("DistinctParty {uid} has no name; skipped"),
            ));
            return;
        }
        for feature in profile.children("Feature") {
            self.read_feature(feature, &mut rec, file, line);
        }
        self.parties.push((rec, identities));
    }

    fn read_names(&mut self, identity: &Node, rec: &mut OfacRecord, file: &str, line: u64) {
        let mut groups: HashMap<&str, &str> = HashMap::new();
        for g in identity
            .list("NamePartGroups", "MasterNamePartGroup")
            .flat_map(|m| m.children("NamePartGroup"))
        {
            if let (Some(id), Some(t)) = (g.attr("ID"), g.attr("NamePartTypeID")) {
                groups.insert(id, t);
            }
        }
        let mut aliases: Vec<&Node> = identity.children("Alias").collect();
        // The primary name first, whatever its place in the file.
        aliases.sort_by_key(|a| a.attr("Primary") != Some("true"));
        for alias in aliases {
            let primary = alias.attr("Primary").and_then(parse_bool).unwrap_or(false)
                || alias.attr("AliasTypeID") == Some("1403");
            let kind = if primary {
                NameKind::Primary
            } else {
                let t = alias.attr("AliasTypeID").unwrap_or("1400").to_string();
                match self.reference("AliasType", &t, file, line) {
                    Some(label) => alias_kind(&label),
                    None => NameKind::Aka,
                }
            };
            let strength = if alias.attr("LowQuality").and_then(parse_bool) == Some(true) {
                NameStrength::Weak
            } else {
                NameStrength::Strong
            };
            let mut first_latin = true;
            for doc in alias.children("DocumentedName") {
                let mut parts: Vec<(NamePartKind, String)> = Vec::new();
                let mut script: Option<String> = None;
                for value in doc
                    .children("DocumentedNamePart")
                    .filter_map(|p| p.child("NamePartValue"))
                {
                    let Some(v) = value.value() else { continue };
                    let part_kind = match value
                        .attr("NamePartGroupID")
                        .and_then(|g| groups.get(g).copied())
                    {
                        Some(t) => match self.reference("NamePartType", t, file, line) {
                            Some(label) => name_part_kind(&label),
                            None => NamePartKind::Other,
                        },
                        None => {
                            self.unknown_group(value, file, line);
                            NamePartKind::Other
                        }
                    };
                    if script.is_none() {
                        if let Some(sid) = value.attr("ScriptID") {
                            script = self.reference("Script", sid, file, line);
                        }
                    }
                    parts.push((part_kind, v.to_string()));
                }
                if parts.is_empty() {
                    continue;
                }
                let code = script.as_deref().and_then(script_code);
                let latin = matches!(code, None | Some("Latn"));
                let name: Name = if latin && first_latin {
                    first_latin = false;
                    name_from_parts(&parts, kind, strength)
                } else {
                    let mut n = name_from_parts(&parts, NameKind::OriginalScript, strength);
                    n.script = code.map(str::to_string);
                    n
                };
                rec.names.push(name);
            }
        }
    }

    fn unknown_group(&mut self, value: &Node, file: &str, line: u64) {
        let g = value.attr("NamePartGroupID").unwrap_or("?").to_string();
        if self.unknown.insert(("NamePartGroup".into(), g.clone())) {
            self.warnings.push(Warning::new(
                file,
                Some(line),
                format!("NamePartGroupID {g} is not declared in its Identity"),
            ));
        }
    }

    fn read_feature(&mut self, feature: &Node, rec: &mut OfacRecord, file: &str, line: u64) {
        let Some(tid) = feature.attr("FeatureTypeID") else {
            return;
        };
        let Some(label) = self.reference("FeatureType", tid, file, line) else {
            return;
        };
        for version in feature.children("FeatureVersion") {
            let detail = version.child("VersionDetail");
            let date = version.child("DatePeriod").and_then(date_period);
            let location = version
                .child("VersionLocation")
                .and_then(|l| l.attr("LocationID"))
                .map(str::to_string);
            match tid {
                "8" => {
                    if let Some(d) = date {
                        rec.facts.push(Fact::new("DOB", ofac_date_text(&d)));
                    }
                    continue;
                }
                "25" => {
                    if let Some(loc) = location {
                        match self.locations.get(&loc) {
                            Some((addr, _, _)) => rec.addresses.push(addr.clone()),
                            None => self.warnings.push(Warning::new(
                                file,
                                Some(line),
                                format!("unknown Location id {loc}"),
                            )),
                        }
                    }
                    continue;
                }
                _ => {}
            }
            // The value: a country (of a location), a lookup, a date or text.
            let value: Option<String> = if let Some(loc) = &location {
                match self.locations.get(loc) {
                    Some((_, name, _)) => name.clone(),
                    None => {
                        self.warnings.push(Warning::new(
                            file,
                            Some(line),
                            format!("unknown Location id {loc}"),
                        ));
                        None
                    }
                }
            } else if let Some(r) = detail.and_then(|d| d.attr("DetailReferenceID")) {
                self.reference("DetailReference", r, file, line)
            } else if let Some(d) = &date {
                Some(ofac_date_text(d))
            } else {
                detail.and_then(Node::value).map(str::to_string)
            };
            let Some(value) = value else { continue };
            match tid {
                "9" => rec.facts.push(Fact::new("POB", value)),
                "10" => rec.facts.push(Fact::new("nationality", value)),
                "11" => rec.facts.push(Fact::new("citizen", value)),
                _ => {
                    if !vessel_feature(rec, &label, &value) {
                        rec.facts.push(Fact::new(label.clone(), value));
                    }
                }
            }
        }
    }

    fn finish(
        mut self,
        file: &InputFile,
        options: &ParseOptions,
        format: &'static str,
        reader: &XmlReader<'_>,
    ) -> Result<ParsedList, ParseError> {
        let name = file.name.as_str();
        // ID documents, by identity.
        let mut by_identity: HashMap<String, Vec<Fact>> = HashMap::new();
        let docs = std::mem::take(&mut self.id_docs);
        for doc in &docs {
            let line = reader.line_of(doc.offset);
            let Some(identity) = doc.attr("IdentityID") else {
                continue;
            };
            let Some(t) = doc.attr("IDRegDocTypeID") else {
                continue;
            };
            let Some(label) = self.reference("IDRegDocType", t, name, line) else {
                continue;
            };
            let mut fact = Fact::new(label, doc.child_value("IDRegistrationNo").unwrap_or(""));
            if let Some(c) = doc.attr("IssuedBy-CountryID") {
                let (cname, code) = self.country(c, name, line);
                fact.country = cname.or(code.map(|c| c.to_string()));
            }
            for d in doc.children("DocumentDate") {
                let date = d
                    .child("DatePeriod")
                    .and_then(date_period)
                    .map(|d| ofac_date_text(&d));
                match d.attr("IDRegDocDateTypeID") {
                    Some("1480") => fact.issued = date,
                    Some("1481") => fact.expires = date,
                    _ => {}
                }
            }
            by_identity
                .entry(identity.to_string())
                .or_default()
                .push(fact);
        }
        // Entries name their lists: the consolidated file has a
        // Consolidated List entry for every party, the SDN file only SDN
        // entries.
        let in_list = |id: &str| self.entries.iter().any(|e| e.attr("ListID") == Some(id));
        let source_guess = if in_list(CONSOLIDATED_LIST_ID) {
            "us-ofac-cons"
        } else if in_list(SDN_LIST_ID) {
            "us-ofac-sdn"
        } else {
            source_from_name(file)
        };
        let source = choose_source(options, source_guess, file)?;
        // Programs and listing dates, by profile.
        let mut programs: HashMap<String, Vec<String>> = HashMap::new();
        let mut listed: HashMap<String, NaiveDate> = HashMap::new();
        let entries = std::mem::take(&mut self.entries);
        for entry in &entries {
            let Some(profile) = entry.attr("ProfileID") else {
                continue;
            };
            for m in entry.children("SanctionsMeasure") {
                if m.attr("SanctionsTypeID") == Some("1") {
                    if let Some(p) = m.child_value("Comment") {
                        let list = programs.entry(profile.to_string()).or_default();
                        if !list.iter().any(|x| x == p) {
                            list.push(p.to_string());
                        }
                    }
                }
            }
            for ev in entry.children("EntryEvent") {
                if let Some(d) = ev.child("Date").and_then(ymd) {
                    let slot = listed.entry(profile.to_string()).or_insert(d);
                    if d < *slot {
                        *slot = d;
                    }
                }
            }
        }
        // Relations, by source profile; targets resolved to this list.
        let known: HashMap<String, String> = self
            .parties
            .iter()
            .map(|(r, _)| {
                let primary = r.names.first().map(|n| n.full.clone()).unwrap_or_default();
                (r.uid.clone(), primary)
            })
            .collect();
        let mut relations: HashMap<String, Vec<Relationship>> = HashMap::new();
        let rels = std::mem::take(&mut self.relations);
        for rel in &rels {
            let line = reader.line_of(rel.offset);
            let (Some(from), Some(to)) = (rel.attr("From-ProfileID"), rel.attr("To-ProfileID"))
            else {
                continue;
            };
            let kind = match rel.attr("RelationTypeID") {
                Some(t) => match self.reference("RelationType", t, name, line) {
                    Some(label) => relation_kind(&label),
                    None => denylist_model::RelationKind::Other(format!("RelationTypeID {t}")),
                },
                None => continue,
            };
            let target = if known.contains_key(to) {
                EntityId::new(&source, to).ok()
            } else {
                super::enhanced_xml::other_list_target(&source, to)
            };
            relations
                .entry(from.to_string())
                .or_default()
                .push(Relationship {
                    kind,
                    target,
                    target_name: known.get(to).cloned(),
                    former: rel.attr("Former").and_then(parse_bool).unwrap_or(false),
                });
        }
        let mut list = ParsedList {
            source,
            format,
            published: self.published.or(options.as_of),
            entities: Vec::with_capacity(self.parties.len()),
            warnings: std::mem::take(&mut self.warnings),
            record_count: self.record_count,
        };
        let mut seen = HashSet::new();
        for (mut rec, identities) in std::mem::take(&mut self.parties) {
            if !seen.insert(rec.uid.clone()) {
                list.warnings.push(Warning::new(
                    name,
                    Some(rec.line),
                    format!(
                        "DistinctParty {} repeated; the later one is skipped",
                        rec.uid
                    ),
                ));
                continue;
            }
            for identity in &identities {
                if let Some(facts) = by_identity.remove(identity) {
                    rec.facts.extend(facts);
                }
            }
            if let Some(p) = programs.remove(&rec.uid) {
                rec.programs = p;
            }
            if let Some(d) = listed.get(&rec.uid) {
                rec.listed_on = Some(FuzzyDate::on(denylist_model::PartialDate::from_naive(*d)));
            }
            if let Some(r) = relations.remove(&rec.uid) {
                rec.relationships.extend(r);
            }
            let line = rec.line;
            match to_entity(&list.source, rec) {
                Ok(e) => list.entities.push(e),
                Err(msg) => list.warnings.push(Warning::new(name, Some(line), msg)),
            }
        }
        Ok(list)
    }
}

/// `Year`/`Month`/`Day` children.
fn ymd(node: &Node) -> Option<NaiveDate> {
    let y = node.child_value("Year")?.parse().ok()?;
    let m = node.child_value("Month").unwrap_or("1").parse().ok()?;
    let d = node.child_value("Day").unwrap_or("1").parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A `DatePeriod` of `Start`/`End`, each with `From`/`To`.
fn date_period(p: &Node) -> Option<FuzzyDate> {
    let window = |n: &Node| -> Option<(NaiveDate, NaiveDate)> {
        let from = n.child("From").and_then(ymd)?;
        let to = n.child("To").and_then(ymd).unwrap_or(from);
        Some((from, to))
    };
    let start = p.child("Start");
    let end = p.child("End");
    let s = start.and_then(window);
    let e = end.and_then(window);
    let (s, e) = match (s, e) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, s),
        (None, Some(e)) => (e, e),
        (None, None) => return None,
    };
    let approx = [start, end]
        .into_iter()
        .flatten()
        .any(|n| n.attr("Approximate").and_then(parse_bool) == Some(true));
    Some(period_date(s, e, approx))
}
