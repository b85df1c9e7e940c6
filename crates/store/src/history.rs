//! An entity's history across the versions of its list, for `denylist show`.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use denylist_model::{Entity, ListVersion, VersionId};
use serde::{Deserialize, Serialize};

use crate::diff::{field_changes, FieldChange};

/// A short reference to a list version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRef {
    /// The version id.
    pub id: VersionId,
    /// Its publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    /// When it was imported.
    pub imported_at: DateTime<Utc>,
}

impl From<&ListVersion> for VersionRef {
    fn from(v: &ListVersion) -> Self {
        VersionRef {
            id: v.id.clone(),
            published: v.published,
            imported_at: v.imported_at,
        }
    }
}

/// A run of consecutive versions in which an entity had the same revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistorySpan {
    /// The first version of the run.
    pub first: VersionRef,
    /// The last version of the run.
    pub last: VersionRef,
    /// Number of versions in the run.
    pub versions: usize,
    /// The revision's sha256 (hex of the canonical JSON).
    pub revision: String,
    /// True when the entity was absent from the version just before `first`
    /// although it had been listed earlier (delisted, then listed again).
    pub relisted: bool,
    /// Fields changed since the previous span (empty for the first span).
    pub changes: Vec<FieldChange>,
}

/// Where an entity appears across the versions of its list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityHistory {
    /// First version containing the entity.
    pub first_seen: VersionRef,
    /// Last version containing the entity.
    pub last_seen: VersionRef,
    /// Start of the latest uninterrupted run of versions containing it.
    pub listed_since: VersionRef,
    /// The version after `last_seen`, when the entity is no longer in the
    /// latest version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delisted_in: Option<VersionRef>,
    /// Number of versions containing the entity.
    pub versions_seen: usize,
    /// Runs of versions with the same revision, oldest first.
    pub spans: Vec<HistorySpan>,
}

/// An entity as of one version, with its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// The entity as of `version`.
    pub entity: Entity,
    /// The version it is read from: the one asked for, else the latest
    /// version containing the entity.
    pub version: ListVersion,
    /// Its history across all versions of its list.
    pub history: EntityHistory,
}

/// Builds the history from the source's versions in order, each with the
/// entity's revision row id in it (if any), and the decoded revisions with
/// their digests. `None` when no version contains the entity.
pub(crate) fn build(
    versions: &[(ListVersion, Option<i64>)],
    revisions: &HashMap<i64, (String, Entity)>,
) -> Option<EntityHistory> {
    let mut spans: Vec<HistorySpan> = Vec::new();
    let mut span_rev: Option<i64> = None;
    let mut prev_present = false;
    let mut listed_since: Option<VersionRef> = None;
    let mut delisted_in: Option<VersionRef> = None;
    let mut seen = 0;
    for (version, rev) in versions {
        let Some(rev) = rev else {
            if prev_present {
                delisted_in = Some(version.into());
            }
            prev_present = false;
            continue;
        };
        let (digest, entity) = revisions.get(rev)?;
        seen += 1;
        delisted_in = None;
        if !prev_present {
            listed_since = Some(version.into());
        }
        match spans.last_mut() {
            Some(span) if prev_present && span_rev == Some(*rev) => {
                span.last = version.into();
                span.versions += 1;
            }
            last => {
                let changes = match (last, span_rev.and_then(|r| revisions.get(&r))) {
                    (Some(_), Some((_, before))) => field_changes(before, entity),
                    _ => Vec::new(),
                };
                spans.push(HistorySpan {
                    first: version.into(),
                    last: version.into(),
                    versions: 1,
                    revision: digest.clone(),
                    relisted: !prev_present && seen > 1,
                    changes,
                });
                span_rev = Some(*rev);
            }
        }
        prev_present = true;
    }
    Some(EntityHistory {
        first_seen: spans.first()?.first.clone(),
        last_seen: spans.last()?.last.clone(),
        listed_since: listed_since?,
        delisted_in,
        versions_seen: seen,
        spans,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use denylist_model::{Name, Schema};

    fn version(n: u8) -> ListVersion {
        ListVersion {
            id: VersionId::new(format!("{n:02x}").repeat(32)).unwrap(),
            source: "us-ofac-sdn".parse().unwrap(),
            format: "us-ofac-csv".into(),
            published: NaiveDate::from_ymd_opt(2024, 3, u32::from(n)),
            imported_at: DateTime::UNIX_EPOCH,
            entity_count: 1,
            files: Vec::new(),
        }
    }

    #[test]
    fn spans_follow_revisions_and_gaps() {
        let mut a = Entity::new("us-ofac-sdn:7".parse().unwrap(), Schema::Person);
        a.names.push(Name::primary("DOE, John"));
        let mut b = a.clone();
        b.programs.push("SDGT".into());
        let revisions = HashMap::from([(10, ("aa".to_string(), a)), (11, ("bb".to_string(), b))]);
        let versions = vec![
            (version(1), None),
            (version(2), Some(10)),
            (version(3), Some(10)),
            (version(4), Some(11)),
            (version(5), None),
            (version(6), Some(11)),
            (version(7), None),
        ];
        let h = build(&versions, &revisions).unwrap();
        assert_eq!(h.spans.len(), 3);
        assert_eq!(h.first_seen.published, NaiveDate::from_ymd_opt(2024, 3, 2));
        assert_eq!(h.last_seen.published, NaiveDate::from_ymd_opt(2024, 3, 6));
        assert_eq!(
            h.listed_since.published,
            NaiveDate::from_ymd_opt(2024, 3, 6)
        );
        assert_eq!(
            h.delisted_in.as_ref().and_then(|v| v.published),
            NaiveDate::from_ymd_opt(2024, 3, 7)
        );
        assert_eq!(h.versions_seen, 4);
        assert_eq!(h.spans[0].versions, 2);
        assert_eq!(h.spans[1].changes[0].field, "programs");
        assert!(!h.spans[1].relisted);
        assert!(h.spans[2].relisted);
        assert!(h.spans[2].changes.is_empty());
        assert!(build(&[(version(1), None)], &revisions).is_none());
    }
}
