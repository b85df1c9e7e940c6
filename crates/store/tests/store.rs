//! Versions, shared revisions, point-in-time queries, diffs and history.

mod common;

use chrono::{TimeZone, Utc};
use common::*;
use denylist_model::{EntityId, VersionId};
use denylist_store::{FetchState, Store, StoreError, VersionSpec};

fn id(s: &str) -> EntityId {
    s.parse().unwrap()
}

#[tokio::test]
async fn identical_reimport_is_a_no_op() {
    let (dir, store) = temp_store().await;
    let req = request("day1", day(2024, 3, 4), vec![person("1", "DOE, John")]);
    let first = store.import(req.clone()).await.unwrap();
    assert!(first.created);
    assert_eq!(first.new_revisions, 1);
    assert_eq!(first.version.id, version_of("day1"));

    let again = store.import(req).await.unwrap();
    assert!(!again.created);
    assert_eq!(again.new_revisions, 0);
    assert_eq!(again.version, first.version);
    assert_eq!(store.versions(&sdn()).await.unwrap().len(), 1);

    // Still there after closing and reopening.
    store.close().await;
    let store = Store::open(dir.path()).await.unwrap();
    assert_eq!(
        store.version(version_of("day1").as_str()).await.unwrap(),
        first.version
    );
}

#[tokio::test]
async fn unchanged_entities_share_revisions() {
    let (_dir, store) = temp_store().await;
    let a = person("1", "DOE, John");
    let b = person("2", "ROE, Richard");
    let c = person("3", "POE, Edgar");
    let v1 = store
        .import(request(
            "v1",
            day(2024, 3, 4),
            vec![a.clone(), b.clone(), c.clone()],
        ))
        .await
        .unwrap();
    assert_eq!((v1.new_revisions, v1.reused_revisions), (3, 0));

    let mut b2 = b.clone();
    b2.birth_dates.push(born(1970, 1, 2));
    let v2 = store
        .import(request(
            "v2",
            day(2024, 3, 5),
            vec![a.clone(), b2.clone(), c.clone()],
        ))
        .await
        .unwrap();
    assert_eq!((v2.new_revisions, v2.reused_revisions), (1, 2));
    assert_eq!(v2.version.entity_count, 3);

    // A version going back to an older state reuses the old revision.
    let v3 = store
        .import(request("v3", day(2024, 3, 6), vec![a.clone(), b.clone()]))
        .await
        .unwrap();
    assert_eq!((v3.new_revisions, v3.reused_revisions), (0, 2));

    assert_eq!(
        store.entities(&v2.version.id).await.unwrap(),
        vec![a.clone(), b2, c]
    );
    assert_eq!(store.entities(&v3.version.id).await.unwrap(), vec![a, b]);
}

#[tokio::test]
async fn point_in_time_query_returns_the_list_as_it_stood() {
    let (_dir, store) = temp_store().await;
    let tal = person("48060", "DILIAN, Tal Jonathan");
    let old = person("100", "OLD, Entry");
    store
        .import(request("0304", day(2024, 3, 4), vec![old.clone()]))
        .await
        .unwrap();
    // Imported out of order: published dates decide.
    store
        .import(request(
            "0305",
            day(2024, 3, 5),
            vec![old.clone(), tal.clone()],
        ))
        .await
        .unwrap();
    store
        .import(request("0301", day(2024, 3, 1), vec![]))
        .await
        .unwrap();

    let src = sdn();
    let on_4th = store
        .version_as_of(&src, day(2024, 3, 4))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(on_4th.id, version_of("0304"));
    let ids: Vec<String> = store
        .entities(&on_4th.id)
        .await
        .unwrap()
        .iter()
        .map(|e| e.id.to_string())
        .collect();
    assert_eq!(ids, ["us-ofac-sdn:100"]);

    let later = store
        .version_as_of(&src, day(2024, 12, 31))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(later.id, version_of("0305"));
    let on_2nd = store
        .version_as_of(&src, day(2024, 3, 2))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(on_2nd.id, version_of("0301"));
    assert!(store
        .version_as_of(&src, day(2024, 2, 29))
        .await
        .unwrap()
        .is_none());

    let order: Vec<VersionId> = store
        .versions(&src)
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.id)
        .collect();
    assert_eq!(
        order,
        [version_of("0301"), version_of("0304"), version_of("0305")]
    );
    assert_eq!(
        store.latest_version(&src).await.unwrap().unwrap().id,
        version_of("0305")
    );
    assert!(store
        .latest_version(&"un-sc".parse().unwrap())
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn diff_reports_added_removed_and_changed_fields() {
    let (_dir, store) = temp_store().await;
    let kept = person("1", "DOE, John");
    let gone = person("2", "ROE, Richard");
    let mut moved = person("3", "POE, Edgar");
    store
        .import(request(
            "a",
            day(2024, 3, 4),
            vec![kept.clone(), gone.clone(), moved.clone()],
        ))
        .await
        .unwrap();
    moved.programs.push("CYBER2".into());
    moved.names[0].full = "POE, Edgar Allan".into();
    moved.add_property("Secondary sanctions risk:", "Section 1(b)");
    let new = person("4", "NEW, Person");
    store
        .import(request("b", day(2024, 3, 5), vec![kept, moved, new]))
        .await
        .unwrap();

    let diff = store.diff(&sdn(), None, None).await.unwrap();
    assert_eq!(diff.from.as_ref().unwrap().id, version_of("a"));
    assert_eq!(diff.to.id, version_of("b"));
    assert_eq!(diff.added.len(), 1);
    assert_eq!(diff.added[0].id, id("us-ofac-sdn:4"));
    assert_eq!(diff.removed.len(), 1);
    assert_eq!(diff.removed[0].id, id("us-ofac-sdn:2"));
    assert_eq!(diff.changed.len(), 1);
    assert_eq!(diff.unchanged, 1);
    let change = &diff.changed[0];
    assert_eq!(change.id, id("us-ofac-sdn:3"));
    assert_eq!(change.name.as_deref(), Some("POE, Edgar Allan"));
    let fields: Vec<&str> = change.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["names", "programs", "properties"]);
    assert_eq!(change.fields[1].before, serde_json::json!(["SDGT"]));
    assert_eq!(
        change.fields[1].after,
        serde_json::json!(["SDGT", "CYBER2"])
    );
    assert_eq!(change.fields[2].before, serde_json::Value::Null);

    // Serializes for `denylist diff --json`.
    let json = serde_json::to_value(&diff).unwrap();
    assert_eq!(json["changed"][0]["fields"][0]["field"], "names");

    // Reverse direction, and the first version against nothing.
    let back = store
        .diff(&sdn(), Some(&version_of("b")), Some(&version_of("a")))
        .await
        .unwrap();
    assert_eq!(back.added[0].id, id("us-ofac-sdn:2"));
    assert_eq!(back.removed[0].id, id("us-ofac-sdn:4"));
    let first = store
        .diff(&sdn(), None, Some(&version_of("a")))
        .await
        .unwrap();
    assert!(first.from.is_none());
    assert_eq!(first.added.len(), 3);
    assert!(!first.is_empty());
    let same = store
        .diff(&sdn(), Some(&version_of("a")), Some(&version_of("a")))
        .await
        .unwrap();
    assert!(same.is_empty());
    assert_eq!(same.unchanged, 3);
}

#[tokio::test]
async fn versions_are_found_by_unique_hex_prefix() {
    let (_dir, store) = temp_store().await;
    let mut r1 = request("x", day(2024, 1, 1), vec![]);
    r1.version_id = VersionId::new(format!("abcdef01{}", "0".repeat(56))).unwrap();
    let mut r2 = request("y", day(2024, 1, 2), vec![]);
    r2.version_id = VersionId::new(format!("abcdef02{}", "0".repeat(56))).unwrap();
    store.import(r1.clone()).await.unwrap();
    store.import(r2).await.unwrap();

    assert_eq!(store.version("abcdef01").await.unwrap().id, r1.version_id);
    assert_eq!(store.version("ABCDEF01").await.unwrap().id, r1.version_id);
    assert_eq!(
        store.version(r1.version_id.as_str()).await.unwrap().id,
        r1.version_id
    );
    match store.version("abcdef").await {
        Err(StoreError::Ambiguous { candidates, .. }) => assert_eq!(candidates.len(), 2),
        other => panic!("expected ambiguous, got {other:?}"),
    }
    assert!(matches!(
        store.version("123456").await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.version("abcde").await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.version("abcdeg").await,
        Err(StoreError::Invalid(_))
    ));
}

#[tokio::test]
async fn entity_history_groups_versions_into_spans() {
    let (_dir, store) = temp_store().await;
    let other = person("9", "OTHER, Party");
    let tal = person("48060", "DILIAN, Tal Jonathan");
    let mut tal2 = tal.clone();
    tal2.birth_dates.push(born(1961, 8, 21));
    let days = [
        ("d1", day(2024, 3, 1), vec![other.clone()]),
        ("d2", day(2024, 3, 2), vec![other.clone(), tal.clone()]),
        ("d3", day(2024, 3, 3), vec![other.clone(), tal.clone()]),
        ("d4", day(2024, 3, 4), vec![other.clone(), tal2.clone()]),
        ("d5", day(2024, 3, 5), vec![other.clone()]),
        ("d6", day(2024, 3, 6), vec![other.clone(), tal2.clone()]),
    ];
    for (file, date, entities) in days {
        store.import(request(file, date, entities)).await.unwrap();
    }

    let rec = store.entity(&id("us-ofac-sdn:48060"), None).await.unwrap();
    assert_eq!(rec.entity, tal2);
    assert_eq!(rec.version.id, version_of("d6"));
    let h = &rec.history;
    assert_eq!(h.first_seen.published, Some(day(2024, 3, 2)));
    assert_eq!(h.last_seen.published, Some(day(2024, 3, 6)));
    assert_eq!(h.listed_since.published, Some(day(2024, 3, 6)));
    assert!(h.delisted_in.is_none());
    assert_eq!(h.versions_seen, 4);
    assert_eq!(h.spans.len(), 3);
    assert_eq!(h.spans[0].versions, 2);
    assert_eq!(h.spans[1].first.published, Some(day(2024, 3, 4)));
    assert_eq!(h.spans[1].changes[0].field, "birth_dates");
    assert!(h.spans[2].relisted);

    // As of an older version.
    let old = store
        .entity(&id("us-ofac-sdn:48060"), Some(&version_of("d3")))
        .await
        .unwrap();
    assert_eq!(old.entity, tal);
    assert!(matches!(
        store
            .entity(&id("us-ofac-sdn:48060"), Some(&version_of("d5")))
            .await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.entity(&id("us-ofac-sdn:1"), None).await,
        Err(StoreError::NotFound { .. })
    ));
}

#[tokio::test]
async fn sources_summarise_versions() {
    let (_dir, store) = temp_store().await;
    store
        .import(request("s1", day(2024, 3, 4), vec![person("1", "A")]))
        .await
        .unwrap();
    store
        .import(request(
            "s2",
            day(2024, 3, 5),
            vec![person("1", "A"), person("2", "B")],
        ))
        .await
        .unwrap();
    let sources = store.sources().await.unwrap();
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0].source, sdn());
    assert_eq!(sources[0].versions, 2);
    assert_eq!(sources[0].latest.id, version_of("s2"));
    assert_eq!(sources[0].entity_count(), 2);
    assert_eq!(sources[0].latest.files[0].0, "sdn.csv");
}

#[tokio::test]
async fn bad_imports_are_rejected() {
    let (_dir, store) = temp_store().await;
    let mut un = person("1", "A");
    un.id = id("un-sc:QDi.001");
    let err = store
        .import(request("bad", day(2024, 1, 1), vec![un]))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    let err = store
        .import(request(
            "dup",
            day(2024, 1, 1),
            vec![person("1", "A"), person("1", "B")],
        ))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("us-ofac-sdn:1 appears twice"),
        "{err}"
    );
    assert!(store.sources().await.unwrap().is_empty());
}

#[tokio::test]
async fn fetch_state_round_trips() {
    let (_dir, store) = temp_store().await;
    let src = sdn();
    assert!(store.fetch_state(&src, "sdn.csv").await.unwrap().is_none());
    let mut state = FetchState {
        etag: Some("\"abc\"".into()),
        last_modified: Some("Tue, 05 Mar 2024 15:00:00 GMT".into()),
        sha256: Some("00".repeat(32)),
        fetched_at: Utc.with_ymd_and_hms(2024, 3, 5, 16, 0, 0).unwrap(),
    };
    store
        .set_fetch_state(&src, "sdn.csv", &state)
        .await
        .unwrap();
    assert_eq!(
        store.fetch_state(&src, "sdn.csv").await.unwrap(),
        Some(state.clone())
    );
    state.etag = None;
    store
        .set_fetch_state(&src, "sdn.csv", &state)
        .await
        .unwrap();
    assert_eq!(
        store.fetch_state(&src, "sdn.csv").await.unwrap(),
        Some(state)
    );
    assert!(store.fetch_state(&src, "alt.csv").await.unwrap().is_none());
}

#[tokio::test]
async fn version_specs_resolve_per_source() {
    let (_dir, store) = temp_store().await;
    store
        .import(request("p1", day(2024, 3, 4), vec![person("1", "A")]))
        .await
        .unwrap();
    store
        .import(request("p2", day(2024, 3, 5), vec![person("2", "B")]))
        .await
        .unwrap();
    let resolve = |s: &str| {
        let spec: VersionSpec = s.parse().unwrap();
        let store = store.clone();
        async move { spec.resolve(&*store, &sdn()).await }
    };
    assert_eq!(resolve("latest").await.unwrap().id, version_of("p2"));
    assert_eq!(resolve("2024-03-04").await.unwrap().id, version_of("p1"));
    let p1 = version_of("p1");
    let prefix = &p1.as_str()[..10];
    assert_eq!(resolve(prefix).await.unwrap().id, version_of("p1"));
    assert!(matches!(
        resolve("2024-01-01").await,
        Err(StoreError::NotFound { .. })
    ));
    let un = "un-sc".parse().unwrap();
    let spec: VersionSpec = prefix.parse().unwrap();
    assert!(matches!(
        spec.resolve(&*store, &un).await,
        Err(StoreError::Conflict(_))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_imports_of_one_version_store_it_once() {
    let (_dir, store) = temp_store().await;
    let entities: Vec<_> = (0..500)
        .map(|i| person(&i.to_string(), &format!("P, {i}")))
        .collect();
    let req = request("same", day(2024, 3, 4), entities);
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let store = store.clone();
            let req = req.clone();
            tokio::spawn(async move { store.import(req).await.unwrap() })
        })
        .collect();
    let mut created = 0;
    for t in tasks {
        created += usize::from(t.await.unwrap().created);
    }
    assert_eq!(created, 1);
    assert_eq!(store.versions(&sdn()).await.unwrap().len(), 1);
    assert_eq!(
        store.entities(&version_of("same")).await.unwrap().len(),
        500
    );
}
