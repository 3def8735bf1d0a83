//! The rules for one API: what changed at its top level, then its servers,
//! authentication, retries, endpoints and types, each in its own module.
//! Every field of the model is compared somewhere, so an edit that changes
//! the generated code is never reported as no change; the model's structs
//! are destructured without `..` where they are compared, so a field added
//! to the model does not compile until a rule covers it.

use super::out::{Out, same_text};
use super::{Change, Verdict, behaviour, endpoints, servers, types};
use crate::ir::Api;

pub(super) fn api(name: &str, old: Option<&Api>, new: Option<&Api>) -> Vec<Change> {
    let mut out = Out::new(name);
    match (old, new) {
        (None, Some(_)) => out.push(
            "API",
            "added",
            Verdict::ok("a new crate"),
            Verdict::ok("no client used it before"),
        ),
        (Some(_), None) => out.push(
            "API",
            "removed",
            Verdict::breaks("its crate is no longer generated"),
            Verdict::ok("deployed clients keep working until the server changes"),
        ),
        (Some(o), Some(n)) => {
            top_level(&mut out, o, n);
            servers::servers(&mut out, o, n);
            behaviour::auth(&mut out, o, n);
            behaviour::retry(&mut out, o, n);
            endpoints::endpoints(&mut out, o, n);
            types::types(&mut out, o, n);
        }
        (None, None) => {}
    }
    out.into_changes()
}

/// The API's own fields.
fn top_level(out: &mut Out<'_>, o: &Api, n: &Api) {
    let Api {
        // Where each side was read from (`HEAD:specs/x.yaml`, a directory):
        // the API is the same one, named by its file's stem.
        spec_file: _,
        // The same API: these follow from its name.
        name: _,
        crate_name: _,
        // Follow from its `rust_name`, compared below.
        client: _,
        server_enum: _,
        credential_enum: _,
        // Reported as the version line, not as a change.
        version: _,
        title: _,
        description: _,
        source: _,
        error_message: _,
        // Compared by their own rules.
        servers: _,
        auth: _,
        retry: _,
        types: _,
        endpoints: _,
        // Judged endpoint by endpoint (its `group`).
        groups: _,
    } = o;
    if o.title != n.title || !same_text(&o.description, &n.description) || o.source != n.source {
        out.docs("API", "title, description or source");
    }
    for (what, a, b) in [
        ("client", &o.client, &n.client),
        ("server enum", &o.server_enum, &n.server_enum),
        ("credential enum", &o.credential_enum, &n.credential_enum),
    ] {
        if a != b {
            out.push(
                "API",
                format!("{what} {a} -> {b}"),
                Verdict::breaks(format!("{a} is renamed")),
                Verdict::ok("names of types are not sent"),
            );
        }
    }
    if o.error_message != n.error_message {
        out.behaves(
            "API",
            format!(
                "error message from [{}] -> [{}]",
                o.error_message.join(", "),
                n.error_message.join(", ")
            ),
            "same types",
            "old clients show the raw body where the old pointers find nothing",
        );
    }
}
