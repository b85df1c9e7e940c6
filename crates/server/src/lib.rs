//! The denylist HTTP API: a screening service that drops in for yente.
//!
//! [`app`] builds the [`axum::Router`] over an [`AppState`] (the store and
//! the current screening [`Index`]); [`Server`] binds it to a socket, keeps
//! the index fresh by polling the store, and shuts down gracefully;
//! [`openapi`] is the OpenAPI document generated from the handlers.
//!
//! Endpoints (see `docs/api.md`):
//!
//! - yente-compatible: `POST /match/{dataset}`, `GET /search/{dataset}`,
//!   `GET /entities/{id}`, `GET /catalog`, `GET /algorithms`;
//! - native: `POST /v1/screen`, `POST /v1/screen/batch` (NDJSON),
//!   `GET /v1/lists`, `GET /v1/lists/{source}/diff`;
//! - operations: `GET /healthz`, `GET /readyz`, `GET /metrics`,
//!   `GET /openapi.json`.
//!
//! ```
//! let doc = denylist_server::openapi();
//! assert!(doc.paths.paths.contains_key("/match/{dataset}"));
//! ```

use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use denylist_store::{ListStore, Store, StoreError};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;

mod auth;
mod error;
mod index;
mod metrics;
mod monitor;
mod native;
mod openapi;
mod ops;
mod state;
mod yente;

pub use auth::{create_key, hash_key, load_keys, ApiKeyEntry, KeyError, KeySet, KEYS_FILE};
pub use error::{ApiError, ApiJson, ApiPath, ErrorBody, ErrorDetail};
pub use index::{version_date, EntityDates, Index};
pub use metrics::Metrics;
pub use state::AppState;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// The data directory (holds `api-keys.json`).
    pub data_dir: PathBuf,
    /// Require an API key (`Authorization: Bearer <key>`). Turning it off is
    /// only allowed on a loopback address.
    pub auth: bool,
    /// How often the store is polled for new list versions.
    pub poll_interval: Duration,
    /// Requests taking longer are answered 408.
    pub request_timeout: Duration,
    /// How long in-flight requests may run after a shutdown signal.
    pub shutdown_grace: Duration,
    /// The largest request body accepted, in bytes (else 413).
    pub body_limit: usize,
    /// Limits applied by the handlers.
    pub limits: Limits,
    /// Where new alerts are delivered (in the background, every
    /// `poll_interval`), when set and monitoring is enabled.
    pub webhook: Option<denylist_webhooks::WebhookConfig>,
}

impl ServerConfig {
    /// A configuration with the defaults: auth on, poll every 5 s, 30 s
    /// timeout and shutdown grace, 8 MiB bodies.
    pub fn new(listen: SocketAddr, data_dir: impl Into<PathBuf>) -> Self {
        ServerConfig {
            listen,
            data_dir: data_dir.into(),
            auth: true,
            poll_interval: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(30),
            body_limit: 8 * 1024 * 1024,
            limits: Limits::default(),
            webhook: None,
        }
    }

    /// Checks the configuration: auth may only be off on loopback.
    pub fn validate(&self) -> Result<(), ServerError> {
        if !self.auth && !self.listen.ip().is_loopback() {
            return Err(ServerError::NoAuthOnPublicAddress(self.listen));
        }
        Ok(())
    }
}

/// Limits applied by the handlers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Most queries in one `/match` request or lines in one batch.
    pub max_queries: usize,
    /// Largest `limit` a client may ask for.
    pub max_limit: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_queries: 1000,
            max_limit: 500,
        }
    }
}

/// What can stop the server from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// `--no-auth` on an address reachable from other machines.
    #[error(
        "refusing to run without API keys on {0}: --no-auth is only allowed on a loopback address"
    )]
    NoAuthOnPublicAddress(SocketAddr),
    /// Auth is on but no key exists.
    #[error("no API keys in {0}: create one with `denylist keys create --name NAME`")]
    NoKeys(PathBuf),
    /// The key file is unreadable.
    #[error(transparent)]
    Keys(#[from] KeyError),
    /// The socket could not be bound or served.
    #[error("{addr}: {source}")]
    Io {
        /// The listen address.
        addr: SocketAddr,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The store failed while building the index.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Every route group of the API with its OpenAPI description: the one
/// place where groups are merged. A new group is a module with its own
/// `router()` of `routes!(...)`, merged here.
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(yente::router())
        .merge(native::router())
        .merge(monitor::router())
        .merge(ops::router())
}

/// The OpenAPI 3.1 document of every endpoint, generated from the handlers
/// (what `GET /openapi.json` serves).
pub fn openapi() -> utoipa::openapi::OpenApi {
    routes().into_openapi()
}

/// The API router over `state`: every endpoint, auth, metrics, request ids,
/// JSON error bodies, an 8 MiB body limit and a 30 s timeout; no socket
/// (see [`Server`] and [`app_with`]).
pub fn app(state: AppState) -> Router {
    app_with(state, 8 * 1024 * 1024, Duration::from_secs(30))
}

/// [`app`] with a body size limit and a per-request timeout.
pub fn app_with(state: AppState, body_limit: usize, timeout: Duration) -> Router {
    let (router, doc) = routes().split_for_parts();
    let doc = ops::OpenApiJson(doc.to_json().unwrap_or_default().into());
    router
        .fallback(fallback)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_key,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(axum::Extension(doc))
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(body_limit))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(body_limit))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(axum::middleware::map_response(error_bodies))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<Body>| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!(
                        "request",
                        method = %req.method(),
                        path = %req.uri().path(),
                        request_id = %id,
                    )
                })
                .on_request(())
                .on_response(
                    |resp: &Response<_>, latency: Duration, _: &tracing::Span| {
                        let status = resp.status().as_u16();
                        let ms = latency.as_secs_f64() * 1000.0;
                        if status >= 500 {
                            tracing::warn!(target: "denylist_server::access", status, ms, "request failed");
                        } else {
                            tracing::debug!(target: "denylist_server::access", status, ms, "request");
                        }
                    },
                )
                .on_failure(()),
        )
        .layer(SetRequestIdLayer::x_request_id(RequestIds::new()))
}

/// Request ids `<random per process>-<counter>`, for requests that come
/// without an `x-request-id`.
#[derive(Debug, Clone)]
struct RequestIds {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl RequestIds {
    fn new() -> Self {
        let mut raw = [0u8; 4];
        // Without randomness the ids are still unique within the process.
        let _ = getrandom::getrandom(&mut raw);
        RequestIds {
            prefix: hex::encode(raw).into(),
            next: Arc::new(AtomicU64::new(1)),
        }
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// Gives every error answered outside our handlers (axum's 405, the 408 of
/// the timeout layer, the 413 of the body limit layer, extractor rejections)
/// our JSON error body, keeping its other headers (`Allow`).
async fn error_bodies(resp: Response) -> Response {
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if status.as_u16() < 400 || is_json {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let err = ApiError::from_status(status, &String::from_utf8_lossy(&text));
    let mut out = (status, axum::Json(err.body())).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name, value.clone());
        }
    }
    out
}

async fn fallback(req: Request<Body>) -> ApiError {
    ApiError::NotFound(format!(
        "no such endpoint: {} {}",
        req.method(),
        req.uri().path()
    ))
}

/// A bound, not yet running API server.
#[derive(Debug)]
pub struct Server {
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
    state: AppState,
    config: ServerConfig,
}

impl Server {
    /// Checks the configuration, loads the API keys and binds the socket.
    pub async fn bind(
        config: ServerConfig,
        store: Arc<dyn ListStore>,
    ) -> Result<Server, ServerError> {
        config.validate()?;
        let keys = if config.auth {
            let entries = load_keys(&config.data_dir)?;
            if entries.is_empty() {
                return Err(ServerError::NoKeys(config.data_dir.clone()));
            }
            KeySet::from_entries(&entries)
        } else {
            tracing::warn!(addr = %config.listen, "API keys are off (--no-auth)");
            KeySet::disabled()
        };
        let io = |source| ServerError::Io {
            addr: config.listen,
            source,
        };
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(io)?;
        let addr = listener.local_addr().map_err(io)?;
        let state = AppState::new(store, keys, config.limits);
        Ok(Server {
            listener,
            addr,
            state,
            config,
        })
    }

    /// The bound address (the real port when `listen` had port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The state the handlers share.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes: builds the index in the background
    /// (`/readyz` is 503 until then) and polls the store for new versions.
    /// On shutdown it stops accepting connections and lets requests in
    /// flight finish, for at most `shutdown_grace`.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let Server {
            listener,
            addr,
            state,
            config,
        } = self;
        let poller = {
            let state = state.clone();
            let every = config.poll_interval;
            tokio::spawn(async move {
                loop {
                    if let Err(e) = state.reload_and_sync().await {
                        tracing::error!(error = %e, "index reload failed; still serving the previous index");
                    }
                    tokio::time::sleep(every).await;
                }
            })
        };
        let deliverer =
            monitor::spawn_deliverer(&state, config.webhook.as_ref(), config.poll_interval);
        let router = app_with(state, config.body_limit, config.request_timeout);
        tracing::info!(addr = %addr, "listening");
        let (stopping_tx, mut stopping) = tokio::sync::watch::channel(false);
        let signal = async move {
            shutdown.await;
            tracing::info!("shutting down: no new connections, finishing requests in flight");
            let _ = stopping_tx.send(true);
        };
        let grace = config.shutdown_grace;
        let deadline = async move {
            let _ = stopping.wait_for(|s| *s).await;
            tokio::time::sleep(grace).await;
        };
        let served = axum::serve(listener, router)
            .with_graceful_shutdown(signal)
            .into_future();
        let result = tokio::select! {
            r = served => r.map_err(|source| ServerError::Io { addr, source }),
            () = deadline => {
                tracing::warn!(seconds = grace.as_secs(), "requests still running after the shutdown grace period; stopping anyway");
                Ok(())
            }
        };
        poller.abort();
        if let Some(d) = deliverer {
            d.abort();
        }
        tracing::info!("server stopped");
        result
    }
}

/// Runs the API on `config.listen` over `store` until Ctrl-C or SIGTERM (see
/// [`Server::run_until`]).
pub async fn serve(config: ServerConfig, store: Store) -> Result<(), ServerError> {
    Server::bind(config, store.backend())
        .await?
        .with_monitor(store)
        .run_until(shutdown_signal())
        .await
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_auth_only_on_loopback() {
        let mut c = ServerConfig::new("127.0.0.1:8000".parse().unwrap(), "/tmp/x");
        c.auth = false;
        assert!(c.validate().is_ok());
        c.listen = "[::1]:8000".parse().unwrap();
        assert!(c.validate().is_ok());
        c.listen = "0.0.0.0:8000".parse().unwrap();
        assert!(matches!(
            c.validate(),
            Err(ServerError::NoAuthOnPublicAddress(_))
        ));
        c.listen = "192.168.1.5:8000".parse().unwrap();
        assert!(c.validate().is_err());
        c.auth = true;
        assert!(c.validate().is_ok());
    }

    #[test]
    fn error_status_maps_to_code() {
        for (status, code) in [
            (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            (StatusCode::REQUEST_TIMEOUT, "timeout"),
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            (StatusCode::BAD_REQUEST, "bad_request"),
            (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        ] {
            assert_eq!(ApiError::from_status(status, "").code(), code);
            assert_eq!(ApiError::from_status(status, "").status(), status);
        }
    }
}
