//! Command-line arguments, as clap parses them.
//!
//! These raw structs are turned into a [`Config`](crate::config::Config) and
//! per-command values once, in `main`; nothing else reads them.

use std::path::PathBuf;

use clap::{ArgAction, Args as ClapArgs, Parser, Subcommand};

/// Screen names against official sanctions lists, and keep every version of
/// those lists.
#[derive(Debug, Parser)]
#[command(name = "denylist", version, about, long_about = None)]
pub struct Args {
    /// Options for every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Options for every command.
#[derive(Debug, ClapArgs)]
pub struct GlobalArgs {
    /// Directory holding the list store [default: the platform data dir + /denylist]
    #[arg(long, global = true, env = "DENYLIST_DATA", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// More log output on stderr (-v debug, -vv trace); also shows every parse warning
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
    /// Less log output on stderr (-q warnings only, -qq errors only)
    #[arg(short, long, global = true, action = ArgAction::Count, conflicts_with = "verbose")]
    pub quiet: u8,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import list files (one set of one format) as a new list version
    Import(ImportArgs),
    /// List the stored lists and their versions
    Lists(ListsArgs),
    /// Show what changed in a list between two versions
    Diff(DiffArgs),
    /// Show everything known about one entity, with its history
    Show(ShowArgs),
    /// Download the official files of lists and import new versions
    Update(UpdateArgs),
    /// Screen a name against the latest version of every list
    Screen(ScreenArgs),
    /// List the supported file formats
    Formats(JsonArg),
    /// List the supported sources and their official URLs
    Sources(JsonArg),
    /// Print the effective configuration
    Config(JsonArg),
    /// Score two names against each other, or every pair of a CSV file
    Compare(CompareArgs),
    /// Screen a customer file (CSV/TSV, JSON lines, XLSX/ODS) against every list
    Batch(Box<BatchArgs>),
    /// Run the HTTP screening API (yente-compatible and native endpoints)
    Serve(ServeArgs),
    /// Manage API keys for `serve`
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Deliver the monitoring webhook outbox, or show its state
    #[command(subcommand)]
    Webhooks(WebhooksCommand),
    /// The customer registry screened on every list change: import, list, show
    #[command(subcommand)]
    Customers(CustomersCommand),
    /// Monitoring alerts: list, show, decide, settings
    #[command(subcommand)]
    Alerts(AlertsCommand),
    /// The hash-chained audit log: export, verify
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Screen the registered customers: pending list changes, or everyone with --all
    Rescreen(RescreenArgs),
}

/// `denylist compare`.
#[derive(Debug, ClapArgs)]
pub struct CompareArgs {
    /// First name
    #[arg(required_unless_present = "pairs", conflicts_with = "pairs")]
    pub name1: Option<String>,
    /// Second name
    #[arg(required_unless_present = "pairs")]
    pub name2: Option<String>,
    /// What the names are: person, organization, company, vessel, aircraft
    #[arg(long, value_name = "SCHEMA")]
    pub schema: Option<String>,
    /// Print the explanation
    #[arg(long)]
    pub explain: bool,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// A CSV file of pairs: schema,name1,name2 (a header row is allowed)
    #[arg(long, value_name = "FILE")]
    pub pairs: Option<PathBuf>,
    /// With --pairs: write schema,name1,name2,score,match here instead of stdout
    #[arg(long, value_name = "FILE", requires = "pairs")]
    pub out: Option<PathBuf>,
    /// The score from which a pair is a match (0-1)
    #[arg(long, default_value_t = denylist_matching::DEFAULT_THRESHOLD)]
    pub threshold: f64,
}

/// `denylist batch`.
#[derive(Debug, ClapArgs)]
pub struct BatchArgs {
    /// Customer file (.csv .tsv .txt .jsonl .xlsx .xls .ods .parquet); columns
    /// are recognised by their header names
    pub input: PathBuf,
    /// Result file (.csv .jsonl .xlsx .parquet): one row per (customer, match)
    #[arg(short, long)]
    pub output: PathBuf,
    /// Report matches scoring at least this (0-1)
    #[arg(long, default_value_t = denylist_matching::DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// At most this many matches per customer
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Write one row per customer, even without a match
    #[arg(long, conflicts_with = "only_hits")]
    pub all: bool,
    /// Write only customers with a match (the default)
    #[arg(long)]
    pub only_hits: bool,
    /// Continue an interrupted run from its checkpoint, without duplicates or gaps
    #[arg(long)]
    pub resume: bool,
    /// Rows screened, written and checkpointed together
    #[arg(long, default_value_t = 4096)]
    pub chunk_size: usize,
    /// Which columns to read
    #[command(flatten)]
    pub columns: ColumnArgs,
}

/// `denylist serve`.
#[derive(Debug, ClapArgs)]
pub struct ServeArgs {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:8000", env = "DENYLIST_LISTEN")]
    pub listen: std::net::SocketAddr,
    /// Accept requests without an API key (only allowed on a loopback address)
    #[arg(long)]
    pub no_auth: bool,
    /// Seconds between checks of the store for new list versions
    #[arg(long, default_value_t = 5, value_name = "SECONDS")]
    pub poll_interval: u64,
    /// Log format on stderr: text, or json (one JSON object a line, with the
    /// request id of each request's events)
    #[arg(long, value_enum, default_value_t = LogFormat::Text, env = "DENYLIST_LOG_FORMAT")]
    pub log_format: LogFormat,
    /// Worker threads [default: one per CPU]
    #[arg(long, value_name = "N", env = "DENYLIST_WORKERS")]
    pub workers: Option<usize>,
    /// Requests running longer are answered 408; also the time in-flight
    /// requests get on shutdown
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub request_timeout: u64,
    /// Largest request body, in MiB (else 413)
    #[arg(long, default_value_t = 8, value_name = "MIB")]
    pub max_body_mib: u64,
    /// Most queries in one /match request, or lines in one batch (else 422)
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub max_queries: usize,
    /// Deliver new alerts to a webhook in the background
    #[command(flatten)]
    pub webhook: WebhookArgs,
}

/// How logs are written on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines
    Text,
    /// One JSON object a line
    Json,
}

/// `denylist keys`.
#[derive(Debug, clap::Subcommand)]
pub enum KeysCommand {
    /// Create an API key; it is printed once on stdout and stored hashed
    Create {
        /// A name for the key (who or what uses it)
        #[arg(long)]
        name: String,
    },
}

/// The columns of a customer file: the flags shared by `batch` and `customers import`.
#[derive(Debug, Clone, ClapArgs)]
pub struct ColumnArgs {
    /// Sheet of a spreadsheet input (default: the first)
    #[arg(long)]
    pub sheet: Option<String>,
    /// Column holding the full name
    #[arg(long, value_name = "HEADER")]
    pub name_col: Option<String>,
    /// Column holding the first (given) name
    #[arg(long, value_name = "HEADER")]
    pub first_col: Option<String>,
    /// Column holding the middle name
    #[arg(long, value_name = "HEADER")]
    pub middle_col: Option<String>,
    /// Column holding the last (family) name
    #[arg(long, value_name = "HEADER")]
    pub last_col: Option<String>,
    /// Column holding the customer id (batch: default the row number; required by `customers import`)
    #[arg(long, value_name = "HEADER")]
    pub id_col: Option<String>,
    /// Column holding the date of birth
    #[arg(long, value_name = "HEADER")]
    pub dob_col: Option<String>,
    /// Column holding countries or nationalities
    #[arg(long, value_name = "HEADER")]
    pub country_col: Option<String>,
    /// Column holding identifiers (passport, IMO, ...)
    #[arg(long, value_name = "HEADER")]
    pub identifier_col: Option<String>,
    /// Column holding the party type (person, company, vessel, ...)
    #[arg(long, value_name = "HEADER")]
    pub type_col: Option<String>,
    /// How to read ambiguous dates like 03/04/1970: auto (year only), day-first, month-first
    #[arg(long, default_value = "auto")]
    pub date_order: String,
}

/// `denylist customers`.
#[derive(Debug, Subcommand)]
pub enum CustomersCommand {
    /// Register customers from a file (.csv .tsv .jsonl .xlsx .ods...): new ones are
    /// inserted, changed ones updated, unchanged ones skipped; new and changed ones are
    /// screened at once
    Import(Box<CustomersImportArgs>),
    /// List registered customers, by id
    List(CustomersListArgs),
    /// Show one customer and its alerts
    Show(CustomerShowArgs),
}

/// `denylist customers import`.
#[derive(Debug, ClapArgs)]
pub struct CustomersImportArgs {
    /// Customer file; columns are recognised by their header names, an id column is required
    pub input: PathBuf,
    /// Column overrides
    #[command(flatten)]
    pub columns: ColumnArgs,
    /// Who imports, for the audit log
    #[arg(
        long,
        value_name = "WHO",
        env = "DENYLIST_ACTOR",
        default_value = "cli"
    )]
    pub by: String,
    /// Print the summary as JSON
    #[arg(long)]
    pub json: bool,
}

/// `denylist customers list`.
#[derive(Debug, ClapArgs)]
pub struct CustomersListArgs {
    /// Start after this customer id
    #[arg(long, value_name = "ID")]
    pub after: Option<String>,
    /// At most this many customers
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub limit: usize,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// `denylist customers show`.
#[derive(Debug, ClapArgs)]
pub struct CustomerShowArgs {
    /// The customer id
    pub id: String,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// `denylist alerts`.
#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// List alerts, by id
    List(AlertsListArgs),
    /// Show one alert with its history
    Show(AlertShowArgs),
    /// Dismiss (false positive) or confirm (true match) an alert
    Decide(DecideArgs),
    /// Show or change the monitoring settings (four-eyes, threshold)
    Settings(SettingsArgs),
}

/// `denylist alerts list`.
#[derive(Debug, ClapArgs)]
pub struct AlertsListArgs {
    /// Only alerts with this status: open, confirmed, dismissed, delisted
    #[arg(long)]
    pub status: Option<String>,
    /// Only this customer's alerts
    #[arg(long, value_name = "ID")]
    pub customer: Option<String>,
    /// Only alerts on this entity (e.g. us-ofac-sdn:48060)
    #[arg(long, value_name = "ID")]
    pub entity: Option<String>,
    /// Start after this alert id
    #[arg(long, value_name = "ALERT")]
    pub after: Option<String>,
    /// At most this many alerts
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

/// `denylist alerts show`.
#[derive(Debug, ClapArgs)]
pub struct AlertShowArgs {
    /// The alert id, e.g. A000123
    pub id: String,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// `denylist alerts decide`.
#[derive(Debug, ClapArgs)]
pub struct DecideArgs {
    /// The alert id, e.g. A000123
    pub id: String,
    /// A false positive (needs --reason)
    #[arg(long, conflicts_with = "confirm", required_unless_present = "confirm")]
    pub dismiss: bool,
    /// A true match (with four-eyes on, a second reviewer must confirm too)
    #[arg(long)]
    pub confirm: bool,
    /// Why (required to dismiss)
    #[arg(long)]
    pub reason: Option<String>,
    /// The reviewer
    #[arg(long, value_name = "WHO")]
    pub by: String,
    /// Print the alert as JSON
    #[arg(long)]
    pub json: bool,
}

/// `denylist alerts settings`.
#[derive(Debug, ClapArgs)]
pub struct SettingsArgs {
    /// Require two different reviewers to confirm an alert: on or off
    #[arg(long, value_name = "on|off")]
    pub four_eyes: Option<String>,
    /// Alert threshold (0-1); run `rescreen --all` afterwards
    #[arg(long, value_name = "SCORE")]
    pub threshold: Option<f64>,
    /// Who changes the settings, for the audit log
    #[arg(long, value_name = "WHO", env = "DENYLIST_ACTOR")]
    pub by: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// `denylist audit`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Print the audit log as JSON lines, oldest first
    Export(AuditExportArgs),
    /// Check the hash chain end to end (exit 1 naming the first bad record)
    Verify(JsonArg),
}

/// `denylist audit export`.
#[derive(Debug, ClapArgs)]
pub struct AuditExportArgs {
    /// Only records written on or after this day (YYYY-MM-DD, UTC)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<String>,
    /// Only records after this seq
    #[arg(long, value_name = "SEQ", default_value_t = 0)]
    pub after: u64,
}

/// `denylist rescreen`.
#[derive(Debug, ClapArgs)]
pub struct RescreenArgs {
    /// Screen every registered customer again (after the pending list changes)
    #[arg(long)]
    pub all: bool,
    /// Customers screened and stored together
    #[arg(long, default_value_t = 20_000)]
    pub chunk_size: usize,
    /// Who runs it, for the audit log
    #[arg(
        long,
        value_name = "WHO",
        env = "DENYLIST_ACTOR",
        default_value = "cli"
    )]
    pub by: String,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
}

/// Just `--json`.
#[derive(Debug, ClapArgs)]
pub struct JsonArg {
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// `denylist import`.
#[derive(Debug, ClapArgs)]
pub struct ImportArgs {
    /// The files of one list version (e.g. sdn.csv alt.csv add.csv), or with
    /// --history one .tar.xz archive of many versions
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<PathBuf>,
    /// Publication date of the files, when they do not state one (YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Force a format instead of detecting it (see `denylist formats`)
    #[arg(long, value_name = "ID")]
    pub format: Option<String>,
    /// Import under this source id instead of the format's default
    #[arg(long, value_name = "ID")]
    pub source: Option<String>,
    /// Import a .tar.xz of dated versions (entries named
    /// <YYYY-MM-DDTHHMMSSZ>_<file>), oldest first, each as its own version
    #[arg(long)]
    pub history: bool,
    /// Print the summary as JSON
    #[arg(long)]
    pub json: bool,
}

/// `denylist lists`.
#[derive(Debug, ClapArgs)]
pub struct ListsArgs {
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// `denylist diff`.
#[derive(Debug, ClapArgs)]
pub struct DiffArgs {
    /// The list (e.g. us-ofac-sdn)
    pub source: String,
    /// The older version: a version id prefix or a date (the list as of
    /// that day) [default: the version before --to]
    #[arg(long, value_name = "V")]
    pub from: Option<String>,
    /// The newer version: a version id prefix or a date [default: the latest]
    #[arg(long, value_name = "V")]
    pub to: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// `denylist show`.
#[derive(Debug, ClapArgs)]
pub struct ShowArgs {
    /// The entity id, e.g. us-ofac-sdn:48060
    pub entity: String,
    /// Show it as of this version (id prefix or date) [default: the latest
    /// version containing it]
    #[arg(long, value_name = "V")]
    pub version: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// `denylist update`.
#[derive(Debug, ClapArgs)]
pub struct UpdateArgs {
    /// The lists to update [default: us-ofac-sdn]
    #[arg(long = "source", value_name = "ID")]
    pub sources: Vec<String>,
    /// Download a list's files from <URL>/<file name> instead of the
    /// official location (a mirror, a test server); repeatable
    #[arg(
        long = "base-url",
        value_name = "SOURCE=URL",
        env = "DENYLIST_BASE_URLS",
        value_delimiter = ','
    )]
    pub base_urls: Vec<String>,
    /// Timeout for one download attempt, in seconds
    #[arg(
        long,
        value_name = "SECS",
        env = "DENYLIST_FETCH_TIMEOUT",
        default_value_t = 60
    )]
    pub timeout: u64,
    /// Retries after a failed attempt (5xx, timeout, connection error)
    #[arg(
        long,
        value_name = "N",
        env = "DENYLIST_FETCH_RETRIES",
        default_value_t = 3
    )]
    pub retries: u32,
    /// Largest accepted file, in MiB
    #[arg(
        long,
        value_name = "MIB",
        env = "DENYLIST_FETCH_MAX_MIB",
        default_value_t = 256
    )]
    pub max_mib: u64,
    /// Print the summary as JSON
    #[arg(long)]
    pub json: bool,
}

/// Which matcher `screen` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MatcherKind {
    /// denylist's explainable multi-script fuzzy matcher
    Fuzzy,
    /// An emulation of OFAC's Sanctions List Search scoring
    Ofac,
    /// Exact tokens: every query token in a listed name, any order
    Exact,
}

/// `denylist screen`.
#[derive(Debug, ClapArgs)]
pub struct ScreenArgs {
    /// The name to screen (omit with --queries)
    #[arg(required_unless_present = "queries", conflicts_with = "queries")]
    pub name: Option<String>,
    /// Screen many queries from a JSON-lines file: {"id", "name", "schema"?,
    /// "dob"?, "country"?, "identifiers"?} per line, on all cores
    #[arg(long, value_name = "FILE")]
    pub queries: Option<PathBuf>,
    /// With --queries: write the results (JSON lines) here instead of stdout
    #[arg(long, value_name = "FILE", requires = "queries")]
    pub out: Option<PathBuf>,
    /// What the name is: person, organization, company, vessel, aircraft
    #[arg(long, value_name = "SCHEMA")]
    pub schema: Option<String>,
    /// Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub dob: Option<String>,
    /// Country or nationality (ISO code or name; repeatable)
    #[arg(long, value_name = "COUNTRY")]
    pub country: Vec<String>,
    /// An identifier: passport, IMO, crypto address... (repeatable)
    #[arg(long = "id", value_name = "ID")]
    pub identifiers: Vec<String>,
    /// At most this many matches
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    /// The matcher (`--algorithm` is an alias)
    #[arg(long, alias = "algorithm", value_enum, default_value_t = MatcherKind::Fuzzy)]
    pub matcher: MatcherKind,
    /// Drop matches scoring below this (0-1; fuzzy and ofac matchers) [default: the matcher's]
    #[arg(long, value_name = "SCORE")]
    pub threshold: Option<f64>,
    /// Print why each match matched (text output)
    #[arg(long)]
    pub explain: bool,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// Where monitoring webhooks go (`webhooks deliver`, `serve`).
#[derive(Debug, Clone, ClapArgs)]
pub struct WebhookArgs {
    /// Receiver of new and reopened alerts (http:// or https://)
    #[arg(long, env = "DENYLIST_WEBHOOK_URL", value_name = "URL")]
    pub webhook_url: Option<String>,
    /// HMAC-SHA256 secret shared with the receiver, at least 16 bytes (prefer
    /// the variable: a flag shows in the process list)
    #[arg(
        long,
        env = "DENYLIST_WEBHOOK_SECRET",
        hide_env_values = true,
        value_name = "SECRET"
    )]
    pub webhook_secret: Option<String>,
    /// File holding the webhook secret (instead of --webhook-secret)
    #[arg(
        long,
        env = "DENYLIST_WEBHOOK_SECRET_FILE",
        value_name = "FILE",
        conflicts_with = "webhook_secret"
    )]
    pub webhook_secret_file: Option<PathBuf>,
    /// Limit for one delivery attempt
    #[arg(
        long,
        env = "DENYLIST_WEBHOOK_TIMEOUT",
        default_value_t = 10,
        value_name = "SECONDS"
    )]
    pub webhook_timeout: u64,
}

/// `denylist webhooks`.
#[derive(Debug, Subcommand)]
pub enum WebhooksCommand {
    /// Deliver the outbox rows due now (exit 2 when some could not be delivered)
    Deliver(WebhooksDeliverArgs),
    /// Show the outbox: pending, retrying and delivered rows, the oldest undelivered ones
    Status(WebhooksStatusArgs),
}

/// `denylist webhooks deliver`.
#[derive(Debug, ClapArgs)]
pub struct WebhooksDeliverArgs {
    /// The receiver
    #[command(flatten)]
    pub webhook: WebhookArgs,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
}

/// `denylist webhooks status`.
#[derive(Debug, ClapArgs)]
pub struct WebhooksStatusArgs {
    /// Show at most this many undelivered rows
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}
