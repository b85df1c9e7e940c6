//! Native endpoints: `/v1/screen`, `/v1/screen/batch` (NDJSON),
//! `/v1/lists`, `/v1/lists/{source}/diff`.

use std::collections::HashSet;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Query as QueryParams, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use denylist_matching::{Match, ScreenOptions, DEFAULT_THRESHOLD};
use denylist_model::{ListVersion, Schema, SourceId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ErrorBody;
use crate::yente::{build_query, parse_algorithm, parse_date, resolve_dataset};
use crate::{ApiError, ApiJson, ApiPath, AppState, Index, Limits};

/// The routes of this module, documented.
pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(screen_handler))
        .routes(routes!(batch_handler))
        .routes(routes!(lists_handler))
        .routes(routes!(diff_handler))
}

/// One subject to screen.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Vladimir Putin", "schema": "Person", "birth_date": "1952", "countries": ["Russia"], "limit": 2}))]
pub(crate) struct ScreenRequest {
    /// Caller's reference (any JSON value), echoed in the answer.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    id: Option<Value>,
    /// The name, in any script and order.
    name: String,
    /// `Person`, `Organization`, `Company`, `Vessel` or `Aircraft` [default:
    /// any].
    #[serde(default)]
    schema: Option<String>,
    /// Birth or incorporation date: `1952-10-07`, `1952-10` or `1952`.
    #[serde(default)]
    birth_date: Option<String>,
    /// Countries: ISO codes or names.
    #[serde(default)]
    countries: Vec<String>,
    /// Identifier values: passport, IMO, registration, wallet...
    #[serde(default)]
    identifiers: Vec<String>,
    /// Matches scoring below it are dropped (0-1) [default: 0.70].
    #[serde(default)]
    threshold: Option<f64>,
    /// At most this many matches [default: 10].
    #[serde(default)]
    limit: Option<usize>,
    /// `denylist` or `ofac` [default: denylist].
    #[serde(default)]
    algorithm: Option<String>,
    /// A source id or a collection (`default`, `sanctions`) [default:
    /// `default`].
    #[serde(default)]
    dataset: Option<String>,
}

/// One match of `/v1/screen`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ScreenMatch {
    /// The listed entity, e.g. `us-ofac-sdn:35096`.
    entity_id: String,
    /// In [0, 1].
    score: f64,
    /// The entity's primary name.
    name: String,
    /// The listed name (primary or alias) that matched best.
    matched_name: String,
    /// The list it is on.
    source: String,
    /// Its schema.
    schema: String,
    /// Why it matched, token by token (see docs/MATCHING.md).
    #[schema(value_type = Object)]
    explanation: denylist_matching::Explanation,
}

impl From<Match> for ScreenMatch {
    fn from(m: Match) -> Self {
        ScreenMatch {
            entity_id: m.entity_id.as_str().to_string(),
            score: m.score,
            name: m.name,
            matched_name: m.matched_name,
            source: m.source.to_string(),
            schema: m.schema.as_str().to_string(),
            explanation: m.explanation,
        }
    }
}

/// A list version the answer was screened against.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ListRef {
    /// The list.
    source: String,
    /// The version id.
    version: String,
    /// Its publication date.
    #[schema(value_type = Option<String>)]
    published: Option<NaiveDate>,
}

/// `/v1/screen` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ScreenResponse {
    /// The request's `id`.
    #[schema(value_type = Option<Object>)]
    id: Option<Value>,
    /// Best first.
    matches: Vec<ScreenMatch>,
    /// The list versions screened against.
    lists: Vec<ListRef>,
}

/// One line of `/v1/screen/batch` output: matches or an error.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BatchLine {
    /// The 1-based input line.
    line: usize,
    /// The line's `id`, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    id: Option<Value>,
    /// The matches, best first (absent on error).
    #[serde(skip_serializing_if = "Option::is_none")]
    matches: Option<Vec<ScreenMatch>>,
    /// Why the line failed (absent on success).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<crate::error::ErrorDetail>,
}

/// A validated [`ScreenRequest`] ready to run.
struct Prepared {
    query: denylist_matching::Query,
    opts: ScreenOptions,
    datasets: Option<HashSet<SourceId>>,
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
        query: build_query(r.name.trim(), schema, birth, &r.countries, &r.identifiers),
        opts: ScreenOptions {
            threshold,
            limit: r.limit.unwrap_or(10).min(limits.max_limit),
            algorithm: parse_algorithm(r.algorithm.as_deref())?,
        },
        datasets: resolve_dataset(index, r.dataset.as_deref().unwrap_or("default"))?,
    })
}

fn run(index: &Index, p: &Prepared) -> Vec<ScreenMatch> {
    index
        .screen_filtered(&p.query, &p.opts, &|m| {
            p.datasets.as_ref().is_none_or(|d| d.contains(&m.source))
        })
        .into_iter()
        .map(ScreenMatch::from)
        .collect()
}

fn list_refs(index: &Index) -> Vec<ListRef> {
    index
        .versions
        .iter()
        .map(|v| ListRef {
            source: v.source.to_string(),
            version: v.id.to_string(),
            published: v.published,
        })
        .collect()
}

/// Screen one subject.
#[utoipa::path(
    post,
    path = "/v1/screen",
    tag = "native",
    request_body = ScreenRequest,
    responses(
        (status = 200, description = "The matches", body = ScreenResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
        (status = 404, description = "Unknown dataset", body = ErrorBody),
        (status = 413, description = "Body above the size limit", body = ErrorBody),
        (status = 415, description = "Body is not application/json", body = ErrorBody),
        (status = 422, description = "Unknown field, empty name, bad date, schema or threshold", body = ErrorBody),
        (status = 503, description = "The index is not built yet", body = ErrorBody),
    ),
)]
async fn screen_handler(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ScreenRequest>,
) -> Result<Json<ScreenResponse>, ApiError> {
    let index = state.ready_index()?;
    let p = prepare(&req, &index, &state.limits)?;
    let matches = run(&index, &p);
    state.metrics.add_matches(1, matches.len() as u64);
    Ok(Json(ScreenResponse {
        id: req.id,
        matches,
        lists: list_refs(&index),
    }))
}

/// Screen many subjects: NDJSON in, NDJSON out.
///
/// One `/v1/screen` body a line (blank lines skipped); one output line per
/// input line, in input order, streamed as each is screened. A bad line
/// gives an error line and the batch goes on.
#[utoipa::path(
    post,
    path = "/v1/screen/batch",
    tag = "native",
    request_body(content = String, content_type = "application/x-ndjson",
        description = "One ScreenRequest JSON object a line"),
    responses(
        (status = 200, description = "One BatchLine JSON object a line", body = BatchLine, content_type = "application/x-ndjson"),
        (status = 400, description = "Body is not UTF-8", body = ErrorBody),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
        (status = 413, description = "Body above the size limit", body = ErrorBody),
        (status = 422, description = "More lines than the limit", body = ErrorBody),
        (status = 503, description = "The index is not built yet", body = ErrorBody),
    ),
)]
async fn batch_handler(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let index = state.ready_index()?;
    let text = String::from_utf8(body.to_vec())
        .map_err(|e| ApiError::BadRequest(format!("body is not UTF-8: {e}")))?;
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
            let mut out = BatchLine {
                line: i + 1,
                id: None,
                matches: None,
                error: None,
            };
            match serde_json::from_str::<ScreenRequest>(line) {
                Err(e) => out.error = Some(ApiError::Unprocessable(e.to_string()).body().error),
                Ok(req) => {
                    out.id = req.id.clone();
                    match prepare(&req, &index, &limits) {
                        Err(e) => out.error = Some(e.body().error),
                        Ok(p) => {
                            let matches = run(&index, &p);
                            metrics.add_matches(1, matches.len() as u64);
                            out.matches = Some(matches);
                        }
                    }
                }
            }
            let mut bytes = serde_json::to_vec(&out).unwrap_or_default();
            bytes.push(b'\n');
            if tx.blocking_send(Ok(Bytes::from(bytes))).is_err() {
                break; // client went away
            }
        }
    });
    Ok(ndjson_response(rx))
}

/// A list version.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VersionInfo {
    /// Content hash of the list's files (the version id).
    id: String,
    /// The list.
    source: String,
    /// The format it was read from (`us-ofac-csv`...).
    format: String,
    /// Publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    published: Option<NaiveDate>,
    /// When it was imported.
    #[schema(value_type = String)]
    imported_at: DateTime<Utc>,
    /// Number of entities.
    entity_count: u64,
    /// The files' names and sha256 digests, as `[name, sha256]` pairs.
    files: Vec<(String, String)>,
}

impl From<ListVersion> for VersionInfo {
    fn from(v: ListVersion) -> Self {
        VersionInfo {
            id: v.id.to_string(),
            source: v.source.to_string(),
            format: v.format,
            published: v.published,
            imported_at: v.imported_at,
            entity_count: v.entity_count,
            files: v.files,
        }
    }
}

/// A list with its versions.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ListInfo {
    /// The list (source id).
    source: String,
    /// Its latest stored version.
    latest: VersionInfo,
    /// The version the index holds (differs from `latest` until the next
    /// reload).
    indexed_version: Option<String>,
    /// Every stored version, oldest first.
    versions: Vec<VersionInfo>,
}

/// `/v1/lists` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ListsResponse {
    /// By source id.
    lists: Vec<ListInfo>,
}

/// Lists and their versions.
#[utoipa::path(
    get,
    path = "/v1/lists",
    tag = "native",
    responses(
        (status = 200, description = "Every list with its versions", body = ListsResponse),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
    ),
)]
async fn lists_handler(State(state): State<AppState>) -> Result<Json<ListsResponse>, ApiError> {
    let index = state.index();
    let mut lists = Vec::new();
    for s in state.store.sources().await? {
        let versions = state.store.versions(&s.source).await?;
        let indexed_version = index
            .as_ref()
            .and_then(|i| i.version_of(&s.source))
            .map(|v| v.id.to_string());
        lists.push(ListInfo {
            source: s.source.to_string(),
            latest: s.latest.into(),
            indexed_version,
            versions: versions.into_iter().map(VersionInfo::from).collect(),
        });
    }
    Ok(Json(ListsResponse { lists }))
}

/// Versions to compare.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DiffParams {
    /// The older version: an id or a unique prefix of at least 6 hex digits
    /// [default: the version before `to`].
    from: Option<String>,
    /// The newer version [default: the latest].
    to: Option<String>,
}

/// Changes between two versions of a list.
///
/// The body is the store's `ListDiff`: `source`, `from`, `to` (versions),
/// `added` and `removed` (entities), `changed` (`id`, `name`, `fields` with
/// `field`, `before`, `after`) and `unchanged` (a count).
#[utoipa::path(
    get,
    path = "/v1/lists/{source}/diff",
    tag = "native",
    params(
        ("source" = String, Path, description = "The list, e.g. `us-ofac-sdn`"),
        DiffParams,
    ),
    responses(
        (status = 200, description = "What was added, removed and changed", body = Object),
        (status = 400, description = "Ambiguous or malformed version prefix", body = ErrorBody),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
        (status = 404, description = "Unknown list or version", body = ErrorBody),
    ),
)]
async fn diff_handler(
    State(state): State<AppState>,
    ApiPath(source): ApiPath<String>,
    params: Result<QueryParams<DiffParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<denylist_store::ListDiff>, ApiError> {
    let QueryParams(params) =
        params.map_err(|e| ApiError::BadRequest(format!("query string: {}", e.body_text())))?;
    let source: SourceId = source
        .parse()
        .map_err(|_| ApiError::NotFound(format!("list {source:?} not found")))?;
    if state.store.versions(&source).await?.is_empty() {
        return Err(ApiError::NotFound(format!("list {source} not found")));
    }
    let from = match &params.from {
        Some(f) => Some(state.store.version(f).await?),
        None => None,
    };
    let to = match &params.to {
        Some(t) => Some(state.store.version(t).await?),
        None => None,
    };
    for v in from.iter().chain(to.iter()) {
        if v.source != source {
            return Err(ApiError::NotFound(format!(
                "version {} is a version of {}, not of {source}",
                v.id.short(),
                v.source
            )));
        }
    }
    let diff = state
        .store
        .diff(
            &source,
            from.as_ref().map(|v| &v.id),
            to.as_ref().map(|v| &v.id),
        )
        .await?;
    Ok(Json(diff))
}

/// Streams the lines sent on `rx` as an `application/x-ndjson` body, as
/// they come; an `Err` ends the body early (the client sees a cut stream).
pub(crate) fn ndjson_response(
    rx: tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>,
) -> Response {
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    (
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(stream),
    )
        .into_response()
}
