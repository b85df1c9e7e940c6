//! How a user names a version on the command line or in an API call.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use denylist_model::{ListVersion, SourceId};

use crate::{ListStore, StoreError};

/// A version as a user names it: `latest`, a date (`2024-03-04`: the list
/// as it stood that day) or a version id or unique hex prefix (6+ digits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSpec {
    /// The latest version of the list.
    Latest,
    /// The latest version published on or before the date.
    AsOf(NaiveDate),
    /// A version id or hex prefix, lower-case.
    Id(String),
}

impl FromStr for VersionSpec {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("latest") {
            return Ok(VersionSpec::Latest);
        }
        if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(VersionSpec::AsOf(date));
        }
        if (6..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(VersionSpec::Id(s.to_ascii_lowercase()));
        }
        Err(StoreError::Invalid(format!(
            "version {s:?}: expected `latest`, a date (YYYY-MM-DD) or 6 to 64 hex digits"
        )))
    }
}

impl fmt::Display for VersionSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionSpec::Latest => f.write_str("latest"),
            VersionSpec::AsOf(d) => write!(f, "{d}"),
            VersionSpec::Id(id) => f.write_str(id),
        }
    }
}

impl VersionSpec {
    /// Finds the version of `source` this names.
    ///
    /// [`StoreError::NotFound`] when there is none;
    /// [`StoreError::Conflict`] when an id names a version of another list.
    pub async fn resolve(
        &self,
        store: &dyn ListStore,
        source: &SourceId,
    ) -> Result<ListVersion, StoreError> {
        match self {
            VersionSpec::Latest => store
                .latest_version(source)
                .await?
                .ok_or_else(|| StoreError::not_found(format!("any version of {source}"))),
            VersionSpec::AsOf(date) => store.version_as_of(source, *date).await?.ok_or_else(|| {
                StoreError::not_found(format!(
                    "a version of {source} published on or before {date}"
                ))
            }),
            VersionSpec::Id(prefix) => {
                let v = store.version(prefix).await?;
                if &v.source == source {
                    Ok(v)
                } else {
                    Err(StoreError::Conflict(format!(
                        "version {} is a version of {}, not {source}",
                        v.id.short(),
                        v.source
                    )))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse() {
        assert_eq!(
            "latest".parse::<VersionSpec>().unwrap(),
            VersionSpec::Latest
        );
        assert_eq!(
            "2024-03-04".parse::<VersionSpec>().unwrap(),
            VersionSpec::AsOf(NaiveDate::from_ymd_opt(2024, 3, 4).unwrap())
        );
        assert_eq!(
            "ABCDEF12".parse::<VersionSpec>().unwrap(),
            VersionSpec::Id("abcdef12".into())
        );
        assert!("abc".parse::<VersionSpec>().is_err());
        assert!("2024-13-01".parse::<VersionSpec>().is_err());
        assert_eq!(VersionSpec::Id("abcdef".into()).to_string(), "abcdef");
    }
}
