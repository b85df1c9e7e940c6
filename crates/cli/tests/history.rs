//! `denylist import --history`: a tar.xz of dated versions.

mod common;

use std::io::Write;

use common::{sdn_history, Cli};

/// Writes a tar.xz with the given (entry name, file) pairs, in that order.
fn archive(cli: &Cli, entries: &[(&str, std::path::PathBuf)]) -> String {
    let path = cli.dir.path().join("history.tar.xz");
    let file = std::fs::File::create(&path).unwrap();
    let xz = xz2::write::XzEncoder::new(file, 1);
    let mut tar = tar::Builder::new(xz);
    for (name, source) in entries {
        let bytes = std::fs::read(source).unwrap();
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes.as_slice())
            .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap().flush().unwrap();
    path.display().to_string()
}

#[test]
fn history_is_imported_in_date_order() {
    let cli = Cli::new();
    // Out of order on purpose, as in the real archive.
    let path = archive(
        &cli,
        &[
            (
                "sdn_csv_versions/2024-03-05T184324Z_sdn.csv",
                sdn_history("2024-03-05"),
            ),
            (
                "sdn_csv_versions/2024-01-11T184322Z_sdn.csv",
                sdn_history("2024-01-11"),
            ),
            (
                "sdn_csv_versions/2024-03-04T184338Z_sdn.csv",
                sdn_history("2024-03-04"),
            ),
        ],
    );
    let run = cli.ok(&["import", "--history", &path]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{run:?}");
    assert!(lines[0].contains("(published 2024-01-11)"), "{run:?}");
    assert!(lines[1].contains("(published 2024-03-04)"), "{run:?}");
    assert!(lines[2].contains("(published 2024-03-05)"), "{run:?}");
    assert!(
        lines[3].contains(": 3 entries, 3 imported, 0 already imported"),
        "{run:?}"
    );

    let lists = cli.ok(&["lists", "--json"]).json();
    let dates: Vec<&str> = lists[0]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["published"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2024-01-11", "2024-03-04", "2024-03-05"]);
    let diff = cli.ok(&["diff", "us-ofac-sdn", "--json"]).json();
    assert_eq!(diff["added"].as_array().unwrap().len(), 7);

    let again = cli.ok(&["import", "--history", &path]);
    assert!(
        again
            .stdout
            .contains(": 3 entries, 0 imported, 3 already imported"),
        "{again:?}"
    );
}

#[test]
fn undated_entry_is_an_error_naming_it() {
    let cli = Cli::new();
    let path = archive(&cli, &[("versions/sdn.csv", sdn_history("2024-03-05"))]);
    let run = cli.run(&["import", "--history", &path]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("versions/sdn.csv"), "{run:?}");
    assert!(run.stderr.contains("does not start with a date"), "{run:?}");
}

#[test]
fn bad_entry_stops_with_the_earlier_versions_kept() {
    let cli = Cli::new();
    let garbage = cli.dir.path().join("garbage.csv");
    std::fs::write(&garbage, b"48060,\"DILIAN").unwrap();
    let path = archive(
        &cli,
        &[
            ("v/2024-03-04T000000Z_sdn.csv", sdn_history("2024-03-04")),
            ("v/2024-03-05T000000Z_sdn.csv", garbage),
        ],
    );
    let run = cli.run(&["import", "--history", &path]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("v/2024-03-05T000000Z_sdn.csv"),
        "{run:?}"
    );
    let lists = cli.ok(&["lists", "--json"]).json();
    assert_eq!(lists[0]["versions"].as_array().unwrap().len(), 1);
    assert_eq!(lists[0]["versions"][0]["published"], "2024-03-04");
}
