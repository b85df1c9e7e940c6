//! HTTP tests: requests sent to `app(state)` with `oneshot`, no sockets.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use denylist_model::{
    country_code, Entity, FuzzyDate, Identifier, IdentifierKind, Name, NameKind, NameStrength,
    PartialDate, Schema,
};
use denylist_server::{app, app_with, AppState, KeySet, Limits};
use denylist_store::{ImportRequest, Store};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

fn person(id: &str, name: &str, alias: &str, born: &str, country: &str) -> Entity {
    let mut e = Entity::new(id.parse().unwrap(), Schema::Person);
    e.names.push(Name::primary(name));
    if !alias.is_empty() {
        e.names
            .push(Name::new(alias, NameKind::Aka, NameStrength::Strong));
    }
    let d: PartialDate = born.parse().unwrap();
    e.birth_dates.push(FuzzyDate::on(d));
    e.nationalities.push(country_code(country).unwrap());
    e.programs.push("RUSSIA-EO14024".into());
    e
}

fn sdn_entities(extra: bool) -> Vec<Entity> {
    let mut putin = person(
        "us-ofac-sdn:35096",
        "PUTIN, Vladimir Vladimirovich",
        "Vladimir Putin",
        "1952-10-07",
        "RU",
    );
    putin.identifiers.push(Identifier::new(
        IdentifierKind::Passport,
        "Passport",
        "100000001",
    ));
    let mut v = vec![
        putin,
        person(
            "us-ofac-sdn:48060",
            "DILIAN, Tal Jonathan",
            "",
            "1961-06-09",
            "IL",
        ),
    ];
    let mut ship = Entity::new("us-ofac-sdn:9999".parse().unwrap(), Schema::Vessel);
    ship.names.push(Name::primary("OCEAN STAR"));
    ship.identifiers
        .push(Identifier::new(IdentifierKind::Imo, "IMO", "9123456"));
    v.push(ship);
    if extra {
        v.push(person(
            "us-ofac-sdn:50001",
            "KOVALCHUK, Yury Valentinovich",
            "",
            "1951-07-25",
            "RU",
        ));
    }
    v
}

fn un_entities() -> Vec<Entity> {
    vec![person(
        "un-sc:QDi.001",
        "Ayman Muhammed Rabi al-Zawahiri",
        "Ayman al-Zawahiri",
        "1951-06-19",
        "EG",
    )]
}

async fn import(store: &Store, source: &str, day: u32, entities: Vec<Entity>) {
    let body = format!("{source} {day} {}", entities.len());
    let req = ImportRequest::from_files(
        source.parse().unwrap(),
        "test",
        chrono::NaiveDate::from_ymd_opt(2024, 3, day),
        &[("list.txt", body.as_bytes())],
        entities,
    );
    store.import(req).await.unwrap();
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    state: AppState,
}

async fn fixture(keys: KeySet) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    import(&store, "us-ofac-sdn", 1, sdn_entities(false)).await;
    import(&store, "un-sc", 1, un_entities()).await;
    let state = AppState::new(store.backend(), keys, Limits::default());
    assert!(state.reload().await.unwrap());
    Fixture {
        _dir: dir,
        store,
        state,
    }
}

async fn open() -> Fixture {
    fixture(KeySet::disabled()).await
}

async fn send(router: &Router, req: Request<Body>) -> (StatusCode, Value) {
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let v = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, v)
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn post_json(uri: &str, body: &Value) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn putin_query() -> Value {
    json!({"queries": {"q1": {"schema": "Person", "properties": {
        "name": ["Vladimir Putin"], "birthDate": ["1952-10-07"], "nationality": ["ru"]
    }}}})
}

#[tokio::test]
async fn match_has_yente_shape() {
    let f = open().await;
    let r = app(f.state.clone());
    let (status, v) = send(&r, post_json("/match/default?limit=3", &putin_query())).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["limit"], 3);
    let q1 = &v["responses"]["q1"];
    assert_eq!(q1["status"], 200);
    assert_eq!(q1["query"]["schema"], "Person");
    assert_eq!(q1["query"]["properties"]["name"][0], "Vladimir Putin");
    let results = q1["results"].as_array().unwrap();
    assert_eq!(q1["total"]["value"], results.len());
    assert_eq!(q1["total"]["relation"], "eq");
    let top = results
        .iter()
        .find(|r| r["id"] == "us-ofac-sdn:35096")
        .expect("putin found");
    assert_eq!(top, &results[0]);
    assert_eq!(top["schema"], "Person");
    assert_eq!(top["caption"], "PUTIN, Vladimir Vladimirovich");
    assert_eq!(top["datasets"], json!(["us-ofac-sdn"]));
    assert_eq!(top["match"], true);
    let score = top["score"].as_f64().unwrap();
    assert!(score > 0.9 && score <= 1.0, "{score}");
    let p = &top["properties"];
    assert_eq!(p["name"], json!(["PUTIN, Vladimir Vladimirovich"]));
    assert_eq!(p["alias"], json!(["Vladimir Putin"]));
    assert_eq!(p["birthDate"], json!(["1952-10-07"]));
    assert_eq!(p["nationality"], json!(["ru"]));
    assert_eq!(p["passportNumber"], json!(["100000001"]));
    assert_eq!(p["programId"], json!(["RUSSIA-EO14024"]));
    assert!(top["features"]["name"].as_f64().unwrap() > 0.9);
    assert!(
        top["features"]["birth_date"].is_number(),
        "{}",
        top["features"]
    );
    assert!(top["explanation"]["tokens"].is_array());
}

#[tokio::test]
async fn match_filters_by_dataset_and_params() {
    let f = open().await;
    let r = app(f.state.clone());
    let zaw = json!({"queries": {"a": {"schema": "Person", "properties": {"name": ["Ayman al-Zawahiri"]}}}});
    let (s, v) = send(&r, post_json("/match/un-sc", &zaw)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["responses"]["a"]["results"][0]["id"], "un-sc:QDi.001");
    let (_, v) = send(&r, post_json("/match/us-ofac-sdn", &zaw)).await;
    assert_eq!(v["responses"]["a"]["total"]["value"], 0);
    let (_, v) = send(
        &r,
        post_json("/match/sanctions?exclude_dataset=un-sc", &zaw),
    )
    .await;
    assert_eq!(v["responses"]["a"]["total"]["value"], 0);
    let (_, v) = send(
        &r,
        post_json("/match/default?exclude_entity_ids=un-sc:QDi.001", &zaw),
    )
    .await;
    assert_eq!(v["responses"]["a"]["total"]["value"], 0);
    let (_, v) = send(&r, post_json("/match/default?exclude_schema=Person", &zaw)).await;
    assert_eq!(v["responses"]["a"]["total"]["value"], 0);
    // A vessel by IMO number.
    let ship = json!({"queries": {"s": {"schema": "Vessel", "properties": {"name": ["Ocean Star"], "imoNumber": ["IMO 9123456"]}}}});
    let (_, v) = send(&r, post_json("/match/default?algorithm=best", &ship)).await;
    assert_eq!(v["responses"]["s"]["results"][0]["id"], "us-ofac-sdn:9999");
    assert_eq!(
        v["responses"]["s"]["results"][0]["properties"]["imoNumber"],
        json!(["9123456"])
    );
    // The OFAC algorithm also finds Putin.
    let (s, v) = send(
        &r,
        post_json("/match/default?algorithm=ofac", &putin_query()),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        v["responses"]["q1"]["results"][0]["id"],
        "us-ofac-sdn:35096"
    );
}

#[tokio::test]
async fn match_errors() {
    let f = open().await;
    let r = app(f.state.clone());
    let (s, v) = send(&r, post_json("/match/nope", &putin_query())).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["error"]["code"], "not_found");
    assert!(v["error"]["message"].as_str().unwrap().contains("nope"));

    let bad = Request::post("/match/default")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"queries\": {"))
        .unwrap();
    let (s, v) = send(&r, bad).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"]["code"], "bad_request");

    let (s, v) = send(&r, post_json("/match/default", &json!({"queries": 5}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["code"], "unprocessable");

    let no_name = json!({"queries": {"x": {"schema": "Person", "properties": {}}}});
    let (s, _) = send(&r, post_json("/match/default", &no_name)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    let (s, v) = send(
        &r,
        post_json("/match/default?algorithm=magic", &putin_query()),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let (s, _) = send(&r, post_json("/match/default?threshold=7", &putin_query())).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    let resp = r.clone().oneshot(get("/healthz")).await.unwrap();
    let id = resp.headers()["x-request-id"].to_str().unwrap();
    assert!(id.starts_with("req-"), "{id}");
    let (s, v) = send(&r, get("/no/such/route")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["error"]["code"], "not_found");
}

#[tokio::test]
async fn too_many_queries_and_oversize_body() {
    let f = open().await;
    let mut state = f.state.clone();
    state.limits.max_queries = 2;
    let r = app_with(state, 1024, std::time::Duration::from_secs(30));
    let three = json!({"queries": {
        "a": {"properties": {"name": ["a"]}},
        "b": {"properties": {"name": ["b"]}},
        "c": {"properties": {"name": ["c"]}}}});
    let (s, v) = send(&r, post_json("/match/default", &three)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let big = json!({"queries": {"a": {"properties": {"name": ["x".repeat(5000)]}}}});
    let (s, v) = send(&r, post_json("/match/default", &big)).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(v["error"]["code"], "payload_too_large");
    let req = Request::post("/v1/screen/batch")
        .body(Body::from(format!(
            "{{\"name\": \"{}\"}}\n",
            "y".repeat(5000)
        )))
        .unwrap();
    let (s, v) = send(&r, req).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(v["error"]["code"], "payload_too_large");
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
    let (s, v) = send(&r, get("/catalog")).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(v["error"]["code"], "unauthorized");
    let wrong = Request::get("/catalog")
        .header(header::AUTHORIZATION, "Bearer 0000")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&r, wrong).await.0, StatusCode::UNAUTHORIZED);
    let right = Request::get("/catalog")
        .header(header::AUTHORIZATION, format!("Bearer {key}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&r, right).await.0, StatusCode::OK);
    // Health checks need no key.
    assert_eq!(send(&r, get("/healthz")).await.0, StatusCode::OK);
    assert_eq!(send(&r, get("/readyz")).await.0, StatusCode::OK);
}

#[tokio::test]
async fn read_endpoints() {
    let f = open().await;
    let r = app(f.state.clone());

    let (s, v) = send(&r, get("/search/default?q=tal%20dilian&limit=5")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["results"][0]["id"], "us-ofac-sdn:48060");
    assert_eq!(v["limit"], 5);

    let (s, v) = send(&r, get("/entities/us-ofac-sdn:48060")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["caption"], "DILIAN, Tal Jonathan");
    assert_eq!(v["properties"]["birthDate"], json!(["1961-06-09"]));
    let (s, _) = send(&r, get("/entities/us-ofac-sdn:0")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, v) = send(&r, get("/catalog")).await;
    assert_eq!(s, StatusCode::OK);
    let names: Vec<&str> = v["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["default", "sanctions", "un-sc", "us-ofac-sdn"]);
    let sdn = v["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "us-ofac-sdn")
        .unwrap();
    assert_eq!(sdn["entity_count"], 3);

    let (s, v) = send(&r, get("/algorithms")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["best"], "denylist");

    assert_eq!(send(&r, get("/healthz")).await.1["status"], "ok");
    let (s, v) = send(&r, get("/readyz")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["entities"], 4);

    let (s, v) = send(&r, get("/openapi.json")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["paths"]["/match/{dataset}"]["post"].is_object());

    let (s, v) = send(&r, get("/metrics")).await;
    assert_eq!(s, StatusCode::OK);
    let text = v.as_str().unwrap();
    assert!(
        text.contains("denylist_http_requests_total{route=\"/search/{dataset}\",status=\"200\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("denylist_list_entities{source=\"us-ofac-sdn\""),
        "{text}"
    );
    assert!(text.contains("denylist_index_ready 1"));
}

#[tokio::test]
async fn not_ready_until_reload() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let state = AppState::new(store.backend(), KeySet::disabled(), Limits::default());
    let r = app(state.clone());
    let (s, v) = send(&r, get("/readyz")).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(v["error"]["code"], "not_ready");
    let (s, _) = send(&r, post_json("/match/default", &putin_query())).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    state.reload().await.unwrap();
    assert_eq!(send(&r, get("/readyz")).await.0, StatusCode::OK);
}

#[tokio::test]
async fn native_screen_and_batch() {
    let f = open().await;
    let r = app(f.state.clone());
    let req = json!({"name": "Vladimir Putin", "schema": "person", "birth_date": "1952", "countries": ["Russia"], "limit": 2});
    let (s, v) = send(&r, post_json("/v1/screen", &req)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["matches"][0]["entity_id"], "us-ofac-sdn:35096");
    assert_eq!(v["matches"][0]["source"], "us-ofac-sdn");
    assert!(v["lists"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["source"] == "un-sc"));

    let (s, v) = send(
        &r,
        post_json("/v1/screen", &json!({"name": "x", "birth_date": "nope"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, _) = send(&r, post_json("/v1/screen", &json!({"nom": "x"}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    let lines = "{\"id\": 1, \"name\": \"Tal Dilian\"}\nnot json\n\n{\"id\": \"z\", \"name\": \"Ayman al-Zawahiri\", \"dataset\": \"un-sc\"}\n";
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
    assert_eq!(out.len(), 3);
    assert_eq!(out[0]["id"], 1);
    assert_eq!(out[0]["matches"][0]["entity_id"], "us-ofac-sdn:48060");
    assert_eq!(out[1]["line"], 2);
    assert_eq!(out[1]["error"]["code"], "unprocessable");
    assert_eq!(out[2]["id"], "z");
    assert_eq!(out[2]["matches"][0]["entity_id"], "un-sc:QDi.001");
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
    assert_eq!(sdn["versions"].as_array().unwrap().len(), 2);
    assert_eq!(sdn["latest"]["entity_count"], 4);
    // The index still holds the first version until a reload.
    assert_eq!(sdn["indexed_version"], sdn["versions"][0]["id"]);

    let (s, v) = send(&r, get("/v1/lists/us-ofac-sdn/diff")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["added"].as_array().unwrap().len(), 1);
    assert_eq!(v["added"][0]["id"], "us-ofac-sdn:50001");
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
    let (s, _) = send(&r, get("/v1/lists/eu-fsf/diff")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
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
