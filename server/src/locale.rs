//! User-facing languages and explanation levels.
//!
//! Every text the tutor shows exists in English and Russian; [`Locale`] picks one. Locale tags
//! come from LSP `initialize` (`ru-RU`), from the environment (`ru_RU.UTF-8`) or from a setting.

use serde::Serialize;

/// The language explanations are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    Ru,
}

impl Locale {
    /// Reads a BCP 47 tag (`ru`, `ru-RU`) or a POSIX locale (`ru_RU.UTF-8`). Anything that is
    /// not Russian falls back to English, the language every text is written in first.
    pub fn from_tag(tag: &str) -> Locale {
        let primary = tag.split(['-', '_', '.', '@']).next().unwrap_or_default().to_ascii_lowercase();
        if primary == "ru" { Locale::Ru } else { Locale::En }
    }

    /// The locale of the terminal, from the variables POSIX programs consult, in their order.
    pub fn from_environment() -> Locale {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .map_or(Locale::En, |value| Locale::from_tag(&value))
    }

    /// Parses an explicit choice: `en` or `ru`; `auto` and unknown values give `None`.
    pub fn parse_choice(choice: &str) -> Option<Locale> {
        match choice.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Some(Locale::En),
            "ru" | "russian" => Some(Locale::Ru),
            _ => None,
        }
    }
}

/// How much an explanation says: analogies for learners, or the bare facts for experts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Level {
    #[default]
    Beginner,
    Expert,
}

impl Level {
    pub fn parse(value: &str) -> Option<Level> {
        match value.trim().to_ascii_lowercase().as_str() {
            "beginner" => Some(Level::Beginner),
            "expert" => Some(Level::Expert),
            _ => None,
        }
    }
}

/// A text in both languages, for strings compiled into the binary.
#[derive(Debug, Clone, Copy)]
pub struct Bilingual {
    pub en: &'static str,
    pub ru: &'static str,
}

impl Bilingual {
    pub const fn new(en: &'static str, ru: &'static str) -> Self {
        Bilingual { en, ru }
    }

    pub fn get(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.en,
            Locale::Ru => self.ru,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_from_every_source_format() {
        assert_eq!(Locale::from_tag("ru"), Locale::Ru);
        assert_eq!(Locale::from_tag("ru-RU"), Locale::Ru);
        assert_eq!(Locale::from_tag("ru_RU.UTF-8"), Locale::Ru);
        assert_eq!(Locale::from_tag("RU"), Locale::Ru);
        assert_eq!(Locale::from_tag("en-US"), Locale::En);
        assert_eq!(Locale::from_tag("de"), Locale::En);
        assert_eq!(Locale::from_tag(""), Locale::En);
        assert_eq!(Locale::from_tag("rust"), Locale::En);
    }

    #[test]
    fn explicit_choice_accepts_only_known_values() {
        assert_eq!(Locale::parse_choice("ru"), Some(Locale::Ru));
        assert_eq!(Locale::parse_choice(" EN "), Some(Locale::En));
        assert_eq!(Locale::parse_choice("auto"), None);
        assert_eq!(Level::parse("Expert"), Some(Level::Expert));
        assert_eq!(Level::parse("guru"), None);
    }
}
