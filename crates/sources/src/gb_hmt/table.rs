//! The native ConList table (rows keyed by column name, both layouts) and
//! its mapping to entities.
//!
//! Mapping, per `Group ID` (rows in file order):
//! - `Group Type`: Individual → Person, Entity → Organization, Ship → Vessel;
//! - each row is one name: `Name 1`…`Name 5` then `Name 6` (the family or
//!   entity name), with parts; `Alias Type` gives the kind (`Prime Alias` /
//!   `Primary name` → primary, `Primary name variation` → variation, `AKA`,
//!   `FKA`) and `Alias Quality` (2022) the strength: `Good quality` strong,
//!   `Low quality` weak, blank unknown; `Name Non-Latin Script` (2022) is an
//!   original-script name with its script and language;
//! - `DOB` `DD/MM/YYYY`, `00/MM/YYYY` (month), `00/00/YYYY` or `YYYY`
//!   (year), `MM/YYYY`; every distinct value is kept;
//! - inline lists `1) X 2) Y` and `(1) X (2) Y` are split in `Town/Country
//!   of Birth`, `Nationality`, `Passport …`, `National Identification …`,
//!   `NI Number` and `Position`;
//! - `Address 1`-`6`, `Post/Zip Code`, `Country` → an address;
//! - `Other Information`: the 2022 `(Key):value` pairs (`UK Sanctions List
//!   Ref`, `UN Ref`, `Gender`, `Phone number`, `Email address`, `Website`,
//!   `Business Reg No`, `IMO number`, ship particulars, …) map to fields,
//!   identifiers or properties; the rest is a remark;
//! - `Regime` → programs, `Listed On` → `listed_on`; `Last Updated`, `UK
//!   Sanctions List Date Designated` and `Title` are kept.

use std::collections::HashMap;

use chrono::NaiveDate;
use denylist_model::{
    country_code, Address, Entity, EntityId, FuzzyDate, Gender, Identifier, IdentifierKind, Name,
    NameKind, NamePartKind, NameStrength, PartialDate, Place, Schema, SourceId, VesselInfo,
};

use crate::{ParseError, ParseOptions, ParsedList, Warning};

/// One data row: its line (CSV line or sheet row) and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HmtRow {
    /// 1-based line.
    pub line: u64,
    /// Cells in header order.
    pub cells: Vec<String>,
}

/// A whole ConList file.
#[derive(Debug, Clone)]
pub(crate) struct HmtTable {
    index: HashMap<String, usize>,
    rows: Vec<HmtRow>,
    published: Option<NaiveDate>,
}

impl HmtTable {
    /// A table from its header, rows and `Last Updated` date.
    pub(crate) fn new(
        header: Vec<String>,
        mut rows: Vec<HmtRow>,
        published: Option<NaiveDate>,
    ) -> Self {
        // Cells are trimmed once here, not on every read.
        for row in &mut rows {
            for cell in &mut row.cells {
                if cell.trim().len() != cell.len() {
                    *cell = cell.trim().to_string();
                }
            }
        }
        let index = header
            .into_iter()
            .enumerate()
            .map(|(i, h)| (h, i))
            .collect();
        HmtTable {
            index,
            rows,
            published,
        }
    }

    fn get<'r>(&self, row: &'r HmtRow, column: &str) -> &'r str {
        self.index
            .get(column)
            .and_then(|&i| row.cells.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// `DD/MM/YYYY` as a date.
pub(crate) fn parse_dmy(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y").ok()
}

/// A ConList DOB: `DD/MM/YYYY`, `00/MM/YYYY`, `00/00/YYYY`, `MM/YYYY`,
/// `YYYY`.
pub(crate) fn parse_dob(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    let parts: Vec<&str> = s.split('/').map(str::trim).collect();
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let year = |p: &str| -> Option<i32> {
        (p.len() == 4)
            .then(|| num(p))
            .flatten()
            .map(|y| y as i32)
            .filter(|y| *y >= 1000)
    };
    match parts.as_slice() {
        [y] => Some(PartialDate::year(year(y)?)),
        [m, y] => {
            let (m, y) = (num(m)?, year(y)?);
            if m == 0 {
                Some(PartialDate::year(y))
            } else {
                PartialDate::month(y, m as u8).ok()
            }
        }
        [d, m, y] => {
            let (d, m, y) = (num(d)?, num(m)?, year(y)?);
            match (d, m) {
                (_, 0) => Some(PartialDate::year(y)),
                (0, m) => PartialDate::month(y, m as u8).ok(),
                (d, m) => PartialDate::day(y, m as u8, d as u8).ok(),
            }
        }
        _ => None,
    }
}

/// Splits the inline lists `1) X 2) Y` and `(1) X (2) Y`; other text is one
/// item.
pub(crate) fn split_numbered(text: &str) -> Vec<String> {
    let t = text.trim();
    let paren = t.starts_with("(1)");
    if !paren && !t.starts_with("1)") {
        return if t.is_empty() {
            Vec::new()
        } else {
            vec![t.to_string()]
        };
    }
    let mut out = Vec::new();
    let mut rest = &t[if paren { 3 } else { 2 }..];
    let mut n = 2;
    loop {
        let marker = if paren {
            format!("({n})")
        } else {
            format!("{n})")
        };
        let hit = rest.match_indices(&marker).find(|(i, _)| {
            *i == 0
                || rest[..*i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_whitespace() || c == ',' || c == ';' || c == '.')
        });
        match hit {
            Some((i, m)) => {
                out.push(
                    rest[..i]
                        .trim()
                        .trim_end_matches([',', ';'])
                        .trim()
                        .to_string(),
                );
                rest = &rest[i + m.len()..];
                n += 1;
            }
            None => {
                out.push(rest.trim().to_string());
                break;
            }
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The `(Key):value` pairs of the 2022 `Other Information`, with the text
/// before the first key (if any).
pub(crate) fn split_other_information(text: &str) -> (String, Vec<(String, String)>) {
    const KEYS: &[&str] = &[
        "UK Sanctions List Ref",
        "UK Statement of Reasons",
        "UN Ref",
        "Gender",
        "Phone number",
        "Email address",
        "Type of entity",
        "Website",
        "Parent company",
        "Business Reg No",
        "Subsidiaries",
        "IMO number",
        "Flag of ship",
        "Type of ship",
        "Tonnage of ship",
        "Length of ship",
        "Year built",
        "Current owners",
        "Fax",
        "Previous flags",
        "Tel",
    ];
    // One pass over the `(`s: at most one key fits at each, since a key is
    // followed by `):` right away.
    let mut hits: Vec<(usize, usize, &str)> = Vec::new();
    for (i, _) in text.match_indices('(') {
        let after = &text[i + 1..];
        if let Some(key) = KEYS
            .iter()
            .find(|k| after.starts_with(**k) && after[k.len()..].starts_with("):"))
        {
            hits.push((i, i + 1 + key.len() + 2, key));
        }
    }
    let lead_end = hits.first().map(|h| h.0).unwrap_or(text.len());
    let lead = text[..lead_end].trim().to_string();
    let mut pairs = Vec::new();
    for (k, &(_, start, key)) in hits.iter().enumerate() {
        let end = hits.get(k + 1).map(|h| h.0).unwrap_or(text.len());
        if start <= end {
            let v = text[start..end].trim();
            let v = v.strip_suffix('.').unwrap_or(v).trim();
            pairs.push((key.to_string(), v.to_string()));
        }
    }
    (lead, pairs)
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

fn add_property_unique(e: &mut Entity, key: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    if !e
        .properties
        .get(key)
        .is_some_and(|v| v.iter().any(|x| x == value))
    {
        e.add_property(key, value);
    }
}

/// Groups the rows by `Group ID` and maps them; builds the parsed list.
pub(crate) fn to_list(
    file: &str,
    format: &'static str,
    table: HmtTable,
    mut warnings: Vec<Warning>,
    options: &ParseOptions,
) -> Result<ParsedList, ParseError> {
    let source = match &options.source {
        Some(s) => s.clone(),
        None => SourceId::new(super::SOURCE).map_err(|e| ParseError::FileSet {
            message: e.to_string(),
        })?,
    };
    let mut order: Vec<&str> = Vec::new();
    let mut groups: HashMap<&str, Vec<&HmtRow>> = HashMap::new();
    for row in &table.rows {
        let gid = table.get(row, "Group ID");
        if gid.is_empty() {
            warnings.push(Warning::new(
                file,
                Some(row.line),
                "row has no Group ID; skipped",
            ));
            continue;
        }
        let g = groups.entry(gid).or_default();
        if g.is_empty() {
            order.push(gid);
        }
        g.push(row);
    }
    let mut entities = Vec::with_capacity(order.len());
    for gid in order {
        let Some(rows) = groups.get(gid) else {
            continue;
        };
        if let Some(e) = map_group(&table, &source, file, gid, rows, &mut warnings) {
            entities.push(e);
        }
    }
    Ok(ParsedList {
        source,
        format,
        published: table.published.or(options.as_of),
        entities,
        warnings,
        record_count: table.rows.len(),
    })
}

fn name_kind(alias_type: &str) -> Option<NameKind> {
    match alias_type.trim().to_lowercase().as_str() {
        "prime alias" | "primary name" | "primary" => Some(NameKind::Primary),
        "primary name variation" => Some(NameKind::Variation),
        "aka" | "alias" => Some(NameKind::Aka),
        "fka" => Some(NameKind::Fka),
        "nka" => Some(NameKind::Nka),
        _ => None,
    }
}

/// ISO 15924 code of a script as the UK lists name it (`Cyrillic`).
pub(crate) fn script_code(script: &str) -> Option<&'static str> {
    Some(match script.trim().to_lowercase().as_str() {
        "cyrillic" => "Cyrl",
        "arabic" | "persian" => "Arab",
        "chinese" => "Hani",
        "georgian" => "Geor",
        "hebrew" => "Hebr",
        "hangul" | "korean" => "Hang",
        "thai" => "Thai",
        "greek" => "Grek",
        "armenian" => "Armn",
        _ => return None,
    })
}

/// ISO 639-1 code of a language as the UK lists name it (`Russian`).
pub(crate) fn lang_code(lang: &str) -> Option<&'static str> {
    Some(match lang.trim().to_lowercase().as_str() {
        "russian" => "ru",
        "persian" | "farsi" => "fa",
        "arabic" => "ar",
        "belarusian" => "be",
        "ukrainian" => "uk",
        "chinese" => "zh",
        "georgian" => "ka",
        "hebrew" => "he",
        "korean" => "ko",
        "thai" => "th",
        "greek" => "el",
        _ => return None,
    })
}

fn map_group(
    t: &HmtTable,
    source: &SourceId,
    file: &str,
    gid: &str,
    rows: &[&HmtRow],
    warnings: &mut Vec<Warning>,
) -> Option<Entity> {
    let first = rows.first()?;
    let id = match EntityId::new(source, gid) {
        Ok(id) => id,
        Err(e) => {
            warnings.push(Warning::new(
                file,
                Some(first.line),
                format!("{e}; skipped"),
            ));
            return None;
        }
    };
    let group_type = t.get(first, "Group Type");
    let schema = match Schema::parse(group_type) {
        Some(s) => s,
        None => {
            warnings.push(Warning::new(
                file,
                Some(first.line),
                format!("unknown Group Type {group_type:?}; read as Organization"),
            ));
            Schema::Organization
        }
    };
    let mut e = Entity::new(id, schema);
    for row in rows {
        map_name(t, &mut e, row, file, warnings);
    }
    // The primary name first.
    if let Some(p) = e.names.iter().position(|n| n.kind == NameKind::Primary) {
        let primary = e.names.remove(p);
        e.names.insert(0, primary);
    } else if let Some(n) = e.names.first_mut() {
        n.kind = NameKind::Primary;
        n.strength = NameStrength::Strong;
    }
    if e.names.is_empty() {
        warnings.push(Warning::new(
            file,
            Some(first.line),
            "group has no name; skipped",
        ));
        return None;
    }
    // The rows of a group repeat most facts (one row per name × date of
    // birth × address): each distinct value is mapped once.
    let mut seen = Seen::default();
    for row in rows {
        map_facts(t, &mut e, row, file, warnings, &mut seen);
    }
    Some(e)
}

/// The fact values already mapped for a group, by fact.
#[derive(Default)]
struct Seen<'r>(std::collections::HashSet<(Fact, Vec<&'r str>)>);

/// A fact of a row, made of one or a few cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Fact {
    Titles,
    Dob,
    BirthPlaces,
    Nationality,
    Documents,
    Address,
    OtherInformation,
    Regime,
    Dates,
}

impl<'r> Seen<'r> {
    /// True the first time these cells are seen for this fact.
    fn first(&mut self, fact: Fact, cells: &[&'r str]) -> bool {
        self.0.insert((fact, cells.to_vec()))
    }
}

fn map_name(t: &HmtTable, e: &mut Entity, row: &HmtRow, file: &str, warnings: &mut Vec<Warning>) {
    let parts: Vec<&str> = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6"]
        .iter()
        .map(|c| t.get(row, c))
        .collect();
    let full = parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let alias_type = t.get(row, "Alias Type");
    let kind = name_kind(alias_type).unwrap_or_else(|| {
        if !alias_type.is_empty() {
            warnings.push(Warning::new(
                file,
                Some(row.line),
                format!("unknown Alias Type {alias_type:?}; read as AKA"),
            ));
        }
        NameKind::Aka
    });
    let kind = if kind == NameKind::Primary
        && e.names
            .iter()
            .any(|n| n.kind == NameKind::Primary && n.full != full)
    {
        NameKind::Variation
    } else {
        kind
    };
    let strength = match (kind, t.get(row, "Alias Quality").to_lowercase().as_str()) {
        (NameKind::Primary, _) | (NameKind::Variation, "") => NameStrength::Strong,
        (_, q) if q.starts_with("good") => NameStrength::Strong,
        (_, q) if q.starts_with("low") => NameStrength::Weak,
        _ => NameStrength::Unknown,
    };
    if !full.is_empty() && !e.names.iter().any(|n| n.full == full) {
        let mut name = Name::new(full, kind, strength);
        let is_person = e.schema == Schema::Person;
        for (i, p) in parts.iter().enumerate() {
            let pk = match (i, is_person) {
                (5, true) => NamePartKind::Family,
                (5, false) => NamePartKind::Whole,
                (0, _) => NamePartKind::Given,
                _ => NamePartKind::Middle,
            };
            name = name.with_part(pk, *p);
        }
        let title = t.get(row, "Title");
        if !title.is_empty() {
            name = name.with_part(NamePartKind::Title, title);
        }
        e.names.push(name);
    }
    let non_latin = t.get(row, "Name Non-Latin Script");
    if !non_latin.is_empty() && !e.names.iter().any(|n| n.full == non_latin) {
        let mut n = Name::new(non_latin, NameKind::OriginalScript, NameStrength::Unknown);
        n.script = script_code(t.get(row, "Non-Latin Script Type")).map(str::to_string);
        n.lang = lang_code(t.get(row, "Non-Latin Script Language")).map(str::to_string);
        e.names.push(n);
    }
}

fn map_facts<'r>(
    t: &HmtTable,
    e: &mut Entity,
    row: &'r HmtRow,
    file: &str,
    warnings: &mut Vec<Warning>,
    seen: &mut Seen<'r>,
) {
    let line = Some(row.line);
    let title = t.get(row, "Title");
    let position = t.get(row, "Position");
    if seen.first(Fact::Titles, &[title, position]) {
        for x in split_numbered(title) {
            push_unique(&mut e.titles, x);
        }
        for p in split_numbered(position) {
            push_unique(&mut e.titles, p);
        }
    }
    let dob = t.get(row, "DOB");
    if !dob.is_empty() && seen.first(Fact::Dob, &[dob]) {
        match parse_dob(dob) {
            Some(d) => push_unique(&mut e.birth_dates, FuzzyDate::on(d)),
            None => {
                let remark = format!("DOB {dob}");
                if !e.remarks.contains(&remark) {
                    warnings.push(Warning::new(
                        file,
                        line,
                        format!("unreadable DOB {dob:?}; kept as remark"),
                    ));
                    e.remarks.push(remark);
                }
            }
        }
    }
    // Places of birth: towns and countries pair up by position.
    let (town, country) = (t.get(row, "Town of Birth"), t.get(row, "Country of Birth"));
    let (towns, countries) = if seen.first(Fact::BirthPlaces, &[town, country]) {
        (split_numbered(town), split_numbered(country))
    } else {
        (Vec::new(), Vec::new())
    };
    let n = towns.len().max(countries.len());
    for i in 0..n {
        let town = towns.get(i).or(if towns.len() == 1 {
            towns.first()
        } else {
            None
        });
        let country = countries.get(i).or(if countries.len() == 1 {
            countries.first()
        } else {
            None
        });
        let text = [town, country]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let place = Place {
            text,
            country: country.and_then(|c| country_code(c)),
        };
        push_unique(&mut e.birth_places, place);
    }
    let nationality = t.get(row, "Nationality");
    let nationalities = if seen.first(Fact::Nationality, &[nationality]) {
        split_numbered(nationality)
    } else {
        Vec::new()
    };
    for nat in nationalities {
        let nat = nat.trim_end_matches('.').trim();
        match country_code(nat) {
            Some(c) => push_unique(&mut e.nationalities, c),
            None => {
                let known = e
                    .properties
                    .get("Nationality")
                    .is_some_and(|v| v.iter().any(|x| x == nat));
                if !known {
                    warnings.push(Warning::new(
                        file,
                        line,
                        format!("nationality {nat:?} is not a known country; kept as property"),
                    ));
                    add_property_unique(e, "Nationality", nat);
                }
            }
        }
    }
    let documents = [
        t.get(row, "Passport Number"),
        t.get(row, "Passport Details"),
        t.get(row, "National Identification Number"),
        t.get(row, "National Identification Details"),
        t.get(row, "NI Number"),
    ];
    if seen.first(Fact::Documents, &documents) {
        let [passport, passport_details, nin, nin_details, ni] = documents;
        map_documents(
            e,
            IdentifierKind::Passport,
            "Passport",
            passport,
            passport_details,
        );
        map_documents(
            e,
            IdentifierKind::NationalId,
            "National Identification Number",
            nin,
            nin_details,
        );
        map_documents(e, IdentifierKind::NationalId, "NI Number", "", ni);
    }
    // Address.
    let lines = [
        "Address 1",
        "Address 2",
        "Address 3",
        "Address 4",
        "Address 5",
        "Address 6",
        "Post/Zip Code",
        "Country",
    ]
    .map(|c| t.get(row, c));
    let street: Vec<String> = lines[..6]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.to_string())
        .collect();
    let (postal, country) = (lines[6], lines[7]);
    if (!street.is_empty() || !postal.is_empty() || !country.is_empty())
        && seen.first(Fact::Address, &lines)
    {
        let address = Address {
            street,
            postal_code: (!postal.is_empty()).then(|| postal.to_string()),
            country_name: (!country.is_empty()).then(|| country.to_string()),
            country: country_code(country),
            ..Address::default()
        };
        push_unique(&mut e.addresses, address);
    }
    let other = t.get(row, "Other Information");
    if seen.first(Fact::OtherInformation, &[other]) {
        map_other_information(e, other);
    }
    let regime = t.get(row, "Regime");
    if !regime.is_empty() && seen.first(Fact::Regime, &[regime]) {
        push_unique(&mut e.programs, regime.to_string());
    }
    let listed = t.get(row, "Listed On");
    if !listed.is_empty() {
        match parse_dmy(listed) {
            Some(d) => {
                let d = FuzzyDate::on(PartialDate::from_naive(d));
                let earlier = match &e.listed_on {
                    None => true,
                    Some(cur) => d.from < cur.from,
                };
                if earlier {
                    e.listed_on = Some(d);
                }
            }
            None => warnings.push(Warning::new(
                file,
                line,
                format!("Listed On {listed:?} is not DD/MM/YYYY; dropped"),
            )),
        }
    }
    let dates = [
        t.get(row, "UK Sanctions List Date Designated"),
        t.get(row, "Last Updated"),
    ];
    if seen.first(Fact::Dates, &dates) {
        add_property_unique(e, "UK Sanctions List Date Designated", dates[0]);
        add_property_unique(e, "Last Updated", dates[1]);
    }
}

/// Numbers and details may each be numbered lists; they pair by position.
fn map_documents(e: &mut Entity, kind: IdentifierKind, label: &str, numbers: &str, details: &str) {
    let numbers = split_numbered(numbers);
    let details = split_numbered(details);
    if numbers.is_empty() {
        // Classic layout: the details hold number and text together.
        for d in details {
            let value = document_number(&d);
            let mut id = Identifier::new(kind, label, value);
            if value != d {
                id.note = Some(d.clone());
            }
            push_unique(&mut e.identifiers, id);
        }
        return;
    }
    for (i, number) in numbers.iter().enumerate() {
        let mut id = Identifier::new(kind, label, number.as_str());
        let note = details.get(i).or(if details.len() == 1 {
            details.first()
        } else {
            None
        });
        if let Some(note) = note {
            id.note = Some(note.clone());
            id.country = note.split_whitespace().next().and_then(country_code);
        }
        push_unique(&mut e.identifiers, id);
    }
}

/// The number in a classic `Passport Details` text: `Passport No: 592667
/// (Qatari passport …)` → `592667`; the first word with a digit after any
/// label, else the whole text.
pub(crate) fn document_number(details: &str) -> &str {
    let d = details.trim();
    let body = match d.split_once(':') {
        Some((label, rest)) if !label.chars().any(|c| c.is_ascii_digit()) => rest,
        _ => d,
    };
    body.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ';')
        .map(|w| w.trim_end_matches(['.', ')']))
        .find(|w| w.chars().any(|c| c.is_ascii_digit()) && !w.eq_ignore_ascii_case("no"))
        .unwrap_or(d)
}

/// A reference (`QDe.004`, `GHR0086`) at the start of a value, and the rest.
fn leading_ref(value: &str) -> (&str, &str) {
    let v = value.trim();
    let (token, rest) = v.split_once(char::is_whitespace).unwrap_or((v, ""));
    (token.trim_end_matches(['.', ',', ';']), rest.trim())
}

fn map_other_information(e: &mut Entity, text: &str) {
    if text.is_empty() {
        return;
    }
    let (lead, pairs) = split_other_information(text);
    if !lead.is_empty() {
        // Classic layout: `UN Ref QDe.004. Emir for …`.
        if let Some(i) = lead.find("UN Ref ") {
            let (r, _) = leading_ref(&lead[i + "UN Ref ".len()..]);
            add_property_unique(e, "UN Ref", r);
        }
        push_unique(&mut e.remarks, lead);
    }
    for (key, value) in pairs {
        let v = value.as_str();
        match key.as_str() {
            "UN Ref" | "UK Sanctions List Ref" => {
                let (r, rest) = leading_ref(v);
                add_property_unique(e, &key, r);
                if !rest.is_empty() {
                    push_unique(&mut e.remarks, rest.to_string());
                }
            }
            "Gender" => match v.to_lowercase().as_str() {
                "male" => e.gender = Some(Gender::Male),
                "female" => e.gender = Some(Gender::Female),
                _ => add_property_unique(e, &key, v),
            },
            "UK Statement of Reasons" => push_unique(&mut e.remarks, value.clone()),
            "Phone number" | "Fax" | "Tel" => add_identifiers(e, IdentifierKind::Phone, &key, v),
            "Email address" => add_identifiers(e, IdentifierKind::Email, &key, v),
            "Website" => add_identifiers(e, IdentifierKind::Website, &key, v),
            "Business Reg No" => add_identifiers(e, IdentifierKind::Registration, &key, v),
            "IMO number" => add_identifiers(e, IdentifierKind::Imo, &key, v),
            "Type of ship" => vessel(e).vessel_type = Some(value.clone()),
            "Flag of ship" => {
                let vi = vessel(e);
                vi.flag = country_code(v);
                vi.flag_name = Some(value.clone());
            }
            "Tonnage of ship" => vessel(e).tonnage = Some(value.clone()),
            "Year built" => vessel(e).build_year = Some(value.clone()),
            "Current owners" => vessel(e).owner = Some(value.clone()),
            _ => add_property_unique(e, &key, v),
        }
    }
}

fn vessel(e: &mut Entity) -> &mut VesselInfo {
    e.vessel.get_or_insert_with(VesselInfo::default)
}

fn add_identifiers(e: &mut Entity, kind: IdentifierKind, label: &str, value: &str) {
    for v in split_numbered(value) {
        push_unique(&mut e.identifiers, Identifier::new(kind, label, v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dob_forms() {
        let s = |x: &str| parse_dob(x).map(|d| d.to_string()).unwrap_or_default();
        assert_eq!(s("05/02/1969"), "1969-02-05");
        assert_eq!(s("00/03/1969"), "1969-03");
        assert_eq!(s("00/00/1980"), "1980");
        assert_eq!(s("1985"), "1985");
        assert_eq!(s("03/1965"), "1965-03");
        assert_eq!(s("31/02/1969"), "");
    }

    #[test]
    fn classic_passport_numbers() {
        assert_eq!(
            document_number("Passport No: 592667 (Qatari passport issued on 3 May 2007)."),
            "592667"
        );
        assert_eq!(
            document_number("W374031, Tunisian national identity number issued on 11 April 2011."),
            "W374031"
        );
        assert_eq!(document_number("Passport No. 836210029"), "836210029");
        assert_eq!(document_number("unknown"), "unknown");
    }

    #[test]
    fn numbered_lists() {
        assert_eq!(
            split_numbered("1) Saudi Arabia 2) Qatar"),
            ["Saudi Arabia", "Qatar"]
        );
        assert_eq!(
            split_numbered("(1) Tripoli (2) Tunis"),
            ["Tripoli", "Tunis"]
        );
        assert_eq!(split_numbered("Tunisian"), ["Tunisian"]);
        assert!(split_numbered(" ").is_empty());
    }

    #[test]
    fn other_information_pairs() {
        let (lead, pairs) = split_other_information(
            "(UK Sanctions List Ref):GHR0086. (UK Statement of Reasons):He is. (Gender):Male",
        );
        assert_eq!(lead, "");
        assert_eq!(
            pairs,
            [
                ("UK Sanctions List Ref".to_string(), "GHR0086".to_string()),
                ("UK Statement of Reasons".to_string(), "He is".to_string()),
                ("Gender".to_string(), "Male".to_string()),
            ]
        );
    }

    fn table(rows: &[&[&str]]) -> HmtTable {
        let header = [
            "Name 6",
            "Name 1",
            "Name 2",
            "Title",
            "DOB",
            "Nationality",
            "Passport Details",
            "Alias Type",
            "Alias Quality",
            "Group Type",
            "Regime",
            "Listed On",
            "Group ID",
            "Name Non-Latin Script",
            "Non-Latin Script Type",
            "Non-Latin Script Language",
        ];
        HmtTable::new(
            header.iter().map(|s| s.to_string()).collect(),
            rows.iter()
                .enumerate()
                .map(|(i, r)| HmtRow {
                    line: i as u64 + 3,
                    cells: r.iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
            None,
        )
    }

    #[test]
    fn rows_of_a_group_make_one_entity() {
        let t = table(&[
            &[
                " AL-QAHTANI",
                "Farooq",
                "",
                "Sheikh",
                "00/00/1980",
                "1) Saudi Arabia 2) Qatar",
                "Passport No: 592667 (Qatari passport).",
                "AKA",
                "Low quality",
                "Individual",
                "Al-Qaida",
                "01/04/2016",
                "13349",
                "",
                "",
                "",
            ],
            &[
                " AL-QAHTANI",
                "Farooq",
                "",
                "Sheikh",
                "00/00/1981",
                "1) Saudi Arabia 2) Qatar",
                "Passport No: 592667 (Qatari passport).",
                "AKA",
                "Low quality",
                "Individual",
                "Al-Qaida",
                "01/04/2016",
                "13349",
                "",
                "",
                "",
            ],
            &[
                "AL-QATARI",
                "Farouq",
                "",
                "",
                "00/00/1980",
                "",
                "",
                "Primary name",
                "",
                "Individual",
                "Al-Qaida",
                "01/04/2016",
                "13349",
                "فاروق القحطاني",
                "Arabic",
                "Arabic",
            ],
        ]);
        let list = to_list(
            "x.csv",
            "gb-hmt-csv",
            t,
            Vec::new(),
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!(list.entities.len(), 1);
        let e = &list.entities[0];
        assert_eq!(e.id.as_str(), "gb-hmt:13349");
        assert_eq!(e.primary_name(), Some("Farouq AL-QATARI"));
        assert_eq!(e.names[1].full, "Farooq AL-QAHTANI");
        assert_eq!(e.names[1].strength, NameStrength::Weak);
        assert_eq!(e.names[1].part(NamePartKind::Family), Some("AL-QAHTANI"));
        assert_eq!(e.names[1].part(NamePartKind::Title), Some("Sheikh"));
        let script = e
            .names
            .iter()
            .find(|n| n.kind == NameKind::OriginalScript)
            .unwrap();
        assert_eq!(script.script.as_deref(), Some("Arab"));
        assert_eq!(script.lang.as_deref(), Some("ar"));
        let dobs: Vec<_> = e.birth_dates.iter().map(|d| d.to_string()).collect();
        assert_eq!(dobs, ["1980", "1981"]);
        assert_eq!(e.identifiers.len(), 1);
        assert_eq!(e.identifiers[0].value, "592667");
        assert_eq!(e.programs, ["Al-Qaida"]);
        assert_eq!(e.listed_on.as_ref().unwrap().to_string(), "2016-04-01");
    }
}
