//! The BIS Denied Persons List as published in `dpl.txt`: tab-separated,
//! every field double-quoted, a header row, one row per (party, address).
//!
//! The file has no id and no person/entity flag, so:
//! - rows are grouped into one party by their name, upper-cased with
//!   whitespace collapsed (91 names repeat in 2018, one row per address);
//! - the entity id is `us-bis-dpl:` plus the first 16 hex digits of the
//!   sha256 of that normalised name, stable across editions;
//! - the schema is Organization when the name holds a company word (`INC`,
//!   `LTD`, `LLC`, `CORPORATION`, `GMBH`, `AIRLINES`, ...), else Person;
//! - aliases inside names (`FUYI SUN A/K/A FRANK SUN`, `PEARL (A.K.A.
//!   NEI-CHIEN CHU) LI`) become a.k.a. names of unknown strength.
//!
//! `Effective_Date` (MM/DD/YYYY) is `listed_on` (the earliest of the
//! party's rows); `Expiration_Date`, `Standard_Order`, `Last_Update`,
//! `Action` and `FR_Citation` are kept as properties.

use std::collections::HashMap;

use chrono::NaiveDate;
use denylist_model::{
    Address, CountryCode, Entity, EntityId, FuzzyDate, Name, NameKind, NameStrength, PartialDate,
    Schema, SourceId,
};
use sha2::{Digest, Sha256};

use crate::csv_lines::RecordLines;
use crate::input::single_file;
use crate::{Format, InputFile, ParseError, ParseOptions, ParsedList, Warning};

/// The `dpl.txt` format.
pub(crate) struct DplTxt;

const FORMAT_ID: &str = "us-bis-dpl-txt";
const SOURCE: &str = "us-bis-dpl";

const COLUMNS: [&str; 12] = [
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
];

impl Format for DplTxt {
    fn id(&self) -> &'static str {
        FORMAT_ID
    }

    fn default_source(&self) -> &'static str {
        SOURCE
    }

    fn description(&self) -> &'static str {
        "BIS Denied Persons List, tab-separated dpl.txt"
    }

    fn sniff(&self, file: &InputFile) -> bool {
        let head = file.head(512);
        let first = head.lines().next().unwrap_or("").replace('"', "");
        first.starts_with("Name\tStreet_Address\t")
    }

    fn parse(&self, files: &[InputFile], options: &ParseOptions) -> Result<ParsedList, ParseError> {
        let file = single_file(files, FORMAT_ID)?;
        let (rows, mut warnings) = read_rows(file)?;
        let source = options.source_or(SOURCE)?;
        let record_count = rows.len();
        let entities = group(&source, &file.name, &rows, &mut warnings);
        Ok(ParsedList {
            source,
            format: FORMAT_ID,
            published: options.as_of,
            entities,
            warnings,
            record_count,
        })
    }
}

/// One row of `dpl.txt`, every column as published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct DplRow {
    /// 1-based line.
    pub line: u64,
    /// The twelve columns, in [`COLUMNS`] order.
    pub fields: [String; 12],
}

impl DplRow {
    fn get(&self, column: &str) -> &str {
        COLUMNS
            .iter()
            .position(|c| *c == column)
            .map(|i| self.fields[i].trim())
            .unwrap_or("")
    }
}

fn read_rows(file: &InputFile) -> Result<(Vec<DplRow>, Vec<Warning>), ParseError> {
    let name = file.name.as_str();
    let mut warnings = Vec::new();
    let text = match std::str::from_utf8(&file.bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(e) => {
            warnings.push(Warning::new(
                name,
                None,
                format!("not UTF-8 ({e}); read as Windows-1252"),
            ));
            encoding_rs::WINDOWS_1252.decode(&file.bytes).0
        }
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = RecordLines::new(text.as_bytes());
    let mut records = rdr.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(csv_error(name, &e)),
        None => {
            return Err(ParseError::Empty {
                file: name.to_string(),
            })
        }
    };
    let header: Vec<&str> = header.iter().map(str::trim).collect();
    if header.len() < COLUMNS.len() || header[..COLUMNS.len()] != COLUMNS {
        return Err(ParseError::at_line(
            name,
            1,
            format!("header is not the dpl.txt header: {header:?}"),
        ));
    }
    let mut rows = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| csv_error(name, &e))?;
        let line = lines.line(rec.position()).unwrap_or(0);
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != COLUMNS.len() {
            warnings.push(Warning::new(
                name,
                Some(line),
                format!(
                    "row has {} fields, expected {} (file cut?); skipped",
                    rec.len(),
                    COLUMNS.len()
                ),
            ));
            continue;
        }
        let mut fields: [String; 12] = Default::default();
        for (slot, value) in fields.iter_mut().zip(rec.iter()) {
            *slot = value.to_string();
        }
        rows.push(DplRow { line, fields });
    }
    Ok((rows, warnings))
}

fn csv_error(file: &str, e: &csv::Error) -> ParseError {
    ParseError::Syntax {
        file: file.to_string(),
        line: e.position().map(|p| p.line()),
        path: None,
        message: e.to_string(),
    }
}

/// The grouping key: the name upper-cased, whitespace collapsed.
pub(crate) fn party_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// The native id of a party (see the module header).
pub(crate) fn native_id(key: &str) -> String {
    let digest = hex::encode(Sha256::digest(key.as_bytes()));
    digest[..16].to_string()
}

/// Splits `A A/K/A B` and `A (A.K.A. B) C` into the name and its aliases.
pub(crate) fn split_aliases(name: &str) -> (String, Vec<String>) {
    let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let upper = name.to_uppercase();
    let mut aliases = Vec::new();
    // `(A.K.A. X)` inside the name.
    if let Some(start) = upper.find("(A.K.A.") {
        if let Some(len) = upper[start..].find(')') {
            let inner = &name[start + "(A.K.A.".len()..start + len];
            let rest = format!("{}{}", &name[..start], &name[start + len + 1..]);
            let (primary, mut more) = split_aliases(&rest);
            aliases.push(clean(inner));
            aliases.append(&mut more);
            return (primary, aliases);
        }
    }
    let mut parts = Vec::new();
    let mut rest = name;
    loop {
        let up = rest.to_uppercase();
        let hit = ["A/K/A", "F/K/A", "D/B/A"]
            .iter()
            .filter_map(|m| up.find(m).map(|i| (i, m.len())))
            .min();
        match hit {
            Some((i, len)) if rest.is_char_boundary(i) && rest.is_char_boundary(i + len) => {
                parts.push(clean(&rest[..i]));
                rest = &rest[i + len..];
            }
            _ => {
                parts.push(clean(rest));
                break;
            }
        }
    }
    let mut it = parts.into_iter().filter(|p| !p.is_empty());
    let primary = it.next().unwrap_or_default();
    aliases.extend(it);
    (primary, aliases)
}

/// Company words that make a name an organisation.
const ORG_WORDS: &[&str] = &[
    "INC",
    "LTD",
    "LLC",
    "CO",
    "CORP",
    "CORPORATION",
    "COMPANY",
    "GMBH",
    "LIMITED",
    "S.A",
    "SA",
    "AG",
    "BV",
    "PVT",
    "PLC",
    "INTERNATIONAL",
    "TRADING",
    "ENTERPRISE",
    "ENTERPRISES",
    "GROUP",
    "INDUSTRIES",
    "INDUSTRIE",
    "TECHNOLOGY",
    "TECHNOLOGIES",
    "SERVICE",
    "SERVICES",
    "ELECTRONICS",
    "AIRLINES",
    "AIRLINE",
    "AIRWAYS",
    "AVIATION",
    "EXPORT",
    "EXPORTS",
    "IMPORT",
    "FREIGHT",
    "SUPPLY",
    "ENGINEERING",
    "SOLUTIONS",
    "SYSTEMS",
    "EQUIPMENT",
    "ZONE",
    "CONSTRUCTION",
    "CONTRACTING",
    "MACHINERY",
    "REFINING",
    "EST",
    "ESTABLISHMENT",
    "FZE",
    "FZCO",
    "LOGISTICS",
    "SHIPPING",
    "AEROSPACE",
    "MATERIALS",
    "COMPONENTS",
    "IMAGE",
];

fn guess_schema(name: &str) -> Schema {
    let up = name.to_uppercase();
    let is_org = up
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .map(|w| w.trim_end_matches('.'))
        .any(|w| ORG_WORDS.contains(&w));
    if is_org {
        Schema::Organization
    } else {
        Schema::Person
    }
}

fn mdy(s: &str) -> Option<FuzzyDate> {
    let d = NaiveDate::parse_from_str(s.trim(), "%m/%d/%Y").ok()?;
    Some(FuzzyDate::on(PartialDate::from_naive(d)))
}

fn group(
    source: &SourceId,
    file: &str,
    rows: &[DplRow],
    warnings: &mut Vec<Warning>,
) -> Vec<Entity> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<&DplRow>> = HashMap::new();
    for r in rows {
        let key = party_key(r.get("Name"));
        if key.is_empty() {
            warnings.push(Warning::new(file, Some(r.line), "row has no name; skipped"));
            continue;
        }
        let g = groups.entry(key.clone()).or_default();
        if g.is_empty() {
            order.push(key);
        }
        if g.iter().any(|o| o.fields == r.fields) {
            warnings.push(Warning::new(
                file,
                Some(r.line),
                "exact duplicate of an earlier row; skipped",
            ));
            continue;
        }
        g.push(r);
    }
    let mut out = Vec::with_capacity(order.len());
    for key in order {
        let Some(rows) = groups.get(&key) else {
            continue;
        };
        let Some(first) = rows.first() else { continue };
        let id = match EntityId::new(source, &native_id(&key)) {
            Ok(id) => id,
            Err(e) => {
                warnings.push(Warning::new(
                    file,
                    Some(first.line),
                    format!("{e}; skipped"),
                ));
                continue;
            }
        };
        let (primary, aliases) = split_aliases(first.get("Name"));
        let mut e = Entity::new(id, guess_schema(&primary));
        e.names.push(Name::primary(primary));
        for a in aliases {
            e.names
                .push(Name::new(a, NameKind::Aka, NameStrength::Unknown));
        }
        for r in rows {
            map_row(&mut e, r, file, warnings);
        }
        out.push(e);
    }
    out
}

fn map_row(e: &mut Entity, r: &DplRow, file: &str, warnings: &mut Vec<Warning>) {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let country = r.get("Country");
    let address = Address {
        street: opt(r.get("Street_Address")).into_iter().collect(),
        city: opt(r.get("City")),
        region: opt(r.get("State")),
        postal_code: opt(r.get("Postal_Code")),
        country_name: None,
        country: CountryCode::new(country).ok(),
        note: None,
    };
    if !country.is_empty() && address.country.is_none() {
        warnings.push(Warning::new(
            file,
            Some(r.line),
            format!("country {country:?} is not ISO 3166 alpha-2; dropped"),
        ));
    }
    if address != Address::default() && !e.addresses.contains(&address) {
        e.addresses.push(address);
    }
    let eff = r.get("Effective_Date");
    if !eff.is_empty() {
        match mdy(eff) {
            Some(d) => {
                let earlier = !matches!(&e.listed_on, Some(cur) if cur.from <= d.from);
                if earlier {
                    e.listed_on = Some(d);
                }
            }
            None => warnings.push(Warning::new(
                file,
                Some(r.line),
                format!("Effective_Date {eff:?} is not MM/DD/YYYY; dropped"),
            )),
        }
    }
    for col in [
        "Expiration_Date",
        "Standard_Order",
        "Last_Update",
        "Action",
        "FR_Citation",
    ] {
        let v = r.get(col);
        if !v.is_empty()
            && !e
                .properties
                .get(col)
                .is_some_and(|vs| vs.iter().any(|x| x == v))
        {
            e.add_property(col, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_inside_names() {
        assert_eq!(
            split_aliases("FUYI SUN A/K/A FRANK SUN"),
            ("FUYI SUN".to_string(), vec!["FRANK SUN".to_string()])
        );
        assert_eq!(
            split_aliases("PEARL (A.K.A. NEI-CHIEN CHU) LI"),
            ("PEARL LI".to_string(), vec!["NEI-CHIEN CHU".to_string()])
        );
        assert_eq!(split_aliases(" I. ASH").0, "I. ASH");
    }

    #[test]
    fn company_words_make_organisations() {
        assert_eq!(guess_schema("ALPHATRONX, INC."), Schema::Organization);
        assert_eq!(
            guess_schema("AL NASER WINGS AIRLINES"),
            Schema::Organization
        );
        assert_eq!(guess_schema("ADRIAN MANUEL HERNANDEZ"), Schema::Person);
    }

    #[test]
    fn ids_ignore_spacing_and_case() {
        assert_eq!(
            native_id(&party_key(" I.  ash")),
            native_id(&party_key("I. ASH"))
        );
        assert_eq!(native_id("I. ASH").len(), 16);
    }
}
