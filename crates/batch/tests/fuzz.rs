//! Random input never panics a reader or the date parser.

use denylist_batch::input::{open, parse_date, InputOptions};
use denylist_batch::DateOrder;
use proptest::prelude::*;

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
        for ext in ["csv", "jsonl", "xlsx"] {
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
    fn random_dates_never_panic(s in "\\PC{0,16}", d in "[0-9/.\\- ]{0,12}") {
        for o in [DateOrder::Auto, DateOrder::DayFirst, DateOrder::MonthFirst] {
            let _ = parse_date(&s, o);
            let _ = parse_date(&d, o);
        }
    }
}
