//! The denylist HTTP API: a screening service that drops in for yente.
//!
//! [`app`] builds the [`axum::Router`] over an [`AppState`] (the store and
//! the current screening [`Index`]); [`serve`] binds it to a socket, keeps
//! the index fresh by polling the store, and shuts down gracefully.
//!
//! Endpoints (see `docs/api.md`):
//!
//! - yente-compatible: `POST /match/{dataset}`, `GET /search/{dataset}`,
//!   `GET /entities/{id}`, `GET /catalog`, `GET /algorithms`;
//! - native: `POST /v1/screen`, `POST /v1/screen/batch` (NDJSON),
//!   `GET /v1/lists`, `GET /v1/lists/{source}/diff`;
//! - operations: `GET /healthz`, `GET /readyz`, `GET /metrics`,
//!   `GET /openapi.json`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwapOption;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use denylist_matching::{Match, Matcher, Query, ScreenOptions};
use denylist_model::{ListVersion, SourceId};
use denylist_store::{ListStore, Store, StoreError};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;

mod auth;
mod error;
mod metrics;
mod native;
mod openapi;
mod yente;

pub use auth::{create_key, hash_key, load_keys, ApiKeyEntry, KeyError, KeySet, KEYS_FILE};
pub use error::{ApiError, ApiJson};
pub use metrics::Metrics;

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
    /// The largest request body accepted, in bytes (else 413).
    pub body_limit: usize,
    /// Limits applied by the handlers.
    pub limits: Limits,
}

impl ServerConfig {
    /// A configuration with the defaults: auth on, poll every 5 s, 30 s
    /// timeout, 8 MiB bodies.
    pub fn new(listen: SocketAddr, data_dir: impl Into<PathBuf>) -> Self {
        ServerConfig {
            listen,
            data_dir: data_dir.into(),
            auth: true,
            poll_interval: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            body_limit: 8 * 1024 * 1024,
            limits: Limits::default(),
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

/// The screening index: one matcher over the latest version of every list.
#[derive(Debug)]
pub struct Index {
    /// The matcher over every entity of `versions`.
    pub matcher: Matcher,
    /// The list versions it was built from, by source id.
    pub versions: Vec<ListVersion>,
    /// When it was built.
    pub built_at: DateTime<Utc>,
}

impl Index {
    /// Builds an index from the latest version of every list in `store`.
    #[tracing::instrument(skip_all)]
    pub async fn build(store: &dyn ListStore) -> Result<Index, StoreError> {
        let mut versions = Vec::new();
        let mut entities = Vec::new();
        for summary in store.sources().await? {
            entities.extend(store.entities(&summary.latest.id).await?);
            versions.push(summary.latest);
        }
        versions.sort_by(|a, b| a.source.as_str().cmp(b.source.as_str()));
        let n = entities.len();
        let matcher = tokio::task::spawn_blocking(move || Matcher::build(entities))
            .await
            .map_err(|e| StoreError::Internal(format!("index build failed: {e}")))?;
        tracing::info!(
            entities = n,
            lists = versions.len(),
            "screening index built"
        );
        Ok(Index {
            matcher,
            versions,
            built_at: Utc::now(),
        })
    }

    /// The version of `source` the index holds.
    pub fn version_of(&self, source: &SourceId) -> Option<&ListVersion> {
        self.versions.iter().find(|v| &v.source == source)
    }

    /// Screens `q`, keeping only matches `keep` accepts, best first, at most
    /// `opts.limit`.
    pub fn screen_filtered(
        &self,
        q: &Query,
        opts: &ScreenOptions,
        keep: &dyn Fn(&Match) -> bool,
    ) -> Vec<Match> {
        let wide = ScreenOptions {
            limit: usize::MAX,
            ..*opts
        };
        let mut out: Vec<Match> = self
            .matcher
            .screen(q, &wide)
            .into_iter()
            .filter(|m| keep(m))
            .collect();
        out.truncate(opts.limit);
        out
    }
}

/// Shared state of every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The list store.
    pub store: Arc<dyn ListStore>,
    index: Arc<ArcSwapOption<Index>>,
    reload_lock: Arc<tokio::sync::Mutex<()>>,
    /// Accepted API keys.
    pub keys: Arc<KeySet>,
    /// Handler limits.
    pub limits: Limits,
    /// Request and match counters.
    pub metrics: Arc<Metrics>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("store", &self.store)
            .field("ready", &self.index.load().is_some())
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// A state with no index yet (`/readyz` answers 503 until [`reload`]).
    ///
    /// [`reload`]: AppState::reload
    pub fn new(store: Arc<dyn ListStore>, keys: KeySet, limits: Limits) -> Self {
        AppState {
            store,
            index: Arc::new(ArcSwapOption::empty()),
            reload_lock: Arc::new(tokio::sync::Mutex::new(())),
            keys: Arc::new(keys),
            limits,
            metrics: Arc::new(Metrics::default()),
        }
    }

    /// The current index, if built. In-flight requests keep the one they
    /// loaded while a reload swaps in the next.
    pub fn index(&self) -> Option<Arc<Index>> {
        self.index.load_full()
    }

    /// The current index or [`ApiError::NotReady`].
    pub fn ready_index(&self) -> Result<Arc<Index>, ApiError> {
        self.index().ok_or(ApiError::NotReady)
    }

    /// Rebuilds the index beside the current one when the store holds other
    /// latest versions than it, then swaps it in atomically. Returns whether
    /// a new index was swapped in.
    pub async fn reload(&self) -> Result<bool, StoreError> {
        let _guard = self.reload_lock.lock().await;
        let latest: Vec<String> = {
            let mut v: Vec<(String, String)> = self
                .store
                .sources()
                .await?
                .into_iter()
                .map(|s| (s.source.to_string(), s.latest.id.to_string()))
                .collect();
            v.sort();
            v.into_iter().map(|(_, id)| id).collect()
        };
        if let Some(cur) = self.index() {
            let held: Vec<String> = cur.versions.iter().map(|v| v.id.to_string()).collect();
            if held == latest {
                return Ok(false);
            }
        }
        let next = Index::build(&*self.store).await?;
        self.index.store(Some(Arc::new(next)));
        self.metrics.reloads.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }
}

/// The API router over `state`: every endpoint, auth, metrics and request
/// ids; no socket, body limit or timeout (see [`serve`] and [`app_with`]).
pub fn app(state: AppState) -> Router {
    app_with(state, 8 * 1024 * 1024, Duration::from_secs(30))
}

/// [`app`] with a body size limit and a per-request timeout.
pub fn app_with(state: AppState, body_limit: usize, timeout: Duration) -> Router {
    let api = Router::new()
        .merge(yente::router())
        .merge(native::router())
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::handler))
        .route("/openapi.json", get(openapi::handler))
        .fallback(fallback)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_key,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state);
    api.layer(axum::extract::DefaultBodyLimit::max(body_limit))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(body_limit))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(axum::middleware::map_response(error_bodies))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", method = %req.method(), uri = %req.uri().path(), request_id = %id)
            }),
        )
        .layer(SetRequestIdLayer::x_request_id(Counter::default()))
}

/// Request ids `<start-seconds>-<n>`, unique per process run.
#[derive(Debug, Clone, Default)]
struct Counter(Arc<AtomicU64>);

impl MakeRequestId for Counter {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.0.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("req-{n}"))
            .ok()
            .map(RequestId::new)
    }
}

async fn healthz() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({"status": "ok"}))
}

async fn readyz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let index = state.ready_index()?;
    Ok(axum::Json(serde_json::json!({
        "status": "ready",
        "entities": index.matcher.len(),
        "lists": index.versions.len(),
    })))
}

/// Gives the 408 of the timeout layer and the 413 of the body limit layer
/// our error body.
async fn error_bodies(resp: axum::response::Response) -> axum::response::Response {
    use axum::response::IntoResponse;
    let is_json = resp
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    match resp.status() {
        StatusCode::PAYLOAD_TOO_LARGE if !is_json => ApiError::PayloadTooLarge.into_response(),
        StatusCode::REQUEST_TIMEOUT if !is_json => ApiError::Timeout.into_response(),
        _ => resp,
    }
}

async fn fallback() -> ApiError {
    ApiError::NotFound("no such endpoint".into())
}

/// Runs the API on `config.listen` over `store` until Ctrl-C or SIGTERM:
/// checks the configuration, loads the API keys, builds the index in the
/// background (`/readyz` is 503 until then) and polls the store for new
/// versions every `config.poll_interval`.
pub async fn serve(config: ServerConfig, store: Store) -> Result<(), ServerError> {
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
    let state = AppState::new(store.backend(), keys, config.limits);
    let poller = {
        let state = state.clone();
        let every = config.poll_interval;
        tokio::spawn(async move {
            loop {
                if let Err(e) = state.reload().await {
                    tracing::error!(error = %e, "index reload failed");
                }
                tokio::time::sleep(every).await;
            }
        })
    };
    let router = app_with(state, config.body_limit, config.request_timeout);
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServerError::Io {
            addr: config.listen,
            source,
        })?;
    tracing::info!(addr = %config.listen, "listening");
    let result = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|source| ServerError::Io {
            addr: config.listen,
            source,
        });
    poller.abort();
    tracing::info!("server stopped");
    result
}

async fn shutdown_signal() {
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
    tracing::info!("shutting down");
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
        c.auth = true;
        assert!(c.validate().is_ok());
    }
}
