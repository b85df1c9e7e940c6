//! Swiss SECO XML: a hand-written whole-list fixture, the real example in
//! `shared/data/lists/ch-seco`, and no panic on random or cut input.

use std::collections::HashSet;

use denylist_model::{
    Entity, Gender, IdentifierKind, NameKind, NamePartKind, NameStrength, RelationKind, Schema,
};
use denylist_sources::{detect, format_by_id, InputFile, ParseError, ParseOptions, ParsedList};
use proptest::prelude::*;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/lists/ch-seco"
);
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/ch-seco/seco-whole.xml"
);

fn parse(path: &str) -> ParsedList {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let file = InputFile::new(path, bytes);
    let format = detect(std::slice::from_ref(&file)).expect("sniffed");
    assert_eq!(format.id(), "ch-seco-xml");
    let list = format
        .parse(&[file], &ParseOptions::default())
        .expect("parses");
    let mut ids = HashSet::new();
    for e in &list.entities {
        assert!(ids.insert(e.id.clone()), "duplicate {}", e.id);
        assert_eq!(e.id.source_str(), "ch-seco");
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

#[test]
fn fixture_individual_field_by_field() {
    let list = parse(FIXTURE);
    assert_eq!(list.published.unwrap().to_string(), "2024-03-01");
    assert_eq!(list.record_count, 4);
    assert!(list.warnings.is_empty(), "{:?}", list.warnings);
    let e = entity(&list, "ch-seco:4001");
    assert_eq!(e.schema, Schema::Person);
    assert_eq!(e.gender, Some(Gender::Male));
    assert_eq!(
        e.primary_name(),
        Some("Aleksandr Vyacheslavovich Zakharov"),
        "parts by order"
    );
    let p = &e.names[0];
    assert_eq!(p.part(NamePartKind::Given), Some("Aleksandr"));
    assert_eq!(p.part(NamePartKind::Patronymic), Some("Vyacheslavovich"));
    assert_eq!(p.part(NamePartKind::Family), Some("Zakharov"));
    assert_eq!(p.strength, NameStrength::Strong);
    let cyr = &e.names[1];
    assert_eq!(cyr.full, "Александр Вячеславович Захаров");
    assert_eq!(cyr.kind, NameKind::OriginalScript);
    assert_eq!(
        (cyr.script.as_deref(), cyr.lang.as_deref()),
        (Some("Cyrl"), Some("rus"))
    );
    let alias = e.names.iter().find(|n| n.full == "Sasha Z").unwrap();
    assert_eq!(
        (alias.kind, alias.strength),
        (NameKind::Aka, NameStrength::Weak)
    );
    let dobs: Vec<String> = e.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(dobs, ["1965-09-21", "circa 1966"], "quality low = circa");
    assert_eq!(e.birth_places[0].text, "Izhevsk, Russian Federation");
    assert_eq!(e.nationalities[0].as_str(), "RU");
    let a = &e.addresses[0];
    assert_eq!(a.street, ["Pushkinskaya Street 272", "P.O. Box 17"]);
    assert_eq!(
        (a.city.as_deref(), a.region.as_deref()),
        (Some("Moscow"), Some("Moscow Oblast"))
    );
    assert_eq!(a.postal_code.as_deref(), Some("426008"));
    assert_eq!(a.country.unwrap().as_str(), "RU");
    assert_eq!(a.note.as_deref(), Some("c/o ZALA Aero"));
    let pass = &e.identifiers[0];
    assert_eq!(
        (pass.kind, pass.value.as_str()),
        (IdentifierKind::Passport, "753371212")
    );
    assert_eq!(pass.country.unwrap().as_str(), "RU");
    assert_eq!(pass.expires.as_ref().unwrap().to_string(), "2025-06-01");
    assert_eq!(e.programs, ["UKR"]);
    assert_eq!(e.properties["sanctions-set"], ["Annex 8"]);
    assert_eq!(e.properties["foreign-identifier"], ["EU.9999.11"]);
    assert_eq!(e.listed_on.as_ref().unwrap().to_string(), "2022-06-03");
    assert_eq!(e.relationships[0].kind, RelationKind::AssociateOf);
    assert_eq!(
        e.relationships[0].target.as_ref().unwrap().as_str(),
        "ch-seco:5001"
    );
    assert!(e
        .remarks
        .contains(&"Owner of ZALA Aero, which produces drones.".to_string()));
    assert!(e.remarks.contains(&"Tax ID 183111242406".to_string()));
}

#[test]
fn fixture_entity_vessel_and_delisted_target() {
    let list = parse(FIXTURE);
    let ids: Vec<&str> = list.entities.iter().map(|e| e.id.native()).collect();
    assert_eq!(ids, ["4001", "5001", "7001"], "de-listed 6001 dropped");
    let org = entity(&list, "ch-seco:5001");
    assert_eq!(org.schema, Schema::Organization);
    assert_eq!(
        org.names[0].part(NamePartKind::Whole),
        Some("ZALA Aero Group")
    );
    assert_eq!(org.names[1].full, "ЗАЛА АЭРО");
    assert_eq!(org.addresses[0].city.as_deref(), Some("Izhevsk"));
    let v = entity(&list, "ch-seco:7001");
    assert_eq!(v.schema, Schema::Vessel);
    assert_eq!(v.identifiers[0].kind, IdentifierKind::Imo);
    assert_eq!(v.identifiers[0].value, "9187629");
}

#[test]
fn real_example_amendment() {
    let list = parse(&format!("{DATA}/example/seco.xml"));
    assert_eq!(list.published.unwrap().to_string(), "2024-01-17");
    assert_eq!((list.entities.len(), list.record_count), (3, 3));
    let a = entity(&list, "ch-seco:64393");
    assert_eq!(a.primary_name(), Some("Test A"));
    assert_eq!(a.nationalities[0].as_str(), "CH");
    assert_eq!(a.birth_dates[0].to_string(), "1900-01-01");
    assert_eq!(a.programs, ["PPDM"]);
    assert_eq!(
        a.properties["sanctions-set"],
        ["Financial measures, annex 2", "Travel ban, annex 1"]
    );
    let b = entity(&list, "ch-seco:64398");
    assert_eq!(b.gender, Some(Gender::Female));
    assert_eq!(b.birth_dates[0].to_string(), "2025-12-31");
    assert_eq!(b.nationalities[0].as_str(), "GB");
    assert_eq!(entity(&list, "ch-seco:64403").gender, Some(Gender::Male));
}

#[test]
fn cut_file_is_truncated_error() {
    let bytes = std::fs::read(FIXTURE).unwrap();
    let err = format_by_id("ch-seco-xml")
        .unwrap()
        .parse(
            &[InputFile::new(
                "seco.xml",
                bytes[..bytes.len() / 3].to_vec(),
            )],
            &ParseOptions::default(),
        )
        .unwrap_err();
    assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = format_by_id("ch-seco-xml").unwrap().parse(&[InputFile::new("x.xml", bytes)], &ParseOptions::default());
    }

    #[test]
    fn truncated_fixture_never_panics(cut in 0usize..8000) {
        let bytes = std::fs::read(FIXTURE).unwrap();
        let cut = cut.min(bytes.len());
        let _ = format_by_id("ch-seco-xml").unwrap().parse(&[InputFile::new("x.xml", bytes[..cut].to_vec())], &ParseOptions::default());
    }
}
