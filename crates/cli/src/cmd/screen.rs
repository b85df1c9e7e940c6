//! `denylist screen`: one name against the latest version of every list.
//!
//! The default matcher is `denylist-matching`'s fuzzy, explainable one;
//! `--matcher ofac` emulates OFAC's Sanctions List Search scoring and
//! `--matcher exact` is the exact-token matcher of [`crate::screen`].

use std::io::Write;

use denylist_matching::{Algorithm, Matcher, Query, ScreenOptions, DEFAULT_THRESHOLD};
use denylist_model::{Entity, NameKind, Schema};
use serde::Serialize;

use super::{screening_lists, stdout, write_json, Context};
use crate::args::{MatcherKind, ScreenArgs};
use crate::error::CliError;
use crate::screen::{matches, tokens};
use crate::Status;

/// One matched entity.
#[derive(Debug, Serialize)]
struct Hit {
    id: String,
    source: String,
    schema: Schema,
    name: String,
    matched_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    matched_kind: Option<NameKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    programs: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<denylist_matching::Explanation>,
}

/// The JSON output.
#[derive(Debug, Serialize)]
struct Report<'a> {
    query: &'a str,
    matcher: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    threshold: Option<f64>,
    matches: &'a [Hit],
}

/// Runs `denylist screen`.
pub async fn run(ctx: &Context<'_>, args: ScreenArgs) -> Result<Status, CliError> {
    if let Some(t) = args.threshold {
        if !(0.0..=1.0).contains(&t) {
            return Err(CliError::Usage {
                message: format!("--threshold {t}: expected a score between 0 and 1"),
            });
        }
    }
    let single = match (&args.name, &args.queries) {
        (Some(name), _) => Some(
            build_query(
                name,
                args.schema.as_deref(),
                args.dob.as_deref(),
                &args.country,
                &args.identifiers,
            )
            .map_err(|message| CliError::Usage { message })?,
        ),
        _ => None,
    };
    let entities: Vec<Entity> = screening_lists(ctx.store).await?.entities;
    let Some(query) = single else {
        return super::queries::run(entities, &args).await;
    };
    let (label, threshold, hits) = match args.matcher {
        MatcherKind::Exact => (
            "exact-tokens",
            None,
            exact(&entities, &query.name, args.limit),
        ),
        MatcherKind::Fuzzy | MatcherKind::Ofac => {
            let (label, algorithm) = if args.matcher == MatcherKind::Ofac {
                ("ofac", Algorithm::Ofac)
            } else {
                ("fuzzy", Algorithm::Denylist)
            };
            let options = ScreenOptions {
                threshold: args.threshold.unwrap_or(DEFAULT_THRESHOLD),
                limit: args.limit,
                algorithm,
            };
            let hits = tokio::task::spawn_blocking(move || fuzzy(entities, &query, &options))
                .await
                .map_err(|e| CliError::Internal(e.to_string()))?;
            (label, Some(options.threshold), hits)
        }
    };
    let status = if hits.is_empty() {
        Status::Ok
    } else {
        Status::Matches
    };
    let mut out = stdout();
    if args.json {
        write_json(
            &mut out,
            &Report {
                query: args.name.as_deref().unwrap_or_default(),
                matcher: label,
                threshold,
                matches: &hits,
            },
        )?;
        out.flush()?;
        return Ok(status);
    }
    if hits.is_empty() {
        eprintln!(
            "no match for {:?}",
            args.name.as_deref().unwrap_or_default()
        );
    }
    for h in &hits {
        let via = if h.matched_name == h.name {
            String::new()
        } else {
            format!("  (matched {:?})", h.matched_name)
        };
        let score = h.score.map(|s| format!("{s:.2}  ")).unwrap_or_default();
        writeln!(
            out,
            "{score}{}  {}  {}  [{}]{via}",
            h.id,
            h.name,
            h.schema,
            h.programs.join(", ")
        )?;
        if args.explain {
            if let Some(e) = &h.explanation {
                for line in e.to_text().lines() {
                    writeln!(out, "    {line}")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(status)
}

/// The fuzzy (or OFAC-style) matcher over every entity.
fn fuzzy(entities: Vec<Entity>, query: &Query, options: &ScreenOptions) -> Vec<Hit> {
    let matcher = Matcher::build(entities);
    matcher
        .screen(query, options)
        .into_iter()
        .map(|m| Hit {
            programs: matcher
                .entity(&m.entity_id)
                .map(|e| e.programs.clone())
                .unwrap_or_default(),
            id: m.entity_id.to_string(),
            source: m.source.to_string(),
            schema: m.schema,
            name: m.name,
            matched_name: m.matched_name,
            matched_kind: None,
            score: Some(m.score),
            explanation: Some(m.explanation),
        })
        .collect()
}

/// The exact-token matcher: list order, first matching name per entity.
fn exact(entities: &[Entity], name: &str, limit: usize) -> Vec<Hit> {
    let query = tokens(name);
    let mut hits = Vec::new();
    for entity in entities {
        let Some(name) = entity
            .names
            .iter()
            .find(|n| matches(&query, &tokens(&n.full)))
        else {
            continue;
        };
        hits.push(Hit {
            id: entity.id.to_string(),
            source: entity.id.source_str().to_string(),
            schema: entity.schema,
            name: entity.primary_name().unwrap_or("-").to_string(),
            matched_name: name.full.clone(),
            matched_kind: Some(name.kind),
            score: None,
            programs: entity.programs.clone(),
            explanation: None,
        });
        if hits.len() >= limit {
            break;
        }
    }
    hits
}

/// Builds a query from its parts as given on the command line or in a
/// queries file; the error says which part is wrong.
pub(crate) fn build_query(
    name: &str,
    schema: Option<&str>,
    dob: Option<&str>,
    countries: &[String],
    identifiers: &[String],
) -> Result<Query, String> {
    if name.trim().is_empty() {
        return Err("empty name".to_string());
    }
    let mut query = Query::new(name);
    if let Some(s) = schema.filter(|s| !s.trim().is_empty()) {
        let schema = Schema::parse(s).ok_or_else(|| {
            format!("unknown schema {s:?} (person, organization, company, vessel, aircraft)")
        })?;
        query = query.with_schema(schema);
    }
    if let Some(d) = dob.filter(|d| !d.trim().is_empty()) {
        let date: denylist_model::PartialDate = d
            .trim()
            .parse()
            .map_err(|_| format!("bad date of birth {d:?} (YYYY, YYYY-MM or YYYY-MM-DD)"))?;
        query = query.with_birth_date(date);
    }
    for c in countries {
        if denylist_model::country_code(c).is_none() {
            return Err(format!("unknown country {c:?}"));
        }
        query = query.with_country(c);
    }
    for id in identifiers.iter().filter(|i| !i.trim().is_empty()) {
        query = query.with_identifier(id.clone());
    }
    Ok(query)
}
