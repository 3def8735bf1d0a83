//! Client overhead, run by `cargo xtask bench` (or `cargo bench -p api-clients
//! --bench client`):
//!
//! - `client_call/generated_client`: one `DELETE /token` through the generated
//!   `SmartsheetClient`, against a wiremock server on loopback;
//! - `client_call/reqwest_by_hand`: the same request written by hand with
//!   reqwest (same headers and query, body decoded into the same type);
//! - `client_call_traced/generated_client_traced`: the generated call with a
//!   tracing subscriber installed (the `fmt` layer at INFO, writing to a sink:
//!   every span is built and formatted), paired with the same call without
//!   one, so the ratio is what tracing costs;
//! - `decode/*`: decoding a `GenericResult` with 10,000 failed items, and the
//!   same JSON into `serde_json::Value` for reference.
//!
//! Every iteration of either `client_call` benchmark sends one request of each
//! kind, back to back in alternating order, and times both; criterion gets the
//! time of its own kind. The two benchmarks run seconds apart, so on a shared
//! machine their medians drift apart by a few percent; the ratio that counts
//! is therefore computed from the pairs (median over samples of generated time /
//! hand-written time, same iterations), printed as `client_call paired: ...`
//! and, when `XTASK_CLIENT_PAIRED_OUT` names a file, written there for
//! `cargo xtask bench`.

use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use api_clients_smartsheet::{GenericResult, RevokeAccessTokenRequest, SmartsheetClient};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "bench-token";
const SOURCE: &str = "SCRIPT,BenchOrg,client-bench";

/// One sample of either `client_call` benchmark.
struct Pair {
    /// Taken while criterion measured the generated client (else the other).
    generated_window: bool,
    iters: u64,
    generated: Duration,
    by_hand: Duration,
}

impl Pair {
    fn ratio(&self) -> f64 {
        self.generated.as_secs_f64() / self.by_hand.as_secs_f64()
    }
}

static PAIRS: Mutex<Vec<Pair>> = Mutex::new(Vec::new());
/// Traced / untraced times of the generated call, same iterations.
static TRACED: Mutex<Vec<(Duration, Duration)>> = Mutex::new(Vec::new());

/// What the generated client sends as `User-Agent`.
const USER_AGENT: &str = <SmartsheetClient as api_clients_runtime::ApiClient>::API.user_agent;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

async fn server() -> MockServer {
    let server = MockServer::builder()
        .disable_request_recording()
        .start()
        .await;
    Mock::given(method("DELETE"))
        .and(path("/token"))
        .and(query_param("deleteAllForApiClient", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "message": "SUCCESS",
            "resultCode": 0,
            "version": 42
        })))
        .mount(&server)
        .await;
    server
}

/// The call through the generated client.
async fn generated(client: &SmartsheetClient) -> GenericResult {
    let request = RevokeAccessTokenRequest::new()
        .delete_all_for_api_client(true)
        .smartsheet_integration_source(SOURCE);
    client
        .revoke_access_token(request)
        .await
        .expect("generated call succeeds")
        .into_body()
}

/// The same request written by hand.
async fn by_hand(http: &reqwest::Client, base_url: &str) -> GenericResult {
    let response = http
        .delete(format!("{base_url}/token?deleteAllForApiClient=true"))
        .header(reqwest::header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(reqwest::header::USER_AGENT, USER_AGENT)
        .header(reqwest::header::ACCEPT, "application/json")
        .header("smartsheet-integration-source", SOURCE)
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .expect("hand-written call is sent");
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let body = response.bytes().await.expect("body is read");
    serde_json::from_slice(&body).expect("body decodes")
}

fn client_call(c: &mut Criterion) {
    let rt = runtime();
    let server = rt.block_on(server());
    let base_url = server.uri();
    let client = SmartsheetClient::builder(TOKEN)
        .base_url(&base_url)
        .allow_insecure_http(true)
        .build()
        .expect("client builds");
    let http = reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(Duration::from_secs(10))
        .build()
        .expect("reqwest client builds");
    // Both answer, and alike.
    let (a, b) = rt.block_on(async { (generated(&client).await, by_hand(&http, &base_url).await) });
    assert_eq!(a, b);
    assert_eq!(a.version, Some(42));

    let mut group = c.benchmark_group("client_call");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (name, measure_generated) in [("generated_client", true), ("reqwest_by_hand", false)] {
        group.bench_function(name, |bench| {
            bench.to_async(&rt).iter_custom(|iters| {
                let (client, http, base_url) = (&client, &http, base_url.as_str());
                async move {
                    let (mut mine, mut theirs) = (Duration::ZERO, Duration::ZERO);
                    for i in 0..iters {
                        // Alternate which kind goes first.
                        for generated_turn in [i % 2 == 0, i % 2 == 1] {
                            let t = Instant::now();
                            if generated_turn {
                                black_box(generated(client).await);
                            } else {
                                black_box(by_hand(http, base_url).await);
                            }
                            let took = t.elapsed();
                            if generated_turn == measure_generated {
                                mine += took;
                            } else {
                                theirs += took;
                            }
                        }
                    }
                    let (generated, by_hand) = if measure_generated {
                        (mine, theirs)
                    } else {
                        (theirs, mine)
                    };
                    PAIRS.lock().expect("no panics while held").push(Pair {
                        generated_window: measure_generated,
                        iters,
                        generated,
                        by_hand,
                    });
                    mine
                }
            });
        });
    }
    group.finish();
    report_pairs();
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Prints (and, for `cargo xtask bench`, writes) the paired ratio.
fn report_pairs() {
    let pairs = PAIRS.lock().expect("no panics while held");
    let pairs: Vec<&Pair> = pairs.iter().filter(|p| !p.by_hand.is_zero()).collect();
    if pairs.is_empty() {
        return;
    }
    let ratio = median(pairs.iter().map(|p| p.ratio()).collect());
    let in_window = |generated_window: bool| {
        median(
            pairs
                .iter()
                .filter(|p| p.generated_window == generated_window)
                .map(|p| p.ratio())
                .collect(),
        )
    };
    let calls: u64 = pairs.iter().map(|p| p.iters).sum();
    let per_call = |f: fn(&Pair) -> Duration| {
        pairs.iter().map(|p| f(p)).sum::<Duration>().as_secs_f64() * 1e6 / calls as f64
    };
    let (generated_us, by_hand_us) = (per_call(|p| p.generated), per_call(|p| p.by_hand));
    let (first, second) = (in_window(true), in_window(false));
    println!(
        "client_call paired: generated / by hand = {ratio:.4} (median of {} samples, {calls} pairs; \
         {first:.4} while measuring generated_client, {second:.4} while measuring reqwest_by_hand; \
         mean per call {generated_us:.1} µs vs {by_hand_us:.1} µs)",
        pairs.len()
    );
    if let Some(path) = std::env::var_os("XTASK_CLIENT_PAIRED_OUT") {
        let line = format!(
            "ratio={ratio} samples={} pairs={calls} window_generated={first} window_by_hand={second} \
             generated_us={generated_us} by_hand_us={by_hand_us}\n",
            pairs.len()
        );
        std::fs::write(path, line).expect("paired result is written");
    }
}

/// The generated call with and without a tracing subscriber, alternating.
fn tracing_overhead(c: &mut Criterion) {
    let rt = runtime();
    let server = rt.block_on(server());
    let client = SmartsheetClient::builder(TOKEN)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client builds");
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::io::sink)
        .with_max_level(tracing::Level::INFO)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    let dispatch = tracing::Dispatch::new(subscriber);
    let mut group = c.benchmark_group("client_call_traced");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("generated_client_traced", |bench| {
        bench.to_async(&rt).iter_custom(|iters| {
            let (client, dispatch) = (&client, &dispatch);
            async move {
                let (mut traced, mut plain) = (Duration::ZERO, Duration::ZERO);
                for i in 0..iters {
                    for traced_turn in [i % 2 == 0, i % 2 == 1] {
                        let t = Instant::now();
                        if traced_turn {
                            // A current-thread runtime: the scope covers the call.
                            let _scope = tracing::dispatcher::set_default(dispatch);
                            black_box(generated(client).await);
                            traced += t.elapsed();
                        } else {
                            black_box(generated(client).await);
                            plain += t.elapsed();
                        }
                    }
                }
                TRACED
                    .lock()
                    .expect("no panics while held")
                    .push((traced, plain));
                traced
            }
        });
    });
    group.finish();
    let samples = TRACED.lock().expect("no panics while held");
    let ratio = median(
        samples
            .iter()
            .filter(|(_, plain)| !plain.is_zero())
            .map(|(t, p)| t.as_secs_f64() / p.as_secs_f64())
            .collect(),
    );
    println!(
        "client_call traced: with / without a tracing subscriber = {ratio:.4} (median of {} samples)",
        samples.len()
    );
    if let Some(path) = std::env::var_os("XTASK_CLIENT_TRACED_OUT") {
        std::fs::write(path, format!("ratio={ratio} samples={}\n", samples.len()))
            .expect("traced result is written");
    }
}

/// A `GenericResult` body with `n` failed items, as Smartsheet would send it.
fn failed_items_body(n: usize) -> Vec<u8> {
    let items: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "rowId": 8_000_000_000_i64 + i as i64,
                "index": i,
                "error": {
                    "errorCode": 1006,
                    "message": format!("Row {i} could not be updated: not found."),
                    "refId": format!("ref-{i:08x}")
                }
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "message": "PARTIAL_SUCCESS",
        "resultCode": 3,
        "version": 12,
        "failedItems": items
    }))
    .expect("serializes")
}

fn decode(c: &mut Criterion) {
    let body = failed_items_body(10_000);
    let decoded: GenericResult = serde_json::from_slice(&body).expect("decodes");
    assert_eq!(decoded.failed_items.as_ref().map(Vec::len), Some(10_000));

    let mut group = c.benchmark_group("decode");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("generic_result_10k_failed_items", |bench| {
        bench.iter(|| serde_json::from_slice::<GenericResult>(black_box(&body)).expect("decodes"));
    });
    group.bench_function("serde_json_value_10k_failed_items", |bench| {
        bench.iter(|| {
            serde_json::from_slice::<serde_json::Value>(black_box(&body)).expect("decodes")
        });
    });
    group.finish();
}

criterion_group!(benches, client_call, tracing_overhead, decode);
criterion_main!(benches);
