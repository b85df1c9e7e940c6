//! Imports the 341 real daily SDN versions (2021-05-22 to 2024-07-02) from
//! the shared tarball, parsing each `sdn.csv`, and prints the time spent
//! unpacking, parsing and importing, and the size of the data directory.
//!
//! `cargo bench -p denylist-store --bench sdn_history [MAX_VERSIONS]`

use std::fs::File;
use std::io::Read;
use std::time::Instant;

use chrono::NaiveDate;
use denylist_sources::{format_by_id, InputFile, ParseOptions};
use denylist_store::{ImportRequest, Store};

const TARBALL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/lists/us-ofac-sdn/history/",
    "sdn_csv_all_versions_2021-05-22_to_2024-07-02.tar.xz"
);

fn main() {
    let max: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(usize::MAX);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = rt.block_on(Store::open(dir.path())).unwrap();
    let format = format_by_id("us-ofac-csv").unwrap();
    let file = File::open(TARBALL).unwrap_or_else(|e| panic!("{TARBALL}: {e}"));
    let mut archive = tar::Archive::new(xz2::read::XzDecoder::new(file));

    let start = Instant::now();
    let (mut parse_s, mut import_s, mut max_import_ms) = (0.0, 0.0, 0.0f64);
    let (mut seen, mut created, mut revisions) = (0, 0, 0);
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        let Some(base) = name.rsplit('/').next().filter(|b| b.ends_with("_sdn.csv")) else {
            continue;
        };
        let date = NaiveDate::parse_from_str(&base[..10], "%Y-%m-%d").unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();

        let t = Instant::now();
        let options = ParseOptions {
            as_of: Some(date),
            ..ParseOptions::default()
        };
        let parsed = format
            .parse(&[InputFile::new("sdn.csv", bytes.clone())], &options)
            .unwrap_or_else(|e| panic!("{base}: {e}"));
        parse_s += t.elapsed().as_secs_f64();

        let request = ImportRequest::from_files(
            parsed.source,
            parsed.format,
            parsed.published.or(Some(date)),
            &[("sdn.csv", &bytes)],
            parsed.entities,
        );
        let t = Instant::now();
        let out = rt.block_on(store.import(request)).unwrap();
        let took = t.elapsed().as_secs_f64();
        import_s += took;
        max_import_ms = max_import_ms.max(took * 1e3);
        seen += 1;
        created += usize::from(out.created);
        revisions += out.new_revisions;
        if seen >= max {
            break;
        }
    }
    let total_s = start.elapsed().as_secs_f64();

    let source = "us-ofac-sdn".parse().unwrap();
    let t = Instant::now();
    let diff = rt.block_on(store.diff(&source, None, None)).unwrap();
    let diff_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let latest = rt.block_on(store.entities(&diff.to.id)).unwrap();
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let show = rt
        .block_on(store.entity(&"us-ofac-sdn:306".parse().unwrap(), None))
        .unwrap();
    let show_ms = t.elapsed().as_secs_f64() * 1e3;
    rt.block_on(store.close());
    let size: u64 = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "files={seen} versions={created} revisions={revisions} latest_entities={} \
         parse_s={parse_s:.1} import_s={import_s:.1} max_import_ms={max_import_ms:.0} \
         total_s={total_s:.1} data_dir_mb={:.1} diff_latest_ms={diff_ms:.1} \
         load_latest_ms={load_ms:.0} entity_history_ms={show_ms:.1} (versions_seen={})",
        latest.len(),
        size as f64 / 1e6,
        show.history.versions_seen,
    );
}
