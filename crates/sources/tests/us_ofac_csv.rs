//! The OFAC legacy CSV set (`us-ofac-csv`): hand-written fixtures in OFAC's
//! byte format, then the real lists in `../shared/data`.

use std::path::{Path, PathBuf};

use denylist_model::{
    CountryCode, Entity, Gender, IdentifierKind, NameKind, NamePartKind, NameStrength,
    RelationKind, Schema,
};
use denylist_sources::{
    format_by_id, parse_files, InputFile, ParseError, ParseOptions, ParsedList,
};
use proptest::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

fn fixture(source: &str, name: &str) -> InputFile {
    read(&Path::new(FIXTURES).join(source).join(name))
}

fn read(path: &Path) -> InputFile {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    InputFile::new(path.display().to_string(), bytes)
}

fn data(rel: &str) -> Option<InputFile> {
    let path = PathBuf::from(DATA).join("lists").join(rel);
    if path.exists() {
        Some(read(&path))
    } else {
        eprintln!("skipped: {} not found", path.display());
        None
    }
}

fn parse_csv(files: &[InputFile]) -> Result<ParsedList, ParseError> {
    format_by_id("us-ofac-csv")
        .expect("format registered")
        .parse(files, &ParseOptions::default())
}

fn entity<'a>(list: &'a ParsedList, native: &str) -> &'a Entity {
    list.entities
        .iter()
        .find(|e| e.id.native() == native)
        .unwrap_or_else(|| panic!("no entity {native}"))
}

fn cc(code: &str) -> CountryCode {
    CountryCode::new(code).unwrap()
}

fn fixture_set() -> Vec<InputFile> {
    // Deliberately not in the usual order.
    ["sdn_comments.csv", "add.csv", "sdn.csv", "alt.csv"]
        .iter()
        .map(|n| fixture("us-ofac-sdn", n))
        .collect()
}

#[test]
fn fixture_set_is_detected_and_read() {
    let list = parse_files(&fixture_set(), &ParseOptions::default()).unwrap();
    assert_eq!(list.format, "us-ofac-csv");
    assert_eq!(list.source.as_str(), "us-ofac-sdn");
    assert_eq!(list.record_count, 6);
    assert_eq!(list.entities.len(), 6);
    assert_eq!(list.published, None);
    assert!(list.warnings.is_empty(), "{:?}", list.warnings);
    for e in &list.entities {
        assert!(e.id.as_str().starts_with("us-ofac-sdn:"));
        assert!(e.primary_name().is_some());
    }
}

#[test]
fn fixture_person_field_by_field() {
    let list = parse_csv(&fixture_set()).unwrap();
    let tal = entity(&list, "48060");
    assert_eq!(tal.schema, Schema::Person);
    assert_eq!(tal.primary_name(), Some("DILIAN, Tal Jonathan"));
    assert_eq!(tal.names[0].part(NamePartKind::Family), Some("DILIAN"));
    assert_eq!(tal.names[0].part(NamePartKind::Given), Some("Tal Jonathan"));
    let alias = &tal.names[1];
    assert_eq!(
        (alias.full.as_str(), alias.kind, alias.strength),
        ("MENASHE, Tal Yonatan", NameKind::Aka, NameStrength::Strong)
    );
    assert_eq!(tal.programs, ["CYBER2"]);
    assert_eq!(tal.birth_dates[0].to_string(), "1961-08-21");
    assert_eq!(tal.nationalities, [cc("IL")]);
    assert_eq!(tal.citizenships, [cc("IL"), cc("MT")]);
    assert_eq!(tal.gender, Some(Gender::Male));
    assert_eq!(tal.addresses[0].country, Some(cc("CY")));
    assert_eq!(tal.addresses[0].note.as_deref(), Some("Limassol office"));
    assert_eq!(tal.countries, [cc("CY")]);
}

#[test]
fn fixture_remark_continues_in_comments_file() {
    let list = parse_csv(&fixture_set()).unwrap();
    let cafe = entity(&list, "10002");
    // The one cp1252 byte (0xC9).
    assert_eq!(cafe.primary_name(), Some("CAF\u{c9} DEL MAR SA"));
    assert_eq!(
        cafe.properties["Listing Date (EO 14024 Directive 2):"],
        ["24 Feb 2022"]
    );
    assert_eq!(
        cafe.established_on.as_ref().unwrap().to_string(),
        "1991-11-19"
    );
    let link = &cafe.relationships[0];
    assert_eq!(link.kind, RelationKind::LinkedTo);
    assert_eq!(link.target.as_ref().unwrap().as_str(), "us-ofac-sdn:10001");
}

#[test]
fn fixture_entity_vessel_and_aircraft() {
    let list = parse_csv(&fixture_set()).unwrap();
    let acme = entity(&list, "10001");
    assert_eq!(acme.schema, Schema::Organization);
    assert_eq!(acme.programs, ["SDGT", "IRGC"]);
    let weak: Vec<(&str, NameKind)> = acme
        .names
        .iter()
        .filter(|n| n.is_weak())
        .map(|n| (n.full.as_str(), n.kind))
        .collect();
    assert_eq!(
        weak,
        [("ABU-'UMAR", NameKind::Aka), ("ACME OLD", NameKind::Fka)]
    );
    let reg = acme
        .identifiers
        .iter()
        .find(|i| i.kind == IdentifierKind::Registration)
        .unwrap();
    assert_eq!(
        (reg.value.as_str(), reg.country),
        ("HRA 738077", Some(cc("DE")))
    );
    let xbt = acme
        .identifiers
        .iter()
        .find(|i| i.currency.as_deref() == Some("XBT"))
        .unwrap();
    assert_eq!(xbt.value, "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h");
    assert_eq!(acme.addresses[0].city.as_deref(), Some("Stuttgart 70173"));
    assert_eq!(acme.addresses[0].street, ["Koenigstrasse 1"]);
    assert_eq!(acme.remarks, ["all offices worldwide"]);
    assert_eq!(
        acme.names
            .iter()
            .filter(|n| n.kind == NameKind::Fka)
            .count(),
        2
    );

    let ship = entity(&list, "10003");
    assert_eq!(ship.schema, Schema::Vessel);
    let v = ship.vessel.as_ref().unwrap();
    assert_eq!(v.vessel_type.as_deref(), Some("Crude Oil Tanker"));
    assert_eq!(v.flag, Some(cc("PA")));
    assert_eq!(v.gross_registered_tonnage.as_deref(), Some("81,000"));
    assert_eq!(v.build_year.as_deref(), Some("1995"));
    let kinds: Vec<(IdentifierKind, &str)> = ship
        .identifiers
        .iter()
        .map(|i| (i.kind, i.value.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (IdentifierKind::CallSign, "9HXY1"),
            (IdentifierKind::Imo, "9187629"),
            (IdentifierKind::Mmsi, "572469210"),
        ]
    );
    assert_eq!(ship.names[1].kind, NameKind::Nka);

    let plane = entity(&list, "10004");
    assert_eq!(plane.schema, Schema::Aircraft);
    assert_eq!(
        plane.aircraft.as_ref().unwrap().model.as_deref(),
        Some("IL-76")
    );
    // YAS AIR is not in the fixture: the link keeps its name only.
    assert_eq!(plane.relationships[0].target, None);

    let dr = entity(&list, "10005");
    assert_eq!(dr.titles, ["Minister of Defense"]);
    assert_eq!(dr.remarks, ["arrested 23 Apr 2002"]);
    assert_eq!(dr.properties["nationality"], ["possibly Palestinian"]);
    assert_eq!(dr.birth_places[0].country, Some(cc("KP")));
}

#[test]
fn source_option_overrides_the_default() {
    let options = ParseOptions {
        source: Some("us-ofac-cons".parse().unwrap()),
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 7, 2),
    };
    let list = format_by_id("us-ofac-csv")
        .unwrap()
        .parse(&fixture_set(), &options)
        .unwrap();
    assert_eq!(list.entities[0].id.as_str(), "us-ofac-cons:48060");
    assert_eq!(list.published.unwrap().to_string(), "2024-07-02");
}

#[test]
fn cons_fixture_set_reads_as_cons() {
    let files: Vec<InputFile> = [
        "cons_prim.csv",
        "cons_alt.csv",
        "cons_add.csv",
        "cons_comments.csv",
    ]
    .iter()
    .map(|n| fixture("us-ofac-cons", n))
    .collect();
    let list = parse_files(&files, &ParseOptions::default()).unwrap();
    assert_eq!(list.source.as_str(), "us-ofac-cons");
    let h = entity(&list, "9639");
    assert_eq!(h.id.as_str(), "us-ofac-cons:9639");
    assert_eq!(h.names[1].full, "HANIYEH, Ismail");
    assert_eq!(h.birth_places[0].country, Some(cc("PS")));
    assert_eq!(entity(&list, "20001").addresses[0].country, Some(cc("RU")));
}

#[test]
fn truncated_mid_quote_is_an_error() {
    let err = parse_csv(&[fixture("us-ofac-sdn", "truncated_sdn.csv")]).unwrap_err();
    assert!(
        matches!(err, ParseError::Truncated { line: Some(3), .. }),
        "{err:?}"
    );
}

#[test]
fn truncated_last_record_is_an_error() {
    let err = parse_csv(&[fixture("us-ofac-sdn", "truncated_fields_sdn.csv")]).unwrap_err();
    assert!(
        matches!(err, ParseError::Truncated { line: Some(3), .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("5 of 12 fields"), "{err}");
}

#[test]
fn wrong_field_count_names_file_and_line() {
    let err = parse_csv(&[fixture("us-ofac-sdn", "wrong_field_count_sdn.csv")]).unwrap_err();
    assert!(
        matches!(err, ParseError::Syntax { line: Some(2), .. }),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.contains("wrong_field_count_sdn.csv:2:"), "{msg}");
    assert!(msg.contains("11 fields, expected 12"), "{msg}");
}

#[test]
fn non_integer_ent_num_is_an_error() {
    let err = parse_csv(&[fixture("us-ofac-sdn", "bad_ent_num_sdn.csv")]).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("bad_ent_num_sdn.csv:2:"), "{msg}");
    assert!(msg.contains("ent_num"), "{msg}");
}

#[test]
fn alias_for_missing_entity_is_a_counted_warning() {
    let list = parse_csv(&[
        fixture("us-ofac-sdn", "sdn.csv"),
        fixture("us-ofac-sdn", "orphan_alt.csv"),
    ])
    .unwrap();
    assert_eq!(list.warnings.len(), 1, "{:?}", list.warnings);
    let w = &list.warnings[0];
    assert!(w.file.ends_with("orphan_alt.csv"));
    assert_eq!(w.line, Some(2));
    assert!(
        w.message.contains("2 row(s) for ent_num 99999"),
        "{}",
        w.message
    );
    assert_eq!(entity(&list, "48060").names.len(), 2);
}

#[test]
fn empty_primary_file_is_an_error() {
    let err = parse_csv(&[fixture("us-ofac-sdn", "empty_sdn.csv")]).unwrap_err();
    assert!(matches!(err, ParseError::Empty { .. }), "{err:?}");
    let err = parse_files(
        &[fixture("us-ofac-sdn", "empty_sdn.csv")],
        &ParseOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ParseError::Empty { .. }), "{err:?}");
}

#[test]
fn set_without_primary_file_is_an_error() {
    let err = parse_csv(&[fixture("us-ofac-sdn", "alt.csv")]).unwrap_err();
    assert!(matches!(err, ParseError::FileSet { .. }), "{err:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let f = InputFile::new("sdn.csv", bytes);
        let fmt = format_by_id("us-ofac-csv").unwrap();
        let _ = fmt.sniff(&f);
        let _ = fmt.parse(&[f], &ParseOptions::default());
    }

    #[test]
    fn mutated_fixture_never_panics(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = fixture("us-ofac-sdn", "sdn.csv").bytes;
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        let alt = fixture("us-ofac-sdn", "alt.csv");
        let fmt = format_by_id("us-ofac-csv").unwrap();
        let f = InputFile::new("sdn.csv", bytes);
        let _ = fmt.sniff(&f);
        if let Ok(list) = fmt.parse(&[f, alt], &ParseOptions::default()) {
            prop_assert_eq!(list.entities.len() <= list.record_count, true);
        }
    }
}

// Real lists.

#[test]
fn real_2024_03_05_dilian_field_by_field() {
    let Some(sdn) = data("us-ofac-sdn/history/2024-03-05/sdn.csv") else {
        return;
    };
    let list = parse_csv(&[sdn]).unwrap();
    let tal = entity(&list, "48060");
    assert_eq!(tal.id.as_str(), "us-ofac-sdn:48060");
    assert_eq!(tal.schema, Schema::Person);
    assert_eq!(tal.primary_name(), Some("DILIAN, Tal Jonathan"));
    assert_eq!(tal.birth_dates.len(), 1);
    assert_eq!(tal.birth_dates[0].to_string(), "1961-08-21");
    assert_eq!(tal.birth_places[0].text, "Israel");
    assert_eq!(tal.birth_places[0].country, Some(cc("IL")));
    assert_eq!(tal.nationalities, [cc("IL")]);
    assert_eq!(tal.citizenships, [cc("IL"), cc("MT")]);
    assert_eq!(tal.gender, Some(Gender::Male));
    let passport = tal
        .identifiers
        .iter()
        .find(|i| i.kind == IdentifierKind::Passport)
        .unwrap();
    assert_eq!(passport.value, "22540627");
    assert_eq!(passport.country, Some(cc("IL")));
    let national: Vec<&str> = tal
        .identifiers
        .iter()
        .filter(|i| i.kind == IdentifierKind::NationalId)
        .map(|i| i.value.as_str())
        .collect();
    assert_eq!(national, ["57053795", "057053795"]);
    assert!(
        tal.programs.iter().any(|p| p == "CYBER2"),
        "{:?}",
        tal.programs
    );
    assert!(tal.remarks.is_empty(), "{:?}", tal.remarks);
}

#[test]
fn real_2024_07_02_counts() {
    let Some(sdn) = data("us-ofac-sdn/history/2024-07-02/sdn.csv") else {
        return;
    };
    let list = parse_csv(&[sdn]).unwrap();
    assert_eq!(list.record_count, 15_443);
    assert_eq!(list.entities.len(), 15_443);
    let count = |s: Schema| list.entities.iter().filter(|e| e.schema == s).count();
    assert_eq!(count(Schema::Organization), 7_270);
    assert_eq!(count(Schema::Person), 6_927);
    assert_eq!(count(Schema::Vessel), 872);
    assert_eq!(count(Schema::Aircraft), 374);
    let max = list
        .entities
        .iter()
        .filter_map(|e| e.id.native().parse::<u32>().ok())
        .max();
    assert_eq!(max, Some(49_711));
    let imo = list
        .entities
        .iter()
        .filter(|e| e.identifiers.iter().any(|i| i.kind == IdentifierKind::Imo))
        .count();
    assert!(imo >= 865, "{imo} vessels with an IMO number");
}

#[test]
fn real_2021_04_25_set_attaches_strong_aliases() {
    let (Some(sdn), Some(alt), Some(add)) = (
        data("us-ofac-sdn/2021-04-25/sdn.csv"),
        data("us-ofac-sdn/2021-04-25/alt.csv"),
        data("us-ofac-sdn/2021-04-25/add.csv"),
    ) else {
        return;
    };
    let list = parse_files(&[alt, add, sdn], &ParseOptions::default()).unwrap();
    let strong = list
        .entities
        .iter()
        .flat_map(|e| &e.names[1..])
        .filter(|n| n.strength == NameStrength::Strong)
        .count();
    assert!(strong > 10_000, "{strong} strong aliases");
    let with_address = list
        .entities
        .iter()
        .filter(|e| !e.addresses.is_empty())
        .count();
    assert!(
        with_address > 5_000,
        "{with_address} entities with addresses"
    );
    eprintln!(
        "2021-04-25: {} entities, {strong} strong aliases, {} warnings",
        list.entities.len(),
        list.warnings.len()
    );
}

#[test]
fn real_2024_07_02_with_2026_alt_add_and_comments() {
    let (Some(sdn), Some(add), Some(alt), Some(comments)) = (
        data("us-ofac-sdn/history/2024-07-02/sdn.csv"),
        data("us-ofac-sdn/2026-06-02-add-alt-only/add.csv"),
        data("us-ofac-sdn/2026-06-02-add-alt-only/alt.csv"),
        data("us-ofac-sdn/2026-06-02-add-alt-only/sdn_comments_2025.csv"),
    ) else {
        return;
    };
    let list = parse_files(&[comments, alt, add, sdn], &ParseOptions::default()).unwrap();
    assert_eq!(list.record_count, 15_443);
    let e = entity(&list, "17018");
    let listing = &e.properties["Listing Date (EO 14024 Directive 2):"];
    assert!(
        listing.iter().any(|v| v.ends_with("24 Feb 2022")),
        "{listing:?}"
    );

    // ADD/ALT rows of entries listed after 2024-07-02: one warning per ent_num.
    let orphans = list
        .warnings
        .iter()
        .filter(|w| w.message.contains("no primary row"))
        .count();
    assert_eq!(orphans, 4_374);

    let weak = list
        .entities
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.is_weak())
        .count();
    assert!(weak > 3_700, "{weak} weak aliases");
    let links: Vec<_> = list
        .entities
        .iter()
        .flat_map(|e| &e.relationships)
        .collect();
    let resolved = links.iter().filter(|r| r.target.is_some()).count();
    assert!(links.len() >= 6_531, "{} links", links.len());
    assert!(
        resolved * 100 >= links.len() * 99,
        "{resolved}/{}",
        links.len()
    );
    eprintln!(
        "2024-07-02 + 2026-06: {} entities, {} warnings ({orphans} orphan ent_nums), {weak} weak \
         aliases, Linked To resolved {resolved}/{} ({:.2}%)",
        list.entities.len(),
        list.warnings.len(),
        links.len(),
        resolved as f64 * 100.0 / links.len() as f64
    );
}

#[test]
fn real_cons_2018_set() {
    let dir = "us-ofac-cons/2018-04-06_perchrh";
    let (Some(prim), Some(add), Some(alt), Some(comments)) = (
        data(&format!("{dir}/cons_prim.csv")),
        data(&format!("{dir}/cons_add.csv")),
        data(&format!("{dir}/cons_alt.csv")),
        data(&format!("{dir}/cons_comments.csv")),
    ) else {
        return;
    };
    assert!(comments.bytes.is_empty());
    let list = parse_files(&[prim, add, alt, comments], &ParseOptions::default()).unwrap();
    assert_eq!(list.source.as_str(), "us-ofac-cons");
    assert_eq!(list.entities.len(), list.record_count);
    let h = entity(&list, "9639");
    assert_eq!(h.primary_name(), Some("HANIYA, Ismail Abdul Salah"));
    assert_eq!(h.id.as_str(), "us-ofac-cons:9639");
    assert!(h.names.len() > 1);
    assert!(
        list.warnings.is_empty(),
        "{:?}",
        &list.warnings[..list.warnings.len().min(5)]
    );
}

#[test]
fn sniff_claims_ofac_csv_files_only() {
    let fmt = format_by_id("us-ofac-csv").unwrap();
    for rel in [
        "us-ofac-sdn/history/2024-07-02/sdn.csv",
        "us-ofac-sdn/2026-06-02-add-alt-only/add.csv",
        "us-ofac-sdn/2026-06-02-add-alt-only/alt.csv",
        "us-ofac-sdn/2026-06-02-add-alt-only/sdn_comments_2025.csv",
        "us-ofac-cons/2018-04-06_perchrh/cons_prim.csv",
        "us-ofac-cons/2018-04-06_perchrh/cons_comments.csv",
    ] {
        if let Some(f) = data(rel) {
            assert!(fmt.sniff(&f), "{rel} not recognised");
        }
    }
    for rel in [
        "us-ofac-cons/2018-04-06_perchrh/consolidated.xml",
        "us-ofac-cons/2018-04-06_perchrh/cons_dat_spec.txt",
        "us-bis-dpl/2018-08-17/dpl.txt",
        "eu-fsf/2024-10-02-csv-trimmed/upload-sanctioned-persons-valid.csv",
        "gb-hmt/2016-02-12-trimmed/ConList.csv",
        "us-state/2018/isn.csv",
        "us-trade-csl/2019-sample-csl.csv",
    ] {
        if let Some(f) = data(rel) {
            assert!(!fmt.sniff(&f), "{rel} claimed as OFAC CSV");
        }
    }
}
