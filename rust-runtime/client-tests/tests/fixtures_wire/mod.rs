//! The clients generated from real vendors' specs (codegen/tests/fixtures,
//! written from each vendor's public documentation) against a loopback server:
//! each test checks the exact request on the wire — form encoding, Basic and
//! cookie and query credentials, constant headers, `Accept`, media types — and
//! that secrets never reach `Debug` or error text.

mod errors;
mod github;
mod github_imported;
// The `grouped` fixture's calls need its group `repos` (on by default).
#[cfg(feature = "repos")]
mod grouped;
mod multipart;
mod okta;
mod others;
mod plaid;
mod query_styles;
mod unions;

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A loopback server answering every request with `template`.
pub async fn server(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// A client of kitchen_sink (an API key) for the loopback server at `base`.
pub fn kitchen_sink(base: &str) -> crate::kitchen_sink::KitchenSinkClient {
    crate::kitchen_sink::KitchenSinkClient::builder("key")
        .base_url(base)
        .allow_insecure_http(true)
        .build()
        .expect("client")
}

/// The call was refused before anything was sent, for a reason naming
/// `words`.
pub async fn refused_unsent(server: &MockServer, err: impl std::fmt::Display, words: &str) {
    let text = err.to_string();
    assert!(text.contains(words), "`{words}` in: {text}");
    let received = server.received_requests().await.expect("recording is on");
    assert!(received.is_empty(), "nothing is sent: {received:?}");
}

/// The one request the server received.
pub async fn sent(server: &MockServer) -> wiremock::Request {
    let mut all = server.received_requests().await.expect("recording is on");
    assert_eq!(all.len(), 1, "expected exactly one request");
    all.remove(0)
}

/// A header of a received request, as text.
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII header"))
}

/// The path and query of a received request.
pub fn target(request: &wiremock::Request) -> String {
    match request.url.query() {
        Some(q) => format!("{}?{q}", request.url.path()),
        None => request.url.path().to_owned(),
    }
}

/// An HTTP proxy on loopback that records the `CONNECT host:port` line of the
/// first tunnel a client opens, then refuses it. This shows where an `https://`
/// URL with variables in its host really goes, without any DNS or TLS.
pub async fn connect_target(
    call: impl FnOnce(reqwest::Client) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>,
) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    let accept = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
            let n = socket.read(&mut buf).await.expect("read");
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        let _ = socket
            .write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
            .await;
        String::from_utf8_lossy(&head)
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    let http = reqwest::Client::builder()
        .proxy(reqwest::Proxy::https(format!("http://{addr}")).expect("proxy"))
        .build()
        .expect("client");
    let done = tokio::time::timeout(std::time::Duration::from_secs(10), call(http));
    done.await.expect("the call ends once the proxy refuses");
    tokio::time::timeout(std::time::Duration::from_secs(10), accept)
        .await
        .expect("the proxy saw a connection")
        .expect("proxy task")
}
