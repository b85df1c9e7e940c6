//! The UK Sanctions List as an OpenDocument spreadsheet: the same columns as
//! the CSV export (see [`super::table`]). The shared sample is an 8-column
//! extract: `Unique ID, OFSI Group ID, Name, Regime Name, Type, Designation
//! source, Date Designated, Sanctions Imposed`, one row per designation, one
//! name each, dates `DD-MM-YYYY`.
//!
//! The first table is read from `content.xml` directly (calamine rejects the
//! pretty-printed XML of re-saved files); repeated cells are expanded (at
//! most 64 copies), empty rows and trailing empty cells dropped.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use super::table::Row;
use crate::input::single_file;
use crate::xml_dom;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList};

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
        super::table::to_list(FORMAT_ID, name, &grid, options)
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
pub(crate) fn read_sheet(file: &str, xml: &str) -> Result<Vec<Row>, ParseError> {
    let mut reader = Reader::from_str(xml);
    let mut rows: Vec<Row> = Vec::new();
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
                    let c = xml_dom::reference_char(&r);
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

fn close_row(rows: &mut Vec<Row>, row: &mut Option<Vec<String>>, line: u64) {
    if let Some(mut r) = row.take() {
        while r.last().is_some_and(|c| c.is_empty()) {
            r.pop();
        }
        if !r.is_empty() {
            rows.push((line, r));
        }
    }
}
