//! The denylist entity model: what a sanctions list says about one listed party.
//!
//! Every official list, whatever its format, is mapped to the same plain data
//! types: an [`Entity`] with an [`EntityId`] (`<source>:<native id>`), a
//! [`Schema`], its [`Name`]s (primary name and aliases, each with a kind and a
//! strength), birth dates as [`FuzzyDate`]s with their precision, countries as
//! ISO 3166 [`CountryCode`]s, [`Identifier`]s, programs and [`Relationship`]s.
//!
//! The model has no I/O: parsers (`denylist-sources`) produce it, the store
//! keeps it and the matcher reads it.
//!
//! ```
//! use denylist_model::{Entity, EntityId, Name, Schema};
//!
//! let id: EntityId = "us-ofac-sdn:48060".parse()?;
//! let mut tal = Entity::new(id.clone(), Schema::Person);
//! tal.names.push(Name::primary("DILIAN, Tal Jonathan"));
//! assert_eq!(tal.id.source().as_str(), "us-ofac-sdn");
//! assert_eq!(tal.id.native(), "48060");
//! assert_eq!(tal.primary_name(), Some("DILIAN, Tal Jonathan"));
//! # Ok::<(), denylist_model::ModelError>(())
//! ```

mod country;
mod date;
mod entity;
mod error;
mod id;
mod identifier;
mod name;
mod version;

pub use country::{country_code, CountryCode};
pub use date::{DatePrecision, FuzzyDate, PartialDate};
pub use entity::{
    Address, AircraftInfo, Entity, Gender, Place, RelationKind, Relationship, Schema, VesselInfo,
};
pub use error::ModelError;
pub use id::{EntityId, SourceId};
pub use identifier::{Identifier, IdentifierKind};
pub use name::{Name, NameKind, NamePart, NamePartKind, NameStrength};
pub use version::{ListVersion, VersionId};
