//! Australia DFAT consolidated list: the 2024-11-11 workbook.

use denylist_model::{NameKind, Schema};
use denylist_sources::{detect, format_by_id, InputFile, ParseOptions};
use proptest::prelude::*;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/lists/au-dfat/2024-11-11/regulation8_consolidated.xlsx"
);

#[test]
fn workbook_2024() {
    let file = InputFile::new(DATA, std::fs::read(DATA).expect("shared data"));
    let format = detect(std::slice::from_ref(&file)).expect("detected");
    assert_eq!(format.id(), "au-dfat-xlsx");
    let list = format
        .parse(&[file], &ParseOptions::default())
        .expect("parsed");
    assert_eq!(list.source.as_str(), "au-dfat");
    assert_eq!(list.record_count, 9553);
    assert_eq!(list.entities.len(), 3062);
    let akhund = list
        .entities
        .iter()
        .find(|e| e.id.as_str() == "au-dfat:2")
        .expect("au-dfat:2");
    assert_eq!(akhund.schema, Schema::Person);
    assert_eq!(akhund.primary_name(), Some("MOHAMMAD HASSAN AKHUND"));
    assert_eq!(akhund.names[1].full, "محمد حسن أخوند");
    assert_eq!(akhund.names[1].kind, NameKind::OriginalScript);
    let dobs: Vec<_> = akhund.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(dobs, ["circa 1955 to 1958", "circa 1945 to 1950"]);
    assert_eq!(akhund.citizenships[0].as_str(), "AF");
    assert_eq!(akhund.birth_places[0].country.unwrap().as_str(), "AF");
    assert_eq!(akhund.programs, ["1988 (Taliban)"]);
    // Control Date 41988 is 2014-12-15.
    assert_eq!(akhund.listed_on.as_ref().unwrap().to_string(), "2014-12-15");
    assert!(akhund.addresses.is_empty(), "NA is no address");
    assert!(akhund.properties["Listing Information"][0].starts_with("Listed by UN 1267"));

    let persons = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .count();
    let orgs = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Organization)
        .count();
    assert_eq!(persons + orgs, 3062);
    assert!(list
        .entities
        .iter()
        .all(|e| e.names[0].kind == NameKind::Primary));
}

#[test]
fn sniffer_needs_a_zip_named_for_dfat() {
    let f = format_by_id("au-dfat-xlsx").unwrap();
    assert!(!f.sniff(&InputFile::new(
        "regulation8_consolidated.xlsx",
        b"36,\"X\"".to_vec()
    )));
    assert!(!f.sniff(&InputFile::new("ConList.xlsx", b"PK\x03\x04rest".to_vec())));
    assert!(f.sniff(&InputFile::new(
        "regulation8_consolidated.xlsx",
        b"PK\x03\x04rest".to_vec()
    )));
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let f = format_by_id("au-dfat-xlsx").unwrap();
        let mut b = b"PK\x03\x04".to_vec();
        b.extend(bytes);
        let _ = f.parse(&[InputFile::new("dfat.xlsx", b)], &ParseOptions::default());
    }
}
