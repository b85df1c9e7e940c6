//! Canada SEMA XML: fixture and the 2025-05-25 list.

use denylist_model::{Entity, IdentifierKind, NameKind, NamePartKind, Schema};
use denylist_sources::{detect, format_by_id, InputFile, ParseError, ParseOptions, ParsedList};
use proptest::prelude::*;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/ca-sema/sema-lmes.xml"
);
const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/lists/ca-sema/2025-05-25/sema-lems.xml"
);

fn load(path: &str) -> InputFile {
    InputFile::new(
        path,
        std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}")),
    )
}

fn parse(path: &str) -> ParsedList {
    let file = load(path);
    let format = detect(std::slice::from_ref(&file)).expect("detected");
    assert_eq!(format.id(), "ca-sema-xml");
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
fn fixture_maps_every_element() {
    let list = parse(FIXTURE);
    assert_eq!(list.source.as_str(), "ca-sema");
    assert_eq!(list.record_count, 5);
    // The last record repeats (Venezuela, -, 5): a warning.
    assert_eq!(list.entities.len(), 4);
    assert!(list
        .warnings
        .iter()
        .any(|w| w.message.contains("duplicate") && w.line == Some(40)));
    assert!(list
        .warnings
        .iter()
        .any(|w| w.message.contains("Sep-99") && w.line == Some(31)));

    let nik = get(&list, "ca-sema:belarus_1-part-1_120");
    assert_eq!(nik.schema, Schema::Person);
    assert_eq!(
        nik.primary_name(),
        Some("Nikolai Aleksandrovich LUKASHENKO")
    );
    assert_eq!(nik.names[0].part(NamePartKind::Family), Some("LUKASHENKO"));
    assert_eq!(
        nik.names[0].part(NamePartKind::Given),
        Some("Nikolai Aleksandrovich")
    );
    assert_eq!(nik.names.len(), 6);
    assert_eq!(nik.names[3].full, "Мікалай Аляксандравіч Лукашэнка");
    assert_eq!(nik.names[3].kind, NameKind::OriginalScript);
    assert_eq!(nik.names[3].lang.as_deref(), Some("be"));
    assert_eq!(nik.birth_dates[0].to_string(), "2004-08-31");
    assert_eq!(nik.programs, ["Belarus / Bélarus"]);
    assert_eq!(nik.properties["Schedule"], ["1, Part 1"]);
    assert_eq!(nik.listed_on.as_ref().unwrap().to_string(), "2024-08-08");

    let ship = get(&list, "ca-sema:russia_1.1_1");
    assert_eq!(ship.schema, Schema::Vessel);
    assert_eq!(ship.primary_name(), Some("Balitiyskiy III"));
    let v = ship.vessel.as_ref().unwrap();
    assert_eq!(
        v.vessel_type.as_deref(),
        Some("General Cargo / Multi Purpose")
    );
    assert_eq!(v.build_year.as_deref(), Some("1980"));
    assert_eq!(ship.identifiers[0].kind, IdentifierKind::Imo);
    assert_eq!(ship.identifiers[0].value, "7612448");
    assert!(ship.birth_dates.is_empty());

    let org = get(&list, "ca-sema:russia_1-part-2_77");
    assert_eq!(org.schema, Schema::Organization);
    assert_eq!(org.primary_name(), Some("Smith & Sons Trading LLC"));
    assert_eq!(org.names[1].full, "ООО \"ТРАНСОЙЛ\"");
    assert_eq!(org.names[1].script.as_deref(), Some("Cyrl"));

    let perez = get(&list, "ca-sema:venezuela_5");
    assert_eq!(perez.titles, ["Brigadier"]);
    assert_eq!(perez.programs, ["Venezuela"]);
    assert!(perez.birth_dates.is_empty());
    assert_eq!(perez.remarks, ["Date of birth: Sep-99"]);
}

#[test]
fn truncated_xml_is_an_error() {
    let mut file = load(FIXTURE);
    file.bytes.truncate(file.bytes.len() - 200);
    let err = format_by_id("ca-sema-xml")
        .unwrap()
        .parse(&[file], &ParseOptions::default())
        .unwrap_err();
    assert!(
        matches!(
            err,
            ParseError::Truncated { .. } | ParseError::Syntax { .. }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("sema-lmes.xml"), "{err}");
}

#[test]
fn real_list_2025() {
    let list = parse(DATA);
    assert_eq!(list.record_count, 4759);
    assert_eq!(
        list.entities.len(),
        4759,
        "{:?}",
        &list.warnings[..list.warnings.len().min(5)]
    );
    let persons = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .count();
    let ships = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Vessel)
        .count();
    assert_eq!(persons, 3334);
    assert_eq!(ships, 109);

    let nik = get(&list, "ca-sema:belarus_1-part-1_120");
    assert_eq!(
        nik.primary_name(),
        Some("Nikolai Aleksandrovich LUKASHENKO")
    );
    assert_eq!(nik.names.len(), 6);
    let maduro = get(&list, "ca-sema:jvcfor_1");
    assert_eq!(maduro.primary_name(), Some("Nicolás MADURO MOROS"));
    assert_eq!(maduro.listed_on.as_ref().unwrap().to_string(), "2017-11-03");
    let ship = get(&list, "ca-sema:russia_1.1_1");
    assert_eq!(ship.identifiers[0].value, "7612448");
    let dagalo = get(&list, "ca-sema:sudan_part-1_1");
    assert_eq!(dagalo.birth_dates[0].to_string(), "circa 1970 to 1973");
    assert!(dagalo.names.iter().any(|n| n.full == "عبدالرحيم دقلو"));
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let f = format_by_id("ca-sema-xml").unwrap();
        let _ = f.parse(&[InputFile::new("x.xml", bytes)], &ParseOptions::default());
    }

    #[test]
    fn random_records_never_panic(body in "[ -~<>/&;\n]{0,400}") {
        let text = format!("<data-set><record><Country>A</Country><Item>1</Item>{body}</record></data-set>");
        let f = format_by_id("ca-sema-xml").unwrap();
        let _ = f.parse(&[InputFile::new("x.xml", text.into_bytes())], &ParseOptions::default());
    }
}
