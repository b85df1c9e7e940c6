//! Synthetic SDN-like entities for the store benchmarks: deterministic,
//! about 1 KB of JSON each, with the variety of real list text.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, Utc};
use denylist_model::{
    Address, CountryCode, Entity, FuzzyDate, Identifier, IdentifierKind, Name, NameKind,
    NameStrength, PartialDate, Place, Schema, SourceId,
};
use denylist_store::{sha256, version_id_for, ImportRequest};

const WORDS: &[&str] = &[
    "AL",
    "ABDUL",
    "MOHAMMED",
    "IVANOV",
    "PETROV",
    "HASSAN",
    "GARCIA",
    "LOPEZ",
    "KIM",
    "CHOL",
    "TRADING",
    "COMPANY",
    "LIMITED",
    "GROUP",
    "SHIPPING",
    "BANK",
    "INTERNATIONAL",
    "HOLDING",
    "ENERGY",
    "MARITIME",
    "SERGEY",
    "ALEXANDER",
    "OMAR",
    "RAHMAN",
    "JOSE",
    "MARIA",
    "VLADIMIR",
    "DMITRY",
    "ZHANG",
    "WEI",
    "LI",
    "HUSSEIN",
    "KHALIL",
    "YUSUF",
    "NIKOLAI",
    "ANDREI",
    "FERNANDO",
];
const PROGRAMS: &[&str] = &[
    "SDGT",
    "RUSSIA-EO14024",
    "UKRAINE-EO13662",
    "IRAN",
    "CYBER2",
    "SDNTK",
    "GLOMAG",
    "DPRK3",
    "VENEZUELA-EO13850",
    "IFSR",
    "NPWMD",
    "BALKANS",
    "SYRIA",
    "ILLICIT-DRUGS-EO14059",
];
const COUNTRIES: &[&str] = &[
    "RU", "IR", "SY", "KP", "VE", "MX", "CO", "AE", "CN", "TR", "LB",
];
const CITIES: &[&str] = &[
    "Moscow", "Tehran", "Damascus", "Caracas", "Culiacan", "Dubai", "Beirut",
];

/// A small deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// Next value.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| self.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// `us-ofac-sdn`.
pub fn sdn() -> SourceId {
    "us-ofac-sdn".parse().unwrap()
}

/// Entity number `n` in state `rev` (a different `rev` changes a few fields).
pub fn entity(n: u64, rev: u64) -> Entity {
    let mut r = Rng::new(n.wrapping_mul(7919) ^ rev.wrapping_mul(104_729));
    let person = !n.is_multiple_of(3);
    let schema = if person {
        Schema::Person
    } else {
        Schema::Organization
    };
    let mut e = Entity::new(
        format!("us-ofac-sdn:{}", 10_000 + n).parse().unwrap(),
        schema,
    );
    e.names
        .push(Name::primary(format!("{}, {}", r.words(1), r.words(2))));
    for _ in 0..r.below(4) {
        e.names
            .push(Name::new(r.words(3), NameKind::Aka, NameStrength::Strong));
    }
    let country = CountryCode::new(r.pick(COUNTRIES)).unwrap();
    if person {
        let y = 1940 + r.below(60) as i32;
        let born = PartialDate::day(y, 1 + r.below(12) as u8, 1 + r.below(28) as u8).unwrap();
        e.birth_dates.push(FuzzyDate::on(born));
        e.birth_places.push(Place {
            text: format!("{}, {}", r.pick(CITIES), country.as_str()),
            country: Some(country),
        });
        e.nationalities.push(country);
        e.identifiers.push(Identifier::new(
            IdentifierKind::Passport,
            "Passport",
            format!("{:09}", r.next() % 1_000_000_000),
        ));
    } else {
        e.identifiers.push(Identifier::new(
            IdentifierKind::Registration,
            "Registration Number",
            format!("{:013}", r.next() % 10_000_000_000_000),
        ));
    }
    e.addresses.push(Address {
        street: vec![format!("{} Street {}", r.words(1), r.below(200))],
        city: Some(r.pick(CITIES).to_string()),
        country: Some(country),
        ..Address::default()
    });
    e.programs.push(r.pick(PROGRAMS).to_string());
    e.remarks.push(format!(
        "Additional Sanctions Information - Subject to Secondary Sanctions; {} {}.",
        r.words(6),
        r.next() % 100_000
    ));
    e.add_property(
        "Secondary sanctions risk:",
        "Section 1(b) of Executive Order 13224",
    );
    e.listed_on = Some(FuzzyDate::on(PartialDate::from_naive(
        NaiveDate::from_ymd_opt(2010 + (n % 14) as i32, 1 + (n % 12) as u32, 1).unwrap(),
    )));
    e
}

/// A version: entities `0..count`, entity `i` in state `revs(i)`.
pub fn version(label: &str, published: NaiveDate, entities: Vec<Entity>) -> ImportRequest {
    let mut r = ImportRequest::from_files(
        sdn(),
        "us-ofac-csv",
        Some(published),
        &[("sdn.csv", label.as_bytes())],
        entities,
    );
    r.version_id = version_id_for(&[sha256(label.as_bytes())]);
    r.imported_at = Some(DateTime::<Utc>::from_naive_utc_and_offset(
        published.and_hms_opt(12, 0, 0).unwrap(),
        Utc,
    ));
    r
}

/// Total size of the files in a directory.
pub fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum()
}
