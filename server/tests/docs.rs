//! `docs/pitfalls.md` is generated from the rules themselves, so the documentation cannot drift
//! from what the tool does. This test fails when it is out of date;
//! `UPDATE_DOCS=1 cargo test --test docs` rewrites it.

use std::fmt::Write;

use concurrency_tutor::analysis::actions;
use concurrency_tutor::analysis::rules::{Fixability, RULES, Rule};
use concurrency_tutor::analysis::{Language, Severity};
use concurrency_tutor::locale::Locale;

fn fix_of(rule: &Rule) -> &'static str {
    match rule.fix {
        Fixability::None => "—",
        Fixability::Safe => "safe",
        Fixability::Unsafe => "unsafe",
    }
}

fn render() -> String {
    let mut out = String::from(
        "# Pitfalls and conversions\n\nGenerated from the rules in `server/src/analysis/rules/` by `server/tests/docs.rs`; \
         do not edit by hand. Each rule's full text, in English and Russian, is also what the editor shows on hover \
         and what `concurrency-tutor explain CODE` prints.\n\n## Pitfalls\n\n\
         | code | name | severity | fix | ruff or clippy |\n|---|---|---|---|---|\n",
    );
    for rule in RULES {
        let severity = match rule.severity {
            Severity::Warning => "warning",
            Severity::Information => "information",
        };
        let _ = writeln!(out, "| `{}` | {} | {severity} | {} | {} |", rule.code, rule.name, fix_of(rule), rule.peer);
    }
    out.push_str("\nA fix marked *safe* keeps what the program computes; *unsafe* ones change how it runs in a way to review (its *Fix safety* section says how).\n\n## Conversions\n\nOffered as refactor actions wherever the cursor is on the construct, with or without a pitfall.\n\n| language | from | to | safety |\n|---|---|---|---|\n");
    for (language, from, to, safe) in actions::DOCUMENTED {
        let language = match language {
            Language::Python => "Python",
            Language::Rust => "Rust",
        };
        let _ = writeln!(out, "| {language} | {from} | {to} | {} |", if *safe { "safe" } else { "unsafe" });
    }
    for rule in RULES {
        let body: String = rule
            .doc
            .get(Locale::En)
            .lines()
            .map(|line| match line.strip_prefix("## ") {
                Some(heading) => format!("### {heading}\n"),
                None => format!("{line}\n"),
            })
            .collect();
        let _ = write!(out, "\n## `{}` {}\n\n{body}", rule.code, rule.name);
    }
    out
}

#[test]
fn pitfalls_documentation_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/pitfalls.md");
    let expected = render();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(actual == expected, "docs/pitfalls.md is out of date: run `UPDATE_DOCS=1 cargo test --test docs`");
}
