//! Birth dates as customer files write them.

use denylist_model::PartialDate;

/// How to read an all-numeric `a/b/yyyy` date whose first two parts are
/// both 12 or less.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateOrder {
    /// Keep only the year when the day and month cannot be told apart (a
    /// wrong day would penalise a true match; a year never does).
    #[default]
    Auto,
    /// `DD/MM/YYYY`.
    DayFirst,
    /// `MM/DD/YYYY`.
    MonthFirst,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_name(s: &str) -> Option<u8> {
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    if s.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| s.starts_with(m) && (s.len() == 3 || full_month(m).starts_with(&s)))
        .map(|i| i as u8 + 1)
}

fn full_month(abbr: &str) -> &'static str {
    match abbr {
        "jan" => "january",
        "feb" => "february",
        "mar" => "march",
        "apr" => "april",
        "may" => "may",
        "jun" => "june",
        "jul" => "july",
        "aug" => "august",
        "sep" => "september",
        "oct" => "october",
        "nov" => "november",
        _ => "december",
    }
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn year(s: &str) -> Option<i32> {
    if s.len() != 4 {
        return None;
    }
    let y = num(s)? as i32;
    (1800..=2200).contains(&y).then_some(y)
}

fn day(y: i32, m: u32, d: u32) -> Option<PartialDate> {
    let m = u8::try_from(m).ok()?;
    let d = u8::try_from(d).ok()?;
    PartialDate::day(y, m, d).ok()
}

/// Parses a birth date: `YYYY-MM-DD` (also `/` or `.`), `YYYYMMDD`,
/// `YYYY-MM`, `YYYY`, `DD/MM/YYYY` or `MM/DD/YYYY` (also `-` or `.`; see
/// [`DateOrder`] when ambiguous), `12 Mar 1970`, `March 12, 1970`,
/// `Mar 1970`, and an ISO date-time (the time is ignored). Returns `None`
/// when the text is not a date.
pub fn parse_date(text: &str, order: DateOrder) -> Option<PartialDate> {
    let t = text.trim();
    // ISO date-time: keep the date.
    let t = match t.find(['T', ' ']) {
        Some(i) if i == 10 && t.as_bytes().get(4) == Some(&b'-') => &t[..i],
        _ => t,
    };
    if let Some(y) = year(t) {
        return Some(PartialDate::year(y));
    }
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let y = year(&t[..4])?;
        return day(y, num(&t[4..6])?, num(&t[6..])?);
    }
    let parts: Vec<&str> = t
        .split(['-', '/', '.', ' ', ','])
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [a, b] => {
            if let (Some(y), Some(m)) = (year(a), num(b)) {
                return PartialDate::month(y, u8::try_from(m).ok()?).ok();
            }
            let m = num(a)
                .and_then(|m| u8::try_from(m).ok())
                .or_else(|| month_name(a))?;
            PartialDate::month(year(b)?, m).ok()
        }
        [a, b, c] => {
            if let Some(y) = year(a) {
                return day(y, num(b)?, num(c)?);
            }
            let y = year(c)?;
            match (num(a), num(b), month_name(a), month_name(b)) {
                (Some(d), None, None, Some(m)) => day(y, u32::from(m), d),
                (None, Some(d), Some(m), None) => day(y, u32::from(m), d),
                (Some(x), Some(z), _, _) => {
                    if x > 12 || (x == z) {
                        day(y, z, x)
                    } else if z > 12 {
                        day(y, x, z)
                    } else {
                        match order {
                            DateOrder::DayFirst => day(y, z, x),
                            DateOrder::MonthFirst => day(y, x, z),
                            DateOrder::Auto => {
                                // Validate both readings cheaply: months and
                                // days <= 12 always exist.
                                Some(PartialDate::year(y))
                            }
                        }
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        parse_date(s, DateOrder::Auto).map(|d| d.to_string())
    }

    #[test]
    fn common_forms() {
        assert_eq!(p("1961-08-21").as_deref(), Some("1961-08-21"));
        assert_eq!(p("1961/08/21").as_deref(), Some("1961-08-21"));
        assert_eq!(p("19610821").as_deref(), Some("1961-08-21"));
        assert_eq!(p("1961-08").as_deref(), Some("1961-08"));
        assert_eq!(p("1961").as_deref(), Some("1961"));
        assert_eq!(p("21/08/1961").as_deref(), Some("1961-08-21"));
        assert_eq!(p("08/21/1961").as_deref(), Some("1961-08-21"));
        assert_eq!(p("21.08.1961").as_deref(), Some("1961-08-21"));
        assert_eq!(p("21 Aug 1961").as_deref(), Some("1961-08-21"));
        assert_eq!(p("August 21, 1961").as_deref(), Some("1961-08-21"));
        assert_eq!(p("Aug 1961").as_deref(), Some("1961-08"));
        assert_eq!(p("1961-08-21T00:00:00").as_deref(), Some("1961-08-21"));
        assert_eq!(p("1961-08-21 00:00:00").as_deref(), Some("1961-08-21"));
    }

    #[test]
    fn ambiguous_keeps_year_unless_told() {
        assert_eq!(p("03/04/1970").as_deref(), Some("1970"));
        assert_eq!(p("04/04/1970").as_deref(), Some("1970-04-04"));
        let d = parse_date("03/04/1970", DateOrder::DayFirst).map(|d| d.to_string());
        assert_eq!(d.as_deref(), Some("1970-04-03"));
        let m = parse_date("03/04/1970", DateOrder::MonthFirst).map(|d| d.to_string());
        assert_eq!(m.as_deref(), Some("1970-03-04"));
    }

    #[test]
    fn rejects_non_dates() {
        for s in [
            "",
            "unknown",
            "31/31/1970",
            "1970-13-01",
            "12",
            "Foo 1970",
            "1970-02-30",
        ] {
            assert_eq!(p(s), None, "{s}");
        }
    }
}
