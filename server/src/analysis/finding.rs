//! Findings: pitfalls the rules report, with their fixes.

use std::ops::Range;

use serde::Serialize;

use super::rules::Rule;
use super::{Model, TextEdit};
use crate::locale::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, not wrong: code that could overlap work but does not.
    Information,
    /// Code that behaves differently from what its author most likely meant.
    Warning,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    /// The code the finding is about (the call, the guard, the loop).
    pub range: Range<usize>,
    /// Source text quoted in the message, usually the callee as written.
    pub subject: String,
    /// The model the code runs under, from the enclosing section.
    pub model: Model,
    pub fix: Option<Fix>,
}

/// Edits that resolve a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub edits: Vec<TextEdit>,
    /// Safe fixes keep what the program computes; editors may apply them without review.
    pub safe: bool,
}

impl Finding {
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    pub fn severity(&self) -> Severity {
        self.rule.severity
    }

    pub fn message(&self, locale: Locale) -> String {
        self.rule.message.get(locale).replace("{subject}", &self.subject)
    }

    pub fn fix_title(&self, locale: Locale) -> String {
        self.rule.fix_title.get(locale).replace("{subject}", &self.subject)
    }
}
