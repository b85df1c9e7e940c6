//! Query parameters of `/match` and `/search`, read from the raw query
//! string so that filters can repeat (`?exclude_dataset=a&exclude_dataset=b`).

use std::collections::HashSet;

use chrono::NaiveDate;
use denylist_matching::{Algorithm, Match};
use denylist_model::{Schema, SourceId};
use utoipa::IntoParams;

use crate::{ApiError, Index};

/// Collections every deployment has: all lists.
pub(crate) const COLLECTIONS: [&str; 2] = ["default", "sanctions"];

/// The sources a dataset name covers: `None` = every list.
pub(crate) fn resolve_dataset(
    index: &Index,
    name: &str,
) -> Result<Option<HashSet<SourceId>>, ApiError> {
    if COLLECTIONS.contains(&name) {
        return Ok(None);
    }
    match index.versions.iter().find(|v| v.source.as_str() == name) {
        Some(v) => Ok(Some(HashSet::from([v.source.clone()]))),
        None => Err(ApiError::NotFound(format!(
            "dataset {name:?} not found (known: {}, {})",
            COLLECTIONS.join(", "),
            index
                .versions
                .iter()
                .map(|v| v.source.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Parses an algorithm name (`best`, `denylist`, `ofac`...).
pub(crate) fn parse_algorithm(s: Option<&str>) -> Result<Algorithm, ApiError> {
    match s.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        None | Some("" | "best" | "default" | "denylist" | "logic-v1" | "logic-v2") => {
            Ok(Algorithm::Denylist)
        }
        Some("ofac" | "ofac-sls") => Ok(Algorithm::Ofac),
        Some(other) => Err(ApiError::BadRequest(format!(
            "algorithm: unknown algorithm {other:?} (known: best, denylist, ofac)"
        ))),
    }
}

/// Parses `1952-10-07`, `1952-10` or `1952` (a longer timestamp is cut).
pub(crate) fn parse_date(s: &str) -> Option<denylist_model::PartialDate> {
    let s = s.trim();
    s.parse::<denylist_model::PartialDate>()
        .ok()
        .or_else(|| s.get(..10).and_then(|d| d.parse().ok()))
}

/// The raw `key=value` pairs of a query string.
struct Pairs(Vec<(String, String)>);

impl Pairs {
    fn parse(raw: Option<&str>) -> Result<Pairs, ApiError> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(raw.unwrap_or(""))
            .map(Pairs)
            .map_err(|e| ApiError::BadRequest(format!("query string: {e}")))
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(String::from)
            .collect()
    }

    fn score(&self, key: &str) -> Result<Option<f64>, ApiError> {
        self.get(key)
            .map(|v| {
                v.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|f| (0.0..=1.0).contains(f))
                    .ok_or_else(|| {
                        ApiError::BadRequest(format!("{key}: {v:?} is not a number in [0, 1]"))
                    })
            })
            .transpose()
    }

    fn count(&self, key: &str) -> Result<Option<usize>, ApiError> {
        self.get(key)
            .map(|v| {
                v.trim()
                    .parse::<usize>()
                    .map_err(|_| ApiError::BadRequest(format!("{key}: {v:?} is not a count")))
            })
            .transpose()
    }
}

/// How `/match` and `/search` score.
#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ScoreParams {
    /// Results scoring at or above it are flagged `"match": true` (0-1)
    /// [default: 0.70].
    #[param(minimum = 0.0, maximum = 1.0)]
    pub threshold: Option<f64>,
    /// Results scoring below it are not returned (0-1) [default: 0.5, or
    /// `threshold` when lower].
    #[param(minimum = 0.0, maximum = 1.0)]
    pub cutoff: Option<f64>,
    /// At most this many results per query [default: 5 for `/match`, 10
    /// for `/search`; capped at the server's limit, 500 by default].
    #[param(minimum = 0)]
    pub limit: Option<usize>,
    /// `best`, `denylist` (also `logic-v1`, `logic-v2`) or `ofac`
    /// [default: denylist].
    pub algorithm: Option<String>,
}

impl ScoreParams {
    fn from_pairs(p: &Pairs) -> Result<ScoreParams, ApiError> {
        let algorithm = p.get("algorithm").map(String::from);
        parse_algorithm(algorithm.as_deref())?;
        Ok(ScoreParams {
            threshold: p.score("threshold")?,
            cutoff: p.score("cutoff")?,
            limit: p.count("limit")?,
            algorithm,
        })
    }
}

/// Which results `/match` and `/search` keep. Each list parameter may be
/// repeated or comma-separated.
#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct FilterParams {
    /// Keep only results from these lists (source ids).
    #[param(required = false)]
    pub include_dataset: Vec<String>,
    /// Drop results from these lists (source ids).
    #[param(required = false)]
    pub exclude_dataset: Vec<String>,
    /// Drop results of these schemas (`Person`, `Organization`, `Vessel`...).
    #[param(required = false)]
    pub exclude_schema: Vec<String>,
    /// Drop these entities (`us-ofac-sdn:48060`).
    #[param(required = false)]
    pub exclude_entity_ids: Vec<String>,
    /// Keep only entities added or changed in a list version published on
    /// or after this date (`YYYY-MM-DD`; `YYYY-MM` and `YYYY` mean their
    /// first day; a timestamp is cut to its date).
    #[param(value_type = Option<String>, format = Date, example = "2024-01-01")]
    pub changed_since: Option<String>,
}

/// The parameters of one `/match` or `/search` request.
pub(crate) struct Params {
    pub score: ScoreParams,
    pub filter: FilterParams,
    pairs: Pairs,
}

impl Params {
    /// Reads and checks the query string.
    pub fn parse(raw: Option<&str>) -> Result<Params, ApiError> {
        let pairs = Pairs::parse(raw)?;
        let filter = FilterParams {
            include_dataset: pairs.all("include_dataset"),
            exclude_dataset: pairs.all("exclude_dataset"),
            exclude_schema: pairs.all("exclude_schema"),
            exclude_entity_ids: pairs.all("exclude_entity_ids"),
            changed_since: pairs.get("changed_since").map(String::from),
        };
        Ok(Params {
            score: ScoreParams::from_pairs(&pairs)?,
            filter,
            pairs,
        })
    }

    /// A parameter of the endpoint's own (`q`, `schema`).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.get(key)
    }
}

/// Which matches a request keeps.
pub(crate) struct Filter {
    datasets: Option<HashSet<SourceId>>,
    include: Vec<String>,
    exclude: Vec<String>,
    exclude_schema: Vec<Schema>,
    exclude_ids: HashSet<String>,
    changed_since: Option<NaiveDate>,
}

impl Filter {
    /// The filter of `dataset` and the filter parameters, checked.
    pub fn new(index: &Index, dataset: &str, p: &FilterParams) -> Result<Filter, ApiError> {
        let mut exclude_schema = Vec::new();
        for s in &p.exclude_schema {
            exclude_schema.push(Schema::parse(s).ok_or_else(|| {
                ApiError::BadRequest(format!("exclude_schema: unknown schema {s:?}"))
            })?);
        }
        let changed_since = match p.changed_since.as_deref() {
            None | Some("") => None,
            Some(d) => Some(
                parse_date(d)
                    .and_then(|d| {
                        NaiveDate::from_ymd_opt(
                            d.year,
                            d.month.unwrap_or(1).into(),
                            d.day.unwrap_or(1).into(),
                        )
                    })
                    .ok_or_else(|| {
                        ApiError::BadRequest(format!(
                            "changed_since: {d:?} is not a date (YYYY-MM-DD)"
                        ))
                    })?,
            ),
        };
        Ok(Filter {
            datasets: resolve_dataset(index, dataset)?,
            include: p.include_dataset.clone(),
            exclude: p.exclude_dataset.clone(),
            exclude_schema,
            exclude_ids: p.exclude_entity_ids.iter().cloned().collect(),
            changed_since,
        })
    }

    /// True when `m`, a match from `index`, passes every filter.
    pub fn keep(&self, index: &Index, m: &Match) -> bool {
        let src = m.source.as_str();
        self.datasets.as_ref().is_none_or(|d| d.contains(&m.source))
            && (self.include.is_empty() || self.include.iter().any(|i| i == src))
            && !self.exclude.iter().any(|e| e == src)
            && !self.exclude_schema.contains(&m.schema)
            && !self.exclude_ids.contains(m.entity_id.as_str())
            && self.changed_since.is_none_or(|since| {
                index
                    .dates(&m.entity_id)
                    .is_some_and(|d| d.last_change >= since)
            })
    }
}
