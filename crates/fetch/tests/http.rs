//! `fetch` against a tiny HTTP server on 127.0.0.1.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use denylist_fetch::{fetch, FetchError, FetchOptions, Fetched};

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Request {
    path: String,
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
enum Reply {
    /// Status, extra headers, body (sent with a Content-Length).
    Full(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// 200 with a body streamed in chunks and no Content-Length.
    Unsized(Vec<u8>),
    /// Waits, then answers.
    Sleep(Duration, Box<Reply>),
}

type Handler = dyn Fn(usize, &Request) -> Reply + Send + Sync;

/// Starts a server; the handler gets the 0-based request number and the
/// request. Returns the base URL.
fn serve(handler: impl Fn(usize, &Request) -> Reply + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let handler: Arc<Handler> = Arc::new(handler);
    let count = Arc::new(AtomicUsize::new(0));
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let handler = Arc::clone(&handler);
            let n = count.fetch_add(1, Ordering::SeqCst);
            thread::spawn(move || {
                let _ = answer(stream, n, &*handler);
            });
        }
    });
    format!("http://{addr}")
}

fn answer(mut stream: TcpStream, n: usize, handler: &Handler) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.trim_end().split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let mut reply = handler(n, &Request { path, headers });
    while let Reply::Sleep(d, next) = reply {
        thread::sleep(d);
        reply = *next;
    }
    match reply {
        Reply::Full(status, extra, body) => {
            let mut head = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in extra {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes())?;
            stream.write_all(&body)?;
        }
        Reply::Unsized(body) => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")?;
            for chunk in body.chunks(64 * 1024) {
                stream.write_all(chunk)?;
            }
        }
        Reply::Sleep(..) => unreachable!(),
    }
    stream.flush()
}

fn quick() -> FetchOptions {
    FetchOptions {
        timeout: Duration::from_secs(5),
        retries: 2,
        backoff: Duration::from_millis(10),
        ..FetchOptions::default()
    }
}

#[test]
fn serves_bytes_and_validators() {
    let base = serve(|_, req| {
        assert_eq!(req.path, "/SDN.CSV");
        Reply::Full(
            200,
            vec![
                ("ETag", "\"v1\"".to_string()),
                ("Last-Modified", "Tue, 05 Mar 2024 18:43:24 GMT".to_string()),
            ],
            b"48060,\"DILIAN, Tal Jonathan\"\r\n\x1a".to_vec(),
        )
    });
    let got = fetch(&format!("{base}/SDN.CSV"), &quick()).unwrap();
    assert_eq!(
        got,
        Fetched::Body {
            bytes: b"48060,\"DILIAN, Tal Jonathan\"\r\n\x1a".to_vec(),
            etag: Some("\"v1\"".to_string()),
            last_modified: Some("Tue, 05 Mar 2024 18:43:24 GMT".to_string()),
        }
    );
}

#[test]
fn matching_etag_gives_not_modified() {
    let base = serve(|_, req| {
        if req.header("If-None-Match") == Some("\"v1\"") {
            Reply::Full(304, vec![("ETag", "\"v1\"".to_string())], Vec::new())
        } else {
            Reply::Full(200, vec![("ETag", "\"v1\"".to_string())], b"body".to_vec())
        }
    });
    let url = format!("{base}/SDN.CSV");
    let first = fetch(&url, &quick()).unwrap();
    let Fetched::Body { etag, .. } = first else {
        panic!("expected a body, got {first:?}")
    };
    let again = FetchOptions { etag, ..quick() };
    assert_eq!(fetch(&url, &again).unwrap(), Fetched::NotModified);
}

#[test]
fn last_modified_is_sent_as_if_modified_since() {
    let base = serve(|_, req| match req.header("If-Modified-Since") {
        Some("Tue, 05 Mar 2024 18:43:24 GMT") => Reply::Full(304, vec![], Vec::new()),
        _ => Reply::Full(200, vec![], b"changed".to_vec()),
    });
    let opts = FetchOptions {
        last_modified: Some("Tue, 05 Mar 2024 18:43:24 GMT".to_string()),
        ..quick()
    };
    assert_eq!(
        fetch(&format!("{base}/a"), &opts).unwrap(),
        Fetched::NotModified
    );
}

#[test]
fn slow_server_times_out_after_retries() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&calls);
    let base = serve(move |_, _| {
        seen.fetch_add(1, Ordering::SeqCst);
        Reply::Sleep(
            Duration::from_secs(3),
            Box::new(Reply::Full(200, vec![], b"late".to_vec())),
        )
    });
    let opts = FetchOptions {
        timeout: Duration::from_millis(300),
        retries: 1,
        backoff: Duration::from_millis(10),
        ..FetchOptions::default()
    };
    let err = fetch(&format!("{base}/slow"), &opts).unwrap_err();
    assert!(
        matches!(err, FetchError::Timeout { attempts: 2, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("/slow: timed out"), "{err}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn server_error_is_retried_then_succeeds() {
    let base = serve(|n, _| {
        if n == 0 {
            Reply::Full(500, vec![], b"oops".to_vec())
        } else {
            Reply::Full(200, vec![], b"good".to_vec())
        }
    });
    let got = fetch(&format!("{base}/flaky"), &quick()).unwrap();
    assert!(matches!(got, Fetched::Body { ref bytes, .. } if bytes == b"good"));
}

#[test]
fn server_error_gives_up_after_the_retries() {
    let base = serve(|_, _| Reply::Full(503, vec![], Vec::new()));
    let err = fetch(&format!("{base}/down"), &quick()).unwrap_err();
    assert!(
        matches!(
            err,
            FetchError::Status {
                status: 503,
                attempts: 3,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn client_error_is_not_retried() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&calls);
    let base = serve(move |_, _| {
        seen.fetch_add(1, Ordering::SeqCst);
        Reply::Full(404, vec![], b"missing".to_vec())
    });
    let err = fetch(&format!("{base}/nope"), &quick()).unwrap_err();
    assert!(
        matches!(
            err,
            FetchError::Status {
                status: 404,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[test]
fn oversize_body_with_length_is_refused() {
    let base = serve(|_, _| Reply::Full(200, vec![], vec![b'x'; 10_000]));
    let opts = FetchOptions {
        max_bytes: 1_000,
        ..quick()
    };
    let err = fetch(&format!("{base}/big"), &opts).unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 1_000, .. }),
        "{err:?}"
    );
}

#[test]
fn oversize_body_without_length_is_cut_off() {
    let base = serve(|_, _| Reply::Unsized(vec![b'x'; 1_000_000]));
    let opts = FetchOptions {
        max_bytes: 100_000,
        ..quick()
    };
    let err = fetch(&format!("{base}/stream"), &opts).unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 100_000, .. }),
        "{err:?}"
    );
}

#[test]
fn body_of_exactly_the_limit_is_accepted() {
    let base = serve(|_, _| Reply::Unsized(vec![b'y'; 4_096]));
    let opts = FetchOptions {
        max_bytes: 4_096,
        ..quick()
    };
    let got = fetch(&format!("{base}/exact"), &opts).unwrap();
    assert!(matches!(got, Fetched::Body { ref bytes, .. } if bytes.len() == 4_096));
}

#[test]
fn redirects_are_followed() {
    let target = serve(|_, req| {
        assert_eq!(req.path, "/bucket/sdn.csv");
        Reply::Full(200, vec![], b"from s3".to_vec())
    });
    let location = format!("{target}/bucket/sdn.csv");
    let base =
        serve(move |_, _| Reply::Full(302, vec![("Location", location.clone())], Vec::new()));
    let got = fetch(&format!("{base}/exports/SDN.CSV"), &quick()).unwrap();
    assert!(matches!(got, Fetched::Body { ref bytes, .. } if bytes == b"from s3"));
}

#[test]
fn refused_connection_is_a_connection_error() {
    // Bind then drop to get a port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let opts = FetchOptions {
        retries: 1,
        ..quick()
    };
    let err = fetch(&format!("http://127.0.0.1:{port}/x"), &opts).unwrap_err();
    assert!(
        matches!(err, FetchError::Connection { attempts: 2, .. }),
        "{err:?}"
    );
}
