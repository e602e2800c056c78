//! A limit on syntax-tree depth, checked before analysis.
//!
//! Parts of the analysis walk the tree recursively, one stack frame (or two) per level. Real
//! code nests a few dozen levels; a generated or adversarial file can nest thousands of
//! brackets, and recursing that deep would overflow the thread's stack, which aborts the whole
//! process. Files deeper than [`MAX_DEPTH`] are therefore not analysed at all.

use std::ops::Range;

use tree_sitter::{Node, TreeCursor};

use super::SourceFile;
use super::incremental::Change;

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
    check(file, None).err()
}

/// What a check learnt of each top-level node of a tree that passed it: its place, kind and
/// size, and a bound on how deep it reaches. The next version's check takes the top-level
/// nodes an edit left alone from here instead of walking them again: in a 50,000-line file the
/// walk takes milliseconds, and an edit changes one top-level node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach(Vec<TopLevel>);

/// How far past the nodes an edit touched the next check walks before it reads the rest from
/// the last one, when none of those nodes is found unchanged: an edit that reshapes more of
/// the top level than this (an unclosed string, a deleted brace) is checked by a full walk.
const SYNC_WINDOW: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
struct TopLevel {
    range: Range<usize>,
    kind: u16,
    descendants: usize,
    /// No node of the subtree is deeper (the root's children are at depth 1).
    deepest: usize,
}

impl Reach {
    /// The same facts for `file`, made from this version's by an edit that kept every node's
    /// shape (typing inside a comment, [`super::incremental::edited_without_parsing`]): the
    /// top-level nodes outside the change moved by it, the ones it touched read again from
    /// the new tree (the one holding the comment grew or shrank).
    pub fn moved(&self, change: &Change, file: &SourceFile) -> Reach {
        // A node ending where the comment grows may hold it.
        let before = self.0.partition_point(|node| node.range.end < change.old.start);
        let after = self.0.partition_point(|node| node.range.start <= change.old.end).max(before);
        let mut nodes = self.0[..before].to_vec();
        let touched_start = nodes.last().map_or(0, |node| node.range.end);
        let untouched_after = self.0.get(after).and_then(|node| change.map(node.range.start)).unwrap_or(usize::MAX);
        let mut cursor = file.tree().walk();
        if cursor.goto_first_child_for_byte(touched_start).is_some() {
            loop {
                let node = cursor.node();
                if node.start_byte() >= untouched_after {
                    break;
                }
                nodes.push(top_level(node, deepest_under(&mut cursor, 1)));
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        let moved = self.0[after..]
            .iter()
            .filter_map(|node| Some(TopLevel { range: change.map_range(&node.range)?, ..node.clone() }));
        nodes.extend(moved);
        Reach(nodes)
    }

    /// Whether the top-level nodes of `newer`, a later version, outside `window` (in its
    /// offsets) are those of this version: at the same place (moved by `delta`, the change of
    /// length, after the window), of the same kind and size, with none across an edge of the
    /// window. Where the text is the same, they are then the same subtrees.
    pub fn same_outside(&self, newer: &Reach, window: &Range<usize>, delta: isize) -> bool {
        let Some(old_end) = window.end.checked_add_signed(-delta) else { return false };
        let (Some((old_before, old_after)), Some((new_before, new_after))) =
            (outside(&self.0, window.start..old_end), outside(&newer.0, window.clone()))
        else {
            return false;
        };
        let same = |old: &TopLevel, new: &TopLevel, shift: isize| {
            (old.kind, old.descendants) == (new.kind, new.descendants)
                && old.range.start.checked_add_signed(shift) == Some(new.range.start)
                && old.range.end.checked_add_signed(shift) == Some(new.range.end)
        };
        old_before.len() == new_before.len()
            && old_after.len() == new_after.len()
            && old_before.iter().zip(new_before).all(|(old, new)| same(old, new, 0))
            && old_after.iter().zip(new_after).all(|(old, new)| same(old, new, delta))
    }

    /// The bound learnt for a top-level node of the new tree (its place, kind and size), when
    /// `change` (from the text this was learnt on) left all of it alone and the node is the
    /// one seen then: of the same text, place, kind and size, it is the same subtree. The
    /// nodes are asked in order, so the search goes on from where the last one ended (`from`).
    fn of(&self, node: &TopLevel, change: &Change, from: &mut usize) -> Option<usize> {
        let range = &node.range;
        let old = if range.end <= change.new.start {
            range.clone()
        } else if range.start >= change.new.end {
            range.start.checked_add_signed(-change.delta)?..range.end.checked_add_signed(-change.delta)?
        } else {
            return None;
        };
        while self.0.get(*from).is_some_and(|known| known.range.start < old.start) {
            *from += 1;
        }
        let known = self.0.get(*from)?;
        (known.range == old && known.kind == node.kind && known.descendants == node.descendants)
            .then_some(known.deepest)
    }
}

/// [`too_deep`] as an error, or, when the tree passes, what the next version's check can
/// reuse; `previous` is what the check of an earlier version learnt, with the change from its
/// text to this one.
pub fn check(file: &SourceFile, previous: Option<(&Reach, &Change)>) -> Result<Reach, usize> {
    if let Some(checked) = previous.and_then(|(reach, change)| check_around(file, reach, change)) {
        return checked;
    }
    let mut cursor = file.tree().walk();
    let mut reach = Vec::with_capacity(previous.map_or(0, |(reach, _)| reach.0.len() + 1));
    let (mut deepest, mut from) = (0, 0);
    if cursor.goto_first_child() {
        loop {
            let mut node = top_level(cursor.node(), 0);
            let known = previous.and_then(|(reach, change)| reach.of(&node, change, &mut from));
            node.deepest = known.unwrap_or_else(|| deepest_under(&mut cursor, 1));
            deepest = deepest.max(node.deepest);
            reach.push(node);
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    if deepest > MAX_DEPTH { Err(deepest) } else { Ok(Reach(reach)) }
}

/// [`check`] after an edit, walking only the new tree's top-level nodes around it: from the
/// last node before the change (whose reduction may have read the edited text as its
/// lookahead) to the first node past the change that is the one seen before at its moved
/// place, of the same kind and size. Before that walk the text is the same, and so are its
/// nodes; after it, the parser went on from the same top-level state over the same text. The
/// root's counts of children and descendants, which tree-sitter keeps, must then agree with
/// the nodes read from the last check, or `None` sends the check to a full walk.
fn check_around(file: &SourceFile, reach: &Reach, change: &Change) -> Option<Result<Reach, usize>> {
    let old = &reach.0;
    let first = old.partition_point(|node| node.range.end < change.old.start).saturating_sub(1);
    let walk_from = old.get(first).map_or(0, |node| node.range.start);
    let mut nodes = old[..first].to_vec();
    let mut cursor = file.tree().walk();
    let mut synced = None;
    if cursor.goto_first_child_for_byte(walk_from).is_some() {
        let mut later = first;
        let mut past_change = 0;
        loop {
            let mut node = top_level(cursor.node(), 0);
            if nodes.len() == first && node.range.start != walk_from {
                return None;
            }
            if node.range.start >= change.new.end {
                let old_start = node.range.start.checked_add_signed(-change.delta)?;
                while old.get(later).is_some_and(|known| known.range.start < old_start) {
                    later += 1;
                }
                let same = old.get(later).is_some_and(|known| {
                    known.range.end.checked_add_signed(change.delta) == Some(node.range.end)
                        && known.range.start == old_start
                        && (known.kind, known.descendants) == (node.kind, node.descendants)
                });
                if same {
                    synced = Some(later);
                    break;
                }
                past_change += 1;
                if past_change > SYNC_WINDOW {
                    return None;
                }
            }
            node.deepest = deepest_under(&mut cursor, 1);
            nodes.push(node);
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    let rest = &old[synced.unwrap_or(old.len())..];
    nodes.extend(rest.iter().map(|node| {
        let range =
            node.range.start.saturating_add_signed(change.delta)..node.range.end.saturating_add_signed(change.delta);
        TopLevel { range, ..node.clone() }
    }));
    // Adding up what was learnt costs microseconds where walking the nodes cost a millisecond.
    let root = file.root();
    let descendants: usize = nodes.iter().map(|node| node.descendants).sum();
    if nodes.len() != root.child_count() || descendants + 1 != root.descendant_count() {
        return None;
    }
    let deepest = nodes.iter().map(|node| node.deepest).max().unwrap_or(0);
    Some(if deepest > MAX_DEPTH { Err(deepest) } else { Ok(Reach(nodes)) })
}

/// The nodes before `window` and those after it, or `None` when one crosses an edge.
fn outside(nodes: &[TopLevel], window: Range<usize>) -> Option<(&[TopLevel], &[TopLevel])> {
    let before = nodes.partition_point(|node| node.range.end <= window.start);
    let after = nodes.partition_point(|node| node.range.start < window.end).max(before);
    let inside = &nodes[before..after];
    let crosses = inside.first().is_some_and(|node| node.range.start < window.start)
        || inside.last().is_some_and(|node| node.range.end > window.end);
    (!crosses).then(|| (&nodes[..before], &nodes[after..]))
}

fn top_level(node: Node<'_>, deepest: usize) -> TopLevel {
    TopLevel { range: node.byte_range(), kind: node.kind_id(), descendants: node.descendant_count(), deepest }
}

/// A bound on the depth of every node in the subtree of the cursor's node, which is at
/// `depth`; exact when over [`MAX_DEPTH`]. The cursor ends where it started.
fn deepest_under(cursor: &mut TreeCursor<'_>, depth: usize) -> usize {
    let top = depth;
    let (mut depth, mut deepest) = (depth, depth);
    loop {
        // `descendant_count` counts the node itself, so a subtree spans at most that many levels.
        let lowest = depth + cursor.node().descendant_count() - 1;
        if lowest > MAX_DEPTH && cursor.goto_first_child() {
            depth += 1;
            deepest = deepest.max(depth);
            continue;
        }
        // Left out, the subtree cannot pass the limit; a leaf's lowest level is its own.
        deepest = deepest.max(lowest);
        loop {
            if depth == top {
                return deepest;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            cursor.goto_parent();
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

    /// A check that reuses the last one finds what a fresh check finds, after edits that
    /// nest too deeply or almost, rename, add or remove items, wherever they are made.
    #[test]
    fn reusing_the_last_check_finds_what_a_fresh_one_finds() {
        let deep = format!("({}a{})", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        let almost = format!("({}a{})", "(".repeat(MAX_DEPTH / 3), ")".repeat(MAX_DEPTH / 3));
        fn python(name: &str) -> String {
            format!("def {name}(a):\n    return [a, (a, {{a: a}})]\n\n")
        }
        fn rust(name: &str) -> String {
            format!("fn {name}(a: u8) -> u8 {{\n    [a, (a, a).0][0]\n}}\n\n")
        }
        type Item = fn(&str) -> String;
        let languages = [(Language::Python, python as Item, "x = f()\n"), (Language::Rust, rust as Item, "use x;\n")];
        for (language, item, added) in languages {
            let text = format!("{}{}{}", item("first"), item("second"), item("third"));
            let old = SourceFile::parse(language, text.as_str());
            let learnt = check(&old, None).unwrap();
            let removed = item("second");
            let edits = [
                ("(a, ", format!("{deep}, ")),
                ("(a, ", format!("{almost}, ")),
                ("second", "second_one".to_owned()),
                ("\n\n", format!("\n\n{added}")),
                (removed.as_str(), String::new()),
            ];
            for (from, to) in &edits {
                for (at, _) in text.match_indices(from) {
                    let new_text = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
                    let new = SourceFile::parse(language, new_text.as_str());
                    let change = Change::between(&text, &new_text);
                    let fresh = check(&new, None);
                    assert_eq!(check(&new, Some((&learnt, &change))), fresh, "{from:?} at {at} in {language:?}");
                    // Only the nodes around the edit were walked, the rest read from before.
                    let around = check_around(&new, &learnt, &change);
                    assert_eq!(around, Some(fresh.clone()), "{from:?} at {at} in {language:?}");
                    assert_eq!(fresh.is_err(), to.contains(&deep), "{from:?} at {at}");
                }
            }
        }
    }

    /// What the last check learnt is what decides for the items an edit left alone: given a
    /// made-up depth for every item, only the edited one is measured again.
    #[test]
    fn items_the_edit_left_alone_are_not_walked_again() {
        let text = "def a():\n    return 1\n\ndef b():\n    return 2\n";
        let mut learnt = check(&SourceFile::parse(Language::Python, text), None).unwrap();
        for item in &mut learnt.0 {
            item.deepest = MAX_DEPTH + 7;
        }
        let (edited_first, edited_all) = ("def a():\n    return 10\n\ndef b():\n    return 2\n", "x = 1\n");
        let first = SourceFile::parse(Language::Python, edited_first);
        assert_eq!(check(&first, Some((&learnt, &Change::between(text, edited_first)))), Err(MAX_DEPTH + 7));
        let all = SourceFile::parse(Language::Python, edited_all);
        assert!(check(&all, Some((&learnt, &Change::between(text, edited_all)))).is_ok());
        // Far from the edit nothing is walked, so the root's counts must vouch for what was
        // learnt: a count that no longer adds up sends the check to a full walk.
        let (three, edited) =
            (format!("{text}\ndef c():\n    return 3\n"), format!("{edited_first}\ndef c():\n    return 3\n"));
        let mut wrong = check(&SourceFile::parse(Language::Python, three.as_str()), None).unwrap();
        wrong.0.last_mut().unwrap().descendants += 1;
        let (edited, change) = (SourceFile::parse(Language::Python, edited.as_str()), Change::between(&three, &edited));
        assert_eq!(check_around(&edited, &wrong, &change), None);
        assert_eq!(check(&edited, Some((&wrong, &change))), check(&edited, None));
        // Typing in a comment keeps the shape: the items around it keep what was learnt, moved.
        let (text, commented) = ("def a():\n    return 1  # on\n\nb = 2\n", "def a():\n    return 1  # one\n\nb = 2\n");
        let learnt = check(&SourceFile::parse(Language::Python, text), None).unwrap();
        let edited = SourceFile::parse(Language::Python, commented);
        let moved = learnt.moved(&Change::between(text, commented), &edited);
        assert_eq!(moved, check(&edited, None).unwrap(), "the item holding the comment is read again");
        assert_eq!(moved.0.last().unwrap().range.start, commented.find("b = 2").unwrap());
    }
}
