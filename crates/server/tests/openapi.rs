//! The OpenAPI document matches the router: every route the router answers
//! is documented with its methods, every documented operation is routed,
//! and `docs/openapi.json` is the generated document.

mod common;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::*;
use denylist_server::app;
use serde_json::Value;

/// The route patterns the router holds, read from its `Debug` output (axum
/// has no other way to list them): `RouteId(n): "/path"` entries.
fn router_paths(router: &axum::Router) -> BTreeSet<String> {
    let debug = format!("{router:?}");
    let mut out = BTreeSet::new();
    let mut rest = debug.as_str();
    while let Some(i) = rest.find("RouteId(") {
        rest = &rest[i + "RouteId(".len()..];
        let Some(close) = rest.find("): \"") else {
            continue;
        };
        if !rest[..close].chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let tail = &rest[close + 4..];
        if let Some(end) = tail.find('"') {
            out.insert(tail[..end].to_string());
        }
    }
    out
}

/// A concrete URI for a route pattern.
fn concrete(path: &str) -> String {
    path.replace("{dataset}", "default")
        .replace("{id}", "us-ofac-sdn:48060")
        .replace("{source}", "us-ofac-sdn")
}

/// The documented operations as `(METHOD, path)`.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                ops.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

#[tokio::test]
async fn every_route_is_documented_and_every_operation_routed() {
    let f = open().await;
    let router = app(f.state.clone());
    let doc = serde_json::to_value(denylist_server::openapi()).unwrap();
    let paths = router_paths(&router);
    assert!(
        paths.len() >= 13 && paths.contains("/match/{dataset}"),
        "could not read the routes from the router: {paths:?}"
    );
    // Ask every route with every method: anything but a 405 is a route.
    let mut routed = BTreeSet::new();
    for path in &paths {
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
        ] {
            let req = Request::builder()
                .method(method.clone())
                .uri(concrete(path))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap();
            let (status, body) = send(&router, req).await;
            let fell_through = body["error"]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("no such endpoint"));
            // axum's own entries (`/` and the catch-all of the fallback)
            // answer with the fallback: not routes.
            if status == StatusCode::METHOD_NOT_ALLOWED || fell_through {
                continue;
            }
            routed.insert((method.to_string(), path.clone()));
        }
    }
    let documented = documented(&doc);
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from the OpenAPI document: {undocumented:?}"
    );
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(
        unrouted.is_empty(),
        "documented operations the router does not serve: {unrouted:?}"
    );

    // The endpoints the API promises (docs/api.md).
    for (method, path) in [
        ("POST", "/match/{dataset}"),
        ("GET", "/search/{dataset}"),
        ("GET", "/entities/{id}"),
        ("GET", "/catalog"),
        ("GET", "/algorithms"),
        ("POST", "/v1/screen"),
        ("POST", "/v1/screen/batch"),
        ("GET", "/v1/lists"),
        ("GET", "/v1/lists/{source}/diff"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/metrics"),
        ("GET", "/openapi.json"),
    ] {
        assert!(
            documented.contains(&(method.to_string(), path.to_string())),
            "{method} {path} is not documented"
        );
    }
}

#[test]
fn document_describes_parameters_bodies_and_errors() {
    let doc = serde_json::to_value(denylist_server::openapi()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc["info"]["title"], "denylist");
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let m = &doc["paths"]["/match/{dataset}"]["post"];
    let params: BTreeSet<&str> = m["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for p in [
        "dataset",
        "threshold",
        "cutoff",
        "limit",
        "algorithm",
        "include_dataset",
        "exclude_dataset",
        "exclude_schema",
        "exclude_entity_ids",
        "changed_since",
    ] {
        assert!(params.contains(p), "/match lacks parameter {p}: {params:?}");
    }
    assert_eq!(
        m["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/MatchRequest"
    );
    for status in ["200", "400", "401", "404", "413", "415", "422", "503"] {
        assert!(
            m["responses"][status].is_object(),
            "/match lacks a {status} answer"
        );
    }
    assert_eq!(
        m["responses"]["404"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ErrorBody"
    );
    let schemas = &doc["components"]["schemas"];
    for s in [
        "MatchRequest",
        "EntityExample",
        "MatchResponse",
        "EntityMatches",
        "ScoredEntity",
        "EntityResponse",
        "ScreenRequest",
        "ScreenResponse",
        "ListsResponse",
        "CatalogResponse",
        "ErrorBody",
    ] {
        assert!(schemas[s].is_object(), "schema {s} missing");
    }
    // Every reference resolves.
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 20);
    for r in refs {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{r}"));
        assert!(schemas[name].is_object(), "{r} points nowhere");
    }
    // Public endpoints say so.
    assert_eq!(
        doc["paths"]["/healthz"]["get"]["security"],
        serde_json::json!([{}])
    );
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|x| collect_refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

/// `docs/openapi.json` is the generated document; `UPDATE_OPENAPI=1`
/// rewrites it (review the diff like code).
#[test]
fn docs_openapi_json_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let mut generated = denylist_server::openapi().to_pretty_json().unwrap();
    generated.push('\n');
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == generated,
        "{} is out of date: run `UPDATE_OPENAPI=1 cargo test -p denylist-server --test openapi`",
        path.display()
    );
}
