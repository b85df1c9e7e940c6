//! `denylist batch` end to end through the built binary, against the
//! built-in sample (28 SDN entries): every input format (CSV with a BOM,
//! Windows-1252, `;` and quoted fields, TSV, JSON lines, XLSX, ODS,
//! Parquet), every output format (CSV, JSON lines, XLSX and Parquet, read
//! back), first/middle/last columns, column overrides, `--sheet`, rejects
//! with line numbers, a 100k-row file, and resume after `kill -9`.

mod common;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Cli, Run};

const DILIAN: &str = "us-ofac-sdn:48060";
const NASRALLAH: &str = "us-ofac-sdn:2686";
const BNC: &str = "us-ofac-sdn:306";
const PUTIN: &str = "us-ofac-sdn:35096";

/// (customer id, entity id) of every result row of a CSV result file.
fn csv_hits(path: &Path) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (c, e) = (col("customer_id"), col("entity_id"));
    r.records()
        .map(|r| {
            let r = r.unwrap();
            (r[c].to_string(), r[e].to_string())
        })
        .collect()
}

/// Every result row of a CSV result file as column -> value.
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().clone();
    r.records()
        .map(|r| {
            h.iter()
                .zip(r.unwrap().iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn batch(cli: &Cli, input: &str, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["batch", input, "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    cli.run(&args)
}

// ---------------------------------------------------------------- inputs

#[test]
fn csv_with_bom_cp1252_semicolons_and_quotes() {
    let cli = Cli::new();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    // A UTF-8 BOM and a Windows-1252 byte (0xE9, é) in one file: each field
    // is decoded on its own.
    bytes.extend_from_slice(
        b"Client ID;First Name;Middle Name;Surname;Date of Birth;Nationality\r\n\
          K1;Tal;Jonathan;Dilian;21.08.1961;IL\r\n\
          K2;Ren\xe9;;Dupont;1970;FR\r\n\
          K3;\"Hasan\";;\"Nasrallah\";\"31/08/1960\";\"LB;SY\"\r\n",
    );
    let input = cli.file("customers.csv", &bytes);
    let out = cli.dir.path().join("hits.csv");
    let run = batch(&cli, &input, &out, &["--all"]);
    assert_eq!(run.code, 1, "matches found: exit 1\n{run:?}");
    let rows = csv_rows(&out);
    let by_id = |id: &str| rows.iter().find(|r| r["customer_id"] == id).unwrap();
    // First, middle and last names are combined in order.
    assert_eq!(by_id("K1")["customer_name"], "Tal Jonathan Dilian");
    assert_eq!(by_id("K1")["entity_id"], DILIAN);
    assert_eq!(by_id("K1")["row"], "1");
    assert_eq!(by_id("K2")["customer_name"], "René Dupont");
    assert_eq!(
        by_id("K2")["entity_id"],
        "",
        "--all writes customers without a match"
    );
    // A quoted field may hold the delimiter: two nationalities.
    assert_eq!(by_id("K3")["customer_name"], "Hasan Nasrallah");
    assert!(
        by_id("K3")["explanation"].contains("LB"),
        "{:?}",
        by_id("K3")
    );
    assert_eq!(by_id("K3")["entity_id"], NASRALLAH);
    assert!(run.stderr.contains("3 rows read, 0 rejected"), "{run:?}");
}

#[test]
fn tsv_and_json_lines() {
    let cli = Cli::new();
    let tsv = cli.file(
        "c.tsv",
        b"ref\tfull_name\tcountry\nT1\tBanco Nacional de Cuba\tCU\nT2\tAcme Plumbing\tUS\n",
    );
    let out = cli.dir.path().join("tsv.csv");
    batch(&cli, &tsv, &out, &[]);
    assert_eq!(csv_hits(&out), pairs(&[("T1", BNC)]));

    let jsonl = cli.file(
        "c.jsonl",
        concat!(
            r#"{"id": "J1", "name": "Vladimir Putin", "nationality": ["RU"], "dob": "1952-10-07"}"#,
            "\n\n",
            r#"{"id": "J2", "name": "Olga Petrovna Smirnova"}"#,
            "\n",
            "{not json\n",
            r#"{"id": "J4", "first_name": "Sara", "last_name": "Hamou"}"#,
            "\n"
        )
        .as_bytes(),
    );
    let out = cli.dir.path().join("jsonl.csv");
    let run = batch(&cli, &jsonl, &out, &[]);
    assert_eq!(
        csv_hits(&out),
        pairs(&[("J1", PUTIN), ("J4", "us-ofac-sdn:48061")])
    );
    // The broken record is on line 4 (blank lines count).
    let rejects = std::fs::read_to_string(denylist_rejects(&out)).unwrap();
    assert!(
        rejects.starts_with("line,reason\n4,invalid JSON"),
        "{rejects}"
    );
    assert!(run.stderr.contains("1 invalid JSON record"), "{run:?}");
}

fn denylist_rejects(out: &Path) -> PathBuf {
    PathBuf::from(format!("{}.rejects.csv", out.display()))
}

#[test]
fn xlsx_sheet_and_column_overrides() {
    use rust_xlsxwriter::Workbook;
    let cli = Cli::new();
    let path = cli.dir.path().join("suppliers.xlsx");
    let mut wb = Workbook::new();
    let first = wb.add_worksheet();
    first.set_name("Notes").unwrap();
    first.write_string(0, 0, "name").unwrap();
    first.write_string(1, 0, "Vladimir Putin").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Vendors").unwrap();
    for (c, h) in ["Vendor No", "Contact", "Legal Name", "Ctry"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("V-1", "Tal Dilian", "Rosneft Trading S.A.", "CH"),
        ("V-2", "Vladimir Putin", "Northwind Traders Ltd", "GB"),
        ("V-3", "Maria Garcia", "Cytrox AD", "MK"),
    ];
    for (r, (id, contact, legal, ctry)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, *contact).unwrap();
        ws.write_string(r, 2, *legal).unwrap();
        ws.write_string(r, 3, *ctry).unwrap();
    }
    wb.save(&path).unwrap();
    let out = cli.dir.path().join("hits.csv");
    let run = batch(
        &cli,
        path.to_str().unwrap(),
        &out,
        &[
            "--sheet",
            "Vendors",
            "--name-col",
            "Legal Name",
            "--country-col",
            "Ctry",
            "--id-col",
            "Vendor No",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    // Only the legal names are screened, not the contacts.
    assert_eq!(
        csv_hits(&out),
        pairs(&[("V-1", "us-ofac-sdn:18299"), ("V-3", "us-ofac-sdn:48067")])
    );
    let unknown = batch(&cli, path.to_str().unwrap(), &out, &["--sheet", "Nope"]);
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(unknown.stderr.contains("Vendors"), "{unknown:?}");
}

/// A minimal OpenDocument spreadsheet, written as LibreOffice does.
fn ods(rows: &[&[&str]]) -> Vec<u8> {
    let mut body = String::new();
    for r in rows {
        body.push_str("<table:table-row>");
        for c in *r {
            body.push_str(&format!(
                "<table:table-cell office:value-type=\"string\"><text:p>{c}</text:p></table:table-cell>"
            ));
        }
        body.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Customers">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn ods_input() {
    let cli = Cli::new();
    let input = cli.file(
        "customers.ods",
        &ods(&[
            &["account", "given_name", "family_name", "dob"],
            &["A1", "Igor", "Sechin", "1960-09-07"],
            &["A2", "Sofia", "Rossi", "1985"],
            &["A3", "", "", "1990"],
        ]),
    );
    let out = cli.dir.path().join("hits.csv");
    let run = batch(&cli, &input, &out, &[]);
    assert_eq!(
        csv_hits(&out),
        pairs(&[("A1", "us-ofac-sdn:16692")]),
        "{run:?}"
    );
    // The nameless row is row 4 of the sheet.
    let rejects = std::fs::read_to_string(denylist_rejects(&out)).unwrap();
    assert_eq!(rejects, "line,reason\n4,empty name\n");
}

/// A Parquet customer file: an INT64 id, string names, a DATE birth date
/// (nullable) and a string nationality.
fn write_parquet(path: &Path, rows: &[(i64, &str, Option<i32>, &str)]) {
    use parquet::data_type::{ByteArray, ByteArrayType, Int32Type, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;
    let schema = Arc::new(
        parse_message_type(
            "message customers {
                required int64 customer_id;
                required binary full_name (STRING);
                optional int32 date_of_birth (DATE);
                optional binary nationality (STRING);
            }",
        )
        .unwrap(),
    );
    let file = std::fs::File::create(path).unwrap();
    let props = Arc::new(WriterProperties::builder().build());
    let mut w = SerializedFileWriter::new(file, schema, props).unwrap();
    let mut rg = w.next_row_group().unwrap();
    let mut col = 0;
    while let Some(mut c) = rg.next_column().unwrap() {
        match col {
            0 => {
                let v: Vec<i64> = rows.iter().map(|r| r.0).collect();
                c.typed::<Int64Type>().write_batch(&v, None, None).unwrap();
            }
            1 => {
                let v: Vec<ByteArray> = rows.iter().map(|r| ByteArray::from(r.1)).collect();
                c.typed::<ByteArrayType>()
                    .write_batch(&v, None, None)
                    .unwrap();
            }
            2 => {
                let v: Vec<i32> = rows.iter().filter_map(|r| r.2).collect();
                let d: Vec<i16> = rows.iter().map(|r| i16::from(r.2.is_some())).collect();
                c.typed::<Int32Type>()
                    .write_batch(&v, Some(&d), None)
                    .unwrap();
            }
            _ => {
                let v: Vec<ByteArray> = rows.iter().map(|r| ByteArray::from(r.3)).collect();
                let d = vec![1i16; rows.len()];
                c.typed::<ByteArrayType>()
                    .write_batch(&v, Some(&d), None)
                    .unwrap();
            }
        }
        c.close().unwrap();
        col += 1;
    }
    rg.close().unwrap();
    w.close().unwrap();
}

/// Every row of a Parquet file as column -> display value.
fn read_parquet(path: &Path) -> Vec<BTreeMap<String, String>> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(k, v)| {
                    let v = match v {
                        Field::Str(s) => s.clone(),
                        Field::Null => String::new(),
                        other => other.to_string(),
                    };
                    (k.clone(), v)
                })
                .collect()
        })
        .collect()
}

#[test]
fn parquet_in_parquet_out_with_threshold_and_only_hits() {
    let cli = Cli::new();
    let input = cli.dir.path().join("payees.parquet");
    // 1961-08-21 is day -3055 after 1970-01-01.
    write_parquet(
        &input,
        &[
            (101, "Tal Dilian", Some(-3055), "IL"),
            (102, "Kenji Watanabe", None, "JP"),
            (103, "Yahya Sinwar", None, "PS"),
            (104, "Sara Hamou", None, ""),
        ],
    );
    let out = cli.dir.path().join("hits.parquet");
    let run = batch(
        &cli,
        input.to_str().unwrap(),
        &out,
        &["--threshold", "0.85", "--only-hits"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let rows = read_parquet(&out);
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["customer_id"].as_str(),
                r["entity_id"].as_str(),
                r["source"].as_str(),
            )
        })
        .collect();
    // "Sara Hamou" (two of four names, no date) scores below 0.85.
    assert_eq!(
        got,
        [
            ("101", DILIAN, "us-ofac-sdn"),
            ("103", "us-ofac-sdn:18528", "us-ofac-sdn")
        ],
        "{run:?}"
    );
    let dilian = &rows[0];
    assert_eq!(dilian["row"], "1");
    assert_eq!(dilian["matched_name"], "DILIAN, Tal Jonathan");
    let score: f64 = dilian["score"].parse().unwrap();
    assert!((0.85..=1.0).contains(&score), "{score}");
    assert!(dilian["explanation"].contains("dilian"), "{dilian:?}");
    // The date was read from the DATE column: it agrees.
    assert!(dilian["explanation"].contains("1961-08-21"), "{dilian:?}");
    assert!(!Path::new(&format!("{}.partial.csv", out.display())).exists());
    assert!(!Path::new(&format!("{}.checkpoint", out.display())).exists());

    // The same file at the default threshold finds her too.
    let out2 = cli.dir.path().join("all.csv");
    batch(&cli, input.to_str().unwrap(), &out2, &[]);
    assert!(csv_hits(&out2).contains(&("104".to_string(), "us-ofac-sdn:48061".to_string())));
}

// --------------------------------------------------------------- outputs

const MIXED: &[u8] = b"id,name,dob\nM1,Tal Dilian,1961\nM2,John Smith,1970\nM3,,1980\nM4,Hasan Nasrallah,31/08/1960\n";

#[test]
fn jsonl_output_one_object_per_customer() {
    let cli = Cli::new();
    let input = cli.file("m.csv", MIXED);
    let out = cli.dir.path().join("hits.jsonl");
    batch(&cli, &input, &out, &["--all"]);
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| l["customer_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["M1", "M2", "M4"], "M3 has no name: rejected");
    assert_eq!(lines[0]["matches"][0]["entity_id"], DILIAN);
    assert_eq!(lines[1]["matches"].as_array().unwrap().len(), 0);
    assert_eq!(lines[2]["matches"][0]["entity_id"], NASRALLAH);
}

#[test]
fn xlsx_output_reads_back() {
    use calamine::{open_workbook_auto, Data, Reader};
    let cli = Cli::new();
    let input = cli.file("m.csv", MIXED);
    let out = cli.dir.path().join("hits.xlsx");
    let run = batch(&cli, &input, &out, &["--all"]);
    assert_eq!(run.code, 1, "{run:?}");
    let mut wb = open_workbook_auto(&out).unwrap();
    assert_eq!(wb.sheet_names(), ["Results"]);
    let range = wb.worksheet_range("Results").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "customer_id",
            "row",
            "customer_name",
            "entity_id",
            "source",
            "schema",
            "score",
            "matched_name",
            "entity_name",
            "explanation"
        ]
    );
    assert_eq!(rows.len(), 4, "header + M1, M2, M4");
    assert_eq!(rows[1][0], Data::String("M1".into()));
    assert_eq!(rows[1][1], Data::Float(1.0));
    assert_eq!(rows[1][3], Data::String(DILIAN.into()));
    let Data::Float(score) = rows[1][6] else {
        panic!("score is a number: {:?}", rows[1][6])
    };
    assert!(score > 0.7 && score <= 1.0, "{score}");
    assert_eq!(rows[2][0], Data::String("M2".into()));
    assert_eq!(rows[2][3], Data::Empty);
    assert_eq!(rows[3][3], Data::String(NASRALLAH.into()));
    assert_eq!(rows[3][1], Data::Float(4.0));
}

#[test]
fn malformed_rows_go_to_the_rejects_file_with_line_numbers() {
    let cli = Cli::new();
    let input = cli.file(
        "bad.csv",
        b"id,name,dob\nB1,Tal Dilian,1961\nB2,,1970\nB3,John Smith,not a date\n\nB5,Hasan, Nasrallah,1960\nB6,Sara Hamou,\n",
    );
    let out = cli.dir.path().join("hits.csv");
    let run = batch(&cli, &input, &out, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        csv_hits(&out),
        pairs(&[("B1", DILIAN), ("B6", "us-ofac-sdn:48061")])
    );
    let rejects = std::fs::read_to_string(denylist_rejects(&out)).unwrap();
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines[0], "line,reason");
    assert_eq!(lines[1], "3,empty name");
    assert_eq!(lines[2], "4,\"unreadable date \"\"not a date\"\"\"");
    assert!(
        lines[3].starts_with("6,4 fields but the header has 3"),
        "{rejects}"
    );
    assert_eq!(lines.len(), 4, "the blank line 5 is skipped: {rejects}");
    assert!(
        run.stderr.contains(
            "5 rows read, 3 rejected (1 empty name, 1 unreadable date, 1 too many fields; see "
        ),
        "{run:?}"
    );
}

// ------------------------------------------------------------------ scale

const LISTED: &[(&str, &str)] = &[
    ("Tal Dilian", DILIAN),
    ("Hasan Nasrallah", NASRALLAH),
    ("Banco Nacional de Cuba", BNC),
    ("Vladimir Putin", PUTIN),
];
const INNOCENT: &[&str] = &[
    "John Smith",
    "Maria Garcia",
    "Wei Zhang",
    "Aisha Okafor",
    "Pierre Dubois",
    "Kenji Watanabe",
    "Fatima Benali",
    "Liam O'Connor",
    "Sofia Rossi",
    "Emma Johansson",
];

/// `n` customers, every 50th (from the 8th) a listed name.
fn customers(n: usize) -> String {
    let mut s = String::with_capacity(n * 40);
    s.push_str("customer_id,name,country\n");
    for i in 0..n {
        let name = if i % 50 == 7 {
            LISTED[(i / 50) % LISTED.len()].0
        } else {
            INNOCENT[i % INNOCENT.len()]
        };
        s.push_str(&format!("C{i:07},{name},\n"));
    }
    s
}

fn expected_hits(n: usize) -> Vec<(String, String)> {
    (0..n)
        .filter(|i| i % 50 == 7)
        .map(|i| {
            (
                format!("C{i:07}"),
                LISTED[(i / 50) % LISTED.len()].1.to_string(),
            )
        })
        .collect()
}

#[test]
fn hundred_thousand_rows() {
    let cli = Cli::new();
    let input = cli.file("big.csv", customers(100_000).as_bytes());
    let out = cli.dir.path().join("hits.csv");
    let run = batch(&cli, &input, &out, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .contains("100000 rows read, 0 rejected, 2000 customers with 2000 matches"),
        "{run:?}"
    );
    assert_eq!(csv_hits(&out), expected_hits(100_000));
}

/// Starts a batch run, kills it with SIGKILL once it has checkpointed some
/// chunks, and returns the rows the checkpoint says were done.
fn kill_mid_run(cli: &Cli, input: &str, out: &Path) -> u64 {
    let cp = PathBuf::from(format!("{}.checkpoint", out.display()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_denylist"))
        .arg("--data-dir")
        .arg(cli.dir.path())
        .args([
            "batch",
            input,
            "-o",
            out.to_str().unwrap(),
            "--chunk-size",
            "500",
        ])
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let done = loop {
        let rows = std::fs::read(&cp)
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .and_then(|v| v["rows_done"].as_u64())
            .unwrap_or(0);
        if rows >= 2_000 {
            break rows;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed"
        );
        assert!(start.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(2));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    let after: serde_json::Value = serde_json::from_slice(&std::fs::read(&cp).unwrap()).unwrap();
    let rows = after["rows_done"].as_u64().unwrap();
    assert!(rows >= done);
    rows
}

#[test]
fn resume_after_kill_matches_an_uninterrupted_run() {
    const N: usize = 100_000;
    let cli = Cli::new();
    let input = cli.file("big.csv", customers(N).as_bytes());
    for ext in ["csv", "parquet"] {
        let full = cli.dir.path().join(format!("full.{ext}"));
        batch(&cli, &input, &full, &["--chunk-size", "500"]);
        let part = cli.dir.path().join(format!("part.{ext}"));
        let done = kill_mid_run(&cli, &input, &part);
        assert!(done < N as u64, "killed before the end ({ext})");
        let run = batch(&cli, &input, &part, &["--chunk-size", "500", "--resume"]);
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            run.stderr.contains(&format!("resumed after row {done}")),
            "{run:?}"
        );
        assert!(run.stderr.contains(&format!("{N} rows read")), "{run:?}");
        if ext == "csv" {
            assert_eq!(std::fs::read(&part).unwrap(), std::fs::read(&full).unwrap());
            // No duplicates, no gaps.
            assert_eq!(csv_hits(&part), expected_hits(N));
        } else {
            let got: Vec<(String, String)> = read_parquet(&part)
                .into_iter()
                .map(|r| (r["customer_id"].clone(), r["entity_id"].clone()))
                .collect();
            assert_eq!(got, expected_hits(N));
            assert_eq!(read_parquet(&part), read_parquet(&full));
        }
        assert!(!Path::new(&format!("{}.checkpoint", part.display())).exists());
    }
}
