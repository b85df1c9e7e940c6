//! `screen --queries`, `compare` (one pair and a pairs file), `batch` and
//! `keys create`, run as a user would, on the built-in sample.

mod common;

use common::Cli;

#[test]
fn queries_file_gives_one_line_per_query_and_reports_bad_lines() {
    let cli = Cli::new();
    let queries = cli.file(
        "queries.jsonl",
        concat!(
            r#"{"id": "q1", "name": "Tal Dilian", "schema": "Person", "dob": "1961"}"#,
            "\n",
            r#"{"id": "q2", "name": "", "schema": "Person"}"#,
            "\n",
            r#"{"id": "q3", "name": "Intelexa SA", "schema": "spaceship"}"#,
            "\n",
            "not json\n",
            r#"{"id": "q5", "name": "Tal Dilian", "schema": "Person", "dob": "1990-01-01"}"#,
            "\n",
            r#"{"id": 6, "name": "Cytrox AD", "schema": "Organization", "country": "BG"}"#,
            "\n",
            r#"{"id": "q7", "name": "Cytrox AD", "dob": "12/12/1970"}"#,
            "\n",
        )
        .as_bytes(),
    );
    let out = cli.dir.path().join("results.jsonl");
    let run = cli.run(&[
        "screen",
        "--queries",
        &queries,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| l["query_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["q1", "q2", "q3", "line-4", "q5", "6", "q7"]);
    assert_eq!(lines[0]["matches"][0]["entity_id"], "us-ofac-sdn:48060");
    assert!(lines[0]["matches"][0]["explanation"].is_object());
    assert_eq!(lines[1]["error"], "empty name");
    assert!(lines[2]["error"]
        .as_str()
        .unwrap()
        .contains("unknown schema"));
    assert!(lines[3]["error"]
        .as_str()
        .unwrap()
        .contains("not a query object"));
    // Born 1990: not the Tal Dilian born in 1961.
    assert_eq!(
        lines[4]["matches"].as_array().unwrap().len(),
        0,
        "{:?}",
        lines[4]
    );
    assert_eq!(lines[5]["matches"][0]["entity_id"], "us-ofac-sdn:48067");
    assert!(lines[6]["error"]
        .as_str()
        .unwrap()
        .contains("bad date of birth"));
    // Each bad line is named on stderr with its line number.
    for n in [2, 3, 4, 7] {
        assert!(
            run.stderr.contains(&format!("queries.jsonl:{n}: ")),
            "line {n}: {run:?}"
        );
    }
}

#[test]
fn compare_scores_one_pair_across_scripts_with_an_explanation() {
    let cli = Cli::new();
    let run = cli.run(&[
        "compare",
        "Vladimir Putin",
        "Владимир Путин",
        "--schema",
        "person",
        "--json",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    let json = run.json();
    assert_eq!(json["match"], true);
    assert!(json["score"].as_f64().unwrap() >= 0.9, "{run:?}");
    assert!(json["explanation"].is_object());

    let run = cli.run(&["compare", "John Smith", "Jane Doe", "--schema", "person"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("no match"), "{run:?}");
}

#[test]
fn compare_pairs_file_adds_score_and_match_columns() {
    let cli = Cli::new();
    let pairs = cli.file(
        "pairs.csv",
        b"schema,name1,name2\nPerson,Tal Dilian,\"DILIAN, Tal Jonathan\"\nPerson,John Smith,Jane Doe\nWidget,a,b\nOrganization,Intellexa SA,INTELLEXA S.A.\n",
    );
    let out = cli.dir.path().join("scores.csv");
    let run = cli.run(&["compare", "--pairs", &pairs, "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .contains("pairs.csv:4: unknown schema \"Widget\""),
        "{run:?}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert_eq!(rows[0][1], "Tal Dilian");
    assert_eq!(rows[0][4], "true");
    assert_eq!(rows[1][4], "false");
    assert_eq!(rows[2][0], "Organization");
    assert_eq!(rows[2][4], "true", "{text}");
}

#[test]
fn batch_screens_a_customer_file_with_rejects() {
    let cli = Cli::new();
    let customers = cli.file(
        "customers.csv",
        b"customer_id,first_name,last_name,dob,country\nC1,Tal,Dilian,1961,IL\nC2,John,Smith,1970-01-01,US\nC3,,,1980,\nC4,Sara,Hamou,,\n",
    );
    let out = cli.dir.path().join("hits.csv");
    let run = cli.run(&["batch", &customers, "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run:?}");
    let text = std::fs::read_to_string(&out).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let hits: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (&r[col("customer_id")], &r[col("entity_id")]))
        .collect();
    assert_eq!(
        hits,
        [("C1", "us-ofac-sdn:48060"), ("C4", "us-ofac-sdn:48061")],
        "{text}"
    );
    let rejects = std::fs::read_to_string(cli.dir.path().join("hits.csv.rejects.csv")).unwrap();
    assert!(
        rejects.contains('4'),
        "the nameless row (line 4) is rejected: {rejects}"
    );
    assert!(run.stderr.contains("4 rows read, 1 rejected"), "{run:?}");
}

#[test]
fn keys_create_prints_a_key_and_stores_only_its_hash() {
    let cli = Cli::new();
    let run = cli.ok(&["keys", "create", "--name", "ci"]);
    let key = run.stdout.trim();
    assert_eq!(key.len(), 64, "{run:?}");
    let stored = std::fs::read_to_string(cli.dir.path().join("api-keys.json")).unwrap();
    assert!(stored.contains("\"ci\""));
    assert!(!stored.contains(key), "the key itself must not be stored");
}
