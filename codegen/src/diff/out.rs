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
        self.changes.push(Change {
            api: self.api.to_owned(),
            subject: subject.into(),
            what: what.into(),
            rust: Verdict::ok("documentation only"),
            wire: Verdict::ok("documentation only"),
            docs_only: true,
        });
    }
}

/// Whether two optional texts say the same, blanks around them aside.
pub(super) fn same_text(a: &Option<String>, b: &Option<String>) -> bool {
    a.as_deref().map(str::trim) == b.as_deref().map(str::trim)
}
