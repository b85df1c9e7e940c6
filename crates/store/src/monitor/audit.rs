//! The audit log: append-only records, each hash-chained to the one before.
//!
//! A record's hash is `sha256(prev_hash + canonical JSON of the record
//! without its hash)`, in lower-case hex, where `prev_hash` is the previous
//! record's hash (64 zeros for the first) and the canonical JSON is
//! `{"action":..,"actor":..,"at":..,"details":..,"engine_version":..,
//! "list_versions":..,"prev_hash":..,"seq":..,"subject":..}`: keys in that
//! (alphabetical) order, no spaces, and `details` exactly as stored and
//! exported (written once as canonical JSON: keys sorted, no spaces). The
//! text is hashed, not a re-serialisation of parsed JSON, so a number never
//! changes its spelling between writing and checking. A head row (record count, last seq, last hash) is
//! updated in the same transaction as each append, so removing records from
//! the end is detected too. [`Verifier`] checks a log in seq order.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::version_id::sha256;

/// The `prev_hash` of the first record.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A record to append; the store adds seq, time, engine version and hashes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Who: a reviewer, or `system`.
    pub actor: String,
    /// What: `customers.import`, `alert.raised`, `alert.dismissed`,
    /// `monitor.sync`...
    pub action: String,
    /// On what: an alert id, a customer id, a list, a file.
    pub subject: String,
    /// The facts, as a JSON object.
    pub details: Value,
    /// The list version ids the action was made against.
    pub list_versions: Vec<String>,
}

impl AuditEntry {
    /// An entry.
    pub fn new(
        actor: impl Into<String>,
        action: impl Into<String>,
        subject: impl Into<String>,
        details: Value,
        list_versions: Vec<String>,
    ) -> Self {
        AuditEntry {
            actor: actor.into(),
            action: action.into(),
            subject: subject.into(),
            details,
            list_versions,
        }
    }
}

/// A stored audit record: one line of `audit export`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Position in the log, from 1, without gaps.
    pub seq: u64,
    /// When (UTC, microseconds).
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// On what.
    pub subject: String,
    /// The facts: a JSON object, verbatim as hashed.
    pub details: Box<RawValue>,
    /// The list version ids.
    pub list_versions: Vec<String>,
    /// The engine version that wrote it.
    pub engine_version: String,
    /// The previous record's hash.
    pub prev_hash: String,
    /// This record's hash.
    pub hash: String,
}

impl AuditRecord {
    /// The hash this record should have, from its other fields.
    pub fn compute_hash(&self) -> String {
        record_hash(
            self.seq,
            &format_at(self.at),
            &self.actor,
            &self.action,
            &self.subject,
            self.details.get(),
            &self.list_versions,
            &self.engine_version,
            &self.prev_hash,
        )
    }

    /// The details, parsed.
    pub fn details_value(&self) -> Value {
        serde_json::from_str(self.details.get()).unwrap_or(Value::Null)
    }
}

impl PartialEq for AuditRecord {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq
            && self.at == other.at
            && self.actor == other.actor
            && self.action == other.action
            && self.subject == other.subject
            && self.details.get() == other.details.get()
            && self.list_versions == other.list_versions
            && self.engine_version == other.engine_version
            && self.prev_hash == other.prev_hash
            && self.hash == other.hash
    }
}

/// `details` as written: canonical JSON text.
pub(crate) fn canonical_text(v: &Value) -> String {
    let mut out = Vec::new();
    canonical_json(v, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The timestamp text that is hashed (RFC 3339 UTC, microseconds).
pub(crate) fn format_at(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The chain hash of a record given its fields (`details` as stored text).
#[allow(clippy::too_many_arguments)]
pub(crate) fn record_hash(
    seq: u64,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    details: &str,
    list_versions: &[String],
    engine_version: &str,
    prev_hash: &str,
) -> String {
    let s = |v: &str| serde_json::to_string(v).unwrap_or_else(|_| "\"\"".into());
    let versions = serde_json::to_string(list_versions).unwrap_or_else(|_| "[]".into());
    let record = format!(
        "{{\"action\":{},\"actor\":{},\"at\":{},\"details\":{details},\"engine_version\":{},\"list_versions\":{versions},\"prev_hash\":{},\"seq\":{seq},\"subject\":{}}}",
        s(action),
        s(actor),
        s(at),
        s(engine_version),
        s(prev_hash),
        s(subject),
    );
    let mut bytes = prev_hash.as_bytes().to_vec();
    bytes.extend_from_slice(record.as_bytes());
    hex::encode(sha256(&bytes))
}

/// Writes `v` as JSON with every object's keys sorted and no whitespace.
pub fn canonical_json(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(
                    serde_json::to_string(k)
                        .unwrap_or_else(|_| "\"\"".into())
                        .as_bytes(),
                );
                out.push(b':');
                canonical_json(&map[k], out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                canonical_json(item, out);
            }
            out.push(b']');
        }
        other => out.extend_from_slice(other.to_string().as_bytes()),
    }
}

/// The head row: what the log should hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditHead {
    /// Number of records.
    pub count: u64,
    /// The last seq.
    pub last_seq: u64,
    /// The last record's hash ([`GENESIS_HASH`] when empty).
    pub last_hash: String,
}

/// The first problem found in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditProblem {
    /// The seq of the first bad record (for a truncated log: the first
    /// missing seq).
    pub seq: u64,
    /// What is wrong.
    pub message: String,
}

/// The result of checking the whole log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditVerification {
    /// Records checked.
    pub records: u64,
    /// The hash of the last record checked: write it down elsewhere to
    /// anchor the log.
    pub last_hash: String,
    /// The first problem, if any.
    pub problem: Option<AuditProblem>,
}

impl AuditVerification {
    /// True when the chain and the head agree.
    pub fn is_ok(&self) -> bool {
        self.problem.is_none()
    }
}

/// Checks records fed in seq order, then the head.
#[derive(Debug)]
pub struct Verifier {
    records: u64,
    last_seq: u64,
    last_hash: String,
    problem: Option<AuditProblem>,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier {
            records: 0,
            last_seq: 0,
            last_hash: GENESIS_HASH.to_string(),
            problem: None,
        }
    }
}

impl Verifier {
    /// A verifier for a log from its start.
    pub fn new() -> Self {
        Verifier::default()
    }

    /// True once a problem was found (later records are not checked).
    pub fn failed(&self) -> bool {
        self.problem.is_some()
    }

    fn fail(&mut self, seq: u64, message: String) {
        if self.problem.is_none() {
            self.problem = Some(AuditProblem { seq, message });
        }
    }

    /// Checks the next record.
    pub fn feed(&mut self, r: &AuditRecord) {
        if self.failed() {
            return;
        }
        let expected = self.last_seq + 1;
        if r.seq != expected {
            let msg = if r.seq > expected {
                format!(
                    "record {expected} is missing: the log goes from {} to {} (deleted records)",
                    self.last_seq, r.seq
                )
            } else {
                format!(
                    "record {} appears out of order after {}",
                    r.seq, self.last_seq
                )
            };
            self.fail(expected, msg);
            return;
        }
        if r.prev_hash != self.last_hash {
            self.fail(
                r.seq,
                format!(
                    "record {}: its prev_hash does not match the hash of record {} (the chain is broken)",
                    r.seq, self.last_seq
                ),
            );
            return;
        }
        let computed = r.compute_hash();
        if computed != r.hash {
            self.fail(
                r.seq,
                format!(
                    "record {}: its content does not match its hash (the record was edited)",
                    r.seq
                ),
            );
            return;
        }
        self.records += 1;
        self.last_seq = r.seq;
        self.last_hash = r.hash.clone();
    }

    /// Compares what was read with the head row and gives the verdict.
    pub fn finish(mut self, head: &AuditHead) -> AuditVerification {
        if !self.failed()
            && (head.count != self.records
                || head.last_seq != self.last_seq
                || head.last_hash != self.last_hash)
        {
            let msg = if head.last_seq > self.last_seq {
                format!(
                    "records {} to {} are missing: the log ends at record {} but its head says {} records up to {} (records deleted from the end)",
                    self.last_seq + 1,
                    head.last_seq,
                    self.last_seq,
                    head.count,
                    head.last_seq
                )
            } else {
                format!(
                    "the log holds {} records up to {} but its head says {} records up to {} with hash {}",
                    self.records, self.last_seq, head.count, head.last_seq, head.last_hash
                )
            };
            let seq = self.last_seq + 1;
            self.fail(seq, msg);
        }
        AuditVerification {
            records: self.records,
            last_hash: self.last_hash,
            problem: self.problem,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: u64) -> Vec<AuditRecord> {
        let mut prev = GENESIS_HASH.to_string();
        let at = DateTime::parse_from_rfc3339("2024-03-05T10:00:00.123456Z")
            .unwrap()
            .with_timezone(&Utc);
        (1..=n)
            .map(|seq| {
                let mut r = AuditRecord {
                    seq,
                    at,
                    actor: "system".into(),
                    action: "alert.raised".into(),
                    subject: format!("A{seq:06}"),
                    details: RawValue::from_string(canonical_text(
                        &serde_json::json!({"score": 0.91, "b": [1, {"z": 1, "a": 2}]}),
                    ))
                    .unwrap(),
                    list_versions: vec!["ab".repeat(32)],
                    engine_version: "0.1.0".into(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                r.hash = r.compute_hash();
                prev = r.hash.clone();
                r
            })
            .collect()
    }

    fn head(records: &[AuditRecord]) -> AuditHead {
        AuditHead {
            count: records.len() as u64,
            last_seq: records.last().map_or(0, |r| r.seq),
            last_hash: records
                .last()
                .map_or(GENESIS_HASH.to_string(), |r| r.hash.clone()),
        }
    }

    fn verify(records: &[AuditRecord], head: &AuditHead) -> AuditVerification {
        let mut v = Verifier::new();
        for r in records {
            v.feed(r);
        }
        v.finish(head)
    }

    #[test]
    fn canonical_json_sorts_keys() {
        let mut out = Vec::new();
        canonical_json(
            &serde_json::json!({"b": 1, "a": {"d": [true, null], "c": "x\"y"}}),
            &mut out,
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"a":{"c":"x\"y","d":[true,null]},"b":1}"#
        );
    }

    #[test]
    fn hash_is_sha256_of_prev_and_canonical_record() {
        let r = &chain(1)[0];
        let json = format!(
            r#"{{"action":"alert.raised","actor":"system","at":"2024-03-05T10:00:00.123456Z","details":{{"b":[1,{{"a":2,"z":1}}],"score":0.91}},"engine_version":"0.1.0","list_versions":["{}"],"prev_hash":"{GENESIS_HASH}","seq":1,"subject":"A000001"}}"#,
            "ab".repeat(32)
        );
        let expected = hex::encode(sha256(format!("{GENESIS_HASH}{json}").as_bytes()));
        assert_eq!(r.hash, expected);
    }

    #[test]
    fn intact_chain_verifies() {
        let records = chain(5);
        let v = verify(&records, &head(&records));
        assert!(v.is_ok(), "{v:?}");
        assert_eq!(v.records, 5);
        assert_eq!(v.last_hash, records[4].hash);
        let empty = verify(&[], &head(&[]));
        assert!(empty.is_ok());
    }

    #[test]
    fn edits_deletions_and_truncation_are_found() {
        let records = chain(5);
        let h = head(&records);

        let mut edited = records.clone();
        edited[2].details = RawValue::from_string(r#"{"score":0.1}"#.into()).unwrap();
        let v = verify(&edited, &h);
        assert_eq!(v.problem.as_ref().unwrap().seq, 3, "{v:?}");
        assert!(v.problem.unwrap().message.contains("edited"));

        let mut deleted = records.clone();
        deleted.remove(1);
        let v = verify(&deleted, &h);
        assert_eq!(v.problem.as_ref().unwrap().seq, 2, "{v:?}");
        assert!(v.problem.unwrap().message.contains("missing"));

        let truncated = &records[..4];
        let v = verify(truncated, &h);
        assert_eq!(v.problem.as_ref().unwrap().seq, 5, "{v:?}");
        assert!(v.problem.unwrap().message.contains("deleted from the end"));

        // Renumbering after a deletion breaks the chain link instead.
        let mut renumbered = deleted.clone();
        for (i, r) in renumbered.iter_mut().enumerate() {
            r.seq = i as u64 + 1;
        }
        let v = verify(&renumbered, &h);
        assert_eq!(v.problem.unwrap().seq, 2);
    }
}
