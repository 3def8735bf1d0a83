//! The Markdown report of one run.

use super::*;

pub(super) fn machine() -> String {
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
    gens: &[GenFigures],
    compile: &[CompileRow],
    client: Option<&ClientFigures>,
    total_s: f64,
    quick: bool,
) -> String {
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
        "| set | parse YAML | lower | emit tokens | syn::parse2 | prettyplease | free syntax tree | rest of render | sum | formatting share | `write::plan` (first run) |"
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

    if !compile.is_empty() {
        out!("\n### Compile cost of the generated crates\n");
        out!(
            "`cargo build -p api-clients` (the convenience crate, which builds one crate per API) of \
             a synthetic model ({SYNTH_APIS} APIs) in its own workspace, runtime and dependencies \
             already built, after `cargo clean` of the generated crates; one run each. \"one API\" is \
             `--no-default-features --features <first API>`. Peak memory is the largest process cargo waited \
             for (rustc), from getrusage(RUSAGE_CHILDREN).\n"
        );
        out!(
            "| set | profile | features | endpoints compiled | generated lines | wall | per endpoint | CPU | peak memory |"
        );
        out!("|---|---|---|---:|---:|---:|---:|---:|---:|");
        for c in compile {
            out!(
                "| {} | {} | {} | {} | {} | {:.1} s | {} | {:.1} s | {} |",
                c.endpoints,
                c.profile,
                match c.features.as_str() {
                    "full" => "full".to_owned(),
                    "" => "none (runtime only)".to_owned(),
                    f => format!("one API (`{f}`)"),
                },
                c.feature_endpoints,
                c.lines,
                c.wall_s,
                if c.feature_endpoints == 0 {
                    "-".to_owned()
                } else {
                    format!("{:.0} ms", c.wall_s / c.feature_endpoints as f64 * 1e3)
                },
                c.cpu_s,
                c.max_rss_mib
                    .map_or_else(|| "unavailable".to_owned(), |m| format!("{m:.0} MiB"))
            );
        }
        for profile in ["debug", "release"] {
            let row = |n: usize, f: &dyn Fn(&str) -> bool| {
                compile
                    .iter()
                    .find(|c| c.endpoints == n && c.profile == profile && f(&c.features))
            };
            let base = row(COMPILE_SIZES[0], &|f| f.is_empty());
            let small = row(COMPILE_SIZES[0], &|f| f == "full");
            let big = row(COMPILE_SIZES[1], &|f| f == "full");
            if let (Some(base), Some(small), Some(big)) = (base, small, big) {
                let per = (big.wall_s - small.wall_s) / (big.endpoints - small.endpoints) as f64;
                out!(
                    "\n{profile}: the runtime alone takes {:.1} s; each further endpoint adds {:.0} ms \
                     ({} -> {} endpoints: {:.1} s -> {:.1} s, {:.1}x for {:.0}x the endpoints).",
                    base.wall_s,
                    per * 1e3,
                    small.endpoints,
                    big.endpoints,
                    small.wall_s,
                    big.wall_s,
                    big.wall_s / small.wall_s,
                    big.endpoints as f64 / small.endpoints as f64
                );
            }
        }
        if let Some(g) = gens.iter().find(|g| g.label == "synthetic 1000") {
            out!(
                "\nGenerated code: {:.0} lines and {:.1} KiB per endpoint (1,000 set, types included).",
                g.out_lines as f64 / g.endpoints as f64,
                g.out_bytes as f64 / g.endpoints as f64 / 1024.0
            );
        }
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
