//! The alert lifecycle: what a screening observation, a delisting or a
//! reviewer's decision does to an alert. Pure functions, applied by every
//! backend inside the transaction that writes the result, so a decision made
//! meanwhile through another process is never overwritten.
//!
//! | alert | event | becomes |
//! |---|---|---|
//! | none | match | `open` (raised) |
//! | open, confirmed | match | same status; score, hashes, version refreshed (an event only if the score changed) |
//! | dismissed | match, same customer and entity data | stays dismissed, untouched |
//! | dismissed | match, customer or entity data changed | `open` (reopened) |
//! | delisted | match (entity listed again) | `open` (reopened) |
//! | open, confirmed | entity removed from its list | `delisted` |
//! | open | confirm | `confirmed`; with four-eyes the first confirmation is only recorded, a second, different reviewer confirms |
//! | open, confirmed, delisted | dismiss (reason required) | `dismissed` |
//! | dismissed | confirm | `confirmed` (same four-eyes rule) |

use super::types::{Alert, AlertStatus, Decision, MatchObservation};
use crate::StoreError;

/// Scores closer than this are the same score.
const SCORE_EPSILON: f64 = 1e-9;

/// What a match observation does.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum OnMatch {
    /// Insert a new open alert.
    Raise,
    /// Update score, explanation, hashes and version of an open or confirmed
    /// alert; `rescored` when the score moved.
    Refresh {
        /// The score changed.
        rescored: bool,
    },
    /// Open a dismissed or delisted alert again, for this reason.
    Reopen {
        /// Why.
        reason: String,
    },
    /// A dismissed alert whose data did not change: nothing to write.
    StayDismissed,
}

/// The rule for a pair seen at or above the threshold.
pub(crate) fn on_match(existing: Option<&Alert>, obs: &MatchObservation) -> OnMatch {
    let Some(a) = existing else {
        return OnMatch::Raise;
    };
    match a.status {
        AlertStatus::Open | AlertStatus::Confirmed => OnMatch::Refresh {
            rescored: (a.score - obs.score).abs() > SCORE_EPSILON,
        },
        AlertStatus::Dismissed => {
            let customer = a.customer_hash != obs.customer_hash;
            let entity = a.entity_hash != obs.entity_hash;
            match (customer, entity) {
                (false, false) => OnMatch::StayDismissed,
                (true, false) => OnMatch::Reopen {
                    reason: "customer changed".into(),
                },
                (false, true) => OnMatch::Reopen {
                    reason: "entity changed".into(),
                },
                (true, true) => OnMatch::Reopen {
                    reason: "customer and entity changed".into(),
                },
            }
        }
        AlertStatus::Delisted => OnMatch::Reopen {
            reason: "entity listed again".into(),
        },
    }
}

/// True when an entity's removal from its list closes this alert.
pub(crate) fn closes_on_delisting(a: &Alert) -> bool {
    matches!(a.status, AlertStatus::Open | AlertStatus::Confirmed)
}

/// What a decision does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OnDecision {
    /// New status, decided by, reason; the pending confirmation is cleared.
    Decide {
        /// The new status.
        status: AlertStatus,
        /// Who decided (both reviewers for a four-eyes confirmation).
        decided_by: String,
        /// The event's action.
        action: &'static str,
    },
    /// Four-eyes: record the first confirmation, status unchanged.
    RequestConfirmation,
}

fn same_reviewer(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The rule for a reviewer's decision; a refused decision is a
/// [`StoreError::Conflict`] (or [`StoreError::Invalid`] for a missing
/// reason or reviewer).
pub(crate) fn on_decision(
    a: &Alert,
    decision: &Decision,
    reviewer: &str,
    four_eyes: bool,
) -> Result<OnDecision, StoreError> {
    if reviewer.trim().is_empty() {
        return Err(StoreError::Invalid("a decision needs a reviewer".into()));
    }
    match decision {
        Decision::Dismiss { reason } => {
            if reason.trim().is_empty() {
                return Err(StoreError::Invalid(format!(
                    "alert {}: a dismissal needs a reason",
                    a.id
                )));
            }
            if a.status == AlertStatus::Dismissed {
                return Err(StoreError::Conflict(format!(
                    "alert {} is already dismissed",
                    a.id
                )));
            }
            Ok(OnDecision::Decide {
                status: AlertStatus::Dismissed,
                decided_by: reviewer.trim().to_string(),
                action: "dismissed",
            })
        }
        Decision::Confirm { .. } => {
            match a.status {
                AlertStatus::Confirmed => {
                    return Err(StoreError::Conflict(format!(
                        "alert {} is already confirmed",
                        a.id
                    )))
                }
                AlertStatus::Delisted => {
                    return Err(StoreError::Conflict(format!(
                    "alert {}: the entity is no longer listed; dismiss it or wait for it to reopen",
                    a.id
                )))
                }
                AlertStatus::Open | AlertStatus::Dismissed => {}
            }
            if !four_eyes {
                return Ok(OnDecision::Decide {
                    status: AlertStatus::Confirmed,
                    decided_by: reviewer.trim().to_string(),
                    action: "confirmed",
                });
            }
            match &a.pending_confirmation_by {
                None => Ok(OnDecision::RequestConfirmation),
                Some(first) if same_reviewer(first, reviewer) => Err(StoreError::Conflict(format!(
                    "alert {}: four-eyes confirmation needs a second, different reviewer; {} already confirmed it",
                    a.id, first
                ))),
                Some(first) => Ok(OnDecision::Decide {
                    status: AlertStatus::Confirmed,
                    decided_by: format!("{}, {}", first, reviewer.trim()),
                    action: "confirmed",
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::types::AlertId;
    use chrono::Utc;

    fn alert(status: AlertStatus) -> Alert {
        let v: denylist_model::VersionId = "ab".repeat(32).parse().unwrap();
        Alert {
            id: AlertId(1),
            customer_id: "C1".into(),
            entity_id: "us-ofac-sdn:48060".parse().unwrap(),
            source: "us-ofac-sdn".parse().unwrap(),
            status,
            score: 0.9,
            entity_name: "DILIAN, Tal Jonathan".into(),
            customer_name: "Tal Dilian".into(),
            matched_name: "DILIAN, Tal Jonathan".into(),
            explanation: serde_json::Value::Null,
            raised_by_version: v.clone(),
            last_version: v,
            customer_hash: "c1".into(),
            entity_hash: "e1".into(),
            pending_confirmation_by: None,
            decided_by: None,
            decided_at: None,
            decision_reason: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn obs(score: f64, c: &str, e: &str) -> MatchObservation {
        let a = alert(AlertStatus::Open);
        MatchObservation {
            customer_id: a.customer_id,
            entity_id: a.entity_id,
            score,
            entity_name: a.entity_name,
            customer_name: a.customer_name,
            matched_name: a.matched_name,
            explanation: serde_json::Value::Null,
            version: a.last_version,
            customer_hash: c.into(),
            entity_hash: e.into(),
        }
    }

    #[test]
    fn matches_raise_refresh_and_reopen() {
        assert_eq!(on_match(None, &obs(0.9, "c1", "e1")), OnMatch::Raise);
        let open = alert(AlertStatus::Open);
        assert_eq!(
            on_match(Some(&open), &obs(0.9, "c2", "e1")),
            OnMatch::Refresh { rescored: false }
        );
        assert_eq!(
            on_match(Some(&alert(AlertStatus::Confirmed)), &obs(0.8, "c1", "e1")),
            OnMatch::Refresh { rescored: true }
        );
        let dismissed = alert(AlertStatus::Dismissed);
        assert_eq!(
            on_match(Some(&dismissed), &obs(0.95, "c1", "e1")),
            OnMatch::StayDismissed
        );
        assert_eq!(
            on_match(Some(&dismissed), &obs(0.9, "c2", "e1")),
            OnMatch::Reopen {
                reason: "customer changed".into()
            }
        );
        assert_eq!(
            on_match(Some(&dismissed), &obs(0.9, "c1", "e2")),
            OnMatch::Reopen {
                reason: "entity changed".into()
            }
        );
        assert!(matches!(
            on_match(Some(&alert(AlertStatus::Delisted)), &obs(0.9, "c1", "e1")),
            OnMatch::Reopen { .. }
        ));
    }

    #[test]
    fn delisting_closes_open_and_confirmed_only() {
        assert!(closes_on_delisting(&alert(AlertStatus::Open)));
        assert!(closes_on_delisting(&alert(AlertStatus::Confirmed)));
        assert!(!closes_on_delisting(&alert(AlertStatus::Dismissed)));
        assert!(!closes_on_delisting(&alert(AlertStatus::Delisted)));
    }

    #[test]
    fn decisions() {
        let open = alert(AlertStatus::Open);
        let confirm = Decision::Confirm { reason: None };
        let dismiss = Decision::Dismiss {
            reason: "different DOB".into(),
        };
        assert!(matches!(
            on_decision(&open, &confirm, "ann", false).unwrap(),
            OnDecision::Decide {
                status: AlertStatus::Confirmed,
                ..
            }
        ));
        assert!(matches!(
            on_decision(
                &open,
                &Decision::Dismiss { reason: " ".into() },
                "ann",
                false
            ),
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            on_decision(&open, &dismiss, " ", false),
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            on_decision(&alert(AlertStatus::Dismissed), &dismiss, "ann", false),
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            on_decision(&alert(AlertStatus::Delisted), &confirm, "ann", false),
            Err(StoreError::Conflict(_))
        ));

        // Four eyes.
        assert_eq!(
            on_decision(&open, &confirm, "ann", true).unwrap(),
            OnDecision::RequestConfirmation
        );
        let mut pending = open.clone();
        pending.pending_confirmation_by = Some("ann".into());
        let err = on_decision(&pending, &confirm, " ANN ", true).unwrap_err();
        assert!(
            err.to_string().contains("second, different reviewer"),
            "{err}"
        );
        assert_eq!(
            on_decision(&pending, &confirm, "bob", true).unwrap(),
            OnDecision::Decide {
                status: AlertStatus::Confirmed,
                decided_by: "ann, bob".into(),
                action: "confirmed"
            }
        );
        // A dismissal needs one reviewer even with four eyes.
        assert!(matches!(
            on_decision(&pending, &dismiss, "ann", true).unwrap(),
            OnDecision::Decide {
                status: AlertStatus::Dismissed,
                ..
            }
        ));
    }
}
