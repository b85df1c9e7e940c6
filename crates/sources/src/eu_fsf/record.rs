//! The EU FSF record as every EU layout carries it (XML 1.1, CSV 1.1 and
//! the legacy 2016 XML / 2018 CSV), and its mapping to the entity model.
//!
//! The readers fill [`EuEntity`] with the file's strings, unchanged; this
//! module alone decides what they mean.

use denylist_model::{
    country_code, Address, CountryCode, Entity, EntityId, FuzzyDate, Gender, Identifier,
    IdentifierKind, Name, NameKind, NamePartKind, NameStrength, PartialDate, Place, Schema,
    SourceId,
};

use super::alpha3::alpha3_to_country;
use crate::un_sc::script::detect_script;
use crate::Warning;

/// A regulation (legal basis) of an entity or of one of its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EuRegulation {
    pub(crate) regulation_type: String,
    pub(crate) organisation_type: String,
    pub(crate) publication_date: String,
    pub(crate) entry_into_force_date: String,
    pub(crate) number_title: String,
    pub(crate) programme: String,
    pub(crate) publication_url: String,
}

/// `nameAlias`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EuName {
    pub(crate) logical_id: String,
    pub(crate) first_name: String,
    pub(crate) middle_name: String,
    pub(crate) last_name: String,
    pub(crate) whole_name: String,
    pub(crate) function: String,
    pub(crate) gender: String,
    pub(crate) title: String,
    pub(crate) name_language: String,
    /// `true`, `false` or `""` (absent).
    pub(crate) strong: String,
    pub(crate) remarks: Vec<String>,
}

/// `citizenship`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EuCitizenship {
    pub(crate) logical_id: String,
    pub(crate) region: String,
    /// ISO alpha-2 (XML/CSV 1.1) or alpha-3 (legacy).
    pub(crate) country_code: String,
    pub(crate) country_description: String,
    pub(crate) remarks: Vec<String>,
}

/// `birthdate`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EuBirthdate {
    pub(crate) logical_id: String,
    /// `@birthdate`, or the legacy free text (`1954 (approximative)`).
    pub(crate) birthdate: String,
    pub(crate) day_of_month: String,
    pub(crate) month_of_year: String,
    pub(crate) year: String,
    pub(crate) year_range_from: String,
    pub(crate) year_range_to: String,
    pub(crate) circa: String,
    pub(crate) calendar_type: String,
    pub(crate) city: String,
    pub(crate) zip_code: String,
    pub(crate) region: String,
    pub(crate) place: String,
    pub(crate) country_code: String,
    pub(crate) country_description: String,
    pub(crate) remarks: Vec<String>,
}

/// `address`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EuAddress {
    pub(crate) logical_id: String,
    pub(crate) street: String,
    pub(crate) city: String,
    pub(crate) zip_code: String,
    pub(crate) po_box: String,
    pub(crate) region: String,
    pub(crate) place: String,
    pub(crate) as_at_listing_time: String,
    pub(crate) country_code: String,
    pub(crate) country_description: String,
    /// `contactInfo` key/value pairs (CSV 1.1: one text).
    pub(crate) contact_info: Vec<(String, String)>,
    pub(crate) remarks: Vec<String>,
}

/// `identification`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EuIdentification {
    pub(crate) logical_id: String,
    pub(crate) number: String,
    pub(crate) type_code: String,
    pub(crate) type_description: String,
    pub(crate) diplomatic: String,
    pub(crate) known_expired: String,
    pub(crate) known_false: String,
    pub(crate) reported_lost: String,
    pub(crate) revoked_by_issuer: String,
    pub(crate) issue_date: String,
    pub(crate) issued_by: String,
    pub(crate) valid_from: String,
    pub(crate) valid_to: String,
    pub(crate) latin_number: String,
    pub(crate) name_on_document: String,
    pub(crate) region: String,
    pub(crate) country_code: String,
    pub(crate) country_description: String,
    pub(crate) remarks: Vec<String>,
}

/// `sanctionEntity`, or its rows in a CSV, or a legacy `ENTITY`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EuEntity {
    /// Line of the record (first row) in its file.
    pub(crate) line: u64,
    pub(crate) logical_id: String,
    pub(crate) eu_reference_number: String,
    pub(crate) united_nation_id: String,
    pub(crate) designation_date: String,
    pub(crate) designation_details: String,
    pub(crate) delisting_date: String,
    pub(crate) remarks: Vec<String>,
    /// `subjectType@code` (`person`, `enterprise`) or a legacy `P`/`E`.
    pub(crate) subject_code: String,
    /// `subjectType@classificationCode` (`P`, `E`).
    pub(crate) subject_classification: String,
    pub(crate) regulations: Vec<EuRegulation>,
    pub(crate) names: Vec<EuName>,
    pub(crate) citizenships: Vec<EuCitizenship>,
    pub(crate) birthdates: Vec<EuBirthdate>,
    pub(crate) addresses: Vec<EuAddress>,
    pub(crate) identifications: Vec<EuIdentification>,
    /// `additionalInformation` key/value pairs.
    pub(crate) additional_information: Vec<(String, String)>,
}

/// Trimmed, `None` when blank.
fn opt(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

fn is_true(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "true" | "yes" | "1" | "y"
    )
}

/// A country as the EU files give it: ISO alpha-2 (`IQ`), alpha-3 (`IRQ`,
/// legacy) or `00`/`UNKNOWN` (unknown), else the description.
fn eu_country(code: &str, description: &str) -> Option<CountryCode> {
    let code = code.trim();
    let from_code = match code.len() {
        2 if code != "00" => CountryCode::new(code).ok(),
        3 => alpha3_to_country(code),
        _ => None,
    };
    from_code.or_else(|| {
        opt(description)
            .filter(|d| !d.eq_ignore_ascii_case("unknown"))
            .and_then(country_code)
    })
}

/// Maps EU entities, warning about odd values.
pub(crate) struct Mapper<'a> {
    pub(crate) file: &'a str,
    pub(crate) source: &'a SourceId,
    pub(crate) warnings: Vec<Warning>,
}

impl Mapper<'_> {
    fn warn(&mut self, line: u64, message: impl Into<String>) {
        self.warnings
            .push(Warning::new(self.file, Some(line), message));
    }

    /// The entity, or `None` (with a warning) when it has no id or name.
    pub(crate) fn map(&mut self, r: &EuEntity) -> Option<Entity> {
        let line = r.line;
        let id = match EntityId::new(self.source, r.logical_id.trim()) {
            Ok(id) => id,
            Err(e) => {
                self.warn(line, format!("record skipped: {e}"));
                return None;
            }
        };
        let schema = self.schema(r);
        let mut e = Entity::new(id, schema);

        for (label, v) in [
            ("euReferenceNumber", &r.eu_reference_number),
            ("unitedNationId", &r.united_nation_id),
            ("designationDetails", &r.designation_details),
            ("delistingDate", &r.delisting_date),
        ] {
            if let Some(v) = opt(v) {
                e.add_property(label, v);
            }
        }
        for (k, v) in &r.additional_information {
            if let Some(v) = opt(v) {
                e.add_property(k.trim(), v);
            }
        }
        for reg in &r.regulations {
            if let Some(p) = opt(&reg.programme) {
                if !e.programs.iter().any(|x| x == p) {
                    e.programs.push(p.to_string());
                }
            }
            if let Some(n) = opt(&reg.number_title) {
                e.add_property("regulation", n);
            }
            if let Some(u) = opt(&reg.publication_url) {
                e.add_property("regulationUrl", u);
            }
        }
        e.listed_on = opt(&r.designation_date)
            .or_else(|| r.regulations.first().and_then(|g| opt(&g.publication_date)))
            .and_then(iso_date)
            .map(FuzzyDate::on);
        for rem in &r.remarks {
            if let Some(t) = opt(rem) {
                e.remarks.push(t.to_string());
            }
        }

        self.names(r, &mut e);
        if e.names.is_empty() {
            self.warn(line, format!("{}: no name; record skipped", e.id));
            return None;
        }
        for c in &r.citizenships {
            self.citizenship(line, c, &mut e);
        }
        for b in &r.birthdates {
            self.birthdate(line, b, &mut e);
        }
        for a in &r.addresses {
            self.address(line, a, &mut e);
        }
        for i in &r.identifications {
            self.identification(line, i, &mut e);
        }
        Some(e)
    }

    fn schema(&mut self, r: &EuEntity) -> Schema {
        let code = r.subject_code.trim().to_ascii_lowercase();
        let class = r.subject_classification.trim().to_ascii_lowercase();
        let is = |v: &str| code == v || class == v;
        if is("person") || is("p") {
            Schema::Person
        } else if is("enterprise") || is("e") {
            Schema::Organization
        } else {
            self.warn(
                r.line,
                format!(
                    "{}: unknown subject type {:?}/{:?}; read as an organisation",
                    r.logical_id, r.subject_code, r.subject_classification
                ),
            );
            Schema::Organization
        }
    }

    fn names(&mut self, r: &EuEntity, e: &mut Entity) {
        for n in &r.names {
            let whole = match opt(&n.whole_name) {
                Some(w) => w.to_string(),
                None => [&n.first_name, &n.middle_name, &n.last_name]
                    .iter()
                    .filter_map(|p| opt(p))
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            if whole.is_empty() {
                continue;
            }
            let strength = match n.strong.trim().to_ascii_lowercase().as_str() {
                "true" => NameStrength::Strong,
                "false" => NameStrength::Weak,
                _ => NameStrength::Unknown,
            };
            // There is no primary flag: the first name is filed as primary.
            let primary = e.names.is_empty();
            let kind = if primary {
                NameKind::Primary
            } else {
                NameKind::Aka
            };
            let strength = if primary && strength == NameStrength::Unknown {
                NameStrength::Strong
            } else {
                strength
            };
            let mut name = Name::new(whole.clone(), kind, strength)
                .with_part(NamePartKind::Given, n.first_name.trim())
                .with_part(NamePartKind::Middle, n.middle_name.trim())
                .with_part(NamePartKind::Family, n.last_name.trim());
            if schema_is_org(e) && name.parts.is_empty() {
                name = name.with_part(NamePartKind::Whole, whole.as_str());
            }
            if let Some(t) = opt(&n.title) {
                name = name.with_part(NamePartKind::Title, t);
                if !e.titles.iter().any(|x| x == t) {
                    e.titles.push(t.to_string());
                }
            }
            name.lang = opt(&n.name_language).map(str::to_ascii_lowercase);
            name.script = detect_script(&whole).map(str::to_string);
            if let Some(f) = opt(&n.function) {
                if !e.titles.iter().any(|x| x == f) {
                    e.titles.push(f.to_string());
                }
            }
            match n.gender.trim().to_ascii_uppercase().as_str() {
                "M" | "MALE" if e.gender.is_none() => e.gender = Some(Gender::Male),
                "F" | "FEMALE" if e.gender.is_none() => e.gender = Some(Gender::Female),
                _ => {}
            }
            for rem in &n.remarks {
                if let Some(t) = opt(rem) {
                    e.remarks.push(format!("{whole}: {t}"));
                }
            }
            // Legacy files repeat a name once per regulation.
            if let Some(old) = e.names.iter_mut().find(|x| x.full == name.full) {
                if old.parts.is_empty() {
                    old.parts = name.parts;
                }
                continue;
            }
            e.names.push(name);
        }
    }

    fn citizenship(&mut self, line: u64, c: &EuCitizenship, e: &mut Entity) {
        if opt(&c.country_code).is_none() && opt(&c.country_description).is_none() {
            return;
        }
        match eu_country(&c.country_code, &c.country_description) {
            Some(cc) if !e.citizenships.contains(&cc) => e.citizenships.push(cc),
            Some(_) => {}
            None if c.country_code.trim() == "00" => {}
            None => self.warn(
                line,
                format!(
                    "citizenship: unknown country {:?} {:?}",
                    c.country_code, c.country_description
                ),
            ),
        }
        if let Some(region) = opt(&c.region) {
            e.add_property("citizenshipRegion", region);
        }
        for rem in &c.remarks {
            if let Some(t) = opt(rem) {
                e.remarks.push(format!("citizenship: {t}"));
            }
        }
    }

    fn birthdate(&mut self, line: u64, b: &EuBirthdate, e: &mut Entity) {
        match self.birth_fuzzy(line, b) {
            Some(fd) => {
                if !e.birth_dates.contains(&fd) {
                    e.birth_dates.push(fd);
                }
            }
            None => {
                if let Some(raw) = opt(&b.birthdate).filter(|r| !r.eq_ignore_ascii_case("n/a")) {
                    e.remarks.push(format!("date of birth: {raw}"));
                }
            }
        }
        let parts: Vec<&str> = [&b.place, &b.city, &b.region, &b.zip_code]
            .iter()
            .filter_map(|p| opt(p))
            .collect();
        let country = eu_country(&b.country_code, &b.country_description);
        if !parts.is_empty() || country.is_some() {
            let mut text = parts.join(", ");
            let desc = opt(&b.country_description).filter(|d| !d.eq_ignore_ascii_case("unknown"));
            if let Some(d) = desc.or(country.and_then(|c| c.name())) {
                if !text.is_empty() {
                    text.push_str(", ");
                }
                text.push_str(d);
            } else if text.is_empty() {
                if let Some(c) = country {
                    text = c.to_string();
                }
            }
            let place = Place { text, country };
            if !e.birth_places.contains(&place) {
                e.birth_places.push(place);
            }
        }
        for rem in &b.remarks {
            if let Some(t) = opt(rem) {
                e.remarks.push(format!("date of birth: {t}"));
            }
        }
    }

    /// The date of a `birthdate`: `@birthdate`, else day/month/year, else a
    /// year range; `@circa` makes it approximate. Legacy text
    /// (`1954 (approximative)`, `1960 - 1962 (approximative)`) too.
    fn birth_fuzzy(&mut self, line: u64, b: &EuBirthdate) -> Option<FuzzyDate> {
        let num = |s: &str| opt(s).and_then(|v| v.parse::<i64>().ok());
        let mut fd = None;
        if let Some(raw) = opt(&b.birthdate).filter(|r| !r.eq_ignore_ascii_case("n/a")) {
            fd = legacy_date(raw);
            if fd.is_none() {
                self.warn(line, format!("birthdate: bad date {raw:?}"));
            }
        }
        if fd.is_none() {
            if let Some(y) = num(&b.year).and_then(|y| i32::try_from(y).ok()) {
                let month = num(&b.month_of_year).and_then(|m| u8::try_from(m).ok());
                let day = num(&b.day_of_month).and_then(|d| u8::try_from(d).ok());
                let p = match (month, day) {
                    (Some(m), Some(d)) => PartialDate::day(y, m, d).ok(),
                    (Some(m), None) => PartialDate::month(y, m).ok(),
                    _ => Some(PartialDate::year(y)),
                };
                if p.is_none() {
                    self.warn(line, format!("birthdate: bad date {y}-{month:?}-{day:?}"));
                }
                fd = p.map(FuzzyDate::on);
            }
        }
        if fd.is_none() {
            let from = num(&b.year_range_from).and_then(|y| i32::try_from(y).ok());
            let to = num(&b.year_range_to).and_then(|y| i32::try_from(y).ok());
            fd = match (from, to) {
                (Some(f), Some(t)) => {
                    Some(FuzzyDate::range(PartialDate::year(f), PartialDate::year(t)))
                }
                (Some(y), None) | (None, Some(y)) => Some(FuzzyDate::on(PartialDate::year(y))),
                (None, None) => None,
            };
        }
        let mut fd = fd?;
        if is_true(&b.circa) {
            fd = fd.circa();
        }
        if let Some(cal) = opt(&b.calendar_type) {
            if !cal.eq_ignore_ascii_case("gregorian") {
                let text = format!("{fd} ({cal} calendar)");
                fd = fd.with_text(text);
            }
        }
        Some(fd)
    }

    fn address(&mut self, line: u64, a: &EuAddress, e: &mut Entity) {
        let mut street: Vec<String> = Vec::new();
        if let Some(s) = opt(&a.street) {
            street.push(s.to_string());
        }
        if let Some(p) = opt(&a.po_box) {
            street.push(format!("P.O. Box {p}"));
        }
        let country = eu_country(&a.country_code, &a.country_description);
        let country_name = opt(&a.country_description)
            .filter(|d| !d.eq_ignore_ascii_case("unknown"))
            .map(str::to_string)
            .or_else(|| country.and_then(|c| c.name()).map(str::to_string));
        let mut notes: Vec<String> = Vec::new();
        if let Some(p) = opt(&a.place) {
            notes.push(p.to_string());
        }
        if is_true(&a.as_at_listing_time) {
            notes.push("as at listing time".to_string());
        }
        for (k, v) in &a.contact_info {
            if let Some(v) = opt(v) {
                match opt(k) {
                    Some(k) => notes.push(format!("{k}: {v}")),
                    None => notes.push(v.to_string()),
                }
            }
        }
        notes.extend(a.remarks.iter().filter_map(|r| opt(r)).map(str::to_string));
        let addr = Address {
            street,
            city: opt(&a.city).map(str::to_string),
            region: opt(&a.region).map(str::to_string),
            postal_code: opt(&a.zip_code).map(str::to_string),
            country_name,
            country,
            note: (!notes.is_empty()).then(|| notes.join("; ")),
        };
        if addr == Address::default() {
            return;
        }
        if addr.country.is_none() && opt(&a.country_code).is_some_and(|c| c != "00") {
            self.warn(
                line,
                format!("address: unknown country {:?}", a.country_code),
            );
        }
        if !e.addresses.contains(&addr) {
            e.addresses.push(addr);
        }
    }

    fn identification(&mut self, line: u64, i: &EuIdentification, e: &mut Entity) {
        let Some(number) = opt(&i.number).or_else(|| opt(&i.latin_number)) else {
            let rest: Vec<&str> = [&i.type_description, &i.issued_by]
                .iter()
                .filter_map(|s| opt(s))
                .chain(i.remarks.iter().filter_map(|r| opt(r)))
                .collect();
            if !rest.is_empty() {
                e.remarks
                    .push(format!("identification: {}", rest.join("; ")));
            }
            return;
        };
        let label = opt(&i.type_description)
            .or_else(|| opt(&i.type_code))
            .unwrap_or("identification")
            .to_string();
        let mut id = Identifier::new(identification_kind(&i.type_code, &label), label, number);
        id.country = eu_country(&i.country_code, &i.country_description);
        id.issued = opt(&i.issue_date).and_then(iso_date).map(FuzzyDate::on);
        id.expires = opt(&i.valid_to).and_then(iso_date).map(FuzzyDate::on);
        let mut notes: Vec<String> = Vec::new();
        for (flag, text) in [
            (&i.diplomatic, "diplomatic"),
            (&i.known_expired, "known to be expired"),
            (&i.known_false, "known to be false"),
            (&i.reported_lost, "reported lost"),
            (&i.revoked_by_issuer, "revoked by issuer"),
        ] {
            if is_true(flag) {
                notes.push(text.to_string());
            }
        }
        if let Some(v) = opt(&i.issued_by) {
            notes.push(format!("issued by {v}"));
        }
        if let Some(v) = opt(&i.valid_from) {
            notes.push(format!("valid from {v}"));
        }
        if let Some(v) = opt(&i.latin_number).filter(|v| *v != number) {
            notes.push(format!("latin number {v}"));
        }
        if let Some(v) = opt(&i.name_on_document) {
            notes.push(format!("name on document: {v}"));
        }
        if let Some(v) = opt(&i.region) {
            notes.push(v.to_string());
        }
        notes.extend(i.remarks.iter().filter_map(|r| opt(r)).map(str::to_string));
        if !notes.is_empty() {
            id.note = Some(notes.join("; "));
        }
        if id.country.is_none() && opt(&i.country_code).is_some_and(|c| c != "00") {
            self.warn(
                line,
                format!("identification: unknown country {:?}", i.country_code),
            );
        }
        if !e.identifiers.contains(&id) {
            e.identifiers.push(id);
        }
    }
}

fn schema_is_org(e: &Entity) -> bool {
    e.schema != Schema::Person
}

/// `YYYY-MM-DD` (a time suffix is ignored).
pub(crate) fn iso_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    s.get(..10).unwrap_or(s).parse().ok()
}

/// A legacy birth date text: `1937-04-28`, `1954`, `1954 (approximative)`,
/// `1960 - 1962 (approximative)`.
fn legacy_date(raw: &str) -> Option<FuzzyDate> {
    let mut s = raw.trim();
    let mut circa = false;
    if let Some(i) = s.find('(') {
        circa = s[i..].to_ascii_lowercase().contains("approx");
        s = s[..i].trim();
    }
    let fd = if let Some(d) = iso_date(s).filter(|_| s.len() == 10) {
        FuzzyDate::on(d)
    } else if let Some((a, b)) = s.split_once(" - ") {
        FuzzyDate::range(a.trim().parse().ok()?, b.trim().parse().ok()?)
    } else {
        FuzzyDate::on(s.parse().ok()?)
    };
    let fd = if circa { fd.circa() } else { fd };
    Some(
        if s != raw.trim() || raw.trim().len() != 10 && raw.trim().len() != 4 {
            fd.with_text(raw.trim())
        } else {
            fd
        },
    )
}

/// A legacy identification text: `AD001095 (passport-National passport)
/// ((passport))`, `X (passport-National passport) [known to be
/// expired](issued in ...)`: the number, then `(code-description)`, then
/// flags in brackets and remarks in parentheses.
pub(crate) fn legacy_identification(text: &str, country: &str) -> EuIdentification {
    let text = text.trim();
    let mut id = EuIdentification {
        country_code: country.trim().to_string(),
        ..EuIdentification::default()
    };
    let (number, rest) = match text.find(" (") {
        Some(i) => (&text[..i], text[i + 1..].trim()),
        None => (text, ""),
    };
    id.number = number.trim().to_string();
    let mut rest = rest;
    if let Some(inner) = rest.strip_prefix('(') {
        if let Some(end) = inner.find(')') {
            let ty = &inner[..end];
            match ty.split_once('-') {
                Some((code, desc)) => {
                    id.type_code = code.trim().to_string();
                    id.type_description = desc.trim().to_string();
                }
                None => id.type_description = ty.trim().to_string(),
            }
            rest = inner[end + 1..].trim();
        }
    }
    let lower = rest.to_ascii_lowercase();
    for (flag, slot) in [
        ("[known to be expired]", &mut id.known_expired),
        ("[known to be false]", &mut id.known_false),
        ("[reported lost]", &mut id.reported_lost),
        ("[revoked by issuer]", &mut id.revoked_by_issuer),
        ("[diplomatic]", &mut id.diplomatic),
    ] {
        if lower.contains(flag) {
            *slot = "true".to_string();
        }
    }
    let mut remark = rest.to_string();
    while let Some(start) = remark.find('[') {
        match remark[start..].find(']') {
            Some(end) => remark.replace_range(start..start + end + 1, ""),
            None => break,
        }
    }
    let remark = remark
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    if !remark.is_empty() {
        id.remarks.push(remark.to_string());
    }
    id
}

/// EU identification type codes (`passport`, `id`, `fiscalcode`, `regnumber`,
/// `swiftbic`, `other`...) to identifier kinds.
fn identification_kind(code: &str, label: &str) -> IdentifierKind {
    let code = code.trim().to_ascii_lowercase();
    let label = label.to_ascii_lowercase();
    match code.as_str() {
        "passport" | "diplomaticpassport" => return IdentifierKind::Passport,
        "id" | "nationalid" | "ssn" => return IdentifierKind::NationalId,
        "fiscalcode" | "tin" | "tax" => return IdentifierKind::TaxId,
        "regnumber" | "registration" => return IdentifierKind::Registration,
        "swiftbic" | "swift" => return IdentifierKind::SwiftBic,
        "imo" => return IdentifierKind::Imo,
        "drivinglicence" | "drivinglicense" => return IdentifierKind::DriversLicense,
        _ => {}
    }
    if label.contains("passport") {
        IdentifierKind::Passport
    } else if label.contains("identification card") || label.contains("identity card") {
        IdentifierKind::NationalId
    } else if label.contains("imo") {
        IdentifierKind::Imo
    } else if label.contains("tax") || label.contains("fiscal") {
        IdentifierKind::TaxId
    } else if label.contains("registration") {
        IdentifierKind::Registration
    } else {
        IdentifierKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_dates_keep_precision_and_circa() {
        let d = legacy_date("1937-04-28").unwrap();
        assert_eq!(d.to_string(), "1937-04-28");
        assert!(d.text.is_none());
        let d = legacy_date("1954 (approximative)").unwrap();
        assert_eq!(d.to_string(), "circa 1954");
        let d = legacy_date("1960 - 1962 (approximative)").unwrap();
        assert_eq!(d.to_string(), "circa 1960 to 1962");
        assert!(legacy_date("sometime").is_none());
    }

    #[test]
    fn countries_read_alpha2_alpha3_and_unknown() {
        assert_eq!(eu_country("IQ", "IRAQ").unwrap().as_str(), "IQ");
        assert_eq!(eu_country("IRQ", "").unwrap().as_str(), "IQ");
        assert!(eu_country("00", "UNKNOWN").is_none());
    }

    #[test]
    fn legacy_identification_text_is_split() {
        let i = legacy_identification("AD001095 (passport-National passport) ((passport))", "");
        assert_eq!(i.number, "AD001095");
        assert_eq!(i.type_code, "passport");
        assert_eq!(i.type_description, "National passport");
        assert_eq!(i.remarks, ["passport"]);
        let i = legacy_identification(
            "123 (passport-National passport) [known to be expired](issued in kuwait)",
            "KWT",
        );
        assert_eq!(i.known_expired, "true");
        assert_eq!(i.remarks, ["issued in kuwait"]);
        assert_eq!(i.country_code, "KWT");
    }

    #[test]
    fn identification_codes_map_to_kinds() {
        assert_eq!(
            identification_kind("passport", "National passport"),
            IdentifierKind::Passport
        );
        assert_eq!(
            identification_kind("id", "National identification card"),
            IdentifierKind::NationalId
        );
        assert_eq!(
            identification_kind("other", "Other identification number"),
            IdentifierKind::Other
        );
    }
}
