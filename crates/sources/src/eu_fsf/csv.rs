//! EU FSF CSV 1.1 (`csvFullSanctionsList_1_1`): `;`-separated, 118 columns
//! in groups `Entity_*`, `NameAlias_*`, `Address_*`, `BirthDate_*`,
//! `Identification_*`, `Citizenship_*`; one row per sub-object with the
//! `Entity_*` columns repeated, grouped here by `Entity_LogicalId`.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;

use super::record::{
    EuAddress, EuBirthdate, EuCitizenship, EuEntity, EuIdentification, EuName, EuRegulation,
};
use super::{parse_each, FileRecords};
use crate::csv_lines::RecordLines;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList};

/// The EU FSF CSV 1.1 format.
pub(crate) struct EuFsfCsv;

const FORMAT_ID: &str = "eu-fsf-csv";

impl Format for EuFsfCsv {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        super::SOURCE
    }

    fn description(&self) -> &'static str {
        "EU Financial Sanctions Files CSV 1.1 (csvFullSanctionsList_1_1)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(1024);
        head.contains("Entity_LogicalId") && head.contains("NameAlias_") && head.contains(';')
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        parse_each(files, options, FORMAT_ID, |file| {
            group_rows(
                &file.name,
                &decode_text(&file.bytes),
                &LAYOUT,
                entity_of,
                add_parts,
            )
        })
    }
}

/// UTF-8 (BOM skipped), else Windows-1252.
pub(crate) fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0,
    }
}

/// The columns of one row, by header name.
pub(crate) struct Row<'a> {
    pub(crate) header: &'a HashMap<String, usize>,
    pub(crate) record: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The trimmed value of a column; `""` when absent.
    pub(crate) fn get(&self, col: &str) -> String {
        self.header
            .get(col)
            .and_then(|&i| self.record.get(i))
            .map(|v| {
                // Tabs stand for commas in some converted copies.
                if v.contains(['\t', '\n', '\r']) {
                    v.split_whitespace().collect::<Vec<_>>().join(" ")
                } else {
                    v.trim().to_string()
                }
            })
            .unwrap_or_default()
    }
}

/// The CSV 1.1 layout.
const LAYOUT: CsvLayout = CsvLayout {
    id_column: "Entity_LogicalId",
    date_column: "fileGenerationDate",
    not_this_format: "no Entity_LogicalId column: not an EU FSF CSV 1.1 file",
    skip_blank_rows: false,
};

/// What tells the two EU CSV layouts apart.
pub(crate) struct CsvLayout {
    /// The column that groups rows into entities.
    pub(crate) id_column: &'static str,
    /// The column holding the file's date (`DD/MM/YYYY`).
    pub(crate) date_column: &'static str,
    /// The error when the header lacks `id_column`.
    pub(crate) not_this_format: &'static str,
    /// Whether rows with every field blank are passed over (and not counted).
    pub(crate) skip_blank_rows: bool,
}

/// Reads the `;`-separated rows of one file, grouped into entities by the
/// layout's id column in first-seen order: `new_entity` makes an entity
/// from its first row, `add` adds what each row carries. Columns are found
/// by header name; a repeated header name means its first column.
pub(crate) fn group_rows(
    file: &str,
    text: &str,
    layout: &CsvLayout,
    new_entity: impl Fn(&Row<'_>, u64) -> EuEntity,
    add: impl Fn(&Row<'_>, &mut EuEntity),
) -> Result<FileRecords, ParseError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(file, &e))?.clone();
    let mut header: HashMap<String, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        header.entry(h.trim().to_string()).or_insert(i);
    }
    if !header.contains_key(layout.id_column) {
        return Err(ParseError::at_path(
            file,
            Some(1),
            "header",
            layout.not_this_format,
        ));
    }
    let mut order: Vec<EuEntity> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut rows = 0;
    let mut published = None;
    let mut record = csv::StringRecord::new();
    let mut lines = RecordLines::new(text.as_bytes());
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(file, &e)),
        }
        if layout.skip_blank_rows && record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        rows += 1;
        let line = lines.line(record.position()).unwrap_or(0);
        let row = Row {
            header: &header,
            record: &record,
        };
        if published.is_none() {
            published = NaiveDate::parse_from_str(&row.get(layout.date_column), "%d/%m/%Y").ok();
        }
        let id = row.get(layout.id_column);
        let slot = match index.get(&id) {
            Some(&i) => i,
            None => {
                index.insert(id, order.len());
                order.push(new_entity(&row, line));
                order.len() - 1
            }
        };
        add(&row, &mut order[slot]);
    }
    Ok(FileRecords {
        records: order,
        rows: Some(rows),
        published,
    })
}

fn csv_error(file: &str, e: &csv::Error) -> ParseError {
    let line = e.position().map(|p| p.line());
    match line {
        Some(l) => ParseError::at_line(file, l, e.to_string()),
        None => ParseError::Syntax {
            file: file.to_string(),
            line: None,
            path: None,
            message: e.to_string(),
        },
    }
}

fn entity_of(row: &Row<'_>, line: u64) -> EuEntity {
    EuEntity {
        line,
        logical_id: row.get("Entity_LogicalId"),
        eu_reference_number: row.get("Entity_EU_ReferenceNumber"),
        united_nation_id: row.get("Entity_UnitedNationId"),
        designation_date: row.get("Entity_DesignationDate"),
        designation_details: row.get("Entity_DesignationDetails"),
        delisting_date: String::new(),
        remarks: vec![row.get("Entity_Remark")],
        // CSV: `Entity_SubjectType` = `P`, `..._ClassificationCode` = `person`,
        // the reverse of the XML attributes.
        subject_code: row.get("Entity_SubjectType_ClassificationCode"),
        subject_classification: row.get("Entity_SubjectType"),
        regulations: vec![regulation(row, "Entity")],
        ..EuEntity::default()
    }
}

fn regulation(row: &Row<'_>, group: &str) -> EuRegulation {
    let g = |c: &str| row.get(&format!("{group}_Regulation_{c}"));
    EuRegulation {
        regulation_type: g("Type"),
        organisation_type: g("OrganisationType"),
        publication_date: g("PublicationDate"),
        entry_into_force_date: g("EntryIntoForceDate"),
        number_title: g("NumberTitle"),
        programme: g("Programme"),
        publication_url: g("PublicationUrl"),
    }
}

/// Adds the sub-objects a row carries (each group whose `LogicalId` is set).
fn add_parts(row: &Row<'_>, e: &mut EuEntity) {
    let id = row.get("NameAlias_LogicalId");
    let whole = row.get("NameAlias_WholeName");
    if (!id.is_empty() || !whole.is_empty())
        && !e
            .names
            .iter()
            .any(|n| n.logical_id == id && n.whole_name == whole)
    {
        e.names.push(EuName {
            logical_id: id,
            first_name: row.get("NameAlias_FirstName"),
            middle_name: row.get("NameAlias_MiddleName"),
            last_name: row.get("NameAlias_LastName"),
            whole_name: whole,
            function: row.get("NameAlias_Function"),
            gender: row.get("NameAlias_Gender"),
            title: row.get("NameAlias_Title"),
            name_language: row.get("NameAlias_NameLanguage"),
            // CSV 1.1 has no `strong` column.
            strong: String::new(),
            remarks: vec![row.get("NameAlias_Remark")],
        });
    }
    let id = row.get("Address_LogicalId");
    if !id.is_empty() && !e.addresses.iter().any(|x| x.logical_id == id) {
        let contact = row.get("Address_ContactInfo");
        e.addresses.push(EuAddress {
            logical_id: id,
            street: row.get("Address_Street"),
            city: row.get("Address_City"),
            zip_code: row.get("Address_ZipCode"),
            po_box: row.get("Address_PoBox"),
            region: row.get("Address_Region"),
            place: row.get("Address_Place"),
            as_at_listing_time: row.get("Address_AsAtListingTime"),
            country_code: row.get("Address_CountryIso2Code"),
            country_description: row.get("Address_CountryDescription"),
            contact_info: if contact.is_empty() {
                Vec::new()
            } else {
                vec![(String::new(), contact)]
            },
            remarks: vec![row.get("Address_Remark")],
        });
    }
    let id = row.get("BirthDate_LogicalId");
    if !id.is_empty() && !e.birthdates.iter().any(|x| x.logical_id == id) {
        e.birthdates.push(EuBirthdate {
            logical_id: id,
            birthdate: row.get("BirthDate_BirthDate"),
            day_of_month: row.get("BirthDate_Day"),
            month_of_year: row.get("BirthDate_Month"),
            year: row.get("BirthDate_Year"),
            year_range_from: row.get("BirthDate_YearRangeFrom"),
            year_range_to: row.get("BirthDate_YearRangeTo"),
            circa: row.get("BirthDate_Circa"),
            calendar_type: row.get("BirthDate_CalendarType"),
            city: row.get("BirthDate_City"),
            zip_code: row.get("BirthDate_ZipCode"),
            region: row.get("BirthDate_Region"),
            place: row.get("BirthDate_Place"),
            country_code: row.get("BirthDate_CountryIso2Code"),
            country_description: row.get("BirthDate_CountryDescription"),
            remarks: vec![row.get("BirthDate_Remark")],
        });
    }
    let id = row.get("Identification_LogicalId");
    if !id.is_empty() && !e.identifications.iter().any(|x| x.logical_id == id) {
        e.identifications.push(EuIdentification {
            logical_id: id,
            number: row.get("Identification_Number"),
            type_code: row.get("Identification_TypeCode"),
            type_description: row.get("Identification_TypeDescription"),
            diplomatic: row.get("Identification_Diplomatic"),
            known_expired: row.get("Identification_KnownExpired"),
            known_false: row.get("Identification_KnownFalse"),
            reported_lost: row.get("Identification_ReportedLost"),
            revoked_by_issuer: row.get("Identification_RevokedByIssuer"),
            issue_date: row.get("Identification_IssuedDate"),
            issued_by: row.get("Identification_IssuedBy"),
            valid_from: row.get("Identification_ValidFrom"),
            valid_to: row.get("Identification_ValidTo"),
            latin_number: row.get("Identification_LatinNumber"),
            name_on_document: row.get("Identification_NameOnDocument"),
            region: row.get("Identification_Region"),
            country_code: row.get("Identification_CountryIso2Code"),
            country_description: row.get("Identification_CountryDescription"),
            remarks: vec![row.get("Identification_Remark")],
        });
    }
    let id = row.get("Citizenship_LogicalId");
    if !id.is_empty() && !e.citizenships.iter().any(|x| x.logical_id == id) {
        e.citizenships.push(EuCitizenship {
            logical_id: id,
            region: row.get("Citizenship_Region"),
            country_code: row.get("Citizenship_CountryIso2Code"),
            country_description: row.get("Citizenship_CountryDescription"),
            remarks: vec![row.get("Citizenship_Remark")],
        });
    }
}
