//! `cargo xtask diff` on two 10,000-endpoint spec sets that differ in one
//! summary: the whole command, and the comparison alone.

use super::*;

/// Median figures of `xtask diff` runs.
#[derive(Debug, Clone)]
pub(super) struct DiffFigures {
    pub(super) endpoints: usize,
    /// The whole process.
    pub(super) wall_s: f64,
    /// Loading and checking both sets.
    pub(super) load_ms: f64,
    /// Comparing the two models.
    pub(super) diff_ms: f64,
}

/// Times `xtask diff --base-specs base --specs edited`, `runs` times.
pub(super) fn diff_figures(cx: &Ctx, base: &Path, endpoints: usize) -> Result<DiffFigures, String> {
    let edited = cx.scratch.join(format!("specs-{endpoints}-edited"));
    let _ = std::fs::remove_dir_all(&edited);
    copy_dir(base, &edited).map_err(|e| e.to_string())?;
    let first = std::fs::read_dir(&edited)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .min()
        .ok_or("no spec to edit")?;
    let text = std::fs::read_to_string(&first).map_err(|e| e.to_string())?;
    std::fs::write(&first, text.replacen("summary: ", "summary: Edited. ", 1))
        .map_err(|e| e.to_string())?;
    let (mut walls, mut loads, mut diffs) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..cx.runs {
        let t = Instant::now();
        let out = Command::new(&cx.xtask)
            .arg("diff")
            .arg("--base-specs")
            .arg(base)
            .arg("--specs")
            .arg(&edited)
            .env(STATS_VAR, "1")
            .output()
            .map_err(|e| format!("cannot run xtask diff: {e}"))?;
        walls.push(t.elapsed().as_secs_f64());
        if out.status.code() != Some(0) {
            return Err(format!(
                "xtask diff should find nothing breaking in a summary edit:\n{}",
                String::from_utf8_lossy(&out.stdout)
            ));
        }
        let stats = stats_line(&String::from_utf8_lossy(&out.stderr), "xtask-diff:");
        loads.push(num(&stats, "load_ms").unwrap_or(f64::NAN));
        diffs.push(num(&stats, "diff_ms").unwrap_or(f64::NAN));
    }
    Ok(DiffFigures {
        endpoints,
        wall_s: median(&walls),
        load_ms: median(&loads),
        diff_ms: median(&diffs),
    })
}
