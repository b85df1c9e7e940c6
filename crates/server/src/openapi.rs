//! A hand-written OpenAPI 3 description of the endpoints.

use axum::Json;
use serde_json::{json, Value};

fn op(summary: &str, params: &[(&str, &str)], body: Option<&str>) -> Value {
    let parameters: Vec<Value> = params
        .iter()
        .map(|(name, loc)| {
            json!({"name": name, "in": loc, "required": *loc == "path", "schema": {"type": "string"}})
        })
        .collect();
    let mut o = json!({
        "summary": summary,
        "parameters": parameters,
        "responses": {
            "200": {"description": "OK"},
            "400": {"description": "Malformed request", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "401": {"description": "Missing or invalid API key"},
            "404": {"description": "Unknown dataset, entity or list"},
        },
    });
    if let (Some(ct), Some(obj)) = (body, o.as_object_mut()) {
        obj.insert(
            "requestBody".into(),
            json!({"required": true, "content": {ct: {"schema": {"type": "object"}}}}),
        );
    }
    o
}

/// The OpenAPI document.
pub(crate) fn document() -> Value {
    let q = [
        ("dataset", "path"),
        ("threshold", "query"),
        ("cutoff", "query"),
        ("limit", "query"),
        ("algorithm", "query"),
        ("include_dataset", "query"),
        ("exclude_dataset", "query"),
        ("exclude_schema", "query"),
        ("exclude_entity_ids", "query"),
    ];
    json!({
        "openapi": "3.0.3",
        "info": {"title": "denylist", "version": env!("CARGO_PKG_VERSION"), "description": "Sanctions screening API, compatible with yente's /match and /search."},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}},
        },
        "security": [{"bearer": []}],
        "paths": {
            "/match/{dataset}": {"post": op("Screen several entity queries (yente)", &q, Some("application/json"))},
            "/search/{dataset}": {"get": op("Search by name (yente)", &[("dataset", "path"), ("q", "query"), ("limit", "query"), ("schema", "query")], None)},
            "/entities/{id}": {"get": op("One listed entity", &[("id", "path")], None)},
            "/catalog": {"get": op("Datasets and their indexed versions", &[], None)},
            "/algorithms": {"get": op("Scoring algorithms", &[], None)},
            "/v1/screen": {"post": op("Screen one subject", &[], Some("application/json"))},
            "/v1/screen/batch": {"post": op("Screen NDJSON subjects, NDJSON out", &[], Some("application/x-ndjson"))},
            "/v1/lists": {"get": op("Lists and their versions", &[], None)},
            "/v1/lists/{source}/diff": {"get": op("Changes between two versions of a list", &[("source", "path"), ("from", "query"), ("to", "query")], None)},
            "/healthz": {"get": op("Liveness", &[], None)},
            "/readyz": {"get": op("Readiness: 503 until the index is built", &[], None)},
            "/metrics": {"get": op("Prometheus metrics", &[], None)},
            "/openapi.json": {"get": op("This document", &[], None)},
        },
    })
}

/// `GET /openapi.json`.
pub(crate) async fn handler() -> Json<Value> {
    Json(document())
}
