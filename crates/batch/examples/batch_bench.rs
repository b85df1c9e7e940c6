//! Batch screening benchmark driver (called by `bench/batch/run.sh`).
//!
//! ```text
//! batch_bench gen <rows> <out.csv>            customer file: census names + ~1% list names/variants
//! batch_bench run <in.csv> <out.csv> [x]      screen against OFAC SDN 2024-07-02 + UN 2025-11-20
//!                                             (x: the lists repeated x times, names perturbed)
//! batch_bench baseline <in.csv> <sample>      brute-force Jaro-Winkler vs every list name, extrapolated
//! batch_bench limit <in.csv>                  read + parse + normalise only: the input-side limit
//! ```
//!
//! Every line it prints starts with the subcommand's name, `key=value`
//! fields after it, so `run.sh` can pick numbers out.
#![allow(missing_docs)]

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use denylist_batch::input::{open, InputOptions};
use denylist_batch::{run, BatchOptions};
use denylist_matching::text::prepare;
use denylist_matching::Matcher;
use denylist_model::{Entity, EntityId, Schema};
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

/// One deterministic typo per name: the middle letters of its longest
/// word swapped, and a vowel changed in copy 2 and up.
fn perturb(name: &str, copy: usize) -> String {
    let mut words: Vec<String> = name.split(' ').map(str::to_string).collect();
    let Some((wi, _)) = words
        .iter()
        .enumerate()
        .max_by_key(|(_, w)| w.chars().count())
    else {
        return name.to_string();
    };
    let mut c: Vec<char> = words[wi].chars().collect();
    if c.len() >= 4 {
        let m = c.len() / 2;
        c.swap(m - 1, m);
    }
    if copy >= 2 {
        if let Some(v) = c.iter().rposition(|ch| "aeiouAEIOU".contains(*ch)) {
            c[v] = if c[v].is_uppercase() { 'Y' } else { 'y' };
        }
    }
    if copy >= 3 {
        c.push(if c.last().is_some_and(|l| l.is_uppercase()) {
            'S'
        } else {
            's'
        });
    }
    words[wi] = c.into_iter().collect();
    words.join(" ")
}

/// The lists, plus `times - 1` copies with perturbed names and new ids.
fn lists_times(times: usize) -> Vec<Entity> {
    let base = lists();
    let mut all = base.clone();
    for copy in 1..times {
        for e in &base {
            let mut e = e.clone();
            e.id = EntityId::new(&e.id.source(), &format!("{}-x{copy}", e.id.native()))
                .expect("entity id");
            for n in &mut e.names {
                n.full = perturb(&n.full, copy);
            }
            all.push(e);
        }
    }
    all
}

fn build(times: usize) -> Matcher {
    let t = Instant::now();
    let entities = lists_times(times);
    let n = entities.len();
    let m = Matcher::build(entities);
    println!(
        "matcher entities={n} names={} build_s={:.2} lists_x={times}",
        m.name_count(),
        t.elapsed().as_secs_f64()
    );
    m
}

fn cpu_seconds() -> f64 {
    // utime + stime of this process, from /proc (Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or_default();
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn screen(input: &Path, out: &Path, times: usize) {
    let m = build(times);
    let stop = AtomicBool::new(false);
    let cpu0 = cpu_seconds();
    let s = run(&m, input, out, &BatchOptions::default(), &stop, &mut |_| {}).expect("batch run");
    let secs = s.elapsed.as_secs_f64();
    println!(
        "run rows={} rejected={} customers_with_hits={} hits={} screen_s={:.2} cpu_s={:.2} rows_per_s={:.0} us_per_row_cpu={:.2}",
        s.rows_read,
        s.rows_rejected,
        s.customers_with_hits,
        s.hits,
        secs,
        cpu_seconds() - cpu0,
        s.rows_read as f64 / secs,
        (cpu_seconds() - cpu0) * 1e6 / s.rows_read.max(1) as f64
    );
}

/// Reads, parses and normalises every customer name on one thread: the
/// input-side work no screening can avoid.
fn limit(input: &Path) {
    let bytes = std::fs::metadata(input).expect("input").len();
    let t = Instant::now();
    let mut rows = 0u64;
    let mut tokens = 0usize;
    for r in open(input, &InputOptions::default()).expect("open") {
        if let Ok(r) = r {
            tokens += prepare(&r.name).tokens().count();
        }
        rows += 1;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "limit rows={rows} bytes={bytes} read_normalise_s={secs:.2} mb_per_s={:.1} rows_per_s_1core={:.0} tokens={tokens}",
        bytes as f64 / secs / 1e6,
        rows as f64 / secs
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
    let sample = sample.min(total).max(1);
    let t = Instant::now();
    let mut alerts = 0;
    for c in customers.iter().take(sample) {
        // Every list name is scored (no early stop): that is the baseline.
        let cmp = jaro_winkler::BatchComparator::new(c.chars());
        alerts += usize::from(
            names
                .iter()
                .map(|n| cmp.similarity(n.chars()))
                .fold(0.0f64, f64::max)
                >= 0.9,
        );
    }
    let secs = t.elapsed().as_secs_f64();
    let per_row = secs / sample as f64;
    let pairs = (sample * names.len()) as f64;
    println!(
        "baseline names={} sample={sample} secs={secs:.2} alerts_jw90={alerts} pairs_per_s_1core={:.0} rows_per_s_1core={:.1} extrapolated_rows={total} extrapolated_s_1core={:.0}",
        names.len(),
        pairs / secs,
        1.0 / per_row,
        per_row * total as f64
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen") => gen(args[2].parse().expect("rows"), Path::new(&args[3])),
        Some("run") => screen(
            Path::new(&args[2]),
            Path::new(&args[3]),
            args.get(4).map_or(1, |x| x.parse().expect("list multiplier")),
        ),
        Some("baseline") => baseline(Path::new(&args[2]), args[3].parse().expect("sample")),
        Some("limit") => limit(Path::new(&args[2])),
        _ => eprintln!(
            "usage: batch_bench gen <rows> <out> | run <in> <out> [x] | baseline <in> <sample> | limit <in>"
        ),
    }
}
