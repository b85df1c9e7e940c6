//! Differences between two list versions, down to the changed fields of each
//! changed entity.
//!
//! The store finds what changed by comparing revision row ids (an unchanged
//! entity keeps its revision row), and only decodes the revisions that
//! differ. This module holds the result types and the field-level
//! comparison; all of it serializes to JSON for `denylist diff --json`.

use std::collections::{BTreeMap, HashMap};

use denylist_model::{Entity, EntityId, ListVersion, SourceId};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One top-level field of an entity whose value changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's JSON name (`names`, `birth_dates`, `programs`...).
    pub field: String,
    /// The value before (`null` when the field was empty).
    pub before: Value,
    /// The value after (`null` when the field is now empty).
    pub after: Value,
}

/// An entity present in both versions with a different revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityChange {
    /// The entity.
    pub id: EntityId,
    /// Its primary name in the newer version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The changed top-level fields, in alphabetical order.
    pub fields: Vec<FieldChange>,
}

/// What changed in a list from one version to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListDiff {
    /// The list.
    pub source: SourceId,
    /// The older version; `None` when `to` is the first version, so every
    /// entity counts as added.
    pub from: Option<ListVersion>,
    /// The newer version.
    pub to: ListVersion,
    /// Entities only in `to`, by id.
    pub added: Vec<Entity>,
    /// Entities only in `from`, by id (as they were in `from`).
    pub removed: Vec<Entity>,
    /// Entities in both with changes, by id.
    pub changed: Vec<EntityChange>,
    /// Number of entities identical in both versions.
    pub unchanged: usize,
}

impl ListDiff {
    /// True when nothing was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// The top-level fields that differ between two states of an entity, by
/// their JSON names in alphabetical order. An empty or absent field is
/// `null`.
pub fn field_changes(before: &Entity, after: &Entity) -> Vec<FieldChange> {
    let before = to_fields(before);
    let mut after = to_fields(after);
    let mut out = Vec::new();
    for (field, b) in before {
        let a = after.remove(&field).unwrap_or(Value::Null);
        if a != b {
            out.push(FieldChange {
                field,
                before: b,
                after: a,
            });
        }
    }
    for (field, a) in after {
        out.push(FieldChange {
            field,
            before: Value::Null,
            after: a,
        });
    }
    out.sort_by(|x, y| x.field.cmp(&y.field));
    out
}

fn to_fields(e: &Entity) -> BTreeMap<String, Value> {
    match serde_json::to_value(e) {
        Ok(Value::Object(map)) => map.into_iter().collect(),
        // An entity always serializes to an object; anything else compares as
        // a single opaque field.
        Ok(other) => BTreeMap::from([("entity".to_string(), other)]),
        Err(e) => BTreeMap::from([("entity".to_string(), Value::String(e.to_string()))]),
    }
}

/// Builds a diff from the sorted revision ids of both versions and the
/// decoded revisions that are in one but not the other.
pub(crate) fn assemble(
    source: SourceId,
    from: Option<ListVersion>,
    to: ListVersion,
    from_ids: &[i64],
    to_ids: &[i64],
    revisions: &mut HashMap<i64, Entity>,
) -> ListDiff {
    let (only_from, only_to, common) = split(from_ids, to_ids);
    let mut before: BTreeMap<EntityId, Entity> = BTreeMap::new();
    for id in only_from {
        if let Some(e) = revisions.remove(&id) {
            before.insert(e.id.clone(), e);
        }
    }
    let mut added = Vec::new();
    let mut changed = Vec::new();
    let mut after: BTreeMap<EntityId, Entity> = BTreeMap::new();
    for id in only_to {
        if let Some(e) = revisions.remove(&id) {
            after.insert(e.id.clone(), e);
        }
    }
    for (id, new) in after {
        match before.remove(&id) {
            Some(old) => changed.push(EntityChange {
                name: new.primary_name().map(str::to_string),
                fields: field_changes(&old, &new),
                id,
            }),
            None => added.push(new),
        }
    }
    ListDiff {
        source,
        from,
        to,
        added,
        removed: before.into_values().collect(),
        changed,
        unchanged: common,
    }
}

/// Splits two sorted id lists into (only in a, only in b, count in both).
pub(crate) fn split(a: &[i64], b: &[i64]) -> (Vec<i64>, Vec<i64>, usize) {
    let (mut i, mut j, mut common) = (0, 0, 0);
    let (mut only_a, mut only_b) = (Vec::new(), Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                only_a.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                only_b.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    only_a.extend_from_slice(&a[i..]);
    only_b.extend_from_slice(&b[j..]);
    (only_a, only_b, common)
}

#[cfg(test)]
mod tests {
    use super::*;
    use denylist_model::{Name, Schema};

    fn person(id: &str, name: &str) -> Entity {
        let mut e = Entity::new(id.parse().unwrap(), Schema::Person);
        e.names.push(Name::primary(name));
        e
    }

    #[test]
    fn changed_fields_are_named() {
        let old = person("us-ofac-sdn:1", "DOE, John");
        let mut new = old.clone();
        new.programs.push("SDGT".into());
        new.remarks.push("Linked To: ACME.".into());
        new.names[0].full = "DOE, Jon".into();
        let changes = field_changes(&old, &new);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["names", "programs", "remarks"]);
        assert_eq!(changes[1].before, Value::Null);
        assert_eq!(changes[1].after, serde_json::json!(["SDGT"]));
        assert!(field_changes(&new, &new).is_empty());
        let back = field_changes(&new, &old);
        assert_eq!(back[1].after, Value::Null);
    }

    #[test]
    fn split_sorted_lists() {
        assert_eq!(
            split(&[1, 2, 4, 7], &[2, 3, 7, 9]),
            (vec![1, 4], vec![3, 9], 2)
        );
        assert_eq!(split(&[], &[1]), (vec![], vec![1], 0));
    }
}
