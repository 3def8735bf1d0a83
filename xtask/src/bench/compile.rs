//! Compile cost of the generated crates.

use super::*;

/// The `[section]` of a TOML file, header included, up to the next section.
pub(super) fn toml_section(text: &str, header: &str) -> Option<String> {
    let start = text
        .find(&format!("\n{header}\n"))
        .map(|i| i + 1)
        .or_else(|| text.starts_with(&format!("{header}\n")).then_some(0))?;
    let rest = &text[start + header.len() + 1..];
    let end = rest.find("\n[").map(|i| i + 1).unwrap_or(rest.len());
    Some(format!("{header}\n{}", &rest[..end]))
}

pub(super) fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
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
pub(super) fn cargo_measured(
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

pub(super) fn cargo_plain(dir: &Path, target: &Path, args: &[&str]) -> Result<(), String> {
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

pub(super) fn compile_figures(cx: &mut Ctx) -> Result<Vec<CompileRow>, String> {
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
