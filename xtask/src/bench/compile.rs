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

/// What one measured command cost.
#[derive(Debug, Clone, Copy)]
pub(super) struct Usage {
    pub(super) wall_s: f64,
    pub(super) cpu_s: f64,
    /// Peak resident memory of the largest process waited for, in MiB.
    pub(super) peak_mib: Option<f64>,
}

/// Runs `program ARGS` in `dir` under `bench-rusage` with `env` set.
pub(super) fn measured(
    cx: &Ctx,
    dir: &Path,
    program: &str,
    args: &[&str],
    env: &[(&str, String)],
) -> Result<Usage, String> {
    let mut cmd = Command::new(&cx.xtask);
    cmd.arg("bench-rusage")
        .arg(program)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{program} {} failed:\n{stderr}", args.join(" ")));
    }
    let m = stats_line(&stderr, "xtask-rusage:");
    Ok(Usage {
        wall_s: num(&m, "wall_s").unwrap_or(f64::NAN),
        cpu_s: num(&m, "cpu_s").unwrap_or(f64::NAN),
        peak_mib: num(&m, "max_rss_kib").map(|k| k / 1024.0),
    })
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

/// One generator and the crate it made from the comparison model.
#[derive(Debug, Clone)]
pub(super) struct Side {
    /// Generating the crate.
    pub(super) generate: Usage,
    /// Lines of generated Rust.
    pub(super) lines: u64,
    /// Each cold, non-incremental debug build of the generated crate alone.
    pub(super) builds: Vec<Usage>,
}

impl Side {
    pub(super) fn median_wall(&self) -> f64 {
        median(&self.builds.iter().map(|b| b.wall_s).collect::<Vec<_>>())
    }
    pub(super) fn median_cpu(&self) -> f64 {
        median(&self.builds.iter().map(|b| b.cpu_s).collect::<Vec<_>>())
    }
    pub(super) fn median_peak(&self) -> f64 {
        median(
            &self
                .builds
                .iter()
                .map(|b| b.peak_mib.unwrap_or(f64::NAN))
                .collect::<Vec<_>>(),
        )
    }
}

/// Ours and progenitor's crate for the same model, built one after the other.
#[derive(Debug, Clone)]
pub(super) struct Comparison {
    pub(super) endpoints: usize,
    pub(super) ours: Side,
    /// `Err` says why progenitor was not measured.
    pub(super) progenitor: Result<Side, String>,
}

/// The progenitor the issue measures against; other versions are reported, not refused.
pub(super) const PROGENITOR_VERSION: &str = "0.15.1";

/// A workspace around the runtime and the generated crates of `specs`.
fn our_workspace(cx: &Ctx, ws: &Path) -> Result<(), String> {
    let manifest =
        std::fs::read_to_string(cx.root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let package = toml_section(&manifest, "[workspace.package]")
        .ok_or("no [workspace.package] in Cargo.toml")?;
    let deps = toml_section(&manifest, "[workspace.dependencies]")
        .ok_or("no [workspace.dependencies] in Cargo.toml")?;
    // The runtime is copied in and the workspace dependency pointed at it.
    let deps = deps.replace(
        "path = \"rust-runtime/api-clients-runtime\"",
        "path = \"runtime\"",
    );
    let _ = std::fs::remove_dir_all(ws);
    std::fs::create_dir_all(ws).map_err(|e| e.to_string())?;
    let ws_manifest = format!(
        "# Written by `cargo xtask bench`: a workspace around the generated crates.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\"runtime\", \"gen/*\"]\n\n{package}\n{deps}"
    );
    std::fs::write(ws.join("Cargo.toml"), ws_manifest).map_err(|e| e.to_string())?;
    std::fs::copy(cx.root.join("Cargo.lock"), ws.join("Cargo.lock")).map_err(|e| e.to_string())?;
    copy_dir(
        &cx.root.join("rust-runtime/api-clients-runtime"),
        &ws.join("runtime"),
    )
    .map_err(|e| format!("copying the runtime: {e}"))
}

/// Whether `cargo progenitor` runs here, and its version.
fn progenitor_installed() -> Result<String, String> {
    let out = Command::new(cargo())
        .args(["progenitor", "--help"])
        .output()
        .map_err(|_| {
            format!(
                "`cargo progenitor` is not installed (`cargo install cargo-progenitor --version {PROGENITOR_VERSION} --locked`)"
            )
        })?;
    if !out.status.success() {
        return Err("`cargo progenitor --help` failed".to_owned());
    }
    // cargo-progenitor has no --version; cargo's list of installed binaries says it.
    let list = Command::new(cargo())
        .args(["install", "--list"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    Ok(list
        .lines()
        .find_map(|l| l.strip_prefix("cargo-progenitor v"))
        .map(|v| v.trim_end_matches(':').to_owned())
        .unwrap_or_else(|| "unknown version".to_owned()))
}

/// The side-by-side comparison: the `COMPARE_ENDPOINTS` model as one API,
/// generated by us and by progenitor (as OpenAPI 3.0), each crate built cold
/// and non-incrementally in debug `COMPARE_RUNS` times, alternating.
pub(super) fn compare(cx: &mut Ctx) -> Result<Comparison, String> {
    let n = COMPARE_ENDPOINTS;
    let base = cx.target.join("bench-compile");
    let specs = crate::synth::generate(1, n, SEED)?;
    let spec_dir = cx.scratch.join(format!("compare-{n}"));
    crate::synth::write(&spec_dir, &specs).map_err(|e| e.to_string())?;
    let (doc_name, doc) = crate::synth::openapi(&specs)?
        .into_iter()
        .next()
        .ok_or("no OpenAPI document")?;
    let doc_path = spec_dir.join(&doc_name);
    std::fs::write(&doc_path, doc).map_err(|e| e.to_string())?;
    let api = doc_name.trim_end_matches(".openapi.json").to_owned();
    let our_crate = codegen::ident::api_crate(&api);

    // Ours: generate, then build the runtime and dependencies once.
    let ws = base.join("ours");
    let target = base.join("target-ours");
    our_workspace(cx, &ws)?;
    let gen_dir = ws.join("gen");
    let xtask = cx.xtask.to_string_lossy().into_owned();
    let spec_arg = spec_dir.to_string_lossy().into_owned();
    let out_arg = gen_dir.to_string_lossy().into_owned();
    let generate = measured(
        cx,
        &cx.root,
        &xtask,
        &["gen", "--specs", &spec_arg, "--out", &out_arg],
        &[],
    )?;
    let t = Instant::now();
    cargo_plain(
        &ws,
        &target,
        &[
            "build",
            "--offline",
            "--quiet",
            "-p",
            codegen::ident::RUNTIME_CRATE,
        ],
    )?;
    cx.note(format!(
        "compare: runtime and dependencies built in {:.1} s before measuring",
        t.elapsed().as_secs_f64()
    ));
    let mut ours = Side {
        generate,
        lines: rust_lines(&gen_dir.join(&api)),
        builds: Vec::new(),
    };

    // Progenitor, when installed: generate, then fetch and build dependencies once.
    let mut progenitor = progenitor_installed().and_then(|version| {
        cx.note(format!("compare: cargo-progenitor {version}"));
        let dir = base.join("progenitor");
        let _ = std::fs::remove_dir_all(&dir);
        let dir_arg = dir.to_string_lossy().into_owned();
        let doc_arg = doc_path.to_string_lossy().into_owned();
        let generate = measured(
            cx,
            &cx.root,
            &cargo(),
            &[
                "progenitor",
                "-i",
                &doc_arg,
                "-o",
                &dir_arg,
                "-n",
                "synth-progenitor",
                "-v",
                "0.1.0",
            ],
            &[],
        )?;
        // Its own workspace, so cargo does not look for one above it.
        let manifest = dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
        std::fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|e| e.to_string())?;
        let t = Instant::now();
        cargo_plain(&dir, &base.join("target-progenitor"), &["build", "--quiet"])?;
        cx.note(format!(
            "compare: progenitor crate's dependencies built in {:.1} s before measuring",
            t.elapsed().as_secs_f64()
        ));
        Ok((
            dir.clone(),
            Side {
                generate,
                lines: rust_lines(&dir.join("src")),
                builds: Vec::new(),
            },
        ))
    });

    let env = |target: &Path| {
        [
            ("CARGO_INCREMENTAL", "0".to_owned()),
            ("CARGO_TARGET_DIR", target.to_string_lossy().into_owned()),
        ]
    };
    // One cold, non-incremental build of `krate` in the workspace at `dir`.
    let cold_build = |dir: &Path, target: &Path, krate: &str, label: &str, run: usize| {
        cargo_plain(dir, target, &["clean", "--offline", "--quiet", "-p", krate])?;
        let b = measured(
            cx,
            dir,
            &cargo(),
            &["build", "--offline", "--quiet", "-p", krate],
            &env(target),
        )?;
        eprintln!(
            "  {label}, run {}: {:.1} s, {:.0} MiB",
            run + 1,
            b.wall_s,
            b.peak_mib.unwrap_or(f64::NAN)
        );
        Ok::<Usage, String>(b)
    };
    for run in 0..COMPARE_RUNS {
        ours.builds
            .push(cold_build(&ws, &target, &our_crate, "ours", run)?);
        if let Ok((dir, side)) = &mut progenitor {
            let target = base.join("target-progenitor");
            side.builds.push(cold_build(
                dir,
                &target,
                "synth-progenitor",
                "progenitor",
                run,
            )?);
        }
    }
    Ok(Comparison {
        endpoints: n,
        ours,
        progenitor: progenitor.map(|(_, side)| side),
    })
}
