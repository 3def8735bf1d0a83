//! The Markdown report of one run.

use super::*;

pub(crate) fn machine() -> String {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .and_then(|r| r.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let mem_gib = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(
            || "unknown".to_owned(),
            |kib| format!("{:.1} GiB", kib / 1024.0 / 1024.0),
        );
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|_| "unknown".to_owned());
    let kernel = read("/proc/sys/kernel/osrelease").trim().to_owned();
    let load = read("/proc/loadavg")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "| | |\n|---|---|\n| CPU | {cpu} |\n| cores (nproc) | {cores} |\n| memory | {mem_gib} |\n\
         | rustc | {rustc} |\n| Linux | {kernel} |\n| load average at start | {load} |\n"
    )
}

pub(super) fn secs(s: f64) -> String {
    if s < 1.0 {
        format!("{:.0} ms", s * 1e3)
    } else {
        format!("{s:.2} s")
    }
}

pub(super) fn mib(bytes: u64) -> String {
    let m = bytes as f64 / 1024.0 / 1024.0;
    if m < 1.0 {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{m:.1} MiB")
    }
}

pub(super) fn verdict(met: bool) -> &'static str {
    if met { "**met**" } else { "**missed**" }
}

pub(super) fn report(
    cx: &Ctx,
    machine: &str,
    figures: &Figures<'_>,
    total_s: f64,
    quick: bool,
) -> String {
    let Figures {
        gens,
        compile,
        diff,
        client,
    } = *figures;
    let mut r = String::new();
    let w = &mut r;
    macro_rules! out {
        ($($t:tt)*) => {{ let _ = writeln!(w, $($t)*); }};
    }
    out!(
        "Measured by `cargo xtask bench`{} in {:.1} min.\n",
        if quick { " --quick" } else { "" },
        total_s / 60.0
    );
    out!("### Machine\n\n{machine}");

    out!("### Generator time (`xtask gen`, release build)\n");
    out!(
        "Wall time of the `gen` process writing the whole crate into an empty directory, median of {} runs \
         (after one unmeasured run). Synthetic sets: {SYNTH_APIS} APIs, seed {SEED}.\n",
        cx.runs
    );
    out!(
        "| set | endpoints (APIs) | types | spec size | wall (median) | per endpoint | in `codegen::run` | peak memory | output | lines |"
    );
    out!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for g in gens {
        out!(
            "| {} | {} ({}) | {} | {} | {} | {:.0} µs | {} | {:.0} MiB | {} | {} |",
            g.label,
            g.endpoints,
            g.apis,
            g.types,
            mib(g.spec_bytes),
            secs(g.wall_s),
            g.wall_s / g.endpoints.max(1) as f64 * 1e6,
            secs(g.run_s),
            g.peak_mib,
            mib(g.out_bytes),
            g.out_lines
        );
    }
    let by_n = |n: usize| gens.iter().find(|g| g.label == format!("synthetic {n}"));
    if let (Some(a), Some(b), Some(c)) = (by_n(100), by_n(1_000), by_n(10_000)) {
        let big = c.wall_s;
        out!(
            "\nRuns of the 10,000 set: {}.\n",
            c.walls
                .iter()
                .map(|s| format!("{s:.2}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        out!(
            "- Goal: 10,000 endpoints in under {GOAL_10K_SECS} s: {} ({} median, {:.1}x the goal).",
            verdict(big < GOAL_10K_SECS),
            secs(big),
            big / GOAL_10K_SECS
        );
        if let Some(one) = gens.iter().find(|g| g.label == ONE_API_10K) {
            out!(
                "- Goal: 10,000 endpoints in one API in under {GOAL_10K_SECS} s: {} ({} median; runs {}).",
                verdict(one.wall_s < GOAL_10K_SECS),
                secs(one.wall_s),
                one.walls
                    .iter()
                    .map(|s| format!("{s:.2}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let s1 = b.wall_s / a.wall_s;
        let s2 = c.wall_s / b.wall_s;
        let i1 = b.run_s / a.run_s;
        let i2 = c.run_s / b.run_s;
        out!(
            "- Goal: linear scaling, 10x endpoints at most {GOAL_SCALING}x time: 100 -> 1,000: {s1:.1}x, \
             1,000 -> 10,000: {s2:.1}x wall ({i1:.1}x and {i2:.1}x in `codegen::run`): {}.",
            verdict(s1 <= GOAL_SCALING && s2 <= GOAL_SCALING)
        );
    }

    out!(
        "\n### Where the time goes (`xtask bench-stages`, in-process, one thread, median of {} runs)\n",
        cx.stage_runs
    );
    out!(
        "| set | parse YAML | lower | emit (tokens and text) | syn::parse2 | prettyplease | free syntax tree | rest of render | sum | formatting share | `write::plan` (first run) |"
    );
    out!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for g in gens {
        let s = &g.stages;
        let total = s.total_ms();
        out!(
            "| {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0}% | {:.1} |",
            g.label,
            s.parse_ms,
            s.lower_ms,
            s.emit_ms,
            s.syn_ms,
            s.pretty_ms,
            s.drop_ms,
            s.render_rest_ms(),
            total,
            (s.syn_ms + s.pretty_ms + s.drop_ms) / total * 100.0,
            s.plan_ms
        );
    }
    out!(
        "\nAll in ms of one thread, stage after stage, calling the codegen library the way \
         `codegen::generate` does. `render::rust_file` is `syn::parse2` + prettyplease + freeing the tree \
         + the rest (header, blank lines between items); \"sum\" is parse + lower + emit + render, the \
         CPU work of `codegen::generate`, which parses the spec files and emits and renders the API \
         modules on all cores (one module per thread), so its wall time (\"in `codegen::run`\" above) is \
         lower. \"formatting share\" is the share of the sum spent in `syn::parse2`, prettyplease and \
         freeing the syntax tree: `syn::parse2` only exists to hand prettyplease a tree. \
         \"`write::plan` (first run)\" compares the files with a directory that does not exist, as a \
         first `gen` does. The rest of the wall time of `gen` is process start, reading specs, writing \
         and exiting."
    );

    out!("\n### No-op regeneration\n");
    out!(
        "`gen` again on unchanged specs, output up to date; median of {} runs.\n",
        cx.runs
    );
    out!("| set | wall (median) | files rewritten | files on disk untouched (size and mtime) |");
    out!("|---|---:|---:|---|");
    for g in gens {
        out!(
            "| {} | {} | {} | {} |",
            g.label,
            secs(g.noop_wall_s),
            g.noop_rewritten
                .map_or_else(|| "?".to_owned(), |n| n.to_string()),
            if g.noop_untouched { "yes" } else { "**no**" }
        );
    }

    out!("\n### `cargo xtask diff` (release build)\n");
    out!(
        "`xtask diff --base-specs A --specs B` where B is the synthetic 10,000-endpoint set (4 APIs) A with \
         one summary edited; median of {} runs.\n",
        cx.runs
    );
    out!("| endpoints per side | whole command | loading and checking both sides | comparing |");
    out!("|---:|---:|---:|---:|");
    out!(
        "| {} | {} | {:.0} ms | {:.0} ms |",
        diff.endpoints,
        secs(diff.wall_s),
        diff.load_ms,
        diff.diff_ms
    );
    out!(
        "\n- Goal: diffing two 10,000-endpoint sets in under {GOAL_DIFF_SECS} s: the comparison {:.0} ms {}; \
         the whole command {} {}.",
        diff.diff_ms,
        verdict(diff.diff_ms / 1e3 < GOAL_DIFF_SECS),
        secs(diff.wall_s),
        verdict(diff.wall_s < GOAL_DIFF_SECS)
    );
    if let Some(c) = compile {
        compile_section(w, c, gens);
    }

    out!("\n### Client overhead (criterion, `rust-runtime/client-tests/benches/client.rs`)\n");
    match client {
        Some(c) => {
            let overhead = c.paired_ratio - 1.0;
            out!("| benchmark | median |\n|---|---:|");
            out!(
                "| one call through `SmartsheetClient::revoke_access_token` | {:.1} µs |",
                c.generated_us
            );
            out!(
                "| the same request by hand with reqwest + serde_json | {:.1} µs |",
                c.by_hand_us
            );
            let size = c.decode_bytes.map_or_else(String::new, |b| {
                format!(
                    " ({}, {:.0} MiB/s)",
                    mib(b),
                    b as f64 / 1024.0 / 1024.0 / (c.decode_ms / 1e3)
                )
            });
            out!(
                "| decode a `GenericResult` with 10,000 failed items{size} | {:.2} ms |",
                c.decode_ms
            );
            if let Some(v) = c.decode_value_ms {
                out!(
                    "| the same JSON into `serde_json::Value` (reference) | {:.2} ms |",
                    v
                );
            }
            out!(
                "\nThe two criterion medians come from windows seconds apart; on this shared machine they \
                 differ by {:+.1}%, which is drift, not overhead. The ratio below is paired: every iteration \
                 of both benchmarks sends one request of each kind back to back (alternating which goes \
                 first) and times both; it is the median over samples of generated / hand-written time \
                 ({} pairs; {:.4} within the first window, {:.4} within the second).\n",
                (c.generated_us / c.by_hand_us - 1.0) * 100.0,
                c.pairs,
                c.paired_windows.0,
                c.paired_windows.1
            );
            out!(
                "- Goal: the generated client within {:.0}% of the hand-written request: paired ratio \
                 {:.4}, i.e. {:+.1}%: {}.",
                GOAL_CLIENT_OVERHEAD * 100.0,
                c.paired_ratio,
                overhead * 100.0,
                verdict(overhead <= GOAL_CLIENT_OVERHEAD)
            );
            if let Some(t) = c.traced_ratio {
                out!(
                    "- Tracing: the same generated call with a subscriber installed (tracing-subscriber's \
                     `fmt` layer at INFO writing to a sink, so every span is built, recorded and formatted) \
                     against none, paired the same way: {t:.4}, i.e. {:+.1}%. Without a subscriber the span \
                     is never built; that cost is inside the ratio above.",
                    (t - 1.0) * 100.0
                );
            }
        }
        None => out!("Not measured in this run (see the notes below)."),
    }

    if !cx.log.is_empty() {
        out!("\n### Notes from the run\n");
        for l in &cx.log {
            out!("- {l}");
        }
    }
    r
}

/// The side-by-side table of our crate and progenitor's for the same model.
fn compile_section(w: &mut String, c: &Comparison, gens: &[GenFigures]) {
    macro_rules! out {
        ($($t:tt)*) => {{ let _ = writeln!(w, $($t)*); }};
    }
    out!("\n### Compile cost, side by side with progenitor\n");
    out!(
        "The synthetic model with {} endpoints as one API (`cargo xtask synth --apis 1 --endpoints {} --openapi`): \
         our crate from the YAML spec, progenitor's from the same model written as OpenAPI 3.0. Each crate \
         in its own workspace with its dependencies (and our runtime) already built; each build is \
         `cargo clean -p <crate>` then `CARGO_INCREMENTAL=0 cargo build` (debug), {} runs alternating, median \
         shown. Peak memory is the largest process cargo waited for (rustc), from getrusage(RUSAGE_CHILDREN).\n",
        c.endpoints,
        c.endpoints,
        COMPARE_RUNS
    );
    let p = match &c.progenitor {
        Ok(p) => Some(p),
        Err(why) => {
            out!("progenitor not measured: {why}.\n");
            None
        }
    };
    out!(
        "| | generate | generator peak memory | generated lines | cold debug build | CPU | peak memory |"
    );
    out!("|---|---:|---:|---:|---:|---:|---:|");
    let row = |w: &mut String, name: &str, s: &Side| {
        let _ = writeln!(
            w,
            "| {name} | {:.2} s | {} | {} | {:.1} s | {:.1} s | {:.0} MiB |",
            s.generate.wall_s,
            s.generate
                .peak_mib
                .map_or_else(|| "?".to_owned(), |m| format!("{m:.0} MiB")),
            s.lines,
            s.median_wall(),
            s.median_cpu(),
            s.median_peak()
        );
    };
    row(w, "ours", &c.ours);
    if let Some(p) = p {
        row(w, &format!("progenitor {PROGENITOR_VERSION}"), p);
        let ratio = |a: f64, b: f64| a / b;
        let (t, m) = (
            ratio(c.ours.median_wall(), p.median_wall()),
            ratio(c.ours.median_peak(), p.median_peak()),
        );
        let gen_mem = match (c.ours.generate.peak_mib, p.generate.peak_mib) {
            (Some(a), Some(b)) => format!("{:.2}", a / b),
            _ => "?".to_owned(),
        };
        out!(
            "| ours / progenitor | {:.2} | {gen_mem} | {:.2} | {t:.2} | {:.2} | {m:.2} |",
            ratio(c.ours.generate.wall_s, p.generate.wall_s),
            c.ours.lines as f64 / p.lines as f64,
            ratio(c.ours.median_cpu(), p.median_cpu()),
        );
        out!(
            "\n- Goal: a cold debug build in at most {:.0}% of progenitor's time and peak memory: time {:.0}% {}, memory {:.0}% {}.",
            GOAL_VS_PROGENITOR * 100.0,
            t * 100.0,
            verdict(t <= GOAL_VS_PROGENITOR),
            m * 100.0,
            verdict(m <= GOAL_VS_PROGENITOR)
        );
        for (i, (a, b)) in c.ours.builds.iter().zip(&p.builds).enumerate() {
            out!(
                "- Run {}: ours {:.1} s / {:.0} MiB, progenitor {:.1} s / {:.0} MiB.",
                i + 1,
                a.wall_s,
                a.peak_mib.unwrap_or(f64::NAN),
                b.wall_s,
                b.peak_mib.unwrap_or(f64::NAN)
            );
        }
    }
    if let Some(g) = gens.iter().find(|g| g.label.starts_with("synthetic 1000")) {
        out!(
            "\nGenerated code: {:.0} lines and {:.1} KiB per endpoint (1,000 set, types included).",
            g.out_lines as f64 / g.endpoints as f64,
            g.out_bytes as f64 / g.endpoints as f64 / 1024.0
        );
    }
}
