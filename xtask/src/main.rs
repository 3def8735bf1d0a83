//! Project tasks. `cargo xtask gen` regenerates `generated/` from `specs/`.

mod bench;
mod synth;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask gen [--check] [--specs DIR] [--out DIR]
       cargo xtask synth --apis A --endpoints N --out DIR [--seed S]
       cargo xtask bench [--quick]

  gen            regenerate the client crate from the YAML specs
    --check      write nothing; fail, naming each stale file, if anything is out of date
    --specs DIR  read specs from DIR (default: specs/)
    --out DIR    write the generated crate to DIR (default: generated/)
  synth          write A synthetic specs with N endpoints in total (deterministic per seed)
  bench          measure generator time and memory, compile cost and client overhead,
                 and update the figures in xtask/BENCHMARKS.md (see that file)
    --quick      fewer runs, no compile or client benchmarks, nothing written";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen") => gen_cmd(&args[1..]),
        Some("synth") => synth::cmd(&args[1..]),
        Some("bench") => bench::cmd(&args[1..]),
        // Hidden helpers of `bench`.
        Some("bench-stages") => bench::stages_cmd(&args[1..]),
        Some("bench-rusage") => bench::rusage_cmd(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage_error("expected a task name"),
    }
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("error: {msg}\n\n{USAGE}");
    ExitCode::from(2)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn gen_cmd(args: &[String]) -> ExitCode {
    let root = workspace_root();
    let mut check = false;
    let mut specs: Option<String> = None;
    let mut out: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => check = true,
            "--specs" => match it.next() {
                Some(v) => specs = Some(v.clone()),
                None => return usage_error("--specs needs a directory"),
            },
            "--out" => match it.next() {
                Some(v) => out = Some(PathBuf::from(v)),
                None => return usage_error("--out needs a directory"),
            },
            other => return usage_error(&format!("unknown argument `{other}`")),
        }
    }
    // The default run also keeps the editor schema of the spec format fresh.
    let defaults = specs.is_none() && out.is_none();
    let (specs_dir, specs_shown_as) = match specs {
        Some(s) => (PathBuf::from(&s), s.trim_end_matches('/').to_owned()),
        None => (root.join("specs"), "specs".to_owned()),
    };
    let opts = codegen::Options {
        specs_dir,
        specs_shown_as,
        out_dir: out.unwrap_or_else(|| root.join("generated")),
        schema_path: defaults.then(|| root.join("codegen/spec.schema.json")),
        cache: gen_cache(&root),
    };
    let started = std::time::Instant::now();
    let result = codegen::run(&opts, check);
    bench::report_gen_stats(started.elapsed());
    match result {
        Ok(report) if check && !report.is_clean() => {
            for (path, diff) in &report.changed {
                eprintln!("stale: {}\n{diff}", shown(&root, path));
            }
            for path in &report.orphans {
                eprintln!(
                    "stale: {} (its spec is gone; it would be removed)",
                    shown(&root, path)
                );
            }
            eprintln!(
                "error: {} generated file(s) out of date with the specs; run `cargo xtask gen`",
                report.changed.len() + report.orphans.len()
            );
            ExitCode::FAILURE
        }
        Ok(report) => {
            if check {
                println!("generated code is up to date ({} files)", report.unchanged);
            } else {
                for (path, _) in &report.changed {
                    println!("wrote {}", shown(&root, path));
                }
                for path in &report.orphans {
                    println!("removed {}", shown(&root, path));
                }
                println!(
                    "{} written, {} removed, {} unchanged",
                    report.changed.len(),
                    report.orphans.len(),
                    report.unchanged
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// The record that lets `gen` skip generating when nothing changed since its
/// last run; kept in the target directory, never committed. The generator build
/// is identified by this executable, which cargo rebuilds whenever codegen or
/// xtask changes.
fn gen_cache(root: &Path) -> Option<codegen::cache::Cache> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    Some(codegen::cache::Cache {
        path: target.join("xtask").join("gen-cache.json"),
        generator_id: format!("{}:{}:{}", exe.display(), meta.len(), modified.as_nanos()),
    })
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
