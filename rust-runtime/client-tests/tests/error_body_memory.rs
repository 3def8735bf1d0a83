//! An error body just under the size limit costs memory in proportion to its
//! size, not to the JSON tree it would make: the server's message, the retry
//! conditions and the wait hint are read from it as a stream.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use api_clients_runtime::{Error, RetryPolicy};
use api_clients_smartsheet::{RevokeAccessTokenRequest, SmartsheetClient};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Counts the bytes allocated, so the test can bound its peak.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// A Smartsheet error object padded with a large array of small objects, the
/// shape that expands most when parsed into a tree.
fn big_error_body(size: usize) -> Vec<u8> {
    let mut body =
        String::from(r#"{"errorCode":1004,"message":"You are not authorized.","detail":["#);
    let item = r#"{"k":1,"v":[true,null]},"#;
    while body.len() + item.len() + 2 < size {
        body.push_str(item);
    }
    body.push_str(r#"{}]}"#);
    body.into_bytes()
}

/// Answers every request on one connection with `body` as a 403.
async fn serve(body: Arc<Vec<u8>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let head = format!(
                    "HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body).await;
            });
        }
    });
    format!("http://{addr}/2.0")
}

#[tokio::test(flavor = "current_thread")]
async fn an_error_body_at_the_limit_costs_a_small_multiple_of_its_size() {
    let limit = api_clients_runtime::DEFAULT_MAX_RESPONSE_BODY;
    let body = Arc::new(big_error_body(limit - 64 * 1024));
    let size = body.len();
    let base_url = serve(body).await;
    let client = SmartsheetClient::builder("token")
        .base_url(base_url)
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");

    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let err = client
        .revoke_access_token(RevokeAccessTokenRequest::new())
        .await
        .expect_err("403");
    let shown = err.to_string();
    let peak = PEAK.load(Ordering::Relaxed) - base;
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert!(shown.contains("You are not authorized."), "{shown}");
    // The body itself in a buffer sized from its declared length, and the
    // typed error: just over 1x (measured 1.05x). A JSON tree of this body,
    // built three times before, was about 16x.
    assert!(
        peak < 2 * size,
        "peak heap {} MiB for a {} MiB body",
        peak >> 20,
        size >> 20
    );
    eprintln!(
        "peak heap {:.1} MiB for a {:.1} MiB body",
        peak as f64 / 1048576.0,
        size as f64 / 1048576.0
    );
}
