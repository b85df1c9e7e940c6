//! EU FSF XML 1.1 (`xmlFullSanctionsList_1_1`, XSD `schema_1_1.xsd`,
//! namespace `http://eu.europa.ec/fpi/fsd/export`): `export/sanctionEntity`.

use super::record::{
    EuAddress, EuBirthdate, EuCitizenship, EuEntity, EuIdentification, EuName, EuRegulation,
};
use super::{parse_each, FileRecords};
use crate::xml_dom::{self as dom, Element};
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList};

/// The EU FSF XML 1.1 format.
pub(crate) struct EuFsfXml;

const FORMAT_ID: &str = "eu-fsf-xml";

impl Format for EuFsfXml {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        super::SOURCE
    }

    fn description(&self) -> &'static str {
        "EU Financial Sanctions Files XML 1.1 (xmlFullSanctionsList_1_1)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(1024);
        head.contains("<export")
            && (head.contains("fpi/fsd/export") || head.contains("sanctionEntity"))
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        parse_each(files, options, FORMAT_ID, |file| {
            let doc = dom::parse_root(&file.name, &file.bytes, "export")?;
            let root = &doc.root;
            Ok(FileRecords {
                records: root
                    .children_named("sanctionEntity")
                    .map(|el| read_entity(el, doc.lines.line(el.pos)))
                    .collect(),
                rows: None,
                published: root
                    .attr("generationDate")
                    .and_then(super::record::iso_date)
                    .and_then(|d| d.first_day()),
            })
        })
    }
}

fn a(el: &Element, name: &str) -> String {
    el.attr(name).unwrap_or_default().to_string()
}

fn remarks(el: &Element) -> Vec<String> {
    el.children_named("remark")
        .filter_map(Element::value)
        .map(str::to_string)
        .collect()
}

/// One `sanctionEntity` as it stands in the file.
fn read_entity(el: &Element, line: u64) -> EuEntity {
    EuEntity {
        line,
        logical_id: a(el, "logicalId"),
        eu_reference_number: a(el, "euReferenceNumber"),
        united_nation_id: a(el, "unitedNationId"),
        designation_date: a(el, "designationDate"),
        designation_details: a(el, "designationDetails"),
        delisting_date: a(el, "delistingDate"),
        remarks: remarks(el),
        subject_code: el
            .child("subjectType")
            .map(|s| a(s, "code"))
            .unwrap_or_default(),
        subject_classification: el
            .child("subjectType")
            .map(|s| a(s, "classificationCode"))
            .unwrap_or_default(),
        regulations: el
            .children_named("regulation")
            .map(|r| EuRegulation {
                regulation_type: a(r, "regulationType"),
                organisation_type: a(r, "organisationType"),
                publication_date: a(r, "publicationDate"),
                entry_into_force_date: a(r, "entryIntoForceDate"),
                number_title: a(r, "numberTitle"),
                programme: a(r, "programme"),
                publication_url: r
                    .child_text("publicationUrl")
                    .unwrap_or_default()
                    .to_string(),
            })
            .collect(),
        names: el
            .children_named("nameAlias")
            .map(|n| EuName {
                logical_id: a(n, "logicalId"),
                first_name: a(n, "firstName"),
                middle_name: a(n, "middleName"),
                last_name: a(n, "lastName"),
                whole_name: a(n, "wholeName"),
                function: a(n, "function"),
                gender: a(n, "gender"),
                title: a(n, "title"),
                name_language: a(n, "nameLanguage"),
                strong: a(n, "strong"),
                remarks: remarks(n),
            })
            .collect(),
        citizenships: el
            .children_named("citizenship")
            .map(|c| EuCitizenship {
                logical_id: a(c, "logicalId"),
                region: a(c, "region"),
                country_code: a(c, "countryIso2Code"),
                country_description: a(c, "countryDescription"),
                remarks: remarks(c),
            })
            .collect(),
        birthdates: el
            .children_named("birthdate")
            .map(|b| EuBirthdate {
                logical_id: a(b, "logicalId"),
                birthdate: a(b, "birthdate"),
                day_of_month: a(b, "dayOfMonth"),
                month_of_year: a(b, "monthOfYear"),
                year: a(b, "year"),
                year_range_from: a(b, "yearRangeFrom"),
                year_range_to: a(b, "yearRangeTo"),
                circa: a(b, "circa"),
                calendar_type: a(b, "calendarType"),
                city: a(b, "city"),
                zip_code: a(b, "zipCode"),
                region: a(b, "region"),
                place: a(b, "place"),
                country_code: a(b, "countryIso2Code"),
                country_description: a(b, "countryDescription"),
                remarks: remarks(b),
            })
            .collect(),
        addresses: el
            .children_named("address")
            .map(|ad| EuAddress {
                logical_id: a(ad, "logicalId"),
                street: a(ad, "street"),
                city: a(ad, "city"),
                zip_code: a(ad, "zipCode"),
                po_box: a(ad, "poBox"),
                region: a(ad, "region"),
                place: a(ad, "place"),
                as_at_listing_time: a(ad, "asAtListingTime"),
                country_code: a(ad, "countryIso2Code"),
                country_description: a(ad, "countryDescription"),
                contact_info: ad
                    .children_named("contactInfo")
                    .map(|c| (a(c, "key"), a(c, "value")))
                    .collect(),
                remarks: remarks(ad),
            })
            .collect(),
        identifications: el
            .children_named("identification")
            .map(|i| EuIdentification {
                logical_id: a(i, "logicalId"),
                number: a(i, "number"),
                type_code: a(i, "identificationTypeCode"),
                type_description: a(i, "identificationTypeDescription"),
                diplomatic: a(i, "diplomatic"),
                known_expired: a(i, "knownExpired"),
                known_false: a(i, "knownFalse"),
                reported_lost: a(i, "reportedLost"),
                revoked_by_issuer: a(i, "revokedByIssuer"),
                issue_date: a(i, "issueDate"),
                issued_by: a(i, "issuedBy"),
                valid_from: a(i, "validFrom"),
                valid_to: a(i, "validTo"),
                latin_number: a(i, "latinNumber"),
                name_on_document: a(i, "nameOnDocument"),
                region: a(i, "region"),
                country_code: a(i, "countryIso2Code"),
                country_description: a(i, "countryDescription"),
                remarks: remarks(i),
            })
            .collect(),
        additional_information: el
            .children_named("additionalInformation")
            .map(|x| (a(x, "key"), a(x, "value")))
            .collect(),
    }
}
