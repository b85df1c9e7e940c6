//! The OFAC legacy CSV set: `sdn.csv` (or `cons_prim.csv`) with `add.csv`,
//! `alt.csv` and `sdn_comments.csv`.
//!
//! No header row, `-0- ` for empty fields, CRLF, a final 0x1A byte,
//! Windows-1252 when not ASCII, and remarks cut at 1,000 characters whose
//! rest is in the comments file. Each file's role is read from its column
//! count (12, 6, 5 or 2), its name only breaking ties, so the files can be
//! given in any order and under any name.

use std::collections::HashMap;

use denylist_model::{
    country_code, Address, Entity, EntityId, Identifier, IdentifierKind, Name, NameKind,
    NamePartKind, NameStrength, Schema, SourceId, VesselInfo,
};

use super::labels;
use super::remarks;
use crate::csv_lines::RecordLines;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

/// The OFAC legacy CSV format.
pub(crate) struct OfacCsv;

/// The registry entry.
pub(crate) static FORMAT: OfacCsv = OfacCsv;

const FORMAT_ID: &str = "us-ofac-csv";

/// What a file of the set holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// `sdn.csv` / `cons_prim.csv`, 12 columns.
    Primary,
    /// `add.csv`, 6 columns.
    Address,
    /// `alt.csv`, 5 columns.
    Alias,
    /// `sdn_comments.csv`, 2 columns.
    Comments,
}

impl Role {
    fn columns(self) -> usize {
        match self {
            Role::Primary => 12,
            Role::Address => 6,
            Role::Alias => 5,
            Role::Comments => 2,
        }
    }

    fn from_columns(n: usize) -> Option<Role> {
        match n {
            12 => Some(Role::Primary),
            6 => Some(Role::Address),
            5 => Some(Role::Alias),
            2 => Some(Role::Comments),
            _ => None,
        }
    }

    /// The role an OFAC file name suggests.
    fn from_name(name: &str) -> Option<Role> {
        let n = name.to_ascii_lowercase();
        if n.contains("comments") {
            Some(Role::Comments)
        } else if n.contains("add") {
            Some(Role::Address)
        } else if n.contains("alt") {
            Some(Role::Alias)
        } else if n.contains("sdn") || n.contains("prim") {
            Some(Role::Primary)
        } else {
            None
        }
    }
}

/// A primary row, fields as published (`None` for `-0- `).
#[derive(Debug, Clone)]
struct SdnRow {
    line: u64,
    ent_num: String,
    name: String,
    sdn_type: Option<String>,
    program: Option<String>,
    title: Option<String>,
    call_sign: Option<String>,
    vess_type: Option<String>,
    tonnage: Option<String>,
    grt: Option<String>,
    vess_flag: Option<String>,
    vess_owner: Option<String>,
    remarks: Option<String>,
}

/// An `add.csv` row.
#[derive(Debug, Clone)]
struct AddRow {
    line: u64,
    ent_num: String,
    address: Option<String>,
    city: Option<String>,
    country: Option<String>,
    remarks: Option<String>,
}

/// An `alt.csv` row.
#[derive(Debug, Clone)]
struct AltRow {
    line: u64,
    ent_num: String,
    alt_type: Option<String>,
    name: Option<String>,
    remarks: Option<String>,
}

/// One file's rows, split by role.
#[derive(Debug, Default)]
struct Rows {
    primary: Vec<(String, SdnRow)>,
    addresses: Vec<(String, AddRow)>,
    aliases: Vec<(String, AltRow)>,
    comments: Vec<(String, u64, String, String)>,
}

impl Format for OfacCsv {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        "us-ofac-sdn"
    }

    fn description(&self) -> &'static str {
        "OFAC legacy CSV set: sdn.csv / cons_prim.csv with add, alt and comments files"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let name = file.file_name_lower();
        if file.bytes.is_empty() {
            return name.contains("comments") && name.ends_with(".csv");
        }
        let head = &file.bytes[..file.bytes.len().min(4096)];
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let Some((count, complete, first)) = first_record_shape(head) else {
            return false;
        };
        if first.is_empty() || !first.iter().all(u8::is_ascii_digit) {
            return false;
        }
        let has_empty_marker = memfind(head, b"-0- ");
        let known_name = Role::from_name(&name).is_some() && name.ends_with(".csv");
        let shape_ok = if complete {
            Role::from_columns(count).is_some()
        } else {
            count <= 12
        };
        // A comments row: `ent_num,"text"`.
        let comment_row = count == 2 && head.get(first.len() + 1) == Some(&b'"');
        shape_ok && (has_empty_marker || known_name || comment_row)
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        parse_set(files, options)
    }
}

/// Reads a set of OFAC CSV files into entities.
#[tracing::instrument(level = "debug", skip_all, fields(files = files.len()))]
fn parse_set(files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
    let mut rows = Rows::default();
    let mut warnings = Vec::new();
    let mut primary_names: Vec<&str> = Vec::new();
    for file in files {
        let Some(role) = role_of(file)? else {
            continue;
        };
        if role == Role::Primary {
            primary_names.push(&file.name);
        }
        read_file(file, role, &mut rows, &mut warnings)?;
    }
    if primary_names.is_empty() {
        return Err(ParseError::FileSet {
            message: "no primary file (sdn.csv or cons_prim.csv, 12 columns) in the OFAC CSV set"
                .to_string(),
        });
    }
    let source = match &options.source {
        Some(s) => s.clone(),
        None => {
            let cons = primary_names.iter().any(|n| {
                InputFile::new(*n, Vec::new())
                    .file_name_lower()
                    .starts_with("cons")
            });
            let id = if cons { "us-ofac-cons" } else { "us-ofac-sdn" };
            SourceId::new(id).map_err(|e| ParseError::FileSet {
                message: e.to_string(),
            })?
        }
    };
    let record_count = rows.primary.len();
    let entities = map_rows(rows, &source, &mut warnings)?;
    tracing::debug!(
        source = %source,
        records = record_count,
        entities = entities.len(),
        warnings = warnings.len(),
        "read OFAC CSV set"
    );
    Ok(ParsedList {
        source,
        format: FORMAT_ID,
        published: options.as_of,
        entities,
        warnings,
        record_count,
    })
}

/// The role of a file: from its first record's column count, else its
/// name. `None` for an empty comments file (nothing to read).
fn role_of(file: &InputFile) -> Result<Option<Role>, ParseError> {
    let by_name = Role::from_name(&file.file_name_lower());
    let body = trim_file(&file.bytes);
    if body.is_empty() {
        return match by_name {
            Some(Role::Comments) | Some(Role::Address) | Some(Role::Alias) => Ok(None),
            _ => Err(ParseError::Empty {
                file: file.name.clone(),
            }),
        };
    }
    match first_record_shape(body) {
        Some((count, true, _)) => match Role::from_columns(count) {
            Some(role) => Ok(Some(role)),
            None => Err(ParseError::at_line(
                &file.name,
                1,
                format!(
                    "{count} fields: an OFAC CSV file has 12 (sdn.csv), 6 (add.csv), 5 \
                     (alt.csv) or 2 (comments) fields"
                ),
            )),
        },
        Some((count, false, _)) => Err(ParseError::Truncated {
            file: file.name.clone(),
            line: Some(1),
            message: format!("the only record ends after {count} fields"),
        }),
        None => Err(ParseError::at_line(&file.name, 1, "not an OFAC CSV record")),
    }
}

/// The bytes without a UTF-8 BOM, the final 0x1A and trailing whitespace.
fn trim_file(bytes: &[u8]) -> &[u8] {
    let mut b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    while let Some((&last, rest)) = b.split_last() {
        if last == 0x1A || last.is_ascii_whitespace() || last == 0 {
            b = rest;
        } else {
            break;
        }
    }
    b
}

/// UTF-8 when valid, else Windows-1252 (OFAC's encoding).
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// Counts the fields of the first record: (fields, record complete, first
/// field bytes). `None` when the text does not start like a CSV record.
fn first_record_shape(bytes: &[u8]) -> Option<(usize, bool, &[u8])> {
    let mut fields = 1;
    let mut in_quotes = false;
    let mut first_end = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => {
                fields += 1;
                first_end.get_or_insert(i);
            }
            b'\r' | b'\n' if !in_quotes => {
                let end = first_end.unwrap_or(i);
                return Some((fields, true, &bytes[..end]));
            }
            _ => {}
        }
    }
    let end = first_end.unwrap_or(bytes.len());
    Some((fields, !in_quotes && !bytes.is_empty(), &bytes[..end])).filter(|_| !bytes.is_empty())
}

fn memfind(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// `-0- ` (or an empty field) as `None`, else the trimmed text.
fn field(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty() || t == "-0-" {
        None
    } else {
        Some(t.to_string())
    }
}

/// Reads one file's records.
fn read_file(
    file: &InputFile,
    role: Role,
    rows: &mut Rows,
    warnings: &mut Vec<Warning>,
) -> Result<(), ParseError> {
    let body = trim_file(&file.bytes);
    if body.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
        let line = body.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        return Err(ParseError::Truncated {
            file: file.name.clone(),
            line: Some(line),
            message: "the last record ends inside a quoted field".to_string(),
        });
    }
    let text = decode(body);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let expected = role.columns();
    let mut record = ::csv::StringRecord::new();
    let mut last: Option<(u64, usize)> = None;
    let mut lines = RecordLines::new(text.as_bytes());
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = lines.line(e.position()).unwrap_or(0);
                return Err(ParseError::at_line(&file.name, line, e.to_string()));
            }
        }
        let line = lines.line(record.position()).unwrap_or(0);
        // A bad record that turns out to be the last one is a truncation.
        if let Some((bad_line, n)) = last.take() {
            wrong_count(file, role, bad_line, n, expected, warnings)?;
        }
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != expected {
            if record.len() < expected {
                // Decide after seeing whether another record follows.
                last = Some((line, record.len()));
                continue;
            }
            wrong_count(file, role, line, record.len(), expected, warnings)?;
            continue;
        }
        let ent_num = record.get(0).unwrap_or("").trim();
        if ent_num.is_empty() || !ent_num.bytes().all(|b| b.is_ascii_digit()) {
            let message = format!("field 1 (ent_num): not an integer: {ent_num:?}");
            if role == Role::Primary {
                return Err(ParseError::at_line(&file.name, line, message));
            }
            warnings.push(Warning::new(
                &file.name,
                Some(line),
                message + "; row skipped",
            ));
            continue;
        }
        let get = |i: usize| field(record.get(i).unwrap_or(""));
        let ent_num = ent_num.to_string();
        let name = file.name.clone();
        match role {
            Role::Primary => rows.primary.push((
                name,
                SdnRow {
                    line,
                    ent_num,
                    name: record.get(1).unwrap_or("").trim().to_string(),
                    sdn_type: get(2),
                    program: get(3),
                    title: get(4),
                    call_sign: get(5),
                    vess_type: get(6),
                    tonnage: get(7),
                    grt: get(8),
                    vess_flag: get(9),
                    vess_owner: get(10),
                    remarks: get(11),
                },
            )),
            Role::Address => rows.addresses.push((
                name,
                AddRow {
                    line,
                    ent_num,
                    address: get(2),
                    city: get(3),
                    country: get(4),
                    remarks: get(5),
                },
            )),
            Role::Alias => rows.aliases.push((
                name,
                AltRow {
                    line,
                    ent_num,
                    alt_type: get(2),
                    name: get(3),
                    remarks: get(4),
                },
            )),
            Role::Comments => {
                // Keep the text untrimmed: it continues a cut word.
                let text = record.get(1).unwrap_or("").to_string();
                rows.comments.push((name, line, ent_num, text));
            }
        }
    }
    if let Some((line, n)) = last {
        return Err(ParseError::Truncated {
            file: file.name.clone(),
            line: Some(line),
            message: format!("the last record has {n} of {expected} fields"),
        });
    }
    Ok(())
}

/// A record with the wrong number of fields: an error in the primary file, a
/// skipped row with a warning elsewhere.
fn wrong_count(
    file: &InputFile,
    role: Role,
    line: u64,
    got: usize,
    expected: usize,
    warnings: &mut Vec<Warning>,
) -> Result<(), ParseError> {
    let message = format!("{got} fields, expected {expected}");
    if role == Role::Primary {
        return Err(ParseError::at_line(&file.name, line, message));
    }
    warnings.push(Warning::new(
        &file.name,
        Some(line),
        message + "; row skipped",
    ));
    Ok(())
}

/// Maps the rows of all files to entities.
fn map_rows(
    rows: Rows,
    source: &SourceId,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Entity>, ParseError> {
    let mut index: HashMap<String, usize> = HashMap::with_capacity(rows.primary.len());
    let mut raw_remarks: Vec<Option<String>> = Vec::with_capacity(rows.primary.len());
    let mut titles: Vec<Vec<String>> = Vec::with_capacity(rows.primary.len());
    let mut entities: Vec<Entity> = Vec::with_capacity(rows.primary.len());
    for (file, row) in rows.primary {
        let id = EntityId::new(source, &row.ent_num)
            .map_err(|e| ParseError::at_line(&file, row.line, e.to_string()))?;
        if index.contains_key(&row.ent_num) {
            warnings.push(Warning::new(
                &file,
                Some(row.line),
                format!("duplicate ent_num {}; row skipped", row.ent_num),
            ));
            continue;
        }
        let (entity, title) = map_primary(id, &file, &row, warnings);
        index.insert(row.ent_num.clone(), entities.len());
        entities.push(entity);
        raw_remarks.push(row.remarks);
        titles.push(title);
    }

    // Remarks cut at 1,000 characters continue in the comments file.
    let mut missing: HashMap<String, (String, u64, usize)> = HashMap::new();
    for (file, line, ent_num, text) in &rows.comments {
        match index.get(ent_num.as_str()) {
            Some(&i) => match &mut raw_remarks[i] {
                Some(r) if r.chars().count() >= 1000 => r.push_str(text),
                _ => {
                    warnings.push(Warning::new(
                        file,
                        Some(*line),
                        format!(
                            "comment for ent_num {ent_num} whose remarks are not cut at 1,000 \
                             characters; kept as a separate remark"
                        ),
                    ));
                    let t = text.trim();
                    if !t.is_empty() {
                        entities[i].remarks.push(t.to_string());
                    }
                }
            },
            None => note_missing(&mut missing, file, *line, ent_num),
        }
    }

    for (i, entity) in entities.iter_mut().enumerate() {
        if let Some(text) = raw_remarks[i].take() {
            remarks::apply(entity, remarks::parse_remarks(&text), &titles[i]);
        }
    }

    for (file, row) in rows.aliases {
        let Some(&i) = index.get(row.ent_num.as_str()) else {
            note_missing(&mut missing, &file, row.line, &row.ent_num);
            continue;
        };
        let Some(full) = row.name else {
            warnings.push(Warning::new(
                &file,
                Some(row.line),
                "alias with an empty name; row skipped",
            ));
            continue;
        };
        let kind = match row
            .alt_type
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("fka") | Some("f.k.a.") => NameKind::Fka,
            Some("nka") | Some("n.k.a.") => NameKind::Nka,
            Some("aka") | Some("a.k.a.") | None => NameKind::Aka,
            Some(other) => {
                warnings.push(Warning::new(
                    &file,
                    Some(row.line),
                    format!("unknown alt_type {other:?}; read as aka"),
                ));
                NameKind::Aka
            }
        };
        let entity = &mut entities[i];
        let name = with_parts(Name::new(full, kind, NameStrength::Strong), entity.schema);
        entity.names.push(name);
        if let Some(r) = row.remarks {
            entity.remarks.push(r);
        }
    }

    for (file, row) in rows.addresses {
        let Some(&i) = index.get(row.ent_num.as_str()) else {
            note_missing(&mut missing, &file, row.line, &row.ent_num);
            continue;
        };
        let country = row.country.as_deref().and_then(country_code);
        let address = Address {
            street: row.address.into_iter().collect(),
            city: row.city,
            region: None,
            postal_code: None,
            country_name: row.country,
            country,
            note: row.remarks,
        };
        let entity = &mut entities[i];
        if let Some(c) = country {
            if !entity.nationalities.contains(&c) && !entity.citizenships.contains(&c) {
                entity.add_country(c);
            }
        }
        entity.addresses.push(address);
    }

    let mut missing: Vec<(String, u64, usize, String)> = missing
        .into_iter()
        .map(|(ent, (file, line, n))| (file, line, n, ent))
        .collect();
    missing.sort();
    for (file, line, n, ent_num) in missing {
        warnings.push(Warning::new(
            &file,
            Some(line),
            format!("{n} row(s) for ent_num {ent_num}, which has no primary row; skipped"),
        ));
    }

    resolve_links(&mut entities);
    Ok(entities)
}

/// Counts rows that refer to an `ent_num` absent from the primary file, one
/// warning per `ent_num` at its first row.
fn note_missing(
    missing: &mut HashMap<String, (String, u64, usize)>,
    file: &str,
    line: u64,
    ent_num: &str,
) {
    missing
        .entry(ent_num.to_string())
        .or_insert_with(|| (file.to_string(), line, 0))
        .2 += 1;
}

/// One primary row to an entity; also returns the titles (for remark
/// de-duplication).
fn map_primary(
    id: EntityId,
    file: &str,
    row: &SdnRow,
    warnings: &mut Vec<Warning>,
) -> (Entity, Vec<String>) {
    let schema = match labels::schema(row.sdn_type.as_deref().unwrap_or("")) {
        Some(s) => s,
        None => {
            warnings.push(Warning::new(
                file,
                Some(row.line),
                format!(
                    "field 3 (SDN_Type): unknown type {:?}; read as an entity",
                    row.sdn_type.as_deref().unwrap_or("")
                ),
            ));
            Schema::Organization
        }
    };
    let mut e = Entity::new(id, schema);
    if row.name.is_empty() {
        warnings.push(Warning::new(
            file,
            Some(row.line),
            "field 2 (SDN_Name) is empty",
        ));
    }
    e.names
        .push(with_parts(Name::primary(row.name.clone()), schema));
    if let Some(p) = &row.program {
        for tag in p.split("] [") {
            let tag = tag
                .trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim();
            if !tag.is_empty() && !e.programs.iter().any(|t| t == tag) {
                e.programs.push(tag.to_string());
            }
        }
    }
    let titles: Vec<String> = row.title.iter().cloned().collect();
    e.titles.clone_from(&titles);

    let vessel_fields = [
        &row.call_sign,
        &row.vess_type,
        &row.tonnage,
        &row.grt,
        &row.vess_flag,
        &row.vess_owner,
    ];
    if schema == Schema::Vessel || vessel_fields.iter().any(|f| f.is_some()) {
        let flag = row.vess_flag.as_deref().and_then(country_code);
        e.vessel = Some(VesselInfo {
            vessel_type: row.vess_type.clone(),
            flag_name: row.vess_flag.clone(),
            flag,
            owner: row.vess_owner.clone(),
            tonnage: row.tonnage.clone(),
            gross_registered_tonnage: row.grt.clone(),
            build_year: None,
        });
        if let Some(c) = flag {
            e.add_country(c);
        }
        if let Some(cs) = &row.call_sign {
            e.identifiers
                .push(Identifier::new(IdentifierKind::CallSign, "Call Sign", cs));
        }
    }
    (e, titles)
}

/// Honorifics OFAC writes at the start of the given names.
const HONORIFICS: &[&str] = &[
    "Dr.",
    "Prof.",
    "Sheikh",
    "Shaykh",
    "Shaikh",
    "Mullah",
    "Maulavi",
    "Mawlawi",
    "Maulvi",
    "Qari",
    "Haji",
    "Hajji",
    "Ayatollah",
    "Hojjatoleslam",
];

/// Splits `LAST, First` into family and given name for persons; other
/// names are one whole part.
fn with_parts(name: Name, schema: Schema) -> Name {
    if schema != Schema::Person {
        let full = name.full.clone();
        return name.with_part(NamePartKind::Whole, full);
    }
    let full = name.full.clone();
    let Some((last, first)) = full.split_once(", ") else {
        return name.with_part(NamePartKind::Family, full.clone());
    };
    let name = name.with_part(NamePartKind::Family, last.trim());
    let first = first.trim();
    // `AL ZAWAHIRI, Dr. Ayman`: the honorific is a title part.
    match first.split_once(' ') {
        Some((title, given)) if HONORIFICS.contains(&title) && !given.trim().is_empty() => name
            .with_part(NamePartKind::Title, title)
            .with_part(NamePartKind::Given, given.trim()),
        _ => name.with_part(NamePartKind::Given, first),
    }
}

/// Resolves `Linked To:` names to ids by exact primary name, retrying with
/// the final `.` the remarks' terminator swallowed. When two entries share
/// the name (`MINISTRY OF STATE SECURITY`), the one sharing a program with
/// the linking entry is taken, if only one does.
fn resolve_links(entities: &mut [Entity]) {
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::with_capacity(entities.len());
    for (i, e) in entities.iter().enumerate() {
        if let Some(n) = e.primary_name() {
            by_name.entry(n).or_default().push(i);
        }
    }
    let mut resolved: Vec<(usize, usize, EntityId)> = Vec::new();
    let mut key = String::new();
    for (i, e) in entities.iter().enumerate() {
        for (r, rel) in e.relationships.iter().enumerate() {
            if rel.target.is_some() {
                continue;
            }
            let Some(name) = rel.target_name.as_deref() else {
                continue;
            };
            let candidates = match by_name.get(name) {
                Some(c) => c,
                None => {
                    key.clear();
                    key.push_str(name);
                    key.push('.');
                    match by_name.get(key.as_str()) {
                        Some(c) => c,
                        None => continue,
                    }
                }
            };
            let target = match candidates.as_slice() {
                [one] => Some(*one),
                many => {
                    let mut sharing = many.iter().filter(|&&c| {
                        c != i && entities[c].programs.iter().any(|p| e.programs.contains(p))
                    });
                    match (sharing.next(), sharing.next()) {
                        (Some(&c), None) => Some(c),
                        _ => None,
                    }
                }
            };
            if let Some(t) = target {
                resolved.push((i, r, entities[t].id.clone()));
            }
        }
    }
    for (i, r, id) in resolved {
        entities[i].relationships[r].target = Some(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> InputFile {
        InputFile::new(name, text.as_bytes().to_vec())
    }

    const SDN: &str = "48060,\"DILIAN, Tal Jonathan\",\"individual\",\"CYBER2\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 21 Aug 1961; Linked To: INTELLEXA LIMITED.\"\r\n\
        48061,\"INTELLEXA LIMITED\",-0- ,\"CYBER2] [SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a";

    #[test]
    fn sniff_accepts_ofac_and_rejects_headers() {
        assert!(FORMAT.sniff(&file("whatever.txt", SDN)));
        assert!(FORMAT.sniff(&file(
            "alt.csv",
            "48060,74624,\"aka\",\"MENASHE, Tal Yonatan\",-0- \r\n"
        )));
        assert!(FORMAT.sniff(&file("sdn_comments.csv", "")));
        assert!(FORMAT.sniff(&file("c.csv", "17018,\"ive 2): 24 Feb 2022\"\r\n")));
        assert!(!FORMAT.sniff(&file("c.csv", "17018,2024\r\n")));
        assert!(!FORMAT.sniff(&file("x.csv", "")));
        assert!(!FORMAT.sniff(&file("csl.csv", "_id,source,entity_number,type\n1,2,3,4\n")));
        assert!(!FORMAT.sniff(&file("conlist.csv", "Last Updated,01/01/2024\n")));
        assert!(!FORMAT.sniff(&file("dpl.txt", "Name\tStreet_Address\tCity\n")));
    }

    #[test]
    fn files_are_recognised_by_column_count() {
        let alt = "48060,74624,\"aka\",\"MENASHE, Tal Yonatan\",-0- \r\n\x1a";
        let set = [file("b.csv", alt), file("a.csv", SDN)];
        let list = parse_set(&set, &ParseOptions::default()).unwrap();
        assert_eq!(list.source.as_str(), "us-ofac-sdn");
        assert_eq!(list.record_count, 2);
        let tal = &list.entities[0];
        assert_eq!(tal.names[1].full, "MENASHE, Tal Yonatan");
        assert_eq!(tal.names[1].part(NamePartKind::Family), Some("MENASHE"));
        assert_eq!(tal.names[0].part(NamePartKind::Given), Some("Tal Jonathan"));
        let dr = with_parts(Name::primary("AL ZAWAHIRI, Dr. Ayman"), Schema::Person);
        assert_eq!(dr.part(NamePartKind::Title), Some("Dr."));
        assert_eq!(dr.part(NamePartKind::Given), Some("Ayman"));
        assert_eq!(dr.part(NamePartKind::Family), Some("AL ZAWAHIRI"));
        assert_eq!(list.entities[1].programs, ["CYBER2", "SDGT"]);
        assert_eq!(
            tal.relationships[0].target.as_ref().map(|t| t.as_str()),
            Some("us-ofac-sdn:48061")
        );
    }

    #[test]
    fn swallowed_final_dot_is_restored_for_links() {
        let sdn = "1,\"ACME CO.\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
            2,\"ROAD RUNNER\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Linked To: ACME CO.\"\r\n";
        let list = parse_set(&[file("sdn.csv", sdn)], &ParseOptions::default()).unwrap();
        let rel = &list.entities[1].relationships[0];
        assert_eq!(rel.target_name.as_deref(), Some("ACME CO"));
        assert_eq!(
            rel.target.as_ref().map(|t| t.as_str()),
            Some("us-ofac-sdn:1")
        );
    }

    #[test]
    fn shared_names_resolve_by_program() {
        let sdn = "1,\"MINISTRY\",-0- ,\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
            2,\"MINISTRY\",-0- ,\"CAATSA - RUSSIA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
            3,\"BUREAU\",-0- ,\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Linked To: MINISTRY.\"\r\n\
            4,\"OTHER\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Linked To: MINISTRY.\"\r\n";
        let list = parse_set(&[file("sdn.csv", sdn)], &ParseOptions::default()).unwrap();
        let target = |i: usize| {
            list.entities[i].relationships[0]
                .target
                .as_ref()
                .map(|t| t.as_str().to_string())
        };
        assert_eq!(target(2).as_deref(), Some("us-ofac-sdn:1"));
        assert_eq!(target(3), None);
    }

    #[test]
    fn cp1252_bytes_are_decoded() {
        let mut bytes = b"7,\"CAF".to_vec();
        bytes.push(0xC9);
        bytes.extend_from_slice(
            b" SA\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a",
        );
        let list = parse_set(
            &[InputFile::new("sdn.csv", bytes)],
            &ParseOptions::default(),
        )
        .unwrap();
        assert_eq!(list.entities[0].names[0].full, "CAF\u{c9} SA");
    }
}
