//! Identifiers: passports, national ids, registration numbers, IMO numbers,
//! digital currency addresses and the like.

use serde::{Deserialize, Serialize};

use crate::{CountryCode, FuzzyDate};

/// The kind of an identifier, normalised across lists. The publisher's own
/// label is kept in [`Identifier::label`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    /// Passport number.
    Passport,
    /// National identity number or card.
    NationalId,
    /// Tax id (TIN, INN, RFC, NIT...).
    TaxId,
    /// Company or other registration number (OGRN, registration ID...).
    Registration,
    /// Vessel IMO number.
    Imo,
    /// Vessel MMSI.
    Mmsi,
    /// Radio call sign.
    CallSign,
    /// Aircraft tail (registration) number.
    AircraftTail,
    /// Aircraft manufacturer's serial number (MSN).
    AircraftSerial,
    /// SWIFT/BIC code.
    SwiftBic,
    /// Legal Entity Identifier.
    Lei,
    /// Digital currency address (with [`Identifier::currency`]).
    CryptoAddress,
    /// E-mail address.
    Email,
    /// Website.
    Website,
    /// Phone or fax number.
    Phone,
    /// Driver's licence.
    DriversLicense,
    /// Any other identifier.
    Other,
}

impl IdentifierKind {
    /// True where one exact match identifies the party worldwide (IMO, MMSI,
    /// crypto address, LEI, SWIFT/BIC), whatever name comes with it.
    pub fn is_globally_unique(self) -> bool {
        matches!(
            self,
            IdentifierKind::Imo
                | IdentifierKind::Mmsi
                | IdentifierKind::CryptoAddress
                | IdentifierKind::Lei
                | IdentifierKind::SwiftBic
                | IdentifierKind::AircraftSerial
        )
    }
}

/// One identifier of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Identifier {
    /// Normalised kind.
    pub kind: IdentifierKind,
    /// The publisher's label, verbatim (`Passport`, `Tax ID No.`, `Cedula No.`).
    pub label: String,
    /// The number or text as published.
    pub value: String,
    /// Issuing country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// The currency of a digital currency address (`XBT`, `ETH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Date of issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<FuzzyDate>,
    /// Date of expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<FuzzyDate>,
    /// Any further text (issuing place, "fraudulent", ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Identifier {
    /// An identifier with no country, dates or note.
    pub fn new(kind: IdentifierKind, label: impl Into<String>, value: impl Into<String>) -> Self {
        Identifier {
            kind,
            label: label.into(),
            value: value.into(),
            country: None,
            currency: None,
            issued: None,
            expires: None,
            note: None,
        }
    }

    /// The value with spaces, dashes, dots and slashes removed and letters
    /// upper-cased, for comparison (OFAC searches ids with and without
    /// punctuation).
    pub fn normalized_value(&self) -> String {
        normalize_identifier(&self.value)
    }
}

/// Removes punctuation and whitespace from an identifier and upper-cases it.
pub(crate) fn normalize_identifier(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_value_drops_punctuation() {
        let id = Identifier::new(IdentifierKind::Passport, "Passport", "D366 871");
        assert_eq!(id.normalized_value(), "D366871");
        let imo = Identifier::new(IdentifierKind::Imo, "IMO", "imo-9187629");
        assert_eq!(imo.normalized_value(), "IMO9187629");
    }
}
