//! Every official list file in `../shared/data/lists` is recognised by
//! auto-detection and imports, as the source it belongs to.
//!
//! The table below names each file (or file set) with its expected source.
//! A second test walks the folder so that a new file there must be added to
//! the table or to the short list of files that are not lists (schemas,
//! specifications, index files, cut fragments).

use std::path::{Path, PathBuf};

use denylist_sources::{detect, parse_files, InputFile, ParseOptions};

fn lists_dir() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/lists"
    ))
    .to_path_buf()
}

/// (files of one version, expected source id, may hold no entity).
const SETS: &[(&[&str], &str, bool)] = &[
    (
        &["au-dfat/2024-11-11/regulation8_consolidated.xlsx"],
        "au-dfat",
        false,
    ),
    (&["ca-sema/2025-05-25/sema-lems.xml"], "ca-sema", false),
    (&["ch-seco/example/seco.xml"], "ch-seco", false),
    (
        &["eu-fsf/2016-02-11-legacy-xml-trimmed/EU_data.xml"],
        "eu-fsf",
        false,
    ),
    (
        &["eu-fsf/2018-07-04-legacy-csv-trimmed/EUSanctionsShort.csv"],
        "eu-fsf",
        false,
    ),
    (
        &["eu-fsf/2024-10-02-csv-trimmed/upload-sanctioned-persons-valid.csv"],
        "eu-fsf",
        false,
    ),
    (
        &["gb-fcdo/2025-08-11/UK_Sanctions_List.ods"],
        "gb-fcdo",
        false,
    ),
    (&["gb-hmt/2016-02-12-trimmed/ConList.csv"], "gb-hmt", false),
    (&["gb-hmt/2018-04-13/ConList.csv"], "gb-hmt", false),
    (&["gb-hmt/2025-04-10-xlsx/ConList.xlsx"], "gb-hmt", false),
    (
        &["opensanctions-ftm/parteispenden/entities.ftm.json"],
        "opensanctions",
        false,
    ),
    (
        &["opensanctions-ftm/t1/entities.ftm.json"],
        "opensanctions",
        false,
    ),
    (
        &["opensanctions-ftm/zala/entities.ftm.json"],
        "opensanctions",
        false,
    ),
    (
        &["opensanctions-ftm/t2/20240527134702-zbn/entities.delta.json"],
        "opensanctions",
        true,
    ),
    (
        &["opensanctions-ftm/t2/20240527194702-wnk/entities.delta.json"],
        "opensanctions",
        false,
    ),
    (
        &["opensanctions-ftm/t2/20240528014702-pfh/entities.delta.json"],
        "opensanctions",
        false,
    ),
    // A delta that only deletes: no entity to upsert.
    (
        &["opensanctions-ftm/t2/20240528074703-npf/entities.delta.json"],
        "opensanctions",
        true,
    ),
    (
        &["opensanctions-ftm/t2/20240528134729-3iv/entities.delta.json"],
        "opensanctions",
        false,
    ),
    (&["un-sc/2024-11-30/consolidated.xml"], "un-sc", false),
    (&["un-sc/2025-04-19/consolidated.xml"], "un-sc", false),
    (&["un-sc/2025-11-20/consolidated.xml"], "un-sc", false),
    (&["us-bis-dpl/2018-08-17/dpl.txt"], "us-bis-dpl", false),
    (&["us-bis-dpl/2019-06-dpl.txt"], "us-bis-dpl", false),
    (
        &[
            "us-ofac-cons/2018-04-06_perchrh/cons_prim.csv",
            "us-ofac-cons/2018-04-06_perchrh/cons_add.csv",
            "us-ofac-cons/2018-04-06_perchrh/cons_alt.csv",
            "us-ofac-cons/2018-04-06_perchrh/cons_comments.csv",
        ],
        "us-ofac-cons",
        false,
    ),
    (
        &["us-ofac-cons/2018-04-06_perchrh/consolidated.xml"],
        "us-ofac-cons",
        false,
    ),
    (
        &["us-ofac-cons/2020-03-17_radwo/cons_advanced.xml"],
        "us-ofac-cons",
        false,
    ),
    (
        &["us-ofac-cons/2025-03-28_kebalkhadka/consolidated.xml"],
        "us-ofac-cons",
        false,
    ),
    (
        &["us-ofac-cons/2026-01-08/consolidated.xml"],
        "us-ofac-cons",
        false,
    ),
    (
        &["us-ofac-cons/enhanced-2024-07-03/cons_enhanced.xml"],
        "us-ofac-cons",
        false,
    ),
    (
        &["us-ofac-cons/enhanced-2026-01-08/cons_enhanced.xml"],
        "us-ofac-cons",
        false,
    ),
    (
        &[
            "us-ofac-sdn/2021-04-25/sdn.csv",
            "us-ofac-sdn/2021-04-25/add.csv",
            "us-ofac-sdn/2021-04-25/alt.csv",
        ],
        "us-ofac-sdn",
        false,
    ),
    // The 2026-06 ADD/ALT/COMMENTS files have no sdn.csv of their own: they
    // are read with the newest sdn.csv here, as the foundation issue asks.
    (
        &[
            "us-ofac-sdn/history/2024-07-02/sdn.csv",
            "us-ofac-sdn/2026-06-02-add-alt-only/add.csv",
            "us-ofac-sdn/2026-06-02-add-alt-only/alt.csv",
            "us-ofac-sdn/2026-06-02-add-alt-only/sdn_comments_2025.csv",
        ],
        "us-ofac-sdn",
        false,
    ),
    (
        &["us-ofac-sdn/history/2023-07-11/sdn.csv"],
        "us-ofac-sdn",
        false,
    ),
    (
        &["us-ofac-sdn/history/2023-10-03/sdn.csv"],
        "us-ofac-sdn",
        false,
    ),
    (
        &["us-ofac-sdn/history/2024-01-11/sdn.csv"],
        "us-ofac-sdn",
        false,
    ),
    (
        &["us-ofac-sdn/history/2024-03-04/sdn.csv"],
        "us-ofac-sdn",
        false,
    ),
    (
        &["us-ofac-sdn/history/2024-03-05/sdn.csv"],
        "us-ofac-sdn",
        false,
    ),
    (
        &["us-ofac-sdn/history/2024-07-02/sdn.csv"],
        "us-ofac-sdn",
        false,
    ),
    (&["us-state/2018/isn.csv"], "us-state-isn", false),
    (
        &["us-state/2018/itar_debarred_party_list_01242018.csv"],
        "us-state-dtc",
        false,
    ),
    (
        &["us-trade-csl/2016-01-partial/BIS_data.csv"],
        "us-trade-csl",
        false,
    ),
    (&["us-trade-csl/2019-sample-csl.csv"], "us-trade-csl", false),
    (
        &["us-trade-csl/2023-11-30-subset/consolidated_subset.csv"],
        "us-trade-csl",
        false,
    ),
    (
        &["us-trade-csl/sample-consolidated.csv"],
        "us-trade-csl",
        false,
    ),
];

/// Files under `lists/` that are not list versions on their own.
fn is_not_a_list(rel: &str) -> bool {
    rel == "SOURCES.tsv"
        || rel.starts_with("schemas/")
        || rel.ends_with(".xsd")
        || rel.ends_with("_spec.txt")
        || rel.ends_with("VERSIONS.tsv")
        // Many versions in one archive: `denylist import --history`.
        || rel.ends_with(".tar.xz")
        // OpenSanctions index files (dataset catalogue, delta version index).
        || rel.ends_with("/index.json")
        || rel.ends_with("/delta.json")
        // Single elements cut out of SDN_ADVANCED.XML, with no root element.
        || rel.contains("advanced-fragments")
}

fn read(rel: &str) -> InputFile {
    let path = lists_dir().join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    InputFile::new(rel, bytes)
}

#[test]
fn every_shared_list_file_is_detected_and_imports() {
    for (files, source, may_be_empty) in SETS {
        let inputs: Vec<InputFile> = files.iter().map(|f| read(f)).collect();
        let format = detect(&inputs).unwrap_or_else(|e| panic!("{files:?}: {e}"));
        let list = parse_files(&inputs, &ParseOptions::default())
            .unwrap_or_else(|e| panic!("{files:?} ({}): {e}", format.id()));
        assert_eq!(
            list.source.as_str(),
            *source,
            "{files:?} read by {}",
            format.id()
        );
        if !may_be_empty {
            assert!(!list.entities.is_empty(), "{files:?}: no entity");
        }
        for e in &list.entities {
            assert_eq!(e.id.source_str(), *source, "{files:?}: {}", e.id);
            assert!(!e.names.is_empty(), "{files:?}: {} has no name", e.id);
        }
    }
}

#[test]
fn the_table_covers_every_file_of_the_shared_lists() {
    let root = lists_dir();
    let mut stack = vec![root.clone()];
    let mut missing = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read shared lists dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(&root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/");
            let listed = SETS
                .iter()
                .any(|(files, _, _)| files.contains(&rel.as_str()));
            if !listed && !is_not_a_list(&rel) {
                missing.push(rel);
            }
        }
    }
    assert!(missing.is_empty(), "list files not covered: {missing:?}");
}
