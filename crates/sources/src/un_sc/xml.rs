//! UN Security Council consolidated list XML (`consolidated.xml`, XSD
//! `sc-sanctions.xsd`): `CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL` and
//! `ENTITIES/ENTITY`.
//!
//! Native id: `REFERENCE_NUMBER` (`QDi.001`), the id other lists cite; the
//! `DATAID` is kept in `properties`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use denylist_model::{
    country_code, Address, Entity, EntityId, FuzzyDate, Gender, Identifier, IdentifierKind, Name,
    NameKind, NamePartKind, NameStrength, PartialDate, Place, RelationKind, Relationship, Schema,
    SourceId,
};

use super::script::detect_script;
use crate::xml_dom::{self as dom, Element, LineIndex};
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

/// The UN SC consolidated XML format.
pub(crate) struct UnScXml;

const FORMAT_ID: &str = "un-sc-xml";
const SOURCE: &str = "un-sc";

impl Format for UnScXml {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        SOURCE
    }

    fn description(&self) -> &'static str {
        "UN Security Council consolidated list XML (consolidated.xml)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(1024);
        head.contains("<CONSOLIDATED_LIST")
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

/// Reads one file into `out`.
fn parse_file(file: &InputFile, source: &SourceId, out: &mut ParsedList) -> Result<(), ParseError> {
    let doc = dom::parse_root(&file.name, &file.bytes, "CONSOLIDATED_LIST")?;
    let root = &doc.root;
    if let Some(d) = root.attr("dateGenerated").and_then(iso_date) {
        out.published = Some(d);
    }
    let mut ctx = Ctx {
        file: &file.name,
        lines: &doc.lines,
        source,
        warnings: Vec::new(),
        countries: HashMap::new(),
    };
    let records: Vec<(&Element, bool)> = root
        .children_named("INDIVIDUALS")
        .flat_map(|g| g.children_named("INDIVIDUAL"))
        .map(|e| (e, true))
        .chain(
            root.children_named("ENTITIES")
                .flat_map(|g| g.children_named("ENTITY"))
                .map(|e| (e, false)),
        )
        .collect();
    let refs: HashSet<&str> = records
        .iter()
        .filter_map(|(e, _)| e.child_text("REFERENCE_NUMBER"))
        .collect();
    let mut seen: HashSet<EntityId> = out.entities.iter().map(|e| e.id.clone()).collect();
    for (el, individual) in records {
        out.record_count += 1;
        let Some(entity) = ctx.map_record(el, individual, &refs) else {
            continue;
        };
        if !seen.insert(entity.id.clone()) {
            ctx.warn(
                el,
                format!("duplicate id {}; later record skipped", entity.id),
            );
            continue;
        }
        out.entities.push(entity);
    }
    out.warnings.append(&mut ctx.warnings);
    Ok(())
}

/// Parses an ISO date, ignoring a time or zone suffix
/// (`2015-03-27-04:00`, `2024-11-30T00:00:00.875Z`).
fn iso_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let d = s.get(..10)?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// `YYYY-MM-DD` (zone suffix ignored) or `YYYY` as a partial date.
fn partial_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    if let Some(d) = iso_date(s) {
        return Some(PartialDate::from_naive(d));
    }
    s.parse().ok()
}

struct Ctx<'a> {
    file: &'a str,
    lines: &'a LineIndex,
    source: &'a SourceId,
    warnings: Vec<Warning>,
    countries: HashMap<String, Option<denylist_model::CountryCode>>,
}

impl Ctx<'_> {
    fn warn(&mut self, el: &Element, message: impl Into<String>) {
        let line = self.lines.line(el.pos);
        self.warnings
            .push(Warning::new(self.file, Some(line), message));
    }

    fn country(
        &mut self,
        el: &Element,
        field: &str,
        name: &str,
    ) -> Option<denylist_model::CountryCode> {
        // The same few country names repeat thousands of times.
        let c = match self.countries.get(name) {
            Some(c) => *c,
            None => {
                let c = country_code(name);
                self.countries.insert(name.to_string(), c);
                c
            }
        };
        if c.is_none() {
            self.warn(el, format!("{field}: unknown country {name:?}"));
        }
        c
    }

    fn map_record(
        &mut self,
        el: &Element,
        individual: bool,
        refs: &HashSet<&str>,
    ) -> Option<Entity> {
        let reference = el.child_text("REFERENCE_NUMBER");
        let dataid = el.child_text("DATAID");
        let native = match (reference, dataid) {
            (Some(r), _) => r,
            (None, Some(d)) => {
                self.warn(el, format!("no REFERENCE_NUMBER; DATAID {d} used as id"));
                d
            }
            (None, None) => {
                self.warn(el, "record without REFERENCE_NUMBER or DATAID skipped");
                return None;
            }
        };
        let id = match EntityId::new(self.source, native) {
            Ok(id) => id,
            Err(e) => {
                self.warn(el, format!("record skipped: {e}"));
                return None;
            }
        };
        let schema = if individual {
            Schema::Person
        } else {
            Schema::Organization
        };
        let mut e = Entity::new(id, schema);
        if let Some(d) = dataid {
            e.add_property("DATAID", d);
        }
        for field in [
            "VERSIONNUM",
            "SUBMITTED_BY",
            "SUBMITTED_ON",
            "DELISTED_ON",
            "SORT_KEY",
        ] {
            if let Some(v) = el.child_text(field) {
                e.add_property(field, v);
            }
        }
        for field in ["LIST_TYPE", "LAST_DAY_UPDATED", "NATIONALITY2"] {
            for v in values(el, field) {
                e.add_property(field, v);
            }
        }

        // Names.
        if individual {
            self.individual_name(el, &mut e);
        } else {
            self.entity_name(el, &mut e);
        }
        if let Some(orig) = el.child_text("NAME_ORIGINAL_SCRIPT").map(collapse_space) {
            let mut n = Name::new(
                orig.as_str(),
                NameKind::OriginalScript,
                NameStrength::Strong,
            );
            n.script = detect_script(&orig).map(str::to_string);
            e.names.push(n);
        }
        if e.names.is_empty() {
            self.warn(el, format!("{}: no name; record skipped", e.id));
            return None;
        }
        for alias in el.children_named("INDIVIDUAL_ALIAS") {
            self.individual_alias(alias, &mut e);
        }
        for alias in el.children_named("ENTITY_ALIAS") {
            let Some(name) = alias.child_text("ALIAS_NAME").map(collapse_space) else {
                continue;
            };
            let kind = match alias.child_text("QUALITY").map(str::to_ascii_lowercase) {
                Some(q) if q.starts_with("f.k.a") => NameKind::Fka,
                Some(q) if q.starts_with("n.k.a") => NameKind::Nka,
                Some(q) if q.starts_with("a.k.a") => NameKind::Aka,
                None => NameKind::Aka,
                Some(q) => {
                    self.warn(
                        alias,
                        format!("ENTITY_ALIAS: unknown QUALITY {q:?}; read as a.k.a."),
                    );
                    NameKind::Aka
                }
            };
            push_name(
                &mut e,
                Name::new(name.as_str(), kind, NameStrength::Unknown),
            );
            if let Some(note) = alias.child_text("NOTE") {
                e.remarks.push(format!("{name}: {note}"));
            }
        }

        // Programs, listing and free text.
        if let Some(t) = el.child_text("UN_LIST_TYPE") {
            e.programs.push(t.to_string());
        }
        if let Some(prefix) = reference.and_then(regime_prefix) {
            if !e.programs.iter().any(|p| p == prefix) {
                e.programs.push(prefix.to_string());
            }
        }
        if let Some(l) = el.child_text("LISTED_ON") {
            match partial_date(l) {
                Some(d) => {
                    let mut fd = FuzzyDate::on(d);
                    if l.len() > 10 {
                        fd = fd.with_text(l);
                    }
                    e.listed_on = Some(fd);
                }
                None => self.warn(el, format!("LISTED_ON: bad date {l:?}")),
            }
        }
        if let Some(c) = el.child_text("COMMENTS1") {
            e.remarks.push(c.to_string());
            e.relationships = references(c, reference, refs, self.source);
        }
        for t in values(el, "TITLE") {
            e.titles.push(collapse_space(t));
        }
        for t in values(el, "DESIGNATION") {
            e.titles.push(collapse_space(t));
        }
        match el.child_text("GENDER") {
            Some(g) if g.eq_ignore_ascii_case("male") => e.gender = Some(Gender::Male),
            Some(g) if g.eq_ignore_ascii_case("female") => e.gender = Some(Gender::Female),
            Some(g) => {
                self.warn(el, format!("GENDER: unknown value {g:?}"));
                e.add_property("GENDER", g);
            }
            None => {}
        }
        for v in values(el, "NATIONALITY") {
            match self.country(el, "NATIONALITY", v) {
                Some(c) if !e.nationalities.contains(&c) => e.nationalities.push(c),
                Some(_) => {}
                None => e.add_property("NATIONALITY", v),
            }
        }

        // Dates and places of birth, documents, addresses.
        for dob in el.children_named("INDIVIDUAL_DATE_OF_BIRTH") {
            self.date_of_birth(dob, &mut e);
        }
        for pob in el.children_named("INDIVIDUAL_PLACE_OF_BIRTH") {
            if let Some(p) = self.place(pob) {
                if !e.birth_places.contains(&p) {
                    e.birth_places.push(p);
                }
            }
        }
        for doc in el.children_named("INDIVIDUAL_DOCUMENT") {
            self.document(doc, &mut e);
        }
        for addr in el
            .children_named("INDIVIDUAL_ADDRESS")
            .chain(el.children_named("ENTITY_ADDRESS"))
        {
            if let Some(a) = self.address(addr) {
                e.addresses.push(a);
            }
        }
        Some(e)
    }

    fn individual_name(&mut self, el: &Element, e: &mut Entity) {
        let parts: Vec<String> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
            .iter()
            .filter_map(|f| el.child_text(f))
            .map(collapse_space)
            .collect();
        if parts.is_empty() {
            return;
        }
        let mut name = Name::primary(parts.join(" "));
        let last = parts.len() - 1;
        for (i, p) in parts.iter().enumerate() {
            let kind = if i == 0 {
                NamePartKind::Given
            } else if i == last {
                NamePartKind::Family
            } else {
                NamePartKind::Other
            };
            name = name.with_part(kind, p.as_str());
        }
        e.names.push(name);
    }

    fn entity_name(&mut self, el: &Element, e: &mut Entity) {
        let Some(whole) = el.child_text("FIRST_NAME").map(collapse_space) else {
            return;
        };
        // One entry packs two names: `CAGL ; GREAT LAKES BUSINESS COMPANY`.
        let mut pieces = whole.split(" ; ").map(str::trim).filter(|p| !p.is_empty());
        if let Some(first) = pieces.next() {
            e.names
                .push(Name::primary(first).with_part(NamePartKind::Whole, first));
        }
        for p in pieces {
            push_name(e, Name::new(p, NameKind::Aka, NameStrength::Strong));
        }
    }

    fn individual_alias(&mut self, alias: &Element, e: &mut Entity) {
        let name = alias.child_text("ALIAS_NAME").map(collapse_space);
        let strength = match alias.child_text("QUALITY") {
            Some(q) if q.eq_ignore_ascii_case("good") => NameStrength::Strong,
            Some(q) if q.eq_ignore_ascii_case("low") => NameStrength::Weak,
            None => NameStrength::Unknown,
            Some(q) => {
                self.warn(alias, format!("INDIVIDUAL_ALIAS: unknown QUALITY {q:?}"));
                NameStrength::Unknown
            }
        };
        let Some(name) = name else {
            // `<QUALITY/><ALIAS_NAME/>` placeholders are everywhere.
            return;
        };
        push_name(e, Name::new(name.as_str(), NameKind::Aka, strength));
        // Alias-specific birth data and notes, kept as remarks.
        let extra: Vec<String> = ["DATE_OF_BIRTH", "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH", "NOTE"]
            .iter()
            .filter_map(|f| alias.child_text(f).map(|v| format!("{f}: {v}")))
            .collect();
        if !extra.is_empty() {
            e.remarks
                .push(format!("alias {name}: {}", extra.join("; ")));
        }
    }

    fn date_of_birth(&mut self, dob: &Element, e: &mut Entity) {
        let kind = dob.child_text("TYPE_OF_DATE").map(str::to_ascii_uppercase);
        let note = dob.child_text("NOTE");
        let date = dob.child_text("DATE");
        let year = dob.child_text("YEAR");
        let from = dob.child_text("FROM_YEAR");
        let to = dob.child_text("TO_YEAR");
        if date.is_none() && year.is_none() && from.is_none() && to.is_none() {
            if let Some(n) = note {
                // `Nov. 1973`, `30-35 years old`: only in the note.
                e.remarks.push(format!("date of birth: {n}"));
            }
            return;
        }
        let parsed = match (date, year, from, to) {
            (Some(d), _, _, _) => partial_date(d).map(FuzzyDate::on),
            (None, Some(y), _, _) => partial_date(y).map(FuzzyDate::on),
            (None, None, Some(f), Some(t)) => match (partial_date(f), partial_date(t)) {
                (Some(f), Some(t)) => Some(FuzzyDate::range(f, t)),
                _ => None,
            },
            (None, None, Some(f), None) | (None, None, None, Some(f)) => {
                partial_date(f).map(FuzzyDate::on)
            }
            (None, None, None, None) => None,
        };
        let Some(mut fd) = parsed else {
            let raw = [date, year, from, to]
                .iter()
                .flatten()
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            self.warn(dob, format!("INDIVIDUAL_DATE_OF_BIRTH: bad date {raw:?}"));
            e.remarks.push(format!("date of birth: {raw}"));
            return;
        };
        match kind.as_deref() {
            Some("APPROXIMATELY") => fd = fd.circa(),
            Some("EXACT") | Some("BETWEEN") | None => {}
            Some(k) => self.warn(dob, format!("TYPE_OF_DATE: unknown value {k:?}")),
        }
        if let Some(n) = note {
            e.remarks.push(format!("date of birth {fd}: {n}"));
        }
        if !e.birth_dates.contains(&fd) {
            e.birth_dates.push(fd);
        }
    }

    fn place(&mut self, pob: &Element) -> Option<Place> {
        let fields: Vec<String> = ["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"]
            .iter()
            .filter_map(|f| pob.child_text(f))
            .map(collapse_space)
            .collect();
        if fields.is_empty() {
            return None;
        }
        let mut text = fields.join(", ");
        if let Some(n) = pob.child_text("NOTE") {
            text.push_str(&format!(" ({n})"));
        }
        let country = pob
            .child_text("COUNTRY")
            .and_then(|c| self.country(pob, "INDIVIDUAL_PLACE_OF_BIRTH/COUNTRY", c));
        Some(Place { text, country })
    }

    fn address(&mut self, a: &Element) -> Option<Address> {
        let addr = Address {
            street: a
                .child_text("STREET")
                .map(collapse_space)
                .into_iter()
                .collect(),
            city: a.child_text("CITY").map(collapse_space),
            region: a.child_text("STATE_PROVINCE").map(collapse_space),
            postal_code: a.child_text("ZIP_CODE").map(collapse_space),
            country_name: a.child_text("COUNTRY").map(collapse_space),
            country: None,
            note: a.child_text("NOTE").map(collapse_space),
        };
        if addr == Address::default() {
            return None;
        }
        let country = addr
            .country_name
            .as_deref()
            .and_then(|c| self.country(a, &format!("{}/COUNTRY", a.name), c));
        Some(Address { country, ..addr })
    }

    fn document(&mut self, doc: &Element, e: &mut Entity) {
        let label = doc.child_text("TYPE_OF_DOCUMENT").map(collapse_space);
        let number = doc.child_text("NUMBER");
        let type2 = doc.child_text("TYPE_OF_DOCUMENT2");
        let note_parts: Vec<String> = [
            type2.map(str::to_string),
            doc.child_text("CITY_OF_ISSUE")
                .map(|c| format!("issued in {c}")),
            doc.child_text("COUNTRY_OF_ISSUE")
                .map(|c| format!("country of issue {c}")),
            doc.child_text("NOTE").map(str::to_string),
        ]
        .into_iter()
        .flatten()
        .collect();
        let Some(number) = number else {
            if label.is_some() || !note_parts.is_empty() {
                let mut text = label.clone().unwrap_or_else(|| "document".to_string());
                if !note_parts.is_empty() {
                    text.push_str(": ");
                    text.push_str(&note_parts.join("; "));
                }
                e.remarks.push(text);
            }
            return;
        };
        let label = label.unwrap_or_default();
        let mut id = Identifier::new(document_kind(&label), label, number);
        let country = doc
            .child_text("ISSUING_COUNTRY")
            .or_else(|| doc.child_text("COUNTRY_OF_ISSUE"));
        id.country =
            country.and_then(|c| self.country(doc, "INDIVIDUAL_DOCUMENT/ISSUING_COUNTRY", c));
        if let Some(d) = doc.child_text("DATE_OF_ISSUE") {
            match partial_date(d) {
                Some(p) => id.issued = Some(FuzzyDate::on(p)),
                None => self.warn(doc, format!("DATE_OF_ISSUE: bad date {d:?}")),
            }
        }
        if !note_parts.is_empty() {
            id.note = Some(note_parts.join("; "));
        }
        e.identifiers.push(id);
    }
}

/// The values of `<FIELD><VALUE>..</VALUE>..</FIELD>`, blanks dropped.
fn values<'a>(el: &'a Element, field: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    el.children_named(field)
        .flat_map(|f| f.children_named("VALUE"))
        .filter_map(Element::value)
}

/// Adds a name unless the same text of the same kind is already there.
fn push_name(e: &mut Entity, name: Name) {
    if !e
        .names
        .iter()
        .any(|n| n.full == name.full && n.kind == name.kind)
    {
        e.names.push(name);
    }
}

/// Line wraps and runs of spaces made one space: the UN file wraps long
/// values (`National Identification\n   Number`, `… de\nl’Ouganda`) and
/// unwraps them in later versions.
fn collapse_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Normalises UN document types (`Passport`, `Numéro de passeport`,
/// `National Identification Number`).
fn document_kind(label: &str) -> IdentifierKind {
    let l = label.to_lowercase();
    if l.contains("passport") || l.contains("pasaporte") || l.contains("passeport") {
        IdentifierKind::Passport
    } else if l.contains("national identification")
        || l.contains("national id")
        || l.contains("identity card")
        || l.contains("identity number")
    {
        IdentifierKind::NationalId
    } else {
        IdentifierKind::Other
    }
}

/// The regime prefix of a reference number: `QD` of `QDi.001`, `KP` of
/// `KPe.075`.
fn regime_prefix(reference: &str) -> Option<&str> {
    let (head, _) = reference.split_once('.')?;
    let prefix = head.strip_suffix(['i', 'e'])?;
    (!prefix.is_empty() && prefix.bytes().all(|b| b.is_ascii_uppercase())).then_some(prefix)
}

/// Reference numbers cited in a comment (`... Jamil Mukulu (CDi.015) ...`)
/// that name another entry of the same file.
fn references(
    comment: &str,
    own: Option<&str>,
    known: &HashSet<&str>,
    source: &SourceId,
) -> Vec<Relationship> {
    let mut out: Vec<Relationship> = Vec::new();
    let bytes = comment.as_bytes();
    let mut i = 0;
    while i + 7 <= bytes.len() {
        // Two capitals, `i` or `e`, a dot, three or more digits.
        let b = &bytes[i..];
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if starts_word
            && b[0].is_ascii_uppercase()
            && b[1].is_ascii_uppercase()
            && (b[2] == b'i' || b[2] == b'e')
            && b[3] == b'.'
        {
            let digits = b[4..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits >= 3 {
                let end = i + 4 + digits;
                let ends_word = bytes.get(end).is_none_or(|c| !c.is_ascii_alphanumeric());
                let r = &comment[i..end];
                if ends_word && Some(r) != own && known.contains(r) {
                    if let Ok(target) = EntityId::new(source, r) {
                        if !out.iter().any(|x| x.target.as_ref() == Some(&target)) {
                            out.push(Relationship {
                                kind: RelationKind::Other("mentioned in COMMENTS1".to_string()),
                                target: Some(target),
                                target_name: None,
                                former: false,
                            });
                        }
                    }
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regime_prefix_is_read_from_reference() {
        assert_eq!(regime_prefix("QDi.001"), Some("QD"));
        assert_eq!(regime_prefix("KPe.075"), Some("KP"));
        assert_eq!(regime_prefix("123"), None);
    }

    #[test]
    fn references_name_known_entries_only() {
        let src = SourceId::new("un-sc").unwrap();
        let known: HashSet<&str> = ["CDi.015", "CDe.001", "QDe.092"].into_iter().collect();
        let rels = references(
            "leader of ADF (CDe.001), Jamil Mukulu (CDi.015), (JI, QDe.092), gone (CDi.999), self CDi.001",
            Some("CDi.001"),
            &known,
            &src,
        );
        let targets: Vec<&str> = rels
            .iter()
            .map(|r| r.target.as_ref().unwrap().native())
            .collect();
        assert_eq!(targets, ["CDe.001", "CDi.015", "QDe.092"]);
    }

    #[test]
    fn document_types_are_normalised() {
        assert_eq!(
            document_kind("Numéro de passeport"),
            IdentifierKind::Passport
        );
        assert_eq!(
            document_kind("National Identification Number"),
            IdentifierKind::NationalId
        );
        assert_eq!(document_kind("Driving licence"), IdentifierKind::Other);
    }

    #[test]
    fn listed_on_tolerates_zone() {
        assert_eq!(
            partial_date("2015-03-27-04:00").unwrap().to_string(),
            "2015-03-27"
        );
        assert_eq!(partial_date("1971").unwrap().to_string(), "1971");
    }
}
