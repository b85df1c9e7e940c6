//! Random sequences of imports checked against a plain in-memory model.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use common::*;
use denylist_model::{Entity, EntityId, VersionId};
use proptest::prelude::*;

/// Entity `n` in state `variant` (0..3): variants differ in different fields.
fn variant(n: u8, variant: u8) -> Entity {
    let mut e = person(&format!("{}", 100 + n), &format!("NAME, Number {n}"));
    match variant {
        0 => {}
        1 => e.programs.push("CYBER2".into()),
        _ => e.birth_dates.push(born(1960 + i32::from(n), 1, 2)),
    }
    e
}

/// One version: for each entity number, absent or in some variant.
fn version_strategy() -> impl Strategy<Value = BTreeMap<u8, u8>> {
    proptest::collection::btree_map(0u8..8, 0u8..3, 0..8)
}

/// The file bytes standing for a version: the same set gives the same bytes.
fn file_of(set: &BTreeMap<u8, u8>) -> String {
    format!("{set:?}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn imports_match_the_model(sets in proptest::collection::vec(version_strategy(), 1..7)) {
        block_on(async {
            let (_dir, store) = temp_store().await;
            // Model: versions in import order (first import of each set), and
            // every (entity, variant) stored so far.
            let mut model: Vec<(VersionId, BTreeMap<EntityId, Entity>)> = Vec::new();
            let mut stored: HashSet<(u8, u8)> = HashSet::new();
            for (i, set) in sets.iter().enumerate() {
                let file = file_of(set);
                let entities: Vec<Entity> = set.iter().map(|(&n, &v)| variant(n, v)).collect();
                let published = day(2024, 1, 1) + chrono::Days::new(i as u64);
                let out = store.import(request(&file, published, entities.clone())).await.unwrap();
                let id = version_of(&file);
                let known = model.iter().any(|(v, _)| v == &id);
                prop_assert_eq!(out.created, !known);
                if !known {
                    let fresh = set.iter().filter(|(&n, &v)| stored.insert((n, v))).count();
                    prop_assert_eq!(out.new_revisions, fresh);
                    prop_assert_eq!(out.reused_revisions, set.len() - fresh);
                    model.push((id.clone(), entities.into_iter().map(|e| (e.id.clone(), e)).collect()));
                }
            }

            let versions = store.versions(&sdn()).await.unwrap();
            let ids: Vec<&VersionId> = versions.iter().map(|v| &v.id).collect();
            let expected: Vec<&VersionId> = model.iter().map(|(v, _)| v).collect();
            prop_assert_eq!(ids, expected);

            for (k, (id, entities)) in model.iter().enumerate() {
                let got = store.entities(id).await.unwrap();
                let want: Vec<Entity> = entities.values().cloned().collect();
                prop_assert_eq!(&got, &want);

                // Diff against the previous version, checked with plain sets.
                let diff = store.diff(&sdn(), None, Some(id)).await.unwrap();
                let empty = BTreeMap::new();
                let before = if k == 0 { &empty } else { &model[k - 1].1 };
                let added: BTreeSet<&EntityId> =
                    entities.keys().filter(|e| !before.contains_key(*e)).collect();
                let removed: BTreeSet<&EntityId> =
                    before.keys().filter(|e| !entities.contains_key(*e)).collect();
                let changed: BTreeSet<&EntityId> = entities
                    .iter()
                    .filter(|(e, x)| before.get(*e).is_some_and(|b| b != *x))
                    .map(|(e, _)| e)
                    .collect();
                prop_assert_eq!(diff.added.iter().map(|e| &e.id).collect::<BTreeSet<_>>(), added);
                prop_assert_eq!(diff.removed.iter().map(|e| &e.id).collect::<BTreeSet<_>>(), removed);
                prop_assert_eq!(diff.changed.iter().map(|c| &c.id).collect::<BTreeSet<_>>(), changed);
                prop_assert!(diff.changed.iter().all(|c| !c.fields.is_empty()));
                prop_assert_eq!(
                    diff.unchanged,
                    entities.len() - diff.added.len() - diff.changed.len()
                );
            }

            // Every entity ever stored: its latest state and versions seen.
            let all: BTreeSet<&EntityId> = model.iter().flat_map(|(_, m)| m.keys()).collect();
            for id in all {
                let rec = store.entity(id, None).await.unwrap();
                let (last_version, last_state) = model
                    .iter()
                    .rev()
                    .find_map(|(v, m)| m.get(id).map(|e| (v, e)))
                    .unwrap();
                prop_assert_eq!(&rec.entity, last_state);
                prop_assert_eq!(&rec.version.id, last_version);
                let seen = model.iter().filter(|(_, m)| m.contains_key(id)).count();
                prop_assert_eq!(rec.history.versions_seen, seen);
            }
            store.close().await;
            Ok(())
        })?;
    }
}
