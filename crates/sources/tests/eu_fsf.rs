//! EU Financial Sanctions Files: XML 1.1 and CSV 1.1 fixtures written from
//! the XSD, the legacy 2016 XML and 2018 CSV layouts, the real files in
//! `shared/data/lists/eu-fsf` (logicalId 13 is Saddam Hussein in all of
//! them), and no panic on random or cut input.

use std::collections::HashSet;

use denylist_model::{
    Entity, Gender, IdentifierKind, NameKind, NamePartKind, NameStrength, Schema,
};
use denylist_sources::{detect, format_by_id, InputFile, ParseError, ParseOptions, ParsedList};
use proptest::prelude::*;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/lists/eu-fsf"
);
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/eu-fsf");
const FORMATS: [&str; 4] = [
    "eu-fsf-xml",
    "eu-fsf-csv",
    "eu-fsf-legacy-xml",
    "eu-fsf-legacy-csv",
];

fn parse(path: &str, format: &str) -> ParsedList {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let file = InputFile::new(path, bytes);
    let detected = detect(std::slice::from_ref(&file)).expect("sniffed");
    assert_eq!(detected.id(), format, "{path}");
    let list = detected
        .parse(&[file], &ParseOptions::default())
        .expect("parses");
    let mut ids = HashSet::new();
    for e in &list.entities {
        assert!(ids.insert(e.id.clone()), "duplicate {}", e.id);
        assert_eq!(e.id.source_str(), "eu-fsf");
        assert!(e.primary_name().is_some(), "{} unnamed", e.id);
    }
    list
}

fn entity<'a>(list: &'a ParsedList, id: &str) -> &'a Entity {
    list.entities
        .iter()
        .find(|e| e.id.as_str() == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

/// What every EU layout says about Saddam Hussein (logicalId 13).
fn check_saddam(e: &Entity, place: &str) {
    assert_eq!(e.schema, Schema::Person);
    assert_eq!(e.primary_name(), Some("Saddam Hussein Al-Tikriti"));
    let p = &e.names[0];
    assert_eq!(p.part(NamePartKind::Given), Some("Saddam"));
    assert_eq!(p.part(NamePartKind::Family), Some("Hussein Al-Tikriti"));
    assert_eq!(p.kind, NameKind::Primary);
    let abou = e.names.iter().find(|n| n.full == "Abou Ali").unwrap();
    assert_eq!(
        (abou.kind, abou.lang.as_deref()),
        (NameKind::Aka, Some("fr"))
    );
    assert_eq!(e.gender, Some(Gender::Male));
    assert_eq!(e.birth_dates[0].to_string(), "1937-04-28");
    assert_eq!(e.birth_places[0].text, place);
    assert_eq!(e.birth_places[0].country.unwrap().as_str(), "IQ");
    assert_eq!(e.citizenships.len(), 1);
    assert_eq!(e.citizenships[0].as_str(), "IQ");
    assert_eq!(e.programs, ["IRQ"]);
    assert_eq!(e.remarks[0], "(UNSC RESOLUTION 1483)");
    assert_eq!(e.properties["regulation"], ["1210/2003 (OJ L169)"]);
}

#[test]
fn xml_fixture_maps_every_attribute() {
    let list = parse(&format!("{FIXTURES}/xml-1-1.xml"), "eu-fsf-xml");
    assert_eq!(list.published.unwrap().to_string(), "2024-10-02");
    assert_eq!((list.entities.len(), list.record_count), (3, 3));
    assert!(list.warnings.is_empty(), "{:?}", list.warnings);

    let e = entity(&list, "eu-fsf:13");
    check_saddam(e, "al-Awja, near Tikrit, IRAQ");
    assert_eq!(e.properties["euReferenceNumber"], ["EU.27.28"]);
    assert_eq!(e.listed_on.as_ref().unwrap().to_string(), "2003-07-08");
    let strength = |full: &str| e.names.iter().find(|n| n.full == full).unwrap().strength;
    assert_eq!(strength("Abu Ali"), NameStrength::Weak, "strong=false");
    assert_eq!(strength("Abou Ali"), NameStrength::Unknown, "strong absent");
    assert_eq!(strength("صدام حسين"), NameStrength::Strong, "strong=true");
    let ar = e.names.iter().find(|n| n.full == "صدام حسين").unwrap();
    assert_eq!(
        (ar.script.as_deref(), ar.lang.as_deref()),
        (Some("Arab"), Some("ar"))
    );
    assert!(e.remarks.contains(&"Abou Ali: French spelling".to_string()));

    let e = entity(&list, "eu-fsf:7001");
    assert_eq!(
        e.primary_name(),
        Some("Jan Maria Kowalski"),
        "composed from parts"
    );
    assert_eq!(e.names[0].part(NamePartKind::Middle), Some("Maria"));
    assert_eq!(e.names[0].part(NamePartKind::Title), Some("Dr."));
    assert_eq!(e.titles, ["Dr.", "Commander"]);
    assert_eq!(e.properties["unitedNationId"], ["QDi.401"]);
    assert_eq!(
        e.properties["designationDetails"],
        ["Leader of an armed group"]
    );
    assert_eq!(e.properties["citizenshipRegion"], ["Silesia"]);
    assert_eq!(e.listed_on.as_ref().unwrap().to_string(), "2019-05-13");
    let dobs: Vec<String> = e.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        dobs,
        ["circa 1970", "1971-03", "1965 to 1968", "1975-01-02"]
    );
    assert_eq!(
        e.birth_dates[3].text.as_deref(),
        Some("1975-01-02 (ISLAMIC calendar)")
    );
    assert_eq!(e.citizenships.len(), 1, "00/UNKNOWN is skipped");
    assert_eq!(e.birth_places[0].text, "Krakow, POLAND");
    let a = &e.addresses[0];
    assert_eq!(a.street, ["ul. Prosta 1", "P.O. Box 12"]);
    assert_eq!(
        (
            a.city.as_deref(),
            a.region.as_deref(),
            a.postal_code.as_deref()
        ),
        (Some("Warsaw"), Some("Mazovia"), Some("00-001"))
    );
    assert_eq!(a.country.unwrap().as_str(), "PL");
    assert_eq!(
        a.note.as_deref(),
        Some("Office; as at listing time; PHONE: +48 22 000 00 00")
    );
    let pass = &e.identifiers[0];
    assert_eq!(
        (pass.kind, pass.value.as_str()),
        (IdentifierKind::Passport, "AB1234567")
    );
    assert_eq!(pass.label, "National passport");
    assert_eq!(pass.issued.as_ref().unwrap().to_string(), "2010-01-01");
    assert_eq!(pass.expires.as_ref().unwrap().to_string(), "2020-01-01");
    let note = pass.note.as_deref().unwrap();
    assert!(
        note.contains("known to be expired") && note.contains("revoked by issuer"),
        "{note}"
    );
    assert!(!note.contains("known to be false"), "{note}");
    assert_eq!(e.identifiers[1].kind, IdentifierKind::NationalId);

    let e = entity(&list, "eu-fsf:8001");
    assert_eq!(e.schema, Schema::Organization);
    assert_eq!(e.names[1].strength, NameStrength::Weak);
    let kinds: Vec<IdentifierKind> = e.identifiers.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [IdentifierKind::Registration, IdentifierKind::SwiftBic]
    );
    assert!(e.identifiers[1].country.is_none());
}

#[test]
fn csv_fixture_groups_rows_by_entity() {
    let list = parse(&format!("{FIXTURES}/csv-1-1.csv"), "eu-fsf-csv");
    assert_eq!(list.published.unwrap().to_string(), "2024-10-02");
    assert_eq!((list.entities.len(), list.record_count), (2, 11));
    let e = entity(&list, "eu-fsf:7001");
    assert_eq!(e.names.len(), 2, "repeated row read once");
    assert_eq!(e.names[0].strength, NameStrength::Strong);
    assert_eq!(
        e.names[1].strength,
        NameStrength::Unknown,
        "CSV has no strong column"
    );
    assert_eq!(e.names[1].script.as_deref(), Some("Cyrl"));
    let dobs: Vec<String> = e.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(dobs, ["circa 1970", "1965 to 1968"]);
    assert_eq!(
        e.addresses[0].note.as_deref(),
        Some("Office; as at listing time; PHONE: +48 22 000 00 00")
    );
    assert_eq!(e.identifiers[0].value, "AB1234567");
    assert_eq!(e.citizenships[0].as_str(), "PL");
    assert_eq!(e.remarks, ["Listed for TAQA"]);
    assert_eq!(entity(&list, "eu-fsf:8001").schema, Schema::Organization);
}

#[test]
fn legacy_fixtures_read_alpha3_and_identification_text() {
    let list = parse(&format!("{FIXTURES}/legacy.xml"), "eu-fsf-legacy-xml");
    assert_eq!(list.published.unwrap().to_string(), "2016-02-11");
    let e = entity(&list, "eu-fsf:13");
    check_saddam(e, "al-Awja, near Tikrit, Iraq");
    assert_eq!(e.birth_dates[1].to_string(), "circa 1936 to 1938");
    let pass = &e.identifiers[0];
    assert_eq!(
        (pass.kind, pass.value.as_str()),
        (IdentifierKind::Passport, "AD001095")
    );
    assert_eq!(pass.country.unwrap().as_str(), "IQ");
    assert_eq!(
        pass.note.as_deref(),
        Some("known to be expired; issued in baghdad")
    );
    let a = &e.addresses[0];
    assert_eq!(a.street, ["12 Rashid Street"]);
    assert_eq!(a.note.as_deref(), Some("Presidential palace"));
    assert_eq!(entity(&list, "eu-fsf:230").schema, Schema::Organization);

    let list = parse(&format!("{FIXTURES}/legacy.csv"), "eu-fsf-legacy-csv");
    assert_eq!(list.published.unwrap().to_string(), "2018-07-04");
    assert_eq!((list.entities.len(), list.record_count), (1, 8));
    assert!(
        list.warnings.is_empty(),
        "N/A dates are silent: {:?}",
        list.warnings
    );
    let e = entity(&list, "eu-fsf:13");
    check_saddam(e, "al-Awja near Tikrit, Iraq");
    assert!(
        e.names.iter().any(|n| n.full == "Saddâm Husséin"),
        "cp1252 decoded"
    );
    assert_eq!(e.titles, ["Former President; Iraq"], "quoted field with ;");
    assert_eq!(e.properties["euReferenceNumber"], ["EU.27.28"]);
    assert_eq!(e.identifiers[0].label, "National passport");
}

#[test]
fn real_csv_1_1_saddam_field_by_field() {
    let list = parse(
        &format!("{DATA}/2024-10-02-csv-trimmed/upload-sanctioned-persons-valid.csv"),
        "eu-fsf-csv",
    );
    assert_eq!((list.entities.len(), list.record_count), (4, 18));
    assert_eq!(list.published.unwrap().to_string(), "2024-10-02");
    let e = entity(&list, "eu-fsf:13");
    check_saddam(e, "al-Awja, near Tikrit, IRAQ");
    assert_eq!(e.names.len(), 3);
    assert_eq!(e.listed_on.as_ref().unwrap().to_string(), "2003-07-08");
    assert_eq!(e.properties["euReferenceNumber"], ["EU.27.28"]);
    let qusay = entity(&list, "eu-fsf:20");
    let years: Vec<String> = qusay.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(years, ["1965", "1966"]);
    assert_eq!(qusay.birth_places[0].text, "Baghdad");
    assert!(qusay.birth_places[0].country.is_none(), "00/UNKNOWN");
}

#[test]
fn real_legacy_xml_saddam_field_by_field() {
    let list = parse(
        &format!("{DATA}/2016-02-11-legacy-xml-trimmed/EU_data.xml"),
        "eu-fsf-legacy-xml",
    );
    assert_eq!((list.entities.len(), list.record_count), (595, 595));
    assert_eq!(list.published.unwrap().to_string(), "2016-02-11");
    let e = entity(&list, "eu-fsf:13");
    check_saddam(e, "al-Awja, near Tikrit, Iraq");
    assert_eq!(e.listed_on.as_ref().unwrap().to_string(), "2003-07-07");
    let mugabe = entity(&list, "eu-fsf:1");
    assert_eq!(mugabe.primary_name(), Some("Robert Gabriel Mugabe"));
    assert_eq!(mugabe.names.len(), 1, "repeated names merged");
    assert_eq!(mugabe.identifiers[0].value, "AD001095");
    assert_eq!(mugabe.identifiers[0].kind, IdentifierKind::Passport);
    assert_eq!(mugabe.titles, ["President", "president"]);
    assert!(list.warnings.len() < 20, "{:?}", list.warnings);
}

#[test]
fn real_legacy_csv_saddam_field_by_field() {
    let list = parse(
        &format!("{DATA}/2018-07-04-legacy-csv-trimmed/EUSanctionsShort.csv"),
        "eu-fsf-legacy-csv",
    );
    assert_eq!(list.record_count, 999);
    assert_eq!(list.entities.len(), 93);
    assert_eq!(list.published.unwrap().to_string(), "2018-07-04");
    let e = entity(&list, "eu-fsf:13");
    check_saddam(e, "al-Awja near Tikrit, Iraq");
    assert_eq!(e.properties["euReferenceNumber"], ["EU.27.28"]);
    let aziz = entity(&list, "eu-fsf:43");
    assert!(aziz
        .titles
        .contains(&"Former Governor of Karbala and An Najaf;".to_string()));
    assert!(list.warnings.len() < 20, "{:?}", list.warnings);
}

#[test]
fn cut_files_are_errors_not_panics() {
    let bytes = std::fs::read(format!("{FIXTURES}/xml-1-1.xml")).unwrap();
    let err = format_by_id("eu-fsf-xml")
        .unwrap()
        .parse(
            &[InputFile::new("eu.xml", bytes[..bytes.len() / 2].to_vec())],
            &ParseOptions::default(),
        )
        .unwrap_err();
    assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
    let err = format_by_id("eu-fsf-csv")
        .unwrap()
        .parse(
            &[InputFile::new("eu.csv", b"a;b\n1;2\n".to_vec())],
            &ParseOptions::default(),
        )
        .unwrap_err();
    assert!(err.to_string().starts_with("eu.csv:1: header"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        for id in FORMATS {
            let _ = format_by_id(id).unwrap().parse(&[InputFile::new("x", bytes.clone())], &ParseOptions::default());
        }
    }

    #[test]
    fn truncated_fixtures_never_panic(cut in 0usize..7000) {
        for (file, id) in [("xml-1-1.xml", FORMATS[0]), ("csv-1-1.csv", FORMATS[1]), ("legacy.xml", FORMATS[2]), ("legacy.csv", FORMATS[3])] {
            let bytes = std::fs::read(format!("{FIXTURES}/{file}")).unwrap();
            let cut = cut.min(bytes.len());
            let _ = format_by_id(id).unwrap().parse(&[InputFile::new(file, bytes[..cut].to_vec())], &ParseOptions::default());
        }
    }
}
