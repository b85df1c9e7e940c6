//! Runs the API without the CLI: `cargo run --release -p denylist-server
//! --example serve -- DATA_DIR [ADDR]` (loopback, no auth): the library's
//! `serve` with the default configuration.

use std::path::PathBuf;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "denylist=info,denylist_server=info".into()),
        )
        .init();
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: serve DATA_DIR [ADDR]")?);
    let addr = args
        .next()
        .unwrap_or_else(|| "127.0.0.1:8000".into())
        .parse()?;
    let store = denylist_store::Store::open(&dir).await?;
    let mut config = denylist_server::ServerConfig::new(addr, dir);
    config.auth = false;
    denylist_server::serve(config, store).await?;
    Ok(())
}
