//! [`MonitorStore`] for SQLite: customers, alerts, events, state, outbox,
//! settings and the audit log (`migrations/sqlite/0002_monitoring.sql`).

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use denylist_model::{EntityId, PartialDate, Schema, SourceId, VersionId};
use rayon::prelude::*;
use serde_json::Value;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::rows::{format_time, stored_time};
use super::{blocking, SqliteStore, BATCH};
use crate::monitor::audit::{
    canonical_text, format_at, record_hash, AuditEntry, AuditHead, AuditProblem, AuditRecord,
    AuditVerification, Verifier,
};
use crate::monitor::rules::{self, OnDecision, OnMatch};
use crate::monitor::types::{
    Alert, AlertChange, AlertEvent, AlertFilter, AlertId, AlertRecord, AlertStatus, AuditContext,
    ChangeKind, Customer, Decision, DecisionOutcome, MatchObservation, MonitorSettings, OutboxItem,
    RegistryStamp, ScreeningBatch, ScreeningOutcome, StoredCustomer,
};
use crate::{MonitorStore, Result, StoreError};

/// The columns of `customers`, for `concat!`.
macro_rules! customer_columns {
    () => {
        "id, kind, names, birth_dates, countries, identifiers, fields, content_hash, \
         screening_hash, created_at, updated_at"
    };
}

/// The columns of `alerts`, for `concat!`.
macro_rules! alert_columns {
    () => {
        "id, customer_id, entity_id, source, status, score, entity_name, customer_name, \
         matched_name, explanation, raised_by_version, last_version, customer_hash, entity_hash, \
         pending_confirmation_by, decided_by, decided_at, decision_reason, created_at, updated_at"
    };
}

/// The columns of `audit_log`, for `concat!`.
macro_rules! audit_columns {
    () => {
        "seq, at, actor, action, subject, details, list_versions, engine_version, prev_hash, hash"
    };
}

fn parse_time(what: &str, s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::corrupt(what, format!("{s:?}: {e}")))
}

fn json<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::corrupt(what, e))
}

fn to_json(v: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Internal(format!("json: {e}")))
}

/// A `customers` row.
#[derive(Debug, sqlx::FromRow)]
struct CustomerRow {
    id: String,
    kind: Option<String>,
    names: String,
    birth_dates: String,
    countries: String,
    identifiers: String,
    fields: String,
    content_hash: String,
    screening_hash: String,
    created_at: String,
    updated_at: String,
}

impl CustomerRow {
    fn into_model(self) -> Result<StoredCustomer> {
        let what = |col: &str| format!("customers.{col} id={}", self.id);
        let kind = match &self.kind {
            None => None,
            Some(k) => Some(
                Schema::parse(k)
                    .ok_or_else(|| StoreError::corrupt(what("kind"), format!("{k:?}")))?,
            ),
        };
        let birth_dates: Vec<PartialDate> = json(&what("birth_dates"), &self.birth_dates)?;
        Ok(StoredCustomer {
            customer: Customer {
                kind,
                names: json(&what("names"), &self.names)?,
                birth_dates,
                countries: json(&what("countries"), &self.countries)?,
                identifiers: json(&what("identifiers"), &self.identifiers)?,
                fields: json(&what("fields"), &self.fields)?,
                id: self.id.clone(),
            },
            created_at: parse_time(&what("created_at"), &self.created_at)?,
            updated_at: parse_time(&what("updated_at"), &self.updated_at)?,
            content_hash: self.content_hash,
            screening_hash: self.screening_hash,
        })
    }
}

/// A customer as one element of a `json_group_array` page: the columns of
/// `customers` in order, JSON columns as JSON.
#[derive(Debug, serde::Deserialize)]
struct PageRow(
    String,
    Option<String>,
    Vec<String>,
    Vec<PartialDate>,
    Vec<String>,
    Vec<String>,
    BTreeMap<String, Value>,
    String,
    String,
    String,
    String,
);

impl PageRow {
    fn into_model(self) -> Result<StoredCustomer> {
        let PageRow(
            id,
            kind,
            names,
            birth_dates,
            countries,
            identifiers,
            fields,
            content_hash,
            screening_hash,
            created_at,
            updated_at,
        ) = self;
        let what = |col: &str| format!("customers.{col} id={id}");
        let kind = match &kind {
            None => None,
            Some(k) => Some(
                Schema::parse(k)
                    .ok_or_else(|| StoreError::corrupt(what("kind"), format!("{k:?}")))?,
            ),
        };
        Ok(StoredCustomer {
            created_at: parse_time(&what("created_at"), &created_at)?,
            updated_at: parse_time(&what("updated_at"), &updated_at)?,
            customer: Customer {
                id,
                kind,
                names,
                birth_dates,
                countries,
                identifiers,
                fields,
            },
            content_hash,
            screening_hash,
        })
    }
}

/// An `alerts` row.
#[derive(Debug, sqlx::FromRow)]
struct AlertRow {
    id: i64,
    customer_id: String,
    entity_id: String,
    source: String,
    status: String,
    score: f64,
    entity_name: String,
    customer_name: String,
    matched_name: String,
    explanation: String,
    raised_by_version: String,
    last_version: String,
    customer_hash: String,
    entity_hash: String,
    pending_confirmation_by: Option<String>,
    decided_by: Option<String>,
    decided_at: Option<String>,
    decision_reason: Option<String>,
    created_at: String,
    updated_at: String,
}

impl AlertRow {
    fn into_model(self) -> Result<Alert> {
        let id = self.id;
        let what = |col: &str| format!("alerts.{col} id={id}");
        let version =
            |col: &str, v: &str| VersionId::new(v).map_err(|e| StoreError::corrupt(what(col), e));
        Ok(Alert {
            id: AlertId(u64::try_from(id).map_err(|e| StoreError::corrupt(what("id"), e))?),
            entity_id: self
                .entity_id
                .parse::<EntityId>()
                .map_err(|e| StoreError::corrupt(what("entity_id"), e))?,
            source: SourceId::new(&self.source)
                .map_err(|e| StoreError::corrupt(what("source"), e))?,
            status: self
                .status
                .parse()
                .map_err(|e: String| StoreError::corrupt(what("status"), e))?,
            score: self.score,
            explanation: json(&what("explanation"), &self.explanation)?,
            raised_by_version: version("raised_by_version", &self.raised_by_version)?,
            last_version: version("last_version", &self.last_version)?,
            decided_at: match &self.decided_at {
                Some(t) => Some(parse_time(&what("decided_at"), t)?),
                None => None,
            },
            created_at: parse_time(&what("created_at"), &self.created_at)?,
            updated_at: parse_time(&what("updated_at"), &self.updated_at)?,
            customer_id: self.customer_id,
            entity_name: self.entity_name,
            customer_name: self.customer_name,
            matched_name: self.matched_name,
            customer_hash: self.customer_hash,
            entity_hash: self.entity_hash,
            pending_confirmation_by: self.pending_confirmation_by,
            decided_by: self.decided_by,
            decision_reason: self.decision_reason,
        })
    }
}

/// An `alert_events` row.
#[derive(Debug, sqlx::FromRow)]
struct EventRow {
    id: i64,
    at: String,
    actor: String,
    action: String,
    from_status: Option<String>,
    to_status: String,
    reason: Option<String>,
    score: Option<f64>,
    version_id: Option<String>,
}

impl EventRow {
    fn into_model(self) -> Result<AlertEvent> {
        let what = |col: &str| format!("alert_events.{col} id={}", self.id);
        let status = |col: &str, s: &str| {
            s.parse::<AlertStatus>()
                .map_err(|e| StoreError::corrupt(what(col), e))
        };
        Ok(AlertEvent {
            at: parse_time(&what("at"), &self.at)?,
            from_status: match &self.from_status {
                Some(s) => Some(status("from_status", s)?),
                None => None,
            },
            to_status: status("to_status", &self.to_status)?,
            version: match &self.version_id {
                Some(v) => Some(
                    VersionId::new(v).map_err(|e| StoreError::corrupt(what("version_id"), e))?,
                ),
                None => None,
            },
            actor: self.actor,
            action: self.action,
            reason: self.reason,
            score: self.score,
        })
    }
}

/// An `audit_log` row.
#[derive(Debug, sqlx::FromRow)]
struct AuditRow {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    subject: String,
    details: String,
    list_versions: String,
    engine_version: String,
    prev_hash: String,
    hash: String,
}

impl AuditRow {
    fn into_model(self) -> Result<AuditRecord> {
        let seq = self.seq;
        let what = |col: &str| format!("audit_log.{col} seq={seq}");
        Ok(AuditRecord {
            seq: u64::try_from(self.seq).map_err(|e| StoreError::corrupt(what("seq"), e))?,
            at: parse_time(&what("at"), &self.at)?,
            details: serde_json::value::RawValue::from_string(self.details)
                .map_err(|e| StoreError::corrupt(what("details"), e))?,
            list_versions: json(&what("list_versions"), &self.list_versions)?,
            actor: self.actor,
            action: self.action,
            subject: self.subject,
            engine_version: self.engine_version,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

/// An `webhook_outbox` row.
#[derive(Debug, sqlx::FromRow)]
struct OutboxRow {
    id: i64,
    alert_id: i64,
    event: String,
    payload: String,
    created_at: String,
    attempts: i64,
    next_attempt_at: String,
    delivered_at: Option<String>,
    last_error: Option<String>,
}

impl OutboxRow {
    fn into_model(self) -> Result<OutboxItem> {
        let what = |col: &str| format!("webhook_outbox.{col} id={}", self.id);
        Ok(OutboxItem {
            id: self.id,
            alert_id: AlertId(self.alert_id.max(0) as u64),
            payload: json(&what("payload"), &self.payload)?,
            created_at: parse_time(&what("created_at"), &self.created_at)?,
            attempts: self.attempts.clamp(0, i64::from(u32::MAX)) as u32,
            next_attempt_at: parse_time(&what("next_attempt_at"), &self.next_attempt_at)?,
            delivered_at: match &self.delivered_at {
                Some(t) => Some(parse_time(&what("delivered_at"), t)?),
                None => None,
            },
            event: self.event,
            last_error: self.last_error,
        })
    }
}

/// Appends audit records inside a transaction, keeping the head in memory
/// until [`AuditWriter::finish`].
struct AuditWriter {
    head: AuditHead,
    engine_version: String,
    written: u64,
}

impl AuditWriter {
    async fn start(conn: &mut SqliteConnection, engine_version: &str) -> Result<AuditWriter> {
        let (count, last_seq, last_hash): (i64, i64, String) =
            sqlx::query_as("SELECT count, last_seq, last_hash FROM audit_head WHERE id = 1")
                .fetch_one(&mut *conn)
                .await?;
        Ok(AuditWriter {
            head: AuditHead {
                count: count.max(0) as u64,
                last_seq: last_seq.max(0) as u64,
                last_hash,
            },
            engine_version: engine_version.to_string(),
            written: 0,
        })
    }

    async fn append(
        &mut self,
        conn: &mut SqliteConnection,
        entry: &AuditEntry,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let seq = self.head.last_seq + 1;
        let at_text = format_at(at);
        let details = canonical_text(&entry.details);
        let hash = record_hash(
            seq,
            &at_text,
            &entry.actor,
            &entry.action,
            &entry.subject,
            &details,
            &entry.list_versions,
            &self.engine_version,
            &self.head.last_hash,
        );
        sqlx::query(concat!(
            "INSERT INTO audit_log (",
            audit_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        ))
        .bind(seq as i64)
        .bind(&at_text)
        .bind(&entry.actor)
        .bind(&entry.action)
        .bind(&entry.subject)
        .bind(&details)
        .bind(to_json(&entry.list_versions)?)
        .bind(&self.engine_version)
        .bind(&self.head.last_hash)
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
        self.head.count += 1;
        self.head.last_seq = seq;
        self.head.last_hash = hash;
        self.written += 1;
        Ok(())
    }

    async fn finish(self, conn: &mut SqliteConnection) -> Result<()> {
        if self.written == 0 {
            return Ok(());
        }
        sqlx::query("UPDATE audit_head SET count = $1, last_seq = $2, last_hash = $3 WHERE id = 1")
            .bind(self.head.count as i64)
            .bind(self.head.last_seq as i64)
            .bind(&self.head.last_hash)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}

/// A customer ready to write.
struct PreparedCustomer {
    customer: Customer,
    content_hash: String,
    screening_hash: String,
}

/// Validates, dedupes (last one wins) and hashes customers.
fn prepare_customers(customers: Vec<Customer>) -> Result<Vec<PreparedCustomer>> {
    let normalized: Vec<Customer> = customers
        .into_par_iter()
        .map(|c| c.normalized().map_err(StoreError::Invalid))
        .collect::<Result<_>>()?;
    let mut last: HashMap<String, usize> = HashMap::with_capacity(normalized.len());
    for (i, c) in normalized.iter().enumerate() {
        last.insert(c.id.clone(), i);
    }
    Ok(normalized
        .into_par_iter()
        .enumerate()
        .filter(|(i, c)| last.get(&c.id) == Some(i))
        .map(|(_, c)| PreparedCustomer {
            content_hash: c.content_hash(),
            screening_hash: c.screening_hash(),
            customer: c,
        })
        .collect())
}

/// The alert lifecycle applied inside one transaction.
struct Applier<'a> {
    conn: &'a mut SqliteConnection,
    audit: AuditWriter,
    actor: String,
    now: DateTime<Utc>,
    now_text: String,
    outcome: ScreeningOutcome,
}

impl Applier<'_> {
    async fn event(
        &mut self,
        alert: &Alert,
        action: &str,
        from: Option<AlertStatus>,
        reason: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO alert_events \
             (alert_id, at, actor, action, from_status, to_status, reason, score, version_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(alert.id.0 as i64)
        .bind(&self.now_text)
        .bind(&self.actor)
        .bind(action)
        .bind(from.map(AlertStatus::as_str))
        .bind(alert.status.as_str())
        .bind(reason)
        .bind(alert.score)
        .bind(alert.last_version.as_str())
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    async fn audit(
        &mut self,
        alert: &Alert,
        action: &str,
        from: Option<AlertStatus>,
        reason: Option<&str>,
    ) -> Result<()> {
        let details = serde_json::json!({
            "alert": alert.id,
            "customer_id": alert.customer_id,
            "entity_id": alert.entity_id,
            "from": from,
            "to": alert.status,
            "score": alert.score,
            "reason": reason,
            "customer_hash": alert.customer_hash,
            "entity_hash": alert.entity_hash,
        });
        let mut versions = vec![alert.last_version.to_string()];
        if alert.raised_by_version != alert.last_version {
            versions.insert(0, alert.raised_by_version.to_string());
        }
        let entry = AuditEntry::new(
            self.actor.clone(),
            format!("alert.{action}"),
            alert.id.to_string(),
            details,
            versions,
        );
        self.audit.append(&mut *self.conn, &entry, self.now).await
    }

    async fn outbox(&mut self, alert: &Alert, event: &str) -> Result<()> {
        let payload = serde_json::json!({ "event": event, "alert": alert });
        sqlx::query(
            "INSERT INTO webhook_outbox (alert_id, event, payload, created_at, next_attempt_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(alert.id.0 as i64)
        .bind(event)
        .bind(to_json(&payload)?)
        .bind(&self.now_text)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    fn change(&mut self, alert: &Alert, kind: ChangeKind) {
        self.outcome.changes.push(AlertChange {
            alert: alert.id,
            customer_id: alert.customer_id.clone(),
            entity_id: alert.entity_id.clone(),
            kind,
        });
    }

    async fn upsert_customers(&mut self, customers: Vec<PreparedCustomer>) -> Result<()> {
        let mut known: HashMap<String, String> = HashMap::with_capacity(customers.len());
        for chunk in customers.chunks(BATCH) {
            let mut qb =
                QueryBuilder::<Sqlite>::new("SELECT id, content_hash FROM customers WHERE id IN (");
            let mut list = qb.separated(", ");
            for c in chunk {
                list.push_bind(c.customer.id.as_str());
            }
            qb.push(")");
            let rows: Vec<(String, String)> =
                qb.build_query_as().fetch_all(&mut *self.conn).await?;
            known.extend(rows);
        }
        let mut todo = Vec::new();
        for c in &customers {
            match known.get(&c.customer.id) {
                None => {
                    self.outcome.customers_inserted += 1;
                    todo.push(c);
                }
                Some(h) if *h != c.content_hash => {
                    self.outcome.customers_updated += 1;
                    todo.push(c);
                }
                Some(_) => self.outcome.customers_unchanged += 1,
            }
        }
        for chunk in todo.chunks(BATCH / 11) {
            let mut qb = QueryBuilder::<Sqlite>::new(concat!(
                "INSERT INTO customers (",
                customer_columns!(),
                ") "
            ));
            let mut rows = Vec::with_capacity(chunk.len());
            for c in chunk {
                let x = &c.customer;
                rows.push((
                    to_json(&x.names)?,
                    to_json(&x.birth_dates)?,
                    to_json(&x.countries)?,
                    to_json(&x.identifiers)?,
                    to_json(&x.fields)?,
                ));
            }
            qb.push_values(chunk.iter().zip(&rows), |mut b, (c, r)| {
                b.push_bind(c.customer.id.as_str())
                    .push_bind(c.customer.kind.map(Schema::as_str))
                    .push_bind(r.0.as_str())
                    .push_bind(r.1.as_str())
                    .push_bind(r.2.as_str())
                    .push_bind(r.3.as_str())
                    .push_bind(r.4.as_str())
                    .push_bind(c.content_hash.as_str())
                    .push_bind(c.screening_hash.as_str())
                    .push_bind(self.now_text.as_str())
                    .push_bind(self.now_text.as_str());
            });
            qb.push(
                " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, names = excluded.names, \
                 birth_dates = excluded.birth_dates, countries = excluded.countries, \
                 identifiers = excluded.identifiers, fields = excluded.fields, \
                 content_hash = excluded.content_hash, screening_hash = excluded.screening_hash, \
                 updated_at = excluded.updated_at",
            );
            qb.build().execute(&mut *self.conn).await?;
        }
        Ok(())
    }

    async fn existing_alerts(
        &mut self,
        customer_ids: &[&str],
    ) -> Result<HashMap<(String, String), Alert>> {
        let alerts = self.alerts_where(AlertKey::Customer, customer_ids).await?;
        Ok(alerts
            .into_iter()
            .map(|a| ((a.customer_id.clone(), a.entity_id.to_string()), a))
            .collect())
    }

    /// The alerts whose customer (or entity) id is one of `ids`, by id within
    /// each chunk of `ids`.
    async fn alerts_where(&mut self, key: AlertKey, ids: &[&str]) -> Result<Vec<Alert>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(BATCH) {
            let mut qb = QueryBuilder::<Sqlite>::new(concat!(
                "SELECT ",
                alert_columns!(),
                " FROM alerts WHERE "
            ));
            qb.push(match key {
                AlertKey::Customer => "customer_id",
                AlertKey::Entity => "entity_id",
            });
            qb.push(" IN (");
            let mut list = qb.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            qb.push(") ORDER BY id");
            let rows: Vec<AlertRow> = qb.build_query_as().fetch_all(&mut *self.conn).await?;
            for row in rows {
                out.push(row.into_model()?);
            }
        }
        Ok(out)
    }

    async fn apply_matches(&mut self, mut matches: Vec<MatchObservation>) -> Result<()> {
        // One observation per pair (the best score), in a fixed order so
        // alert ids do not depend on thread scheduling.
        matches.sort_by(|a, b| {
            (a.customer_id.as_str(), a.entity_id.as_str())
                .cmp(&(b.customer_id.as_str(), b.entity_id.as_str()))
                .then(b.score.total_cmp(&a.score))
        });
        matches.dedup_by(|b, a| a.customer_id == b.customer_id && a.entity_id == b.entity_id);
        let mut customer_ids: Vec<&str> = matches.iter().map(|m| m.customer_id.as_str()).collect();
        customer_ids.dedup();
        let mut existing = self.existing_alerts(&customer_ids).await?;
        for obs in &matches {
            let key = (obs.customer_id.clone(), obs.entity_id.to_string());
            let current = existing.remove(&key);
            match rules::on_match(current.as_ref(), obs) {
                OnMatch::Raise => {
                    let explanation = to_json(&obs.explanation)?;
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO alerts (customer_id, entity_id, source, status, score, \
                         entity_name, customer_name, matched_name, explanation, raised_by_version, \
                         last_version, customer_hash, entity_hash, created_at, updated_at) \
                         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $12) \
                         RETURNING id",
                    )
                    .bind(&obs.customer_id)
                    .bind(obs.entity_id.as_str())
                    .bind(obs.entity_id.source_str())
                    .bind(obs.score)
                    .bind(&obs.entity_name)
                    .bind(&obs.customer_name)
                    .bind(&obs.matched_name)
                    .bind(&explanation)
                    .bind(obs.version.as_str())
                    .bind(&obs.customer_hash)
                    .bind(&obs.entity_hash)
                    .bind(&self.now_text)
                    .fetch_one(&mut *self.conn)
                    .await?;
                    let alert = Alert {
                        id: AlertId(id.max(0) as u64),
                        customer_id: obs.customer_id.clone(),
                        entity_id: obs.entity_id.clone(),
                        source: obs.entity_id.source(),
                        status: AlertStatus::Open,
                        score: obs.score,
                        entity_name: obs.entity_name.clone(),
                        customer_name: obs.customer_name.clone(),
                        matched_name: obs.matched_name.clone(),
                        explanation: obs.explanation.clone(),
                        raised_by_version: obs.version.clone(),
                        last_version: obs.version.clone(),
                        customer_hash: obs.customer_hash.clone(),
                        entity_hash: obs.entity_hash.clone(),
                        pending_confirmation_by: None,
                        decided_by: None,
                        decided_at: None,
                        decision_reason: None,
                        created_at: self.now,
                        updated_at: self.now,
                    };
                    self.event(&alert, "raised", None, None).await?;
                    self.audit(&alert, "raised", None, None).await?;
                    self.outbox(&alert, "alert.opened").await?;
                    self.outcome.raised += 1;
                    self.change(&alert, ChangeKind::Raised);
                }
                OnMatch::Refresh { rescored } => {
                    let Some(mut alert) = current else {
                        continue;
                    };
                    let same = !rescored
                        && alert.last_version == obs.version
                        && alert.customer_hash == obs.customer_hash
                        && alert.entity_hash == obs.entity_hash
                        && alert.matched_name == obs.matched_name
                        && alert.customer_name == obs.customer_name;
                    if same {
                        self.outcome.unchanged += 1;
                        continue;
                    }
                    sqlx::query(
                        "UPDATE alerts SET score = $1, entity_name = $2, customer_name = $3, \
                         matched_name = $4, explanation = $5, last_version = $6, \
                         customer_hash = $7, entity_hash = $8, updated_at = $9 WHERE id = $10",
                    )
                    .bind(obs.score)
                    .bind(&obs.entity_name)
                    .bind(&obs.customer_name)
                    .bind(&obs.matched_name)
                    .bind(to_json(&obs.explanation)?)
                    .bind(obs.version.as_str())
                    .bind(&obs.customer_hash)
                    .bind(&obs.entity_hash)
                    .bind(&self.now_text)
                    .bind(alert.id.0 as i64)
                    .execute(&mut *self.conn)
                    .await?;
                    let previous = alert.score;
                    alert.score = obs.score;
                    alert.last_version = obs.version.clone();
                    alert.customer_hash = obs.customer_hash.clone();
                    alert.entity_hash = obs.entity_hash.clone();
                    if rescored {
                        let note = format!("score {previous:.3} -> {:.3}", obs.score);
                        self.event(&alert, "rescored", Some(alert.status), Some(&note))
                            .await?;
                        self.audit(&alert, "rescored", Some(alert.status), Some(&note))
                            .await?;
                        self.outcome.rescored += 1;
                        self.change(&alert, ChangeKind::Rescored);
                    } else {
                        self.outcome.unchanged += 1;
                    }
                }
                OnMatch::Reopen { reason } => {
                    let Some(mut alert) = current else {
                        continue;
                    };
                    sqlx::query(
                        "UPDATE alerts SET status = 'open', score = $1, entity_name = $2, \
                         customer_name = $3, matched_name = $4, explanation = $5, \
                         raised_by_version = $6, last_version = $6, customer_hash = $7, \
                         entity_hash = $8, pending_confirmation_by = NULL, decided_by = NULL, \
                         decided_at = NULL, decision_reason = NULL, updated_at = $9 WHERE id = $10",
                    )
                    .bind(obs.score)
                    .bind(&obs.entity_name)
                    .bind(&obs.customer_name)
                    .bind(&obs.matched_name)
                    .bind(to_json(&obs.explanation)?)
                    .bind(obs.version.as_str())
                    .bind(&obs.customer_hash)
                    .bind(&obs.entity_hash)
                    .bind(&self.now_text)
                    .bind(alert.id.0 as i64)
                    .execute(&mut *self.conn)
                    .await?;
                    let from = alert.status;
                    alert.status = AlertStatus::Open;
                    alert.score = obs.score;
                    alert.entity_name = obs.entity_name.clone();
                    alert.customer_name = obs.customer_name.clone();
                    alert.matched_name = obs.matched_name.clone();
                    alert.explanation = obs.explanation.clone();
                    alert.raised_by_version = obs.version.clone();
                    alert.last_version = obs.version.clone();
                    alert.customer_hash = obs.customer_hash.clone();
                    alert.entity_hash = obs.entity_hash.clone();
                    alert.pending_confirmation_by = None;
                    alert.decided_by = None;
                    alert.decided_at = None;
                    alert.decision_reason = None;
                    alert.updated_at = self.now;
                    self.event(&alert, "reopened", Some(from), Some(&reason))
                        .await?;
                    self.audit(&alert, "reopened", Some(from), Some(&reason))
                        .await?;
                    self.outbox(&alert, "alert.reopened").await?;
                    self.outcome.reopened += 1;
                    self.change(&alert, ChangeKind::Reopened);
                }
                OnMatch::StayDismissed => self.outcome.still_dismissed += 1,
            }
        }
        Ok(())
    }

    async fn apply_delistings(&mut self, delisted: &[crate::Delisting]) -> Result<()> {
        let by_entity: HashMap<&str, &VersionId> = delisted
            .iter()
            .map(|d| (d.entity_id.as_str(), &d.version))
            .collect();
        let mut ids: Vec<&str> = by_entity.keys().copied().collect();
        ids.sort_unstable();
        for mut alert in self.alerts_where(AlertKey::Entity, &ids).await? {
            if !rules::closes_on_delisting(&alert) {
                continue;
            }
            let Some(version) = by_entity.get(alert.entity_id.as_str()) else {
                continue;
            };
            sqlx::query(
                "UPDATE alerts SET status = 'delisted', last_version = $1, \
                     pending_confirmation_by = NULL, updated_at = $2 WHERE id = $3",
            )
            .bind(version.as_str())
            .bind(&self.now_text)
            .bind(alert.id.0 as i64)
            .execute(&mut *self.conn)
            .await?;
            let from = alert.status;
            alert.status = AlertStatus::Delisted;
            alert.last_version = (*version).clone();
            alert.pending_confirmation_by = None;
            let reason = "entity removed from its list";
            self.event(&alert, "delisted", Some(from), Some(reason))
                .await?;
            self.audit(&alert, "delisted", Some(from), Some(reason))
                .await?;
            self.outcome.delisted += 1;
            self.change(&alert, ChangeKind::Delisted);
        }
        Ok(())
    }
}

/// The column an alert lookup goes by.
#[derive(Clone, Copy)]
enum AlertKey {
    Customer,
    Entity,
}

async fn load_alert(conn: &mut SqliteConnection, id: AlertId) -> Result<Alert> {
    let row: Option<AlertRow> = sqlx::query_as(concat!(
        "SELECT ",
        alert_columns!(),
        " FROM alerts WHERE id = $1"
    ))
    .bind(id.0 as i64)
    .fetch_optional(&mut *conn)
    .await?;
    row.ok_or_else(|| StoreError::not_found(format!("alert {id}")))?
        .into_model()
}

async fn load_settings(conn: &mut SqliteConnection) -> Result<MonitorSettings> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM monitor_settings")
        .fetch_all(&mut *conn)
        .await?;
    let mut s = MonitorSettings::default();
    for (key, value) in rows {
        let what = format!("monitor_settings.value key={key}");
        match key.as_str() {
            "four_eyes" => s.four_eyes = json(&what, &value)?,
            "threshold" => s.threshold = json(&what, &value)?,
            _ => {}
        }
    }
    Ok(s)
}

#[async_trait]
impl MonitorStore for SqliteStore {
    async fn customer_hashes(&self, ids: &[String]) -> Result<BTreeMap<String, String>> {
        let mut out = BTreeMap::new();
        for chunk in ids.chunks(BATCH) {
            let mut qb =
                QueryBuilder::<Sqlite>::new("SELECT id, content_hash FROM customers WHERE id IN (");
            let mut list = qb.separated(", ");
            for id in chunk {
                list.push_bind(id.as_str());
            }
            qb.push(")");
            let rows: Vec<(String, String)> = qb.build_query_as().fetch_all(&self.pool).await?;
            out.extend(rows);
        }
        Ok(out)
    }

    async fn customer(&self, id: &str) -> Result<StoredCustomer> {
        let row: Option<CustomerRow> = sqlx::query_as(concat!(
            "SELECT ",
            customer_columns!(),
            " FROM customers WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.ok_or_else(|| StoreError::not_found(format!("customer {id:?}")))?
            .into_model()
    }

    async fn customers(&self, after: Option<&str>, limit: usize) -> Result<Vec<StoredCustomer>> {
        // One JSON array for the whole page: sqlx hands rows over one by one
        // (about 10 µs each), which made loading 100,000 customers take a
        // second; SQLite builds the array in a few milliseconds.
        let page: Option<String> = sqlx::query_scalar(
            "SELECT json_group_array(json_array(id, kind, json(names), json(birth_dates), \
             json(countries), json(identifiers), json(fields), content_hash, screening_hash, \
             created_at, updated_at)) \
             FROM (SELECT * FROM customers WHERE id > $1 ORDER BY id LIMIT $2)",
        )
        .bind(after.unwrap_or(""))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_one(&self.pool)
        .await?;
        let Some(page) = page else {
            return Ok(Vec::new());
        };
        blocking(move || {
            let rows: Vec<PageRow> = json("customers page", &page)?;
            let mut out = rows
                .into_par_iter()
                .map(PageRow::into_model)
                .collect::<Result<Vec<_>>>()?;
            out.sort_by(|a, b| a.customer.id.cmp(&b.customer.id));
            Ok(out)
        })
        .await
    }

    async fn registry_stamp(&self) -> Result<RegistryStamp> {
        let (count, last): (i64, Option<String>) =
            sqlx::query_as("SELECT count(*), max(updated_at) FROM customers")
                .fetch_one(&self.pool)
                .await?;
        Ok(RegistryStamp {
            customers: count.max(0) as u64,
            last_change: match last {
                Some(t) => Some(parse_time("customers.updated_at", &t)?),
                None => None,
            },
        })
    }

    #[tracing::instrument(skip_all, fields(customers = batch.customers.len(), matches = batch.matches.len(), delisted = batch.delisted.len()))]
    async fn apply_screening(&self, batch: ScreeningBatch) -> Result<ScreeningOutcome> {
        let ScreeningBatch {
            context,
            customers,
            matches,
            delisted,
            monitor_state,
            summary,
            pause_before_commit,
        } = batch;
        let customers = blocking(move || prepare_customers(customers)).await?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let now = stored_time(Utc::now());
        let audit = AuditWriter::start(&mut tx, &context.engine_version).await?;
        let mut ap = Applier {
            conn: &mut tx,
            audit,
            actor: context.actor.clone(),
            now,
            now_text: format_time(now),
            outcome: ScreeningOutcome::default(),
        };
        ap.upsert_customers(customers).await?;
        ap.apply_matches(matches).await?;
        ap.apply_delistings(&delisted).await?;
        for (source, version) in &monitor_state {
            sqlx::query(
                "INSERT INTO monitor_state (source, version_id, screened_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (source) DO UPDATE SET version_id = excluded.version_id, \
                 screened_at = excluded.screened_at",
            )
            .bind(source.as_str())
            .bind(version.as_str())
            .bind(&ap.now_text)
            .execute(&mut *ap.conn)
            .await?;
        }
        if let Some(mut entry) = summary {
            let counts = {
                let o = &ap.outcome;
                serde_json::json!({
                    "customers_inserted": o.customers_inserted,
                    "customers_updated": o.customers_updated,
                    "customers_unchanged": o.customers_unchanged,
                    "raised": o.raised,
                    "reopened": o.reopened,
                    "rescored": o.rescored,
                    "unchanged": o.unchanged,
                    "still_dismissed": o.still_dismissed,
                    "delisted": o.delisted,
                })
            };
            match &mut entry.details {
                Value::Object(map) => {
                    map.insert("outcome".into(), counts);
                }
                other => {
                    *other = serde_json::json!({ "details": other.clone(), "outcome": counts });
                }
            }
            ap.audit.append(&mut *ap.conn, &entry, now).await?;
        }
        let Applier { audit, outcome, .. } = ap;
        audit.finish(&mut tx).await?;
        if let Some(pause) = pause_before_commit {
            tracing::warn!(
                millis = pause.as_millis() as u64,
                "fault injection: pausing inside the screening transaction before commit"
            );
            tokio::time::sleep(pause).await;
        }
        tx.commit().await?;
        tracing::info!(
            raised = outcome.raised,
            reopened = outcome.reopened,
            delisted = outcome.delisted,
            "screening results stored"
        );
        Ok(outcome)
    }

    async fn alert(&self, id: AlertId) -> Result<AlertRecord> {
        let mut conn = self.pool.acquire().await?;
        let alert = load_alert(&mut conn, id).await?;
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT id, at, actor, action, from_status, to_status, reason, score, version_id \
             FROM alert_events WHERE alert_id = $1 ORDER BY id",
        )
        .bind(id.0 as i64)
        .fetch_all(&mut *conn)
        .await?;
        Ok(AlertRecord {
            alert,
            history: rows
                .into_iter()
                .map(EventRow::into_model)
                .collect::<Result<_>>()?,
        })
    }

    async fn alerts(&self, filter: &AlertFilter) -> Result<Vec<Alert>> {
        let mut qb = QueryBuilder::<Sqlite>::new(concat!(
            "SELECT ",
            alert_columns!(),
            " FROM alerts WHERE id > "
        ));
        qb.push_bind(filter.after.map_or(0, |a| a.0 as i64));
        if let Some(s) = filter.status {
            qb.push(" AND status = ").push_bind(s.as_str());
        }
        if let Some(c) = &filter.customer_id {
            qb.push(" AND customer_id = ").push_bind(c.as_str());
        }
        if let Some(e) = &filter.entity_id {
            qb.push(" AND entity_id = ").push_bind(e.as_str());
        }
        qb.push(" ORDER BY id");
        if let Some(limit) = filter.limit {
            qb.push(" LIMIT ")
                .push_bind(i64::try_from(limit).unwrap_or(i64::MAX));
        }
        let rows: Vec<AlertRow> = qb.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter().map(AlertRow::into_model).collect()
    }

    async fn alert_counts(&self) -> Result<BTreeMap<String, u64>> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT status, count(*) FROM alerts GROUP BY status")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(s, n)| (s, n.max(0) as u64))
            .collect())
    }

    #[tracing::instrument(skip_all, fields(alert = %id))]
    async fn decide(
        &self,
        id: AlertId,
        decision: &Decision,
        context: &AuditContext,
    ) -> Result<DecisionOutcome> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut alert = load_alert(&mut tx, id).await?;
        let settings = load_settings(&mut tx).await?;
        let rule = rules::on_decision(&alert, decision, &context.actor, settings.four_eyes)?;
        let now = stored_time(Utc::now());
        let now_text = format_time(now);
        let reviewer = context.actor.trim().to_string();
        let reason = match decision {
            Decision::Dismiss { reason } => Some(reason.trim().to_string()),
            Decision::Confirm { reason } => reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string),
        };
        let from = alert.status;
        let (action, pending) = match rule {
            OnDecision::Decide {
                status,
                decided_by,
                action,
            } => {
                sqlx::query(
                    "UPDATE alerts SET status = $1, decided_by = $2, decided_at = $3, \
                     decision_reason = $4, pending_confirmation_by = NULL, updated_at = $3 \
                     WHERE id = $5",
                )
                .bind(status.as_str())
                .bind(&decided_by)
                .bind(&now_text)
                .bind(&reason)
                .bind(id.0 as i64)
                .execute(&mut *tx)
                .await?;
                alert.status = status;
                alert.decided_by = Some(decided_by);
                alert.decided_at = Some(now);
                alert.decision_reason = reason.clone();
                alert.pending_confirmation_by = None;
                (action, false)
            }
            OnDecision::RequestConfirmation => {
                sqlx::query(
                    "UPDATE alerts SET pending_confirmation_by = $1, updated_at = $2 WHERE id = $3",
                )
                .bind(&reviewer)
                .bind(&now_text)
                .bind(id.0 as i64)
                .execute(&mut *tx)
                .await?;
                alert.pending_confirmation_by = Some(reviewer.clone());
                ("confirmation_requested", true)
            }
        };
        alert.updated_at = now;
        let audit = AuditWriter::start(&mut tx, &context.engine_version).await?;
        let mut ap = Applier {
            conn: &mut tx,
            audit,
            actor: reviewer,
            now,
            now_text,
            outcome: ScreeningOutcome::default(),
        };
        ap.event(&alert, action, Some(from), reason.as_deref())
            .await?;
        ap.audit(&alert, action, Some(from), reason.as_deref())
            .await?;
        let Applier { audit, .. } = ap;
        audit.finish(&mut tx).await?;
        tx.commit().await?;
        tracing::info!(action, status = %alert.status, "alert decision recorded");
        Ok(DecisionOutcome { alert, pending })
    }

    async fn monitor_state(&self) -> Result<BTreeMap<SourceId, VersionId>> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT source, version_id FROM monitor_state")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(s, v)| {
                let what = format!("monitor_state source={s}");
                Ok((
                    SourceId::new(&s).map_err(|e| StoreError::corrupt(&what, e))?,
                    VersionId::new(&v).map_err(|e| StoreError::corrupt(&what, e))?,
                ))
            })
            .collect()
    }

    async fn monitor_settings(&self) -> Result<MonitorSettings> {
        let mut conn = self.pool.acquire().await?;
        load_settings(&mut conn).await
    }

    async fn set_monitor_settings(
        &self,
        settings: &MonitorSettings,
        context: &AuditContext,
    ) -> Result<()> {
        if !(0.0..=1.0).contains(&settings.threshold) || settings.threshold.is_nan() {
            return Err(StoreError::Invalid(format!(
                "threshold {}: expected a score between 0 and 1",
                settings.threshold
            )));
        }
        if context.actor.trim().is_empty() {
            return Err(StoreError::Invalid(
                "a settings change needs an actor".into(),
            ));
        }
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let current = load_settings(&mut tx).await?;
        let now = stored_time(Utc::now());
        let now_text = format_time(now);
        let mut audit = AuditWriter::start(&mut tx, &context.engine_version).await?;
        let changes = [
            (
                "four_eyes",
                Value::from(current.four_eyes),
                Value::from(settings.four_eyes),
            ),
            (
                "threshold",
                Value::from(current.threshold),
                Value::from(settings.threshold),
            ),
        ];
        for (key, from, to) in changes {
            if from == to {
                continue;
            }
            sqlx::query(
                "INSERT INTO monitor_settings (key, value, updated_at, updated_by) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET value = excluded.value, \
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            )
            .bind(key)
            .bind(to.to_string())
            .bind(&now_text)
            .bind(context.actor.trim())
            .execute(&mut *tx)
            .await?;
            let entry = AuditEntry::new(
                context.actor.trim(),
                "settings.changed",
                format!("monitor.{key}"),
                serde_json::json!({ "key": key, "from": from, "to": to }),
                Vec::new(),
            );
            audit.append(&mut tx, &entry, now).await?;
        }
        audit.finish(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn append_audit(&self, entries: Vec<AuditEntry>, context: &AuditContext) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let now = stored_time(Utc::now());
        let mut audit = AuditWriter::start(&mut tx, &context.engine_version).await?;
        for e in &entries {
            audit.append(&mut tx, e, now).await?;
        }
        audit.finish(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn audit_records(
        &self,
        after: u64,
        since: Option<DateTime<Utc>>,
        limit: usize,
    ) -> Result<Vec<AuditRecord>> {
        let rows: Vec<AuditRow> = sqlx::query_as(concat!(
            "SELECT ",
            audit_columns!(),
            " FROM audit_log WHERE seq > $1 AND at >= $2 ORDER BY seq LIMIT $3"
        ))
        .bind(i64::try_from(after).unwrap_or(i64::MAX))
        .bind(since.map(format_at).unwrap_or_default())
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(AuditRow::into_model).collect()
    }

    async fn verify_audit(&self) -> Result<AuditVerification> {
        // One read transaction: a consistent snapshot of log and head.
        let mut tx = self.pool.begin().await?;
        let (count, last_seq, last_hash): (i64, i64, String) =
            sqlx::query_as("SELECT count, last_seq, last_hash FROM audit_head WHERE id = 1")
                .fetch_one(&mut *tx)
                .await?;
        let head = AuditHead {
            count: count.max(0) as u64,
            last_seq: last_seq.max(0) as u64,
            last_hash,
        };
        let mut verifier = Verifier::new();
        let mut after: i64 = 0;
        loop {
            let rows: Vec<AuditRow> = sqlx::query_as(concat!(
                "SELECT ",
                audit_columns!(),
                " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000"
            ))
            .bind(after)
            .fetch_all(&mut *tx)
            .await?;
            let Some(last) = rows.last() else { break };
            after = last.seq;
            for row in rows {
                let seq = row.seq;
                match row.into_model() {
                    Ok(r) => verifier.feed(&r),
                    Err(e) => {
                        let records = verifier.finish(&head).records;
                        return Ok(AuditVerification {
                            records,
                            last_hash: String::new(),
                            problem: Some(AuditProblem {
                                seq: seq.max(0) as u64,
                                message: format!("record {seq} cannot be read: {e}"),
                            }),
                        });
                    }
                }
            }
            if verifier.failed() {
                break;
            }
        }
        tx.commit().await?;
        Ok(verifier.finish(&head))
    }

    async fn due_webhooks(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<OutboxItem>> {
        let rows: Vec<OutboxRow> = sqlx::query_as(
            "SELECT id, alert_id, event, payload, created_at, attempts, next_attempt_at, \
             delivered_at, last_error FROM webhook_outbox \
             WHERE delivered_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
        )
        .bind(format_time(now))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(OutboxRow::into_model).collect()
    }

    async fn webhook_delivered(&self, id: i64, at: DateTime<Utc>) -> Result<()> {
        let done = sqlx::query(
            "UPDATE webhook_outbox SET delivered_at = $1, attempts = attempts + 1, \
             last_error = NULL WHERE id = $2",
        )
        .bind(format_time(stored_time(at)))
        .bind(id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found(format!("webhook outbox row {id}")));
        }
        Ok(())
    }

    async fn webhook_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE webhook_outbox SET attempts = attempts + 1, last_error = $1, \
             next_attempt_at = $2 WHERE id = $3",
        )
        .bind(error)
        .bind(format_time(stored_time(next_attempt_at)))
        .bind(id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found(format!("webhook outbox row {id}")));
        }
        Ok(())
    }

    async fn webhook_counts(&self) -> Result<BTreeMap<String, u64>> {
        let (pending, retrying, delivered): (i64, i64, i64) = sqlx::query_as(
            "SELECT \
             coalesce(sum(CASE WHEN delivered_at IS NULL AND attempts = 0 THEN 1 ELSE 0 END), 0), \
             coalesce(sum(CASE WHEN delivered_at IS NULL AND attempts > 0 THEN 1 ELSE 0 END), 0), \
             coalesce(sum(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END), 0) \
             FROM webhook_outbox",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok([
            ("pending", pending),
            ("retrying", retrying),
            ("delivered", delivered),
        ]
        .into_iter()
        .map(|(k, n)| (k.to_string(), n.max(0) as u64))
        .collect())
    }
}
