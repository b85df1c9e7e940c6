//! The UK Sanctions List as an OpenDocument spreadsheet. The shared sample is
//! an 8-column extract: `Unique ID, OFSI Group ID, Name, Regime Name, Type,
//! Designation source, Date Designated, Sanctions Imposed`, one row per
//! designation, one name each, dates `DD-MM-YYYY`.
//!
//! The sheet is read from `content.xml` directly (calamine rejects the
//! pretty-printed XML of re-saved files). Mapping: `Unique ID` → id, `Type`
//! (Individual/Entity/Ship) → schema, `Name` → primary name, `Regime Name`
//! → program, `Date Designated` → `listed_on`; `OFSI Group ID` (blank in
//! 447 rows), `Designation source` (UK, UN, `UK|UN`) and `Sanctions
//! Imposed` (split on `,` / `|`) are properties.

use std::io::{Cursor, Read};

use chrono::NaiveDate;
use denylist_model::{Entity, EntityId, FuzzyDate, Name, PartialDate, Schema, SourceId};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

/// The FCDO ODS format.
pub(crate) struct FcdoOds;

const FORMAT_ID: &str = "gb-fcdo-ods";
const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

impl Format for FcdoOds {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        super::SOURCE
    }

    fn description(&self) -> &'static str {
        "FCDO UK Sanctions List, OpenDocument spreadsheet (UK_Sanctions_List.ods)"
    }

    /// A zip that is an ODS (its mimetype entry, or an `.ods` name) and is
    /// named for the UK Sanctions List.
    fn sniff(&self, file: &InputFile) -> bool {
        let name = file.file_name_lower();
        let head = &file.bytes[..file.bytes.len().min(1024)];
        file.bytes.starts_with(b"PK\x03\x04")
            && (name.ends_with(".ods") || head.windows(ODS_MIME.len()).any(|w| w == ODS_MIME))
            && (name.contains("sanctions") || name.contains("fcdo"))
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, FORMAT_ID)?;
        let name = file.name.as_str();
        let xml = content_xml(name, &file.bytes)?;
        let grid = read_sheet(name, &xml)?;
        let source = match &options.source {
            Some(s) => s.clone(),
            None => SourceId::new(super::SOURCE).map_err(|e| ParseError::FileSet {
                message: e.to_string(),
            })?,
        };
        let mut warnings = Vec::new();
        let (entities, record_count) = map_grid(&source, name, &grid, &mut warnings)?;
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

fn content_xml(file: &str, bytes: &[u8]) -> Result<String, ParseError> {
    let err = |m: String| ParseError::Syntax {
        file: file.to_string(),
        line: None,
        path: Some("content.xml".to_string()),
        message: m,
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| err(format!("not a readable ODS (zip): {e}")))?;
    let mut entry = zip
        .by_name("content.xml")
        .map_err(|e| err(format!("no content.xml: {e}")))?;
    let mut xml = String::new();
    entry
        .read_to_string(&mut xml)
        .map_err(|e| err(format!("cannot read content.xml: {e}")))?;
    Ok(xml)
}

/// The cells of the first table, as text, with their content.xml line.
pub(crate) fn read_sheet(file: &str, xml: &str) -> Result<Vec<(u64, Vec<String>)>, ParseError> {
    let mut reader = Reader::from_str(xml);
    let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
    let mut row: Option<Vec<String>> = None;
    let mut row_line = 0u64;
    let mut cell: Option<(String, usize)> = None;
    let mut in_p = false;
    let mut tables = 0usize;
    let mut line = 1u64;
    let mut pos = 0usize;
    let bytes = xml.as_bytes();
    let mut advance = |to: u64, line: &mut u64| {
        let to = (to as usize).min(bytes.len());
        if to > pos {
            *line += bytes[pos..to].iter().filter(|&&b| b == b'\n').count() as u64;
            pos = to;
        }
    };
    loop {
        let ev = reader.read_event().map_err(|e| {
            let mut l = line;
            advance(reader.error_position(), &mut l);
            ParseError::at_path(file, Some(l), "content.xml", e.to_string())
        })?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) if tables <= 1 => {
                let empty = matches!(ev, Event::Empty(_));
                let local = e.local_name();
                match local.as_ref() {
                    b"table" => tables += 1,
                    b"table-row" if tables == 1 && !empty => {
                        advance(reader.buffer_position(), &mut line);
                        row_line = line;
                        row = Some(Vec::new());
                    }
                    b"table-cell" | b"covered-table-cell" if row.is_some() => {
                        let mut repeat = 1usize;
                        for a in e.attributes().flatten() {
                            if a.key.local_name().as_ref() == b"number-columns-repeated" {
                                repeat = std::str::from_utf8(&a.value)
                                    .ok()
                                    .and_then(|v| v.parse().ok())
                                    .unwrap_or(1);
                            }
                        }
                        cell = Some((String::new(), repeat));
                        if empty {
                            close_cell(&mut row, &mut cell);
                        }
                    }
                    b"p" if cell.is_some() && !empty => {
                        if let Some((text, _)) = cell.as_mut() {
                            if !text.is_empty() {
                                text.push('\n');
                            }
                        }
                        in_p = true;
                    }
                    b"s" if in_p => {
                        if let Some((text, _)) = cell.as_mut() {
                            text.push(' ');
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_p => {
                if let Some((text, _)) = cell.as_mut() {
                    text.push_str(&t.decode().unwrap_or_default());
                }
            }
            Event::GeneralRef(r) if in_p => {
                if let Some((text, _)) = cell.as_mut() {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match r.as_ref() {
                            b"amp" => Some('&'),
                            b"lt" => Some('<'),
                            b"gt" => Some('>'),
                            b"quot" => Some('"'),
                            b"apos" => Some('\''),
                            _ => None,
                        },
                    };
                    text.extend(c);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"p" => in_p = false,
                b"table-cell" | b"covered-table-cell" => close_cell(&mut row, &mut cell),
                b"table-row" => close_row(&mut rows, &mut row, row_line),
                b"table" => tables += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if tables == 0 {
        return Err(ParseError::at_path(
            file,
            None,
            "content.xml",
            "no table in the spreadsheet",
        ));
    }
    Ok(rows)
}

fn close_cell(row: &mut Option<Vec<String>>, cell: &mut Option<(String, usize)>) {
    if let (Some(r), Some((text, repeat))) = (row.as_mut(), cell.take()) {
        let n = if text.trim().is_empty() {
            repeat.min(1)
        } else {
            repeat.min(64)
        };
        for _ in 0..n {
            r.push(text.trim().to_string());
        }
    }
}

fn close_row(rows: &mut Vec<(u64, Vec<String>)>, row: &mut Option<Vec<String>>, line: u64) {
    if let Some(mut r) = row.take() {
        while r.last().is_some_and(|c| c.is_empty()) {
            r.pop();
        }
        if !r.is_empty() {
            rows.push((line, r));
        }
    }
}

/// Maps the sheet rows (header first) to entities.
pub(crate) fn map_grid(
    source: &SourceId,
    file: &str,
    grid: &[(u64, Vec<String>)],
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<Entity>, usize), ParseError> {
    let Some((header_line, header)) = grid.first() else {
        return Err(ParseError::Empty {
            file: file.to_string(),
        });
    };
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(id_col), Some(name_col)) = (col("Unique ID"), col("Name")) else {
        return Err(ParseError::at_line(
            file,
            *header_line,
            "header has no \"Unique ID\" or \"Name\" column",
        ));
    };
    let type_col = col("Type");
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (line, r) in &grid[1..] {
        let get = |c: Option<usize>| c.and_then(|i| r.get(i)).map(|s| s.trim()).unwrap_or("");
        let uid = get(Some(id_col));
        let name = get(Some(name_col));
        if uid.is_empty() || name.is_empty() {
            warnings.push(Warning::new(
                file,
                Some(*line),
                "row has no Unique ID or Name; skipped",
            ));
            continue;
        }
        let Ok(id) = EntityId::new(source, uid) else {
            warnings.push(Warning::new(
                file,
                Some(*line),
                format!("bad Unique ID {uid:?}; skipped"),
            ));
            continue;
        };
        if !seen.insert(id.clone()) {
            warnings.push(Warning::new(
                file,
                Some(*line),
                format!("duplicate Unique ID {uid}; skipped"),
            ));
            continue;
        }
        let kind = get(type_col);
        let schema = Schema::parse(kind).unwrap_or_else(|| {
            warnings.push(Warning::new(
                file,
                Some(*line),
                format!("unknown Type {kind:?}; read as Organization"),
            ));
            Schema::Organization
        });
        let mut e = Entity::new(id, schema);
        e.names.push(Name::primary(name));
        let regime = get(col("Regime Name"));
        if !regime.is_empty() {
            e.programs.push(regime.to_string());
        }
        let date = get(col("Date Designated"));
        if !date.is_empty() {
            match NaiveDate::parse_from_str(date, "%d-%m-%Y")
                .or_else(|_| NaiveDate::parse_from_str(date, "%d/%m/%Y"))
            {
                Ok(d) => e.listed_on = Some(FuzzyDate::on(PartialDate::from_naive(d))),
                Err(_) => warnings.push(Warning::new(
                    file,
                    Some(*line),
                    format!("Date Designated {date:?} is not DD-MM-YYYY; dropped"),
                )),
            }
        }
        for (label, c) in [
            ("OFSI Group ID", col("OFSI Group ID")),
            ("Designation source", col("Designation source")),
        ] {
            let v = get(c);
            if !v.is_empty() {
                e.add_property(label, v);
            }
        }
        for s in get(col("Sanctions Imposed")).split([',', '|']) {
            let s = s.trim();
            if !s.is_empty() {
                e.add_property("Sanctions Imposed", s);
            }
        }
        out.push(e);
    }
    Ok((out, grid.len() - 1))
}
