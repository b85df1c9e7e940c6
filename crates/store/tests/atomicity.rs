//! An import is one transaction: a failure or a `kill -9` half-way leaves the
//! previous state intact.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use denylist_model::Entity;
use denylist_store::{Store, StoreError, SQLITE_FILE};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::SqlitePool;

/// Set in the child process of `kill_mid_import_keeps_previous_state`.
const CHILD_ENV: &str = "DENYLIST_STORE_TEST_KILL_CHILD_DIR";

fn entities(range: std::ops::Range<u32>) -> Vec<Entity> {
    range
        .map(|i| person(&i.to_string(), &format!("PERSON, Number {i}")))
        .collect()
}

/// An entity with about 1.5 KB of hardly compressible remarks.
fn bulky(i: u32) -> Entity {
    let mut e = person(&i.to_string(), "BULKY, Entity");
    let mut x = u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let noise: String = (0..100)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            format!("{x:016x}")
        })
        .collect();
    e.remarks.push(noise);
    e
}

async fn raw_pool(dir: &Path) -> SqlitePool {
    SqlitePool::connect_with(SqliteConnectOptions::new().filename(dir.join(SQLITE_FILE)))
        .await
        .unwrap()
}

async fn count(pool: &SqlitePool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Checks that the store holds exactly the first version, `v1`, of 3 entities.
async fn assert_only_v1(dir: &Path) {
    let store = Store::open(dir).await.unwrap();
    let versions = store.versions(&sdn()).await.unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].id, version_of("v1"));
    assert_eq!(
        store.entities(&version_of("v1")).await.unwrap(),
        entities(0..3)
    );
    assert!(matches!(
        store.version(version_of("v2").as_str()).await,
        Err(StoreError::NotFound { .. })
    ));
    store.close().await;
    let pool = raw_pool(dir).await;
    assert_eq!(count(&pool, "entity_revisions").await, 3);
    assert_eq!(count(&pool, "list_versions").await, 1);
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    pool.close().await;
}

#[tokio::test]
async fn failure_half_way_leaves_previous_state() {
    let (dir, store) = temp_store().await;
    store
        .import(request("v1", day(2024, 3, 4), entities(0..3)))
        .await
        .unwrap();

    // Make the database refuse revision rows after 300 of the 600 new ones
    // (the first insert statement succeeds, the second fails mid-way).
    let pool = raw_pool(dir.path()).await;
    sqlx::query(
        "CREATE TRIGGER fail_half_way BEFORE INSERT ON entity_revisions \
         WHEN (SELECT count(*) FROM entity_revisions) >= 303 \
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    )
    .execute(&pool)
    .await
    .unwrap();
    let v2 = request("v2", day(2024, 3, 5), entities(0..603));
    let err = store.import(v2.clone()).await.unwrap_err();
    assert!(err.to_string().contains("injected failure"), "{err}");
    store.close().await;
    assert_only_v1(dir.path()).await;

    // Once the cause is gone the same import goes through.
    sqlx::query("DROP TRIGGER fail_half_way")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let store = Store::open(dir.path()).await.unwrap();
    let out = store.import(v2).await.unwrap();
    assert!(out.created);
    assert_eq!((out.new_revisions, out.reused_revisions), (600, 3));
}

#[test]
fn kill_mid_import_keeps_previous_state() {
    if let Ok(dir) = std::env::var(CHILD_ENV) {
        // Child: a large import, killed by the parent while it writes.
        block_on(async {
            let store = Store::open(Path::new(&dir)).await.unwrap();
            let big: Vec<Entity> = (0..40_000).map(bulky).collect();
            store
                .import(request("v2", day(2024, 3, 5), big))
                .await
                .unwrap();
        });
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    block_on(async {
        let store = Store::open(dir.path()).await.unwrap();
        store
            .import(request("v1", day(2024, 3, 4), entities(0..3)))
            .await
            .unwrap();
        store.close().await;
    });

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "kill_mid_import_keeps_previous_state",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The write-ahead log grows past 3 MB only once the import transaction
    // spills pages, long before its commit (about 40 MB in).
    let wal = dir.path().join(format!("{SQLITE_FILE}-wal"));
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("child ended before it could be killed: {status}");
        }
        if wal.metadata().map(|m| m.len()).unwrap_or(0) > 3 << 20 {
            break;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the child's import never started writing");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success());
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "{status}");
    }
    block_on(assert_only_v1(dir.path()));
}
