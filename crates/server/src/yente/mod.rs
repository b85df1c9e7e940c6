//! yente-compatible endpoints: `/match/{dataset}`, `/search/{dataset}`,
//! `/entities/{id}`, `/catalog`, `/algorithms`.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use axum::extract::{RawQuery, State};
use axum::Json;
use denylist_matching::{Algorithm, Match, Query, ScreenOptions, DEFAULT_THRESHOLD};
use denylist_model::{EntityId, PartialDate, Schema};
use serde_json::value::RawValue;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ErrorBody;
use crate::{ApiError, ApiJson, ApiPath, AppState, Index};

mod params;
mod properties;
mod types;

pub(crate) use params::{parse_algorithm, parse_date, resolve_dataset};
use params::{Filter, FilterParams, Params, ScoreParams, COLLECTIONS};
pub(crate) use properties::ftm_properties;
use properties::{delisted_response, entity_response};
use types::{
    AlgorithmInfo, AlgorithmsResponse, CatalogResponse, DatasetInfo, EntityExample, EntityMatches,
    EntityResponse, FeatureDoc, FeatureDocs, FeatureResult, MatchRequest, MatchResponse,
    ScoredEntity, SearchResponse, Total,
};

/// The routes of this module, documented.
pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(match_handler))
        .routes(routes!(search_handler))
        .routes(routes!(entity_handler))
        .routes(routes!(catalog_handler))
        .routes(routes!(algorithms_handler))
}

/// Queries screened on the request's own thread; larger requests go to
/// the blocking pool so that they do not hold up other requests.
const INLINE_QUERIES: usize = 4;

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

impl EntityExample {
    fn values(&self, key: &str) -> impl Iterator<Item = &str> {
        self.properties
            .get(key)
            .into_iter()
            .flat_map(|v| v.strings())
    }

    /// One [`Query`] per name, sharing the other properties.
    fn to_queries(&self) -> Result<Vec<Query>, ApiError> {
        let schema = match self.schema.as_deref().map(str::trim) {
            None | Some("Thing" | "LegalEntity" | "") => None,
            Some(s) => Some(
                Schema::parse(s)
                    .ok_or_else(|| ApiError::Unprocessable(format!("unknown schema {s:?}")))?,
            ),
        };
        let names: Vec<&str> = self.values("name").chain(self.values("alias")).collect();
        if names.is_empty() {
            return Err(ApiError::Unprocessable(
                "a query needs at least one properties.name".into(),
            ));
        }
        let birth = self
            .values("birthDate")
            .chain(self.values("incorporationDate"))
            .find_map(parse_date);
        let countries: Vec<&str> = ["nationality", "country", "citizenship", "jurisdiction"]
            .iter()
            .flat_map(|k| self.values(k))
            .collect();
        let ids: Vec<&str> = ID_PROPS.iter().flat_map(|k| self.values(k)).collect();
        Ok(names
            .into_iter()
            .map(|n| build_query(n, schema, birth, &countries, &ids))
            .collect())
    }
}

/// A matcher query from its parts.
pub(crate) fn build_query<S: AsRef<str>>(
    name: &str,
    schema: Option<Schema>,
    birth: Option<PartialDate>,
    countries: &[S],
    ids: &[S],
) -> Query {
    let mut q = Query::new(name);
    q.schema = schema;
    if let Some(d) = birth {
        q = q.with_birth_date(d);
    }
    for c in countries {
        q = q.with_country(c.as_ref());
    }
    for i in ids {
        q = q.with_identifier(i.as_ref());
    }
    q
}

/// Screens every query (one per name) and keeps each entity's best match.
fn screen_names(
    index: &Index,
    queries: &[Query],
    opts: &ScreenOptions,
    keep: &dyn Fn(&Match) -> bool,
) -> Vec<Match> {
    if let [q] = queries {
        return index.screen_filtered(q, opts, keep);
    }
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

/// The feature name of a piece of evidence (`birth_date`, `country`...).
fn feature_name(kind: denylist_matching::FeatureKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_else(|| format!("{kind:?}").to_ascii_lowercase())
}

/// One yente result: the entity plus score, match flag and features.
fn scored(index: &Index, m: Match, threshold: f64) -> ScoredEntity {
    let entity = match index.matcher.entity(&m.entity_id) {
        Some(e) => entity_response(Some(index), e),
        None => EntityResponse {
            id: m.entity_id.as_str().to_string(),
            caption: m.name.clone(),
            schema: m.schema.as_str().to_string(),
            properties: serde_json::value::to_raw_value(&BTreeMap::from([("name", [&m.name])]))
                .unwrap_or_default(),
            datasets: vec![m.source.as_str().to_string()],
            referents: Vec::new(),
            target: true,
            first_seen: None,
            last_seen: None,
            last_change: None,
        },
    };
    let x = &m.explanation;
    let mut features = BTreeMap::from([("name".to_string(), x.name_score)]);
    let mut explanations = BTreeMap::from([(
        "name".to_string(),
        FeatureResult {
            score: x.name_score,
            detail: format!(
                "query {:?} vs {} {:?}",
                x.query_name, x.name_kind, x.matched_name
            ),
        },
    )]);
    for f in &x.features {
        let key = feature_name(f.kind);
        features.insert(key.clone(), f.effect);
        explanations.insert(
            key,
            FeatureResult {
                score: f.effect,
                detail: f.note.clone(),
            },
        );
    }
    let explanation_text = m.explanation.to_text();
    ScoredEntity {
        entity,
        score: m.score,
        features,
        is_match: m.score >= threshold,
        explanations,
        explanation: m.explanation,
        explanation_text,
    }
}

/// [`feature_docs`] as JSON, serialized once per algorithm: every `/match`
/// answer carries it.
fn feature_docs_json(algorithm: Algorithm) -> &'static RawValue {
    static DOCS: LazyLock<[Box<RawValue>; 2]> = LazyLock::new(|| {
        [Algorithm::Denylist, Algorithm::Ofac]
            .map(|a| serde_json::value::to_raw_value(&feature_docs(a)).unwrap_or_default())
    });
    match algorithm {
        Algorithm::Denylist => &DOCS[0],
        Algorithm::Ofac => &DOCS[1],
    }
}

/// The features an algorithm scores, yente's `FeatureDocs`.
fn feature_docs(algorithm: Algorithm) -> FeatureDocs {
    const URL: &str = "https://github.com/denylist/denylist/blob/main/docs/MATCHING.md";
    let doc = |description: &str| FeatureDoc {
        description: description.to_string(),
        coefficient: 1.0,
        url: URL.to_string(),
    };
    let mut docs = BTreeMap::from([(
        "name".to_string(),
        doc("Similarity of the query name to the best listed name or alias (0-1), token by token across scripts"),
    )]);
    if algorithm == Algorithm::Denylist {
        for (name, description) in [
            ("birth_date", "Birth or incorporation dates: same day/month/year raises the score, dates far apart lower it"),
            ("country", "Nationality and country overlap raises the score a little, disjoint countries lower it"),
            ("identifier", "A shared passport, IMO, registration or other identifier; a decisive one sets the score to 1"),
            ("schema", "Related but different schemas (Organization vs Company) lower the score"),
            ("number", "Different numbers inside the names (vessel or company numbers) lower the score"),
            ("weak_alias", "A weak alias only matches when identical, and scores at most 0.85"),
            ("legal_form", "Different legal forms (Ltd vs GmbH) lower the score"),
        ] {
            docs.insert(name.to_string(), doc(description));
        }
    }
    docs
}

fn screen_options(
    p: &ScoreParams,
    default_limit: usize,
    max_limit: usize,
) -> Result<(ScreenOptions, f64), ApiError> {
    let threshold = p.threshold.unwrap_or(DEFAULT_THRESHOLD);
    let opts = ScreenOptions {
        threshold: p.cutoff.unwrap_or(0.5_f64.min(threshold)),
        limit: p.limit.unwrap_or(default_limit).min(max_limit),
        algorithm: parse_algorithm(p.algorithm.as_deref())?,
    };
    Ok((opts, threshold))
}

/// Screen entity queries (yente `/match`).
///
/// Each query is screened against the lists of `dataset`; every name and
/// alias of a query is screened and an entity keeps its best score.
#[utoipa::path(
    post,
    path = "/match/{dataset}",
    tag = "yente",
    params(
        ("dataset" = String, Path, description = "A source id (`us-ofac-sdn`) or a collection (`default`, `sanctions`)"),
        ScoreParams,
        FilterParams,
    ),
    request_body = MatchRequest,
    responses(
        (status = 200, description = "One answer per query", body = MatchResponse),
        (status = 400, description = "Malformed JSON or query parameter", body = ErrorBody),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
        (status = 404, description = "Unknown dataset", body = ErrorBody),
        (status = 413, description = "Body above the size limit", body = ErrorBody),
        (status = 415, description = "Body is not application/json", body = ErrorBody),
        (status = 422, description = "A query without a name, an unknown schema, too many queries", body = ErrorBody),
        (status = 503, description = "The index is not built yet", body = ErrorBody),
    ),
)]
async fn match_handler(
    State(state): State<AppState>,
    ApiPath(dataset): ApiPath<String>,
    RawQuery(raw): RawQuery,
    ApiJson(body): ApiJson<MatchRequest>,
) -> Result<Json<MatchResponse>, ApiError> {
    let index = state.ready_index()?;
    let p = Params::parse(raw.as_deref())?;
    let filter = Filter::new(&index, &dataset, &p.filter)?;
    if body.queries.len() > state.limits.max_queries {
        return Err(ApiError::Unprocessable(format!(
            "{} queries in one request; the limit is {}",
            body.queries.len(),
            state.limits.max_queries
        )));
    }
    let (opts, threshold) = screen_options(&p.score, 5, state.limits.max_limit)?;
    let mut parsed = Vec::with_capacity(body.queries.len());
    for (key, q) in body.queries {
        let qs = q
            .to_queries()
            .map_err(|e| ApiError::Unprocessable(format!("query {key:?}: {e}")))?;
        parsed.push((key, q, qs));
    }
    let n_queries = parsed.len() as u64;
    let run = move |index: &Index, parsed: Vec<(String, EntityExample, Vec<Query>)>| {
        let mut responses = BTreeMap::new();
        let mut n_matches = 0u64;
        for (key, query, qs) in parsed {
            let found = screen_names(index, &qs, &opts, &|m| filter.keep(index, m));
            n_matches += found.iter().filter(|m| m.score >= threshold).count() as u64;
            let results: Vec<ScoredEntity> = found
                .into_iter()
                .map(|m| scored(index, m, threshold))
                .collect();
            responses.insert(
                key,
                EntityMatches {
                    status: 200,
                    total: Total::eq(results.len()),
                    results,
                    query,
                },
            );
        }
        (responses, n_matches)
    };
    let (responses, n_matches) = if parsed.len() <= INLINE_QUERIES {
        run(&index, parsed)
    } else {
        let idx = Arc::clone(&index);
        tokio::task::spawn_blocking(move || run(&idx, parsed))
            .await
            .map_err(|e| ApiError::Internal(format!("screening task: {e}")))?
    };
    state.metrics.add_matches(n_queries, n_matches);
    Ok(Json(MatchResponse {
        responses,
        matcher: feature_docs_json(opts.algorithm),
        limit: opts.limit,
    }))
}

/// Search by name (yente `/search`).
///
/// Screens the name `q` against the lists of `dataset`.
#[utoipa::path(
    get,
    path = "/search/{dataset}",
    tag = "yente",
    params(
        ("dataset" = String, Path, description = "A source id or a collection (`default`, `sanctions`)"),
        ("q" = String, Query, description = "The name to search for"),
        ("schema" = Option<String>, Query, description = "`Person`, `Organization`, `Company`, `Vessel`, `Aircraft`"),
        ScoreParams,
        FilterParams,
    ),
    responses(
        (status = 200, description = "Results, best first", body = SearchResponse),
        (status = 400, description = "Bad query parameter", body = ErrorBody),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
        (status = 404, description = "Unknown dataset", body = ErrorBody),
        (status = 503, description = "The index is not built yet", body = ErrorBody),
    ),
)]
async fn search_handler(
    State(state): State<AppState>,
    ApiPath(dataset): ApiPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let index = state.ready_index()?;
    let p = Params::parse(raw.as_deref())?;
    let filter = Filter::new(&index, &dataset, &p.filter)?;
    let q = p.get("q").unwrap_or("").trim();
    let mut query = Query::new(q);
    if let Some(s) = p.get("schema").filter(|s| !s.trim().is_empty()) {
        query.schema = Some(
            Schema::parse(s)
                .ok_or_else(|| ApiError::BadRequest(format!("schema: unknown schema {s:?}")))?,
        );
    }
    let (opts, threshold) = screen_options(&p.score, 10, state.limits.max_limit)?;
    let found = if q.is_empty() {
        Vec::new()
    } else {
        index.screen_filtered(&query, &opts, &|m| filter.keep(&index, m))
    };
    state.metrics.add_matches(
        1,
        found.iter().filter(|m| m.score >= threshold).count() as u64,
    );
    let results: Vec<ScoredEntity> = found
        .into_iter()
        .map(|m| scored(&index, m, threshold))
        .collect();
    Ok(Json(SearchResponse {
        total: Total::eq(results.len()),
        limit: opts.limit,
        results,
        facets: BTreeMap::new(),
        offset: 0,
    }))
}

/// One entity (yente `/entities/{id}`).
///
/// An entity of the index (`"target": true`), else the latest stored
/// revision of a delisted entity (`"target": false`).
#[utoipa::path(
    get,
    path = "/entities/{id}",
    tag = "yente",
    params(("id" = String, Path, description = "An entity id, e.g. `us-ofac-sdn:48060`")),
    responses(
        (status = 200, description = "The entity", body = EntityResponse),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
        (status = 404, description = "Unknown entity", body = ErrorBody),
    ),
)]
async fn entity_handler(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<EntityResponse>, ApiError> {
    let eid: EntityId = id
        .parse()
        .map_err(|_| ApiError::NotFound(format!("entity {id:?} not found")))?;
    if let Some(index) = state.index() {
        if let Some(e) = index.matcher.entity(&eid) {
            return Ok(Json(entity_response(Some(&index), e)));
        }
    }
    let record = state.store.entity(&eid, None).await?;
    Ok(Json(delisted_response(&record)))
}

/// Datasets and their indexed versions (yente `/catalog`).
#[utoipa::path(
    get,
    path = "/catalog",
    tag = "yente",
    responses(
        (status = 200, description = "The collections and lists", body = CatalogResponse),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
        (status = 503, description = "The index is not built yet", body = ErrorBody),
    ),
)]
async fn catalog_handler(State(state): State<AppState>) -> Result<Json<CatalogResponse>, ApiError> {
    let index = state.ready_index()?;
    let stored: BTreeMap<String, String> = state
        .store
        .sources()
        .await?
        .into_iter()
        .map(|s| (s.source.to_string(), s.latest.id.to_string()))
        .collect();
    let current_in_store =
        |source: &str, version: &str| stored.get(source).is_none_or(|latest| latest == version);
    let all: Vec<String> = index
        .versions
        .iter()
        .map(|v| v.source.to_string())
        .collect();
    let total: u64 = index.versions.iter().map(|v| v.entity_count).sum();
    let index_stale = index
        .versions
        .iter()
        .any(|v| !current_in_store(v.source.as_str(), v.id.as_str()))
        || stored.keys().any(|s| !all.contains(s));
    let newest = index
        .versions
        .iter()
        .max_by_key(|v| v.imported_at)
        .map(|v| v.id.to_string())
        .unwrap_or_default();
    let mut datasets: Vec<DatasetInfo> = COLLECTIONS
        .iter()
        .map(|c| DatasetInfo {
            name: c.to_string(),
            title: if *c == "default" {
                "All lists"
            } else {
                "Sanctions lists"
            }
            .to_string(),
            kind: "collection".into(),
            children: all.clone(),
            version: newest.clone(),
            published: None,
            last_export: None,
            entity_count: total,
            load: true,
            index_current: !index_stale,
        })
        .collect();
    datasets.extend(index.versions.iter().map(|v| DatasetInfo {
        name: v.source.to_string(),
        title: v.source.to_string(),
        kind: "source".into(),
        children: Vec::new(),
        version: v.id.to_string(),
        published: v.published,
        last_export: Some(v.imported_at),
        entity_count: v.entity_count,
        load: true,
        index_current: current_in_store(v.source.as_str(), v.id.as_str()),
    }));
    Ok(Json(CatalogResponse {
        datasets,
        current: all,
        outdated: Vec::new(),
        index_stale,
        index_built_at: index.built_at,
    }))
}

/// The scoring algorithms (yente `/algorithms`).
#[utoipa::path(
    get,
    path = "/algorithms",
    tag = "yente",
    responses(
        (status = 200, description = "The algorithms", body = AlgorithmsResponse),
        (status = 401, description = "Missing or invalid API key", body = ErrorBody),
    ),
)]
async fn algorithms_handler() -> Json<AlgorithmsResponse> {
    Json(AlgorithmsResponse {
        algorithms: vec![
            AlgorithmInfo {
                name: "denylist".into(),
                description: "denylist's explainable multi-script name matcher with date, country and identifier evidence; scores in [0, 1]".into(),
                features: feature_docs(Algorithm::Denylist),
            },
            AlgorithmInfo {
                name: "ofac".into(),
                description: "an emulation of OFAC's Sanctions List Search: Jaro-Winkler and Soundex on the name only".into(),
                features: feature_docs(Algorithm::Ofac),
            },
        ],
        default: "denylist".into(),
        best: "denylist".into(),
    })
}
