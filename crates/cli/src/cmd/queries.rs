//! `denylist screen --queries FILE`: many queries from a JSON-lines file,
//! screened on all cores, one result line per query in input order.

use std::io::{BufRead, BufReader, Write};

use denylist_matching::{Algorithm, Matcher, Query, ScreenOptions, DEFAULT_THRESHOLD};
use denylist_model::Entity;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::screen::build_query;
use crate::args::{MatcherKind, ScreenArgs};
use crate::error::CliError;
use crate::Status;

/// One line of a queries file, as in `../shared/data/eval/dev/*.jsonl`.
#[derive(Debug, Deserialize)]
struct QueryLine {
    id: Value,
    name: Option<String>,
    schema: Option<String>,
    dob: Option<String>,
    /// A country, or several.
    country: Option<Value>,
    identifiers: Option<Vec<String>>,
}

/// One result line.
#[derive(Debug, Serialize)]
struct ResultLine<'a> {
    query_id: String,
    matches: Vec<MatchLine<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct MatchLine<'a> {
    entity_id: String,
    score: f64,
    name: &'a str,
    matched_name: &'a str,
    source: String,
    explanation: &'a denylist_matching::Explanation,
}

fn id_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn countries(v: &Option<Value>) -> Result<Vec<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(a)) => a
            .iter()
            .map(|c| {
                c.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("country {c} is not a string"))
            })
            .collect(),
        Some(other) => Err(format!("country {other} is not a string or a list")),
    }
}

/// Runs the queries of `args.queries` against the entities.
pub async fn run(entities: Vec<Entity>, args: &ScreenArgs) -> Result<Status, CliError> {
    let Some(path) = args.queries.clone() else {
        return Err(CliError::Usage {
            message: "give a name or --queries FILE".to_string(),
        });
    };
    let algorithm = match args.matcher {
        MatcherKind::Fuzzy => Algorithm::Denylist,
        MatcherKind::Ofac => Algorithm::Ofac,
        MatcherKind::Exact => {
            return Err(CliError::Usage {
                message: "--queries works with the fuzzy and ofac matchers".to_string(),
            })
        }
    };
    let options = ScreenOptions {
        threshold: args.threshold.unwrap_or(DEFAULT_THRESHOLD),
        limit: args.limit,
        algorithm,
    };
    let out_path = args.out.clone();
    tokio::task::spawn_blocking(move || screen_file(entities, &path, out_path.as_deref(), &options))
        .await
        .map_err(|e| CliError::Internal(e.to_string()))?
}

fn screen_file(
    entities: Vec<Entity>,
    path: &std::path::Path,
    out_path: Option<&std::path::Path>,
    options: &ScreenOptions,
) -> Result<Status, CliError> {
    let read_err = |error: std::io::Error| CliError::Read {
        path: path.to_path_buf(),
        error,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let mut ids: Vec<String> = Vec::new();
    let mut parsed: Vec<Result<Query, String>> = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line_no = i + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                let message = format!("unreadable line: {e}");
                eprintln!("{}:{line_no}: {message}", path.display());
                ids.push(format!("line-{line_no}"));
                parsed.push(Err(message));
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let q: QueryLine = match serde_json::from_str(&line) {
            Ok(q) => q,
            Err(e) => {
                let message = format!("not a query object: {e}");
                eprintln!("{}:{line_no}: {message}", path.display());
                ids.push(format!("line-{line_no}"));
                parsed.push(Err(message));
                continue;
            }
        };
        ids.push(id_text(&q.id));
        let query = countries(&q.country).and_then(|cs| {
            build_query(
                q.name.as_deref().unwrap_or_default(),
                q.schema.as_deref(),
                q.dob.as_deref(),
                &cs,
                q.identifiers.as_deref().unwrap_or_default(),
            )
        });
        if let Err(e) = &query {
            eprintln!("{}:{line_no}: {e}", path.display());
        }
        parsed.push(query);
    }

    let matcher = Matcher::build(entities);
    let good: Vec<Query> = parsed
        .iter()
        .filter_map(|q| q.as_ref().ok().cloned())
        .collect();
    let mut results = matcher.screen_many(&good, options).into_iter();

    let mut out: Box<dyn Write> = match out_path {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).map_err(
            |error| CliError::Read {
                path: p.to_path_buf(),
                error,
            },
        )?)),
        None => Box::new(super::stdout()),
    };
    let (mut any_match, mut errors) = (false, 0usize);
    for (id, query) in ids.into_iter().zip(&parsed) {
        let line = match query {
            Ok(_) => {
                let matches = results.next().unwrap_or_default();
                any_match |= !matches.is_empty();
                let lines: Vec<MatchLine<'_>> = matches
                    .iter()
                    .map(|m| MatchLine {
                        entity_id: m.entity_id.to_string(),
                        score: m.score,
                        name: &m.name,
                        matched_name: &m.matched_name,
                        source: m.source.to_string(),
                        explanation: &m.explanation,
                    })
                    .collect();
                serde_json::to_string(&ResultLine {
                    query_id: id,
                    matches: lines,
                    error: None,
                })
            }
            Err(e) => {
                errors += 1;
                serde_json::to_string(&ResultLine {
                    query_id: id,
                    matches: Vec::new(),
                    error: Some(e.clone()),
                })
            }
        }
        .map_err(|e| CliError::Output(e.into()))?;
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    if errors > 0 {
        eprintln!("{errors} query lines had errors; the others were screened");
    }
    Ok(if any_match {
        Status::Matches
    } else {
        Status::Ok
    })
}
