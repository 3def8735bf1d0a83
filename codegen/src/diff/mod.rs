//! Diff: what a spec change does to each API, on the checked model.
//!
//! Two sets of lowered APIs ([`crate::ir::Api`], after every name is decided)
//! are compared, so reordering keys, reformatting YAML or editing comments
//! changes nothing. Every difference becomes a [`Change`] with two verdicts:
//! whether downstream code that compiled against the old generated crate
//! still compiles (*Rust*), and whether a client built from the old spec still
//! works against a server that follows the new one (*wire*). Items are
//! matched by what each axis sees (Rust names for the one, what travels for
//! the other), so a rename on one axis is a change on that axis only. The
//! rules, each with its reason, are in `rules` (the API's own fields),
//! `servers`, `behaviour` (authentication, retries, idempotency),
//! `endpoints` (endpoints, parameters, headers), `bodies` (request bodies,
//! responses) and `types` (types, fields, enum values), with `shape` judging
//! what travels; the table in the
//! README's "Reviewing a spec change" says the same, and the corpus in
//! `rust-runtime/compat-check` proves each row against the compiler and a
//! loopback server.

mod behaviour;
mod bodies;
mod endpoints;
mod formats;
mod out;
mod pairing;
mod rules;
mod servers;
mod shape;
mod text;
mod types;
mod values;

pub use formats::{json, markdown};
pub use text::text;

use crate::ir::Api;

/// One verdict on one axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the change breaks this axis.
    pub breaking: bool,
    /// Why, in a few words (`new argument of GetRequest::new`).
    pub why: String,
}

impl Verdict {
    pub(crate) fn ok(why: impl Into<String>) -> Verdict {
        Verdict {
            breaking: false,
            why: why.into(),
        }
    }

    pub(crate) fn breaks(why: impl Into<String>) -> Verdict {
        Verdict {
            breaking: true,
            why: why.into(),
        }
    }
}

/// How much a change weighs for the version it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weight {
    /// Documentation only.
    Docs,
    /// Something added or behaving differently, nothing removed from the Rust API.
    Addition,
    /// Downstream code may no longer compile.
    Breaking,
}

/// One difference between the old and the new model of an API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The API's name.
    pub api: String,
    /// What changed: an endpoint, a type, a field, a parameter.
    pub subject: String,
    /// How it changed (`query deleteAll: optional -> required`).
    pub what: String,
    /// Does code that compiled against the old crate still compile?
    pub rust: Verdict,
    /// Does a client built from the old spec still work with the new server?
    pub wire: Verdict,
    /// Whether neither the Rust API nor anything on the wire changes
    /// (documentation, or a name that is never sent): a patch.
    pub docs_only: bool,
}

impl Change {
    /// Its weight for versioning: Rust-breaking is major, any other
    /// non-documentation change (wire-breaking included) minor.
    pub fn weight(&self) -> Weight {
        if self.rust.breaking {
            Weight::Breaking
        } else if self.docs_only {
            Weight::Docs
        } else {
            Weight::Addition
        }
    }

    /// Breaking on either axis.
    pub fn breaking(&self) -> bool {
        self.rust.breaking || self.wire.breaking
    }
}

/// Everything that differs between two sets of APIs, by API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Per API (sorted by name): its versions and its changes, breaking first.
    pub apis: Vec<ApiReport>,
    /// The convenience crate's old and new versions, when the caller knows
    /// them (`specs/api-clients.toml` on both sides).
    pub umbrella: Option<(String, String)>,
}

/// The changes to one API and the version they need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiReport {
    /// The API's name.
    pub api: String,
    /// Its version in the old specs (`None`: the API is new).
    pub old_version: Option<String>,
    /// Its version in the new specs (`None`: the API was removed).
    pub new_version: Option<String>,
    /// What changed, Rust-breaking first, then wire-breaking, then the rest.
    pub changes: Vec<Change>,
}

impl ApiReport {
    /// The heaviest change, if any.
    pub fn weight(&self) -> Option<Weight> {
        self.changes.iter().map(Change::weight).max()
    }

    /// Its versions and the weight of its changes.
    pub fn versions(&self) -> Versions {
        Versions {
            old: self.old_version.clone(),
            new: self.new_version.clone(),
            weight: self.weight(),
        }
    }

    /// The version the new spec needs at least ([`Versions::needed`]).
    pub fn needed_version(&self) -> Option<String> {
        self.versions().needed()
    }

    /// Whether the new spec's version is at least the one needed.
    pub fn version_is_enough(&self) -> bool {
        self.versions().enough()
    }
}

/// A crate's old and new versions, and the heaviest change between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versions {
    /// The old version (`None`: the crate is new).
    pub old: Option<String>,
    /// The new version (`None`: the crate was removed).
    pub new: Option<String>,
    /// The heaviest change (`None`: nothing changed).
    pub weight: Option<Weight>,
}

impl Versions {
    /// The version the new side needs at least, by semver with the 0.x
    /// convention (in 0.y.z a breaking change bumps y, anything else z), or
    /// `None` when nothing changed, the crate is new or removed, or a version
    /// does not parse.
    pub fn needed(&self) -> Option<String> {
        let (major, minor, patch) = parse_version(self.old.as_deref()?)?;
        let next = match (self.weight?, major) {
            (Weight::Breaking, 0) => (0, minor + 1, 0),
            (Weight::Breaking, _) => (major + 1, 0, 0),
            (Weight::Addition, 0) => (0, minor, patch + 1),
            (Weight::Addition, _) => (major, minor + 1, 0),
            (Weight::Docs, _) => (major, minor, patch + 1),
        };
        Some(format!("{}.{}.{}", next.0, next.1, next.2))
    }

    /// Whether the new version is at least the one needed.
    pub fn enough(&self) -> bool {
        match (self.needed(), self.new.as_deref()) {
            (Some(needed), Some(new)) => match (parse_version(&needed), parse_version(new)) {
                (Some(n), Some(v)) => v >= n,
                _ => false,
            },
            _ => true,
        }
    }
}

impl Report {
    /// The convenience crate's versions, when [`Report::umbrella`] was set:
    /// its heaviest change is the heaviest of any API (a removed API is
    /// Rust-breaking, an added one an addition).
    pub fn umbrella_versions(&self) -> Option<Versions> {
        let (old, new) = self.umbrella.clone()?;
        Some(Versions {
            old: Some(old),
            new: Some(new),
            weight: self.apis.iter().filter_map(ApiReport::weight).max(),
        })
    }

    /// Whether any change breaks either axis.
    pub fn breaking(&self) -> bool {
        self.apis
            .iter()
            .flat_map(|a| &a.changes)
            .any(Change::breaking)
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.apis.iter().all(|a| a.changes.is_empty())
    }
}

/// `MAJOR.MINOR.PATCH` of a version, pre-release ignored.
fn parse_version(v: &str) -> Option<(u64, u64, u64)> {
    let core = v.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next()??, parts.next()??))
}

/// Compares the old and the new specs' APIs (each as [`crate::lower_specs`] returns them).
pub fn diff(old: &[Api], new: &[Api]) -> Report {
    let mut names: Vec<&str> = old.iter().chain(new).map(|a| a.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let apis = names
        .into_iter()
        .map(|name| {
            let o = old.iter().find(|a| a.name == name);
            let n = new.iter().find(|a| a.name == name);
            let mut changes = rules::api(name, o, n);
            // Rust-breaking first, then wire-breaking, then the rest; the
            // rules' own order (the model's order) within each group.
            changes.sort_by_key(|c| (!c.rust.breaking, !c.wire.breaking, c.docs_only));
            ApiReport {
                api: name.to_owned(),
                old_version: o.map(|a| a.version.clone()),
                new_version: n.map(|a| a.version.clone()),
                changes,
            }
        })
        .collect();
    Report {
        apis,
        umbrella: None,
    }
}
