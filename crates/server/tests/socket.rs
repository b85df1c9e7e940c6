//! The server on a real socket (127.0.0.1, port 0): every endpoint over
//! HTTP with an API key, the errors a client can cause, and a graceful
//! shutdown that lets a streaming request finish.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use common::*;
use denylist_server::{create_key, Server, ServerConfig};
use reqwest::StatusCode;
use serde_json::{json, Value};

struct Running {
    base: String,
    key: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<Result<(), denylist_server::ServerError>>,
    _f: Fixture,
}

/// The fixture's store served on 127.0.0.1 with one API key, ready.
async fn start(body_limit: usize) -> Running {
    let f = open().await;
    let key = create_key(f.dir.path(), "ci").unwrap();
    let mut config = ServerConfig::new("127.0.0.1:0".parse().unwrap(), f.dir.path());
    config.body_limit = body_limit;
    config.poll_interval = Duration::from_millis(50);
    let server = Server::bind(config, f.store.backend()).await.unwrap();
    let addr: SocketAddr = server.local_addr();
    assert!(addr.ip().is_loopback() && addr.port() != 0);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let done = tokio::spawn(server.run_until(async {
        let _ = rx.await;
    }));
    let base = format!("http://{addr}");
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await {
            if r.status() == StatusCode::OK {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    Running {
        base,
        key,
        stop: Some(tx),
        done,
        _f: f,
    }
}

impl Running {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let r = reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(&self.key)
            .send()
            .await
            .unwrap();
        read(r).await
    }

    async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let r = reqwest::Client::new()
            .post(self.url(path))
            .bearer_auth(&self.key)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        read(r).await
    }
}

async fn read(r: reqwest::Response) -> (StatusCode, Value) {
    let status = r.status();
    let text = r.text().await.unwrap();
    let v = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, v)
}

fn is_error(got: &(StatusCode, Value), status: StatusCode, code: &str) -> bool {
    got.0 == status && got.1["error"]["code"] == code
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_over_http() {
    let s = start(64 * 1024).await;
    let (st, v) = s.post("/match/default", &putin_query()).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        v["responses"]["q1"]["results"][0]["id"],
        "us-ofac-sdn:35096"
    );
    let (st, v) = s.get("/search/un-sc?q=Ayman%20al-Zawahiri").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["results"][0]["id"], "un-sc:QDi.001");
    let (st, v) = s.get("/entities/un-sc:QDi.001").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["caption"], "Ayman Muhammed Rabi al-Zawahiri");
    assert_eq!(
        s.get("/catalog").await.1["current"],
        json!(["un-sc", "us-ofac-sdn"])
    );
    assert_eq!(s.get("/algorithms").await.1["default"], "denylist");
    let (st, v) = s.post("/v1/screen", &json!({"name": "Tal Dilian"})).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["matches"][0]["entity_id"], "us-ofac-sdn:48060");
    let batch = reqwest::Client::new()
        .post(s.url("/v1/screen/batch"))
        .bearer_auth(&s.key)
        .header("content-type", "application/x-ndjson")
        .body("{\"id\": 1, \"name\": \"Tal Dilian\"}\n{\"id\": 2, \"name\": \"Vladimir Putin\"}\n")
        .send()
        .await
        .unwrap();
    assert_eq!(batch.status(), StatusCode::OK);
    let text = batch.text().await.unwrap();
    let ids: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["matches"][0]["entity_id"].clone())
        .collect();
    assert_eq!(
        ids,
        [json!("us-ofac-sdn:48060"), json!("us-ofac-sdn:35096")]
    );
    let (st, v) = s.get("/v1/lists").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(v["lists"].as_array().unwrap().len(), 2);
    let (st, v) = s.get("/v1/lists/us-ofac-sdn/diff").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        v["added"].as_array().unwrap().len(),
        3,
        "first version: all added"
    );
    assert_eq!(s.get("/healthz").await.1["status"], "ok");
    assert_eq!(s.get("/readyz").await.1["entities"], 4);
    let (st, v) = s.get("/openapi.json").await;
    assert_eq!(st, StatusCode::OK);
    assert!(v["paths"]["/v1/screen"]["post"].is_object());
    let metrics = reqwest::Client::new()
        .get(s.url("/metrics"))
        .bearer_auth(&s.key)
        .send()
        .await
        .unwrap();
    assert_eq!(
        metrics.headers()["content-type"],
        "text/plain; version=0.0.4"
    );
    let text = metrics.text().await.unwrap();
    assert!(
        text.contains("denylist_http_requests_total{route=\"/match/{dataset}\",status=\"200\"} 1"),
        "{text}"
    );

    // Errors a client can cause.
    let client = reqwest::Client::new();
    let no_key = read(
        client
            .post(s.url("/match/default"))
            .header("content-type", "application/json")
            .body(putin_query().to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        is_error(&no_key, StatusCode::UNAUTHORIZED, "unauthorized"),
        "{no_key:?}"
    );
    let bad_key = read(
        client
            .post(s.url("/match/default"))
            .bearer_auth("not-a-key")
            .header("content-type", "application/json")
            .body(putin_query().to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        is_error(&bad_key, StatusCode::UNAUTHORIZED, "unauthorized"),
        "{bad_key:?}"
    );
    let malformed = read(
        client
            .post(s.url("/match/default"))
            .bearer_auth(&s.key)
            .header("content-type", "application/json")
            .body("{\"queries\": {,}")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        is_error(&malformed, StatusCode::BAD_REQUEST, "bad_request"),
        "{malformed:?}"
    );
    let unknown = s.post("/match/eu-fsf", &putin_query()).await;
    assert!(
        is_error(&unknown, StatusCode::NOT_FOUND, "not_found"),
        "{unknown:?}"
    );
    let big = json!({"queries": {"a": {"properties": {"name": ["x".repeat(100_000)]}}}});
    let oversize = s.post("/match/default", &big).await;
    assert!(
        is_error(
            &oversize,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large"
        ),
        "{oversize:?}"
    );
    let route = s.get("/v2/screen").await;
    assert!(
        is_error(&route, StatusCode::NOT_FOUND, "not_found"),
        "{route:?}"
    );
    let method = read(
        client
            .put(s.url("/v1/screen"))
            .bearer_auth(&s.key)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        is_error(
            &method,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed"
        ),
        "{method:?}"
    );

    let mut s = s;
    s.stop.take().unwrap().send(()).unwrap();
    s.done.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_requests_in_flight() {
    let mut s = start(8 << 20).await;
    // A batch large enough that its answer streams for a while.
    let lines: String = (0..1000)
        .map(|i| {
            let name = [
                "Vladimir Putin",
                "Tal Dilian",
                "Ayman al-Zawahiri",
                "Ocean Star",
            ][i % 4];
            format!("{{\"id\": {i}, \"name\": \"{name}\"}}\n")
        })
        .collect();
    let client = reqwest::Client::new();
    let mut resp = client
        .post(s.url("/v1/screen/batch"))
        .bearer_auth(&s.key)
        .body(lines)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let first = resp.chunk().await.unwrap().expect("a first chunk");
    // The request is in flight: ask the server to stop.
    s.stop.take().unwrap().send(()).unwrap();
    let mut body = first.to_vec();
    while let Some(chunk) = resp.chunk().await.unwrap() {
        body.extend_from_slice(&chunk);
    }
    let text = String::from_utf8(body).unwrap();
    let out: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), 1000, "every line answered");
    assert_eq!(out[999]["id"], 999);
    assert!(out.iter().all(|l| l.get("error").is_none()));
    let healthz = s.url("/healthz");
    tokio::time::timeout(Duration::from_secs(30), s.done)
        .await
        .expect("the server stops once the request is done")
        .unwrap()
        .unwrap();
    // No longer accepting connections.
    assert!(client.get(healthz).send().await.is_err());
}

#[tokio::test]
async fn bind_refuses_no_auth_off_loopback_and_missing_keys() {
    let f = open().await;
    let mut config = ServerConfig::new("0.0.0.0:0".parse().unwrap(), f.dir.path());
    config.auth = false;
    let err = Server::bind(config.clone(), f.store.backend())
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("only allowed on a loopback address"),
        "{err}"
    );
    config.auth = true;
    config.listen = "127.0.0.1:0".parse().unwrap();
    let err = Server::bind(config, Arc::clone(&f.store.backend()))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("denylist keys create"), "{err}");
}
