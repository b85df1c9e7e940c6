//! ISO 3166-1 alpha-2 country codes and the country names lists use.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ModelError;

/// An ISO 3166-1 alpha-2 code (`IL`, `RU`), or a user-assigned code the
/// lists need (`XK` Kosovo). Historical codes (`SU`, `YU`, `CS`, `DD`) are
/// kept as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Checks and wraps a two-letter code (case-insensitive).
    pub fn new(code: &str) -> Result<Self, ModelError> {
        let b = code.trim().as_bytes();
        if b.len() == 2 && b.iter().all(|c| c.is_ascii_alphabetic()) {
            Ok(CountryCode([
                b[0].to_ascii_uppercase(),
                b[1].to_ascii_uppercase(),
            ]))
        } else {
            Err(ModelError::InvalidCountryCode(code.to_string()))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// The English short name, if the code is known.
    pub fn name(&self) -> Option<&'static str> {
        COUNTRIES
            .iter()
            .find(|(code, _)| *code == self.as_str())
            .map(|(_, names)| names[0])
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CountryCode {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CountryCode::new(s)
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        CountryCode::new(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// Maps a country name, demonym or code as lists write it ("Korea, North",
/// "Burma", "Russian Federation", "Iranian", "IR") to its code.
/// Case, accents-free spelling, punctuation and a leading "the" are ignored.
/// Returns `None` for names that are not countries.
pub fn country_code(name: &str) -> Option<CountryCode> {
    let key = lookup_key(name);
    if key.is_empty() {
        return None;
    }
    if key.len() == 2 && COUNTRIES.iter().any(|(c, _)| c.eq_ignore_ascii_case(&key)) {
        return CountryCode::new(&key).ok();
    }
    COUNTRIES
        .iter()
        .find(|(_, names)| names.iter().any(|n| lookup_key(n) == key))
        .and_then(|(code, _)| CountryCode::new(code).ok())
}

fn lookup_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let w = word.to_lowercase();
        if out.is_empty() && w == "the" {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    out
}

/// (code, names): the first name is the English short name; the others are
/// the spellings and demonyms lists use.
static COUNTRIES: &[(&str, &[&str])] = &[
    ("IL", &["Israel", "Israeli"]),
    ("RU", &["Russia", "Russian Federation", "Russian"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_codes() {
        assert_eq!(country_code("Israel").unwrap().as_str(), "IL");
        assert_eq!(
            country_code("the Russian Federation").unwrap().as_str(),
            "RU"
        );
        assert_eq!(country_code("il").unwrap().as_str(), "IL");
        assert!(country_code("Atlantis").is_none());
        assert!(country_code("").is_none());
    }
}
