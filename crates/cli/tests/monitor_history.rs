//! `import --history` with customers registered screens after each
//! version, so every alert names the version that raised it.

mod common;

use std::path::{Path, PathBuf};

use common::{s, Cli};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../monitor/tests/fixtures/us-ofac-sdn"
    ))
    .join(name)
}

/// A .tar.xz of the three hand-written versions, named as the history
/// archive names its entries.
fn archive(dir: &Path) -> PathBuf {
    let path = dir.join("history.tar.xz");
    let file = std::fs::File::create(&path).unwrap();
    let mut tar = tar::Builder::new(xz2::write::XzEncoder::new(file, 6));
    for (date, name) in [
        ("2024-01-01T120000Z", "v1.csv"),
        ("2024-01-02T120000Z", "v2.csv"),
        ("2024-01-03T120000Z", "v3.csv"),
    ] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, format!("sdn/{date}_sdn.csv"), bytes.as_slice())
            .unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
    path
}

fn sha256(path: &Path) -> String {
    let out = std::process::Command::new("sha256sum")
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

fn alert(alerts: &Value, customer: &str) -> Value {
    alerts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["customer_id"] == customer)
        .unwrap_or_else(|| panic!("no alert for {customer}: {alerts}"))
        .clone()
}

#[test]
fn each_version_of_a_history_is_screened_in_turn() {
    let cli = Cli::new();
    let customers = cli.file(
        "customers.csv",
        b"customer_id,type,name,dob\n\
          K1,person,Tal Dilian,1961\n\
          K2,person,Angel Rondon Rijo,\n\
          K4,person,Marko Kovac,1975\n\
          K5,person,John Appleseed,1980\n",
    );
    cli.ok(&["customers", "import", &customers]);
    let run = cli.ok(&["import", "--history", s(&archive(cli.dir.path()))]);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("monitoring: "))
        .collect();
    assert_eq!(lines.len(), 3, "{run:?}");
    assert!(
        lines[0]
            .contains("(2024-01-01): +6 ~0 -0 entities, 4 of 4 customers screened: 2 new alerts"),
        "{lines:?}"
    );
    assert!(
        lines[1].contains("(2024-01-02): +1 ~1 -1 entities"),
        "{lines:?}"
    );
    assert!(
        lines[1].ends_with("1 new alerts, 0 reopened, 1 delisted"),
        "{lines:?}"
    );
    assert!(
        lines[2].ends_with("0 new alerts, 1 reopened, 0 delisted"),
        "{lines:?}"
    );

    let alerts = cli.ok(&["alerts", "list", "--json"]).json();
    let v1 = sha256(&fixture("v1.csv"));
    let v2 = sha256(&fixture("v2.csv"));
    let v3 = sha256(&fixture("v3.csv"));
    let tal = alert(&alerts, "K1");
    assert_eq!(tal["entity_id"], "us-ofac-sdn:1001");
    assert_eq!(tal["raised_by_version"], v1.as_str());
    // DILIAN changed in v2 and v3 leaves him as he was: last screened in v2.
    assert_eq!(tal["last_version"], v2.as_str());
    let kovac = alert(&alerts, "K4");
    assert_eq!(kovac["raised_by_version"], v2.as_str());
    let rondon = alert(&alerts, "K2");
    assert_eq!(rondon["status"], "open");
    assert_eq!(rondon["raised_by_version"], v3.as_str());
    let history = cli
        .ok(&["alerts", "show", rondon["id"].as_str().unwrap(), "--json"])
        .json();
    let steps: Vec<(String, String)> = history["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["version"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("raised".to_string(), v1),
            ("delisted".to_string(), v2),
            ("reopened".to_string(), v3)
        ]
    );
    assert!(alerts
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["customer_id"] != "K5"));
}
