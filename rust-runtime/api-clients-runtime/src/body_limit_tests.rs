//! Bounded memory: a response body over the client's limit ends the call
//! with an error naming the limit, whether the server declares its length or
//! streams without end.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::test_support::{FakeClient, FakeCredential, FakeServer, GetItem};
use super::{Builder, DEFAULT_MAX_RESPONSE_BODY, Error, RetryPolicy};

fn client(base: &str, limit: Option<usize>) -> FakeClient {
    let mut b = Builder::<FakeClient>::new(FakeServer::Production)
        .credential(FakeCredential::Token("tok".into()))
        .base_url(base)
        .allow_insecure_http(true)
        .timeout(Duration::from_secs(20))
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(5)));
    if let Some(l) = limit {
        b = b.max_response_body(l);
    }
    b.build().expect("client")
}

fn get() -> GetItem {
    GetItem {
        id: "a".into(),
        ..GetItem::default()
    }
}

/// A server that answers every connection with `head` and then chunks of
/// `x` forever; returns its base URL and how many connections it accepted.
async fn endless(head: &'static str) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
                // Until the client hangs up.
                while socket.write_all(chunk.as_bytes()).await.is_ok() {}
            });
        }
    });
    (url, accepted)
}

#[tokio::test]
async fn an_endless_body_stops_at_the_limit_with_an_error_naming_it() {
    let (url, accepted) = endless(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
    )
    .await;
    let started = std::time::Instant::now();
    let err = client(&url, Some(1 << 20))
        .0
        .send(get())
        .await
        .expect_err("too large");
    assert!(
        matches!(err, Error::BodyTooLarge { limit, status, .. } if limit == 1 << 20 && status == 200),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("get_item")
            && text.contains("1048576 bytes")
            && text.contains("max_response_body"),
        "{text}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "stopped reading"
    );
    // Not retried: the next attempt would be as large.
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_default_limit_also_stops_an_endless_error_body() {
    let (url, _) =
        endless("HTTP/1.1 500 Internal Server Error\r\ntransfer-encoding: chunked\r\n\r\n").await;
    let err = client(&url, None)
        .0
        .send(get())
        .await
        .expect_err("too large");
    assert!(
        matches!(err, Error::BodyTooLarge { limit, .. } if limit == DEFAULT_MAX_RESPONSE_BODY),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_declared_length_over_the_limit_fails_before_reading() {
    let (url, _) = endless(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10000000000\r\n\r\n",
    )
    .await;
    let err = client(&url, Some(4096))
        .0
        .send(get())
        .await
        .expect_err("too large");
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 4096, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_body_at_the_limit_is_read() {
    let server = MockServer::start().await;
    let body = br#"{"id":"a","name":"Anvil"}"#;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.as_slice(), "application/json"))
        .mount(&server)
        .await;
    let ok = client(&server.uri(), Some(body.len()))
        .0
        .send(get())
        .await
        .expect("at the limit");
    assert_eq!(ok.body().name, "Anvil");
    let err = client(&server.uri(), Some(body.len() - 1))
        .0
        .send(get())
        .await
        .expect_err("one byte over");
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");
}
