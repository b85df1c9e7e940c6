//! State's Nonproliferation Sanctions as `isn.csv`: `Source List, Programs,
//! Name, Alternative Names, Country, Federal Register Notice, Effective Date
//! (M/D/YYYY), Remarks/Notes, Web Link`; one row per (party, program).
//! Alternative names are comma-joined with `F.K.A.` inline.

use denylist_model::{country_code, Entity, Name, NameKind, NameStrength};

use super::{add_distinct_property, earlier, guess_schema, mdy, Parties};
use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

/// The ISN CSV format.
pub(crate) struct IsnCsv;

const FORMAT_ID: &str = "us-state-isn-csv";
const SOURCE: &str = "us-state-isn";

impl Format for IsnCsv {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        SOURCE
    }

    fn description(&self) -> &'static str {
        "State Department Nonproliferation Sanctions (ISN), CSV"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        file.head(512)
            .lines()
            .next()
            .is_some_and(|l| l.starts_with("Source List,Programs,Name,Alternative Names,"))
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, FORMAT_ID)?;
        let name = file.name.as_str();
        let source = options.source_or(SOURCE)?;
        let parties = Parties::read(file, source, |parties, warnings, rec, line| {
            if rec.len() != 9 {
                warnings.push(Warning::new(
                    name,
                    line,
                    format!(
                        "row has {} fields, expected 9 (file cut?); skipped",
                        rec.len()
                    ),
                ));
                return;
            }
            let f = |i: usize| rec.get(i).unwrap_or("").trim();
            let party = f(2);
            if party.is_empty() {
                warnings.push(Warning::new(name, line, "row has no Name; skipped"));
                return;
            }
            let Some(e) = parties.entry(party, |id| {
                let mut e = Entity::new(id, guess_schema(party));
                if !f(0).is_empty() {
                    e.list = Some(f(0).to_string());
                }
                e
            }) else {
                return;
            };
            for alt in f(3).split([',', ';']) {
                let alt = alt.trim();
                let (kind, alt) = match alt.get(..6) {
                    Some(p) if p.eq_ignore_ascii_case("f.k.a.") => (NameKind::Fka, alt[6..].trim()),
                    Some(p) if p.eq_ignore_ascii_case("a.k.a.") => (NameKind::Aka, alt[6..].trim()),
                    _ => (NameKind::Aka, alt),
                };
                if !alt.is_empty() && !e.names.iter().any(|n| n.full == alt) {
                    e.names.push(Name::new(alt, kind, NameStrength::Unknown));
                }
            }
            for p in f(1).split(';').map(str::trim).filter(|p| !p.is_empty()) {
                if !e.programs.iter().any(|x| x == p) {
                    e.programs.push(p.to_string());
                }
            }
            match country_code(f(4)) {
                Some(c) => e.add_country(c),
                None => add_distinct_property(e, "Country", f(4)),
            }
            match mdy(f(6)) {
                Some(d) if earlier(e.listed_on.as_ref(), &d) => e.listed_on = Some(d),
                Some(_) => {}
                None if !f(6).is_empty() => warnings.push(Warning::new(
                    name,
                    line,
                    format!("Effective Date {:?} is not M/D/YYYY", f(6)),
                )),
                None => {}
            }
            add_distinct_property(e, "Federal Register Notice", f(5));
            add_distinct_property(e, "Web Link", f(8));
            if !f(7).is_empty() && !e.remarks.iter().any(|r| r == f(7)) {
                e.remarks.push(f(7).to_string());
            }
        })?;
        Ok(parties.into_list(FORMAT_ID, options))
    }
}
