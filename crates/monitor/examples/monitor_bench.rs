//! Monitoring benchmark driver (called by `bench/monitor/run.sh`).
//!
//! ```text
//! monitor_bench gen <rows> <out.csv>   customer CSV: census names, NASDAQ companies, the five of 2024-03-05
//! monitor_bench delta <rows>           registry of <rows> customers; SDN 2024-03-04 then the 2024-03-04 -> 2024-03-05 delta
//! monitor_bench load <data dir>        time paging through the registry of a store
//! ```
//!
//! `delta` prints the one-off costs (registering the customers, the first
//! screening of the whole list, loading the lists and building the matcher,
//! loading the customers and building their index) apart from the delta
//! step itself (diff, candidates, screening, storing).
#![allow(missing_docs)]

#[path = "../tests/common/names.rs"]
mod names;

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use denylist_model::{PartialDate, Schema};
use denylist_monitor::{ImportOrigin, Monitor, MonitorOptions};
use denylist_sources::{parse_files, InputFile, ParseOptions};
use denylist_store::{Customer, ImportRequest, Store};

fn rows(n: usize) -> Vec<names::Row> {
    let mut rows = names::innocent(n);
    rows.extend(names::intellexa_five().into_iter().map(|(r, _)| r));
    rows
}

fn customers(rows: &[names::Row]) -> Vec<Customer> {
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

async fn import_sdn(store: &Store, date: &str) -> f64 {
    let t = Instant::now();
    let path = names::sdn_history(date);
    let bytes = std::fs::read(&path).expect("sdn.csv");
    let as_of = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    let parsed = parse_files(
        &[InputFile::new("sdn.csv", bytes.clone())],
        &ParseOptions {
            source: None,
            as_of,
        },
    )
    .expect("SDN parses");
    let request = ImportRequest::from_files(
        parsed.source,
        parsed.format,
        parsed.published.or(as_of),
        &[("sdn.csv", bytes.as_slice())],
        parsed.entities,
    );
    store.import(request).await.expect("import");
    secs(t)
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

async fn delta(n: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).await.expect("store");
    let rows = rows(n);
    let total = rows.len();
    let monitor = Monitor::new(store.clone(), MonitorOptions::default());
    let t = Instant::now();
    monitor
        .import_customers(customers(&rows), ImportOrigin::default(), "bench")
        .await
        .expect("customers");
    println!("registry: {total} customers stored in {:.2} s", secs(t));

    let parse = import_sdn(&store, "2024-03-04").await;
    let t = Instant::now();
    let first = monitor.sync("bench").await.expect("sync");
    let s = &first.sources[0];
    println!(
        "first version (2024-03-04, {} entities) screened against every customer: {:.2} s \
         (lists {:.2} s, customers {:.2} s, screening {:.2} s, storing {:.2} s), {} alerts; list parse+import {:.2} s",
        s.added,
        secs(t),
        first.setup.lists_ms / 1e3,
        first.setup.registry_ms / 1e3,
        s.timings.screen_ms / 1e3,
        s.timings.store_ms / 1e3,
        s.outcome.raised,
        parse
    );

    let parse = import_sdn(&store, "2024-03-05").await;
    // A fresh monitor, as a new `denylist import` process has: nothing cached.
    let cold = Monitor::new(store.clone(), MonitorOptions::default());
    let t = Instant::now();
    let report = cold.sync("bench").await.expect("sync");
    let wall = secs(t);
    let s = &report.sources[0];
    println!("list parse+import of 2024-03-05: {parse:.2} s");
    println!(
        "one-off: load lists + build matcher {:.0} ms; load {} customers {:.0} ms; build the customer index {:.0} ms",
        report.setup.lists_ms, report.customers, report.setup.registry_ms, s.timings.index_ms
    );
    println!(
        "delta 2024-03-04 -> 2024-03-05 (+{} ~{} -{}): {:.0} ms = diff {:.1} + candidates {:.1} + screening {:.1} + store {:.1} ms; {} candidates of {}; {} new alerts, {} delisted",
        s.added,
        s.changed,
        s.removed,
        s.timings.total_ms(),
        s.timings.diff_ms,
        s.timings.candidates_ms,
        s.timings.screen_ms,
        s.timings.store_ms,
        s.candidates,
        report.customers,
        s.outcome.raised,
        s.outcome.delisted
    );
    println!("sync wall time with the one-off costs: {wall:.2} s");
    for c in &s.outcome.changes {
        println!(
            "  {:?} {} {} {}",
            c.kind, c.alert, c.customer_id, c.entity_id
        );
    }
    store.close().await;
}

async fn load(dir: &Path) {
    let store = Store::open(dir).await.expect("store");
    for round in 0..2 {
        let t = Instant::now();
        let mut after: Option<String> = None;
        let mut n = 0;
        loop {
            let page = store
                .monitor()
                .customers(after.as_deref(), 50_000)
                .await
                .expect("customers");
            let Some(last) = page.last() else { break };
            after = Some(last.customer.id.clone());
            n += page.len();
        }
        println!(
            "round {round}: {n} customers loaded in {:.0} ms",
            secs(t) * 1e3
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    match args.get(1).map(String::as_str) {
        Some("gen") => {
            let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000);
            let out = args.get(3).map(String::as_str).unwrap_or("customers.csv");
            names::write_csv(Path::new(out), &rows(n));
        }
        Some("load") => {
            let dir = args.get(2).map(String::as_str).unwrap_or(".");
            rt.block_on(load(Path::new(dir)));
        }
        Some("delta") => {
            let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000);
            rt.block_on(delta(n));
        }
        _ => {
            eprintln!("usage: monitor_bench gen <rows> <out.csv> | delta <rows> | load <data dir>");
            std::process::exit(2);
        }
    }
}
