//! FCDO UK Sanctions List: the 2025-08-11 ODS extract.

use denylist_model::Schema;
use denylist_sources::{detect, format_by_id, InputFile, ParseOptions};
use proptest::prelude::*;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/lists/gb-fcdo/2025-08-11/UK_Sanctions_List.ods"
);

#[test]
fn ods_extract_2025() {
    let file = InputFile::new(DATA, std::fs::read(DATA).expect("shared data"));
    let format = detect(std::slice::from_ref(&file)).expect("detected");
    assert_eq!(format.id(), "gb-fcdo-ods");
    let list = format
        .parse(&[file], &ParseOptions::default())
        .expect("parsed");
    assert_eq!(list.source.as_str(), "gb-fcdo");
    assert_eq!(list.record_count, 5302);
    // Two rows (BEL0174, RUS1467) have no name: warnings.
    assert_eq!(list.entities.len(), 5300);
    assert_eq!(list.warnings.len(), 2);
    let count = |s: Schema| list.entities.iter().filter(|e| e.schema == s).count();
    assert_eq!(count(Schema::Person), 3754 - 2);
    assert_eq!(count(Schema::Organization), 1087);
    assert_eq!(count(Schema::Vessel), 461);

    let e = list
        .entities
        .iter()
        .find(|e| e.id.as_str() == "gb-fcdo:AFG0011")
        .expect("AFG0011");
    assert_eq!(e.schema, Schema::Person);
    assert_eq!(e.primary_name(), Some("MANSUR ABDUL LATIF"));
    assert_eq!(e.programs, ["Afghanistan"]);
    assert_eq!(e.listed_on.as_ref().unwrap().to_string(), "2001-01-31");
    assert_eq!(e.properties["OFSI Group ID"], ["7270"]);
    assert_eq!(e.properties["Designation source"], ["UN"]);
    assert_eq!(
        e.properties["Sanctions Imposed"],
        ["Asset freeze", "Travel Ban"]
    );
}

#[test]
fn sniffer_needs_an_ods_zip() {
    let f = format_by_id("gb-fcdo-ods").unwrap();
    assert!(!f.sniff(&InputFile::new(
        "UK_Sanctions_List.ods",
        b"36,\"X\"".to_vec()
    )));
    assert!(!f.sniff(&InputFile::new(
        "regulation8_consolidated.xlsx",
        b"PK\x03\x04".to_vec()
    )));
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let f = format_by_id("gb-fcdo-ods").unwrap();
        let mut b = b"PK\x03\x04".to_vec();
        b.extend(bytes);
        let _ = f.parse(&[InputFile::new("UK_Sanctions_List.ods", b)], &ParseOptions::default());
    }
}
