//! `denylist alerts`: list, show, decide, and the monitoring settings.

use std::io::Write;

use denylist_model::EntityId;
use denylist_monitor::Monitor;
use denylist_store::{Alert, AlertFilter, AlertId, AlertStatus, Decision, MonitorSettings};
use serde_json::Value;

use super::rescreen::{monitor_options, refusal};
use super::{stdout, write_json, Context};
use crate::args::{AlertShowArgs, AlertsCommand, AlertsListArgs, DecideArgs, SettingsArgs};
use crate::error::CliError;
use crate::Status;

/// Runs `denylist alerts ...`.
pub async fn run(ctx: &Context<'_>, cmd: AlertsCommand) -> Result<Status, CliError> {
    match cmd {
        AlertsCommand::List(a) => list(ctx, a).await,
        AlertsCommand::Show(a) => show(ctx, a).await,
        AlertsCommand::Decide(a) => decide(ctx, a).await,
        AlertsCommand::Settings(a) => settings(ctx, a).await,
    }
}

fn alert_id(s: &str) -> Result<AlertId, CliError> {
    s.parse().map_err(|message| CliError::Usage { message })
}

async fn list(ctx: &Context<'_>, args: AlertsListArgs) -> Result<Status, CliError> {
    let status = args
        .status
        .as_deref()
        .map(|s| {
            s.parse::<AlertStatus>().map_err(|e| CliError::Usage {
                message: format!("--status: {e}"),
            })
        })
        .transpose()?;
    let entity_id = args
        .entity
        .as_deref()
        .map(|e| {
            e.parse::<EntityId>().map_err(|err| CliError::Usage {
                message: format!("--entity {e:?}: {err}"),
            })
        })
        .transpose()?;
    let filter = AlertFilter {
        status,
        customer_id: args.customer.clone(),
        entity_id,
        after: args.after.as_deref().map(alert_id).transpose()?,
        limit: args.limit,
    };
    let alerts = ctx.store.monitor().alerts(&filter).await?;
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &alerts)?;
        out.flush()?;
        return Ok(Status::Ok);
    }
    if alerts.is_empty() {
        eprintln!("no alerts");
        return Ok(Status::Ok);
    }
    writeln!(
        out,
        "{:<8} {:<9} {:>5}  {:<16} {:<20} {:<36} VERSION",
        "ID", "STATUS", "SCORE", "CUSTOMER", "ENTITY", "ENTITY NAME"
    )?;
    for a in &alerts {
        writeln!(
            out,
            "{:<8} {:<9} {:>5.2}  {:<16} {:<20} {:<36} {}",
            a.id.to_string(),
            a.status.as_str(),
            a.score,
            a.customer_id,
            a.entity_id.as_str(),
            a.entity_name,
            a.raised_by_version.short()
        )?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

async fn show(ctx: &Context<'_>, args: AlertShowArgs) -> Result<Status, CliError> {
    let id = alert_id(&args.id)?;
    let record = ctx
        .store
        .monitor()
        .alert(id)
        .await
        .map_err(|e| refusal(e.into()))?;
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &record)?;
        out.flush()?;
        return Ok(Status::Ok);
    }
    write_alert(&mut out, &record.alert)?;
    writeln!(out, "history")?;
    for e in &record.history {
        let mut line = format!(
            "  {}  {:<24} {:<22} {:>9} -> {:<9}",
            e.at.format("%Y-%m-%d %H:%M:%S"),
            e.actor,
            e.action,
            e.from_status.map_or("-", AlertStatus::as_str),
            e.to_status.as_str()
        );
        if let Some(s) = e.score {
            line.push_str(&format!("  score {s:.2}"));
        }
        if let Some(v) = &e.version {
            line.push_str(&format!("  version {}", v.short()));
        }
        if let Some(r) = &e.reason {
            line.push_str(&format!("  ({r})"));
        }
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

fn write_alert(out: &mut impl Write, a: &Alert) -> Result<(), CliError> {
    writeln!(out, "alert           {} ({})", a.id, a.status)?;
    writeln!(
        out,
        "customer        {}  {}",
        a.customer_id, a.customer_name
    )?;
    writeln!(out, "entity          {}  {}", a.entity_id, a.entity_name)?;
    writeln!(out, "matched name    {}", a.matched_name)?;
    writeln!(out, "score           {:.2}", a.score)?;
    writeln!(
        out,
        "raised by       {} {}",
        a.source,
        a.raised_by_version.as_str()
    )?;
    writeln!(out, "last screened   {}", a.last_version.as_str())?;
    if let Some(p) = &a.pending_confirmation_by {
        writeln!(
            out,
            "pending         confirmed by {p}; a second reviewer must confirm"
        )?;
    }
    if let Some(by) = &a.decided_by {
        let at = a
            .decided_at
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default();
        writeln!(out, "decided         {} by {by} at {at}", a.status)?;
    }
    if let Some(r) = &a.decision_reason {
        writeln!(out, "reason          {r}")?;
    }
    if let Some(tokens) = a.explanation.get("tokens").and_then(Value::as_array) {
        for t in tokens {
            writeln!(
                out,
                "why             {} ~ {} ({}, {:.2})",
                t["query"].as_str().unwrap_or_default(),
                t["list"].as_str().unwrap_or_default(),
                t["rule"].as_str().unwrap_or_default(),
                t["similarity"].as_f64().unwrap_or_default()
            )?;
        }
    }
    if let Some(features) = a.explanation.get("features").and_then(Value::as_array) {
        for f in features {
            writeln!(
                out,
                "why             {} {:+.2} ({})",
                f["kind"].as_str().unwrap_or_default(),
                f["effect"].as_f64().unwrap_or_default(),
                f["note"].as_str().unwrap_or_default()
            )?;
        }
    }
    Ok(())
}

async fn decide(ctx: &Context<'_>, args: DecideArgs) -> Result<Status, CliError> {
    let id = alert_id(&args.id)?;
    let decision = if args.dismiss {
        let Some(reason) = args.reason.clone().filter(|r| !r.trim().is_empty()) else {
            return Err(CliError::Usage {
                message: "--dismiss needs --reason: why is it a false positive?".into(),
            });
        };
        Decision::Dismiss { reason }
    } else {
        Decision::Confirm {
            reason: args.reason.clone(),
        }
    };
    let monitor = Monitor::new(ctx.store.clone(), monitor_options(None));
    let outcome = monitor
        .decide(id, &decision, &args.by)
        .await
        .map_err(refusal)?;
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &outcome)?;
    } else if outcome.pending {
        writeln!(
            out,
            "{}: confirmation by {} recorded; four-eyes: a second, different reviewer must confirm",
            id,
            args.by.trim()
        )?;
    } else {
        writeln!(
            out,
            "{}: {} by {}",
            id,
            outcome.alert.status,
            outcome.alert.decided_by.as_deref().unwrap_or_default()
        )?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

fn on_off(flag: &str, v: &str) -> Result<bool, CliError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Ok(true),
        "off" | "false" | "no" | "0" => Ok(false),
        _ => Err(CliError::Usage {
            message: format!("{flag} {v:?}: expected on or off"),
        }),
    }
}

async fn settings(ctx: &Context<'_>, args: SettingsArgs) -> Result<Status, CliError> {
    let current = ctx.store.monitor().monitor_settings().await?;
    let mut wanted: MonitorSettings = current;
    if let Some(v) = &args.four_eyes {
        wanted.four_eyes = on_off("--four-eyes", v)?;
    }
    if let Some(t) = args.threshold {
        if !(0.0..=1.0).contains(&t) {
            return Err(CliError::Usage {
                message: format!("--threshold {t}: expected a score between 0 and 1"),
            });
        }
        wanted.threshold = t;
    }
    if wanted != current {
        let Some(by) = args.by.as_deref().filter(|b| !b.trim().is_empty()) else {
            return Err(CliError::Usage {
                message: "changing a setting needs --by WHO (it is audited)".into(),
            });
        };
        let monitor = Monitor::new(ctx.store.clone(), monitor_options(None));
        monitor
            .set_settings(&wanted, by.trim())
            .await
            .map_err(refusal)?;
        if wanted.threshold != current.threshold {
            eprintln!(
                "threshold changed: run `denylist rescreen --all` to screen every customer with it"
            );
        }
    }
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &wanted)?;
    } else {
        writeln!(
            out,
            "four_eyes  {}",
            if wanted.four_eyes { "on" } else { "off" }
        )?;
        writeln!(out, "threshold  {}", wanted.threshold)?;
    }
    out.flush()?;
    Ok(Status::Ok)
}
