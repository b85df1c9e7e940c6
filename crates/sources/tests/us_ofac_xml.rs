//! OFAC's XML formats: legacy `SDN.XML`/`CONSOLIDATED.XML`, advanced
//! (`SDN_ADVANCED.XML`) and enhanced (`SDN_ENHANCED.XML`) on hand-written
//! fixtures (`tests/fixtures/us-ofac-sdn/*.xml`, the same three entries in
//! each format) and on the real files of `shared/data`.

use std::path::PathBuf;

use denylist_model::{
    Entity, Gender, IdentifierKind, NameKind, NamePartKind, NameStrength, RelationKind, Schema,
};
use denylist_sources::{
    detect, format_by_id, parse_files, InputFile, ParseError, ParseOptions, ParsedList,
};
use proptest::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/us-ofac-sdn/");
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/lists/");

fn fixture(name: &str) -> InputFile {
    let bytes = std::fs::read(PathBuf::from(FIXTURES).join(name)).unwrap();
    InputFile::new(name, bytes)
}

fn real(rel: &str) -> InputFile {
    let path = PathBuf::from(DATA).join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    InputFile::new(path.file_name().unwrap().to_string_lossy(), bytes)
}

fn parse(file: InputFile) -> ParsedList {
    parse_files(&[file], &ParseOptions::default()).unwrap()
}

fn entity<'a>(list: &'a ParsedList, native: &str) -> &'a Entity {
    list.entities
        .iter()
        .find(|e| e.id.native() == native)
        .unwrap_or_else(|| panic!("no entity {native}"))
}

fn name_of<'a>(e: &'a Entity, full: &str) -> &'a denylist_model::Name {
    e.names
        .iter()
        .find(|n| n.full == full)
        .unwrap_or_else(|| panic!("{}: no name {full:?}", e.id))
}

/// What every format says of the three fixture entries.
fn check_common(list: &ParsedList) {
    assert_eq!(list.source.as_str(), "us-ofac-sdn");
    assert_eq!(list.published.unwrap().to_string(), "2024-03-05");
    assert_eq!(list.record_count, 3);
    assert_eq!(list.entities.len(), 3);
    assert!(list.warnings.is_empty(), "{:?}", list.warnings);

    let tal = entity(list, "48060");
    assert_eq!(tal.id.as_str(), "us-ofac-sdn:48060");
    assert_eq!(tal.schema, Schema::Person);
    assert_eq!(tal.primary_name(), Some("DILIAN, Tal Jonathan"));
    let aka = name_of(tal, "MENASHE, Tal Yonatan");
    assert_eq!(
        (aka.kind, aka.strength),
        (NameKind::Aka, NameStrength::Strong)
    );
    let weak = name_of(tal, "TAL");
    assert_eq!(
        (weak.kind, weak.strength),
        (NameKind::Aka, NameStrength::Weak)
    );
    assert_eq!(tal.programs, ["CYBER2"]);
    assert_eq!(tal.gender, Some(Gender::Male));
    assert_eq!(tal.birth_dates.len(), 1);
    assert_eq!(tal.birth_dates[0].to_string(), "1961-08-21");
    assert_eq!(tal.birth_places[0].text, "Israel");
    assert_eq!(tal.birth_places[0].country.unwrap().as_str(), "IL");
    let codes = |v: &[denylist_model::CountryCode]| -> Vec<String> {
        v.iter().map(|c| c.to_string()).collect()
    };
    assert_eq!(codes(&tal.nationalities), ["IL"]);
    assert_eq!(codes(&tal.citizenships), ["IL", "MT"]);
    let passport = tal
        .identifiers
        .iter()
        .find(|i| i.kind == IdentifierKind::Passport)
        .unwrap();
    assert_eq!(passport.label, "Passport");
    assert_eq!(passport.value, "22540627");
    assert_eq!(passport.country.unwrap().as_str(), "IL");
    assert_eq!(passport.issued.as_ref().unwrap().to_string(), "2015-01-10");
    assert_eq!(passport.expires.as_ref().unwrap().to_string(), "2025-01-09");
    assert_eq!(tal.addresses.len(), 1);
    assert_eq!(tal.addresses[0].city.as_deref(), Some("Limassol"));
    assert_eq!(tal.addresses[0].country.unwrap().as_str(), "CY");
    assert_eq!(tal.relationships.len(), 1);
    let rel = &tal.relationships[0];
    assert_eq!(
        rel.target.as_ref().map(|t| t.as_str()),
        Some("us-ofac-sdn:48061")
    );
    assert_eq!(rel.target_name.as_deref(), Some("INTELLEXA LIMITED"));

    let intellexa = entity(list, "48061");
    assert_eq!(intellexa.schema, Schema::Organization);
    let fka = name_of(intellexa, "INTELLEXA HOLDINGS & CO");
    assert_eq!(fka.kind, NameKind::Fka);
    assert_eq!(
        intellexa.established_on.as_ref().unwrap().to_string(),
        "1991-11-19"
    );
    let reg = intellexa
        .identifiers
        .iter()
        .find(|i| i.label == "Registration Number")
        .unwrap();
    assert_eq!(
        (reg.kind, reg.value.as_str()),
        (IdentifierKind::Registration, "HE 344876")
    );
    assert_eq!(reg.country.unwrap().as_str(), "CY");
    let web = intellexa
        .identifiers
        .iter()
        .find(|i| i.kind == IdentifierKind::Website)
        .unwrap();
    assert_eq!(web.value, "www.intellexa.example");
    let addr = &intellexa.addresses[0];
    assert_eq!(addr.street, ["Arch. Makariou III 155"]);
    assert_eq!(addr.postal_code.as_deref(), Some("3026"));

    let ship = entity(list, "10003");
    assert_eq!(ship.schema, Schema::Vessel);
    assert_eq!(ship.programs, ["IRAN"]);
    let vessel = ship.vessel.as_ref().unwrap();
    assert_eq!(vessel.vessel_type.as_deref(), Some("Crude Oil Tanker"));
    assert_eq!(vessel.flag.unwrap().as_str(), "PA");
    assert_eq!(vessel.tonnage.as_deref(), Some("150000"));
    assert_eq!(vessel.gross_registered_tonnage.as_deref(), Some("81000"));
    let id = |kind| {
        ship.identifiers
            .iter()
            .find(|i| i.kind == kind)
            .map(|i| i.value.as_str())
    };
    assert_eq!(id(IdentifierKind::Imo), Some("9187629"));
    assert_eq!(id(IdentifierKind::Mmsi), Some("572469210"));
    assert_eq!(id(IdentifierKind::CallSign), Some("9HXY1"));
}

#[test]
fn legacy_fixture_maps_every_field() {
    let list = parse(fixture("sdn.xml"));
    assert_eq!(list.format, "us-ofac-xml");
    check_common(&list);
    let tal = entity(&list, "48060");
    // `(Linked To: X)` in the remarks, resolved by primary name.
    assert_eq!(tal.relationships[0].kind, RelationKind::LinkedTo);
    let primary = &tal.names[0];
    assert_eq!(primary.part(NamePartKind::Family), Some("DILIAN"));
    assert_eq!(primary.part(NamePartKind::Given), Some("Tal Jonathan"));
    // Weak aliases have no parts, as in the CSV remarks.
    assert!(name_of(tal, "TAL").parts.is_empty());
    assert!(tal.listed_on.is_none());
}

#[test]
fn advanced_fixture_maps_every_field() {
    let list = parse(fixture("sdn_advanced.xml"));
    assert_eq!(list.format, "us-ofac-advanced-xml");
    check_common(&list);
    let tal = entity(&list, "48060");
    assert_eq!(tal.relationships[0].kind, RelationKind::AssociateOf);
    assert_eq!(tal.listed_on.as_ref().unwrap().to_string(), "2024-03-05");
    let primary = &tal.names[0];
    assert_eq!(primary.kind, NameKind::Primary);
    assert_eq!(primary.part(NamePartKind::Middle), Some("Jonathan"));
    let hebrew = tal
        .names
        .iter()
        .find(|n| n.kind == NameKind::OriginalScript)
        .unwrap();
    assert_eq!(hebrew.full, "דיליאן, טל");
    assert_eq!(hebrew.script.as_deref(), Some("Hebr"));
    assert_eq!(
        entity(&list, "10003")
            .listed_on
            .as_ref()
            .unwrap()
            .to_string(),
        "2019-09-04"
    );
}

#[test]
fn enhanced_fixture_maps_every_field() {
    let list = parse(fixture("sdn_enhanced.xml"));
    assert_eq!(list.format, "us-ofac-enhanced-xml");
    check_common(&list);
    let tal = entity(&list, "48060");
    assert_eq!(tal.relationships[0].kind, RelationKind::AssociateOf);
    let primary = &tal.names[0];
    assert_eq!(primary.part(NamePartKind::Given), Some("Tal"));
    assert_eq!(primary.part(NamePartKind::Middle), Some("Jonathan"));
    let hebrew = tal
        .names
        .iter()
        .find(|n| n.kind == NameKind::OriginalScript)
        .unwrap();
    assert_eq!(
        (hebrew.full.as_str(), hebrew.script.as_deref()),
        ("דיליאן, טל", Some("Hebr"))
    );
}

#[test]
fn formats_are_sniffed_by_root_element() {
    for (file, format) in [
        ("sdn.xml", "us-ofac-xml"),
        ("sdn_advanced.xml", "us-ofac-advanced-xml"),
        ("sdn_enhanced.xml", "us-ofac-enhanced-xml"),
    ] {
        assert_eq!(detect(&[fixture(file)]).unwrap().id(), format);
    }
}

#[test]
fn source_comes_from_options_or_file_name() {
    let mut f = fixture("sdn.xml");
    f.name = "dl/CONSOLIDATED.XML".into();
    assert_eq!(parse(f.clone()).source.as_str(), "us-ofac-cons");
    let options = ParseOptions {
        source: Some("us-ofac-sdn".parse().unwrap()),
        as_of: None,
    };
    let list = parse_files(&[f], &options).unwrap();
    assert_eq!(list.source.as_str(), "us-ofac-sdn");
    assert_eq!(list.entities[0].id.as_str(), "us-ofac-sdn:48060");
}

#[test]
fn truncated_file_is_an_error_with_line_and_path() {
    let full = fixture("sdn.xml");
    let cut = full
        .bytes
        .windows(13)
        .position(|w| w == b"<citizenship>")
        .unwrap();
    let f = InputFile::new("SDN.XML", full.bytes[..cut + 5].to_vec());
    match parse_files(&[f], &ParseOptions::default()).unwrap_err() {
        ParseError::Truncated {
            file,
            line,
            message,
        } => {
            assert_eq!(file, "SDN.XML");
            assert_eq!(line, Some(61));
            assert!(
                message.contains("sdnList/sdnEntry[uid=48060]/citizenshipList"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_xml_names_line_and_element() {
    let text = String::from_utf8(fixture("sdn.xml").bytes)
        .unwrap()
        .replacen("</program>", "</programme>", 1);
    let f = InputFile::new("SDN.XML", text.into_bytes());
    match parse_files(&[f], &ParseOptions::default()).unwrap_err() {
        ParseError::Syntax { line, path, .. } => {
            assert_eq!(line, Some(14));
            assert_eq!(
                path.as_deref(),
                Some("sdnList/sdnEntry[uid=48060]/programList/program")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn entry_without_uid_or_name_is_a_warning() {
    let text = String::from_utf8(fixture("sdn.xml").bytes)
        .unwrap()
        .replacen("<uid>48061</uid>", "", 1)
        .replacen("<lastName>OCEAN STAR</lastName>", "", 1);
    let f = InputFile::new("SDN.XML", text.into_bytes());
    let list = parse_files(&[f], &ParseOptions::default()).unwrap();
    assert_eq!(list.entities.len(), 1);
    assert_eq!(list.record_count, 3);
    let msgs: Vec<String> = list.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("SDN.XML:87: sdnEntry without uid")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|m| m.contains("uid 10003 has no lastName")),
        "{msgs:?}"
    );
}

#[test]
fn unknown_advanced_reference_is_a_warning() {
    let text = String::from_utf8(fixture("sdn_advanced.xml").bytes)
        .unwrap()
        .replace("FeatureTypeID=\"14\"", "FeatureTypeID=\"99999\"");
    let f = InputFile::new("sdn_advanced.xml", text.into_bytes());
    let list = parse_files(&[f], &ParseOptions::default()).unwrap();
    assert_eq!(list.entities.len(), 3);
    assert!(
        list.warnings
            .iter()
            .any(|w| w.message.contains("unknown FeatureType id 99999")),
        "{:?}",
        list.warnings
    );
}

// ---- real files ----------------------------------------------------------

fn count_names(list: &ParsedList, strength: NameStrength) -> usize {
    list.entities
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.kind != NameKind::Primary && n.kind != NameKind::OriginalScript)
        .filter(|n| n.strength == strength)
        .count()
}

#[test]
fn real_consolidated_xml_counts() {
    for (rel, count, date) in [
        (
            "us-ofac-cons/2018-04-06_perchrh/consolidated.xml",
            639,
            "2018-04-06",
        ),
        (
            "us-ofac-cons/2025-03-28_kebalkhadka/consolidated.xml",
            443,
            "2025-03-28",
        ),
        (
            "us-ofac-cons/2026-01-08/consolidated.xml",
            442,
            "2026-01-08",
        ),
    ] {
        let list = parse(real(rel));
        assert_eq!(list.format, "us-ofac-xml");
        assert_eq!(list.source.as_str(), "us-ofac-cons");
        assert_eq!(list.entities.len(), count, "{rel}");
        assert_eq!(list.record_count, count, "{rel}");
        assert_eq!(list.published.unwrap().to_string(), date);
        assert!(list.warnings.is_empty(), "{rel}: {:?}", list.warnings);
    }
    let list = parse(real("us-ofac-cons/2026-01-08/consolidated.xml"));
    assert_eq!(count_names(&list, NameStrength::Weak), 72);
    assert_eq!(count_names(&list, NameStrength::Strong), 1072);
    let haniya = entity(&list, "9639");
    assert_eq!(haniya.primary_name(), Some("HANIYA, Ismail Abdul Salah"));
    assert_eq!(haniya.birth_dates[0].to_string(), "1962");
}

#[test]
fn real_enhanced_xml_counts() {
    for (rel, entities, relations, weak, date) in [
        (
            "us-ofac-cons/enhanced-2024-07-03/cons_enhanced.xml",
            443,
            284,
            69,
            "2024-07-03",
        ),
        (
            "us-ofac-cons/enhanced-2026-01-08/cons_enhanced.xml",
            442,
            283,
            72,
            "2026-01-08",
        ),
    ] {
        let list = parse(real(rel));
        assert_eq!(list.format, "us-ofac-enhanced-xml");
        assert_eq!(list.source.as_str(), "us-ofac-cons");
        assert_eq!(list.published.unwrap().to_string(), date);
        assert_eq!(list.entities.len(), entities, "{rel}");
        let rels: usize = list.entities.iter().map(|e| e.relationships.len()).sum();
        assert_eq!(rels, relations, "{rel}");
        assert_eq!(count_names(&list, NameStrength::Weak), weak, "{rel}");
        assert!(list.warnings.is_empty(), "{rel}: {:?}", list.warnings);
    }
    let list = parse(real("us-ofac-cons/enhanced-2026-01-08/cons_enhanced.xml"));
    let haniya = entity(&list, "9639");
    let alias = name_of(haniya, "HANIYA, Ismail");
    assert_eq!(alias.part(NamePartKind::Given), Some("Ismail"));
    assert_eq!(haniya.birth_dates[0].to_string(), "1962");
    assert_eq!(
        haniya.birth_dates[0].precision(),
        denylist_model::DatePrecision::Year
    );
    assert_eq!(haniya.listed_on.as_ref().unwrap().to_string(), "2006-04-12");
    let vtb = entity(&list, "17013");
    let cyrillic: Vec<&str> = vtb
        .names
        .iter()
        .filter(|n| n.script.as_deref() == Some("Cyrl"))
        .map(|n| n.full.as_str())
        .collect();
    assert!(cyrillic.contains(&"БАНК ВТБ ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО"));
    let gaz = entity(&list, "19639");
    assert_eq!(
        gaz.relationships[0].target.as_ref().unwrap().as_str(),
        "us-ofac-cons:17250"
    );
    assert_eq!(gaz.relationships[0].kind, RelationKind::OwnedOrControlledBy);
    // HAMAS (4695) is on the SDN list, not in this file.
    let hamas = &entity(&list, "9647").relationships[0];
    assert_eq!(hamas.target.as_ref().unwrap().as_str(), "us-ofac-sdn:4695");
    assert_eq!(hamas.target_name.as_deref(), Some("HAMAS"));
}

#[test]
fn real_advanced_xml_entities_and_relations() {
    let list = parse(real("us-ofac-cons/2020-03-17_radwo/cons_advanced.xml"));
    assert_eq!(list.format, "us-ofac-advanced-xml");
    assert_eq!(list.source.as_str(), "us-ofac-cons");
    assert_eq!(list.published.unwrap().to_string(), "2020-03-17");
    assert_eq!(list.entities.len(), 375);
    assert!(list.warnings.is_empty(), "{:?}", list.warnings);
    let rels: Vec<&denylist_model::Relationship> = list
        .entities
        .iter()
        .flat_map(|e| &e.relationships)
        .collect();
    assert_eq!(rels.len(), 276);
    assert!(rels
        .iter()
        .all(|r| r.kind == RelationKind::OwnedOrControlledBy));
    assert_eq!(count_names(&list, NameStrength::Weak), 31);

    let haniya = entity(&list, "9639");
    assert_eq!(haniya.schema, Schema::Person);
    assert_eq!(haniya.primary_name(), Some("HANIYA, Ismail Abdul Salah"));
    let alias = name_of(haniya, "HANIYA, Ismail");
    assert_eq!(
        (alias.kind, alias.strength),
        (NameKind::Aka, NameStrength::Strong)
    );
    assert_eq!(alias.part(NamePartKind::Family), Some("HANIYA"));
    assert_eq!(haniya.birth_dates.len(), 1);
    assert_eq!(haniya.birth_dates[0].to_string(), "1962");
    assert_eq!(haniya.birth_places[0].text, "Shati");
    assert_eq!(haniya.programs, ["NS-PLC"]);
    assert!(haniya.addresses.is_empty(), "{:?}", haniya.addresses);

    let gaz = entity(&list, "19639");
    assert_eq!(gaz.primary_name(), Some("GAZ-OIL, OOO"));
    // The advanced XML has only the part `Zakrytoe Aktsionernoe
    // Obshchestvo GAZ OIL`; the name is printed in capitals, as elsewhere.
    let fka = name_of(gaz, "ZAKRYTOE AKTSIONERNOE OBSHCHESTVO GAZ OIL");
    assert_eq!(fka.kind, NameKind::Fka);
    assert_eq!(gaz.programs, ["UKRAINE-EO13662"]);
    let tax = gaz
        .identifiers
        .iter()
        .find(|i| i.label == "Tax ID No.")
        .unwrap();
    assert_eq!(
        (tax.kind, tax.value.as_str()),
        (IdentifierKind::TaxId, "3906229324")
    );
    assert_eq!(
        gaz.properties["Executive Order 13662 Directive Determination -"],
        ["Subject to Directive 4"]
    );
    assert!(gaz
        .identifiers
        .iter()
        .any(|i| i.kind == IdentifierKind::Website && i.value == "gasoil.ru"));
    assert_eq!(gaz.addresses[0].city.as_deref(), Some("Moscow"));
    assert_eq!(gaz.addresses[0].country.unwrap().as_str(), "RU");
    let rel = &gaz.relationships[0];
    assert_eq!(rel.target.as_ref().unwrap().as_str(), "us-ofac-cons:17250");
}

/// The 2024 SDN_ADVANCED fragments have no root element: wrapped in one
/// with the real reference values, they parse.
#[test]
fn real_advanced_fragments_parse_when_wrapped() {
    let dir = "us-ofac-sdn/advanced-fragments-2024-03-06/";
    let text = |f: &str| String::from_utf8(real(&format!("{dir}{f}")).bytes).unwrap();
    let doc = format!(
        "<Sanctions xmlns=\"http://www.un.org/sanctions/1.0\">{}{}{}{}<DistinctParties>{}{}</DistinctParties>{}{}</Sanctions>",
        text("minified_DateOfIssue.xml"),
        text("minified_ReferenceValueSets@449b147.xml"),
        text("minified_Locations.xml"),
        text("minified_IDRegistrationNo.xml"),
        text("minified_DistinctParties.xml"),
        // Despite its name, this file holds DistinctParty 25057.
        text("minified_ReferenceValueSets.xml"),
        text("minified_ProfileRelationships.xml"),
        text("minified_SanctionsEntries.xml"),
    );
    let f = InputFile::new("sdn_advanced.xml", doc.into_bytes());
    let list = format_by_id("us-ofac-advanced-xml")
        .unwrap()
        .parse(&[f], &ParseOptions::default())
        .unwrap();
    assert_eq!(list.published.unwrap().to_string(), "2024-03-06");
    assert_eq!(list.source.as_str(), "us-ofac-sdn");
    let party = entity(&list, "25057");
    assert_eq!(party.schema, Schema::Person);
    let weak: Vec<&str> = party
        .names
        .iter()
        .filter(|n| n.strength == NameStrength::Weak)
        .map(|n| n.full.as_str())
        .collect();
    assert_eq!(weak.len(), 3, "{:?}", party.names);
    // The value-set excerpt lacks the Birthdate and Gender types; their
    // fixed ids are known anyway.
    assert_eq!(party.gender, Some(Gender::Male));
    let dobs: Vec<String> = party.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(dobs, ["1985-01-07", "1982-08-28"]);
    let airline = entity(&list, "36");
    assert_eq!(airline.primary_name(), Some("AEROCARIBBEAN AIRLINES"));
    assert_eq!(airline.programs, ["CUBA"]);
    assert_eq!(
        airline.listed_on.as_ref().unwrap().to_string(),
        "1986-12-10"
    );
}

// ---- robustness ----------------------------------------------------------

fn parse_any(format: &str, bytes: Vec<u8>) {
    let f = InputFile::new("x.xml", bytes);
    let _ = format_by_id(format)
        .unwrap()
        .parse(&[f], &ParseOptions::default());
}

const FORMATS: [(&str, &str); 3] = [
    ("us-ofac-xml", "sdn.xml"),
    ("us-ofac-advanced-xml", "sdn_advanced.xml"),
    ("us-ofac-enhanced-xml", "sdn_enhanced.xml"),
];

#[test]
fn every_truncation_of_the_fixtures_is_an_error_not_a_panic() {
    for (format, file) in FORMATS {
        let bytes = fixture(file).bytes;
        // The end tag of the root is needed: every shorter prefix fails.
        let end = bytes.iter().rposition(|b| *b == b'<').unwrap();
        for cut in (0..end).step_by(7) {
            let f = InputFile::new(file, bytes[..cut].to_vec());
            let result = format_by_id(format)
                .unwrap()
                .parse(&[f], &ParseOptions::default());
            assert!(result.is_err(), "{file} cut at {cut} parsed");
        }
    }
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        for (format, _) in FORMATS {
            parse_any(format, bytes.clone());
        }
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..3,
        at in 0usize..100_000,
        len in 0usize..64,
        junk in proptest::collection::vec(any::<u8>(), 0..16),
    ) {
        let (format, file) = FORMATS[which];
        let mut bytes = fixture(file).bytes;
        let at = at % bytes.len();
        let end = (at + len).min(bytes.len());
        bytes.splice(at..end, junk);
        parse_any(format, bytes);
    }
}
