//! End-to-end batch runs: readers, ordered output, rejects, resume.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use denylist_batch::input::{open, InputOptions};
use denylist_batch::{checkpoint_path, rejects_path, run, BatchOptions, ColumnOverrides};
use denylist_model::Schema;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

fn no_stop() -> AtomicBool {
    AtomicBool::new(false)
}

#[test]
fn detects_columns_bom_semicolon_cp1252() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(b"Account;Given Name;Middle_Name;FAMILY NAME;Birth Date;Ctry\r\n");
    bytes.extend_from_slice(b"A1;Hans;Joachim;M\xfcller;21.08.1961;DE\r\n");
    bytes.extend_from_slice(b"A2;\"Tal; J.\";;Dilian;1961;IL|CY\r\n");
    let p = write(dir.path(), "c.csv", &bytes);
    let rows: Vec<_> = open(&p, &InputOptions::default())
        .expect("open")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(rows.len(), 2);
    let a1 = rows
        .iter()
        .find(|r| r.id.as_deref() == Some("A1"))
        .expect("A1");
    assert_eq!(a1.name, "Hans Joachim Müller");
    assert_eq!(a1.row_number, 1);
    assert_eq!(a1.schema, Some(Schema::Person));
    assert_eq!(a1.dob.map(|d| d.to_string()).as_deref(), Some("1961-08-21"));
    assert_eq!(a1.countries, vec!["DE".to_string()]);
    let a2 = rows
        .iter()
        .find(|r| r.id.as_deref() == Some("A2"))
        .expect("A2");
    assert_eq!(a2.name, "Tal; J. Dilian");
    assert_eq!(a2.countries, vec!["IL".to_string(), "CY".to_string()]);
}

#[test]
fn tsv_jsonl_and_overrides() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = write(
        dir.path(),
        "c.tsv",
        b"ref\tholder\tname\n9\tTal Dilian\tignored\n",
    );
    let opts = InputOptions {
        columns: ColumnOverrides {
            name: Some("Holder".into()),
            ..ColumnOverrides::default()
        },
        ..InputOptions::default()
    };
    let r: Vec<_> = open(&p, &opts).expect("open").collect();
    let row = r[0].as_ref().expect("row");
    assert_eq!(row.name, "Tal Dilian");
    assert_eq!(row.id.as_deref(), Some("9"));

    let p = write(
        dir.path(),
        "c.jsonl",
        b"{\"id\":\"J1\",\"full_name\":\"Hasan Nasrallah\",\"nationality\":[\"LB\"],\"dob\":\"1960-08-31\"}\n\n{oops\n{\"id\":\"J3\",\"type\":\"company\",\"name\":\"Banco Nacional de Cuba\"}\n",
    );
    let r: Vec<_> = open(&p, &InputOptions::default()).expect("open").collect();
    assert_eq!(r.len(), 3);
    let j1 = r[0].as_ref().expect("J1");
    assert_eq!(j1.countries, vec!["LB".to_string()]);
    assert_eq!(j1.dob.map(|d| d.to_string()).as_deref(), Some("1960-08-31"));
    let bad = r[1].as_ref().expect_err("broken JSON");
    assert_eq!(bad.line, 3);
    let j3 = r[2].as_ref().expect("J3");
    assert_eq!(j3.schema, Some(Schema::Company));
}

#[test]
fn malformed_rows_are_rejected_and_run_continues() {
    let dir = tempfile::tempdir().expect("tmp");
    let input = write(
        dir.path(),
        "in.csv",
        b"id,name,dob\nK1,Tal Dilian,1961-08-21\nK2,,1970\nK3,John Smith,not a date\nK4,Hasan, Nasrallah,1960\nK5,Hasan Nasrallah,31/08/1960\n",
    );
    let out = dir.path().join("out.csv");
    let m = common::matcher();
    let s = run(
        &m,
        &input,
        &out,
        &BatchOptions::default(),
        &no_stop(),
        &mut |_| {},
    )
    .expect("run");
    assert_eq!(s.rows_read, 5);
    assert_eq!(s.rows_rejected, 3);
    let lines: Vec<u64> = s.rejects.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3, 4, 5]);
    assert!(s.rejects[0].reason.contains("empty name"));
    assert!(s.rejects[1].reason.contains("not a date"));
    assert!(s.rejects[2].reason.contains("fields"));
    let rejects = std::fs::read_to_string(rejects_path(&out)).expect("rejects");
    assert!(
        rejects.starts_with("line,reason\n3,empty name\n4,"),
        "{rejects}"
    );
    let text = std::fs::read_to_string(&out).expect("out");
    assert!(
        text.lines()
            .any(|l| l.starts_with("K1,1,Tal Dilian,us-ofac-sdn:48060,")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("K5,5,Hasan Nasrallah,us-ofac-sdn:2686,")),
        "{text}"
    );
    assert_eq!(s.customers_with_hits, 2);
    assert!(!checkpoint_path(&out).exists());
}

#[test]
fn output_order_is_input_order_whatever_the_chunk_size() {
    let dir = tempfile::tempdir().expect("tmp");
    let input = write(dir.path(), "in.csv", common::customers_csv(600).as_bytes());
    let m = common::matcher();
    let mut outs = Vec::new();
    for (i, chunk) in [7usize, 4096].into_iter().enumerate() {
        let out = dir.path().join(format!("out{i}.jsonl"));
        let opts = BatchOptions {
            chunk_size: chunk,
            all: true,
            ..BatchOptions::default()
        };
        let s = run(&m, &input, &out, &opts, &no_stop(), &mut |_| {}).expect("run");
        assert_eq!(s.rows_read, 600);
        outs.push(std::fs::read(&out).expect("out"));
    }
    assert_eq!(outs[0], outs[1]);
    let rows: Vec<u64> = String::from_utf8_lossy(&outs[0])
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json")["row"]
                .as_u64()
                .expect("row")
        })
        .collect();
    assert_eq!(rows, (1..=600).collect::<Vec<u64>>());
}

#[test]
fn resume_after_interruption_is_byte_identical() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut csv = common::customers_csv(1000);
    csv.push_str("BAD,,1970\n");
    let input = write(dir.path(), "in.csv", csv.as_bytes());
    let m = common::matcher();
    let opts = BatchOptions {
        chunk_size: 64,
        ..BatchOptions::default()
    };
    let full = dir.path().join("full.csv");
    let whole = run(&m, &input, &full, &opts, &no_stop(), &mut |_| {}).expect("full run");

    let out = dir.path().join("part.csv");
    let stop = AtomicBool::new(false);
    let s1 = run(&m, &input, &out, &opts, &stop, &mut |p| {
        if p.rows_done >= 320 {
            stop.store(true, Ordering::Relaxed);
        }
    })
    .expect("first part");
    assert!(s1.interrupted);
    assert_eq!(s1.rows_read, 320);
    assert!(checkpoint_path(&out).exists());
    // A kill in the middle of the next chunk leaves bytes past the
    // checkpoint in both files.
    for p in [out.clone(), rejects_path(&out)] {
        let mut bytes = std::fs::read(&p).expect("partial");
        bytes.extend_from_slice(b"C000999,999,half written");
        std::fs::write(&p, bytes).expect("append");
    }
    let resume = BatchOptions {
        resume: true,
        ..opts.clone()
    };
    let s2 = run(&m, &input, &out, &resume, &no_stop(), &mut |_| {}).expect("resume");
    assert_eq!(s2.resumed_from, 320);
    assert!(!s2.interrupted);
    assert_eq!(s2.rows_read, whole.rows_read);
    assert_eq!(s2.hits, whole.hits);
    assert_eq!(s2.rows_rejected, 1);
    assert_eq!(
        std::fs::read(&out).expect("out"),
        std::fs::read(&full).expect("full")
    );
    assert_eq!(
        std::fs::read(rejects_path(&out)).expect("rejects"),
        std::fs::read(rejects_path(&full)).expect("rejects")
    );
    assert!(!checkpoint_path(&out).exists());
}

#[test]
fn resume_refuses_another_input() {
    let dir = tempfile::tempdir().expect("tmp");
    let input = write(dir.path(), "in.csv", common::customers_csv(200).as_bytes());
    let m = common::matcher();
    let out = dir.path().join("o.csv");
    let stop = AtomicBool::new(true);
    run(
        &m,
        &input,
        &out,
        &BatchOptions::default(),
        &stop,
        &mut |_| {},
    )
    .expect("run");
    std::fs::write(checkpoint_path(&out), br#"{"rows_done":5,"output_len":10,"rejects_len":12,"rows_rejected":0,"hits":0,"customers_with_hits":0,"input_len":1}"#).expect("cp");
    let opts = BatchOptions {
        resume: true,
        ..BatchOptions::default()
    };
    assert!(run(&m, &input, &out, &opts, &no_stop(), &mut |_| {}).is_err());
}

#[test]
fn hundred_thousand_rows_end_to_end() {
    let dir = tempfile::tempdir().expect("tmp");
    let input = write(
        dir.path(),
        "in.csv",
        common::customers_csv(100_000).as_bytes(),
    );
    let out = dir.path().join("out.csv");
    let m = common::matcher();
    let mut calls = 0;
    let s = run(
        &m,
        &input,
        &out,
        &BatchOptions::default(),
        &no_stop(),
        &mut |_| calls += 1,
    )
    .expect("run");
    assert_eq!(s.rows_read, 100_000);
    assert_eq!(s.rows_rejected, 0);
    assert_eq!(calls, 25);
    // Every 50th row is a listed name; no innocent name alerts, and every
    // row of a listed person alerts.
    let text = std::fs::read_to_string(&out).expect("out");
    let mut hit_rows: Vec<u64> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1)?.parse().ok())
        .collect();
    hit_rows.dedup();
    assert_eq!(hit_rows.len() as u64, s.customers_with_hits);
    assert!(hit_rows.iter().all(|r| (r - 1) % 50 == 7), "false positive");
    assert_eq!(s.customers_with_hits, 2000);
    for name in common::LISTED {
        let want = (0..100_000usize)
            .filter(|i| i % 50 == 7 && common::LISTED[(i / 50) % common::LISTED.len()] == *name)
            .count();
        let mut rows: Vec<&str> = text
            .lines()
            .filter(|l| l.contains(&format!(",{name},")))
            .filter_map(|l| l.split(',').nth(1))
            .collect();
        rows.dedup();
        let got = rows.len();
        assert_eq!(got, want, "{name}");
    }
    assert!(text
        .lines()
        .any(|l| l.starts_with("C000007,8,Tal Dilian,us-ofac-sdn:48060,")));
}
