//! `bench-stages`: the generator's stages timed in-process.

use super::*;

/// Median milliseconds of each stage over the runs, plus sizes.
#[derive(Debug, Default, Clone)]
pub(super) struct Stages {
    pub(super) apis: usize,
    pub(super) endpoints: usize,
    pub(super) types: usize,
    pub(super) out_bytes: usize,
    pub(super) read_ms: f64,
    pub(super) parse_ms: f64,
    pub(super) lower_ms: f64,
    pub(super) emit_ms: f64,
    pub(super) syn_ms: f64,
    pub(super) pretty_ms: f64,
    pub(super) drop_ms: f64,
    pub(super) render_ms: f64,
    pub(super) plan_ms: f64,
}

impl Stages {
    /// Everything `codegen::generate` does, from the stage timings.
    pub(super) fn total_ms(&self) -> f64 {
        self.parse_ms + self.lower_ms + self.emit_ms + self.render_ms
    }
    /// `render::rust_file` minus what syn and prettyplease take (parsing,
    /// printing, freeing the syntax tree): the header and the blank-line pass.
    pub(super) fn render_rest_ms(&self) -> f64 {
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

pub(super) fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}

pub(super) fn stages(dir: &Path, runs: usize) -> Result<Stages, String> {
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
        // The items emitted as formatted text (the typed mocks) need no
        // formatting: their emission is all they cost.
        let text: usize = apis.iter().map(|a| emit::api_text(a).len()).sum();
        s.emit_ms = ms(t);
        s.out_bytes += text;

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
