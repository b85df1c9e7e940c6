//! Dates as lists give them: a day, a month or only a year, ranges and "circa".

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ModelError;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// Year, month and day.
    Day,
}

/// A calendar date of which only a prefix may be known: `1961`, `1961-08`,
/// `1961-08-21`. Serialised as that ISO 8601 prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Year (proleptic Gregorian).
    pub year: i32,
    /// Month 1-12, if known.
    pub month: Option<u8>,
    /// Day 1-31, if known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// A year-only date.
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// A year and month; checks the month.
    pub fn month(year: i32, month: u8) -> Result<Self, ModelError> {
        if !(1..=12).contains(&month) {
            return Err(ModelError::InvalidDate(format!("{year:04}-{month:02}")));
        }
        Ok(PartialDate {
            year,
            month: Some(month),
            day: None,
        })
    }

    /// A full date; checks that it exists.
    pub fn day(year: i32, month: u8, day: u8) -> Result<Self, ModelError> {
        if NaiveDate::from_ymd_opt(year, month as u32, day as u32).is_none() {
            return Err(ModelError::InvalidDate(format!(
                "{year:04}-{month:02}-{day:02}"
            )));
        }
        Ok(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// From a `chrono` date.
    pub fn from_naive(d: NaiveDate) -> Self {
        PartialDate {
            year: d.year(),
            month: Some(d.month() as u8),
            day: Some(d.day() as u8),
        }
    }

    /// How much is known.
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), None) => DatePrecision::Month,
            _ => DatePrecision::Year,
        }
    }

    /// The first day this date can stand for.
    pub fn first_day(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(
            self.year,
            self.month.unwrap_or(1) as u32,
            self.day.unwrap_or(1) as u32,
        )
    }

    /// The last day this date can stand for.
    pub fn last_day(&self) -> Option<NaiveDate> {
        match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m as u32, d as u32),
            (Some(m), None) => {
                let (y, m2) = if m == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, m as u32 + 1)
                };
                NaiveDate::from_ymd_opt(y, m2, 1).and_then(|d| d.pred_opt())
            }
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for PartialDate {
    type Err = ModelError;
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ModelError::InvalidDate(s.to_string());
        let mut it = s.trim().split('-');
        let y = it.next().ok_or_else(err)?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let num = |p: &str| -> Result<u8, ModelError> {
            if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            p.parse().map_err(|_| err())
        };
        let d = match (it.next(), it.next(), it.next()) {
            (None, _, _) => PartialDate::year(year),
            (Some(m), None, _) => PartialDate::month(year, num(m)?).map_err(|_| err())?,
            (Some(m), Some(d), None) => {
                PartialDate::day(year, num(m)?, num(d)?).map_err(|_| err())?
            }
            _ => return Err(err()),
        };
        Ok(d)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A date as a list states it: one partial date, or a range, possibly
/// approximate ("circa"). `text` keeps the published wording.
///
/// `1961` is `{from: 1961}`; `01 Jan 1961 to 31 Dec 1962` is
/// `{from: 1961-01-01, to: 1962-12-31}`; `circa 1951` sets `circa`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FuzzyDate {
    /// The date, or the start of the range.
    pub from: PartialDate,
    /// The end of a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<PartialDate>,
    /// Approximate ("circa", "approximately").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub circa: bool,
    /// The date as published, when it is not exactly the ISO form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl FuzzyDate {
    /// A single date.
    pub fn on(d: PartialDate) -> Self {
        FuzzyDate {
            from: d,
            to: None,
            circa: false,
            text: None,
        }
    }

    /// A range of dates.
    pub fn range(from: PartialDate, to: PartialDate) -> Self {
        FuzzyDate {
            from,
            to: Some(to),
            circa: false,
            text: None,
        }
    }

    /// Marks the date approximate (builder style).
    pub fn circa(mut self) -> Self {
        self.circa = true;
        self
    }

    /// Keeps the published wording (builder style).
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// The precision: the coarser of both ends.
    pub fn precision(&self) -> DatePrecision {
        match self.to {
            Some(to) => self.from.precision().min(to.precision()),
            None => self.from.precision(),
        }
    }

    /// The earliest and latest day it can stand for.
    pub fn bounds(&self) -> Option<(NaiveDate, NaiveDate)> {
        let lo = self.from.first_day()?;
        let hi = self.to.unwrap_or(self.from).last_day()?;
        Some((lo, hi))
    }

    /// A date range in the year span, e.g. for year comparisons.
    pub fn years(&self) -> (i32, i32) {
        (
            self.from.year,
            self.to.map(|t| t.year).unwrap_or(self.from.year),
        )
    }
}

impl fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.circa {
            f.write_str("circa ")?;
        }
        write!(f, "{}", self.from)?;
        if let Some(to) = self.to {
            write!(f, " to {to}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_parse_and_print() {
        for s in ["1961", "1961-08", "1961-08-21"] {
            let d: PartialDate = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
        }
        assert!("1961-02-30".parse::<PartialDate>().is_err());
        assert!("1961-13".parse::<PartialDate>().is_err());
        assert!("61".parse::<PartialDate>().is_err());
    }

    #[test]
    fn month_bounds_cover_the_month() {
        let d: PartialDate = "2024-02".parse().unwrap();
        assert_eq!(d.first_day().unwrap().to_string(), "2024-02-01");
        assert_eq!(d.last_day().unwrap().to_string(), "2024-02-29");
        let r = FuzzyDate::range("1961".parse().unwrap(), "1962".parse().unwrap());
        let (lo, hi) = r.bounds().unwrap();
        assert_eq!(
            (lo.to_string(), hi.to_string()),
            ("1961-01-01".into(), "1962-12-31".into())
        );
        assert_eq!(r.precision(), DatePrecision::Year);
    }
}
