//! Shared helpers for the matching integration tests: locating the shared
//! data and loading the dev-set lists through the real parsers.

#![allow(dead_code)]

use std::path::PathBuf;

use denylist_model::Entity;
use denylist_sources::{format_by_id, InputFile, ParseOptions};

/// `../shared/data` beside the repository (CI clones it there too).
pub fn shared_data() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
}

/// The dev set directory, when present.
pub fn dev_dir() -> Option<PathBuf> {
    let d = shared_data().join("eval/dev");
    d.join("queries.jsonl").exists().then_some(d)
}

fn read(path: PathBuf) -> InputFile {
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    InputFile::new(path.display().to_string(), bytes)
}

/// The OFAC SDN (legacy CSV) and UN lists the dev queries were made from.
pub fn dev_entities(dev: &std::path::Path) -> Vec<Entity> {
    let ofac = dev.join("lists/ofac");
    // The formats are named rather than sniffed: these are known files.
    let parse = |format: &str, files: &[InputFile]| {
        format_by_id(format)
            .and_then(|f| f.parse(files, &ParseOptions::default()))
            .unwrap_or_else(|e| {
                let known: Vec<&str> = denylist_sources::registry()
                    .iter()
                    .map(|f| f.id())
                    .collect();
                panic!("{format}: {e} (registry: {known:?})")
            })
    };
    let sdn = parse(
        "us-ofac-csv",
        &[
            read(ofac.join("sdn.csv")),
            read(ofac.join("alt.csv")),
            read(ofac.join("add.csv")),
        ],
    );
    let un = parse(
        "un-sc-xml",
        &[read(dev.join("lists/un/consolidated_no_script.xml"))],
    );
    let mut all = sdn.entities;
    all.extend(un.entities);
    all
}
