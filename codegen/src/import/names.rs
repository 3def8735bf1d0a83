//! The names an import gives: type names unique among themselves and the
//! names the generator derives (request, response and error types of each
//! endpoint, the client, server and credential types), endpoint keys unique
//! and `snake_case`. Each is derived by `crate::ident`, as the generator
//! derives its own, so the spec says what the generator will make of it.

use std::collections::BTreeSet;

use crate::ident;

/// Names taken so far.
#[derive(Debug, Default)]
pub struct Names {
    types: BTreeSet<String>,
    endpoints: BTreeSet<String>,
}

impl Names {
    /// Names for an API whose type prefix is `prefix`.
    pub fn new(prefix: &str) -> Self {
        let mut n = Names::default();
        for reserved in ident::RESERVED_TYPE_NAMES {
            n.types.insert((*reserved).to_owned());
        }
        n.types.insert(ident::UNKNOWN_VARIANT.to_owned());
        n.types.insert(ident::client_type(prefix));
        n.types.insert(ident::server_type(prefix));
        n.types.insert(ident::credential_type(prefix));
        n
    }

    /// An `UpperCamelCase` part of a name made from `wire` (`Field` when
    /// `wire` has no letters or digits).
    pub fn camel_part(&self, wire: &str) -> String {
        ident::upper_camel(wire)
            .ok()
            .filter(|s| !s.starts_with("r#"))
            .unwrap_or_else(|| "Field".to_owned())
    }

    /// A type name from `base`, made unique with a number.
    pub fn type_name(&mut self, base: &str) -> String {
        let stem = ident::upper_camel(base)
            .ok()
            .filter(|s| !s.starts_with("r#") && !s.ends_with('_'))
            .unwrap_or_else(|| "Type".to_owned());
        let mut name = stem.clone();
        let mut n = 2;
        while !self.types.insert(name.clone()) {
            name = format!("{stem}{n}");
            n += 1;
        }
        name
    }

    /// An endpoint key from `base` (an `operationId`, or the method and
    /// path), `snake_case` and unique, with the names of its request,
    /// response and error types taken.
    pub fn endpoint(&mut self, base: &str) -> String {
        let stem = ident::snake(base)
            .ok()
            .filter(|s| !s.starts_with("r#") && !s.ends_with('_') && !s.starts_with('_'))
            .unwrap_or_else(|| "operation".to_owned());
        let mut key = stem.clone();
        let mut n = 2;
        loop {
            let camel = ident::upper_camel(&key).unwrap_or_default();
            let derived = [
                ident::request_type(&camel),
                ident::response_type(&camel),
                ident::error_type(&camel),
            ];
            if !self.endpoints.contains(&key) && derived.iter().all(|d| !self.types.contains(d)) {
                self.endpoints.insert(key.clone());
                self.types.extend(derived);
                return key;
            }
            key = format!("{stem}_{n}");
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_leave_the_generators_own_alone() {
        let mut n = Names::new("Pets");
        assert_eq!(n.type_name("Pet"), "Pet");
        assert_eq!(n.type_name("pet"), "Pet2");
        assert_eq!(n.type_name("String"), "String2");
        assert_eq!(n.type_name("PetsClient"), "PetsClient2");
        assert_eq!(n.type_name("$"), "Type");
        assert_eq!(n.endpoint("getPet"), "get_pet");
        assert_eq!(n.type_name("GetPetRequest"), "GetPetRequest2");
        assert_eq!(n.endpoint("get-pet"), "get_pet_2");
        assert_eq!(n.endpoint("type"), "operation");
    }
}
