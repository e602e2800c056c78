//! The languages the tutor reads, and how documents and files are mapped to them.

use std::path::Path;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    Rust,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Python, Language::Rust];

    /// Maps an LSP `languageId`. Other ids (markdown, toml…) are not ours.
    pub fn from_language_id(id: &str) -> Option<Language> {
        match id {
            "python" => Some(Language::Python),
            "rust" => Some(Language::Rust),
            _ => None,
        }
    }

    /// Maps a file by extension: `.py` and `.pyi` for Python, `.rs` for Rust.
    pub fn from_path(path: &Path) -> Option<Language> {
        match path.extension()?.to_str()? {
            "py" | "pyi" => Some(Language::Python),
            "rs" => Some(Language::Rust),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Rust => "rust",
        }
    }

    pub fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::Rust => tree_sitter_rust::LANGUAGE.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_ids_and_extensions() {
        assert_eq!(Language::from_language_id("python"), Some(Language::Python));
        assert_eq!(Language::from_language_id("rust"), Some(Language::Rust));
        assert_eq!(Language::from_language_id("markdown"), None);
        assert_eq!(Language::from_path(Path::new("a/b.py")), Some(Language::Python));
        assert_eq!(Language::from_path(Path::new("stub.pyi")), Some(Language::Python));
        assert_eq!(Language::from_path(Path::new("main.rs")), Some(Language::Rust));
        assert_eq!(Language::from_path(Path::new("README.md")), None);
        assert_eq!(Language::from_path(Path::new("Makefile")), None);
    }
}
