//! Pitfall rules, one per file, each documented in fixed sections (What it does / Why it
//! matters / Example / Use instead / Fix safety) in a Markdown file beside it. The same text
//! is the rule's rustdoc, its hover explanation and its entry in the docs.

pub mod python;
pub mod rust;

use super::names::Names;
use super::{Finding, Language, Section, Severity, SourceFile};
use crate::locale::{Bilingual, Locale};

/// A rule's identity, texts and check.
#[derive(Debug)]
pub struct Rule {
    /// Stable code: `CTP` for Python rules, `CTR` for Rust, then a number.
    pub code: &'static str,
    /// Kebab-case name for people.
    pub name: &'static str,
    /// The closest rule in ruff or clippy, and whether it fixes anything.
    pub peer: &'static str,
    pub language: Language,
    pub severity: Severity,
    /// Whether findings come with a fix, and how far it can be trusted (details in the doc's
    /// *Fix safety* section; a fix is still withheld where it cannot be applied correctly).
    pub fix: Fixability,
    /// The diagnostic message; `{subject}` is replaced with the code it is about.
    pub message: Bilingual,
    /// The title of the quick fix.
    pub fix_title: Bilingual,
    /// The full documentation, in Markdown with the fixed sections.
    pub doc: Bilingual,
    /// What a file must have for the rule to report anything; the pre-scan
    /// ([`super::prescan`]) skips files that have none of it. Any one item suffices.
    pub needs: &'static [Needs],
    pub check: fn(&Context<'_>, &mut Vec<Finding>),
}

/// Something a rule cannot report without.
#[derive(Debug, Clone, Copy)]
pub enum Needs {
    /// It reports only inside `async def`, `async fn`, async blocks or async closures.
    AsyncCode,
    /// It reports only on uses of catalogue entries for which this holds.
    Entry(fn(&crate::catalogue::ApiEntry) -> bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixability {
    None,
    Safe,
    Unsafe,
}

/// What a rule may consult.
pub struct Context<'a> {
    pub file: &'a SourceFile,
    pub names: &'a Names,
    pub sections: &'a [Section],
    pub calls: &'a [super::calls::Call<'a>],
    /// The functions the file defines, by name.
    pub functions: &'a super::functions::Functions<'a>,
    /// Every match of the language's queries.
    pub matched: &'a super::queries::Matched<'a>,
}

impl Context<'_> {
    /// A finding of `rule` on `range`, placed in the model of the code around it.
    pub fn finding(
        &self,
        rule: &'static Rule,
        range: std::ops::Range<usize>,
        subject: String,
        fix: Option<super::Fix>,
    ) -> Finding {
        let model = super::section::model_at(self.sections, &range);
        Finding { rule, range, subject, model, fix }
    }
}

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &python::blocking_sleep::RULE,
    &python::blocking_call::RULE,
    &python::never_awaited::RULE,
    &python::awaitable_dropped::RULE,
    &python::dangling_task::RULE,
    &python::sequential_awaits::RULE,
    &python::cpu_bound_threads::RULE,
    &python::missing_main_guard::RULE,
    &python::run_in_running_loop::RULE,
    &rust::blocking_sleep::RULE,
    &rust::blocking_call::RULE,
    &rust::rayon_in_async::RULE,
    &rust::long_loop::RULE,
    &rust::future_dropped::RULE,
    &rust::guard_across_await::RULE,
    &rust::sequential_awaits::RULE,
    &rust::runtime_in_async::RULE,
];

pub fn by_code(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|rule| rule.code.eq_ignore_ascii_case(code))
}

pub fn check<'a>(
    file: &'a SourceFile,
    names: &'a Names,
    sections: &'a [Section],
    calls: &'a [super::calls::Call<'a>],
    functions: &'a super::functions::Functions<'a>,
    matched: &'a super::queries::Matched<'a>,
) -> Vec<Finding> {
    let context = Context { file, names, sections, calls, functions, matched };
    let mut findings = Vec::new();
    for rule in RULES.iter().filter(|rule| rule.language == file.language()) {
        (rule.check)(&context, &mut findings);
    }
    findings
}

/// Awaited operations whose order is the point: feeding a stream or queue, writing, running
/// statements in a transaction, taking turns on a lock.
pub(crate) const ORDERED_OPERATIONS: &[&str] = &[
    "send",
    "send_all",
    "sendall",
    "put",
    "write",
    "write_all",
    "writelines",
    "drain",
    "flush",
    "execute",
    "executemany",
    "commit",
    "acquire",
    "wait",
    "join",
    "recv",
    "receive",
    "lock",
];

/// Whether the call takes the loop variable: each iteration then works on its own item.
pub(crate) fn uses_loop_variable(
    file: &crate::analysis::SourceFile,
    call: tree_sitter::Node<'_>,
    target: tree_sitter::Node<'_>,
) -> bool {
    let Some(arguments) = call.child_by_field_name("arguments") else { return false };
    let mut loop_names = Vec::new();
    let mut stack = vec![target];
    while let Some(node) = stack.pop() {
        if node.kind() == "identifier" {
            loop_names.push(file.node_text(node));
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    let mut stack = vec![arguments];
    while let Some(node) = stack.pop() {
        if node.kind() == "identifier" && loop_names.contains(&file.node_text(node)) {
            return true;
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    false
}

/// The method or function name a call ends in: `fetch` for `self.client.fetch(..)`.
pub(crate) fn called_name<'a>(file: &'a crate::analysis::SourceFile, call: tree_sitter::Node<'_>) -> &'a str {
    let Some(function) = call.child_by_field_name("function") else { return "" };
    let last = match function.kind() {
        "attribute" => function.child_by_field_name("attribute"),
        "field_expression" => function.child_by_field_name("field"),
        "scoped_identifier" => function.child_by_field_name("name"),
        _ => Some(function),
    };
    last.map_or("", |node| file.node_text(node))
}

/// The section headings every rule document has, in order.
pub const DOC_SECTIONS: Bilingual = Bilingual::new(
    "What it does|Why it matters|Example|Use instead|Fix safety",
    "Что делает|Почему это важно|Пример|Как правильно|Безопасность исправления",
);

impl Rule {
    /// The body of one section of the rule's document (0 = What it does … 4 = Fix safety).
    pub fn doc_section(&self, locale: Locale, index: usize) -> Option<&'static str> {
        let heading = DOC_SECTIONS.get(locale).split('|').nth(index)?;
        let doc = self.doc.get(locale);
        let start = doc.find(&format!("## {heading}\n"))? + heading.len() + 4;
        let rest = &doc[start..];
        Some(rest[..rest.find("\n## ").unwrap_or(rest.len())].trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = RULES.iter().map(|rule| rule.code).collect();
        for rule in RULES {
            let prefix = match rule.language {
                Language::Python => "CTP",
                Language::Rust => "CTR",
            };
            assert!(
                rule.code.starts_with(prefix) && rule.code[3..].chars().all(|c| c.is_ascii_digit()),
                "{}",
                rule.code
            );
        }
        let listed = codes.clone();
        codes.sort();
        assert_eq!(listed, codes, "RULES is listed in code order");
        codes.dedup();
        assert_eq!(codes.len(), RULES.len());
    }

    #[test]
    fn every_rule_doc_has_the_fixed_sections_in_both_languages() {
        for rule in RULES {
            for locale in [Locale::En, Locale::Ru] {
                let headings: Vec<&str> =
                    rule.doc.get(locale).lines().filter_map(|line| line.strip_prefix("## ")).collect();
                let expected: Vec<&str> = DOC_SECTIONS.get(locale).split('|').collect();
                assert_eq!(headings, expected, "{} ({locale:?})", rule.code);
                for index in 0..expected.len() {
                    assert!(!rule.doc_section(locale, index).unwrap().is_empty(), "{} section {index}", rule.code);
                }
                assert!(rule.message.get(locale).contains("{subject}"), "{}", rule.code);
            }
        }
    }
}
