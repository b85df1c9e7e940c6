//! The UK Sanctions List as a table (the CSV and ODS exports): rows keyed by
//! header name, grouped into designations by `Unique ID`.
//!
//! The FCDO exports have a title line before the header (`Report Date:
//! 23-Sep-2026`), then one row per name of a designation with the
//! designation's other columns repeated. Columns are found by name,
//! ignoring case, spaces and punctuation (`D.O.B` = `DOB`,
//! `Nationality(/ies)`); both the full export (`Name 1`…`Name 6`, `Name
//! type`, `Alias strength`, `Designation Type`, addresses, documents, ship
//! particulars, …) and 8-column extracts (`Unique ID, OFSI Group ID, Name,
//! Regime Name, Type, Designation source, Date Designated, Sanctions
//! Imposed`, one primary name per row) are read.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::record::{
    push_text, split_sanctions, Designation, DesignationAddress, DesignationName, Document,
    NonLatinName,
};
use crate::{ParseError, Warning};

/// One row: its line (CSV line or `content.xml` line) and cells.
pub(crate) type Row = (u64, Vec<String>);

/// Rows read before the header at most (title and report date lines).
const MAX_PREAMBLE: usize = 5;

/// A table read into designations.
#[derive(Debug, Default)]
pub(crate) struct Designations {
    /// In order of first row.
    pub designations: Vec<Designation>,
    /// Data rows read (after the header).
    pub rows: usize,
    /// The `Report Date` of the title line, if any.
    pub published: Option<NaiveDate>,
    /// Rows skipped (no `Unique ID`).
    pub warnings: Vec<Warning>,
}

/// Header key: lower-case letters and digits only.
fn key(h: &str) -> String {
    h.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `Report Date: 23-Sep-2026` (also `DD/MM/YYYY`, `DD-MM-YYYY`, ISO).
fn report_date(cell: &str) -> Option<NaiveDate> {
    let (label, value) = cell.split_once(':')?;
    if key(label) != "reportdate" {
        return None;
    }
    let v = value.trim();
    ["%d-%b-%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(v, f).ok())
}

/// Column indices of the fields read, by header name.
struct Columns {
    index: HashMap<String, usize>,
}

impl Columns {
    fn new(header: &[String]) -> Self {
        let mut index = HashMap::new();
        for (i, h) in header.iter().enumerate() {
            index.entry(key(h)).or_insert(i);
        }
        Columns { index }
    }

    /// The first of `names` the header has.
    fn find(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.index.get(&key(n)).copied())
    }
}

/// Where each field is, once per table.
struct Layout {
    unique_id: usize,
    names: [Option<usize>; 6],
    whole_name: Option<usize>,
    name_type: Option<usize>,
    alias_strength: Option<usize>,
    title: Option<usize>,
    non_latin: Option<usize>,
    non_latin_script: Option<usize>,
    non_latin_language: Option<usize>,
    kind: Option<usize>,
    regime: Option<usize>,
    date_designated: Option<usize>,
    ofsi_group_id: Option<usize>,
    un_reference: Option<usize>,
    last_updated: Option<usize>,
    designation_source: Option<usize>,
    sanctions_imposed: Option<usize>,
    other_information: Option<usize>,
    statement_of_reasons: Option<usize>,
    address_lines: [Option<usize>; 6],
    postal_code: Option<usize>,
    address_country: Option<usize>,
    dob: Option<usize>,
    nationality: Option<usize>,
    gender: Option<usize>,
    position: Option<usize>,
    town_of_birth: Option<usize>,
    country_of_birth: Option<usize>,
    passport: Option<usize>,
    passport_info: Option<usize>,
    national_id: Option<usize>,
    national_id_info: Option<usize>,
    phone: Option<usize>,
    email: Option<usize>,
    website: Option<usize>,
    type_of_entity: Option<usize>,
    registration: Option<usize>,
    parent_company: Option<usize>,
    subsidiaries: Option<usize>,
    imo: Option<usize>,
    ship_type: Option<usize>,
    flag: Option<usize>,
    previous_flags: Option<usize>,
    owner: Option<usize>,
    previous_owner: Option<usize>,
    tonnage: Option<usize>,
    length: Option<usize>,
    year_built: Option<usize>,
    hull_number: Option<usize>,
}

impl Layout {
    fn new(c: &Columns, unique_id: usize) -> Self {
        let f = |names: &[&str]| c.find(names);
        Layout {
            unique_id,
            names: [
                f(&["Name 1"]),
                f(&["Name 2"]),
                f(&["Name 3"]),
                f(&["Name 4"]),
                f(&["Name 5"]),
                f(&["Name 6"]),
            ],
            whole_name: f(&["Name"]),
            name_type: f(&["Name type"]),
            alias_strength: f(&["Alias strength"]),
            title: f(&["Title"]),
            non_latin: f(&["Name non-latin script"]),
            non_latin_script: f(&["Non-latin script type"]),
            non_latin_language: f(&["Non-latin script language"]),
            kind: f(&["Designation Type", "Individual, Entity, Ship", "Type"]),
            regime: f(&["Regime Name", "Regime"]),
            date_designated: f(&["Date Designated"]),
            ofsi_group_id: f(&["OFSI Group ID"]),
            un_reference: f(&["UN Reference Number"]),
            last_updated: f(&["Last Updated"]),
            designation_source: f(&["Designation source"]),
            sanctions_imposed: f(&["Sanctions Imposed"]),
            other_information: f(&["Other Information"]),
            statement_of_reasons: f(&["UK Statement of Reasons"]),
            address_lines: [
                f(&["Address Line 1"]),
                f(&["Address Line 2"]),
                f(&["Address Line 3"]),
                f(&["Address Line 4"]),
                f(&["Address Line 5"]),
                f(&["Address Line 6"]),
            ],
            postal_code: f(&["Address Postal Code"]),
            address_country: f(&["Address Country"]),
            dob: f(&["D.O.B", "Date of birth"]),
            nationality: f(&["Nationality(/ies)", "Nationality", "Nationalities"]),
            gender: f(&["Gender"]),
            position: f(&["Position"]),
            town_of_birth: f(&["Town of birth"]),
            country_of_birth: f(&["Country of birth"]),
            passport: f(&["Passport number"]),
            passport_info: f(&["Passport additional information"]),
            national_id: f(&["National Identifier number"]),
            national_id_info: f(&["National Identifier additional information"]),
            phone: f(&["Phone number"]),
            email: f(&["Email address"]),
            website: f(&["Website"]),
            type_of_entity: f(&["Type of entity"]),
            registration: f(&[
                "Business registration number (s)",
                "Business registration number",
            ]),
            parent_company: f(&["Parent company"]),
            subsidiaries: f(&["Subsidiaries"]),
            imo: f(&["IMO number"]),
            ship_type: f(&["Type of ship"]),
            flag: f(&["Current believed flag of ship"]),
            previous_flags: f(&["Previous flags"]),
            owner: f(&["Current owner/operator (s)", "Current owner/operator"]),
            previous_owner: f(&["Previous owner/operator (s)", "Previous owner/operator"]),
            tonnage: f(&["Tonnage of ship"]),
            length: f(&["Length of ship"]),
            year_built: f(&["Year Built"]),
            hull_number: f(&["Hull identification number (HIN)"]),
        }
    }
}

/// Reads the rows of a sheet or CSV file (title lines, header, data) into
/// designations. Errors: no row at all, or no `Unique ID` header in the
/// first rows.
pub(crate) fn read(file: &str, rows: &[Row]) -> Result<Designations, ParseError> {
    if rows.is_empty() {
        return Err(ParseError::Empty {
            file: file.to_string(),
        });
    }
    let mut published = None;
    let mut header_at = None;
    for (i, (_, cells)) in rows.iter().enumerate().take(MAX_PREAMBLE) {
        if cells.iter().any(|c| key(c) == "uniqueid") {
            header_at = Some(i);
            break;
        }
        published = published.or_else(|| cells.iter().find_map(|c| report_date(c)));
    }
    let Some(header_at) = header_at else {
        return Err(ParseError::at_line(
            file,
            rows[0].0,
            "no header row with a \"Unique ID\" column in the first rows",
        ));
    };
    let columns = Columns::new(&rows[header_at].1);
    let unique_id = columns.find(&["Unique ID"]).unwrap_or_default();
    let layout = Layout::new(&columns, unique_id);
    let mut out = Designations {
        published,
        ..Designations::default()
    };
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (line, cells) in &rows[header_at + 1..] {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.rows += 1;
        let get = |c: Option<usize>| c.and_then(|i| cells.get(i)).map_or("", |s| s.trim());
        let uid = get(Some(layout.unique_id));
        if uid.is_empty() {
            out.warnings.push(Warning::new(
                file,
                Some(*line),
                "row has no Unique ID; skipped",
            ));
            continue;
        }
        let slot = *by_id.entry(uid.to_string()).or_insert_with(|| {
            out.designations.push(Designation {
                line: *line,
                unique_id: uid.to_string(),
                ..Designation::default()
            });
            out.designations.len() - 1
        });
        add_row(&layout, &get, &mut out.designations[slot]);
    }
    Ok(out)
}

/// Sets a field once, from the first row that has it.
fn first(field: &mut String, value: &str) {
    if field.is_empty() {
        *field = value.to_string();
    }
}

fn add_row<'a>(l: &Layout, get: &impl Fn(Option<usize>) -> &'a str, d: &mut Designation) {
    first(&mut d.kind, get(l.kind));
    first(&mut d.regime, get(l.regime));
    first(&mut d.date_designated, get(l.date_designated));
    first(&mut d.ofsi_group_id, get(l.ofsi_group_id));
    first(&mut d.un_reference, get(l.un_reference));
    first(&mut d.last_updated, get(l.last_updated));
    first(&mut d.designation_source, get(l.designation_source));

    let name = DesignationName {
        parts: l.names.map(|c| get(c).to_string()),
        whole: get(l.whole_name).to_string(),
        // The extracts have one primary name per row and no name type.
        name_type: match l.name_type {
            Some(c) => get(Some(c)).to_string(),
            None => "Primary Name".to_string(),
        },
        alias_strength: get(l.alias_strength).to_string(),
    };
    let has_name = !name.whole.is_empty() || name.parts.iter().any(|p| !p.is_empty());
    if has_name && !d.names.contains(&name) {
        d.names.push(name);
    }
    let non_latin = NonLatinName {
        text: get(l.non_latin).to_string(),
        script: get(l.non_latin_script).to_string(),
        language: get(l.non_latin_language).to_string(),
    };
    if !non_latin.text.is_empty() && !d.non_latin.contains(&non_latin) {
        d.non_latin.push(non_latin);
    }
    for (list, column) in [
        (&mut d.titles, l.title),
        (&mut d.dobs, l.dob),
        (&mut d.nationalities, l.nationality),
        (&mut d.genders, l.gender),
        (&mut d.positions, l.position),
        (&mut d.phones, l.phone),
        (&mut d.emails, l.email),
        (&mut d.websites, l.website),
        (&mut d.types_of_entity, l.type_of_entity),
        (&mut d.registrations, l.registration),
        (&mut d.parent_companies, l.parent_company),
        (&mut d.subsidiaries, l.subsidiaries),
        (&mut d.other_information, l.other_information),
        (&mut d.statements_of_reasons, l.statement_of_reasons),
    ] {
        push_text(list, get(column));
    }
    let mut ship = false;
    for (list, column) in [
        (&mut d.imo_numbers, l.imo),
        (&mut d.ship_types, l.ship_type),
        (&mut d.flags, l.flag),
        (&mut d.previous_flags, l.previous_flags),
        (&mut d.owners, l.owner),
        (&mut d.previous_owners, l.previous_owner),
        (&mut d.tonnages, l.tonnage),
        (&mut d.lengths, l.length),
        (&mut d.years_built, l.year_built),
        (&mut d.hull_numbers, l.hull_number),
    ] {
        ship |= !get(column).is_empty();
        push_text(list, get(column));
    }
    d.has_ship_details |= ship;
    let place = (
        get(l.town_of_birth).to_string(),
        get(l.country_of_birth).to_string(),
    );
    if (!place.0.is_empty() || !place.1.is_empty()) && !d.birth_places.contains(&place) {
        d.birth_places.push(place);
    }
    for (list, number, info) in [
        (&mut d.passports, l.passport, l.passport_info),
        (&mut d.national_ids, l.national_id, l.national_id_info),
    ] {
        let doc = Document {
            number: get(number).to_string(),
            info: get(info).to_string(),
        };
        if !doc.number.is_empty() && !list.contains(&doc) {
            list.push(doc);
        }
    }
    let address = DesignationAddress {
        lines: l.address_lines.map(|c| get(c).to_string()),
        postal_code: get(l.postal_code).to_string(),
        country: get(l.address_country).to_string(),
    };
    if address != DesignationAddress::default() && !d.addresses.contains(&address) {
        d.addresses.push(address);
    }
    split_sanctions(&mut d.sanctions_imposed, get(l.sanctions_imposed));
}

/// The list of a table read by `format`.
pub(crate) fn to_list(
    format: &'static str,
    file: &str,
    rows: &[Row],
    options: &crate::ParseOptions,
) -> Result<crate::ParsedList, ParseError> {
    let t = read(file, rows)?;
    super::to_list(
        format,
        file,
        t.designations,
        t.rows,
        t.published,
        t.warnings,
        options,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u64, cells: &[&str]) -> Row {
        (line, cells.iter().map(|c| c.to_string()).collect())
    }

    #[test]
    fn report_date_forms() {
        let d = |s: &str| report_date(s).map(|d| d.to_string());
        assert_eq!(d("Report Date: 23-Sep-2026").as_deref(), Some("2026-09-23"));
        assert_eq!(d("Report Date: 01/10/2026").as_deref(), Some("2026-10-01"));
        assert_eq!(d("Last Updated: 01/10/2026"), None);
    }

    #[test]
    fn rows_of_one_id_are_one_designation() {
        let rows = [
            row(1, &["Report Date: 23-Sep-2026"]),
            row(2, &["Unique ID", "Name 6", "Name type", "D.O.B"]),
            row(3, &["RUS0001", "PETROV", "Primary Name", "01/02/1960"]),
            row(4, &["RUS0001", "PETROFF", "Alias", "01/02/1960"]),
            row(5, &["", "NOBODY", "Alias", ""]),
        ];
        let t = read("t.csv", &rows).unwrap();
        assert_eq!(t.rows, 3);
        assert_eq!(t.published.unwrap().to_string(), "2026-09-23");
        assert_eq!(t.designations.len(), 1);
        let d = &t.designations[0];
        assert_eq!((d.line, d.names.len(), d.dobs.len()), (3, 2, 1));
        assert_eq!(t.warnings.len(), 1);
        assert_eq!(t.warnings[0].line, Some(5));
    }

    #[test]
    fn a_table_without_unique_id_is_an_error() {
        let err = read("t.csv", &[row(1, &["Name", "Regime"])]).unwrap_err();
        assert!(err.to_string().starts_with("t.csv:1:"), "{err}");
        assert!(matches!(read("t.csv", &[]), Err(ParseError::Empty { .. })));
    }
}
