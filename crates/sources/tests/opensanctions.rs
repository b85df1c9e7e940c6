//! OpenSanctions FollowTheMoney entity and delta files: hand-written
//! fixtures, every real file in `shared/data/lists/opensanctions-ftm`, and
//! no panic on random or cut input.

use std::collections::HashSet;

use denylist_model::{
    Entity, Gender, IdentifierKind, NameKind, NamePartKind, NameStrength, RelationKind, Schema,
};
use denylist_sources::{
    detect, format_by_id, parse_delta, InputFile, ParseError, ParseOptions, ParsedList,
};
use proptest::prelude::*;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/lists/opensanctions-ftm"
);
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/opensanctions");

fn read(path: &str) -> InputFile {
    InputFile::new(
        path,
        std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}")),
    )
}

fn parse(path: &str) -> ParsedList {
    let file = read(path);
    let format = detect(std::slice::from_ref(&file)).expect("sniffed");
    assert_eq!(format.id(), "opensanctions-ftm", "{path}");
    let list = format
        .parse(&[file], &ParseOptions::default())
        .expect("parses");
    let mut ids = HashSet::new();
    for e in &list.entities {
        assert!(ids.insert(e.id.clone()), "duplicate {}", e.id);
        assert_eq!(e.id.source_str(), "opensanctions");
        assert!(e.primary_name().is_some(), "{} unnamed", e.id);
    }
    list
}

fn entity<'a>(list: &'a [Entity], id: &str) -> &'a Entity {
    list.iter()
        .find(|e| e.id.as_str() == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

#[test]
fn fixture_person_folds_links_in() {
    let list = parse(&format!("{FIXTURES}/entities.ftm.json"));
    assert_eq!(list.record_count, 13);
    let ids: Vec<&str> = list.entities.iter().map(|e| e.id.native()).collect();
    assert_eq!(ids, ["NK-p1", "NK-c1", "NK-o1", "NK-v1", "NK-a1"]);

    let e = entity(&list.entities, "opensanctions:NK-p1");
    assert_eq!(e.schema, Schema::Person);
    assert_eq!(e.primary_name(), Some("Maria Osetrova"), "the caption");
    let p = &e.names[0];
    assert_eq!(p.part(NamePartKind::Given), Some("Maria"));
    assert_eq!(p.part(NamePartKind::Family), Some("Osetrova"));
    let name = |full: &str| e.names.iter().find(|n| n.full == full).unwrap();
    assert_eq!(name("OSETROVA, Maria").kind, NameKind::Aka);
    assert_eq!(name("Мария Осетрова").script.as_deref(), Some("Cyrl"));
    assert_eq!(name("Masha O").strength, NameStrength::Strong);
    assert_eq!(name("Masha").strength, NameStrength::Weak);
    assert_eq!(name("Maria Zakharova").kind, NameKind::Fka);
    let dobs: Vec<String> = e.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(dobs, ["1988-01-07", "1988"]);
    assert_eq!(e.birth_places[0].text, "Izhevsk");
    assert_eq!(e.birth_places[0].country.unwrap().as_str(), "RU");
    let codes = |v: &[denylist_model::CountryCode]| {
        v.iter().map(|c| c.as_str().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(codes(&e.nationalities), ["RU"], "suhh skipped");
    assert_eq!(codes(&e.citizenships), ["RU"]);
    assert_eq!(codes(&e.countries), ["GB"], "ru is already a nationality");
    assert!(list.warnings.iter().any(|w| w.message.contains("\"suhh\"")));
    assert_eq!(e.gender, Some(Gender::Female));
    assert_eq!(e.titles, ["Director"]);
    assert_eq!(e.remarks, ["Disqualified"]);
    assert_eq!(e.programs, ["GB-RUS", "US-RUSHAR", "EU Russia"]);
    assert_eq!(
        e.listed_on.as_ref().unwrap().to_string(),
        "2022-03-15",
        "earliest"
    );
    assert_eq!(e.properties["sanction.authority"], ["OFAC"]);
    let ids: Vec<(IdentifierKind, &str)> = e
        .identifiers
        .iter()
        .map(|i| (i.kind, i.value.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            (IdentifierKind::Passport, "7500 123456"),
            (IdentifierKind::TaxId, "183116181362"),
            (IdentifierKind::Passport, "753371212"),
        ]
    );
    assert_eq!(e.identifiers[2].country.unwrap().as_str(), "RU");
    let a = &e.addresses[0];
    assert_eq!(a.street, ["Pushkinskaya 272"]);
    assert_eq!(
        (a.city.as_deref(), a.postal_code.as_deref()),
        (Some("Izhevsk"), Some("426008"))
    );
    assert_eq!(a.country.unwrap().as_str(), "RU");
    assert_eq!(e.relationships.len(), 1);
    assert_eq!(e.relationships[0].kind, RelationKind::FamilyMemberOf);
    assert_eq!(
        e.relationships[0].target.as_ref().unwrap().as_str(),
        "opensanctions:NK-p9"
    );
    assert_eq!(e.properties["topics"], ["sanction"]);
    assert_eq!(e.properties["datasets"], ["gb_hmt_sanctions"]);
    assert_eq!(e.properties["referents"], ["ofac-46001"]);
    assert_eq!(e.properties["target"], ["true"]);
}

#[test]
fn fixture_things_of_every_schema() {
    let list = parse(&format!("{FIXTURES}/entities.ftm.json"));
    let c = entity(&list.entities, "opensanctions:NK-c1");
    assert_eq!(c.schema, Schema::Company);
    assert_eq!(c.established_on.as_ref().unwrap().to_string(), "2002-10-15");
    assert_eq!(c.countries[0].as_str(), "RU");
    assert_eq!(c.identifiers[0].kind, IdentifierKind::Registration);
    assert!(c
        .identifiers
        .iter()
        .any(|i| i.kind == IdentifierKind::Website));
    assert_eq!(c.relationships[0].kind, RelationKind::OwnedOrControlledBy);
    assert_eq!(
        c.relationships[0].target_name.as_deref(),
        Some("Kalashnikov Concern")
    );
    let o = entity(&list.entities, "opensanctions:NK-o1");
    assert_eq!(o.schema, Schema::Organization, "LegalEntity");
    assert_eq!(o.relationships[0].kind, RelationKind::Owns);
    let v = entity(&list.entities, "opensanctions:NK-v1");
    assert_eq!(v.schema, Schema::Vessel);
    assert_eq!(v.identifiers[0].kind, IdentifierKind::Imo);
    let info = v.vessel.as_ref().unwrap();
    assert_eq!(info.flag.unwrap().as_str(), "PA");
    assert_eq!(info.vessel_type.as_deref(), Some("Crude Oil Tanker"));
    let a = entity(&list.entities, "opensanctions:NK-a1");
    assert_eq!(a.schema, Schema::Aircraft);
    assert_eq!(a.identifiers[0].kind, IdentifierKind::AircraftTail);
    assert_eq!(a.aircraft.as_ref().unwrap().model.as_deref(), Some("Il-96"));
    assert!(list
        .warnings
        .iter()
        .any(|w| w.message == "1 objects of schema \"Spaceship\" skipped"));
}

#[test]
fn delta_fixture_returns_upserts_and_deletes() {
    let file = read(&format!("{FIXTURES}/entities.delta.json"));
    let format = detect(std::slice::from_ref(&file)).unwrap();
    assert_eq!(format.id(), "opensanctions-delta");
    let d = parse_delta(std::slice::from_ref(&file), &ParseOptions::default()).unwrap();
    assert_eq!(d.record_count, 5);
    assert_eq!(d.upserts.len(), 1);
    assert_eq!(d.upserts[0].id.as_str(), "opensanctions:NK-1");
    assert_eq!(d.upserts[0].primary_name(), Some("Jane Q. Roe"), "MOD wins");
    let dels: Vec<&str> = d.deletes.iter().map(|i| i.as_str()).collect();
    assert_eq!(dels, ["opensanctions:NK-2", "opensanctions:NK-3"]);
    let list = format.parse(&[file], &ParseOptions::default()).unwrap();
    assert_eq!(list.entities.len(), 1);
    assert!(list.warnings.is_empty(), "{:?}", list.warnings);
}

#[test]
fn real_entity_files() {
    let zala = parse(&format!("{DATA}/zala/entities.ftm.json"));
    assert_eq!(zala.record_count, 91);
    assert_eq!(zala.entities.len(), 6 + 11);
    assert!(zala.warnings.is_empty(), "{:?}", zala.warnings);
    let e = entity(&zala.entities, "opensanctions:NK-2Tbri3s6GgNtAwsSXh4qpL");
    assert_eq!(e.primary_name(), Some("Maria Aleksandrovna Osetrova"));
    assert_eq!(e.birth_dates[0].to_string(), "1988-01-07");
    assert_eq!(e.nationalities[0].as_str(), "RU");
    assert_eq!(e.gender, Some(Gender::Female));
    for p in ["UA-SA1644", "US-RUSHAR", "GB-RUS"] {
        assert!(e.programs.iter().any(|x| x == p), "{p}");
    }
    let z = entity(&zala.entities, "opensanctions:NK-aU5ybkbRFJucf8YMwsJvDw");
    assert_eq!(z.primary_name(), Some("Alexander Vyacheslavovich ZAKHAROV"));
    assert_eq!(z.names[0].part(NamePartKind::Family), Some("Zakharov"));
    assert_eq!(z.birth_dates[0].to_string(), "1965-09-21");
    assert!(z
        .relationships
        .iter()
        .any(|r| r.kind == RelationKind::FamilyMemberOf
            && r.target.as_ref().map(|t| t.native()) == Some("NK-JseaPJctnK9o8wrmz8xmoT")));
    assert!(z
        .identifiers
        .iter()
        .any(|i| i.kind == IdentifierKind::TaxId && i.value == "183111242406"));
    let cst = entity(&zala.entities, "opensanctions:NK-abdzbEBkqyT29GyREbiURZ");
    assert_eq!(cst.schema, Schema::Company);
    assert!(cst
        .relationships
        .iter()
        .any(|r| r.kind == RelationKind::OwnedOrControlledBy
            && r.target.as_ref().map(|t| t.native()) == Some("NK-nR5AXM9AVPq4pQaSPSaVam")));
    assert!(
        cst.programs.iter().any(|p| p == "EU-UKR"),
        "from a Sanction"
    );

    let t1 = parse(&format!("{DATA}/t1/entities.ftm.json"));
    assert_eq!((t1.record_count, t1.entities.len()), (7, 6));
    let orgs = t1
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Organization)
        .count();
    assert_eq!(orgs, 2);

    let pp = parse(&format!("{DATA}/parteispenden/entities.ftm.json"));
    assert_eq!(pp.record_count, 475);
    assert_eq!(
        pp.entities.len(),
        22 + 18 + 56,
        "payments and addresses folded"
    );
    let daimler = entity(
        &pp.entities,
        "opensanctions:66ce9f62af8c7d329506da41cb7c36ba058b3d28",
    );
    assert_eq!(daimler.primary_name(), Some("Daimler AG"));
    assert_eq!(daimler.schema, Schema::Company);
    assert_eq!(daimler.addresses.len(), 2, "both Address objects folded in");
    assert_eq!(
        daimler.addresses[0].city.as_deref(),
        Some("70546 Stuttgart")
    );
    assert_eq!(daimler.addresses[0].country.unwrap().as_str(), "DE");
    assert!(pp.warnings.is_empty(), "{:?}", pp.warnings);
}

#[test]
fn real_delta_files() {
    let delta = |v: &str| {
        let f = read(&format!("{DATA}/t2/{v}/entities.delta.json"));
        parse_delta(&[f], &ParseOptions::default()).unwrap()
    };
    let empty = delta("20240527134702-zbn");
    assert_eq!(
        (empty.upserts.len(), empty.deletes.len(), empty.record_count),
        (0, 0, 0)
    );
    let d = delta("20240527194702-wnk");
    let ids: Vec<&str> = d.upserts.iter().map(|e| e.id.native()).collect();
    assert_eq!(
        ids,
        ["NK-2T3S8Hu29ktYnKSTgQp2wL", "NK-2sJaJRaPJcWUfMbHjTtWcL"]
    );
    let d = delta("20240528014702-pfh");
    assert_eq!(d.upserts.len(), 2);
    let modified = entity(&d.upserts, "opensanctions:NK-2T3S8Hu29ktYnKSTgQp2wL");
    assert_eq!(modified.primary_name(), Some("Foobar Foobargroup"));
    let d = delta("20240528074703-npf");
    assert!(d.upserts.is_empty());
    assert_eq!(d.deletes[0].as_str(), "opensanctions:NK-500Poltergeist");
    let d = delta("20240528134729-3iv");
    assert_eq!(d.upserts[0].id.as_str(), "opensanctions:Q4365364");
    assert_eq!(d.upserts[0].birth_dates[0].to_string(), "1961-11-30");

    // The empty file through the Format: a valid, empty list.
    let f = read(&format!("{DATA}/t2/20240527134702-zbn/entities.delta.json"));
    let list = format_by_id("opensanctions-delta")
        .unwrap()
        .parse(&[f], &ParseOptions::default())
        .unwrap();
    assert!(list.entities.is_empty() && list.warnings.is_empty());
    // The version and dataset indexes are not entity files.
    for index in ["t2/delta.json", "t1/delta.json", "t1/index.json"] {
        let index = read(&format!("{DATA}/{index}"));
        assert!(!format_by_id("opensanctions-ftm").unwrap().sniff(&index));
        assert!(!format_by_id("opensanctions-delta").unwrap().sniff(&index));
    }
}

#[test]
fn bad_lines_name_file_and_line() {
    let ftm = format_by_id("opensanctions-ftm").unwrap();
    let bytes =
        b"{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\nnot json\n{}\n"
            .to_vec();
    let err = ftm
        .parse(&[InputFile::new("e.json", bytes)], &ParseOptions::default())
        .unwrap_err();
    assert!(
        err.to_string().starts_with("e.json:2: invalid JSON"),
        "{err}"
    );
    let cut = b"{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n{\"id\":\"b\",\"sch".to_vec();
    let err = ftm
        .parse(&[InputFile::new("e.json", cut)], &ParseOptions::default())
        .unwrap_err();
    assert!(
        matches!(err, ParseError::Truncated { line: Some(2), .. }),
        "{err}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        for id in ["opensanctions-ftm", "opensanctions-delta"] {
            let _ = format_by_id(id).unwrap().parse(&[InputFile::new("x.json", bytes.clone())], &ParseOptions::default());
        }
    }

    #[test]
    fn truncated_fixture_never_panics(cut in 0usize..4000) {
        let bytes = std::fs::read(format!("{FIXTURES}/entities.ftm.json")).unwrap();
        let cut = cut.min(bytes.len());
        let _ = format_by_id("opensanctions-ftm").unwrap().parse(&[InputFile::new("x.json", bytes[..cut].to_vec())], &ParseOptions::default());
    }
}
