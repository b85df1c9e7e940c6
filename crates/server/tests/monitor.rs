//! The monitoring endpoints over `app(state)`: customers, alerts and
//! decisions (four-eyes), the audit log, the delta screening after a
//! reload; and, on a real socket, the webhook deliverer of a running
//! server.

mod common;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use denylist_server::{app, AppState, KeySet, Limits, Server, ServerConfig};
use denylist_store::{AuditContext, MonitorSettings};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// The fixture with monitoring enabled.
async fn monitored() -> (Fixture, axum::Router) {
    let mut f = open().await;
    f.state = f.state.clone().with_monitor(f.store.clone());
    let router = app(f.state.clone());
    (f, router)
}

fn ndjson(uri: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// Status and raw body text.
async fn send_text(router: &axum::Router, req: Request<Body>) -> (StatusCode, String) {
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

fn tal() -> Value {
    json!({"id": "C1", "kind": "Person", "names": ["Tal Dilian"], "birth_dates": ["1961"],
           "countries": ["IL"], "fields": {"segment": "private banking"}})
}

fn jensen() -> Value {
    json!({"id": "C2", "kind": "Person", "names": ["Maria Jensen"], "countries": ["DK"]})
}

fn sdn_version(f: &Fixture) -> String {
    f.state.index().unwrap().versions[1].id.to_string()
}

#[tokio::test]
async fn customers_are_upserted_screened_and_bad_rows_reported() {
    let (f, router) = monitored().await;
    let body = json!([tal(), jensen(), {"id": "C3", "names": []}, {"id": "C4", "names": ["X"], "colour": "red"}]);
    let (status, got) = send(&router, post_json("/v1/customers?by=loader", &body)).await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!(
        (
            &got["received"],
            &got["accepted"],
            &got["rejected"],
            &got["inserted"],
            &got["screened"]
        ),
        (&json!(4), &json!(2), &json!(2), &json!(2), &json!(2))
    );
    let errors = got["errors"].as_array().unwrap();
    assert_eq!(errors[0]["index"], 2);
    assert_eq!(errors[0]["id"], "C3");
    assert_eq!(errors[0]["message"], "customer C3: no name");
    assert_eq!(errors[1]["index"], 3);
    assert!(
        errors[1]["message"].as_str().unwrap().contains("colour"),
        "{got}"
    );
    // Tal Dilian matches the SDN entry at once; Maria Jensen does not.
    let alerts = got["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 1, "{got}");
    assert_eq!(alerts[0]["customer_id"], "C1");
    assert_eq!(alerts[0]["entity_id"], "us-ofac-sdn:48060");
    assert_eq!(alerts[0]["status"], "open");
    assert_eq!(alerts[0]["raised_by_version"], sdn_version(&f));
    let sources: BTreeSet<&str> = got["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, BTreeSet::from(["un-sc", "us-ofac-sdn"]));

    // The same again: unchanged, nothing screened, no alert.
    let (_, again) = send(
        &router,
        post_json("/v1/customers", &json!([tal(), jensen()])),
    )
    .await;
    assert_eq!(
        (&again["unchanged"], &again["screened"], &again["alerts"]),
        (&json!(2), &json!(0), &json!([]))
    );

    // NDJSON: blank lines skipped, line numbers for bad lines; a changed
    // customer is screened again.
    let mut changed = jensen();
    changed["countries"] = json!(["SE"]);
    let text = format!(
        "{changed}\n\n{{not json\n{}\n",
        json!({"id": "C5", "names": ["Ocean Star"], "kind": "Vessel"})
    );
    let (status, got) = send(&router, ndjson("/v1/customers", &text)).await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!(
        (&got["received"], &got["updated"], &got["inserted"]),
        (&json!(3), &json!(1), &json!(1))
    );
    assert_eq!(got["errors"][0]["index"], 1);
    assert_eq!(got["errors"][0]["line"], 3);
    assert_eq!(got["alerts"][0]["entity_id"], "us-ofac-sdn:9999");

    // Listing and one customer.
    let (status, list) = send(&router, get("/v1/customers?limit=2")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["total"], 3);
    let ids: Vec<&str> = list["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["C1", "C2"]);
    assert_eq!(list["next"], "C2");
    let (_, rest) = send(&router, get("/v1/customers?after=C2")).await;
    assert_eq!(rest["customers"][0]["id"], "C5");
    assert_eq!(rest["next"], Value::Null);
    let (status, one) = send(&router, get("/v1/customers/C1")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["customer"]["names"], json!(["Tal Dilian"]));
    assert_eq!(one["customer"]["fields"]["segment"], "private banking");
    assert_eq!(one["alerts"][0]["entity_id"], "us-ofac-sdn:48060");
    assert_error(
        &send(&router, get("/v1/customers/NOPE")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn bad_customer_bodies_are_refused() {
    let (_f, router) = monitored().await;
    let text = |ct: &str, body: &str| {
        Request::post("/v1/customers")
            .header(header::CONTENT_TYPE, ct)
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    assert_error(
        &send(&router, text("text/csv", "id,name\n1,x\n")).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    assert_error(
        &send(&router, text("application/json", "[{")).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    assert_error(
        &send(&router, text("application/json", "[]")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable",
    );
    assert_error(
        &send(&router, text("application/json", "\"C1\"")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable",
    );
    assert_error(
        &send(&router, text("application/x-ndjson", "\n\n")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable",
    );
}

#[tokio::test]
async fn alerts_are_listed_shown_and_decided_with_four_eyes() {
    let (f, router) = monitored().await;
    let putin = json!({"id": "C9", "kind": "Person", "names": ["Vladimir Putin"], "birth_dates": ["1952-10-07"]});
    let (_, got) = send(&router, post_json("/v1/customers", &json!([tal(), putin]))).await;
    assert_eq!(got["alerts"].as_array().unwrap().len(), 2, "{got}");
    let id_of = |customer: &str| {
        got["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["customer_id"] == customer)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (tal_alert, putin_alert) = (id_of("C1"), id_of("C9"));

    // Listing and filters.
    let (status, list) = send(&router, get("/v1/alerts?status=open")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["alerts"].as_array().unwrap().len(), 2);
    assert_eq!(list["counts"]["open"], 2);
    let (_, list) = send(&router, get("/v1/alerts?customer=C9")).await;
    assert_eq!(list["alerts"][0]["id"], putin_alert.as_str());
    assert_eq!(list["alerts"][0]["entity_id"], "us-ofac-sdn:35096");
    let (_, list) = send(&router, get("/v1/alerts?status=dismissed")).await;
    assert_eq!(list["alerts"], json!([]));
    assert_error(
        &send(&router, get("/v1/alerts?status=maybe")).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    assert_error(
        &send(&router, get("/v1/alerts?limit=lots")).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );

    // One alert with its history.
    let (status, one) = send(&router, get(&format!("/v1/alerts/{tal_alert}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["customer_id"], "C1");
    assert_eq!(one["history"][0]["action"], "raised");
    assert_eq!(one["history"][0]["version"], sdn_version(&f));
    assert_error(
        &send(&router, get("/v1/alerts/A999999")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_error(
        &send(&router, get("/v1/alerts/B12")).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );

    // Bad decisions.
    let decide = |id: &str, body: Value| post_json(&format!("/v1/alerts/{id}/decision"), &body);
    for (body, status, code) in [
        (
            json!({"decision": "maybe", "by": "ann@bank"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
        ),
        (
            json!({"decision": "dismiss", "by": "ann@bank"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
        ),
        (
            json!({"decision": "dismiss", "reason": "other DOB"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
        ),
        (
            json!({"decision": "confirm", "by": " "}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
        ),
        (
            json!({"decision": "confirm", "by": "ann@bank", "note": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
        ),
    ] {
        assert_error(
            &send(&router, decide(&tal_alert, body.clone())).await,
            status,
            code,
        );
    }
    let broken = Request::post(format!("/v1/alerts/{tal_alert}/decision"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"decision\":"))
        .unwrap();
    assert_error(
        &send(&router, broken).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    assert_error(
        &send(
            &router,
            decide("A999999", json!({"decision": "confirm", "by": "ann@bank"})),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );

    // A dismissal.
    let (status, d) = send(
        &router,
        decide(
            &tal_alert,
            json!({"decision": "dismiss", "reason": "different date of birth", "by": "ann@bank"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["alert"]["status"], "dismissed");
    assert_eq!(d["alert"]["decided_by"], "ann@bank");
    assert_eq!(d["alert"]["decision_reason"], "different date of birth");
    assert_eq!(d["pending"], false);

    // Four-eyes: the first confirmation waits, the same reviewer again is
    // a conflict, a second reviewer confirms.
    f.store
        .monitor()
        .set_monitor_settings(
            &MonitorSettings {
                four_eyes: true,
                ..MonitorSettings::default()
            },
            &AuditContext::new("admin", "test"),
        )
        .await
        .unwrap();
    let confirm = |by: &str| json!({"decision": "confirm", "by": by});
    let (status, d) = send(&router, decide(&putin_alert, confirm("ann@bank"))).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["pending"], true);
    assert_eq!(d["alert"]["status"], "open");
    assert_eq!(d["alert"]["pending_confirmation_by"], "ann@bank");
    let again = send(&router, decide(&putin_alert, confirm("ann@bank"))).await;
    assert_error(&again, StatusCode::CONFLICT, "conflict");
    let (status, d) = send(&router, decide(&putin_alert, confirm("bob@bank"))).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["pending"], false);
    assert_eq!(d["alert"]["status"], "confirmed");
    let (_, one) = send(&router, get(&format!("/v1/alerts/{putin_alert}"))).await;
    let actions: Vec<&str> = one["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["raised", "confirmation_requested", "confirmed"]);
}

#[tokio::test]
async fn the_audit_log_is_exported_as_json_lines_and_verified() {
    let (_f, router) = monitored().await;
    let (_, got) = send(
        &router,
        post_json("/v1/customers?by=loader", &json!([tal()])),
    )
    .await;
    let alert = got["alerts"][0]["id"].as_str().unwrap().to_string();
    let (status, _) = send(
        &router,
        post_json(
            &format!("/v1/alerts/{alert}/decision"),
            &json!({"decision": "dismiss", "reason": "other DOB", "by": "ann@bank"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let resp = router.clone().oneshot(get("/v1/audit")).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()[header::CONTENT_TYPE], "application/x-ndjson");
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let records: Vec<Value> = String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let seqs: Vec<u64> = records.iter().map(|r| r["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, (1..=records.len() as u64).collect::<Vec<_>>());
    for pair in records.windows(2) {
        assert_eq!(pair[1]["prev_hash"], pair[0]["hash"]);
    }
    let dismissal = records
        .iter()
        .find(|r| r["action"] == "alert.dismissed")
        .unwrap_or_else(|| panic!("no alert.dismissed in {records:?}"));
    assert_eq!(dismissal["actor"], "ann@bank");
    assert_eq!(dismissal["subject"], alert.as_str());
    let import = records
        .iter()
        .find(|r| r["action"] == "customers.import")
        .unwrap();
    assert_eq!(import["actor"], "loader");

    // Resume after a seq; a future `since` gives nothing; bad `since`.
    let (status, text) = send_text(&router, get("/v1/audit?after=1")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text.lines().count(), records.len() - 1);
    let (_, text) = send_text(&router, get("/v1/audit?since=2999-01-01")).await;
    assert_eq!(text, "");
    let (_, text) = send_text(&router, get("/v1/audit?since=2000-01-01T00:00:00Z")).await;
    assert_eq!(text.lines().count(), records.len());
    assert_error(
        &send(&router, get("/v1/audit?since=yesterday")).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );

    let (status, check) = send(&router, get("/v1/audit/verify")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(check["ok"], true, "{check}");
    assert_eq!(check["records"], records.len());
    assert_eq!(check["last_hash"], records.last().unwrap()["hash"]);
    assert_eq!(check["problem"], Value::Null);
}

#[tokio::test]
async fn a_reload_onto_a_new_version_screens_the_delta() {
    let (f, router) = monitored().await;
    let kovalchuk = json!({"id": "C7", "kind": "Person", "names": ["Yury Kovalchuk"], "birth_dates": ["1951-07-25"]});
    let (_, got) = send(&router, post_json("/v1/customers", &json!([kovalchuk]))).await;
    assert_eq!(got["alerts"], json!([]), "not listed yet: {got}");
    // Nothing new: no screening, no alert.
    assert!(!f.state.reload_and_sync().await.unwrap());

    import(&f.store, "us-ofac-sdn", 2, sdn_entities(true)).await;
    assert!(f.state.reload_and_sync().await.unwrap());
    let (_, list) = send(&router, get("/v1/alerts?customer=C7")).await;
    let alerts = list["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 1, "{list}");
    assert_eq!(alerts[0]["entity_id"], "us-ofac-sdn:50001");
    let v2 = f
        .store
        .latest_version(&"us-ofac-sdn".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(alerts[0]["raised_by_version"], v2.id.to_string());
    // Running it again changes nothing.
    assert!(!f.state.reload_and_sync().await.unwrap());
    let (_, list) = send(&router, get("/v1/alerts")).await;
    assert_eq!(list["alerts"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn monitoring_needs_a_key_and_a_monitor() {
    let f = open().await;
    // Without `with_monitor`: a clear 404.
    let bare = app(f.state.clone());
    let got = send(&bare, get("/v1/alerts")).await;
    assert_error(&got, StatusCode::NOT_FOUND, "not_found");
    assert!(got.1["error"]["message"]
        .as_str()
        .unwrap()
        .contains("monitoring is not enabled"));

    let key = denylist_server::create_key(f.dir.path(), "ci").unwrap();
    let entries = denylist_server::load_keys(f.dir.path()).unwrap();
    let state = AppState::new(
        f.store.backend(),
        KeySet::from_entries(&entries),
        Limits::default(),
    )
    .with_monitor(f.store.clone());
    let router = app(state);
    for req in [
        get("/v1/customers"),
        get("/v1/alerts"),
        get("/v1/audit"),
        get("/v1/audit/verify"),
        post_json("/v1/customers", &json!([tal()])),
        post_json(
            "/v1/alerts/A000001/decision",
            &json!({"decision": "confirm", "by": "x"}),
        ),
    ] {
        let what = format!("{} {}", req.method(), req.uri());
        let got = send(&router, req).await;
        assert_eq!(got.0, StatusCode::UNAUTHORIZED, "{what}");
        assert_error(&got, StatusCode::UNAUTHORIZED, "unauthorized");
    }
    let keyed = Request::get("/v1/alerts")
        .header(header::AUTHORIZATION, format!("Bearer {key}"))
        .body(Body::empty())
        .unwrap();
    let (status, got) = send(&router, keyed).await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!(got["alerts"], json!([]));
}

/// A running server with a webhook URL delivers the alerts its API raises,
/// signed, in the background.
#[tokio::test]
async fn a_running_server_delivers_webhooks() {
    const SECRET: &str = "whsec_server_test_0123456789";
    type Seen = Arc<Mutex<Vec<(String, bool, Value)>>>;
    let seen: Seen = Arc::default();
    let receiver = {
        let seen = seen.clone();
        axum::Router::new().route(
            "/hook",
            axum::routing::post(
                move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                    let seen = seen.clone();
                    async move {
                        let h = |n: &str| {
                            headers
                                .get(n)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or("")
                                .to_string()
                        };
                        let signed = denylist_webhooks::verify(
                            SECRET.as_bytes(),
                            &h("x-denylist-timestamp"),
                            &body,
                            &h("x-denylist-signature"),
                            chrono::Utc::now(),
                            denylist_webhooks::DEFAULT_TOLERANCE,
                        )
                        .is_ok();
                        let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
                        seen.lock()
                            .unwrap()
                            .push((h("x-denylist-delivery"), signed, json));
                        StatusCode::NO_CONTENT
                    }
                },
            ),
        )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, receiver).await });

    let f = open().await;
    let mut config = ServerConfig::new("127.0.0.1:0".parse().unwrap(), f.dir.path());
    config.auth = false;
    config.poll_interval = Duration::from_millis(100);
    config.webhook = Some(
        denylist_webhooks::WebhookConfig::new(
            &hook,
            denylist_webhooks::Secret::new(SECRET).unwrap(),
        )
        .unwrap(),
    );
    let server = Server::bind(config, f.store.backend())
        .await
        .unwrap()
        .with_monitor(f.store.clone());
    let base = format!("http://{}", server.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let done = tokio::spawn(server.run_until(async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let text = client
        .post(format!("{base}/v1/customers"))
        .header("content-type", "application/json")
        .body(json!([tal()]).to_string())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let got: Value = serde_json::from_str(&text).unwrap();
    let alert = got["alerts"][0]["id"].as_str().unwrap().to_string();

    // Wait (at most a minute on a busy machine) for the background delivery.
    for _ in 0..600 {
        if !seen.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = stop.send(());
    done.await.unwrap().unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let (delivery, signed, body) = &seen[0];
    assert!(signed);
    assert_eq!(delivery, "1");
    assert_eq!(body["event"], "alert.opened");
    assert_eq!(body["alert"]["id"], alert.as_str());
    assert_eq!(body["alert"]["customer_id"], "C1");
    let counts = f.store.monitor().webhook_counts().await.unwrap();
    assert_eq!(counts["delivered"], 1);
}

#[test]
fn the_monitoring_endpoints_are_documented() {
    let doc = serde_json::to_value(denylist_server::openapi()).unwrap();
    for (method, path, statuses) in [
        (
            "post",
            "/v1/customers",
            &["200", "400", "401", "415", "422"][..],
        ),
        ("get", "/v1/customers", &["200", "401"][..]),
        ("get", "/v1/customers/{id}", &["200", "401", "404"][..]),
        ("get", "/v1/alerts", &["200", "400", "401"][..]),
        ("get", "/v1/alerts/{id}", &["200", "400", "401", "404"][..]),
        (
            "post",
            "/v1/alerts/{id}/decision",
            &["200", "400", "401", "404", "409", "422"][..],
        ),
        ("get", "/v1/audit", &["200", "400", "401"][..]),
        ("get", "/v1/audit/verify", &["200", "401"][..]),
    ] {
        let op = &doc["paths"][path][method];
        assert_eq!(op["tags"], json!(["monitoring"]), "{method} {path}");
        for s in statuses {
            assert!(op["responses"][s].is_object(), "{method} {path} lacks {s}");
        }
    }
    let decision = &doc["paths"]["/v1/alerts/{id}/decision"]["post"];
    assert_eq!(
        decision["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/DecisionRequest"
    );
    assert_eq!(
        decision["responses"]["409"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ErrorBody"
    );
    let schemas = &doc["components"]["schemas"];
    for s in ["CustomerBody", "ImportResponse", "AlertList", "AuditCheck"] {
        assert!(schemas[s].is_object(), "schema {s} missing");
    }
}
