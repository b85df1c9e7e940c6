//! yente-compatible endpoints: `/match/{dataset}`, `/search/{dataset}`,
//! `/entities/{id}`, `/catalog`, `/algorithms`.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use denylist_matching::{Algorithm, Match, Query, ScreenOptions, DEFAULT_THRESHOLD};
use denylist_model::{Entity, EntityId, PartialDate, Schema, SourceId};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::{ApiError, ApiJson, AppState, Index};

/// The routes of this module.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/match/{dataset}", post(match_handler))
        .route("/search/{dataset}", get(search_handler))
        .route("/entities/{id}", get(entity_handler))
        .route("/catalog", get(catalog_handler))
        .route("/algorithms", get(algorithms_handler))
}

/// Collections every deployment has: all lists.
const COLLECTIONS: [&str; 2] = ["default", "sanctions"];

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
        None => Err(ApiError::NotFound(format!("dataset {name:?} not found"))),
    }
}

/// Parses an algorithm name (`best`, `denylist`, `ofac`...).
pub(crate) fn parse_algorithm(s: Option<&str>) -> Result<Algorithm, ApiError> {
    match s.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        None | Some("" | "best" | "default" | "denylist" | "logic-v1") => Ok(Algorithm::Denylist),
        Some("ofac" | "ofac-sls") => Ok(Algorithm::Ofac),
        Some(other) => Err(ApiError::BadRequest(format!(
            "unknown algorithm {other:?} (known: denylist, ofac)"
        ))),
    }
}

/// Repeated query parameters (`?exclude_dataset=a&exclude_dataset=b`).
#[derive(Debug, Default)]
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<String>) -> Result<Params, ApiError> {
        let raw = raw.unwrap_or_default();
        serde_urlencoded::from_str::<Vec<(String, String)>>(&raw)
            .map(Params)
            .map_err(|e| ApiError::BadRequest(format!("query string: {e}")))
    }
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    fn float(&self, key: &str, default: f64) -> Result<f64, ApiError> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => v
                .parse::<f64>()
                .ok()
                .filter(|f| (0.0..=1.0).contains(f))
                .ok_or_else(|| {
                    ApiError::BadRequest(format!("{key}: {v:?} is not a number in [0, 1]"))
                }),
        }
    }
    fn usize(&self, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .map(|n| n.min(max))
                .map_err(|_| ApiError::BadRequest(format!("{key}: {v:?} is not a count"))),
        }
    }
}

/// Which matches a request keeps.
struct Filter {
    datasets: Option<HashSet<SourceId>>,
    include: Vec<String>,
    exclude: Vec<String>,
    exclude_schema: Vec<Schema>,
    exclude_ids: HashSet<String>,
}

impl Filter {
    fn from_params(index: &Index, dataset: &str, p: &Params) -> Result<Filter, ApiError> {
        let mut exclude_schema = Vec::new();
        for s in p.all("exclude_schema") {
            exclude_schema.push(Schema::parse(s).ok_or_else(|| {
                ApiError::BadRequest(format!("exclude_schema: unknown schema {s:?}"))
            })?);
        }
        Ok(Filter {
            datasets: resolve_dataset(index, dataset)?,
            include: p
                .all("include_dataset")
                .into_iter()
                .map(String::from)
                .collect(),
            exclude: p
                .all("exclude_dataset")
                .into_iter()
                .map(String::from)
                .collect(),
            exclude_schema,
            exclude_ids: p
                .all("exclude_entity_ids")
                .into_iter()
                .map(String::from)
                .collect(),
        })
    }

    fn keep(&self, m: &Match) -> bool {
        let src = m.source.as_str();
        self.datasets.as_ref().is_none_or(|d| d.contains(&m.source))
            && (self.include.is_empty() || self.include.iter().any(|i| i == src))
            && !self.exclude.iter().any(|e| e == src)
            && !self.exclude_schema.contains(&m.schema)
            && !self.exclude_ids.contains(m.entity_id.as_str())
    }
}

/// One yente query: `{"schema": "Person", "properties": {"name": [...]}}`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct EntityQuery {
    #[serde(default)]
    schema: Option<String>,
    #[serde(default)]
    properties: BTreeMap<String, Vec<Value>>,
}

/// Properties read as identifiers.
const ID_PROPS: [&str; 12] = [
    "idNumber",
    "passportNumber",
    "imoNumber",
    "registrationNumber",
    "taxNumber",
    "innCode",
    "ogrnCode",
    "leiCode",
    "swiftBic",
    "mmsi",
    "callSign",
    "publicKey",
];

fn strings(v: Option<&Vec<Value>>) -> Vec<String> {
    v.map(|vs| {
        vs.iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

impl EntityQuery {
    /// One [`Query`] per name, sharing the other properties.
    fn to_queries(&self) -> Result<Vec<Query>, ApiError> {
        let schema = match self.schema.as_deref() {
            None | Some("Thing" | "LegalEntity" | "") => None,
            Some(s) => Some(
                Schema::parse(s)
                    .ok_or_else(|| ApiError::Unprocessable(format!("unknown schema {s:?}")))?,
            ),
        };
        let mut names = strings(self.properties.get("name"));
        names.extend(strings(self.properties.get("alias")));
        if names.is_empty() {
            return Err(ApiError::Unprocessable(
                "a query needs at least one properties.name".into(),
            ));
        }
        let birth = strings(self.properties.get("birthDate"))
            .into_iter()
            .chain(strings(self.properties.get("incorporationDate")))
            .find_map(|d| parse_date(&d));
        let mut countries = Vec::new();
        for key in ["nationality", "country", "citizenship", "jurisdiction"] {
            countries.extend(strings(self.properties.get(key)));
        }
        let mut ids = Vec::new();
        for key in ID_PROPS {
            ids.extend(strings(self.properties.get(key)));
        }
        Ok(names
            .into_iter()
            .map(|n| build_query(n, schema, birth, &countries, &ids))
            .collect())
    }
}

/// Parses `1952-10-07`, `1952-10` or `1952` (a longer timestamp is cut).
pub(crate) fn parse_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    s.parse::<PartialDate>()
        .ok()
        .or_else(|| s.get(..10).and_then(|d| d.parse().ok()))
}

pub(crate) fn build_query(
    name: String,
    schema: Option<Schema>,
    birth: Option<PartialDate>,
    countries: &[String],
    ids: &[String],
) -> Query {
    let mut q = Query::new(name);
    q.schema = schema;
    if let Some(d) = birth {
        q = q.with_birth_date(d);
    }
    for c in countries {
        q = q.with_country(c);
    }
    for i in ids {
        q = q.with_identifier(i.clone());
    }
    q
}

/// Screens every query (one per name) and keeps each entity's best match.
pub(crate) fn screen_names(
    index: &Index,
    queries: &[Query],
    opts: &ScreenOptions,
    keep: &dyn Fn(&Match) -> bool,
) -> Vec<Match> {
    let mut best: BTreeMap<EntityId, Match> = BTreeMap::new();
    for q in queries {
        for m in index.screen_filtered(q, opts, keep) {
            match best.get(&m.entity_id) {
                Some(b) if b.score >= m.score => {}
                _ => {
                    best.insert(m.entity_id.clone(), m);
                }
            }
        }
    }
    let mut out: Vec<Match> = best.into_values().collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.entity_id.as_str().cmp(b.entity_id.as_str()))
    });
    out.truncate(opts.limit);
    out
}

/// An entity as FollowTheMoney-style properties (lists of strings).
pub(crate) fn ftm_properties(e: &Entity) -> BTreeMap<String, Vec<String>> {
    let mut p: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut push = |k: &str, v: String| {
        let list = p.entry(k.to_string()).or_default();
        if !v.is_empty() && !list.contains(&v) {
            list.push(v);
        }
    };
    let primary = e.primary_name().map(str::to_string);
    for n in &e.names {
        if Some(&n.full) == primary.as_ref() {
            push("name", n.full.clone());
        } else if n.is_weak() {
            push("weakAlias", n.full.clone());
        } else {
            push("alias", n.full.clone());
        }
    }
    for t in &e.titles {
        push("title", t.clone());
    }
    if let Some(g) = &e.gender {
        push("gender", format!("{g:?}").to_ascii_lowercase());
    }
    for d in &e.birth_dates {
        let key = if e.schema == Schema::Person {
            "birthDate"
        } else {
            "incorporationDate"
        };
        push(key, d.from.to_string());
    }
    for pl in &e.birth_places {
        push("birthPlace", pl.text.clone());
    }
    for c in &e.nationalities {
        push("nationality", c.as_str().to_ascii_lowercase());
    }
    for c in &e.citizenships {
        push("citizenship", c.as_str().to_ascii_lowercase());
    }
    for c in &e.countries {
        push("country", c.as_str().to_ascii_lowercase());
    }
    for a in &e.addresses {
        push("address", a.one_line());
    }
    for i in &e.identifiers {
        use denylist_model::IdentifierKind as K;
        let key = match i.kind {
            K::Passport => "passportNumber",
            K::Imo => "imoNumber",
            K::TaxId => "taxNumber",
            K::Registration => "registrationNumber",
            K::SwiftBic => "swiftBic",
            K::Lei => "leiCode",
            K::Mmsi => "mmsi",
            K::CallSign => "callSign",
            K::CryptoAddress => "publicKey",
            K::Email => "email",
            K::Website => "website",
            K::Phone => "phone",
            _ => "idNumber",
        };
        push(key, i.value.clone());
    }
    for prog in &e.programs {
        push("programId", prog.clone());
    }
    if let Some(d) = &e.listed_on {
        push("createdAt", d.from.to_string());
    }
    for r in &e.remarks {
        push("notes", r.clone());
    }
    for (k, vs) in &e.properties {
        for v in vs {
            push(k, v.clone());
        }
    }
    p.retain(|_, v| !v.is_empty());
    p
}

/// An entity in yente's JSON shape, without score.
pub(crate) fn entity_json(e: &Entity) -> Value {
    json!({
        "id": e.id.as_str(),
        "schema": e.schema.as_str(),
        "caption": e.primary_name().unwrap_or(e.id.native()),
        "properties": ftm_properties(e),
        "datasets": [e.id.source_str()],
        "referents": [],
        "target": true,
    })
}

/// One yente result: the entity plus score, match flag and features.
pub(crate) fn result_json(index: &Index, m: &Match, threshold: f64) -> Value {
    let mut v = match index.matcher.entity(&m.entity_id) {
        Some(e) => entity_json(e),
        None => json!({
            "id": m.entity_id.as_str(),
            "schema": m.schema.as_str(),
            "caption": m.name,
            "properties": {"name": [m.name]},
            "datasets": [m.source.as_str()],
        }),
    };
    let mut features = serde_json::Map::new();
    features.insert("name".into(), json!(m.explanation.name_score));
    for f in &m.explanation.features {
        let key = serde_json::to_value(f.kind)
            .ok()
            .and_then(|k| k.as_str().map(String::from))
            .unwrap_or_default();
        features.insert(key, json!(f.effect));
    }
    if let Some(obj) = v.as_object_mut() {
        obj.insert("score".into(), json!(m.score));
        obj.insert("match".into(), json!(m.score >= threshold));
        obj.insert("features".into(), Value::Object(features));
        obj.insert("explanation".into(), json!(m.explanation));
        obj.insert("explanation_text".into(), json!(m.explanation.to_text()));
    }
    v
}

#[derive(Debug, Deserialize)]
struct MatchRequest {
    queries: BTreeMap<String, EntityQuery>,
}

async fn match_handler(
    State(state): State<AppState>,
    Path(dataset): Path<String>,
    RawQuery(raw): RawQuery,
    ApiJson(body): ApiJson<MatchRequest>,
) -> Result<Json<Value>, ApiError> {
    let index = state.ready_index()?;
    let p = Params::parse(raw)?;
    let filter = Filter::from_params(&index, &dataset, &p)?;
    if body.queries.len() > state.limits.max_queries {
        return Err(ApiError::Unprocessable(format!(
            "{} queries in one request; the limit is {}",
            body.queries.len(),
            state.limits.max_queries
        )));
    }
    if p.get("changed_since")
        .is_some_and(|d| parse_date(d).is_none())
    {
        return Err(ApiError::BadRequest("changed_since: not a date".into()));
    }
    let threshold = p.float("threshold", DEFAULT_THRESHOLD)?;
    let cutoff = p.float("cutoff", 0.5_f64.min(threshold))?;
    let limit = p.usize("limit", 5, state.limits.max_limit)?;
    let algorithm = parse_algorithm(p.get("algorithm"))?;
    let opts = ScreenOptions {
        threshold: cutoff,
        limit,
        algorithm,
    };
    let mut parsed = Vec::new();
    for (key, q) in &body.queries {
        let qs = q
            .to_queries()
            .map_err(|e| ApiError::Unprocessable(format!("query {key:?}: {e}")))?;
        parsed.push((key.clone(), q.clone(), qs));
    }
    let idx = Arc::clone(&index);
    let responses = tokio::task::spawn_blocking(move || {
        let mut responses = serde_json::Map::new();
        let mut n_matches = 0u64;
        for (key, q, qs) in &parsed {
            let found = screen_names(&idx, qs, &opts, &|m| filter.keep(m));
            n_matches += found.iter().filter(|m| m.score >= threshold).count() as u64;
            let results: Vec<Value> = found
                .iter()
                .map(|m| result_json(&idx, m, threshold))
                .collect();
            responses.insert(
                key.clone(),
                json!({
                    "status": 200,
                    "results": results,
                    "total": {"value": results.len(), "relation": "eq"},
                    "query": q,
                }),
            );
        }
        (responses, parsed.len() as u64, n_matches)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("screening task: {e}")))?;
    state.metrics.add_matches(responses.1, responses.2);
    Ok(Json(json!({
        "responses": responses.0,
        "limit": limit,
    })))
}

async fn search_handler(
    State(state): State<AppState>,
    Path(dataset): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let index = state.ready_index()?;
    let p = Params::parse(raw)?;
    let filter = Filter::from_params(&index, &dataset, &p)?;
    let q = p.get("q").unwrap_or("").trim().to_string();
    let limit = p.usize("limit", 10, state.limits.max_limit)?;
    let mut query = Query::new(q.clone());
    if let Some(s) = p.get("schema") {
        query.schema = Some(
            Schema::parse(s)
                .ok_or_else(|| ApiError::BadRequest(format!("unknown schema {s:?}")))?,
        );
    }
    let opts = ScreenOptions {
        threshold: p.float("cutoff", 0.5)?,
        limit,
        algorithm: parse_algorithm(p.get("algorithm"))?,
    };
    let idx = Arc::clone(&index);
    let found = if q.is_empty() {
        Vec::new()
    } else {
        tokio::task::spawn_blocking(move || idx.screen_filtered(&query, &opts, &|m| filter.keep(m)))
            .await
            .map_err(|e| ApiError::Internal(format!("search task: {e}")))?
    };
    let results: Vec<Value> = found
        .iter()
        .map(|m| result_json(&index, m, DEFAULT_THRESHOLD))
        .collect();
    Ok(Json(json!({
        "results": results,
        "total": {"value": results.len(), "relation": "eq"},
        "limit": limit,
        "offset": 0,
    })))
}

async fn entity_handler(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let eid: EntityId = id
        .parse()
        .map_err(|_| ApiError::NotFound(format!("entity {id:?} not found")))?;
    if let Some(e) = state
        .index()
        .as_ref()
        .and_then(|i| i.matcher.entity(&eid).cloned())
    {
        return Ok(Json(entity_json(&e)));
    }
    let record = state.store.entity(&eid, None).await?;
    let mut v = entity_json(&record.entity);
    if let Some(o) = v.as_object_mut() {
        o.insert("target".into(), json!(false));
    }
    Ok(Json(v))
}

async fn catalog_handler(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let index = state.ready_index()?;
    let lists: Vec<Value> = index
        .versions
        .iter()
        .map(|v| {
            json!({
                "name": v.source.as_str(),
                "title": v.source.as_str(),
                "type": "source",
                "version": v.id.as_str(),
                "published": v.published,
                "last_export": v.imported_at,
                "entity_count": v.entity_count,
                "load": true,
            })
        })
        .collect();
    let all: Vec<&str> = index.versions.iter().map(|v| v.source.as_str()).collect();
    let total: u64 = index.versions.iter().map(|v| v.entity_count).sum();
    let mut datasets: Vec<Value> = COLLECTIONS
        .iter()
        .map(|c| {
            json!({
                "name": c,
                "title": if *c == "default" { "All lists" } else { "Sanctions lists" },
                "type": "collection",
                "children": all,
                "entity_count": total,
                "load": true,
            })
        })
        .collect();
    datasets.extend(lists);
    Ok(Json(json!({
        "datasets": datasets,
        "current": all,
        "outdated": [],
        "index_built_at": index.built_at,
    })))
}

async fn algorithms_handler() -> Json<Value> {
    Json(json!({
        "algorithms": [
            {"name": "denylist", "description": "denylist's explainable multi-script name matcher with date, country and identifier evidence; scores in [0, 1]", "features": ["name", "birth_date", "country", "identifier", "schema"]},
            {"name": "ofac", "description": "an emulation of OFAC's Sanctions List Search: Jaro-Winkler and Soundex on the name only", "features": ["name"]},
        ],
        "default": "denylist",
        "best": "denylist",
    }))
}
