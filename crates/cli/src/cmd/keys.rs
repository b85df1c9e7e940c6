//! `denylist keys`: API keys for `serve`, stored hashed in the data
//! directory.

use crate::config::Config;
use crate::error::CliError;
use crate::Status;

/// `denylist keys create --name NAME`: prints the new key on stdout (once),
/// stores its hash.
pub fn create(config: &Config, name: &str) -> Result<Status, CliError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CliError::Usage {
            message: "--name must not be empty".into(),
        });
    }
    let key = denylist_server::create_key(&config.data_dir, name).map_err(CliError::Keys)?;
    println!("{key}");
    eprintln!(
        "created API key {name:?} in {}; it is not shown again",
        config.data_dir.join(denylist_server::KEYS_FILE).display()
    );
    Ok(Status::Ok)
}
