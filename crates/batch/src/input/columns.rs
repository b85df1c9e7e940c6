//! Which column holds what: detection from common header names, and
//! caller overrides.

use denylist_model::Schema;

use super::{parse_date, CustomerRow, DateOrder, RejectKind, RowError};
use crate::BatchError;

/// Header names chosen by the caller; each wins over detection. Names are
/// compared case-, space-, underscore- and hyphen-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnOverrides {
    /// The full-name column.
    pub name: Option<String>,
    /// The first (given) name column.
    pub first: Option<String>,
    /// The middle name column.
    pub middle: Option<String>,
    /// The last (family) name column.
    pub last: Option<String>,
    /// The customer id column.
    pub id: Option<String>,
    /// The birth date column.
    pub dob: Option<String>,
    /// The country column.
    pub country: Option<String>,
    /// The identifier (passport...) column.
    pub identifier: Option<String>,
    /// The person/organisation type column.
    pub schema: Option<String>,
}

/// Normalises a header for comparison: lower case, letters and digits only.
pub(crate) fn norm(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

const NAME: &[&str] = &[
    "name",
    "fullname",
    "customername",
    "clientname",
    "legalname",
    "company",
    "companyname",
    "entityname",
    "partyname",
    "accountname",
    "organisation",
    "organization",
    "organisationname",
    "organizationname",
    "beneficiaryname",
];
const FIRST: &[&str] = &[
    "firstname",
    "givenname",
    "forename",
    "first",
    "givennames",
    "fname",
];
const MIDDLE: &[&str] = &["middlename", "middle", "middlenames", "middleinitial"];
const LAST: &[&str] = &["lastname", "surname", "familyname", "last", "lname"];
const DOB: &[&str] = &[
    "dob",
    "dateofbirth",
    "birthdate",
    "birthday",
    "born",
    "dateofincorporation",
    "incorporationdate",
];
const COUNTRY: &[&str] = &[
    "country",
    "nationality",
    "ctry",
    "countrycode",
    "citizenship",
    "countryofresidence",
    "residence",
    "countryofbirth",
    "countryofincorporation",
    "nationalities",
    "countries",
];
const IDENT: &[&str] = &[
    "passport",
    "passportnumber",
    "passportno",
    "nationalid",
    "taxid",
    "identifier",
    "idnumber",
    "imo",
    "imonumber",
    "lei",
    "registrationnumber",
    "ssn",
];
const ID: &[&str] = &[
    "id",
    "customerid",
    "account",
    "accountid",
    "accountnumber",
    "accountno",
    "clientid",
    "customerno",
    "customernumber",
    "reference",
    "ref",
    "recordid",
];
const SCHEMA: &[&str] = &[
    "type",
    "schema",
    "entitytype",
    "partytype",
    "customertype",
    "clienttype",
    "kind",
];

/// The detected column of every field, as indexes into a header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    name: Option<usize>,
    first: Option<usize>,
    middle: Option<usize>,
    last: Option<usize>,
    id: Option<usize>,
    dob: Option<usize>,
    schema: Option<usize>,
    countries: Vec<usize>,
    identifiers: Vec<usize>,
    order: DateOrder,
}

fn find(headers: &[String], over: Option<&String>, known: &[&str]) -> Option<usize> {
    match over {
        Some(o) => {
            let o = norm(o);
            headers.iter().position(|h| *h == o)
        }
        None => known
            .iter()
            .find_map(|k| headers.iter().position(|h| h == k)),
    }
}

fn find_all(headers: &[String], over: Option<&String>, known: &[&str]) -> Vec<usize> {
    match over {
        Some(_) => find(headers, over, known).into_iter().collect(),
        None => (0..headers.len())
            .filter(|&i| known.contains(&headers[i].as_str()))
            .collect(),
    }
}

impl Columns {
    /// Detects the columns of a header row.
    ///
    /// # Errors
    ///
    /// [`BatchError::Columns`] when an overridden column is missing or no
    /// name column (full name, or first/last) is found.
    pub fn detect(
        header: &[String],
        over: &ColumnOverrides,
        order: DateOrder,
        file: &str,
    ) -> Result<Columns, BatchError> {
        let headers: Vec<String> = header.iter().map(|h| norm(h)).collect();
        let checks = [
            (&over.name, "name"),
            (&over.first, "first"),
            (&over.middle, "middle"),
            (&over.last, "last"),
            (&over.id, "id"),
            (&over.dob, "dob"),
            (&over.country, "country"),
            (&over.identifier, "identifier"),
            (&over.schema, "schema"),
        ];
        for (o, what) in checks {
            if let Some(o) = o {
                if !headers.contains(&norm(o)) {
                    return Err(BatchError::Columns {
                        file: file.to_string(),
                        reason: format!(
                            "no column {o:?} for {what} (header: {})",
                            header.join(", ")
                        ),
                    });
                }
            }
        }
        let c = Columns {
            name: find(&headers, over.name.as_ref(), NAME),
            first: find(&headers, over.first.as_ref(), FIRST),
            middle: find(&headers, over.middle.as_ref(), MIDDLE),
            last: find(&headers, over.last.as_ref(), LAST),
            id: find(&headers, over.id.as_ref(), ID),
            dob: find(&headers, over.dob.as_ref(), DOB),
            schema: find(&headers, over.schema.as_ref(), SCHEMA),
            countries: find_all(&headers, over.country.as_ref(), COUNTRY),
            identifiers: find_all(&headers, over.identifier.as_ref(), IDENT),
            order,
        };
        if c.name.is_none() && c.first.is_none() && c.last.is_none() {
            return Err(BatchError::Columns {
                file: file.to_string(),
                reason: format!(
                    "no name column (name, full_name, customer_name, first_name/last_name...) in header: {}",
                    header.join(", ")
                ),
            });
        }
        Ok(c)
    }

    /// The header positions this detection reads, ascending.
    pub fn used(&self) -> Vec<usize> {
        let mut v: Vec<usize> = [
            self.name,
            self.first,
            self.middle,
            self.last,
            self.id,
            self.dob,
            self.schema,
        ]
        .into_iter()
        .flatten()
        .chain(self.countries.iter().copied())
        .chain(self.identifiers.iter().copied())
        .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Builds a record from its fields (`get(i)` is column `i`, `None` when
    /// the record is short).
    ///
    /// # Errors
    ///
    /// [`RowError`] when the name is empty or the date unreadable.
    pub fn row<'a>(
        &self,
        row_number: u64,
        line: u64,
        get: impl Fn(usize) -> Option<&'a str>,
    ) -> Result<CustomerRow, RowError> {
        let field = |i: Option<usize>| i.and_then(&get).map(str::trim).filter(|s| !s.is_empty());
        let err = |kind: RejectKind, reason: String| RowError { line, kind, reason };
        let mut schema = field(self.schema).and_then(Schema::parse);
        let name = match field(self.name) {
            Some(n) => n.split_whitespace().collect::<Vec<_>>().join(" "),
            None => {
                let parts: Vec<&str> = [self.first, self.middle, self.last]
                    .into_iter()
                    .filter_map(field)
                    .flat_map(str::split_whitespace)
                    .collect();
                if !parts.is_empty() && schema.is_none() {
                    schema = Some(Schema::Person);
                }
                parts.join(" ")
            }
        };
        if name.is_empty() {
            return Err(err(RejectKind::EmptyName, "empty name".into()));
        }
        let dob = match field(self.dob) {
            None => None,
            Some(d) => Some(
                parse_date(d, self.order)
                    .ok_or_else(|| err(RejectKind::BadDate, format!("unreadable date {d:?}")))?,
            ),
        };
        let split = |cols: &[usize]| -> Vec<String> {
            cols.iter()
                .filter_map(|&i| field(Some(i)))
                .flat_map(|v| v.split([';', '|']))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        Ok(CustomerRow {
            row_number,
            id: field(self.id).map(str::to_string),
            name,
            schema,
            dob,
            countries: split(&self.countries),
            identifiers: split(&self.identifiers),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn detects_common_headers() {
        let cols = Columns::detect(
            &h(&[
                "\u{feff}Customer ID",
                "First Name",
                "middle_name",
                "SURNAME",
                "Date of Birth",
                "Nationality",
            ]),
            &ColumnOverrides::default(),
            DateOrder::Auto,
            "t.csv",
        )
        .expect("columns");
        let f = ["C1", " Tal ", "Jonathan", "Dilian", "1961-08-21", "IL"];
        let r = cols.row(1, 2, |i| f.get(i).copied()).expect("row");
        assert_eq!(r.name, "Tal Jonathan Dilian");
        assert_eq!(r.id.as_deref(), Some("C1"));
        assert_eq!(r.schema, Some(Schema::Person));
        assert_eq!(r.dob.map(|d| d.to_string()).as_deref(), Some("1961-08-21"));
        assert_eq!(r.countries, vec!["IL".to_string()]);
    }

    #[test]
    fn overrides_and_errors() {
        let over = ColumnOverrides {
            name: Some("Holder".into()),
            ..ColumnOverrides::default()
        };
        let cols =
            Columns::detect(&h(&["name", "holder"]), &over, DateOrder::Auto, "t").expect("columns");
        let r = cols
            .row(1, 2, |i| ["x", "Y Z"].get(i).copied())
            .expect("row");
        assert_eq!(r.name, "Y Z");
        assert!(Columns::detect(
            &h(&["foo"]),
            &ColumnOverrides::default(),
            DateOrder::Auto,
            "t"
        )
        .is_err());
        let e = cols
            .row(3, 4, |i| ["x", " "].get(i).copied())
            .expect_err("empty");
        assert_eq!(e.line, 4);
    }
}
