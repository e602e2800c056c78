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
///
/// A subtree cannot be deeper than it has nodes, and the tree keeps each node's count, so a
/// subtree too small to pass the limit is never entered: on real code the walk visits a few
/// nodes per top-level item instead of every node, and the deepest depth it returns is still
/// exact, since only subtrees that cannot pass the limit are left out.
pub fn too_deep(file: &SourceFile) -> Option<usize> {
    let mut cursor = file.tree().walk();
    let (mut depth, mut deepest) = (0usize, 0usize);
    loop {
        // `descendant_count` counts the node itself, so a subtree spans at most that many levels.
        let could_pass = depth + cursor.node().descendant_count() > MAX_DEPTH + 1;
        if could_pass && cursor.goto_first_child() {
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

    /// Skipping small subtrees must not hide a deep one, wherever it sits among them, and the
    /// depth reported is the one a full walk finds.
    #[test]
    fn small_subtrees_are_skipped_without_missing_a_deep_one() {
        let full_walk = |file: &SourceFile| {
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
                        return deepest;
                    }
                    depth -= 1;
                }
            }
        };
        let shallow = "def f(a):\n    return [a, (a, {a: a})]\n\n".repeat(200);
        for nesting in [MAX_DEPTH / 3, MAX_DEPTH / 2, MAX_DEPTH - 5, MAX_DEPTH] {
            let deep = format!("x = {}1{}\n", "(".repeat(nesting), ")".repeat(nesting));
            for text in [format!("{deep}{shallow}"), format!("{shallow}{deep}{shallow}"), format!("{shallow}{deep}")] {
                let file = SourceFile::parse(Language::Python, text);
                let expected = full_walk(&file);
                assert_eq!(too_deep(&file), (expected > MAX_DEPTH).then_some(expected), "nesting {nesting}");
            }
        }
    }
}
