//! `denylist import`, `lists`, `diff` and `show` on the real SDN files.

mod common;

use common::{s, sdn_history, shared, Cli};
use serde_json::Value;

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

/// The 2024-03-04 and 2024-03-05 SDN, imported in that order.
fn intellexa_day() -> Cli {
    let cli = Cli::new();
    let first = cli.ok(&[
        "import",
        s(&sdn_history("2024-03-04")),
        "--as-of",
        "2024-03-04",
    ]);
    assert!(
        first.stdout.starts_with("imported us-ofac-sdn version "),
        "{first:?}"
    );
    assert!(first.stdout.contains("(published 2024-03-04)"), "{first:?}");
    cli.ok(&[
        "import",
        s(&sdn_history("2024-03-05")),
        "--as-of",
        "2024-03-05",
    ]);
    cli
}

#[test]
fn intellexa_designations_are_the_only_additions() {
    let cli = intellexa_day();
    let diff = cli.ok(&["diff", "us-ofac-sdn", "--json"]).json();
    assert_eq!(
        ids(&diff["added"]),
        [
            "us-ofac-sdn:48059",
            "us-ofac-sdn:48060",
            "us-ofac-sdn:48061",
            "us-ofac-sdn:48064",
            "us-ofac-sdn:48067",
            "us-ofac-sdn:48069",
            "us-ofac-sdn:48076"
        ]
    );
    // RONDON RIJO, Angel left the list the same day; nothing else changed.
    assert_eq!(ids(&diff["removed"]), ["us-ofac-sdn:23306"]);
    assert_eq!(diff["removed"][0]["names"][0]["full"], "RONDON RIJO, Angel");
    assert_eq!(diff["changed"], Value::Array(vec![]));
    assert_eq!(diff["from"]["published"], "2024-03-04");
    assert_eq!(diff["to"]["published"], "2024-03-05");

    // The same diff, versions named by date, as text.
    let text = cli.ok(&[
        "diff",
        "us-ofac-sdn",
        "--from",
        "2024-03-04",
        "--to",
        "2024-03-05",
    ]);
    let lines: Vec<&str> = text.stdout.lines().collect();
    assert!(lines[0].starts_with("us-ofac-sdn: "), "{text:?}");
    assert_eq!(lines[1], "added 7, removed 1, changed 0, unchanged 14425");
    assert!(lines.contains(&"+ us-ofac-sdn:48060  DILIAN, Tal Jonathan"));
    assert!(lines.contains(&"- us-ofac-sdn:23306  RONDON RIJO, Angel"));

    // A version id prefix works as well as a date.
    let lists = cli.ok(&["lists", "--json"]).json();
    let first = lists[0]["versions"][0]["id"].as_str().unwrap().to_string();
    let by_prefix = cli
        .ok(&["diff", "us-ofac-sdn", "--from", &first[..8], "--json"])
        .json();
    assert_eq!(by_prefix["added"].as_array().unwrap().len(), 7);
    let latest = cli
        .ok(&["diff", "us-ofac-sdn", "--to", "latest", "--json"])
        .json();
    assert_eq!(latest["to"]["published"], "2024-03-05");

    let bad = cli.run(&["diff", "us-ofac-sdn", "--from", "zz"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert!(bad.stderr.contains("--from zz: "), "{bad:?}");
    let early = cli.run(&["diff", "us-ofac-sdn", "--from", "2020-01-01"]);
    assert_eq!(early.code, 2, "{early:?}");
    assert!(early.stderr.contains("--from 2020-01-01: "), "{early:?}");
}

#[test]
fn show_gives_every_field_and_the_history() {
    let cli = intellexa_day();
    let record = cli.ok(&["show", "us-ofac-sdn:48060", "--json"]).json();
    let e = &record["entity"];
    assert_eq!(e["id"], "us-ofac-sdn:48060");
    assert_eq!(e["schema"], "Person");
    assert_eq!(e["names"][0]["full"], "DILIAN, Tal Jonathan");
    assert_eq!(e["programs"], serde_json::json!(["CYBER2"]));
    assert_eq!(e["gender"], "male");
    assert_eq!(e["birth_dates"][0]["from"], "1961-08-21");
    assert_eq!(e["nationalities"], serde_json::json!(["IL"]));
    assert_eq!(e["citizenships"], serde_json::json!(["IL", "MT"]));
    let passport = e["identifiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "passport")
        .unwrap();
    assert_eq!(passport["value"], "22540627");
    assert_eq!(passport["country"], "IL");
    assert_eq!(record["version"]["published"], "2024-03-05");
    assert_eq!(record["history"]["listed_since"]["published"], "2024-03-05");
    assert_eq!(record["history"]["versions_seen"], 1);

    let text = cli.ok(&["show", "us-ofac-sdn:48060"]);
    assert!(
        text.stdout
            .contains("name            DILIAN, Tal Jonathan\n"),
        "{text:?}"
    );
    assert!(
        text.stdout
            .contains("identifier      Passport 22540627 (IL)\n"),
        "{text:?}"
    );
    assert!(
        text.stdout.contains("listed since    2024-03-05 ("),
        "{text:?}"
    );

    // The removed entity is still shown, as of its last version.
    let gone = cli.ok(&["show", "us-ofac-sdn:23306", "--json"]).json();
    assert_eq!(gone["history"]["delisted_in"]["published"], "2024-03-05");
    assert_eq!(gone["version"]["published"], "2024-03-04");

    let missing = cli.run(&["show", "us-ofac-sdn:1"]);
    assert_eq!(missing.code, 2, "{missing:?}");
    assert!(missing.stderr.contains("not found"), "{missing:?}");
}

#[test]
fn same_bytes_again_are_a_no_op() {
    let cli = Cli::new();
    let file = sdn_history("2024-03-05");
    cli.ok(&["import", s(&file), "--as-of", "2024-03-05"]);
    let again = cli.ok(&["import", s(&file), "--as-of", "2024-03-05"]);
    assert!(
        again.stdout.contains("already imported; nothing to do"),
        "{again:?}"
    );
    let json = cli
        .ok(&["import", s(&file), "--as-of", "2024-03-05", "--json"])
        .json();
    assert_eq!(json["created"], false);
    assert_eq!(json["version"]["entity_count"], 14432);
    let lists = cli.ok(&["lists", "--json"]).json();
    assert_eq!(lists[0]["versions"].as_array().unwrap().len(), 1);
}

#[test]
fn four_file_set_is_one_version_with_warnings() {
    let cli = Cli::new();
    let dir = shared().join("lists/us-ofac-sdn/2026-06-02-add-alt-only");
    let run = cli.ok(&[
        "import",
        s(&sdn_history("2024-07-02")),
        s(&dir.join("alt.csv")),
        s(&dir.join("add.csv")),
        s(&dir.join("sdn_comments_2025.csv")),
        "--as-of",
        "2024-07-02",
        "--json",
    ]);
    let summary = run.json();
    assert_eq!(summary["source"], "us-ofac-sdn");
    assert_eq!(summary["created"], true);
    assert_eq!(summary["version"]["entity_count"], 15443);
    assert_eq!(summary["version"]["files"].as_array().unwrap().len(), 4);
    // The 2026 ALT/ADD rows refer to entries missing from 2024-07-02.
    assert!(summary["warnings"].as_u64().unwrap() > 0, "{run:?}");
    assert!(run.stderr.contains("warning: "), "{run:?}");
    assert!(run.stderr.contains("more (use -v to see all)"), "{run:?}");

    let tal = cli.ok(&["show", "us-ofac-sdn:48060", "--json"]).json();
    let names: Vec<&str> = tal["entity"]["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["full"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"MENASHE, Tal Yonatan"), "{names:?}");
}

#[test]
fn bad_files_fail_with_file_and_line_and_change_nothing() {
    let cli = Cli::new();
    cli.ok(&[
        "import",
        s(&sdn_history("2024-03-04")),
        "--as-of",
        "2024-03-04",
    ]);
    let before = cli.ok(&["lists", "--json"]).stdout;

    let real = std::fs::read(sdn_history("2024-03-05")).unwrap();
    // Cut in the middle of a record.
    let truncated = cli.file("sdn.csv", &real[..100_000]);
    let run = cli.run(&["import", &truncated]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("sdn.csv:"), "{run:?}");
    assert!(run.stderr.contains("truncated"), "{run:?}");
    assert!(run.stderr.contains("nothing was imported"), "{run:?}");

    let empty = cli.file("empty_sdn.csv", b"");
    let run = cli.run(&["import", &empty]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("empty_sdn.csv: file is empty"),
        "{run:?}"
    );

    let json = cli.file("list.json", b"{\"results\": 1}\n");
    let run = cli.run(&["import", &json]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("list.json: unknown list format"),
        "{run:?}"
    );

    // Forcing a format that does not fit.
    let run = cli.run(&[
        "import",
        s(&sdn_history("2024-03-05")),
        "--format",
        "un-sc-xml",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("2024-03-05/sdn.csv:"), "{run:?}");

    // Invalid UTF-8 in a UTF-8 format. (OFAC CSV reads non-UTF-8 bytes as
    // Windows-1252, OFAC's own encoding, so it is not an error there.)
    let mut un = std::fs::read(shared().join("lists/un-sc/2024-11-30/consolidated.xml")).unwrap();
    let at = un.windows(12).position(|w| w == b"<FIRST_NAME>").unwrap() + 12;
    un[at] = 0xFF;
    un[at + 1] = 0xFE;
    let bad_utf8 = cli.file("consolidated.xml", &un);
    let run = cli.run(&["import", &bad_utf8]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("consolidated.xml:7: invalid UTF-8"),
        "{run:?}"
    );

    let run = cli.run(&["import", "no/such/file.csv"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no/such/file.csv"), "{run:?}");

    let run = cli.run(&[
        "import",
        s(&sdn_history("2024-03-05")),
        "--as-of",
        "5 March",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--as-of"), "{run:?}");

    assert_eq!(cli.ok(&["lists", "--json"]).stdout, before);
}

#[test]
fn diff_of_an_unknown_list_is_an_error() {
    let cli = Cli::new();
    let run = cli.run(&["diff", "us-ofac-sdn"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no versions imported"), "{run:?}");
}
