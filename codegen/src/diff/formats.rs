//! The report as Markdown (a pull-request comment) and as JSON (for tools).

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{ApiReport, Report, Weight};

fn weight_name(w: Option<Weight>) -> &'static str {
    match w {
        Some(Weight::Breaking) => "breaking",
        Some(Weight::Addition) => "addition",
        Some(Weight::Docs) => "docs",
        None => "none",
    }
}

/// The report as a Markdown comment: a table per API, breaking first.
pub fn markdown(report: &Report) -> String {
    let mut s = String::from("## Spec changes\n\n");
    if report.is_empty() {
        s.push_str("No changes to any API.\n");
        return s;
    }
    for api in report.apis.iter().filter(|a| !a.changes.is_empty()) {
        let _ = writeln!(s, "### `{}`\n", api.api);
        s.push_str("| | what | change | Rust | wire |\n|---|---|---|---|---|\n");
        for c in &api.changes {
            let mark = if c.breaking() { "⚠️" } else { "" };
            let verdict = |breaking: bool, why: &str| {
                if breaking {
                    format!("**breaking**: {why}")
                } else {
                    format!("ok: {why}")
                }
            };
            let _ = writeln!(
                s,
                "| {mark} | `{}` | {} | {} | {} |",
                c.subject,
                c.what.replace('|', "\\|"),
                verdict(c.rust.breaking, &c.rust.why),
                verdict(c.wire.breaking, &c.wire.why)
            );
        }
        let _ = writeln!(s, "\n{}\n", super::text::version_line(api));
    }
    if let Some(line) = super::text::umbrella_line(report) {
        let _ = writeln!(s, "### `{}`\n\n{line}\n", crate::ident::UMBRELLA_CRATE);
    }
    s.push_str(if report.breaking() {
        "**Result: breaking changes.**\n"
    } else {
        "Result: nothing breaking.\n"
    });
    s
}

fn api_json(api: &ApiReport) -> Value {
    json!({
        "api": api.api,
        "old_version": api.old_version,
        "new_version": api.new_version,
        "weight": weight_name(api.weight()),
        "needed_version": api.needed_version(),
        "version_is_enough": api.version_is_enough(),
        "changes": api.changes.iter().map(|c| json!({
            "subject": c.subject,
            "what": c.what,
            "rust": { "breaking": c.rust.breaking, "why": c.rust.why },
            "wire": { "breaking": c.wire.breaking, "why": c.wire.why },
            "docs_only": c.docs_only,
        })).collect::<Vec<_>>(),
    })
}

/// The report as pretty JSON: `{ "breaking": bool, "apis": [...] }`.
pub fn json(report: &Report) -> String {
    let umbrella = report.umbrella_versions().map(|v| {
        json!({
            "crate": crate::ident::UMBRELLA_CRATE,
            "old_version": v.old,
            "new_version": v.new,
            "weight": weight_name(v.weight),
            "needed_version": v.needed(),
            "version_is_enough": v.enough(),
        })
    });
    let v = json!({
        "breaking": report.breaking(),
        "umbrella": umbrella,
        "apis": report
            .apis
            .iter()
            .filter(|a| !a.changes.is_empty())
            .map(api_json)
            .collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&v).unwrap_or_default();
    text.push('\n');
    text
}
