//! BIS Denied Persons List (`dpl.txt`): fixture and the 2018 / 2019 files.

use denylist_model::{Entity, NameKind, NameStrength, Schema};
use denylist_sources::{detect, format_by_id, InputFile, ParseOptions, ParsedList};
use proptest::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/us-bis-dpl");
const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/lists/us-bis-dpl"
);

fn parse(path: &str) -> ParsedList {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let file = InputFile::new(path, bytes);
    let format = detect(std::slice::from_ref(&file)).expect("detected");
    assert_eq!(format.id(), "us-bis-dpl-txt");
    format
        .parse(&[file], &ParseOptions::default())
        .expect("parsed")
}

fn get<'a>(list: &'a ParsedList, id: &str) -> &'a Entity {
    list.entities
        .iter()
        .find(|e| e.id.as_str() == id)
        .unwrap_or_else(|| panic!("no entity {id}"))
}

#[test]
fn fixture_groups_rows_per_party() {
    let list = parse(&format!("{FIXTURES}/dpl.txt"));
    assert_eq!(list.source.as_str(), "us-bis-dpl");
    assert_eq!(list.record_count, 5);
    assert_eq!(list.entities.len(), 3);
    assert_eq!(list.warnings.len(), 2, "{:?}", list.warnings);
    assert!(list
        .warnings
        .iter()
        .any(|w| w.line == Some(6) && w.message.contains("duplicate")));
    assert!(list
        .warnings
        .iter()
        .any(|w| w.line == Some(7) && w.message.contains("cut")));

    // " I. ASH" and "I. ASH" are one party with two addresses.
    let ash = get(&list, "us-bis-dpl:b9d61fd31d6bdf0b");
    assert_eq!(ash.primary_name(), Some("I. ASH"));
    assert_eq!(ash.schema, Schema::Person);
    assert_eq!(ash.addresses.len(), 2);
    let a = &ash.addresses[1];
    assert_eq!(a.street, ["4 WORLD TRADE CENTER"]);
    assert_eq!(a.city.as_deref(), Some("NEW YORK"));
    assert_eq!(a.region.as_deref(), Some("NY"));
    assert_eq!(a.postal_code.as_deref(), Some("10048"));
    assert_eq!(a.country.unwrap().as_str(), "US");
    // The earliest effective date.
    assert_eq!(ash.listed_on.as_ref().unwrap().to_string(), "2002-03-04");
    assert_eq!(
        ash.properties["FR_Citation"],
        ["68 F.R. 38290 6/27/03", "67 F.R. 56530 9/4/02"]
    );
    assert_eq!(
        ash.properties["Expiration_Date"],
        ["06/29/2056", "03/04/2022"]
    );

    let sun = get(&list, "us-bis-dpl:af032f1d93ed833f");
    assert_eq!(sun.primary_name(), Some("FUYI SUN"));
    assert_eq!(sun.names[1].full, "FRANK SUN");
    assert_eq!(sun.names[1].kind, NameKind::Aka);
    assert_eq!(sun.names[1].strength, NameStrength::Unknown);
    assert_eq!(sun.addresses[0].country, None);

    let alpha = get(&list, "us-bis-dpl:5e17150b27ccba82");
    assert_eq!(alpha.schema, Schema::Organization);
    assert_eq!(alpha.properties["Standard_Order"], ["N"]);
}

#[test]
fn dpl_2018() {
    let list = parse(&format!("{DATA}/2018-08-17/dpl.txt"));
    assert_eq!(list.record_count, 539);
    assert_eq!(list.entities.len(), 407);
    // Three rows are exact duplicates.
    let dups = list
        .warnings
        .iter()
        .filter(|w| w.message.contains("duplicate"))
        .count();
    assert_eq!(dups, 3);
    let adrian = get(&list, "us-bis-dpl:e22808493bbfd407");
    assert_eq!(adrian.primary_name(), Some("ADRIAN MANUEL HERNANDEZ"));
    assert_eq!(adrian.listed_on.as_ref().unwrap().to_string(), "2017-10-16");
    assert_eq!(adrian.addresses[0].street, ["3037 S. 69TH DRIVE"]);
    assert_eq!(adrian.addresses[0].city.as_deref(), Some("PHONEIX"));
}

#[test]
fn dpl_2019() {
    let list = parse(&format!("{DATA}/2019-06-dpl.txt"));
    assert_eq!(list.record_count, 546);
    assert_eq!(list.entities.len(), 415);
    let wings = get(&list, "us-bis-dpl:c92eb3df43ca9a76");
    assert_eq!(wings.primary_name(), Some("AL NASER WINGS AIRLINES"));
    assert_eq!(wings.schema, Schema::Organization);
    assert_eq!(wings.addresses.len(), 4);
    assert_eq!(wings.listed_on.as_ref().unwrap().to_string(), "2019-06-05");
    let countries: Vec<_> = wings
        .all_countries()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(countries.contains(&"IQ".to_string()) && countries.contains(&"AE".to_string()));
}

#[test]
fn sniffer_rejects_other_csv() {
    let f = format_by_id("us-bis-dpl-txt").unwrap();
    let ofac = InputFile::new(
        "sdn.csv",
        b"36,\"AEROCARIBBEAN AIRLINES\",-0- \r\n".to_vec(),
    );
    assert!(!f.sniff(&ofac));
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let f = format_by_id("us-bis-dpl-txt").unwrap();
        let _ = f.parse(&[InputFile::new("dpl.txt", bytes)], &ParseOptions::default());
    }

    #[test]
    fn random_rows_never_panic(body in "[ -~\t\n\"]{0,600}") {
        let mut text = String::from("\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t\"Postal_Code\"\t\"Effective_Date\"\t\"Expiration_Date\"\t\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\n");
        text.push_str(&body);
        let f = format_by_id("us-bis-dpl-txt").unwrap();
        let _ = f.parse(&[InputFile::new("dpl.txt", text.into_bytes())], &ParseOptions::default());
    }
}
