//! HTTP tests: requests sent to `app(state)` with `oneshot`, no sockets.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use denylist_server::{app, app_with, AppState, KeySet, Limits};
use denylist_store::Store;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn set<'a>(items: &[&'a str]) -> BTreeSet<&'a str> {
    items.iter().copied().collect()
}

/// The result with this id, wherever it ranks.
fn result<'a>(answer: &'a Value, id: &str) -> Option<&'a Value> {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
}

#[tokio::test]
async fn match_has_yente_shape() {
    let f = open().await;
    let r = app(f.state.clone());
    let (status, v) = send(&r, post_json("/match/default?limit=3", &putin_query())).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(keys(&v), set(&["responses", "matcher", "limit"]));
    assert_eq!(v["limit"], 3);
    assert_eq!(keys(&v["responses"]), set(&["q1"]));
    for feature in ["name", "birth_date", "country", "identifier"] {
        let doc = &v["matcher"][feature];
        assert_eq!(
            keys(doc),
            set(&["description", "coefficient", "url"]),
            "{feature}"
        );
        assert!(doc["coefficient"].is_number());
    }

    let q1 = &v["responses"]["q1"];
    assert_eq!(keys(q1), set(&["status", "results", "total", "query"]));
    assert_eq!(q1["status"], 200);
    assert_eq!(
        q1["query"],
        json!({"schema": "Person", "properties": {
            "name": ["Vladimir Putin"], "birthDate": ["1952-10-07"], "nationality": ["ru"]}})
    );
    let results = q1["results"].as_array().unwrap();
    assert_eq!(
        q1["total"],
        json!({"value": results.len(), "relation": "eq"})
    );
    let top = result(q1, "us-ofac-sdn:35096").expect("putin found");
    assert_eq!(top, &results[0], "the exact alias ranks first");
    assert_eq!(
        keys(top),
        set(&[
            "id",
            "caption",
            "schema",
            "properties",
            "datasets",
            "referents",
            "target",
            "first_seen",
            "last_seen",
            "last_change",
            "score",
            "features",
            "match",
            "explanations",
            "explanation",
            "explanation_text",
        ])
    );
    assert_eq!(top["caption"], "PUTIN, Vladimir Vladimirovich");
    assert_eq!(top["schema"], "Person");
    assert_eq!(top["datasets"], json!(["us-ofac-sdn"]));
    assert_eq!(top["referents"], json!([]));
    assert_eq!(top["target"], true);
    assert_eq!(top["first_seen"], "2024-03-01T00:00:00");
    assert_eq!(top["last_seen"], "2024-03-01T00:00:00");
    assert_eq!(top["last_change"], "2024-03-01T00:00:00");
    assert_eq!(
        top["properties"],
        json!({
            "name": ["PUTIN, Vladimir Vladimirovich"],
            "alias": ["Vladimir Putin"],
            "birthDate": ["1952-10-07"],
            "nationality": ["ru"],
            "passportNumber": ["100000001"],
            "programId": ["RUSSIA-EO14024"],
        })
    );
    assert_eq!(top["score"], 1.0);
    assert_eq!(top["match"], true);
    assert_eq!(top["features"]["name"], 1.0);
    // Same day of birth and nationality both add evidence.
    assert!(
        top["features"]["birth_date"].as_f64().unwrap() > 0.0,
        "{}",
        top["features"]
    );
    assert!(
        top["features"]["country"].as_f64().unwrap() > 0.0,
        "{}",
        top["features"]
    );
    assert_eq!(
        keys(&top["explanations"]),
        keys(&top["features"]),
        "one explanation per feature"
    );
    assert_eq!(top["explanations"]["name"]["score"], 1.0);
    assert_eq!(
        top["explanations"]["name"]["detail"],
        "query \"Vladimir Putin\" vs aka \"Vladimir Putin\""
    );
    assert_eq!(top["explanation"]["matched_name"], "Vladimir Putin");
    assert!(top["explanation"]["tokens"].as_array().unwrap().len() == 2);
    assert!(top["explanation_text"]
        .as_str()
        .unwrap()
        .starts_with("score 1.000 (denylist)"));
}

#[tokio::test]
async fn match_accepts_yente_property_forms() {
    let f = open().await;
    let r = app(f.state.clone());
    // A bare string instead of a list, an alias, numbers, weights and no
    // schema: all of yente's accepted forms.
    let body = json!({"weights": {"name_literal": 0.8}, "queries": {
        "a": {"schema": "Thing", "properties": {"name": "Tal Dilian", "birthDate": 1961}},
        "b": {"properties": {"name": [], "alias": ["OCEAN STAR"], "imoNumber": [9123456]}}}});
    let (s, v) = send(&r, post_json("/match/default", &body)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["responses"]["a"]["results"][0]["id"], "us-ofac-sdn:48060");
    assert_eq!(
        v["responses"]["a"]["query"]["properties"]["name"],
        json!(["Tal Dilian"])
    );
    assert_eq!(v["responses"]["b"]["results"][0]["id"], "us-ofac-sdn:9999");
    assert_eq!(v["responses"]["b"]["results"][0]["schema"], "Vessel");
}

#[tokio::test]
async fn match_filters_by_dataset_and_params() {
    let f = open().await;
    let r = app(f.state.clone());
    let zaw = json!({"queries": {"a": {"schema": "Person", "properties": {"name": ["Ayman al-Zawahiri"]}}}});
    let total = |v: &Value| v["responses"]["a"]["total"]["value"].as_u64().unwrap();
    let (s, v) = send(&r, post_json("/match/un-sc", &zaw)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["responses"]["a"]["results"][0]["id"], "un-sc:QDi.001");
    assert_eq!(
        v["responses"]["a"]["results"][0]["datasets"],
        json!(["un-sc"])
    );
    let (_, v) = send(&r, post_json("/match/us-ofac-sdn", &zaw)).await;
    assert_eq!(total(&v), 0);
    let (_, v) = send(
        &r,
        post_json("/match/sanctions?exclude_dataset=un-sc", &zaw),
    )
    .await;
    assert_eq!(total(&v), 0);
    let (_, v) = send(
        &r,
        post_json("/match/default?include_dataset=us-ofac-sdn", &zaw),
    )
    .await;
    assert_eq!(total(&v), 0);
    let (_, v) = send(
        &r,
        post_json("/match/default?include_dataset=eu-fsf,un-sc", &zaw),
    )
    .await;
    assert_eq!(total(&v), 1);
    let (_, v) = send(
        &r,
        post_json("/match/default?exclude_entity_ids=un-sc:QDi.001", &zaw),
    )
    .await;
    assert_eq!(total(&v), 0);
    let (_, v) = send(&r, post_json("/match/default?exclude_schema=Person", &zaw)).await;
    assert_eq!(total(&v), 0);
    let (_, v) = send(&r, post_json("/match/default?exclude_schema=Vessel", &zaw)).await;
    assert_eq!(total(&v), 1);
    // threshold moves the match flag, cutoff drops results.
    let (_, v) = send(&r, post_json("/match/default?threshold=1", &zaw)).await;
    let hit = &v["responses"]["a"]["results"][0];
    assert_eq!(hit["match"], hit["score"].as_f64().unwrap() >= 1.0);
    let (_, v) = send(
        &r,
        post_json("/match/default?cutoff=1&threshold=1", &putin_query()),
    )
    .await;
    assert!(v["responses"]["q1"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["score"] == 1.0));
    let (_, v) = send(&r, post_json("/match/default?limit=0", &zaw)).await;
    assert_eq!(total(&v), 0);
    assert_eq!(v["limit"], 0);
    // A vessel by IMO number.
    let ship = json!({"queries": {"s": {"schema": "Vessel", "properties": {"name": ["Ocean Star"], "imoNumber": ["IMO 9123456"]}}}});
    let (_, v) = send(&r, post_json("/match/default?algorithm=best", &ship)).await;
    assert_eq!(v["responses"]["s"]["results"][0]["id"], "us-ofac-sdn:9999");
    assert_eq!(
        v["responses"]["s"]["results"][0]["properties"]["imoNumber"],
        json!(["9123456"])
    );
    // The OFAC algorithm also finds Putin, on the name alone.
    let (s, v) = send(
        &r,
        post_json("/match/default?algorithm=ofac", &putin_query()),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let top = &v["responses"]["q1"]["results"][0];
    assert_eq!(top["id"], "us-ofac-sdn:35096");
    assert_eq!(keys(&top["features"]), set(&["name"]));
    assert_eq!(keys(&v["matcher"]), set(&["name"]));
}

/// Dates of SDN entities as `(first_seen, last_change)` from a `/match`.
async fn history_dates(r: &axum::Router, params: &str) -> Vec<(String, String, String)> {
    let body = json!({"queries": {
        "putin": {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}},
        "dilian": {"schema": "Person", "properties": {"name": ["DILIAN, Tal Jonathan"]}},
        "kovalchuk": {"schema": "Person", "properties": {"name": ["KOVALCHUK, Yury Valentinovich"]}}}});
    let (s, v) = send(
        r,
        post_json(&format!("/match/us-ofac-sdn?cutoff=0.9{params}"), &body),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let mut out = Vec::new();
    for key in ["putin", "dilian", "kovalchuk"] {
        for res in v["responses"][key]["results"].as_array().unwrap() {
            out.push((
                res["id"].as_str().unwrap().to_string(),
                res["first_seen"].as_str().unwrap()[..10].to_string(),
                res["last_change"].as_str().unwrap()[..10].to_string(),
            ));
        }
    }
    out
}

fn dates(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[tokio::test]
async fn changed_since_follows_list_history() {
    let f = open().await;
    // 03-02: Kovalchuk added, Dilian changed. 03-03: Kovalchuk delisted.
    // 03-04: Kovalchuk listed again, unchanged.
    import(&f.store, "us-ofac-sdn", 2, sdn_entities(true)).await;
    assert!(f.state.reload().await.unwrap(), "walks one diff from 03-01");
    let r = app(f.state.clone());
    let all = dates(&[
        ("us-ofac-sdn:35096", "2024-03-01", "2024-03-01"),
        ("us-ofac-sdn:48060", "2024-03-01", "2024-03-02"),
        ("us-ofac-sdn:50001", "2024-03-02", "2024-03-02"),
    ]);
    assert_eq!(history_dates(&r, "").await, all);
    assert_eq!(
        history_dates(&r, "&changed_since=2024-03-02").await,
        all[1..].to_vec()
    );
    assert_eq!(history_dates(&r, "&changed_since=2024-03").await, all);
    assert_eq!(
        history_dates(&r, "&changed_since=2024-03-02T10:00:00").await,
        all[1..].to_vec()
    );
    assert!(history_dates(&r, "&changed_since=2024-03-03")
        .await
        .is_empty());

    import(&f.store, "us-ofac-sdn", 3, sdn_entities(false)).await;
    assert!(f.state.reload().await.unwrap());
    import(&f.store, "us-ofac-sdn", 4, sdn_entities(true)).await;
    assert!(f.state.reload().await.unwrap());
    let relisted = dates(&[
        ("us-ofac-sdn:35096", "2024-03-01", "2024-03-01"),
        ("us-ofac-sdn:48060", "2024-03-01", "2024-03-04"),
        ("us-ofac-sdn:50001", "2024-03-02", "2024-03-04"),
    ]);
    assert_eq!(history_dates(&r, "").await, relisted, "built step by step");
    // A fresh server walks the whole history and agrees.
    let fresh = AppState::new(f.store.backend(), KeySet::disabled(), Limits::default());
    assert!(fresh.reload().await.unwrap());
    let fresh = app(fresh);
    assert_eq!(history_dates(&fresh, "").await, relisted, "built at once");
    assert_eq!(
        history_dates(&fresh, "&changed_since=2024-03-04").await,
        relisted[1..].to_vec()
    );
    // Delisted in 03-03, the entity endpoint still knows Kovalchuk's dates.
    let (s, v) = send(&fresh, get("/entities/us-ofac-sdn:50001")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["last_seen"], "2024-03-04T00:00:00");

    let bad = send(
        &fresh,
        post_json("/match/default?changed_since=yesterday", &putin_query()),
    )
    .await;
    assert_error(&bad, StatusCode::BAD_REQUEST, "bad_request");
    assert!(bad.1["error"]["message"]
        .as_str()
        .unwrap()
        .contains("changed_since"));
}

#[tokio::test]
async fn match_errors() {
    let f = open().await;
    let r = app(f.state.clone());
    let got = send(&r, post_json("/match/nope", &putin_query())).await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found");
    let msg = got.1["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("\"nope\"") && msg.contains("us-ofac-sdn"),
        "{msg}"
    );

    let raw = |ct: Option<&str>, body: &'static str| {
        let mut b = Request::post("/match/default");
        if let Some(ct) = ct {
            b = b.header(header::CONTENT_TYPE, ct);
        }
        b.body(Body::from(body)).unwrap()
    };
    let got = send(&r, raw(Some("application/json"), "{\"queries\": {")).await;
    assert_error(&got, StatusCode::BAD_REQUEST, "bad_request");
    let got = send(&r, raw(Some("text/plain"), "{\"queries\": {}}")).await;
    assert_error(
        &got,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    let got = send(&r, raw(None, "{\"queries\": {}}")).await;
    assert_error(
        &got,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );

    let got = send(&r, post_json("/match/default", &json!({"queries": 5}))).await;
    assert_error(&got, StatusCode::UNPROCESSABLE_ENTITY, "unprocessable");
    let got = send(&r, post_json("/match/default", &json!({}))).await;
    assert_error(&got, StatusCode::UNPROCESSABLE_ENTITY, "unprocessable");
    let no_name = json!({"queries": {"x": {"schema": "Person", "properties": {}}}});
    let got = send(&r, post_json("/match/default", &no_name)).await;
    assert_error(&got, StatusCode::UNPROCESSABLE_ENTITY, "unprocessable");
    assert!(got.1["error"]["message"]
        .as_str()
        .unwrap()
        .contains("\"x\""));
    let bad_schema =
        json!({"queries": {"x": {"schema": "Planet", "properties": {"name": ["Mars"]}}}});
    let got = send(&r, post_json("/match/default", &bad_schema)).await;
    assert_error(&got, StatusCode::UNPROCESSABLE_ENTITY, "unprocessable");

    for params in [
        "algorithm=magic",
        "threshold=7",
        "threshold=abc",
        "cutoff=-1",
        "limit=-3",
        "limit=many",
        "exclude_schema=Planet",
        "changed_since=2024-13-45",
    ] {
        let got = send(
            &r,
            post_json(&format!("/match/default?{params}"), &putin_query()),
        )
        .await;
        assert_error(&got, StatusCode::BAD_REQUEST, "bad_request");
        let key = params.split('=').next().unwrap();
        assert!(
            got.1["error"]["message"].as_str().unwrap().contains(key),
            "{params}: {}",
            got.1
        );
    }
}

#[tokio::test]
async fn routing_errors_have_json_bodies() {
    let f = open().await;
    let r = app(f.state.clone());
    let got = send(&r, get("/no/such/route")).await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found");
    assert!(got.1["error"]["message"]
        .as_str()
        .unwrap()
        .contains("/no/such/route"));

    let resp = r.clone().oneshot(get("/match/default")).await.unwrap();
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(resp.headers()[header::ALLOW], "POST");
    assert_eq!(resp.headers()[header::CONTENT_TYPE], "application/json");
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["error"]["code"], "method_not_allowed");
    let del = Request::delete("/catalog").body(Body::empty()).unwrap();
    assert_error(
        &send(&r, del).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );

    // A path parameter that cannot be an entity id.
    let got = send(&r, get("/entities/no-colon")).await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn request_ids_are_generated_or_echoed() {
    let f = open().await;
    let r = app(f.state.clone());
    let a = r.clone().oneshot(get("/healthz")).await.unwrap();
    let b = r.clone().oneshot(get("/no/route")).await.unwrap();
    let a = a.headers()["x-request-id"].to_str().unwrap().to_string();
    let b = b.headers()["x-request-id"].to_str().unwrap().to_string();
    let (pa, na) = a.split_once('-').unwrap();
    let (pb, nb) = b.split_once('-').unwrap();
    assert_eq!(pa.len(), 8, "{a}");
    assert_eq!(pa, pb, "one prefix per process");
    assert_eq!(nb.parse::<u64>().unwrap(), na.parse::<u64>().unwrap() + 1);
    let given = Request::get("/healthz")
        .header("x-request-id", "client-chosen-42")
        .body(Body::empty())
        .unwrap();
    let resp = r.clone().oneshot(given).await.unwrap();
    assert_eq!(resp.headers()["x-request-id"], "client-chosen-42");
}

#[tokio::test]
async fn too_many_queries_and_oversize_body() {
    let f = open().await;
    let mut state = f.state.clone();
    state.limits.max_queries = 2;
    let r = app_with(state, 1024, Duration::from_secs(30));
    let three = json!({"queries": {
        "a": {"properties": {"name": ["a"]}},
        "b": {"properties": {"name": ["b"]}},
        "c": {"properties": {"name": ["c"]}}}});
    let got = send(&r, post_json("/match/default", &three)).await;
    assert_error(&got, StatusCode::UNPROCESSABLE_ENTITY, "unprocessable");
    assert!(got.1["error"]["message"]
        .as_str()
        .unwrap()
        .contains("limit is 2"));
    let big = json!({"queries": {"a": {"properties": {"name": ["x".repeat(5000)]}}}});
    let got = send(&r, post_json("/match/default", &big)).await;
    assert_error(&got, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    // Without a Content-Length (streamed), the limit still holds.
    let chunks: Vec<Result<String, std::io::Error>> =
        std::iter::once(Ok("{\"name\": \"".to_string()))
            .chain((0..50).map(|_| Ok("x".repeat(100))))
            .collect();
    let streamed = Request::post("/v1/screen")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .unwrap();
    assert_error(
        &send(&r, streamed).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    let req = Request::post("/v1/screen/batch")
        .body(Body::from(format!(
            "{{\"name\": \"{}\"}}\n",
            "y".repeat(5000)
        )))
        .unwrap();
    assert_error(
        &send(&r, req).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    let lines = "{\"name\": \"a\"}\n{\"name\": \"b\"}\n{\"name\": \"c\"}\n";
    let req = Request::post("/v1/screen/batch")
        .body(Body::from(lines))
        .unwrap();
    assert_error(
        &send(&r, req).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable",
    );
}

#[tokio::test]
async fn slow_requests_time_out() {
    let f = open().await;
    // A thousand queries take far longer than a millisecond, even on the
    // fastest machine.
    let r = app_with(f.state.clone(), 1 << 20, Duration::from_millis(1));
    let many: serde_json::Map<String, Value> = (0..1000)
        .map(|i| {
            (
                format!("q{i}"),
                json!({"properties": {"name": ["Vladimir Putin"]}}),
            )
        })
        .collect();
    let got = send(&r, post_json("/match/default", &json!({"queries": many}))).await;
    assert_error(&got, StatusCode::REQUEST_TIMEOUT, "timeout");
}

#[tokio::test]
async fn auth_is_required_with_keys() {
    let f = fixture(KeySet::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let key = denylist_server::create_key(dir.path(), "ci").unwrap();
    let entries = denylist_server::load_keys(dir.path()).unwrap();
    let mut state = f.state.clone();
    state.keys = Arc::new(KeySet::from_entries(&entries));
    let r = app(state);
    let with = |uri: &str, auth: &str| {
        Request::get(uri)
            .header(header::AUTHORIZATION, auth)
            .body(Body::empty())
            .unwrap()
    };
    for uri in [
        "/catalog",
        "/metrics",
        "/v1/lists",
        "/entities/us-ofac-sdn:48060",
    ] {
        let resp = r.clone().oneshot(get(uri)).await.unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(resp.headers()[header::WWW_AUTHENTICATE], "Bearer");
        let got = send(&r, with(uri, "Bearer 0000")).await;
        assert_error(&got, StatusCode::UNAUTHORIZED, "unauthorized");
        let got = send(&r, with(uri, &format!("Basic {key}"))).await;
        assert_error(&got, StatusCode::UNAUTHORIZED, "unauthorized");
        assert_eq!(
            send(&r, with(uri, &format!("Bearer {key}"))).await.0,
            StatusCode::OK
        );
    }
    let got = send(&r, post_json("/match/default", &putin_query())).await;
    assert_error(&got, StatusCode::UNAUTHORIZED, "unauthorized");
    // An unknown route without a key: 401, not a hint about what exists.
    assert_eq!(send(&r, get("/admin")).await.0, StatusCode::UNAUTHORIZED);
    // Health checks and the API description need no key.
    assert_eq!(send(&r, get("/healthz")).await.0, StatusCode::OK);
    assert_eq!(send(&r, get("/readyz")).await.0, StatusCode::OK);
    assert_eq!(send(&r, get("/openapi.json")).await.0, StatusCode::OK);
}

#[tokio::test]
async fn read_endpoints() {
    let f = open().await;
    let r = app(f.state.clone());

    let (s, v) = send(&r, get("/search/default?q=tal%20dilian&limit=5")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        keys(&v),
        set(&["results", "facets", "total", "limit", "offset"])
    );
    assert_eq!(v["results"][0]["id"], "us-ofac-sdn:48060");
    assert_eq!(v["results"][0]["match"], true);
    assert_eq!(v["limit"], 5);
    assert_eq!(v["offset"], 0);
    let (_, v) = send(&r, get("/search/un-sc?q=tal%20dilian")).await;
    assert_eq!(v["total"]["value"], 0);
    let (_, v) = send(&r, get("/search/default?q=tal%20dilian&schema=Vessel")).await;
    assert_eq!(v["total"]["value"], 0);
    let (_, v) = send(&r, get("/search/default")).await;
    assert_eq!(v["total"]["value"], 0);
    assert_error(
        &send(&r, get("/search/nope?q=x")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_error(
        &send(&r, get("/search/default?q=x&schema=Planet")).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );

    let (s, v) = send(&r, get("/entities/us-ofac-sdn:48060")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        v,
        json!({
            "id": "us-ofac-sdn:48060",
            "caption": "DILIAN, Tal Jonathan",
            "schema": "Person",
            "properties": {
                "name": ["DILIAN, Tal Jonathan"],
                "birthDate": ["1961-06-09"],
                "nationality": ["il"],
                "programId": ["RUSSIA-EO14024"],
            },
            "datasets": ["us-ofac-sdn"],
            "referents": [],
            "target": true,
            "first_seen": "2024-03-01T00:00:00",
            "last_seen": "2024-03-01T00:00:00",
            "last_change": "2024-03-01T00:00:00",
        })
    );
    assert_error(
        &send(&r, get("/entities/us-ofac-sdn:0")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );

    let (s, v) = send(&r, get("/catalog")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        keys(&v),
        set(&[
            "datasets",
            "current",
            "outdated",
            "index_stale",
            "index_built_at"
        ])
    );
    let names: Vec<&str> = v["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["default", "sanctions", "un-sc", "us-ofac-sdn"]);
    assert_eq!(v["current"], json!(["un-sc", "us-ofac-sdn"]));
    assert_eq!(v["index_stale"], false);
    let default = &v["datasets"][0];
    assert_eq!(default["type"], "collection");
    assert_eq!(default["children"], json!(["un-sc", "us-ofac-sdn"]));
    assert_eq!(default["entity_count"], 4);
    let sdn = &v["datasets"][3];
    assert_eq!(sdn["type"], "source");
    assert_eq!(sdn["children"], json!([]));
    assert_eq!(sdn["entity_count"], 3);
    assert_eq!(sdn["published"], "2024-03-01");
    assert_eq!(sdn["load"], true);
    assert_eq!(sdn["index_current"], true);
    assert_eq!(sdn["version"].as_str().unwrap().len(), 64);

    let (s, v) = send(&r, get("/algorithms")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["best"], "denylist");
    assert_eq!(v["default"], "denylist");
    let algos: Vec<&str> = v["algorithms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(algos, ["denylist", "ofac"]);
    assert!(v["algorithms"][0]["features"]["birth_date"]["description"].is_string());

    assert_eq!(send(&r, get("/healthz")).await.1, json!({"status": "ok"}));
    let (s, v) = send(&r, get("/readyz")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v, json!({"status": "ready", "entities": 4, "lists": 2}));

    let (s, v) = send(&r, get("/openapi.json")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v, serde_json::to_value(denylist_server::openapi()).unwrap());

    let (s, v) = send(&r, get("/metrics")).await;
    assert_eq!(s, StatusCode::OK);
    let text = v.as_str().unwrap();
    for line in [
        "denylist_http_requests_total{route=\"/search/{dataset}\",status=\"200\"} 4",
        "denylist_http_requests_total{route=\"/search/{dataset}\",status=\"404\"} 1",
        "denylist_http_requests_total{route=\"/entities/{id}\",status=\"404\"} 1",
        "denylist_http_request_duration_seconds_count{route=\"/catalog\"} 1",
        "denylist_queries_total 4",
        "denylist_matches_total 1",
        "denylist_index_ready 1",
        "denylist_index_entities 4",
        "denylist_list_entities{source=\"us-ofac-sdn\"",
        "denylist_list_age_seconds{source=\"un-sc\"}",
        "denylist_list_published_age_seconds{source=\"us-ofac-sdn\"}",
    ] {
        assert!(text.contains(line), "{line} missing in:\n{text}");
    }
}

#[tokio::test]
async fn delisted_entity_is_not_a_target() {
    let f = open().await;
    import(&f.store, "us-ofac-sdn", 2, sdn_entities(true)).await;
    import(&f.store, "us-ofac-sdn", 3, sdn_entities(false)).await;
    f.state.reload().await.unwrap();
    let r = app(f.state.clone());
    let (s, v) = send(&r, get("/entities/us-ofac-sdn:50001")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["target"], false);
    assert_eq!(v["caption"], "KOVALCHUK, Yury Valentinovich");
    assert_eq!(v["first_seen"], "2024-03-02T00:00:00");
    assert_eq!(v["last_seen"], "2024-03-02T00:00:00");
    let q = json!({"queries": {"k": {"properties": {"name": ["Yury Kovalchuk"]}}}});
    let (_, v) = send(&r, post_json("/match/default", &q)).await;
    assert_eq!(v["responses"]["k"]["total"]["value"], 0);
}

#[tokio::test]
async fn not_ready_until_reload() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let state = AppState::new(store.backend(), KeySet::disabled(), Limits::default());
    let r = app(state.clone());
    assert_error(
        &send(&r, get("/readyz")).await,
        StatusCode::SERVICE_UNAVAILABLE,
        "not_ready",
    );
    let got = send(&r, post_json("/match/default", &putin_query())).await;
    assert_error(&got, StatusCode::SERVICE_UNAVAILABLE, "not_ready");
    assert_eq!(send(&r, get("/healthz")).await.0, StatusCode::OK);
    state.reload().await.unwrap();
    assert_eq!(send(&r, get("/readyz")).await.1["entities"], 0);
}

#[tokio::test]
async fn native_screen_and_batch() {
    let f = open().await;
    let r = app(f.state.clone());
    let req = json!({"id": {"crm": 7}, "name": "Vladimir Putin", "schema": "person", "birth_date": "1952", "countries": ["Russia"], "limit": 2});
    let (s, v) = send(&r, post_json("/v1/screen", &req)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(keys(&v), set(&["id", "matches", "lists"]));
    assert_eq!(v["id"], json!({"crm": 7}));
    let m = &v["matches"][0];
    assert_eq!(
        keys(m),
        set(&[
            "entity_id",
            "score",
            "name",
            "matched_name",
            "source",
            "schema",
            "explanation"
        ])
    );
    assert_eq!(m["entity_id"], "us-ofac-sdn:35096");
    assert_eq!(m["name"], "PUTIN, Vladimir Vladimirovich");
    assert_eq!(m["matched_name"], "Vladimir Putin");
    assert_eq!(m["source"], "us-ofac-sdn");
    assert_eq!(m["schema"], "Person");
    let un = v["lists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["source"] == "un-sc")
        .unwrap();
    assert_eq!(un["published"], "2024-03-01");
    let (_, v) = send(
        &r,
        post_json(
            "/v1/screen",
            &json!({"name": "Vladimir Putin", "dataset": "un-sc"}),
        ),
    )
    .await;
    assert_eq!(v["matches"], json!([]));

    for bad in [
        json!({"name": "x", "birth_date": "nope"}),
        json!({"nom": "x"}),
        json!({"name": " "}),
        json!({"name": "x", "threshold": 2}),
        json!({"name": "x", "schema": "Planet"}),
    ] {
        let got = send(&r, post_json("/v1/screen", &bad)).await;
        assert_error(&got, StatusCode::UNPROCESSABLE_ENTITY, "unprocessable");
    }
    let got = send(
        &r,
        post_json("/v1/screen", &json!({"name": "x", "dataset": "nope"})),
    )
    .await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found");

    let lines = "{\"id\": 1, \"name\": \"Tal Dilian\"}\nnot json\n\n{\"id\": \"z\", \"name\": \"Ayman al-Zawahiri\", \"dataset\": \"un-sc\"}\n{\"id\": 4, \"name\": \"x\", \"dataset\": \"nope\"}\n";
    let req = Request::post("/v1/screen/batch")
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .body(Body::from(lines))
        .unwrap();
    let resp = r.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()[header::CONTENT_TYPE], "application/x-ndjson");
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    let out: Vec<Value> = std::str::from_utf8(&body)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), 4);
    assert_eq!(out[0]["line"], 1);
    assert_eq!(out[0]["id"], 1);
    assert_eq!(out[0]["matches"][0]["entity_id"], "us-ofac-sdn:48060");
    assert_eq!(keys(&out[1]), set(&["line", "error"]));
    assert_eq!(out[1]["line"], 2);
    assert_eq!(out[1]["error"]["code"], "unprocessable");
    assert_eq!(out[2]["line"], 4);
    assert_eq!(out[2]["id"], "z");
    assert_eq!(out[2]["matches"][0]["entity_id"], "un-sc:QDi.001");
    assert_eq!(out[3]["id"], 4);
    assert_eq!(out[3]["error"]["code"], "not_found");
    let bad = Request::post("/v1/screen/batch")
        .body(Body::from(vec![0xff, 0xfe, b'\n']))
        .unwrap();
    assert_error(&send(&r, bad).await, StatusCode::BAD_REQUEST, "bad_request");
}

#[tokio::test]
async fn lists_and_diff() {
    let f = open().await;
    import(&f.store, "us-ofac-sdn", 2, sdn_entities(true)).await;
    let r = app(f.state.clone());
    let (s, v) = send(&r, get("/v1/lists")).await;
    assert_eq!(s, StatusCode::OK);
    let sdn = v["lists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["source"] == "us-ofac-sdn")
        .unwrap();
    assert_eq!(
        keys(sdn),
        set(&["source", "latest", "indexed_version", "versions"])
    );
    assert_eq!(sdn["versions"].as_array().unwrap().len(), 2);
    assert_eq!(sdn["latest"]["entity_count"], 4);
    assert_eq!(sdn["latest"]["published"], "2024-03-02");
    assert_eq!(sdn["latest"]["format"], "test");
    assert_eq!(sdn["latest"]["files"][0][0], "list.txt");
    // The index still holds the first version until a reload.
    assert_eq!(sdn["indexed_version"], sdn["versions"][0]["id"]);
    let (_, catalog) = send(&r, get("/catalog")).await;
    assert_eq!(catalog["index_stale"], true);

    let (s, v) = send(&r, get("/v1/lists/us-ofac-sdn/diff")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["added"].as_array().unwrap().len(), 1);
    assert_eq!(v["added"][0]["id"], "us-ofac-sdn:50001");
    assert_eq!(v["changed"][0]["id"], "us-ofac-sdn:48060");
    assert_eq!(v["changed"][0]["fields"][0]["field"], "programs");
    assert_eq!(v["unchanged"], 2);
    let from = sdn["versions"][0]["id"].as_str().unwrap();
    let (s, v) = send(
        &r,
        get(&format!(
            "/v1/lists/us-ofac-sdn/diff?from={}&to={}",
            &from[..8],
            &from[..8]
        )),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["added"].as_array().unwrap().len(), 0);
    assert_error(
        &send(&r, get("/v1/lists/eu-fsf/diff")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_error(
        &send(&r, get("/v1/lists/us-ofac-sdn/diff?from=abc")).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    assert_error(
        &send(&r, get("/v1/lists/us-ofac-sdn/diff?from=0000000000")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let un = f
        .store
        .latest_version(&"un-sc".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let got = send(
        &r,
        get(&format!("/v1/lists/us-ofac-sdn/diff?from={}", un.id)),
    )
    .await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found");
}

/// Reloading while requests run: none fails, and later requests see the new
/// version.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_swaps_under_load() {
    let f = open().await;
    let r = app(f.state.clone());
    let q =
        json!({"queries": {"k": {"schema": "Person", "properties": {"name": ["Yury Kovalchuk"]}}}});
    let (_, v) = send(&r, post_json("/match/default", &q)).await;
    assert_eq!(v["responses"]["k"]["total"]["value"], 0);

    import(&f.store, "us-ofac-sdn", 2, sdn_entities(true)).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let r = r.clone();
        let body = if i % 2 == 0 { putin_query() } else { q.clone() };
        tasks.push(tokio::spawn(async move {
            send(&r, post_json("/match/default", &body)).await
        }));
    }
    let state = f.state.clone();
    let reload = tokio::spawn(async move { state.reload().await });
    for t in tasks {
        let (s, v) = t.await.unwrap();
        assert_eq!(s, StatusCode::OK, "{v}");
    }
    assert!(reload.await.unwrap().unwrap());
    let (_, v) = send(&r, post_json("/match/default", &q)).await;
    assert_eq!(v["responses"]["k"]["results"][0]["id"], "us-ofac-sdn:50001");
    // Nothing new: no rebuild.
    assert!(!f.state.reload().await.unwrap());
}
