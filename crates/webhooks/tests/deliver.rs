//! Delivering the outbox to a receiver on 127.0.0.1: signatures, failures
//! with backoff, a receiver that is down, then broken, then up, and a
//! restart of the deliverer in between.

mod common;

use std::time::Duration;

use chrono::Utc;
use common::*;
use denylist_store::{AlertFilter, Store};
use denylist_webhooks::{Deliverer, Secret, WebhookConfig};

fn hours(n: i64) -> chrono::Duration {
    chrono::Duration::hours(n)
}

async fn counts(store: &Store) -> (u64, u64, u64) {
    let c = store.monitor().webhook_counts().await.unwrap();
    (c["pending"], c["retrying"], c["delivered"])
}

#[tokio::test]
async fn signed_deliveries_carry_the_alert_and_its_ids() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let out = raise(&store, &[("C1", "48060"), ("C2", "48059")]).await;
    assert_eq!(out.raised, 2);
    let receiver = Receiver::start("127.0.0.1:0".parse().unwrap(), Mode::Accept).await;

    let deliverer = Deliverer::new(store.monitor_backend(), config(&receiver.url())).unwrap();
    let report = deliverer.deliver_due().await.unwrap();
    assert!(report.all_delivered(), "{report:?}");
    assert_eq!(report.delivered.len(), 2);

    let got = receiver.received();
    assert_eq!(got.len(), 2);
    let alerts = store
        .monitor()
        .alerts(&AlertFilter::default())
        .await
        .unwrap();
    for (r, id) in got.iter().zip(&report.delivered) {
        assert!(r.signed, "{r:?}");
        assert_eq!(r.status, 204);
        assert_eq!(r.event, "alert.opened");
        assert_eq!(r.delivery, id.to_string());
        assert_eq!(r.body["event"], "alert.opened");
        let alert = alerts
            .iter()
            .find(|a| a.id.to_string() == r.body["alert"]["id"])
            .unwrap();
        assert_eq!(r.body["alert"]["customer_id"], alert.customer_id.as_str());
        assert_eq!(r.body["alert"]["entity_id"], alert.entity_id.as_str());
    }
    let customers: Vec<&str> = got
        .iter()
        .map(|r| r.body["alert"]["customer_id"].as_str().unwrap())
        .collect();
    assert_eq!(customers, ["C1", "C2"]);
    assert_eq!(counts(&store).await, (0, 0, 2));

    // Nothing is due any more.
    let again = deliverer
        .deliver_due_at(Utc::now() + hours(48))
        .await
        .unwrap();
    assert!(again.delivered.is_empty() && again.failed.is_empty());
    assert_eq!(receiver.received().len(), 2);
}

#[tokio::test]
async fn a_wrong_secret_is_refused_and_retried_later() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    raise(&store, &[("C1", "48060")]).await;
    let receiver = Receiver::start("127.0.0.1:0".parse().unwrap(), Mode::Accept).await;
    let wrong = WebhookConfig::new(
        &receiver.url(),
        Secret::new("not_the_shared_secret_at_all").unwrap(),
    )
    .unwrap();
    let now = Utc::now();
    let report = Deliverer::new(store.monitor_backend(), wrong)
        .unwrap()
        .deliver_due_at(now)
        .await
        .unwrap();
    assert_eq!(report.failed.len(), 1);
    let failed = &report.failed[0];
    assert_eq!(failed.error, "HTTP 401 Unauthorized: bad signature");
    assert_eq!(failed.attempts, 1);
    // First retry 10 s later, minus at most 20 % jitter.
    let wait = (failed.next_attempt_at - now).num_milliseconds();
    assert!((8_000..=10_000).contains(&wait), "{wait}");
    assert!(!receiver.received()[0].signed);
    assert_eq!(counts(&store).await, (0, 1, 0));

    // Not due before then; due and delivered with the right secret after.
    let right = Deliverer::new(store.monitor_backend(), config(&receiver.url())).unwrap();
    let early = right.deliver_due_at(now).await.unwrap();
    assert!(early.delivered.is_empty() && early.failed.is_empty());
    let late = right
        .deliver_due_at(now + chrono::Duration::seconds(11))
        .await
        .unwrap();
    assert_eq!(late.delivered, vec![failed.id]);
    assert_eq!(counts(&store).await, (0, 0, 1));
}

/// The receiver is down (connection refused), then answers 500, then
/// accepts; the deliverer is restarted (a new `Store` on the same data
/// directory) in between. Every outbox row reaches the receiver exactly
/// once, and nothing is lost.
#[tokio::test]
async fn a_receiver_down_then_broken_then_up_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let addr = closed_port().await;
    let url = format!("http://{addr}/hook");

    let store = Store::open(dir.path()).await.unwrap();
    let out = raise(&store, &[("C1", "48060"), ("C2", "48059"), ("C3", "48061")]).await;
    assert_eq!(out.raised, 3);
    let t0 = Utc::now();
    let deliverer = Deliverer::new(store.monitor_backend(), config(&url)).unwrap();

    // Down: the first row fails, the others are left due for the next pass.
    let report = deliverer.deliver_due_at(t0).await.unwrap();
    assert!(report.delivered.is_empty());
    assert_eq!(report.failed.len(), 1, "{report:?}");
    assert_eq!(report.deferred, 2);
    let err = report.failed[0].error.to_lowercase();
    assert!(err.contains("connect"), "{err}");
    let first = report.failed[0].id;
    let report = deliverer.deliver_due_at(t0).await.unwrap();
    assert_eq!(report.failed.len(), 1);
    assert_ne!(
        report.failed[0].id, first,
        "the failed row waits its backoff"
    );
    assert_eq!(counts(&store).await, (1, 2, 0));

    // Broken: every due row is tried once and rescheduled.
    let receiver = Receiver::start(addr, Mode::Fail).await;
    let report = deliverer.deliver_due_at(t0 + hours(1)).await.unwrap();
    assert_eq!(report.failed.len(), 3, "{report:?}");
    assert!(report
        .failed
        .iter()
        .all(|f| f.error == "HTTP 500 Internal Server Error: receiver broken"));
    let attempts: Vec<u32> = report.failed.iter().map(|f| f.attempts).collect();
    assert_eq!(attempts, [2, 2, 1]);
    assert_eq!(receiver.received().len(), 3);
    assert!(receiver.received().iter().all(|r| r.signed));
    assert!(receiver.accepted().is_empty());

    // A second alert run while the deliverer is away.
    let out = raise(&store, &[("C4", "48062")]).await;
    assert_eq!(out.raised, 1);

    // Restart: drop everything, open the same data directory again.
    drop(deliverer);
    store.close().await;
    drop(store);
    let store = Store::open(dir.path()).await.unwrap();
    assert_eq!(counts(&store).await, (1, 3, 0));
    receiver.set_mode(Mode::Accept);
    let deliverer = Deliverer::new(store.monitor_backend(), config(&url)).unwrap();
    let report = deliverer.deliver_due_at(t0 + hours(3)).await.unwrap();
    assert!(report.all_delivered(), "{report:?}");
    assert_eq!(report.delivered.len(), 4);
    let again = deliverer.deliver_due_at(t0 + hours(100)).await.unwrap();
    assert!(again.delivered.is_empty() && again.failed.is_empty());
    assert_eq!(counts(&store).await, (0, 0, 4));

    // Exactly once per outbox row, one row per alert raised.
    let accepted = receiver.accepted();
    assert_eq!(accepted.len(), 4, "{accepted:?}");
    assert!(accepted.values().all(|n| *n == 1), "{accepted:?}");
    let mut alerts: Vec<String> = receiver
        .received()
        .iter()
        .filter(|r| r.status < 300)
        .map(|r| r.body["alert"]["id"].as_str().unwrap().to_string())
        .collect();
    alerts.sort();
    assert_eq!(alerts, ["A000001", "A000002", "A000003", "A000004"]);
    receiver.stop();
}

#[tokio::test]
async fn redirects_and_timeouts_are_failures() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    raise(&store, &[("C1", "48060")]).await;
    let receiver = Receiver::start("127.0.0.1:0".parse().unwrap(), Mode::Redirect).await;
    let deliverer = Deliverer::new(store.monitor_backend(), config(&receiver.url())).unwrap();
    let now = Utc::now();
    let report = deliverer.deliver_due_at(now).await.unwrap();
    assert_eq!(report.failed[0].error, "HTTP 302 Found");
    assert_eq!(receiver.received().len(), 1, "the redirect is not followed");

    receiver.set_mode(Mode::Slow(Duration::from_secs(30)));
    let mut slow = config(&receiver.url());
    slow.timeout = Duration::from_millis(300);
    let report = Deliverer::new(store.monitor_backend(), slow)
        .unwrap()
        .deliver_due_at(now + hours(1))
        .await
        .unwrap();
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].attempts, 2);
    assert!(
        report.failed[0].error.contains("timed out"),
        "{}",
        report.failed[0].error
    );
    assert_eq!(counts(&store).await, (0, 1, 0));
}
