//! Helpers shared by the store's integration tests.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, Utc};
use denylist_model::{Entity, FuzzyDate, Name, PartialDate, Schema, SourceId, VersionId};
use denylist_store::{sha256, version_id_for, ImportRequest, Store};

/// `us-ofac-sdn`.
pub fn sdn() -> SourceId {
    "us-ofac-sdn".parse().unwrap()
}

/// A person with an OFAC SDN id, a primary name and a program.
pub fn person(native: &str, name: &str) -> Entity {
    let mut e = Entity::new(
        format!("us-ofac-sdn:{native}").parse().unwrap(),
        Schema::Person,
    );
    e.names.push(Name::primary(name));
    e.programs.push("SDGT".into());
    e
}

/// A birth date.
pub fn born(y: i32, m: u8, d: u8) -> FuzzyDate {
    FuzzyDate::on(PartialDate::day(y, m, d).unwrap())
}

/// A date.
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A request for `entities`, as if read from an `sdn.csv` whose bytes are
/// `file` (so its version id is `sha256(file)`).
pub fn request(file: &str, published: NaiveDate, entities: Vec<Entity>) -> ImportRequest {
    let mut r = ImportRequest::from_files(
        sdn(),
        "us-ofac-csv",
        Some(published),
        &[("sdn.csv", file.as_bytes())],
        entities,
    );
    // Distinct, ordered import times make the tests independent of the clock.
    r.imported_at = Some(DateTime::<Utc>::from_naive_utc_and_offset(
        published.and_hms_opt(12, 0, 0).unwrap(),
        Utc,
    ));
    r
}

/// The version id of `sdn.csv` with these bytes.
pub fn version_of(file: &str) -> VersionId {
    version_id_for(&[sha256(file.as_bytes())])
}

/// A fresh store in a temporary directory.
pub async fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    (dir, store)
}

/// Runs a future on a fresh current-thread runtime.
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}
