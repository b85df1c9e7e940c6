//! Canada's consolidated autonomous sanctions list, `sema-lmes.xml`: a root
//! `data-set` of flat `record`s.
//!
//! Native record: every child element of a `record` by name ([`SemaRecord`]).
//! Mapping:
//! - id: `ca-sema:<regime>_<schedule>_<item>`, slugs of `Country` (its English
//!   half, or the acronym in brackets: `russia`, `jvcfor`), `Schedule`
//!   (`1-part-1`, omitted when absent) and `Item`; the three are unique in
//!   the file;
//! - persons: `LastName` + `GivenName` (primary name `Given Last`, with
//!   parts), `TitleOrShip` is their title; entities: `EntityOrShip`;
//!   ships (`ShipIMONumber`, or `EntityOrShip` with `TitleOrShip`): Vessel
//!   schema, `TitleOrShip` is the vessel type, the IMO an identifier and
//!   `DateOfBirthOrShipBuildDate` the build year;
//! - `Aliases`: free text split on `,` `;` `/`, language labels
//!   (`Belarusian:`) stripped and kept as `lang`; names in Cyrillic or
//!   Arabic script are original-script names; strength unknown;
//! - `DateOfBirthOrShipBuildDate`: `1965-04-29`, `1972-08`, `1972`,
//!   `1963-1964` (range), `1963 or 1964` (two dates), `early 1970s` (circa
//!   range); other text is a warning and a remark;
//! - `Country` is the program (regime label as published), `Schedule` a
//!   property, `DateOfListing` is `listed_on`.

use denylist_model::{
    Entity, EntityId, FuzzyDate, Identifier, IdentifierKind, Name, NameKind, NamePartKind,
    NameStrength, PartialDate, Schema, SourceId, VesselInfo,
};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::input::single_file;
use crate::xml_dom;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

/// The SEMA XML format.
pub(crate) struct SemaXml;

const FORMAT_ID: &str = "ca-sema-xml";
const SOURCE: &str = "ca-sema";

impl Format for SemaXml {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        SOURCE
    }

    fn description(&self) -> &'static str {
        "Canada consolidated autonomous sanctions list (SEMA), sema-lmes.xml"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(2048);
        head.contains("<data-set")
            && (head.contains("<record>") || head.contains("<record "))
            && (head.contains("<Country>")
                || head.contains("<Item>")
                || head.contains("<Schedule>"))
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, FORMAT_ID)?;
        let records = read_records(file)?;
        let source = options.source_or(SOURCE)?;
        let mut warnings = Vec::new();
        let mut entities = Vec::with_capacity(records.len());
        let mut seen = std::collections::HashSet::new();
        for r in &records {
            let Some(e) = to_entity(&source, &file.name, r, &mut warnings) else {
                continue;
            };
            if !seen.insert(e.id.clone()) {
                warnings.push(Warning::new(
                    &file.name,
                    Some(r.line),
                    format!("duplicate id {}; record skipped", e.id),
                ));
                continue;
            }
            entities.push(e);
        }
        Ok(ParsedList {
            source,
            format: FORMAT_ID,
            published: options.as_of,
            entities,
            warnings,
            record_count: records.len(),
        })
    }
}

/// One `record`: its child elements in order, text trimmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SemaRecord {
    /// 1-based line of `<record>`.
    pub line: u64,
    /// (element name, text).
    pub fields: Vec<(String, String)>,
}

impl SemaRecord {
    fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

/// Counts lines up to byte offsets, incrementally.
struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn at(&mut self, offset: u64) -> u64 {
        let end = (offset as usize).min(self.bytes.len());
        if end > self.pos {
            self.line += self.bytes[self.pos..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.pos = end;
        }
        self.line
    }
}

fn read_records(file: &InputFile) -> Result<Vec<SemaRecord>, ParseError> {
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
    let mut reader = Reader::from_str(text);
    let mut lines = LineCounter {
        bytes,
        pos: 0,
        line: 1,
    };
    let mut records = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<SemaRecord> = None;
    let mut field: Option<(String, String)> = None;
    let mut saw_root = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            let line = lines.at(reader.error_position());
            ParseError::at_line(name, line, format!("XML: {e}"))
        })?;
        match event {
            Event::Start(e) => {
                depth += 1;
                let tag = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                match depth {
                    1 => {
                        if tag != "data-set" {
                            return Err(ParseError::at_path(
                                name,
                                Some(lines.at(reader.buffer_position())),
                                tag,
                                "root element is not data-set",
                            ));
                        }
                        saw_root = true;
                    }
                    2 if tag == "record" => {
                        current = Some(SemaRecord {
                            line: lines.at(reader.buffer_position()),
                            fields: Vec::new(),
                        })
                    }
                    3 => field = Some((tag, String::new())),
                    _ => {}
                }
            }
            Event::Empty(_) => {}
            Event::Text(t) => {
                if let Some((_, v)) = field.as_mut() {
                    v.push_str(&t.decode().map_err(|e| {
                        ParseError::at_line(name, lines.at(reader.buffer_position()), e.to_string())
                    })?);
                }
            }
            Event::CData(t) => {
                if let Some((_, v)) = field.as_mut() {
                    v.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, v)) = field.as_mut() {
                    let ch = xml_dom::reference_char(&r);
                    match ch {
                        Some(c) => v.push(c),
                        None => {
                            return Err(ParseError::at_line(
                                name,
                                lines.at(reader.buffer_position()),
                                format!("unknown entity &{};", String::from_utf8_lossy(&r)),
                            ))
                        }
                    }
                }
            }
            Event::End(_) => {
                match depth {
                    3 => {
                        if let (Some(rec), Some((n, v))) = (current.as_mut(), field.take()) {
                            rec.fields.push((n, v.trim().to_string()));
                        }
                    }
                    2 => records.extend(current.take()),
                    _ => {}
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth > 0 || !saw_root {
        return Err(ParseError::Truncated {
            file: name.to_string(),
            line: Some(lines.at(bytes.len() as u64)),
            message: if saw_root {
                "data-set is not closed".to_string()
            } else {
                "no data-set element".to_string()
            },
        });
    }
    Ok(records)
}

/// A slug: lower-case ASCII letters and digits, other runs become `-`
/// (dots are kept: schedule `1.1`).
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The regime part of the id: the English half of `Country`, or its
/// bracketed acronym (`JVCFOR`).
fn regime_slug(country: &str) -> String {
    let english = country.split(" / ").next().unwrap_or(country).trim();
    if let (Some(a), Some(b)) = (english.find('('), english.find(')')) {
        let inner = english.get(a + 1..b).unwrap_or("");
        if inner.len() >= 2 && inner.chars().all(|c| c.is_ascii_uppercase()) {
            return slug(inner);
        }
    }
    slug(english)
}

/// The native id (see the module header).
pub(crate) fn native_id(country: &str, schedule: &str, item: &str) -> String {
    let mut parts = vec![regime_slug(country)];
    let s = slug(schedule);
    if !s.is_empty() {
        parts.push(s);
    }
    parts.push(slug(item));
    parts.join("_")
}

fn to_entity(
    source: &SourceId,
    file: &str,
    r: &SemaRecord,
    warnings: &mut Vec<Warning>,
) -> Option<Entity> {
    let line = Some(r.line);
    let (country, schedule, item) = (r.get("Country"), r.get("Schedule"), r.get("Item"));
    if item.is_empty() || country.is_empty() {
        warnings.push(Warning::new(
            file,
            line,
            "record has no Country or Item; skipped",
        ));
        return None;
    }
    let id = match EntityId::new(source, &native_id(country, schedule, item)) {
        Ok(id) => id,
        Err(e) => {
            warnings.push(Warning::new(file, line, format!("{e}; skipped")));
            return None;
        }
    };
    let (last, given) = (r.get("LastName"), r.get("GivenName"));
    let (org, title, imo) = (
        r.get("EntityOrShip"),
        r.get("TitleOrShip"),
        r.get("ShipIMONumber"),
    );
    let is_ship = !imo.is_empty() || (!org.is_empty() && !title.is_empty());
    let schema = if !last.is_empty() || !given.is_empty() {
        Schema::Person
    } else if is_ship {
        Schema::Vessel
    } else {
        Schema::Organization
    };
    let mut e = Entity::new(id, schema);
    if schema == Schema::Person {
        let full = [given, last]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        e.names.push(
            Name::primary(full)
                .with_part(NamePartKind::Given, given)
                .with_part(NamePartKind::Family, last),
        );
        if !title.is_empty() {
            e.titles.push(title.to_string());
        }
    } else if !org.is_empty() {
        e.names
            .push(Name::primary(org).with_part(NamePartKind::Whole, org));
    } else {
        warnings.push(Warning::new(file, line, "record has no name; skipped"));
        return None;
    }
    for alias in split_aliases(r.get("Aliases"), schema == Schema::Person) {
        if !e.names.iter().any(|n| n.full == alias.full) {
            e.names.push(alias);
        }
    }
    let dob = r.get("DateOfBirthOrShipBuildDate");
    if schema == Schema::Vessel {
        let mut v = VesselInfo::default();
        if !title.is_empty() {
            v.vessel_type = Some(title.to_string());
        }
        if !dob.is_empty() {
            v.build_year = Some(dob.to_string());
        }
        e.vessel = Some(v);
        if !imo.is_empty() {
            e.identifiers
                .push(Identifier::new(IdentifierKind::Imo, "ShipIMONumber", imo));
        }
    } else if !dob.is_empty() {
        let dates = parse_sema_dates(dob);
        if dates.is_empty() {
            warnings.push(Warning::new(
                file,
                line,
                format!("unreadable date of birth {dob:?}; kept as remark"),
            ));
            e.remarks.push(format!("Date of birth: {dob}"));
        }
        e.birth_dates.extend(dates);
    }
    e.programs.push(country.to_string());
    if !schedule.is_empty() {
        e.add_property("Schedule", schedule);
    }
    e.add_property("Item", item);
    let listed = r.get("DateOfListing");
    if !listed.is_empty() {
        match listed.parse::<PartialDate>() {
            Ok(d) => e.listed_on = Some(FuzzyDate::on(d)),
            Err(_) => warnings.push(Warning::new(
                file,
                line,
                format!("DateOfListing {listed:?} is not ISO; dropped"),
            )),
        }
    }
    Some(e)
}

/// Language labels and their ISO 639-1 codes.
const LANGUAGES: &[(&str, &str)] = &[
    ("belarusian", "be"),
    ("belarussian", "be"),
    ("russian", "ru"),
    ("ukrainian", "uk"),
    ("persian", "fa"),
    ("farsi", "fa"),
    ("arabic", "ar"),
    ("chinese", "zh"),
    ("burmese", "my"),
    ("english", "en"),
    ("french", "fr"),
    ("romanian", "ro"),
    ("georgian", "ka"),
    ("armenian", "hy"),
];

/// Splits the free-text `Aliases` into names.
/// Persons' aliases are also joined by ` and `; a language label may sit
/// in the middle of a piece (`… Mousa Arabic:عبدالرحيم دقلو`).
pub(crate) fn split_aliases(text: &str, person: bool) -> Vec<Name> {
    let mut out: Vec<Name> = Vec::new();
    let mut lang: Option<&str> = None;
    let mut pieces: Vec<String> = Vec::new();
    for piece in text.split([',', ';', '/']) {
        let parts = match split_at_label(piece) {
            Some((before, after)) => vec![before, after],
            None => vec![piece.to_string()],
        };
        for part in parts {
            if person {
                pieces.extend(part.split(" and ").map(str::to_string));
            } else {
                pieces.push(part);
            }
        }
    }
    for piece in &pieces {
        let mut p = piece
            .trim_matches(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .to_string();
        // A `Label:` prefix sets the language for this and later pieces.
        if let Some((label, rest)) = p.split_once(':') {
            let key = label.trim().to_lowercase();
            if let Some((_, code)) = LANGUAGES.iter().find(|(l, _)| *l == key) {
                lang = Some(code);
                p = rest
                    .trim_matches(|c: char| c.is_whitespace() || c == '(' || c == ')')
                    .to_string();
            }
        }
        if p.is_empty() || !p.chars().any(char::is_alphabetic) {
            continue;
        }
        let script = script_of(&p);
        let kind = if script.is_some() {
            NameKind::OriginalScript
        } else {
            NameKind::Aka
        };
        let mut name = Name::new(p, kind, NameStrength::Unknown);
        name.script = script.map(str::to_string);
        if script.is_some() || lang == Some("en") || lang == Some("fr") {
            name.lang = lang.map(str::to_string);
        }
        if !out.iter().any(|n| n.full == name.full) {
            out.push(name);
        }
    }
    out
}

/// Splits `X Arabic: Y` before a language label that is not at the start.
fn split_at_label(piece: &str) -> Option<(String, String)> {
    let lower = piece.to_lowercase();
    for (label, _) in LANGUAGES {
        let pat = format!(" {label}:");
        if let Some(i) = lower.find(&pat) {
            if lower.len() == piece.len() && piece.is_char_boundary(i) {
                return Some((piece[..i].to_string(), piece[i..].to_string()));
            }
        }
    }
    None
}

/// `Cyrl` or `Arab` when the text has letters of that script.
fn script_of(s: &str) -> Option<&'static str> {
    for c in s.chars() {
        match c as u32 {
            0x0400..=0x052F => return Some("Cyrl"),
            0x0600..=0x06FF | 0x0750..=0x077F => return Some("Arab"),
            0x1000..=0x109F => return Some("Mymr"),
            0x4E00..=0x9FFF => return Some("Hani"),
            _ => {}
        }
    }
    None
}

/// Reads the DOB forms; `a or b` gives two dates.
pub(crate) fn parse_sema_dates(text: &str) -> Vec<FuzzyDate> {
    let t = text.trim();
    let lower = t.to_lowercase();
    if lower.contains(" or ") {
        let parts: Vec<&str> = lower.split(" or ").collect();
        let dates: Vec<FuzzyDate> = parts.iter().filter_map(|p| one_date(p)).collect();
        if dates.len() == parts.len() {
            return dates;
        }
        return Vec::new();
    }
    one_date(&lower)
        .map(|d| {
            if d.to.is_some() || d.circa {
                d.with_text(t)
            } else {
                d
            }
        })
        .into_iter()
        .collect()
}

fn one_date(s: &str) -> Option<FuzzyDate> {
    let s = s.trim();
    if let Ok(d) = s.parse::<PartialDate>() {
        return Some(FuzzyDate::on(d));
    }
    // `1963-1964`
    if let Some((a, b)) = s.split_once('-') {
        if a.len() == 4 && b.len() == 4 {
            let (a, b) = (
                a.parse::<PartialDate>().ok()?,
                b.parse::<PartialDate>().ok()?,
            );
            return (a <= b).then(|| FuzzyDate::range(a, b));
        }
    }
    // `born in the early 1970s`
    let s = s.strip_prefix("born in the ").unwrap_or(s);
    let (offset, rest) = if let Some(r) = s.strip_prefix("early ") {
        (0, r)
    } else if let Some(r) = s.strip_prefix("mid ") {
        (3, r)
    } else if let Some(r) = s.strip_prefix("late ") {
        (6, r)
    } else {
        return None;
    };
    let decade: i32 = rest.strip_suffix('s')?.parse().ok()?;
    if decade % 10 != 0 {
        return None;
    }
    Some(
        FuzzyDate::range(
            PartialDate::year(decade + offset),
            PartialDate::year(decade + offset + 3),
        )
        .circa(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_slug_country_schedule_item() {
        assert_eq!(
            native_id("Russia / Russie", "1, Part 1", "12"),
            "russia_1-part-1_12"
        );
        assert_eq!(
            native_id(
                "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR) / Règlement …",
                "",
                "3"
            ),
            "jvcfor_3"
        );
        assert_eq!(native_id("Venezuela ", "1.1", "7"), "venezuela_1.1_7");
    }

    #[test]
    fn aliases_split_and_label_scripts() {
        let names = split_aliases(
            "Mikalay Alyaksandravich Lukashenka, Kolya Lukashenko, Belarusian: Мікалай Аляксандравіч Лукашэнка; Russian: Николай Александрович Лукашенко, Коля Лукашенко",
            true,
        );
        let full: Vec<_> = names.iter().map(|n| n.full.as_str()).collect();
        assert_eq!(
            full,
            [
                "Mikalay Alyaksandravich Lukashenka",
                "Kolya Lukashenko",
                "Мікалай Аляксандравіч Лукашэнка",
                "Николай Александрович Лукашенко",
                "Коля Лукашенко"
            ]
        );
        assert_eq!(names[0].kind, NameKind::Aka);
        assert_eq!(names[2].kind, NameKind::OriginalScript);
        assert_eq!(names[2].script.as_deref(), Some("Cyrl"));
        assert_eq!(names[2].lang.as_deref(), Some("be"));
        assert_eq!(names[3].lang.as_deref(), Some("ru"));
        assert_eq!(names[4].lang.as_deref(), Some("ru"));
    }

    #[test]
    fn label_inside_a_piece_and_and() {
        let names = split_aliases(
            "Abdul Rahim Dagalo and Abdelrahim Hamdan Dagalo Mousa Arabic:عبدالرحيم دقلو",
            true,
        );
        let full: Vec<_> = names.iter().map(|n| n.full.as_str()).collect();
        assert_eq!(
            full,
            [
                "Abdul Rahim Dagalo",
                "Abdelrahim Hamdan Dagalo Mousa",
                "عبدالرحيم دقلو"
            ]
        );
        assert_eq!(names[2].lang.as_deref(), Some("ar"));
        assert_eq!(names[2].script.as_deref(), Some("Arab"));
        let org = split_aliases("Import and Export Co", false);
        assert_eq!(org[0].full, "Import and Export Co");
    }

    #[test]
    fn dob_forms() {
        let s = |t: &str| {
            parse_sema_dates(t)
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(s("1965-04-29"), ["1965-04-29"]);
        assert_eq!(s(" 1972-08"), ["1972-08"]);
        assert_eq!(s("1963-1964"), ["1963 to 1964"]);
        assert_eq!(s("1963 or 1964"), ["1963", "1964"]);
        assert_eq!(s("1972-08-10 OR 1972-08-11"), ["1972-08-10", "1972-08-11"]);
        assert_eq!(s("born in the early 1970s"), ["circa 1970 to 1973"]);
        assert!(s("Sep-99").is_empty());
    }
}
