//! Prometheus metrics, hand-written: requests by route and status, a latency
//! histogram, matches returned and the list versions in the index.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// Latency histogram bucket bounds, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

/// Counters of the running server.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
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
        if let Ok(mut m) = self.requests.lock() {
            *m.entry((route.to_string(), status)).or_default() += 1;
        }
        if let Ok(mut m) = self.latency.lock() {
            let h = m.entry(route.to_string()).or_default();
            for (i, b) in BUCKETS.iter().enumerate() {
                if seconds <= *b {
                    h.counts[i] += 1;
                }
            }
            h.sum += seconds;
            h.count += 1;
        }
    }

    /// Adds screened queries and their matches.
    pub fn add_matches(&self, queries: u64, matches: u64) {
        self.queries.fetch_add(queries, Ordering::Relaxed);
        self.matches.fetch_add(matches, Ordering::Relaxed);
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self, state: &AppState) -> String {
        let mut out = String::new();
        out.push_str("# HELP denylist_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE denylist_http_requests_total counter\n");
        if let Ok(m) = self.requests.lock() {
            for ((route, status), n) in m.iter() {
                let _ = writeln!(
                    out,
                    "denylist_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP denylist_http_request_duration_seconds Request latency.\n");
        out.push_str("# TYPE denylist_http_request_duration_seconds histogram\n");
        if let Ok(m) = self.latency.lock() {
            for (route, h) in m.iter() {
                for (i, b) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "denylist_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {}",
                        h.counts[i]
                    );
                }
                let _ = writeln!(
                    out,
                    "denylist_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
                     denylist_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
                     denylist_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                    h.count, h.sum, h.count
                );
            }
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
        }
        out
    }
}

/// Middleware recording every request.
pub(crate) async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let start = Instant::now();
    let resp = next.run(req).await;
    state.metrics.observe(
        &route,
        resp.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    resp
}

/// `GET /metrics`.
pub(crate) async fn handler(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(&state),
    )
        .into_response()
}
