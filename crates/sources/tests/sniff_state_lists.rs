//! The sniffers of the CSL, DPL, SEMA, DFAT, OFSI, FCDO and State formats
//! claim their own sample files and no other file of the shared data.

use denylist_sources::{format_by_id, InputFile};

const LISTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/lists");

/// Format id and the path parts of the files it may claim.
const OWN: &[(&str, &[&str])] = &[
    ("us-trade-csl-csv", &["us-trade-csl/"]),
    ("us-trade-csl-json", &["us-trade-csl/"]),
    ("us-bis-dpl-txt", &["us-bis-dpl/"]),
    ("ca-sema-xml", &["ca-sema/"]),
    ("au-dfat-xlsx", &["au-dfat/"]),
    ("gb-hmt-csv", &["gb-hmt/"]),
    ("gb-hmt-xlsx", &["gb-hmt/"]),
    ("gb-fcdo-ods", &["gb-fcdo/"]),
    ("gb-fcdo-xml", &["gb-fcdo/"]),
    ("gb-fcdo-csv", &["gb-fcdo/"]),
    ("us-state-isn-csv", &["us-state/2018/isn.csv"]),
    ("us-state-dtc-csv", &["us-state/2018/itar"]),
];

fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in rd.flatten() {
        let p = entry.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn head(path: &std::path::Path) -> Vec<u8> {
    use std::io::Read;
    let mut buf = Vec::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(64 * 1024).read_to_end(&mut buf);
    }
    buf
}

#[test]
fn sniffers_claim_only_their_own_files() {
    let mut all = Vec::new();
    files(std::path::Path::new(LISTS), &mut all);
    assert!(all.len() > 20, "shared data not found at {LISTS}");
    let mut claimed = 0;
    for path in &all {
        let shown = path.to_string_lossy().replace('\\', "/");
        let file = InputFile::new(shown.clone(), head(path));
        for (id, own) in OWN {
            let format = format_by_id(id).unwrap();
            if format.sniff(&file) {
                assert!(own.iter().any(|o| shown.contains(o)), "{id} claims {shown}");
                claimed += 1;
            }
        }
    }
    assert!(claimed >= 12, "{claimed}");
}
