//! The listed party: a person, organisation, vessel or aircraft.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{CountryCode, EntityId, FuzzyDate, Identifier, Name, NameKind};

/// What kind of party an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Schema {
    /// A natural person.
    Person,
    /// Any organisation, legal entity or group.
    Organization,
    /// An organisation known to be a company.
    Company,
    /// A ship.
    Vessel,
    /// An aircraft.
    Aircraft,
}

impl Schema {
    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Schema::Person => "Person",
            Schema::Organization => "Organization",
            Schema::Company => "Company",
            Schema::Vessel => "Vessel",
            Schema::Aircraft => "Aircraft",
        }
    }

    /// Parses a schema name, case-insensitively (`person`, `Entity`,
    /// `individual`, `ship` are accepted).
    pub fn parse(s: &str) -> Option<Schema> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "individual" | "people" => Some(Schema::Person),
            "organization" | "organisation" | "entity" | "legalentity" | "org" => {
                Some(Schema::Organization)
            }
            "company" => Some(Schema::Company),
            "vessel" | "ship" => Some(Schema::Vessel),
            "aircraft" | "airplane" | "plane" => Some(Schema::Aircraft),
            _ => None,
        }
    }

    /// True for organisations and companies.
    pub fn is_organization(self) -> bool {
        matches!(self, Schema::Organization | Schema::Company)
    }
}

impl std::fmt::Display for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Gender as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Male.
    Male,
    /// Female.
    Female,
}

/// A place, such as a place of birth: the published text, and what could be
/// read from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Place {
    /// As published (`Culiacan, Sinaloa, Mexico`).
    pub text: String,
    /// The country, when it could be identified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
}

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Address {
    /// Street lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub street: Vec<String>,
    /// City (OFAC mixes the postal code in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State, province or region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_name: Option<String>,
    /// Country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// Remarks on this address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Address {
    /// The address on one line, parts joined by ", ".
    pub fn one_line(&self) -> String {
        let mut parts: Vec<&str> = self.street.iter().map(String::as_str).collect();
        parts.extend(
            [
                &self.city,
                &self.region,
                &self.postal_code,
                &self.country_name,
            ]
            .into_iter()
            .flatten()
            .map(String::as_str),
        );
        parts.retain(|p| !p.trim().is_empty());
        parts.join(", ")
    }
}

/// How two entities are related.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// OFAC "Linked To:" (designated for its links to the target).
    LinkedTo,
    /// Owned or controlled by the target.
    OwnedOrControlledBy,
    /// Owns, controls or operates the target.
    Owns,
    /// Associate of.
    AssociateOf,
    /// Leader or official of.
    LeaderOf,
    /// Principal executive officer of.
    ExecutiveOf,
    /// Family member of.
    FamilyMemberOf,
    /// Acting for or on behalf of.
    ActingFor,
    /// Providing support to.
    SupportOf,
    /// Playing a significant role in.
    SignificantRoleIn,
    /// Property in the interest of.
    PropertyOf,
    /// Any other relation, with the publisher's label.
    Other(String),
}

/// A relation from this entity to another listed party.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Relationship {
    /// The relation.
    pub kind: RelationKind,
    /// The related entity's id, where the source gives or lets us resolve it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<EntityId>,
    /// The related party's name as published (OFAC "Linked To:" gives a name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    /// A former relation.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub former: bool,
}

/// Vessel particulars.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VesselInfo {
    /// Vessel type (`Crude Oil Tanker`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vessel_type: Option<String>,
    /// Flag as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag_name: Option<String>,
    /// Flag country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<CountryCode>,
    /// Owner as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Tonnage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tonnage: Option<String>,
    /// Gross registered tonnage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gross_registered_tonnage: Option<String>,
    /// Year of build.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_year: Option<String>,
}

/// Aircraft particulars.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AircraftInfo {
    /// Model (`Boeing 747-422`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// Manufacture date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacture_date: Option<String>,
}

/// Everything a list says about one listed party.
///
/// Lists of values keep the list's order; the first name is the primary
/// name. Fields a format does not carry stay empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entity {
    /// `<source>:<native id>`.
    pub id: EntityId,
    /// Person, organisation, vessel or aircraft.
    pub schema: Schema,
    /// The sub-list within the source, where a source bundles several
    /// (trade.gov CSL: `Entity List (EL) - Bureau of Industry and Security`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// Names: the primary name first, then aliases.
    pub names: Vec<Name>,
    /// Gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// Titles and positions (`Dr.`, `Minister of Defence`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    /// Birth dates (several are common).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_dates: Vec<FuzzyDate>,
    /// Places of birth.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_places: Vec<Place>,
    /// Nationalities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<CountryCode>,
    /// Citizenships.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citizenships: Vec<CountryCode>,
    /// Other countries linked to the entity (of addresses, registration,
    /// jurisdiction), not repeating nationalities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<CountryCode>,
    /// Addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    /// Identifiers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
    /// Sanctions programs or regimes (`SDGT`, `CYBER2`, `RUSSIA-EO14024`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    /// When the entry was listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<FuzzyDate>,
    /// Organisation established (incorporation) date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub established_on: Option<FuzzyDate>,
    /// Relations to other listed parties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relationships: Vec<Relationship>,
    /// Vessel particulars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vessel: Option<VesselInfo>,
    /// Aircraft particulars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aircraft: Option<AircraftInfo>,
    /// Free-text remarks that map to no field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remarks: Vec<String>,
    /// Other labelled facts the list carries, by the publisher's label
    /// (`Secondary sanctions risk:`, `Target Type`, `Organization Type:`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, Vec<String>>,
}

impl Entity {
    /// An entity with only an id and a schema.
    pub fn new(id: EntityId, schema: Schema) -> Self {
        Entity {
            id,
            schema,
            list: None,
            names: Vec::new(),
            gender: None,
            titles: Vec::new(),
            birth_dates: Vec::new(),
            birth_places: Vec::new(),
            nationalities: Vec::new(),
            citizenships: Vec::new(),
            countries: Vec::new(),
            addresses: Vec::new(),
            identifiers: Vec::new(),
            programs: Vec::new(),
            listed_on: None,
            established_on: None,
            relationships: Vec::new(),
            vessel: None,
            aircraft: None,
            remarks: Vec::new(),
            properties: BTreeMap::new(),
        }
    }

    /// The primary name: the first name of kind primary, else the first name.
    pub fn primary_name(&self) -> Option<&str> {
        self.names
            .iter()
            .find(|n| n.kind == NameKind::Primary)
            .or_else(|| self.names.first())
            .map(|n| n.full.as_str())
    }

    /// Adds a property value under a label.
    pub fn add_property(&mut self, label: impl Into<String>, value: impl Into<String>) {
        self.properties
            .entry(label.into())
            .or_default()
            .push(value.into());
    }

    /// Every country linked to the entity: nationalities, citizenships,
    /// countries, address countries, without repeats.
    pub fn all_countries(&self) -> Vec<CountryCode> {
        let mut out: Vec<CountryCode> = Vec::new();
        let addr = self.addresses.iter().filter_map(|a| a.country);
        let birth = self.birth_places.iter().filter_map(|p| p.country);
        for c in self
            .nationalities
            .iter()
            .chain(&self.citizenships)
            .chain(&self.countries)
            .copied()
            .chain(addr)
            .chain(birth)
        {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// Adds a country to `countries` unless already present anywhere.
    pub fn add_country(&mut self, c: CountryCode) {
        if !self.countries.contains(&c) {
            self.countries.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NameStrength, PartialDate};

    #[test]
    fn entity_serializes_compactly() {
        let mut e = Entity::new("us-ofac-sdn:48060".parse().unwrap(), Schema::Person);
        e.names.push(Name::primary("DILIAN, Tal Jonathan"));
        e.names.push(Name::new(
            "MENASHE, Tal Yonatan",
            NameKind::Aka,
            NameStrength::Strong,
        ));
        e.birth_dates
            .push(FuzzyDate::on(PartialDate::day(1961, 8, 21).unwrap()));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["id"], "us-ofac-sdn:48060");
        assert_eq!(json["schema"], "Person");
        assert_eq!(json["names"][1]["kind"], "aka");
        assert_eq!(json["birth_dates"][0]["from"], "1961-08-21");
        assert!(json.get("addresses").is_none());
        let back: Entity = serde_json::from_value(json).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn schema_parses_list_words() {
        assert_eq!(Schema::parse("individual"), Some(Schema::Person));
        assert_eq!(Schema::parse("Entity"), Some(Schema::Organization));
        assert_eq!(Schema::parse("ship"), Some(Schema::Vessel));
        assert_eq!(Schema::parse("spaceship"), None);
    }
}
