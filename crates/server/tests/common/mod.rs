//! Shared fixtures of the HTTP tests: a store with two small lists, and
//! request helpers over `app(state)` with `oneshot` (no sockets).
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use denylist_model::{
    country_code, Entity, FuzzyDate, Identifier, IdentifierKind, Name, NameKind, NameStrength,
    PartialDate, Schema,
};
use denylist_server::{AppState, KeySet, Limits};
use denylist_store::{ImportRequest, Store};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

pub fn person(id: &str, name: &str, alias: &str, born: &str, country: &str) -> Entity {
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

/// The SDN fixture: version 1 has Putin, Dilian and a vessel; version 2
/// (`second`) adds Kovalchuk and a program to Dilian.
pub fn sdn_entities(second: bool) -> Vec<Entity> {
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
    let mut dilian = person(
        "us-ofac-sdn:48060",
        "DILIAN, Tal Jonathan",
        "",
        "1961-06-09",
        "IL",
    );
    if second {
        dilian.programs.push("CYBER2".into());
    }
    let mut v = vec![putin, dilian];
    let mut ship = Entity::new("us-ofac-sdn:9999".parse().unwrap(), Schema::Vessel);
    ship.names.push(Name::primary("OCEAN STAR"));
    ship.identifiers
        .push(Identifier::new(IdentifierKind::Imo, "IMO", "9123456"));
    v.push(ship);
    if second {
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

pub fn un_entities() -> Vec<Entity> {
    vec![person(
        "un-sc:QDi.001",
        "Ayman Muhammed Rabi al-Zawahiri",
        "Ayman al-Zawahiri",
        "1951-06-19",
        "EG",
    )]
}

/// Imports `entities` as the version of `source` published 2024-03-`day`.
pub async fn import(store: &Store, source: &str, day: u32, entities: Vec<Entity>) {
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

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub state: AppState,
}

/// SDN version 1 (2024-03-01) and UN (2024-03-01), indexed.
pub async fn fixture(keys: KeySet) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    import(&store, "us-ofac-sdn", 1, sdn_entities(false)).await;
    import(&store, "un-sc", 1, un_entities()).await;
    let state = AppState::new(store.backend(), keys, Limits::default());
    assert!(state.reload().await.unwrap());
    Fixture { dir, store, state }
}

pub async fn open() -> Fixture {
    fixture(KeySet::disabled()).await
}

/// Status and body (JSON, else the text as a JSON string).
pub async fn send(router: &Router, req: Request<Body>) -> (StatusCode, Value) {
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let v = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, v)
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

pub fn post_json(uri: &str, body: &Value) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

pub fn putin_query() -> Value {
    json!({"queries": {"q1": {"schema": "Person", "properties": {
        "name": ["Vladimir Putin"], "birthDate": ["1952-10-07"], "nationality": ["ru"]
    }}}})
}

/// Asserts an error answer: the status and our body with `code`.
pub fn assert_error(got: &(StatusCode, Value), status: StatusCode, code: &str) {
    assert_eq!(got.0, status, "{}", got.1);
    assert_eq!(got.1["error"]["code"], code, "{}", got.1);
    assert!(
        got.1["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{}",
        got.1
    );
}
