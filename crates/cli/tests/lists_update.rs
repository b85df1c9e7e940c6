//! Every list of the catalog: `denylist update` fetches its official files
//! (here from a local server standing in for each publisher, by file name)
//! and imports them, and `denylist lists` shows every supported list,
//! imported or not.

mod common;

use std::path::PathBuf;

use common::{shared, Cli, Server};

fn lists(rel: &str) -> PathBuf {
    shared().join("lists").join(rel)
}

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sources/tests/fixtures"
    ))
    .join(rel)
}

/// A catalog file name and the file served for it (`None`: empty).
type Served = (&'static str, Option<PathBuf>);

/// For each source that has files to download: the file each catalog name
/// is served from (a real shared file, or a fixture where no real file of
/// that format is available), and the entity count expected (0: any).
fn served() -> Vec<(&'static str, Vec<Served>, u64)> {
    vec![
        (
            "us-ofac-sdn",
            vec![
                ("sdn.csv", Some(lists("us-ofac-sdn/2021-04-25/sdn.csv"))),
                ("add.csv", Some(lists("us-ofac-sdn/2021-04-25/add.csv"))),
                ("alt.csv", Some(lists("us-ofac-sdn/2021-04-25/alt.csv"))),
                ("sdn_comments.csv", None),
            ],
            0,
        ),
        (
            "us-ofac-cons",
            vec![
                (
                    "cons_prim.csv",
                    Some(lists("us-ofac-cons/2018-04-06_perchrh/cons_prim.csv")),
                ),
                (
                    "cons_add.csv",
                    Some(lists("us-ofac-cons/2018-04-06_perchrh/cons_add.csv")),
                ),
                (
                    "cons_alt.csv",
                    Some(lists("us-ofac-cons/2018-04-06_perchrh/cons_alt.csv")),
                ),
                ("cons_comments.csv", None),
            ],
            0,
        ),
        (
            "un-sc",
            vec![(
                "consolidated.xml",
                Some(lists("un-sc/2025-11-20/consolidated.xml")),
            )],
            1000,
        ),
        (
            "eu-fsf",
            vec![("eu_fsf_1_1.xml", Some(fixture("eu-fsf/xml-1-1.xml")))],
            0,
        ),
        (
            "gb-fcdo",
            vec![(
                "UK-Sanctions-List.xml",
                Some(fixture("gb-fcdo/UK-Sanctions-List.xml")),
            )],
            3,
        ),
        (
            "gb-hmt",
            vec![("ConList.csv", Some(lists("gb-hmt/2018-04-13/ConList.csv")))],
            0,
        ),
        (
            "ca-sema",
            vec![(
                "sema-lmes.xml",
                Some(lists("ca-sema/2025-05-25/sema-lems.xml")),
            )],
            0,
        ),
        (
            "au-dfat",
            vec![(
                "regulation8_consolidated.xlsx",
                Some(lists("au-dfat/2024-11-11/regulation8_consolidated.xlsx")),
            )],
            0,
        ),
        (
            "ch-seco",
            vec![("seco.xml", Some(lists("ch-seco/example/seco.xml")))],
            0,
        ),
        (
            "us-trade-csl",
            vec![(
                "consolidated.csv",
                Some(lists(
                    "us-trade-csl/2023-11-30-subset/consolidated_subset.csv",
                )),
            )],
            0,
        ),
        (
            "us-bis-dpl",
            vec![("dpl.txt", Some(lists("us-bis-dpl/2019-06-dpl.txt")))],
            0,
        ),
        (
            "opensanctions",
            vec![(
                "entities.ftm.json",
                Some(lists("opensanctions-ftm/zala/entities.ftm.json")),
            )],
            0,
        ),
    ]
}

#[test]
fn update_fetches_every_catalogued_list_and_lists_shows_them_all() {
    let server = Server::start();
    let mut args: Vec<String> = vec!["update".into(), "--retries".into(), "0".into()];
    for (source, files, _) in served() {
        for (name, path) in files {
            let bytes = path.map(|p| std::fs::read(&p).unwrap()).unwrap_or_default();
            server.file(&format!("/{source}/{name}"), bytes);
        }
        args.extend([
            "--source".to_string(),
            source.to_string(),
            "--base-url".to_string(),
            format!("{source}={}/{source}", server.base),
        ]);
    }
    let cli = Cli::new();
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = cli.run(&argv);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), served().len(), "{run:?}");
    for ((source, _, _), line) in served().iter().zip(&lines) {
        assert!(
            line.starts_with(&format!("imported {source} version ")),
            "{line}"
        );
    }

    let listed = cli.ok(&["lists", "--json"]).json();
    let listed = listed.as_array().unwrap();
    for (source, _, entities) in served() {
        let entry = listed
            .iter()
            .find(|l| l["source"] == source)
            .unwrap_or_else(|| panic!("{source} not listed"));
        assert!(entry.get("not_imported").is_none(), "{entry}");
        let versions = entry["versions"].as_array().unwrap();
        assert_eq!(versions.len(), 1, "{source}");
        let count = versions[0]["entity_count"].as_u64().unwrap();
        assert!(count > 0, "{source}");
        if entities > 0 {
            assert_eq!(count, entities, "{source}");
        }
    }
    // The two State lists have no file to download: listed, not imported.
    for source in ["us-state-isn", "us-state-dtc"] {
        let entry = listed.iter().find(|l| l["source"] == source).unwrap();
        assert_eq!(entry["not_imported"], true, "{entry}");
        assert_eq!(entry["versions"], serde_json::json!([]));
    }
    assert_eq!(listed.len(), served().len() + 2);

    let text = cli.ok(&["lists"]).stdout;
    assert!(
        text.lines()
            .any(|l| l == "us-state-isn  not imported  (Nonproliferation Sanctions (ISN))"),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("un-sc  1 version(s), 1000 entities in the latest")),
        "{text}"
    );
}

#[test]
fn a_list_with_no_file_to_download_is_a_usage_error() {
    let cli = Cli::new();
    let run = cli.run(&["update", "--source", "us-state-dtc"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("us-state-dtc has no official file to download"),
        "{run:?}"
    );
    assert!(run.stderr.contains("denylist import"), "{run:?}");
}

#[test]
fn a_fresh_store_lists_the_sample_then_every_supported_list() {
    let cli = Cli::new();
    let text = cli.ok(&["lists"]).stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("us-ofac-sdn  1 version(s), 28 entities"),
        "{text}"
    );
    let not_imported: Vec<&str> = lines
        .iter()
        .filter(|l| l.contains("  not imported"))
        .map(|l| l.split("  ").next().unwrap())
        .collect();
    assert_eq!(
        not_imported,
        [
            "us-ofac-cons",
            "un-sc",
            "eu-fsf",
            "gb-fcdo",
            "gb-hmt",
            "ca-sema",
            "au-dfat",
            "ch-seco",
            "us-trade-csl",
            "us-bis-dpl",
            "us-state-isn",
            "us-state-dtc",
            "opensanctions"
        ]
    );
}
