//! Substrings the analysis looks for in a file's whole text, outside any tree.
//!
//! A few facts are read from the text as a whole rather than from the chunk that uses them:
//! whether the file already keeps a task registry (the dangling-task fix adds one only when it
//! does not), whether it names `tokio` (a `tokio::` path: fixes that move blocking work to
//! tokio are offered only then), `tonic` or a `futures::` path at all (the fix that joins
//! awaits is offered only with the crate), and the catalogue's `context` and
//! `when` literals, which count anywhere in the file. A kept result may rest on such a fact, so
//! an edit that makes one of these texts appear in the file or vanish from it is analysed
//! whole.

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
    crate::analysis::names::TOKIO_PATH,
    crate::analysis::rust::types::TONIC,
    crate::analysis::rules::rust::sequential_awaits::FUTURES_PATH,
];

/// Whether some probe occurs in one version of the text and not in the other: what the
/// analysis reads of them is only whether the file spells them. `spans` are what the edit
/// replaced and what it put there, `texts` the two whole texts: the spans are counted first,
/// and only a probe whose count changed there is looked for in the whole texts.
pub fn presence_differs(language: Language, spans: (&str, &str), texts: (&str, &str)) -> bool {
    let probes = probes(language);
    let counts = |text: &str| {
        let mut counts = vec![0usize; probes.texts.len()];
        for found in probes.matcher.find_overlapping_iter(text) {
            counts[found.pattern().as_usize()] += 1;
        }
        counts
    };
    let (before, after) = (counts(spans.0), counts(spans.1));
    before.iter().zip(&after).zip(&probes.texts).any(|((before, after), probe)| {
        before != after && texts.0.contains(probe.as_str()) != texts.1.contains(probe.as_str())
    })
}

/// The probe texts, and an automaton finding them all in one pass.
struct Probes {
    matcher: AhoCorasick,
    texts: Vec<String>,
}

fn probes(language: Language) -> &'static Probes {
    static PYTHON: LazyLock<Probes> = LazyLock::new(|| build(Language::Python, PYTHON_PROBES));
    static RUST: LazyLock<Probes> = LazyLock::new(|| build(Language::Rust, RUST_PROBES));
    match language {
        Language::Python => &PYTHON,
        Language::Rust => &RUST,
    }
}

fn build(language: Language, probes: &[&str]) -> Probes {
    // Whole-word literals are compared as identifiers (see `names_a_literal`); the others are
    // matched anywhere, like the probes.
    let anywhere = prescan::triggers(language).literals().iter().filter(|literal| !literal.whole_word);
    let texts: Vec<String> =
        probes.iter().map(|probe| probe.to_string()).chain(anywhere.map(|literal| literal.text.clone())).collect();
    let matcher = AhoCorasick::new(&texts).expect("a few dozen short probes always build an automaton");
    Probes { matcher, texts }
}
