//! Imports 300 versions of a synthetic 15k-entity list, about 20 entities
//! changed, added or removed per version, and prints the time taken and the
//! size of the data directory.
//!
//! `cargo bench -p denylist-store --bench history`

mod synthetic;

use std::time::Instant;

use chrono::NaiveDate;
use denylist_store::Store;
use synthetic::{dir_size, entity, sdn, version, Rng};

fn main() {
    let versions: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(300);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = rt.block_on(Store::open(dir.path())).unwrap();

    // State: entity number -> revision; `next` is the next new entity number.
    let mut state: Vec<(u64, u64)> = (0..15_000).map(|n| (n, 0)).collect();
    let mut next = 15_000u64;
    let mut rng = Rng::new(42);
    let start = Instant::now();
    let mut first_ms = 0.0;
    let mut import_s = 0.0;
    let mut revisions = 0;
    for v in 0..versions {
        if v > 0 {
            for _ in 0..16 {
                let i = rng.below(state.len());
                state[i].1 += 1;
            }
            for _ in 0..3 {
                state.push((next, 0));
                next += 1;
            }
            let i = rng.below(state.len());
            state.swap_remove(i);
        }
        let entities = state.iter().map(|&(n, r)| entity(n, r)).collect();
        let day = NaiveDate::from_ymd_opt(2021, 5, 22).unwrap() + chrono::Days::new(v);
        let t = Instant::now();
        let out = rt
            .block_on(store.import(version(&format!("v{v}"), day, entities)))
            .unwrap();
        let took = t.elapsed().as_secs_f64();
        import_s += took;
        if v == 0 {
            first_ms = took * 1e3;
        }
        revisions += out.new_revisions;
    }
    let total = start.elapsed();
    let t = Instant::now();
    let latest = rt.block_on(store.latest_version(&sdn())).unwrap().unwrap();
    let diff = rt.block_on(store.diff(&sdn(), None, None)).unwrap();
    let diff_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let record = rt.block_on(store.entity(&entity(5, 0).id, None)).unwrap();
    let show_ms = t.elapsed().as_secs_f64() * 1e3;
    rt.block_on(store.close());
    let size = dir_size(dir.path());
    println!(
        "versions={versions} entities_latest={} revisions={revisions} \
         first_import_ms={first_ms:.0} total_s={:.1} import_s={import_s:.1} next_import_ms={:.0} \
         data_dir_mb={:.1} diff_latest_ms={diff_ms:.1} (changed={}) entity_history_ms={show_ms:.1} (spans={})",
        latest.entity_count,
        total.as_secs_f64(),
        (import_s * 1e3 - first_ms) / (versions.max(2) - 1) as f64,
        size as f64 / 1e6,
        diff.changed.len(),
        record.history.spans.len(),
    );
}
