//! The UK Sanctions List XML (`UK-Sanctions-List.xml`): root
//! `Designations`, one `Designation` per listed party.
//!
//! Each `Designation` is read into a [`Designation`] record; fields are
//! found by element name anywhere below it, so wrapper elements that drift
//! (`IndividualDetails/Individual`, `ShipDetails/Ship`,
//! `PassportDetails/PassportDetail` or `…/Passport`) do not matter.
//! Elements: `UniqueID`, `IndividualEntityShip`, `Names/Name`
//! (`Name1`…`Name6`, `NameType`, `AliasStrength`), `NonLatinName`
//! (`NameNonLatinScript`, `NonLatinScriptType`, `NonLatinScriptLanguage`),
//! `Title`, `DOB`, `Nationality`, `Gender`, `Position`,
//! `Location/TownOfBirth`/`CountryOfBirth`, `PassportNumber` (+
//! `PassportAdditionalInformation`), `NationalIdentifierNumber` (+
//! `NationalIdentifierAdditionalInformation`), `Address` (`AddressLine1`…`6`,
//! `AddressPostalCode`, `AddressCountry`), `PhoneNumber`, `EmailAddress`,
//! `Website`, `TypeOfEntity`, `BusinessRegistrationNumber`, `ParentCompany`,
//! `Subsidiary`, ship particulars (`IMONumber`, `TypeOfShip`,
//! `CurrentBelievedFlagOfShip`, `PreviousFlag`, `CurrentOwnerOperator`,
//! `PreviousOwnerOperator`, `TonnageOfShip`, `LengthOfShip`, `YearBuilt`,
//! `HullIdentificationNumber`), `RegimeName`, `DateDesignated`,
//! `OFSIGroupID`, `UNReferenceNumber`, `LastUpdated`, `DesignationSource`,
//! `SanctionsImposed` (`|`-joined), `OtherInformation`,
//! `UKStatementofReasons`. The mapping is [`super::record::to_entity`].

use super::record::{
    push_text, split_sanctions, Designation, DesignationAddress, DesignationName, Document,
    NonLatinName,
};
use crate::input::single_file;
use crate::xml_dom::{self, Element};
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList};

/// The FCDO XML format.
pub(crate) struct FcdoXml;

const FORMAT_ID: &str = "gb-fcdo-xml";

impl Format for FcdoXml {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        super::SOURCE
    }

    fn description(&self) -> &'static str {
        "FCDO UK Sanctions List, XML (UK-Sanctions-List.xml)"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(2048);
        head.contains("<Designations") && head.contains("<Designation")
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, FORMAT_ID)?;
        let doc = xml_dom::parse_root(&file.name, &file.bytes, "Designations")?;
        let designations: Vec<Designation> = doc
            .root
            .children_named("Designation")
            .map(|el| read_designation(el, doc.lines.line(el.pos)))
            .collect();
        let published = doc
            .root
            .child_text("DateGenerated")
            .and_then(super::record::parse_dmy);
        let count = designations.len();
        super::to_list(
            FORMAT_ID,
            &file.name,
            designations,
            count,
            published,
            Vec::new(),
            options,
        )
    }
}

/// Every descendant of `el` named `name`, in document order.
fn descendants<'a>(el: &'a Element, name: &str, out: &mut Vec<&'a Element>) {
    for c in &el.children {
        if c.name == name {
            out.push(c);
        }
        descendants(c, name, out);
    }
}

fn all<'a>(el: &'a Element, name: &str) -> Vec<&'a Element> {
    let mut out = Vec::new();
    descendants(el, name, &mut out);
    out
}

/// Every element below `el` that has a child named `name` (the wrappers of
/// a repeated group, whatever they are called).
fn holders<'a>(el: &'a Element, name: &str, out: &mut Vec<&'a Element>) {
    for c in &el.children {
        if c.child(name).is_some() {
            out.push(c);
        }
        holders(c, name, out);
    }
}

fn holding<'a>(el: &'a Element, name: &str) -> Vec<&'a Element> {
    let mut out = Vec::new();
    if el.child(name).is_some() {
        out.push(el);
    }
    holders(el, name, &mut out);
    out
}

/// The trimmed text of a direct child, or `""`.
fn child(el: &Element, name: &str) -> String {
    el.child_text(name).unwrap_or_default().to_string()
}

/// The distinct texts of every descendant named `name`.
fn texts(el: &Element, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in all(el, name) {
        push_text(&mut out, e.value().unwrap_or_default());
    }
    out
}

fn read_designation(d: &Element, line: u64) -> Designation {
    let mut r = Designation {
        line,
        unique_id: child(d, "UniqueID"),
        kind: texts(d, "IndividualEntityShip")
            .into_iter()
            .next()
            .unwrap_or_default(),
        regime: child(d, "RegimeName"),
        date_designated: child(d, "DateDesignated"),
        ofsi_group_id: child(d, "OFSIGroupID"),
        un_reference: child(d, "UNReferenceNumber"),
        last_updated: child(d, "LastUpdated"),
        designation_source: child(d, "DesignationSource"),
        titles: texts(d, "Title"),
        dobs: texts(d, "DOB"),
        nationalities: texts(d, "Nationality"),
        genders: texts(d, "Gender"),
        positions: texts(d, "Position"),
        phones: texts(d, "PhoneNumber"),
        emails: texts(d, "EmailAddress"),
        websites: texts(d, "Website"),
        types_of_entity: texts(d, "TypeOfEntity"),
        registrations: texts(d, "BusinessRegistrationNumber"),
        parent_companies: texts(d, "ParentCompany"),
        subsidiaries: texts(d, "Subsidiary"),
        has_ship_details: !all(d, "ShipDetails").is_empty(),
        imo_numbers: texts(d, "IMONumber"),
        ship_types: texts(d, "TypeOfShip"),
        flags: texts(d, "CurrentBelievedFlagOfShip"),
        previous_flags: texts(d, "PreviousFlag"),
        owners: texts(d, "CurrentOwnerOperator"),
        previous_owners: texts(d, "PreviousOwnerOperator"),
        tonnages: texts(d, "TonnageOfShip"),
        lengths: texts(d, "LengthOfShip"),
        years_built: texts(d, "YearBuilt"),
        hull_numbers: texts(d, "HullIdentificationNumber"),
        ..Designation::default()
    };
    for n in all(d, "Name") {
        r.names.push(DesignationName {
            parts: ["Name1", "Name2", "Name3", "Name4", "Name5", "Name6"].map(|p| child(n, p)),
            whole: String::new(),
            name_type: child(n, "NameType"),
            alias_strength: child(n, "AliasStrength"),
        });
    }
    for n in holding(d, "NameNonLatinScript") {
        let name = NonLatinName {
            text: child(n, "NameNonLatinScript"),
            script: child(n, "NonLatinScriptType"),
            language: child(n, "NonLatinScriptLanguage"),
        };
        if !name.text.is_empty() && !r.non_latin.contains(&name) {
            r.non_latin.push(name);
        }
    }
    for loc in all(d, "Location") {
        let place = (child(loc, "TownOfBirth"), child(loc, "CountryOfBirth"));
        if !r.birth_places.contains(&place) {
            r.birth_places.push(place);
        }
    }
    for (number, info, out) in [
        (
            "PassportNumber",
            "PassportAdditionalInformation",
            &mut r.passports,
        ),
        (
            "NationalIdentifierNumber",
            "NationalIdentifierAdditionalInformation",
            &mut r.national_ids,
        ),
    ] {
        for doc in holding(d, number) {
            let doc = Document {
                number: child(doc, number),
                info: child(doc, info),
            };
            if !out.contains(&doc) {
                out.push(doc);
            }
        }
    }
    for a in all(d, "Address") {
        let address = DesignationAddress {
            lines: [1, 2, 3, 4, 5, 6].map(|i| child(a, &format!("AddressLine{i}"))),
            postal_code: child(a, "AddressPostalCode"),
            country: child(a, "AddressCountry"),
        };
        if !r.addresses.contains(&address) {
            r.addresses.push(address);
        }
    }
    split_sanctions(&mut r.sanctions_imposed, &child(d, "SanctionsImposed"));
    push_text(&mut r.other_information, &child(d, "OtherInformation"));
    push_text(
        &mut r.statements_of_reasons,
        &child(d, "UKStatementofReasons"),
    );
    r
}
