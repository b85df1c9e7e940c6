//! The ITAR debarred parties list (DDTC), as trade.gov's CSV:
//! `Debarred Party Full Name and Alias, Date of Birth, Notice, Notice Date,
//! Corrected Notice, Corrected Notice Date`. Names carry their aliases:
//! `Du, Gia An (a.k.a. Anthony Huynh; Simon Du; Gia Simon Du)`; the date of
//! birth is `October, 1970` or empty; `Notice Date` (M/D/YYYY) is
//! `listed_on`.

use denylist_model::{Entity, FuzzyDate, Name, NameKind, NameStrength, PartialDate};

use super::{add_distinct_property, earlier, guess_schema, mdy, Parties};
use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

/// The DTC CSV format.
pub(crate) struct DtcCsv;

const FORMAT_ID: &str = "us-state-dtc-csv";
const SOURCE: &str = "us-state-dtc";

impl Format for DtcCsv {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        SOURCE
    }

    fn description(&self) -> &'static str {
        "State Department ITAR debarred parties (DTC), CSV"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        file.head(512).lines().next().is_some_and(|l| {
            l.replace('"', "")
                .starts_with("Debarred Party Full Name and Alias,")
        })
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, FORMAT_ID)?;
        let name = file.name.as_str();
        let source = options.source_or(SOURCE)?;
        let parties = Parties::read(file, source, |parties, warnings, rec, line| {
            if rec.len() < 4 {
                warnings.push(Warning::new(
                    name,
                    line,
                    format!(
                        "row has {} fields, expected 6 (file cut?); skipped",
                        rec.len()
                    ),
                ));
                return;
            }
            let f = |i: usize| rec.get(i).unwrap_or("").trim();
            let (primary, aliases) = split_aliases(f(0));
            if primary.is_empty() {
                warnings.push(Warning::new(name, line, "row has no name; skipped"));
                return;
            }
            let Some(e) = parties.entry(&primary, |id| Entity::new(id, guess_schema(&primary)))
            else {
                return;
            };
            for a in aliases {
                if !e.names.iter().any(|n| n.full == a) {
                    e.names
                        .push(Name::new(a, NameKind::Aka, NameStrength::Unknown));
                }
            }
            let dob = f(1);
            if !dob.is_empty() {
                match month_year(dob) {
                    Some(d) => {
                        if !e.birth_dates.contains(&d) {
                            e.birth_dates.push(d);
                        }
                    }
                    None => {
                        warnings.push(Warning::new(
                            name,
                            line,
                            format!("unreadable Date of Birth {dob:?}; kept as remark"),
                        ));
                        e.remarks.push(format!("Date of Birth: {dob}"));
                    }
                }
            }
            if let Some(d) = mdy(f(3)) {
                if earlier(e.listed_on.as_ref(), &d) {
                    e.listed_on = Some(d);
                }
            }
            for (i, label) in [
                (2, "Notice"),
                (3, "Notice Date"),
                (4, "Corrected Notice"),
                (5, "Corrected Notice Date"),
            ] {
                add_distinct_property(e, label, f(i));
            }
        })?;
        Ok(parties.into_list(FORMAT_ID, options))
    }
}

/// `Du, Gia An (a.k.a. Anthony Huynh; Simon Du)` → name and aliases.
pub(crate) fn split_aliases(text: &str) -> (String, Vec<String>) {
    let t = text.trim();
    let lower = t.to_lowercase();
    let Some(i) = lower.find("(a.k.a.").or_else(|| lower.find("(aka ")) else {
        return (t.to_string(), Vec::new());
    };
    let primary = t[..i].trim().to_string();
    let inner = t[i + 1..].trim_end_matches(')');
    let inner = inner.split_once(' ').map(|(_, r)| r).unwrap_or("");
    let aliases = inner
        .split(';')
        .map(|a| a.trim().trim_end_matches(')').trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();
    (primary, aliases)
}

/// `October, 1970`, `1970`.
fn month_year(s: &str) -> Option<FuzzyDate> {
    const M: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<&str> = s.split([',', ' ']).filter(|w| !w.is_empty()).collect();
    let year = |y: &str| -> Option<i32> { (y.len() == 4).then(|| y.parse().ok()).flatten() };
    let date = match words.as_slice() {
        [y] => PartialDate::year(year(y)?),
        [m, y] => {
            let m = m.to_lowercase();
            let idx = M.iter().position(|x| m.starts_with(x))?;
            PartialDate::month(year(y)?, idx as u8 + 1).ok()?
        }
        _ => return None,
    };
    Some(FuzzyDate::on(date).with_text(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_in_parentheses() {
        let (p, a) = split_aliases("Du, Gia An (a.k.a. Anthony Huynh; Simon Du; Gia Simon Du)");
        assert_eq!(p, "Du, Gia An");
        assert_eq!(a, ["Anthony Huynh", "Simon Du", "Gia Simon Du"]);
        assert_eq!(split_aliases("Aviv, Arie").1.len(), 0);
    }

    #[test]
    fn month_year_dob() {
        assert_eq!(month_year("October, 1970").unwrap().to_string(), "1970-10");
        assert!(month_year("soon").is_none());
    }
}
