//! Unions (`one_of`): members told apart by a tag field, or tried in order.

use super::{ApiCx, Cx, Names};
use crate::ident;
use crate::ir::{self, TypeKind, TypeRef};
use crate::spec::{self, Sp};

impl Cx<'_> {
    pub(super) fn union(
        &mut self,
        cx: &mut ApiCx,
        one_of: &Sp<spec::OneOf>,
        tag: Option<&Sp<String>>,
        rust: &str,
        origin: &str,
    ) -> Option<TypeKind> {
        let mut names = Names::default();
        let _ = names.claim(
            ident::UNKNOWN_VARIANT,
            spec::Pos::default(),
            "the variant that keeps unlisted members".to_owned(),
        );
        let mut members = Vec::new();
        match (&one_of.value, tag) {
            (spec::OneOf::Map(map), Some(tag)) => {
                if tag.value.is_empty() {
                    self.err(tag.pos, "the tag field name is empty")
                        .help("e.g. `tag: type` or `tag: .tag`");
                }
                for (value, schema) in map.iter() {
                    let variant =
                        self.derive(&value.value, value.pos, "tag value", ident::upper_camel);
                    let ty = match schema {
                        None => None,
                        Some(s) => {
                            let ty = self.schema_ref(
                                cx,
                                s,
                                rust,
                                &variant,
                                &format!("{origin}.one_of.{}", value.value),
                            )?;
                            if !self.is_object(cx, &ty) {
                                self.err(s.pos, format!("the member `{}` of a tagged union must be an object, which carries the `{}` field", value.value, tag.value))
                                    .help("declare an object type, or leave the value empty for a tag alone");
                            }
                            Some(ty)
                        }
                    };
                    self.member(
                        &mut names,
                        &mut members,
                        variant,
                        Some(value.value.clone()),
                        ty,
                        value.pos,
                    );
                }
            }
            (spec::OneOf::List(list), None) => {
                for (i, schema) in list.iter().enumerate() {
                    let ty = self.schema_ref(
                        cx,
                        schema,
                        rust,
                        &format!("Variant{i}"),
                        &format!("{origin}.one_of.{i}"),
                    )?;
                    let variant = member_name(&ty, i);
                    self.member(
                        &mut names,
                        &mut members,
                        variant,
                        None,
                        Some(ty),
                        schema.pos,
                    );
                }
            }
            (spec::OneOf::Map(_), None) => {
                self.err(one_of.pos, "a `one_of` mapping names members by tag value, but no `tag` says which field holds it")
                    .help("add `tag: <field>` (e.g. `tag: type`), or write `one_of` as a list for a union told apart by shape");
                return None;
            }
            (spec::OneOf::List(_), Some(t)) => {
                self.err(t.pos, "a tagged union lists its members by tag value")
                    .help("write `one_of` as a mapping: `{ file: FileMetadata, folder: FolderMetadata }`");
                return None;
            }
        }
        if members.is_empty() {
            self.err(one_of.pos, format!("the union `{origin}` has no members"))
                .help("list at least one member");
            return None;
        }
        Some(TypeKind::Union {
            tag: tag.map(|t| t.value.clone()),
            members,
        })
    }

    fn member(
        &mut self,
        names: &mut Names,
        members: &mut Vec<ir::Member>,
        rust: String,
        tag_value: Option<String>,
        ty: Option<TypeRef>,
        pos: spec::Pos,
    ) {
        if let Err((_, prev)) = names.claim(&rust, pos, format!("member `{rust}`")) {
            self.err(pos, format!("this member would be the variant `{rust}`, like {prev}"))
                .help("members of one union need distinct names: give an inline member a `rust_name`, or name the type");
            return;
        }
        members.push(ir::Member {
            rust,
            tag_value,
            ty,
        });
    }

    fn is_object(&self, cx: &ApiCx, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(n) => match cx.types.kind(n) {
                Some(TypeKind::Struct(_)) | None => true,
                Some(TypeKind::Alias(inner)) => self.is_object(cx, inner),
                _ => false,
            },
            TypeRef::Prim(crate::ir::Prim::Json) => true,
            _ => false,
        }
    }
}

/// An untagged member's variant: its type's name, or a name from its shape.
fn member_name(ty: &TypeRef, index: usize) -> String {
    match ty {
        TypeRef::Named(n) => ident::unraw(n).to_owned(),
        TypeRef::Prim(p) => crate::ir::Prim::NAMES
            .iter()
            .find(|n| crate::ir::Prim::parse(n) == Some(*p))
            .and_then(|n| ident::upper_camel(n).ok())
            .unwrap_or_else(|| format!("Variant{index}")),
        TypeRef::Array(inner) => format!("ListOf{}", member_name(inner, index)),
        TypeRef::Map(inner) => format!("MapOf{}", member_name(inner, index)),
    }
}
