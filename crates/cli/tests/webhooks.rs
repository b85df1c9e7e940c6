//! `denylist webhooks deliver` and `status` against a receiver on
//! 127.0.0.1 that checks the signature, and against a closed port.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::thread;

use common::*;
use denylist_store::{
    sha256, version_id_for, AuditContext, Customer, MatchObservation, ScreeningBatch, Store,
};

const SECRET: &str = "whsec_cli_test_0123456789";

/// Raises one alert per customer in the store of `cli`, as a screening run.
fn raise(cli: &Cli, customers: &[&str]) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store = Store::open(cli.dir.path()).await.unwrap();
        let mut batch = ScreeningBatch::new(AuditContext::new("system", "test"));
        for (n, c) in customers.iter().enumerate() {
            batch
                .customers
                .push(Customer::new(*c, format!("Customer {c}")));
            batch.matches.push(MatchObservation {
                customer_id: c.to_string(),
                entity_id: format!("us-ofac-sdn:{}", 48060 + n).parse().unwrap(),
                score: 0.9,
                entity_name: "DILIAN, Tal Jonathan".into(),
                customer_name: format!("Customer {c}"),
                matched_name: "DILIAN, Tal Jonathan".into(),
                explanation: serde_json::json!({}),
                version: version_id_for(&[sha256(b"v1")]),
                customer_hash: format!("c-{c}"),
                entity_hash: format!("e-{n}"),
            });
        }
        let out = store.monitor().apply_screening(batch).await.unwrap();
        assert_eq!(out.raised as usize, customers.len());
        store.close().await;
    });
}

/// Runs the binary with extra environment variables.
fn run_env(cli: &Cli, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_denylist"));
    cmd.arg("--data-dir").arg(cli.dir.path()).args(args);
    for k in [
        "RUST_LOG",
        "DENYLIST_DATA",
        "DENYLIST_WEBHOOK_URL",
        "DENYLIST_WEBHOOK_SECRET",
        "DENYLIST_WEBHOOK_SECRET_FILE",
    ] {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// (delivery id, event, signature valid, customer id) of each request.
type Log = Arc<Mutex<Vec<(String, String, bool, String)>>>;

/// A receiver answering 204 to well-signed requests, 401 otherwise.
fn receiver() -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let log: Log = Arc::default();
    let seen = log.clone();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut headers = Vec::new();
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                    break;
                }
                if let Some((k, v)) = line.trim_end().split_once(':') {
                    headers.push((k.to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            let header = |name: &str| {
                headers
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let mut body = vec![0; header("content-length").parse().unwrap_or(0)];
            reader.read_exact(&mut body).unwrap();
            let signed = denylist_webhooks::verify(
                SECRET.as_bytes(),
                &header("x-denylist-timestamp"),
                &body,
                &header("x-denylist-signature"),
                chrono::Utc::now(),
                denylist_webhooks::DEFAULT_TOLERANCE,
            )
            .is_ok();
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
            seen.lock().unwrap().push((
                header("x-denylist-delivery"),
                header("x-denylist-event"),
                signed,
                json["alert"]["customer_id"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            ));
            let status = if signed {
                "204 No Content"
            } else {
                "401 Unauthorized"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (url, log)
}

#[test]
fn deliver_signs_marks_and_reports_failures() {
    let cli = Cli::new();
    raise(&cli, &["C1", "C2"]);
    let status = cli.ok(&["webhooks", "status"]);
    assert!(
        status
            .stdout
            .starts_with("outbox: 2 pending, 0 retrying, 0 delivered\noldest undelivered:\n"),
        "{status:?}"
    );

    // No URL, then no secret: usage errors, nothing sent.
    let run = run_env(&cli, &["webhooks", "deliver"], &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("DENYLIST_WEBHOOK_URL"), "{run:?}");
    let (url, log) = receiver();
    let run = run_env(
        &cli,
        &["webhooks", "deliver"],
        &[("DENYLIST_WEBHOOK_URL", &url)],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no secret"), "{run:?}");

    // Up: both delivered, signed, in order.
    let env = [
        ("DENYLIST_WEBHOOK_URL", url.as_str()),
        ("DENYLIST_WEBHOOK_SECRET", SECRET),
    ];
    let run = run_env(&cli, &["webhooks", "deliver"], &env);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "delivered 2, failed 0, deferred 0\n");
    let got = log.lock().unwrap().clone();
    assert_eq!(
        got,
        [
            ("1".into(), "alert.opened".into(), true, "C1".into()),
            ("2".into(), "alert.opened".into(), true, "C2".into()),
        ]
    );
    let run = run_env(&cli, &["webhooks", "deliver", "--json"], &env);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["delivered"], serde_json::json!([]));

    // Down: exit 2, the row kept for a retry, the secret never shown.
    raise(&cli, &["C3"]);
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let down = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    let run = run_env(
        &cli,
        &["-v", "webhooks", "deliver"],
        &[
            ("DENYLIST_WEBHOOK_URL", &down),
            ("DENYLIST_WEBHOOK_SECRET", SECRET),
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stdout.starts_with(
            "delivered 0, failed 1, deferred 0\nfailed  delivery 3  A000003  attempt 1  next "
        ),
        "{run:?}"
    );
    assert!(run.stderr.contains("1 of 1 deliveries failed"), "{run:?}");
    assert!(!run.stderr.contains(SECRET) && !run.stdout.contains(SECRET));

    let status = cli.ok(&["webhooks", "status", "--json"]).json();
    assert_eq!(
        (
            &status["pending"],
            &status["retrying"],
            &status["delivered"]
        ),
        (&0.into(), &1.into(), &2.into())
    );
    let row = &status["undelivered"][0];
    assert_eq!(
        (&row["id"], &row["alert_id"]),
        (&3.into(), &"A000003".into())
    );
    assert_eq!(row["attempts"], 1);
    let err = row["last_error"].as_str().unwrap().to_lowercase();
    assert!(err.contains("connect"), "{err}");
    assert_eq!(log.lock().unwrap().len(), 2);
}

#[test]
fn a_short_secret_is_refused() {
    let cli = Cli::new();
    let run = run_env(
        &cli,
        &["webhooks", "deliver"],
        &[
            ("DENYLIST_WEBHOOK_URL", "http://127.0.0.1:9/hook"),
            ("DENYLIST_WEBHOOK_SECRET", "short"),
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("at least 16 bytes"), "{run:?}");
    assert!(!run.stderr.contains("short\""), "{run:?}");
}

#[test]
fn serve_refuses_a_webhook_without_a_secret() {
    let cli = Cli::new();
    let run = run_env(
        &cli,
        &["serve", "--no-auth", "--listen", "127.0.0.1:0"],
        &[("DENYLIST_WEBHOOK_URL", "http://127.0.0.1:9/hook")],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no secret"), "{run:?}");
}
