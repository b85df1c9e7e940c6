//! Parses the national lists the import budget (< 1 s each, release) is set
//! for: Canada SEMA XML, Australia DFAT XLSX, the CSL 2023 subset, OFSI
//! ConList 2018 CSV and 2025 XLSX, read from `../shared/data`. Each run
//! asserts the entity count.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use denylist_sources::{format_by_id, InputFile, ParseOptions};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/lists");

fn bench_one(c: &mut Criterion, name: &str, format: &str, path: &str, count: usize) {
    let path = format!("{DATA}/{path}");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("{name}: {path} not found; skipped");
        return;
    };
    let file = InputFile::new(path, bytes);
    let format = format_by_id(format).expect("format is registered");
    let options = ParseOptions::default();
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(file.bytes.len() as u64));
    group.sample_size(10);
    group.bench_function("parse", |b| {
        b.iter(|| {
            let list = format
                .parse(std::slice::from_ref(&file), &options)
                .expect("parses");
            assert_eq!(list.entities.len(), count);
            list
        })
    });
    group.finish();
}

fn parse_lists(c: &mut Criterion) {
    bench_one(
        c,
        "ca_sema_2025_05_25",
        "ca-sema-xml",
        "ca-sema/2025-05-25/sema-lems.xml",
        4759,
    );
    bench_one(
        c,
        "au_dfat_2024_11_11",
        "au-dfat-xlsx",
        "au-dfat/2024-11-11/regulation8_consolidated.xlsx",
        3062,
    );
    bench_one(
        c,
        "us_trade_csl_2023_subset",
        "us-trade-csl-csv",
        "us-trade-csl/2023-11-30-subset/consolidated_subset.csv",
        4226,
    );
    bench_one(
        c,
        "gb_hmt_2018_csv",
        "gb-hmt-csv",
        "gb-hmt/2018-04-13/ConList.csv",
        2106,
    );
    bench_one(
        c,
        "gb_hmt_2025_xlsx",
        "gb-hmt-xlsx",
        "gb-hmt/2025-04-10-xlsx/ConList.xlsx",
        4686,
    );
}

criterion_group!(benches, parse_lists);
criterion_main!(benches);
