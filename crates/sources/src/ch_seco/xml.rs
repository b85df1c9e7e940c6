//! SECO XML (`swiss-sanctions-list`): `sanctions-program`s, `place`s and
//! `target`s. A target holds `sanctions-set-id`s, one `individual`, `entity`
//! or `object` (with `identity`s, `justification`, `relation`,
//! `other-information`) and its `modification` history.
//!
//! Native id: `target@ssid`. Targets whose latest modification is
//! `de-listed` are dropped (a whole list keeps them).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use denylist_model::{
    country_code, Address, CountryCode, Entity, EntityId, FuzzyDate, Gender, Identifier,
    IdentifierKind, Name, NameKind, NamePartKind, NameStrength, PartialDate, Place, RelationKind,
    Relationship, Schema, SourceId, VesselInfo,
};

use crate::un_sc::script::detect_script;
use crate::xml_dom::{self as dom, Element, LineIndex};
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

/// The SECO XML format.
pub(crate) struct ChSecoXml;

const FORMAT_ID: &str = "ch-seco-xml";
const SOURCE: &str = "ch-seco";

impl Format for ChSecoXml {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        SOURCE
    }

    fn description(&self) -> &'static str {
        "Swiss SECO sanctions list XML (swiss-sanctions-list)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        file.head(1024).contains("<swiss-sanctions-list")
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let source = options.source_or(SOURCE)?;
        let mut out = ParsedList::empty(&source, FORMAT_ID);
        for file in files {
            parse_file(file, &source, &mut out)?;
        }
        if out.published.is_none() {
            out.published = options.as_of;
        }
        Ok(out)
    }
}

/// A `sanctions-program` as read: its English key and name, and the sets
/// it defines.
struct Program {
    key: Option<String>,
    name: Option<String>,
}

/// A `place`: location, area and country.
struct PlaceRec {
    location: Option<String>,
    area: Option<String>,
    country_name: Option<String>,
    country: Option<CountryCode>,
}

fn english<'a>(el: &'a Element, child: &'a str) -> Option<&'a str> {
    let mut any = None;
    for c in el.children_named(child) {
        if c.attr("lang") == Some("eng") {
            return c.value();
        }
        any = any.or(c.value());
    }
    any
}

fn parse_file(file: &InputFile, source: &SourceId, out: &mut ParsedList) -> Result<(), ParseError> {
    let doc = dom::parse_root(&file.name, &file.bytes, "swiss-sanctions-list")?;
    let root = &doc.root;
    if let Some(d) = root
        .attr("date")
        .and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok())
    {
        out.published = Some(d);
    }
    // sanctions-set ssid -> (program, set name)
    let mut sets: HashMap<String, (usize, Option<String>)> = HashMap::new();
    let mut programs: Vec<Program> = Vec::new();
    for p in root.children_named("sanctions-program") {
        let idx = programs.len();
        programs.push(Program {
            key: english(p, "program-key").map(str::to_string),
            name: english(p, "program-name").map(str::to_string),
        });
        for s in p.children_named("sanctions-set") {
            if let Some(ssid) = s.attr("ssid") {
                let entry = sets.entry(ssid.to_string()).or_insert((idx, None));
                if s.attr("lang") == Some("eng") || entry.1.is_none() {
                    entry.1 = s.value().map(str::to_string);
                }
            }
        }
    }
    let mut places: HashMap<String, PlaceRec> = HashMap::new();
    for p in root.children_named("place") {
        let Some(ssid) = p.attr("ssid") else { continue };
        let country_el = p.child("country");
        places.insert(
            ssid.to_string(),
            PlaceRec {
                location: p.child_text("location").map(str::to_string),
                area: p.child_text("area").map(str::to_string),
                country_name: country_el.and_then(Element::value).map(str::to_string),
                country: country_el.and_then(|c| {
                    c.attr("iso-code")
                        .and_then(|i| CountryCode::new(i).ok())
                        .or_else(|| c.value().and_then(country_code))
                }),
            },
        );
    }
    let mut ctx = Ctx {
        file: &file.name,
        lines: &doc.lines,
        source,
        sets: &sets,
        programs: &programs,
        places: &places,
        warnings: Vec::new(),
    };
    let mut seen: HashSet<EntityId> = out.entities.iter().map(|e| e.id.clone()).collect();
    for target in root.children_named("target") {
        out.record_count += 1;
        if is_delisted(target) {
            continue;
        }
        let Some(entity) = ctx.map_target(target) else {
            continue;
        };
        if !seen.insert(entity.id.clone()) {
            ctx.warn(
                target,
                format!("duplicate id {}; later target skipped", entity.id),
            );
            continue;
        }
        out.entities.push(entity);
    }
    out.warnings.append(&mut ctx.warnings);
    Ok(())
}

/// True when the latest `modification` (by effective, enactment or
/// publication date, then file order) is `de-listed`.
fn is_delisted(target: &Element) -> bool {
    let mods: Vec<&Element> = target.children_named("modification").collect();
    let date = |m: &Element| -> String {
        m.attr("effective-date")
            .or_else(|| m.attr("enactment-date"))
            .or_else(|| m.attr("publication-date"))
            .unwrap_or("")
            .to_string()
    };
    let latest = mods
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| date(a).cmp(&date(b)).then(i.cmp(j)))
        .map(|(_, m)| *m);
    latest.and_then(|m| m.attr("modification-type")) == Some("de-listed")
}

fn partial(day: Option<&str>, month: Option<&str>, year: Option<&str>) -> Option<PartialDate> {
    let y: i32 = year?.trim().parse().ok()?;
    let m: Option<u8> = month.and_then(|m| m.trim().parse().ok());
    let d: Option<u8> = day.and_then(|d| d.trim().parse().ok());
    match (m, d) {
        (Some(m), Some(d)) => PartialDate::day(y, m, d).ok(),
        (Some(m), None) => PartialDate::month(y, m).ok(),
        _ => Some(PartialDate::year(y)),
    }
}

/// An ISO date attribute or element text.
fn iso(s: &str) -> Option<FuzzyDate> {
    let s = s.trim();
    s.get(..10)
        .unwrap_or(s)
        .parse::<PartialDate>()
        .ok()
        .map(FuzzyDate::on)
}

struct Ctx<'a> {
    file: &'a str,
    lines: &'a LineIndex,
    source: &'a SourceId,
    sets: &'a HashMap<String, (usize, Option<String>)>,
    programs: &'a [Program],
    places: &'a HashMap<String, PlaceRec>,
    warnings: Vec<Warning>,
}

impl Ctx<'_> {
    fn warn(&mut self, el: &Element, message: impl Into<String>) {
        let line = self.lines.line(el.pos);
        self.warnings
            .push(Warning::new(self.file, Some(line), message));
    }

    fn map_target(&mut self, target: &Element) -> Option<Entity> {
        let Some(ssid) = target.attr("ssid") else {
            self.warn(target, "target without ssid skipped");
            return None;
        };
        let id = match EntityId::new(self.source, ssid) {
            Ok(id) => id,
            Err(e) => {
                self.warn(target, format!("target skipped: {e}"));
                return None;
            }
        };
        let (subject, schema) = if let Some(s) = target.child("individual") {
            (s, Schema::Person)
        } else if let Some(s) = target.child("entity") {
            (s, Schema::Organization)
        } else if let Some(s) = target.child("object") {
            let schema = match s
                .attr("object-type")
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("vessel") | Some("ship") => Schema::Vessel,
                Some("aircraft") | Some("airplane") => Schema::Aircraft,
                _ => Schema::Organization,
            };
            (s, schema)
        } else {
            self.warn(
                target,
                format!("target {ssid}: no individual, entity or object; skipped"),
            );
            return None;
        };
        let mut e = Entity::new(id, schema);
        if let Some(t) = subject.attr("object-type") {
            e.add_property("object-type", t);
            if schema == Schema::Vessel {
                e.vessel = Some(VesselInfo::default());
            }
        }
        match subject.attr("sex") {
            Some("male") => e.gender = Some(Gender::Male),
            Some("female") => e.gender = Some(Gender::Female),
            Some(other) => e.add_property("sex", other),
            None => {}
        }

        // Programs from the sanctions sets.
        // Older lists give the set as an attribute.
        let attr_set = target.attr("sanctions-set-id");
        for set in target
            .children_named("sanctions-set-id")
            .filter_map(Element::value)
            .chain(attr_set)
        {
            match self.sets.get(set) {
                Some((p, set_name)) => {
                    let prog = &self.programs[*p];
                    if let Some(k) = prog.key.as_deref().or(prog.name.as_deref()) {
                        if !e.programs.iter().any(|x| x == k) {
                            e.programs.push(k.to_string());
                        }
                    }
                    if let Some(n) = &prog.name {
                        if !e
                            .properties
                            .get("program-name")
                            .is_some_and(|v| v.contains(n))
                        {
                            e.add_property("program-name", n.as_str());
                        }
                    }
                    if let Some(n) = set_name {
                        e.add_property("sanctions-set", n.as_str());
                    }
                }
                None => {
                    let el = target;
                    self.warn(el, format!("target {ssid}: unknown sanctions-set-id {set}"));
                }
            }
        }
        for f in target
            .children_named("foreign-identifier")
            .filter_map(Element::value)
        {
            e.add_property("foreign-identifier", f);
        }
        for g in target.children_named("generic-attribute") {
            if let (Some(n), Some(v)) = (g.attr("name"), g.value()) {
                if n.eq_ignore_ascii_case("imo") {
                    e.identifiers
                        .push(Identifier::new(IdentifierKind::Imo, n, v));
                } else {
                    e.add_property(n, v);
                }
            }
        }
        for m in target.children_named("modification") {
            if m.attr("modification-type") == Some("listed") && e.listed_on.is_none() {
                e.listed_on = m
                    .attr("enactment-date")
                    .or_else(|| m.attr("effective-date"))
                    .or_else(|| m.attr("publication-date"))
                    .and_then(iso);
            }
        }

        // Identities: the main one first.
        let mut identities: Vec<&Element> = subject.children_named("identity").collect();
        identities.sort_by_key(|i| i.attr("main") != Some("true"));
        for (n, identity) in identities.into_iter().enumerate() {
            self.identity(identity, n == 0, &mut e);
        }
        if e.names.is_empty() {
            self.warn(target, format!("target {ssid}: no name; skipped"));
            return None;
        }
        if !e.names.iter().any(|n| n.kind == NameKind::Primary) {
            e.names[0].kind = NameKind::Primary;
        }
        for j in subject
            .children_named("justification")
            .filter_map(Element::value)
        {
            e.remarks.push(j.to_string());
        }
        for o in subject
            .children_named("other-information")
            .filter_map(Element::value)
        {
            e.remarks.push(o.to_string());
        }
        for r in subject.children_named("relation") {
            self.relation(r, &mut e);
        }
        Some(e)
    }

    fn identity(&mut self, identity: &Element, main: bool, e: &mut Entity) {
        for name in identity.children_named("name") {
            self.name(name, main, e);
        }
        for d in identity.children_named("day-month-year") {
            let Some(p) = partial(d.attr("day"), d.attr("month"), d.attr("year")) else {
                if d.attrs.iter().any(|(k, _)| k == "year") {
                    self.warn(d, "day-month-year: bad date");
                }
                continue;
            };
            let mut fd = FuzzyDate::on(p);
            if d.attr("quality") == Some("low") {
                fd = fd.circa();
            }
            if let Some(cal) = d.attr("calendar") {
                if !cal.eq_ignore_ascii_case("gregorian") {
                    let text = format!("{fd} ({cal} calendar)");
                    fd = fd.with_text(text);
                }
            }
            if !e.birth_dates.contains(&fd) {
                e.birth_dates.push(fd);
            }
        }
        for n in identity.children_named("nationality") {
            let Some(c) = n.child("country") else {
                continue;
            };
            let code = c
                .attr("iso-code")
                .and_then(|i| CountryCode::new(i).ok())
                .or_else(|| c.value().and_then(country_code));
            match code {
                Some(code) if !e.nationalities.contains(&code) => e.nationalities.push(code),
                Some(_) => {}
                None => self.warn(c, format!("nationality: unknown country {:?}", c.value())),
            }
        }
        for pob in identity.children_named("place-of-birth") {
            if let Some(p) = pob.attr("place-id").and_then(|id| self.places.get(id)) {
                let text = [&p.location, &p.area, &p.country_name]
                    .iter()
                    .filter_map(|x| x.as_deref())
                    .collect::<Vec<_>>()
                    .join(", ");
                let place = Place {
                    text,
                    country: p.country,
                };
                if !place.text.is_empty() && !e.birth_places.contains(&place) {
                    e.birth_places.push(place);
                }
            } else {
                self.warn(pob, "place-of-birth: unknown place-id");
            }
        }
        for a in identity.children_named("address") {
            self.address(a, e);
        }
        for d in identity.children_named("identification-document") {
            self.document(d, e);
        }
    }

    fn name(&mut self, name: &Element, main: bool, e: &mut Entity) {
        let mut parts: Vec<&Element> = name.children_named("name-part").collect();
        parts.sort_by_key(|p| {
            p.attr("order")
                .and_then(|o| o.parse::<u32>().ok())
                .unwrap_or(u32::MAX)
        });
        let values: Vec<(&Element, &str)> = parts
            .iter()
            .filter_map(|p| p.child_text("value").map(|v| (*p, v)))
            .collect();
        if values.is_empty() {
            return;
        }
        let full = values.iter().map(|(_, v)| *v).collect::<Vec<_>>().join(" ");
        let kind = match name.attr("name-type") {
            Some("primary-name")
                if main && !e.names.iter().any(|n| n.kind == NameKind::Primary) =>
            {
                NameKind::Primary
            }
            Some("formerly-known-as") | Some("former-name") => NameKind::Fka,
            _ => NameKind::Aka,
        };
        let strength = match name.attr("quality") {
            Some("good") => NameStrength::Strong,
            Some("low") => NameStrength::Weak,
            _ if kind == NameKind::Primary => NameStrength::Strong,
            _ => NameStrength::Unknown,
        };
        let mut n = Name::new(full.clone(), kind, strength);
        for (p, v) in &values {
            n = n.with_part(part_kind(p.attr("name-part-type")), *v);
        }
        n.lang = name.attr("lang").map(str::to_string);
        n.script = detect_script(&full).map(str::to_string);
        if !e.names.iter().any(|x| x.full == n.full && x.kind == n.kind) {
            e.names.push(n);
        }
        // Spelling variants: one name per (script, lang), parts in order.
        let mut variants: Vec<(VariantKey, Vec<&str>)> = Vec::new();
        for (p, _) in &values {
            for sv in p.children_named("spelling-variant") {
                let Some(v) = sv.value() else { continue };
                let key = (sv.attr("script"), sv.attr("lang"));
                match variants.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, vals)) => vals.push(v),
                    None => variants.push((key, vec![v])),
                }
            }
        }
        for ((script, lang), vals) in variants {
            let text = vals.join(" ");
            let code = script
                .and_then(script_code)
                .or_else(|| detect_script(&text));
            let kind = if code.is_some_and(|c| c != "Latn") {
                NameKind::OriginalScript
            } else {
                NameKind::Variation
            };
            let mut v = Name::new(text, kind, strength);
            v.script = code.map(str::to_string);
            v.lang = lang.map(str::to_string);
            if !e.names.iter().any(|x| x.full == v.full) {
                e.names.push(v);
            }
        }
    }

    fn address(&mut self, a: &Element, e: &mut Entity) {
        let place = a.attr("place-id").and_then(|id| self.places.get(id));
        if a.attr("place-id").is_some() && place.is_none() {
            self.warn(a, "address: unknown place-id");
        }
        let mut notes: Vec<String> = Vec::new();
        if let Some(c) = a.child_text("c-o") {
            notes.push(format!("c/o {c}"));
        }
        for r in ["remark", "remarks"].iter().filter_map(|f| a.child_text(f)) {
            notes.push(r.to_string());
        }
        let mut street: Vec<String> = a
            .child_text("address-details")
            .map(str::to_string)
            .into_iter()
            .collect();
        if let Some(p) = a.child_text("p-o-box") {
            street.push(format!("P.O. Box {p}"));
        }
        let addr = Address {
            street,
            city: place.and_then(|p| p.location.clone()),
            region: place.and_then(|p| p.area.clone()),
            postal_code: a.child_text("zip-code").map(str::to_string),
            country_name: place.and_then(|p| p.country_name.clone()),
            country: place.and_then(|p| p.country),
            note: (!notes.is_empty()).then(|| notes.join("; ")),
        };
        if addr != Address::default() && !e.addresses.contains(&addr) {
            e.addresses.push(addr);
        }
    }

    fn document(&mut self, d: &Element, e: &mut Entity) {
        let Some(number) = d.child_text("number") else {
            return;
        };
        let label = d.attr("document-type").unwrap_or("identification-document");
        let kind = match label {
            "passport" | "diplomatic-passport" | "travel-document" => IdentifierKind::Passport,
            "identity-card" | "id-card" | "national-id" => IdentifierKind::NationalId,
            "driving-licence" | "driving-license" | "driving-permit" => {
                IdentifierKind::DriversLicense
            }
            _ => IdentifierKind::Other,
        };
        let mut id = Identifier::new(kind, label, number);
        let issuer = d.child("issuer");
        id.country = issuer.and_then(|i| {
            i.attr("code")
                .and_then(|c| CountryCode::new(c).ok())
                .or_else(|| i.value().and_then(country_code))
        });
        id.issued = d.child_text("date-of-issue").and_then(iso);
        id.expires = d.child_text("expiry-date").and_then(iso);
        id.note = d
            .child_text("remark")
            .or_else(|| d.child_text("remarks"))
            .map(str::to_string);
        if !e.identifiers.contains(&id) {
            e.identifiers.push(id);
        }
    }

    fn relation(&mut self, r: &Element, e: &mut Entity) {
        let Some(target) = r.attr("target-id") else {
            self.warn(r, "relation without target-id");
            return;
        };
        let kind = match r.attr("relation-type") {
            Some("associated-with") | Some("associate") => RelationKind::AssociateOf,
            Some("family-member") | Some("relative") => RelationKind::FamilyMemberOf,
            Some("owned-or-controlled-by") | Some("subsidiary-of") => {
                RelationKind::OwnedOrControlledBy
            }
            Some("acting-on-behalf-of") => RelationKind::ActingFor,
            Some(other) => RelationKind::Other(other.to_string()),
            None => RelationKind::Other("relation".to_string()),
        };
        if let Some(remark) = r.child_text("remark") {
            e.remarks.push(format!("relation to {target}: {remark}"));
        }
        match EntityId::new(self.source, target) {
            Ok(t) => e.relationships.push(Relationship {
                kind,
                target: Some(t),
                target_name: None,
                former: false,
            }),
            Err(err) => self.warn(r, format!("relation: {err}")),
        }
    }
}

/// A spelling variant's (script, lang).
type VariantKey<'a> = (Option<&'a str>, Option<&'a str>);

/// SECO name-part types to name-part kinds.
fn part_kind(t: Option<&str>) -> NamePartKind {
    match t {
        Some("given-name") => NamePartKind::Given,
        Some("further-given-name") => NamePartKind::Middle,
        Some("family-name") => NamePartKind::Family,
        Some("father-name") => NamePartKind::Patronymic,
        Some("mother-name") => NamePartKind::Matronymic,
        Some("maiden-name") => NamePartKind::Maiden,
        Some("title") => NamePartKind::Title,
        Some("whole-name") => NamePartKind::Whole,
        _ => NamePartKind::Other,
    }
}

/// A script attribute (`Cyrillic`, `cyrl`, `Arabic`) as ISO 15924.
fn script_code(s: &str) -> Option<&'static str> {
    let l = s.trim().to_ascii_lowercase();
    let code = match l.as_str() {
        "latin" | "latn" => "Latn",
        "cyrillic" | "cyrl" => "Cyrl",
        "arabic" | "arab" => "Arab",
        "chinese" | "hani" | "han" => "Hani",
        "greek" | "grek" => "Grek",
        "hebrew" | "hebr" => "Hebr",
        "korean" | "hang" | "hangul" => "Hang",
        "georgian" | "geor" => "Geor",
        "armenian" | "armn" => "Armn",
        _ => return None,
    };
    Some(code)
}
