//! Servers and authentication of an API.

use super::{Cx, Names};
use crate::ident::{self};
use crate::ir::{self};
use crate::spec::{self};

impl Cx<'_> {
    pub(super) fn servers(&mut self, s: &spec::Spec) -> Vec<ir::Server> {
        let mut out = Vec::new();
        let mut names = Names::default();
        for (key, server) in s.servers.iter() {
            let full = server.full(server.pos);
            let variant = match &full.rust_name {
                Some(o) => self.override_name(o),
                None => self.derive(&key.value, key.pos, "server name", ident::upper_camel),
            };
            if let Err((p, what)) =
                names.claim(&variant, key.pos, format!("server `{}`", key.value))
            {
                self.err(
                    key.pos,
                    format!(
                        "server `{}` is named `{variant}` in Rust, like {what} (line {})",
                        key.value, p.line
                    ),
                )
                .help("rename one of them or give it a `rust_name`");
            }
            let url = full.url.value.trim().to_owned();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                self.err(
                    full.url.pos,
                    format!("the server URL `{url}` is not an http(s) URL"),
                )
                .help("write the base URL with its scheme, e.g. `https://api.example.com/v1`");
            } else if url.contains(['?', '#', ' ']) {
                self.err(
                    full.url.pos,
                    format!("the server URL `{url}` has a query, fragment or space"),
                )
                .help("a base URL is a scheme, host and optional base path only");
            }
            out.push(ir::Server {
                wire: key.value.clone(),
                variant,
                url,
                description: full.description.clone(),
                default: full.default,
            });
        }
        match (out.len(), out.iter().filter(|s| s.default).count()) {
            (0, _) => {
                self.err(s.name.pos, "the API has no servers")
                    .help("add `servers:` with at least one `name: https://...` entry");
            }
            (1, _) => out[0].default = true,
            (_, 1) => {}
            (_, n) => {
                let pos = s
                    .servers
                    .iter()
                    .next()
                    .map(|(k, _)| k.pos)
                    .unwrap_or_default();
                self.err(
                    pos,
                    format!("{n} servers are marked `default: true`; exactly one must be"),
                )
                .help("mark the server clients use unless told otherwise with `default: true`");
            }
        }
        out.sort_by(|a, b| a.variant.cmp(&b.variant));
        out
    }
}
