//! The import recipe beside an imported spec (`specs/import/NAME.yaml`):
//! which document, which operations, and the reviewed overrides, so that
//! re-importing the vendor's next release is one command that keeps every
//! edit.

use serde::Deserialize;

use super::{ImportError, Selection};

/// A recipe, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    /// The document imported when the command line names none, relative to
    /// the recipe.
    #[serde(default)]
    pub document: Option<String>,
    /// How the spec names its source (`api.github.com.json of @octokit/openapi`).
    #[serde(default)]
    pub source: Option<String>,
    /// Which operations; none selects every one.
    #[serde(default)]
    pub select: Select,
    /// A merge patch over the imported spec (see `overrides`).
    #[serde(default)]
    pub overrides: Option<serde_json::Value>,
}

/// The operations a recipe selects.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Select {
    #[serde(default)]
    pub operations: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub paths: Vec<String>,
}

impl Recipe {
    /// Reads a recipe; a mistake is an error naming its line.
    pub fn parse(text: &str) -> Result<Recipe, ImportError> {
        serde_saphyr::from_str(text).map_err(|e| ImportError::Recipe(e.to_string()))
    }

    /// The operations it selects.
    pub fn selection(&self) -> Selection {
        Selection {
            operations: self.select.operations.clone(),
            tags: self.select.tags.clone(),
            paths: self.select.paths.clone(),
        }
    }
}
