//! What a caller screens ([`Query`]), how ([`ScreenOptions`]) and what comes
//! back ([`Match`]).

use denylist_model::{
    country_code, CountryCode, EntityId, FuzzyDate, PartialDate, Schema, SourceId,
};
use serde::Serialize;

use crate::Explanation;

/// The default alert threshold of [`Algorithm::Denylist`] scores: a match at
/// or above it is an alert. It means the same for every schema.
pub const DEFAULT_THRESHOLD: f64 = 0.70;

/// One party to screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// The name as the customer gave it, in any script and order.
    pub name: String,
    /// Person, organisation, vessel or aircraft; `None` matches every schema.
    pub schema: Option<Schema>,
    /// Birth date (or incorporation date), at any precision.
    pub birth_date: Option<FuzzyDate>,
    /// Countries linked to the party (nationality, residence, registration).
    pub countries: Vec<CountryCode>,
    /// Identifier values (passport, IMO number, wallet address...), any
    /// punctuation.
    pub identifiers: Vec<String>,
}

impl Query {
    /// A name-only query of unknown schema.
    pub fn new(name: impl Into<String>) -> Self {
        Query {
            name: name.into(),
            ..Query::default()
        }
    }

    /// Sets the schema (builder style).
    pub fn with_schema(mut self, schema: Schema) -> Self {
        self.schema = Some(schema);
        self
    }

    /// Sets the birth date (builder style).
    pub fn with_birth_date(mut self, date: PartialDate) -> Self {
        self.birth_date = Some(FuzzyDate::on(date));
        self
    }

    /// Adds a country given as a code or a name; unknown names are ignored
    /// (builder style).
    pub fn with_country(mut self, country: &str) -> Self {
        if let Some(c) = country_code(country) {
            if !self.countries.contains(&c) {
                self.countries.push(c);
            }
        }
        self
    }

    /// Adds an identifier value (builder style).
    pub fn with_identifier(mut self, value: impl Into<String>) -> Self {
        self.identifiers.push(value.into());
        self
    }
}

/// Which scoring to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// denylist's own explainable multi-script matcher.
    #[default]
    Denylist,
    /// An emulation of OFAC's Sanctions List Search (FAQ 249): Jaro-Winkler
    /// and Soundex on the name only, scaled to 0-1.
    Ofac,
}

/// How to screen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScreenOptions {
    /// Matches scoring below this are dropped.
    pub threshold: f64,
    /// At most this many matches are returned, best first.
    pub limit: usize,
    /// The scoring algorithm.
    pub algorithm: Algorithm,
}

impl Default for ScreenOptions {
    fn default() -> Self {
        ScreenOptions {
            threshold: DEFAULT_THRESHOLD,
            limit: 10,
            algorithm: Algorithm::Denylist,
        }
    }
}

/// One listed entity that matched a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// The listed entity.
    pub entity_id: EntityId,
    /// Score in [0, 1]; 1.0 only for an identical normalised name (or a
    /// decisive identifier).
    pub score: f64,
    /// The entity's primary name.
    pub name: String,
    /// The list name (primary or alias) that matched best.
    pub matched_name: String,
    /// The list the entity is on.
    pub source: SourceId,
    /// The entity's schema.
    pub schema: Schema,
    /// Why it matched.
    pub explanation: Explanation,
}
