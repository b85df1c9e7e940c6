//! Delta screening over hand-written SDN versions: new entries alert,
//! removed ones delist, relisted ones reopen, dismissals hold until the
//! customer's or the entity's data change, and a full re-screen agrees with
//! the deltas.

mod common;

use common::*;
use denylist_model::PartialDate;
use denylist_store::{AlertStatus, ChangeKind, Decision};

#[tokio::test]
async fn delisting_relisting_and_dismissals() {
    let (_dir, store, monitor) = setup().await;
    register(
        &monitor,
        vec![
            person("K1", "Tal Dilian", Some(1961)),
            person("K2", "Angel Rondon Rijo", None),
            company("K3", "Intellexa SA"),
            person("K4", "Marko Kovac", Some(1975)),
            person("K5", "John Appleseed", Some(1980)),
        ],
    )
    .await;
    // No list yet: nothing screened, nothing pending.
    assert!(alerts(&store).await.is_empty());
    assert!(monitor.sync("system").await.unwrap().is_empty());

    // v1 is the first version of the list: every customer is screened.
    let v1 = import_list(&store, &fixture("us-ofac-sdn/v1.csv"), "2024-01-01").await;
    let r1 = monitor.sync("system").await.unwrap();
    assert_eq!(r1.sources.len(), 1);
    assert!(r1.sources[0].full);
    assert_eq!(r1.sources[0].candidates, 5);
    assert_eq!(r1.totals(), (3, 0, 0), "{r1:?}");
    for (c, e) in [("K1", "1001"), ("K2", "1002"), ("K3", "1003")] {
        let a = alert(&store, c, &format!("us-ofac-sdn:{e}")).await;
        assert_eq!(a.status, AlertStatus::Open);
        assert_eq!(a.raised_by_version, v1.version.id);
    }
    assert_eq!(
        monitor.state().await.unwrap()[&v1.version.source],
        v1.version.id
    );
    // Nothing pending any more.
    assert!(monitor.sync("system").await.unwrap().is_empty());

    let k1 = alert(&store, "K1", "us-ofac-sdn:1001").await;
    let k3 = alert(&store, "K3", "us-ofac-sdn:1003").await;
    for a in [&k1, &k3] {
        monitor
            .decide(
                a.id,
                &Decision::Dismiss {
                    reason: "different person".into(),
                },
                "ann@bank",
            )
            .await
            .unwrap();
    }

    // v2: 1002 removed, 1001 changed, 1007 added.
    let v2 = import_list(&store, &fixture("us-ofac-sdn/v2.csv"), "2024-01-02").await;
    let r2 = monitor.sync("system").await.unwrap();
    let s = &r2.sources[0];
    assert_eq!((s.added, s.changed, s.removed, s.full), (1, 1, 1, false));
    // Only customers close to the changed entries are screened.
    assert!(s.candidates < 5, "{s:?}");
    assert_eq!(r2.totals(), (1, 1, 1), "{r2:?}");
    let k4 = alert(&store, "K4", "us-ofac-sdn:1007").await;
    assert_eq!(
        (k4.status, &k4.raised_by_version),
        (AlertStatus::Open, &v2.version.id)
    );
    let k2 = alert(&store, "K2", "us-ofac-sdn:1002").await;
    assert_eq!(k2.status, AlertStatus::Delisted);
    assert_eq!(k2.last_version, v2.version.id);
    let k1 = store.monitor().alert(k1.id).await.unwrap();
    assert_eq!(k1.alert.status, AlertStatus::Open);
    let last = k1.history.last().unwrap();
    assert_eq!(last.action, "reopened");
    assert_eq!(last.reason.as_deref(), Some("entity changed"));
    // Intellexa did not change: still dismissed.
    assert_eq!(
        alert(&store, "K3", "us-ofac-sdn:1003").await.status,
        AlertStatus::Dismissed
    );

    // v3: 1002 listed again.
    let v3 = import_list(&store, &fixture("us-ofac-sdn/v3.csv"), "2024-01-03").await;
    let r3 = monitor.sync("system").await.unwrap();
    assert_eq!(r3.totals(), (0, 1, 0), "{r3:?}");
    let k2 = store.monitor().alert(k2.id).await.unwrap();
    assert_eq!(k2.alert.status, AlertStatus::Open);
    assert_eq!(k2.alert.raised_by_version, v3.version.id);
    assert_eq!(
        k2.history
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        ["raised", "delisted", "reopened"]
    );
    assert_eq!(
        k2.history.last().unwrap().reason.as_deref(),
        Some("entity listed again")
    );

    // The same Intellexa customer with a new incorporation date: the
    // dismissal no longer holds.
    let mut k3c = company("K3", "Intellexa SA");
    k3c.birth_dates.push(PartialDate::year(2020));
    let imported = monitor
        .import_customers(
            vec![k3c, company("K6", "Intellexa S.A.")],
            Default::default(),
            "loader",
        )
        .await
        .unwrap();
    assert_eq!(
        (imported.inserted, imported.updated, imported.screened),
        (1, 1, 2)
    );
    assert_eq!((imported.outcome.raised, imported.outcome.reopened), (1, 1));
    let k3 = store.monitor().alert(k3.id).await.unwrap();
    assert_eq!(k3.alert.status, AlertStatus::Open);
    assert_eq!(
        k3.history.last().unwrap().reason.as_deref(),
        Some("customer changed")
    );

    // A full re-screen finds nothing the deltas missed.
    let full = monitor.rescreen_all("system", &mut |_| {}).await.unwrap();
    assert_eq!(full.customers, 6);
    assert_eq!(
        (full.outcome.raised, full.outcome.reopened),
        (0, 0),
        "{full:?}"
    );
    assert!(full
        .outcome
        .changes
        .iter()
        .all(|c| c.kind == ChangeKind::Rescored));

    let audit = store.monitor().verify_audit().await.unwrap();
    assert!(audit.is_ok(), "{audit:?}");
    let records = store.monitor().audit_records(0, None, 1000).await.unwrap();
    let syncs: Vec<String> = records
        .iter()
        .filter(|r| r.action == "monitor.sync")
        .map(|r| r.details_value()["to"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        syncs,
        [
            v1.version.id.as_str(),
            v2.version.id.as_str(),
            v3.version.id.as_str()
        ]
    );
    assert!(records
        .iter()
        .all(|r| r.engine_version == denylist_monitor::ENGINE_VERSION));
}

#[tokio::test]
async fn customers_imported_after_the_lists_are_screened_at_once() {
    let (_dir, store, monitor) = setup().await;
    let v1 = import_list(&store, &fixture("us-ofac-sdn/v1.csv"), "2024-01-01").await;
    let report = monitor
        .import_customers(
            vec![
                person("K1", "Tal Dilian", Some(1961)),
                person("K5", "John Appleseed", None),
            ],
            Default::default(),
            "loader",
        )
        .await
        .unwrap();
    assert_eq!(
        (report.inserted, report.screened, report.outcome.raised),
        (2, 2, 1)
    );
    assert_eq!(report.versions[0].id, v1.version.id);
    // The first customers were screened against v1: no delta pending.
    assert!(monitor.pending().await.unwrap().is_empty());
    assert!(monitor.sync("system").await.unwrap().is_empty());
    // The same file again: nothing changes, nothing screened.
    let again = monitor
        .import_customers(
            vec![
                person("K1", "Tal Dilian", Some(1961)),
                person("K5", "John Appleseed", None),
            ],
            Default::default(),
            "loader",
        )
        .await
        .unwrap();
    assert_eq!(
        (again.unchanged, again.screened, again.outcome.raised),
        (2, 0, 0)
    );
    assert_eq!(alerts(&store).await.len(), 1);
}
