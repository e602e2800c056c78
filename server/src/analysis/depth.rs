//! A limit on syntax-tree depth, checked before analysis.
//!
//! Parts of the analysis walk the tree recursively, one stack frame (or two) per level. Real
//! code nests a few dozen levels; a generated or adversarial file can nest thousands of
//! brackets, and recursing that deep would overflow the thread's stack, which aborts the whole
//! process. Files deeper than [`MAX_DEPTH`] are therefore not analysed at all.

use super::SourceFile;

/// Far beyond hand-written code, and well within what the analysis threads' stacks hold.
pub const MAX_DEPTH: usize = 1000;

/// The depth of the deepest node when it is over [`MAX_DEPTH`]. Walks with a cursor, so the
/// check itself never recurses.
pub fn too_deep(file: &SourceFile) -> Option<usize> {
    let mut cursor = file.tree().walk();
    let (mut depth, mut deepest) = (0usize, 0usize);
    loop {
        if cursor.goto_first_child() {
            depth += 1;
            deepest = deepest.max(depth);
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return (deepest > MAX_DEPTH).then_some(deepest);
            }
            depth -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Language;

    #[test]
    fn measures_nesting_without_recursing() {
        let nested = |n: usize| format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n));
        assert_eq!(too_deep(&SourceFile::parse(Language::Python, nested(10))), None);
        assert_eq!(too_deep(&SourceFile::parse(Language::Python, "")), None);
        let deep = too_deep(&SourceFile::parse(Language::Python, nested(100_000))).unwrap();
        assert!(deep > 100_000, "{deep}");
        let rust = format!("fn f() {{ let x = {}1{}; }}\n", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(too_deep(&SourceFile::parse(Language::Rust, rust)).is_some());
    }
}
