//! trade.gov Consolidated Screening List: fixtures and the real samples.

use std::collections::BTreeMap;

use denylist_model::{Entity, Gender, IdentifierKind, NameKind, NameStrength, Schema};
use denylist_sources::{detect, format_by_id, InputFile, ParseOptions, ParsedList};
use proptest::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/us-trade-csl");
const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/lists/us-trade-csl"
);

fn load(path: &str) -> InputFile {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    InputFile::new(path, bytes)
}

fn parse(path: &str) -> ParsedList {
    let file = load(path);
    let format = detect(std::slice::from_ref(&file)).expect("detected");
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

fn codes(v: &[denylist_model::CountryCode]) -> Vec<&str> {
    v.iter().map(|c| c.as_str()).collect()
}

#[test]
fn csv_fixture_maps_every_column() {
    let list = parse(&format!("{FIXTURES}/consolidated.csv"));
    assert_eq!(list.format, "us-trade-csl-csv");
    assert_eq!(list.source.as_str(), "us-trade-csl");
    assert_eq!(list.record_count, 8);
    assert_eq!(list.entities.len(), 7);
    // The repeated header and the cut last row are warnings with lines.
    let lines: Vec<_> = list.warnings.iter().map(|w| w.line).collect();
    assert!(lines.contains(&Some(2)), "{:?}", list.warnings);
    assert!(list
        .warnings
        .iter()
        .any(|w| w.message.contains("file cut") && w.line == Some(10)));

    let fse = get(&list, "us-trade-csl:FSE-26182");
    assert_eq!(fse.schema, Schema::Person);
    assert_eq!(
        fse.list.as_deref(),
        Some("Foreign Sanctions Evaders (FSE) - Treasury Department")
    );
    assert_eq!(fse.primary_name(), Some("Evren KAYAKIRAN"));
    assert_eq!(fse.gender, Some(Gender::Male));
    assert_eq!(fse.birth_dates[0].to_string(), "1980-02-08");
    assert_eq!(codes(&fse.citizenships), ["TR"]);
    assert_eq!(fse.addresses[0].country.unwrap().as_str(), "TR");
    assert_eq!(fse.programs, ["FSE-IR"]);
    let pass = &fse.identifiers[0];
    assert_eq!(pass.kind, IdentifierKind::Passport);
    assert_eq!(pass.value, "U00242309");
    assert_eq!(pass.country.unwrap().as_str(), "TR");
    assert_eq!(fse.identifiers.len(), 1, "Gender is not an identifier");

    let el = get(
        &list,
        "us-trade-csl:EL-ef773baf03e047f916e2fc565c0cc19b87548fdde5d11c8611a87211",
    );
    assert_eq!(el.schema, Schema::Organization, "no person markers");
    let names: Vec<_> = el.names.iter().map(|n| n.full.as_str()).collect();
    assert_eq!(
        names,
        [
            "Fazal Rahim Farid",
            "Fazel Rahim Farid",
            "Farid",
            "Engineer Idris"
        ]
    );
    assert!(el.names[1..]
        .iter()
        .all(|n| n.kind == NameKind::Aka && n.strength == NameStrength::Unknown));
    assert_eq!(el.listed_on.as_ref().unwrap().to_string(), "2011-11-21");
    assert_eq!(el.addresses.len(), 2);
    assert_eq!(el.addresses[1].country.unwrap().as_str(), "PK");
    assert_eq!(
        el.addresses[1].street,
        ["122, First Floor, Gul Haji Plaza, Peshawar"]
    );
    assert_eq!(el.properties["federal_register_notice"], ["76 FR 71867"]);
    assert_eq!(el.properties["license_policy"], ["Presumption of denial."]);

    let ship = get(&list, "us-trade-csl:SDN-4243");
    assert_eq!(ship.schema, Schema::Vessel);
    let imo = &ship.identifiers[0];
    assert_eq!(
        (imo.kind, imo.value.as_str()),
        (IdentifierKind::Imo, "7406784")
    );
    let v = ship.vessel.as_ref().unwrap();
    assert_eq!(v.vessel_type.as_deref(), Some("General Cargo"));
    assert_eq!(v.flag_name.as_deref(), Some("Panama"));
    assert_eq!(v.tonnage.as_deref(), Some("2595"));
    assert_eq!(v.gross_registered_tonnage.as_deref(), Some("1865"));

    // _id 17014 is on two sub-lists: two entities.
    let ssi = get(&list, "us-trade-csl:SSI-17014");
    assert_eq!(
        ssi.established_on.as_ref().unwrap().to_string(),
        "1990-07-31"
    );
    assert_eq!(
        ssi.properties["Executive Order 13662 Directive Determination -"],
        ["Subject to Directive 1"]
    );
    let mbs = get(&list, "us-trade-csl:NS-MBS-17014");
    assert_eq!(mbs.identifiers[0].kind, IdentifierKind::TaxId);

    let isn = get(
        &list,
        "us-trade-csl:ISN-233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b",
    );
    assert_eq!(
        isn.primary_name(),
        Some("Sinobright Import and Export Company")
    );
    assert_eq!(
        isn.remarks,
        ["and any successor, sub-unit, or subsidiary thereof"]
    );

    let zomor = get(&list, "us-trade-csl:SDN-2677");
    let dobs: Vec<_> = zomor.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(dobs, ["1947-04-19", "circa 1948"]);
    assert_eq!(zomor.birth_places[0].text, "Nahia, Giza, Egypt");
    assert_eq!(codes(&zomor.nationalities), ["EG"]);
}

#[test]
fn json_fixture_matches_csv_mapping() {
    let list = parse(&format!("{FIXTURES}/consolidated.json"));
    assert_eq!(list.format, "us-trade-csl-json");
    assert_eq!(list.entities.len(), 3);
    let fse = get(&list, "us-trade-csl:FSE-26182");
    assert_eq!(fse.gender, Some(Gender::Male));
    assert_eq!(
        fse.identifiers[0].issued.as_ref().unwrap().to_string(),
        "2010-05-01"
    );
    let el = get(
        &list,
        "us-trade-csl:EL-ef773baf03e047f916e2fc565c0cc19b87548fdde5d11c8611a87211",
    );
    let a = &el.addresses[1];
    assert_eq!(a.city.as_deref(), Some("Peshawar"));
    assert_eq!(a.region.as_deref(), Some("Khyber Pakhtunkhwa"));
    assert_eq!(a.postal_code.as_deref(), Some("25000"));
    assert_eq!(el.names.last().unwrap().full, "Engineer Idris");
    let ship = get(&list, "us-trade-csl:SDN-4243");
    let kinds: Vec<_> = ship.identifiers.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [IdentifierKind::Imo, IdentifierKind::CallSign]);
}

#[test]
fn cut_json_is_an_error_naming_the_file() {
    let mut file = load(&format!("{FIXTURES}/consolidated.json"));
    file.bytes.truncate(300);
    let err = format_by_id("us-trade-csl-json")
        .unwrap()
        .parse(&[file], &ParseOptions::default())
        .unwrap_err();
    assert!(err.to_string().contains("consolidated.json"), "{err}");
}

#[test]
fn subset_2023_counts_and_entities() {
    let list = parse(&format!("{DATA}/2023-11-30-subset/consolidated_subset.csv"));
    // 4,227 data rows: one is cut (8 fields) and becomes a warning.
    assert_eq!(list.record_count, 4227);
    assert_eq!(list.entities.len(), 4226);
    let cut: Vec<_> = list
        .warnings
        .iter()
        .filter(|w| w.message.contains("file cut"))
        .collect();
    assert_eq!(cut.len(), 1, "{cut:?}");
    let mut per_list: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &list.entities {
        let code = e.id.native().split('-').next().unwrap();
        let code = if e.id.native().starts_with("NS-MBS-") {
            "NS-MBS"
        } else {
            code
        };
        *per_list.entry(code).or_default() += 1;
    }
    let expect = [
        ("SDN", 1738),
        ("EL", 919),
        ("DPL", 577),
        ("SSI", 288),
        ("UVL", 186),
        ("ISN", 144),
        ("DTC", 142),
        ("PLC", 78),
        ("MEU", 71),
        ("CMIC", 68),
        ("NS-MBS", 14),
        ("FSE", 1),
        ("CAP", 1),
    ];
    let total_expected: usize = expect.iter().map(|(_, n)| n).sum();
    assert_eq!(total_expected, 4227);
    let mut off = 0;
    for (code, n) in expect {
        let got = per_list.get(code).copied().unwrap_or(0);
        off += n - got;
    }
    assert_eq!(off, 1, "only the cut row is missing: {per_list:?}");

    let duran = get(&list, "us-trade-csl:SDN-11474");
    assert_eq!(duran.primary_name(), Some("DURAN PORRAS, Gloria Amparo"));
    assert_eq!(duran.schema, Schema::Person);
    let dobs: Vec<_> = duran.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(dobs, ["1968-02-11", "1968-11-02"]);
    let ced = &duran.identifiers[0];
    assert_eq!(
        (ced.label.as_str(), ced.value.as_str()),
        ("Cedula No.", "42895110")
    );
    assert_eq!(ced.kind, IdentifierKind::NationalId);
    assert_eq!(ced.country.unwrap().as_str(), "CO");
    assert_eq!(duran.addresses[0].street, ["c/o FRANZUL S.A., Medellin"]);

    let telecom = get(&list, "us-trade-csl:CMIC-30882");
    assert_eq!(telecom.schema, Schema::Organization);
    assert_eq!(telecom.programs, ["CMIC-EO13959"]);
    assert_eq!(telecom.properties["Listing Date (CMIC)"], ["2021-06-03"]);
    assert!(telecom
        .identifiers
        .iter()
        .any(|i| i.label == "Unified Social Credit Code (USCC)"
            && i.value == "9111000071093019X7"
            && i.kind == IdentifierKind::Registration));

    let el = get(
        &list,
        "us-trade-csl:EL-b6e959b59898e975daaae8fae3a8da1ec522f9f888cafc0e6401a16d",
    );
    assert_eq!(el.primary_name(), Some("Abdul Satar Ghoura"));
    assert_eq!(
        el.list.as_deref(),
        Some("Entity List (EL) - Bureau of Industry and Security")
    );
    assert_eq!(el.addresses.len(), 4);
    assert_eq!(el.listed_on.as_ref().unwrap().to_string(), "2011-11-21");
    // Every id is unique and prefixed.
    let mut ids: Vec<_> = list.entities.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), list.entities.len());
}

#[test]
fn layout_2019_without_id_gets_stable_ids() {
    let path = format!("{DATA}/2019-sample-csl.csv");
    let a = parse(&path);
    let b = parse(&path);
    assert_eq!(a.record_count, 115);
    assert_eq!(a.entities.len(), 115);
    let ids_a: Vec<_> = a.entities.iter().map(|e| e.id.clone()).collect();
    let ids_b: Vec<_> = b.entities.iter().map(|e| e.id.clone()).collect();
    assert_eq!(ids_a, ids_b);
    let adrian = a
        .entities
        .iter()
        .find(|e| e.primary_name() == Some("ADRIAN MANUEL HERNANDEZ"))
        .unwrap();
    assert!(adrian.id.native().starts_with("DPL-"));
    assert_eq!(adrian.id.native().len(), "DPL-".len() + 16);
    assert_eq!(adrian.listed_on.as_ref().unwrap().to_string(), "2017-10-16");
    assert_eq!(adrian.properties["standard_order"], ["Y"]);
    assert_eq!(
        adrian.addresses[0].street,
        ["3037 S. 69TH DRIVE, PHONEIX, AZ, 85043"]
    );
}

#[test]
fn layout_2016_short_codes() {
    let list = parse(&format!("{DATA}/2016-01-partial/BIS_data.csv"));
    assert_eq!(list.record_count, 399);
    let congo = get(&list, "us-trade-csl:SDN-12454");
    assert_eq!(congo.list.as_deref(), Some("SDN"));
    assert_eq!(congo.names.len(), 4);
    assert_eq!(congo.addresses[0].country.unwrap().as_str(), "CD");
    let badege = get(&list, "us-trade-csl:SDN-15718");
    assert_eq!(badege.primary_name(), Some("BADEGE, Eric"));
    assert_eq!(badege.titles, ["Lieutenant Colonel"]);
    assert_eq!(badege.birth_dates[0].to_string(), "1971");
    assert_eq!(badege.remarks, ["Alternate Title: Colonel"]);
    assert_eq!(badege.programs, ["DRCONGO"]);
}

#[test]
fn sample_has_one_row_per_sub_list() {
    let list = parse(&format!("{DATA}/sample-consolidated.csv"));
    assert_eq!(list.entities.len(), 13);
    let meu = get(&list, "us-trade-csl:MEU-66f6ab3f26234b75a9093fce79ef0ce0");
    assert_eq!(
        meu.primary_name(),
        Some("Academy of Aerospace Solid Propulsion Technology (AASPT)")
    );
    assert_eq!(meu.addresses[0].country.unwrap().as_str(), "CN");
}

#[test]
fn sniffers_do_not_claim_ofac_csv() {
    let sdn = InputFile::new(
        "sdn.csv",
        b"48060,\"DILIAN, Tal Jonathan\",\"individual\",\"CYBER2\",-0- ,-0- \r\n".to_vec(),
    );
    for id in ["us-trade-csl-csv", "us-trade-csl-json"] {
        assert!(!format_by_id(id).unwrap().sniff(&sdn), "{id}");
    }
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        for id in ["us-trade-csl-csv", "us-trade-csl-json"] {
            let f = format_by_id(id).unwrap();
            let _ = f.parse(&[InputFile::new("x", bytes.clone())], &ParseOptions::default());
        }
    }

    #[test]
    fn random_rows_after_header_never_panic(body in "[ -~\n\";,]{0,600}") {
        let mut text = String::from("_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n");
        text.push_str(&body);
        let f = format_by_id("us-trade-csl-csv").unwrap();
        let _ = f.parse(&[InputFile::new("x.csv", text.into_bytes())], &ParseOptions::default());
    }
}
