//! Names: the primary name and aliases of a listed party.

use serde::{Deserialize, Serialize};

/// What a name is to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    /// The name the list files the entry under.
    Primary,
    /// A spelling variation of the primary name (UK "Primary name variation").
    Variation,
    /// Also known as.
    Aka,
    /// Formerly known as.
    Fka,
    /// Now known as.
    Nka,
    /// The name in its original (non-Latin) script, as published.
    OriginalScript,
}

/// How much weight the publisher gives an alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameStrength {
    /// A name to screen against (OFAC strong a.k.a., UN "Good quality").
    Strong,
    /// A broad or generic alias (OFAC "weak a.k.a.", UN "Low quality"): it
    /// helps confirm a hit but is not expected to raise one alone.
    Weak,
    /// The list does not say.
    Unknown,
}

/// The role of one part of a structured name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NamePartKind {
    /// Given (first) name.
    Given,
    /// Middle name.
    Middle,
    /// Family name (surname, last name).
    Family,
    /// Patronymic (father's name).
    Patronymic,
    /// Matronymic (mother's name).
    Matronymic,
    /// Maiden name.
    Maiden,
    /// Title or honorific (Dr., Sheikh).
    Title,
    /// Nickname.
    Nickname,
    /// The whole name of an organisation, vessel or aircraft.
    Whole,
    /// Any other part, in list order.
    Other,
}

/// One part of a structured name as the source gives it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NamePart {
    /// Its role.
    pub kind: NamePartKind,
    /// Its text.
    pub value: String,
}

/// One name of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Name {
    /// The full name as published (OFAC keeps `LAST, First`).
    pub full: String,
    /// Primary, a.k.a., f.k.a., ...
    pub kind: NameKind,
    /// Strong, weak or unknown.
    pub strength: NameStrength,
    /// The parts, where the source gives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<NamePart>,
    /// ISO 15924 script code (`Latn`, `Cyrl`, `Arab`...) where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// Language (ISO 639) where the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl Name {
    /// A name of the given kind and strength with no parts.
    pub fn new(full: impl Into<String>, kind: NameKind, strength: NameStrength) -> Self {
        Name {
            full: full.into(),
            kind,
            strength,
            parts: Vec::new(),
            script: None,
            lang: None,
        }
    }

    /// The primary name (strong).
    pub fn primary(full: impl Into<String>) -> Self {
        Name::new(full, NameKind::Primary, NameStrength::Strong)
    }

    /// Adds a part (builder style).
    pub fn with_part(mut self, kind: NamePartKind, value: impl Into<String>) -> Self {
        let value = value.into();
        if !value.trim().is_empty() {
            self.parts.push(NamePart { kind, value });
        }
        self
    }

    /// The value of the first part of that kind.
    pub fn part(&self, kind: NamePartKind) -> Option<&str> {
        self.parts
            .iter()
            .find(|p| p.kind == kind)
            .map(|p| p.value.as_str())
    }

    /// True for weak aliases.
    pub fn is_weak(&self) -> bool {
        self.strength == NameStrength::Weak
    }
}
