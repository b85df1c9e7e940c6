//! The values of the monitoring tables: customers, alerts, their events,
//! screening batches and settings.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use denylist_model::{EntityId, PartialDate, Schema, SourceId, VersionId};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::audit::AuditEntry;
use crate::version_id::sha256;

/// Longest accepted customer id.
pub const MAX_CUSTOMER_ID: usize = 200;

/// One party of the customer registry, as the bank knows it.
///
/// `id` is the bank's own reference and the key of upserts. Every other
/// field is what screening uses, except `fields`, free data kept with the
/// customer (and in its content hash) but never screened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// The bank's customer id (1 to 200 characters, no control characters).
    pub id: String,
    /// Person, organisation, company, vessel or aircraft; `None` when
    /// unknown (then every schema is screened).
    #[serde(default)]
    pub kind: Option<Schema>,
    /// Names, the main one first; at least one.
    pub names: Vec<String>,
    /// Birth (or incorporation) dates, at any precision.
    #[serde(default)]
    pub birth_dates: Vec<PartialDate>,
    /// Countries as given (ISO codes or names).
    #[serde(default)]
    pub countries: Vec<String>,
    /// Identifier values (passport, tax id, LEI, IMO...).
    #[serde(default)]
    pub identifiers: Vec<String>,
    /// Free fields, not screened.
    #[serde(default)]
    pub fields: BTreeMap<String, Value>,
}

/// The part of a customer that screening reads, for [`Customer::screening_hash`].
#[derive(Serialize)]
struct ScreeningPart<'a> {
    kind: Option<Schema>,
    names: &'a [String],
    birth_dates: &'a [PartialDate],
    countries: &'a [String],
    identifiers: &'a [String],
}

impl Customer {
    /// A customer with an id and one name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Customer {
            id: id.into(),
            kind: None,
            names: vec![name.into()],
            birth_dates: Vec::new(),
            countries: Vec::new(),
            identifiers: Vec::new(),
            fields: BTreeMap::new(),
        }
    }

    /// The same customer with whitespace trimmed and collapsed and empty
    /// values dropped, or why it cannot be registered (empty or overlong id,
    /// no name).
    pub fn normalized(mut self) -> Result<Customer, String> {
        let id = self.id.trim();
        if id.is_empty() {
            return Err("empty customer id".to_string());
        }
        if id.chars().count() > MAX_CUSTOMER_ID {
            return Err(format!(
                "customer id longer than {MAX_CUSTOMER_ID} characters"
            ));
        }
        if id.chars().any(char::is_control) {
            return Err(format!("customer id {id:?} holds control characters"));
        }
        self.id = id.to_string();
        let clean = |v: Vec<String>| -> Vec<String> {
            let mut out: Vec<String> = Vec::with_capacity(v.len());
            for s in v {
                let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
                if !s.is_empty() && !out.contains(&s) {
                    out.push(s);
                }
            }
            out
        };
        self.names = clean(self.names);
        if self.names.is_empty() {
            return Err(format!("customer {}: no name", self.id));
        }
        self.countries = clean(self.countries);
        self.identifiers = clean(self.identifiers);
        let mut dates = Vec::with_capacity(self.birth_dates.len());
        for d in self.birth_dates {
            if !dates.contains(&d) {
                dates.push(d);
            }
        }
        self.birth_dates = dates;
        Ok(self)
    }

    /// sha256 (hex) of the canonical JSON of the whole customer: a changed
    /// hash is a changed customer.
    pub fn content_hash(&self) -> String {
        hex::encode(sha256(&serde_json::to_vec(self).unwrap_or_default()))
    }

    /// sha256 (hex) of the canonical JSON of what screening reads (kind,
    /// names, dates, countries, identifiers; not the free fields). A
    /// dismissed alert stays dismissed while this hash is unchanged.
    pub fn screening_hash(&self) -> String {
        let part = ScreeningPart {
            kind: self.kind,
            names: &self.names,
            birth_dates: &self.birth_dates,
            countries: &self.countries,
            identifiers: &self.identifiers,
        };
        hex::encode(sha256(&serde_json::to_vec(&part).unwrap_or_default()))
    }
}

/// A customer as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredCustomer {
    /// The customer.
    #[serde(flatten)]
    pub customer: Customer,
    /// [`Customer::content_hash`].
    pub content_hash: String,
    /// [`Customer::screening_hash`].
    pub screening_hash: String,
    /// First registered.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// How the registry stands: changes whenever a customer is added or
/// changed, so a cached index over the customers can tell it is stale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryStamp {
    /// Number of customers.
    pub customers: u64,
    /// The latest `updated_at`, if any customer.
    pub last_change: Option<DateTime<Utc>>,
}

/// An alert id: `A000123` (a number, shown with at least six digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AlertId(pub u64);

impl fmt::Display for AlertId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "A{:06}", self.0)
    }
}

impl FromStr for AlertId {
    type Err = String;
    /// Parses `A000123`, `A123`, `a123` or `123`.
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let digits = t.strip_prefix(['A', 'a']).unwrap_or(t);
        if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "alert id {s:?}: expected A followed by digits, e.g. A000123"
            ));
        }
        match digits.parse::<u64>() {
            Ok(0) | Err(_) => Err(format!("alert id {s:?}: no such number")),
            Ok(n) => Ok(AlertId(n)),
        }
    }
}

impl Serialize for AlertId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for AlertId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// Where an alert stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertStatus {
    /// To be reviewed.
    Open,
    /// A true match, confirmed by a reviewer (two with four-eyes).
    Confirmed,
    /// A false positive: suppressed until the customer's or the entity's
    /// data change.
    Dismissed,
    /// The entity left its list.
    Delisted,
}

impl AlertStatus {
    /// Every status.
    pub const ALL: [AlertStatus; 4] = [
        AlertStatus::Open,
        AlertStatus::Confirmed,
        AlertStatus::Dismissed,
        AlertStatus::Delisted,
    ];

    /// The stored and shown name.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertStatus::Open => "open",
            AlertStatus::Confirmed => "confirmed",
            AlertStatus::Dismissed => "dismissed",
            AlertStatus::Delisted => "delisted",
        }
    }
}

impl fmt::Display for AlertStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AlertStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        AlertStatus::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("unknown alert status {s:?} (open, confirmed, dismissed, delisted)")
            })
    }
}

/// One (customer, entity) pair that screened above the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// `A000123`.
    pub id: AlertId,
    /// The customer.
    pub customer_id: String,
    /// The listed entity.
    pub entity_id: EntityId,
    /// The entity's list.
    pub source: SourceId,
    /// Where it stands.
    pub status: AlertStatus,
    /// The score of the last screening of the pair.
    pub score: f64,
    /// The entity's primary name.
    pub entity_name: String,
    /// The customer name that matched.
    pub customer_name: String,
    /// The list name (primary or alias) that matched.
    pub matched_name: String,
    /// Why it matched (the matcher's explanation, as JSON).
    pub explanation: Value,
    /// The list version that raised (or last reopened) the alert.
    pub raised_by_version: VersionId,
    /// The list version of the last screening of the pair.
    pub last_version: VersionId,
    /// [`Customer::screening_hash`] at the last screening.
    pub customer_hash: String,
    /// sha256 of the entity's canonical JSON at the last screening
    /// ([`entity_digest`](crate::entity_digest)).
    pub entity_hash: String,
    /// Four-eyes: the reviewer whose confirmation awaits a second one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_confirmation_by: Option<String>,
    /// Who decided (two names joined by `, ` for a four-eyes confirmation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<DateTime<Utc>>,
    /// Why (required for a dismissal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_reason: Option<String>,
    /// Raised.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// One change in the life of an alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// Who (`system` for screening).
    pub actor: String,
    /// `raised`, `rescored`, `reopened`, `delisted`, `confirmation_requested`,
    /// `confirmed`, `dismissed`.
    pub action: String,
    /// The status before (none when raised).
    pub from_status: Option<AlertStatus>,
    /// The status after.
    pub to_status: AlertStatus,
    /// The reviewer's reason, or why the system acted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The score then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The list version then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<VersionId>,
}

/// An alert with its history, oldest event first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertRecord {
    /// The alert.
    #[serde(flatten)]
    pub alert: Alert,
    /// Every change.
    pub history: Vec<AlertEvent>,
}

/// Which alerts to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertFilter {
    /// Only this status.
    pub status: Option<AlertStatus>,
    /// Only this customer.
    pub customer_id: Option<String>,
    /// Only this entity.
    pub entity_id: Option<EntityId>,
    /// Only ids after this one (paging).
    pub after: Option<AlertId>,
    /// At most this many (by id).
    pub limit: Option<usize>,
}

/// A customer matched a listed entity at or above the threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchObservation {
    /// The customer.
    pub customer_id: String,
    /// The entity.
    pub entity_id: EntityId,
    /// The score.
    pub score: f64,
    /// The entity's primary name.
    pub entity_name: String,
    /// The customer name that matched.
    pub customer_name: String,
    /// The list name that matched.
    pub matched_name: String,
    /// The explanation, as JSON.
    pub explanation: Value,
    /// The version of the entity's list screened against.
    pub version: VersionId,
    /// [`Customer::screening_hash`] of the customer screened.
    pub customer_hash: String,
    /// [`entity_digest`](crate::entity_digest) of the entity screened.
    pub entity_hash: String,
}

/// An entity left its list in `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delisting {
    /// The entity.
    pub entity_id: EntityId,
    /// The first version without it.
    pub version: VersionId,
}

/// Who acts and with which engine, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditContext {
    /// A reviewer (`analyst@bank`) or `system`.
    pub actor: String,
    /// The engine version recorded with every audit record.
    pub engine_version: String,
}

impl AuditContext {
    /// A context.
    pub fn new(actor: impl Into<String>, engine_version: impl Into<String>) -> Self {
        AuditContext {
            actor: actor.into(),
            engine_version: engine_version.into(),
        }
    }
}

/// Everything one screening run writes, applied in one transaction:
/// customers upserted, match observations turned into alerts by the alert
/// rules, delistings, the new monitoring state of the lists screened, and
/// audit records (one per alert change, plus `summary`).
#[derive(Debug, Clone)]
pub struct ScreeningBatch {
    /// Who runs it.
    pub context: AuditContext,
    /// Customers to insert or update (written first; unchanged ones are
    /// skipped by content hash).
    pub customers: Vec<Customer>,
    /// Pairs at or above the threshold.
    pub matches: Vec<MatchObservation>,
    /// Entities that left their list: their open and confirmed alerts
    /// become `delisted`.
    pub delisted: Vec<Delisting>,
    /// The list versions now screened, per list (`monitor_state`).
    pub monitor_state: Vec<(SourceId, VersionId)>,
    /// A record describing the run, appended last; its `details` get an
    /// `outcome` object with the counts of [`ScreeningOutcome`].
    pub summary: Option<AuditEntry>,
    /// Fault injection for crash tests: sleep this long after every write
    /// and before the commit.
    #[doc(hidden)]
    pub pause_before_commit: Option<Duration>,
}

impl ScreeningBatch {
    /// An empty batch.
    pub fn new(context: AuditContext) -> Self {
        ScreeningBatch {
            context,
            customers: Vec::new(),
            matches: Vec::new(),
            delisted: Vec::new(),
            monitor_state: Vec::new(),
            summary: None,
            pause_before_commit: None,
        }
    }
}

/// What happened to one alert in a screening run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new alert.
    Raised,
    /// A dismissed or delisted alert opened again.
    Reopened,
    /// Its score changed.
    Rescored,
    /// Its entity left the list.
    Delisted,
}

/// One alert changed by a screening run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlertChange {
    /// The alert.
    pub alert: AlertId,
    /// The customer.
    pub customer_id: String,
    /// The entity.
    pub entity_id: EntityId,
    /// What happened.
    pub kind: ChangeKind,
}

/// What a [`ScreeningBatch`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScreeningOutcome {
    /// Customers inserted.
    pub customers_inserted: u64,
    /// Customers whose content changed.
    pub customers_updated: u64,
    /// Customers identical to the stored ones (not written).
    pub customers_unchanged: u64,
    /// New alerts.
    pub raised: u64,
    /// Dismissed or delisted alerts opened again.
    pub reopened: u64,
    /// Open or confirmed alerts whose score changed.
    pub rescored: u64,
    /// Open or confirmed alerts seen again with the same score.
    pub unchanged: u64,
    /// Dismissed alerts that stay dismissed (same customer and entity data).
    pub still_dismissed: u64,
    /// Alerts closed as delisted.
    pub delisted: u64,
    /// Every raised, reopened, rescored and delisted alert.
    pub changes: Vec<AlertChange>,
}

/// A reviewer's decision on an alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "lowercase")]
pub enum Decision {
    /// A true match.
    Confirm {
        /// Optional note.
        #[serde(default)]
        reason: Option<String>,
    },
    /// A false positive; the reason is required.
    Dismiss {
        /// Why (e.g. "different date of birth").
        reason: String,
    },
}

/// The result of a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionOutcome {
    /// The alert after the decision.
    pub alert: Alert,
    /// Four-eyes: the confirmation was recorded and awaits a second reviewer.
    pub pending: bool,
}

/// Monitoring settings kept in the store, so the CLI and the API apply the
/// same policy; every change is audited.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MonitorSettings {
    /// A confirmation needs two different reviewers.
    pub four_eyes: bool,
    /// Alert threshold (0-1).
    pub threshold: f64,
}

impl Default for MonitorSettings {
    fn default() -> Self {
        MonitorSettings {
            four_eyes: false,
            // The matcher's DEFAULT_THRESHOLD (denylist-monitor checks they agree).
            threshold: 0.70,
        }
    }
}

/// One row of the webhook outbox: a new or reopened alert to deliver.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxItem {
    /// Row id.
    pub id: i64,
    /// The alert.
    pub alert_id: AlertId,
    /// `alert.opened` or `alert.reopened`.
    pub event: String,
    /// The JSON body to deliver: `{"event", "alert"}`.
    pub payload: Value,
    /// Written (in the transaction that raised the alert).
    pub created_at: DateTime<Utc>,
    /// Delivery attempts so far.
    pub attempts: u32,
    /// Not before.
    pub next_attempt_at: DateTime<Utc>,
    /// Delivered (2xx), if so.
    pub delivered_at: Option<DateTime<Utc>>,
    /// The last failure.
    pub last_error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alert_ids_print_and_parse() {
        assert_eq!(AlertId(123).to_string(), "A000123");
        assert_eq!(AlertId(1_234_567).to_string(), "A1234567");
        for s in ["A000123", "a123", "123", " A123 "] {
            assert_eq!(s.parse::<AlertId>().unwrap(), AlertId(123), "{s}");
        }
        for s in ["", "A", "A0", "B12", "A-1", "A12x"] {
            assert!(s.parse::<AlertId>().is_err(), "{s}");
        }
        let json = serde_json::to_string(&AlertId(7)).unwrap();
        assert_eq!(json, "\"A000007\"");
        assert_eq!(serde_json::from_str::<AlertId>(&json).unwrap(), AlertId(7));
    }

    #[test]
    fn normalizing_a_customer() {
        let mut c = Customer::new("  C1 ", "  Tal   Dilian ");
        c.names.push("Tal Dilian".into());
        c.names.push(" ".into());
        c.countries = vec!["IL".into(), "".into(), "IL".into()];
        let n = c.normalized().unwrap();
        assert_eq!(n.id, "C1");
        assert_eq!(n.names, vec!["Tal Dilian".to_string()]);
        assert_eq!(n.countries, vec!["IL".to_string()]);
        assert!(Customer::new(" ", "X").normalized().is_err());
        assert!(Customer::new("C2", "  ").normalized().is_err());
        assert!(Customer::new("C\u{7}", "X").normalized().is_err());
        assert!(Customer::new("x".repeat(201), "X").normalized().is_err());
    }

    #[test]
    fn free_fields_change_content_not_screening() {
        let a = Customer::new("C1", "Tal Dilian");
        let mut b = a.clone();
        b.fields.insert("segment".into(), Value::from("retail"));
        assert_ne!(a.content_hash(), b.content_hash());
        assert_eq!(a.screening_hash(), b.screening_hash());
        let mut c = a.clone();
        c.birth_dates.push(PartialDate::year(1961));
        assert_ne!(a.screening_hash(), c.screening_hash());
        assert_eq!(a.content_hash().len(), 64);
    }
}
