//! Source ids (`us-ofac-sdn`) and entity ids (`us-ofac-sdn:48060`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ModelError;

/// The id of a list publisher's list, such as `us-ofac-sdn` or `un-sc`.
///
/// A lower-case slug of ASCII letters, digits and `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(String);

impl SourceId {
    /// Builds a source id, checking its spelling.
    pub fn new(id: impl Into<String>) -> Result<Self, ModelError> {
        let id = id.into();
        let valid = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        if valid {
            Ok(SourceId(id))
        } else {
            Err(ModelError::InvalidSourceId(id))
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for SourceId {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SourceId::new(s)
    }
}

impl Serialize for SourceId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SourceId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        SourceId::new(s).map_err(serde::de::Error::custom)
    }
}

/// The id of a listed party: `<source>:<native id>`, e.g. `us-ofac-sdn:48060`,
/// `un-sc:QDi.001`, `eu-fsf:13`.
///
/// The native id is the publisher's own id, kept verbatim (it may itself
/// contain `:`; the source is everything before the first `:`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityId {
    full: String,
    split: usize,
}

impl EntityId {
    /// Builds an id from a source and the publisher's native id.
    pub fn new(source: &SourceId, native: &str) -> Result<Self, ModelError> {
        let native = native.trim();
        if native.is_empty() || native.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(ModelError::InvalidEntityId(format!("{source}:{native}")));
        }
        Ok(EntityId {
            full: format!("{source}:{native}"),
            split: source.as_str().len(),
        })
    }

    /// The source part, e.g. `us-ofac-sdn`.
    pub fn source(&self) -> SourceId {
        SourceId(self.full[..self.split].to_string())
    }

    /// The source part as text.
    pub fn source_str(&self) -> &str {
        &self.full[..self.split]
    }

    /// The native id, e.g. `48060`.
    pub fn native(&self) -> &str {
        &self.full[self.split + 1..]
    }

    /// The whole id as text.
    pub fn as_str(&self) -> &str {
        &self.full
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full)
    }
}

impl FromStr for EntityId {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (source, native) = s
            .split_once(':')
            .ok_or_else(|| ModelError::InvalidEntityId(s.to_string()))?;
        let source =
            SourceId::new(source).map_err(|_| ModelError::InvalidEntityId(s.to_string()))?;
        EntityId::new(&source, native)
    }
}

impl Serialize for EntityId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.full)
    }
}

impl<'de> Deserialize<'de> for EntityId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_id_round_trips() {
        let id: EntityId = "un-sc:QDi.001".parse().unwrap();
        assert_eq!(id.source_str(), "un-sc");
        assert_eq!(id.native(), "QDi.001");
        assert_eq!(id.to_string(), "un-sc:QDi.001");
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"un-sc:QDi.001\"");
        let back: EntityId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
    }

    #[test]
    fn native_id_may_contain_colon() {
        let id: EntityId = "opensanctions:NK-abc:1".parse().unwrap();
        assert_eq!(id.native(), "NK-abc:1");
    }

    #[test]
    fn bad_ids_are_rejected() {
        assert!("48060".parse::<EntityId>().is_err());
        assert!("US-OFAC:1".parse::<EntityId>().is_err());
        assert!("us-ofac-sdn:".parse::<EntityId>().is_err());
        assert!("us-ofac-sdn:a b".parse::<EntityId>().is_err());
        assert!(SourceId::new("-x").is_err());
    }
}
