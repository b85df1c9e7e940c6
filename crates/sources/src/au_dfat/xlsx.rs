//! The DFAT consolidated list workbook: one sheet, one row per name.
//!
//! Native row: [`DfatRow`], every column of the sheet. Mapping:
//! - the numeric prefix of `Reference` (`2`, `2a`, `149b1` → `2`, `149`) is
//!   the entity id `au-dfat:<n>`; rows sharing it are one entity;
//! - `Name Type` (spelling drifts: `Primary Name`, `Primary name `, `aka`,
//!   `Aka`, `Original Script`, `original script`, `Formerly known as`,
//!   `Previously listed as`) gives the name kind; DFAT gives no strength;
//! - `Type` (`Individual`, `Entity`, any case and spacing) the schema;
//! - `Date of Birth`: a date cell is an Excel serial, a number in a General
//!   cell a year, text is parsed by [`super::dates`];
//! - `Place of Birth`, `Address` (`NA` = none) and `Citizenship` may hold
//!   `a) … b) …` lists; `Citizenship` names and demonyms map to codes;
//! - `Committees` are the programs, `Control Date` is `listed_on`,
//!   `Listing Information` a property and `Additional Information` a remark.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use denylist_model::{
    country_code, Address, Entity, EntityId, FuzzyDate, Name, NameKind, NameStrength, PartialDate,
    Place, Schema, SourceId,
};

use super::dates::{excel_serial, parse_item, split_items, split_lettered};
use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

/// The DFAT XLSX format.
pub(crate) struct DfatXlsx;

const FORMAT_ID: &str = "au-dfat-xlsx";
const SOURCE: &str = "au-dfat";

impl Format for DfatXlsx {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        SOURCE
    }

    fn description(&self) -> &'static str {
        "Australia DFAT consolidated list, regulation8_consolidated.xlsx"
    }

    /// An XLSX cannot be sniffed from its first bytes alone: a zip whose
    /// file name says `regulation8` or `dfat`.
    fn sniff(&self, file: &InputFile) -> bool {
        let name = file.file_name_lower();
        file.bytes.starts_with(b"PK\x03\x04")
            && name.ends_with(".xlsx")
            && (name.contains("regulation8") || name.contains("dfat"))
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, FORMAT_ID)?;
        let name = file.name.as_str();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&file.bytes[..]))
            .map_err(|e| ParseError::Syntax {
                file: name.to_string(),
                line: None,
                path: None,
                message: format!("not a readable XLSX workbook: {e}"),
            })?;
        let sheet = book
            .sheet_names()
            .first()
            .cloned()
            .ok_or_else(|| ParseError::Syntax {
                file: name.to_string(),
                line: None,
                path: None,
                message: "workbook has no sheet".to_string(),
            })?;
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| ParseError::Syntax {
                file: name.to_string(),
                line: None,
                path: Some(sheet.clone()),
                message: e.to_string(),
            })?;
        let first_row = range.start().map(|(r, _)| r as u64).unwrap_or(0);
        let grid: Vec<Vec<Cell>> = range
            .rows()
            .map(|row| row.iter().map(Cell::from).collect())
            .collect();
        let (rows, mut warnings) = read_rows(name, &grid, first_row)?;
        let source = options.source_or(SOURCE)?;
        let record_count = rows.len();
        let entities = group(&source, name, &rows, &mut warnings);
        Ok(ParsedList {
            source,
            format: FORMAT_ID,
            published: options.as_of,
            entities,
            warnings,
            record_count,
        })
    }
}

/// A cell as the mapping needs it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// No value.
    Empty,
    /// Text.
    Text(String),
    /// A number in a General cell.
    Number(f64),
    /// A number in a date-formatted cell: an Excel serial.
    Date(f64),
}

impl From<&Data> for Cell {
    fn from(d: &Data) -> Self {
        match d {
            Data::Empty => Cell::Empty,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.clone())
                }
            }
            Data::Float(f) => Cell::Number(*f),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Bool(b) => Cell::Text(b.to_string()),
            Data::DateTime(dt) => Cell::Date(dt.as_f64()),
            Data::Error(e) => Cell::Text(format!("#{e:?}")),
        }
    }
}

impl Cell {
    /// The cell as text (numbers printed without a trailing `.0`).
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(f) | Cell::Date(f) => {
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    format!("{}", *f as i64)
                } else {
                    f.to_string()
                }
            }
        }
    }
}

/// One sheet row, every column as published.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DfatRow {
    /// 1-based sheet row.
    pub line: u64,
    /// `Reference`.
    pub reference: String,
    /// `Name of Individual or Entity`.
    pub name: String,
    /// `Type`.
    pub kind: String,
    /// `Name Type`.
    pub name_type: String,
    /// `Date of Birth`.
    pub date_of_birth: Cell,
    /// `Place of Birth`.
    pub place_of_birth: String,
    /// `Citizenship`.
    pub citizenship: String,
    /// `Address`.
    pub address: String,
    /// `Additional Information`.
    pub additional_information: String,
    /// `Listing Information`.
    pub listing_information: String,
    /// `Committees`.
    pub committees: String,
    /// `Control Date`.
    pub control_date: Cell,
}

const HEADERS: [&str; 12] = [
    "reference",
    "name of individual or entity",
    "type",
    "name type",
    "date of birth",
    "place of birth",
    "citizenship",
    "address",
    "additional information",
    "listing information",
    "committees",
    "control date",
];

/// Reads the header and the data rows of a sheet grid.
pub(crate) fn read_rows(
    file: &str,
    grid: &[Vec<Cell>],
    first_row: u64,
) -> Result<(Vec<DfatRow>, Vec<Warning>), ParseError> {
    let mut warnings = Vec::new();
    let header_at = grid
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|c| c.text().eq_ignore_ascii_case("reference"))
        })
        .ok_or_else(|| {
            ParseError::at_line(file, first_row + 1, "no header row starting with Reference")
        })?;
    let header: Vec<String> = grid[header_at]
        .iter()
        .map(|c| c.text().to_lowercase())
        .collect();
    let mut idx = [usize::MAX; 12];
    for (slot, want) in idx.iter_mut().zip(HEADERS) {
        match header.iter().position(|h| h == want) {
            Some(i) => *slot = i,
            None if want == "reference" || want == "name of individual or entity" => {
                return Err(ParseError::at_line(
                    file,
                    first_row + header_at as u64 + 1,
                    format!("header has no {want:?} column"),
                ))
            }
            None => {}
        }
    }
    let empty = Cell::Empty;
    let mut rows = Vec::new();
    for (i, r) in grid.iter().enumerate().skip(header_at + 1) {
        let line = first_row + i as u64 + 1;
        let cell = |k: usize| -> &Cell { r.get(idx[k]).unwrap_or(&empty) };
        let txt = |k: usize| cell(k).text();
        if r.iter().all(|c| c.text().is_empty()) {
            continue;
        }
        let row = DfatRow {
            line,
            reference: txt(0),
            name: txt(1),
            kind: txt(2),
            name_type: txt(3),
            date_of_birth: cell(4).clone(),
            place_of_birth: txt(5),
            citizenship: txt(6),
            address: txt(7),
            additional_information: txt(8),
            listing_information: txt(9),
            committees: txt(10),
            control_date: cell(11).clone(),
        };
        if row.reference.is_empty() || row.name.is_empty() {
            warnings.push(Warning::new(
                file,
                Some(line),
                "row has no Reference or name; skipped",
            ));
            continue;
        }
        rows.push(row);
    }
    Ok((rows, warnings))
}

/// The numeric prefix of a Reference (`149b1` → `149`).
pub(crate) fn reference_number(reference: &str) -> Option<&str> {
    let r = reference.trim();
    let end = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
    (end > 0).then(|| &r[..end])
}

fn name_kind(name_type: &str) -> Option<NameKind> {
    let t = name_type.trim().to_lowercase();
    match t.as_str() {
        "primary name" => Some(NameKind::Primary),
        "aka" | "a.k.a." | "alias" => Some(NameKind::Aka),
        "original script" => Some(NameKind::OriginalScript),
        "formerly known as" | "previously listed as" | "fka" => Some(NameKind::Fka),
        _ => None,
    }
}

/// Groups rows by reference number, in file order, and maps each group.
pub(crate) fn group(
    source: &SourceId,
    file: &str,
    rows: &[DfatRow],
    warnings: &mut Vec<Warning>,
) -> Vec<Entity> {
    let mut order: Vec<&str> = Vec::new();
    let mut groups: HashMap<&str, Vec<&DfatRow>> = HashMap::new();
    for r in rows {
        let Some(n) = reference_number(&r.reference) else {
            warnings.push(Warning::new(
                file,
                Some(r.line),
                format!("Reference {:?} has no number; skipped", r.reference),
            ));
            continue;
        };
        let g = groups.entry(n).or_default();
        if g.is_empty() {
            order.push(n);
        }
        g.push(r);
    }
    order
        .into_iter()
        .filter_map(|n| {
            let g = groups.get(n)?;
            map_group(source, file, n, g, warnings)
        })
        .collect()
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

fn map_group(
    source: &SourceId,
    file: &str,
    number: &str,
    rows: &[&DfatRow],
    warnings: &mut Vec<Warning>,
) -> Option<Entity> {
    let first = rows.first()?;
    let id = match EntityId::new(source, number) {
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
    let schema = match Schema::parse(&first.kind) {
        Some(s) => s,
        None => {
            warnings.push(Warning::new(
                file,
                Some(first.line),
                format!("unknown Type {:?}; read as Organization", first.kind),
            ));
            Schema::Organization
        }
    };
    let mut e = Entity::new(id, schema);
    // Names: the primary row first.
    let mut names: Vec<Name> = Vec::new();
    for r in rows {
        let kind = name_kind(&r.name_type).unwrap_or_else(|| {
            warnings.push(Warning::new(
                file,
                Some(r.line),
                format!("unknown Name Type {:?}; read as aka", r.name_type),
            ));
            NameKind::Aka
        });
        let kind = if kind == NameKind::Primary && names.iter().any(|n| n.kind == NameKind::Primary)
        {
            NameKind::Aka
        } else {
            kind
        };
        let mut n = if kind == NameKind::Primary {
            Name::primary(r.name.as_str())
        } else {
            Name::new(r.name.as_str(), kind, NameStrength::Unknown)
        };
        if kind == NameKind::OriginalScript {
            n.script = script_of(&r.name).map(str::to_string);
        }
        if !names.iter().any(|x| x.full == n.full) {
            names.push(n);
        }
    }
    if let Some(p) = names.iter().position(|n| n.kind == NameKind::Primary) {
        let primary = names.remove(p);
        names.insert(0, primary);
    } else if let Some(n) = names.first_mut() {
        warnings.push(Warning::new(
            file,
            Some(first.line),
            "no Primary Name row; first name used",
        ));
        n.kind = NameKind::Primary;
        n.strength = NameStrength::Strong;
    }
    e.names = names;
    for r in rows {
        map_row_facts(&mut e, r, file, warnings);
    }
    Some(e)
}

fn map_row_facts(e: &mut Entity, r: &DfatRow, file: &str, warnings: &mut Vec<Warning>) {
    let line = Some(r.line);
    match &r.date_of_birth {
        Cell::Empty => {}
        Cell::Date(serial) => match excel_serial(*serial) {
            Some(d) => push_unique(
                &mut e.birth_dates,
                FuzzyDate::on(PartialDate::from_naive(d)),
            ),
            None => warnings.push(Warning::new(
                file,
                line,
                format!("bad date serial {serial}"),
            )),
        },
        Cell::Number(n) if n.fract() == 0.0 && (1800.0..=2100.0).contains(n) => push_unique(
            &mut e.birth_dates,
            FuzzyDate::on(PartialDate::year(*n as i32)),
        ),
        Cell::Number(n) => match excel_serial(*n) {
            Some(d) => push_unique(
                &mut e.birth_dates,
                FuzzyDate::on(PartialDate::from_naive(d)),
            ),
            None => warnings.push(Warning::new(file, line, format!("bad date of birth {n}"))),
        },
        Cell::Text(t) => {
            for item in split_items(t) {
                if matches!(item.to_lowercase().as_str(), "na" | "n/a" | "unknown") {
                    continue;
                }
                match parse_item(&item) {
                    Some(d) => push_unique(&mut e.birth_dates, d),
                    None => {
                        let remark = format!("Date of birth: {item}");
                        if !e.remarks.contains(&remark) {
                            warnings.push(Warning::new(
                                file,
                                line,
                                format!("unreadable date of birth {item:?}; kept as remark"),
                            ));
                            e.remarks.push(remark);
                        }
                    }
                }
            }
        }
    }
    for p in split_lettered(&r.place_of_birth) {
        if is_na(&p) {
            continue;
        }
        let country = p.rsplit(',').next().and_then(country_code);
        push_unique(&mut e.birth_places, Place { text: p, country });
    }
    for c in split_lettered(&r.citizenship) {
        for part in c.split([',', ';']).flat_map(|s| s.split(" and ")) {
            let part = part.trim().trim_end_matches('.');
            if part.is_empty() || is_na(part) {
                continue;
            }
            match country_code(part) {
                Some(code) => push_unique(&mut e.citizenships, code),
                None => {
                    let known = e
                        .properties
                        .get("Citizenship")
                        .is_some_and(|v| v.iter().any(|x| x == part));
                    if !known {
                        warnings.push(Warning::new(
                            file,
                            line,
                            format!(
                                "citizenship {part:?} is not a known country; kept as property"
                            ),
                        ));
                        e.add_property("Citizenship", part);
                    }
                }
            }
        }
    }
    for a in split_lettered(&r.address) {
        if is_na(&a) {
            continue;
        }
        let country = a.rsplit(',').next().and_then(country_code);
        push_unique(
            &mut e.addresses,
            Address {
                street: vec![a],
                country,
                ..Address::default()
            },
        );
    }
    if !r.additional_information.is_empty() {
        push_unique(&mut e.remarks, r.additional_information.clone());
    }
    if !r.listing_information.is_empty()
        && !e
            .properties
            .get("Listing Information")
            .is_some_and(|v| v.contains(&r.listing_information))
    {
        e.add_property("Listing Information", r.listing_information.clone());
    }
    let committee = r
        .committees
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !committee.is_empty() {
        push_unique(&mut e.programs, committee);
    }
    match &r.control_date {
        Cell::Date(s) | Cell::Number(s) => {
            if let Some(d) = excel_serial(*s) {
                let d = FuzzyDate::on(PartialDate::from_naive(d));
                if is_earlier(e.listed_on.as_ref(), &d) {
                    e.listed_on = Some(d);
                }
            }
        }
        Cell::Text(t) => {
            if let Some(d) = parse_item(t) {
                if e.listed_on.is_none() {
                    e.listed_on = Some(d);
                }
            }
        }
        Cell::Empty => {}
    }
}

/// True when no listing date is set yet or `d` is earlier.
fn is_earlier(cur: Option<&FuzzyDate>, d: &FuzzyDate) -> bool {
    match cur {
        None => true,
        Some(cur) => d.from < cur.from,
    }
}

fn is_na(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "na" | "n/a" | "-" | "unknown" | ""
    )
}

fn script_of(s: &str) -> Option<&'static str> {
    for c in s.chars() {
        match c as u32 {
            0x0400..=0x052F => return Some("Cyrl"),
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFEFF => return Some("Arab"),
            0x1100..=0x11FF | 0xAC00..=0xD7AF => return Some("Hang"),
            0x4E00..=0x9FFF => return Some("Hani"),
            0x1000..=0x109F => return Some("Mymr"),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn row(reference: Cell, name: &str, name_type: &str, dob: Cell) -> Vec<Cell> {
        vec![
            reference,
            t(name),
            t("Individual "),
            t(name_type),
            dob,
            t("a) Kabul, Afghanistan b) Kandahar"),
            t("Afghan"),
            t("NA"),
            t("Title: Mullah."),
            t("Listed by UN 1267 Committee on 25 January 2001"),
            t("1988 (Taliban) "),
            Cell::Date(41988.0),
        ]
    }

    #[test]
    fn rows_of_one_reference_make_one_entity() {
        let header: Vec<Cell> = HEADERS.iter().map(|h| t(h)).collect();
        let grid = vec![
            header,
            row(
                Cell::Number(2.0),
                "MOHAMMAD HASSAN AKHUND",
                "Primary Name ",
                Cell::Number(1969.0),
            ),
            row(
                t("2a"),
                "محمد حسن أخوند",
                "original Script",
                t("a) Approximately 1955- 1958 b) 1960"),
            ),
            row(t("2b"), "Mullah Akhund", "Aka", Cell::Date(18798.0)),
            row(t("3"), "OTHER PERSON", "Primary name", Cell::Empty),
        ];
        let (rows, warnings) = read_rows("x.xlsx", &grid, 0).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(rows[0].line, 2);
        let source = SourceId::new("au-dfat").unwrap();
        let mut warnings = Vec::new();
        let list = group(&source, "x.xlsx", &rows, &mut warnings);
        assert_eq!(list.len(), 2);
        let e = &list[0];
        assert_eq!(e.id.as_str(), "au-dfat:2");
        assert_eq!(e.schema, Schema::Person);
        assert_eq!(e.primary_name(), Some("MOHAMMAD HASSAN AKHUND"));
        assert_eq!(e.names[1].kind, NameKind::OriginalScript);
        assert_eq!(e.names[1].script.as_deref(), Some("Arab"));
        assert_eq!(e.names[2].kind, NameKind::Aka);
        let dobs: Vec<_> = e.birth_dates.iter().map(|d| d.to_string()).collect();
        assert_eq!(dobs, ["1969", "circa 1955 to 1958", "1960", "1951-06-19"]);
        assert_eq!(e.birth_places.len(), 2);
        assert_eq!(e.programs, ["1988 (Taliban)"]);
        assert_eq!(e.listed_on.as_ref().unwrap().to_string(), "2014-12-15");
        assert!(e.addresses.is_empty());
        assert_eq!(e.remarks, ["Title: Mullah."]);
    }

    #[test]
    fn reference_prefixes() {
        assert_eq!(reference_number("149b1"), Some("149"));
        assert_eq!(reference_number("2"), Some("2"));
        assert_eq!(reference_number("x"), None);
    }
}
