//! Constraints (`pattern`, lengths, range) and constants on fields and
//! parameters: checked to fit the type they constrain, the pattern compiled
//! once here so a broken one is a spec error, not a runtime surprise.

use super::Cx;
use crate::ir::{self, Prim, TypeKind, TypeRef};
use crate::spec::{Pos, Sp};

/// The constraint keys as written, for one field or parameter.
pub(super) struct Written<'a> {
    pub(super) pattern: &'a Option<Sp<String>>,
    pub(super) min_length: &'a Option<Sp<u64>>,
    pub(super) max_length: &'a Option<Sp<u64>>,
    pub(super) minimum: &'a Option<Sp<f64>>,
    pub(super) maximum: &'a Option<Sp<f64>>,
}

/// What a constrained value is, once aliases are followed.
enum Shape {
    Text,
    Number,
    List,
    Other,
}

fn shape(types: &super::Types, ty: &TypeRef) -> Shape {
    let mut current = ty;
    for _ in 0..=types.len() {
        match current {
            TypeRef::Prim(Prim::String) => return Shape::Text,
            TypeRef::Prim(
                Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64 | Prim::F32 | Prim::F64,
            ) => {
                return Shape::Number;
            }
            TypeRef::Array(_) => return Shape::List,
            TypeRef::Named(n) => match types.kind(n) {
                Some(TypeKind::Alias(target)) => current = target,
                _ => return Shape::Other,
            },
            _ => return Shape::Other,
        }
    }
    Shape::Other
}

impl Cx<'_> {
    /// Lowers constraints, reporting those that cannot apply to `ty`.
    pub(super) fn constraints(
        &mut self,
        types: &super::Types,
        ty: &TypeRef,
        w: &Written<'_>,
        what: &str,
    ) -> ir::Constraints {
        let shape = shape(types, ty);
        let mut out = ir::Constraints {
            measure: match shape {
                Shape::List => ir::Measure::Items,
                Shape::Number => ir::Measure::Number,
                Shape::Text | Shape::Other => ir::Measure::Chars,
            },
            ..Default::default()
        };
        if let Some(p) = w.pattern {
            if !matches!(shape, Shape::Text) {
                self.err(
                    p.pos,
                    format!("`pattern` applies to strings, but {what} is not one"),
                )
                .help("remove `pattern`, or make the type `string`");
            } else if let Err(e) = regex::Regex::new(&p.value) {
                let why = e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or_default()
                    .trim()
                    .to_owned();
                self.err(p.pos, format!("`{}` is not a regular expression: {why}", p.value))
                    .help("write the pattern in the syntax of the `regex` crate (close to JavaScript's); as in JSON Schema it may match anywhere in the value, so anchor it with `^...$` to constrain the whole value");
            } else {
                out.pattern = Some(p.value.clone());
            }
        }
        for (v, slot) in [
            (w.min_length, &mut out.min_length),
            (w.max_length, &mut out.max_length),
        ] {
            if let Some(v) = v {
                if matches!(shape, Shape::Text | Shape::List) {
                    *slot = Some(v.value);
                } else {
                    self.err(
                        v.pos,
                        format!("lengths apply to strings and arrays, but {what} is neither"),
                    )
                    .help("use `minimum` / `maximum` for numbers");
                }
            }
        }
        for (v, slot) in [(w.minimum, &mut out.minimum), (w.maximum, &mut out.maximum)] {
            if let Some(v) = v {
                if !v.value.is_finite() {
                    self.err(
                        v.pos,
                        format!("`{}` is not a finite number", v.value),
                    )
                    .help("write a number such as `0` or `2.5`, or leave the bound out: infinity and NaN bound nothing");
                } else if matches!(shape, Shape::Number) {
                    *slot = Some(v.value);
                } else {
                    self.err(
                        v.pos,
                        format!("`minimum` and `maximum` apply to numbers, but {what} is not one"),
                    )
                    .help("use `min_length` / `max_length` for strings and arrays");
                }
            }
        }
        self.check_order(
            out.min_length.map(|v| v as f64),
            out.max_length.map(|v| v as f64),
            w.max_length.as_ref().map(|v| v.pos),
        );
        self.check_order(out.minimum, out.maximum, w.maximum.as_ref().map(|v| v.pos));
        out
    }

    fn check_order(&mut self, low: Option<f64>, high: Option<f64>, pos: Option<Pos>) {
        if let (Some(low), Some(high), Some(pos)) = (low, high, pos)
            && low > high
        {
            self.err(
                pos,
                format!("the upper limit {high} is below the lower limit {low}"),
            )
            .help("swap them, or fix the one that is wrong");
        }
    }

    /// A constant must be a scalar of the field's type, and the field required.
    pub(super) fn constant(
        &mut self,
        types: &super::Types,
        ty: &TypeRef,
        value: &Sp<serde_json::Value>,
        optional: bool,
        what: &str,
    ) -> Option<serde_json::Value> {
        let fits = match (&value.value, shape(types, ty)) {
            (serde_json::Value::String(_), Shape::Text) => true,
            (serde_json::Value::Number(_), Shape::Number) => true,
            (serde_json::Value::Bool(_), _) => matches!(ty, TypeRef::Prim(Prim::Bool)),
            _ => false,
        };
        if !fits {
            self.err(
                value.pos,
                format!("the constant of {what} does not have its type"),
            )
            .help("a constant is a string, number or boolean of the field's own type");
            return None;
        }
        if optional {
            self.err(
                value.pos,
                format!("{what} has a constant, so it is always present; it cannot be optional"),
            )
            .help("remove `optional`");
            return None;
        }
        Some(value.value.clone())
    }

    /// Marks every struct that carries constraints, directly or through the
    /// structs its fields hold (inside arrays, maps and aliases too), so it
    /// gets a `runtime::Validate` impl; and every alias of such a type, whose
    /// values are checked through the runtime's impls for `Vec`, maps, `Box`
    /// and `Option`. A walk back from the constrained structs, linear in the
    /// size of the types whatever their depth.
    pub(super) fn mark_validated(types: &mut super::Types) {
        let marked = super::reach::holders(
            types,
            |t| match &t.kind {
                TypeKind::Struct(fields) => fields.iter().any(|f| !f.constraints.is_empty()),
                _ => false,
            },
            false,
        );
        for (t, m) in types.items_mut().zip(marked) {
            t.validated = m;
        }
    }
}
