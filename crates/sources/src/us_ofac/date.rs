//! OFAC date notation, shared by the CSV remarks and the legacy XML:
//! `10 Dec 1948`, `Sep 1938`, `1946`, `circa 1951`, `1951 to 1953`,
//! `01 Jan 1961 to 31 Dec 1962`, `circa 1979-1982`.

use denylist_model::{FuzzyDate, PartialDate};

/// Reads any OFAC date form into a [`FuzzyDate`].
///
/// A single day, month or year (`10 Dec 1948`, `Sep 1938`, `1946`, also ISO
/// `1948-12-10`) gives a plain date without `text`; approximate dates
/// (`circa …`) and ranges (`… to …`, `1979-1982`) keep the published wording
/// in `text`. Returns `None` when the text is not a date.
pub(crate) fn parse_ofac_date(text: &str) -> Option<FuzzyDate> {
    let trimmed = text.trim().trim_end_matches('.').trim();
    if trimmed.is_empty() {
        return None;
    }
    let (circa, rest) = strip_circa(trimmed);
    let mut date = if let Some((a, b)) = split_range(rest) {
        let from = parse_single(a)?;
        let to = parse_single(b)?;
        if to < from {
            return None;
        }
        FuzzyDate::range(from, to)
    } else {
        FuzzyDate::on(parse_single(rest)?)
    };
    if circa {
        date = date.circa();
    }
    if date.circa || date.to.is_some() {
        date = date.with_text(trimmed);
    }
    Some(date)
}

/// Splits off a leading `circa` / `approximately` / `ca.` / `about`.
fn strip_circa(s: &str) -> (bool, &str) {
    for prefix in [
        "circa",
        "approximately",
        "approx.",
        "approx",
        "ca.",
        "about",
        "c.",
    ] {
        if s.len() > prefix.len()
            && s.is_char_boundary(prefix.len())
            && s[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            let rest = &s[prefix.len()..];
            if rest.starts_with(' ') || prefix.ends_with('.') {
                return (true, rest.trim_start());
            }
        }
    }
    (false, s)
}

/// `A to B`, `A - B`, `1979-1982` (two years joined by a dash).
fn split_range(s: &str) -> Option<(&str, &str)> {
    for sep in [" to ", " - ", " through ", " and "] {
        if let Some(i) = s.find(sep) {
            return Some((&s[..i], &s[i + sep.len()..]));
        }
    }
    let b = s.as_bytes();
    if b.len() == 9 && b[4] == b'-' && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit) {
        return Some((&s[..4], &s[5..]));
    }
    None
}

/// One date: `10 Dec 1948`, `10 December 1948`, `Dec 1948`, `1948`,
/// `1948-12-10`, `1948-12`.
fn parse_single(s: &str) -> Option<PartialDate> {
    let s = s.trim().trim_end_matches(['.', ',']);
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'-') && s.contains('-') {
        return s.parse().ok();
    }
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [y] => Some(PartialDate::year(year(y)?)),
        [m, y] => {
            if let Some(m) = month(m) {
                PartialDate::month(year(y)?, m).ok()
            } else {
                None
            }
        }
        [d, m, y] => {
            // `10 Dec 1948`, also `Dec 10 1948`.
            let (day, mon) = match (number(d), month(m)) {
                (Some(day), Some(mon)) => (day, mon),
                _ => (number(m)?, month(d)?),
            };
            PartialDate::day(year(y)?, mon, day).ok()
        }
        _ => None,
    }
}

fn year(s: &str) -> Option<i32> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = s.parse().ok()?;
        (1000..=2999).contains(&y).then_some(y)
    } else {
        None
    }
}

fn number(s: &str) -> Option<u8> {
    if (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn month(s: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = s.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        let d = parse_ofac_date(text).unwrap_or_else(|| panic!("no date in {text:?}"));
        d.to_string()
    }

    #[test]
    fn every_ofac_date_form() {
        assert_eq!(iso("10 Dec 1948"), "1948-12-10");
        assert_eq!(iso("1946"), "1946");
        assert_eq!(iso("Sep 1938"), "1938-09");
        assert_eq!(iso("circa 1951"), "circa 1951");
        assert_eq!(iso("1951 to 1953"), "1951 to 1953");
        assert_eq!(
            iso("01 Jan 1961 to 31 Dec 1962"),
            "1961-01-01 to 1962-12-31"
        );
        assert_eq!(iso("Mar 1962 to Feb 1963"), "1962-03 to 1963-02");
        assert_eq!(iso("circa 07 Jul 1966"), "circa 1966-07-07");
        assert_eq!(iso("circa 1979-1982"), "circa 1979 to 1982");
        assert_eq!(iso("1948-12-10"), "1948-12-10");
        assert_eq!(iso("24 Feb 2022"), "2022-02-24");
        assert_eq!(iso("10 December 1948"), "1948-12-10");
    }

    #[test]
    fn text_is_kept_only_when_not_plain() {
        assert_eq!(parse_ofac_date("21 Aug 1961").unwrap().text, None);
        assert_eq!(parse_ofac_date("1946").unwrap().text, None);
        let c = parse_ofac_date("circa 1979-1982").unwrap();
        assert!(c.circa);
        assert_eq!(c.text.as_deref(), Some("circa 1979-1982"));
        let r = parse_ofac_date("1951 to 1953").unwrap();
        assert!(!r.circa);
        assert_eq!(r.text.as_deref(), Some("1951 to 1953"));
    }

    proptest::proptest! {
        #[test]
        fn any_text_never_panics(text in "\\PC{0,40}") {
            let _ = parse_ofac_date(&text);
        }

        #[test]
        fn day_dates_read_back(y in 1900i32..2030, m in 1u8..=12, d in 1u8..=28) {
            const MON: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let text = format!("{d:02} {} {y}", MON[m as usize - 1]);
            let date = parse_ofac_date(&text).unwrap();
            proptest::prop_assert_eq!(date.to_string(), format!("{y:04}-{m:02}-{d:02}"));
        }
    }

    #[test]
    fn non_dates_are_none() {
        for s in [
            "",
            "circa",
            "31 Feb 1960",
            "13 Foo 1960",
            "Male",
            "1953 to 1951",
            "12",
            "19xx",
            "10 Dec",
        ] {
            assert_eq!(parse_ofac_date(s), None, "{s:?}");
        }
    }
}
