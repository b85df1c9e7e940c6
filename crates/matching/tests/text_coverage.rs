//! Coverage of our text tables measured against public reference data in ../shared/data/names
//! (read-only; nothing from there is copied into the crate). Run with `--nocapture` to see the
//! shares; the asserts are floors that protect against regressions.

use denylist_matching::text::{
    are_nicknames, legal_forms, phonetic_keys, prepare, skeleton, translit_key,
};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn names_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/names"
    ))
}

fn read(rel: &str) -> Option<String> {
    std::fs::read_to_string(names_dir().join(rel)).ok()
}

#[test]
fn nickname_table_covers_english_nickname_pairs() {
    let Some(csv) = read("nicknames_carltonnorthern/names.csv") else {
        eprintln!("shared data not found; skipped");
        return;
    };
    let mut total = 0usize;
    let mut covered = 0usize;
    let mut names = BTreeSet::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != 3 {
            continue;
        }
        let a = prepare(f[0]).normalized;
        let b = prepare(f[2]).normalized;
        names.insert(a.clone());
        total += 1;
        if are_nicknames(&a, &b) {
            covered += 1;
        }
    }
    let share = covered as f64 / total as f64;
    eprintln!(
        "nickname pairs covered: {covered}/{total} = {share:.3} ({} canonical names)",
        names.len()
    );
    assert!(share >= 0.35, "nickname coverage fell to {share:.3}");
    // Known pairs.
    for (a, b) in [
        ("bob", "robert"),
        ("peggy", "margaret"),
        ("dick", "richard"),
        ("liz", "elizabeth"),
        ("kate", "catherine"),
    ] {
        assert!(are_nicknames(a, b), "{a} {b}");
    }
}

/// Share of abbreviations recognised as a whole legal form after a company word.
fn legal_share(abbrevs: &BTreeSet<String>) -> (usize, usize, Vec<String>) {
    let mut ok = 0;
    let mut missed = Vec::new();
    for a in abbrevs {
        let p = prepare(a);
        let toks: Vec<&str> = std::iter::once("acme").chain(p.tokens()).collect();
        if toks.len() < 2 {
            continue;
        }
        let spans = legal_forms(&toks);
        let mut covered = vec![false; toks.len()];
        for s in &spans {
            for c in covered.iter_mut().take(s.end).skip(s.start) {
                *c = true;
            }
        }
        if covered[1..].iter().all(|c| *c) {
            ok += 1;
        } else {
            missed.push(p.normalized.clone());
        }
    }
    (ok, abbrevs.len(), missed)
}

#[test]
fn legal_forms_cover_iso20275_and_cleanco() {
    let Some(elf) = read("iso20275_elf/ISO-20275_2023-09-28.csv") else {
        eprintln!("shared data not found; skipped");
        return;
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(elf.as_bytes());
    let mut local = BTreeSet::new();
    let mut translit = BTreeSet::new();
    for rec in rdr.records().flatten() {
        if rec.get(12) != Some("ACTV") {
            continue;
        }
        for (col, set) in [(9, &mut local), (10, &mut translit)] {
            for a in rec
                .get(col)
                .unwrap_or("")
                .split(';')
                .map(str::trim)
                .filter(|a| !a.is_empty())
            {
                set.insert(a.to_string());
            }
        }
    }
    let (ok_l, n_l, _) = legal_share(&local);
    let (ok_t, n_t, _) = legal_share(&translit);
    eprintln!(
        "ISO 20275 local abbreviations recognised: {ok_l}/{n_l} = {:.3}",
        ok_l as f64 / n_l as f64
    );
    eprintln!(
        "ISO 20275 transliterated abbreviations recognised: {ok_t}/{n_t} = {:.3}",
        ok_t as f64 / n_t as f64
    );

    let Some(json) = read("cleanco_legal_terms/termdata.json") else {
        return;
    };
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    let mut terms = BTreeSet::new();
    for section in ["terms_by_type", "terms_by_country"] {
        if let Some(obj) = v.get(section).and_then(|s| s.as_object()) {
            for list in obj.values() {
                for t in list
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|t| t.as_str())
                {
                    terms.insert(t.trim().to_string());
                }
            }
        }
    }
    let (ok_c, n_c, missed) = legal_share(&terms);
    eprintln!(
        "cleanco terms recognised: {ok_c}/{n_c} = {:.3}",
        ok_c as f64 / n_c as f64
    );
    eprintln!(
        "cleanco missed (sample): {:?}",
        missed.iter().take(60).collect::<Vec<_>>()
    );
    assert!(ok_c as f64 / n_c as f64 >= 0.6);
    assert!(ok_l as f64 / n_l as f64 >= 0.35);
}

#[test]
fn cross_script_pairs_after_prepare() {
    let Some(csv) = read("cross_script/cross_script_pairs.csv") else {
        eprintln!("shared data not found; skipped");
        return;
    };
    let mut total = 0;
    let mut equal = 0;
    let mut close = 0;
    let mut sim_sum = 0.0;
    for line in csv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 2 {
            continue;
        }
        let q = prepare(f[0]);
        let want = prepare(f[1]).normalized;
        total += 1;
        let mut best_d = usize::MAX;
        let mut best_sim: f64 = 0.0;
        for r in q.renderings() {
            // Compare with spaces removed too: "xi jin ping" vs "xi jinping".
            let a: String = r.split(' ').collect();
            let b: String = want.split(' ').collect();
            let d = rapidfuzz::distance::levenshtein::distance(a.chars(), b.chars());
            best_d = best_d.min(d);
            best_sim = best_sim.max(rapidfuzz::distance::levenshtein::normalized_similarity(
                a.chars(),
                b.chars(),
            ));
        }
        if best_d == 0 {
            equal += 1;
        }
        if best_d <= 2 {
            close += 1;
        }
        sim_sum += best_sim;
        eprintln!(
            "{:<12} -> {:<24} want {:<20} best edit distance {best_d}",
            f[0], q.normalized, want
        );
    }
    eprintln!(
        "cross-script: {equal}/{total} equal, {close}/{total} within 2 edits, mean similarity {:.3}",
        sim_sum / total as f64
    );
    assert!(
        close * 2 >= total,
        "only {close}/{total} cross-script pairs within 2 edits"
    );
}

/// How often distinct US census names share a key (lower is more precise). Reported, with a
/// loose ceiling for translit_key.
#[test]
fn key_collisions_on_census_names() {
    let mut names: Vec<String> = Vec::new();
    for f in [
        "us_census_1990_names/dist.male.first",
        "us_census_1990_names/dist.female.first",
        "us_census_1990_names/dist.all.last",
    ] {
        let Some(txt) = read(f) else {
            eprintln!("shared data not found; skipped");
            return;
        };
        // Most frequent 2,000 names of each file.
        names.extend(
            txt.lines()
                .take(2000)
                .filter_map(|l| l.split_whitespace().next())
                .map(|n| n.to_ascii_lowercase()),
        );
    }
    names.sort();
    names.dedup();
    type KeyFn = fn(&str) -> String;
    let keys: [(&str, KeyFn); 3] = [
        ("translit_key", translit_key),
        ("skeleton", skeleton),
        ("double_metaphone", |t| phonetic_keys(t).0),
    ];
    for (label, f) in keys {
        let mut by_key: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for n in &names {
            *by_key.entry(f(n)).or_default() += 1;
        }
        let colliding = names.iter().filter(|n| by_key[&f(n)] > 1).count();
        let share = colliding as f64 / names.len() as f64;
        eprintln!(
            "{label}: {colliding}/{} census names share their key with another name ({share:.3})",
            names.len()
        );
        if label == "translit_key" {
            assert!(share < 0.5, "translit_key merges too much: {share:.3}");
        }
    }
}

/// Share of the Latin list tokens of the dev set's cross-script queries (Arabic and Cyrillic
/// original-script names) that some token of a prepared rendering of the query reaches exactly,
/// by translit_key, or by a skeleton of 2+ letters.
#[test]
fn dev_cross_script_tokens_recovered() {
    let Some(txt) = std::fs::read_to_string(names_dir().join("../eval/dev/queries.jsonl")).ok()
    else {
        eprintln!("shared data not found; skipped");
        return;
    };
    let (mut total, mut found) = (0usize, 0usize);
    for line in txt.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if v["variation"] != "cross_script" {
            continue;
        }
        let (Some(q), Some(d)) = (v["name"].as_str(), v["detail"].as_str()) else {
            continue;
        };
        let want = prepare(d.trim_start_matches("original script of ")).normalized;
        let p = prepare(q);
        let toks: Vec<&str> = p.renderings().flat_map(|r| r.split(' ')).collect();
        for w in want.split(' ') {
            total += 1;
            let (wk, ws) = (translit_key(w), skeleton(w));
            if toks
                .iter()
                .any(|t| *t == w || translit_key(t) == wk || (ws.len() >= 2 && skeleton(t) == ws))
            {
                found += 1;
            }
        }
    }
    let share = found as f64 / total.max(1) as f64;
    eprintln!("dev cross-script list tokens recovered: {found}/{total} = {share:.3}");
    assert!(
        share >= 0.8,
        "cross-script token recovery fell to {share:.3}"
    );
}
