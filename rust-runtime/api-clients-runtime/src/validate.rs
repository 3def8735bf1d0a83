//! Constraints the spec puts on inputs (length, range, pattern), checked before
//! a request is sent. A failed check names the input and the rule, never the
//! value, which may be a secret.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use regex::Regex;

/// Implemented by generated types whose fields carry constraints.
pub trait Validate {
    /// Reports the first field that breaks its constraints.
    fn validate(&self, v: &mut Validator<'_>);
}

/// A boxed value (a recursive type's field) is checked as the value.
impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, v: &mut Validator<'_>) {
        (**self).validate(v);
    }
}

/// An unset value has nothing to check.
impl<T: Validate> Validate for Option<T> {
    fn validate(&self, v: &mut Validator<'_>) {
        if let Some(value) = self {
            value.validate(v);
        }
    }
}

/// Each item is checked, named by its index (`items.3.name`).
impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, v: &mut Validator<'_>) {
        for (i, item) in self.iter().enumerate() {
            v.nested(&i.to_string(), item);
        }
    }
}

/// Each value is checked, named by its key (`labels.env`).
impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate(&self, v: &mut Validator<'_>) {
        for (key, value) in self {
            v.nested(key, value);
        }
    }
}

/// Collects the first broken constraint, with the path of the input.
pub struct Validator<'a> {
    path: String,
    problem: &'a mut Option<String>,
}

impl<'a> Validator<'a> {
    pub(crate) fn new(path: &str, problem: &'a mut Option<String>) -> Self {
        Validator {
            path: path.to_owned(),
            problem,
        }
    }

    fn name(&self, field: &str) -> String {
        if self.path.is_empty() {
            field.to_owned()
        } else {
            format!("{}.{field}", self.path)
        }
    }

    fn refuse(&mut self, field: &str, rule: String) {
        if self.problem.is_none() {
            *self.problem = Some(format!("`{}` {rule}", self.name(field)));
        }
    }

    /// A length in characters (strings) or items (arrays).
    pub fn length(&mut self, field: &str, len: usize, min: Option<u64>, max: Option<u64>) {
        let len = len as u64;
        if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
            let rule = match (min, max) {
                (Some(a), Some(b)) => format!("must have a length from {a} to {b}"),
                (Some(a), None) => format!("must have a length of at least {a}"),
                (_, Some(b)) => format!("must have a length of at most {b}"),
                (None, None) => return,
            };
            self.refuse(field, format!("{rule} (it has {len})"));
        }
    }

    /// A number between `min` and `max`.
    pub fn range(&mut self, field: &str, value: f64, min: Option<f64>, max: Option<f64>) {
        if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) {
            let rule = match (min, max) {
                (Some(a), Some(b)) => format!("must be from {a} to {b}"),
                (Some(a), None) => format!("must be at least {a}"),
                (_, Some(b)) => format!("must be at most {b}"),
                (None, None) => return,
            };
            self.refuse(field, rule);
        }
    }

    /// A string matching `pattern` (compiled once per pattern).
    pub fn pattern(&mut self, field: &str, value: &str, pattern: &'static str) {
        if !matches_pattern(pattern, value) {
            self.refuse(field, format!("does not match `{pattern}`"));
        }
    }

    /// A field whose own fields carry constraints.
    pub fn nested<T: Validate + ?Sized>(&mut self, field: &str, value: &T) {
        let mut inner = Validator {
            path: self.name(field),
            problem: self.problem,
        };
        value.validate(&mut inner);
    }
}

fn matches_pattern(pattern: &'static str, value: &str) -> bool {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<Regex>>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // The generator compiled every pattern already; one that does not compile
    // here cannot be checked, and is not held against the caller.
    cache
        .entry(pattern)
        .or_insert_with(|| Regex::new(pattern).ok())
        .as_ref()
        .is_none_or(|re| re.is_match(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Inner {
        code: String,
    }
    impl Validate for Inner {
        fn validate(&self, v: &mut Validator<'_>) {
            v.pattern("code", &self.code, "^[0-9]{6}$");
        }
    }

    fn check(f: impl FnOnce(&mut Validator<'_>)) -> Option<String> {
        let mut problem = None;
        f(&mut Validator::new("body", &mut problem));
        problem
    }

    #[test]
    fn the_first_broken_rule_is_named_without_the_value() {
        assert_eq!(
            check(|v| v.length("token", 0, Some(1), Some(64))),
            Some("`body.token` must have a length from 1 to 64 (it has 0)".into())
        );
        assert_eq!(check(|v| v.length("token", 5, Some(1), Some(64))), None);
        assert_eq!(
            check(|v| v.range("limit", 101.0, None, Some(100.0))),
            Some("`body.limit` must be at most 100".into())
        );
        let secret = "tok-SECRET";
        let found = check(|v| {
            v.pattern("token", secret, "^[a-z]+$");
            v.range("limit", -1.0, Some(0.0), None);
        })
        .unwrap();
        assert_eq!(found, "`body.token` does not match `^[a-z]+$`");
        assert!(!found.contains(secret));
        let nested = check(|v| {
            v.nested(
                "mfa",
                &Inner {
                    code: "12a456".into(),
                },
            )
        });
        assert_eq!(
            nested,
            Some("`body.mfa.code` does not match `^[0-9]{6}$`".into())
        );
        assert_eq!(
            check(|v| v.nested(
                "mfa",
                &Inner {
                    code: "123456".into()
                }
            )),
            None
        );
    }
}
