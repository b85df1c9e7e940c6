//! FCDO UK Sanctions List XML: hand-written fixture in the published shape.

use denylist_model::{Gender, IdentifierKind, NameKind, NameStrength, Schema};
use denylist_sources::{detect, format_by_id, InputFile, ParseOptions};
use proptest::prelude::*;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/gb-fcdo/UK-Sanctions-List.xml"
);

#[test]
fn fixture_maps_every_element() {
    let file = InputFile::new(FIXTURE, std::fs::read(FIXTURE).unwrap());
    let format = detect(std::slice::from_ref(&file)).expect("detected");
    assert_eq!(format.id(), "gb-fcdo-xml");
    let list = format
        .parse(&[file], &ParseOptions::default())
        .expect("parsed");
    assert_eq!(list.record_count, 3);
    assert_eq!(list.entities.len(), 3);
    assert_eq!(list.warnings.len(), 1, "{:?}", list.warnings);
    assert_eq!(list.warnings[0].line, Some(120));
    assert_eq!(list.published.unwrap().to_string(), "2026-09-23");

    let e = &list.entities[0];
    assert_eq!(e.id.as_str(), "gb-fcdo:AFG0011");
    assert_eq!(e.schema, Schema::Person);
    assert_eq!(e.primary_name(), Some("Abdul Latif MANSUR"));
    let kinds: Vec<_> = e.names.iter().map(|n| (n.kind, n.strength)).collect();
    assert_eq!(
        kinds,
        [
            (NameKind::Primary, NameStrength::Strong),
            (NameKind::Variation, NameStrength::Strong),
            (NameKind::Aka, NameStrength::Strong),
            (NameKind::Aka, NameStrength::Weak),
            (NameKind::OriginalScript, NameStrength::Unknown),
        ]
    );
    assert_eq!(e.names[4].script.as_deref(), Some("Arab"));
    assert_eq!(e.names[4].lang.as_deref(), Some("fa"));
    let dobs: Vec<_> = e.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(dobs, ["1968", "1958-09", "1967-11-12"]);
    assert_eq!(e.gender, Some(Gender::Male));
    assert_eq!(e.titles, ["Maulavi", "Minister of Agriculture"]);
    assert_eq!(e.birth_places[0].text, "Zurmat, Afghanistan");
    let pass = &e.identifiers[0];
    assert_eq!(
        (pass.kind, pass.value.as_str()),
        (IdentifierKind::Passport, "OA34823")
    );
    assert_eq!(pass.note.as_deref(), Some("Afghan passport"));
    assert_eq!(e.identifiers[1].kind, IdentifierKind::NationalId);
    assert_eq!(
        e.addresses[0].street,
        ["Shega District", "Kandahar Province"]
    );
    assert_eq!(e.addresses[0].country_name.as_deref(), Some("Afghanistan"));
    assert_eq!(e.programs, ["Afghanistan"]);
    assert_eq!(e.listed_on.as_ref().unwrap().to_string(), "2001-02-23");
    assert_eq!(e.properties["OFSI Group ID"], ["7270"]);
    assert_eq!(e.properties["UN Reference Number"], ["TAi.001"]);
    assert_eq!(
        e.properties["Sanctions Imposed"],
        ["Asset freeze", "Travel Ban"]
    );
    assert_eq!(
        e.remarks,
        [
            "Taliban Minister of Agriculture.",
            "Listed by the UN & the UK."
        ]
    );

    let ship = &list.entities[1];
    assert_eq!(ship.id.as_str(), "gb-fcdo:DPR0100");
    assert_eq!(ship.schema, Schema::Vessel);
    assert_eq!(ship.identifiers[0].kind, IdentifierKind::Imo);
    assert_eq!(ship.identifiers[0].value, "7408873");
    let v = ship.vessel.as_ref().unwrap();
    assert_eq!(v.vessel_type.as_deref(), Some("Oil tanker"));
    assert_eq!(v.owner.as_deref(), Some("Korea Samjong Shipping"));
    assert_eq!(v.build_year.as_deref(), Some("1975"));
    assert_eq!(ship.properties["Previous flags"], ["Tuvalu"]);
    assert_eq!(
        ship.properties["Previous owner/operator"],
        ["Sea Star Maritime"]
    );
    assert_eq!(ship.properties["Length of ship"], ["86"]);
    assert_eq!(ship.identifiers[1].value, "KPA-0100-HIN");

    let org = &list.entities[2];
    assert_eq!(org.schema, Schema::Organization);
    assert!(org.listed_on.is_none(), "bad date is a warning");
    let kinds: Vec<_> = org.identifiers.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [
            IdentifierKind::Registration,
            IdentifierKind::Phone,
            IdentifierKind::Email,
            IdentifierKind::Website
        ]
    );
    assert_eq!(org.properties["Type of entity"], ["Joint stock company"]);
    assert_eq!(org.properties["Parent company"], ["EXAMPLE HOLDING"]);
    assert_eq!(org.properties["Subsidiaries"], ["EXAMPLE TRADING LLC"]);
}

#[test]
fn truncated_xml_is_an_error() {
    let mut bytes = std::fs::read(FIXTURE).unwrap();
    bytes.truncate(bytes.len() / 2);
    let err = format_by_id("gb-fcdo-xml")
        .unwrap()
        .parse(
            &[InputFile::new("UK-Sanctions-List.xml", bytes)],
            &ParseOptions::default(),
        )
        .unwrap_err();
    assert!(
        err.to_string().starts_with("UK-Sanctions-List.xml"),
        "{err}"
    );
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let f = format_by_id("gb-fcdo-xml").unwrap();
        let _ = f.parse(&[InputFile::new("x.xml", bytes)], &ParseOptions::default());
    }

    #[test]
    fn random_designations_never_panic(body in "[ -~<>/&;\n]{0,400}") {
        let text = format!("<Designations><Designation><UniqueID>X1</UniqueID>{body}</Designation></Designations>");
        let f = format_by_id("gb-fcdo-xml").unwrap();
        let _ = f.parse(&[InputFile::new("x.xml", text.into_bytes())], &ParseOptions::default());
    }
}
