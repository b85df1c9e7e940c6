//! `denylist compare`: the score of two names, or of every pair of a CSV
//! file, with explanations.

use std::io::Write;

use denylist_model::Schema;

use super::{stdout, write_json};
use crate::args::CompareArgs;
use crate::error::CliError;
use crate::Status;

fn schema(s: Option<&str>) -> Result<Option<Schema>, String> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Schema::parse(s)
            .map(Some)
            .ok_or_else(|| format!("unknown schema {s:?}")),
    }
}

/// Runs `denylist compare`.
pub fn run(args: CompareArgs) -> Result<Status, CliError> {
    if !(0.0..=1.0).contains(&args.threshold) {
        return Err(CliError::Usage {
            message: format!(
                "--threshold {}: expected a score between 0 and 1",
                args.threshold
            ),
        });
    }
    if let Some(pairs) = &args.pairs {
        return pairs_file(pairs, args.out.as_deref(), args.threshold);
    }
    let (Some(a), Some(b)) = (&args.name1, &args.name2) else {
        return Err(CliError::Usage {
            message: "give two names, or --pairs FILE".to_string(),
        });
    };
    let schema = schema(args.schema.as_deref()).map_err(|message| CliError::Usage { message })?;
    let (score, explanation) = denylist_matching::compare(a, b, schema);
    let matched = score >= args.threshold;
    let mut out = stdout();
    if args.json {
        write_json(
            &mut out,
            &serde_json::json!({
                "name1": a, "name2": b, "score": score, "match": matched,
                "threshold": args.threshold, "explanation": explanation,
            }),
        )?;
    } else {
        writeln!(
            out,
            "{score:.3}  {}",
            if matched { "match" } else { "no match" }
        )?;
        if args.explain {
            for line in explanation.to_text().lines() {
                writeln!(out, "    {line}")?;
            }
        }
    }
    out.flush()?;
    Ok(if matched { Status::Matches } else { Status::Ok })
}

fn pairs_file(
    path: &std::path::Path,
    out_path: Option<&std::path::Path>,
    threshold: f64,
) -> Result<Status, CliError> {
    let read_err = |error: std::io::Error| CliError::Read {
        path: path.to_path_buf(),
        error,
    };
    let bytes = std::fs::read(path).map_err(read_err)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let out: Box<dyn Write> = match out_path {
        Some(p) => Box::new(std::fs::File::create(p).map_err(|error| CliError::Read {
            path: p.to_path_buf(),
            error,
        })?),
        None => Box::new(std::io::stdout()),
    };
    let mut writer = csv::Writer::from_writer(out);
    let csv_err = |e: csv::Error| CliError::Output(std::io::Error::other(e.to_string()));
    writer
        .write_record(["schema", "name1", "name2", "score", "match"])
        .map_err(csv_err)?;
    let (mut errors, mut any) = (0usize, false);
    for (i, record) in reader.records().enumerate() {
        let line = i + 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors += 1;
                eprintln!("{}:{line}: {e}", path.display());
                continue;
            }
        };
        let field = |n: usize| record.get(n).unwrap_or("").trim();
        if line == 1
            && field(0).eq_ignore_ascii_case("schema")
            && field(1).eq_ignore_ascii_case("name1")
        {
            continue;
        }
        if record.len() < 3 {
            errors += 1;
            eprintln!("{}:{line}: expected schema,name1,name2", path.display());
            continue;
        }
        let schema = match schema(Some(field(0))) {
            Ok(s) => s,
            Err(e) => {
                errors += 1;
                eprintln!("{}:{line}: {e}", path.display());
                continue;
            }
        };
        let (score, _) = denylist_matching::compare(field(1), field(2), schema);
        let matched = score >= threshold;
        any |= matched;
        writer
            .write_record([
                field(0),
                field(1),
                field(2),
                &format!("{score:.4}"),
                if matched { "true" } else { "false" },
            ])
            .map_err(csv_err)?;
    }
    writer.flush()?;
    if errors > 0 {
        eprintln!("{errors} lines had errors; the others were scored");
    }
    Ok(if any { Status::Matches } else { Status::Ok })
}
