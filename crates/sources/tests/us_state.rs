//! State Department ISN and ITAR debarred (DTC) CSVs of 2018.

use denylist_model::{NameKind, Schema};
use denylist_sources::{detect, format_by_id, InputFile, ParseOptions, ParsedList};
use proptest::prelude::*;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/lists/us-state/2018"
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

#[test]
fn isn_2018() {
    let list = parse(&format!("{DATA}/isn.csv"), "us-state-isn-csv");
    assert_eq!(list.record_count, 213);
    assert_eq!(list.entities.len(), 177);
    let khan = list
        .entities
        .iter()
        .find(|e| e.id.as_str() == "us-state-isn:92b89a352d4ba8a8")
        .expect("Khan");
    assert_eq!(khan.primary_name(), Some("Abdul Qadeer Khan"));
    assert_eq!(khan.schema, Schema::Person);
    // One row per program: three programs on one entity.
    assert_eq!(
        khan.programs,
        [
            "E.O. 13382",
            "Export-Import Bank Act",
            "Nuclear Proliferation Prevention Act"
        ]
    );
    assert_eq!(khan.listed_on.as_ref().unwrap().to_string(), "2009-01-09");
    assert_eq!(khan.remarks, ["Associated with the A.Q. Khan Network"]);
}

#[test]
fn dtc_2018() {
    let list = parse(
        &format!("{DATA}/itar_debarred_party_list_01242018.csv"),
        "us-state-dtc-csv",
    );
    assert_eq!(list.record_count, 515);
    assert_eq!(list.entities.len(), 511);
    let du = list
        .entities
        .iter()
        .find(|e| e.id.as_str() == "us-state-dtc:575656e3a7d3efde")
        .expect("Du");
    assert_eq!(du.primary_name(), Some("Du, Gia An"));
    assert_eq!(du.schema, Schema::Person);
    let names: Vec<_> = du.names.iter().map(|n| n.full.as_str()).collect();
    assert_eq!(
        names,
        ["Du, Gia An", "Anthony Huynh", "Simon Du", "Gia Simon Du"]
    );
    assert_eq!(du.names[1].kind, NameKind::Aka);
    assert_eq!(du.listed_on.as_ref().unwrap().to_string(), "2002-03-05");
    assert_eq!(du.properties["Notice"], ["67 FR 10033"]);
}

#[test]
fn warnings_name_the_line_of_a_crlf_file() {
    let text = "Source List,Programs,Name,Alternative Names,Country,Federal Register Notice,Effective Date,Remarks/Notes,Web Link\r\n\
                ISN,INPAA,Alpha Trading Co,,Iran,70 FR 1,1/2/2005,,\r\n\
                ISN,INPAA,Beta Person,,Iran,70 FR 1,Jan 2005,,\r\n\
                ISN,INPAA,cut row\r\n";
    let list = format_by_id("us-state-isn-csv")
        .unwrap()
        .parse(
            &[InputFile::new("isn.csv", text.as_bytes().to_vec())],
            &ParseOptions::default(),
        )
        .unwrap();
    let lines: Vec<_> = list.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [Some(3), Some(4)], "{:?}", list.warnings);
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        for id in ["us-state-isn-csv", "us-state-dtc-csv"] {
            let f = format_by_id(id).unwrap();
            let _ = f.parse(&[InputFile::new("x.csv", bytes.clone())], &ParseOptions::default());
        }
    }
}
