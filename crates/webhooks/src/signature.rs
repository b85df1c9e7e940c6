//! The HMAC-SHA256 signature of a delivery and its check by a receiver.
//!
//! The signed string is `<timestamp>.<body>`: the decimal Unix time of the
//! `X-Denylist-Timestamp` header, a dot, and the exact bytes of the request
//! body. The `X-Denylist-Signature` header is `sha256=` and the lowercase
//! hex of the HMAC-SHA256 of that string under the shared secret. Binding
//! the timestamp lets a receiver refuse replays of old deliveries.

use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The event name header (`alert.opened`, `alert.reopened`).
pub const EVENT_HEADER: &str = "x-denylist-event";
/// The outbox row id: the same on every retry of a delivery, so a receiver
/// can drop duplicates.
pub const DELIVERY_HEADER: &str = "x-denylist-delivery";
/// Unix time (seconds) of the attempt, part of the signed string.
pub const TIMESTAMP_HEADER: &str = "x-denylist-timestamp";
/// `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
pub const SIGNATURE_HEADER: &str = "x-denylist-signature";

/// How far a receiver should accept a timestamp from its own clock by
/// default (5 minutes).
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8], timestamp: &str, body: &[u8]) -> HmacSha256 {
    // HMAC accepts a key of any length; this cannot fail.
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The `X-Denylist-Signature` value of `body` sent at `timestamp` (Unix
/// seconds): `sha256=<64 hex digits>`.
///
/// ```
/// let sig = denylist_webhooks::sign(b"secret", 1709600000, br#"{"event":"alert.opened"}"#);
/// assert!(sig.starts_with("sha256=") && sig.len() == 7 + 64);
/// ```
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let tag = mac(secret, &timestamp.to_string(), body)
        .finalize()
        .into_bytes();
    format!("sha256={}", hex::encode(tag))
}

/// Why a receiver refuses a delivery.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The timestamp header is not a decimal Unix time.
    #[error("bad X-Denylist-Timestamp {0:?}: expected Unix seconds")]
    BadTimestamp(String),
    /// The signature header is not `sha256=<64 hex digits>`.
    #[error("bad X-Denylist-Signature: expected sha256=<64 hex digits>")]
    BadSignature,
    /// The timestamp is too far from the receiver's clock (a replay or a
    /// wrong clock).
    #[error("timestamp {timestamp} is {skew_secs} s away from now (tolerance {tolerance_secs} s)")]
    Stale {
        /// The timestamp received.
        timestamp: i64,
        /// Its distance from `now`.
        skew_secs: u64,
        /// The accepted distance.
        tolerance_secs: u64,
    },
    /// The signature does not match the body, timestamp and secret.
    #[error("signature mismatch")]
    Mismatch,
}

/// Checks a delivery as a receiver would: the timestamp is within
/// `tolerance` of `now`, and the signature is the HMAC of
/// `<timestamp>.<body>` (compared in constant time).
///
/// ```
/// use denylist_webhooks::{sign, verify, DEFAULT_TOLERANCE};
/// let body = br#"{"event":"alert.opened"}"#;
/// let now = chrono::Utc::now();
/// let ts = now.timestamp();
/// let sig = sign(b"secret", ts, body);
/// assert!(verify(b"secret", &ts.to_string(), body, &sig, now, DEFAULT_TOLERANCE).is_ok());
/// assert!(verify(b"other", &ts.to_string(), body, &sig, now, DEFAULT_TOLERANCE).is_err());
/// ```
pub fn verify(
    secret: &[u8],
    timestamp: &str,
    body: &[u8],
    signature: &str,
    now: DateTime<Utc>,
    tolerance: Duration,
) -> Result<(), SignatureError> {
    let ts = timestamp.trim();
    let seconds: i64 = ts
        .parse()
        .ok()
        .filter(|_| !ts.is_empty() && ts.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| SignatureError::BadTimestamp(timestamp.to_string()))?;
    let tag = signature
        .trim()
        .strip_prefix("sha256=")
        .filter(|h| h.len() == 64)
        .and_then(|h| hex::decode(h).ok())
        .ok_or(SignatureError::BadSignature)?;
    let skew = now.timestamp().abs_diff(seconds);
    if skew > tolerance.as_secs() {
        return Err(SignatureError::Stale {
            timestamp: seconds,
            skew_secs: skew,
            tolerance_secs: tolerance.as_secs(),
        });
    }
    mac(secret, ts, body)
        .verify_slice(&tag)
        .map_err(|_| SignatureError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vector() {
        // python3 -c 'import hmac,hashlib;print(hmac.new(b"whsec_test",
        //   b"1709600000.{\"a\":1}", hashlib.sha256).hexdigest())'
        assert_eq!(
            sign(b"whsec_test", 1_709_600_000, br#"{"a":1}"#),
            "sha256=ec9122e0df6f90a7cdf1f1586d7b6fa1f1e8557cfa5297e8be1524148d7d600d"
        );
    }

    #[test]
    fn every_part_is_bound() {
        let now = Utc::now();
        let ts = now.timestamp();
        let body = br#"{"event":"alert.opened","alert":{"id":"A000001"}}"#;
        let sig = sign(b"k", ts, body);
        let ok = |secret: &[u8], t: &str, b: &[u8], s: &str| {
            verify(secret, t, b, s, now, DEFAULT_TOLERANCE)
        };
        assert_eq!(ok(b"k", &ts.to_string(), body, &sig), Ok(()));
        assert_eq!(
            ok(b"k2", &ts.to_string(), body, &sig),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            ok(b"k", &(ts - 1).to_string(), body, &sig),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            ok(b"k", &ts.to_string(), br#"{"event":"alert.opened"}"#, &sig),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            ok(
                b"k",
                &ts.to_string(),
                body,
                &sig.replace("sha256=", "sha1=")
            ),
            Err(SignatureError::BadSignature)
        );
        assert_eq!(
            ok(b"k", "-5", body, &sig),
            Err(SignatureError::BadTimestamp("-5".into()))
        );
        let old = ts - 301;
        assert!(matches!(
            ok(b"k", &old.to_string(), body, &sign(b"k", old, body)),
            Err(SignatureError::Stale { skew_secs: 301, .. })
        ));
    }
}
