//! Substrings the analysis looks for in a file's whole text, outside any tree.
//!
//! A few facts are read from the text as a whole rather than from the chunk that uses them:
//! whether the file already keeps a task registry (the dangling-task fix adds one only when it
//! does not), whether it names `tokio`, `tonic` or a `futures::` path at all (the fix that
//! joins awaits is offered only with the crate), and the catalogue's `context` and
//! `when` literals, which count anywhere in the file. A kept result may rest on such a fact, so
//! an edit that changes how often one of these texts occurs is analysed whole.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::analysis::{Language, prescan};

/// Texts rules search the whole file for, beyond the pre-scan's literals.
const PYTHON_PROBES: &[&str] = &[
    crate::analysis::rules::python::dangling_task::REGISTRY_STATEMENT,
    crate::analysis::python::sections::DASK_CLIENT,
];
const RUST_PROBES: &[&str] = &[
    crate::analysis::rust::sections::TOKIO,
    crate::analysis::rust::types::TONIC,
    crate::analysis::rules::rust::sequential_awaits::FUTURES_PATH,
];

/// Whether some probe occurs a different number of times in `before` and `after`.
pub fn counts_differ(language: Language, before: &str, after: &str) -> bool {
    let matcher = matcher(language);
    let counts = |text: &str| {
        let mut counts = vec![0usize; matcher.patterns_len()];
        for found in matcher.find_overlapping_iter(text) {
            counts[found.pattern().as_usize()] += 1;
        }
        counts
    };
    counts(before) != counts(after)
}

fn matcher(language: Language) -> &'static AhoCorasick {
    static PYTHON: LazyLock<AhoCorasick> = LazyLock::new(|| build(Language::Python, PYTHON_PROBES));
    static RUST: LazyLock<AhoCorasick> = LazyLock::new(|| build(Language::Rust, RUST_PROBES));
    match language {
        Language::Python => &PYTHON,
        Language::Rust => &RUST,
    }
}

fn build(language: Language, probes: &[&str]) -> AhoCorasick {
    // Whole-word literals are compared as identifiers (see `names_a_literal`); the others are
    // matched anywhere, so their count is what matters.
    let anywhere = prescan::triggers(language).literals().iter().filter(|literal| !literal.whole_word);
    let texts: Vec<&str> = probes.iter().copied().chain(anywhere.map(|literal| literal.text.as_str())).collect();
    AhoCorasick::new(texts).expect("a few dozen short probes always build an automaton")
}
