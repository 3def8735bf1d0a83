//! What every rule writes with: the collector of one API's changes, and the
//! comparison of optional texts. The leaf of `diff`, below the rules.

use super::{Change, Verdict};

/// Collects the changes of one API.
pub(super) struct Out<'a> {
    api: &'a str,
    changes: Vec<Change>,
}

impl<'a> Out<'a> {
    /// No changes yet, of the API `api`.
    pub(super) fn new(api: &'a str) -> Self {
        Out {
            api,
            changes: Vec::new(),
        }
    }

    /// The changes collected.
    pub(super) fn into_changes(self) -> Vec<Change> {
        self.changes
    }

    pub(super) fn push(
        &mut self,
        subject: impl Into<String>,
        what: impl Into<String>,
        rust: Verdict,
        wire: Verdict,
    ) {
        self.changes.push(Change {
            api: self.api.to_owned(),
            subject: subject.into(),
            what: what.into(),
            rust,
            wire,
            docs_only: false,
        });
    }

    pub(super) fn docs(&mut self, subject: impl Into<String>, what: impl Into<String>) {
        self.patch(subject, what, "documentation only");
    }

    /// A change to the generated code that neither its Rust API nor anything
    /// on the wire sees (documentation, a name that is never sent): a patch.
    pub(super) fn patch(&mut self, subject: impl Into<String>, what: impl Into<String>, why: &str) {
        self.changes.push(Change {
            api: self.api.to_owned(),
            subject: subject.into(),
            what: what.into(),
            rust: Verdict::ok(why),
            wire: Verdict::ok(why),
            docs_only: true,
        });
    }

    /// A change of behaviour that breaks neither axis (a minor release).
    pub(super) fn behaves(
        &mut self,
        subject: impl Into<String>,
        what: impl Into<String>,
        rust: &str,
        wire: &str,
    ) {
        self.push(subject, what, Verdict::ok(rust), Verdict::ok(wire));
    }
}

/// Whether two optional texts say the same, blanks around them aside.
pub(super) fn same_text(a: &Option<String>, b: &Option<String>) -> bool {
    a.as_deref().map(str::trim) == b.as_deref().map(str::trim)
}
