//! Operations endpoints: `/healthz`, `/readyz`, `/metrics`, `/openapi.json`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// The routes of this module, documented.
pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(metrics))
        .routes(routes!(openapi))
}

/// Paths answered without an API key.
pub(crate) const PUBLIC_PATHS: [&str; 3] = ["/healthz", "/readyz", "/openapi.json"];

/// `/healthz` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Health {
    /// Always `ok`.
    status: String,
}

/// `/readyz` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Ready {
    /// Always `ready` (else the answer is a 503 error).
    status: String,
    /// Entities in the index.
    entities: usize,
    /// Lists in the index.
    lists: usize,
}

/// Liveness: the process answers. No API key needed.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "operations",
    security(()),
    responses((status = 200, description = "Alive", body = Health)),
)]
async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
    })
}

/// Readiness: 503 until the screening index is built. No API key needed.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    security(()),
    responses(
        (status = 200, description = "Ready to screen", body = Ready),
        (status = 503, description = "The index is not built yet", body = ErrorBody),
    ),
)]
async fn readyz(State(state): State<AppState>) -> Result<Json<Ready>, ApiError> {
    let index = state.ready_index()?;
    Ok(Json(Ready {
        status: "ready".into(),
        entities: index.matcher.len(),
        lists: index.versions.len(),
    }))
}

/// Prometheus metrics (text exposition format).
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "operations",
    responses(
        (status = 200, description = "Requests, latencies, matches, list versions and ages", body = String, content_type = "text/plain"),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
    ),
)]
async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(&state),
    )
        .into_response()
}

/// The OpenAPI document, serialized once when the router is built.
#[derive(Debug, Clone)]
pub(crate) struct OpenApiJson(pub Arc<str>);

/// This OpenAPI 3.1 document, generated from the code. No API key needed.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "operations",
    security(()),
    responses((status = 200, description = "The OpenAPI document", body = Object)),
)]
async fn openapi(Extension(doc): Extension<OpenApiJson>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        doc.0.to_string(),
    )
        .into_response()
}
