//! State's Nonproliferation Sanctions as `isn.csv`: `Source List, Programs,
//! Name, Alternative Names, Country, Federal Register Notice, Effective Date
//! (M/D/YYYY), Remarks/Notes, Web Link`; one row per (party, program).
//! Alternative names are comma-joined with `F.K.A.` inline.

use std::collections::HashMap;

use denylist_model::{country_code, Entity, EntityId, Name, NameKind, NameStrength};

use super::{earlier, guess_schema, mdy, native_id, party_key};
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
        let [file] = files else {
            return Err(ParseError::FileSet {
                message: format!("{FORMAT_ID} reads one file, got {}", files.len()),
            });
        };
        let name = file.name.as_str();
        let source = options.source_or(SOURCE)?;
        let text = String::from_utf8_lossy(
            file.bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(&file.bytes),
        )
        .into_owned();
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut warnings = Vec::new();
        let mut order: Vec<String> = Vec::new();
        let mut entities: HashMap<String, Entity> = HashMap::new();
        let mut count = 0usize;
        for rec in rdr.records() {
            let rec = rec.map_err(|e| ParseError::Syntax {
                file: name.to_string(),
                line: e.position().map(|p| p.line()),
                path: None,
                message: e.to_string(),
            })?;
            let line = rec.position().map(|p| p.line());
            count += 1;
            if rec.len() != 9 {
                warnings.push(Warning::new(
                    name,
                    line,
                    format!(
                        "row has {} fields, expected 9 (file cut?); skipped",
                        rec.len()
                    ),
                ));
                continue;
            }
            let f = |i: usize| rec.get(i).unwrap_or("").trim();
            let party = f(2);
            if party.is_empty() {
                warnings.push(Warning::new(name, line, "row has no Name; skipped"));
                continue;
            }
            let key = party_key(party);
            let e = match entities.get_mut(&key) {
                Some(e) => e,
                None => {
                    let Ok(id) = EntityId::new(&source, &native_id(&key)) else {
                        continue;
                    };
                    let mut e = Entity::new(id, guess_schema(party));
                    e.names.push(Name::primary(party));
                    if !f(0).is_empty() {
                        e.list = Some(f(0).to_string());
                    }
                    order.push(key.clone());
                    entities.entry(key).or_insert(e)
                }
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
            if let Some(c) = country_code(f(4)) {
                e.add_country(c);
            } else if !f(4).is_empty()
                && !e
                    .properties
                    .get("Country")
                    .is_some_and(|v| v.iter().any(|x| x == f(4)))
            {
                e.add_property("Country", f(4));
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
            for (i, label) in [(5, "Federal Register Notice"), (8, "Web Link")] {
                let v = f(i);
                if !v.is_empty()
                    && !e
                        .properties
                        .get(label)
                        .is_some_and(|x| x.iter().any(|y| y == v))
                {
                    e.add_property(label, v);
                }
            }
            if !f(7).is_empty() && !e.remarks.iter().any(|r| r == f(7)) {
                e.remarks.push(f(7).to_string());
            }
        }
        let entities = order
            .into_iter()
            .filter_map(|k| entities.remove(&k))
            .collect();
        Ok(ParsedList {
            source,
            format: FORMAT_ID,
            published: options.as_of,
            entities,
            warnings,
            record_count: count,
        })
    }
}
