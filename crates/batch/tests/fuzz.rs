//! Random input never panics a reader or the date parser.

use denylist_batch::input::{open, parse_date, InputOptions};
use denylist_batch::DateOrder;
use proptest::prelude::*;

/// A small valid Parquet customer file (names and countries, 50 rows).
fn parquet_file() -> Vec<u8> {
    use parquet::data_type::{ByteArray, ByteArrayType};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;
    use std::sync::Arc;
    let schema = Arc::new(
        parse_message_type(
            "message m { required binary name (STRING); optional binary country (STRING); }",
        )
        .expect("schema"),
    );
    let mut buf = Vec::new();
    let mut w = SerializedFileWriter::new(
        &mut buf,
        schema,
        Arc::new(WriterProperties::builder().build()),
    )
    .expect("writer");
    let mut rg = w.next_row_group().expect("row group");
    let names: Vec<ByteArray> = (0..50)
        .map(|i| ByteArray::from(format!("Name {i}").into_bytes()))
        .collect();
    let mut col = 0;
    while let Some(mut c) = rg.next_column().expect("column") {
        let defs = vec![1i16; names.len()];
        let d = if col == 0 {
            None
        } else {
            Some(defs.as_slice())
        };
        c.typed::<ByteArrayType>()
            .write_batch(&names, d, None)
            .expect("write");
        c.close().expect("close");
        col += 1;
    }
    rg.close().expect("close");
    w.close().expect("close");
    buf
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512), head in 0usize..3) {
        let dir = tempfile::tempdir().expect("tmp");
        let mut data = match head {
            0 => b"id;name;dob;country\n".to_vec(),
            1 => b"first_name,last_name,birth_date\n".to_vec(),
            _ => Vec::new(),
        };
        data.extend_from_slice(&bytes);
        for ext in ["csv", "jsonl", "xlsx", "parquet"] {
            let p = dir.path().join(format!("f.{ext}"));
            std::fs::write(&p, &data).expect("write");
            if let Ok(rows) = open(&p, &InputOptions::default()) {
                for r in rows {
                    let _ = r;
                }
            }
        }
    }

    #[test]
    fn damaged_parquet_never_panics(cut in 0usize..2000, flips in proptest::collection::vec((0usize..2000, any::<u8>()), 0..4)) {
        let dir = tempfile::tempdir().expect("tmp");
        let mut data = parquet_file();
        let intact = cut >= data.len() && flips.iter().all(|f| f.1 == 0);
        for (at, b) in flips {
            let n = data.len();
            data[at % n] ^= b;
        }
        data.truncate(cut.min(data.len()));
        let p = dir.path().join("f.parquet");
        std::fs::write(&p, &data).expect("write");
        let mut good = 0;
        if let Ok(rows) = open(&p, &InputOptions::default()) {
            good = rows.filter(Result::is_ok).count();
        }
        if intact {
            prop_assert_eq!(good, 50);
        }
    }

    #[test]
    fn random_dates_never_panic(s in "\\PC{0,16}", d in "[0-9/.\\- ]{0,12}") {
        for o in [DateOrder::Auto, DateOrder::DayFirst, DateOrder::MonthFirst] {
            let _ = parse_date(&s, o);
            let _ = parse_date(&d, o);
        }
    }
}
