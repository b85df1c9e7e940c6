//! `denylist update` against a local HTTP server serving the real SDN files.

mod common;

use common::{shared, Cli, Reply, Server};

const FILES: [&str; 4] = ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"];

/// A server with the 2021-04-25 SDN set (and an empty comments file) under
/// `/ofac/`.
fn ofac_server() -> Server {
    let server = Server::start();
    let dir = shared().join("lists/us-ofac-sdn/2021-04-25");
    for name in ["sdn.csv", "add.csv", "alt.csv"] {
        server.file(
            &format!("/ofac/{name}"),
            std::fs::read(dir.join(name)).unwrap(),
        );
    }
    server.file("/ofac/sdn_comments.csv", Vec::new());
    server
}

fn update(cli: &Cli, server: &Server, extra: &[&str]) -> common::Run {
    let base = format!("us-ofac-sdn={}/ofac", server.base);
    let mut args = vec!["update", "--base-url", &base, "--retries", "0"];
    args.extend_from_slice(extra);
    cli.run(&args)
}

fn version_count(cli: &Cli) -> usize {
    let lists = cli.ok(&["lists", "--json"]).json();
    lists[0]["versions"].as_array().unwrap().len()
}

#[test]
fn update_imports_then_gets_304_for_every_file() {
    let server = ofac_server();
    let cli = Cli::new();
    let first = update(&cli, &server, &[]);
    assert_eq!(first.code, 0, "{first:?}");
    assert!(
        first.stdout.starts_with("imported us-ofac-sdn version "),
        "{first:?}"
    );
    let tal = cli.ok(&["show", "us-ofac-sdn:306", "--json"]).json();
    assert_eq!(tal["entity"]["names"][0]["full"], "BANCO NACIONAL DE CUBA");

    let second = update(&cli, &server, &[]);
    assert_eq!(second.code, 0, "{second:?}");
    assert_eq!(second.stdout, "us-ofac-sdn: not modified\n");
    for name in FILES {
        assert_eq!(
            server.statuses(&format!("/ofac/{name}")),
            [200, 304],
            "{name}"
        );
    }
    assert_eq!(version_count(&cli), 1);

    let json = update(&cli, &server, &["--json"]).json();
    assert_eq!(json[0]["status"], "not_modified");
    assert_eq!(json[0]["source"], "us-ofac-sdn");
}

#[test]
fn garbage_download_keeps_the_last_good_version() {
    let server = ofac_server();
    let cli = Cli::new();
    assert_eq!(update(&cli, &server, &[]).code, 0);
    let before = cli.ok(&["lists", "--json"]).stdout;

    server.file(
        "/ofac/sdn.csv",
        b"<html><body>Service Unavailable</body></html>\n".to_vec(),
    );
    let run = update(&cli, &server, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.starts_with("us-ofac-sdn: failed: "), "{run:?}");
    assert!(run.stdout.contains("sdn.csv"), "{run:?}");
    assert!(
        run.stderr.contains("update failed for us-ofac-sdn"),
        "{run:?}"
    );
    assert!(run.stderr.contains("last good version"), "{run:?}");
    assert_eq!(cli.ok(&["lists", "--json"]).stdout, before);

    // The failed download left no validators behind: the good file is
    // fetched again in full once it is back.
    server.file(
        "/ofac/sdn.csv",
        std::fs::read(shared().join("lists/us-ofac-sdn/2021-04-25/sdn.csv")).unwrap(),
    );
    let run = update(&cli, &server, &[]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn truncated_download_is_refused() {
    let server = ofac_server();
    let cli = Cli::new();
    assert_eq!(update(&cli, &server, &[]).code, 0);
    let before = cli.ok(&["lists", "--json"]).stdout;
    let sdn = std::fs::read(shared().join("lists/us-ofac-sdn/2021-04-25/sdn.csv")).unwrap();
    server.file("/ofac/sdn.csv", sdn[..sdn.len() / 3].to_vec());
    let run = update(&cli, &server, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.contains("sdn.csv"), "{run:?}");
    assert_eq!(cli.ok(&["lists", "--json"]).stdout, before);
}

#[test]
fn empty_download_is_refused() {
    let server = ofac_server();
    server.file("/ofac/alt.csv", Vec::new());
    let cli = Cli::new();
    let run = update(&cli, &server, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.contains("alt.csv: empty download"), "{run:?}");
    let lists = cli.ok(&["lists", "--json"]).json();
    // Only the built-in sample `lists` falls back to: no SDN was imported.
    assert_eq!(lists[0]["versions"][0]["entity_count"], 28);
}

#[test]
fn timeout_and_http_errors_name_source_and_file() {
    let server = ofac_server();
    server.route("/ofac/add.csv", Reply::Hang);
    let cli = Cli::new();
    let run = update(&cli, &server, &["--timeout", "1"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stdout.contains("us-ofac-sdn: failed: add.csv: "),
        "{run:?}"
    );
    assert!(run.stdout.contains("timed out"), "{run:?}");

    server.route("/ofac/add.csv", Reply::Status(404));
    let run = update(&cli, &server, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.contains("add.csv: "), "{run:?}");
    assert!(run.stdout.contains("HTTP 404"), "{run:?}");
}

#[test]
fn bad_flags_are_rejected() {
    let cli = Cli::new();
    let run = cli.run(&["update", "--source", "xx-nowhere"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("unknown source \"xx-nowhere\""),
        "{run:?}"
    );
    let run = cli.run(&["update", "--base-url", "us-ofac-sdn"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("expected SOURCE=URL"), "{run:?}");
}
