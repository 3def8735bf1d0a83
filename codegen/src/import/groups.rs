//! Groups for a large document: each operation's first tag (or, without
//! one, the first segment of its path), one cargo feature each, so that a
//! crate compiles only the parts it calls. A small API stays one part.

use serde_json::Value;

use super::ops::Op;

/// From how many imported operations a document is split into groups.
pub(crate) const GROUPS_FROM: usize = 100;

/// The group of each operation, or `None` for a document under
/// [`GROUPS_FROM`] operations or with fewer than two groups. A document
/// this project exported says each operation's group (`x-group`) and keeps
/// it, whatever its size.
pub(crate) fn of(ops: &[Op<'_>]) -> Option<Vec<String>> {
    let exported = |op: &Op<'_>| {
        op.op
            .get("x-group")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    if ops.iter().any(|op| exported(op).is_some()) {
        return Some(
            ops.iter()
                .map(|op| exported(op).unwrap_or_default())
                .collect(),
        );
    }
    if ops.len() < GROUPS_FROM {
        return None;
    }
    let groups: Vec<String> = ops.iter().map(group).collect();
    let distinct: std::collections::BTreeSet<&String> = groups.iter().collect();
    (distinct.len() >= 2).then_some(groups)
}

/// The operation's first tag, else its path's first segment, as a feature
/// name: `snake_case`, starting with a letter, and not one of the crate's
/// own features.
fn group(op: &Op<'_>) -> String {
    let tag = op
        .op
        .get("tags")
        .and_then(Value::as_array)
        .and_then(|t| t.first())
        .and_then(Value::as_str);
    let segment = op
        .path
        .split('/')
        .find(|s| !s.is_empty() && !s.starts_with('{'));
    let name = [tag, segment]
        .into_iter()
        .flatten()
        .find_map(feature)
        .unwrap_or_else(|| "other".to_owned());
    match crate::ident::RESERVED_FEATURES.contains(&name.as_str()) {
        true => format!("{name}_group"),
        false => name,
    }
}

/// `text` as a feature name: ASCII letters and digits, words joined by `_`,
/// lower case, starting with a letter; `None` when nothing is left.
fn feature(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        // A word that is a keyword is no raw identifier here (`r#type`).
        .map(|w| match crate::ident::snake(w) {
            Ok(s) => crate::ident::unraw(&s).to_owned(),
            Err(_) => w.to_ascii_lowercase(),
        })
        .collect();
    let name = words.join("_");
    let name = name.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_');
    (!name.is_empty()).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::feature;

    #[test]
    fn tags_become_feature_names() {
        assert_eq!(feature("users.user").as_deref(), Some("users_user"));
        assert_eq!(feature("Git Data").as_deref(), Some("git_data"));
        assert_eq!(
            feature("drives.driveItem").as_deref(),
            Some("drives_drive_item")
        );
        assert_eq!(feature("3d-models").as_deref(), Some("d_models"));
        assert_eq!(feature("Ünïcode").as_deref(), Some("n_code"));
        assert_eq!(feature("---"), None);
        assert_eq!(
            feature("Association type").as_deref(),
            Some("association_type")
        );
        assert_eq!(feature("self").as_deref(), Some("self_"));
    }
}
