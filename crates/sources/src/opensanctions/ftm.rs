//! FollowTheMoney entities as OpenSanctions publishes them: one JSON object
//! per line (`id`, `schema`, `caption`, `properties` with every value a list
//! of strings, `datasets`, `referents`, `first_seen`, ...).
//!
//! Things (Person, Organization, Company, LegalEntity, PublicBody, Vessel,
//! Airplane) become entities. The other schemas are links that are folded
//! into the things they point at: `Sanction` (programs, listing date),
//! `Ownership`, `Family`, `Directorship`, `Associate`, `UnknownLink`
//! (relationships), `Passport`/`Identification`/`CryptoWallet`
//! (identifiers) and `Address` (via `addressEntity`).

use std::collections::{BTreeMap, HashMap};

use denylist_model::{
    Address, AircraftInfo, CountryCode, Entity, EntityId, FuzzyDate, Gender, Identifier,
    IdentifierKind, Name, NameKind, NamePartKind, NameStrength, PartialDate, Place, RelationKind,
    Relationship, Schema, SourceId, VesselInfo,
};
use serde_json::Value;

use crate::un_sc::script::detect_script;
use crate::{ParseError, Warning};

/// One FtM object as read from a line.
#[derive(Debug, Clone, Default)]
pub(crate) struct FtmEntity {
    pub(crate) line: u64,
    pub(crate) id: String,
    pub(crate) schema: String,
    pub(crate) caption: Option<String>,
    pub(crate) properties: BTreeMap<String, Vec<String>>,
    /// Top-level fields other than the above (`datasets`, `referents`,
    /// `first_seen`, `last_seen`, `last_change`, `target`), as text.
    pub(crate) meta: BTreeMap<String, Vec<String>>,
}

impl FtmEntity {
    fn values(&self, prop: &str) -> &[String] {
        self.properties.get(prop).map_or(&[], Vec::as_slice)
    }

    fn first(&self, prop: &str) -> Option<&str> {
        self.values(prop)
            .iter()
            .map(|v| v.trim())
            .find(|v| !v.is_empty())
    }
}

/// Strings of a JSON value: a string, a number or bool as text, or the
/// strings of an array.
fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Array(a) => a.iter().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// Reads one FtM object. `Err` holds a reason for a warning.
pub(crate) fn read_object(v: &Value, line: u64) -> Result<FtmEntity, String> {
    let obj = v.as_object().ok_or("not a JSON object")?;
    let id = obj
        .get("id")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or("no id")?
        .to_string();
    let schema = obj
        .get("schema")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut properties = BTreeMap::new();
    if let Some(Value::Object(props)) = obj.get("properties") {
        for (k, v) in props {
            let vals = strings(v);
            if !vals.is_empty() {
                properties.insert(k.clone(), vals);
            }
        }
    }
    let mut meta = BTreeMap::new();
    for (k, v) in obj {
        if matches!(k.as_str(), "id" | "schema" | "caption" | "properties") {
            continue;
        }
        let vals = strings(v);
        if !vals.is_empty() {
            meta.insert(k.clone(), vals);
        }
    }
    Ok(FtmEntity {
        line,
        id,
        caption: obj
            .get("caption")
            .and_then(Value::as_str)
            .map(str::to_string),
        schema,
        properties,
        meta,
    })
}

/// A JSON error on a line: a cut last line is a truncated file.
pub(crate) fn json_error(file: &str, line: u64, last: bool, e: &serde_json::Error) -> ParseError {
    if last && e.is_eof() {
        ParseError::Truncated {
            file: file.to_string(),
            line: Some(line),
            message: format!("last line is cut: {e}"),
        }
    } else {
        ParseError::at_line(file, line, format!("invalid JSON: {e}"))
    }
}

fn thing_schema(schema: &str) -> Option<Schema> {
    match schema {
        "Person" => Some(Schema::Person),
        "Organization" | "LegalEntity" | "PublicBody" => Some(Schema::Organization),
        "Company" => Some(Schema::Company),
        "Vessel" => Some(Schema::Vessel),
        "Airplane" => Some(Schema::Aircraft),
        _ => None,
    }
}

/// Schemas that are not listed parties: folded or skipped without warning.
const LINK_SCHEMAS: &[&str] = &[
    "Sanction",
    "Address",
    "Ownership",
    "Family",
    "Directorship",
    "Associate",
    "UnknownLink",
    "Membership",
    "Employment",
    "Representation",
    "Succession",
    "Passport",
    "Identification",
    "CryptoWallet",
    "Payment",
    "Position",
    "Occupancy",
    "Debt",
    "Security",
    "Note",
    "Documentation",
    "Article",
    "Document",
    "BankAccount",
];

/// Properties mapped to a field; all others go to `properties`.
const MAPPED: &[&str] = &[
    "name",
    "alias",
    "weakAlias",
    "previousName",
    "firstName",
    "lastName",
    "middleName",
    "fatherName",
    "motherName",
    "secondName",
    "birthDate",
    "birthPlace",
    "birthCountry",
    "nationality",
    "citizenship",
    "country",
    "jurisdiction",
    "gender",
    "title",
    "position",
    "notes",
    "programId",
    "addressEntity",
    "address",
    "incorporationDate",
    "flag",
    "type",
    "tonnage",
    "grossRegisteredTonnage",
    "buildDate",
    "model",
    "operator",
    "owner",
];

/// FtM identifier properties and their kinds.
const IDENTIFIERS: &[(&str, IdentifierKind)] = &[
    ("passportNumber", IdentifierKind::Passport),
    ("idNumber", IdentifierKind::NationalId),
    ("taxNumber", IdentifierKind::TaxId),
    ("innCode", IdentifierKind::TaxId),
    ("vatCode", IdentifierKind::TaxId),
    ("registrationNumber", IdentifierKind::Registration),
    ("ogrnCode", IdentifierKind::Registration),
    ("okpoCode", IdentifierKind::Registration),
    ("kppCode", IdentifierKind::Registration),
    ("leiCode", IdentifierKind::Lei),
    ("swiftBic", IdentifierKind::SwiftBic),
    ("imoNumber", IdentifierKind::Imo),
    ("mmsi", IdentifierKind::Mmsi),
    ("callSign", IdentifierKind::CallSign),
    ("serialNumber", IdentifierKind::AircraftSerial),
    ("email", IdentifierKind::Email),
    ("website", IdentifierKind::Website),
    ("phone", IdentifierKind::Phone),
    ("permId", IdentifierKind::Other),
    ("uniqueEntityId", IdentifierKind::Other),
];

/// Maps FtM objects to entities and folds the links in.
pub(crate) struct Folder<'a> {
    pub(crate) file: &'a str,
    pub(crate) source: &'a SourceId,
    pub(crate) warnings: Vec<Warning>,
}

impl Folder<'_> {
    fn warn(&mut self, line: u64, message: impl Into<String>) {
        self.warnings
            .push(Warning::new(self.file, Some(line), message));
    }

    fn country(&mut self, line: u64, code: &str) -> Option<CountryCode> {
        let c = code.trim();
        if c.eq_ignore_ascii_case("zz") || c.is_empty() {
            return None;
        }
        // Historical FtM codes (`suhh`, `csxx`, `yucs`, `ddde`) and
        // sub-national ones (`ge-ab`) are not ISO 3166-1.
        match CountryCode::new(c) {
            Ok(cc) => Some(cc),
            Err(_) => {
                self.warn(
                    line,
                    format!("country code {c:?} is not ISO 3166-1 alpha-2; skipped"),
                );
                None
            }
        }
    }

    /// Maps things to entities, in file order, and folds links into them.
    pub(crate) fn fold(&mut self, objects: &[FtmEntity]) -> Vec<Entity> {
        let addresses: HashMap<&str, &FtmEntity> = objects
            .iter()
            .filter(|o| o.schema == "Address")
            .map(|o| (o.id.as_str(), o))
            .collect();
        let mut entities: Vec<Entity> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut unknown: BTreeMap<String, (u64, usize)> = BTreeMap::new();
        for o in objects {
            match thing_schema(&o.schema) {
                Some(schema) => {
                    if let Some(e) = self.thing(o, schema, &addresses) {
                        match index.get(&o.id) {
                            Some(&i) => {
                                self.warn(
                                    o.line,
                                    format!("duplicate id {}; later line kept", e.id),
                                );
                                entities[i] = e;
                            }
                            None => {
                                index.insert(o.id.clone(), entities.len());
                                entities.push(e);
                            }
                        }
                    }
                }
                None if LINK_SCHEMAS.contains(&o.schema.as_str()) => {}
                None => {
                    let u = unknown.entry(o.schema.clone()).or_insert((o.line, 0));
                    u.1 += 1;
                }
            }
        }
        for (schema, (line, n)) in unknown {
            self.warn(line, format!("{n} objects of schema {schema:?} skipped"));
        }
        for o in objects {
            self.link(o, &mut entities, &index);
        }
        entities
    }

    fn entity_id(&self, native: &str) -> Option<EntityId> {
        EntityId::new(self.source, native).ok()
    }

    fn thing(
        &mut self,
        o: &FtmEntity,
        schema: Schema,
        addresses: &HashMap<&str, &FtmEntity>,
    ) -> Option<Entity> {
        let Some(id) = self.entity_id(&o.id) else {
            self.warn(o.line, format!("bad id {:?}; skipped", o.id));
            return None;
        };
        let mut e = Entity::new(id, schema);
        self.names(o, &mut e);
        if e.names.is_empty() {
            self.warn(o.line, format!("{}: no name; skipped", e.id));
            return None;
        }
        for d in o.values("birthDate") {
            match iso_prefix(d) {
                Some(fd) if !e.birth_dates.contains(&fd) => e.birth_dates.push(fd),
                Some(_) => {}
                None => self.warn(o.line, format!("birthDate: bad date {d:?}")),
            }
        }
        let birth_country = o
            .first("birthCountry")
            .and_then(|c| self.country(o.line, c));
        for p in o.values("birthPlace") {
            e.birth_places.push(Place {
                text: p.trim().to_string(),
                country: birth_country,
            });
        }
        if e.birth_places.is_empty() {
            if let Some(c) = birth_country {
                e.birth_places.push(Place {
                    text: c.name().unwrap_or(c.as_str()).to_string(),
                    country: Some(c),
                });
            }
        }
        for c in o.values("nationality") {
            if let Some(cc) = self.country(o.line, c) {
                if !e.nationalities.contains(&cc) {
                    e.nationalities.push(cc);
                }
            }
        }
        for c in o.values("citizenship") {
            if let Some(cc) = self.country(o.line, c) {
                if !e.citizenships.contains(&cc) {
                    e.citizenships.push(cc);
                }
            }
        }
        for c in o.values("country").iter().chain(o.values("jurisdiction")) {
            if let Some(cc) = self.country(o.line, c) {
                if !e.nationalities.contains(&cc) && !e.citizenships.contains(&cc) {
                    e.add_country(cc);
                }
            }
        }
        match o.first("gender") {
            Some("male") => e.gender = Some(Gender::Male),
            Some("female") => e.gender = Some(Gender::Female),
            Some(g) => e.add_property("gender", g),
            None => {}
        }
        for t in o.values("title").iter().chain(o.values("position")) {
            let t = t.trim();
            if !t.is_empty() && !e.titles.iter().any(|x| x == t) {
                e.titles.push(t.to_string());
            }
        }
        for n in o.values("notes") {
            e.remarks.push(n.trim().to_string());
        }
        for p in o.values("programId") {
            if !e.programs.contains(p) {
                e.programs.push(p.clone());
            }
        }
        e.established_on = o.first("incorporationDate").and_then(iso_prefix);
        for (prop, kind) in IDENTIFIERS {
            let kind = match (*prop, schema) {
                ("registrationNumber", Schema::Aircraft) => IdentifierKind::AircraftTail,
                _ => *kind,
            };
            for v in o.values(prop) {
                let id = Identifier::new(kind, *prop, v.trim());
                if !v.trim().is_empty() && !e.identifiers.contains(&id) {
                    e.identifiers.push(id);
                }
            }
        }
        // Addresses: linked Address objects, then plain texts not covered.
        for a in o.values("addressEntity") {
            match addresses.get(a.as_str()) {
                Some(addr) => {
                    let ad = self.address(addr);
                    if !e.addresses.contains(&ad) {
                        e.addresses.push(ad);
                    }
                }
                None => e.add_property("addressEntity", a.as_str()),
            }
        }
        for a in o.values("address") {
            let a = a.trim();
            let covered = e.addresses.iter().any(|x| {
                x.note.as_deref() == Some(a) || x.one_line() == a || x.street.iter().any(|s| s == a)
            });
            if !a.is_empty() && !covered {
                e.addresses.push(Address {
                    street: vec![a.to_string()],
                    ..Address::default()
                });
            }
        }
        match schema {
            Schema::Vessel => {
                let flag_name = o.first("flag").map(str::to_string);
                let flag = flag_name.as_deref().and_then(|f| self.country(o.line, f));
                e.vessel = Some(VesselInfo {
                    vessel_type: o.first("type").map(str::to_string),
                    flag_name,
                    flag,
                    owner: o.first("owner").map(str::to_string),
                    tonnage: o.first("tonnage").map(str::to_string),
                    gross_registered_tonnage: o.first("grossRegisteredTonnage").map(str::to_string),
                    build_year: o.first("buildDate").map(str::to_string),
                });
            }
            Schema::Aircraft => {
                e.aircraft = Some(AircraftInfo {
                    model: o
                        .first("model")
                        .or_else(|| o.first("type"))
                        .map(str::to_string),
                    operator: o
                        .first("operator")
                        .or_else(|| o.first("owner"))
                        .map(str::to_string),
                    manufacture_date: o.first("buildDate").map(str::to_string),
                });
            }
            _ => {}
        }
        let ident_props: Vec<&str> = IDENTIFIERS.iter().map(|(p, _)| *p).collect();
        for (k, vals) in &o.properties {
            if MAPPED.contains(&k.as_str()) || ident_props.contains(&k.as_str()) {
                continue;
            }
            for v in vals {
                e.add_property(k.as_str(), v.as_str());
            }
        }
        for (k, vals) in &o.meta {
            for v in vals {
                e.add_property(k.as_str(), v.as_str());
            }
        }
        Some(e)
    }

    fn names(&mut self, o: &FtmEntity, e: &mut Entity) {
        let names: Vec<&str> = o
            .values("name")
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        // The caption is OpenSanctions' pick of the best name.
        let primary: Option<String> = match o.caption.as_deref().map(str::trim) {
            Some(c) if names.contains(&c) => Some(c.to_string()),
            caption => names
                .first()
                .map(|s| s.to_string())
                .or_else(|| caption.filter(|c| !c.is_empty()).map(str::to_string))
                .or_else(|| {
                    let parts: Vec<&str> = ["firstName", "middleName", "lastName"]
                        .iter()
                        .filter_map(|p| o.first(p))
                        .collect();
                    (!parts.is_empty()).then(|| parts.join(" "))
                })
                .or_else(|| o.first("alias").map(str::to_string)),
        };
        let Some(primary) = primary else {
            return;
        };
        let script = detect_script(&primary);
        let mut name = Name::primary(primary.clone());
        name.script = script.map(str::to_string);
        // Parts: the first value of each part that the primary name holds.
        let primary_lower = primary.to_lowercase();
        let mut used: Vec<&str> = Vec::new();
        if e.schema == Schema::Person {
            for (prop, kind) in [
                ("firstName", NamePartKind::Given),
                ("secondName", NamePartKind::Middle),
                ("middleName", NamePartKind::Middle),
                ("fatherName", NamePartKind::Patronymic),
                ("motherName", NamePartKind::Matronymic),
                ("lastName", NamePartKind::Family),
            ] {
                let pick = o
                    .values(prop)
                    .iter()
                    .map(|v| v.trim())
                    .find(|v| !v.is_empty() && primary_lower.contains(&v.to_lowercase()))
                    .filter(|v| !used.contains(v));
                if let Some(v) = pick {
                    used.push(v);
                    name = name.with_part(kind, v);
                }
            }
        } else {
            name = name.with_part(NamePartKind::Whole, primary.as_str());
        }
        e.names.push(name);
        let mut add = |full: &str, kind: NameKind, strength: NameStrength| {
            let full = full.trim();
            if full.is_empty() || e.names.iter().any(|n| n.full == full) {
                return;
            }
            let mut n = Name::new(full, kind, strength);
            n.script = detect_script(full).map(str::to_string);
            e.names.push(n);
        };
        for n in &names {
            add(n, NameKind::Aka, NameStrength::Strong);
        }
        for n in o.values("alias") {
            add(n, NameKind::Aka, NameStrength::Strong);
        }
        for n in o.values("previousName") {
            add(n, NameKind::Fka, NameStrength::Strong);
        }
        for n in o.values("weakAlias") {
            add(n, NameKind::Aka, NameStrength::Weak);
        }
    }

    fn address(&mut self, a: &FtmEntity) -> Address {
        let country = a.first("country").and_then(|c| self.country(a.line, c));
        let mut street: Vec<String> = a
            .values("street")
            .iter()
            .chain(a.values("street2"))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if let Some(p) = a.first("postOfficeBox") {
            street.push(format!("P.O. Box {p}"));
        }
        let city = a.first("city").map(str::to_string);
        let full = a.first("full").map(str::to_string);
        if street.is_empty() && city.is_none() {
            if let Some(f) = &full {
                street.push(f.clone());
            }
        }
        Address {
            street,
            city,
            region: a
                .first("region")
                .or_else(|| a.first("state"))
                .map(str::to_string),
            postal_code: a.first("postalCode").map(str::to_string),
            country_name: country.and_then(|c| c.name()).map(str::to_string),
            country,
            note: full,
        }
    }

    /// Folds one link object into the entities it names.
    fn link(&mut self, o: &FtmEntity, entities: &mut [Entity], index: &HashMap<String, usize>) {
        let target = |prop: &str| -> Vec<usize> {
            o.values(prop)
                .iter()
                .filter_map(|id| index.get(id.as_str()).copied())
                .collect()
        };
        let other_id = |prop: &str| -> Vec<String> { o.values(prop).to_vec() };
        match o.schema.as_str() {
            "Sanction" => {
                let programs: Vec<&String> = if o.values("programId").is_empty() {
                    o.values("program").iter().collect()
                } else {
                    o.values("programId").iter().collect()
                };
                let listed = o
                    .values("listingDate")
                    .iter()
                    .chain(o.values("startDate"))
                    .filter_map(|d| iso_prefix(d))
                    .min_by_key(|d| d.from);
                for i in target("entity") {
                    let e = &mut entities[i];
                    for p in &programs {
                        if !e.programs.contains(p) {
                            e.programs.push((*p).clone());
                        }
                    }
                    if let Some(l) = &listed {
                        if e.listed_on.as_ref().is_none_or(|x| l.from < x.from) {
                            e.listed_on = Some(l.clone());
                        }
                    }
                    for a in o.values("authority") {
                        if !e
                            .properties
                            .get("sanction.authority")
                            .is_some_and(|v| v.contains(a))
                        {
                            e.add_property("sanction.authority", a.as_str());
                        }
                    }
                }
            }
            "Ownership" => {
                self.relate(
                    o,
                    entities,
                    index,
                    "asset",
                    "owner",
                    RelationKind::OwnedOrControlledBy,
                );
                self.relate(o, entities, index, "owner", "asset", RelationKind::Owns);
            }
            "Family" => {
                let label = o.first("relationship").unwrap_or("family member");
                let _ = label;
                self.relate(
                    o,
                    entities,
                    index,
                    "person",
                    "relative",
                    RelationKind::FamilyMemberOf,
                );
                self.relate(
                    o,
                    entities,
                    index,
                    "relative",
                    "person",
                    RelationKind::FamilyMemberOf,
                );
            }
            "Associate" | "UnknownLink" => {
                let (a, b) = if o.schema == "Associate" {
                    ("person", "associate")
                } else {
                    ("subject", "object")
                };
                self.relate(o, entities, index, a, b, RelationKind::AssociateOf);
                self.relate(o, entities, index, b, a, RelationKind::AssociateOf);
            }
            "Directorship" => {
                let role = o.first("role").unwrap_or("director").to_string();
                self.relate(
                    o,
                    entities,
                    index,
                    "director",
                    "organization",
                    RelationKind::Other(role),
                );
            }
            "Membership" => {
                self.relate(
                    o,
                    entities,
                    index,
                    "member",
                    "organization",
                    RelationKind::Other("member of".into()),
                );
            }
            "Passport" | "Identification" | "CryptoWallet" => {
                let holders = target("holder");
                let (kind, value) = match o.schema.as_str() {
                    "Passport" => (
                        IdentifierKind::Passport,
                        o.first("number").or_else(|| o.first("passportNumber")),
                    ),
                    "CryptoWallet" => (IdentifierKind::CryptoAddress, o.first("publicKey")),
                    _ => (id_kind_of(o.first("type").unwrap_or("")), o.first("number")),
                };
                let Some(value) = value else {
                    return;
                };
                let mut id =
                    Identifier::new(kind, o.first("type").unwrap_or(o.schema.as_str()), value);
                id.country = o.first("country").and_then(|c| self.country(o.line, c));
                id.currency = o.first("currency").map(str::to_string);
                id.issued = o.first("startDate").and_then(iso_prefix);
                id.expires = o.first("endDate").and_then(iso_prefix);
                id.note = o
                    .first("summary")
                    .or_else(|| o.first("authority"))
                    .map(str::to_string);
                for i in holders {
                    if !entities[i].identifiers.contains(&id) {
                        entities[i].identifiers.push(id.clone());
                    }
                }
                let _ = other_id;
            }
            _ => {}
        }
    }

    /// Adds `kind` relations from the entities in `from` to those in `to`.
    fn relate(
        &mut self,
        o: &FtmEntity,
        entities: &mut [Entity],
        index: &HashMap<String, usize>,
        from: &str,
        to: &str,
        kind: RelationKind,
    ) {
        for f in o.values(from) {
            let Some(&i) = index.get(f.as_str()) else {
                continue;
            };
            for t in o.values(to) {
                let target = self.entity_id(t);
                let target_name = index
                    .get(t.as_str())
                    .and_then(|&j| entities[j].primary_name().map(str::to_string));
                let rel = Relationship {
                    kind: kind.clone(),
                    target,
                    target_name,
                    former: o.first("endDate").is_some(),
                };
                if !entities[i].relationships.contains(&rel) {
                    entities[i].relationships.push(rel);
                }
            }
        }
    }
}

fn id_kind_of(t: &str) -> IdentifierKind {
    let t = t.to_ascii_lowercase();
    if t.contains("passport") {
        IdentifierKind::Passport
    } else if t.contains("tax") || t.contains("inn") {
        IdentifierKind::TaxId
    } else if t.contains("national") || t.contains("id card") {
        IdentifierKind::NationalId
    } else {
        IdentifierKind::Other
    }
}

/// An ISO date or prefix (`1988-01-07`, `1988-01`, `1988`, with any time
/// part ignored).
pub(crate) fn iso_prefix(s: &str) -> Option<FuzzyDate> {
    let s = s.trim();
    let d = s.get(..10).filter(|_| s.len() >= 10).unwrap_or(s);
    d.parse::<PartialDate>().ok().map(FuzzyDate::on)
}
