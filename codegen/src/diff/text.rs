//! The report as text for a terminal: grouped by API, breaking first, one
//! line per change with both verdicts, and the version each API needs.

use std::fmt::Write as _;

use super::{Report, Weight};

/// The report, readable in a terminal or a CI log.
pub fn text(report: &Report) -> String {
    let mut s = String::new();
    if report.is_empty() {
        s.push_str("no changes to any API\n");
        return s;
    }
    for api in report.apis.iter().filter(|a| !a.changes.is_empty()) {
        let _ = writeln!(s, "{}", api.api);
        let width = api
            .changes
            .iter()
            .map(|c| c.subject.len())
            .max()
            .unwrap_or(0);
        let what_width = api.changes.iter().map(|c| c.what.len()).max().unwrap_or(0);
        for c in &api.changes {
            let rust = if c.rust.breaking { "BREAKING" } else { "ok" };
            let wire = if c.wire.breaking { "breaking" } else { "ok" };
            let _ = writeln!(
                s,
                "  {:width$}  {:what_width$}  Rust: {rust} ({})  wire: {wire} ({})",
                c.subject, c.what, c.rust.why, c.wire.why
            );
        }
        let _ = writeln!(s, "  {}\n", version_line(api));
    }
    let breaking = report.breaking();
    let _ = writeln!(
        s,
        "{}",
        if breaking {
            "result: breaking changes (exit status 1)"
        } else {
            "result: nothing breaking"
        }
    );
    s
}

pub(super) fn version_line(api: &super::ApiReport) -> String {
    let kind = match api.weight() {
        Some(Weight::Breaking) => "a breaking change",
        Some(Weight::Addition) => "additions or changed behaviour",
        Some(Weight::Docs) => "documentation only",
        None => "nothing",
    };
    match (&api.old_version, &api.new_version, api.needed_version()) {
        (None, Some(v), _) => format!("version: new API at {v}"),
        (Some(v), None, _) => format!("version: removed (was {v})"),
        (Some(old), Some(new), Some(needed)) if api.version_is_enough() => {
            format!("version: {old} -> {new}, enough for {kind} (needs at least {needed})")
        }
        (Some(old), Some(new), Some(needed)) => format!(
            "version: {kind} needs {needed} (semver{}); the spec says {new}, was {old}: set `version: {needed}`",
            if old.starts_with("0.") { ", 0.x" } else { "" }
        ),
        _ => "version: unchanged".to_owned(),
    }
}
