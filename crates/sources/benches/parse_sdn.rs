//! Parses the OFAC SDN CSV set: 2024-07-02 `sdn.csv` (15,443 rows) with the
//! 2026-06 `add.csv` and `alt.csv`, read from `../shared/data`.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use denylist_sources::{format_by_id, InputFile, ParseOptions};

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/lists/us-ofac-sdn"
);

fn files() -> Option<Vec<InputFile>> {
    let paths = [
        "history/2024-07-02/sdn.csv",
        "2026-06-02-add-alt-only/add.csv",
        "2026-06-02-add-alt-only/alt.csv",
    ];
    paths
        .iter()
        .map(|p| {
            let path = PathBuf::from(DATA).join(p);
            std::fs::read(&path)
                .ok()
                .map(|b| InputFile::new(path.display().to_string(), b))
        })
        .collect()
}

fn parse_sdn(c: &mut Criterion) {
    let Some(files) = files() else {
        eprintln!("parse_sdn: shared data not found under {DATA}; skipped");
        return;
    };
    let format = format_by_id("us-ofac-csv").expect("us-ofac-csv is registered");
    let options = ParseOptions::default();
    let list = format.parse(&files, &options).expect("the SDN set parses");
    assert_eq!(list.entities.len(), 15_443);
    assert!(list
        .entities
        .iter()
        .any(|e| e.id.as_str() == "us-ofac-sdn:48060"));

    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let mut group = c.benchmark_group("parse_sdn");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("2024-07-02 sdn + 2026-06 add/alt", |b| {
        b.iter(|| {
            let list = format.parse(&files, &options).expect("parses");
            assert_eq!(list.record_count, 15_443);
            list
        })
    });
    group.finish();
}

criterion_group!(benches, parse_sdn);
criterion_main!(benches);
