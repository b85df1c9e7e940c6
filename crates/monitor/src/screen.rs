//! Forward screening: customers become [`Query`]s, screened against the
//! lists like `denylist screen` and `denylist batch` do, so an alert's score
//! is the score those commands print.

use std::collections::{HashMap, HashSet};

use denylist_matching::{Match, Query, ScreenOptions};
use denylist_model::{EntityId, FuzzyDate};
use denylist_store::{entity_digest, Customer, MatchObservation};
use rayon::prelude::*;

use crate::Lists;

/// The queries of a customer, one per name: the name, the kind as schema,
/// the first birth date, the countries (codes or names; unknown names are
/// ignored) and the identifiers.
pub fn customer_queries(c: &Customer) -> Vec<Query> {
    c.names
        .iter()
        .map(|name| {
            let mut q = Query::new(name.clone());
            q.schema = c.kind;
            q.birth_date = c.birth_dates.first().copied().map(FuzzyDate::on);
            for country in &c.countries {
                q = q.with_country(country);
            }
            for id in &c.identifiers {
                q = q.with_identifier(id.clone());
            }
            q
        })
        .collect()
}

/// Screens customers against the lists on all cores and returns one
/// observation per (customer, entity) pair at or above `opts.threshold`
/// (the best of the customer's names), only for the entities in `only` when
/// given.
pub fn screen_customers(
    lists: &Lists,
    customers: &[&Customer],
    opts: &ScreenOptions,
    only: Option<&HashSet<EntityId>>,
) -> Vec<MatchObservation> {
    let mut owners: Vec<u32> = Vec::new();
    let mut queries: Vec<Query> = Vec::new();
    for (i, c) in customers.iter().enumerate() {
        for q in customer_queries(c) {
            owners.push(i as u32);
            queries.push(q);
        }
    }
    let results = lists.matcher.screen_many(&queries, opts);
    // Best match per (customer, entity), with the customer name that gave it.
    type Pair<'a> = ((u32, &'a EntityId), (&'a Match, &'a str));
    let mut best: HashMap<(u32, &EntityId), (&Match, &str)> = HashMap::new();
    for ((owner, q), matches) in owners.iter().zip(&queries).zip(&results) {
        for m in matches {
            if only.is_some_and(|set| !set.contains(&m.entity_id)) {
                continue;
            }
            let slot = best.entry((*owner, &m.entity_id)).or_insert((m, &q.name));
            if m.score > slot.0.score {
                *slot = (m, &q.name);
            }
        }
    }
    let mut pairs: Vec<Pair<'_>> = best.into_iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let hashes: Vec<String> = customers.par_iter().map(|c| c.screening_hash()).collect();
    pairs
        .into_par_iter()
        .filter_map(|((owner, entity_id), (m, name))| {
            let entity = lists.matcher.entity(entity_id)?;
            let version = lists.version_of(entity_id)?.clone();
            Some(MatchObservation {
                customer_id: customers[owner as usize].id.clone(),
                entity_id: entity_id.clone(),
                score: m.score,
                entity_name: m.name.clone(),
                customer_name: name.to_string(),
                matched_name: m.matched_name.clone(),
                explanation: serde_json::to_value(&m.explanation).unwrap_or_default(),
                version,
                customer_hash: hashes[owner as usize].clone(),
                entity_hash: entity_digest(entity),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use denylist_model::{Entity, Name, PartialDate, Schema};

    fn lists() -> Lists {
        let mut tal = Entity::new("us-ofac-sdn:48060".parse().unwrap(), Schema::Person);
        tal.names.push(Name::primary("DILIAN, Tal Jonathan"));
        tal.birth_dates
            .push(FuzzyDate::on(PartialDate::day(1961, 8, 21).unwrap()));
        let mut other = Entity::new("us-ofac-sdn:1".parse().unwrap(), Schema::Person);
        other.names.push(Name::primary("SMITH, John"));
        let v = denylist_model::ListVersion {
            id: "ab".repeat(32).parse().unwrap(),
            source: "us-ofac-sdn".parse().unwrap(),
            format: "us-ofac-csv".into(),
            published: None,
            imported_at: chrono::Utc::now(),
            entity_count: 2,
            files: Vec::new(),
        };
        Lists::from_entities(vec![v], vec![tal, other])
    }

    #[test]
    fn best_name_per_pair_and_filter() {
        let lists = lists();
        let mut c = Customer::new("C1", "Tal Dilian");
        c.names.push("T. Dilian".into());
        c.kind = Some(Schema::Person);
        c.birth_dates.push(PartialDate::year(1961));
        let queries = customer_queries(&c);
        assert_eq!(queries.len(), 2);
        assert_eq!(queries[0].schema, Some(Schema::Person));
        assert!(queries[0].birth_date.is_some());

        let opts = ScreenOptions::default();
        let obs = screen_customers(&lists, &[&c], &opts, None);
        assert_eq!(obs.len(), 1, "{obs:?}");
        assert_eq!(obs[0].entity_id.as_str(), "us-ofac-sdn:48060");
        assert_eq!(obs[0].customer_name, "Tal Dilian");
        assert_eq!(obs[0].customer_hash, c.screening_hash());
        // The score is the matcher's score for the best name.
        let direct = lists.matcher.screen(&queries[0], &opts);
        assert_eq!(obs[0].score, direct[0].score);

        let only: HashSet<EntityId> = ["us-ofac-sdn:1".parse().unwrap()].into_iter().collect();
        assert!(screen_customers(&lists, &[&c], &opts, Some(&only)).is_empty());
    }
}
