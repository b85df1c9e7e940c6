//! UN Security Council consolidated XML: a hand-written fixture field by
//! field, every real file in `shared/data/lists/un-sc`, and no panic on
//! random or cut input.

use std::collections::HashSet;

use denylist_model::{Entity, IdentifierKind, NameKind, NamePartKind, NameStrength, RelationKind};
use denylist_sources::{detect, format_by_id, InputFile, ParseError, ParseOptions, ParsedList};
use proptest::prelude::*;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/un-sc/consolidated.xml"
);

fn parse(path: &str) -> ParsedList {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let file = InputFile::new(path, bytes);
    let format = detect(std::slice::from_ref(&file)).expect("sniffed");
    assert_eq!(format.id(), "un-sc-xml");
    format
        .parse(&[file], &ParseOptions::default())
        .expect("parses")
}

fn entity<'a>(list: &'a ParsedList, id: &str) -> &'a Entity {
    list.entities
        .iter()
        .find(|e| e.id.as_str() == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

fn check_invariants(list: &ParsedList) {
    let mut ids = HashSet::new();
    for e in &list.entities {
        assert!(ids.insert(e.id.clone()), "duplicate {}", e.id);
        assert_eq!(e.id.source_str(), "un-sc");
        assert!(
            e.primary_name().is_some_and(|n| !n.is_empty()),
            "{} unnamed",
            e.id
        );
    }
}

#[test]
fn fixture_individual_maps_every_field() {
    let list = parse(FIXTURE);
    check_invariants(&list);
    assert_eq!(list.published.unwrap().to_string(), "2025-11-20");
    assert_eq!((list.entities.len(), list.record_count), (2, 2));
    assert!(list.warnings.is_empty(), "{:?}", list.warnings);

    let e = entity(&list, "un-sc:TAi.005");
    assert_eq!(e.primary_name(), Some("MUHAMMAD TAHER ANWARI"));
    let p = &e.names[0];
    assert_eq!(p.part(NamePartKind::Given), Some("MUHAMMAD"));
    assert_eq!(p.part(NamePartKind::Other), Some("TAHER"));
    assert_eq!(p.part(NamePartKind::Family), Some("ANWARI"));
    let orig = e
        .names
        .iter()
        .find(|n| n.kind == NameKind::OriginalScript)
        .unwrap();
    assert_eq!(orig.full, "محمد طاهر انورى");
    assert_eq!(orig.script.as_deref(), Some("Arab"));
    let strength = |full: &str| e.names.iter().find(|n| n.full == full).unwrap().strength;
    assert_eq!(strength("Mohammad Taher Anwari"), NameStrength::Strong);
    assert_eq!(strength("Haji Mudir"), NameStrength::Weak);
    assert_eq!(strength("Muhammad Tahir"), NameStrength::Unknown);
    assert_eq!(e.names.len(), 5, "the empty alias placeholder is skipped");

    let dobs: Vec<String> = e.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(dobs, ["1961-08-21", "circa 1960", "1958 to 1963"]);
    assert!(e.remarks.contains(&"date of birth: Nov. 1973".to_string()));
    assert_eq!(
        e.birth_places[0].text,
        "Zurmat District, Paktia Province, Afghanistan"
    );
    assert_eq!(e.birth_places[0].country.unwrap().as_str(), "AF");
    assert_eq!(e.nationalities[0].as_str(), "AF");
    assert_eq!(e.gender, Some(denylist_model::Gender::Male));
    assert_eq!(
        e.titles,
        ["Mullah", "Minister of Finance under the Taliban regime"]
    );
    assert_eq!(e.programs, ["Taliban", "TA"]);
    let listed = e.listed_on.as_ref().unwrap();
    assert_eq!(listed.from.to_string(), "2015-03-27");
    assert_eq!(e.properties["DATAID"], ["110447"]);
    assert_eq!(
        e.properties["LAST_DAY_UPDATED"],
        ["2003-09-03", "2007-07-25"]
    );

    let a = &e.addresses[0];
    assert_eq!(a.street, ["Street 5"]);
    assert_eq!(a.city.as_deref(), Some("Kandahar"));
    assert_eq!(a.region.as_deref(), Some("Kandahar Province"));
    assert_eq!(a.postal_code.as_deref(), Some("3801"));
    assert_eq!(a.country.unwrap().as_str(), "AF");
    assert_eq!(a.note.as_deref(), Some("as of 2010"));

    assert_eq!(e.identifiers.len(), 3, "the empty document is skipped");
    let pass = &e.identifiers[0];
    assert_eq!(
        (pass.kind, pass.value.as_str()),
        (IdentifierKind::Passport, "OA 123456")
    );
    assert_eq!(pass.country.unwrap().as_str(), "AF");
    assert_eq!(pass.issued.as_ref().unwrap().to_string(), "2008-03-11");
    assert_eq!(
        pass.note.as_deref(),
        Some("issued under the name Haji Mudir")
    );
    let nid = &e.identifiers[1];
    assert_eq!(nid.kind, IdentifierKind::NationalId);
    assert_eq!(nid.label, "National Identification Number");
    let fr = &e.identifiers[2];
    assert_eq!(
        (fr.kind, fr.label.as_str()),
        (IdentifierKind::Passport, "Numéro de passeport")
    );
    assert_eq!(fr.country.unwrap().as_str(), "PK");

    assert_eq!(e.relationships.len(), 1);
    assert_eq!(
        e.relationships[0].target.as_ref().unwrap().as_str(),
        "un-sc:TAe.010"
    );
    assert!(matches!(e.relationships[0].kind, RelationKind::Other(_)));
}

#[test]
fn fixture_entity_aliases_are_kinds() {
    let list = parse(FIXTURE);
    let e = entity(&list, "un-sc:TAe.010");
    assert_eq!(e.schema, denylist_model::Schema::Organization);
    assert_eq!(e.primary_name(), Some("EXAMPLE FRONT (EF)"));
    let kind = |full: &str| e.names.iter().find(|n| n.full == full).unwrap().kind;
    assert_eq!(kind("EXAMPLE TRADING COMPANY"), NameKind::Aka);
    assert_eq!(kind("EF Group"), NameKind::Aka);
    assert_eq!(kind("Old Example Front"), NameKind::Fka);
    assert_eq!(e.names.len(), 4);
    assert_eq!(e.addresses[0].country.unwrap().as_str(), "CD");
    // TAe.999 is not in the file: no relation to it.
    let targets: Vec<&str> = e
        .relationships
        .iter()
        .map(|r| r.target.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(targets, ["un-sc:TAi.005"]);
}

#[test]
fn real_files_have_the_published_counts() {
    for (date, individuals, entities) in [
        ("2024-11-30", 686, 193),
        ("2025-04-19", 684, 193),
        ("2025-11-20", 727, 273),
    ] {
        let list = parse(&format!("{DATA}/lists/un-sc/{date}/consolidated.xml"));
        check_invariants(&list);
        let people = list
            .entities
            .iter()
            .filter(|e| e.schema == denylist_model::Schema::Person)
            .count();
        assert_eq!(
            (people, list.entities.len() - people),
            (individuals, entities),
            "{date}"
        );
        assert_eq!(list.record_count, individuals + entities);
        assert_eq!(list.published.unwrap().to_string(), date);
        assert!(list.warnings.len() < 10, "{date}: {:?}", list.warnings);
    }
}

#[test]
fn real_2025_11_20_entries_field_by_field() {
    let list = parse(&format!("{DATA}/lists/un-sc/2025-11-20/consolidated.xml"));

    let e = entity(&list, "un-sc:QDi.001");
    assert_eq!(
        e.primary_name(),
        Some("MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE")
    );
    assert_eq!(e.names[0].part(NamePartKind::Family), Some("ZIDANE"));
    let orig = e
        .names
        .iter()
        .find(|n| n.kind == NameKind::OriginalScript)
        .unwrap();
    assert_eq!(orig.full, "محمد صلاح الدين عبدالحليم زيدان");
    let weak: Vec<&str> = e
        .names
        .iter()
        .filter(|n| n.is_weak())
        .map(|n| n.full.as_str())
        .collect();
    assert_eq!(weak, ["Ibrahim al-Madani", "Saif Al-'Adil", "Seif al Adel"]);
    let dobs: Vec<String> = e.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(dobs, ["1963-04-11", "1960-04-11"]);
    assert_eq!(e.nationalities[0].as_str(), "EG");
    assert_eq!(e.programs, ["Al-Qaida", "QD"]);
    assert_eq!(e.listed_on.as_ref().unwrap().to_string(), "2001-01-25");
    assert_eq!(e.properties["DATAID"], ["113219"]);

    let e = entity(&list, "un-sc:CDi.001");
    assert_eq!(e.primary_name(), Some("ERIC BADEGE"));
    assert_eq!(e.names[0].part(NamePartKind::Given), Some("ERIC"));
    assert_eq!(e.birth_dates[0].to_string(), "1971");
    assert_eq!(e.nationalities[0].as_str(), "CD");
    assert_eq!(e.addresses[0].country.unwrap().as_str(), "RW");
    assert_eq!(e.gender, Some(denylist_model::Gender::Male));

    // Entity packing two names; the ADF comment cites CDi.015.
    let e = entity(&list, "un-sc:CDe.003");
    assert_eq!(
        e.primary_name(),
        Some("COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)")
    );
    assert!(e
        .names
        .iter()
        .any(|n| n.full == "GREAT LAKES BUSINESS COMPANY (GLBC)"));
    let adf = entity(&list, "un-sc:CDe.001");
    assert!(adf
        .relationships
        .iter()
        .any(|r| r.target.as_ref().map(|t| t.as_str()) == Some("un-sc:CDi.015")));

    // A BETWEEN date of birth.
    let between = list
        .entities
        .iter()
        .flat_map(|e| &e.birth_dates)
        .filter(|d| d.to.is_some())
        .count();
    assert!(between >= 25, "{between} ranges");
    // Zoned LISTED_ON values are read.
    assert!(list.entities.iter().all(|e| e.listed_on.is_some()));
}

#[test]
fn eval_copy_without_original_script_parses() {
    let list = parse(&format!(
        "{DATA}/eval/dev/lists/un/consolidated_no_script.xml"
    ));
    check_invariants(&list);
    assert_eq!(list.entities.len(), 686 + 193);
    assert!(list
        .entities
        .iter()
        .all(|e| e.names.iter().all(|n| n.kind != NameKind::OriginalScript)));
    let e = entity(&list, "un-sc:TAi.005");
    assert_eq!(e.primary_name(), Some("MUHAMMAD TAHER ANWARI"));
}

#[test]
fn truncated_file_is_an_error_naming_file_and_line() {
    let bytes = std::fs::read(FIXTURE).unwrap();
    let cut = &bytes[..bytes.len() / 2];
    let format = format_by_id("un-sc-xml").unwrap();
    let err = format
        .parse(
            &[InputFile::new("consolidated.xml", cut.to_vec())],
            &ParseOptions::default(),
        )
        .unwrap_err();
    assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
    assert!(err.to_string().starts_with("consolidated.xml:"), "{err}");
}

#[test]
fn malformed_xml_names_line_and_path() {
    let xml = b"<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n</ENTITY>\n</INDIVIDUALS>\n</CONSOLIDATED_LIST>";
    let format = format_by_id("un-sc-xml").unwrap();
    let err = format
        .parse(
            &[InputFile::new("c.xml", xml.to_vec())],
            &ParseOptions::default(),
        )
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("c.xml:4: /CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL"),
        "{msg}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let format = format_by_id("un-sc-xml").unwrap();
        let _ = format.parse(&[InputFile::new("x.xml", bytes)], &ParseOptions::default());
    }

    #[test]
    fn truncated_fixture_never_panics(cut in 0usize..6000) {
        let bytes = std::fs::read(FIXTURE).unwrap();
        let cut = cut.min(bytes.len());
        let format = format_by_id("un-sc-xml").unwrap();
        let _ = format.parse(&[InputFile::new("x.xml", bytes[..cut].to_vec())], &ParseOptions::default());
    }
}
