//! DFAT date notations: Excel serials, years in General cells, and the
//! free-text `Date of Birth` forms (`Approximately 1963`, `Between 1962 and
//! 1963`, `12 Dec. 1970`, `01/02/1960` day first, `a) … b) …` lists).

use chrono::NaiveDate;
use denylist_model::{FuzzyDate, PartialDate};

/// An Excel serial day number (epoch 1899-12-30) as a date.
pub(crate) fn excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial as u64))
}

/// Splits `a) X b) Y` (and `;`, ` or `, `>>`, `alt DOB:` separated lists)
/// into items.
pub(crate) fn split_items(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    for lettered in split_lettered(text) {
        let mut s = lettered.replace(">>", ";").replace("alt DOB:", ";");
        s = s.replace(" or ", ";");
        for part in s.split([';', ',']) {
            let p = part.trim();
            if !p.is_empty() {
                items.push(p.to_string());
            }
        }
    }
    items
}

/// Splits `a) X b) Y c) Z`; text without `a)` is one item.
pub(crate) fn split_lettered(text: &str) -> Vec<String> {
    let t = text.trim();
    let Some(mut rest) = t.strip_prefix("a)") else {
        return if t.is_empty() {
            Vec::new()
        } else {
            vec![t.to_string()]
        };
    };
    let mut out = Vec::new();
    let mut next = b'b';
    loop {
        let marker = format!("{})", next as char);
        let hit = rest.match_indices(&marker).find(|(i, _)| {
            rest[..*i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_whitespace() || c == ';' || c == ',')
        });
        match hit {
            Some((i, _)) if next <= b'z' => {
                out.push(
                    rest[..i]
                        .trim()
                        .trim_end_matches([';', ','])
                        .trim()
                        .to_string(),
                );
                rest = &rest[i + 2..];
                next += 1;
            }
            _ => {
                out.push(rest.trim().to_string());
                break;
            }
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Reads one date item.
pub(crate) fn parse_item(text: &str) -> Option<FuzzyDate> {
    let t = text.trim().trim_end_matches(['.', ',', ';']).trim();
    if t.is_empty() {
        return None;
    }
    let lower = t.to_lowercase();
    let mut circa = false;
    let mut rest = lower.as_str();
    for p in ["approximately", "approx.", "approx", "circa", "about", "c."] {
        if let Some(r) = rest.strip_prefix(p) {
            circa = true;
            rest = r.trim();
            break;
        }
    }
    let mut date = if let Some(r) = rest.strip_prefix("between ") {
        let (a, b) = r.split_once(" and ")?;
        range(a, b)?
    } else if let Some((a, b)) = rest.split_once(" to ") {
        range(a, b)?
    } else if let Some(d) = single(rest) {
        FuzzyDate::on(d)
    } else if let Some((a, b)) = rest.split_once('-') {
        range(a, b)?
    } else {
        return None;
    };
    if circa {
        date = date.circa();
    }
    let plain = t.parse::<PartialDate>().is_ok();
    if !plain {
        date = date.with_text(t);
    }
    Some(date)
}

fn range(a: &str, b: &str) -> Option<FuzzyDate> {
    let (a, b) = (single(a)?, single(b)?);
    (a <= b).then(|| FuzzyDate::range(a, b))
}

fn single(s: &str) -> Option<PartialDate> {
    let s = s.trim().trim_end_matches(['.', ',']);
    if let Ok(d) = s.parse::<PartialDate>() {
        return Some(d);
    }
    if s.contains('/') {
        let d = NaiveDate::parse_from_str(s, "%d/%m/%Y").ok()?;
        return (d.format("%Y").to_string().len() == 4).then(|| PartialDate::from_naive(d));
    }
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [y] => Some(PartialDate::year(year(y)?)),
        [m, y] => PartialDate::month(year(y)?, month(m)?).ok(),
        [d, m, y] => PartialDate::day(year(y)?, month(m)?, d.parse().ok()?).ok(),
        _ => None,
    }
}

fn year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|y| (1800..=2100).contains(y))
}

fn month(s: &str) -> Option<u8> {
    const M: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let w = s.to_lowercase();
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    M.iter().position(|m| w.starts_with(m)).map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> String {
        parse_item(s).map(|d| d.to_string()).unwrap_or_default()
    }

    #[test]
    fn serials_use_the_1899_epoch() {
        assert_eq!(excel_serial(41988.0).unwrap().to_string(), "2014-12-15");
        assert!(excel_serial(-3.0).is_none());
    }

    #[test]
    fn lettered_lists_split() {
        assert_eq!(
            split_lettered("a) Approximately 1955- 1958 b) Approximately 1945-1950"),
            ["Approximately 1955- 1958", "Approximately 1945-1950"]
        );
        assert_eq!(
            split_items("a) 01/02/1960; alt DOB: 02/03/1961 b) 1953"),
            ["01/02/1960", "02/03/1961", "1953"]
        );
    }

    #[test]
    fn text_forms() {
        assert_eq!(iso("Approximately 1963"), "circa 1963");
        assert_eq!(iso("Between 1962 and 1963"), "1962 to 1963");
        assert_eq!(iso("12 Dec. 1970"), "1970-12-12");
        assert_eq!(iso("01/02/1960"), "1960-02-01");
        assert_eq!(iso("Approximately 1955- 1958"), "circa 1955 to 1958");
        assert_eq!(iso("March 1961 to March 1962"), "1961-03 to 1962-03");
        assert_eq!(iso("1969"), "1969");
        assert_eq!(iso("na"), "");
    }
}
