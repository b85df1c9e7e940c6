//! A webhook receiver on 127.0.0.1 that checks signatures and records what
//! it accepted, and helpers that raise alerts in a store.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use denylist_model::{EntityId, VersionId};
use denylist_store::{
    sha256, version_id_for, AuditContext, Customer, MatchObservation, ScreeningBatch,
    ScreeningOutcome, Store,
};
use denylist_webhooks::{
    verify, Secret, WebhookConfig, DEFAULT_TOLERANCE, DELIVERY_HEADER, EVENT_HEADER,
    SIGNATURE_HEADER, TIMESTAMP_HEADER,
};

/// The secret shared by the deliverer and the receiver in tests.
pub const SECRET: &str = "whsec_test_0123456789abcdef";

/// How the receiver answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// 204 for a good signature, 401 for a bad one.
    Accept,
    /// 500 with a body, whatever the request.
    Fail,
    /// 302 to another path.
    Redirect,
    /// Sleeps this long before answering 204.
    Slow(Duration),
}

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    /// `X-Denylist-Delivery`.
    pub delivery: String,
    /// `X-Denylist-Event`.
    pub event: String,
    /// The parsed body.
    pub body: serde_json::Value,
    /// The signature checked out.
    pub signed: bool,
    /// The status answered.
    pub status: u16,
}

/// How the receiver answers and what it got.
type Shared = Arc<Mutex<(Mode, Vec<Received>)>>;

/// What the receiver saw.
#[derive(Debug, Clone)]
pub struct Receiver {
    state: Shared,
    /// Where it listens.
    pub addr: SocketAddr,
    task: Arc<tokio::task::JoinHandle<()>>,
}

impl Receiver {
    /// Starts a receiver on `addr` (port 0 for any free port).
    pub async fn start(addr: SocketAddr, mode: Mode) -> Receiver {
        let state: Shared = Arc::new(Mutex::new((mode, Vec::new())));
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new()
            .route("/hook", post(receive))
            .with_state(state.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Receiver {
            state,
            addr,
            task: Arc::new(task),
        }
    }

    /// The URL deliveries go to.
    pub fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    /// Changes how it answers.
    pub fn set_mode(&self, mode: Mode) {
        self.state.lock().unwrap().0 = mode;
    }

    /// Every request so far.
    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().1.clone()
    }

    /// Deliveries answered 2xx, counted by delivery id.
    pub fn accepted(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for r in self.received().iter().filter(|r| r.status < 300) {
            *out.entry(r.delivery.clone()).or_insert(0) += 1;
        }
        out
    }

    /// Stops listening (new connections are refused).
    pub fn stop(&self) {
        self.task.abort();
    }
}

async fn receive(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, [(&'static str, &'static str); 1], &'static str) {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let signed = verify(
        SECRET.as_bytes(),
        &header(TIMESTAMP_HEADER),
        &body,
        &header(SIGNATURE_HEADER),
        chrono::Utc::now(),
        DEFAULT_TOLERANCE,
    )
    .is_ok();
    let mode = state.lock().unwrap().0;
    let (status, text) = match mode {
        Mode::Accept if signed => (StatusCode::NO_CONTENT, ""),
        Mode::Accept => (StatusCode::UNAUTHORIZED, "bad signature"),
        Mode::Fail => (StatusCode::INTERNAL_SERVER_ERROR, "receiver broken"),
        Mode::Redirect => (StatusCode::FOUND, ""),
        Mode::Slow(d) => {
            tokio::time::sleep(d).await;
            (StatusCode::NO_CONTENT, "")
        }
    };
    state.lock().unwrap().1.push(Received {
        delivery: header(DELIVERY_HEADER),
        event: header(EVENT_HEADER),
        body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
        signed,
        status: status.as_u16(),
    });
    (status, [("location", "/elsewhere")], text)
}

/// A webhook configuration for `url` with the test secret.
pub fn config(url: &str) -> WebhookConfig {
    let mut c = WebhookConfig::new(url, Secret::new(SECRET).unwrap()).unwrap();
    c.timeout = Duration::from_secs(5);
    c
}

/// A version id named after `name`.
pub fn version_of(name: &str) -> VersionId {
    version_id_for(&[sha256(name.as_bytes())])
}

fn entity(native: &str) -> EntityId {
    format!("us-ofac-sdn:{native}").parse().unwrap()
}

/// Registers `customers` and raises one alert per (customer, entity) pair
/// in one screening run, as the monitor engine does.
pub async fn raise(store: &Store, pairs: &[(&str, &str)]) -> ScreeningOutcome {
    let mut batch = ScreeningBatch::new(AuditContext::new("system", "test"));
    let version = version_of("v1");
    for (customer, native) in pairs {
        if !batch.customers.iter().any(|c| c.id == *customer) {
            batch
                .customers
                .push(Customer::new(*customer, format!("Customer {customer}")));
        }
        batch.matches.push(MatchObservation {
            customer_id: customer.to_string(),
            entity_id: entity(native),
            score: 0.9,
            entity_name: format!("ENTITY {native}"),
            customer_name: format!("Customer {customer}"),
            matched_name: format!("ENTITY {native}"),
            explanation: serde_json::json!({"score": 0.9}),
            version: version.clone(),
            customer_hash: format!("c-{customer}"),
            entity_hash: format!("e-{native}"),
        });
    }
    store.monitor().apply_screening(batch).await.unwrap()
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
pub async fn closed_port() -> SocketAddr {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap()
}
