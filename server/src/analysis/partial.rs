//! Parsing only the parts of a file that can have results, for `check` over whole code bases.
//!
//! A file that passes the pre-scan ([`super::prescan`]) usually touches a catalogued API in a
//! few places; the rest of it (most of a large module) cannot produce a section or a finding.
//! Parsing dominated `check`, so the file is cut into top-level chunks from its text alone
//! ([`super::python::regions`]), the chunks holding a literal that made the file pass are the
//! seeds, and only what their results depend on is parsed: the seeds, every chunk whose results
//! may depend on them ([`chunks::dependents`]), and everything those need ([`chunks::context`]).
//! Chunks left out are definitions no seed reaches through any name, so the analysis of the
//! parsed regions reports exactly what the whole file would.
//!
//! Whenever that cannot be relied on, the whole file is parsed: Rust files, a text the chunker
//! is unsure about, regions that would cover nearly everything anyway, and regions that do not
//! parse cleanly (a file with syntax errors is reported as a whole parse reports it).

use std::ops::Range;
use std::sync::Arc;

use super::{Language, SourceFile, chunks, prescan, python};

/// Parsing regions costs a little per region; below this share of the text left out, a whole
/// parse is as fast and leaves nothing to chance.
const WORTH_IT: f64 = 0.9;

/// What `check` analyses: `None` when nothing in `text` can matter ([`prescan::may_matter`]),
/// else the file parsed as [`parse`] does. The pre-scan is done: analyse the file with
/// [`super::analyze_everything`], which then gives what [`super::analyze`] gives.
pub fn parse_if_it_matters(language: Language, text: impl Into<Arc<str>>) -> Option<SourceFile> {
    let text = text.into();
    // Most files hold no literal at all: the automaton alone rules them out.
    if !prescan::triggers(language).may_matter(&text) {
        return None;
    }
    let offsets = prescan::satisfied_offsets(language, &text);
    if offsets.is_empty() {
        return None;
    }
    Some(parse_around(language, text, &offsets, WORTH_IT))
}

/// Parses what the analysis of `text` needs: only some regions when that gives the same
/// results, else the whole text.
pub fn parse(language: Language, text: impl Into<Arc<str>>) -> SourceFile {
    parse_with(language, text.into(), WORTH_IT)
}

/// [`parse`], parsing regions whenever they leave out more than `1 - worth_it` of the text.
pub(crate) fn parse_with(language: Language, text: Arc<str>, worth_it: f64) -> SourceFile {
    let offsets = prescan::satisfied_offsets(language, &text);
    parse_around(language, text, &offsets, worth_it)
}

/// Parses the regions around the literals at `offsets` (see [`prescan::satisfied_offsets`]).
fn parse_around(language: Language, text: Arc<str>, offsets: &[usize], worth_it: f64) -> SourceFile {
    if let Some(regions) = regions_around(language, &text, offsets, worth_it)
        && let Some(file) = SourceFile::try_parse_regions(language, text.clone(), &regions)
        && !file.root().has_error()
    {
        return file;
    }
    SourceFile::parse(language, text)
}

/// The byte ranges to parse, or `None` to parse the whole text.
pub fn regions(language: Language, text: &str) -> Option<Vec<Range<usize>>> {
    regions_with(language, text, WORTH_IT)
}

pub(crate) fn regions_with(language: Language, text: &str, worth_it: f64) -> Option<Vec<Range<usize>>> {
    regions_around(language, text, &prescan::satisfied_offsets(language, text), worth_it)
}

fn regions_around(language: Language, text: &str, offsets: &[usize], worth_it: f64) -> Option<Vec<Range<usize>>> {
    if language != Language::Python {
        return None;
    }
    if offsets.is_empty() {
        // Nothing can matter: the analysis needs the names only, from the whole file.
        return None;
    }
    let chunks = python::regions::chunks(text)?;
    let mut seeds: Vec<usize> = offsets
        .iter()
        .map(|&offset| chunks.partition_point(|chunk| chunk.range.end <= offset))
        .filter(|&index| index < chunks.len())
        .collect();
    seeds.dedup();
    let marked = chunks::context(&chunks, &chunks::dependents(&chunks, &seeds, &[]));
    let regions = chunks::regions(&chunks, &marked);
    let kept: usize = regions.iter().map(|region| region.len()).sum();
    if kept == text.len() || kept as f64 >= worth_it * text.len() as f64 { None } else { Some(regions) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    /// A process pool started at module level gets no fix when definitions follow it, even when
    /// they were left out of the tree.
    #[test]
    fn left_out_definitions_still_count_as_top_level_statements() {
        let text = "import multiprocessing\n\ndef work(x):\n    return x * 2\n\npool = multiprocessing.Pool()\nprint(pool.map(work, range(3)))\n\ndef helper():\n    return 1\n";
        let regions = regions_with(Language::Python, text, 1.0).expect("`helper` is left out");
        assert_eq!(regions, vec![0..text.find("def helper").unwrap()]);
        let whole = analyze(&SourceFile::parse(Language::Python, text));
        let part = analyze(&parse_with(Language::Python, text.into(), 1.0));
        assert_eq!(whole.findings.len(), 1);
        assert!(whole.findings[0].fix.is_none());
        assert_eq!(format!("{:?}", whole.findings), format!("{:?}", part.findings));
    }

    #[test]
    fn files_that_cannot_matter_are_not_parsed() {
        assert!(parse_if_it_matters(Language::Python, "import os\nprint(os.getcwd())\n").is_none());
        assert!(parse_if_it_matters(Language::Python, "# async threading\n'''asyncio'''\n").is_none());
        assert!(parse_if_it_matters(Language::Rust, "fn main() {}\n").is_none());
        let text = "import asyncio\nasync def f():\n    await asyncio.sleep(1)\n";
        let file = parse_if_it_matters(Language::Python, text).expect("async code matters");
        assert_eq!(file.root().to_sexp(), SourceFile::parse(Language::Python, text).root().to_sexp());
    }

    #[test]
    fn only_python_files_with_something_to_find_are_cut() {
        let unrelated = "import os\n\ndef f():\n    return os.getcwd()\n\ndef g():\n    return 1\n";
        assert_eq!(regions_with(Language::Python, unrelated, 1.0), None);
        let rust = "async fn f() {}\nfn g() {}\n";
        assert_eq!(regions_with(Language::Rust, rust, 1.0), None);
        // Unsure text (an unclosed bracket) is parsed whole.
        let open = "import asyncio\nasync def f():\n    await asyncio.sleep(1)\ndef g(:\n    return (1\n";
        assert_eq!(regions_with(Language::Python, open, 1.0), None);
        // Regions covering nearly all of the text are not worth it.
        let most =
            format!("import asyncio\nasync def f():\n{}def g(): pass\n", "    await asyncio.sleep(1)\n".repeat(10));
        assert!(regions_with(Language::Python, &most, 1.0).is_some());
        assert_eq!(regions(Language::Python, &most), None);
    }
}
