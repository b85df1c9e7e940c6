//! FCDO UK Sanctions List CSV: a hand-written fixture in the published
//! layout (title line, header, one row per name), and the same designations
//! read from the XML fixture and from an ODS written from the CSV rows.

use std::io::{Cursor, Write};

use denylist_model::{Gender, IdentifierKind, NameKind, NamePartKind, NameStrength, Schema};
use denylist_sources::{detect, format_by_id, InputFile, ParseOptions, ParsedList};
use proptest::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gb-fcdo");

fn fixture(name: &str) -> InputFile {
    let path = format!("{FIXTURES}/{name}");
    InputFile::new(name, std::fs::read(&path).expect(&path))
}

fn parse(file: InputFile) -> (&'static str, ParsedList) {
    let format = detect(std::slice::from_ref(&file)).expect("detected");
    let list = format
        .parse(&[file], &ParseOptions::default())
        .expect("parsed");
    (format.id(), list)
}

#[test]
fn csv_fixture_maps_every_column() {
    let (format, list) = parse(fixture("UK-Sanctions-List.csv"));
    assert_eq!(format, "gb-fcdo-csv");
    assert_eq!(list.source.as_str(), "gb-fcdo");
    assert_eq!(list.published.unwrap().to_string(), "2026-09-23");
    assert_eq!(list.record_count, 6, "one row per name");
    assert_eq!(list.entities.len(), 3);
    // RUS0001's Date Designated is not a date: a warning at its row.
    assert_eq!(list.warnings.len(), 1, "{:?}", list.warnings);
    assert_eq!(list.warnings[0].line, Some(8), "{:?}", list.warnings);
    assert!(list.warnings[0].message.contains("2022-13-01"));

    let e = &list.entities[0];
    assert_eq!(e.id.as_str(), "gb-fcdo:AFG0011");
    assert_eq!(e.schema, Schema::Person);
    let names: Vec<_> = e
        .names
        .iter()
        .map(|n| (n.full.as_str(), n.kind, n.strength))
        .collect();
    assert_eq!(
        names,
        [
            (
                "Abdul Latif MANSUR",
                NameKind::Primary,
                NameStrength::Strong
            ),
            (
                "Abdul Latif MANSOOR",
                NameKind::Variation,
                NameStrength::Strong
            ),
            ("Wali Mohammad", NameKind::Aka, NameStrength::Strong),
            ("Mullah Latif", NameKind::Aka, NameStrength::Weak),
            (
                "عبد اللطیف منصور",
                NameKind::OriginalScript,
                NameStrength::Unknown
            ),
        ]
    );
    let parts: Vec<_> = e.names[0]
        .parts
        .iter()
        .map(|p| (p.kind, p.value.as_str()))
        .collect();
    assert_eq!(
        parts,
        [
            (NamePartKind::Given, "Abdul"),
            (NamePartKind::Middle, "Latif"),
            (NamePartKind::Family, "MANSUR")
        ]
    );
    assert_eq!(e.names[4].script.as_deref(), Some("Arab"));
    assert_eq!(e.names[4].lang.as_deref(), Some("fa"));
    let dobs: Vec<_> = e.birth_dates.iter().map(|d| d.to_string()).collect();
    assert_eq!(dobs, ["1968", "1958-09", "1967-11-12"]);
    assert_eq!(e.gender, Some(Gender::Male));
    assert_eq!(e.titles, ["Maulavi", "Minister of Agriculture"]);
    assert_eq!(e.nationalities.len(), 1);
    assert_eq!(e.nationalities[0].as_str(), "AF");
    assert_eq!(e.birth_places[0].text, "Zurmat, Afghanistan");
    let ids: Vec<_> = e
        .identifiers
        .iter()
        .map(|i| (i.kind, i.value.as_str(), i.note.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            (IdentifierKind::Passport, "OA34823", Some("Afghan passport")),
            (IdentifierKind::NationalId, "57495", Some("Tazkira")),
        ]
    );
    assert_eq!(e.addresses.len(), 1);
    assert_eq!(
        e.addresses[0].street,
        ["Shega District", "Kandahar Province"]
    );
    assert_eq!(e.addresses[0].country.unwrap().as_str(), "AF");
    assert_eq!(e.programs, ["Afghanistan"]);
    assert_eq!(e.listed_on.as_ref().unwrap().to_string(), "2001-02-23");
    assert_eq!(e.properties["OFSI Group ID"], ["7270"]);
    assert_eq!(e.properties["UN Reference Number"], ["TAi.001"]);
    assert_eq!(e.properties["Designation source"], ["UN"]);
    assert_eq!(e.properties["Last Updated"], ["01/02/2022"]);
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
    let ids: Vec<_> = ship
        .identifiers
        .iter()
        .map(|i| (i.kind, i.value.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            (IdentifierKind::Imo, "7408873"),
            (IdentifierKind::Other, "KPA-0100-HIN")
        ]
    );
    let v = ship.vessel.as_ref().unwrap();
    assert_eq!(v.vessel_type.as_deref(), Some("Oil tanker"));
    assert_eq!(v.flag.unwrap().as_str(), "KP");
    assert_eq!(v.owner.as_deref(), Some("Korea Samjong Shipping"));
    assert_eq!(v.tonnage.as_deref(), Some("1676"));
    assert_eq!(v.build_year.as_deref(), Some("1975"));
    assert_eq!(ship.properties["Previous flags"], ["Tuvalu"]);
    assert_eq!(
        ship.properties["Previous owner/operator"],
        ["Sea Star Maritime"]
    );
    assert_eq!(ship.properties["Length of ship"], ["86"]);
    assert_eq!(ship.listed_on.as_ref().unwrap().to_string(), "2018-03-30");

    let org = &list.entities[2];
    assert_eq!(org.id.as_str(), "gb-fcdo:RUS0001");
    assert_eq!(org.schema, Schema::Organization);
    assert_eq!(org.names[0].parts[0].kind, NamePartKind::Whole);
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

/// An ODS spreadsheet whose first table holds `rows`, as LibreOffice
/// writes it (mimetype first and stored, `content.xml` with the table).
fn ods(rows: &[Vec<String>]) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        "\n",
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">"#,
        "<office:body><office:spreadsheet><table:table table:name=\"UK Sanctions List\">\n"
    ));
    for row in rows {
        xml.push_str("<table:table-row>");
        for cell in row {
            if cell.is_empty() {
                xml.push_str("<table:table-cell/>");
            } else {
                xml.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                    esc(cell)
                ));
            }
        }
        xml.push_str("</table:table-row>\n");
    }
    xml.push_str("</table:table></office:spreadsheet></office:body></office:document-content>\n");
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// The records of a CSV file (title line included), as cells.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_ods_and_xml_give_the_same_entities() {
    let csv_file = fixture("UK-Sanctions-List.csv");
    let ods_file = InputFile::new("UK-Sanctions-List.ods", ods(&csv_rows(&csv_file.bytes)));
    let (csv_format, from_csv) = parse(csv_file);
    let (ods_format, from_ods) = parse(ods_file);
    let (xml_format, from_xml) = parse(fixture("UK-Sanctions-List.xml"));
    assert_eq!(
        (csv_format, ods_format, xml_format),
        ("gb-fcdo-csv", "gb-fcdo-ods", "gb-fcdo-xml")
    );
    assert_eq!(from_csv.entities.len(), 3);
    for (c, x) in from_csv.entities.iter().zip(&from_xml.entities) {
        assert_eq!(c, x, "CSV and XML differ for {}", c.id);
    }
    assert_eq!(from_csv.entities, from_xml.entities);
    assert_eq!(from_csv.entities, from_ods.entities);
    assert_eq!(from_ods.published, from_csv.published);
    assert_eq!(from_xml.published, from_csv.published);
}

#[test]
fn older_type_header_and_no_title_line() {
    let text = "Unique ID,Name 6,Name 1,Name type,Individual, Entity, Ship,Regime Name\n\
                GHR0001,DOE,Jon,Primary Name,Individual,Global Human Rights\n\
                ,NOBODY,,Alias,Individual,Russia\n";
    // "Individual, Entity, Ship" is one quoted header in the real files.
    let text = text.replace("Individual, Entity, Ship", "\"Individual, Entity, Ship\"");
    let file = InputFile::new("uk.csv", text.into_bytes());
    let (format, list) = parse(file);
    assert_eq!(format, "gb-fcdo-csv");
    assert!(list.published.is_none());
    assert_eq!(list.entities.len(), 1);
    assert_eq!(list.entities[0].schema, Schema::Person);
    assert_eq!(list.entities[0].primary_name(), Some("Jon DOE"));
    assert_eq!(list.warnings.len(), 1);
    assert_eq!(list.warnings[0].line, Some(3));
    assert!(list.warnings[0].message.contains("no Unique ID"));
}

#[test]
fn a_file_without_unique_id_column_is_an_error() {
    let f = format_by_id("gb-fcdo-csv").unwrap();
    let err = f
        .parse(
            &[InputFile::new(
                "uk.csv",
                b"Name 6,Name 1\nDOE,Jon\n".to_vec(),
            )],
            &ParseOptions::default(),
        )
        .unwrap_err();
    assert!(err.to_string().starts_with("uk.csv:1:"), "{err}");
    let err = f
        .parse(
            &[InputFile::new("uk.csv", Vec::new())],
            &ParseOptions::default(),
        )
        .unwrap_err();
    assert_eq!(err.to_string(), "uk.csv: file is empty");
}

#[test]
fn sniffer_wants_a_unique_id_header() {
    let f = format_by_id("gb-fcdo-csv").unwrap();
    assert!(f.sniff(&fixture("UK-Sanctions-List.csv")));
    assert!(!f.sniff(&InputFile::new(
        "ConList.csv",
        b"Last Updated,13/04/2018\nName 6,Name 1,Group ID\n".to_vec()
    )));
    assert!(!f.sniff(&fixture("UK-Sanctions-List.xml")));
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let f = format_by_id("gb-fcdo-csv").unwrap();
        let _ = f.parse(&[InputFile::new("UK-Sanctions-List.csv", bytes)], &ParseOptions::default());
    }

    #[test]
    fn random_rows_never_panic(body in "[ -~\"\n,]{0,600}") {
        let text = format!("Report Date: 01-Jan-2026\nUnique ID,Name 6,Name type,D.O.B,Date Designated\n{body}");
        let f = format_by_id("gb-fcdo-csv").unwrap();
        let _ = f.parse(&[InputFile::new("uk.csv", text.into_bytes())], &ParseOptions::default());
    }

    /// A designation written as rows (one per name) reads back with its id,
    /// names in order, date of birth and regime.
    #[test]
    fn generated_designation_round_trips(
        id in "[A-Z]{3}[0-9]{4}",
        names in proptest::collection::vec("[A-Z][a-z]{1,8} [A-Z]{2,10}", 1..4),
        (y, m, d) in (1930i32..2005, 1u32..13, 1u32..29),
        regime in "[A-Z][a-z]{3,12}",
    ) {
        let mut text = String::from("Report Date: 01-Jan-2026\nUnique ID,Name 6,Name type,D.O.B,Regime Name,Designation Type\n");
        let mut unique = names.clone();
        unique.dedup();
        for (i, n) in unique.iter().enumerate() {
            let kind = if i == 0 { "Primary Name" } else { "Alias" };
            text.push_str(&format!("{id},{n},{kind},{d:02}/{m:02}/{y},{regime},Individual\n"));
        }
        let list = format_by_id("gb-fcdo-csv").unwrap()
            .parse(&[InputFile::new("uk.csv", text.into_bytes())], &ParseOptions::default())
            .unwrap();
        prop_assert_eq!(list.entities.len(), 1);
        let e = &list.entities[0];
        prop_assert_eq!(e.id.as_str(), format!("gb-fcdo:{id}"));
        let got: Vec<&str> = e.names.iter().map(|n| n.full.as_str()).collect();
        let want: Vec<&str> = unique.iter().map(String::as_str).collect();
        prop_assert_eq!(got, want);
        prop_assert_eq!(e.birth_dates[0].to_string(), format!("{y}-{m:02}-{d:02}"));
        prop_assert_eq!(&e.programs, &vec![regime]);
    }
}
