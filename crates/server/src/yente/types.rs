//! Request and response bodies of the yente-compatible endpoints, in yente's
//! field names.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use utoipa::ToSchema;

/// `POST /match/{dataset}` body: named queries.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"queries": {"q1": {"schema": "Person", "properties": {
    "name": ["Vladimir Putin"], "birthDate": ["1952-10-07"], "nationality": ["ru"]}}}}))]
pub(crate) struct MatchRequest {
    /// Queries by a key of the caller's choice; each answer comes back under
    /// the same key.
    pub queries: BTreeMap<String, EntityExample>,
    /// Accepted for compatibility with yente and ignored: denylist's
    /// weights are fixed.
    #[serde(default)]
    #[allow(dead_code)]
    pub weights: BTreeMap<String, f64>,
}

/// One entity to match: a schema and FollowTheMoney properties.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub(crate) struct EntityExample {
    /// The caller's id for the query, echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Person`, `Organization`, `Company`, `Vessel`, `Aircraft`, or
    /// `Thing` / `LegalEntity` (any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Property values by FollowTheMoney name (`name`, `alias`,
    /// `birthDate`, `nationality`, `country`, `passportNumber`...); a value
    /// may be a string or a list of strings.
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, Vec<String>>)]
    pub properties: BTreeMap<String, Values>,
}

/// Property values: a JSON string, number or list of them (other values are
/// dropped).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub(crate) struct Values(pub Vec<String>);

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        /// One element of a list: kept when it is a string or a number.
        struct Item(Option<String>);
        impl<'de> Deserialize<'de> for Item {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(Item(scalar(serde_json::Value::deserialize(d)?)))
            }
        }
        fn scalar(v: serde_json::Value) -> Option<String> {
            match v {
                serde_json::Value::String(s) => Some(s),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        }
        impl<'de> Visitor<'de> for V {
            type Value = Values;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Values, E> {
                Ok(Values(vec![v.to_string()]))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Values, E> {
                Ok(Values(vec![v]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Values, E> {
                Ok(Values(vec![v.to_string()]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Values, E> {
                Ok(Values(vec![v.to_string()]))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Values, E> {
                Ok(Values(vec![v.to_string()]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Values, E> {
                Ok(Values(Vec::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Values, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(1));
                while let Some(Item(v)) = seq.next_element()? {
                    out.extend(v);
                }
                Ok(Values(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl Values {
    /// The trimmed non-empty values.
    pub fn strings(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

/// `POST /match/{dataset}` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MatchResponse {
    /// One answer per query key.
    pub responses: BTreeMap<String, EntityMatches>,
    /// The features the scores are made of.
    #[schema(value_type = BTreeMap<String, FeatureDoc>)]
    pub matcher: &'static RawValue,
    /// The `limit` applied.
    pub limit: usize,
}

/// The answer to one query.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EntityMatches {
    /// Always 200 (a bad query fails the whole request).
    pub status: u16,
    /// Best first, at most `limit`, scores at or above `cutoff`.
    pub results: Vec<ScoredEntity>,
    /// How many results there are.
    pub total: Total,
    /// The query as read.
    pub query: EntityExample,
}

/// A result count, as yente gives it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Total {
    /// The count.
    pub value: usize,
    /// Always `eq`.
    pub relation: String,
}

impl Total {
    pub fn eq(value: usize) -> Total {
        Total {
            value,
            relation: "eq".into(),
        }
    }
}

/// A listed entity in yente's shape.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct EntityResponse {
    /// `<source>:<native id>`, e.g. `us-ofac-sdn:48060`.
    #[schema(example = "us-ofac-sdn:48060")]
    pub id: String,
    /// The primary name.
    pub caption: String,
    /// `Person`, `Organization`, `Company`, `Vessel` or `Aircraft`.
    pub schema: String,
    /// FollowTheMoney properties: `name`, `alias`, `weakAlias`,
    /// `birthDate`, `nationality`, `passportNumber`, `programId`...
    // Serialized once per entity when the index is built.
    #[schema(value_type = BTreeMap<String, Vec<String>>)]
    pub properties: Box<RawValue>,
    /// The list it is on (a source id).
    pub datasets: Vec<String>,
    /// Always empty (denylist does not merge entities across lists).
    pub referents: Vec<String>,
    /// True while it is listed in the latest version of its list.
    pub target: bool,
    /// The publication date of the first version that listed it.
    #[schema(value_type = Option<String>, example = "2021-05-22T00:00:00")]
    pub first_seen: Option<NaiveDateTime>,
    /// The publication date of the last version that listed it.
    #[schema(value_type = Option<String>, example = "2024-07-02T00:00:00")]
    pub last_seen: Option<NaiveDateTime>,
    /// The publication date of the version in which it was last added or
    /// changed (what `changed_since` compares).
    #[schema(value_type = Option<String>, example = "2024-03-05T00:00:00")]
    pub last_change: Option<NaiveDateTime>,
}

/// A result of `/match` or `/search`: the entity, its score and why.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ScoredEntity {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityResponse,
    /// In [0, 1].
    pub score: f64,
    /// The name score and the effect of every other piece of evidence, by
    /// feature name (see `matcher`).
    pub features: BTreeMap<String, f64>,
    /// True when `score` is at or above `threshold`.
    #[serde(rename = "match")]
    pub is_match: bool,
    /// Each feature's score with a one-line reason.
    pub explanations: BTreeMap<String, FeatureResult>,
    /// The full token-by-token explanation (see docs/MATCHING.md).
    #[schema(value_type = Object)]
    pub explanation: denylist_matching::Explanation,
    /// The explanation as text, for an analyst.
    pub explanation_text: String,
}

/// One feature's contribution and why.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FeatureResult {
    /// The name score, or the change the feature made to the score.
    pub score: f64,
    /// Why (`same year`, `query "..." vs aka "..."`).
    pub detail: String,
}

/// What a feature measures, by feature name.
pub(crate) type FeatureDocs = BTreeMap<String, FeatureDoc>;

/// What a feature measures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct FeatureDoc {
    /// What it compares.
    pub description: String,
    /// Its weight in the score: features add their effect directly.
    pub coefficient: f64,
    /// Where it is documented.
    pub url: String,
}

/// `GET /search/{dataset}` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SearchResponse {
    /// Best first.
    pub results: Vec<ScoredEntity>,
    /// Always empty (no facets).
    #[schema(value_type = Object)]
    pub facets: BTreeMap<String, serde_json::Value>,
    /// How many results there are.
    pub total: Total,
    /// The `limit` applied.
    pub limit: usize,
    /// Always 0.
    pub offset: usize,
}

/// `GET /catalog` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CatalogResponse {
    /// The collections, then every list.
    pub datasets: Vec<DatasetInfo>,
    /// The lists the index holds.
    pub current: Vec<String>,
    /// Always empty.
    pub outdated: Vec<String>,
    /// True when the store has a newer version of a list than the index
    /// (until the next reload).
    pub index_stale: bool,
    /// When the index was built.
    #[schema(value_type = String)]
    pub index_built_at: DateTime<Utc>,
}

/// A dataset: a list or a collection of lists.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DatasetInfo {
    /// The name used in `/match/{dataset}`.
    pub name: String,
    /// A title.
    pub title: String,
    /// `collection` or `source`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The lists of a collection (empty for a source).
    pub children: Vec<String>,
    /// The indexed version id (a collection: the newest of its lists').
    pub version: String,
    /// The publication date of the indexed version (sources only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub published: Option<NaiveDate>,
    /// When the indexed version was imported (sources only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub last_export: Option<DateTime<Utc>>,
    /// Entities in the index.
    pub entity_count: u64,
    /// Always true: every list is loaded.
    pub load: bool,
    /// True when the index holds the latest stored version.
    pub index_current: bool,
}

/// `GET /algorithms` answer.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AlgorithmsResponse {
    /// The scoring algorithms.
    pub algorithms: Vec<AlgorithmInfo>,
    /// The algorithm used when none is given.
    pub default: String,
    /// The most accurate one (`best` resolves to it).
    pub best: String,
}

/// A scoring algorithm.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AlgorithmInfo {
    /// Its name, as `algorithm=`.
    pub name: String,
    /// What it does.
    pub description: String,
    /// The features it scores.
    pub features: FeatureDocs,
}
