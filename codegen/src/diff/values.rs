//! Rules shared by parameters and fields: their limits and whether they are
//! secrets. The caller says how a verdict on a sent value applies to it (a
//! parameter is always sent; a field by the directions its type travels).

use super::Verdict;
use super::out::Out;
use super::shape::{no_tighter, show_limits};
use crate::ir::Constraints;

/// Limits are checked when a request is sent: tighter ones on a sent value
/// break the wire. `by_direction` turns the verdict on a sent value into
/// the value's own.
pub(super) fn limits(
    out: &mut Out<'_>,
    subject: &str,
    label: &str,
    (a, b): (&Constraints, &Constraints),
    by_direction: impl FnOnce(Verdict) -> Verdict,
) {
    if a == b {
        return;
    }
    let sent = if no_tighter(a, b) {
        Verdict::ok("every value old clients send still passes")
    } else {
        Verdict::breaks("old clients may send values the new limits refuse")
    };
    out.push(
        subject,
        format!("{label}: limits {} -> {}", show_limits(a), show_limits(b)),
        Verdict::ok("limits are checked when a request is sent"),
        by_direction(sent),
    );
}

/// A value marked a secret, or no longer: what `Debug` and errors show.
pub(super) fn sensitivity(out: &mut Out<'_>, subject: &str, label: &str, (a, b): (bool, bool)) {
    if a != b {
        out.behaves(
            subject,
            format!("{label}: sensitive {a} -> {b}"),
            "same types",
            "what Debug and error messages show changes, not what is sent",
        );
    }
}
