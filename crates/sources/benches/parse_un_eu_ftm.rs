//! Parses the UN SC consolidated XML of 2025-11-20 (1,000 entries, 2 MB),
//! the legacy EU XML of 2016 (595 entities) and the OpenSanctions zala FtM
//! file, read from `../shared/data`. Each run asserts the entity count.

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
    group.sample_size(20);
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
        "un_sc_2025_11_20",
        "un-sc-xml",
        "un-sc/2025-11-20/consolidated.xml",
        1000,
    );
    bench_one(
        c,
        "eu_fsf_legacy_xml_2016",
        "eu-fsf-legacy-xml",
        "eu-fsf/2016-02-11-legacy-xml-trimmed/EU_data.xml",
        595,
    );
    bench_one(
        c,
        "opensanctions_zala",
        "opensanctions-ftm",
        "opensanctions-ftm/zala/entities.ftm.json",
        17,
    );
}

criterion_group!(benches, parse_lists);
criterion_main!(benches);
