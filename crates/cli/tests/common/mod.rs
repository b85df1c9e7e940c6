//! Shared helpers for the CLI tests: run the built binary in a temp data
//! dir, locate the shared real data, and serve files over HTTP on 127.0.0.1.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// The shared real data (`../shared/data` beside the repository).
pub fn shared() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
}

/// A real SDN history file.
pub fn sdn_history(date: &str) -> PathBuf {
    shared().join(format!("lists/us-ofac-sdn/history/{date}/sdn.csv"))
}

/// A fresh data dir and the binary.
pub struct Cli {
    /// The data dir.
    pub dir: tempfile::TempDir,
}

/// A finished run.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// stdout.
    pub stdout: String,
    /// stderr.
    pub stderr: String,
}

impl Run {
    /// stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Cli {
    /// A new empty data dir.
    pub fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Runs `denylist --data-dir <dir> args...`.
    pub fn run(&self, args: &[&str]) -> Run {
        let out: Output = Command::new(env!("CARGO_BIN_EXE_denylist"))
            .arg("--data-dir")
            .arg(self.dir.path())
            .args(args)
            .env_remove("RUST_LOG")
            .env_remove("DENYLIST_DATA")
            .env_remove("DENYLIST_BASE_URLS")
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs and asserts exit code 0.
    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, 0, "{args:?}\n{run:?}");
        run
    }

    /// A path inside the data dir's parent temp space, for test files.
    pub fn file(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    }
}

/// A path as &str.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// What the test server answers for one path.
#[derive(Clone)]
pub enum Reply {
    /// 200 with these bytes and an ETag; 304 when If-None-Match matches.
    File { bytes: Arc<Vec<u8>>, etag: String },
    /// Sleeps longer than any test timeout, then answers 200.
    Hang,
    /// This status, empty body.
    Status(u16),
}

/// A server on 127.0.0.1 with a mutable routing table and a request log.
#[derive(Clone)]
pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
    /// (path, status) of every answered request.
    pub log: Arc<Mutex<Vec<(String, u16)>>>,
}

impl Server {
    /// Starts an empty server.
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = Server {
            base,
            routes: Arc::new(Mutex::new(HashMap::new())),
            log: Arc::new(Mutex::new(Vec::new())),
        };
        let s = server.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let s = s.clone();
                thread::spawn(move || {
                    let _ = s.answer(stream);
                });
            }
        });
        server
    }

    /// Routes `path` to a reply.
    pub fn route(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_string(), reply);
    }

    /// Serves a file with an ETag derived from its length.
    pub fn file(&self, path: &str, bytes: Vec<u8>) {
        let etag = format!("\"{}-{}\"", bytes.len(), path.len());
        self.route(
            path,
            Reply::File {
                bytes: Arc::new(bytes),
                etag,
            },
        );
    }

    /// Statuses answered so far for a path.
    pub fn statuses(&self, path: &str) -> Vec<u16> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, s)| *s)
            .collect()
    }

    fn answer(&self, mut stream: TcpStream) -> std::io::Result<()> {
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut inm = None;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 || line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.trim_end().split_once(':') {
                if k.eq_ignore_ascii_case("if-none-match") {
                    inm = Some(v.trim().to_string());
                }
            }
        }
        let reply = self.routes.lock().unwrap().get(&path).cloned();
        let (status, etag, body): (u16, Option<String>, Arc<Vec<u8>>) = match reply {
            None => (404, None, Arc::new(Vec::new())),
            Some(Reply::Status(code)) => (code, None, Arc::new(Vec::new())),
            Some(Reply::Hang) => {
                thread::sleep(Duration::from_secs(5));
                (200, None, Arc::new(b"late".to_vec()))
            }
            Some(Reply::File { bytes, etag }) => {
                if inm.as_deref() == Some(etag.as_str()) {
                    (304, Some(etag), Arc::new(Vec::new()))
                } else {
                    (200, Some(etag), bytes)
                }
            }
        };
        self.log.lock().unwrap().push((path, status));
        let mut head = format!(
            "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        if let Some(e) = etag {
            head.push_str(&format!("ETag: {e}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        stream.write_all(&body)?;
        stream.flush()
    }
}
