//! The built-in sample: used when no list is imported, and true to the
//! official list.

mod common;

use common::{sdn_history, Cli};
use denylist_sources::{parse_files, InputFile, ParseOptions};

#[test]
fn fresh_screen_uses_the_sample() {
    let cli = Cli::new();
    let run = cli.run(&["screen", "Tal Dilian"]);
    assert_eq!(run.code, 1, "{run:?}");
    let first = run.stdout.lines().next().unwrap();
    // `<score>  id  name  schema  [programs]`, best first.
    assert!(
        first.ends_with("  us-ofac-sdn:48060  DILIAN, Tal Jonathan  Person  [CYBER2]"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("no lists imported; using the built-in sample (28 entries)"),
        "{run:?}"
    );
    // Never stored: the store stays empty.
    let again = cli.run(&["screen", "DILIAN, Tal Jonathan"]);
    assert_eq!(again.code, 1, "{again:?}");
    assert!(again.stderr.contains("built-in sample"), "{again:?}");
}

/// A real list imported after the sample was used replaces it entirely,
/// even when it is older than the sample (2024-03-04, before Dilian was
/// listed on 2024-03-05).
#[test]
fn a_real_import_replaces_the_sample() {
    let cli = Cli::new();
    assert_eq!(cli.run(&["screen", "Vladimir Putin"]).code, 1);
    let sdn = sdn_history("2024-03-04");
    cli.ok(&["import", common::s(&sdn), "--as-of", "2024-03-04"]);
    let lists = cli.ok(&["lists", "--json"]).json();
    // The other supported lists follow, marked `not_imported`.
    let stored = lists
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l.get("not_imported").is_none())
        .count();
    assert_eq!(stored, 1, "{lists}");
    assert_eq!(lists[0]["versions"].as_array().unwrap().len(), 1);
    assert_eq!(lists[0]["versions"][0]["published"], "2024-03-04");
    assert!(lists[0].get("builtin_sample").is_none(), "{lists}");
    let run = cli.run(&["screen", "Tal Dilian"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("built-in sample"), "{run:?}");
}

#[test]
fn fuzzy_screen_finds_variants_and_explains() {
    let cli = Cli::new();
    for query in ["Tal Jonathan Dilian", "Tal Dillian", "Tal Yonatan Menashe"] {
        let run = cli.run(&["screen", query, "--json"]);
        assert_eq!(run.code, 1, "{query}: {run:?}");
        let json = run.json();
        assert_eq!(json["matcher"], "fuzzy");
        assert_eq!(json["matches"][0]["id"], "us-ofac-sdn:48060", "{query}");
        let score = json["matches"][0]["score"].as_f64().unwrap();
        assert!(score > 0.0 && score <= 1.0, "{query}: {score}");
    }
    let putin = cli.run(&["screen", "Vladimir Putin", "--json"]).json();
    assert_eq!(putin["matches"][0]["id"], "us-ofac-sdn:35096");
    let explained = cli.run(&["screen", "Tal Dilian", "--explain"]);
    assert!(explained.stdout.contains("\n    score "), "{explained:?}");
    let none = cli.run(&["screen", "John Smith"]);
    assert_eq!(none.code, 0, "{none:?}");
    assert_eq!(none.stdout, "");
    let bad = cli.run(&["screen", "x", "--threshold", "2"]);
    assert_eq!(bad.code, 2, "{bad:?}");
}

#[test]
fn exact_screen_matches_any_order_and_aliases() {
    let cli = Cli::new();
    for query in [
        "Tal Jonathan Dilian",
        "dilian tal jonathan",
        "Tal Yonatan Menashe",
    ] {
        let run = cli.run(&["screen", query, "--json", "--matcher", "exact"]);
        assert_eq!(run.code, 1, "{query}: {run:?}");
        let json = run.json();
        assert_eq!(json["matches"][0]["id"], "us-ofac-sdn:48060", "{query}");
        assert_eq!(json["matcher"], "exact-tokens");
    }
    let misspelt = cli.run(&["screen", "Tal Dillian", "--matcher", "exact"]);
    assert_eq!(misspelt.code, 0, "{misspelt:?}");
    let hamas = cli.run(&["screen", "hamas", "--matcher", "exact"]);
    assert_eq!(hamas.code, 1, "{hamas:?}");
    assert_eq!(
        hamas.stdout,
        "us-ofac-sdn:4695  HAMAS  Organization  [FTO, SDGT]\n"
    );
    let none = cli.run(&["screen", "John Smith", "--matcher", "exact"]);
    assert_eq!(none.code, 0, "{none:?}");
    assert_eq!(none.stdout, "");
    assert!(
        none.stderr.contains("no match for \"John Smith\""),
        "{none:?}"
    );
}

#[test]
fn fresh_lists_shows_the_sample() {
    let cli = Cli::new();
    let lists = cli.ok(&["lists", "--json"]).json();
    assert_eq!(lists[0]["source"], "us-ofac-sdn");
    assert_eq!(lists[0]["versions"][0]["entity_count"], 28);
    assert_eq!(lists[0]["versions"][0]["published"], "2024-03-05");
    assert_eq!(lists[0]["builtin_sample"], true);
}

/// Every sample entry exists under the same id, name and type in the real
/// 2024-07-02 SDN.
#[test]
fn sample_agrees_with_the_official_list() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/sample");
    let sample: Vec<InputFile> = ["sdn.csv", "alt.csv", "add.csv"]
        .iter()
        .map(|n| InputFile::new(*n, std::fs::read(format!("{dir}/{n}")).unwrap()))
        .collect();
    let sample = parse_files(&sample, &ParseOptions::default()).unwrap();
    assert_eq!(sample.entities.len(), 28);
    assert!(sample.warnings.is_empty(), "{:?}", sample.warnings);

    let real = InputFile::new("sdn.csv", std::fs::read(sdn_history("2024-07-02")).unwrap());
    let real = parse_files(&[real], &ParseOptions::default()).unwrap();
    for e in &sample.entities {
        let r = real
            .entities
            .iter()
            .find(|r| r.id == e.id)
            .unwrap_or_else(|| panic!("{} is not in the 2024-07-02 SDN", e.id));
        assert_eq!(r.primary_name(), e.primary_name(), "{}", e.id);
        assert_eq!(r.schema, e.schema, "{}", e.id);
    }
}
