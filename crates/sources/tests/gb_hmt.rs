//! OFSI ConList: classic CSV fixture, the 2016 / 2018 CSVs and the 2025 XLSX.

use denylist_model::{Entity, Gender, IdentifierKind, NameKind, NameStrength, Schema};
use denylist_sources::{detect, format_by_id, InputFile, ParseOptions, ParsedList};
use proptest::prelude::*;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/gb-hmt/ConList.csv"
);
const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/lists/gb-hmt"
);

fn parse(path: &str, format_id: &str) -> ParsedList {
    let file = InputFile::new(
        path,
        std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}")),
    );
    let format = detect(std::slice::from_ref(&file)).expect("detected");
    assert_eq!(format.id(), format_id);
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
fn classic_fixture() {
    let list = parse(FIXTURE, "gb-hmt-csv");
    assert_eq!(list.source.as_str(), "gb-hmt");
    assert_eq!(list.published.unwrap().to_string(), "2018-04-13");
    assert_eq!(list.record_count, 5);
    assert_eq!(list.entities.len(), 3);
    assert!(list
        .warnings
        .iter()
        .any(|w| w.line == Some(8) && w.message.contains("cut")));

    let e = get(&list, "gb-hmt:13349");
    assert_eq!(e.schema, Schema::Person);
    assert_eq!(
        e.primary_name(),
        Some("Nayef Salam Muhammad Ujaym AL-HABABI")
    );
    assert_eq!(e.names[1].full, "Sheikh Farooq AL-QAHTANI");
    assert_eq!(e.names[1].kind, NameKind::Aka);
    assert_eq!(e.names[1].strength, NameStrength::Unknown);
    let dobs: Vec<_> = e.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(dobs, ["1980", "1981", "1980-03"]);
    let nats: Vec<_> = e.nationalities.iter().map(|c| c.as_str()).collect();
    assert_eq!(nats, ["SA", "QA"]);
    assert_eq!(e.identifiers[0].kind, IdentifierKind::Passport);
    assert_eq!(e.identifiers[0].value, "592667");
    assert_eq!(e.properties["UN Ref"], ["QDe.004"]);
    assert_eq!(e.programs, ["The ISIL (Da'esh) and Al-Qaida organisations"]);
    assert_eq!(e.listed_on.as_ref().unwrap().to_string(), "2016-04-01");

    let abda = get(&list, "gb-hmt:7087");
    let places: Vec<_> = abda.birth_places.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(places, ["Tripoli, Libya", "Tunis, Tunisia"]);
    // Windows-1252 quotes decode.
    assert!(abda.remarks[0].contains("‘Abu Obeida’"));

    let ansar = get(&list, "gb-hmt:13188");
    assert_eq!(ansar.schema, Schema::Organization);
    assert_eq!(ansar.addresses[0].street, ["Benghazi"]);
    assert_eq!(ansar.addresses[0].country_name.as_deref(), Some("Libya"));
}

#[test]
fn conlist_2018() {
    let list = parse(&format!("{DATA}/2018-04-13/ConList.csv"), "gb-hmt-csv");
    assert_eq!(list.record_count, 9487);
    assert_eq!(list.entities.len(), 2106);
    let e = get(&list, "gb-hmt:13349");
    // 8 names x 2 DOBs.
    assert_eq!(e.names.len(), 8);
    assert_eq!(e.birth_dates.len(), 2);
    assert_eq!(
        e.primary_name(),
        Some("Nayef Salam Muhammad Ujaym AL-HABABI")
    );
}

#[test]
fn conlist_2016_trimmed() {
    let list = parse(
        &format!("{DATA}/2016-02-12-trimmed/ConList.csv"),
        "gb-hmt-csv",
    );
    assert_eq!(list.published.unwrap().to_string(), "2016-02-12");
    let abda = get(&list, "gb-hmt:7087");
    assert_eq!(abda.birth_dates[0].to_string(), "1969-02-05");
    assert_eq!(abda.identifiers[0].value, "W374031");
    assert_eq!(abda.properties["UN Ref"], ["QI.B.62.02"]);
}

#[test]
fn conlist_2025_xlsx() {
    let list = parse(
        &format!("{DATA}/2025-04-10-xlsx/ConList.xlsx"),
        "gb-hmt-xlsx",
    );
    assert_eq!(list.published.unwrap().to_string(), "2025-04-10");
    assert_eq!(list.record_count, 18796);
    assert_eq!(list.entities.len(), 4686);
    let ships = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Vessel)
        .count();
    assert!(ships > 0);

    let haq = get(&list, "gb-hmt:15672");
    assert_eq!(haq.primary_name(), Some("Mian Abdul HAQ"));
    assert_eq!(haq.names[1].kind, NameKind::Variation);
    assert_eq!(haq.gender, Some(Gender::Male));
    assert_eq!(haq.properties["UK Sanctions List Ref"], ["GHR0086"]);
    assert_eq!(haq.programs, ["Global Human Rights"]);
    assert_eq!(haq.listed_on.as_ref().unwrap().to_string(), "2022-12-09");

    let samjong = get(&list, "gb-hmt:13635");
    assert_eq!(samjong.properties["UN Ref"], ["KPe.064"]);
    assert_eq!(samjong.addresses[0].country.unwrap().as_str(), "KP");

    // Alias Quality gives strength.
    let weak = list
        .entities
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.strength == NameStrength::Weak)
        .count();
    assert!(weak > 0);
    let scripts = list
        .entities
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.kind == NameKind::OriginalScript)
        .count();
    assert!(scripts > 1000, "{scripts}");
    let imo = list
        .entities
        .iter()
        .flat_map(|e| &e.identifiers)
        .filter(|i| i.kind == IdentifierKind::Imo)
        .count();
    assert!(imo >= 10, "{imo}");
}

#[test]
fn sniffers_do_not_claim_ofac_csv() {
    let sdn = InputFile::new(
        "sdn.csv",
        b"36,\"AEROCARIBBEAN AIRLINES\",-0- \r\n".to_vec(),
    );
    for id in ["gb-hmt-csv", "gb-hmt-xlsx"] {
        assert!(!format_by_id(id).unwrap().sniff(&sdn));
    }
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        for id in ["gb-hmt-csv", "gb-hmt-xlsx"] {
            let f = format_by_id(id).unwrap();
            let _ = f.parse(&[InputFile::new("ConList.csv", bytes.clone())], &ParseOptions::default());
        }
    }

    #[test]
    fn random_rows_never_panic(body in "[ -~\n\"()0-9/]{0,600}") {
        let mut text = String::from("Last Updated,13/04/2018\nName 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,Listed On,Last Updated,Group ID\n");
        text.push_str(&body);
        let f = format_by_id("gb-hmt-csv").unwrap();
        let _ = f.parse(&[InputFile::new("ConList.csv", text.into_bytes())], &ParseOptions::default());
    }
}
