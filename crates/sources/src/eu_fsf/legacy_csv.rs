//! The legacy EU consolidated list CSV (2018 `EUSanctionsShort.csv`):
//! `;`-separated groups `Naal_*`, `Addr_*`, `Birt_*`, `Iden_*`, `Citi_*`,
//! one group per row, `Entity_logical_id` repeated in each group. Copies in
//! the wild are Windows-1252, with each line wrapped in `"…"` (inner quotes
//! doubled) and padded with tabs; both shapes are read.

use super::csv::{decode_text, group_rows, CsvLayout, Row};
use super::parse_each;
use super::record::{
    legacy_identification, EuAddress, EuBirthdate, EuCitizenship, EuEntity, EuName, EuRegulation,
};
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList};

/// The legacy EU CSV format.
pub(crate) struct EuFsfLegacyCsv;

const FORMAT_ID: &str = "eu-fsf-legacy-csv";

impl Format for EuFsfLegacyCsv {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        super::SOURCE
    }

    fn description(&self) -> &'static str {
        "EU consolidated list, legacy CSV layout (Naal_/Addr_/Birt_ columns, until 2018)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(1024);
        head.contains("Entity_logical_id") && head.contains("Naal_")
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        parse_each(files, options, FORMAT_ID, |file| {
            let text = unwrap_lines(&decode_text(&file.bytes));
            group_rows(&file.name, &text, &LAYOUT, entity_of, add_group)
        })
    }
}

/// Undoes the per-line wrapping: trailing tabs dropped, an outer `"…"`
/// removed and `""` made `"`. Lines stay lines, so positions still match.
fn unwrap_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let l = line.trim_end_matches(['\r', '\t', ' ']);
        let inner = l
            .strip_prefix('"')
            .and_then(|x| x.strip_suffix('"'))
            .filter(|x| x.contains(';'));
        match inner {
            Some(x) => out.push_str(&x.replace("\"\"", "\"")),
            None => out.push_str(l),
        }
        out.push('\n');
    }
    out
}

/// The 2018 layout: `Entity_logical_id` repeats in every group (the first
/// one is read); the file is padded with blank lines.
const LAYOUT: CsvLayout = CsvLayout {
    id_column: "Entity_logical_id",
    date_column: "Date_filexxxx",
    not_this_format: "no Entity_logical_id column: not a legacy EU CSV file",
    skip_blank_rows: true,
};

fn entity_of(row: &Row<'_>, line: u64) -> EuEntity {
    EuEntity {
        line,
        logical_id: row.get("Entity_logical_id"),
        eu_reference_number: row.get("EU_ref_num"),
        remarks: vec![row.get("Entity_remark")],
        subject_classification: row.get("Subject_type"),
        regulations: vec![EuRegulation {
            publication_date: row.get("Leba_publication_date"),
            number_title: row.get("Leba_numtitle"),
            programme: row.get("Programme"),
            publication_url: row.get("Leba_url"),
            ..EuRegulation::default()
        }],
        ..EuEntity::default()
    }
}

fn add_group(row: &Row<'_>, e: &mut EuEntity) {
    let id = row.get("Naal_logical_id");
    if !id.is_empty() && !e.names.iter().any(|n| n.logical_id == id) {
        e.names.push(EuName {
            logical_id: id,
            first_name: row.get("Naal_firstname"),
            middle_name: row.get("Naal_middlename"),
            last_name: row.get("Naal_lastname"),
            whole_name: row.get("Naal_wholename"),
            function: row.get("Naal_function"),
            gender: row.get("Naal_gender"),
            title: row.get("Naal_title"),
            name_language: row.get("Naal_language"),
            ..EuName::default()
        });
    }
    let id = row.get("Addr_logical_id");
    if !id.is_empty() && !e.addresses.iter().any(|x| x.logical_id == id) {
        let street = [row.get("Addr_number"), row.get("Addr_street")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        e.addresses.push(EuAddress {
            logical_id: id,
            street,
            zip_code: row.get("Addr_zipcode"),
            city: row.get("Addr_city"),
            country_code: row.get("Addr_country"),
            place: row.get("Addr_other"),
            ..EuAddress::default()
        });
    }
    let id = row.get("Birt_logical_id");
    if !id.is_empty() && !e.birthdates.iter().any(|x| x.logical_id == id) {
        e.birthdates.push(EuBirthdate {
            logical_id: id,
            birthdate: row.get("Birt_date"),
            place: row.get("Birt_place"),
            country_code: row.get("Birt_country"),
            ..EuBirthdate::default()
        });
    }
    let id = row.get("Iden_logical_id");
    if !id.is_empty() && !e.identifications.iter().any(|x| x.logical_id == id) {
        let mut ident = legacy_identification(&row.get("Iden_number"), &row.get("Iden_country"));
        ident.logical_id = id;
        e.identifications.push(ident);
    }
    let id = row.get("Citi_logical_id");
    if !id.is_empty() && !e.citizenships.iter().any(|x| x.logical_id == id) {
        e.citizenships.push(EuCitizenship {
            logical_id: id,
            country_code: row.get("Citi_country"),
            ..EuCitizenship::default()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_are_unwrapped() {
        let text = "\"a;b;\"\"x;y\"\";c\"\t\t\t\n\"1;2\"\r\n";
        assert_eq!(unwrap_lines(text), "a;b;\"x;y\";c\n1;2\n\n");
    }
}
