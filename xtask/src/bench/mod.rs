//! `cargo xtask bench`: generator time and memory, no-op regeneration, compile
//! cost of the generated crate, and client overhead, in one run whose figures
//! replace the figures section of `xtask/BENCHMARKS.md`.
//!
//! Every measured program is a subprocess: the release build of this binary for
//! `gen` and for the in-process stage split (`bench-stages`), cargo for builds
//! (wrapped in `bench-rusage`, which reports the peak memory of everything it
//! waited for) and `cargo bench` for the criterion benchmarks.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime};

mod client;
mod compile;
mod diff;
mod generator;
pub(crate) mod report;
mod rusage;
mod stages;

use client::*;
use compile::*;
use diff::*;
use generator::*;
use report::*;
pub use rusage::rusage_cmd;
pub use stages::stages_cmd;
use stages::*;

/// Set to `1`, `xtask gen` reports its own time and peak memory on stderr.
pub const STATS_VAR: &str = "XTASK_REPORT_STATS";

/// Seed of every synthetic set, so runs on different days compare.
const SEED: u64 = crate::synth::DEFAULT_SEED;

/// APIs per synthetic set; endpoints are spread evenly over them.
const SYNTH_APIS: usize = 4;

/// Synthetic sets for generator time.
const GEN_SIZES: &[usize] = &[100, 1_000, 10_000];

/// The model built by us and by progenitor side by side: one API of this
/// many endpoints.
const COMPARE_ENDPOINTS: usize = 1_000;
/// Cold builds of each crate, alternating; the median is reported.
const COMPARE_RUNS: usize = 2;
/// Goal: our crate's cold debug build within this share of progenitor's, in
/// time and in peak memory.
const GOAL_VS_PROGENITOR: f64 = 0.5;

/// Goals from the benchmark issue.
const GOAL_10K_SECS: f64 = 2.0;
/// The label of the generator set of 10,000 endpoints in one API.
const ONE_API_10K: &str = "synthetic 10000, one API";
/// Goal: comparing two 10,000-endpoint spec sets.
const GOAL_DIFF_SECS: f64 = 1.0;
const GOAL_SCALING: f64 = 12.0;
const GOAL_CLIENT_OVERHEAD: f64 = 0.05;

const FIGURES_START: &str = "<!-- figures:start (written by `cargo xtask bench`) -->";
const FIGURES_END: &str = "<!-- figures:end -->";

/// Called by `xtask gen` when it is done: with `XTASK_REPORT_STATS=1`, prints
/// the time `codegen::run` took and the process's peak resident memory.
pub fn report_gen_stats(run: Duration) {
    if std::env::var_os(STATS_VAR).is_some_and(|v| v == "1") {
        let peak = vm_hwm_kib().map_or_else(|| "unknown".to_owned(), |k| k.to_string());
        eprintln!(
            "xtask-stats: run_ms={:.3} peak_rss_kib={peak}",
            run.as_secs_f64() * 1e3
        );
    }
}

/// Peak resident set size of this process (`VmHWM`), in KiB.
fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `key=value` pairs of the first stderr line starting with `prefix`.
fn stats_line(text: &str, prefix: &str) -> BTreeMap<String, String> {
    text.lines()
        .find_map(|l| l.strip_prefix(prefix))
        .map(|rest| {
            rest.split_whitespace()
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn num(map: &BTreeMap<String, String>, key: &str) -> Option<f64> {
    map.get(key)?.parse().ok()
}

fn median(values: &[f64]) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

// ---------------------------------------------------------------------------
// bench: the whole run.

struct Ctx {
    root: PathBuf,
    target: PathBuf,
    scratch: PathBuf,
    xtask: PathBuf,
    runs: usize,
    stage_runs: usize,
    log: Vec<String>,
}

impl Ctx {
    fn note(&mut self, msg: impl Into<String>) {
        let msg = msg.into();
        eprintln!("bench: {msg}");
        self.log.push(msg);
    }
}

fn step(msg: &str) {
    eprintln!("\n== {msg}");
}

/// One generator set: name, specs directory, endpoints.
struct GenSet {
    label: String,
    specs: PathBuf,
}

#[derive(Default)]
struct GenFigures {
    label: String,
    endpoints: usize,
    apis: usize,
    types: usize,
    spec_bytes: u64,
    wall_s: f64,
    run_s: f64,
    walls: Vec<f64>,
    peak_mib: f64,
    out_bytes: u64,
    out_lines: u64,
    noop_wall_s: f64,
    noop_rewritten: Option<usize>,
    noop_untouched: bool,
    stages: Stages,
}

/// Everything one run measured, for the report.
struct Figures<'a> {
    gens: &'a [GenFigures],
    compile: Option<&'a Comparison>,
    diff: &'a DiffFigures,
    client: Option<&'a ClientFigures>,
}

struct ClientFigures {
    generated_us: f64,
    by_hand_us: f64,
    /// Median over samples of generated / hand-written time, same iterations.
    paired_ratio: f64,
    /// The same, within each criterion window.
    paired_windows: (f64, f64),
    pairs: u64,
    decode_ms: f64,
    /// Size of the decoded JSON.
    decode_bytes: Option<u64>,
    decode_value_ms: Option<f64>,
    /// Median over samples of the generated call's time with a tracing
    /// subscriber / without one, same iterations.
    traced_ratio: Option<f64>,
}

/// `cargo xtask bench [--quick]`.
pub fn cmd(args: &[String]) -> ExitCode {
    let mut quick = false;
    for a in args {
        match a.as_str() {
            "--quick" => quick = true,
            other => return crate::usage_error(&format!("unknown argument `{other}`")),
        }
    }
    match run(quick) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(quick: bool) -> Result<(), String> {
    let started = Instant::now();
    let root = crate::workspace_root();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root.join(p) })
        .unwrap_or_else(|| root.join("target"));
    let scratch = target.join("bench");
    let mut cx = Ctx {
        xtask: target
            .join("release")
            .join(format!("xtask{}", std::env::consts::EXE_SUFFIX)),
        root,
        target,
        scratch,
        runs: if quick { 2 } else { 5 },
        stage_runs: if quick { 1 } else { 3 },
        log: Vec::new(),
    };
    let machine = machine();
    eprintln!("{machine}");

    step("building xtask (release)");
    let t = Instant::now();
    let status = Command::new(cargo())
        .args(["build", "--release", "--quiet", "-p", "xtask"])
        .current_dir(&cx.root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("`cargo build --release -p xtask` failed".to_owned());
    }
    cx.note(format!(
        "release build of xtask: {:.1} s",
        t.elapsed().as_secs_f64()
    ));

    step("writing synthetic specs");
    std::fs::create_dir_all(&cx.scratch).map_err(|e| e.to_string())?;
    let mut sets = vec![GenSet {
        label: "real specs".to_owned(),
        specs: cx.root.join("specs"),
    }];
    for &n in GEN_SIZES {
        let dir = cx.scratch.join(format!("specs-{n}"));
        synth_into(&dir, n)?;
        sets.push(GenSet {
            label: format!("synthetic {n}"),
            specs: dir,
        });
    }
    // The same 10,000 endpoints as one API: one file, one crate, no
    // parallelism across files to lean on.
    let dir = cx.scratch.join("specs-10000-one-api");
    crate::synth::write(&dir, &crate::synth::generate(1, 10_000, SEED)?)
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    sets.push(GenSet {
        label: ONE_API_10K.to_owned(),
        specs: dir,
    });

    let mut gens = Vec::new();
    for set in &sets {
        step(&format!("generator: {}", set.label));
        gens.push(gen_figures(&mut cx, set)?);
    }

    step("cargo xtask diff: two 10,000-endpoint sets");
    let diff = diff_figures(&cx, &cx.scratch.join("specs-10000"), 10_000)?;

    let mut compile = None;
    let mut client = None;
    if !quick {
        step("compile cost: ours and progenitor's, side by side");
        compile = Some(compare(&mut cx)?);
        step("client overhead (criterion)");
        client = client_figures(&mut cx)?;
    }

    let total = started.elapsed().as_secs_f64();
    let figures = Figures {
        gens: &gens,
        compile: compile.as_ref(),
        diff: &diff,
        client: client.as_ref(),
    };
    let report = report(&cx, &machine, &figures, total, quick);
    println!("{report}");
    if !quick {
        let path = cx.root.join("xtask/BENCHMARKS.md");
        update_figures(&path, &report)?;
        eprintln!("bench: figures written to {}", path.display());
    }
    Ok(())
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

fn synth_into(dir: &Path, endpoints: usize) -> Result<(), String> {
    let specs = crate::synth::generate(SYNTH_APIS, endpoints, SEED)?;
    crate::synth::write(dir, &specs).map_err(|e| format!("{}: {e}", dir.display()))
}

/// One `xtask gen` run as a subprocess: wall seconds, in-process seconds, peak
/// KiB, and stdout.
fn update_figures(path: &Path, report: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (Some(a), Some(b)) = (text.find(FIGURES_START), text.find(FIGURES_END)) else {
        return Err(format!("{} has no figures markers", path.display()));
    };
    if b < a {
        return Err(format!("{}: figures markers out of order", path.display()));
    }
    let new = format!(
        "{}{FIGURES_START}\n\n{}\n{}",
        &text[..a],
        report.trim_end(),
        &text[b..]
    );
    std::fs::write(path, new).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn stats_lines_parse() {
        let m = stats_line(
            "noise\nxtask-stats: run_ms=12.5 peak_rss_kib=300\n",
            "xtask-stats:",
        );
        assert_eq!(num(&m, "run_ms"), Some(12.5));
        assert_eq!(num(&m, "peak_rss_kib"), Some(300.0));
        assert!(stats_line("nothing", "xtask-stats:").is_empty());
    }

    #[test]
    fn toml_sections_are_cut_at_the_next_header() {
        let text = "[a]\nx = 1\n\n[b]\ny = 2\n[c]\n";
        assert_eq!(toml_section(text, "[a]").as_deref(), Some("[a]\nx = 1\n\n"));
        assert_eq!(toml_section(text, "[b]").as_deref(), Some("[b]\ny = 2\n"));
        assert_eq!(toml_section(text, "[c]").as_deref(), Some("[c]\n"));
        assert!(toml_section(text, "[d]").is_none());
        let root = std::fs::read_to_string(crate::workspace_root().join("Cargo.toml")).unwrap();
        let deps = toml_section(&root, "[workspace.dependencies]").unwrap();
        assert!(deps.contains("reqwest") && !deps.contains("[workspace]\n"));
    }

    #[test]
    fn figures_are_replaced_between_the_markers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("B.md");
        std::fs::write(
            &path,
            format!("intro\n{FIGURES_START}\nold\n{FIGURES_END}\nafter\n"),
        )
        .unwrap();
        update_figures(&path, "new figures\n").unwrap();
        update_figures(&path, "newer figures\n").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            format!("intro\n{FIGURES_START}\n\nnewer figures\n{FIGURES_END}\nafter\n")
        );
    }

    #[test]
    fn own_peak_memory_is_readable() {
        if cfg!(target_os = "linux") {
            assert!(vm_hwm_kib().is_some_and(|k| k > 0));
        }
    }

    #[test]
    fn stages_of_the_real_specs() {
        let s = stages(&crate::workspace_root().join("specs"), 1).unwrap();
        assert!(s.apis >= 3 && s.endpoints >= s.apis && s.out_bytes > 0);
        assert!(s.render_ms > 0.0 && s.total_ms() >= s.render_ms);
    }
}
