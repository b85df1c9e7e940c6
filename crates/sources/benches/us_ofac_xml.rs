//! Parses OFAC's XML formats on the largest files of `../shared/data`:
//! the 2026-01-08 `cons_enhanced.xml` (3.4 MB), the 2020-03-17
//! `cons_advanced.xml` (2.7 MB) and the 2018-04-06 `consolidated.xml`
//! (1.1 MB).

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use denylist_sources::{format_by_id, InputFile, ParseOptions};

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/lists/us-ofac-cons"
);

fn parse_xml(c: &mut Criterion) {
    let cases = [
        (
            "us-ofac-enhanced-xml",
            "enhanced-2026-01-08/cons_enhanced.xml",
            442,
        ),
        (
            "us-ofac-advanced-xml",
            "2020-03-17_radwo/cons_advanced.xml",
            375,
        ),
        ("us-ofac-xml", "2018-04-06_perchrh/consolidated.xml", 639),
    ];
    let mut group = c.benchmark_group("parse_ofac_xml");
    group.sample_size(10);
    for (format_id, rel, count) in cases {
        let path = PathBuf::from(DATA).join(rel);
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("parse_ofac_xml: {} not found; skipped", path.display());
            continue;
        };
        let file = InputFile::new(rel, bytes);
        let format = format_by_id(format_id).expect("registered");
        let options = ParseOptions::default();
        let list = format
            .parse(std::slice::from_ref(&file), &options)
            .expect("parses");
        assert_eq!(list.entities.len(), count);
        group.throughput(Throughput::Bytes(file.bytes.len() as u64));
        group.bench_function(rel, |b| {
            b.iter(|| {
                let list = format
                    .parse(std::slice::from_ref(&file), &options)
                    .expect("parses");
                assert_eq!(list.entities.len(), count);
                list
            })
        });
    }
    group.finish();
}

criterion_group!(benches, parse_xml);
criterion_main!(benches);
