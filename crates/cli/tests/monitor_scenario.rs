//! The scenario of issue #7 on real data: 100,000 innocent customers and
//! five who became a problem on 2024-03-05 (Intellexa, Cytrox and their
//! people), through the real binary.

mod common;
#[path = "../../monitor/tests/common/names.rs"]
mod names;

use std::collections::{BTreeMap, BTreeSet};

use common::{s, sdn_history, Cli};
use serde_json::Value;

fn alerts(cli: &Cli) -> Vec<Value> {
    cli.ok(&["alerts", "list", "--json"])
        .json()
        .as_array()
        .unwrap()
        .clone()
}

fn by_customer(alerts: &[Value]) -> BTreeMap<String, BTreeSet<String>> {
    let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for a in alerts {
        m.entry(a["customer_id"].as_str().unwrap().to_string())
            .or_default()
            .insert(a["entity_id"].as_str().unwrap().to_string());
    }
    m
}

fn sha256_hex(path: &std::path::Path) -> String {
    let out = std::process::Command::new("sha256sum")
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

#[test]
fn intellexa_day_alerts_exactly_the_designated_customers() {
    let cli = Cli::new();
    let five = names::intellexa_five();
    let mut rows = names::innocent(100_000);
    rows.extend(five.iter().map(|(r, _)| r.clone()));
    let file = cli.dir.path().join("customers.csv");
    names::write_csv(&file, &rows);

    // Registered before any list: stored, nothing to screen against yet.
    let imported = cli
        .ok(&[
            "customers",
            "import",
            s(&file),
            "--by",
            "onboarding@bank",
            "--json",
        ])
        .json();
    assert_eq!(imported["inserted"], 100_005, "{imported}");
    assert_eq!(imported["screened"], 0);
    assert_eq!(imported["rejects"], Value::Array(vec![]));

    // 2024-03-04: the whole list is new to the registry.
    let run = cli.ok(&[
        "import",
        s(&sdn_history("2024-03-04")),
        "--as-of",
        "2024-03-04",
    ]);
    assert!(run.stdout.contains("monitoring: us-ofac-sdn "), "{run:?}");
    let before = alerts(&cli);
    let special: BTreeSet<String> = five.iter().map(|(r, _)| r.id.clone()).collect();
    let before_by = by_customer(&before);
    for id in &special {
        assert!(
            !before_by.contains_key(id),
            "{id} alerts on 2024-03-04: {before_by:?}"
        );
    }
    let before_ids: BTreeSet<String> = before
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    println!(
        "2024-03-04: {} alerts on innocent look-alikes",
        before.len()
    );

    // 2024-03-05: only the delta is screened.
    let run = cli.ok(&[
        "import",
        s(&sdn_history("2024-03-05")),
        "--as-of",
        "2024-03-05",
    ]);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("monitoring: us-ofac-sdn "))
        .unwrap_or_else(|| panic!("{run:?}"));
    assert!(line.contains("+7 ~0 -1 entities"), "{line}");
    let v0305 = sha256_hex(&sdn_history("2024-03-05"));
    let after = alerts(&cli);
    let new: Vec<&Value> = after
        .iter()
        .filter(|a| !before_ids.contains(a["id"].as_str().unwrap()))
        .collect();
    for a in &new {
        assert_eq!(a["raised_by_version"], v0305.as_str(), "{a}");
        assert_eq!(a["status"], "open");
    }
    let new_by = by_customer(&new.iter().map(|a| (*a).clone()).collect::<Vec<_>>());
    for (row, entity) in &five {
        let got = new_by
            .get(&row.id)
            .unwrap_or_else(|| panic!("{} ({}) did not alert: {new_by:?}", row.id, row.name()));
        assert!(got.contains(*entity), "{}: {got:?}", row.id);
        // Intellexa SA also matches INTELLEXA LIMITED; nothing else.
        let expected: BTreeSet<String> = match row.id.as_str() {
            "K000003" => ["us-ofac-sdn:48059", "us-ofac-sdn:48064"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            _ => [entity.to_string()].into_iter().collect(),
        };
        assert_eq!(got, &expected, "{}", row.id);
    }
    let look_alikes: Vec<String> = new
        .iter()
        .filter(|a| !special.contains(a["customer_id"].as_str().unwrap()))
        .map(|a| {
            format!(
                "{} {:.2} {:?} ~ {} {}",
                a["customer_id"].as_str().unwrap(),
                a["score"].as_f64().unwrap(),
                a["customer_name"].as_str().unwrap(),
                a["entity_id"].as_str().unwrap(),
                a["entity_name"].as_str().unwrap()
            )
        })
        .collect();
    println!(
        "2024-03-05: {} new alerts, {} on innocent look-alikes:",
        new.len(),
        look_alikes.len()
    );
    for l in &look_alikes {
        println!("  {l}");
    }
    // RONDON RIJO left the list: any alert on him is now delisted.
    for a in after
        .iter()
        .filter(|a| a["entity_id"] == "us-ofac-sdn:23306")
    {
        assert_eq!(a["status"], "delisted", "{a}");
    }

    // Dismiss Tal Dilian's alert.
    let tal = new.iter().find(|a| a["customer_id"] == "K000001").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let decided = cli.ok(&[
        "alerts",
        "decide",
        &tal,
        "--dismiss",
        "--reason",
        "different DOB",
        "--by",
        "analyst@bank",
    ]);
    assert_eq!(
        decided.stdout,
        format!("{tal}: dismissed by analyst@bank\n")
    );

    // The same version again, and a full re-screen: it stays dismissed,
    // and the full re-screen finds nothing the delta missed.
    let again = cli.ok(&[
        "import",
        s(&sdn_history("2024-03-05")),
        "--as-of",
        "2024-03-05",
    ]);
    assert!(again.stdout.contains("already imported"), "{again:?}");
    assert!(!again.stdout.contains("monitoring:"), "{again:?}");
    let full = cli.ok(&["rescreen", "--all", "--json"]).json();
    assert_eq!(full["customers"], 100_005);
    assert_eq!(full["outcome"]["raised"], 0, "{}", full["outcome"]);
    assert_eq!(full["outcome"]["reopened"], 0, "{}", full["outcome"]);
    assert_eq!(full["outcome"]["still_dismissed"], 1, "{}", full["outcome"]);
    let shown = cli.ok(&["alerts", "show", &tal, "--json"]).json();
    assert_eq!(shown["status"], "dismissed");
    assert_eq!(shown["decision_reason"], "different DOB");

    // His data change: the dismissal no longer holds.
    let changed = cli.dir.path().join("changed.csv");
    let mut tal_row = five[0].0.clone();
    tal_row.dob = "1961-08-21".into();
    names::write_csv(&changed, &[tal_row]);
    let run = cli
        .ok(&["customers", "import", s(&changed), "--json"])
        .json();
    assert_eq!(run["updated"], 1, "{run}");
    assert_eq!(run["outcome"]["reopened"], 1, "{run}");
    let shown = cli.ok(&["alerts", "show", &tal, "--json"]).json();
    assert_eq!(shown["status"], "open");
    let last = shown["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "reopened");
    assert_eq!(last["reason"], "customer changed");

    let verify = cli.ok(&["audit", "verify"]);
    assert!(
        verify.stdout.starts_with("audit log verified: "),
        "{verify:?}"
    );
}
