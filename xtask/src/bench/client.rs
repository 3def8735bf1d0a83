//! Client overhead: the criterion benchmark of `rust-runtime/client-tests`.

use super::*;

/// The crate of the generated clients' tests and client benchmark.
pub(super) const CLIENT_TESTS: &str = "rust-runtime/client-tests";

pub(super) fn client_figures(cx: &mut Ctx) -> Result<Option<ClientFigures>, String> {
    let manifest = std::fs::read_to_string(cx.root.join(CLIENT_TESTS).join("Cargo.toml"))
        .map_err(|e| e.to_string())?;
    let has_bench = manifest.contains("[[bench]]") && manifest.contains("name = \"client\"");
    if !has_bench
        || !cx
            .root
            .join(CLIENT_TESTS)
            .join("benches/client.rs")
            .exists()
    {
        cx.note(
            "client benchmark skipped: rust-runtime/client-tests/Cargo.toml has no `[[bench]] name = \"client\"` \
             (see xtask/BENCHMARKS.md)",
        );
        return Ok(None);
    }
    let criterion = cx.target.join("criterion");
    for group in ["client_call", "client_call_traced", "decode"] {
        let _ = std::fs::remove_dir_all(criterion.join(group));
    }
    let paired = cx.scratch.join("client_paired.txt");
    let _ = std::fs::remove_file(&paired);
    let traced = cx.scratch.join("client_traced.txt");
    let _ = std::fs::remove_file(&traced);
    let t = Instant::now();
    let status = Command::new(cargo())
        .args([
            "bench",
            "--quiet",
            "-p",
            "client-tests",
            "--bench",
            "client",
            "--",
            "--noplot",
        ])
        .env("XTASK_CLIENT_PAIRED_OUT", &paired)
        .env("XTASK_CLIENT_TRACED_OUT", &traced)
        .current_dir(&cx.root)
        // Criterion's progress goes to stderr; stdout carries only the report.
        .stdout(std::io::stderr())
        .status()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if !status.success() {
        return Err("`cargo bench -p client-tests --bench client` failed".to_owned());
    }
    cx.note(format!(
        "criterion run (build included): {:.1} s",
        t.elapsed().as_secs_f64()
    ));
    let median_ns = |group: &str, name: &str| -> Result<f64, String> {
        let path = criterion.join(group).join(name).join("new/estimates.json");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        v["median"]["point_estimate"]
            .as_f64()
            .ok_or_else(|| format!("{}: no median", path.display()))
    };
    let text =
        std::fs::read_to_string(&paired).map_err(|e| format!("{}: {e}", paired.display()))?;
    let m: BTreeMap<String, String> = text
        .split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    Ok(Some(ClientFigures {
        paired_ratio: num(&m, "ratio").ok_or("no paired ratio")?,
        pairs: num(&m, "pairs").unwrap_or(0.0) as u64,
        paired_windows: (
            num(&m, "window_generated").unwrap_or(f64::NAN),
            num(&m, "window_by_hand").unwrap_or(f64::NAN),
        ),
        generated_us: median_ns("client_call", "generated_client")? / 1e3,
        by_hand_us: median_ns("client_call", "reqwest_by_hand")? / 1e3,
        decode_ms: median_ns("decode", "generic_result_10k_failed_items")? / 1e6,
        decode_bytes: {
            let path = criterion.join("decode/generic_result_10k_failed_items/new/benchmark.json");
            std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .and_then(|v| v["throughput"]["Bytes"].as_u64())
        },
        decode_value_ms: median_ns("decode", "serde_json_value_10k_failed_items")
            .ok()
            .map(|ns| ns / 1e6),
        traced_ratio: std::fs::read_to_string(&traced).ok().and_then(|t| {
            t.split_whitespace()
                .find_map(|kv| kv.strip_prefix("ratio="))
                .and_then(|v| v.parse().ok())
        }),
    }))
}
