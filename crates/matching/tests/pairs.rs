//! Pairwise precision, recall and F1 of `compare` on labelled name pairs:
//! the cross-script pairs of shared/data/names (positives) and every other
//! pairing of the same names (negatives).

mod common;

use denylist_matching::{compare, DEFAULT_THRESHOLD};
use denylist_model::Schema;

#[test]
fn cross_script_pairs_f1() {
    let path = common::shared_data().join("names/cross_script/cross_script_pairs.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{} not found: skipped", path.display());
        return;
    };
    let pairs: Vec<(String, String)> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split(',');
            Some((f.next()?.trim().to_string(), f.next()?.trim().to_string()))
        })
        .collect();
    assert!(pairs.len() >= 20, "{} pairs", pairs.len());
    let (mut tp, mut fn_, mut fp, mut tn) = (0usize, 0usize, 0usize, 0usize);
    // Every query against every expected name: its own are positives.
    for (q, expected) in &pairs {
        for (_, e) in &pairs {
            let (score, why) = compare(q, e, Some(Schema::Person));
            let alert = score >= DEFAULT_THRESHOLD;
            // The same expected name may appear for two queries.
            match (e == expected, alert) {
                (true, true) => tp += 1,
                (true, false) => {
                    fn_ += 1;
                    println!("missed   {q} ~ {e}: {score:.3}");
                }
                (false, true) => {
                    fp += 1;
                    println!("false    {q} ~ {e}: {score:.3}\n{}", why.to_text());
                }
                (false, false) => tn += 1,
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(1e-9);
    println!(
        "cross-script pairs at {DEFAULT_THRESHOLD}: P {precision:.3} R {recall:.3} F1 {f1:.3} \
         (tp {tp} fn {fn_} fp {fp} tn {tn})"
    );
    assert!(precision >= 0.9, "precision {precision:.3}");
    assert!(f1 >= 0.8, "F1 {f1:.3}");
}
