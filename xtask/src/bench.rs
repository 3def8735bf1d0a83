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

/// Set to `1`, `xtask gen` reports its own time and peak memory on stderr.
pub const STATS_VAR: &str = "XTASK_REPORT_STATS";

/// Seed of every synthetic set, so runs on different days compare.
const SEED: u64 = crate::synth::DEFAULT_SEED;

/// APIs per synthetic set; endpoints are spread evenly over them.
const SYNTH_APIS: usize = 4;

/// Synthetic sets for generator time.
const GEN_SIZES: &[usize] = &[100, 1_000, 10_000];

/// Synthetic sets for compile cost.
const COMPILE_SIZES: &[usize] = &[200, 1_000];

/// Goals from the benchmark issue.
const GOAL_10K_SECS: f64 = 2.0;
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
// bench-rusage: a tiny /usr/bin/time that needs nothing installed.

/// Resource use of the waited-for descendants of this process.
struct ChildUsage {
    max_rss_kib: u64,
    cpu_secs: f64,
}

#[cfg(unix)]
fn children_usage() -> Option<ChildUsage> {
    // SAFETY: `rusage` is plain old data, for which all-zero bytes are a valid
    // value; getrusage only writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let secs = |t: &libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (rc == 0).then(|| ChildUsage {
        // Linux reports ru_maxrss in KiB.
        max_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
        cpu_secs: secs(&usage.ru_utime) + secs(&usage.ru_stime),
    })
}

#[cfg(not(unix))]
fn children_usage() -> Option<ChildUsage> {
    None
}

/// `xtask bench-rusage CMD [ARGS...]`: runs the command and prints, on stderr,
/// its wall time, CPU time and the largest peak resident memory of any process
/// it (or its descendants) waited for: for `cargo build`, the biggest rustc.
pub fn rusage_cmd(args: &[String]) -> ExitCode {
    let Some((program, rest)) = args.split_first() else {
        return crate::usage_error("bench-rusage needs a command");
    };
    let started = Instant::now();
    let status = match Command::new(program).args(rest).status() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot run {program}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let wall = started.elapsed().as_secs_f64();
    let (rss, cpu) = match children_usage() {
        Some(u) => (u.max_rss_kib.to_string(), format!("{:.3}", u.cpu_secs)),
        None => ("unknown".to_owned(), "unknown".to_owned()),
    };
    eprintln!("xtask-rusage: wall_s={wall:.3} cpu_s={cpu} max_rss_kib={rss}");
    match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(c) => ExitCode::from(u8::try_from(c).unwrap_or(1)),
        None => ExitCode::FAILURE,
    }
}

// ---------------------------------------------------------------------------
// bench-stages: the generator's stages timed in-process.

/// Median milliseconds of each stage over the runs, plus sizes.
#[derive(Debug, Default, Clone)]
struct Stages {
    apis: usize,
    endpoints: usize,
    types: usize,
    out_bytes: usize,
    read_ms: f64,
    parse_ms: f64,
    lower_ms: f64,
    emit_ms: f64,
    syn_ms: f64,
    pretty_ms: f64,
    drop_ms: f64,
    render_ms: f64,
    plan_ms: f64,
}

impl Stages {
    /// Everything `codegen::generate` does, from the stage timings.
    fn total_ms(&self) -> f64 {
        self.parse_ms + self.lower_ms + self.emit_ms + self.render_ms
    }
    /// `render::rust_file` minus what syn and prettyplease take (parsing,
    /// printing, freeing the syntax tree): the header and the blank-line pass.
    fn render_rest_ms(&self) -> f64 {
        (self.render_ms - self.syn_ms - self.pretty_ms - self.drop_ms).max(0.0)
    }
}

/// `xtask bench-stages DIR [--runs N]`: times the generator's stages on the
/// specs in DIR, calling the codegen library directly, and prints the medians.
///
/// Formatting is `render::rust_file`, which is `syn::parse2` (tokens -> syntax
/// tree, needed only because prettyplease takes a tree), `prettyplease::unparse`
/// and a blank-line pass; the first two are also timed on their own.
pub fn stages_cmd(args: &[String]) -> ExitCode {
    let mut dir: Option<&str> = None;
    let mut runs = 5usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => match it.next().and_then(|v| v.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => return crate::usage_error("--runs needs a positive number"),
            },
            d if dir.is_none() => dir = Some(d),
            other => return crate::usage_error(&format!("unknown argument `{other}`")),
        }
    }
    let Some(dir) = dir else {
        return crate::usage_error("bench-stages needs a specs directory");
    };
    match stages(Path::new(dir), runs) {
        Ok(s) => {
            println!(
                "xtask-stages: apis={} endpoints={} types={} out_bytes={} read_ms={:.3} \
                 parse_ms={:.3} lower_ms={:.3} emit_ms={:.3} syn_ms={:.3} pretty_ms={:.3} \
                 drop_ms={:.3} render_ms={:.3} plan_ms={:.3}",
                s.apis,
                s.endpoints,
                s.types,
                s.out_bytes,
                s.read_ms,
                s.parse_ms,
                s.lower_ms,
                s.emit_ms,
                s.syn_ms,
                s.pretty_ms,
                s.drop_ms,
                s.render_ms,
                s.plan_ms
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}

fn stages(dir: &Path, runs: usize) -> Result<Stages, String> {
    use codegen::{emit, load, lower, render};
    let mut samples: Vec<Stages> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut s = Stages::default();
        let t = Instant::now();
        let raw = load::read_dir(dir, "specs").map_err(|e| format!("{}: {e}", dir.display()))?;
        s.read_ms = ms(t);

        // One file after the other (`codegen::generate` parses them on all
        // cores): every stage here is its single-threaded cost.
        let t = Instant::now();
        let parsed: Vec<_> = raw.iter().map(load::parse).collect();
        s.parse_ms = ms(t);
        let mut loaded = Vec::with_capacity(parsed.len());
        for p in parsed {
            loaded.push(p.map_err(|d| {
                d.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            })?);
        }
        let t = Instant::now();
        let apis = lower::lower_all(&loaded).map_err(|d| d.to_string())?;
        s.lower_ms = ms(t);
        s.apis = apis.len();
        s.endpoints = apis.iter().map(|a| a.endpoints.len()).sum();
        s.types = apis.iter().map(|a| a.types.len()).sum();

        let t = Instant::now();
        let mut modules: Vec<_> = apis
            .iter()
            .map(|a| (emit::api_module(a), a.spec_file.clone()))
            .collect();
        modules.push((emit::umbrella_lib(&apis), "specs/".to_owned()));
        s.emit_ms = ms(t);

        let mut rendered = Vec::with_capacity(modules.len());
        for (tokens, from) in &modules {
            let copy = tokens.clone();
            let t = Instant::now();
            let file: syn::File = syn::parse2(copy).map_err(|e| e.to_string())?;
            s.syn_ms += ms(t);
            let t = Instant::now();
            let text = prettyplease::unparse(&file);
            s.pretty_ms += ms(t);
            let t = Instant::now();
            drop(file);
            s.drop_ms += ms(t);
            drop(text);

            let copy = tokens.clone();
            let t = Instant::now();
            let text = render::rust_file(copy, from).map_err(|e| e.to_string())?;
            s.render_ms += ms(t);
            s.out_bytes += text.len();
            rendered.push(text);
        }
        drop(modules);

        // What `write::plan` costs in a write run when no file exists yet.
        let nowhere =
            std::env::temp_dir().join(format!("xtask-bench-nowhere-{}", std::process::id()));
        let files: Vec<codegen::OutFile> = rendered
            .into_iter()
            .enumerate()
            .map(|(i, content)| codegen::OutFile {
                path: nowhere.join(format!("{i}.rs")),
                content,
            })
            .collect();
        let t = Instant::now();
        let report = codegen::write::plan(&files, &[], false).map_err(|e| e.to_string())?;
        s.plan_ms = ms(t);
        drop((report, files));
        samples.push(s);
    }
    let pick = |f: fn(&Stages) -> f64| median(&samples.iter().map(f).collect::<Vec<_>>());
    let first = samples[0].clone();
    Ok(Stages {
        read_ms: pick(|s| s.read_ms),
        parse_ms: pick(|s| s.parse_ms),
        lower_ms: pick(|s| s.lower_ms),
        emit_ms: pick(|s| s.emit_ms),
        syn_ms: pick(|s| s.syn_ms),
        pretty_ms: pick(|s| s.pretty_ms),
        drop_ms: pick(|s| s.drop_ms),
        plan_ms: pick(|s| s.plan_ms),
        render_ms: pick(|s| s.render_ms),
        ..first
    })
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

struct CompileRow {
    endpoints: usize,
    profile: &'static str,
    features: String,
    feature_endpoints: usize,
    lines: u64,
    wall_s: f64,
    cpu_s: f64,
    max_rss_mib: Option<f64>,
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

    let mut gens = Vec::new();
    for set in &sets {
        step(&format!("generator: {}", set.label));
        gens.push(gen_figures(&mut cx, set)?);
    }

    let mut compile = Vec::new();
    let mut client = None;
    if !quick {
        step("compile cost of the generated crate");
        compile = compile_figures(&mut cx)?;
        step("client overhead (criterion)");
        client = client_figures(&mut cx)?;
    }

    let total = started.elapsed().as_secs_f64();
    let report = report(
        &cx,
        &machine,
        &gens,
        &compile,
        client.as_ref(),
        total,
        quick,
    );
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
fn gen_once(cx: &Ctx, specs: &Path, out: &Path) -> Result<(f64, f64, f64, String), String> {
    let t = Instant::now();
    let output = Command::new(&cx.xtask)
        .arg("gen")
        .arg("--specs")
        .arg(specs)
        .arg("--out")
        .arg(out)
        .env(STATS_VAR, "1")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cx.xtask.display()))?;
    let wall = t.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!(
            "xtask gen --specs {} failed:\n{stderr}",
            specs.display()
        ));
    }
    let stats = stats_line(&stderr, "xtask-stats:");
    let run = num(&stats, "run_ms").unwrap_or(f64::NAN) / 1e3;
    let peak = num(&stats, "peak_rss_kib").unwrap_or(f64::NAN);
    Ok((
        wall,
        run,
        peak,
        String::from_utf8_lossy(&output.stdout).into_owned(),
    ))
}

/// Files under `dir` with size and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            match e.metadata() {
                Ok(m) if m.is_dir() => stack.push(p),
                Ok(m) => {
                    out.insert(p, (m.len(), m.modified().ok()));
                }
                Err(_) => {}
            }
        }
    }
    out
}

fn dir_bytes(dir: &Path, ext: &str) -> u64 {
    snapshot(dir)
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == ext))
        .map(|(_, (len, _))| len)
        .sum()
}

fn rust_lines(dir: &Path) -> u64 {
    snapshot(dir)
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| b.iter().filter(|&&c| c == b'\n').count() as u64)
        .sum()
}

fn gen_figures(cx: &mut Ctx, set: &GenSet) -> Result<GenFigures, String> {
    let out = cx
        .scratch
        .join(format!("out-{}", set.label.replace(' ', "-")));
    let mut walls = Vec::new();
    let mut in_process = Vec::new();
    let mut peaks = Vec::new();
    // One unmeasured run warms the page cache; then every measured run writes
    // the whole crate into an empty directory.
    for i in 0..=cx.runs {
        let _ = std::fs::remove_dir_all(&out);
        let (wall, run, peak, _) = gen_once(cx, &set.specs, &out)?;
        eprintln!(
            "  gen run {i}: {wall:.3} s wall, {run:.3} s in codegen::run, {:.0} MiB peak",
            peak / 1024.0
        );
        if i > 0 {
            walls.push(wall);
            in_process.push(run);
            peaks.push(peak);
        }
    }
    let out_bytes = dir_bytes(&out, "rs") + dir_bytes(&out, "toml");
    let out_lines = rust_lines(&out);

    // No-op: the output is up to date; nothing may be rewritten.
    let before = snapshot(&out);
    let mut noop = Vec::new();
    let mut rewritten = Some(0usize);
    for i in 0..cx.runs {
        let (wall, _, _, stdout) = gen_once(cx, &set.specs, &out)?;
        eprintln!(
            "  no-op run {i}: {wall:.3} s: {}",
            stdout.lines().last().unwrap_or("")
        );
        noop.push(wall);
        let written = stdout
            .lines()
            .last()
            .and_then(|l| l.split(" written").next())
            .and_then(|n| n.trim().parse::<usize>().ok());
        rewritten = match (rewritten, written) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
    }
    let untouched = snapshot(&out) == before;

    let t = Instant::now();
    let output = Command::new(&cx.xtask)
        .arg("bench-stages")
        .arg(&set.specs)
        .arg("--runs")
        .arg(cx.stage_runs.to_string())
        .output()
        .map_err(|e| format!("cannot run bench-stages: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "bench-stages failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    eprintln!("  stages measured in {:.1} s", t.elapsed().as_secs_f64());
    let m = stats_line(&String::from_utf8_lossy(&output.stdout), "xtask-stages:");
    let g = |k: &str| num(&m, k).unwrap_or(f64::NAN);
    let stages = Stages {
        apis: g("apis") as usize,
        endpoints: g("endpoints") as usize,
        types: g("types") as usize,
        out_bytes: g("out_bytes") as usize,
        read_ms: g("read_ms"),
        parse_ms: g("parse_ms"),
        lower_ms: g("lower_ms"),
        emit_ms: g("emit_ms"),
        syn_ms: g("syn_ms"),
        pretty_ms: g("pretty_ms"),
        render_ms: g("render_ms"),
        drop_ms: g("drop_ms"),
        plan_ms: g("plan_ms"),
    };
    Ok(GenFigures {
        label: set.label.clone(),
        endpoints: stages.endpoints,
        apis: stages.apis,
        types: stages.types,
        spec_bytes: dir_bytes(&set.specs, "yaml"),
        wall_s: median(&walls),
        run_s: median(&in_process),
        walls,
        peak_mib: median(&peaks) / 1024.0,
        out_bytes,
        out_lines,
        noop_wall_s: median(&noop),
        noop_rewritten: rewritten,
        noop_untouched: untouched,
        stages,
    })
}

// ---------------------------------------------------------------------------
// Compile cost.

/// The `[section]` of a TOML file, header included, up to the next section.
fn toml_section(text: &str, header: &str) -> Option<String> {
    let start = text
        .find(&format!("\n{header}\n"))
        .map(|i| i + 1)
        .or_else(|| text.starts_with(&format!("{header}\n")).then_some(0))?;
    let rest = &text[start + header.len() + 1..];
    let end = rest.find("\n[").map(|i| i + 1).unwrap_or(rest.len());
    Some(format!("{header}\n{}", &rest[..end]))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let dest = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &dest)?;
        } else {
            std::fs::copy(e.path(), dest)?;
        }
    }
    Ok(())
}

/// Runs `cargo ARGS` in `dir` under `bench-rusage`: wall s, CPU s, peak KiB.
fn cargo_measured(
    cx: &Ctx,
    dir: &Path,
    target: &Path,
    args: &[&str],
) -> Result<(f64, f64, Option<f64>), String> {
    let output = Command::new(&cx.xtask)
        .arg("bench-rusage")
        .arg(cargo())
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("cargo {} failed:\n{stderr}", args.join(" ")));
    }
    let m = stats_line(&stderr, "xtask-rusage:");
    Ok((
        num(&m, "wall_s").unwrap_or(f64::NAN),
        num(&m, "cpu_s").unwrap_or(f64::NAN),
        num(&m, "max_rss_kib"),
    ))
}

fn cargo_plain(dir: &Path, target: &Path, args: &[&str]) -> Result<(), String> {
    let status = Command::new(cargo())
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed", args.join(" ")))
    }
}

fn compile_figures(cx: &mut Ctx) -> Result<Vec<CompileRow>, String> {
    let base = cx.target.join("bench-compile");
    let ws = base.join("ws");
    let krate = ws.join("gen");
    let target = base.join("target");
    let manifest =
        std::fs::read_to_string(cx.root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let package = toml_section(&manifest, "[workspace.package]")
        .ok_or("no [workspace.package] in Cargo.toml")?;
    let deps = toml_section(&manifest, "[workspace.dependencies]")
        .ok_or("no [workspace.dependencies] in Cargo.toml")?;
    std::fs::create_dir_all(&ws).map_err(|e| e.to_string())?;
    // The runtime is copied in and the workspace dependency pointed at it.
    let deps = deps.replace(
        "path = \"rust-runtime/api-clients-runtime\"",
        "path = \"runtime\"",
    );
    let ws_manifest = format!(
        "# Written by `cargo xtask bench`: a workspace around the generated crates.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\"runtime\", \"gen/*\"]\n\n{package}\n{deps}"
    );
    std::fs::write(ws.join("Cargo.toml"), ws_manifest).map_err(|e| e.to_string())?;
    std::fs::copy(cx.root.join("Cargo.lock"), ws.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(ws.join("runtime"));
    copy_dir(
        &cx.root.join("rust-runtime/api-clients-runtime"),
        &ws.join("runtime"),
    )
    .map_err(|e| format!("copying the runtime: {e}"))?;

    let mut rows = Vec::new();
    for &n in COMPILE_SIZES {
        let specs = cx.scratch.join(format!("specs-{n}"));
        synth_into(&specs, n)?;
        let _ = std::fs::remove_dir_all(&krate);
        gen_once(cx, &specs, &krate)?;
        let all_lines = rust_lines(&krate);
        let synth = crate::synth::generate(SYNTH_APIS, n, SEED)?;
        let names: Vec<String> = synth
            .iter()
            .map(|s| s.file_name.trim_end_matches(".yaml").to_owned())
            .collect();
        let first = names.first().cloned().ok_or("no synthetic API")?;
        let first_lines = rust_lines(&krate.join(&first));
        let first_endpoints = n / SYNTH_APIS + usize::from(n % SYNTH_APIS > 0);
        for (profile, flag) in [("debug", None), ("release", Some("--release"))] {
            let mut build: Vec<&str> = vec!["build", "--offline", "--quiet", "-p", "api-clients"];
            build.extend(flag);
            if n == COMPILE_SIZES[0] {
                // Dependencies are built once per profile (the first time ever,
                // minutes) and reused by every measured build.
                let mut deps = build.clone();
                deps.push("--no-default-features");
                let t = Instant::now();
                cargo_plain(&ws, &target, &deps)?;
                cx.note(format!(
                    "compile, {profile}: dependencies and runtime up to date in {:.1} s before measuring",
                    t.elapsed().as_secs_f64()
                ));
            }
            let mut feature_sets = vec!["full".to_owned(), first.clone()];
            if n == COMPILE_SIZES[0] {
                // The hand-written runtime alone: the fixed part of every build.
                feature_sets.push(String::new());
            }
            for features in feature_sets {
                let mut clean: Vec<&str> =
                    vec!["clean", "--offline", "--quiet", "-p", "api-clients"];
                let crates: Vec<String> =
                    names.iter().map(|n| codegen::ident::api_crate(n)).collect();
                for c in &crates {
                    clean.extend(["-p", c.as_str()]);
                }
                clean.extend(flag);
                cargo_plain(&ws, &target, &clean)?;
                let mut args = build.clone();
                if features != "full" {
                    args.push("--no-default-features");
                }
                if !features.is_empty() && features != "full" {
                    args.extend(["--features", features.as_str()]);
                }
                let (wall, cpu, rss) = cargo_measured(cx, &ws, &target, &args)?;
                eprintln!(
                    "  {n} endpoints, {profile}, {features}: {wall:.1} s wall, {cpu:.1} s CPU, {} MiB peak",
                    rss.map_or_else(|| "?".to_owned(), |r| format!("{:.0}", r / 1024.0))
                );
                let (feature_endpoints, lines) = match features.as_str() {
                    "full" => (n, all_lines),
                    "" => (0, 0),
                    _ => (first_endpoints, first_lines),
                };
                rows.push(CompileRow {
                    endpoints: n,
                    profile,
                    feature_endpoints,
                    lines,
                    features,
                    wall_s: wall,
                    cpu_s: cpu,
                    max_rss_mib: rss.map(|r| r / 1024.0),
                });
            }
        }
    }
    Ok(rows)
}

// ---------------------------------------------------------------------------
// Client overhead.

/// The crate of the generated clients' tests and client benchmark.
const CLIENT_TESTS: &str = "rust-runtime/client-tests";

fn client_figures(cx: &mut Ctx) -> Result<Option<ClientFigures>, String> {
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
    for group in ["client_call", "decode"] {
        let _ = std::fs::remove_dir_all(criterion.join(group));
    }
    let paired = cx.scratch.join("client_paired.txt");
    let _ = std::fs::remove_file(&paired);
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
    }))
}

// ---------------------------------------------------------------------------
// Report.

fn machine() -> String {
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

fn secs(s: f64) -> String {
    if s < 1.0 {
        format!("{:.0} ms", s * 1e3)
    } else {
        format!("{s:.2} s")
    }
}

fn mib(bytes: u64) -> String {
    let m = bytes as f64 / 1024.0 / 1024.0;
    if m < 1.0 {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{m:.1} MiB")
    }
}

fn verdict(met: bool) -> &'static str {
    if met { "**met**" } else { "**missed**" }
}

fn report(
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
