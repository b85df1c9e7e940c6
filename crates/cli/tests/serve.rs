//! `denylist keys` and `denylist serve` as a user runs them: the binary on
//! 127.0.0.1, real SDN files, JSON logs, and a list imported by another
//! process while requests keep coming.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// One HTTP/1.1 exchange on a fresh connection: status, headers (lower
/// case) and body. Enough for these tests without a client library.
fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Vec<(String, String)>, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        unchunk(body)
    } else {
        body.to_string()
    };
    (status.parse().unwrap(), headers, body)
}

fn unchunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap();
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

/// `denylist serve` running in the background.
struct Served {
    child: Child,
    addr: String,
    /// stderr lines so far.
    log: Arc<Mutex<Vec<String>>>,
}

impl Served {
    /// Starts `serve --listen 127.0.0.1:0 --log-format json` and waits
    /// until it answers `/readyz`.
    fn start(cli: &Cli, extra: &[&str], env: &[(&str, &str)]) -> Served {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_denylist"));
        cmd.arg("--data-dir")
            .arg(cli.dir.path())
            .args(["serve", "--listen", "127.0.0.1:0", "--log-format", "json"])
            .args(extra)
            .env_remove("RUST_LOG")
            .env_remove("DENYLIST_DATA")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        {
            let log = Arc::clone(&log);
            thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    if let Ok(v) = serde_json::from_str::<Value>(&line) {
                        if v["fields"]["message"] == "listening" {
                            let _ = tx.send(v["fields"]["addr"].as_str().unwrap().to_string());
                        }
                    }
                    log.lock().unwrap().push(line);
                }
            });
        }
        let addr = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no listening line: {:?}", log.lock().unwrap()));
        let started = Instant::now();
        while http(&addr, "GET", "/readyz", &[], "").0 != 200 {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "never ready: {:?}",
                log.lock().unwrap()
            );
            thread::sleep(Duration::from_millis(100));
        }
        Served { child, addr, log }
    }

    /// The JSON log lines so far.
    fn logs(&self) -> Vec<Value> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .map(|l| {
                serde_json::from_str(l).unwrap_or_else(|e| panic!("log line not JSON ({e}): {l}"))
            })
            .collect()
    }

    /// Sends SIGTERM and returns the exit code.
    fn terminate(mut self) -> (i32, Vec<Value>) {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success());
        let started = Instant::now();
        let code = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status.code().unwrap_or(-1);
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no exit after SIGTERM"
            );
            thread::sleep(Duration::from_millis(50));
        };
        // Let the reader thread drain the last lines.
        thread::sleep(Duration::from_millis(200));
        let logs = self.logs();
        (code, logs)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn keys_create_prints_the_key_once_and_stores_its_hash() {
    let cli = Cli::new();
    let run = cli.ok(&["keys", "create", "--name", "ci"]);
    let key = run.stdout.trim();
    assert_eq!(key.len(), 64, "{run:?}");
    assert!(key.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(run.stderr.contains("it is not shown again"), "{run:?}");
    let file = std::fs::read_to_string(cli.dir.path().join("api-keys.json")).unwrap();
    assert!(!file.contains(key), "the key itself is never stored");
    let stored: Value = serde_json::from_str(&file).unwrap();
    assert_eq!(stored[0]["name"], "ci");
    assert_eq!(stored[0]["sha256"], denylist_server::hash_key(key));
    let again = cli.run(&["keys", "create", "--name", "ci"]);
    assert_eq!(again.code, 2, "{again:?}");
    assert!(again.stderr.contains("already exists"), "{again:?}");
    assert!(again.stdout.is_empty());
    let second = cli.ok(&["keys", "create", "--name", "crm"]);
    assert_ne!(second.stdout.trim(), key);
    let empty = cli.run(&["keys", "create", "--name", " "]);
    assert_eq!(empty.code, 2, "{empty:?}");
}

#[test]
fn serve_refuses_no_auth_off_loopback_and_runs_without_keys_only_on_loopback() {
    let cli = Cli::new();
    let run = cli.run(&["serve", "--listen", "0.0.0.0:0", "--no-auth"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("--no-auth is only allowed on a loopback address"),
        "{run:?}"
    );
    let run = cli.run(&["serve", "--listen", "127.0.0.1:0"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("denylist keys create --name"),
        "{run:?}"
    );
    // On loopback, --no-auth serves without a key.
    let served = Served::start(&cli, &["--no-auth"], &[]);
    let (status, _, body) = http(&served.addr, "GET", "/v1/lists", &[], "");
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["lists"], serde_json::json!([]));
    let (code, logs) = served.terminate();
    assert_eq!(code, 0);
    assert!(logs
        .iter()
        .any(|l| l["level"] == "WARN" && l["fields"]["message"] == "API keys are off (--no-auth)"));
}

const DILIAN: &str = r#"{"queries": {"q": {"schema": "Person", "properties": {"name": ["Tal Dilian"], "birthDate": ["1961"]}}}}"#;

/// Whether a `/match` answer lists Tal Dilian (SDN 48060, listed 2024-03-05).
fn finds_dilian(body: &str) -> bool {
    json(body)["responses"]["q"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "us-ofac-sdn:48060" && r["match"] == true)
}

/// The issue's acceptance test: the server keeps answering while another
/// process imports a new list version; no request fails, and once the new
/// version is in, every later answer comes from it.
#[test]
fn import_while_serving_swaps_the_index_without_a_failed_request() {
    let cli = Cli::new();
    cli.ok(&[
        "import",
        s(&sdn_history("2024-03-04")),
        "--as-of",
        "2024-03-04",
    ]);
    let key = cli
        .ok(&["keys", "create", "--name", "ci"])
        .stdout
        .trim()
        .to_string();
    let served = Served::start(
        &cli,
        &["--poll-interval", "1"],
        &[("RUST_LOG", "denylist=info,denylist_server::access=debug")],
    );
    let addr = served.addr.clone();
    let auth = format!("Bearer {key}");
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];

    // Keys are required.
    let (status, h, body) = http(
        &addr,
        "POST",
        "/match/default",
        &[("Content-Type", "application/json")],
        DILIAN,
    );
    assert_eq!(status, 401, "{body}");
    assert!(h
        .iter()
        .any(|(k, v)| k == "www-authenticate" && v == "Bearer"));
    assert_eq!(json(&body)["error"]["code"], "unauthorized");
    let wrong = [
        ("Authorization", "Bearer 00ff"),
        ("Content-Type", "application/json"),
    ];
    assert_eq!(http(&addr, "POST", "/match/default", &wrong, DILIAN).0, 401);
    let (status, h, body) = http(
        &addr,
        "POST",
        "/match/default",
        &[headers[0], headers[1], ("x-request-id", "swap-test-1")],
        DILIAN,
    );
    assert_eq!(status, 200, "{body}");
    assert!(!finds_dilian(&body), "not listed before 2024-03-05");
    assert!(h
        .iter()
        .any(|(k, v)| k == "x-request-id" && v == "swap-test-1"));

    // A burst of requests from four clients while the new version comes in.
    let stop = Arc::new(AtomicBool::new(false));
    let seen_new = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (addr, auth, stop, seen_new) = (
                addr.clone(),
                auth.clone(),
                Arc::clone(&stop),
                Arc::clone(&seen_new),
            );
            thread::spawn(move || {
                let mut answers = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let headers = [
                        ("Authorization", auth.as_str()),
                        ("Content-Type", "application/json"),
                    ];
                    let (status, _, body) =
                        http(&addr, "POST", "/match/us-ofac-sdn", &headers, DILIAN);
                    let found = status == 200 && finds_dilian(&body);
                    if found {
                        seen_new.store(true, Ordering::Relaxed);
                    }
                    answers.push((status, found));
                }
                answers
            })
        })
        .collect();
    thread::sleep(Duration::from_millis(500));
    let import = cli.ok(&[
        "import",
        s(&sdn_history("2024-03-05")),
        "--as-of",
        "2024-03-05",
    ]);
    assert!(
        import.stdout.contains("imported us-ofac-sdn version"),
        "{import:?}"
    );
    let started = Instant::now();
    while !seen_new.load(Ordering::Relaxed) {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the new version never came in"
        );
        thread::sleep(Duration::from_millis(50));
    }
    thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::Relaxed);
    let answers: Vec<Vec<(u16, bool)>> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let all: Vec<&(u16, bool)> = answers.iter().flatten().collect();
    eprintln!(
        "{} requests during the swap, {} from the new version",
        all.len(),
        all.iter().filter(|(_, f)| *f).count()
    );
    let failed: Vec<_> = all.iter().filter(|(s, _)| *s != 200).collect();
    assert!(
        failed.is_empty(),
        "{} of {} requests failed: {failed:?}",
        failed.len(),
        all.len()
    );
    assert!(
        all.iter().any(|(_, f)| !f),
        "some answers came from the old version"
    );
    assert!(
        all.iter().any(|(_, f)| *f),
        "some answers came from the new version"
    );
    for client in &answers {
        let first_new = client.iter().position(|(_, f)| *f).unwrap_or(client.len());
        assert!(
            client[first_new..].iter().all(|(_, f)| *f),
            "once swapped, no answer comes from the old version"
        );
    }

    // The index holds the latest version; the swap is counted and logged.
    let (_, _, body) = http(&addr, "GET", "/v1/lists", &headers, "");
    let lists = json(&body);
    assert_eq!(
        lists["lists"][0]["indexed_version"],
        lists["lists"][0]["latest"]["id"]
    );
    assert_eq!(lists["lists"][0]["latest"]["published"], "2024-03-05");
    let (_, _, metrics) = http(&addr, "GET", "/metrics", &headers, "");
    assert!(
        metrics.contains("denylist_index_reloads_total 2\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("denylist_http_requests_total{route=\"/match/{dataset}\",status=\"200\"}"),
        "{metrics}"
    );
    // changed_since sees the 2024-03-05 additions only.
    let (status, _, body) = http(
        &addr,
        "POST",
        "/match/default?changed_since=2024-03-05",
        &headers,
        DILIAN,
    );
    assert_eq!(status, 200);
    assert!(finds_dilian(&body));
    let putin = r#"{"queries": {"q": {"schema": "Person", "properties": {"name": ["Vladimir Vladimirovich Putin"]}}}}"#;
    let (_, _, body) = http(
        &addr,
        "POST",
        "/match/default?changed_since=2024-03-05",
        &headers,
        putin,
    );
    assert_eq!(json(&body)["responses"]["q"]["total"]["value"], 0, "{body}");

    let (code, logs) = served.terminate();
    assert_eq!(code, 0, "{logs:?}");
    let has = |message: &str| logs.iter().any(|l| l["fields"]["message"] == message);
    assert!(has("listening") && has("server stopped"), "{logs:?}");
    assert!(
        logs.iter()
            .any(|l| l["fields"]["message"] == "serving new list version"
                && l["fields"]["source"] == "us-ofac-sdn"
                && l["fields"]["previous"] != "-"),
        "the swap is logged"
    );
    let access = logs
        .iter()
        .find(|l| l["span"]["request_id"] == "swap-test-1")
        .expect("the request id is in the access log");
    assert_eq!(access["fields"]["status"], 200);
    assert_eq!(access["span"]["path"], "/match/default");
    assert!(logs
        .iter()
        .filter(|l| l["target"] == "denylist_server::access")
        .all(|l| l["span"]["request_id"]
            .as_str()
            .is_some_and(|id| !id.is_empty() && id != "-")));
}
