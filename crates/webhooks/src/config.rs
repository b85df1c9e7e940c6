//! Where and how deliveries are sent: the receiver URL, the shared secret
//! (never shown), the request timeout and the retry backoff.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Url;
use serde::{Serialize, Serializer};

use crate::WebhookError;

/// The shortest accepted secret, in bytes.
pub const MIN_SECRET_LEN: usize = 16;

/// The shared HMAC secret. Its `Debug` and `Serialize` forms are
/// `[redacted]`, so it never reaches a log line or `config` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// A secret of at least [`MIN_SECRET_LEN`] bytes (surrounding
    /// whitespace, such as the newline of a secret file, is removed).
    pub fn new(secret: impl Into<String>) -> Result<Secret, WebhookError> {
        let s = secret.into();
        let trimmed = s.trim();
        if trimmed.len() < MIN_SECRET_LEN {
            return Err(WebhookError::Config(format!(
                "the webhook secret must be at least {MIN_SECRET_LEN} bytes (got {})",
                trimmed.len()
            )));
        }
        Ok(Secret(trimmed.to_string()))
    }

    /// The key bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("[redacted]")
    }
}

/// When a failed delivery is tried again: `first` after the first failure,
/// doubling with each further failure up to `max`, each delay shortened by
/// a random part of up to `jitter` (so receivers coming back are not hit by
/// every sender at once).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Backoff {
    /// Delay after the first failure.
    #[serde(serialize_with = "seconds")]
    pub first: Duration,
    /// Longest delay.
    #[serde(serialize_with = "seconds")]
    pub max: Duration,
    /// Fraction (0-1) of a delay that may be taken off at random.
    pub jitter: f64,
}

fn seconds<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl Default for Backoff {
    /// 10 s doubling up to 1 h, with 20 % jitter.
    fn default() -> Self {
        Backoff {
            first: Duration::from_secs(10),
            max: Duration::from_secs(3600),
            jitter: 0.2,
        }
    }
}

impl Backoff {
    /// The delay after the `failures`-th failed attempt of a delivery (1 for
    /// the first), with `random` in [0, 1) choosing the jitter: in
    /// `((1 - jitter) * d, d]` where `d = min(first * 2^(failures-1), max)`.
    ///
    /// ```
    /// use std::time::Duration;
    /// let b = denylist_webhooks::Backoff::default();
    /// assert_eq!(b.delay(1, 0.0), Duration::from_secs(10));
    /// assert_eq!(b.delay(3, 0.0), Duration::from_secs(40));
    /// assert_eq!(b.delay(30, 0.0), Duration::from_secs(3600));
    /// assert_eq!(b.delay(1, 0.5), Duration::from_secs(9));
    /// ```
    pub fn delay(&self, failures: u32, random: f64) -> Duration {
        let doublings = failures.saturating_sub(1).min(40);
        let full = self
            .first
            .checked_mul(1u32 << doublings.min(31))
            .unwrap_or(self.max)
            .min(self.max);
        let cut = self.jitter.clamp(0.0, 1.0) * random.clamp(0.0, 1.0);
        full.mul_f64(1.0 - cut)
    }

    /// When to try again after the `failures`-th failure at `now`, with a
    /// random jitter.
    pub fn next_attempt(&self, now: DateTime<Utc>, failures: u32) -> DateTime<Utc> {
        let delay = self.delay(failures, random_unit());
        now + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1))
    }
}

/// A random number in [0, 1) (0 when the system has no randomness: the
/// delay is then the full one, still correct).
fn random_unit() -> f64 {
    let mut raw = [0u8; 4];
    if getrandom::getrandom(&mut raw).is_err() {
        return 0.0;
    }
    f64::from(u32::from_le_bytes(raw)) / (f64::from(u32::MAX) + 1.0)
}

/// How deliveries are sent.
#[derive(Debug, Clone, Serialize)]
pub struct WebhookConfig {
    /// The receiver (`http://` or `https://`).
    #[serde(serialize_with = "url_str")]
    pub url: Url,
    /// The HMAC-SHA256 key shared with the receiver.
    pub secret: Secret,
    /// Limit for one delivery attempt (connect, send, response).
    #[serde(serialize_with = "seconds")]
    pub timeout: Duration,
    /// Retry delays.
    pub backoff: Backoff,
    /// Outbox rows read from the store at a time.
    pub batch: usize,
}

fn url_str<S: Serializer>(u: &Url, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(u.as_str())
}

impl WebhookConfig {
    /// A configuration with a 10 s timeout and the default [`Backoff`], or
    /// why the URL is unusable.
    pub fn new(url: &str, secret: Secret) -> Result<WebhookConfig, WebhookError> {
        let parsed = Url::parse(url.trim())
            .map_err(|e| WebhookError::Config(format!("webhook URL {url:?}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(WebhookError::Config(format!(
                "webhook URL {url:?}: must start with http:// or https://"
            )));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(WebhookError::Config(format!(
                "webhook URL {url:?}: no host"
            )));
        }
        Ok(WebhookConfig {
            url: parsed,
            secret,
            timeout: Duration::from_secs(10),
            backoff: Backoff::default(),
            batch: 100,
        })
    }

    /// The URL without credentials or query (for logs): `scheme://host:port/path`.
    pub fn display_url(&self) -> String {
        let mut u = self.url.clone();
        let _ = u.set_username("");
        let _ = u.set_password(None);
        u.set_query(None);
        u.set_fragment(None);
        u.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_the_cap_with_jitter_below() {
        let b = Backoff::default();
        let secs: Vec<u64> = (1..=11).map(|n| b.delay(n, 0.0).as_secs()).collect();
        assert_eq!(
            secs,
            [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]
        );
        assert_eq!(b.delay(u32::MAX, 0.0), Duration::from_secs(3600));
        assert_eq!(b.delay(1, 0.999_999).as_millis(), 8000);
        let now = Utc::now();
        for _ in 0..50 {
            let next = b.next_attempt(now, 2);
            let d = (next - now).num_milliseconds();
            assert!((16_000..=20_000).contains(&d), "{d}");
        }
    }

    #[test]
    fn secrets_are_never_shown() {
        let s = Secret::new("  whsec_0123456789abcdef\n").unwrap();
        assert_eq!(s.bytes(), b"whsec_0123456789abcdef");
        assert_eq!(format!("{s:?}"), "[redacted]");
        let c = WebhookConfig::new("https://hooks.example/denylist", s).unwrap();
        let shown = format!("{c:?} {}", serde_json::to_string(&c).unwrap());
        assert!(!shown.contains("whsec"), "{shown}");
        assert!(shown.contains("https://hooks.example/denylist"));
        let c = WebhookConfig::new("https://u:pw@hooks.example/h?token=t", c.secret).unwrap();
        assert_eq!(c.display_url(), "https://hooks.example/h");
        assert!(Secret::new("short").is_err());
    }

    #[test]
    fn urls_are_checked() {
        let s = || Secret::new("0123456789abcdef").unwrap();
        assert!(WebhookConfig::new("http://127.0.0.1:9/hook", s()).is_ok());
        for bad in ["", "hooks.example", "ftp://hooks.example/x", "http://"] {
            assert!(WebhookConfig::new(bad, s()).is_err(), "{bad}");
        }
    }
}
