//! Deterministic innocent customers from the shared name lists (US census
//! first and last names, NASDAQ-listed company names), plus the five
//! customers of the Intellexa scenario of issue #7, as CSV rows.
//!
//! Included by path from the monitor tests, the CLI monitoring tests and the
//! monitoring benchmark, so all of them screen the same registry.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `../shared/data` beside the repository.
pub fn shared_data() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
}

/// One row of the customer CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `customer_id`.
    pub id: String,
    /// `type`: person or company.
    pub kind: &'static str,
    /// `first_name`.
    pub first: String,
    /// `middle_name`.
    pub middle: String,
    /// `last_name`.
    pub last: String,
    /// `company`.
    pub company: String,
    /// `dob`.
    pub dob: String,
    /// `country`.
    pub country: &'static str,
}

/// The CSV header.
pub const HEADER: &str = "customer_id,type,first_name,middle_name,last_name,company,dob,country";

impl Row {
    /// The row as a CSV line (no field holds a quote).
    pub fn csv(&self) -> String {
        let q = |s: &str| {
            if s.contains(',') {
                format!("\"{s}\"")
            } else {
                s.to_string()
            }
        };
        format!(
            "{},{},{},{},{},{},{},{}",
            q(&self.id),
            self.kind,
            q(&self.first),
            q(&self.middle),
            q(&self.last),
            q(&self.company),
            self.dob,
            self.country
        )
    }

    /// The name screening reads.
    pub fn name(&self) -> String {
        if self.company.is_empty() {
            [&self.first, &self.middle, &self.last]
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            self.company.clone()
        }
    }
}

fn census(file: &str, n: usize) -> Vec<String> {
    let path = shared_data().join("names/us_census_1990_names").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter_map(|l| l.split_whitespace().next())
        .take(n)
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_string() + &c.as_str().to_lowercase())
                .unwrap_or_default()
        })
        .collect()
}

fn companies() -> Vec<String> {
    let path = shared_data().join("names/company_names_listed/nasdaq-listed-symbols.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out: Vec<String> = Vec::new();
    for line in text.lines().skip(1) {
        // Symbol,Company Name,Security Name,...,ETF,NextShares (no quotes in
        // the company names kept).
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() < 9 || fields[7] != "N" || line.contains('"') {
            continue;
        }
        let name = fields[1].trim();
        if !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

fn mix(mut x: u64) -> u64 {
    // splitmix64
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

const COUNTRIES: [&str; 10] = ["US", "US", "US", "GB", "CA", "DE", "FR", "MX", "IN", "PH"];

/// `n` innocent customers, ids `C000000`...: about one in 40 a NASDAQ-listed
/// company, the others a census first name and surname with a birth date
/// and a country. The same `n` always gives the same rows.
pub fn innocent(n: usize) -> Vec<Row> {
    let mut firsts = census("dist.male.first", 1219);
    firsts.extend(census("dist.female.first", 4275));
    let lasts = census("dist.all.last", 30_000);
    let companies = companies();
    let mut next_company = 0usize;
    (0..n)
        .map(|i| {
            let h = mix(i as u64);
            let id = format!("C{i:06}");
            if i % 40 == 17 && next_company < companies.len() {
                next_company += 1;
                return Row {
                    id,
                    kind: "company",
                    first: String::new(),
                    middle: String::new(),
                    last: String::new(),
                    company: companies[next_company - 1].clone(),
                    dob: String::new(),
                    country: "US",
                };
            }
            let year = 1930 + (h >> 16) % 75;
            let month = 1 + (h >> 24) % 12;
            let day = 1 + (h >> 28) % 28;
            Row {
                id,
                kind: "person",
                first: firsts[(h % firsts.len() as u64) as usize].clone(),
                middle: String::new(),
                last: lasts[((h >> 32) % lasts.len() as u64) as usize].clone(),
                company: String::new(),
                dob: format!("{year:04}-{month:02}-{day:02}"),
                country: COUNTRIES[((h >> 40) % COUNTRIES.len() as u64) as usize],
            }
        })
        .collect()
}

fn person(id: &str, first: &str, middle: &str, last: &str, dob: &str) -> Row {
    Row {
        id: id.into(),
        kind: "person",
        first: first.into(),
        middle: middle.into(),
        last: last.into(),
        company: String::new(),
        dob: dob.into(),
        country: "",
    }
}

fn company(id: &str, name: &str) -> Row {
    Row {
        id: id.into(),
        kind: "company",
        first: String::new(),
        middle: String::new(),
        last: String::new(),
        company: name.into(),
        dob: String::new(),
        country: "",
    }
}

/// The five customers designated on 2024-03-05 (Intellexa and Cytrox), as
/// a bank would have them, with the SDN entity each must alert on.
pub fn intellexa_five() -> Vec<(Row, &'static str)> {
    vec![
        (
            person("K000001", "Tal", "", "Dilian", "1961"),
            "us-ofac-sdn:48060",
        ),
        (
            person("K000002", "Sara", "Aleksandra Fayssal", "Hamou", ""),
            "us-ofac-sdn:48061",
        ),
        (company("K000003", "Intellexa SA"), "us-ofac-sdn:48059"),
        (company("K000004", "Cytrox A.D."), "us-ofac-sdn:48067"),
        (company("K000005", "Thalestris Ltd"), "us-ofac-sdn:48076"),
    ]
}

/// Writes rows as a customer CSV.
pub fn write_csv(path: &Path, rows: &[Row]) {
    let mut s = String::with_capacity(rows.len() * 64);
    s.push_str(HEADER);
    s.push('\n');
    for r in rows {
        s.push_str(&r.csv());
        s.push('\n');
    }
    std::fs::write(path, s).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A real SDN file of the history folder.
pub fn sdn_history(date: &str) -> PathBuf {
    shared_data().join(format!("lists/us-ofac-sdn/history/{date}/sdn.csv"))
}
