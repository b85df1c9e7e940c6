//! Native endpoints: `/v1/screen`, `/v1/screen/batch` (NDJSON),
//! `/v1/lists`, `/v1/lists/{source}/diff`.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query as QueryParams, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use denylist_matching::{Match, ScreenOptions, DEFAULT_THRESHOLD};
use denylist_model::{Schema, SourceId};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::yente::{build_query, parse_algorithm, parse_date, resolve_dataset};
use crate::{ApiError, ApiJson, AppState, Index, Limits};

/// The routes of this module.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/screen", post(screen_handler))
        .route("/v1/screen/batch", post(batch_handler))
        .route("/v1/lists", get(lists_handler))
        .route("/v1/lists/{source}/diff", get(diff_handler))
}

/// One subject to screen.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScreenRequest {
    /// Caller's reference, echoed in batch output.
    #[serde(default)]
    id: Option<Value>,
    name: String,
    #[serde(default)]
    schema: Option<String>,
    #[serde(default)]
    birth_date: Option<String>,
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    identifiers: Vec<String>,
    #[serde(default)]
    threshold: Option<f64>,
    #[serde(default)]
    limit: Option<usize>,
    #[serde(default)]
    algorithm: Option<String>,
    /// A source id or collection (`default`).
    #[serde(default)]
    dataset: Option<String>,
}

/// A validated [`ScreenRequest`] ready to run.
struct Prepared {
    query: denylist_matching::Query,
    opts: ScreenOptions,
    datasets: Option<std::collections::HashSet<SourceId>>,
}

fn prepare(r: &ScreenRequest, index: &Index, limits: &Limits) -> Result<Prepared, ApiError> {
    if r.name.trim().is_empty() {
        return Err(ApiError::Unprocessable("name: must not be empty".into()));
    }
    let schema = match r.schema.as_deref() {
        None => None,
        Some(s) => Some(
            Schema::parse(s)
                .ok_or_else(|| ApiError::Unprocessable(format!("schema: unknown schema {s:?}")))?,
        ),
    };
    let birth = match r.birth_date.as_deref() {
        None => None,
        Some(d) => Some(
            parse_date(d)
                .ok_or_else(|| ApiError::Unprocessable(format!("birth_date: bad date {d:?}")))?,
        ),
    };
    let threshold = r.threshold.unwrap_or(DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        return Err(ApiError::Unprocessable(format!(
            "threshold: {threshold} is not in [0, 1]"
        )));
    }
    Ok(Prepared {
        query: build_query(r.name.clone(), schema, birth, &r.countries, &r.identifiers),
        opts: ScreenOptions {
            threshold,
            limit: r.limit.unwrap_or(10).min(limits.max_limit),
            algorithm: parse_algorithm(r.algorithm.as_deref())?,
        },
        datasets: resolve_dataset(index, r.dataset.as_deref().unwrap_or("default"))?,
    })
}

fn run(index: &Index, p: &Prepared) -> Vec<Match> {
    index.screen_filtered(&p.query, &p.opts, &|m| {
        p.datasets.as_ref().is_none_or(|d| d.contains(&m.source))
    })
}

fn versions_json(index: &Index) -> Value {
    json!(index
        .versions
        .iter()
        .map(|v| json!({"source": v.source.as_str(), "version": v.id.as_str(), "published": v.published}))
        .collect::<Vec<_>>())
}

async fn screen_handler(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ScreenRequest>,
) -> Result<Json<Value>, ApiError> {
    let index = state.ready_index()?;
    let p = prepare(&req, &index, &state.limits)?;
    let idx = Arc::clone(&index);
    let matches = tokio::task::spawn_blocking(move || run(&idx, &p))
        .await
        .map_err(|e| ApiError::Internal(format!("screening task: {e}")))?;
    state.metrics.add_matches(1, matches.len() as u64);
    Ok(Json(json!({
        "id": req.id,
        "matches": matches,
        "lists": versions_json(&index),
    })))
}

/// NDJSON in (one [`ScreenRequest`] a line), NDJSON out in the same order:
/// `{"line", "id", "matches"}` or `{"line", "id", "error"}`. A bad line does
/// not stop the batch.
async fn batch_handler(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let index = state.ready_index()?;
    let text = std::str::from_utf8(&body)
        .map_err(|e| ApiError::BadRequest(format!("body is not UTF-8: {e}")))?
        .to_string();
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    if lines > state.limits.max_queries {
        return Err(ApiError::Unprocessable(format!(
            "{lines} lines in one batch; the limit is {}",
            state.limits.max_queries
        )));
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(64);
    let limits = state.limits;
    let metrics = Arc::clone(&state.metrics);
    tokio::task::spawn_blocking(move || {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let out = match serde_json::from_str::<ScreenRequest>(line) {
                Err(e) => {
                    json!({"line": i + 1, "error": {"code": "unprocessable", "message": e.to_string()}})
                }
                Ok(req) => match prepare(&req, &index, &limits) {
                    Err(e) => {
                        json!({"line": i + 1, "id": req.id, "error": {"code": e.code(), "message": e.to_string()}})
                    }
                    Ok(p) => {
                        let matches = run(&index, &p);
                        metrics.add_matches(1, matches.len() as u64);
                        json!({"line": i + 1, "id": req.id, "matches": matches})
                    }
                },
            };
            let mut bytes = serde_json::to_vec(&out).unwrap_or_default();
            bytes.push(b'\n');
            if tx.blocking_send(Ok(Bytes::from(bytes))).is_err() {
                break; // client went away
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(stream),
    )
        .into_response())
}

async fn lists_handler(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let index = state.index();
    let mut lists = Vec::new();
    for s in state.store.sources().await? {
        let versions = state.store.versions(&s.source).await?;
        let indexed = index
            .as_ref()
            .and_then(|i| i.version_of(&s.source))
            .map(|v| v.id.as_str().to_string());
        lists.push(json!({
            "source": s.source.as_str(),
            "latest": s.latest,
            "indexed_version": indexed,
            "versions": versions,
        }));
    }
    Ok(Json(json!({"lists": lists})))
}

#[derive(Debug, Deserialize)]
struct DiffParams {
    from: Option<String>,
    to: Option<String>,
}

async fn diff_handler(
    State(state): State<AppState>,
    Path(source): Path<String>,
    QueryParams(params): QueryParams<DiffParams>,
) -> Result<Json<Value>, ApiError> {
    let source: SourceId = source
        .parse()
        .map_err(|_| ApiError::NotFound(format!("list {source:?} not found")))?;
    if state.store.versions(&source).await?.is_empty() {
        return Err(ApiError::NotFound(format!("list {source} not found")));
    }
    let from = match &params.from {
        Some(f) => Some(state.store.version(f).await?.id),
        None => None,
    };
    let to = match &params.to {
        Some(t) => Some(state.store.version(t).await?.id),
        None => None,
    };
    let diff = state
        .store
        .diff(&source, from.as_ref(), to.as_ref())
        .await?;
    let v = serde_json::to_value(&diff).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Json(v))
}
