//! Generator figures: `xtask gen` as a subprocess, its time, memory and
//! output, and a no-op regeneration.

use super::*;

pub(super) fn gen_once(
    cx: &Ctx,
    specs: &Path,
    out: &Path,
) -> Result<(f64, f64, f64, String), String> {
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
pub(super) fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
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

pub(super) fn dir_bytes(dir: &Path, ext: &str) -> u64 {
    snapshot(dir)
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == ext))
        .map(|(_, (len, _))| len)
        .sum()
}

pub(super) fn rust_lines(dir: &Path) -> u64 {
    snapshot(dir)
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| b.iter().filter(|&&c| c == b'\n').count() as u64)
        .sum()
}

pub(super) fn gen_figures(cx: &mut Ctx, set: &GenSet) -> Result<GenFigures, String> {
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
