//! `denylist show`: one entity, every field, and its history.

use std::io::Write;

use denylist_model::{Entity, EntityId, FuzzyDate, NameKind, NameStrength};
use denylist_store::{EntityRecord, StoreError};

use super::{date_or_dash, resolve_version, stdout, write_json, Context};
use crate::args::ShowArgs;
use crate::error::CliError;
use crate::Status;

/// Runs `denylist show`.
pub async fn run(ctx: &Context<'_>, args: ShowArgs) -> Result<Status, CliError> {
    let id: EntityId = args
        .entity
        .parse()
        .map_err(|e: denylist_model::ModelError| CliError::Usage {
            message: e.to_string(),
        })?;
    let version = match &args.version {
        Some(spec) => Some(resolve_version(ctx.store, &id.source(), "--version", spec).await?),
        None => None,
    };
    let record = match ctx.store.entity(&id, version.as_ref().map(|v| &v.id)).await {
        Ok(r) => r,
        Err(StoreError::NotFound { what }) => {
            return Err(CliError::Usage {
                message: format!("{what} not found"),
            })
        }
        Err(e) => return Err(e.into()),
    };
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &record)?;
    } else {
        print_text(&mut out, &record)?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

fn dates(ds: &[FuzzyDate]) -> String {
    ds.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn print_text(out: &mut impl Write, record: &EntityRecord) -> Result<(), CliError> {
    let e: &Entity = &record.entity;
    let mut line = |label: &str, value: String| -> std::io::Result<()> {
        if value.is_empty() {
            Ok(())
        } else {
            writeln!(out, "{label:<16}{value}")
        }
    };
    line("id", e.id.to_string())?;
    line("name", e.primary_name().unwrap_or("-").to_string())?;
    line("schema", e.schema.to_string())?;
    line("list", e.list.clone().unwrap_or_default())?;
    line("programs", e.programs.join(", "))?;
    for n in e.names.iter().skip(1) {
        let strength = match n.strength {
            NameStrength::Weak => " (weak)",
            _ => "",
        };
        line(
            "alias",
            format!("{} [{}]{strength}", n.full, kind_label(n.kind)),
        )?;
    }
    line(
        "gender",
        e.gender.map(|g| format!("{g:?}")).unwrap_or_default(),
    )?;
    line("titles", e.titles.join("; "))?;
    line("born", dates(&e.birth_dates))?;
    line(
        "birth place",
        e.birth_places
            .iter()
            .map(|p| p.text.clone())
            .collect::<Vec<_>>()
            .join("; "),
    )?;
    let codes = |cs: &[denylist_model::CountryCode]| {
        cs.iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    line("nationality", codes(&e.nationalities))?;
    line("citizenship", codes(&e.citizenships))?;
    line("countries", codes(&e.countries))?;
    for a in &e.addresses {
        line("address", a.one_line())?;
    }
    for i in &e.identifiers {
        let mut s = format!("{} {}", i.label, i.value);
        if let Some(c) = i.country {
            s.push_str(&format!(" ({c})"));
        }
        if let Some(d) = &i.issued {
            s.push_str(&format!(" issued {d}"));
        }
        if let Some(d) = &i.expires {
            s.push_str(&format!(" expires {d}"));
        }
        if let Some(n) = &i.note {
            s.push_str(&format!(" ({n})"));
        }
        line("identifier", s)?;
    }
    line(
        "listed on",
        e.listed_on
            .as_ref()
            .map(|d| d.to_string())
            .unwrap_or_default(),
    )?;
    line(
        "established",
        e.established_on
            .as_ref()
            .map(|d| d.to_string())
            .unwrap_or_default(),
    )?;
    for r in &e.relationships {
        let target = r
            .target_name
            .clone()
            .or_else(|| r.target.as_ref().map(|t| t.to_string()))
            .unwrap_or_default();
        let former = if r.former { " (former)" } else { "" };
        line("related", format!("{:?}: {target}{former}", r.kind))?;
    }
    if let Some(v) = &e.vessel {
        let parts = [
            ("type", &v.vessel_type),
            ("flag", &v.flag_name),
            ("owner", &v.owner),
            ("tonnage", &v.tonnage),
            ("GRT", &v.gross_registered_tonnage),
            ("built", &v.build_year),
        ];
        line("vessel", join_parts(&parts))?;
    }
    if let Some(a) = &e.aircraft {
        let parts = [
            ("model", &a.model),
            ("operator", &a.operator),
            ("manufactured", &a.manufacture_date),
        ];
        line("aircraft", join_parts(&parts))?;
    }
    for (label, values) in &e.properties {
        for v in values {
            line("property", format!("{label} {v}"))?;
        }
    }
    for r in &e.remarks {
        line("remark", r.clone())?;
    }

    let v = &record.version;
    let h = &record.history;
    let mut line = |label: &str, value: String| -> std::io::Result<()> {
        if value.is_empty() {
            writeln!(out)
        } else {
            writeln!(out, "{label:<16}{value}")
        }
    };
    line("", String::new())?;
    line(
        "version",
        format!(
            "{} (published {}, imported {})",
            v.id.short(),
            date_or_dash(v.published),
            v.imported_at.format("%Y-%m-%d %H:%M:%S")
        ),
    )?;
    line(
        "listed since",
        format!(
            "{} ({})",
            date_or_dash(h.listed_since.published),
            h.listed_since.id.short()
        ),
    )?;
    line(
        "first seen",
        format!(
            "{} ({})",
            date_or_dash(h.first_seen.published),
            h.first_seen.id.short()
        ),
    )?;
    line(
        "last seen",
        format!(
            "{} ({})",
            date_or_dash(h.last_seen.published),
            h.last_seen.id.short()
        ),
    )?;
    if let Some(d) = &h.delisted_in {
        line(
            "delisted in",
            format!("{} ({})", date_or_dash(d.published), d.id.short()),
        )?;
    }
    line("versions", h.versions_seen.to_string())?;
    for s in &h.spans {
        let fields: Vec<&str> = s.changes.iter().map(|c| c.field.as_str()).collect();
        let what = if s.relisted {
            "relisted".to_string()
        } else if fields.is_empty() {
            "listed".to_string()
        } else {
            format!("changed: {}", fields.join(", "))
        };
        line(
            "history",
            format!(
                "{} .. {}  {} version(s)  {what}",
                date_or_dash(s.first.published),
                date_or_dash(s.last.published),
                s.versions
            ),
        )?;
    }
    Ok(())
}

fn join_parts(parts: &[(&str, &Option<String>)]) -> String {
    parts
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn kind_label(kind: NameKind) -> &'static str {
    match kind {
        NameKind::Primary => "primary",
        NameKind::Variation => "variation",
        NameKind::Aka => "a.k.a.",
        NameKind::Fka => "f.k.a.",
        NameKind::Nka => "n.k.a.",
        NameKind::OriginalScript => "original script",
    }
}
