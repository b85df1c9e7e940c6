//! `denylist customers`: the registry of customers screened on every list
//! change.

use std::io::Write;

use denylist_monitor::{read_customer_file, ImportOrigin, Monitor};
use denylist_store::{AlertFilter, StoredCustomer};
use serde::Serialize;

use super::rescreen::{monitor_error, monitor_options, print_lines, refusal, SYSTEM};
use super::{stdout, write_json, Context};
use crate::args::{CustomerShowArgs, CustomersCommand, CustomersImportArgs, CustomersListArgs};
use crate::error::CliError;
use crate::Status;

/// Runs `denylist customers ...`.
pub async fn run(ctx: &Context<'_>, cmd: CustomersCommand) -> Result<Status, CliError> {
    match cmd {
        CustomersCommand::Import(a) => import(ctx, *a).await,
        CustomersCommand::List(a) => list(ctx, a).await,
        CustomersCommand::Show(a) => show(ctx, a).await,
    }
}

#[derive(Serialize)]
struct ImportJson<'a> {
    #[serde(flatten)]
    report: &'a denylist_monitor::CustomerImport,
    rejects: &'a [denylist_monitor::Reject],
}

async fn import(ctx: &Context<'_>, args: CustomersImportArgs) -> Result<Status, CliError> {
    let options = super::batch::input_options(&args.columns)?;
    if args.by.trim().is_empty() {
        return Err(CliError::Usage {
            message: "--by: who imports must not be empty".into(),
        });
    }
    let path = args.input.clone();
    let file = tokio::task::spawn_blocking(move || read_customer_file(&path, &options))
        .await
        .map_err(|e| CliError::Internal(e.to_string()))?
        .map_err(monitor_error)?;
    let shown = if ctx.verbose { file.rejects.len() } else { 10 };
    for r in file.rejects.iter().take(shown) {
        eprintln!("rejected: {}: {r}", file.file);
    }
    if file.rejects.len() > shown {
        eprintln!(
            "rejected: ... and {} more (use -v to see all)",
            file.rejects.len() - shown
        );
    }
    let monitor = Monitor::new(ctx.store.clone(), monitor_options(None));
    let origin = ImportOrigin {
        file: file.file.clone(),
        sha256: Some(file.sha256.clone()),
        records: file.records,
        rejected: file.rejects.len() as u64,
    };
    let report = monitor
        .import_customers(file.customers, origin, args.by.trim())
        .await
        .map_err(refusal)?;
    // Existing customers may still wait for a list change to be screened.
    let sync = monitor.sync(SYSTEM).await.map_err(monitor_error)?;
    let mut out = stdout();
    if args.json {
        write_json(
            &mut out,
            &ImportJson {
                report: &report,
                rejects: &file.rejects,
            },
        )?;
    } else {
        writeln!(out, "{}", report.line())?;
    }
    out.flush()?;
    print_lines(&sync.lines(), args.json)?;
    Ok(Status::Ok)
}

async fn list(ctx: &Context<'_>, args: CustomersListArgs) -> Result<Status, CliError> {
    let customers = ctx
        .store
        .monitor()
        .customers(args.after.as_deref(), args.limit)
        .await?;
    let mut out = stdout();
    if args.json {
        write_json(&mut out, &customers)?;
        out.flush()?;
        return Ok(Status::Ok);
    }
    if customers.is_empty() {
        eprintln!("no customers registered (`denylist customers import FILE`)");
        return Ok(Status::Ok);
    }
    writeln!(
        out,
        "{:<16} {:<12} {:<36} {:<10} {:<8} UPDATED",
        "ID", "KIND", "NAME", "BORN", "COUNTRY"
    )?;
    for c in &customers {
        writeln!(out, "{}", row(c))?;
    }
    out.flush()?;
    Ok(Status::Ok)
}

fn row(s: &StoredCustomer) -> String {
    let c = &s.customer;
    format!(
        "{:<16} {:<12} {:<36} {:<10} {:<8} {}",
        c.id,
        c.kind.map_or("-", |k| k.as_str()),
        c.names.join(" / "),
        c.birth_dates
            .first()
            .map_or("-".to_string(), |d| d.to_string()),
        if c.countries.is_empty() {
            "-".to_string()
        } else {
            c.countries.join(",")
        },
        s.updated_at.format("%Y-%m-%d %H:%M:%S")
    )
}

#[derive(Serialize)]
struct ShowJson<'a> {
    customer: &'a StoredCustomer,
    alerts: &'a [denylist_store::Alert],
}

async fn show(ctx: &Context<'_>, args: CustomerShowArgs) -> Result<Status, CliError> {
    let customer = ctx
        .store
        .monitor()
        .customer(&args.id)
        .await
        .map_err(|e| refusal(e.into()))?;
    let alerts = ctx
        .store
        .monitor()
        .alerts(&AlertFilter {
            customer_id: Some(customer.customer.id.clone()),
            ..AlertFilter::default()
        })
        .await?;
    let mut out = stdout();
    if args.json {
        write_json(
            &mut out,
            &ShowJson {
                customer: &customer,
                alerts: &alerts,
            },
        )?;
        out.flush()?;
        return Ok(Status::Ok);
    }
    let c = &customer.customer;
    let list = |v: &[String]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.join(", ")
        }
    };
    writeln!(out, "customer        {}", c.id)?;
    writeln!(
        out,
        "kind            {}",
        c.kind.map_or("-", |k| k.as_str())
    )?;
    for n in &c.names {
        writeln!(out, "name            {n}")?;
    }
    let dates: Vec<String> = c.birth_dates.iter().map(|d| d.to_string()).collect();
    writeln!(out, "born            {}", list(&dates))?;
    writeln!(out, "countries       {}", list(&c.countries))?;
    writeln!(out, "identifiers     {}", list(&c.identifiers))?;
    for (k, v) in &c.fields {
        writeln!(out, "field           {k} = {v}")?;
    }
    writeln!(out, "registered      {}", customer.created_at.to_rfc3339())?;
    writeln!(out, "updated         {}", customer.updated_at.to_rfc3339())?;
    writeln!(out, "alerts          {}", alerts.len())?;
    for a in &alerts {
        writeln!(
            out,
            "  {}  {:<9}  {:.2}  {}  {}",
            a.id, a.status, a.score, a.entity_id, a.entity_name
        )?;
    }
    out.flush()?;
    Ok(Status::Ok)
}
