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
    if let Some(line) = umbrella_line(report) {
        let _ = writeln!(s, "{}\n  {line}\n", crate::ident::UMBRELLA_CRATE);
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
    versions_line(&api.versions(), "the spec says", |v| {
        format!("set `version: {v}`")
    })
}

/// The convenience crate's version line, when the report knows its versions.
pub(super) fn umbrella_line(report: &Report) -> Option<String> {
    let v = report.umbrella_versions()?;
    v.weight?;
    Some(versions_line(&v, "the file says", |needed| {
        format!(
            "set `version = \"{needed}\"` in specs/{}",
            crate::ident::UMBRELLA_VERSION_FILE
        )
    }))
}

fn versions_line(v: &super::Versions, says: &str, fix: impl Fn(&str) -> String) -> String {
    let kind = match v.weight {
        Some(Weight::Breaking) => "a breaking change",
        Some(Weight::Addition) => "additions or changed behaviour",
        Some(Weight::Docs) => "documentation only",
        None => "nothing",
    };
    match (&v.old, &v.new, v.needed()) {
        (None, Some(v), _) => format!("version: new API at {v}"),
        (Some(v), None, _) => format!("version: removed (was {v})"),
        (Some(old), Some(new), Some(needed)) if v.enough() => {
            format!("version: {old} -> {new}, enough for {kind} (needs at least {needed})")
        }
        (Some(old), Some(new), Some(needed)) => format!(
            "version: {kind} needs {needed} (semver{}); {says} {new}, was {old}: {}",
            if old.starts_with("0.") { ", 0.x" } else { "" },
            fix(&needed)
        ),
        _ => "version: unchanged".to_owned(),
    }
}
