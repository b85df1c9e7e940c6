//! The embedded SQLite backend: one `denylist.sqlite` file in WAL mode.

mod monitor;
mod rows;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use denylist_model::{Entity, EntityId, ListVersion, SourceId, VersionId};
use rayon::prelude::*;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use self::rows::{
    format_date, format_time, stored_time, version_columns, FetchStateRow, MembersRow, VersionRow,
};
use crate::list_store::{effective_date, sort_versions};
use crate::revision::{canonical, Canonical, Codec};
use crate::{
    diff, history, membership, EntityRecord, FetchState, ImportOutcome, ImportRequest, ListDiff,
    ListStore, Result, SourceSummary, StoreError, SQLITE_FILE,
};

/// Bound parameters per statement (SQLite allows 32,766).
const BATCH: usize = 900;

/// The SQLite backend of [`ListStore`].
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens `denylist.sqlite` in `data_dir`, creating the directory and
    /// the file if missing, and applies pending migrations.
    pub async fn open(data_dir: &Path) -> Result<Self> {
        tokio::fs::create_dir_all(data_dir)
            .await
            .map_err(|source| StoreError::Io {
                path: data_dir.to_path_buf(),
                source,
            })?;
        Self::open_file(&data_dir.join(SQLITE_FILE)).await
    }

    /// Opens (or creates) a store in the given SQLite file.
    pub async fn open_file(path: &Path) -> Result<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30))
            // Keep the WAL file from staying large after a big import.
            .pragma("journal_size_limit", "16777216");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        tracing::debug!(path = %path.display(), "store opened");
        Ok(SqliteStore {
            pool,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every version of a source in store order, without membership.
    async fn version_list(&self, source: &SourceId) -> Result<Vec<ListVersion>> {
        let rows: Vec<VersionRow> = sqlx::query_as(concat!(
            "SELECT ",
            version_columns!(),
            " FROM list_versions WHERE source = $1 ORDER BY id"
        ))
        .bind(source.as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut versions = rows
            .into_iter()
            .map(VersionRow::into_model)
            .collect::<Result<Vec<_>>>()?;
        sort_versions(&mut versions);
        Ok(versions)
    }

    /// A version and its sorted revision ids.
    async fn members(&self, version: &VersionId) -> Result<(ListVersion, Vec<i64>)> {
        let row: Option<MembersRow> = sqlx::query_as(concat!(
            "SELECT ",
            version_columns!(),
            ", members FROM list_versions WHERE version_id = $1"
        ))
        .bind(version.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let row = row.ok_or_else(|| StoreError::not_found(format!("version {version}")))?;
        decode_members(row)
    }

    /// Reads and decodes revisions by row id.
    async fn revisions(&self, ids: &[i64]) -> Result<HashMap<i64, Entity>> {
        let mut bodies: Vec<(i64, Vec<u8>)> = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH) {
            let mut qb =
                QueryBuilder::<Sqlite>::new("SELECT id, body FROM entity_revisions WHERE id IN (");
            let mut list = qb.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            qb.push(")");
            bodies.extend(
                qb.build_query_as::<(i64, Vec<u8>)>()
                    .fetch_all(&self.pool)
                    .await?,
            );
        }
        if bodies.len() != ids.len() {
            return Err(StoreError::corrupt(
                "entity_revisions",
                format!(
                    "{} of {} revisions missing",
                    ids.len() - bodies.len(),
                    ids.len()
                ),
            ));
        }
        blocking(move || {
            bodies
                .into_par_iter()
                .map_init(Codec::new, |codec, (id, body)| {
                    let codec = codec
                        .as_mut()
                        .map_err(|e| StoreError::Internal(e.clone()))?;
                    codec.decode(&body).map(|e| (id, e)).map_err(|d| {
                        StoreError::corrupt(format!("entity_revisions.body id={id}"), d)
                    })
                })
                .collect()
        })
        .await
    }
}

fn decode_members(row: MembersRow) -> Result<(ListVersion, Vec<i64>)> {
    let row_id = row.version.id;
    let ids = membership::decode(&row.members)
        .map_err(|d| StoreError::corrupt(format!("list_versions.members id={row_id}"), d))?;
    Ok((row.version.into_model()?, ids))
}

/// Runs CPU-bound work off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Internal(format!("worker task: {e}")))?
}

/// Checks an import request and computes the canonical form of its entities.
fn prepare(request: &mut ImportRequest) -> Result<Vec<Canonical>> {
    let mut ids = HashSet::with_capacity(request.entities.len());
    for e in &request.entities {
        if e.id.source_str() != request.source.as_str() {
            return Err(StoreError::Conflict(format!(
                "entity {} does not belong to source {}",
                e.id, request.source
            )));
        }
        if !ids.insert(&e.id) {
            return Err(StoreError::Conflict(format!(
                "entity {} appears twice in version {}",
                e.id, request.version_id
            )));
        }
    }
    for (name, digest) in &request.files {
        if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Invalid(format!(
                "file {name}: sha256 {digest:?} is not 64 hex digits"
            )));
        }
    }
    request.entities.sort_by(|a, b| a.id.cmp(&b.id));
    request
        .entities
        .par_iter()
        .map(|e| canonical(e).map_err(|d| StoreError::Invalid(format!("entity {}: {d}", e.id))))
        .collect()
}

#[async_trait]
impl ListStore for SqliteStore {
    #[tracing::instrument(skip_all, fields(source = %request.source, version = %request.version_id.short()))]
    async fn import(&self, mut request: ImportRequest) -> Result<ImportOutcome> {
        if let Some(version) = find_version(&self.pool, &request.version_id).await? {
            tracing::info!("version already stored");
            return Ok(not_created(version));
        }
        let (request, canon) = blocking(move || {
            let canon = prepare(&mut request)?;
            Ok((request, canon))
        })
        .await?;

        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        if let Some(version) = find_version(&mut *tx, &request.version_id).await? {
            return Ok(not_created(version));
        }

        // Which revisions are already stored?
        let mut known: HashMap<[u8; 32], i64> = HashMap::with_capacity(canon.len());
        for chunk in canon.chunks(BATCH) {
            let mut qb = QueryBuilder::<Sqlite>::new(
                "SELECT id, digest FROM entity_revisions WHERE digest IN (",
            );
            let mut list = qb.separated(", ");
            for c in chunk {
                list.push_bind(c.digest.to_vec());
            }
            qb.push(")");
            let rows: Vec<(i64, Vec<u8>)> = qb.build_query_as().fetch_all(&mut *tx).await?;
            for (id, digest) in rows {
                let digest: [u8; 32] = digest.as_slice().try_into().map_err(|_| {
                    StoreError::corrupt(format!("entity_revisions.digest id={id}"), "not 32 bytes")
                })?;
                known.insert(digest, id);
            }
        }
        let reused = known.len();

        // Compress and insert the new ones.
        let fresh: Vec<(String, [u8; 32], Vec<u8>)> = {
            let todo: Vec<(String, Canonical)> = request
                .entities
                .iter()
                .zip(canon)
                .filter(|(_, c)| !known.contains_key(&c.digest))
                .map(|(e, c)| (e.id.as_str().to_string(), c))
                .collect();
            blocking(move || {
                todo.into_par_iter()
                    .map_init(Codec::new, |codec, (id, c)| {
                        let codec = codec
                            .as_mut()
                            .map_err(|e| StoreError::Internal(e.clone()))?;
                        let body = codec.compress(&c.json).map_err(StoreError::Internal)?;
                        Ok((id, c.digest, body))
                    })
                    .collect()
            })
            .await?
        };
        let new_revisions = fresh.len();
        let source = request.source.as_str();
        for chunk in fresh.chunks(BATCH / 4) {
            let mut qb = QueryBuilder::<Sqlite>::new(
                "INSERT INTO entity_revisions (entity_id, source, digest, body) ",
            );
            qb.push_values(chunk, |mut row, (id, digest, body)| {
                row.push_bind(id.as_str())
                    .push_bind(source)
                    .push_bind(digest.as_slice())
                    .push_bind(body.as_slice());
            });
            qb.push(" RETURNING id, digest");
            let rows: Vec<(i64, Vec<u8>)> = qb.build_query_as().fetch_all(&mut *tx).await?;
            for (id, digest) in rows {
                let digest: [u8; 32] = digest.as_slice().try_into().map_err(|_| {
                    StoreError::corrupt(format!("entity_revisions.digest id={id}"), "not 32 bytes")
                })?;
                known.insert(digest, id);
            }
        }
        if known.len() != reused + new_revisions {
            return Err(StoreError::Internal(format!(
                "expected {} revision ids, got {}",
                reused + new_revisions,
                known.len()
            )));
        }

        let ids: Vec<i64> = known.into_values().collect();
        let members = membership::encode(&ids).map_err(StoreError::Internal)?;
        let imported_at = stored_time(request.imported_at.unwrap_or_else(Utc::now));
        let files = serde_json::to_string(&request.files)
            .map_err(|e| StoreError::Internal(format!("files json: {e}")))?;
        sqlx::query(
            "INSERT INTO list_versions \
             (version_id, source, format, published, imported_at, entity_count, files, members) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(request.version_id.as_str())
        .bind(source)
        .bind(&request.format)
        .bind(request.published.map(format_date))
        .bind(format_time(imported_at))
        .bind(request.entities.len() as i64)
        .bind(&files)
        .bind(&members)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;

        tracing::info!(
            entities = request.entities.len(),
            new_revisions,
            reused_revisions = reused,
            members_bytes = members.len(),
            "list version imported"
        );
        Ok(ImportOutcome {
            version: ListVersion {
                id: request.version_id,
                source: request.source,
                format: request.format,
                published: request.published,
                imported_at,
                entity_count: request.entities.len() as u64,
                files: request.files,
            },
            created: true,
            new_revisions,
            reused_revisions: reused,
        })
    }

    async fn sources(&self) -> Result<Vec<SourceSummary>> {
        let rows: Vec<VersionRow> = sqlx::query_as(concat!(
            "SELECT ",
            version_columns!(),
            " FROM list_versions ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut by_source: std::collections::BTreeMap<SourceId, Vec<ListVersion>> =
            Default::default();
        for row in rows {
            let v = row.into_model()?;
            by_source.entry(v.source.clone()).or_default().push(v);
        }
        Ok(by_source
            .into_iter()
            .filter_map(|(source, mut versions)| {
                sort_versions(&mut versions);
                let count = versions.len();
                versions.pop().map(|latest| SourceSummary {
                    source,
                    versions: count,
                    latest,
                })
            })
            .collect())
    }

    async fn versions(&self, source: &SourceId) -> Result<Vec<ListVersion>> {
        self.version_list(source).await
    }

    async fn version(&self, id_or_prefix: &str) -> Result<ListVersion> {
        let prefix = id_or_prefix.trim().to_ascii_lowercase();
        if prefix.len() < 6 || prefix.len() > 64 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Invalid(format!(
                "version {id_or_prefix:?}: expected 6 to 64 hex digits"
            )));
        }
        let rows: Vec<VersionRow> = sqlx::query_as(concat!(
            "SELECT ",
            version_columns!(),
            " FROM list_versions WHERE substr(version_id, 1, $1) = $2 ORDER BY version_id LIMIT 10"
        ))
        .bind(prefix.len() as i64)
        .bind(&prefix)
        .fetch_all(&self.pool)
        .await?;
        match rows.len() {
            0 => Err(StoreError::not_found(format!("version {prefix}"))),
            1 => rows
                .into_iter()
                .next()
                .ok_or_else(|| StoreError::not_found(format!("version {prefix}")))?
                .into_model(),
            _ => Err(StoreError::Ambiguous {
                prefix,
                candidates: rows.into_iter().map(|r| r.version_id).collect(),
            }),
        }
    }

    async fn latest_version(&self, source: &SourceId) -> Result<Option<ListVersion>> {
        Ok(self.version_list(source).await?.pop())
    }

    async fn version_as_of(
        &self,
        source: &SourceId,
        date: NaiveDate,
    ) -> Result<Option<ListVersion>> {
        Ok(self
            .version_list(source)
            .await?
            .into_iter()
            .rev()
            .find(|v| effective_date(v) <= date))
    }

    async fn entities(&self, version: &VersionId) -> Result<Vec<Entity>> {
        let (_, ids) = self.members(version).await?;
        let mut entities: Vec<Entity> = self.revisions(&ids).await?.into_values().collect();
        entities.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(entities)
    }

    async fn entity(&self, id: &EntityId, version: Option<&VersionId>) -> Result<EntityRecord> {
        let rows: Vec<(i64, Vec<u8>, Vec<u8>)> =
            sqlx::query_as("SELECT id, digest, body FROM entity_revisions WHERE entity_id = $1")
                .bind(id.as_str())
                .fetch_all(&self.pool)
                .await?;
        if rows.is_empty() {
            return Err(StoreError::not_found(format!("entity {id}")));
        }
        let mut rev_ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        rev_ids.sort_unstable();
        let revisions: HashMap<i64, (String, Entity)> = blocking(move || {
            let mut codec = Codec::new().map_err(StoreError::Internal)?;
            rows.into_iter()
                .map(|(rid, digest, body)| {
                    let e = codec.decode(&body).map_err(|d| {
                        StoreError::corrupt(format!("entity_revisions.body id={rid}"), d)
                    })?;
                    Ok((rid, (hex::encode(digest), e)))
                })
                .collect()
        })
        .await?;

        let member_rows: Vec<MembersRow> = sqlx::query_as(concat!(
            "SELECT ",
            version_columns!(),
            ", members FROM list_versions WHERE source = $1 ORDER BY id"
        ))
        .bind(id.source_str())
        .fetch_all(&self.pool)
        .await?;
        let mut versions: Vec<(ListVersion, Option<i64>)> = blocking(move || {
            member_rows
                .into_iter()
                .map(|row| {
                    let (v, members) = decode_members(row)?;
                    let rev = rev_ids
                        .iter()
                        .copied()
                        .find(|r| members.binary_search(r).is_ok());
                    Ok((v, rev))
                })
                .collect()
        })
        .await?;
        versions.sort_by(|(a, _), (b, _)| {
            (effective_date(a), a.imported_at).cmp(&(effective_date(b), b.imported_at))
        });

        let history = history::build(&versions, &revisions)
            .ok_or_else(|| StoreError::not_found(format!("entity {id} in any version")))?;
        let (version, rev) = match version {
            Some(wanted) => versions
                .iter()
                .find(|(v, _)| &v.id == wanted)
                .and_then(|(v, r)| r.map(|r| (v, r)))
                .ok_or_else(|| StoreError::not_found(format!("entity {id} in version {wanted}")))?,
            None => versions
                .iter()
                .rev()
                .find_map(|(v, r)| r.map(|r| (v, r)))
                .ok_or_else(|| StoreError::not_found(format!("entity {id} in any version")))?,
        };
        let entity = revisions
            .get(&rev)
            .map(|(_, e)| e.clone())
            .ok_or_else(|| StoreError::Internal(format!("revision {rev} not loaded")))?;
        Ok(EntityRecord {
            entity,
            version: version.clone(),
            history,
        })
    }

    #[tracing::instrument(skip_all, fields(source = %source))]
    async fn diff(
        &self,
        source: &SourceId,
        from: Option<&VersionId>,
        to: Option<&VersionId>,
    ) -> Result<ListDiff> {
        let versions = self.version_list(source).await?;
        let position = |id: &VersionId| {
            versions
                .iter()
                .position(|v| &v.id == id)
                .ok_or_else(|| StoreError::not_found(format!("version {id} of {source}")))
        };
        let to_idx = match to {
            Some(id) => position(id)?,
            None => versions
                .len()
                .checked_sub(1)
                .ok_or_else(|| StoreError::not_found(format!("versions of {source}")))?,
        };
        let from_idx = match from {
            Some(id) => Some(position(id)?),
            None => to_idx.checked_sub(1),
        };
        let (to_version, to_ids) = self.members(&versions[to_idx].id).await?;
        let (from_version, from_ids) = match from_idx {
            Some(i) => {
                let (v, ids) = self.members(&versions[i].id).await?;
                (Some(v), ids)
            }
            None => (None, Vec::new()),
        };
        let (only_from, mut only_to, _) = diff::split(&from_ids, &to_ids);
        only_to.extend(only_from);
        let mut revisions = self.revisions(&only_to).await?;
        Ok(diff::assemble(
            source.clone(),
            from_version,
            to_version,
            &from_ids,
            &to_ids,
            &mut revisions,
        ))
    }

    async fn fetch_state(&self, source: &SourceId, file_name: &str) -> Result<Option<FetchState>> {
        let row: Option<FetchStateRow> = sqlx::query_as(
            "SELECT etag, last_modified, sha256, fetched_at FROM fetch_state \
             WHERE source = $1 AND file_name = $2",
        )
        .bind(source.as_str())
        .bind(file_name)
        .fetch_optional(&self.pool)
        .await?;
        row.map(FetchStateRow::into_model).transpose()
    }

    async fn set_fetch_state(
        &self,
        source: &SourceId,
        file_name: &str,
        state: &FetchState,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO fetch_state (source, file_name, etag, last_modified, sha256, fetched_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (source, file_name) DO UPDATE SET etag = excluded.etag, \
             last_modified = excluded.last_modified, sha256 = excluded.sha256, \
             fetched_at = excluded.fetched_at",
        )
        .bind(source.as_str())
        .bind(file_name)
        .bind(&state.etag)
        .bind(&state.last_modified)
        .bind(&state.sha256)
        .bind(format_time(stored_time(state.fetched_at)))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

async fn find_version<'e, E>(executor: E, id: &VersionId) -> Result<Option<ListVersion>>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    let row: Option<VersionRow> = sqlx::query_as(concat!(
        "SELECT ",
        version_columns!(),
        " FROM list_versions WHERE version_id = $1"
    ))
    .bind(id.as_str())
    .fetch_optional(executor)
    .await?;
    row.map(VersionRow::into_model).transpose()
}

fn not_created(version: ListVersion) -> ImportOutcome {
    ImportOutcome {
        version,
        created: false,
        new_revisions: 0,
        reused_revisions: 0,
    }
}
