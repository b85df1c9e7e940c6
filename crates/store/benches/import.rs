//! Store benchmarks: first import of a 15k-entity version, the next version
//! with 20 changes, loading a version, and diffing two versions.
//!
//! `cargo bench -p denylist-store --bench import`

// criterion_group! generates an undocumented pub fn.
#![allow(missing_docs)]

mod synthetic;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use denylist_store::Store;
use synthetic::{entity, sdn, version};

const N: u64 = 15_000;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(n)
}

fn full(rev_of: impl Fn(u64) -> u64) -> Vec<denylist_model::Entity> {
    (0..N).map(|i| entity(i, rev_of(i))).collect()
}

fn bench(c: &mut Criterion) {
    let rt = runtime();
    let mut g = c.benchmark_group("store");
    g.sample_size(10);
    g.throughput(Throughput::Elements(N));

    g.bench_function("first_import_15k", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for i in 0..iters {
                let dir = tempfile::tempdir().unwrap();
                let req = version(&format!("first{i}"), day(0), full(|_| 0));
                total += rt.block_on(async {
                    let store = Store::open(dir.path()).await.unwrap();
                    let t = Instant::now();
                    let out = store.import(req).await.unwrap();
                    let took = t.elapsed();
                    assert_eq!(out.new_revisions, N as usize);
                    store.close().await;
                    took
                });
            }
            total
        })
    });

    // A store holding one version; each iteration adds a version with 20
    // entities changed.
    let dir = tempfile::tempdir().unwrap();
    let store = rt.block_on(Store::open(dir.path())).unwrap();
    let base = rt
        .block_on(store.import(version("base", day(0), full(|_| 0))))
        .unwrap()
        .version;
    let mut k = 0u64;
    g.bench_function("next_version_20_changes", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                k += 1;
                let kk = k;
                let req = version(
                    &format!("next{kk}"),
                    day(kk),
                    full(|i| u64::from(i % 750 == kk % 750) * kk),
                );
                let t = Instant::now();
                let out = rt.block_on(store.import(req)).unwrap();
                total += t.elapsed();
                assert_eq!(out.new_revisions, 20);
            }
            total
        })
    });

    let changed = rt
        .block_on(store.import(version(
            "changed",
            day(10_000),
            full(|i| u64::from(i % 750 == 1)),
        )))
        .unwrap()
        .version;
    g.bench_function("entities_15k", |b| {
        b.iter(|| {
            let all = rt.block_on(store.entities(&base.id)).unwrap();
            assert_eq!(all.len(), N as usize);
        })
    });
    g.bench_function("diff_15k_20_changed", |b| {
        b.iter(|| {
            let d = rt
                .block_on(store.diff(&sdn(), Some(&base.id), Some(&changed.id)))
                .unwrap();
            assert_eq!(d.changed.len(), 20);
        })
    });
    g.finish();
    rt.block_on(store.close());
}

criterion_group!(benches, bench);
criterion_main!(benches);
