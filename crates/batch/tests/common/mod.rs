//! Shared helpers: a small matcher from the CLI sample lists plus
//! generated entities.
#![allow(dead_code, missing_docs)]

use denylist_matching::Matcher;
use denylist_model::{Entity, Name, Schema};
use denylist_sources::{parse_files, InputFile, ParseOptions};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../cli/sample");

pub fn matcher() -> Matcher {
    let read = |f: &str| {
        let p = format!("{SAMPLE}/{f}");
        InputFile::new(p.clone(), std::fs::read(&p).expect("sample list"))
    };
    let files = [read("sdn.csv"), read("alt.csv"), read("add.csv")];
    let mut entities = parse_files(&files, &ParseOptions::default())
        .expect("sample parses")
        .entities;
    let mut e = Entity::new("test:mueller".parse().expect("id"), Schema::Person);
    e.names.push(Name::primary("MÜLLER, Hans Joachim"));
    entities.push(e);
    // A few hundred made-up organisations so rarity statistics are sane.
    for i in 0..300 {
        let mut e = Entity::new(
            format!("test:org{i}").parse().expect("id"),
            Schema::Organization,
        );
        e.names.push(Name::primary(format!(
            "ZXQ {} TRADING {} LLC",
            syl(i),
            syl(i * 7 + 3)
        )));
        entities.push(e);
    }
    Matcher::build(entities)
}

fn syl(i: usize) -> String {
    const S: [&str; 10] = ["ka", "ro", "mi", "zu", "te", "lo", "vy", "qa", "xe", "po"];
    format!("{}{}{}", S[i % 10], S[(i / 10) % 10], S[(i / 100) % 10])
}

pub const INNOCENT: &[&str] = &[
    "John Smith",
    "Maria Garcia",
    "Wei Zhang",
    "Aisha Okafor",
    "Pierre Dubois",
    "Olga Ivanova",
    "Kenji Watanabe",
    "Fatima Benali",
    "Liam O'Connor",
    "Sofia Rossi",
];

pub const LISTED: &[&str] = &[
    "Tal Dilian",
    "Hasan Nasrallah",
    "Banco Nacional de Cuba",
    "Hans Mueller",
];

/// A CSV of `n` customers: mostly innocent names, every 50th a listed one.
pub fn customers_csv(n: usize) -> String {
    let mut s = String::from("customer_id,name,dob,country\n");
    for i in 0..n {
        if i % 50 == 7 {
            // Listed names carry no date or country that could contradict
            // the list.
            let name = LISTED[(i / 50) % LISTED.len()];
            s.push_str(&format!("C{i:06},\"{name}\",,\n"));
        } else {
            let name = INNOCENT[i % INNOCENT.len()];
            let (y, m, d) = (i % 90 + 10, i % 9 + 1, i % 9 + 10);
            s.push_str(&format!("C{i:06},\"{name}\",19{y:02}-0{m}-{d},FR\n"));
        }
    }
    s
}
