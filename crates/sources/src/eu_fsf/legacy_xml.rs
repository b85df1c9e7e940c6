//! The legacy EU consolidated list XML (2016 `EU_data.xml`):
//! `WHOLE@Date/ENTITY@Id@Type@programme@legal_basis@reg_date` with `NAME`,
//! `BIRTH`, `PASSPORT`, `CITIZEN` and `ADDRESS` children; countries are
//! ISO alpha-3.

use chrono::NaiveDate;

use super::record::{
    legacy_identification, EuAddress, EuBirthdate, EuCitizenship, EuEntity, EuName, EuRegulation,
};
use super::{parse_each, FileRecords};
use crate::xml_dom::{self as dom, Element};
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList};

/// The legacy EU XML format.
pub(crate) struct EuFsfLegacyXml;

const FORMAT_ID: &str = "eu-fsf-legacy-xml";

impl Format for EuFsfLegacyXml {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        super::SOURCE
    }

    fn description(&self) -> &'static str {
        "EU consolidated list, legacy XML layout (EU_data.xml, until 2016)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(1024);
        head.contains("<WHOLE") && head.contains("<ENTITY")
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        parse_each(files, options, FORMAT_ID, |file| {
            let doc = dom::parse_root(&file.name, &file.bytes, "WHOLE")?;
            let root = &doc.root;
            Ok(FileRecords {
                records: root
                    .children_named("ENTITY")
                    .map(|el| read_entity(el, doc.lines.line(el.pos)))
                    .collect(),
                rows: None,
                published: root
                    .attr("Date")
                    .and_then(|d| NaiveDate::parse_from_str(d, "%d/%m/%Y").ok()),
            })
        })
    }
}

fn t(el: &Element, child: &str) -> String {
    el.child_text(child).unwrap_or_default().to_string()
}

fn a(el: &Element, name: &str) -> String {
    el.attr(name).unwrap_or_default().to_string()
}

fn read_entity(el: &Element, line: u64) -> EuEntity {
    EuEntity {
        line,
        logical_id: a(el, "Id"),
        remarks: vec![a(el, "remark")],
        subject_classification: a(el, "Type"),
        regulations: vec![EuRegulation {
            publication_date: a(el, "reg_date"),
            number_title: a(el, "legal_basis"),
            programme: a(el, "programme"),
            publication_url: a(el, "pdf_link"),
            ..EuRegulation::default()
        }],
        names: el
            .children_named("NAME")
            .map(|n| EuName {
                logical_id: a(n, "Id"),
                first_name: t(n, "FIRSTNAME"),
                middle_name: t(n, "MIDDLENAME"),
                last_name: t(n, "LASTNAME"),
                whole_name: t(n, "WHOLENAME"),
                function: t(n, "FUNCTION"),
                gender: t(n, "GENDER"),
                title: t(n, "TITLE"),
                name_language: t(n, "LANGUAGE"),
                ..EuName::default()
            })
            .collect(),
        birthdates: el
            .children_named("BIRTH")
            .map(|b| EuBirthdate {
                logical_id: a(b, "Id"),
                birthdate: t(b, "DATE"),
                place: t(b, "PLACE"),
                country_code: t(b, "COUNTRY"),
                ..EuBirthdate::default()
            })
            .collect(),
        identifications: el
            .children_named("PASSPORT")
            .map(|p| {
                let mut id = legacy_identification(&t(p, "NUMBER"), &t(p, "COUNTRY"));
                id.logical_id = a(p, "Id");
                id
            })
            .collect(),
        citizenships: el
            .children_named("CITIZEN")
            .map(|c| EuCitizenship {
                logical_id: a(c, "Id"),
                country_code: t(c, "COUNTRY"),
                ..EuCitizenship::default()
            })
            .collect(),
        addresses: el
            .children_named("ADDRESS")
            .map(|ad| EuAddress {
                logical_id: a(ad, "Id"),
                street: [t(ad, "NUMBER"), t(ad, "STREET")]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" "),
                zip_code: t(ad, "ZIPCODE"),
                city: t(ad, "CITY"),
                country_code: t(ad, "COUNTRY"),
                place: t(ad, "OTHER"),
                ..EuAddress::default()
            })
            .collect(),
        ..EuEntity::default()
    }
}
