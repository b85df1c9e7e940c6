//! Monitoring under faults and misuse, through the binary: a `kill -9`
//! inside the screening transaction, tampered audit records, four-eyes
//! confirmations, malformed customer files.

mod common;
#[path = "../../monitor/tests/common/names.rs"]
mod names;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{s, sdn_history, Cli};
use serde_json::Value;

/// 3,000 innocent customers and the five of 2024-03-05, registered, with
/// SDN 2024-03-04 imported (and screened).
fn registry() -> Cli {
    let cli = Cli::new();
    let mut rows = names::innocent(3_000);
    rows.extend(names::intellexa_five().into_iter().map(|(r, _)| r));
    let file = cli.dir.path().join("customers.csv");
    names::write_csv(&file, &rows);
    cli.ok(&["customers", "import", s(&file)]);
    cli.ok(&[
        "import",
        s(&sdn_history("2024-03-04")),
        "--as-of",
        "2024-03-04",
    ]);
    cli
}

/// (customer, entity, status, score, raised_by_version) of every alert.
fn pairs(cli: &Cli) -> BTreeSet<(String, String, String, String, String)> {
    cli.ok(&["alerts", "list", "--json"])
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["customer_id"].as_str().unwrap().to_string(),
                a["entity_id"].as_str().unwrap().to_string(),
                a["status"].as_str().unwrap().to_string(),
                format!("{:.6}", a["score"].as_f64().unwrap()),
                a["raised_by_version"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The audit log as JSON values.
fn audit(cli: &Cli) -> Vec<Value> {
    cli.ok(&["audit", "export"])
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn count(records: &[Value], action: &str) -> usize {
    records.iter().filter(|r| r["action"] == action).count()
}

#[test]
fn kill_inside_the_sync_transaction_then_resume() {
    // Reference: the same history without a fault.
    let reference = registry();
    reference.ok(&[
        "import",
        s(&sdn_history("2024-03-05")),
        "--as-of",
        "2024-03-05",
    ]);
    let expected = pairs(&reference);
    let expected_audit = audit(&reference);

    let cli = registry();
    let before = pairs(&cli);
    let mut child = Command::new(env!("CARGO_BIN_EXE_denylist"))
        .arg("--data-dir")
        .arg(cli.dir.path())
        .args([
            "import",
            s(&sdn_history("2024-03-05")),
            "--as-of",
            "2024-03-05",
        ])
        .env_remove("RUST_LOG")
        .env("DENYLIST_TEST_PAUSE_SYNC_MS", "120000")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the process says it is inside the transaction.
    let stderr = child.stderr.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = Vec::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        let inside = line.contains("fault injection: pausing inside the screening transaction");
        seen.push(line);
        if inside {
            break;
        }
        assert!(Instant::now() < deadline, "no pause announced: {seen:?}");
    }
    assert!(
        seen.last().is_some_and(|l| l.contains("fault injection")),
        "the child ended without pausing: {seen:?}"
    );
    child.kill().unwrap();
    let status = child.wait().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "{status}");
    }

    // The list version is stored, its screening is not: nothing changed.
    let lists = cli.ok(&["lists", "--json"]).json();
    assert_eq!(lists[0]["versions"].as_array().unwrap().len(), 2);
    assert_eq!(pairs(&cli), before);
    assert!(cli
        .ok(&["audit", "verify"])
        .stdout
        .starts_with("audit log verified"));

    // The next command resumes: the same alerts as without the fault, once.
    let resumed = cli.ok(&["rescreen"]);
    assert!(
        resumed.stdout.contains("6 new alerts, 0 reopened"),
        "{resumed:?}"
    );
    assert_eq!(pairs(&cli), expected);
    let records = audit(&cli);
    assert_eq!(
        count(&records, "alert.raised"),
        count(&expected_audit, "alert.raised")
    );
    assert_eq!(
        count(&records, "monitor.sync"),
        count(&expected_audit, "monitor.sync")
    );
    // Nothing more to do.
    let again = cli.ok(&["rescreen"]);
    assert!(again.stdout.contains("nothing pending"), "{again:?}");
    assert!(cli
        .ok(&["audit", "verify"])
        .stdout
        .starts_with("audit log verified"));
}

/// Runs SQL on the store file (as an attacker with file access would).
fn tamper(dir: &Path, sql: &[&str]) {
    let path = dir.join("denylist.sqlite");
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let pool = sqlx::SqlitePool::connect_with(
                sqlx::sqlite::SqliteConnectOptions::new().filename(&path),
            )
            .await
            .unwrap();
            for q in sql {
                sqlx::query(q).execute(&pool).await.unwrap();
            }
            pool.close().await;
        });
}

#[test]
fn audit_verify_finds_edited_deleted_and_truncated_records() {
    let cli = registry();
    cli.ok(&[
        "import",
        s(&sdn_history("2024-03-05")),
        "--as-of",
        "2024-03-05",
    ]);
    let records = audit(&cli);
    let n = records.len();
    let ok = cli.ok(&["audit", "verify"]);
    assert_eq!(
        ok.stdout,
        format!(
            "audit log verified: {n} records, hash chain intact, last hash {}\n",
            records[n - 1]["hash"].as_str().unwrap()
        )
    );
    // --since keeps today's records; none is older.
    let today = chrono::Utc::now().date_naive().to_string();
    let since = cli.ok(&["audit", "export", "--since", &today]);
    assert_eq!(since.stdout.lines().count(), n);
    assert_eq!(
        cli.ok(&["audit", "export", "--since", "2999-01-01"]).stdout,
        ""
    );

    // A record in the middle: the first alert raised on 2024-03-05.
    let raised = records
        .iter()
        .find(|r| r["action"] == "alert.raised" && r["details"]["customer_id"] == "K000001")
        .unwrap();
    let seq = raised["seq"].as_u64().unwrap();
    assert!(seq > 1 && (seq as usize) < n, "{seq} of {n}");
    // The export holds the stored text verbatim: keep it to put it back.
    let line = cli
        .ok(&["audit", "export", "--after", &(seq - 1).to_string()])
        .stdout
        .lines()
        .next()
        .unwrap()
        .to_string();
    let original =
        &line[line.find("\"details\":").unwrap() + 10..line.find(",\"list_versions\"").unwrap()];
    tamper(
        cli.dir.path(),
        &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
    );

    // Edited: a score raised.
    tamper(
        cli.dir.path(),
        &[&format!(
            "UPDATE audit_log SET details = replace(details, '\"score\":0.', '\"score\":0.0') WHERE seq = {seq}"
        )],
    );
    assert_ne!(audit(&cli)[seq as usize - 1]["details"], raised["details"]);
    let run = cli.run(&["audit", "verify"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        run.stderr,
        format!(
            "audit log verification failed at record {seq}: record {seq}: its content does not match its hash (the record was edited)\n"
        )
    );
    tamper(
        cli.dir.path(),
        &[&format!(
            "UPDATE audit_log SET details = '{}' WHERE seq = {seq}",
            original.replace('\'', "''")
        )],
    );
    assert_eq!(cli.run(&["audit", "verify"]).code, 0);

    // Deleted in the middle (on a copy).
    let deleted = Cli::new();
    copy_store(cli.dir.path(), deleted.dir.path());
    tamper(
        deleted.dir.path(),
        &[&format!("DELETE FROM audit_log WHERE seq = {seq}")],
    );
    let run = deleted.run(&["audit", "verify"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "failed at record {seq}: record {seq} is missing: the log goes from {} to {}",
            seq - 1,
            seq + 1
        )),
        "{run:?}"
    );

    // The last record deleted.
    tamper(
        cli.dir.path(),
        &[&format!("DELETE FROM audit_log WHERE seq = {n}")],
    );
    let run = cli.run(&["audit", "verify", "--json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let v = run.json();
    assert_eq!(v["problem"]["seq"], n);
    assert!(
        v["problem"]["message"]
            .as_str()
            .unwrap()
            .contains("deleted from the end"),
        "{v}"
    );
}

fn copy_store(from: &Path, to: &Path) {
    // The store is closed (no WAL left behind by a finished command).
    for f in [
        "denylist.sqlite",
        "denylist.sqlite-wal",
        "denylist.sqlite-shm",
    ] {
        if from.join(f).exists() {
            std::fs::copy(from.join(f), to.join(f)).unwrap();
        }
    }
}

#[test]
fn four_eyes_confirmation_needs_two_reviewers() {
    let cli = Cli::new();
    let rows: Vec<names::Row> = names::intellexa_five()
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    let file = cli.dir.path().join("five.csv");
    names::write_csv(&file, &rows);
    cli.ok(&[
        "import",
        s(&sdn_history("2024-03-05")),
        "--as-of",
        "2024-03-05",
    ]);
    let imported = cli.ok(&["customers", "import", s(&file), "--json"]).json();
    assert_eq!(imported["outcome"]["raised"], 6, "{imported}");
    let alerts = cli
        .ok(&["alerts", "list", "--customer", "K000004", "--json"])
        .json();
    let id = alerts[0]["id"].as_str().unwrap().to_string();
    assert_eq!(alerts[0]["entity_id"], "us-ofac-sdn:48067");

    let settings = cli.run(&["alerts", "settings", "--four-eyes", "on"]);
    assert_eq!(settings.code, 2, "{settings:?}");
    assert!(settings.stderr.contains("needs --by"), "{settings:?}");
    let settings = cli.ok(&[
        "alerts",
        "settings",
        "--four-eyes",
        "on",
        "--by",
        "admin@bank",
    ]);
    assert_eq!(settings.stdout, "four_eyes  on\nthreshold  0.7\n");

    let first = cli.ok(&["alerts", "decide", &id, "--confirm", "--by", "ann@bank"]);
    assert!(
        first
            .stdout
            .contains("a second, different reviewer must confirm"),
        "{first:?}"
    );
    let same = cli.run(&["alerts", "decide", &id, "--confirm", "--by", "ann@bank"]);
    assert_eq!(same.code, 2, "{same:?}");
    assert!(
        same.stderr.contains("four-eyes confirmation needs a second, different reviewer; ann@bank already confirmed it"),
        "{same:?}"
    );
    let second = cli.ok(&["alerts", "decide", &id, "--confirm", "--by", "bob@bank"]);
    assert_eq!(
        second.stdout,
        format!("{id}: confirmed by ann@bank, bob@bank\n")
    );
    let shown = cli.ok(&["alerts", "show", &id]).stdout;
    assert!(shown.contains("confirmation_requested"), "{shown}");
    assert!(
        shown.contains("decided         confirmed by ann@bank, bob@bank"),
        "{shown}"
    );

    // A dismissal needs a reason; an unknown alert is an error.
    let other = cli
        .ok(&["alerts", "list", "--customer", "K000001", "--json"])
        .json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let run = cli.run(&["alerts", "decide", &other, "--dismiss", "--by", "ann@bank"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--dismiss needs --reason"), "{run:?}");
    let run = cli.run(&[
        "alerts",
        "decide",
        "A999999",
        "--confirm",
        "--by",
        "ann@bank",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("alert A999999 not found"), "{run:?}");

    // Each decision is in the audit log with the list version it was made against.
    let records = audit(&cli);
    let confirmed = records
        .iter()
        .find(|r| r["action"] == "alert.confirmed")
        .unwrap();
    assert_eq!(confirmed["actor"], "bob@bank");
    assert_eq!(confirmed["subject"], id.as_str());
    assert_eq!(
        confirmed["list_versions"],
        serde_json::json!([alerts[0]["last_version"]])
    );
    assert!(records
        .iter()
        .any(|r| r["action"] == "settings.changed" && r["actor"] == "admin@bank"));
}

#[test]
fn malformed_customer_rows_are_rejected_with_their_lines() {
    let cli = Cli::new();
    let file = cli.file(
        "customers.csv",
        b"customer_id,name,dob,country\n\
          C1,Tal Dilian,1961,IL\n\
          ,Missing Id,1970,FR\n\
          C3,,1970,FR\n\
          C4,Bad Date,1970-13-45,FR\n\
          C1,Duplicate Id,1961,IL\n\
          C6,\"Quoted, Name\",1980,GB\n",
    );
    let run = cli.ok(&["customers", "import", &file, "--json"]);
    let report = run.json();
    assert_eq!(report["customers"], 2, "{report}");
    assert_eq!(report["inserted"], 2);
    let rejects: Vec<(u64, String)> = report["rejects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(rejects.len(), 4, "{rejects:?}");
    assert_eq!(rejects[0], (3, "no customer id".to_string()));
    assert_eq!(rejects[1].0, 4);
    assert!(rejects[1].1.contains("name"), "{rejects:?}");
    assert_eq!(rejects[2].0, 5);
    assert!(rejects[2].1.contains("date"), "{rejects:?}");
    assert_eq!(
        rejects[3],
        (
            6,
            "duplicate customer id \"C1\" (first on line 2)".to_string()
        )
    );
    assert!(
        run.stderr.contains("customers.csv: line 3: no customer id"),
        "{run:?}"
    );
    let listed = cli.ok(&["customers", "list", "--json"]).json();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["C1", "C6"]);
    assert_eq!(listed[1]["names"][0], "Quoted, Name");

    // A file without an id column cannot feed the registry.
    let no_ids = cli.file("names.csv", b"name,dob\nTal Dilian,1961\n");
    let run = cli.run(&["customers", "import", &no_ids]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("needs an id column"), "{run:?}");
    // With --id-col naming another column, it can.
    let other = cli.file("other.csv", b"ref_no,name\nR1,Someone\n");
    let run = cli.run(&["customers", "import", &other]);
    assert_eq!(run.code, 2, "{run:?}");
    let run = cli.ok(&["customers", "import", &other, "--id-col", "ref_no"]);
    assert!(run.stdout.contains("1 customers (1 new"), "{run:?}");
    let shown = cli.ok(&["customers", "show", "R1"]).stdout;
    assert!(shown.starts_with("customer        R1\n"), "{shown}");
}
