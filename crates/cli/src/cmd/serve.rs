//! `denylist serve`: the HTTP API over the store, on its own runtime sized
//! by `--workers`.

use std::time::Duration;

use denylist_server::{Limits, ServerConfig};

use crate::args::ServeArgs;
use crate::config::Config;
use crate::error::CliError;
use crate::Status;

/// The server settings from the flags, checked.
fn server_config(config: &Config, a: &ServeArgs) -> Result<ServerConfig, CliError> {
    let mut server = ServerConfig::new(a.listen, config.data_dir.clone());
    server.auth = !a.no_auth;
    server.poll_interval = Duration::from_secs(a.poll_interval.max(1));
    server.request_timeout = Duration::from_secs(a.request_timeout.max(1));
    server.shutdown_grace = Duration::from_secs(a.request_timeout.max(1));
    server.body_limit = usize::try_from(a.max_body_mib.saturating_mul(1024 * 1024))
        .unwrap_or(usize::MAX)
        .max(1024);
    server.limits = Limits {
        max_queries: a.max_queries.max(1),
        ..Limits::default()
    };
    server.webhook = crate::config::webhook_config(&a.webhook)?;
    server.validate().map_err(CliError::Server)?;
    Ok(server)
}

/// Runs the server until Ctrl-C or SIGTERM.
pub fn run(config: &Config, a: ServeArgs) -> Result<Status, CliError> {
    let server = server_config(config, &a)?;
    let workers = a.workers.filter(|&n| n > 0).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_name("denylist-serve")
        .enable_all()
        .build()
        .map_err(|e| CliError::Internal(format!("starting the async runtime: {e}")))?;
    runtime.block_on(async move {
        let store = denylist_store::Store::open(&config.data_dir).await?;
        tracing::info!(workers, data_dir = %config.data_dir.display(), "starting the API server");
        let result = denylist_server::serve(server, store.clone())
            .await
            .map(|()| Status::Ok)
            .map_err(CliError::Server);
        store.close().await;
        result
    })
}
