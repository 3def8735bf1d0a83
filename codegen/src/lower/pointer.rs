//! Paths into bodies: JSON Pointers (RFC 6901) plus `*`, which stands for the
//! only key of an object or for each element of an array. They are checked
//! here against the declared body types, so a path that can never match is a
//! located error, not a client that silently shows no message.

use super::Cx;
use crate::ident;
use crate::ir::{self, Prim, TypeKind, TypeRef};
use crate::spec::Sp;

/// A parsed pointer segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Segment {
    /// An object key, or an array index when it is all digits.
    Key(String),
    /// `*`.
    Any,
}

/// Splits a pointer into segments; `Err` says why it is not one.
pub(super) fn parse(pointer: &str) -> Result<Vec<Segment>, String> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(format!(
            "`{pointer}` is not a JSON Pointer: it must start with `/`"
        ));
    };
    rest.split('/')
        .map(|raw| {
            if raw == "*" {
                return Ok(Segment::Any);
            }
            let mut out = String::new();
            let mut chars = raw.chars();
            while let Some(c) = chars.next() {
                match (c, c == '~') {
                    (_, true) => match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => {
                            return Err(format!(
                                "`{pointer}` has a `~` not followed by `0` or `1` (write `~0` for `~` and `~1` for `/`)"
                            ));
                        }
                    },
                    (c, false) => out.push(c),
                }
            }
            Ok(Segment::Key(out))
        })
        .collect()
}

/// Why a pointer cannot reach a string in `ty`, with a suggestion.
pub(super) fn check(
    types: &super::Types,
    ty: &TypeRef,
    segments: &[Segment],
    want: Want,
) -> Result<(), (String, Option<String>)> {
    let mut current = resolve(types, ty);
    for (i, seg) in segments.iter().enumerate() {
        let at = if i == 0 {
            "the body".to_owned()
        } else {
            format!("`{}`", render(&segments[..i]))
        };
        current = match (seg, current) {
            (_, TypeRef::Prim(Prim::Json)) => return Ok(()),
            (Segment::Any | Segment::Key(_), TypeRef::Map(item)) => resolve(types, item),
            (Segment::Any, TypeRef::Array(item)) => resolve(types, item),
            (Segment::Key(k), TypeRef::Array(item)) if k.bytes().all(|b| b.is_ascii_digit()) => {
                resolve(types, item)
            }
            (seg, TypeRef::Named(n)) => {
                match types.kind(n) {
                    Some(TypeKind::Struct(fields)) => match seg {
                        Segment::Any if fields.len() == 1 => resolve(types, &fields[0].ty),
                        Segment::Any => {
                            return Err((
                                format!(
                                    "`*` stands for the only key of an object, but {at} ({n}) has {} fields",
                                    fields.len()
                                ),
                                None,
                            ));
                        }
                        Segment::Key(k) => match fields.iter().find(|f| &f.wire == k) {
                            Some(f) => resolve(types, &f.ty),
                            None => {
                                let names = fields.iter().map(|f| f.wire.as_str());
                                let hint = ident::closest(k, names)
                                    .map(|c| format!("did you mean `{c}`?"));
                                return Err((format!("{at} ({n}) has no field `{k}`"), hint));
                            }
                        },
                    },
                    // Not lowered (an error elsewhere), or a union whose member
                    // is known only at run time: the benefit of the doubt.
                    None | Some(TypeKind::Union { .. }) => return Ok(()),
                    Some(_) => return Err((format!("{at} ({n}) is not an object or array"), None)),
                }
            }
            (_, other) => {
                return Err((
                    format!(
                        "{at} is {}, which has no `{}`",
                        describe(other),
                        render(&segments[i..=i])
                    ),
                    None,
                ));
            }
        };
    }
    let fits = match want {
        Want::Text => match current {
            TypeRef::Prim(Prim::String | Prim::Json) => true,
            TypeRef::Named(n) => types
                .iter()
                .any(|t| &t.rust == n && matches!(t.kind, TypeKind::StringEnum(_))),
            _ => false,
        },
        Want::Number => matches!(
            current,
            TypeRef::Prim(
                Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64 | Prim::F32 | Prim::F64 | Prim::Json
            )
        ),
        Want::Scalar => match current {
            TypeRef::Prim(Prim::Bytes) | TypeRef::Array(_) | TypeRef::Map(_) => false,
            TypeRef::Named(n) => !types
                .iter()
                .any(|t| &t.rust == n && matches!(t.kind, TypeKind::Struct(_))),
            TypeRef::Prim(_) => true,
        },
    };
    if fits {
        Ok(())
    } else {
        Err((
            format!(
                "`{}` is {}, not {}",
                render(segments),
                describe(current),
                match want {
                    Want::Text => "a string",
                    Want::Number => "a number",
                    Want::Scalar => "a single value",
                }
            ),
            None,
        ))
    }
}

/// What a pointer must end at.
#[derive(Clone, Copy)]
pub(super) enum Want {
    /// A message: a string (or string enum).
    Text,
    /// A number of seconds or milliseconds.
    Number,
    /// A value to compare: a string, number, boolean or enum.
    Scalar,
}

fn render(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|s| match s {
            Segment::Any => "/*".to_owned(),
            Segment::Key(k) => format!("/{}", k.replace('~', "~0").replace('/', "~1")),
        })
        .collect()
}

fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Prim(p) => format!(
            "a `{}`",
            Prim::NAMES
                .iter()
                .find(|n| Prim::parse(n) == Some(*p))
                .unwrap_or(&"value")
        ),
        TypeRef::Named(n) => format!("`{n}`"),
        TypeRef::Array(_) => "an array".to_owned(),
        TypeRef::Map(_) => "a map".to_owned(),
    }
}

fn resolve<'a>(types: &'a super::Types, ty: &'a TypeRef) -> &'a TypeRef {
    let mut current = ty;
    for _ in 0..=types.len() {
        let TypeRef::Named(n) = current else { break };
        match types.kind(n) {
            Some(TypeKind::Alias(target)) => current = target,
            _ => break,
        }
    }
    current
}

impl Cx<'_> {
    /// Parses pointers, reporting malformed ones; returns the well-formed.
    pub(super) fn pointers(&mut self, written: &[Sp<String>]) -> Vec<(Sp<String>, Vec<Segment>)> {
        written
            .iter()
            .filter_map(|p| match parse(&p.value) {
                Ok(segments) => Some((p.clone(), segments)),
                Err(why) => {
                    self.err(p.pos, why)
                        .help("write a JSON Pointer such as `/error/message`, `/errors/0/message` or `/*/message`");
                    None
                }
            })
            .collect()
    }

    /// Reports a pointer that cannot reach what is wanted in `ty`.
    pub(super) fn check_pointer(
        &mut self,
        types: &super::Types,
        ty: &TypeRef,
        pointer: &Sp<String>,
        segments: &[Segment],
        want: Want,
        what: &str,
    ) {
        if let Err((why, hint)) = check(types, ty, segments, want) {
            let help = hint.unwrap_or_else(|| {
                "point at a field of the declared body; `*` is the only key of an object or any element of an array".to_owned()
            });
            self.err(
                pointer.pos,
                format!("{what} `{}` does not fit the body: {why}", pointer.value),
            )
            .help(help);
        }
    }

    /// The API-wide message pointers: `error_message`, or `error_message_fields`
    /// as one-segment pointers. Each must fit at least one declared error body.
    pub(super) fn api_error_message(
        &mut self,
        spec: &crate::spec::Spec,
        types: &super::Types,
        endpoints: &[ir::EndpointItem],
    ) -> Vec<String> {
        if let (Some(first), false) = (
            spec.error_message.first(),
            spec.error_message_fields.is_empty(),
        ) {
            self.err(first.pos, "`error_message` and `error_message_fields` are both given")
                .help("keep `error_message` (pointers such as `/message`), which says everything `error_message_fields` did");
        }
        let written: Vec<Sp<String>> = if spec.error_message.is_empty() {
            spec.error_message_fields
                .iter()
                .map(|f| Sp {
                    value: format!("/{}", f.value.replace('~', "~0").replace('/', "~1")),
                    pos: f.pos,
                })
                .collect()
        } else {
            spec.error_message.clone()
        };
        let parsed = self.pointers(&written);
        // Error bodies, and success bodies that can say they failed.
        let bodies: Vec<&TypeRef> = endpoints
            .iter()
            .flat_map(|e| e.responses.iter())
            .filter(|r| r.error || !r.error_when.is_empty())
            .filter(|r| r.media == ir::Media::Json && r.error_message.is_none())
            .filter_map(|r| r.body.as_ref())
            .collect();
        if !bodies.is_empty() {
            for (p, segments) in &parsed {
                let fits_one = bodies
                    .iter()
                    .any(|b| check(types, b, segments, Want::Text).is_ok());
                if !fits_one {
                    let (why, hint) = check(types, bodies[0], segments, Want::Text)
                        .err()
                        .unwrap_or_default();
                    self.err(p.pos, format!("the message path `{}` fits none of the declared error bodies (first: {why})", p.value))
                        .help(hint.unwrap_or_else(|| "point at a string field of an error body, or give the response its own `error_message`".to_owned()));
                }
            }
        }
        parsed.into_iter().map(|(p, _)| p.value).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_parse_with_escapes_and_wildcards() {
        assert_eq!(parse("").unwrap(), vec![]);
        assert_eq!(
            parse("/a~1b/*/0/m~0n").unwrap(),
            vec![
                Segment::Key("a/b".into()),
                Segment::Any,
                Segment::Key("0".into()),
                Segment::Key("m~n".into())
            ]
        );
        assert!(parse("error").unwrap_err().contains("start with `/`"));
        assert!(parse("/a~2").unwrap_err().contains("`~0`"));
    }
}
