//! Prometheus metrics, hand-written: requests by route and status, a latency
//! histogram by route, queries and matches, and the list versions in the
//! index with their ages.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::{version_date, AppState};

/// Latency histogram bucket bounds, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0, 5.0, 30.0,
];

/// Counts of one route.
#[derive(Debug, Default, Clone)]
struct RouteStats {
    by_status: BTreeMap<u16, u64>,
    /// Non-cumulative bucket counts (the last one is +Inf).
    buckets: [u64; BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

/// Counters of the running server.
#[derive(Debug, Default)]
pub struct Metrics {
    routes: Mutex<HashMap<String, RouteStats>>,
    /// Matches returned (at or above the match threshold).
    pub matches: AtomicU64,
    /// Queries screened.
    pub queries: AtomicU64,
    /// Index swaps.
    pub reloads: AtomicU64,
}

impl Metrics {
    /// Records one finished request.
    pub fn observe(&self, route: &str, status: u16, seconds: f64) {
        let Ok(mut routes) = self.routes.lock() else {
            return;
        };
        let stats = match routes.get_mut(route) {
            Some(s) => s,
            None => routes.entry(route.to_string()).or_default(),
        };
        *stats.by_status.entry(status).or_default() += 1;
        let bucket = BUCKETS
            .iter()
            .position(|b| seconds <= *b)
            .unwrap_or(BUCKETS.len());
        stats.buckets[bucket] += 1;
        stats.sum += seconds;
        stats.count += 1;
    }

    /// Adds screened queries and their matches.
    pub fn add_matches(&self, queries: u64, matches: u64) {
        self.queries.fetch_add(queries, Ordering::Relaxed);
        self.matches.fetch_add(matches, Ordering::Relaxed);
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self, state: &AppState) -> String {
        let routes: BTreeMap<String, RouteStats> = self
            .routes
            .lock()
            .map(|r| r.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        let mut out = String::new();
        out.push_str("# HELP denylist_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE denylist_http_requests_total counter\n");
        for (route, s) in &routes {
            for (status, n) in &s.by_status {
                let _ = writeln!(
                    out,
                    "denylist_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP denylist_http_request_duration_seconds Request latency by route.\n");
        out.push_str("# TYPE denylist_http_request_duration_seconds histogram\n");
        for (route, s) in &routes {
            let mut cumulative = 0;
            for (i, b) in BUCKETS.iter().enumerate() {
                cumulative += s.buckets[i];
                let _ = writeln!(
                    out,
                    "denylist_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "denylist_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
                 denylist_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
                 denylist_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                s.count, s.sum, s.count
            );
        }
        let counters = [
            ("denylist_queries_total", "Queries screened.", &self.queries),
            (
                "denylist_matches_total",
                "Matches at or above the threshold.",
                &self.matches,
            ),
            (
                "denylist_index_reloads_total",
                "Index swaps.",
                &self.reloads,
            ),
        ];
        for (name, help, v) in counters {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}",
                v.load(Ordering::Relaxed)
            );
        }
        let index = state.index();
        let _ = writeln!(
            out,
            "# HELP denylist_index_ready 1 once the screening index is built.\n# TYPE denylist_index_ready gauge\ndenylist_index_ready {}",
            u8::from(index.is_some())
        );
        if let Some(index) = index {
            let now = chrono::Utc::now();
            let _ = writeln!(
                out,
                "# HELP denylist_index_entities Entities in the screening index.\n# TYPE denylist_index_entities gauge\ndenylist_index_entities {}\n\
                 # HELP denylist_index_built_timestamp_seconds When the index in use was built (Unix time).\n# TYPE denylist_index_built_timestamp_seconds gauge\ndenylist_index_built_timestamp_seconds {}",
                index.matcher.len(),
                index.built_at.timestamp()
            );
            out.push_str("# HELP denylist_list_entities Entities of the indexed version of each list.\n# TYPE denylist_list_entities gauge\n");
            for v in &index.versions {
                let _ = writeln!(
                    out,
                    "denylist_list_entities{{source=\"{}\",version=\"{}\"}} {}",
                    v.source,
                    v.id.short(),
                    v.entity_count
                );
            }
            out.push_str("# HELP denylist_list_age_seconds Seconds since the indexed version of each list was imported.\n# TYPE denylist_list_age_seconds gauge\n");
            for v in &index.versions {
                let _ = writeln!(
                    out,
                    "denylist_list_age_seconds{{source=\"{}\"}} {}",
                    v.source,
                    (now - v.imported_at).num_seconds()
                );
            }
            out.push_str("# HELP denylist_list_published_age_seconds Seconds since the publication date of the indexed version of each list.\n# TYPE denylist_list_published_age_seconds gauge\n");
            for v in &index.versions {
                let published = version_date(v).and_time(chrono::NaiveTime::MIN).and_utc();
                let _ = writeln!(
                    out,
                    "denylist_list_published_age_seconds{{source=\"{}\"}} {}",
                    v.source,
                    (now - published).num_seconds()
                );
            }
        }
        out
    }
}

/// Middleware recording every request under its route pattern
/// (`/match/{dataset}`; `unmatched` for unknown paths).
pub(crate) async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().cloned();
    let start = Instant::now();
    let resp = next.run(req).await;
    state.metrics.observe(
        route.as_ref().map_or("unmatched", MatchedPath::as_str),
        resp.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    resp
}
