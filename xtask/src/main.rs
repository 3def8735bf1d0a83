//! Project tasks. `cargo xtask gen` regenerates `generated/` from `specs/`.

mod bench;
mod corpus;
mod corpus_sample;
mod diff;
mod export;
mod import;
mod openapi;
mod synth;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask gen [--check] [--specs DIR] [--out DIR]
       cargo xtask synth --apis A --endpoints N --out DIR [--seed S] [--openapi]
       cargo xtask bench [--quick]
       cargo xtask diff [BASE] [--base-specs DIR] [--specs DIR] [--format F] [--bump]
       cargo xtask import DOC --name NAME [--out FILE] [--operation ID]... [--tag T]... [--path P]...
       cargo xtask import --recipe specs/import/NAME.yaml [DOC]
       cargo xtask export [--specs DIR] --out DIR
       cargo xtask corpus DIR [--write] [--sample N] [--seed S]

  gen            regenerate the client crates from the YAML specs: one crate per
                 API in generated/<api>/, the convenience crate generated/api-clients/
    --check      write nothing; fail, naming each stale file, if anything is out of date
    --specs DIR  read specs from DIR (default: specs/)
    --out DIR    write the generated crates to DIR (default: generated/)
  synth          write A synthetic specs with N endpoints in total (deterministic per seed)
    --openapi    also write each as an OpenAPI 3.0 document (<api>.openapi.json)
  diff           what the spec changes since BASE (a git revision, default HEAD: the
                 uncommitted edits) do to each API: every change with its Rust and wire
                 verdicts, and the version each API needs; exit 1 when something breaks,
                 2 when the specs cannot be read
    --base-specs DIR  compare with the specs in DIR instead of a git revision
    --specs DIR  the new specs (default: specs/)
    --format F   text (default), markdown (a pull-request comment) or json
    --bump       write the version each API needs into its spec
  import         write an OpenAPI 3.0/3.1 document (JSON or YAML) as specs/NAME.yaml,
                 printing what the format cannot say with its JSON Pointer; exit 1 when
                 operations were left out, 2 when nothing was imported
    --out FILE   write the spec to FILE instead
    --recipe F   take the name, document, selection and reviewed overrides from the
                 recipe F (specs/import/NAME.yaml); a DOC given replaces its document
    --operation ID, --tag T, --path P
                 import only these operations (by operationId, tag, or path with `*`),
                 and exactly the types they reach
  export         write every spec as an OpenAPI 3.1 document, DIR/<api>.openapi.json,
                 with this format's extra semantics as x- extensions
  corpus         import every OpenAPI document under DIR and generate its crate in
                 memory; print what worked, time, peak memory, and each reason for a
                 failure with a document and JSON Pointer; exit 1 on a panic or a
                 generated crate that does not parse
    --write      also put the report into xtask/BENCHMARKS.md
    --sample N   also import a seeded random sample of N documents, `gen` them into
                 one workspace (target/corpus-sample) and `cargo check` it with
                 warnings denied; with `cargo progenitor` installed, progenitor on
                 the same sample beside it; exit 1 when a crate does not compile
    --seed S     the sample's seed (default 1)
  bench          measure generator time and memory, compile cost and client overhead,
                 and update the figures in xtask/BENCHMARKS.md (see that file)
    --quick      fewer runs, no compile or client benchmarks, nothing written";

/// The generator builds and frees millions of small token and syntax-tree
/// nodes; mimalloc does that in about half the time glibc's malloc takes
/// (measured with `perf` on the 10,000-endpoint set: malloc and free were a
/// third of the profile).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen") => gen_cmd(&args[1..]),
        Some("synth") => synth::cmd(&args[1..]),
        Some("diff") => diff::cmd(&args[1..]),
        Some("import") => import::cmd(&args[1..]),
        Some("export") => export::cmd(&args[1..]),
        Some("bench") => bench::cmd(&args[1..]),
        Some("corpus") => corpus::cmd(&args[1..]),
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

/// The repository to work on, found when the command runs: the one whose
/// `xtask` cargo is running (cargo sets `CARGO_MANIFEST_DIR` for `cargo run`),
/// else the nearest one above the current directory. The path compiled into
/// the binary is the last resort only: with a `CARGO_TARGET_DIR` shared by
/// several clones, it can name another clone than the one the command was
/// typed in.
fn workspace_root() -> PathBuf {
    resolve_root(
        std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
        std::env::current_dir().ok(),
    )
    .unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    })
}

/// The root named by cargo's `CARGO_MANIFEST_DIR` (the xtask package being
/// run), else the nearest one above `cwd`.
fn resolve_root(manifest_dir: Option<PathBuf>, cwd: Option<PathBuf>) -> Option<PathBuf> {
    manifest_dir
        .and_then(|xtask| xtask.parent().map(Path::to_path_buf))
        .filter(|root| is_root(root))
        .or_else(|| cwd.and_then(|cwd| find_root(&cwd)))
}

/// A directory holding this project's workspace: `Cargo.toml`, `xtask/` and `specs/`.
fn is_root(dir: &Path) -> bool {
    dir.join("Cargo.toml").is_file()
        && dir.join("xtask/Cargo.toml").is_file()
        && dir.join("specs").is_dir()
}

/// The nearest directory at or above `start` that is the project's root.
fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| is_root(d))
        .map(Path::to_path_buf)
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
                let rendered = report
                    .rendered_apis
                    .filter(|(n, total)| n < total)
                    .map(|(n, total)| {
                        format!(
                            "; {n} of {total} API crates rendered, the other specs are unchanged"
                        )
                    })
                    .unwrap_or_default();
                println!(
                    "{} written, {} removed, {} unchanged{rendered}",
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

#[cfg(test)]
mod root_tests {
    use super::*;

    fn clone_in(tmp: &Path, name: &str) -> PathBuf {
        let clone = tmp.join(name);
        for dir in ["xtask", "specs", "codegen/src"] {
            std::fs::create_dir_all(clone.join(dir)).expect("mkdir");
        }
        std::fs::write(clone.join("Cargo.toml"), "[workspace]\n").expect("write");
        std::fs::write(clone.join("xtask/Cargo.toml"), "[package]\n").expect("write");
        clone
    }

    #[test]
    fn the_clone_being_run_wins_over_any_other() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (a, b) = (clone_in(tmp.path(), "a"), clone_in(tmp.path(), "b"));
        // Cargo says which clone's xtask it runs: that one, wherever the shell is.
        assert_eq!(
            resolve_root(Some(b.join("xtask")), Some(a.clone())),
            Some(b.clone())
        );
        // Without cargo's word, the clone around the current directory.
        assert_eq!(
            resolve_root(None, Some(a.join("codegen/src"))),
            Some(a.clone())
        );
        // A manifest directory that is not a clone of this project is not trusted.
        assert_eq!(
            resolve_root(Some(tmp.path().join("x")), Some(b.clone())),
            Some(b)
        );
        assert_eq!(resolve_root(None, Some(tmp.path().to_path_buf())), None);
    }
}
