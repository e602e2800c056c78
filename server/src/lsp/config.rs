//! User settings, from `initializationOptions` and `workspace/didChangeConfiguration`.
//!
//! Clients send settings either wrapped in the section name (`{"concurrencyTutor": {...}}`,
//! as VS Code does) or bare. Unknown keys and wrong types are reported and ignored: a typo in
//! a settings file must not stop the server.

use std::time::Duration;

use serde_json::Value;

use crate::analysis::Model;
use crate::locale::{Level, Locale};

pub const SECTION: &str = "concurrencyTutor";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `None` follows the editor's locale.
    pub language: Option<Locale>,
    pub level: Level,
    pub inlay_hints: bool,
    pub hint_concurrent: bool,
    pub hint_parallel: bool,
    pub hint_gpu: bool,
    pub hint_distributed: bool,
    pub diagnostics: bool,
    /// Documents longer than this many bytes are tracked but not analysed; 0 means no limit.
    pub max_file_size: usize,
    /// The time one analysis may take before its result is dropped; zero means no limit.
    pub analysis_timeout: Duration,
}

/// Larger files are rare in hand-written code, and analysing them would keep a core busy
/// for seconds on every keystroke.
pub const DEFAULT_MAX_FILE_SIZE: usize = 1 << 20;
pub const DEFAULT_ANALYSIS_TIMEOUT: Duration = Duration::from_secs(5);

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: None,
            level: Level::Beginner,
            inlay_hints: true,
            hint_concurrent: true,
            hint_parallel: true,
            hint_gpu: true,
            hint_distributed: true,
            diagnostics: true,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            analysis_timeout: DEFAULT_ANALYSIS_TIMEOUT,
        }
    }
}

impl Settings {
    /// Reads settings from a client's JSON, starting from the defaults. Returns the settings
    /// and a description of each value that was ignored.
    pub fn from_json(value: &Value) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        let root = value.get(SECTION).unwrap_or(value);
        let Some(object) = root.as_object() else {
            if !root.is_null() {
                problems.push(format!("settings must be an object, not {root}"));
            }
            return (settings, problems);
        };
        for (key, value) in object {
            let applied = match key.as_str() {
                "language" => value.as_str().and_then(|choice| {
                    let language = if choice == "auto" { None } else { Some(Locale::parse_choice(choice)?) };
                    settings.language = language;
                    Some(())
                }),
                "level" => value.as_str().and_then(Level::parse).map(|level| settings.level = level),
                "inlayHints" => settings.read_switches(value, &mut problems, |s, key| match key {
                    "enable" => Some(&mut s.inlay_hints),
                    "concurrent" => Some(&mut s.hint_concurrent),
                    "parallel" => Some(&mut s.hint_parallel),
                    "gpu" => Some(&mut s.hint_gpu),
                    "distributed" => Some(&mut s.hint_distributed),
                    _ => None,
                }),
                "diagnostics" => settings.read_switches(value, &mut problems, |s, key| match key {
                    "enable" => Some(&mut s.diagnostics),
                    _ => None,
                }),
                "maxFileSize" => value.as_u64().map(|bytes| settings.max_file_size = bytes as usize),
                "analysisTimeout" => {
                    value.as_u64().map(|millis| settings.analysis_timeout = Duration::from_millis(millis))
                }
                // Read by editor extensions, not by the server.
                "server" | "trace" => Some(()),
                _ => None,
            };
            if applied.is_none() {
                problems.push(format!("ignored setting `{key}`: {value}"));
            }
        }
        (settings, problems)
    }

    fn read_switches(
        &mut self,
        value: &Value,
        problems: &mut Vec<String>,
        field: impl for<'s> Fn(&'s mut Settings, &str) -> Option<&'s mut bool>,
    ) -> Option<()> {
        for (key, switch) in value.as_object()? {
            match (field(self, key), switch.as_bool()) {
                (Some(slot), Some(on)) => *slot = on,
                _ => problems.push(format!("ignored setting `{key}`: {switch}")),
            }
        }
        Some(())
    }

    /// The analysis limits these settings ask for.
    pub fn limits(&self) -> Limits {
        Limits {
            max_file_size: (self.max_file_size > 0).then_some(self.max_file_size),
            analysis_timeout: (!self.analysis_timeout.is_zero()).then_some(self.analysis_timeout),
        }
    }

    /// Whether hints for `model` are shown.
    pub fn shows_hint(&self, model: Model) -> bool {
        self.inlay_hints
            && match model {
                Model::Sequential => false,
                Model::Concurrent => self.hint_concurrent,
                Model::Parallel => self.hint_parallel,
                Model::Gpu => self.hint_gpu,
                Model::Distributed => self.hint_distributed,
            }
    }
}

/// What the store enforces on each analysis; `None` means unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_file_size: Option<usize>,
    pub analysis_timeout: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Settings::default().limits()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_wrapped_and_bare_settings() {
        let wrapped =
            json!({"concurrencyTutor": {"language": "ru", "level": "expert", "inlayHints": {"parallel": false}}});
        let (settings, problems) = Settings::from_json(&wrapped);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(settings.language, Some(Locale::Ru));
        assert_eq!(settings.level, Level::Expert);
        assert!(!settings.shows_hint(Model::Parallel));
        assert!(settings.shows_hint(Model::Concurrent));

        let (bare, _) = Settings::from_json(&json!({"language": "auto", "diagnostics": {"enable": false}}));
        assert_eq!(bare.language, None);
        assert!(!bare.diagnostics);
    }

    #[test]
    fn reads_limits_and_zero_means_unlimited() {
        assert_eq!(
            Settings::default().limits(),
            Limits { max_file_size: Some(1 << 20), analysis_timeout: Some(Duration::from_secs(5)) }
        );
        let (settings, problems) = Settings::from_json(&json!({"maxFileSize": 10, "analysisTimeout": 250}));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            settings.limits(),
            Limits { max_file_size: Some(10), analysis_timeout: Some(Duration::from_millis(250)) }
        );
        let (unlimited, _) = Settings::from_json(&json!({"maxFileSize": 0, "analysisTimeout": 0}));
        assert_eq!(unlimited.limits(), Limits { max_file_size: None, analysis_timeout: None });
        let (_, problems) = Settings::from_json(&json!({"maxFileSize": "big", "analysisTimeout": -1}));
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn reports_and_ignores_bad_values() {
        let (settings, problems) =
            Settings::from_json(&json!({"level": "guru", "colour": 1, "inlayHints": {"enable": "yes"}}));
        assert_eq!(settings, Settings::default());
        assert_eq!(problems.len(), 3, "{problems:?}");
        let (_, problems) = Settings::from_json(&json!(42));
        assert_eq!(problems.len(), 1);
        assert!(Settings::from_json(&Value::Null).1.is_empty());
    }
}
