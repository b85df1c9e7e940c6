//! Downloads official list files over HTTP: conditional requests, timeouts,
//! retries with exponential backoff, redirects and a size limit.
//!
//! [`fetch`] gets one URL. With the `ETag` / `Last-Modified` of the previous
//! download in [`FetchOptions`] it sends `If-None-Match` /
//! `If-Modified-Since`, and an unchanged file comes back as
//! [`Fetched::NotModified`]. Server errors (5xx, 429), timeouts and
//! connection failures are retried with exponential backoff; other 4xx
//! answers fail at once. A body larger than [`FetchOptions::max_bytes`] is
//! abandoned as soon as the limit is passed, whether or not the server sent a
//! `Content-Length`. Redirects are followed (OFAC answers with a redirect to
//! a short-lived S3 link).
//!
//! This crate never parses what it downloads and never touches a database.
//!
//! ```no_run
//! use denylist_fetch::{fetch, FetchOptions, Fetched};
//!
//! let url = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV";
//! match fetch(url, &FetchOptions::default())? {
//!     Fetched::NotModified => println!("unchanged"),
//!     Fetched::Body { bytes, etag, .. } => println!("{} bytes, etag {etag:?}", bytes.len()),
//! }
//! # Ok::<(), denylist_fetch::FetchError>(())
//! ```

use std::io::Read;
use std::thread;
use std::time::Duration;

use reqwest::blocking::{Client, Response};
use reqwest::header::{
    HeaderMap, HeaderValue, CONTENT_LENGTH, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
};
use reqwest::StatusCode;
use tracing::{debug, info, instrument, warn};

/// How to fetch one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// Limit for one attempt: connecting, sending and reading the whole body.
    pub timeout: Duration,
    /// How many times a failed attempt is retried (0 = one attempt only).
    pub retries: u32,
    /// The wait before the first retry; it doubles for each further retry.
    pub backoff: Duration,
    /// The largest body accepted, in bytes.
    pub max_bytes: u64,
    /// The `ETag` of the last download, sent as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last download, sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// The `User-Agent` header.
    pub user_agent: String,
}

impl Default for FetchOptions {
    /// 60 s per attempt, 3 retries from 1 s, 256 MiB, no validators.
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(60),
            retries: 3,
            backoff: Duration::from_secs(1),
            max_bytes: 256 * 1024 * 1024,
            etag: None,
            last_modified: None,
            user_agent: concat!("denylist/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

/// The outcome of a successful fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The server answered 304: the file is unchanged since the validators
    /// given in [`FetchOptions`].
    NotModified,
    /// The file's bytes, with the validators to send next time.
    Body {
        /// The whole body (after any gzip content encoding is undone).
        bytes: Vec<u8>,
        /// The `ETag` header, if any.
        etag: Option<String>,
        /// The `Last-Modified` header, if any.
        last_modified: Option<String>,
    },
}

/// A download that failed, after any retries.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The URL cannot be used.
    #[error("{url}: invalid url: {message}")]
    InvalidUrl {
        /// The URL.
        url: String,
        /// Why.
        message: String,
    },
    /// The server answered with an error status.
    #[error("{url}: HTTP {status} after {attempts} attempt(s)")]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
        /// Attempts made.
        attempts: u32,
    },
    /// No complete answer arrived within the timeout.
    #[error("{url}: timed out after {timeout:?} ({attempts} attempt(s))")]
    Timeout {
        /// The URL.
        url: String,
        /// The per-attempt timeout.
        timeout: Duration,
        /// Attempts made.
        attempts: u32,
    },
    /// The server could not be reached, or the connection broke.
    #[error("{url}: connection failed after {attempts} attempt(s)")]
    Connection {
        /// The URL.
        url: String,
        /// Attempts made.
        attempts: u32,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The body is larger than the limit.
    #[error("{url}: body exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// Reading the body failed.
    #[error("{url}: reading the body failed after {attempts} attempt(s)")]
    Body {
        /// The URL.
        url: String,
        /// Attempts made.
        attempts: u32,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Any other client error (TLS set-up, redirect loop...).
    #[error("{url}: request failed")]
    Request {
        /// The URL.
        url: String,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
}

impl FetchError {
    /// The URL that failed.
    pub fn url(&self) -> &str {
        match self {
            FetchError::InvalidUrl { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::Timeout { url, .. }
            | FetchError::Connection { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::Body { url, .. }
            | FetchError::Request { url, .. } => url,
        }
    }
}

/// One attempt's failure, and whether it is worth retrying.
enum Attempt {
    Retry(FetchError),
    Fatal(FetchError),
}

/// Fetches `url`, following redirects, with conditional headers, retries and
/// the size limit of `options`.
///
/// Must not be called from inside an async runtime (it blocks).
#[instrument(skip_all, fields(url = %url))]
pub fn fetch(url: &str, options: &FetchOptions) -> Result<Fetched, FetchError> {
    let parsed = reqwest::Url::parse(url).map_err(|e| FetchError::InvalidUrl {
        url: url.to_string(),
        message: e.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FetchError::InvalidUrl {
            url: url.to_string(),
            message: format!("unsupported scheme {:?}", parsed.scheme()),
        });
    }
    let client = Client::builder()
        .timeout(options.timeout)
        .connect_timeout(options.timeout)
        .user_agent(options.user_agent.clone())
        .redirect(reqwest::redirect::Policy::limited(10))
        .build()
        .map_err(|source| FetchError::Request {
            url: url.to_string(),
            source,
        })?;
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        match fetch_once(&client, url, options, attempt) {
            Ok(fetched) => {
                match &fetched {
                    Fetched::NotModified => info!(attempt, "not modified"),
                    Fetched::Body { bytes, .. } => info!(attempt, bytes = bytes.len(), "fetched"),
                }
                return Ok(fetched);
            }
            Err(Attempt::Fatal(e)) => return Err(e),
            Err(Attempt::Retry(e)) => {
                if attempt > options.retries {
                    return Err(e);
                }
                let wait = backoff_delay(options.backoff, attempt);
                warn!(attempt, error = %e, wait_ms = wait.as_millis() as u64, "retrying");
                thread::sleep(wait);
            }
        }
    }
}

/// The wait before retry number `attempt` (1-based): `base * 2^(attempt-1)`,
/// capped at five minutes.
fn backoff_delay(base: Duration, attempt: u32) -> Duration {
    let factor = 1u32 << (attempt.saturating_sub(1)).min(16);
    base.saturating_mul(factor).min(Duration::from_secs(300))
}

fn fetch_once(
    client: &Client,
    url: &str,
    options: &FetchOptions,
    attempts: u32,
) -> Result<Fetched, Attempt> {
    let mut headers = HeaderMap::new();
    if let Some(etag) = options.etag.as_deref().and_then(header_value) {
        headers.insert(IF_NONE_MATCH, etag);
    }
    if let Some(lm) = options.last_modified.as_deref().and_then(header_value) {
        headers.insert(IF_MODIFIED_SINCE, lm);
    }
    let response = client
        .get(url)
        .headers(headers)
        .send()
        .map_err(|e| classify(url, options, attempts, e))?;
    let status = response.status();
    debug!(%status, final_url = %response.url(), "response");
    if status == StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    if !status.is_success() {
        let err = FetchError::Status {
            url: url.to_string(),
            status: status.as_u16(),
            attempts,
        };
        let retry = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
        return Err(if retry {
            Attempt::Retry(err)
        } else {
            Attempt::Fatal(err)
        });
    }
    let etag = header_text(&response, ETAG.as_str());
    let last_modified = header_text(&response, LAST_MODIFIED.as_str());
    let bytes = read_limited(response, url, options, attempts)?;
    Ok(Fetched::Body {
        bytes,
        etag,
        last_modified,
    })
}

fn header_value(s: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(s).ok()
}

fn header_text(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Reads the body, stopping as soon as more than `max_bytes` arrive.
fn read_limited(
    response: Response,
    url: &str,
    options: &FetchOptions,
    attempts: u32,
) -> Result<Vec<u8>, Attempt> {
    let limit = options.max_bytes;
    let too_large = || {
        Attempt::Fatal(FetchError::TooLarge {
            url: url.to_string(),
            limit,
        })
    };
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let capacity = declared.unwrap_or(0).min(limit).min(64 * 1024 * 1024) as usize;
    let mut bytes = Vec::with_capacity(capacity);
    // Read one byte past the limit to tell "exactly the limit" from "more".
    let mut reader = response.take(limit.saturating_add(1));
    match reader.read_to_end(&mut bytes) {
        Ok(_) => {}
        Err(e) => return Err(classify_io(url, options, attempts, e)),
    }
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

fn classify(url: &str, options: &FetchOptions, attempts: u32, e: reqwest::Error) -> Attempt {
    if e.is_timeout() {
        Attempt::Retry(FetchError::Timeout {
            url: url.to_string(),
            timeout: options.timeout,
            attempts,
        })
    } else if e.is_connect() || e.is_request() || e.is_body() {
        Attempt::Retry(FetchError::Connection {
            url: url.to_string(),
            attempts,
            source: e,
        })
    } else {
        Attempt::Fatal(FetchError::Request {
            url: url.to_string(),
            source: e,
        })
    }
}

fn classify_io(url: &str, options: &FetchOptions, attempts: u32, e: std::io::Error) -> Attempt {
    // reqwest's blocking reader reports its timeout as an io error wrapping a
    // reqwest::Error (or with kind TimedOut).
    let timed_out = e.kind() == std::io::ErrorKind::TimedOut
        || e.get_ref()
            .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
            .is_some_and(reqwest::Error::is_timeout);
    if timed_out {
        Attempt::Retry(FetchError::Timeout {
            url: url.to_string(),
            timeout: options.timeout,
            attempts,
        })
    } else {
        Attempt::Retry(FetchError::Body {
            url: url.to_string(),
            attempts,
            source: e,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_millis(100);
        assert_eq!(backoff_delay(base, 1), Duration::from_millis(100));
        assert_eq!(backoff_delay(base, 2), Duration::from_millis(200));
        assert_eq!(backoff_delay(base, 4), Duration::from_millis(800));
        assert_eq!(backoff_delay(base, 40), Duration::from_secs(300));
    }

    #[test]
    fn bad_scheme_is_rejected_without_network() {
        let err = fetch("ftp://example.org/sdn.csv", &FetchOptions::default()).unwrap_err();
        assert!(matches!(err, FetchError::InvalidUrl { .. }), "{err}");
        assert_eq!(err.url(), "ftp://example.org/sdn.csv");
    }
}
