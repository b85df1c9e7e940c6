//! Continuous monitoring endpoints: the customer registry
//! (`/v1/customers`), alerts and decisions (`/v1/alerts`), the audit log
//! (`/v1/audit`); the delta screening run after each index reload and the
//! webhook deliverer run in the background.
//!
//! Handlers call the same [`Monitor`] and store functions as the
//! `denylist customers`, `alerts` and `audit` commands.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query as QueryParams, State};
use axum::http::{header, HeaderMap};
use axum::response::Response;
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use denylist_monitor::{ImportOrigin, Monitor, MonitorError, MonitorOptions};
use denylist_store::{
    Alert, AlertFilter, AlertId, AlertRecord, AlertStatus, ChangeKind, Customer, Decision,
    DecisionOutcome, MonitorStore, Store, StoreError, StoredCustomer,
};
use denylist_webhooks::{Deliverer, WebhookConfig};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ErrorBody;
use crate::native::ndjson_response;
use crate::{ApiError, ApiJson, ApiPath, AppState, Server};

/// Audit records read from the store at a time while streaming.
const AUDIT_PAGE: usize = 1000;

/// The routes of this module, documented.
pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_customers, list_customers))
        .routes(routes!(get_customer))
        .routes(routes!(list_alerts))
        .routes(routes!(get_alert))
        .routes(routes!(decide))
        .routes(routes!(audit_export))
        .routes(routes!(audit_verify))
}

/// The monitor of a server and whether a delta screening is owed.
#[derive(Debug)]
pub(crate) struct MonitorHandle {
    monitor: Monitor,
    /// A sync failed or has not run since start: run it at the next poll
    /// even without a reload.
    sync_needed: AtomicBool,
}

impl AppState {
    /// Enables the monitoring endpoints and the delta screening on reload,
    /// over `store` (the same database as the list store of the state).
    pub fn with_monitor(mut self, store: Store) -> Self {
        self.monitor = Some(Arc::new(MonitorHandle {
            monitor: Monitor::new(store, MonitorOptions::default()),
            sync_needed: AtomicBool::new(true),
        }));
        self
    }

    fn monitor(&self) -> Result<&Monitor, ApiError> {
        self.monitor.as_ref().map(|m| &m.monitor).ok_or_else(|| {
            ApiError::NotFound("monitoring is not enabled on this server".to_string())
        })
    }

    fn monitor_store(&self) -> Result<&dyn MonitorStore, ApiError> {
        Ok(self.monitor()?.store().monitor())
    }

    /// [`AppState::reload`], then, when monitoring is enabled and the index
    /// moved to new list versions (or a previous screening failed), the
    /// monitor's delta screening of those versions against the registered
    /// customers (nothing is done without customers). A failed screening is
    /// logged and retried at the next call; it does not fail the reload.
    pub async fn reload_and_sync(&self) -> Result<bool, StoreError> {
        let reloaded = self.reload().await?;
        let Some(handle) = &self.monitor else {
            return Ok(reloaded);
        };
        if !handle.sync_needed.swap(false, Ordering::SeqCst) && !reloaded {
            return Ok(reloaded);
        }
        match handle.monitor.sync("system").await {
            Ok(report) => {
                for line in report.lines() {
                    tracing::info!("{line}");
                }
            }
            Err(e) => {
                handle.sync_needed.store(true, Ordering::SeqCst);
                tracing::error!(error = %e, "delta screening failed; retrying at the next poll");
            }
        }
        Ok(reloaded)
    }
}

impl Server {
    /// Enables monitoring over `store` (see [`AppState::with_monitor`]).
    pub fn with_monitor(mut self, store: Store) -> Self {
        self.state = self.state.with_monitor(store);
        self
    }
}

/// Starts the webhook deliverer of `state`'s store when a webhook is
/// configured and monitoring is enabled.
pub(crate) fn spawn_deliverer(
    state: &AppState,
    webhook: Option<&WebhookConfig>,
    every: Duration,
) -> Option<tokio::task::JoinHandle<()>> {
    let config = webhook?.clone();
    let Some(handle) = &state.monitor else {
        tracing::warn!("a webhook URL is set but monitoring is not enabled: nothing to deliver");
        return None;
    };
    match Deliverer::new(handle.monitor.store().monitor_backend(), config) {
        Ok(d) => {
            tracing::info!(url = %d.config().display_url(), "delivering webhooks in the background");
            Some(tokio::spawn(d.run(every)))
        }
        Err(e) => {
            tracing::error!(error = %e, "webhook deliverer not started");
            None
        }
    }
}

/// Store and monitor errors as API errors: a refused decision is 409, an
/// invalid value 422.
fn api_error(e: MonitorError) -> ApiError {
    match e {
        MonitorError::Store(s) => store_error(s),
        other => ApiError::Internal(other.to_string()),
    }
}

fn store_error(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict(m) => ApiError::Conflict(m),
        StoreError::Invalid(m) => ApiError::Unprocessable(m),
        other => ApiError::from(other),
    }
}

// ---------------------------------------------------------------- customers

/// A customer of the registry, as sent in `POST /v1/customers` (the
/// store's `Customer`).
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"id": "C1001", "kind": "Person", "names": ["Tal Dilian"], "birth_dates": ["1961"], "countries": ["IL"], "fields": {"segment": "private banking"}}))]
#[allow(dead_code)] // documents the body; the handler reads `Customer` itself
pub(crate) struct CustomerBody {
    /// The bank's customer id, the key of upserts (1-200 characters).
    id: String,
    /// `Person`, `Organization`, `Company`, `Vessel` or `Aircraft`
    /// [default: unknown, every schema screened].
    kind: Option<String>,
    /// Names, the main one first; at least one.
    names: Vec<String>,
    /// Birth or incorporation dates: `1961-06-09`, `1961-06` or `1961`.
    #[serde(default)]
    birth_dates: Vec<String>,
    /// Countries: ISO codes or names.
    #[serde(default)]
    countries: Vec<String>,
    /// Identifier values (passport, tax id, LEI, IMO...).
    #[serde(default)]
    identifiers: Vec<String>,
    /// Free fields, stored but never screened.
    #[serde(default)]
    #[schema(value_type = Object)]
    fields: BTreeMap<String, Value>,
}

/// Who is acting, for the audit log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ByParams {
    /// The person or system importing [default: `api`].
    by: Option<String>,
}

/// A record of `POST /v1/customers` that was not imported.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RowError {
    /// Position of the record in the body, from 0 (array element, or
    /// non-blank NDJSON line).
    index: usize,
    /// The 1-based line, for NDJSON bodies.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    /// The record's `id`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    /// What is wrong.
    message: String,
}

/// A list version screened against.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ScreenedVersion {
    /// The list.
    source: String,
    /// The version id.
    version: String,
    /// Its publication date.
    #[schema(value_type = Option<String>)]
    published: Option<NaiveDate>,
}

/// `POST /v1/customers` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ImportResponse {
    /// Records in the body.
    received: u64,
    /// Records imported (after dropping the rejected ones; an id given
    /// twice counts once, the last wins).
    accepted: u64,
    /// Records rejected (see `errors`).
    rejected: u64,
    /// New customers.
    inserted: u64,
    /// Customers whose data changed.
    updated: u64,
    /// Customers identical to the stored ones (not screened again).
    unchanged: u64,
    /// Customers screened (the new and changed ones, once a list exists).
    screened: u64,
    /// The list versions screened against.
    versions: Vec<ScreenedVersion>,
    /// Alerts raised or reopened by this import: the store's `Alert`
    /// (`id`, `customer_id`, `entity_id`, `status`, `score`,
    /// `matched_name`, `explanation`, `raised_by_version`...).
    #[schema(value_type = Vec<Object>)]
    alerts: Vec<Alert>,
    /// The rejected records.
    errors: Vec<RowError>,
}

/// The records of a body: (index, NDJSON line, JSON value).
fn records(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<(usize, Option<usize>, Value)>, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let text = std::str::from_utf8(body)
        .map_err(|e| ApiError::BadRequest(format!("body is not UTF-8: {e}")))?;
    match content_type.as_str() {
        "application/json" => {
            let value: Value = serde_json::from_str(text)
                .map_err(|e| ApiError::BadRequest(format!("body is not JSON: {e}")))?;
            match value {
                Value::Array(items) => Ok(items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (i, None, v))
                    .collect()),
                Value::Object(_) => Ok(vec![(0, None, value)]),
                _ => Err(ApiError::Unprocessable(
                    "expected a JSON array of customers (or one customer object)".to_string(),
                )),
            }
        }
        "application/x-ndjson" | "application/jsonl" | "application/jsonlines" => {
            let mut out = Vec::new();
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let value = serde_json::from_str(line).unwrap_or_else(|e| {
                    // Kept as a string: reported as that record's error.
                    Value::String(format!("line is not JSON: {e}"))
                });
                out.push((out.len(), Some(n + 1), value));
            }
            Ok(out)
        }
        _ => Err(ApiError::UnsupportedMediaType(
            "expected Content-Type: application/json (an array) or application/x-ndjson"
                .to_string(),
        )),
    }
}

/// Reads one record as a customer, or why not.
fn customer(value: Value) -> Result<Customer, String> {
    if let Value::String(parse_error) = value {
        return Err(parse_error);
    }
    let customer: Customer = serde_json::from_value(value).map_err(|e| e.to_string())?;
    customer.normalized()
}

/// Register or update customers; new and changed ones are screened at once.
///
/// The body is a JSON array of customers (`Content-Type:
/// application/json`) or one customer a line (`application/x-ndjson`).
/// Customers are upserted by `id`: new ones inserted, changed ones updated,
/// unchanged ones (same content) skipped; the new and changed ones are
/// screened against the latest version of every list and their alerts
/// returned. A malformed record is reported in `errors` with its index and
/// the others are imported.
#[utoipa::path(
    post,
    path = "/v1/customers",
    tag = "monitoring",
    params(ByParams),
    request_body(content = Vec<CustomerBody>, description = "A JSON array of customers, or NDJSON (application/x-ndjson) with one customer a line"),
    responses(
        (status = 200, description = "What was imported and the alerts raised", body = ImportResponse),
        (status = 400, description = "Body is not JSON or not UTF-8", body = ErrorBody),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
        (status = 413, description = "Body above the size limit", body = ErrorBody),
        (status = 415, description = "Neither application/json nor application/x-ndjson", body = ErrorBody),
        (status = 422, description = "No customer in the body, or not an array", body = ErrorBody),
    ),
)]
async fn import_customers(
    State(state): State<AppState>,
    QueryParams(params): QueryParams<ByParams>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ImportResponse>, ApiError> {
    let monitor = state.monitor()?;
    let records = records(&headers, &body)?;
    if records.is_empty() {
        return Err(ApiError::Unprocessable(
            "no customers in the body".to_string(),
        ));
    }
    let received = records.len() as u64;
    let mut customers = Vec::with_capacity(records.len());
    let mut errors = Vec::new();
    for (index, line, value) in records {
        let id = value.get("id").and_then(Value::as_str).map(str::to_string);
        match customer(value) {
            Ok(c) => customers.push(c),
            Err(message) => errors.push(RowError {
                index,
                line,
                id,
                message,
            }),
        }
    }
    let by = params
        .by
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .unwrap_or("api")
        .to_string();
    let mut response = ImportResponse {
        received,
        accepted: 0,
        rejected: errors.len() as u64,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        screened: 0,
        versions: Vec::new(),
        alerts: Vec::new(),
        errors,
    };
    if customers.is_empty() {
        return Ok(Json(response));
    }
    let origin = ImportOrigin {
        file: "api".to_string(),
        sha256: Some(hex::encode(denylist_store::sha256(&body))),
        records: received,
        rejected: response.rejected,
    };
    let report = monitor
        .import_customers(customers, origin, &by)
        .await
        .map_err(api_error)?;
    response.accepted = report.customers;
    response.inserted = report.inserted;
    response.updated = report.updated;
    response.unchanged = report.unchanged;
    response.screened = report.screened;
    response.versions = report
        .versions
        .iter()
        .map(|v| ScreenedVersion {
            source: v.source.to_string(),
            version: v.id.to_string(),
            published: v.published,
        })
        .collect();
    let store = monitor.store().monitor();
    for change in report
        .outcome
        .changes
        .iter()
        .filter(|c| matches!(c.kind, ChangeKind::Raised | ChangeKind::Reopened))
    {
        response
            .alerts
            .push(store.alert(change.alert).await.map_err(store_error)?.alert);
    }
    Ok(Json(response))
}

/// Paging of `GET /v1/customers`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct CustomerListParams {
    /// Only customers with an id after this one (the `next` of the
    /// previous page).
    after: Option<String>,
    /// At most this many [default: 100; at most the server's limit, 500 by
    /// default].
    limit: Option<usize>,
}

/// `GET /v1/customers` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CustomerList {
    /// Registered customers in all.
    total: u64,
    /// This page, by id: each customer with `content_hash`,
    /// `screening_hash`, `created_at` and `updated_at`.
    #[schema(value_type = Vec<Object>)]
    customers: Vec<StoredCustomer>,
    /// The `after` of the next page, when there may be one.
    next: Option<String>,
}

/// List registered customers, by id.
#[utoipa::path(
    get,
    path = "/v1/customers",
    tag = "monitoring",
    params(CustomerListParams),
    responses(
        (status = 200, description = "A page of customers", body = CustomerList),
        (status = 400, description = "Bad query string", body = ErrorBody),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
    ),
)]
async fn list_customers(
    State(state): State<AppState>,
    params: Result<QueryParams<CustomerListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<CustomerList>, ApiError> {
    let QueryParams(params) =
        params.map_err(|e| ApiError::BadRequest(format!("query string: {}", e.body_text())))?;
    let store = state.monitor_store()?;
    let limit = params.limit.unwrap_or(100).clamp(1, state.limits.max_limit);
    let customers = store.customers(params.after.as_deref(), limit).await?;
    let next = (customers.len() == limit)
        .then(|| customers.last().map(|c| c.customer.id.clone()))
        .flatten();
    Ok(Json(CustomerList {
        total: store.registry_stamp().await?.customers,
        customers,
        next,
    }))
}

/// `GET /v1/customers/{id}` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CustomerDetail {
    /// The customer with its hashes and times.
    #[schema(value_type = Object)]
    customer: StoredCustomer,
    /// Its alerts, by id.
    #[schema(value_type = Vec<Object>)]
    alerts: Vec<Alert>,
}

/// One customer and its alerts.
#[utoipa::path(
    get,
    path = "/v1/customers/{id}",
    tag = "monitoring",
    params(("id" = String, Path, description = "The bank's customer id")),
    responses(
        (status = 200, description = "The customer", body = CustomerDetail),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
        (status = 404, description = "No such customer", body = ErrorBody),
    ),
)]
async fn get_customer(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<CustomerDetail>, ApiError> {
    let store = state.monitor_store()?;
    let customer = store.customer(&id).await?;
    let alerts = store
        .alerts(&AlertFilter {
            customer_id: Some(customer.customer.id.clone()),
            ..AlertFilter::default()
        })
        .await?;
    Ok(Json(CustomerDetail { customer, alerts }))
}

// ------------------------------------------------------------------- alerts

/// Filters of `GET /v1/alerts`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AlertListParams {
    /// `open`, `confirmed`, `dismissed` or `delisted` [default: all].
    status: Option<String>,
    /// Only this customer's alerts.
    customer: Option<String>,
    /// Only alerts on this listed entity (`us-ofac-sdn:48060`).
    entity: Option<String>,
    /// Only alerts with an id after this one (the `next` of the previous
    /// page).
    after: Option<String>,
    /// At most this many [default: 100; at most the server's limit].
    limit: Option<usize>,
}

/// `GET /v1/alerts` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AlertList {
    /// The alerts, by id: `id`, `customer_id`, `entity_id`, `source`,
    /// `status`, `score`, `entity_name`, `customer_name`, `matched_name`,
    /// `explanation`, `raised_by_version`, `last_version`, the decision
    /// fields and times.
    #[schema(value_type = Vec<Object>)]
    alerts: Vec<Alert>,
    /// Alerts per status, over the whole store.
    counts: BTreeMap<String, u64>,
    /// The `after` of the next page, when there may be one.
    next: Option<String>,
}

/// List alerts, by id.
#[utoipa::path(
    get,
    path = "/v1/alerts",
    tag = "monitoring",
    params(AlertListParams),
    responses(
        (status = 200, description = "A page of alerts", body = AlertList),
        (status = 400, description = "Unknown status, bad entity or alert id", body = ErrorBody),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
    ),
)]
async fn list_alerts(
    State(state): State<AppState>,
    params: Result<QueryParams<AlertListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<AlertList>, ApiError> {
    let QueryParams(params) =
        params.map_err(|e| ApiError::BadRequest(format!("query string: {}", e.body_text())))?;
    let store = state.monitor_store()?;
    let status = match params.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            s.parse::<AlertStatus>()
                .map_err(|e| ApiError::BadRequest(format!("status: {e}")))?,
        ),
    };
    let entity_id = match params.entity.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(e) => Some(
            e.parse()
                .map_err(|err| ApiError::BadRequest(format!("entity: {err}")))?,
        ),
    };
    let after = match params.after.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(a) => Some(
            a.parse::<AlertId>()
                .map_err(|e| ApiError::BadRequest(format!("after: {e}")))?,
        ),
    };
    let limit = params.limit.unwrap_or(100).clamp(1, state.limits.max_limit);
    let alerts = store
        .alerts(&AlertFilter {
            status,
            customer_id: params.customer.filter(|c| !c.is_empty()),
            entity_id,
            after,
            limit: Some(limit),
        })
        .await?;
    let next = (alerts.len() == limit)
        .then(|| alerts.last().map(|a| a.id.to_string()))
        .flatten();
    Ok(Json(AlertList {
        alerts,
        counts: store.alert_counts().await?,
        next,
    }))
}

fn alert_id(s: &str) -> Result<AlertId, ApiError> {
    s.parse().map_err(ApiError::BadRequest)
}

/// One alert with its history.
///
/// The alert's fields and `history`: every change, oldest first (`at`,
/// `actor`, `action`, `from_status`, `to_status`, `reason`, `score`,
/// `version`).
#[utoipa::path(
    get,
    path = "/v1/alerts/{id}",
    tag = "monitoring",
    params(("id" = String, Path, description = "The alert id, e.g. `A000123`")),
    responses(
        (status = 200, description = "The alert and its history", body = Object),
        (status = 400, description = "Malformed alert id", body = ErrorBody),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
        (status = 404, description = "No such alert", body = ErrorBody),
    ),
)]
async fn get_alert(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<AlertRecord>, ApiError> {
    let store = state.monitor_store()?;
    Ok(Json(store.alert(alert_id(&id)?).await?))
}

/// A reviewer's decision.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decision": "dismiss", "reason": "different date of birth", "by": "analyst@bank"}))]
pub(crate) struct DecisionRequest {
    /// `dismiss` (a false positive) or `confirm` (a true match).
    decision: String,
    /// Why; required for a dismissal.
    #[serde(default)]
    reason: Option<String>,
    /// The reviewer.
    by: String,
}

/// `POST /v1/alerts/{id}/decision` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DecisionResponse {
    /// The alert after the decision.
    #[schema(value_type = Object)]
    alert: Alert,
    /// Four-eyes: the confirmation is recorded and awaits a second
    /// reviewer (the alert stays open).
    pending: bool,
}

/// Dismiss or confirm an alert.
///
/// A dismissal suppresses the (customer, entity) pair until the customer's
/// or the entity's data change. With four-eyes on, a confirmation needs a
/// second, different reviewer: the first one is answered with `pending:
/// true`, the same reviewer again with 409.
#[utoipa::path(
    post,
    path = "/v1/alerts/{id}/decision",
    tag = "monitoring",
    params(("id" = String, Path, description = "The alert id, e.g. `A000123`")),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "The decision was recorded", body = DecisionResponse),
        (status = 400, description = "Malformed JSON or alert id", body = ErrorBody),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
        (status = 404, description = "No such alert", body = ErrorBody),
        (status = 409, description = "Refused by the alert's state or four-eyes (already decided, same reviewer twice, delisted)", body = ErrorBody),
        (status = 415, description = "Body is not application/json", body = ErrorBody),
        (status = 422, description = "Unknown decision, unknown field, no reviewer, a dismissal without reason", body = ErrorBody),
    ),
)]
async fn decide(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<DecisionRequest>,
) -> Result<Json<DecisionResponse>, ApiError> {
    let monitor = state.monitor()?;
    let id = alert_id(&id)?;
    let reason = req
        .reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    let by = req.by.trim();
    if by.is_empty() {
        return Err(ApiError::Unprocessable(
            "by: the reviewer is required".to_string(),
        ));
    }
    let decision = match req.decision.trim().to_ascii_lowercase().as_str() {
        "confirm" => Decision::Confirm { reason },
        "dismiss" => Decision::Dismiss {
            reason: reason.ok_or_else(|| {
                ApiError::Unprocessable("reason: a dismissal needs a reason".to_string())
            })?,
        },
        other => {
            return Err(ApiError::Unprocessable(format!(
                "decision: {other:?} is neither \"dismiss\" nor \"confirm\""
            )))
        }
    };
    let DecisionOutcome { alert, pending } =
        monitor.decide(id, &decision, by).await.map_err(api_error)?;
    Ok(Json(DecisionResponse { alert, pending }))
}

// -------------------------------------------------------------------- audit

/// Which audit records to export.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AuditParams {
    /// Only records at or after this time: `2024-01-01` (midnight UTC) or
    /// RFC 3339 (`2024-01-01T09:00:00Z`).
    since: Option<String>,
    /// Only records after this `seq` (to resume an export).
    after: Option<u64>,
}

fn parse_since(s: &str) -> Result<DateTime<Utc>, ApiError> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            ApiError::BadRequest(format!(
                "since: {s:?} is neither a date (2024-01-01) nor an RFC 3339 time"
            ))
        })
}

/// Export the audit log as JSON lines.
///
/// One record a line in `seq` order: `seq`, `at`, `actor`, `action`,
/// `subject`, `details`, `list_versions`, `engine_version`, `prev_hash`,
/// `hash` (the same lines as `denylist audit export`). Streamed.
#[utoipa::path(
    get,
    path = "/v1/audit",
    tag = "monitoring",
    params(AuditParams),
    responses(
        (status = 200, description = "One audit record a line", body = String, content_type = "application/x-ndjson"),
        (status = 400, description = "Bad `since` or `after`", body = ErrorBody),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
    ),
)]
async fn audit_export(
    State(state): State<AppState>,
    params: Result<QueryParams<AuditParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let QueryParams(params) =
        params.map_err(|e| ApiError::BadRequest(format!("query string: {}", e.body_text())))?;
    let store = state.monitor()?.store().monitor_backend();
    let since = params.since.as_deref().map(parse_since).transpose()?;
    let mut after = params.after.unwrap_or(0);
    // The first page is read here so that a store error is an error answer.
    let first = store.audit_records(after, since, AUDIT_PAGE).await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::spawn(async move {
        let mut page = first;
        while !page.is_empty() {
            let mut bytes = Vec::with_capacity(page.len() * 512);
            for record in &page {
                after = record.seq;
                if serde_json::to_writer(&mut bytes, record).is_err() {
                    return;
                }
                bytes.push(b'\n');
            }
            if tx.send(Ok(Bytes::from(bytes))).await.is_err() {
                return; // client went away
            }
            if page.len() < AUDIT_PAGE {
                return;
            }
            page = match store.audit_records(after, since, AUDIT_PAGE).await {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!(error = %e, after, "audit export stopped");
                    let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
                    return;
                }
            };
        }
    });
    Ok(ndjson_response(rx))
}

/// `GET /v1/audit/verify` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AuditCheck {
    /// The chain and its head agree: no record was edited, removed or
    /// inserted.
    ok: bool,
    /// Records checked.
    records: u64,
    /// The hash of the last record: keep it elsewhere to anchor the log.
    last_hash: String,
    /// The first problem: `seq` and `message`.
    #[schema(value_type = Option<Object>)]
    problem: Option<denylist_store::AuditProblem>,
}

/// Check the audit log's hash chain end to end.
///
/// Answers 200 whether or not the chain holds: read `ok`.
#[utoipa::path(
    get,
    path = "/v1/audit/verify",
    tag = "monitoring",
    responses(
        (status = 200, description = "The result of the check", body = AuditCheck),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
    ),
)]
async fn audit_verify(State(state): State<AppState>) -> Result<Json<AuditCheck>, ApiError> {
    let v = state.monitor_store()?.verify_audit().await?;
    if let Some(p) = &v.problem {
        tracing::error!(seq = p.seq, problem = %p.message, "audit log verification failed");
    }
    Ok(Json(AuditCheck {
        ok: v.is_ok(),
        records: v.records,
        last_hash: v.last_hash,
        problem: v.problem,
    }))
}
