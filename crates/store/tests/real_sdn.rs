//! Two real consecutive SDN files (2024-03-04, 2024-03-05) through the
//! store: version ids, shared revisions and the Intellexa/Cytrox additions.

mod common;

use std::path::PathBuf;

use chrono::NaiveDate;
use common::*;
use denylist_sources::{format_by_id, InputFile, ParseOptions};
use denylist_store::ImportRequest;
use sha2::{Digest, Sha256};

fn sdn_csv(date: NaiveDate) -> (Vec<u8>, ImportRequest) {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        .join("lists/us-ofac-sdn/history")
        .join(date.to_string())
        .join("sdn.csv");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let options = ParseOptions {
        as_of: Some(date),
        ..ParseOptions::default()
    };
    let parsed = format_by_id("us-ofac-csv")
        .unwrap()
        .parse(&[InputFile::new("sdn.csv", bytes.clone())], &options)
        .unwrap();
    let request = ImportRequest::from_files(
        parsed.source,
        parsed.format,
        parsed.published.or(Some(date)),
        &[("sdn.csv", &bytes)],
        parsed.entities,
    );
    (bytes, request)
}

#[tokio::test]
async fn real_sdn_days_share_revisions_and_diff() {
    let (bytes, day4) = sdn_csv(day(2024, 3, 4));
    let (_, day5) = sdn_csv(day(2024, 3, 5));
    let (dir, store) = temp_store().await;

    let first = store.import(day4).await.unwrap();
    // The version id is what `sha256sum sdn.csv` prints.
    assert_eq!(
        first.version.id.as_str(),
        hex::encode(Sha256::digest(&bytes))
    );
    let second = store.import(day5).await.unwrap();
    let total = second.version.entity_count as usize;
    assert!(total > 14_000, "{total}");
    assert!(second.new_revisions < 50, "{}", second.new_revisions);
    assert_eq!(second.new_revisions + second.reused_revisions, total);

    let diff = store.diff(&sdn(), None, None).await.unwrap();
    let added: Vec<&str> = diff.added.iter().map(|e| e.id.as_str()).collect();
    for id in [
        "us-ofac-sdn:48059",
        "us-ofac-sdn:48060",
        "us-ofac-sdn:48067",
    ] {
        assert!(added.contains(&id), "{id} not in {added:?}");
    }
    let tal = store
        .entity(&"us-ofac-sdn:48060".parse().unwrap(), None)
        .await
        .unwrap();
    assert_eq!(tal.entity.primary_name(), Some("DILIAN, Tal Jonathan"));
    assert_eq!(tal.history.first_seen.published, Some(day(2024, 3, 5)));
    assert_eq!(tal.history.versions_seen, 1);

    store.close().await;
    let size: u64 = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    assert!(size < 20 << 20, "{size} bytes for two versions");
}
