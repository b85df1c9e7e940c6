//! Batch screening benchmark driver (called by `bench/batch/run.sh`).
//!
//! ```text
//! batch_bench gen <rows> <out.csv>          customer file: census names + ~1% list names/variants
//! batch_bench run <in.csv> <out.csv>        screen against OFAC SDN 2024-07-02 + UN 2025-11-20
//! batch_bench baseline <in.csv> <sample>    brute-force Jaro-Winkler vs every list name, extrapolated
//! ```
#![allow(missing_docs)]

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use denylist_batch::{run, BatchOptions};
use denylist_matching::Matcher;
use denylist_model::{Entity, Schema};
use denylist_sources::{parse_files, InputFile, ParseOptions};
use rapidfuzz::distance::jaro_winkler;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

fn lists() -> Vec<Entity> {
    let read = |p: String| InputFile::new(p.clone(), std::fs::read(&p).expect("list file"));
    let mut all = parse_files(
        &[read(format!(
            "{DATA}/lists/us-ofac-sdn/history/2024-07-02/sdn.csv"
        ))],
        &ParseOptions::default(),
    )
    .expect("OFAC SDN parses")
    .entities;
    all.extend(
        parse_files(
            &[read(format!(
                "{DATA}/lists/un-sc/2025-11-20/consolidated.xml"
            ))],
            &ParseOptions::default(),
        )
        .expect("UN parses")
        .entities,
    );
    all
}

fn census(file: &str, n: usize) -> Vec<String> {
    let text = std::fs::read_to_string(format!("{DATA}/names/us_census_1990_names/{file}"))
        .expect("census names");
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

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

/// "PUTIN, Vladimir" -> "Vladimir Putin".
fn natural(name: &str) -> String {
    match name.split_once(", ") {
        Some((last, first)) => format!("{first} {last}"),
        None => name.to_string(),
    }
}

fn variant(rng: &mut Rng, name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match rng.next() % 4 {
        0 if chars.len() > 6 => {
            // drop one letter
            let i = 1 + (rng.next() as usize % (chars.len() - 2));
            chars[..i].iter().chain(&chars[i + 1..]).collect()
        }
        1 => name.to_lowercase(),
        _ => name.to_string(),
    }
}

fn gen(rows: usize, out: &Path) {
    let male = census("dist.male.first", 1000);
    let female = census("dist.female.first", 2000);
    let last = census("dist.all.last", 20000);
    let sp = std::fs::read_to_string(format!(
        "{DATA}/names/company_names_listed/sp500_constituents.csv"
    ))
    .expect("sp500");
    let mut rd = csv::Reader::from_reader(sp.as_bytes());
    let companies: Vec<String> = rd
        .records()
        .filter_map(|r| r.ok()?.get(1).map(str::to_string))
        .collect();
    let listed: Vec<(String, Schema)> = lists()
        .iter()
        .filter_map(|e| Some((natural(e.primary_name()?), e.schema)))
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut w = csv::Writer::from_path(out).expect("write customers");
    w.write_record([
        "customer_id",
        "first_name",
        "last_name",
        "company",
        "dob",
        "country",
    ])
    .expect("header");
    for i in 0..rows {
        let id = format!("C{i:07}");
        let r = rng.next() % 1000;
        let dob = format!(
            "19{:02}-{:02}-{:02}",
            40 + rng.next() % 60,
            1 + rng.next() % 12,
            1 + rng.next() % 28
        );
        let e = String::new;
        // 1% list names (some varied), 9% listed companies, 90% census people.
        let rec: [String; 6] = if r < 10 {
            let (n, _) = rng.pick(&listed);
            [id, e(), e(), variant(&mut rng, n), e(), e()]
        } else if r < 100 {
            [id, e(), e(), rng.pick(&companies).clone(), e(), "US".into()]
        } else {
            let first = if r & 1 == 0 {
                rng.pick(&male)
            } else {
                rng.pick(&female)
            };
            [
                id,
                first.clone(),
                rng.pick(&last).clone(),
                e(),
                dob,
                "US".into(),
            ]
        };
        w.write_record(&rec).expect("row");
    }
    w.flush().expect("flush");
}

fn build() -> Matcher {
    let t = Instant::now();
    let entities = lists();
    let n = entities.len();
    let m = Matcher::build(entities);
    eprintln!(
        "matcher: {n} entities, {} names, built in {:.2} s",
        m.name_count(),
        t.elapsed().as_secs_f64()
    );
    m
}

fn screen(input: &Path, out: &Path) {
    let m = build();
    let stop = AtomicBool::new(false);
    let s = run(&m, input, out, &BatchOptions::default(), &stop, &mut |_| {}).expect("batch run");
    let secs = s.elapsed.as_secs_f64();
    println!(
        "rows {} rejected {} customers_with_hits {} hits {} time {:.2} s rows/s {:.0}",
        s.rows_read,
        s.rows_rejected,
        s.customers_with_hits,
        s.hits,
        secs,
        s.rows_read as f64 / secs
    );
}

fn baseline(input: &Path, sample: usize) {
    let names: Vec<String> = lists()
        .iter()
        .flat_map(|e| e.names.iter().map(|n| n.full.to_lowercase()))
        .collect();
    let mut rd = csv::Reader::from_path(input).expect("customers");
    let customers: Vec<String> = rd
        .records()
        .filter_map(|r| {
            let r = r.ok()?;
            let n = format!("{} {} {}", &r[1], &r[2], &r[3]);
            Some(
                n.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase(),
            )
        })
        .collect();
    let total = customers.len();
    let t = Instant::now();
    let mut alerts = 0;
    for c in customers.iter().take(sample) {
        let cmp = jaro_winkler::BatchComparator::new(c.chars());
        alerts += names
            .iter()
            .filter(|n| cmp.similarity(n.chars()) >= 0.9)
            .take(1)
            .count();
    }
    let per = t.elapsed().as_secs_f64() / sample.min(total).max(1) as f64;
    println!(
        "baseline: {} list names, {} sampled rows in {:.2} s ({:.0} rows/s single thread, {alerts} with JW>=0.9); extrapolated to {total} rows: {:.0} s single thread",
        names.len(),
        sample.min(total),
        t.elapsed().as_secs_f64(),
        1.0 / per,
        per * total as f64
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen") => gen(args[2].parse().expect("rows"), Path::new(&args[3])),
        Some("run") => screen(Path::new(&args[2]), Path::new(&args[3])),
        Some("baseline") => baseline(Path::new(&args[2]), args[3].parse().expect("sample")),
        _ => eprintln!(
            "usage: batch_bench gen <rows> <out> | run <in> <out> | baseline <in> <sample>"
        ),
    }
}
