//! Helpers for the monitor tests: stores, list imports from files, customers.
#![allow(dead_code)]

pub mod names;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use denylist_model::{PartialDate, Schema};
use denylist_monitor::{ImportOrigin, Monitor, MonitorOptions};
use denylist_sources::{parse_files, InputFile, ParseOptions};
use denylist_store::{Alert, AlertFilter, Customer, ImportOutcome, ImportRequest, Store};

/// A fixture of this crate.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")).join(name)
}

/// A fresh store and a monitor over it.
pub async fn setup() -> (tempfile::TempDir, Store, Monitor) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let monitor = Monitor::new(store.clone(), MonitorOptions::default());
    (dir, store, monitor)
}

/// Imports one list file as a version published on `date`.
pub async fn import_list(store: &Store, path: &Path, date: &str) -> ImportOutcome {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let as_of = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let file = InputFile::new("sdn.csv", bytes.clone());
    let parsed = parse_files(
        &[file],
        &ParseOptions {
            source: None,
            as_of: Some(as_of),
        },
    )
    .unwrap();
    let request = ImportRequest::from_files(
        parsed.source,
        parsed.format,
        parsed.published.or(Some(as_of)),
        &[("sdn.csv", bytes.as_slice())],
        parsed.entities,
    );
    store.import(request).await.unwrap()
}

/// A person customer.
pub fn person(id: &str, name: &str, year: Option<i32>) -> Customer {
    let mut c = Customer::new(id, name);
    c.kind = Some(Schema::Person);
    c.birth_dates.extend(year.map(PartialDate::year));
    c
}

/// A company customer.
pub fn company(id: &str, name: &str) -> Customer {
    let mut c = Customer::new(id, name);
    c.kind = Some(Schema::Company);
    c
}

/// Customers from CSV rows, as the file reader makes them.
pub fn from_rows(rows: &[names::Row]) -> Vec<Customer> {
    rows.iter()
        .map(|r| {
            let mut c = Customer::new(r.id.clone(), r.name());
            c.kind = Schema::parse(r.kind);
            if let Ok(d) = r.dob.parse::<PartialDate>() {
                c.birth_dates.push(d);
            }
            if !r.country.is_empty() {
                c.countries.push(r.country.to_string());
            }
            c
        })
        .collect()
}

/// Registers customers.
pub async fn register(monitor: &Monitor, customers: Vec<Customer>) {
    monitor
        .import_customers(customers, ImportOrigin::default(), "loader")
        .await
        .unwrap();
}

/// All alerts.
pub async fn alerts(store: &Store) -> Vec<Alert> {
    store
        .monitor()
        .alerts(&AlertFilter::default())
        .await
        .unwrap()
}

/// The alert of a pair.
pub async fn alert(store: &Store, customer: &str, entity: &str) -> Alert {
    let found: Vec<Alert> = alerts(store)
        .await
        .into_iter()
        .filter(|a| a.customer_id == customer && a.entity_id.as_str() == entity)
        .collect();
    assert_eq!(found.len(), 1, "alert {customer} / {entity}: {found:?}");
    found.into_iter().next().unwrap()
}
