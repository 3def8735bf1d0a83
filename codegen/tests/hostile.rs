//! Specs written to hurt the generator: each is refused with a located error,
//! or generated, within a time and memory budget; never a panic, an abort, a
//! hang or an allocation the size of the input squared.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts the bytes allocated, so each test can bound its peak.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// One test at a time, so the peak is its own.
static SERIAL: Mutex<()> = Mutex::new(());

const MIB: usize = 1 << 20;

/// Generates `spec` within `seconds` and `mib` of peak heap above what was
/// allocated before.
fn generate_within(
    spec: &str,
    seconds: u64,
    mib: usize,
) -> Result<Vec<codegen::OutFile>, codegen::Error> {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let raw = [codegen::RawSpec {
        name: "specs/hostile.yaml".to_owned(),
        bytes: spec.as_bytes().to_vec(),
    }];
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let started = Instant::now();
    let result = codegen::generate(&raw, Path::new("out"));
    let took = started.elapsed();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    assert!(
        took < Duration::from_secs(seconds),
        "took {took:?}, budget {seconds} s"
    );
    assert!(
        peak < mib * MIB,
        "peak heap {} MiB, budget {mib} MiB",
        peak / MIB
    );
    result
}

/// The diagnostics of a refused spec, as the user reads them.
fn refused(result: Result<Vec<codegen::OutFile>, codegen::Error>) -> String {
    match result {
        Err(codegen::Error::Specs(d)) => d.to_string(),
        Err(other) => panic!("not a spec error: {other}"),
        Ok(_) => panic!("accepted"),
    }
}

fn spec(types: &str, endpoint_extra: &str) -> String {
    [
        "name: hostile",
        "title: Hostile",
        "source: test",
        "servers:",
        "  main: https://api.example.com",
        "auth: none",
        "types:",
        &format!("{types}endpoints:"),
        "  ping:",
        "    method: POST",
        "    path: /ping",
        "    summary: Ping.",
        &format!("{endpoint_extra}    responses:"),
        "      204:",
        "",
    ]
    .join("\n")
}

#[test]
fn infinite_and_nan_bounds_are_located_errors() {
    let text = spec(
        "  Body:\n    object:\n      n: { type: f64, minimum: .inf }\n      m: { type: i64, maximum: .nan }\n",
        "    body: Body\n",
    );
    let shown = refused(generate_within(&text, 5, 64));
    assert!(shown.contains("specs/hostile.yaml:10:"), "{shown}");
    assert!(shown.contains("`inf` is not a finite number"), "{shown}");
    assert!(shown.contains("specs/hostile.yaml:11:"), "{shown}");
    assert!(shown.contains("`NaN` is not a finite number"), "{shown}");
}

#[test]
fn a_type_nested_ten_thousand_deep_is_refused_without_recursion() {
    let depth = 10_000;
    let ty = format!("{}string{}", "array<".repeat(depth), ">".repeat(depth));
    let text = spec(
        &format!("  Deep:\n    type: \"{ty}\"\n"),
        "    body: Deep\n",
    );
    let shown = refused(generate_within(&text, 5, 64));
    assert!(shown.contains("more than 32 deep"), "{shown}");
    assert!(shown.contains("specs/hostile.yaml:9:"), "{shown}");
    // Nesting within the limit still generates.
    let ty = format!("{}string{}", "array<".repeat(32), ">".repeat(32));
    let text = spec(
        &format!("  Deep:\n    type: \"{ty}\"\n"),
        "    body: Deep\n",
    );
    generate_within(&text, 10, 256).expect("32 deep generates");
}

#[test]
fn a_huge_min_length_costs_nothing() {
    let text = spec(
        "",
        "    query:\n      q: { type: string, required: true, min_length: 1000000000000 }\n",
    );
    let files = generate_within(&text, 5, 128).expect("generates");
    let lib = files
        .iter()
        .find(|f| f.path.ends_with("hostile/src/lib.rs"))
        .expect("lib.rs");
    assert!(lib.content.len() < 200_000, "{} bytes", lib.content.len());
}

#[test]
fn typo_suggestions_for_huge_names_are_bounded() {
    let long = "A".repeat(12_000);
    let other = "B".repeat(12_000);
    let text = spec(
        &format!("  ? {other}\n  : object:\n      x: i64\n"),
        &format!("    body: {long}\n"),
    );
    let shown = refused(generate_within(&text, 5, 128));
    assert!(shown.contains("unknown type"), "{}", &shown[..200]);
}

#[test]
fn eighty_thousand_enum_values_are_checked_in_linear_time() {
    let mut values: String = (0..80_000).map(|i| format!("      - v{i}\n")).collect();
    values.push_str("      - v7\n");
    let text = spec(
        &format!("  Code:\n    enum:\n{values}"),
        "    query:\n      c: Code\n",
    );
    let shown = refused(generate_within(&text, 20, 1024));
    assert!(shown.contains("the value `v7` is listed twice"), "{shown}");
}

#[test]
fn wide_and_deep_required_fields_keep_mock_examples_small() {
    // Twelve levels of ten required fields each: 10^12 values if expanded.
    let mut types = String::new();
    for level in 0..12 {
        types.push_str(&format!("  L{level}:\n    object:\n"));
        for f in 0..10 {
            let ty = if level == 11 {
                "string".to_owned()
            } else {
                format!("L{}", level + 1)
            };
            types.push_str(&format!("      f{f}: {ty}\n"));
        }
    }
    let text = spec(&types, "    body: L0\n");
    let files = generate_within(&text, 10, 512).expect("generates");
    let lib = files
        .iter()
        .find(|f| f.path.ends_with("hostile/src/lib.rs"))
        .expect("lib.rs");
    assert!(lib.content.len() < 2_000_000, "{} bytes", lib.content.len());
}

#[test]
fn a_cycle_of_five_thousand_types_costs_no_stack_and_linear_time() {
    // Each type holds the next; the last holds the first and a secret. Every
    // walk over the type graph (boxing cycles, secrets, bytes, validation)
    // meets the whole chain. (Quadratic walks took 69 s here; now about 1 s.)
    let n = 5_000;
    let mut types = String::new();
    for i in 0..n {
        types.push_str(&format!(
            "  T{i}:\n    object:\n      label: {{ type: string, min_length: 1 }}\n      next: {{ type: T{}, optional: true }}\n",
            (i + 1) % n
        ));
    }
    types.push_str("  Holder:\n    object:\n      secret: { type: string, sensitive: true }\n      first: { type: T0, optional: true }\n");
    let text = spec(&types, "    body: Holder\n");
    let files = generate_within(&text, 10, 2048).expect("generates");
    let lib = files
        .iter()
        .find(|f| f.path.ends_with("hostile/src/lib.rs"))
        .expect("lib.rs");
    assert!(
        lib.content.contains("pub next: Option<Box<T0>>"),
        "the cycle is boxed"
    );
    assert!(lib.content.contains("sensitive_bodies: true"));
    assert!(lib.content.contains("impl runtime::Validate for T4999"));
}
